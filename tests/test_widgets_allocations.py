"""Tests for commlib.widgets.allocations: the Chapter 4 money-in explorers.

Each explorer must show what the models compute, refuse bad input with a sentence while
keeping the last good result, and (for the kernel-free explorers) store steps equal to the
models' values.
"""

import html
import re

import pandas as pd
import pytest

from commlib import allocation, data, fmt, places, plots
from commlib.widgets import allocations as alw

NATIONAL_SUM = 107_600_000_000.00  # 2024/25 ICB core allocations, as in data/national_allocations


def _explorer_meta(fig):
    return fig.layout.meta["commlib_explorer"]


@pytest.fixture(scope="module")
def icb_explorer():
    return alw.icb_allocation_explorer()


@pytest.fixture(scope="module")
def pace_explorer():
    return alw.pace_of_change_explorer()


@pytest.fixture(scope="module")
def place_explorer():
    return alw.place_allocation_explorer()


# ---------------------------------------------------------------------------
# Data helpers
# ---------------------------------------------------------------------------

def test_national_figure_reads_the_hand_compiled_table():
    assert alw.national_figure("icb_core_2024_25") == NATIONAL_SUM
    assert alw.national_figure("ccg_allocations_2019_20") == 78_400_000_000.00
    assert alw.national_figure("vale_of_york_per_head_2020_21") == 1373


def test_the_default_national_sum_is_the_2024_25_core_total_and_says_its_year():
    assert alw.default_national_sum() == NATIONAL_SUM
    assert "2024/25" in alw.default_national_label()
    assert "£107.6bn" in alw.default_national_label()


def test_icb_years_come_from_the_allocation_data():
    years = sorted(data.load("allocation_icb")["year"].unique())
    assert list(alw.ICB_YEARS) == years


def test_pace_rules_are_the_dated_published_figures():
    rules = alw.pace_rules()
    assert rules == {"min_growth": 0.036, "max_below_target": 0.05, "cap_above_target": 0.10}


def test_national_figure_unknown_name_is_a_plain_error():
    with pytest.raises(ValueError, match="no figure called"):
        alw.national_figure("no_such_fact")


def test_icb_counts_are_42_then_36_after_the_2026_mergers():
    counts = {y: len(alw.icb_year(y)) for y in alw.ICB_YEARS}
    assert [counts[y] for y in ("2023/24", "2024/25", "2025/26", "2026/27")] == [42, 42, 42, 36]
    assert all(n == 36 for y, n in counts.items() if y > "2026/27")


def test_icb_need_table_equals_need_index_model():
    rows = alw.icb_year("2024/25")
    expected = allocation.need_index(rows["population"], rows["wp_mental_health"])
    pd.testing.assert_series_equal(
        alw.icb_need_table("2024/25")["wp_mental_health"], expected, check_names=False)


@pytest.mark.parametrize("year", alw.ICB_YEARS)
def test_fair_shares_add_back_to_the_national_sum_to_the_penny(year):
    shares = alw.icb_fair_shares(year, NATIONAL_SUM)
    assert round(shares.sum() * 100) == round(NATIONAL_SUM * 100)
    pence = allocation.weighted_capitation_pence(NATIONAL_SUM, alw.icb_year(year)["wp_core"])
    assert int(pence.sum()) == round(NATIONAL_SUM * 100)


# ---------------------------------------------------------------------------
# Live ICB explorer
# ---------------------------------------------------------------------------

def test_icb_widget_starts_with_the_models_fair_share():
    explorer = alw.icb_allocation_widget(icb_code="QOQ", year="2024/25")
    share = alw.icb_fair_shares("2024/25", NATIONAL_SUM)["QOQ"]
    assert fmt.money(share, dp=2) in html.unescape(explorer.result.value)


def test_icb_widget_changing_the_national_sum_changes_the_share_to_the_models_value():
    explorer = alw.icb_allocation_widget(icb_code="QHM", year="2025/26")
    assert explorer.set(national_sum_m=1000.0)
    expected = allocation.weighted_capitation(1e9, alw.icb_year("2025/26")["wp_core"])["QHM"]
    text = html.unescape(explorer.result.value)
    assert fmt.money(expected, dp=2) in text
    assert "£1,000.0m" in text


def test_icb_widget_changing_year_shows_that_years_need_index():
    explorer = alw.icb_allocation_widget(icb_code="QOQ", year="2024/25")
    explorer.controls["year"].value = "2026/27"  # through observe, as a reader would
    need = alw.icb_need_table("2026/27").at["QOQ", "wp_core"]
    assert f"core need index {fmt.index(need)}" in html.unescape(explorer.result.value)


