"""commlib: the models, data and explorers behind the NHS Commissioning Workbook.

Models (``allocation``, ``places``, ``contracts``, ``primary_care``, ``spending``, ``savings``,
``priorities``) are pure functions over numbers and pandas objects. ``data`` loads and
validates the tables in ``data/``; ``plots`` builds figures; ``widgets`` builds the
live explorers; ``site`` is the Sphinx extension that serves figures and widgets offline.
"""

__version__ = "0.1.0"
