"""The real handbook, built once: every link resolves, self-contained, no internal words.

Its fidelity to the source handbook is tested in tests/fidelity/test_source.py."""

from __future__ import annotations

import html as htmllib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from incident_engine import inline
from incident_engine import words as interface_words
from tests.conftest import ROOT
from tests.handbook_content import CONTENT, HANDBOOK


@pytest.fixture(scope="module")
def site(handbook_site) -> Path:
    return handbook_site.dir


@pytest.fixture(scope="module")
def site_url(handbook_site) -> str:
    """Where the build says the site lives: Material's 404 page links there with absolute URLs."""
    return handbook_site.url


BLOCKS = {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "br", "ul", "ol", "table",
          "tr", "blockquote", "section", "nav", "header", "footer", "details", "summary", "label", "caption", "fieldset",
          "legend", "article", "main", "aside", "form", "button"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set = set()
        self.refs: list = []  # (tag, attr, value)
        self.text: list = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None and not (tag == "link" and a.get("rel") == "canonical"):
                self.refs.append((tag, key, a[key]))  # canonical names the site, it loads nothing
        if tag in ("script", "style"):
            self._skip += 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text("utf-8"))
    return p


def pages(site: Path) -> list:
    return sorted(site.rglob("*.html"))


def words(text: str) -> str:
    text = htmllib.unescape(text)
    text = text.replace("---", "—").replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[*_`]", "", text).split())


REPORTS = ROOT / "reports"


def resolve(page: Path, site: Path, value: str, site_url: str):
    """A reference on ``page`` as a parsed URL on the host "site" if it stays within the site, else None."""
    url = urljoin("http://site/" + page.relative_to(site).as_posix(), value)
    if url.startswith(site_url):
        url = "http://site/" + url[len(site_url):].lstrip("/")
    parsed = urlparse(url)
    return parsed if parsed.netloc == "site" else None


def test_every_internal_link_and_anchor_resolves(site: Path, site_url: str):
    parsed = {p: parse(p) for p in pages(site)}
    ids = {p: parsed[p].ids for p in parsed}
    broken = []
    for path, page in parsed.items():
        for _tag, _key, value in page.refs:
            url = resolve(path, site, value, site_url)
            if url is None:
                continue
            target = site / unquote(url.path.lstrip("/"))
            if target.is_dir() or url.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {value} (no such file)")
            elif url.fragment and target.suffix == ".html" and url.fragment not in ids.get(target, set()):
                broken.append(f"{path.relative_to(site)}: {value} (no such anchor)")
    assert not broken, "\n".join(broken)


def page_address(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        return rel[: -len("index.html")] or "/"
    return rel


def test_external_links_are_listed_in_a_report(site: Path, site_url: str):
    """Every distinct external URL and the pages linking to it, in reports/external-links.md: listed, not fetched."""
    linked: dict[str, set] = {}
    for path in pages(site):
        for tag, key, value in parse(path).refs:
            if value == "javascript:void(0)":
                continue  # Material's search "share" button, which is a link to nowhere
            if tag == "a" and key == "href" and resolve(path, site, value, site_url) is None:
                linked.setdefault(value, set()).add(page_address(site, path))
    unsafe = sorted(u for u in linked if urlparse(u).scheme not in ("https", "mailto"))
    assert not unsafe, f"external links that are neither https: nor mailto: {unsafe}"
    # Every link the content writes is there: the report is not empty by accident.
    assert set(content_links()) <= set(linked), set(content_links()) - set(linked)
    lines = ["# External links", "",
             f"{len(linked)} distinct external URLs in the built site, with the pages that link to each. "
             "Listed, not fetched: written by `tests/build/test_site.py` (`make test`).", "",
             "| URL | linked from |", "|---|---|"]
    for url in sorted(linked):
        pages_ = ", ".join(f"`{p}`" for p in sorted(linked[url]))
        lines.append(f"| <{url.replace('|', '%7C')}> | {pages_} |")
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "external-links.md").write_text("\n".join(lines) + "\n", "utf-8")


def content_links() -> list:
    """The web addresses the content links to (Markdown-style links in its YAML, comments left out)."""
    found = []
    for path in sorted(CONTENT.rglob("*.yml")):
        text = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#"))
        found += re.findall(r"\]\((https://[^)\s]+)\)", text)
    return found


def test_no_resource_is_loaded_from_another_host(site: Path):
    offenders = []
    for path in pages(site):
        for tag, key, value in parse(path).refs:
            if tag == "a":
                continue  # links are for people to follow; they load nothing
            if urlparse(value).netloc:
                offenders.append(f"{path.relative_to(site)}: <{tag} {key}={value}>")
    for path in site.rglob("*.css"):
        for match in re.finditer(r"url\(['\"]?(https?:)?//", path.read_text("utf-8", "replace")):
            offenders.append(f"{path.relative_to(site)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_navigation_reaches_every_role_and_wizard(site: Path):
    home = (site / "index.html").read_text("utf-8")
    uris = [f"roles/{r}/" for r in HANDBOOK.roles] + [f"wizards/{t}/" for t in HANDBOOK.trees]
    # the optional pages the content has, at their own URL (an `id`, else the default)
    for attr, default in (("guidelines", "guidelines"), ("appointment", "appointing"), ("channels", "channels")):
        if getattr(HANDBOOK, attr, None) is not None:
            uris.append(f"{getattr(getattr(HANDBOOK, attr), 'id', None) or default}/")
    for uri in uris:
        assert f'href="{uri}' in home, uri


# Pages for maintainers: they show ids and key names, so they stay out of the readers' navigation and search.
MAINTAINERS_PAGES = ("maintaining/", "porting/", "maintainers/review/")
# Our own vocabulary, never for readers: the source's nickname, the engine's and the YAML's words, key names.
INTERNAL_WORDS = re.compile(r"\bseeds?\b|\bnodes?\b|\brests?[ _]on\b|\bBecause:|\b[a-z]+_[a-z_]+\b", re.IGNORECASE)


def internal_ids() -> re.Pattern:
    """Ids a reader must never see: role/item passage ids, and any id of two hyphens or more."""
    hb = HANDBOOK
    ids = {pid for pid in hb.passages if "/" in pid or pid.count("-") >= 2}
    ids |= {f"{t.id}/{n}" for t in hb.trees.values() for n in t.nodes}
    return re.compile("|".join(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])" for i in sorted(ids, key=len, reverse=True)))


def test_readers_never_see_internal_words_or_ids(site: Path):
    """The visible text of every page (templates the wizard shows included) and the search index."""
    ids = internal_ids()
    found = []
    for path in pages(site):
        address = page_address(site, path)
        if address in MAINTAINERS_PAGES:
            continue
        text = " ".join("".join(parse(path).text).split())
        for pattern in (INTERNAL_WORDS, ids):
            for match in pattern.finditer(text):
                found.append(f"{address}: …{text[max(0, match.start() - 50):match.end() + 30]}…")
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        text = htmllib.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}"))
        for pattern in (INTERNAL_WORDS, ids):
            for match in pattern.finditer(text):
                found.append(f"search index, {doc['location']}: …{text[max(0, match.start() - 50):match.end() + 30]}…")
    assert not found, "\n".join(found)


# The words of the interactive parts' controls and status lines: what a script shows, never what a reader searches.
WIDGET_WORDS = ["wizard.restart", "wizard.copy_record", "wizard.copy_link", "wizard.engine_loading", "wizard.copy_blocked",
                "picker.new", "record.copy", "record.save_handover"]


def test_search_finds_the_handbook_not_its_widgets(site: Path):
    """The search index holds each page's own words; the widgets' templates and status lines are left out
    (a wizard's questions and outcomes are indexed once, from the outline beside it)."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    found = [f"{doc['location']}: {key}" for doc in index["docs"] for key in WIDGET_WORDS
             if interface_words.plain(HANDBOOK.words, key) in htmllib.unescape(doc["text"])]
    assert not found, found
    tree = next(iter(HANDBOOK.trees.values()))
    question = inline.to_plain(tree.nodes[tree.start].question)
    pages = {doc["location"].split("#")[0] for doc in index["docs"] if question in htmllib.unescape(doc["text"])}
    assert f"wizards/{tree.id}/" in pages


def test_every_page_with_checklists_carries_their_toolbar_once(site: Path):
    """The toolbar (which incident, progress, copy, reset) is one template a page, however many checklists
    the page has: the page of all runbooks has every role's, and does not repeat the toolbar for each."""
    counts = {}
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        checklists = text.count("<handbook-checklist ")
        if checklists:
            counts[path.relative_to(site).as_posix()] = (checklists, text.count('data-handbook-part="toolbar"'))
    assert counts["runbooks/index.html"][0] > 5
    assert {page: toolbars for page, (_, toolbars) in counts.items() if toolbars != 1} == {}


def test_maintainers_pages_are_out_of_the_readers_navigation_and_search(site: Path):
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    home = (site / "index.html").read_text("utf-8")
    for address in MAINTAINERS_PAGES:
        assert (site / address / "index.html").exists(), address
        assert address not in indexed, f"{address} is in the search index"
        assert f'href="{address}"' not in home, f"{address} is in the navigation"
    # The review page lists every outcome of every tree, and every decision-bearing passage.
    hb = HANDBOOK
    review = (site / "maintainers" / "review" / "index.html").read_text("utf-8")
    outcomes = [f"{t.id}-{n.id}" for t in hb.trees.values() for n in t.nodes.values() if n.is_outcome]
    assert review.count('class="handbook-review-outcome"') == len(outcomes)
    for anchor in outcomes:
        assert f'id="review-{anchor}"' in review
    for pid, passage in hb.passages.items():
        if passage.bears_on_decisions:
            assert f"<tr><td><code>{pid}</code></td>" in review, pid


def test_the_scan_would_catch_an_internal_word():
    """The scan above is only as good as its patterns: each catches what it is for."""
    for text in ("The seed does not say", "Rests on: this", "Because: why", "see next_steps", "a node"):
        assert INTERNAL_WORDS.search(text), text
    some_id = next(pid for pid in HANDBOOK.passages if "/" in pid)  # a role's item, say
    assert internal_ids().search(f"applies {some_id} here")
    assert not INTERNAL_WORDS.search("The handbook does not say what happens when the product's PMM is away.")
