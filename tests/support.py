"""What the browser tests and the benchmarks share: a local static server and Chromium's settings."""

from __future__ import annotations

import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files with the types Pyodide needs (.wasm as application/wasm)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def headers_from(site_dir: Path) -> dict:
    """The headers a ``_headers`` file gives every path (its ``/*`` rule), as a static host would."""
    rules: dict = {}
    current = None
    for line in (site_dir / "_headers").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules.get("/*", {})


def handler_with_headers(headers: dict):
    """A QuietHandler that also sends ``headers`` with every response."""

    class WithHeaders(QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    return WithHeaders


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that navigates away mid-download resets the connection: not news.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, handler=QuietHandler):
    """Serve ``directory`` on 127.0.0.1 on a free port; returns (base URL, stop)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop
