"""Fidelity to this handbook's source: every test here is marked ``fidelity`` and runs only when
``checklists/handbook.yml`` declares ``source_text:`` (``tests/conftest.py``, ``mark_fidelity``).
On another organisation's handbook they are skipped, with a reason naming that key."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def site(handbook_site) -> Path:
    return handbook_site.dir


# The browser tests of this handbook's own wording (test_*_export.py) drive the real site in Chromium with the
# fixtures of tests/browser/ (the system Chromium, the served site, requests kept local, console errors).
from tests.browser.conftest import (  # noqa: E402, F401
    browser_type_launch_args,
    console_errors,
    context,
    foreign_requests,
    site_dir,
    site_url,
)
