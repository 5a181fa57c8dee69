"""The incident record's page (``incident/``) and the incident picker other pages show.

The record itself lives in the reader's browser (``incident-state.mjs``);
the page is a ``<handbook-incident-page>`` element that the script fills
from it. What the script needs from the handbook — each role's items with
their cadence and the link to each, each wizard's title and page — is JSON
in the element's ``data-handbook-data``, with links already made relative
to the page. Text is plain words (and Markdown for the export), which the
script shows with ``textContent``. Without scripts the page says what it
would show and where the checklists and wizards are.
"""

from __future__ import annotations

import json

from incident_engine import inline, words
from incident_engine.model import Handbook

from .fragments import heading_plain
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

    element = (f'<div class="handbook-incident-page-wrap"><handbook-incident-page '
               f'data-handbook-data="{esc(_json(page_data(hb, here)))}">{fallback}</handbook-incident-page></div>')
    return "\n".join([f"# {heading_plain(words.plain(w, 'incident.title'))}\n",
                      f'\n<p class="handbook-summary">{words.html(w, "incident.intro")}</p>\n',
                      "\n" + element + "\n"])


def picker_html(here: str) -> str:
    """The incident picker for a page other than the record's (home, wizards): empty until scripts run."""
    return (f'<div class="handbook-incident-slot"><handbook-incident-picker '
            f'data-handbook-record-url="{esc(link(here, INCIDENT_PAGE))}"></handbook-incident-picker></div>')
