"""Load and validate the workbook's data tables.

Every table is ``data/<name>.csv`` with a descriptor ``data/<name>.json`` (see
CONTRIBUTING.md, "Data tables"). The few derived tables too large to keep as plain text in
the repository (over :data:`COMPRESS_ABOVE_BYTES`) are stored gzip-compressed as
``data/<name>.csv.gz``; :func:`table_path` finds either. :func:`load` reads a table with the
dtypes its descriptor declares and fails with a plain :class:`ValueError` naming the file and
the column when the two disagree.

The descriptors are also published as one Frictionless Data Package, ``data/datapackage.json``
(profile ``tabular-data-package``; https://specs.frictionlessdata.io/), built from them by
``scripts/build_datapackage.py`` with :func:`package_descriptor`: each table's Table Schema
carries its types, units, constraints (required cells, no negative populations or budgets,
the categories a column may hold), primary key and foreign keys. :func:`load` checks each
table with the ``frictionless`` library against that schema and turns its findings into
sentences naming the file and the column (tables over :data:`ROW_CHECK_BELOW_BYTES` have
their header and schema checked on load, every row in ``tests/test_datapackage.py``).

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
    "PACKAGE_FILE",
    "ROW_CHECK_BELOW_BYTES",
    "clear_cache",
    "data_dir",
    "describe",
    "load",
    "package_descriptor",
    "resource_descriptor",
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

#: Tables stored in files smaller than this have every row checked by ``frictionless`` when
#: :func:`load` first reads them; larger ones (the practice-level tables) have their header and
#: schema checked, and their values checked as pandas parses them; every row of every table is
#: checked by ``frictionless`` in ``tests/test_datapackage.py``.
ROW_CHECK_BELOW_BYTES = 1024 * 1024

#: The Frictionless Data Package built from the descriptors by ``scripts/build_datapackage.py``.
PACKAGE_FILE = "datapackage.json"

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
    ``.json``; not the package descriptor ``datapackage.json``), sorted."""
    folder = data_dir()
    if not folder.is_dir():
        raise ValueError(f"data directory {folder} does not exist")
    names = ({p.stem for p in folder.glob("*.csv")}
             | {p.name.removesuffix(".csv.gz") for p in folder.glob("*.csv.gz")}
             | {p.stem for p in folder.glob("*.json")})
    return sorted(names - {PACKAGE_FILE.removesuffix(".json")})


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


# ---------------------------------------------------------------- the Frictionless Data Package
#
# The descriptors ``data/<name>.json`` are the source. The rules below add what a Table Schema
# can say and the descriptors do not (yet) spell out; a descriptor's own field
# ``"constraints"`` and schema ``"foreign_keys"`` are used as well, and win over the rules.

_DERIVED = "scripts/derive_data.py"

#: The seven NHS England regions and their codes, as in the allocation and payment files.
NHS_REGIONS = ("East of England", "London", "Midlands", "North East and Yorkshire",
               "North West", "South East", "South West")
NHS_REGION_CODES = ("Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63")

#: Units of figures that cannot be negative: a count of people or bodies, a population, or a
#: budget, price or limit in pounds (money that can be negative, such as payment adjustments,
#: is listed in :data:`_MAY_BE_NEGATIVE`).
_NOT_NEGATIVE_UNITS = frozenset({
    "people", "weighted people", "weighted patients", "GP practices", "bodies", "segments",
    "£", "£m", "£ a year", "£ per weighted patient", "£ per QOF point",
})

#: Tables whose money columns may hold negative amounts, and why.
_MAY_BE_NEGATIVE = {
    "gp_payments_practices": "payment lines include recoveries and corrections, which are "
                             "negative",
}

#: (table, column) -> the values the column may hold. ``"*"`` as table: every derived table.
_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", "region"): NHS_REGIONS,
    ("*", "region_code"): NHS_REGION_CODES,
    ("gp_payments_practices", "region_name"): NHS_REGIONS,
    ("gp_payments_practices", "contract_type"): ("APMS", "GMS", "PMS", "Unknown"),
    ("gp_payments_practices", "rurality"): ("Rural", "Unknown", "Urban"),
    ("timeline", "category"): ("law", "money", "oversight", "policy", "structures"),
    ("co_commissioning_timetable", "model"): ("both", "delegated", "joint"),
    ("who_commissions", "commissioner_2013"): ("CCG", "Local authority", "NHS England"),
    ("who_commissions", "commissioner_2019"): ("CCG", "Local authority", "NHS England"),
}

#: (table, column) -> (minimum, maximum): latitude and longitude inside England.
_RANGES = {
    ("practice_locations", "latitude"): (49.8, 55.9),
    ("practice_locations", "longitude"): (-6.5, 2.0),
}

