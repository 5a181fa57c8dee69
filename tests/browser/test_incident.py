"""The incident record: one incident, its decisions, ticks and due duties, handed over and pasted.

The real site (conftest.py) in Debian's Chromium. Time is Playwright's
controlled clock wherever a test looks at it; the record lives in
localStorage (see incident-state.mjs and docs/maintaining.md).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from incident_engine import inline
from incident_engine.decision import paths
from incident_handbook.loading import load_handbook
from tests.conftest import ROOT

HANDBOOK = load_handbook(ROOT / "checklists", ROOT)
TREES = list(HANDBOOK.trees.values())
KEY = "handbook.checklists"
RECORD = "incident/"
ROLE_PAGE = "roles/comms-lead/"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ENGINE_TIMEOUT = 30_000

JOIN = "Join the incident channel immediately and make your role clear."
STATUS_PAGE = "Make sure the status page is accurate and up to date."
START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # 11:00 in Berlin
BERLIN = {"timezone_id": "Europe/Berlin", "locale": "en-GB"}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def stored(page: Page):
    text = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)


def stored_text(page: Page):
    return page.evaluate("key => localStorage.getItem(key)", KEY)


def seed(page: Page, site_url: str, value) -> None:
    page.goto(site_url + "404.html")  # same origin, no record on it
    text = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])


def open_record(page: Page, site_url: str) -> None:
    page.goto(site_url + RECORD)
    expect(page.locator("handbook-incident-page .handbook-timeline")).to_be_attached()


def first_outcome_path(tree):
    return paths(tree)[0]


SEEDED = {
    "version": 3, "current": "i-abc-def", "incidents": {"i-abc-def": {
        "name": "2026-11-27 ingestion delay",
        "created": iso(START), "updated": iso(START + timedelta(hours=6, minutes=5)),
        "channel": "https://example.slack.com/archives/C123", "plan": "https://github.com/example/comms/issues/7",
        "items": {
            "comms-lead/join-channel": {"done": [iso(START + timedelta(minutes=1))]},
            "comms-lead/status-page-accurate": {"done": [iso(START + timedelta(minutes=2)),
                                                          iso(START + timedelta(hours=6, minutes=5))], "every": 6},
        },
        "decisions": [{
            "at": iso(START + timedelta(minutes=3)), "tree": "notify-now", "title": "Do we notify users now?",
            "path": "no.no", "answers": [{"question": "Is this a security incident?", "answer": "No"}],
            "outcome": "No outbound comms for now.",
            "record": "**Do we notify users now?** — decision record (2026-11-27 10:03 UTC)\n\n**Outcome:** No.",
        }],
    }},
}


# -- starting and picking ---------------------------------------------------------------------


def test_an_incident_is_started_from_the_home_page_and_is_the_record(page: Page, site_url: str, console_errors):
    page.goto(site_url)
    picker = page.locator("handbook-incident-picker")
    name = picker.get_by_role("textbox", name="Incident", exact=True)
    expect(name).to_be_visible()
    assert stored(page) is None, "only looking at the page stores nothing"
    picker.get_by_role("button", name="New incident").click()
    expect(name).to_be_focused()
    name.fill("2026-11-27 ingestion delay")
    picker.get_by_role("link", name="Incident record").click()
    expect(page).to_have_url(site_url + RECORD)
    record = page.locator("handbook-incident-page")
    expect(record.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 ingestion delay")
    expect(record.locator(".handbook-timeline li")).to_have_count(1)
    expect(record.locator(".handbook-timeline li")).to_contain_text("Incident record started")

    # Links to the channel and the comms plan; anything but a web address is refused.
    channel = record.get_by_role("textbox", name="Incident channel")
    channel.fill("javascript:alert(1)")
    channel.press("Tab")
    expect(record.locator(".handbook-incident-message")).to_contain_text("not a web address")
    channel.fill("https://example.slack.com/archives/C123")
    channel.press("Tab")
    expect(record.locator(".handbook-incident-message")).to_contain_text("Incident channel kept")
    (incident,) = stored(page)["incidents"].values()
    assert incident["channel"] == "https://example.slack.com/archives/C123"
    assert incident["name"] == "2026-11-27 ingestion delay"

    # The checklist's toolbar is on the same incident.
    page.goto(site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 ingestion delay")
    assert not console_errors


@pytest.mark.parametrize("tree", TREES, ids=[t.id for t in TREES])
def test_a_decision_is_recorded_from_each_wizard(page: Page, site_url: str, tree, console_errors):
    page.clock.install(time=START - timedelta(minutes=5))
    path = first_outcome_path(tree)
    page.goto(f"{site_url}wizards/{tree.id}/")
    page.locator("handbook-incident-picker").get_by_role("textbox", name="Incident", exact=True).fill("Login errors")
    page.goto(f"{site_url}wizards/{tree.id}/?{tree.id}=" + ".".join(path.answers))
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", path.outcome.id, timeout=ENGINE_TIMEOUT)
    page.clock.pause_at(START)
    result.get_by_role("button", name="Record this decision").click()
    expect(result.locator(".handbook-recorded")).to_contain_text("Recorded in “Login errors” at 10:00 UTC")

    (incident,) = stored(page)["incidents"].values()
    (decision,) = incident["decisions"]
    assert decision["tree"] == tree.id and decision["path"] == ".".join(path.answers)
    assert decision["at"] == iso(START)
    assert decision["outcome"] == inline.to_plain(path.outcome.outcome)
    assert [a["question"] for a in decision["answers"]] == [inline.to_plain(n.question) for n, _ in path.steps]
    assert [a["answer"] for a in decision["answers"]] == [inline.to_plain(o.label) for _, o in path.steps]
    # The same words as the copied decision record, without the link (the record rebuilds it).
    assert decision["record"] in result.locator(".handbook-record").inner_text()

    result.get_by_role("link", name="Incident record").click()
    expect(page).to_have_url(site_url + RECORD)
    shown = page.locator(".handbook-decision")
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text(tree.title)
    expect(shown).to_contain_text(inline.to_plain(path.outcome.outcome))
    expect(shown.locator(".handbook-decision-answers li")).to_have_count(len(path.steps))
    expect(page.locator('.handbook-timeline li[data-handbook-event="decision"]')).to_contain_text(tree.title)
    # The decision reopens in its wizard.
    shown.get_by_role("link", name="Open this decision in the wizard").click()
    expect(page.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", path.outcome.id,
                                                               timeout=ENGINE_TIMEOUT)
    assert not console_errors


# -- ticks, cadence, reminders ---------------------------------------------------------------


@pytest.mark.browser_context_args(**BERLIN)
def test_ticks_and_a_cadence_duty_make_the_timeline_and_the_due_time(page: Page, site_url: str):
    page.add_init_script("""
      window.handbookNotes = [];
      window.Notification = class { static permission = "default";
        static requestPermission() { return Promise.resolve(Notification.permission); }
        constructor(title, options) { window.handbookNotes.push([title, options.body]); } };
    """)
    page.clock.install(time=START - timedelta(minutes=1))
    page.goto(site_url + ROLE_PAGE)
    page.clock.pause_at(START)
    page.get_by_role("textbox", name="Incident", exact=True).fill("Ingestion delay")
    page.get_by_role("checkbox", name=JOIN).check()
    page.clock.fast_forward("02:00")
    page.get_by_role("checkbox", name=STATUS_PAGE).check()

    page.locator(".handbook-incident").get_by_role("link", name="Incident record").click()
    expect(page).to_have_url(site_url + RECORD)
    timeline = page.locator(".handbook-timeline li")
    expect(timeline).to_have_text([
        "10:00 UTC (11:00 local) Incident record started",
        f"10:00 UTC (11:00 local) Ticked (Comms Lead): {JOIN}",
        f"10:02 UTC (11:02 local) Ticked (Comms Lead): {STATUS_PAGE}",
    ])
    duty = page.locator('.handbook-duty[data-handbook-duty="comms-lead/status-page-accurate"]')
    expect(duty).to_have_attribute("data-handbook-state", "due")
    expect(duty).to_contain_text("Next due 16:02 UTC (17:02 local)")
    expect(duty.get_by_role("link")).to_have_attribute("href", site_url + "roles/comms-lead/#item-status-page-accurate")
    expect(page.locator('.handbook-role-progress li[data-handbook-role="comms-lead"]')).to_contain_text("2 of 12 done")
    title = page.title()
    assert not title.startswith("(")

    # Due: the duty turns overdue, the tab's title and an announcement say so; no notification unasked.
    page.clock.fast_forward("06:00:30")
    expect(duty).to_have_attribute("data-handbook-state", "overdue")
    expect(duty).to_contain_text("Overdue since 16:02 UTC (17:02 local)")
    expect(page).to_have_title(f"(1 due) {title}")
    expect(page.locator("#handbook-reminder-live")).to_contain_text(f"Due now (since 16:02 UTC): {STATUS_PAGE}")
    assert page.evaluate("handbookNotes") == []

    # Done again on the checklist: the clock starts over, the title is plain again.
    page.goto(site_url + ROLE_PAGE)
    page.locator('li[data-handbook-item="status-page-accurate"]').get_by_role("button", name="Done again").click()
    page.goto(site_url + RECORD)
    expect(duty).to_contain_text("Next due 22:02 UTC (23:02 local)")
    expect(timeline.last).to_have_text(f"16:02 UTC (17:02 local) Done again (Comms Lead): {STATUS_PAGE}")
    assert not page.title().startswith("(")

    # Allowed now: the next time it comes due, a notification too.
    page.evaluate("Notification.permission = 'granted'")
    page.clock.fast_forward("06:01:00")
    expect(page).to_have_title(f"(1 due) {title}")
    page.wait_for_function("handbookNotes.length === 1")
    assert page.evaluate("handbookNotes") == [["Due in “Ingestion delay”", f"Due now (since 22:02 UTC): {STATUS_PAGE}"]]
