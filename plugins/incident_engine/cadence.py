"""How often a duty is repeated: ``every: 20m``, ``6h`` or ``1d`` in the YAML, minutes in the model.

One place parses the YAML's form (``parse_every``). Saying it ("every 20
minutes", "every 6 hours", "every hour") is for the interface words
(``words.every``, used by the build alone: the scripts read a cadence's words
from the page), which a handbook can reword.
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