#: A financial year as the derived tables write it: ``2024/25``.
_FINANCIAL_YEAR = "[0-9]{4}/[0-9]{2}"

#: table -> foreign keys: (columns, referenced table, referenced columns). A practice's
#: (year, pcn_code) is not declared against allocation_pcn: practices outside a PCN have a
#: blank pcn_code, and frictionless refuses a key that is half blank.
_FOREIGN_KEYS: dict[str, list[tuple[list[str], str, list[str]]]] = {
    "allocation_icb": [(["year", "region_code"], "allocation_region", ["year", "region_code"])],
    "allocation_pcn": [(["year", "icb_code"], "allocation_icb", ["year", "icb_code"])],
    "allocation_sub_icb": [
        (["year", "icb_code"], "allocation_icb", ["year", "icb_code"]),
        (["sub_icb_code"], "sub_icb_locations", ["sub_icb_code"]),
    ],
    "allocation_practices": [
        (["year", "icb_code"], "allocation_icb", ["year", "icb_code"]),
        (["sub_icb_code"], "sub_icb_locations", ["sub_icb_code"]),
        (["practice_code"], "practice_locations", ["practice_code"]),
    ],
    "oversight_segments": [(["framework"], "oversight_frameworks", ["framework"])],
}

#: Cells read as true and false (what :func:`load` accepts, in its usual spellings).
_TRUE_VALUES = ["true", "True", "TRUE", "1", "yes", "Yes", "YES"]
_FALSE_VALUES = ["false", "False", "FALSE", "0", "no", "No", "NO"]


def _constraints(name: str, desc: dict, field: dict) -> dict:
    """The Table Schema constraints of one column (see the rules above)."""
    fname, derived = field["name"], desc["derived_by"] == _DERIVED
    out: dict = {}
    numeric = field["type"] in ("number", "integer")
    if fname in desc["schema"].get("primary_key", []) or fname == "verified":
        out["required"] = True
    if fname == "source" and not derived:
        out["required"] = True
    if derived and numeric:
        out["required"] = True
    if derived and field.get("unit") == "financial year" and field["type"] == "string":
        out["pattern"] = _FINANCIAL_YEAR
    if numeric and field.get("unit") in _NOT_NEGATIVE_UNITS and name not in _MAY_BE_NEGATIVE:
        out["minimum"] = 0
    enum = _ENUMS.get((name, fname)) or (_ENUMS.get(("*", fname)) if derived else None)
    if enum:
        out["enum"] = list(enum)
    if (name, fname) in _RANGES:
        out["minimum"], out["maximum"] = _RANGES[(name, fname)]
    out.update(field.get("constraints", {}))
    return out


def _source(src: dict) -> dict:
    out = {"title": src["title"], "publisher": src.get("publisher", ""),
           "year": str(src.get("year", ""))}
    if src.get("url"):
        out["path"] = src["url"]
    if src.get("note"):
        out["note"] = src["note"]
    return out


def _licence(licence: dict) -> dict:
    out = {"name": licence["name"], "title": licence.get("title", licence["name"])}
    if licence.get("url"):
        out["path"] = licence["url"]
    return out


def _resource_descriptor(folder: Path, name: str) -> dict:
    desc = _describe(folder, name)
    path = _table_path(folder, name)
    fields = []
    for field in desc["schema"]["fields"]:
        out = {"name": field["name"], "type": field["type"],
               "description": field.get("description", "")}
        if field.get("unit"):
            out["unit"] = field["unit"]
        if field["type"] == "boolean":
            out["trueValues"], out["falseValues"] = _TRUE_VALUES, _FALSE_VALUES
        constraints = _constraints(name, desc, field)
        if constraints:
            out["constraints"] = constraints
        fields.append(out)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if desc["schema"].get("primary_key"):
        schema["primaryKey"] = list(desc["schema"]["primary_key"])
    keys = [{"fields": list(cols), "reference": {"resource": ref, "fields": list(ref_cols)}}
            for cols, ref, ref_cols in _FOREIGN_KEYS.get(name, [])]
    keys += [{"fields": list(k["fields"]), "reference": dict(k["reference"])}
             for k in desc["schema"].get("foreign_keys", [])]
    if keys:
        schema["foreignKeys"] = keys
    res = {
        "name": name,
        "title": desc["title"],
        "description": desc.get("description", desc["title"]),
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "derivedBy": desc["derived_by"],
        "licenses": [_licence(desc["licence"])],
        "sources": [_source(src) for src in desc["sources"]],
        "schema": schema,
    }
    if path.suffix == ".gz":
        res["compression"] = "gz"
    if name in _MAY_BE_NEGATIVE:
        res["negativeAmounts"] = _MAY_BE_NEGATIVE[name]
    return res


