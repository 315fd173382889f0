"""Governance inside a commissioner, conflicts of interest and oversight: the rules as functions.

Three small rule engines, each driven by a table in ``data/`` that a trainer can edit:

* the **scheme of delegation** (``data/scheme_of_delegation.csv``, illustrative): which committee
  or post may approve a decision of a given type, up to a value limit;
* the **gifts and hospitality** thresholds of NHS England's 2017 conflicts of interest guidance
  for CCGs (``data/gifts_hospitality_rules.csv``): declare, accept or refuse, with the reason;
* **oversight segmentation** of an organisation from its metrics (``data/oversight_segments.csv``):
  the NHS Oversight Framework 2019/20 (four support segments) and 2025/26 (segments 1 to 5).

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
- NHS England (2025), *NHS Oversight Framework 2025/26* (26 June 2025): providers in segments 1 to
  4 by their metric scores, and segment 5 for the Recovery Support Programme. The score bands in
  the table are as we read the framework (not checked: ``verified`` is false).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from commlib import data, fmt
from commlib._validate import check_finite, check_not_negative, check_range

__all__ = [
    "Approval",
    "OfferDecision",
    "Segment",
    "DOMAINS_2019",
    "RATINGS_2019",
    "OFFER_KINDS",
    "OFFERORS",
    "scheme_of_delegation",
    "decision_types",
    "approval_ladder",
    "who_may_approve",
    "gifts_rules",
    "gift_or_hospitality",
    "oversight_segments",
    "segment_2019",
    "segment_2025",
]

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

    >>> who_may_approve("Order goods or services within an approved budget", 75_000).approver
    'Chief Finance Officer'
    """
    if isinstance(value_gbp, bool) or not isinstance(value_gbp, int | float):
        raise ValueError(f"value_gbp must be a number of pounds, not {value_gbp!r}")
    check_finite("value_gbp", value_gbp)
    if value_gbp < 0:
        raise ValueError(f"value_gbp (the decision's value) must not be negative "
                         f"(got {fmt.money(value_gbp, dp=2)})")
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

    >>> gift_or_hospitality("hospitality", True, 40).summary
    'Accept and declare'
    """
    if offer_kind not in OFFER_KINDS:
        raise ValueError(f"offer_kind must be 'gift' or 'hospitality', not {offer_kind!r}")
    if isinstance(value_gbp, bool) or not isinstance(value_gbp, int | float):
        raise ValueError(f"value_gbp must be a number of pounds, not {value_gbp!r}")
    check_not_negative("value_gbp (the offer's value)", value_gbp)
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
                reason += " Senior approval has been given, so it may be accepted and declared."
            return OfferDecision(outcome=outcome, rule=str(row.rule), reason=reason,
                                 approved=approved)
    raise ValueError(f"the gifts and hospitality rules do not cover a {offer_kind} worth "
                     f"£{value_gbp:,.2f} from {'a supplier' if from_supplier else 'others'}")


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
    """The segments of one framework ("2019/20" or "2025/26"), in order."""
    table = data.load("oversight_segments") if segments is None else segments.copy()
    rows = table[table["framework"] == framework]
    if rows.empty:
        raise ValueError(f"framework must be '2019/20' or '2025/26', not {framework!r}")
    return rows.sort_values("segment").reset_index(drop=True)


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


def segment_2025(
    scores: Sequence[float] | Mapping[str, float] | pd.Series,
    *,
    in_recovery_support: bool = False,
    segments: pd.DataFrame | None = None,
) -> Segment:
    """A provider's 2025/26 segment from its metric scores (1 best to 4 worst).

    The average score sets segment 1 to 4 by the bands in ``data/oversight_segments.csv``
    (a band includes its upper score); a provider in the Recovery Support Programme is in
    segment 5 whatever its scores. ICBs are not segmented in 2025/26.

    >>> segment_2025([1, 2, 2, 1]).segment
    2
    """
    values = list(scores.values()) if isinstance(scores, Mapping) else list(scores)
    if not values:
        raise ValueError("scores must hold at least one metric score")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"every score must be a number from 1 to 4, not {value!r}")
    check_range("each metric score", pd.Series(values, dtype=float), 1.0, 4.0,
                what="1 is best, 4 is worst")
    average = float(sum(values)) / len(values)
    if in_recovery_support:
        return _segment("2025/26", 5, "in the Recovery Support Programme", segments, average)
    rows = oversight_segments("2025/26", segments).dropna(subset=["upper_score"])
    for row in rows.itertuples(index=False):
        if average <= float(row.upper_score) + 1e-9:
            reason = (f"an average metric score of {average:.2f} is in the band "
                      f"{row.lower_score:.1f} to {row.upper_score:.1f}")
            return _segment("2025/26", int(row.segment), reason, segments, average)
    raise ValueError(f"no segment covers an average score of {average:.2f}")
