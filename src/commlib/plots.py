"""Figures for the workbook: one palette, one renderer, deterministic ids.

Two kinds of chart live here:

* plotly figures for the book pages, shown with :func:`show`, which stores the plotly JSON
  *and* a ``text/html`` figure (caption, alt text, "Show the data" table). Jupyter Book 1 does
  not render plotly's own mimetype, so without the HTML the figure would vanish from the site.
  The site's loader (``commlib/site_static/commlib/plotly-loader.js``) draws every
  ``div.commlib-plotly`` from its ``data-figure`` attribute with the plotly.js served by the site.
* small inline SVG charts (:func:`svg_lines`, :func:`svg_bars`) for the live ipywidgets
  explorers: an ``HTML`` widget can show them in JupyterLab, Voila and the static page alike,
  with no script and no network.

Kernel-free explorers for the static site are built with :func:`step_explorer`: every step is
precomputed by the model functions, so the page needs no Python.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from commlib._figure_meta import FIGURE_METADATA, PLOTLY_MIMETYPE

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour-blindness. Yellow is kept last: it fails contrast on white for lines and text.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "black": "#000000",
    "yellow": "#F0E442",
}
COLORWAY: list[str] = list(PALETTE.values())
#: Colours with at least 3:1 contrast on white, for lines, markers and bar outlines.
CONTRAST_SAFE: list[str] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
#: Meaning-bearing colours used across chapters, so that "provider" is always the same colour.
ROLE_COLOURS: dict[str, str] = {
    "commissioner": PALETTE["blue"],
    "provider": PALETTE["vermillion"],
    "target": PALETTE["black"],
    "gain": PALETTE["green"],
    "loss": PALETTE["vermillion"],
    "neutral": "#595959",
}
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
TEXT_COLOUR = "#1a1a1a"

TEMPLATE = go.layout.Template(
    layout={
        "colorway": COLORWAY,
        "font": {"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        "xaxis": {"gridcolor": "#d9d9d9", "linecolor": "#595959", "zerolinecolor": "#595959"},
        "yaxis": {"gridcolor": "#d9d9d9", "linecolor": "#595959", "zerolinecolor": "#595959"},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"bgcolor": "rgba(255,255,255,0.9)"},
    }
)
pio.templates["commlib"] = TEMPLATE
pio.templates.default = "commlib"

#: A horizontal legend at the foot of the figure, below the x-axis title rather than over it;
#: it needs a bottom margin of :data:`LEGEND_AT_FOOT_MARGIN` px (:func:`legend_at_foot`).
LEGEND_AT_FOOT: dict[str, Any] = {
    "orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
}
LEGEND_AT_FOOT_MARGIN = 110


def legend_at_foot(layout: dict[str, Any]) -> dict[str, Any]:
    """``layout`` with the legend at the foot and room for it (a bottom margin of at least
    :data:`LEGEND_AT_FOOT_MARGIN` px); other margins are kept."""
    margin = dict(layout.get("margin") or {})
    margin["b"] = max(margin.get("b", 0), LEGEND_AT_FOOT_MARGIN)
    return {**layout, "legend": dict(LEGEND_AT_FOOT), "margin": margin}

#: Axis settings for whole pounds: "£2,500,000", not plotly's default "£2.5M" (a capital M
#: reads as a unit the book never uses; the house style writes millions as £m), with the
#: margin grown to fit the longer labels.
POUNDS_AXIS: dict[str, Any] = {"tickprefix": "£", "tickformat": ",.0f", "automargin": True}

#: Plotly config used on the site and in JupyterLab: no mode bar (its icons are not
#: keyboard-usable), no plotly logo, resize with the page.
FIGURE_CONFIG: dict[str, Any] = {"responsive": True, "displaylogo": False, "displayModeBar": False}


def new_figure(*, foot_legend: bool = False, **layout: Any) -> go.Figure:
    """An empty figure with the workbook template and ``layout`` applied.

    ``foot_legend=True`` puts a horizontal legend at the foot, below the x-axis title, with
    room for it (:func:`legend_at_foot`).
    """
    fig = go.Figure()
    fig.update_layout(template="commlib", **(legend_at_foot(layout) if foot_legend else layout))
    return fig


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON-able data (data, layout and frames), via plotly's own encoder."""
    return json.loads(pio.to_json(fig, validate=True, remove_uids=True))


