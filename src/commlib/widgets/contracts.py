"""The contract terms explorer: two contracts side by side, payment against activity.

Choose a contract type for contract A and for contract B (block, cost per case, marginal
rate, blended payment, cap and collar, risk share, aligned payment and incentive), set the
plan, the price and each contract's terms, then move the actual activity. The result shows

* a line chart of payment against activity for both contracts, with the cost of the activity
  at price and a marker at the current activity (:func:`commlib.plots.svg_lines`);
* who carries the over- or under-performance at that activity
  (:func:`commlib.contracts.risk_split`);
* the range each side carries if activity could land anywhere in plan ± 20%
  (:func:`commlib.contracts.risk_profile`).

The payment scheme explorer (:func:`api_explorer`, :func:`api_static_explorer`) shows one
trust's aligned payment and incentive contract with an ICB for elective activity: the fixed and
variable elements, the market forces factor and who carries activity above or below plan
(:func:`commlib.contracts.api_payment`).

Every number comes from :mod:`commlib.contracts`; this module only lays it out.
:func:`static_explorer` is the kernel-free version for the static site (contract type x
actual activity), its steps computed by the same functions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, NamedTuple

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from commlib import contracts, fmt, plots
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = [
    "ACTIVITY_GRID_PCT",
    "PLANNED_ACTIVITY",
    "RISK_SPREAD",
    "STATIC_ACTIVITY_PCT",
    "STATIC_GRID_PCT",
    "UNIT_PRICE",
    "ContractTermsExplorer",
    "contract_explorer",
    "static_explorer",
    "static_step",
    "API_PLANNED_SPELLS",
    "API_UNIT_PRICE",
    "API_MFF",
    "API_PRESETS",
    "API_STATIC_ACTIVITY_PCT",
    "api_render",
    "api_explorer",
    "api_static_step",
    "api_static_explorer",
]

#: Illustrative starting plan (cases a year) and unit price (£ per case).
PLANNED_ACTIVITY = 1_000
UNIT_PRICE = 2_000.0
#: Activity drawn on the live chart, as % of plan. From 0 so that the chart's axis ticks
#: (plots.svg_lines) cover the whole range.
ACTIVITY_GRID_PCT = np.linspace(0.0, 150.0, 151)
#: Activity drawn by the kernel-free explorer, as % of plan.
STATIC_GRID_PCT = np.linspace(50.0, 150.0, 101)
#: Half-width of the activity range for the "if activity is uncertain" table (plan ± 20%).
RISK_SPREAD = 0.20
#: Points on the grid of activity behind the "if activity is uncertain" table.
RISK_POINTS = 41
#: Actual activity (% of plan) offered by the kernel-free explorer.
STATIC_ACTIVITY_PCT = tuple(range(70, 135, 5))
#: Labels of the shared boxes, and the most each box takes (a bigger entry is a typing slip).
PLANNED_LABEL = "Planned activity (cases a year)"
PRICE_LABEL = "Price (£ per case)"
PLANNED_ACTIVITY_MAX = 10_000_000
UNIT_PRICE_MAX = 1_000_000.0
#: Most a cap or a collar may be, as a multiple of the plan value.
BAND_MAX = 10.0
#: Column headings of the explorer's two tables.
SPLIT_HEADERS = ("Contract", "Payment", "Plan value", "Activity at price",
                 "Provider carries (payment − activity at price)",
                 "Commissioner carries (payment − plan)")
RISK_HEADERS = ("Contract", "Expected payment", "Commissioner against plan (range)",
                "Provider against price (range)")
SIDES = ("a", "b")
SIDE_COLOURS = {"a": plots.ROLE_COLOURS["commissioner"], "b": plots.PALETTE["purple"]}
COST_COLOUR = plots.ROLE_COLOURS["neutral"]
COST_LABEL = "Cost at price"


def _term_control(name: str, parameter: contracts.Parameter, side: str) -> widgets.Widget:
    """A control for one contract term; free-text numbers so that bad terms can be typed."""
    who = side.upper()
    if parameter.choices:
        return widgets.Dropdown(
            options=list(parameter.choices), value=parameter.default,
            description=f"Contract {who}: {parameter.label.lower()}", style=STYLE,
        )
    return widgets.FloatText(
        value=parameter.default, step=parameter.step or 0.01,
        description=term_label(parameter, side), style=STYLE,
        layout=widgets.Layout(width="auto"),
    )


def term_label(parameter: contracts.Parameter, side: str) -> str:
    """The label of a typed term's box: the label names the unit for multiples of plan value;
    fractions say their range."""
    unit = " (0 to 1)" if parameter.unit == "fraction" else ""
    return f"Contract {side.upper()}: {parameter.label.lower()}{unit}"


def check_boxes(planned_activity: float, unit_price: float,
                side_values: Mapping[str, Any]) -> tuple[float, float]:
    """Refuse a blank, odd, negative or absurdly large box, naming it, before any rule runs.

    In the order the boxes are drawn: the plan, the price, then each contract's typed terms
    (only those its contract type takes), a fraction outside 0 to 1 in the box's own words.
    A collar above the cap is left to :mod:`commlib.contracts`, whose sentence explains it.
    """
    planned = contracts.explorer_number(PLANNED_LABEL, planned_activity,
                                        maximum=PLANNED_ACTIVITY_MAX)
    price = contracts.explorer_number(PRICE_LABEL, unit_price, maximum=UNIT_PRICE_MAX)
    for side in SIDES:
        kind = contracts.CONTRACT_TYPES[side_values[f"{side}_contract"]]
        for name, parameter in kind.parameters.items():
            if parameter.choices:
                continue
            fraction = parameter.unit == "fraction"
            label = term_label(parameter, side)
            typed = contracts.explorer_number(label, side_values[f"{side}_{name}"],
                                              maximum=None if fraction else BAND_MAX,
                                              negative_ok=fraction)
            if fraction and not 0.0 <= typed <= 1.0:  # the model's range, in the box's words
                raise ValueError(contracts.BOX_REFUSALS["fraction"].format(label=label,
                                                                           value=typed))
    return planned, price


def _all_terms() -> dict[str, contracts.Parameter]:
    """Every term name across the contract types (each name has one meaning)."""
    terms: dict[str, contracts.Parameter] = {}
    for kind in contracts.CONTRACT_TYPES.values():
        for name, parameter in kind.parameters.items():
            terms.setdefault(name, parameter)
    return terms


def _terms_for(contract: str, values: Mapping[str, Any], side: str) -> dict[str, Any]:
    kind = contracts.CONTRACT_TYPES[contract]
    return {name: values[f"{side}_{name}"] for name in kind.parameters}


def _label(contract: str) -> str:
    return contracts.CONTRACT_TYPES[contract].label


def _signed_money(value: float) -> str:
    text = fmt.money(value)
    return text if text.startswith(fmt.MINUS) or text == "£0" else "+" + text


def _carries_sentence(split: Mapping[str, float]) -> str:
    provider = split["provider_carries"]
    commissioner = split["commissioner_carries"]
    if abs(provider) < 0.5:
        provider_text = "is paid exactly the price for what it did"
    elif provider < 0:
        provider_text = f"does {fmt.money(-provider)} of work unpaid at price"
    else:
        provider_text = f"is paid {fmt.money(provider)} more than its activity at price"
    if abs(commissioner) < 0.5:
        commissioner_text = "pays exactly its plan"
    elif commissioner > 0:
        commissioner_text = f"pays {fmt.money(commissioner)} more than plan"
    else:
        commissioner_text = f"pays {fmt.money(-commissioner)} less than plan"
    return f"the provider {provider_text}; the commissioner {commissioner_text}"


def render(*, planned_activity: float, unit_price: float, actual_pct: float,
           **side_values: Any) -> str:
    """The explorer's result HTML for one setting (every number from commlib.contracts)."""
    if actual_pct < 0:
        raise ValueError(f"actual activity must not be negative (got {actual_pct:g}% of plan)")
    planned_activity, unit_price = check_boxes(planned_activity, unit_price, side_values)
    actual_activity = planned_activity * actual_pct / 100.0
    grid = planned_activity * ACTIVITY_GRID_PCT / 100.0
    series: dict[str, tuple[list[float], list[float]]] = {}
    markers: dict[str, tuple[float, float]] = {}
    colours: dict[str, str] = {}
    rows, risk_rows, sentences = [], [], []
    for side in SIDES:
        contract = side_values[f"{side}_contract"]
        terms = _terms_for(contract, side_values, side)
        payments = contracts.contract_payment(contract, planned_activity, unit_price, grid,
                                              **terms)
        split = contracts.risk_split(contract, planned_activity, unit_price, actual_activity,
                                     **terms)
        profile = contracts.risk_profile(contract, planned_activity, unit_price,
                                         spread=RISK_SPREAD, points=RISK_POINTS, **terms)
        name = f"{side.upper()}: {_label(contract)}"
        series[name] = (list(ACTIVITY_GRID_PCT), list(np.asarray(payments, dtype=float)))
        markers[f"{name} now"] = (float(actual_pct), split["payment"])
        colours[name] = colours[f"{name} now"] = SIDE_COLOURS[side]
        rows.append([name, fmt.money(split["payment"]), fmt.money(split["plan_value"]),
                     fmt.money(split["cost_at_price"]),
                     _signed_money(split["provider_carries"]),
                     _signed_money(split["commissioner_carries"])])
        risk_rows.append([
            name, fmt.money(profile["expected_payment"]),
            f"{_signed_money(profile['commissioner_min'])} to "
            f"{_signed_money(profile['commissioner_max'])}",
            f"{_signed_money(profile['provider_min'])} to "
            f"{_signed_money(profile['provider_max'])}",
        ])
        sentences.append(f"Contract {side.upper()} ({_label(contract).lower()}) pays "
                         f"{fmt.money(split['payment'])}: {_carries_sentence(split)}.")
    cost_grid = contracts.cost_per_case_payment(unit_price, grid)
    series[COST_LABEL] = (list(ACTIVITY_GRID_PCT),
                                           list(np.asarray(cost_grid, dtype=float)))
    colours[COST_LABEL] = COST_COLOUR
    chart = plots.svg_lines(
        series, markers=markers, colours=colours,
        title=f"Payment against activity (plan {fmt.count(planned_activity)} cases at "
              f"{fmt.money(unit_price)} a case)",
        x_label="Actual activity (% of plan)", y_label="Payment (£)",
        x_format=lambda v: f"{v:g}%", y_format=lambda v: fmt.money_m(v, dp=2),
    )
    headline = (f'<p class="commlib-headline"><strong>At {actual_pct:g}% of plan '
                f"({fmt.count(actual_activity)} cases):</strong> "
                + " ".join(html.escape(s) for s in sentences) + "</p>")
    table = plots.html_table(rows, list(SPLIT_HEADERS),
                             caption=f"Who carries what at {actual_pct:g}% of plan")
    risk_table = plots.html_table(risk_rows, list(RISK_HEADERS), caption=risk_caption())
    return headline + chart + table + risk_table


