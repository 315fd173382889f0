"""Sphinx extension: an offline, accessible site that serves figures and widgets itself.

Jupyter Book adds every ``.js`` under the book's ``_static/`` to every page, so the workbook
keeps no ``_static/`` of its own. Instead this extension

* adds ``commlib/site_static/`` to the static path (the loader script, the stylesheet and the
  theme fixes);
* adds ``commlib/commlib.js`` (small accessibility fixes to the theme, see that file) and
  ``commlib/commlib.css`` to every page;
* adds ``plotly.min.js`` and the figure loader to the pages that contain a ``commlib-plotly``
  figure, and to no other page. The plotly.js is the partial bundle that ``make node_modules``
  builds (``scripts/plotly-bundle.js``: the trace types the book uses, same version as the
  plotly Python package's), about a third of the full ``plotly.min.js`` compressed;
* keeps ipywidgets off the site (:func:`_no_live_widgets`): a live widget without a kernel
  is a dead control, so live explorers show in JupyterLab and Voila only, and on the site a
  browser twin (:mod:`commlib.widgets.browser`) takes their place; their containers
  (``div.commlib-bx``) get ``explorers/runtime.js``, and every twin's data is exported by
  commlib into ``_static/commlib/explorers/data/`` when the build finishes;
* offers every page as both ``.ipynb`` and ``.md`` (MyST markdown) in the theme's download
  menu: the missing twin is written next to the page source in ``_sources/`` with jupytext;
* keeps maths offline: if MathJax 3 is installed in ``node_modules/mathjax`` it is copied to
  ``_static/vendor/mathjax/`` and used; otherwise a page with maths is a build warning (the
  default would load MathJax from a CDN);
* fixes the theme's accessibility in the HTML itself, so that it holds before any script
  runs: the search button is named by its visible text (``site_templates/``) and the side
  bar's section toggles are named after their chapter (:func:`name_section_toggles`);
* fixes two things in the HTML Sphinx writes: bibliography entries get ``role="listitem"``
  (docutils writes the deprecated ``doc-biblioentry`` inside a ``role="list"``, which
  assistive tools reject), and a script added twice by the extensions (sphinx-thebe's
  settings, which then fail with "THEBE_JS_URL has already been declared") is written once;
  MathJax is loaded only by pages that show maths (sphinx-exercise can mark others);
* never silences myst-nb's "unknown mime type" warning: :func:`commlib.plots.show` stores a
  ``text/html`` form beside the plotly JSON, which myst-nb picks, so a figure stored without it
  fails the ``-W`` build instead of vanishing from the page.

Nothing is fetched from a CDN; ``tests/site`` checks that no page requests another host.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from commlib._figure_meta import PLOTLY_MIMETYPE, site_draws_html

#: Mime type of a kernel-free explorer's spec (the same string as
#: ``commlib.widgets.browser.EXPLORER_MIMETYPE``; not imported, to keep ipywidgets out of the
#: renderer's import; ``tests/test_browser.py`` checks that the two agree).
EXPLORER_MIMETYPE = "application/vnd.commlib.explorer+json"
EXPLORER_MARKER = 'class="commlib-bx"'
WIDGET_VIEW_MARKER = 'type="application/vnd.jupyter.widget-view+json"'

LOGGER = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "site_static"
#: Theme templates that commlib overrides, by name (``search-button-field.html``): both themes
#: put their ``components/`` folders on the template path, and this folder comes first.
TEMPLATES_DIR = HERE / "site_templates"
PLOTLY_BUNDLE = Path("node_modules") / ".commlib" / "plotly.min.js"
MATHJAX = Path("node_modules") / "mathjax" / "es5"
MATHJAX_URL = "vendor/mathjax/tex-chtml.js"
PLOTLY_MARKER = 'class="commlib-plotly"'
MATH_MARKER = 'class="math notranslate'
#: Twins offered for download: notebook and MyST markdown (jupytext format names).
DOWNLOAD_FORMATS = {".ipynb": "ipynb", ".md": "md:myst"}
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


class PlotlyJsonRenderer:
    """myst-nb mime renderer (entry point ``myst_nb.mime_renderers`` in ``pyproject.toml``).

    myst-nb renders every mime type of an output bundle before it picks one per builder, and
    warns about the plotly JSON it cannot render even when the bundle holds a ``text/html``
    form. For a figure stored by :func:`commlib.plots.show` (its output metadata says the site
    draws the ``text/html``) this renders the JSON as nothing, so the warning stays meaningful:
    any other plotly output still raises it, and the ``-W`` build fails.
    """

    #: A kernel-free explorer's spec comes before every other form of its output on the site
    #: (its ``text/plain`` is empty, for JupyterLab and Voila).
    mime_priority_overrides: tuple = tuple(
        (builder, EXPLORER_MIMETYPE, 1) for builder in ("html", "dirhtml", "singlehtml")
    )

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type == EXPLORER_MIMETYPE:
            return [nodes.raw("", explorer_html(data.content), format="html")]
        if data.mime_type != PLOTLY_MIMETYPE:
            return None
        return [] if site_draws_html(data.output_metadata) else None


def explorer_html(spec: Any) -> str:
    """The container of a kernel-free explorer (:mod:`commlib.widgets.browser`) on the site.

    ``explorers/runtime.js`` draws its controls from the spec and runs its module. Without
    JavaScript the reader is told what the explorer needs.
    """
    if isinstance(spec, str):
        spec = json.loads(spec)
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    name = html.escape(str(spec["name"]))
    return (
        f'<div class="commlib-bx" data-bx="{name}">'
        f'<script type="application/json" class="commlib-bx-spec">{text}</script>'
        f"<noscript><p>{html.escape(spec['title'])}: this explorer runs in your browser and "
        "needs JavaScript.</p></noscript></div>"
    )


def _configure(app: Any, config: Any) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    config.templates_path.insert(0, str(TEMPLATES_DIR))
    # Without a default mode the theme writes data-mode="" on a reader's first visit and logs
    # "Got invalid theme mode" as a console error; "auto" follows the system's setting.
    config.html_context.setdefault("default_mode", "auto")
    if (Path(app.srcdir) / MATHJAX / "tex-chtml.js").exists():
        config.mathjax_path = MATHJAX_URL


def _page_assets(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body", "") or ""
    if PLOTLY_MARKER in body:
        app.add_js_file("vendor/plotly/plotly.min.js", priority=400)
        app.add_js_file("commlib/plotly-loader.js", priority=401)
    if EXPLORER_MARKER in body:
        app.add_js_file("commlib/explorers/runtime.js", priority=402, defer="defer")
    if MATH_MARKER in body:
        if app.config.mathjax_path != MATHJAX_URL:
            LOGGER.warning(
                "%s uses maths, but MathJax is not installed in node_modules/mathjax: the page "
                "would load it from a CDN. Write the formula in words, or add the npm package "
                "mathjax (version 3) to package.json.",
                pagename,
                location=pagename,
            )


def _no_live_widgets(app: Any, pagename: str, templatename: str, context: dict,
                     doctree: Any) -> None:
    """Keep ipywidgets off the site: without a kernel a live widget is a dead control.

    Live explorers show in JupyterLab and the Voila app; on the site their cells carry the
    ``remove-cell`` tag and a browser twin (:mod:`commlib.widgets.browser`) takes their place.
    The notebooks still store the widgets' state (for Lab), which myst-nb would write into
    every page with the ipywidgets manager to draw it: both are dropped here (runs before
    myst-nb adds them). A widget output left on a page is a build warning, so ``-W`` fails.
    """
    files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    for key in [k for k in files if k.startswith("ipywidgets")]:
        del files[key]
    if WIDGET_VIEW_MARKER in (context.get("body", "") or ""):
        LOGGER.warning(
            "%s shows a live ipywidget, a dead control on the site: tag its cell remove-cell "
            "and show its browser twin after it (commlib.widgets.browser.site_explorer)",
            pagename,
            location=pagename,
        )


def name_section_toggles(nav: Any) -> Any:
    """Give each icon-only ``<summary>`` of the side bar a name, "Sections of <chapter>".

    pydata-sphinx-theme writes a chapter's open/close toggle as ``<summary>`` holding only a
    chevron icon, after the chapter's link: a screen reader announces it as nothing (WCAG 4.1.2,
    axe ``summary-name``). Summaries that already hold text (part captions) are left alone.
    ``nav`` is HTML text (returned as text) or the BeautifulSoup tree the theme builds (changed
    in place and returned).
    """
    if isinstance(nav, str):
        if "<summary" not in nav:
            return nav
        from bs4 import BeautifulSoup

        return str(name_section_toggles(BeautifulSoup(nav, "html.parser")))
    if not hasattr(nav, "select"):
        return nav
    for summary in nav.select("details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        title = " ".join(link.get_text().split()) if link else ""
        summary["aria-label"] = f"Sections of {title}" if title else "Show sections"
    return nav


def _named_toggles(generate: Any) -> Any:
    """Wrap the theme's ``generate_toctree_html`` so its side bar names its toggles."""

    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        return name_section_toggles(generate(*args, **kwargs))

    return generate_toctree_html


