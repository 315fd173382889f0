"""Kernel-free explorers for the published site: the live widget's controls, run in the browser.

On the published site Python never runs, so an ipywidget there would be a dead control. Each
live explorer (:class:`commlib.widgets.base.LiveExplorer`) therefore has a browser twin:

* its **controls** are read from the live explorer itself (:func:`controls_spec`): the same
  labels (each ipywidget's ``description``), options, starting values and bounds, so the two
  cannot drift apart;
* its **data** is exported by commlib when the site is built (a function registered with
  :func:`twin`, written by :func:`export_all` into ``_static/commlib/explorers/data/``);
* its **rule** is a small browser module, one per explorer, in
  ``commlib/site_static/commlib/explorers/<module>.js``, which computes what the live widget
  shows from that data, or, for an explorer whose controls are all finite, the generic
  ``grid.js``, which looks up the live widget's own result for the setting
  (:func:`grid_twin`). ``tests/site/test_browser_explorers.py`` proves every twin equal to its
  live widget over random inputs, valid and invalid, to the penny and to the sentence.

In a notebook, :func:`site_explorer` returns an object whose output carries the mime type
:data:`EXPLORER_MIMETYPE` (the explorer's spec, read by :mod:`commlib.site` on the site) and
an empty ``text/plain``: JupyterLab and Voilà show nothing for it, and the live widget beside
it (whose cell carries the ``remove-cell`` tag, so the site leaves it out) does the work.
"""

from __future__ import annotations

import importlib
import itertools
import json
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from commlib.widgets.base import LiveExplorer

__all__ = [
    "EXPLORER_MIMETYPE",
    "GRID_LIMIT",
    "BrowserExplorer",
    "Parts",
    "Twin",
    "controls_spec",
    "export_all",
    "grid_key",
    "grid_settings",
    "grid_twin",
    "site_explorer",
    "twin",
    "twins",
]

#: Mime type of a kernel-free explorer's output (its spec as JSON).
EXPLORER_MIMETYPE = "application/vnd.commlib.explorer+json"
#: Most settings a precomputed ("grid") twin may hold.
GRID_LIMIT = 5_000


@dataclass(frozen=True)
class Twin:
    """A live explorer's browser twin: its builder, its browser module and its data."""

    name: str
    live: Callable[..., LiveExplorer]
    module: str
    export: Callable[[], Any]
    #: Optional ``samples(rng, controls) -> setting`` for the parity test, where random text
    #: would almost never be valid (practice codes, say): each setting maps a control's name
    #: to an option index (lists), a bool (ticks), a number (sliders) or the text typed.
    samples: Callable[..., dict[str, Any]] | None = None


_TWINS: dict[str, Twin] = {}


