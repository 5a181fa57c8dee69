"""A handbook's ``words:`` reach every place a reader sees them: the pages and the scripts' words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from incident_engine import words
from tests.conftest import build_site, copy_site

OVERRIDES = {
    "wizard.restart": "Begin anew",                       # a wizard's button (Python)
    "incident.title": "Our incident log",                 # a page title and its navigation entry
    "runbook.key_rules": "The rules that matter",         # a runbook's heading
    "table.answers": "What you said",                     # the decision table
    "checklist.copy_markdown": "Export as **Markdown**",  # a script's button: plain words in the JSON
    "picker.hint": "Kept here </script><b>only</b>",       # cannot break out of the data block
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("words")
    project = copy_site(root / "project")
    handbook = project / "checklists" / "handbook.yml"
    lines = "".join(f"  {k}: {json.dumps(v)}\n" for k, v in OVERRIDES.items())
    handbook.write_text(handbook.read_text("utf-8") + "words:\n" + lines, "utf-8")
    return build_site(project, root / "site")


def page_words(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="handbook-words">(.*?)</script>', page, re.S)
    assert match, "every page carries the scripts' words"
    return json.loads(match.group(1))


def test_an_override_changes_the_words_on_the_pages(site: Path):
    wizard = (site / "wizards" / "pick" / "index.html").read_text("utf-8")
    assert ">Begin anew</button>" in wizard and ">Start again<" not in wizard
    record = (site / "incident" / "index.html").read_text("utf-8")
    assert "<h1" in record and "Our incident log</h1>" in record
    assert "Our incident log" in (site / "index.html").read_text("utf-8")  # the navigation
    assert "The rules that matter" in (site / "runbooks" / "lead" / "index.html").read_text("utf-8")
    assert "What you said" in (site / "wizards" / "decision-table" / "index.html").read_text("utf-8")


def test_an_override_changes_the_words_the_scripts_show(site: Path):
    for path in (site / "index.html", site / "roles" / "lead" / "index.html", site / "incident" / "index.html"):
        page = path.read_text("utf-8")
        got = page_words(page)
        assert got["checklist.copy_markdown"] == "Export as Markdown"
        assert got["picker.hint"] == "Kept here </script><b>only</b>"
        assert "<b>only" not in page and page.count('id="handbook-words"') == 1
        assert got["wizard.back"] == words.DEFAULTS["wizard.back"]  # the rest: the defaults
    assert "pages.start_here" not in got  # only the scripts' words travel


def test_the_engine_says_the_records_words(site: Path):
    data = json.loads((site / "assets" / "handbook" / "engine" / "trees.json").read_text("utf-8"))
    assert data["words"]["outcome.audience"] == "Audience" and data["trees"]