def test_icb_widget_bad_national_sum_shows_message_and_keeps_last_result():
    explorer = alw.icb_allocation_widget()
    before = explorer.result.value
    assert not explorer.set(national_sum_m=-5.0)
    assert "must be more than zero" in explorer.message.value
    assert explorer.result.value == before
    assert explorer.set(national_sum_m=500.0)
    assert explorer.message.value == ""


def test_icb_widget_merged_icb_has_no_result_in_any_later_year():
    explorer = alw.icb_allocation_widget(icb_code="QNQ", year="2025/26")  # Frimley
    for year in (y for y in alw.ICB_YEARS if y > "2025/26"):
        assert not explorer.set(year=year)
        assert "up to 2025/26" in html.unescape(explorer.message.value)


def test_icb_widget_merged_icb_has_no_2026_27_result():
    explorer = alw.icb_allocation_widget(icb_code="QNQ", year="2025/26")  # Frimley
    before = explorer.result.value
    assert not explorer.set(year="2026/27")
    assert "merged" in html.unescape(explorer.message.value)
    assert explorer.result.value == before


# ---------------------------------------------------------------------------
# Kernel-free explorers
# ---------------------------------------------------------------------------

def test_icb_explorer_bars_equal_the_need_indices(icb_explorer):
    meta = _explorer_meta(icb_explorer)
    codes = list(alw.icb_names())
    i, j = codes.index("QE1"), alw.ICB_YEARS.index("2023/24")
    step = meta["steps"][i * len(alw.ICB_YEARS) + j]
    need = alw.icb_need_table("2023/24").loc["QE1"]
    assert step["x"][0] == pytest.approx([need[c] for c in alw.COMPONENT_LABELS], abs=1e-4)


def test_icb_explorer_headline_gives_the_models_fair_share(icb_explorer):
    fig = icb_explorer
    codes = list(alw.icb_names())
    headline = plots.explorer_headline(fig, codes.index("QOQ"), alw.ICB_YEARS.index("2024/25"))
    share = alw.icb_fair_shares("2024/25", NATIONAL_SUM)["QOQ"]
    assert fmt.money(share, dp=2) in headline


def test_icb_explorer_says_when_an_icb_did_not_exist_that_year(icb_explorer):
    fig = icb_explorer
    codes = list(alw.icb_names())
    headline = plots.explorer_headline(fig, codes.index("T05"), alw.ICB_YEARS.index("2024/25"))
    assert "formed by a merger" in headline


def test_core_need_explorer_steps_are_sorted_need_indices():
    fig = alw.core_need_explorer()
    meta = _explorer_meta(fig)
    step = meta["steps"][alw.ICB_YEARS.index("2026/27")]
    values = [1.0 + x for x in step["x"][0]]
    expected = sorted(alw.icb_need_table("2026/27")["wp_core"])
    assert values == pytest.approx(expected, abs=1e-4)
    assert re.search(r"36 ICBs", meta["headlines"][alw.ICB_YEARS.index("2026/27")])


# ---------------------------------------------------------------------------
# Pace of change
# ---------------------------------------------------------------------------

RULES = {"max_below_target": 0.05, "cap_above_target": 0.10}


def test_pace_start_has_the_illustrative_distances_and_the_region_on_target():
    start = alw.pace_start()
    for code, distance in alw.PACE_ILLUSTRATIVE_DISTANCE.items():
        assert start.at[code, "distance_pct"] == pytest.approx(distance * 100, abs=1e-6)
    assert start["current"].sum() == pytest.approx(start["target"].sum(), abs=0.05)


def test_pace_path_equals_the_pace_of_change_model():
    start = alw.pace_start()
    path = alw.pace_path(0.05, 0.02, 0.05, 0.10, years=3, start=start)
    first_year = path["allocation"].columns[1]
    total = round(start["current"].sum() * 1.05, 2)
    target = allocation.weighted_capitation(total, start["weighted_population"])
    expected = allocation.pace_of_change(start["current"], target, total, min_growth=0.02,
                                         **RULES)
    pd.testing.assert_series_equal(path["allocation"][first_year], expected, check_names=False)


def test_pace_path_with_growth_equal_to_minimum_leaves_distances_unchanged():
    path = alw.pace_path(0.044, 0.044, 0.05, 0.10)
    distance = path["distance_pct"]
    assert distance.iloc[:, -1].to_numpy() == pytest.approx(distance.iloc[:, 0].to_numpy(),
                                                            abs=1e-6)


def test_pace_path_every_year_adds_up_to_that_years_total_to_the_penny():
    path = alw.pace_path(0.06, 0.02, 0.05, 0.10)
    allocations, targets = path["allocation"], path["target"]
    for year in allocations.columns[1:]:
        assert round(allocations[year].sum() * 100) == round(targets[year].sum() * 100)


