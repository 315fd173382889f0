"""`make bench` runs: its fast figures are produced, named and written as the README says.

No timing is asserted here (targets are for people to read); this only checks that the
benchmark code works, so that `make bench` does not rot between releases.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_fast_benchmarks_write_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "place_allocation",
         "models", "widgets", "--runs", "1", "--samples", "3", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["date"] and "cores" in report["machine"]
    figures = {f["name"]: f for f in report["figures"]}
    for name in ("place_allocation_ms", "model_call_ms_max", "widget_update_ms_p95"):
        assert name in figures, name
        assert figures[name]["value"] > 0
        assert figures[name]["target"].startswith("<")
        assert name in run.stdout  # printed in the table as well
    widgets = [n for n in figures if n.startswith("widget_update_ms_p95[")]
    # Every chapter's live explorer is measured, not just one.
    for module in ("allocations", "contracts", "practice_income", "gain_share",
                   "system_shape", "urgent_care", "governance", "priorities"):
        assert any(f"[{module}." in n for n in widgets), module
    for widget in ("allocations.place_allocation_widget", "allocations.pace_of_change_widget",
                   "contracts.contract_explorer"):
        assert f"widget_update_ms_p95[{widget}]" in figures, widget
    models = [n for n in figures if n.startswith("model_call_ms[")]
    assert any("contracts" in n for n in models) and any("pace_of_change" in n for n in models)
    for figure in report["figures"]:
        if "min" in figure:  # summaries (the worst of several) carry no spread of their own
            assert figure["min"] <= figure["value"] <= figure["max"], figure["name"]
