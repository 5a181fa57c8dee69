"""Markdown for the pages generated from the handbook's content.

Headings are Markdown (so they reach the table of contents and search);
everything built from content text is HTML made by ``incident_engine.inline``,
which escapes all markup but **strong**, *emphasis*, `code` and vetted links. Links
between generated pages are final relative URLs (``links.link``); the tests check that each resolves.
What a page shares with the runbooks and ``handbook`` blocks -- a checklist, a
callout, a role's does-not list, links to roles and wizards -- comes from
``fragments``, made for the page by its ``Render``.
"""

from __future__ import annotations

from incident_engine import inline, words
from incident_engine.model import Handbook, Page, Role, Tree

from . import trees as tree_render
from .fragments import (
    Render,
    basis,
    block,
    callout_html,
    checklist_html,
    does_not_html,
    heading_text,
    role_link,
    tree_link,
)
from .fragments import words_html as _w
from .incident import picker_html
from .links import DECISION_TABLE, HOME, ROLES_INDEX, Here, esc, link, role_page, tree_page


def _plain(hb: Handbook, key: str, **values) -> str:
    """Interface words as plain text, safe in a Markdown heading (``values`` are plain)."""
    return heading_text(words.plain(hb.words, key, **values))


def _items_list(entries: list) -> str:
    return "<ul>" + "".join(entries) + "</ul>"


# -- pages ------------------------------------------------------------------

def home(hb: Handbook, *, directory_urls: bool = True) -> str:
    here = Here(HOME, directory_urls)
    render = Render(here)
    f = hb.front
    out = [f"# {heading_text(f.title)}\n"]
    related = "".join(f"<p>{inline.to_html(t)}</p>" for t in f.related)
    out.append(block(f'<blockquote class="handbook-audience"><p>{inline.to_html(f.audience)}</p>{related}</blockquote>'))
    out.append(f"## {_plain(hb, 'pages.start_here')} {{#start-here}}\n")
    out.append(block(picker_html(hb, here)))
    cards = []
    for s in f.start_here:
        target = link(here, tree_page(s.tree)) if s.tree else link(here, role_page(s.role))
        what = _w(hb, "pages.kind_wizard" if s.tree else "pages.kind_checklist")
        cards.append(f'<li><p><a class="handbook-start" href="{esc(target)}"><strong>{esc(inline.to_plain(s.label))}</strong></a>'
                     f' <span class="handbook-kind">{what}</span></p>{basis(hb, render, s.rests_on, words.plain(hb.words, "pages.from_handbook"))}</li>')
    out.append(block(f'<ul class="handbook-start-here">{"".join(cards)}</ul>'))
    out.append(f"## {_plain(hb, 'pages.about')} {{#about}}\n")
    out.append(block("".join(f"<p>{inline.to_html(p)}</p>" for p in f.intro)))
    out.append(f"## {_plain(hb, 'pages.contents')} {{#contents}}\n")
    titles = dict(hb.prose_pages())
    entries = [f'<li><a href="{esc(link(here, pid))}">{esc(titles[pid])}</a></li>' for pid in hb.nav if pid in titles]
    entries.append(f'<li><a href="{esc(link(here, ROLES_INDEX))}">{_w(hb, "pages.roles")}</a>: '
                   + ", ".join(role_link(hb, render, r) for r in hb.roles) + "</li>")
    if hb.trees:
        entries.append(f"<li>{_w(hb, 'pages.decision_wizards')} " + ", ".join(tree_link(hb, render, t) for t in hb.trees) + "</li>")
    out.append(block(_items_list(entries)))
    if f.source:
        source = f'<a href="{esc(f.source)}">{esc(f.source)}</a>'
        out.append(block(f'<p class="handbook-source">{_w(hb, "pages.adapted_from", source=source)}</p>'))
    return "\n".join(out)


