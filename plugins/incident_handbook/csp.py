"""A strict Content-Security-Policy for the site just built, in a ``_headers`` file.

No ``unsafe-inline`` script and no ``unsafe-eval``: the few inline scripts
the theme writes are allowed by their hashes, collected from every page of
this very build. ``wasm-unsafe-eval`` is there because Pyodide compiles
WebAssembly; ``connect-src 'self'`` keeps every fetch on this host.

``_headers`` is read by Netlify, Cloudflare Pages and similar static hosts;
the README shows how to give the same header with other servers.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

HEADERS_FILE = "_headers"
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _Inline(HTMLParser):
    """Collects the text of inline scripts and style elements, and style attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attrs: list[str] = []
        self._open: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("style"):
            self.style_attrs.append(a["style"])
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in SCRIPT_TYPES:
            self._open, self._buffer = "script", []
        elif tag == "style":
            self._open, self._buffer = "style", []

    def handle_data(self, data):
        if self._open:
            self._buffer.append(data)

    def handle_entityref(self, name):  # inside <script>/<style> the text is raw; keep it as written
        if self._open:
            self._buffer.append(f"&{name};")

    def handle_charref(self, name):
        if self._open:
            self._buffer.append(f"&#{name};")

    def handle_endtag(self, tag):
        if self._open == tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._buffer))
            self._open = None


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(site_dir: Path) -> str:
    """The policy for every page of the built site."""
    scripts, styles, attrs = set(), set(), set()
    for page in sorted(site_dir.rglob("*.html")):
        parser = _Inline()
        parser.feed(page.read_text("utf-8"))
        scripts.update(_hash(s) for s in parser.scripts)
        styles.update(_hash(s) for s in parser.styles)
        attrs.update(_hash(s) for s in parser.style_attrs)
    style_src = ["'self'", *sorted(styles)]
    if attrs:
        style_src += ["'unsafe-hashes'", *sorted(attrs)]
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(scripts)),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(d.strip() for d in directives)


def write_headers(site_dir: Path) -> Path:
    """Write ``_headers`` with the policy and a few safe defaults; return its path."""
    text = "\n".join([
        "/*",
        f"  Content-Security-Policy: {policy(site_dir)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "",
        "/sw.js",
        "  Cache-Control: no-cache",
        "",
    ])
    target = site_dir / HEADERS_FILE
    target.write_text(text, "utf-8")
    return target

