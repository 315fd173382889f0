"""The site works offline and can be taken away: downloads, launch links, search, Binder.

Most of these read the built HTML directly (no browser); the search test uses Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
EXPORT = [
    "export", "--frozen", "--no-hashes", "--format", "requirements-txt", "--no-emit-project",
]
#: Pages Sphinx writes itself, with no source file to download.
GENERATED = {"genindex.html", "search.html", "index.html"}
REPOSITORY = "https://github.com/nhs-commissioning-workbook/workbook"


class _Links(HTMLParser):
    """Collects the URLs a page loads by itself (scripts, styles, images, fonts, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.loads.append(values["src"])
        if tag == "link" and values.get("href") and values.get("rel") in (
            "stylesheet", "preload", "icon", "modulepreload", "prefetch"
        ):
            self.loads.append(values["href"])
        if tag == "a" and values.get("href"):
            self.anchors.append(values["href"])


def _parse(site_root: Path, page: str) -> _Links:
    parser = _Links()
    parser.feed((site_root / page).read_text(encoding="utf-8"))
    return parser


def test_no_page_loads_anything_from_another_host(site_root, all_pages):
    offsite = []
    for page in all_pages:
        for url in _parse(site_root, page).loads:
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                offsite.append(f"{page}: {url}")
    assert offsite == []


def test_stylesheets_fetch_no_fonts_or_icons_from_another_host(site_root):
    offsite = []
    for css in sorted((site_root / "_static").rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if url.startswith(("http:", "https:", "//")):
                offsite.append(f"{css.relative_to(site_root)}: {url}")
    assert offsite == []


def test_every_page_offers_ipynb_and_md_downloads_that_exist(site_root, all_pages):
    for page in all_pages:
        if page in GENERATED:
            continue
        downloads = [a for a in _parse(site_root, page).anchors if "_sources/" in a]
        suffixes = sorted(Path(urlsplit(a).path).suffix for a in downloads)
        assert suffixes == [".ipynb", ".md"], f"{page} offers {downloads}"
        for href in downloads:
            assert not urlsplit(href).scheme, f"{page}: {href} is not relative"
            target = (site_root / page).parent / urlsplit(href).path
            assert target.resolve().is_file(), f"{page}: {href} is missing"


def test_notebook_downloads_are_notebooks_and_md_downloads_are_myst(site_root, all_pages):
    import json

    for page in all_pages:
        if page in GENERATED:
            continue
        stem = page[: -len(".html")]
        notebook = json.loads((site_root / "_sources" / f"{stem}.ipynb").read_text("utf-8"))
        assert notebook["nbformat"] == 4 and notebook["cells"]
        markdown = (site_root / "_sources" / f"{stem}.md").read_text("utf-8")
        assert markdown.strip()


def test_notebook_pages_launch_on_binder_and_jupyterhub_in_jupyterlab(site_root, all_pages):
    notebooks = [
        p for p in all_pages
        if (ROOT / (p[: -len(".html")] + ".ipynb")).is_file()
    ]
    if not notebooks:
        pytest.skip("no notebook pages built yet")
    for page in notebooks:
        anchors = _parse(site_root, page).anchors
        binder = [a for a in anchors if "/v2/gh/" in a]
        hub = [a for a in anchors if "git-pull?" in a]
        assert binder and hub, f"{page} has no Binder or JupyterHub launch link"
        assert "urlpath=lab" in binder[0] or "urlpath=lab" in hub[0]
        assert "nhs-commissioning-workbook/workbook" in binder[0]


def test_pages_link_to_the_repository(site_root):
    anchors = _parse(site_root, "search.html").anchors
    assert any(a.startswith(REPOSITORY) for a in anchors)


def test_search_works_offline(visitor):
    # The index is searchindex.js on the site: no search service is asked.
    page, visit = visitor.open("search.html?q=data", "light")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        hits = page.locator("#search-results ul.search li a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert any("about-the-data" in hit for hit in hits), hits
    assert visit.offsite_requests == [] and visit.failed_requests == []
    assert visit.console_errors == []


def test_references_page_is_the_only_full_bibliography(site_root, all_pages):
    entries = sum(
        len(re.findall(r"^@\w+\{", bib.read_text(encoding="utf-8"), flags=re.M))
        for bib in sorted((ROOT / "book" / "_bib").glob("*.bib"))
    )
    counts = {
        page: (site_root / page).read_text(encoding="utf-8").count('class="citation"')
        for page in all_pages
    }
    assert counts.get("book/references.html") == entries
    full = [page for page, count in counts.items() if count >= entries]
    assert full == ["book/references.html"]


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".uv-bootstrap" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv is missing: run make venv", pytrace=False)
    return found


def _requirements(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_binder_requirements_match_uv_lock():
    exported = subprocess.run(
        [_uv(), *EXPORT], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    stored = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert _requirements(stored) == _requirements(exported), (
        "binder/requirements.txt is out of date: run "
        "uv export --frozen --no-hashes --format requirements-txt --no-emit-project "
        "-o binder/requirements.txt"
    )


def test_binder_runs_python_311_and_installs_the_project():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = ROOT / "binder" / "postBuild"
    assert post_build.stat().st_mode & 0o111, "binder/postBuild must be executable"
    assert "pip install" in post_build.read_text() and "--editable ." in post_build.read_text()
