"""The ICB mergers explorers (live and kernel-free)."""

import html

import pytest

from commlib import mergers, plots
from commlib.widgets import mergers as w


@pytest.fixture(scope="module")
def pairs():
    return mergers.predecessors()


def test_the_live_explorer_starts_at_a_merged_icb(pairs):
    explorer = w.merger_explorer()
    code = explorer.controls["successor_code"].value
    assert pairs.loc[pairs["successor_code"] == code, "kind"].iloc[0] != "unchanged"
    assert "took its practices from" in explorer.result.value


def test_picking_an_unmerged_icb_says_it_is_its_own_predecessor(pairs):
    explorer = w.merger_explorer()
    code = pairs.loc[pairs["kind"] == "unchanged", "successor_code"].iloc[0]
    explorer.set(successor_code=code)
    assert "its own predecessor" in explorer.result.value
    assert html.escape(w.headline(pairs, code, "2025/26", "2026/27")) in explorer.result.value


def test_an_unknown_icb_is_refused_and_the_last_result_kept(pairs):
    explorer = w.merger_explorer()
    good = explorer.result.value
    explorer.render = lambda successor_code: w.predecessor_html(pairs, "XXX", "2025/26",
                                                                "2026/27")
    assert explorer.update() is False
    assert "not an ICB of the later year" in explorer.message.value
    assert explorer.result.value == good


def test_static_explorer_has_one_step_per_2026_27_icb_computed_by_the_model(pairs):
    fig = w.static_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    assert len(meta["steps"]) == pairs["successor_code"].nunique()
    codes = list(dict.fromkeys(
        list(pairs.loc[pairs["kind"] != "unchanged", "successor_code"])
        + list(pairs.loc[pairs["kind"] == "unchanged", "successor_code"])))
    for i, code in enumerate(codes):
        assert plots.explorer_headline(fig, i) == w.headline(pairs, code, "2025/26", "2026/27")
        rows = pairs[pairs["successor_code"] == code]
        assert meta["steps"][i]["x"][0][-1] == pytest.approx(
            rows["need_successor_after"].iloc[0])
        assert len(meta["steps"][i]["x"][0]) == len(rows) + 2
