"""Shared fixtures: the sites the tests read, each built once per session.

A build is the slow part of most tests (Material's templates, and the Pyodide
runtime copied into the site), so tests that only read a build share one:

- ``handbook_site``: the real handbook, served on 127.0.0.1 and built for that
  address (Material's instant navigation only follows links to the host and
  port of its sitemap), read by the build tests and loaded by the browser tests;
- ``fixture_build``: the small fixture site under ``tests/fixtures/site``.

Tests that change a site first (golden cases, hostile content) build their own.

These three are built once per run, however many pytest-xdist workers there
are: the process that starts the run (the controller under xdist, the only
process without it) makes one folder for them and serves the two that are
loaded in a browser, each on its own port; the first worker that needs a site
builds it there, for that address, and the others read the same files.
Builds run at the same time in both workers: the caches they share (``.cache``) are written
atomically, and a file being compressed by one build is waited for by the other
(``node/precompress.mjs``).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from incident_handbook import local_site
from incident_handbook.local_site import serve

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
# The second fixture handbook: another organisation's (docs/porting.md), deliberately unlike ours.
OTHER_SITE = Path(__file__).parent / "fixtures" / "other"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# No timed assertions: a property holds however long an example takes while the other test worker
# (or another program) has the CPU; Hypothesis' default 200 ms deadline failed such runs.
settings.register_profile("handbook", deadline=None)
settings.load_profile("handbook")


def build_site(project: Path, out: Path, site_url: str | None = None) -> Path:
    """``local_site.build_site``: ``mkdocs build --strict`` in-process."""
    return local_site.build_site(project, out, site_url=site_url)


def copy_site(dest: Path, overlay: Path | None = None, source: Path = FIXTURE_SITE) -> Path:
    """A copy of a fixture site (the small one unless ``source`` says), with the files of ``overlay`` laid over it."""
    shutil.copytree(source, dest)
    # The wizards need the Pyodide runtime that `npm ci` put next to the real site.
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - handbook\n", f"  - handbook:\n      runtime_root: {ROOT}\n"))
    if overlay is not None:
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = dest / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return dest


# The order pytest-xdist hands out test files (`make test`: --dist loadfile --no-loadscope-reorder):
# each worker starts with one file and takes the next when it has two tests or fewer left. On a fresh
# clone the first build of the handbook fills the Pyodide and compression caches, so the first worker
# starts with a file that needs it, and the second with files that build nothing (property tests,
# golden cases: their builds stop at the content, before any cache; unit tests), then with files that
# build sites of their own, not the handbook. This order is applied after pytest's own, which would
# otherwise group every browser test behind the first; then the rest follow, longest first, so both
# finish together. Files not named here follow in their usual order; the order changes nothing else.
FIRST = [
    "tests/browser/test_accessibility.py",
    "tests/unit/test_properties.py",
    "tests/golden/test_golden.py",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "unit").glob("test_*.py")
            if p.name != "test_properties.py"),
    "tests/build/test_precompress.py",
    # Builds of their own, none of the handbook: made beside the first worker's build of it.
    "tests/build/test_plugin_options.py",
    "tests/build/test_no_trees.py",
    "tests/build/test_general_schema.py",
    "tests/build/test_words_build.py",
    "tests/browser/test_wizards.py",
    "tests/browser/test_checklists.py",
    "tests/browser/test_incident.py",
    "tests/browser/test_other_handbook.py",
    "tests/browser/test_offline_csp.py",
    "tests/browser/test_print.py",
    "tests/browser/test_engine_runtime.py",
    "tests/browser/test_engine_start.py",
    "tests/browser/test_state_properties.py",
    "tests/build/test_properdocs.py",
    "tests/browser/test_pages_as_data_browser.py",
    "tests/build/test_tree_counts.py",
    "tests/browser/test_hostile_content.py",
    "tests/build/test_html_validity.py",
]


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the fidelity marker
def pytest_collection_modifyitems(items):
    mark_fidelity(items)


class _Order:
    @staticmethod
    @pytest.hookimpl(trylast=True)  # after pytest's own reordering, which groups every browser test together
    def pytest_collection_modifyitems(items):
        def rank(item) -> int:
            path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
            return FIRST.index(path) if path in FIRST else len(FIRST)

        items.sort(key=rank)  # stable: within a file, and after FIRST, the usual order


def mark_fidelity(items) -> None:
    """The tests of fidelity to this handbook's source: everything under ``tests/fidelity/`` and every test
    marked ``fidelity``. They run only when the content declares ``source_text:`` in handbook.yml; on any
    other handbook they are skipped, naming that key (``tests/handbook_content.py``)."""
    fidelity = [item for item in items if "tests/fidelity/" in str(item.fspath).replace(os.sep, "/")
                or item.get_closest_marker("fidelity")]
    if not fidelity:
        return
    from tests.handbook_content import NO_SOURCE_TEXT, source_text

    declared = source_text()
    for item in fidelity:
        item.add_marker(pytest.mark.fidelity)
        if declared is None:
            item.add_marker(pytest.mark.skip(reason=NO_SOURCE_TEXT))


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A fresh copy of the fixture site's sources, for a test to change and build."""
    return copy_site(tmp_path / "project")


