"""A place of your own: pick GP practices, see their need and fair share (issue 16).

NHS England's place-based tool groups practices into the places it knows (sub-ICB locations,
local authorities, PCNs). Here a reader makes a place from any practices: the live explorer
(JupyterLab, Voila) takes their codes in a box; its browser twin on the site adds a list to
find practices by name, code, PCN or local authority and a map of the practices drawn from
their latitude and longitude with no map tiles (so it works offline), a CSV download, and a
link that shares the place. Every number comes from :func:`commlib.places.custom_place`.
"""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets

from commlib import data, fmt, places, plots
from commlib.widgets import allocations as alw
from commlib.widgets.base import STYLE, LiveExplorer
from commlib.widgets.browser import Parts, twin

__all__ = ["DEFAULT_PRACTICES", "custom_place_widget", "render", "samples"]

#: The starting place: four practices of Hull (NHS Humber and North Yorkshire ICB), listed in
#: every year of the data.
DEFAULT_PRACTICES = "B81008, B81011, B81017, B81018"
CODES_LABEL = "GP practice codes (separated by commas)"


def _codes(text: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", str(text).strip().upper()) if code]


def render(*, year: str, practice_codes: str, national_sum_m: float) -> str:
    """The explorer's result HTML (every number from :func:`commlib.places.custom_place`)."""
    national_sum = alw._check_national_sum_m(national_sum_m)
    result = places.custom_place(year, _codes(practice_codes), national_sum)
    chosen = result.attrs["practices"]
    core = result.loc["wp_core"]
    headline = (
        f"Your place, {year}: {fmt.count(len(chosen))} GP "
        f"{'practice' if len(chosen) == 1 else 'practices'}, "
        f"{fmt.people(core['population'])} registered patients. Core need index "
        f"{fmt.index(core['need_index_england'])} (England = 1); fair share "
        f"{fmt.money(core['fair_share'], dp=2)} of {fmt.money_m(national_sum)}, "
        f"{fmt.per_head(core['fair_share_per_head'])}."
    )
    rows = [[alw.COMPONENT_LABELS.get(c, places.COMPONENTS[c]), fmt.count(r.weighted_population),
             fmt.index(r.need_index_england), fmt.money(r.fair_share, dp=2),
             fmt.per_head(r.fair_share_per_head)]
            for c, r in zip(result.index, result.itertuples(index=False), strict=True)]
    table = plots.html_table(
        rows, ["Need for", "Weighted population", "Need index (England = 1)",
               f"Fair share of {fmt.money_m(national_sum)}", "Fair share per head"],
        caption=f"Your place's need and fair share, {year}")
    practice_rows = [[r.practice_code, r.practice_name, r.icb_name, fmt.count(r.population)]
                     for r in chosen.itertuples(index=False)]
    practice_table = plots.html_table(
        practice_rows, ["Code", "GP practice", "ICB", "Registered patients"],
        caption=f"The practices in your place, {year}")
    return (f'<p class="commlib-headline">{html.escape(headline)}</p>{table}'
            f"{practice_table}")


def custom_place_widget(year: str = alw.PLACE_DEFAULT_YEAR,
                        practice_codes: str = DEFAULT_PRACTICES,
                        national_sum_m: float | None = None) -> LiveExplorer:
    """Live explorer: type practice codes, a year and a national sum; see the place's need."""
    if national_sum_m is None:
        national_sum_m = alw.default_national_sum() / 1e6
    controls = {
        "year": widgets.Dropdown(options=list(places.years()), value=year,
                                 description="Financial year", style=STYLE),
        "practice_codes": widgets.Textarea(value=practice_codes, description=CODES_LABEL,
                                           style=STYLE),
        "national_sum_m": widgets.FloatText(value=national_sum_m,
                                            description="National sum to share (£m)",
                                            style=STYLE),
    }
    return LiveExplorer(
        controls, render, title="A place of your own",
        note="Pick any GP practices: the place's need against England and its fair share of "
             "the national sum by weighted population, to the penny.",
    )


def _part(year: str) -> dict[str, Any]:
    rows = places.practices(year)
    located = data.load("practice_locations").set_index("practice_code")
    codes = rows["practice_code"].tolist()
    return {
        "code": codes,
        "name": rows["practice_name"].tolist(),
        "icb": rows["icb_name"].tolist(),
        "pcn": rows["pcn_name"].fillna("").tolist(),
        "la": rows["la_name"].fillna("").tolist(),
        "population": rows["population"].to_numpy(dtype=float).tolist(),
        "population_text": [fmt.count(p) for p in rows["population"]],
        "weighted": {c: rows[c].to_numpy(dtype=float).tolist() for c in places.COMPONENTS},
        "lat": [float(located.at[c, "latitude"]) if c in located.index else None for c in codes],
        "lon": [float(located.at[c, "longitude"]) if c in located.index else None
                for c in codes],
    }


def _messages() -> dict[str, str]:
    """The sentences the twin shows, taken from the model itself."""
    found: dict[str, str] = {}
    for key, call in {
        "zero": lambda: alw._check_national_sum_m(0.0),
        "huge": lambda: alw._check_national_sum_m(alw.NATIONAL_SUM_MAX_M * 2),
        "tiny": lambda: alw._check_national_sum_m(1e-12),
    }.items():
        try:
            call()
        except ValueError as error:
            found[key] = str(error)
    found.update(empty=places.NO_PRACTICE, unknown=places.UNKNOWN_PRACTICE,
                 no_patients=places.NO_PATIENTS)
    return found


def samples(rng, controls: list[dict[str, Any]]) -> dict[str, Any]:
    """A setting for the parity test: a year, some of its practices typed as a reader might
    (any case, odd separators, now and then a code that is not there) and a national sum."""
    years = [option[1] for option in controls[0]["options"]]
    year_index = rng.randrange(len(years))
    codes = places.practices(years[year_index])["practice_code"].tolist()
    picked = rng.sample(codes, rng.choice([1, 1, 2, 3, 5, 8, 13, 40]))
    roll = rng.random()
    if roll < 0.08:
        picked.append(rng.choice(["ZZZ99", "B8100", "", "  "]))
    elif roll < 0.12:
        picked = []
    separator = rng.choice([", ", ",", " ", ";\n", " , "])
    text = separator.join(code.lower() if rng.random() < 0.2 else code for code in picked)
    amount = rng.choice(["107600", "1000.5", "0", "-5", "abc", "", "2e6", "0.0000001",
                         repr(round(10 ** rng.uniform(-1, 6), rng.choice([0, 2, 6])))])
    return {"year": year_index, "practice_codes": text, "national_sum_m": amount}


@twin("custom-place", live=custom_place_widget, samples=samples)
def custom_place_data() -> Parts:
    """England's totals and labels; the practices of each year as a part of their own."""
    main = {
        "england": {year: {k: float(v) for k, v in places.england_totals(year).items()}
                    for year in places.years()},
        "components": [[c, alw.COMPONENT_LABELS.get(c, label)]
                       for c, label in places.COMPONENTS.items()],
        "messages": _messages(),
        "national_sum_max_m": alw.NATIONAL_SUM_MAX_M,
        "year_keys": {year: year.replace("/", "-") for year in places.years()},
    }
    return Parts(main=main, parts={year.replace("/", "-"): _part(year)
                                   for year in places.years()})
