"""Tests for commlib.capital: depreciation, PDC dividend and a scheme's revenue consequences."""

import subprocess
import sys

import pytest

from commlib import capital

SCANNER = capital.ILLUSTRATIVE_SCANNER


def test_straight_line_depreciation_is_cost_less_residual_over_the_life():
    assert capital.annual_depreciation(1_200_000, 8) == 150_000
    assert capital.annual_depreciation(1_000_000, 10, residual_value=100_000) == 90_000


def test_schedule_adds_back_to_the_cost_to_the_penny_when_it_does_not_divide():
    schedule = capital.depreciation_schedule(1_000.00, 3)
    assert list(schedule["depreciation"]) == [333.34, 333.33, 333.33]
    assert round(schedule["depreciation"].sum() * 100) == 100_000
    assert schedule["closing_book_value"].iloc[-1] == 0


def test_schedule_ends_at_the_residual_value_and_each_year_opens_where_the_last_closed():
    schedule = capital.depreciation_schedule(50_000.01, 7, residual_value=5_000)
    assert schedule["closing_book_value"].iloc[-1] == pytest.approx(5_000)
    assert list(schedule["opening_book_value"].iloc[1:]) == pytest.approx(
        list(schedule["closing_book_value"].iloc[:-1]))


def test_pdc_dividend_is_the_rate_on_the_average_book_value_and_falls_each_year():
    table = capital.revenue_consequences(1_200_000, 8, 0, pdc_dividend_rate=0.035)
    # Year 1: book value falls from £1,200,000 to £1,050,000, average £1,125,000.
    assert table.loc[1, "average_book_value"] == pytest.approx(1_125_000)
    assert table.loc[1, "pdc_dividend"] == pytest.approx(0.035 * 1_125_000)
    assert table["pdc_dividend"].is_monotonic_decreasing


def test_revenue_cost_is_depreciation_plus_dividend_plus_running_costs():
    table = capital.revenue_consequences(SCANNER["capital_cost"], SCANNER["useful_life_years"],
                                         SCANNER["running_cost_per_year"])
    parts = table["depreciation"] + table["pdc_dividend"] + table["running_costs"]
    assert list(table["total_revenue_cost"]) == pytest.approx(list(parts))


def test_over_its_life_the_scheme_costs_far_more_than_its_price():
    totals = capital.lifetime_costs(1_200_000, 8, 350_000, pdc_dividend_rate=0.035)
    assert totals["depreciation"] == pytest.approx(1_200_000)
    assert totals["running_costs"] == pytest.approx(2_800_000)
    # Average book value over the life is half the cost: 8 years x 3.5% x £600,000.
    assert totals["pdc_dividend"] == pytest.approx(8 * 0.035 * 600_000)
    assert totals["revenue_over_capital"] == pytest.approx(4_168_000 / 1_200_000)


def test_an_item_is_capital_only_if_it_lasts_more_than_a_year_and_reaches_the_threshold():
    assert capital.is_capital(5_000, 5)
    assert not capital.is_capital(4_999.99, 5)
    assert not capital.is_capital(1_000_000, 1)


def test_surplus_after_scheme_takes_off_the_revenue_cost_and_adds_any_income():
    result = capital.surplus_after_scheme(500_000_000, 499_000_000, 539_375, scheme_income=0)
    assert result["surplus_before"] == 1_000_000
    assert result["surplus_after"] == pytest.approx(460_625)
    assert result["change"] == pytest.approx(-539_375)


@pytest.mark.parametrize("kwargs, message", [
    ({"useful_life_years": 0}, "useful_life_years must be above zero"),
    ({"useful_life_years": 7.5}, "whole number of years"),
    ({"residual_value": 2_000_000}, "must not be more than the capital_cost"),
    ({"capital_cost": -1}, "capital_cost must not be negative"),
    ({"useful_life_years": 10**9}, "at most 100 years"),
    ({"useful_life_years": float("nan")}, "useful_life_years must be a finite number"),
    ({"capital_cost": 1e307}, "capital_cost must be at most"),
])
def test_bad_inputs_are_refused_with_a_sentence(kwargs, message):
    args = {"capital_cost": 1_200_000, "useful_life_years": 8, "residual_value": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        capital.depreciation_schedule(**args)


def test_a_huge_running_cost_is_refused():
    with pytest.raises(ValueError, match="running_cost_per_year must be at most"):
        capital.revenue_consequences(1_000, 2, 1e300)


def test_a_dividend_rate_above_one_is_refused():
    with pytest.raises(ValueError, match="pdc_dividend_rate must be between"):
        capital.revenue_consequences(1_000, 2, 0, pdc_dividend_rate=3.5)


@pytest.mark.parametrize("module", ["capital", "financial_year", "care_funding"])
def test_these_models_import_neither_plotly_nor_ipywidgets(module):
    code = (f"import sys, commlib.{module}; "
            "print(' '.join(m for m in ('plotly', 'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""
