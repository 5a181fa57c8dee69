"""The incident record's page (``incident/``) and the incident picker other pages show.

The record itself lives in the reader's browser (``incident-state.mjs``);
the page is a ``<handbook-incident-page>`` element that the script fills
from it. What the script needs from the handbook — each role's items with
their cadence and the link to each, each wizard's title and page — is JSON
in the element's ``data-handbook-data``, with links already made relative
to the page. Text is plain words (and Markdown for the export), which the
script shows with ``textContent``. The element's parts (headings, labels,
buttons) are in a ``<template>`` it clones; without scripts the page says
what it would show and where the checklists and wizards are.
"""

from __future__ import annotations

import json

from incident_engine import inline, words
from incident_engine.model import Handbook

from .fragments import copy_box_html, heading_plain, picker_rows_html, picker_said_html, words_html
from .links import INCIDENT_PAGE, esc, link, role_page, tree_page


def page_data(hb: Handbook, here: str = INCIDENT_PAGE) -> dict:
    """What the incident page's script needs from the handbook."""
    roles = []
    for role in hb.roles.values():
        items = []
        for checklist in role.checklists:
            for item in checklist.items:
                items.append({
                    "id": item.id,
                    "text": inline.to_plain(item.text),
                    "markdown": inline.to_markdown(item.text),
                    "phase": inline.to_plain(checklist.title),
                    "every": item.cadence.every_minutes if item.cadence else None,  # minutes
                    "every_short": (inline.to_plain(words.every(hb.words, item.cadence.every_minutes, short=True))
                                    if item.cadence else None),  # as the record's Markdown says it
                    "url": link(here, role_page(role.id), f"item-{item.id}"),
                })
        if items:
            roles.append({"id": role.id, "name": inline.to_plain(role.name), "url": link(here, role_page(role.id)),
                          "items": items})
    trees = [{"id": t.id, "title": inline.to_plain(t.title), "url": link(here, tree_page(t.id))}
             for t in hb.trees.values()]
    return {"roles": roles, "trees": trees}


def _json(data: dict) -> str:
    # An attribute, not a <script> block: Material's instant navigation re-creates
    # scripts as executable ones, and a strict CSP would refuse a data block.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _section(hb: Handbook, key: str, body: str) -> str:
    ident = "handbook-" + key.replace(".", "-")
    return (f'<section class="handbook-record-section" aria-labelledby="{ident}">'
            f'<h2 id="{ident}">{words_html(hb, key)}</h2>{body}</section>')


