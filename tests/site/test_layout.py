"""Figures that fit (issue 20): every page of the built site at 1280, 640 and 390 px wide.

On each page (light theme), once every figure is drawn, no figure text (plotly's
``.main-svg text``, the ``text`` of an inline SVG chart) lies outside its figure's box, where
it would be cut off, and no explorer control or readout is wider than the viewport.
"""

from __future__ import annotations

import pytest
from conftest import DRAW_TIMEOUT_MS, SITE_DIR, site_pages

pytestmark = pytest.mark.site

WIDTHS = (1280, 640, 390)
#: Pixels of slack for anti-aliasing and sub-pixel layout.
TOLERANCE_PX = 1.5
FIGURE_MARKERS = ("commlib-plotly", "commlib-svg", "commlib-bx", "jupyter-widgets")


def figure_pages() -> list[str]:
    """Pages that show a figure, an SVG chart or an explorer (the others have nothing to fit)."""
    pages = []
    for page in site_pages():
        text = (SITE_DIR / page).read_text(encoding="utf-8")
        if any(marker in text for marker in FIGURE_MARKERS):
            pages.append(page)
    return pages or ["(no page with a figure)"]


DRAWN_JS = """() => Array.from(document.querySelectorAll('div.commlib-plotly'))
  .every((div) => div.dataset.rendered === 'true')"""
OUTSIDE_JS = """(tolerance) => {
  const shown = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentNode) {
      const s = getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0) {
        return false;
      }
    }
    return true;
  };
  const found = [];
  const figures = Array.from(document.querySelectorAll("div.commlib-plotly, svg.commlib-svg"));
  figures.forEach((figure) => {
    const box = figure.getBoundingClientRect();
    if (!box.width || !shown(figure)) { return; }
    const svg = figure.tagName.toLowerCase() === "svg";
    const name = figure.id || (figure.querySelector("title") || {}).textContent || "svg chart";
    figure.querySelectorAll(svg ? "text" : ".main-svg text").forEach((text) => {
      if (!text.textContent.trim() || !shown(text)) { return; }
      const r = text.getBoundingClientRect();
      if (!r.width && !r.height) { return; }
      const sides = [];
      const past = (side, by) => {
        if (by > tolerance) { sides.push(`${side} by ${Math.round(by)} px`); }
      };
      past("left", box.left - r.left);
      past("right", r.right - box.right);
      past("top", box.top - r.top);
      past("bottom", r.bottom - box.bottom);
      if (sides.length) {
        const words = text.textContent.trim().slice(0, 60);
        found.push(`${name}: "${words}" past the ${sides.join(", ")}`);
      }
    });
  });
  return found;
}"""

TOO_WIDE_JS = """(tolerance) => {
  const width = document.documentElement.clientWidth;
  const selector = [
    ".commlib-explorer-controls", ".commlib-explorer-control", ".commlib-explorer-control > *",
    ".commlib-explorer-readout", ".commlib-bx", ".commlib-bx-controls", ".commlib-bx-control",
    ".commlib-bx-control :is(label, legend, select, input, output)", ".commlib-bx-message",
    ".commlib-bx-result",
  ].join(", ");
  return Array.from(document.querySelectorAll(selector)).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + tolerance || r.left < -tolerance);
  }).map((el) => {
    const r = el.getBoundingClientRect();
    return `${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]}`
      + (el.id ? `#${el.id}` : "") + ` spans ${Math.round(r.left)} to ${Math.round(r.right)} px`
      + ` of a ${width} px viewport: "${el.textContent.trim().slice(0, 50)}"`;
  });
}"""

#: Wait for browser explorers (div.commlib-bx) to load their module and draw a result: each
#: loads when the reader scrolls near it.
SHOW_EXPLORERS_JS = """async () => {
  for (const bx of document.querySelectorAll(".commlib-bx")) {
    bx.scrollIntoView();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const started = Date.now();
  while (Date.now() - started < 10000) {
    const all = Array.from(document.querySelectorAll(".commlib-bx"));
    if (all.every((bx) => bx.querySelector(".commlib-bx-result") &&
                          bx.querySelector(".commlib-bx-result").textContent.trim())) { break; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  window.scrollTo(0, 0);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""


@pytest.fixture(scope="module")
def layout_report(visitor):
    """(page, width) -> (texts outside their figure, controls wider than the viewport)."""
    cache: dict[tuple[str, int], tuple[list[str], list[str]]] = {}

    def report(page_path: str, width: int) -> tuple[list[str], list[str]]:
        key = (page_path, width)
        if key not in cache:
            page, visit = visitor.open(page_path, "light")
            try:
                page.set_viewport_size({"width": width, "height": 900})
                # Only the figures: live ipywidgets are the lead's (being replaced on the site).
                page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
                page.wait_for_timeout(400)
                # A figure drawn at the first width is laid out again for this one.
                page.evaluate("() => window.commlibRelayout ? window.commlibRelayout() : null")
                page.evaluate(SHOW_EXPLORERS_JS)
                page.wait_for_timeout(200)
                # Plotly animates a Sankey diagram to its new layout: read what the reader sees
                # once nothing moves (two readings alike), not a frame of the animation.
                outside = page.evaluate(OUTSIDE_JS, TOLERANCE_PX)
                for _ in range(12):
                    page.wait_for_timeout(300)
                    again = page.evaluate(OUTSIDE_JS, TOLERANCE_PX)
                    if again == outside:
                        break
                    outside = again
                cache[key] = (outside, page.evaluate(TOO_WIDE_JS, TOLERANCE_PX))
            finally:
                page.close()
        return cache[key]

    return report


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("figure_page", figure_pages())
def test_no_figure_text_is_drawn_outside_its_figure(site_root, layout_report, figure_page,
                                                    width):
    outside, _ = layout_report(figure_page, width)
    assert outside == [], f"{figure_page} at {width} px:\n" + "\n".join(outside)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("figure_page", figure_pages())
def test_no_explorer_control_or_readout_is_wider_than_the_viewport(
    site_root, layout_report, figure_page, width
):
    _, too_wide = layout_report(figure_page, width)
    assert too_wide == [], f"{figure_page} at {width} px:\n" + "\n".join(too_wide)
