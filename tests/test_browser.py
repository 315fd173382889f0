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
    twin = browser.site_explorer(_live(), name="demo", module="demo", data="icb-fair-share")
    bundle = twin._repr_mimebundle_()
    assert bundle["text/plain"] == ""
    assert bundle[browser.EXPLORER_MIMETYPE]["title"] == "A title"
    assert bundle[browser.EXPLORER_MIMETYPE]["note"] == "A note"
    assert site.EXPLORER_MIMETYPE == browser.EXPLORER_MIMETYPE
    html = site.explorer_html(bundle[browser.EXPLORER_MIMETYPE])
    assert html.startswith('<div class="commlib-bx" data-bx="demo">')
    payload = html.split('class="commlib-bx-spec">')[1].split("</script>")[0]
    assert json.loads(payload.replace("<\\/", "</")) == bundle[browser.EXPLORER_MIMETYPE]


def test_a_twin_without_exported_data_is_refused():
    with pytest.raises(ValueError, match="no exporter is registered for the explorer data 'nope'"):
        browser.site_explorer(_live(), name="demo", module="demo", data="nope")


def test_two_exporters_for_one_name_are_refused():
    browser.exporter("test-only")(dict)
    try:
        with pytest.raises(ValueError, match="two exporters are registered"):
            browser.exporter("test-only")(list)
    finally:
        browser._EXPORTERS.pop("test-only")


def test_export_writes_each_dataset_once_and_the_same_every_time(tmp_path):
    first = {p.name: p.read_bytes() for p in browser.export_all(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in browser.export_all(tmp_path / "b")}
    assert first == second
    assert set(first) == {f"{name}.js" for name in browser.exporters()}
    for text in first.values():
        assert text.startswith(b"window.commlibBx.addData(")
