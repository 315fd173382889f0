"""The pattern every live explorer follows.

Controls are ipywidgets whose ``description`` is their accessible name (with units). When a
control changes, :meth:`LiveExplorer.update` calls ``render(**values)``; the HTML it returns
replaces the result. If the model raises ``ValueError`` the sentence is shown in a status
message and the last good result stays on screen. No ``widgets.Output``, ``interact`` or
``interactive``: nbval cannot follow them, and an ``HTML`` widget updated through ``observe``
is all we need.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

STYLE = {"description_width": "initial"}


def message_html(text: str, kind: str = "error") -> str:
    """A status message announced to screen readers (``role="status"``)."""
    if not text:
        return ""
    prefix = "Check this entry: " if kind == "error" else ""
    css = "commlib-message commlib-message-" + kind
    return f'<div class="{css}" role="status"><strong>{html.escape(prefix)}</strong>' \
        f"{html.escape(text)}</div>"


class LiveExplorer:
    """Controls, a result and a message, wired together through ``observe``.

    Parameters
    ----------
    controls : mapping of argument name -> ipywidget
        Passed to ``render`` as keyword arguments (their ``value``).
    render : callable
        ``render(**values) -> str`` returns the result HTML; raises ``ValueError`` with a
        plain sentence on bad input.
    title : str
        Heading shown above the controls.
    note : str, optional
        A line under the heading (e.g. "Costs are illustrative").
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.Widget],
        render: Callable[..., str],
        *,
        title: str,
        note: str = "",
    ) -> None:
        self.controls = dict(controls)
        self.render = render
        self.title = title
        self.note = note
        self.result = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.message = widgets.HTML()
        self.last_good: dict[str, Any] | None = None
        self.last_error: str | None = None
        #: The control the last refusal is about (its label is in the sentence), or None.
        self.message_for: str | None = None
        self._layouts: list[tuple[widgets.VBox, widgets.VBox]] = []
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        heading = f'<h4 class="commlib-widget-title">{html.escape(title)}</h4>'
        if note:
            heading += f'<p class="commlib-widget-note">{html.escape(note)}</p>'
        self.header = widgets.HTML(heading)
        self.update()

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> bool:
        """Recompute; returns False (and keeps the last good result) on bad input."""
        values = self.values()
        try:
            result = self.render(**values)
        except ValueError as error:
            self.last_error = str(error)
            self.message.value = message_html(str(error))
            self.message_for = self._control_named_in(str(error))
            self._place_message()
            return False
        self.result.value = result
        self.message.value = ""
        self.last_error = None
        self.message_for = None
        self.last_good = values
        self._place_message()
        return True

    def _control_named_in(self, sentence: str) -> str | None:
        """The control whose label the sentence names (the longest label, if several)."""
        lowered = sentence.lower()
        named = [(len(control.description), name) for name, control in self.controls.items()
                 if getattr(control, "description", "")
                 and control.description.lower() in lowered]
        return max(named)[1] if named else None

    def _place_message(self) -> None:
        """Put the message under the control it is about, else under the explorer."""
        for controls, outer in self._layouts:
            items = list(self.controls.values())
            if self.message_for is not None:
                at = list(self.controls).index(self.message_for) + 1
                controls.children = (*items[:at], self.message, *items[at:])
                outer.children = tuple(child for child in outer.children
                                       if child is not self.message)
            else:
                controls.children = tuple(items)
                if self.message not in outer.children:
                    outer.children = (*outer.children, self.message)

    def set(self, **values: Any) -> bool:
        """Set several controls at once, then update once (used by tests and benchmarks)."""
        for name, value in values.items():
            self.controls[name].unobserve(self._on_change, names="value")
            try:
                self.controls[name].value = value
            finally:
                self.controls[name].observe(self._on_change, names="value")
        return self.update()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.VBox(
            list(self.controls.values()), layout=widgets.Layout(min_width="260px")
        )
        body = widgets.HBox(
            [controls, self.result], layout=widgets.Layout(flex_flow="row wrap", width="100%")
        )
        outer = widgets.VBox(
            [self.header, body, self.message], layout=widgets.Layout(width="100%")
        ).add_class("commlib-explorer")
        self._layouts.append((controls, outer))
        self._place_message()
        return outer

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
