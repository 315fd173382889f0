"""Tests for commlib.primary_care: global sum, QOF, contract values, practice income."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import data
from commlib import primary_care as pc

# ---------------------------------------------------------------------------
# Global sum. Source: GMS contract; facts.md and seed 000 (£93.46 per weighted patient in
# 2020/21; out-of-hours opt-out deduction £4.45).
# ---------------------------------------------------------------------------


def test_global_sum_2020_21_is_93_46_per_weighted_patient_less_4_45_for_oohs_opt_out():
    assert pc.global_sum_payment(10_000, 93.46) == pytest.approx(934_600)
    assert pc.global_sum_payment(10_000, 93.46, 4.45) == pytest.approx(890_100)


def test_global_sum_by_practice_keeps_the_practice_index():
    weighted = pd.Series({"A81001": 1_000.0, "A81002": 2_000.0})
    result = pc.global_sum_payment(weighted, 100.0)
    assert result.to_dict() == {"A81001": 100_000.0, "A81002": 200_000.0}


def test_global_sum_refuses_a_deduction_bigger_than_the_price():
    with pytest.raises(ValueError, match=r"oohs_deduction_per_weighted_patient \(£95.00\)"):
        pc.global_sum_payment(100, 93.46, 95)


def test_global_sum_refuses_negative_weighted_patients():
    with pytest.raises(ValueError, match="weighted_patients must not be negative"):
        pc.global_sum_payment(-1, 93.46)


def test_median_gms_global_sum_per_weighted_patient_2020_21_is_near_the_published_rate():
    # data/README (shared): GMS practices' median Global Sum / weighted patients in 2020/21 is
    # £89.29, close to the published £93.46 less the £4.45 out-of-hours deduction (£89.01).
    payments = data.load("gp_payments_practices")
    gms = payments[(payments["year"] == "2020/21") & (payments["contract_type"] == "GMS")
                   & (payments["weighted_patients"] > 0)]
    median = (gms["global_sum"] / gms["weighted_patients"]).median()
    published = pc.global_sum_payment(1, 93.46, 4.45)
    assert median == pytest.approx(published, rel=0.01)



# ---------------------------------------------------------------------------
# Out-of-hours opt-out deduction: a fixed 4.75% of the global sum (facts.md; Management in
# Practice, Aug 2024: £5.34 for 2024/25; Practice Index, Aug 2025: £5.86 for 2025/26).
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("global_sum", "published"), [
    (93.46, 4.45), (96.78, 4.59), (112.50, 5.34), (123.34, 5.86)])
def test_oohs_deduction_is_4_75_percent_of_the_global_sum_within_a_penny_of_published(
        global_sum, published):
    assert pc.oohs_deduction(global_sum) == pytest.approx(published, abs=0.011)


def test_oohs_deduction_reproduces_the_2024_25_and_2025_26_published_figures_exactly():
    assert pc.oohs_deduction(112.50) == 5.34
    assert pc.oohs_deduction(123.34) == 5.86


def test_oohs_deduction_refuses_a_negative_global_sum():
    with pytest.raises(ValueError, match="global_sum_per_weighted_patient must not be negative"):
        pc.oohs_deduction(-1)


def test_oohs_deduction_table_covers_every_year_with_a_global_sum():
    table = pc.oohs_deduction_table()
    values = data.load("gp_contract_values")
    assert list(table.index) == list(values.dropna(subset=["global_sum_per_weighted_patient"])
                                     ["year"])
    assert table["deduction"].notna().all()
    assert (table["deduction"] - table["published"]).abs().max() <= 0.011
    assert (table["deduction_revised"] - table["published_revised"]).abs().max() <= 0.011


def test_oohs_rate_is_checked_only_from_the_first_published_deduction():
    table = pc.oohs_deduction_table()
    assert not table.at["2019/20", "rate_checked"]
    assert table.loc["2020/21":, "rate_checked"].all()


def test_oohs_deduction_for_year_prefers_the_published_figure_on_the_same_basis():
    assert pc.oohs_deduction_for_year("2020/21") == 4.45
    assert pc.oohs_deduction_for_year("2024/25", use_revised=True) == 5.34
    assert pc.oohs_deduction_for_year("2024/25") == pc.oohs_deduction(107.57)
    assert pc.oohs_deduction_for_year("2022/23") == pc.oohs_deduction(99.70)


def test_oohs_deduction_for_year_without_a_global_sum_says_so():
    with pytest.raises(ValueError, match="no global sum per weighted patient for 2026/27"):
        pc.oohs_deduction_for_year("2026/27")

# ---------------------------------------------------------------------------
# QOF. Source: NHS England QOF guidance as summarised in facts.md: points x value per point
# x (practice list / national average list) x (practice prevalence / national prevalence).
# ---------------------------------------------------------------------------


def test_qof_payment_follows_the_published_formula():
    # 2021/22: £201.16 per point, national average list 9,085 (facts.md).
    payment = pc.qof_payment(10, 201.16, 9_085 * 1.2, 9_085, prevalence=0.06,
                             national_prevalence=0.04)
    assert payment == pytest.approx(10 * 201.16 * 1.2 * 1.5)


def test_an_average_practice_earns_the_value_per_point():
    assert pc.qof_payment(1, 194.83, 8_799, 8_799) == pytest.approx(194.83)


@settings(max_examples=100, deadline=None)
@given(points=st.floats(0, 635), list_size=st.floats(0, 50_000), more=st.floats(0, 10_000))
def test_qof_payment_never_falls_as_the_list_grows(points, list_size, more):
    small = pc.qof_payment(points, 220.62, list_size, 9_964)
    large = pc.qof_payment(points, 220.62, list_size + more, 9_964)
    assert large >= small - 1e-9


def test_qof_needs_both_prevalences_or_neither():
    with pytest.raises(ValueError, match="national_prevalence is needed too"):
        pc.qof_payment(10, 200, 9_000, 9_000, prevalence=0.05)


def test_qof_refuses_a_zero_national_average_list():
    with pytest.raises(ValueError, match="national_average_list_size must be above zero"):
        pc.qof_payment(10, 200, 9_000, 0)


# ---------------------------------------------------------------------------
# Contract values table
# ---------------------------------------------------------------------------


def test_contract_values_cover_every_year_2014_15_to_2026_27():
    years = pc.contract_years()
    assert years[0] == "2014/15" and years[-1] == "2026/27"
    assert len(years) == 13


@pytest.mark.parametrize(
    ("year", "column", "value"),
    [
        ("2020/21", "global_sum_per_weighted_patient", 93.46),
        ("2020/21", "oohs_deduction_per_weighted_patient", 4.45),
        ("2021/22", "global_sum_per_weighted_patient", 96.78),
        ("2021/22", "oohs_deduction_per_weighted_patient", 4.59),
        ("2023/24", "global_sum_per_weighted_patient_revised", 104.73),
        ("2024/25", "qof_value_per_point", 220.62),
        ("2024/25", "national_average_list_size", 9_964),
    ],
)
def test_contract_values_match_facts_md(year, column, value):
    # facts.md, "GP funding".
    assert pc.contract_values(year)[column] == pytest.approx(value)


def test_derived_and_unverified_rows_are_flagged():
    # facts.md marks 2014/15 [D], the 2020/21 list size [D] and 2026/27 [U].
    table = data.load("gp_contract_values").set_index("year")
    unverified = set(table.index[~table["verified"].astype(bool)])
    assert unverified == {"2014/15", "2020/21", "2026/27"}


def test_contract_values_refuse_an_unknown_year_listing_the_years():
    with pytest.raises(ValueError, match="no GP contract values for 2030/31: choose one of"):
        pc.contract_values("2030/31")


# ---------------------------------------------------------------------------
# Practice income
# ---------------------------------------------------------------------------


def test_practice_income_adds_its_streams():
    income = pc.practice_income("2021/22", registered_patients=9_085, carr_hill_weighting=1.1,
                                qof_points=500, enhanced_services=50_000, other=20_000)
    assert income["global_sum"] == pytest.approx(9_085 * 1.1 * 96.78)
    assert income["qof"] == pytest.approx(500 * 201.16)
    assert income["total"] == pytest.approx(income.drop("total").sum())
    assert list(income.index) == ["global_sum", "qof", "enhanced_services", "other", "total"]


def test_practice_income_deducts_out_of_hours_when_opted_out():
    kwargs = dict(registered_patients=10_000, carr_hill_weighting=1.0, qof_points=0)
    opted_in = pc.practice_income("2020/21", **kwargs)
    opted_out = pc.practice_income("2020/21", oohs_opt_out=True, **kwargs)
    assert opted_in["global_sum"] - opted_out["global_sum"] == pytest.approx(44_500)


def test_practice_income_deducts_the_4_75_percent_rule_in_a_year_without_a_published_figure():
    kwargs = dict(registered_patients=10_000, carr_hill_weighting=1.0, qof_points=0)
    opted_in = pc.practice_income("2022/23", **kwargs)
    opted_out = pc.practice_income("2022/23", oohs_opt_out=True, **kwargs)
    assert opted_in["global_sum"] - opted_out["global_sum"] == pytest.approx(10_000 * 4.74)


def test_practice_income_takes_the_deduction_from_the_revised_global_sum_when_used():
    income = pc.practice_income("2024/25", registered_patients=1_000, carr_hill_weighting=1.0,
                                qof_points=0, oohs_opt_out=True, use_revised=True)
    assert income["global_sum"] == pytest.approx(1_000 * (112.50 - 5.34))


def test_practice_income_can_use_the_revised_global_sum():
    income = pc.practice_income("2023/24", registered_patients=1_000, carr_hill_weighting=1.0,
                                qof_points=0, use_revised=True)
    assert income["global_sum"] == pytest.approx(104_730)


def test_practice_income_says_when_a_year_lacks_a_figure():
    with pytest.raises(ValueError, match="no global sum per weighted patient for 2026/27"):
        pc.practice_income("2026/27", registered_patients=1_000, carr_hill_weighting=1.0,
                           qof_points=0)


def test_practice_income_refuses_negative_patients():
    with pytest.raises(ValueError, match=r"registered_patients \(registered patients\) must "
                       "not be negative"):
        pc.practice_income("2021/22", registered_patients=-5, carr_hill_weighting=1.0,
                           qof_points=0)


@pytest.mark.parametrize("name", list(pc.PRACTICE_INPUTS))
@pytest.mark.parametrize(("value", "case"), [
    (float("nan"), "must be a number"), (-0.5, "must not be negative"),
    (1e300, "must be no more than"), (float("inf"), "must be no more than"),
])
def test_practice_income_refuses_blank_negative_and_absurd_inputs(name, value, case):
    inputs = {"registered_patients": 9_000, "carr_hill_weighting": 1.0, "qof_points": 540.0,
              "qof_prevalence_ratio": 1.0, "enhanced_services": 0.0, "other": 0.0}
    inputs[name] = value
    with pytest.raises(ValueError, match=f"^{name} .*{case}") as caught:
        pc.practice_income("2021/22", **inputs)
    assert "nan" not in str(caught.value) and "inf" not in str(caught.value)


def test_practice_income_takes_inputs_at_their_limits():
    limits = {name: most for name, (_, most, _) in pc.PRACTICE_INPUTS.items()}
    income = pc.practice_income("2024/25", **limits)
    assert np.isfinite(income["total"]) and income["total"] < 1e12
    assert pc.practice_income("2024/25", registered_patients=0, carr_hill_weighting=0,
                              qof_points=0)["total"] == 0


# ---------------------------------------------------------------------------
# Payment summary
# ---------------------------------------------------------------------------


def _payments():
    return pd.DataFrame({
        "year": ["2020/21"] * 4,
        "contract_type": ["GMS", "GMS", "GMS", "PMS"],
        "rurality": ["Urban", "Rural", "Urban", "Urban"],
        "registered_patients": [1_000.0, 1_000.0, 0.0, 1_000.0],
        "weighted_patients": [1_000.0, 2_000.0, 0.0, 1_000.0],
        "global_sum": [80_000.0, 160_000.0, 5.0, 0.0],
        "qof": [10_000.0, 20_000.0, 0.0, 10_000.0],
        "enhanced_services": [10_000.0, 20_000.0, 0.0, 10_000.0],
        "total_payments": [100_000.0, 300_000.0, 5.0, 150_000.0],
    })


def test_payment_summary_leaves_out_practices_without_patients():
    summary = pc.payment_summary(_payments())
    assert summary.loc[("2020/21", "GMS"), "practices"] == 2


def test_payment_summary_gives_median_per_weighted_patient_and_stream_shares():
    summary = pc.payment_summary(_payments())
    gms = summary.loc[("2020/21", "GMS")]
    assert gms["median_per_weighted_patient"] == pytest.approx(125.0)  # median of 100 and 150
    assert gms["global_sum_share"] == pytest.approx(240_000 / 400_000)
    assert gms["qof_share"] == pytest.approx(30_000 / 400_000)
    assert gms["lower_quartile_per_weighted_patient"] <= gms["median_per_weighted_patient"]


def test_payment_summary_groups_by_any_column():
    summary = pc.payment_summary(_payments(), by="rurality")
    assert list(summary.index) == ["Rural", "Urban"]
    assert np.isclose(summary.loc["Rural", "median_per_weighted_patient"], 150.0)


def test_payment_summary_names_a_missing_column():
    with pytest.raises(ValueError, match="gp_payments_df has no column 'qof'"):
        pc.payment_summary(_payments().drop(columns="qof"))


def test_payment_summary_gives_the_median_global_sum_per_weighted_patient():
    gms = pc.payment_summary(_payments()).loc[("2020/21", "GMS")]
    # £80 and £80 per weighted patient (80,000 / 1,000 and 160,000 / 2,000); the practice
    # without patients is left out.
    assert gms["median_global_sum_per_weighted_patient"] == pytest.approx(80.0)


def test_payment_streams_adds_up_each_stream_and_nets_off_prescribing():
    rows = _payments().assign(prescribing_and_dispensing=[5_000.0, 0.0, 0.0, 20_000.0])
    streams = pc.payment_streams(rows)
    assert streams["total_payments"] == pytest.approx(550_005.0)
    assert streams["qof"] == pytest.approx(40_000.0)
    assert streams["net_of_prescribing"] == pytest.approx(550_005.0 - 25_000.0)
    assert streams["practices"] == 4
    assert streams["registered_patients"] == 3_000


def test_payment_streams_refuses_no_practices_and_missing_columns():
    with pytest.raises(ValueError, match="no practices to add up"):
        pc.payment_streams(_payments().assign(prescribing_and_dispensing=0.0).iloc[0:0])
    with pytest.raises(ValueError, match="no column 'prescribing_and_dispensing'"):
        pc.payment_streams(_payments())


def test_weighted_patients_multiplies_list_by_weighting():
    assert pc.weighted_patients(8_000, 1.1) == pytest.approx(8_800)
    series = pc.weighted_patients(pd.Series([1_000.0, 2_000.0], index=["A", "B"]),
                                  pd.Series([0.9, 1.2], index=["A", "B"]))
    assert series.name == "weighted_patients"
    assert series.tolist() == pytest.approx([900.0, 2_400.0])
    with pytest.raises(ValueError, match="carr_hill_weighting"):
        pc.weighted_patients(1_000, -1)


def test_qof_breakdown_shows_each_step_and_matches_qof_payment():
    steps = pc.qof_breakdown(20, 194.83, 10_000, 8_000, prevalence_ratio=1.2)
    assert steps["unadjusted"] == pytest.approx(20 * 194.83)
    assert steps["list_factor"] == pytest.approx(1.25)
    assert steps["prevalence_factor"] == pytest.approx(1.2)
    assert steps["payment"] == pytest.approx(20 * 194.83 * 1.25 * 1.2)
    assert steps["payment"] == pytest.approx(
        pc.qof_payment(20, 194.83, 10_000, 8_000, prevalence=1.2, national_prevalence=1.0))
    with pytest.raises(ValueError, match="prevalence_ratio"):
        pc.qof_breakdown(20, 194.83, 10_000, 8_000, prevalence_ratio=-0.5)


# ---------------------------------------------------------------------------
# GP contract totals. Source: NHS England, Update to the GP contract agreements 2025/26:
# financial implications (£12,287m to £13,176m, +£889m); 2026/27 +£485m (3.6%) to £13,863m.
# ---------------------------------------------------------------------------


def test_the_2025_26_increase_is_measured_from_the_2024_25_total_after_its_uplift():
    changes = pc.gp_contract_changes()
    row = changes.loc["2025/26"]
    assert row["implied_base"] == 12_287_000_000
    assert row["base_gap"] == 0
    assert round(row["increase_fraction"], 3) == 0.072


def test_the_2026_27_increase_implies_a_2025_26_base_above_the_february_2025_total():
    row = pc.gp_contract_changes().loc["2026/27"]
    assert row["implied_base"] == 13_378_000_000
    assert row["previous_published"] == 13_176_000_000
    assert row["base_gap"] == 202_000_000
    assert round(row["increase_fraction"], 3) == 0.036


def test_the_february_2024_value_is_never_a_gp_contract_total():
    totals = data.load("gp_funding_totals")
    contract = totals[totals["item"] == "gp_contract"].set_index("year")["value_gbp"]
    assert contract["2024/25"] == 12_287_000_000
    assert 11_864_000_000 not in set(contract)
