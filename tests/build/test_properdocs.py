"""ProperDocs, the maintained fork of MkDocs 1.x, builds the same site.

MkDocs 1.6.1 is its last 1.x release and 2.0 drops plugins; ProperDocs
(pinned in the test extras) is a drop-in replacement that aliases the
``mkdocs.*`` imports, so the plugin runs unchanged. Its build must be the
MkDocs build, file for file, but for the generator named in each page's
``<meta name="generator">`` (and so the service worker's hashes of pages and of the build,
and the bytes of their precompressed siblings, compared decompressed).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_lock, copy_site

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
PAGE_HASH = re.compile(r'^("(?:[^"]*/|[^"]*\.html)": )"[0-9a-f]+"', re.M)  # sw.js: a page's entry in the manifest
BUILD_HASH = re.compile(r'^(const BUILD = )"[0-9a-f]+"', re.M)  # sw.js: the hash of the whole manifest


def properdocs() -> str:
    found = shutil.which("properdocs", path=str(Path(sys.executable).parent)) or shutil.which("properdocs")
    if found is None:
        pytest.fail("properdocs is not installed: it is pinned in pyproject.toml's test extras (make setup)")
    return found


def files(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def decompressed(rel: str, data: bytes) -> tuple[str, bytes]:
    """A precompressed sibling (``page.html.gz``, ``.br``) as the file it stands for: its name and bytes."""
    if rel.endswith(".gz"):
        return rel[:-3], gzip.decompress(data)
    if rel.endswith(".br"):  # the standard library has no brotli; Node's zlib, which made it, has
        script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
        return rel[:-3], subprocess.run(["node", "-e", script], input=data, capture_output=True, check=True).stdout
    return rel, data


def normalized(rel: str, data: bytes) -> bytes:
    rel, data = decompressed(rel, data)
    if rel.endswith(".html"):
        return GENERATOR.sub("<meta name=generator>", data.decode("utf-8")).encode("utf-8")
    if rel == "sw.js":
        text = PAGE_HASH.sub(r'\1"(page hash)"', data.decode("utf-8"))
        return BUILD_HASH.sub(r'\1"(build hash)"', text).encode("utf-8")
    return data


def test_properdocs_builds_the_fixture_site_as_mkdocs_does(tmp_path: Path, fixture_build: Path):
    project = copy_site(tmp_path / "project")
    out = tmp_path / "out"
    with build_lock():
        done = subprocess.run([properdocs(), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)], cwd=project,
                              capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    home = (out / "index.html").read_text("utf-8")
    assert "ProperDocs" in GENERATOR.search(home).group(0), "built by ProperDocs, not by MkDocs"
    theirs, ours = files(out), files(fixture_build)
    assert sorted(theirs) == sorted(ours)
    differ = [rel for rel in ours
              if normalized(rel, theirs[rel].read_bytes()) != normalized(rel, ours[rel].read_bytes())]
    assert not differ, f"ProperDocs' build differs from MkDocs' in: {differ}"
