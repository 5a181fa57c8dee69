"""How often a duty is repeated: ``every: 20m``, ``6h`` or ``1d`` in the YAML, minutes in the model.

One place parses the YAML's form (``parse_every``) and says it as people say
it (``say_every``): "20 minutes", "6 hours", "hour", "90 minutes", "day".
Pages, runbooks and the browser's scripts all use these words, never their own.
"""

from __future__ import annotations

import re

UNITS = {"m": 1, "h": 60, "d": 60 * 24}
EVERY = re.compile(r"^([1-9][0-9]*)([mhd])$")
# The schema's pattern and the form the error message shows.
EVERY_PATTERN = "^[1-9][0-9]*[mhd]$"
EXPECTED = "a whole number and a unit: m (minutes), h (hours) or d (days), e.g. 20m, 6h, 1d"
MAX_MINUTES = 7 * 24 * 60  # a week; a duty repeated less often is not a cadence of an incident


def parse_every(text: str) -> int:
    """Minutes of ``20m``, ``6h`` or ``1d``; ``ValueError`` saying the expected form otherwise."""
    match = EVERY.match(str(text).strip())
    if not match:
        raise ValueError(f"{str(text)!r} is not a cadence: expected {EXPECTED}")
    minutes = int(match.group(1)) * UNITS[match.group(2)]
    if minutes > MAX_MINUTES:
        raise ValueError(f"{text!r} is longer than a week (7d); a cadence is at most 7d")
    return minutes


def say_every(minutes: int) -> str:
    """The cadence as people say it after "every": "20 minutes", "6 hours", "hour", "90 minutes", "day"."""
    if minutes < 1:
        raise ValueError(f"a cadence is at least one minute, not {minutes}")
    for unit, size in (("day", 60 * 24), ("hour", 60)):
        if minutes % size == 0:
            n = minutes // size
            return unit if n == 1 else f"{n} {unit}s"
    return "minute" if minutes == 1 else f"{minutes} minutes"


def say_span(minutes: int) -> str:
    """The same length of time as a span, after "in": "20 minutes", "6 hours", "1 hour", "1 day"."""
    said = say_every(minutes)
    return said if said[0].isdigit() else f"1 {said}"
