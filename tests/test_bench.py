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
    # Calls with a target other than 5 ms are measured too, each against its own target.
    path = next(f for n, f in figures.items() if "pace_of_change_path" in n)
    assert path["target"] == "< 20 ms"
    for figure in report["figures"]:
        if "min" in figure:  # summaries (the worst of several) carry no spread of their own
            assert figure["min"] <= figure["value"] <= figure["max"], figure["name"]


def test_readme_block_is_filled_from_bench_json(tmp_path):
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps({
        "date": "2026-11-23", "machine": "x86_64, 2 cores",
        "figures": [
            {"name": "book_build_s", "value": 14.7, "unit": "s", "target": "< 60 s",
             "min": 14.5, "max": 16.3, "runs": 3},
            {"name": "widget_update_ms_p95", "value": 18.0, "unit": "ms",
             "target": "< 50 ms for every widget", "worst": "widget_update_ms_p95[a.b]"},
            {"name": "page_bytes_gz_max", "value": 2_097_152, "unit": "bytes",
             "target": "< 2,621,440 (2.5 MB) gzip", "page": "x.html"},
        ],
    }), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# T\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nafter\n",
                      encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "to_readme.py"), "--bench",
                    str(bench), "--readme", str(readme)], check=True, capture_output=True)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith("after\n")
    assert "2026-11-23 on x86_64, 2 cores" in text
    assert "| 14.7 s (14.5 to 16.3, 3 runs) | < 60 s |" in text
    assert "(a.b) | 18.0 ms |" in text
    assert "| 2.00 MB | < 2.5 MB |" in text


def test_the_committed_readme_has_figures_with_date_and_machine():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- bench:start -->")[1].split("<!-- bench:end -->")[0]
    assert "Latest figures, taken on 20" in block and "cores" in block
    for name in ("book_build_s", "notebooks_execute_s", "widget_update_ms_p95",
                 "place_allocation_ms", "page_bytes_gz_max", "first_plot_ms_p50"):
        assert f"`{name}`" in block, name
