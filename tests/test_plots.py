"""The figure renderer, kernel-free explorers and SVG charts in commlib.plots."""

import html
import json
import re

import hypothesis
import hypothesis.strategies
import plotly.graph_objects as go
import pytest

from commlib import plots


def _figure(values=(1, 2)):
    fig = plots.new_figure(title="Need index by ICB, 2024/25")
    fig.add_trace(go.Bar(x=["A", "B"], y=list(values)))
    return fig


def test_bundle_stores_plotly_json_and_html_and_plain_text():
    bundle = plots.figure_bundle(_figure(), caption="A caption", alt="Two bars.")
    assert set(bundle) == {plots.PLOTLY_MIMETYPE, "text/html", "text/plain"}
    assert bundle[plots.PLOTLY_MIMETYPE]["data"][0]["type"] == "bar"


def test_html_has_no_script_tag_and_carries_the_figure_json():
    bundle = plots.figure_bundle(_figure(), caption="A caption", alt="Two bars.")
    page = bundle["text/html"]
    assert "<script" not in page.lower()
    payload = re.search(r'data-figure="([^"]*)"', page).group(1)
    assert json.loads(html.unescape(payload))["data"][0]["y"] == [1, 2]


def test_figure_ids_are_deterministic_and_depend_on_content():
    first = plots.figure_bundle(_figure(), caption="c", alt="a")["text/html"]
    again = plots.figure_bundle(_figure(), caption="c", alt="a")["text/html"]
    other = plots.figure_bundle(_figure((3, 4)), caption="c", alt="a")["text/html"]
    ids = [re.search(r'id="(commlib-fig-[0-9a-f]{12})"', h).group(1) for h in (first, again, other)]
    assert ids[0] == ids[1]
    assert ids[0] != ids[2]


def test_figure_has_caption_alt_text_and_a_data_table_with_headers():
    import pandas as pd

    data = pd.DataFrame({"ICB": ["A", "B"], "Need index": [0.95, 1.05]})
    page = plots.figure_bundle(_figure(), caption="Need index", alt="Two bars.", data=data)[
        "text/html"
    ]
    assert "<figcaption>Need index" in page
    assert 'class="commlib-alt"' in page and "Two bars." in page
    assert '<th scope="col">Need index</th>' in page
    assert "<summary>Show the data</summary>" in page


def test_a_figure_without_caption_or_alt_text_is_refused():
    with pytest.raises(ValueError, match="caption and alt text"):
        plots.figure_bundle(_figure(), caption="", alt="Two bars.")


def test_the_workbook_template_uses_the_colour_blind_safe_palette():
    fig_json = plots.figure_json(_figure())
    assert fig_json["layout"]["template"]["layout"]["colorway"] == plots.COLORWAY
    assert plots.COLORWAY[0] == "#0072B2"  # Okabe-Ito blue


def _explorer():
    return plots.step_explorer(
        name="demo",
        dims=[
            ("Actual activity, % of plan", [90, 100, 110], ["90%", "100%", "110%"]),
            ("Price, £", [10, 20], ["£10", "£20"]),
        ],
        compute=lambda activity, price: (
            [go.Bar(x=["Payment"], y=[activity * price])],
            f"Payment £{activity * price:,}",
        ),
        initial=[1, 0],
    )


def test_explorer_precomputes_every_combination_in_row_major_order():
    fig = _explorer()
    meta = fig.layout.meta["commlib_explorer"]
    assert len(meta["steps"]) == 6
    assert plots.explorer_headline(fig, 2, 1) == "Payment £2,200"
    assert meta["steps"][5]["y"] == [[2200]]


def test_explorer_starts_at_the_initial_setting():
    fig = _explorer()
    assert list(fig.data[0].y) == [1000]
    assert fig.layout.annotations[0].text == "Payment £1,000"


def test_one_dimension_explorer_gets_a_native_slider_too():
    fig = plots.step_explorer(
        name="one",
        dims=[("Share redirected, %", [0, 50], ["0%", "50%"])],
        compute=lambda share: ([go.Bar(x=["A"], y=[share])], f"{share}% redirected"),
    )
    slider = fig.layout.sliders[0]
    assert [s.label for s in slider.steps] == ["0%", "50%"]
    assert slider.steps[1].args[1]["annotations[0].text"] == "50% redirected"


def test_explorer_steps_must_draw_the_same_number_of_traces():
    with pytest.raises(ValueError, match="same number of traces"):
        plots.step_explorer(
            name="bad",
            dims=[("n", [1, 2], ["1", "2"])],
            compute=lambda n: ([go.Bar(y=[1])] * n, "x"),
        )


