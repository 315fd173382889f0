"""The glossary: merged tables, the generated page, and every acronym in the book defined."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _notebooks import project_notebooks

from commlib import data, glossary

ROOT = Path(__file__).resolve().parents[1]
BOOK_DIRS = (ROOT / "book", ROOT / "notebooks")
GLOSSARY_PAGE = ROOT / "book" / "glossary.md"

#: Words of capitals that are not acronyms needing a definition: Roman numerals (as in
#: "Annex II"), "OK" and conventional file names (README). Keep this list short: anything else
#: belongs in a glossary table.
STOP_LIST = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "OK", "README"}

#: An acronym: 2+ capitals, optionally with lower-case letters inside (PbR) or a plural "s"
#: (CCGs), or joined by "&" (A&E, C&YP).
ACRONYM = re.compile(r"(?<![\w&/.-])([A-Z][A-Za-z&]*[A-Z](?:s)?)(?![\w&])")


def markdown_sources() -> list[tuple[Path, str]]:
    """(page, markdown text) for every notebook markdown cell and .md page under book/."""
    pages = []
    for path in project_notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"]
                         if c["cell_type"] == "markdown")
        pages.append((path, text))
    for folder in BOOK_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            if path.resolve() != GLOSSARY_PAGE.resolve():
                pages.append((path, path.read_text(encoding="utf-8")))
    return pages


def prose(markdown: str) -> str:
    """The words a reader sees: no code, roles' targets, labels, links' URLs, math or HTML."""
    text = re.sub(r"```.*?```", lambda m: _directive_body(m.group(0)), markdown, flags=re.S)
    text = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"^\(.*\)=\s*$", " ", text, flags=re.M)
    text = re.sub(r"^:[\w-]+:.*$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def _directive_body(block: str) -> str:
    """Keep the text of MyST directives (admonitions, exercises), drop code blocks."""
    first = block.split("\n", 1)[0]
    if re.match(r"```\{(code-cell|code|code-block)\}|```(python|bash|text|json)?\s*$", first):
        return " "
    body = block.split("\n", 1)[1] if "\n" in block else ""
    return first.split("}", 1)[-1] + "\n" + body.rsplit("```", 1)[0]


def acronyms(text: str) -> set[str]:
    return {m.group(1) for m in ACRONYM.finditer(prose(text))}


def undefined(words: set[str], known: set[str]) -> set[str]:
    missing = set()
    for word in words:
        if word in STOP_LIST or word in known:
            continue
        if word.endswith("s") and word[:-1] in known:
            continue
        missing.add(word)
    return missing


@pytest.fixture(scope="module")
def merged():
    return glossary.load_glossary()


def test_the_merged_glossary_has_each_term_once_ignoring_case(merged):
    assert not merged["term"].str.casefold().duplicated().any()


def test_a_term_defined_in_two_tables_is_refused(tmp_path, monkeypatch):
    for name in ("glossary_a", "glossary_b"):
        pd.DataFrame({"term": ["ICB"], "expansion": ["Integrated care board"],
                      "meaning": ["An NHS body."], "chapter": ["book/02-who-commissions/index"]}
                     ).to_csv(tmp_path / f"{name}.csv", index=False)
        desc = data.describe("glossary_ch01")
        desc["name"] = name
        (tmp_path / f"{name}.json").write_text(json.dumps(desc), encoding="utf-8")
    monkeypatch.setenv("COMMLIB_DATA_DIR", str(tmp_path))
    data.clear_cache()
    try:
        with pytest.raises(ValueError, match="'ICB' is defined 2 times"):
            glossary.load_glossary()
    finally:
        monkeypatch.delenv("COMMLIB_DATA_DIR")
        data.clear_cache()


def test_every_term_points_to_a_page_in_the_table_of_contents(merged):
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"file:\s*(\S+)", toc))
    missing = sorted(set(merged["chapter"]) - listed)
    assert not missing, f"glossary chapters not in _toc.yml: {missing}"


def test_the_committed_glossary_page_is_what_build_glossary_generates():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_glossary.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_acronym_scanner_finds_plurals_and_ampersands_but_not_code():
    text = "CCGs and ICBs run A&E and PbR. `NOTCODE` {glue:text}`HIDDEN` {term}`ICSs <ICS>`"
    assert acronyms(text) == {"CCGs", "ICBs", "A&E", "PbR", "ICSs"}


@pytest.mark.parametrize("page_text", markdown_sources(),
                         ids=lambda p: str(p[0].relative_to(ROOT)) if isinstance(p, tuple) else "")
def test_every_acronym_on_a_page_is_in_the_glossary(page_text, merged):
    page, text = page_text
    missing = undefined(acronyms(text), glossary.known_terms(merged))
    assert not missing, (f"{page.relative_to(ROOT)} uses {', '.join(sorted(missing))}: add "
                         "them to a data/glossary_*.csv table (or, if not acronyms, to STOP_LIST "
                         "in tests/test_glossary.py)")
