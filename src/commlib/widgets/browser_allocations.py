"""Browser twins of the allocation explorers (see :mod:`commlib.widgets.browser`).

``icb_fair_share``: the site version of :func:`commlib.widgets.allocations.icb_allocation_widget`.
What depends only on the ICB and the year (need indices, the bar chart, the population, or
the sentence saying the ICB has no figures that year) is rendered here by the live widget's
own functions for every pair; what depends on the national sum the reader types (the fair
share to the penny, by largest remainder over every ICB of the year) is computed in the
browser by ``explorers/icb-fair-share.js`` from each ICB's core weighted population and the
year's total as numpy sums it.
"""

from __future__ import annotations

from typing import Any

from commlib import fmt, places, plots
from commlib.widgets import allocations as alw
from commlib.widgets.browser import Parts, twin

__all__ = ["icb_fair_share_data", "places_data"]


@twin("icb-fair-share", live=alw.icb_allocation_widget)
def icb_fair_share_data() -> dict[str, Any]:
    """Per year, every ICB's core weighted population; per (ICB, year), what the page shows."""
    years: dict[str, Any] = {}
    for year in alw.ICB_YEARS:
        rows = alw.icb_year(year)
        weights = rows["wp_core"].to_numpy(dtype=float)
        years[year] = {"codes": list(rows.index), "wp_core": weights.tolist(),
                       "weight_sum": float(weights.sum())}
    cells: dict[str, Any] = {}
    for code in alw.icb_names():
        for year in alw.ICB_YEARS:
            key = f"{code}|{year}"
            try:
                alw._check_icb_in_year(code, year)
            except ValueError as error:
                cells[key] = {"error": str(error)}
                continue
            need = alw.icb_need_table(year)
            name = alw.icb_names()[code]
            bars = plots.svg_bars(
                {alw.COMPONENT_LABELS[c]: float(need.at[code, c]) for c in alw.COMPONENT_LABELS},
                title=f"Need index by component, {name}, {year}",
                value_label="Need index (England = 1)", value_format=fmt.index,
                reference=1.0, reference_label="England = 1",
            )
            population = float(need.at[code, "population"])
            cells[key] = {"name": name, "population": population,
                          "population_text": fmt.people(population),
                          "icb_count_text": fmt.count(len(need)),
                          "need_core_text": fmt.index(float(need.at[code, "wp_core"])),
                          "bars": bars}
    refusals = {}
    for case, amount in (("zero", 0.0), ("huge", alw.NATIONAL_SUM_MAX_M * 2), ("tiny", 1e-12)):
        try:
            alw._check_national_sum_m(amount)
        except ValueError as error:
            refusals[case] = str(error)
    return {"years": years, "cells": cells, "national_sum_max_m": alw.NATIONAL_SUM_MAX_M,
            "refusals": refusals}



# ---------------------------------------------------------------------------
# Places inside an ICB: the site twin of allocations.place_allocation_widget
# ---------------------------------------------------------------------------

def _year_key(year: str) -> str:
    return year.replace("/", "-")


def _place_part(year: str) -> dict[str, Any]:
    """Every ICB x grouping of ``year``: its places' sums, as :func:`commlib.places.place_need`
    computes them (one call of the same grouping for every component), or the sentence that
    refuses it."""
    components = list(alw.COMPONENT_LABELS)
    part: dict[str, Any] = {}
    for code in places.icbs(year)["icb_code"]:
        rows = places.practices(year, code)
        source_icb_name = str(rows["icb_name"].iloc[0])
        for by in alw.PLACE_GROUPINGS:
            key = f"{code}|{by}"
            try:
                sums = places._sums(rows, by, ["population", *components])
            except ValueError as error:
                part[key] = {"error": str(error)}
                continue
            population = sums["population"].to_numpy(dtype=float)
            part[key] = {
                "places": [alw._place_label(str(p), source_icb_name) for p in sums.index],
                "practices_text": [fmt.count(n) for n in sums["practices"]],
                "population": population.tolist(),
                "population_text": [fmt.people(p) for p in population],
                "population_total": float(population.sum()),
                "total_practices_text": fmt.count(int(sums["practices"].sum())),
                "total_population_text": fmt.people(float(population.sum())),
                "weighted": {c: sums[c].to_numpy(dtype=float).tolist() for c in components},
                "weighted_total": {c: float(sums[c].to_numpy(dtype=float).sum())
                                   for c in components},
            }
    return part


@twin("places", live=alw.place_allocation_widget)
def places_data() -> Parts:
    """What the places twin needs: per year, each ICB's places and their sums (a part per
    year, loaded when the reader picks it); England's totals; the refusals, word for word."""
    main: dict[str, Any] = {
        "icb_names": dict(alw.icb_names()),
        "england": {year: {k: float(v) for k, v in places.england_totals(year).items()}
                    for year in places.years()},
        "component_labels": {c: label.lower() for c, label in alw.COMPONENT_LABELS.items()},
        "component_order": list(alw.COMPONENT_LABELS),
        "component_titles": list(alw.COMPONENT_LABELS.values()),
        "phrases": dict(alw._GROUPING_PHRASE),
        "amount_max_m": alw.PLACE_AMOUNT_MAX_M,
        "colours": {"text": plots.TEXT_COLOUR, "blue": plots.PALETTE["blue"],
                    "vermillion": plots.PALETTE["vermillion"], "black": plots.PALETTE["black"]},
        "icb_year_errors": {},
        "refusals": {},
        "year_keys": {year: _year_key(year) for year in places.years()},
    }
    for code in alw.icb_names():
        for year in places.years():
            try:
                alw._check_icb_in_year(code, year)
            except ValueError as error:
                main["icb_year_errors"][f"{code}|{year}"] = str(error)
    for case, amount in (("zero", 0.0), ("huge", alw.PLACE_AMOUNT_MAX_M * 2), ("tiny", 1e-12)):
        try:
            alw._check_place_amount_m(amount)
        except ValueError as error:
            main["refusals"][case] = str(error)
    return Parts(main=main, parts={_year_key(y): _place_part(y) for y in places.years()})
