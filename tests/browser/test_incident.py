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
from markdown import markdown as markdown_to_html
from playwright.sync_api import Browser, Page, expect

from incident_engine import inline
from incident_engine.decision import paths
from incident_handbook.loading import load_handbook
from tests.conftest import ROOT

# These tests drive the incident record, its timeline, duties, handovers and exports through this handbook's own items, ids and
# wording (its Comms Lead's checklist, its six-hour status page duty, exports written out in full), so they
# belong to the set that runs only on this content (marker "fidelity": handbook.yml declares source_text).
# On any other handbook the same machine is exercised, derived from the content, by
# tests/browser/test_offline_csp.py and test_site_browser.py (a tick, a reload, a role's checklist) and by
# tests/browser/test_other_handbook.py (a tick that survives a reload on the second fixture).
pytestmark = pytest.mark.fidelity

HANDBOOK = load_handbook(ROOT / "checklists", ROOT)
TREES = list(HANDBOOK.trees.values())
KEY = "handbook.checklists"
RECORD = "incident/"
ROLE_PAGE = "roles/comms-lead/"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ENGINE_TIMEOUT = 90_000  # ms: a wait, not a measure; a cold boot is ~1 s quiet, far more on a loaded 2-core machine

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


# -- Markdown ---------------------------------------------------------------------------------

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


