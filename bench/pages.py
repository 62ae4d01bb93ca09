"""How long a phone reader waits for each page of the built site.

A page of this course is not readable when its HTML arrives: until the
math is typeset, a reader sees raw TeX (or nothing), and on a phone the
typesetting, not the download, is most of the wait. With MathJax in
the browser, the chapter on the delta recursion took 10-20 s at 4x CPU
throttling (a mid-range phone) on this project's 2-core machine, and
even the introduction about 3 s. The goal: every page of the book
readable in at most 3 s at 4x.

What is measured, for every page of the table of contents (the list the
tests use) and every site given:

- **readable ms**: milliseconds from navigation start until all of these
  have happened: the load event has fired; if the page has MathJax
  (``MathJax.startup.promise``), that promise has resolved (the initial
  typesetting is done); ``document.fonts.ready`` has resolved (after a
  forced layout, so that the fonts the typeset math uses are counted).
  It is taken inside the page with ``performance.now()`` at the moment
  the last of them is done, so no round trip to Python is counted.
  Measured at CPU throttling rate 1 (this machine at full speed) and 4 (a
  mid-range phone); the median of ``--runs`` runs is reported.
- **KB gzip**: what the first visit downloads, every response body
  gzip-compressed (as a static host serves it), summed; taken on the
  full-speed runs, responses whose body cannot be read are skipped.
- **requests**: the number of requests the page made by the time CLS is
  read.
- **CLS**: the cumulative layout shift after first paint (layout-shift
  entries without recent input, summed), read about 1 s after the page is
  readable: whether typesetting moves the text the reader has started on.
  A page whose main thread stays busy from first paint until typesetting
  ends (MathJax's defer script typesets before DOMContentLoaded) shows
  no shift: it shows nothing new meanwhile, which the time counts.

Each measurement opens a fresh browser context like the tests' phone
(390x844, ``is_mobile``, ``has_touch``) with the HTTP cache disabled
through the DevTools protocol. Nothing goes through Playwright's
``route()``, which sends every request through Python and adds latency;
offline-ness is checked by the tests, not here.

Usage (from the project root)::

    .venv/bin/python bench/pages.py                       # now=_build/html
    .venv/bin/python bench/pages.py before=/tmp/site-before now=_build/html
    .venv/bin/python bench/pages.py --runs 5 --json bench/pages.json

Timings are only comparable within one run on one machine: another
process on the machine (a test suite, a build) lengthens them, which is
why several sites are measured in the same run. Each measurement records
the 1-minute load average beside it.

Several sites are measured interleaved: page by page, run by run, rate by
rate, the sites one after the other, in an order that alternates, so that
a change in the machine's load falls on all of them alike.
"""

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, serve  # noqa: E402  (no pytest in it)

RATES = (1, 4)            # CPU throttling: this machine, a mid-range phone
GOAL_MS = 3000            # readable at 4x within this, on every page
SETTLE_S = 1.0            # CLS and the bytes are read this long after
TIMEOUT_MS = 180_000      # a page not readable by then counts as failed
# The tests' phone (tests/test_site.py, PHONE)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True}


def toc_pages():
    """The pages of the book, as tests/test_site.py lists them (PAGES).

    Copied rather than imported: tests/test_site.py imports pytest, PIL
    and the course's package at the top, and defines fixtures.
    """
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for c in toc["chapters"]]


# Runs in every page before its own scripts: observes layout shifts from
# the start, and sets window.__benchReady, a promise of the moment the page
# is readable (load, MathJax's initial typesetting if any, fonts).
INIT_SCRIPT = """(() => {
  if (window !== window.top) return;
  const bench = window.__bench = {shifts: [], mathjax: false};
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        bench.shifts.push({t: e.startTime, v: e.value,
                           input: e.hadRecentInput});
    }).observe({type: 'layout-shift', buffered: true});
  } catch (e) { bench.shiftsError = String(e); }
  window.__benchReady = new Promise(resolve => {
    window.addEventListener('load', async () => {
      bench.load = performance.now();
      const mj = window.MathJax;
      if (mj && mj.startup && mj.startup.promise) {
        bench.mathjax = true;
        try { await mj.startup.promise; }
        catch (e) { bench.mathError = String(e); }
        bench.math = performance.now();
      }
      // a layout first, so that every font the page uses has been asked
      // for; a font asked for later makes fonts.ready a new promise
      for (let i = 0; i < 10; i++) {
        document.body.getBoundingClientRect();
        await document.fonts.ready;
        document.body.getBoundingClientRect();
        if (document.fonts.status !== 'loading') break;
      }
      bench.fonts = performance.now();
      bench.readable = performance.now();
      resolve(bench.readable);
    }, {once: true});
  });
})();"""

