"""Read the book's table of contents (``_toc.yml``): which pages make up each chapter.

Used by the trainer tools (``scripts/build_slides.py``, ``scripts/build_handouts.py``), which
make one deck or one PDF per chapter in the order a reader meets the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def chapters(toc_path: Path, chapter_file: re.Pattern[str],
             only: list[str] | tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    """``(slug, [docnames in order])`` for every chapter whose file matches ``chapter_file``.

    ``chapter_file`` is a pattern whose first group is the chapter's slug (its folder), e.g.
    ``^book/(\\d\\d-[a-z0-9-]+)/index$``. A chapter's pages are its own file, then its sections.
    With ``only``, just those chapters; a slug that is not in the table of contents raises
    ``ValueError`` naming it.
    """
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    found = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            match = chapter_file.match(chapter.get("file", ""))
            if match:
                pages = [chapter["file"]] + [s["file"] for s in chapter.get("sections", [])]
                found.append((match.group(1), pages))
    if only:
        unknown = sorted(set(only) - {slug for slug, _ in found})
        if unknown:
            raise ValueError(f"no chapter called {', '.join(unknown)} in {toc_path}")
        found = [(slug, pages) for slug, pages in found if slug in only]
    return found
