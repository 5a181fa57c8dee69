"""Interactive role checklists: ticks kept per incident in the browser.

The real site, built once per session (conftest.py), in Debian's Chromium.
State lives in localStorage under one key; see checklist-state.mjs for its
shape and docs/maintaining.md for how it is versioned.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

# These tests drive the checklists' ticks, cadences, exports and stored record through this handbook's own items, ids and
# wording (its Comms Lead's checklist, its six-hour status page duty, exports written out in full), so they
# belong to the set that runs only on this content (marker "fidelity": handbook.yml declares source_text).
# On any other handbook the same machine is exercised, derived from the content, by
# tests/browser/test_offline_csp.py and test_site_browser.py (a tick, a reload, a role's checklist) and by
# tests/browser/test_other_handbook.py (a tick that survives a reload on the second fixture).
pytestmark = pytest.mark.fidelity

ROLE_PAGE = "roles/comms-lead/"
# Another page in the readers' navigation that shows the Comms Lead's checklists. (docs/maintaining.md
# embedded them with a handbook block until it stopped depending on the content; the runbook shows the same
# checklists with the same toolbar, and a block in a hand-written page is built in tests/build/test_fixture_build.py.)
RUNBOOK_PAGE, RUNBOOK_LINK = "runbooks/comms-lead/", "Comms Lead runbook"
EMBEDDING_PAGE = RUNBOOK_PAGE
KEY = "handbook.checklists"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

JOIN = "Join the incident channel immediately and make your role clear."
LOOP = "Stay in the loop without adding noise."
STATUS_PAGE = "Make sure the status page is accurate and up to date."
ITEMS_ON_ROLE_PAGE = 12


# -- helpers -----------------------------------------------------------------


def open_checklist(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".handbook-incident")).to_be_visible()


def box(page: Page, label: str):
    return page.get_by_role("checkbox", name=label)


def item(page: Page, item_id: str):
    return page.locator(f'li.handbook-item[data-handbook-item="{item_id}"]')


def stored(page: Page):
    text = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)


def seed(page: Page, site_url: str, value) -> None:
    """Store ``value`` (text, or JSON-able) before any checklist page is opened."""
    page.goto(site_url)  # same origin, no checklist on it
    text = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, text])


def only_incident(state: dict) -> dict:
    (incident,) = state["incidents"].values()
    return incident


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def instant_navigate(page: Page, link_name: str, url: str) -> None:
    """Follow a sidebar link; Material swaps the page body without a reload.

    The click is dispatched rather than made with the mouse: the sidebar
    grows with the handbook, and its lower links may be out of view.
    """
    page.locator(".md-sidebar--primary").get_by_role("link", name=link_name, exact=True).first.dispatch_event("click")
    expect(page).to_have_url(url)


def run_axe(page: Page) -> list:
    """axe-core's violations in the page's content (the checklists, their toolbar and dialog)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run({include: ['.md-content']}, {resultTypes: ['violations']})).violations")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result]


# -- ticking and keeping -------------------------------------------------------


def test_ticks_persist_across_reload_and_a_new_tab(page: Page, site_url: str, console_errors):
    open_checklist(page, site_url + ROLE_PAGE)
    status = page.locator(".handbook-progress-text")
    expect(status).to_have_text(f"0 of {ITEMS_ON_ROLE_PAGE} done")
    box(page, JOIN).check()
    box(page, LOOP).check()
    expect(status).to_have_text(f"2 of {ITEMS_ON_ROLE_PAGE} done")
    expect(item(page, "join-channel").locator(".handbook-when")).to_contain_text("Ticked")
    expect(page.locator(".handbook-checklist[data-handbook-checklist='during'] .handbook-phase-progress")
           ).to_have_text("1 of 4 done")

    page.reload()
    expect(box(page, JOIN)).to_be_checked()
    expect(box(page, LOOP)).to_be_checked()
    expect(box(page, STATUS_PAGE)).not_to_be_checked()
    expect(status).to_have_text(f"2 of {ITEMS_ON_ROLE_PAGE} done")

    other = page.context.new_page()
    open_checklist(other, site_url + ROLE_PAGE)
    expect(box(other, JOIN)).to_be_checked()
    expect(box(other, LOOP)).to_be_checked()

    box(page, LOOP).uncheck()
    page.reload()
    expect(box(page, LOOP)).not_to_be_checked()
    incident = only_incident(stored(page))
    assert set(incident["items"]) == {"comms-lead/join-channel"}
    assert not console_errors


