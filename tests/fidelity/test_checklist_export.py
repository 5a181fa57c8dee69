"""The Comms Lead's checklist, exported as Markdown, word for word: this handbook's item texts, its link to an
example comms plan, its six-hour status page duty. The same export on any content is tested by
tests/browser/test_checklists.py (test_exported_markdown_matches_the_ticks); here only what is this handbook's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser  # in real Chromium, like tests/browser/ (not in `make test-fast`)

ROLE_PAGE = "roles/comms-lead/"
JOIN = "Join the incident channel immediately and make your role clear."
LOOP = "Stay in the loop without adding noise."
STATUS_PAGE = "Make sure the status page is accurate and up to date."
EXPORT_TIME = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14:05 in Berlin


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin", locale="en-GB")
def test_the_comms_leads_checklist_exports_in_its_own_words(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(EXPORT_TIME)
    page.goto(site_url + ROLE_PAGE)
    expect(page.locator(".handbook-incident")).to_be_visible()
    page.get_by_role("textbox", name="Incident", exact=True).fill("2026-11-27 ingestion delay")
    for label in (JOIN, STATUS_PAGE):
        page.get_by_role("checkbox", name=label).check()
    page.get_by_role("checkbox", name="Create a comms plan").check()
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator(".handbook-incident-message")).to_contain_text(
        "Copied the checklist as Markdown. Paste it into the comms plan or the incident channel.")
    lines = page.evaluate("navigator.clipboard.readText()").splitlines()

    assert lines[0] == "### Comms Lead checklist: 2026-11-27 ingestion delay"
    assert lines[2] == "3 of 12 done, as of 2026-11-27 14:05 UTC+01:00."
    assert "**On appointment**" in lines and "**Handover**" in lines
    assert f"- [x] {JOIN} (ticked 2026-11-27 14:05 UTC+01:00)" in lines
    # The exports say a cadence short (cadence.short_hours: words.every(…, short=True), written into the page by the build).
    assert (f"- [x] {STATUS_PAGE} (every 6 h: last done 2026-11-27 14:05 UTC+01:00, "
            "next due 2026-11-27 20:05 UTC+01:00)") in lines
    assert ("- [x] Create a comms plan to coordinate the response. This should be an issue in an internal repo. "
            "[Here's an example comms plan for a critical incident]"
            "(https://github.com/PostHog/company-internal/issues/2431). (ticked 2026-11-27 14:05 UTC+01:00)") in lines
    assert f"- [ ] {LOOP}" in lines
