"""Printable runbooks, one sheet per role, and a page that holds them all.

A runbook is what a role needs on paper: its key rules, its checklists (the
very lists of the role page, from ``fragments.checklist_html``) and the decision
trees it uses, as a numbered flow (``trees.flow_html``). Every rule is made
from the content -- cadence items, the channels' ``use``, the role's
``does_not`` owners -- so a fork with other content gets its own rules.

Paper cannot follow a link, so a runbook's fragments are made with
``Render(..., print_addresses=True)``: every link writes its address after
it as it is made (shown in print only), a web address as it is, a link
inside the handbook as the page and passage it points to. On the page of all
runbooks each role's fragments are made with the role's id as their ids'
prefix, so that the ids stay unique.

The PDFs (``scripts/runbook_pdf.py``, ``make pdf``) are printed from these
pages after a build; the pages link to them only in a build made for that
(the plugin's ``runbook_pdfs`` option), so a normal build has no broken link.
"""

from __future__ import annotations

import posixpath

from incident_engine import inline, words
from incident_engine.model import Handbook, Role

from . import trees as tree_render
from .fragments import (
    Render,
    block,
    checklist_html,
    heading_text,
    page_link,
    role_link,
    runbook_title,
    short,
    tree_link,
)
from .fragments import words_html as _w
from .links import RUNBOOKS_DIR, RUNBOOKS_INDEX, Here, esc, link, runbook_page, src, url

INDEX = RUNBOOKS_INDEX
PDF_DIR = "pdf"  # under RUNBOOKS_DIR
ALL = "all"  # the stem of the combined PDF
PAPERS = {"a4": "A4", "letter": "US Letter"}

title = runbook_title  # the runbook's title, as printed at the top of its sheet


def pdf_name(stem: str, paper: str) -> str:
    """File name of a runbook PDF: ``comms-lead.a4.pdf``; ``stem`` is a role id or ``ALL``."""
    return f"{stem}.{paper}.pdf"


def pdf_path(stem: str, paper: str) -> str:
    """Where a runbook PDF lives in the built site, relative to the site's root."""
    return f"{RUNBOOKS_DIR}/{PDF_DIR}/{pdf_name(stem, paper)}"


def _file_link(here: str, path: str) -> str:
    """A relative link from a page key to a file of the built site."""
    page_url = url(here)
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.relpath(path, base.rstrip("/") or ".")


# -- key rules ----------------------------------------------------------------

def rules(hb: Handbook, r: Render, role: Role) -> list:
    """The role's key rules as HTML lines, made from the content."""
    out = []
    for _checklist, item in role.items():
        if item.cadence:
            every = esc(words.every(hb.words, item.cadence.every_minutes))
            out.append(f"<strong>{r.words(hb, 'runbook.every', every=every)}</strong> {r.text(item.text)}")
    group = hb.group(role.group)
    if (group is None or group.runbook_channels) and hb.channels is not None and hb.channels.channels:
        uses = []
        for ch in hb.channels.channels:
            # The channel's use in the handbook's own words.
            text = f"{esc(inline.to_plain(ch.name))}: {r.text(ch.use)}"
            if ch.owner:
                text += " " + r.words(hb, "runbook.kept_by", role=role_link(hb, r, ch.owner))
            uses.append(text)
        channels = page_link(hb, r, hb.channels.id, esc(hb.channels.title), hb.channels.title)
        out.append(f"<strong>{channels}:</strong> " + "; ".join(uses) + ".")
    owners: dict = {}
    for x in role.does_not:
        owners.setdefault(x.owner, []).append(esc(short(x.text)))
    if owners:
        groups = [f"{role_link(hb, r, owner)}: {'; '.join(things)}" if owner else "; ".join(things)
                  for owner, things in owners.items()]
        out.append(f"<strong>{r.words(hb, 'runbook.not_yours')}</strong> " + ". ".join(groups) + ".")
    taken: dict = {}
    for other in hb.roles.values():
        for x in other.does_not:
            if x.owner == role.id:
                taken.setdefault(other.id, []).append(esc(short(x.text)))
    if taken:
        groups = [f"{'; '.join(things)} {r.words(hb, 'runbook.not_theirs', role=role_link(hb, r, other))}"
                  for other, things in taken.items()]
        out.append(f"<strong>{r.words(hb, 'runbook.yours')}</strong> " + ". ".join(groups) + ".")
    return out


# -- a runbook ------------------------------------------------------------------

def _h(level: int, text_html: str, cls: str = "", ident: str = "") -> str:
    attrs = (f' id="{esc(ident)}"' if ident else "") + (f' class="{cls}"' if cls else "")
    return f"<h{level}{attrs}>{text_html}</h{level}>"


