"""Governance inside a commissioner, conflicts of interest and oversight: the rules as functions.

Three small rule engines, each driven by a table in ``data/`` that a trainer can edit:

* the **scheme of delegation** (``data/scheme_of_delegation.csv``, illustrative): which committee
  or post may approve a decision of a given type, up to a value limit;
* the **gifts and hospitality** thresholds of NHS England's 2017 conflicts of interest guidance
  for CCGs (``data/gifts_hospitality_rules.csv``): declare, accept or refuse, with the reason;
* **oversight segmentation** (``data/oversight_segments.csv``, ``data/oversight_frameworks.csv``):
  an illustrative rule for the NHS Oversight Framework 2019/20 (four support segments, placed by
  judgement), and the method of 2025/26: trusts ranked by average metric score and cut into
  quartiles (segments 1 to 4), a financial override that keeps a trust in deficit or receiving
  deficit support at segment 3 or below, and segment 5 for the Provider Improvement Programme.

Money is in pounds. Bad input raises ``ValueError`` with a plain sentence naming the argument.

Sources
-------
- NHS Vale of York CCG, seminar slides for Future-Focused Finance (seed 000): the scheme of
  delegation
  "detailing which committee or post can make certain decisions, usually with a value limit";
  the five oversight domains and four support categories of 2019/20.
- NHS England (2017), *Managing conflicts of interest: revised statutory guidance for CCGs*:
  gifts up to £6 from suppliers or contractors, under £50 from others; hospitality under £25 need
  not be declared, £25 to £75 declared, over £75 refused unless approved.
- NHS England (2025), *NHS Oversight Framework 2025/26 methodology manual*: metric scores from 1
  (best) to 4 (worst) "consolidated, averaged and quartiled" into segments 1 to 4; segment 5 is
  "intensive support through the Provider Improvement Programme".
- NHS Confederation (27 June 2025), *2025/26 NHS Oversight Framework: what you need to know*: "a
  financial override that limits providers that are in a deficit or receiving deficit support to
  segment 3 or below".
- NHS England (2026), *NHS Oversight Framework 2026/27 methodology manual*: ICBs and providers
  segmented again, by "defined thresholds" of the average score (the values are not modelled
  here: they are not checked).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from commlib import data, fmt
from commlib._validate import check_finite

__all__ = [
    "Approval",
    "OfferDecision",
    "Segment",
    "DOMAINS_2019",
    "RATINGS_2019",
    "OFFER_KINDS",
    "OFFERORS",
    "MAX_DECISION_VALUE_GBP",
    "MAX_OFFER_VALUE_GBP",
    "DECISION_VALUE_MESSAGES",
    "OFFER_VALUE_MESSAGES",
    "RULES_DO_NOT_COVER",
    "APPROVAL_GIVEN",
    "APPROVAL_NOT_NEEDED",
    "REASONS_2025",
    "scheme_of_delegation",
    "decision_types",
    "approval_ladder",
    "who_may_approve",
    "gifts_rules",
    "gift_or_hospitality",
    "oversight_segments",
    "oversight_frameworks",
    "segment_2019",
    "SCORE_BEST",
    "SCORE_WORST",
    "DEFICIT_CAP_SEGMENT_2025",
    "PIP_SEGMENT_2025",
    "EXAMPLE_TRUST_2025",
    "average_metric_score",
    "quartile_segment",
    "segments_2025",
    "segment_2025",
    "example_field_2025",
]

# ---------------------------------------------------------------------------
# Values typed in pounds
# ---------------------------------------------------------------------------

#: The largest decision value (pounds) the scheme of delegation explorer accepts: £1,000bn.
#: Anything larger is a typing slip, and too large to print to the penny.
MAX_DECISION_VALUE_GBP = 1e12
#: The largest gift or hospitality value (pounds) the rules are asked about: £1m.
MAX_OFFER_VALUE_GBP = 1e6


def _value_messages(what: str, example: str, maximum_gbp: float, maximum_text: str
                    ) -> dict[str, str]:
    return {
        "not_a_number": f"the {what} must be a number of pounds, such as "
                        f"{example}: the entry is blank, not a number or infinite",
        "negative": f"the {what} must not be negative: type the amount in pounds "
                    "without a minus sign",
        "too_large": f"the {what} must be at most {maximum_text}: check the "
                     "number of zeros",
    }


#: The sentences that refuse a decision value: blank or not a number, negative, too large.
DECISION_VALUE_MESSAGES: dict[str, str] = _value_messages(
    "value of the decision", "75000", MAX_DECISION_VALUE_GBP,
    fmt.money_bn(MAX_DECISION_VALUE_GBP, dp=0))
#: The sentences that refuse an offer's value: blank or not a number, negative, too large.
OFFER_VALUE_MESSAGES: dict[str, str] = _value_messages(
    "value of the offer", "40", MAX_OFFER_VALUE_GBP, fmt.money_m(MAX_OFFER_VALUE_GBP, dp=0))


def _checked_pounds(value: object, maximum_gbp: float, messages: Mapping[str, str]) -> float:
    """``value`` as pounds (float), or ValueError with one of ``messages``.

    Checked in this order (the site's explorers check in the same order): a number at all,
    finite, not negative, at most ``maximum_gbp``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"value_gbp must be a number of pounds, not {value!r}")
    try:
        number = float(value)
    except OverflowError:  # a whole number too large for a float
        raise ValueError(messages["too_large" if value > 0 else "negative"]) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(messages["not_a_number"])
    if number < 0:
        raise ValueError(messages["negative"])
    if number > maximum_gbp:
        raise ValueError(messages["too_large"])
    return number