def _record_html(hb: Handbook, data: dict) -> str:
    """The parts of the record (incident-page.mjs) for the handbook's ``page_data``; the script fills them in."""
    button = '<button type="button" class="handbook-button'
    links = "".join(f'<div class="handbook-incident-row"><label for="handbook-incident-{field}">'
                    f'{words_html(hb, f"record.{field}_label")}</label><input type="url" id="handbook-incident-{field}" '
                    'class="handbook-incident-name handbook-incident-link" autocomplete="off" inputmode="url" '
                    f'placeholder="https://" data-handbook-link="{field}"></div>' for field in ("channel", "plan"))
    incident = (f'<section class="handbook-incident" aria-label="{esc(words.plain(hb.words, "picker.region"))}">'
                f'{picker_rows_html(hb, "handbook-incident")}<p class="handbook-incident-hint">'
                f'{words_html(hb, "record.links_hint")}</p>{links}{picker_said_html(hb)}</section>')
    # The script shows the words for the browser's permission to notify, or the button that asks for it.
    notify = ('<p class="handbook-notify-offer" tabindex="-1" data-handbook-part="notify">'
              f'<span data-handbook-permission="granted" hidden>{words_html(hb, "record.notify_granted")}</span>'
              f'<span data-handbook-permission="denied" hidden>{words_html(hb, "record.notify_denied")}</span>'
              f'{button}" data-handbook-permission="default" data-handbook-part="notify-ask" hidden>'
              f'{words_html(hb, "record.notify_offer")}</button></p>')
    handover = (f'<div class="handbook-incident-actions" data-handbook-part="actions">'
                f'{button} handbook-button--primary" data-handbook-part="copy">{words_html(hb, "record.copy")}</button>'
                f'{button}" data-handbook-part="save">{words_html(hb, "record.save_handover")}</button></div>'
                f'{copy_box_html(hb, "handbook-record-copy", "record.export_label")}'
                '<div class="handbook-incident-row handbook-handover-open"><label for="handbook-handover-file">'
                f'{words_html(hb, "record.open_handover")}</label><input type="file" id="handbook-handover-file" '
                'class="handbook-handover-file" accept=".json,application/json" '
                'aria-describedby="handbook-handover-hint" data-handbook-part="file"></div>'
                f'<p class="handbook-incident-hint" id="handbook-handover-hint">{words_html(hb, "record.open_handover_hint")}'
                '</p><div class="handbook-import-result" role="status" data-handbook-part="import"></div>')
    # Each repeated duty: when it is due (and when it was last done) are the script's.
    duties = "".join(f'<li class="handbook-duty" data-handbook-duty="{esc(role["id"])}/{esc(item["id"])}">'
                     f'<span class="handbook-duty-when"></span>: <a href="{esc(item["url"])}">{esc(role["name"])}: '
                     f'{esc(item["text"])}</a> · {esc(words.every(hb.words, item["every"]))}<span></span></li>'
                     for role in data["roles"] for item in role["items"] if item["every"])
    # Each role's progress: the script says how many of its items are ticked.
    progress = "".join(f'<li data-handbook-role="{esc(role["id"])}"><a href="{esc(role["url"])}" '
                       f'id="handbook-role-progress-{esc(role["id"])}">{esc(role["name"])}</a>: '
                       f'<span class="handbook-role-progress-text"></span> <progress max="{len(role["items"])}" '
                       f'aria-labelledby="handbook-role-progress-{esc(role["id"])}"></progress></li>' for role in data["roles"])
    return (incident
            + _section(hb, "record.duties", f'<ul class="handbook-duties" data-handbook-part="duties">{duties}</ul>{notify}')
            + _section(hb, "record.decisions", '<div class="handbook-decisions" data-handbook-part="decisions"></div>')
            + _section(hb, "record.progress", f'<ul class="handbook-role-progress" data-handbook-part="progress">{progress}</ul>')
            + _section(hb, "record.timeline", '<ol class="handbook-timeline" data-handbook-part="timeline"></ol>')
            + _section(hb, "record.handover", handover))


def page(hb: Handbook) -> str:
    """Markdown of ``incident.md``."""
    here = INCIDENT_PAGE
    roles = ", ".join(f'<a href="{esc(link(here, role_page(r.id)))}">{esc(inline.to_plain(r.name))}</a>'
                      for r in hb.roles.values() if any(c.items for c in r.checklists))
    trees = ", ".join(f'<a href="{esc(link(here, tree_page(t.id)))}">{esc(inline.to_plain(t.title))}</a>'
                      for t in hb.trees.values())
    w = hb.words
    entries = (f'<li>{words.html(w, "incident.checklists")}: {roles}</li>'
               + (f'<li>{words.html(w, "incident.wizards")}: {trees}</li>' if trees else ""))
    fallback = f'<p class="handbook-incident-fallback">{words.html(w, "incident.noscript")}</p><ul>{entries}</ul>'

    data = page_data(hb, here)
    element = (f'<div class="handbook-incident-page-wrap"><handbook-incident-page data-handbook-data="{esc(_json(data))}">'
               f'{fallback}<template data-handbook-part="record" data-search-exclude>{_record_html(hb, data)}</template>'
               '</handbook-incident-page></div>')
    return "\n".join([f"# {heading_plain(words.plain(w, 'incident.title'))}\n",
                      f'\n<p class="handbook-summary">{words.html(w, "incident.intro")}</p>\n',
                      "\n" + element + "\n"])


def picker_html(hb: Handbook, here: str) -> str:
    """The incident picker for a page other than the record's (home, wizards): in a template until scripts run."""
    record = esc(link(here, INCIDENT_PAGE))
    return (f'<div class="handbook-incident-slot"><handbook-incident-picker data-handbook-record-url="{record}">'
            f'<template data-handbook-part="picker" data-search-exclude><section class="handbook-incident handbook-incident--picker" '
            f'aria-label="{esc(words.plain(hb.words, "picker.region"))}">'
            f'<p class="handbook-incident-hint">{words_html(hb, "picker.hint")}</p>'
            f'{picker_rows_html(hb, "handbook-picker")}<p class="handbook-incident-record-link"><a href="{record}">'
            f'{words_html(hb, "picker.open_record")}</a></p>{picker_said_html(hb)}</section></template>'
            '</handbook-incident-picker></div>')
