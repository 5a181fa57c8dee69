"""A record of this handbook's own incident, exported as Markdown, word for word: its Comms Lead's items, its
six-hour status page duty, its "Do we notify users now?" decision. The same export on any content is tested by
tests/browser/test_incident.py (test_the_record_exports_as_markdown); here only what is this handbook's."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser  # in real Chromium, like tests/browser/ (not in `make test-fast`)

KEY = "handbook.checklists"
START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


SEEDED = {
    "version": 4, "current": "i-abc-def", "incidents": {"i-abc-def": {
        "name": "2026-11-27 ingestion delay",
        "created": iso(START), "updated": iso(START + timedelta(hours=6, minutes=5)),
        "channel": "https://example.slack.com/archives/C123", "plan": "https://github.com/example/comms/issues/7",
        "items": {
            "comms-lead/join-channel": {"done": [iso(START + timedelta(minutes=1))]},
            "comms-lead/status-page-accurate": {"done": [iso(START + timedelta(minutes=2)),
                                                          iso(START + timedelta(hours=6, minutes=5))], "every": 360},
        },
        "decisions": [{
            "at": iso(START + timedelta(minutes=3)), "tree": "notify-now", "title": "Do we notify users now?",
            "path": "no.no", "answers": [{"question": "Is this a security incident?", "answer": "No"}],
            "outcome": "No outbound comms for now.",
            "record": "**Do we notify users now?** — decision record (2026-11-27 10:03 UTC)\n\n**Outcome:** No.",
        }],
    }},
}


EXPECTED_MARKDOWN = """\
## Incident record: 2026-11-27 ingestion delay

Started 2026-11-27 10:00 UTC; exported 2026-11-27 22:30 UTC.

- Incident channel: <https://example.slack.com/archives/C123>
- Comms plan: <https://github.com/example/comms/issues/7>

### Timeline (UTC)

- 2026-11-27 10:00 UTC: Incident record started
- 2026-11-27 10:01 UTC: Ticked (Comms Lead): Join the incident channel immediately and make your role clear.
- 2026-11-27 10:02 UTC: Ticked (Comms Lead): Make sure the status page is accurate and up to date.
- 2026-11-27 10:03 UTC: Decided with “Do we notify users now?”: No outbound comms for now.
- 2026-11-27 16:05 UTC: Done again (Comms Lead): Make sure the status page is accurate and up to date.

### Decisions

**Do we notify users now?** (decided 2026-11-27 10:03 UTC): No outbound comms for now.

> **Do we notify users now?** — decision record (2026-11-27 10:03 UTC)
>
> **Outcome:** No.

[Open this decision in the wizard]({site}wizards/notify-now/?notify-now=no.no)

### Duties coming due

- Comms Lead: Make sure the status page is accurate and up to date. — **Overdue** since 2026-11-27 22:05 UTC \
(every 6 h; last done 2026-11-27 16:05 UTC)

### Progress by role

- Comms Lead: 2 of 12 done
"""


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin", locale="en-GB")
def test_the_record_of_our_incident_exports_in_its_own_words(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(START + timedelta(hours=12, minutes=30))
    page.goto(site_url + "404.html")  # same origin, no record on it
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(SEEDED)])
    page.goto(site_url + "incident/")
    expect(page.locator("handbook-incident-page .handbook-timeline")).to_be_attached()
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text("Copied")
    markdown = page.evaluate("navigator.clipboard.readText()")
    # The exports say a cadence short (cadence.short_hours: words.every(…, short=True), written into the page by the build).
    assert markdown == EXPECTED_MARKDOWN.replace("{site}", site_url).replace(" \\\n", " ")
