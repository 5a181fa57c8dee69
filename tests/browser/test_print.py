"""Print and PDF: the runbook PDFs made by the same code as `make pdf`, and every page under print media."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from scripts import runbook_pdf

from incident_engine import inline
from incident_handbook import runbooks
from tests.browser.conftest import SHARED_CONTEXT
from tests.conftest import ROOT
from tests.handbook_content import HANDBOOK, first_tree

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py

ROLES = list(HANDBOOK.roles.values())
ROLE = ROLES[0].id
# For the single-page tests, picked from the content: a role whose items have details (the runbook's
# colours are checked on them), the role with the fewest items (a short page), and a tree's longest path.
DETAILED = next((r for r in ROLES if any(i.detail for _c, i in r.items())), None)
SHORTEST = min(ROLES, key=lambda r: len(list(r.items()))).id
T, LONGEST = first_tree() or (None, None)
PAPERS = {"a4": (595.92, 842.88), "letter": (612.0, 792.0)}  # points
ENGINE_TIMEOUT = 90_000  # ms: a wait, not a measure; a cold boot is ~1 s quiet, far more on a loaded 2-core machine


@pytest.fixture(scope="module")
def pdfs(site_dir: Path, browser, tmp_path_factory) -> Path:
    """Every runbook PDF of the real site, printed by the code `make pdf` runs."""
    out = tmp_path_factory.mktemp("runbook-pdfs")
    written = runbook_pdf.render(site_dir, out_dir=out, browser=browser)
    assert sorted(p.name for p in written) == sorted(
        runbooks.pdf_name(stem, paper) for stem in [*HANDBOOK.roles, runbooks.ALL] for paper in PAPERS)
    return out


def pages_text(path: Path) -> list:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without any whitespace: a PDF breaks lines (and long addresses) where it likes."""
    return "".join(text.split())


def printed(text: str) -> str:
    """Inline text as a runbook prints it: each link followed by its address."""
    out = []
    for kind, body, href in inline.spans(text):
        out.append(f"{body} ({href})" if kind == "link" and body != href else body)
    return "".join(out)


def web_links(role) -> list:
    """The addresses of the links in a role's checklists, as the content has them."""
    texts = [t for c in role.checklists for t in [*(i.text for i in c.items), *(i.detail for i in c.items),
                                                  *(x.text for x in c.callouts)]]
    return sorted({href for t in texts for kind, _body, href in inline.spans(t) if kind == "link"})


# -- the PDFs ------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("role", ROLES, ids=[r.id for r in ROLES])
def test_each_role_pdf_holds_every_checklist_item_and_link_address(pdfs: Path, role, paper: str):
    text = squash(" ".join(pages_text(pdfs / runbooks.pdf_name(role.id, paper))))
    assert squash(runbooks.title(role)) in text
    missing = [i.id for _c, i in role.items() if squash(printed(i.text)) not in text]
    assert not missing, f"checklist items missing from the {role.id} PDF: {missing}"
    for href in web_links(role):
        assert squash(href) in text, f"{href} is not printed in the {role.id} PDF"


@pytest.mark.fidelity  # this handbook's Comms Lead fits one sheet
@pytest.mark.parametrize("paper", PAPERS)
def test_comms_lead_runbook_is_one_sheet(pdfs: Path, paper: str):
    reader = PdfReader(pdfs / runbooks.pdf_name("comms-lead", paper))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAPERS[paper], abs=1)


@pytest.mark.parametrize("paper", PAPERS)
def test_all_runbooks_start_each_role_on_a_new_sheet(pdfs: Path, paper: str):
    pages = pages_text(pdfs / runbooks.pdf_name(runbooks.ALL, paper))
    first_lines = [t.strip().splitlines()[0] if t.strip() else "" for t in pages]
    starts = [first_lines.index(runbooks.title(r)) for r in ROLES]
    assert starts[0] == 0 and starts == sorted(starts), first_lines
    # each runbook takes as many sheets as when printed alone: no blank sheet between them
    alone = [len(PdfReader(pdfs / runbooks.pdf_name(r.id, paper)).pages) for r in ROLES]
    assert [b - a for a, b in zip(starts, [*starts[1:], len(pages)], strict=True)] == alone
    # and the title of a role appears nowhere else at the top of a sheet
    assert sum(1 for line in first_lines if line.endswith(" runbook")) == len(ROLES)


def test_no_pdf_ends_with_a_blank_sheet(pdfs: Path):
    for path in sorted(pdfs.glob("*.pdf")):
        assert squash(pages_text(path)[-1]), f"{path.name} ends with a blank page"


class PdfLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.endswith(".pdf"):
            self.hrefs.append(href)


def test_make_pdf_builds_pages_that_link_to_the_pdfs_it_prints(tmp_path: Path, browser):
    site = runbook_pdf.build(ROOT / "mkdocs.yml", tmp_path / "site")
    runbook_pdf.render(site, browser=browser)
    checked = 0
    for page in sorted((site / runbooks.RUNBOOKS_DIR).rglob("*.html")):
        parser = PdfLinks()
        parser.feed(page.read_text("utf-8"))
        for href in parser.hrefs:
            target = (page.parent / href).resolve()
            assert target.is_file() and target.read_bytes().startswith(b"%PDF"), f"{page}: {href}"
            checked += 1
    assert checked == 2 * len(ROLES) + 2 * (len(ROLES) + 1)  # each runbook page, and the page of them all


