"""Explorers for Chapter 4, money in: ICB fair shares, places and pace of change.

Each explorer comes twice, built on the same model functions:

* a live ipywidgets explorer (:class:`commlib.widgets.base.LiveExplorer`) for JupyterLab and
  the explorer app: ``icb_allocation_widget``, ``place_allocation_widget``,
  ``pace_of_change_widget``;
* a kernel-free plotly explorer for the static site, every step precomputed with
  :func:`commlib.plots.step_explorer`: ``icb_allocation_explorer``,
  ``place_allocation_explorer``, ``pace_of_change_explorer``; plus ``core_need_explorer``
  (every ICB's core need index, one year at a time).

The arithmetic lives in :mod:`commlib.allocation` and :mod:`commlib.places`; this module
only chooses the inputs, calls the models and draws the results.
"""

from __future__ import annotations

import functools
import html
import math

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from commlib import allocation, data, fmt, places, plots
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "COMPONENT_LABELS",
    "ICB_YEARS",
    "DEFAULT_NATIONAL_FACT",
    "default_national_sum",
    "default_national_label",
    "national_figure",
    "icb_names",
    "icb_year",
    "icb_need_table",
    "icb_fair_shares",
    "icb_allocation_summary",
    "core_need_explorer",
    "core_need_data",
    "icb_allocation_widget",
    "icb_allocation_explorer",
    "PACE_REGION",
    "PACE_ILLUSTRATIVE_DISTANCE",
    "PACE_RULE_FACTS",
    "pace_rules",
    "pace_years",
    "pace_start",
    "pace_path",
    "pace_of_change_widget",
    "pace_of_change_explorer",
    "PLACE_GROUPINGS",
    "place_shares",
    "place_allocation_widget",
    "place_allocation_explorer",
    "BUDGET_STREAMS",
    "budget_streams",
    "budget_streams_widget",
]

#: The components of the allocation formula (labels from :data:`commlib.places.COMPONENTS`),
#: core services first: the core index combines the first six of the others; primary medical
#: care is allocated separately.
COMPONENT_LABELS: dict[str, str] = {
    "wp_core": places.COMPONENTS["wp_core"],
    **{c: label for c, label in places.COMPONENTS.items() if c != "wp_core"},
}

DEFAULT_YEAR = "2024/25"
#: The national sum the explorers share by default: ICB core services allocations in 2024/25
#: (£107.6bn; House of Commons Library, CBP-10031), the latest national total the workbook
#: holds, from ``data/national_allocations``.
DEFAULT_NATIONAL_FACT = "icb_core_2024_25"


# ---------------------------------------------------------------------------
# Data helpers (no arithmetic beyond selecting rows)
# ---------------------------------------------------------------------------

def national_figure(fact_id: str) -> float:
    """One hand-compiled figure from ``data/national_allocations`` by its ``fact_id``."""
    table = _national_table()
    if fact_id not in table.index:
        raise ValueError(f"national_allocations has no figure called {fact_id!r}")
    return float(table.at[fact_id, "value"])


@functools.lru_cache(maxsize=1)
def _national_table() -> pd.DataFrame:
    return data.load("national_allocations").set_index("fact_id")


@functools.lru_cache(maxsize=1)
def _icb_table() -> pd.DataFrame:
    return data.load("allocation_icb")


#: Years in the ICB allocation tool data, oldest first, read from ``data/allocation_icb``
#: (42 ICBs to 2025/26, 36 from 1 April 2026).
ICB_YEARS: tuple[str, ...] = tuple(sorted(_icb_table()["year"].unique()))


def default_national_sum() -> float:
    """The explorers' default national sum in pounds: 2024/25 ICB core allocations (£107.6bn)."""
    return national_figure(DEFAULT_NATIONAL_FACT)


def default_national_label() -> str:
    """What the default national sum is, in words, with its year and source."""
    row = _national_table().loc[DEFAULT_NATIONAL_FACT]
    return f"{fmt.money_bn(float(row['value']))} ({row['measure']}, {row['year']})"


@functools.lru_cache(maxsize=1)
def icb_names() -> dict[str, str]:
    """ICB code -> name, using each code's latest spelling (codes sorted by that name)."""
    table = _icb_table().sort_values("year")
    latest = table.groupby("icb_code")["icb_name"].last()
    return dict(sorted(latest.items(), key=lambda item: item[1]))


def icb_year(year: str) -> pd.DataFrame:
    """The ICB rows of one year, indexed by ICB code, sorted by code."""
    if year not in ICB_YEARS:
        raise ValueError(f"year must be one of {', '.join(ICB_YEARS)} (got {year!r})")
    rows = _icb_table()
    return rows[rows["year"] == year].set_index("icb_code").sort_index()


@functools.cache
def icb_need_table(year: str) -> pd.DataFrame:
    """Need index of every ICB in ``year`` for each component, England = 1.

    Returns one row per ICB (index: ICB code) with ``icb_name``, ``region``, ``population``
    and one column per :data:`COMPONENT_LABELS` key holding
    :func:`commlib.allocation.need_index` over all the ICBs of that year.
    """
    rows = icb_year(year)
    out = rows[["icb_name", "region", "population"]].copy()
    for column in COMPONENT_LABELS:
        out[column] = allocation.need_index(rows["population"], rows[column])
    return out


def icb_fair_shares(year: str, national_sum: float) -> pd.Series:
    """Each ICB's fair share (pounds, to the penny) of ``national_sum`` by core weighted population.

    Calls :func:`commlib.allocation.weighted_capitation` over all the ICBs of ``year``; the
    shares add back to ``national_sum`` exactly in pence.
    """
    return allocation.weighted_capitation(national_sum, icb_year(year)["wp_core"])


