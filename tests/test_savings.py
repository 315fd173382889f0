"""Tests for commlib.savings: the biosimilar gain-share of seed 000."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import savings as sv

EXAMPLE = {k: v for k, v in sv.ILLUSTRATIVE_EXAMPLE.items() if k != "note"}


def test_the_illustrative_example_says_it_is_illustrative():
    assert "Illustrative" in sv.ILLUSTRATIVE_EXAMPLE["note"]


def test_gross_saving_is_spend_times_switch_rate_times_price_reduction():
    table = sv.gain_share(1_000_000, 0.3, 0.5, 0, 0.5, years=1)
    assert table.loc[1, "gross_saving"] == pytest.approx(150_000)


def test_under_pass_through_the_provider_is_left_with_only_the_cost():
    # Seed 000: "all the savings would pass straight through to commissioners - no CIP
    # saving for Trust. No incentive to make the switch!"
    table = sv.gain_share(1_000_000, 0.3, 0.5, 80_000, 0.0, years=3)
    assert (table["saving_to_commissioner"] == table["gross_saving"]).all()
    assert table["cumulative_provider"].iloc[-1] == pytest.approx(-80_000)
    assert sv.break_even_year(1_000_000, 0.3, 0.5, 80_000, 0.0) is None


def test_a_gain_share_splits_the_gross_saving_and_the_provider_pays_for_the_switch():
    table = sv.gain_share(1_000_000, 0.3, 0.5, 80_000, 0.5, years=2)
    assert table.loc[1, "saving_to_commissioner"] == pytest.approx(75_000)
    assert table.loc[1, "saving_to_provider"] == pytest.approx(75_000 - 80_000)
    assert table.loc[2, "cumulative_provider"] == pytest.approx(70_000)


def test_the_two_sides_savings_add_up_to_the_net_saving():
    for net_first in (False, True):
        table = sv.gain_share(**EXAMPLE, share_net_of_costs=net_first)
        both = table["saving_to_commissioner"] + table["saving_to_provider"]
        pd.testing.assert_series_equal(both, table["net_saving"], check_names=False)


def test_sharing_net_of_costs_repays_the_provider_first():
    table = sv.gain_share(1_000_000, 0.3, 0.5, 80_000, 0.5, years=1, share_net_of_costs=True)
    assert table.loc[1, "saving_to_provider"] == pytest.approx(0.5 * (150_000 - 80_000))


def test_switch_rates_by_year_ramp_up_and_the_last_one_repeats():
    table = sv.gain_share(1_000_000, 0.5, [0.2, 0.6], 0, 0.5, years=3)
    assert table["gross_saving"].tolist() == pytest.approx([100_000, 300_000, 300_000])


def test_the_illustrative_provider_breaks_even_in_year_two():
    assert sv.break_even_year(**EXAMPLE) == 2


def test_comparison_shows_the_provider_gains_only_under_the_gain_share():
    table = sv.compare_with_pass_through(**EXAMPLE)
    assert table.loc["pass_through", "total_to_provider"] < 0
    assert table.loc["gain_share", "total_to_provider"] > 0
    assert table.loc["pass_through", "total_net"] == pytest.approx(
        table.loc["gain_share", "total_net"])


@settings(max_examples=200, deadline=None)
@given(spend=st.floats(0, 1e8), cut=st.floats(0, 1), rate=st.floats(0, 1),
       cost=st.floats(0, 1e6), share=st.floats(0, 1), years=st.integers(1, 8))
def test_a_bigger_provider_share_never_leaves_the_provider_worse_off(spend, cut, rate, cost,
                                                                    share, years):
    lower = sv.gain_share(spend, cut, rate, cost, share * 0.5, years)
    higher = sv.gain_share(spend, cut, rate, cost, share, years)
    assert higher["cumulative_provider"].iloc[-1] >= lower["cumulative_provider"].iloc[-1] - 1e-6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(price_reduction=30), r"price_reduction \(.*\) must be a fraction from 0 to 1"),
        (dict(provider_share=-0.1), r"provider_share \(.*\) must be a fraction"),
        (dict(drug_spend=-1), r"drug_spend \(.*\) must not be negative"),
        (dict(drug_spend=float("nan")), r"drug_spend \(.*\) must be a number"),
        (dict(drug_spend=1e300), r"drug_spend \(.*\) must be no more than £1,000m"),
        (dict(implementation_cost=float("inf")), r"implementation_cost \(.*\) must be no more"),
        (dict(switch_rate=[0.5, 1.5, 0.5]), r"switch_rate in year 2 \(.*\) must be a fraction"),
        (dict(switch_rate=[0.1, 0.2, 0.3, 0.4]), "switch_rate gives 4 yearly values but years"),
        (dict(years=0), "years must be a whole number of at least 1"),
        (dict(implementation_years=5), r"implementation_years \(5\) must not be more than"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sv.gain_share(**{**EXAMPLE, **kwargs})


def test_break_even_refuses_an_unknown_party():
    with pytest.raises(ValueError, match=r"party \('patients'\) must be one of"):
        sv.break_even_year(**EXAMPLE, party="patients")
