"""commlib.reforms: budget shares, Provider Selection Regime routes, running-cost envelopes."""

import itertools

import pandas as pd
import pytest

from commlib import data, reforms


def _table(rows):
    return pd.DataFrame(rows, columns=["year", "item", "label", "kind", "part_of", "amount_m"])


BASE = [
    ["2024/25", "total", "Total", "total", "", 200.0],
    ["2024/25", "icb", "ICB allocations", "part", "", 120.0],
    ["2024/25", "core", "Core", "subpart", "icb", 100.0],
    ["2024/25", "pmc", "Primary medical", "subpart", "icb", 10.5],
]


def test_each_level_adds_back_to_the_total_exactly():
    shares = reforms.budget_shares(_table(BASE), "2024/25")
    for level in ("part", "detail"):
        rows = shares[shares["level"] == level]
        assert rows["amount_m"].sum() == pytest.approx(200.0, abs=1e-9)
        assert rows["share"].sum() == pytest.approx(1.0)


def test_the_unitemised_remainder_of_a_part_is_computed():
    shares = reforms.budget_shares(_table(BASE), "2024/25").set_index("item")
    assert shares.loc["icb_other", "amount_m"] == pytest.approx(9.5)
    assert shares.loc["not_icb", "amount_m"].iloc[0] == pytest.approx(80.0)
    assert shares.loc["core", "share"] == pytest.approx(0.5)


def test_the_published_2024_25_figures_give_icbs_about_two_thirds():
    shares = reforms.budget_shares(data.load("delegated_budgets"), "2024/25").set_index("item")
    assert shares.loc["icb_allocations", "amount_m"] == pytest.approx(127_200)
    assert shares.loc["icb_allocations", "share"] == pytest.approx(127_200 / 196_269)
    assert shares.loc["icb_allocations_other", "amount_m"] == pytest.approx(8_400)


def test_parts_larger_than_the_total_are_refused():
    rows = BASE + [["2024/25", "extra", "Extra", "part", "", 90.0]]
    with pytest.raises(ValueError, match="more than NHS England's total"):
        reforms.budget_shares(_table(rows), "2024/25")


def test_subparts_larger_than_their_part_are_refused():
    rows = BASE + [["2024/25", "more", "More", "subpart", "icb", 20.0]]
    with pytest.raises(ValueError, match="add up to more than icb"):
        reforms.budget_shares(_table(rows), "2024/25")


def test_a_year_without_rows_or_total_is_refused():
    with pytest.raises(ValueError, match="no rows"):
        reforms.budget_shares(_table(BASE), "2030/31")
    with pytest.raises(ValueError, match="exactly one 'total'"):
        reforms.budget_shares(_table(BASE[1:]), "2024/25")


def test_a_negative_amount_is_refused():
    rows = [r[:] for r in BASE]
    rows[3][5] = -1.0
    with pytest.raises(ValueError, match="amount_m"):
        reforms.budget_shares(_table(rows), "2024/25")


# --- Provider Selection Regime -----------------------------------------------------------

def test_only_capable_existing_provider_must_get_direct_award_a():
    decision = reforms.psr_route(existing_provider=True, only_capable_provider=True)
    assert decision.route == "Direct award process A"
    assert decision.mandatory


def test_direct_award_a_cannot_start_a_new_service():
    decision = reforms.psr_route(existing_provider=False, only_capable_provider=True)
    assert "Direct award process A" not in decision.options


def test_unrestricted_choice_must_get_direct_award_b():
    decision = reforms.psr_route(existing_provider=True, unrestricted_choice=True)
    assert decision.route == "Direct award process B" and decision.mandatory


def test_a_good_provider_without_considerable_change_may_get_direct_award_c():
    decision = reforms.psr_route(existing_provider=True, satisfying_contract=True)
    assert decision.route == "Direct award process C"
    assert not decision.mandatory
    assert set(decision.options) == {"Direct award process C", "Most suitable provider process",
                                     "Competitive process"}


@pytest.mark.parametrize("satisfying, change", [(False, False), (True, True), (False, True)])
def test_direct_award_c_is_closed_when_the_provider_struggles_or_the_contract_changes(
        satisfying, change):
    decision = reforms.psr_route(existing_provider=True, satisfying_contract=satisfying,
                                 considerable_change=change)
    assert decision.options == ("Most suitable provider process", "Competitive process")


def test_a_framework_agreement_needs_the_competitive_process():
    decision = reforms.psr_route(existing_provider=True, only_capable_provider=True,
                                 framework_agreement=True)
    assert decision.route == "Competitive process" and decision.mandatory


def test_every_situation_gets_a_route_from_the_five():
    for flags in itertools.product([True, False], repeat=6):
        names = ["existing_provider", "only_capable_provider", "unrestricted_choice",
                 "satisfying_contract", "considerable_change", "framework_agreement"]
        decision = reforms.psr_route(**dict(zip(names, flags, strict=True)))
        assert decision.route in reforms.PSR_ROUTES
        assert decision.route in decision.options
        assert set(decision.options) <= set(reforms.PSR_ROUTES)
        assert decision.reason.endswith(".")


def test_routes_match_the_data_table():
    assert tuple(data.load("psr_award_routes").sort_values("order")["route"]) == reforms.PSR_ROUTES


def test_a_non_boolean_answer_is_refused():
    with pytest.raises(ValueError, match="existing_provider must be True or False"):
        reforms.psr_route(existing_provider="yes")


# --- Running-cost envelope ---------------------------------------------------------------

def test_running_cost_envelope_is_population_times_rate_to_the_penny():
    assert reforms.running_cost_envelope(1_820_286.041, 18.76) == 34_148_566.13
    assert reforms.running_cost_envelope(100, 18.76) == 1876.0


@pytest.mark.parametrize("population, rate", [(0, 18.76), (-5, 18.76), (1000, 0), (1000, -1)])
def test_running_cost_envelope_refuses_non_positive_input(population, rate):
    with pytest.raises(ValueError):
        reforms.running_cost_envelope(population, rate)


def test_running_cost_cut_is_the_fall_as_a_fraction_of_the_old_cost():
    assert reforms.running_cost_cut(30, 18.76) == pytest.approx(0.374666, abs=1e-6)
    assert reforms.running_cost_cut(18.76, 18.76) == 0
    with pytest.raises(ValueError, match="old_pounds_per_head"):
        reforms.running_cost_cut(0, 18.76)
