"""The Pyodide pipeline end to end: build the runtime into a tiny site, boot it.

Self-contained on purpose: the fixtures live in this module (none in
conftest.py), the site is a hand-made page rather than a MkDocs build, and
the engine is a stand-in package whose ``handle()`` echoes its request. What
is under test is the runtime plumbing: pyodide_runtime.py, the Node
precompile script, engine-worker.mjs and engine-client.mjs.

Needs `npm ci` (node_modules/pyodide), Node.js and Debian's Chromium
(HANDBOOK_CHROMIUM overrides /usr/bin/chromium). A missing piece fails the
test with a message that says what to install: these tests are part of CI.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import json
import os
import shutil
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

# Imported after the path is set, and without `incident_handbook/__init__`
# needing MkDocs: pyodide_runtime is standard library only.
pyodide_runtime = importlib.import_module("incident_handbook.pyodide_runtime")
page_words = importlib.import_module("incident_handbook.page_words")
words = importlib.import_module("incident_engine.words")
ENGINE_ARCHIVE_PATH = pyodide_runtime.ENGINE_ARCHIVE_PATH
RUNTIME_DIRNAME = pyodide_runtime.RUNTIME_DIRNAME
STDLIB_FILENAME = pyodide_runtime.STDLIB_FILENAME
SNAPSHOT_FILENAME = pyodide_runtime.SNAPSHOT_FILENAME
RuntimeMissing = pyodide_runtime.RuntimeMissing

ASSETS = ROOT / "plugins" / "incident_handbook" / "assets" / "handbook"
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The site lives under a sub-path to prove that every URL is resolved relative
# to the modules themselves, as on a project site at example.org/handbook/.
SUBPATH = "team/handbook"
SNAPSHOT_SUBPATH = "snapshot/handbook"

FAKE_INIT = '"""Stand-in for the real engine: only the browser facade matters here."""\n'
FAKE_BROWSER = """\
import json
import sys


def new_session(trees_json: str):
    trees = json.loads(trees_json)

    def handle(request_json: str) -> str:
        request = json.loads(request_json)
        if request.get("explode"):
            raise ValueError("asked to explode")
        return json.dumps({"echo": request, "python": sys.version, "trees": trees})

    return handle