def risk_caption() -> str:
    """The caption of the "if activity is uncertain" table (plan ± :data:`RISK_SPREAD`)."""
    low, high = 100 * (1 - RISK_SPREAD), 100 * (1 + RISK_SPREAD)
    return f"If activity could land anywhere from {low:g}% to {high:g}% of plan, equally likely"


class ContractTermsExplorer(LiveExplorer):
    """Two contracts side by side; each side shows only the terms its contract type takes."""

    def __init__(self, controls: Mapping[str, widgets.Widget], **kwargs: Any) -> None:
        super().__init__(controls, render, **kwargs)
        for side in SIDES:
            self.controls[f"{side}_contract"].observe(
                lambda change, side=side: self._show_terms(side), names="value")
            self._show_terms(side)

    def _show_terms(self, side: str) -> None:
        wanted = contracts.CONTRACT_TYPES[self.controls[f"{side}_contract"].value].parameters
        for name in _all_terms():
            control = self.controls[f"{side}_{name}"]
            control.layout.display = None if name in wanted else "none"

    @property
    def widget(self) -> widgets.Widget:
        def group(title: str, names: list[str]) -> widgets.VBox:
            heading = widgets.HTML(f"<strong>{html.escape(title)}</strong>")
            return widgets.VBox([heading] + [self.controls[n] for n in names],
                                layout=widgets.Layout(min_width="260px", margin="0 1em 0 0"))

        terms = list(_all_terms())
        shared = group("Plan and activity",
                       ["planned_activity", "unit_price", "actual_pct"])
        sides = [group(f"Contract {s.upper()}", [f"{s}_contract"] + [f"{s}_{t}" for t in terms])
                 for s in SIDES]
        controls = widgets.HBox([shared, *sides],
                                layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        return widgets.VBox([self.header, controls, self.message, self.result],
                            layout=widgets.Layout(width="100%")).add_class("commlib-explorer")


def contract_explorer(*, contract_a: str = "cost_per_case", contract_b: str = "cap_and_collar",
                      planned_activity: int = PLANNED_ACTIVITY, unit_price: float = UNIT_PRICE,
                      actual_pct: float = 110.0) -> ContractTermsExplorer:
    """Build the live contract terms explorer (for the chapter, the app and the tests).

    Parameters
    ----------
    contract_a, contract_b : str
        Starting contract types, keys of :data:`commlib.contracts.CONTRACT_TYPES`.
    planned_activity : int
        Planned cases a year.
    unit_price : float
        Pounds per case.
    actual_pct : float
        Starting actual activity, % of plan.
    """
    options = [(kind.label, key) for key, kind in contracts.CONTRACT_TYPES.items()]
    controls: dict[str, widgets.Widget] = {
        # A free box: a negative or huge plan is refused in words by check_boxes, never
        # silently clamped to a bound.
        "planned_activity": widgets.IntText(
            value=planned_activity, step=100, description=PLANNED_LABEL, style=STYLE),
        "unit_price": widgets.FloatText(
            value=unit_price, step=100, description=PRICE_LABEL, style=STYLE),
        "actual_pct": widgets.IntSlider(
            value=int(actual_pct), min=50, max=150, step=1,
            description="Actual activity (% of plan)", style=STYLE),
    }
    for side, start in zip(SIDES, (contract_a, contract_b), strict=True):
        controls[f"{side}_contract"] = widgets.Dropdown(
            options=options, value=start, description=f"Contract {side.upper()}: type",
            style=STYLE)
        for name, parameter in _all_terms().items():
            controls[f"{side}_{name}"] = _term_control(name, parameter, side)
    return ContractTermsExplorer(
        controls, title="Contract terms explorer: contract A against contract B",
        note="Illustrative plan and price. Payments from commlib.contracts.",
    )


# --------------------------------------------------------------------------------------------
# Kernel-free explorer for the static site
# --------------------------------------------------------------------------------------------

def static_step(contract: str, actual_pct: float) -> tuple[dict[str, float], str]:
    """The risk split and headline for one step of the static explorer (default terms)."""
    actual = PLANNED_ACTIVITY * actual_pct / 100.0
    split = contracts.risk_split(contract, PLANNED_ACTIVITY, UNIT_PRICE, actual)
    headline = (f"{_label(contract)} at {actual_pct:g}% of plan: paid "
                f"{fmt.money(split['payment'])}; {_carries_sentence(split)}.")
    return dict(split), headline


def static_explorer() -> go.Figure:
    """The contract terms explorer for the static site: contract type x actual activity.

    Plan fixed at :data:`PLANNED_ACTIVITY` cases at :data:`UNIT_PRICE` a case, each contract
    with its default terms (:data:`commlib.contracts.CONTRACT_TYPES`).
    """
    grid = PLANNED_ACTIVITY * STATIC_GRID_PCT / 100.0
    cost = np.asarray(contracts.cost_per_case_payment(UNIT_PRICE, grid), dtype=float)
    keys = list(contracts.CONTRACT_TYPES)

    def compute(contract: str, actual_pct: float):
        payments = np.asarray(
            contracts.contract_payment(contract, PLANNED_ACTIVITY, UNIT_PRICE, grid), float)
        split, headline = static_step(contract, actual_pct)
        actual = PLANNED_ACTIVITY * actual_pct / 100.0
        traces = [
            go.Scatter(x=grid, y=cost, mode="lines", name=COST_LABEL,
                       line={"color": COST_COLOUR, "dash": "dash", "width": 2}),
            go.Scatter(x=grid, y=payments, mode="lines", name=_label(contract),
                       line={"color": SIDE_COLOURS["a"], "width": 3}),
            go.Scatter(x=[actual], y=[split["payment"]], mode="markers",
                       name="Payment at this activity",
                       marker={"color": plots.PALETTE["black"], "size": 11}),
        ]
        return traces, headline

    pay_max = float(cost.max()) * 1.02
    return plots.step_explorer(
        name="contract-terms",
        dims=[
            ("Contract type", keys, [_label(k) for k in keys]),
            ("Actual activity (% of plan)", list(STATIC_ACTIVITY_PCT),
             [f"{p}%" for p in STATIC_ACTIVITY_PCT]),
        ],
        compute=compute,
        initial=[keys.index("cap_and_collar"), STATIC_ACTIVITY_PCT.index(110)],
        layout=plots.legend_at_foot({
            "xaxis": {"title": {"text": "Actual activity (cases a year)"},
                      "range": [float(grid[0]), float(grid[-1])]},
            "yaxis": {"title": {"text": "Payment (£)"}, **plots.POUNDS_AXIS,
                      "range": [0, pay_max]},
            "margin": {"t": 90},
            "height": 500,
        }),
    )


# --------------------------------------------------------------------------------------------
# The payment scheme explorer: one trust's API contract with an ICB (elective activity)
# --------------------------------------------------------------------------------------------

#: Illustrative starting contract: planned elective spells a year, unit price (£ per spell)
#: and the trust's market forces factor (index). Not any real trust's figures.
API_PLANNED_SPELLS = 4_000
API_UNIT_PRICE = 2_500.0
API_MFF = 1.05
#: Activity drawn on the live chart, as % of plan.
API_GRID_PCT = np.linspace(0.0, 150.0, 151)
#: Actual activity (% of plan) offered by the kernel-free explorer.
API_STATIC_ACTIVITY_PCT = tuple(range(70, 135, 5))


class APIPreset(NamedTuple):
    """A set of API terms: the share of the plan value in the fixed element and the rate."""

    label: str
    fixed_share_of_plan: float
    variable_rate: float


#: Terms offered by the kernel-free explorer (the rates from commlib.contracts.API_RULES).
API_PRESETS: dict[str, APIPreset] = {
    "2022/23": APIPreset(
        "2022/23 rules: planned spells in the fixed element, "
        f"{contracts.API_RULES['2022/23'].variable_rate:.0%} of price away from plan",
        1.0, contracts.API_RULES["2022/23"].variable_rate),
    "2023/24 on": APIPreset(
        "2023/24 onward: every spell in the variable element at "
        f"{contracts.API_RULES['2025/26'].variable_rate:.0%} of price",
        0.0, contracts.API_RULES["2025/26"].variable_rate),
    "local": APIPreset(
        "An illustrative local variation: half the plan fixed, 50% of price away from plan",
        0.5, 0.5),
}


def _api_sentence(parts: contracts.APIPayment) -> str:
    commissioner = parts.commissioner_vs_plan_gbp
    provider = parts.provider_vs_price_gbp
    if abs(commissioner) < 0.005:
        commissioner_text = "the ICB pays exactly its plan"
    elif commissioner > 0:
        commissioner_text = f"the ICB pays {fmt.money(commissioner)} more than its plan"
    else:
        commissioner_text = f"the ICB pays {fmt.money(-commissioner)} less than its plan"
    if abs(provider) < 0.005:
        provider_text = "the trust is paid the full price for every spell it did"
    elif provider < 0:
        provider_text = (f"the trust does {fmt.money(-provider)} of work unpaid at price, "
                         "so it carries that much of the extra activity")
    else:
        provider_text = (f"the trust keeps {fmt.money(provider)} for spells it did not do, "
                         "so the ICB carries that much of the shortfall")
    return f"{commissioner_text}; {provider_text}"


def api_render(*, fixed_element_gbp: float, planned_activity: float, actual_activity: float,
               unit_price_gbp: float, mff: float, variable_rate: float) -> str:
    """The payment scheme explorer's result HTML (every number from contracts.api_payment)."""
    terms = dict(fixed_element_gbp=fixed_element_gbp, planned_activity=planned_activity,
                 unit_price_gbp=unit_price_gbp, mff=mff, variable_rate=variable_rate)
    parts = contracts.api_payment(actual_activity=actual_activity, **terms)
    pct_of_plan = contracts.api_share_of_plan(planned_activity, actual_activity)
    grid = [planned_activity * pct / 100.0 for pct in API_GRID_PCT]
    on_grid = [contracts.api_payment(actual_activity=a, **terms) for a in grid]
    series = {
        "Total payment": (list(API_GRID_PCT), [p.total_gbp for p in on_grid]),
        "Fixed element": (list(API_GRID_PCT), [p.fixed_gbp for p in on_grid]),
        "Activity at price x MFF": (list(API_GRID_PCT), [p.value_at_price_gbp for p in on_grid]),
    }
    colours = {"Total payment": plots.ROLE_COLOURS["commissioner"],
               "Fixed element": plots.PALETTE["orange"],
               "Activity at price x MFF": COST_COLOUR,
               "Payment now": plots.PALETTE["black"]}
    chart = plots.svg_lines(
        series, markers={"Payment now": (pct_of_plan, parts.total_gbp)}, colours=colours,
        title=f"Payment against elective activity (plan {fmt.count(planned_activity)} spells "
              f"at {fmt.money(unit_price_gbp)} x MFF {mff:.2f})",
        x_label="Actual elective activity (% of plan)", y_label="Payment (£)",
        x_format=lambda v: f"{v:g}%", y_format=lambda v: fmt.money_m(v, dp=1),
    )
    headline = (f'<p class="commlib-headline"><strong>At {fmt.count(actual_activity)} spells '
                f"({pct_of_plan:.0f}% of plan) the trust is paid "
                f"{fmt.money(parts.total_gbp)}:</strong> fixed element "
                f"{fmt.money(parts.fixed_gbp)} + variable element "
                f"{fmt.money(parts.variable_gbp)}. "
                f"{html.escape(_api_sentence(parts)).capitalize()[0]}"
                f"{html.escape(_api_sentence(parts))[1:]}.</p>")
    table = plots.html_table(
        [["Plan value (planned spells x price x MFF)", fmt.money(parts.plan_value_gbp)],
         ["Actual spells at price x MFF", fmt.money(parts.value_at_price_gbp)],
         ["Fixed element", fmt.money(parts.fixed_gbp)],
         ["Variable element", fmt.money(parts.variable_gbp)],
         ["Total payment", fmt.money(parts.total_gbp)],
         ["ICB pays against its plan (total − plan value)",
          _signed_money(parts.commissioner_vs_plan_gbp)],
         ["Trust paid against its activity at price (total − activity at price)",
          _signed_money(parts.provider_vs_price_gbp)]],
        ["Part", "Pounds"],
        caption=f"The payment at {fmt.count(actual_activity)} spells",
    )
    return headline + chart + table


def api_explorer(*, fixed_element_gbp: float = 0.0, planned_activity: float = API_PLANNED_SPELLS,
                 actual_activity: float = API_PLANNED_SPELLS * 1.1,
                 unit_price_gbp: float = API_UNIT_PRICE, mff: float = API_MFF,
                 variable_rate: float | None = None) -> LiveExplorer:
    """Build the live payment scheme explorer (for the chapter, the app and the tests).

    Starts with the rules in force from 2023/24 (no elective fixed element, every spell at the
    full price) and activity 10% above plan. Every box is free text, so bad terms can be
    typed: the explorer shows the model's sentence and keeps the last good result.
    """
    rate = contracts.API_RULES["2025/26"].variable_rate if variable_rate is None else variable_rate
    values = dict(fixed_element_gbp=fixed_element_gbp, planned_activity=planned_activity,
                  actual_activity=actual_activity, unit_price_gbp=unit_price_gbp, mff=mff,
                  variable_rate=rate)
    steps = {"fixed_element_gbp": 10_000, "planned_activity": 100, "actual_activity": 100,
             "unit_price_gbp": 50, "mff": 0.01, "variable_rate": 0.05}
    controls = {
        name: widgets.FloatText(value=float(value), step=steps[name],
                                description=contracts.API_PAYMENT_LABELS[name], style=STYLE,
                                layout=widgets.Layout(width="auto"))
        for name, value in values.items()
    }
    return LiveExplorer(
        controls, api_render,
        title="Payment scheme explorer: a trust's API contract with an ICB",
        note="Elective activity only. Illustrative plan, price and market forces factor; "
             "payments from commlib.contracts.api_payment.",
    )


def api_static_step(preset: str, actual_pct: float) -> tuple[contracts.APIPayment, str]:
    """The payment and headline for one step of the kernel-free payment scheme explorer."""
    terms = API_PRESETS[preset]
    plan_value = contracts.api_payment(0.0, API_PLANNED_SPELLS, API_PLANNED_SPELLS,
                                       API_UNIT_PRICE, API_MFF, 1.0).plan_value_gbp
    parts = contracts.api_payment(terms.fixed_share_of_plan * plan_value, API_PLANNED_SPELLS,
                                  API_PLANNED_SPELLS * actual_pct / 100.0, API_UNIT_PRICE,
                                  API_MFF, terms.variable_rate)
    headline = (f"At {actual_pct:g}% of plan: paid {fmt.money(parts.total_gbp)} "
                f"(fixed {fmt.money(parts.fixed_gbp)} + variable "
                f"{fmt.money(parts.variable_gbp)}); {_api_sentence(parts)}.")
    return parts, headline


def api_static_explorer() -> go.Figure:
    """The payment scheme explorer for the static site: terms x actual activity.

    Plan fixed at :data:`API_PLANNED_SPELLS` spells at :data:`API_UNIT_PRICE` with a market
    forces factor of :data:`API_MFF`; the terms are :data:`API_PRESETS`.
    """
    grid_pct = STATIC_GRID_PCT
    keys = list(API_PRESETS)

    def compute(preset: str, actual_pct: float):
        line = [api_static_step(preset, pct)[0] for pct in grid_pct]
        parts, headline = api_static_step(preset, actual_pct)
        grid = API_PLANNED_SPELLS * grid_pct / 100.0
        traces = [
            go.Scatter(x=grid, y=[p.value_at_price_gbp for p in line], mode="lines",
                       name="Activity at price x MFF",
                       line={"color": COST_COLOUR, "dash": "dash", "width": 2}),
            go.Scatter(x=grid, y=[p.fixed_gbp for p in line], mode="lines",
                       name="Fixed element",
                       line={"color": plots.PALETTE["orange"], "dash": "dot", "width": 2}),
            go.Scatter(x=grid, y=[p.total_gbp for p in line], mode="lines",
                       name="Total payment (fixed + variable)",
                       line={"color": plots.ROLE_COLOURS["commissioner"], "width": 3}),
            go.Scatter(x=[API_PLANNED_SPELLS * actual_pct / 100.0], y=[parts.total_gbp],
                       mode="markers", name="Payment at this activity",
                       marker={"color": plots.PALETTE["black"], "size": 11}),
        ]
        return traces, headline

    top = api_static_step("2023/24 on", float(grid_pct[-1]))[0].value_at_price_gbp * 1.02
    return plots.step_explorer(
        name="payment-scheme",
        dims=[
            ("API terms", keys, [API_PRESETS[k].label for k in keys]),
            ("Actual elective activity (% of plan)", list(API_STATIC_ACTIVITY_PCT),
             [f"{p}%" for p in API_STATIC_ACTIVITY_PCT]),
        ],
        compute=compute,
        initial=[keys.index("2023/24 on"), API_STATIC_ACTIVITY_PCT.index(110)],
        layout=plots.legend_at_foot({
            "xaxis": {"title": {"text": "Actual elective activity (spells a year)"},
                      "range": [API_PLANNED_SPELLS * float(grid_pct[0]) / 100.0,
                                API_PLANNED_SPELLS * float(grid_pct[-1]) / 100.0]},
            "yaxis": {"title": {"text": "Payment (£)"}, **plots.POUNDS_AXIS,
                      "range": [0, top]},
            "margin": {"t": 90},
            "height": 500,
        }),
    )
