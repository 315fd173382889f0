"""Print one PDF handout per chapter from the built site (``make handouts``).

Each page of a chapter (its index and sections, in ``_toc.yml`` order) is opened from the built
site (``_build/html``, made by ``make book``) in headless Chromium through Playwright, drawn in
full (every ``div.commlib-plotly`` figure rendered), printed with print CSS that leaves out the
navigation, sidebars and buttons, and the pages are merged in order with pypdf into
``_build/handouts/<chapter>.pdf``. Exercise solutions are left out unless ``--solutions`` is
given (a facilitator's copy); so are
the answers to the self-check questions (``commlib.learning``), which a learners' copy prints
as questions only. The session plans for trainers (``notebooks/workshop``) become
``workshop.pdf``.

Usage: ``python scripts/build_handouts.py [--site _build/html] [--out _build/handouts]
[--toc _toc.yml] [--solutions] [CHAPTER ...]`` where CHAPTER is a chapter folder name such as
``04-funding-flows`` (default: every chapter in the table of contents).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from commlib import toc

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHAPTER_FILE = re.compile(r"^(?:book|notebooks)/([a-z0-9-]+)/index$")
#: A4 at 96 dpi less the page margins: figures are drawn at the width they are printed at.
VIEWPORT = {"width": 760, "height": 1100}
FIGURE_TIMEOUT_MS = 60_000

# The print rules are the site's own (``@media print`` in commlib's stylesheet,
# ``src/commlib/site_static/commlib/commlib.css``): A4, the article only, figures whole with
# their captions, no controls or "Show the data" toggles. The page is printed with print media
# emulated, so a handout is what a reader printing the page gets. Only what a handout decides
# for itself is added here: exercise solutions are left out (or all shown for a facilitator),
# where a reader's print keeps each solution as they left it.
PRINT_CSS = ""
HIDE_SOLUTIONS_CSS = """
@media print {
  .solution, div.solution, .admonition.solution, .solution-start, .toggle-details {
    display: none !important;
  }
}
"""
SHOW_SOLUTIONS_CSS = """
@media print {
  .toggle-hidden, .toggle-hidden * { display: revert !important; visibility: visible !important;
    opacity: 1 !important; height: auto !important; }
  button.toggle-button { display: none !important; }
  .commlib-q-answer[hidden] { display: block !important; }
}
"""

#: The tallest a figure may print (CSS px): an A4 page less its margins, the caption and controls.
MAX_FIGURE_HEIGHT_PX = 780
PRINT_FIGURES_JS = """async (maxHeight) => {
  if (!window.Plotly) { return; }
  // The site's loader lays every figure out again for the width it now has (labels wrapped,
  // margins from the labels), then each is kept no taller than a page.
  if (window.commlibRelayout) { await window.commlibRelayout(); }
  const figures = Array.from(document.querySelectorAll('div.commlib-plotly'));
  await Promise.all(figures.map(div => {
    const height = (div.layout && div.layout.height) || div.offsetHeight;
    return height > maxHeight ? Plotly.relayout(div, {height: maxHeight})
                              : Plotly.Plots.resize(div);
  }));
}"""
WAIT_FOR_FIGURES = """() => {
  const figures = Array.from(document.querySelectorAll('div.commlib-plotly'));
  return figures.every(div => div.dataset.rendered === 'true');
}"""


def chapters_from_toc(toc_path: Path, only: list[str] | tuple[str, ...] = ()
                      ) -> list[tuple[str, list[str]]]:
    """(chapter folder, [page docnames in order]) for every chapter this tool makes (or only
    those named); ``ValueError`` for a name that is not a chapter."""
    return toc.chapters(toc_path, CHAPTER_FILE, only)


def print_page(page, html_path: Path, *, solutions: bool) -> bytes:
    """One built page as PDF bytes, figures drawn, screen-only parts left out."""
    page.goto(html_path.resolve().as_uri(), wait_until="load")
    try:
        page.wait_for_function(WAIT_FOR_FIGURES, timeout=FIGURE_TIMEOUT_MS)
    except Exception as error:  # Playwright's TimeoutError: say which page, in a sentence
        raise SystemExit(
            f"{html_path}: a figure was not drawn within {FIGURE_TIMEOUT_MS // 1000} s "
            f"(is plotly.min.js in the site's _static/vendor?)"
        ) from error
    page.add_style_tag(content=PRINT_CSS + (SHOW_SOLUTIONS_CSS if solutions
                                             else HIDE_SOLUTIONS_CSS))
    # Redraw every figure at the print width, no taller than a page: a plot is one picture
    # and cannot be split across pages, so a taller one would be cut off.
    page.evaluate(PRINT_FIGURES_JS, MAX_FIGURE_HEIGHT_PX)
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                    display_header_footer=True, header_template="<span></span>",
                    footer_template=(
                        '<div style="font-size:8px;width:100%;text-align:center;">'
                        '<span class="title"></span> · page <span class="pageNumber"></span> of '
                        '<span class="totalPages"></span></div>'),
                    margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})


def build(site: Path, out: Path, toc_path: Path, only: list[str], *,
          solutions: bool = False) -> list[Path]:
    """Write one PDF per chapter into ``out``; return their paths in table-of-contents order."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    if not (site / "index.html").is_file() and not any(site.glob("**/*.html")):
        raise SystemExit(f"No built site in {site}: run 'make book' first")
    try:
        chapters = chapters_from_toc(toc_path, only)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    missing = [f"{site / doc}.html" for _, pages in chapters for doc in pages
               if not (site / f"{doc}.html").is_file()]
    if missing:
        raise SystemExit("These pages are not in the built site (run 'make book' first):\n  "
                         + "\n  ".join(missing))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.emulate_media(media="print")
            for slug, docs in chapters:
                writer = PdfWriter()
                title = ""
                for doc in docs:
                    pdf = print_page(page, site / f"{doc}.html", solutions=solutions)
                    writer.append(io.BytesIO(pdf))
                    title = title or page.title()
                writer.add_metadata({"/Title": title, "/Subject": "NHS Commissioning Workbook"})
                path = out / f"{slug}.pdf"
                with path.open("wb") as handle:
                    writer.write(handle)
                written.append(path)
                print(f"handout {path} ({len(docs)} pages of the book)")
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter folders, e.g. 04-funding-flows")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built site (default _build/html, from `make book`)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "handouts")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml")
    parser.add_argument("--solutions", action="store_true",
                        help="print exercise solutions too (a facilitator's copy)")
    args = parser.parse_args(argv)
    build(args.site.resolve(), args.out.resolve(), args.toc, args.chapters,
          solutions=args.solutions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
