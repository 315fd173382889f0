"""The slide decks (``make slides``): one offline reveal.js deck per chapter.

A small chapter is made on the fly (stored outputs built with commlib.plots, a glued number, an
exercise with its solution), so these tests do not depend on the book's chapters; the last
tests build decks from the real chapters in ``_toc.yml``.
"""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest

from commlib import plots

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("build_slides", ROOT / "scripts" / "build_slides.py")
build_slides = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_slides)

CAPTION = "Test allocations per head by year, £ per head, 2023/24 to 2025/26"


class AssetLinks(HTMLParser):
    """Every script src and stylesheet href in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def asset_links(page: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(page)
    return parser.urls


def glue_output(name: str, text: str) -> nbformat.NotebookNode:
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + "text/plain": repr(text)},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def figure_output() -> nbformat.NotebookNode:
    fig = plots.new_figure(title="Allocation per head")
    fig.add_trace(go.Scatter(x=["2023/24", "2024/25"], y=[1300.0, 1373.0], name="per head"))
    data = pd.DataFrame({"year": ["2023/24", "2024/25"], "per_head": [1300.0, 1373.0]})
    bundle = plots.figure_bundle(fig, caption=CAPTION, alt="A rising line.", data=data)
    return nbformat.v4.new_output("display_data", data=bundle)


def make_book(root: Path) -> None:
    """A one-chapter book: index and one section, with stored outputs."""
    chapter = root / "book" / "99-test-chapter"
    chapter.mkdir(parents=True)
    (root / "book" / "_bib").mkdir()
    (root / "book" / "_bib" / "test.bib").write_text(
        "@misc{test-2020-source,\n  author = {{Test Publisher}},\n  title = {A source},\n"
        "  year = {2020}\n}\n",
        encoding="utf-8",
    )
    setup = nbformat.v4.new_code_cell("import commlib", metadata={"tags": ["remove-cell"]})
    glued = nbformat.v4.new_code_cell("glue(...)", metadata={"tags": ["remove-cell"]})
    glued.outputs = [glue_output("per_head", "£1,373 per head")]
    figure = nbformat.v4.new_code_cell("plots.show(fig)", metadata={"tags": ["remove-input"]})
    figure.outputs = [figure_output()]
    widget = nbformat.v4.new_code_cell("explorer", metadata={"tags": ["remove-input"]})
    widget.outputs = [nbformat.v4.new_output(
        "display_data",
        data={"application/vnd.jupyter.widget-view+json": {"model_id": "a" * 32,
                                                           "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "VBox()"},
    )]
    hidden_answer = nbformat.v4.new_code_cell("answer", metadata={"tags": ["remove-input"]})
    hidden_answer.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>ANSWER-TABLE</p>", "text/plain": "x"})]
    index = nbformat.v4.new_notebook(cells=[
        setup,
        nbformat.v4.new_markdown_cell(
            "# Test chapter: money in\n\n(test-label)=\n## Learning objectives\n\n"
            "- read an {term}`ICB` allocation {cite}`test-2020-source`"
        ),
        glued,
        nbformat.v4.new_markdown_cell(
            "## The story\n\nThe allocation was {glue:text}`per_head` in 2024/25.\n\n"
            "```{note}\nLive in JupyterLab and the explorer app.\n```"
        ),
        figure,
        widget,
        nbformat.v4.new_markdown_cell(
            "## Exercises\n\n````{exercise} Find the target\n:label: test-ex\n\n"
            "What is the target?\n````\n\n```{solution-start} test-ex\n:class: dropdown\n```\n"
            "SECRET-SOLUTION-TEXT"
        ),
        hidden_answer,
        nbformat.v4.new_markdown_cell("```{solution-end}\n```\n\n## Key terms\n\nICB\n"
                                      ": integrated care board"),
    ])
    nbformat.write(index, chapter / "index.ipynb")
    section = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Places\n\nPlaces share the money."),
    ])
    nbformat.write(section, chapter / "places.ipynb")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Test\n    chapters:\n"
        "      - file: book/99-test-chapter/index\n        sections:\n"
        "          - file: book/99-test-chapter/places\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def test_deck(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("book")
    make_book(root)
    out = root / "slides"
    written = build_slides.build(out, root / "_toc.yml", root, [])
    assert written == [out / "99-test-chapter.html"]
    return out, written[0].read_text(encoding="utf-8")


def slides_part(page: str) -> str:
    """The deck without its speaker notes."""
    return re.sub(r"<aside class=\"notes\">.*?</aside>", "", page, flags=re.S)


def test_a_deck_is_written_per_chapter_with_the_chapter_title(test_deck):
    out, page = test_deck
    assert (out / "99-test-chapter.html").stat().st_size > 10_000
    assert "Test chapter: money in" in page
    assert "Places share the money." in page
    assert "99-test-chapter.html" in (out / "index.html").read_text(encoding="utf-8")


def test_glued_numbers_show_their_value_and_no_myst_syntax_is_left(test_deck):
    _, page = test_deck
    assert "The allocation was £1,373 per head in 2024/25." in page
    for leftover in ("{glue:text}", "{term}", "{cite}", "{note}", "{exercise}", "(test-label)="):
        assert leftover not in page
    assert "(Test Publisher 2020)" in page


def test_figures_keep_their_caption_and_plot(test_deck):
    _, page = test_deck
    assert CAPTION in page
    assert 'class="commlib-plotly"' in page


def test_solutions_go_to_the_speaker_notes_not_the_slides(test_deck):
    _, page = test_deck
    assert "What is the target?" in slides_part(page)
    notes = "".join(re.findall(r"<aside class=\"notes\">(.*?)</aside>", page, flags=re.S))
    assert "SECRET-SOLUTION-TEXT" in notes
    assert "SECRET-SOLUTION-TEXT" not in slides_part(page)
    assert "ANSWER-TABLE" not in page


def test_live_widgets_are_replaced_by_a_pointer_to_the_app(test_deck):
    _, page = test_deck
    assert "widget-view+json" not in page
    assert "make app" in page


def test_decks_load_no_script_or_style_from_the_network(test_deck):
    out, page = test_deck
    links = asset_links(page)
    assert links, "the deck should load reveal.js and plotly.js from beside it"
    for url in links:
        assert not re.match(r"^(https?:)?//", url), f"deck loads {url} from the network"
        assert (out / url).is_file(), f"deck needs {url}, which was not copied beside it"
    assert "reveal.js/dist/reveal.js" in links
    assert "vendor/plotly/plotly.min.js" in links
    assert "commlib/plotly-loader.js" in links


def test_an_unknown_chapter_name_is_refused_with_a_plain_message(tmp_path):
    make_book(tmp_path)
    with pytest.raises(SystemExit, match="no chapter called 42-nothing"):
        build_slides.build(tmp_path / "out", tmp_path / "_toc.yml", tmp_path, ["42-nothing"])


def test_the_books_chapters_each_give_an_offline_deck(tmp_path):
    chapters = [
        (slug, pages) for slug, pages in build_slides.chapters_from_toc(ROOT / "_toc.yml")
        if build_slides.read_page(ROOT, pages[0]) is not None
    ]
    if not chapters:
        pytest.skip("no chapter pages in book/ yet")
    written = build_slides.build(tmp_path, ROOT / "_toc.yml", ROOT, [])
    assert [p.stem for p in written] == [slug for slug, _ in chapters]
    for path in written:
        page = path.read_text(encoding="utf-8")
        assert path.stat().st_size > 10_000
        for url in asset_links(page):
            assert not re.match(r"^(https?:)?//", url), f"{path.name} loads {url}"
            assert (tmp_path / url).is_file(), f"{path.name} needs {url}"
        assert "{glue:text}" not in page and "[missing number]" not in page, path.name
