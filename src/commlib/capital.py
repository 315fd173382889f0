"""Capital and revenue: what an asset costs a trust's income and expenditure account each year.

Capital spending buys something that is used for more than one financial year (a building, a
scanner, a computer system); revenue spending pays for the running of services within the year
(staff, drugs, energy, maintenance). A trust does not charge the price of an asset to its
income and expenditure (I&E) account in the year it buys it: the cost is spread over the
asset's useful life as *depreciation*, and the trust also pays a *public dividend capital
(PDC) dividend* on its net assets. A capital scheme therefore has revenue consequences for
every year of its life, on top of the running costs of the thing it bought.

Rules and their public sources
------------------------------
- Straight-line depreciation over the estimated useful life, down to the residual value;
  freehold land is not depreciated; an item is capitalised if it is used for more than one
  financial year and costs at least £5,000 (the accounting policies printed in NHS trust and
  CCG annual accounts, e.g. The Christie NHS Foundation Trust 2019/20 and South West London
  CCG 2020/21).
- PDC dividend: "an annual return of 3.5 per cent of their average relevant net assets held
  during the year" (Hansard, written answer, 23 October 2003). The rate in force in 2026/27
  is not checked against the primary source, so the workbook treats it as a default that the
  reader can change. This module charges it on the asset's average book value in the year,
  a teaching simplification of "average relevant net assets".

Units: money in pounds; rates as fractions (0.035 = 3.5%); lives in whole years.
A depreciation schedule is in exact pence: the yearly charges add back to the cost less the
residual value, to the penny.
"""

from __future__ import annotations

import pandas as pd

from commlib._validate import (
    check_finite,
    check_fraction,
    check_not_negative,
    check_positive,
)
from commlib.allocation import to_pence

__all__ = [
    "CAPITALISATION_THRESHOLD",
    "ILLUSTRATIVE_SCANNER",
    "MAX_MONEY_GBP",
    "MAX_USEFUL_LIFE_YEARS",
    "PDC_DIVIDEND_RATE",
    "annual_depreciation",
    "depreciation_schedule",
    "is_capital",
    "lifetime_costs",
    "revenue_consequences",
    "surplus_after_scheme",
]

#: Cost (£) at or above which an item used for more than a year is capitalised, as printed in
#: NHS trusts' and CCGs' accounting policies (e.g. 2019/20 and 2020/21 annual accounts).
CAPITALISATION_THRESHOLD = 5_000.0

#: PDC dividend rate (fraction of average relevant net assets), Hansard written answer of
#: 23 October 2003; the rate in force in 2026/27 is not checked against the primary source.
PDC_DIVIDEND_RATE = 0.035

#: Longest useful life the model accepts, years. A teaching limit, not an accounting rule: NHS
#: buildings are commonly depreciated over lives of up to about 90 years; a schedule beyond
#: 100 years is almost certainly a typing slip (and would print a row for every year).
MAX_USEFUL_LIFE_YEARS = 100

#: Largest capital cost or yearly running cost the model accepts, £ (£10bn, more than the
#: whole provider capital budget of a year; a bigger number is a typing slip).
MAX_MONEY_GBP = 10_000_000_000.0

#: An illustrative capital scheme for teaching: a hospital scanner. Every figure is made up
#: (no trust's scheme), chosen only to be of a plausible size.
ILLUSTRATIVE_SCANNER = {
    "capital_cost": 1_200_000.0,
    "useful_life_years": 8,
    "residual_value": 0.0,
    "running_cost_per_year": 350_000.0,
    "note": "Illustrative figures only, not any trust's scheme: a scanner costing £1.2m, "
            "used for 8 years with nothing left at the end, and £350,000 a year to run "
            "(staff, maintenance contract, consumables).",
}


def _check_life(useful_life_years) -> int:
    check_finite("useful_life_years", useful_life_years)
    if isinstance(useful_life_years, bool) or not float(useful_life_years).is_integer():
        raise ValueError(
            f"useful_life_years must be a whole number of years (got {useful_life_years!r})")
    check_positive("useful_life_years", useful_life_years)
    if useful_life_years > MAX_USEFUL_LIFE_YEARS:
        raise ValueError(f"useful_life_years must be at most {MAX_USEFUL_LIFE_YEARS} years "
                         f"(got {float(useful_life_years):,.0f})")
    return int(useful_life_years)


def _check_asset(capital_cost, residual_value) -> None:
    check_not_negative("capital_cost", capital_cost)
    check_not_negative("residual_value", residual_value)
    if capital_cost > MAX_MONEY_GBP:
        raise ValueError(f"capital_cost must be at most £{MAX_MONEY_GBP:,.0f}: check the "
                         "number typed")
    if residual_value > capital_cost:
        raise ValueError(
            f"residual_value (£{residual_value:,.0f}) must not be more than the capital_cost "
            f"(£{capital_cost:,.0f}): an asset cannot be worth more at the end of its life "
            "than it cost")


def is_capital(cost, years_of_use, threshold=CAPITALISATION_THRESHOLD) -> bool:
    """Whether an item is capital (charged over its life) rather than revenue (charged now).

    Parameters
    ----------
    cost : float
        What the item costs, £.
    years_of_use : float
        How long it will be used, in years.
    threshold : float
        Capitalisation threshold, £ (default £5,000, as in NHS bodies' accounting policies).

    Returns
    -------
    bool
        True if it will be used for more than one financial year and costs at least the
        threshold.
    """
    check_not_negative("cost", cost)
    check_not_negative("years_of_use", years_of_use)
    check_not_negative("threshold", threshold)
    return bool(years_of_use > 1 and cost >= threshold)


