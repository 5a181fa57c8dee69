"""The content under ``checklists/``, loaded once, for tests that derive their expectations from it.

Tests of the machine (pages, wizards, runbooks, checklists, offline) must pass on any valid handbook,
so they pick their role, tree or outcome from what is loaded here instead of naming this handbook's
ids. Tests of fidelity to *this* handbook's source (its sentences, its wording, its twelve wizard
outcomes) carry the ``fidelity`` marker or live in ``tests/fidelity/``; they run only when
``checklists/handbook.yml`` declares ``source_text:`` (see ``tests/conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

from incident_handbook.loading import load_handbook

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "checklists"
HANDBOOK = load_handbook(CONTENT, ROOT)

NO_SOURCE_TEXT = ("checklists/handbook.yml declares no 'source_text:' (the source handbook's text), "
                  "so the tests of fidelity to that source do not apply to this content")


def source_text() -> Path | None:
    """The source handbook's text the content declares (``source_text:``, relative to the content folder)."""
    declared = getattr(HANDBOOK.front, "source_text", "")
    return (CONTENT / declared).resolve() if declared else None


def first_tree():
    """A tree of the content with a question of at least two steps, if any (the one with the longest path)."""
    from incident_engine.decision import paths

    best = None
    for tree in HANDBOOK.trees.values():
        for path in paths(tree):
            if best is None or len(path.answers) > len(best[1].answers):
                best = (tree, path)
    return best


def role_with_items():
    """The first role (in the handbook's order) that has checklist items."""
    return next((r for r in HANDBOOK.roles.values() if list(r.items())), None)