"""

PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><title>Engine runtime test</title>
<link rel="icon" href="data:,">
WORDS
</head>
<body>
<p>Engine: <output data-handbook-engine-status>not started</output></p>
<pre data-handbook-engine-result></pre>
<script type="module">
import { getEngine } from "./assets/handbook/engine-client.mjs";

const params = new URLSearchParams(location.search);
const timeout = Number(params.get("stall") || 30000);
const statusOut = document.querySelector("[data-handbook-engine-status]");
const resultOut = document.querySelector("[data-handbook-engine-result]");

// Two widgets on one page must share one engine.
const engine = getEngine({ stallTimeoutMs: timeout });
const sameEngine = getEngine() === engine;

engine.onStatus((status, current) => {
  statusOut.textContent = status;
  statusOut.dataset.handbookMessage = current.message;
});

engine.ready.then(async () => {
  const request = { question: "notify now?", nested: [1, "two", null] };
  const answer = await engine.call(request);
  let error = null;
  try {
    await engine.call({ explode: true });
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  const again = await engine.call({ after: "error" });
  resultOut.textContent = JSON.stringify({
    answer, error, again, sameEngine,
  });
}, () => {});
</script>
</body>
</html>
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def _build_site(site: Path, pyodide_dir: Path, stdlib_zip: Path, snapshot, engine: Path):
    assets = site / "assets" / "handbook"
    assets.mkdir(parents=True)
    for name in ("engine-client.mjs", "engine-worker.mjs", "words.mjs"):
        shutil.copyfile(ASSETS / name, assets / name)
    archive = pyodide_runtime.build_engine_archive(engine, site.parent / f"{site.name}-engine.zip")
    pyodide_runtime.copy_runtime(pyodide_dir, stdlib_zip, assets / RUNTIME_DIRNAME, engine=archive,
                                 trees_json='[{"id": "set-up-once"}]', snapshot=snapshot)
    # The interface's words, as every page of a built site carries them (incident_handbook.page_words).
    (site / "index.html").write_text(PAGE.replace("WORDS", page_words.tag(SimpleNamespace(words=words.merge())), 1))


@pytest.fixture(scope="module")
def runtime_site(tmp_path_factory: pytest.TempPathFactory, handbook_site) -> Path:
    """Two static sites (runtime, stand-in engine, test page): SUBPATH plain,
    SNAPSHOT_SUBPATH with the experimental memory snapshot. Returns the web root."""
    work = tmp_path_factory.mktemp("runtime_site")
    web_root = work / "www"
    engine = work / "src" / "incident_engine"
    engine.mkdir(parents=True)
    (engine / "__init__.py").write_text(FAKE_INIT)
    (engine / "browser.py").write_text(FAKE_BROWSER)

    cache = ROOT / ".cache" / "pyodide"
    pyodide_dir = pyodide_runtime.find_pyodide(ROOT)
    # The standard library the handbook's build ships: only the modules its engine imports, as bytecode.
    stdlib_zip = handbook_site.dir / "assets" / "handbook" / RUNTIME_DIRNAME / pyodide_runtime.STDLIB_FILENAME
    snapshot = pyodide_runtime.memory_snapshot(pyodide_dir, stdlib_zip, cache)
    _build_site(web_root / SUBPATH, pyodide_dir, stdlib_zip, None, engine)
    _build_site(web_root / SNAPSHOT_SUBPATH, pyodide_dir, stdlib_zip, snapshot, engine)
    return web_root


@pytest.fixture(scope="module")
def server_root(runtime_site: Path) -> Iterator[str]:
    """Serve the web root on 127.0.0.1 on a free port; yield its URL."""
    handler = functools.partial(_Handler, directory=str(runtime_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def runtime_url(server_root: str) -> str:
    """The test page of the site without a snapshot."""
    return f"{server_root}/{SUBPATH}/index.html"


@pytest.fixture(scope="module")
def runtime_browser(
    playwright,
):  # the `playwright` fixture comes from pytest-playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` or set HANDBOOK_CHROMIUM")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def runtime_context(runtime_browser):
    """A fresh incognito context per test: nothing cached, so every boot is cold."""
    context = runtime_browser.new_context()
    yield context
    context.close()


class NetworkLog:
    """Every request the page and its worker make, and every failed response."""

    def __init__(self, context) -> None:
        self.urls: list[str] = []
        self.bad: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("response", self._response)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.bad.append(f"{response.status} {response.url}")

    def foreign(self) -> list[str]:
        """Requests that left the machine (data: and blob: URLs never do)."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
        ]

    def paths(self) -> list[str]:
        return [urlsplit(url).path for url in self.urls]


def _wait_for_status(page, timeout_ms: float) -> str:
    page.wait_for_function(
        "() => ['ready', 'failed'].includes(document.querySelector('[data-handbook-engine-status]').textContent)",
        timeout=timeout_ms,
    )
    return page.locator("[data-handbook-engine-status]").text_content()


def test_engine_answers_from_python_314_offline(runtime_context, runtime_url: str) -> None:
    network = NetworkLog(runtime_context)
    page = runtime_context.new_page()
    page.goto(runtime_url)

    assert _wait_for_status(page, 30_000) == "ready"
    page.wait_for_function(
        "() => document.querySelector('[data-handbook-engine-result]').textContent !== ''",
        timeout=10_000,
    )
    result = json.loads(page.locator("[data-handbook-engine-result]").text_content())

    assert result["answer"]["echo"] == {
        "question": "notify now?",
        "nested": [1, "two", None],
    }
    assert result["answer"]["python"].startswith("3.14."), result["answer"]["python"]
    assert result["answer"]["trees"] == [{"id": "set-up-once"}], "the trees runtime.json names, set up at boot"
    assert result["error"] == "EngineError: ValueError: asked to explode"
    assert result["again"]["echo"] == {"after": "error"}, "the engine must survive a failed call"
    assert result["sameEngine"] is True

    assert network.foreign() == []
    assert network.bad == [], "every file loadPyodide fetches must be in the site"
    paths = network.paths()
    prefix = f"/{SUBPATH}/assets/handbook/"
    assert paths.count(prefix + "engine-worker.mjs") == 1, "one worker per page"
    assert prefix + f"{RUNTIME_DIRNAME}/{STDLIB_FILENAME}" in paths
    assert prefix + "pyodide/python_stdlib.zip" not in paths
    assert prefix + ENGINE_ARCHIVE_PATH in paths
    fetched = {path.rsplit("/", 1)[1] for path in paths if path.startswith(prefix + RUNTIME_DIRNAME + "/")}
    copied = {
        *pyodide_runtime.PYODIDE_FILES,
        STDLIB_FILENAME,
        pyodide_runtime.RUNTIME_MANIFEST,
    }
    assert fetched == copied, "copy exactly what the runtime fetches, no more, no less"


