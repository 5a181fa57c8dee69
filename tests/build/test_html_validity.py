"""Every built page is valid HTML, as the Nu HTML Checker (vnu) judges it.

vnu comes from npm (``vnu-jar``, pinned in package.json) and runs on a Java
runtime (``scripts/ensure-java`` installs Debian's, ``make test`` runs it).
It checks all pages in one run; warnings are allowed, errors are not.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.handbook_content import HANDBOOK

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in Material's own templates, accepted knowingly: (message, the markup it points at, why).
# Each matches one exact piece of theme markup, so the same mistake in our own HTML still fails.
THEME_ERRORS = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1" autocomplete="off">'),
        "Material's hidden drawer and search toggles (base.html) carry autocomplete=off on purpose: Firefox would "
        "otherwise restore a checked toggle on reload and reopen the drawer or search "
        "(squidfunk/mkdocs-material#1513). Browsers ignore the attribute on checkboxes otherwise.",
    ),
    (
        "Bad value “” for attribute “tabindex” on element “label”",
        re.compile(r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">'),
        "Material's nav-item.html writes tabindex=\"\" on section labels (navigation.sections), meaning 'not "
        "focusable'; browsers parse it so. Its script selects label[tabindex] to keep aria-expanded in step on "
        "phones, so removing the attribute would change behaviour.",
    ),
]


@pytest.fixture(scope="module")
def site(handbook_site) -> Path:
    return handbook_site.dir


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def accepted(message: dict) -> bool:
    return any(message["message"].startswith(text) and pattern.search(message.get("extract", ""))
               for text, pattern, _why in THEME_ERRORS)


def vnu_errors(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime for the Nu HTML Checker: run scripts/ensure-java (make test does)")
    if not VNU.exists():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run npm ci (make test does)")
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    # vnu exits 1 when it found errors; its JSON report is on stderr either way.
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]


BAD_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>'
            '<p><div>block in a paragraph</div></body></html>')


@pytest.fixture(scope="module")
def checked(site: Path, tmp_path_factory) -> dict:
    """vnu's errors for every page of the site and for a page known to be bad, by file, in one run:
    starting the Java runtime is most of the checker's time."""
    bad = tmp_path_factory.mktemp("vnu") / "bad.html"
    bad.write_text(BAD_PAGE)
    errors = vnu_errors([*pages(site), bad])
    of_bad = [m for m in errors if m.get("url") == "file:" + str(bad)]  # vnu names a file "file:/path"
    return {"site": [m for m in errors if m not in of_bad], "bad": of_bad}


def test_every_page_is_valid_html(site: Path, checked: dict):
    files = pages(site)
    # at least a page and a runbook a role, a wizard a tree, the home page and 404.html: nothing left out by accident
    assert len(files) >= 2 * len(HANDBOOK.roles) + len(HANDBOOK.trees) + 2 and (site / "404.html") in files
    problems = []
    for m in checked["site"]:
        if m["type"] == "error" and accepted(m):
            continue
        where = m.get("url", "").removeprefix(site.as_uri() + "/").removeprefix("file:" + str(site) + "/")
        line = f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
        extract = " ".join(m.get("extract", "").split())
        problems.append(f"{line}: {m['message']}\n    {extract}")
    assert not problems, f"{len(problems)} HTML errors (vnu):\n" + "\n".join(problems)


def test_the_checker_catches_an_error(checked: dict):
    """The filter above is narrow: the same kind of mistake in other markup still counts."""
    errors = checked["bad"]
    assert len(errors) >= 2
    assert not any(accepted(m) for m in errors)


def test_material_search_dialog_has_a_name_on_every_page(site: Path):
    """plugin.theme_fixes names Material's search dialog (axe: aria-dialog-name), 404.html included."""
    unnamed = [p.relative_to(site).as_posix() for p in pages(site)
               if 'role="dialog" aria-label="Search">' not in p.read_text("utf-8")]
    assert not unnamed, unnamed
