"""The incident record: one incident, its decisions, ticks and due duties, handed over and pasted.

The real site (conftest.py) in Debian's Chromium. Time is Playwright's
controlled clock wherever a test looks at it; the record lives in
localStorage (see incident-state.mjs and docs/maintaining.md).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown import markdown as markdown_to_html
from playwright.sync_api import Browser, Page, expect

from incident_engine import inline
from incident_engine.decision import paths
from tests.browser.checklist_subject import (
    A_KEY,
    AXE,
    B_KEY,
    DUTY,
    DUTY_KEY,
    JOIN,
    KEY,
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
    HANDBOOK,
    every,
    md,
    plain,
    say,
    words_pattern,
)

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py

# The machine, on whatever content checklists/ holds: the role, its items and duty on a cadence, the wizards and
# their outcomes are picked from the loaded handbook (tests/handbook_content.py), and every word the interface adds
# comes from the handbook's words (incident_engine/words.py, with handbook.yml's overrides). The exact export of
# a record of this handbook's own incident is in tests/fidelity/test_incident_export.py.

TREES = list(HANDBOOK.trees.values())
RECORD = "incident/"
ENGINE_TIMEOUT = 90_000  # ms: a wait, not a measure; a cold boot is ~1 s quiet, far more on a loaded 2-core machine

EVERY = DUTY.cadence.every_minutes if DUTY else None
START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # 11:00 in Berlin
BERLIN = {"timezone_id": "Europe/Berlin", "locale": "en-GB"}
BERLIN_ZONE = ZoneInfo("Europe/Berlin")

# The interface's words.
INCIDENT, NEW_INCIDENT, OPEN_RECORD = say("picker.label"), say("picker.new"), say("picker.open_record")
COPY, OPEN_HANDOVER = say("record.copy"), say("record.open_handover")


def clock(moment: datetime, now: datetime) -> str:
    """A time as the record shows it in Berlin (incident-time.mjs, utcTimeElement): '16:02 UTC (17:02 local)'."""
    utc, local, local_now = moment.astimezone(UTC), moment.astimezone(BERLIN_ZONE), now.astimezone(BERLIN_ZONE)
    day = "" if utc.date() == now.astimezone(UTC).date() else utc.strftime("%Y-%m-%d ")
    here = local.strftime("%H:%M" if local.date() == local_now.date() else "%Y-%m-%d %H:%M")
    return f"{day}{utc:%H:%M} UTC ({here} local)"


def utc_clock(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%H:%M} UTC"


def utc_stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


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


# A decision from the first path of the first wizard, if the handbook has one.
TREE, TREE_PATH = (TREES[0], paths(TREES[0])[0]) if TREES else (None, None)
DECISIONS = [{
    "at": iso(START + timedelta(minutes=3)), "tree": TREE.id, "title": plain(TREE.title),
    "path": ".".join(TREE_PATH.answers),
    "answers": [{"question": plain(n.question), "answer": plain(o.label)} for n, o in TREE_PATH.steps],
    "outcome": plain(TREE_PATH.outcome.outcome),
    "record": f"**{plain(TREE.title)}** — decision record (2026-11-27 10:03 UTC)\n\n**Outcome:** "
              + plain(TREE_PATH.outcome.outcome),
}] if TREE else []
# The role's duty on a cadence, done twice: the second time its full cadence and five minutes after the first.
AGAIN = START + timedelta(minutes=2 + (EVERY or 0) + 3)
SEEDED = {
    "version": 4, "current": "i-abc-def", "incidents": {"i-abc-def": {
        "name": "2026-11-27 ingestion delay",
        "created": iso(START), "updated": iso(AGAIN if DUTY else START + timedelta(minutes=3)),
        "channel": "https://example.slack.com/archives/C123", "plan": "https://github.com/example/comms/issues/7",
        "items": {
            A_KEY: {"done": [iso(START + timedelta(minutes=1))]},
            **({DUTY_KEY: {"done": [iso(START + timedelta(minutes=2)), iso(AGAIN)], "every": EVERY}} if DUTY else {}),
        },
        "decisions": DECISIONS,
    }},
}
TICKED_SEEDED = len(SEEDED["incidents"]["i-abc-def"]["items"])


def count(n: int, one: str, many: str) -> str:
    return say(one if n == 1 else many, n=n)


def taken(items: int) -> str:
    """What the record page says when it opens the seeded incident's handover with ``items`` ticked items."""
    return say("record.handover_taken", name=SEEDED["incidents"]["i-abc-def"]["name"],
               decisions=count(len(DECISIONS), "record.decision", "record.decisions_n"),
               items=count(items, "record.ticked_item", "record.ticked_items"))


