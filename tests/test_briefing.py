"""An ICB's briefing (commlib.briefing, commlib.widgets.briefing) equals the chapters and commlib.

ICBs are picked at random (a fixed seed, so a failure can be repeated) from every ICB of every
year, and each figure the briefing shows is recomputed from the data and the chapters' own
functions; the HTML is checked to show it, formatted as the chapters format it. An ICB with a
missing figure (no sub-ICB locations recorded, formed or ended in April 2026) says so in words.
"""

from __future__ import annotations

import html
import importlib.util
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commlib import allocation, briefing, data, fmt, mergers, places, primary_care
from commlib.widgets import allocations as wa
from commlib.widgets import briefing as wb
from commlib.widgets import browser

ROOT = Path(__file__).resolve().parents[1]
SEED = 19
EVERY = list(briefing.icbs().index)
SAMPLE = random.Random(SEED).sample(EVERY, 6)
#: One ICB formed in April 2026, one that ended then, one that went on unchanged.
NEW, ENDED, UNCHANGED = "T01", "QNQ", "QOQ"


def text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture(scope="module")
def icb_rows() -> pd.DataFrame:
    return data.load("allocation_icb")


@pytest.fixture(scope="module")
def practice_rows() -> pd.DataFrame:
    return data.load("allocation_practices")


def test_every_icb_of_every_year_is_listed_once_by_name(icb_rows):
    listed = briefing.icbs()
    assert sorted(listed.index) == sorted(icb_rows["icb_code"].unique())
    assert list(listed["icb_name"]) == sorted(listed["icb_name"])
    for year, rows in icb_rows.groupby("year"):
        assert set(briefing.icbs(year).index) == set(rows["icb_code"])
    options = wb.icb_options()
    assert [code for _, code in options] == list(listed.index)
    assert len({label for label, _ in options}) == len(options)
    assert briefing.years() == sorted(icb_rows["year"].unique())
    assert briefing.latest_year() == max(icb_rows["year"])


@pytest.mark.parametrize("code", SAMPLE)
def test_population_equals_the_allocation_data_and_its_practices(code, icb_rows, practice_rows):
    pop = briefing.population(code)
    mine = icb_rows[icb_rows["icb_code"] == code].set_index("year")
    assert list(pop.index) == sorted(mine.index)
    for year in pop.index:
        assert pop.at[year, "population"] == pytest.approx(mine.at[year, "population"])
        assert pop.at[year, "weighted_core"] == pytest.approx(mine.at[year, "wp_core"])
        rows = practice_rows[(practice_rows["year"] == year) & (practice_rows["icb_code"] == code)]
        assert pop.at[year, "population"] == pytest.approx(rows["population"].sum(), rel=1e-6)
        assert pop.at[year, "practices"] == len(rows)
    last = pop.index[-1]
    shown = text(wb.briefing_html(code))
    assert f"In {last}, {fmt.people(pop.at[last, 'population'])} people were registered" in shown


@pytest.mark.parametrize("code", SAMPLE)
def test_need_by_component_equals_the_chapters_in_every_year(code, icb_rows):
    need = briefing.need_by_year(code)
    assert list(need.index) == list(wa.COMPONENT_LABELS)
    for year in need.columns:
        rows = icb_rows[icb_rows["year"] == year].set_index("icb_code")
        for component in need.index:
            expected = allocation.need_index(rows["population"], rows[component])[code]
            assert need.at[component, year] == pytest.approx(expected, rel=1e-12)
            assert need.at[component, year] == wa.icb_need_table(year).at[code, component]
    shown = text(wb.briefing_html(code))
    last = need.columns[-1]
    assert f"core services need index {'is' if last == briefing.latest_year() else 'was'} " \
           f"{fmt.index(need.at['wp_core', last])} (England = 1)" in shown
    for component in need.index:  # the table: every year's index
        row = " ".join(fmt.index(need.at[component, y]) for y in need.columns)
        assert f"{wa.COMPONENT_LABELS[component]} {row}" in re.sub(r"\s+", " ", shown)


@pytest.mark.parametrize("code", SAMPLE)
def test_drivers_are_the_core_parts_furthest_from_england(code):
    need = briefing.need_by_year(code)
    last = need.columns[-1]
    parts = need.loc[list(briefing.CORE_PARTS), last]
    distance = (parts - 1).abs()
    top = briefing.drivers(code)
    assert len(top) == 3
    assert distance[top["component"]].tolist() == sorted(distance, reverse=True)[:3]
    assert top["need_index"].tolist() == parts[top["component"]].tolist()
    shown = text(wb.briefing_html(code))
    first = top.iloc[0]
    assert (f"{first['label'].lower()} {fmt.index(first['need_index'])} "
            f"({fmt.signed_pct(first['difference'])} against England)") in shown
    with pytest.raises(ValueError, match="between 1 and 6"):
        briefing.drivers(code, count=7)


