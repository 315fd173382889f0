"""Explorers for chapters 1 and 2: who commissions which service, and the commissioning cycle.

* :func:`live_explorer` -- "who commissions this service?" (ipywidgets, live in JupyterLab and
  the explorer app), from ``data/who_commissions.csv``;
* :func:`static_explorer` -- the same question without a kernel (a plotly step explorer);
* :func:`cycle_live_explorer` and :func:`cycle_explorer` -- pick a stage of the commissioning
  cycle, from ``data/commissioning_cycle.csv``.
"""

from __future__ import annotations

import html
import math
import textwrap

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from commlib import data, plots
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "YEARS",
    "COMMISSIONERS",
    "load_services",
    "BLANK_TEXT",
    "NO_MATCH_TEXT",
    "find_service",
    "commissioners_for",
    "render",
    "live_explorer",
    "static_explorer",
    "cycle_stages",
    "cycle_render",
    "cycle_live_explorer",
    "cycle_explorer",
]

#: The three points in time, as (column suffix, label).
YEARS = (("2013", "2013/14"), ("2019", "2019/20"), ("today", "Today (2026/27)"))
#: Commissioner types, top to bottom in the static explorer.
COMMISSIONERS = ("CCG", "ICB", "NHS England", "Local authority")
COMMISSIONER_COLOURS = {
    "CCG": plots.PALETTE["blue"],
    "ICB": plots.PALETTE["sky"],
    "NHS England": plots.PALETTE["vermillion"],
    "Local authority": plots.PALETTE["green"],
}
CAVEAT = "Not yet checked against the primary source: treat as provisional."
#: :func:`find_service`'s refusals (``{text}`` is what the reader typed); the browser twin
#: (:mod:`commlib.widgets.browser_misc`) reads these constants.
BLANK_TEXT = "type or pick a service, for example 'dental' or 'mental health'"
NO_MATCH_TEXT = ("no service in the table matches '{text}': try 'dental', 'ambulance', "
                 "'mental health' or 'social care'")


def load_services() -> pd.DataFrame:
    """``data/who_commissions.csv``, indexed by service, in the table's order."""
    table = data.load("who_commissions").set_index("service")
    for suffix, _ in YEARS:
        unknown = set(table[f"commissioner_{suffix}"]) - set(COMMISSIONERS)
        if unknown:
            raise ValueError(f"data/who_commissions.csv: commissioner_{suffix} holds "
                             f"{sorted(unknown)[0]!r}; use one of {', '.join(COMMISSIONERS)}")
    return table


def find_service(services: pd.DataFrame, text: str) -> str:
    """The service whose name is ``text``, or the first that contains it (ignoring case).

    Raises
    ------
    ValueError
        When ``text`` is blank or matches no service.
    """
    wanted = " ".join(str(text or "").split()).casefold()
    if not wanted:
        raise ValueError(BLANK_TEXT)
    names = list(services.index)
    for name in names:
        if name.casefold() == wanted:
            return name
    for name in names:
        if wanted in name.casefold():
            return name
    raise ValueError(NO_MATCH_TEXT.format(text=text))


def commissioners_for(services: pd.DataFrame, service: str) -> pd.DataFrame:
    """One row per year for ``service``: year label, commissioner type and detail."""
    row = services.loc[service]
    return pd.DataFrame(
        {
            "year": [label for _, label in YEARS],
            "commissioner": [row[f"commissioner_{s}"] for s, _ in YEARS],
            "detail": [row[f"detail_{s}"] for s, _ in YEARS],
        }
    )


def _sentence(service: str, years: pd.DataFrame) -> str:
    """Today's commissioner first, then the past: the reader's question is who commissions now."""
    then, mid, now = years["commissioner"]
    (_, first), (_, middle), _ = YEARS
    if then == mid == now:
        return f"{service}: {now} today, as in {middle} and {first}."
    return f"{service}: {now} today; {mid} in {middle}; {then} in {first}."


def render(services: pd.DataFrame, service: str) -> str:
    """The live explorer's result HTML for the service typed or picked (ValueError if none)."""
    name = find_service(services, service)
    years = commissioners_for(services, name)
    row = services.loc[name]
    table = plots.html_table(
        years[["year", "commissioner", "detail"]].itertuples(index=False),
        ["Year", "Commissioner", "Who exactly, and how"],
        caption=f"Who commissions {name.lower()}: 2013/14, 2019/20 and today (2026/27)",
    )
    caveat = "" if bool(row["verified"]) else (
        f'<p class="commlib-caveat"><strong>Caveat:</strong> {html.escape(CAVEAT)}</p>')
    return (f'<p class="commlib-headline" role="status">{html.escape(_sentence(name, years))}</p>'
            + table + caveat
            + f'<p class="commlib-source">Source: {html.escape(str(row["source"]))}</p>')


