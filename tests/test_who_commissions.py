"""The "who commissions this service?" and commissioning cycle explorers (chapters 1 and 2)."""

from __future__ import annotations

import html

import pytest

from commlib import data, plots
from commlib.widgets import who_commissions as wc


@pytest.fixture(scope="module")
def services():
    return wc.load_services()


def test_every_service_has_a_known_commissioner_in_every_year(services):
    for suffix, _ in wc.YEARS:
        assert set(services[f"commissioner_{suffix}"]) <= set(wc.COMMISSIONERS)


def test_ccgs_appear_only_before_2022_and_icbs_only_today(services):
    assert "ICB" not in set(services["commissioner_2013"]) | set(services["commissioner_2019"])
    assert "CCG" not in set(services["commissioner_today"])


def test_every_row_names_a_source(services):
    assert services["source"].str.strip().str.len().gt(0).all()


def test_find_service_matches_part_of_a_name_ignoring_case(services):
    assert wc.find_service(services, "DENTAL") == "Dental services"


def test_find_service_explains_when_nothing_matches(services):
    with pytest.raises(ValueError, match="no service in the table matches 'hovercraft'"):
        wc.find_service(services, "hovercraft")


def test_live_explorer_shows_the_tables_commissioners_for_the_chosen_service(services):
    explorer = wc.live_explorer(services)
    assert explorer.set(service="Dental services")
    row = services.loc["Dental services"]
    for suffix, _ in wc.YEARS:
        assert html.escape(row[f"detail_{suffix}"]) in explorer.result.value
    assert "Caveat" in explorer.result.value  # today's entry is not yet verified


def test_live_explorer_keeps_the_last_good_result_on_bad_input(services):
    explorer = wc.live_explorer(services)
    explorer.set(service="ambulance")
    good = explorer.result.value
    assert not explorer.set(service="zzz")
    assert explorer.result.value == good
    assert "no service in the table matches" in explorer.message.value


def test_static_explorer_has_one_step_per_service_matching_the_table(services):
    fig = wc.static_explorer(services)
    meta = fig.layout.meta["commlib_explorer"]
    assert meta["dims"][0]["labels"] == list(services.index)
    for i, service in enumerate(services.index):
        expected = [services.loc[service, f"commissioner_{s}"] for s, _ in wc.YEARS]
        assert meta["steps"][i]["y"][0] == expected
        assert plots.explorer_headline(fig, i).startswith(service)


def test_cycle_explorer_has_the_four_stages_of_the_table_in_order():
    stages = data.load("commissioning_cycle").sort_values("stage_order")
    in_cycle = list(stages.loc[stages["in_cycle"], "stage"])
    fig = wc.cycle_explorer()
    meta = fig.layout.meta["commlib_explorer"]
    assert meta["dims"][0]["labels"] == in_cycle
    assert len(in_cycle) == 4
    assert plots.explorer_headline(fig, 0).startswith("Stage 1 of 4")


def test_cycle_live_explorer_shows_the_chosen_stage_and_refuses_an_unknown_one():
    explorer = wc.cycle_live_explorer()
    stages = wc.cycle_stages()
    monitor = stages[stages["stage"] == "Monitor delivery"].iloc[0]
    assert explorer.set(stage="Monitor delivery")
    assert html.escape(monitor["what_happens"]) in explorer.result.value
    with pytest.raises(ValueError, match="is not a stage of the cycle"):
        wc.cycle_render(stages, "Celebrate")
