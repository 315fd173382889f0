"""Explorers for the York urgent care case study (chapter 1).

``live_explorer()`` is the ipywidgets explorer for JupyterLab and the explorer app;
``static_explorer()`` is the kernel-free plotly version for the static site. Both call
:func:`commlib.urgent_care.redirect`, so they always agree.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import fmt, plots
from commlib import urgent_care as model
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = ["SHARE_STEP_PCT", "SHARE_STEPS_PCT", "SETTING_LABELS", "SHARE_LABEL",
           "NEED_SHARE_LABEL", "headline", "render",
           "live_explorer", "static_explorer"]

#: Step of the share redirected in both explorers (percentage points).
SHARE_STEP_PCT = 5
#: Shares redirected offered by the static explorer: 0% to 100% in steps of SHARE_STEP_PCT.
SHARE_STEPS_PCT = tuple(range(0, 101, SHARE_STEP_PCT))
#: Control labels for the settings.
SETTING_LABELS = {"UTC": "Urgent treatment centre (UTC)", "GP": "General practice (GP)"}
SETTING_COLOURS = {"A&E": plots.PALETTE["vermillion"], "UTC": plots.PALETTE["blue"],
                   "GP": plots.PALETTE["green"]}
#: Axis labels in the static explorer.
SHORT_NAMES = {"A&E": "A&E", "UTC": "UTC", "GP": "GP (urgent)"}
#: Labels of the two share controls (named in refusals).
SHARE_LABEL = "Share redirected (% of A&E attendances with a primary care need)"
NEED_SHARE_LABEL = "A&E attendances with an urgent primary care need (%)"
#: Words of the result's chart and table.
CHART_TITLE = "Pressure: attendances as a % of capacity"
CHART_VALUE_LABEL = "% of capacity a year (100% = full)"
CHART_REFERENCE_LABEL = "full (100%)"
TABLE_HEADERS = ("Setting", "Attendances before (a year)", "Attendances after (a year)",
                 "Pressure (% of capacity)", "Cost after (£m a year, illustrative)")
TABLE_CAPTION = "Urgent care activity, pressure and cost after redirection (illustrative)"
NOTE = ("Costs, capacity and activity are illustrative round numbers for teaching, "
        "not York's figures.")


def headline(inputs: model.UrgentCareInputs, share_redirected: float, setting: str) -> str:
    """One sentence with the key result, computed by the model."""
    summary = model.redirect_summary(inputs, share_redirected, setting)
    change = summary["cost_change"]
    money = "cost unchanged" if round(change) == 0 else (
        f"saves {fmt.money_m(-change)} a year" if change < 0
        else f"costs {fmt.money_m(change)} a year more")
    return (
        f"{fmt.pct(share_redirected, 0)} to the {setting}: "
        f"{fmt.count(summary['moved'])} attendances moved; A&E at "
        f"{fmt.pct(summary['ae_pressure'], 0)} of capacity, {setting} at "
        f"{fmt.pct(summary['setting_pressure'], 0)}; {money}."
    )


def _result_table(table) -> str:
    rows = [
        (
            model.SETTING_NAMES[name],
            fmt.count(row.attendances_before),
            fmt.count(row.attendances),
            fmt.pct(row.pressure, 0),
            fmt.money_m(row.cost),
        )
        for name, row in table.iterrows()
    ]
    rows.append(("Total", fmt.count(table["attendances_before"].sum()),
                 fmt.count(table["attendances"].sum()), "",
                 fmt.money_m(table["cost"].sum())))
    return plots.html_table(rows, list(TABLE_HEADERS), caption=TABLE_CAPTION)


def render(inputs: model.UrgentCareInputs, share_redirected_pct: float, setting: str,
           need_share_pct: float) -> str:
    """The live explorer's result HTML (raises ValueError on bad input).

    Both shares are percentages as typed (0 to 100), read by
    :func:`commlib.urgent_care.share_from_pct`, which names the box in its refusal.
    """
    need_share = model.share_from_pct(need_share_pct, NEED_SHARE_LABEL)
    share = model.share_from_pct(share_redirected_pct, SHARE_LABEL)
    inputs = inputs.with_changes(primary_care_need_share=need_share)
    table = model.redirect(inputs, share, setting)
    chart = plots.svg_bars(
        {model.SETTING_NAMES[name]: float(p) * 100 for name, p in table["pressure"].items()},
        title=CHART_TITLE,
        value_label=CHART_VALUE_LABEL,
        value_format=lambda v: f"{v:,.0f}%",
        colours={model.SETTING_NAMES[k]: v for k, v in SETTING_COLOURS.items()},
        reference=100.0,
        reference_label=CHART_REFERENCE_LABEL,
    )
    sentence = headline(inputs, share, setting)
    return (f'<p class="commlib-headline" role="status">{html.escape(sentence)}</p>'
            + chart + _result_table(table))


def live_explorer(inputs: model.UrgentCareInputs | None = None) -> LiveExplorer:
    """The live urgent care explorer: share redirected, setting, and the share with a need.

    Controls (keyword names for :meth:`LiveExplorer.set`): ``share_redirected_pct`` (0 to 100),
    ``setting`` ("UTC" or "GP") and ``need_share_pct`` (a free number: values outside 0 to 100
    show a message and keep the last good result).
    """
    inputs = inputs or model.load_inputs()
    controls = {
        "share_redirected_pct": widgets.IntSlider(
            value=20, min=0, max=100, step=SHARE_STEP_PCT, continuous_update=False,
            description=SHARE_LABEL,
            style=STYLE, layout=widgets.Layout(width="460px")),
        "setting": widgets.Dropdown(
            options=[(label, key) for key, label in SETTING_LABELS.items()], value="UTC",
            description="Redirect to (setting)", style=STYLE),
        "need_share_pct": widgets.FloatText(
            value=round(inputs.primary_care_need_share * 100, 6), step=1,
            description=NEED_SHARE_LABEL, style=STYLE),
    }
    return LiveExplorer(
        controls,
        lambda **values: render(inputs, **values),
        title="Redirect urgent primary care needs away from A&E",
        note=NOTE,
    )


def _bars(table) -> list[go.Bar]:
    names = [SHORT_NAMES[n] for n in table.index]
    colours = [SETTING_COLOURS[n] for n in table.index]
    pressure = [round(float(p) * 100, 1) for p in table["pressure"]]
    cost = [round(float(c) / 1e6, 2) for c in table["cost"]]
    return [
        go.Bar(x=names, y=pressure, marker={"color": colours}, name="Pressure",
               text=[f"{p:.0f}%" for p in pressure], textposition="outside",
               hovertemplate="%{x}: %{y:.0f}% of capacity<extra></extra>", showlegend=False),
        go.Bar(x=names, y=cost, marker={"color": colours}, name="Cost",
               text=[f"£{c:.1f}m" for c in cost], textposition="outside",
               hovertemplate="%{x}: £%{y:.1f}m a year<extra></extra>", showlegend=False,
               xaxis="x2", yaxis="y2"),
    ]


def static_explorer(inputs: model.UrgentCareInputs | None = None) -> go.Figure:
    """The kernel-free explorer: share redirected (0% to 100%, steps of SHARE_STEP_PCT) x setting.

    Every step is :func:`commlib.urgent_care.redirect` at that setting; the headline is
    :func:`headline`.
    """
    inputs = inputs or model.load_inputs()
    max_pressure = max(
        float(model.redirect(inputs, 1.0, s)["pressure"].max()) for s in model.SETTINGS
    )
    max_cost = max(float(model.redirect(inputs, s_, s)["cost"].max())
                   for s in model.SETTINGS for s_ in (0.0, 1.0))

    def compute(share_pct: int, setting: str):
        share = share_pct / 100
        return _bars(model.redirect(inputs, share, setting)), headline(inputs, share, setting)

    return plots.step_explorer(
        name="york-urgent-care",
        dims=[
            ("Share redirected (% of A&E attendances with a primary care need)",
             list(SHARE_STEPS_PCT), [f"{p}%" for p in SHARE_STEPS_PCT]),
            ("Redirect to (setting)", list(model.SETTINGS),
             [SETTING_LABELS[s] for s in model.SETTINGS]),
        ],
        compute=compute,
        initial=[SHARE_STEPS_PCT.index(20), 0],
        layout={
            "height": 460,
            "margin": {"t": 90, "b": 60},
            "xaxis": {"domain": [0, 0.42]},
            "xaxis2": {"domain": [0.58, 1], "anchor": "y2"},
            "yaxis": {"title": {"text": "Pressure (% of capacity)"},
                      "range": [0, max_pressure * 100 * 1.15]},
            "yaxis2": {"title": {"text": "Cost (£m a year, illustrative)"}, "anchor": "x2",
                       "range": [0, max_cost / 1e6 * 1.15]},
            "shapes": [{"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1,
                        "y0": 100, "y1": 100,
                        "line": {"color": plots.PALETTE["black"], "dash": "dash"}}],
        },
    )
