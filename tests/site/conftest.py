"""Fixtures for the browser tests of the built site (``_build/html``, or ``$SITE_DIR``).

One Chromium (Debian's, driven by Playwright) and one local web server serve the whole session.
Each page is visited once per theme (light, dark); what the tests need from a visit (console
errors, failed and off-site requests, axe-core results, the figures, tables and controls on the
page) is recorded by :class:`SiteVisitor` and shared by every test of that page.
Keyboard tests open their own page, because they change it.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("SITE_DIR") or ROOT / "_build" / "html").resolve()
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
THEMES = ("light", "dark")
MISSING = f"{SITE_DIR} has no built site: run make book first"
#: Folders of the build that hold no pages (theme template fragments, page sources).
NOT_PAGES = ("_static", "_sources", "_images", ".doctrees", "_downloads")
#: How long the figures and widgets of one page may take to draw (ms). Not asserted on.
DRAW_TIMEOUT_MS = 30_000


def site_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (``genindex`` too)."""
    if not (SITE_DIR / "index.html").is_file():
        return []
    pages = []
    for path in sorted(SITE_DIR.rglob("*.html")):
        rel = path.relative_to(SITE_DIR).as_posix()
        if rel.split("/")[0] in NOT_PAGES:
            continue
        pages.append(rel)
    return pages


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)


def redirect_target(path: str) -> str | None:
    """Where the page at ``path`` sends the reader at once (a meta refresh), or None.

    Jupyter Book writes the site's ``index.html`` as such a stub that opens the book's root
    page: a visit to it is a visit to that page, once it has loaded.
    """
    file = SITE_DIR / urlsplit(path).path  # a path may carry a query: search.html?q=data
    if file.suffix != ".html" or not file.is_file():
        return None
    match = REFRESH.search(file.read_text(encoding="utf-8")[:2000])
    return match.group(1) if match else None


PLOT_DIV = re.compile(r'<div class="commlib-plotly" id="([^"]+)" data-figure="([^"]*)"')


@functools.cache
def site_explorers() -> dict[str, list[tuple[str, str, dict]]]:
    """Explorer name -> [(page, plot div id, explorer meta)], read from the built HTML."""
    found: dict[str, list[tuple[str, str, dict]]] = {}
    for page in site_pages():
        for plot_id, payload in PLOT_DIV.findall((SITE_DIR / page).read_text(encoding="utf-8")):
            layout = json.loads(html.unescape(payload)).get("layout", {})
            meta = (layout.get("meta") or {}).get("commlib_explorer")
            if meta:
                found.setdefault(meta["name"], []).append((page, plot_id, meta))
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "explorer_name" in metafunc.fixturenames:
        names = sorted(site_explorers()) or ["(no explorer on the site)"]
        metafunc.parametrize("explorer_name", names)
    if "page_path" in metafunc.fixturenames:
        # With no site every page test fails with "run make book first" (see `site_root`).
        pages = site_pages() or ["(no site built)"]
        metafunc.parametrize("page_path", pages, ids=pages)
    if "theme" in metafunc.fixturenames:
        metafunc.parametrize("theme", THEMES)


@pytest.fixture(scope="session")
def site_root() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(MISSING, pytrace=False)
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        pass


@pytest.fixture(scope="session")
def base_url(site_root: Path):
    """The site served by Python's http.server on 127.0.0.1, on a free port, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory):
    """Debian's Chromium with a fresh user data dir, for the whole session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class Visit:
    """What one page showed in one theme."""

    path: str
    theme: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    draw_problem: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    axe: list[dict[str, Any]] = field(default_factory=list)
    ax_unnamed: list[str] = field(default_factory=list)


FACTS_JS = (Path(__file__).with_name("facts.js")).read_text(encoding="utf-8")
CONTROL_ROLES = {
    "button", "checkbox", "combobox", "listbox", "menuitem", "radio", "searchbox", "slider",
    "spinbutton", "switch", "tab", "textbox",
}


