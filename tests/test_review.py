"""Every page says when it was last reviewed, from one table (data/page_reviews.csv)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from commlib import data, review

ROOT = Path(__file__).resolve().parents[1]
TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")
TOC_PAGES = [re.search(r"^root: (\S+)", TOC, re.M).group(1),
             *re.findall(r"file: (\S+)", TOC)]
NOTEBOOKS = [p for p in TOC_PAGES if (ROOT / f"{p}.ipynb").is_file()]
MARKDOWN = [p for p in TOC_PAGES if (ROOT / f"{p}.md").is_file()]


def test_every_page_of_the_table_of_contents_has_exactly_one_review_row():
    reviews = data.load("page_reviews")
    assert sorted(reviews["page"]) == sorted(TOC_PAGES)


def test_every_page_was_reviewed_before_its_next_review_is_due():
    for page in TOC_PAGES:
        assert review.line(page).startswith("Last reviewed: ")


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_a_notebook_ends_with_its_own_review_stamp_and_stores_the_line(page):
    notebook = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))
    last = notebook["cells"][-1]
    assert last["cell_type"] == "code"
    assert f'review.stamp("{page}")' in "".join(last["source"]), (
        f"{page}.ipynb must end with a cell calling review.stamp(\"{page}\")")
    assert "remove-input" in last["metadata"].get("tags", [])
    stored = "".join(last["outputs"][0]["data"]["text/plain"])
    assert stored == review.line(page)


@pytest.mark.parametrize("page", MARKDOWN)
def test_a_markdown_page_carries_the_reviewed_directive(page):
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    assert re.search(r"^```\{reviewed\}\s*\n```", text, re.M), f"{page}.md lacks {{reviewed}}"


def test_the_line_names_the_months_in_words():
    assert review.month_name("2026-12") == "December 2026"
    assert review.month_name("2027-06") == "June 2027"


@pytest.mark.parametrize("bad", ["2026-13", "Dec 2026", "2026/12", ""])
def test_a_month_not_written_yyyy_mm_is_refused_in_words(bad):
    with pytest.raises(ValueError, match="must be a year and month written YYYY-MM"):
        review.month_name(bad)


def test_a_page_without_a_row_is_refused_saying_what_to_add():
    with pytest.raises(ValueError, match="has no row in data/page_reviews.csv"):
        review.line("book/99-nowhere/index")


def test_the_stamp_shows_as_html_and_as_text():
    stamp = review.stamp(NOTEBOOKS[0])
    assert stamp._repr_html_() == f'<p class="commlib-reviewed">{review.line(NOTEBOOKS[0])}</p>'
    assert repr(stamp) == review.line(NOTEBOOKS[0])