def _tidy_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Per-page HTML fixes, after every other extension has added its scripts."""
    generate = context.get("generate_toctree_html")
    if callable(generate):
        context["generate_toctree_html"] = _named_toggles(generate)
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    scripts = context.get("script_files")
    if scripts:
        # sphinx-exercise marks pages as having maths when they do not; MathJax only goes on
        # pages that show maths.
        no_maths = MATH_MARKER not in (body or "")
        seen: set[tuple[str, str]] = set()
        unique = []
        for script in scripts:
            attributes = getattr(script, "attributes", {}) or {}
            filename = str(getattr(script, "filename", script) or "")
            if no_maths and (
                filename == app.config.mathjax_path
                or str(attributes.get("body", "")).startswith("window.MathJax")
            ):
                continue
            # Same file (or same inline body) and attributes: the same script, whatever its
            # priority.
            key = (filename, repr(sorted((k, str(v)) for k, v in attributes.items())))
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique


def _twin_text(source: Path, suffix: str) -> str:
    """The page source converted by jupytext to ``suffix`` (``.ipynb`` or ``.md``)."""
    import jupytext

    notebook = jupytext.read(source, fmt=DOWNLOAD_FORMATS.get(source.suffix, None))
    notebook.metadata.setdefault("kernelspec", dict(KERNELSPEC))
    if suffix == ".md":
        # Outputs belong in the notebook; the markdown twin is the text to read and diff.
        notebook.metadata.pop("widgets", None)
    return jupytext.writes(notebook, fmt=DOWNLOAD_FORMATS[suffix])


def _download_twins(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Offer .ipynb and .md downloads for every page that has a source file."""
    if doctree is None or app.builder.format != "html" or not app.config.html_copy_source:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix not in DOWNLOAD_FORMATS:
        return
    group = next(
        (b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"),
        None,
    )
    if group is None:
        return
    sources_url = context["pathto"]("_sources", 1)
    links = []
    for suffix, label in ((".ipynb", "notebook"), (".md", "MyST markdown")):
        url_path = pagename + suffix
        if suffix != source.suffix:
            target = Path(app.outdir) / "_sources" / url_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_twin_text(source, suffix), encoding="utf-8")
        links.append(
            {
                "type": "link",
                "url": f"{sources_url}/{url_path}",
                "text": suffix,
                "tooltip": f"Download this page as a {label} ({suffix})",
                "icon": "fas fa-code" if suffix == ".ipynb" else "fas fa-file",
                "label": f"download-{suffix[1:]}-button",
            }
        )
    others = [b for b in group["buttons"] if b.get("type") != "link"]
    group["buttons"] = links + others


