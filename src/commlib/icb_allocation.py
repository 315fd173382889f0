"""One ICB's allocation built up, and how far it sits from the workbook's need-only fair share.

The workbook's *fair share* is need only: England's allocation per head times the ICB's need
index (its weighted population per head over England's, from ``data/allocation_icb`` and
:func:`commlib.allocation.need_index`). NHS England's *target allocation* also adjusts for
unavoidable cost differences (the market forces factor and the emergency ambulance cost
adjustment), so the two differ: the gap between an ICB's published allocation and the
need-only fair share is its distance from NHS England's target *plus* those cost adjustments.

Units: pounds (``_gbp``), pounds per registered patient (``_per_head``), fractions.

Sources
-------
- House of Commons Library, *NHS integrated care board funding in England* (CBP-10031, 2024):
  2024/25 core services allocations £1,732 per registered patient in England, from £1,480
  (Buckinghamshire, Oxfordshire and Berkshire West) to £1,986 (Cheshire and Merseyside).
- NHS England, *Allocations for 2025/26* and the technical guide: target allocation from
  weighted populations with need adjustments and cost adjustments (market forces factor,
  emergency ambulance cost adjustment); distance from target and convergence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commlib._validate import check_finite, check_not_negative, check_positive
from commlib.allocation import to_pence

__all__ = [
    "need_only_fair_share_per_head",
    "per_head_build_up",
    "distance_from_fair_share",
    "estimated_total",
    "known_lines_total",
]


def need_only_fair_share_per_head(england_per_head, need_index) -> float:
    """The workbook's need-only fair share per head: England's per head x the need index.

    Parameters
    ----------
    england_per_head : float
        England's allocation per registered patient (pounds), e.g. £1,732 for 2024/25 core
        services (CBP-10031).
    need_index : float
        The ICB's need index (England = 1), from :func:`commlib.allocation.need_index`.

    Returns
    -------
    float
        Pounds per registered patient. It leaves out NHS England's cost adjustments (market
        forces factor, emergency ambulance cost adjustment), so it is not NHS England's target.
    """
    check_positive("england_per_head", england_per_head)
    check_positive("need_index", need_index)
    return float(england_per_head) * float(need_index)


def per_head_build_up(england_per_head, need_index, icb_per_head) -> pd.Series:
    """Build an ICB's allocation per head up from England's, in three steps.

    1. ``england_per_head``: England's allocation per registered patient.
    2. ``need_adjustment = fair_share - england_per_head``, where ``fair_share`` is
       :func:`need_only_fair_share_per_head`: more for an older, sicker or more deprived
       population.
    3. ``other_difference = icb_per_head - fair_share``: what need alone does not explain,
       that is NHS England's cost adjustments (market forces factor, ambulance costs) and the
       ICB's distance from NHS England's target, together. The workbook cannot split them.

    Parameters
    ----------
    england_per_head, icb_per_head : float
        Pounds per registered patient, the same year and allocation stream.
    need_index : float
        The ICB's need index for that stream (England = 1).

    Returns
    -------
    pandas.Series
        ``england_per_head``, ``need_adjustment``, ``need_only_fair_share``,
        ``other_difference`` and ``icb_per_head`` (pounds per head). The steps add up:
        England + need adjustment + other difference = the ICB's per head, exactly.
    """
    check_positive("icb_per_head", icb_per_head)
    fair = need_only_fair_share_per_head(england_per_head, need_index)
    england = float(england_per_head)
    icb = float(icb_per_head)
    return pd.Series({
        "england_per_head": england,
        "need_adjustment": fair - england,
        "need_only_fair_share": fair,
        "other_difference": icb - fair,
        "icb_per_head": icb,
    }, name="per_head_build_up")


def distance_from_fair_share(icb_per_head, fair_share_per_head, population=None) -> pd.Series:
    """How far an allocation per head is above (+) or below (-) a fair share per head.

    ``distance_per_head = icb - fair share``; ``distance_pct = distance / fair share``; with
    a population, ``distance_gbp = distance_per_head x population`` (pounds).

    Parameters
    ----------
    icb_per_head, fair_share_per_head : float
        Pounds per registered patient; the fair share above zero.
    population : float, optional
        Registered population (people) to turn the distance into pounds.

    Returns
    -------
    pandas.Series
        ``distance_per_head`` (pounds per head), ``distance_pct`` (fraction) and, with a
        population, ``distance_gbp`` (pounds).

    Source
    ------
    NHS England, allocation working papers: distance from target = (allocation - target) /
    target; here measured against the workbook's need-only fair share, not NHS England's
    target.
    """
    check_not_negative("icb_per_head", icb_per_head)
    check_positive("fair_share_per_head", fair_share_per_head)
    distance = float(icb_per_head) - float(fair_share_per_head)
    out = {"distance_per_head": distance, "distance_pct": distance / float(fair_share_per_head)}
    if population is not None:
        check_not_negative("population", population)
        out["distance_gbp"] = distance * float(population)
    return pd.Series(out, name="distance_from_fair_share")


def estimated_total(per_head, population) -> float:
    """An estimate of a total allocation: a published per-head figure x a population (pounds).

    Only an estimate: the population must be the one the per-head figure was divided by,
    which for published allocations is NHS England's registered list for that year.

    Parameters
    ----------
    per_head : float
        Pounds per registered patient.
    population : float
        Registered population (people).
    """
    check_not_negative("per_head", per_head)
    check_not_negative("population", population)
    return float(per_head) * float(population)


def known_lines_total(lines: pd.Series) -> tuple[float, list[str]]:
    """Add up the allocation lines that have a figure; name the ones that do not.

    Parameters
    ----------
    lines : pandas.Series
        Pounds per line, indexed by line name; a missing (NaN) value is a line with no
        published figure.

    Returns
    -------
    (float, list of str)
        The total of the lines with a figure, added exactly in whole pence (pounds), and the
        names of the lines left out. The total is a full allocation only if the list is empty.
    """
    if not isinstance(lines, pd.Series) or lines.empty:
        raise ValueError("lines must be a Series of pounds per allocation line, with at "
                         "least one line")
    missing = [str(name) for name in lines.index[lines.isna()]]
    known = lines.dropna()
    if len(known):
        check_finite("lines", known)
    pence = sum(to_pence(f"line {name!r}", float(value)) for name, value in known.items())
    return float(np.int64(pence)) / 100.0, missing
