"""The practice income explorer: a GMS practice's income by stream for a chosen year.

Set the list size, the Carr-Hill weighting, QOF points and prevalence, enhanced services and
other income; the explorer shows the practice's income by stream from
:func:`commlib.primary_care.practice_income`, using that year's contract values
(``data/gp_contract_values.csv``). :func:`static_explorer` is the kernel-free version for the
static site (year x Carr-Hill weighting), its steps computed by the same function.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from commlib import fmt, plots, primary_care
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "DEFAULTS",
    "STATIC_WEIGHTINGS",
    "complete_years",
    "practice_income_explorer",
    "render",
    "revised_note",
    "static_explorer",
    "static_step",
]

#: Illustrative starting practice: list size, weighting, QOF points and other streams.
DEFAULTS: dict[str, Any] = {
    "year": "2020/21",
    "registered_patients": 9_000,
    "carr_hill_weighting": 1.0,
    "qof_points": 540.0,
    "qof_prevalence_ratio": 1.0,
    "enhanced_services": 60_000.0,
    "other": 0.0,
    "oohs_opt_out": False,
    "use_revised": False,
}
#: Carr-Hill weightings offered by the kernel-free explorer.
STATIC_WEIGHTINGS = (0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3)
STREAM_COLOURS = {
    primary_care.INCOME_STREAMS["global_sum"]: plots.PALETTE["blue"],
    primary_care.INCOME_STREAMS["qof"]: plots.PALETTE["green"],
    primary_care.INCOME_STREAMS["enhanced_services"]: plots.PALETTE["orange"],
    primary_care.INCOME_STREAMS["other"]: plots.PALETTE["sky"],
}


def complete_years() -> list[str]:
    """Years whose contract values give both a global sum and QOF income (oldest first)."""
    years = []
    for year in primary_care.contract_years():
        values = primary_care.contract_values(year)
        needed = ("global_sum_per_weighted_patient", "qof_value_per_point",
                  "national_average_list_size")
        if all(not pd.isna(values[c]) for c in needed):
            years.append(year)
    return years


def _streams(income: pd.Series) -> dict[str, float]:
    return {label: float(income[key]) for key, label in primary_care.INCOME_STREAMS.items()}


def revised_note(year: str, use_revised: bool) -> str:
    """The sentence shown when the reader asks for the in-year global sum of a year that had
    none (the April price stands), else "" (so the checkbox always changes what is shown)."""
    if not use_revised:
        return ""
    contract = primary_care.contract_values(year)
    if not pd.isna(contract["global_sum_per_weighted_patient_revised"]):
        return ""
    return (f"The contract values (data/gp_contract_values.csv) give no in-year change to the "
            f"global sum for {year}, so the price from April is used.")


#: The boxes' labels, as a reader sees them; refusals name the box by its label.
LABELS = {
    "registered_patients": "Registered patients (people)",
    "carr_hill_weighting": "Carr-Hill weighting (weighted patients per patient)",
    "qof_points": "QOF points achieved",
    "qof_prevalence_ratio": "Prevalence against national (1 = average)",
    "enhanced_services": "Enhanced services income (£ a year)",
    "other": "Other income (£ a year)",
}


def render(**values: Any) -> str:
    """The explorer's result HTML for one setting (income from primary_care.practice_income)."""
    for name in primary_care.PRACTICE_INPUTS:  # the model's own check, naming the box
        primary_care.check_practice_input(name, values[name], label=LABELS[name])
    year = values["year"]
    income = primary_care.practice_income(
        year,
        registered_patients=values["registered_patients"],
        carr_hill_weighting=values["carr_hill_weighting"],
        qof_points=values["qof_points"],
        qof_prevalence_ratio=values["qof_prevalence_ratio"],
        enhanced_services=values["enhanced_services"],
        other=values["other"],
        oohs_opt_out=values["oohs_opt_out"],
        use_revised=values["use_revised"],
    )
    streams = _streams(income)
    total = float(income["total"])
    chart = plots.svg_bars(
        streams, title=f"Practice income by stream, {year}", value_label="£ a year",
        value_format=fmt.money, colours=STREAM_COLOURS,
    )
    rows = [[label, fmt.money(value), fmt.pct(value / total) if total else "–"]
            for label, value in streams.items()]
    rows.append(["Total", fmt.money(total), fmt.pct(1.0) if total else "–"])
    table = plots.html_table(rows, ["Stream", "£ a year", "Share of total"],
                             caption=f"Income by stream, {year}")
    contract = primary_care.contract_values(year)
    price = contract["global_sum_per_weighted_patient"]
    if values["use_revised"] and not pd.isna(contract["global_sum_per_weighted_patient_revised"]):
        price = contract["global_sum_per_weighted_patient_revised"]
    global_sum = streams[primary_care.INCOME_STREAMS["global_sum"]]
    qof = streams[primary_care.INCOME_STREAMS["qof"]]
    deduction = ""
    if values["oohs_opt_out"]:
        amount = primary_care.oohs_deduction_for_year(year, use_revised=values["use_revised"])
        checked = bool(primary_care.oohs_deduction_table().at[year, "rate_checked"])
        deduction = (f", less the out-of-hours deduction of {fmt.money(amount, dp=2)} "
                     f"({fmt.pct(primary_care.OOHS_DEDUCTION_RATE, dp=2)} of the global sum"
                     + ("" if checked else "; the rate is not checked for this year") + ")")
    headline = (
        f"In {year} a practice of {fmt.count(values['registered_patients'])} patients with a "
        f"Carr-Hill weighting of {values['carr_hill_weighting']:g} earns {fmt.money(total)}: "
        f"{fmt.money(global_sum)} global sum (at {fmt.money(float(price), dp=2)} per weighted "
        f"patient{deduction}) and {fmt.money(qof)} from QOF."
    )
    note = revised_note(year, values["use_revised"])
    note_html = f'<p class="commlib-caveat">{html.escape(note)}</p>' if note else ""
    return (f'<p class="commlib-headline">{html.escape(headline)}</p>' + note_html + chart
            + table)


