"""The contract between :func:`commlib.plots.show` and the site's renderer, in one place.

``plots.show`` stores every figure as plotly's JSON plus a ``text/html`` form, with
:data:`FIGURE_METADATA` in the output's metadata; :class:`commlib.site.PlotlyJsonRenderer`
skips the JSON of exactly those outputs (:func:`site_draws_html`). This module imports
nothing, so the Sphinx extension can use it without loading plotly.
"""

from __future__ import annotations

from typing import Any

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"

#: Output metadata stored with every figure ``plots.show`` displays: the site draws the
#: bundle's ``text/html`` form. A plotly figure stored any other way (``fig.show()``) lacks
#: it, and myst-nb's "unknown mime type" warning then fails the ``-W`` build.
FIGURE_METADATA: dict[str, Any] = {"commlib": {"site_draws": "text/html"}}


def site_draws_html(output_metadata: dict | None) -> bool:
    """Whether an output's metadata says the site draws its ``text/html`` form."""
    return (output_metadata or {}).get("commlib", {}).get("site_draws") == "text/html"
