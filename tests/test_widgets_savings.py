"""Tests for the gain-share and "£1m to invest" explorers."""

import re

import pytest

from commlib import fmt, plots, priorities, savings
from commlib.widgets import gain_share
from commlib.widgets import priorities as invest

EXAMPLE = savings.ILLUSTRATIVE_EXAMPLE


def bar_value(result_html: str, label: str) -> float:
    match = re.search(rf'data-bar="{re.escape(label)}" data-value="([^"]+)"', result_html)
    assert match, f"no bar {label!r}"
    return float(match.group(1))


def example_args(provider_share):
    return (EXAMPLE["drug_spend"], EXAMPLE["price_reduction"], EXAMPLE["switch_rate"],
            EXAMPLE["implementation_cost"], provider_share, 3)


def test_gain_share_starts_with_the_models_totals():
    live = gain_share.gain_share_explorer()
    compare = savings.compare_with_pass_through(*example_args(EXAMPLE["provider_share"]))
    html = live.result.value
    assert bar_value(html, "Trust, gain-share") == pytest.approx(
        compare.loc["gain_share", "total_to_provider"])
    assert bar_value(html, "Trust, pass-through") == pytest.approx(
        compare.loc["pass_through", "total_to_provider"])
    assert fmt.money(compare.loc["gain_share", "total_net"]) in html


def test_pass_through_leaves_the_trust_out_of_pocket_by_its_cost():
    live = gain_share.gain_share_explorer()
    assert bar_value(live.result.value, "Trust, pass-through") == pytest.approx(
        -EXAMPLE["implementation_cost"])


def test_raising_the_trusts_share_moves_money_from_commissioner_to_trust():
    live = gain_share.gain_share_explorer()
    live.set(provider_share=0.7)
    table = savings.gain_share(*example_args(0.7))
    assert bar_value(live.result.value, "Trust, gain-share") == pytest.approx(
        table["saving_to_provider"].sum())
    assert bar_value(live.result.value, "Commissioner, gain-share") == pytest.approx(
        table["saving_to_commissioner"].sum())


def test_a_share_above_one_is_refused_and_the_last_good_result_kept():
    live = gain_share.gain_share_explorer()
    good = live.result.value
    assert live.set(provider_share=1.5) is False
    # The sentence names the box as it is labelled, not the argument.
    assert "Trust's share of the saving (0.5 = 50:50) must be a fraction from 0 to 1" \
        in live.last_error
    assert live.result.value == good


def test_gain_share_static_steps_equal_the_models_values():
    fig = gain_share.static_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    n_rates = len(gain_share.STATIC_SWITCH_RATES)
    for s, share in enumerate(gain_share.STATIC_PROVIDER_SHARES):
        for r, rate in enumerate(gain_share.STATIC_SWITCH_RATES):
            compare = savings.compare_with_pass_through(
                EXAMPLE["drug_spend"], EXAMPLE["price_reduction"], rate,
                EXAMPLE["implementation_cost"], share, EXAMPLE["years"])
            step = meta["steps"][s * n_rates + r]
            assert step["y"][0][1] == pytest.approx(compare.loc["gain_share",
                                                                "total_to_provider"])
            assert fmt.money(compare.loc["gain_share", "total_to_commissioner"]) in \
                plots.explorer_headline(fig, s, r)


def test_invest_explorer_ranks_the_seed_options_as_the_model_does():
    live = invest.priorities_explorer()
    ranked = priorities.rank_options(invest._options(
        [o.benefit for o in priorities.SEED_OPTIONS],
        [o.confidence for o in priorities.SEED_OPTIONS]), priorities.SEED_BUDGET)
    rows = re.findall(r"<tr><td>(\d)</td><td>(.*?)</td>", live.result.value)
    assert [name.replace("&#x27;", "'") for _, name in rows] == list(ranked["name"])


def test_raising_confidence_in_an_option_can_bring_it_into_the_funded_list():
    live = invest.priorities_explorer()
    it = invest.SHORT_NAMES.index("IT for integration")
    assert "IT for integration" not in live.result.value.split("</p>")[0]
    live.set(**{f"benefit_{it}": 200.0, f"confidence_{it}": 1.0})
    assert "IT for integration" in live.result.value.split("</p>")[0]


def test_a_confidence_above_one_shows_the_models_message():
    live = invest.priorities_explorer()
    good = live.result.value
    assert live.set(confidence_0=1.2) is False
    assert "must be a fraction from 0 to 1" in live.last_error
    assert live.result.value == good


def test_invest_static_steps_equal_the_models_ranking():
    fig = invest.static_explorer()
    for b, budget in enumerate(invest.STATIC_BUDGETS):
        for c, count in enumerate([True, False]):
            ranked, _ = invest.static_step(budget, count)
            funded = ", ".join(ranked.loc[ranked["funded"], "name"]) or "nothing"
            assert funded in plots.explorer_headline(fig, b, c)