def test_ticks_persist_across_instant_navigation(page: Page, site_url: str, console_errors):
    open_checklist(page, site_url + ROLE_PAGE)
    page.evaluate("window.handbookNoReload = true")
    box(page, JOIN).check()
    instant_navigate(page, "Sales", site_url + "roles/sales/")
    expect(page.locator(".handbook-incident")).to_have_count(1)
    instant_navigate(page, "Comms Lead", site_url + ROLE_PAGE)
    expect(page.locator(".handbook-incident")).to_have_count(1)
    expect(box(page, JOIN)).to_be_checked()
    box(page, LOOP).check()
    instant_navigate(page, RUNBOOK_LINK, site_url + RUNBOOK_PAGE)
    expect(box(page, JOIN)).to_be_checked()
    # Material navigated in place: the window (and our module) stayed.
    assert page.evaluate("window.handbookNoReload") is True
    # One toolbar, one time line an item, however often enhance ran.
    expect(page.locator(".handbook-incident")).to_have_count(1)
    expect(item(page, "join-channel").locator(".handbook-when")).to_have_count(1)
    assert not console_errors


# Count what our modules add to window/document and which intervals they keep.
COUNT_GLOBALS = """
(() => {
  const ours = () => /\\/assets\\/handbook\\/(checklist|incident)/.test(new Error().stack || "");
  const log = { listeners: [], intervals: new Set() };
  window.handbookGlobals = log;
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if ((this === window || this === document) && ours()) log.listeners.push(type);
    return add.call(this, type, ...rest);
  };
  const every = window.setInterval, stop = window.clearInterval;
  window.setInterval = function (...args) {
    const id = every.apply(this, args);
    if (ours()) log.intervals.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    log.intervals.delete(id);
    return stop.call(this, id);
  };
})();
"""


def test_instant_navigation_leaks_no_listeners_or_timers(page: Page, site_url: str):
    page.add_init_script(COUNT_GLOBALS)
    open_checklist(page, site_url + ROLE_PAGE)
    first = page.evaluate("[...handbookGlobals.listeners].sort()")
    # Decisions from wizards are offered to the record; the store follows other tabs;
    # the clock and the reminders catch up when the tab is seen again.
    assert first == ["handbook:decision", "storage", "visibilitychange", "visibilitychange"]
    for name, path in [("Sales", "roles/sales/"), ("Comms Lead", ROLE_PAGE), ("Support", "roles/support/"),
                       ("Comms Lead", ROLE_PAGE)]:
        instant_navigate(page, name, site_url + path)
        expect(page.locator(".handbook-incident")).to_have_count(1)
    assert page.evaluate("[...handbookGlobals.listeners].sort()") == first
    assert page.evaluate("handbookGlobals.intervals.size") == 1
    # A page without checklists stops the clock.
    instant_navigate(page, "Channels", site_url + "channels/")
    expect(page.locator(".handbook-incident")).to_have_count(0)
    page.wait_for_function("handbookGlobals.intervals.size === 0")


