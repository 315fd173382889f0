"""Tests for commlib.icb_allocation: an ICB allocation built up against a need-only fair share."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import data
from commlib import icb_allocation as ia


def test_fair_share_is_england_per_head_times_the_need_index():
    assert ia.need_only_fair_share_per_head(1_732, 1.10) == pytest.approx(1_905.2)


def test_build_up_steps_add_back_to_the_icb_per_head():
    steps = ia.per_head_build_up(1_732, 1.1187, 1_986)
    assert steps["england_per_head"] + steps["need_adjustment"] == pytest.approx(
        steps["need_only_fair_share"])
    assert steps["need_only_fair_share"] + steps["other_difference"] == pytest.approx(1_986)


@given(england=st.floats(1, 1e4), need=st.floats(0.5, 2), icb=st.floats(1, 1e4))
@settings(max_examples=100, deadline=None)
def test_build_up_always_adds_up(england, need, icb):
    steps = ia.per_head_build_up(england, need, icb)
    total = steps["england_per_head"] + steps["need_adjustment"] + steps["other_difference"]
    assert total == pytest.approx(icb, rel=1e-9, abs=1e-9)


def test_distance_is_signed_and_in_pounds_with_a_population():
    above = ia.distance_from_fair_share(1_986, 1_900, population=1_000)
    assert above["distance_per_head"] == pytest.approx(86)
    assert above["distance_pct"] == pytest.approx(86 / 1_900)
    assert above["distance_gbp"] == pytest.approx(86_000)
    below = ia.distance_from_fair_share(1_480, 1_550)
    assert below["distance_pct"] < 0
    assert "distance_gbp" not in below


def test_known_lines_total_names_the_lines_with_no_figure():
    lines = pd.Series({"core": 5_000_000.10, "primary medical care": np.nan,
                       "running costs": 200_000.20})
    total, missing = ia.known_lines_total(lines)
    assert total == 5_200_000.30
    assert missing == ["primary medical care"]


@pytest.mark.parametrize("call, message", [
    (lambda: ia.need_only_fair_share_per_head(1_732, 0), "need_index must be above zero"),
    (lambda: ia.per_head_build_up(-1, 1.0, 1_000), "england_per_head must be above zero"),
    (lambda: ia.distance_from_fair_share(1_000, 0), "fair_share_per_head must be above zero"),
    (lambda: ia.known_lines_total(pd.Series(dtype=float)), "at least one line"),
])
def test_bad_input_is_refused_in_a_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_example_table_marks_every_blank_line_unverified_and_says_why():
    table = data.load("icb_allocation_example")
    blank = table[table["value"].isna()]
    assert len(blank) >= 4
    assert not blank["verified"].any()
    assert blank["source"].str.contains("No published figure found").all()


def test_cheshire_and_merseyside_is_above_its_need_only_fair_share_and_bob_below():
    # CBP-10031 (2024/25): C&M £1,986 and BOB £1,480 per patient against England £1,732.
    table = data.load("icb_allocation_example").set_index("line_id")["value"]
    icbs = data.load("allocation_icb")
    year = icbs[icbs["year"] == "2024/25"].set_index("icb_code")
    from commlib.allocation import need_index
    need = need_index(year["population"], year["wp_core"])
    cm = ia.need_only_fair_share_per_head(table["eng_core_per_head"], need["QYG"])
    assert table["cm_core_per_head"] > cm
    bob = year.index[year["icb_name"].str.contains("Buckinghamshire")][0]
    assert table["bob_core_per_head"] < ia.need_only_fair_share_per_head(
        table["eng_core_per_head"], need[bob])