def figure_id(fig_json: Mapping[str, Any], caption: str) -> str:
    """A deterministic id: the same figure and caption always give the same id (no uuid4)."""
    digest = hashlib.sha1(
        (json.dumps(fig_json, sort_keys=True) + "\n" + caption).encode("utf-8")
    ).hexdigest()
    return f"commlib-fig-{digest[:12]}"


def data_table_html(data: pd.DataFrame, *, caption: str | None = None, index: bool = False) -> str:
    """An accessible HTML table (``<th>`` headers, optional caption) for "Show the data"."""
    def fmt_cell(value: Any) -> str:
        if isinstance(value, float):
            if value != value:  # NaN
                return ""
            if abs(value) >= 1000:
                return f"{value:,.0f}"
            return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    frame = data.reset_index() if index else data
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(fmt_cell(v))}</td>" for v in record)
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="commlib-table-wrap" tabindex="0" role="region" '
        f'aria-label="{html.escape(caption or "Data table")}">'
        f'<table class="commlib-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure_html(
    fig_json: Mapping[str, Any],
    *,
    caption: str,
    alt: str,
    data: pd.DataFrame | None = None,
    source: str | None = None,
    fig_id: str | None = None,
) -> str:
    """The ``text/html`` form of a figure: a ``<figure>`` whose plot is drawn by the site loader.

    No ``<script>``: the figure JSON rides in a ``data-figure`` attribute.
    """
    if not caption or not alt:
        raise ValueError("every figure needs a caption and alt text (a sentence describing it)")
    fid = fig_id or figure_id(fig_json, caption)
    payload = html.escape(json.dumps(fig_json, separators=(",", ":"), sort_keys=True), quote=True)
    source_html = f' <span class="commlib-source">{html.escape(source)}</span>' if source else ""
    table_html = ""
    if data is not None:
        table_html = (
            '<details class="commlib-data"><summary>Show the data</summary>'
            + data_table_html(data, caption=caption)
            + "</details>"
        )
    return (
        f'<figure class="commlib-figure" id="{fid}" aria-describedby="{fid}-alt">'
        f'<p class="commlib-alt" id="{fid}-alt">{html.escape(alt)}</p>'
        f'<div class="commlib-plotly" id="{fid}-plot" data-figure="{payload}"></div>'
        f"<figcaption>{html.escape(caption)}{source_html}</figcaption>"
        f"{table_html}</figure>"
    )


def figure_bundle(
    fig: go.Figure,
    *,
    caption: str,
    alt: str,
    data: pd.DataFrame | None = None,
    source: str | None = None,
    fig_id: str | None = None,
) -> dict[str, Any]:
    """The mime bundle stored in the notebook: plotly JSON, ``text/html`` and ``text/plain``."""
    fig_json = figure_json(fig)
    fig_json["config"] = dict(FIGURE_CONFIG)
    return {
        PLOTLY_MIMETYPE: fig_json,
        "text/html": figure_html(
            fig_json, caption=caption, alt=alt, data=data, source=source, fig_id=fig_id
        ),
        "text/plain": f"Figure: {caption}",
    }


