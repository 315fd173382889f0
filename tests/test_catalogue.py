"""Tests for commlib.catalogue: the "About the data" page, read from the descriptors."""

from __future__ import annotations

import json

import pytest

from commlib import catalogue, data


def _table(folder, name, *, title, rows, fields, licence, sources, derived_by):
    header = ",".join(f["name"] for f in fields)
    (folder / f"{name}.csv").write_text(
        header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({
        "name": name, "title": title, "description": f"About {name}.", "sources": sources,
        "licence": licence, "derived_by": derived_by,
        "schema": {"fields": fields, "primary_key": [fields[0]["name"]]},
    }), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    _table(tmp_path, "zeta_facts", title="Facts <compiled>", rows=[["a", "1", "true"],
           ["b", "2", "false"], ["c", "3", "false"]],
           fields=[{"name": "key", "type": "string", "unit": None, "description": "Label"},
                   {"name": "value", "type": "number", "unit": "£m", "description": "Money"},
                   {"name": "verified", "type": "boolean", "unit": None,
                    "description": "Checked"}],
           licence={"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                    "url": "https://creativecommons.org/licenses/by/4.0/"},
           sources=[{"publisher": "NHS England", "title": "Seed A", "year": "2016"},
                    {"publisher": "The King's Fund", "title": "Seed B", "year": "2017"}],
           derived_by="compiled by hand")
    _table(tmp_path, "alpha_counts", title="Counts", rows=[["x", "5"]],
           fields=[{"name": "code", "type": "string", "unit": None, "description": "Code"},
                   {"name": "people", "type": "integer", "unit": "people",
                    "description": "Registered"}],
           licence={"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/"
                           "version/3/"},
           sources=[{"publisher": "NHS England", "title": "Populations", "year": "2025",
                     "url": "https://example.org/populations", "note": "file a.csv"}],
           derived_by="scripts/derive_data.py")
    monkeypatch.setenv("COMMLIB_DATA_DIR", str(tmp_path))
    data.clear_cache()
    yield tmp_path
    data.clear_cache()


def test_catalogue_lists_every_table_in_name_order_with_licence_and_rows(data_dir):
    frame = catalogue.catalogue_frame()
    assert frame["Table"].tolist() == ["alpha_counts", "zeta_facts"]
    facts = frame.set_index("Table").loc["zeta_facts"]
    assert facts["Title"] == "Facts <compiled>"
    assert facts["Published by"] == "NHS England, The King's Fund"
    assert facts["Licence"] == "Creative Commons Attribution 4.0"
    assert facts["Made by"] == "compiled by hand"
    assert facts["Rows"] == 3


def test_columns_frame_gives_every_declared_column_with_its_unit(data_dir):
    columns = catalogue.columns_frame("zeta_facts")
    assert columns["Column"].tolist() == ["key", "value", "verified"]
    assert columns["Unit"].tolist() == ["(label)", "£m", "(label)"]


def test_table_entry_escapes_text_links_sources_and_counts_unchecked_rows(data_dir):
    entry = catalogue.table_html("zeta_facts", heading_level=3)
    assert "<h3>Facts &lt;compiled&gt;</h3>" in entry
    assert "2 of its 3 rows could not be checked" in entry
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in entry
    assert '<th scope="col">Column</th>' in entry
    counts = catalogue.table_html("alpha_counts")
    assert '<a href="https://example.org/populations">' in counts
    assert "could not be checked" not in counts
    assert "<h2>Counts</h2>" in counts


def test_catalogue_html_has_one_section_per_table(data_dir):
    page = catalogue.catalogue_html()
    assert page.count('<section class="commlib-catalogue-entry"') == 2
    assert page.index('id="table-alpha_counts"') < page.index('id="table-zeta_facts"')


def test_a_broken_table_stops_the_catalogue(data_dir):
    (data_dir / "alpha_counts.csv").write_text("code,people\nx,lots\n", encoding="utf-8")
    data.clear_cache()
    with pytest.raises(ValueError, match="people"):
        catalogue.catalogue_frame()
