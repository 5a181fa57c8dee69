"""Printable runbooks, one sheet per role, and a page that holds them all.

A runbook is what a role needs on paper: its key rules, its checklists (the
very lists of the role page, from ``pages.checklist_html``) and the decision
trees it uses, as a numbered flow (``trees.flow_html``). Every rule is made
from the content -- cadence items, the channels' ``use``, the role's
``does_not`` owners -- so a fork with other content gets its own rules.

Paper cannot follow a link, so every link gets its address written next to
it at build time (shown in print only): a web address as it is, a link
inside the handbook as the page and passage it points to.

The PDFs (``scripts/runbook_pdf.py``, ``make pdf``) are printed from these
pages after a build; the pages link to them only in a build made for that
(the plugin's ``runbook_pdfs`` option), so a normal build has no broken link.
"""

from __future__ import annotations

import html
import posixpath
import re

from incident_engine import inline, words
from incident_engine.model import Handbook, Role

from . import pages as page_render
from . import trees as tree_render
from .links import DECISION_TABLE, HOME, ROLES_INDEX, Here, esc, link, role_link, role_page, src, tree_page, url

RUNBOOKS_DIR = "runbooks"
INDEX = f"{RUNBOOKS_DIR}/index"
PDF_DIR = "pdf"  # under RUNBOOKS_DIR
ALL = "all"  # the stem of the combined PDF
PAPERS = {"a4": "A4", "letter": "US Letter"}


def runbook_page(role_id: str) -> str:
    return f"{RUNBOOKS_DIR}/{role_id}"


def title(role: Role, hb: Handbook | None = None) -> str:
    """The runbook's title, as printed at the top of its sheet."""
    return words.plain(hb.words if hb else words.DEFAULTS, "runbook.title", role=inline.to_plain(role.name))


def _w(hb: Handbook, key: str, **values) -> str:
    """Interface words as safe HTML; ``values`` are HTML already."""
    return words.html(hb.words, key, **values)


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

def _short(text: str) -> str:
    """The bold lead of a sentence (``**Updating VIP customers.** This…``), else the whole of it."""
    parts = inline.spans(text)
    if parts and parts[0][0] == "strong":
        return parts[0][1].strip().rstrip(".")
    return inline.to_plain(text).strip().rstrip(".")


def rules(hb: Handbook, here: str, role: Role) -> list:
    """The role's key rules as HTML lines, made from the content."""
    out = []
    for _checklist, item in role.items():
        if item.cadence:
            every = esc(words.every(hb.words, item.cadence.every_minutes))
            out.append(f"<strong>{_w(hb, 'runbook.every', every=every)}</strong> {inline.to_html(item.text)}")
    group = hb.group(role.group)
    if (group is None or group.runbook_channels) and hb.channels is not None and hb.channels.channels:
        uses = []
        for ch in hb.channels.channels:
            # The channel's use in the handbook's own words.
            text = f"{esc(inline.to_plain(ch.name))}: {inline.to_html(ch.use)}"
            if ch.owner:
                text += " " + _w(hb, "runbook.kept_by", role=role_link(hb, here, ch.owner))
            uses.append(text)
        out.append(f'<strong><a href="{esc(link(here, hb.channels.id))}">{esc(hb.channels.title)}</a>:</strong> '
                   + "; ".join(uses) + ".")
    owners: dict = {}
    for x in role.does_not:
        owners.setdefault(x.owner, []).append(esc(_short(x.text)))
    if owners:
        groups = [f"{role_link(hb, here, owner)}: {'; '.join(things)}" if owner else "; ".join(things)
                  for owner, things in owners.items()]
        out.append(f"<strong>{_w(hb, 'runbook.not_yours')}</strong> " + ". ".join(groups) + ".")
    taken: dict = {}
    for other in hb.roles.values():
        for x in other.does_not:
            if x.owner == role.id:
                taken.setdefault(other.id, []).append(esc(_short(x.text)))
    if taken:
        groups = [f"{'; '.join(things)} {_w(hb, 'runbook.not_theirs', role=role_link(hb, here, other))}"
                  for other, things in taken.items()]
        out.append(f"<strong>{_w(hb, 'runbook.yours')}</strong> " + ". ".join(groups) + ".")
    return out


# -- printed link addresses ---------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r'<a\s[^>]*?href="(?P<href>[^"]*)"[^>]*>(?P<label>.*?)</a>', re.S)


def _page_titles(hb: Handbook) -> dict:
    titles = {
        HOME: hb.front.title, **dict(hb.prose_pages()), ROLES_INDEX: hb.words["pages.roles"],
        DECISION_TABLE: hb.words["pages.decision_tables"], INDEX: hb.words["runbook.index_title"],
    }
    for r in hb.roles.values():
        titles[role_page(r.id)] = r.name
        titles[runbook_page(r.id)] = title(r, hb)
    for t in hb.trees.values():
        titles[tree_page(t.id)] = t.title
    return {key: inline.to_plain(value) for key, value in titles.items()}


