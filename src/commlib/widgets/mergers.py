"""The ICB mergers explorer: pick a 2026/27 ICB, see the ICBs it came from and their need.

* :func:`merger_explorer` (live, JupyterLab and the explorer app): one drop-down of the ICBs of
  the later year; the result names its predecessors, how much of each it took (practices and
  people) and the need index of each part against the merged ICB, before and after.
* :func:`static_explorer` (kernel-free, for the static site): the same choice as a
  precomputed :func:`commlib.plots.step_explorer`, one bar chart of need indices per ICB.

All arithmetic is in :func:`commlib.mergers.predecessors`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from commlib import fmt, mergers, plots
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = ["headline", "need_bars", "predecessor_html", "merger_explorer", "static_explorer"]

_PART = plots.PALETTE["sky"]
_MERGED_BEFORE = plots.PALETTE["orange"]
_MERGED_AFTER = plots.PALETTE["vermillion"]


def _rows(pairs: pd.DataFrame, successor_code: str) -> pd.DataFrame:
    rows = pairs[pairs["successor_code"] == successor_code]
    if rows.empty:
        raise ValueError(f"successor_code ({successor_code!r}) is not an ICB of the later year")
    return rows


def _short(name: str) -> str:
    return name.removeprefix("NHS ").removesuffix(" ICB")


def headline(pairs: pd.DataFrame, successor_code: str, from_year: str, to_year: str) -> str:
    """One sentence: how the ICB was formed and its need index against its parts."""
    rows = _rows(pairs, successor_code)
    first = rows.iloc[0]
    name = first["successor_name"]
    after = fmt.index(first["need_successor_after"], 3)
    if first["kind"] == "unchanged":
        return (f"{name} kept all its {fmt.count(int(rows['practices'].sum()))} practices "
                f"from {from_year}: it is its own predecessor, with a need index of {after} in "
                f"{to_year} (England = 1).")
    parts = "; ".join(
        f"{fmt.pct(r.share_of_predecessor, 0)} of {_short(r.predecessor_name)} "
        f"(need {fmt.index(r.need_part_before, 3)})" for r in rows.itertuples())
    return (f"{name} took its practices from {fmt.count(len(rows))} ICBs of {from_year} "
            f"({parts}); "
            f"together their need index was {fmt.index(first['need_successor_before'], 3)} in "
            f"{from_year} and is {after} in {to_year} (England = 1).")


def need_bars(pairs: pd.DataFrame, successor_code: str, from_year: str,
              to_year: str) -> tuple[list[str], list[float], list[str]]:
    """Bar labels, need indices and colours: each part (before), the merged ICB before and after."""
    rows = _rows(pairs, successor_code)
    labels, values, colours = [], [], []
    for r in rows.itertuples():
        labels.append(f"from {_short(r.predecessor_name)} ({from_year})")
        values.append(float(r.need_part_before))
        colours.append(_PART)
    first = rows.iloc[0]
    labels.append(f"{_short(first['successor_name'])} ({from_year} practices)")
    values.append(float(first["need_successor_before"]))
    colours.append(_MERGED_BEFORE)
    labels.append(f"{_short(first['successor_name'])} ({to_year})")
    values.append(float(first["need_successor_after"]))
    colours.append(_MERGED_AFTER)
    return labels, values, colours


def predecessor_html(pairs: pd.DataFrame, successor_code: str, from_year: str,
                     to_year: str) -> str:
    """Result HTML: headline, a bar chart of need indices and a table of the predecessors."""
    rows = _rows(pairs, successor_code)
    labels, values, colours = need_bars(pairs, successor_code, from_year, to_year)
    chart = plots.svg_bars(
        dict(zip(labels, values, strict=True)),
        title="Need index, core services (England = 1)", value_label="need index",
        value_format=lambda v: fmt.index(v, 3), colours=dict(zip(labels, colours, strict=True)),
        reference=1.0, reference_label="England",
    )
    table_rows = [
        [r.predecessor_name, fmt.count(int(r.practices)), fmt.people(r.population_before),
         fmt.pct(r.share_of_predecessor, 0), fmt.index(r.need_part_before, 3)]
        for r in rows.itertuples()
    ]
    table = plots.html_table(
        table_rows,
        [f"ICB in {from_year}", "Practices moved", f"Registered population ({from_year})",
         "Share of that ICB", f"Need index of the part ({from_year})"],
        caption=f"Where {rows.iloc[0]['successor_name']} came from",
    )
    text = html.escape(headline(pairs, successor_code, from_year, to_year))
    return f'<p class="commlib-headline"><strong>{text}</strong></p>{chart}{table}'


def merger_explorer(from_year: str = "2025/26", to_year: str = "2026/27") -> LiveExplorer:
    """Live explorer: a drop-down of the ICBs of ``to_year``, starting at the first merged one."""
    pairs = mergers.predecessors(from_year, to_year)
    names = pairs.drop_duplicates("successor_code")[["successor_code", "successor_name", "kind"]]
    options = [(f"{n} ({k})", c) for c, n, k in names.itertuples(index=False)]
    start = names.loc[names["kind"] != "unchanged", "successor_code"]
    controls = {
        "successor_code": widgets.Dropdown(
            options=options, value=start.iloc[0] if len(start) else options[0][1],
            description=f"ICB in {to_year}", style=STYLE,
            layout=widgets.Layout(width="520px"),
        ),
    }

    def render(successor_code: str) -> str:
        return predecessor_html(pairs, successor_code, from_year, to_year)

    return LiveExplorer(
        controls, render,
        title=f"Where each {to_year} ICB came from",
        note=(f"Each GP practice's ICB in {from_year} and {to_year}, NHS England allocation tool "
              "data; need index from core-services weighted populations."),
    )


def static_explorer(from_year: str = "2025/26", to_year: str = "2026/27") -> go.Figure:
    """Kernel-free explorer: one step per ICB of ``to_year`` (merged ICBs first)."""
    pairs = mergers.predecessors(from_year, to_year)
    names = pairs.drop_duplicates("successor_code")[["successor_code", "successor_name", "kind"]]
    names = pd.concat([names[names["kind"] != "unchanged"], names[names["kind"] == "unchanged"]])

    def compute(successor_code: str):
        labels, values, colours = need_bars(pairs, successor_code, from_year, to_year)
        trace = go.Bar(
            x=values, y=labels, orientation="h", marker={"color": colours},
            text=[fmt.index(v, 3) for v in values], textposition="outside",
            hovertext=[f"{lab}: need index {fmt.index(v, 3)}"
                       for lab, v in zip(labels, values, strict=True)],
            hoverinfo="text", name="need index",
        )
        return [trace], headline(pairs, successor_code, from_year, to_year)

    return plots.step_explorer(
        name="icb-mergers",
        dims=[(f"ICB in {to_year}", list(names["successor_code"]),
               [f"{_short(n)} ({k})" for n, k in zip(names["successor_name"], names["kind"],
                                                      strict=True)])],
        compute=compute,
        layout={
            "xaxis": {"title": {"text": "Need index, core services (England = 1)"},
                      "range": [0.8, 1.2]},
            "yaxis": {"automargin": True, "autorange": "reversed"},
            "showlegend": False,
            "height": 520,
            "margin": {"t": 150, "l": 10},
            "shapes": [{"type": "line", "x0": 1, "x1": 1, "y0": 0, "y1": 1, "yref": "paper",
                        "line": {"color": plots.PALETTE["black"], "dash": "dash"}}],
        },
    )
