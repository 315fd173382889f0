"""Tests for the contract terms explorer (commlib.widgets.contracts)."""

import html
import re

import pytest

from commlib import contracts, fmt, plots
from commlib.widgets import contracts as explorer

PLAN = explorer.PLANNED_ACTIVITY
PRICE = explorer.UNIT_PRICE


def marker_y(result_html: str, name: str) -> float:
    match = re.search(rf'data-marker="{re.escape(name)}" data-x="[^"]+" data-y="([^"]+)"',
                      result_html)
    assert match, f"no marker {name!r} in the chart"
    return float(match.group(1))


def table_row(result_html: str, first_cell: str) -> list[str]:
    for row in re.findall(r"<tr>(.*?)</tr>", result_html):
        cells = re.findall(r"<td>(.*?)</td>", row)
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row starting {first_cell!r}")


def test_starting_state_shows_both_contracts_at_110_percent_of_plan():
    live = explorer.contract_explorer()
    assert live.last_error is None
    html = live.result.value
    expected_a = contracts.contract_payment("cost_per_case", PLAN, PRICE, PLAN * 1.1)
    expected_b = contracts.contract_payment("cap_and_collar", PLAN, PRICE, PLAN * 1.1)
    assert marker_y(html, "A: Cost per case now") == pytest.approx(expected_a, abs=0.01)
    assert marker_y(html, "B: Cap and collar now") == pytest.approx(expected_b, abs=0.01)
    assert table_row(html, "B: Cap and collar")[1] == fmt.money(expected_b)


def test_moving_actual_activity_changes_the_payment_to_the_models_value():
    live = explorer.contract_explorer(contract_a="marginal_rate")
    assert live.set(actual_pct=120, a_rate=0.3)
    expected = contracts.marginal_rate_payment(PLAN * PRICE, 1.2 * PLAN * PRICE, 0.3)
    assert marker_y(live.result.value, "A: Marginal rate now") == pytest.approx(expected)
    assert table_row(live.result.value, "A: Marginal rate")[1] == fmt.money(expected)


def test_changing_a_term_changes_the_risk_split_shown():
    live = explorer.contract_explorer(contract_b="risk_share")
    live.set(actual_pct=130, b_provider_share=0.25)
    split = contracts.risk_split("risk_share", PLAN, PRICE, PLAN * 1.3, provider_share=0.25)
    row = table_row(live.result.value, "B: Risk share")
    assert row[4] == fmt.money(split["provider_carries"])
    assert row[5] == "+" + fmt.money(split["commissioner_carries"])


def test_changing_price_and_plan_rescales_the_payment():
    live = explorer.contract_explorer()
    live.set(planned_activity=4_000, unit_price=350.0, actual_pct=90)
    expected = contracts.contract_payment("cost_per_case", 4_000, 350.0, 3_600)
    assert marker_y(live.result.value, "A: Cost per case now") == pytest.approx(expected)


def test_collar_above_cap_shows_the_models_message_and_keeps_the_last_good_result():
    live = explorer.contract_explorer()
    good = live.result.value
    assert live.set(b_collar=1.2) is False
    assert live.last_error == "collar (1.20) must not be above cap (1.05)"
    assert "collar (1.20) must not be above cap (1.05)" in live.message.value
    assert live.result.value == good


def test_a_rate_outside_nought_to_one_shows_a_plain_message():
    live = explorer.contract_explorer(contract_a="blended")
    good = live.result.value
    assert live.set(a_variable_rate=1.5) is False
    assert live.last_error == ("Contract A: variable element (share of price) (0 to 1) must be "
                               "from 0 to 1 (a fraction: 0.3 means 30%); got 1.5")
    assert live.result.value == good
    assert live.set(a_variable_rate=0.2) is True
    assert live.message.value == ""


def test_only_the_terms_of_the_chosen_contract_are_visible():
    live = explorer.contract_explorer(contract_a="cap_and_collar")
    assert live.controls["a_cap"].layout.display is None
    assert live.controls["a_rate"].layout.display == "none"
    live.controls["a_contract"].value = "marginal_rate"
    assert live.controls["a_rate"].layout.display is None
    assert live.controls["a_cap"].layout.display == "none"


