"""Pooled budgets and continuing healthcare: the arithmetic behind the BCF and CHC pages.

- :func:`pool_shares`: what each contribution to a pooled budget (for example the Better Care
  Fund's NHS minimum contribution, the local authority grant and the Disabled Facilities Grant)
  adds up to, and each one's share. The pool is added in exact pence.
- :func:`screening_funnel`: how many people screened for NHS continuing healthcare (CHC) with
  the checklist go on to a full assessment and how many are found eligible, from the shares
  the National Audit Office reported for 2015/16 (NAO, Investigation into NHS continuing
  healthcare funding, July 2017).
- :func:`average_cost_per_person`: spending divided by the people it pays for.

Units: money in pounds; shares as fractions (0.62 = 62%); people as counts.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from commlib._validate import check_fraction, check_not_negative, check_positive
from commlib.allocation import to_pence

__all__ = ["average_cost_per_person", "growth", "pool_shares", "screening_funnel"]


def pool_shares(contributions: Mapping[str, float]) -> pd.DataFrame:
    """Each contribution to a pooled budget, the pool's total and each one's share.

    Parameters
    ----------
    contributions : mapping of contribution name -> amount (£, whole pence)

    Returns
    -------
    pandas.DataFrame
        One row per contribution (``amount`` £, ``share`` fraction of the pool) and a last row
        ``"Total"`` whose amount is the exact sum and whose share is 1.
    """
    if not contributions:
        raise ValueError("contributions must name at least one contribution and its amount")
    pence = {name: to_pence(f"the contribution '{name}'", amount)
             for name, amount in contributions.items()}
    total = sum(pence.values())
    if total == 0:
        raise ValueError("the contributions add up to zero, so there is no pool to share")
    rows = [{"contribution": name, "amount": p / 100, "share": p / total}
            for name, p in pence.items()]
    rows.append({"contribution": "Total", "amount": total / 100, "share": 1.0})
    return pd.DataFrame(rows).set_index("contribution")


def screening_funnel(screenings, full_assessment_share, eligible_share) -> dict[str, float]:
    """From checklist screenings to full assessments to people found eligible for CHC.

    Parameters
    ----------
    screenings : float
        Standard (not fast-track) checklist screenings in a year.
    full_assessment_share : float
        Share of those screened who go on to a full assessment with the decision support tool
        (NAO, 2015/16: about 0.62).
    eligible_share : float
        Share of *screenings* that end with the person found eligible (NAO, 2015/16: about
        0.18). It cannot be more than ``full_assessment_share``: only people fully assessed
        can be found eligible.

    Returns
    -------
    dict
        ``screenings``, ``full_assessments``, ``eligible``, ``not_eligible_after_assessment``
        (people), and ``eligible_share_of_assessed`` (fraction).
    """
    check_not_negative("screenings", screenings)
    check_fraction("full_assessment_share", full_assessment_share)
    check_fraction("eligible_share", eligible_share)
    if eligible_share > full_assessment_share:
        raise ValueError(
            f"eligible_share ({eligible_share}) must not be more than full_assessment_share "
            f"({full_assessment_share}): only people who are fully assessed can be found "
            "eligible")
    assessed = float(screenings) * float(full_assessment_share)
    eligible = float(screenings) * float(eligible_share)
    return {
        "screenings": float(screenings),
        "full_assessments": assessed,
        "eligible": eligible,
        "not_eligible_after_assessment": assessed - eligible,
        "eligible_share_of_assessed": eligible / assessed if assessed else 0.0,
    }


def average_cost_per_person(spending, people) -> float:
    """Spending divided by the number of people it pays for, £ per person.

    >>> average_cost_per_person(3_000_000, 150)
    20000.0
    """
    check_not_negative("spending", spending)
    check_positive("people", people)
    return float(spending) / float(people)


def growth(start, end) -> float:
    """Growth from ``start`` to ``end`` as a fraction (0.16 = 16%), e.g. spending in two years.

    >>> round(growth(2_647, 3_062), 3)
    0.157
    """
    check_positive("start", start)
    check_not_negative("end", end)
    return float(end) / float(start) - 1.0
