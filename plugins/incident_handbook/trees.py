"""Static renderings of a decision tree, made by the same engine the wizard runs.

``outline_html`` is the whole tree as nested lists (the wizard's fallback
without JavaScript, and the runbooks' flow); ``table_html`` is every path and
its outcome, from ``incident_engine.decision.paths``.
"""

from __future__ import annotations

from incident_engine import inline
from incident_engine.decision import paths
from incident_engine.model import Handbook, Node, Tree

from .links import basis, esc, role_link


def outcome_html(hb: Handbook, here: str, tree: Tree, node: Node, *, anchor: bool = True) -> str:
    ident = f' id="{esc(tree.id)}-{esc(node.id)}"' if anchor else ""
    parts = [f'<div class="handbook-outcome"{ident}>',
             f'<p class="handbook-outcome-title"><strong>{inline.to_html(node.outcome)}</strong></p>',
             f"<p>{inline.to_html(node.next_steps)}</p>"]
    if node.notify:
        n = node.notify
        parts.append('<dl class="handbook-notify">'
                     f"<dt>Audience</dt><dd>{inline.to_html(n.audience)}</dd>"
                     f"<dt>Channel</dt><dd>{inline.to_html(n.channel)}</dd>"
                     f"<dt>Timing</dt><dd>{inline.to_html(n.timing)}</dd></dl>")
    if node.role:
        parts.append(f'<p class="handbook-meta">Checklist: {role_link(hb, here, node.role)}</p>')
    parts.append(basis(hb, here, node.rests_on, "Rests on"))
    parts.append("</div>")
    return "".join(parts)


def outline_html(hb: Handbook, here: str, tree: Tree) -> str:
    """The whole tree as a nested list of questions, answers and outcomes."""
    seen: set = set()

    def render(nid: str) -> str:
        node = tree.nodes[nid]
        first = nid not in seen
        seen.add(nid)
        if node.is_outcome:
            return outcome_html(hb, here, tree, node, anchor=first)
        ident = f' id="{esc(tree.id)}-{esc(node.id)}"' if first else ""
        rows = []
        for opt in node.options:
            rows.append(f'<li><span class="handbook-answer">{inline.to_html(opt.label)}</span>{render(opt.next)}</li>')
        return (f'<div class="handbook-question"{ident}><p><strong>{inline.to_html(node.question)}</strong></p>'
                f'<ul>{"".join(rows)}</ul></div>')

    return f'<div class="handbook-outline" data-handbook-tree="{esc(tree.id)}">{render(tree.start)}</div>'


def table_html(hb: Handbook, here: str, tree: Tree) -> str:
    """Every path through the tree and the outcome it reaches, as a table."""
    rows = []
    for n, path in enumerate(paths(tree), 1):
        steps = "".join(f"<li>{inline.to_html(q.question)} <strong>{inline.to_html(o.label)}</strong></li>"
                        for q, o in path.steps)
        out = path.outcome
        who = role_link(hb, here, out.role) if out.role else ""
        rows.append(f'<tr><td>{n}</td><td><ol>{steps}</ol></td><td><strong>{inline.to_html(out.outcome)}</strong>'
                    f"<br>{inline.to_html(out.next_steps)}</td><td>{who}</td></tr>")
    return (f'<table class="handbook-decision-table" data-handbook-tree="{esc(tree.id)}">'
            f"<caption>{esc(tree.title)}: every path</caption>"
            '<thead><tr><th scope="col">#</th><th scope="col">Answers</th><th scope="col">Outcome</th>'
            '<th scope="col">Checklist</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _letter(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: names for outcomes, apart from the questions' numbers."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def flow_html(hb: Handbook, here: str, tree: Tree) -> str:
    """The tree as a numbered flow for paper: questions 1, 2, … then outcomes A, B, ….

    Each answer says where it leads, so a person follows the numbers on a
    printed sheet as the wizard would walk them. Depth-first in option order,
    so a branch's questions stay together; iterative, so no recursion limit.
    """
    questions: list = []
    outcomes: list = []
    seen: set = set()
    todo = [tree.start]
    while todo:
        nid = todo.pop()
        if nid in seen:
            continue
        seen.add(nid)
        node = tree.nodes[nid]
        (outcomes if node.is_outcome else questions).append(node)
        todo.extend(reversed([o.next for o in node.options]))
    key = {n.id: str(i) for i, n in enumerate(questions, 1)}
    key.update({n.id: _letter(i) for i, n in enumerate(outcomes)})

    def ident(node: Node) -> str:
        return f"flow-{tree.id}-{node.id}"

    parts = [f'<div class="handbook-flow" data-handbook-tree="{esc(tree.id)}">']
    for node in questions:
        answers = "".join(
            f'<li><span class="handbook-answer">{inline.to_html(o.label)}</span> '
            f'<a class="handbook-flow-go" href="#{esc(ident(tree.nodes[o.next]))}">→&nbsp;{key[o.next]}</a></li>'
            for o in node.options)
        parts.append(f'<div class="handbook-question" id="{esc(ident(node))}">'
                     f'<p><span class="handbook-flow-key">{key[node.id]}</span> '
                     f'<strong>{inline.to_html(node.question)}</strong></p>'
                     f'<ul class="handbook-flow-answers">{answers}</ul></div>')
    for node in outcomes:
        notify = ""
        if node.notify:
            n = node.notify
            notify = ('<p class="handbook-flow-notify">'
                      f"<em>Audience:</em> {inline.to_html(n.audience)} · <em>Channel:</em> {inline.to_html(n.channel)}"
                      f" · <em>Timing:</em> {inline.to_html(n.timing)}</p>")
        parts.append(f'<div class="handbook-outcome" id="{esc(ident(node))}">'
                     f'<p><span class="handbook-flow-key">{key[node.id]}</span> '
                     f'<strong>{inline.to_html(node.outcome)}</strong></p>{notify}</div>')
    parts.append("</div>")
    return "".join(parts)
