"""No dead control: every control a reader can change in an article changes what the page shows.

Tried as a reader would: on every page of the built site, each select, slider, box, checkbox
and radio button in the article is changed in turn (the next option, the other end of the
slider, the other tick, another number), and what the page shows is compared before and
after: the text of the article and the step each figure is on. A control after which nothing
differs is a dead control (an ipywidget without its kernel was one: issue 16).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.site

CHANGE_EVERY_CONTROL_JS = """
async () => {
  if (window.commlibBx) await window.commlibBx.startAll();
  const article = document.querySelector("article.bd-article") || document.body;
  const state = () => JSON.stringify({
    text: article.innerText,
    steps: Array.from(article.querySelectorAll("div.commlib-plotly"))
      .map(d => d.dataset.step || ""),
  });
  const settle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
  const controls = Array.from(article.querySelectorAll("input, select, textarea"))
    .filter(el => !el.disabled && el.type !== "hidden" && el.offsetParent !== null);
  const dead = [];
  for (const el of controls) {
    const before = state();
    const label = (el.labels && el.labels[0] ? el.labels[0].textContent : "") ||
      el.getAttribute("aria-label") || el.name || el.id;
    if (el.tagName === "SELECT") {
      if (el.options.length < 2) continue;
      el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
    } else if (el.type === "checkbox") {
      el.checked = !el.checked;
    } else if (el.type === "radio") {
      if (el.checked) continue;
      el.checked = true;
    } else if (el.type === "range") {
      el.value = Number(el.value) === Number(el.max) ? el.min : el.max;
    } else {
      const number = Number(String(el.value).replace(/[,£\\s]/g, ""));
      el.value = el.value === "" ? "1" : (isFinite(number) ? String(number === 0 ? 1 : number * 2)
                                                          : "");
    }
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.dispatchEvent(new Event("change", {bubbles: true}));
    await settle();
    if (window.commlibBx) await window.commlibBx.settled();
    await settle();
    if (state() === before) dead.push(`${el.tagName.toLowerCase()} "${label.trim()}"`);
  }
  return {count: controls.length, dead};
}
"""


def test_every_control_in_the_article_changes_what_the_page_shows(visitor, page_path):
    page, visit = visitor.open(page_path)
    try:
        problem = visitor.wait_for_drawing(page)
        assert problem is None, problem
        found = page.evaluate(CHANGE_EVERY_CONTROL_JS)
    finally:
        page.close()
    assert not found["dead"], (
        f"{page_path}: {len(found['dead'])} of {found['count']} controls change nothing: "
        + "; ".join(found["dead"]))
