"""Hostile or careless content: script payloads in every text field of the YAML never run."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from incident_engine.schema import load_schema
from tests.conftest import build_site, copy_site
from tests.support import serve

FLAG = "window.__pwned"
PAYLOAD = (' </title></textarea><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
           '<svg onload="window.__pwned=3"></svg> {: onclick="window.__pwned=4"} '
           '<a href="javascript:window.__pwned=5">x</a> &lt;b&gt; `code` ${window.__pwned=6}')
TEXT_REF = "#/$defs/text"
EXTRA_PAGE = """\
kind: page
id: extra
title: Extra
intro: An intro.
sections:
  - id: extra-section
    title: A section
    text: Its text.
    list: [One thing, Another thing]
    callouts:
      - id: extra-callout
        title: A callout
        text: Its text.
        outside_wizards: A fixture.
    blocks:
      - passage: be-calm
"""


def poison(data, schema: dict, root: dict):
    """Append the payload to every value the schema calls text (never to ids or references)."""
    if schema.get("$ref") == TEXT_REF and isinstance(data, str):
        return data + PAYLOAD
    if "$ref" in schema:
        return poison(data, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root)
    if isinstance(data, dict):
        props = schema.get("properties", {})
        return {k: poison(v, props.get(k, {}), root) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(v, schema.get("items", {}), root) for v in data]
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    project = copy_site(tmp / "project")
    (project / "checklists" / "pages").mkdir()
    (project / "checklists" / "pages" / "extra.yml").write_text(EXTRA_PAGE)
    for path in sorted((project / "checklists").rglob("*.yml")):
        data = yaml.safe_load(path.read_text())
        schema = load_schema(data["kind"])
        path.write_text(yaml.safe_dump(poison(data, schema, schema), allow_unicode=True, sort_keys=False))
    out = build_site(project, tmp / "site")
    url, stop = serve(out)
    yield url, out
    stop()


def test_payloads_are_shown_as_text_and_never_run(page: Page, hostile_site):
    url, site = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = sorted(p.relative_to(site).as_posix()[: -len("index.html")] for p in site.rglob("index.html"))
    assert len(pages) >= 8
    shown = False
    for rel in pages:
        page.goto(url + rel)
        page.wait_for_load_state("load")
        assert page.evaluate(FLAG) is None, f"a payload ran on {rel or '/'}"
        shown = shown or "<script>window.__pwned=1</script>" in page.locator("article").inner_text()
        assert page.locator("article img[src='x'], article svg[onload]").count() == 0, rel
    assert shown, "the payload should be visible as text"
    # The wizard renders content through the engine and the DOM: walk it to an outcome.
    page.goto(url + "wizards/pick/")
    wizard = page.locator(".handbook-wizard")
    expect(wizard.locator('[data-handbook-engine="ready"]')).to_be_attached(timeout=60_000)
    wizard.locator('button[data-handbook-answer="no"]').click()
    wizard.locator('button[data-handbook-answer="no"]').click()
    expect(wizard.locator(".handbook-result")).to_contain_text("<script>window.__pwned=1</script>")
    assert page.locator('.handbook-result a[href^="javascript:"]').count() == 0
    page.goto(url + "roles/lead/")
    page.get_by_role("checkbox").first.check()
    page.reload()
    assert page.evaluate(FLAG) is None and not dialogs


def test_unsafe_links_in_content_are_refused_at_build(tmp_path: Path):
    # The golden case 'unsafe-content' asserts the exact message; here: nothing is built at all.
    project = copy_site(tmp_path / "project", Path(__file__).parents[1] / "golden" / "unsafe-content")
    with pytest.raises(BaseException):  # noqa: B017 - mkdocs aborts with its own exception type
        build_site(project, tmp_path / "site")
    assert not (tmp_path / "site" / "index.html").exists()
