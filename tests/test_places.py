"""Tests for commlib.places: grouping practices into places, need and fair shares."""

import numpy as np
import pandas as pd
import pytest

from commlib import places as pl


def _practices():
    """Five practices in one ICB: two local authorities, one practice with no PCN."""
    return pd.DataFrame({
        "year": ["2024/25"] * 5,
        "practice_code": ["P1", "P2", "P3", "P4", "P5"],
        "pcn_code": ["U1", "U1", "U2", None, "U2"],
        "pcn_name": ["North PCN", "North PCN", "South PCN", None, "South PCN"],
        "sub_icb_code": ["01A", "01A", "02B", "02B", "02B"],
        "icb_code": ["QXX"] * 5,
        "icb_name": ["NHS Example ICB"] * 5,
        "la_code": ["E1", "E1", "E2", "E2", "E2"],
        "la_name": ["Northtown", "Northtown", "Southville", "Southville", "Southville"],
        "population": [1_000.0, 3_000.0, 2_000.0, 2_000.0, 2_000.0],
        "wp_core": [1_000.0, 3_000.0, 3_000.0, 2_000.0, 1_000.0],
        "wp_maternity": [500.0, 500.0, 3_000.0, 3_000.0, 3_000.0],
    })


def test_practices_without_a_pcn_go_into_a_place_named_plainly():
    places = pl.group_places(_practices(), "pcn")
    assert places.tolist() == ["North PCN", "North PCN", "South PCN", "No PCN recorded",
                               "South PCN"]


def test_a_custom_list_puts_unlisted_practices_together():
    places = pl.group_places(_practices(), {"P1": "Coast", "P3": "Coast", "P2": "Hills"})
    assert places.tolist() == ["Coast", "Hills", "Coast", "Practices not in the list",
                               "Practices not in the list"]


def test_a_custom_list_naming_an_unknown_practice_is_refused():
    with pytest.raises(ValueError, match="names practice 'Z9', which is not among"):
        pl.group_places(_practices(), {"Z9": "Coast"})


def test_an_unknown_grouping_is_refused_listing_the_choices():
    with pytest.raises(ValueError, match=r"by \('ward'\) must be one of 'pcn', 'la'"):
        pl.group_places(_practices(), "ward")


def test_place_need_sums_practices_and_compares_with_the_icb():
    need = pl.place_need(_practices(), "la")
    assert need.loc["Northtown", "population"] == 4_000
    assert need.loc["Southville", "weighted_population"] == 6_000
    # ICB: 10,000 weighted for 10,000 people; Northtown 4,000 for 4,000 -> index 1.
    assert need.loc["Northtown", "need_index"] == pytest.approx(1.0)
    assert need["share_of_weighted_population"].sum() == pytest.approx(1.0)


def test_need_indices_of_places_weighted_by_population_average_one():
    need = pl.place_need(_practices(), "pcn", component="wp_maternity")
    assert np.average(need["need_index"], weights=need["population"]) == pytest.approx(1.0)


def test_catch_all_places_come_last():
    need = pl.place_need(_practices(), "pcn")
    assert list(need.index) == ["North PCN", "South PCN", "No PCN recorded"]


def test_place_need_refuses_an_unknown_component_listing_the_components():
    with pytest.raises(ValueError, match=r"component \('wp_dental'\) must be one of: "
                                         r"wp_general_acute \(general and acute\)"):
        pl.place_need(_practices(), "la", component="wp_dental")


def test_place_allocation_adds_back_to_the_total_to_the_penny():
    result = pl.place_allocation(_practices(), "pcn", 1_000_000.01)
    assert int(round(result["allocation"].sum() * 100)) == 100_000_001
    # Exact share £400,000.004: rounded to £400,000.00 or, with the odd penny, £400,000.01.
    assert result.loc["North PCN", "allocation"] in (400_000.00, 400_000.01)


