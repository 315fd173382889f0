"""No money figure, percentage or year range is typed into the prose: every one is glued.

The introduction promises that every number a reader sees comes from ``data/`` or
``commlib``. This test reads the Markdown of every page in ``book/`` and
``notebooks/workshop/`` (Markdown cells of notebooks, and ``.md`` pages), removes what is
not prose typed by hand (glue and other roles, code, directive options, links, comments) and
fails on what is left that looks like

* a money figure: ``£12m``, ``£1,373``;
* a percentage: ``5%``, ``4.4 per cent``;
* a year range: ``2014 to 2017``, ``2016/17 to 2020/21``, ``2013-2022``.

Direct quotations from the seeds may keep their figures: :data:`ALLOWED` lists each by page
and exact text, and a quotation that is no longer on its page fails the test too, so the list
stays short and true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    [*ROOT.glob("book/**/*.ipynb"), *ROOT.glob("book/**/*.md"),
     *ROOT.glob("notebooks/workshop/*.ipynb"), *ROOT.glob("notebooks/workshop/*.md")],
    key=str,
)
PAGES = [p for p in PAGES if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts]

#: Direct quotations from the seeds, by page (relative path) and exact text, that keep a
#: typed figure. Each entry must still be on its page.
ALLOWED: dict[str, set[str]] = {}

MONEY = re.compile(r"£\s?\d")
PERCENT = re.compile(r"\d(?:[\d,]*\.?\d*)\s?(?:%|per\s?cent\b)")
YEAR = r"(?:19|20)\d{2}(?:/\d{2})?"
YEAR_RANGE = re.compile(rf"\b{YEAR}\s*(?:-|–|—|to)\s*{YEAR}\b")
PATTERNS = {"money figure": MONEY, "percentage": PERCENT, "year range": YEAR_RANGE}

_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")               # {glue:text}`x`, {cite}`k`, {term}`T`
_INLINE_CODE = re.compile(r"``[^`]+``|`[^`]+`")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{[\w:.-]+\})?(.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")                     # :label: x, :class: dropdown
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_TARGET = re.compile(r"^\(\S+\)=\s*$")                    # (ch5-changing)=


def _markdown(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in notebook["cells"]
                       if c["cell_type"] == "markdown")


def prose(markdown: str) -> str:
    """The text of ``markdown`` a person typed, without roles, code, options and links."""
    markdown = _COMMENT.sub(" ", markdown)
    kept: list[str] = []
    code_fence: str | None = None
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if code_fence is not None:
            if fence and fence.group(2).startswith(code_fence):
                code_fence = None
            continue
        if fence:
            directive, rest = fence.group(3), fence.group(4)
            if directive is None and fence.group(2)[0] in "`~" and rest.strip():
                code_fence = fence.group(2)           # ```python: code, skipped to its end
                continue
            if directive in ("{code-cell}", "{code-block}", "{code}", "{raw}", "{math}"):
                code_fence = fence.group(2)
                continue
            kept.append(rest)                          # a directive's title is prose
            continue
        if _OPTION.match(line) or _TARGET.match(line):
            continue
        kept.append(line)
    text = "\n".join(kept)
    for pattern in (_ROLE, _INLINE_CODE, _LINK_TARGET, _HTML_TAG):
        text = pattern.sub(" ", text)
    return text


def typed_numbers(text: str) -> list[tuple[str, str]]:
    """(kind, excerpt) for every money figure, percentage or year range in ``text``."""
    found = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 40, 0), min(match.end() + 40, len(text))
            found.append((kind, " ".join(text[start:end].split())))
    return found


def _allowed(page: str, excerpt: str) -> bool:
    return any(quote in excerpt or excerpt in quote for quote in ALLOWED.get(page, ()))


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_no_figure_is_typed_into_the_prose(path):
    page = str(path.relative_to(ROOT))
    text = prose(_markdown(path))
    typed = [(kind, excerpt) for kind, excerpt in typed_numbers(text)
             if not _allowed(page, excerpt)]
    assert not typed, (
        f"{page} types {len(typed)} figure(s) by hand: glue each from data/ or commlib "
        "({glue:text}`name`), or, for a direct quotation from a seed, add it to ALLOWED:\n"
        + "\n".join(f"  {kind}: ...{excerpt}..." for kind, excerpt in typed)
    )


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_every_allowed_quotation_is_still_on_its_page(page):
    text = " ".join(prose(_markdown(ROOT / page)).split())
    missing = [quote for quote in ALLOWED[page] if " ".join(quote.split()) not in text]
    assert not missing, f"{page}: allowed quotations no longer on the page: {missing}"


@pytest.mark.parametrize("typed", [
    "It cost £25.4bn in 2016/17.",
    "in steps of 5%",
    "a 4.4 per cent minimum",
    "the years 2014 to 2017",
    "from 2016/17 to 2020/21",
    "the CCG era (2013-2022)",
    "## If you had £1m to invest",
])
def test_the_finder_catches_typed_figures(typed):
    assert typed_numbers(prose(typed))


@pytest.mark.parametrize("glued", [
    "It cost {glue:text}`direct_2016` in 2016/17.",
    "See {cite}`hfma-2019-allocations` and `£5` in code.",
    "In April 2026 there were 36 ICBs; in 2024/25 the formula changed.",
    "```python\nx = '£5'\n```",
    ":label: ex-5%\n",
    "[a link](https://example.org/2014-2017)",
    "```{exercise} Three counts of STPs\n:label: ch5-2014-2017\n```",
])
def test_the_finder_ignores_glue_code_options_links_and_single_years(glued):
    assert typed_numbers(prose(glued)) == []


def test_a_directive_title_is_read_as_prose():
    assert typed_numbers(prose("```{exercise} A cap and collar at 110% of plan\n:label: x\n```"))
