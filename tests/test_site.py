"""Tests for commlib.site, the Sphinx extension that keeps the site offline and accessible.

These call the extension's handlers with small stand-ins for Sphinx's app; the built site
itself is tested in Chromium by tests/site/.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
from sphinx.builders.html._assets import _JavaScript

from commlib import site


def _app(tmp_path, **config):
    calls = []
    settings = {"mathjax_path": site.MATHJAX_URL, "html_copy_source": True, **config}
    return SimpleNamespace(
        config=SimpleNamespace(**settings),
        outdir=str(tmp_path / "html"),
        srcdir=str(tmp_path),
        builder=SimpleNamespace(format="html"),
        env=SimpleNamespace(doc2path=lambda name: str(tmp_path / f"{name}.src")),
        add_js_file=lambda *args, **kwargs: calls.append((args, kwargs)),
        calls=calls,
    ), calls


def test_scripts_added_twice_are_written_once_whatever_their_priority(tmp_path):
    app, _ = _app(tmp_path)
    thebe = "const THEBE_JS_URL = 'x'"
    context = {
        "body": '<div class="math notranslate nohighlight">x</div>',
        "script_files": [
            _JavaScript(None, priority=500, body=thebe),
            _JavaScript("", priority=501, body=thebe),
            _JavaScript("a.js", priority=500),
            _JavaScript("a.js", priority=200),
            _JavaScript("b.js", priority=500),
        ],
    }
    site._tidy_page(app, "page", "page.html", context, object())
    assert [(str(s.filename or ""), s.attributes.get("body")) for s in context["script_files"]] \
        == [("", thebe), ("a.js", None), ("b.js", None)]


def test_mathjax_is_dropped_from_pages_that_show_no_maths(tmp_path):
    app, _ = _app(tmp_path)
    scripts = [_JavaScript(None, body="window.MathJax = {}"),
               _JavaScript(site.MATHJAX_URL, defer="defer"), _JavaScript("keep.js")]
    plain = {"body": "<p>No formulas here.</p>", "script_files": list(scripts)}
    site._tidy_page(app, "plain", "page.html", plain, object())
    assert [str(s.filename) for s in plain["script_files"]] == ["keep.js"]
    maths = {"body": '<span class="math notranslate nohighlight">x</span>',
             "script_files": list(scripts)}
    site._tidy_page(app, "maths", "page.html", maths, object())
    assert len(maths["script_files"]) == 3


def test_bibliography_entries_become_list_items(tmp_path):
    app, _ = _app(tmp_path)
    context = {"body": '<div role="list"><div class="citation" role="doc-biblioentry">A</div>'
                       '</div>', "script_files": []}
    site._tidy_page(app, "references", "page.html", context, object())
    assert 'role="listitem"' in context["body"] and "doc-biblioentry" not in context["body"]


def test_plotly_is_added_only_to_pages_with_a_figure(tmp_path):
    app, calls = _app(tmp_path)
    site._page_assets(app, "plain", "page.html", {"body": "<p>Text</p>"}, object())
    assert calls == []
    site._page_assets(app, "fig", "page.html",
                      {"body": '<div class="commlib-plotly" id="f"></div>'}, object())
    assert [args[0] for args, _ in calls] == ["vendor/plotly/plotly.min.js",
                                               "commlib/plotly-loader.js"]


def _download_group():
    return {"label": "download-buttons", "buttons": [
        {"type": "link", "url": "../_sources/page.ipynb", "text": ".ipynb"},
        {"type": "javascript", "javascript": "window.print()", "text": ".pdf"},
    ]}


def test_a_notebook_page_offers_its_notebook_and_a_myst_markdown_twin(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\nSome text."),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-cell"]}),
    ])
    (tmp_path / "book").mkdir()
    nbformat.write(nb, tmp_path / "book" / "page.ipynb")
    app, _ = _app(tmp_path)
    app.env.doc2path = lambda name: str(tmp_path / f"{name}.ipynb")
    group = _download_group()
    context = {"header_buttons": [group], "pathto": lambda target, kind: f"../{target}"}
    site._download_twins(app, "book/page", "page.html", context, object())
    assert [b["text"] for b in group["buttons"]] == [".ipynb", ".md", ".pdf"]
    assert group["buttons"][1]["url"] == "../_sources/book/page.md"
    markdown = (tmp_path / "html" / "_sources" / "book" / "page.md").read_text()
    assert "format_name: myst" in markdown
    assert "```{code-cell}" in markdown and ":tags: [remove-cell]\n\nx = 1\n```" in markdown
    assert not (tmp_path / "html" / "_sources" / "book" / "page.ipynb").exists()


def test_a_markdown_page_offers_a_notebook_twin(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "refs.md").write_text("# References\n\nEvery source.\n")
    app, _ = _app(tmp_path)
    app.env.doc2path = lambda name: str(tmp_path / f"{name}.md")
    group = _download_group()
    context = {"header_buttons": [group], "pathto": lambda target, kind: f"../{target}"}
    site._download_twins(app, "book/refs", "page.html", context, object())
    assert [b["text"] for b in group["buttons"]] == [".ipynb", ".md", ".pdf"]
    notebook = json.loads((tmp_path / "html" / "_sources" / "book" / "refs.ipynb").read_text())
    nbformat.validate(nbformat.from_dict(notebook))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert "Every source." in "".join(notebook["cells"][0]["source"])


def test_generated_pages_get_no_download_twins(tmp_path):
    app, _ = _app(tmp_path)
    group = _download_group()
    context = {"header_buttons": [group], "pathto": lambda target, kind: f"../{target}"}
    site._download_twins(app, "genindex", "genindex.html", context, None)
    assert [b["text"] for b in group["buttons"]] == [".ipynb", ".pdf"]


def test_only_the_mathjax_files_the_site_loads_are_copied():
    root = site._mathjax_unused("/x/node_modules/mathjax/es5",
                                ["tex-chtml.js", "tex-svg.js", "mml-chtml.js", "input", "sre"])
    assert root == ["tex-svg.js", "mml-chtml.js"]
    assert site._mathjax_unused("/x/es5/output", ["chtml", "chtml.js", "svg", "svg.js"]) == \
        ["svg", "svg.js"]


def test_every_page_gets_the_theme_fixes_and_the_stylesheet():
    added = {"js": [], "css": [], "events": [], "directives": []}
    app = SimpleNamespace(
        connect=lambda event, handler, priority=500: added["events"].append(event),
        add_js_file=lambda name, **kw: added["js"].append(name),
        add_css_file=lambda name, **kw: added["css"].append(name),
        add_directive=lambda name, cls: added["directives"].append(name),
    )
    meta = site.setup(app)
    assert "commlib/commlib.js" in added["js"] and "commlib/commlib.css" in added["css"]
    assert (site.STATIC_DIR / "commlib" / "commlib.js").is_file()
    assert meta["parallel_write_safe"] is True
    # Assets, download twins, tidying, and keeping live widgets off the site.
    assert added["events"].count("html-page-context") == 4
    assert added["directives"] == ["reviewed"]


def test_site_scripts_name_no_other_host():
    for path in sorted((site.STATIC_DIR / "commlib").glob("*.[jc]s*")):
        text = Path(path).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path.name


def _mime(mime_type, metadata):
    return SimpleNamespace(mime_type=mime_type, output_metadata=metadata)


def test_plotly_json_of_a_commlib_figure_is_skipped_quietly():
    from commlib import plots

    renderer = site.PlotlyJsonRenderer
    assert renderer.handle_mime(None, _mime(plots.PLOTLY_MIMETYPE, plots.FIGURE_METADATA),
                                False) == []


def test_a_bare_plotly_output_still_reaches_mysts_unknown_mime_warning():
    # fig.show() under nbclient stores only the plotly JSON, with no metadata: the renderer must
    # decline it, so that myst-nb warns and the -W build fails instead of dropping the figure.
    renderer = site.PlotlyJsonRenderer
    assert renderer.handle_mime(None, _mime(site.PLOTLY_MIMETYPE, {}), False) is None
    assert renderer.handle_mime(None, _mime("text/html", {"commlib": {"site_draws": "text/html"}}),
                                False) is None


def test_the_renderer_is_registered_with_myst_nb():
    from myst_nb.core.render import load_mime_renders

    assert site.PlotlyJsonRenderer in load_mime_renders()


def test_show_stores_the_metadata_the_renderer_reads():
    from IPython.core.interactiveshell import InteractiveShell

    from commlib import plots

    shell = InteractiveShell.instance()
    published = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append(
        (data, metadata))
    try:
        import plotly.graph_objects as go

        plots.show(go.Figure(go.Bar(x=["a"], y=[1])), caption="c", alt="a")
    finally:
        InteractiveShell.clear_instance()
    (data, metadata), = published
    assert plots.PLOTLY_MIMETYPE in data and "text/html" in data
    assert metadata == plots.FIGURE_METADATA


NAV = (
    '<ul><li class="toctree-l1 has-children"><a class="reference internal" href="a.html">'
    "Funding\n flows</a><details><summary><span class=\"toctree-toggle\" role=\"presentation\">"
    '<i class="fa-solid fa-chevron-down"></i></span></summary><ul><li>x</li></ul></details></li>'
    '<li class="has-children"><details><summary><p class="caption">Part one</p>'
    '<span class="toctree-toggle"></span></summary></details></li></ul>'
)


def test_side_bar_toggles_are_named_after_their_chapter():
    fixed = site.name_section_toggles(NAV)
    assert '<summary aria-label="Sections of Funding flows">' in fixed
    # A summary that shows text (a part caption) keeps its own name.
    assert "<summary><p class=\"caption\">Part one</p>" in fixed
    assert fixed.count("aria-label") == 1


def test_the_themes_own_tree_is_named_in_place():
    """pydata-sphinx-theme's generator returns a BeautifulSoup tree, not text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(NAV, "html.parser")
    assert site.name_section_toggles(soup) is soup
    assert str(soup) == site.name_section_toggles(NAV)


def test_the_theme_sidebar_generator_is_wrapped_and_other_kinds_pass_through():
    calls = []

    def generate(kind, *args, **kwargs):
        calls.append(kind)
        return NAV if kind == "sidebar" else {"raw": True}  # not HTML: passed through

    context = {"generate_toctree_html": generate}
    site._tidy_page(SimpleNamespace(config=None), "p", "page.html", context, None)
    wrapped = context["generate_toctree_html"]
    assert "Sections of Funding flows" in wrapped("sidebar", startdepth=1)
    assert wrapped("raw") == {"raw": True}
    assert calls == ["sidebar", "raw"]


def test_the_search_button_is_named_by_its_visible_text():
    configured = SimpleNamespace(html_static_path=[], templates_path=["_templates"],
                                 html_context={})
    site._configure(SimpleNamespace(srcdir="/nonexistent"), configured)
    assert configured.templates_path[0] == str(site.TEMPLATES_DIR)
    template = (site.TEMPLATES_DIR / "search-button-field.html").read_text()
    button = template[template.index("<button"):template.index(">", template.index("<button"))]
    assert "search-button__button" in button and "aria-label" not in button
    assert "{{ _('Search') }}</span>" in template
