"""Each browser explorer's update time on the built site (issue 16: ``make bench``).

For every kernel-free explorer of the site (a browser twin, ``div.commlib-bx``), in Chromium
against the built site (``make book`` first): change its controls as a reader would (the next
option of a list or of a set of buttons, a tick, a slider's step, a number box's starting value
times a random factor between 0.5 and 2, whole if it starts whole), a few dozen times, and time
each change from the input (the control's ``change`` event) to the redrawn result (the
runtime's ``commlib-bx-updated`` event, then the page's layout forced, so the new result is
measured and placed; painting follows in the next frame). A change that needs a part of the
explorer's data not yet loaded (a year of the places explorer) waits for the network: it is
counted apart (``loads``) and not timed. Figures: p50 and p95 per explorer, in ms, against
issue 20's target of one frame (16 ms), and the slowest explorer's p95.

Usage: ``python benchmarks/explorers.py [--changes N] [--only NAME ...] [--json PATH]``; prints a
table, then one JSON line per figure (``entry`` as in ``benchmarks/run.py``), and writes the
figures to ``_build/bench_explorers.json``. :func:`bench_explorers` returns the same entries
for ``benchmarks/run.py``. No figure here is a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import statistics
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = Path(os.environ.get("SITE_DIR") or BUILD / "html")  # the built site, as in tests/site
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Issue 20's target for an explorer's update: one frame.
EXPLORER_UPDATE_TARGET_MS = 16
#: Changes per explorer (the brief: "a few dozen").
CHANGES = 36
#: Seed of the random factors, so that two runs make the same changes.
SEED = 20261202


def entry(name: str, value: float, unit: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, **extra}


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile used in ``benchmarks/run.py`` (p95: ``share=0.95``)."""
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def explorer_pages() -> list[str]:
    """Pages of the built site with at least one browser twin, relative to its root."""
    if not (SITE / "index.html").is_file():
        raise SystemExit(f"No built site in {SITE}: run `make book` first")
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.split("/")[0] in ("_static", "_sources", "_images", "_downloads"):
            continue
        if 'class="commlib-bx"' in path.read_text(encoding="utf-8"):
            pages.append(rel)
    return pages


#: Start every explorer of the page, then time ``changes`` changes of each, as described in
#: the module docstring. Returns [{name, times: [ms], loads, refused, errors}].
TIME_EXPLORERS_JS = """async ({changes, seed, only}) => {
  let state = seed >>> 0;
  const random = () => {  // mulberry32: the same changes on every run
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bx = window.commlibBx;
  if (!bx) return [];
  await bx.startAll();
  await bx.settled();
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const report = [];
  for (const explorer of bx.explorers) {
    const name = explorer.spec.name;
    if (only.length && !only.includes(name)) continue;
    const usable = explorer.controls.filter((c) =>
      !(c.spec.kind === "select" && c.spec.options.length < 2));
    const times = [];
    let loads = 0, refused = 0, errors = 0;
    for (let n = 0; n < changes && usable.length; n += 1) {
      const control = usable[n % usable.length], spec = control.spec, el = control.element;
      let target = el;
      if (spec.kind === "select") {
        el.value = String((Number(el.value) + 1) % spec.options.length);
      } else if (spec.kind === "radio") {
        const inputs = el.querySelectorAll("input");
        const now = Array.from(inputs).findIndex((i) => i.checked);
        target = inputs[(now + 1) % inputs.length];
        target.checked = true;
      } else if (spec.kind === "checkbox") {
        el.checked = !el.checked;
      } else if (spec.kind === "range") {
        const steps = Math.round((spec.max - spec.min) / spec.step);
        el.value = String(spec.min + Math.floor(random() * (steps + 1)) * spec.step);
      } else if (spec.kind === "number") {
        const start = Number(spec.value) || 1;
        const scaled = start * (0.5 + 1.5 * random());  // whole starts stay whole
        el.value = String(Number.isInteger(start) ? Math.max(1, Math.round(scaled))
                                                  : Math.round(scaled * 1e4) / 1e4);
      } else {
        el.value = String(spec.value);  // a text box: its starting text, typed again
      }
      let updated = null;
      const listen = (event) => { updated = {at: performance.now(), ok: event.detail.ok}; };
      explorer.root.addEventListener("commlib-bx-updated", listen, {once: true});
      const started = performance.now();
      target.dispatchEvent(new Event("change", {bubbles: true}));
      void explorer.root.offsetHeight;  // force style and layout of the new result
      const laidOut = performance.now();
      if (updated === null) {
        explorer.root.removeEventListener("commlib-bx-updated", listen);
        if (explorer.pending) { loads += 1; await explorer.pending; } else { errors += 1; }
      } else {
        times.push(laidOut - started);
        if (!updated.ok) refused += 1;
      }
      await frame();
    }
    report.push({name, times, loads, refused, errors});
  }
  return report;
}"""


