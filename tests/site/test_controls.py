"""No dead control: every control a reader can change in an article changes what the page shows.

Tried as a reader would: on every page of the built site, each select, slider, box, checkbox
and radio button in the article is changed in turn (the next option, the other end of the
slider, the other tick, another number), and what the page shows is compared before and
after: the text of the article and the step each figure is on. A control after which nothing
differs is a dead control (an ipywidget without its kernel was one: issue 16).

A self-check question (``form.commlib-q`` in ``.commlib-questions``, issue 17) is one control:
its radio buttons or number box change nothing until the reader presses Check, by design. The
test chooses an answer (the first option the reader has not chosen, or a number), presses the
question's Check button and expects feedback in words; a question whose Check says nothing is
dead.
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
  const settleAll = async () => {
    await settle();
    if (window.commlibBx) await window.commlibBx.settled();
    await settle();
  };
  const visible = el => !el.disabled && el.type !== "hidden" && el.offsetParent !== null;
  const labelOf = el => ((el.labels && el.labels[0] ? el.labels[0].textContent : "") ||
    el.getAttribute("aria-label") || el.name || el.id || "").trim();
  const dead = [];

  // Self-check questions: one control each (answer, then Check, then feedback).
  const questions = Array.from(article.querySelectorAll("form.commlib-q"));
  for (const form of questions) {
    const feedback = form.querySelector(".commlib-q-feedback");
    const check = form.querySelector("button[type=submit], .commlib-q-check");
    const legend = form.querySelector("legend");
    const name = (legend ? legend.textContent : form.id).trim().slice(0, 80);
    if (!feedback || !check) {
      dead.push(`question "${name}" (no Check button or feedback)`);
      continue;
    }
    const radios = Array.from(form.querySelectorAll("input[type=radio]")).filter(visible);
    const box = form.querySelector("input[type=text], input:not([type])");
    if (radios.length) {
      const choice = radios.find(r => !r.checked) || radios[0];
      choice.checked = true;
      choice.dispatchEvent(new Event("change", {bubbles: true}));
    } else if (box) {
      box.value = "1";
      box.dispatchEvent(new Event("input", {bubbles: true}));
    }
    const before = feedback.textContent;
    feedback.textContent = "";
    check.click();
    await settle();
    const said = feedback.textContent.trim();
    if (!said) dead.push(`question "${name}" (Check gave no feedback)`);
    else if (!radios.length && !box) dead.push(`question "${name}" (nothing to answer)`);
    if (!said && before) feedback.textContent = before;
  }

  // A search box acts when its form is sent (Enter, or the Search button), which opens the
  // results page: tested on its own below, not here.
  const searchForm = el => el.closest("form[action], form[role=search], .bd-search");
  const controls = Array.from(article.querySelectorAll("input, select, textarea"))
    .filter(el => visible(el) && !el.readOnly && !el.closest("form.commlib-q") &&
                  !searchForm(el));
  // Each control is tried with a few changes a reader might make, until one changes what
  // the page shows, and is then put back as it was (a box left refused would hide the next
  // control's effect: the refusal and the last good result would stay the same).
  const numberTries = text => {
    const number = Number(String(text).replace(/[,£\\s]/g, ""));
    if (text === "" || !isFinite(number)) return ["1", "10", "0.5", ""];
    return [number === 0 ? "1" : String(number * 2), String(number / 2), String(number + 1),
            "0", "-1", ""];
  };
  const textTries = text => ["a", "NHS", "zzzz", text.slice(0, Math.max(1, text.length - 1)), ""];
  for (const el of controls) {
    const label = labelOf(el);
    const group = el.type === "radio" && el.name
      ? Array.from(article.querySelectorAll(`input[type=radio][name="${el.name}"]`)) : [];
    const original = {value: el.value, checked: el.checked, index: el.selectedIndex,
                      radio: group.find(r => r.checked)};
    let tries;
    if (el.tagName === "SELECT") {
      if (el.options.length < 2) continue;
      tries = Array.from(el.options, (_, i) => i).filter(i => i !== el.selectedIndex);
    } else if (el.type === "checkbox") {
      tries = [!el.checked];
    } else if (el.type === "radio") {
      if (el.checked) continue;
      tries = [true];
    } else if (el.type === "range") {
      tries = [el.max, el.min, String((Number(el.min) + Number(el.max)) / 2)]
        .filter(v => Number(v) !== Number(el.value));
    } else {
      const numeric = el.inputMode === "decimal" || el.inputMode === "numeric" ||
        el.type === "number" || /^[-+]?[\\d,.£\\s]+$/.test(el.value);
      tries = (numeric ? numberTries(el.value) : textTries(el.value))
        .filter(v => v !== el.value);
    }
    const before = state();
    let changed = false;
    for (const attempt of tries) {
      if (el.tagName === "SELECT") el.selectedIndex = attempt;
      else if (el.type === "checkbox" || el.type === "radio") el.checked = attempt;
      else el.value = attempt;
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
      await settleAll();
      if (state() !== before) { changed = true; break; }
    }
    if (!changed) dead.push(`${el.tagName.toLowerCase()} "${label}"`);
    // Put it back as the reader found it.
    if (el.type === "radio") {
      if (original.radio) {
        original.radio.checked = true;
        original.radio.dispatchEvent(new Event("change", {bubbles: true}));
      }
    } else {
      if (el.tagName === "SELECT") el.selectedIndex = original.index;
      else if (el.type === "checkbox") el.checked = original.checked;
      else el.value = original.value;
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
    }
    await settleAll();
  }
  return {count: controls.length + questions.length, questions: questions.length, dead};
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
        f"{page_path}: {len(found['dead'])} of {found['count']} controls change nothing "
        f"(self-check questions counted as one control each: {found['questions']}): "
        + "; ".join(found["dead"]))


def test_the_search_box_finds_pages(visitor, site_root):
    """The search page's box acts when sent (not on each key): a search lists pages."""
    page, _visit = visitor.open("search.html?q=allocation")
    try:
        page.wait_for_selector("#search-results li", timeout=30_000)
        found = page.locator("#search-results li").count()
    finally:
        page.close()
    assert found > 0, "searching for 'allocation' listed no page"
