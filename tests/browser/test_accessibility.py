"""Every page, judged by a third party: axe-core on each built page, and the keyboard on each page type.

axe-core (npm, pinned in package.json) runs on the whole page, not just the
content: every ``index.html`` of the build plus ``404.html``, in the light and
the dark scheme, at a desktop and a phone viewport. One browser page
visits every URL in turn and judges it in each scheme at each viewport; a failure
lists every violation with its URL and viewport.

The keyboard test tabs through one page of each kind and checks that every
visible control is reached and that focus is visible on each stop.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from incident_engine.decision import paths
from tests.browser.conftest import ALLOW_SERVICE_WORKERS
from tests.conftest import ROOT
from tests.handbook_content import HANDBOOK, first_tree
from tests.support import CSP_VIOLATIONS

pytestmark = ALLOW_SERVICE_WORKERS  # see tests/browser/conftest.py

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
# Every scheme at every viewport, in an order that resizes a page once: a resize sets off Material's
# layout transitions (up to 0.4 s each, waited for), a palette switch none.
JUDGEMENTS = [("light", "desktop"), ("dark", "desktop"), ("dark", "phone"), ("light", "phone")]
# handbook.mjs takes it once its features have run (a wizard takes one too, when first connected).
ENHANCED = "() => performance.getEntriesByName('handbook:enhance').length > 0"


def built_pages(site_dir: Path) -> list[str]:
    """Every page of the build as a URL path: each index.html as its directory, and 404.html."""
    paths = sorted(p.relative_to(site_dir).parent.as_posix() for p in site_dir.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in paths] + ["404.html"]


def test_every_page_is_in_the_list(site_dir: Path):
    pages = built_pages(site_dir)
    assert {"", *(f"roles/{r}/" for r in HANDBOOK.roles), *(f"wizards/{t}/" for t in HANDBOOK.trees),
            *(f"runbooks/{r}/" for r in HANDBOOK.roles), "incident/", "404.html"} <= set(pages)
    assert len(pages) == len(list(site_dir.rglob("*.html")))


# A page's own elements (the incident record's is loaded by a dynamic import from one of
# handbook.mjs's features) replace their no-script fallback when they are defined.
DEFINED = """() => [...document.querySelectorAll('*')].every(
  (e) => !e.localName.startsWith('handbook-') || customElements.get(e.localName) !== undefined)"""


def open_settled(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function(ENHANCED)
    page.wait_for_function(DEFINED)


def axe_violations(page: Page) -> list:
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated, not added as a <script>: a page served with its CSP refuses inline scripts.
        page.evaluate(AXE.read_text("utf-8") + "\n;0")
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


# Material's palette switch: the radio button of the palette for a preferred scheme, clicked as the
# switch's label clicks it, unless that palette is already shown.
SWITCH_PALETTE = """(scheme) => {
  const input = document.querySelector(`input[data-md-color-media="(prefers-color-scheme: ${scheme})"]`);
  if (input && !input.checked) input.click();
}"""


# After a viewport change, Material's drawer and navigation animate into their new layout: judge
# the colours once every transition has run (mid-transition colours are not what a reader sees).
SETTLED_LAYOUT = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
}"""


REFUSED_INLINE_SCRIPT = """async () => {
  const reported = new Promise((done) => {
    document.addEventListener("securitypolicyviolation", () => done(true), { once: true });
    setTimeout(() => done(false), 5000);
  });
  const script = document.createElement("script");
  script.textContent = "window.__inlineRan = true";
  document.head.append(script);
  const refused = (await reported) && window.__inlineRan !== true && window.__csp.length === 1;
  script.remove();
  window.__csp.length = 0;
  return refused;
}"""