@functools.cache
def _quiet_handler() -> type:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
            pass

    return Quiet


def measure(changes: int = CHANGES, only: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Explorer name -> {page, times (ms), loads, refused, errors}, from Chromium."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_quiet_handler(), directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for rel in explorer_pages():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(base + rel, wait_until="load")
                page.wait_for_function("() => window.commlibBx && window.commlibBx.runtime",
                                       timeout=30_000)
                for item in page.evaluate(TIME_EXPLORERS_JS,
                                          {"changes": changes, "seed": SEED,
                                           "only": list(only or [])}):
                    if item["name"] not in found:  # an explorer shown twice: its first page
                        found[item["name"]] = {"page": rel, **item}
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def bench_explorers(changes: int = CHANGES, only: list[str] | None = None
                    ) -> list[dict[str, Any]]:
    """Entries as ``benchmarks/run.py`` writes them: one per explorer (its p95, with its p50),
    and first ``explorer_twin_update_ms_p95``, the slowest explorer's p95."""
    target = f"<= {EXPLORER_UPDATE_TARGET_MS} ms, one frame (input to redrawn result)"
    results = []
    for name, item in sorted(measure(changes, only).items()):
        times = item["times"]
        if not times:
            results.append({"name": f"explorer_update_ms_p95[{name}]", "value": None,
                            "unit": "ms", "target": target, "page": item["page"], "changes": 0,
                            "loads": item["loads"], "errors": item["errors"]})
            continue
        results.append(entry(
            f"explorer_update_ms_p95[{name}]", percentile(times, 0.95), "ms", target,
            p50=round(statistics.median(times), 3), min=round(min(times), 3),
            max=round(max(times), 3), changes=len(times), refused=item["refused"],
            loads=item["loads"], errors=item["errors"], page=item["page"]))
    timed = [r for r in results if r.get("changes")]
    if timed:
        worst = max(timed, key=lambda r: r["value"])
        results.insert(0, entry("explorer_twin_update_ms_p95", worst["value"], "ms",
                                f"{target}, every explorer", worst=worst["name"],
                                explorers=len(timed)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=CHANGES, help="changes per explorer")
    parser.add_argument("--only", nargs="*", default=[], help="only these explorers (names)")
    parser.add_argument("--json", default=str(BUILD / "bench_explorers.json"),
                        help="where to write the figures")
    args = parser.parse_args(argv)
    results = bench_explorers(args.changes, args.only)
    if not results:
        print("no browser explorer found on the site", file=sys.stderr)
        return 1
    width = max(len(r["name"]) for r in results)
    print(f"{'figure':<{width}}  {'p95':>8}  {'p50':>8}  changes  target")
    for r in results:
        p50 = f"{r['p50']:8.2f}" if "p50" in r else f"{'':>8}"
        value = f"{r['value']:8.2f}" if r["value"] is not None else f"{'(none)':>8}"
        print(f"{r['name']:<{width}}  {value}  {p50}  {r.get('changes', ''):>7}  "
              f"{r['target']}")
    for r in results:
        print(json.dumps(r))
    report = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}, {platform.platform(terse=True)}",
        "figures": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
