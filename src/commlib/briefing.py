"""Everything a briefing on one integrated care board (ICB) shows, from the workbook's data.

A briefing is one page per ICB (``book/briefing``, and one PDF each from ``make briefings``)
for a finance lead, a clinician joining a place committee or a trainer: the ICB's population,
its need for health care against England, a fair share of a stated national sum, its places
and their need, where it came from if it was formed by a merger in April 2026, and what its
GP practices were paid per weighted patient. Every number comes from the same functions as
the chapters, so a briefing cannot disagree with them:

* populations and need indices by component: :func:`commlib.widgets.allocations.icb_need_table`
  (chapter 4, *Money in*), over every year of ``data/allocation_icb``;
* fair shares: :func:`commlib.widgets.allocations.icb_allocation_summary` of
  :func:`commlib.widgets.allocations.default_national_sum` (the 2024/25 ICB core services
  total);
* places: :func:`commlib.places.practices` and :func:`commlib.places.place_need` (chapter 4,
  *Places*), with sub-ICB locations named by the CCG each replaced (``data/sub_icb_locations``);
* predecessors and successors: :func:`commlib.mergers.predecessors` (chapter 5, *Clusters and
  mergers*);
* GP payments per weighted patient: :func:`commlib.primary_care.payment_summary` (chapter 4,
  *GP funding*) over ``data/gp_payments_practices``.

This module computes and selects; it writes no HTML (see :mod:`commlib.widgets.briefing`). The
chapters' ICB-level helpers live in :mod:`commlib.widgets.allocations`, which is imported only
when a briefing is computed, so importing this module loads neither ipywidgets nor plotly.

Units: populations in people, weighted populations in weighted people, money in pounds, need
indices relative to England = 1, shares as fractions.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pandas as pd

from commlib import data, mergers, places, primary_care

__all__ = [
    "CORE_PARTS",
    "LINKS",
    "PLACE_KINDS",
    "briefing",
    "drivers",
    "fair_shares",
    "gp_payments",
    "icbs",
    "latest_year",
    "match_year",
    "merger",
    "need_by_year",
    "place_table",
    "population",
    "sub_icb_years",
    "years",
]

#: The six components the core services need index combines (the drivers of core need).
CORE_PARTS: tuple[str, ...] = (
    "wp_general_acute", "wp_community", "wp_mental_health", "wp_maternity",
    "wp_health_inequalities", "wp_prescribing",
)

#: Kinds of place a briefing lists: key of :data:`commlib.places.GROUPINGS` -> plain name.
PLACE_KINDS: dict[str, str] = {
    "sub_icb": "sub-ICB locations (former CCGs)",
    "la": "local authorities",
    "pcn": "primary care networks (PCNs)",
}

#: The chapter sections that explain each figure: key -> (page path from the book's root,
#: section anchor, what the reader finds there).
LINKS: dict[str, tuple[str, str, str]] = {
    "population": ("04-funding-flows/money-in", "an-amount-per-head-weighted-for-need",
                   "Money in: an amount per head, weighted for need"),
    "need": ("04-funding-flows/money-in", "need-component-by-component",
             "Money in: need, component by component"),
    "need_years": ("05-what-is-changing/money-over-three-years",
                   "how-need-moves-over-the-three-years",
                   "Money over three years: how need moves over the three years"),
    "fair_share": ("04-funding-flows/money-in", "worked-example-one-icb-s-fair-share",
                   "Money in: worked example, one ICB's fair share"),
    "places": ("04-funding-flows/places", "the-method-a-place-is-a-set-of-gp-practices",
               "Places: a place is a set of GP practices"),
    "merger": ("05-what-is-changing/clusters-and-mergers", "tracing-a-merger-through-the-data",
               "Clusters and mergers: tracing a merger through the data"),
    "gp_payments": ("04-funding-flows/gp-funding", "what-practices-were-actually-paid",
                    "GP funding: what practices were actually paid"),
    "data": ("about-the-data", "the-tables-one-by-one",
             "About the data: the tables one by one"),
}


def _allocations():
    # The chapters' ICB tables (imported here, not at the top: see the module docstring).
    from commlib.widgets import allocations

    return allocations


@functools.lru_cache(maxsize=1)
def _icb_table() -> pd.DataFrame:
    return data.load("allocation_icb")


def years() -> list[str]:
    """Financial years of the ICB allocation data (``data/allocation_icb``), oldest first."""
    return sorted(_icb_table()["year"].unique().tolist())


def latest_year() -> str:
    """The latest financial year of the ICB allocation data."""
    return years()[-1]


@functools.lru_cache(maxsize=1)
def _icbs() -> pd.DataFrame:
    table = _icb_table().sort_values("year")
    grouped = table.groupby("icb_code")
    out = pd.DataFrame({
        "icb_name": pd.Series(_allocations().icb_names()),
        "region": grouped["region"].last(),
        "first_year": grouped["year"].first(),
        "last_year": grouped["year"].last(),
    })
    out.index.name = "icb_code"
    return out.sort_values("icb_name")


def icbs(year: str | None = None) -> pd.DataFrame:
    """Every ICB of every year (or of ``year``), by name.

    Returns
    -------
    pandas.DataFrame
        One row per ICB code (index ``icb_code``), sorted by name: ``icb_name`` (its latest
        spelling), ``region`` (its latest), ``first_year`` and ``last_year`` in the data.
    """
    out = _icbs().copy()
    if year is not None:
        if year not in years():
            raise ValueError(f"year ({year!r}) must be one of {', '.join(years())}")
        out = out[(out["first_year"] <= year) & (out["last_year"] >= year)]
    return out


def _check_icb(icb_code: str) -> pd.Series:
    table = _icbs()
    if icb_code not in table.index:
        raise ValueError(f"There is no ICB with the code {icb_code!r} in the allocation data: "
                         "see commlib.briefing.icbs() for every ICB's code and name.")
    return table.loc[icb_code]


@functools.lru_cache(maxsize=128)
def _icb_years(icb_code: str) -> tuple[str, ...]:
    return tuple(sorted(_icb_table().loc[_icb_table()["icb_code"] == icb_code, "year"]))


@functools.lru_cache(maxsize=1)
def _practice_years() -> tuple[str, ...]:
    return tuple(places.years())


def population(icb_code: str) -> pd.DataFrame:
    """Registered and weighted population of one ICB in each year it has data.

    Returns
    -------
    pandas.DataFrame
        One row per year (index ``year``): ``practices`` (count), ``population`` (registered
        people), ``weighted_core`` (core services weighted population, weighted people) and
        ``weighted_primary_medical_care`` (primary medical care, weighted people), from
        ``data/allocation_icb``.
    """
    _check_icb(icb_code)
    rows = _icb_table()[_icb_table()["icb_code"] == icb_code].set_index("year").sort_index()
    return pd.DataFrame({
        "practices": rows["practices"].astype("int64"),
        "population": rows["population"].astype(float),
        "weighted_core": rows["wp_core"].astype(float),
        "weighted_primary_medical_care": rows["wp_primary_medical_care_final"].astype(float),
    })


def need_by_year(icb_code: str) -> pd.DataFrame:
    """Need index of one ICB by component in each year it has data (England = 1).

    Returns
    -------
    pandas.DataFrame
        One row per component (index: keys of
        :data:`commlib.widgets.allocations.COMPONENT_LABELS`, core services first), one column
        per year, each value from :func:`commlib.widgets.allocations.icb_need_table` (the
        chapters' table: the ICB's weighted population per head over England's).
    """
    _check_icb(icb_code)
    allocations = _allocations()
    components = list(allocations.COMPONENT_LABELS)
    columns = {year: allocations.icb_need_table(year).loc[icb_code, components]
               for year in _icb_years(icb_code)}
    out = pd.DataFrame(columns).astype(float)
    out.index.name = "component"
    return out


def drivers(icb_code: str, year: str | None = None, count: int = 3) -> pd.DataFrame:
    """The parts of core need furthest from England's in ``year`` (default: the ICB's latest).

    Parameters
    ----------
    icb_code : str
        The ICB's code (see :func:`icbs`).
    year : str, optional
        A year the ICB has data for.
    count : int
        How many components to return (1 to 6).

    Returns
    -------
    pandas.DataFrame
        ``count`` rows of :data:`CORE_PARTS`, furthest from 1 first: ``component``,
        ``label`` (plain name), ``need_index`` (England = 1) and ``difference``
        (``need_index - 1``: 0.12 means 12% more need per head than England).
    """
    if not 1 <= int(count) <= len(CORE_PARTS):
        raise ValueError(f"count ({count}) must be between 1 and {len(CORE_PARTS)}")
    need = need_by_year(icb_code)
    year = year or need.columns[-1]
    if year not in need.columns:
        raise ValueError(f"{_check_icb(icb_code)['icb_name']} has no allocation data in {year}: "
                         f"choose one of {', '.join(need.columns)}")
    values = need.loc[list(CORE_PARTS), year]
    order = (values - 1.0).abs().sort_values(ascending=False, kind="stable").index[:int(count)]
    labels = _allocations().COMPONENT_LABELS
    return pd.DataFrame({
        "component": list(order),
        "label": [labels[c] for c in order],
        "need_index": [float(values[c]) for c in order],
        "difference": [float(values[c]) - 1.0 for c in order],
    })


def fair_shares(icb_code: str, national_sum: float | None = None) -> pd.DataFrame:
    """The ICB's fair share of a stated national sum, in each year it has data.

    Parameters
    ----------
    icb_code : str
        The ICB's code.
    national_sum : float, optional
        Pounds to share between all the ICBs of each year by core weighted population
        (default :func:`commlib.widgets.allocations.default_national_sum`, the 2024/25 ICB
        core services total).

    Returns
    -------
    pandas.DataFrame
        One row per year (index ``year``): ``share`` (pounds, to the penny),
        ``share_fraction``, ``share_per_head`` (pounds per registered person),
        ``population`` and ``icb_count`` (ICBs sharing the sum that year), from
        :func:`commlib.widgets.allocations.icb_allocation_summary`. ``attrs`` holds
        ``national_sum`` and ``national_label`` (what the sum is, its year and amount).
    """
    _check_icb(icb_code)
    allocations = _allocations()
    default = national_sum is None
    national_sum = allocations.default_national_sum() if default else float(national_sum)
    rows = {}
    for year in _icb_years(icb_code):
        summary = allocations.icb_allocation_summary(icb_code, year, national_sum)
        rows[year] = {key: summary[key] for key in
                      ("share", "share_fraction", "share_per_head", "population", "icb_count")}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    out["icb_count"] = out["icb_count"].astype("int64")
    out.attrs["national_sum"] = national_sum
    out.attrs["national_label"] = allocations.default_national_label() if default else None
    return out


@functools.lru_cache(maxsize=1)
def _sub_icb_years() -> tuple[str, ...]:
    table = data.load("allocation_practices")
    recorded = table.groupby("year")["sub_icb_code"].apply(lambda s: bool(s.notna().any()))
    return tuple(sorted(recorded[recorded].index))


def sub_icb_years() -> list[str]:
    """Years of ``data/allocation_practices`` that record each practice's sub-ICB location."""
    return list(_sub_icb_years())


