"""Derive the workbook's tables in ``data/`` from the raw public files.

Usage::

    .venv/bin/python scripts/derive_data.py [--raw DIR] [--out DIR]

``--raw`` defaults to ``../shared/data/raw`` (relative to the repository root) and must hold
``allocations/`` and ``gp_payments/`` as described in ``../shared/data/README.md``.
``--out`` defaults to the repository's ``data/``.

The raw files are never copied as they are: columns are selected, renamed and
aggregated, and every table gets a descriptor ``<name>.json`` (see CONTRIBUTING.md).
Output is deterministic: rows sorted by the primary key, fixed float formatting,
``\\n`` line endings, UTF-8 without a byte-order mark. Re-running gives byte-identical files.
Tables whose CSV is over ``commlib.data.COMPRESS_ABOVE_BYTES`` are written gzip-compressed
(``<name>.csv.gz``, no time stamp or file name in the header, so also byte-identical).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from commlib.data import COMPRESS_ABOVE_BYTES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "raw"
DEFAULT_OUT = ROOT / "data"
DERIVED_BY = "scripts/derive_data.py"

OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------

ALLOCATION_SHORT_TITLE = "GP practice registered and weighted populations 2023/24 to 2028/29"
ALLOCATION_SOURCES = [
    {
        "publisher": "NHS England",
        "title": "GP practice registered and weighted populations 2023/24 and 2024/25 "
        "(ICB allocation tool)",
        "short_title": ALLOCATION_SHORT_TITLE,
        "year": "2023",
        "url": "https://github.com/nhsx/AIF_Allocation_Tool",
        "note": "file gp_practice_weighted_populations_2023_2024.csv and _2024_2025.csv. "
        + ATTRIBUTION,
    },
    {
        "publisher": "NHS England",
        "title": "GP practice registered and weighted populations 2025/26 "
        "(ICB allocation tool update)",
        "short_title": ALLOCATION_SHORT_TITLE,
        "year": "2025",
        "url": "https://github.com/nhsengland/ICB_Allocation_Tool_update",
        "note": "file gp_practice_weighted_populations_2025_2026.csv. " + ATTRIBUTION,
    },
    {
        "publisher": "NHS England",
        "title": "GP practice registered and weighted populations 2026/27, 2027/28 and 2028/29 "
        "(ICB place based allocation tool 2026/27 to 2028/29)",
        "short_title": ALLOCATION_SHORT_TITLE,
        "year": "2025",
        "url": "https://github.com/nhsengland/ICB_Place_Based_Tool_2627-2829",
        "note": "files gp_practice_weighted_populations_2026_2027.csv, _2027_2028.csv and "
        "_2028_2029.csv (the tool's data/2026_2027.csv, 2027_2028.csv and 2028_2029.csv; the "
        "2028/29 file added on 15 December 2025): need for the three years of the Medium Term "
        "Planning Framework, from weighted populations projected from August 2024 to July 2025 "
        "registered practice populations. " + ATTRIBUTION,
    },
]

PAYMENTS_SOURCES = [
    {
        "publisher": "NHS Digital (now NHS England)",
        "title": "NHS Payments to General Practice, England, 2019/20 to 2022/23",
        "short_title": "NHS Payments to General Practice, England, 2019/20 to 2022/23",
        "year": "2023",
        "url": "https://digital.nhs.uk/data-and-information/publications/statistical/"
        "nhs-payments-to-general-practice",
        "note": "Annual official statistics, one row per practice, as lightly cleaned by the "
        "Health Equity Evidence Centre (consistent column names across years). " + ATTRIBUTION,
    },
]

# --------------------------------------------------------------------------------------------
# Allocations: GP practice registered and weighted populations
# --------------------------------------------------------------------------------------------

ALLOCATION_FILES = {
    "2023/24": "gp_practice_weighted_populations_2023_2024.csv",
    "2024/25": "gp_practice_weighted_populations_2024_2025.csv",
    "2025/26": "gp_practice_weighted_populations_2025_2026.csv",
    "2026/27": "gp_practice_weighted_populations_2026_2027.csv",
    "2027/28": "gp_practice_weighted_populations_2027_2028.csv",
    "2028/29": "gp_practice_weighted_populations_2028_2029.csv",
}

# Output column -> source column, per year. ``None``: the year has no such column.
# The sub-ICB location code is taken from CCG21: the source's LOC22/LOC columns are blank in
# every year, and the 106 sub-ICB locations of July 2022 kept the codes of the CCGs they
# replaced (the CCG21 column already places Glossop in 15M, i.e. it is on 2022 boundaries).
# The 2025/26 file leaves CCG, LOC and PCN blank, and 2026/27 has no such columns.
_WP_COMMON = {
    "wp_general_acute": "G&A WP",
    "wp_community": "CS WP",
    "wp_mental_health": "MH WP",
    "wp_maternity": "Mat WP",
    "wp_health_inequalities": "Health Ineq WP",
    "wp_prescribing": "Prescr WP",
    "wp_primary_medical_care": "Primary Medical Care WP",
    "wp_primary_medical_care_final": "Final PMC WP",
}
_MAP_2023 = {
    "practice_code": "Practice_Code",
    "practice_name": "GP_Practice_Name",
    "sub_icb_code": "CCG21",
    "icb_code": "ICS22",
    "icb_name": "ICS22name",
    "region_code": "R22",
    "la_code": "LAD21",
    "la_name": "LTLA21",
    "population": "pop 2022/23",
    "wp_core": "Final WP",
    **_WP_COMMON,
}
_MAP_2026 = {
    "practice_code": "Practice_Code",
    "practice_name": "GP_Practice_Name",
    "sub_icb_code": None,
    "icb_code": "ICB",
    "icb_name": "ICBname",
    "region_code": "RCode",
    "la_code": "LAD",
    "la_name": "LADname",
    "population": "Registered Patients",
    "wp_core": "Core WP",
    **_WP_COMMON,
}
ALLOCATION_COLUMN_MAP: dict[str, dict[str, str | None]] = {
    "2023/24": dict(_MAP_2023),
    "2024/25": dict(_MAP_2023),
    "2025/26": {
        "practice_code": "Practice_Code",
        "practice_name": "GP_Practice_Name",
        "sub_icb_code": "LOC",  # blank in the source
        "icb_code": "ICB",
        "icb_name": "ICBname",
        "region_code": "Rcode",
        "la_code": "LAD",
        "la_name": "LTLA",
        "population": "Population",
        "wp_core": "Final WP",
        **_WP_COMMON,
    },
    # The three years of the 2026/27 to 2028/29 tool share one layout.
    "2026/27": dict(_MAP_2026),
    "2027/28": dict(_MAP_2026),
    "2028/29": dict(_MAP_2026),
}
# Columns that must be blank where we say they are (checked, so a future file that fills
# them is noticed rather than silently ignored).
ALLOCATION_BLANK_COLUMNS = {
    "2023/24": ["Patients", "PCN_Code", "PCN_Name", "LOC22", "LOC22name"],
    "2024/25": ["Patients", "PCN_Code", "PCN_Name", "LOC22", "LOC22name"],
    "2025/26": ["Patients", "PCN_Code", "PCN_Name", "LOC", "LOCname", "CCG"],
}

# NHS England regions: one spelling for every year (2025/26 writes "NHS North East & Yorkshire").
REGIONS = {
    "Y56": "London",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}

EXPECTED_ICBS = {"2023/24": 42, "2024/25": 42, "2025/26": 42, "2026/27": 36, "2027/28": 36,
                 "2028/29": 36}
EXPECTED_PRACTICES = {"2023/24": 6553, "2024/25": 6553, "2025/26": 6348, "2026/27": 6281,
                      "2027/28": 6281, "2028/29": 6281}

WP_FIELDS = [
    ("wp_general_acute", "G&A WP", "general and acute services"),
    ("wp_community", "CS WP", "community services"),
    ("wp_mental_health", "MH WP", "mental health services"),
    ("wp_maternity", "Mat WP", "maternity services"),
    ("wp_health_inequalities", "Health Ineq WP", "the health inequalities adjustment"),
    ("wp_prescribing", "Prescr WP", "prescribing"),
    (
        "wp_core",
        "Final WP (2023/24 to 2025/26) / Core WP (2026/27 to 2028/29)",
        "core services, combining the components above",
    ),
    (
        "wp_primary_medical_care",
        "Primary Medical Care WP",
        "primary medical care (need before the unmet-need and dispensing adjustments)",
    ),
    (
        "wp_primary_medical_care_final",
        "Final PMC WP",
        "primary medical care after all adjustments (the figure used for allocations)",
    ),
]
WP_COLUMNS = [name for name, _, _ in WP_FIELDS]
POP_COLUMNS = ["population", *WP_COLUMNS]


class DeriveError(RuntimeError):
    """A raw file is missing or does not look as expected."""


def _read_raw(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DeriveError(f"raw file {path} is missing")
    # All text: we choose every type ourselves. utf-8-sig strips the byte-order mark.
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _clean_str(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.replace(r"\s+", " ", regex=True)


def _to_number(s: pd.Series, what: str, blank_as_zero: bool = False) -> pd.Series:
    text = _clean_str(s).str.replace(",", "", regex=False)
    if blank_as_zero:
        text = text.mask(text == "", "0")
    out = pd.to_numeric(text, errors="coerce")
    bad = out.isna()
    if bad.any():
        raise DeriveError(
            f"{what}: {int(bad.sum())} value(s) are not numbers, e.g. {text[bad].iloc[0]!r}"
        )
    return out.astype("float64")


def derive_allocation_practices(raw: Path) -> pd.DataFrame:
    frames = []
    for year, filename in ALLOCATION_FILES.items():
        src = _read_raw(raw / "allocations" / filename)
        for col in ALLOCATION_BLANK_COLUMNS.get(year, []):
            if col not in src.columns:
                raise DeriveError(f"{filename}: expected column {col!r} is missing")
            if (_clean_str(src[col]) != "").any():
                raise DeriveError(
                    f"{filename}: column {col!r} was blank in every row and now "
                    "has values: revisit the column map in derive_data.py"
                )
        mapping = ALLOCATION_COLUMN_MAP[year]
        out = pd.DataFrame(index=src.index)
        out["year"] = year
        for name, col in mapping.items():
            if col is not None and col not in src.columns:
                raise DeriveError(f"{filename}: expected column {col!r} (for {name}) is missing")
            if name in POP_COLUMNS:
                out[name] = _to_number(src[col], f"{filename} column {col!r}").round(3)
            elif col is None or col in ALLOCATION_BLANK_COLUMNS.get(year, []):
                out[name] = ""
            else:
                out[name] = _clean_str(src[col])
        if len(out) != EXPECTED_PRACTICES[year]:
            raise DeriveError(
                f"{filename}: {len(out)} practices, expected {EXPECTED_PRACTICES[year]}"
            )
        unknown = set(out["region_code"]) - set(REGIONS)
        if unknown:
            raise DeriveError(f"{filename}: unknown region codes {sorted(unknown)}")
        out["region"] = out["region_code"].map(REGIONS)
        has_sub = out["sub_icb_code"] != ""
        out["sub_icb_name"] = ""
        # NHS England names a sub-ICB location "<ICB name> - <code>".
        out.loc[has_sub, "sub_icb_name"] = out["icb_name"] + " - " + out["sub_icb_code"]
        if has_sub.any():
            nest = out[has_sub].groupby("sub_icb_code")["icb_code"].nunique()
            if (nest > 1).any():
                raise DeriveError(
                    f"{filename}: sub-ICB locations {list(nest[nest > 1].index)} "
                    "span more than one ICB"
                )
        n_icb = out["icb_code"].nunique()
        if n_icb != EXPECTED_ICBS[year]:
            raise DeriveError(f"{filename}: {n_icb} ICBs, expected {EXPECTED_ICBS[year]}")
        if out["practice_code"].duplicated().any():
            raise DeriveError(f"{filename}: duplicate practice codes")
        if (out[POP_COLUMNS] < 0).any().any():
            raise DeriveError(f"{filename}: negative population")
        frames.append(out)
    df = pd.concat(frames, ignore_index=True)
    return df


def _aggregate(practices: pd.DataFrame, keys: list[str], labels: list[str]) -> pd.DataFrame:
    """Sum populations by ``keys``; ``labels`` must be constant within each group."""
    grouped = practices.groupby(keys, sort=True)
    for label in labels:
        n = grouped[label].nunique()
        if (n > 1).any():
            raise DeriveError(f"{label} is not unique within {keys}: {list(n[n > 1].index)[:3]}")
    out = grouped[labels].first()
    out["practices"] = grouped.size()
    sums = grouped[POP_COLUMNS].sum().round(3)
    return pd.concat([out, sums], axis=1).reset_index()


def derive_allocation_tables(practices: pd.DataFrame) -> dict[str, pd.DataFrame]:
    icb = _aggregate(practices, ["year", "icb_code"], ["icb_name", "region_code", "region"])
    counts = icb.groupby("year")["icb_code"].nunique().to_dict()
    assert counts == EXPECTED_ICBS, f"ICBs per year {counts} != {EXPECTED_ICBS}"
    sub = practices[practices["sub_icb_code"] != ""]
    sub_icb = _aggregate(
        sub,
        ["year", "sub_icb_code"],
        ["sub_icb_name", "icb_code", "icb_name", "region_code", "region"],
    )
    region = _aggregate(practices, ["year", "region_code"], ["region"])
    assert (region.groupby("year").size() == 7).all(), "expected 7 regions every year"
    # The weighted populations are scaled to the registered population in every year.
    for year, grp in practices.groupby("year"):
        total = grp["population"].sum()
        for col in WP_COLUMNS:
            assert abs(grp[col].sum() - total) / total < 1e-6, f"{year} {col} != population"
    return {"allocation_icb": icb, "allocation_sub_icb": sub_icb, "allocation_region": region}


# --------------------------------------------------------------------------------------------
# Descriptors for the allocation tables
# --------------------------------------------------------------------------------------------


def _f(name: str, type_: str, unit: str | None, description: str) -> dict:
    return {"name": name, "type": type_, "unit": unit, "description": description}


YEAR_FIELD = _f(
    "year", "string", "financial year", "Financial year of the allocation, e.g. 2024/25"
)
POPULATION_NOTE = (
    "Registered population. The source's 'Patients' column is blank in every row of the "
    "2023/24, 2024/25 and 2025/26 files, so the registered population is taken from "
    "'pop 2022/23' (2023/24 and 2024/25; the header is reused although the values differ "
    "between the two files), 'Population' (2025/26) and 'Registered Patients' "
    "(2026/27 to 2028/29). "
    "Figures are fractional (list sizes adjusted by NHS England, e.g. averaged over the "
    "year) and rounded to 3 decimals."
)


def _wp_fields(prefix: str = "") -> list[dict]:
    fields = []
    for name, src, what in WP_FIELDS:
        fields.append(
            _f(
                name,
                "number",
                "weighted people",
                f"{prefix}Weighted population for {what} (source column {src}); "
                "scaled so that the England total equals the registered population.",
            )
        )
    return fields


def _area_fields(level: str) -> list[dict]:
    fields = [
        _f("practices", "integer", "GP practices", f"Number of GP practices in the {level}"),
        _f("population", "number", "people", f"Sum over practices. {POPULATION_NOTE}"),
    ]
    return fields + _wp_fields("Sum over practices. ")


REGION_FIELDS = [
    _f("region_code", "string", None, "NHS England region code (Y56 to Y63)"),
    _f("region", "string", None, "NHS England region name, spelt the same in every year"),
]
ICB_FIELDS = [
    _f(
        "icb_code",
        "string",
        None,
        "ICB code (ODS, e.g. QHM); the ICBs merged in April 2026 have codes T01 to T07 "
        "(2026/27 to 2028/29)",
    ),
    _f("icb_name", "string", None, "ICB name as given in the source"),
]
SUB_ICB_FIELDS = [
    _f(
        "sub_icb_code",
        "string",
        None,
        "Sub-ICB location code (July 2022 boundaries, the LOC22 of the allocation tool). The "
        "source's LOC22 columns are blank, so the code is taken from CCG21: the 106 sub-ICB "
        "locations kept the codes of the 2021 CCGs they replaced, and CCG21 already places "
        "the Glossop practices in 15M (Derby and Derbyshire), i.e. it is on 2022 boundaries. "
        "Empty for 2025/26 (CCG, LOC and PCN columns blank in the source) and 2026/27 to "
        "2028/29 (no such columns).",
    ),
    _f(
        "sub_icb_name",
        "string",
        None,
        "Sub-ICB location name, built as NHS England names them: '<ICB name> - <code>'",
    ),
]

PCN_FIELDS = [
    _f(
        "pcn_code",
        "string",
        None,
        "Primary care network code. The allocation files' PCN columns are blank, so PCN "
        "membership is taken from NHS Payments to General Practice 2022/23 (the latest that "
        "names PCNs), matched on practice code and applied to every year; empty for practices "
        "not in that file or in no PCN there",
    ),
    _f("pcn_name", "string", None, "Primary care network name (from the same source)"),
]

ALLOCATION_YEARS_NOTE = (
    "Years 2023/24, 2024/25 and 2025/26 have 42 ICBs; 2026/27, 2027/28 and 2028/29 have 36 "
    "after the April 2026 ICB mergers. In every year each weighted population column sums to "
    "the registered population, so an area's need index is (weighted / population) "
    "relative to England = 1. "
    "The source files carry no PCN (PCN_Code and PCN_Name are blank in every row of "
    "2023/24 to 2025/26 and absent from 2026/27), so PCN membership comes from NHS Payments "
    "to General Practice 2022/23, matched on practice code."
)


def _lookup_descriptors(common: dict) -> dict[str, dict]:
    """The two lookup tables: sub-ICB locations by former CCG name, and practice positions."""
    sub_icb_locations = {
        "name": "sub_icb_locations",
        "title": "Sub-ICB locations and the CCGs they replaced (July 2022 boundaries)",
        "description": (
            "One row per sub-ICB location (106, July 2022 boundaries): its code, NHS England's "
            "name for it ('<ICB name> - <code>'), its ICB in 2024/25 and the name of the 2021 "
            "CCG it replaced, from the 'CCG21' and 'Former CCG' columns of the 2023/24 and "
            "2024/25 practice files. place_name drops the trailing ' CCG' (03F: NHS Hull), the "
            "name a reader knows the place by."
        ),
        **common,
        "schema": {
            "fields": [
                _f("sub_icb_code", "string", None, "Sub-ICB location code (the 2021 CCG code)"),
                _f("sub_icb_name", "string", None, "NHS England's name: '<ICB name> - <code>'"),
                _f("icb_code", "string", None, "ICB code in 2024/25"),
                _f("icb_name", "string", None, "ICB name in 2024/25"),
                _f("former_ccg_name", "string", None,
                   "Name of the CCG it replaced, as given in the source ('Former CCG')"),
                _f("place_name", "string", None, "The former CCG's name without 'CCG'"),
            ],
            "primary_key": ["sub_icb_code"],
        },
    }
    practice_locations = {
        "name": "practice_locations",
        "title": "GP practice names, postcodes and positions (latitude and longitude)",
        "description": (
            "One row per GP practice in any year of the allocation files (2023/24 to "
            "2028/29): its name, postcode, latitude and longitude as given in the latest file "
            "that lists it (latest_year). For maps drawn without map tiles (offline) and for "
            "finding a practice by name."
        ),
        **common,
        "schema": {
            "fields": [
                _f("practice_code", "string", None, "GP practice code (ODS)"),
                _f("practice_name", "string", None, "Practice name as given"),
                _f("postcode", "string", None, "Practice postcode as given"),
                _f("latitude", "number", "degrees",
                   "Latitude (WGS84), rounded to 3 decimals (about 100 m)"),
                _f("longitude", "number", "degrees",
                   "Longitude (WGS84), rounded to 3 decimals (about 100 m)"),
                _f("latest_year", "string", "financial year",
                   "Latest allocation file that lists the practice"),
            ],
            "primary_key": ["practice_code"],
        },
    }
    return {"sub_icb_locations": sub_icb_locations, "practice_locations": practice_locations}


def allocation_descriptors() -> dict[str, dict]:
    common = {"sources": ALLOCATION_SOURCES, "licence": OGL, "derived_by": DERIVED_BY}
    practices = {
        "name": "allocation_practices",
        "title": "GP practice registered and weighted populations, 2023/24 to 2028/29",
        "description": (
            "One row per GP practice and financial year, from the GP practice files of NHS "
            "England's ICB allocation tools: registered population and the weighted "
            "populations of each component of the allocation formula. Postcode, latitude and "
            "longitude are dropped to keep the file small, and so are the sub-ICB location name "
            "('<icb_name> - <sub_icb_code>', see allocation_sub_icb) and the region code "
            "(see allocation_region). " + ALLOCATION_YEARS_NOTE
        ),
        **common,
        "schema": {
            "fields": [
                YEAR_FIELD,
                _f("practice_code", "string", None, "GP practice code (ODS)"),
                _f(
                    "practice_name",
                    "string",
                    None,
                    "Practice name as given (title case in 2023/24 and 2024/25, capitals later)",
                ),
                *PCN_FIELDS,
                SUB_ICB_FIELDS[0],
                *ICB_FIELDS,
                REGION_FIELDS[1],
                _f(
                    "la_code",
                    "string",
                    None,
                    "Lower-tier local authority (local authority district) code: LAD21 in "
                    "2023/24 and 2024/25, LAD later",
                ),
                _f("la_name", "string", None, "Lower-tier local authority name"),
                _f("population", "number", "people", POPULATION_NOTE),
                *_wp_fields(),
            ],
            "primary_key": ["year", "practice_code"],
        },
    }
    icb = {
        "name": "allocation_icb",
        "title": "ICB registered and weighted populations, 2023/24 to 2028/29",
        "description": (
            "One row per ICB and financial year: the practice file summed by ICB. "
            + ALLOCATION_YEARS_NOTE
        ),
        **common,
        "schema": {
            "fields": [YEAR_FIELD, *ICB_FIELDS, *REGION_FIELDS, *_area_fields("ICB")],
            "primary_key": ["year", "icb_code"],
        },
    }
    sub_icb = {
        "name": "allocation_sub_icb",
        "title": "Sub-ICB location registered and weighted populations, 2023/24 and 2024/25",
        "description": (
            "One row per sub-ICB location (July 2022 boundaries, 106 locations) and financial "
            "year: the practice file summed by sub-ICB location. Only 2023/24 and 2024/25: "
            "the 2025/26 file leaves the CCG and sub-ICB columns blank and the 2026/27 to "
            "2028/29 files have none. The sub-ICB code comes from the CCG21 column (see "
            "sub_icb_code). "
            + ALLOCATION_YEARS_NOTE
        ),
        **common,
        "schema": {
            "fields": [
                YEAR_FIELD,
                *SUB_ICB_FIELDS,
                *ICB_FIELDS,
                *REGION_FIELDS,
                *_area_fields("sub-ICB location"),
            ],
            "primary_key": ["year", "sub_icb_code"],
        },
    }
    region = {
        "name": "allocation_region",
        "title": "NHS England region registered and weighted populations, 2023/24 to 2028/29",
        "description": (
            "One row per NHS England region (7) and financial year: the practice "
            "file summed by region. England totals are the sum of the regions. "
            + ALLOCATION_YEARS_NOTE
        ),
        **common,
        "schema": {
            "fields": [YEAR_FIELD, *REGION_FIELDS, *_area_fields("region")],
            "primary_key": ["year", "region_code"],
        },
    }
    pcn = {
        "name": "allocation_pcn",
        "title": "Primary care network registered and weighted populations, 2023/24 to 2028/29",
        "description": (
            "One row per primary care network (PCN) and financial year: the practice file "
            "summed by PCN, with PCN membership as at 2022/23 from NHS Payments to General "
            "Practice (the allocation files carry no PCN). A PCN is placed in the ICB that holds "
            "most of its registered population. " + ALLOCATION_YEARS_NOTE
        ),
        **common,
        "sources": ALLOCATION_SOURCES + PAYMENTS_SOURCES,
        "schema": {
            "fields": [
                YEAR_FIELD, *PCN_FIELDS, *ICB_FIELDS, *REGION_FIELDS, *_area_fields("PCN")
            ],
            "primary_key": ["year", "pcn_code"],
        },
    }
    practices["sources"] = ALLOCATION_SOURCES + PAYMENTS_SOURCES
    tables = {d["name"]: d for d in (practices, icb, sub_icb, region, pcn)}
    return {**tables, **_lookup_descriptors(common)}


# --------------------------------------------------------------------------------------------
# NHS Payments to General Practice
# --------------------------------------------------------------------------------------------

PAYMENTS_FILES = {
    "2019/20": "nhs_payments_to_general_practice_2019_2020.csv",
    "2020/21": "nhs_payments_to_general_practice_2020_2021.csv",
    "2021/22": "nhs_payments_to_general_practice_2021_2022.csv",
    "2022/23": "nhs_payments_to_general_practice_2022_2023.csv",
}
EXPECTED_PAYMENT_ROWS = {"2019/20": 7001, "2020/21": 6808, "2021/22": 6758, "2022/23": 6669}

# Label columns. The 2022/23 file's area headers are shifted: "CCG Code" holds the sub-ICB
# location code, "Sub ICB NAME" its name, "Code" the PCN code and "CCG NAME" the PCN name.
_LABELS_CCG = {
    "practice_code": "Practice Code",
    "practice_name": "Practice Name",
    "region_code": "NHS England (Region) code",
    "sub_icb_code": "CCG Code",
    "sub_icb_name": "CCG NAME",
    "pcn_code": "PCN Code",
    "pcn_name": "PCN Name",
    "contract_type": "Contract Type",
    "dispensing": "Dispensing Practice",
    "rurality": "Practice Rurality",
}
PAYMENTS_LABELS = {
    "2019/20": _LABELS_CCG,
    "2020/21": _LABELS_CCG,
    "2021/22": _LABELS_CCG,
    "2022/23": {
        **_LABELS_CCG,
        "sub_icb_name": "Sub ICB NAME",
        "pcn_code": "Code",
        "pcn_name": "CCG NAME",
    },
}
PATIENT_COLUMNS = {
    "registered_patients": "Number of Registered Patients (Last Known Figure)",
    "weighted_patients": "Number of Weighted Patients (Last Known Figure)",
}
ENHANCED_SERVICES = [
    "Childhood Vaccination and Immunisation Scheme",
    "GP Extended Hours Access",
    "Influenza and Pneumococcal Immunisations",
    "Learning Disabilities",
    "Meningitis",
    "Minor Surgery",
    "Out Of Area in Hours Urgent Care",
    "Pertussis",
    "Rotavirus and Shingles Immunisation",
    "Services for Violent Patients",
]
ENHANCED_SERVICES_LATER = ["Medical Assessment Reviews", "Weight Management Service"]
PCN_COLUMNS = [
    "PCN Leadership",
    "PCN Support",
    "PCN Extended Hours Access",
    "PCN Workforce",
    "PCN Investment and impact Fund",
    "PCN Care Home Premium",
    "PCN Enhanced Access",
]
COVID_COLUMNS = ["Covid Immunisation", "Covid Support and Expansion", "Long Covid"]
TOTAL_COLUMN = "Total NHS Payments to General Practice"


def _payment_streams(year: str) -> dict[str, list[str]]:
    """Output money column -> source columns summed into it, for ``year``."""
    later = year >= "2021/22"
    return {
        "global_sum": ["Global Sum"],
        "mpig_correction": ["MPIG Correction factor"],
        "pms_balance": ["Balance of PMS Expenditure"],
        "qof": ["Total QOF Payments"],
        "enhanced_services": ENHANCED_SERVICES + (ENHANCED_SERVICES_LATER if later else []),
        "local_incentive_schemes": [
            "Local Incentive Schemes" if year == "2022/23" else "Total Local Incentive Schemes"
        ],
        "premises": ["Premises Payments"],
        "pcn_payments": [
            c
            for c in PCN_COLUMNS
            if year >= "2020/21" and (c != "PCN Enhanced Access" or year == "2022/23")
        ],
        "prescribing_and_dispensing": [
            "Prescribing Fee Payments",
            "Dispensing Fee Payments",
            "Reimbursement of Drugs",
        ],
        "covid_payments": [
            c for c in COVID_COLUMNS if year >= "2020/21" and (c != "Long Covid" or later)
        ],
        "total_payments": [TOTAL_COLUMN],
    }


IN_TOTAL = [
    "global_sum",
    "mpig_correction",
    "pms_balance",
    "qof",
    "enhanced_services",
    "local_incentive_schemes",
    "premises",
    "prescribing_and_dispensing",
]
MONEY_COLUMNS = [
    *IN_TOTAL[:7],
    "pcn_payments",
    "prescribing_and_dispensing",
    "covid_payments",
    "total_payments",
    "other_payments",
]


def _normalise_category(s: pd.Series, allowed: dict[str, str], what: str) -> pd.Series:
    key = _clean_str(s).str.upper()
    unknown = set(key) - set(allowed)
    if unknown:
        raise DeriveError(f"{what}: unexpected values {sorted(unknown)}")
    return key.map(allowed)


def derive_gp_payments(raw: Path) -> pd.DataFrame:
    frames = []
    for year, filename in PAYMENTS_FILES.items():
        src = _read_raw(raw / "gp_payments" / filename)
        if len(src) != EXPECTED_PAYMENT_ROWS[year]:
            raise DeriveError(
                f"{filename}: {len(src)} rows, expected {EXPECTED_PAYMENT_ROWS[year]}"
            )
        streams = _payment_streams(year)
        needed = [
            *PAYMENTS_LABELS[year].values(),
            *PATIENT_COLUMNS.values(),
            *(c for cols in streams.values() for c in cols),
        ]
        missing = [c for c in needed if c not in src.columns]
        if missing:
            raise DeriveError(f"{filename}: expected columns missing: {missing}")
        if year == "2022/23" and not src["Code"].str.startswith("U").all():
            raise DeriveError(f"{filename}: column 'Code' no longer holds PCN codes")
        out = pd.DataFrame(index=src.index)
        out["year"] = year
        for name, col in PAYMENTS_LABELS[year].items():
            out[name] = _clean_str(src[col])
        unknown = set(out["region_code"]) - set(REGIONS)
        if unknown:
            raise DeriveError(f"{filename}: unknown region codes {sorted(unknown)}")
        out["region_name"] = out["region_code"].map(REGIONS)
        no_pcn = out["pcn_code"].str.lower().isin(["unknown or no pcn", ""])
        out.loc[no_pcn, ["pcn_code", "pcn_name"]] = ""
        out["contract_type"] = _normalise_category(
            out["contract_type"],
            {"GMS": "GMS", "PMS": "PMS", "APMS": "APMS", "UNKNOWN": "Unknown"},
            f"{filename} Contract Type",
        )
        out["dispensing"] = _normalise_category(
            out["dispensing"],
            {"YES": "true", "NO": "false", "UNKNOWN": ""},
            f"{filename} Dispensing Practice",
        )
        out["rurality"] = _normalise_category(
            out["rurality"],
            {"URBAN": "Urban", "RURAL": "Rural", "MISSING": "Unknown"},
            f"{filename} Practice Rurality",
        )
        for name, col in PATIENT_COLUMNS.items():
            out[name] = _to_number(src[col], f"{filename} column {col!r}").round(2)
        # Money in whole pence (integers) so that the streams add back exactly.
        pence: dict[str, pd.Series] = {}
        for name, cols in streams.items():
            total = pd.Series(0, index=src.index, dtype="int64")
            for col in cols:
                values = _to_number(src[col], f"{filename} column {col!r}", blank_as_zero=True)
                total += (values * 100).round().astype("int64")
            pence[name] = total
        pence["other_payments"] = pence["total_payments"] - sum(pence[n] for n in IN_TOTAL)
        # The source's own components (Global Sum .. Other Payments) add to the total.
        cols = list(src.columns)
        parts = cols[cols.index("Global Sum") : cols.index("Other Payments") + 1]
        check = sum(
            ((_to_number(src[c], c, True) * 100).round().astype("int64") for c in parts),
            start=pd.Series(0, index=src.index, dtype="int64"),
        )
        off = (check - pence["total_payments"]).abs()
        if (off > len(parts)).any():
            raise DeriveError(f"{filename}: components do not add to {TOTAL_COLUMN!r}")
        for name in MONEY_COLUMNS:
            out[name] = pence[name] / 100
        frames.append(out)
    df = pd.concat(frames, ignore_index=True)
    if df.duplicated(["year", "practice_code"]).any():
        raise DeriveError("gp_payments: duplicate practice codes within a year")
    return df


def _stream_list(year: str) -> str:
    streams = _payment_streams(year)
    return "; ".join(
        f"{name} = " + " + ".join(f"'{c}'" for c in cols)
        if cols
        else f"{name} = 0 (no such columns)"
        for name, cols in streams.items()
        if name != "total_payments"
    )


def payments_descriptor() -> dict:
    money = "£"
    per_year = " ".join(f"{year}: {_stream_list(year)}." for year in PAYMENTS_FILES)
    fields = [
        _f("year", "string", "financial year", "Financial year of the payments, e.g. 2020/21"),
        _f("practice_code", "string", None, "GP practice code (ODS)"),
        _f("practice_name", "string", None, "Practice name as given (whitespace normalised)"),
        _f("region_code", "string", None, "NHS England region code (Y56 to Y63)"),
        _f(
            "region_name",
            "string",
            None,
            "NHS England region, spelt as in allocation_region (the source writes e.g. "
            "'LONDON COMMISSIONING REGION')",
        ),
        _f(
            "sub_icb_code",
            "string",
            None,
            "CCG code (2019/20 to 2021/22, column 'CCG Code') or sub-ICB location code "
            "(2022/23; the source column is also headed 'CCG Code')",
        ),
        _f(
            "sub_icb_name",
            "string",
            None,
            "CCG name (2019/20 to 2021/22) or sub-ICB location name (2022/23, column 'Sub ICB "
            "NAME')",
        ),
        _f(
            "pcn_code",
            "string",
            None,
            "Primary care network code. Blank where the source says 'Unknown or no PCN'. In "
            "2022/23 the source's headers are shifted and the PCN code is in the column headed "
            "'Code'",
        ),
        _f(
            "pcn_name",
            "string",
            None,
            "Primary care network name (2022/23: the column headed 'CCG NAME'); blank where "
            "there is no PCN",
        ),
        _f(
            "contract_type",
            "string",
            None,
            "GMS, PMS or APMS as given, or Unknown (source 'UNKNOWN'/'Unknown')",
        ),
        _f(
            "dispensing",
            "boolean",
            None,
            "Dispensing practice (source Yes/No); blank where the source says Unknown",
        ),
        _f(
            "rurality",
            "string",
            None,
            "Urban or Rural as given, or Unknown (source 'MISSING'/'Missing')",
        ),
        _f(
            "registered_patients",
            "number",
            "people",
            "Number of registered patients (last known figure; an average of quarterly list "
            "sizes, so fractional). 0 for some practices that closed or merged during the year: "
            "they are kept, so filter on registered_patients > 0 before per-patient figures",
        ),
        _f(
            "weighted_patients",
            "number",
            "weighted patients",
            "Number of Carr-Hill (Global Sum formula) weighted patients, last known figure; 0 "
            "for some closed practices (kept, see registered_patients)",
        ),
        _f("global_sum", "number", money, "Global Sum (GMS core funding, source 'Global Sum')"),
        _f(
            "mpig_correction",
            "number",
            money,
            "Minimum Practice Income Guarantee correction factor payments",
        ),
        _f(
            "pms_balance",
            "number",
            money,
            "Balance of PMS expenditure (PMS practices' baseline in place of the Global Sum)",
        ),
        _f("qof", "number", money, "Total Quality and Outcomes Framework (QOF) payments"),
        _f(
            "enhanced_services",
            "number",
            money,
            "Directed and enhanced services: sum of the service item columns listed in the "
            "table description for that year. 'Medical Assessment Reviews' and 'Weight Management "
            "Service' (from 2021/22) are included because the source places them in its "
            "enhanced services block, between 'Services for Violent Patients' and the local "
            "incentive schemes; 'Non DES Item Pneumococcal Vaccine, Childhood Immunisation Main "
            "Programme' is not a directed enhanced service and stays in other_payments",
        ),
        _f(
            "local_incentive_schemes",
            "number",
            money,
            "Total local incentive schemes ('Total Local Incentive Schemes'; 2022/23 "
            "'Local Incentive Schemes')",
        ),
        _f("premises", "number", money, "Premises payments (rent, rates, etc.)"),
        _f(
            "pcn_payments",
            "number",
            money,
            "Payments made through the practice for its PCN (leadership, support, extended "
            "hours access, workforce, investment and impact fund, care home premium and, in "
            "2022/23, enhanced access). Not part of total_payments. 0 in 2019/20, when the "
            "publication did not include them. 'PCN Participation' (the network participation "
            "payment to the practice) is part of total_payments and so of other_payments",
        ),
        _f(
            "prescribing_and_dispensing",
            "number",
            money,
            "Prescribing fee payments + dispensing fee payments + reimbursement of drugs",
        ),
        _f(
            "covid_payments",
            "number",
            money,
            "Covid immunisation + covid support and expansion (+ long covid from 2021/22). Not "
            "part of total_payments. 0 in 2019/20 (no such columns)",
        ),
        _f(
            "total_payments",
            "number",
            money,
            "Total NHS Payments to General Practice (before deductions for pensions, levies and "
            "prescription charge income). Excludes pcn_payments and covid_payments in every year",
        ),
        _f(
            "other_payments",
            "number",
            money,
            "total_payments minus global_sum, mpig_correction, pms_balance, qof, "
            "enhanced_services, local_incentive_schemes, premises and prescribing_and_dispensing: "
            "seniority, doctors retainer scheme, locum allowances, appraisal, prolonged study "
            "leave, PCO admin other, IM&T, non-DES vaccine items, GP forward view / "
            "transformation, PCN participation, winter access fund and 'Other Payments'. The "
            "nine streams add back to total_payments exactly",
        ),
    ]
    return {
        "name": "gp_payments_practices",
        "title": "NHS payments to general practice by practice, 2019/20 to 2022/23",
        "description": (
            "One row per GP practice and financial year from NHS Payments to General Practice, "
            "England. Money in pounds to 2 decimals; blank payment cells count as 0. Some "
            "items are negative (recoveries and corrections). Practices with zero registered "
            "or weighted patients are kept (mostly practices that closed during the year): "
            "drop them before computing per-patient figures. Source columns per output stream "
            "and year: " + per_year
        ),
        "sources": PAYMENTS_SOURCES,
        "licence": OGL,
        "derived_by": DERIVED_BY,
        "schema": {"fields": fields, "primary_key": ["year", "practice_code"]},
    }


def build_payments(raw: Path) -> dict[str, tuple[pd.DataFrame, dict]]:
    desc = payments_descriptor()
    df = derive_gp_payments(raw)
    return {desc["name"]: (df[[f["name"] for f in desc["schema"]["fields"]]], desc)}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

# Decimal places for number columns: money (unit starting with £) 2, these 2, others 3.
DECIMALS = {"registered_patients": 2, "weighted_patients": 2}


def _formatter(type_: str, unit: str | None, dp: int | None = None) -> Callable[[object], str]:
    if type_ == "string":
        return lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
    if type_ == "integer":
        return lambda v: str(int(v))
    if type_ == "boolean":
        return lambda v: v if v in ("true", "false", "") else ("true" if bool(v) else "false")
    if type_ == "number":
        if dp is None:
            dp = 2 if unit is not None and unit.startswith("£") else 3

        def fmt(v: object) -> str:
            x = float(v)  # type: ignore[arg-type]
            if math.isnan(x):
                raise DeriveError("NaN in a number column")
            text = f"{x:.{dp}f}"
            return "0." + "0" * dp if text == "-0." + "0" * dp else text

        return fmt
    raise ValueError(f"unknown type {type_}")


def write_table(out_dir: Path, df: pd.DataFrame, descriptor: dict) -> Path:
    fields = descriptor["schema"]["fields"]
    names = [f["name"] for f in fields]
    if list(df.columns) != names:
        missing = sorted(set(names) - set(df.columns))
        extra = sorted(set(df.columns) - set(names))
        raise DeriveError(
            f"{descriptor['name']}: columns differ from descriptor "
            f"(missing {missing}, extra {extra}, or order)"
        )
    key = descriptor["schema"]["primary_key"]
    if df.duplicated(key).any():
        raise DeriveError(f"{descriptor['name']}: duplicate primary key {key}")
    df = df.sort_values(key, kind="mergesort").reset_index(drop=True)
    fmts = [_formatter(f["type"], f["unit"], DECIMALS.get(f["name"])) for f in fields]
    out_dir.mkdir(parents=True, exist_ok=True)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    for row in df.itertuples(index=False, name=None):
        writer.writerow([fmt(v) for fmt, v in zip(fmts, row, strict=True)])
    body = text.getvalue().encode("utf-8")
    plain = out_dir / f"{descriptor['name']}.csv"
    packed = out_dir / f"{descriptor['name']}.csv.gz"
    if len(body) > COMPRESS_ABOVE_BYTES:
        csv_path, stale = packed, plain
        with csv_path.open("wb") as fh, gzip.GzipFile(
                filename="", mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz:
            gz.write(body)
    else:
        csv_path, stale = plain, packed
        csv_path.write_bytes(body)
    stale.unlink(missing_ok=True)
    json_path = out_dir / f"{descriptor['name']}.json"
    json_path.write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return csv_path


PCN_MEMBERSHIP_YEAR = "2022/23"


def add_pcn_membership(practices: pd.DataFrame, raw: Path) -> pd.DataFrame:
    """PCN code and name for each practice, from NHS Payments to General Practice 2022/23.

    The allocation files' PCN columns are blank, so PCN membership is taken from the latest
    payments file that names PCNs, matched on practice code, and applied to every year.
    Practices not in that file, or in no PCN there, get an empty PCN.
    """
    payments = derive_gp_payments(raw)
    latest = payments[(payments["year"] == PCN_MEMBERSHIP_YEAR) & (payments["pcn_code"] != "")]
    membership = latest.drop_duplicates("practice_code").set_index("practice_code")
    out = practices.copy()
    out["pcn_code"] = out["practice_code"].map(membership["pcn_code"]).fillna("").astype(str)
    out["pcn_name"] = out["practice_code"].map(membership["pcn_name"]).fillna("").astype(str)
    return out


def derive_pcn_table(practices: pd.DataFrame) -> pd.DataFrame:
    """Populations summed by PCN; a PCN is placed in the ICB holding most of its population."""
    with_pcn = practices[practices["pcn_code"] != ""]
    keys = ["year", "pcn_code"]
    grouped = with_pcn.groupby(keys, sort=True)
    out = grouped[["pcn_name"]].first()
    main_icb = (
        with_pcn.groupby(keys + ["icb_code", "icb_name", "region_code", "region"])["population"]
        .sum()
        .reset_index()
        .sort_values(keys + ["population", "icb_code"], ascending=[True, True, False, True])
        .drop_duplicates(keys)
        .set_index(keys)
    )
    out = out.join(main_icb[["icb_code", "icb_name", "region_code", "region"]])
    out["practices"] = grouped.size()
    sums = grouped[POP_COLUMNS].sum().round(3)
    return pd.concat([out, sums], axis=1).reset_index()


# Sub-ICB locations are the CCGs of 2021 under a new name: the 2023/24 and 2024/25 files give
# each practice's CCG21 code and its "Former CCG" name (03F = NHS Hull CCG).
SUB_ICB_NAME_YEARS = ("2023/24", "2024/25")


def derive_sub_icb_locations(raw: Path, practices: pd.DataFrame) -> pd.DataFrame:
    """One row per sub-ICB location: its code, NHS England's name and its former CCG's name."""
    names = []
    for year in SUB_ICB_NAME_YEARS:
        src = _read_raw(raw / "allocations" / ALLOCATION_FILES[year])
        names.append(pd.DataFrame({"sub_icb_code": _clean_str(src["CCG21"]),
                                   "former_ccg_name": _clean_str(src["Former CCG"])}))
    lookup = pd.concat(names).drop_duplicates()
    if lookup["sub_icb_code"].duplicated().any():
        raise DeriveError("a sub-ICB location code has two former CCG names")
    sub = practices[(practices["sub_icb_code"] != "")
                    & practices["year"].isin(SUB_ICB_NAME_YEARS)]
    latest = sub.sort_values("year").drop_duplicates("sub_icb_code", keep="last")
    out = latest[["sub_icb_code", "sub_icb_name", "icb_code", "icb_name"]].merge(
        lookup, on="sub_icb_code", how="left", validate="one_to_one")
    if out["former_ccg_name"].isna().any() or (out["former_ccg_name"] == "").any():
        raise DeriveError("a sub-ICB location has no former CCG name")
    # "NHS Hull CCG" -> "NHS Hull": the place, as a reader knows it.
    out["place_name"] = out["former_ccg_name"].str.replace(r"\s+CCG$", "", regex=True)
    return out.sort_values("sub_icb_code").reset_index(drop=True)


def derive_practice_locations(raw: Path) -> pd.DataFrame:
    """One row per practice: its name, postcode and position, from the latest file naming it."""
    frames = []
    for year, filename in ALLOCATION_FILES.items():
        src = _read_raw(raw / "allocations" / filename)
        frames.append(pd.DataFrame({
            "practice_code": _clean_str(src["Practice_Code"]),
            "practice_name": _clean_str(src["GP_Practice_Name"]),
            "postcode": _clean_str(src["Practice_Postcode"]),
            "latitude": pd.to_numeric(_clean_str(src["Latitude"]), errors="coerce").round(6),
            "longitude": pd.to_numeric(_clean_str(src["Longitude"]), errors="coerce").round(6),
            "latest_year": year,
        }))
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["practice_code", "latest_year"]).drop_duplicates(
        "practice_code", keep="last")
    inside = out["latitude"].between(49.8, 55.9) & out["longitude"].between(-6.5, 2.0)
    if not inside[out["latitude"].notna()].all():
        raise DeriveError("a practice lies outside England's bounding box: check its position")
    return out.reset_index(drop=True)


def build_allocations(raw: Path) -> dict[str, tuple[pd.DataFrame, dict]]:
    practices = add_pcn_membership(derive_allocation_practices(raw), raw)
    tables = {
        "allocation_practices": practices,
        **derive_allocation_tables(practices),
        "allocation_pcn": derive_pcn_table(practices),
        "sub_icb_locations": derive_sub_icb_locations(raw, practices),
        "practice_locations": derive_practice_locations(raw),
    }
    descs = allocation_descriptors()
    for name, desc in descs.items():
        tables[name] = tables[name][[f["name"] for f in desc["schema"]["fields"]]]
    return {name: (tables[name], descs[name]) for name in descs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, help=f"raw data directory (default {DEFAULT_RAW})"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--only",
        choices=["allocations", "payments"],
        default=None,
        help="derive only one family of tables",
    )
    args = parser.parse_args(argv)
    raw: Path = args.raw
    if not raw.is_dir():
        print(
            f"derive_data.py: raw data directory {raw} does not exist. Pass --raw DIR "
            "pointing at the shared raw data (with allocations/ and gp_payments/).",
            file=sys.stderr,
        )
        return 2
    builders = {"allocations": build_allocations, "payments": build_payments}
    try:
        for family, build in builders.items():
            if args.only and args.only != family:
                continue
            for _name, (df, desc) in build(raw).items():
                path = write_table(args.out, df, desc)
                print(f"{path}: {len(df)} rows, {path.stat().st_size:,} bytes")
    except DeriveError as exc:
        print(f"derive_data.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