WAIT_READY = """timeout => Promise.race([
  window.__benchReady,
  new Promise(r => setTimeout(() => r(null), timeout))])"""

# The layout shifts after first paint, without recent input, summed; and
# the page's milestones.
READ_AFTER = """() => {
  const b = window.__bench;
  const paint = performance.getEntriesByType('paint');
  const fp = paint.find(e => e.name === 'first-paint');
  const fcp = paint.find(e => e.name === 'first-contentful-paint');
  const after = fp ? fp.startTime : 0;
  const shifts = b.shifts.filter(s => !s.input && s.t >= after);
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    cls: shifts.reduce((a, s) => a + s.v, 0),
    shifts: shifts.length,
    first_paint_ms: fp ? fp.startTime : null,
    fcp_ms: fcp ? fcp.startTime : null,
    dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
    load_ms: b.load === undefined ? null : b.load,
    mathjax: b.mathjax,
    math_ms: b.math === undefined ? null : b.math,
    math_error: b.mathError || null,
    fonts_ms: b.fonts === undefined ? null : b.fonts,
    mjx_errors: document.querySelectorAll('mjx-merror').length,
  };
}"""


def measure(browser, url, rate, weigh):
    """One fresh phone context, one visit of `url` at CPU `rate`."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.add_init_script(INIT_SCRIPT)
        requests, responses = [], []
        page.on("request", lambda r: requests.append(r.url))
        if weigh:
            page.on("response", lambda r: responses.append(r))
        page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        readable = page.evaluate(WAIT_READY, TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_S * 1000)
        out = page.evaluate(READ_AFTER)
        out.update(rate=rate, readable_ms=readable, requests=len(requests),
                   load_average=os.getloadavg()[0])
        if weigh:
            total, unread = 0, 0
            for r in responses:
                try:
                    total += len(gzip.compress(r.body()))
                except Exception:     # a redirect, a 404 without a body...
                    unread += 1
            out.update(bytes_gzip=total, unread_bodies=unread)
        return out
    finally:
        context.close()


def parse_sites(specs):
    sites = {}
    for spec in specs or ["now=_build/html"]:
        label, sep, folder = spec.partition("=")
        if not sep:
            label, folder = Path(spec).name or spec, spec
        path = Path(folder)
        if not path.is_absolute():
            path = ROOT / path
        if label in sites:
            sys.exit(f"error: the label {label!r} is given twice")
        sites[label] = path
    return sites


def check_sites(sites, pages):
    for label, path in sites.items():
        if not path.is_dir():
            sys.exit(f"error: {label}={path}: no such folder (build the "
                     "site first: make site)")
        missing = [p for p in pages if not (path / f"{p}.html").is_file()]
        if missing:
            sys.exit(f"error: {label}={path} has no "
                     f"{', '.join(p + '.html' for p in missing)} "
                     "(not built yet, or being rebuilt?)")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def machine():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(          # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def summarise(results, sites, pages):
    """Medians per (site, page): the numbers the tables show."""
    summary = {}
    for label in sites:
        summary[label] = {}
        for p in pages:
            runs = results[label][p]
            full = [r for r in runs if r["rate"] == 1]
            row = {"bytes_gzip": median(r.get("bytes_gzip") for r in full),
                   "requests": median(r["requests"] for r in full),
                   "cls": median(r["cls"] for r in runs),
                   "failed_runs": sum(r["readable_ms"] is None
                                      for r in runs)}
            for rate in RATES:
                row[f"readable_ms_{rate}x"] = median(
                    r["readable_ms"] for r in runs if r["rate"] == rate)
            summary[label][p] = row
    return summary


def report(summary, sites, pages, runs):
    for label, path in sites.items():
        print(f"\n{label}: {path}  (median of {runs} run(s); "
              f"goal: readable in <= {GOAL_MS} ms at 4x)")
        rows = []
        for p in pages:
            s = summary[label][p]
            rows.append([p, fmt(s["bytes_gzip"] and s["bytes_gzip"] / 1000,
                                ".0f"),
                         fmt(s["requests"], ".0f"),
                         fmt(s["readable_ms_1x"], ".0f"),
                         fmt(s["readable_ms_4x"], ".0f"),
                         fmt(s["cls"], ".3f")])
        table(["page", "KB gzip", "requests", "readable ms 1x",
               "readable ms 4x", "CLS"], rows)
        over = [p for p in pages if summary[label][p]["readable_ms_4x"]
                is None or summary[label][p]["readable_ms_4x"] > GOAL_MS]
        print(f"over {GOAL_MS} ms at 4x: {len(over)} of {len(pages)} pages"
              + (f" ({', '.join(over)})" if over else ""))
    if len(sites) > 1:
        print(f"\nreadable ms at 4x (median of {runs} run(s))")
        labels = list(sites)
        first = labels[0]
        rows = []
        for p in pages:
            row = [p] + [fmt(summary[la][p]["readable_ms_4x"], ".0f")
                         for la in labels]
            a = summary[first][p]["readable_ms_4x"]
            b = summary[labels[-1]][p]["readable_ms_4x"]
            row.append(fmt(b / a if a and b is not None else None, ".2f"))
            rows.append(row)
        table(["page"] + labels + [f"{labels[-1]}/{first}"], rows)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="*", metavar="LABEL=SITE_DIR",
                    help="the sites to measure (default: now=_build/html)")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs per (page, site, rate); medians are reported "
                         "(default 3)")
    ap.add_argument("--json", nargs="?", const="bench/pages.json",
                    metavar="OUT", help="write every raw number to OUT "
                    "(default bench/pages.json)")
    ap.add_argument("--pages", nargs="+", metavar="PAGE",
                    help="only these pages (e.g. chapters/ch4_delta_recursion)")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM")
                    or shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    sites = parse_sites(args.sites)
    pages = toc_pages()
    if args.pages:
        unknown = set(args.pages) - set(pages)
        if unknown:
            ap.error(f"not in _toc.yml: {', '.join(sorted(unknown))}")
        pages = [p for p in pages if p in args.pages]
    check_sites(sites, pages)

    from playwright.sync_api import sync_playwright
    info = machine()
    if info["load_average_at_start"][0] > 1:
        print(f"note: load average {info['load_average_at_start'][0]:.2f} "
              "at start: if something else is running, the times will be "
              "longer (each run records the load average)", file=sys.stderr)
    results = {label: {p: [] for p in pages} for label in sites}
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        urls = {label: stack.enter_context(serve(path))
                for label, path in sites.items()}
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=args.chromium,
                                     args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        info["chromium"] = browser.version
        for i, p in enumerate(pages):
            for run in range(args.runs):
                for j, rate in enumerate(RATES):
                    # A B, then B A: each site goes first as often as the
                    # other, at each rate, over the runs and the pages
                    order = list(sites)
                    if (i + run + j) % 2:
                        order.reverse()
                    for label in order:
                        r = measure(browser, f"{urls[label]}/{p}.html",
                                    rate, weigh=rate == 1)
                        r["run"] = run
                        results[label][p].append(r)
                        print(f"  {label:>8} {p:<32} {rate}x run {run + 1}: "
                              f"{fmt(r['readable_ms'], '.0f')} ms",
                              file=sys.stderr, flush=True)
    info["load_average_at_end"] = os.getloadavg()
    info["seconds"] = round(time.monotonic() - started, 1)

    summary = summarise(results, sites, pages)
    report(summary, sites, pages, args.runs)
    failed = {(la, p) for la in sites for p in pages
              if summary[la][p]["failed_runs"]}
    if failed:
        print(f"\nnot readable within {TIMEOUT_MS} ms in some runs: "
              + ", ".join(f"{la}:{p}" for la, p in sorted(failed)))
    if args.json:
        out = Path(args.json)
        if not out.is_absolute():
            out = ROOT / out
        out.write_text(json.dumps({
            "what": "time to readable math per page, on a phone-sized "
                    "context; see bench/pages.py",
            "machine": info, "runs": args.runs, "rates": list(RATES),
            "goal_ms_at_4x": GOAL_MS, "settle_s": SETTLE_S,
            "sites": {la: str(path) for la, path in sites.items()},
            "pages": pages, "summary": summary, "raw": results,
        }, indent=1) + "\n")
        print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
