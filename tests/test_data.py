"""Tests for commlib.data and the derived tables in data/ (they read data/ only)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commlib import data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RAW = ROOT.parent / "shared" / "data" / "raw"
EXPECTED_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
}
STREAMS = [
    "global_sum",
    "mpig_correction",
    "pms_balance",
    "qof",
    "enhanced_services",
    "local_incentive_schemes",
    "premises",
    "prescribing_and_dispensing",
    "other_payments",
]


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.delenv("COMMLIB_DATA_DIR", raising=False)
    data.clear_cache()
    yield
    data.clear_cache()


def _names(ext: str) -> set[str]:
    """Table names with a file of this kind; "csv" counts compressed tables (.csv.gz) too.
    The package descriptor data/datapackage.json is not a table's (tests/test_datapackage.py)."""
    names = {p.stem for p in DATA.glob(f"*.{ext}")} - {"datapackage"}
    if ext == "csv":
        names |= {p.name.removesuffix(".csv.gz") for p in DATA.glob("*.csv.gz")}
    return names


def _csv_bytes(name: str) -> bytes:
    """The CSV text of a table as stored, decompressed if it is a .csv.gz."""
    path = data.table_path(name)
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


# ---------------------------------------------------------------- descriptors and files


def test_data_dir_is_repo_data():
    assert data.DATA_DIR == DATA
    assert data.data_dir() == DATA


def test_every_csv_has_a_descriptor_and_vice_versa():
    csvs, jsons = _names("csv"), _names("json")
    assert csvs, "data/ holds no tables"
    assert csvs - jsons == set(), f"CSV without descriptor: {sorted(csvs - jsons)}"
    assert jsons - csvs == set(), f"descriptor without CSV: {sorted(jsons - csvs)}"
    assert data.tables() == sorted(csvs)


@pytest.mark.parametrize("name", sorted(_names("json")))
def test_descriptor_complete(name):
    desc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    assert desc["name"] == name
    assert desc["title"].strip()
    assert desc["derived_by"].strip()
    assert desc["sources"], f"{name}: no sources"
    for src in desc["sources"]:
        for key in ("publisher", "title", "year"):
            assert str(src.get(key, "")).strip(), f"{name}: a source has no {key}"
    licence = desc["licence"]
    assert licence["name"] and licence["title"] and licence["url"].startswith("https://")
    if desc["derived_by"] == "scripts/derive_data.py":
        assert licence["name"] == "OGL-UK-3.0"
    fields = desc["schema"]["fields"]
    for field in fields:
        assert field["type"] in EXPECTED_DTYPES, (name, field["name"])
        assert "unit" in field, (name, field["name"])
        assert field.get("description", "").strip(), (name, field["name"])
        if field["type"] in ("number", "integer") and field["name"] != "year":
            assert field["unit"], f"{name}: numeric column {field['name']} has no unit"
    names = [f["name"] for f in fields]
    assert desc["schema"]["primary_key"]
    assert set(desc["schema"]["primary_key"]) <= set(names)


@pytest.mark.parametrize("name", sorted(_names("csv")))
def test_csv_is_plain_utf8_with_unix_newlines(name):
    raw = _csv_bytes(name)
    assert not raw.startswith(b"\xef\xbb\xbf"), "derived tables are written without a BOM"
    assert b"\r\n" not in raw
    assert raw.endswith(b"\n")


def test_no_file_in_data_is_over_5_mib():
    big = {p.name: p.stat().st_size for p in DATA.iterdir() if p.stat().st_size > 5 * 2**20}
    assert big == {}, f"store these compressed (scripts/derive_data.py does it): {big}"