def appointing(hb: Handbook, *, directory_urls: bool = True) -> str:
    a = hb.appointment
    here = Here(a.id, directory_urls)
    render = Render(here)
    out = [f"# {heading_text(a.title)}\n", block(inline.block_html(a.intro.text, attrs=f' id="{esc(a.intro.id)}"'))]
    rules = []
    for r in a.rules:
        who = (f' <span class="handbook-rule-role">{_w(hb, "pages.rule_who", role=role_link(hb, render, r.role))}</span>'
               if r.role and r.role in hb.roles else "")
        rules.append(f'<li id="{esc(r.id)}">{inline.block_html(r.text, bare=True)}{who}</li>')
    out.append(block(_items_list(rules)))
    if a.tree:
        out.append(block(f'<p class="handbook-cta">{_w(hb, "pages.not_sure")} {tree_link(hb, render, a.tree)}</p>'))
    if a.responsibilities:
        appointee = next((r for r in hb.roles.values() if r.responsibilities_from == "appointment"), None)
        title = (_plain(hb, "pages.appointee_role", role=inline.to_plain(appointee.name)) if appointee
                 else _plain(hb, "pages.responsibilities"))
        out.append(f"## {title} {{#role}}\n")
        body = f"<p>{inline.to_html(a.role_intro)}</p>" if a.role_intro else ""
        body += _items_list([f'<li id="{esc(p.id)}">{inline.to_html(p.text)}</li>' for p in a.responsibilities])
        out.append(block(body))
    for c in a.callouts:
        out.append(block(callout_html(hb, render, c)))
    return "\n".join(out)


def guidelines(hb: Handbook, *, directory_urls: bool = True) -> str:
    g = hb.guidelines
    here = Here(g.id, directory_urls)
    render = Render(here)
    out = [f"# {heading_text(g.title)}\n"]
    if g.intro:
        out.append(block(inline.block_html(g.intro)))
    for item in g.guidelines:
        out.append(f"## {heading_text(item.title)} {{#{item.id}}}\n")
        out.append(block(inline.block_html(item.text, attrs=' class="handbook-guideline"')))
    for c in g.callouts:
        out.append(block(callout_html(hb, render, c)))
    if g.tree:
        out.append(block(f'<p class="handbook-cta">{_w(hb, "pages.guidelines_cta")} {tree_link(hb, render, g.tree)}</p>'))
    return "\n".join(out)


def channels(hb: Handbook, *, directory_urls: bool = True) -> str:
    c = hb.channels
    here = Here(c.id, directory_urls)
    render = Render(here)
    out = [f"# {heading_text(c.title)}\n"]
    if c.intro:
        out.append(block(inline.block_html(c.intro)))
    rows = []
    for n, ch in enumerate(c.channels, 1):
        use = inline.to_html(ch.use)  # the handbook's own words for how the channel is used
        owner = "<br>" + _w(hb, "pages.kept_by", role=role_link(hb, render, ch.owner)) if ch.owner else ""
        why = f' {basis(hb, render, ch.rests_on, words.plain(hb.words, "pages.channels_from"))}' if ch.rests_on else ""
        rows.append(f'<tr id="{esc(ch.id)}"><td>{n}</td><th scope="row">{esc(ch.name)}</th><td>{use}{owner}</td>'
                    f'<td>{inline.block_html(ch.text, bare=True)}{why}</td></tr>')
    head = "".join(f'<th scope="col">{_w(hb, key)}</th>' for key in
                   ("pages.channels_order", "pages.channels_channel", "pages.channels_use", "pages.channels_why"))
    out.append(block(f'<table class="handbook-channels"><caption>{_w(hb, "pages.channels_caption")}</caption>'
                     f'<thead><tr>{head}</tr></thead><tbody>' + "".join(rows) + "</tbody></table>"))
    return "\n".join(out)


def roles_index(hb: Handbook, *, directory_urls: bool = True) -> str:
    here = Here(ROLES_INDEX, directory_urls)
    render = Render(here)
    out = [f"# {_plain(hb, 'pages.roles')}\n"]
    def rows(group):
        return [f"<li>{role_link(hb, render, r.id)}: {inline.to_html(r.summary)}</li>"
                for r in hb.roles.values() if group is None or r.group == group]
    if not hb.front.groups:  # no groups declared: one flat list
        out.append(block(_items_list(rows(None))))
    for group in hb.front.groups:
        if rows(group.id):
            out.append(f"## {heading_text(group.title)} {{#{group.id}}}\n")
            out.append(block(_items_list(rows(group.id))))
    return "\n".join(out)


