"""Tests for commlib.costing: from a trust's costs to prices and back."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import costing as co

TRUSTS = co.ILLUSTRATIVE_TRUSTS


def test_unit_cost_is_total_over_activity():
    assert co.unit_cost(6_300_000, 2_000) == 3_150


def test_mff_adjustment_divides_by_the_index():
    assert co.mff_adjusted_unit_cost(3_150, 1.125) == pytest.approx(2_800)


def test_national_average_weights_by_activity():
    costs = pd.Series({"a": 100.0, "b": 200.0})
    activity = pd.Series({"a": 3.0, "b": 1.0})
    mff = pd.Series({"a": 1.0, "b": 1.0})
    assert co.national_average_cost(costs, activity, mff) == pytest.approx(125)


def test_cost_index_averages_100_with_activity_weights():
    costs = co.unit_cost(TRUSTS["total_cost_gbp"], TRUSTS["activity"])
    index = co.cost_index(costs, TRUSTS["activity"], TRUSTS["mff"])
    weighted = (index * TRUSTS["activity"]).sum() / TRUSTS["activity"].sum()
    assert weighted == pytest.approx(100)


def test_uplifted_price_applies_each_year_in_turn():
    # 2023/24: cost uplift 2.9%, efficiency 1.1% (NHS England, NHS Payment Scheme).
    assert co.uplifted_price(1_000, [(0.029, 0.011)]) == pytest.approx(1_000 * 1.029 * 0.989)
    assert co.uplifted_price(1_000, []) == 1_000


def test_payment_is_price_times_mff_and_margin_is_payment_less_cost():
    assert co.payment_per_unit(2_000, 1.1) == pytest.approx(2_200)
    assert co.margin_per_unit(2_000, 1.1, 2_300) == pytest.approx(-100)


def test_walkthrough_margins_add_to_payment_less_cost():
    table, average, price = co.costing_walkthrough(TRUSTS, [(0.0483, 0.02)])
    paid = (table["payment_per_unit_gbp"] * TRUSTS["activity"]).sum()
    assert table["margin_gbp"].sum() == pytest.approx(paid - TRUSTS["total_cost_gbp"].sum())
    assert price == pytest.approx(average * 1.0483 * 0.98)


@given(costs=st.lists(st.floats(1, 1e5), min_size=2, max_size=6),
       data=st.data())
@settings(max_examples=100, deadline=None)
def test_average_cost_lies_between_the_cheapest_and_dearest_trust(costs, data):
    n = len(costs)
    activity = pd.Series(data.draw(st.lists(st.floats(1, 1e4), min_size=n, max_size=n)))
    mff = pd.Series(data.draw(st.lists(st.floats(0.8, 1.3), min_size=n, max_size=n)))
    costs = pd.Series(costs)
    adjusted = co.mff_adjusted_unit_cost(costs, mff)
    average = co.national_average_cost(costs, activity, mff)
    assert adjusted.min() * (1 - 1e-9) <= average <= adjusted.max() * (1 + 1e-9)


@pytest.mark.parametrize("call, message", [
    (lambda: co.unit_cost(100, 0), "activity must be above zero"),
    (lambda: co.mff_adjusted_unit_cost(100, 0), "mff must be above zero"),
    (lambda: co.uplifted_price(100, [(0.02, 1.5)]), "efficiency factor must be between"),
    (lambda: co.costing_walkthrough(TRUSTS.drop(columns="mff"), []), "no column 'mff'"),
])
def test_bad_input_is_refused_in_a_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()
