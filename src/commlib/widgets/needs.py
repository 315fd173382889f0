"""Needs assessment with real data (chapter 1): sizes of areas and need indices.

The need index of an area is :func:`commlib.allocation.need_index` over NHS England's
registered and weighted populations (``data/allocation_icb`` and ``data/allocation_sub_icb``):
relative to England = 1. :func:`level_sizes` gives the size of every level of commissioning in
one year; :func:`icb_needs` every ICB's need index in one year; :func:`need_tables` adds the
sub-ICB locations (only the years whose files name them); :func:`live_explorer` shows one
ICB's sub-ICB locations for a chosen component of the formula.

Which year is which (see ``data/allocation_practices.json``): the allocation tool's files for
2023/24 and 2024/25 reuse one practice list of about 2022 (the same practices in both, with the
registered population in a column headed "pop 2022/23"); only those two files name sub-ICB
locations. The files from 2026/27 carry the 36 ICBs formed on 1 April 2026.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from commlib import allocation, data, fmt, plots, review
from commlib.places import COMPONENTS
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = ["YEAR", "LEVELS", "years", "financial_year_of", "current_year", "level_sizes",
           "icb_needs", "need_tables", "sub_icb_labels", "find_icb", "icb_text", "sub_icb_bars",
           "every_icb_order", "render", "render_every_icb", "live_explorer"]

#: Levels of commissioning: reader-facing name -> (table in ``data/``, its area code column).
LEVELS = {
    "GP practice": ("allocation_practices", "practice_code"),
    "Primary care network (PCN)": ("allocation_pcn", "pcn_code"),
    "Sub-ICB location": ("allocation_sub_icb", "sub_icb_code"),
    "Integrated care board (ICB)": ("allocation_icb", "icb_code"),
    "NHS England region": ("allocation_region", "region_code"),
}


def years(table: str = "allocation_icb") -> list[str]:
    """The financial years with rows in ``table`` (a ``data/allocation_*`` table), in order."""
    return sorted(data.load(table)["year"].unique())


def financial_year_of(month: str) -> str:
    """The NHS financial year (April to March) holding ``month``: ``"2026-12"`` -> ``"2026/27"``.

    Raises
    ------
    ValueError
        If ``month`` is not a year and month written YYYY-MM.
    """
    year, number = review.parse_month(month)
    start = year - (1 if number < 4 else 0)
    return f"{start}/{(start + 1) % 100:02d}"


def current_year(page: str = "book/01-commissioning-cycle/needs-and-geography") -> str:
    """The financial year a page calls "today": the one holding the month the page was last
    reviewed (``data/page_reviews``), so "today" moves when the page is next reviewed.

    Raises
    ------
    ValueError
        If the page has no review row, or the allocation data have no practices for that year.
    """
    reviews = data.load("page_reviews").set_index("page")
    if page not in reviews.index:
        raise ValueError(f"page {page!r} has no row in data/page_reviews.csv")
    year = financial_year_of(reviews.at[page, "last_reviewed"])
    if year not in years("allocation_practices"):
        raise ValueError(f"the allocation data have no GP practices for {year}, the year this "
                         "page was last reviewed: add that year's allocation tool files")
    return year


#: Height of each bar (px) in the chart of every ICB (about 40 bars).
EVERY_ICB_BAR_HEIGHT = 18

#: The latest year whose files name sub-ICB locations (used by the place explorer).
YEAR = years("allocation_sub_icb")[-1]


def level_sizes(year: str) -> pd.DataFrame:
    """How many areas each level of commissioning has in ``year``, and their populations.

    Levels whose table has no rows for ``year`` (sub-ICB locations after 2024/25) are given
    for the latest earlier year that has them; the ``year`` column says which.

    Returns
    -------
    pandas.DataFrame
        One row per level of :data:`LEVELS`, then England: ``level``, ``year``, ``areas``,
        ``smallest``, ``median`` and ``largest`` (registered population, people).
    """
    if year not in years("allocation_practices"):
        raise ValueError(f"year must be one of {', '.join(years('allocation_practices'))} "
                         f"(got {year!r})")
    rows = []
    for level, (table, _code) in LEVELS.items():
        frame = data.load(table)
        earlier = [y for y in sorted(frame["year"].unique()) if y <= year]
        if not earlier:
            continue
        used = year if year in earlier else earlier[-1]
        frame = frame[frame["year"] == used]
        rows.append({"level": level, "year": used, "areas": len(frame),
                     "smallest": float(frame["population"].min()),
                     "median": float(frame["population"].median()),
                     "largest": float(frame["population"].max())})
    regions = data.load("allocation_region")
    england = float(regions.loc[regions["year"] == year, "population"].sum())
    rows.append({"level": "England", "year": year, "areas": 1, "smallest": england,
                 "median": england, "largest": england})
    return pd.DataFrame(rows)


def icb_needs(year: str) -> pd.DataFrame:
    """Need index (England = 1) of every ICB in ``year``, for every component.

    Returns one row per ICB (index: ICB code) with ``icb_name``, ``region``, ``population``
    (people) and one ``need_<component>`` column per key of :data:`commlib.places.COMPONENTS`.
    """
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == year].set_index("icb_code")
    if icb.empty:
        raise ValueError(f"there is no ICB table for {year}: pick one of "
                         f"{', '.join(years('allocation_icb'))}")
    out = icb[["icb_name", "region", "population"]].copy()
    for component in COMPONENTS:
        out[f"need_{component}"] = allocation.need_index(icb["population"], icb[component])
    return out


def sub_icb_labels(year: str = YEAR) -> pd.Series:
    """A readable label per sub-ICB location: the name of the place it covers, from the CCG it
    replaced in July 2022 (``data/sub_icb_locations``), and its code: ``NHS Vale of York (03Q)``.

    A code missing from that table is labelled by the local authority holding most of its
    registered population in ``year``: ``03Q (mostly York)``.
    """
    practices = data.load("allocation_practices")
    practices = practices[practices["year"] == year]
    biggest = (practices.groupby(["sub_icb_code", "la_name"])["population"].sum()
               .reset_index()
               .sort_values(["sub_icb_code", "population", "la_name"],
                            ascending=[True, False, True])
               .drop_duplicates("sub_icb_code")
               .set_index("sub_icb_code")["la_name"])
    names = data.load("sub_icb_locations").set_index("sub_icb_code")["place_name"]
    return pd.Series({code: (f"{names[code]} ({code})" if code in names.index
                             else f"{code} (mostly {la})") for code, la in biggest.items()},
                     name="label")


def need_tables(year: str = YEAR) -> dict[str, pd.DataFrame]:
    """Need indices (England = 1) of every ICB and sub-ICB location, for every component.

    Only the years whose files name sub-ICB locations (2023/24 and 2024/25) have both.

    Returns
    -------
    dict
        ``{"icb": frame, "sub_icb": frame}``; each frame has the area's code, name, ICB,
        ``population`` (people) and one ``need_<component>`` column per key of
        :data:`commlib.places.COMPONENTS`.
    """
    sub = data.load("allocation_sub_icb")
    sub = sub[sub["year"] == year].set_index("sub_icb_code")
    if sub.empty:
        raise ValueError(f"the allocation files for {year} do not name sub-ICB locations: "
                         f"pick one of {', '.join(years('allocation_sub_icb'))}")
    out = {
        "icb": icb_needs(year),
        "sub_icb": sub[["icb_code", "icb_name", "population"]].copy(),
    }
    out["sub_icb"]["label"] = sub_icb_labels(year).reindex(sub.index)
    for component in COMPONENTS:
        out["sub_icb"][f"need_{component}"] = allocation.need_index(sub["population"],
                                                                    sub[component])
    for frame in out.values():
        frame.attrs["year"] = year
    return out


def find_icb(icbs: pd.DataFrame, text: str) -> str:
    """The ICB code whose name contains ``text`` (ignoring case and the 'NHS ... ICB' words)."""
    wanted = icb_text(text)
    if not wanted:
        raise ValueError("type part of an ICB's name, for example 'Humber' or 'Cornwall'")
    for code, name in icbs["icb_name"].items():
        if str(name).casefold() == wanted or str(code).casefold() == wanted:
            return code
    for code, name in icbs["icb_name"].items():
        if wanted in str(name).casefold():
            return code
    raise ValueError(f"no ICB's name contains '{text}': try a place such as 'Humber', "
                     "'Birmingham' or 'Kent'")


def icb_text(text: object) -> str:
    """What the explorer reads from the ICB box: its words, case folded (``""`` if none)."""
    return " ".join(str(text or "").split()).casefold()


def sub_icb_bars(tables: dict[str, pd.DataFrame], code: str,
                 component: str) -> dict[str, float]:
    """The bars of one ICB: its own need index, then its sub-ICB locations' (lowest first)."""
    column = f"need_{component}"
    name = str(tables["icb"].loc[code, "icb_name"])
    places = tables["sub_icb"][tables["sub_icb"]["icb_code"] == code].sort_values(
        column, kind="stable")
    bars = {f"{name} (whole ICB)": float(tables["icb"].loc[code, column])}
    bars.update({str(r.label): float(getattr(r, column)) for r in places.itertuples()})
    return bars


