"""A place of your own, on the built site, offline: pick practices on the list and the map, read
the indices, download the CSV, share the link, reload and find the same place (issue 16)."""

from __future__ import annotations

import re

import pytest
from conftest import SITE_DIR, site_pages

pytestmark = pytest.mark.site

NAME = "custom-place"


def _page() -> str:
    for page in site_pages():
        if f'data-bx="{NAME}"' in (SITE_DIR / page).read_text(encoding="utf-8"):
            return page
    pytest.fail(f"no page of the site shows the {NAME} explorer", pytrace=False)


def _codes(page) -> list[str]:
    text = page.input_value(f'div.commlib-bx[data-bx="{NAME}"] textarea')
    return [c for c in re.split(r"[\s,;]+", text.strip().upper()) if c]


def _expected_headline(codes: list[str], year: str) -> str:
    from commlib.widgets import custom_place

    html = custom_place.render(year=year, practice_codes=", ".join(codes),
                               national_sum_m=custom_place.alw.default_national_sum() / 1e6)
    return re.search(r'<p class="commlib-headline">(.*?)</p>', html).group(1).replace(
        "&#x27;", "'")


def _ready(page):
    page.evaluate("() => window.commlibBx.startAll().then(() => window.commlibBx.settled())")
    page.wait_for_selector(f'div.commlib-bx[data-bx="{NAME}"] .commlib-place-picker circle')


def test_a_place_is_made_on_the_list_and_the_map_shared_downloaded_and_kept(visitor):
    page, visit = visitor.open(_page())
    try:
        root = f'div.commlib-bx[data-bx="{NAME}"]'
        page.locator(root).scroll_into_view_if_needed()
        _ready(page)
        year = page.evaluate(f"() => document.querySelector('{root}').commlibBx.values().year")
        start = _codes(page)

        # The list: find practices by name and tick one that is not in the place yet.
        page.fill(f"{root} input[type=search]", "surgery")
        box = page.locator(f"{root} .commlib-place-matches input:not(:checked)").first
        added = box.get_attribute("data-code")
        box.dispatch_event("click")
        assert _codes(page) == [*start, added]
        assert "Added" in page.inner_text(f"{root} .commlib-place-status")

        # The map: click a practice that is not in the place.
        dot = page.locator(f"{root} circle:not(.commlib-place-chosen)").nth(100)
        on_map = dot.get_attribute("data-code")
        dot.dispatch_event("click")
        codes = _codes(page)
        assert codes == [*start, added, on_map]
        assert page.locator(f'{root} circle[data-code="{on_map}"]').get_attribute(
            "class") == "commlib-place-chosen"

        # The numbers are commlib's.
        headline = page.inner_text(f"{root} .commlib-bx-result .commlib-headline")
        assert headline == _expected_headline(codes, year)

        # The CSV holds the result tables.
        with page.expect_download() as download:
            page.click(f"{root} .commlib-place-csv")
        text = open(download.value.path(), encoding="utf-8").read()
        assert "Your place's need and fair share" in text
        assert "Need index (England = 1)" in text and on_map in text

        # The link shares the place; a reload keeps it.
        link = page.input_value(f"{root} .commlib-place-link")
        assert on_map in link.replace("%2C", ",").replace("+", " ")
        page.reload()
        _ready(page)
        assert _codes(page) == codes
        assert page.inner_text(f"{root} .commlib-bx-result .commlib-headline") == headline
    finally:
        page.close()
    assert not visit.console_errors, visit.console_errors
    assert not visit.offsite_requests, visit.offsite_requests


def test_the_list_is_usable_from_the_keyboard_and_keeps_focus(visitor):
    page, _ = visitor.open(_page())
    try:
        root = f'div.commlib-bx[data-bx="{NAME}"]'
        page.locator(root).scroll_into_view_if_needed()
        _ready(page)
        page.focus(f"{root} input[type=search]")
        page.keyboard.type("medical")
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.dataset.code")
        assert focused, "Tab from the search box does not reach the first practice found"
        page.keyboard.press("Space")
        assert focused in _codes(page)
        assert page.evaluate("() => document.activeElement.dataset.code") == focused
    finally:
        page.close()
