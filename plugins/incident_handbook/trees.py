"""Every rendering of a decision tree's nodes, made once, here.

A node's fragments (a question's text, its options, an outcome with the
passages it applies, a gap note, the notify list) are HTML made by the
functions below; the wizard's templates, the no-JavaScript outline, the
decision table and the runbooks' flow all use them, so they cannot drift
apart. The browser clones the wizard's templates and adds only what depends
on the walk: the step number, the trail of answers, the decision record.

``outline_html`` is the whole tree as nested lists (the wizard's fallback
without JavaScript); ``table_html`` is every path and its outcome, from
``incident_engine.decision.paths``; ``flow_html`` is the numbered flow of the
printed runbooks. Each fragment is made for a page by its ``fragments.Render``
(a runbook's prints its links' addresses and prefixes its ids).
"""

from __future__ import annotations

from incident_engine import inline, words
from incident_engine.decision import paths
from incident_engine.model import NOTIFY_LABELS, Handbook, Node, Passage, Tree

from .fragments import Render, copy_box_html, page_link, role_link
from .fragments import words_html as _w
from .links import esc

# -- fragments of one node ------------------------------------------------------

def question_text_html(r: Render, node: Node) -> str:
    return f'<span class="handbook-question-text">{r.text(node.question)}</span>'


def option_label_html(r: Render, option) -> str:
    return r.text(option.label)


def outcome_text_html(r: Render, node: Node) -> str:
    return r.text(node.outcome)


def help_html(r: Render, node: Node) -> str:
    return f'<p class="handbook-help">{r.text(node.help)}</p>' if node.help else ""


def gap_html(hb: Handbook, r: Render, node: Node) -> str:
    """A note where the handbook is silent: shown only with the node it is written on."""
    if not node.gap:
        return ""
    return f'<p class="handbook-gap"><strong>{r.words(hb, "wizard.gap")}</strong> {r.text(node.gap)}</p>'


def notify_html(hb: Handbook, r: Render, node: Node, *, inline_list: bool = False) -> str:
    """Audience, channel and timing: a definition list, or one line (for paper)."""
    if not node.notify:
        return ""
    pairs = [(r.words(hb, label), r.text(getattr(node.notify, key))) for key, label in NOTIFY_LABELS]
    if inline_list:
        return ('<p class="handbook-flow-notify">'
                + " · ".join(f"<em>{label}:</em> {value}" for label, value in pairs) + "</p>")
    return '<dl class="handbook-notify">' + "".join(f"<dt>{label}</dt><dd>{value}</dd>"
                                                   for label, value in pairs) + "</dl>"


def _role_name(hb: Handbook, role_id: str | None) -> str:
    return inline.to_plain(hb.roles[role_id].name) if role_id in hb.roles else ""


def passage_lead(hb: Handbook, p: Passage) -> str:
    """Who and how often, for a duty or a does-not rule, as plain words: 'Comms Lead, at least every 6 hours:'."""
    if p.kind == "duty":
        who = _role_name(hb, p.role)
        every = words.every(hb.words, p.every_minutes)
        if who:
            return words.plain(hb.words, "wizard.duty_lead", role=who, every=every)
        return words.plain(hb.words, "wizard.duty_lead_nobody", every=every)
    if p.kind == "does-not":
        return words.plain(hb.words, "wizard.not_for", role=_role_name(hb, p.role))
    return ""


def applied_passage_html(hb: Handbook, r: Render, p: Passage) -> str:
    """One applied passage, quoted in full, with its duty's cadence and owner, and where it stands."""
    lead = passage_lead(hb, p)
    head = f"<strong>{esc(lead)}</strong> " if lead else ""
    if p.kind in ("guideline", "callout") and p.title:
        head += f"<strong>{r.text(p.title)}</strong> "
    owner = ""
    if p.owner and p.owner != p.role and p.owner in hb.roles:
        owner = f' <span class="handbook-owner">{r.words(hb, "wizard.owner")} {role_link(hb, r, p.owner)}</span>'
    name = inline.to_plain(p.title or p.text)
    if len(name) > 80:
        name = name[:77].rsplit(" ", 1)[0] + "…"
    source_words = words.plain(hb.words, "wizard.source")
    source = page_link(hb, r, p.page, f'{_w(hb, "wizard.source")}<span class="handbook-sr-only">: {esc(name)}</span>',
                       f"{source_words}: {name}", p.anchor, cls="handbook-source")
    tag = "div" if inline.is_blocks(p.text) else "p"  # prose of several blocks: no <p> around them
    return (f'<li class="handbook-applied-item handbook-applied-{esc(p.kind or "passage")}" '
            f'data-handbook-passage="{esc(p.id)}"><{tag}>{head}{r.prose(p.text, bare=True)}{owner} '
            f'{source}</{tag}></li>')


# Who does what, and how often, comes first: the duties, then what is not this role's to do.
_FIRST = {"duty": 0, "does-not": 1}


