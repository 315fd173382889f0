"""Every page of the built site, in Chromium: loads cleanly, offline, accessible, readable.

Each page is visited once per theme (see conftest.SiteVisitor); these tests read that visit.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, redirect_target

pytestmark = pytest.mark.site

BLOCKING_IMPACTS = {"critical", "serious"}
WHITE = "rgb(255, 255, 255)"


def _axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({node['impact']}): {node['target']} -- {violation['help']}"
                f"\n    {node['html']}\n    {node['summary']}"
            )
    return "\n".join(lines)


def test_page_loads_with_no_console_error(visit):
    assert visit.console_errors == [], "\n".join(visit.console_errors)


def test_page_requests_nothing_that_fails(visit):
    assert visit.failed_requests == [], "\n".join(visit.failed_requests)


def test_page_requests_nothing_from_another_host(visit):
    # Fonts, icons, maths, plotly and widgets are all served by the site itself.
    assert visit.offsite_requests == [], "\n".join(visit.offsite_requests)


def test_every_figure_is_drawn(visit):
    undrawn = [plot["id"] for plot in visit.facts["plots"] if not plot["rendered"]]
    assert undrawn == [], "these figures never set data-rendered=true"


def test_axe_finds_no_serious_violation(visitor, page_path, theme):
    visit = visitor.visit(page_path, theme)
    blocking = [v for v in visit.axe if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{page_path} ({theme}):\n" + _axe_report(blocking)


def test_every_control_has_an_accessible_name(visit):
    assert visit.ax_unnamed == [], visit.ax_unnamed


def test_every_table_has_header_cells(visit):
    # Layout tables (role=presentation, e.g. the letter index of genindex) hold no data.
    headless = [t for t in visit.facts["tables"] if t["headers"] == 0 and not t["layout"]]
    assert headless == []


def test_every_figure_has_alt_text_caption_and_data_table(visit):
    for figure in visit.facts["figures"]:
        assert len(figure["alt"]) >= 10, f"{figure['id']} has no alt text"
        assert figure["caption"], f"{figure['id']} has no caption"
        assert figure["summary"] == "Show the data", f"{figure['id']} has no data table"
        assert figure["tableHeaders"] > 0 and figure["tableRows"] > 0, figure["id"]


def test_explorers_show_controls_and_the_starting_headline(visit):
    for plot in visit.facts["plots"]:
        meta = plot["meta"]
        if not meta:
            continue
        assert "error" not in meta, f"{plot['id']}: {meta}"
        assert plot["explorer"] == meta["name"]
        assert len(plot["controls"]) == len(meta["dims"])
        flat = 0
        for dim, index in zip(meta["dims"], meta["initial"], strict=True):
            flat = flat * len(dim["labels"]) + index
        assert plot["step"] == str(flat)
        assert plot["readout"] == meta["headlines"][flat]


def test_dark_mode_keeps_figures_on_a_white_card(visitor, page_path):
    visit = visitor.visit(page_path, "dark")
    assert visit.facts["theme"] == "dark"
    for plot in visit.facts["plots"]:
        assert plot["background"] == WHITE, plot["id"]
    for svg in visit.facts["svgs"]:
        assert svg["background"] == WHITE or svg["fill"] == "#ffffff"


def test_dark_mode_page_has_no_console_error(visitor, page_path):
    visit = visitor.visit(page_path, "dark")
    assert visit.console_errors == [], "\n".join(visit.console_errors)


def test_plotly_is_loaded_only_where_there_is_a_figure(visit):
    loads_plotly = any("plotly.min.js" in src for src in visit.facts["scripts"])
    assert loads_plotly == bool(visit.facts["plots"])


def test_no_page_shows_a_live_widget_or_loads_the_widget_manager(visit):
    """Without a kernel an ipywidget is a dead control: the site shows browser twins instead."""
    assert not any("html-manager" in src for src in visit.facts["scripts"])
    assert not visit.facts["widgetState"]
    assert visit.facts["widgetViews"] == 0
    assert visit.facts["widgetElements"] == 0


def test_every_browser_explorer_is_drawn_with_its_controls(visit):
    """Each kernel-free explorer (div.commlib-bx) has its form and, once reached, a result."""
    for explorer in visit.facts["browserExplorers"]:
        assert explorer["controls"] > 0, f"{explorer['name']}: no controls drawn"


@pytest.mark.parametrize("path", ["book/intro.html", "book/04-funding-flows/contracts.html"])
def test_a_first_visit_with_no_stored_theme_has_no_console_error(visitor, path):
    """A reader's first visit has no theme in localStorage: the theme starts from the system."""
    page, visit = visitor.open(path, theme=None)
    try:
        assert visitor.wait_for_drawing(page) is None
        mode = page.evaluate("() => document.documentElement.dataset.mode")
    finally:
        page.close()
    assert visit.console_errors == [], "\n".join(visit.console_errors)
    assert mode == "auto"


SUMMARY = re.compile(r"<summary([^>]*)>(.*?)</summary>", re.DOTALL)
SEARCH_BUTTON = re.compile(r'<button class="[^"]*search-button-field[^"]*"[^>]*>')


def test_theme_accessibility_fixes_are_in_the_html_itself(site_root, page_path):
    """The fixes that need no script are written into the page, so they hold before (and
    without) JavaScript: each side bar toggle has a name and the search buttons are named by
    their visible text (WCAG 4.1.2 and 2.5.3)."""
    text = (site_root / page_path).read_text(encoding="utf-8")
    if redirect_target(page_path):
        return
    unnamed = [
        m.group(0)[:120] for m in SUMMARY.finditer(text)
        if "aria-label=" not in m.group(1) and not re.sub(r"<[^>]+>", "", m.group(2)).strip()
    ]
    assert unnamed == []
    buttons = SEARCH_BUTTON.findall(text)
    assert buttons, "the theme's search button is missing"
    assert [b for b in buttons if "aria-label" in b] == []


def test_the_site_root_opens_the_books_first_page(visitor, site_root):
    """``index.html`` is Jupyter Book's stub that opens the root page named in ``_toc.yml``."""
    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    assert redirect_target("index.html") == f"{root}.html"
    page, visit = visitor.open("index.html")
    try:
        title = page.title()
        url = page.url
    finally:
        page.close()
    assert url.endswith(f"/{root}.html")
    assert (site_root / f"{root}.html").is_file()
    assert title and "Redirect" not in title