def test_every_control_has_a_description_with_units_or_a_choice():
    live = explorer.contract_explorer()
    for name, control in live.controls.items():
        assert control.description, name


def test_static_explorer_steps_equal_the_models_values():
    fig = explorer.static_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    keys = list(contracts.CONTRACT_TYPES)
    assert len(meta["steps"]) == len(keys) * len(explorer.STATIC_ACTIVITY_PCT)
    for k, key in enumerate(keys):
        for p, pct in enumerate(explorer.STATIC_ACTIVITY_PCT):
            flat = k * len(explorer.STATIC_ACTIVITY_PCT) + p
            expected = contracts.contract_payment(key, PLAN, PRICE, PLAN * pct / 100)
            marker = meta["steps"][flat]["y"][2]
            assert marker[0] == pytest.approx(expected)
            assert fmt.money(expected) in plots.explorer_headline(fig, k, p)


def test_static_explorer_starts_at_cap_and_collar_at_110_percent():
    fig = explorer.static_explorer()
    headline = fig.layout.annotations[0].text
    assert headline.startswith("Cap and collar at 110% of plan")


def test_the_markers_sit_at_the_chosen_activity_on_the_chart():
    live = explorer.contract_explorer()
    live.set(actual_pct=87)
    xs = re.findall(r'data-marker="[^"]+" data-x="([^"]+)"', live.result.value)
    assert xs == ["87", "87"]


# ---------------------------------------------------------------------------
# The payment scheme explorer (API contract with an MFF)
# ---------------------------------------------------------------------------

def _api_row(result_html: str, part: str) -> str:
    return table_row(result_html, part)[1]


def test_payment_scheme_explorer_starts_with_the_current_rules_at_110_percent():
    live = explorer.api_explorer()
    assert live.last_error is None
    expected = contracts.api_payment(0.0, explorer.API_PLANNED_SPELLS,
                                     explorer.API_PLANNED_SPELLS * 1.1, explorer.API_UNIT_PRICE,
                                     explorer.API_MFF, 1.0)
    html = live.result.value
    assert _api_row(html, "Total payment") == fmt.money(expected.total_gbp)
    assert marker_y(html, "Payment now") == pytest.approx(expected.total_gbp)
    assert "110% of plan" in html


def test_payment_scheme_explorer_shows_fixed_and_variable_parts_that_add_up():
    live = explorer.api_explorer()
    plan_value = explorer.API_PLANNED_SPELLS * explorer.API_UNIT_PRICE * explorer.API_MFF
    assert live.set(fixed_element_gbp=plan_value, variable_rate=0.75, actual_activity=3_000)
    parts = contracts.api_payment(plan_value, explorer.API_PLANNED_SPELLS, 3_000,
                                  explorer.API_UNIT_PRICE, explorer.API_MFF, 0.75)
    html = live.result.value
    assert _api_row(html, "Fixed element") == fmt.money(parts.fixed_gbp)
    assert _api_row(html, "Variable element") == fmt.money(parts.variable_gbp)
    assert _api_row(html, "Total payment") == fmt.money(parts.total_gbp)
    assert "for spells it did not do" in html


@pytest.mark.parametrize("box, bad", [
    ("actual_activity", -10.0), ("unit_price_gbp", 0.0), ("mff", 0.0),
    ("fixed_element_gbp", 1e12), ("variable_rate", 2.0),
])
def test_payment_scheme_explorer_bad_input_shows_the_sentence_and_keeps_the_last_result(box, bad):
    live = explorer.api_explorer()
    before = live.result.value
    assert not live.set(**{box: bad})
    assert live.result.value == before
    assert contracts.API_PAYMENT_LABELS[box] in live.message.value
    assert live.set(**{box: live.last_good[box]})
    assert live.message.value == ""


def test_payment_scheme_explorer_labels_every_box_with_its_unit():
    live = explorer.api_explorer()
    for name, control in live.controls.items():
        assert control.description == contracts.API_PAYMENT_LABELS[name]
        assert "(" in control.description


