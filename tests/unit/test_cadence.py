"""Cadences with units: parsed once, said as people say them."""

from __future__ import annotations

import pytest

from incident_engine import words
from incident_engine.cadence import EVERY_PATTERN, parse_every
from incident_engine.schema import load_schema


@pytest.mark.parametrize(("text", "minutes"), [("20m", 20), ("1m", 1), ("6h", 360), ("1h", 60), ("90m", 90),
                                               ("1d", 1440), ("7d", 10080), ("168h", 10080)])
def test_every_is_read_in_minutes(text, minutes):
    assert parse_every(text) == minutes


@pytest.mark.parametrize("text", ["6", "0h", "6 hours", "h", "-1h", "1.5h", "6H", "", "1w", "06h"])
def test_a_cadence_without_its_unit_or_count_is_refused_naming_the_form(text):
    with pytest.raises(ValueError, match="20m, 6h, 1d"):
        parse_every(text)


def test_a_cadence_longer_than_a_week_is_refused():
    with pytest.raises(ValueError, match="at most 7d"):
        parse_every("8d")


@pytest.mark.parametrize(("minutes", "said"), [(20, "20 minutes"), (1, "minute"), (360, "6 hours"), (60, "hour"),
                                               (90, "90 minutes"), (1440, "day"), (2880, "2 days"),
                                               (120, "2 hours"), (1500, "25 hours")])
def test_a_cadence_is_said_as_people_say_it(minutes, said):
    assert words.every(words.merge(), minutes) == f"every {said}"


def test_the_schema_and_the_parser_accept_the_same_form():
    schema = load_schema("role")
    every = schema["$defs"]["item"]["properties"]["cadence"]["properties"]["every"]
    assert every["pattern"] == EVERY_PATTERN
    assert "every_hours" not in schema["$defs"]["item"]["properties"]["cadence"]["properties"]
