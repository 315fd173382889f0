"""Write the latest benchmark figures (``_build/bench.json``) into the README.

Replaces the block between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` with a table of
the headline figures, their targets, and the date and machine they were taken on; and the block
between ``<!-- room-bench:start -->`` and ``<!-- room-bench:end -->`` (the section on running a
room of learners) with the room benchmark's figures. A block is filled only when the report
has its figures. Run it after
``make bench`` (``make bench-readme``) and commit the README.

Usage: ``python benchmarks/to_readme.py [--bench _build/bench.json] [--readme README.md]``
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
#: The room benchmark's block, in the README's section on running a room of learners.
ROOM_START, ROOM_END = "<!-- room-bench:start -->", "<!-- room-bench:end -->"
#: Figures shown in the README, in this order, with what each measures.
HEADLINE = {
    "book_build_s": "`make book` from a clean `_build` (outputs stored, execution off)",
    "notebooks_execute_s": "executing every notebook (`make notebooks`)",
    "nbval_s": "the nbval run alone",
    "widget_update_ms_p95": "slowest live widget: 95th percentile from a change to its new output",
    "model_call_ms_max": "slowest single model call behind a widget (median)",
    "place_allocation_ms": "place-based allocation, every practice and component, one year",
    "page_bytes_gz_max": "heaviest page, everything it loads, gzip-compressed",
    "page_bytes_gz_min": "lightest page, everything it loads, gzip-compressed",
    "page_bytes_gz_no_figure_max": "heaviest page with no figures, everything it loads, gzip",
    "first_plot_ms_p50": "navigation to the first figure drawn, chapter pages (median)",
    "explorer_update_ms_p95": "plotly step explorers: 95th percentile from input to redrawn figure",
    "explorer_twin_update_ms_p95": "kernel-free explorers (browser twins), the slowest: 95th "
                                   "percentile from input to redrawn result",
}
#: ``benchmarks/explorers.py``'s figures, merged into the table when present.
EXPLORERS_JSON = ROOT / "_build" / "bench_explorers.json"


def _value(figure: dict) -> str:
    value, unit = figure["value"], figure["unit"]
    if unit == "bytes":
        return f"{value / 1_048_576:.2f} MB"
    if unit == "s":
        text = f"{value:.1f} s"
    else:
        text = f"{value:,.1f} {unit}"
    if "min" in figure and "max" in figure and figure.get("runs", 1) > 1:
        low, high = figure["min"], figure["max"]
        text += f" ({low:,.1f} to {high:,.1f}, {figure['runs']} runs)"
    return text


def _target(figure: dict) -> str:
    target = figure["target"]
    filed = re.search(r"\(at filing [^)]*\)", target)
    if figure["unit"] == "bytes" and target.startswith("<"):
        if "target_bytes" in figure:
            text = f"<= {figure['target_bytes'] / 1_048_576:.2g} MB"
            return f"{text} {filed.group(0)}" if filed else text
        if "(" in target:  # "< 2,621,440 (2.5 MB) gzip" -> "< 2.5 MB"
            return "< " + target[target.index("(") + 1:target.index(")")]
    return "reported" if target.startswith("(") else target


def table(report: dict) -> str:
    figures = {f["name"]: f for f in report["figures"]}
    rows = ["| figure | what it measures | value | target |", "|---|---|---|---|"]
    for name, meaning in HEADLINE.items():
        if name not in figures:
            continue
        figure = figures[name]
        detail = figure.get("worst") or figure.get("page")
        if detail and "[" in detail:
            detail = detail[detail.index("[") + 1:].rstrip("]")  # "name[what]" -> "what"

        what = f"{meaning} ({detail})" if detail else meaning
        rows.append(f"| `{name}` | {what} | {_value(figure)} | {_target(figure)} |")
    return (
        f"Latest figures, taken on {report['date']} on {report['machine']} "
        f"(`make bench`; every figure, each widget's included, is in `_build/bench.json`):\n\n"
        + "\n".join(rows)
    )


def _seconds(value) -> str:
    return "none" if value is None else f"{value:,.1f} s"


def room_table(report: dict) -> str:
    """The room benchmark (benchmarks/room.py): one row per room size, or "" if not run."""
    rooms = {}
    for figure in report["figures"]:
        if figure["name"].startswith("room_") and "sessions" in figure:
            rooms[figure["sessions"]] = figure
    if not rooms:
        return ""
    rows = ["| sessions at once | first usable control, median (slowest) | update under load, "
            "median (slowest) | memory per kernel | failures | goal (issue 18) |",
            "|---|---|---|---|---|---|"]
    for size, m in sorted(rooms.items()):
        goal = f"all within {m['goal_s']} s" if m.get("goal_s") else "reported"
        rows.append(
            f"| {size} | {_seconds(m['ready_s_p50'])} ({_seconds(m['ready_s_max'])}) | "
            f"{_seconds(m['update_s_p50'])} ({_seconds(m['update_s_max'])}) | "
            f"{m['kernel_rss_mb_mean'] or 0:,.0f} MB ({m['kernels']} kernels) | "
            f"{m['failures']} of {size} | {goal} |")
    pool = max(m["pool"] for m in rooms.values())
    return ("The room benchmark (`benchmarks/room.py`): the app as `make app` starts it, "
            f"with its pool of {pool} pre-heated kernels full, then that many Chromium "
            "sessions opened at once; memory is each kernel's resident set size, with the "
            "pool Voila refills:\n\n" + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT / "_build" / "bench.json")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    report = json.loads(args.bench.read_text(encoding="utf-8"))
    if EXPLORERS_JSON.exists() and args.bench == ROOT / "_build" / "bench.json":
        names = {f["name"] for f in report["figures"]}
        extra = json.loads(EXPLORERS_JSON.read_text(encoding="utf-8"))["figures"]
        report["figures"] += [f for f in extra if f["name"] not in names]
    readme = args.readme.read_text(encoding="utf-8")
    # Each block is filled only from a report that has its figures, so that
    # `run.py --only room` updates the room block and leaves the others as they were.
    blocks = []
    if any(not f["name"].startswith("room_") for f in report["figures"]):
        blocks.append((START, END, table(report)))
    if room_table(report):
        taken = f"Taken on {report['date']} on {report['machine']}. "
        blocks.append((ROOM_START, ROOM_END, taken + room_table(report)))
    for start, end, text in blocks:
        if start not in readme or end not in readme:
            raise SystemExit(f"{args.readme} has no {start} ... {end} block to fill")
        readme = re.sub(re.escape(start) + r".*?" + re.escape(end),
                        lambda _, b=f"{start}\n{text}\n{end}": b, readme, flags=re.S)
    args.readme.write_text(readme, encoding="utf-8")
    print(f"wrote the figures of {report['date']} into {args.readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
