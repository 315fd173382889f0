"""Money over three years: need by ICB across the planning years, and what convergence means.

The Medium Term Planning Framework (NHS England, 24 October 2025) set ICB allocations for
several years at once, 2026/27 to 2028/29, moving each ICB towards its target share ("fair
share") while deficit support is withdrawn. Two things move an ICB's position:

1. **its need** (weighted population per head against England's), which the allocation tool
   projects for each year (:func:`need_by_year`); and
2. **the pace of change**: how fast the money follows the target. :func:`convergence_path`
   runs :func:`commlib.allocation.pace_of_change_path` for the ICBs above their target and
   those below, so a reader can see the gaps close from both sides.

The planning years are read from ``data/allocation_icb`` (:func:`planning_years`), never
typed here, so the code follows the data when years are added.

Units: money in pounds, rates and distances as fractions (0.05 = 5%), need index relative to
England = 1.

Sources
-------
NHS England, *Medium term planning framework: revenue finance and contracting guidance*
(2025): "ICB allocations will move towards their target distribution ('fair share') over the
period of the NHS revenue settlement to 2028/29. Deficit support funding ... will also be
removed." NHS England, ICB place based allocation tool 2026/27 to 2028/29 (weighted
populations). The numbers in :data:`EXAMPLE` are illustrative, not NHS England's: the workbook
does not hold the published ICB distances from target or the convergence rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from commlib import data
from commlib._validate import check_range
from commlib.allocation import need_index, pace_of_change_path

__all__ = ["Example", "EXAMPLE", "planning_years", "need_by_year", "convergence_path"]


@dataclass(frozen=True)
class Example:
    """Illustrative settings for :func:`convergence_path` (fractions; pounds).

    England is split into two groups of ICBs: those below target (``share_below`` of the
    total target, ``distance_below`` under it) and those above, whose distance above target
    follows, because the allocations add up to the total.
    """

    distance_below: float = 0.03
    share_below: float = 0.5
    total_growth: float = 0.03
    min_growth: float = 0.02
    base_total_gbp: float = 100e9

    @property
    def distance_above(self) -> float:
        """How far above target the other ICBs are (fraction), so that the totals balance."""
        return self.distance_below * self.share_below / (1 - self.share_below)


#: The workbook's illustrative example: half of England's ICBs (by target) 3% below target
#: and half 3% above; the national total grows 3% a year in cash and every ICB at least 2%.
EXAMPLE = Example()


def planning_years(table: pd.DataFrame | None = None) -> list[str]:
    """The years of the current ICB map: from the latest change in the set of ICBs onwards.

    With the April 2026 mergers in the data, these are the years from 2026/27 to the last year
    in ``data/allocation_icb`` (2028/29 when the table was written).
    """
    table = data.load("allocation_icb") if table is None else table
    years = sorted(table["year"].unique())
    if not years:
        raise ValueError("the ICB table has no years")
    codes = {y: frozenset(table.loc[table["year"] == y, "icb_code"]) for y in years}
    first = len(years) - 1
    while first > 0 and codes[years[first - 1]] == codes[years[-1]]:
        first -= 1
    return years[first:]


def need_by_year(years: list[str] | None = None, *, weighted: str = "wp_core",
                 table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Need index of every ICB in each year (England = 1), one column per year.

    Parameters
    ----------
    years : list of str, optional
        Default :func:`planning_years`.
    weighted : str
        Weighted population column (default core services, ``"wp_core"``).

    Returns
    -------
    pandas.DataFrame
        Index ``icb_code``; columns ``icb_name``, ``region``, one per year, and ``change``
        (last year minus first, index points). Sorted by ``change``.
    """
    table = data.load("allocation_icb") if table is None else table
    years = planning_years(table) if years is None else list(years)
    if weighted not in table.columns or not weighted.startswith("wp_"):
        raise ValueError(f"weighted ({weighted!r}) must be a weighted population column such "
                         "as wp_core")
    columns = {}
    labels = None
    for year in years:
        rows = table[table["year"] == year].set_index("icb_code")
        if rows.empty:
            raise ValueError(f"years: {year!r} is not a year in the ICB table")
        columns[year] = need_index(rows["population"], rows[weighted])
        if labels is None:
            labels = rows[["icb_name", "region"]]
    out = pd.concat([labels, pd.DataFrame(columns)], axis=1, join="inner")
    if len(out) != len(labels) or out[years].isna().any().any():
        raise ValueError("the ICBs differ between the years asked for; pick years with the "
                         "same ICBs (see planning_years)")
    out["change"] = out[years[-1]] - out[years[0]]
    return out.sort_values("change")


