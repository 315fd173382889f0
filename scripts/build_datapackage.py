"""Build ``data/datapackage.json``, the Frictionless Data Package of the workbook's tables.

Usage::

    .venv/bin/python scripts/build_datapackage.py [--data DIR] [--check]

The per-table descriptors ``data/<name>.json`` are the source (see CONTRIBUTING.md, "Data
tables"); this script turns them into one Data Package (profile ``tabular-data-package``,
https://specs.frictionlessdata.io/) with :func:`commlib.data.package_descriptor`: one
resource per table (``<name>.csv``, or ``<name>.csv.gz`` with ``compression: "gz"``), its
Table Schema (types, ``unit``, constraints, primary and foreign keys), licences and sources.
Output is deterministic: sorted keys, two-space indent, ``\\n`` line endings, a final newline.
Run it after changing a descriptor or adding a table; ``tests/test_datapackage.py`` fails when
the committed file differs from what this script writes. ``--check`` writes nothing and exits
with status 1 when the file is out of date.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def render(data_dir: Path | None = None) -> str:
    """The text of ``datapackage.json`` for the tables in ``data_dir`` (default ``data/``)."""
    from commlib import data

    before = os.environ.get("COMMLIB_DATA_DIR")
    if data_dir is not None:
        os.environ["COMMLIB_DATA_DIR"] = str(data_dir)
    try:
        data.clear_cache()
        package = data.package_descriptor()
    finally:
        if data_dir is not None:
            if before is None:
                os.environ.pop("COMMLIB_DATA_DIR", None)
            else:
                os.environ["COMMLIB_DATA_DIR"] = before
        data.clear_cache()
    return json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="the data directory (default: the repository's data/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if datapackage.json is out of date")
    args = parser.parse_args(argv)
    folder = args.data.resolve()
    if not folder.is_dir():
        print(f"build_datapackage: {folder} does not exist (--data)", file=sys.stderr)
        return 2
    try:
        text = render(folder)
    except ValueError as exc:
        print(f"build_datapackage: {exc}", file=sys.stderr)
        return 1
    target = folder / "datapackage.json"
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date: run scripts/build_datapackage.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
