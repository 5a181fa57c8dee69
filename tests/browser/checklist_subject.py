"""What the checklist and incident-record tests tick, picked from the loaded handbook (tests/handbook_content.py).

Importing it from a test module skips that module, saying why, when no role of the handbook has two items to tick.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.handbook_content import cadence_duty, checklist_role_or_skip, plain, two_items

KEY = "handbook.checklists"  # the record's localStorage key (incident-state.mjs STORAGE_KEY)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

ROLE, ROLE_NAME, ROLE_PAGE = checklist_role_or_skip()
# Two items without a cadence (in two phases where the role has them), and the role's duty on a cadence.
(PHASE_A, A), (PHASE_B, B) = two_items(ROLE)
JOIN, LOOP = plain(A.text), plain(B.text)
A_KEY, B_KEY = f"{ROLE.id}/{A.id}", f"{ROLE.id}/{B.id}"
PHASE_DUTY, DUTY = cadence_duty(ROLE) or (None, None)
STATUS_PAGE = plain(DUTY.text) if DUTY else None
DUTY_KEY = f"{ROLE.id}/{DUTY.id}" if DUTY else None
NO_CADENCE = "no item of this handbook's checklists has a cadence"


def needs_a_duty() -> None:
    if DUTY is None:
        pytest.skip(NO_CADENCE)
