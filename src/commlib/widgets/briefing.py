"""A briefing for one ICB: the live explorer and its precomputed site twin (``book/briefing``).

:func:`briefing_html` writes, for one integrated care board, everything
:func:`commlib.briefing.briefing` holds: each figure with a sentence that says what it means,
its year and its source, charts as inline SVG (:func:`commlib.plots.svg_bars`, with a text
alternative) and tables; a figure the data do not hold for that ICB (sub-ICB locations after
2024/25, for example) is said in words. :func:`live_explorer` is the live widget (one
drop-down of every ICB of every year, by name); on the site its twin
(``browser.grid_twin("icb-briefing", ...)``) holds this module's own result for every ICB,
and ``make briefings`` prints the page once per ICB of the latest year.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from commlib import briefing, data, fmt, plots
from commlib.widgets import allocations
from commlib.widgets.base import STYLE, LiveExplorer
from commlib.widgets.browser import grid_twin

__all__ = ["DEFAULT_ICB", "TWIN", "briefing_html", "icb_options", "live_explorer", "page_href"]

#: Name of the site twin (the settings are in the page address as ``?icb-briefing.icb_code=``).
TWIN = "icb-briefing"
#: The ICB the explorer opens on (Humber and North Yorkshire, as in chapter 4's explorers).
DEFAULT_ICB = "QOQ"
#: Chapter pages are linked from ``book/briefing.html``: paths relative to the ``book`` folder.
_ABOVE, _BELOW = plots.PALETTE["vermillion"], plots.PALETTE["blue"]


def page_href(key: str) -> str:
    """The link (relative to ``book/briefing.html``) of the section in :data:`briefing.LINKS`."""
    page, anchor, _ = briefing.LINKS[key]
    return f"{page}.html#{anchor}"


def icb_options() -> list[tuple[str, str]]:
    """(label, code) of every ICB of every year, by name; ICBs of only some years say which."""
    table = briefing.icbs()
    first, last = briefing.years()[0], briefing.latest_year()
    options = []
    for code, row in table.iterrows():
        label = row["icb_name"]
        if row["last_year"] != last:
            label += f" (until {row['last_year']})"
        elif row["first_year"] != first:
            label += f" (from {row['first_year']})"
        options.append((label, code))
    return options


def _e(text: object) -> str:
    return html.escape(str(text))


def _p(text: str, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<p{attr}>{_e(text)}</p>"


def _more(*keys: str) -> str:
    links = "; ".join(f'<a href="{_e(page_href(k))}">{_e(briefing.LINKS[k][2])}</a>'
                      for k in keys)
    return f'<p class="commlib-briefing-more">Read more: {links}.</p>'


def _source(*tables: str) -> str:
    notes = " ".join(data.source_note(t) + "." for t in tables)
    return f'<p class="commlib-briefing-source">{_e(notes)}</p>'


def _section(key: str, title: str, body: str) -> str:
    return (f'<section class="commlib-briefing-section" aria-labelledby="bx-brief-{key}">'
            f'<h5 id="bx-brief-{key}">{_e(title)}</h5>{body}</section>')


def _catch_all(names: pd.Index) -> pd.Index:
    """Places that gather practices without one ("No PCN recorded", "Practices not in the list")."""
    labels = names.astype(str)
    return labels.str.startswith("No ") | (labels == "Practices not in the list")


def _is(b: dict, present: str = "is", past: str = "was") -> str:
    """Present tense for an ICB of the latest year, past tense for one that has ended."""
    return present if b["last_year"] == b["latest_year"] else past


def _chart(values: dict[str, float], *, title: str, value_label: str, value_format,
           colours: dict[str, str] | None = None, **options) -> str:
    """A bar chart (:func:`commlib.plots.svg_bars`) followed by its text alternative in words
    (printed under the chart; on screen the SVG's own description and the tables say it)."""
    svg = plots.svg_bars(values, title=title, value_label=value_label,
                         value_format=value_format, colours=colours, **options)
    words = "; ".join(f"{k}: {value_format(v)}" for k, v in values.items())
    # Its own box, which scrolls sideways on a phone (commlib.css) and so takes the focus.
    return (f'<div class="commlib-briefing-chart" tabindex="0" role="region" '
            f'aria-label="{_e("Chart: " + title)}">{svg}</div>'
            + _p(f"Chart in words: {title}. {value_label}. {words}.", "commlib-briefing-alt"))


def _more_or_less(difference: float) -> str:
    return "more" if difference > 0 else "less"


def _short(name: str) -> str:
    return name.removeprefix("NHS ").removesuffix(" ICB")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

def _population(b: dict) -> str:
    pop = b["population"]
    year = pop.index[-1]
    row = pop.loc[year]
    ratio = row["weighted_core"] / row["population"]
    text = (f"In {year}, {fmt.people(row['population'])} people were registered with the "
            f"{fmt.count(row['practices'])} GP practices of {b['icb_name']}. Weighted for their "
            f"need for core services, they count as {fmt.people(row['weighted_core'])} people: "
            f"England's weighted population equals its registered population, so a weighted "
            f"population {'above' if ratio > 1 else 'below'} the registered one means "
            f"{'more' if ratio > 1 else 'less'} need per head than England's average.")
    table = plots.html_table(
        [[y, fmt.count(r.practices), fmt.people(r.population), fmt.people(r.weighted_core),
          fmt.people(r.weighted_primary_medical_care)] for y, r in pop.iterrows()],
        ["Financial year", "GP practices", "Registered population",
         "Weighted population (core services)", "Weighted population (primary medical care)"],
        caption=f"Registered and weighted population of {b['icb_name']}, by year (people)",
    )
    return _section("population", "Population", _p(text) + table + _source("allocation_icb")
                    + _more("population"))


def _need(b: dict) -> str:
    need = b["need"]
    year = need.columns[-1]
    labels = allocations.COMPONENT_LABELS
    core = float(need.at["wp_core", year])
    text = (f"In {year} {b['icb_name']}'s core services need index {_is(b)} {fmt.index(core)} "
            f"(England = 1): NHS England's allocation formula counts its population as needing "
            f"{fmt.pct(abs(core - 1))} {_more_or_less(core - 1)} health care per head than "
            f"England's average.")
    parts = "; ".join(f"{r.label.lower()} {fmt.index(r.need_index)} "
                      f"({fmt.signed_pct(r.difference)} against England)"
                      for r in b["drivers"].itertuples())
    drives = (f"What drives it: the parts of core need furthest from England's in {year} "
              f"{_is(b, 'are', 'were')} {parts}. Primary medical care is allocated separately; "
              f"its need index {_is(b)} "
              f"{fmt.index(need.at['wp_primary_medical_care_final', year])}.")
    first = need.columns[0]
    start, end = fmt.index(need.at["wp_core", first]), fmt.index(core)
    moved = f"moved from {start} to {end}" if start != end else f"was {end} in each"
    years_text = (f"The table gives every year of the data ({first} to {year}): the core need "
                  f"index {moved}." if len(need.columns) > 1 else
                  f"The data hold {year} only for {b['icb_name']}.")
    values = {labels[c]: float(need.at[c, year]) - 1.0 for c in need.index}
    bars = _chart(
        values,
        title=f"Need per head against England by component, {_short(b['icb_name'])}, {year}",
        value_label="Need per head above (+) or below (−) England's average",
        value_format=fmt.signed_pct,
        colours={k: (_ABOVE if v > 0 else _BELOW) for k, v in values.items()},
        reference=0.0, reference_label="England",
    )
    table = plots.html_table(
        [[labels[c], *[fmt.index(need.at[c, y]) for y in need.columns]] for c in need.index],
        ["Component", *need.columns],
        caption=f"Need index of {b['icb_name']} by component and year (England = 1)",
    )
    body = (_p(text) + _p(drives) + bars + _p(years_text) + table
            + _source("allocation_icb") + _more("need", "need_years"))
    return _section("need", "Need for health care against England", body)


def _fair_share(b: dict) -> str:
    shares = b["fair_shares"]
    label = shares.attrs["national_label"]
    year = shares.index[-1]
    row = shares.loc[year]
    text = (f"If {label} were shared between the {fmt.count(row['icb_count'])} ICBs of {year} "
            f"by core weighted population, {b['icb_name']}'s fair share would be "
            f"{fmt.money_m(row['share'])} ({fmt.pct(row['share_fraction'], dp=2)} of the sum), "
            f"{fmt.per_head(row['share_per_head'])} of registered population. The same sum is "
            "shared in every year, so the table compares the ICB's share from year to year; it "
            "is not the ICB's actual allocation in any year.")
    table = plots.html_table(
        [[y, fmt.count(r.icb_count), fmt.money(r.share, dp=2), fmt.pct(r.share_fraction, dp=2),
          fmt.per_head(r.share_per_head)] for y, r in shares.iterrows()],
        ["Financial year", "ICBs sharing the sum", "Fair share", "Share of the sum",
         "Fair share per registered person"],
        caption=f"Fair share of {b['icb_name']} of {label}, by the weighted populations of "
                "each year",
    )
    national = data.load("national_allocations").set_index("fact_id")
    source = national.at[allocations.DEFAULT_NATIONAL_FACT, "source"]
    body = (_p(text) + table
            + f'<p class="commlib-briefing-source">{_e("National sum: " + source + ".")} '
              f'{_e(data.source_note("allocation_icb") + ".")}</p>' + _more("fair_share"))
    return _section("fair-share", "A fair share of a national sum", body)


def _place_rows(table: pd.DataFrame) -> list[list[str]]:
    return [[str(place), fmt.count(r.practices), fmt.people(r.population),
             fmt.index(r.need_index), fmt.index(r.need_index_england)]
            for place, r in table.iterrows()]


_PLACE_HEADERS = ["Place", "GP practices", "Registered population", "Need index (ICB = 1)",
                  "Need index (England = 1)"]


def _places(b: dict) -> str:
    name = b["icb_name"]
    parts = [_p("A place is a set of GP practices. Each place's need index compares its core "
                "services weighted population per head with the ICB's (ICB = 1) and with "
                "England's (England = 1).")]
    for by, plain in briefing.PLACE_KINDS.items():
        year, table = b["places"][by]
        title = plain[0].upper() + plain[1:]
        recorded = " and ".join(b["sub_icb_years"])
        if table is None:
            parts.append(f"<h6>{_e(title)}</h6>")
            parts.append(_p(
                f"No sub-ICB locations are recorded for {name}: the allocation data record "
                f"them only in {recorded}, and {name} has data from {b['first_year']} only. "
                "Its local authorities and primary care networks below show its places."))
            continue
        heading = f"{title}, {year}"
        parts.append(f"<h6>{_e(heading)}</h6>")
        named = table["need_index_england"][~_catch_all(table.index)]
        named = named if not named.empty else table["need_index_england"]
        high, low = named.idxmax(), named.idxmin()
        count = len(table)
        if count > 1:
            sentence = (f"In {year} the practices of {name} {_is(b, 'are', 'were')} in "
                        f"{fmt.count(count)} {plain.split(' (')[0]}. "
                        f"Highest need: {high} ({fmt.index(table.at[high, 'need_index_england'])}"
                        f" against England = 1); lowest: {low} "
                        f"({fmt.index(table.at[low, 'need_index_england'])}).")
        else:
            sentence = (f"In {year} the practices of {name} {_is(b, 'are', 'were')} in one "
                        f"{plain.split(' (')[0].rstrip('s')}: {high} "
                        f"(need index {fmt.index(table.at[high, 'need_index_england'])} against "
                        "England = 1).")
        if by == "sub_icb":
            sentence += (f" Each sub-ICB location is named by the clinical commissioning group "
                         f"(CCG) it replaced in July 2022. The allocation data record sub-ICB "
                         f"locations only in {recorded}, so later years are not shown.")
        if by == "pcn":
            sentence += (" PCN membership comes from NHS Payments to General Practice 2022/23, "
                         "matched on practice code; the table lists every PCN (no chart).")
        parts.append(_p(sentence))
        if by != "pcn":
            values = {str(p): float(v) - 1.0 for p, v in table["need_index_england"].items()}
            parts.append(_chart(
                values, title=f"Need per head against England by {plain.split(' (')[0]}, {year}",
                value_label="Need per head above (+) or below (−) England's average",
                value_format=fmt.signed_pct,
                colours={k: (_ABOVE if v > 0 else _BELOW) for k, v in values.items()},
                reference=0.0, reference_label="England",
            ))
        parts.append(plots.html_table(
            _place_rows(table), _PLACE_HEADERS,
            caption=f"{title} of {name}, {year}: core services need"))
    return _section("places", "Places", "".join(parts) + _source("allocation_practices")
                    + _more("places"))


def _merger(b: dict) -> str:
    m = b["merger"]
    name, kind = b["icb_name"], m["kind"]
    from_year, to_year = m["from_year"], m["to_year"]
    if kind in ("merged", "enlarged", "boundary change"):
        rows = m["predecessors"]
        how = {"merged": "was formed by a merger", "enlarged": "was enlarged",
               "boundary change": "changed its boundary"}[kind]
        parts = "; ".join(f"{fmt.pct(r.share_of_predecessor, 0)} of {r.predecessor_name}"
                          for r in rows.itertuples())
        first = rows.iloc[0]
        text = (f"{name} {how} in April 2026, from the practices of {fmt.count(len(rows))} ICBs "
                f"of {from_year}: {parts}. Together those practices' need index was "
                f"{fmt.index(first['need_successor_before'])} in {from_year}; {name}'s is "
                f"{fmt.index(first['need_successor_after'])} in {to_year} (England = 1). A merged "
                "ICB's need index is an average of its parts', which hides the difference "
                "between them.")
        table = plots.html_table(
            [[r.predecessor_name, fmt.count(r.practices), fmt.people(r.population_before),
              fmt.pct(r.share_of_predecessor, 0), fmt.index(r.need_part_before)]
             for r in rows.itertuples()],
            [f"ICB in {from_year}", "Practices", f"Registered population ({from_year})",
             "Share of that ICB", f"Need index of the part ({from_year})"],
            caption=f"Where {name} came from",
        )
        body = _p(text) + table
    elif kind == "succeeded":
        rows = m["successors"]
        parts = "; ".join(f"{fmt.pct(r.share_of_predecessor, 0)} to {r.successor_name}"
                          for r in rows.itertuples())
        body = _p(f"{name} ended on 31 March 2026, when ICBs merged. Its practices went to "
                  f"{fmt.count(len(rows))} ICB{'s' if len(rows) > 1 else ''} of {to_year} "
                  f"({parts}, by registered population of {from_year}).")
    elif kind == "unchanged":
        body = _p(f"{name} was not changed by the mergers of April 2026: it kept all its "
                  f"practices from {from_year} to {to_year}.")
    else:
        body = _p(f"The practice data do not show {name} in {from_year} or {to_year}, so its "
                  "part in the April 2026 mergers cannot be traced here.")
    return _section("merger", "Mergers of April 2026", body + _source("allocation_practices")
                    + _more("merger"))


def _gp(b: dict) -> str:
    g = b["gp_payments"]
    name, year, match = b["icb_name"], g["year"], g["match_year"]
    england = g["england"]
    eng = england["median_per_weighted_patient"]
    how = (f"The ICB's practices are those listed for it in the allocation data of {match}"
           f"{'' if match == year else ', the nearest year it has'}: "
           f"{fmt.count(g['matched'])} of its {fmt.count(g['icb_practices'])} practices are in "
           f"the {year} payments.")
    if g["icb"] is None:
        body = _p(f"None of {name}'s practices could be found in NHS Payments to General "
                  f"Practice {year} (the latest year the workbook holds), so there is no "
                  f"figure for it. {how} England's middle practice received "
                  f"{fmt.money(eng, dp=2)} per weighted patient.")
    else:
        icb = g["icb"]
        mine = icb["median_per_weighted_patient"]
        text = (f"In {year}, the latest year of NHS Payments to General Practice the workbook "
                f"holds, the middle practice of {name} received {fmt.money(mine, dp=2)} per "
                f"weighted patient in total NHS payments, {fmt.pct(abs(g['difference']))} "
                f"{'above' if g['difference'] > 0 else 'below'} England's middle practice "
                f"({fmt.money(eng, dp=2)}). Half its practices received between "
                f"{fmt.money(icb['lower_quartile_per_weighted_patient'], dp=2)} and "
                f"{fmt.money(icb['upper_quartile_per_weighted_patient'], dp=2)}. "
                f"The totals include premises, QOF, enhanced services and the drugs that "
                f"dispensing practices hand out, so they are not the price of the contract. "
                f"{how}")
        values = {f"{_short(name)}, median": float(mine), "England, median": float(eng)}
        bars = _chart(
            values, title=f"GP payments per weighted patient, {year} (£)",
            value_label="Total NHS payments, £ per weighted patient (middle practice)",
            value_format=lambda v: fmt.money(v, dp=2),
            colours={f"{_short(name)}, median": plots.PALETTE["blue"],
                     "England, median": plots.ROLE_COLOURS["neutral"]},
        )
        rows = [[label, fmt.count(s["practices"]),
                 fmt.money(s["lower_quartile_per_weighted_patient"], dp=2),
                 fmt.money(s["median_per_weighted_patient"], dp=2),
                 fmt.money(s["upper_quartile_per_weighted_patient"], dp=2)]
                for label, s in ((name, icb), ("England", england))]
        table = plots.html_table(
            rows, ["Area", "Practices", "Lower quartile", "Median", "Upper quartile"],
            caption=f"Total NHS payments per weighted patient, {year} (£)")
        body = _p(text) + bars + table
    return _section("gp", "GP practice payments per weighted patient", body
                    + _source("allocation_practices")
                    + _more("gp_payments"))


def briefing_html(icb_code: str) -> str:
    """The briefing of one ICB as HTML: every figure with its sentence, year and source."""
    b = briefing.briefing(icb_code)
    name = b["icb_name"]
    if b["last_year"] == b["latest_year"]:
        span = (f"It has allocation data for {b['first_year']} to {b['last_year']}"
                if b["first_year"] != b["last_year"] else f"It has allocation data for "
                f"{b['last_year']}")
    else:
        span = (f"It has allocation data for {b['first_year']} to {b['last_year']}; it ended "
                "in the mergers of April 2026")
    intro = (f"{name} (code {icb_code}) {_is(b)} in NHS England's {b['region']} region. "
             f"{span}. "
             f"Every figure below comes from the workbook's data and the same functions as the "
             f"chapters; each says its year and source.")
    sections = [_population(b), _need(b), _fair_share(b), _places(b), _merger(b), _gp(b)]
    return (f'<div class="commlib-briefing"><h4 class="commlib-briefing-name">{_e(name)}</h4>'
            + _p(intro, "commlib-headline") + "".join(sections)
            + '<p class="commlib-briefing-source">Every table and its source: '
            + f'<a href="{_e(page_href("data"))}">{_e(briefing.LINKS["data"][2])}</a>.</p>'
            + "</div>")


def live_explorer(icb_code: str = DEFAULT_ICB) -> LiveExplorer:
    """Live explorer: choose an ICB (any year's), read its briefing (:func:`briefing_html`)."""
    options = icb_options()
    if icb_code not in {code for _, code in options}:
        raise ValueError(f"There is no ICB with the code {icb_code!r} in the allocation data.")
    controls = {
        "icb_code": widgets.Dropdown(options=options, value=icb_code,
                                     description="Integrated care board (ICB)", style=STYLE,
                                     layout=widgets.Layout(width="min(100%, 520px)")),
    }
    return LiveExplorer(
        controls, briefing_html, title="A briefing for one ICB",
        note="Every ICB of every year of the allocation data, by name; ICBs that ended or "
             "began with the April 2026 mergers say so.",
    )


#: The site's twin: this module's own briefing for every ICB, precomputed at build time.
grid_twin(TWIN, live_explorer)
