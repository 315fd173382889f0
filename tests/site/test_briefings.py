"""The ICB briefing page in Chromium, and its PDFs (issue 19).

* The page (``book/briefing.html``) shows commlib's own briefing for every ICB of every year:
  chosen in the list, and chosen by the page address (``?icb-briefing.icb_code=<code>``).
* It is axe clean, keyboard usable and fits a 390 px wide phone.
* Every link in a briefing leads to a page and section of the built site.
* ``scripts/build_briefings.py`` (``make briefings``) writes an A4 PDF per ICB with its title,
  its figures (and their text alternatives) and its numbers, and no controls; an index lists them.
"""

from __future__ import annotations

import html
import importlib.util
import random
import re
import subprocess
import sys
import unicodedata
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, SITE_DIR

from commlib import briefing, fmt
from commlib.widgets import briefing as wb

pytestmark = pytest.mark.site

PAGE = "book/briefing.html"
ROOT_SELECTOR = '.commlib-bx[data-bx="icb-briefing"]'
RESULT = ROOT_SELECTOR + " .commlib-bx-result"
SHOWS = """([selector, name]) => {
  const heading = document.querySelector(selector + ' .commlib-briefing-name');
  return Boolean(heading) && heading.textContent === name;
}"""
RANDOM = random.Random(19)


def text_of(markup: str) -> str:
    """What ``textContent`` gives for ``markup`` (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.fixture(scope="module")
def page_file(site_root):
    path = site_root / PAGE
    if not path.is_file():
        pytest.fail(f"{path} is missing: run make book", pytrace=False)
    return path


def _open(visitor, query: str = "", width: int = 1280):
    page, visit = visitor.open(PAGE + query, "light")
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => window.commlibBx.startAll()")
    page.wait_for_selector(ROOT_SELECTOR + ".commlib-bx-ready")
    return page, visit


def _wait_for(page, name: str) -> None:
    page.wait_for_function(SHOWS, arg=[RESULT, name], timeout=30_000)


def test_the_page_shows_commlibs_briefing_for_every_icb(visitor, page_file):
    page, visit = _open(visitor)
    try:
        select = page.locator(ROOT_SELECTOR + " select")
        labels = select.locator("option").all_text_contents()
        assert labels == [label for label, _ in wb.icb_options()]
        for index, (label, code) in enumerate(wb.icb_options()):
            select.select_option(str(index))
            name = briefing.icbs().at[code, "icb_name"]
            _wait_for(page, name)
            shown = page.locator(RESULT).text_content()
            assert shown == text_of(wb.briefing_html(code)), f"{label} ({code})"
        assert visit.console_errors == [] or all("learning" in e for e in visit.console_errors)
    finally:
        page.close()


@pytest.mark.parametrize("code", RANDOM.sample(list(briefing.icbs().index), 3))
def test_the_address_chooses_the_icb(visitor, page_file, code):
    page, _ = _open(visitor, f"?icb-briefing.icb_code={code}")
    try:
        _wait_for(page, briefing.icbs().at[code, "icb_name"])
        assert page.locator(RESULT).text_content() == text_of(wb.briefing_html(code))
    finally:
        page.close()


@pytest.mark.parametrize("code", ["T01", "QNQ"])
def test_axe_finds_nothing_in_the_briefing(visitor, page_file, code):
    page, _ = _open(visitor, f"?icb-briefing.icb_code={code}")
    try:
        _wait_for(page, briefing.icbs().at[code, "icb_name"])
        violations = visitor.run_axe(page)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
        inside = [(v["id"], n["target"]) for v in violations for n in v["nodes"]
                  if "commlib-bx" in n["html"] or "commlib-briefing" in n["html"]
                  or "icb-briefing" in n["target"]]
        assert inside == [], inside
    finally:
        page.close()


def test_the_list_works_with_the_keyboard(visitor, page_file):
    page, _ = _open(visitor)
    try:
        first_label, first_code = wb.icb_options()[0]
        select = page.locator(ROOT_SELECTOR + " select")
        select.focus()
        page.keyboard.press("Home")
        _wait_for(page, briefing.icbs().at[first_code, "icb_name"])
        page.keyboard.press("ArrowDown")
        second_code = wb.icb_options()[1][1]
        _wait_for(page, briefing.icbs().at[second_code, "icb_name"])
        assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
        # Every chart's scrolling box and every table takes the focus (Tab reaches them).
        boxes = page.locator(RESULT + " [tabindex='0']")
        assert boxes.count() >= 4
        for i in range(boxes.count()):
            assert boxes.nth(i).get_attribute("aria-label")
    finally:
        page.close()


@pytest.mark.parametrize("code", ["QOQ", "T04"])
def test_the_page_fits_a_phone(visitor, page_file, code):
    page, _ = _open(visitor, f"?icb-briefing.icb_code={code}", width=390)
    try:
        _wait_for(page, briefing.icbs().at[code, "icb_name"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        box = page.locator(ROOT_SELECTOR + " select").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        wide = page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector + ' p'))
            .filter(p => p.getBoundingClientRect().right > 391).length""", RESULT)
        assert wide == 0
    finally:
        page.close()


