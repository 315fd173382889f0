"""The re-execution command stores deterministic, clean outputs."""

import importlib.util
import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "execute_notebooks", ROOT / "scripts" / "execute_notebooks.py"
)
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)

STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"


def _notebook_with_widgets(ids):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w", id="cell-1")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={VIEW: {"model_id": ids[0], "version_major": 2}, "text/plain": "w"}
        )
    ]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    nb.cells.append(cell)
    nb.metadata["widgets"] = {
        STATE: {
            "state": {
                ids[0]: {"state": {"layout": f"IPY_MODEL_{ids[1]}"}},
                ids[1]: {"state": {}},
            },
            "version_major": 2,
            "version_minor": 0,
        }
    }
    return nb


def test_widget_ids_are_renumbered_the_same_way_every_run():
    first = _notebook_with_widgets(["a" * 32, "b" * 32])
    second = _notebook_with_widgets(["c" * 32, "d" * 32])
    cleaned = [execute_notebooks.clean(nb, "book/x.ipynb") for nb in (first, second)]
    assert json.dumps(cleaned[0], sort_keys=True) == json.dumps(cleaned[1], sort_keys=True)


def test_renumbering_keeps_references_between_models_consistent():
    nb = execute_notebooks.clean(_notebook_with_widgets(["a" * 32, "b" * 32]), "book/x.ipynb")
    state = nb.metadata["widgets"][STATE]["state"]
    view_id = nb.cells[0].outputs[0]["data"][VIEW]["model_id"]
    assert view_id in state
    layout_ref = state[view_id]["state"]["layout"].removeprefix("IPY_MODEL_")
    assert layout_ref in state and layout_ref != view_id
    assert "a" * 32 not in json.dumps(nb)


def test_execution_timings_are_dropped():
    nb = execute_notebooks.clean(_notebook_with_widgets(["a" * 32, "b" * 32]), "k")
    assert "execution" not in nb.cells[0].metadata


def test_every_stored_notebook_has_clean_metadata():
    for path in execute_notebooks.find_notebooks([]):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert "execution" not in cell.metadata, f"{path}: execution timings stored"
        text = json.dumps([c.get("outputs", []) for c in nb.cells])
        assert str(ROOT) not in text, f"{path}: an output contains the local path {ROOT}"
