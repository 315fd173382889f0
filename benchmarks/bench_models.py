"""Time the model calls readers wait for: widgets and the place-based allocation.

A script, not a test: it prints a table of median times (with the spread over runs) against
their targets, and with ``--json PATH`` writes one entry per figure:
``{"name", "value", "unit", "target", "min", "max", "runs"}``.

- Place-based allocation over every practice and every component for one year: < 50 ms.
- Each model call a widget makes on a change of control: < 5 ms.

Tables are loaded once before timing (``commlib.data`` caches them); the cold load is
reported separately, without a target.

Usage: ``python benchmarks/bench_models.py [--runs N] [--json PATH]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from commlib import allocation, contracts, data, places, primary_care, priorities, savings

YEAR = "2024/25"
ICB = "QHM"  # NHS North East and North Cumbria ICB
WIDGET_TARGET_MS = 5.0
PLACES_TARGET_MS = 50.0
#: The case behind ``place_allocation_ms`` in ``run.py`` (its own figure there).
PLACE_ALLOCATION = "places.place_allocation_all_components (every practice x 8 components)"


def measure(call: Callable[[], object], runs: int) -> list[float]:
    """Times of ``runs`` calls in milliseconds, after one untimed warm-up call."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000.0)
    return times


def cases() -> list[tuple[str, Callable[[], object], float | None]]:
    """(name, call, target in ms) for every figure."""
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == YEAR].set_index("icb_code")
    icb_practices = places.practices(YEAR, ICB)
    price = 1_500.0
    target = allocation.target_allocation(icb["wp_core"], price)
    current = target * (1 + np.linspace(-0.08, 0.08, len(target)))
    current = current.round(2)
    targets_by_year = pd.DataFrame({y: target * (1.04 ** i) for i, y in
                                    enumerate(["2025/26", "2026/27", "2027/28", "2028/29"],
                                              start=1)})
    totals_by_year = pd.Series((current.sum() * 1.04 ** np.arange(1, 5)).round(2),
                               index=targets_by_year.columns)
    grid = np.linspace(0, 2_000, 61)
    gain = {k: v for k, v in savings.ILLUSTRATIVE_EXAMPLE.items() if k != "note"}

    out: list[tuple[str, Callable[[], object], float | None]] = [
        (PLACE_ALLOCATION, lambda: places.place_allocation_all_components(YEAR),
         PLACES_TARGET_MS),
        ("places.place_allocation_all_components (one ICB, by local authority)",
         lambda: places.place_allocation_all_components(YEAR, ICB, by="la"), PLACES_TARGET_MS),
        ("places.practices (one ICB)", lambda: places.practices(YEAR, ICB), WIDGET_TARGET_MS),
        ("places.place_need (one ICB, by local authority)",
         lambda: places.place_need(icb_practices, "la"), WIDGET_TARGET_MS),
        ("places.place_allocation (one ICB, by local authority)",
         lambda: places.place_allocation(icb_practices, "la", 4_000_000_000), WIDGET_TARGET_MS),
        ("allocation.need_index (42 ICBs)",
         lambda: allocation.need_index(icb["population"], icb["wp_core"]), WIDGET_TARGET_MS),
        ("allocation.weighted_capitation (42 ICBs)",
         lambda: allocation.weighted_capitation(110_000_000_000, icb["wp_core"]),
         WIDGET_TARGET_MS),
        ("allocation.distance_from_target (42 ICBs)",
         lambda: allocation.distance_from_target(current, target), WIDGET_TARGET_MS),
        ("allocation.pace_of_change (42 ICBs)",
         lambda: allocation.pace_of_change(current, target, round(current.sum() * 1.04, 2),
                                           min_growth=0.02, max_below_target=0.05,
                                           cap_above_target=0.10), WIDGET_TARGET_MS),
        ("allocation.pace_of_change_path (42 ICBs, 4 years)",
         lambda: allocation.pace_of_change_path(current, targets_by_year, totals_by_year,
                                                min_growth=0.02, cap_above_target=0.10),
         WIDGET_TARGET_MS * 4),
    ]
    for name in contracts.CONTRACT_TYPES:
        out.append((f"contracts: {name} payment over a 61-point activity grid",
                    lambda name=name: contracts.contract_payment(name, 1_000, 2_000.0, grid),
                    WIDGET_TARGET_MS))
        out.append((f"contracts.risk_split ({name})",
                    lambda name=name: contracts.risk_split(name, 1_000, 2_000.0, 1_100),
                    WIDGET_TARGET_MS))
        out.append((f"contracts.risk_profile ({name}, 201 points)",
                    lambda name=name: contracts.risk_profile(name, 1_000, 2_000.0),
                    WIDGET_TARGET_MS))
    out += [
        ("primary_care.contract_values", lambda: primary_care.contract_values(YEAR),
         WIDGET_TARGET_MS),
        ("primary_care.practice_income",
         lambda: primary_care.practice_income(YEAR, registered_patients=9_964,
                                              carr_hill_weighting=1.05, qof_points=550,
                                              enhanced_services=60_000), WIDGET_TARGET_MS),
        ("primary_care.payment_summary (4 years of practices)",
         lambda: primary_care.payment_summary(data.load("gp_payments_practices")), None),
        ("savings.gain_share", lambda: savings.gain_share(**gain), WIDGET_TARGET_MS),
        ("savings.compare_with_pass_through",
         lambda: savings.compare_with_pass_through(**gain), WIDGET_TARGET_MS),
        ("priorities.rank_options (seed options)",
         lambda: priorities.rank_options(priorities.SEED_OPTIONS, priorities.SEED_BUDGET),
         WIDGET_TARGET_MS),
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="timed runs per figure")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)

    data.clear_cache()
    started = time.perf_counter()
    for table in ("allocation_practices", "allocation_icb", "gp_contract_values",
                  "gp_payments_practices"):
        data.load(table)
    cold_ms = (time.perf_counter() - started) * 1000.0

    entries = [{"name": "data.load of the model tables (cold, once)", "value": round(cold_ms, 3),
                "unit": "ms", "target": None, "min": round(cold_ms, 3),
                "max": round(cold_ms, 3), "runs": 1}]
    for name, call, target in cases():
        times = measure(call, args.runs)
        entries.append({
            "name": name, "value": round(statistics.median(times), 3), "unit": "ms",
            "target": f"< {target:g} ms" if target is not None else None,
            "min": round(min(times), 3), "max": round(max(times), 3), "runs": len(times),
        })

    width = max(len(e["name"]) for e in entries)
    print(f"{'figure':<{width}}  {'median ms':>9}  {'min-max ms':>15}  {'target':>9}  ok")
    slow = 0
    for e in entries:
        limit = float(e["target"].split()[1]) if e["target"] else None
        ok = "" if limit is None else ("yes" if e["value"] < limit else "NO")
        slow += ok == "NO"
        spread = f"{e['min']:.2f}-{e['max']:.2f}"
        print(f"{e['name']:<{width}}  {e['value']:>9.2f}  {spread:>15}  "
              f"{e['target'] or '-':>9}  {ok}")
    print(f"\n{len(entries)} figures, {slow} over target (median of {args.runs} runs each).")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
