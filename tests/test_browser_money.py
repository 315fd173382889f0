"""The chapter 4 money explorers' browser twins: their data, and the refusals they mirror.

The parity of each twin with its live widget is proven in Chromium by
``tests/site/test_browser_explorers.py``; these tests check the exported data and the model
checks behind the refusal sentences, without a browser.
"""

from __future__ import annotations

import json
import math

import pytest

from commlib import priorities, savings
from commlib.widgets import allocations as alw
from commlib.widgets import browser_money as bm
from commlib.widgets.browser import twins


def test_the_four_twins_are_registered():
    registered = twins()
    for name in ("practice-income", "pace-of-change", "gain-share", "invest-1m"):
        assert name in registered
        json.dumps(registered[name].export(), allow_nan=False)


@pytest.mark.parametrize("value", [float("nan"), 150.0, -100.0, 1e300])
@pytest.mark.parametrize("box", ["growth_pct", "min_growth_pct", "max_below_pct",
                                 "cap_above_pct"])
def test_pace_refusals_name_the_box_as_labelled(box, value):
    # The live boxes clamp what is typed; the site's boxes do not, so render refuses it.
    values = {"growth_pct": 6.0, "min_growth_pct": 3.6, "max_below_pct": 5.0,
              "cap_above_pct": 10.0, box: value}
    with pytest.raises(ValueError) as caught:
        alw._pace_render(**values, years=1, start=alw.pace_start())
    assert str(caught.value).startswith(alw.PACE_LABELS[box])
    assert "nan" not in str(caught.value)


def test_pace_refuses_a_negative_limit_naming_it():
    start = alw.pace_start()
    with pytest.raises(ValueError, match=r"No ICB more than this far below target \(%\) must "
                                         "not be negative"):
        alw._pace_render(6.0, 3.6, -1.0, 10.0, 1, start)
    with pytest.raises(ValueError, match=r"Minimum growth only above target by more than \(%\) "
                                         "must not be negative"):
        alw._pace_render(6.0, 3.6, 5.0, -1.0, 1, start)


def test_pace_data_starts_from_the_models_total():
    data = bm.pace_of_change_data()
    assert data["start_total"] == round(sum(data["current"]), 2)
    assert "{min}" in data["refusals"]["too_little"]
    assert "{growth}" in data["refusals"]["too_little"]


@pytest.mark.parametrize("value", [float("nan"), -1.0, 1e300, math.inf])
def test_gain_share_refuses_absurd_money_in_words(value):
    with pytest.raises(ValueError, match=r"^drug_spend \(") as caught:
        savings.gain_share(value, 0.3, 0.5, 1_000.0, 0.5)
    assert "nan" not in str(caught.value)


def test_priorities_refuse_absurd_scores_in_words():
    with pytest.raises(ValueError, match="must be no more than 1,000 points"):
        priorities.check_priority_input("benefit", 1e300, "x")
    with pytest.raises(ValueError, match="must be a number"):
        priorities.check_priority_input("budget", float("nan"))
