"""The 'shape' of a local health system: the Derbyshire STP's move from specialist to place.

The Derbyshire sustainability and transformation plan (seed 002) split its health costs into
three settings: care in **specialist** settings (hospitals and other bed-based care), care
delivered through **place** (community hubs and networks integrated with primary care) and
**infrastructure**. It showed their shares of spending at baseline (£1.70bn), if nothing changed
(do nothing, 2020/21) and under the STP (2020/21), with about £250m more care through place,
less specialist care, infrastructure costs down and 2,500 more staff in place-based care.

This module rebuilds those shapes from ``data/derbyshire_stp.csv`` and lets a reader move
spending out of specialist settings: the specialist pounds moved, the place-based pounds needed
per pound moved, and a cut in infrastructure costs give the new shape, its cost against doing
nothing and the extra place-based staff needed. With the levers implied by the STP
(:func:`implied_levers`) the model reproduces the STP column exactly.

Money in pounds; shares and rates as fractions (0.39 = 39%).

Source
------
Derbyshire STP slides in seed 002 ("Implications for the 'shape' of the system"; "Derbyshire
STP: our gaps"). The staff cost per extra post is not in the seed: ``derbyshire_stp.csv`` holds
an illustrative £100,000 of place-based spending per extra member of staff, chosen so that the
seed's c.£250m of extra place-based care matches its 2,500 extra staff.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from commlib import data
from commlib._validate import check_finite, check_fraction, check_positive, check_range

__all__ = [
    "SETTINGS",
    "SCENARIOS",
    "Shape",
    "Levers",
    "ShiftResult",
    "derbyshire_figures",
    "scenario_shape",
    "implied_levers",
    "shift_to_place",
    "resource_concentration",
    "finance_gap",
]

#: The three settings of the STP's "shape" of health costs.
SETTINGS: tuple[str, ...] = ("specialist", "place", "infrastructure")
#: The three columns of the STP's shape slide.
SCENARIOS: tuple[str, ...] = ("baseline", "do nothing 2020/21", "STP 2020/21")
_PREFIX = {"baseline": "baseline", "do nothing 2020/21": "do_nothing", "STP 2020/21": "stp"}


@dataclass(frozen=True)
class Shape:
    """Spending by setting (pounds) for one scenario."""

    name: str
    specialist_gbp: float
    place_gbp: float
    infrastructure_gbp: float

    @property
    def total_gbp(self) -> float:
        return self.specialist_gbp + self.place_gbp + self.infrastructure_gbp

    def amounts(self) -> dict[str, float]:
        """Pounds by setting, in :data:`SETTINGS` order."""
        return {"specialist": self.specialist_gbp, "place": self.place_gbp,
                "infrastructure": self.infrastructure_gbp}

    def shares(self) -> dict[str, float]:
        """Each setting's share of total spending (fractions adding to 1)."""
        total = self.total_gbp
        return {k: v / total for k, v in self.amounts().items()}


@dataclass(frozen=True)
class Levers:
    """How spending moves from the do-nothing shape."""

    shift_gbp: float
    place_cost_per_pound: float
    infrastructure_reduction: float


@dataclass(frozen=True)
class ShiftResult:
    """The shape after moving spending, set against the baseline and doing nothing."""

    plan: Shape
    do_nothing: Shape
    baseline: Shape
    levers: Levers
    cost_vs_do_nothing_gbp: float
    extra_place_vs_baseline_gbp: float
    staff_needed: float
    place_spend_per_extra_staff_gbp: float

    @property
    def saving_vs_do_nothing_gbp(self) -> float:
        return -self.cost_vs_do_nothing_gbp


def derbyshire_figures(table: pd.DataFrame | None = None) -> dict[str, float]:
    """The STP's figures by item name (pounds, fractions, people) from ``derbyshire_stp.csv``."""
    frame = data.load("derbyshire_stp") if table is None else table
    return {str(k): float(v) for k, v in zip(frame["item"], frame["value"], strict=True)}


def scenario_shape(scenario: str, table: pd.DataFrame | None = None) -> Shape:
    """Spending by setting for "baseline", "do nothing 2020/21" or "STP 2020/21".

    Each setting's pounds are the scenario's total times the setting's share, as printed on the
    slide (the shares add to 100% in every column).

    >>> round(scenario_shape("baseline").place_gbp / 1e6, 1)
    510.0
    """
    if scenario not in _PREFIX:
        raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}; not {scenario!r}")
    figures = derbyshire_figures(table)
    prefix = _PREFIX[scenario]
    total = figures[f"{prefix}_total_gbp"]
    shares = {s: figures[f"{prefix}_{s}_share"] for s in SETTINGS}
    if abs(sum(shares.values()) - 1) > 0.005:
        raise ValueError(f"the {scenario} shares add to {sum(shares.values()):.1%}, not 100%")
    return Shape(scenario, *(total * shares[s] for s in SETTINGS))


def implied_levers(table: pd.DataFrame | None = None) -> Levers:
    """The levers that turn the do-nothing shape into the STP shape.

    shift = specialist (do nothing) - specialist (STP); place cost per pound moved =
    (place (STP) - place (do nothing)) / shift; infrastructure reduction =
    1 - infrastructure (STP) / infrastructure (do nothing).
    """
    dn = scenario_shape("do nothing 2020/21", table)
    stp = scenario_shape("STP 2020/21", table)
    shift = dn.specialist_gbp - stp.specialist_gbp
    return Levers(
        shift_gbp=shift,
        place_cost_per_pound=(stp.place_gbp - dn.place_gbp) / shift,
        infrastructure_reduction=1 - stp.infrastructure_gbp / dn.infrastructure_gbp,
    )


