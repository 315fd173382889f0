"""Tests for commlib.care_funding: pooled budget shares and the CHC screening funnel."""

import pytest

from commlib import care_funding as cf
from commlib import data


def test_pool_shares_add_to_the_exact_total_and_to_one():
    pool = cf.pool_shares({"NHS": 5_614_000_000.0, "Grant": 2_640_000_000.0,
                           "DFG": 711_000_000.0})
    assert pool.loc["Total", "amount"] == 8_965_000_000
    assert pool.drop("Total")["share"].sum() == pytest.approx(1.0)
    assert pool.loc["NHS", "share"] == pytest.approx(5_614 / 8_965)


def test_pool_is_added_in_pence():
    pool = cf.pool_shares({"a": 0.1, "b": 0.2})
    assert pool.loc["Total", "amount"] == 0.3


def test_funnel_follows_the_shares():
    funnel = cf.screening_funnel(124_000, 0.62, 0.18)
    assert funnel["full_assessments"] == pytest.approx(76_880)
    assert funnel["eligible"] == pytest.approx(22_320)
    assert funnel["eligible_share_of_assessed"] == pytest.approx(0.18 / 0.62)


def test_more_eligible_than_assessed_is_refused():
    with pytest.raises(ValueError, match="only people who are fully assessed"):
        cf.screening_funnel(100, 0.2, 0.3)


@pytest.mark.parametrize("call, message", [
    (lambda: cf.pool_shares({}), "at least one contribution"),
    (lambda: cf.pool_shares({"a": 0.0}), "add up to zero"),
    (lambda: cf.pool_shares({"a": -5.0}), "must not be negative"),
    (lambda: cf.average_cost_per_person(100, 0), "people must be above zero"),
    (lambda: cf.screening_funnel(10, 1.2, 0.1), "full_assessment_share must be between"),
])
def test_bad_inputs_are_refused_with_a_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_facts_table_marks_third_party_figures_unverified():
    facts = data.load("bcf_chc_facts").set_index("key")
    for key, row in facts.iterrows():
        if "not checked" in row["source"]:
            assert not row["verified"], key


def test_growth_is_end_over_start_less_one():
    assert cf.growth(100, 116) == pytest.approx(0.16)
    with pytest.raises(ValueError, match="start must be above zero"):
        cf.growth(0, 5)
