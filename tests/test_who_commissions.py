"""Chapter 2: the "who commissions this service?" explorers, the commissioners model and the
facts the chapter states as today's (2026/27); and the commissioning cycle explorer (chapter 1).
"""

from __future__ import annotations

import html
import subprocess
import sys

import pandas as pd
import pytest

from commlib import commissioners, data, plots
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
    assert "Caveat" not in explorer.result.value  # delegation to ICBs in April 2023 is checked


def test_live_explorer_warns_when_todays_entry_is_not_checked(services):
    unchecked = services.index[~services["verified"].astype(bool)]
    assert len(unchecked) > 0
    explorer = wc.live_explorer(services)
    assert explorer.set(service=unchecked[0])
    assert "Caveat" in explorer.result.value


def test_the_headline_names_todays_commissioner_first(services):
    years = wc.commissioners_for(services, "Community pharmacy")
    assert wc._sentence("Community pharmacy", years) == (
        "Community pharmacy: ICB today; NHS England in 2019/20; NHS England in 2013/14.")
    same = wc.commissioners_for(services, "Adult social care (care at home and in care homes)")
    assert wc._sentence("Social care", same).startswith("Social care: Local authority today, as")


# ---- Who commissions what today (issue 13: no present tense may say NHS England commissions
# ---- what it has delegated) -------------------------------------------------------------

@pytest.mark.parametrize("service", [
    "General practice", "Dental services", "NHS sight tests (optometry)", "Community pharmacy",
    "Specialised services for rare and complex conditions",
])
def test_services_delegated_by_nhs_england_are_commissioned_by_icbs_today(services, service):
    assert services.loc[service, "commissioner_today"] == "ICB"
    assert bool(services.loc[service, "verified"])
    assert "delegated" in services.loc[service, "detail_today"]


def test_nhs_england_keeps_the_highly_specialised_services(services):
    assert services.loc["Highly specialised services", "commissioner_today"] == "NHS England"


def test_no_todays_detail_calls_public_health_england_current(services):
    for service, detail in services["detail_today"].items():
        if "Public Health England" in detail:
            assert "abolished" in detail, service


# ---- The commissioners model ------------------------------------------------------------

@pytest.fixture(scope="module")
def budget():
    return data.load("commissioning_budget")


def test_cipfa_planned_direct_commissioning_streams_add_to_29956m_in_2016_17(budget):
    assert commissioners.direct_commissioning_m(budget, "2016/17") == pytest.approx(
        15_662 + 7_652 + 6_642)


def test_the_kings_fund_and_cipfa_disagree_on_direct_commissioning_in_2016_17(budget):
    facts = data.load("commissioning_facts").set_index("key")
    kings_fund = float(facts.loc["nhse_direct_commissioning_2016_17", "value"])
    gap = commissioners.compare_totals(kings_fund,
                                       commissioners.direct_commissioning_m(budget, "2016/17"))
    assert gap["difference_m"] == pytest.approx(29_956 - 25_400)
    assert gap["difference_share"] == pytest.approx(4_556 / 25_400)


def test_direct_commissioning_leaves_out_nhs_englands_central_budgets(budget):
    assert commissioners.direct_commissioning_m(budget, "2013/14") == pytest.approx(25_400)


def test_budget_by_commissioner_adds_back_to_the_years_streams(budget):
    for year in dict.fromkeys(budget["year"]):
        totals = commissioners.by_commissioner(budget, year)
        assert totals.sum() == pytest.approx(budget.loc[budget["year"] == year, "amount_m"].sum())


def test_ccg_share_in_2013_14_counts_programme_and_running_costs(budget):
    share = commissioners.share_of(budget, "2013/14", "CCGs")
    assert share == pytest.approx((63_400 + 1_300) / 95_600)


def test_an_unknown_year_or_commissioner_is_explained(budget):
    with pytest.raises(ValueError, match="no year '2030/31': it holds 2013/14"):
        commissioners.by_commissioner(budget, "2030/31")
    with pytest.raises(ValueError, match="no stream in 2018/19 belongs to 'Local authorities'"):
        commissioners.share_of(budget, "2018/19", "Local authorities")
    with pytest.raises(ValueError, match="no NHS England direct commissioning stream"):
        commissioners.direct_commissioning_m(
            pd.DataFrame({"year": ["2020/21"], "commissioner": ["CCGs"], "stream": ["x"],
                          "amount_m": [1.0]}), "2020/21")


def test_a_negative_stream_is_refused():
    bad = pd.DataFrame({"year": ["2020/21"], "commissioner": ["CCGs"], "stream": ["x"],
                        "amount_m": [-1.0]})
    with pytest.raises(ValueError, match="must not be negative"):
        commissioners.by_commissioner(bad, "2020/21")


def test_average_population_of_135_ccgs_is_about_450000():
    assert commissioners.average_population(60_600_000, 135) == pytest.approx(448_889, abs=1)


def test_average_population_refuses_no_bodies():
    with pytest.raises(ValueError, match="bodies must be above zero"):
        commissioners.average_population(60_600_000, 0)


def test_compare_totals_refuses_a_first_figure_of_zero():
    with pytest.raises(ValueError, match="first_m must be above zero"):
        commissioners.compare_totals(0, 10)


def test_the_commissioners_model_imports_neither_plotly_nor_ipywidgets():
    code = ("import sys, commlib.commissioners; "
            "print(' '.join(m for m in ('plotly', 'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


# ---- Facts the chapter states -------------------------------------------------------------

def test_public_health_grant_has_one_figure_per_year_and_flags_the_2026_27_consolidation():
    grant = data.load("public_health_grant").set_index("year")
    assert not grant.index.duplicated().any()
    assert grant.loc["2024/25", "amount_m"] == 3_603
    assert grant.loc["2025/26", "amount_m"] == 3_858
    assert grant.loc["2026/27", "amount_m"] == 4_404
    assert list(grant.index[grant["consolidated"].astype(bool)]) == ["2026/27"]


def test_the_icb_clusters_count_is_verified():
    bodies = data.load("commissioning_bodies")
    clusters = bodies[bodies["body"] == "ICB cluster"].iloc[0]
    assert clusters["count"] == 26 and bool(clusters["verified"])


def test_live_explorer_keeps_the_last_good_result_on_bad_input(services):
    explorer = wc.live_explorer(services)
    explorer.set(search="ambulance")
    good = explorer.result.value
    assert "Emergency ambulance services" in good
    assert not explorer.set(search="zzz")
    assert explorer.result.value == good
    assert "no service in the table matches" in explorer.message.value


def test_a_blank_search_shows_the_service_picked_from_the_list(services):
    explorer = wc.live_explorer(services)
    assert explorer.set(service="Community pharmacy", search="  ")
    assert "Community pharmacy: ICB today" in explorer.result.value
    assert explorer.set(search="DENTAL")
    assert "Dental services" in explorer.result.value


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
