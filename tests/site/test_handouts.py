"""The chapter handouts (``make handouts``): one PDF per chapter, printed from the built site.

Runs ``scripts/build_handouts.py`` against the built site (``_build/html``, or ``$SITE_DIR``)
and reads the PDFs back with pypdf: each holds its chapter's title and the caption of every
figure on its pages, and none of the screen-only parts (navigation, exercise solutions).
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("build_handouts",
                                              ROOT / "scripts" / "build_handouts.py")
build_handouts = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_handouts)

pytestmark = pytest.mark.site


class PageFacts(HTMLParser):
    """A built page's main heading and the captions of its figures outside solutions."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.captions: list[str] = []
        self.has_solution = False
        self._div_depth = 0
        self._solution_depth: int | None = None
        self._in_h1 = self._in_caption = self._in_source = self._in_number = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div":
            self._div_depth += 1
            if "solution" in classes and self._solution_depth is None:
                self._solution_depth = self._div_depth
                self.has_solution = True
        elif tag == "h1" and not self.title:
            self._in_h1, self._text = True, []
        elif tag == "figcaption" and self._solution_depth is None:
            self._in_caption, self._text = True, []
        elif tag == "span" and "commlib-source" in classes:
            self._in_source = True
        elif tag == "span" and "section-number" in classes:
            self._in_number = True
        elif tag == "a" and "headerlink" in classes:
            self._in_number = True

    def handle_endtag(self, tag):
        if tag == "div":
            if self._solution_depth == self._div_depth:
                self._solution_depth = None
            self._div_depth -= 1
        elif tag == "h1" and self._in_h1:
            self._in_h1, self.title = False, "".join(self._text).strip()
        elif tag == "figcaption" and self._in_caption:
            self._in_caption = False
            self.captions.append("".join(self._text).strip())
        elif tag in ("span", "a"):
            self._in_source = self._in_number = False

    def handle_data(self, data):
        if (self._in_h1 or self._in_caption) and not (self._in_source or self._in_number):
            self._text.append(data)


def page_facts(path: Path) -> PageFacts:
    facts = PageFacts()
    facts.feed(path.read_text(encoding="utf-8"))
    return facts


def squeeze(text: str) -> str:
    """Text without whitespace, soft hyphens or ligatures (a PDF prints "ﬂ" for "fl")."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", html.unescape(text)))


@pytest.fixture(scope="module")
def handouts(site_root: Path, tmp_path_factory) -> list[tuple[str, list[str], Path]]:
    chapters = [
        (slug, docs) for slug, docs in build_handouts.chapters_from_toc(ROOT / "_toc.yml")
        if all((site_root / f"{doc}.html").is_file() for doc in docs)
    ]
    if not chapters:
        pytest.fail(f"no chapter of _toc.yml is in {site_root}: run make book first",
                    pytrace=False)
    out = tmp_path_factory.mktemp("handouts")
    # As `make handouts` runs it: in its own process, since the site tests' browser (Playwright's
    # sync API) is already running in this one and cannot be nested.
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_handouts.py"), "--site", str(site_root),
         "--out", str(out), *[slug for slug, _ in chapters]],
        check=True, cwd=ROOT, timeout=900,
    )
    written = sorted(out.glob("*.pdf"))
    assert sorted(p.name for p in written) == sorted(f"{slug}.pdf" for slug, _ in chapters)
    return [(slug, docs, out / f"{slug}.pdf") for slug, docs in chapters]


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_every_chapter_gets_a_pdf_with_at_least_a_page_per_book_page(handouts):
    for slug, docs, path in handouts:
        assert path.stat().st_size > 20_000, f"{path.name} is nearly empty"
        assert len(PdfReader(path).pages) >= len(docs), slug


def test_a_handout_holds_its_chapter_title_and_every_figure_caption(handouts, site_root):
    for _slug, docs, path in handouts:
        text = squeeze(pdf_text(path))
        title = page_facts(site_root / f"{docs[0]}.html").title
        assert title and squeeze(title) in text, f"{path.name} lacks its title {title!r}"
        for doc in docs:
            for caption in page_facts(site_root / f"{doc}.html").captions:
                assert squeeze(caption) in text, f"{path.name} lacks the caption {caption!r}"


def test_handouts_leave_out_navigation_and_exercise_solutions(handouts, site_root):
    for _slug, docs, path in handouts:
        text = pdf_text(path)
        for screen_only in ("Skip to main content", "Back to top", "Ctrl+K"):
            assert screen_only not in text, f"{path.name} prints {screen_only!r}"
        if any(page_facts(site_root / f"{doc}.html").has_solution for doc in docs):
            assert "Solution to Exercise" not in text, f"{path.name} prints the answers"


def test_an_unknown_chapter_is_refused_with_a_plain_message(site_root, tmp_path):
    with pytest.raises(SystemExit, match="no chapter called 99-nothing"):
        build_handouts.build(site_root, tmp_path, ROOT / "_toc.yml", ["99-nothing"])


def test_a_missing_site_says_to_build_the_book_first(tmp_path):
    with pytest.raises(SystemExit, match="run 'make book' first"):
        build_handouts.build(tmp_path / "no-site", tmp_path / "out", ROOT / "_toc.yml", [])
