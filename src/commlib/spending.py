"""Money out: how a commissioner's allocation splits between primary care and everything else.

Units: pounds; populations in people; shares as fractions.

A commissioner's allocation is an amount per head of registered population; what it spends on
primary care (prescribing, GP out of hours, GP practices) is reported line by line, and the
rest pays hospital, community, mental health and other contracts. The seeds' example is NHS
Vale of York CCG in 2020/21 (seed 000: £1,373 per head; £53.0m prescribing, £3.4m out of
hours, £50.8m practices).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from commlib._validate import check_not_negative, fmt_value

__all__ = ["TOTALS", "allocation_from_per_head", "money_out", "money_out_shares", "money_flows",
           "practices_gap"]

#: The items of a :func:`money_out` split that are totals, not primary care lines.
TOTALS = ("allocation", "primary_care", "everything_else")


def _lines(split: pd.Series) -> list[str]:
    """The primary care lines of a :func:`money_out` split, in order."""
    return [k for k in split.index if k not in TOTALS]


def allocation_from_per_head(per_head, registered_patients) -> float:
    """An allocation estimated from its amount per head: £ per head x registered patients.

    Parameters
    ----------
    per_head : float
        Allocation per head of registered population (£ per head).
    registered_patients : float
        Registered patients (people).

    Returns
    -------
    float
        Pounds.
    """
    check_not_negative("per_head", per_head)
    check_not_negative("registered_patients", registered_patients)
    return float(per_head) * float(registered_patients)


def money_out(allocation, primary_care_lines: Mapping[str, float]) -> pd.Series:
    """Split an allocation into its primary care lines and everything else.

    Parameters
    ----------
    allocation : float
        The commissioner's allocation (pounds).
    primary_care_lines : mapping of str to float
        Primary care spending by line, pounds (e.g. prescribing, out of hours, practices).

    Returns
    -------
    pandas.Series
        ``allocation``, each primary care line, ``primary_care`` (their sum) and
        ``everything_else`` (allocation - primary care), pounds.
    """
    check_not_negative("allocation", allocation)
    if not primary_care_lines:
        raise ValueError("give at least one primary care line (for example prescribing)")
    for name, value in primary_care_lines.items():
        check_not_negative(name, value)
    reserved = set(TOTALS) & set(primary_care_lines)
    if reserved:
        raise ValueError(f"{sorted(reserved)[0]!r} cannot name a primary care line: it is "
                         "one of the totals")
    primary_care = float(sum(float(v) for v in primary_care_lines.values()))
    if primary_care > float(allocation):
        raise ValueError(f"primary care spending ({fmt_value(primary_care)}) is more than the "
                         f"allocation ({fmt_value(float(allocation))}): check the figures")
    result = {"allocation": float(allocation)}
    result.update({name: float(v) for name, v in primary_care_lines.items()})
    result["primary_care"] = primary_care
    result["everything_else"] = float(allocation) - primary_care
    return pd.Series(result, name="money_out")


def money_out_shares(split: pd.Series) -> pd.Series:
    """Shares of a :func:`money_out` split, as fractions.

    Returns
    -------
    pandas.Series
        ``primary_care`` and ``everything_else`` as shares of the allocation, and each primary
        care line as a share of primary care (keys ``<line>_of_primary_care``).
    """
    if float(split["allocation"]) <= 0:
        raise ValueError("the allocation is zero, so it has no shares")
    shares = {
        "primary_care": float(split["primary_care"]) / float(split["allocation"]),
        "everything_else": float(split["everything_else"]) / float(split["allocation"]),
    }
    for line in _lines(split):
        shares[f"{line}_of_primary_care"] = (float(split[line]) / float(split["primary_care"])
                                             if split["primary_care"] else 0.0)
    return pd.Series(shares, name="share")


def money_flows(split: pd.Series) -> pd.DataFrame:
    """The flows of a :func:`money_out` split, for a Sankey diagram.

    Returns
    -------
    pandas.DataFrame
        Columns ``from``, ``to`` (keys of the split) and ``amount`` (pounds): allocation to
        everything else, allocation to primary care, and primary care to each line.
    """
    rows = [("allocation", "everything_else", float(split["everything_else"])),
            ("allocation", "primary_care", float(split["primary_care"]))]
    rows += [("primary_care", line, float(split[line])) for line in _lines(split)]
    return pd.DataFrame(rows, columns=["from", "to", "amount"])


def practices_gap(spent_on_practices, paid_to_practices_net_of_prescribing) -> float:
    """What a commissioner reports spending on its GP practices, less what NHS Digital records
    paying them for general practice (total payments less prescribing and dispensing).

    The two differ because the commissioner's figure can include items paid outside the
    practice payments data (and the other way round); a reader should expect a gap, not zero.

    Parameters
    ----------
    spent_on_practices : float
        The commissioner's own figure for GP practices (pounds).
    paid_to_practices_net_of_prescribing : float
        ``net_of_prescribing`` from :func:`commlib.primary_care.payment_streams` (pounds).

    Returns
    -------
    float
        Pounds; positive when the commissioner's figure is the larger.
    """
    check_not_negative("spent_on_practices", spent_on_practices)
    check_not_negative("paid_to_practices_net_of_prescribing",
                       paid_to_practices_net_of_prescribing)
    return float(spent_on_practices) - float(paid_to_practices_net_of_prescribing)
