"""Tests for the practice income explorer (commlib.widgets.practice_income)."""

import html
import re

import pytest

from commlib import fmt, plots, primary_care
from commlib.widgets import practice_income as explorer


def bar_value(result_html: str, label: str) -> float:
    match = re.search(rf'data-bar="{re.escape(label)}" data-value="([^"]+)"', result_html)
    assert match, f"no bar {label!r}"
    return float(match.group(1))


GLOBAL_SUM = primary_care.INCOME_STREAMS["global_sum"]
QOF = primary_care.INCOME_STREAMS["qof"]


def test_starting_state_equals_the_models_income():
    live = explorer.practice_income_explorer()
    d = explorer.DEFAULTS
    expected = primary_care.practice_income(
        d["year"], registered_patients=d["registered_patients"],
        carr_hill_weighting=d["carr_hill_weighting"], qof_points=d["qof_points"],
        enhanced_services=d["enhanced_services"])
    assert bar_value(live.result.value, GLOBAL_SUM) == pytest.approx(expected["global_sum"])
    assert bar_value(live.result.value, QOF) == pytest.approx(expected["qof"])
    assert fmt.money(expected["total"]) in live.result.value


def test_raising_the_carr_hill_weighting_raises_the_global_sum_to_the_models_value():
    live = explorer.practice_income_explorer()
    assert live.set(carr_hill_weighting=1.2, year="2022/23")
    expected = primary_care.practice_income(
        "2022/23", registered_patients=explorer.DEFAULTS["registered_patients"],
        carr_hill_weighting=1.2, qof_points=explorer.DEFAULTS["qof_points"],
        enhanced_services=explorer.DEFAULTS["enhanced_services"])
    assert bar_value(live.result.value, GLOBAL_SUM) == pytest.approx(expected["global_sum"])


def test_opting_out_of_out_of_hours_takes_the_2020_21_deduction_off():
    live = explorer.practice_income_explorer(year="2020/21", registered_patients=10_000,
                                             carr_hill_weighting=1.0)
    before = bar_value(live.result.value, GLOBAL_SUM)
    live.set(oohs_opt_out=True)
    after = bar_value(live.result.value, GLOBAL_SUM)
    deduction = primary_care.contract_values("2020/21")["oohs_deduction_per_weighted_patient"]
    assert before - after == pytest.approx(10_000 * deduction)


def test_every_offered_year_can_take_the_out_of_hours_deduction():
    live = explorer.practice_income_explorer(oohs_opt_out=True, registered_patients=10_000,
                                             carr_hill_weighting=1.0)
    for year in explorer.complete_years():
        assert live.set(year=year) is True
        expected = primary_care.practice_income(
            year, registered_patients=10_000, carr_hill_weighting=1.0,
            qof_points=explorer.DEFAULTS["qof_points"],
            enhanced_services=explorer.DEFAULTS["enhanced_services"], oohs_opt_out=True)
        assert bar_value(live.result.value, GLOBAL_SUM) == pytest.approx(
            expected["global_sum"], abs=1)


def test_a_year_before_the_checked_rate_says_the_deduction_is_not_checked():
    live = explorer.practice_income_explorer(oohs_opt_out=True, year="2016/17")
    assert "not checked" in html.unescape(live.result.value)


def test_a_negative_list_size_is_refused_in_plain_words():
    live = explorer.practice_income_explorer()
    good = live.result.value
    assert live.set(registered_patients=-100) is False
    # The sentence names the box as it is labelled, not the argument.
    assert live.last_error == ("Registered patients (people) must not be negative: "
                               "type 0 or more")
    assert live.result.value == good


def test_only_years_with_every_contract_value_are_offered():
    years = explorer.complete_years()
    assert "2020/21" in years and "2018/19" not in years and "2026/27" not in years
    assert list(explorer.practice_income_explorer().controls["year"].options) == years


def test_static_explorer_steps_equal_the_models_values():
    fig = explorer.static_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    years = explorer.complete_years()
    for y, year in enumerate(years):
        for w, weighting in enumerate(explorer.STATIC_WEIGHTINGS):
            income, _ = explorer.static_step(year, weighting)
            step = meta["steps"][y * len(explorer.STATIC_WEIGHTINGS) + w]
            assert step["x"][0][0] == pytest.approx(income["global_sum"])
            assert step["x"][0][1] == pytest.approx(income["qof"])
            assert fmt.money(income["total"]) in plots.explorer_headline(fig, y, w)
