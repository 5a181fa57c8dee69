"""Precompressed copies of the built site: ``.br`` and ``.gz`` beside every compressible file.

A static host then serves the smallest copy the browser accepts without
compressing on every request (nginx ``brotli_static``/``gzip_static``; see
the README), and files no host compresses on the fly — the wasm on many
hosts, our uncompressed-on-purpose archives, the memory snapshot — travel
compressed too. The work is done by ``node/precompress.mjs`` with Node's own
zlib (no dependency), cached by content hash in the runtime's ``.cache``.
Standard library only; the plugin calls :func:`precompress` last.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parent / "node" / "precompress.mjs"
SUFFIXES = (".br", ".gz")
TIMEOUT_S = 900


class PrecompressFailed(Exception):
    """Node could not compress the site; the message is for people."""


def warm(files: list[Path], cache_dir: Path) -> subprocess.Popen | None:
    """Start compressing ``files`` into the cache in the background; None without Node.js.

    The plugin starts this on the Pyodide runtime's files (the 9.6 MB wasm
    takes half a minute at brotli 11) as a build starts, and passes the
    process to :func:`precompress`, which waits for it: on a fresh clone the
    compression then runs while the pages are made, not after.
    """
    node = shutil.which("node")
    if node is None or not files:
        return None
    return subprocess.Popen([node, str(SCRIPT), "--warm", str(cache_dir), *map(str, files)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def precompress(site_dir: Path, cache_dir: Path, warming: subprocess.Popen | None = None) -> dict:
    """Write the siblings for every compressible file of ``site_dir``; return Node's report.

    ``warming`` (from :func:`warm`) is waited for first, so no file is compressed twice; whatever it
    did not finish is done here. Returns ``{}`` without Node.js (the site works uncompressed);
    raises PrecompressFailed if the script fails.
    """
    if warming is not None:
        try:
            warming.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            warming.kill()
    node = shutil.which("node")
    if node is None:
        return {}
    try:
        result = subprocess.run([node, str(SCRIPT), str(site_dir), str(cache_dir)], capture_output=True,
                                text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise PrecompressFailed(f"compressing the site took over {TIMEOUT_S} s; gave up") from None
    if result.returncode != 0:
        detail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise PrecompressFailed(f"could not compress the site (node exited with {result.returncode}):\n{detail}")
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {}