def convergence_path(example: Example = EXAMPLE, years: list[str] | None = None) -> pd.DataFrame:
    """ICBs above and below target, moved towards target year by year.

    Each year the national total grows by ``total_growth``;
    :func:`commlib.allocation.pace_of_change_path` gives every group at least ``min_growth``,
    spends what is left on the group below target, and holds the group above target at
    minimum growth (``cap_above_target=0``) until it reaches target.

    Parameters
    ----------
    example : Example
        The illustrative settings (default :data:`EXAMPLE`).
    years : list of str, optional
        The planning years (default :func:`planning_years`); the year before the first is the
        starting year.

    Returns
    -------
    pandas.DataFrame
        One row per group and year (the starting year included): ``area``, ``year``,
        ``allocation_gbp``, ``target_gbp``, ``distance`` (allocation / target - 1) and
        ``growth`` (cash growth on the year before; NaN in the starting year). Each year's
        allocations add up to that year's total to the penny.
    """
    check_range("distance_below", example.distance_below, 0.0, 0.5,
                what="a fraction below target: 0.03 means 3%")
    check_range("share_below", example.share_below, 0.01, 0.99,
                what="the fraction of England's target held by ICBs below target")
    check_range("total_growth", example.total_growth, -0.2, 0.2,
                what="a fraction a year: 0.03 means 3%")
    check_range("min_growth", example.min_growth, -0.2, example.total_growth,
                what="a fraction a year, not above total_growth")
    check_range("base_total_gbp", example.base_total_gbp, 1.0, 1e13, what="pounds")
    years = planning_years() if years is None else list(years)
    if not years:
        raise ValueError("years must name at least one planning year")
    start = int(years[0][:4]) - 1
    base_year = f"{start}/{(start + 1) % 100:02d}"
    areas = ["ICBs above target", "ICBs below target"]
    shares = pd.Series([1 - example.share_below, example.share_below], index=areas)
    base_total = round(example.base_total_gbp, 2)
    base_target = shares * base_total
    current = base_target * pd.Series([1 + example.distance_above, 1 - example.distance_below],
                                      index=areas)
    current = current.round(2)
    current["ICBs above target"] = round(base_total - current["ICBs below target"], 2)
    totals, targets = {}, {}
    total = base_total
    for year in years:
        total = round(total * (1 + example.total_growth), 2)
        totals[year] = total
        targets[year] = shares * total
    path = pace_of_change_path(current, targets, totals, min_growth=example.min_growth,
                               cap_above_target=0.0)
    allocations = pd.concat([current.rename(base_year), path], axis=1)
    target_frame = pd.concat([base_target.rename(base_year), pd.DataFrame(targets)], axis=1)
    rows = []
    for area in areas:
        previous = None
        for year in allocations.columns:
            allocation = float(allocations.loc[area, year])
            target = float(target_frame.loc[area, year])
            rows.append({"area": area, "year": year, "allocation_gbp": allocation,
                         "target_gbp": target, "distance": allocation / target - 1,
                         "growth": (allocation / previous - 1) if previous else float("nan")})
            previous = allocation
    return pd.DataFrame(rows)
