"""Content pages (``kind: page``) in a browser: axe finds nothing, and an embedded checklist and wizard work."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SHARED_CONTEXT
from tests.browser.test_accessibility import AXE, axe_violations, open_settled
from tests.build.test_pages_as_data import build_pages_site
from tests.support import serve

pytestmark = SHARED_CONTEXT  # see tests/browser/conftest.py


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory):
    url, stop = serve(build_pages_site(tmp_path_factory.mktemp("pages-browser")))
    yield url
    stop()


@pytest.mark.parametrize("path", ["", "etiquette/", "severity/", "roles/lead/"])
def test_axe_finds_no_violations_on_content_pages(page: Page, pages_site: str, path: str):
    assert AXE.exists(), "axe-core is missing: run npm ci (make test does)"
    open_settled(page, pages_site + path)
    found = [f"{v['id']}: {v['help']}: {'; '.join(' '.join(n['target']) for n in v['nodes'][:5])}"
             for v in axe_violations(page)]
    assert not found, f"/{path}:\n" + "\n".join(found)


def test_an_embedded_checklist_keeps_ticks_and_an_embedded_wizard_answers(page: Page, pages_site: str):
    open_settled(page, pages_site + "etiquette/")
    box = page.get_by_label("Join the channel.")
    box.check()
    page.reload()
    expect(page.get_by_label("Join the channel.")).to_be_checked()
    open_settled(page, pages_site + "severity/")
    wizard = page.locator(".handbook-wizard")
    expect(wizard.locator('[data-handbook-engine="ready"]')).to_be_attached(timeout=60_000)
    wizard.locator('button[data-handbook-answer="yes"]').click()
    expect(wizard.locator(".handbook-result")).to_contain_text("The lead leads.")