# -- print media ------------------------------------------------------------------

SITE_CHROME = [".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-tabs"]


@pytest.mark.parametrize("path", [f"runbooks/{ROLE}/", f"roles/{ROLE}/", "runbooks/",
                                  *([f"wizards/{T.id}/"] if T else [])])
def test_print_leaves_out_navigation_search_header_footer_and_noprint(page: Page, site_url: str, path: str,
                                                                      tmp_path: Path, console_errors):
    page.set_viewport_size({"width": 1400, "height": 900})  # wide: Material shows both sidebars on screen
    page.goto(site_url + path)
    page.evaluate("""() => {
        const article = document.querySelector("article");
        article.insertAdjacentHTML("beforeend",
          '<p class="handbook-noprint" id="t-class">screen only</p><p data-handbook-noprint id="t-attr">screen only</p>');
    }""")
    expect(page.locator(".md-header")).to_be_visible()
    expect(page.locator("#t-attr")).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    for selector in [*SITE_CHROME, "#t-class", "#t-attr", ".handbook-incident", ".handbook-wizard .md-button",
                     ".handbook-wizard-controls", ".handbook-copy", ".headerlink"]:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    expect(page.locator("article :is(h1, h2.handbook-runbook-title):visible").first).to_be_visible()
    assert not console_errors


OPTIONAL_PAGES = [f"{getattr(getattr(HANDBOOK, attr), 'id', None) or default}/"
                  for attr, default in (("appointment", "appointing"), ("channels", "channels"))
                  if getattr(HANDBOOK, attr, None) is not None]


@pytest.mark.parametrize("path", ["", *OPTIONAL_PAGES, "roles/", f"roles/{SHORTEST}/", "maintaining/"])
def test_a_short_page_prints_without_a_blank_last_sheet(page: Page, site_url: str, path: str, tmp_path: Path):
    page.goto(site_url + path)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert squash(pages_text(pdf)[-1]), f"/{path} ends with a blank sheet"


@pytest.mark.skipif(DETAILED is None, reason="no item of the content has a detail")
def test_runbook_prints_empty_boxes_black_on_white_and_splits_nothing(page: Page, site_url: str):
    first = next(i for _c, i in DETAILED.items())
    box_id = f"handbook-{DETAILED.id}-{first.id}"
    page.goto(site_url + f"runbooks/{DETAILED.id}/")
    page.locator(f'label[for="{box_id}"]').click()  # ticked on screen
    assert page.locator(f"#{box_id}").is_checked()
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")  # even from the dark scheme
    page.emulate_media(media="print")
    style = page.evaluate("""(boxId) => {
        const s = (el) => getComputedStyle(el);
        const box = document.getElementById(boxId);
        const leaf = (sel) => [...document.querySelectorAll(sel)].map((el) => s(el).breakInside);
        return {
          appearance: s(box).appearance, boxBg: s(box).backgroundColor, boxBorder: s(box).borderTopColor,
          text: s(document.querySelector(".handbook-detail")).color,
          link: s(document.querySelector(".handbook-runbook a")).color,
          page: s(document.body).backgroundColor,
          items: leaf("li.handbook-item"), questions: leaf(".handbook-flow .handbook-question"),
          outcomes: leaf(".handbook-outcome"),
        };
    }""", box_id)
    assert style["appearance"] == "none" and style["boxBg"] == "rgb(255, 255, 255)"
    assert style["boxBorder"] == "rgb(0, 0, 0)"
    assert style["text"] == style["link"] == "rgb(0, 0, 0)" and style["page"] == "rgb(255, 255, 255)"
    flows = any(DETAILED.id in t.used_by for t in HANDBOOK.trees.values())
    for kind in ("items", "questions", "outcomes") if flows else ("items",):
        assert style[kind] and set(style[kind]) == {"avoid"}, kind


@pytest.mark.skipif(T is None, reason="the content has no decision trees")
def test_a_reached_outcome_prints_with_its_decision_record(page: Page, site_url: str, tmp_path: Path):
    state = ".".join(LONGEST.answers)
    page.goto(site_url + f"wizards/{T.id}/?{T.id}={state}")
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", LONGEST.outcome.id, timeout=ENGINE_TIMEOUT)
    page.emulate_media(media="print")
    expect(result).to_be_visible()
    expect(result.locator(".handbook-record")).to_be_visible()
    for selector in (".handbook-wizard .md-button", ".handbook-copy", ".handbook-wizard-controls", ".handbook-fallback"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.handbook-result')).breakInside") == "avoid"
    pdf = tmp_path / "wizard.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = [squash(t) for t in pages_text(pdf)]
    outcome = squash(inline.to_plain(LONGEST.outcome.outcome))
    on = [i for i, t in enumerate(pages) if outcome in t and "Decisionrecord" in t]
    assert on, "the outcome and its decision record are not on one sheet"
    assert re.search(rf"Link:http://127\.0\.0\.1:\d+/wizards/{T.id}/\?{T.id}={re.escape(state)}", pages[on[0]])
    assert pages[-1], "blank trailing page"