def test_pace_widget_changing_growth_changes_the_result_to_the_models_value():
    explorer = alw.pace_of_change_widget()
    assert explorer.set(growth_pct=8.0)
    path = alw.pace_path(0.08, 0.036, 0.05, 0.10)
    last = path["distance_pct"].columns[-1]
    expected = fmt.signed_pct(path["distance_pct"].at["QHM", last] / 100)
    assert f"is {expected} from target" in html.unescape(explorer.result.value)


def test_pace_widget_minimum_above_growth_shows_message_and_keeps_last_result():
    explorer = alw.pace_of_change_widget()
    before = explorer.result.value
    assert not explorer.set(min_growth_pct=9.0)
    assert "cannot be more than the growth" in html.unescape(explorer.message.value)
    assert explorer.result.value == before


def test_pace_explorer_steps_equal_the_models_distances(pace_explorer):
    meta = _explorer_meta(pace_explorer)
    sizes = [len(d["labels"]) for d in meta["dims"]]
    i, j = alw.PACE_GROWTH_STEPS.index(0.03), 1  # 3% growth, 1% minimum
    step = meta["steps"][i * sizes[1] + j]
    path = alw.pace_path(0.03, 0.01, 0.05, 0.10)
    for n, code in enumerate(alw.pace_start().index):
        assert step["y"][n] == pytest.approx(path["distance_pct"].loc[code].tolist(), abs=1e-3)


def test_pace_explorer_says_when_minimum_growth_is_unaffordable(pace_explorer):
    meta = _explorer_meta(pace_explorer)
    sizes = [len(d["labels"]) for d in meta["dims"]]
    headline = meta["headlines"][alw.PACE_GROWTH_STEPS.index(0.02) * sizes[1] + sizes[1] - 1]
    assert "cannot be more than the growth" in headline


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------

def test_place_shares_add_back_to_the_amount_to_the_penny():
    amount = 1_234_567_890.12
    for by in ("la", "sub_icb", "pcn"):
        shares = alw.place_shares("QOQ", "2024/25", by, amount)
        assert int(round(shares["allocation"].sum() * 100)) == 123_456_789_012


def test_place_shares_equal_the_place_allocation_model():
    rows = places.practices("2024/25", "QWO")
    expected = places.place_allocation(rows, "la", 5e8)
    shares = alw.place_shares("QWO", "2024/25", "la", 5e8)
    assert shares["allocation"].tolist() == expected["allocation"].tolist()


def test_place_widget_changing_grouping_shows_the_models_shares():
    explorer = alw.place_allocation_widget(amount_m=100.0)
    assert explorer.set(by="la")
    shares = alw.place_shares("QOQ", "2024/25", "la", 1e8)
    text = html.unescape(explorer.result.value)
    assert fmt.money(shares.at["York", "allocation"], dp=2) in text
    assert "11 places by local authority" in text


def test_place_widget_sub_icb_in_2025_26_shows_message_and_keeps_last_result():
    explorer = alw.place_allocation_widget()
    before = explorer.result.value
    assert not explorer.set(year="2025/26")  # grouping is sub-ICB, not recorded in 2025/26
    assert "not recorded" in html.unescape(explorer.message.value)
    assert explorer.result.value == before


def test_place_widget_bad_amount_shows_message():
    explorer = alw.place_allocation_widget()
    assert not explorer.set(amount_m=0.0)
    assert "must be more than zero" in explorer.message.value


def test_place_explorer_steps_equal_place_shares(place_explorer):
    meta = _explorer_meta(place_explorer)
    groupings = list(alw.PLACE_GROUPINGS)
    i, j = alw.PLACE_EXPLORER_ICBS.index("QOP"), groupings.index("la")
    step = meta["steps"][i * len(groupings) + j]
    amount = alw.icb_fair_shares("2024/25", NATIONAL_SUM)["QOP"]
    shares = alw.place_shares("QOP", "2024/25", "la", amount)
    assert step["x"][0] == pytest.approx(shares["need_index"].tolist(), abs=1e-4)
    assert step["customdata"][0] == pytest.approx(shares["allocation"].tolist(), abs=0.005)


# ---------------------------------------------------------------------------
# Budget streams (chapter opening page)
# ---------------------------------------------------------------------------

def test_budget_streams_add_up_to_the_published_total():
    for year, total_id in alw.BUDGET_TOTALS.items():
        frame = alw.budget_streams(year)
        assert frame["amount"].sum() == pytest.approx(alw.national_figure(total_id))


def test_budget_widget_changing_year_shows_that_years_streams():
    explorer = alw.budget_streams_widget()
    assert explorer.set(year="2016/17")
    assert "Specialised services (NHS England)" in html.unescape(explorer.result.value)
