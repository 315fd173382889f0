"""Explorers for chapter 3: the scheme of delegation, gifts and hospitality, oversight.

* :func:`delegation_explorer` (live): choose a decision and type its value in pounds; see who
  may approve it under the example scheme (``data/scheme_of_delegation.csv``) and the whole
  ladder of approvers for that kind of decision.
* :func:`delegation_static_explorer` (kernel-free, for the static site): the same answer for a
  grid of decision types and values, precomputed by :func:`commlib.governance.who_may_approve`.
* :func:`gifts_explorer` (live): describe a gift or hospitality offer; see whether it may be
  accepted, must be declared or must be refused under the 2017 guidance, and why.
* :func:`gifts_static_explorer` (kernel-free): the same for a grid of offers and values.
* :func:`segment_explorer` (live): set the example trust's metric scores, its deficit status and
  whether it is in the Provider Improvement Programme; see its 2025/26 segment among eleven other
  trusts (quartiles of the ranking, the financial override, segment 5).
* :func:`segment_static_explorer` (kernel-free): the finance score and deficit status, precomputed.

All the rules live in :mod:`commlib.governance`; this module only lays out the answers.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from commlib import data, fmt, governance, plots
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "DELEGATION_VALUES_GBP",
    "NO_LIMIT_DISPLAY_GBP",
    "OFFER_VALUES_GBP",
    "OFFERS",
    "DELEGATION_TEXT",
    "GIFTS_TEXT",
    "SEGMENT_TEXT",
    "delegation_explorer",
    "delegation_rows",
    "delegation_html",
    "delegation_static_explorer",
    "gifts_explorer",
    "gifts_html",
    "gifts_static_explorer",
    "FINANCE_SCORES",
    "segment_explorer",
    "segment_headline",
    "segment_html",
    "segment_static_explorer",
]

#: Values (pounds) offered by the kernel-free scheme of delegation explorer.
DELEGATION_VALUES_GBP: tuple[float, ...] = (
    5_000, 25_000, 75_000, 400_000, 1_500_000, 7_500_000,
)
#: Offers of the gifts explorers: label -> (offer kind, from a supplier?).
OFFERS: dict[str, tuple[str, bool]] = {
    "A gift from a supplier or contractor": ("gift", True),
    "A gift from someone else (a patient, say)": ("gift", False),
    "Hospitality (a meal, an event)": ("hospitality", True),
}
#: Values (pounds) offered by the kernel-free gifts explorer.
OFFER_VALUES_GBP: tuple[float, ...] = (5, 6, 10, 24, 25, 49, 50, 75, 76, 150)

#: Where the kernel-free scheme explorer draws the end of a band with no upper limit (£).
NO_LIMIT_DISPLAY_GBP = 50_000_000.0
_OUTCOME_COLOURS = {
    "accept": plots.ROLE_COLOURS["gain"],
    "declare": plots.PALETTE["orange"],
    "refuse": plots.ROLE_COLOURS["loss"],
}


# ---------------------------------------------------------------------------
# Scheme of delegation
# ---------------------------------------------------------------------------

def _limit(value: float | None) -> str:
    return "no limit" if value is None or pd.isna(value) else fmt.money(value)


#: The words of the scheme of delegation explorer's result (also read by its browser twin).
DELEGATION_TEXT: dict[str, object] = {
    "headline": "{decision_type}, worth {value}: the {approver} may approve it ({band}).",
    "this_decision": "This decision: ",
    "headers": ["Approver", "Post or committee", "Above", "Up to and including", "Notes"],
    "caption": "Who may approve: {decision_type} (example scheme, illustrative)",
}


def delegation_headline(approval: governance.Approval) -> str:
    """One sentence: who approves this decision, and within which band."""
    return str(DELEGATION_TEXT["headline"]).format(
        decision_type=approval.decision_type, value=fmt.money(approval.value_gbp),
        approver=approval.approver, band=approval.band)


def delegation_rows(decision_type: str, scheme: pd.DataFrame | None = None) -> list[list[str]]:
    """The ladder of one decision type as table rows (before the chosen band is marked)."""
    ladder = governance.approval_ladder(decision_type, scheme)
    return [[
        str(row.approver), str(row.approver_kind),
        _limit(row.lower_limit_gbp) if row.lower_limit_gbp else "£0",
        _limit(row.upper_limit_gbp),
        "" if pd.isna(row.notes) else str(row.notes),
    ] for row in ladder.itertuples(index=False)]


def delegation_html(decision_type: str, value_gbp: float,
                    scheme: pd.DataFrame | None = None) -> str:
    """Result HTML: the headline and the ladder of approvers, the matching band marked."""
    approval = governance.who_may_approve(decision_type, value_gbp, scheme)
    ladder = governance.approval_ladder(decision_type, scheme)
    rows = delegation_rows(decision_type, scheme)
    for row, lower in zip(rows, ladder["lower_limit_gbp"], strict=True):
        if float(lower) == approval.lower_limit_gbp:
            row[0] = str(DELEGATION_TEXT["this_decision"]) + row[0]
    table = plots.html_table(
        rows, list(DELEGATION_TEXT["headers"]),
        caption=str(DELEGATION_TEXT["caption"]).format(decision_type=decision_type),
    )
    notes = f" {html.escape(approval.notes)}." if approval.notes else ""
    return (f'<p class="commlib-headline"><strong>{html.escape(delegation_headline(approval))}'
            f"</strong>{notes}</p>{table}")


def delegation_explorer(scheme: pd.DataFrame | None = None) -> LiveExplorer:
    """Live explorer: a decision type and its value (£) -> who may approve it."""
    types = governance.decision_types(scheme)
    controls = {
        "decision_type": widgets.Dropdown(
            options=types, value=types[0], description="Decision", style=STYLE,
            layout=widgets.Layout(width="460px"),
        ),
        "value_gbp": widgets.FloatText(
            value=75_000.0, description="Value of the decision (£)", style=STYLE,
        ),
    }
    return LiveExplorer(
        controls,
        lambda decision_type, value_gbp: delegation_html(decision_type, value_gbp, scheme),
        title="Who may approve this decision?",
        note="The scheme of delegation is an illustrative example, not a real commissioner's.",
    )


def delegation_static_explorer(scheme: pd.DataFrame | None = None) -> go.Figure:
    """Kernel-free explorer: decision type x value -> the approver, highlighted on the ladder.

    Each bar is a band of the scheme (on a log scale of pounds, "no limit" drawn at £50m); the
    band that covers the chosen value is coloured, and the headline names its approver.
    """
    types = governance.decision_types(scheme)
    ladders = {t: governance.approval_ladder(t, scheme) for t in types}
    depth = max(len(ladder) for ladder in ladders.values())

    def compute(decision_type: str, value_gbp: float):
        approval = governance.who_may_approve(decision_type, value_gbp, scheme)
        ladder = ladders[decision_type]
        names, bases, widths, colours, texts = [], [], [], [], []
        for rank in range(depth):
            if rank < len(ladder):
                row = ladder.iloc[rank]
                upper = NO_LIMIT_DISPLAY_GBP if pd.isna(row["upper_limit_gbp"]) \
                    else float(row["upper_limit_gbp"])
                base = max(float(row["lower_limit_gbp"]), 1_000.0)
                here = float(row["lower_limit_gbp"]) == approval.lower_limit_gbp
                names.append(f"{rank + 1}. {row['approver']}")
                bases.append(base)
                widths.append(upper - base)
                colours.append(plots.ROLE_COLOURS["commissioner"] if here
                               else plots.ROLE_COLOURS["neutral"])
                texts.append(f"above {_limit(row['lower_limit_gbp'])} up to "
                             f"{_limit(row['upper_limit_gbp'])}")
            else:
                names.append(f"{rank + 1}. (no further band)")
                bases.append(1_000.0)
                widths.append(0.0)
                colours.append(plots.ROLE_COLOURS["neutral"])
                texts.append("")
        bars = go.Bar(
            y=names, x=widths, base=bases, orientation="h", marker={"color": colours},
            hovertext=texts, hoverinfo="y+text", name="Bands of the scheme",
        )
        marker = go.Scatter(
            x=[value_gbp],
            y=[names[int(ladder.index[ladder["lower_limit_gbp"] == approval.lower_limit_gbp][0])]],
            mode="markers", marker={"color": plots.PALETTE["black"], "size": 14,
                                    "symbol": "diamond"},
            name="This decision's value", hovertext=[fmt.money(value_gbp)], hoverinfo="text",
        )
        return [bars, marker], delegation_headline(approval)

    return plots.step_explorer(
        name="scheme-of-delegation",
        dims=[
            ("Decision", types, types),
            ("Value of the decision (£)", list(DELEGATION_VALUES_GBP),
             [fmt.money(v) for v in DELEGATION_VALUES_GBP]),
        ],
        compute=compute,
        layout={
            "xaxis": {"type": "log", "title": {"text": "Value of the decision (£, log scale)"},
                      **plots.POUNDS_AXIS, "range": [3, 7.75]},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "showlegend": False,
            "height": 420,
            "margin": {"t": 90},
        },
        initial=[0, 2],
    )


# ---------------------------------------------------------------------------
# Gifts and hospitality
# ---------------------------------------------------------------------------

def gifts_headline(offer: str, value_gbp: float, decision: governance.OfferDecision) -> str:
    """One sentence: the offer, its value and what to do."""
    return f"{offer} worth {_offer_value(value_gbp)} {decision.verdict}."


def _offer_value(value_gbp: float) -> str:
    return fmt.money(value_gbp, dp=0 if float(value_gbp).is_integer() else 2)


#: The words of the gifts and hospitality explorer's result (also read by its browser twin).
GIFTS_TEXT: dict[str, object] = {
    "questions": ["May it be accepted?", "Must it be declared?", "Rule"],
    "yes_no": ["Yes", "No"],
    "headers": ["Question", "Answer"],
    "caption": "{offer}, {value} (2017 guidance)",
}


def gifts_html(offer: str, value_gbp: float, senior_approval: bool = False,
               rules: pd.DataFrame | None = None) -> str:
    """Result HTML: what to do with the offer and the rule behind it."""
    if offer not in OFFERS:
        raise ValueError(f"offer must be one of: {'; '.join(OFFERS)}")
    kind, from_supplier = OFFERS[offer]
    decision = governance.gift_or_hospitality(kind, from_supplier, value_gbp,
                                              senior_approval=senior_approval, rules=rules)
    questions = list(GIFTS_TEXT["questions"])
    yes, no = GIFTS_TEXT["yes_no"]
    rows = [
        [questions[0], yes if decision.may_accept else no],
        [questions[1], yes if decision.must_declare else no],
        [questions[2], decision.reason],
    ]
    colour = _OUTCOME_COLOURS[decision.outcome]
    caption = str(GIFTS_TEXT["caption"]).format(offer=offer, value=_offer_value(value_gbp))
    return (
        f'<p class="commlib-headline" style="border-left:6px solid {colour};padding-left:8px">'
        f"<strong>{html.escape(decision.summary)}</strong></p>"
        + plots.html_table(rows, list(GIFTS_TEXT["headers"]), caption=caption)
    )


def gifts_explorer(rules: pd.DataFrame | None = None) -> LiveExplorer:
    """Live explorer: an offer, its value (£) and any senior approval -> declare/accept/refuse."""
    offers = list(OFFERS)
    controls = {
        "offer": widgets.Dropdown(options=offers, value=offers[2], description="Offer",
                                  style=STYLE, layout=widgets.Layout(width="420px")),
        "value_gbp": widgets.FloatText(value=40.0, description="Value of the offer (£)",
                                       style=STYLE),
        "senior_approval": widgets.Checkbox(value=False, description="Senior approval given",
                                            style=STYLE),
    }
    return LiveExplorer(
        controls,
        lambda offer, value_gbp, senior_approval: gifts_html(offer, value_gbp,
                                                             senior_approval, rules),
        title="Gift or hospitality: accept, declare or refuse?",
        note="Thresholds from NHS England's 2017 conflicts of interest guidance for CCGs.",
    )


def gifts_static_explorer(rules: pd.DataFrame | None = None) -> go.Figure:
    """Kernel-free explorer: offer x value -> accept, declare or refuse (no senior approval).

    The chart shows the three outcomes as bars; the chosen one is coloured and the others
    grey, so the answer never depends on colour alone (the headline states it too).
    """
    offers = list(OFFERS)
    outcomes = ["Accept: no need to declare", "Accept and declare", "Refuse"]

    def compute(offer: str, value_gbp: float):
        kind, from_supplier = OFFERS[offer]
        decision = governance.gift_or_hospitality(kind, from_supplier, value_gbp, rules=rules)
        colours = [_OUTCOME_COLOURS[o] if s == decision.summary else "#d9d9d9"
                   for o, s in zip(("accept", "declare", "refuse"), outcomes, strict=True)]
        bar = go.Bar(
            x=outcomes, y=[1 if s == decision.summary else 0.25 for s in outcomes],
            marker={"color": colours, "line": {"color": plots.TEXT_COLOUR, "width": 1}},
            hovertext=[decision.reason if s == decision.summary else "" for s in outcomes],
            hoverinfo="x+text", name="Outcome",
        )
        return [bar], gifts_headline(offer, value_gbp, decision)

    return plots.step_explorer(
        name="gifts-and-hospitality",
        dims=[
            ("Offer", offers, offers),
            ("Value of the offer (£)", list(OFFER_VALUES_GBP),
             [fmt.money(v) for v in OFFER_VALUES_GBP]),
        ],
        compute=compute,
        layout={"yaxis": {"visible": False, "range": [0, 1.1]}, "showlegend": False,
                "height": 360, "margin": {"t": 90}},
        initial=[2, 3],
    )


# ---------------------------------------------------------------------------
# Oversight segments, 2025/26
# ---------------------------------------------------------------------------

#: Colours of the four quartile segments and segment 5 in the oversight explorers.
_SEGMENT_COLOURS = {
    1: plots.PALETTE["green"], 2: plots.PALETTE["sky"], 3: plots.PALETTE["orange"],
    4: plots.PALETTE["vermillion"], 5: plots.PALETTE["purple"],
}
#: Scores offered for the finance metric by the kernel-free oversight explorer.
FINANCE_SCORES: tuple[int, ...] = (1, 2, 3, 4)


def _finance_row(metrics: pd.DataFrame) -> int:
    return int(metrics.index[metrics["domain"] == "Finance and productivity"][0])


#: The words of the oversight segment explorer's result (also read by its browser twin).
SEGMENT_TEXT: dict[str, object] = {
    "headline": "{trust}: segment {segment}. {reason}.",
    "this_trust": "This trust: ",
    "yes_no": ["yes", "no"],
    "headers": ["Trust", "Average metric score", "Rank", "Quartile", "In deficit", "Segment"],
    "caption": "Twelve trusts ranked by average metric score, 2025/26 (illustrative)",
    "chart_title": "The example trust's metric scores (1 best, 4 worst)",
    "value_label": "score",
    "reference_label": "average {average}",
}


def segment_headline(segment: governance.Segment) -> str:
    """One sentence: the example trust's segment and why."""
    reason = segment.reason[0].upper() + segment.reason[1:]
    return str(SEGMENT_TEXT["headline"]).format(
        trust=governance.EXAMPLE_TRUST_2025, segment=segment.segment, reason=reason)