def test_place_allocation_per_head_is_higher_where_need_is_higher():
    result = pl.place_allocation(_practices(), "pcn", 1_000_000)
    # South PCN: 4,000 weighted for 4,000 people; No PCN: 2,000 weighted for 2,000 people.
    assert result.loc["North PCN", "allocation_per_head"] == pytest.approx(100.0)
    high = pl.place_allocation(_practices(), "la", 1_000_000, component="wp_maternity")
    assert high.loc["Southville", "allocation_per_head"] > high.loc["Northtown",
                                                                    "allocation_per_head"]


# ---------------------------------------------------------------------------
# Against the data (NHS England ICB place-based allocation tool, table allocation_practices)
# ---------------------------------------------------------------------------


def test_a_year_without_data_is_refused_listing_the_years():
    with pytest.raises(ValueError, match=r"^no allocation data for 2019/20: choose one of "
                                         r"2023/24, 2024/25, 2025/26, 2026/27, 2027/28, 2028/29$"):
        pl.practices("2019/20")


def test_an_unknown_icb_is_refused_saying_how_to_find_codes():
    with pytest.raises(ValueError, match=r"no ICB with code 'XXX' in 2024/25: see "
                                         r"commlib.places.icbs"):
        pl.practices("2024/25", "XXX")


def test_grouping_by_pcn_is_refused_when_no_practice_has_a_pcn():
    rows = _practices().assign(pcn_code=None, pcn_name=None)
    with pytest.raises(ValueError, match="Primary care network .PCN. is not recorded in the "
                                         "2024/25 allocation data"):
        pl.group_places(rows, "pcn")


@pytest.mark.parametrize("year", ["2025/26", "2026/27"])
def test_grouping_by_sub_icb_is_refused_in_years_without_sub_icb_locations(year):
    # data/allocation_practices.json: sub-ICB codes are empty for 2025/26 and 2026/27.
    with pytest.raises(ValueError, match=f"Sub-ICB location is not recorded in the {year}"):
        pl.group_places(pl.practices(year), "sub_icb")


def test_sub_icb_places_are_named_like_the_allocation_sub_icb_table():
    places = pl.group_places(pl.practices("2024/25", "QHM"), "sub_icb")
    assert "NHS North East and North Cumbria ICB - 00L" in set(places)


def test_need_relative_to_england_averages_one_over_england():
    rows = pl.practices("2024/25")
    need = pl.place_need(rows, "icb")
    assert np.average(need["need_index_england"], weights=need["population"]) == pytest.approx(1)
    assert len(need) == 42


def test_every_component_shares_the_total_exactly_for_every_practice():
    result = pl.place_allocation_all_components("2024/25", total=1_000_000_000)
    assert list(result.columns) == list(pl.COMPONENTS)
    assert len(result) == len(pl.practices("2024/25"))
    assert (np.round(result.sum() * 100).astype("int64") == 100_000_000_000).all()


def test_2026_27_has_36_icbs_after_the_mergers():
    # facts.md: 36 ICB codes in NHS England's 2026/27 allocation tool data.
    assert len(pl.icbs("2026/27")) == 36


def test_need_profile_gives_every_index_of_each_place_and_the_whole_against_england():
    rows = pl.practices("2024/25", "QOQ")
    profile = pl.need_profile(rows, "sub_icb", whole="The ICB")
    assert list(profile.columns) == list(pl.COMPONENTS)
    assert profile.index[-1] == "The ICB"
    for component in pl.COMPONENTS:  # each column is place_need's England index, the ICB last
        need = pl.place_need(rows, "sub_icb", component=component)
        assert profile[component].iloc[:-1].tolist() == need["need_index_england"].tolist()
        whole = pl.place_need(rows, "icb", component=component)["need_index_england"].iloc[0]
        assert profile.at["The ICB", component] == pytest.approx(whole, rel=1e-12)
    # Humber and North Yorkshire is needier than England overall (core index above 1).
    assert profile.at["The ICB", "wp_core"] > 1


def test_need_profile_needs_englands_totals_and_a_free_name_for_the_whole():
    with pytest.raises(ValueError, match="England's totals"):
        pl.need_profile(_practices(), "la")
    rows = pl.practices("2024/25", "QOQ")
    first = pl.need_profile(rows, "sub_icb").index[0]
    with pytest.raises(ValueError, match="already named"):
        pl.need_profile(rows, "sub_icb", whole=first)
