"""The handbook as a person opens it: pages, navigation, search."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from incident_engine import inline
from tests.browser.conftest import SHARED_CONTEXT
from tests.handbook_content import HANDBOOK, role_with_items

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py


def test_home_page_shows_where_to_start(page: Page, site_url: str, console_errors):
    page.goto(site_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(HANDBOOK.front.title)
    start = page.locator(".handbook-start-here")
    for entry in HANDBOOK.front.start_here:
        expect(start.get_by_role("link", name=inline.to_plain(entry.label))).to_be_visible()
    assert not console_errors


def test_navigation_reaches_a_roles_checklist(page: Page, site_url: str):
    role = role_with_items()
    first = next(i for _c, i in role.items())
    page.goto(site_url)
    page.locator(".md-sidebar--primary").get_by_role("link", name=role.name, exact=True).first.click()
    expect(page).to_have_url(site_url + f"roles/{role.id}/")
    expect(page.get_by_role("checkbox", name=inline.to_plain(first.text))).to_be_visible()


@pytest.mark.fidelity  # searches this handbook's own words
def test_search_finds_generated_content(page: Page, site_url: str):
    page.goto(site_url)
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("six hours")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result").get_by_text("Make sure the status page is accurate").first
           ).to_be_visible()