#: Largest national sum the explorers share (£m): £1,000bn, several times the whole NHS budget,
#: and far inside what whole pence can count exactly.
NATIONAL_SUM_MAX_M = 1_000_000.0


def _check_national_sum_m(national_sum_m: float) -> float:
    """The national sum in pounds (rounded to the penny), or a ValueError a reader understands."""
    if national_sum_m is None or not national_sum_m > 0:
        raise ValueError("The national sum to share (£m) must be more than zero: "
                         "type an amount such as 107600 for £107.6bn.")
    if not national_sum_m <= NATIONAL_SUM_MAX_M:
        raise ValueError(f"The national sum to share (£m) must be at most "
                         f"{fmt.count(NATIONAL_SUM_MAX_M)} (£1,000bn): type an amount such as "
                         "107600 for £107.6bn.")
    pounds = round(float(national_sum_m) * 1e6, 2)
    if pounds < 0.01:
        raise ValueError("The national sum to share (£m) is less than a penny: type an amount "
                         "such as 107600 for £107.6bn.")
    return pounds


def _check_icb_in_year(icb_code: str, year: str) -> None:
    names = icb_names()
    if icb_code not in names:
        raise ValueError(f"There is no ICB with the code {icb_code!r}.")
    if icb_code not in icb_year(year).index:
        present = sorted(_icb_table().loc[_icb_table()["icb_code"] == icb_code, "year"])
        if year > present[-1]:
            reason = (f"it merged with its neighbours after {present[-1]}: pick a year up to "
                      f"{present[-1]} or one of the ICBs formed by the mergers")
        else:
            reason = (f"it was formed by a merger and has figures from {present[0]}: pick "
                      f"{present[0]} or later, or another ICB")
        raise ValueError(f"{names[icb_code]} has no allocation in {year}: {reason}.")


def icb_allocation_summary(icb_code: str, year: str, national_sum: float) -> dict:
    """Everything the ICB explorers show for one ICB, year and national sum (pounds).

    Returns a dict with ``name``, ``year``, ``population``, ``need`` (component -> need
    index), ``share`` (pounds, to the penny), ``share_fraction`` (of the national sum),
    ``share_per_head`` (pounds per registered person) and ``icb_count``.
    """
    _check_icb_in_year(icb_code, year)
    need = icb_need_table(year)
    shares = icb_fair_shares(year, national_sum)
    population = float(need.at[icb_code, "population"])
    share = float(shares[icb_code])
    return {
        "name": icb_names()[icb_code],
        "year": year,
        "population": population,
        "need": {c: float(need.at[icb_code, c]) for c in COMPONENT_LABELS},
        "share": share,
        "share_fraction": share / national_sum,
        "share_per_head": share / population,
        "icb_count": len(need),
    }


def _icb_headline(summary: dict, national_sum: float) -> str:
    return (
        f"{summary['name']}, {summary['year']}: core need index "
        f"{fmt.index(summary['need']['wp_core'])} (England = 1); fair share "
        f"{fmt.money(summary['share'], dp=2)} of {fmt.money_m(national_sum)} "
        f"({fmt.pct(summary['share_fraction'], dp=2)}), "
        f"{fmt.per_head(summary['share_per_head'])}."
    )


# ---------------------------------------------------------------------------
# Chart for the page: every ICB's core need index, one year at a time
# ---------------------------------------------------------------------------

def core_need_explorer() -> go.Figure:
    """Kernel-free chart: each ICB's core need index (sorted), with a control for the year."""
    tables = {year: icb_need_table(year).sort_values("wp_core") for year in ICB_YEARS}
    low = min(t["wp_core"].min() for t in tables.values())
    high = max(t["wp_core"].max() for t in tables.values())

    def compute(year: str):
        table = tables[year]
        colours = [plots.ROLE_COLOURS["commissioner"] if v >= 1 else plots.PALETTE["orange"]
                   for v in table["wp_core"]]
        trace = go.Bar(
            x=(table["wp_core"] - 1.0).round(4).tolist(),
            base=1.0,
            y=table["icb_name"].str.removeprefix("NHS ").str.removesuffix(" ICB").tolist(),
            orientation="h",
            marker={"color": colours},
            customdata=table["wp_core"].round(3).tolist(),
            hovertemplate="%{y}: need index %{customdata:.3f}<extra></extra>",
            name="Core need index",
        )
        top, bottom = table.index[-1], table.index[0]
        headline = (
            f"{year}: {len(table)} ICBs. Highest need {table.at[top, 'icb_name']} "
            f"({fmt.index(table.at[top, 'wp_core'])}); lowest {table.at[bottom, 'icb_name']} "
            f"({fmt.index(table.at[bottom, 'wp_core'])})."
        )
        return [trace], headline

    return plots.step_explorer(
        name="icb-core-need",
        dims=[("Financial year", list(ICB_YEARS), list(ICB_YEARS))],
        compute=compute,
        initial=[ICB_YEARS.index(DEFAULT_YEAR)],
        layout={
            "height": 900,
            "margin": {"l": 300, "r": 20, "t": 80, "b": 110},
            "xaxis": {"title": {"text": "Core need index (England = 1)"},
                      "range": [round(low - 0.02, 2), round(high + 0.02, 2)]},
            "yaxis": {"automargin": True, "tickfont": {"size": 11}},
            "shapes": [{"type": "line", "x0": 1, "x1": 1, "xref": "x", "yref": "paper",
                        "y0": 0, "y1": 1, "line": {"color": plots.ROLE_COLOURS["target"],
                                                   "dash": "dash"}}],
            "showlegend": False,
        },
    )