def resource_descriptor(name: str) -> dict:
    """The Frictionless Data Resource of table ``name`` (``tabular-data-resource``), built
    from ``data/<name>.json``: path (and ``compression: "gz"`` for a ``.csv.gz``), title,
    licences, sources and Table Schema (types, ``unit``, constraints, primary and foreign
    keys). A fresh dict."""
    return json.loads(json.dumps(_resource_descriptor(data_dir(), name)))


def package_descriptor() -> dict:
    """The Frictionless Data Package of every table in the data directory: what
    ``scripts/build_datapackage.py`` writes to ``data/datapackage.json``.

    Tables without a CSV file (a descriptor alone) are left out: :func:`load` reports them.
    """
    folder = data_dir()
    resources = [_resource_descriptor(folder, n) for n in tables()
                 if _table_path(folder, n).is_file()]
    licences = {r["licenses"][0]["name"]: r["licenses"][0] for r in resources}
    return {
        "profile": "tabular-data-package",
        "name": "nhs-commissioning-workbook",
        "title": "NHS Commissioning Workbook: data tables",
        "description": "Every table behind the NHS Commissioning Workbook's figures and "
                       "numbers. Built by scripts/build_datapackage.py from the descriptors "
                       "data/<name>.json, which are the source (see CONTRIBUTING.md, 'Data "
                       "tables'). Tables compiled by hand are CC-BY-4.0 with their sources "
                       "listed; tables derived from NHS England publications are OGL-UK-3.0.",
        "licenses": [licences[k] for k in sorted(licences)],
        "resources": resources,
    }


_KINDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
          "string": "text"}


def _cell(error) -> str:
    return repr(getattr(error, "cell", ""))


def _row_message(error, desc: dict, where: str) -> str:
    """A frictionless row error as a sentence naming the file, the column and the row."""
    fields = {f["name"]: f for f in desc["schema"]["fields"]}
    key = list(desc["schema"].get("primary_key", []))
    row = getattr(error, "row_number", None)
    col = getattr(error, "field_name", "")
    field = fields.get(col, {})
    unit = f" {field['unit']}" if field.get("unit") else ""
    kind = error.type
    if kind == "type-error":
        return (f"{where}: column '{col}' should be {_KINDS.get(field.get('type'), 'text')} "
                f"but row {row} holds {_cell(error)}")
    if kind == "constraint-error":
        constraints = _constraints(desc["name"], desc, field) if field else {}
        note = error.note or ""
        if '"required"' in note:
            if col in key:
                return f"{where}: primary key column '{col}' is blank in row {row}"
            return f"{where}: column '{col}' is blank in row {row}: every row needs a value"
        if '"minimum"' in note:
            low = constraints.get("minimum")
            rule = "must not be negative" if low == 0 else f"must not be below {low}{unit}"
            return f"{where}: column '{col}' {rule} but row {row} holds {_cell(error)}"
        if '"maximum"' in note:
            return (f"{where}: column '{col}' must not be above {constraints.get('maximum')}"
                    f"{unit} but row {row} holds {_cell(error)}")
        if '"enum"' in note:
            allowed = ", ".join(str(v) for v in constraints.get("enum", []))
            return (f"{where}: column '{col}' should be one of {allowed} but row {row} holds "
                    f"{_cell(error)}")
        if '"pattern"' in note and constraints.get("pattern") == _FINANCIAL_YEAR:
            return (f"{where}: column '{col}' should be a financial year written like 2024/25 "
                    f"but row {row} holds {_cell(error)}")
        return f"{where}: column '{col}' in row {row} breaks a rule: {note}"
    if kind == "primary-key":
        cells = getattr(error, "cells", [])
        values = [str(v) for v in cells if str(v) != ""][: len(key)] or cells
        return (f"{where}: primary key ({', '.join(key)}) is not unique: {values} appears "
                f"again in row {row}; column '{key[-1] if key else ''}' should identify each row")
    if kind == "foreign-key":
        return f"{where}: row {row}: {error.note}"
    if kind == "blank-row":
        return f"{where}: row {row} is blank"
    if kind == "extra-cell":
        return f"{where}: row {row} has more cells than the header has columns"
    if kind == "missing-cell":
        return f"{where}: row {row} has fewer cells than the header has columns"
    return f"{where}: {error.message}"