# -- starting and picking ---------------------------------------------------------------------


def test_an_incident_is_started_from_the_home_page_and_is_the_record(page: Page, site_url: str, console_errors):
    page.goto(site_url)
    picker = page.locator("handbook-incident-picker")
    name = picker.get_by_role("textbox", name=INCIDENT, exact=True)
    expect(name).to_be_visible()
    assert stored(page) is None, "only looking at the page stores nothing"
    picker.get_by_role("button", name=NEW_INCIDENT).click()
    expect(name).to_be_focused()
    name.fill("2026-11-27 ingestion delay")
    picker.get_by_role("link", name=OPEN_RECORD).click()
    expect(page).to_have_url(site_url + RECORD)
    record = page.locator("handbook-incident-page")
    expect(record.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 ingestion delay")
    expect(record.locator(".handbook-timeline li")).to_have_count(1)
    expect(record.locator(".handbook-timeline li")).to_contain_text(say("record.event_started"))

    # Links to the channel and the comms plan; anything but a web address is refused.
    channel = record.get_by_role("textbox", name=say("record.channel_label"))
    channel.fill("javascript:alert(1)")
    channel.press("Tab")
    expect(record.locator(".handbook-incident-message")).to_contain_text(say("record.link_refused"))
    channel.fill("https://example.slack.com/archives/C123")
    channel.press("Tab")
    expect(record.locator(".handbook-incident-message")).to_contain_text(say("record.link_saved", what=say("record.channel_label")))
    (incident,) = stored(page)["incidents"].values()
    assert incident["channel"] == "https://example.slack.com/archives/C123"
    assert incident["name"] == "2026-11-27 ingestion delay"

    # The checklist's toolbar is on the same incident.
    page.goto(site_url + ROLE_PAGE)
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 ingestion delay")
    assert not console_errors


@pytest.mark.parametrize("tree", TREES, ids=[t.id for t in TREES])
def test_a_decision_is_recorded_from_each_wizard(page: Page, site_url: str, tree, console_errors):
    page.clock.install(time=START - timedelta(minutes=5))
    path = first_outcome_path(tree)
    page.goto(f"{site_url}wizards/{tree.id}/")
    page.locator("handbook-incident-picker").get_by_role("textbox", name=INCIDENT, exact=True).fill("Login errors")
    page.goto(f"{site_url}wizards/{tree.id}/?{tree.id}=" + ".".join(path.answers))
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", path.outcome.id, timeout=ENGINE_TIMEOUT)
    page.clock.pause_at(START)
    result.get_by_role("button", name=say("decision.record")).click()
    expect(result.locator(".handbook-recorded")).to_contain_text(
        say("decision.recorded", name="Login errors", clock="10:00 UTC"))

    (incident,) = stored(page)["incidents"].values()
    (decision,) = incident["decisions"]
    assert decision["tree"] == tree.id and decision["path"] == ".".join(path.answers)
    assert decision["at"] == iso(START)
    assert decision["outcome"] == inline.to_plain(path.outcome.outcome)
    assert [a["question"] for a in decision["answers"]] == [inline.to_plain(n.question) for n, _ in path.steps]
    assert [a["answer"] for a in decision["answers"]] == [inline.to_plain(o.label) for _, o in path.steps]
    # The same words as the copied decision record, without the link (the record rebuilds it).
    assert decision["record"] in result.locator(".handbook-record").inner_text()

    result.get_by_role("link", name=OPEN_RECORD).click()
    expect(page).to_have_url(site_url + RECORD)
    shown = page.locator(".handbook-decision")
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text(tree.title)
    expect(shown).to_contain_text(inline.to_plain(path.outcome.outcome))
    expect(shown.locator(".handbook-decision-answers li")).to_have_count(len(path.steps))
    expect(page.locator('.handbook-timeline li[data-handbook-event="decision"]')).to_contain_text(tree.title)
    # The decision reopens in its wizard.
    shown.get_by_role("link", name=say("record.reopen_decision")).click()
    expect(page.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", path.outcome.id,
                                                               timeout=ENGINE_TIMEOUT)
    assert not console_errors


# -- ticks, cadence, reminders ---------------------------------------------------------------


@pytest.mark.browser_context_args(**BERLIN)
def test_ticks_and_a_cadence_duty_make_the_timeline_and_the_due_time(page: Page, site_url: str):
    needs_a_duty()
    page.add_init_script("""
      window.handbookNotes = [];
      window.Notification = class { static permission = "default";
        static requestPermission() { return Promise.resolve(Notification.permission); }
        constructor(title, options) { window.handbookNotes.push([title, options.body]); } };
    """)
    page.clock.install(time=START - timedelta(minutes=1))
    page.goto(site_url + ROLE_PAGE)
    page.clock.pause_at(START)
    page.get_by_role("textbox", name=INCIDENT, exact=True).fill("Ingestion delay")
    page.get_by_role("checkbox", name=JOIN, exact=True).check()
    page.clock.fast_forward("02:00")
    ticked = START + timedelta(minutes=2)
    page.get_by_role("checkbox", name=STATUS_PAGE, exact=True).check()

    page.locator(".handbook-incident").get_by_role("link", name=OPEN_RECORD).click()
    expect(page).to_have_url(site_url + RECORD)
    timeline = page.locator(".handbook-timeline li")
    expect(timeline).to_have_text([
        f"{clock(START, ticked)} {say('record.event_started')}",
        f"{clock(START, ticked)} {say('record.event_ticked_role', role=ROLE_NAME, text=JOIN)}",
        f"{clock(ticked, ticked)} {say('record.event_ticked_role', role=ROLE_NAME, text=STATUS_PAGE)}",
    ])
    due = ticked + timedelta(minutes=EVERY)
    duty = page.locator(f'.handbook-duty[data-handbook-duty="{DUTY_KEY}"]')
    expect(duty).to_have_attribute("data-handbook-state", "due")
    expect(duty).to_contain_text(say("record.duty_next_due", time=clock(due, ticked)))
    expect(duty).to_contain_text(every(EVERY))
    # The link is the build's, relative to the record's page: it leads to the item.
    expect(duty.get_by_role("link")).to_have_js_property("href", site_url + f"{ROLE_PAGE}#item-{DUTY.id}")
    expect(page.locator(f'.handbook-role-progress li[data-handbook-role="{ROLE.id}"]')).to_contain_text(
        say("checklist.progress", done=2, total=len(ROLE.items())))
    title = page.title()
    assert not title.startswith("(")

    # Due: the duty turns overdue, the tab's title and an announcement say so; no notification unasked.
    page.clock.fast_forward((EVERY * 60 + 30) * 1000)
    now = due + timedelta(seconds=30)
    expect(duty).to_have_attribute("data-handbook-state", "overdue")
    expect(duty).to_contain_text(
        f"{say('record.duty_overdue')} {say('record.duty_overdue_since', time=clock(due, now))}")
    expect(page).to_have_title(say("reminder.tab_title", count=1, title=title))
    expect(page.locator("#handbook-reminder-live")).to_contain_text(
        say("reminder.due_said", clock=utc_clock(due), text=STATUS_PAGE))
    assert page.evaluate("handbookNotes") == []

    # Done again on the checklist: the clock starts over, the title is plain again.
    page.goto(site_url + ROLE_PAGE)
    page.locator(f'li[data-handbook-item="{DUTY.id}"]').get_by_role("button", name=say("checklist.done_again")).click()
    page.goto(site_url + RECORD)
    due_again = now + timedelta(minutes=EVERY)
    expect(duty).to_contain_text(say("record.duty_next_due", time=clock(due_again, now)))
    expect(timeline.last).to_have_text(
        f"{clock(now, now)} {say('record.event_again_role', role=ROLE_NAME, text=STATUS_PAGE)}")
    assert not page.title().startswith("(")

    # Allowed now: the next time it comes due, a notification too.
    page.evaluate("Notification.permission = 'granted'")
    page.clock.fast_forward((EVERY * 60 + 60) * 1000)
    expect(page).to_have_title(say("reminder.tab_title", count=1, title=title))
    page.wait_for_function("handbookNotes.length === 1")
    assert page.evaluate("handbookNotes") == [[say("reminder.due_title", name="Ingestion delay"),
                                               say("reminder.due_said", clock=utc_clock(due_again), text=STATUS_PAGE)]]


@pytest.mark.parametrize("answer", ["granted", "denied", "default"])
def test_the_offer_to_notify_says_what_the_browser_answered(page: Page, site_url: str, answer: str):
    """The record offers reminders as notifications; once the browser answers, the offer gives way to words
    that say so, and the focus goes to them (the button is gone). Dismissed unanswered, the offer stays."""
    needs_a_duty()
    page.add_init_script(f"""
      window.Notification = class {{ static permission = "default";
        static requestPermission() {{ Notification.permission = "{answer}"; return Promise.resolve("{answer}"); }} }};
    """)
    page.goto(site_url + RECORD)
    offer = page.locator('[data-handbook-part="notify"]')
    ask = offer.get_by_role("button", name=say("record.notify_offer"))
    expect(ask).to_be_visible()
    assert offer.inner_text().strip() == say("record.notify_offer")
    ask.click()
    if answer == "default":
        expect(ask).to_be_focused()
        return
    expect(ask).to_be_hidden()
    expect(offer).to_be_focused()
    assert offer.inner_text().strip() == say(f"record.notify_{answer}")


# -- Markdown ---------------------------------------------------------------------------------

# When a seeded record is read: its duty on a cadence has come due since it was last done.
NOW = AGAIN + timedelta(minutes=EVERY + 25) if DUTY else START + timedelta(hours=12, minutes=30)


def expected_markdown(site_url: str) -> str:
    """The seeded record as incident-markdown.mjs writes it, in the handbook's words."""
    incident = SEEDED["incidents"]["i-abc-def"]
    a_md = md_text(A)
    lines = [f"## {say('record.heading', name=incident['name'])}", "",
             md("record.md_started", started=utc_stamp(START), exported=utc_stamp(NOW)), "",
             f"- {say('record.channel_label')}: <{incident['channel']}>",
             f"- {say('record.plan_label')}: <{incident['plan']}>",
             "", f"### {say('record.timeline')}", ""]
    events = [(START, say("record.event_started")),
              (START + timedelta(minutes=1), say("record.event_ticked_role", role=ROLE_NAME, text=a_md))]
    if DUTY:
        events += [(START + timedelta(minutes=2), say("record.event_ticked_role", role=ROLE_NAME, text=md_text(DUTY))),
                   (AGAIN, say("record.event_again_role", role=ROLE_NAME, text=md_text(DUTY)))]
    for d in DECISIONS:
        events.append((START + timedelta(minutes=3), say("record.event_decision", title=d["title"], outcome=d["outcome"])))
    lines += [f"- {utc_stamp(at)}: {words}" for at, words in sorted(events, key=lambda e: e[0])]
    lines += ["", f"### {say('record.decisions')}", ""]
    if not DECISIONS:
        lines.append(say("record.no_decisions"))
    for d in DECISIONS:
        decided = md("record.md_decided_at", time=utc_stamp(START + timedelta(minutes=3)))
        lines += [f"**{d['title']}** ({decided}): {d['outcome']}", ""]
        lines += [f"> {line}" if line else ">" for line in d["record"].split("\n")]
        lines += ["", f"[{say('record.reopen_decision')}]({site_url}wizards/{d['tree']}/?{d['tree']}={d['path']})"]
    lines += ["", f"### {say('record.duties')}", ""]
    if DUTY:
        when = md("record.md_overdue_since", time=utc_stamp(AGAIN + timedelta(minutes=EVERY)))
        cadence = md("record.md_cadence", every=every(EVERY, short=True), last=utc_stamp(AGAIN))
        lines.append(f"- {ROLE_NAME}: {md_text(DUTY)} — {when} {cadence}")
    else:
        lines.append(say("record.no_duties"))
    lines += ["", f"### {say('record.progress')}", "",
              f"- {ROLE_NAME}: {say('checklist.progress', done=TICKED_SEEDED, total=len(ROLE.items()))}"]
    return "\n".join(lines) + "\n"


def md_text(item) -> str:
    return inline.to_markdown(item.text)


@pytest.mark.browser_context_args(**BERLIN)
def test_the_record_exports_as_markdown(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.clock.set_fixed_time(NOW)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    page.get_by_role("button", name=COPY).click()
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text(say("record.copied"))
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown == expected_markdown(site_url)

    # Pasted into an issue, it renders as headings, lists, a quote and links, and nothing is left as raw markup.
    rendered = markdown_to_html(markdown)
    assert rendered.count("<h3>") == 4
    assert '<a href="https://example.slack.com/archives/C123">' in rendered
    if DECISIONS:
        d = DECISIONS[0]
        assert "<blockquote>" in rendered
        assert (f'<a href="{site_url}wizards/{d["tree"]}/?{d["tree"]}={d["path"]}">'
                f'{say("record.reopen_decision")}</a>') in rendered
    if DUTY:
        assert "<strong>" in rendered
    assert "**" not in rendered


@pytest.mark.browser_context_args(**BERLIN)
def test_a_refused_clipboard_shows_the_record_selected_to_copy_by_hand(page: Page, site_url: str):
    page.add_init_script(REFUSED_CLIPBOARD)
    page.clock.set_fixed_time(NOW)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    box = page.get_by_role("textbox", name=say("record.export_label"))
    expect(box).to_be_hidden()
    page.get_by_role("button", name=COPY).click()
    expect(box).to_be_focused()
    expect(box).to_have_attribute("readonly", "")
    assert box.input_value() == expected_markdown(site_url)
    # All of it selected, ready to copy.
    assert box.evaluate("b => [b.selectionStart, b.selectionEnd]") == [0, len(box.input_value())]
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text(say("record.copy_refused"))


# -- handing over -----------------------------------------------------------------------------

SHOWN = ".handbook-timeline li, .handbook-duty, .handbook-decision-head, .handbook-role-progress li"


def shown_record(page: Page) -> list:
    return page.locator(f"handbook-incident-page :is({SHOWN})").all_inner_texts()


def save_handover(page: Page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=say("record.save_handover")).click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


@pytest.mark.browser_context_args(**BERLIN)
def test_a_handover_reproduces_the_incident_in_another_browser(page: Page, site_url: str, browser: Browser,
                                                                tmp_path: Path, foreign_requests: list):
    now = NOW
    page.clock.set_fixed_time(now)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    before = shown_record(page)
    path = save_handover(page, tmp_path)
    assert path.name == "2026-11-27-ingestion-delay.handover.json"
    expect(page.locator("handbook-incident-page .handbook-incident-message")).to_contain_text(say("record.handover_saved", file=path.name))
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
        next_lead.get_by_label(OPEN_HANDOVER).set_input_files(path)
        expect(next_lead.locator(".handbook-import-result")).to_have_text(taken(TICKED_SEEDED))
        assert stored(next_lead)["incidents"] == SEEDED["incidents"]
        assert stored(next_lead)["current"] == "i-abc-def"
        assert shown_record(next_lead) == before
        expect(next_lead.get_by_role("textbox", name=say("record.plan_label"))).to_have_value(SEEDED["incidents"]["i-abc-def"]["plan"])
        # The checklist carries on: same ticks, the same duty overdue.
        next_lead.goto(site_url + ROLE_PAGE)
        expect(next_lead.get_by_role("checkbox", name=JOIN, exact=True)).to_be_checked()
        if DUTY:
            expect(next_lead.locator(f'li[data-handbook-item="{DUTY.id}"]')).to_have_attribute(
                "data-handbook-state", "overdue")
        expect(next_lead.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 ingestion delay")
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
    "cut short": (GOOD[: len(GOOD) // 2], say("handover.incomplete")),
    "empty": ("", say("handover.empty")),
    "another kind of file": ('{"version": 3, "incidents": {}}', say("handover.not_handover")),
    "from a newer handbook": (handover_text(version=99), words_pattern("handover.newer", version=99)),
    "a script for a link": (handover_text(incident__plan="javascript:alert(document.cookie)"),
                            "incident.plan: not a web address"),
    "control characters in the name": (handover_text(incident__name="Login\u202eerrors"), "incident.name: not a name"),
    "a time that is not one": (handover_text(incident__items={A_KEY: {"done": ["yesterday"]}}),
                               f'incident.items["{A_KEY}"].done[0]: not a time'),
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
        "items": {A_KEY: {"done": [iso(START)]}}, "decisions": []}}}
    seed(page, site_url, mine)
    open_record(page, site_url)
    before = stored_text(page)
    shown = shown_record(page)
    file = tmp_path / "handover.json"
    file.write_text(text, "utf-8")
    page.get_by_label(OPEN_HANDOVER).set_input_files(file)
    result = page.locator(".handbook-import-result")
    expect(result).to_have_attribute("data-handbook-import", "refused")
    expect(result).to_contain_text(words_pattern("record.handover_refused"))
    expect(result).to_contain_text(why)
    assert stored_text(page) == before
    assert shown_record(page) == shown
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("My incident")
    assert page.evaluate("({}).done") is None and page.locator("img[src='x']").count() == 0
    assert not console_errors


def test_a_handover_of_an_incident_kept_here_merges_with_it(page: Page, site_url: str, tmp_path: Path):
    # The previous holder of the role hands back: ticks and decisions of both are kept, each once.
    mine = json.loads(json.dumps(SEEDED))
    mine["incidents"]["i-abc-def"]["decisions"] = []
    mine["incidents"]["i-abc-def"]["items"][B_KEY] = {"done": [iso(START)]}
    seed(page, site_url, mine)
    open_record(page, site_url)
    file = tmp_path / "handover.json"
    file.write_text(GOOD, "utf-8")
    page.get_by_label(OPEN_HANDOVER).set_input_files(file)
    expect(page.locator(".handbook-import-result")).to_have_text(taken(TICKED_SEEDED + 1))
    incident = stored(page)["incidents"]["i-abc-def"]
    assert set(incident["items"]) == set(SEEDED["incidents"]["i-abc-def"]["items"]) | {B_KEY}
    assert len(incident["decisions"]) == len(DECISIONS)
    page.get_by_label(OPEN_HANDOVER).set_input_files(file)  # twice: nothing doubles
    expect(page.locator(".handbook-decision")).to_have_count(len(DECISIONS))
    expect(page.locator(".handbook-import-result")).to_have_text(taken(TICKED_SEEDED + 1))
    kept = stored(page)["incidents"]["i-abc-def"]["items"]
    for key, item in SEEDED["incidents"]["i-abc-def"]["items"].items():
        assert kept[key]["done"] == item["done"]


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
    page.get_by_role("checkbox", name=JOIN, exact=True).check()
    page.locator(".handbook-incident").get_by_role("link", name=OPEN_RECORD).click()  # instant navigation
    expect(page).to_have_url(site_url + RECORD)
    expect_storage_notice(page.locator("handbook-incident-page .handbook-notice"), "unavailable")
    expect(page.locator('.handbook-timeline li[data-handbook-event="ticked"]')).to_contain_text(JOIN)
    file = tmp_path / "handover.json"
    file.write_text(GOOD, "utf-8")
    page.get_by_label(OPEN_HANDOVER).set_input_files(file)
    expect(page.locator(".handbook-decision")).to_have_count(len(DECISIONS))
    expect(page.locator(".handbook-import-result")).to_have_text(taken(TICKED_SEEDED))
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 ingestion delay")
    assert not errors


# -- for everyone -----------------------------------------------------------------------------


@pytest.mark.browser_context_args(**BERLIN)
def test_focus_and_an_opened_record_survive_the_clock_and_other_tabs(page: Page, site_url: str, context):
    """The page shows the record again every half minute and on every change: what the reader is on stays put."""
    needs_a_duty()
    if not DECISIONS:
        pytest.skip("this handbook has no wizard, so no decision to open")
    page.clock.install(time=NOW)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    details = page.locator(".handbook-decision details").first
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    link = page.locator(f'.handbook-duty[data-handbook-duty="{DUTY_KEY}"] a')
    link.focus()
    expect(link).to_be_focused()

    page.clock.run_for(31_000)  # the half-minute clock shows the record again
    expect(link).to_be_focused()
    expect(details).to_have_attribute("open", "")

    # Another tab ticks an item: the timeline and the progress change, the duty and the decision do not.
    events = page.locator(".handbook-timeline li").count()
    other = context.new_page()
    other.goto(site_url + ROLE_PAGE)
    other.get_by_role("checkbox", name=plain(B.text), exact=True).check()
    expect(page.locator(".handbook-timeline li")).to_have_count(events + 1)
    expect(link).to_be_focused()
    expect(details).to_have_attribute("open", "")
    other.close()



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
    page.clock.set_fixed_time(NOW)
    seed(page, site_url, SEEDED)
    open_record(page, site_url)
    expect(page.locator(".handbook-duty[data-handbook-state='overdue']")).to_have_count(1 if DUTY else 0)
    if DECISIONS:
        page.locator(".handbook-decision summary").click()
    file = tmp_path / "handover.json"
    file.write_text("{", "utf-8")
    page.get_by_label(OPEN_HANDOVER).set_input_files(file)
    expect(page.locator(".handbook-import-result")).to_have_attribute("data-handbook-import", "refused")
    assert run_axe(page) == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_the_record_page_points_to_the_checklists_and_wizards(page: Page, site_url: str):
    page.goto(site_url + RECORD)
    expect(page.locator(".handbook-incident-fallback")).to_be_visible()
    expect(page.get_by_role("link", name=ROLE_NAME, exact=True)).not_to_have_count(0)
    for tree in TREES:
        expect(page.locator("handbook-incident-page").get_by_role("link", name=tree.title)).to_have_count(1)


@pytest.mark.browser_context_args(**BERLIN)
def test_a_record_that_kept_cadences_in_hours_keeps_them_in_minutes(page: Page, site_url: str):
    """Version 3 kept a duty's cadence in hours; version 4 keeps minutes (a cadence may be 20 minutes)."""
    needs_a_duty()
    hours = max(1, EVERY // 60)  # what version 3 could say of this duty
    page.clock.set_fixed_time(START + timedelta(hours=1))
    old = json.loads(json.dumps(SEEDED))
    old["version"] = 3
    old["incidents"]["i-abc-def"]["items"][DUTY_KEY]["every"] = hours
    seed(page, site_url, old)
    open_record(page, site_url)
    duty = page.locator(f'.handbook-duty[data-handbook-duty="{DUTY_KEY}"]')
    expect(duty).to_contain_text(every(EVERY))  # the handbook's cadence, as people say it
    state = stored(page)
    assert state["version"] == 4
    assert state["incidents"]["i-abc-def"]["items"][DUTY_KEY]["every"] == hours * 60


@pytest.mark.browser_context_args(**BERLIN)
def test_checklist_ticks_kept_before_the_record_existed_migrate_into_it(page: Page, site_url: str):
    needs_a_duty()
    done = START + timedelta(minutes=2)
    now = done + timedelta(minutes=EVERY // 2)  # the duty not due yet
    page.clock.set_fixed_time(now)
    seed(page, site_url, {"version": 2, "current": "i-old", "incidents": {"i-old": {
        "name": "2026-11-27 login errors", "created": iso(START), "updated": iso(done),
        "items": {A_KEY: {"done": [iso(START + timedelta(minutes=1))]},
                  DUTY_KEY: {"done": [iso(done)]}}}}})
    open_record(page, site_url)
    expect(page.get_by_role("textbox", name=INCIDENT, exact=True)).to_have_value("2026-11-27 login errors")
    expect(page.locator(".handbook-timeline li")).to_have_count(3)
    duty = page.locator(f'.handbook-duty[data-handbook-duty="{DUTY_KEY}"]')
    expect(duty).to_contain_text(say("record.duty_next_due", time=clock(done + timedelta(minutes=EVERY), now)))
    state = stored(page)
    assert state["version"] == 4 and state["incidents"]["i-old"]["decisions"] == []
    # A page with the checklist gives the duty its cadence in the record, for reminders and handovers.
    page.goto(site_url + ROLE_PAGE)
    expect(page.get_by_role("checkbox", name=STATUS_PAGE, exact=True)).to_be_checked()
    assert stored(page)["incidents"]["i-old"]["items"][DUTY_KEY]["every"] == EVERY  # minutes


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
