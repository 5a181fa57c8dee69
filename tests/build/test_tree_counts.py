"""One decision tree and three make sensible sites (no trees: test_no_trees.py)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.build.test_plugin_options import nav_links
from tests.conftest import ROOT, build_site, copy_site
from tests.support import contents
from tests.support import read_page as read

THREE_TREES = ROOT / "tests" / "fixtures" / "three-trees"  # two more trees laid over the fixture site


def test_a_handbook_with_one_tree_has_one_wizard_and_one_table(fixture_build: Path):
    home = read(fixture_build, "")
    wizards = [link for link in nav_links(home) if link.startswith("wizards/") and "decision-table" not in link]
    assert wizards == ["wizards/pick/"]
    assert contents(home).endswith("Decision wizards: Who leads?")
    table = read(fixture_build, "wizards/decision-table")
    assert table.count('id="table-') == 1 and 'id="table-pick"' in table


def test_a_handbook_with_three_trees_lists_each_in_the_nav_the_home_page_and_the_tables(tmp_path: Path):
    site = build_site(copy_site(tmp_path / "project", THREE_TREES), tmp_path / "site")
    home = read(site, "")
    wizards = [link for link in nav_links(home) if link.startswith("wizards/") and "decision-table" not in link]
    assert wizards == ["wizards/calm/", "wizards/pick/", "wizards/tell/"]  # in file name order
    assert contents(home).endswith("Decision wizards: Is everyone calm?, Who leads?, Tell the helper?")
    table = read(site, "wizards/decision-table")
    assert re.findall(r'id="table-([a-z-]+)"', table) == ["calm", "pick", "tell"]
    calm = read(site, "wizards/calm")
    assert 'data-handbook-wizard="calm"' in calm and "Tense" in calm and "Loud" in calm
    # Each role's runbook flows through the trees it uses, and only those.
    lead = read(site, "runbooks/lead").split('data-handbook-runbook="lead"')[1]
    helper = read(site, "runbooks/helper").split('data-handbook-runbook="helper"')[1]
    assert "Is everyone calm?" in lead and "Tell the helper?" not in lead
    assert "Tell the helper?" in helper and "Is everyone calm?" not in helper
