"""Offline after the first visit: write the service worker for the site just built.

The worker lists the files of the build a reader needs offline, each with a
hash of its content (see ``templates/service-worker.js``); the page
registers it from ``offline.mjs``. The memory snapshot is listed apart: it
is fetched only on a return visit, and never when the browser asks to save data.
"""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SERVICE_WORKER = "sw.js"
TEMPLATE = Path(__file__).parent / "templates" / "service-worker.js"
# Files a reader never needs offline (sitemap.xml stays: instant navigation reads it).
SKIP = {SERVICE_WORKER, "_headers", "sitemap.xml.gz"}
# Copies a static host serves in place of a file (precompress.py), never files of their own.
SIBLINGS = (".partial", ".br", ".gz")
# Only the developer tools read source maps.
DEV_ONLY = (".map",)
# Files that are not code: kept offline only if a page refers to them (the README's screenshot is not).
MEDIA = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".pdf", ".mp4", ".webm"}
# Fetched only on a return visit, and never when the browser asks to save data (templates/service-worker.js).
LATER = (".hbsnap",)
LUNR = "assets/javascripts/lunr/"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def _lunr_files(languages) -> set:
    """Material's search needs lunr's language support only for languages other than English."""
    other = sorted({lang for lang in languages if lang != "en"})
    if not other:
        return set()
    needed = {"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"}
    needed |= {f"min/lunr.{lang}.min.js" for lang in other}
    needed |= {"tinyseg.js"} if "ja" in other else set()
    needed |= {"wordcut.js"} if "th" in other else set()
    return {LUNR + name for name in needed}


class _References(HTMLParser):
    """Every URL a page refers to in an attribute (src, href, srcset, poster, content)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("src", "href", "poster", "content", "data"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())


def referenced(site_dir: Path) -> set:
    """Site-relative paths of every file an HTML page of the site refers to."""
    out = set()
    root = site_dir.resolve()
    for page in site_dir.rglob("*.html"):
        parser = _References()
        parser.feed(page.read_text("utf-8", errors="replace"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_relative_to(root):
                out.add(target.relative_to(root).as_posix())
    return out


def manifests(site_dir: Path, languages=("en",)) -> tuple[dict, dict]:
    """URL path (relative to the site root) -> content hash: what to precache now, and what later.

    Now: every page and the code and data they need. Not source maps, not
    lunr's support for languages the site does not search in, not media no
    page refers to. Later: the memory snapshot, for return visits only.
    """
    now, later = {}, {}
    lunr = _lunr_files(languages)
    used = referenced(site_dir)
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP or rel.endswith(SIBLINGS) or rel.endswith(DEV_ONLY):
            continue
        if rel.startswith(LUNR) and rel not in lunr:
            continue
        if path.suffix.lower() in MEDIA and rel not in used:
            continue
        url = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
        (later if rel.endswith(LATER) else now)[url or "./"] = file_hash(path)
    return now, later


def manifest(site_dir: Path, languages=("en",)) -> dict:
    """What the service worker precaches when it installs (see ``manifests``)."""
    return manifests(site_dir, languages)[0]


# For `mkdocs serve`: a cache-first worker would keep showing the page as it was
# before an edit, so the dev server gets one that removes itself and its caches.
RETIRING_WORKER = """// mkdocs serve: no offline copy while editing; remove any worker and cache left from a build.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith("handbook-")) await caches.delete(name);
  await self.registration.unregister();
})()));
"""


def write_service_worker(site_dir: Path, *, offline: bool = True, languages=("en",)) -> Path:
    """Write ``sw.js`` at the site root (``offline=False``: one that removes itself); return its path.

    ``languages``: the languages the site's search is configured for.
    """
    target = site_dir / SERVICE_WORKER
    if not offline:
        target.write_text(RETIRING_WORKER, "utf-8")
        return target
    files, later = manifests(site_dir, languages)
    build = hashlib.sha256(json.dumps([files, later], sort_keys=True).encode()).hexdigest()[:16]
    text = TEMPLATE.read_text("utf-8")
    text = text.replace("/*HANDBOOK_MANIFEST*/{}", json.dumps(files, indent=0, sort_keys=True))
    text = text.replace("/*HANDBOOK_LATER*/{}", json.dumps(later, indent=0, sort_keys=True))
    text = text.replace('/*HANDBOOK_BUILD*/""', json.dumps(build))
    target.write_text(text, "utf-8")
    return target