@pytest.mark.parametrize("code", SAMPLE)
def test_fair_share_is_weighted_capitation_of_the_stated_sum(code):
    shares = briefing.fair_shares(code)
    national = wa.default_national_sum()
    assert shares.attrs["national_sum"] == national
    assert shares.attrs["national_label"] == wa.default_national_label()
    for year in shares.index:
        everyone = allocation.weighted_capitation(national, wa.icb_year(year)["wp_core"])
        assert round(everyone.sum() * 100) == round(national * 100)  # to the penny
        assert shares.at[year, "share"] == everyone[code]
        assert shares.at[year, "share_per_head"] == pytest.approx(
            everyone[code] / wa.icb_year(year).at[code, "population"])
        assert shares.at[year, "icb_count"] == len(everyone)
    shown = text(wb.briefing_html(code))
    assert wa.default_national_label() in shown
    for year in shares.index:
        assert fmt.money(shares.at[year, "share"], dp=2) in shown
        assert fmt.per_head(shares.at[year, "share_per_head"]) in shown


@pytest.mark.parametrize("code", SAMPLE)
@pytest.mark.parametrize("by", ["la", "pcn"])
def test_places_equal_the_place_tool(code, by):
    year, table = briefing.place_table(code, by)
    icb_years = list(briefing.population(code).index)
    assert year == [y for y in places.years() if y in icb_years][-1]
    expected = places.place_need(places.practices(year, code), by, "wp_core")
    pd.testing.assert_frame_equal(table, expected)
    shown = text(wb.briefing_html(code))
    for place, row in table.head(5).iterrows():
        assert (f"{place} {fmt.count(row['practices'])} {fmt.people(row['population'])} "
                f"{fmt.index(row['need_index'])} {fmt.index(row['need_index_england'])}"
                in re.sub(r"\s+", " ", shown))


@pytest.mark.parametrize("code", SAMPLE)
def test_sub_icb_locations_are_named_by_former_ccg_or_said_to_be_missing(code):
    year, table = briefing.place_table(code, "sub_icb")
    shown = text(wb.briefing_html(code))
    recorded = [y for y in briefing.sub_icb_years() if y in briefing.population(code).index]
    if not recorded:
        assert table is None and year is None
        assert "No sub-ICB locations are recorded for" in shown
        assert " and ".join(briefing.sub_icb_years()) in shown
        return
    assert year == recorded[-1]
    rows = places.practices(year, code)
    by_code = places.place_need(rows, "sub_icb", "wp_core")
    locations = data.load("sub_icb_locations").set_index("sub_icb_code")
    for name, row in table.iterrows():
        sub_icb = re.search(r"\(([0-9A-Z]+)\)$", name).group(1)
        assert name.startswith(locations.at[sub_icb, "former_ccg_name"])
        same = by_code.loc[[p for p in by_code.index if p.endswith(f" - {sub_icb}")]].iloc[0]
        assert row["need_index_england"] == pytest.approx(same["need_index_england"])
        assert row["population"] == pytest.approx(same["population"])
        assert name in shown
    assert "later years are not shown" in shown


def test_an_icb_formed_in_april_2026_says_what_it_lacks_and_where_it_came_from():
    b = briefing.briefing(NEW)
    assert b["places"]["sub_icb"] == (None, None)
    shown = text(wb.briefing_html(NEW))
    assert "No sub-ICB locations are recorded for NHS Central East ICB" in shown
    assert "Sub-ICB locations (former CCGs) of" not in shown  # no empty table
    pairs = mergers.predecessors(b["merger"]["from_year"], b["merger"]["to_year"])
    mine = pairs[pairs["successor_code"] == NEW]
    assert b["merger"]["kind"] == "merged"
    assert sorted(b["merger"]["predecessors"]["predecessor_code"]) == sorted(
        mine["predecessor_code"])
    for row in mine.itertuples():
        assert f"{fmt.pct(row.share_of_predecessor, 0)} of {row.predecessor_name}" in shown
    assert "was formed by a merger in April 2026" in shown


def test_an_icb_that_ended_is_in_the_past_tense_and_names_its_successors():
    b = briefing.briefing(ENDED)
    assert b["merger"]["kind"] == "succeeded"
    shown = text(wb.briefing_html(ENDED))
    assert "NHS Frimley ICB (code QNQ) was in" in shown
    assert "ended on 31 March 2026" in shown
    for name in b["merger"]["successors"]["successor_name"]:
        assert name in shown
    assert " is in NHS England" not in shown


def test_an_unchanged_icb_says_so():
    assert briefing.merger(UNCHANGED)["kind"] == "unchanged"
    assert "was not changed by the mergers of April 2026" in text(wb.briefing_html(UNCHANGED))


