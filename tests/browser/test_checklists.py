"""Interactive role checklists: ticks kept per incident in the browser.

The real site, built once per session (conftest.py), in Debian's Chromium.
State lives in localStorage under one key; see checklist-state.mjs for its
shape and docs/maintaining.md for how it is versioned.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from incident_engine import words
from tests.browser.checklist_subject import (
    A_KEY,
    AXE,
    B_KEY,
    DUTY,
    DUTY_KEY,
    JOIN,
    KEY,
    LOOP,
    PHASE_A,
    PHASE_B,
    ROLE,
    ROLE_NAME,
    ROLE_PAGE,
    STATUS_PAGE,
    A,
    B,
    needs_a_duty,
)
from tests.browser.conftest import REFUSED_CLIPBOARD, SHARED_CONTEXT, expect_storage_notice
from tests.handbook_content import (
    WORDS,
    another_role,
    every,
    md,
    page_without_checklists,
    plain,
    say,
    words_pattern,
)

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py

# The machine, on whatever content checklists/ holds: the role, its items, phases and duty on a cadence are
# picked from the loaded handbook (tests/handbook_content.py), and every word the interface adds comes from the
# handbook's words (incident_engine/words.py, with handbook.yml's overrides). The exact export of this
# handbook's own checklist is in tests/fidelity/test_checklist_export.py.

OTHER_ROLE = another_role(ROLE)
# Another page in the readers' navigation that shows the role's checklists: its runbook, with the same toolbar
# (a handbook block in a hand-written page is built in tests/build/test_fixture_build.py).
RUNBOOK_PAGE, RUNBOOK_LINK = f"runbooks/{ROLE.id}/", say("runbook.title", role=ROLE_NAME)
EMBEDDING_PAGE = RUNBOOK_PAGE

# An item the tests leave alone (None if the role has only those).
UNTOUCHED = next((i for _c, i in ROLE.items() if i.id not in {A.id, B.id, DUTY and DUTY.id}), None)
ITEMS_ON_ROLE_PAGE = len(ROLE.items())

# The interface's words.
INCIDENT, NEW_INCIDENT, SWITCH_TO = say("picker.label"), say("picker.new"), say("picker.switch")
COPY, RESET = say("checklist.copy_markdown"), say("checklist.reset")
RESET_TITLE, KEEP, UNTICK = say("checklist.reset_title"), say("checklist.keep_ticks"), say("checklist.untick_all")
TICKED = words_pattern("checklist.ticked_at")


def progress(done: int, total: int = ITEMS_ON_ROLE_PAGE, overdue: int = 0) -> str:
    if overdue:
        return say("checklist.page_progress_overdue", done=done, total=total, overdue=overdue)
    return say("checklist.progress", done=done, total=total)


def needs_another_role() -> None:
    if OTHER_ROLE is None:
        pytest.skip("only one role of this handbook has a checklist")


# Stored ticks the page no longer knows: an item dropped from the role since, an item of another role.
DROPPED = f"{ROLE.id}/an-item-dropped-since"
OLD_ITEM = f"{OTHER_ROLE.id if OTHER_ROLE else 'another-role'}/old-item"
assert DROPPED.split("/")[1] not in {i.id for _c, i in ROLE.items()}


# -- helpers -----------------------------------------------------------------


def open_checklist(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".handbook-incident")).to_be_visible()


def box(page: Page, label: str):
    """An item's checkbox, found as a reader finds it: by its label, the item's text."""
    return page.get_by_role("checkbox", name=label, exact=True)


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
    expect(status).to_have_text(progress(0))
    box(page, JOIN).check()
    box(page, LOOP).check()
    expect(status).to_have_text(progress(2))
    expect(item(page, A.id).locator(".handbook-when")).to_contain_text(TICKED)
    ticked_in_b = 1 + (PHASE_A.id == PHASE_B.id)
    expect(page.locator(f".handbook-checklist[data-handbook-checklist='{PHASE_B.id}'] .handbook-phase-progress")
           ).to_have_text(progress(ticked_in_b, len(PHASE_B.items)))

    page.reload()
    expect(box(page, JOIN)).to_be_checked()
    expect(box(page, LOOP)).to_be_checked()
    if UNTOUCHED:
        expect(box(page, plain(UNTOUCHED.text))).not_to_be_checked()
    expect(status).to_have_text(progress(2))

    other = page.context.new_page()
    open_checklist(other, site_url + ROLE_PAGE)
    expect(box(other, JOIN)).to_be_checked()
    expect(box(other, LOOP)).to_be_checked()

    box(page, LOOP).uncheck()
    page.reload()
    expect(box(page, LOOP)).not_to_be_checked()
    incident = only_incident(stored(page))
    assert set(incident["items"]) == {A_KEY}
    assert not console_errors


def test_ticks_persist_across_instant_navigation(page: Page, site_url: str, console_errors):
    open_checklist(page, site_url + ROLE_PAGE)
    page.evaluate("window.handbookNoReload = true")
    box(page, JOIN).check()
    needs_another_role()
    instant_navigate(page, plain(OTHER_ROLE.name), site_url + f"roles/{OTHER_ROLE.id}/")
    expect(page.locator(".handbook-incident")).to_have_count(1)
    instant_navigate(page, ROLE_NAME, site_url + ROLE_PAGE)
    expect(page.locator(".handbook-incident")).to_have_count(1)
    expect(box(page, JOIN)).to_be_checked()
    box(page, LOOP).check()
    instant_navigate(page, RUNBOOK_LINK, site_url + RUNBOOK_PAGE)
    expect(box(page, JOIN)).to_be_checked()
    # Material navigated in place: the window (and our module) stayed.
    assert page.evaluate("window.handbookNoReload") is True
    # One toolbar, one time line an item, however often the elements were connected.
    expect(page.locator(".handbook-incident")).to_have_count(1)
    expect(item(page, A.id).locator(".handbook-when")).to_have_count(1)
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
    needs_another_role()
    quiet = page_without_checklists()
    if quiet is None:
        pytest.skip("this handbook has no page without checklists in the readers' navigation (no prose page, no trees)")
    page.add_init_script(COUNT_GLOBALS)
    open_checklist(page, site_url + ROLE_PAGE)
    first = page.evaluate("[...handbookGlobals.listeners].sort()")
    # A wizard's decision is recorded from a click heard at the document; the store follows other tabs;
    # the clock and the reminders catch up when the tab is seen again.
    assert first == ["click", "storage", "visibilitychange", "visibilitychange"]
    other = (plain(OTHER_ROLE.name), f"roles/{OTHER_ROLE.id}/")
    for name, path in [other, (ROLE_NAME, ROLE_PAGE), other, (ROLE_NAME, ROLE_PAGE)]:
        instant_navigate(page, name, site_url + path)
        expect(page.locator(".handbook-incident")).to_have_count(1)
    assert page.evaluate("[...handbookGlobals.listeners].sort()") == first
    assert page.evaluate("handbookGlobals.intervals.size") == 1
    # A page without checklists stops the clock.
    instant_navigate(page, quiet[0], site_url + quiet[1])
    expect(page.locator(".handbook-incident")).to_have_count(0)
    page.wait_for_function("handbookGlobals.intervals.size === 0")


def test_incidents_are_kept_apart(page: Page, site_url: str, console_errors):
    open_checklist(page, site_url + ROLE_PAGE)
    name = page.get_by_role("textbox", name=INCIDENT, exact=True)
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
                          ".map((n) => String(n).padStart(2, '0')).join('-'); })()")
    expect(name).to_have_value(f"{today} incident")
    assert stored(page) is None, "only looking at the page stores nothing"

    name.fill("2026-11-27 ingestion delay")
    box(page, JOIN).check()

    page.get_by_role("button", name=NEW_INCIDENT).click()
    expect(name).to_be_focused()
    expect(name).to_have_value(f"{today} incident")
    name.fill("2026-11-28 login errors")
    expect(box(page, JOIN)).not_to_be_checked()
    box(page, LOOP).check()

    switch = page.get_by_role("combobox", name=SWITCH_TO)
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
    expect(other.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 ingestion delay")

    state = stored(page)
    by_name = {incident["name"]: incident for incident in state["incidents"].values()}
    assert set(by_name["2026-11-27 ingestion delay"]["items"]) == {A_KEY}
    assert set(by_name["2026-11-28 login errors"]["items"]) == {B_KEY}
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
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(2))
    box(page, JOIN).uncheck()
    expect(box(other, JOIN)).not_to_be_checked()

    # Each tab keeps its own incident: a new one in one tab leaves the other alone.
    other.get_by_role("button", name=NEW_INCIDENT).click()
    other.get_by_role("textbox", name=INCIDENT, exact=True).fill("Second incident")
    expect(box(other, LOOP)).not_to_be_checked()
    expect(box(page, LOOP)).to_be_checked()
    expect(page.get_by_role("combobox", name=SWITCH_TO).locator("option")).to_have_count(2)


# -- stored state: versions, changes, trouble -----------------------------------------


def test_a_changed_checklist_migrates_stored_state(page: Page, site_url: str, console_errors):
    # Version 1 kept one time an item. DROPPED was dropped from the handbook
    # since; OLD_ITEM belongs to a role this page does not show.
    needs_another_role()
    seed(page, site_url, {
        "version": 1,
        "current": "i-old1",
        "incidents": {"i-old1": {
            "name": "2026-11-20 login errors",
            "created": "2026-11-20T09:00:00.000Z",
            "items": {
                A_KEY: "2026-11-20T09:05:00.000Z",
                DROPPED: "2026-11-20T09:06:00.000Z",
                OLD_ITEM: "2026-11-20T09:07:00.000Z",
            },
        }},
    })
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-20 login errors")
    expect(box(page, JOIN)).to_be_checked()
    expect(item(page, A.id).locator("time")).to_have_attribute("datetime", "2026-11-20T09:05:00.000Z")
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(1))
    expect(page.locator(".handbook-notice")).to_be_hidden()

    state = stored(page)
    assert state["version"] == 4
    assert state["current"] == "i-old1"
    incident = state["incidents"]["i-old1"]
    assert incident["decisions"] == [] and incident["channel"] == incident["plan"] == ""
    assert incident["items"] == {
        A_KEY: {"done": ["2026-11-20T09:05:00.000Z"]},
        OLD_ITEM: {"done": ["2026-11-20T09:07:00.000Z"]},  # until a page shows that other role
    }
    assert incident["updated"] == "2026-11-20T09:07:00.000Z"

    open_checklist(page, site_url + f"roles/{OTHER_ROLE.id}/")
    assert OLD_ITEM not in stored(page)["incidents"]["i-old1"]["items"]
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
                    A_KEY: {"done": ["2026-11-27T09:05:00.000Z"]},
                    B_KEY: {"done": ["yesterday"]},
                    f"{ROLE.id}/{(UNTOUCHED or DUTY or A).id}": {"done": []},
                    f"{ROLE.id}/../../etc": {"done": ["2026-11-27T09:05:00.000Z"]},
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
        "items": {A_KEY: {"done": ["2026-11-27T09:05:00.000Z"]}},
    }
    assert page.evaluate("({}).done") is None  # nothing leaked into Object.prototype


def test_stored_names_are_text_never_markup(page: Page, site_url: str):
    name = '<img src=x onerror="window.handbookPwned=1">'
    seed(page, site_url, {"version": 2, "current": "i-x", "incidents": {"i-x": {
        "name": name, "created": "2026-11-27T09:00:00.000Z", "updated": "2026-11-27T09:00:00.000Z",
        "items": {A_KEY: {"done": ["2026-11-27T09:05:00.000Z"]}}}}})
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value(name)
    page.get_by_role("button", name=RESET).click()
    expect(page.get_by_role("dialog", name=RESET_TITLE)).to_contain_text(name)
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
    expect_storage_notice(page.locator(".handbook-notice"), "unavailable")
    box(page, JOIN).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(1))
    expect(item(page, A.id).locator(".handbook-when")).to_contain_text(TICKED)
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
    expect_storage_notice(page.locator(".handbook-notice"), "write-failed")
    expect(box(page, JOIN)).to_be_checked()
    box(page, LOOP).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(2))


@pytest.mark.parametrize("garbage", ["{not json", "null", "[]", '"text"', '{"version": "2"}',
                                     '{"version": 2, "incidents": []}', '{"version": 0, "incidents": {}}'])
def test_garbage_in_storage_leaves_a_working_checklist(page: Page, site_url: str, garbage: str, console_errors):
    seed(page, site_url, garbage)
    open_checklist(page, site_url + ROLE_PAGE)
    notice = page.locator(".handbook-notice")
    expect_storage_notice(notice, "corrupt")
    box(page, JOIN).check()
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(1))
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == garbage, "unreadable data is not overwritten"

    notice.get_by_role("button", name=say("storage.discard")).click()
    expect(notice).to_be_hidden()
    assert set(only_incident(stored(page))["items"]) == {A_KEY}
    page.reload()
    expect(box(page, JOIN)).to_be_checked()
    assert not console_errors


def test_data_from_a_newer_handbook_is_left_alone(page: Page, site_url: str):
    newer = json.dumps({"version": 99, "whatever": {"comes": "next"}})
    seed(page, site_url, newer)
    open_checklist(page, site_url + ROLE_PAGE)
    expect_storage_notice(page.locator(".handbook-notice"), "newer")
    box(page, JOIN).check()
    expect(box(page, JOIN)).to_be_checked()
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == newer


# -- reset, export, cadence ----------------------------------------------------------


def test_reset_asks_first(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    reset = page.get_by_role("button", name=RESET)
    expect(reset).to_be_disabled()
    box(page, JOIN).check()
    box(page, LOOP).check()

    reset.click()
    dialog = page.get_by_role("dialog", name=RESET_TITLE)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(say("checklist.ticked_items", n=2))
    expect(dialog.get_by_role("button", name=KEEP)).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(box(page, JOIN)).to_be_checked()

    reset.click()
    dialog.get_by_role("button", name=KEEP).click()
    expect(box(page, LOOP)).to_be_checked()

    reset.click()
    dialog.get_by_role("button", name=UNTICK).click()
    expect(dialog).to_be_hidden()
    expect(box(page, JOIN)).not_to_be_checked()
    expect(box(page, LOOP)).not_to_be_checked()
    expect(page.get_by_role("button", name=COPY)).to_be_focused()
    assert only_incident(stored(page))["items"] == {}



def test_without_dialogs_the_browsers_confirmation_asks_first(page: Page, site_url: str):
    page.add_init_script("delete HTMLDialogElement.prototype.showModal;")
    open_checklist(page, site_url + ROLE_PAGE)
    expect(page.locator("dialog")).to_have_count(0)  # not left standing in the page
    box(page, JOIN).check()
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name=RESET).click()
    expect(box(page, JOIN)).to_be_checked()
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name=RESET).click()
    expect(box(page, JOIN)).not_to_be_checked()
    assert len(asked) == 2 and say("checklist.ticked_item", n=1) in asked[0]

EXPORT_TIME = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14:05 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


def stamp(moment: datetime) -> str:
    """A time as the exports write it in Berlin (incident-time.mjs, formatStamp): '2026-11-27 14:05 UTC+01:00'."""
    local = moment.astimezone(BERLIN)
    offset = local.utcoffset()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    return local.strftime("%Y-%m-%d %H:%M") + f" UTC+{hours:02d}:{minutes:02d}"


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin", locale="en-GB")
def test_exported_markdown_matches_the_ticks(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(EXPORT_TIME)
    open_checklist(page, site_url + ROLE_PAGE)
    page.get_by_role("textbox", name=INCIDENT, exact=True).fill("2026-11-27 ingestion delay")
    ticked = [JOIN, LOOP] + ([STATUS_PAGE] if DUTY else [])
    for label in ticked:
        box(page, label).check()
    page.get_by_role("button", name=COPY).click()
    expect(page.locator(".handbook-incident-message")).to_contain_text(say("checklist.copied"))
    markdown = page.evaluate("navigator.clipboard.readText()")

    now = stamp(EXPORT_TIME)
    lines = markdown.splitlines()
    title = say("checklist.title_one", role=ROLE_NAME)
    assert lines[0] == "### " + md("checklist.md_title", title=title, incident="2026-11-27 ingestion delay")
    assert lines[2] == md("checklist.md_progress", done=len(ticked), total=ITEMS_ON_ROLE_PAGE, time=now)
    # Every phase, in order, each with its items in order.
    phases = [line for line in lines if line.startswith("**") and line.endswith("**")]
    assert phases == [f"**{plain(c.title)}**" for c in ROLE.checklists]
    items = [line for line in lines if line.startswith(("- [x] ", "- [ ] "))]
    assert len(items) == ITEMS_ON_ROLE_PAGE
    for label in (JOIN, LOOP):
        assert f"- [x] {label} {md('checklist.md_ticked', time=now)}" in lines
    if DUTY:
        due = md("checklist.md_next_due", time=stamp(EXPORT_TIME + timedelta(minutes=DUTY.cadence.every_minutes)))
        repeated = md("checklist.md_repeated", every=every(DUTY.cadence.every_minutes, short=True), last=now, due=due)
        assert f"- [x] {STATUS_PAGE} {repeated}" in lines
    if UNTOUCHED and "](" not in UNTOUCHED.text:
        assert f"- [ ] {plain(UNTOUCHED.text)}" in lines
    assert sum(line.startswith("- [x] ") for line in lines) == len(ticked)
    assert sum(line.startswith("- [ ] ") for line in lines) == ITEMS_ON_ROLE_PAGE - len(ticked)
    # The page shows the same ticks.
    expect(page.locator("input.handbook-box:checked")).to_have_count(len(ticked))


def test_export_falls_back_to_a_textarea(page: Page, site_url: str):
    page.add_init_script(REFUSED_CLIPBOARD)
    open_checklist(page, site_url + EMBEDDING_PAGE)
    box(page, JOIN).check()
    page.get_by_role("button", name=COPY).click()
    textarea = page.get_by_role("textbox", name=say("checklist.export_label"))
    expect(textarea).to_be_visible()
    expect(textarea).to_be_focused()
    expect(textarea).to_have_attribute("readonly", "")
    text = textarea.input_value()
    assert f"**{plain(PHASE_A.title)}**" in text.splitlines()
    line = next(x for x in text.splitlines() if x.startswith(f"- [x] {JOIN} "))
    ticked_at = words_pattern("checklist.md_ticked", markdown=True)
    assert ticked_at.fullmatch(line[len(f"- [x] {JOIN} "):]), line
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", line), line
    expect(page.locator(".handbook-incident-message")).to_contain_text(say("checklist.copy_refused"))


START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_a_duty_on_a_cadence_turns_overdue_and_can_be_done_again(page: Page, site_url: str):
    needs_a_duty()
    minutes = DUTY.cadence.every_minutes
    page.clock.install(time=START - timedelta(minutes=1))
    open_checklist(page, site_url + ROLE_PAGE)
    page.clock.pause_at(START)  # from here on, time moves only when the test says so
    duty = item(page, DUTY.id)
    box(page, STATUS_PAGE).check()
    expect(duty).to_have_attribute("data-handbook-state", "done")
    when = duty.locator(".handbook-when")
    expect(when).to_contain_text(words_pattern("checklist.last_done"))
    expect(when.locator("time").nth(1)).to_have_attribute("datetime", iso(START + timedelta(minutes=minutes)))

    shown = when.locator("time").first
    shown.evaluate("time => { time.handbookSeen = true; }")
    page.clock.fast_forward((minutes * 60 - 30) * 1000)
    expect(duty).to_have_attribute("data-handbook-state", "done")
    # Shown again every half minute, the same words stay the same nodes (where a screen reader is reading them).
    assert shown.evaluate("time => time.handbookSeen === true")
    page.clock.fast_forward(60_000)  # the 30-second re-check notices
    expect(duty).to_have_attribute("data-handbook-state", "overdue")
    expect(when).to_contain_text(say("checklist.overdue"))
    expect(page.locator(".handbook-progress-text")).to_have_text(progress(1, overdue=1))
    expect(page.locator(".handbook-incident-message")).to_contain_text(say("checklist.overdue_said", text=STATUS_PAGE))
    expect(box(page, STATUS_PAGE)).to_be_checked()

    duty.get_by_role("button", name=say("checklist.done_again")).click()
    expect(duty).to_have_attribute("data-handbook-state", "done")
    expect(when).to_contain_text(say("checklist.times", n=2))
    # Said: when it was done, and when it is next due, in the build's words for the cadence.
    due = words.due_in(WORDS, minutes)
    expect(page.locator(".handbook-incident-message")).to_have_text(
        words_pattern("checklist.done_again_said", **{"in": due}))
    done = only_incident(stored(page))["items"][DUTY_KEY]["done"]
    assert len(done) == 2 and done[0] == iso(START)

    # A tab coming back from the background re-checks at once (no timer fires here).
    page.clock.set_system_time(START + timedelta(minutes=4 * minutes))
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
    expect(item(page, A.id).locator(".handbook-when")).to_be_hidden()
    look = page.locator(f"#{box(page, JOIN).get_attribute('id')}").evaluate(
        "el => { const s = getComputedStyle(el); return [s.appearance, s.borderTopStyle, s.width, s.height]; }")
    assert look[0] == "none" and look[1] == "solid" and look[2] == look[3]


def test_keyboard_ticks_and_progress_is_announced(page: Page, site_url: str):
    open_checklist(page, site_url + ROLE_PAGE)
    status = page.locator(".handbook-progress-text")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator(".handbook-incident-message")).to_have_attribute("aria-live", "polite")
    page.get_by_role("textbox", name=INCIDENT, exact=True).focus()
    page.keyboard.press("Tab")
    new = page.get_by_role("button", name=NEW_INCIDENT)
    expect(new).to_be_focused()
    assert new.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    box(page, JOIN).focus()
    page.keyboard.press("Space")
    expect(box(page, JOIN)).to_be_checked()
    expect(status).to_have_text(progress(1))
    expect(page.locator(".handbook-incident-message")).to_contain_text(
        say("checklist.ticked_said", title=plain(PHASE_A.title), progress=progress(1, len(PHASE_A.items))))
    assert box(page, JOIN).evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    # The time it was ticked is the box's description.
    described = box(page, JOIN).get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text(TICKED)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(page: Page, site_url: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    # One incident with a tick, an overdue duty, and a second incident to switch to.
    # (Without a duty on a cadence, nothing is overdue: the rest is checked all the same.)
    overdue = DUTY.cadence.every_minutes + 60 if DUTY else 60
    seven_hours_ago = iso(datetime.now(UTC) - timedelta(minutes=overdue))
    seed(page, site_url, {"version": 2, "current": "i-a", "incidents": {
        "i-a": {"name": "2026-11-27 ingestion delay", "created": seven_hours_ago, "updated": seven_hours_ago,
                "items": {A_KEY: {"done": [seven_hours_ago]},
                          **({DUTY_KEY: {"done": [seven_hours_ago]}} if DUTY else {})}},
        "i-b": {"name": "2026-11-20 login errors", "created": "2026-11-20T09:00:00.000Z",
                "updated": "2026-11-20T09:00:00.000Z", "items": {}},
    }})
    open_checklist(page, site_url + ROLE_PAGE)
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    if DUTY:
        expect(item(page, DUTY.id)).to_have_attribute("data-handbook-state", "overdue")
    assert run_axe(page) == []

    page.get_by_role("button", name=RESET).click()
    expect(page.get_by_role("dialog", name=RESET_TITLE)).to_be_visible()
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
    page.get_by_role("button", name=COPY).click()
    expect(page.locator(".handbook-export")).to_be_visible()
    assert run_axe(page) == []


# -- the state module on its own ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=8)
    | st.sampled_from(["2026-11-27T09:05:00.000Z", "2026-13-40T99:00:00.000Z", "i-a", A_KEY]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["version", "current", "incidents", "name", "created", "updated", "items", "done",
                         "i-a", "i-b", A_KEY, "__proto__", "constructor"]) | st.text(max_size=5),
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