def _field(example_scores, in_deficit: bool, peers: pd.DataFrame | None = None):
    averages, deficit = governance.example_field_2025(example_scores, peers)
    deficit.loc[governance.EXAMPLE_TRUST_2025] = bool(in_deficit)
    return averages, deficit


def segment_html(scores: dict[str, float], in_deficit: bool = True,
                 in_improvement_programme: bool = False,
                 peers: pd.DataFrame | None = None) -> str:
    """Result HTML: the example trust's segment, and the ranked trusts with their segments."""
    averages, deficit = _field(list(scores.values()), in_deficit, peers)
    pip = [governance.EXAMPLE_TRUST_2025] if in_improvement_programme else []
    table = governance.segments_2025(averages, deficit, in_improvement_programme=pip)
    segment = governance.segment_2025(governance.EXAMPLE_TRUST_2025, averages, deficit,
                                      in_improvement_programme=pip)
    yes, no = SEGMENT_TEXT["yes_no"]
    rows = [[
        (str(SEGMENT_TEXT["this_trust"]) if r.organisation == governance.EXAMPLE_TRUST_2025
         else "") + r.organisation,
        f"{r.average_score:.2f}", str(r.rank), str(r.quartile_segment),
        yes if r.in_deficit else no, str(r.segment),
    ] for r in table.itertuples(index=False)]
    ranked = plots.html_table(rows, list(SEGMENT_TEXT["headers"]),
                              caption=str(SEGMENT_TEXT["caption"]))
    chart = plots.svg_bars(
        {name: float(score) for name, score in scores.items()},
        title=str(SEGMENT_TEXT["chart_title"]), value_label=str(SEGMENT_TEXT["value_label"]),
        value_format=lambda v: f"{v:.0f}", reference=segment.average_score,
        reference_label=str(SEGMENT_TEXT["reference_label"]).format(
            average=f"{segment.average_score:.2f}"),
    )
    colour = _SEGMENT_COLOURS[segment.segment]
    return (f'<p class="commlib-headline" style="border-left:6px solid {colour};'
            f'padding-left:8px"><strong>{html.escape(segment_headline(segment))}</strong></p>'
            f"{chart}{ranked}")


