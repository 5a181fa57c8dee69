"""The wizard widget as it stands in the built page, before any script runs.

The first question is real HTML, so a person can answer it at once; the
script (``assets/handbook/wizard.mjs``) defines the ``<handbook-wizard>``
element, which takes over from there when it is connected and asks the
decision engine, under Pyodide, where each answer leads. Everything the
script shows is cloned from the widget's ``<template>`` elements, rendered
here by ``trees`` (the same fragments as the outline). The engine sets
every tree up once from ``engine/trees.json``; the page carries none of it.
"""

from __future__ import annotations

from incident_engine import words
from incident_engine.model import Handbook

from .fragments import Render
from .links import DECISION_TABLE, asset, esc, link
from .trees import outline_html, wizard_question_html, wizard_templates_html

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


def widget_html(hb: Handbook, here: str, tree_id: str) -> str:
    """The wizard for ``tree_id``: interactive widget, then the whole tree as a fallback."""
    tree = hb.trees[tree_id]
    r = Render(here)

    def w(key: str, **values) -> str:
        return words.html(hb.words, key, **values)

    outline_id = f"outline-{tree.id}"
    # Shown with its reason by showWizardFailed (dom.mjs): the engine failed, or wizard.mjs never arrived.
    reason = '<span data-handbook-text="reason"></span>'
    failed = (
        '<template data-handbook-part="failed"><div class="admonition failure handbook-wizard-failed" role="alert">'
        f'<p>{w("wizard.failed_because", reason=reason)}</p>'
        f'<p><a href="#{esc(outline_id)}">{w("wizard.go_to_outline")}</a></p></div></template>'
    )
    progress = ('<template data-handbook-part="progress"><progress class="handbook-engine-progress" '
                f'aria-label="{esc(words.plain(hb.words, "wizard.engine_download"))}"></progress></template>')
    # A custom element (wizard.mjs), in a <div> so Markdown keeps it as one block. Kept out of the search
    # index: the outline below holds every question and outcome, and the rest is the widget's own words.
    widget = (
        f'<div class="handbook-wizard-wrap"><handbook-wizard class="handbook-wizard" id="wizard-{esc(tree.id)}" '
        f'data-handbook-wizard="{esc(tree.id)}" data-search-exclude '
        f'data-handbook-title="{esc(tree.title)}" hidden>'
        f'<div class="handbook-wizard-body">{wizard_question_html(hb, r, tree.nodes[tree.start], 1)}</div>'
        '<p class="handbook-wizard-state" data-handbook-engine="loading">'
        f'<span class="handbook-engine-status">{w("wizard.engine_loading")}</span>'
        '<span class="handbook-wizard-note"></span></p>'
        '<div class="handbook-wizard-live handbook-sr-only" role="status" aria-live="polite"></div>'
        f"{wizard_templates_html(hb, r, tree)}{failed}{progress}</handbook-wizard></div>"
    )
    table = (f'<a href="{esc(link(here, DECISION_TABLE, "table-" + tree.id))}">'
             f'{w("wizard.outline_table")}</a>')
    fallback = (
        f'<section class="handbook-fallback" id="{esc(outline_id)}" aria-labelledby="{esc(outline_id)}-title">'
        f'<h2 id="{esc(outline_id)}-title" class="handbook-fallback-title">{w("wizard.outline_title")}</h2>'
        f'<p>{w("wizard.outline_intro", table=table)}</p>'
        f"{outline_html(hb, r, tree)}</section>"
    )
    return widget + fallback
