"""The Derbyshire "shape of the system" explorer: move spending from specialist care to place.

* :func:`shape_explorer` (live, JupyterLab and the explorer app): three controls, the specialist
  spending moved (£m, 2020/21), the place-based spending needed per pound moved (£) and the cut
  in infrastructure costs (%); the result shows the shares, the cost against doing nothing and
  the extra staff needed, with a bar chart and a table.
* :func:`static_explorer` (kernel-free, for the static site): spending moved x infrastructure cut,
  with the place-based cost per pound fixed at the value implied by the STP; every step is
  computed by :func:`commlib.system_shape.shift_to_place`.

All arithmetic is in :mod:`commlib.system_shape`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import fmt, plots, system_shape
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "SHIFT_TOO_MUCH_TEXT",
    "ZERO_PLACE_COST_TEXT",
    "SHIFT_STEPS_GBP",
    "INFRASTRUCTURE_STEPS",
    "headline",
    "shape_html",
    "shape_explorer",
    "static_explorer",
]

#: Spending moved out of specialist settings in the kernel-free explorer (pounds).
SHIFT_STEPS_GBP: tuple[float, ...] = tuple(float(m) * 1e6 for m in range(0, 301, 25))
#: Cuts in infrastructure costs in the kernel-free explorer (fractions).
INFRASTRUCTURE_STEPS: tuple[float, ...] = (0.0, 0.05, 0.10, 0.15, 0.20)

#: The explorer's refusal when more is moved than there is (``{shift}`` and ``{available}`` are
#: filled with :func:`commlib.fmt.money_m`); its browser twin reads this constant.
SHIFT_TOO_MUCH_TEXT = ("Spending moved out of specialist settings ({shift}) cannot be more than "
                       "the specialist spending there is to move ({available} in 2020/21).")
#: The explorer's refusal when place-based care is set to cost nothing.
ZERO_PLACE_COST_TEXT = ("Place-based spending per £1 moved must be above zero: care moved to "
                        "place still costs something.")

_SETTING_LABELS = {"specialist": "Specialist settings", "place": "Place-based care",
                   "infrastructure": "Infrastructure"}
_SCENARIO_COLOURS = {"baseline": plots.ROLE_COLOURS["neutral"],
                     "do nothing 2020/21": plots.PALETTE["orange"],
                     "your plan": plots.ROLE_COLOURS["commissioner"]}


def headline(result: system_shape.ShiftResult) -> str:
    """One sentence: the plan's total, against doing nothing, its place share and staff."""
    cost = result.cost_vs_do_nothing_gbp
    against = (f"{fmt.money_m(-cost)} less than doing nothing" if cost < 0
               else f"{fmt.money_m(cost)} more than doing nothing" if cost > 0
               else "the same as doing nothing")
    return (f"Moving {fmt.money_m(result.levers.shift_gbp, dp=0)} out of specialist settings "
            f"costs {fmt.money_bn(result.plan.total_gbp, dp=2)} in 2020/21, {against}; "
            f"place-based care is {fmt.pct(result.plan.shares()['place'], dp=0)} of spending "
            f"and needs about {fmt.count(round(result.staff_needed, -1))} more staff "
            f"than at baseline.")


def shape_html(shift_gbp: float, place_cost_per_pound: float,
               infrastructure_reduction: float) -> str:
    """Result HTML: headline, bars of £m by setting and scenario, and a table of shares."""
    result = system_shape.shift_to_place(
        shift_gbp, place_cost_per_pound=place_cost_per_pound,
        infrastructure_reduction=infrastructure_reduction,
    )
    shapes = {"baseline": result.baseline, "do nothing 2020/21": result.do_nothing,
              "your plan": result.plan}
    bars = {}
    colours = {}
    for setting in system_shape.SETTINGS:
        for name, shape in shapes.items():
            label = f"{_SETTING_LABELS[setting]}: {name}"
            bars[label] = shape.amounts()[setting] / 1e6
            colours[label] = _SCENARIO_COLOURS[name]
    chart = plots.svg_bars(
        bars, title="Health spending by setting (£m)", value_label="£m",
        value_format=lambda v: fmt.money(v) + "m", colours=colours,
    )
    rows = []
    for setting in system_shape.SETTINGS:
        rows.append([_SETTING_LABELS[setting]] + [
            f"{fmt.money_m(shape.amounts()[setting])} ({fmt.pct(shape.shares()[setting], 0)})"
            for shape in shapes.values()
        ])
    rows.append(["Total"] + [fmt.money_m(shape.total_gbp) for shape in shapes.values()])
    table = plots.html_table(
        rows, ["Setting", "Baseline", "Do nothing 2020/21", "Your plan 2020/21"],
        caption="Spending by setting, £m (share of total)",
    )
    return (f'<p class="commlib-headline"><strong>{html.escape(headline(result))}</strong></p>'
            f"{chart}{table}")


