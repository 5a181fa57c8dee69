"""Property-based tests of the browser's parsers: random URL and storage states never raise.

Hypothesis draws the inputs in Python; each example batch is handed to the
real ES modules in Chromium in one call.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page

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
