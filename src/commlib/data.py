"""Load and validate the workbook's data tables.

Every table is ``data/<name>.csv`` with a descriptor ``data/<name>.json`` (see
CONTRIBUTING.md, "Data tables"). The few derived tables too large to keep as plain text in
the repository (over :data:`COMPRESS_ABOVE_BYTES`) are stored gzip-compressed as
``data/<name>.csv.gz``; :func:`table_path` finds either. :func:`load` reads a table with the
dtypes its descriptor declares and fails with a plain :class:`ValueError` naming the file and
the column when the two disagree.

The data directory is the repository's ``data/``; set the environment variable
``COMMLIB_DATA_DIR`` to use another one (tests do). Parsed tables are cached per
directory; :func:`clear_cache` empties the cache.

Examples
--------
>>> from commlib import data
>>> icb = data.load("allocation_icb")                      # doctest: +SKIP
>>> print(data.source_note("allocation_icb"))              # doctest: +SKIP
Source: NHS England, GP practice registered and weighted populations ... (Open Government ...
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pandas as pd

__all__ = [
    "COMPRESS_ABOVE_BYTES",
    "DATA_DIR",
    "clear_cache",
    "data_dir",
    "describe",
    "load",
    "source_note",
    "table_path",
    "tables",
    "validate_all",
]

#: The repository's ``data/`` directory (the default when ``COMMLIB_DATA_DIR`` is not set).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_REPO_ROOT = DATA_DIR.parent

#: Derived tables whose CSV text is larger than this are written as ``<name>.csv.gz``
#: (by ``scripts/derive_data.py``), so that no file in ``data/`` is over 5 MiB.
COMPRESS_ABOVE_BYTES = 4 * 1024 * 1024

#: Descriptor type -> pandas dtype.
DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_REQUIRED_KEYS = ("name", "title", "sources", "licence", "derived_by", "schema")


def data_dir() -> Path:
    """The directory tables are read from: ``$COMMLIB_DATA_DIR`` if set, else :data:`DATA_DIR`."""
    env = os.environ.get("COMMLIB_DATA_DIR")
    return Path(env).expanduser().resolve() if env else DATA_DIR


def _show(path: Path) -> str:
    """A path as printed in messages: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(_REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def tables() -> list[str]:
    """Names of the tables in the data directory (those with a ``.csv``, ``.csv.gz`` or
    ``.json``), sorted."""
    folder = data_dir()
    if not folder.is_dir():
        raise ValueError(f"data directory {folder} does not exist")
    names = ({p.stem for p in folder.glob("*.csv")}
             | {p.name.removesuffix(".csv.gz") for p in folder.glob("*.csv.gz")}
             | {p.stem for p in folder.glob("*.json")})
    return sorted(names)


def _table_path(folder: Path, name: str) -> Path:
    plain, packed = folder / f"{name}.csv", folder / f"{name}.csv.gz"
    if plain.is_file() and packed.is_file():
        raise ValueError(f"{_show(plain)} and {_show(packed)} both exist: keep one (the "
                         "derivation script writes the large tables compressed)")
    return packed if packed.is_file() else plain


def table_path(name: str) -> Path:
    """The file that holds table ``name``: ``<name>.csv``, or ``<name>.csv.gz`` if compressed.

    When neither exists, the ``.csv`` path (which :func:`load` then reports as missing).
    """
    return _table_path(data_dir(), name)


@functools.lru_cache(maxsize=64)
def _describe(folder: Path, name: str) -> dict:
    path = folder / f"{name}.json"
    if not path.is_file():
        raise ValueError(
            f"{_show(path)}: descriptor is missing (every table in data/ needs "
            f"one, see CONTRIBUTING.md)"
        )
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{_show(path)}: descriptor is not valid JSON ({exc})") from exc
    for key in _REQUIRED_KEYS:
        if key not in desc:
            raise ValueError(f"{_show(path)}: descriptor has no '{key}'")
    if desc["name"] != name:
        raise ValueError(f"{_show(path)}: descriptor name '{desc['name']}' should be '{name}'")
    schema = desc["schema"]
    fields = schema.get("fields")
    if not fields:
        raise ValueError(f"{_show(path)}: descriptor schema has no fields")
    seen: set[str] = set()
    for field in fields:
        fname = field.get("name")
        if not fname:
            raise ValueError(f"{_show(path)}: a field has no name")
        if fname in seen:
            raise ValueError(f"{_show(path)}: column '{fname}' is declared twice")
        seen.add(fname)
        if field.get("type") not in DTYPES:
            raise ValueError(
                f"{_show(path)}: column '{fname}' has type {field.get('type')!r}; "
                f"expected one of {', '.join(DTYPES)}"
            )
        if "unit" not in field:
            raise ValueError(f"{_show(path)}: column '{fname}' has no unit (use null for labels)")
    for key in schema.get("primary_key", []):
        if key not in seen:
            raise ValueError(f"{_show(path)}: primary key column '{key}' is not a declared field")
    return desc


def describe(name: str) -> dict:
    """The descriptor of table ``name`` (a copy of the parsed ``data/<name>.json``).

    Raises
    ------
    ValueError
        If the descriptor is missing or malformed.
    """
    return json.loads(json.dumps(_describe(data_dir(), name)))


def _parse(values: pd.Series, type_: str, where: str, column: str) -> pd.Series:
    """Convert raw text ``values`` to ``type_``; blank cells are missing values."""
    text = values.str.strip()
    blank = text == ""
    if type_ == "string":
        return values.mask(blank, None).astype("string")
    if type_ == "boolean":
        low = text.str.lower()
        bad = ~(blank | low.isin(_TRUE) | low.isin(_FALSE))
        if bad.any():
            raise ValueError(
                f"{where}: column '{column}' should be true/false but row "
                f"{int(bad.idxmax()) + 2} holds {values[bad].iloc[0]!r}"
            )
        out = pd.Series(pd.NA, index=values.index, dtype="boolean")
        out[low.isin(_TRUE)] = True
        out[low.isin(_FALSE)] = False
        return out
    numbers = pd.to_numeric(text.mask(blank, None), errors="coerce")
    bad = numbers.isna() & ~blank
    if bad.any():
        kind = "a whole number" if type_ == "integer" else "a number"
        raise ValueError(
            f"{where}: column '{column}' should be {kind} but row "
            f"{int(bad.idxmax()) + 2} holds {values[bad].iloc[0]!r}"
        )
    if type_ == "integer":
        fractional = numbers.notna() & (numbers != numbers.round())
        if fractional.any():
            raise ValueError(
                f"{where}: column '{column}' should be a whole number but row "
                f"{int(fractional.idxmax()) + 2} holds "
                f"{values[fractional].iloc[0]!r}"
            )
        return numbers.astype("Int64")
    return numbers.astype("float64")


@functools.lru_cache(maxsize=64)
def _load(folder: Path, name: str) -> pd.DataFrame:
    desc = _describe(folder, name)
    csv_path = _table_path(folder, name)
    where, json_where = _show(csv_path), _show(folder / f"{name}.json")
    if not csv_path.is_file():
        raise ValueError(f"{where}: table is missing (described in {json_where})")
    raw = pd.read_csv(
        csv_path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
    )
    fields = desc["schema"]["fields"]
    declared = [f["name"] for f in fields]
    header = [str(c) for c in raw.columns]
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise ValueError(f"{where}: column '{dup[0]}' appears more than once")
    for col in declared:
        if col not in header:
            raise ValueError(f"{where}: column '{col}' is missing (declared in {json_where})")
    for col in header:
        if col not in declared:
            raise ValueError(f"{where}: column '{col}' is not declared in {json_where}")
    out = pd.DataFrame(
        {f["name"]: _parse(raw[f["name"]], f["type"], where, f["name"]) for f in fields},
        index=raw.index,
    )
    key = desc["schema"].get("primary_key", [])
    if key:
        for col in key:
            if out[col].isna().any():
                raise ValueError(
                    f"{where}: primary key column '{col}' is blank in row "
                    f"{int(out[col].isna().to_numpy().argmax()) + 2}"
                )
        dups = out.duplicated(key, keep=False)
        if dups.any():
            first = out.loc[dups, key].iloc[0].tolist()
            raise ValueError(
                f"{where}: primary key ({', '.join(key)}) is not unique: "
                f"{first} appears {int(dups.sum())} times; column "
                f"'{key[-1]}' should identify each row"
            )
    return out


def load(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv`` with the dtypes declared in ``data/<name>.json``.

    Types map as string -> ``"string"``, integer -> ``"Int64"``, number -> ``"float64"``,
    boolean -> ``"boolean"`` (cells ``true``/``false``). Blank cells are missing values.

    Returns
    -------
    pandas.DataFrame
        A fresh copy: changing it does not change what the next call returns.

    Raises
    ------
    ValueError
        Naming the file and the column when the descriptor or table is missing, a declared
        column is missing, an undeclared column is present, a value does not parse as its
        declared type, or the primary key is blank or not unique.
    """
    return _load(data_dir(), name).copy()


def clear_cache() -> None:
    """Forget parsed tables and descriptors (after changing files or ``COMMLIB_DATA_DIR``)."""
    _load.cache_clear()
    _describe.cache_clear()


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def source_note(name: str) -> str:
    """One line of attribution for under a figure or table built from table ``name``.

    Sources are grouped by publisher; each source's ``short_title`` is used when present,
    otherwise its ``title``. Repeated titles are listed once.

    >>> print(source_note("allocation_icb"))               # doctest: +SKIP
    Source: NHS England, GP practice registered and weighted populations 2023/24 to
    2026/27 (Open Government Licence v3.0)

    (one line; wrapped here)
    """
    desc = _describe(data_dir(), name)
    by_publisher: dict[str, list[str]] = {}
    for src in desc["sources"]:
        publisher = src.get("publisher", "").strip() or "unknown publisher"
        title = (src.get("short_title") or src.get("title") or "").strip()
        titles = by_publisher.setdefault(publisher, [])
        if title and title not in titles:
            titles.append(title)
    parts = [f"{pub}, {_join(titles)}" if titles else pub for pub, titles in by_publisher.items()]
    label = "Sources" if len(parts) > 1 else "Source"
    licence = desc["licence"].get("title") or desc["licence"].get("name", "")
    tail = f" ({licence})" if licence else ""
    return f"{label}: {'; '.join(parts)}{tail}"


def validate_all() -> None:
    """Load every table in the data directory; raise ``ValueError`` on the first problem."""
    for name in tables():
        _load(data_dir(), name)
