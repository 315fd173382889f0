"""The Derbyshire shape-of-the-system explorers (live and kernel-free)."""


import pytest

from commlib import fmt, plots, system_shape
from commlib.widgets import system_shape as w


def test_the_live_explorer_starts_close_to_the_stp_plan():
    explorer = w.shape_explorer()
    assert "£1.97bn" in explorer.result.value


def test_moving_the_shift_slider_shows_the_model_cost():
    explorer = w.shape_explorer()
    explorer.set(shift_m=100.0, place_cost_per_pound=0.5, infrastructure_cut_pct=10.0)
    result = system_shape.shift_to_place(100e6, place_cost_per_pound=0.5,
                                         infrastructure_reduction=0.10)
    assert w.headline(result) in explorer.result.value.replace("&#x27;", "'")
    assert fmt.money_m(-result.cost_vs_do_nothing_gbp) in explorer.result.value


def test_an_impossible_shift_shows_the_message_and_keeps_the_last_good_result():
    explorer = w.shape_explorer()
    good = explorer.result.value
    explorer.controls["shift_m"].value = 1300.0
    assert "cannot be more than the specialist spending" in explorer.message.value
    assert explorer.result.value == good


def test_a_zero_place_cost_shows_the_message():
    explorer = w.shape_explorer()
    explorer.controls["place_cost_per_pound"].value = 0.0
    assert "above zero" in explorer.message.value


def test_static_explorer_steps_equal_the_model():
    fig = w.static_explorer()
    ratio = system_shape.implied_levers().place_cost_per_pound
    for i, shift in enumerate(w.SHIFT_STEPS_GBP):
        for j, cut in enumerate(w.INFRASTRUCTURE_STEPS):
            result = system_shape.shift_to_place(shift, place_cost_per_pound=ratio,
                                                 infrastructure_reduction=cut)
            assert plots.explorer_headline(fig, i, j) == w.headline(result)
    steps = fig.layout.meta["commlib_explorer"]["steps"]
    plan = system_shape.shift_to_place(50e6, place_cost_per_pound=ratio,
                                       infrastructure_reduction=0.05).plan
    step = steps[2 * len(w.INFRASTRUCTURE_STEPS) + 1]
    assert step["y"][2] == pytest.approx([plan.amounts()[s] / 1e6
                                          for s in system_shape.SETTINGS])


