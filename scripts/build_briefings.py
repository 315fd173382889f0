"""Print one PDF briefing per ICB from the built site (``make briefings``).

The briefing page (``book/briefing.html``, built by ``make book``) is opened from disk in Debian's
Chromium through Playwright once per integrated care board of the latest year of the allocation
data (or the ICBs named), with the ICB chosen in the page address
(``?icb-briefing.icb_code=<code>``, the explorer runtime's setting); when the explorer shows that
ICB's briefing, the page is printed to A4 with the handouts' print CSS
(``scripts/build_handouts.py``: no navigation, sidebars or buttons) and the page's own
``briefing.css`` (no controls, no introduction, black on white, every chart with its text
alternative). The PDFs go into ``_build/briefings/<code>-<name>.pdf``, with ``index.html``
listing them.

Usage: ``python scripts/build_briefings.py [--site _build/html] [--out _build/briefings]
[ICB_CODE ...]`` (default: every ICB of the latest year).
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_handouts as handouts  # noqa: E402 (a sibling script, found through sys.path)

from commlib import briefing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = "book/briefing.html"
#: The explorer's name and control (commlib.widgets.briefing), as the runtime reads the address.
PARAMETER = "icb-briefing.icb_code"
READY_TIMEOUT_MS = 60_000
#: True once the explorer shows the briefing of the ICB named (its heading) and nothing refused.
SHOWS_ICB = """(name) => {
  const root = document.querySelector('.commlib-bx[data-bx="icb-briefing"]');
  if (!root || !root.classList.contains('commlib-bx-ready')) return false;
  const heading = root.querySelector('.commlib-bx-result .commlib-briefing-name');
  return Boolean(heading) && heading.textContent === name;
}"""
START = "() => window.commlibBx && window.commlibBx.startAll()"


def slug(name: str) -> str:
    """A file name part for an ICB name: "NHS Black Country ICB" -> "black-country"."""
    short = name.removeprefix("NHS ").removesuffix(" ICB")
    return re.sub(r"[^a-z0-9]+", "-", short.lower()).strip("-")


def pdf_name(code: str, name: str) -> str:
    return f"{code}-{slug(name)}.pdf"


def print_briefing(page, site: Path, code: str, name: str) -> bytes:
    """The briefing of one ICB as PDF bytes."""
    url = f"{(site / PAGE).resolve().as_uri()}?{PARAMETER}={code}"
    page.goto(url, wait_until="load")
    page.evaluate(START)
    try:
        page.wait_for_function(SHOWS_ICB, arg=name, timeout=READY_TIMEOUT_MS)
    except Exception as error:  # Playwright's TimeoutError: say which ICB, in a sentence
        raise SystemExit(
            f"{site / PAGE}: the briefing of {name} ({code}) did not appear within "
            f"{READY_TIMEOUT_MS // 1000} s (was the site built with this ICB?)") from error
    page.add_style_tag(content=handouts.PRINT_CSS + handouts.HIDE_SOLUTIONS_CSS)
    page.evaluate("(title) => { document.title = title; }", f"{name}: a briefing")
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                    display_header_footer=True, header_template="<span></span>",
                    footer_template=(
                        '<div style="font-size:8px;width:100%;text-align:center;">'
                        '<span class="title"></span> · NHS Commissioning Workbook · page '
                        '<span class="pageNumber"></span> of <span class="totalPages"></span>'
                        '</div>'),
                    margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})


def index_html(year: str, written: list[tuple[str, str, Path]]) -> str:
    """The index page: one link per briefing, by ICB name."""
    items = "\n".join(
        f'  <li><a href="{html.escape(path.name)}">{html.escape(name)}</a> ({html.escape(code)})'
        "</li>" for code, name, path in written)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>ICB briefings, {html.escape(year)}</title>\n</head>\n<body>\n"
        f"<h1>ICB briefings, {html.escape(year)}</h1>\n"
        f"<p>One briefing per integrated care board of {html.escape(year)}, printed from the "
        "NHS Commissioning Workbook's page <em>A briefing for your ICB</em> "
        "(book/briefing.html) by <code>make briefings</code>.</p>\n"
        f"<ul>\n{items}\n</ul>\n</body>\n</html>\n")


def build(site: Path, out: Path, codes: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Write one PDF per ICB (those of the latest year, or ``codes``) and ``index.html``."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    if not (site / PAGE).is_file():
        raise SystemExit(f"No briefing page {site / PAGE}: run 'make book' first")
    year = briefing.latest_year()
    every = briefing.icbs()
    chosen = briefing.icbs(year) if not codes else every.loc[[c for c in codes if c in every.index]]
    unknown = [c for c in codes if c not in every.index]
    if unknown:
        raise SystemExit(f"No ICB with the code {unknown[0]!r} in the allocation data: see "
                         "commlib.briefing.icbs() for the codes")
    out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, str, Path]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=handouts.CHROMIUM,
                                             args=handouts.CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=handouts.VIEWPORT)
            page = context.new_page()
            page.emulate_media(media="print")
            for code, row in chosen.iterrows():
                name = str(row["icb_name"])
                pdf = print_briefing(page, site, code, name)
                writer = PdfWriter()
                writer.append(PdfReader(io.BytesIO(pdf)))
                writer.add_metadata({"/Title": f"{name}: a briefing",
                                     "/Subject": "NHS Commissioning Workbook: ICB briefing"})
                path = out / pdf_name(code, name)
                with path.open("wb") as handle:
                    writer.write(handle)
                written.append((code, name, path))
                print(f"briefing {path}")
        finally:
            browser.close()
    (out / "index.html").write_text(index_html(year, written), encoding="utf-8")
    print(f"index {out / 'index.html'} ({len(written)} briefings)")
    return [path for _, _, path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("icbs", nargs="*", help="ICB codes, e.g. QOQ (default: every ICB of "
                                                "the latest year)")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built site (default _build/html, from `make book`)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "briefings")
    args = parser.parse_args(argv)
    build(args.site.resolve(), args.out.resolve(), args.icbs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