def core_need_data() -> pd.DataFrame:
    """The data behind :func:`core_need_explorer`: each ICB's core need index in each year.

    One row per ICB (latest name), one column per year; blank where the ICB did not exist.
    """
    columns = {year: icb_need_table(year)["wp_core"].round(3) for year in ICB_YEARS}
    wide = pd.DataFrame(columns)
    wide.insert(0, "ICB", pd.Series(icb_names()))
    return wide.sort_values("ICB").reset_index(drop=True)


# ---------------------------------------------------------------------------
# ICB fair-share explorer
# ---------------------------------------------------------------------------

def _icb_render(icb_code: str, year: str, national_sum_m: float) -> str:
    national_sum = _check_national_sum_m(national_sum_m)
    summary = icb_allocation_summary(icb_code, year, national_sum)
    bars = plots.svg_bars(
        {COMPONENT_LABELS[c]: v for c, v in summary["need"].items()},
        title=f"Need index by component, {summary['name']}, {year}",
        value_label="Need index (England = 1)",
        value_format=fmt.index,
        reference=1.0,
        reference_label="England = 1",
    )
    table = plots.html_table(
        [
            ["Registered population", fmt.people(summary["population"])],
            ["ICBs sharing the national sum", fmt.count(summary["icb_count"])],
            ["National sum", fmt.money_m(national_sum)],
            ["Fair share (core weighted population)", fmt.money(summary["share"], dp=2)],
            ["Share of the national sum", fmt.pct(summary["share_fraction"], dp=2)],
            ["Fair share per registered person", fmt.per_head(summary["share_per_head"])],
        ],
        ["Measure", "Value"],
        caption=f"Fair share of {summary['name']}, {year}",
    )
    headline = html.escape(_icb_headline(summary, national_sum))
    return f'<p class="commlib-headline">{headline}</p>{table}{bars}'


def icb_allocation_widget(icb_code: str = "QOQ", year: str = DEFAULT_YEAR,
                          national_sum_m: float | None = None) -> LiveExplorer:
    """Live explorer: pick an ICB and a year, type a national sum (£m), see need and fair share.

    The fair share is :func:`commlib.allocation.weighted_capitation` of the national sum over
    all the ICBs of that year by core weighted population; need indices come from
    :func:`commlib.allocation.need_index`. ``national_sum_m`` defaults to the 2024/25 ICB core
    services total (:func:`default_national_sum`, from ``data/national_allocations``).
    """
    if national_sum_m is None:
        national_sum_m = default_national_sum() / 1e6
    for y in ICB_YEARS:  # precompute need tables so updates are fast
        icb_need_table(y)
    controls = {
        "icb_code": widgets.Dropdown(
            options=[(name, code) for code, name in icb_names().items()], value=icb_code,
            description="Integrated care board (ICB)", style=STYLE,
            layout=widgets.Layout(width="min(100%, 480px)"),
        ),
        "year": widgets.Dropdown(options=list(ICB_YEARS), value=year,
                                 description="Financial year", style=STYLE),
        "national_sum_m": widgets.FloatText(value=national_sum_m,
                                            description="National sum to share (£m)",
                                            style=STYLE),
    }
    return LiveExplorer(
        controls, _icb_render, title="An ICB's need and fair share",
        note="Fair share = national sum x the ICB's share of the core weighted population "
             "of all ICBs that year, to the penny. The sum starts at "
             f"{default_national_label()} (House of Commons Library), the latest national "
             "total the workbook holds; type another to share.",
    )