def test_incidents_are_kept_apart(page: Page, site_url: str, console_errors):
    open_checklist(page, site_url + ROLE_PAGE)
    name = page.get_by_role("textbox", name="Incident", exact=True)
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
                          ".map((n) => String(n).padStart(2, '0')).join('-'); })()")
    expect(name).to_have_value(f"{today} incident")
    assert stored(page) is None, "only looking at the page stores nothing"

    name.fill("2026-11-27 ingestion delay")
    box(page, JOIN).check()

    page.get_by_role("button", name="New incident").click()
    expect(name).to_be_focused()
    expect(name).to_have_value(f"{today} incident")
    name.fill("2026-11-28 login errors")
    expect(box(page, JOIN)).not_to_be_checked()
    box(page, LOOP).check()

    switch = page.get_by_role("combobox", name="Switch to")
    expect(switch.locator("option")).to_have_text(["2026-11-28 login errors", "2026-11-27 ingestion delay"])
    switch.select_option(label="2026-11-27 ingestion delay")
    expect(box(page, JOIN)).to_be_checked()
    expect(box(page, LOOP)).not_to_be_checked()
    expect(name).to_have_value("2026-11-27 ingestion delay")

    # The incident chosen last is the one other pages (and new tabs) open.
    open_checklist(page, site_url + EMBEDDING_PAGE)
    expect(name).to_have_value("2026-11-27 ingestion delay")
    expect(box(page, JOIN)).to_be_checked()
    other = page.context.new_page()
    open_checklist(other, site_url + ROLE_PAGE)
    expect(other.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-27 ingestion delay")

    state = stored(page)
    by_name = {incident["name"]: incident for incident in state["incidents"].values()}
    assert set(by_name["2026-11-27 ingestion delay"]["items"]) == {"comms-lead/join-channel"}
    assert set(by_name["2026-11-28 login errors"]["items"]) == {"comms-lead/stay-in-loop"}
    assert state["version"] == 4
    assert not console_errors


def test_two_tabs_stay_in_sync(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    other = page.context.new_page()
    open_checklist(other, site_url + ROLE_PAGE)
    # Both tabs start on an unsaved default; the first tick saves it, and the other tab follows.
    box(page, JOIN).check()
    expect(box(other, JOIN)).to_be_checked()
    expect(other.locator(".handbook-incident-switch option")).to_have_count(1)
    expect(other.locator(".handbook-incident-switch")).to_be_hidden()  # nothing to switch to yet

    box(other, LOOP).check()
    expect(box(page, LOOP)).to_be_checked()  # the storage event, no reload
    expect(page.locator(".handbook-progress-text")).to_have_text(f"2 of {ITEMS_ON_ROLE_PAGE} done")
    box(page, JOIN).uncheck()
    expect(box(other, JOIN)).not_to_be_checked()

    # Each tab keeps its own incident: a new one in one tab leaves the other alone.
    other.get_by_role("button", name="New incident").click()
    other.get_by_role("textbox", name="Incident", exact=True).fill("Second incident")
    expect(box(other, LOOP)).not_to_be_checked()
    expect(box(page, LOOP)).to_be_checked()
    expect(page.get_by_role("combobox", name="Switch to").locator("option")).to_have_count(2)


# -- stored state: versions, changes, trouble -----------------------------------------


def test_a_changed_checklist_migrates_stored_state(page: Page, site_url: str, console_errors):
    # Version 1 kept one time an item. "tweet-about-it" was dropped from the
    # handbook since; "sales/old-item" belongs to a role this page does not show.
    seed(page, site_url, {
        "version": 1,
        "current": "i-old1",
        "incidents": {"i-old1": {
            "name": "2026-11-20 login errors",
            "created": "2026-11-20T09:00:00.000Z",
            "items": {
                "comms-lead/join-channel": "2026-11-20T09:05:00.000Z",
                "comms-lead/tweet-about-it": "2026-11-20T09:06:00.000Z",
                "sales/old-item": "2026-11-20T09:07:00.000Z",
            },
        }},
    })
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value("2026-11-20 login errors")
    expect(box(page, JOIN)).to_be_checked()
    expect(item(page, "join-channel").locator("time")).to_have_attribute("datetime", "2026-11-20T09:05:00.000Z")
    expect(page.locator(".handbook-progress-text")).to_have_text(f"1 of {ITEMS_ON_ROLE_PAGE} done")
    expect(page.locator(".handbook-notice")).to_be_hidden()

    state = stored(page)
    assert state["version"] == 4
    assert state["current"] == "i-old1"
    incident = state["incidents"]["i-old1"]
    assert incident["decisions"] == [] and incident["channel"] == incident["plan"] == ""
    assert incident["items"] == {
        "comms-lead/join-channel": {"done": ["2026-11-20T09:05:00.000Z"]},
        "sales/old-item": {"done": ["2026-11-20T09:07:00.000Z"]},  # until a page shows the Sales role
    }
    assert incident["updated"] == "2026-11-20T09:07:00.000Z"

    open_checklist(page, site_url + "roles/sales/")
    assert "sales/old-item" not in stored(page)["incidents"]["i-old1"]["items"]
    assert not console_errors


def test_invalid_entries_are_dropped_one_by_one(page: Page, site_url: str):
    seed(page, site_url, {
        "version": 2,
        "current": "i-good",
        "incidents": {
            "i-good": {
                "name": "Good incident", "created": "2026-11-27T09:00:00.000Z",
                "updated": "2026-11-27T09:10:00.000Z", "extra": "ignored",
                "items": {
                    "comms-lead/join-channel": {"done": ["2026-11-27T09:05:00.000Z"]},
                    "comms-lead/stay-in-loop": {"done": ["yesterday"]},
                    "comms-lead/decide-outbound": {"done": []},
                    "comms-lead/../../etc": {"done": ["2026-11-27T09:05:00.000Z"]},
                    "__proto__": {"done": ["2026-11-27T09:05:00.000Z"]},
                },
            },
            "i-bad-name": {"name": 42, "created": "2026-11-27T09:00:00.000Z",
                           "updated": "2026-11-27T09:00:00.000Z", "items": {}},
            "constructor": {"name": "x", "created": "2026-11-27T09:00:00.000Z",
                            "updated": "2026-11-27T09:00:00.000Z", "items": {}},
        },
    })
    open_checklist(page, site_url + ROLE_PAGE)
    expect(box(page, JOIN)).to_be_checked()
    expect(box(page, LOOP)).not_to_be_checked()
    expect(page.locator(".handbook-notice")).to_be_hidden()
    state = stored(page)
    assert list(state["incidents"]) == ["i-good"]
    assert state["incidents"]["i-good"] == {
        "name": "Good incident", "created": "2026-11-27T09:00:00.000Z", "updated": "2026-11-27T09:10:00.000Z",
        "channel": "", "plan": "", "decisions": [],
        "items": {"comms-lead/join-channel": {"done": ["2026-11-27T09:05:00.000Z"]}},
    }
    assert page.evaluate("({}).done") is None  # nothing leaked into Object.prototype


def test_stored_names_are_text_never_markup(page: Page, site_url: str):
    name = '<img src=x onerror="window.handbookPwned=1">'
    seed(page, site_url, {"version": 2, "current": "i-x", "incidents": {"i-x": {
        "name": name, "created": "2026-11-27T09:00:00.000Z", "updated": "2026-11-27T09:00:00.000Z",
        "items": {"comms-lead/join-channel": {"done": ["2026-11-27T09:05:00.000Z"]}}}}})
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name="Incident", exact=True)).to_have_value(name)
    page.get_by_role("button", name="Reset ticks…").click()
    expect(page.get_by_role("dialog", name="Reset the ticks?")).to_contain_text(name)
    assert page.locator("article img[src='x']").count() == 0
    assert page.evaluate("window.handbookPwned") is None