def test_axe_finds_no_violations_on_any_page(page: Page, csp_url: str, site_dir: Path):
    """Each page is opened once, served as a static host serves it with its ``_headers``, and must cause
    no Content-Security-Policy violation; it is judged by axe in each scheme at every viewport. The scheme
    changes with the page open, as when a reader uses Material's palette switch (the preferred scheme
    changes too, for any style that asks for it). The viewport changes without a reload, as when a phone
    turns or a window is resized."""
    assert AXE.exists(), "axe-core is missing: run npm ci (make test does)"
    # Material keeps a scheme it switched to for the next page; each page starts from the reader's setting.
    page.add_init_script("for (const key of Object.keys(localStorage)) "
                         "if (key.endsWith('__palette')) localStorage.removeItem(key);")
    page.add_init_script(CSP_VIOLATIONS)
    found = []
    for path in built_pages(site_dir):
        page.emulate_media(color_scheme="light")
        page.set_viewport_size(VIEWPORTS["desktop"])
        open_settled(page, csp_url + path)
        found += [f"/{path}: Content-Security-Policy violation: {v}" for v in page.evaluate("window.__csp")]
        if not path:  # the policy is in force, and a violation would be seen: an inline script is refused
            assert page.evaluate(REFUSED_INLINE_SCRIPT), "the home page ran an inline script: no CSP in force?"
        shown = ("light", "desktop")
        for scheme, viewport in JUDGEMENTS:
            if scheme != shown[0]:
                # The reader's setting changes, and so does Material's palette, as its own switch does it.
                page.emulate_media(color_scheme=scheme)
                page.evaluate(SWITCH_PALETTE, scheme)
                try:
                    page.wait_for_function("(want) => document.body.dataset.mdColorScheme === want",
                                           arg=SCHEMES[scheme], timeout=5000)
                except PlaywrightTimeout:
                    shown = page.evaluate("document.body.dataset.mdColorScheme")
                    pytest.fail(f"/{path}: Material shows the {shown!r} scheme, not {SCHEMES[scheme]!r}")
            if viewport != shown[1]:
                page.set_viewport_size(VIEWPORTS[viewport])
            page.evaluate(SETTLED_LAYOUT)
            shown = (scheme, viewport)
            assert page.evaluate("innerWidth") == VIEWPORTS[viewport]["width"], \
                f"/{path}: the {viewport} viewport did not apply"
            for v in axe_violations(page):
                targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
                found.append(f"/{path} ({scheme}, {viewport}): {v['id']} ({v['impact']}): {v['help']}: "
                             f"{targets}{more}")
    assert not found, "axe and the CSP:\n" + "\n".join(found)


# -- keyboard ------------------------------------------------------------------------------

