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


def test_a_framework_agreement_makes_every_other_answer_not_needed():
    answers = dict.fromkeys(NAMES, False) | {"framework_agreement": True}
    assert w.answers_not_needed(**answers) == NAMES[:-1]
    html = w.render(**answers)
    assert "Not needed for this route" in html
    assert "Is there a provider of this service now? You answered No." in html


def test_direct_award_c_needs_every_answer():
    explorer = w.live_explorer()
    assert w.answers_not_needed(**explorer.values()) == []
    assert "Every answer above was needed" in explorer.result.value


def test_every_yes_no_button_changes_what_the_reader_sees():
    """No dead button (issue 16): a flip either changes the route or the list of answers the
    route did not need, which shows the reader's answer."""
    for combo in itertools.product([True, False], repeat=len(NAMES)):
        answers = dict(zip(NAMES, combo, strict=True))
        shown = w.render(**answers)
        for name in NAMES:
            assert w.render(**{**answers, name: not answers[name]}) != shown, (answers, name)


def test_unrestricted_choice_does_not_need_the_existing_provider_answers():
    """Direct award B by unrestricted choice (not the only capable provider): whether there is
    a provider now, and how it performs, does not matter; the other three answers do."""
    answers = {"existing_provider": True, "only_capable_provider": False,
               "unrestricted_choice": True, "satisfying_contract": False,
               "considerable_change": True, "framework_agreement": False}
    assert reforms.psr_route(**answers).route == "Direct award process B"
    assert w.answers_not_needed(**answers) == [
        "existing_provider", "satisfying_contract", "considerable_change"]