def test_blocked_runtime_fails_with_a_message(runtime_context, runtime_url: str) -> None:
    network = NetworkLog(runtime_context)
    runtime_context.route(f"**/{RUNTIME_DIRNAME}/**", lambda route: route.abort())
    page = runtime_context.new_page()
    page.goto(runtime_url)

    assert _wait_for_status(page, 25_000) == "failed"
    message = page.locator("[data-handbook-engine-status]").get_attribute("data-handbook-message")
    assert message == "The Python runtime is missing from this site or could not be downloaded."
    assert network.foreign() == []


def test_missing_engine_archive_fails_with_a_message(runtime_context, runtime_url: str) -> None:
    runtime_context.route(
        f"**/{ENGINE_ARCHIVE_PATH}",
        lambda route: route.fulfill(status=404, body="not found"),
    )
    page = runtime_context.new_page()
    page.goto(runtime_url)

    assert _wait_for_status(page, 25_000) == "failed"
    message = page.locator("[data-handbook-engine-status]").get_attribute("data-handbook-message")
    assert message.startswith("The decision engine is missing from this site (HTTP 404"), message


def test_hanging_runtime_fails_once_it_stalls(runtime_context, runtime_url: str) -> None:
    # The wrong MIME type for the wasm makes Pyodide wait forever: the
    # client's stall timeout (no progress for a while) turns that into "failed".
    def wrong_mime(route):
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={**response.headers, "content-type": "application/octet-stream"},
        )

    runtime_context.route("**/pyodide.asm.wasm", wrong_mime)
    page = runtime_context.new_page()
    page.goto(runtime_url + "?stall=3000")

    assert _wait_for_status(page, 15_000) == "failed"
    message = page.locator("[data-handbook-engine-status]").get_attribute("data-handbook-message")
    assert message == "The interactive engine stopped loading (no progress for 3 s)."


def _ready_result(page) -> dict:
    assert _wait_for_status(page, 30_000) == "ready"
    page.wait_for_function(
        "() => document.querySelector('[data-handbook-engine-result]').textContent !== ''",
        timeout=10_000,
    )
    return json.loads(page.locator("[data-handbook-engine-result]").text_content())


def _keep_snapshot_locally(page, server_root: str) -> None:
    """What the service worker does after a first visit: the snapshot is in Cache Storage."""
    page.goto(f"{server_root}/")
    snapshot = f"{server_root}/{SNAPSHOT_SUBPATH}/assets/handbook/pyodide/{SNAPSHOT_FILENAME}"
    page.evaluate("async (url) => (await caches.open('handbook-test')).add(url)", snapshot)


def test_a_first_visit_does_not_download_the_snapshot(runtime_context, server_root: str) -> None:
    network = NetworkLog(runtime_context)
    page = runtime_context.new_page()
    page.goto(f"{server_root}/{SNAPSHOT_SUBPATH}/index.html")
    result = _ready_result(page)
    assert result["answer"]["python"].startswith("3.14.")
    assert not any(path.endswith("/" + SNAPSHOT_FILENAME) for path in network.paths())


def test_snapshot_boot_answers(runtime_context, server_root: str) -> None:
    messages: list[str] = []
    page = runtime_context.new_page()
    _keep_snapshot_locally(page, server_root)
    network = NetworkLog(runtime_context)
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{server_root}/{SNAPSHOT_SUBPATH}/index.html")

    result = _ready_result(page)
    assert result["answer"]["python"].startswith("3.14.")
    assert result["again"]["echo"] == {"after": "error"}
    assert network.foreign() == []
    assert network.bad == []
    assert any(path.endswith("/" + SNAPSHOT_FILENAME) for path in network.paths())
    assert not [m for m in messages if "snapshot not used" in m], messages


