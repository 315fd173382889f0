"""Sizes of areas and need indices for chapter 1 (commlib.widgets.needs)."""

from __future__ import annotations

import html

import pytest

from commlib import data, fmt
from commlib.widgets import needs


@pytest.mark.parametrize("month, year", [("2026-12", "2026/27"), ("2027-03", "2026/27"),
                                         ("2027-04", "2027/28"), ("2000-01", "1999/00")])
def test_a_month_falls_in_the_financial_year_from_april_to_march(month, year):
    assert needs.financial_year_of(month) == year


@pytest.mark.parametrize("month", ["2026-13", "2026", "December 2026", None])
def test_a_month_not_written_yyyy_mm_is_refused_with_a_sentence(month):
    with pytest.raises(ValueError, match="YYYY-MM"):
        needs.financial_year_of(month)


def test_today_is_the_financial_year_of_the_pages_last_review():
    reviews = data.load("page_reviews").set_index("page")
    month = reviews.at["book/01-commissioning-cycle/needs-and-geography", "last_reviewed"]
    assert needs.current_year() == needs.financial_year_of(month)


def test_a_page_without_a_review_row_is_refused():
    with pytest.raises(ValueError, match="page_reviews"):
        needs.current_year("book/no-such-page")


def test_the_place_explorer_uses_the_latest_year_whose_files_name_sub_icb_locations():
    assert needs.YEAR == needs.years("allocation_sub_icb")[-1]
    assert needs.YEAR in needs.years("allocation_icb")


def test_level_sizes_count_every_area_of_the_year_and_england_adds_up():
    year = needs.years("allocation_practices")[-1]
    sizes = needs.level_sizes(year).set_index("level")
    practices = data.load("allocation_practices")
    practices = practices[practices["year"] == year]
    assert sizes.at["GP practice", "areas"] == len(practices)
    assert sizes.at["England", "median"] == pytest.approx(practices["population"].sum())
    icbs = data.load("allocation_icb")
    assert sizes.at["Integrated care board (ICB)", "areas"] == (icbs["year"] == year).sum()


def test_a_level_missing_from_a_year_is_given_for_its_latest_earlier_year_and_says_so():
    year = needs.years("allocation_practices")[-1]
    sizes = needs.level_sizes(year).set_index("level")
    assert year not in needs.years("allocation_sub_icb")
    assert sizes.at["Sub-ICB location", "year"] == needs.years("allocation_sub_icb")[-1]
    assert sizes.at["GP practice", "year"] == year


def test_level_sizes_refuse_a_year_without_practices():
    with pytest.raises(ValueError, match="year must be one of"):
        needs.level_sizes("2019/20")


def test_icb_need_indices_average_to_one_with_population_weights():
    for year in needs.years("allocation_icb"):
        table = needs.icb_needs(year)
        weighted = (table["need_wp_core"] * table["population"]).sum() / table["population"].sum()
        assert weighted == pytest.approx(1.0)


def test_need_tables_refuse_a_year_whose_files_name_no_sub_icb_locations():
    with pytest.raises(ValueError, match="do not name sub-ICB locations"):
        needs.need_tables("2026/27")


def test_the_explorer_names_the_year_of_its_data():
    tables = needs.need_tables()
    text = needs.render(tables, "Humber", "wp_core")
    assert html.escape(f"in {needs.YEAR}") in text
    assert "Humber and North Yorkshire" in text


def test_the_examples_the_explorer_suggests_find_the_icb_they_name():
    icbs = needs.need_tables()["icb"]
    assert "Humber" in icbs.at[needs.find_icb(icbs, "Humber"), "icb_name"]
    assert "Cornwall" in icbs.at[needs.find_icb(icbs, "cornwall"), "icb_name"]
    with pytest.raises(ValueError, match="no ICB's name contains 'Atlantis'"):
        needs.find_icb(icbs, "Atlantis")


@pytest.mark.parametrize("blank", ["", " ", "\t \u00a0", None])
def test_an_empty_icb_box_shows_every_icb_lowest_first(blank):
    tables = needs.need_tables()
    text = needs.render(tables, blank, "wp_mental_health")
    icbs = tables["icb"].sort_values("need_wp_mental_health")
    assert f"across {len(icbs)} ICBs" in text
    first, last = icbs.iloc[0], icbs.iloc[-1]
    assert text.index(html.escape(first["icb_name"])) < text.index(html.escape(last["icb_name"]))
    assert fmt.index(last["need_wp_mental_health"]) in text


def test_an_icb_is_found_by_its_code_or_its_name_in_any_case():
    icbs = needs.need_tables()["icb"]
    assert needs.find_icb(icbs, "qoq") == "QOQ"
    assert needs.find_icb(icbs, "  HUMBER   and north ") == "QOQ"
    # Case folding as Python does it: the German sharp s folds to "ss" (Sussex).
    assert "Sussex" in icbs.at[needs.find_icb(icbs, "Sußex"), "icb_name"]


def test_the_live_explorer_refuses_text_that_names_no_icb_and_keeps_the_result():
    explorer = needs.live_explorer()
    good = explorer.result.value
    assert not explorer.set(icb="1e9")
    assert explorer.last_error.startswith("no ICB's name contains '1e9'")
    assert explorer.result.value == good
    assert explorer.set(icb="")
    assert "Every ICB in" in explorer.result.value


def test_sub_icb_locations_are_named_after_the_place_of_the_ccg_they_replaced():
    labels = needs.sub_icb_labels()
    assert labels["03Q"] == "NHS Vale of York (03Q)"
    assert labels["03F"] == "NHS Hull (03F)"
    assert labels.str.contains(r"\(\w{3,5}\)$").all()