def _header_message(errors: list, desc: dict, where: str, json_where: str) -> str:
    """The first of a table's header problems, from frictionless's label errors."""
    declared = [f["name"] for f in desc["schema"]["fields"]]
    header = [str(label) for label in getattr(errors[0], "labels", [])]
    dup = [c for c in header if header.count(c) > 1]
    if dup:
        return f"{where}: column '{dup[0]}' appears more than once"
    if any(not c.strip() for c in header):
        return f"{where}: column {[c.strip() for c in header].index('') + 1} has no name"
    for col in declared:
        if col not in header:
            return f"{where}: column '{col}' is missing (declared in {json_where})"
    for col in header:
        if col not in declared:
            return f"{where}: column '{col}' is not declared in {json_where}"
    first = next(i for i, (a, b) in enumerate(zip(header, declared, strict=False)) if a != b)
    return (f"{where}: column {first + 1} is '{header[first]}' but {json_where} declares "
            f"'{declared[first]}' there: keep the columns in the declared order")


def _frictionless():
    """The ``frictionless`` module, imported on first use (only loading a table needs it).

    frictionless checks descriptors with ``jsonschema``, whose import builds the grammar of
    internationalised URLs (the optional ``rfc3987_syntax``, about 1.5 s of CPU, more than
    pandas): when ``jsonschema`` is not yet imported, it is imported here without that one
    optional format checker ("iri"), which no Data Package or Table Schema profile uses
    (they use "uri"), so that the first :func:`load` in a kernel stays quick.
    """
    import sys

    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # ImportError
        try:
            import jsonschema  # noqa: F401
        finally:
            del sys.modules["rfc3987_syntax"]
    import frictionless

    return frictionless


def _check_with_frictionless(folder: Path, name: str, desc: dict, csv_path: Path,
                             where: str, json_where: str) -> bool:
    """Check a table against its Table Schema with ``frictionless``; raise ``ValueError``
    with the first problem as a sentence. Every row of a table stored in a file smaller than
    :data:`ROW_CHECK_BELOW_BYTES`, else the header and first row. Foreign keys need the other
    tables and are checked in ``tests/test_datapackage.py``. Returns whether every row was
    checked."""
    frictionless = _frictionless()
    resource = _resource_descriptor(folder, name)
    schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
    every_row = csv_path.stat().st_size < ROW_CHECK_BELOW_BYTES
    try:
        # The schema is imported without frictionless's own check of the descriptor, which
        # imports jsonschema (seconds, once per process): tests/test_datapackage.py checks
        # every descriptor in data/datapackage.json against the standard's profiles.
        table = frictionless.Resource(
            path=resource["path"], basepath=str(folder), format="csv", encoding="utf-8",
            compression=resource.get("compression"),
            schema=frictionless.Schema.metadata_import(schema),
        )
        errors = []
        with table:  # the header's errors, then the first row's (every row, or the first)
            errors = list(table.header.errors)
            if not errors:
                for row in table.row_stream:
                    if row.errors or not every_row:
                        errors = list(row.errors)
                        break
    except frictionless.FrictionlessException as exc:
        raise ValueError(f"{where}: frictionless could not read it ({exc.error.message})"
                         ) from exc
    if not errors:
        return every_row
    labels = [e for e in errors if "#label" in e.tags]
    if labels:
        raise ValueError(_header_message(labels, desc, where, json_where))
    first = errors[0]
    if "#row" not in first.tags and "#cell" not in first.tags:
        raise ValueError(f"{where}: {first.message}")
    raise ValueError(_row_message(first, desc, where))


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
                f"{where}: column '{column}' should be true or false but row "
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
    every_row = _check_with_frictionless(folder, name, desc, csv_path, where, json_where)
    raw = pd.read_csv(
        csv_path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
    )
    fields = desc["schema"]["fields"]
    out = pd.DataFrame(
        {f["name"]: _parse(raw[f["name"]], f["type"], where, f["name"]) for f in fields},
        index=raw.index,
    )
    key = desc["schema"].get("primary_key", [])
    if key and not every_row:  # frictionless checked the key of the tables it read in full
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
        Naming the file and the column (and the row) when the descriptor or table is missing,
        a declared column is missing, an undeclared or repeated column is present, the
        columns are out of order, a value does not parse as its declared type, breaks a
        constraint of the table's Table Schema (:func:`resource_descriptor`: a required cell
        left blank, a negative population or budget, a category not in the list), or the
        primary key is blank or not unique.

    Notes
    -----
    The header and the rows are checked with the ``frictionless`` library against the
    table's Table Schema and its findings put into sentences; for tables stored in files
    over :data:`ROW_CHECK_BELOW_BYTES` (the practice-level tables) only the header and first
    row go through frictionless on load, and pandas checks the types and primary key as it
    parses (``tests/test_datapackage.py`` checks their every row, constraint and foreign
    key). Foreign keys between tables are checked only there.
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