class SiteVisitor:
    """Opens pages in the shared browser, one visit per (page, theme), and remembers them."""

    def __init__(self, context: Any, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.visits: dict[tuple[str, str], Visit] = {}
        self.axe_source = AXE_JS.read_text(encoding="utf-8") if AXE_JS.is_file() else None

    def open(self, path: str, theme: str | None = "light", visit: Visit | None = None):
        """A new tab on ``path`` in ``theme``, recording errors and requests into ``visit``.

        ``theme=None`` clears any stored theme first (the browser profile is shared by every
        test): the page as a reader's first visit sees it.
        """
        visit = visit or Visit(path, theme or "first visit")
        page = self.context.new_page()
        if theme is None:
            page.add_init_script('localStorage.removeItem("mode"); '
                                 'localStorage.removeItem("theme");')
        else:
            page.add_init_script(
                f'localStorage.setItem("mode", "{theme}"); '
                f'localStorage.setItem("theme", "{theme}");'
            )
        host = self.host

        def route(route_: Any) -> None:
            url = route_.request.url
            if urlsplit(url).netloc == host:
                route_.continue_()
            else:
                visit.offsite_requests.append(url)
                route_.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda msg: visit.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
            if msg.type == "error" else None,
        )
        page.on("pageerror", lambda err: visit.console_errors.append(f"uncaught: {err}"))
        page.on(
            "requestfailed",
            lambda req: visit.failed_requests.append(f"{req.url}: {req.failure}")
            if urlsplit(req.url).netloc == host else None,
        )
        page.on(
            "response",
            lambda res: visit.failed_requests.append(f"{res.url}: HTTP {res.status}")
            if res.status >= 400 else None,
        )
        url = self.base_url + path
        page.goto(url, wait_until="load")
        target = redirect_target(path)
        if target:
            # The stub's own "load" comes before the page it opens has loaded (or even been
            # asked for): wait for that page, or its scripts have not run yet.
            page.wait_for_url(urljoin(url, target), wait_until="load")
        return page, visit

    def wait_for_drawing(self, page: Any) -> str | None:
        """Wait until every figure is drawn and widgets are on screen; say what is not."""
        try:
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('div.commlib-plotly'))"
                ".every(d => d.dataset.rendered === 'true')",
                timeout=DRAW_TIMEOUT_MS,
            )
        except Exception:  # noqa: BLE001 (playwright TimeoutError: reported by the tests)
            return "not every div.commlib-plotly was drawn"
        try:
            page.wait_for_function(
                "() => !document.querySelector("
                "'script[type=\"application/vnd.jupyter.widget-view+json\"]')"
                " || document.querySelector('.jupyter-widgets, .widget-html, .widget-inline-hbox')",
                timeout=DRAW_TIMEOUT_MS,
            )
        except Exception:  # noqa: BLE001
            return "no ipywidgets were drawn on a page with widget views"
        return None

    def run_axe(self, page: Any) -> list[dict[str, Any]]:
        if self.axe_source is None:
            pytest.fail(f"{AXE_JS} is missing: run make node_modules", pytrace=False)
        page.add_script_tag(content=self.axe_source)
        return page.evaluate(
            """async () => {
                const result = await axe.run(document, {
                    resultTypes: ["violations"],
                    rules: {"label-content-name-mismatch": {enabled: true}},
                });
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({
                        target: n.target.join(" "), impact: n.impact,
                        summary: (n.failureSummary || "").slice(0, 300),
                        html: n.html.slice(0, 200)}))}));
            }"""
        )

    def unnamed_controls(self, page: Any) -> list[str]:
        """Controls (by computed accessibility role) whose accessible name is empty."""
        cdp = self.context.new_cdp_session(page)
        try:
            tree = cdp.send("Accessibility.getFullAXTree")
        finally:
            cdp.detach()
        unnamed = []
        for node in tree["nodes"]:
            if node.get("ignored"):
                continue
            role = (node.get("role") or {}).get("value")
            if role not in CONTROL_ROLES:
                continue
            name = ((node.get("name") or {}).get("value") or "").strip()
            if not name:
                unnamed.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
        return unnamed

    def visit(self, path: str, theme: str) -> Visit:
        key = (path, theme)
        if key not in self.visits:
            page, visit = self.open(path, theme)
            try:
                visit.draw_problem = self.wait_for_drawing(page)
                visit.facts = page.evaluate(FACTS_JS)
                visit.axe = self.run_axe(page)
                if theme == "light":
                    visit.ax_unnamed = self.unnamed_controls(page)
            finally:
                page.close()
            self.visits[key] = visit
        return self.visits[key]


@pytest.fixture(scope="session")
def explorers_on_site(site_root: Path) -> dict[str, list[tuple[str, str, dict]]]:
    return site_explorers()


@pytest.fixture(scope="session")
def all_pages(site_root: Path) -> list[str]:
    return site_pages()


@pytest.fixture(scope="session")
def visitor(browser_context: Any, base_url: str) -> SiteVisitor:
    return SiteVisitor(browser_context, base_url)


@pytest.fixture
def visit(visitor: SiteVisitor, page_path: str) -> Visit:
    """The light-theme visit of ``page_path``."""
    return visitor.visit(page_path, "light")
