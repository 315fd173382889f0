"""Redirecting A&E attendances that have an urgent primary care need (the York case study).

A review of urgent care in York (seed 000) found that a significant share of people arriving at
A&E had an urgent primary care need that could be met elsewhere: at an urgent treatment centre
(UTC) or in general practice (including GP out of hours). This module answers "what if a share
of them went there instead?": attendances, cost and pressure (attendances as a share of
capacity) in each setting.

The arithmetic is deliberately simple, so that a trainee can check it by hand:

* attendances that could move = A&E attendances x share with an urgent primary care need;
* attendances moved = that number x share redirected;
* A&E loses them, the chosen setting gains them (one attendance becomes one attendance);
* cost in a setting = attendances x cost per attendance;
* pressure = attendances / capacity (1.0 = exactly full; above 1.0 = over capacity).

Units: attendances per year, money in pounds, shares as fractions (0.3 = 30%). The inputs in
``data/urgent_care_york.csv`` are illustrative round numbers, not York's figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from numbers import Real

import pandas as pd

from commlib import data
from commlib._validate import check_finite, check_not_negative, check_positive

__all__ = [
    "SETTINGS",
    "SETTING_NAMES",
    "UrgentCareInputs",
    "load_inputs",
    "share_from_pct",
    "attendances_moved",
    "redirect",
    "redirect_summary",
]

#: Where redirected attendances can go: the urgent treatment centre or general practice.
SETTINGS = ("UTC", "GP")
#: Reader-facing names of every setting, in table order.
SETTING_NAMES = {
    "A&E": "A&E",
    "UTC": "Urgent treatment centre",
    "GP": "General practice (urgent)",
}


@dataclass(frozen=True)
class UrgentCareInputs:
    """Yearly activity, capacity and unit costs of the three urgent care settings.

    Attributes
    ----------
    ae_attendances, utc_attendances, gp_attendances : float
        Attendances (or urgent appointments) per year before any redirection.
    ae_capacity, utc_capacity, gp_capacity : float
        Attendances each setting can see in a year.
    primary_care_need_share : float
        Fraction of A&E attendances with an urgent primary care need (0 to 1).
    cost_ae, cost_utc, cost_gp : float
        Cost to the commissioner of one attendance in each setting, in pounds.
    """

    ae_attendances: float
    ae_capacity: float
    primary_care_need_share: float
    utc_attendances: float
    utc_capacity: float
    gp_attendances: float
    gp_capacity: float
    cost_ae: float
    cost_utc: float
    cost_gp: float

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            check_finite(name, value)
            check_not_negative(name, value)
        for name in ("ae_capacity", "utc_capacity", "gp_capacity"):
            check_positive(name, getattr(self, name))
        _check_share("primary_care_need_share", self.primary_care_need_share)

    def with_changes(self, **changes: float) -> UrgentCareInputs:
        """A copy with some inputs changed (checked again)."""
        unknown = sorted(set(changes) - set(asdict(self)))
        if unknown:
            raise ValueError(f"there is no urgent care input called {unknown[0]!r}")
        return replace(self, **changes)


def _check_share(name: str, value: float) -> None:
    check_finite(name, value)
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a share between 0 and 1 (0% and 100%), "
                         f"not {float(value):g}")


def share_from_pct(value_pct: object, label: str) -> float:
    """A percentage typed by a reader (0 to 100) as a share (a fraction, 0 to 1).

    Parameters
    ----------
    value_pct : float
        The percentage as typed, in per cent (30 means 30%, a share of 0.3).
    label : str
        The box's label as the reader sees it, named in the refusal.

    Returns
    -------
    float
        ``value_pct / 100``; ``-0`` is read as 0.

    Raises
    ------
    ValueError
        If ``value_pct`` is not a number (missing, text, not finite) or is outside 0 to 100:
        a share of attendances cannot be negative or more than all of them.
    """
    if isinstance(value_pct, bool) or not isinstance(value_pct, Real):
        raise ValueError(f"type a number from 0 to 100 in the box '{label}'")
    value = float(value_pct)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"type a number from 0 to 100 in the box '{label}'")
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"'{label}' is a share of attendances, so it must be between 0% "
                         "and 100%")
    return value / 100 + 0.0


def _check_setting(setting: str) -> str:
    if setting not in SETTINGS:
        raise ValueError(f"setting must be one of {', '.join(SETTINGS)} (the urgent treatment "
                         f"centre or general practice), not {setting!r}")
    return setting


def load_inputs(name: str = "urgent_care_york") -> UrgentCareInputs:
    """The inputs stored in ``data/<name>.csv`` (one row per parameter)."""
    table = data.load(name)
    values = dict(zip(table["parameter"], table["value"].astype(float), strict=True))
    expected = set(UrgentCareInputs.__dataclass_fields__)
    missing = sorted(expected - set(values))
    if missing:
        raise ValueError(f"data/{name}.csv has no row for '{missing[0]}'")
    return UrgentCareInputs(**{key: values[key] for key in sorted(expected)})


def attendances_moved(inputs: UrgentCareInputs, share_redirected: float) -> float:
    """A&E attendances moved elsewhere in a year.

    ``ae_attendances x primary_care_need_share x share_redirected``.
    """
    _check_share("share_redirected", share_redirected)
    return inputs.ae_attendances * inputs.primary_care_need_share * float(share_redirected)


def redirect(inputs: UrgentCareInputs, share_redirected: float, setting: str) -> pd.DataFrame:
    """Attendances, cost and pressure in each setting after redirecting a share.

    Parameters
    ----------
    inputs : UrgentCareInputs
        Activity, capacity and costs before redirection.
    share_redirected : float
        Fraction (0 to 1) of the A&E attendances with an urgent primary care need that go to
        ``setting`` instead.
    setting : {"UTC", "GP"}
        Where they go.

    Returns
    -------
    pandas.DataFrame
        Indexed by setting (``A&E``, ``UTC``, ``GP``) with columns ``attendances_before``,
        ``attendances`` (after), ``capacity``, ``pressure_before`` and ``pressure``
        (attendances / capacity), ``cost_per_attendance`` (£), ``cost_before`` and ``cost`` (£ a
        year).
    """
    _check_setting(setting)
    moved = attendances_moved(inputs, share_redirected)
    before = {"A&E": inputs.ae_attendances, "UTC": inputs.utc_attendances,
              "GP": inputs.gp_attendances}
    after = dict(before)
    after["A&E"] -= moved
    after[setting] += moved
    capacity = {"A&E": inputs.ae_capacity, "UTC": inputs.utc_capacity,
                "GP": inputs.gp_capacity}
    unit_cost = {"A&E": inputs.cost_ae, "UTC": inputs.cost_utc, "GP": inputs.cost_gp}
    rows = {}
    for name in ("A&E", "UTC", "GP"):
        rows[name] = {
            "attendances_before": before[name],
            "attendances": after[name],
            "capacity": capacity[name],
            "pressure_before": before[name] / capacity[name],
            "pressure": after[name] / capacity[name],
            "cost_per_attendance": unit_cost[name],
            "cost_before": before[name] * unit_cost[name],
            "cost": after[name] * unit_cost[name],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "setting"
    return frame


def redirect_summary(inputs: UrgentCareInputs, share_redirected: float,
                     setting: str) -> dict[str, float]:
    """The headline numbers of :func:`redirect`.

    Returns
    -------
    dict
        ``moved`` (attendances a year), ``total_cost_before`` and ``total_cost`` (£ a year),
        ``cost_change`` (£ a year; negative = a saving), ``ae_pressure_before``,
        ``ae_pressure``, ``setting_pressure_before`` and ``setting_pressure`` (fractions of
        capacity).
    """
    table = redirect(inputs, share_redirected, setting)
    return {
        "moved": attendances_moved(inputs, share_redirected),
        "total_cost_before": float(table["cost_before"].sum()),
        "total_cost": float(table["cost"].sum()),
        "cost_change": float(table["cost"].sum() - table["cost_before"].sum()),
        "ae_pressure_before": float(table.loc["A&E", "pressure_before"]),
        "ae_pressure": float(table.loc["A&E", "pressure"]),
        "setting_pressure_before": float(table.loc[setting, "pressure_before"]),
        "setting_pressure": float(table.loc[setting, "pressure"]),
    }
