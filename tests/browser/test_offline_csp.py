"""The handbook when things are broken: offline after one visit, under a strict CSP."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from incident_engine import inline
from incident_engine.decision import paths
from incident_handbook import offline
from tests.browser.conftest import ALLOW_SERVICE_WORKERS
from tests.handbook_content import HANDBOOK, role_with_items
from tests.support import CSP_VIOLATIONS, headers_from, serve

pytestmark = ALLOW_SERVICE_WORKERS  # see tests/browser/conftest.py

# Picked from the content: a role with a checklist, its first item, and another role to navigate to.
ROLE = role_with_items()
FIRST_ITEM = inline.to_plain(next(i for _c, i in ROLE.items()).text)
OTHER_ROLE = next((r for r in HANDBOOK.roles.values() if r.id != ROLE.id), ROLE)
TIMEOUT = 60_000


def page_urls(site_dir: Path) -> list:
    out = []
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()[: -len("index.html")]
        out.append(rel)
    return out


def wait_controlled(page: Page) -> None:
    """Wait until the service worker has precached everything and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT)


def reach_outcome(page: Page, tree_id: str) -> None:
    tree = HANDBOOK.trees[tree_id]
    path = paths(tree)[0]
    w = page.locator(f'.handbook-wizard[data-handbook-wizard="{tree_id}"]')
    expect(w.locator('[data-handbook-engine="ready"]')).to_be_attached(timeout=TIMEOUT)
    for node, option in path.steps:
        w.locator(f'fieldset[data-handbook-node="{node.id}"] button[data-handbook-answer="{option.answer}"]').click()
    expect(w.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", path.outcome.id)


def test_after_one_visit_everything_works_offline(page: Page, context, site_url: str, site_dir: Path):
    page.goto(site_url)
    wait_controlled(page)
    context.set_offline(True)
    for rel in page_urls(site_dir):
        page.goto(site_url + rel)
        expect(page.locator("h1").first).to_be_visible()
        assert "handbook" in page.title().lower() or page.title()
    expect(page.locator('.handbook-netstate[data-handbook-netstate="offline"]')).to_be_visible()
    for tree_id in HANDBOOK.trees:
        page.goto(f"{site_url}wizards/{tree_id}/")
        reach_outcome(page, tree_id)
    page.goto(f"{site_url}roles/{ROLE.id}/")
    box = page.get_by_role("checkbox", name=FIRST_ITEM)
    box.check()
    page.reload()
    expect(page.get_by_role("checkbox", name=FIRST_ITEM)).to_be_checked()
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type(ROLE.name)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def test_a_new_build_is_offered_and_replaces_only_what_changed(page: Page, site_dir: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    url, stop = serve(site)
    try:
        page.goto(url + "roles/")
        wait_controlled(page)
        fetched = []
        page.context.on("request", lambda r: fetched.append(r.url))
        changed = site / "roles" / "index.html"
        before = changed.read_text()
        article = '<article class="md-content__inner md-typeset">'
        changed.write_text(before.replace(article, article + "<p>These (new build) are principles</p>", 1))
        assert changed.read_text() != before
        offline.write_service_worker(site)
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        notice = page.locator('.handbook-netstate[data-handbook-netstate="update"]')
        expect(notice).to_contain_text("newer version", timeout=TIMEOUT)
        notice.get_by_role("button", name="Reload").click()
        expect(page.get_by_text("These (new build) are principles")).to_be_visible(timeout=TIMEOUT)
        downloaded = {u.removeprefix(url) for u in fetched if u.startswith(url)}
        assert "roles/" in downloaded
        assert "assets/handbook/pyodide/pyodide.asm.wasm" not in downloaded, "unchanged files must not be fetched again"
    finally:
        stop()


def test_the_site_passes_its_own_content_security_policy(page: Page, csp_url: str, site_dir: Path):
    """What readers do on the site, served with its own ``_headers``: reach an outcome of each wizard and copy
    its record, tick, search, navigate in place, switch the palette. (Every page as it loads is judged under
    the same policy by the accessibility sweep, tests/browser/test_accessibility.py, on its one visit.)"""
    policy = headers_from(site_dir)["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in policy and "'wasm-unsafe-eval'" in policy and "connect-src 'self'" in policy
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(CSP_VIOLATIONS)
    seen = []
    for tree_id in HANDBOOK.trees:
        page.goto(f"{csp_url}wizards/{tree_id}/")
        reach_outcome(page, tree_id)
        page.locator(".handbook-result").get_by_role("button", name="Copy decision record").click()
        seen += page.evaluate("window.__csp")
    page.goto(f"{csp_url}roles/{ROLE.id}/")
    page.get_by_role("checkbox").first.check()
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type(ROLE.name)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")
    page.locator(".md-sidebar--primary").get_by_role("link", name=OTHER_ROLE.name, exact=True).first.click()
    expect(page).to_have_url(f"{csp_url}roles/{OTHER_ROLE.id}/", timeout=20_000)  # a wait: slow under load
    page.locator("label[for='__palette_1']").first.click()
    seen += page.evaluate("window.__csp")
    assert not seen, seen
    assert not messages, messages


def test_every_inline_script_is_allowed_by_hash_and_no_handler_attributes(site_dir: Path):
    from incident_handbook.csp import _hash, _Inline

    policy = headers_from(site_dir)["Content-Security-Policy"]
    for path in site_dir.rglob("*.html"):
        text = path.read_text("utf-8")
        parser = _Inline()
        parser.feed(text)
        for script in parser.scripts:
            assert _hash(script) in policy, f"{path}: inline script not in the policy"
        assert " onclick=" not in text and " onerror=" not in text and " onload=" not in text, path
