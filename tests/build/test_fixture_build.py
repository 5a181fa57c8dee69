"""Build the fixture site into tmp_path and read the HTML a person would get."""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.handbook_content import HANDBOOK


@pytest.fixture(scope="module")
def built(fixture_build: Path) -> Path:
    return fixture_build


def html_tags(html: str) -> list:
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def page(out: Path, uri: str) -> str:
    return (out / uri / "index.html" if uri else out / "index.html").read_text("utf-8")


def test_generated_pages_exist(built: Path):
    for uri in ("", "appointing", "guidelines", "channels", "roles", "roles/lead", "roles/helper",
                "wizards/pick", "wizards/decision-table", "embedded"):
        assert (built / uri / "index.html").exists(), uri


def test_role_page_has_checklist_with_native_checkboxes_and_links(built: Path):
    html = page(built, "roles/lead")
    assert 'data-handbook-checklist="first"' in html
    assert re.search(r'<input type="checkbox" id="handbook-lead-join" class="handbook-box">\s*'
                     r'<label for="handbook-lead-join">Join the channel.</label>', html)
    assert 'href="../helper/"' in html  # owner links to the Helper page
    assert 'href="../../wizards/pick/"' in html
    assert "Updating the status page." in html and "Owner:" in html


def test_owner_page_links_back_to_what_it_takes_over(built: Path):
    html = page(built, "roles/helper")
    assert "Taken on from other roles" in html
    assert 'href="../lead/#not-status"' in html


def test_embedded_blocks_render_in_hand_written_pages(built: Path):
    html = page(built, "embedded")
    assert "```handbook" not in html
    assert 'data-handbook-checklist="first"' in html
    # A checklist in a hand-written page has its toolbar too: the page's one template, in the page's article.
    article = html[html.index("<article"):html.index("</article>")]
    assert article.count('data-handbook-part="toolbar"') == 1
    assert "It&#x27;s better to be slower" in html or "It's better to be slower" in html
    assert "Text after the block." in html


def test_a_block_shown_inside_an_example_stays_code(built: Path):
    """A ```handbook block inside a ````md fence is the example's text, as Markdown reads it."""
    html = page(built, "writing-blocks")
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    assert pre, "the example is a code block"
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", pre.group(1))) == "```handbook\nchecklist: lead/first\n```\n"
    assert "data-handbook-checklist" not in html


def test_a_wizard_embeds_in_a_hand_written_page_with_its_first_question(built: Path):
    html = page(built, "embedded")
    assert 'data-handbook-wizard="pick"' in html
    assert re.search(r'<legend tabindex="-1"><span class="handbook-step">Question 1</span> '
                     r'<span class="handbook-question-text">Does the product have a lead\?</span></legend>', html)
    # Every node is rendered once, here, as a template the script clones.
    assert re.findall(r'<template data-handbook-node="([^"]+)">', html) == [
        "has-lead", "anyone", "lead-leads", "helper-appoints"]
    # The outcome quotes what it applies: the duty with who, how often and its owner; the does-not rule.
    lead_leads = re.search(r'<template data-handbook-node="lead-leads">(.*?)</template>', html, re.S).group(1)
    assert "<strong>Lead, at least every 6 hours:</strong> Check the status page. At least every six hours." in lead_leads
    assert 'Owner: <a href="../roles/helper/">Helper</a>' in lead_leads
    assert "<strong>Not for the Lead:</strong>" in lead_leads and "It's better to be slower" in lead_leads
    assert 'data-handbook-answer="yes"' in html and 'id="outline-pick"' in html
    # The box a failure shows (either script fills in only the reason), with its way to the outline.
    [failed] = re.findall(r'<template data-handbook-part="failed">(.*?)</template>', html, re.S)
    assert '<span data-handbook-text="reason"></span>' in failed and 'href="#outline-pick"' in failed
    # The engine sets every tree up once from engine/trees.json; the page carries none of it.
    assert "data-handbook-data" not in html.split('id="outline-pick"')[0]


def test_the_runtime_and_engine_are_copied_into_the_site(built: Path):
    runtime = built / "assets" / "handbook" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.pyc.zip", "runtime.json"):
        assert (runtime / name).is_file(), name
    assert (built / "assets" / "handbook" / "engine" / "incident_engine.zip").is_file()


def test_generated_pages_are_in_the_search_index(built: Path):
    index = json.loads((built / "search" / "search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    assert {"roles/lead/", "guidelines/", "wizards/pick/"} <= locations
    assert any("Join the channel." in d["text"] for d in index["docs"])


def test_decision_table_lists_every_path(built: Path):
    html = page(built, "wizards/decision-table")
    assert html.count("<tr><td>") == 3  # yes; no+yes; no+no


def test_bad_content_cli_exits_nonzero_without_traceback(fixture_site: Path, tmp_path: Path):
    (fixture_site / "checklists" / "guidelines.yml").write_text(
        (fixture_site / "checklists" / "guidelines.yml").read_text().replace("title: Be calm.", "titel: Be calm."))
    out = tmp_path / "cli-out"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=fixture_site, capture_output=True, text=True)
    assert result.returncode == 1
    assert ("checklists/guidelines.yml:6:5: guidelines[0].titel: unknown key 'titel' (did you mean 'title'?)"
            in result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists()


def test_script_payloads_in_content_are_text(fixture_site: Path, tmp_path: Path):
    payload = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">{: onclick="x"}'
    path = fixture_site / "checklists" / "guidelines.yml"
    path.write_text(path.read_text().replace("Say **less**", "Say " + payload.replace('"', '\\"')))
    path.write_text(path.read_text().replace("text: Say", 'text: "Say').replace("(https://example.com/docs).",
                                                                               '(https://example.com/docs)."'))
    out = build_site(fixture_site, tmp_path / "out")
    html = page(out, "guidelines")
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    tags = [(tag, dict(attrs)) for tag, attrs in html_tags(html)]
    assert not [t for t, a in tags if t == "img" and a.get("src") == "x"]
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)], "no element may carry an event handler"


def test_the_real_handbook_builds_strict(handbook_site):
    for role in HANDBOOK.roles:
        assert (handbook_site.dir / "roles" / role / "index.html").exists(), role
