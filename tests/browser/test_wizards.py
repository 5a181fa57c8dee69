"""The decision wizards in real Chromium: every path, keyboard, failure, URL state, accessibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from incident_engine import inline, words
from incident_engine.decision import paths
from tests.browser.conftest import SHARED_CONTEXT, expect_wizard_failed, hold_runtime
from tests.browser.test_accessibility import SCHEMES, SWITCH_PALETTE
from tests.conftest import ROOT
from tests.handbook_content import HANDBOOK, first_tree, say

TREES = list(HANDBOOK.trees.values())
# The tree the single-tree tests walk, picked from the content: the one with the longest path, and that path.
T, LONGEST = first_tree() or (None, None)
pytestmark = [pytest.mark.skipif(T is None, reason="the content has no decision trees"), SHARED_CONTEXT]


def node_after(answers: list):
    """The node of T reached by some answers."""
    node = T.nodes[T.start]
    for given in answers:
        node = T.nodes[next(o.next for o in node.options if o.answer == given)]
    return node


def shown(node) -> str:
    """What the wizard's live region says of a node, as its first words."""
    return inline.to_plain(node.outcome if node.is_outcome else node.question)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ENGINE_TIMEOUT = 90_000  # ms: a wait, not a measure; a cold boot is ~1 s quiet, far more on a loaded 2-core machine


def wizard(page: Page, tree_id: str):
    return page.locator(f'.handbook-wizard[data-handbook-wizard="{tree_id}"]')


def wait_ready(page: Page, tree_id: str) -> None:
    expect(wizard(page, tree_id).locator('[data-handbook-engine="ready"]')).to_be_attached(timeout=ENGINE_TIMEOUT)


@pytest.mark.parametrize("tree", TREES, ids=[t.id for t in TREES])
def test_every_path_reaches_the_outcome_the_engine_computes(page: Page, site_url: str, tree, console_errors):
    """Every path of the tree, clicked through in one page: each step, each outcome, and on each outcome every
    passage it applies, with cadence and owner."""
    page.goto(f"{site_url}wizards/{tree.id}/")
    w = wizard(page, tree.id)
    wait_ready(page, tree.id)
    all_paths = paths(tree)
    assert len(all_paths) >= 2
    assert walk_every_path(page, w, tree, check_outcome=shows_every_passage_it_applies) == [
        (p.answers, p.outcome.id) for p in all_paths]
    assert not console_errors


def walk_every_path(page: Page, w, tree, check_outcome=None) -> list:
    """Click through every path of ``tree`` in the wizard ``w`` (restarting between paths), checking each step
    and outcome against the engine's ``paths`` (and each outcome with ``check_outcome(result, path)``);
    returns (answers, outcome shown) for each path."""
    walked = []
    for n, path in enumerate(paths(tree)):
        if n:
            w.locator('[data-handbook-action="restart"]').click()
        for (node, option) in path.steps:
            question = w.locator(f'fieldset[data-handbook-node="{node.id}"]')
            expect(question).to_be_visible()
            expect(question.locator("button[data-handbook-answer]")).to_have_count(len(node.options))
            question.locator(f'button[data-handbook-answer="{option.answer}"]').click()
        result = w.locator(".handbook-result")
        expect(result).to_have_attribute("data-handbook-outcome", path.outcome.id)
        expect(result.locator(".handbook-result-title")).to_contain_text(inline.to_plain(path.outcome.outcome))
        assert page.url.endswith(f"?{tree.id}=" + ".".join(path.answers))
        if check_outcome is not None:
            check_outcome(result, path)
        walked.append((path.answers, result.get_attribute("data-handbook-outcome")))
    return walked