def live_explorer(services: pd.DataFrame | None = None) -> LiveExplorer:
    """"Who commissions this service?": pick a service, or type part of its name.

    Controls: ``service`` (a list of every service in the table) and ``search`` (free text;
    when it is not blank, the first service whose name contains it, ignoring case, is shown
    instead, as :func:`find_service` finds it).
    """
    services = load_services() if services is None else services
    picker = widgets.Dropdown(
        options=list(services.index), value=services.index[0], description="Service",
        style=STYLE, layout=widgets.Layout(width="520px"),
    )
    search = widgets.Text(
        value="", placeholder="for example dental, ambulance or social care",
        description="Or type part of its name", style=STYLE,
        layout=widgets.Layout(width="520px"),
    )

    def show(service: str, search: str) -> str:
        typed = " ".join(str(search or "").split())
        return render(services, search if typed else service)

    return LiveExplorer(
        {"service": picker, "search": search},
        show,
        title="Who commissions this service?",
        note="Commissioner types today: ICB (since 1 July 2022, including services NHS England "
             "has delegated), NHS England (until the Health Bill abolishes it), local authority. "
             "CCGs commissioned from April 2013 until they were abolished on 1 July 2022.",
    )


def static_explorer(services: pd.DataFrame | None = None) -> go.Figure:
    """Kernel-free "who commissions this service?": one step per service.

    Each step draws one marker per year at the commissioner type for that year, labelled
    with the type; the headline names the three commissioners.
    """
    services = load_services() if services is None else services
    year_labels = [label for _, label in YEARS]

    def compute(service: str):
        years = commissioners_for(services, service)
        colours = [COMMISSIONER_COLOURS[c] for c in years["commissioner"]]
        hover = [
            "<br>".join(textwrap.wrap(f"{y}: {d}", 60))
            for y, d in zip(years["year"], years["detail"], strict=True)
        ]
        trace = go.Scatter(
            x=year_labels, y=list(years["commissioner"]), mode="markers+text+lines",
            marker={"size": 26, "color": colours, "line": {"color": "#1a1a1a", "width": 1}},
            line={"color": "#595959", "dash": "dot"},
            text=list(years["commissioner"]), textposition="bottom center",
            hovertext=hover, hoverinfo="text", showlegend=False, name="Commissioner",
        )
        sentence = _sentence(service, years)
        if not bool(services.loc[service, "verified"]):
            sentence += " (Today's entry is provisional.)"
        return [trace], sentence

    return plots.step_explorer(
        name="who-commissions",
        dims=[("Service", list(services.index), list(services.index))],
        compute=compute,
        layout={
            "height": 430,
            "margin": {"t": 80, "l": 130, "b": 140},
            "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": year_labels,
                      "title": {"text": "Year"}},
            "yaxis": {"type": "category", "categoryorder": "array",
                      "categoryarray": list(reversed(COMMISSIONERS)),
                      "range": [-0.6, len(COMMISSIONERS) - 0.4],
                      "title": {"text": "Commissioner"}},
        },
    )


# --------------------------------------------------------------------------------------------
# The commissioning cycle
# --------------------------------------------------------------------------------------------

def cycle_stages() -> pd.DataFrame:
    """``data/commissioning_cycle.csv`` in stage order."""
    return data.load("commissioning_cycle").sort_values("stage_order").reset_index(drop=True)


def _wrap(text: str, width: int = 44) -> str:
    return "<br>".join(textwrap.wrap(str(text), width))


def cycle_render(stages: pd.DataFrame, stage: str) -> str:
    """Result HTML for one stage: what happens, who does it, which data it uses."""
    match = stages[stages["stage"] == stage]
    if match.empty:
        raise ValueError(f"'{stage}' is not a stage of the cycle; pick one of "
                         f"{', '.join(stages['stage'])}")
    row = match.iloc[0]
    place = (f"Stage {int(row['stage_order'])} of {int(stages['in_cycle'].sum())}"
             if bool(row["in_cycle"]) else "Underpins every stage")
    return (
        f'<p class="commlib-headline" role="status">{html.escape(place)}: '
        f"{html.escape(str(row['stage']))}</p>"
        + plots.html_table(
            [("What happens", row["what_happens"]), ("Who does it", row["who"]),
             ("Data it uses", row["data_used"])],
            ["", str(row["stage"])],
            caption=f"The commissioning cycle: {row['stage']}",
        )
    )


