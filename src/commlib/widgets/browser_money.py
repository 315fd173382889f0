"""Browser twins of the chapter 4 money explorers (see :mod:`commlib.widgets.browser`).

``practice-income``: the site version of
:func:`commlib.widgets.practice_income.practice_income_explorer`. Every box is typed freely, so
``explorers/practice-income.js`` computes :func:`commlib.primary_care.practice_income` in the
model's order of floating-point operations from each year's contract values exported here;
what depends only on the year and the two checkboxes (the price per weighted patient, the
out-of-hours sentence and amount) comes ready from commlib, and so does every refusal
sentence (:data:`commlib.primary_care.PRACTICE_REFUSALS`). The live explorer offers no real
practice from the payments data (it is an illustrative practice), so neither does its twin.

``tests/site/test_browser_explorers.py`` proves each twin equal to its live widget.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from commlib import fmt, plots, primary_care, priorities, savings
from commlib.widgets import allocations as alw
from commlib.widgets import gain_share as gsw
from commlib.widgets import practice_income as piw
from commlib.widgets import priorities as prw
from commlib.widgets.browser import twin

__all__ = ["gain_share_data", "invest_data", "pace_of_change_data", "practice_income_data"]


def _svg_colours() -> dict[str, Any]:
    return {"text": plots.TEXT_COLOUR, "blue": plots.PALETTE["blue"],
            "vermillion": plots.PALETTE["vermillion"], "black": plots.PALETTE["black"]}


def _practice_refusals() -> dict[str, dict[str, str]]:
    """Each input's refusal sentences, taken from the check itself."""
    refusals: dict[str, dict[str, str]] = {}
    for name in primary_care.PRACTICE_INPUTS:
        found = {}
        for case, value in (("blank", float("nan")), ("negative", -1.0),
                            ("huge", float("inf"))):
            try:
                primary_care.check_practice_input(name, value, label=piw.LABELS[name])
            except ValueError as error:
                found[case] = str(error)
        refusals[name] = found
    return refusals


def _deduction_text(year: str, use_revised: bool) -> tuple[float, str]:
    """The out-of-hours deduction and the words the headline gives it (as the widget)."""
    amount = primary_care.oohs_deduction_for_year(year, use_revised=use_revised)
    checked = bool(primary_care.oohs_deduction_table().at[year, "rate_checked"])
    text = (f", less the out-of-hours deduction of {fmt.money(amount, dp=2)} "
            f"({fmt.pct(primary_care.OOHS_DEDUCTION_RATE, dp=2)} of the global sum"
            + ("" if checked else "; the rate is not checked for this year") + ")")
    return amount, text


@twin("practice-income", live=piw.practice_income_explorer)
def practice_income_data() -> dict[str, Any]:
    """Per year and setting of the two checkboxes: the price, deduction and their words."""
    years: dict[str, Any] = {}
    for year in piw.complete_years():
        values = primary_care.contract_values(year)
        entry: dict[str, Any] = {
            "value_per_point": float(values["qof_value_per_point"]),
            "national_average_list_size": float(values["national_average_list_size"]),
        }
        for revised in (False, True):
            price = float(values["global_sum_per_weighted_patient"])
            if revised and not pd.isna(values["global_sum_per_weighted_patient_revised"]):
                price = float(values["global_sum_per_weighted_patient_revised"])
            amount, text = _deduction_text(year, revised)
            entry["revised" if revised else "april"] = {
                "price": price, "price_text": fmt.money(price, dp=2),
                "deduction": amount, "deduction_text": text,
                "note": piw.revised_note(year, revised),
            }
        years[year] = entry
    return {
        "years": years,
        "order": list(primary_care.PRACTICE_INPUTS),
        "limits": {name: most for name, (_, most, _) in primary_care.PRACTICE_INPUTS.items()},
        "refusals": _practice_refusals(),
        "streams": list(primary_care.INCOME_STREAMS.values()),
        "svg": _svg_colours(),
    }


# ---------------------------------------------------------------------------------------------
# Pace of change
# ---------------------------------------------------------------------------------------------

def _refusal(call) -> str:
    try:
        call()
    except ValueError as error:
        return str(error)
    raise AssertionError("the call was expected to be refused")  # pragma: no cover


