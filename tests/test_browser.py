"""commlib.widgets.browser: the site twin of a live explorer has the live explorer's controls."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from commlib import site
from commlib.widgets import browser
from commlib.widgets.base import LiveExplorer


def _live() -> LiveExplorer:
    controls = {
        "pick": widgets.Dropdown(options=[("First", "a"), ("Second", "b")], value="b",
                                 description="Pick one"),
        "mode": widgets.ToggleButtons(options=["x", "y"], value="x", description="Mode"),
        "tick": widgets.Checkbox(value=True, description="Count it"),
        "share": widgets.IntSlider(value=30, min=0, max=100, step=5, description="Share (%)"),
        "amount": widgets.FloatText(value=12.5, description="Amount (£m)"),
    }
    return LiveExplorer(controls, lambda **v: "<p>ok</p>", title="A title", note="A note")


def test_every_control_keeps_its_label_options_and_value():
    spec = browser.controls_spec(_live())
    assert spec == [
        {"name": "pick", "label": "Pick one", "kind": "select",
         "options": [["First", "a"], ["Second", "b"]], "value": "b"},
        {"name": "mode", "label": "Mode", "kind": "radio",
         "options": [["x", "x"], ["y", "y"]], "value": "x"},
        {"name": "tick", "label": "Count it", "kind": "checkbox", "value": True},
        {"name": "share", "label": "Share (%)", "kind": "range", "value": 30, "min": 0,
         "max": 100, "step": 5},
        {"name": "amount", "label": "Amount (£m)", "kind": "number", "value": 12.5},
    ]


def test_a_control_with_no_browser_twin_is_refused_by_name():
    live = LiveExplorer({"day": widgets.DatePicker(description="Day")}, lambda **v: "",
                        title="t")
    with pytest.raises(ValueError, match="the control 'day' \\(DatePicker\\) has no browser twin"):
        browser.controls_spec(live)


def test_the_notebook_shows_nothing_and_the_site_reads_the_spec():
    twin = browser.site_explorer("icb-fair-share")
    bundle = twin._repr_mimebundle_()
    assert bundle["text/plain"] == ""
    spec = bundle[browser.EXPLORER_MIMETYPE]
    assert spec["title"] == "An ICB's need and fair share"
    assert [c["label"] for c in spec["controls"]] == [
        "Integrated care board (ICB)", "Financial year", "National sum to share (£m)"]
    assert site.EXPLORER_MIMETYPE == browser.EXPLORER_MIMETYPE
    html = site.explorer_html(spec)
    assert html.startswith('<div class="commlib-bx" data-bx="icb-fair-share">')
    payload = html.split('class="commlib-bx-spec">')[1].split("</script>")[0]
    assert json.loads(payload.replace("<\\/", "</")) == spec


def test_the_twin_starts_where_its_live_explorer_is_told_to():
    spec = browser.site_explorer("icb-fair-share", year="2026/27").spec
    assert spec["controls"][1]["value"] == "2026/27"


def test_an_unknown_twin_is_refused_saying_where_twins_come_from():
    with pytest.raises(ValueError, match="no browser twin is registered as 'nope'"):
        browser.site_explorer("nope")


def test_two_twins_with_one_name_are_refused():
    browser.twin("test-only", live=_live)(dict)
    try:
        with pytest.raises(ValueError, match="two browser twins are registered as 'test-only'"):
            browser.twin("test-only", live=_live)(list)
    finally:
        browser._TWINS.pop("test-only")


def test_a_grid_twin_holds_the_live_render_of_every_setting():
    calls = []

    def live():
        controls = {
            "mode": widgets.ToggleButtons(options=["x", "y"], value="x", description="Mode"),
            "share": widgets.IntSlider(value=0, min=0, max=10, step=5, description="Share"),
        }

        def render(mode, share):
            calls.append((mode, share))
            if share == 10 and mode == "y":
                raise ValueError("too much")
            return f"<p>{mode} {share}</p>"

        return LiveExplorer(controls, render, title="t")

    export = browser.grid_twin("test-grid", live)
    try:
        results = export()["results"]
    finally:
        browser._TWINS.pop("test-grid")
    assert results == {"0|0": {"html": "<p>x 0</p>"}, "0|1": {"html": "<p>x 5</p>"},
                       "0|2": {"html": "<p>x 10</p>"}, "1|0": {"html": "<p>y 0</p>"},
                       "1|1": {"html": "<p>y 5</p>"}, "1|2": {"error": "too much"}}


def test_a_grid_twin_of_a_typed_box_is_refused():
    export = browser.grid_twin("test-typed", _live)
    try:
        with pytest.raises(ValueError, match="'amount' is typed freely"):
            export()
    finally:
        browser._TWINS.pop("test-typed")


def test_export_writes_each_dataset_once_and_the_same_every_time(tmp_path):
    first = {p.name: p.read_bytes() for p in browser.export_all(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in browser.export_all(tmp_path / "b")}
    assert first == second
    assert {f"{name}.js" for name in browser.twins()} <= set(first)
    for text in first.values():
        assert text.startswith(b"window.commlibBx.addData(")


#: Every browser module of the site, by file, and the twins it serves: a module no twin uses, or
#: a twin whose module is missing, fails (each twin is then proven equal to its live widget by
#: tests/site/test_browser_explorers.py).
MODULES = {
    "capital-scheme": {"capital-scheme"},
    "contracts": {"contract-terms", "payment-scheme"},
    "custom-place": {"custom-place"},
    "delegation": {"delegation"},
    "derbyshire-shape": {"derbyshire-shape"},
    "gifts": {"gifts"},
    "grid": {"budget-streams", "commissioning-cycle", "icb-briefing", "icb-mergers",
             "provider-selection"},
    "icb-fair-share": {"icb-fair-share"},
    "money": {"gain-share", "invest-1m", "pace-of-change"},
    "oversight-segment": {"oversight-segment"},
    "places": {"places"},
    "practice-income": {"practice-income"},
    "practice-payments": {"practice-payments"},
    "service-finder": {"service-finder"},
    "sub-icb-need": {"sub-icb-need"},
    "urgent-care": {"urgent-care"},
}


def test_every_browser_module_serves_the_twins_it_is_written_for():
    folder = site.STATIC_DIR / "commlib" / "explorers"
    on_disk = {p.stem for p in folder.glob("*.js")} - {"runtime"}
    assert on_disk == set(MODULES)
    served: dict[str, set[str]] = {}
    for name, entry in browser.twins().items():
        served.setdefault(entry.module, set()).add(name)
    assert served == MODULES
