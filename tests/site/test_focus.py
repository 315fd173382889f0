"""Focus and search (issue 20): a visible focus ring on every control, one search box.

Tabbing through a page (light and dark), every element that takes the focus shows an outline
or a box shadow, in a colour with at least 3:1 contrast against the page behind it. The page
shows one search box (or button) at 1280 px and at 390 px, not two.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.site

PAGES = ("book/04-funding-flows/contracts.html", "book/intro.html")
#: Tab presses per page: through the header, side bar, article and footer.
TABS = 250

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const s = getComputedStyle(el);
  let back = "rgba(0, 0, 0, 0)";
  for (let n = el.parentElement; n; n = n.parentElement) {
    const b = getComputedStyle(n).backgroundColor;
    if (b && b !== "transparent" && !/rgba\\(.*, 0\\)$/.test(b)) { back = b; break; }
  }
  if (back === "rgba(0, 0, 0, 0)") { back = getComputedStyle(document.body).backgroundColor; }
  const r = el.getBoundingClientRect();
  const classes = typeof el.className === "string" && el.className
    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  return {
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes,
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: back,
    shown: r.width > 0 && r.height > 0,
  };
}"""

SEARCH_JS = """() => Array.from(document.querySelectorAll(
    ".search-button, .search-button-field, input[type=search], form.bd-search"))
  .filter((el) => {
    const r = el.getBoundingClientRect();
    return el.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0
      && r.right > 0 && r.left < innerWidth;
  }).map((el) => el.tagName.toLowerCase() + "." + el.className.trim().split(/\\s+/).join("."))"""


def _rgb(text: str) -> tuple[float, float, float] | None:
    match = re.match(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)", text or "")
    return tuple(float(v) for v in match.groups()) if match else None


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    first, second = _rgb(a), _rgb(b)
    if first is None or second is None:
        return 21.0
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("path", PAGES)
def test_every_focused_element_shows_a_focus_ring(visitor, site_root, path, theme):
    """``theme`` is light and dark (conftest parametrizes it)."""
    page, _ = visitor.open(path, theme)
    problems = []
    seen = set()
    try:
        visitor.wait_for_drawing(page)
        for _ in range(TABS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_JS)
            if focused is None or not focused["shown"]:
                continue
            key = (focused["what"], focused["text"])
            if key in seen:
                continue
            seen.add(key)
            ring = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
            shadow = focused["boxShadow"] not in ("", "none")
            if not (ring or shadow):
                problems.append(f"{focused['what']} ({focused['text']!r}): no outline or shadow")
            elif ring and contrast(focused["outlineColor"], focused["background"]) < 3:
                problems.append(
                    f"{focused['what']} ({focused['text']!r}): ring {focused['outlineColor']} on "
                    f"{focused['background']} is under 3:1")
    finally:
        page.close()
    assert len(seen) > 10, f"only {len(seen)} elements took the focus on {path}"
    assert problems == [], f"{path} ({theme}):\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_one_search_box_at_every_width(visitor, site_root, path, width):
    page, _ = visitor.open(path, "light")
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        boxes = page.evaluate(SEARCH_JS)
    finally:
        page.close()
    assert len(boxes) == 1, f"{path} at {width} px shows {len(boxes)} search boxes: {boxes}"
