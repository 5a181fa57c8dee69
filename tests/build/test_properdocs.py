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
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_site

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


UNBROTLI = ("const fs = require('fs'), zlib = require('zlib');"
            "for (const [from, to] of JSON.parse(fs.readFileSync(0)))"
            " fs.writeFileSync(to, zlib.brotliDecompressSync(fs.readFileSync(from)));")


def unbrotli(blobs: list, work: Path) -> dict:
    """Each brotli blob decompressed, in one run of Node (the standard library has no brotli; Node's zlib,
    which made them, has): {blob: its bytes}."""
    pairs = []
    for n, blob in enumerate(blobs):
        (work / f"{n}.br").write_bytes(blob)
        pairs.append((str(work / f"{n}.br"), str(work / f"{n}.out")))
    subprocess.run(["node", "-e", UNBROTLI], input=json.dumps(pairs), text=True, capture_output=True, check=True)
    return {blob: Path(out).read_bytes() for blob, (_, out) in zip(blobs, pairs, strict=True)}


def normalized(rel: str, data: bytes, plain: dict) -> bytes:
    """A file as compared: a precompressed sibling as the file it stands for (``plain`` holds the ``.br``
    ones decompressed), the generator's name and the hashes that follow from it left out."""
    if rel.endswith(".gz"):
        rel, data = rel[:-3], gzip.decompress(data)
    elif rel.endswith(".br"):
        rel, data = rel[:-3], plain[data]
    if rel.endswith(".html"):
        return GENERATOR.sub("<meta name=generator>", data.decode("utf-8")).encode("utf-8")
    if rel == "sw.js":
        text = PAGE_HASH.sub(r'\1"(page hash)"', data.decode("utf-8"))
        return BUILD_HASH.sub(r'\1"(build hash)"', text).encode("utf-8")
    return data


def test_properdocs_builds_the_fixture_site_as_mkdocs_does(tmp_path: Path, fixture_build: Path):
    project = copy_site(tmp_path / "project")
    out = tmp_path / "out"
    done = subprocess.run([properdocs(), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    home = (out / "index.html").read_text("utf-8")
    assert "ProperDocs" in GENERATOR.search(home).group(0), "built by ProperDocs, not by MkDocs"
    theirs, ours = files(out), files(fixture_build)
    assert sorted(theirs) == sorted(ours)
    # Files with the same bytes are the same; the others are compared as what they stand for.
    apart = {rel: (theirs[rel].read_bytes(), ours[rel].read_bytes()) for rel in ours}
    apart = {rel: pair for rel, pair in apart.items() if pair[0] != pair[1]}
    compressed = [data for rel, pair in apart.items() if rel.endswith(".br") for data in pair]
    work = tmp_path / "unbrotli"
    work.mkdir()
    plain = unbrotli(compressed, work)
    differ = [rel for rel, (a, b) in apart.items() if normalized(rel, a, plain) != normalized(rel, b, plain)]
    assert not differ, f"ProperDocs' build differs from MkDocs' in: {differ}"
