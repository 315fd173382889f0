"""Choosing what to fund: "if you had £1m to invest ..." (seed 000).

Programme budgeting and marginal analysis (PBMA): list the options, estimate each one's
cost and benefit (and how sure you are), rank them by expected benefit per pound, and fund
down the list until the budget runs out.

Seed 000 lists five options but gives no costs or benefits, so :data:`SEED_OPTIONS` carries
made-up, clearly labelled values (each option's ``note`` says so). Units: cost in pounds;
benefit in "benefit points" (a score a panel agrees on a common scale, e.g. 0 to 100);
confidence as a fraction (0 to 1).

Source
------
Seed 000 (the "£1m to invest" question and its five options); PBMA as described by
Mitton and Donaldson, *Priority setting toolkit: a guide to the use of economics in
healthcare decision making* (BMJ Books, 2004).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from commlib._validate import check_positive

__all__ = ["MAX_BENEFIT", "MAX_BUDGET", "Option", "PRIORITY_REFUSALS", "SEED_BUDGET",
           "SEED_OPTIONS", "check_priority_input", "rank_options"]

_ILLUSTRATIVE = ("Wording from seed 000; cost, benefit and confidence are illustrative values "
                 "made up for teaching (the seed gives no figures).")


#: Most benefit points an option may score (the scale is a panel's, e.g. 0 to 100) and the
#: largest budget (pounds): limits far above any real choice, so they only stop a slip of the
#: keyboard.
MAX_BENEFIT = 1_000.0
MAX_BUDGET = 1_000_000_000.0

#: The sentences :func:`check_priority_input` refuses with (``{name}`` is the input, with the
#: option it belongs to), in the order the checks run.
PRIORITY_REFUSALS = {
    "blank": "{name} must be a number: the box is empty or does not hold a number",
    "negative": "{name} must not be negative: type 0 or more",
    "benefit_huge": "{name} must be no more than 1,000 points: score every option on the "
                    "same scale, such as 0 to 100",
    "budget_huge": "{name} must be no more than £1,000m: the choice is about a local budget",
    "fraction": "{name} must be a fraction from 0 to 1: 0.8 means 80% sure",
}


def check_priority_input(kind: str, value, option: str | None = None) -> None:
    """Refuse a benefit, confidence or budget that is blank, negative or out of range.

    ``kind`` is ``"benefit"``, ``"confidence"`` or ``"budget"``; ``option`` the option's name.

    Raises
    ------
    ValueError
        With one of :data:`PRIORITY_REFUSALS`.
    """
    name = kind if option is None else f"{kind} of {option!r}"
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(PRIORITY_REFUSALS["blank"].format(name=name)) from None
    if math.isnan(number):
        raise ValueError(PRIORITY_REFUSALS["blank"].format(name=name))
    if kind == "confidence":
        if not 0.0 <= number <= 1.0:
            raise ValueError(PRIORITY_REFUSALS["fraction"].format(name=name))
        return
    if number < 0:
        raise ValueError(PRIORITY_REFUSALS["negative"].format(name=name))
    if number > (MAX_BENEFIT if kind == "benefit" else MAX_BUDGET):
        raise ValueError(PRIORITY_REFUSALS[f"{kind}_huge"].format(name=name))


@dataclass(frozen=True)
class Option:
    """An investment option.

    Attributes
    ----------
    name : str
        What would be funded.
    cost : float
        Cost in pounds (above zero).
    benefit : float
        Benefit in benefit points (a panel's score on a common scale), zero or more.
    confidence : float
        How sure the panel is that the benefit will happen, a fraction 0 to 1.
    note : str
        Where the figures come from.
    """

    name: str
    cost: float
    benefit: float
    confidence: float = 1.0
    note: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a few words saying what the option would fund")
        check_positive(f"cost of {self.name!r}", self.cost)
        check_priority_input("benefit", self.benefit, self.name)
        check_priority_input("confidence", self.confidence, self.name)

    @property
    def expected_benefit(self) -> float:
        """Benefit x confidence, in benefit points."""
        return float(self.benefit) * float(self.confidence)


#: The budget in seed 000's question, pounds.
SEED_BUDGET = 1_000_000.0

#: Seed 000's five options, in its words, with illustrative figures (see each ``note``).
SEED_OPTIONS: tuple[Option, ...] = (
    Option("Children and Young People's Mental Health services – to improve very long "
           "waiting times", 400_000.0, 70.0, 0.8, _ILLUSTRATIVE),
    Option("Primary Care capacity – more urgent appointments to reduce A&E attendances",
           300_000.0, 45.0, 0.7, _ILLUSTRATIVE),
    Option("Community Healthcare – targeted at admission avoidance", 350_000.0, 60.0, 0.6,
           _ILLUSTRATIVE),
    Option("Additional screening and testing", 250_000.0, 40.0, 0.9, _ILLUSTRATIVE),
    Option("Improved IT systems to improve integration between services", 450_000.0, 55.0,
           0.5, _ILLUSTRATIVE),
)


def rank_options(options: Iterable[Option], budget, *, allow_partial=False) -> pd.DataFrame:
    """Rank options by expected benefit per pound and fund them down the list.

    Expected benefit = benefit x confidence; the ratio is expected benefit per pound (shown
    per £1,000 as well, which reads more easily). Options are taken in order of that ratio
    (ties keep the order given). Each option that fits in the budget left is funded; one
    that does not fit is skipped and cheaper ones further down may still be funded (greedy by
    ratio). With ``allow_partial=True`` the first option that does not fit is part-funded
    with what is left instead, and nothing below it is funded.

    Parameters
    ----------
    options : iterable of Option
        The options (names must differ).
    budget : float
        Money available, pounds.
    allow_partial : bool
        Whether an option may be part-funded (assuming benefit in proportion to money).

    Returns
    -------
    pandas.DataFrame
        One row per option in rank order (index ``rank`` from 1): ``name``, ``cost``,
        ``benefit``, ``confidence``, ``expected_benefit``, ``benefit_per_pound``,
        ``benefit_per_1000_pounds``, ``cumulative_cost`` (running total of cost down the
        list), ``funded`` (bool: funded at all), ``funded_share`` (fraction of the option
        funded), ``funded_cost`` (pounds), ``cumulative_funded_cost`` and ``note``.

    Source
    ------
    Programme budgeting and marginal analysis (PBMA): Mitton and Donaldson (2004); the
    options are seed 000's.
    """
    options = list(options)
    if not options:
        raise ValueError("options must list at least one option")
    for option in options:
        if not isinstance(option, Option):
            raise ValueError(f"options must be Option objects (got {option!r})")
    names = [o.name for o in options]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"option names must differ: {duplicates[0]!r} appears more than once")
    check_priority_input("budget", budget)

    frame = pd.DataFrame({
        "name": names,
        "cost": [float(o.cost) for o in options],
        "benefit": [float(o.benefit) for o in options],
        "confidence": [float(o.confidence) for o in options],
        "note": [o.note for o in options],
    })
    frame["expected_benefit"] = frame["benefit"] * frame["confidence"]
    frame["benefit_per_pound"] = frame["expected_benefit"] / frame["cost"]
    frame["benefit_per_1000_pounds"] = frame["benefit_per_pound"] * 1000.0
    frame = frame.sort_values("benefit_per_pound", ascending=False, kind="stable")
    frame = frame.reset_index(drop=True)
    frame["cumulative_cost"] = frame["cost"].cumsum()

    left = float(budget)
    shares = []
    stopped = False
    for cost in frame["cost"]:
        if stopped:
            shares.append(0.0)
        elif cost <= left + 1e-9:
            shares.append(1.0)
            left -= cost
        elif allow_partial:
            shares.append(max(left, 0.0) / cost)
            left = 0.0
            stopped = True
        else:
            shares.append(0.0)
    frame["funded_share"] = shares
    frame["funded"] = frame["funded_share"] > 0
    frame["funded_cost"] = frame["funded_share"] * frame["cost"]
    frame["cumulative_funded_cost"] = frame["funded_cost"].cumsum()
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    columns = ["name", "cost", "benefit", "confidence", "expected_benefit", "benefit_per_pound",
               "benefit_per_1000_pounds", "cumulative_cost", "funded", "funded_share",
               "funded_cost", "cumulative_funded_cost", "note"]
    return frame[columns]