def every_icb_order(tables: dict[str, pd.DataFrame], component: str) -> list[str]:
    """ICB codes from the lowest need index for ``component`` to the highest."""
    return list(tables["icb"].sort_values(f"need_{component}", kind="stable").index)


def _check_component(component: str) -> None:
    if component not in COMPONENTS:
        raise ValueError(f"component must be one of {', '.join(COMPONENTS)}")


def render_every_icb(tables: dict[str, pd.DataFrame], component: str) -> str:
    """Bars of every ICB's need index (England = 1) for one component, lowest first."""
    _check_component(component)
    year = tables["sub_icb"].attrs.get("year", YEAR)
    column = f"need_{component}"
    part = COMPONENTS[component].lower()
    icbs = tables["icb"]
    order = every_icb_order(tables, component)
    bars = {str(icbs.loc[c, "icb_name"]): float(icbs.loc[c, column]) for c in order}
    chart = plots.svg_bars(
        bars,
        title=f"Need index, {part}, every ICB, {year}",
        value_label="Need index (England = 1)",
        value_format=fmt.index,
        bar_height=EVERY_ICB_BAR_HEIGHT,
        reference=1.0,
        reference_label="England = 1",
    )
    low, high = order[0], order[-1]
    sentence = (f"Every ICB in {year}: need index for {part} from "
                f"{fmt.index(bars[str(icbs.loc[low, 'icb_name'])])} "
                f"({icbs.loc[low, 'icb_name']}) to "
                f"{fmt.index(bars[str(icbs.loc[high, 'icb_name'])])} "
                f"({icbs.loc[high, 'icb_name']}), across {fmt.count(len(order))} ICBs. "
                "Type part of an ICB's name to see its sub-ICB locations.")
    return f'<p class="commlib-headline" role="status">{html.escape(sentence)}</p>' + chart