def twin(name: str, *, live: Callable[..., LiveExplorer], module: str | None = None,
         samples: Callable[..., dict[str, Any]] | None = None
         ) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated function as the data exporter of the twin ``name``.

    ``live`` builds the live explorer (called with no arguments for the site, the tests and
    the oracle); ``module`` names the browser module (``explorers/<module>.js``, default
    ``name``); ``samples`` draws settings for the parity test (see :class:`Twin`).
    """

    def register(export: Callable[[], Any]) -> Callable[[], Any]:
        if name in _TWINS and _TWINS[name].export is not export:
            raise ValueError(f"two browser twins are registered as {name!r}")
        _TWINS[name] = Twin(name, live, module or name, export, samples)
        return export

    return register


def twins() -> dict[str, Twin]:
    """Every registered twin, by name, after importing every ``commlib.widgets`` module."""
    import commlib.widgets

    for module in pkgutil.iter_modules(commlib.widgets.__path__):
        importlib.import_module(f"commlib.widgets.{module.name}")
    return dict(sorted(_TWINS.items()))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


@dataclass(frozen=True)
class Parts:
    """A twin's data in parts: ``main`` loads with the explorer, each of ``parts`` only when a
    setting needs it (the module asks for ``api.need("<twin>--<key>")``)."""

    main: Any
    parts: dict[str, Any]


def _data_script(name: str, value: Any) -> str:
    return f"window.commlibBx.addData({_json(name)},{_json(value)});\n"


def export_all(folder: Path) -> list[Path]:
    """Write every twin's data into ``folder`` as ``<name>.js`` (loaded by a script tag).

    A script rather than a ``.json`` file, so that the site also works when opened from disk
    (``file://``), where browsers refuse ``fetch``. Data in :class:`Parts` is written as
    ``<name>.js`` and one ``<name>--<key>.js`` per part.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, entry in twins().items():
        exported = entry.export()
        files = {name: exported}
        if isinstance(exported, Parts):
            files = {name: exported.main,
                     **{f"{name}--{key}": part for key, part in exported.parts.items()}}
        for file_name, value in files.items():
            path = folder / f"{file_name}.js"
            path.write_text(_data_script(file_name, value), encoding="utf-8")
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
    elif isinstance(control, widgets.Textarea):
        spec.update(kind="textarea", value=control.value)
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
        self.spec = {"name": name, "module": module, "data": data, "title": title,
                     "note": note, "controls": controls}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {EXPLORER_MIMETYPE: self.spec, "text/plain": ""}


def site_explorer(name: str, **live_arguments: Any) -> BrowserExplorer:
    """The browser twin ``name``, with the controls of its live explorer.

    ``live_arguments`` go to the live explorer's builder (its starting values), so that the
    page and its twin start alike.
    """
    registered = twins()
    if name not in registered:
        raise ValueError(f"no browser twin is registered as {name!r}: see "
                         "commlib.widgets.browser.twin")
    entry = registered[name]
    live = entry.live(**live_arguments)
    return BrowserExplorer(name=name, module=entry.module, data=name, title=live.title,
                           note=live.note, controls=controls_spec(live))


# ---------------------------------------------------------------------------
# Precomputed twins: every setting of a live explorer whose controls are all finite
# ---------------------------------------------------------------------------

def _choices(control: dict[str, Any]) -> int:
    if control["kind"] in ("select", "radio"):
        return len(control["options"])
    if control["kind"] == "checkbox":
        return 2
    if control["kind"] == "range":
        return round((control["max"] - control["min"]) / control["step"]) + 1
    raise ValueError(f"the control {control['name']!r} is typed freely: a precomputed twin "
                     "cannot hold every value; write a browser module for it")


def _value(control: dict[str, Any], choice: int) -> Any:
    if control["kind"] in ("select", "radio"):
        return control["options"][choice][1]
    if control["kind"] == "checkbox":
        return bool(choice)
    value = control["min"] + choice * control["step"]
    return round(value, 10) if isinstance(control["step"], float) else value


def grid_key(choices: Iterable[int]) -> str:
    """The key of one setting: each control's choice (option, tick or slider step) in order."""
    return "|".join(str(int(c)) for c in choices)


def grid_settings(controls: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, values) for every setting of ``controls``, in order."""
    counts = [_choices(control) for control in controls]
    for choices in itertools.product(*(range(n) for n in counts)):
        yield grid_key(choices), {c["name"]: _value(c, k) for c, k in zip(controls, choices,
                                                                           strict=True)}


def grid_twin(name: str, live: Callable[[], LiveExplorer]) -> Callable[[], Any]:
    """Register a precomputed twin of ``live``: its own ``render`` for every setting.

    For explorers whose controls are all finite (lists, ticks, sliders) and together have at
    most :data:`GRID_LIMIT` settings. Equal to the live widget by construction; the browser
    module ``explorers/grid.js`` only looks the setting up.
    """

    def export() -> dict[str, Any]:
        explorer = live()
        controls = controls_spec(explorer)
        total = 1
        for control in controls:
            total *= _choices(control)
        if total > GRID_LIMIT:
            raise ValueError(f"the explorer {name!r} has {total:,} settings, more than a "
                             f"precomputed twin holds ({GRID_LIMIT:,}): write a browser module")
        results: dict[str, Any] = {}
        for key, values in grid_settings(controls):
            try:
                results[key] = {"html": explorer.render(**values)}
            except ValueError as error:
                results[key] = {"error": str(error)}
        return {"results": results}

    twin(name, live=live, module="grid")(export)
    return export
