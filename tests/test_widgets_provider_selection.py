"""The Provider Selection Regime decision helper (live and kernel-free) follows the model."""

import itertools

from commlib import plots, reforms
from commlib.widgets import provider_selection as w

NAMES = [name for name, _ in w.QUESTIONS]


def test_the_live_explorer_starts_at_direct_award_c():
    explorer = w.live_explorer()
    assert "Open routes: Direct award process C" in explorer.result.value


def test_saying_the_provider_is_the_only_capable_one_changes_the_route_to_a():
    explorer = w.live_explorer()
    explorer.controls["only_capable_provider"].value = True
    assert "Direct award process A must be followed" in explorer.result.value


def test_a_framework_agreement_needs_competition_in_the_live_explorer():
    explorer = w.live_explorer()
    assert explorer.set(framework_agreement=True)
    assert "Competitive process must be followed" in explorer.result.value


def test_every_static_step_headline_is_the_model_reason():
    fig = w.static_explorer()
    for combo in itertools.product([0, 1], repeat=len(NAMES)):
        answers = {n: [True, False][i] for n, i in zip(NAMES, combo, strict=True)}
        expected = reforms.psr_route(**answers).reason
        assert plots.explorer_headline(fig, *combo) == expected


def test_the_static_explorer_has_one_control_per_question():
    meta = w.static_explorer().layout.meta["commlib_explorer"]
    assert [d["label"] for d in meta["dims"]] == [q for _, q in w.QUESTIONS]
    assert len(meta["steps"]) == 2 ** len(NAMES)