def show(
    fig: go.Figure,
    *,
    caption: str,
    alt: str,
    data: pd.DataFrame | None = None,
    source: str | None = None,
    fig_id: str | None = None,
) -> None:
    """Display ``fig`` in a notebook so that it survives into the built book.

    Parameters
    ----------
    caption : str
        Shown under the figure; say what and when (units and years).
    alt : str
        Alt text: one or two sentences saying what the figure shows, for screen readers.
    data : DataFrame, optional
        The figure's data, offered as a "Show the data" table.
    source : str, optional
        Attribution, e.g. ``commlib.data.source_note("allocation_icb")``.
    """
    from IPython.display import display

    display(
        figure_bundle(fig, caption=caption, alt=alt, data=data, source=source, fig_id=fig_id),
        raw=True,
        metadata=FIGURE_METADATA,
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorers
# --------------------------------------------------------------------------------------------

_UPDATABLE_TRACE_KEYS = (
    "x", "y", "z", "text", "customdata", "values", "labels", "parents", "ids", "base",
    "marker", "line", "node", "link", "hovertext", "name", "visible", "width",
)


def _trace_update(traces: Sequence[go.BaseTraceType]) -> dict[str, list[Any]]:
    """Plotly.update/restyle data argument: for each key, one value per trace."""
    as_json = [json.loads(pio.to_json(t, validate=True)) for t in traces]
    keys = sorted({k for t in as_json for k in t if k in _UPDATABLE_TRACE_KEYS})
    return {k: [t.get(k) for t in as_json] for k in keys}


def step_explorer(
    *,
    name: str,
    dims: Sequence[tuple[str, Sequence[Any], Sequence[str]]],
    compute: Callable[..., tuple[Sequence[go.BaseTraceType], str]],
    layout: Mapping[str, Any] | None = None,
    initial: Sequence[int] | None = None,
) -> go.Figure:
    """A plotly figure whose every setting is precomputed: explorable without a kernel.

    Parameters
    ----------
    name : str
        A stable name for tests and the page (e.g. ``"contract-terms"``).
    dims : list of (label, values, value_labels)
        Each control: its accessible label (with units), the values passed to ``compute``
        and the text shown for each value.
    compute : callable
        ``compute(*values) -> (traces, headline)``: the traces for that setting (same number and
        types for every setting) and a one-sentence headline stating the key result, computed by
        the model functions. The headline is shown above the plot and read out to screen readers.
    layout : dict, optional
        Extra layout (titles, axes). Fix axis ranges so that steps can be compared.
    initial : list of int, optional
        Index of the starting value in each dimension (default: the first).

    The steps live in ``layout.meta.commlib_explorer``; the site loader builds one labelled,
    keyboard-usable HTML control per dimension and applies the step with ``Plotly.update``.
    With one dimension a native plotly slider is added too, so the explorer also works where
    only plotly.js runs (JupyterLab).
    """
    if not dims:
        raise ValueError("an explorer needs at least one control")
    sizes = [len(values) for _, values, _ in dims]
    for (label, values, value_labels) in dims:
        if len(values) != len(value_labels) or not values:
            raise ValueError(f"control '{label}' needs one label per value, and some values")
    start = list(initial) if initial is not None else [0] * len(dims)
    steps = []
    headlines = []
    trace_count = None
    first_traces: Sequence[go.BaseTraceType] = []
    for combo in itertools.product(*(range(n) for n in sizes)):
        values = [dims[d][1][i] for d, i in enumerate(combo)]
        traces, headline = compute(*values)
        if trace_count is None:
            trace_count = len(traces)
        elif len(traces) != trace_count:
            raise ValueError("every explorer step must draw the same number of traces")
        if list(combo) == start:
            first_traces = traces
        steps.append(_trace_update(traces))
        headlines.append(headline)
    start_index = 0
    for d, i in enumerate(start):
        start_index = start_index * sizes[d] + i
    fig = new_figure(**(layout or {}))
    for trace in first_traces:
        fig.add_trace(trace)
    meta = {
        "commlib_explorer": {
            "name": name,
            "dims": [
                {"label": label, "labels": [str(v) for v in value_labels]}
                for label, _, value_labels in dims
            ],
            "initial": start,
            "headlines": headlines,
            "steps": steps,
        }
    }
    fig.update_layout(
        meta=meta,
        annotations=[
            {
                "text": headlines[start_index],
                "xref": "paper", "yref": "paper", "x": 0, "y": 1.02,
                "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                "font": {"size": 15},
                "name": "headline",
            }
        ],
    )
    if len(dims) == 1:
        label, _, value_labels = dims[0]
        fig.update_layout(
            sliders=[
                {
                    "active": start[0],
                    "currentvalue": {"prefix": f"{label}: "},
                    "pad": {"t": 40},
                    "steps": [
                        {
                            "label": str(value_labels[i]),
                            "method": "update",
                            "args": [steps[i], {"annotations[0].text": headlines[i]}],
                        }
                        for i in range(sizes[0])
                    ],
                }
            ]
        )
    return fig


def explorer_headline(fig: go.Figure, *indices: int) -> str:
    """The headline stored for a setting (by index in each dimension): what the page shows."""
    meta = fig.layout.meta["commlib_explorer"]
    sizes = [len(d["labels"]) for d in meta["dims"]]
    flat = 0
    for d, i in enumerate(indices):
        flat = flat * sizes[d] + i
    return meta["headlines"][flat]


# --------------------------------------------------------------------------------------------
# Inline SVG charts for live widgets
# --------------------------------------------------------------------------------------------

def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values whose range covers ``low`` to ``high`` (so no point falls off the axis)."""
    if high <= low:
        high = low + 1.0
    span = high - low
    raw = span / count
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    step_size = 10 * magnitude
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            step_size = step * magnitude
            break
    tolerance = step_size * 1e-9
    first = math.floor((low + tolerance) / step_size) * step_size
    ticks = [round(first, 10)]
    # The step is at least span / count, so count + 2 ticks always reach ``high``; the bound
    # stops a span so small that rounding to 10 places cannot tell the ticks apart.
    while ticks[-1] < high - tolerance and len(ticks) < count + 3:
        ticks.append(round(first + len(ticks) * step_size, 10))
    return ticks


def _tick_label(value: float, fmt: Callable[[float], str] | None) -> str:
    if fmt:
        return fmt(value)
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"


def svg_lines(
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    markers: Mapping[str, tuple[float, float]] | None = None,
    x_format: Callable[[float], str] | None = None,
    y_format: Callable[[float], str] | None = None,
    colours: Mapping[str, str] | None = None,
    width: int = 640,
    height: int = 360,
) -> str:
    """A line chart as inline SVG (accessible: ``role="img"``, ``<title>`` and ``<desc>``).

    ``series`` maps a name to (x values, y values); ``markers`` maps a name to one point to
    highlight (e.g. the current activity). Each series' points are also in ``data-points`` for
    tests and assistive tools.
    """
    colours = dict(colours or {})
    xs = [x for xs_, _ in series.values() for x in xs_]
    ys = [y for _, ys_ in series.values() for y in ys_]
    if markers:
        xs += [p[0] for p in markers.values()]
        ys += [p[1] for p in markers.values()]
    if not xs:
        raise ValueError("nothing to draw: the chart has no data")
    x_ticks = _nice_ticks(min(xs), max(xs))
    y_ticks = _nice_ticks(min(min(ys), 0.0), max(ys))
    x0, x1 = x_ticks[0], x_ticks[-1]
    y0, y1 = y_ticks[0], y_ticks[-1]
    left, right, top, bottom = 90, 150, 40, 56
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * plot_w

    def sy(y: float) -> float:
        return top + plot_h - (y - y0) / ((y1 - y0) or 1) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">',
        f"<title>{html.escape(title)}</title>",
        "<desc>"
        + html.escape(_describe_lines(series, x_label, y_label, x_format, y_format))
        + "</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for t in y_ticks:
        y = sy(t)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9d9d9"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{html.escape(_tick_label(t, y_format))}</text>'
        )
    for t in x_ticks:
        x = sx(t)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{html.escape(_tick_label(t, x_format))}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#595959"/><line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" '
        f'stroke="#595959"/>'
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="13" '
        f'fill="{TEXT_COLOUR}">{html.escape(x_label)}</text>'
        f'<text transform="translate(16 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'font-size="13" fill="{TEXT_COLOUR}">{html.escape(y_label)}</text>'
        f'<text x="{left}" y="{top - 16}" font-size="14" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{html.escape(title)}</text>'
    )
    dashes = ["", "6 4", "2 3", "8 3 2 3", "1 0"]
    for n, (name, (sx_values, sy_values)) in enumerate(series.items()):
        colour = colours.get(name, CONTRAST_SAFE[n % len(CONTRAST_SAFE)])
        pairs = list(zip(sx_values, sy_values, strict=True))
        points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pairs)
        raw = ";".join(f"{x:g},{y:.2f}" for x, y in pairs)
        dash = dashes[n % len(dashes)]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
            f'{"stroke-dasharray=" + chr(34) + dash + chr(34) if dash else ""} '
            f'points="{points}" data-series="{html.escape(name)}" data-points="{raw}"/>'
        )
        ly = top + 14 + n * 20
        parts.append(
            f'<line x1="{left + plot_w + 10}" x2="{left + plot_w + 30}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2.5" '
            f'{"stroke-dasharray=" + chr(34) + dash + chr(34) if dash else ""}/>'
            f'<text x="{left + plot_w + 34}" y="{ly + 4}" font-size="12" '
            f'fill="{TEXT_COLOUR}">{html.escape(name)}</text>'
        )
    for name, (mx, my) in (markers or {}).items():
        colour = colours.get(name, PALETTE["black"])
        parts.append(
            f'<circle cx="{sx(mx):.1f}" cy="{sy(my):.1f}" r="5" fill="{colour}" '
            f'data-marker="{html.escape(name)}" data-x="{mx:g}" data-y="{my:.2f}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe_lines(series, x_label, y_label, x_format, y_format) -> str:
    bits = []
    for name, (xs, ys) in series.items():
        if len(xs):
            bits.append(
                f"{name}: from {_tick_label(ys[0], y_format)} at {_tick_label(xs[0], x_format)} "
                f"to {_tick_label(ys[-1], y_format)} at {_tick_label(xs[-1], x_format)}"
            )
    return f"{y_label} against {x_label}. " + "; ".join(bits) + "."


def svg_bars(
    values: Mapping[str, float],
    *,
    title: str,
    value_label: str,
    value_format: Callable[[float], str] | None = None,
    colours: Mapping[str, str] | None = None,
    width: int = 640,
    bar_height: int = 26,
    reference: float | None = None,
    reference_label: str | None = None,
) -> str:
    """A horizontal bar chart as inline SVG, each bar labelled with its value.

    Negative values draw to the left of zero. ``reference`` draws a vertical line (e.g. an
    index of 1 for England).
    """
    if not values:
        raise ValueError("nothing to draw: the chart has no bars")
    colours = dict(colours or {})
    label_w, value_w, top = 210, 110, 36
    plot_w = width - label_w - value_w - 10
    low = min(0.0, *values.values(), reference if reference is not None else 0.0)
    high = max(0.0, *values.values(), reference if reference is not None else 0.0)
    span = (high - low) or 1.0

    def sx(v: float) -> float:
        return label_w + (v - low) / span * plot_w

    height = top + bar_height * len(values) + 30
    fmt = value_format or (lambda v: _tick_label(v, None))
    desc = "; ".join(f"{k}: {fmt(v)}" for k, v in values.items())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg commlib-svg-wide" '
        f'role="img" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">',
        f"<title>{html.escape(title)}</title><desc>{html.escape(value_label + '. ' + desc)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="4" y="20" font-size="14" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{html.escape(title)}</text>",
    ]
    for n, (name, value) in enumerate(values.items()):
        y = top + n * bar_height
        x_start, x_end = sorted((sx(0.0), sx(value)))
        colour = colours.get(name, PALETTE["blue"] if value >= 0 else PALETTE["vermillion"])
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_height * 0.65:.1f}" text-anchor="end" '
            f'font-size="12" fill="{TEXT_COLOUR}">{html.escape(name)}</text>'
            f'<rect x="{x_start:.1f}" y="{y + 3}" width="{max(x_end - x_start, 1):.1f}" '
            f'height="{bar_height - 6}" fill="{colour}" data-bar="{html.escape(name)}" '
            f'data-value="{value:.4f}"/>'
            f'<text x="{label_w + plot_w + 8}" y="{y + bar_height * 0.65:.1f}" font-size="12" '
            f'fill="{TEXT_COLOUR}">{html.escape(fmt(value))}</text>'
        )
    if reference is not None:
        rx = sx(reference)
        parts.append(
            f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{top - 4}" '
            f'y2="{top + bar_height * len(values)}" stroke="{PALETTE["black"]}" '
            f'stroke-dasharray="4 3"/>'
        )
        if reference_label:
            parts.append(
                f'<text x="{rx:.1f}" y="{top + bar_height * len(values) + 16}" '
                f'text-anchor="middle" font-size="12" fill="{TEXT_COLOUR}">'
                f"{html.escape(reference_label)}</text>"
            )
    parts.append(
        f'<text x="{label_w + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle" '
        f'font-size="12" fill="{TEXT_COLOUR}">{html.escape(value_label)}</text></svg>'
    )
    return "".join(parts) + _svg_bars_narrow(values, title=title, value_label=value_label,
                                              fmt=fmt, desc=desc, colours=colours,
                                              reference=reference,
                                              reference_label=reference_label)


#: The phone layout of :func:`svg_bars`: its width, and how many characters a line of the
#: title (14 px bold) and of a bar's label (12 px) holds before it wraps.
NARROW_WIDTH, NARROW_TITLE_CHARS, NARROW_LABEL_CHARS = 360, 36, 44


def wrap_words(text: str, most: int) -> list[str]:
    """Greedy word wrap: lines of at most ``most`` characters (a longer word has its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _svg_bars_narrow(values: Mapping[str, float], *, title: str, value_label: str, fmt,
                     desc: str, colours: Mapping[str, str], reference: float | None,
                     reference_label: str | None) -> str:
    """:func:`svg_bars` for a phone: each label on its own line(s) above its bar, the title
    wrapped, the value after the bar; shown instead of the wide chart below 36rem (CSS)."""
    width, value_w, left = NARROW_WIDTH, 96, 4
    plot_w = width - left - value_w
    low = min(0.0, *values.values(), reference if reference is not None else 0.0)
    high = max(0.0, *values.values(), reference if reference is not None else 0.0)
    span = (high - low) or 1.0

    def sx(v: float) -> float:
        return left + (v - low) / span * plot_w

    title_lines = wrap_words(title, NARROW_TITLE_CHARS)
    body: list[str] = []
    for n, line in enumerate(title_lines):
        body.append(f'<text x="4" y="{18 + 18 * n}" font-size="14" font-weight="bold" '
                    f'fill="{TEXT_COLOUR}">{html.escape(line)}</text>')
    y = 18 * len(title_lines) + 10
    first_bar = None
    for name, value in values.items():
        for line in wrap_words(name, NARROW_LABEL_CHARS):
            y += 15
            body.append(f'<text x="{left}" y="{y}" font-size="12" fill="{TEXT_COLOUR}">'
                        f"{html.escape(line)}</text>")
        y += 4
        first_bar = y if first_bar is None else first_bar
        x_start, x_end = sorted((sx(0.0), sx(value)))
        colour = colours.get(name, PALETTE["blue"] if value >= 0 else PALETTE["vermillion"])
        body.append(f'<rect x="{x_start:.1f}" y="{y}" width="{max(x_end - x_start, 1):.1f}" '
                    f'height="16" fill="{colour}"/>'
                    f'<text x="{x_end + 6:.1f}" y="{y + 12}" font-size="12" paint-order="stroke" '
                    f'stroke="#ffffff" stroke-width="3" '
                    f'fill="{TEXT_COLOUR}">{html.escape(fmt(value))}</text>')
        y += 22
    if reference is not None:
        rx = sx(reference)
        # Under the bars and their values (drawn first; the values have a white edge).
        body.insert(len(title_lines),
                    f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{first_bar - 2}" y2="{y - 4}" '
                    f'stroke="{PALETTE["black"]}" stroke-dasharray="4 3"/>')
        if reference_label:
            y += 14
            body.append(f'<text x="{rx:.1f}" y="{y}" text-anchor="middle" font-size="12" '
                        f'fill="{TEXT_COLOUR}">{html.escape(reference_label)}</text>')
    y += 3
    for line in wrap_words(value_label, NARROW_LABEL_CHARS):
        y += 15
        body.append(f'<text x="{left}" y="{y}" font-size="12" fill="{TEXT_COLOUR}">'
                    f"{html.escape(line)}</text>")
    height = y + 6
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="commlib-svg commlib-svg-narrow" '
            f'role="img" viewBox="0 0 {width} {height}" width="100%" style="display:none">'
            f"<title>{html.escape(title)}</title>"
            f"<desc>{html.escape(value_label + '. ' + desc)}</desc>"
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def html_table(rows: Iterable[Sequence[Any]], headers: Sequence[str], *, caption: str) -> str:
    """A small accessible table for widget results (headers and caption required)."""
    frame = pd.DataFrame(list(rows), columns=list(headers))
    return data_table_html(frame, caption=caption)