@functools.lru_cache(maxsize=1)
def _former_ccgs() -> dict[str, str]:
    table = data.load("sub_icb_locations")
    return dict(zip(table["sub_icb_code"], table["former_ccg_name"], strict=True))


def place_table(icb_code: str, by: str) -> tuple[str | None, pd.DataFrame | None]:
    """The ICB's places of one kind and their need (core services), for one year.

    The year is the ICB's latest in the practice data; sub-ICB locations, recorded only in
    :func:`sub_icb_years`, use the latest of those years the ICB has. Each sub-ICB location is
    named by the CCG it replaced (``data/sub_icb_locations``), with its code.

    Returns
    -------
    (year, table)
        ``table`` is :func:`commlib.places.place_need` of the ICB's practices grouped ``by``
        (``"sub_icb"``, ``"la"`` or ``"pcn"``): ``practices``, ``population``,
        ``weighted_population``, ``need_index`` (the ICB = 1), ``need_index_england``
        (England = 1), ``share_of_weighted_population``. ``(None, None)`` when the kind of
        place is not recorded in any year the ICB has (sub-ICB locations of an ICB formed in
        April 2026).
    """
    if by not in PLACE_KINDS:
        raise ValueError(f"by ({by!r}) must be one of {', '.join(PLACE_KINDS)}")
    _check_icb(icb_code)
    present = [y for y in _practice_years() if y in _icb_years(icb_code)]
    if by == "sub_icb":
        present = [y for y in present if y in _sub_icb_years()]
    if not present:
        return None, None
    year = present[-1]
    rows = places.practices(year, icb_code)
    grouping: Any = by
    if by == "sub_icb":
        names = _former_ccgs()
        grouping = {p: f"{names.get(s, 'Sub-ICB location')} ({s})" for p, s in
                    zip(rows["practice_code"], rows["sub_icb_code"], strict=True)
                    if isinstance(s, str) and s}
    return year, places.place_need(rows, grouping, "wp_core")


