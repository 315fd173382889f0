"""The capital scheme explorer: what a piece of equipment costs the revenue account each year.

Set the capital cost, the useful life, the running costs and the PDC dividend rate. The
explorer shows, from :mod:`commlib.capital`, the yearly revenue cost (depreciation, PDC
dividend, running costs) and the totals over the asset's life. :func:`static_explorer` is the
kernel-free version (useful life x running costs), its steps computed by the same functions.
Starting values are the illustrative scanner in :data:`commlib.capital.ILLUSTRATIVE_SCANNER`.
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import capital, fmt, plots
from commlib.allocation import to_pence
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "MESSAGES",
    "PART_COLOURS",
    "STATIC_LIVES",
    "STATIC_RUNNING_COSTS",
    "capital_explorer",
    "render",
    "static_explorer",
    "static_step",
]

SCANNER = capital.ILLUSTRATIVE_SCANNER
#: Useful lives (years) and running costs (£ a year) offered by the kernel-free explorer.
STATIC_LIVES = (4, 5, 6, 8, 10, 12, 15)
STATIC_RUNNING_COSTS = (0.0, 100_000.0, 200_000.0, 350_000.0, 500_000.0, 750_000.0)
PART_COLOURS = {
    "Depreciation": plots.PALETTE["blue"],
    "PDC dividend": plots.PALETTE["orange"],
    "Running costs": plots.PALETTE["vermillion"],
}
#: The explorer's refusals, one per box and fault, in the boxes' words (the browser twin,
#: :mod:`commlib.widgets.browser_misc`, reads them). Checked in the order of the boxes.
MESSAGES = {
    "cost_blank": "Type the capital cost of the asset in pounds, for example 1200000.",
    "cost_zero": ("The capital cost of the asset must be at least 1p: enter what the asset "
                  "costs."),
    "cost_huge": (f"The capital cost of the asset must be at most "
                  f"{fmt.money_bn(capital.MAX_MONEY_GBP, dp=0)}: check the number typed."),
    "cost_pence": ("The capital cost of the asset must be a whole number of pence: round it "
                   "to 2 decimal places."),
    "life_blank": "Type the useful life in whole years, for example 8.",
    "life_whole": "The useful life must be a whole number of years, for example 8, not 7.5.",
    "life_zero": "The useful life must be at least 1 year.",
    "life_long": (f"The useful life must be at most {capital.MAX_USEFUL_LIFE_YEARS} years "
                  "in this explorer."),
    "running_blank": "Type the running costs in pounds a year (0 if there are none).",
    "running_negative": "The running costs must not be negative: type 0 if there are none.",
    "running_huge": (f"The running costs must be at most "
                     f"{fmt.money_bn(capital.MAX_MONEY_GBP, dp=0)} a year: check the number "
                     "typed."),
    "rate_blank": "Type the PDC dividend rate as a share, for example 0.035 for 3.5%.",
    "rate_range": ("The PDC dividend rate is a share from 0 to 1: type 0.035 for 3.5%, "
                   "not 3.5."),
}


def _check_boxes(capital_cost: float, useful_life_years: float, running_cost_per_year: float,
                 pdc_dividend_rate: float) -> None:
    """Refuse what the boxes hold, in their words, before the model checks the same again."""
    if not math.isfinite(capital_cost):
        raise ValueError(MESSAGES["cost_blank"])
    if capital_cost < 0.01:  # a cost of under a penny rounds to nothing
        raise ValueError(MESSAGES["cost_zero"])
    if capital_cost > capital.MAX_MONEY_GBP:
        raise ValueError(MESSAGES["cost_huge"])
    try:
        to_pence("capital_cost", capital_cost)
    except ValueError:
        raise ValueError(MESSAGES["cost_pence"]) from None
    if not math.isfinite(useful_life_years):
        raise ValueError(MESSAGES["life_blank"])
    if not float(useful_life_years).is_integer():
        raise ValueError(MESSAGES["life_whole"])
    if useful_life_years < 1:
        raise ValueError(MESSAGES["life_zero"])
    if useful_life_years > capital.MAX_USEFUL_LIFE_YEARS:
        raise ValueError(MESSAGES["life_long"])
    if not math.isfinite(running_cost_per_year):
        raise ValueError(MESSAGES["running_blank"])
    if running_cost_per_year < 0:
        raise ValueError(MESSAGES["running_negative"])
    if running_cost_per_year > capital.MAX_MONEY_GBP:
        raise ValueError(MESSAGES["running_huge"])
    if not math.isfinite(pdc_dividend_rate):
        raise ValueError(MESSAGES["rate_blank"])
    if not 0 <= pdc_dividend_rate <= 1:
        raise ValueError(MESSAGES["rate_range"])


_PARTS = {"Depreciation": "depreciation", "PDC dividend": "pdc_dividend",
          "Running costs": "running_costs"}


def _headline(capital_cost: float, life: int, totals: dict[str, float],
              year_one: float) -> str:
    years = "year" if life == 1 else "years"
    return (f"A {fmt.money(capital_cost)} asset used for {life} {years} costs the revenue "
            f"account {fmt.money(year_one)} in year 1 and {fmt.money(totals['total_revenue_cost'])}"
            f" over its life: {fmt.index(totals['revenue_over_capital'], dp=1)} times its price.")


def render(*, capital_cost: float, useful_life_years: float, running_cost_per_year: float,
           pdc_dividend_rate: float) -> str:
    """The explorer's result HTML (every number from commlib.capital).

    Raises
    ------
    ValueError
        When a box holds no number, or one the model cannot use (see :data:`MESSAGES`).
    """
    _check_boxes(capital_cost, useful_life_years, running_cost_per_year, pdc_dividend_rate)
    table = capital.revenue_consequences(capital_cost, useful_life_years,
                                         running_cost_per_year, pdc_dividend_rate)
    totals = capital.lifetime_costs(capital_cost, useful_life_years, running_cost_per_year,
                                    pdc_dividend_rate)
    life = int(useful_life_years)
    headline = _headline(capital_cost, life, totals, float(table["total_revenue_cost"].iloc[0]))
    year_one = {label: float(table[column].iloc[0]) for label, column in _PARTS.items()}
    chart = plots.svg_bars(year_one, title="Revenue cost in year 1", value_label="£ in year 1",
                           value_format=fmt.money, colours=PART_COLOURS)
    rows = [[f"Year {year}", fmt.money(row["depreciation"]), fmt.money(row["pdc_dividend"]),
             fmt.money(row["running_costs"]), fmt.money(row["total_revenue_cost"])]
            for year, row in table.iterrows()]
    rows.append(["Over the life", fmt.money(totals["depreciation"]),
                 fmt.money(totals["pdc_dividend"]), fmt.money(totals["running_costs"]),
                 fmt.money(totals["total_revenue_cost"])])
    year_table = plots.html_table(
        rows, ["Year", "Depreciation", "PDC dividend", "Running costs", "Revenue cost"],
        caption="Revenue cost of the scheme year by year (£)")
    return f'<p class="commlib-headline">{html.escape(headline)}</p>' + chart + year_table


def capital_explorer(**initial: Any) -> LiveExplorer:
    """Build the live capital scheme explorer; keyword arguments override the starting values."""
    start = {
        "capital_cost": SCANNER["capital_cost"],
        "useful_life_years": float(SCANNER["useful_life_years"]),
        "running_cost_per_year": SCANNER["running_cost_per_year"],
        "pdc_dividend_rate": capital.PDC_DIVIDEND_RATE,
        **initial,
    }

    def number(name: str, description: str, step: float) -> widgets.FloatText:
        return widgets.FloatText(value=start[name], step=step, description=description,
                                 style=STYLE)

    controls = {
        "capital_cost": number("capital_cost", "Capital cost of the asset (£)", 100_000),
        "useful_life_years": number("useful_life_years", "Useful life (whole years)", 1),
        "running_cost_per_year": number("running_cost_per_year",
                                        "Running costs (£ a year)", 50_000),
        "pdc_dividend_rate": number("pdc_dividend_rate",
                                    "PDC dividend rate (share, 0.035 = 3.5%)", 0.005),
    }
    return LiveExplorer(
        controls, render, title="Capital scheme explorer",
        note="Illustrative scanner: the figures are made up for teaching, not any trust's.",
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorer
# --------------------------------------------------------------------------------------------

def static_step(useful_life_years: int, running_cost_per_year: float):
    """The yearly revenue costs and the headline for one step (capital cost illustrative)."""
    cost = SCANNER["capital_cost"]
    table = capital.revenue_consequences(cost, useful_life_years, running_cost_per_year)
    totals = capital.lifetime_costs(cost, useful_life_years, running_cost_per_year)
    headline = _headline(cost, useful_life_years, totals,
                         float(table["total_revenue_cost"].iloc[0]))
    return table, headline


def static_explorer() -> go.Figure:
    """The capital scheme explorer for the static site: useful life x running costs."""
    longest = max(STATIC_LIVES)
    highest = max(static_step(min(STATIC_LIVES), max(STATIC_RUNNING_COSTS))[0]
                  ["total_revenue_cost"])

    def compute(life: int, running: float):
        table, headline = static_step(life, running)
        traces = [
            go.Bar(x=list(table.index), y=list(table[column]), name=label,
                   marker={"color": PART_COLOURS[label]},
                   hovertemplate=f"Year %{{x}}: {label} £%{{y:,.0f}}<extra></extra>")
            for label, column in _PARTS.items()
        ]
        return traces, headline

    return plots.step_explorer(
        name="capital-scheme",
        dims=[
            ("Useful life (years)", list(STATIC_LIVES), [str(n) for n in STATIC_LIVES]),
            ("Running costs (£ a year)", list(STATIC_RUNNING_COSTS),
             [fmt.money(v) for v in STATIC_RUNNING_COSTS]),
        ],
        compute=compute,
        initial=[STATIC_LIVES.index(SCANNER["useful_life_years"]),
                 STATIC_RUNNING_COSTS.index(SCANNER["running_cost_per_year"])],
        layout=plots.legend_at_foot({
            "barmode": "stack",
            "xaxis": {"title": {"text": "Year of the asset's life"}, "range": [0.4, longest + 0.6],
                      "dtick": 1},
            "yaxis": {"title": {"text": "Revenue cost in the year (£)"}, **plots.POUNDS_AXIS,
                      "range": [0, highest * 1.1]},
            "margin": {"t": 90},
            "height": 460,
        }),
    )
