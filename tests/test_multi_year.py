"""commlib.multi_year: the planning years, need by ICB across them, and convergence."""

import numpy as np
import pandas as pd
import pytest

from commlib import allocation, data, multi_year


def test_planning_years_are_the_years_of_the_current_icb_map():
    table = data.load("allocation_icb")
    years = multi_year.planning_years(table)
    latest = set(table.loc[table["year"] == years[-1], "icb_code"])
    assert years[-1] == max(table["year"])
    for year in years:
        assert set(table.loc[table["year"] == year, "icb_code"]) == latest
    earlier = [y for y in sorted(table["year"].unique()) if y < years[0]]
    if earlier:
        assert set(table.loc[table["year"] == earlier[-1], "icb_code"]) != latest


def test_planning_years_follow_the_data_when_a_year_is_added():
    toy = pd.DataFrame({"year": ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"],
                        "icb_code": ["A", "B", "B", "B", "B"]})
    assert multi_year.planning_years(toy) == ["2026/27", "2027/28", "2028/29", "2029/30"]


def test_need_by_year_matches_allocation_need_index_in_every_year():
    table = data.load("allocation_icb")
    need = multi_year.need_by_year(table=table)
    for year in multi_year.planning_years(table):
        rows = table[table["year"] == year].set_index("icb_code")
        expected = allocation.need_index(rows["population"], rows["wp_core"])
        assert np.allclose(need[year], expected.loc[need.index])
        weighted = np.average(need[year], weights=rows.loc[need.index, "population"])
        assert weighted == pytest.approx(1.0)
    assert need["change"].is_monotonic_increasing


def test_need_by_year_refuses_years_with_different_icbs():
    with pytest.raises(ValueError, match="ICBs differ"):
        multi_year.need_by_year(["2025/26", "2026/27"])


def test_need_by_year_refuses_a_column_that_is_not_a_weighted_population():
    with pytest.raises(ValueError, match="weighted"):
        multi_year.need_by_year(weighted="population")


def test_convergence_adds_up_to_each_year_s_total_to_the_penny():
    path = multi_year.convergence_path()
    ex = multi_year.EXAMPLE
    totals = path.groupby("year", sort=False)["allocation_gbp"].sum()
    expected = ex.base_total_gbp
    for i, year in enumerate(totals.index):
        if i:
            expected = round(expected * (1 + ex.total_growth), 2)
        assert round(totals[year] * 100) == round(expected * 100)


def test_both_groups_move_towards_target_and_none_grows_less_than_the_minimum():
    path = multi_year.convergence_path()
    ex = multi_year.EXAMPLE
    for _, rows in path.groupby("area"):
        gaps = rows["distance"].abs().to_numpy()
        assert (np.diff(gaps) <= 1e-12).all()
        assert (rows["growth"].dropna() >= ex.min_growth - 1e-9).all()
    above = path[path["area"] == "ICBs above target"]
    assert above["distance"].iloc[0] == pytest.approx(ex.distance_above)
    assert np.allclose(above["growth"].dropna().iloc[:-1], ex.min_growth, atol=1e-9)


def test_when_there_is_no_money_above_minimum_growth_nothing_converges():
    ex = multi_year.Example(total_growth=0.02, min_growth=0.02)
    path = multi_year.convergence_path(ex)
    for _, rows in path.groupby("area"):
        assert np.allclose(rows["distance"], rows["distance"].iloc[0], atol=1e-9)


def test_minimum_growth_above_total_growth_is_refused():
    with pytest.raises(ValueError, match="min_growth"):
        multi_year.convergence_path(multi_year.Example(total_growth=0.01, min_growth=0.02))
