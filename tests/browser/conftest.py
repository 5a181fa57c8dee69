"""Browser tests: the real built site, served on 127.0.0.1, in Debian's Chromium.

Playwright cannot download its own browser here, so every test drives the
system Chromium. Every request the page makes is recorded; a request to any
host but the local server fails the test.
"""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.handbook_content import say
from tests.support import CHROMIUM, CHROMIUM_ARGS, handler_with_headers, headers_from, serve

LOCAL_HOSTS = {"127.0.0.1"}


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` (make test-fast) selects by it
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-chromium (make test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Service workers are blocked unless a test file allows them (``ALLOW_SERVICE_WORKERS``).

    After a page has loaded, the site's service worker downloads the whole site (25 MB with the Python
    runtime) for offline use: in every test's fresh context that is ~0.6 s of CPU, and nothing those tests
    check. The files that test offline use, the engine's start-up and return visits, and the
    accessibility of pages as a first visit leaves them, allow it.
    """
    return {**browser_context_args, "service_workers": "block"}


# `pytestmark = ALLOW_SERVICE_WORKERS` in a test file (a test's own browser_context_args mark replaces it).
ALLOW_SERVICE_WORKERS = pytest.mark.browser_context_args(service_workers="allow")


@pytest.fixture(scope="session")
def site_dir(handbook_site) -> Path:
    """The real handbook, built once a session (``tests/conftest.py``), shared with the build tests."""
    return handbook_site.dir


@pytest.fixture(scope="session")
def site_url(handbook_site) -> str:
    return handbook_site.url


@pytest.fixture(scope="session")
def csp_url(site_dir: Path):
    """The real handbook's build served as a static host serves it, with its ``_headers`` (the
    Content-Security-Policy among them), on a port of its own."""
    url, stop = serve(site_dir, handler_with_headers(headers_from(site_dir)))
    yield url
    stop()


@pytest.fixture
def foreign_requests():
    return []


def recorder(foreign_requests: list):
    """A request listener that records every request leaving the local server."""

    def record(request):
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.hostname not in LOCAL_HOSTS:
            foreign_requests.append(request.url)

    return record


@pytest.fixture
def context(context, foreign_requests):
    """Every test's own browser context: records any request that leaves the local server."""
    context.on("request", recorder(foreign_requests))
    yield context
    assert not foreign_requests, f"requests left the local server: {foreign_requests}"


# `pytestmark = SHARED_CONTEXT` in a test file: its tests that need nothing of a context of their own
# open their page in one context the file shares, its storage cleared before each test. A fresh context
# costs ~0.6 s of CPU (a new renderer process, nothing compiled yet); a file of 30 tests saves ~20 s.
SHARED_CONTEXT = pytest.mark.shared_context
# What makes a test need a context of its own: the context itself, its clock or its permissions.
OWN_CONTEXT = re.compile(r"\bcontext\b|\.clock\b")


def needs_own_context(request) -> bool:
    if request.node.get_closest_marker("shared_context") is None:
        return True
    if "context" in request.fixturenames or any(m.name == "browser_context_args" for m in request.node.iter_markers()):
        return True
    return bool(OWN_CONTEXT.search(inspect.getsource(request.function)))


@pytest.fixture(scope="module")
def shared_context(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    context.origins = set()  # every origin a test visited: cleared before the next test
    context.on("request", lambda request: context.origins.add("{0.scheme}://{0.netloc}".format(urlparse(request.url))))
    yield context
    context.close()


@pytest.fixture
def page(request, foreign_requests):
    """The test's page: in its own context (``context``), or in its file's shared context, emptied of every
    page, and of storage, cookies and caches of every origin visited before (``SHARED_CONTEXT``)."""
    if needs_own_context(request):
        yield request.getfixturevalue("context").new_page()
        return
    context = request.getfixturevalue("shared_context")
    page = context.new_page()
    session = context.new_cdp_session(page)
    for origin in sorted(o for o in context.origins if o.startswith("http")):
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    session.detach()
    record = recorder(foreign_requests)
    context.on("request", record)
    yield page
    context.remove_listener("request", record)
    for other in context.pages:
        other.close()
    assert not foreign_requests, f"requests left the local server: {foreign_requests}"


@pytest.fixture
def console_errors(page):
    errors: list = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def hold_runtime(page, timeout_ms: float = 90_000):
    """Hold back the page's download of Pyodide's wasm; returns ``release()``, which waits until the
    worker has asked for it (on a busy machine that can come after the test's clicks) and lets it go."""
    held = []
    page.route("**/pyodide/pyodide.asm.wasm", lambda route: held.append(route))

    def release():
        waited = 0
        while not held:
            assert waited < timeout_ms, "the worker never asked for the runtime"
            page.wait_for_timeout(50)
            waited += 50
        for route in held:
            route.continue_()

    return release


# Why the record is only in memory: the store's problem and the words the notice then shows.
STORAGE_PROBLEMS = {"unavailable": "storage.unavailable", "corrupt": "storage.corrupt", "newer": "storage.newer",
                    "write-failed": "storage.write_failed"}


def expect_storage_notice(notice, problem: str):
    """The notice is shown with the words of ``problem``, none of the other problems' (the build writes all of
    them, hidden), and the button that discards unreadable data only when the data is unreadable."""
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("data-handbook-problem", problem)
    shown = notice.inner_text()
    assert say("storage.lead_in") in shown and say(STORAGE_PROBLEMS[problem]) in shown, shown
    assert not [key for other, key in STORAGE_PROBLEMS.items() if other != problem and say(key) in shown], shown
    assert (say("storage.discard") in shown) == (problem == "corrupt"), shown


# A browser that refuses the clipboard (no permission, an insecure context): the text is shown to copy by hand.
REFUSED_CLIPBOARD = """
  Object.defineProperty(Navigator.prototype, "clipboard", {
    get: () => ({ writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) }),
  });
"""


def expect_wizard_failed(page, wizard, tree_id: str, answer: str, says: str, timeout: float):
    """The wizard says in plain words that it ``says`` (could not start…), its buttons (``answer``'s) are
    disabled, and its link leads to the whole decision, the outline below it; returns the outline."""
    alert = wizard.locator(".handbook-wizard-failed")
    expect(alert).to_be_visible(timeout=timeout)
    expect(alert).to_contain_text(says)
    expect(wizard.locator(f'button[data-handbook-answer="{answer}"]').first).to_be_disabled()
    alert.get_by_role("link", name="Go to the whole decision").click()
    outline = page.locator(f"#outline-{tree_id}")
    expect(outline).to_be_in_viewport()
    return outline