def practice_income_explorer(**initial: Any) -> LiveExplorer:
    """Build the live practice income explorer (for the chapter, the app and the tests).

    Keyword arguments override :data:`DEFAULTS`.
    """
    start = {**DEFAULTS, **initial}
    controls = {
        "year": widgets.Dropdown(options=complete_years(), value=start["year"],
                                 description="Financial year", style=STYLE),
        "registered_patients": widgets.IntText(
            value=start["registered_patients"], step=500,
            description=LABELS["registered_patients"], style=STYLE),
        "carr_hill_weighting": widgets.FloatText(
            value=start["carr_hill_weighting"], step=0.05,
            description=LABELS["carr_hill_weighting"], style=STYLE),
        "qof_points": widgets.FloatText(value=start["qof_points"], step=10,
                                        description=LABELS["qof_points"], style=STYLE),
        "qof_prevalence_ratio": widgets.FloatText(
            value=start["qof_prevalence_ratio"], step=0.05,
            description=LABELS["qof_prevalence_ratio"], style=STYLE),
        "enhanced_services": widgets.FloatText(
            value=start["enhanced_services"], step=5_000,
            description=LABELS["enhanced_services"], style=STYLE),
        "other": widgets.FloatText(value=start["other"], step=5_000,
                                   description=LABELS["other"], style=STYLE),
        "oohs_opt_out": widgets.Checkbox(
            value=start["oohs_opt_out"], indent=False,
            description="Opted out of out-of-hours care (4.75% of the global sum deducted)"),
        "use_revised": widgets.Checkbox(
            value=start["use_revised"], indent=False,
            description="Use the global sum after the year's in-year change"),
    }
    return LiveExplorer(
        controls, render, title="Practice income explorer",
        note="An illustrative GMS practice; contract values from data/gp_contract_values.csv.",
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorer
# --------------------------------------------------------------------------------------------

def static_step(year: str, weighting: float) -> tuple[pd.Series, str]:
    """Income and headline for one step of the static explorer (the other inputs at DEFAULTS)."""
    income = primary_care.practice_income(
        year,
        registered_patients=DEFAULTS["registered_patients"],
        carr_hill_weighting=weighting,
        qof_points=DEFAULTS["qof_points"],
        qof_prevalence_ratio=DEFAULTS["qof_prevalence_ratio"],
        enhanced_services=DEFAULTS["enhanced_services"],
        other=DEFAULTS["other"],
    )
    headline = (f"{year}, Carr-Hill weighting {weighting:g}: total {fmt.money(income['total'])}, "
                f"of which global sum {fmt.money(income['global_sum'])} and QOF "
                f"{fmt.money(income['qof'])}.")
    return income, headline


def static_explorer() -> go.Figure:
    """Practice income for the static site: financial year x Carr-Hill weighting.

    A practice of ``DEFAULTS["registered_patients"]`` patients with the default QOF points
    and enhanced services; each step from :func:`commlib.primary_care.practice_income`.
    """
    years = complete_years()
    labels = list(primary_care.INCOME_STREAMS.values())
    highest = max(static_step(y, max(STATIC_WEIGHTINGS))[0]["global_sum"] for y in years)

    def compute(year: str, weighting: float):
        income, headline = static_step(year, weighting)
        values = list(_streams(income).values())
        trace = go.Bar(
            x=values, y=labels, orientation="h",
            marker={"color": [STREAM_COLOURS[label] for label in labels]},
            text=[fmt.money(v) for v in values], textposition="outside",
            hovertemplate="%{y}: £%{x:,.0f}<extra></extra>",
        )
        return [trace], headline

    return plots.step_explorer(
        name="practice-income",
        dims=[
            ("Financial year", years, years),
            ("Carr-Hill weighting (weighted patients per patient)", list(STATIC_WEIGHTINGS),
             [f"{w:g}" for w in STATIC_WEIGHTINGS]),
        ],
        compute=compute,
        initial=[years.index("2020/21"), STATIC_WEIGHTINGS.index(1.0)],
        layout={
            "xaxis": {"title": {"text": "Income (£ a year)"}, **plots.POUNDS_AXIS,
                      "range": [0, highest * 1.25]},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "showlegend": False,
            "margin": {"t": 90, "l": 20},
            "height": 420,
        },
    )