def test_every_link_of_a_briefing_leads_to_a_section_of_the_site(page_file):
    markup = wb.briefing_html("QOQ")
    links = re.findall(r'href="([^"]+)"', markup)
    assert len(links) >= len(briefing.LINKS)
    for link in set(links):
        parts = urlsplit(html.unescape(link))
        target = (SITE_DIR / "book" / parts.path).resolve()
        assert target.is_file(), link
        assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), link


def _script():
    spec = importlib.util.spec_from_file_location("build_briefings",
                                                  ROOT / "scripts" / "build_briefings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pdfs(page_file, tmp_path_factory):
    """Three ICBs of the latest year printed by the script, as `make briefings` prints them."""
    latest = list(briefing.icbs(briefing.latest_year()).index)
    codes = sorted(RANDOM.sample(latest, 3))
    out = tmp_path_factory.mktemp("briefings")
    # In its own process, as `make briefings` runs it (the session's Playwright is running).
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_briefings.py"), "--site",
                    str(SITE_DIR), "--out", str(out), *codes], check=True, cwd=ROOT,
                   capture_output=True, text=True)
    script = _script()
    written = [out / script.pdf_name(c, briefing.icbs().at[c, "icb_name"]) for c in codes]
    return codes, out, written


def test_make_briefings_writes_a_pdf_per_icb_and_an_index(pdfs):
    codes, out, written = pdfs
    script = _script()
    names = [briefing.icbs().at[c, "icb_name"] for c in codes]
    assert [p.name for p in written] == [script.pdf_name(c, n) for c, n in
                                         zip(codes, names, strict=True)]
    index = (out / "index.html").read_text(encoding="utf-8")
    for path, name in zip(written, names, strict=True):
        assert f'<a href="{path.name}">{html.escape(name)}</a>' in index


def test_each_pdf_has_its_title_figures_and_numbers(pdfs):
    from pypdf import PdfReader

    codes, _, written = pdfs
    for code, path in zip(codes, written, strict=True):
        b = briefing.briefing(code)
        reader = PdfReader(str(path))
        assert reader.metadata.title == f"{b['icb_name']}: a briefing"
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        words = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
        words = unicodedata.normalize("NFKC", words)  # the fonts' ligatures (ﬁ, ﬀ) as letters
        assert b["icb_name"] in words
        for heading in ("Population", "Need for health care against England",
                        "A fair share of a national sum", "Places",
                        "GP practice payments per weighted patient"):
            assert heading in words
        assert words.count("Chart in words:") >= 3  # figures with their text alternatives
        latest = b["need"].columns[-1]
        assert fmt.index(b["need"].at["wp_core", latest]) in words
        assert fmt.money(b["fair_shares"]["share"].iloc[-1], dp=2) in words
        assert fmt.people(b["population"]["population"].iloc[-1]) in words
        g = b["gp_payments"]["england"]["median_per_weighted_patient"]
        assert fmt.money(g, dp=2) in words
        assert "Integrated care board (ICB)" not in words  # the control's label: not printed
        assert "Choose an ICB from the list" not in words  # nor the page's instructions