THROWING_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem", "clear", "key"]) {
  Storage.prototype[name] = function () {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
}
"""


def test_storage_that_throws_leaves_a_working_checklist(page: Page, site_url: str):
    errors: list = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(THROWING_STORAGE)
    open_checklist(page, site_url + ROLE_PAGE)
    notice = page.locator(".handbook-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ticks won't be kept")
    expect(notice).to_have_attribute("data-handbook-problem", "unavailable")
    box(page, JOIN).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(f"1 of {ITEMS_ON_ROLE_PAGE} done")
    expect(item(page, "join-channel").locator(".handbook-when")).to_contain_text("Ticked")
    # Kept in memory across instant navigation, at least.
    instant_navigate(page, RUNBOOK_LINK, site_url + RUNBOOK_PAGE)
    expect(box(page, JOIN)).to_be_checked()
    assert not [e for e in errors if "handbook" in e or "checklist" in e], errors


def test_a_full_storage_says_ticks_are_no_longer_kept(page: Page, site_url: str):
    page.add_init_script("""
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (key === "handbook.checklists") throw new DOMException("full", "QuotaExceededError");
        return set.call(this, key, value);
      };
    """)
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.locator(".handbook-notice")).to_be_hidden()
    box(page, JOIN).check()
    expect(page.locator(".handbook-notice")).to_have_attribute("data-handbook-problem", "write-failed")
    expect(box(page, JOIN)).to_be_checked()
    box(page, LOOP).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(f"2 of {ITEMS_ON_ROLE_PAGE} done")


@pytest.mark.parametrize("garbage", ["{not json", "null", "[]", '"text"', '{"version": "2"}',
                                     '{"version": 2, "incidents": []}', '{"version": 0, "incidents": {}}'])
def test_garbage_in_storage_leaves_a_working_checklist(page: Page, site_url: str, garbage: str, console_errors):
    seed(page, site_url, garbage)
    open_checklist(page, site_url + ROLE_PAGE)
    notice = page.locator(".handbook-notice")
    expect(notice).to_have_attribute("data-handbook-problem", "corrupt")
    expect(notice).to_contain_text("Ticks won't be kept")
    box(page, JOIN).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(f"1 of {ITEMS_ON_ROLE_PAGE} done")
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == garbage, "unreadable data is not overwritten"

    notice.get_by_role("button", name="Discard the unreadable data").click()
    expect(notice).to_be_hidden()
    assert set(only_incident(stored(page))["items"]) == {"comms-lead/join-channel"}
    page.reload()
    expect(box(page, JOIN)).to_be_checked()
    assert not console_errors


def test_data_from_a_newer_handbook_is_left_alone(page: Page, site_url: str):
    newer = json.dumps({"version": 99, "whatever": {"comes": "next"}})
    seed(page, site_url, newer)
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.locator(".handbook-notice")).to_have_attribute("data-handbook-problem", "newer")
    box(page, JOIN).check()
    expect(box(page, JOIN)).to_be_checked()
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == newer


# -- reset, export, cadence ----------------------------------------------------------


def test_reset_asks_first(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    reset = page.get_by_role("button", name="Reset ticks…")
    expect(reset).to_be_disabled()
    box(page, JOIN).check()
    box(page, LOOP).check()

    reset.click()
    dialog = page.get_by_role("dialog", name="Reset the ticks?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("2 ticked items")
    expect(dialog.get_by_role("button", name="Keep the ticks")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(box(page, JOIN)).to_be_checked()

    reset.click()
    dialog.get_by_role("button", name="Keep the ticks").click()
    expect(box(page, LOOP)).to_be_checked()

    reset.click()
    dialog.get_by_role("button", name="Untick all").click()
    expect(dialog).to_be_hidden()
    expect(box(page, JOIN)).not_to_be_checked()
    expect(box(page, LOOP)).not_to_be_checked()
    expect(page.get_by_role("button", name="Copy as Markdown")).to_be_focused()
    assert only_incident(stored(page))["items"] == {}


EXPORT_TIME = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14:05 in Berlin


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin", locale="en-GB")
def test_exported_markdown_matches_the_ticks(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(EXPORT_TIME)
    open_checklist(page, site_url + ROLE_PAGE)
    page.get_by_role("textbox", name="Incident", exact=True).fill("2026-11-27 ingestion delay")
    box(page, JOIN).check()
    box(page, STATUS_PAGE).check()
    box(page, "Create a comms plan").check()
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator(".handbook-incident-message")).to_contain_text("Copied")
    markdown = page.evaluate("navigator.clipboard.readText()")

    lines = markdown.splitlines()
    assert lines[0] == "### Comms Lead checklist: 2026-11-27 ingestion delay"
    assert lines[2] == f"3 of {ITEMS_ON_ROLE_PAGE} done, as of 2026-11-27 14:05 UTC+01:00."
    assert "**On appointment**" in lines and "**Handover**" in lines
    assert f"- [x] {JOIN} (ticked 2026-11-27 14:05 UTC+01:00)" in lines
    assert (f"- [x] {STATUS_PAGE} (every 6 h: last done 2026-11-27 14:05 UTC+01:00, "
            "next due 2026-11-27 20:05 UTC+01:00)") in lines
    assert ("- [x] Create a comms plan to coordinate the response. This should be an issue in an internal repo. "
            "[Here's an example comms plan for a critical incident]"
            "(https://github.com/PostHog/company-internal/issues/2431). (ticked 2026-11-27 14:05 UTC+01:00)") in lines
    assert f"- [ ] {LOOP}" in lines
    assert sum(line.startswith("- [x] ") for line in lines) == 3
    assert sum(line.startswith("- [ ] ") for line in lines) == ITEMS_ON_ROLE_PAGE - 3
    # The page shows the same ticks.
    ticked = page.locator("input.handbook-box:checked")
    expect(ticked).to_have_count(3)


def test_export_falls_back_to_a_textarea(page: Page, site_url: str):
    page.add_init_script("""
      Object.defineProperty(Navigator.prototype, "clipboard", {
        get: () => ({ writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) }),
      });
    """)
    open_checklist(page, site_url + EMBEDDING_PAGE)
    box(page, JOIN).check()
    page.get_by_role("button", name="Copy as Markdown").click()
    textarea = page.get_by_role("textbox", name="The checklist as Markdown")
    expect(textarea).to_be_visible()
    expect(textarea).to_be_focused()
    expect(textarea).to_have_attribute("readonly", "")
    text = textarea.input_value()
    assert "**On appointment**" in text
    assert re.search(rf"^- \[x\] {re.escape(JOIN)} \(ticked \d{{4}}-\d\d-\d\d \d\d:\d\d UTC", text, re.M)
    expect(page.locator(".handbook-incident-message")).to_contain_text("did not let the page copy")


START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_a_duty_on_a_cadence_turns_overdue_and_can_be_done_again(page: Page, site_url: str):
    page.clock.install(time=START - timedelta(minutes=1))
    open_checklist(page, site_url + ROLE_PAGE)
    page.clock.pause_at(START)  # from here on, time moves only when the test says so
    duty = item(page, "status-page-accurate")
    box(page, STATUS_PAGE).check()
    expect(duty).to_have_attribute("data-handbook-state", "done")
    when = duty.locator(".handbook-when")
    expect(when).to_contain_text("next due")
    expect(when.locator("time").nth(1)).to_have_attribute("datetime", iso(START + timedelta(hours=6)))

    page.clock.fast_forward("05:59:30")
    expect(duty).to_have_attribute("data-handbook-state", "done")
    page.clock.fast_forward("01:00")  # the 30-second re-check notices
    expect(duty).to_have_attribute("data-handbook-state", "overdue")
    expect(when).to_contain_text("Overdue")
    expect(page.locator(".handbook-progress-text")).to_have_text(f"1 of {ITEMS_ON_ROLE_PAGE} done · 1 overdue")
    expect(page.locator(".handbook-incident-message")).to_contain_text(f"Overdue: {STATUS_PAGE}")
    expect(box(page, STATUS_PAGE)).to_be_checked()

    duty.get_by_role("button", name="Done again").click()
    expect(duty).to_have_attribute("data-handbook-state", "done")
    expect(when).to_contain_text("(2 times)")
    done = only_incident(stored(page))["items"]["comms-lead/status-page-accurate"]["done"]
    assert len(done) == 2 and done[0] == iso(START)

    # A tab coming back from the background re-checks at once (no timer fires here).
    page.clock.set_system_time(START + timedelta(hours=20))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(duty).to_have_attribute("data-handbook-state", "overdue")

    box(page, STATUS_PAGE).uncheck()
    expect(duty).to_have_attribute("data-handbook-state", "todo")
    expect(when).to_be_hidden()


# -- without scripts, in print, for everyone ------------------------------------------


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_a_plain_list_of_boxes(page: Page, site_url: str):
    page.goto(site_url + ROLE_PAGE)
    expect(page.locator("input.handbook-box")).to_have_count(ITEMS_ON_ROLE_PAGE)
    expect(page.locator(".handbook-incident")).to_have_count(0)
    box(page, JOIN).check()
    expect(box(page, JOIN)).to_be_checked()


def test_printed_boxes_are_empty_squares_and_the_toolbar_is_not_printed(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    box(page, JOIN).check()
    page.emulate_media(media="print")
    expect(page.locator(".handbook-incident")).to_be_hidden()
    expect(item(page, "join-channel").locator(".handbook-when")).to_be_hidden()
    look = page.locator(f"#{box(page, JOIN).get_attribute('id')}").evaluate(
        "el => { const s = getComputedStyle(el); return [s.appearance, s.borderTopStyle, s.width, s.height]; }")
    assert look[0] == "none" and look[1] == "solid" and look[2] == look[3]


def test_keyboard_ticks_and_progress_is_announced(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    status = page.locator(".handbook-progress-text")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator(".handbook-incident-message")).to_have_attribute("aria-live", "polite")
    page.get_by_role("textbox", name="Incident", exact=True).focus()
    page.keyboard.press("Tab")
    new = page.get_by_role("button", name="New incident")
    expect(new).to_be_focused()
    assert new.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    box(page, JOIN).focus()
    page.keyboard.press("Space")
    expect(box(page, JOIN)).to_be_checked()
    expect(status).to_have_text(f"1 of {ITEMS_ON_ROLE_PAGE} done")
    expect(page.locator(".handbook-incident-message")).to_contain_text("Ticked. On appointment: 1 of 1 done.")
    assert box(page, JOIN).evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    # The time it was ticked is the box's description.
    described = box(page, JOIN).get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text("Ticked")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(page: Page, site_url: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    # One incident with a tick, an overdue duty, and a second incident to switch to.
    seven_hours_ago = iso(datetime.now(UTC) - timedelta(hours=7))
    seed(page, site_url, {"version": 2, "current": "i-a", "incidents": {
        "i-a": {"name": "2026-11-27 ingestion delay", "created": seven_hours_ago, "updated": seven_hours_ago,
                "items": {"comms-lead/join-channel": {"done": [seven_hours_ago]},
                          "comms-lead/status-page-accurate": {"done": [seven_hours_ago]}}},
        "i-b": {"name": "2026-11-20 login errors", "created": "2026-11-20T09:00:00.000Z",
                "updated": "2026-11-20T09:00:00.000Z", "items": {}},
    }})
    open_checklist(page, site_url + ROLE_PAGE)
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    expect(item(page, "status-page-accurate")).to_have_attribute("data-handbook-state", "overdue")
    assert run_axe(page) == []

    page.get_by_role("button", name="Reset ticks…").click()
    expect(page.get_by_role("dialog", name="Reset the ticks?")).to_be_visible()
    assert run_axe(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_notices(page: Page, site_url: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    seed(page, site_url, "{not json")
    page.add_init_script("""
      Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
    """)
    open_checklist(page, site_url + EMBEDDING_PAGE)
    expect(page.locator(".handbook-notice")).to_be_visible()
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator(".handbook-export")).to_be_visible()
    assert run_axe(page) == []


# -- the state module on its own ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=8)
    | st.sampled_from(["2026-11-27T09:05:00.000Z", "2026-13-40T99:00:00.000Z", "i-a", "comms-lead/join-channel"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["version", "current", "incidents", "name", "created", "updated", "items", "done",
                         "i-a", "i-b", "comms-lead/join-channel", "__proto__", "constructor"]) | st.text(max_size=5),
        children, max_size=4),
    max_leaves=12,
)
stored_documents = st.one_of(
    json_values,
    st.fixed_dictionaries({"version": st.sampled_from([1, 2, 3, "2", None]), "current": json_values,
                           "incidents": st.dictionaries(st.sampled_from(["i-a", "i-b", "x"]), json_values,
                                                        max_size=3)}),
)


@pytest.fixture
def state_module(page: Page, site_url: str):
    page.goto(site_url)
    page.evaluate("async (url) => { window.checklistState = await import(url); }",
                  site_url + "assets/handbook/incident-state.mjs")
    return page


PARSE = """(text) => {
  const { parseStored, serialize } = window.checklistState;
  const first = parseStored(text);
  const again = parseStored(serialize(first.state));
  return { status: first.status, stable: serialize(again.state) === serialize(first.state),
           againStatus: again.status, againChanged: again.changed, polluted: ({}).done !== undefined };
}"""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=stored_documents)
def test_parsing_never_throws_and_what_it_keeps_is_stable(state_module: Page, document):
    result = state_module.evaluate(PARSE, json.dumps(document))
    assert result["status"] in {"empty", "ok", "migrated", "corrupt", "newer"}
    assert result["stable"]
    assert result["againStatus"] in {"ok", "empty"} or result["status"] in {"corrupt", "newer"}
    assert not result["againChanged"], "a parsed state reads back unchanged"
    assert not result["polluted"]


def test_parsing_text_that_is_not_json(state_module: Page):
    for text in ["", "{", "undefined", "\u0000", "[1,2", "NaN"]:
        assert state_module.evaluate(PARSE, text)["status"] == "corrupt"
    assert state_module.evaluate("window.checklistState.parseStored(null).status") == "empty"
