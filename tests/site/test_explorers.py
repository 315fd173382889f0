"""Kernel-free explorers on the built site: usable from the keyboard, and faithful to commlib.

The explorers are found generically: on the site (each ``div.commlib-plotly`` whose figure
carries ``layout.meta.commlib_explorer``, see ``conftest.site_explorers``) and in Python (every
function in ``commlib.widgets.*`` named ``*_explorer`` or ``static_explorer`` that builds such a
figure without arguments). What the page shows must be what the Python builder computes.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache

import pytest

pytestmark = pytest.mark.site

#: Most Tab presses needed to reach a control from the top of a page (the side bar has links).
MAX_TABS = 400
#: Explorers the chapters promise (words in their names); checked once their builders exist.
PROMISED = ("contract", "allocation", "income")


@cache
def python_explorers() -> dict[str, tuple[str, object]]:
    """Explorer name -> (builder's dotted name, the figure it builds)."""
    import plotly.graph_objects as go

    import commlib.widgets

    found: dict[str, tuple[str, object]] = {}
    for module_info in pkgutil.iter_modules(commlib.widgets.__path__):
        module = importlib.import_module(f"commlib.widgets.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            if not (name.endswith("_explorer") or name == "static_explorer"):
                continue
            required = [
                p for p in inspect.signature(function).parameters.values()
                if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            if required:
                continue
            figure = function()
            if not isinstance(figure, go.Figure):
                continue
            meta = figure.layout.meta
            if isinstance(meta, dict) and "commlib_explorer" in meta:
                found[meta["commlib_explorer"]["name"]] = (f"{module.__name__}.{name}", figure)
    return found


def _builder_names() -> list[str]:
    return sorted(python_explorers()) or ["(no explorer builder yet)"]


@pytest.mark.parametrize("builder_name", _builder_names())
def test_python_explorer_is_on_the_site_with_the_same_steps(explorers_on_site, builder_name):
    builders = python_explorers()
    if builder_name not in builders:
        pytest.skip("no explorer builders in commlib.widgets yet")
    builder, figure = builders[builder_name]
    on_site = explorers_on_site
    assert builder_name in on_site, f"{builder} ({builder_name!r}) is on no page of the site"
    meta = figure.layout.meta["commlib_explorer"]
    for page, _plot_id, page_meta in on_site[builder_name]:
        assert page_meta["dims"] == [
            {"label": d["label"], "labels": list(d["labels"])} for d in meta["dims"]
        ], f"{page}: the {builder_name!r} controls differ from {builder}"
        assert page_meta["headlines"] == list(meta["headlines"]), (
            f"{page}: the stored {builder_name!r} explorer differs from {builder}: "
            "re-run the page's notebook"
        )


def test_promised_explorers_have_builders_once_written():
    names = " ".join(python_explorers())
    missing = [word for word in PROMISED if word not in names]
    if missing:
        pytest.skip(f"explorers not written yet: {', '.join(missing)}")
    assert all(word in names for word in PROMISED)


def _flat(dims: list[dict], indices: list[int]) -> int:
    flat = 0
    for dim, index in zip(dims, indices, strict=True):
        flat = flat * len(dim["labels"]) + index
    return flat


def _tab_to(page, control_id: str) -> None:
    """Press Tab, as a keyboard user would, until ``control_id`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == \
                control_id:
            return
    raise AssertionError(f"Tab never reached #{control_id} in {MAX_TABS} presses")


def test_explorer_works_from_the_keyboard(visitor, explorers_on_site, explorer_name):
    """Tab to each control, press an arrow key: the readout and step follow, as commlib says."""
    places = explorers_on_site.get(explorer_name)
    if not places:
        pytest.skip("no kernel-free explorer on the site yet")
    path, plot_id, meta = places[0]
    builder = python_explorers().get(explorer_name)
    from commlib import plots

    page, visit = visitor.open(path, "light")
    try:
        assert visitor.wait_for_drawing(page) is None
        indices = list(meta["initial"])
        page.locator("body").focus()
        for d, dim in enumerate(meta["dims"]):
            control_id = f"{plot_id}-control-{d}"
            if d == 0:
                _tab_to(page, control_id)
            else:
                page.keyboard.press("Tab")
                focused = page.evaluate("() => document.activeElement.id")
                assert focused == control_id, f"Tab went to {focused!r}, not #{control_id}"
            control = page.locator(f"#{control_id}")
            outline = control.evaluate(
                "(el) => { const s = getComputedStyle(el);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
            assert outline[0] != "none" or outline[2] != "none", (
                f"keyboard focus on #{control_id} is invisible ({outline})")
            forward = indices[d] < len(dim["labels"]) - 1
            tag = control.evaluate("(el) => el.tagName.toLowerCase()")
            if tag == "select":
                page.keyboard.press("ArrowDown" if forward else "ArrowUp")
            else:
                page.keyboard.press("ArrowRight" if forward else "ArrowLeft")
            indices[d] += 1 if forward else -1
            assert int(control.input_value()) == indices[d], f"the key did nothing on {tag}"
            flat = _flat(meta["dims"], indices)
            page.wait_for_function(
                "([id, step]) => document.getElementById(id).dataset.step === step",
                arg=[plot_id, str(flat)],
            )
            readout = page.locator(f"#{plot_id}-readout").inner_text().strip()
            assert readout == meta["headlines"][flat]
            if builder is not None:
                expected = plots.explorer_headline(builder[1], *indices)
                assert readout == expected, (
                    f"{path} shows a stale headline; {builder[0]} now says {expected!r}")
            if tag == "input":
                assert control.get_attribute("aria-valuetext") == dim["labels"][indices[d]]
        assert visit.console_errors == [], visit.console_errors
    finally:
        page.close()
