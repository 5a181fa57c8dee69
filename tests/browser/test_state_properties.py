"""Property-based tests of the browser's parsers: random URL, storage and handover states never raise.

Hypothesis draws the inputs in Python; each example batch is handed to the
real ES modules in Chromium in one call.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page

from tests.browser.conftest import SHARED_CONTEXT

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
                    max_leaves=25)
ID = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)
TIME = st.sampled_from(["2026-11-27T10:01:00.000Z", "2026-11-27T16:05:00.000Z", "yesterday", 5, None])
NEAR_VALID = st.fixed_dictionaries({
    "version": st.sampled_from([1, 2, 3, 0, "2", None]),
    "current": st.one_of(st.none(), ID, st.integers()),
    "incidents": st.dictionaries(ID | st.text(max_size=5), st.fixed_dictionaries({
        "name": st.one_of(st.text(max_size=150), st.integers()),
        "created": TIME, "updated": TIME,
        "items": st.dictionaries(st.tuples(ID, ID).map("/".join) | st.text(max_size=8),
                                 st.one_of(TIME, st.fixed_dictionaries({"done": st.lists(TIME, max_size=3)}))),
    }), max_size=3),
})


@pytest.fixture
def modules(page: Page, site_url: str) -> Page:
    page.goto(site_url)
    page.evaluate("""async () => {
      window.__state = await import(new URL("assets/handbook/incident-state.mjs", location.href));
      window.__wizard = await import(new URL("assets/handbook/wizard.mjs", location.href));
    }""")
    return page


PARSE_STORED = """(texts) => texts.map((text) => {
  try {
    const first = __state.parseStored(text);
    const again = __state.parseStored(__state.serialize(first.state));
    return [first.status, again.status, __state.serialize(first.state) === __state.serialize(again.state)];
  } catch (error) { return ["threw", String(error), false]; }
})"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(JSON.map(json.dumps), NEAR_VALID.map(json.dumps), st.text(max_size=60)), min_size=20,
                max_size=20))
def test_any_stored_state_parses_to_a_valid_state_without_raising(modules: Page, texts):
    for status, again, stable in modules.evaluate(PARSE_STORED, texts):
        assert status in ("ok", "migrated", "corrupt", "newer", "empty"), again
        assert again in ("ok", "empty") or (status == "newer"), (status, again)
        assert stable, "a parsed state must survive a save and a read unchanged"


