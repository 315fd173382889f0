"""Print (issue 20): a chapter page printed from Chromium as a reader would (A4).

With print media emulated, no control is shown (explorer controls, plotly's mode bar and
sliders, the theme's header buttons and side bars, "Show the data" toggles), every figure keeps
its caption and is not split across pages, and solutions print as the reader left them. The
page printed to PDF is A4 and carries the figures' captions.
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import DRAW_TIMEOUT_MS
from pypdf import PdfReader

pytestmark = pytest.mark.site

#: A chapter page with figures, an explorer and exercise solutions.
PAGE = "book/04-funding-flows/contracts.html"
A4_PT = (595.28, 841.89)
SCREEN_ONLY = [
    ".commlib-explorer-controls", ".modebar", "g.slider-container", "g.updatemenu-container",
    ".bd-header-article", ".article-header-buttons", ".bd-sidebar-primary",
    ".bd-sidebar-secondary", ".search-button", ".search-button-field", ".theme-switch-button",
    "details.commlib-data", "details.commlib-data > summary", ".commlib-bx-controls",
    ".prev-next-area", "button.toggle-button",
]

DRAWN_JS = """() => Array.from(document.querySelectorAll('div.commlib-plotly'))
  .every((div) => div.dataset.rendered === 'true')"""
SHOWN_JS = """(selectors) => {
  const shown = (el) => el.checkVisibility ? el.checkVisibility({visibilityProperty: true})
    : !!(el.offsetWidth || el.offsetHeight);
  const out = {};
  selectors.forEach((s) => {
    out[s] = Array.from(document.querySelectorAll(s)).filter(shown).length;
  });
  return out;
}"""

FIGURES_JS = """() => Array.from(document.querySelectorAll("figure.commlib-figure")).map((f) => {
  const caption = f.querySelector("figcaption");
  const style = getComputedStyle(f);
  return {
    id: f.id,
    caption: caption ? caption.textContent.replace(/\\s+/g, " ").trim() : "",
    captionShown: !!caption && caption.checkVisibility(),
    plotShown: !!f.querySelector(".commlib-plotly, svg") &&
      f.querySelector(".commlib-plotly, svg").checkVisibility(),
    breakInside: style.breakInside,
  };
})"""

SOLUTIONS_JS = """() => Array.from(document.querySelectorAll(".solution")).map((s) => {
  const body = s.querySelector("#solution-content, .admonition-title ~ *");
  return {id: s.id, hidden: s.classList.contains("toggle-hidden"),
          shown: !!body && body.checkVisibility({visibilityProperty: true, opacityProperty: true})};
})"""


@pytest.fixture(scope="module")
def printed(visitor, site_root):
    """The page in print media, one solution opened by the reader, and its PDF."""
    page, visit = visitor.open(PAGE, "light")
    try:
        page.set_viewport_size({"width": 760, "height": 1100})
        page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
        # The reader opens the first solution and leaves the others closed.
        opened = page.evaluate("""() => {
          const first = document.querySelector(".solution .toggle-button");
          if (!first) { return null; }
          first.click();
          return first.closest(".solution").id;
        }""")
        page.wait_for_timeout(400)
        page.emulate_media(media="print")
        page.evaluate("() => window.commlibRelayout ? window.commlibRelayout() : null")
        facts = {
            "shown": page.evaluate(SHOWN_JS, SCREEN_ONLY),
            "figures": page.evaluate(FIGURES_JS),
            "solutions": page.evaluate(SOLUTIONS_JS),
            "opened": opened,
        }
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return facts, PdfReader(io.BytesIO(pdf))


def test_the_page_prints_on_a4(printed):
    _, reader = printed
    for number, sheet in enumerate(reader.pages, start=1):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - A4_PT[0]) < 2 and abs(height - A4_PT[1]) < 2, (
            f"page {number} is {width:.0f} x {height:.0f} pt, not A4")


def test_no_control_is_shown_in_print(printed):
    facts, _ = printed
    shown = {selector: n for selector, n in facts["shown"].items() if n}
    assert shown == {}, f"shown in print media: {shown}"


def test_every_figure_prints_whole_with_its_caption(printed):
    facts, reader = printed
    assert facts["figures"], f"{PAGE} has no figure to print"
    for figure in facts["figures"]:
        assert figure["captionShown"] and figure["caption"], f"{figure['id']}: no caption"
        assert figure["plotShown"], f"{figure['id']}: the figure is not printed"
        assert figure["breakInside"] == "avoid", f"{figure['id']} may split across pages"
    text = re.sub(r"\s+", " ", " ".join(sheet.extract_text() or "" for sheet in reader.pages))
    for figure in facts["figures"]:
        start = " ".join(figure["caption"].split()[:5])
        assert start in text, f"the printed page lacks the caption {start!r}"


def test_solutions_print_as_the_reader_left_them(printed):
    facts, _ = printed
    if facts["opened"] is None:
        pytest.skip(f"{PAGE} has no exercise solution")
    for solution in facts["solutions"]:
        if solution["id"] == facts["opened"]:
            assert solution["shown"], "the solution the reader opened prints closed"
        elif solution["hidden"]:
            assert not solution["shown"], f"{solution['id']} was closed but prints open"
