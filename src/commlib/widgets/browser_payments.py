"""Browser twin of the real practice's payments (see :mod:`commlib.widgets.browser`).

``practice-payments``: the site version of
:func:`commlib.widgets.practice_payments.practice_payments_explorer`. The reader types any
code or part of a name, so ``explorers/practice-payments.js`` does what
:func:`commlib.primary_care.find_practice` does (collapse spaces, ignore case, a code first,
then names containing the text, then a whole name among several) over each year's list of
codes and names, exported here as one small part per year; the chosen practice's payments
come from a part per year and first letter of the code (a few hundred practices each), loaded
only when the reader asks for a practice there. What depends only on the year or the contract
type (the national price, the England median, the words about the contract) comes ready from
commlib, and so does every sentence of a refusal.

``tests/site/test_browser_explorers.py`` proves the twin equal to its live widget.
"""

from __future__ import annotations

from typing import Any

from commlib import plots, primary_care
from commlib.widgets import practice_payments as ppw
from commlib.widgets.browser import Parts, twin

__all__ = ["practice_payments_data", "samples"]

#: Columns of a practice's row in a shard, after its area and contract type.
ROW_COLUMNS = ("registered_patients", "weighted_patients",
               *primary_care.TOTAL_PAYMENT_STREAMS, "total_payments",
               *primary_care.OUTSIDE_TOTAL_STREAMS)


def _key(year: str) -> str:
    return year.replace("/", "-")


def samples(rng, controls: list[dict[str, Any]]) -> dict[str, Any]:
    """A setting for the parity test: a year and what a reader might type in the box (a code
    in any case, a whole or part name, a word many names share, a typo, nothing)."""
    years = [option[1] for option in controls[0]["options"]]
    index = rng.randrange(len(years))
    rows = ppw._payments()
    rows = rows[rows["year"] == years[index]]
    pick = rows.iloc[rng.randrange(len(rows))]
    code, name = str(pick["practice_code"]), str(pick["practice_name"])
    words = name.split()
    roll = rng.random()
    if roll < 0.3:
        text = code.lower() if rng.random() < 0.3 else code
    elif roll < 0.5:
        text = "  " + name.lower().replace(" ", "  ") + " "
    elif roll < 0.7:
        start = rng.randrange(len(words))
        text = " ".join(words[start:start + rng.choice([1, 2, 3])])
    elif roll < 0.8:
        text = rng.choice(["SURGERY", "medical centre", "health", "DR", "A", "the", "&"])
    else:
        text = rng.choice(["", " ", "ZZZ99", "B8101", "surgeryy", "½", "O'BRIEN", "\t"])
    return {"year": index, "practice": text}


@twin("practice-payments", live=ppw.practice_payments_explorer, samples=samples)
def practice_payments_data() -> Parts:
    """Per year: codes and names (a part), payments by first letter of the code (parts);
    the year's price, the England medians, the words and the refusals."""
    table = ppw._payments().sort_values(["year", "practice_code"], kind="stable")
    areas: list[str] = []
    area_index: dict[str, int] = {}
    kinds = sorted(table["contract_type"].unique().tolist())
    parts: dict[str, Any] = {}
    years = primary_care.payment_years()
    main: dict[str, Any] = {
        "year_keys": {year: _key(year) for year in years},
        "prices": {year: float(primary_care.contract_values(year)
                               ["global_sum_per_weighted_patient"]) for year in years},
        "medians": {f"{year}|{kind}": value
                    for (year, kind), value in ppw.england_medians().items()},
        "kinds": kinds,
        "clauses": {kind: ppw.contract_clause(kind) for kind in kinds},
        "streams": [[key, label] for key, label in primary_care.TOTAL_PAYMENT_STREAMS.items()],
        "outside": [[key, label] for key, label in primary_care.OUTSIDE_TOTAL_STREAMS.items()],
        "global_sum_label": primary_care.TOTAL_PAYMENT_STREAMS["global_sum"],
        "columns": ["area", "kind", *ROW_COLUMNS],
        "blank": {},
        "none": {year: primary_care.PRACTICE_QUERY_NONE.format(year=year) for year in years},
        "many": primary_care.PRACTICE_QUERY_MANY,
        "shown": primary_care.PRACTICE_QUERY_SHOWN,
        "colours": {"text": plots.TEXT_COLOUR, "blue": plots.PALETTE["blue"],
                    "vermillion": plots.PALETTE["vermillion"], "black": plots.PALETTE["black"]},
    }
    for year in years:
        rows = table[table["year"] == year]
        try:
            primary_care.find_practice(year, "", ppw._payments())
        except ValueError as error:
            main["blank"][year] = str(error)
        parts[_key(year)] = {"codes": rows["practice_code"].tolist(),
                             "names": rows["practice_name"].tolist()}
        for letter, shard in rows.groupby(rows["practice_code"].str[0], sort=True):
            entries: dict[str, list[Any]] = {}
            for row in shard.itertuples(index=False):
                area = ppw.payment_area(row.sub_icb_code, row.sub_icb_name)
                if area not in area_index:
                    area_index[area] = len(areas)
                    areas.append(area)
                entries[row.practice_code] = [
                    area_index[area], kinds.index(row.contract_type),
                    *(float(getattr(row, column)) for column in ROW_COLUMNS)]
            parts[f"{_key(year)}-{letter}"] = entries
    main["areas"] = areas
    return Parts(main=main, parts=parts)