def role(hb: Handbook, r: Role, *, directory_urls: bool = True) -> str:
    here = Here(role_page(r.id), directory_urls)
    render = Render(here)
    out = [f"# {heading_text(r.name)}\n", block(f'<p class="handbook-summary">{inline.to_html(r.summary)}</p>')]
    if r.link:
        out.append(block(f'<p>{_w(hb, "pages.more")} <a href="{esc(r.link)}">{esc(r.link)}</a></p>'))
    a = hb.appointment
    if r.appointed_by:
        roles = ", ".join(role_link(hb, render, x) for x in r.appointed_by)
        said = (_w(hb, "pages.appointed_by", roles=roles, page=f'<a href="{esc(link(here, a.id))}">{esc(a.title)}</a>')
                if a is not None else _w(hb, "pages.appointed_by_only", roles=roles))
        out.append(block(f"<p>{said}</p>"))
    if r.responsibilities_from == "appointment" and a is not None and a.responsibilities:
        items = "".join(f'<li><a href="{esc(link(here, a.id, p.id))}">{inline.to_html(p.text)}</a></li>'
                        for p in a.responsibilities)
        out.append(block(f'<p>{inline.to_html(a.role_intro)}</p><ul>{items}</ul>'))
    used = [t for t in hb.trees.values() if r.id in t.used_by]
    if used:
        out.append(block(f'<p class="handbook-cta">{_w(hb, "pages.decision_wizards")} '
                         + ", ".join(tree_link(hb, render, t.id) for t in used) + "</p>"))
    name = inline.to_plain(r.name)
    out.append(f"## {_plain(hb, 'pages.does', role=name)} {{#does}}\n")
    if r.intro:
        out.append(block(inline.block_html(r.intro.text, attrs=f' id="{esc(r.intro.id)}"')))
    for c in r.checklists:
        out.append(f"### {heading_text(c.title)} {{#checklist-{c.id}}}\n")
        out.append(block(checklist_html(hb, render, r, c)))
    if r.closing:
        out.append(block(inline.block_html(r.closing.text, attrs=f' id="{esc(r.closing.id)}" class="handbook-closing"')))
    if r.does_not:
        out.append(f"## {_plain(hb, 'pages.does_not', role=name)} {{#does-not}}\n")
        out.append(block(does_not_html(hb, render, r)))
    taken = [(o, x) for o in hb.roles.values() for x in o.does_not if x.owner == r.id]
    if taken:
        out.append(f"## {_plain(hb, 'pages.taken_on')} {{#takes-over}}\n")
        rows = [f'<li>{inline.to_html(x.text)} <span class="handbook-owner">'
                + _w(hb, "pages.not_for", role=f'<a href="{esc(link(here, role_page(o.id), x.id))}">{esc(o.name)}</a>')
                + "</span></li>" for o, x in taken]
        out.append(block(_items_list(rows)))
    return "\n".join(out)


def wizard(hb: Handbook, t: Tree) -> str:
    out = [f"# {heading_text(t.title)}\n"]
    if t.summary:
        out.append(block(f'<p class="handbook-summary">{inline.to_html(t.summary)}</p>'))
    out.append(block(picker_html(hb, tree_page(t.id))))
    out.append("```handbook\nwizard: " + t.id + "\n```\n")
    return "\n".join(out)


def decision_table(hb: Handbook, *, directory_urls: bool = True) -> str:
    here = Here(DECISION_TABLE, directory_urls)
    render = Render(here)
    out = [f"# {_plain(hb, 'pages.decision_tables')}\n",
           block(f"<p>{_w(hb, 'pages.decision_tables_intro')}</p>")]
    for t in hb.trees.values():
        out.append(f"## {heading_text(t.title)} {{#table-{t.id}}}\n")
        out.append(block(tree_render.table_html(hb, render, t)))
    return "\n".join(out)


def page(hb: Handbook, p: Page, *, directory_urls: bool = True) -> str:
    """A ``kind: page`` page: its intro, then each section (text, list, callouts, embedded blocks)."""
    here = Here(p.id, directory_urls)
    render = Render(here)
    out = [f"# {heading_text(p.title)}\n"]
    if p.intro:
        out.append(block(inline.block_html(p.intro)))
    for s in p.sections:
        out.append(f"## {heading_text(s.title)} {{#{s.id}}}\n")
        body = inline.block_html(s.text, attrs=' class="handbook-section-text"') if s.text else ""
        if s.items:
            body += _items_list([f"<li>{inline.to_html(t)}</li>" for t in s.items])
        if body:
            out.append(block(body))
        for c in s.callouts:
            out.append(block(callout_html(hb, render, c)))
        # Blocks are expanded as a hand-written page's are (their references were checked at the content's lines).
        out += ["```handbook\n" + f"{b.kind}: {b.ref}\n```\n" for b in s.blocks]
    return "\n".join(out)
