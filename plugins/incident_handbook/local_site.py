"""Build a handbook site and serve it on 127.0.0.1, as the tests, benchmarks and scripts all do.

One small module beside the plugin, so that tools never import the tests:
``mkdocs build --strict`` in-process, a quiet static server on a free
loopback port (with a ``_headers`` file's headers, as a static host sends
them), and the settings Debian's Chromium runs with here.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import io
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


def build_site(project: Path, out: Path, site_url: str | None = None) -> Path:
    """Build the MkDocs project at ``project`` into ``out`` (as ``mkdocs build --strict``).

    ``site_url`` should be where the site will be served: Material's instant
    navigation only takes over links to the host and port of its sitemap.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    extra = {"site_url": site_url} if site_url else {}
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=True, **extra)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return out


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files with the types Pyodide needs (.wasm as application/wasm)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


# What a static host compresses (nginx's gzip_types, Netlify, Cloudflare): text and wasm.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".webmanifest"}


class StaticHostHandler(QuietHandler):
    """Files as a static host serves them: a precompressed sibling first (``.br``, then ``.gz``,
    as nginx's ``brotli_static``/``gzip_static``), else gzip on the fly for compressible types."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # directories without a slash (redirect) and 404s
        mtime = int(path.stat().st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since:  # a revalidation (the service worker's no-cache fetches) moves no body
            try:
                if email.utils.parsedate_to_datetime(since).timestamp() >= mtime:
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        accept = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        body, encoding = None, None
        for name, suffix in (("br", ".br"), ("gzip", ".gz")):
            sibling = path.with_name(path.name + suffix)
            if name in accept and sibling.is_file():
                body, encoding = sibling.read_bytes(), name
                break
        if body is None:
            body = path.read_bytes()
            if "gzip" in accept and path.suffix in COMPRESSIBLE and len(body) > 512:
                body, encoding = gzip.compress(body, 6), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(mtime))
        if path.suffix in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        return io.BytesIO(body)


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


def handler_with_headers(headers: dict, base=QuietHandler):
    """A ``base`` handler (QuietHandler) that also sends ``headers`` with every response."""

    class WithHeaders(base):
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