@functools.lru_cache(maxsize=1)
def _pairs() -> tuple[str, str, pd.DataFrame]:
    # The April 2026 mergers: the first pair of years whose ICB codes differ.
    table = data.load("allocation_practices")
    codes = {year: set(rows["icb_code"]) for year, rows in table.groupby("year")}
    ordered = sorted(codes)
    changes = [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if codes[a] != codes[b]]
    if not changes:
        raise ValueError("the practice data show no change of ICBs between two years")
    from_year, to_year = changes[0]
    return from_year, to_year, mergers.predecessors(from_year, to_year)


def merger(icb_code: str) -> dict[str, Any]:
    """How the ICB was touched by the April 2026 mergers (:func:`commlib.mergers.predecessors`).

    Returns
    -------
    dict
        ``from_year``, ``to_year``; ``kind`` (``"unchanged"``, ``"enlarged"``, ``"merged"``,
        ``"boundary change"`` for an ICB of ``to_year``; ``"succeeded"`` for an ICB that
        ended with ``from_year``; ``None`` for neither); ``predecessors`` (rows of
        :func:`commlib.mergers.predecessors` whose successor is the ICB) and ``successors``
        (rows whose predecessor is the ICB, for one that ended), as DataFrames (maybe empty).
    """
    _check_icb(icb_code)
    from_year, to_year, pairs = _pairs()
    before = pairs[pairs["successor_code"] == icb_code].reset_index(drop=True)
    after = pairs[(pairs["predecessor_code"] == icb_code)
                  & (pairs["successor_code"] != icb_code)].reset_index(drop=True)
    if not before.empty:
        kind = str(before["kind"].iloc[0])
    elif not after.empty:
        kind = "succeeded"
    else:
        kind = None
    return {"from_year": from_year, "to_year": to_year, "kind": kind,
            "predecessors": before, "successors": after}


