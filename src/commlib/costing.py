"""Costing: from a trust's costs to the NHS Payment Scheme's prices and back.

The path this module follows, step by step (the workbook's plain version of it):

1. A trust's **unit cost** for a service: its total cost / its activity (patient-level
   costing adds up the cost of each patient's care; the National Cost Collection gathers
   the results every year).
2. The **MFF-adjusted unit cost**: unit cost / the trust's market forces factor, so that
   trusts in dearer areas are compared on the same footing.
3. The **national average cost**: the activity-weighted mean of the MFF-adjusted unit costs.
4. The **price**: the national average cost of a past year, uplifted for each year since by
   ``(1 + cost uplift factor) x (1 - efficiency factor)``.
5. What a trust is **paid per unit**: price x its market forces factor. Its **margin** is
   that payment less its own unit cost: positive if it costs less than the price, negative
   if more.

Units: pounds (``_gbp``), activity as counts, factors as fractions (0.029 = 2.9%), the market
forces factor as an index around 1.

Sources
-------
- NHS England, *National Cost Collection for the NHS*: aggregated costs and patient-level
  costs (PLICS), used to inform NHS Payment Scheme prices; the National Cost Collection Index.
- NHS England, *Approved Costing Guidance* and the *Healthcare Costing Standards for England*.
- NHS England, *2025/26 NHS Payment Scheme*, Annex D (prices and cost adjustments: cost
  uplift and efficiency factors); *A guide to the market forces factor*. Annex D's exact
  calculation is more detailed than step 4 here (not checked line by line).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from commlib._validate import (
    align,
    as_series,
    check_fraction,
    check_not_negative,
    check_positive,
    check_range,
)

__all__ = [
    "ILLUSTRATIVE_TRUSTS",
    "unit_cost",
    "mff_adjusted_unit_cost",
    "national_average_cost",
    "cost_index",
    "uplifted_price",
    "payment_per_unit",
    "margin_per_unit",
    "costing_walkthrough",
]

#: Three illustrative trusts for one elective service: total cost (£), activity (spells) and
#: market forces factor (index). Invented for teaching; not any real trust's figures.
ILLUSTRATIVE_TRUSTS = pd.DataFrame(
    {"total_cost_gbp": [6_300_000.0, 9_450_000.0, 4_400_000.0],
     "activity": [2_000.0, 3_500.0, 1_600.0],
     "mff": [1.12, 1.00, 0.95]},
    index=pd.Index(["Trust A (London)", "Trust B", "Trust C"], name="trust"),
)


def unit_cost(total_cost_gbp, activity):
    """Cost per unit of activity: total cost / activity (pounds per unit).

    Parameters
    ----------
    total_cost_gbp : float or pandas.Series
        Pounds.
    activity : float or pandas.Series
        Units of activity (e.g. spells); above zero.
    """
    check_not_negative("total_cost_gbp", total_cost_gbp)
    check_positive("activity", activity)
    total_cost_gbp, activity = align(total_cost_gbp=total_cost_gbp, activity=activity)
    result = total_cost_gbp / activity
    return result.rename("unit_cost_gbp") if isinstance(result, pd.Series) else float(result)


def mff_adjusted_unit_cost(unit_cost_gbp, mff):
    """Unit cost with the market forces factor taken out: unit cost / MFF (pounds per unit).

    Source
    ------
    NHS England, *National Cost Collection*: organisation-level costs are published MFF
    adjusted, so that trusts can be compared on the same footing.
    """
    check_not_negative("unit_cost_gbp", unit_cost_gbp)
    check_positive("mff", mff)
    unit_cost_gbp, mff = align(unit_cost_gbp=unit_cost_gbp, mff=mff)
    result = unit_cost_gbp / mff
    return result.rename("mff_adjusted_unit_cost_gbp") if isinstance(result, pd.Series) \
        else float(result)


def national_average_cost(unit_costs_gbp, activity, mff) -> float:
    """The activity-weighted average of the trusts' MFF-adjusted unit costs (pounds per unit).

    Parameters
    ----------
    unit_costs_gbp, activity, mff : pandas.Series
        One value per trust: pounds per unit, units of activity, market forces factor.
    """
    unit_costs_gbp = as_series("unit_costs_gbp", unit_costs_gbp)
    activity = as_series("activity", activity)
    mff = as_series("mff", mff)
    unit_costs_gbp, activity, mff = align(unit_costs_gbp=unit_costs_gbp, activity=activity,
                                          mff=mff)
    check_not_negative("activity", activity)
    if activity.sum() <= 0:
        raise ValueError("activity must add up to more than zero across the trusts")
    adjusted = mff_adjusted_unit_cost(unit_costs_gbp, mff)
    return float((adjusted * activity).sum() / activity.sum())


def cost_index(unit_costs_gbp, activity, mff) -> pd.Series:
    """Each trust's MFF-adjusted unit cost against the national average, x 100.

    100 is average cost; 110 is 10% dearer. The National Cost Collection Index (NCCI) is
    this idea across all of a trust's services.
    """
    average = national_average_cost(unit_costs_gbp, activity, mff)
    adjusted = mff_adjusted_unit_cost(as_series("unit_costs_gbp", unit_costs_gbp),
                                      as_series("mff", mff))
    return (100.0 * adjusted / average).rename("cost_index")


def uplifted_price(base_cost_gbp, factors: Sequence[tuple[float, float]]) -> float:
    """A price from a base-year cost, uplifted year by year (pounds per unit).

    ``price = base x product over years of (1 + cost uplift) x (1 - efficiency)``.

    Parameters
    ----------
    base_cost_gbp : float
        National average cost in the base year, pounds per unit.
    factors : sequence of (cost_uplift_factor, efficiency_factor)
        One pair per year, fractions (0.029, 0.011 for 2023/24).

    Source
    ------
    NHS England, NHS Payment Scheme Annex D (cost uplift and efficiency factors; prices
    based on 2018/19 costs in the 2023/25 scheme, HFMA 5 Jan 2023).
    """
    check_not_negative("base_cost_gbp", base_cost_gbp)
    price = float(base_cost_gbp)
    for cost_uplift, efficiency in factors:
        check_range("cost uplift factor", cost_uplift, -0.5, 0.5,
                    what="a fraction: 0.029 means 2.9%")
        check_fraction("efficiency factor", efficiency)
        price *= (1.0 + float(cost_uplift)) * (1.0 - float(efficiency))
    return price


def payment_per_unit(price_gbp, mff):
    """What a trust is paid per unit: price x its market forces factor (pounds per unit).

    Source
    ------
    NHS England, *A guide to the market forces factor*: payment = price x MFF.
    """
    check_not_negative("price_gbp", price_gbp)
    check_positive("mff", mff)
    price_gbp, mff = align(price_gbp=price_gbp, mff=mff)
    result = price_gbp * mff
    return result.rename("payment_per_unit_gbp") if isinstance(result, pd.Series) \
        else float(result)


def margin_per_unit(price_gbp, mff, unit_cost_gbp):
    """A trust's margin per unit: price x MFF - its own unit cost (pounds; negative = loss)."""
    paid = payment_per_unit(price_gbp, mff)
    check_not_negative("unit_cost_gbp", unit_cost_gbp)
    paid, unit_cost_gbp = align(paid=paid, unit_cost_gbp=unit_cost_gbp)
    result = paid - unit_cost_gbp
    return result.rename("margin_per_unit_gbp") if isinstance(result, pd.Series) \
        else float(result)


