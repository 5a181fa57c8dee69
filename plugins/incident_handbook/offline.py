"""Offline after the first visit: write the service worker for the site just built.

The worker lists every file of the build with a hash of its content (see
``templates/service-worker.js``); the page registers it from ``offline.mjs``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SERVICE_WORKER = "sw.js"
TEMPLATE = Path(__file__).parent / "templates" / "service-worker.js"
# Files a reader never needs offline (sitemap.xml stays: instant navigation reads it).
SKIP = {SERVICE_WORKER, "_headers", "sitemap.xml.gz"}


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def manifest(site_dir: Path) -> dict:
    """URL path (relative to the site root) -> content hash, for every file a reader may need."""
    out = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP or rel.endswith((".partial", ".br", ".gz")):
            continue
        url = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
        out[url or "./"] = file_hash(path)
    return out


# For `mkdocs serve`: a cache-first worker would keep showing the page as it was
# before an edit, so the dev server gets one that removes itself and its caches.
RETIRING_WORKER = """// mkdocs serve: no offline copy while editing; remove any worker and cache left from a build.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith("handbook-")) await caches.delete(name);
  await self.registration.unregister();
})()));
"""


def write_service_worker(site_dir: Path, *, offline: bool = True) -> Path:
    """Write ``sw.js`` at the site root (``offline=False``: one that removes itself); return its path."""
    target = site_dir / SERVICE_WORKER
    if not offline:
        target.write_text(RETIRING_WORKER, "utf-8")
        return target
    files = manifest(site_dir)
    build = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    text = TEMPLATE.read_text("utf-8")
    text = text.replace("/*HANDBOOK_MANIFEST*/{}", json.dumps(files, indent=0, sort_keys=True))
    text = text.replace('/*HANDBOOK_BUILD*/""', json.dumps(build))
    target.write_text(text, "utf-8")
    return target