def segment_explorer(metrics: pd.DataFrame | None = None,
                     peers: pd.DataFrame | None = None) -> LiveExplorer:
    """Live explorer: the example trust's metric scores and finances -> its 2025/26 segment.

    Starts from the illustrative trust in ``data/oversight_example_2025.csv``, ranked among the
    trusts of ``data/oversight_peers_2025.csv``.
    """
    table = data.load("oversight_example_2025") if metrics is None else metrics
    names = [str(m) for m in table["metric"]]
    start_deficit = governance.example_field_2025(
        table["score"].astype(int).tolist(), peers)[1][governance.EXAMPLE_TRUST_2025]
    controls: dict[str, widgets.Widget] = {}
    for n, (name, score) in enumerate(zip(names, table["score"], strict=True)):
        controls[f"m{n}"] = widgets.IntSlider(
            value=int(score), min=1, max=4, step=1, style=STYLE,
            description=f"{name} (score 1 best to 4 worst)",
            layout=widgets.Layout(width="560px"),
        )
    controls["in_deficit"] = widgets.Checkbox(
        value=bool(start_deficit), description="In deficit or receiving deficit support",
        style=STYLE,
    )
    controls["in_improvement_programme"] = widgets.Checkbox(
        value=False, description="Placed in the Provider Improvement Programme", style=STYLE,
    )

    def render(in_deficit: bool, in_improvement_programme: bool, **values: int) -> str:
        scores = {names[int(key[1:])]: value for key, value in values.items()}
        return segment_html(scores, in_deficit, in_improvement_programme, peers)

    return LiveExplorer(
        controls, render,
        title="Which segment? An example trust among eleven others, 2025/26",
        note="The trusts, metrics and scores are illustrative. Segments 1 to 4 are quartiles of "
             "the ranking; a trust in deficit is placed no higher than segment 3.",
    )


