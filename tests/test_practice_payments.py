"""A real practice's payments: finding a practice by code or name, and what the explorer says."""

from __future__ import annotations

import pytest

from commlib import data, primary_care
from commlib.widgets import practice_payments as ppw
from commlib.widgets.browser_payments import practice_payments_data


def test_a_practice_is_found_by_its_code_in_any_case_and_spacing():
    assert primary_care.find_practice("2022/23", " b81011 ")["practice_name"] == (
        "KINGSTON HEALTH (HULL)")


def test_a_practice_is_found_by_part_of_its_name_with_spaces_collapsed():
    row = primary_care.find_practice("2022/23", "  east   hull family ")
    assert row["practice_code"] == "B81008"


def test_a_whole_name_is_chosen_among_names_that_contain_it():
    # "KINGSTON HEALTH (HULL)" is also in no other name, but "ORCHARD 2000 GROUP" is a whole
    # name: check the rule on a name that is part of another one, found in the data.
    rows = data.load("gp_payments_practices")
    rows = rows[rows["year"] == "2022/23"]
    names = sorted(set(rows["practice_name"]))
    nested = next(n for n in names
                  if rows["practice_name"].str.contains(n, regex=False).sum() > 1
                  and (rows["practice_name"] == n).sum() == 1)
    assert primary_care.find_practice("2022/23", nested.lower())["practice_name"] == nested


def test_a_blank_box_says_what_to_type_with_an_example():
    with pytest.raises(ValueError, match=r"Type a GP practice's code \(such as A81001\)"):
        primary_care.find_practice("2022/23", "   ")


def test_no_match_says_to_check_the_spelling():
    with pytest.raises(ValueError, match="check the spelling"):
        primary_care.find_practice("2022/23", "ZZZ99")


def test_many_matches_are_counted_and_the_first_named_by_code():
    with pytest.raises(ValueError) as refused:
        primary_care.find_practice("2022/23", "kingston")
    sentence = str(refused.value)
    assert sentence.startswith("4 GP practices in 2022/23 have a name containing")
    assert "B81011 KINGSTON HEALTH (HULL); B81017 KINGSTON MEDICAL GROUP;" in sentence
    assert sentence.endswith("and 1 more.")


def test_a_year_without_payments_data_is_refused_listing_the_years():
    with pytest.raises(ValueError, match="2019/20, 2020/21, 2021/22, 2022/23"):
        primary_care.find_practice("2024/25", "B81011")


def test_the_explorer_shows_the_published_streams_adding_to_the_total():
    row = primary_care.find_practice("2022/23", "B81011")
    streams = sum(float(row[key]) for key in primary_care.TOTAL_PAYMENT_STREAMS)
    assert streams == pytest.approx(float(row["total_payments"]), abs=0.005)
    page = ppw.render("2022/23", "B81011")
    assert "£1,418,705.10" in page  # the total, to the penny, in the table
    assert "NHS Hull (03F), a sub-ICB location of NHS Humber and North Yorkshire ICB" in page
    median = ppw.england_medians()[("2022/23", "GMS")]
    assert f"£{median:,.2f}" in page


def test_the_model_global_sum_is_the_list_at_the_national_price():
    row = primary_care.find_practice("2022/23", "B81011")
    price = primary_care.contract_values("2022/23")["global_sum_per_weighted_patient"]
    model = float(row["weighted_patients"]) * float(price)
    assert f"gives a global sum of £{model:,.0f}" in ppw.render("2022/23", "B81011")


def test_a_practice_without_patients_has_no_figure_per_patient():
    page = ppw.render("2019/20", "B81021")
    assert "no figure per patient" in page
    assert "per registered patient and" not in page


def test_the_live_explorer_keeps_the_last_good_result_after_a_refusal():
    explorer = ppw.practice_payments_explorer()
    good = explorer.result.value
    assert "KINGSTON HEALTH (HULL)" in good
    explorer.controls["practice"].value = "kingston"
    assert explorer.result.value == good
    assert "4 GP practices" in explorer.message.value


def test_the_twin_exports_every_practice_once_per_year_in_a_shard_by_letter():
    exported = practice_payments_data()
    table = data.load("gp_payments_practices")
    for year, key in exported.main["year_keys"].items():
        codes = exported.parts[key]["codes"]
        assert codes == sorted(table.loc[table["year"] == year, "practice_code"])
        in_shards = {code for name, part in exported.parts.items()
                     if name.startswith(f"{key}-") for code in part}
        assert in_shards == set(codes)
