"""The project's notebooks, for tests that read every one (checkpoints left out)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def project_notebooks(*folders: str) -> list[Path]:
    """Every ``.ipynb`` under ``folders`` (default ``book`` and ``notebooks``), sorted."""
    found = []
    for folder in folders or ("book", "notebooks"):
        found.extend(sorted((ROOT / folder).rglob("*.ipynb")))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]
