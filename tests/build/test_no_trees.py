"""A handbook with no decision trees makes a whole site: no empty wizard lines, no empty pages, no runtime."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_site, copy_site
from tests.support import edit_files


def without_trees(project: Path) -> Path:
    """The fixture site with its one tree and every mention of it taken out."""
    for tree in (project / "checklists" / "trees").glob("*.yml"):
        tree.unlink()
    edits = {
        "checklists/appointing.yml": [("tree: pick\n", "")],
        "checklists/guidelines.yml": [("\ntree: pick\n", "\n")],
        "checklists/roles/lead.yml": [("        tree: pick\n", "")],
        "checklists/handbook.yml": [("  - label: Who leads?\n    tree: pick\n    rests_on: leads-own\n", "")],
        "docs/embedded.md": [("## A wizard in a hand-written page\n\n```handbook\nwizard: pick\n```\n", "")],
    }
    edit_files(project, edits)
    return project


def test_a_handbook_without_trees_builds_a_site_without_wizards(tmp_path: Path):
    site = build_site(without_trees(copy_site(tmp_path / "project")), tmp_path / "site")
    home = (site / "index.html").read_text("utf-8")
    assert (site / "roles" / "lead" / "index.html").is_file() and (site / "incident" / "index.html").is_file()
    # Nothing points at a wizard that isn't there: no empty "Decision wizards:" line, no decision tables.
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not re.search(r"Decision wizards?:\s*(<|$)", text), page
        assert "decision-table" not in text, page
    assert "Decision tables" not in home
    assert not (site / "wizards").exists()
    # Pages without a wizard never pay for the engine.
    assert not (site / "assets" / "handbook" / "pyodide").exists()
    assert not (site / "assets" / "handbook" / "engine").exists()
