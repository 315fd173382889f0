"""The "£1m to invest" explorer: rank the seed's five options by your own estimates.

For each of the five options in seed 000 give a benefit score and how confident you are that
the benefit will happen; set the budget. :func:`commlib.priorities.rank_options` ranks them
by expected benefit per pound and funds down the list. :func:`static_explorer` is the
kernel-free version (budget x whether confidence counts), its steps computed by the same
function. Costs, benefits and confidences start at the illustrative values in
:data:`commlib.priorities.SEED_OPTIONS`.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import fmt, plots, priorities
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "SHORT_NAMES",
    "STATIC_BUDGETS",
    "priorities_explorer",
    "render",
    "static_explorer",
    "static_step",
]

#: Short labels for the seed's options, in the seed's order (used for controls and charts).
SHORT_NAMES = (
    "Children and young people's mental health",
    "Primary care urgent appointments",
    "Community admission avoidance",
    "Screening and testing",
    "IT for integration",
)
#: Budgets offered by the kernel-free explorer, pounds.
STATIC_BUDGETS = (250_000.0, 500_000.0, 750_000.0, 1_000_000.0, 1_250_000.0, 1_500_000.0)


def _options(benefits, confidences) -> list[priorities.Option]:
    return [replace(option, name=short, benefit=benefit, confidence=confidence)
            for option, short, benefit, confidence in zip(
                priorities.SEED_OPTIONS, SHORT_NAMES, benefits, confidences, strict=True)]


def _ranking_html(ranked, budget: float) -> str:
    funded = ranked[ranked["funded"]]
    spent = float(ranked["funded_cost"].sum())
    names = ", ".join(funded["name"]) if len(funded) else "nothing"
    headline = (f"With {fmt.money(budget)} you fund {names}: {fmt.money(spent)} spent, "
                f"{fmt.money(budget - spent)} left over.")
    values = {row["name"]: float(row["benefit_per_1000_pounds"]) for _, row in ranked.iterrows()}
    colours = {row["name"]: (plots.ROLE_COLOURS["gain"] if row["funded"]
                             else plots.ROLE_COLOURS["neutral"])
               for _, row in ranked.iterrows()}
    chart = plots.svg_bars(values, title="Expected benefit per £1,000, best first "
                           "(green: funded)", value_label="benefit points per £1,000",
                           value_format=lambda v: f"{v:.3f}", colours=colours)
    rows = [[rank, row["name"], fmt.money(row["cost"]), f"{row['expected_benefit']:.1f}",
             f"{row['benefit_per_1000_pounds']:.3f}",
             "yes" if row["funded_share"] >= 1 else
             (fmt.pct(row["funded_share"], dp=0) if row["funded"] else "no")]
            for rank, row in ranked.iterrows()]
    table = plots.html_table(
        rows, ["Rank", "Option", "Cost", "Expected benefit (points)",
               "Benefit per £1,000", "Funded"],
        caption="Options ranked by expected benefit per pound")
    return f'<p class="commlib-headline">{html.escape(headline)}</p>' + chart + table


def render(*, budget: float, allow_partial: bool, **estimates: Any) -> str:
    """The explorer's result HTML (ranking from commlib.priorities.rank_options)."""
    benefits = [estimates[f"benefit_{i}"] for i in range(len(SHORT_NAMES))]
    confidences = [estimates[f"confidence_{i}"] for i in range(len(SHORT_NAMES))]
    ranked = priorities.rank_options(_options(benefits, confidences), budget,
                                     allow_partial=allow_partial)
    return _ranking_html(ranked, budget)


def priorities_explorer(**initial: Any) -> LiveExplorer:
    """Build the live "£1m to invest" explorer; keyword arguments override starting values."""
    controls: dict[str, widgets.Widget] = {
        "budget": widgets.FloatText(value=initial.get("budget", priorities.SEED_BUDGET),
                                    step=50_000, description="Budget (£)", style=STYLE),
        "allow_partial": widgets.Checkbox(
            value=initial.get("allow_partial", False), indent=False,
            description="Part-fund the first option that does not fit"),
    }
    for i, (option, short) in enumerate(zip(priorities.SEED_OPTIONS, SHORT_NAMES,
                                            strict=True)):
        controls[f"benefit_{i}"] = widgets.FloatText(
            value=initial.get(f"benefit_{i}", option.benefit), step=5,
            description=f"{short}: benefit (points; costs {fmt.money(option.cost)})",
            style=STYLE)
        controls[f"confidence_{i}"] = widgets.FloatText(
            value=initial.get(f"confidence_{i}", option.confidence), step=0.05,
            description=f"{short}: confidence (0 to 1)", style=STYLE)
    return LiveExplorer(
        controls, render, title="If you had £1m to invest",
        note="Costs and starting scores are illustrative: the seed lists the options only.",
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorer
# --------------------------------------------------------------------------------------------

def static_step(budget: float, count_confidence: bool):
    """The ranking and headline for one step (illustrative scores; confidence 1 if ignored)."""
    benefits = [o.benefit for o in priorities.SEED_OPTIONS]
    confidences = [o.confidence if count_confidence else 1.0 for o in priorities.SEED_OPTIONS]
    ranked = priorities.rank_options(_options(benefits, confidences), budget)
    funded = ranked[ranked["funded"]]
    names = ", ".join(funded["name"]) if len(funded) else "nothing"
    headline = (f"{fmt.money(budget)}"
                f"{'' if count_confidence else ', ignoring confidence'}: fund {names}.")
    return ranked, headline


def static_explorer() -> go.Figure:
    """The ranking for the static site: budget x whether confidence counts."""
    order = list(SHORT_NAMES)
    highest = max(o.benefit / o.cost * 1000 for o in priorities.SEED_OPTIONS)

    def compute(budget: float, count_confidence: bool):
        ranked, headline = static_step(budget, count_confidence)
        by_name = ranked.set_index("name")
        values = [float(by_name.loc[n, "benefit_per_1000_pounds"]) for n in order]
        colours = [plots.ROLE_COLOURS["gain"] if by_name.loc[n, "funded"]
                   else plots.ROLE_COLOURS["neutral"] for n in order]
        trace = go.Bar(x=values, y=order, orientation="h", marker={"color": colours},
                       text=[f"{v:.3f}" for v in values], textposition="outside",
                       hovertemplate="%{y}: %{x:.3f} points per £1,000<extra></extra>")
        return [trace], headline

    return plots.step_explorer(
        name="invest-1m",
        dims=[
            ("Budget", list(STATIC_BUDGETS), [fmt.money_m(b, dp=2) for b in STATIC_BUDGETS]),
            ("Count the confidence in each benefit?", [True, False],
             ["Yes: benefit x confidence", "No: benefit only"]),
        ],
        compute=compute,
        initial=[STATIC_BUDGETS.index(1_000_000.0), 0],
        layout={
            "xaxis": {"title": {"text": "Expected benefit per £1,000 (points; green: funded)"},
                      "range": [0, highest * 1.25]},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "showlegend": False,
            "margin": {"t": 90, "l": 20},
            "height": 400,
        },
    )
