"""Browser twins of the contract explorers (see :mod:`commlib.widgets.browser`).

Both explorers take typed numbers in every box, so everything they show is computed in the
browser by ``explorers/contracts.js`` (one module for the two, which share the port of
:func:`commlib.plots.svg_lines` and of Python's number formatting):

* ``payment-scheme``: the site version of :func:`commlib.widgets.contracts.api_explorer`,
  one trust's aligned payment and incentive contract with an ICB
  (:func:`commlib.contracts.api_payment`, :func:`commlib.contracts.api_share_of_plan`);
* ``contract-terms``: the site version of :func:`commlib.widgets.contracts.contract_explorer`,
  two contracts side by side (:func:`commlib.contracts.contract_payment`,
  :func:`commlib.contracts.risk_split`, :func:`commlib.contracts.risk_profile`).

What the module needs from commlib is exported here: the activity grids (NumPy's own
``linspace`` values), the contract types with their terms and labels, the API rules by year,
the colours, the table headings, and every refusal sentence as a ``str.format`` template
(:data:`commlib.contracts.API_REFUSALS`, :data:`commlib.contracts.BOX_REFUSALS`,
:data:`commlib.contracts.BAND_REFUSAL`, and :func:`commlib._validate.check_fraction`'s
sentence for each fraction term, taken from the check itself), so no sentence is retyped.
``tests/site/test_browser_explorers.py`` proves both twins equal to the live widgets.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from commlib import _validate, contracts, plots
from commlib.widgets import contracts as cw
from commlib.widgets.browser import twin

__all__ = ["contract_terms_data", "fraction_refusal", "payment_scheme_data"]

#: A value no one types, used to turn a check's sentence into a template.
_SENTINEL = 987_654.25


def fraction_refusal(name: str) -> str:
    """``check_fraction``'s sentence for the term ``name``, with ``{value}`` for the value.

    The browser fills ``{value}`` as :func:`commlib._validate.fmt_value` prints it.
    """
    try:
        _validate.check_fraction(name, _SENTINEL)
    except ValueError as error:
        message = str(error)
    else:  # pragma: no cover - the sentinel is not a fraction
        raise AssertionError("check_fraction accepted a value above 1")
    shown = _validate.fmt_value(_SENTINEL)
    if message.count(shown) != 1:
        raise ValueError(f"cannot make a template of {message!r}")
    return message.replace("{", "{{").replace("}", "}}").replace(shown, "{value}")


def _svg_colours() -> dict[str, Any]:
    return {"text": plots.TEXT_COLOUR, "black": plots.PALETTE["black"],
            "contrast_safe": list(plots.CONTRAST_SAFE)}


@twin("payment-scheme", live=cw.api_explorer, module="contracts")
def payment_scheme_data() -> dict[str, Any]:
    """The payment scheme explorer's rules: limits, refusals, grid and colours."""
    return {
        "kind": "api",
        "labels": dict(contracts.API_PAYMENT_LABELS),
        "refusals": dict(contracts.API_REFUSALS),
        "max_spells": dict(contracts.API_MAX_SPELLS),
        "max_unit_price": contracts.API_MAX_UNIT_PRICE_GBP,
        "max_mff": contracts.API_MAX_MFF,
        "grid_pct": [float(x) for x in cw.API_GRID_PCT],
        "colours": {"total": plots.ROLE_COLOURS["commissioner"],
                    "fixed": plots.PALETTE["orange"], "cost": cw.COST_COLOUR,
                    "marker": plots.PALETTE["black"]},
        "svg": _svg_colours(),
    }


@twin("contract-terms", live=cw.contract_explorer, module="contracts")
def contract_terms_data() -> dict[str, Any]:
    """The contract terms explorer's rules: contract types, terms, limits, refusals, grids."""
    kinds = {}
    for key, kind in contracts.CONTRACT_TYPES.items():
        kinds[key] = {
            "label": kind.label,
            "terms": [{"name": name, "fraction": parameter.unit == "fraction",
                       "choice": bool(parameter.choices),
                       "labels": {side: cw.term_label(parameter, side) for side in cw.SIDES}}
                      for name, parameter in kind.parameters.items()],
        }
    fractions = {name for kind in contracts.CONTRACT_TYPES.values()
                 for name, parameter in kind.parameters.items() if parameter.unit == "fraction"}
    factors = 1.0 + np.linspace(-cw.RISK_SPREAD, cw.RISK_SPREAD, cw.RISK_POINTS)
    return {
        "kind": "terms",
        "sides": list(cw.SIDES),
        "contracts": kinds,
        "api_rules": {year: {"variable_rate": rule.variable_rate, "cquin_rate": rule.cquin_rate}
                      for year, rule in contracts.API_RULES.items()},
        "labels": {"planned": cw.PLANNED_LABEL, "price": cw.PRICE_LABEL,
                   "cost": cw.COST_LABEL},
        "limits": {"planned": cw.PLANNED_ACTIVITY_MAX, "price": cw.UNIT_PRICE_MAX,
                   "band": cw.BAND_MAX},
        "refusals": dict(contracts.BOX_REFUSALS),
        "band_refusal": contracts.BAND_REFUSAL,
        "fraction_refusals": {name: fraction_refusal(name) for name in sorted(fractions)},
        "grid_pct": [float(x) for x in cw.ACTIVITY_GRID_PCT],
        "risk_factors": [float(x) for x in factors],
        "risk_caption": cw.risk_caption(),
        "split_headers": list(cw.SPLIT_HEADERS),
        "risk_headers": list(cw.RISK_HEADERS),
        "colours": {**{side: cw.SIDE_COLOURS[side] for side in cw.SIDES},
                    "cost": cw.COST_COLOUR},
        "svg": _svg_colours(),
    }
