"""What a hostile sheet costs to report: every cell refused, each with its message.

    python benchmarks/bench_hostile.py                 # 20 columns x 2,000 rows, 3 runs
    python benchmarks/bench_hostile.py --rows 16000    # the size a stranger reported
    python benchmarks/bench_hostile.py --worker        # one run, its figures as JSON

A rubric of 19 criteria (booleans, bands on 0..100, three-level choices, counts, in turn) and
a CSV of an id column and 19 answer columns whose every cell is refused: text typed wrong the
ways people and spreadsheets type it (``1,5``, ``maybe``, ``#REF!``, ``١٨``, ``ＹＥＳ``,
``--5``, ``0x1F``, ``=A1``, a zero-width space...), most with a number after them, so that
nearly every cell is met for the first time (nothing a memo of answers could flatter).
``tiercert batch`` reads it, scores none and writes every row's problems (the CSV's
``problems`` column and standard error): the figure is processor time per cell, in a fresh
process, best of the runs.  A script that prints, not a test; run each tree's own copy for
an A/B comparison (it puts its own ``src`` first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

JUNK = (
    "x7q", "1,5", "maybe", "#REF!", "١٨", "ＹＥＳ", "--5", "1 .5", "0x1F", "12.000.000", "=A1",
    "Kém?", "\u200byes", "??", "yes please", "½", "1:20", "2024-01-02", "inf", "-",
)  # fmt: skip
KINDS = (
    "{kind: boolean, points: 1}",
    "{kind: bands, range: {min: 0, max: 100}, bands: [{max: 50, points: 0}, {min: 50, points: 2}]}",
    "{kind: levels, levels: [{id: good, points: 2}, {id: fair, points: 1}, {id: poor, points: 0}]}",
    "{kind: count, per_item: 1}",
)
COLUMNS = 19


def write_sheet(folder: Path, rows: int) -> tuple[Path, Path]:
    """The rubric and the hostile CSV, the same for the same ``rows`` (seeded)."""
    criteria = []
    for i in range(COLUMNS):
        kind = KINDS[i % len(KINDS)]
        extra = ", max: 10" if "count" in kind else ""
        criteria.append(f"  - {{id: c{i}, title: C{i}{extra}, rule: {kind}}}")
    rubric = folder / "hostile.yaml"
    rubric.write_text(
        'format: 1\nid: h\nversion: "1"\ntitle: H\ncriteria:\n'
        + "\n".join(criteria)
        + "\ntiers: []\n",
        encoding="utf-8",
    )
    pick = random.Random(20240601)
    sheet = folder / "hostile.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id"] + [f"c{i}" for i in range(COLUMNS)])
        for r in range(rows):
            cells = [
                pick.choice(JUNK) + ("" if pick.random() < 0.3 else str(pick.randint(0, 9999)))
                for _ in range(COLUMNS)
            ]
            writer.writerow([f"u{r}", *cells])
    return rubric, sheet


def worker(rubric: str, sheet: str) -> dict[str, float]:
    """One ``tiercert batch`` of the sheet in this process: its processor and wall time."""
    from tiercert.cli import main

    out, err = io.StringIO(), io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    status = main(["batch", rubric, sheet, "--lang", "en"], stdout=out, stderr=err)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert status != 0, "the batch succeeded"
    assert "0 scored" in err.getvalue() + out.getvalue(), "a row was scored"
    return {"cpu": cpu, "wall": wall, "problems": err.getvalue().count("[answer.invalid]")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("RUBRIC", "SHEET"))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    with tempfile.TemporaryDirectory() as folder:
        rubric, sheet = write_sheet(Path(folder), args.rows)
        runs = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, __file__, "--worker", str(rubric), str(sheet)],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            runs.append(json.loads(done.stdout))
    cells = args.rows * COLUMNS
    best = min(runs, key=lambda r: r["cpu"])
    print(f"load {os.getloadavg()[0]:.1f}; {args.rows} rows x {COLUMNS} cells = {cells} cells")
    print(f"problems reported: {best['problems']:.0f}")
    cpu = [f"{r['cpu'] * 1e6 / cells:.1f}" for r in runs]
    print(f"CPU per cell, us: best {best['cpu'] * 1e6 / cells:.1f} (runs: {', '.join(cpu)})")
    print(f"wall per cell, us (best CPU run): {best['wall'] * 1e6 / cells:.1f}")


if __name__ == "__main__":
    main()
