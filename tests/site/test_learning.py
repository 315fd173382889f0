"""Learn and prove it, on the built site (issue 17): self-check questions on every chapter
section, answers and reading kept in the browser and shown on "Your progress", the glossary's
definitions at the pointer and on keyboard focus, and the accessibility statement.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from commlib import questions

pytestmark = pytest.mark.site

BLOCKING = {"critical", "serious"}
PAGE = "book/04-funding-flows/gp-funding.html"
PROGRESS = "book/progress.html"
FORM = re.compile(r'<form class="commlib-q" id="commlib-q-([a-z0-9-]+)"')


def _sections() -> list[str]:
    return [page for chapter, pages in questions.chapter_pages().items()
            for page in pages if page != chapter]


@pytest.mark.parametrize("page", _sections())
def test_each_chapter_section_has_its_questions_on_the_site(site_root, page):
    text = (site_root / f"{page}.html").read_text(encoding="utf-8")
    on_page = FORM.findall(text)
    wanted = [q["id"] for q in questions.load_all() if q["page"] == page]
    assert len(on_page) >= 2
    assert on_page == wanted
    assert 'aria-live="polite"' in text
    assert "Check your understanding" in text


def _blocking(violations):
    return [f"{v['id']}: {n['target']}" for v in violations if v["impact"] in BLOCKING
            for n in v["nodes"]]


def test_answering_shows_feedback_and_the_progress_page_keeps_it_until_cleared(visitor):
    page, visit = visitor.open(PAGE)
    try:
        page.evaluate("() => localStorage.removeItem('commlib-learning')")
        page.reload(wait_until="load")
        form = page.locator("form#commlib-q-ch04-pms")
        # Keyboard only: focus the first option, move to a wrong one, then Check with Enter.
        form.locator("input[type=radio]").first.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        feedback = form.locator(".commlib-q-feedback")
        assert feedback.get_attribute("aria-live") == "polite"
        assert feedback.text_content().startswith("Not right.")
        assert "QOF" in feedback.text_content() or "global sum" in feedback.text_content()
        form.get_by_label("A locally agreed baseline.").check()
        form.get_by_role("button", name="Check").click()
        assert feedback.text_content().startswith("Right.")
        number = page.locator("form#commlib-q-ch04-global-sum")
        number.get_by_label("Your answer, in £").fill("800000")
        number.get_by_label("Your answer, in £").press("Enter")
        assert number.locator(".commlib-q-feedback").text_content().startswith("Not right.")
        number.get_by_role("button", name="Show the answer").click()
        assert "890,100" in number.locator(".commlib-q-answer").text_content()
        number.get_by_label("Your answer, in £").fill("£890,100")
        number.get_by_role("button", name="Check").click()
        assert number.locator(".commlib-q-feedback").text_content().startswith("Right.")
        # Reaching the end of the page marks it read.
        page.locator("p.commlib-reviewed").scroll_into_view_if_needed()
        page.wait_for_function(
            "() => JSON.parse(localStorage.getItem('commlib-learning')).read["
            "'book/04-funding-flows/gp-funding']")
    finally:
        page.close()
    assert visit.console_errors == []

    page, visit = visitor.open(PROGRESS)
    try:
        row = page.locator("tr", has=page.get_by_role("link", name=re.compile("GP funding")))
        row.wait_for()
        cells = [c.strip() for c in row.locator("td").all_text_contents()]
        assert cells[2] == "2 of 2" and cells[3] == "2", cells
        assert cells[1] != "Not yet"
        status = page.locator(".commlib-progress-status").text_content()
        assert "answered 2 of" in status and "2 of them right" in status
        assert _blocking(visitor.run_axe(page)) == []
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Clear your progress").click()
        page.wait_for_function("() => localStorage.getItem('commlib-learning') === null")
        assert "answered 0 of" in page.locator(".commlib-progress-status").text_content()
        assert "cleared" in page.locator(".commlib-progress-live").text_content()
        page.reload(wait_until="load")
        row = page.locator("tr", has=page.get_by_role("link", name=re.compile("GP funding")))
        row.wait_for()
        assert row.locator("td").all_text_contents()[1] == "Not yet"
    finally:
        page.close()
    assert visit.console_errors == []


def test_clearing_asks_first_and_keeps_the_record_if_refused(visitor):
    page, _ = visitor.open(PAGE)
    try:
        form = page.locator("form#commlib-q-ch04-pms")
        form.get_by_label("A locally agreed baseline.").check()
        form.get_by_role("button", name="Check").click()
    finally:
        page.close()
    page, _ = visitor.open(PROGRESS)
    try:
        page.get_by_role("button", name="Clear your progress").wait_for()
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Clear your progress").click()
        assert page.evaluate("() => localStorage.getItem('commlib-learning')") is not None
        page.evaluate("() => localStorage.removeItem('commlib-learning')")
    finally:
        page.close()


def test_a_glossary_link_focused_from_the_keyboard_shows_its_definition(visitor, theme):
    page, visit = visitor.open("book/04-funding-flows/money-in.html", theme)
    try:
        link = page.locator("article a.reference:has(span.std-term)").first
        # Tab from the top of the page until the first term link has the focus.
        for _ in range(400):
            page.keyboard.press("Tab")
            if link.evaluate("(el) => el === document.activeElement"):
                break
        assert link.evaluate("(el) => el === document.activeElement")
        tip = page.locator("#commlib-glossary-tip")
        tip.wait_for(state="visible")
        assert tip.get_attribute("role") == "tooltip"
        assert link.get_attribute("aria-describedby") == "commlib-glossary-tip"
        term = link.text_content().strip()
        assert len(tip.text_content()) > len(term) + 10
        assert _blocking(visitor.run_axe(page)) == []
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden")
        assert link.evaluate("(el) => el === document.activeElement")  # focus did not move
        assert link.get_attribute("aria-describedby") is None
        # On hover too, and the pointer may move onto the tooltip without it going.
        link.hover()
        tip.wait_for(state="visible")
        tip.hover()
        page.wait_for_timeout(500)
        assert tip.is_visible()
    finally:
        page.close()
    assert visit.console_errors == []


def test_the_accessibility_statement_is_in_the_table_of_contents(site_root):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part.get("chapters", [])]
    assert "book/accessibility" in files and "book/progress" in files
    sidebar = (site_root / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="accessibility.html"' in sidebar and 'href="progress.html"' in sidebar
    statement = (site_root / "book" / "accessibility.html").read_text(encoding="utf-8")
    for heading in ("How accessible this website is", "Reporting accessibility problems",
                    "Enforcement procedure", "How we tested this website"):
        assert heading in statement
    assert "axe-core" in statement


@pytest.mark.parametrize("path", [PROGRESS, "book/accessibility.html"])
def test_the_progress_and_accessibility_pages_are_axe_clean(visitor, path, theme):
    page, visit = visitor.open(path, theme)
    try:
        if path == PROGRESS:
            page.get_by_role("button", name="Clear your progress").wait_for()
        assert _blocking(visitor.run_axe(page)) == []
    finally:
        page.close()
    assert visit.console_errors == []
