"""Tests for commlib.financial_year: month numbers, year-to-date reporting, forecasts, duties."""

import pytest

from commlib import data
from commlib import financial_year as fy


def test_month_1_is_april_and_month_12_is_march():
    assert fy.month_number(4) == 1
    assert fy.month_number(12) == 9
    assert fy.month_number(3) == 12
    assert fy.month_label(12) == "month 12 (March)"


def test_year_to_date_variance_is_plan_less_actual():
    table = fy.year_to_date([10.0] * 12, [9.0, 11.0, 12.0])
    assert list(table["ytd_plan"]) == [10, 20, 30]
    assert list(table["ytd_actual"]) == [9, 20, 32]
    assert list(table["ytd_variance"]) == [1, 0, -2]


def test_run_rate_and_plan_for_the_rest_give_different_year_ends():
    result = fy.forecast_outturn([10.0] * 12, [10.5] * 6)
    assert result["run_rate_forecast"] == pytest.approx(126)
    assert result["plan_for_rest_forecast"] == pytest.approx(123)
    assert result["run_rate_variance"] == pytest.approx(-6)


def test_after_month_12_both_forecasts_are_the_actual_outturn():
    result = fy.forecast_outturn([10.0] * 12, [11.0] * 12)
    assert result["run_rate_forecast"] == pytest.approx(132)
    assert result["plan_for_rest_forecast"] == pytest.approx(132)


def test_an_icb_that_spends_more_than_its_allocation_breaches_its_duty():
    assert fy.within_allocation(100.0, 100.0)["duty_met"]
    result = fy.within_allocation(100.0, 101.5)
    assert not result["duty_met"]
    assert result["surplus"] == pytest.approx(-1.5)


def test_a_system_can_balance_with_an_organisation_in_deficit():
    result = fy.system_balance({"ICB": 5.0, "Trust A": -3.0, "Trust B": -1.0})
    assert result["balanced"] and result["system_surplus"] == pytest.approx(1.0)
    assert result["in_deficit"] == 2
    assert not fy.system_balance({"ICB": 0.0, "Trust A": -0.5})["balanced"]


def test_breakeven_is_judged_taking_one_year_with_another():
    table = fy.cumulative_position({"2026/27": -4.0, "2027/28": 1.0, "2028/29": 3.0})
    assert list(table["cumulative"]) == [-4, -3, 0]
    assert list(table["broken_even"]) == [False, False, True]


@pytest.mark.parametrize("call, message", [
    (lambda: fy.month_number(13), "calendar_month must be a whole number"),
    (lambda: fy.month_label(0), "month must be a finance-report month"),
    (lambda: fy.year_to_date([1.0] * 11, [1.0]), "all 12 months"),
    (lambda: fy.year_to_date([1.0] * 12, [1.0] * 13), "between 1 and 12"),
    (lambda: fy.cumulative_position({"2027/28": 1.0, "2026/27": 1.0}), "date order"),
    (lambda: fy.system_balance({}), "at least one organisation"),
    (lambda: fy.within_allocation(-1, 0), "allocation must not be negative"),
])
def test_bad_inputs_are_refused_with_a_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_cycle_table_runs_in_order_and_says_what_is_unverified():
    cycle = data.load("financial_year_cycle")
    assert list(cycle["step"]) == sorted(cycle["step"])
    assert list(cycle["month_offset"]) == sorted(cycle["month_offset"])
    undated = cycle[cycle["example_date"].isna() | (cycle["example_date"] == "")]
    assert not undated["verified"].any(), "a milestone with no dated source must be unverified"


def test_the_planning_framework_covers_three_consecutive_years():
    starts = [int(y[:4]) for y in fy.MTPF_YEARS]
    assert starts == list(range(starts[0], starts[0] + 3))
    assert all(y[5:] == f"{(int(y[:4]) + 1) % 100:02d}" for y in fy.MTPF_YEARS)
