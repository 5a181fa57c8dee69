"""`mkdocs serve`, as `make serve` runs it: the handbook is served, and no offline copy gets in the way of edits."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_serves_the_handbook_with_a_retiring_service_worker(fixture_site: Path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=fixture_site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                home = fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("mkdocs serve did not come up:\n" + server.stdout.read()) from None
                time.sleep(0.5)
        assert "Fixture guidelines" in home
        assert "Join the channel." in fetch(f"http://127.0.0.1:{port}/roles/lead/")
        worker = fetch(f"http://127.0.0.1:{port}/sw.js")
        assert "unregister()" in worker and "MANIFEST" not in worker
    finally:
        server.terminate()
        server.wait(timeout=30)
