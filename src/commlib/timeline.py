"""Dated events: financial years, the current year and what happened in it.

The workbook's events live in ``data/timeline.csv``, one row per event, with a date as precise
as the source gives it: a year (``"2004"``), a month (``"2025-09"``) or a day
(``"2026-04-01"``). NHS money and plans run on financial years, 1 April to 31 March, so a
page about "this year" needs each event's financial year.

**Which year is "this year"?** :func:`current_year` takes it from the data, not from the
computer's clock: the financial year of the latest event in the timeline that has happened
(``planned`` is false). That keeps a page's stored output the same however often it is re-run,
and moves the page on to the next year as soon as a row for the next year is added.

Source
------
HM Treasury and NHS England: the financial year runs from 1 April to 31 March (2026/27 is
1 April 2026 to 31 March 2027).
"""

from __future__ import annotations

import re

import pandas as pd

from commlib import data

__all__ = [
    "MONTHS",
    "parse_date",
    "financial_year",
    "financial_year_bounds",
    "date_label",
    "current_year",
    "events_in_year",
    "year_figures",
]

#: Month names, January first.
MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def parse_date(date: str) -> tuple[int, int | None, int | None]:
    """Split a timeline date into (year, month, day); month and day are None when not given.

    Parameters
    ----------
    date : str
        ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``.

    Returns
    -------
    tuple of (int, int or None, int or None)
    """
    match = _DATE.match(str(date).strip()) if date is not None else None
    if not match:
        raise ValueError(f"date ({date!r}) must be a year, a year and month or a full date, "
                         "written 2004, 2025-09 or 2026-04-01")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"date ({date!r}) has a month that is not 01 to 12")
    if day is not None:
        try:
            pd.Timestamp(year=year, month=month, day=day)
        except ValueError:
            raise ValueError(f"date ({date!r}) is not a real day of the calendar") from None
    return year, month, day


def financial_year(date: str) -> str | None:
    """The financial year (1 April to 31 March) a date falls in, as ``"2026/27"``.

    A date given only as a year (``"2004"``) could fall in either of two financial years:
    the answer is None.

    Examples
    --------
    >>> financial_year("2026-04-01")
    '2026/27'
    >>> financial_year("2027-03")
    '2026/27'
    """
    year, month, _ = parse_date(date)
    if month is None:
        return None
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_bounds(year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a financial year given as ``"2026/27"``."""
    match = _YEAR.match(str(year))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"year ({year!r}) must be a financial year written like 2026/27")
    start = int(match.group(1))
    return pd.Timestamp(start, 4, 1), pd.Timestamp(start + 1, 3, 31)


def date_label(date: str) -> str:
    """A timeline date as prose: ``"1 April 2026"``, ``"September 2025"`` or ``"2004"``."""
    year, month, day = parse_date(date)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def _timeline(timeline: pd.DataFrame | None) -> pd.DataFrame:
    frame = data.load("timeline") if timeline is None else timeline
    missing = {"date", "event", "planned"} - set(frame.columns)
    if missing:
        raise ValueError(f"the timeline has no {sorted(missing)[0]!r} column")
    return frame


def current_year(timeline: pd.DataFrame | None = None) -> str:
    """The financial year of the latest event that has happened: "this year" for the book.

    Parameters
    ----------
    timeline : pandas.DataFrame, optional
        Rows with ``date`` and ``planned`` columns (default: ``data/timeline.csv``). Events
        dated only by a year are skipped (their financial year is unknown), and so are planned
        events (a target date says nothing about what has happened).

    Returns
    -------
    str
        e.g. ``"2026/27"``.
    """
    frame = _timeline(timeline)
    happened = frame[~frame["planned"].astype(bool)]
    years = [financial_year(d) for d in happened["date"]]
    years = [y for y in years if y is not None]
    if not years:
        raise ValueError("the timeline has no event with a month, so there is no current year")
    return max(years)


def events_in_year(year: str | None = None, timeline: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of one financial year, in date order, with their dates in prose.

    Parameters
    ----------
    year : str, optional
        A financial year such as ``"2026/27"`` (default: :func:`current_year`).
    timeline : pandas.DataFrame, optional
        Default: ``data/timeline.csv``.

    Returns
    -------
    pandas.DataFrame
        The timeline's rows whose date falls between 1 April and 31 March of ``year`` (events
        dated by a year only are left out), sorted by date, with two more columns: ``when``
        (the date in prose) and ``financial_year``.
    """
    frame = _timeline(timeline)
    year = current_year(frame) if year is None else year
    financial_year_bounds(year)
    in_year = [financial_year(date) == year for date in frame["date"]]
    rows = frame[in_year].copy()
    rows["when"] = rows["date"].map(date_label)
    rows["financial_year"] = year
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def year_figures(year: str | None = None) -> pd.DataFrame:
    """Headline figures for one financial year, from the workbook's tables that have it.

    Parameters
    ----------
    year : str, optional
        Default :func:`current_year`.

    Returns
    -------
    pandas.DataFrame
        One row per figure found for ``year``: ``measure``, ``value`` (a number), ``unit``
        (``"ICBs"``, ``"people"`` or ``"£"``) and ``table`` (the ``data/`` table it comes from).
        A table with no row for the year gives no row, so the page shows only what the data
        hold. Sources: ``allocation_icb`` (ICBs and registered population),
        ``public_health_grant`` (£m in the table, returned in pounds) and ``gp_funding_totals``
        (the GP contract total).
    """
    year = current_year() if year is None else year
    financial_year_bounds(year)
    rows = []
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == year]
    if not icb.empty:
        rows.append(("integrated care boards", float(icb["icb_code"].nunique()), "ICBs",
                     "allocation_icb"))
        rows.append(("registered population (allocation tool)", float(icb["population"].sum()),
                     "people", "allocation_icb"))
    grant = data.load("public_health_grant")
    grant = grant[grant["year"] == year]
    if not grant.empty:
        rows.append(("local authority public health grant",
                     float(grant["amount_m"].iloc[0]) * 1e6, "£", "public_health_grant"))
    gp = data.load("gp_funding_totals")
    gp = gp[(gp["year"] == year) & (gp["item"] == "gp_contract")]
    if not gp.empty:
        rows.append(("GP contract total", float(gp["value_gbp"].iloc[0]), "£",
                     "gp_funding_totals"))
    return pd.DataFrame(rows, columns=["measure", "value", "unit", "table"])
