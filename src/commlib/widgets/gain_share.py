"""The gain-share explorer: a biosimilar switch under pass-through and under a gain-share.

Set the spend on the original drug, how much cheaper the biosimilar is, how many patients are
switched each year, the trust's cost of switching and the trust's share of the saving. The
explorer shows, from :mod:`commlib.savings`, the saving year by year, who keeps it, and the
comparison with pass-through (the trust keeps nothing). :func:`static_explorer` is the
kernel-free version (provider share x switch rate), its steps computed by the same functions.
All starting values are the illustrative ones in :data:`commlib.savings.ILLUSTRATIVE_EXAMPLE`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import fmt, plots, savings
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "STATIC_PROVIDER_SHARES",
    "STATIC_SWITCH_RATES",
    "gain_share_explorer",
    "render",
    "static_explorer",
    "static_step",
]

EXAMPLE = savings.ILLUSTRATIVE_EXAMPLE
#: Provider shares and (constant) switch rates offered by the kernel-free explorer.
STATIC_PROVIDER_SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
STATIC_SWITCH_RATES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
PARTY_COLOURS = {
    "Commissioner": plots.ROLE_COLOURS["commissioner"],
    "Trust (provider)": plots.ROLE_COLOURS["provider"],
    "NHS as a whole": plots.ROLE_COLOURS["gain"],
}


def _position(value: float) -> str:
    if abs(value) < 0.5:
        return "no better or worse off"
    return f"{fmt.money(abs(value))} {'better' if value > 0 else 'worse'} off"


def _break_even_text(year: int | None, years: int) -> str:
    if year is None:
        return f"does not break even within {years} years"
    return f"breaks even in year {year}"


#: The boxes' labels, as a reader sees them; refusals name the box by its label.
LABELS = {
    "drug_spend": "Spend on the original drug (£ a year)",
    "price_reduction": "Biosimilar price cut (share of price, 0.3 = 30%)",
    "switch_rate_year_1": "Patients switched in year 1 (share, 0.5 = 50%)",
    "switch_rate_year_2": "Patients switched in year 2 (share)",
    "switch_rate_year_3": "Patients switched in year 3 (share)",
    "implementation_cost": "Trust's cost of switching, year 1 (£)",
    "provider_share": "Trust's share of the saving (0.5 = 50:50)",
}


def render(*, drug_spend: float, price_reduction: float, switch_rate_year_1: float,
           switch_rate_year_2: float, switch_rate_year_3: float, implementation_cost: float,
           provider_share: float, share_net_of_costs: bool) -> str:
    """The explorer's result HTML (every number from commlib.savings)."""
    years = 3
    rates = (switch_rate_year_1, switch_rate_year_2, switch_rate_year_3)
    # The model's own checks, in the model's order, naming each box by its label.
    for name, value in (("drug_spend", drug_spend), ("price_reduction", price_reduction),
                        ("implementation_cost", implementation_cost),
                        ("provider_share", provider_share)):
        savings.check_gain_share_input(name, value, label=LABELS[name])
    for year, rate in enumerate(rates, start=1):
        savings.check_gain_share_input("switch_rate", rate, year=year,
                                       label=LABELS[f"switch_rate_year_{year}"])
    args = (drug_spend, price_reduction, rates, implementation_cost, provider_share, years)
    table = savings.gain_share(*args, share_net_of_costs=share_net_of_costs)
    compare = savings.compare_with_pass_through(*args, share_net_of_costs=share_net_of_costs)
    gain, passed = compare.loc["gain_share"], compare.loc["pass_through"]
    gain_even = savings.break_even_year(*args, party="provider",
                                        share_net_of_costs=share_net_of_costs)
    headline = (
        f"Over {years} years the switch saves the NHS {fmt.money(gain['total_net'])} after the "
        f"trust's costs. Under pass-through the trust ends "
        f"{_position(passed['total_to_provider'])}, so it has no reason to switch; with a "
        f"{fmt.pct(provider_share, dp=0)} share it ends {_position(gain['total_to_provider'])} "
        f"and {_break_even_text(gain_even, years)}, "
        f"while the commissioner keeps {fmt.money(gain['total_to_commissioner'])}."
    )
    by_year = [[f"Year {year}", fmt.money(row["gross_saving"]),
                fmt.money(row["implementation_cost"]),
                fmt.money(row["saving_to_commissioner"]), fmt.money(row["saving_to_provider"])]
               for year, row in table.iterrows()]
    year_table = plots.html_table(
        by_year, ["Year", "Gross saving", "Trust's cost of switching",
                  "Saving to commissioner", "Saving to trust (after its cost)"],
        caption="The saving year by year under this gain-share")
    totals = {
        "Commissioner, pass-through": passed["total_to_commissioner"],
        "Trust, pass-through": passed["total_to_provider"],
        "Commissioner, gain-share": gain["total_to_commissioner"],
        "Trust, gain-share": gain["total_to_provider"],
    }
    colours = {name: PARTY_COLOURS["Commissioner"] if name.startswith("Commissioner")
               else PARTY_COLOURS["Trust (provider)"] for name in totals}
    chart = plots.svg_bars(totals, title=f"Who keeps the saving over {years} years",
                           value_label="£ over three years", value_format=fmt.money,
                           colours=colours)
    return f'<p class="commlib-headline">{html.escape(headline)}</p>' + chart + year_table


