"""The wizard widget as it stands in the built page, before any script runs.

The first question is real HTML, so a person can answer it at once; the
script (``assets/handbook/wizard.mjs``) takes over from there and asks the
decision engine, under Pyodide, where each answer leads. Everything the
script shows comes from the JSON in the widget's ``data-handbook-data``: the tree for the
engine, and for each node its text as inline spans (rendered with
``textContent``) and its links, already made relative to this page.
"""

from __future__ import annotations

import json

from incident_engine import inline
from incident_engine.decision import tree_to_dict
from incident_engine.model import Handbook, Node, Tree

from .links import asset, esc, link, role_page
from .trees import outline_html

BOOT_SCRIPT = "assets/handbook/engine-boot.mjs"
CLIENT_SCRIPT = "assets/handbook/engine-client.mjs"
MARKER = 'data-handbook-wizard="'


def head_tags(here: str) -> str:
    """For the <head> of a page with a wizard: start the engine's worker before the body is parsed.

    An async module in the head runs as soon as it arrives, ahead of the
    theme's start-up work; a cold Python boot takes about a second, so every
    millisecond before it starts is one the reader waits.
    """
    return (f'<link rel="modulepreload" href="{esc(asset(here, CLIENT_SCRIPT))}">'
            f'<script type="module" async src="{esc(asset(here, BOOT_SCRIPT))}"></script>')


def _spans(text: str) -> list:
    return inline.spans(text) if text else []


def _node_view(hb: Handbook, here: str, tree: Tree, node: Node) -> dict:
    view: dict = {"id": node.id}
    if node.is_outcome:
        view["outcome"] = _spans(node.outcome)
        view["next_steps"] = _spans(node.next_steps)
        if node.notify:
            view["notify"] = [["Audience", _spans(node.notify.audience)], ["Channel", _spans(node.notify.channel)],
                              ["Timing", _spans(node.notify.timing)]]
        if node.message:
            view["message"] = inline.to_plain(node.message)
        if node.role:
            view["role"] = {"name": hb.roles[node.role].name, "url": link(here, role_page(node.role))}
    else:
        view["question"] = _spans(node.question)
        view["help"] = _spans(node.help)
        view["options"] = [{"answer": o.answer, "label": _spans(o.label)} for o in node.options]
    if node.gap:
        view["gap"] = _spans(node.gap)
    basis = hb.passages[node.rests_on]
    view["basis"] = {"title": inline.to_plain(basis.title), "text": _spans(basis.text),
                     "url": link(here, basis.page, basis.anchor)}
    return view


def view_data(hb: Handbook, here: str, tree: Tree) -> dict:
    """What the script needs: the tree for the engine and the texts to show."""
    return {"tree": tree_to_dict(tree), "title": tree.title,
            "nodes": {n.id: _node_view(hb, here, tree, n) for n in tree.nodes.values()}}


def _json(data: dict) -> str:
    # Kept in an attribute, not a <script type="application/json"> block:
    # Material's instant navigation re-creates every <script> of a new page as
    # an executable one, which breaks a data block (and a strict CSP would
    # refuse it). esc() makes the JSON a safe attribute value.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def first_question_html(tree: Tree) -> str:
    node = tree.nodes[tree.start]
    options = "".join(
        f'<button type="button" class="md-button handbook-option" data-handbook-answer="{esc(o.answer)}">'
        f"{inline.to_html(o.label)}</button>" for o in node.options)
    help_text = f'<p class="handbook-help">{inline.to_html(node.help)}</p>' if node.help else ""
    return (f'<fieldset class="handbook-question" data-handbook-node="{esc(node.id)}">'
            f'<legend tabindex="-1"><span class="handbook-step">Question 1</span> {inline.to_html(node.question)}</legend>'
            f'{help_text}<div class="handbook-options">{options}</div></fieldset>')


def widget_html(hb: Handbook, here: str, tree_id: str) -> str:
    """The wizard for ``tree_id``: interactive widget, then the whole tree as a fallback."""
    tree = hb.trees[tree_id]
    outline_id = f"outline-{tree.id}"
    widget = (
        f'<div class="handbook-wizard" id="wizard-{esc(tree.id)}" data-handbook-wizard="{esc(tree.id)}" '
        f'data-handbook-outline="{esc(outline_id)}" data-handbook-data="{esc(_json(view_data(hb, here, tree)))}" hidden>'
        f'<div class="handbook-wizard-body">{first_question_html(tree)}</div>'
        '<p class="handbook-wizard-state" data-handbook-engine="loading">'
        '<span class="handbook-engine-status">Decision engine loading…</span></p>'
        '<div class="handbook-wizard-live md-visually-hidden" role="status" aria-live="polite"></div>'
        "</div>"
    )
    fallback = (
        f'<section class="handbook-fallback" id="{esc(outline_id)}" aria-labelledby="{esc(outline_id)}-title">'
        f'<h2 id="{esc(outline_id)}-title" class="handbook-fallback-title">The whole decision at a glance</h2>'
        "<p>Start at the top and follow your answers to an outcome. "
        f'Every path is also in the <a href="{esc(link(here, "wizards/decision-table", "table-" + tree.id))}">'
        "decision table</a>.</p>"
        f"{outline_html(hb, here, tree)}</section>"
    )
    return widget + fallback
