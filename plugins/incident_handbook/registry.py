"""The generated pages of one build, made once: their keys, titles, Markdown and place in the navigation.

``build`` renders every page made from the content (home, wizards, incident
record, prose pages, roles, decision tables, runbooks, review) in one pass, in
``on_config``; ``on_files`` adds them and ``nav`` orders them as the handbook's
``nav:`` asks. The page keys of the appointment, guidelines and channels pages,
and of every ``kind: page``, are their ids. Two pages that would have the same
address are a content problem, reported at the id that names the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from incident_engine import inline
from incident_engine.model import Handbook
from incident_engine.problems import ProblemList

from . import directives, incident, pages, review, runbooks
from .links import DECISION_TABLE, HOME, ROLES_INDEX, Here, role_page, src, tree_page, url

# Nav sections shown as a titled group, whose first page is the group's overview.
GROUPS = {"roles": "nav.roles", "runbooks": "nav.runbooks"}  # section -> key of its title in the words


@dataclass
class GeneratedPage:
    """One page made from the content."""

    key: str  # page key: its source path without .md (``roles/lead``)
    title: str  # its title in the navigation (plain words)
    markdown: str
    section: str | None  # the nav entry it belongs to (a word of NAV_WORDS or a page id); None: not in the nav
    at: tuple = ()  # (file, line, col) of the id that gives its address, if the content names it

    @property
    def src(self) -> str:
        return src(self.key)


def build(hb: Handbook, *, directory_urls: bool = True, pdfs: bool = False) -> list:
    """Every generated page, in the default navigation order within each section."""
    urls = {"directory_urls": directory_urls}
    w = {key: inline.to_plain(text) for key, text in hb.words.items()}  # nav titles are plain words
    out = [GeneratedPage(HOME, w["nav.home"], pages.home(hb, **urls), "home")]
    out += [GeneratedPage(tree_page(t.id), t.title, pages.wizard(hb, t), "wizards") for t in hb.trees.values()]
    out.append(GeneratedPage(incident.INCIDENT_PAGE, w["incident.title"], incident.page(hb), "incident"))
    if hb.appointment is not None:
        a = hb.appointment
        out.append(GeneratedPage(a.id, a.title, pages.appointing(hb, **urls), a.id, hb.page_at.get(a.id, ())))
    if hb.guidelines is not None:
        g = hb.guidelines
        out.append(GeneratedPage(g.id, g.title, pages.guidelines(hb, **urls), g.id, hb.page_at.get(g.id, ())))
    if hb.channels is not None:
        c = hb.channels
        out.append(GeneratedPage(c.id, c.title, pages.channels(hb, **urls), c.id, hb.page_at.get(c.id, ())))
    for p in hb.pages.values():
        out.append(GeneratedPage(p.id, p.title, pages.page(hb, p, **urls), p.id, hb.page_at.get(p.id, ())))
    # Sections list their overview page by name: Material's section indexes leave
    # the section's <nav> without an accessible name (axe: landmark-unique).
    out.append(GeneratedPage(ROLES_INDEX, w["nav.all_roles"], pages.roles_index(hb, **urls), "roles"))
    out += [GeneratedPage(role_page(r.id), r.name, pages.role(hb, r, **urls), "roles") for r in hb.roles.values()]
    if hb.trees:  # no decision trees, no page of their paths
        out.append(GeneratedPage(DECISION_TABLE, w["nav.decision_tables"], pages.decision_table(hb, **urls),
                                 "decision-tables"))
    books = runbooks.pages(hb, pdfs=pdfs, **urls)
    out.append(GeneratedPage(runbooks.INDEX, w["runbook.all"], books[src(runbooks.INDEX)], "runbooks"))
    out += [GeneratedPage(runbooks.runbook_page(r.id), runbooks.title(r, hb), books[src(runbooks.runbook_page(r.id))],
                          "runbooks") for r in hb.roles.values()]
    if hb.trees:
        out.append(GeneratedPage(review.PAGE, w["review.title"], review.review(hb), None))
    return out


def check(hb: Handbook, registry: list, problems: ProblemList, hand_written: set = frozenset(),
          docs_dir: str = "docs") -> None:
    """Two pages at one address, and every block a ``kind: page`` embeds (with its ``file:line:col``).

    A hand-written page of the same name as a generated one replaces it (``on_files``), except a page
    the content names by its id: that one would vanish without a word, so it is a problem.
    """
    by_url: dict = {}
    written = {url(path.removesuffix(".md")): path for path in sorted(hand_written)}
    for page in registry:
        if page.at and url(page.key) in written:
            file, line, col = page.at
            problems.add_at(file, line, col, "id", f"the page '{page.key}' would have the same address as the "
                            f"hand-written page {docs_dir.rstrip('/')}/{written[url(page.key)]}; give it another id")
        address = url(page.key)
        first = by_url.setdefault(address, page)
        if first is page:
            continue
        clash = page if page.at else first
        other = first if clash is page else page
        where = f" ({':'.join(map(str, other.at))})" if other.at else ""
        file, line, col = clash.at or ("checklists", 1, 1)
        problems.add_at(file, line, col, "id",
                        f"the page '{clash.key}' would have the same address ({address}) as the page "
                        f"'{other.key}' ({inline.to_plain(other.title)}){where}; give it another id")
    for p in hb.pages.values():
        here = Here(p.id)
        for section in p.sections:
            for b in section.blocks:
                directives.check_block(hb, here, b.kind, b.ref, (b.file, b.line, b.col), b.path, problems)


def nav(hb: Handbook, registry: list, hand_written: list) -> list:
    """The navigation, in the order of the handbook's ``nav:`` (its defaults are the usual order)."""
    by_section: dict = {}
    for page in registry:
        if page.section is not None:
            by_section.setdefault(page.section, []).append({page.title: page.src})
    out: list = []
    for entry in hb.nav:
        if entry == "hand-written":
            out += hand_written
            continue
        entries = by_section.get(entry, [])
        if entry in GROUPS and entries:
            out.append({inline.to_plain(hb.words[GROUPS[entry]]): entries})
        else:
            out += entries
    return out
