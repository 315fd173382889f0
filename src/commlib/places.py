"""Fair shares for places inside an ICB, built up from GP practices.

This follows NHS England's ICB place-based allocation tool: a *place* is a set of GP
practices (a local authority, a sub-ICB location, a primary care network or any list you
choose); its weighted population is the sum of its practices' weighted populations; its
need index compares weighted population per head with the ICB's (and England's); and a sum
of money is shared between places in proportion to weighted population.

Units: populations in people, weighted populations in weighted people, money in pounds,
need indices unitless (1 = average), shares as fractions.

Source
------
NHS England, ICB place-based allocation tools for 2023/24 to 2026/27 (GP practice registered
and weighted populations by component of the allocation formula), table
``allocation_practices``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from commlib import data
from commlib._validate import check_columns
from commlib.allocation import round_to_total_pence, to_pence, weighted_capitation

__all__ = [
    "COMPONENTS",
    "GROUPINGS",
    "custom_place",
    "england_totals",
    "group_places",
    "icbs",
    "place_allocation",
    "place_allocation_all_components",
    "need_profile",
    "place_need",
    "practices",
    "years",
]

#: Weighted-population columns of the allocation formula, in order, with plain labels.
COMPONENTS: dict[str, str] = {
    "wp_general_acute": "General and acute",
    "wp_community": "Community services",
    "wp_mental_health": "Mental health",
    "wp_maternity": "Maternity",
    "wp_health_inequalities": "Health inequalities",
    "wp_prescribing": "Prescribing",
    "wp_core": "Core services (combined)",
    "wp_primary_medical_care_final": "Primary medical care",
}

#: Named groupings of practices into places: key -> (plain name, label for practices without).
GROUPINGS: dict[str, tuple[str, str]] = {
    "pcn": ("primary care network (PCN)", "No PCN recorded"),
    "la": ("local authority", "No local authority recorded"),
    "sub_icb": ("sub-ICB location", "No sub-ICB location recorded"),
    "icb": ("ICB", "No ICB recorded"),
    "practice": ("GP practice", "No practice code recorded"),
}

#: Sentences of :func:`custom_place` (the site's twin shows the same, filled in).
NO_PRACTICE = "Pick at least one GP practice to make a place."
UNKNOWN_PRACTICE = ("There is no GP practice with the code {code} in the {year} list: pick "
                    "practices from the list or the map.")
NO_PATIENTS = "The practices chosen have no registered patients in {year}: pick others."

_TABLE = "allocation_practices"
_UNLISTED = "Practices not in the list"


def _table() -> pd.DataFrame:
    return data.load(_TABLE)


def _version() -> tuple:
    """Identifies the current practice table (folder and file time), for the caches below."""
    path = data.table_path(_TABLE)
    try:
        return (str(path), path.stat().st_mtime_ns)
    except OSError:
        return (str(path), None)


@functools.lru_cache(maxsize=64)
def _selection(version: tuple, year: str, icb_code: str | None) -> pd.DataFrame:
    """One year's (and optionally one ICB's) practices, read once per version of the table."""
    table = _table()
    rows = _check_year(table, year)
    totals = {column: float(value) for column, value in
              rows[["population", *COMPONENTS]].sum().items()}
    if icb_code is not None:
        selected = rows[rows["icb_code"] == icb_code]
        if selected.empty:
            raise ValueError(
                f"no ICB with code {icb_code!r} in {year}: see commlib.places.icbs({year!r}) "
                "for the codes and names of that year's ICBs"
            )
        rows = selected
    rows = rows.reset_index(drop=True)
    rows.attrs["england_totals"] = totals
    return rows


def years() -> list[str]:
    """Financial years with practice allocation data, oldest first."""
    return sorted(_table()["year"].dropna().unique().tolist())


def _check_year(table: pd.DataFrame, year: str) -> pd.DataFrame:
    rows = table[table["year"] == year]
    if rows.empty:
        available = sorted(table["year"].dropna().unique().tolist())
        raise ValueError(f"no allocation data for {year}: choose one of {', '.join(available)}")
    return rows


def england_totals(year: str) -> pd.Series:
    """England's registered population and weighted population of each component in ``year``.

    Returns
    -------
    pandas.Series
        ``population`` (people) and each column of :data:`COMPONENTS` (weighted people).
    """
    return pd.Series(_selection(_version(), year, None).attrs["england_totals"], name=year)


def icbs(year: str) -> pd.DataFrame:
    """The ICBs in ``year``: code, name and region, one row each (for choosing ``icb_code``)."""
    rows = _check_year(_table(), year)
    return (rows[["icb_code", "icb_name", "region"]].drop_duplicates("icb_code")
            .sort_values("icb_name").reset_index(drop=True))


def practices(year: str, icb_code: str | None = None) -> pd.DataFrame:
    """GP practices with their populations and weighted populations for a year.

    Parameters
    ----------
    year : str
        Financial year, e.g. "2024/25" (see :func:`years`).
    icb_code : str, optional
        Keep only this ICB's practices (e.g. "QHM"); see :func:`icbs` for codes.

    Returns
    -------
    pandas.DataFrame
        Rows of table ``allocation_practices``. ``attrs["england_totals"]`` holds England's
        totals for the year (a dict like :func:`england_totals`), so :func:`place_need` can
        give need relative to England as well as to the ICB.

    Source
    ------
    NHS England, ICB place-based allocation tool (GP practice weighted populations).
    """
    return _selection(_version(), year, icb_code).copy()


def _year_label(frame: pd.DataFrame) -> str:
    if "year" in frame.columns:
        found = frame["year"].dropna().unique().tolist()
        if len(found) == 1:
            return str(found[0])
    return "these practices"


def _labels(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """A column as an object array of stripped strings, and a mask of its blank cells."""
    text = frame[column].astype("string").str.strip()
    blank = (text.isna() | text.eq("")).to_numpy(dtype=bool)
    return text.to_numpy(dtype=object, na_value=None), blank


def _column_places(frame: pd.DataFrame, by: str, column: str, label_column: str | None = None
                   ) -> pd.Series:
    plain, missing_label = GROUPINGS[by]
    codes, blank = _labels(frame, column) if column in frame.columns else (None, None)
    if codes is None or blank.all():
        where = _year_label(frame)
        where = f"the {where} allocation data" if where != "these practices" else where
        raise ValueError(
            f"{plain[0].upper()}{plain[1:]} is not recorded in {where}, so practices cannot "
            f"be grouped by {plain}: group them by local authority, or by sub-ICB location in "
            "a year that records it, or list the practices of each place"
        )
    names = codes
    if label_column is not None and label_column in frame.columns:
        labels, no_label = _labels(frame, label_column)
        names = np.where(no_label, codes, labels)
    names = np.where(blank, missing_label, names)
    return pd.Series(names, index=frame.index, name="place", dtype=object)


def group_places(practices: pd.DataFrame, by) -> pd.Series:
    """The place each practice belongs to.

    Parameters
    ----------
    practices : pandas.DataFrame
        Practice rows (see :func:`practices`).
    by : str or mapping
        ``"la"`` (local authority), ``"sub_icb"`` (sub-ICB location), ``"pcn"`` (primary care
        network), ``"icb"``, ``"practice"`` (each practice its own place), or a mapping
        ``{practice_code: place name}`` for a custom list; practices missing from the mapping
        go into a place called "Practices not in the list".

    Returns
    -------
    pandas.Series
        Place name per practice (same index as ``practices``). Practices with no value for
        the grouping go into a place named plainly, e.g. "No PCN recorded".

    Raises
    ------
    ValueError
        If the grouping is not recorded in the data (PCN in every year; sub-ICB in 2025/26
        and 2026/27), or a mapping names a practice that is not there.
    """
    if isinstance(by, Mapping):
        if "practice_code" not in practices.columns:
            raise ValueError("practices has no practice_code column to match the mapping to")
        codes = practices["practice_code"].astype(object)
        unknown = set(by) - set(codes)
        if unknown:
            first = sorted(map(str, unknown))[0]
            raise ValueError(
                f"the list of places names practice {first!r}, which is not among the "
                f"practices given ({_year_label(practices)}); check the code and year"
            )
        return codes.map(dict(by)).fillna(_UNLISTED).astype(object).rename("place")
    if not isinstance(by, str) or by not in GROUPINGS:
        raise ValueError(
            f"by ({by!r}) must be one of {', '.join(repr(k) for k in GROUPINGS)}, or a mapping "
            "of practice codes to place names"
        )
    if by == "pcn":
        return _column_places(practices, by, "pcn_code", "pcn_name")
    if by == "la":
        return _column_places(practices, by, "la_code", "la_name")
    if by == "icb":
        return _column_places(practices, by, "icb_code", "icb_name")
    if by == "practice":
        return _column_places(practices, by, "practice_code")
    places = _column_places(practices, by, "sub_icb_code", "sub_icb_name")
    if "sub_icb_name" not in practices.columns and "icb_name" in practices.columns:
        # Sub-ICB locations are named "<ICB name> - <code>" (see table allocation_sub_icb).
        missing_label = GROUPINGS["sub_icb"][1]
        icb_names = practices["icb_name"].to_numpy(dtype=object, na_value="")
        named = [p if p == missing_label else f"{i} - {p}"
                 for i, p in zip(icb_names, places.to_numpy(), strict=True)]
        places = pd.Series(named, index=practices.index, name="place", dtype=object)
    return places


def _check_component(component: str) -> None:
    if component not in COMPONENTS:
        options = "; ".join(f"{k} ({v.lower()})" for k, v in COMPONENTS.items())
        raise ValueError(f"component ({component!r}) must be one of: {options}")


def _place_order(names: pd.Index) -> np.ndarray:
    """Places in name order, with the catch-all places ("No PCN recorded", ...) last."""
    labels = names.astype(str)
    catch_all = labels.str.startswith("No ") | (labels == _UNLISTED)
    order = np.lexsort((labels.to_numpy(), np.asarray(catch_all)))
    return names[order]


def _sums(practices: pd.DataFrame, by, columns: list[str]) -> pd.DataFrame:
    """Practice count and column sums per place, places in :func:`_place_order`."""
    place = group_places(practices, by)
    check_columns("practices", practices, columns)
    codes, uniques = pd.factorize(place.to_numpy(), sort=False)
    order = _place_order(pd.Index(uniques, dtype=object))
    position = pd.Index(uniques, dtype=object).get_indexer(order)
    values = {"practices": np.bincount(codes, minlength=len(uniques))[position].astype("int64")}
    for column in columns:
        weights = practices[column].to_numpy(dtype=float)
        values[column] = np.bincount(codes, weights=weights, minlength=len(uniques))[position]
    return pd.DataFrame(values, index=pd.Index(order, name="place", dtype=object))


def place_need(practices: pd.DataFrame, by, component: str = "wp_core") -> pd.DataFrame:
    """Population, weighted population and relative need of each place.

    Parameters
    ----------
    practices : pandas.DataFrame
        Practice rows, usually one ICB's (see :func:`practices`).
    by : str or mapping
        How practices form places (see :func:`group_places`).
    component : str
        Weighted-population column, a key of :data:`COMPONENTS` (default core services).

    Returns
    -------
    pandas.DataFrame
        One row per place (index ``place``): ``practices``, ``population`` (people),
        ``weighted_population`` (weighted people), ``need_index`` (relative to all the
        practices given: the ICB = 1), ``need_index_england`` (relative to England = 1, when
        ``practices.attrs["england_totals"]`` is there, as :func:`practices` sets), and
        ``share_of_weighted_population`` (fraction of the practices' total).

    Source
    ------
    NHS England, ICB place-based allocation tool: need index = (place weighted / place
    population) / (ICB or England weighted / population).
    """
    _check_component(component)
    sums = _sums(practices, by, ["population", component])
    population = sums["population"].to_numpy(dtype=float)
    weighted = sums[component].to_numpy(dtype=float)
    total_population, total_weighted = population.sum(), weighted.sum()
    if total_population <= 0 or total_weighted <= 0:
        raise ValueError("practices must have some population and weighted population")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_head = np.where(population > 0, weighted / population, np.nan)
    columns = {
        "practices": sums["practices"].to_numpy(),
        "population": population,
        "weighted_population": weighted,
        "need_index": per_head / (total_weighted / total_population),
    }
    totals = practices.attrs.get("england_totals")
    if totals is not None and component in totals:
        columns["need_index_england"] = per_head / (totals[component] / totals["population"])
    columns["share_of_weighted_population"] = weighted / total_weighted
    return pd.DataFrame(columns, index=sums.index)


def need_profile(practices: pd.DataFrame, by, whole: str = "All these practices"
                 ) -> pd.DataFrame:
    """Every need index of every place, and of all the practices together, against England.

    One view of a place's need: for each component of the formula, weighted population per
    head against England's (England = 1), for each place and, in a last row named ``whole``,
    for all the practices given (usually the ICB). A place above the last row in a column
    needs more than its ICB in that service; above 1, more than England.

    Parameters
    ----------
    practices : pandas.DataFrame
        Practice rows with ``attrs["england_totals"]``, as :func:`practices` returns them.
    by : str or mapping
        How practices form places (see :func:`group_places`).
    whole : str
        Name of the last row (for example the ICB's name).

    Returns
    -------
    pandas.DataFrame
        Index: the places in :func:`place_need`'s order, then ``whole``; one column per key
        of :data:`COMPONENTS`, in that order (need index, England = 1; NaN for a place with
        no registered patients).
    """
    totals = practices.attrs.get("england_totals")
    if totals is None:
        raise ValueError("England's totals are needed to compare with England: take the "
                         "practices from commlib.places.practices(year).")
    components = list(COMPONENTS)
    sums = _sums(practices, by, ["population", *components])
    if whole in sums.index:
        raise ValueError(f"A place is already named {whole!r}: give the whole another name.")
    population = sums["population"].to_numpy(dtype=float)
    total_population = population.sum()
    if total_population <= 0:
        raise ValueError("practices must have some population and weighted population")
    columns = {}
    for component in components:
        weighted = sums[component].to_numpy(dtype=float)
        england = totals[component] / totals["population"]
        with np.errstate(divide="ignore", invalid="ignore"):
            per_head = np.where(population > 0, weighted / population, np.nan)
        columns[component] = np.append(per_head / england,
                                       (weighted.sum() / total_population) / england)
    return pd.DataFrame(columns, index=pd.Index([*sums.index, whole], name="place",
                                                dtype=object))


def place_allocation(practices: pd.DataFrame, by, total, component: str = "wp_core"
                     ) -> pd.DataFrame:
    """Share ``total`` between places in proportion to their weighted population.

    Parameters
    ----------
    practices : pandas.DataFrame
        Practice rows, usually one ICB's (see :func:`practices`).
    by : str or mapping
        How practices form places (see :func:`group_places`).
    total : float
        Money to share, pounds (a whole number of pence).
    component : str
        Weighted-population column to share by, a key of :data:`COMPONENTS`.

    Returns
    -------
    pandas.DataFrame
        :func:`place_need`'s columns plus ``allocation`` (pounds, to the penny; the places'
        allocations add back to ``total`` exactly, by largest-remainder rounding) and
        ``allocation_per_head`` (pounds per registered person).

    Source
    ------
    NHS England, ICB place-based allocation tool; weighted capitation as in
    :func:`commlib.allocation.weighted_capitation`.
    """
    result = place_need(practices, by, component)
    allocation = weighted_capitation(total, result["weighted_population"]).to_numpy()
    population = result["population"].to_numpy()
    result["allocation"] = allocation
    with np.errstate(divide="ignore", invalid="ignore"):
        result["allocation_per_head"] = np.where(population > 0, allocation / population, np.nan)
    return result


def place_allocation_all_components(year: str, icb_code: str | None = None, by="practice",
                                    total=1_000_000_000.00) -> pd.DataFrame:
    """Fair shares of ``total`` for every place under every component of the formula.

    Shows how the split of one sum would change with the weighting used: each column shares
    ``total`` in proportion to one component's weighted population.

    Parameters
    ----------
    year : str
        Financial year (see :func:`years`).
    icb_code : str, optional
        One ICB's practices; all of England if omitted.
    by : str or mapping
        How practices form places (see :func:`group_places`); default each practice.
    total : float
        Money to share under each component, pounds (default £1bn).

    Returns
    -------
    pandas.DataFrame
        One row per place (index ``place``), one column per key of :data:`COMPONENTS`,
        pounds to the penny; every column adds up to ``total`` exactly.

    Source
    ------
    NHS England, ICB place-based allocation tool.
    """
    rows = practices(year, icb_code)
    components = list(COMPONENTS)
    sums = _sums(rows, by, components)
    total_pence = to_pence("total", total)
    weights = sums[components].to_numpy(dtype=float)
    column_totals = weights.sum(axis=0)
    if np.any(column_totals <= 0):
        raise ValueError("every component needs some weighted population to share a total")
    exact = weights / column_totals * total_pence
    pence = np.column_stack([round_to_total_pence(exact[:, j], total_pence)
                             for j in range(len(components))])
    return pd.DataFrame(pence / 100.0, index=sums.index, columns=components)


def _sequential_sum(values: np.ndarray) -> float:
    """Sum in order, one value at a time: a browser reproduces it bit for bit (numpy's
    pairwise sum would give the same to within rounding, but not always the same bits)."""
    total = 0.0
    for value in values.tolist():
        total += value
    return total


def custom_place(year: str, practice_codes, national_sum) -> pd.DataFrame:
    """A place of the reader's own: the practices chosen, their need and their fair share.

    Parameters
    ----------
    year : str
        Financial year (see :func:`years`).
    practice_codes : iterable of str
        The practices that make the place (ODS codes, e.g. "B82005"), from any ICBs.
    national_sum : float
        Money shared across England by need, pounds (a whole number of pence): the place's
        fair share is its part of it.

    Returns
    -------
    pandas.DataFrame
        One row per component of :data:`COMPONENTS` (index ``component``): ``population``
        (people, the same in every row), ``weighted_population`` (weighted people),
        ``need_index_england`` (England = 1), ``fair_share`` (pounds, to the penny: the
        place's part of ``national_sum`` when England's weighted population is shared between
        the place and the rest of England) and ``fair_share_per_head`` (pounds per person).
        ``attrs["practices"]`` holds the chosen practices' rows, in the table's order.

    Raises
    ------
    ValueError
        If no practice is chosen, a code is not in the year's list, or ``national_sum`` is
        not a positive whole number of pence.

    Source
    ------
    NHS England, ICB place-based allocation tool (a place is any set of GP practices).
    """
    codes = [str(code).strip().upper() for code in practice_codes if str(code).strip()]
    if not codes:
        raise ValueError(NO_PRACTICE)
    rows = practices(year)
    known = set(rows["practice_code"])
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValueError(UNKNOWN_PRACTICE.format(code=unknown[0], year=year))
    total_pence = to_pence("national_sum", national_sum)
    if total_pence <= 0:
        raise ValueError("The national sum to share must be more than zero.")
    chosen = rows[rows["practice_code"].isin(set(codes))]
    totals = rows.attrs["england_totals"]
    population = _sequential_sum(chosen["population"].to_numpy(dtype=float))
    if population <= 0:
        raise ValueError(NO_PATIENTS.format(year=year))
    out = {}
    for component in COMPONENTS:
        weighted = _sequential_sum(chosen[component].to_numpy(dtype=float))
        england_weighted = float(totals[component])
        # The place and the rest of England share the sum, to the penny.
        exact = np.array([weighted, max(england_weighted - weighted, 0.0)]) \
            / england_weighted * total_pence
        pence = round_to_total_pence(exact, total_pence)[0]
        share = pence / 100.0
        out[component] = {
            "population": population,
            "weighted_population": weighted,
            "need_index_england": (weighted / population)
            / (england_weighted / float(totals["population"])),
            "fair_share": share,
            "fair_share_per_head": share / population,
        }
    result = pd.DataFrame.from_dict(out, orient="index")
    result.index.name = "component"
    result.attrs["practices"] = chosen
    return result
