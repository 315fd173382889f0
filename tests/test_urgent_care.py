"""The urgent care redirection model and its explorers (chapter 1, York case study)."""

from __future__ import annotations

import html

import pytest

from commlib import plots
from commlib import urgent_care as model
from commlib.widgets import urgent_care as ucw


@pytest.fixture(scope="module")
def inputs():
    return model.load_inputs()


def test_inputs_come_from_the_illustrative_table(inputs):
    assert inputs.ae_attendances == 90_000
    assert inputs.primary_care_need_share == pytest.approx(0.3)
    assert inputs.cost_ae == 180


def test_attendances_moved_is_attendances_times_need_share_times_share_redirected(inputs):
    assert model.attendances_moved(inputs, 0.2) == pytest.approx(90_000 * 0.3 * 0.2)


def test_redirecting_nothing_changes_nothing(inputs):
    table = model.redirect(inputs, 0.0, "GP")
    assert (table["attendances"] == table["attendances_before"]).all()
    assert (table["cost"] == table["cost_before"]).all()


@pytest.mark.parametrize("setting", model.SETTINGS)
def test_attendances_move_from_ae_to_the_chosen_setting_only(inputs, setting):
    table = model.redirect(inputs, 0.5, setting)
    moved = model.attendances_moved(inputs, 0.5)
    assert table.loc["A&E", "attendances"] == pytest.approx(inputs.ae_attendances - moved)
    assert table.loc[setting, "attendances"] == pytest.approx(
        table.loc[setting, "attendances_before"] + moved)
    other = next(s for s in model.SETTINGS if s != setting)
    assert table.loc[other, "attendances"] == table.loc[other, "attendances_before"]
    assert table["attendances"].sum() == pytest.approx(table["attendances_before"].sum())


def test_pressure_is_attendances_over_capacity(inputs):
    table = model.redirect(inputs, 0.4, "UTC")
    assert table.loc["UTC", "pressure"] == pytest.approx(
        table.loc["UTC", "attendances"] / inputs.utc_capacity)


def test_cost_change_is_moved_times_the_difference_in_unit_cost(inputs):
    summary = model.redirect_summary(inputs, 0.2, "UTC")
    assert summary["cost_change"] == pytest.approx(5_400 * (75 - 180))


@pytest.mark.parametrize("share", [-0.1, 1.5, float("nan")])
def test_a_share_outside_zero_to_one_is_refused_with_a_sentence(inputs, share):
    with pytest.raises(ValueError, match="share_redirected"):
        model.redirect(inputs, share, "UTC")


def test_an_unknown_setting_is_refused(inputs):
    with pytest.raises(ValueError, match="setting must be one of UTC, GP"):
        model.redirect(inputs, 0.1, "Walk-in centre")


def test_inputs_refuse_zero_capacity(inputs):
    with pytest.raises(ValueError, match="ae_capacity"):
        inputs.with_changes(ae_capacity=0)


def test_live_explorer_shows_the_models_numbers_when_a_control_changes(inputs):
    explorer = ucw.live_explorer(inputs)
    assert explorer.set(share_redirected_pct=50, setting="GP")
    expected = model.redirect(inputs, 0.5, "GP")
    assert f'data-value="{expected.loc["GP", "pressure"] * 100:.4f}"' in explorer.result.value
    assert html.escape(ucw.headline(inputs, 0.5, "GP")) in explorer.result.value


def test_live_explorer_keeps_the_last_good_result_on_bad_input(inputs):
    explorer = ucw.live_explorer(inputs)
    explorer.set(share_redirected_pct=30)
    good = explorer.result.value
    assert not explorer.set(need_share_pct=140)
    assert explorer.result.value == good
    assert "between 0% and 100%" in explorer.message.value
    assert explorer.set(need_share_pct=30)
    assert explorer.message.value == ""


def test_static_explorer_steps_equal_the_model(inputs):
    fig = ucw.static_explorer(inputs)
    meta = fig.layout.meta["commlib_explorer"]
    shares = list(ucw.SHARE_STEPS_PCT)
    assert len(meta["steps"]) == len(shares) * len(model.SETTINGS)
    for i, pct in enumerate(shares):
        for j, setting in enumerate(model.SETTINGS):
            step = meta["steps"][i * len(model.SETTINGS) + j]
            table = model.redirect(inputs, pct / 100, setting)
            assert step["y"][0] == [round(float(p) * 100, 1) for p in table["pressure"]]
            assert plots.explorer_headline(fig, i, j) == ucw.headline(inputs, pct / 100, setting)


def test_both_explorers_step_the_share_redirected_by_the_same_glued_step(inputs):
    explorer = ucw.live_explorer(inputs)
    assert explorer.controls["share_redirected_pct"].step == ucw.SHARE_STEP_PCT
    steps = ucw.SHARE_STEPS_PCT
    assert steps[0] == 0 and steps[-1] == 100
    assert {b - a for a, b in zip(steps[:-1], steps[1:], strict=True)} == {ucw.SHARE_STEP_PCT}


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), -float("inf"), None, "30", True])
def test_a_percentage_that_is_not_a_number_is_refused_naming_the_box(typed):
    with pytest.raises(ValueError, match=r"type a number from 0 to 100 in the box 'Share \(%\)'"):
        model.share_from_pct(typed, "Share (%)")


@pytest.mark.parametrize("typed", [-1, -1e-9, 100.0001, 1e9])
def test_a_percentage_outside_0_to_100_is_refused_naming_the_box(typed):
    with pytest.raises(ValueError, match=r"'Share \(%\)' is a share of attendances"):
        model.share_from_pct(typed, "Share (%)")


def test_a_percentage_is_read_as_a_share_and_minus_zero_as_zero():
    assert model.share_from_pct(30, "x") == 0.3
    assert model.share_from_pct(100, "x") == 1.0
    zero = model.share_from_pct(-0.0, "x")
    assert zero == 0 and str(zero) == "0.0"


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), 1e9, -250000.5])
def test_the_live_explorer_refuses_odd_need_shares_without_printing_nan(inputs, typed):
    explorer = ucw.live_explorer(inputs)
    good = explorer.result.value
    assert not explorer.set(need_share_pct=typed)
    assert explorer.result.value == good
    assert ucw.NEED_SHARE_LABEL in explorer.last_error
    assert "nan" not in explorer.last_error and "e+" not in explorer.last_error


def test_a_tiny_need_share_moves_next_to_nothing(inputs):
    html_text = ucw.render(inputs, 20, "UTC", 1e-9)
    assert "0 attendances moved" in html_text and "cost unchanged" in html_text