def test_payment_scheme_static_explorer_steps_match_the_model():
    fig = explorer.api_static_explorer()
    keys = list(explorer.API_PRESETS)
    for i, key in enumerate(keys):
        for j, pct in enumerate(explorer.API_STATIC_ACTIVITY_PCT):
            parts, headline = explorer.api_static_step(key, pct)
            assert plots.explorer_headline(fig, i, j) == headline
            assert fmt.money(parts.total_gbp) in headline


def test_payment_scheme_static_explorer_2023_24_terms_pay_activity_at_price():
    parts, _ = explorer.api_static_step("2023/24 on", 120)
    assert parts.provider_vs_price_gbp == 0
    assert parts.total_gbp == pytest.approx(
        explorer.API_PLANNED_SPELLS * 1.2 * explorer.API_UNIT_PRICE * explorer.API_MFF)


# ---------------------------------------------------------------------------
# Odd entries (as the site's twins pass them: NaN for text that is not a number)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("box, bad, words", [
    ("planned_activity", float("nan"), "Planned activity (cases a year) must be a number"),
    ("unit_price", float("inf"), "Price (£ per case) must be a number"),
    ("unit_price", -5.0, "Price (£ per case) must not be negative"),
    ("planned_activity", 5e7, "Planned activity (cases a year) must not be more than 10,000,000"),
    ("b_cap", 1e9, "Contract B: cap (multiple of plan value) must not be more than 10"),
    ("b_collar", float("nan"), "Contract B: collar (multiple of plan value) must be a number"),
])
def test_contract_explorer_refuses_odd_boxes_naming_them(box, bad, words):
    live = explorer.contract_explorer()
    # render itself, as the site twin's parity test calls it: the planned activity box is a
    # whole-number box in JupyterLab, which clamps what is typed before render sees it.
    with pytest.raises(ValueError) as caught:
        live.render(**(live.values() | {box: bad}))
    assert str(caught.value).startswith(words)
    assert "nan" not in str(caught.value) and "inf" not in str(caught.value)


def test_contract_explorer_ignores_the_terms_of_contract_types_not_chosen():
    live = explorer.contract_explorer(contract_a="cost_per_case", contract_b="block")
    assert live.set(a_rate=float("nan"), b_cap=-1.0) is True


def test_payment_scheme_explorer_refuses_a_plan_under_one_spell():
    live = explorer.api_explorer()
    assert live.set(planned_activity=0.0) is False
    assert live.last_error.startswith("Planned elective activity (spells) must be at least 1")


def test_fraction_refusal_templates_give_the_checks_own_sentence():
    from commlib import _validate
    from commlib.widgets import browser_contracts

    for name in ("rate", "variable_rate", "provider_share"):
        with pytest.raises(ValueError) as caught:
            _validate.check_fraction(name, 1.5)
        template = browser_contracts.fraction_refusal(name)
        assert template.format(value=_validate.fmt_value(1.5)) == str(caught.value)


def test_both_contract_twins_are_registered_with_their_live_explorers():
    from commlib.widgets import browser

    twins = browser.twins()
    assert twins["payment-scheme"].live is explorer.api_explorer
    assert twins["contract-terms"].live is explorer.contract_explorer
    for name in ("payment-scheme", "contract-terms"):
        spec = browser.site_explorer(name).spec
        assert spec["module"] == "contracts"
        assert twins[name].export()["kind"] in ("api", "terms")


@pytest.mark.parametrize("typed", [1.5, -0.5])
def test_a_fraction_out_of_range_is_refused_in_the_words_of_its_box(typed):
    from commlib import contracts as model
    from commlib.widgets import contracts as cw

    for key, kind in model.CONTRACT_TYPES.items():
        for name, parameter in kind.parameters.items():
            if parameter.unit != "fraction" or parameter.choices:
                continue
            explorer = cw.contract_explorer()
            explorer.controls["a_contract"].value = key
            explorer.controls[f"a_{name}"].value = typed
            label = cw.term_label(parameter, "a")
            shown = html.unescape(explorer.message.value)
            assert f"{label} must be from 0 to 1" in shown, (key, name)
            assert f"{name} must" not in shown
