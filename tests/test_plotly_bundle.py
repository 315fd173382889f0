"""The site's plotly.js bundle (scripts/plotly-bundle.js, built by `make node_modules`).

The figures are stored as plotly JSON written by the plotly Python package; the site draws
them with a partial plotly.js bundle. The two must be the same plotly.js version, and the
bundle must hold every trace type a stored figure uses (plotly.js would silently draw an
unknown type as a scatter).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import plotly.offline
from _notebooks import project_notebooks

from commlib import plots

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "scripts" / "plotly-bundle.js"


def bundled_traces() -> set[str]:
    names = set(re.findall(r'require\("plotly\.js/lib/([a-z]+)"\)', ENTRY.read_text("utf-8")))
    names.discard("core")
    return names | {"scatter"}  # the core registers scatter


def stored_trace_types() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in project_notebooks():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                figure = output.get("data", {}).get(plots.PLOTLY_MIMETYPE)
                for trace in (figure or {}).get("data", []):
                    found.setdefault(trace.get("type", "scatter"), set()).add(
                        path.relative_to(ROOT).as_posix())
    return found


def test_bundle_pins_the_plotly_js_that_the_python_package_writes_for():
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    pinned = package["devDependencies"]["plotly.js"]
    assert pinned == plotly.offline.get_plotlyjs_version(), (
        f"package.json pins plotly.js {pinned}, but the plotly Python package in uv.lock writes "
        f"figures for plotly.js {plotly.offline.get_plotlyjs_version()}: pin that version"
    )
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == pinned


def test_every_stored_figure_uses_a_bundled_trace_type():
    used = stored_trace_types()
    assert {"scatter", "bar", "sankey"} <= set(used), "the book's figures were not found"
    missing = {kind: pages for kind, pages in used.items() if kind not in bundled_traces()}
    assert not missing, f"add these to scripts/plotly-bundle.js: {missing}"