# ---------------------------------------------------------------------------
# Scheme of delegation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """Who may approve a decision, and the value band that applies (pounds)."""

    decision_type: str
    value_gbp: float
    approver: str
    approver_kind: str
    lower_limit_gbp: float
    upper_limit_gbp: float | None
    notes: str

    @property
    def band(self) -> str:
        """The band in words, e.g. "above £50,000 up to £250,000"."""
        low = f"£{self.lower_limit_gbp:,.0f}"
        if self.upper_limit_gbp is None:
            return f"above {low}, no upper limit" if self.lower_limit_gbp else "any value"
        high = f"£{self.upper_limit_gbp:,.0f}"
        return f"above {low} up to {high}" if self.lower_limit_gbp else f"up to {high}"


def scheme_of_delegation(scheme: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scheme of delegation, checked: each decision type's bands run from £0 without gaps.

    Parameters
    ----------
    scheme : DataFrame, optional
        Rows as in ``data/scheme_of_delegation.csv`` (default: that table).

    Raises
    ------
    ValueError
        If a decision type's first band does not start at £0, two bands overlap or leave a gap,
        or a band other than the last has no upper limit.
    """
    table = data.load("scheme_of_delegation") if scheme is None else scheme.copy()
    for decision, rows in table.groupby("decision_type", sort=False):
        rows = rows.sort_values("lower_limit_gbp")
        lowers = rows["lower_limit_gbp"].astype(float).tolist()
        uppers = [None if pd.isna(u) else float(u) for u in rows["upper_limit_gbp"]]
        if lowers[0] != 0:
            raise ValueError(f"the scheme's first band for '{decision}' must start at £0, "
                             f"not £{lowers[0]:,.0f}")
        for n, (low, high) in enumerate(zip(lowers, uppers, strict=True)):
            last = n == len(lowers) - 1
            if high is None and not last:
                raise ValueError(f"the scheme's band for '{decision}' starting at £{low:,.0f} "
                                 "has no upper limit but is not the last band")
            if high is not None and high <= low:
                raise ValueError(f"the scheme's band for '{decision}' starting at £{low:,.0f} "
                                 f"must end above its start (it ends at £{high:,.0f})")
            if not last and lowers[n + 1] != high:
                raise ValueError(f"the scheme's bands for '{decision}' must join up: one ends "
                                 f"at £{high:,.0f} but the next starts at "
                                 f"£{lowers[n + 1]:,.0f}")
    return table.reset_index(drop=True)


def decision_types(scheme: pd.DataFrame | None = None) -> list[str]:
    """The decision types of the scheme, in the order of the table."""
    table = scheme_of_delegation(scheme)
    return list(dict.fromkeys(table["decision_type"].tolist()))


def approval_ladder(decision_type: str, scheme: pd.DataFrame | None = None) -> pd.DataFrame:
    """The bands of one decision type, lowest first: approver, limits (pounds) and notes."""
    table = scheme_of_delegation(scheme)
    rows = table[table["decision_type"] == decision_type]
    if rows.empty:
        known = "; ".join(dict.fromkeys(table["decision_type"].tolist()))
        raise ValueError(f"decision_type '{decision_type}' is not in the scheme; "
                         f"choose one of: {known}")
    return rows.sort_values("lower_limit_gbp").reset_index(drop=True)


def who_may_approve(
    decision_type: str, value_gbp: float, scheme: pd.DataFrame | None = None
) -> Approval:
    """Who may approve a decision of ``decision_type`` worth ``value_gbp`` pounds.

    A band covers values above its lower limit up to and including its upper limit; the first
    band starts at £0 and includes it; a blank upper limit means no limit.

    Raises
    ------
    ValueError
        If ``value_gbp`` is not a number of pounds, is negative or is above
        :data:`MAX_DECISION_VALUE_GBP` (£1,000bn, a typing slip; the sentences are
        :data:`DECISION_VALUE_MESSAGES`), or ``decision_type`` is not in the scheme.

    >>> who_may_approve("Order goods or services within an approved budget", 75_000).approver
    'Chief Finance Officer'
    """
    value_gbp = _checked_pounds(value_gbp, MAX_DECISION_VALUE_GBP, DECISION_VALUE_MESSAGES)
    ladder = approval_ladder(decision_type, scheme)
    for row in ladder.itertuples(index=False):
        upper = None if pd.isna(row.upper_limit_gbp) else float(row.upper_limit_gbp)
        lower = float(row.lower_limit_gbp)
        above_lower = value_gbp > lower or lower == 0
        if above_lower and (upper is None or value_gbp <= upper):
            return Approval(
                decision_type=decision_type,
                value_gbp=float(value_gbp),
                approver=str(row.approver),
                approver_kind=str(row.approver_kind),
                lower_limit_gbp=lower,
                upper_limit_gbp=upper,
                notes="" if pd.isna(row.notes) else str(row.notes),
            )
    top = ladder["upper_limit_gbp"].iloc[-1]
    raise ValueError(f"the scheme sets no approver for '{decision_type}' above £{top:,.0f}: "
                     "add a band with no upper limit")


# ---------------------------------------------------------------------------
# Gifts and hospitality
# ---------------------------------------------------------------------------

OFFER_KINDS: tuple[str, ...] = ("gift", "hospitality")
OFFERORS: tuple[str, ...] = ("supplier or contractor", "other")
_OUTCOMES = ("accept", "declare", "refuse")
#: Added to the rule's reason when senior approval turns a refusal into a declaration.
APPROVAL_GIVEN = "Senior approval has been given, so it may be accepted and declared."
#: Said when senior approval is ticked but the rule is the same with or without it.
APPROVAL_NOT_NEEDED = "Senior approval does not change this rule."
#: The sentence when the rules table leaves a value uncovered ({kind}, {value}, {offeror}).
RULES_DO_NOT_COVER = ("the gifts and hospitality rules do not cover a {kind} worth {value} "
                      "from {offeror}")


@dataclass(frozen=True)
class OfferDecision:
    """What to do with a gift or hospitality offer, and why."""

    outcome: str  # "accept" (no declaration), "declare" (accept and declare) or "refuse"
    rule: str
    reason: str
    approved: bool = False

    @property
    def must_declare(self) -> bool:
        return self.outcome == "declare"

    @property
    def may_accept(self) -> bool:
        return self.outcome in ("accept", "declare")

    @property
    def verdict(self) -> str:
        """The outcome as the end of a sentence: "must be refused" and so on."""
        return {
            "accept": "may be accepted; no need to declare it",
            "declare": "may be accepted but must be declared",
            "refuse": "must be refused",
        }[self.outcome]

    @property
    def summary(self) -> str:
        """One short phrase: "Accept: no need to declare", "Accept and declare" or "Refuse"."""
        return {
            "accept": "Accept: no need to declare",
            "declare": "Accept and declare",
            "refuse": "Refuse",
        }[self.outcome]


def gifts_rules(rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gifts and hospitality rules table, with its outcomes checked."""
    table = data.load("gifts_hospitality_rules") if rules is None else rules.copy()
    bad = ~table["outcome"].isin(_OUTCOMES)
    if bad.any():
        raise ValueError(f"rule '{table.loc[bad, 'rule'].iloc[0]}' has outcome "
                         f"'{table.loc[bad, 'outcome'].iloc[0]}'; use accept, declare or refuse")
    return table


def gift_or_hospitality(
    offer_kind: str,
    from_supplier: bool,
    value_gbp: float,
    *,
    senior_approval: bool = False,
    rules: pd.DataFrame | None = None,
) -> OfferDecision:
    """Declare, accept or refuse a gift or hospitality offer under the 2017 guidance.

    Parameters
    ----------
    offer_kind : {"gift", "hospitality"}
    from_supplier : bool
        True if the offer comes from a supplier or contractor (or would-be supplier).
    value_gbp : float
        The offer's value in pounds (for hospitality: per person).
    senior_approval : bool
        Whether a senior person has approved the offer; only changes offers whose rule allows
        it (hospitality over £75: refused unless approved, then declared).

    Raises
    ------
    ValueError
        If ``offer_kind`` is unknown, or ``value_gbp`` is not a number of pounds, is negative or
        is above :data:`MAX_OFFER_VALUE_GBP` (£1m, a typing slip; the sentences are
        :data:`OFFER_VALUE_MESSAGES`).

    >>> gift_or_hospitality("hospitality", True, 40).summary
    'Accept and declare'
    """
    if offer_kind not in OFFER_KINDS:
        raise ValueError(f"offer_kind must be 'gift' or 'hospitality', not {offer_kind!r}")
    value_gbp = _checked_pounds(value_gbp, MAX_OFFER_VALUE_GBP, OFFER_VALUE_MESSAGES)
    table = gifts_rules(rules)
    offeror = "supplier or contractor" if from_supplier else "other"
    rows = table[(table["offer_kind"] == offer_kind) & table["offeror"].isin([offeror, "any"])]
    # Bands are checked lowest first, so a boundary value included in a lower band
    # (a £6 gift from a supplier, £75 of hospitality) stays in that band.
    for row in rows.sort_values("lower_gbp").itertuples(index=False):
        upper = None if pd.isna(row.upper_gbp) else float(row.upper_gbp)
        in_band = value_gbp >= float(row.lower_gbp) and (
            upper is None or value_gbp < upper
            or (bool(row.upper_included) and value_gbp == upper)
        )
        if in_band:
            outcome = str(row.outcome)
            approved = False
            if senior_approval and not pd.isna(row.with_approval):
                outcome, approved = str(row.with_approval), True
            reason = str(row.reason)
            if approved:
                reason += " " + APPROVAL_GIVEN
            elif senior_approval:
                reason += " " + APPROVAL_NOT_NEEDED
            return OfferDecision(outcome=outcome, rule=str(row.rule), reason=reason,
                                 approved=approved)
    raise ValueError(RULES_DO_NOT_COVER.format(
        kind=offer_kind, value=fmt.money(value_gbp, dp=2),
        offeror="a supplier" if from_supplier else "others"))


# ---------------------------------------------------------------------------
# Oversight segmentation
# ---------------------------------------------------------------------------

#: The five domains of the NHS Oversight Framework 2019/20 (seed 000).
DOMAINS_2019: tuple[str, ...] = (
    "New service models",
    "Preventing ill health and reducing inequalities",
    "Quality of care and outcomes",
    "Leadership and workforce",
    "Finance and use of resources",
)
#: Ratings of a domain used by the workbook's illustrative 2019/20 rule.
RATINGS_2019: tuple[str, ...] = ("no concern", "concern", "serious concern")


@dataclass(frozen=True)
class Segment:
    """An organisation's oversight segment and how it was reached."""

    framework: str
    segment: int
    label: str
    description: str
    reason: str
    average_score: float | None = None


def oversight_segments(framework: str, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The segments of one framework ("2019/20", "2022/23", "2025/26" or "2026/27"), in order."""
    table = data.load("oversight_segments") if segments is None else segments.copy()
    rows = table[table["framework"] == framework]
    if rows.empty:
        known = ", ".join(dict.fromkeys(table["framework"].tolist()))
        raise ValueError(f"framework must be one of {known}, not {framework!r}")
    return rows.sort_values("segment").reset_index(drop=True)


def oversight_frameworks(frameworks: pd.DataFrame | None = None) -> pd.DataFrame:
    """NHS England's oversight frameworks by year, oldest first (``data/oversight_frameworks``)."""
    table = data.load("oversight_frameworks") if frameworks is None else frameworks.copy()
    return table.sort_values("framework").reset_index(drop=True)


def _segment(framework: str, number: int, reason: str, segments: pd.DataFrame | None,
             average: float | None = None) -> Segment:
    rows = oversight_segments(framework, segments)
    row = rows[rows["segment"] == number].iloc[0]
    return Segment(framework=framework, segment=int(number), label=str(row["label"]),
                   description=str(row["description"]), reason=reason, average_score=average)


def segment_2019(ratings: Mapping[str, str], segments: pd.DataFrame | None = None) -> Segment:
    """A support segment (1 to 4) from ratings of the five 2019/20 domains.

    The framework placed organisations by judgement across its metrics; the workbook teaches
    the idea with a simple, **illustrative** rule (not NHS England's method): no concern in any
    domain, segment 1; concerns but nothing serious, segment 2; one serious concern, segment 3;
    serious concerns in two or more domains, segment 4.

    Parameters
    ----------
    ratings : mapping of domain -> rating
        Every domain of :data:`DOMAINS_2019`, each rated "no concern", "concern" or
        "serious concern".
    """
    missing = [d for d in DOMAINS_2019 if d not in ratings]
    if missing:
        raise ValueError(f"ratings must rate every domain; '{missing[0]}' is missing")
    extra = [d for d in ratings if d not in DOMAINS_2019]
    if extra:
        raise ValueError(f"'{extra[0]}' is not one of the five 2019/20 domains")
    for domain, rating in ratings.items():
        if rating not in RATINGS_2019:
            raise ValueError(f"the rating for '{domain}' must be no concern, concern or "
                             f"serious concern, not {rating!r}")
    serious = [d for d in DOMAINS_2019 if ratings[d] == "serious concern"]
    concerns = [d for d in DOMAINS_2019 if ratings[d] == "concern"]
    if len(serious) >= 2:
        number = 4
        reason = f"serious concerns in {len(serious)} domains"
    elif serious:
        number = 3
        reason = f"a serious concern in one domain ({serious[0].lower()})"
    elif concerns:
        number = 2
        reason = f"concerns in {len(concerns)} domain{'s' if len(concerns) > 1 else ''}"
        reason += " but none serious"
    else:
        number = 1
        reason = "no concern in any domain"
    return _segment("2019/20", number, reason, segments)


# 2025/26: quartiles of the average metric score, the financial override and segment 5.

#: The best segment open to a provider in deficit or receiving deficit support, 2025/26.
DEFICIT_CAP_SEGMENT_2025 = 3
#: Segment 5 of 2025/26: intensive support through the Provider Improvement Programme.
PIP_SEGMENT_2025 = 5
#: The best and worst metric scores of 2025/26 (and 2026/27).
SCORE_BEST, SCORE_WORST = 1.0, 4.0
#: The pieces of a trust's 2025/26 reason (see :func:`segments_2025`), in the order they join:
#: its rank and quartile; then the override, or why it did not apply; then segment 5.
REASONS_2025: dict[str, str] = {
    "rank": "an average metric score of {score} ranks {rank} of {n}, in quartile {quartile}",
    "override": "; in deficit or receiving deficit support, so the financial override places "
                "it no higher than segment {cap}",
    "no_override": "; in deficit or receiving deficit support, but already at segment "
                   "{quartile}, so the financial override does not change it",
    "pip": "; NHS England has placed it in the Provider Improvement Programme",
}


def _check_score(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number from 1 (best) to 4 (worst), not {value!r}")
    check_finite(name, value)
    if not SCORE_BEST <= float(value) <= SCORE_WORST:
        raise ValueError(f"{name} must be from 1 (best) to 4 (worst), not {value}")
    return float(value)


def average_metric_score(scores: Sequence[float] | Mapping[str, float] | pd.Series) -> float:
    """The average of a provider's metric scores, each from 1 (best) to 4 (worst).

    NHS England scores each metric from 1.00 (best) to 4.00 (worst), some on discrete steps and
    some continuously, then averages them (*NHS Oversight Framework 2025/26 methodology
    manual*).

    >>> round(average_metric_score([3, 2, 3, 2, 2, 3, 4]), 3)
    2.714
    """
    values = list(scores.values()) if isinstance(scores, Mapping) else list(scores)
    if not values:
        raise ValueError("scores must hold at least one metric score")
    checked = [_check_score("every metric score", v) for v in values]
    return sum(checked) / len(checked)


def _as_series(name: str, values: Mapping[str, object] | pd.Series) -> pd.Series:
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(dict(values))
    if series.index.has_duplicates:
        raise ValueError(f"{name} names '{series.index[series.index.duplicated()][0]}' twice")
    return series


def quartile_segment(rank: int, n_trusts: int) -> int:
    """Segment 1 to 4 for the trust ranked ``rank`` (1 = best average score) of ``n_trusts``.

    The ranked list is cut into four quarters of as equal size as the count allows: the trust
    of rank r is in quarter ceil(4 r / n). With 12 trusts, ranks 1-3 are segment 1, 4-6
    segment 2, 7-9 segment 3 and 10-12 segment 4. NHS England's own rounding at the edges is
    not published in the manual; this is the workbook's rule.

    >>> [quartile_segment(r, 12) for r in (1, 3, 4, 9, 10, 12)]
    [1, 1, 2, 3, 4, 4]
    """
    for label, value in (("rank", rank), ("n_trusts", n_trusts)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{label} must be a whole number, not {value!r}")
    if n_trusts < 1:
        raise ValueError("n_trusts (the number of trusts ranked) must be at least 1, "
                         f"not {n_trusts}")
    if not 1 <= rank <= n_trusts:
        raise ValueError(f"rank must be from 1 to {n_trusts} (the number of trusts), not {rank}")
    return -(-4 * rank // n_trusts)


def segments_2025(
    average_scores: Mapping[str, float] | pd.Series,
    in_deficit: Mapping[str, bool] | pd.Series | None = None,
    *,
    in_improvement_programme: Sequence[str] = (),
) -> pd.DataFrame:
    """Each trust's 2025/26 oversight segment: quartile, financial override, then segment 5.

    The rules, in order (*NHS Oversight Framework 2025/26 methodology manual*; NHS
    Confederation briefing, 27 June 2025):

    1. rank the trusts by average metric score, 1.00 best (equal scores share the better rank);
    2. cut the ranking into quartiles: segments 1 to 4 (:func:`quartile_segment`), so a
       segment depends on the other trusts, not on a fixed band of scores;
    3. the **financial override**: a trust in deficit or receiving deficit support is placed
       no higher than segment 3 (it can be moved down, never up);
    4. segment 5 is NHS England's decision to give a trust intensive support through the
       **Provider Improvement Programme** (PIP), which replaced the Recovery Support Programme;
       it is not a band of scores, so it is an input here.

    ICBs are not segmented in 2025/26. The published league tables rank trusts of one type
    (acute, non-acute or ambulance) by segment and then by average score.

    Parameters
    ----------
    average_scores : mapping or Series, organisation -> average metric score (1 to 4)
        The trusts compared: one type of trust, at least one.
    in_deficit : mapping or Series, organisation -> bool, optional
        True for a trust in deficit or receiving deficit support. Trusts left out are taken
        as not in deficit.
    in_improvement_programme : names of trusts
        Trusts NHS England has placed in the Provider Improvement Programme.

    Returns
    -------
    DataFrame, one row per trust, best first: ``organisation``, ``average_score``, ``rank``,
    ``quartile_segment``, ``in_deficit``, ``override_applied``, ``in_improvement_programme``,
    ``segment`` and ``reason`` (a sentence).
    """
    scores = _as_series("average_scores", average_scores)
    if scores.empty:
        raise ValueError("average_scores must hold at least one trust's average metric score")
    for name, value in scores.items():
        _check_score(f"the average metric score of '{name}'", value)
    scores = scores.astype(float)
    deficit = pd.Series(False, index=scores.index)
    if in_deficit is not None:
        flags = _as_series("in_deficit", in_deficit)
        unknown = [n for n in flags.index if n not in scores.index]
        if unknown:
            raise ValueError(f"in_deficit names '{unknown[0]}', which has no average score")
        for name, flag in flags.items():
            if not isinstance(flag, bool | np.bool_):
                raise ValueError(f"in_deficit for '{name}' must be True or False, not {flag!r}")
        deficit.loc[flags.index] = flags.astype(bool)
    pip = list(in_improvement_programme)
    unknown = [n for n in pip if n not in scores.index]
    if unknown:
        raise ValueError(f"in_improvement_programme names '{unknown[0]}', "
                         "which has no average score")

    n = len(scores)
    ranks = scores.rank(method="min").astype(int)
    rows = []
    order = sorted(scores.index, key=lambda k: (scores[k], str(k)))
    for name in order:
        rank = int(ranks[name])
        quartile = quartile_segment(rank, n)
        override = bool(deficit[name]) and quartile < DEFICIT_CAP_SEGMENT_2025
        segment = DEFICIT_CAP_SEGMENT_2025 if override else quartile
        reason = REASONS_2025["rank"].format(score=f"{scores[name]:.2f}", rank=rank, n=n,
                                             quartile=quartile)
        if override:
            reason += REASONS_2025["override"].format(cap=DEFICIT_CAP_SEGMENT_2025)
        elif deficit[name]:
            reason += REASONS_2025["no_override"].format(quartile=quartile)
        in_pip = name in pip
        if in_pip:
            segment = PIP_SEGMENT_2025
            reason += REASONS_2025["pip"]
        rows.append({
            "organisation": name, "average_score": float(scores[name]), "rank": rank,
            "quartile_segment": quartile, "in_deficit": bool(deficit[name]),
            "override_applied": override, "in_improvement_programme": in_pip,
            "segment": segment, "reason": reason,
        })
    return pd.DataFrame(rows)


def segment_2025(
    organisation: str,
    average_scores: Mapping[str, float] | pd.Series,
    in_deficit: Mapping[str, bool] | pd.Series | None = None,
    *,
    in_improvement_programme: Sequence[str] = (),
    segments: pd.DataFrame | None = None,
) -> Segment:
    """One trust's 2025/26 segment among ``average_scores``, with its label and the reason.

    The rules are those of :func:`segments_2025`.

    >>> segment_2025("B", {"A": 1.5, "B": 2.0, "C": 2.5, "D": 3.0}, {"B": True}).segment
    3
    """
    table = segments_2025(average_scores, in_deficit,
                          in_improvement_programme=in_improvement_programme)
    rows = table[table["organisation"] == organisation]
    if rows.empty:
        raise ValueError(f"organisation '{organisation}' is not among the trusts scored")
    row = rows.iloc[0]
    return _segment("2025/26", int(row["segment"]), str(row["reason"]), segments,
                    float(row["average_score"]))


#: The example trust of ``data/oversight_example_2025.csv``.
EXAMPLE_TRUST_2025 = "Example Hospital NHS Trust"


def example_field_2025(
    example_scores: Sequence[float] | Mapping[str, float] | pd.Series | None = None,
    peers: pd.DataFrame | None = None,
) -> tuple[pd.Series, pd.Series]:
    """The workbook's twelve illustrative trusts: (average scores, in-deficit flags).

    The other trusts' averages come from ``data/oversight_peers_2025.csv``; the example
    trust's average is the mean of ``example_scores`` (default: its metric scores in
    ``data/oversight_example_2025.csv``).
    """
    table = data.load("oversight_peers_2025") if peers is None else peers.copy()
    if example_scores is None:
        example_scores = data.load("oversight_example_2025")["score"].astype(int).tolist()
    averages = table.set_index("organisation")["average_score"].astype(float)
    if EXAMPLE_TRUST_2025 not in averages.index:
        raise ValueError(f"the peers table must include '{EXAMPLE_TRUST_2025}'")
    averages.loc[EXAMPLE_TRUST_2025] = average_metric_score(example_scores)
    missing = averages[averages.isna()]
    if not missing.empty:
        raise ValueError(f"'{missing.index[0]}' has no average metric score in the peers table")
    deficit = table.set_index("organisation")["in_deficit"].astype(bool)
    return averages, deficit
