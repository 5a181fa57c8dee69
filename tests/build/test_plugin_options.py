"""The plugin's settings in mkdocs.yml, one build each, as a site's maintainer would change them.

Each test builds the fixture site with one setting changed and reads what a
reader would get. The settings are values the plugin holds and passes on, not
state of a module, so builds in one process with different settings each get
their own result.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from pathlib import Path

import pytest

from incident_handbook import pages, runbooks
from incident_handbook.loading import load_handbook
from tests.conftest import FIXTURE_SITE, build_site, copy_site

RUNTIME = Path("assets") / "handbook" / "pyodide"


def configured(project: Path, **options) -> Path:
    """The fixture site's mkdocs.yml with these ``handbook`` options (and top-level ``site`` settings) added."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    for key, value in options.items():
        if key == "site":
            text += "".join(f"{k}: {json.dumps(v)}\n" for k, v in value.items())
        else:
            text = text.replace("  - handbook:\n", f"  - handbook:\n      {key}: {json.dumps(value)}\n")
    config.write_text(text)
    return project


def build_with(tmp_path: Path, **options) -> Path:
    return build_site(configured(copy_site(tmp_path / "project"), **options), tmp_path / "out")


def text_of(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def nav_links(html: str) -> list:
    """The pages the navigation links to, in its order (the primary navigation comes first)."""
    return [h for h in re.findall(r'<a href="([^"#]*)" class="md-nav__link', html) if h not in (".", "./")]


def test_disabled_the_site_builds_from_its_hand_written_pages_alone(tmp_path: Path):
    out = build_with(tmp_path, enabled=False)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "404.html", "embedded/index.html", "writing-blocks/index.html"]
    assert not (out / "assets" / "handbook").exists()
    assert not (out / "sw.js").exists() and not (out / "_headers").exists()
    # a handbook block is left as the code it is written in: nothing to expand it
    embedded = (out / "embedded" / "index.html").read_text("utf-8")
    assert "checklist: lead/first" in text_of(embedded) and "data-handbook-checklist" not in embedded


def test_without_wizards_trees_are_static_outlines_and_no_runtime_is_shipped(tmp_path: Path, fixture_build: Path):
    """Built after a site with wizards, in the same process, with the same plugin instance (MkDocs keeps one)."""
    out = build_with(tmp_path, wizards=False)
    wizard = (out / "wizards" / "pick" / "index.html").read_text("utf-8")
    assert 'class="handbook-outline' in wizard and "Does the product have a lead?" in wizard
    assert "data-handbook-wizard" not in wizard
    assert "engine-boot" not in wizard and "modulepreload" not in wizard
    assert not (out / RUNTIME).exists() and not (out / "assets" / "handbook" / "engine").exists()


def test_with_wizards_the_page_carries_the_widget_and_the_runtime(fixture_build: Path):
    wizard = (fixture_build / "wizards" / "pick" / "index.html").read_text("utf-8")
    assert 'data-handbook-wizard="pick"' in wizard and "modulepreload" in wizard
    assert (fixture_build / RUNTIME / "runtime.json").is_file()


def test_without_nav_mkdocs_orders_the_pages_itself(tmp_path: Path, fixture_build: Path):
    ours = nav_links((fixture_build / "index.html").read_text("utf-8"))
    assert ours.index("wizards/pick/") < ours.index("appointing/"), "the handbook's nav puts the wizards first"
    out = build_with(tmp_path, nav=False)
    theirs = nav_links((out / "index.html").read_text("utf-8"))
    assert theirs.index("appointing/") < theirs.index("wizards/pick/"), "MkDocs' own nav is alphabetical"
    assert set(theirs) >= {"appointing/", "roles/lead/", "wizards/pick/", "embedded/"}


def test_a_site_with_its_own_nav_keeps_it(tmp_path: Path):
    out = build_with(tmp_path, site={"nav": [{"Start": "index.md"}, {"Lead": "roles/lead.md"}]})
    links = nav_links((out / "index.html").read_text("utf-8"))
    assert "roles/lead/" in links and "wizards/pick/" not in links


def test_without_engine_snapshot_the_runtime_names_none(tmp_path: Path, fixture_build: Path):
    with_snapshot = json.loads((fixture_build / RUNTIME / "runtime.json").read_text())
    assert with_snapshot["snapshot"] and (fixture_build / RUNTIME / with_snapshot["snapshot"]).is_file()
    out = build_with(tmp_path, engine_snapshot=False)
    manifest = json.loads((out / RUNTIME / "runtime.json").read_text())
    assert manifest["snapshot"] is None
    assert not (out / RUNTIME / with_snapshot["snapshot"]).exists()
    for named in ("loader", "glue", "stdlib"):  # the files the worker loads by the names runtime.json gives
        assert (out / RUNTIME / manifest[named]).is_file(), named


def test_content_dir_names_where_the_yaml_is(tmp_path: Path):
    project = copy_site(tmp_path / "project")
    shutil.move(project / "checklists", project / "content")
    out = build_site(configured(project, content_dir="content"), tmp_path / "out")
    assert "Join the channel." in (out / "roles" / "lead" / "index.html").read_text("utf-8")


def test_runbook_pdfs_links_each_runbook_to_its_pdfs(tmp_path: Path, fixture_build: Path):
    assert ".pdf" not in (fixture_build / "runbooks" / "lead" / "index.html").read_text("utf-8")
    out = build_with(tmp_path, runbook_pdfs=True)
    lead = (out / "runbooks" / "lead" / "index.html").read_text("utf-8")
    assert re.findall(r'href="([^"]+\.pdf)"', lead) == ["../pdf/lead.a4.pdf", "../pdf/lead.letter.pdf"]


@pytest.fixture(scope="module")
def flat_build(tmp_path_factory, fixture_build: Path) -> Path:
    """The fixture site with ``use_directory_urls: false`` and ``runbook_pdfs``, built after ``fixture_build``."""
    return build_with(tmp_path_factory.mktemp("flat"), runbook_pdfs=True, site={"use_directory_urls": False})


def test_a_site_without_directory_urls_links_every_page_as_html(flat_build: Path):
    lead = (flat_build / "roles" / "lead.html").read_text("utf-8")
    assert 'href="helper.html"' in lead and 'href="../wizards/pick.html"' in lead
    runbook = (flat_build / "runbooks" / "lead.html").read_text("utf-8")
    assert re.findall(r'href="([^"]+\.pdf)"', runbook) == ["pdf/lead.a4.pdf", "pdf/lead.letter.pdf"]
    wizard = (flat_build / "wizards" / "pick.html").read_text("utf-8")
    scripts = re.findall(r'<(?:link rel="modulepreload" href|script type="module" async src)="([^"]+)"', wizard)
    assert len(scripts) == 2 and all((flat_build / "wizards" / s).resolve().is_file() for s in scripts), scripts


def test_a_build_leaves_no_setting_behind(flat_build: Path, fixture_build: Path):
    """Settings are values the plugin passes, not state of a module: after one site's build, the next
    site (or a direct call) gets its own links, not the last build's."""
    assert 'href="../helper/"' in (fixture_build / "roles" / "lead" / "index.html").read_text("utf-8")
    hb = load_handbook(FIXTURE_SITE / "checklists", FIXTURE_SITE)
    assert 'href="../helper/"' in pages.role(hb, hb.roles["lead"])
    assert 'href="helper.html"' in pages.role(hb, hb.roles["lead"], directory_urls=False)
    assert not [src for src, md in runbooks.pages(hb).items() if ".pdf" in md]