def match_year(icb_code: str, payments_year: str) -> str:
    """The year of ``data/allocation_practices`` used to find an ICB's practices in the
    payments data: ``payments_year`` if the ICB has practice data then, else the nearest year
    it has (the earlier of two equally near)."""
    _check_icb(icb_code)
    present = [y for y in _practice_years() if y in _icb_years(icb_code)]
    if not present:
        raise ValueError(f"{_check_icb(icb_code)['icb_name']} has no practice data in any year")
    start = int(payments_year[:4])
    return min(present, key=lambda y: (abs(int(y[:4]) - start), y))


@functools.lru_cache(maxsize=1)
def _payments() -> pd.DataFrame:
    return data.load("gp_payments_practices")


def gp_payments(icb_code: str) -> dict[str, Any]:
    """GP practice payments per weighted patient, the ICB's practices against England's.

    The payments are the latest year of ``data/gp_payments_practices``; the ICB's practices
    are those listed for it in ``data/allocation_practices`` of :func:`match_year`, found in
    that year's payments by practice code.

    Returns
    -------
    dict
        ``year`` (of the payments), ``match_year``, ``icb_practices`` (the ICB's practices in
        ``match_year``), ``matched`` (of those, how many are in the payments data), and
        ``icb`` and ``england``: rows of :func:`commlib.primary_care.payment_summary`
        (``practices``, ``median_per_weighted_patient`` and its quartiles, £ per weighted
        patient, ...) for the matched practices and for every practice in England that year
        (``icb`` is ``None`` when no practice matched); ``difference``: the ICB's median over
        England's, less 1 (``None`` when no practice matched).
    """
    _check_icb(icb_code)
    payments = _payments()
    year = sorted(payments["year"].unique())[-1]
    rows = payments[payments["year"] == year]
    matching = match_year(icb_code, year)
    codes = set(places.practices(matching, icb_code)["practice_code"])
    mine = rows[rows["practice_code"].isin(codes)]
    england = primary_care.payment_summary(rows, by="year").loc[year]
    icb = primary_care.payment_summary(mine, by="year").loc[year] if not mine.empty else None
    if icb is not None and icb["practices"] == 0:
        icb = None
    difference = (None if icb is None else
                  float(icb["median_per_weighted_patient"]
                        / england["median_per_weighted_patient"]) - 1.0)
    return {"year": year, "match_year": matching, "icb_practices": len(codes),
            "matched": int(mine["practice_code"].nunique()), "icb": icb, "england": england,
            "difference": difference}


@functools.lru_cache(maxsize=64)
def _briefing(icb_code: str) -> dict[str, Any]:
    identity = _check_icb(icb_code)
    return {
        "icb_code": icb_code,
        "icb_name": str(identity["icb_name"]),
        "region": str(identity["region"]),
        "first_year": str(identity["first_year"]),
        "last_year": str(identity["last_year"]),
        "latest_year": latest_year(),
        "years": years(),
        "population": population(icb_code),
        "need": need_by_year(icb_code),
        "drivers": drivers(icb_code),
        "fair_shares": fair_shares(icb_code),
        "places": {by: place_table(icb_code, by) for by in PLACE_KINDS},
        "sub_icb_years": sub_icb_years(),
        "merger": merger(icb_code),
        "gp_payments": gp_payments(icb_code),
    }


def briefing(icb_code: str) -> dict[str, Any]:
    """Everything one ICB's briefing shows (a fresh copy: change it freely).

    Keys: ``icb_code``, ``icb_name``, ``region``, ``first_year`` and ``last_year`` (of the
    ICB), ``latest_year`` and ``years`` (of the data), ``population`` (:func:`population`),
    ``need`` (:func:`need_by_year`), ``drivers`` (:func:`drivers`, the ICB's latest year),
    ``fair_shares`` (:func:`fair_shares` of the default national sum), ``places`` (kind ->
    :func:`place_table`), ``sub_icb_years``, ``merger`` (:func:`merger`) and ``gp_payments``
    (:func:`gp_payments`).
    """
    return copy.deepcopy(_briefing(icb_code))
