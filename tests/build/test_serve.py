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


def start_serving(project: Path, port: int) -> tuple:
    """``mkdocs serve`` in ``project``, once its first build is served: (the process, the home page)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            return server, fetch(f"http://127.0.0.1:{port}/")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError("mkdocs serve did not come up:\n" + server.stdout.read()) from None
            time.sleep(0.5)


def test_serve_serves_the_handbook_with_a_retiring_service_worker(fixture_site: Path):
    port = free_port()
    server, home = start_serving(fixture_site, port)
    try:
        assert "Fixture guidelines" in home
        assert "Join the channel." in fetch(f"http://127.0.0.1:{port}/roles/lead/")
        worker = fetch(f"http://127.0.0.1:{port}/sw.js")
        assert "unregister()" in worker and "MANIFEST" not in worker
    finally:
        server.terminate()
        server.wait(timeout=30)
