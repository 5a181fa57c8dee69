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
  work is measured (``handbook:enhance``, taken by handbook.mjs and around
  each wizard element's first connection; Pyodide boots in a worker), and
  the longest tasks of the wizard page and of a page without a widget are
  reported beside it, since Material's own start-up is a long task too;
* bytes transferred, cold and warm.

Both sites are served as a static host serves them (``StaticHostHandler``:
the precompressed ``.br``/``.gz`` sibling first, gzip on the fly for other
text); the bare page's Pyodide files get brotli siblings too, so the
comparison is fair. Then the same pair on emulated networks (Chromium's
``Network.emulateNetworkConditions``): 4G (9 Mbit/s down, 1.5 up, 60 ms) and
Lighthouse's slow 4G (1.6 down, 0.675 up, 150 ms), reporting bytes on the
wire to engine ready (counted by the server, so the worker's requests and
the service worker's are all in), engine-ready time, and the throughput the
worker's wasm download actually got (it must match the profile, or the
emulation missed the worker). Last, a first visit of the home page,
counted until the service worker has installed: the bytes a reader's first
visit costs, offline copy included.

Writes a Markdown report to ``reports/wizard-bench.md`` and prints it.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent

from incident_handbook.local_site import CHROMIUM, CHROMIUM_ARGS, StaticHostHandler, serve  # noqa: E402
from incident_handbook.precompress import precompress  # noqa: E402

# name: (down Mbit/s, up Mbit/s, round trip ms); None: loopback, no emulation.
PROFILES = {"none": None, "4G": (9.0, 1.5, 60), "slow 4G": (1.6, 0.675, 150)}
NETWORK_TIMEOUT_MS = 600_000


class ByteCounter:
    """Bytes the server wrote (headers and bodies), for every request of every client."""

    def __init__(self) -> None:
        self.bytes = 0
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.bytes += n

    def reset(self) -> int:
        with self._lock:
            seen, self.bytes = self.bytes, 0
        return seen


def counting(counter: ByteCounter):
    """A StaticHostHandler that adds everything it sends to ``counter``."""

    class Counted:
        def __init__(self, raw) -> None:
            self.raw = raw

        def write(self, data) -> int:
            counter.add(len(data))
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    class CountingHandler(StaticHostHandler):
        def setup(self) -> None:
            super().setup()
            self.wfile = Counted(self.wfile)

    return CountingHandler

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
    # As a host serving stock Pyodide well would: brotli and gzip siblings.
    precompress(out, ROOT / ".cache" / "precompressed")
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


def throttle(page, profile) -> None:
    if profile is None:
        return
    down, up, rtt = profile
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt,
                                                       "downloadThroughput": down * 1e6 / 8,
                                                       "uploadThroughput": up * 1e6 / 8})


def wasm_throughput(context, seen: dict) -> None:
    """Mbit/s the wasm's body arrived at: the worker's biggest request, to check the emulation covers it."""

    def finished(request):
        if not request.url.endswith("pyodide.asm.wasm"):
            return
        try:
            timing, sizes = request.timing, request.sizes()
            seconds = (timing["responseEnd"] - timing["responseStart"]) / 1000
            if seconds > 0:
                seen["mbit"] = sizes["responseBodySize"] * 8 / seconds / 1e6
        except Exception:  # noqa: BLE001 - no timing, no check
            pass

    context.on("requestfinished", finished)


def network_runs(p, profile, runs: int, bare_url: str, wizard_url: str, counter: ByteCounter) -> dict:
    out: dict = {"bare": [], "cold": [], "mbit": []}
    for i in range(runs):
        for kind in ("bare", "cold") if i % 2 == 0 else ("cold", "bare"):
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            seen: dict = {}
            wasm_throughput(context, seen)
            page = context.new_page()
            throttle(page, profile)
            counter.reset()
            url, ready = (bare_url, "bare:ready") if kind == "bare" else (wizard_url, f"handbook:engine-ready:{TREE}")
            page.goto(url, timeout=NETWORK_TIMEOUT_MS)
            page.wait_for_function("(n) => performance.getEntriesByName(n).length > 0", arg=ready,
                                   timeout=NETWORK_TIMEOUT_MS)
            out[kind].append({"ready": mark(page, ready), "bytes": counter.reset()})
            if kind == "cold" and "mbit" in seen:
                out["mbit"].append(seen["mbit"])
            browser.close()
        print(f"  {i + 1}/{runs}: bare {out['bare'][-1]['ready']:.0f} ms, wizard {out['cold'][-1]['ready']:.0f} ms",
              file=sys.stderr)
    return out


