"""Lighthouse on the handbook's key pages, desktop and mobile, in one run.

    make bench                      # or: .venv/bin/python bench/lighthouse_bench.py [--runs 3]

Builds the site for the address it is then served on (127.0.0.1, a free
port), serves it from a plain local server with the headers of the build's
``_headers`` file (the CSP and the rest, as a static host would send them),
and runs npm's Lighthouse (pinned in package.json; 12.2.3 is the last release
that runs on Node 20) in Debian's Chromium on each page below, twice: desktop
(``--preset=desktop``) and mobile (Lighthouse's default: a phone on a
simulated slow 4G network with a 4x slower CPU).

Targets: 100 in all four categories on desktop, at least 95 on mobile.

Writes ``reports/lighthouse.md`` (the four category scores and the core
timings of every page, then the audits that cost points) and keeps each raw
report as ``reports/lighthouse/<page>.<form factor>.json``. With ``--runs N``
each page is audited N times and the run with the median performance score is
reported, as Lighthouse's own docs advise for noisy machines.

The local server is Python's plain ``http.server``: HTTP/1.1, no compression,
no cache headers. What that costs (the text-compression and cache-policy
diagnostics, and the timings that uncompressed files lengthen) belongs to the
server, not the site; the report lists those diagnostics separately.
``--compressed`` (or ``--gzip``) serves the site as a static host does: the
build's precompressed ``.br``/``.gz`` siblings, gzip on the fly for the rest.
``make bench`` runs both.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from incident_handbook.local_site import (  # noqa: E402
    CHROMIUM,
    QuietHandler,
    StaticHostHandler,
    handler_with_headers,
    headers_from,
    serve,
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    ("home", ""),
    ("role: Comms Lead", "roles/comms-lead/"),
    ("wizard: Comms Lead", "wizards/comms-lead/"),
    ("wizard: notify now", "wizards/notify-now/"),
    ("runbook: Comms Lead", "runbooks/comms-lead/"),
]
FORM_FACTORS = ["desktop", "mobile"]
TARGETS = {"desktop": 100, "mobile": 95}
CATEGORIES = [("performance", "Perf."), ("accessibility", "A11y"), ("best-practices", "Best pr."), ("seo", "SEO")]
TIMINGS = [("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"), ("total-blocking-time", "TBT"),
           ("cumulative-layout-shift", "CLS"), ("speed-index", "Speed Index")]
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic"]
# Diagnostics about how files are served, not what they are: a plain local server fails them by design.
SERVER_AUDITS = {"uses-text-compression", "uses-long-cache-ttl", "uses-http2"}


def lighthouse(url: str, form_factor: str, out: Path) -> dict:
    """One Lighthouse run; returns the parsed JSON report (also left at ``out``)."""
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=" + ",".join(c for c, _ in CATEGORIES), "--chrome-flags=" + " ".join(CHROME_FLAGS)]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url} ({form_factor}):\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text("utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not audit {url} ({form_factor}): {report['runtimeError']}")
    return report


def score(report: dict, category: str) -> int | None:
    value = report["categories"][category]["score"]
    return None if value is None else round(value * 100)


def costs(report: dict) -> list[str]:
    """The weighted audits that kept a category below 100, as 'category: title (value)'."""
    out = []
    for category, _ in CATEGORIES:
        cat = report["categories"][category]
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                out.append(f"{category}: {audit['title']}{value}, audit score {audit['score']:.2f}")
    return out


def server_diagnostics(results: dict) -> list[str]:
    """The server-side diagnostics that failed, each with how many audits it failed and their values."""
    out = []
    for audit_id in sorted(SERVER_AUDITS):
        failed = [r["audits"][audit_id] for r in results.values()
                  if (r["audits"].get(audit_id) or {}).get("score") is not None and r["audits"][audit_id]["score"] < 1]
        if failed:
            values = sorted({a.get("displayValue", "") for a in failed} - {""})
            shown = f" ({values[0]} … {values[-1]})" if len(values) > 1 else (f" ({values[0]})" if values else "")
            out.append(f"{failed[0]['title']}: {len(failed)} of {len(results)} audits{shown}")
    return out


def slug(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def run(runs: int, use_gzip: bool, raw_dir: Path) -> tuple[dict, str]:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` (make setup does)")
    from incident_handbook.local_site import build_site

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        site = Path(tmp_name) / "site"
        site.mkdir()
        headers: dict = {}  # filled in once the build has written _headers
        # Compressed: the build's precompressed siblings first, gzip on the fly for the rest.
        url, stop = serve(site, handler_with_headers(headers, StaticHostHandler if use_gzip else QuietHandler))
        try:
            build_site(ROOT, site, site_url=url)
            headers.update(headers_from(site))
            for name, path in PAGES:
                for form_factor in FORM_FACTORS:
                    reports = []
                    for i in range(runs):
                        out = raw_dir / f"{slug(path)}.{form_factor}.{i}.json"
                        reports.append(lighthouse(url + path, form_factor, out))
                        perf = score(reports[-1], "performance")
                        print(f"{name} ({form_factor}) run {i + 1}/{runs}: performance {perf}", file=sys.stderr)
                    median = statistics.median_low(score(r, "performance") or 0 for r in reports)
                    chosen = next(r for r in reports if (score(r, "performance") or 0) == median)
                    index = reports.index(chosen)
                    shutil.move(raw_dir / f"{slug(path)}.{form_factor}.{index}.json",
                                raw_dir / f"{slug(path)}.{form_factor}.json")
                    for i in range(runs):
                        (raw_dir / f"{slug(path)}.{form_factor}.{i}.json").unlink(missing_ok=True)
                    results[(name, path, form_factor)] = chosen
        finally:
            stop()
        version = next(iter(results.values()))["lighthouseVersion"]
        chrome = next(iter(results.values()))["environment"]["hostUserAgent"]
    return results, f"Lighthouse {version}, {chrome}"


def table(results: dict) -> list[str]:
    head = ["page", "form factor"] + [label for _, label in CATEGORIES] + [label for _, label in TIMINGS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (name, path, form_factor), report in results.items():
        target = TARGETS[form_factor]
        cells = [f"{name} (`{path or '/'}`)", form_factor]
        for category, _ in CATEGORIES:
            value = score(report, category)
            cells.append("–" if value is None else (f"{value}" if value >= target else f"**{value}**"))
        for audit_id, _ in TIMINGS:
            cells.append(report["audits"][audit_id].get("displayValue", "–").replace("\xa0", " "))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def report(results: dict, environment: str, runs: int, use_gzip: bool) -> str:
    missed = [(key, c) for key, r in results.items() for c, _ in CATEGORIES
              if (score(r, c) or 0) < TARGETS[key[2]]]
    server = "compressed, as a static host serves (the build's .br/.gz siblings, else gzip)" if use_gzip else "a plain local server (HTTP/1.1, no compression)"
    lines = [
        "# Lighthouse",
        "",
        f"{datetime.date.today().isoformat()}; {environment}; 127.0.0.1, {server}; "
        f"{runs} run(s) per page, the median by performance shown. Desktop: `--preset=desktop`; mobile: "
        "Lighthouse's default (simulated slow 4G, 4x CPU slowdown). Targets: 100 on desktop, ≥ 95 on mobile; "
        "a score in bold misses its target.",
        "",
        *table(results),
        "",
        "Targets met." if not missed else
        f"Targets missed: {len(missed)} (" + ", ".join(f"{k[0]} {k[2]} {c}" for k, c in missed) + ").",
        "",
        "## What costs points",
        "",
    ]
    any_cost = False
    for (name, _path, form_factor), r in results.items():
        found = costs(r)
        if found:
            any_cost = True
            lines.append(f"- **{name}, {form_factor}**: " + "; ".join(found))
    if not any_cost:
        lines.append("Nothing: every weighted audit passed.")
    lines += ["", "## Diagnostics the local server causes (no weight in the scores, but slower timings)", ""]
    lines += [f"- {d}" for d in server_diagnostics(results)] or ["None."]
    lines += ["", "Raw reports: `reports/lighthouse/<page>.<form factor>.json` (open in the Lighthouse viewer)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="audits per page and form factor (median shown)")
    parser.add_argument("--gzip", "--compressed", dest="gzip", action="store_true",
                        help="serve the precompressed siblings (else gzip on the fly), as a static host would")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "lighthouse.md")
    args = parser.parse_args()
    raw_dir = args.out.parent / "lighthouse"
    raw_dir.mkdir(parents=True, exist_ok=True)
    results, environment = run(args.runs, args.gzip, raw_dir)
    text = report(results, environment, args.runs, args.gzip)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