@pytest.mark.parametrize("code", SAMPLE)
def test_gp_payments_per_weighted_patient_against_england(code, practice_rows):
    g = briefing.gp_payments(code)
    payments = data.load("gp_payments_practices")
    assert g["year"] == max(payments["year"])
    rows = payments[payments["year"] == g["year"]]
    matched_year = g["match_year"]
    mine = practice_rows[(practice_rows["year"] == matched_year)
                         & (practice_rows["icb_code"] == code)]
    icb_years = sorted(practice_rows.loc[practice_rows["icb_code"] == code, "year"].unique())
    start = int(g["year"][:4])
    assert min(abs(int(y[:4]) - start) for y in icb_years) == abs(int(matched_year[:4]) - start)
    paid = rows[rows["practice_code"].isin(mine["practice_code"])]
    assert g["icb_practices"] == len(mine) and g["matched"] == len(paid)
    usable = paid[(paid["registered_patients"] > 0) & (paid["weighted_patients"] > 0)]
    median = float(np.median(usable["total_payments"] / usable["weighted_patients"]))
    assert g["icb"]["median_per_weighted_patient"] == pytest.approx(median, rel=1e-12)
    england = primary_care.payment_summary(rows, by="year").loc[g["year"]]
    assert g["england"]["median_per_weighted_patient"] == england["median_per_weighted_patient"]
    shown = text(wb.briefing_html(code))
    assert fmt.money(median, dp=2) in shown
    assert fmt.money(england["median_per_weighted_patient"], dp=2) in shown
    assert f"allocation data of {matched_year}" in shown and g["year"] in shown


def test_every_section_says_its_source_and_links_to_the_chapter_that_explains_it():
    markup = wb.briefing_html(SAMPLE[0])
    sections = re.findall(r"<section .*?</section>", markup)
    assert len(sections) == 6
    for section in sections:
        assert 'class="commlib-briefing-source"' in section
        assert 'class="commlib-briefing-more"' in section
    for key in briefing.LINKS:
        page = briefing.LINKS[key][0]
        assert (ROOT / "book" / f"{page}.ipynb").exists() or (ROOT / "book" / f"{page}.md").exists()
        assert f'href="{wb.page_href(key)}"' in markup


def test_every_chart_has_a_title_a_description_and_words_under_it():
    markup = wb.briefing_html(SAMPLE[1])
    charts = re.findall(r"<svg .*?</svg>", markup)
    assert charts
    for chart in charts:
        assert "<title>" in chart and "<desc>" in chart and 'role="img"' in chart
    # A bar chart comes as two layouts (wide, and for a phone): one set of words for both.
    wide = [c for c in charts if "commlib-svg-narrow" not in c]
    assert len(charts) == 2 * len(wide)
    assert markup.count('class="commlib-briefing-alt"') == len(wide)


def test_bad_codes_get_a_sentence():
    with pytest.raises(ValueError, match="There is no ICB with the code 'XXX'"):
        briefing.briefing("XXX")
    with pytest.raises(ValueError, match="There is no ICB"):
        wb.live_explorer("XXX")
    with pytest.raises(ValueError, match="by"):
        briefing.place_table(UNCHANGED, "ward")


def test_a_briefing_is_a_fresh_copy():
    first = briefing.briefing(UNCHANGED)
    first["population"].loc[:, "population"] = 0.0
    assert briefing.briefing(UNCHANGED)["population"]["population"].gt(0).all()


def test_the_live_explorer_and_its_twin():
    live = wb.live_explorer()
    spec = browser.controls_spec(live)
    assert [c["name"] for c in spec] == ["icb_code"]
    assert [value for _, value in spec[0]["options"]] == EVERY
    assert "icb-briefing" in browser.twins()
    assert browser.twins()["icb-briefing"].module == "grid"
    assert live.set(icb_code=NEW)
    assert "NHS Central East ICB" in live.result.value


def test_the_model_imports_neither_plotly_nor_ipywidgets():
    code = ("import sys, commlib.briefing; "
            "print(' '.join(m for m in ('plotly', 'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == ""


def _script():
    spec = importlib.util.spec_from_file_location("build_briefings",
                                                  ROOT / "scripts" / "build_briefings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_print_script_names_files_and_lists_them():
    script = _script()
    assert script.slug("NHS Bath and North East Somerset, Swindon and Wiltshire ICB") == \
        "bath-and-north-east-somerset-swindon-and-wiltshire"
    assert script.pdf_name("QOQ", "NHS Humber and North Yorkshire ICB") == \
        "QOQ-humber-and-north-yorkshire.pdf"
    index = script.index_html("2028/29", [("QOQ", "NHS Humber and North Yorkshire ICB",
                                           Path("QOQ-humber-and-north-yorkshire.pdf"))])
    assert '<a href="QOQ-humber-and-north-yorkshire.pdf">NHS Humber and North Yorkshire ICB</a>' \
        in index
    assert script.PARAMETER == f"{wb.TWIN}.icb_code"
    names = [name for name, _ in browser.controls_spec(wb.live_explorer())[0]["options"]]
    assert names  # the script's parameter is the explorer's only control
