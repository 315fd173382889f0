"""The Derbyshire STP shape of the system model."""

import pytest

from commlib import system_shape


def test_scenario_shapes_rebuild_the_slide_totals_and_shares():
    for scenario, total in (("baseline", 1.70e9), ("do nothing 2020/21", 2.17e9),
                            ("STP 2020/21", 1.97e9)):
        shape = system_shape.scenario_shape(scenario)
        assert shape.total_gbp == pytest.approx(total)
        assert sum(shape.shares().values()) == pytest.approx(1.0)
    assert system_shape.scenario_shape("baseline").shares()["specialist"] == pytest.approx(0.59)


def test_the_implied_levers_reproduce_the_stp_column_exactly():
    levers = system_shape.implied_levers()
    result = system_shape.shift_to_place(
        levers.shift_gbp, place_cost_per_pound=levers.place_cost_per_pound,
        infrastructure_reduction=levers.infrastructure_reduction,
    )
    stp = system_shape.scenario_shape("STP 2020/21")
    for setting in system_shape.SETTINGS:
        assert result.plan.amounts()[setting] == pytest.approx(stp.amounts()[setting])
    assert result.cost_vs_do_nothing_gbp == pytest.approx(-200e6)


def test_stp_place_spending_is_about_250m_above_baseline_and_needs_about_2500_staff():
    levers = system_shape.implied_levers()
    result = system_shape.shift_to_place(
        levers.shift_gbp, place_cost_per_pound=levers.place_cost_per_pound,
        infrastructure_reduction=levers.infrastructure_reduction,
    )
    assert result.extra_place_vs_baseline_gbp == pytest.approx(258.3e6)
    assert result.staff_needed == pytest.approx(2583, abs=1)


def test_moving_nothing_costs_the_same_as_doing_nothing():
    result = system_shape.shift_to_place(0.0)
    assert result.cost_vs_do_nothing_gbp == pytest.approx(0.0)
    assert result.plan.amounts() == pytest.approx(result.do_nothing.amounts())


def test_a_pound_moved_at_a_place_cost_of_one_changes_shares_not_the_total():
    result = system_shape.shift_to_place(100e6, place_cost_per_pound=1.0)
    assert result.cost_vs_do_nothing_gbp == pytest.approx(0.0)
    assert result.plan.shares()["place"] > result.do_nothing.shares()["place"]


def test_staff_needed_scales_with_spending_per_extra_staff():
    cheap = system_shape.shift_to_place(100e6, place_spend_per_extra_staff_gbp=50_000)
    dear = system_shape.shift_to_place(100e6, place_spend_per_extra_staff_gbp=100_000)
    assert cheap.staff_needed == pytest.approx(2 * dear.staff_needed)


def test_moving_more_than_the_specialist_spending_is_refused():
    with pytest.raises(ValueError, match="cannot be more than the specialist spending"):
        system_shape.shift_to_place(2e9)


def test_a_negative_shift_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        system_shape.shift_to_place(-1.0)


def test_an_infrastructure_cut_above_100_percent_is_refused():
    with pytest.raises(ValueError, match="infrastructure_reduction must be between"):
        system_shape.shift_to_place(0.0, infrastructure_reduction=1.5)


def test_a_zero_place_cost_is_refused():
    with pytest.raises(ValueError, match="above zero"):
        system_shape.shift_to_place(10e6, place_cost_per_pound=0.0)


def test_the_top_5_percent_use_nine_times_the_average():
    frame = system_shape.resource_concentration()
    assert frame["use_vs_average"].iloc[0] == pytest.approx(9.0)
    assert frame["population_share"].sum() == pytest.approx(1.0)
    assert frame["resource_share"].sum() == pytest.approx(1.0)


def test_the_finance_gap_parts_fall_1m_short_of_the_printed_total():
    gap = system_shape.finance_gap()
    assert gap["total_gbp"] == 329e6
    assert gap["rounding_gbp"] == pytest.approx(1e6)
