"""How NHS England shares money between areas: weighted capitation, targets and pace of change.

Units: money in pounds (floats; exact integer pence where a total is split), populations in
people, weighted populations in "weighted heads", rates as fractions (0.044 = 4.4%).
Area-level inputs are pandas Series indexed by area; Series passed together must cover the
same areas (they are aligned on their index) or a ``ValueError`` names the mismatch.

Sources
-------
- NHS England (2013), *Allocation and indicative target working paper*, Annex A: target
  allocation = weighted population x price per weighted head; distance from target =
  allocation - target, also as a percentage of target (worked example: Eastern Cheshire CCG,
  2013/14).
- NHS England (2016), *Financial allocations 2016/17 to 2020/21* (and HFMA briefings): the
  pace-of-change policy -- minimum growth for every CCG, no CCG more than 5% below target,
  a cap on growth for CCGs more than 10% above target; minimum cash growth of 4.4% in 2019/20.
- NHS England, ICB place-based allocation tool: need index = (area weighted population / area
  population) / (England weighted population / England population).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from commlib._validate import (
    align,
    as_series,
    check_finite,
    check_not_negative,
    check_positive,
    check_range,
    fmt_value,
)

__all__ = [
    "need_index",
    "weighted_capitation",
    "weighted_capitation_pence",
    "target_allocation",
    "price_per_weighted_head",
    "distance_from_target",
    "exact_total",
    "pace_of_change",
    "pace_of_change_path",
    "to_pence",
    "round_to_total_pence",
]


# ---------------------------------------------------------------------------
# Pence arithmetic
# ---------------------------------------------------------------------------

def to_pence(name: str, amount_pounds: float) -> int:
    """Convert a sum of money in pounds to whole pence, refusing fractions of a penny.

    Parameters
    ----------
    name : str
        The argument's name, for the error message.
    amount_pounds : float
        Money in pounds, e.g. ``1_000_000.25``.

    Returns
    -------
    int
        The amount in pence.
    """
    check_not_negative(name, amount_pounds)
    pence = float(amount_pounds) * 100.0
    if not np.isfinite(pence):
        raise ValueError(f"{name} must be an amount of money in pounds; this one is too large "
                         "to count in pence or is not a number")
    whole = round(pence)
    # Floats such as 0.1 + 0.2 sit a hair away from whole pence; anything further is a real
    # fraction of a penny, which cannot be paid.
    if abs(pence - whole) > max(1e-6, 8 * float(np.spacing(pence))):
        raise ValueError(
            f"{name} must be a whole number of pence (got £{float(amount_pounds)!r}); "
            "round it to 2 decimal places"
        )
    return int(whole)


def round_to_total_pence(exact_pence: np.ndarray, total_pence: int) -> np.ndarray:
    """Round exact shares (in fractional pence) to whole pence that add up to ``total_pence``.

    Largest-remainder (Hamilton) rounding: every share is first rounded down; the pence left
    over go one each to the shares with the largest fractional parts. Ties go to the share
    that comes first, so the result is deterministic.

    Parameters
    ----------
    exact_pence : numpy.ndarray
        Exact shares in pence (non-negative floats) whose sum is ``total_pence`` up to
        floating-point error.
    total_pence : int
        The total to reproduce exactly.

    Returns
    -------
    numpy.ndarray of int64
        Whole pence, summing to ``total_pence``; each differs from its exact share by
        less than one penny.
    """
    exact = np.asarray(exact_pence, dtype=float)
    floors = np.floor(exact)
    remainders = exact - floors
    result = floors.astype(np.int64)
    leftover = int(total_pence) - int(result.sum())
    if leftover > 0:
        # Stable sort on the negated remainder: largest first, earlier index wins ties.
        order = np.argsort(-remainders, kind="stable")
        if leftover > len(order):
            raise ValueError(
                "the shares do not add up to the total: "
                f"{leftover} pence are left over after rounding"
            )
        result[order[:leftover]] += 1
    elif leftover < 0:
        # Floating-point error can overshoot by a penny or two: take them back from the
        # shares that were rounded down the least.
        order = np.argsort(remainders, kind="stable")
        order = order[result[order] > 0]
        result[order[:-leftover]] -= 1
    return result


# ---------------------------------------------------------------------------
# Need, fair shares and targets
# ---------------------------------------------------------------------------

def need_index(population, weighted_population) -> pd.Series:
    """Relative need of each area: its weighted population per head over the total's.

    ``need_index = (area weighted / area population) / (total weighted / total population)``.
    An index of 1.10 means the area needs 10% more per head than the average of the areas
    given. Averaged with population weights, the indices are exactly 1.

    Parameters
    ----------
    population : pandas.Series
        Registered population per area (people).
    weighted_population : pandas.Series
        Weighted population per area (weighted heads), same areas.

    Returns
    -------
    pandas.Series
        Need index per area (unitless; the areas' population-weighted average = 1). An area
        with no population has no defined need: its index is NaN.

    Source
    ------
    NHS England, ICB place-based allocation tool (need index relative to England, or to the
    ICB when the areas given are the places of one ICB).
    """
    population = as_series("population", population)
    weighted_population = as_series("weighted_population", weighted_population)
    population, weighted_population = align(
        population=population, weighted_population=weighted_population
    )
    check_not_negative("population", population)
    check_not_negative("weighted_population", weighted_population)
    total_population = population.sum()
    total_weighted = weighted_population.sum()
    if total_population <= 0:
        raise ValueError("population must add up to more than zero people")
    if total_weighted <= 0:
        raise ValueError("weighted_population must add up to more than zero")
    # Computed as share of weighted population over share of population: both shares lie in
    # [0, 1], so tiny or huge totals neither underflow nor overflow (same value as above).
    weighted_share = weighted_population / total_weighted
    population_share = population.where(population > 0) / total_population
    return (weighted_share / population_share).rename("need_index")


def weighted_capitation_pence(total, weighted_population) -> pd.Series:
    """Share ``total`` between areas in proportion to weighted population, in whole pence.

    Parameters
    ----------
    total : float
        The money to share, in pounds (a whole number of pence).
    weighted_population : pandas.Series
        Weighted population per area (weighted heads).

    Returns
    -------
    pandas.Series of int64
        Each area's share in pence; the shares add up to ``total`` exactly. Rounding is by
        largest remainder with ties going to the area listed first.

    Source
    ------
    Weighted capitation: NHS England, *Allocation and indicative target working paper* (2013);
    ICB place-based allocation tool.
    """
    total_pence = to_pence("total", total)
    weighted_population = as_series("weighted_population", weighted_population)
    check_not_negative("weighted_population", weighted_population)
    weights = weighted_population.to_numpy(dtype=float)
    weight_sum = weights.sum()
    if weight_sum <= 0:
        raise ValueError("weighted_population must add up to more than zero to share a total")
    exact = weights / weight_sum * total_pence
    pence = round_to_total_pence(exact, total_pence)
    return pd.Series(pence, index=weighted_population.index, name="allocation_pence")


def weighted_capitation(total, weighted_population) -> pd.Series:
    """Share ``total`` pounds between areas in proportion to their weighted population.

    The fair share of area *i* is ``total x weighted_i / sum(weighted)``, rounded to whole
    pence so that the shares add back to ``total`` exactly (computed in integer pence with
    largest-remainder rounding; ties go to the area listed first).

    Parameters
    ----------
    total : float
        The money to share, in pounds (a whole number of pence).
    weighted_population : pandas.Series
        Weighted population per area (weighted heads).

    Returns
    -------
    pandas.Series
        Each area's share in pounds with 2 decimal places. The pence (see
        :func:`weighted_capitation_pence`) add up to ``total`` exactly; summing the float
        pounds can differ from ``total`` by floating-point noise only (far below a penny).

    Source
    ------
    NHS England, *Allocation and indicative target working paper* (2013): allocations follow
    weighted capitation; ICB place-based allocation tool.

    Examples
    --------
    >>> weighted_capitation(100.00, pd.Series({"A": 1.0, "B": 1.0, "C": 1.0})).tolist()
    [33.34, 33.33, 33.33]
    """
    pence = weighted_capitation_pence(total, weighted_population)
    return (pence / 100.0).rename("allocation")


def target_allocation(weighted_population, price_per_weighted_head):
    """Target allocation: weighted population x price per weighted head.

    Parameters
    ----------
    weighted_population : float or pandas.Series
        Weighted population (weighted heads).
    price_per_weighted_head : float or pandas.Series
        Pounds per weighted head (one England-wide price, or one per area).

    Returns
    -------
    float or pandas.Series
        Target in pounds.

    Source
    ------
    NHS England, *Allocation and indicative target working paper* (2013), Annex A.
    """
    check_not_negative("weighted_population", weighted_population)
    check_not_negative("price_per_weighted_head", price_per_weighted_head)
    weighted_population, price_per_weighted_head = align(
        weighted_population=weighted_population, price_per_weighted_head=price_per_weighted_head
    )
    result = weighted_population * price_per_weighted_head
    if isinstance(result, pd.Series):
        return result.astype(float).rename("target")
    return float(result)


def price_per_weighted_head(target_total, weighted_population) -> float:
    """The price per weighted head implied by a target: target total / total weighted population.

    Published papers often give an area's target and its weighted population but not the
    price; this recovers it, so that :func:`target_allocation` gives the target back.

    Parameters
    ----------
    target_total : float
        Target allocation in pounds, for one area or all areas together.
    weighted_population : float or pandas.Series
        The weighted population behind that target (weighted heads); a Series is summed.

    Returns
    -------
    float
        Pounds per weighted head.

    Source
    ------
    NHS England, *Allocation and indicative target working paper* (2013), Annex A (target =
    weighted population x price per weighted head).
    """
    check_not_negative("target_total", target_total)
    check_not_negative("weighted_population", weighted_population)
    heads = float(np.sum(np.asarray(weighted_population, dtype=float)))
    if heads <= 0:
        raise ValueError("the weighted population adds up to zero, so there is no price per "
                         "weighted head: give at least one area with a weighted population")
    return float(target_total) / heads


def exact_total(amounts) -> float:
    """Add up amounts in pounds exactly, as whole pence (no floating-point drift).

    Use it to show that shares made by :func:`weighted_capitation` add back to the total they
    split, to the penny.

    Parameters
    ----------
    amounts : iterable of float, or pandas.Series
        Amounts in pounds, each a whole number of pence (see :func:`to_pence`).

    Returns
    -------
    float
        The total in pounds (a whole number of pence).
    """
    return sum(to_pence("each amount", amount) for amount in amounts) / 100


def distance_from_target(allocation, target) -> pd.DataFrame:
    """How far each allocation is from its target, in pounds and as a percentage of target.

    Parameters
    ----------
    allocation : float or pandas.Series
        Actual allocation in pounds.
    target : float or pandas.Series
        Target allocation in pounds (above zero).

    Returns
    -------
    pandas.DataFrame
        Columns ``distance`` (pounds, allocation - target; negative = below target) and
        ``distance_pct`` (percent of target, e.g. -7.58). One row per area, or a single row
        (index 0) for scalar inputs.

    Source
    ------
    NHS England, *Allocation and indicative target working paper* (2013), Annex A. Eastern
    Cheshire CCG 2013/14: allocation £219,307k, target £237,285k, distance -£17,978k (-7.58%).
    """
    check_not_negative("allocation", allocation)
    check_positive("target", target)
    allocation, target = align(allocation=allocation, target=target)
    if not isinstance(allocation, pd.Series) and not isinstance(target, pd.Series):
        allocation = pd.Series([float(allocation)])
        target = pd.Series([float(target)])
    elif not isinstance(allocation, pd.Series):
        allocation = pd.Series(float(allocation), index=target.index)
    distance = (allocation - target).astype(float)
    pct = (distance / target * 100.0).astype(float)
    return pd.DataFrame({"distance": distance, "distance_pct": pct}, index=distance.index)


# ---------------------------------------------------------------------------
# Pace of change
# ---------------------------------------------------------------------------

def _water_fill(alloc: np.ndarray, target: np.ndarray, money: float, eligible: np.ndarray,
                ceiling: float) -> np.ndarray:
    """Spend ``money`` raising the eligible areas with the lowest allocation/target ratio.

    All raised areas end at one common ratio ``level <= ceiling``; areas already above that
    level keep their allocation. The caller guarantees ``money`` is no more than the cost of
    raising every eligible area to ``ceiling``.
    """
    ratio = alloc / target
    candidates = np.flatnonzero(eligible & (ratio < ceiling))
    if money <= 0 or len(candidates) == 0:
        return alloc
    order = candidates[np.argsort(ratio[candidates], kind="stable")]
    sorted_ratio = ratio[order]
    cum_target = np.cumsum(target[order])
    cum_alloc = np.cumsum(alloc[order])
    next_level = np.minimum(np.append(sorted_ratio[1:], np.inf), ceiling)
    # Cost of lifting the k+1 lowest areas to the next breakpoint.
    cost = next_level * cum_target - cum_alloc
    k = int(np.searchsorted(cost, money, side="left"))
    k = min(k, len(order) - 1)
    level = min((money + cum_alloc[k]) / cum_target[k], ceiling)
    out = alloc.copy()
    lifted = order[: k + 1]
    out[lifted] = np.maximum(alloc[lifted], level * target[lifted])
    return out


def pace_of_change(current, target, new_total, *, min_growth, max_below_target=None,
                   cap_above_target=None, method="water_fill") -> pd.Series:
    """Next year's allocations: every area grows, those furthest below target grow most.

    The algorithm, in order (money in pounds, ``distance`` = allocation / target - 1):

    1. **Minimum growth.** Every area gets ``current x (1 + min_growth)``. If ``new_total``
       cannot pay for that, a ``ValueError`` says so.
    2. **Floor under target.** Areas still more than ``max_below_target`` below target are
       raised to ``target x (1 - max_below_target)``. If the money runs out first, the lowest
       areas are raised to a common distance (water-filling, as in step 3).
    3. **Close the gaps.** Money left is spent on areas below target. With
       ``method="water_fill"`` (default) the largest gaps close first: the furthest-behind
       areas are raised together until they reach the next area's distance, then that one
       joins them, so all areas helped end at one common distance from target where the
       money runs out. With ``method="gap_share"`` every area below target closes the same
       fraction of its remaining gap (in pounds). With water-filling, step 2 changes nothing
       that step 3 would not do anyway; it matters for ``gap_share``.
    4. **Money left once everyone is at target** is shared in proportion to target among the
       areas that are not capped. An area is *capped* (held at minimum growth) when after
       step 1 it is more than ``cap_above_target`` above target. If every area is capped,
       all areas share in proportion to target.

    Allocations are then rounded to whole pence (largest remainder) so they add up to
    ``new_total`` exactly; each is within a penny of the amount above, so minimum growth
    holds to the penny.

    Parameters
    ----------
    current : pandas.Series
        This year's allocation per area, pounds.
    target : pandas.Series
        Next year's target allocation per area, pounds (above zero), same areas.
    new_total : float
        Next year's total to share, pounds (a whole number of pence).
    min_growth : float
        Minimum cash growth for every area, a fraction (0.044 = 4.4%); from -1 to 1.
    max_below_target : float, optional
        No area ends more than this fraction below target, money allowing (0.05 = 5%).
    cap_above_target : float, optional
        Areas more than this fraction above target get minimum growth only (0.10 = 10%).
    method : {"water_fill", "gap_share"}
        How step 3 shares money among areas below target.

    Returns
    -------
    pandas.Series
        Next year's allocation per area in pounds (2 decimal places), adding up to
        ``new_total`` to the penny.

    Source
    ------
    NHS England, *Financial allocations 2016/17 to 2020/21* (2016) and HFMA briefings: minimum
    growth for all CCGs; no CCG more than 5% below target; a cap for CCGs more than 10% above
    target; minimum cash growth of 4.4% in 2019/20. The water-filling order is this
    workbook's simplification of NHS England's pace-of-change rules, for teaching.
    """
    current = as_series("current", current)
    target = as_series("target", target)
    current, target = align(current=current, target=target)
    check_not_negative("current", current)
    check_positive("target", target)
    check_range("min_growth", min_growth, -1.0, 1.0,
                what="a fraction of this year's allocation: 0.044 means 4.4%")
    if max_below_target is not None:
        check_range("max_below_target", max_below_target, 0.0, 1.0,
                    what="a fraction of target: 0.05 means 5%")
    if cap_above_target is not None:
        check_not_negative("cap_above_target", cap_above_target)
    if method not in ("water_fill", "gap_share"):
        raise ValueError(f'method must be "water_fill" or "gap_share" (got {method!r})')
    total_pence = to_pence("new_total", new_total)

    cur = current.to_numpy(dtype=float)
    tgt = target.to_numpy(dtype=float)
    alloc = cur * (1.0 + float(min_growth))
    floor_total = alloc.sum()
    money = total_pence / 100.0 - floor_total
    if money < -0.005:
        raise ValueError(
            f"new_total (£{fmt_value(new_total)}) does not cover minimum growth of "
            f"{float(min_growth):.1%} for every area, which needs £{fmt_value(floor_total)}; "
            "raise new_total or lower min_growth"
        )
    money = max(money, 0.0)
    everyone = np.ones(len(alloc), dtype=bool)

    # Step 2: bring areas to within max_below_target of target.
    if max_below_target is not None and money > 0:
        floor_ratio = 1.0 - float(max_below_target)
        need = np.clip(floor_ratio * tgt - alloc, 0.0, None).sum()
        if need <= money:
            alloc = np.maximum(alloc, floor_ratio * tgt)
            money -= need
        else:
            alloc = _water_fill(alloc, tgt, money, everyone, floor_ratio)
            money = 0.0

    # Step 3: close gaps to target.
    if money > 0:
        gaps = np.clip(tgt - alloc, 0.0, None)
        gap_total = gaps.sum()
        if gap_total <= money:
            alloc = alloc + gaps
            money -= gap_total
        elif method == "water_fill":
            alloc = _water_fill(alloc, tgt, money, everyone, 1.0)
            money = 0.0
        else:
            alloc = alloc + gaps * (money / gap_total)
            money = 0.0

    # Step 4: share what is left in proportion to target among areas not capped.
    if money > 0:
        if cap_above_target is None:
            uncapped = everyone
        else:
            uncapped = cur * (1.0 + float(min_growth)) <= tgt * (1.0 + float(cap_above_target))
            if not uncapped.any():
                uncapped = everyone
        shares = np.where(uncapped, tgt, 0.0)
        alloc = alloc + money * shares / shares.sum()

    exact_pence = alloc * 100.0
    pence = round_to_total_pence(exact_pence * (total_pence / exact_pence.sum()), total_pence)
    return pd.Series(pence / 100.0, index=current.index, name="allocation")


def pace_of_change_path(current, target_by_year, totals_by_year, **rules) -> pd.DataFrame:
    """Allocations over several years, each year applying :func:`pace_of_change` to the last.

    Parameters
    ----------
    current : pandas.Series
        Allocation per area in the year before the first year, pounds.
    target_by_year : pandas.DataFrame or mapping
        Target per area for each year, pounds: a DataFrame with one column per year (index =
        areas), or a mapping ``{year: Series}``.
    totals_by_year : pandas.Series or mapping
        Total to share each year, pounds; same years as ``target_by_year``.
    **rules
        ``min_growth``, ``max_below_target``, ``cap_above_target``, ``method``: as for
        :func:`pace_of_change`. ``min_growth`` may be a mapping ``{year: fraction}``.

    Returns
    -------
    pandas.DataFrame
        One row per area, one column per year (in the order of ``target_by_year``),
        allocations in pounds; each column adds up to that year's total to the penny.

    Source
    ------
    As :func:`pace_of_change` (NHS England, *Financial allocations 2016/17 to 2020/21*).
    """
    if isinstance(target_by_year, Mapping):
        target_by_year = pd.DataFrame({year: pd.Series(v) for year, v in target_by_year.items()})
    if not isinstance(target_by_year, pd.DataFrame):
        raise ValueError("target_by_year must be a DataFrame with one column per year, or a "
                         "mapping of year to targets")
    totals = pd.Series(dict(totals_by_year)) if isinstance(totals_by_year, Mapping) \
        else pd.Series(totals_by_year)
    years = list(target_by_year.columns)
    missing = [y for y in years if y not in totals.index]
    if missing:
        raise ValueError(f"totals_by_year has no total for {missing[0]}")
    check_finite("totals_by_year", totals.loc[years])
    min_growth = rules.pop("min_growth", None)
    if min_growth is None:
        raise ValueError("min_growth is required: the minimum cash growth for every area")
    allocation = as_series("current", current)
    columns = {}
    for year in years:
        growth = min_growth[year] if isinstance(min_growth, Mapping) else min_growth
        allocation = pace_of_change(allocation, target_by_year[year], totals[year],
                                    min_growth=growth, **rules)
        columns[year] = allocation
    return pd.DataFrame(columns)
