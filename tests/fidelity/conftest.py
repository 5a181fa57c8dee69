"""Fidelity to this handbook's source: every test here is marked ``fidelity`` and runs only when
``checklists/handbook.yml`` declares ``source_text:`` (``tests/conftest.py``, ``mark_fidelity``).
On another organisation's handbook they are skipped, with a reason naming that key."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def site(handbook_site) -> Path:
    return handbook_site.dir
