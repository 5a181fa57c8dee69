"""Benchmark the decision wizards against a bare ``loadPyodide()`` page, in one run.

    make bench                      # or: .venv/bin/python bench/wizard_bench.py [--runs 5]

Both pages are served from this machine on 127.0.0.1 and measured in Debian's
Chromium, alternating, a fresh browser for every cold run. Timings on these
machines are noisy, so the targets are ratios against the baseline measured
in the same run, never absolute numbers:

* first question answerable within 100 ms of DOMContentLoaded;
* engine ready (cold) in at most 0.5 x the bare page's time;
* engine ready on a return visit (warm) in at most 0.5 x the cold time;
* no main-thread task over 50 ms caused by the widget: the widget's own
  work is measured (``handbook:enhance``; Pyodide boots in a worker), and
  the longest tasks of the wizard page and of a page without a widget are
  reported beside it, since Material's own start-up is a long task too;
* bytes transferred, cold and warm.

Writes a Markdown report to ``reports/wizard-bench.md`` and prints it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent

from incident_handbook.local_site import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

TREE = "notify-now"
READY_TIMEOUT_MS = 60_000

# Collects long tasks (> 50 ms) on the main thread from the very start of the page.
LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
}).observe({type: "longtask", buffered: true});
"""

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide()</title><link rel="icon" href="data:,"></head>
<body><p id="state">loading</p>
<script type="module">
import { loadPyodide } from "./pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
pyodide.runPython("import json");
performance.mark("bare:ready");
document.getElementById("state").textContent = "ready";
</script></body></html>
"""


def bare_site(tmp: Path) -> Path:
    """A page that only calls loadPyodide(), with the same pinned runtime, stock standard library."""
    src = ROOT / "node_modules" / "pyodide"
    out = tmp / "bare"
    (out / "pyodide").mkdir(parents=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copy(src / name, out / "pyodide" / name)
    (out / "index.html").write_text(BARE_PAGE)
    return out


def build_site(tmp: Path) -> Path:
    from incident_handbook.local_site import build_site as build

    return build(ROOT, tmp / "site")


def mark(page, name: str) -> float | None:
    return page.evaluate("(n) => performance.getEntriesByName(n)[0]?.startTime ?? null", name)


def measure(page, url: str, ready_mark: str, interactive_mark: str | None, transferred: list) -> dict:
    transferred.clear()
    page.goto(url)
    page.wait_for_function("(n) => performance.getEntriesByName(n).length > 0", arg=ready_mark,
                           timeout=READY_TIMEOUT_MS)
    ready = mark(page, ready_mark)
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
    tasks = page.evaluate("window.__longtasks")
    during = [d for start, d in tasks if start <= ready]
    ours = page.evaluate("performance.getEntriesByName('handbook:enhance').map((e) => e.duration)")
    out = {"ready": ready, "dcl": dcl, "longest": max(during, default=0.0), "bytes": sum(transferred),
           "ours": max(ours, default=0.0)}
    if interactive_mark:
        out["interactive"] = mark(page, interactive_mark)
    return out


def track_bytes(context, transferred: list) -> None:
    def finished(request):
        try:
            sizes = request.sizes()
            transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])
        except Exception:  # noqa: BLE001 - a request that vanished counts as nothing
            pass

    context.on("requestfinished", finished)


def run(runs: int, site: Path | None = None) -> str:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site_url, stop_site = serve(site or build_site(tmp))
        bare_url, stop_bare = serve(bare_site(tmp))
        wizard_url = f"{site_url}wizards/{TREE}/"
        plain_url = f"{site_url}guidelines/"
        results: dict[str, list] = {k: [] for k in ("bare", "cold", "warm", "steady", "plain")}
        try:
            with sync_playwright() as p:
                for i in range(runs):
                    for kind in ("bare", "cold") if i % 2 == 0 else ("cold", "bare"):
                        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                        context = browser.new_context()
                        context.add_init_script(LONGTASKS)
                        transferred: list = []
                        track_bytes(context, transferred)
                        page = context.new_page()
                        if kind == "bare":
                            results["bare"].append(measure(page, bare_url, "bare:ready", None, transferred))
                        else:
                            results["cold"].append(measure(page, wizard_url, f"handbook:engine-ready:{TREE}",
                                                           f"handbook:wizard-interactive:{TREE}", transferred))
                        browser.close()
                    # Warm: a persistent profile (HTTP cache kept), second visit to the wizard page.
                    with tempfile.TemporaryDirectory() as profile:
                        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM,
                                                                       args=CHROMIUM_ARGS, headless=True)
                        context.add_init_script(LONGTASKS)
                        transferred = []
                        track_bytes(context, transferred)
                        page = context.new_page()
                        measure(page, wizard_url, f"handbook:engine-ready:{TREE}", None, transferred)
                        # The first visit leaves the whole site in the service worker's cache.
                        page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                                               timeout=READY_TIMEOUT_MS)
                        page.goto("about:blank")
                        time.sleep(0.2)
                        results["warm"].append(measure(page, wizard_url, f"handbook:engine-ready:{TREE}",
                                                       f"handbook:wizard-interactive:{TREE}", transferred))
                        # Chromium keeps compiled code for a script from its second load on: the
                        # third visit shows a return visit once the browser has settled.
                        page.goto("about:blank")
                        time.sleep(0.2)
                        results["steady"].append(measure(page, wizard_url, f"handbook:engine-ready:{TREE}",
                                                         f"handbook:wizard-interactive:{TREE}", transferred))
                        results["plain"].append(_plain(page, plain_url, transferred))
                        context.close()
                    print(f"run {i + 1}/{runs}: bare {results['bare'][-1]['ready']:.0f} ms, "
                          f"cold {results['cold'][-1]['ready']:.0f} ms, warm {results['warm'][-1]['ready']:.0f} ms",
                          file=sys.stderr)
        finally:
            stop_site()
            stop_bare()
    return report(results, runs)


def _plain(page, url: str, transferred: list) -> dict:
    transferred.clear()
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    tasks = page.evaluate("window.__longtasks")
    ours = page.evaluate("performance.getEntriesByName('handbook:enhance').map((e) => e.duration)")
    return {"longest": max((d for _, d in tasks), default=0.0), "bytes": sum(transferred),
            "ours": max(ours, default=0.0)}


def stat(values: list) -> str:
    return f"{statistics.median(values):,.0f} [{min(values):,.0f}–{max(values):,.0f}]"


def report(r: dict, runs: int) -> str:
    bare = [x["ready"] for x in r["bare"]]
    cold = [x["ready"] for x in r["cold"]]
    warm = [x["ready"] for x in r["warm"]]
    steady = [x["ready"] for x in r["steady"]]
    answerable = [x["interactive"] - x["dcl"] for x in r["cold"]]
    ratio_cold = statistics.median(cold) / statistics.median(bare)
    ratio_warm = statistics.median(warm) / statistics.median(cold)
    ratio_steady = statistics.median(steady) / statistics.median(cold)
    longest_wizard = max(x["longest"] for x in r["cold"] + r["warm"])
    longest_plain = max(x["longest"] for x in r["plain"])
    ours = max(x["ours"] for x in r["cold"] + r["warm"])
    mb = 1_000_000
    lines = [
        "# Wizard benchmark",
        "",
        f"Chromium (Debian), 127.0.0.1, {runs} runs, median [min–max]; a fresh browser for every cold run, "
        f"warm is a second visit in the same profile, after the service worker has cached the site. "
        f"Page: `wizards/{TREE}/`.",
        "",
        "| what | ms | target | met |",
        "|---|---|---|---|",
        f"| bare page, `loadPyodide()` ready (baseline) | {stat(bare)} | | |",
        f"| wizard: engine ready, cold | {stat(cold)} | ≤ 0.5 × baseline | "
        f"{'yes' if ratio_cold <= 0.5 else 'NO'} ({ratio_cold:.2f} ×) |",
        f"| wizard: engine ready, warm (first return visit) | {stat(warm)} | ≤ 0.5 × cold | "
        f"{'yes' if ratio_warm <= 0.5 else 'NO'} ({ratio_warm:.2f} ×) |",
        f"| wizard: engine ready, warm (third visit: compiled code cached) | {stat(steady)} | ≤ 0.5 × cold | "
        f"{'yes' if ratio_steady <= 0.5 else 'NO'} ({ratio_steady:.2f} ×) |",
        f"| first question answerable, after DOMContentLoaded | {stat(answerable)} | ≤ 100 | "
        f"{'yes' if max(answerable) <= 100 else 'NO'} |",
        f"| widget's own main-thread work (enhance), longest | {ours:,.1f} | ≤ 50 | {'yes' if ours <= 50 else 'NO'} |",
        f"| longest main-thread task while loading, wizard page (theme included) | {longest_wizard:,.0f} | "
        f"for comparison | |",
        f"| longest main-thread task, page without a widget (theme alone) | {longest_plain:,.0f} | "
        f"for comparison | |",
        "",
        "| bytes transferred | MB |",
        "|---|---|",
        f"| bare page, cold | {statistics.median([x['bytes'] for x in r['bare']]) / mb:.1f} |",
        f"| wizard page, cold | {statistics.median([x['bytes'] for x in r['cold']]) / mb:.1f} |",
        f"| wizard page, warm (both return visits) | "
        f"{max(x['bytes'] for x in r['warm'] + r['steady']) / mb:.1f} |",
        "",
        "A negative 'answerable' time means the question was live before DOMContentLoaded fired.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "wizard-bench.md")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = parser.parse_args()
    text = run(args.runs, args.site)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
