"""The maintainers' review page: every outcome with its paths and applied passages, every passage with its outcomes.

What a maintainer reads after an edit to check the trees against the
handbook. It shows ids and key names, so it stays out of the readers'
navigation and search (front matter ``search: exclude``; the plugin's
default navigation leaves out pages excluded from search).
"""

from __future__ import annotations

from incident_engine import inline, words
from incident_engine.decision import paths
from incident_engine.model import Handbook

from . import trees
from .fragments import Render
from .links import esc, link, tree_page

PAGE = "maintainers/review"


def _outcome_anchor(tree_id: str, node_id: str) -> str:
    return f"review-{tree_id}-{node_id}"


def review(hb: Handbook) -> str:
    """Markdown (with HTML blocks) of the review page."""
    here = PAGE
    r = Render(here)

    def w(key: str, **values) -> str:
        return words.html(hb.words, key, **values)

    out = ["---", "search:", "  exclude: true", "---", "",
           f"# {words.plain(hb.words, 'review.title')}\n",
           "\n<p>For maintainers, generated from <code>checklists/</code> at every build; not in the readers' "
           "navigation or search. For each outcome: every path that reaches it (play it in the wizard) and the "
           "passages it applies (<code>rests_on</code> first, then <code>applies</code>), quoted. Then, for each "
           "passage that bears on decisions, the outcomes that apply it. The build fails if such a passage is "
           "applied by no outcome and not marked <code>outside_wizards</code>.</p>\n"]
    applied_by: dict = {}
    for tree in hb.trees.values():
        out.append(f"## {esc(tree.title)} <code>{esc(tree.id)}</code> {{#review-{tree.id}}}\n")
        by_outcome: dict = {}
        for path in paths(tree):
            by_outcome.setdefault(path.outcome.id, []).append(path)
        for node in tree.nodes.values():
            if not node.is_outcome:
                continue
            for pid in node.applied:
                applied_by.setdefault(pid, []).append((tree, node))
            rows = []
            for path in by_outcome.get(node.id, []):
                answers = ".".join(path.answers)
                href = link(here, tree_page(tree.id)) + f"?{tree.id}={answers}"
                steps = "".join(f"<li>{trees.question_text_html(r, q)} <strong>{trees.option_label_html(r, o)}</strong></li>"
                                for q, o in path.steps)
                # Code stays outside the link: Material's code in a link is too faint in the dark scheme (axe).
                rows.append(f'<li><a href="{esc(href)}" data-handbook-review-path="{esc(tree.id)}/{esc(node.id)}?'
                            f'{esc(tree.id)}={esc(answers)}">{w("review.play")}</a> <code>?{esc(tree.id)}={esc(answers)}</code>'
                            f"<ol>{steps}</ol></li>")
            ids = ", ".join(f"<code>{esc(pid)}</code> ({esc(hb.passages[pid].kind)})" for pid in node.applied)
            out.append(
                f'\n<section class="handbook-review-outcome" id="{esc(_outcome_anchor(tree.id, node.id))}">'
                f"<h3>{trees.outcome_text_html(r, node)} <code>{esc(node.id)}</code></h3>"
                f"<p><strong>{w('review.paths')}</strong></p><ul>{''.join(rows)}</ul>"
                f"<p><strong>{w('review.applies')}</strong> {ids}</p>"
                f"{trees.applied_html(hb, r, node, fold=False)}</section>\n")
    out.append(f"## {words.plain(hb.words, 'review.passages')} {{#review-passages}}\n")
    rows = []
    for pid, p in hb.passages.items():
        if not (p.bears_on_decisions or pid in applied_by):
            continue
        users = applied_by.get(pid, [])
        if users:
            where = ", ".join(f'<a href="#{esc(_outcome_anchor(t.id, n.id))}">{esc(t.id)}/{esc(n.id)}</a>'
                              for t, n in users)
        else:
            where = f"<em>{w('review.outside')}</em> {inline.to_html(p.outside_wizards)}"
        shown = inline.to_plain(p.title or p.text)
        rows.append(f"<tr><td><code>{esc(pid)}</code></td><td>{esc(p.kind)}</td>"
                    f'<td><a href="{esc(link(here, p.page, p.anchor))}">{esc(shown)}</a></td><td>{where}</td></tr>')
    out.append(f'\n<table class="handbook-review-passages"><caption>{w("review.caption")}</caption><thead><tr>'
               f'<th scope="col">{w("review.passage")}</th><th scope="col">{w("review.kind")}</th>'
               f'<th scope="col">{w("review.words")}</th><th scope="col">{w("review.applied_by")}</th></tr></thead>'
               "<tbody>" + "".join(rows) + "</tbody></table>\n")
    return "\n".join(out)