def shows_every_passage_it_applies(result, path) -> None:
    """Every passage the outcome applies is on it: its own words in full, cadence and owner; duties first."""
    applied = path.outcome.applied
    assert applied, "every outcome applies at least the passage it rests on"
    items = result.locator(".handbook-applied-item")
    expect(items).to_have_count(len(applied))
    for pid in applied:
        passage = HANDBOOK.passages[pid]
        item = result.locator(f'.handbook-applied-item[data-handbook-passage="{pid}"]')
        expect(item).to_be_visible()
        # The passage's own words, in full, on the outcome itself: each paragraph, each item of a list.
        for kind, body in inline.blocks(passage.text):
            for words_of in ([body] if kind == "p" else body):
                expect(item).to_contain_text(inline.to_plain(words_of))
        if passage.every_minutes:
            role = HANDBOOK.roles[passage.role].name
            expect(item).to_contain_text(f"{role}, at least {words.every(HANDBOOK.words, passage.every_minutes)}")
        if passage.owner and passage.owner != passage.role:
            expect(item.locator(".handbook-owner")).to_contain_text(HANDBOOK.roles[passage.owner].name)
    # Who does what, and how often, first.
    kinds = [HANDBOOK.passages[pid].kind for pid in items.evaluate_all("els => els.map(e => e.dataset.handbookPassage)")]
    assert kinds == sorted(kinds, key=lambda k: {"duty": 0, "does-not": 1}.get(k, 2))
    # A note where the handbook is silent shows only on the step it is written on.
    expect(result.locator(".handbook-gap")).to_have_count(1 if path.outcome.gap else 0)


def review_paths(site_dir: Path) -> dict:
    """(tree id, outcome id) -> [answers of each path] as the maintainers' review page lists them."""
    text = (site_dir / "maintainers" / "review" / "index.html").read_text("utf-8")
    out: dict = {}
    for tree_id, outcome_id, answers in re.findall(
            r'data-handbook-review-path="([^"/]+)/([^"?]+)\?[^=]+=([^"]*)"', text):
        out.setdefault((tree_id, outcome_id), []).append(answers)
    return out


@pytest.mark.parametrize("tree", TREES, ids=[t.id for t in TREES])
def test_the_review_page_lists_every_path(site_dir: Path, tree):
    """The maintainers' review page lists each path the wizard is walked along above, under its outcome."""
    listed = review_paths(site_dir)
    for path in paths(tree):
        assert ".".join(path.answers) in listed.get((tree.id, path.outcome.id), []), (path.outcome.id, listed)