def first_visit(p, site_url: str, counter: ByteCounter) -> int:
    """Bytes of a first visit of the home page, until the service worker has installed the offline copy."""
    with tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                       headless=True)
        page = context.new_page()
        counter.reset()
        page.goto(site_url)
        page.wait_for_function("async () => (await navigator.serviceWorker.ready).active?.state === 'activated'",
                               timeout=NETWORK_TIMEOUT_MS, polling=500)
        page.wait_for_timeout(500)
        seen = counter.reset()
        context.close()
    return seen


def run(runs: int, site: Path | None = None, net_runs: int = 2) -> str:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        counter = ByteCounter()
        site_url, stop_site = serve(site or build_site(tmp), counting(counter))
        bare_url, stop_bare = serve(bare_site(tmp), counting(counter))
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
                networks = {}
                for name, profile in PROFILES.items():
                    print(f"network: {name}", file=sys.stderr)
                    networks[name] = network_runs(p, profile, net_runs, bare_url, wizard_url, counter)
                visit = first_visit(p, site_url, counter)
        finally:
            stop_site()
            stop_bare()
    return report(results, runs) + network_report(networks, net_runs, visit)


def network_report(networks: dict, runs: int, visit: int) -> str:
    mb = 1_000_000
    lines = ["", "## On a network", "",
             f"{datetime.date.today().isoformat()}; served as a static host serves (precompressed siblings, gzip on "
             f"the fly), both pages; Chromium's network emulation; {runs} cold runs per profile, median. "
             "Bytes are what the server sent until the engine was ready (the worker's requests included).", "",
             "| profile | bare `loadPyodide()` page | wizard, engine ready | ratio | target | met | "
             "wasm arrived at |",
             "|---|---|---|---|---|---|---|"]
    bare_bytes = statistics.median([x["bytes"] for n in networks.values() for x in n["bare"]])
    wizard_bytes = statistics.median([x["bytes"] for n in networks.values() for x in n["cold"]])
    ratio = wizard_bytes / bare_bytes
    lines.append(f"| bytes on the wire to engine ready | {bare_bytes / mb:.2f} MB | {wizard_bytes / mb:.2f} MB | "
                 f"{ratio:.2f} × | ≤ 0.65 × | {'yes' if ratio <= 0.65 else 'NO'} | |")
    for name, n in networks.items():
        profile = PROFILES[name]
        bare = statistics.median([x["ready"] for x in n["bare"]])
        cold = statistics.median([x["ready"] for x in n["cold"]])
        ratio = cold / bare
        target = 0.45 if profile is None else 0.5
        label = "loopback, no emulation" if profile is None else \
            f"{name}: {profile[0]:g} Mbit/s down, {profile[1]:g} up, {profile[2]} ms"
        speed = f"{statistics.median(n['mbit']):.1f} Mbit/s" if n["mbit"] and profile else ""
        lines.append(f"| {label} | {bare / 1000:.2f} s | {cold / 1000:.2f} s | {ratio:.2f} × | ≤ {target} × | "
                     f"{'yes' if ratio <= target else 'NO'} | {speed} |")
    lines += ["", f"A first visit of the home page, service worker install included: **{visit / mb:.2f} MB** on the "
              f"wire (target ≤ 8 MB: {'met' if visit <= 8 * mb else 'NOT met'}).", ""]
    return "\n".join(lines)


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
    parser.add_argument("--net-runs", type=int, default=2, help="cold runs per emulated network profile")
    args = parser.parse_args()
    text = run(args.runs, args.site, args.net_runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
