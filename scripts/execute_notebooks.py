"""Re-execute notebooks in place and store clean, deterministic outputs.

This is the only way outputs get into the repository (``make notebooks``). For each notebook:

* execute it top to bottom with nbclient, in its own folder, with the locked environment;
* store the ipywidgets state (so widgets draw on the static site), with model ids renumbered
  deterministically: the same notebook always gives the same ids, so re-running changes
  nothing in git unless an output really changed;
* drop volatile metadata (execution timings) and check that no output leaks a local path.

Usage: ``python scripts/execute_notebooks.py [--jobs N] [--dry-run] [PATH ...]`` (default:
every notebook in ``book/`` and ``notebooks/``, one kernel a core). Exits non-zero if a
notebook fails.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("book", "notebooks")
UUID_HEX = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LOCAL_PATHS = (str(ROOT), str(Path.home()), "/tmp/")


def find_notebooks(paths: list[str]) -> list[Path]:
    if paths:
        found = []
        for raw in paths:
            path = Path(raw).resolve()
            found.extend(sorted(path.rglob("*.ipynb")) if path.is_dir() else [path])
    else:
        found = [p for d in NOTEBOOK_DIRS for p in sorted((ROOT / d).rglob("*.ipynb"))]
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def widget_model_ids(nb: nbformat.NotebookNode) -> list[str]:
    """Model ids in order of first appearance: widget state first, then display outputs."""
    ids: list[str] = []
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    ids.extend(state.keys())
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and view.get("model_id") not in ids:
                ids.append(view["model_id"])
    return ids


def renumber_widgets(nb: nbformat.NotebookNode, key: str) -> nbformat.NotebookNode:
    """Replace random widget model ids by ids derived from the notebook path and order."""
    ids = widget_model_ids(nb)
    if not ids:
        return nb
    mapping = {
        old: hashlib.sha1(f"{key}:{n}".encode()).hexdigest()[:32] for n, old in enumerate(ids)
    }
    text = json.dumps(nb, sort_keys=True)
    text = UUID_HEX.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
    return nbformat.from_dict(json.loads(text))


def clean(nb: nbformat.NotebookNode, key: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("execution", None)
    nb = renumber_widgets(nb, key)
    nb.metadata.pop("papermill", None)
    return nb


def check_no_local_paths(nb: nbformat.NotebookNode, path: Path) -> None:
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    for local in LOCAL_PATHS:
        if local and local != "/" and local in text:
            raise SystemExit(f"{path}: an output contains the local path {local!r}; remove it")


def execute(path: Path, write: bool = True) -> float:
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    elapsed = time.perf_counter() - started
    key = path.resolve().relative_to(ROOT).as_posix()
    nb = clean(nb, key)
    check_no_local_paths(nb, path)
    nbformat.validate(nb)
    if write:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            nbformat.write(nb, handle)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks run at once, each in its own kernel (default: one a core)")
    parser.add_argument("--dry-run", action="store_true",
                        help="execute and check, but do not write the outputs (for benchmarks)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    paths = find_notebooks(args.paths)
    failures = 0
    # Each notebook runs in its own kernel and its outputs depend only on itself, so running
    # several at once changes nothing in what is stored.
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(execute, path, not args.dry_run): path for path in paths}
        for future in concurrent.futures.as_completed(futures):
            rel = futures[future].resolve().relative_to(ROOT)
            try:
                elapsed = future.result()
            except CellExecutionError as error:
                failures += 1
                print(f"FAILED  {rel}\n{error}", file=sys.stderr, flush=True)
                continue
            print(f"ok      {rel}  ({elapsed:.1f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
