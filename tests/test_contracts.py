"""Tests for commlib.contracts: payment rules, the registry, risk split and risk profile."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlib import contracts as ct

PLAN = 1_000
PRICE = 2_000.0
PLAN_VALUE = PLAN * PRICE

# ---------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------


def test_marginal_rate_pays_thirty_percent_of_price_above_the_baseline():
    # DH 30% marginal rate rule (2010/11 to 2014/15): emergency admissions above the 2008/09
    # baseline value are paid at 30% of price; the commissioner keeps the other 70%.
    assert ct.marginal_rate_payment(1_000_000, 1_100_000, 0.3) == 1_030_000


def test_marginal_rate_pays_the_actual_value_at_or_below_the_baseline():
    assert ct.marginal_rate_payment(1_000_000, 900_000, 0.3) == 900_000
    assert ct.marginal_rate_payment(1_000_000, 1_000_000, 0.3) == 1_000_000


def test_blended_payment_2019_20_pays_twenty_percent_of_price_above_plan():
    # NHS Improvement 2019/20 blended payment: fixed element on plan + 20% of unit price.
    payment = ct.blended_payment(PLAN, PRICE, PLAN + 100, 0.2)
    assert payment == PLAN_VALUE + 0.2 * PRICE * 100


def test_blended_payment_refunds_the_variable_rate_below_plan():
    assert ct.blended_payment(PLAN, PRICE, PLAN - 100, 0.2) == PLAN_VALUE - 0.2 * PRICE * 100


def test_block_payment_ignores_activity():
    activity = pd.Series({"Apr": 10.0, "May": 500.0})
    assert ct.block_payment(5_000, activity).tolist() == [5_000, 5_000]


def test_cost_per_case_pays_price_for_every_case():
    assert ct.cost_per_case_payment(PRICE, 3) == 6_000


def test_cap_and_collar_bounds_the_payment_to_the_band():
    high = ct.cap_and_collar_payment(PLAN, PRICE, 2 * PLAN, cap=1.05, collar=0.95)
    low = ct.cap_and_collar_payment(PLAN, PRICE, 0, cap=1.05, collar=0.95)
    inside = ct.cap_and_collar_payment(PLAN, PRICE, PLAN + 10, cap=1.05, collar=0.95)
    assert high == pytest.approx(1.05 * PLAN_VALUE)
    assert low == pytest.approx(0.95 * PLAN_VALUE)
    assert inside == (PLAN + 10) * PRICE


def test_risk_share_provider_carries_its_share_of_the_variance():
    # 100 cases above plan cost £200,000 at price; the provider carries 40% of it.
    payment = ct.risk_share_payment(PLAN, PRICE, PLAN + 100, provider_share=0.4)
    assert payment == pytest.approx(PLAN_VALUE + 0.6 * 200_000)


def test_aligned_payment_2022_23_variable_element_is_75_percent_of_price():
    # HFMA (2022): API variable element 75% of unit price.
    payment = ct.aligned_payment_incentive(PLAN, PRICE, PLAN + 100, year="2022/23")
    assert payment == pytest.approx(PLAN_VALUE + 0.75 * PRICE * 100)


def test_aligned_payment_from_2023_24_pays_elective_activity_at_full_price():
    # NHS England, NHS Payment Scheme 2023/25: elective variable element at 100% of price.
    payment = ct.aligned_payment_incentive(PLAN, PRICE, PLAN + 100, year="2024/25")
    assert payment == pytest.approx((PLAN + 100) * PRICE)


def test_aligned_payment_2022_23_withholds_unearned_cquin():
    # HFMA (2022): CQUIN worth 1.25% of contract value sits in the fixed element.
    payment = ct.aligned_payment_incentive(PLAN, PRICE, PLAN, year="2022/23", cquin_achieved=0.0)
    assert payment == pytest.approx(PLAN_VALUE * (1 - 0.0125))


def test_aligned_payment_refuses_a_year_without_rules():
    with pytest.raises(ValueError, match=r"year \('2019/20'\) has no aligned payment .* 2022/23"):
        ct.aligned_payment_incentive(PLAN, PRICE, PLAN, year="2019/20")


def test_payments_by_provider_keep_their_index():
    planned = pd.Series({"trust_a": 100.0, "trust_b": 200.0})
    actual = pd.Series({"trust_b": 220.0, "trust_a": 90.0})
    payment = ct.blended_payment(planned, 10.0, actual, 0.5)
    assert payment.to_dict() == {"trust_a": 950.0, "trust_b": 2_100.0}


def test_payments_refuse_series_for_different_providers():
    with pytest.raises(ValueError, match="planned_activity and actual_activity must cover"):
        ct.blended_payment(pd.Series({"a": 1.0}), 10.0, pd.Series({"b": 1.0}), 0.5)


# ---------------------------------------------------------------------------
# Properties, for every contract type with valid terms
# ---------------------------------------------------------------------------

terms_st = st.fixed_dictionaries({
    "rate": st.floats(0, 1),
    "variable_rate": st.floats(0, 1),
    "provider_share": st.floats(0, 1),
    "collar": st.floats(0, 1),
    "cap_extra": st.floats(0, 1),
    "year": st.sampled_from(list(ct.API_RULES)),
})


def _terms_for(name, drawn):
    terms = {}
    for term in ct.CONTRACT_TYPES[name].parameters:
        if term == "cap":
            terms["cap"] = drawn["collar"] + drawn["cap_extra"]
        else:
            terms[term] = drawn[term]
    return terms


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(list(ct.CONTRACT_TYPES)),
    planned=st.floats(0, 1e6),
    price=st.floats(0, 1e5),
    activity=st.floats(0, 2e6),
    more=st.floats(0, 1e6),
    drawn=terms_st,
)
def test_payments_never_fall_as_activity_rises(name, planned, price, activity, more, drawn):
    terms = _terms_for(name, drawn)
    lower = ct.contract_payment(name, planned, price, activity, **terms)
    higher = ct.contract_payment(name, planned, price, activity + more, **terms)
    assert higher >= lower - 1e-9 * max(1.0, abs(lower))


@settings(max_examples=200, deadline=None)
@given(planned=st.floats(0, 1e6), price=st.floats(0, 1e5), activity=st.floats(0, 2e6),
       collar=st.floats(0, 1.0), cap_extra=st.floats(0, 1.0))
def test_cap_and_collar_keeps_the_payment_between_collar_and_cap(planned, price, activity,
                                                                 collar, cap_extra):
    cap = collar + cap_extra
    payment = ct.cap_and_collar_payment(planned, price, activity, cap=cap, collar=collar)
    plan_value = planned * price
    tolerance = 1e-9 * max(1.0, plan_value)
    assert collar * plan_value - tolerance <= payment <= cap * plan_value + tolerance


@settings(max_examples=200, deadline=None)
@given(planned=st.floats(0, 1e6), price=st.floats(0, 1e5), rate=st.floats(0, 1))
def test_marginal_rate_and_blended_payments_equal_the_plan_value_at_plan(planned, price, rate):
    plan_value = planned * price
    assert ct.marginal_rate_payment(plan_value, plan_value, rate) == pytest.approx(plan_value)
    assert ct.blended_payment(planned, price, planned, rate) == pytest.approx(plan_value)


@pytest.mark.parametrize("name", ["marginal_rate", "blended", "cap_and_collar", "risk_share",
                                  "aligned_payment_incentive", "block"])
def test_shared_risk_contracts_pay_the_plan_value_at_plan(name):
    assert ct.contract_payment(name, PLAN, PRICE, PLAN) == pytest.approx(PLAN_VALUE)


# ---------------------------------------------------------------------------
# Registry, risk split and risk profile
# ---------------------------------------------------------------------------

def test_every_contract_type_describes_its_terms_with_defaults_and_units():
    for name, kind in ct.CONTRACT_TYPES.items():
        function, label, description, parameters = kind
        assert callable(function) and label and description, name
        for term, parameter in parameters.items():
            assert parameter.unit, (name, term)
            assert parameter.default is not None, (name, term)


def test_contract_payment_refuses_a_term_the_contract_does_not_take():
    with pytest.raises(ValueError, match="cap is not a term of a blended payment"):
        ct.contract_payment("blended", PLAN, PRICE, PLAN, cap=1.1)


def test_contract_payment_refuses_an_unknown_contract():
    with pytest.raises(ValueError, match=r"contract \('tariff'\) is not a contract type"):
        ct.contract_payment("tariff", PLAN, PRICE, PLAN)


def test_risk_split_signs_provider_loss_and_commissioner_overspend():
    split = ct.risk_split("blended", PLAN, PRICE, PLAN + 100, variable_rate=0.2)
    assert split["payment"] == PLAN_VALUE + 40_000
    assert split["cost_at_price"] == PLAN_VALUE + 200_000
    assert split["provider_carries"] == -160_000  # did £200k of work for £40k
    assert split["commissioner_carries"] == 40_000  # paid £40k more than planned


def test_block_puts_all_activity_risk_on_the_provider_and_cost_per_case_on_the_commissioner():
    block = ct.risk_profile("block", PLAN, PRICE)
    per_case = ct.risk_profile("cost_per_case", PLAN, PRICE)
    assert block["commissioner_sd"] == 0
    assert block["provider_sd"] > 0
    assert per_case["provider_sd"] == 0
    assert per_case["commissioner_sd"] == pytest.approx(block["provider_sd"])


def test_risk_share_splits_the_spread_in_the_agreed_proportion():
    profile = ct.risk_profile("risk_share", PLAN, PRICE, provider_share=0.25)
    total = profile["provider_sd"] + profile["commissioner_sd"]
    assert profile["provider_sd"] / total == pytest.approx(0.25)


def test_risk_profile_is_deterministic_and_centred_on_plan_for_a_symmetric_contract():
    first = ct.risk_profile("blended", PLAN, PRICE, spread=0.2, variable_rate=0.5)
    second = ct.risk_profile("blended", PLAN, PRICE, spread=0.2, variable_rate=0.5)
    pd.testing.assert_series_equal(first, second)
    assert first["expected_payment"] == pytest.approx(PLAN_VALUE)
    assert first["commissioner_max"] == pytest.approx(0.5 * 0.2 * PLAN_VALUE)


def test_risk_profile_uses_given_weights():
    weights = np.zeros(5)
    weights[-1] = 1.0  # all the chance on plan + 10%
    profile = ct.risk_profile("cost_per_case", PLAN, PRICE, points=5, weights=weights)
    assert profile["expected_payment"] == pytest.approx(1.1 * PLAN_VALUE)
    assert profile["payment_sd"] == pytest.approx(0.0, abs=1e-6)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

def test_collar_above_cap_is_refused_in_a_sentence():
    with pytest.raises(ValueError, match=r"^collar \(1.10\) must not be above cap \(0.90\)$"):
        ct.cap_and_collar_payment(PLAN, PRICE, PLAN, cap=0.9, collar=1.1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ct.cost_per_case_payment(-1, 5), r"unit_price must not be negative \(got -1.00\)"),
        (lambda: ct.block_payment(100, -5), "actual_activity must not be negative"),
        (lambda: ct.blended_payment(-1, 5, 5, 0.2), "planned_activity must not be negative"),
        (lambda: ct.marginal_rate_payment(100, 120, 30), "rate must be between 0.00 and 1.00"),
        (lambda: ct.blended_payment(1, 5, 5, 1.2), "variable_rate must be between 0.00 and 1.00"),
        (lambda: ct.risk_share_payment(1, 5, 5, provider_share=-0.1),
         "provider_share must be between"),
        (lambda: ct.cost_per_case_payment(float("nan"), 5), "unit_price must be a finite number"),
        (lambda: ct.risk_profile("block", PLAN, PRICE, points=1), "points must be a whole number"),
        (lambda: ct.risk_profile("block", PLAN, PRICE, spread=2), "spread must be between"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_risk_split_values_the_activity_variance_at_price():
    split = ct.risk_split("block", PLAN, PRICE, PLAN * 0.9)
    assert split["variance"] == pytest.approx(-0.1 * PLAN_VALUE)
    assert split["variance"] == pytest.approx(split["cost_at_price"] - split["plan_value"])


def test_marginal_rate_split_pays_only_the_rate_above_baseline():
    split = ct.risk_split("marginal_rate", PLAN, PRICE, PLAN * 1.2, rate=0.3)
    assert split["variance"] == pytest.approx(0.2 * PLAN_VALUE)
    assert split["commissioner_carries"] == pytest.approx(0.3 * 0.2 * PLAN_VALUE)
    assert -split["provider_carries"] == pytest.approx(0.7 * 0.2 * PLAN_VALUE)


def test_cap_and_collar_limits_bound_the_payment():
    limits = ct.cap_and_collar_limits(PLAN, PRICE, cap=1.05, collar=0.95)
    assert limits["plan_value"] == PLAN_VALUE
    assert limits["ceiling"] == pytest.approx(1.05 * PLAN_VALUE)
    assert limits["floor"] == pytest.approx(0.95 * PLAN_VALUE)
    for share in (0.5, 0.97, 1.0, 1.02, 1.5):
        paid = ct.cap_and_collar_payment(PLAN, PRICE, PLAN * share, cap=1.05, collar=0.95)
        assert limits["floor"] - 1e-6 <= paid <= limits["ceiling"] + 1e-6
    with pytest.raises(ValueError, match="collar"):
        ct.cap_and_collar_limits(PLAN, PRICE, cap=0.9, collar=1.1)


def test_plan_value_is_plan_times_price():
    assert ct.plan_value(PLAN, PRICE) == PLAN_VALUE
    series = ct.plan_value(pd.Series([10.0, 20.0], index=["A", "B"]), 5.0)
    assert series.name == "plan_value" and series.tolist() == [50.0, 100.0]
    with pytest.raises(ValueError, match="unit_price"):
        ct.plan_value(PLAN, -1.0)


# ---------------------------------------------------------------------------
# api_payment: the NHS Payment Scheme explorer's model
# ---------------------------------------------------------------------------

API_PLAN, API_PRICE, API_MFF = 4_000, 2_500.0, 1.05


def test_api_payment_from_2023_24_pays_every_spell_at_price_times_mff():
    # NHS Payment Scheme 2023/25 and 2025/26: elective activity at 100% of unit prices;
    # payment = price x MFF.
    parts = ct.api_payment(0, API_PLAN, 4_400, API_PRICE, API_MFF, 1.0)
    assert parts.total_gbp == pytest.approx(4_400 * API_PRICE * API_MFF)
    assert parts.fixed_gbp == 0
    assert parts.provider_vs_price_gbp == 0
    assert parts.commissioner_vs_plan_gbp == pytest.approx(400 * API_PRICE * API_MFF)


def test_api_payment_2022_23_pays_three_quarters_of_price_away_from_plan():
    # HFMA (2023): in 2022/23 planned elective activity sat in the fixed payment and the
    # variable payment was 75% of unit prices.
    plan_value = API_PLAN * API_PRICE * API_MFF
    parts = ct.api_payment(plan_value, API_PLAN, 4_400, API_PRICE, API_MFF, 0.75)
    assert parts.fixed_gbp == pytest.approx(plan_value)
    assert parts.variable_gbp == pytest.approx(0.75 * 400 * API_PRICE * API_MFF)
    assert parts.provider_vs_price_gbp == pytest.approx(-0.25 * 400 * API_PRICE * API_MFF)


def test_api_payment_below_plan_takes_back_the_variable_rate():
    plan_value = API_PLAN * API_PRICE
    parts = ct.api_payment(plan_value, API_PLAN, 3_600, API_PRICE, 1.0, 0.75)
    assert parts.variable_gbp == pytest.approx(-0.75 * 400 * API_PRICE)
    assert parts.provider_vs_price_gbp > 0  # paid for some spells it did not do


def test_api_payment_with_the_mff_at_one_is_the_unit_price():
    parts = ct.api_payment(0, 10, 10, 1_000, 1.0, 1.0)
    assert parts.plan_value_gbp == 10_000


def test_api_payment_parts_add_to_the_total_in_pence():
    parts = ct.api_payment(1_000.005, 3, 7, 333.33, 1.0173, 0.37)
    assert round(parts.fixed_gbp * 100) + round(parts.variable_gbp * 100) == round(
        parts.total_gbp * 100)
    for value in parts:
        assert round(value * 100) == pytest.approx(value * 100, abs=1e-6)


_api_terms = st.fixed_dictionaries({
    "planned": st.floats(0, 1e5),
    "price": st.floats(0.01, 1e5),
    "mff": st.floats(0.5, 1.5),
    "rate": st.floats(0, 1),
    "fixed_share": st.floats(0, 1),
})


def _api(terms, actual):
    plan_value = terms["planned"] * terms["price"] * terms["mff"]
    fixed = np.floor(terms["fixed_share"] * plan_value * 100) / 100
    return ct.api_payment(fixed, terms["planned"], actual, terms["price"], terms["mff"],
                          terms["rate"])


@given(terms=_api_terms, activity=st.floats(0, 2e5), more=st.floats(0, 1e5))
@settings(max_examples=200, deadline=None)
def test_api_payment_never_falls_as_activity_rises(terms, activity, more):
    assert _api(terms, activity + more).total_gbp >= _api(terms, activity).total_gbp


@given(terms=_api_terms, activity=st.floats(0, 2e5))
@settings(max_examples=200, deadline=None)
def test_api_payment_conserves_money_fixed_plus_variable_is_the_total(terms, activity):
    parts = _api(terms, activity)
    pence = [round(v * 100) for v in (parts.fixed_gbp, parts.variable_gbp, parts.total_gbp)]
    assert pence[0] + pence[1] == pence[2]
    assert round(parts.commissioner_vs_plan_gbp * 100) == pence[2] - round(
        parts.plan_value_gbp * 100)


@given(terms=_api_terms)
@settings(max_examples=100, deadline=None)
def test_api_payment_equals_the_plan_value_at_plan(terms):
    parts = _api(terms, terms["planned"])
    assert parts.total_gbp == parts.plan_value_gbp


@pytest.mark.parametrize("kwargs, box", [
    ({"actual_activity": -1}, "Actual elective activity (spells)"),
    ({"planned_activity": -1}, "Planned elective activity (spells)"),
    ({"unit_price_gbp": 0}, "Unit price (£ per spell)"),
    ({"fixed_element_gbp": 2e7}, "Fixed element for elective activity (£)"),
    ({"fixed_element_gbp": -5}, "Fixed element for elective activity (£)"),
    ({"mff": 0}, "Market forces factor"),
    ({"mff": -1.0}, "Market forces factor"),
    ({"variable_rate": 1.2}, "Variable rate (share of price, 0 to 1)"),
    ({"actual_activity": float("nan")}, "Actual elective activity (spells)"),
    ({"unit_price_gbp": "lots"}, "Unit price (£ per spell)"),
])
def test_api_payment_refuses_bad_terms_naming_the_box(kwargs, box):
    terms = dict(fixed_element_gbp=0, planned_activity=API_PLAN, actual_activity=API_PLAN,
                 unit_price_gbp=API_PRICE, mff=API_MFF, variable_rate=1.0) | kwargs
    with pytest.raises(ValueError) as caught:
        ct.api_payment(**terms)
    message = str(caught.value)
    assert message.startswith(box)
    assert box in ct.API_PAYMENT_LABELS.values() or any(
        label.startswith(box) for label in ct.API_PAYMENT_LABELS.values())


def test_fixed_element_over_the_plan_value_is_explained():
    with pytest.raises(ValueError, match=r"must not be more than the plan value \(£10,500,000"):
        ct.api_payment(10_500_001, API_PLAN, API_PLAN, API_PRICE, API_MFF, 1.0)
    assert ct.api_payment(10_500_000, API_PLAN, API_PLAN, API_PRICE, API_MFF, 1.0).fixed_gbp \
        == 10_500_000


def test_api_rules_2022_23_note_gives_the_thresholds_the_hfma_gives():
    # Review item 5 (HFMA, 2 Feb 2022): all contracts within an ICS; £30m across boundaries.
    note = ct.API_RULES["2022/23"].note
    assert "all secondary care contracts within an ICS" in note
    assert "£30m or more across ICS boundaries" in note


# ---------------------------------------------------------------------------
# Boxes of the explorers: refused in a sentence naming them, never "nan" or trillions
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, box, words", [
    ({"planned_activity": 2_000_000}, "Planned elective activity (spells)", "1,000,000 spells"),
    ({"actual_activity": 5e6}, "Actual elective activity (spells)", "2,000,000 spells"),
    ({"unit_price_gbp": 1e9}, "Unit price (£ per spell)", "£1,000,000"),
    ({"mff": 50.0}, "Market forces factor", "2.00"),
    ({"mff": float("inf")}, "Market forces factor", "blank or not finite"),
])
def test_api_payment_refuses_absurdly_large_terms_naming_the_box(kwargs, box, words):
    terms = dict(fixed_element_gbp=0, planned_activity=API_PLAN, actual_activity=API_PLAN,
                 unit_price_gbp=API_PRICE, mff=API_MFF, variable_rate=1.0) | kwargs
    with pytest.raises(ValueError) as caught:
        ct.api_payment(**terms)
    assert str(caught.value).startswith(box)
    assert words in str(caught.value)
    assert "nan" not in str(caught.value) and "inf" not in str(caught.value)


def test_api_payment_takes_the_largest_terms_it_allows():
    parts = ct.api_payment(0, ct.API_MAX_SPELLS["planned_activity"],
                           ct.API_MAX_SPELLS["actual_activity"], ct.API_MAX_UNIT_PRICE_GBP,
                           ct.API_MAX_MFF, 1.0)
    assert parts.total_gbp == 2_000_000 * 1_000_000 * 2.0


def test_api_share_of_plan_needs_a_plan_of_at_least_one_spell():
    assert ct.api_share_of_plan(4_000, 4_400) == pytest.approx(110.0)
    for planned in (0.0, 0.5, 1e-9):
        with pytest.raises(ValueError, match=r"^Planned elective activity \(spells\) must be at "
                                             r"least 1 spell"):
            ct.api_share_of_plan(planned, 4_400)


def test_api_refusals_are_the_sentences_api_payment_gives():
    with pytest.raises(ValueError) as caught:
        ct.api_payment(0, -3, API_PLAN, API_PRICE, API_MFF, 1.0)
    assert str(caught.value) == ct.API_REFUSALS["spells_negative"].format(
        label=ct.API_PAYMENT_LABELS["planned_activity"], value=-3.0)


@pytest.mark.parametrize("value, words", [
    (float("nan"), "must be a number: it is blank or not finite"),
    (float("inf"), "must be a number: it is blank or not finite"),
    (-2.0, "must not be negative (got -2)"),
    (2e7, "must not be more than 10,000,000 in this explorer: check the number of digits"),
])
def test_explorer_number_refuses_a_box_in_a_sentence_naming_it(value, words):
    with pytest.raises(ValueError) as caught:
        ct.explorer_number("Planned activity (cases a year)", value, maximum=10_000_000)
    assert str(caught.value) == f"Planned activity (cases a year) {words}"


def test_explorer_number_leaves_a_negative_fraction_to_the_rule():
    assert ct.explorer_number("Rate (0 to 1)", -0.5, negative_ok=True) == -0.5
    assert ct.explorer_number("Price", 0.0, maximum=1.0) == 0.0


def test_weighted_mean_adds_from_the_first_point_to_the_last():
    values = [1e16, 1.0, -1e16, 1.0]
    assert ct.weighted_mean([1.0] * 4, values) == ((1e16 + 1.0) - 1e16) + 1.0
    with pytest.raises(ValueError):
        ct.weighted_mean([0.5, 0.5], [1.0])


def test_band_refusal_is_the_sentence_cap_and_collar_gives():
    with pytest.raises(ValueError) as caught:
        ct.cap_and_collar_payment(PLAN, PRICE, PLAN, cap=0.9, collar=1.1)
    assert str(caught.value) == ct.BAND_REFUSAL.format(collar=1.1, cap=0.9)
