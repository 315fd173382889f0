"""Tests for the capital scheme explorer (live and kernel-free)."""

import re

import pytest

from commlib import capital, fmt, plots
from commlib.widgets import capital as capital_widget

SCANNER = capital.ILLUSTRATIVE_SCANNER


def bar_value(result_html: str, label: str) -> float:
    match = re.search(rf'data-bar="{re.escape(label)}" data-value="([^"]+)"', result_html)
    assert match, f"no bar {label!r}"
    return float(match.group(1))


def test_live_explorer_starts_with_the_models_year_one_costs():
    live = capital_widget.capital_explorer()
    table = capital.revenue_consequences(SCANNER["capital_cost"], SCANNER["useful_life_years"],
                                         SCANNER["running_cost_per_year"])
    assert bar_value(live.result.value, "Depreciation") == pytest.approx(
        table.loc[1, "depreciation"])
    assert bar_value(live.result.value, "PDC dividend") == pytest.approx(
        table.loc[1, "pdc_dividend"])
    totals = capital.lifetime_costs(SCANNER["capital_cost"], SCANNER["useful_life_years"],
                                    SCANNER["running_cost_per_year"])
    assert fmt.money(totals["total_revenue_cost"]) in live.result.value


def test_a_longer_life_lowers_the_yearly_depreciation():
    live = capital_widget.capital_explorer()
    assert live.set(useful_life_years=12.0)
    assert bar_value(live.result.value, "Depreciation") == pytest.approx(
        SCANNER["capital_cost"] / 12)


@pytest.mark.parametrize("values, message", [
    ({"useful_life_years": 0.0}, "useful life must be at least 1 year"),
    ({"useful_life_years": 2.5}, "whole number of years"),
    ({"useful_life_years": 1e9}, "at most 100 years"),
    ({"useful_life_years": float("nan")}, "Type the useful life"),
    ({"capital_cost": 0.0}, "capital cost of the asset must be at least 1p"),
    ({"capital_cost": float("nan")}, "Type the capital cost"),
    ({"capital_cost": 1e307}, "at most £10bn"),
    ({"capital_cost": 0.005}, "must be at least 1p"),
    ({"capital_cost": 12.345}, "whole number of pence"),
    ({"running_cost_per_year": -1.0}, "must not be negative"),
    ({"running_cost_per_year": float("inf")}, "Type the running costs"),
    ({"pdc_dividend_rate": 3.5}, "share from 0 to 1"),
    ({"pdc_dividend_rate": float("nan")}, "Type the PDC dividend rate"),
])
def test_bad_entries_are_refused_and_the_last_good_result_kept(values, message):
    live = capital_widget.capital_explorer()
    good = live.result.value
    assert live.set(**values) is False
    assert message in live.last_error
    assert live.result.value == good


def test_a_one_year_life_reads_one_year():
    live = capital_widget.capital_explorer()
    assert live.set(useful_life_years=1.0)
    assert "used for 1 year costs" in live.result.value


def test_static_steps_equal_the_models_values():
    fig = capital_widget.static_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    n_costs = len(capital_widget.STATIC_RUNNING_COSTS)
    for i, life in enumerate(capital_widget.STATIC_LIVES):
        for j, running in enumerate(capital_widget.STATIC_RUNNING_COSTS):
            table = capital.revenue_consequences(SCANNER["capital_cost"], life, running)
            step = meta["steps"][i * n_costs + j]
            assert step["y"][0] == pytest.approx(list(table["depreciation"]))
            assert step["y"][2] == pytest.approx(list(table["running_costs"]))
            totals = capital.lifetime_costs(SCANNER["capital_cost"], life, running)
            assert fmt.money(totals["total_revenue_cost"]) in plots.explorer_headline(fig, i, j)