@pytest.mark.fidelity  # this handbook's own outcomes and wording
def test_the_ongoing_outcomes_carry_the_status_page_duty(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/notify-now/?notify-now=no.yes.no.no")
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", "wait", timeout=ENGINE_TIMEOUT)
    duty = result.locator('[data-handbook-passage="comms-lead/status-page-accurate"]')
    expect(duty).to_contain_text("Comms Lead, at least every 6 hours")
    expect(duty).to_contain_text("Owner: Incident Lead")
    expect(result.locator('[data-handbook-passage="incident-lead/update-status-page"]')).to_contain_text(
        "Incident Lead, at least every 6 hours: Update the status page")


@pytest.mark.fidelity  # this handbook's own outcomes and wording
def test_a_breach_that_is_over_leads_to_the_post_mortem(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/notify-now/?notify-now=yes.no.over")
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", "after-breach", timeout=ENGINE_TIMEOUT)
    # Nothing tells them to hold back for an attacker who is gone; the post-mortem is what the handbook asks.
    for part in (".handbook-result-title", ".handbook-next", ".handbook-notify", ".handbook-message"):
        expect(result.locator(part)).not_to_contain_text("attacker")
        expect(result.locator(part)).not_to_contain_text("hold back")
    expect(result.locator(".handbook-next")).to_contain_text("what went well and what could have gone better")
    expect(result.locator('[data-handbook-passage="after-security-incident"]')).to_contain_text(
        "what went well, and what could have gone better")


def test_each_step_is_announced_to_screen_readers_and_not_shown_twice(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/{T.id}/")
    w = wizard(page, T.id)
    wait_ready(page, T.id)
    live = w.locator(".handbook-wizard-live")
    for n, (node, option) in enumerate(LONGEST.steps, start=1):
        w.locator(f'fieldset[data-handbook-node="{node.id}"] button[data-handbook-answer="{option.answer}"]').click()
        after = node_after(LONGEST.answers[:n])
        if after.is_outcome:
            expect(live).to_have_text(f"Outcome: {shown(after)}")
        else:
            expect(live).to_have_text(f"Question {n + 1}: {shown(after)}")
        if n == 1:
            box = live.bounding_box()
            assert box is not None and box["width"] <= 1 and box["height"] <= 1, f"the live region is on screen: {box}"


def test_keyboard_alone_completes_a_path(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/{T.id}/")
    wait_ready(page, T.id)
    target = LONGEST  # the longest way round
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.handbookAnswer !== undefined"):
            break
    else:
        pytest.fail("Tab never reached the first answer")
    for node, option in target.steps:
        assert page.evaluate("document.activeElement.closest('fieldset').dataset.handbookNode") == node.id
        for _ in range(len(node.options)):
            if page.evaluate("document.activeElement.dataset.handbookAnswer") == option.answer:
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        nxt = target.outcome.id if node is target.steps[-1][0] else None
        if nxt is None:
            # Focus moves to the new question's legend; one Tab reaches its first answer.
            page.wait_for_function("document.activeElement.tagName === 'LEGEND'")
            page.keyboard.press("Tab")
    expect(page.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", target.outcome.id)
    page.wait_for_function("document.activeElement.classList.contains('handbook-result-title')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"


def test_answer_given_before_the_engine_is_ready_is_kept(page: Page, site_url: str):
    release = hold_runtime(page)
    page.goto(f"{site_url}wizards/{T.id}/")
    w = wizard(page, T.id)
    first = w.locator(f'fieldset[data-handbook-node="{T.start}"]')
    expect(first).to_be_visible()  # the first question is in the HTML: no engine needed to see it
    answer = first.locator(f'button[data-handbook-answer="{LONGEST.answers[0]}"]')
    answer.click()
    expect(answer).to_have_attribute("aria-pressed", "true")
    expect(w.locator(".handbook-wizard-state")).to_contain_text("Answer noted")
    expect(w.locator(".handbook-wizard-state")).to_contain_text(re.compile("loading|Downloading"))
    release()
    expect(w.locator(f'fieldset[data-handbook-node="{node_after(LONGEST.answers[:1]).id}"]')).to_be_visible(
        timeout=ENGINE_TIMEOUT)
    page.wait_for_function("document.activeElement.tagName === 'LEGEND'")


def test_without_pyodide_the_page_says_so_and_the_outline_leads_to_a_decision(page: Page, site_url: str):
    page.route("**/assets/handbook/pyodide/**", lambda route: route.abort())
    page.goto(f"{site_url}wizards/{T.id}/")
    outline = expect_wizard_failed(page, wizard(page, T.id), T.id, LONGEST.answers[0], "could not start", ENGINE_TIMEOUT)
    for node in T.nodes.values():
        if node.is_outcome:
            expect(outline.get_by_text(inline.to_plain(node.outcome), exact=True).first).to_be_visible()


def test_without_javascript_the_outline_and_table_remain(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}wizards/{T.id}/")
        expect(wizard(page, T.id)).to_be_hidden()
        expect(page.locator(f"#outline-{T.id}")).to_contain_text(inline.to_plain(LONGEST.outcome.outcome))
        page.goto(f"{site_url}wizards/decision-table/")
        rows = page.locator(f'table[data-handbook-tree="{T.id}"] tbody tr')
        expect(rows).to_have_count(len(paths(T)))
    finally:
        context.close()


def test_a_shared_link_reopens_the_decision(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/{T.id}/?{T.id}=" + ".".join(LONGEST.answers))
    expect(page.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", LONGEST.outcome.id,
                                                               timeout=ENGINE_TIMEOUT)
    expect(page.locator(".handbook-trail li")).to_have_count(len(LONGEST.answers))


def test_a_refused_clipboard_shows_the_text_selected_to_copy_by_hand(page: Page, site_url: str):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page.goto(f"{site_url}wizards/{T.id}/?{T.id}=" + ".".join(LONGEST.answers))
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", LONGEST.outcome.id, timeout=ENGINE_TIMEOUT)
    box = result.get_by_role("textbox", name=say("wizard.copy_box"))
    expect(box).to_be_hidden()
    result.get_by_role("button", name=say("wizard.copy_link")).click()
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    expect(box).to_have_value(page.url.split("#")[0])
    expect(wizard(page, T.id).locator(".handbook-wizard-live")).to_have_text(say("wizard.copy_blocked"))


FIRST = LONGEST.answers[0] if LONGEST else "yes"


@pytest.mark.parametrize("state", [
    "%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E",
    f"{FIRST}.maybe",
    ".".join((LONGEST.answers if LONGEST else []) + [FIRST]),  # an answer after the outcome
    ".".join([FIRST] * 300),
    "%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E",
])
def test_a_hostile_or_malformed_url_state_is_refused(page: Page, site_url: str, state: str):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site_url}wizards/{T.id}/?{T.id}={state}")
    w = wizard(page, T.id)
    expect(w.locator("[data-handbook-refused]")).to_be_visible(timeout=ENGINE_TIMEOUT)
    expect(w.locator(f'fieldset[data-handbook-node="{T.start}"]')).to_be_visible()
    wait_ready(page, T.id)
    page.wait_for_timeout(100)
    assert f"{T.id}=" not in page.url
    assert page.evaluate("window.pwned") is None and not dialogs
    assert page.locator(".handbook-wizard img").count() == 0


@pytest.mark.fidelity  # this handbook's own outcomes and wording
def test_outcome_copies_a_decision_record_and_a_message(page: Page, site_url: str, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}wizards/comms-lead/?comms-lead=yes.yes")
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", "product-pmm-leads", timeout=ENGINE_TIMEOUT)
    result.get_by_role("button", name="Copy decision record").click()
    record = page.evaluate("navigator.clipboard.readText()")
    assert re.search(r"decision record \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)", record)
    assert "Is that PMM available now? — **Yes, they can take it**" in record
    assert "**Outcome:** The product's PMM is the Comms Lead." in record
    assert "?comms-lead=yes.yes" in record
    result.get_by_role("button", name="Copy message to post").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("I'm the Comms Lead for this incident")


@pytest.mark.fidelity  # this handbook's own outcomes and wording
def test_outcome_links_to_its_guideline_and_checklist(page: Page, site_url: str):
    page.goto(f"{site_url}wizards/notify-now/?notify-now=yes.yes")
    result = page.locator(".handbook-result")
    expect(result).to_have_attribute("data-handbook-outcome", "notify-immediately", timeout=ENGINE_TIMEOUT)
    expect(result.locator("dl.handbook-notify")).to_contain_text("Immediately")
    result.get_by_role("link", name=re.compile(r"^Where the handbook says so\W+When do we need to notify users immediately")).click()
    expect(page).to_have_url(re.compile(r"/roles/comms-lead/#notify-immediately$"))
    expect(page.locator("#notify-immediately")).to_contain_text("notify users immediately with clear steps")


START_TREE = next((s for s in HANDBOOK.front.start_here if s.tree), None)  # a "start here" entry to a wizard


@pytest.mark.skipif(START_TREE is None, reason="no 'start here' entry of the content leads to a wizard")
def test_instant_navigation_enhances_the_wizard(page: Page, site_url: str):
    tree = HANDBOOK.trees[START_TREE.tree]
    page.goto(site_url)
    page.evaluate("window.__same_page = true")
    page.locator(".handbook-start-here").get_by_role("link", name=inline.to_plain(START_TREE.label)).click()
    expect(page).to_have_url(f"{site_url}wizards/{tree.id}/")
    assert page.evaluate("window.__same_page") is True, "Material should have navigated in place"
    wait_ready(page, tree.id)
    first = tree.nodes[tree.start].options[0]
    page.locator(f'fieldset[data-handbook-node="{tree.start}"] button[data-handbook-answer="{first.answer}"]').click()
    after = tree.nodes[first.next]
    if after.is_outcome:
        expect(page.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", after.id)
    else:
        expect(page.locator(f'fieldset[data-handbook-node="{after.id}"]')).to_be_visible()


# Counts the click listeners put on <handbook-wizard> elements, before any script of the page runs.
COUNT_WIZARD_LISTENERS = """
const add = EventTarget.prototype.addEventListener;
window.__wizardClickListeners = 0;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (type === "click" && this.localName === "handbook-wizard") window.__wizardClickListeners += 1;
  return add.call(this, type, ...rest);
};
"""
# Take the wizard out of the page and put it back: the browser disconnects and re-connects it.
RECONNECT = "(w) => { const parent = w.parentElement; w.remove(); parent.append(w); }"


def test_a_reconnected_wizard_binds_once_and_follows_the_engine(page: Page, site_url: str, console_errors):
    page.add_init_script(COUNT_WIZARD_LISTENERS)
    release = hold_runtime(page)
    page.goto(f"{site_url}wizards/{T.id}/")
    w = wizard(page, T.id)
    page.wait_for_function("(n) => performance.getEntriesByName(n).length > 0", arg=f"handbook:wizard-interactive:{T.id}")
    # Out and back in while the engine loads: it was not listening while out, and listens again once back.
    w.evaluate(RECONNECT)
    answer = w.locator(f'fieldset[data-handbook-node="{T.start}"] button[data-handbook-answer="{LONGEST.answers[0]}"]')
    answer.click()
    expect(answer).to_have_attribute("aria-pressed", "true")
    release()
    expect(w.locator(f'fieldset[data-handbook-node="{node_after(LONGEST.answers[:1]).id}"]')).to_be_visible(
        timeout=ENGINE_TIMEOUT)
    state = w.locator(".handbook-wizard-state")
    expect(state).to_have_text("Decision engine ready.")
    # Out and back in once the engine is ready: nothing is shown or bound twice.
    w.evaluate(RECONNECT)
    expect(state).to_have_text("Decision engine ready.")
    expect(w.locator(f'fieldset[data-handbook-node="{node_after(LONGEST.answers[:1]).id}"]')).to_have_count(1)
    assert page.evaluate("window.__wizardClickListeners") == 1
    assert page.evaluate(f"performance.getEntriesByName('handbook:wizard-interactive:{T.id}').length") == 1
    assert page.evaluate(f"performance.getEntriesByName('handbook:engine-ready:{T.id}').length") == 1
    assert f"{T.id}={LONGEST.answers[0]}" in page.url
    assert not console_errors


def test_pages_without_a_wizard_do_not_load_pyodide(page: Page, site_url: str):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{site_url}roles/")  # the roles index: no wizard on it, whatever the content
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "/pyodide/" in u or "engine-" in u], urls


def run_axe(page: Page) -> list:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def axe_in_each_scheme(page: Page) -> dict:
    """axe's violations in the light and the dark scheme, switched as the reader's palette switch does."""
    found = {}
    for scheme, palette in SCHEMES.items():
        page.emulate_media(color_scheme=scheme)
        page.evaluate(SWITCH_PALETTE, scheme)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", palette)
        found[scheme] = run_axe(page)
    return found


@pytest.mark.parametrize("tree", TREES, ids=[t.id for t in TREES])
def test_axe_finds_no_violations_on_wizard_pages(page: Page, site_url: str, tree):
    """The wizard as it starts and at an outcome, in both schemes (the sweep of every page judges each page
    as it loads; this judges the wizard after a walk)."""
    assert AXE.exists(), "run npm ci"
    page.goto(f"{site_url}wizards/{tree.id}/")
    w = wizard(page, tree.id)
    wait_ready(page, tree.id)
    assert axe_in_each_scheme(page) == {"light": [], "dark": []}
    first = paths(tree)[0]
    for node, option in first.steps:
        w.locator(f'fieldset[data-handbook-node="{node.id}"] button[data-handbook-answer="{option.answer}"]').click()
    expect(w.locator(".handbook-result")).to_have_attribute("data-handbook-outcome", first.outcome.id)
    assert axe_in_each_scheme(page) == {"light": [], "dark": []}


def test_engine_archive_is_what_the_browser_imports(site_dir: Path):
    import zipfile

    names = zipfile.ZipFile(site_dir / "assets/handbook/engine/incident_engine.zip").namelist()
    # Precompiled for Pyodide's Python, so the worker compiles nothing.
    assert "incident_engine/decision.pyc" in names and "incident_engine/browser.pyc" in names
    assert not [n for n in names if n.endswith(".py")]
    assert not [n for n in names if "incident_handbook" in n or "__pycache__" in n]
