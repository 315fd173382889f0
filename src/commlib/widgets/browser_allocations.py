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

from commlib import fmt, plots
from commlib.widgets import allocations as alw
from commlib.widgets.browser import twin

__all__ = ["icb_fair_share_data"]


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