def body_html(hb: Handbook, r: Render, role: Role, level: int = 2) -> str:
    """The runbook of ``role`` below its title, made as ``r`` says; ``level`` is its sections' heading level."""
    parts = [f'<p class="handbook-summary">{r.text(role.summary)}</p>'
             f'<p class="handbook-runbook-from">'
             + r.words(hb, "runbook.from", handbook=esc(inline.to_plain(hb.front.title)), roles=r.words(hb, "pages.roles"),
                       role=role_link(hb, r, role.id)) + "</p>"]
    lines = rules(hb, r, role)
    if lines:
        parts.append('<section class="handbook-runbook-rules">' + _h(level, r.words(hb, "runbook.key_rules"))
                     + "<ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul></section>")
    flow = ['<div class="handbook-runbook-flow">']
    for c in role.checklists:
        flow.append('<section class="handbook-runbook-phase">'
                    + _h(level, r.text(c.title))
                    + checklist_html(hb, r, role, c) + "</section>")
    for t in hb.trees.values():
        if role.id in t.used_by:
            flow.append('<section class="handbook-runbook-tree">'
                        + _h(level, r.words(hb, "runbook.decide", tree=tree_link(hb, r, t.id)))
                        + tree_render.flow_html(hb, r, t) + "</section>")
    if role.closing:
        flow.append(r.prose(role.closing.text, attrs=' class="handbook-closing"'))
    flow.append("</div>")
    parts.append("".join(flow))
    return "".join(parts)


def _pdf_links(hb: Handbook, here: str, stem: str, pdfs: bool) -> str:
    if not pdfs:
        return ""
    return " · ".join(f'<a href="{esc(_file_link(here, pdf_path(stem, paper)))}">{_w(hb, "runbook.pdf", paper=esc(name))}</a>'
                      for paper, name in PAPERS.items())


_FRONT = "---\nsearch:\n  exclude: true\n---\n\n"  # the role pages hold the same words; search finds those


def runbook(hb: Handbook, role: Role, *, pdfs: bool = False, directory_urls: bool = True) -> str:
    """A role's runbook page; with ``pdfs``, it links to its PDFs."""
    here = Here(runbook_page(role.id), directory_urls)
    downloads = _pdf_links(hb, here, role.id, pdfs)
    note = ('<p class="handbook-runbook-note handbook-noprint">' + _w(hb, "runbook.note")
            + (" " + _w(hb, "runbook.download", links=downloads) if downloads else " ") + "</p>")
    body = body_html(hb, Render(here, print_addresses=True), role)
    return (_FRONT + f"# {heading_text(title(role, hb))} {{ .handbook-runbook-title }}\n"
            + block(note)
            + block(f'<div class="handbook-runbook" data-handbook-runbook="{esc(role.id)}" '
                    f'data-handbook-pdf="{esc(role.id)}">{body}</div>'))


def index(hb: Handbook, *, pdfs: bool = False, directory_urls: bool = True) -> str:
    """The page of all runbooks; with ``pdfs``, it links to every PDF."""
    here = Here(INDEX, directory_urls)
    rows = []
    for r in hb.roles.values():
        role_pdfs = _pdf_links(hb, here, r.id, pdfs)
        rows.append(f'<li><a href="{esc(link(here, runbook_page(r.id)))}">{esc(title(r, hb))}</a>'
                    + (f" ({role_pdfs})" if role_pdfs else "") + "</li>")
    all_pdfs = _pdf_links(hb, here, ALL, pdfs)
    intro = ('<div class="handbook-noprint handbook-runbooks-intro">'
             f"<p>{_w(hb, 'runbook.index_intro')}</p>"
             + (f"<p>{_w(hb, 'runbook.all_pdf', links=all_pdfs)}</p>" if all_pdfs else "")
             + "<ul>" + "".join(rows) + "</ul></div>")
    sections = []
    for r in hb.roles.values():
        body = body_html(hb, Render(here, print_addresses=True, id_prefix=f"{r.id}--"), r, level=3)
        sections.append(f'<section class="handbook-runbook" data-handbook-runbook="{esc(r.id)}" '
                        f'aria-labelledby="runbook-{esc(r.id)}">'
                        + _h(2, esc(title(r, hb)), "handbook-runbook-title", f"runbook-{r.id}") + body + "</section>")
    return (_FRONT + f"# {heading_text(hb.words['runbook.index_title'])} {{ .handbook-noprint }}\n" + block(intro)
            + block(f'<div class="handbook-runbooks" data-handbook-pdf="{ALL}">' + "".join(sections) + "</div>"))


def pages(hb: Handbook, *, pdfs: bool = False, directory_urls: bool = True) -> dict:
    """Source path -> Markdown of every runbook page; with ``pdfs``, they link to their PDFs."""
    out = {src(INDEX): index(hb, pdfs=pdfs, directory_urls=directory_urls)}
    for r in hb.roles.values():
        out[src(runbook_page(r.id))] = runbook(hb, r, pdfs=pdfs, directory_urls=directory_urls)
    return out
