"""Kernel-free explorers for the published site: the live widget's controls, run in the browser.

On the published site Python never runs, so an ipywidget there would be a dead control. Each
live explorer (:class:`commlib.widgets.base.LiveExplorer`) therefore has a browser twin:

* its **controls** are read from the live explorer itself (:func:`controls_spec`): the same
  labels (each ipywidget's ``description``), options, starting values and bounds, so the two
  cannot drift apart;
* its **data** is exported by commlib when the site is built (an exporter registered with
  :func:`exporter`, written by :func:`export_all` into ``_static/commlib/explorers/data/``);
* its **rule** is a small browser module, one per explorer, in
  ``commlib/site_static/commlib/explorers/<module>.js``, which computes what the live widget
  shows from that data. ``tests/site/test_browser_explorers.py`` proves each module equal to
  commlib over random inputs, valid and invalid, to the penny and to the sentence.

In a notebook, :func:`site_explorer` returns an object whose output carries the mime type
:data:`EXPLORER_MIMETYPE` (the explorer's spec, read by :mod:`commlib.site` on the site) and
an empty ``text/plain``: JupyterLab and Voilà show nothing for it, and the live widget beside
it (whose cell carries the ``remove-cell`` tag, so the site leaves it out) does the work.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from commlib.widgets.base import LiveExplorer

__all__ = [
    "EXPLORER_MIMETYPE",
    "BrowserExplorer",
    "controls_spec",
    "export_all",
    "exporter",
    "exporters",
    "site_explorer",
]

#: Mime type of a kernel-free explorer's output (its spec as JSON).
EXPLORER_MIMETYPE = "application/vnd.commlib.explorer+json"

_EXPORTERS: dict[str, Callable[[], Any]] = {}


def exporter(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register ``func`` as the exporter of the data named ``name`` (a JSON-able object)."""

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        if name in _EXPORTERS and _EXPORTERS[name] is not func:
            raise ValueError(f"two exporters are registered for the explorer data {name!r}")
        _EXPORTERS[name] = func
        return func

    return register


def exporters() -> dict[str, Callable[[], Any]]:
    """Every registered exporter, by data name, after importing every ``commlib.widgets`` module."""
    import commlib.widgets

    for module in pkgutil.iter_modules(commlib.widgets.__path__):
        importlib.import_module(f"commlib.widgets.{module.name}")
    return dict(sorted(_EXPORTERS.items()))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def export_all(folder: Path) -> list[Path]:
    """Write every explorer's data into ``folder`` as ``<name>.js`` (loaded by a script tag).

    A script rather than a ``.json`` file, so that the site also works when opened from disk
    (``file://``), where browsers refuse ``fetch``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, func in exporters().items():
        path = folder / f"{name}.js"
        path.write_text(f"window.commlibBx.addData({_json(name)},{_json(func())});\n",
                        encoding="utf-8")
        written.append(path)
    return written


def _options(control: widgets.Widget) -> list[list[Any]]:
    labels = list(control._options_labels)
    values = list(control._options_values)
    return [[str(label), value] for label, value in zip(labels, values, strict=True)]


def _control(name: str, control: widgets.Widget) -> dict[str, Any]:
    """The browser spec of one ipywidget control."""
    spec: dict[str, Any] = {"name": name, "label": control.description}
    if isinstance(control, (widgets.Dropdown, widgets.Select, widgets.RadioButtons)):
        spec.update(kind="select", options=_options(control), value=control.value)
    elif isinstance(control, widgets.ToggleButtons):
        spec.update(kind="radio", options=_options(control), value=control.value)
    elif isinstance(control, widgets.Checkbox):
        spec.update(kind="checkbox", value=bool(control.value))
    elif isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        spec.update(kind="range", value=control.value, min=control.min, max=control.max,
                    step=control.step)
    elif isinstance(control, (widgets.FloatText, widgets.IntText, widgets.BoundedFloatText,
                              widgets.BoundedIntText)):
        # Typed freely in the browser, so that a bad entry gets commlib's sentence.
        spec.update(kind="number", value=control.value)
    elif isinstance(control, widgets.Text):
        spec.update(kind="text", value=control.value)
    else:
        raise ValueError(f"the control {name!r} ({type(control).__name__}) has no browser twin")
    return spec


def controls_spec(live: LiveExplorer) -> list[dict[str, Any]]:
    """The controls of ``live`` as the browser draws them: same names, labels and values."""
    return [_control(name, control) for name, control in live.controls.items()]


class BrowserExplorer:
    """A kernel-free explorer's spec; shown on the site, invisible in a notebook."""

    def __init__(self, *, name: str, module: str, data: str, title: str, note: str,
                 controls: list[dict[str, Any]]) -> None:
        if data not in exporters():
            raise ValueError(f"no exporter is registered for the explorer data {data!r}")
        self.spec = {"name": name, "module": module, "data": data, "title": title,
                     "note": note, "controls": controls}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {EXPLORER_MIMETYPE: self.spec, "text/plain": ""}


def site_explorer(live: LiveExplorer, *, name: str, module: str, data: str,
                  note: str | None = None) -> BrowserExplorer:
    """The browser twin of ``live``: its controls, title and note, computed by ``module``."""
    return BrowserExplorer(name=name, module=module, data=data, title=live.title,
                           note=live.note if note is None else note,
                           controls=controls_spec(live))