PARSE_URL = """(raws) => raws.map((raw) => {
  try { const r = __wizard.parseUrlAnswers(raw); return [r.ok, r.ok ? r.answers : null]; }
  catch (error) { return ["threw", String(error)]; }
})"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=50), st.lists(st.sampled_from(["yes", "no", "a-b", "", "<x>"]),
                                                          max_size=8).map(".".join)), min_size=30, max_size=30))
def test_any_url_state_is_read_or_refused_without_raising(modules: Page, raws):
    for raw, (ok, answers) in zip(raws, modules.evaluate(PARSE_URL, raws), strict=True):
        assert ok in (True, False), answers
        if ok:
            assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a) for a in answers), raw
            assert ".".join(answers) == raw


# -- the handover parser ------------------------------------------------------------------------
# A handover is read strictly: whatever the file holds, parseHandover never throws; it either
# refuses with words for people, or returns an incident that exports and reads back the same.

T = st.integers(1_700_000_000_000, 1_900_000_000_000).map(
    lambda ms: datetime.fromtimestamp(ms // 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z")
WORDS = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).map(
    lambda s: " ".join(s.split())).filter(bool)
LINK = st.sampled_from(["", "https://example.slack.com/archives/C1", "http://plan.example/7"])
ITEM = st.fixed_dictionaries({"done": st.lists(T, min_size=1, max_size=4).map(sorted)},
                             optional={"every": st.integers(1, 7 * 24 * 60)})  # minutes
DECISION = st.fixed_dictionaries({
    "at": T, "tree": ID, "title": WORDS, "path": st.lists(ID, min_size=1, max_size=4).map(".".join),
    "answers": st.lists(st.fixed_dictionaries({"question": WORDS, "answer": WORDS}), max_size=4),
    "outcome": WORDS, "record": st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n"), max_size=80),
})
INCIDENT = st.fixed_dictionaries({
    "name": WORDS.map(lambda s: s[:120].strip()).filter(bool), "created": T, "updated": T, "channel": LINK,
    "plan": LINK, "items": st.dictionaries(st.tuples(ID, ID).map("/".join), ITEM, max_size=4),
    "decisions": st.lists(DECISION, max_size=3).map(lambda ds: sorted(ds, key=lambda d: d["at"])),
})
INCIDENT_ID = st.from_regex(r"i-[a-z0-9]{1,8}(-[a-z0-9]{1,6})?", fullmatch=True)
HANDOVER = st.fixed_dictionaries({"kind": st.just("handbook-incident-handover"), "version": st.just(4),
                                  "exported": T, "id": INCIDENT_ID, "incident": INCIDENT})


@pytest.fixture
def handover_module(page: Page, site_url: str) -> Page:
    page.goto(site_url)
    page.evaluate("async () => { window.__state = await import(new URL('assets/handbook/incident-state.mjs', "
                  "location.href)); }")
    return page


PARSE_HANDOVER = """(texts) => texts.map((text) => {
  try {
    const first = __state.parseHandover(text);
    if (!first.ok) return { ok: false, error: first.error, problems: first.problems };
    const state = __state.emptyState();
    __state.takeOver(state, first.id, first.incident);
    const again = __state.parseHandover(__state.exportHandover(state, first.id, "2026-11-27T10:00:00.000Z"));
    return { ok: true, id: first.id, incident: first.incident, again: again.ok ? again.incident : again.error,
             polluted: ({}).done !== undefined };
  } catch (error) { return { threw: String(error) }; }
})"""


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(JSON.map(json.dumps), HANDOVER.map(json.dumps), st.text(max_size=60),
                          HANDOVER.map(json.dumps).flatmap(lambda t: st.integers(0, len(t)).map(lambda n: t[:n])),
                          st.fixed_dictionaries({"kind": st.just("handbook-incident-handover"),
                                                 "version": st.sampled_from([1, 2, 3, 4, 5, "3", None]),
                                                 "id": ID | INCIDENT_ID, "incident": JSON}).map(json.dumps)),
                min_size=15, max_size=15))
def test_any_handover_is_read_or_refused_without_raising(handover_module: Page, texts):
    for text, result in zip(texts, handover_module.evaluate(PARSE_HANDOVER, texts), strict=True):
        assert "threw" not in result, (text, result)
        if result["ok"]:
            assert result["again"] == result["incident"], "a handover taken over exports and reads back the same"
            assert not result["polluted"]
        else:
            assert result["error"] and result["error"].endswith("."), result
            assert "{" not in result["error"] or "[" in result["error"], result  # words, not a dump of the file


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(HANDOVER, min_size=10, max_size=10))
def test_every_well_formed_handover_is_taken_over_whole(handover_module: Page, docs):
    results = handover_module.evaluate(PARSE_HANDOVER, [json.dumps(d) for d in docs])
    for doc, result in zip(docs, results, strict=True):
        assert result.get("ok"), (doc, result)
        assert result["id"] == doc["id"]
        assert result["incident"] == doc["incident"]


BREAKS = [
    ("incident.name", lambda d: d["incident"].update(name="a\u0000b")),
    ("incident.created", lambda d: d["incident"].update(created="2026-02-30T10:00:00.000Z")),
    ("incident.channel", lambda d: d["incident"].update(channel="javascript:alert(1)")),
    ("incident.items", lambda d: d["incident"].update(items=[])),
    ("incident.decisions", lambda d: d["incident"].update(decisions={})),
    ("incident.extra", lambda d: d["incident"].update(extra=1)),
    ("exported", lambda d: d.update(exported="now")),
    ("id", lambda d: d.update(id="constructor")),
]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(HANDOVER, st.sampled_from(BREAKS)), min_size=8, max_size=8))
def test_one_field_that_does_not_fit_refuses_the_whole_handover(handover_module: Page, cases):
    texts = []
    for doc, (_, breaks) in cases:
        breaks(doc)
        texts.append(json.dumps(doc))
    for (_, (field, _)), result in zip(cases, handover_module.evaluate(PARSE_HANDOVER, texts), strict=True):
        assert result.get("ok") is False, (field, result)
        assert any(p.startswith(field) for p in result["problems"]), (field, result["problems"])
