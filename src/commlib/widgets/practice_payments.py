"""A real practice's payments: what the NHS paid one named GP practice in a year, by stream.

Type a practice's code or a part of its name (:func:`commlib.primary_care.find_practice`) and
pick a year of *NHS Payments to General Practice* (2019/20 to 2022/23, table
``gp_payments_practices``). The explorer shows the practice's payments stream by stream, per
registered and per weighted patient, against the England median for practices on the same
contract type (:func:`commlib.primary_care.payment_summary`), and sets the global sum it was
paid beside what the year's national price per weighted patient gives for its list
(:func:`commlib.primary_care.global_sum_payment`): the practice income explorer's model,
met with a real practice.
"""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets
import pandas as pd

from commlib import data, fmt, plots, primary_care
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "DEFAULT_PRACTICE",
    "LABELS",
    "contract_clause",
    "england_medians",
    "payment_area",
    "practice_payments_explorer",
    "render",
]

#: The practice the explorer opens on: Kingston Health (Hull), a GMS practice in Hull.
DEFAULT_PRACTICE = "B81011"
#: The controls' labels, as a reader sees them.
LABELS = {
    "year": "Financial year of the payments",
    "practice": "GP practice (code or part of the name)",
}
#: A clause per contract type, after the model's global sum.
_CONTRACT_CLAUSES = {
    "GMS": "a GMS practice is paid the global sum for its weighted list, quarter by quarter, so "
           "the two differ by the changes in its list during the year",
    "PMS": "a PMS practice is paid under a locally agreed contract: its baseline shows as a "
           "global sum and a balance of PMS expenditure",
    "APMS": "an APMS practice is paid under a time-limited local contract, often not per "
            "weighted patient",
    "Unknown": "the publication gives no contract type for this practice",
}


def contract_clause(contract_type: str) -> str:
    """What the comparison with the global sum means for a practice's contract type."""
    return _CONTRACT_CLAUSES.get(contract_type, _CONTRACT_CLAUSES["Unknown"])


@functools.lru_cache(maxsize=1)
def _payments() -> pd.DataFrame:
    return data.load("gp_payments_practices")


@functools.lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    table = data.load("sub_icb_locations")
    return {code: f"{place} ({code}), a sub-ICB location of {icb}"
            for code, place, icb in zip(table["sub_icb_code"], table["place_name"],
                                        table["icb_name"], strict=True)}


def payment_area(sub_icb_code: str, sub_icb_name: str) -> str:
    """Where a practice was, in words: a sub-ICB location by its former CCG name (2022/23),
    else the CCG as the publication names it."""
    if " ICB - " in sub_icb_name and sub_icb_code in _place_names():
        return _place_names()[sub_icb_code]
    return f"{sub_icb_name} ({sub_icb_code})"


@functools.lru_cache(maxsize=1)
def england_medians() -> dict[tuple[str, str], float]:
    """(year, contract type) -> median total payments per weighted patient, England (£)."""
    summary = primary_care.payment_summary(_payments(), by=("year", "contract_type"))
    return {(str(year), str(kind)): float(value) for (year, kind), value
            in summary["median_per_weighted_patient"].items()}


def _per(value: float, patients: float) -> str:
    return fmt.money(value / patients, dp=2) if patients > 0 else "–"


def render(year: str, practice: str) -> str:
    """The explorer's result HTML for one practice and year."""
    row = primary_care.find_practice(year, practice, _payments())
    registered = float(row["registered_patients"])
    weighted = float(row["weighted_patients"])
    streams = {label: float(row[key]) for key, label in
               primary_care.TOTAL_PAYMENT_STREAMS.items()}
    total = float(row["total_payments"])
    kind = str(row["contract_type"])
    name = f"{row['practice_name']} ({row['practice_code']})"
    area = payment_area(str(row["sub_icb_code"]), str(row["sub_icb_name"]))
    headline = (f"{name}, {year}: a {kind} practice in {area}, with "
                f"{fmt.count(registered)} registered patients "
                f"({fmt.count(weighted)} weighted). NHS payments to it came to "
                f"{fmt.money(total)} in all.")
    if registered > 0 and weighted > 0:
        median = england_medians().get((year, kind))
        compare = ("" if median is None else
                   f", against a median of {fmt.money(median, dp=2)} for {kind} practices "
                   f"in England that year")
        per = (f"That is {_per(total, registered)} per registered patient and "
               f"{_per(total, weighted)} per weighted patient{compare}.")
    else:
        per = ("It had no registered patients in the data that year (it may have opened or "
               "closed during the year), so there is no figure per patient.")
    price = float(primary_care.contract_values(year)["global_sum_per_weighted_patient"])
    model = float(primary_care.global_sum_payment(weighted, price))
    paid = streams[primary_care.TOTAL_PAYMENT_STREAMS["global_sum"]]
    model_text = (f"At the national price of {fmt.money(price, dp=2)} per weighted patient "
                  f"for {year}, its list gives a global sum of {fmt.money(model)}; it was paid "
                  f"{fmt.money(paid)} as global sum: {contract_clause(kind)}.")
    rows = [[label, fmt.money(value, dp=2), _per(value, registered),
             fmt.pct(value / total) if total else "–"] for label, value in streams.items()]
    rows.append(["Total payments", fmt.money(total, dp=2), _per(total, registered),
                 fmt.pct(1.0) if total else "–"])
    for key, label in primary_care.OUTSIDE_TOTAL_STREAMS.items():
        rows.append([f"{label} (not in the total)", fmt.money(float(row[key]), dp=2),
                     _per(float(row[key]), registered), ""])
    table = plots.html_table(
        rows, ["Stream", "£ in the year", "£ per registered patient", "Share of total"],
        caption=f"NHS payments to {name}, {year}, by stream (NHS Payments to General "
                f"Practice)")
    chart = plots.svg_bars(streams, title=f"Payments to {name}, {year}",
                           value_label="£ in the year", value_format=fmt.money)
    return (f'<p class="commlib-headline">{html.escape(headline)}</p>'
            f"<p>{html.escape(per)}</p><p>{html.escape(model_text)}</p>{chart}{table}")


def practice_payments_explorer(year: str | None = None,
                               practice: str = DEFAULT_PRACTICE) -> LiveExplorer:
    """Build the live explorer of one real practice's payments (chapter, app and tests)."""
    years = primary_care.payment_years()
    controls = {
        "year": widgets.Dropdown(options=years, value=year or years[-1],
                                 description=LABELS["year"], style=STYLE),
        "practice": widgets.Text(value=practice, description=LABELS["practice"],
                                 continuous_update=False, style=STYLE),
    }
    return LiveExplorer(
        controls, render, title="A real practice's payments",
        note="NHS Payments to General Practice, England (NHS Digital), 2019/20 to 2022/23: "
             "every practice in England, by code or name.",
    )

