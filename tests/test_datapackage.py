"""data/datapackage.json: the Frictionless Data Package of the workbook's tables.

It is built from the descriptors data/<name>.json by scripts/build_datapackage.py; here it is
checked to be up to date and validated with the frictionless library (every row of every
table, and the foreign keys between tables), as ``frictionless validate data/datapackage.json``
would.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from commlib import data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PACKAGE = DATA / "datapackage.json"
SCRIPT = ROOT / "scripts" / "build_datapackage.py"


def _script():
    spec = importlib.util.spec_from_file_location("build_datapackage", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.delenv("COMMLIB_DATA_DIR", raising=False)
    data.clear_cache()
    yield
    data.clear_cache()


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def _errors(report) -> list[str]:
    out = [f"{e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        out += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    return out


def test_committed_package_is_what_the_script_writes():
    assert PACKAGE.read_text(encoding="utf-8") == _script().render(), (
        "data/datapackage.json is out of date: run .venv/bin/python scripts/build_datapackage.py"
    )


def test_script_check_flag():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_package_validates_every_row_and_foreign_key():
    """``frictionless validate data/datapackage.json``, through the Python API."""
    report = frictionless.validate(str(PACKAGE))
    assert report.valid, "\n".join(_errors(report)[:20])
    assert {task.name for task in report.tasks} == set(data.tables())


def test_one_resource_per_table(package):
    assert package["profile"] == "tabular-data-package"
    names = [r["name"] for r in package["resources"]]
    assert names == data.tables()
    for res in package["resources"]:
        path = data.table_path(res["name"])
        assert res["path"] == path.name and (DATA / res["path"]).is_file()
        assert res["profile"] == "tabular-data-resource"
        assert (res.get("compression") == "gz") == (path.suffix == ".gz"), res["name"]
        assert res["licenses"] and res["licenses"][0]["path"].startswith("https://")
        assert res["sources"] and all(s["title"] for s in res["sources"])
        desc = data.describe(res["name"])
        assert [f["name"] for f in res["schema"]["fields"]] == [
            f["name"] for f in desc["schema"]["fields"]]
        assert res["schema"]["primaryKey"] == desc["schema"]["primary_key"]
        for field in res["schema"]["fields"]:
            assert field["description"].strip(), (res["name"], field["name"])
            if field["type"] in ("number", "integer") and field["name"] != "year":
                assert field.get("unit"), (res["name"], field["name"])
    assert {lic["name"] for lic in package["licenses"]} == {"CC-BY-4.0", "OGL-UK-3.0"}


def _resource(package, name):
    return next(r for r in package["resources"] if r["name"] == name)


def _field(package, name, column):
    return next(f for f in _resource(package, name)["schema"]["fields"] if f["name"] == column)


def test_allocation_tables_refer_to_each_other(package):
    for name in ("allocation_pcn", "allocation_sub_icb", "allocation_practices"):
        keys = _resource(package, name)["schema"]["foreignKeys"]
        assert {"fields": ["year", "icb_code"],
                "reference": {"resource": "allocation_icb", "fields": ["year", "icb_code"]}
                } in keys, name
    keys = _resource(package, "allocation_icb")["schema"]["foreignKeys"]
    assert keys[0]["reference"]["resource"] == "allocation_region"


def test_constraints(package):
    population = _field(package, "allocation_icb", "population")
    assert population["unit"] == "people"
    assert population["constraints"] == {"minimum": 0, "required": True}
    assert len(_field(package, "allocation_icb", "region")["constraints"]["enum"]) == 7
    assert _field(package, "allocation_icb", "year")["constraints"]["pattern"]
    # payment lines can be negative (recoveries): no minimum on the money columns there
    assert "minimum" not in _field(package, "gp_payments_practices", "global_sum")["constraints"]
    assert _field(package, "public_health_grant", "amount_m")["constraints"]["minimum"] == 0
    assert _field(package, "timeline", "verified")["constraints"] == {"required": True}


def test_a_broken_foreign_key_is_found(tmp_path):
    """A PCN row whose ICB is not in allocation_icb for that year fails validation."""
    for name in ("allocation_icb", "allocation_region", "allocation_pcn"):
        for ext in ("csv", "json"):
            shutil.copy(DATA / f"{name}.{ext}", tmp_path / f"{name}.{ext}")
    pcn = tmp_path / "allocation_pcn.csv"
    lines = pcn.read_text().splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    first[header.index("icb_code")] = "QZZ"
    lines[1] = ",".join(first)
    pcn.write_text("\n".join(lines) + "\n")
    (tmp_path / "datapackage.json").write_text(_script().render(tmp_path))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    errors = [e for task in report.tasks for e in task.errors]
    assert [e.type for e in errors] == ["foreign-key"]
    assert "QZZ" in errors[0].message and errors[0].row_number == 2


def test_script_fails_clearly_without_the_data_directory(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--data", str(tmp_path / "none")],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "does not exist" in result.stderr and "--data" in result.stderr