def annual_depreciation(capital_cost, useful_life_years, residual_value=0.0) -> float:
    """Straight-line depreciation: (cost − residual value) ÷ useful life, £ a year.

    >>> annual_depreciation(1_200_000, 8)
    150000.0
    """
    _check_asset(capital_cost, residual_value)
    life = _check_life(useful_life_years)
    return (float(capital_cost) - float(residual_value)) / life


def depreciation_schedule(capital_cost, useful_life_years, residual_value=0.0) -> pd.DataFrame:
    """Year-by-year straight-line depreciation and book value, in exact pence.

    Parameters
    ----------
    capital_cost : float
        What the asset cost, £ (whole pence).
    useful_life_years : int
        Years over which it is depreciated.
    residual_value : float
        What it is expected to be worth at the end, £ (default 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (1 to the useful life) with ``opening_book_value``,
        ``depreciation`` and ``closing_book_value`` in £. When the amount to depreciate does
        not divide into whole pence, the first years carry one penny more, so the charges add
        back to ``capital_cost - residual_value`` to the penny.
    """
    _check_asset(capital_cost, residual_value)
    life = _check_life(useful_life_years)
    cost_p = to_pence("capital_cost", capital_cost)
    residual_p = to_pence("residual_value", residual_value)
    base, extra = divmod(cost_p - residual_p, life)
    rows = []
    opening = cost_p
    for year in range(1, life + 1):
        charge = base + (1 if year <= extra else 0)
        rows.append({"year": year, "opening_book_value": opening / 100,
                     "depreciation": charge / 100, "closing_book_value": (opening - charge) / 100})
        opening -= charge
    return pd.DataFrame(rows).set_index("year")


def revenue_consequences(capital_cost, useful_life_years, running_cost_per_year,
                         pdc_dividend_rate=PDC_DIVIDEND_RATE, residual_value=0.0) -> pd.DataFrame:
    """What a capital scheme costs the I&E account each year of its life.

    Parameters
    ----------
    capital_cost : float
        What the asset cost, £.
    useful_life_years : int
        Years over which it is depreciated.
    running_cost_per_year : float
        Revenue cost of running it, £ a year (staff, maintenance, consumables, energy).
    pdc_dividend_rate : float
        PDC dividend as a fraction of the asset's average book value in the year
        (default 0.035, the 3.5% of Hansard, 2003).
    residual_value : float
        Expected value at the end of its life, £.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``average_book_value`` (average of the opening and closing book
        value), ``depreciation``, ``pdc_dividend`` (rate × average book value),
        ``running_costs`` and ``total_revenue_cost`` (the last three added), all £.
    """
    check_not_negative("running_cost_per_year", running_cost_per_year)
    if running_cost_per_year > MAX_MONEY_GBP:
        raise ValueError(f"running_cost_per_year must be at most £{MAX_MONEY_GBP:,.0f} a "
                         "year: check the number typed")
    check_fraction("pdc_dividend_rate", pdc_dividend_rate)
    schedule = depreciation_schedule(capital_cost, useful_life_years, residual_value)
    average_value = (schedule["opening_book_value"] + schedule["closing_book_value"]) / 2
    table = pd.DataFrame({
        "depreciation": schedule["depreciation"],
        "pdc_dividend": average_value * float(pdc_dividend_rate),
        "running_costs": float(running_cost_per_year),
    })
    table["total_revenue_cost"] = table.sum(axis=1)
    table.insert(0, "average_book_value", average_value)
    return table


def lifetime_costs(capital_cost, useful_life_years, running_cost_per_year,
                   pdc_dividend_rate=PDC_DIVIDEND_RATE, residual_value=0.0) -> dict[str, float]:
    """Totals over the asset's life, £: the capital and revenue views of the same scheme.

    Returns
    -------
    dict
        ``capital_cost``; ``depreciation`` (equals cost less residual value);
        ``pdc_dividend``; ``running_costs``; ``total_revenue_cost`` (the three added);
        ``revenue_over_capital`` (total revenue cost ÷ capital cost, how many times its
        price the scheme costs the I&E account over its life).
    """
    table = revenue_consequences(capital_cost, useful_life_years, running_cost_per_year,
                                 pdc_dividend_rate, residual_value)
    totals = {name: float(table[name].sum())
              for name in ("depreciation", "pdc_dividend", "running_costs", "total_revenue_cost")}
    totals["capital_cost"] = float(capital_cost)
    if capital_cost > 0:
        totals["revenue_over_capital"] = totals["total_revenue_cost"] / float(capital_cost)
    else:
        totals["revenue_over_capital"] = float("nan")
    return totals


def surplus_after_scheme(income, expenditure, scheme_revenue_cost,
                         scheme_income=0.0) -> dict[str, float]:
    """A trust's I&E surplus (negative: deficit) before and after a scheme's revenue cost.

    Parameters
    ----------
    income, expenditure : float
        The trust's income and expenditure for the year before the scheme, £.
    scheme_revenue_cost : float
        The scheme's revenue cost in the year (depreciation, PDC dividend, running costs), £.
    scheme_income : float
        Any extra income the scheme brings (e.g. activity paid for by commissioners), £.

    Returns
    -------
    dict
        ``surplus_before``, ``surplus_after`` and ``change``, £.
    """
    for name, value in (("income", income), ("expenditure", expenditure),
                        ("scheme_revenue_cost", scheme_revenue_cost),
                        ("scheme_income", scheme_income)):
        check_not_negative(name, value)
    before = float(income) - float(expenditure)
    after = before + float(scheme_income) - float(scheme_revenue_cost)
    return {"surplus_before": before, "surplus_after": after, "change": after - before}