# Runs in the page. prepare() notes how every control looks unfocused; check() judges the
# focused element. A control that is itself visually hidden (Material's palette switch is a
# transparent radio button) may show its focus on the label that stands for it.
KEYBOARD_JS = r"""
window.__kbd = {
  selector: "a[href], button, input, select, textarea, summary, [tabindex]",
  rest: new Map(),
  name(el) {
    const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("href") || el.value || "");
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.classList.length ? "." + [...el.classList].join(".") : ""}> "${text.trim().replace(/\s+/g, " ").slice(0, 50)}"`;
  },
  ring(el) {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== "rgba(0, 0, 0, 0)";
    return { outline: outline ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none", shadow: s.boxShadow };
  },
  visible(el) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || el.closest("[inert]")) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && r.right + scrollX > 0 && r.bottom + scrollY > 0;
  },
  shownBy(el) {  // the element that shows this control's focus
    if (this.visible(el)) return el;
    const next = el.nextElementSibling;
    return [...(next && next.tagName === "LABEL" ? [next] : []), ...(el.labels || [])].find((l) => this.visible(l)) || null;
  },
  tabbable(el) {
    // Rendered (a transparent control counts, one with display: none does not), enabled, in the tab order.
    if (el.disabled || el.tabIndex < 0 || !el.checkVisibility({ visibilityProperty: true }) || !this.shownBy(el)) return false;
    if (el.type === "radio" && el.name && !el.checked) {  // a radio group is one stop: its checked button, or its first
      const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
      if (group.some((r) => r.checked) || group[0] !== el) return false;
    }
    return true;
  },
  prepare() {
    document.activeElement?.blur();
    const controls = [];
    document.querySelectorAll(this.selector + ", label").forEach((el, i) => {
      el.dataset.kbd = String(i);
      this.rest.set(el.dataset.kbd, this.ring(el));
      if (el.matches(this.selector) && this.tabbable(el)) controls.push(el.dataset.kbd);
    });
    return controls;
  },
  check() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const problems = [];
    const shown = this.shownBy(el);
    if (!shown) problems.push("focused while invisible");
    else {
      const now = this.ring(shown);
      const rest = this.rest.get(shown.dataset.kbd);
      if (now.outline === "none" && now.shadow === "none") problems.push("no outline or box-shadow");
      else if (rest && now.outline === rest.outline && now.shadow === rest.shadow)
        problems.push(`focus looks as it does unfocused (${now.outline}; ${now.shadow})`);
      const r = shown.getBoundingClientRect();
      if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) problems.push("focused off screen");
    }
    return { key: el.dataset.kbd ?? `new ${this.name(el)}`, name: this.name(el), problems };
  },
  names(keys) {
    return keys.map((k) => this.name(document.querySelector(`[data-kbd="${k}"]`)));
  },
};
"""
# Judge the settled look of focus: Material fades some controls in on focus (heading anchors, the skip link).
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
# The wizard again, at an outcome (its record, copy and restart controls), reached by a shared link.
# One page of each kind, picked from the content: its first role, its first tree, and an outcome of the tree
# with the longest path; the guidelines page if the content has one.
ROLE = next(iter(HANDBOOK.roles))
OUTCOME_TREE = (first_tree() or (None, None))[0]
PAGE_TYPES = {"home": "", "role": f"roles/{ROLE}/"}
if HANDBOOK.trees:
    PAGE_TYPES["wizard"] = f"wizards/{next(iter(HANDBOOK.trees))}/"
if OUTCOME_TREE is not None:
    first_path = ".".join(paths(OUTCOME_TREE)[0].answers)
    PAGE_TYPES["wizard-outcome"] = f"wizards/{OUTCOME_TREE.id}/?{OUTCOME_TREE.id}={first_path}"
PAGE_TYPES["runbook"] = f"runbooks/{ROLE}/"
if getattr(HANDBOOK, "guidelines", None) is not None:
    PAGE_TYPES["guidelines"] = "guidelines/"
PAGE_TYPES["incident-record"] = "incident/"
MAX_TABS = 400


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_keyboard_reaches_every_control_and_shows_focus(page: Page, site_url: str, kind: str):
    page.set_viewport_size(VIEWPORTS["desktop"])
    url = site_url + PAGE_TYPES[kind]
    open_settled(page, url)
    if kind == "wizard-outcome":
        page.wait_for_selector(".handbook-result", timeout=30_000)
    page.add_style_tag(content=NO_TRANSITIONS)
    page.add_script_tag(content=KEYBOARD_JS)
    controls = page.evaluate("__kbd.prepare()")
    assert len(controls) > 10, "too few controls found: is the page built?"
    reached: list = []
    problems: list = []
    idle = 0
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate("__kbd.check()")
        if stop is None:  # focus left the page (the browser's own UI) before coming round again
            idle += 1
            if idle > 2:
                break
            continue
        idle = 0
        if reached and stop["key"] == reached[0]:
            break
        reached.append(stop["key"])
        problems += [f"{stop['name']}: {p}" for p in stop["problems"]]
    else:
        pytest.fail(f"{url}: focus never came round after {MAX_TABS} Tabs")
    missed = page.evaluate("(keys) => __kbd.names(keys)", [k for k in controls if k not in reached])
    report = [f"not reachable by Tab: {m}" for m in missed] + problems
    assert not report, f"{url} (desktop, {len(reached)} Tab stops):\n" + "\n".join(report)
