"""The data catalogue: every table in ``data/`` described from its descriptor.

Used by the "About the data" page (``book/about-the-data.ipynb``), so the page always lists
exactly the tables that :func:`commlib.data.tables` finds, with the title, sources, licence
and columns their descriptors declare (see CONTRIBUTING.md, "Data tables").
Presentation only: it reads descriptors and tables, and does no arithmetic.
"""

from __future__ import annotations

import html

import pandas as pd

from commlib import data, plots

__all__ = ["catalogue_frame", "catalogue_html", "columns_frame", "table_html"]


def _publishers(desc: dict) -> str:
    names: list[str] = []
    for source in desc["sources"]:
        publisher = (source.get("publisher") or "").strip() or "unknown publisher"
        if publisher not in names:
            names.append(publisher)
    return ", ".join(names)


def catalogue_frame() -> pd.DataFrame:
    """One row per table: name, title, publisher(s), licence, how it was made and its rows."""
    rows = []
    for name in data.tables():
        desc = data.describe(name)
        rows.append(
            {
                "Table": name,
                "Title": desc["title"],
                "Published by": _publishers(desc),
                "Licence": desc["licence"].get("title") or desc["licence"].get("name", ""),
                "Made by": desc["derived_by"],
                "Rows": len(data.load(name)),
            }
        )
    return pd.DataFrame(
        rows, columns=["Table", "Title", "Published by", "Licence", "Made by", "Rows"]
    )


def columns_frame(name: str) -> pd.DataFrame:
    """The columns of table ``name``: name, type, unit and description, as declared."""
    fields = data.describe(name)["schema"]["fields"]
    return pd.DataFrame(
        [
            {
                "Column": f["name"],
                "Type": f["type"],
                "Unit": f.get("unit") or "(label)",
                "Description": f.get("description", ""),
            }
            for f in fields
        ],
        columns=["Column", "Type", "Unit", "Description"],
    )


def _link(text: str, url: str | None) -> str:
    if not url:
        return html.escape(text)
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


def table_html(name: str, *, heading_level: int = 2) -> str:
    """One table's entry: heading, description, sources, licence, key and columns."""
    desc = data.describe(name)
    level = min(max(int(heading_level), 2), 6)
    sources = []
    for source in desc["sources"]:
        text = ", ".join(
            bit for bit in (source.get("publisher"), source.get("title"), source.get("year")) if bit
        )
        item = _link(text, source.get("url"))
        if source.get("note"):
            item += f" <span class=\"commlib-source\">{html.escape(source['note'])}</span>"
        sources.append(f"<li>{item}</li>")
    licence = desc["licence"]
    key = desc["schema"].get("primary_key") or []
    frame = data.load(name)
    unverified = ""
    if "verified" in frame.columns:
        count = int((frame["verified"] == False).sum())  # noqa: E712 (pandas boolean mask)
        if count:
            unverified = (
                f"<p>{count} of its {len(frame)} rows could not be checked against a published "
                "source (column <code>verified</code> is false): chapters print them with a "
                "caveat.</p>"
            )
    parts = [
        f'<section class="commlib-catalogue-entry" id="table-{html.escape(name)}">',
        f"<h{level}>{html.escape(desc['title'])}</h{level}>",
        f"<p><code>data/{html.escape(data.table_path(name).name)}</code>, "
        f"{len(frame):,} rows; load it with <code>commlib.data.load(\"{html.escape(name)}\")"
        "</code>.</p>",
    ]
    if desc.get("description"):
        parts.append(f"<p>{html.escape(desc['description'])}</p>")
    parts += [
        "<p><strong>Sources</strong></p>",
        f"<ul>{''.join(sources)}</ul>",
        f"<p><strong>Licence</strong>: "
        f"{_link(licence.get('title') or licence.get('name', ''), licence.get('url'))}. "
        f"<strong>Made by</strong>: <code>{html.escape(desc['derived_by'])}</code>."
        + (
            f" <strong>Each row is one</strong>: {html.escape(', '.join(key))}."
            if key else ""
        )
        + "</p>",
        unverified,
        plots.data_table_html(columns_frame(name), caption=f"Columns of {name}"),
        "</section>",
    ]
    return "".join(parts)


def catalogue_html(*, heading_level: int = 2) -> str:
    """Every table's entry, in name order."""
    return "".join(table_html(name, heading_level=heading_level) for name in data.tables())