def cycle_live_explorer(stages: pd.DataFrame | None = None) -> LiveExplorer:
    """Pick a stage of the cycle (control name ``stage``) and read what happens in it."""
    stages = cycle_stages() if stages is None else stages
    control = widgets.ToggleButtons(
        options=list(stages["stage"]), value=stages["stage"].iloc[0],
        description="Stage of the cycle", style=STYLE,
    )
    return LiveExplorer({"stage": control}, lambda stage: cycle_render(stages, stage),
                        title="The commissioning cycle, stage by stage")


def _cycle_positions(n: int) -> list[tuple[float, float]]:
    """Points round a circle, the first at the top, going clockwise."""
    return [(math.sin(2 * math.pi * k / n), math.cos(2 * math.pi * k / n)) for k in range(n)]


def cycle_explorer(stages: pd.DataFrame | None = None) -> go.Figure:
    """Kernel-free cycle diagram: one step per stage; hover any stage for its details.

    The four stages sit round a circle with arrows showing the yearly loop; the picked stage
    is enlarged and its details are printed in the middle.
    """
    stages = cycle_stages() if stages is None else stages
    in_cycle = stages[stages["in_cycle"]].reset_index(drop=True)
    positions = _cycle_positions(len(in_cycle))
    xs = [p[0] for p in positions]
    ys = [p[1] for p in positions]
    arc_x, arc_y = [], []
    for k in range(len(in_cycle)):
        for t in range(8, 33):
            angle = 2 * math.pi * (k + t / 40) / len(in_cycle)
            arc_x.append(round(math.sin(angle), 4))
            arc_y.append(round(math.cos(angle), 4))
        arc_x.append(None)
        arc_y.append(None)
    arrow_sizes = [
        14 if x is not None and (i + 1 == len(arc_x) or arc_x[i + 1] is None) else 0
        for i, x in enumerate(arc_x)
    ]
    hover = [
        f"<b>{r.stage}</b><br>{_wrap(r.what_happens)}<br><i>Data:</i> {_wrap(r.data_used)}"
        for r in in_cycle.itertuples()
    ]
    partnership = stages[~stages["in_cycle"]]
    centre_note = (f"Underpinning it all: {partnership['stage'].iloc[0].lower()}"
                   if not partnership.empty else "")

    def compute(stage: str):
        chosen = in_cycle.index[in_cycle["stage"] == stage][0]
        row = in_cycle.loc[chosen]
        sizes = [54 if k == chosen else 34 for k in range(len(in_cycle))]
        colours = [plots.ROLE_COLOURS["commissioner"] if k == chosen else plots.PALETTE["sky"]
                   for k in range(len(in_cycle))]
        ring = go.Scatter(
            x=arc_x, y=arc_y, mode="lines+markers", hoverinfo="skip", showlegend=False,
            line={"color": "#595959", "width": 2}, name="cycle",
            # An arrowhead at the end of each arc, pointing along it.
            marker={"symbol": "arrow", "angleref": "previous", "size": arrow_sizes,
                    "color": "#595959"},
        )
        nodes = go.Scatter(
            x=xs, y=ys, mode="markers+text", text=[f"{k + 1}. {s}" for k, s in
                                                   enumerate(in_cycle["stage"])],
            textposition=["top center", "middle right", "bottom center", "middle left"][
                : len(in_cycle)] + ["top center"] * max(0, len(in_cycle) - 4),
            marker={"size": sizes, "color": colours, "line": {"color": "#1a1a1a", "width": 1}},
            hovertext=hover, hoverinfo="text", showlegend=False, name="stages",
        )
        centre = go.Scatter(
            x=[0], y=[0], mode="text", hoverinfo="skip", showlegend=False, name="details",
            text=[f"<b>{row['stage']}</b><br>{_wrap(row['what_happens'], 34)}<br><br>"
                  f"<i>Who:</i> {_wrap(row['who'], 34)}<br><br>{_wrap(centre_note, 34)}"],
            textfont={"size": 12},
        )
        who = str(row["who"]).split(",")[0]
        sentence = (f"Stage {chosen + 1} of {len(in_cycle)}, {row['stage'].lower()}: led by "
                    f"{who if who[:2].isupper() else who[0].lower() + who[1:]}.")
        return [ring, nodes, centre], sentence

    return plots.step_explorer(
        name="commissioning-cycle",
        dims=[("Stage of the cycle", list(in_cycle["stage"]), list(in_cycle["stage"]))],
        compute=compute,
        layout={
            "height": 620,
            "margin": {"t": 90, "l": 20, "r": 20, "b": 40},
            "xaxis": {"visible": False, "range": [-1.9, 1.9]},
            "yaxis": {"visible": False, "range": [-1.45, 1.35], "scaleanchor": "x"},
        },
    )
