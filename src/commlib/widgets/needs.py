"""Needs assessment with real data (chapter 1): need indices of ICBs and sub-ICB locations.

The need index of an area is :func:`commlib.allocation.need_index` over NHS England's
registered and weighted populations (``data/allocation_icb`` and ``data/allocation_sub_icb``):
relative to England = 1. :func:`need_tables` computes them once; :func:`live_explorer` shows
one ICB's sub-ICB locations for a chosen component of the formula.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from commlib import allocation, data, fmt, plots
from commlib.places import COMPONENTS
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = ["YEAR", "need_tables", "sub_icb_labels", "find_icb", "render", "live_explorer"]

#: The latest year with both ICB and sub-ICB tables.
YEAR = "2024/25"


def sub_icb_labels(year: str = YEAR) -> pd.Series:
    """A readable label per sub-ICB location: its code and the local authority holding most
    of its registered population, e.g. ``03Q (mostly York)``."""
    practices = data.load("allocation_practices")
    practices = practices[practices["year"] == year]
    biggest = (practices.groupby(["sub_icb_code", "la_name"])["population"].sum()
               .reset_index()
               .sort_values(["sub_icb_code", "population", "la_name"],
                            ascending=[True, False, True])
               .drop_duplicates("sub_icb_code")
               .set_index("sub_icb_code")["la_name"])
    return pd.Series({code: f"{code} (mostly {la})" for code, la in biggest.items()},
                     name="label")


def need_tables(year: str = YEAR) -> dict[str, pd.DataFrame]:
    """Need indices (England = 1) of every ICB and sub-ICB location, for every component.

    Returns
    -------
    dict
        ``{"icb": frame, "sub_icb": frame}``; each frame has the area's code, name, ICB,
        ``population`` (people) and one ``need_<component>`` column per key of
        :data:`commlib.places.COMPONENTS`.
    """
    icb = data.load("allocation_icb")
    sub = data.load("allocation_sub_icb")
    icb = icb[icb["year"] == year].set_index("icb_code")
    sub = sub[sub["year"] == year].set_index("sub_icb_code")
    if icb.empty or sub.empty:
        raise ValueError(f"there are no ICB and sub-ICB tables for {year}")
    out = {
        "icb": icb[["icb_name", "region", "population"]].copy(),
        "sub_icb": sub[["icb_code", "icb_name", "population"]].copy(),
    }
    out["sub_icb"]["label"] = sub_icb_labels(year).reindex(sub.index)
    for component in COMPONENTS:
        out["icb"][f"need_{component}"] = allocation.need_index(icb["population"], icb[component])
        out["sub_icb"][f"need_{component}"] = allocation.need_index(sub["population"],
                                                                    sub[component])
    return out


def find_icb(icbs: pd.DataFrame, text: str) -> str:
    """The ICB code whose name contains ``text`` (ignoring case and the 'NHS ... ICB' words)."""
    wanted = " ".join(str(text or "").split()).casefold()
    if not wanted:
        raise ValueError("type part of an ICB's name, for example 'York' or 'Cornwall'")
    for code, name in icbs["icb_name"].items():
        if str(name).casefold() == wanted or str(code).casefold() == wanted:
            return code
    for code, name in icbs["icb_name"].items():
        if wanted in str(name).casefold():
            return code
    raise ValueError(f"no ICB's name contains '{text}': try a place such as 'York', "
                     "'Birmingham' or 'Kent'")


def render(tables: dict[str, pd.DataFrame], icb: str, component: str) -> str:
    """Bars of one ICB's sub-ICB need indices (England = 1), with the ICB's own index."""
    if component not in COMPONENTS:
        raise ValueError(f"component must be one of {', '.join(COMPONENTS)}")
    code = find_icb(tables["icb"], icb)
    column = f"need_{component}"
    name = str(tables["icb"].loc[code, "icb_name"])
    own = float(tables["icb"].loc[code, column])
    places = tables["sub_icb"][tables["sub_icb"]["icb_code"] == code].sort_values(column)
    bars = {f"{name} (whole ICB)": own}
    bars.update({str(r.label): float(getattr(r, column)) for r in places.itertuples()})
    chart = plots.svg_bars(
        bars,
        title=f"Need index, {COMPONENTS[component].lower()}, {YEAR}",
        value_label="Need index (England = 1)",
        value_format=fmt.index,
        reference=1.0,
        reference_label="England = 1",
    )
    sentence = (f"{name}: need index {fmt.index(own)} for {COMPONENTS[component].lower()} "
                f"in {YEAR}, across {fmt.count(len(places))} sub-ICB locations.")
    return f'<p class="commlib-headline" role="status">{html.escape(sentence)}</p>' + chart


def live_explorer(tables: dict[str, pd.DataFrame] | None = None,
                  start: str = "Humber and North Yorkshire") -> LiveExplorer:
    """Type an ICB (control ``icb``) and pick a component (control ``component``)."""
    tables = need_tables() if tables is None else tables
    controls = {
        "icb": widgets.Combobox(
            value=start, options=sorted(str(n) for n in tables["icb"]["icb_name"]),
            ensure_option=False, placeholder="Type part of an ICB's name, e.g. York",
            description="ICB (type part of its name)", style=STYLE,
            layout=widgets.Layout(width="480px")),
        "component": widgets.Dropdown(
            options=[(label, key) for key, label in COMPONENTS.items()], value="wp_core",
            description="Part of the formula", style=STYLE),
    }
    return LiveExplorer(controls, lambda icb, component: render(tables, icb, component),
                        title="How needy is each place? Need index by sub-ICB location",
                        note=f"Registered and weighted populations {YEAR}, NHS England.")