def icb_allocation_explorer(national_sum_m: float | None = None) -> go.Figure:
    """Kernel-free explorer: need index by component for each ICB and year.

    The headline gives the fair share of ``national_sum_m`` (£m; default the 2024/25 ICB core
    services total), computed by the same functions as :func:`icb_allocation_widget`.
    """
    if national_sum_m is None:
        national_sum_m = default_national_sum() / 1e6
    national_sum = _check_national_sum_m(national_sum_m)
    codes = list(icb_names())
    labels = list(COMPONENT_LABELS.values())
    high = max(icb_need_table(y)[list(COMPONENT_LABELS)].max().max() for y in ICB_YEARS)

    def compute(icb_code: str, year: str):
        try:
            summary = icb_allocation_summary(icb_code, year, national_sum)
        except ValueError as error:
            values = [None] * len(labels)
            headline = str(error)
        else:
            values = [round(summary["need"][c], 4) for c in COMPONENT_LABELS]
            headline = _icb_headline(summary, national_sum)
        trace = go.Bar(
            x=values, y=labels, orientation="h", name="Need index",
            marker={"color": plots.ROLE_COLOURS["commissioner"]},
            text=[fmt.index(v) if v is not None else "" for v in values],
            textposition="outside",
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
        return [trace], headline

    names = icb_names()
    return plots.step_explorer(
        name="icb-allocation",
        dims=[
            ("Integrated care board (ICB)", codes, [names[c] for c in codes]),
            ("Financial year", list(ICB_YEARS), list(ICB_YEARS)),
        ],
        compute=compute,
        initial=[codes.index("QOQ"), ICB_YEARS.index(DEFAULT_YEAR)],
        layout={
            "height": 480,
            "margin": {"l": 230, "r": 30, "t": 90, "b": 60},
            "xaxis": {"title": {"text": "Need index (England = 1)"},
                      "range": [0, round(high + 0.25, 1)]},
            "yaxis": {"autorange": "reversed"},
            "shapes": [{"type": "line", "x0": 1, "x1": 1, "xref": "x", "yref": "paper",
                        "y0": 0, "y1": 1, "line": {"color": plots.ROLE_COLOURS["target"],
                                                   "dash": "dash"}}],
            "showlegend": False,
        },
    )


# ---------------------------------------------------------------------------
# Pace of change: the ICBs of one region moving towards target
# ---------------------------------------------------------------------------

#: The region, year and ICBs of the pace-of-change example.
PACE_REGION = "North East and Yorkshire"
PACE_START_YEAR = "2024/25"
#: ILLUSTRATIVE starting distances from target (fractions of target) for three of the
#: region's ICBs. Real ICB allocations are published, but their distances from target are not
#: in the workbook's data: these values are invented for teaching and labelled so on the page.
#: The fourth ICB (:data:`PACE_BALANCING_ICB`) takes the distance that makes the region's
#: allocations add up to its targets, so the region as a whole starts on target.
PACE_ILLUSTRATIVE_DISTANCE: dict[str, float] = {
    "QHM": -0.09,  # NHS North East and North Cumbria ICB
    "QF7": -0.03,  # NHS South Yorkshire ICB
    "QOQ": 0.04,   # NHS Humber and North Yorkshire ICB
}
PACE_BALANCING_ICB = "QWO"  # NHS West Yorkshire ICB
#: Growth in the region's total each year offered by the kernel-free explorer (fractions).
PACE_GROWTH_STEPS: tuple[float, ...] = (0.02, 0.03, 0.04, 0.05, 0.06, 0.08)
PACE_YEARS = 5
#: The default pace-of-change rules of the example, as ``fact_id`` in
#: ``data/national_allocations``. They are teaching settings built from published figures of
#: two allocation rounds, not one year's actual policy: the 2016/17 floor (no CCG more than 5%
#: below target; checked), the cap reported for 2016/17 (CCGs more than 10% above target;
#: NOT checked against the primary source) and, as the minimum growth, the smallest cash
#: uplift any CCG's core allocation received in 2019/20 (3.6%; HFMA, February 2019). The
#: 2019/20 headline minimum of 4.4% applied to total place-based allocations (core + primary
#: care + specialised), so it is not used for core allocations here.
PACE_RULE_FACTS: dict[str, str] = {
    "min_growth": "pace_min_core_uplift_2019_20",
    "max_below_target": "pace_max_below_target_2016_17",
    "cap_above_target": "pace_cap_above_target_2016_17",
}


def pace_rules() -> dict[str, float]:
    """The example's default rules (fractions), read from ``data/national_allocations``."""
    return {rule: national_figure(fact) for rule, fact in PACE_RULE_FACTS.items()}


def _next_year(label: str) -> str:
    start = int(label[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def pace_years(count: int = PACE_YEARS) -> list[str]:
    """The financial years of the pace-of-change example: the start year, then ``count`` more."""
    labels = [PACE_START_YEAR]
    for _ in range(count):
        labels.append(_next_year(labels[-1]))
    return labels


def pace_start(national_sum: float | None = None) -> pd.DataFrame:
    """The starting point of the pace-of-change example (one row per ICB of the region).

    Targets are each ICB's fair share, by core weighted population in 2024/25, of the region's
    share of ``national_sum`` (pounds; default the 2024/25 ICB core services total), computed with
    :func:`commlib.allocation.target_allocation` at the England price per weighted head. The
    current allocations are ILLUSTRATIVE: target x (1 + :data:`PACE_ILLUSTRATIVE_DISTANCE`),
    with :data:`PACE_BALANCING_ICB` set so that the region's allocations add up to its targets.

    Returns columns ``icb_name``, ``weighted_population``, ``price_per_weighted_head``,
    ``target``, ``current`` (pounds) and ``distance_pct`` (percent of target).
    """
    if national_sum is None:
        national_sum = default_national_sum()
    rows = icb_year(PACE_START_YEAR)
    england_weighted = places.england_totals(PACE_START_YEAR)["wp_core"]
    price = national_sum / england_weighted
    codes = [*PACE_ILLUSTRATIVE_DISTANCE, PACE_BALANCING_ICB]
    region = rows[rows["region"] == PACE_REGION].loc[codes]
    target = allocation.target_allocation(region["wp_core"], price).round(2)
    chosen = pd.Series(PACE_ILLUSTRATIVE_DISTANCE)
    # Distances weighted by target add to zero: the region's allocations equal its targets.
    balancing = -(chosen * target[chosen.index]).sum() / target[PACE_BALANCING_ICB]
    distances = pd.concat([chosen, pd.Series({PACE_BALANCING_ICB: balancing})])
    current = (target * (1 + distances)).round(2)
    distance = allocation.distance_from_target(current, target)
    return pd.DataFrame({
        "icb_name": region["icb_name"],
        "weighted_population": region["wp_core"],
        "price_per_weighted_head": price,
        "target": target,
        "current": current,
        "distance_pct": distance["distance_pct"],
    })


def pace_path(growth: float, min_growth: float, max_below_target: float | None,
              cap_above_target: float | None, years: int = PACE_YEARS,
              start: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Allocations, targets and distances over ``years`` years of pace of change.

    Each year the region's total grows by ``growth`` (a fraction), targets are the ICBs'
    fair shares of the new total (:func:`commlib.allocation.weighted_capitation`), and
    :func:`commlib.allocation.pace_of_change_path` moves allocations towards them under the
    rules (minimum growth, no ICB more than ``max_below_target`` below target, growth capped
    for ICBs more than ``cap_above_target`` above).

    Returns
    -------
    dict
        ``allocation``, ``target`` (pounds) and ``distance_pct`` (percent of target): each a
        DataFrame with one row per ICB and one column per year, the start year first.
    """
    if not 0 <= years <= 20:
        raise ValueError(f"The number of years must be from 0 to 20 (got {years}).")
    if min_growth > growth:
        raise ValueError(
            f"Minimum growth ({fmt.pct(min_growth)}) cannot be more than the growth in the "
            f"total ({fmt.pct(growth)}): there would not be enough money to give every ICB "
            "its minimum.")
    start = pace_start() if start is None else start
    labels = pace_years(years)
    total = round(float(start["current"].sum()), 2)
    totals, targets = {}, {}
    for label in labels[1:]:
        total = round(total * (1 + growth), 2)
        totals[label] = total
        targets[label] = allocation.weighted_capitation(total, start["weighted_population"])
    rules = {"min_growth": min_growth, "max_below_target": max_below_target,
             "cap_above_target": cap_above_target}
    path = allocation.pace_of_change_path(start["current"], pd.DataFrame(targets, dtype=float),
                                          totals, **rules) if years else None
    allocations = pd.concat([start["current"].rename(labels[0]), path], axis=1) \
        if years else start[["current"]].set_axis(labels, axis=1)
    target_table = pd.concat([start["target"].rename(labels[0]), pd.DataFrame(targets)], axis=1)
    # One call over every ICB and year (stacked), rather than one per year: keeps updates fast.
    distance = allocation.distance_from_target(allocations.stack(), target_table.stack())[
        "distance_pct"].unstack().reindex(index=allocations.index, columns=labels)
    return {"allocation": allocations, "target": target_table, "distance_pct": distance}


def _short_icb(name: str) -> str:
    return name.removeprefix("NHS ").removesuffix(" ICB")


def _pace_headline(path: dict[str, pd.DataFrame], names: pd.Series) -> str:
    distance = path["distance_pct"]
    last = distance.columns[-1]
    lowest, highest = distance[last].idxmin(), distance[last].idxmax()
    return (
        f"By {last}: {_short_icb(names[lowest])} is "
        f"{fmt.signed_pct(distance.at[lowest, last] / 100)} from target "
        f"(from {fmt.signed_pct(distance.at[lowest, distance.columns[0]] / 100)}); "
        f"{_short_icb(names[highest])} {fmt.signed_pct(distance.at[highest, last] / 100)} "
        f"(from {fmt.signed_pct(distance.at[highest, distance.columns[0]] / 100)})."
    )


#: The pace-of-change explorer's boxes, as labelled (its refusals name them so).
PACE_LABELS = {
    "growth_pct": "Growth in the region's total each year (%)",
    "min_growth_pct": "Minimum growth for every ICB (%)",
    "max_below_pct": "No ICB more than this far below target (%)",
    "cap_above_pct": "Minimum growth only above target by more than (%)",
}


def _pace_render(growth_pct: float, min_growth_pct: float, max_below_pct: float,
                 cap_above_pct: float, years: int, start: pd.DataFrame) -> str:
    for name, value in (("growth_pct", growth_pct), ("min_growth_pct", min_growth_pct),
                        ("max_below_pct", max_below_pct), ("cap_above_pct", cap_above_pct)):
        if value is None or not -100 < value <= 100:
            raise ValueError(f"{PACE_LABELS[name]} must be a percentage above −100 and up "
                             "to 100.")
    for name, value in (("max_below_pct", max_below_pct), ("cap_above_pct", cap_above_pct)):
        if value < 0:
            raise ValueError(f"{PACE_LABELS[name]} must not be negative: type 5 for "
                             "'5% from target'.")
    path = pace_path(growth_pct / 100, min_growth_pct / 100, max_below_pct / 100,
                     cap_above_pct / 100, years, start)
    names = start["icb_name"]
    distance = path["distance_pct"]
    labels = list(distance.columns)
    series = {_short_icb(names[c]): (list(range(len(labels))), distance.loc[c].tolist())
              for c in distance.index}
    chart = plots.svg_lines(
        series,
        title=f"Distance from target, ICBs of {PACE_REGION} (illustrative start)",
        x_label="Financial year", y_label="Distance from target (%)",
        x_format=lambda v: labels[int(round(v))] if 0 <= round(v) < len(labels) else "",
        y_format=lambda v: fmt.signed_pct(v / 100, dp=0),
    )
    last = labels[-1]
    rows = [
        [names[c], fmt.signed_pct(distance.at[c, labels[0]] / 100),
         fmt.signed_pct(distance.at[c, last] / 100),
         fmt.money_m(path["allocation"].at[c, last]), fmt.money_m(path["target"].at[c, last])]
        for c in distance.index
    ]
    table = plots.html_table(
        rows, ["ICB", f"Distance {labels[0]}", f"Distance {last}", f"Allocation {last}",
               f"Target {last}"],
        caption=f"Allocations and targets, {labels[0]} to {last} (start illustrative)",
    )
    headline = html.escape(_pace_headline(path, names))
    return f'<p class="commlib-headline">{headline}</p>{chart}{table}'


def pace_of_change_widget(growth_pct: float = 6.0, years: int = PACE_YEARS) -> LiveExplorer:
    """Live explorer: set the growth money and the convergence rules, watch ICBs move to target.

    The rules default to :func:`pace_rules` (see :data:`PACE_RULE_FACTS`): teaching settings
    built from published figures, read from ``data/national_allocations``. The starting
    allocations are illustrative.
    """
    start = pace_start()
    rules = pace_rules()
    controls = {
        # Free boxes: _pace_render refuses a value out of range in words, rather than a
        # bound silently changing what the reader typed.
        "growth_pct": widgets.FloatText(
            value=growth_pct, step=0.5, description=PACE_LABELS["growth_pct"], style=STYLE),
        "min_growth_pct": widgets.FloatText(
            value=round(rules["min_growth"] * 100, 2), step=0.1,
            description=PACE_LABELS["min_growth_pct"], style=STYLE),
        "max_below_pct": widgets.FloatText(
            value=round(rules["max_below_target"] * 100, 2), step=1,
            description=PACE_LABELS["max_below_pct"], style=STYLE),
        "cap_above_pct": widgets.FloatText(
            value=round(rules["cap_above_target"] * 100, 2), step=1,
            description=PACE_LABELS["cap_above_pct"], style=STYLE),
        "years": widgets.IntSlider(value=years, min=1, max=10,
                                   description="Years to project", style=STYLE),
    }
    return LiveExplorer(
        controls, functools.partial(_pace_render, start=start),
        title="Pace of change: moving towards target",
        note=f"ICBs of {PACE_REGION} with targets from their {PACE_START_YEAR} weighted "
             "populations. Their starting allocations are illustrative, not real.",
    )


def pace_of_change_explorer() -> go.Figure:
    """Kernel-free explorer: growth in the total x minimum growth, NHS England's other rules.

    Steps come from :func:`pace_path` (so from :func:`commlib.allocation.pace_of_change_path`)
    with the floor and cap of :func:`pace_rules` (from ``data/national_allocations``), over
    :data:`PACE_YEARS` years; the last minimum-growth step is the default minimum.
    """
    start = pace_start()
    names = start["icb_name"]
    labels = pace_years()
    rules = pace_rules()
    max_below, cap_above = rules["max_below_target"], rules["cap_above_target"]
    min_growth_steps = (0.0, 0.01, 0.02, 0.03, rules["min_growth"])
    colours = plots.CONTRAST_SAFE

    def compute(growth: float, min_growth: float):
        try:
            path = pace_path(growth, min_growth, max_below, cap_above, PACE_YEARS, start)
        except ValueError as error:
            distance = None
            headline = str(error)
        else:
            distance = path["distance_pct"].round(3)
            headline = _pace_headline(path, names)
        traces = [
            go.Scatter(
                x=labels, y=distance.loc[code].tolist() if distance is not None else
                [None] * len(labels),
                mode="lines+markers", name=_short_icb(names[code]),
                line={"color": colours[n % len(colours)]},
                hovertemplate="%{x}: %{y:.1f}% from target<extra>%{fullData.name}</extra>",
            )
            for n, code in enumerate(start.index)
        ]
        return traces, headline

    return plots.step_explorer(
        name="pace-of-change",
        dims=[
            ("Growth in the region's total each year", list(PACE_GROWTH_STEPS),
             [fmt.pct(g) for g in PACE_GROWTH_STEPS]),
            ("Minimum growth for every ICB", list(min_growth_steps),
             [fmt.pct(g) for g in min_growth_steps]),
        ],
        compute=compute,
        initial=[PACE_GROWTH_STEPS.index(0.06), len(min_growth_steps) - 1],
        layout=plots.legend_at_foot({
            "height": 500,
            "margin": {"l": 70, "r": 20, "t": 90},
            "xaxis": {"title": {"text": "Financial year"}},
            "yaxis": {"title": {"text": "Distance from target (% of target)"},
                      "range": [-10, 13], "zeroline": True},
        }),
    )


# ---------------------------------------------------------------------------
# Places: the place-based allocation tool
# ---------------------------------------------------------------------------

#: Groupings of practices into places offered by the place explorers (keys of
#: :data:`commlib.places.GROUPINGS`): control label and the phrase used in sentences.
#: Sub-ICB locations are recorded for 2023/24 and 2024/25 only; PCN membership comes from
#: the 2022/23 GP payments data (see ``data/allocation_practices.json``).
PLACE_GROUPINGS: dict[str, str] = {
    "sub_icb": "Sub-ICB location (former CCG)",
    "la": "Local authority",
    "pcn": "Primary care network (PCN)",
}
_GROUPING_PHRASE: dict[str, str] = {
    "sub_icb": "sub-ICB location", "la": "local authority", "pcn": "primary care network",
}
#: ICBs in the kernel-free place explorer (a spread of sizes and regions).
PLACE_EXPLORER_ICBS: tuple[str, ...] = ("QOQ", "QHM", "QWO", "QOP", "QYG", "QE1")
PLACE_DEFAULT_YEAR = "2024/25"


@functools.lru_cache(maxsize=1)
def _former_ccg_names() -> dict[str, str]:
    """Sub-ICB location code -> the place name of the CCG it replaced (03F -> NHS Hull)."""
    table = data.load("sub_icb_locations")
    return dict(zip(table["sub_icb_code"], table["place_name"], strict=True))


def _place_label(name: str, icb_name: str) -> str:
    """Sub-ICB locations, named '<ICB name> - <code>', by their former CCG: 'NHS Hull (03F)'."""
    prefix = f"{icb_name} - "
    if not name.startswith(prefix):
        return name
    code = name.removeprefix(prefix)
    return f"{_former_ccg_names().get(code, 'Sub-ICB')} ({code})"


def place_shares(icb_code: str, year: str, by: str, amount: float,
                 component: str = "wp_core") -> pd.DataFrame:
    """Each place's population, need and fair share of ``amount`` (pounds) inside one ICB.

    Calls :func:`commlib.places.practices` and :func:`commlib.places.place_allocation`: the
    places' shares add back to ``amount`` to the penny. Place names are shortened for
    display (sub-ICB locations by code).
    """
    _check_icb_in_year(icb_code, year)
    if by not in PLACE_GROUPINGS:
        raise ValueError(f"Group practices by one of: {', '.join(PLACE_GROUPINGS.values())}.")
    rows = places.practices(year, icb_code)
    result = places.place_allocation(rows, by, amount, component)
    icb_name = icb_names()[icb_code]
    source_icb_name = str(rows["icb_name"].iloc[0])
    result.index = [_place_label(str(p), source_icb_name) for p in result.index]
    result.index.name = "place"
    result.attrs["icb_name"] = icb_name
    return result


def _places_headline(shares: pd.DataFrame, year: str, by: str, amount: float) -> str:
    pence = int(round(shares["allocation"].sum() * 100))
    added_back = fmt.money(pence / 100, dp=2)
    top, bottom = shares["need_index"].idxmax(), shares["need_index"].idxmin()
    return (
        f"{shares.attrs['icb_name']}, {year}: {len(shares)} "
        f"{'place' if len(shares) == 1 else 'places'} by {_GROUPING_PHRASE[by]}. "
        f"Highest need {top} ({fmt.index(shares.at[top, 'need_index'])} against the ICB = 1), "
        f"lowest {bottom} ({fmt.index(shares.at[bottom, 'need_index'])}). "
        f"The shares add back to {added_back} of {fmt.money(amount, dp=2)}."
    )


#: Largest amount the place explorer shares (£m): £100bn, ten times the largest ICB's budget.
PLACE_AMOUNT_MAX_M = 100_000.0


def _check_place_amount_m(amount_m: float) -> float:
    """The amount to share in pounds (to the penny), or a ValueError a reader understands."""
    example = "type an amount such as 500 for £500m."
    if amount_m is None or not amount_m > 0:
        raise ValueError(f"The amount to share (£m) must be more than zero: {example}")
    if not amount_m <= PLACE_AMOUNT_MAX_M:
        raise ValueError(f"The amount to share (£m) must be at most "
                         f"{fmt.count(PLACE_AMOUNT_MAX_M)} (£100bn): {example}")
    amount = round(float(amount_m) * 1e6, 2)
    if amount < 0.01:
        raise ValueError(f"The amount to share (£m) is less than a penny: {example}")
    return amount


def _places_render(icb_code: str, year: str, by: str, amount_m: float, component: str) -> str:
    amount = _check_place_amount_m(amount_m)
    shares = place_shares(icb_code, year, by, amount, component)
    rows = [
        [place, fmt.count(r.practices), fmt.people(r.population), fmt.index(r.need_index),
         fmt.index(r.need_index_england), fmt.money(r.allocation, dp=2),
         fmt.per_head(r.allocation_per_head)]
        for place, r in zip(shares.index, shares.itertuples(index=False), strict=True)
    ]
    rows.append(["Total", fmt.count(shares["practices"].sum()),
                 fmt.people(shares["population"].sum()), fmt.index(1.0), "",
                 fmt.money(int(round(shares["allocation"].sum() * 100)) / 100, dp=2), ""])
    table = plots.html_table(
        rows, ["Place", "GP practices", "Registered population", "Need index (ICB = 1)",
               "Need index (England = 1)", "Fair share", "Fair share per head"],
        caption=f"Places of {shares.attrs['icb_name']}, {year}, by {_GROUPING_PHRASE[by]}: "
                f"{COMPONENT_LABELS[component].lower()}",
    )
    bars = plots.svg_bars(
        shares["need_index"].to_dict(),
        title=f"Need index by place ({COMPONENT_LABELS[component].lower()})",
        value_label="Need index (ICB = 1)", value_format=fmt.index,
        reference=1.0, reference_label="ICB = 1",
    )
    headline = html.escape(_places_headline(shares, year, by, amount))
    return (f'<p class="commlib-headline">{headline}</p>{table}{bars}'
            + _profile_table(icb_code, year, by, shares.attrs["icb_name"]))


def _index_text(value: float) -> str:
    return "–" if math.isnan(value) else fmt.index(value)


def _profile_table(icb_code: str, year: str, by: str, icb_name: str) -> str:
    """Every need index of every place and of the whole ICB, England = 1
    (:func:`commlib.places.need_profile`), components in :data:`COMPONENT_LABELS` order."""
    rows = places.practices(year, icb_code)
    whole = f"{icb_name} (whole ICB)"
    profile = places.need_profile(rows, by, whole=whole)
    source_icb_name = str(rows["icb_name"].iloc[0])
    body = [[_place_label(str(place), source_icb_name) if place != whole else whole,
             *(_index_text(float(profile.at[place, c])) for c in COMPONENT_LABELS)]
            for place in profile.index]
    return plots.html_table(
        body, ["Place", *COMPONENT_LABELS.values()],
        caption=f"Every need index (England = 1): places of {icb_name}, {year}, by "
                f"{_GROUPING_PHRASE[by]}, and the whole ICB (a place above the ICB's row "
                "needs more than its ICB in that service)",
    )


def place_allocation_widget(icb_code: str = "QOQ", year: str = PLACE_DEFAULT_YEAR,
                            by: str = "sub_icb", amount_m: float | None = None
                            ) -> LiveExplorer:
    """Live explorer of the place-based tool: group an ICB's practices into places, share a sum.

    ``amount_m`` (£m) defaults to the ICB's fair share of the 2024/25 ICB core services total
    (:func:`default_national_sum`, see :func:`icb_fair_shares`), rounded to £0.1m.
    """
    if amount_m is None:
        share = icb_fair_shares(year, default_national_sum())[icb_code]
        amount_m = round(share / 1e6, 1)
    places.practices(year)  # load the practice table once, so updates are fast
    controls = {
        "icb_code": widgets.Dropdown(
            options=[(name, code) for code, name in icb_names().items()], value=icb_code,
            description="Integrated care board (ICB)", style=STYLE,
            layout=widgets.Layout(width="min(100%, 480px)"),
        ),
        "year": widgets.Dropdown(options=list(places.years()), value=year,
                                 description="Financial year", style=STYLE),
        "by": widgets.Dropdown(options=[(label, key) for key, label in PLACE_GROUPINGS.items()],
                               value=by, description="Group practices by", style=STYLE),
        "amount_m": widgets.FloatText(value=amount_m, description="Amount to share (£m)",
                                      style=STYLE),
        "component": widgets.Dropdown(
            options=[(label, key) for key, label in COMPONENT_LABELS.items()],
            value="wp_core", description="Share by need for", style=STYLE),
    }
    return LiveExplorer(
        controls, _places_render, title="Places inside an ICB: need and fair shares",
        note="A place is a set of GP practices; its fair share is its share of the ICB's "
             "weighted population, to the penny.",
    )


def place_allocation_explorer(year: str = PLACE_DEFAULT_YEAR) -> go.Figure:
    """Kernel-free explorer: a few ICBs x two groupings, each ICB sharing its own fair share.

    The amount shared is each ICB's fair share of the 2024/25 ICB core services total (from
    :func:`icb_fair_shares`); places and shares come from :func:`place_shares`.
    """
    national = default_national_sum()
    fair = icb_fair_shares(year, national)
    groupings = list(PLACE_GROUPINGS)
    names = icb_names()

    def compute(icb_code: str, by: str):
        amount = float(fair[icb_code])
        shares = place_shares(icb_code, year, by, amount)
        trace = go.Bar(
            x=shares["need_index"].round(4).tolist(), y=list(shares.index), orientation="h",
            marker={"color": plots.ROLE_COLOURS["commissioner"]},
            text=[f"{fmt.money_m(v)}" for v in shares["allocation"]],
            textposition="outside",
            customdata=shares["allocation"].round(2).tolist(),
            hovertemplate="%{y}: need index %{x:.3f}, fair share £%{customdata:,.2f}"
                          "<extra></extra>",
            name="Need index",
        )
        return [trace], _places_headline(shares, year, by, amount)

    return plots.step_explorer(
        name="place-allocation",
        dims=[
            ("Integrated care board (ICB)", list(PLACE_EXPLORER_ICBS),
             [names[c] for c in PLACE_EXPLORER_ICBS]),
            ("Group practices by", groupings, [PLACE_GROUPINGS[g] for g in groupings]),
        ],
        compute=compute,
        initial=[0, groupings.index("sub_icb")],
        layout={
            "height": 820,
            "margin": {"l": 260, "r": 80, "t": 110, "b": 60},
            "xaxis": {"title": {"text": "Need index (ICB = 1)"}, "range": [0, 1.6]},
            "yaxis": {"autorange": "reversed", "automargin": True, "tickfont": {"size": 10}},
            "shapes": [{"type": "line", "x0": 1, "x1": 1, "xref": "x", "yref": "paper",
                        "y0": 0, "y1": 1, "line": {"color": plots.ROLE_COLOURS["target"],
                                                   "dash": "dash"}}],
            "showlegend": False,
        },
    )


# ---------------------------------------------------------------------------
# The chapter's opening page: NHS England's budget by stream
# ---------------------------------------------------------------------------

#: Streams of NHS England's budget by year, as ``fact_id`` -> label, from
#: ``data/national_allocations`` (2013/14 outturn plan; 2016/17 planned streams).
BUDGET_STREAMS: dict[str, dict[str, str]] = {
    "2013/14": {
        "ccg_programme_2013_14": "CCG programme allocations",
        "ccg_running_costs_2013_14": "CCG running costs",
        "direct_commissioning_2013_14": "NHS England direct commissioning",
        "la_transfer_2013_14": "Transfer to local authorities (social care)",
    },
    "2016/17": {
        "planned_ccgs_2016_17": "CCGs",
        "planned_primary_care_2016_17": "Primary care (NHS England)",
        "planned_specialised_2016_17": "Specialised services (NHS England)",
        "planned_other_direct_2016_17": "Other direct commissioning (NHS England)",
    },
}
BUDGET_TOTALS: dict[str, str] = {"2013/14": "nhse_budget_2013_14",
                                 "2016/17": "planned_total_2016_17"}


def budget_streams(year: str) -> pd.DataFrame:
    """NHS England's budget streams for ``year`` (pounds) with each one's share of the total.

    The total is the published total (``BUDGET_TOTALS``); where the listed streams do not add
    up to it, the rest is shown as "Other (not itemised in our sources)".
    """
    if year not in BUDGET_STREAMS:
        raise ValueError(f"Choose a year with published streams: {', '.join(BUDGET_STREAMS)}.")
    total = national_figure(BUDGET_TOTALS[year])
    values = {label: national_figure(fid) for fid, label in BUDGET_STREAMS[year].items()}
    rest = round(total - sum(values.values()), 2)
    if rest > 0.5e9:  # more than rounding of the published £bn figures
        values["Other (not itemised in our sources)"] = rest
    frame = pd.DataFrame({"stream": list(values), "amount": list(values.values())})
    frame["share"] = frame["amount"] / total
    frame.attrs["total"] = total
    return frame


def _budget_render(year: str) -> str:
    frame = budget_streams(year)
    bars = plots.svg_bars(
        dict(zip(frame["stream"], frame["amount"] / 1e9, strict=True)),
        title=f"NHS England budget by stream, {year} (£bn)",
        value_label="£bn", value_format=lambda v: f"£{v:,.1f}bn",
    )
    table = plots.html_table(
        [[s, fmt.money_bn(a), fmt.pct(sh)] for s, a, sh in frame.itertuples(index=False)]
        + [["Total", fmt.money_bn(frame.attrs["total"]), fmt.pct(1.0)]],
        ["Stream", "Amount", "Share of total"],
        caption=f"NHS England budget by stream, {year}",
    )
    return table + bars


def budget_streams_widget(year: str = "2013/14") -> LiveExplorer:
    """Live explorer for the chapter's opening page: NHS England's budget by stream and year."""
    controls = {"year": widgets.Dropdown(options=list(BUDGET_STREAMS), value=year,
                                         description="Financial year", style=STYLE)}
    return LiveExplorer(controls, _budget_render, title="Where NHS England's budget goes",
                        note="Published totals by stream; 2016/17 figures are plans.")