def gain_share_explorer(**initial: Any) -> LiveExplorer:
    """Build the live gain-share explorer; keyword arguments override the starting values."""
    rates = EXAMPLE["switch_rate"]
    start = {
        "drug_spend": EXAMPLE["drug_spend"], "price_reduction": EXAMPLE["price_reduction"],
        "switch_rate_year_1": rates[0], "switch_rate_year_2": rates[1],
        "switch_rate_year_3": rates[2], "implementation_cost": EXAMPLE["implementation_cost"],
        "provider_share": EXAMPLE["provider_share"], "share_net_of_costs": False,
        **initial,
    }

    def number(name: str, description: str, step: float) -> widgets.FloatText:
        return widgets.FloatText(value=start[name], step=step, description=description,
                                 style=STYLE)

    controls = {
        "drug_spend": number("drug_spend", LABELS["drug_spend"], 100_000),
        "price_reduction": number("price_reduction", LABELS["price_reduction"], 0.05),
        "switch_rate_year_1": number("switch_rate_year_1", LABELS["switch_rate_year_1"], 0.05),
        "switch_rate_year_2": number("switch_rate_year_2", LABELS["switch_rate_year_2"], 0.05),
        "switch_rate_year_3": number("switch_rate_year_3", LABELS["switch_rate_year_3"], 0.05),
        "implementation_cost": number("implementation_cost", LABELS["implementation_cost"], 10_000),
        "provider_share": number("provider_share", LABELS["provider_share"], 0.05),
        "share_net_of_costs": widgets.Checkbox(
            value=start["share_net_of_costs"], indent=False,
            description="Repay the trust's cost before sharing the saving"),
    }
    return LiveExplorer(
        controls, render, title="Biosimilar gain-share explorer",
        note="Illustrative figures: the seed describes the gain-share but gives no numbers.",
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorer
# --------------------------------------------------------------------------------------------

def static_step(provider_share: float, switch_rate: float):
    """Totals over three years and the headline for one step (other inputs illustrative)."""
    args = (EXAMPLE["drug_spend"], EXAMPLE["price_reduction"], switch_rate,
            EXAMPLE["implementation_cost"], provider_share, EXAMPLE["years"])
    compare = savings.compare_with_pass_through(*args)
    gain = compare.loc["gain_share"]
    even = savings.break_even_year(*args, party="provider")
    headline = (f"Trust share {fmt.pct(provider_share, dp=0)}, {fmt.pct(switch_rate, dp=0)} "
                f"switched: trust {fmt.money(gain['total_to_provider'])} "
                f"({_break_even_text(even, EXAMPLE['years'])}), commissioner "
                f"{fmt.money(gain['total_to_commissioner'])}.")
    return gain, headline


def static_explorer() -> go.Figure:
    """The gain-share for the static site: trust's share of the saving x switch rate."""
    labels = ["Commissioner", "Trust (provider)", "NHS as a whole"]
    years = EXAMPLE["years"]
    top = EXAMPLE["drug_spend"] * EXAMPLE["price_reduction"] * years
    bottom = -EXAMPLE["implementation_cost"]

    def compute(provider_share: float, switch_rate: float):
        gain, headline = static_step(provider_share, switch_rate)
        values = [gain["total_to_commissioner"], gain["total_to_provider"], gain["total_net"]]
        trace = go.Bar(
            x=labels, y=values, marker={"color": [PARTY_COLOURS[k] for k in labels]},
            text=[fmt.money(v) for v in values], textposition="outside",
            hovertemplate="%{x}: £%{y:,.0f}<extra></extra>",
        )
        return [trace], headline

    return plots.step_explorer(
        name="gain-share",
        dims=[
            ("Trust's share of the saving", list(STATIC_PROVIDER_SHARES),
             [fmt.pct(s, dp=0) for s in STATIC_PROVIDER_SHARES]),
            ("Patients switched (every year)", list(STATIC_SWITCH_RATES),
             [fmt.pct(s, dp=0) for s in STATIC_SWITCH_RATES]),
        ],
        compute=compute,
        initial=[STATIC_PROVIDER_SHARES.index(0.5), STATIC_SWITCH_RATES.index(0.8)],
        layout={
            "yaxis": {"title": {"text": f"Saving over {years} years (£)"}, **plots.POUNDS_AXIS,
                      "range": [bottom * 1.5, top * 1.15]},
            "showlegend": False,
            "margin": {"t": 90},
            "height": 420,
        },
    )
