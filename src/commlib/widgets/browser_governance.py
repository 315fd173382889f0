"""Browser twins of the chapter 3 explorers (see :mod:`commlib.widgets.browser`).

* ``delegation``: :func:`commlib.widgets.governance.delegation_explorer`. Each decision type's
  ladder (limits in pounds, approvers, the band in words, the table rows) is exported; the
  browser module ``explorers/delegation.js`` finds the band that covers the value typed, as
  :func:`commlib.governance.who_may_approve` does.
* ``gifts``: :func:`commlib.widgets.governance.gifts_explorer`. The rules of
  ``data/gifts_hospitality_rules.csv`` for each offer, lowest band first; ``explorers/gifts.js``
  applies :func:`commlib.governance.gift_or_hospitality` to the value typed.
* ``oversight-segment``: :func:`commlib.widgets.governance.segment_explorer`. Seven sliders and
  two boxes make 65,536 settings, too many to precompute, so ``explorers/oversight-segment.js``
  ports the 2025/26 rule of :func:`commlib.governance.segments_2025` (rank, quartile, the
  financial override, segment 5) and the text of :func:`commlib.plots.svg_bars`, from the
  peer trusts' averages exported here.

Every sentence the browser shows comes from commlib (the refusal sentences, the rules' reasons,
the pieces of each trust's reason, the table headings): the modules only put them together.
``tests/site/test_browser_explorers.py`` proves each twin equal to its live widget.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from commlib import data, governance, plots
from commlib.widgets import governance as gw
from commlib.widgets.browser import twin

__all__ = ["delegation_data", "gifts_data", "oversight_segment_data"]


def _limit(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


@twin("delegation", live=gw.delegation_explorer)
def delegation_data() -> dict[str, Any]:
    """Per decision type: its bands (pounds), approvers, bands in words and table rows."""
    types: dict[str, Any] = {}
    for decision in governance.decision_types():
        ladder = governance.approval_ladder(decision)
        bands = []
        for row in ladder.itertuples(index=False):
            lower, upper = float(row.lower_limit_gbp), _limit(row.upper_limit_gbp)
            # The band in words and the notes, as the model's Approval gives them.
            approval = governance.Approval(
                decision_type=decision, value_gbp=lower, approver=str(row.approver),
                approver_kind=str(row.approver_kind), lower_limit_gbp=lower,
                upper_limit_gbp=upper, notes="" if pd.isna(row.notes) else str(row.notes))
            bands.append({"lower": lower, "upper": upper, "approver": approval.approver,
                          "band": approval.band, "notes": approval.notes})
        top = bands[-1]["upper"]
        beyond = None
        if top is not None and top < governance.MAX_DECISION_VALUE_GBP:
            try:
                governance.who_may_approve(decision, math.nextafter(top, math.inf))
            except ValueError as error:
                beyond = str(error)
        types[decision] = {"bands": bands, "rows": gw.delegation_rows(decision),
                           "beyond_top": beyond}
    return {"types": types, "max_gbp": governance.MAX_DECISION_VALUE_GBP,
            "refusals": governance.DECISION_VALUE_MESSAGES, "text": gw.DELEGATION_TEXT}


_OUTCOMES = ("accept", "declare", "refuse")


@twin("gifts", live=gw.gifts_explorer)
def gifts_data() -> dict[str, Any]:
    """Per offer of the explorer: the rules that apply to it, lowest band first."""
    table = governance.gifts_rules()
    offers: dict[str, Any] = {}
    for offer, (kind, from_supplier) in gw.OFFERS.items():
        offeror = "supplier or contractor" if from_supplier else "other"
        rows = table[(table["offer_kind"] == kind) & table["offeror"].isin([offeror, "any"])]
        offers[offer] = {
            "kind": kind,
            "offeror_text": "a supplier" if from_supplier else "others",
            "rules": [{"lower": float(r.lower_gbp), "upper": _limit(r.upper_gbp),
                       "upper_included": bool(r.upper_included), "outcome": str(r.outcome),
                       "with_approval": None if pd.isna(r.with_approval)
                       else str(r.with_approval),
                       "reason": str(r.reason)}
                      for r in rows.sort_values("lower_gbp").itertuples(index=False)],
        }
    decisions = {o: governance.OfferDecision(outcome=o, rule="", reason="") for o in _OUTCOMES}
    return {
        "offers": offers,
        "max_gbp": governance.MAX_OFFER_VALUE_GBP,
        "refusals": governance.OFFER_VALUE_MESSAGES,
        "uncovered": governance.RULES_DO_NOT_COVER,
        "approval_given": governance.APPROVAL_GIVEN,
        "approval_not_needed": governance.APPROVAL_NOT_NEEDED,
        "outcomes": {o: {"summary": d.summary, "may_accept": d.may_accept,
                         "must_declare": d.must_declare, "colour": gw._OUTCOME_COLOURS[o]}
                     for o, d in decisions.items()},
        "text": gw.GIFTS_TEXT,
    }


@twin("oversight-segment", live=gw.segment_explorer)
def oversight_segment_data() -> dict[str, Any]:
    """The metrics, the other trusts' averages and deficit flags, and the rule's constants."""
    metrics = data.load("oversight_example_2025")
    averages, deficit = governance.example_field_2025()
    example = governance.EXAMPLE_TRUST_2025
    peers = [{"name": str(name), "average": float(averages[name]),
              "in_deficit": bool(deficit[name])}
             for name in averages.index if name != example]
    return {
        "metrics": [str(m) for m in metrics["metric"]],
        "example": example,
        "peers": peers,
        "deficit_cap": governance.DEFICIT_CAP_SEGMENT_2025,
        "pip_segment": governance.PIP_SEGMENT_2025,
        "reasons": governance.REASONS_2025,
        "colours": {str(k): v for k, v in gw._SEGMENT_COLOURS.items()},
        "bar_colours": {"positive": plots.PALETTE["blue"],
                        "negative": plots.PALETTE["vermillion"],
                        "reference": plots.PALETTE["black"], "text": plots.TEXT_COLOUR},
        "text": gw.SEGMENT_TEXT,
    }
