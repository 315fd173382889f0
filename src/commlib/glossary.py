"""The workbook's glossary: every ``data/glossary_*.csv`` merged into one table.

Each chapter team keeps its own table (``glossary_ch01``, ``glossary_ch03``, ...) with the
columns ``term``, ``expansion``, ``meaning`` and ``chapter`` (the docname of the page that
explains the term). :func:`load_glossary` merges them and checks that no term is defined twice:
Sphinx matches glossary terms without regard to case, so neither do we.
``scripts/build_glossary.py`` writes ``book/glossary.md`` from the merged table, so that
``{term}`ICB``` resolves on every page.
"""

from __future__ import annotations

import pandas as pd

from commlib import data

__all__ = ["COLUMNS", "glossary_tables", "load_glossary", "known_terms"]

#: The columns every glossary table has, in order.
COLUMNS = ("term", "expansion", "meaning", "chapter")


def glossary_tables() -> list[str]:
    """Names of the glossary tables in the data directory (``glossary_*``), sorted."""
    return [name for name in data.tables() if name.startswith("glossary_")]


def load_glossary() -> pd.DataFrame:
    """Every glossary table merged, sorted by term (ignoring case).

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``expansion``, ``meaning``, ``chapter`` and ``table`` (the glossary
        table the row came from), one row per term.

    Raises
    ------
    ValueError
        If there is no glossary table, a table lacks one of the columns, a cell is blank, a
        chapter is not a docname under ``book/`` or ``notebooks/``, or a term appears twice
        (in one table or in two), naming the term and the tables.
    """
    names = glossary_tables()
    if not names:
        raise ValueError("there is no data/glossary_*.csv table: the glossary would be empty")
    frames = []
    for name in names:
        table = data.load(name)
        for column in COLUMNS:
            if column not in table.columns:
                raise ValueError(f"data/{name}.csv has no '{column}' column; a glossary table "
                                 f"needs {', '.join(COLUMNS)}")
        table = table.loc[:, list(COLUMNS)].copy()
        for column in COLUMNS:
            blank = table[column].isna() | (table[column].fillna("").str.strip() == "")
            if blank.any():
                row = int(blank.to_numpy().argmax()) + 2
                raise ValueError(f"data/{name}.csv: '{column}' is blank in row {row}; every "
                                 "term needs an expansion, a meaning and a chapter")
        bad = ~table["chapter"].str.match(r"^(book|notebooks)/[\w./-]+$")
        if bad.any():
            term, chapter = table.loc[bad, ["term", "chapter"]].iloc[0]
            raise ValueError(f"data/{name}.csv: term '{term}' has chapter '{chapter}', which is "
                             "not a docname like book/02-who-commissions/index")
        table["table"] = name
        frames.append(table)
    merged = pd.concat(frames, ignore_index=True)
    key = merged["term"].str.strip().str.casefold()
    dups = key.duplicated(keep=False)
    if dups.any():
        first = key[dups].iloc[0]
        where = merged.loc[key == first, "table"].tolist()
        term = merged.loc[key == first, "term"].iloc[0]
        raise ValueError(f"glossary term '{term}' is defined {len(where)} times (in "
                         f"{', '.join(sorted(where))}): keep it in exactly one table")
    merged = merged.assign(_key=key).sort_values(["_key", "term"], kind="stable")
    return merged.drop(columns="_key").reset_index(drop=True)


def known_terms(glossary: pd.DataFrame | None = None) -> set[str]:
    """Terms a page may use: each glossary term, plus its short form before a '-digits' suffix.

    ``COVID-19`` also makes ``COVID`` known, because text scanners split words at hyphens.
    """
    glossary = load_glossary() if glossary is None else glossary
    known = set()
    for term in glossary["term"]:
        known.add(term)
        head, _, tail = term.rpartition("-")
        if head and tail.isdigit():
            known.add(head)
    return known
