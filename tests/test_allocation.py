"""Tests for commlib.allocation: fair shares, targets, distance from target, pace of change."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from commlib import allocation as al

# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

weights_st = st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=40).filter(
    lambda w: sum(w) > 1e-3
)
pence_st = st.integers(0, 10**13)  # up to £100bn


def _series(values, prefix="area"):
    return pd.Series(values, index=[f"{prefix}{i}" for i in range(len(values))], dtype=float)


# ---------------------------------------------------------------------------
# Worked example: Eastern Cheshire CCG 2013/14
# Source: NHS England, Allocation and indicative target working paper (2013), Annex A.
# ---------------------------------------------------------------------------

EASTERN_CHESHIRE_WEIGHTED = 208_986
EASTERN_CHESHIRE_POPULATION = 202_256
EASTERN_CHESHIRE_TARGET = 237_285_000
EASTERN_CHESHIRE_ALLOCATION = 219_307_000


def test_eastern_cheshire_distance_from_target_matches_nhs_england_annex_a():
    # NHS England 2013/14 working paper, Annex A: distance -£17,978k, -7.58%.
    result = al.distance_from_target(EASTERN_CHESHIRE_ALLOCATION, EASTERN_CHESHIRE_TARGET)
    assert list(result.columns) == ["distance", "distance_pct"]
    assert result["distance"].iloc[0] == -17_978_000
    assert round(result["distance_pct"].iloc[0], 2) == -7.58


def test_eastern_cheshire_target_is_weighted_population_times_price_per_weighted_head():
    # Annex A: target £237,285k for 208,986 weighted heads, i.e. about £1,135.41 per head.
    price = EASTERN_CHESHIRE_TARGET / EASTERN_CHESHIRE_WEIGHTED
    assert round(price, 2) == 1135.41
    target = al.target_allocation(EASTERN_CHESHIRE_WEIGHTED, price)
    assert target == pytest.approx(EASTERN_CHESHIRE_TARGET, abs=0.01)


def test_eastern_cheshire_need_index_is_weighted_over_registered_population():
    # Annex A: weighted 208,986 against population 202,256 -> needs about 3.3% more per head
    # than a population whose weighted and registered counts are equal.
    population = pd.Series({"Eastern Cheshire": EASTERN_CHESHIRE_POPULATION, "rest": 1_000_000})
    weighted = pd.Series({"Eastern Cheshire": EASTERN_CHESHIRE_WEIGHTED, "rest": 1_000_000})
    index = al.need_index(population, weighted)
    national = (EASTERN_CHESHIRE_WEIGHTED + 1_000_000) / (EASTERN_CHESHIRE_POPULATION + 1_000_000)
    assert index["Eastern Cheshire"] == pytest.approx(208_986 / 202_256 / national)


def test_distance_from_target_keeps_areas_and_signs():
    allocation = pd.Series({"over": 110.0, "under": 90.0})
    target = pd.Series({"under": 100.0, "over": 100.0})
    result = al.distance_from_target(allocation, target)
    assert result.loc["over", "distance"] == 10
    assert result.loc["under", "distance_pct"] == -10


# ---------------------------------------------------------------------------
# Weighted capitation
# ---------------------------------------------------------------------------

def test_three_equal_areas_share_a_hundred_pounds_with_the_odd_penny_to_the_first():
    result = al.weighted_capitation(100.00, pd.Series({"A": 1.0, "B": 1.0, "C": 1.0}))
    assert result.tolist() == [33.34, 33.33, 33.33]


def test_shares_follow_weighted_population():
    result = al.weighted_capitation(1_000.00, pd.Series({"small": 1.0, "large": 3.0}))
    assert result["small"] == 250.00
    assert result["large"] == 750.00


@settings(max_examples=300, deadline=None)
@given(weights=weights_st, total_pence=pence_st)
def test_shares_add_back_to_the_total_to_the_penny(weights, total_pence):
    pence = al.weighted_capitation_pence(total_pence / 100, _series(weights))
    assert pence.dtype == np.int64
    assert int(pence.sum()) == total_pence
    exact = np.array(weights) / sum(weights) * total_pence
    # Each share is its exact fair share rounded down or up (never further than a penny).
    assert np.all(np.abs(pence.to_numpy() - exact) < 1.01)
    pounds = al.weighted_capitation(total_pence / 100, _series(weights))
    assert round(pounds.sum() * 100) == total_pence


def test_weighted_capitation_refuses_fractions_of_a_penny():
    with pytest.raises(ValueError, match="total .* whole number of pence"):
        al.weighted_capitation(10.005, pd.Series({"a": 1.0}))


def test_weighted_capitation_refuses_negative_weights_naming_the_area():
    with pytest.raises(ValueError, match="weighted_population must not be negative: 'b'"):
        al.weighted_capitation(10, pd.Series({"a": 1.0, "b": -1.0}))


def test_weighted_capitation_refuses_all_zero_weights():
    with pytest.raises(ValueError, match="weighted_population must add up to more than zero"):
        al.weighted_capitation(10, pd.Series({"a": 0.0, "b": 0.0}))


# ---------------------------------------------------------------------------
# Need index
# ---------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e6), st.floats(0, 3)), min_size=1, max_size=30))
# Found by Hypothesis in CI: a weighted total so small that total weighted / total population
# underflowed to zero and every index became NaN.
@example(rows=[(1.0, 0.0), (1.0, 5e-324)])
def test_need_indices_weighted_by_population_average_one(rows):
    population = _series([p for p, _ in rows])
    weighted = _series([p * ratio for p, ratio in rows])
    assume(weighted.sum() > 0)
    index = al.need_index(population, weighted)
    assert np.average(index, weights=population) == pytest.approx(1.0, rel=1e-9)


def test_need_index_aligns_series_given_in_different_orders():
    population = pd.Series({"a": 100.0, "b": 100.0})
    weighted = pd.Series({"b": 150.0, "a": 50.0})
    index = al.need_index(population, weighted)
    assert index["a"] == pytest.approx(0.5)
    assert index["b"] == pytest.approx(1.5)


def test_need_index_refuses_series_for_different_areas():
    with pytest.raises(ValueError, match="must cover the same areas: 'b' is in population"):
        al.need_index(pd.Series({"a": 1.0, "b": 1.0}), pd.Series({"a": 1.0, "c": 1.0}))


def test_need_index_is_undefined_for_an_area_with_no_population():
    index = al.need_index(pd.Series({"a": 0.0, "b": 10.0}), pd.Series({"a": 0.0, "b": 10.0}))
    assert np.isnan(index["a"])
    assert index["b"] == 1.0


def test_need_index_refuses_a_single_number():
    with pytest.raises(ValueError, match="population must give one number per area"):
        al.need_index(100, 120)


# ---------------------------------------------------------------------------
# Target and distance: bad input
# ---------------------------------------------------------------------------

def test_target_allocation_refuses_a_negative_price():
    with pytest.raises(ValueError, match="price_per_weighted_head must not be negative"):
        al.target_allocation(100, -1)


def test_distance_from_target_refuses_a_zero_target():
    with pytest.raises(ValueError, match="target must be above zero"):
        al.distance_from_target(100, 0)


# ---------------------------------------------------------------------------
# Pace of change
# ---------------------------------------------------------------------------

CURRENT = pd.Series({"far_below": 100.0, "below": 100.0, "at": 100.0, "far_above": 100.0})
TARGET = pd.Series({"far_below": 120.0, "below": 110.0, "at": 100.0, "far_above": 80.0})


def test_pace_of_change_refuses_a_total_that_does_not_cover_minimum_growth():
    with pytest.raises(ValueError, match=r"new_total \(£403.00\) does not cover minimum growth"):
        al.pace_of_change(CURRENT, TARGET, 403.00, min_growth=0.01)


def test_with_only_minimum_growth_money_every_area_grows_by_the_minimum():
    result = al.pace_of_change(CURRENT, TARGET, 404.00, min_growth=0.01)
    assert result.tolist() == [101.0, 101.0, 101.0, 101.0]


def test_the_area_furthest_below_target_gains_first():
    # £6 above minimum growth: all of it goes to the area 16% below target.
    result = al.pace_of_change(CURRENT, TARGET, 410.00, min_growth=0.01)
    assert result["far_below"] == 107.0
    assert result[["below", "at", "far_above"]].tolist() == [101.0, 101.0, 101.0]


def test_water_filling_leaves_areas_helped_at_a_common_distance_from_target():
    result = al.pace_of_change(CURRENT, TARGET, 420.00, min_growth=0.01)
    distance = al.distance_from_target(result, TARGET)["distance_pct"]
    assert distance["far_below"] == pytest.approx(distance["below"], abs=0.01)
    assert distance["far_below"] < 0


def test_no_area_ends_more_than_max_below_target_when_the_money_allows():
    result = al.pace_of_change(CURRENT, TARGET, 430.00, min_growth=0.01, max_below_target=0.05,
                               method="gap_share")
    distance = al.distance_from_target(result, TARGET)["distance_pct"]
    assert distance.min() >= -5.0 - 0.01


def test_areas_far_above_target_are_held_at_minimum_growth_when_capped():
    result = al.pace_of_change(CURRENT, TARGET, 460.00, min_growth=0.01, cap_above_target=0.10)
    assert result["far_above"] == 101.0
    assert result["at"] > 101.0


def test_without_a_cap_areas_above_target_share_money_left_in_proportion_to_target():
    result = al.pace_of_change(CURRENT, TARGET, 471.00, min_growth=0.01)
    # Minimum growth costs £404 and closing the gaps below target £28; the £39 left is
    # shared in proportion to target (£410 in all).
    assert result["far_above"] == pytest.approx(101.0 + 39 * 80 / 410, abs=0.01)
    assert result["far_below"] == pytest.approx(120.0 + 39 * 120 / 410, abs=0.01)


def test_gap_share_closes_the_same_fraction_of_every_gap():
    current = pd.Series({"a": 100.0, "b": 100.0})
    target = pd.Series({"a": 120.0, "b": 110.0})
    result = al.pace_of_change(current, target, 215.00, min_growth=0.0, method="gap_share")
    assert result["a"] == pytest.approx(110.0)
    assert result["b"] == pytest.approx(105.0)


def test_pace_of_change_refuses_an_unknown_method():
    with pytest.raises(ValueError, match='method must be "water_fill" or "gap_share"'):
        al.pace_of_change(CURRENT, TARGET, 500.00, min_growth=0.0, method="even")


def test_pace_of_change_refuses_min_growth_given_as_a_percentage():
    with pytest.raises(ValueError, match="min_growth must be between"):
        al.pace_of_change(CURRENT, TARGET, 500.00, min_growth=4.4)


areas_st = st.lists(
    st.tuples(st.integers(1, 10**9), st.floats(0.5, 2.0)), min_size=1, max_size=25
)


@settings(max_examples=300, deadline=None)
@given(
    areas=areas_st,
    min_growth=st.floats(0.0, 0.1),
    extra=st.floats(0.0, 0.3),
    max_below=st.one_of(st.none(), st.floats(0.0, 0.2)),
    cap=st.one_of(st.none(), st.floats(0.0, 0.3)),
    method=st.sampled_from(["water_fill", "gap_share"]),
)
def test_pace_of_change_sums_to_new_total_to_the_penny_and_gives_everyone_min_growth(
    areas, min_growth, extra, max_below, cap, method
):
    current = _series([pence / 100 for pence, _ in areas])
    target = _series([pence / 100 * ratio for pence, ratio in areas])
    floor_total = float((current * (1 + min_growth)).sum())
    new_total = np.ceil(floor_total * (1 + extra) * 100) / 100
    result = al.pace_of_change(current, target, new_total, min_growth=min_growth,
                               max_below_target=max_below, cap_above_target=cap, method=method)
    assert round(result.sum() * 100) == round(new_total * 100)
    assert np.allclose(result * 100, np.round(result * 100))
    assert (result >= current * (1 + min_growth) - 0.01).all()


@settings(max_examples=200, deadline=None)
@given(areas=areas_st, min_growth=st.floats(0.0, 0.1), extra=st.floats(0.0, 0.3))
def test_pace_of_change_never_leaves_a_helped_area_further_behind_than_an_unhelped_one(
    areas, min_growth, extra
):
    # Water-filling: an area that got more than minimum growth is not further below target
    # than any other area still below target.
    # Areas of at least £10,000, so rounding to the penny moves a ratio by under 1e-6.
    current = _series([10_000 + pence / 100 for pence, _ in areas])
    target = _series([(10_000 + pence / 100) * ratio for pence, ratio in areas])
    new_total = np.ceil(float((current * (1 + min_growth)).sum()) * (1 + extra) * 100) / 100
    result = al.pace_of_change(current, target, new_total, min_growth=min_growth)
    ratio = result / target
    helped = result > current * (1 + min_growth) + 0.02
    below = ratio < 1 - 1e-6
    if (helped & below).any():
        assert ratio[helped & below].min() >= ratio[below].min() - 1e-5


def test_pace_of_change_path_moves_areas_towards_target_each_year():
    years = ["2024/25", "2025/26", "2026/27"]
    targets = pd.DataFrame({y: TARGET for y in years})
    totals = {"2024/25": 412.0, "2025/26": 424.0, "2026/27": 436.0}
    path = al.pace_of_change_path(CURRENT, targets, totals, min_growth=0.01,
                                  cap_above_target=0.1)
    assert list(path.columns) == years
    for year in years:
        assert round(path[year].sum() * 100) == round(totals[year] * 100)
    gap = TARGET["far_below"] - path.loc["far_below"]
    assert gap.is_monotonic_decreasing


def test_pace_of_change_path_needs_a_total_for_every_year():
    targets = pd.DataFrame({"2024/25": TARGET, "2025/26": TARGET})
    with pytest.raises(ValueError, match="totals_by_year has no total for 2025/26"):
        al.pace_of_change_path(CURRENT, targets, {"2024/25": 500.0}, min_growth=0.0)


# ---------------------------------------------------------------------------
# Price per weighted head and exact totals
# ---------------------------------------------------------------------------

def test_price_per_weighted_head_gives_the_target_back():
    # Eastern Cheshire CCG 2013/14 (NHS England working paper, Annex A): target £237,285k.
    price = al.price_per_weighted_head(237_285_000, 205_000)
    assert al.target_allocation(205_000, price) == pytest.approx(237_285_000)
    weighted = pd.Series([100.0, 300.0])
    assert al.price_per_weighted_head(1_000.0, weighted) == pytest.approx(2.5)


def test_price_per_weighted_head_refuses_no_heads():
    with pytest.raises(ValueError, match="adds up to zero"):
        al.price_per_weighted_head(1_000.0, pd.Series([0.0, 0.0]))


@given(total=pence_st, weights=weights_st)
@settings(max_examples=100, deadline=None)
def test_exact_total_adds_weighted_capitation_back_to_the_penny(total, weights):
    shares = al.weighted_capitation(total / 100, pd.Series(weights))
    assert round(al.exact_total(shares) * 100) == total


def test_exact_total_refuses_fractions_of_a_penny():
    assert al.exact_total([0.1, 0.2]) == 0.3  # 0.1 + 0.2 is 0.30000000000000004 in floats
    with pytest.raises(ValueError, match="whole number of pence"):
        al.exact_total([0.001])