@pytest.mark.parametrize("name", sorted(_names("csv")))
def test_only_tables_over_the_limit_are_compressed_and_reproducibly(name):
    path = data.table_path(name)
    text = _csv_bytes(name)
    if path.suffix == ".gz":
        assert len(text) > data.COMPRESS_ABOVE_BYTES, f"{path.name} is small enough to be plain"
        header = path.read_bytes()[:10]
        assert header[4:8] == b"\0\0\0\0", f"{path.name} has a time stamp in its gzip header"
        assert not header[3] & 0x08, f"{path.name} has a file name in its gzip header"
    else:
        assert len(text) <= data.COMPRESS_ABOVE_BYTES, f"{path.name} should be compressed"


def test_load_reads_a_compressed_table(tmp_data):
    plain = data.load("allocation_icb")
    packed = tmp_data / "allocation_icb.csv.gz"
    packed.write_bytes(gzip.compress((tmp_data / "allocation_icb.csv").read_bytes(), mtime=0))
    (tmp_data / "allocation_icb.csv").unlink()
    data.clear_cache()
    assert data.table_path("allocation_icb") == packed
    assert data.tables() == ["allocation_icb"]
    pd.testing.assert_frame_equal(data.load("allocation_icb"), plain)


def test_a_table_stored_both_plain_and_compressed_is_refused(tmp_data):
    csv = tmp_data / "allocation_icb.csv"
    (tmp_data / "allocation_icb.csv.gz").write_bytes(gzip.compress(csv.read_bytes()))
    data.clear_cache()
    with pytest.raises(ValueError, match="both exist: keep one"):
        data.load("allocation_icb")


@pytest.mark.parametrize("name", sorted(_names("csv")))
def test_load_returns_declared_dtypes(name):
    df = data.load(name)
    desc = data.describe(name)
    assert list(df.columns) == [f["name"] for f in desc["schema"]["fields"]]
    for field in desc["schema"]["fields"]:
        assert str(df[field["name"]].dtype) == EXPECTED_DTYPES[field["type"]], field["name"]
    assert len(df) > 0
    assert not df.duplicated(desc["schema"]["primary_key"]).any()


def test_load_returns_a_copy():
    a = data.load("allocation_icb")
    a.loc[0, "population"] = -1.0
    b = data.load("allocation_icb")
    assert b.loc[0, "population"] != -1.0


def test_validate_all():
    data.validate_all()


def test_source_note():
    note = data.source_note("allocation_icb")
    assert note.startswith("Source: NHS England, ")
    assert note.endswith("(Open Government Licence v3.0)")
    assert "\n" not in note
    assert "NHS Payments to General Practice" in data.source_note("gp_payments_practices")


def test_unknown_table():
    with pytest.raises(ValueError, match=r"no_such_table\.json"):
        data.load("no_such_table")


# ---------------------------------------------------------------- validation failures


@pytest.fixture
def tmp_data(tmp_path, monkeypatch):
    """A copy of allocation_icb in a temporary data directory."""
    for ext in ("csv", "json"):
        shutil.copy(DATA / f"allocation_icb.{ext}", tmp_path / f"allocation_icb.{ext}")
    monkeypatch.setenv("COMMLIB_DATA_DIR", str(tmp_path))
    data.clear_cache()
    return tmp_path


def _rewrite(path: Path, df: pd.DataFrame) -> None:
    df.to_csv(path, index=False, lineterminator="\n")


def _raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_tmp_copy_loads(tmp_data):
    assert data.data_dir() == tmp_data.resolve()
    assert len(data.load("allocation_icb")) == len(pd.read_csv(DATA / "allocation_icb.csv"))