def test_svg_line_chart_is_labelled_and_carries_its_points():
    svg = plots.svg_lines(
        {"Payment": ([0, 100], [0.0, 5000.0])},
        title="Payment against activity",
        x_label="Activity (cases)",
        y_label="Payment (£)",
        markers={"Now": (50, 2500.0)},
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>Payment against activity</title>" in svg
    assert 'data-points="0,0.00;100,5000.00"' in svg
    assert 'data-x="50" data-y="2500.00"' in svg


def test_svg_bars_show_each_value():
    svg = plots.svg_bars(
        {"Provider": 1200.0, "Commissioner": -300.0}, title="Who carries it", value_label="£"
    )
    assert 'data-bar="Provider" data-value="1200.0000"' in svg
    assert 'data-bar="Commissioner" data-value="-300.0000"' in svg


def test_empty_charts_say_so():
    with pytest.raises(ValueError, match="nothing to draw"):
        plots.svg_bars({}, title="t", value_label="£")


@hypothesis.given(
    low=hypothesis.strategies.floats(-1e9, 1e9, allow_nan=False),
    span=hypothesis.strategies.floats(1e-3, 1e9, allow_nan=False),
)
def test_nice_ticks_cover_the_data(low, span):
    """Axis ticks of the inline SVG charts must span every point, or a line runs off the axis."""
    high = low + span
    ticks = plots._nice_ticks(low, high)
    assert ticks[0] <= low + 1e-6 * span
    assert ticks[-1] >= high - 1e-6 * span
    assert len(ticks) <= 12
    assert ticks == sorted(ticks)


def test_nice_ticks_examples():
    assert plots._nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert plots._nice_ticks(13, 87) == [0, 20, 40, 60, 80, 100]
    assert plots._nice_ticks(-7, 3) == [-8, -6, -4, -2, 0, 2, 4]


def test_legend_at_foot_makes_room_and_keeps_other_margins():
    layout = plots.legend_at_foot({"height": 500, "margin": {"l": 70, "t": 90}})
    assert layout["legend"] == plots.LEGEND_AT_FOOT
    assert layout["margin"] == {"l": 70, "t": 90, "b": plots.LEGEND_AT_FOOT_MARGIN}
    assert plots.legend_at_foot({"margin": {"b": 200}})["margin"]["b"] == 200
    assert plots.legend_at_foot({})["margin"]["b"] == plots.LEGEND_AT_FOOT_MARGIN


@pytest.mark.parametrize(
    ("build", "axis"),
    [
        ("commlib.widgets.contracts:static_explorer", "yaxis"),
        ("commlib.widgets.gain_share:static_explorer", "yaxis"),
        ("commlib.widgets.practice_income:static_explorer", "xaxis"),
        ("commlib.widgets.governance:delegation_static_explorer", "xaxis"),
    ],
)
def test_pound_axes_show_whole_pounds_not_si_prefixes(build, axis):
    """Plotly would label £2,500,000 as "£2.5M"; the book writes pounds in full (or £m)."""
    import importlib

    module, name = build.split(":")
    fig = getattr(importlib.import_module(module), name)()
    layout_axis = fig.layout[axis]
    assert "£" in layout_axis.title.text
    assert layout_axis.tickprefix == "£"
    assert layout_axis.tickformat == ",.0f"
    assert layout_axis.automargin is True


def test_new_figure_can_put_the_legend_at_the_foot_with_room_for_it():
    fig = plots.new_figure(foot_legend=True, height=420, margin={"t": 30})
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.legend.yref == "container"
    assert fig.layout.margin.t == 30
    assert fig.layout.margin.b == plots.LEGEND_AT_FOOT_MARGIN
    assert plots.new_figure(height=420).layout.legend.orientation is None


def test_wrap_words_keeps_lines_within_the_limit_and_every_word():
    text = "Payments to KINGSTON HEALTH (HULL) (B81011), 2022/23 by stream and more"
    lines = plots.wrap_words(text, 20)
    assert " ".join(lines) == text
    assert all(len(line) <= 20 for line in lines)
    assert plots.wrap_words("Supercalifragilistic short", 5) == ["Supercalifragilistic", "short"]


def test_bar_chart_has_a_phone_layout_hidden_unless_the_sheet_shows_it():
    svg = plots.svg_bars({"A very long label for a place in an ICB of England today": 2.0,
                          "Short": -1.0}, title="A title long enough to need two lines on a "
                          "phone, surely", value_label="£m", reference=1.0,
                          reference_label="ICB = 1")
    wide, narrow = svg.split("</svg>")[:2]
    assert 'class="commlib-svg commlib-svg-wide"' in wide
    assert 'class="commlib-svg commlib-svg-narrow"' in narrow
    assert 'style="display:none"' in narrow  # a page without commlib.css shows one chart
    # The phone layout wraps the title and keeps each bar's value and label.
    assert narrow.count('font-weight="bold"') == 2
    assert ">Short</text>" in narrow and 'stroke-dasharray="4 3"' in narrow
    widths = [float(w) for w in re.findall(r'width="([^"]+)" height="16"', narrow)]
    assert len(widths) == 2 and all(w >= 1 for w in widths)


def test_axis_ticks_end_even_when_the_span_is_too_small_to_round():
    # Rounded to 10 places, ticks 1e-12 apart are all 0: the loop must still stop.
    ticks = plots._nice_ticks(5e-12, 1e-11)
    assert 1 <= len(ticks) <= 8
    assert plots._nice_ticks(0, 107.3) == [0.0, 25.0, 50.0, 75.0, 100.0, 125.0]