def _copy_vendor(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static" / "vendor"
    bundle = Path(app.srcdir) / PLOTLY_BUNDLE
    if not bundle.exists():
        raise RuntimeError(
            f"{bundle} is missing: run `make node_modules` (npm ci and the plotly.js bundle) "
            "before building"
        )
    (static / "plotly").mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundle, static / "plotly" / "plotly.min.js")
    from commlib.widgets.browser import export_all

    # Sphinx does not overwrite a static file already in the build: the explorers' modules
    # are copied again so that a rebuild never serves an old rule.
    explorers = Path(app.outdir) / "_static" / "commlib" / "explorers"
    shutil.copytree(STATIC_DIR / "commlib" / "explorers", explorers, dirs_exist_ok=True)
    export_all(explorers / "data")
    if app.config.mathjax_path == MATHJAX_URL:
        shutil.copytree(Path(app.srcdir) / MATHJAX, static / "mathjax", dirs_exist_ok=True,
                        ignore=_mathjax_unused)


def _mathjax_unused(folder: str, names: list[str]) -> list[str]:
    """MathJax files the site never loads: the other combined builds and the SVG output."""
    root = Path(folder).name == "es5"
    return [
        name for name in names
        if (root and name.endswith(".js") and name != "tex-chtml.js")
        or (Path(folder).name == "output" and name.startswith("svg"))
    ]


class ReviewedDirective(SphinxDirective):
    """``{reviewed}``: the page's review line from ``data/page_reviews.csv``

    Markdown pages end with it; chapter notebooks call :func:`commlib.review.stamp` instead,
    which renders the same line from the same table.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        from commlib import review

        try:
            text = review.line(self.env.docname)
        except ValueError as error:
            raise self.error(str(error)) from error
        paragraph = nodes.paragraph(text, text, classes=["commlib-reviewed"])
        return [paragraph]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("reviewed", ReviewedDirective)
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_assets)
    # Before myst-nb adds each page's widget state and manager (priority 500).
    app.connect("html-page-context", _no_live_widgets, priority=450)
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _download_twins, priority=600)
    app.connect("html-page-context", _tidy_page, priority=900)
    app.connect("build-finished", _copy_vendor)
    app.add_css_file("commlib/commlib.css")
    app.add_js_file("commlib/commlib.js", priority=500, defer="defer")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
