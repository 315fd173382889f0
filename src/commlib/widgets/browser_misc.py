"""Browser twins of three chapter explorers (see :mod:`commlib.widgets.browser`).

* ``service-finder``: the site version of :func:`commlib.widgets.who_commissions.live_explorer`.
  Every service's result is rendered here by the live widget's own ``render``; the browser
  module (``explorers/service-finder.js``) only finds the service from what the reader typed,
  exactly as :func:`commlib.widgets.who_commissions.find_service` does (Python's whitespace and
  case folding are exported, so any text is read alike).
* ``capital-scheme``: the site version of :func:`commlib.widgets.capital.capital_explorer`.
  Every number is typed, so ``explorers/capital-scheme.js`` ports
  :func:`commlib.capital.revenue_consequences` and :func:`commlib.capital.lifetime_costs`
  (exact pence, numpy's pairwise sums); the refusal sentences are exported from the widget.
* ``derbyshire-shape``: the site version of :func:`commlib.widgets.system_shape.shape_explorer`
  (three sliders, over a million settings): ``explorers/derbyshire-shape.js`` ports
  :func:`commlib.system_shape.shift_to_place` from the baseline and do-nothing shapes
  exported here.

``tests/site/test_browser_explorers.py`` proves each equal to its live widget.
"""

from __future__ import annotations

import sys
from typing import Any

from commlib import capital, fmt, system_shape
from commlib.widgets import capital as capital_widgets
from commlib.widgets import system_shape as shape_widgets
from commlib.widgets import who_commissions
from commlib.widgets.browser import twin

__all__ = ["capital_scheme_data", "derbyshire_shape_data", "service_finder_data"]


def _casefold_table() -> dict[str, str]:
    """Every character whose Python ``casefold`` is not itself (the browser has no casefold)."""
    table = {}
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()
        if folded != char:
            table[char] = folded
    return table


def _whitespace() -> str:
    """Every character Python's ``str.split()`` splits on."""
    return "".join(chr(c) for c in range(sys.maxunicode + 1)
                   if not 0xD800 <= c <= 0xDFFF and chr(c).isspace())


@twin("service-finder", live=who_commissions.live_explorer)
def service_finder_data() -> dict[str, Any]:
    """The services in order, each one's result HTML, and the refusal sentences."""
    services = who_commissions.load_services()
    names = list(services.index)
    return {
        "names": names,
        "html": {name: who_commissions.render(services, name) for name in names},
        "blank": who_commissions.BLANK_TEXT,
        "no_match": who_commissions.NO_MATCH_TEXT,
        "casefold": _casefold_table(),
        "whitespace": _whitespace(),
    }


@twin("capital-scheme", live=capital_widgets.capital_explorer)
def capital_scheme_data() -> dict[str, Any]:
    """The boxes' limits, the refusal sentences and the chart's labels and colours."""
    return {
        "messages": dict(capital_widgets.MESSAGES),
        "max_money": capital.MAX_MONEY_GBP,
        "max_life": capital.MAX_USEFUL_LIFE_YEARS,
        "colours": dict(capital_widgets.PART_COLOURS),
    }


@twin("derbyshire-shape", live=shape_widgets.shape_explorer)
def derbyshire_shape_data() -> dict[str, Any]:
    """The baseline and do-nothing shapes (pounds), the staff cost and the sentences."""
    baseline = system_shape.scenario_shape("baseline")
    do_nothing = system_shape.scenario_shape("do nothing 2020/21")
    figures = system_shape.derbyshire_figures()
    return {
        "settings": list(system_shape.SETTINGS),
        "setting_labels": dict(shape_widgets._SETTING_LABELS),
        "scenario_colours": dict(shape_widgets._SCENARIO_COLOURS),
        "baseline": baseline.amounts(),
        "do_nothing": do_nothing.amounts(),
        "per_staff": figures["place_spend_per_extra_staff_gbp"],
        "available_text": fmt.money_m(do_nothing.specialist_gbp),
        "too_much": shape_widgets.SHIFT_TOO_MUCH_TEXT,
        "zero_cost": shape_widgets.ZERO_PLACE_COST_TEXT,
    }
