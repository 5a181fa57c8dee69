"""Precompressed siblings: the cache a build warms in the background is the one its last step uses."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from incident_handbook import precompress

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is needed to compress")


def unbrotli(data: bytes) -> bytes:  # the standard library has no brotli; Node's zlib, which made it, has
    script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
    return subprocess.run([NODE, "-e", script], input=data, capture_output=True, check=True).stdout


def test_a_warmed_cache_is_used_and_every_sibling_holds_the_file(tmp_path: Path):
    big = b"".join(b"line %d of a runtime file\n" % i for i in range(20000))
    small = b"<html>" + b"a page " * 400 + b"</html>"
    runtime = tmp_path / "runtime.wasm"
    runtime.write_bytes(big)
    cache = tmp_path / "cache"
    process = precompress.warm([runtime], cache)
    assert process is not None
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    shutil.copy(runtime, site / "assets" / "runtime.wasm")
    (site / "index.html").write_bytes(small)
    (site / "tiny.css").write_bytes(b"p{}")  # too small to be worth it
    report = precompress.precompress(site, cache, process)
    assert process.returncode == 0  # waited for, and it finished
    digest = hashlib.sha256(big).hexdigest()
    # The warm run made the runtime's entries; the build took them rather than compressing again.
    assert (cache / f"{digest}.br").read_bytes() == (site / "assets" / "runtime.wasm.br").read_bytes()
    for path, original in ((site / "assets" / "runtime.wasm", big), (site / "index.html", small)):
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original
        assert unbrotli(path.with_name(path.name + ".br").read_bytes()) == original
    assert not (site / "tiny.css.br").exists() and not (site / "tiny.css.gz").exists()
    assert report["files"] == 2 and report["bytes"] == len(big) + len(small)
    assert report["br"] < report["bytes"] and report["gz"] < report["bytes"]


def test_two_processes_compress_a_file_once_and_a_dead_ones_lock_is_taken_over(tmp_path: Path):
    """`make test`'s warm-up and a build (or two builds) at once: the second waits for the first's result;
    a lock left by a process that died does not stop the next one."""
    data = bytes(range(256)) * 4096 + b"".join(b"entry %d\n" % i for i in range(60000))  # ~1.5 MB
    file = tmp_path / "runtime.wasm"
    file.write_bytes(data)
    cache = tmp_path / "cache"
    first = precompress.warm([file], cache)
    digest = hashlib.sha256(data).hexdigest()
    lock = cache / f"{digest}.br.lock"
    for _ in range(200):  # until the first holds the lock (it reads and hashes the file first)
        if lock.exists():
            break
        subprocess.run(["sleep", "0.05"], check=True)
    assert lock.exists(), "the first process never took the lock"
    second = subprocess.run([NODE, str(precompress.SCRIPT), "--warm", str(cache), str(file)],
                            capture_output=True, text=True, check=True)
    assert second.returncode == 0 and first.wait(timeout=120) == 0
    assert unbrotli((cache / f"{digest}.br").read_bytes()) == data
    assert not list(cache.glob("*.lock")) and not list(cache.glob("*.partial-*"))
    # A lock whose process is gone (pid 2**22 + 1 is beyond Linux's pid_max) is removed, and the work done.
    (cache / f"{digest}.br").unlink()
    lock.write_text(str(2**22 + 1))
    subprocess.run([NODE, str(precompress.SCRIPT), "--warm", str(cache), str(file)], check=True, timeout=120)
    assert unbrotli((cache / f"{digest}.br").read_bytes()) == data and not lock.exists()
