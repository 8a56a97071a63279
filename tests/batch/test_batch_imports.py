"""What a plain ``tiercert batch`` imports: not the migration, ``diff``, the programme's
scoring or the grouping (docs/performance-history.md, "The batch command's start,
thirteenth round"). Checked in a fresh process, through ``sys.modules``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
UNITS = ROOT / "examples" / "bac_giang_units.csv"

NOT_NEEDED = ("tiercert.migrate", "tiercert.diff", "tiercert.programme", "tiercert.grouping")

_PROGRAM = """
import io, json, sys
from tiercert.cli import main
status = main(sys.argv[1:], stdout=io.StringIO(), stderr=io.StringIO())
print(json.dumps([status, sorted(m for m in sys.modules if m.startswith("tiercert"))]))
"""


def _imported(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tmp_path,
    )
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, set(modules)


def test_a_plain_batch_imports_neither_migrate_nor_programme(tmp_path: Path) -> None:
    status, modules = _imported(tmp_path, "batch", str(RUBRIC), str(UNITS), "-o", "out.csv")
    assert status in (0, 1)
    assert (tmp_path / "out.csv").exists()
    assert "tiercert._version_check" in modules  # the rows' versions are still counted
    assert not modules & set(NOT_NEEDED), sorted(modules & set(NOT_NEEDED))


def test_a_batch_by_an_attribute_imports_what_it_needs(tmp_path: Path) -> None:
    _, modules = _imported(
        tmp_path, "batch", str(RUBRIC), str(UNITS), "-o", "out.csv", "--by", "district"
    )
    assert {"tiercert.grouping", "tiercert.programme"} <= modules
