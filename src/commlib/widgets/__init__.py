"""Live explorers (ipywidgets) for JupyterLab and the Voila app.

Each topic module builds its explorer from the models and from :mod:`commlib.plots`;
the chapters, the explorer app and the benchmarks import the same objects.
"""

from commlib.widgets.base import LiveExplorer, message_html

__all__ = ["LiveExplorer", "message_html"]
