"""Browser twins of the chapter 1 explorers (see :mod:`commlib.widgets.browser`).

``sub-icb-need``: the site version of :func:`commlib.widgets.needs.live_explorer` (every ICB,
every component of the formula). The ICB is typed by name, so the browser module
``explorers/sub-icb-need.js`` reads the text as :func:`commlib.widgets.needs.find_icb` does
(Python's whitespace and case folding, exported here), then draws the bars commlib chose
(:func:`commlib.widgets.needs.sub_icb_bars`, :func:`commlib.widgets.needs.every_icb_order`)
with a port of :func:`commlib.plots.svg_bars`.

``urgent-care``: the site version of :func:`commlib.widgets.urgent_care.live_explorer`. The
need share is typed freely, so ``explorers/urgent-care.js`` computes
:func:`commlib.urgent_care.redirect` from the inputs exported here, in the model's order of
floating-point operations; every label, caption and refusal sentence comes from commlib.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Any

from commlib import plots
from commlib import urgent_care as model
from commlib.places import COMPONENTS
from commlib.widgets import needs
from commlib.widgets import urgent_care as ucw
from commlib.widgets.browser import twin

__all__ = ["sub_icb_need_data", "urgent_care_data", "python_text_rules"]


def python_text_rules() -> dict[str, Any]:
    """How Python reads typed text: its whitespace, and non-ASCII letters that fold to ASCII.

    ``str.split()`` splits on every character for which ``str.isspace()`` holds;
    ``str.casefold()`` folds, for example, "ß" to "ss" and the Kelvin sign to "k". Names and
    codes of ICBs are ASCII, so only the characters that fold to ASCII can change a match.
    """
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    folds = {}
    for c in range(128, sys.maxunicode + 1):
        char = chr(c)
        if 0xD800 <= c <= 0xDFFF:
            continue
        folded = char.casefold()
        if folded != char and folded.isascii():
            folds[char] = folded
    return {"spaces": spaces, "folds": folds}


def _sub_icb_need_explorer():
    return needs.live_explorer(needs.need_tables())


@twin("sub-icb-need", live=_sub_icb_need_explorer)
def sub_icb_need_data() -> dict[str, Any]:
    """Every ICB's bars per component, the text rules and the chart's words."""
    tables = needs.need_tables()
    icbs = tables["icb"]
    year = tables["sub_icb"].attrs.get("year", needs.YEAR)
    codes = list(icbs.index)
    per_icb: dict[str, Any] = {}
    for code in codes:
        # Each bar's label once; per component, the bars' order (into labels) and values.
        labels: list[str] = []
        cells: dict[str, Any] = {"labels": labels}
        for component in COMPONENTS:
            bars = needs.sub_icb_bars(tables, code, component)
            for label in bars:
                if label not in labels:
                    labels.append(label)
            cells[component] = {"order": [labels.index(label) for label in bars],
                                "values": list(bars.values())}
        per_icb[code] = cells
    every = {}
    for component in COMPONENTS:
        order = needs.every_icb_order(tables, component)
        every[component] = {
            "order": order,
            "values": [float(icbs.loc[c, f"need_{component}"]) for c in order],
        }
    # The sentence for text that names no ICB, split where the typed text goes.
    marker = "\x00"
    try:
        needs.find_icb(icbs, marker)
    except ValueError as error:
        no_match = str(error).split(marker)
    if len(no_match) != 2:
        raise ValueError("the sentence for text naming no ICB must quote the text once")
    return {
        "year": year,
        "codes": codes,
        "names": [str(n) for n in icbs["icb_name"]],
        "folded_names": [str(n).casefold() for n in icbs["icb_name"]],
        "folded_codes": [str(c).casefold() for c in codes],
        "components": {key: label.lower() for key, label in COMPONENTS.items()},
        "icbs": per_icb,
        "every": every,
        "every_bar_height": needs.EVERY_ICB_BAR_HEIGHT,
        "text": python_text_rules(),
        "no_match": no_match,
        "svg": {"text_colour": plots.TEXT_COLOUR, "blue": plots.PALETTE["blue"],
                "vermillion": plots.PALETTE["vermillion"], "black": plots.PALETTE["black"]},
    }


@twin("urgent-care", live=ucw.live_explorer)
def urgent_care_data() -> dict[str, Any]:
    """The model's inputs, names, labels and refusal sentences."""
    inputs = model.load_inputs()
    refusals = {}
    for key, label in (("need", ucw.NEED_SHARE_LABEL), ("share", ucw.SHARE_LABEL)):
        found = {}
        for case, value in (("nan", float("nan")), ("range", -1.0)):
            try:
                model.share_from_pct(value, label)
            except ValueError as error:
                found[case] = str(error)
        refusals[key] = found
    return {
        "inputs": asdict(inputs),
        "settings": list(model.SETTINGS),
        "setting_names": dict(model.SETTING_NAMES),
        "colours": {model.SETTING_NAMES[k]: v for k, v in ucw.SETTING_COLOURS.items()},
        "refusals": refusals,
        "chart": {"title": ucw.CHART_TITLE, "value_label": ucw.CHART_VALUE_LABEL,
                  "reference_label": ucw.CHART_REFERENCE_LABEL},
        "table": {"headers": list(ucw.TABLE_HEADERS), "caption": ucw.TABLE_CAPTION},
        "svg": {"text_colour": plots.TEXT_COLOUR, "blue": plots.PALETTE["blue"],
                "vermillion": plots.PALETTE["vermillion"], "black": plots.PALETTE["black"]},
    }
