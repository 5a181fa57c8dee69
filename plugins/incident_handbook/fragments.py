"""The HTML fragments that pages, runbooks and ``handbook`` blocks share, and how they are made for a page.

A fragment is made for one page, as its ``Render`` says: the page its links
are relative to; whether each link writes its address after it (the
runbooks, for paper, which cannot follow a link); and a prefix for its ids
(the page of all runbooks holds every role's checklists, so each runbook's
ids start with its role's id). Links and ids come out finished as they are
made -- nothing rewrites the HTML afterwards.

Everything built from content text is HTML made by ``incident_engine.inline``,
which escapes all markup but **strong**, *emphasis*, `code` and vetted links;
interface words come from ``Handbook.words``. Role pages, runbooks and
``handbook`` blocks import these fragments from here; no module imports
``pages`` but the registry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from incident_engine import inline, words
from incident_engine.model import Callout, Checklist, Handbook, Passage, Role

from .links import (
    DECISION_TABLE,
    HOME,
    INCIDENT_PAGE,
    ROLES_INDEX,
    RUNBOOKS_INDEX,
    esc,
    link,
    role_page,
    runbook_page,
    tree_page,
)

_WEB = re.compile(r"^(https?:|mailto:)", re.I)


@dataclass(frozen=True)
class Render:
    """How the fragments of one page are made.

    ``here`` is the page (a ``links.Here``, or a plain page key); with
    ``print_addresses`` every link is followed by its address, shown in print
    only (``handbook-runbook-address``): a web address as it is, a page of the
    handbook as its title (and the passage's), unless the link's words already
    say so; ``id_prefix`` starts every id the fragments make, and every link
    to one of them on the same page.
    """

    here: str
    print_addresses: bool = False
    id_prefix: str = ""

    def id(self, ident: str) -> str:
        """An id as it stands on this page."""
        return self.id_prefix + ident

    def href(self, page: str, anchor: str = "") -> str:
        """The relative URL of a page key (and anchor) from this page; an anchor on this page is prefixed."""
        target = link(self.here, page, anchor)
        return "#" + self.id(target[1:]) if target.startswith("#") else target

    def text(self, text: str) -> str:
        """Inline content text as HTML, its links made for this page."""
        return inline.to_html(text, link=self._text_link)

    def prose(self, text: str, *, attrs: str = "", bare: bool = False) -> str:
        """Prose content text (paragraphs and lists) as HTML, its links made for this page."""
        return inline.block_html(text, attrs=attrs, bare=bare, link=self._text_link)

    def words(self, hb: Handbook, key: str, **values) -> str:
        """Interface words as HTML, their own links made for this page; ``values`` are HTML already."""
        return words.fill(self.text(hb.words[key]), **values)

    def _text_link(self, href: str, label: str) -> str:
        """A link written in content text or in the words: a web address, a site path or an anchor."""
        if href.startswith("#"):
            return inline.link_html("#" + self.id(href[1:]), label)
        out = inline.link_html(href, label)
        if not self.print_addresses or not _WEB.match(href):
            return out  # a path of the site (``/teams``) is no use on paper
        shown = href[len("mailto:"):] if href.lower().startswith("mailto:") else href
        return out + address_html("" if " ".join(label.split()) == shown else shown)


def words_html(hb: Handbook, key: str, **values) -> str:
    """Interface words (``Handbook.words``) as safe HTML; ``values`` are HTML already."""
    return words.html(hb.words, key, **values)


# -- Markdown around the fragments ------------------------------------------------

def heading_plain(plain: str) -> str:
    """Plain words safe inside a Markdown heading."""
    out = html.escape(plain, quote=False).replace("{", "&#123;").replace("}", "&#125;")
    for ch in "\\`*_[]#":
        out = out.replace(ch, "\\" + ch)
    return out


def heading_text(text: str) -> str:
    """Inline content text as plain words safe inside a Markdown heading."""
    return heading_plain(inline.to_plain(text))


def block(html_text: str) -> str:
    """Raw HTML as its own Markdown block."""
    return "\n" + html_text.strip() + "\n"


# -- links to the handbook's pages --------------------------------------------------

def runbook_title(role: Role, hb: Handbook | None = None) -> str:
    """A role's runbook's title, as printed at the top of its sheet."""
    return words.plain(hb.words if hb else words.DEFAULTS, "runbook.title", role=inline.to_plain(role.name))


def page_titles(hb: Handbook) -> dict:
    """Page key -> title (plain words) of every generated page, as a printed address names it."""
    titles = {
        HOME: hb.front.title, **dict(hb.prose_pages()), ROLES_INDEX: hb.words["pages.roles"],
        DECISION_TABLE: hb.words["pages.decision_tables"], RUNBOOKS_INDEX: hb.words["runbook.index_title"],
    }
    for r in hb.roles.values():
        titles[role_page(r.id)] = r.name
        titles[runbook_page(r.id)] = runbook_title(r, hb)
    for t in hb.trees.values():
        titles[tree_page(t.id)] = t.title
    return {key: inline.to_plain(value) for key, value in titles.items()}


def short(text: str) -> str:
    """The bold lead of a sentence (``**Updating VIP customers.** This…``), else the whole of it."""
    parts = inline.spans(text)
    if parts and parts[0][0] == "strong":
        return parts[0][1].strip().rstrip(".")
    return inline.to_plain(text).strip().rstrip(".")


def _clipped(text: str, limit: int = 60) -> str:
    text = inline.to_plain(text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _passage_at(hb: Handbook, page: str, anchor: str) -> Passage | None:
    found = None
    for p in hb.passages.values():  # the last that stands there, as a lookup by place would give
        if p.page == page and p.anchor == anchor:
            found = p
    return found


def page_address(hb: Handbook, page: str, anchor: str, label: str) -> str:
    """A link to a page of the handbook as paper names it: 'see Comms Lead › Making technical decisions'.

    Empty if the page is not one the plugin makes, or if the link's words
    (``label``, plain) already name the page and no passage is linked.
    """
    where = page_titles(hb).get(page)
    if where is None:
        return ""
    p = _passage_at(hb, page, anchor) if anchor else None
    if p is not None:
        where += " › " + _clipped(p.title or short(p.text))
    elif " ".join(label.split()).casefold() == where.casefold():
        return ""
    return words.plain(hb.words, "runbook.see", where=where)


def address_html(shown: str) -> str:
    """A link's address as printed after it (nothing if there is nothing to show)."""
    return f'<span class="handbook-runbook-address"> ({esc(shown)})</span>' if shown else ""


def page_link(hb: Handbook, r: Render, page: str, label_html: str, label: str, anchor: str = "",
              cls: str = "") -> str:
    """A link to a page of the handbook (and an anchor on it); ``label`` is ``label_html``'s plain words."""
    href = r.href(page, anchor)
    attrs = f' class="{cls}"' if cls else ""
    out = f'<a{attrs} href="{esc(href)}">{label_html}</a>'
    if r.print_addresses and not href.startswith("#"):
        out += address_html(page_address(hb, page, anchor, label))
    return out


def role_link(hb: Handbook, r: Render, role_id: str) -> str:
    name = hb.roles[role_id].name
    return page_link(hb, r, role_page(role_id), esc(name), name)


def tree_link(hb: Handbook, r: Render, tree_id: str, label: str = "") -> str:
    label = label or hb.trees[tree_id].title
    return page_link(hb, r, tree_page(tree_id), esc(label), label)


def basis(hb: Handbook, r: Render, ref: str, lead: str) -> str:
    """A short quote of the passage something rests on, linked to where it stands, after ``lead``
    (plain interface words, e.g. ``words.plain(hb.words, "pages.from_handbook")``)."""
    p = hb.passages[ref]
    quote = inline.to_plain(p.title or p.text)
    if len(quote) > 140:
        quote = quote[:137].rsplit(" ", 1)[0] + "…"
    return f'<p class="handbook-basis">{esc(lead)}: {page_link(hb, r, p.page, f"<q>{esc(quote)}</q>", quote, p.anchor)}</p>'


def copy_box_html(hb: Handbook, ident: str, label: str) -> str:
    """Shown, with the text selected, when the browser refuses the clipboard (copyOrShow in dom.mjs): a read-only
    box, labelled with the words under ``label``, to copy by hand."""
    return (f'<div class="handbook-export-area" data-handbook-part="copy-box" hidden><label for="{ident}">'
            f'{words_html(hb, label)}</label><textarea id="{ident}" class="handbook-export" readonly rows="10">'
            '</textarea></div>')


# -- the incident picker and the checklists' toolbar ---------------------------------------------
# Markup the scripts find by data-handbook-part and fill from the record in the browser.

def picker_rows_html(hb: Handbook, ident: str) -> str:
    """The incident picker's rows (incident-picker.mjs): the incident's name, a new one, another one to switch to."""
    return (f'<div class="handbook-incident-row"><label for="{ident}-name">{words_html(hb, "picker.label")}</label>'
            f'<input type="text" id="{ident}-name" class="handbook-incident-name" autocomplete="off" '
            f'enterkeyhint="done" spellcheck="false" data-handbook-part="name">'
            f'<button type="button" class="handbook-button" data-handbook-part="new">{words_html(hb, "picker.new")}'
            f'</button></div><div class="handbook-incident-row" data-handbook-part="switch-row" hidden>'
            f'<label for="{ident}-switch">{words_html(hb, "picker.switch")}</label>'
            f'<select id="{ident}-switch" class="handbook-incident-switch" data-handbook-part="switch"></select></div>')


# Why the record cannot be kept in this browser: the store's problem and its words.
_STORAGE_PROBLEMS = (("unavailable", "storage.unavailable"), ("corrupt", "storage.corrupt"), ("newer", "storage.newer"),
                     ("write-failed", "storage.write_failed"))


def picker_said_html(hb: Handbook) -> str:
    """The picker's line that says what just happened, and its notice when the record cannot be kept in this
    browser, with the words of every problem (the script shows the one there is)."""
    why = "".join(f'<span data-handbook-why="{problem}" hidden>{words_html(hb, key)} </span>'
                  for problem, key in _STORAGE_PROBLEMS)
    return ('<p class="handbook-incident-message" aria-live="polite" data-handbook-part="message"></p>'
            f'<div class="handbook-notice" data-handbook-part="notice" hidden><strong>{words_html(hb, "storage.lead_in")}'
            f'</strong> {why}{words_html(hb, "storage.lost")} <button type="button" class="handbook-button" '
            f'data-handbook-why="corrupt" data-handbook-part="discard" hidden>{words_html(hb, "storage.discard")}'
            '</button></div>')


CHECKLIST_TAG = "<handbook-checklist "
TOOLBAR_ID = "handbook-bar"


def toolbar_html(hb: Handbook, r: Render, ident: str = TOOLBAR_ID) -> str:
    """The toolbar checklist-toolbar.mjs puts before a page's first checklist: one template a page, however
    many checklists it has (the plugin adds it to every page with one)."""
    button = '<button type="button" class="handbook-button'
    progress = (f'<div class="handbook-progress"><progress class="handbook-progress-bar" aria-labelledby="{ident}-progress" '
                f'data-handbook-part="bar"></progress><p class="handbook-progress-text" id="{ident}-progress" '
                'aria-live="polite" data-handbook-part="status"></p></div>')
    actions = ('<div class="handbook-incident-actions">'
               f'{button} handbook-button--primary" data-handbook-part="copy">{words_html(hb, "checklist.copy_markdown")}'
               f'</button>{button}" data-handbook-part="reset">{words_html(hb, "checklist.reset")}</button><a '
               f'class="handbook-button" href="{esc(link(r.here, INCIDENT_PAGE))}">{words_html(hb, "picker.open_record")}</a>'
               f'</div>{copy_box_html(hb, f"{ident}-copy", "checklist.export_label")}')
    # The form closes the dialog with the button's value as its returnValue.
    dialog = (f'<dialog class="handbook-dialog" aria-labelledby="{ident}-reset-title" aria-describedby="{ident}-reset-text" '
              f'data-handbook-part="dialog"><p class="handbook-dialog-title" id="{ident}-reset-title">'
              f'{words_html(hb, "checklist.reset_title")}</p><p id="{ident}-reset-text" data-handbook-part="reset-text"></p>'
              '<form method="dialog" class="handbook-incident-actions"><button class="handbook-button" value="keep" '
              f'autofocus>{words_html(hb, "checklist.keep_ticks")}</button><button class="handbook-button '
              f'handbook-button--danger" value="reset">{words_html(hb, "checklist.untick_all")}</button></form></dialog>')
    return ('<template data-handbook-part="toolbar" data-search-exclude><section class="handbook-incident" '
            f'aria-label="{esc(words.plain(hb.words, "checklist.region"))}"><p class="handbook-incident-hint">'
            f'{words_html(hb, "checklist.hint")}</p>{picker_rows_html(hb, ident)}{progress}{actions}'
            f'{picker_said_html(hb)}{dialog}</section></template>')


# -- a role's fragments -----------------------------------------------------------------

def callout_html(hb: Handbook, r: Render, c: Callout) -> str:
    extra = []
    if c.roles:
        extra.append(r.words(hb, "pages.concerns") + " " + ", ".join(role_link(hb, r, x) for x in c.roles) + ".")
    if c.tree:
        extra.append(r.words(hb, "pages.decision_wizard") + " " + tree_link(hb, r, c.tree))
    more = f'<p class="handbook-callout-links">{" ".join(extra)}</p>' if extra else ""
    return (f'<div class="admonition warning handbook-callout" id="{esc(r.id(c.id))}">'
            f'<p class="admonition-title">{r.text(c.title)}</p>'
            f'{r.prose(c.text)}{more}</div>')


def checklist_html(hb: Handbook, r: Render, role: Role, checklist: Checklist) -> str:
    """A role's checklist: native checkboxes with labels; the <handbook-checklist> element adds the rest."""
    rows = []
    for item in checklist.items:
        box_id = r.id(f"handbook-{role.id}-{item.id}")
        label = r.text(item.text)
        if item.detail:
            label = f"<strong>{label}</strong>" if "<strong>" not in label else label
        parts = [f'<input type="checkbox" id="{esc(box_id)}" class="handbook-box">',
                 f'<label for="{esc(box_id)}">{label}</label>']
        # When it was ticked, filled in by checklist.mjs; a duty can be done again.
        again = (f' <button type="button" class="handbook-button handbook-again">{words_html(hb, "checklist.done_again")}'
                 f'<span class="handbook-sr-only">: {esc(inline.to_plain(item.text))}</span></button>'
                 if item.cadence else "")
        parts.append(f'<p class="handbook-when" hidden><span class="handbook-when-text" '
                     f'id="{esc(r.id(f"handbook-when-{role.id}-{item.id}"))}"></span>{again}</p>')
        notes = []
        if item.detail:
            notes.append(r.prose(item.detail, attrs=' class="handbook-detail"'))
        meta = []
        if item.cadence:
            minutes = item.cadence.every_minutes
            every = esc(words.every(hb.words, minutes))
            # For the scripts: the cadence, as the Markdown export says it, and when a duty done now is due.
            meta.append(f'<span class="handbook-cadence" data-handbook-every-minutes="{minutes}" '
                        f'data-handbook-every-short="{esc(inline.to_plain(words.every(hb.words, minutes, short=True)))}" '
                        f'data-handbook-due-in="{esc(inline.to_plain(words.due_in(hb.words, minutes)))}">'
                        f'{r.words(hb, "pages.repeat", every=every)}</span>')
        if item.owner and item.owner != role.id:
            meta.append(r.words(hb, "pages.owned_by", role=role_link(hb, r, item.owner)))
        if item.tree:
            meta.append(r.words(hb, "pages.decision_wizard") + " " + tree_link(hb, r, item.tree))
        if item.rests_on:
            p = hb.passages[item.rests_on]
            meta.append(page_link(hb, r, p.page, words_html(hb, "pages.why"), words.plain(hb.words, "pages.why"),
                                  p.anchor))
        if meta:
            notes.append(f'<p class="handbook-meta">{" ".join(meta)}</p>')
        rows.append(f'<li class="handbook-item" id="{esc(r.id("item-" + item.id))}" data-handbook-item="{esc(item.id)}">'
                    + "".join(parts) + "".join(notes) + "</li>")
    intro = (r.prose(checklist.intro.text, attrs=f' id="{esc(r.id(checklist.intro.id))}"')
             if checklist.intro else "")
    why = basis(hb, r, checklist.rests_on, words.plain(hb.words, "pages.why_phase")) if checklist.rests_on else ""
    callouts = "".join(callout_html(hb, r, c) for c in checklist.callouts)
    # Names for the exported Markdown, and the role's item ids so scripts can drop
    # stored ticks of items the handbook no longer has.
    role_items = " ".join(i.id for c in role.checklists for i in c.items)
    # A custom element (checklist.mjs), in a <div> so Markdown keeps it as one block.
    return (f'<div class="handbook-checklist-wrap">{CHECKLIST_TAG}class="handbook-checklist" '
            f'data-handbook-role="{esc(role.id)}" '
            f'data-handbook-checklist="{esc(checklist.id)}" '
            f'data-handbook-role-name="{esc(inline.to_plain(role.name))}" '
            f'data-handbook-title="{esc(inline.to_plain(checklist.title))}" '
            f'data-handbook-role-items="{esc(role_items)}" '
            f'data-handbook-record-url="{esc(link(r.here, INCIDENT_PAGE))}">'
            f'{why}{intro}<p class="handbook-phase-progress" hidden></p>'
            f'<ul class="handbook-items">{"".join(rows)}</ul>{callouts}</handbook-checklist></div>')


def does_not_html(hb: Handbook, r: Render, role: Role) -> str:
    rows = []
    for x in role.does_not:
        owner = (f' <span class="handbook-owner">{r.words(hb, "pages.owner")} {role_link(hb, r, x.owner)}</span>'
                 if x.owner else "")
        rows.append(f'<li id="{esc(r.id(x.id))}">{r.prose(x.text, bare=True)}{owner}</li>')
    intro = r.prose(role.does_not_intro) if role.does_not_intro else ""
    return f'<div class="handbook-does-not">{intro}<ul>{"".join(rows)}</ul></div>'
