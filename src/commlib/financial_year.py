"""The NHS financial year: months 1 to 12, year-to-date reporting, forecasts and duties.

The NHS financial year runs from 1 April to 31 March (the NHS Act 2006 defines an NHS
body's financial year as the twelve months ending 31 March). Finance reports number the
months from the start of the year: month 1 is April, month 12 is March, and "month 12" is
the year-end position that goes into the annual accounts.

Duties modelled here (public sources named per function):

- an integrated care board (ICB) must act with a view to its expenditure in a year not
  exceeding the sums it receives (NHS Act 2006 s.223GC, inserted by the Health and Care Act
  2022 s.29);
- an ICB and its partner trusts share duties on capital and revenue resource use
  (s.223M) and NHS England's objective that the system is financially balanced (s.223L;
  NHS England, ICB and system finance business rules);
- an NHS trust's breakeven duty is judged "taking one financial year with another", so a
  deficit in one year can be made good by surpluses later (HSJ, 2018; NHS Act 2006).

Units: money in pounds; a surplus is positive, a deficit negative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from commlib._validate import check_finite, check_not_negative

__all__ = [
    "MONTHS",
    "MTPF_YEARS",
    "cumulative_position",
    "forecast_outturn",
    "month_label",
    "month_number",
    "system_balance",
    "within_allocation",
    "year_to_date",
]

#: Calendar months in financial-year order: month 1 is April, month 12 is March.
MONTHS = ("April", "May", "June", "July", "August", "September", "October", "November",
          "December", "January", "February", "March")

#: The financial years covered by the Medium Term Planning Framework (NHS England and DHSC,
#: 24 October 2025): the first three-year planning round.
MTPF_YEARS = ("2026/27", "2027/28", "2028/29")


def month_number(calendar_month: int) -> int:
    """The finance-report month number of a calendar month (1 = January ... 12 = December).

    >>> month_number(4), month_number(3)
    (1, 12)
    """
    if isinstance(calendar_month, bool) or calendar_month not in range(1, 13):
        raise ValueError(
            f"calendar_month must be a whole number from 1 (January) to 12 (December), "
            f"not {calendar_month!r}")
    return (calendar_month - 4) % 12 + 1


def month_label(month: int) -> str:
    """``"month 1 (April)"`` for a finance-report month number from 1 to 12."""
    if isinstance(month, bool) or month not in range(1, 13):
        raise ValueError(
            f"month must be a finance-report month from 1 (April) to 12 (March), not {month!r}")
    return f"month {month} ({MONTHS[month - 1]})"


def _monthly(name: str, values) -> np.ndarray:
    array = np.asarray(list(values), dtype=float)
    if array.size == 0 or array.size > 12:
        raise ValueError(f"{name} must give between 1 and 12 monthly amounts (got {array.size})")
    check_finite(name, array)
    return array


def year_to_date(plan_by_month: Sequence[float],
                 actual_by_month: Sequence[float]) -> pd.DataFrame:
    """Plan, actual and variance by month and year to date (YTD).

    Parameters
    ----------
    plan_by_month : sequence of float
        Planned spending for each month of the year, £ (12 values).
    actual_by_month : sequence of float
        Actual spending for the months reported so far, £ (1 to 12 values).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` (1, 2, ...): ``plan``, ``actual``, ``ytd_plan``, ``ytd_actual``
        and ``ytd_variance`` (plan − actual: positive is an underspend), £.
    """
    plan = _monthly("plan_by_month", plan_by_month)
    actual = _monthly("actual_by_month", actual_by_month)
    if plan.size != 12:
        raise ValueError(f"plan_by_month must give all 12 months of the year (got {plan.size})")
    months = actual.size
    frame = pd.DataFrame({"plan": plan[:months], "actual": actual},
                         index=pd.Index(range(1, months + 1), name="month"))
    frame["ytd_plan"] = frame["plan"].cumsum()
    frame["ytd_actual"] = frame["actual"].cumsum()
    frame["ytd_variance"] = frame["ytd_plan"] - frame["ytd_actual"]
    return frame


def forecast_outturn(plan_by_month: Sequence[float],
                     actual_by_month: Sequence[float]) -> dict[str, float]:
    """Two simple forecasts of the year-end (month 12) spending from the months so far.

    - *Run rate*: the average month so far, times twelve.
    - *Plan for the rest*: actual to date plus the plan for the months still to come.

    Returns
    -------
    dict
        ``annual_plan``, ``ytd_actual``, ``months_reported``, ``run_rate_forecast``,
        ``plan_for_rest_forecast`` and the variance of each forecast against the annual plan
        (``run_rate_variance``, ``plan_for_rest_variance``: positive is an underspend), £.
    """
    table = year_to_date(plan_by_month, actual_by_month)
    plan = _monthly("plan_by_month", plan_by_month)
    months = len(table)
    annual_plan = float(plan.sum())
    ytd_actual = float(table["ytd_actual"].iloc[-1])
    run_rate = ytd_actual / months * 12
    plan_for_rest = ytd_actual + float(plan[months:].sum())
    return {
        "annual_plan": annual_plan,
        "ytd_actual": ytd_actual,
        "months_reported": months,
        "run_rate_forecast": run_rate,
        "plan_for_rest_forecast": plan_for_rest,
        "run_rate_variance": annual_plan - run_rate,
        "plan_for_rest_variance": annual_plan - plan_for_rest,
    }


def within_allocation(allocation, expenditure) -> dict[str, float | bool]:
    """An ICB's duty not to spend more in a year than it receives (NHS Act 2006 s.223GC).

    Parameters
    ----------
    allocation : float
        Sums received in the year (its allocation), £.
    expenditure : float
        Its expenditure in the year, £.

    Returns
    -------
    dict
        ``surplus`` (allocation − expenditure, £) and ``duty_met`` (True if not overspent).
    """
    check_not_negative("allocation", allocation)
    check_not_negative("expenditure", expenditure)
    surplus = float(allocation) - float(expenditure)
    return {"surplus": surplus, "duty_met": surplus >= 0}


def system_balance(positions: Mapping[str, float]) -> dict[str, float | bool]:
    """The shared position of an ICB and its partner trusts: do they balance together?

    Parameters
    ----------
    positions : mapping of organisation -> surplus (£; negative for a deficit)

    Returns
    -------
    dict
        ``system_surplus`` (the sum, £), ``balanced`` (True if it is zero or more) and
        ``in_deficit`` (how many organisations are in deficit on their own).
    """
    if not positions:
        raise ValueError("positions must name at least one organisation and its surplus")
    values = np.asarray(list(positions.values()), dtype=float)
    check_finite("positions", values)
    total = float(values.sum())
    return {"system_surplus": total, "balanced": total >= 0,
            "in_deficit": int((values < 0).sum())}


def cumulative_position(surplus_by_year: Mapping[str, float]) -> pd.DataFrame:
    """A trust's surpluses and deficits added up year by year ("one financial year with another").

    Parameters
    ----------
    surplus_by_year : mapping of financial year (e.g. "2026/27") -> surplus (£; negative for a
        deficit), in date order.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``surplus``, ``cumulative`` (£) and ``broken_even`` (True once the
        cumulative position is zero or more).
    """
    if not surplus_by_year:
        raise ValueError("surplus_by_year must give at least one year")
    years = list(surplus_by_year)
    if years != sorted(years):
        raise ValueError("surplus_by_year must list the years in date order, earliest first")
    values = np.asarray([surplus_by_year[y] for y in years], dtype=float)
    check_finite("surplus_by_year", values)
    frame = pd.DataFrame({"surplus": values}, index=pd.Index(years, name="year"))
    frame["cumulative"] = frame["surplus"].cumsum()
    frame["broken_even"] = frame["cumulative"] >= 0
    return frame
