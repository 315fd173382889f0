"""Who holds the commissioning budget, and how big commissioners are (chapter 2).

Units: money in £m, as ``data/commissioning_budget.csv`` gives it (cash, the year named);
shares as fractions (0.7 = 70%); populations in people.

The budget table lists, for each financial year, the streams of NHS England's budget and who
spent them: CCGs (2013 to 2022), NHS England itself (direct commissioning and central
budgets) or local authorities. Sources: NHS England, *Allocations 2013/14*; CIPFA, *Summary of
NHS England allocations 2016/17* (January 2016, planned streams); The King's Fund, *NHS budget
infographic 2018/19*.

Examples
--------
>>> import pandas as pd
>>> budget = pd.DataFrame({
...     "year": ["2016/17"] * 3,
...     "commissioner": ["CCGs", "NHS England", "NHS England"],
...     "stream": ["CCG allocations", "Specialised services", "Other central budgets"],
...     "amount_m": [70.0, 20.0, 10.0]})
>>> by_commissioner(budget, "2016/17").to_dict()
{'CCGs': 70.0, 'NHS England': 30.0}
>>> direct_commissioning_m(budget, "2016/17")
20.0
>>> round(average_population(60_600_000, 135))
448889
"""

from __future__ import annotations

import math

import pandas as pd

from commlib._validate import check_columns, check_finite, check_not_negative, check_positive

__all__ = [
    "CENTRAL_STREAMS",
    "by_commissioner",
    "share_of",
    "direct_commissioning_m",
    "compare_totals",
    "average_population",
]

#: Streams of NHS England's own budget that are not direct commissioning of services.
CENTRAL_STREAMS = ("Other central budgets",)

_COLUMNS = ("year", "commissioner", "stream", "amount_m")


def _year_rows(budget: pd.DataFrame, year: str) -> pd.DataFrame:
    check_columns("budget", budget, _COLUMNS, "pass the table commissioning_budget")
    rows = budget[budget["year"] == year]
    if rows.empty:
        years = ", ".join(dict.fromkeys(budget["year"]))
        raise ValueError(f"the budget table has no year {year!r}: it holds {years}")
    check_not_negative(f"amount_m in {year}", rows["amount_m"].astype(float))
    return rows


def by_commissioner(budget: pd.DataFrame, year: str) -> pd.Series:
    """The year's budget added up by who spent it, £m, in the table's order.

    Parameters
    ----------
    budget : pandas.DataFrame
        ``data/commissioning_budget.csv`` (columns ``year``, ``commissioner``, ``stream``,
        ``amount_m``).
    year : str
        Financial year, e.g. ``"2013/14"``.

    Returns
    -------
    pandas.Series
        £m by commissioner (CCGs, NHS England, Local authorities), indexed by commissioner.

    Raises
    ------
    ValueError
        If the table has no rows for ``year`` or holds a negative amount.
    """
    rows = _year_rows(budget, year)
    order = list(dict.fromkeys(rows["commissioner"]))
    totals = {who: math.fsum(rows.loc[rows["commissioner"] == who, "amount_m"].astype(float))
              for who in order}
    return pd.Series(totals, name="amount_m", dtype=float)


def share_of(budget: pd.DataFrame, year: str, commissioner: str) -> float:
    """The fraction of the year's listed budget that ``commissioner`` spent (0.7 = 70%).

    Raises
    ------
    ValueError
        If ``commissioner`` has no stream that year, or the year's streams add up to zero.
    """
    totals = by_commissioner(budget, year)
    if commissioner not in totals.index:
        raise ValueError(f"no stream in {year} belongs to {commissioner!r}: the year lists "
                         f"{', '.join(totals.index)}")
    whole = math.fsum(totals)
    if whole <= 0:
        raise ValueError(f"the streams of {year} add up to zero, so there is no share to give")
    return float(totals[commissioner]) / whole


def direct_commissioning_m(budget: pd.DataFrame, year: str) -> float:
    """NHS England's direct commissioning in ``year``, £m: its streams less central budgets.

    Direct commissioning is what NHS England bought itself rather than through local
    commissioners: specialised services, primary care it did not delegate and other direct
    commissioning (health and justice, armed forces, public health under section 7A). For
    2016/17 the streams are CIPFA's *planned* figures (January 2016), so the total is a plan,
    not an outturn.

    Raises
    ------
    ValueError
        If NHS England has no direct commissioning stream in ``year``.
    """
    rows = _year_rows(budget, year)
    direct = rows[(rows["commissioner"] == "NHS England")
                  & ~rows["stream"].isin(CENTRAL_STREAMS)]
    if direct.empty:
        raise ValueError(f"the budget table has no NHS England direct commissioning stream "
                         f"in {year}")
    return math.fsum(direct["amount_m"].astype(float))


def compare_totals(first_m: float, second_m: float) -> pd.Series:
    """How far two estimates of the same total differ: ``second - first``, £m and as a fraction.

    Parameters
    ----------
    first_m, second_m : float
        The two figures, £m (for example the King's Fund's £25,400m and the sum of CIPFA's
        planned streams).

    Returns
    -------
    pandas.Series
        ``first_m``, ``second_m``, ``difference_m`` (second less first, £m) and
        ``difference_share`` (the difference as a fraction of the first).

    Raises
    ------
    ValueError
        If ``first_m`` is not above zero or ``second_m`` is negative.
    """
    check_positive("first_m", first_m)
    check_not_negative("second_m", second_m)
    difference = float(second_m) - float(first_m)
    return pd.Series({"first_m": float(first_m), "second_m": float(second_m),
                      "difference_m": difference, "difference_share": difference / first_m})


def average_population(population: float, bodies: float) -> float:
    """People per commissioning body: total population / number of bodies.

    Parameters
    ----------
    population : float
        People (for example registered patients in England).
    bodies : float
        Number of bodies sharing them (for example 135 CCGs in April 2020).

    Raises
    ------
    ValueError
        If ``population`` is negative or ``bodies`` is not above zero.
    """
    check_finite("population", population)
    check_not_negative("population", population)
    check_positive("bodies", bodies)
    return float(population) / float(bodies)