def shape_explorer() -> LiveExplorer:
    """Live explorer over :func:`commlib.system_shape.shift_to_place`, starting at the STP plan.

    Controls are in £m and % for readers; they are converted to pounds and fractions for the
    model.
    """
    levers = system_shape.implied_levers()
    controls = {
        "shift_m": widgets.FloatSlider(
            # The STP's shift to the nearest step of the slider (a browser's range snaps to it).
            value=round(levers.shift_gbp / 1e6 / 5) * 5.0, min=0, max=1300, step=5,
            description="Spending moved out of specialist settings (£m, 2020/21)",
            style=STYLE, continuous_update=False, layout=widgets.Layout(width="520px"),
        ),
        "place_cost_per_pound": widgets.FloatSlider(
            value=round(levers.place_cost_per_pound, 2), min=0.0, max=1.5, step=0.01,
            description="Place-based spending per £1 moved (£)", style=STYLE,
            continuous_update=False, layout=widgets.Layout(width="520px"),
        ),
        "infrastructure_cut_pct": widgets.FloatSlider(
            value=round(levers.infrastructure_reduction * 100), min=0, max=40, step=1,
            description="Cut in infrastructure costs (%)", style=STYLE,
            continuous_update=False, layout=widgets.Layout(width="520px"),
        ),
    }

    available = system_shape.scenario_shape("do nothing 2020/21").specialist_gbp

    def render(shift_m: float, place_cost_per_pound: float,
               infrastructure_cut_pct: float) -> str:
        # The boxes' own words first; the model checks the same again in its terms.
        if shift_m * 1e6 > available:
            raise ValueError(SHIFT_TOO_MUCH_TEXT.format(shift=fmt.money_m(shift_m * 1e6),
                                                        available=fmt.money_m(available)))
        if place_cost_per_pound <= 0:
            raise ValueError(ZERO_PLACE_COST_TEXT)
        return shape_html(shift_m * 1e6, place_cost_per_pound, infrastructure_cut_pct / 100)

    return LiveExplorer(
        controls, render,
        title="The shape of the system: move spending from specialist care to place",
        note=("Derbyshire STP figures (seed 002). The spending per extra member of staff, "
              "£100,000 a year, is illustrative."),
    )


def static_explorer() -> go.Figure:
    """Kernel-free explorer: spending moved x infrastructure cut -> the shape of spending.

    The place-based spending per pound moved is fixed at the value implied by the STP
    (:func:`commlib.system_shape.implied_levers`).
    """
    ratio = system_shape.implied_levers().place_cost_per_pound
    settings = [_SETTING_LABELS[s] for s in system_shape.SETTINGS]

    def compute(shift_gbp: float, infrastructure_reduction: float):
        result = system_shape.shift_to_place(
            shift_gbp, place_cost_per_pound=ratio,
            infrastructure_reduction=infrastructure_reduction,
        )
        traces = []
        for name, shape in (("Baseline", result.baseline),
                            ("Do nothing 2020/21", result.do_nothing),
                            ("Your plan 2020/21", result.plan)):
            key = "your plan" if name.startswith("Your") else name.lower()
            amounts = [shape.amounts()[s] / 1e6 for s in system_shape.SETTINGS]
            shares = [shape.shares()[s] for s in system_shape.SETTINGS]
            traces.append(go.Bar(
                x=settings, y=amounts, name=name,
                marker={"color": _SCENARIO_COLOURS[key]},
                text=[f"{fmt.pct(p, 0)}" for p in shares], textposition="outside",
                hovertext=[f"{name}: {fmt.money_m(a * 1e6)} ({fmt.pct(p, 0)})"
                           for a, p in zip(amounts, shares, strict=True)],
                hoverinfo="text",
            ))
        return traces, headline(result)

    return plots.step_explorer(
        name="derbyshire-shape",
        dims=[
            ("Spending moved out of specialist settings (£m, 2020/21)", list(SHIFT_STEPS_GBP),
             [fmt.money_m(v, dp=0) for v in SHIFT_STEPS_GBP]),
            ("Cut in infrastructure costs (%)", list(INFRASTRUCTURE_STEPS),
             [fmt.pct(v, 0) for v in INFRASTRUCTURE_STEPS]),
        ],
        compute=compute,
        layout=plots.legend_at_foot({
            "barmode": "group",
            "yaxis": {"title": {"text": "Spending (£m)"}, "range": [0, 1450]},
            "height": 500,
            "margin": {"t": 110},
        }),
        initial=[9, 2],
    )