@twin("pace-of-change", live=alw.pace_of_change_widget, module="money")
def pace_of_change_data() -> dict[str, Any]:
    """The region's starting point, the years, the chart's words and the refusal sentences."""
    start = alw.pace_start()
    render = functools.partial(alw._pace_render, start=start)
    good = {"growth_pct": 6.0, "min_growth_pct": 3.6, "max_below_pct": 5.0,
            "cap_above_pct": 10.0, "years": 1}
    out_of_range = [_refusal(lambda key=key: render(**{**good, key: float("nan")}))
                    for key in ("growth_pct", "min_growth_pct", "max_below_pct",
                                "cap_above_pct")]
    negative = [_refusal(lambda key=key: render(**{**good, key: -1.0}))
                for key in ("max_below_pct", "cap_above_pct")]
    # Sentinels whose percentages (10.0% and 1.1%) appear once each in the sentence.
    too_little = _refusal(lambda: alw.pace_path(0.0111, 0.0999, 0.05, 0.1, 1, start))
    for shown, slot in ((f"({fmt.pct(0.0999)})", "({min})"), (f"({fmt.pct(0.0111)})",
                                                              "({growth})")):
        if too_little.count(shown) != 1:
            raise ValueError(f"cannot make a template of {too_little!r}")
        too_little = too_little.replace(shown, slot)
    names = start["icb_name"]
    return {
        "kind": "pace",
        "codes": [str(c) for c in start.index],
        "names": [str(n) for n in names],
        "short": [alw._short_icb(str(n)) for n in names],
        "current": [float(v) for v in start["current"]],
        "target": [float(v) for v in start["target"]],
        "distance_pct": [float(v) for v in start["distance_pct"]],
        "weighted_population": [float(v) for v in start["weighted_population"]],
        # round(float(start["current"].sum()), 2), as pace_path starts from it.
        "start_total": round(float(start["current"].sum()), 2),
        "labels": alw.pace_years(20),
        "title": f"Distance from target, ICBs of {alw.PACE_REGION} (illustrative start)",
        "refusals": {"range": out_of_range, "negative": negative, "too_little": too_little},
        "svg": {"text": plots.TEXT_COLOUR, "black": plots.PALETTE["black"],
                "contrast_safe": list(plots.CONTRAST_SAFE)},
    }


# ---------------------------------------------------------------------------------------------
# Gain-share and the £1m priorities
# ---------------------------------------------------------------------------------------------

@twin("gain-share", live=gsw.gain_share_explorer, module="money")
def gain_share_data() -> dict[str, Any]:
    """The inputs' limits and refusal sentences (from savings.check_gain_share_input)."""
    refusals: dict[str, dict[str, str]] = {}
    for name in ("drug_spend", "price_reduction", "implementation_cost", "provider_share",
                 "switch_rate_year_1", "switch_rate_year_2", "switch_rate_year_3"):
        key, year = (name, None) if not name.startswith("switch") else \
            ("switch_rate", int(name[-1]))
        found = {}
        for case, value in (("blank", float("nan")), ("negative", -1.0), ("huge", 2e9),
                            ("fraction", 2.0)):
            try:
                savings.check_gain_share_input(key, value, year=year, label=gsw.LABELS[name])
            except ValueError as error:
                found[case] = str(error)
        refusals[name] = found
    return {
        "kind": "gain",
        "fractions": [n for n, (_, kind) in savings.GAIN_SHARE_INPUTS.items()
                      if kind == "fraction"],
        "max_pounds": savings.MAX_POUNDS,
        "refusals": refusals,
        "svg": _svg_colours(),
    }


@twin("invest-1m", live=prw.priorities_explorer, module="money")
def invest_data() -> dict[str, Any]:
    """The seed's options (short names, costs) and the refusal sentences."""
    options = [{"name": short, "cost": float(option.cost)}
               for option, short in zip(priorities.SEED_OPTIONS, prw.SHORT_NAMES, strict=True)]
    refusals: dict[str, Any] = {"options": []}
    cases = {"benefit": (("blank", float("nan")), ("negative", -1.0), ("huge", 2e9)),
             "confidence": (("blank", float("nan")), ("fraction", 2.0)),
             "budget": (("blank", float("nan")), ("negative", -1.0), ("huge", 2e9))}

    def sentences(kind: str, option: str | None) -> dict[str, str]:
        found = {}
        for case, value in cases[kind]:
            try:
                priorities.check_priority_input(kind, value, option)
            except ValueError as error:
                found[case] = str(error)
        return found

    for entry in options:
        refusals["options"].append({kind: sentences(kind, entry["name"])
                                    for kind in ("benefit", "confidence")})
    refusals["budget"] = sentences("budget", None)
    return {
        "kind": "invest",
        "options": options,
        "max_benefit": priorities.MAX_BENEFIT,
        "max_budget": priorities.MAX_BUDGET,
        "refusals": refusals,
        "colours": {"gain": plots.ROLE_COLOURS["gain"], "neutral": plots.ROLE_COLOURS["neutral"]},
        "svg": _svg_colours(),
    }
