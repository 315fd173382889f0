"""When each page was last reviewed: one table (``data/page_reviews.csv``), one rendering.

Every page of the workbook says when its facts were last checked against their sources.
The dates live in one place, the table ``page_reviews``; this module renders them:

* a chapter notebook ends with a hidden-input cell ``review.stamp("book/03-regulation/oversight")``,
  whose output (HTML on the site and in JupyterLab, text elsewhere) is the line;
* a Markdown page uses the ``{reviewed}`` directive of :mod:`commlib.site`, which calls
  :func:`line` for the page being built.

``tests/test_review.py`` checks that every page of the table of contents has a row and shows
its line, and that each stamp names its own page.

Examples
--------
>>> from commlib import review
>>> review.line("book/03-regulation/oversight")        # doctest: +SKIP
'Last reviewed: December 2026. Next review due: June 2027.'
"""

from __future__ import annotations

import calendar
import html
import re

from commlib import data

__all__ = ["line", "month_name", "parse_month", "stamp", "Stamp"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(month: str, what: str = "month") -> tuple[int, int]:
    """``"2026-12"`` as ``(2026, 12)``; ``what`` names the value in the refusal.

    Raises
    ------
    ValueError
        If ``month`` is not a year and month written YYYY-MM.
    """
    found = _MONTH.match(str(month))
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"{what} ({month!r}) must be a year and month written YYYY-MM, "
                         "for example 2026-12")
    return int(found.group(1)), int(found.group(2))


def month_name(month: str) -> str:
    """``"2026-12"`` as ``"December 2026"`` (refused as :func:`parse_month` says)."""
    year, number = parse_month(month, "review month")
    return f"{calendar.month_name[number]} {year}"


def _row(page: str) -> dict:
    reviews = data.load("page_reviews").set_index("page")
    if page not in reviews.index:
        raise ValueError(f"page {page!r} has no row in data/page_reviews.csv: add the month it "
                         "was last reviewed")
    return reviews.loc[page].to_dict()


def line(page: str) -> str:
    """The review line of ``page`` (its path as in ``_toc.yml``, without suffix)."""
    row = _row(page)
    if row["next_review"] <= row["last_reviewed"]:
        raise ValueError(f"page {page!r}: the next review ({row['next_review']}) must come after "
                         f"the last ({row['last_reviewed']})")
    return (f"Last reviewed: {month_name(row['last_reviewed'])}. "
            f"Next review due: {month_name(row['next_review'])}.")


class Stamp:
    """The review line of a page, shown as HTML in a notebook and as text elsewhere."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.text = line(page)

    def _repr_html_(self) -> str:
        return f'<p class="commlib-reviewed">{html.escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


def stamp(page: str) -> Stamp:
    """The review line of ``page``, for the last cell of a chapter notebook."""
    return Stamp(page)
