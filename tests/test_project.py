"""The project's own plumbing: make targets, CI, configuration."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from _notebooks import project_notebooks

ROOT = Path(__file__).resolve().parents[1]


def _phony_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    for extra in sorted((ROOT / "mk").glob("*.mk")):
        text += "\n" + extra.read_text()
    text = text.replace("\\\n", " ")
    return {t for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for t in line.split()}


def test_targets_named_like_folders_are_phony():
    # Without .PHONY, `make book` would say "book is up to date" because book/ exists.
    phony = _phony_targets()
    for target in ("book", "notebooks", "data", "tests", "test", "bench", "app", "slides",
                   "handouts", "serve", "lab"):
        assert target in phony, f"make target {target!r} is not .PHONY"


def test_ci_installs_chromium_with_apt_and_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script and "chromium-driver" in script
    assert re.search(r"^make test$", script, re.M)
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script


def test_environment_is_locked():
    assert (ROOT / "uv.lock").is_file()
    assert (ROOT / "package-lock.json").is_file()
    assert "$(UV) sync --frozen" in (ROOT / "Makefile").read_text()


def test_book_build_does_not_execute_and_loads_no_widget_manager():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    # No ipywidgets on the site (browser twins instead): an empty mapping, so that myst-nb
    # never falls back to its CDN copy of the widget manager.
    assert config["sphinx"]["config"]["nb_ipywidgets_js"] == {}
    # Jupyter Book adds every .js under _static/ to every page: we keep no _static/ folder.
    assert not (ROOT / "_static").exists()


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("file", "root"):
                files.append(value)
            else:
                files.extend(_toc_files(value))
    elif isinstance(node, list):
        for item in node:
            files.extend(_toc_files(item))
    return files


def test_every_page_in_the_toc_exists_and_every_notebook_is_in_the_toc():
    toc = set(_toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text())))
    for doc in toc:
        assert any((ROOT / f"{doc}{ext}").exists() for ext in (".md", ".ipynb")), doc
    for nb in project_notebooks():
        doc = nb.relative_to(ROOT).with_suffix("").as_posix()
        if doc == "notebooks/funding_explorer" or doc.startswith("notebooks/slides/"):
            continue  # the Voila app and the slide decks are not book pages
        assert doc in toc, f"{nb} is not in _toc.yml"


#: Modules of commlib that present (figures, pages, the Sphinx extension); every other module
#: is a model or a helper of the models, found on disk so that a new model is checked too.
PRESENTATION_MODULES = {"__init__", "plots", "catalogue", "site", "learning"}
MODEL_MODULES = tuple(sorted(
    path.stem for path in (ROOT / "src" / "commlib").glob("*.py")
    if path.stem not in PRESENTATION_MODULES
))


def test_the_models_checked_include_the_core_ones():
    assert {"allocation", "places", "contracts", "primary_care", "governance",
            "data"} <= set(MODEL_MODULES)


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_model_modules_import_neither_plotly_nor_ipywidgets(module):
    """Models compute; presentation lives in plots and widgets (CONTRIBUTING.md, layering)."""
    code = (f"import sys, commlib.{module}; "
            "print(' '.join(m for m in ('plotly', 'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "", f"commlib.{module} imports {done.stdout.strip()}"