def applied_in_order(hb: Handbook, node: Node) -> list:
    """An outcome's applied passages as shown: duties, then does-not rules, then the rest as listed."""
    return sorted((hb.passages[pid] for pid in node.applied), key=lambda p: _FIRST.get(p.kind, 2))


def applied_html(hb: Handbook, r: Render, node: Node, *, heading: bool = False, fold: bool = True) -> str:
    """Every passage an outcome applies, quoted where it matters: on the outcome itself.

    With ``heading`` (the wizard's outcome) they are open under a heading; in
    the outline, where every outcome stands at once, each outcome's passages
    fold into a <details> that opens without a script (unless ``fold`` is off).
    """
    if not node.applied:
        return ""
    items = "".join(applied_passage_html(hb, r, p) for p in applied_in_order(hb, node))
    body = f'<ul class="handbook-applied-list">{items}</ul>'
    if heading:
        return (f'<div class="handbook-applied"><h3 class="handbook-applied-title">{_w(hb, "wizard.applied")}</h3>'
                f"{body}</div>")
    if not fold:
        return (f'<div class="handbook-applied"><p class="handbook-applied-title"><strong>{_w(hb, "wizard.applied")}'
                f"</strong></p>{body}</div>")
    return (f'<details class="handbook-applied"><summary class="handbook-applied-title">{_w(hb, "wizard.applied")}'
            f"</summary>{body}</details>")


def outcome_parts_html(hb: Handbook, r: Render, node: Node, *, heading: bool = False) -> str:
    """An outcome's body below its title: next steps, notify, gap, checklist, applied passages."""
    parts = [f'<p class="handbook-next">{r.text(node.next_steps)}</p>', notify_html(hb, r, node), gap_html(hb, r, node)]
    if node.role:
        parts.append(f'<p class="handbook-meta">{r.words(hb, "wizard.checklist")} {role_link(hb, r, node.role)}</p>')
    parts.append(applied_html(hb, r, node, heading=heading))
    return "".join(parts)


def outcome_html(hb: Handbook, r: Render, tree: Tree, node: Node, *, anchor: bool = True) -> str:
    """An outcome in the outline: title, then the same parts as the wizard shows."""
    ident = f' id="{esc(r.id(f"{tree.id}-{node.id}"))}"' if anchor else ""
    return (f'<div class="handbook-outcome"{ident}>'
            f'<p class="handbook-outcome-title"><strong>{outcome_text_html(r, node)}</strong></p>'
            f"{outcome_parts_html(hb, r, node)}</div>")


# -- the wizard's fragments ---------------------------------------------------------

def _button(text: str, *, primary: bool = False, **data: str) -> str:
    attrs = "".join(f' data-handbook-{k}="{esc(v)}"' for k, v in data.items())
    cls = "md-button md-button--primary" if primary else "md-button"
    return f'<button type="button" class="{cls}"{attrs}>{esc(text)}</button>'


def wizard_question_html(hb: Handbook, r: Render, node: Node, number: int | None = None) -> str:
    """A question as the wizard asks it; the script adds the number to a cloned template."""
    step = _w(hb, "wizard.question") + (f" {number}" if number else "")
    options = "".join(
        f'<button type="button" class="md-button handbook-option" data-handbook-answer="{esc(o.answer)}">'
        f"{option_label_html(r, o)}</button>" for o in node.options)
    return (f'<fieldset class="handbook-question" data-handbook-node="{esc(node.id)}">'
            f'<legend tabindex="-1"><span class="handbook-step">{step}</span> {question_text_html(r, node)}</legend>'
            f'{help_html(r, node)}{gap_html(hb, r, node)}<div class="handbook-options">{options}</div></fieldset>')


def wizard_outcome_html(hb: Handbook, r: Render, tree: Tree, node: Node) -> str:
    """An outcome as the wizard shows it; the script fills in the decision record."""
    copies = [_button(words.plain(hb.words, "wizard.copy_record"), primary=True, action="copy", copy="record")]
    if node.message:
        copies.append(_button(words.plain(hb.words, "wizard.copy_message"), action="copy", copy="message"))
    copies.append(_button(words.plain(hb.words, "wizard.copy_link"), action="copy", copy="link"))
    # Keeps the decision in the incident record (incident-decisions.mjs), which says so in the line below.
    copies.append(_button(words.plain(hb.words, "decision.record"), action="record"))
    message = ""
    if node.message:
        message = (f'<h3>{_w(hb, "wizard.message")}</h3>'
                   f'<pre class="handbook-message" data-handbook-text="message">{esc(inline.to_plain(node.message))}</pre>')
    return (f'<section class="handbook-result" data-handbook-outcome="{esc(node.id)}">'
            f'<h2 class="handbook-result-title" tabindex="-1"><span class="handbook-step">{_w(hb, "wizard.outcome")}</span> '
            f"{outcome_text_html(r, node)}</h2>{outcome_parts_html(hb, r, node, heading=True)}"
            f'<div class="handbook-copy">{"".join(copies)}</div><p class="handbook-recorded" role="status"></p>'
            f'{copy_box_html(hb, esc(r.id(f"handbook-copy-{tree.id}-{node.id}")), "wizard.copy_box")}'
            f'<h3>{_w(hb, "wizard.record")}</h3><pre class="handbook-record" data-handbook-text="record"></pre>'
            f"{message}</section>")


