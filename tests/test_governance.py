"""The governance rules: scheme of delegation, gifts and hospitality, oversight segments."""

import pandas as pd
import pytest

from commlib import data, governance

ORDER = "Order goods or services within an approved budget"


@pytest.mark.parametrize(
    ("value", "approver"),
    [
        (0, "Budget holder"),
        (10_000, "Budget holder"),
        (10_000.01, "Director"),
        (75_000, "Chief Finance Officer"),
        (250_000, "Chief Finance Officer"),
        (1_000_000, "Chief Executive (Accountable Officer)"),
        (1_000_000.01, "Board"),
        (1e9, "Board"),
    ],
)
def test_who_may_approve_picks_the_band_that_includes_its_upper_limit(value, approver):
    assert governance.who_may_approve(ORDER, value).approver == approver


def test_the_band_is_described_in_words():
    assert governance.who_may_approve(ORDER, 75_000).band == "above £50,000 up to £250,000"
    assert governance.who_may_approve(ORDER, 5_000).band == "up to £10,000"
    assert governance.who_may_approve(ORDER, 5e6).band == "above £1,000,000, no upper limit"


def test_a_negative_value_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="must not be negative"):
        governance.who_may_approve(ORDER, -1)


def test_an_unknown_decision_type_lists_the_known_ones():
    with pytest.raises(ValueError, match="choose one of: Order goods"):
        governance.who_may_approve("Buy a yacht", 10)


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="number of pounds"):
        governance.who_may_approve(ORDER, "lots")


def test_every_decision_type_in_the_example_scheme_has_an_approver_at_any_value():
    for decision in governance.decision_types():
        for value in (0, 1, 99_999, 12_345_678):
            assert governance.who_may_approve(decision, value).approver


def test_a_scheme_with_a_gap_between_bands_is_rejected():
    scheme = data.load("scheme_of_delegation")
    scheme.loc[1, "lower_limit_gbp"] = 20_000.0
    with pytest.raises(ValueError, match="must join up"):
        governance.scheme_of_delegation(scheme)


def test_an_edited_scheme_changes_the_answer():
    scheme = data.load("scheme_of_delegation")
    scheme.loc[0, "upper_limit_gbp"] = 20_000.0
    scheme.loc[1, "lower_limit_gbp"] = 20_000.0
    assert governance.who_may_approve(ORDER, 15_000, scheme).approver == "Budget holder"
    assert governance.who_may_approve(ORDER, 15_000).approver == "Director"


@pytest.mark.parametrize(
    ("kind", "supplier", "value", "outcome"),
    [
        ("gift", True, 6, "accept"),
        ("gift", True, 6.01, "refuse"),
        ("gift", False, 49.99, "accept"),
        ("gift", False, 50, "declare"),
        ("hospitality", True, 24.99, "accept"),
        ("hospitality", False, 25, "declare"),
        ("hospitality", True, 75, "declare"),
        ("hospitality", True, 75.01, "refuse"),
    ],
)
def test_the_2017_thresholds_sort_offers_at_their_boundaries(kind, supplier, value, outcome):
    assert governance.gift_or_hospitality(kind, supplier, value).outcome == outcome


def test_senior_approval_turns_costly_hospitality_into_a_declaration():
    decision = governance.gift_or_hospitality("hospitality", True, 120, senior_approval=True)
    assert decision.outcome == "declare"
    assert decision.must_declare and decision.may_accept and decision.approved


def test_senior_approval_cannot_save_a_costly_gift_from_a_supplier():
    decision = governance.gift_or_hospitality("gift", True, 120, senior_approval=True)
    assert decision.outcome == "refuse"
    assert not decision.may_accept


def test_a_negative_offer_value_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        governance.gift_or_hospitality("gift", False, -3)


def test_an_unknown_kind_of_offer_is_refused():
    with pytest.raises(ValueError, match="'gift' or 'hospitality'"):
        governance.gift_or_hospitality("holiday", False, 3)


def test_the_example_trust_averages_its_scores_into_segment_3():
    scores = data.load("oversight_example_2025")["score"].astype(int).tolist()
    segment = governance.segment_2025(scores)
    assert segment.segment == 3
    assert segment.average_score == pytest.approx(sum(scores) / len(scores))


@pytest.mark.parametrize(
    ("scores", "segment"),
    [([1, 1, 2, 2], 1), ([1, 2, 2, 2], 2), ([2, 2, 3, 3], 2), ([2, 3, 3, 3], 3), ([4, 4, 3], 4)],
)
def test_segment_bands_include_their_upper_score(scores, segment):
    assert governance.segment_2025(scores).segment == segment


def test_recovery_support_means_segment_5_whatever_the_scores():
    assert governance.segment_2025([1, 1, 1], in_recovery_support=True).segment == 5


def test_a_score_outside_1_to_4_is_refused():
    with pytest.raises(ValueError, match="between 1.00 and 4.00"):
        governance.segment_2025([1, 5])


def test_2019_rule_counts_serious_concerns():
    ratings = dict.fromkeys(governance.DOMAINS_2019, "no concern")
    assert governance.segment_2019(ratings).segment == 1
    ratings["Leadership and workforce"] = "concern"
    assert governance.segment_2019(ratings).segment == 2
    ratings["Quality of care and outcomes"] = "serious concern"
    assert governance.segment_2019(ratings).segment == 3
    ratings["Finance and use of resources"] = "serious concern"
    result = governance.segment_2019(ratings)
    assert (result.segment, result.label) == (4, "Special measures")


def test_2019_rule_needs_every_domain_rated():
    with pytest.raises(ValueError, match="is missing"):
        governance.segment_2019({"New service models": "concern"})


def test_the_example_ccg_domains_are_the_five_2019_domains():
    example = data.load("oversight_example_2019")
    assert tuple(example["domain"]) == governance.DOMAINS_2019
    assert isinstance(governance.oversight_segments("2019/20"), pd.DataFrame)