def test_bad_snapshot_falls_back_to_normal_boot(runtime_context, server_root: str) -> None:
    messages: list[str] = []
    runtime_context.route(f"**/{SNAPSHOT_FILENAME}", lambda route: route.fulfill(body=b"HBSNAP01garbage"))
    page = runtime_context.new_page()
    _keep_snapshot_locally(page, server_root)
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{server_root}/{SNAPSHOT_SUBPATH}/index.html")

    result = _ready_result(page)
    assert result["answer"]["echo"]["question"] == "notify now?"
    assert [m for m in messages if "snapshot not used" in m], messages


# Build-side checks: no browser needed.


def test_engine_archive_is_deterministic_sources_and_data(tmp_path: Path) -> None:
    package = tmp_path / "incident_engine"
    (package / "__pycache__").mkdir(parents=True)
    (package / "trees").mkdir()
    (package / "__init__.py").write_text("")
    (package / "browser.py").write_text("def handle(s):\n    return s\n")
    (package / "trees" / "__init__.py").write_text("")
    (package / "__pycache__" / "browser.cpython-311.pyc").write_bytes(b"stale")
    (package / "notes.txt").write_text("not code")
    (package / "schemas").mkdir()
    (package / "schemas" / "tree.schema.json").write_text("{}")
    (package / ".hidden.py").write_text("")

    first = pyodide_runtime.build_engine_archive(package, tmp_path / "a" / "engine.zip").read_bytes()
    os.utime(package / "browser.py", (0, 0))  # an mtime change must not change the bytes
    second = pyodide_runtime.build_engine_archive(package, tmp_path / "b" / "engine.zip").read_bytes()

    assert first == second
    names = zipfile.ZipFile(tmp_path / "a" / "engine.zip").namelist()
    assert names == [
        "incident_engine/__init__.py",
        "incident_engine/browser.py",
        "incident_engine/schemas/tree.schema.json",
        "incident_engine/trees/__init__.py",
    ]


def test_the_shipped_stdlib_is_bytecode_only(handbook_site) -> None:
    made = handbook_site.dir / "assets" / "handbook" / RUNTIME_DIRNAME / pyodide_runtime.STDLIB_FILENAME
    names = zipfile.ZipFile(made).namelist()
    assert names == sorted(names)
    assert "json/__init__.pyc" in names
    assert not [name for name in names if name.endswith(".py")]
    with zipfile.ZipFile(made) as archive:
        header = archive.read("json/__init__.pyc")[:8]
    assert header[4:8] == (1).to_bytes(4, "little"), "hash-based, unchecked (PEP 552 flags == 0b01)"


def _project(tmp_path: Path, pin: str, installed: str | None) -> Path:
    tmp_path.mkdir(parents=True)
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": pin}}), encoding="utf-8")
    if installed is not None:
        package = tmp_path / "node_modules" / "pyodide"
        package.mkdir(parents=True)
        (package / "package.json").write_text(json.dumps({"version": installed}), encoding="utf-8")
        for name in (*pyodide_runtime.PYODIDE_FILES, pyodide_runtime.LOCK_FILENAME, "python_stdlib.zip"):
            (package / name).write_bytes(b"")
    return tmp_path


def test_find_pyodide_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(RuntimeMissing, match=r"not installed .* run `npm ci`"):
        pyodide_runtime.find_pyodide(_project(tmp_path / "absent", "314.0.7", None))
    with pytest.raises(
        RuntimeMissing,
        match=r"has pyodide 0\.29\.5 but package\.json pins 314\.0\.7: run `npm ci`",
    ):
        pyodide_runtime.find_pyodide(_project(tmp_path / "stale", "314.0.7", "0.29.5"))
    with pytest.raises(RuntimeMissing, match=r"must be pinned to an exact version, not '\^314\.0\.7'"):
        pyodide_runtime.find_pyodide(_project(tmp_path / "range", "^314.0.7", "314.0.7"))
    good = _project(tmp_path / "good", "314.0.7", "314.0.7")
    assert pyodide_runtime.find_pyodide(good) == good / "node_modules" / "pyodide"


def test_a_runtime_step_without_node_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyodide_dir = pyodide_runtime.find_pyodide(ROOT)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeMissing, match="`node` is not on PATH"):
        pyodide_runtime.memory_snapshot(pyodide_dir, pyodide_dir / "python_stdlib.zip", tmp_path / "cache")
