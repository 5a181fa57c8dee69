"""The handbook as a person opens it: pages, navigation, search."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_home_page_shows_where_to_start(page: Page, site_url: str, console_errors):
    page.goto(site_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Incident communication guidelines")
    start = page.locator(".handbook-start-here")
    expect(start.get_by_role("link", name="Who is the Comms Lead?")).to_be_visible()
    expect(start.get_by_role("link", name="Do we notify users now?")).to_be_visible()
    assert not console_errors


def test_navigation_reaches_the_comms_lead_checklist(page: Page, site_url: str):
    page.goto(site_url)
    page.locator(".md-sidebar--primary").get_by_role("link", name="Comms Lead", exact=True).first.click()
    expect(page).to_have_url(site_url + "roles/comms-lead/")
    expect(page.get_by_role("checkbox", name="Join the incident channel immediately and make your role clear.")
           ).to_be_visible()


def test_search_finds_generated_content(page: Page, site_url: str):
    page.goto(site_url)
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("six hours")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result").get_by_text("Make sure the status page is accurate").first
           ).to_be_visible()