def costing_walkthrough(trusts: pd.DataFrame, factors: Sequence[tuple[float, float]]
                        ) -> tuple[pd.DataFrame, float, float]:
    """Steps 1 to 5 for a table of trusts (columns ``total_cost_gbp``, ``activity``, ``mff``).

    Returns
    -------
    (pandas.DataFrame, float, float)
        Per trust: ``unit_cost_gbp``, ``mff_adjusted_unit_cost_gbp``, ``cost_index``,
        ``payment_per_unit_gbp``, ``margin_per_unit_gbp`` and ``margin_gbp`` (margin x
        activity); then the national average cost and the uplifted price (pounds per unit).
    """
    for column in ("total_cost_gbp", "activity", "mff"):
        if column not in trusts.columns:
            raise ValueError(f"trusts has no column {column!r}: give total_cost_gbp, "
                             "activity and mff for each trust")
    costs = unit_cost(trusts["total_cost_gbp"], trusts["activity"])
    average = national_average_cost(costs, trusts["activity"], trusts["mff"])
    price = uplifted_price(average, factors)
    out = pd.DataFrame({
        "unit_cost_gbp": costs,
        "mff_adjusted_unit_cost_gbp": mff_adjusted_unit_cost(costs, trusts["mff"]),
        "cost_index": cost_index(costs, trusts["activity"], trusts["mff"]),
        "payment_per_unit_gbp": payment_per_unit(pd.Series(price, index=trusts.index),
                                                 trusts["mff"]),
    })
    out["margin_per_unit_gbp"] = out["payment_per_unit_gbp"] - out["unit_cost_gbp"]
    out["margin_gbp"] = out["margin_per_unit_gbp"] * trusts["activity"]
    return out, average, price