def test_missing_column(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    _rewrite(path, _raw(path).drop(columns=["population"]))
    with pytest.raises(
        ValueError,
        match=r"allocation_icb\.csv: column 'population' is missing "
        r"\(declared in .*allocation_icb\.json\)",
    ):
        data.load("allocation_icb")


def test_renamed_column(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    _rewrite(path, _raw(path).rename(columns={"wp_core": "core_wp"}))
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: column 'wp_core' is missing"):
        data.load("allocation_icb")


def test_extra_column(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    df["notes"] = "x"
    _rewrite(path, df)
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: column 'notes' is not declared"):
        data.load("allocation_icb")


@pytest.mark.parametrize(
    ("column", "bad"), [("population", "about 1.8m"), ("practices", "203.5"), ("practices", "many")]
)
def test_mistyped_value(tmp_data, column, bad):
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    df.loc[3, column] = bad
    _rewrite(path, df)
    with pytest.raises(ValueError, match=rf"allocation_icb\.csv: column '{column}' should be"):
        data.load("allocation_icb")


def test_mistyped_boolean(tmp_path, monkeypatch):
    desc = {
        "name": "flags",
        "title": "t",
        "sources": [{"publisher": "p", "title": "t", "year": "1"}],
        "licence": {"name": "CC-BY-4.0", "title": "CC BY 4.0", "url": "https://x"},
        "derived_by": "compiled by hand",
        "schema": {
            "fields": [
                {"name": "k", "type": "string", "unit": None},
                {"name": "approximate", "type": "boolean", "unit": None},
            ],
            "primary_key": ["k"],
        },
    }
    (tmp_path / "flags.json").write_text(json.dumps(desc))
    (tmp_path / "flags.csv").write_text("k,approximate\na,true\nb,False\nc,\n")
    monkeypatch.setenv("COMMLIB_DATA_DIR", str(tmp_path))
    data.clear_cache()
    df = data.load("flags")
    assert df["approximate"].tolist()[:2] == [True, False] and pd.isna(df["approximate"][2])
    (tmp_path / "flags.csv").write_text("k,approximate\na,true\nb,perhaps\n")
    data.clear_cache()
    with pytest.raises(
        ValueError, match=r"flags\.csv: column 'approximate' should be true or false but row 3 "
        r"holds 'perhaps'"
    ):
        data.load("flags")
    # A hand-compiled table's verified column may not be left blank: say true or false.
    desc["schema"]["fields"][1]["name"] = "verified"
    (tmp_path / "flags.json").write_text(json.dumps(desc))
    (tmp_path / "flags.csv").write_text("k,verified\na,true\nb,\n")
    data.clear_cache()
    with pytest.raises(ValueError, match=r"flags\.csv: column 'verified' is blank in row 3"):
        data.load("flags")


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("population", "-5", r"column 'population' must not be negative but row 5 holds '-5'"),
        ("practices", "-1", r"column 'practices' must not be negative but row 5 holds '-1'"),
        ("region", "Wessex", r"column 'region' should be one of East of England, London, .*"
                             r"but row 5 holds 'Wessex'"),
        ("region_code", "Y99", r"column 'region_code' should be one of Y56, .* row 5 holds"),
        ("year", "2024-25", r"column 'year' should be a financial year written like 2024/25 but "
                            r"row 5 holds '2024-25'"),
        ("icb_code", "", r"primary key column 'icb_code' is blank in row 5"),
        ("wp_core", "", r"column 'wp_core' is blank in row 5: every row needs a value"),
    ],
)
def test_value_breaking_a_constraint(tmp_data, column, bad, message):
    """The Table Schema's constraints, checked by frictionless, in plain English."""
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    df.loc[3, column] = bad
    _rewrite(path, df)
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: " + message):
        data.load("allocation_icb")


def test_columns_out_of_order(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    cols = list(df.columns)
    cols[1], cols[2] = cols[2], cols[1]
    _rewrite(path, df[cols])
    with pytest.raises(
        ValueError, match=r"allocation_icb\.csv: column 2 is 'icb_name' but .*allocation_icb"
        r"\.json declares 'icb_code' there"
    ):
        data.load("allocation_icb")


def test_duplicated_column(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    text = path.read_text().splitlines()
    text = [line + ",x" for line in text]
    text[0] = text[0].rsplit(",", 1)[0] + ",region"
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: column 'region' appears more"):
        data.load("allocation_icb")


def test_large_tables_are_checked_on_load_by_header_and_parse(monkeypatch, tmp_data):
    """Over ROW_CHECK_BELOW_BYTES only the header goes through frictionless on load; pandas
    still refuses a mistyped value and a repeated key in the rows."""
    monkeypatch.setattr(data, "ROW_CHECK_BELOW_BYTES", 1)
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    df.loc[3, "population"] = "about 1.8m"
    _rewrite(path, df)
    data.clear_cache()
    with pytest.raises(ValueError, match=r"column 'population' should be a number but row 5"):
        data.load("allocation_icb")
    _rewrite(path, pd.concat([_raw(path).drop(index=3), _raw(path).iloc[[0]]]))
    data.clear_cache()
    with pytest.raises(ValueError, match=r"primary key \(year, icb_code\) is not unique"):
        data.load("allocation_icb")
    _rewrite(path, _raw(path).drop(columns=["region"]))
    data.clear_cache()
    with pytest.raises(ValueError, match=r"column 'region' is missing"):
        data.load("allocation_icb")


def test_duplicate_primary_key(tmp_data):
    path = tmp_data / "allocation_icb.csv"
    df = _raw(path)
    _rewrite(path, pd.concat([df, df.iloc[[0]]]))
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: primary key \(year, icb_code\)"):
        data.load("allocation_icb")


def test_missing_csv_and_descriptor(tmp_data):
    (tmp_data / "allocation_icb.csv").unlink()
    with pytest.raises(ValueError, match=r"allocation_icb\.csv: table is missing"):
        data.load("allocation_icb")
    (tmp_data / "other.csv").write_text("a\n1\n")
    with pytest.raises(ValueError, match=r"other\.json: descriptor is missing"):
        data.load("other")


def test_cache_follows_data_dir(tmp_data):
    """Changing a file needs clear_cache(); changing COMMLIB_DATA_DIR does not."""
    before = data.load("allocation_icb")
    path = tmp_data / "allocation_icb.csv"
    _rewrite(path, _raw(path).drop(columns=["region"]))
    assert data.load("allocation_icb").equals(before)  # cached
    data.clear_cache()
    with pytest.raises(ValueError, match="region"):
        data.load("allocation_icb")


# ---------------------------------------------------------------- README checks: allocations


@pytest.fixture(scope="module")
def practices():
    return data.load("allocation_practices")


def test_core_weighted_population_equals_population_2024_25(practices):
    y = practices[practices["year"] == "2024/25"]
    pop, core = y["population"].sum(), y["wp_core"].sum()
    assert abs(core - pop) / pop < 1e-4
    assert 62.10e6 < pop < 62.20e6
    assert round(pop / 1e6, 2) == 62.15


def test_every_weighted_population_sums_to_population(practices):
    cols = [c for c in practices.columns if c.startswith("wp_")]
    assert len(cols) == 9
    sums = practices.groupby("year")[["population", *cols]].sum()
    for col in cols:
        assert np.allclose(sums[col], sums["population"], rtol=1e-6), col


def test_icb_counts():
    icb = data.load("allocation_icb")
    counts = icb.groupby("year")["icb_code"].nunique().to_dict()
    assert counts == {"2023/24": 42, "2024/25": 42, "2025/26": 42, "2026/27": 36,
                      "2027/28": 36, "2028/29": 36}


def test_practice_counts(practices):
    counts = practices.groupby("year").size().to_dict()
    assert counts == {"2023/24": 6553, "2024/25": 6553, "2025/26": 6348, "2026/27": 6281,
                      "2027/28": 6281, "2028/29": 6281}


def test_sub_icb_locations_are_named_after_the_ccgs_they_replaced():
    names = data.load("sub_icb_locations").set_index("sub_icb_code")
    assert len(names) == 106
    assert names.loc["03F", "place_name"] == "NHS Hull"
    assert names.loc["00L", "former_ccg_name"] == "NHS Northumberland CCG"
    subs = set(data.load("allocation_sub_icb")["sub_icb_code"])
    assert subs == set(names.index)


def test_every_practice_of_the_latest_year_has_a_position_in_england(practices):
    positions = data.load("practice_locations").set_index("practice_code")
    latest = practices[practices["year"] == practices["year"].max()]["practice_code"]
    located = positions.loc[latest]
    assert located["latitude"].notna().all() and located["longitude"].notna().all()
    assert located["latitude"].between(49.8, 55.9).all()
    assert located["longitude"].between(-6.5, 2.0).all()


def test_area_tables_add_up(practices):
    totals = practices.groupby("year")[["population", "wp_core"]].sum()
    for name in ("allocation_icb", "allocation_region"):
        area = data.load(name).groupby("year")[["population", "wp_core", "practices"]].sum()
        assert np.allclose(area[["population", "wp_core"]], totals, rtol=1e-9), name
        assert area["practices"].to_dict() == practices.groupby("year").size().to_dict()
    sub = data.load("allocation_sub_icb")
    assert sorted(sub["year"].unique()) == ["2023/24", "2024/25"]
    assert sub.groupby("year").size().to_dict() == {"2023/24": 106, "2024/25": 106}
    with_sub = practices[practices["sub_icb_code"].notna()]
    assert np.allclose(
        sub.groupby("year")["population"].sum(),
        with_sub.groupby("year")["population"].sum(),
        rtol=1e-9,
    )
    assert data.load("allocation_region").groupby("year").size().eq(7).all()


# ---------------------------------------------------------------- README checks: payments


@pytest.fixture(scope="module")
def payments():
    return data.load("gp_payments_practices")


def test_payments_rows(payments):
    counts = payments.groupby("year").size().to_dict()
    assert counts == {"2019/20": 7001, "2020/21": 6808, "2021/22": 6758, "2022/23": 6669}


def test_gms_global_sum_per_weighted_patient_2020_21(payments):
    gms = payments[
        (payments["year"] == "2020/21")
        & (payments["contract_type"] == "GMS")
        & (payments["weighted_patients"] > 0)
    ]
    median = (gms["global_sum"] / gms["weighted_patients"]).median()
    assert round(median, 2) == 89.29


def test_streams_add_back_to_total(payments):
    total = payments[STREAMS].sum(axis=1)
    assert (total - payments["total_payments"]).abs().max() < 0.005


def test_payment_categories(payments):
    assert set(payments["contract_type"]) == {"GMS", "PMS", "APMS", "Unknown"}
    assert set(payments["rurality"]) == {"Urban", "Rural", "Unknown"}
    assert payments["region_name"].nunique() == 7
    first = payments[payments["year"] == "2019/20"]
    assert (first[["pcn_payments", "covid_payments"]] == 0).all().all()
    later = payments[payments["year"] != "2019/20"].groupby("year")
    assert (later["pcn_payments"].sum() > 1e8).all()
    assert (later["covid_payments"].sum() > 1e8).all()


def test_payments_sub_icb_codes_match_allocations(payments, practices):
    """2022/23 sub-ICB locations equal the allocation files' CCG21 codes (see descriptor)."""
    pay = set(payments.loc[payments["year"] == "2022/23", "sub_icb_code"])
    alloc = set(practices.loc[practices["year"] == "2024/25", "sub_icb_code"].dropna())
    assert pay == alloc and len(pay) == 106


# ---------------------------------------------------------------- determinism


@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not available at {RAW}")
def test_derivation_reproduces_data(tmp_path):
    out = tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "derive_data.py"),
            "--raw",
            str(RAW),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written, "derive_data.py wrote nothing"
    for name in written:
        assert (DATA / name).is_file(), f"data/{name} is not committed"
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), (
            f"data/{name} differs from a fresh derivation: run scripts/derive_data.py"
        )


def test_derive_fails_clearly_without_raw(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "derive_data.py"),
            "--raw",
            str(tmp_path / "missing"),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "does not exist" in result.stderr and "--raw" in result.stderr
    assert not (tmp_path / "out").exists()
