"""Tests for commlib.priorities: the "£1m to invest" choice of seed 000, ranked by PBMA."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import priorities as pr


def test_seed_options_are_the_five_in_seed_000_with_their_wording():
    names = [o.name for o in pr.SEED_OPTIONS]
    assert len(names) == 5
    assert names[0].startswith("Children and Young People's Mental Health services")
    assert "Additional screening and testing" in names
    assert pr.SEED_BUDGET == 1_000_000


def test_seed_options_say_their_figures_are_illustrative():
    assert all("illustrative" in o.note for o in pr.SEED_OPTIONS)


def test_options_are_ranked_by_expected_benefit_per_pound():
    options = [pr.Option("cheap", 100.0, 10.0, 0.5), pr.Option("good", 100.0, 10.0, 1.0),
               pr.Option("dear", 1_000.0, 50.0, 1.0)]
    ranked = pr.rank_options(options, 10_000)
    assert ranked["name"].tolist() == ["good", "cheap", "dear"]
    assert ranked.loc[1, "benefit_per_pound"] == pytest.approx(0.1)
    assert ranked["cumulative_cost"].tolist() == [100, 200, 1_200]


def test_funding_stops_at_the_budget_but_cheaper_options_below_can_still_fit():
    options = [pr.Option("a", 600.0, 60.0), pr.Option("b", 500.0, 45.0),
               pr.Option("c", 300.0, 21.0)]
    ranked = pr.rank_options(options, 1_000)
    assert ranked["funded"].tolist() == [True, False, True]
    assert ranked["cumulative_funded_cost"].iloc[-1] == 900


def test_partial_funding_spends_the_rest_on_the_next_option_and_stops():
    options = [pr.Option("a", 600.0, 60.0), pr.Option("b", 500.0, 45.0),
               pr.Option("c", 300.0, 21.0)]
    ranked = pr.rank_options(options, 1_000, allow_partial=True)
    assert ranked["funded_share"].tolist() == pytest.approx([1.0, 0.8, 0.0])
    assert ranked["funded_cost"].sum() == pytest.approx(1_000)


def test_the_seed_choice_funds_what_fits_in_one_million_pounds():
    ranked = pr.rank_options(pr.SEED_OPTIONS, pr.SEED_BUDGET)
    assert ranked.loc[ranked["funded"], "cost"].sum() <= pr.SEED_BUDGET
    assert not ranked["funded"].all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e6), st.floats(0, 100), st.floats(0, 1)),
                min_size=1, max_size=10),
       st.floats(0, 5e6), st.booleans())
def test_funded_options_never_cost_more_than_the_budget(rows, budget, partial):
    options = [pr.Option(f"option {i}", c, b, p) for i, (c, b, p) in enumerate(rows)]
    ranked = pr.rank_options(options, budget, allow_partial=partial)
    assert ranked["funded_cost"].sum() <= budget + 1e-6
    assert ranked["benefit_per_pound"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: pr.Option("x", 0.0, 1.0), "cost of 'x' must be above zero"),
        (lambda: pr.Option("x", 10.0, -1.0), "benefit of 'x' must not be negative"),
        (lambda: pr.Option("x", 10.0, 1.0, 80), "confidence of 'x' must be a fraction from 0 to 1"),
        (lambda: pr.Option("x", 10.0, float("nan")), "benefit of 'x' must be a number"),
        (lambda: pr.Option("x", 10.0, 1e300), "benefit of 'x' must be no more than 1,000"),
        (lambda: pr.rank_options([pr.Option("x", 1.0, 1.0)], float("inf")),
         "budget must be no more than £1,000m"),
        (lambda: pr.Option(" ", 10.0, 1.0), "name must be a few words"),
        (lambda: pr.rank_options([], 10), "options must list at least one option"),
        (lambda: pr.rank_options([pr.Option("x", 1.0, 1.0)] * 2, 10), "names must differ"),
        (lambda: pr.rank_options([pr.Option("x", 1.0, 1.0)], -5), "budget must not be negative"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_naming_the_argument(make, message):
    with pytest.raises(ValueError, match=message):
        make()
