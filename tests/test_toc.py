"""Tests for commlib.toc: chapters and their pages from the table of contents."""

import re

import pytest

from commlib import toc

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: One
    chapters:
      - file: book/01-first/index
        sections:
          - file: book/01-first/a
          - file: book/01-first/b
      - file: book/glossary
  - caption: Two
    chapters:
      - file: book/02-second/index
"""
CHAPTER = re.compile(r"^book/(\d\d-[a-z0-9-]+)/index$")


@pytest.fixture
def toc_path(tmp_path):
    path = tmp_path / "_toc.yml"
    path.write_text(TOC, encoding="utf-8")
    return path


def test_chapters_lists_matching_chapters_with_their_pages_in_order(toc_path):
    assert toc.chapters(toc_path, CHAPTER) == [
        ("01-first", ["book/01-first/index", "book/01-first/a", "book/01-first/b"]),
        ("02-second", ["book/02-second/index"]),
    ]


def test_only_keeps_the_named_chapters_and_refuses_unknown_ones(toc_path):
    assert toc.chapters(toc_path, CHAPTER, ["02-second"]) == [
        ("02-second", ["book/02-second/index"])]
    with pytest.raises(ValueError, match="no chapter called 99-nothing"):
        toc.chapters(toc_path, CHAPTER, ["02-second", "99-nothing"])