def shift_to_place(
    shift_gbp: float,
    *,
    place_cost_per_pound: float | None = None,
    infrastructure_reduction: float = 0.0,
    place_spend_per_extra_staff_gbp: float | None = None,
    table: pd.DataFrame | None = None,
) -> ShiftResult:
    """Move ``shift_gbp`` of 2020/21 spending from specialist settings to place-based care.

    Starting from the do-nothing shape for 2020/21:

    * specialist = do-nothing specialist - ``shift_gbp``;
    * place = do-nothing place + ``shift_gbp`` x ``place_cost_per_pound``;
    * infrastructure = do-nothing infrastructure x (1 - ``infrastructure_reduction``);
    * cost against doing nothing = new total - do-nothing total (negative = a saving);
    * staff needed = (place - baseline place) / ``place_spend_per_extra_staff_gbp``
      (zero if place spending is not above the baseline).

    Parameters
    ----------
    shift_gbp : float
        Pounds of specialist care no longer delivered in specialist settings (0 or more, up to
        the do-nothing specialist spending).
    place_cost_per_pound : float, optional
        Pounds of place-based care needed for each pound moved (above 0, at most 3). Default:
        the value implied by the STP (:func:`implied_levers`).
    infrastructure_reduction : float
        Cut in infrastructure costs against doing nothing, a fraction (0.1 = 10%).
    place_spend_per_extra_staff_gbp : float, optional
        Place-based spending that brings one more member of staff. Default: the illustrative
        value in ``derbyshire_stp.csv``.
    """
    for name, value in (("shift_gbp", shift_gbp),
                        ("infrastructure_reduction", infrastructure_reduction)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number, not {value!r}")
    check_finite("shift_gbp", shift_gbp)
    figures = derbyshire_figures(table)
    baseline = scenario_shape("baseline", table)
    do_nothing = scenario_shape("do nothing 2020/21", table)
    if shift_gbp < 0:
        raise ValueError(f"shift_gbp (spending moved out of specialist settings) must not be "
                         f"negative (got £{shift_gbp / 1e6:,.1f}m)")
    if shift_gbp > do_nothing.specialist_gbp:
        raise ValueError(f"shift_gbp (£{shift_gbp / 1e6:,.1f}m) cannot be more than the "
                         f"specialist spending there is to move "
                         f"(£{do_nothing.specialist_gbp / 1e6:,.1f}m in 2020/21)")
    ratio = implied_levers(table).place_cost_per_pound if place_cost_per_pound is None \
        else place_cost_per_pound
    check_range("place_cost_per_pound", ratio, 0.0, 3.0,
                what="pounds of place-based care per pound moved")
    if ratio == 0:
        raise ValueError("place_cost_per_pound must be above zero: care moved to place "
                         "still costs something")
    check_fraction("infrastructure_reduction", infrastructure_reduction)
    per_staff = figures["place_spend_per_extra_staff_gbp"] \
        if place_spend_per_extra_staff_gbp is None else place_spend_per_extra_staff_gbp
    check_positive("place_spend_per_extra_staff_gbp", per_staff)
    plan = Shape(
        "your plan",
        do_nothing.specialist_gbp - shift_gbp,
        do_nothing.place_gbp + shift_gbp * ratio,
        do_nothing.infrastructure_gbp * (1 - infrastructure_reduction),
    )
    extra_place = plan.place_gbp - baseline.place_gbp
    return ShiftResult(
        plan=plan,
        do_nothing=do_nothing,
        baseline=baseline,
        levers=Levers(float(shift_gbp), float(ratio), float(infrastructure_reduction)),
        cost_vs_do_nothing_gbp=plan.total_gbp - do_nothing.total_gbp,
        extra_place_vs_baseline_gbp=extra_place,
        staff_needed=max(extra_place, 0.0) / per_staff,
        place_spend_per_extra_staff_gbp=float(per_staff),
    )


def resource_concentration(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who uses the resources: the top 5%, the next 15% and everyone else (seed 002).

    Columns: group, population_share, resource_share and use_vs_average (resource share /
    population share: 9 means nine times the average use per person). The "everyone else"
    row is derived: what is left of 100%.
    """
    f = derbyshire_figures(table)
    top_p, top_r = f["population_top_share"], f["resources_top_share"]
    next_p, next_r = f["population_next_share"], f["resources_next_share"]
    rows = [
        (f"Top {top_p:.0%}", top_p, top_r),
        (f"Next {next_p:.0%}", next_p, next_r),
        (f"Remaining {1 - top_p - next_p:.0%}", 1 - top_p - next_p, 1 - top_r - next_r),
    ]
    frame = pd.DataFrame(rows, columns=["group", "population_share", "resource_share"])
    frame["use_vs_average"] = frame["resource_share"] / frame["population_share"]
    return frame


def finance_gap(table: pd.DataFrame | None = None) -> dict[str, float]:
    """The finance and efficiency gap by 2021 (pounds): total, health, social care, and the
    difference between the printed total and the sum of its printed parts (rounding)."""
    f = derbyshire_figures(table)
    total, health, social = (f["gap_finance_total_gbp"], f["gap_finance_health_gbp"],
                             f["gap_finance_social_care_gbp"])
    return {"total_gbp": total, "health_gbp": health, "social_care_gbp": social,
            "parts_gbp": health + social, "rounding_gbp": total - (health + social)}
