"""How commissioners pay providers: block, cost per case, marginal rate, blended and more.

Units: unit prices and payments in pounds; activity as counts (admissions, attendances,
contacts) and may be a float; rates and shares as fractions (0.3 = 30%). ``planned_activity``
and ``actual_activity`` may be scalars, NumPy arrays or pandas Series (one value per
provider, month or point code); Series passed together must have the same index.

Every contract type in :data:`CONTRACT_TYPES` can be called the same way,
``function(planned_activity, unit_price, actual_activity, **terms)``, which is how
:func:`risk_split`, :func:`risk_profile` and the contract explorer use them. The payment never
falls when activity rises, and at plan the marginal-rate, blended, risk-share, cap-and-collar
and aligned payments all equal the plan value (planned activity x unit price).

Sources
-------
- Department of Health, *30% marginal rate rule* for emergency admissions, 2010/11 to
  2014/15 (HFMA briefings, Apr 2017 and Oct 2018; HSJ Nov 2014).
- NHS Improvement, *2019/20 National Tariff*: blended payment for urgent and emergency care,
  fixed element on planned activity and a variable element of 20% of unit price.
- HFMA (2022), *Aligned payment and incentive*: fixed element, variable element at 75% of
  unit price in 2022/23, CQUIN 1.25%; NHS England, *NHS Payment Scheme* 2023/25 and 2025/26:
  elective activity in the variable element at 100% of unit prices.
- Cap and collar, risk share: local arrangements with no national worked example; the rules
  here are this workbook's plain versions for teaching.
- :func:`api_payment`: NHS England, *2025/26 NHS Payment Scheme* and *NHS provider payment
  mechanisms* (API: fixed and variable elements; payment = price x market forces factor);
  HFMA, 5 Jan and 16 Jun 2023 (planned elective activity in the fixed element with a 75%
  variable element in 2022/23; all elective activity in the variable element at 100% of
  unit prices from 2023/24).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from commlib._validate import (
    align,
    check_fraction,
    check_not_negative,
)

__all__ = [
    "plan_value",
    "block_payment",
    "cost_per_case_payment",
    "marginal_rate_payment",
    "blended_payment",
    "cap_and_collar_payment",
    "cap_and_collar_limits",
    "risk_share_payment",
    "aligned_payment_incentive",
    "API_RULES",
    "Parameter",
    "ContractType",
    "CONTRACT_TYPES",
    "contract_payment",
    "risk_split",
    "risk_profile",
    "API_PAYMENT_LABELS",
    "API_REFUSALS",
    "API_MAX_SPELLS",
    "API_MAX_UNIT_PRICE_GBP",
    "API_MAX_MFF",
    "APIPayment",
    "api_payment",
    "api_share_of_plan",
    "BAND_REFUSAL",
    "BOX_REFUSALS",
    "explorer_number",
    "weighted_mean",
]


def _name(result, name: str):
    """Name a Series result; leave NumPy results as they are; make 0-d results floats."""
    if isinstance(result, pd.Series):
        return result.astype(float).rename(name)
    if np.ndim(result) == 0:
        return float(result)
    return np.asarray(result, dtype=float)


def _activity(planned_activity, unit_price, actual_activity):
    check_not_negative("planned_activity", planned_activity)
    check_not_negative("unit_price", unit_price)
    check_not_negative("actual_activity", actual_activity)
    return align(planned_activity=planned_activity, unit_price=unit_price,
                 actual_activity=actual_activity)


def _plan_value(planned_activity, unit_price):
    """Planned activity x unit price, for inputs already checked and aligned."""
    return planned_activity * unit_price


#: The sentence refusing a band whose collar is above its cap (a ``str.format`` template).
BAND_REFUSAL = "collar ({collar:.2f}) must not be above cap ({cap:.2f})"


def _check_band(cap, collar) -> None:
    check_not_negative("cap", cap)
    check_not_negative("collar", collar)
    if collar > cap:
        raise ValueError(BAND_REFUSAL.format(collar=collar, cap=cap))


def _as_number(value):
    """Turn a list into a NumPy array so arithmetic works; keep Series and scalars."""
    if isinstance(value, pd.Series | np.ndarray) or np.ndim(value) == 0:
        return value
    return np.asarray(value, dtype=float)


# ---------------------------------------------------------------------------
# Payment rules
# ---------------------------------------------------------------------------

def plan_value(planned_activity, unit_price):
    """The value of the plan: planned activity x unit price, in pounds.

    The budgeted cost of a contract, against which every payment rule measures over- and
    under-performance.

    Parameters
    ----------
    planned_activity, unit_price : float or pandas.Series
        Plan (counts) and pounds per unit.

    Returns
    -------
    float or pandas.Series
        Pounds.
    """
    check_not_negative("planned_activity", planned_activity)
    check_not_negative("unit_price", unit_price)
    planned_activity, unit_price = align(planned_activity=_as_number(planned_activity),
                                         unit_price=_as_number(unit_price))
    return _name(_plan_value(planned_activity, unit_price), "plan_value")


def block_payment(value, actual_activity):
    """A block contract: a fixed sum whatever activity the provider does.

    Parameters
    ----------
    value : float
        The agreed annual value, pounds.
    actual_activity : float, array or pandas.Series
        Activity delivered (counts); it does not change the payment.

    Returns
    -------
    float, array or pandas.Series
        ``value`` (pounds), shaped like ``actual_activity``.

    Source
    ------
    NHS Standard Contract; block contracts were the COVID-19 interim arrangement in 2020/21
    (seed 000).
    """
    check_not_negative("value", value)
    check_not_negative("actual_activity", actual_activity)
    value, actual_activity = align(value=value, actual_activity=_as_number(actual_activity))
    return _name(value + 0.0 * actual_activity, "payment")


def cost_per_case_payment(unit_price, actual_activity):
    """Cost per case (payment by results): the unit price for every unit of activity.

    Parameters
    ----------
    unit_price : float
        Pounds per unit of activity (e.g. per admission).
    actual_activity : float, array or pandas.Series
        Activity delivered (counts).

    Returns
    -------
    float, array or pandas.Series
        ``unit_price x actual_activity``, pounds.

    Source
    ------
    Payment by Results national tariff (from 2003/04); NHS Payment Scheme (from 2023/24).
    """
    check_not_negative("unit_price", unit_price)
    check_not_negative("actual_activity", actual_activity)
    unit_price, actual_activity = align(unit_price=unit_price,
                                        actual_activity=_as_number(actual_activity))
    return _name(unit_price * actual_activity, "payment")


def marginal_rate_payment(baseline_value, actual_value, rate):
    """Marginal rate: above the baseline value only ``rate`` of the extra value is paid.

    ``payment = actual_value`` when ``actual_value <= baseline_value``; otherwise
    ``baseline_value + rate x (actual_value - baseline_value)``.

    Parameters
    ----------
    baseline_value : float
        Value of the baseline activity at price, pounds (for the emergency rule, the 2008/09
        emergency admissions valued at this year's tariff).
    actual_value : float, array or pandas.Series
        Value of this year's activity at price, pounds.
    rate : float
        Share of price paid for value above the baseline, a fraction (0.3 = 30%).

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds.

    Source
    ------
    Department of Health, *30% marginal rate rule* for emergency admissions above the
    2008/09 baseline, 2010/11 to 2014/15: the commissioner keeps the other 70% for demand
    management. 50% in 2015/16 for providers on the Enhanced Tariff Option; 70% in force
    in 2016/17 (HFMA, 3 Apr 2017) to 2018/19; abolished from 1 April 2019 (HFMA; HSJ).

    Examples
    --------
    >>> marginal_rate_payment(1_000_000, 1_100_000, 0.3)
    1030000.0
    """
    check_not_negative("baseline_value", baseline_value)
    check_not_negative("actual_value", actual_value)
    check_fraction("rate", rate)
    baseline_value, actual_value = align(baseline_value=baseline_value,
                                         actual_value=_as_number(actual_value))
    above = np.maximum(actual_value - baseline_value, 0.0)
    payment = np.minimum(actual_value, baseline_value) + rate * above
    return _name(payment, "payment")


def blended_payment(planned_activity, unit_price, actual_activity, variable_rate):
    """Blended payment: a fixed payment for the plan plus a variable element.

    ``payment = planned_activity x unit_price
    + variable_rate x unit_price x (actual_activity - planned_activity)``: each unit above
    plan earns ``variable_rate`` of the price; each unit below plan gives it back.

    Parameters
    ----------
    planned_activity : float or pandas.Series
        Activity in the plan (counts).
    unit_price : float
        Pounds per unit.
    actual_activity : float, array or pandas.Series
        Activity delivered (counts).
    variable_rate : float
        Fraction of price paid (or refunded) per unit away from plan: 0.2 for urgent and
        emergency care in 2019/20, 0.75 for the API variable element in 2022/23, 1.0 for
        elective activity from 2023/24.

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds; equals the plan value at plan.

    Source
    ------
    NHS Improvement, *2019/20 National Tariff* (blended payment, 20% variable element);
    HFMA (2022) and NHS England, *NHS Payment Scheme* (aligned payment and incentive).
    """
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    check_fraction("variable_rate", variable_rate)
    plan = _plan_value(planned_activity, unit_price)
    payment = plan + variable_rate * unit_price * (actual_activity - planned_activity)
    return _name(payment, "payment")


def cap_and_collar_payment(planned_activity, unit_price, actual_activity, *, cap, collar):
    """Cap and collar: paid at price, but within a band around the plan value.

    ``payment = min(max(actual x price, collar x plan value), cap x plan value)``: above the
    cap the provider is not paid for extra activity; below the collar the commissioner still
    pays the collar.

    Parameters
    ----------
    planned_activity, unit_price, actual_activity : float or pandas.Series
        Plan (counts), pounds per unit, activity delivered (counts).
    cap : float
        Most that is paid, as a multiple of the plan value (1.05 = 105% of plan).
    collar : float
        Least that is paid, as a multiple of the plan value (0.95 = 95%); not above ``cap``.

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds.

    Source
    ------
    A local risk-sharing arrangement in NHS contracts (seed 000: "activity cap and collar");
    no national worked example exists, so this is the plain version.
    """
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    _check_band(cap, collar)
    plan = _plan_value(planned_activity, unit_price)
    at_price = actual_activity * unit_price
    payment = np.minimum(np.maximum(at_price, collar * plan), cap * plan)
    return _name(payment, "payment")


def cap_and_collar_limits(planned_activity, unit_price, *, cap, collar) -> pd.Series:
    """The most and the least a cap and collar contract can pay, in pounds.

    ``ceiling = cap x plan value`` and ``floor = collar x plan value``, where plan value =
    planned activity x unit price: the band that :func:`cap_and_collar_payment` keeps the
    payment in.

    Parameters
    ----------
    planned_activity, unit_price : float
        Plan (counts) and pounds per unit.
    cap, collar : float
        Multiples of the plan value (1.05 and 0.95 for a band of ±5%); collar not above cap.

    Returns
    -------
    pandas.Series
        ``plan_value``, ``ceiling`` and ``floor``, pounds.
    """
    _check_band(cap, collar)
    value = float(plan_value(planned_activity, unit_price))
    return pd.Series({"plan_value": value, "ceiling": float(cap) * value,
                      "floor": float(collar) * value}, name="cap_and_collar_limits")


def risk_share_payment(planned_activity, unit_price, actual_activity, *, provider_share):
    """Risk share: over- and under-performance against plan split between the two sides.

    ``variance = actual x price - plan value`` (the cost of activity above plan at price,
    negative below plan). ``payment = plan value + (1 - provider_share) x variance``: the
    provider carries ``provider_share`` of the variance (it does that share of any extra
    work unpaid, and keeps that share of the money for work it did not do), the
    commissioner the rest. ``provider_share = 0`` is cost per case; ``1`` is a block at plan.

    Parameters
    ----------
    planned_activity, unit_price, actual_activity : float or pandas.Series
        Plan (counts), pounds per unit, activity delivered (counts).
    provider_share : float
        Share of the variance the provider carries, a fraction (0.5 = an even split).

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds; equals the plan value at plan.

    Source
    ------
    A local arrangement (seeds 000 and 002 list "risk share"); no national worked example.
    """
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    check_fraction("provider_share", provider_share)
    plan = _plan_value(planned_activity, unit_price)
    variance = actual_activity * unit_price - plan
    return _name(plan + (1.0 - provider_share) * variance, "payment")


class APIRule(NamedTuple):
    """Aligned payment and incentive terms for one year."""

    variable_rate: float
    cquin_rate: float | None
    note: str
    source: str


#: Aligned payment and incentive (API) rules by financial year.
API_RULES: dict[str, APIRule] = {
    "2022/23": APIRule(
        0.75, 0.0125,
        "Fixed element includes the plan (and 104% of 2019/20 elective value) and CQUIN "
        "(1.25% of contract value); variable element 75% of unit price for activity above or "
        "below plan; all secondary care contracts within an ICS, and contracts of £30m or more "
        "across ICS boundaries.",
        "HFMA (2022), Aligned payment and incentive",
    ),
    "2023/24": APIRule(
        1.0, None,
        "Elective activity in the variable element at 100% of unit prices; the £30m "
        "threshold dropped; low-volume block payments below £0.5m. CQUIN not modelled.",
        "NHS England, 2023/25 NHS Payment Scheme",
    ),
    "2024/25": APIRule(
        1.0, None,
        "Elective activity in the variable element at 100% of unit prices; low-volume block "
        "payments below £0.5m. CQUIN not modelled.",
        "NHS England, 2023/25 NHS Payment Scheme",
    ),
    "2025/26": APIRule(
        1.0, None,
        "Elective activity in the variable element at 100% of unit prices; low-volume blocks "
        "at £1.5m or less; proposed elective payment limits dropped after consultation. "
        "CQUIN not modelled.",
        "NHS England, 2025/26 NHS Payment Scheme",
    ),
}


def aligned_payment_incentive(planned_activity, unit_price, actual_activity, *, year,
                              cquin_achieved=1.0):
    """Aligned payment and incentive (API): a fixed element plus a variable element by year.

    ``payment = plan value + variable_rate x unit_price x (actual - planned)
    - (1 - cquin_achieved) x cquin_rate x plan value``, with ``variable_rate`` and
    ``cquin_rate`` from :data:`API_RULES` for ``year``. The activity is the activity in the
    variable element (elective activity from 2023/24).

    Parameters
    ----------
    planned_activity, unit_price, actual_activity : float or pandas.Series
        Plan (counts), pounds per unit, activity delivered (counts).
    year : str
        Financial year, one of :data:`API_RULES` ("2022/23" to "2025/26").
    cquin_achieved : float
        Share of the CQUIN (Commissioning for Quality and Innovation) money earned, a
        fraction; CQUIN is paid inside the fixed element, so 1 (the default) leaves the
        payment at plan equal to the plan value. Only used where the year has a CQUIN rate.

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds.

    Source
    ------
    HFMA (2022), *Aligned payment and incentive* (2022/23: variable element 75% of unit price,
    CQUIN 1.25%); NHS England, *NHS Payment Scheme* 2023/25 and 2025/26 (elective variable
    element at 100% of unit prices).
    """
    if year not in API_RULES:
        raise ValueError(
            f"year ({year!r}) has no aligned payment and incentive rules here: "
            f"choose one of {', '.join(API_RULES)}"
        )
    check_fraction("cquin_achieved", cquin_achieved)
    rule = API_RULES[year]
    payment = blended_payment(planned_activity, unit_price, actual_activity, rule.variable_rate)
    if rule.cquin_rate:
        planned, price = align(planned_activity=planned_activity, unit_price=unit_price)
        payment = payment - (1.0 - cquin_achieved) * rule.cquin_rate * _plan_value(planned, price)
    return _name(payment, "payment")


# ---------------------------------------------------------------------------
# Registry for the explorers
# ---------------------------------------------------------------------------

class Parameter(NamedTuple):
    """One contract term, described for a widget control."""

    label: str
    default: Any
    unit: str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple | None = None


class ContractType(NamedTuple):
    """A contract type: ``function(planned_activity, unit_price, actual_activity, **terms)``."""

    function: Any
    label: str
    description: str
    parameters: dict[str, Parameter]


def _block(planned_activity, unit_price, actual_activity):
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    return block_payment(_plan_value(planned_activity, unit_price), actual_activity)


def _cost_per_case(planned_activity, unit_price, actual_activity):
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    return cost_per_case_payment(unit_price, actual_activity)


def _marginal_rate(planned_activity, unit_price, actual_activity, *, rate=0.3):
    planned_activity, unit_price, actual_activity = _activity(
        planned_activity, unit_price, _as_number(actual_activity))
    return marginal_rate_payment(_plan_value(planned_activity, unit_price),
                                 actual_activity * unit_price, rate)


def _blended(planned_activity, unit_price, actual_activity, *, variable_rate=0.2):
    return blended_payment(planned_activity, unit_price, actual_activity, variable_rate)


_FRACTION = dict(minimum=0.0, maximum=1.0, step=0.05)

#: Contract types by name, for the explorers: function, label, description and terms.
CONTRACT_TYPES: dict[str, ContractType] = {
    "block": ContractType(
        _block, "Block contract",
        "A fixed sum agreed in advance (here the plan value), whatever activity is done. "
        "The provider carries all the activity risk.",
        {},
    ),
    "cost_per_case": ContractType(
        _cost_per_case, "Cost per case",
        "The unit price for every case: money follows the patient (payment by results). "
        "The commissioner carries all the activity risk.",
        {},
    ),
    "marginal_rate": ContractType(
        _marginal_rate, "Marginal rate",
        "Paid at price up to the baseline (here the plan value); above it only a share of "
        "price, as in the 30% emergency marginal rate rule of 2010/11.",
        {"rate": Parameter("Share of price paid above baseline", 0.3, "fraction", **_FRACTION)},
    ),
    "blended": ContractType(
        _blended, "Blended payment",
        "A fixed payment for the planned activity plus a share of price for each unit above "
        "plan (refunded below it), as for urgent and emergency care in 2019/20 (20%).",
        {"variable_rate": Parameter("Variable element (share of price)", 0.2, "fraction",
                                    **_FRACTION)},
    ),
    "cap_and_collar": ContractType(
        cap_and_collar_payment, "Cap and collar",
        "Paid at price, but never more than the cap or less than the collar "
        "(both as multiples of the plan value).",
        {"cap": Parameter("Cap (multiple of plan value)", 1.05, "x plan value", 1.0, 1.5, 0.01),
         "collar": Parameter("Collar (multiple of plan value)", 0.95, "x plan value",
                             0.5, 1.0, 0.01)},
    ),
    "risk_share": ContractType(
        risk_share_payment, "Risk share",
        "The plan value, adjusted for activity above or below plan at price; the provider "
        "carries an agreed share of that variance and the commissioner the rest.",
        {"provider_share": Parameter("Provider's share of the variance", 0.5, "fraction",
                                     **_FRACTION)},
    ),
    "aligned_payment_incentive": ContractType(
        aligned_payment_incentive, "Aligned payment and incentive",
        "The national API rules: a fixed element for the plan plus a variable element "
        "(75% of price in 2022/23; 100% for elective activity from 2023/24).",
        {"year": Parameter("Financial year", "2024/25", "financial year",
                           choices=tuple(API_RULES))},
    ),
}


def _contract(contract) -> ContractType:
    if isinstance(contract, ContractType):
        return contract
    if contract not in CONTRACT_TYPES:
        raise ValueError(
            f"contract ({contract!r}) is not a contract type here: choose one of "
            f"{', '.join(CONTRACT_TYPES)}"
        )
    return CONTRACT_TYPES[contract]


def _terms(kind: ContractType, terms: dict) -> dict:
    unknown = set(terms) - set(kind.parameters)
    if unknown:
        allowed = ", ".join(kind.parameters) or "no terms"
        raise ValueError(
            f"{sorted(unknown)[0]} is not a term of a {kind.label.lower()} (it takes {allowed})"
        )
    return {name: terms.get(name, p.default) for name, p in kind.parameters.items()}


def contract_payment(contract, planned_activity, unit_price, actual_activity, **terms):
    """Payment under a named contract type, with its default terms unless given.

    Parameters
    ----------
    contract : str or ContractType
        A key of :data:`CONTRACT_TYPES`, e.g. ``"blended"``.
    planned_activity, unit_price, actual_activity : float or pandas.Series
        Plan (counts), pounds per unit, activity delivered (counts).
    **terms
        The contract's terms (see ``CONTRACT_TYPES[contract].parameters``).

    Returns
    -------
    float, array or pandas.Series
        Payment in pounds.
    """
    kind = _contract(contract)
    return kind.function(planned_activity, unit_price, actual_activity, **_terms(kind, terms))


def risk_split(contract, planned_activity, unit_price, actual_activity, **terms):
    """Who carries the activity risk: the payment against the plan and against price.

    Sign conventions (all in pounds):

    - ``payment``: what the commissioner pays under the contract.
    - ``plan_value``: planned activity x unit price (the budgeted cost).
    - ``cost_at_price``: actual activity x unit price (what paying at price would cost).
    - ``variance`` = cost_at_price - plan_value: activity above (positive) or below
      (negative) plan, valued at price.
    - ``provider_carries`` = payment - cost_at_price: the provider's gain (positive) or loss
      (negative) against being paid at price for what it did. Negative means it did work it
      was not paid for at price.
    - ``commissioner_carries`` = payment - plan_value: the commissioner's overspend
      (positive) or underspend (negative) against its plan.

    Parameters
    ----------
    contract : str or ContractType
        A key of :data:`CONTRACT_TYPES`.
    planned_activity, unit_price, actual_activity : float or pandas.Series
        Plan (counts), pounds per unit, activity delivered (counts).
    **terms
        The contract's terms.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        A Series with the six items for scalar inputs; a DataFrame with those columns (one
        row per area) when any input is a Series.
    """
    payment = contract_payment(contract, planned_activity, unit_price, actual_activity, **terms)
    planned_activity, unit_price, actual_activity = align(
        planned_activity=planned_activity, unit_price=unit_price,
        actual_activity=_as_number(actual_activity))
    plan = _plan_value(planned_activity, unit_price)
    cost_at_price = actual_activity * unit_price
    parts = {
        "payment": payment,
        "plan_value": plan,
        "cost_at_price": cost_at_price,
        "variance": cost_at_price - plan,
        "provider_carries": payment - cost_at_price,
        "commissioner_carries": payment - plan,
    }
    if any(isinstance(v, pd.Series) for v in parts.values()):
        index = next(v.index for v in parts.values() if isinstance(v, pd.Series))
        return pd.DataFrame({k: (v if isinstance(v, pd.Series) else pd.Series(v, index=index))
                             for k, v in parts.items()}).astype(float)
    if np.ndim(payment) > 0:
        return pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=float), np.shape(payment))
                             for k, v in parts.items()})
    return pd.Series({k: float(v) for k, v in parts.items()}, name="risk_split")


def weighted_mean(weights, values) -> float:
    """``sum(weights[i] x values[i])``, added up from the first point to the last.

    A fixed order of additions (not BLAS's ``np.dot``, whose order depends on the processor),
    so that the result is the same on every machine, and the site's browser twin of the
    contract explorer (``explorers/contracts.js``) can repeat it exactly.

    Parameters
    ----------
    weights, values : array-like
        The same length; the weights already add up to 1 for a mean.

    Returns
    -------
    float
        In the unit of ``values``.
    """
    total = 0.0
    for weight, value in zip(np.asarray(weights, dtype=float).tolist(),
                             np.asarray(values, dtype=float).tolist(), strict=True):
        total += weight * value
    return total


def risk_profile(contract, planned_activity, unit_price, *, spread=0.10, points=201,
                 weights=None, **terms) -> pd.Series:
    """Expected payment and who carries the spread when activity is uncertain.

    Activity is taken on an even grid of ``points`` values from ``planned x (1 - spread)``
    to ``planned x (1 + spread)``, each equally likely (a uniform distribution), or with the
    given ``weights``. Deterministic: no random sampling.

    Parameters
    ----------
    contract : str or ContractType
        A key of :data:`CONTRACT_TYPES`.
    planned_activity : float
        Planned activity (counts).
    unit_price : float
        Pounds per unit.
    spread : float
        Half-width of the activity range as a fraction of plan (0.10 = plan ± 10%), 0 to 1.
    points : int
        Number of activity values on the grid (at least 2).
    weights : array-like, optional
        Probability weight of each grid point (non-negative, any total); uniform if omitted.
    **terms
        The contract's terms.

    Returns
    -------
    pandas.Series
        ``expected_payment``, ``payment_sd`` (pounds); for the commissioner (payment - plan
        value) ``commissioner_expected``, ``commissioner_sd``, ``commissioner_min``,
        ``commissioner_max``; for the provider (payment - cost at price)
        ``provider_expected``, ``provider_sd``, ``provider_min``, ``provider_max``.
        The larger a side's standard deviation, the more activity risk it carries.
    """
    check_not_negative("planned_activity", planned_activity)
    check_not_negative("unit_price", unit_price)
    check_fraction("spread", spread)
    if isinstance(points, bool) or not isinstance(points, int | np.integer) or points < 2:
        raise ValueError(f"points must be a whole number of at least 2 (got {points!r})")
    planned = float(planned_activity)
    price = float(unit_price)
    activity = planned * (1.0 + np.linspace(-spread, spread, int(points)))
    if weights is None:
        w = np.full(len(activity), 1.0 / len(activity))
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != activity.shape:
            raise ValueError(f"weights must give one weight for each of the {points} points "
                             f"(got {w.size})")
        check_not_negative("weights", w)
        if w.sum() <= 0:
            raise ValueError("weights must add up to more than zero")
        w = w / w.sum()
    payment = np.asarray(contract_payment(contract, planned, price, activity, **terms),
                         dtype=float)
    commissioner = payment - planned * price
    provider = payment - activity * price

    def mean(x):
        return weighted_mean(w, x)

    def sd(x):
        return float(np.sqrt(max(weighted_mean(w, (x - mean(x)) ** 2), 0.0)))

    return pd.Series({
        "expected_payment": mean(payment),
        "payment_sd": sd(payment),
        "commissioner_expected": mean(commissioner),
        "commissioner_sd": sd(commissioner),
        "commissioner_min": float(commissioner.min()),
        "commissioner_max": float(commissioner.max()),
        "provider_expected": mean(provider),
        "provider_sd": sd(provider),
        "provider_min": float(provider.min()),
        "provider_max": float(provider.max()),
    }, name="risk_profile")



# ---------------------------------------------------------------------------
# The NHS Payment Scheme's aligned payment and incentive, with the market forces factor
# ---------------------------------------------------------------------------

#: The box labels of the payment scheme explorer, one per argument of :func:`api_payment`.
#: Error messages name the box, so a reader knows which one to change.
API_PAYMENT_LABELS: dict[str, str] = {
    "fixed_element_gbp": "Fixed element for elective activity (£)",
    "planned_activity": "Planned elective activity (spells)",
    "actual_activity": "Actual elective activity (spells)",
    "unit_price_gbp": "Unit price (£ per spell)",
    "mff": "Market forces factor (index, 1 = average)",
    "variable_rate": "Variable rate (share of price, 0 to 1)",
}


#: Most elective spells each box of the payment scheme explorer takes: more than any one
#: trust does in a year, so a typing slip (an extra nought or three) is caught. Actual
#: activity may be twice the plan's limit, so the explorer's chart (to 150% of plan) fits.
API_MAX_SPELLS = {"planned_activity": 1_000_000, "actual_activity": 2_000_000}
#: Most unit price (£ per spell, before the MFF) the payment scheme explorer takes.
API_MAX_UNIT_PRICE_GBP = 1_000_000.0
#: Largest market forces factor the payment scheme explorer takes: an index around 1.
API_MAX_MFF = 2.0

#: Sentences refusing a payment scheme explorer box, as ``str.format`` templates: ``label``
#: is the box's label (:data:`API_PAYMENT_LABELS`), ``value`` what was typed, ``maximum`` the
#: box's limit. Also exported to the site's browser twin, which fills them the same way.
API_REFUSALS: dict[str, str] = {
    "not_single": "{label} must be a single number (got {value!r})",
    "not_number": "{label} must be a number (got {value!r})",
    "not_finite": "{label} must be a number: it is blank or not finite",
    "spells_negative": "{label} must not be negative (got {value:,g} spells)",
    "spells_too_many": "{label} must not be more than {maximum:,.0f} spells: "
                       "that is more than any trust's elective activity in a year",
    "plan_too_small": "{label} must be at least 1 spell (got {value:,g}): the explorer shows "
                      "actual activity as a share of the plan",
    "price_not_positive": "{label} must be above £0 (got £{value:,g}): every spell paid "
                          "through the scheme has a price",
    "price_too_big": "{label} must not be more than £{maximum:,.0f} in this explorer: "
                     "check the number of digits",
    "mff_not_positive": "{label} must be above 0 (got {value:g}): an area of average "
                        "unavoidable costs has 1.00, a dearer area a little more",
    "mff_too_big": "{label} must not be more than {maximum:.2f} (got {value:,g}): the "
                   "factor is an index around 1.00",
    "rate_range": "{label} must be from 0 to 1 (got {value:g}): 1 pays the full price for each "
                  "spell away from plan",
    "fixed_negative": "{label} must not be negative (got £{value:,g})",
    "fixed_over_plan": "{label} must not be more than the plan value "
                       "(£{plan_value:,.0f} = planned spells x unit price x market forces "
                       "factor): the fixed element pays for planned activity, not for more "
                       "than the plan",
}


def _api_refuse(reason: str, name: str, value, **more) -> ValueError:
    return ValueError(API_REFUSALS[reason].format(label=API_PAYMENT_LABELS[name], value=value,
                                                  **more))


class APIPayment(NamedTuple):
    """The parts of an aligned payment and incentive payment for elective activity, in pounds.

    ``fixed_gbp + variable_gbp == total_gbp`` to the penny. ``commissioner_vs_plan_gbp`` is
    what the commissioner pays above (positive) or below (negative) the plan value;
    ``provider_vs_price_gbp`` is what the provider is paid above (positive) or below
    (negative, work unpaid) the value of its actual activity at price x MFF.
    """

    plan_value_gbp: float
    value_at_price_gbp: float
    fixed_gbp: float
    variable_gbp: float
    total_gbp: float
    commissioner_vs_plan_gbp: float
    provider_vs_price_gbp: float


def _api_number(name: str, value) -> float:
    if isinstance(value, bool) or np.ndim(value) != 0:
        raise _api_refuse("not_single", name, value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _api_refuse("not_number", name, value) from None
    if not np.isfinite(number):
        raise _api_refuse("not_finite", name, number)
    return number


def _pence(pounds: float) -> int:
    """Whole pence, rounding half a penny away from zero."""
    return int(np.sign(pounds) * np.floor(abs(pounds) * 100.0 + 0.5))


def api_payment(fixed_element_gbp, planned_activity, actual_activity, unit_price_gbp, mff,
                variable_rate) -> APIPayment:
    """What an NHS trust is paid for elective activity under an API contract with an ICB.

    The elective part of an aligned payment and incentive (API) contract, one provider and
    one commissioner, for a year:

    - ``price = unit_price_gbp x mff``: the NHS Payment Scheme unit price adjusted by the
      provider's market forces factor (payment = price x MFF).
    - ``plan value = planned_activity x price``.
    - The **fixed element** pays ``fixed_element_gbp`` whatever the activity: the part of
      the plan value agreed as a fixed sum (the whole plan value under the 2022/23 rules;
      nothing from 2023/24, when all elective activity is in the variable element).
    - The **variable element** pays the rest of the plan value and ``variable_rate`` of the
      price for each spell above plan (and takes it back for each spell below plan):
      ``variable = plan value - fixed + variable_rate x price x (actual - planned)``.
    - ``total = fixed + variable = plan value + variable_rate x price x (actual - planned)``.
      With ``variable_rate = 1`` the total is the actual activity at price (as from
      2023/24); with ``0.75`` it is the 2022/23 rule.

    The total never falls as activity rises, and equals the plan value at plan. Amounts
    are rounded to whole pence, the variable element being the total less the fixed element,
    so the parts add up to the total exactly.

    Parameters
    ----------
    fixed_element_gbp : float
        Pounds; from zero up to the plan value.
    planned_activity, actual_activity : float
        Elective spells in the plan and delivered; from 0 to :data:`API_MAX_SPELLS`
        (1,000,000 planned, 2,000,000 actual).
    unit_price_gbp : float
        Pounds per spell before the market forces factor; above zero, at most
        :data:`API_MAX_UNIT_PRICE_GBP`.
    mff : float
        The provider's market forces factor, an index around 1; above zero, at most
        :data:`API_MAX_MFF`.
    variable_rate : float
        Share of the price paid (or taken back) per spell away from plan, 0 to 1.

    Returns
    -------
    APIPayment
        Plan value, value of the actual activity at price, fixed, variable and total
        payment, and who carries the difference, all in pounds.

    Raises
    ------
    ValueError
        With a sentence that names the explorer box (:data:`API_PAYMENT_LABELS`) to change.

    Source
    ------
    NHS England, *2025/26 NHS Payment Scheme* and *NHS provider payment mechanisms* (2025):
    API fixed and variable elements; elective activity paid at 100% of unit prices; payment
    = price x MFF (*A guide to the market forces factor*). HFMA (5 Jan 2023; 16 Jun 2023):
    in 2022/23 agreed elective activity sat in the fixed payment with a variable payment at
    75% of unit prices; from 2023/24 the variable element covers all elective activity.
    The single-contract arithmetic here is this workbook's teaching version.

    Examples
    --------
    >>> api_payment(0, 1000, 1100, 2000, 1.0, 1.0).total_gbp
    2200000.0
    >>> api_payment(2_000_000, 1000, 1100, 2000, 1.0, 0.75).variable_gbp
    150000.0
    """
    fixed = _api_number("fixed_element_gbp", fixed_element_gbp)
    planned = _api_number("planned_activity", planned_activity)
    actual = _api_number("actual_activity", actual_activity)
    unit_price = _api_number("unit_price_gbp", unit_price_gbp)
    index = _api_number("mff", mff)
    rate = _api_number("variable_rate", variable_rate)
    for name, value in (("planned_activity", planned), ("actual_activity", actual)):
        if value < 0:
            raise _api_refuse("spells_negative", name, value)
        if value > API_MAX_SPELLS[name]:
            raise _api_refuse("spells_too_many", name, value, maximum=API_MAX_SPELLS[name])
    if unit_price <= 0:
        raise _api_refuse("price_not_positive", "unit_price_gbp", unit_price)
    if unit_price > API_MAX_UNIT_PRICE_GBP:
        raise _api_refuse("price_too_big", "unit_price_gbp", unit_price,
                          maximum=API_MAX_UNIT_PRICE_GBP)
    if index <= 0:
        raise _api_refuse("mff_not_positive", "mff", index)
    if index > API_MAX_MFF:
        raise _api_refuse("mff_too_big", "mff", index, maximum=API_MAX_MFF)
    if not 0.0 <= rate <= 1.0:
        raise _api_refuse("rate_range", "variable_rate", rate)
    if fixed < 0:
        raise _api_refuse("fixed_negative", "fixed_element_gbp", fixed)
    price = unit_price * index
    plan_value = planned * price
    if _pence(fixed) > _pence(plan_value):
        raise _api_refuse("fixed_over_plan", "fixed_element_gbp", fixed, plan_value=plan_value)
    total_pence = _pence(plan_value + rate * price * (actual - planned))
    fixed_pence = _pence(fixed)
    plan_pence = _pence(plan_value)
    at_price_pence = _pence(actual * price)
    return APIPayment(
        plan_value_gbp=plan_pence / 100.0,
        value_at_price_gbp=at_price_pence / 100.0,
        fixed_gbp=fixed_pence / 100.0,
        variable_gbp=(total_pence - fixed_pence) / 100.0,
        total_gbp=total_pence / 100.0,
        commissioner_vs_plan_gbp=(total_pence - plan_pence) / 100.0,
        provider_vs_price_gbp=(total_pence - at_price_pence) / 100.0,
    )


def api_share_of_plan(planned_activity, actual_activity) -> float:
    """Actual elective activity as a percentage of the plan (110.0 = 10% above plan).

    ``100 x actual / planned``. The payment scheme explorer draws payment against this
    share, so it needs a plan of at least one spell: with no plan (or a fraction of a spell)
    the share is undefined or absurdly large.

    Parameters
    ----------
    planned_activity, actual_activity : float
        Elective spells, already checked by :func:`api_payment`.

    Returns
    -------
    float
        Per cent of plan.

    Raises
    ------
    ValueError
        If the plan is under one spell, naming the box (:data:`API_PAYMENT_LABELS`).
    """
    planned = _api_number("planned_activity", planned_activity)
    actual = _api_number("actual_activity", actual_activity)
    if planned < 1:
        raise _api_refuse("plan_too_small", "planned_activity", planned)
    return 100.0 * actual / planned


# ---------------------------------------------------------------------------
# The contract terms explorer's boxes
# ---------------------------------------------------------------------------

#: Sentences refusing a typed box of the contract terms explorer (``str.format`` templates:
#: ``label`` is the box's label, ``value`` what was typed, ``maximum`` the box's limit).
#: Exported to the site's browser twin, which fills them the same way.
BOX_REFUSALS: dict[str, str] = {
    "not_finite": "{label} must be a number: it is blank or not finite",
    "negative": "{label} must not be negative (got {value:,g})",
    "too_big": "{label} must not be more than {maximum:,.0f} in this explorer: check the "
               "number of digits",
    "fraction": "{label} must be from 0 to 1 (a fraction: 0.3 means 30%); got {value:g}",
}


def explorer_number(label: str, value, *, maximum: float | None = None,
                    negative_ok: bool = False) -> float:
    """A number typed into an explorer box, checked before any payment rule uses it.

    Catches what the payment rules cannot explain in the reader's terms: a blank or odd
    entry (NaN), infinity, a negative amount, or a value so large it can only be a typing
    slip (the rules would print absurd sums or overflow). Ranges with a meaning (a
    fraction from 0 to 1, a collar above the cap) are left to the rules themselves.

    Parameters
    ----------
    label : str
        The box's label, as the reader sees it.
    value : float
        What the box holds.
    maximum : float, optional
        The most the box takes.
    negative_ok : bool
        Leave negative values to the payment rule (for fractions, whose rule explains the
        range 0 to 1).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        With a sentence from :data:`BOX_REFUSALS` naming the box.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not np.isfinite(number):
        raise ValueError(BOX_REFUSALS["not_finite"].format(label=label, value=value))
    if number < 0 and not negative_ok:
        raise ValueError(BOX_REFUSALS["negative"].format(label=label, value=number))
    if maximum is not None and number > maximum:
        raise ValueError(BOX_REFUSALS["too_big"].format(label=label, value=number,
                                                        maximum=maximum))
    return number
