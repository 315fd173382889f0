"""The scheme of delegation and gifts and hospitality explorers (live and kernel-free)."""

from commlib import data, governance, plots
from commlib.widgets import governance as w

ORDER = "Order goods or services within an approved budget"
CONTRACT = "Award or extend a healthcare contract"


def test_changing_the_value_changes_the_approver_to_the_model_answer():
    explorer = w.delegation_explorer()
    assert "Chief Finance Officer may approve" in explorer.result.value
    explorer.controls["value_gbp"].value = 2_000_000.0
    expected = governance.who_may_approve(ORDER, 2_000_000.0).approver
    assert f"the {expected} may approve" in explorer.result.value


def test_changing_the_decision_type_changes_the_ladder():
    explorer = w.delegation_explorer()
    explorer.controls["decision_type"].value = CONTRACT
    assert "Finance and Performance Committee" in explorer.result.value
    assert "Director of Commissioning" in explorer.result.value


def test_a_negative_value_shows_the_message_and_keeps_the_last_good_result():
    explorer = w.delegation_explorer()
    good = explorer.result.value
    assert explorer.set(value_gbp=-10.0) is False
    assert "must not be negative" in explorer.message.value
    assert explorer.result.value == good
    assert explorer.set(value_gbp=5.0) is True
    assert explorer.message.value == ""


def test_delegation_static_steps_equal_the_model():
    fig = w.delegation_static_explorer()
    types = governance.decision_types()
    for i, decision in enumerate(types):
        for j, value in enumerate(w.DELEGATION_VALUES_GBP):
            approval = governance.who_may_approve(decision, value)
            headline = plots.explorer_headline(fig, i, j)
            assert f"the {approval.approver} may approve" in headline


def test_gifts_widget_follows_the_rules_and_senior_approval():
    explorer = w.gifts_explorer()
    assert "Accept and declare" in explorer.result.value
    explorer.controls["value_gbp"].value = 100.0
    assert "<strong>Refuse</strong>" in explorer.result.value
    explorer.controls["senior_approval"].value = True
    assert "Accept and declare" in explorer.result.value


def test_gifts_widget_keeps_the_last_good_result_on_a_negative_value():
    explorer = w.gifts_explorer()
    good = explorer.result.value
    assert explorer.set(value_gbp=-1.0) is False
    assert "must not be negative" in explorer.message.value
    assert explorer.result.value == good


def test_gifts_static_steps_equal_the_model():
    fig = w.gifts_static_explorer()
    for i, (kind, supplier) in enumerate(w.OFFERS.values()):
        for j, value in enumerate(w.OFFER_VALUES_GBP):
            verdict = governance.gift_or_hospitality(kind, supplier, value).verdict
            assert plots.explorer_headline(fig, i, j).endswith(verdict + ".")


def test_segment_explorer_starts_at_the_example_trust_segment_and_follows_the_scores():
    explorer = w.segment_explorer()
    assert "segment 3." in explorer.result.value
    assert explorer.controls["in_deficit"].value is True
    explorer.controls["m6"].value = 2
    assert "segment 3." in explorer.result.value
    assert "financial override places it no higher than segment 3" in explorer.result.value
    explorer.controls["in_deficit"].value = False
    assert "segment 2." in explorer.result.value
    explorer.controls["in_improvement_programme"].value = True
    assert "segment 5." in explorer.result.value


def test_segment_static_steps_equal_the_model():
    fig = w.segment_static_explorer()
    table = data.load("oversight_example_2025")
    fin = int(table.index[table["domain"] == "Finance and productivity"][0])
    for i, score in enumerate(w.FINANCE_SCORES):
        for j, in_deficit in enumerate((True, False)):
            scores = table["score"].astype(int).tolist()
            scores[fin] = score
            averages, deficit = governance.example_field_2025(scores)
            deficit[governance.EXAMPLE_TRUST_2025] = in_deficit
            expected = governance.segment_2025(governance.EXAMPLE_TRUST_2025, averages, deficit)
            assert plots.explorer_headline(fig, i, j).startswith(
                f"{governance.EXAMPLE_TRUST_2025}: segment {expected.segment}.")
