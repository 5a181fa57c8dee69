"""A handbook of prose pages only: no appointment, guidelines or channels file, two ``kind: page`` files,
the navigation in the order of ``nav:``, the roles in the order of ``roles:``, the site named by the handbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.build.test_plugin_options import nav_links, text_of
from tests.conftest import ROOT, build_site, copy_site
from tests.support import contents
from tests.support import read_page as read

PAGES = ROOT / "tests" / "fixtures" / "pages"  # laid over the fixture site, whose three single pages are removed


def build_pages_site(tmp: Path) -> Path:
    """The fixture site without its appointment, guidelines and channels files, with two content pages."""
    project = copy_site(tmp / "project", PAGES)
    for name in ("appointing.yml", "guidelines.yml", "channels.yml"):
        (project / "checklists" / name).unlink()
    return build_site(project, tmp / "site")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_pages_site(tmp_path_factory.mktemp("pages-as-data"))


def test_no_appointment_guidelines_or_channels_page_and_nothing_links_to_one(site: Path):
    for name in ("appointing", "guidelines", "channels"):
        assert not (site / name).exists()
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        for name in ("appointing/", "guidelines/", "channels/"):
            assert f'href="{name}' not in text and f'/{name}"' not in text, (page, name)


def test_the_navigation_follows_nav_then_the_default_order(site: Path):
    links = nav_links(read(site, ""))
    assert links[:6] == ["etiquette/", "roles/", "roles/helper/", "roles/lead/", "severity/", "wizards/pick/"]
    rest = links[6:]
    assert rest.index("incident/") < rest.index("wizards/decision-table/") < rest.index("runbooks/")
    assert rest.index("runbooks/") < rest.index("embedded/")  # hand-written pages last, as by default


def test_roles_follow_roles_everywhere(site: Path):
    assert "Roles: Helper, Lead" in contents(read(site, ""))
    runbooks = read(site, "runbooks")
    assert runbooks.index('data-handbook-runbook="helper"') < runbooks.index('data-handbook-runbook="lead"')


def test_a_page_shows_its_sections_lists_callouts_and_embedded_blocks(site: Path):
    etiquette = read(site, "etiquette")
    words = text_of(etiquette)
    assert "How we behave on an incident call." in words
    assert 'id="be-calm"' in etiquette and "It's better to be slower and correct than fast and wrong." in words
    assert "Mute when you are not speaking." in words
    assert 'data-handbook-checklist="first"' in etiquette  # the embedded checklist: lead/first
    severity = read(site, "severity")
    assert 'id="nobody-around"' in severity and "handbook-callout" in severity
    assert 'data-handbook-wizard="pick"' in severity  # the embedded wizard
    assert 'class="handbook-quote"' in severity and "Say less" in text_of(severity)  # the embedded passage
    # Other content rests on a section: the home page's start links quote it, linked to its anchor.
    assert 'href="severity/#leads-own"' in read(site, "")
    # The home page lists the prose pages, in the navigation's order.
    assert "Call etiquetteWho leadsRoles" in contents(read(site, ""))


def test_the_handbook_names_the_site(site: Path):
    home = read(site, "")
    assert "<title>Pages fixture</title>" in home
    assert '<meta name="description" content="A handbook made of pages only.">' in home
