"""Runbooks: built from the content, every link's address written for paper, PDFs linked only when made."""

from __future__ import annotations

import html as htmllib
import json
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from incident_engine import inline
from incident_handbook import links, runbooks
from incident_handbook.fragments import Render
from incident_handbook.loading import load_handbook
from tests.conftest import FIXTURE_SITE, ROOT


@pytest.fixture(scope="module")
def hb():
    return load_handbook(ROOT / "checklists", ROOT)


@pytest.fixture(scope="module")
def site(handbook_site) -> Path:
    return handbook_site.dir


class Tags(HTMLParser):
    """Every start tag, and the text, of a page's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []
        self.text: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def content(page_html: str) -> str:
    """The article of a built page (what prints), without Material's chrome."""
    start = page_html.index('<article class="md-content__inner md-typeset">')
    return page_html[start:page_html.index("</article>", start)]


def parse(fragment: str) -> Tags:
    t = Tags()
    t.feed(fragment)
    return t


ADDRESS = re.compile(r'<span class="handbook-runbook-address">[^<]*</span>')


def plain(fragment: str) -> str:
    """The words of some HTML: blocks apart, inline elements run together."""
    text = re.sub(r"</?(p|li|ul|ol|h\d|div|section|dl|dt|dd|label|blockquote)\b[^>]*>", " ", fragment)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", text)).split())


def runbook_html(site: Path, role_id: str) -> str:
    return content((site / "runbooks" / role_id / "index.html").read_text("utf-8"))


def section(html: str, cls: str) -> str:
    """The first element with class ``cls``, with all it holds."""
    m = re.search(rf'<(\w+) class="{cls}"[^>]*>', html)
    assert m, cls
    tag, depth = m.group(1), 0
    for t in re.finditer(rf"<(/?){tag}\b[^>]*>", html[m.start():]):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return html[m.start():m.start() + t.end()]
    raise AssertionError(f"unclosed {tag}.{cls}")


# -- the pages ---------------------------------------------------------------

def test_a_runbook_per_role_and_a_page_of_them_all_in_the_navigation(site: Path, hb):
    home = (site / "index.html").read_text("utf-8")
    assert 'href="runbooks/"' in home
    for role in hb.roles.values():
        assert (site / "runbooks" / role.id / "index.html").exists()
        assert f'href="runbooks/{role.id}/"' in home, role.id


def test_runbook_holds_every_checklist_item_of_the_role_with_an_empty_box(site: Path, hb):
    for role in hb.roles.values():
        t = parse(ADDRESS.sub("", runbook_html(site, role.id)))
        boxes = [a for tag, a in t.tags if tag == "input" and "handbook-box" in a.get("class", "")]
        assert [b["id"] for b in boxes] == [f"handbook-{role.id}-{i.id}" for _c, i in role.items()]
        assert not any("checked" in b for b in boxes)
        text = " ".join("".join(t.text).split())
        for _c, item in role.items():
            assert " ".join(inline.to_plain(item.text).split()) in text


def test_runbook_shows_exactly_the_trees_the_role_uses_as_a_numbered_flow(site: Path, hb):
    flows = 0
    for role in hb.roles.values():
        html = runbook_html(site, role.id)
        shown = re.findall(r'class="handbook-flow" data-handbook-tree="([^"]+)"', html)
        assert shown == [t.id for t in hb.trees.values() if role.id in t.used_by], role.id
        for m in re.finditer(r'class="handbook-flow" data-handbook-tree="([^"]+)"', html):
            flows += 1
            tree = hb.trees[m.group(1)]
            flow = section(html[html.rindex("<", 0, m.start()):], "handbook-flow")
            # every node once; questions numbered, outcomes lettered; every answer leads to a key that exists
            questions = sum(1 for n in tree.nodes.values() if not n.is_outcome)
            assert len(re.findall(r'class="handbook-(question|outcome)"', flow)) == len(tree.nodes)
            keys = re.findall(r'<span class="handbook-flow-key">([^<]+)</span>', flow)
            assert keys[:questions] == [str(i) for i in range(1, questions + 1)], (role.id, tree.id)
            assert keys[questions:] == [chr(ord("A") + i) for i in range(len(tree.nodes) - questions)]
            goes = re.findall(r'class="handbook-flow-go" href="#([^"]+)">→&nbsp;([^<]+)</a>', flow)
            assert len(goes) == sum(len(n.options) for n in tree.nodes.values())
            ids = set(re.findall(rf'id="(flow-{re.escape(tree.id)}-[^"]+)"', flow))
            assert {target for target, _ in goes} <= ids
            for node in tree.nodes.values():
                if node.is_outcome:
                    assert " ".join(inline.to_plain(node.outcome).split()) in plain(flow), (tree.id, node.id)
    assert flows or not any(t.used_by for t in hb.trees.values())


