"""Tests for commlib.spending: money in to money out for a commissioner."""

import pandas as pd
import pytest

from commlib import spending as sp

# Seed 000: NHS Vale of York CCG 2020/21, primary care lines (pounds).
LINES = {"prescribing": 53_000_000.0, "out_of_hours": 3_400_000.0, "practices": 50_800_000.0}


def test_allocation_from_per_head_multiplies_by_registered_patients():
    assert sp.allocation_from_per_head(1_373, 360_000) == pytest.approx(494_280_000)
    with pytest.raises(ValueError, match="per_head"):
        sp.allocation_from_per_head(-1, 360_000)


def test_money_out_splits_the_allocation_exactly():
    split = sp.money_out(500_000_000.0, LINES)
    assert split["primary_care"] == pytest.approx(107_200_000)
    assert split["everything_else"] == pytest.approx(392_800_000)
    assert split["primary_care"] + split["everything_else"] == pytest.approx(split["allocation"])
    assert split["prescribing"] == LINES["prescribing"]


def test_money_out_refuses_primary_care_above_the_allocation():
    with pytest.raises(ValueError, match="more than the allocation"):
        sp.money_out(100_000_000.0, LINES)
    with pytest.raises(ValueError, match="at least one primary care line"):
        sp.money_out(100.0, {})
    with pytest.raises(ValueError, match="prescribing"):
        sp.money_out(500_000_000.0, {**LINES, "prescribing": -5.0})


def test_money_out_shares_add_up():
    shares = sp.money_out_shares(sp.money_out(500_000_000.0, LINES))
    assert shares["primary_care"] + shares["everything_else"] == pytest.approx(1.0)
    line_shares = [shares[f"{k}_of_primary_care"] for k in LINES]
    assert sum(line_shares) == pytest.approx(1.0)
    assert shares["prescribing_of_primary_care"] == pytest.approx(53.0 / 107.2)


def test_money_flows_conserve_money_at_every_node():
    flows = sp.money_flows(sp.money_out(500_000_000.0, LINES))
    assert isinstance(flows, pd.DataFrame)
    out_of_allocation = flows.loc[flows["from"] == "allocation", "amount"].sum()
    assert out_of_allocation == pytest.approx(500_000_000.0)
    into_primary = flows.loc[flows["to"] == "primary_care", "amount"].sum()
    out_of_primary = flows.loc[flows["from"] == "primary_care", "amount"].sum()
    assert into_primary == pytest.approx(out_of_primary)
    assert set(flows.loc[flows["from"] == "primary_care", "to"]) == set(LINES)


def test_practices_gap_is_the_commissioners_figure_less_the_payments():
    assert sp.practices_gap(50_800_000.0, 48_300_000.0) == pytest.approx(2_500_000.0)
    assert sp.practices_gap(1.0, 3.0) == pytest.approx(-2.0)
    with pytest.raises(ValueError, match="spent_on_practices"):
        sp.practices_gap(-1.0, 3.0)