# -- the sites built once per run ------------------------------------------------------------------

SHARED = "handbook_shared"  # key of the shared sites' folder and addresses, in workerinput under xdist
SERVED = ("handbook", "other")  # the shared sites a browser loads; "fixture" is only read
SHARED_KEY = pytest.StashKey[tuple]()  # the controller's (that JSON, the servers' stops)


def pytest_configure(config):
    config.pluginmanager.register(_Order(), "handbook-test-order")
    if hasattr(config, "workerinput"):  # an xdist worker: the controller serves the sites
        return
    root = Path(tempfile.mkdtemp(prefix="handbook-tests-"))
    stops, urls = [], {}
    for name in SERVED:
        out = root / name / "site"
        out.mkdir(parents=True)
        urls[name], stop = serve(out)  # serves whatever the build writes there, for the whole run
        stops.append(stop)
    config.stash[SHARED_KEY] = (json.dumps({"root": str(root), "urls": urls}), stops)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_PassToWorkers(), "handbook-shared-sites")


def pytest_unconfigure(config):
    shared = config.stash.get(SHARED_KEY, None)
    if shared is None:
        return
    text, stops = shared
    for stop in stops:
        stop()
    shutil.rmtree(json.loads(text)["root"], ignore_errors=True)


class _PassToWorkers:
    @staticmethod
    def pytest_configure_node(node):  # an xdist hook: each worker learns where the shared sites are
        node.workerinput[SHARED] = node.config.stash[SHARED_KEY][0]


def shared_site(config, name: str, make) -> tuple[Path, str | None]:
    """The folder of shared site ``name`` and the address it is served on (None if it is only read),
    built by ``make(folder, url)`` by the first process to ask."""
    text = config.workerinput[SHARED] if hasattr(config, "workerinput") else config.stash[SHARED_KEY][0]
    shared = json.loads(text)
    folder = Path(shared["root"]) / name
    folder.mkdir(exist_ok=True)
    url = shared["urls"].get(name)
    done = folder / "built"
    with (folder / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second worker waits here until the first has built it
        try:
            if not done.exists():
                make(folder, url)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder, url


@pytest.fixture(scope="session")
def fixture_build(pytestconfig) -> Path:
    """The fixture site as it is, built once a run; tests only read it."""
    folder, _ = shared_site(pytestconfig, "fixture", lambda f, _: build_site(copy_site(f / "project"), f / "out"))
    return folder / "out"


@dataclass(frozen=True)
class Site:
    url: str  # where it is served, and the site_url it was built with
    dir: Path


@pytest.fixture(scope="session")
def handbook_site(pytestconfig):
    """The real handbook, built once a run for the very address it is served on."""
    folder, url = shared_site(pytestconfig, "handbook", lambda f, url: build_site(ROOT, f / "site", site_url=url))
    return Site(url, folder / "site")


@pytest.fixture(scope="session")
def other_site(pytestconfig):
    """The second fixture handbook (``tests/fixtures/other``), built once a run for the address it is
    served on: read by tests/build/test_other_handbook.py and loaded by tests/browser/test_other_handbook.py."""
    folder, url = shared_site(pytestconfig, "other", lambda f, url: build_site(
        copy_site(f / "project", source=OTHER_SITE), f / "site", site_url=url))
    return Site(url, folder / "site")
