"""How general practice is paid: the global sum, QOF and a practice's income by stream.

Units: money in pounds; patients as counts (registered, or Carr-Hill weighted); QOF points as
counts; prevalence as fractions or any consistent unit (only ratios are used).

Sources
-------
- GMS contract (2004 onwards): the global sum is paid per Carr-Hill weighted patient; a
  practice that opts out of out-of-hours care has a deduction per weighted patient. Values by
  year (table ``gp_contract_values``, compiled from facts.md): BMA, Avon LMC, Lentells/AISMA
  tables, Pulse, DHSC answers to parliamentary questions; £93.46 in 2020/21 (also seed 000)
  less £4.45 for out-of-hours opt-out.
- Out-of-hours opt-out deduction: a fixed 4.75% of the global sum (facts.md; Management in
  Practice, August 2024: £5.34 for 2024/25; Practice Index, August 2025: £5.86 for 2025/26),
  so it is known for every year with a global sum.
- Quality and Outcomes Framework (QOF): payment for an indicator = points x value per point x
  (practice list / national average list) x (practice prevalence / national prevalence)
  (NHS England QOF guidance, as summarised in facts.md).
- NHS Digital, *NHS Payments to General Practice, England* (table ``gp_payments_practices``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commlib import data
from commlib._validate import (
    align,
    check_columns,
    check_not_negative,
    check_positive,
    fmt_value,
)

__all__ = [
    "CONTRACT_VALUES_TABLE",
    "INCOME_STREAMS",
    "OOHS_DEDUCTION_RATE",
    "OUTSIDE_TOTAL_STREAMS",
    "TOTAL_PAYMENT_STREAMS",
    "contract_values",
    "contract_years",
    "find_practice",
    "normalise_practice_query",
    "payment_years",
    "gp_contract_changes",
    "global_sum_payment",
    "oohs_deduction",
    "oohs_deduction_for_year",
    "oohs_deduction_table",
    "PAYMENT_STREAM_COLUMNS",
    "PRACTICE_INPUTS",
    "PRACTICE_REFUSALS",
    "check_practice_input",
    "payment_streams",
    "payment_summary",
    "practice_income",
    "qof_breakdown",
    "qof_payment",
    "weighted_patients",
]

#: What to pass when a payments table lacks a column.
PAYMENTS_HINT = ("pass rows of the table gp_payments_practices "
                 "(commlib.data.load('gp_payments_practices'))")

#: The hand-compiled table of GP contract values by year.
CONTRACT_VALUES_TABLE = "gp_contract_values"

#: The hand-compiled table of national GP funding totals.
FUNDING_TOTALS_TABLE = "gp_funding_totals"

#: Out-of-hours opt-out deduction as a fraction of the global sum (4.75%).
OOHS_DEDUCTION_RATE = 0.0475

#: Income streams in :func:`practice_income`, with plain labels.
INCOME_STREAMS = {
    "global_sum": "Global sum",
    "qof": "Quality and Outcomes Framework (QOF)",
    "enhanced_services": "Enhanced services",
    "other": "Other income",
}


def _number(value):
    if isinstance(value, pd.Series):
        return value.astype(float)
    if np.ndim(value) == 0:
        return float(value)
    return np.asarray(value, dtype=float)


def weighted_patients(registered_patients, carr_hill_weighting):
    """Carr-Hill weighted patients: registered patients x the practice's weighting.

    Parameters
    ----------
    registered_patients : float or pandas.Series
        Registered list size (people).
    carr_hill_weighting : float or pandas.Series
        Weighted patients per registered patient (1.1 = the formula counts the list as 10%
        more needy than average).

    Returns
    -------
    float or pandas.Series
        Weighted patients.
    """
    check_not_negative("registered_patients", registered_patients)
    check_not_negative("carr_hill_weighting", carr_hill_weighting)
    registered_patients, carr_hill_weighting = align(
        registered_patients=_number(registered_patients),
        carr_hill_weighting=_number(carr_hill_weighting))
    result = registered_patients * carr_hill_weighting
    return result.rename("weighted_patients") if isinstance(result, pd.Series) else result


def global_sum_payment(weighted_patients, price_per_weighted_patient,
                       oohs_deduction_per_weighted_patient=0.0):
    """Global sum: pounds per Carr-Hill weighted patient, less any out-of-hours deduction.

    ``payment = weighted_patients x (price_per_weighted_patient
    - oohs_deduction_per_weighted_patient)``.

    Parameters
    ----------
    weighted_patients : float or pandas.Series
        Carr-Hill weighted patients (one number per practice for a Series).
    price_per_weighted_patient : float
        Global sum, £ per weighted patient (e.g. £93.46 in 2020/21).
    oohs_deduction_per_weighted_patient : float
        Deduction for a practice that has opted out of out-of-hours care, £ per weighted
        patient (£4.45 in 2020/21, £4.59 in 2021/22); 0 if it has not opted out.

    Returns
    -------
    float or pandas.Series
        Annual global sum payment, pounds.

    Source
    ------
    GMS contract global sum; values from the BMA and others (facts.md); seed 000 (£93.46 in
    2020/21).

    Examples
    --------
    >>> round(global_sum_payment(10_000, 93.46, 4.45), 2)
    890100.0
    """
    check_not_negative("weighted_patients", weighted_patients)
    check_not_negative("price_per_weighted_patient", price_per_weighted_patient)
    check_not_negative("oohs_deduction_per_weighted_patient", oohs_deduction_per_weighted_patient)
    if np.any(np.asarray(oohs_deduction_per_weighted_patient)
              > np.asarray(price_per_weighted_patient)):
        deduction = fmt_value(oohs_deduction_per_weighted_patient)
        raise ValueError(
            f"oohs_deduction_per_weighted_patient (£{deduction}) must not be more than "
            f"price_per_weighted_patient (£{fmt_value(price_per_weighted_patient)})"
        )
    weighted_patients, price, deduction = align(
        weighted_patients=_number(weighted_patients),
        price_per_weighted_patient=_number(price_per_weighted_patient),
        oohs_deduction_per_weighted_patient=_number(oohs_deduction_per_weighted_patient),
    )
    result = weighted_patients * (price - deduction)
    return result.rename("global_sum") if isinstance(result, pd.Series) else result


def qof_payment(points, value_per_point, list_size, national_average_list_size,
                prevalence=None, national_prevalence=None):
    """QOF payment: points x value per point, adjusted for list size and prevalence.

    ``payment = points x value_per_point x (list_size / national_average_list_size)
    x (prevalence / national_prevalence)``; without prevalence figures the last factor is 1
    (as for indicators that are not disease registers).

    Parameters
    ----------
    points : float or pandas.Series
        QOF points achieved (counts).
    value_per_point : float
        £ per point for an average practice (£194.83 in 2020/21).
    list_size : float or pandas.Series
        Practice's registered list size (people).
    national_average_list_size : float
        National average list size for the year (people).
    prevalence, national_prevalence : float or pandas.Series, optional
        The practice's and the national prevalence of the condition (same units, e.g.
        fractions); give both or neither.

    Returns
    -------
    float or pandas.Series
        QOF payment, pounds.

    Source
    ------
    NHS England QOF guidance (as summarised in facts.md): payment for an indicator = points x
    value per point x (practice list / national average list) x (practice prevalence /
    national prevalence).
    """
    check_not_negative("points", points)
    check_not_negative("value_per_point", value_per_point)
    check_not_negative("list_size", list_size)
    check_positive("national_average_list_size", national_average_list_size)
    if (prevalence is None) != (national_prevalence is None):
        missing = "national_prevalence" if national_prevalence is None else "prevalence"
        raise ValueError(f"{missing} is needed too: give both prevalence and "
                         "national_prevalence, or neither")
    prevalence_ratio = 1.0
    if prevalence is not None:
        check_not_negative("prevalence", prevalence)
        check_positive("national_prevalence", national_prevalence)
        prevalence, national_prevalence = align(prevalence=_number(prevalence),
                                                national_prevalence=_number(national_prevalence))
        prevalence_ratio = prevalence / national_prevalence
    points, list_size, prevalence_ratio = align(points=_number(points),
                                                list_size=_number(list_size),
                                                prevalence=prevalence_ratio)
    result = (points * float(value_per_point) * (list_size / float(national_average_list_size))
              * prevalence_ratio)
    return result.rename("qof") if isinstance(result, pd.Series) else result


def qof_breakdown(points, value_per_point, list_size, national_average_list_size,
                  prevalence_ratio=1.0) -> pd.Series:
    """One practice's QOF payment for an indicator, step by step (for worked examples).

    Parameters
    ----------
    points : float
        QOF points achieved.
    value_per_point : float
        £ per point for an average practice.
    list_size, national_average_list_size : float
        The practice's list and the national average list (people).
    prevalence_ratio : float
        Practice prevalence over national prevalence (1 = average).

    Returns
    -------
    pandas.Series
        ``unadjusted`` (points x value per point, £), ``list_factor`` (list / national
        average list), ``prevalence_factor`` and ``payment`` (£, as :func:`qof_payment`).
    """
    check_not_negative("prevalence_ratio", prevalence_ratio)
    payment = qof_payment(points, value_per_point, list_size, national_average_list_size,
                          prevalence=prevalence_ratio, national_prevalence=1.0)
    return pd.Series({
        "unadjusted": float(points) * float(value_per_point),
        "list_factor": float(list_size) / float(national_average_list_size),
        "prevalence_factor": float(prevalence_ratio),
        "payment": float(payment),
    }, name="qof")


def _contract_table() -> pd.DataFrame:
    return data.load(CONTRACT_VALUES_TABLE).set_index("year")


def contract_years() -> list[str]:
    """Financial years in the GP contract values table, oldest first."""
    return list(_contract_table().index)


def contract_values(year: str) -> pd.Series:
    """GP contract values for a financial year, from ``data/gp_contract_values.csv``.

    Parameters
    ----------
    year : str
        Financial year, "2014/15" to "2026/27".

    Returns
    -------
    pandas.Series
        ``global_sum_per_weighted_patient`` (April value, £),
        ``global_sum_per_weighted_patient_revised`` (after an in-year change such as October,
        £; NaN if none), ``revision_note``, ``oohs_deduction_per_weighted_patient`` (£),
        ``qof_value_per_point`` (£), ``national_average_list_size`` (people), ``source``,
        ``verified`` (False where facts.md marks a figure [U] or [D]) and ``note``. Figures
        the sources do not give are NaN.

    Source
    ------
    Compiled by hand from facts.md: BMA, Avon LMC, Lentells/AISMA, Pulse, DHSC answers to
    parliamentary questions (global sum); QOF values as compiled there.
    """
    table = _contract_table()
    if year not in table.index:
        raise ValueError(
            f"no GP contract values for {year}: choose one of {', '.join(table.index)}"
        )
    row = table.loc[year].copy()
    row.name = year
    return row


def gp_contract_changes() -> pd.DataFrame:
    """Each year's GP contract total beside the increase announced for it, and the base it implies.

    NHS England announces each year's increase against the previous year's total *after* that
    year's in-year pay uplift, which is not always the total it published earlier. So the
    base an increase was measured from is derived here as ``total - increase``, and set beside
    the previous year's published total.

    Returns
    -------
    pandas.DataFrame
        One row per year with both a ``gp_contract`` total and a ``gp_contract_increase``
        (index ``year``): ``total``, ``increase``, ``implied_base`` (total less increase),
        ``previous_published`` (the previous year's ``gp_contract`` total; NaN if none) and
        ``base_gap`` (implied base less previous published total), all pounds; and
        ``increase_fraction`` (increase / implied base, a fraction).

    Source
    ------
    Table ``gp_funding_totals``: NHS England, *Update to the GP contract agreements 2025/26:
    financial implications* (£12,287m in 2024/25 to £13,176m, +£889m); NHS England letter of
    24 February 2026 (+£485m, 3.6%, to £13,863m).

    Examples
    --------
    >>> changes = gp_contract_changes()
    >>> round(changes.at["2026/27", "implied_base"] / 1e6)
    13378
    """
    table = data.load(FUNDING_TOTALS_TABLE)
    totals = table[table["item"] == "gp_contract"].set_index("year")["value_gbp"]
    increases = table[table["item"] == "gp_contract_increase"].set_index("year")["value_gbp"]
    years = [y for y in totals.index if y in increases.index]
    if not years:
        raise ValueError("data/gp_funding_totals.csv has no year with both a gp_contract "
                         "total and a gp_contract_increase")
    earlier = {y: [t for t in totals.index if t < y] for y in years}
    result = pd.DataFrame({
        "total": totals[years].astype(float),
        "increase": increases[years].astype(float),
    })
    result["implied_base"] = result["total"] - result["increase"]
    result["increase_fraction"] = result["increase"] / result["implied_base"]
    result["previous_published"] = [float(totals[max(earlier[y])]) if earlier[y] else np.nan
                                    for y in years]
    result["base_gap"] = result["implied_base"] - result["previous_published"]
    result.index.name = "year"
    return result


def _figure(values: pd.Series, column: str, year: str, why: str) -> float:
    value = values[column]
    if pd.isna(value):
        label = column.replace("_", " ")
        raise ValueError(f"there is no {label} for {year} in data/gp_contract_values.csv, "
                         f"so {why} cannot be worked out for that year")
    return float(value)


def oohs_deduction(global_sum_per_weighted_patient):
    """Out-of-hours opt-out deduction: 4.75% of the global sum, rounded to the penny.

    A GMS practice that has opted out of providing out-of-hours care has
    :data:`OOHS_DEDUCTION_RATE` (4.75%) of the global sum deducted for each weighted patient.

    Parameters
    ----------
    global_sum_per_weighted_patient : float or pandas.Series
        Global sum, £ per Carr-Hill weighted patient (e.g. £112.50 in 2024/25 after the
        in-year uplift).

    Returns
    -------
    float or pandas.Series
        Deduction, £ per weighted patient, rounded to the penny (£5.34 for £112.50).

    Source
    ------
    GMS contract: the deduction is a fixed 4.75% of the global sum (facts.md); published
    figures £5.34 for 2024/25 (Management in Practice, August 2024) and £5.86 for 2025/26
    (Practice Index, August 2025).

    Examples
    --------
    >>> oohs_deduction(112.50)
    5.34
    """
    check_not_negative("global_sum_per_weighted_patient", global_sum_per_weighted_patient)
    value = _number(global_sum_per_weighted_patient)
    if isinstance(value, pd.Series):
        return (value * OOHS_DEDUCTION_RATE).round(2).rename("oohs_deduction")
    if np.ndim(value) == 0:
        return round(float(value) * OOHS_DEDUCTION_RATE + 1e-9, 2)
    return np.round(value * OOHS_DEDUCTION_RATE + 1e-9, 2)


def oohs_deduction_for_year(year: str, use_revised: bool = False) -> float:
    """The out-of-hours deduction (£ per weighted patient) for a year of the contract table.

    The published figure where the table holds one for that global sum (April, or after the
    in-year change when ``use_revised`` and there was one); otherwise :func:`oohs_deduction`
    of that global sum. The two agree to within a penny where both exist.

    Raises
    ------
    ValueError
        If the year has no global sum to take 4.75% of.
    """
    values = contract_values(year)
    revised = use_revised and not pd.isna(values["global_sum_per_weighted_patient_revised"])
    suffix = "_revised" if revised else ""
    published = values[f"oohs_deduction_per_weighted_patient{suffix}"]
    if not pd.isna(published):
        return float(published)
    price = _figure(values, f"global_sum_per_weighted_patient{suffix}", year,
                    "the out-of-hours opt-out deduction (4.75% of the global sum)")
    return oohs_deduction(price)


def oohs_deduction_table() -> pd.DataFrame:
    """The out-of-hours deduction for every year of the contract table, by rule and as published.

    Returns
    -------
    pandas.DataFrame
        One row per year with a global sum (index ``year``): ``global_sum`` (April, £ per
        weighted patient), ``deduction`` (4.75% of it, £), ``published`` (the published
        deduction, £; NaN if none is held), the same three for the global sum after an
        in-year change (``global_sum_revised``, ``deduction_revised``,
        ``published_revised``; NaN when there was no change), all £ per weighted patient, and
        ``rate_checked`` (bool): True from the first year with a published deduction, against
        which the 4.75% rate is checked. Earlier years apply the same rate unchecked: the
        deduction was 6% of the global sum when practices could first opt out (2004), and
        when it became 4.75% is not in our sources.
    """
    table = _contract_table()
    table = table[table["global_sum_per_weighted_patient"].notna()]
    revised = table["global_sum_per_weighted_patient_revised"]
    result = pd.DataFrame({
        "global_sum": table["global_sum_per_weighted_patient"],
        "deduction": oohs_deduction(table["global_sum_per_weighted_patient"]),
        "published": table["oohs_deduction_per_weighted_patient"],
        "global_sum_revised": revised,
        "deduction_revised": oohs_deduction(revised.fillna(0.0)).where(revised.notna()),
        "published_revised": table["oohs_deduction_per_weighted_patient_revised"],
    })
    published = result["published"].notna() | result["published_revised"].notna()
    first_checked = result.index[published.to_numpy()].min()
    result["rate_checked"] = [year >= first_checked for year in result.index]
    result.index.name = "year"
    return result


#: What each input of :func:`practice_income` is, in words, and the most it may be. The limits
#: are far above any real practice (the largest lists in England are near 100,000 people;
#: QOF's maximum is 635 points in recent years), so they only stop a slip of the keyboard
#: from giving a practice trillions of pounds.
PRACTICE_INPUTS = {
    "registered_patients": ("registered patients", 1_000_000, "1,000,000 people"),
    "carr_hill_weighting": ("the Carr-Hill weighting", 10, "10 weighted patients per patient"),
    "qof_points": ("QOF points achieved", 1_000, "1,000 points"),
    "qof_prevalence_ratio": ("prevalence against national", 10, "10 times the national rate"),
    "enhanced_services": ("enhanced services income", 100_000_000, "£100m a year"),
    "other": ("other income", 100_000_000, "£100m a year"),
}

#: The sentences :func:`check_practice_input` refuses an input with (``{what}`` and ``{most}``
#: from :data:`PRACTICE_INPUTS`), in the order the checks run.
PRACTICE_REFUSALS = {
    "blank": "{subject} must be a number: the box is empty or does not hold a number",
    "negative": "{subject} must not be negative: type 0 or more",
    "huge": "{subject} must be no more than {most}: no practice comes near that",
}


def check_practice_input(name: str, value, *, label: str | None = None) -> None:
    """Refuse an input of :func:`practice_income` that is blank, negative or absurdly large.

    ``label`` is the box's label as a reader sees it (an explorer passes it, so that the
    sentence names the box, not the argument); without it the sentence names the argument
    and says what it is, for a Python caller.

    Raises
    ------
    ValueError
        With one of :data:`PRACTICE_REFUSALS`, naming the input and saying what it is.
    """
    what, most, most_text = PRACTICE_INPUTS[name]
    subject = label if label is not None else f"{name} ({what})"
    words = {"subject": subject, "most": most_text}
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{label or name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(PRACTICE_REFUSALS["blank"].format(**words)) from None
    if np.isnan(number):
        raise ValueError(PRACTICE_REFUSALS["blank"].format(**words))
    if number < 0:
        raise ValueError(PRACTICE_REFUSALS["negative"].format(**words))
    if number > most:
        raise ValueError(PRACTICE_REFUSALS["huge"].format(**words))


def practice_income(year, *, registered_patients, carr_hill_weighting, qof_points,
                    qof_prevalence_ratio=1.0, enhanced_services=0.0, other=0.0,
                    oohs_opt_out=False, use_revised=False) -> pd.Series:
    """A GMS practice's annual income by stream, from the year's contract values.

    - Global sum = registered patients x Carr-Hill weighting x (global sum per weighted
      patient, less the out-of-hours deduction if the practice has opted out).
    - QOF = points x value per point x (registered patients / national average list size)
      x prevalence ratio.
    - Enhanced services and other income are given in pounds.

    Parameters
    ----------
    year : str
        Financial year (see :func:`contract_years`).
    registered_patients : float
        Registered list size (people).
    carr_hill_weighting : float
        Weighted patients per registered patient (e.g. 1.05 when the Carr-Hill formula counts
        the list as 5% more needy than average).
    qof_points : float
        QOF points achieved (the maximum is 635 in recent years).
    qof_prevalence_ratio : float
        Practice prevalence over national prevalence, applied to all points (1 = average).
    enhanced_services, other : float
        Income from enhanced services and other sources, pounds.
    oohs_opt_out : bool
        Whether the practice has opted out of out-of-hours care: 4.75% of the global sum in
        use is deducted per weighted patient (the published figure where one is held, see
        :func:`oohs_deduction_for_year`).
    use_revised : bool
        Use the global sum after the year's in-year change (e.g. from October) instead of the
        April value, where there is one.

    Returns
    -------
    pandas.Series
        ``global_sum``, ``qof``, ``enhanced_services``, ``other`` and ``total``, pounds.

    Source
    ------
    GMS contract global sum and QOF (facts.md; table ``gp_contract_values``).
    """
    for name, value in (("registered_patients", registered_patients),
                        ("carr_hill_weighting", carr_hill_weighting),
                        ("qof_points", qof_points),
                        ("qof_prevalence_ratio", qof_prevalence_ratio),
                        ("enhanced_services", enhanced_services), ("other", other)):
        check_practice_input(name, value)
    values = contract_values(year)
    price = _figure(values, "global_sum_per_weighted_patient", year, "the global sum")
    if use_revised and not pd.isna(values["global_sum_per_weighted_patient_revised"]):
        price = float(values["global_sum_per_weighted_patient_revised"])
    deduction = 0.0
    if oohs_opt_out:
        deduction = oohs_deduction_for_year(year, use_revised=use_revised)
    weighted = weighted_patients(float(registered_patients), float(carr_hill_weighting))
    global_sum = global_sum_payment(weighted, price, deduction)
    qof = 0.0
    if qof_points > 0:
        qof = qof_payment(
            qof_points,
            _figure(values, "qof_value_per_point", year, "QOF income"),
            registered_patients,
            _figure(values, "national_average_list_size", year, "QOF income"),
        ) * float(qof_prevalence_ratio)
    streams = {
        "global_sum": float(global_sum),
        "qof": float(qof),
        "enhanced_services": float(enhanced_services),
        "other": float(other),
    }
    streams["total"] = sum(streams.values())
    return pd.Series(streams, name=year)


def payment_summary(gp_payments_df: pd.DataFrame, by=("year", "contract_type")) -> pd.DataFrame:
    """Summarise NHS payments to practices per weighted patient, and the mix of streams.

    Practices with no registered or weighted patients (mostly closed during the year) are
    left out.

    Parameters
    ----------
    gp_payments_df : pandas.DataFrame
        Table ``gp_payments_practices`` (or a subset): columns ``registered_patients``,
        ``weighted_patients``, ``global_sum``, ``qof``, ``enhanced_services``,
        ``total_payments`` and the ``by`` columns.
    by : str or sequence of str
        Columns to group by, e.g. ``("year", "contract_type")`` or ``("year", "rurality")``.

    Returns
    -------
    pandas.DataFrame
        One row per group (indexed by ``by``): ``practices`` (count),
        ``median_per_weighted_patient``, ``lower_quartile_per_weighted_patient``,
        ``upper_quartile_per_weighted_patient`` (total payments, £ per weighted patient),
        ``median_global_sum_per_weighted_patient`` (the global sum alone, £ per weighted
        patient; near zero for PMS practices, paid a PMS baseline instead), and
        ``global_sum_share``, ``qof_share``, ``enhanced_services_share``: each stream's share
        of the group's total payments (fractions). PMS practices are paid a PMS baseline
        rather than the global sum, so their global sum share is small.

    Source
    ------
    NHS Digital, *NHS Payments to General Practice, England*.
    """
    by = [by] if isinstance(by, str) else list(by)
    needed = ["registered_patients", "weighted_patients", "global_sum", "qof",
              "enhanced_services", "total_payments", *by]
    check_columns("gp_payments_df", gp_payments_df, needed, PAYMENTS_HINT)
    frame = gp_payments_df.loc[
        (gp_payments_df["registered_patients"] > 0) & (gp_payments_df["weighted_patients"] > 0),
        needed,
    ]
    frame = frame.assign(per_weighted=frame["total_payments"] / frame["weighted_patients"],
                         global_sum_per_weighted=frame["global_sum"] / frame["weighted_patients"])
    grouped = frame.groupby(by, observed=True, sort=True)
    per_weighted = grouped["per_weighted"]
    sums = grouped[["global_sum", "qof", "enhanced_services", "total_payments"]].sum()
    result = pd.DataFrame({
        "practices": grouped.size(),
        "median_per_weighted_patient": per_weighted.median(),
        "lower_quartile_per_weighted_patient": per_weighted.quantile(0.25),
        "upper_quartile_per_weighted_patient": per_weighted.quantile(0.75),
        "median_global_sum_per_weighted_patient": grouped["global_sum_per_weighted"].median(),
        "global_sum_share": sums["global_sum"] / sums["total_payments"],
        "qof_share": sums["qof"] / sums["total_payments"],
        "enhanced_services_share": sums["enhanced_services"] / sums["total_payments"],
    })
    result["practices"] = result["practices"].astype("int64")
    return result


#: Payment streams of table ``gp_payments_practices`` summed by :func:`payment_streams`.
PAYMENT_STREAM_COLUMNS = (
    "global_sum", "pms_balance", "mpig_correction", "qof", "enhanced_services",
    "local_incentive_schemes", "premises", "prescribing_and_dispensing", "pcn_payments",
    "covid_payments", "other_payments", "total_payments",
)


def payment_streams(gp_payments_df: pd.DataFrame) -> pd.Series:
    """What a group of practices was paid, stream by stream, in pounds.

    Parameters
    ----------
    gp_payments_df : pandas.DataFrame
        Rows of table ``gp_payments_practices`` (e.g. one CCG's practices in one year).

    Returns
    -------
    pandas.Series
        The sum of each column in :data:`PAYMENT_STREAM_COLUMNS` the table has, plus
        ``net_of_prescribing`` (total payments less prescribing and dispensing: what the
        practices were paid for running general practice), and ``practices`` (rows) and
        ``registered_patients``.

    Source
    ------
    NHS Digital, *NHS Payments to General Practice, England*.
    """
    needed = ["total_payments", "prescribing_and_dispensing", "registered_patients"]
    check_columns("gp_payments_df", gp_payments_df, needed, PAYMENTS_HINT)
    if gp_payments_df.empty:
        raise ValueError("there are no practices to add up: check the area code and year")
    columns = [c for c in PAYMENT_STREAM_COLUMNS if c in gp_payments_df.columns]
    sums = gp_payments_df[columns].astype(float).sum()
    sums["net_of_prescribing"] = sums["total_payments"] - sums["prescribing_and_dispensing"]
    sums["practices"] = float(len(gp_payments_df))
    sums["registered_patients"] = float(gp_payments_df["registered_patients"].sum())
    return sums.rename("payments")


# --------------------------------------------------------------------------------------------
# One real practice's payments (NHS Payments to General Practice)
# --------------------------------------------------------------------------------------------

#: The nine streams that add up to a practice's ``total_payments``, with a reader's words.
TOTAL_PAYMENT_STREAMS: dict[str, str] = {
    "global_sum": "Global sum",
    "mpig_correction": "MPIG correction",
    "pms_balance": "PMS balance",
    "qof": "QOF",
    "enhanced_services": "Enhanced services",
    "local_incentive_schemes": "Local incentive schemes",
    "premises": "Premises",
    "prescribing_and_dispensing": "Prescribing and dispensing",
    "other_payments": "Other payments",
}
#: Paid through the practice but not part of ``total_payments`` in the publication.
OUTSIDE_TOTAL_STREAMS: dict[str, str] = {
    "pcn_payments": "PCN payments through the practice",
    "covid_payments": "COVID-19 payments",
}

#: Sentences of :func:`find_practice` (the site's twin shows the same, filled in).
PRACTICE_QUERY_BLANK = ("Type a GP practice's code (such as {example}) or a part of its name, "
                        "for example {example_name}.")
PRACTICE_QUERY_NONE = ("No GP practice in the {year} payments data has that code or a name "
                       "containing what you typed: check the spelling, or type a shorter part "
                       "of the name.")
PRACTICE_QUERY_MANY = ("{count} GP practices in {year} have a name containing what you typed: "
                       "type more of the name, or one of their codes: {examples}{more}.")
#: How many matching practices :data:`PRACTICE_QUERY_MANY` names.
PRACTICE_QUERY_SHOWN = 3


def payment_years() -> list[str]:
    """Financial years of table ``gp_payments_practices`` (oldest first)."""
    return sorted(data.load("gp_payments_practices")["year"].unique().tolist())


def normalise_practice_query(text) -> str:
    """What a reader typed, as it is matched: spaces collapsed, in capitals."""
    return " ".join(str(text).split()).upper()


def find_practice(year: str, query, table: pd.DataFrame | None = None) -> pd.Series:
    """One practice's row of ``gp_payments_practices`` in ``year``, by code or part of its name.

    The rule: spaces are collapsed and case ignored; a practice whose code is the text is
    chosen; otherwise the practices whose name contains the text, and if there are several,
    the one whose whole name is the text. Anything else is refused with a sentence saying
    what to type (:data:`PRACTICE_QUERY_BLANK`, :data:`PRACTICE_QUERY_NONE`,
    :data:`PRACTICE_QUERY_MANY`, which names the first matches by code).

    Parameters
    ----------
    year : str
        Financial year of the payments, one of :func:`payment_years`.
    query : str
        A practice code such as ``B81011`` or a part of a practice's name.
    table : pandas.DataFrame, optional
        Rows of ``gp_payments_practices`` (default: the whole table).

    Source
    ------
    NHS Digital, *NHS Payments to General Practice, England*.
    """
    table = data.load("gp_payments_practices") if table is None else table
    check_columns("table", table, ["year", "practice_code", "practice_name"], PAYMENTS_HINT)
    rows = table[table["year"] == year]
    if rows.empty:
        years = ", ".join(sorted(table["year"].unique()))
        raise ValueError(f"There are no payments data for {year}: choose one of {years}.")
    rows = rows.sort_values("practice_code", kind="stable")
    text = normalise_practice_query(query)
    if not text:
        first = rows.iloc[0]
        raise ValueError(PRACTICE_QUERY_BLANK.format(example=first["practice_code"],
                                                     example_name=first["practice_name"]))
    codes = rows["practice_code"].str.upper().to_numpy()
    by_code = rows[codes == text]
    if len(by_code) == 1:
        return by_code.iloc[0]
    names = rows["practice_name"].map(normalise_practice_query)
    matches = rows[names.str.contains(text, regex=False).to_numpy()]
    if len(matches) == 1:
        return matches.iloc[0]
    if len(matches) == 0:
        raise ValueError(PRACTICE_QUERY_NONE.format(year=year))
    exact = matches[names[matches.index] == text]
    if len(exact) == 1:
        return exact.iloc[0]
    shown = matches.iloc[:PRACTICE_QUERY_SHOWN]
    examples = "; ".join(f"{code} {name}" for code, name in
                         zip(shown["practice_code"], shown["practice_name"], strict=True))
    more = f" and {len(matches) - len(shown):,} more" if len(matches) > len(shown) else ""
    raise ValueError(PRACTICE_QUERY_MANY.format(count=f"{len(matches):,}", year=year,
                                                examples=examples, more=more))