def segment_static_explorer(metrics: pd.DataFrame | None = None,
                            peers: pd.DataFrame | None = None) -> go.Figure:
    """Kernel-free explorer: the finance score and deficit status -> the example's segment.

    Bars give the twelve trusts' average metric scores, best first, coloured by their segment
    and labelled with it (so the answer never rests on colour alone); the headline states the
    example trust's segment and why.
    """
    table = data.load("oversight_example_2025") if metrics is None else metrics
    base = table["score"].astype(int).tolist()
    fin = _finance_row(table)

    def compute(finance_score: int, in_deficit: bool):
        scores = list(base)
        scores[fin] = finance_score
        averages, deficit = _field(scores, in_deficit, peers)
        ranked = governance.segments_2025(averages, deficit)
        segment = governance.segment_2025(governance.EXAMPLE_TRUST_2025, averages, deficit)
        labels = [f"{r.rank}. {r.organisation}" for r in ranked.itertuples()]
        is_example = ranked["organisation"].eq(governance.EXAMPLE_TRUST_2025).tolist()
        bar = go.Bar(
            y=labels, x=ranked["average_score"].round(3), orientation="h",
            marker={"color": [_SEGMENT_COLOURS[int(s)] for s in ranked["segment"]],
                    "line": {"color": [plots.PALETTE["black"] if e else plots.TEXT_COLOUR
                                       for e in is_example],
                             "width": [4 if e else 0.5 for e in is_example]}},
            text=[f"segment {int(r.segment)}" + (" (override)" if r.override_applied else "")
                  + (" ← this trust" if e else "")
                  for r, e in zip(ranked.itertuples(), is_example, strict=True)],
            textposition="outside", cliponaxis=False,
            hovertext=ranked["reason"].tolist(), hoverinfo="y+text",
            name="Average metric score",
        )
        return [bar], segment_headline(segment)

    return plots.step_explorer(
        name="oversight-segment-2025",
        dims=[
            ("The example trust's finance metric score (1 best to 4 worst)",
             list(FINANCE_SCORES), [str(v) for v in FINANCE_SCORES]),
            ("In deficit or receiving deficit support", [True, False], ["Yes", "No"]),
        ],
        compute=compute,
        layout={
            "xaxis": {"title": {"text": "Average metric score (1.00 best, 4.00 worst)"},
                      "range": [1, 5.2], "dtick": 0.5},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "showlegend": False,
            "height": 520,
            "margin": {"t": 90},
        },
        initial=[FINANCE_SCORES.index(int(base[fin])), 0],
    )
