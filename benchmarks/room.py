"""A room of learners on one machine: N sessions of the funding explorer app at once.

For each room size N (1, 10 and 30 by default) this starts the app as ``make app`` starts it
(Voila with ``notebooks/voila/voila.json``: pre-heated kernels, idle kernels culled), waits
until Voila reports its pool of pre-heated kernels full (a trainer starts the app before the
room arrives), then opens N sessions at once in Debian's Chromium and measures, per session:

- the time from opening the address to the first usable control (the first explorer's
  "National sum to share (£m)" box visible and enabled, and its headline drawn);
- the update time under load: with every session open, each types a new national sum at the
  same moment and waits for its headline to show it;
- failures: a session with no usable control or no update within the timeout, or a page error.

Memory is the resident set size (psutil) of Voila's kernels once the room has worked, per kernel
(one per session, plus the pool Voila refills). Voila is stopped, by its own process id, after
each room. The figures are printed; nothing here is a test.

Usage: ``python benchmarks/room.py [--sizes 1 10 30] [--pool N] [--json PATH]``
(``benchmarks/run.py --only room`` runs it inside ``make bench``.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "funding_explorer.ipynb"
VOILA = Path(sys.executable).parent / "voila"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: The flags of `make app` (mk/trainers.mk); tests/test_app.py checks the recipe has them.
VOILA_FLAGS = [
    "--no-browser", "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light",
    "--template=commlib", "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
    "--Voila.config_file_paths=notebooks/voila",
]
SIZES = (1, 10, 30)
#: Issue 18's goal on this machine: every learner working within this many seconds.
GOAL_S = {10: 15, 30: 30}
POOL_FULL = "is filled with"
POOL_TIMEOUT_S = 600
SESSION_TIMEOUT_MS = 240_000
LABEL = "National sum to share (£m)"
MB = 1_048_576


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(port: int, pool: int | None, log: Path) -> subprocess.Popen:
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "notebooks"), "PYTHONHASHSEED": "0"}
    extra = [f"--pool_size={pool}"] if pool is not None else []
    with log.open("w") as out:
        return subprocess.Popen([str(VOILA), str(NOTEBOOK), f"--port={port}", *VOILA_FLAGS,
                                 *extra], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def wait_for_pool(server: subprocess.Popen, log: Path) -> float:
    """Seconds from start until Voila logs its pool of pre-heated kernels full."""
    started = time.monotonic()
    while POOL_FULL not in log.read_text(errors="replace"):
        if server.poll() is not None:
            raise SystemExit(f"Voila stopped:\n{log.read_text()[-2000:]}")
        if time.monotonic() - started > POOL_TIMEOUT_S:
            raise SystemExit(f"Voila's pool was not full within {POOL_TIMEOUT_S} s")
        time.sleep(0.5)
    return time.monotonic() - started


def stop_app(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def kernels_rss(server: subprocess.Popen) -> list[int]:
    """Resident set size (bytes) of each kernel Voila runs (its child processes)."""
    sizes = []
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                sizes.append(child.memory_info().rss)
        except psutil.Error:
            continue
    return sizes


async def session(browser: Any, url: str, index: int, barrier: asyncio.Event,
                  ready: list[int]) -> dict[str, Any]:
    """One learner: open the app, wait for the first usable control, then change it."""
    from playwright.async_api import expect

    result: dict[str, Any] = {"ready_s": None, "update_s": None, "error": None}
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        started = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=SESSION_TIMEOUT_MS)
        box = page.locator(".commlib-explorer").first
        field = box.get_by_label(LABEL, exact=True)
        await expect(field).to_be_enabled(timeout=SESSION_TIMEOUT_MS)
        await box.locator(".commlib-headline").first.wait_for(timeout=SESSION_TIMEOUT_MS)
        result["ready_s"] = time.perf_counter() - started
    except Exception as err:  # noqa: BLE001 - a session that never works is a failure
        result["error"] = f"no usable control: {type(err).__name__}"
    ready[0] += 1
    await barrier.wait()  # every session changes its box at the same moment
    if result["error"] is None:
        value = 80_000 + index
        try:
            started = time.perf_counter()
            await field.fill(str(value))
            await field.press("Enter")
            await expect(box.locator(".commlib-headline").first).to_contain_text(
                f"of £{value:,.1f}m", timeout=SESSION_TIMEOUT_MS)
            result["update_s"] = time.perf_counter() - started
        except Exception as err:  # noqa: BLE001
            result["error"] = f"no update: {type(err).__name__}"
    if errors and result["error"] is None:
        result["error"] = f"page error: {errors[0][:120]}"
    result["context"] = context
    return result


async def room(url: str, size: int) -> list[dict[str, Any]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        barrier, ready = asyncio.Event(), [0]

        async def release() -> None:
            while ready[0] < size:
                await asyncio.sleep(0.2)
            barrier.set()

        results = (await asyncio.gather(
            release(), *(session(browser, url, i, barrier, ready) for i in range(size))))[1:]
        for r in results:
            await r.pop("context").close()
        await browser.close()
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def measure(size: int, pool: int | None) -> dict[str, Any]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "voila.log"
        server = start_app(port, pool, log)
        try:
            pool_s = wait_for_pool(server, log)
            pool_kernels = len(kernels_rss(server))
            results = asyncio.run(room(f"http://127.0.0.1:{port}/", size))
            rss = kernels_rss(server)
        finally:
            stop_app(server)
    ready = [r["ready_s"] for r in results if r["ready_s"] is not None]
    updates = [r["update_s"] for r in results if r["update_s"] is not None]
    failures = [r["error"] for r in results if r["error"]]
    return {
        "sessions": size, "pool": pool_kernels, "pool_fill_s": round(pool_s, 1),
        "ready_s_p50": round(statistics.median(ready), 2) if ready else None,
        "ready_s_max": round(max(ready), 2) if ready else None,
        "update_s_p50": round(statistics.median(updates), 2) if updates else None,
        "update_s_max": round(max(updates), 2) if updates else None,
        "kernels": len(rss), "kernel_rss_mb_mean": round(statistics.mean(rss) / MB, 1)
        if rss else None, "kernels_rss_mb_total": round(sum(rss) / MB, 1),
        "failures": len(failures), "failure_kinds": sorted(set(failures)),
        "goal_s": GOAL_S.get(size),
    }


def bench_room(sizes: tuple[int, ...] = SIZES, pool: int | None = None) -> list[dict[str, Any]]:
    """``make bench``'s room figures (entries shaped as benchmarks/run.py's)."""
    entries = []
    for size in sizes:
        print(f"... room of {size}", file=sys.stderr, flush=True)
        m = measure(size, pool)
        print(f"    {json.dumps(m)}", file=sys.stderr, flush=True)
        entries.extend(room_entries(m))
    return entries


def room_entries(m: dict[str, Any]) -> list[dict[str, Any]]:
    """One room's measurement as ``benchmarks/run.py`` entries (name, value, unit, target)."""
    entries = []
    size = m["sessions"]
    goal = (f"all within {m['goal_s']} s (issue 18)" if m["goal_s"] else "(reported)")
    for name, key in (("ready_s_p50", "ready_s_p50"), ("ready_s_max", "ready_s_max"),
                      ("update_s_p50", "update_s_p50"), ("update_s_max", "update_s_max")):
        value = m[key] if m[key] is not None else float("nan")
        target = goal if name == "ready_s_max" else "(reported)"
        entries.append({"name": f"room_{name}[{size}]", "value": value, "unit": "s",
                        "target": target, **m})
    entries.append({"name": f"room_kernel_rss_mb[{size}]",
                    "value": m["kernel_rss_mb_mean"] or float("nan"), "unit": "MB",
                    "target": "(reported)", **m})
    entries.append({"name": f"room_failures[{size}]", "value": m["failures"],
                    "unit": "", "target": "0", **m})
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--pool", type=int, default=None,
                        help="pre-heated kernels (default: notebooks/voila/voila.json)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    rooms = []
    for size in args.sizes:
        print(f"... room of {size}", file=sys.stderr, flush=True)
        rooms.append(measure(size, args.pool))
        print(f"    {json.dumps(rooms[-1])}", file=sys.stderr, flush=True)
    print(f"{'sessions':>8} {'pool':>5} {'ready p50':>10} {'ready max':>10} {'update p50':>11} "
          f"{'update max':>11} {'MB/kernel':>10} {'kernels':>8} {'failures':>9}")
    for m in rooms:
        print(f"{m['sessions']:>8} {m['pool']:>5} {m['ready_s_p50']!s:>10} "
              f"{m['ready_s_max']!s:>10} {m['update_s_p50']!s:>11} {m['update_s_max']!s:>11} "
              f"{m['kernel_rss_mb_mean']!s:>10} {m['kernels']:>8} {m['failures']:>9}")
    if args.json:
        args.json.write_text(json.dumps(rooms, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