def _words(text: str, limit: int = 60) -> str:
    text = inline.to_plain(text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def with_addresses(hb: Handbook, here: str, body: str) -> str:
    """``body`` with each link's address written after it, for print.

    Web addresses are printed as they are. A link inside the handbook prints
    as the page (and passage) it leads to, unless its words already name that
    page. ``body`` is our own generated HTML, where every ``<`` opens a tag
    (text is escaped), so finding the links with a pattern is sound.
    """
    titles = _page_titles(hb)
    by_url = {link(here, key): key for key in titles}
    passages = {(p.page, p.anchor): p for p in hb.passages.values()}

    def address(match: re.Match) -> str:
        href = html.unescape(match.group("href"))
        label = " ".join(html.unescape(_TAG.sub("", match.group("label"))).split())
        if href.startswith("#"):
            return ""
        if re.match(r"^(https?:|mailto:)", href, re.I):
            shown = href[len("mailto:"):] if href.lower().startswith("mailto:") else href
            return "" if label == shown else shown
        path, _, anchor = href.partition("#")
        key = by_url.get(path or "./")
        if key is None:  # not a generated page: a relative URL would be no use on paper
            return ""
        where = titles[key]
        p = passages.get((key, anchor)) if anchor else None
        if p is not None:
            where += " › " + _words(p.title or _short(p.text))
        elif label.casefold() == where.casefold():
            return ""
        return words.plain(hb.words, "runbook.see", where=where)

    def replace(match: re.Match) -> str:
        shown = address(match)
        if not shown:
            return match.group(0)
        return (match.group(0) + f'<span class="handbook-runbook-address"> ({esc(shown)})</span>')

    return _ANCHOR.sub(replace, body)


# -- a runbook ------------------------------------------------------------------

def _h(level: int, text_html: str, cls: str = "", ident: str = "") -> str:
    attrs = (f' id="{esc(ident)}"' if ident else "") + (f' class="{cls}"' if cls else "")
    return f"<h{level}{attrs}>{text_html}</h{level}>"


def body_html(hb: Handbook, here: str, role: Role, level: int = 2) -> str:
    """The runbook of ``role`` below its title; ``level`` is its sections' heading level."""
    parts = [f'<p class="handbook-summary">{inline.to_html(role.summary)}</p>'
             f'<p class="handbook-runbook-from">'
             + _w(hb, "runbook.from", handbook=esc(inline.to_plain(hb.front.title)), roles=_w(hb, "pages.roles"),
                  role=role_link(hb, here, role.id)) + "</p>"]
    lines = rules(hb, here, role)
    if lines:
        parts.append('<section class="handbook-runbook-rules">' + _h(level, _w(hb, "runbook.key_rules"))
                     + "<ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul></section>")
    flow = ['<div class="handbook-runbook-flow">']
    for c in role.checklists:
        flow.append('<section class="handbook-runbook-phase">'
                    + _h(level, inline.to_html(c.title))
                    + page_render.checklist_html(hb, here, role, c) + "</section>")
    for t in hb.trees.values():
        if role.id in t.used_by:
            flow.append('<section class="handbook-runbook-tree">'
                        + _h(level, _w(hb, "runbook.decide", tree=f'<a href="{esc(link(here, tree_page(t.id)))}">{esc(t.title)}</a>'))
                        + tree_render.flow_html(hb, here, t) + "</section>")
    if role.closing:
        flow.append(inline.block_html(role.closing.text, attrs=' class="handbook-closing"'))
    flow.append("</div>")
    parts.append("".join(flow))
    return with_addresses(hb, here, "".join(parts))


_ID_ATTR = re.compile(r'(\s(?:id|for|aria-labelledby|aria-describedby)=")([^"]*)(")')
_SAME_PAGE = re.compile(r'(\shref="#)([^"]*)(")')


def _prefix_ids(body: str, prefix: str) -> str:
    """Unique ids when several runbooks share a page (tags only: text is escaped)."""

    def tag(match: re.Match) -> str:
        t = _ID_ATTR.sub(lambda m: m.group(1) + " ".join(prefix + x for x in m.group(2).split()) + m.group(3),
                         match.group(0))
        return _SAME_PAGE.sub(lambda m: m.group(1) + prefix + m.group(2) + m.group(3), t)

    return _TAG.sub(tag, body)


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
    return (_FRONT + f"# {page_render.heading_text(title(role, hb))} {{ .handbook-runbook-title }}\n"
            + page_render.block(note)
            + page_render.block(f'<div class="handbook-runbook" data-handbook-runbook="{esc(role.id)}" '
                                f'data-handbook-pdf="{esc(role.id)}">{body_html(hb, here, role)}</div>'))


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
        body = _prefix_ids(body_html(hb, here, r, level=3), f"{r.id}--")
        sections.append(f'<section class="handbook-runbook" data-handbook-runbook="{esc(r.id)}" '
                        f'aria-labelledby="runbook-{esc(r.id)}">'
                        + _h(2, esc(title(r, hb)), "handbook-runbook-title", f"runbook-{r.id}") + body + "</section>")
    return (_FRONT + f"# {page_render.heading_text(hb.words['runbook.index_title'])} {{ .handbook-noprint }}\n" + page_render.block(intro)
            + page_render.block(f'<div class="handbook-runbooks" data-handbook-pdf="{ALL}">'
                                + "".join(sections) + "</div>"))


def pages(hb: Handbook, *, pdfs: bool = False, directory_urls: bool = True) -> dict:
    """Source path -> Markdown of every runbook page; with ``pdfs``, they link to their PDFs."""
    out = {src(INDEX): index(hb, pdfs=pdfs, directory_urls=directory_urls)}
    for r in hb.roles.values():
        out[src(runbook_page(r.id))] = runbook(hb, r, pdfs=pdfs, directory_urls=directory_urls)
    return out
