"""Chapter 5: which Provider Selection Regime route applies? (live and kernel-free)

* :func:`live_explorer` -- answer yes or no to the six questions and read the route
  (ipywidgets, live in JupyterLab and the explorer app);
* :func:`static_explorer` -- the same questions without a kernel (a plotly step explorer whose
  64 steps are computed by :func:`commlib.reforms.psr_route`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from commlib import plots, reforms
from commlib.widgets.base import STYLE, LiveExplorer

__all__ = ["QUESTIONS", "answers_not_needed", "render", "live_explorer", "static_explorer"]

#: (argument of psr_route, question as the reader sees it), in the order they are asked.
QUESTIONS = (
    ("existing_provider", "Is there a provider of this service now?"),
    ("only_capable_provider", "Is that provider the only one capable of providing it?"),
    ("unrestricted_choice", "Do patients have an unrestricted choice, with a contract for every "
                            "provider that meets the requirements?"),
    ("satisfying_contract", "Is the existing provider satisfying its contract?"),
    ("considerable_change", "Would the new contract be a considerable change?"),
    ("framework_agreement", "Is this a framework agreement?"),
)
_STATUS_COLOURS = {
    "must": plots.PALETTE["vermillion"],
    "may": plots.PALETTE["blue"],
    "no": "#d9d9d9",
}


def _status(decision: reforms.PsrDecision, route: str) -> str:
    if route not in decision.options:
        return "no"
    return "must" if decision.mandatory else "may"


def answers_not_needed(**answers: bool) -> list[str]:
    """The questions (names as in :data:`QUESTIONS`) whose answer does not decide the route.

    A question is not needed when changing its answer alone, the others kept, gives the same
    decision from :func:`commlib.reforms.psr_route` (the same route or routes, must or may, and
    reason): a framework agreement, for example, needs the competitive process whatever the
    other five answers are. Unanswered questions take ``psr_route``'s defaults.

    >>> answers_not_needed(existing_provider=True, only_capable_provider=False,
    ...                    unrestricted_choice=False, satisfying_contract=True,
    ...                    considerable_change=False, framework_agreement=True)
    ['existing_provider', 'only_capable_provider', 'unrestricted_choice', 'satisfying_contract', \
'considerable_change']
    """
    decision = reforms.psr_route(**answers)
    given = {name: bool(answers.get(name, False)) for name, _ in QUESTIONS}
    return [name for name, _ in QUESTIONS
            if reforms.psr_route(**{**given, name: not given[name]}) == decision]


def _not_needed_html(answers: dict[str, bool]) -> str:
    names = answers_not_needed(**answers)
    if not names:
        return "<p>Every answer above was needed to reach this route.</p>"
    asked = dict(QUESTIONS)
    items = "".join(
        f"<li>{html.escape(asked[name])} You answered {'Yes' if answers.get(name) else 'No'}."
        "</li>" for name in names)
    return ("<p>Not needed for this route (changing any one of these answers alone would not "
            f"change it):</p><ul class=\"commlib-psr-not-needed\">{items}</ul>")


def render(**answers: bool) -> str:
    """Result HTML: the route, the reason, the answers the route did not need, and a table of
    all five routes."""
    decision = reforms.psr_route(**answers)
    label = {"must": "must be used", "may": "may be used", "no": "not open"}
    table = plots.html_table(
        [(route, label[_status(decision, route)]) for route in reforms.PSR_ROUTES],
        ["Route", "For this contract"],
        caption="The five Provider Selection Regime routes for this situation",
    )
    head = (f"{decision.route} {'must' if decision.mandatory else 'may'} be followed."
            if decision.mandatory or len(decision.options) == 1
            else f"Open routes: {', '.join(decision.options)}.")
    return (f'<p class="commlib-headline" role="status">{html.escape(head)}</p>'
            f"<p>{html.escape(decision.reason)}</p>" + _not_needed_html(answers) + table
            + '<p class="commlib-caveat">A teaching aid based on NHS England\'s guidance on the '
              "Provider Selection Regime, not legal advice.</p>")


def live_explorer() -> LiveExplorer:
    """Six yes/no questions (control names as in :data:`QUESTIONS`); the result names the route."""
    controls = {}
    for name, question in QUESTIONS:
        controls[name] = widgets.ToggleButtons(
            options=[("Yes", True), ("No", False)],
            value=name in ("existing_provider", "satisfying_contract"),
            description=question, style=STYLE,
        )
    return LiveExplorer(controls, render, title="Which Provider Selection Regime route?",
                        note="Answer for one contract for health care services.")


def static_explorer() -> go.Figure:
    """Kernel-free decision helper: one dot per route, coloured must / may / not open."""
    routes = list(reforms.PSR_ROUTES)

    def compute(*flags: bool):
        answers = dict(zip([n for n, _ in QUESTIONS], flags, strict=True))
        decision = reforms.psr_route(**answers)
        statuses = [_status(decision, r) for r in routes]
        trace = go.Scatter(
            x=[{"must": 2, "may": 1, "no": 0}[s] for s in statuses], y=routes,
            mode="markers+text", name="Route",
            marker={"size": 24, "color": [_STATUS_COLOURS[s] for s in statuses],
                    "line": {"color": "#1a1a1a", "width": 1}},
            text=[{"must": "must", "may": "may", "no": "not open"}[s] for s in statuses],
            textposition="middle right", hovertext=[decision.reason] * len(routes),
            hoverinfo="text", showlegend=False,
        )
        return [trace], decision.reason

    yes_no = ([True, False], ["Yes", "No"])
    return plots.step_explorer(
        name="psr-route",
        dims=[(question, *yes_no) for _, question in QUESTIONS],
        compute=compute,
        initial=[0, 1, 1, 0, 1, 1],
        layout={
            "height": 420,
            "margin": {"t": 90, "l": 230, "r": 40, "b": 60},
            "xaxis": {"range": [-0.5, 2.9], "tickvals": [0, 1, 2],
                      "ticktext": ["not open", "may be used", "must be used"],
                      "title": {"text": "For this contract"}},
            "yaxis": {"type": "category", "categoryorder": "array",
                      "categoryarray": list(reversed(routes)), "title": {"text": ""}},
        },
    )