@pytest.mark.browser_context_args(**BERLIN)
def test_the_record_exports_as_markdown(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(START + timedelta(hours=12, minutes=30))
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text("Copied")
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown == EXPECTED_MARKDOWN.replace("{site}", site_url).replace(" \\\n", " ")

    # Pasted into an issue, it renders as headings, lists, a quote and links, and nothing is left as raw markup.
    rendered = markdown_to_html(markdown)
    assert rendered.count("<h3>") == 4 and "<blockquote>" in rendered
    assert '<a href="https://example.slack.com/archives/C123">' in rendered
    assert f'<a href="{site_url}wizards/notify-now/?notify-now=no.no">Open this decision in the wizard</a>' in rendered
    assert "<strong>Overdue</strong>" in rendered and "**" not in rendered


# -- handing over -----------------------------------------------------------------------------

SHOWN = ".handbook-timeline li, .handbook-duty, .handbook-decision-head, .handbook-role-progress li"


def shown_record(page: Page) -> list:
    return page.locator(f"handbook-incident-page :is({SHOWN})").all_inner_texts()


def save_handover(page: Page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Save handover file").click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


@pytest.mark.browser_context_args(**BERLIN)
def test_a_handover_reproduces_the_incident_in_another_browser(page: Page, site_url: str, browser: Browser,
                                                                tmp_path: Path, foreign_requests: list):
    now = START + timedelta(hours=12, minutes=30)
    page.clock.set_fixed_time(now)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    before = shown_record(page)
    path = save_handover(page, tmp_path)
    assert path.name == "2026-11-27-ingestion-delay.handover.json"
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text(f"Saved {path.name}")
    handover = json.loads(path.read_text("utf-8"))
    assert handover["kind"] == "handbook-incident-handover" and handover["version"] == 4
    assert handover["incident"] == SEEDED["incidents"]["i-abc-def"]

    # Another machine: a fresh browser context, nothing stored.
    other = browser.new_context(**BERLIN)
    other.on("request", lambda r: None if r.url.startswith(site_url) else foreign_requests.append(r.url))
    try:
        next_lead = other.new_page()
        next_lead.clock.set_fixed_time(now)
        open_record(next_lead, site_url)
        next_lead.get_by_label("Open a handover file").set_input_files(path)
        expect(next_lead.locator(".handbook-import-result")).to_have_text(
            "Opened the handover of “2026-11-27 ingestion delay”: 1 decision, 2 ticked items. "
            "It is now the current incident.")
        assert stored(next_lead)["incidents"] == SEEDED["incidents"]
        assert stored(next_lead)["current"] == "i-abc-def"
        assert shown_record(next_lead) == before
        expect(next_lead.get_by_role("textbox", name="Comms plan")).to_have_value(SEEDED["incidents"]["i-abc-def"]["plan"])
        # The checklist carries on: same ticks, the same duty overdue.
        next_lead.goto(site_url + ROLE_PAGE)
        expect(next_lead.get_by_role("checkbox", name=JOIN)).to_be_checked()
        expect(next_lead.locator('li[data-handbook-item="status-page-accurate"]')).to_have_attribute(
            "data-handbook-state", "overdue")
        expect(next_lead.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 ingestion delay")
    finally:
        other.close()


def handover_text(**changes) -> str:
    incident = json.loads(json.dumps(SEEDED["incidents"]["i-abc-def"]))
    doc = {"kind": "handbook-incident-handover", "version": 4, "exported": iso(START), "id": "i-abc-def",
           "incident": incident}
    for path, value in changes.items():
        target = doc
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return json.dumps(doc)


GOOD = handover_text()
REFUSED = {
    "cut short": (GOOD[: len(GOOD) // 2], "cut short"),
    "empty": ("", "The file is empty."),
    "another kind of file": ('{"version": 3, "incidents": {}}', "not an incident handover"),
    "from a newer handbook": (handover_text(version=99), "made by a newer version of the handbook (format 99"),
    "a script for a link": (handover_text(incident__plan="javascript:alert(document.cookie)"),
                            "incident.plan: not a web address"),
    "control characters in the name": (handover_text(incident__name="Login\u202eerrors"), "incident.name: not a name"),
    "a time that is not one": (handover_text(incident__items={"comms-lead/join-channel": {"done": ["yesterday"]}}),
                               'incident.items["comms-lead/join-channel"].done[0]: not a time'),
    "a prototype key": ('{"kind":"handbook-incident-handover","version":3,"id":"i-abc-def","incident":'
                        + json.dumps({**SEEDED["incidents"]["i-abc-def"], "items": {}})[:-1]
                        + ',"items":{"__proto__":{"done":["2026-11-27T10:00:00.000Z"]}}}}', "not a checklist item"),
    "markup smuggled into a decision": (handover_text(incident__decisions__0__html="<img src=x onerror=alert(1)>"),
                                        "incident.decisions[0].html: unknown field"),
    "a wrong incident id": (handover_text(id="../../etc"), "id: not an incident id"),
    "too large": (" " * 1_000_001, "too large"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_truncated_or_newer_handover_is_refused_and_nothing_changes(page: Page, site_url: str, case: str,
                                                                               tmp_path: Path, console_errors):
    text, why = REFUSED[case]
    mine = {"version": 3, "current": "i-mine", "incidents": {"i-mine": {
        "name": "My incident", "created": iso(START), "updated": iso(START), "channel": "", "plan": "",
        "items": {"comms-lead/join-channel": {"done": [iso(START)]}}, "decisions": []}}}
    seed(page, site_url, mine)
    open_record(page, site_url)
    before = stored_text(page)
    shown = shown_record(page)
    file = tmp_path / "handover.json"
    file.write_text(text, "utf-8")
    page.get_by_label("Open a handover file").set_input_files(file)
    result = page.locator(".handbook-import-result")
    expect(result).to_have_attribute("data-handbook-import", "refused")
    expect(result).to_contain_text("This handover was not opened, and nothing stored here was changed.")
    expect(result).to_contain_text(why)
    assert stored_text(page) == before
    assert shown_record(page) == shown
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value("My incident")
    assert page.evaluate("({}).done") is None and page.locator("img[src='x']").count() == 0
    assert not console_errors


def test_a_handover_of_an_incident_kept_here_merges_with_it(page: Page, site_url: str, tmp_path: Path):
    # The previous Comms Lead hands back: ticks and decisions of both are kept, each once.
    mine = json.loads(json.dumps(SEEDED))
    mine["incidents"]["i-abc-def"]["decisions"] = []
    mine["incidents"]["i-abc-def"]["items"]["comms-lead/stay-in-loop"] = {"done": [iso(START)]}
    seed(page, site_url, mine)
    open_record(page, site_url)
    file = tmp_path / "handover.json"
    file.write_text(GOOD, "utf-8")
    page.get_by_label("Open a handover file").set_input_files(file)
    expect(page.locator(".handbook-import-result")).to_contain_text("1 decision, 3 ticked items")
    incident = stored(page)["incidents"]["i-abc-def"]
    assert set(incident["items"]) == {"comms-lead/join-channel", "comms-lead/status-page-accurate",
                                      "comms-lead/stay-in-loop"}
    assert len(incident["decisions"]) == 1
    page.get_by_label("Open a handover file").set_input_files(file)  # twice: nothing doubles
    expect(page.locator(".handbook-decision")).to_have_count(1)
    assert stored(page)["incidents"]["i-abc-def"]["items"]["comms-lead/status-page-accurate"]["done"] == \
        SEEDED["incidents"]["i-abc-def"]["items"]["comms-lead/status-page-accurate"]["done"]


THROWING_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem", "clear", "key"]) {
  Storage.prototype[name] = function () { throw new DOMException("The operation is insecure.", "SecurityError"); };
}
"""


def test_without_storage_the_record_works_in_memory_and_says_so(page: Page, site_url: str, tmp_path: Path):
    errors: list = []
    # The theme's own inline scripts throw on such storage too; none of ours may.
    page.on("pageerror", lambda exc: errors.append(exc.stack or "") if "/assets/handbook/" in (exc.stack or "") else None)
    page.add_init_script(THROWING_STORAGE)
    page.goto(site_url + ROLE_PAGE)
    page.get_by_role("checkbox", name=JOIN).check()
    page.locator(".handbook-incident").get_by_role("link", name="Incident record").click()  # instant navigation
    expect(page).to_have_url(site_url + RECORD)
    notice = page.locator("handbook-incident-page .handbook-notice")
    expect(notice).to_have_attribute("data-handbook-problem", "unavailable")
    expect(notice).to_contain_text("won't be kept")
    expect(page.locator('.handbook-timeline li[data-handbook-event="ticked"]')).to_contain_text(JOIN)
    file = tmp_path / "handover.json"
    file.write_text(GOOD, "utf-8")
    page.get_by_label("Open a handover file").set_input_files(file)
    expect(page.locator(".handbook-decision")).to_have_count(1)
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 ingestion delay")
    assert not errors


# -- for everyone -----------------------------------------------------------------------------


def run_axe(page: Page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_a_full_record(page: Page, site_url: str, scheme: str, viewport: dict,
                                                  tmp_path: Path):
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    page.clock.set_fixed_time(START + timedelta(hours=12, minutes=30))
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    expect(page.locator(".handbook-duty[data-handbook-state='overdue']")).to_have_count(1)
    page.locator(".handbook-decision summary").click()
    file = tmp_path / "handover.json"
    file.write_text("{", "utf-8")
    page.get_by_label("Open a handover file").set_input_files(file)
    expect(page.locator(".handbook-import-result")).to_have_attribute("data-handbook-import", "refused")
    assert run_axe(page) == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_the_record_page_points_to_the_checklists_and_wizards(page: Page, site_url: str):
    page.goto(site_url + RECORD)
    expect(page.locator(".handbook-incident-fallback")).to_be_visible()
    expect(page.get_by_role("link", name="Comms Lead")).not_to_have_count(0)
    for tree in TREES:
        expect(page.locator("handbook-incident-page").get_by_role("link", name=tree.title)).to_have_count(1)


@pytest.mark.browser_context_args(**BERLIN)
def test_a_record_that_kept_cadences_in_hours_keeps_them_in_minutes(page: Page, site_url: str):
    """Version 3 kept a duty's cadence in hours; version 4 keeps minutes (a cadence may be 20 minutes)."""
    page.clock.set_fixed_time(START + timedelta(hours=1))
    old = json.loads(json.dumps(SEEDED))
    old["version"] = 3
    old["incidents"]["i-abc-def"]["items"]["comms-lead/status-page-accurate"]["every"] = 6
    seed(page, site_url, old)
    open_record(page, site_url)
    duty = page.locator('.handbook-duty[data-handbook-duty="comms-lead/status-page-accurate"]')
    expect(duty).to_contain_text("every 6 hours")
    state = stored(page)
    assert state["version"] == 4
    assert state["incidents"]["i-abc-def"]["items"]["comms-lead/status-page-accurate"]["every"] == 360


@pytest.mark.browser_context_args(**BERLIN)
def test_checklist_ticks_kept_before_the_record_existed_migrate_into_it(page: Page, site_url: str):
    page.clock.set_fixed_time(START + timedelta(hours=1))
    seed(page, site_url, {"version": 2, "current": "i-old", "incidents": {"i-old": {
        "name": "2026-11-27 login errors", "created": iso(START), "updated": iso(START + timedelta(minutes=2)),
        "items": {"comms-lead/join-channel": {"done": [iso(START + timedelta(minutes=1))]},
                  "comms-lead/status-page-accurate": {"done": [iso(START + timedelta(minutes=2))]}}}}})
    open_record(page, site_url)
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 login errors")
    expect(page.locator(".handbook-timeline li")).to_have_count(3)
    duty = page.locator('.handbook-duty[data-handbook-duty="comms-lead/status-page-accurate"]')
    expect(duty).to_contain_text("Next due 16:02 UTC (17:02 local)")
    state = stored(page)
    assert state["version"] == 4 and state["incidents"]["i-old"]["decisions"] == []
    # A page with the checklist gives the duty its cadence in the record, for reminders and handovers.
    page.goto(site_url + ROLE_PAGE)
    expect(page.get_by_role("checkbox", name=STATUS_PAGE)).to_be_checked()
    assert stored(page)["incidents"]["i-old"]["items"]["comms-lead/status-page-accurate"]["every"] == 360  # minutes


def test_a_cadence_of_minutes_falls_due_in_minutes(page: Page, site_url: str):
    """The record keeps cadences in minutes: a 20-minute duty is due 20 minutes after it was done."""
    page.goto(site_url)
    result = page.evaluate("""async (at) => {
      const s = await import(new URL("assets/handbook/incident-state.mjs", location.href));
      const state = s.emptyState();
      s.setTicked(state, "i-a", "An incident", "lead/glance", true, at, 20);
      const item = state.incidents["i-a"].items["lead/glance"];
      const status = s.cadenceStatus(item.done, item.every, Date.parse(at) + 21 * 60 * 1000);
      return { every: item.every, next: status.next - Date.parse(at), overdue: status.overdue,
               duties: s.dutiesOf(state.incidents["i-a"], Date.parse(at) + 19 * 60 * 1000).map((d) => d.overdue) };
    }""", iso(START))
    assert result == {"every": 20, "next": 20 * 60 * 1000, "overdue": True, "duties": [False]}