def wizard_templates_html(hb: Handbook, r: Render, tree: Tree) -> str:
    """One <template> a node, plus the trail and the controls: all the script shows."""
    out = []
    for node in tree.nodes.values():
        body = wizard_outcome_html(hb, r, tree, node) if node.is_outcome else wizard_question_html(hb, r, node)
        out.append(f'<template data-handbook-node="{esc(node.id)}">{body}</template>')
    out.append(f'<template data-handbook-part="trail"><div class="handbook-trail">'
               f'<p class="handbook-trail-title">{_w(hb, "wizard.trail")}</p><ol></ol></div></template>')
    out.append('<template data-handbook-part="trail-item"><li><span class="handbook-trail-question"></span> '
               "<strong></strong></li></template>")
    out.append(f'<template data-handbook-part="controls"><div class="handbook-wizard-controls">'
               f'{_button(words.plain(hb.words, "wizard.back"), action="back")}{_button(words.plain(hb.words, "wizard.restart"), action="restart")}</div></template>')
    return "".join(out)


# -- the whole tree -------------------------------------------------------------------

def outline_html(hb: Handbook, r: Render, tree: Tree) -> str:
    """The whole tree as a nested list of questions, answers and outcomes."""
    seen: set = set()

    def render(nid: str) -> str:
        node = tree.nodes[nid]
        first = nid not in seen
        seen.add(nid)
        if node.is_outcome:
            return outcome_html(hb, r, tree, node, anchor=first)
        ident = f' id="{esc(r.id(f"{tree.id}-{node.id}"))}"' if first else ""
        rows = []
        for opt in node.options:
            rows.append(f'<li><span class="handbook-answer">{option_label_html(r, opt)}</span>{render(opt.next)}</li>')
        return (f'<div class="handbook-question"{ident}><p><strong>{question_text_html(r, node)}</strong></p>'
                f'{help_html(r, node)}{gap_html(hb, r, node)}<ul>{"".join(rows)}</ul></div>')

    return f'<div class="handbook-outline" data-handbook-tree="{esc(tree.id)}">{render(tree.start)}</div>'


def table_html(hb: Handbook, r: Render, tree: Tree) -> str:
    """Every path through the tree and the outcome it reaches, as a table."""
    rows = []
    for n, path in enumerate(paths(tree), 1):
        steps = "".join(f"<li>{question_text_html(r, q)} <strong>{option_label_html(r, o)}</strong></li>"
                        for q, o in path.steps)
        out = path.outcome
        who = role_link(hb, r, out.role) if out.role else ""
        rows.append(f'<tr><td>{n}</td><td><ol>{steps}</ol></td><td><strong>{outcome_text_html(r, out)}</strong>'
                    f"<br>{r.text(out.next_steps)}</td><td>{who}</td></tr>")
    return (f'<table class="handbook-decision-table" data-handbook-tree="{esc(tree.id)}">'
            f'<caption>{_w(hb, "table.caption", tree=esc(tree.title))}</caption>'
            f'<thead><tr><th scope="col">{_w(hb, "table.number")}</th><th scope="col">{_w(hb, "table.answers")}</th>'
            f'<th scope="col">{_w(hb, "table.outcome")}</th><th scope="col">{_w(hb, "table.checklist")}</th></tr></thead>'
            "<tbody>" + "".join(rows) + "</tbody></table>")


def _letter(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: names for outcomes, apart from the questions' numbers."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def flow_html(hb: Handbook, r: Render, tree: Tree) -> str:
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
        return r.id(f"flow-{tree.id}-{node.id}")

    parts = [f'<div class="handbook-flow" data-handbook-tree="{esc(tree.id)}">']
    for node in questions:
        answers = "".join(
            f'<li><span class="handbook-answer">{option_label_html(r, o)}</span> '
            f'<a class="handbook-flow-go" href="#{esc(ident(tree.nodes[o.next]))}">→&nbsp;{key[o.next]}</a></li>'
            for o in node.options)
        parts.append(f'<div class="handbook-question" id="{esc(ident(node))}">'
                     f'<p><span class="handbook-flow-key">{key[node.id]}</span> '
                     f'<strong>{question_text_html(r, node)}</strong></p>'
                     f'<ul class="handbook-flow-answers">{answers}</ul></div>')
    for node in outcomes:
        parts.append(f'<div class="handbook-outcome" id="{esc(ident(node))}">'
                     f'<p><span class="handbook-flow-key">{key[node.id]}</span> '
                     f'<strong>{outcome_text_html(r, node)}</strong></p>{notify_html(hb, r, node, inline_list=True)}</div>')
    parts.append("</div>")
    return "".join(parts)