def test_key_rules_follow_edited_content():
    """A fork's content makes its own rules: nothing in them is a fixed string about the content
    (the fixture handbook, edited in memory: its cadence, channel uses and role names)."""
    fork = load_handbook(FIXTURE_SITE / "checklists", FIXTURE_SITE)
    role = fork.roles["lead"]
    item = next(i for _c, i in role.items() if i.cadence)
    item.cadence.every_minutes = 20
    for ch in fork.channels.channels:
        ch.use = {"Primary": "Only if asked", "Default for outbound messages": "Whenever you like"}.get(ch.use, ch.use)
    fork.roles["helper"].name = "Aide"
    text = plain(" ".join(runbooks.rules(fork, Render("runbooks/lead"), role)))
    assert "At least every 20 minutes" in text and "hours" not in text
    assert "Status page: Only if asked" in text and "Email: Whenever you like" in text and "Primary" not in text
    assert "Aide: Updating the status page" in text
    assert "Helper" not in text


def test_a_forks_runbooks_have_its_own_rules(fixture_build: Path):
    out = fixture_build
    lead = plain(section(content((out / "runbooks/lead/index.html").read_text("utf-8")), "handbook-runbook-rules"))
    assert lead == ("Key rules At least every 6 hours: Check the status page. "
                    "Channels: Status page: Primary (kept by Helper); Email: Default for outbound messages. "
                    "Not yours: Helper: Updating the status page.")
    helper = plain(section(content((out / "runbooks/helper/index.html").read_text("utf-8")),
                           "handbook-runbook-rules"))
    assert helper == "Key rules Yours, from other roles: Updating the status page (not the Lead’s)."


def test_every_link_prints_its_address_web_or_handbook_page(site: Path, hb):
    for role in hb.roles.values():
        html = runbook_html(site, role.id)
        body = html[html.index('<div class="handbook-runbook"'):]
        for m in re.finditer(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>(<span class="handbook-runbook-address">'
                             r" \(([^<]*)\)</span>)?", body, re.S):
            href, label, address = htmllib.unescape(m.group(1)), plain(m.group(2)), m.group(4)
            address = htmllib.unescape(address) if address else None
            if href.startswith("http"):
                assert address == href or (address is None and label == href), (role.id, href)
            elif href.startswith("#"):
                assert address is None
            else:  # a page of the handbook: named, never its relative URL
                assert address is None or (address.startswith("see ") and "/" not in address.split("›")[0]), address
                if address is None:
                    assert label in {htmllib.unescape(x) for x in re.findall(r"<title>([^<]*?) - ", (
                        site / posixpath.normpath(posixpath.join("runbooks", role.id, href.split("#")[0]))
                        / "index.html").read_text("utf-8"))}, (role.id, href, label)


def test_the_page_of_all_runbooks_has_each_role_once_and_unique_ids(site: Path, hb):
    html = content((site / "runbooks/index.html").read_text("utf-8"))
    t = parse(html)
    ids = Counter(a["id"] for _tag, a in t.tags if "id" in a)
    assert not [i for i, n in ids.items() if n > 1]
    fors = {a["for"] for tag, a in t.tags if tag == "label" and "for" in a}
    assert fors <= set(ids)
    titles = re.findall(r'<h2 id="runbook-([^"]+)" class="handbook-runbook-title">([^<]+)</h2>', html)
    assert titles == [(r.id, runbooks.title(r)) for r in hb.roles.values()]
    # its own heading and introduction are for the screen only
    assert re.search(r'<h1 [^>]*class="handbook-noprint"', html)
    # the same checklist items as the role runbooks (a <template>'s inputs are not the page's)
    boxes = [a["id"] for tag, a in parse(re.sub(r"<template\b.*?</template>", "", html, flags=re.S)).tags
             if tag == "input"]
    assert boxes == [f"{r.id}--handbook-{r.id}-{i.id}" for r in hb.roles.values() for _c, i in r.items()]


def test_runbooks_are_left_out_of_search(site: Path):
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("runbooks/")]


# -- PDF links -----------------------------------------------------------------

def test_a_normal_build_links_to_no_pdf(site: Path):
    for path in (site / "runbooks").rglob("*.html"):
        assert ".pdf" not in path.read_text("utf-8"), path


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_build_for_pdfs_links_each_runbook_to_its_pdfs(hb, directory_urls):
    made = runbooks.pages(hb, pdfs=True, directory_urls=directory_urls)
    plain_pages = runbooks.pages(hb, directory_urls=directory_urls)
    urls = {src: links.url(links.Here(src.removesuffix(".md"), directory_urls)) for src in made}
    assert not any(".pdf" in md for md in plain_pages.values())
    for src, md in made.items():
        page = src.removesuffix(".md")
        base = urls[src].rstrip("/") if directory_urls else posixpath.dirname(urls[src])
        targets = {posixpath.normpath(posixpath.join(base, h)) for h in re.findall(r'href="([^"]+\.pdf)"', md)}
        stems = [runbooks.ALL, *hb.roles] if page == runbooks.INDEX else [page.split("/")[-1]]
        assert targets == {runbooks.pdf_path(s, p) for s in stems for p in runbooks.PAPERS}, page
