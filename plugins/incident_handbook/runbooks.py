"""Printable runbooks, one sheet per role: filled in by the runbooks issue."""

from __future__ import annotations

from incident_engine.model import Handbook

RUNBOOKS_DIR = "runbooks"


def pages(hb: Handbook) -> dict:
    """Source path -> Markdown of every runbook page."""
    return {}


def nav(hb: Handbook) -> list:
    """Navigation entries for the runbooks (empty: no section)."""
    return []
