"""`make test` fails when a stored notebook output no longer matches a fresh run.

We show it on a copy of a real chapter: edit one stored output and run nbval on the copy.
"""

import subprocess
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "book" / "04-funding-flows" / "money-in.ipynb"


def _run_nbval(path: Path) -> subprocess.CompletedProcess:
    """``make nbval`` on ``path`` alone: the very command `make test` runs."""
    return subprocess.run(
        ["make", "--no-print-directory", "nbval", f"NOTEBOOK_DIRS={path}"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )


def test_an_edited_stored_output_fails_nbval(tmp_path):
    nb = nbformat.read(CHAPTER, as_version=4)
    edited = False
    for cell in nb.cells:
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
                data["text/plain"] = "'a stale value nobody computed'"
                edited = True
                break
        if edited:
            break
    assert edited, f"{CHAPTER} has no stored text output to edit"
    copy = tmp_path / CHAPTER.name
    nbformat.write(nb, copy)
    result = _run_nbval(copy)
    assert result.returncode != 0, result.stdout
    assert "a stale value nobody computed" in result.stdout