def render(tables: dict[str, pd.DataFrame], icb: str, component: str) -> str:
    """Bars of one ICB's sub-ICB need indices (England = 1), with the ICB's own index.

    An empty ICB box shows every ICB instead (:func:`render_every_icb`).
    """
    _check_component(component)
    if not icb_text(icb):
        return render_every_icb(tables, component)
    code = find_icb(tables["icb"], icb)
    year = tables["sub_icb"].attrs.get("year", YEAR)
    column = f"need_{component}"
    name = str(tables["icb"].loc[code, "icb_name"])
    own = float(tables["icb"].loc[code, column])
    bars = sub_icb_bars(tables, code, component)
    chart = plots.svg_bars(
        bars,
        title=f"Need index, {COMPONENTS[component].lower()}, {year}",
        value_label="Need index (England = 1)",
        value_format=fmt.index,
        reference=1.0,
        reference_label="England = 1",
    )
    sentence = (f"{name}: need index {fmt.index(own)} for {COMPONENTS[component].lower()} "
                f"in {year}, across {fmt.count(len(bars) - 1)} sub-ICB locations.")
    return f'<p class="commlib-headline" role="status">{html.escape(sentence)}</p>' + chart


def live_explorer(tables: dict[str, pd.DataFrame] | None = None,
                  start: str = "Humber and North Yorkshire") -> LiveExplorer:
    """Type an ICB (control ``icb``) and pick a component (control ``component``).

    An empty ICB box shows every ICB; text that names no ICB gets a sentence saying so.
    """
    tables = need_tables() if tables is None else tables
    year = tables["sub_icb"].attrs.get("year", YEAR)
    controls = {
        "icb": widgets.Combobox(
            value=start, options=sorted(str(n) for n in tables["icb"]["icb_name"]),
            ensure_option=False, placeholder="Type part of an ICB's name, e.g. Humber",
            description="ICB (type part of its name; empty for every ICB)", style=STYLE,
            layout=widgets.Layout(width="480px")),
        "component": widgets.Dropdown(
            options=[(label, key) for key, label in COMPONENTS.items()], value="wp_core",
            description="Part of the formula", style=STYLE),
    }
    return LiveExplorer(controls, lambda icb, component: render(tables, icb, component),
                        title="How needy is each place? Need index by sub-ICB location",
                        note=(f"Registered and weighted populations {year}, NHS England "
                              "allocation tool (a practice list of about 2022)."))
