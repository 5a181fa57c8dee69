#!/usr/bin/env python3
"""The runbooks as PDF: the built site, served on 127.0.0.1, printed by headless Chromium.

``scripts/runbook_pdf.py`` (``make pdf``) builds the site with the
runbook pages linking to their PDFs, then prints every runbook page -- one
PDF per role and one of them all, in A4 and US Letter -- into the built site
under ``runbooks/pdf/``. A plain ``mkdocs build`` needs no browser and has no
PDF links, so none of its links is broken.

The pages are printed with scripts off: a runbook on paper is the blank form
that the HTML and the print styles make, whatever a reader ticked on screen.
Playwright (a test dependency) and Debian's Chromium are needed only here,
so this is a tool of the repository, like the tests it shares its server and
browser settings with, not part of the plugin.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

from incident_handbook import runbooks  # noqa: E402
from incident_handbook.local_site import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

# Playwright's names for the paper sizes of ``runbooks.PAPERS``.
FORMATS = {"a4": "A4", "letter": "Letter"}
_MARKER = re.compile(r'data-handbook-pdf="([a-z0-9-]+)"')


def find_runbooks(site_dir: Path) -> dict:
    """PDF stem -> the runbook page's path in the built site (``runbooks/comms-lead/index.html``)."""
    found = {}
    folder = site_dir / runbooks.RUNBOOKS_DIR
    for path in sorted(folder.rglob("*.html")):
        match = _MARKER.search(path.read_text("utf-8"))
        if match:
            found[match.group(1)] = path.relative_to(site_dir).as_posix()
    return found


def render(site_dir: Path, papers: tuple = tuple(FORMATS), *, out_dir: Path | None = None, browser=None,
           chromium: str = CHROMIUM, log=None) -> list:
    """Print every runbook page of the built site at ``site_dir`` to PDF; returns the PDFs written.

    The PDFs go into the site itself (``runbooks/pdf/``, where its pages link
    to them) unless ``out_dir`` says otherwise. The site is served on
    127.0.0.1 on a free port, so the pages load as from a web server; a
    request to any other host is an error, as the handbook must work offline.
    ``browser`` is a Playwright Chromium to use (the tests pass theirs);
    without it, Debian's Chromium is launched.
    """
    site_dir = Path(site_dir)
    targets = find_runbooks(site_dir)
    if not targets:
        raise RuntimeError(f"no runbook pages under {site_dir / runbooks.RUNBOOKS_DIR}: build the site first")
    out_dir = Path(out_dir) if out_dir else site_dir / runbooks.RUNBOOKS_DIR / runbooks.PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    base, stop = serve(site_dir)
    try:
        if browser is not None:
            return _print_pages(browser, base, targets, papers, out_dir, log)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                return _print_pages(own, base, targets, papers, out_dir, log)
            finally:
                own.close()
    finally:
        stop()


def _print_pages(browser, base: str, targets: dict, papers: tuple, out_dir: Path, log) -> list:
    local = urlparse(base).netloc
    foreign: list = []
    context = browser.new_context(java_script_enabled=False)
    context.on("request", lambda r: foreign.append(r.url)
               if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != local else None)
    written = []
    try:
        page = context.new_page()
        for stem, path in targets.items():
            page.goto(base + path.removesuffix("index.html"), wait_until="load")
            for paper in papers:
                target = out_dir / runbooks.pdf_name(stem, paper)
                started = time.perf_counter()
                page.pdf(path=str(target), format=FORMATS[paper], tagged=True, outline=True)
                written.append(target)
                if log:
                    log(f"{target}: {target.stat().st_size // 1024} KB in {time.perf_counter() - started:.2f} s")
    finally:
        context.close()
    if foreign:
        raise RuntimeError(f"the runbook pages loaded from other hosts: {sorted(set(foreign))}")
    return written


def build(config_file: Path, site_dir: Path | None = None) -> Path:
    """Build the site as ``mkdocs build --strict`` does, with the runbook pages linking to their PDFs."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    options = {"site_dir": str(site_dir)} if site_dir else {}
    config = load_config(str(config_file), strict=True, **options)
    config.plugins["handbook"].config.runbook_pdfs = True
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/runbook_pdf.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="default: the config's site_dir")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    site_dir = build(args.config_file, args.site_dir)
    print(f"built {site_dir} in {time.perf_counter() - started:.1f} s")
    written = render(site_dir, log=print)
    print(f"{len(written)} PDFs in {site_dir / runbooks.RUNBOOKS_DIR / runbooks.PDF_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
