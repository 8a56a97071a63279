"""The work of a programme's rows, for runs under callgrind: instructions do not vary with load.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg-prog/out \\
        --dump-before='os_getppid*' python benchmarks/count_programme_rows.py 5000 rejected
    grep -H '^totals:' /tmp/cg-prog/out.*   # .2: the ROWS rows; / (ROWS x 3) a stage row

A sheet of ``ROWS`` units of the shipped Bắc Giang rubric (attributes district, unit type,
year; the group scores of its three stages, ``self:g1`` ... ``province:g5``, decimals written
several ways), scored by ``tiercert.programme.score_units`` to a CSV writer in memory.  KIND:
``rejected`` (every row's ``district`` stage gives g2 a score above its maximum, 26 of 25, so
every unit is rejected after all three stages are scored: three stage rows read, one refused),
``good`` (every row scored), or ``mix`` (one row in four rejected).  50 rows of the same kind
are scored first (compiling, filling the memos), outside the markers.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import tiercert
from tiercert.programme import ProgrammeTable, score_units
from tiercert.tabular import CsvWriter, read_csv

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {"g1": 20, "g2": 25, "g3": 20, "g4": 15, "g5": 20}
STAGES = ("self", "district", "province")


def sheet(rows: int, kind: str, seed: int) -> str:
    """The sheet's text (deterministic for ``seed``)."""
    rng = random.Random(seed)
    header = ["unit_id", "unit_name", "district", "unit_type", "year"]
    header += [f"{stage}:{g}" for stage in STAGES for g in GROUPS]
    lines = [",".join(header)]
    for i in range(rows):
        rejected = kind == "rejected" or (kind == "mix" and i % 4 == 0)
        cells = [f"u{seed}-{i:06d}", f"Xã {i}", f"Huyện {i % 10}", "xã", "2024"]
        for stage in STAGES:
            for group, top in GROUPS.items():
                if rejected and stage == "district" and group == "g2":
                    cells.append("26")
                    continue
                value = rng.randint(top * 2, top * 4) / 4
                cells.append(rng.choice([f"{value:g}", f"{value:.2f}", f"{value:.1f}"]))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def run(rubric: tiercert.Rubric, path: Path) -> int:
    table = ProgrammeTable(rubric)
    out = io.StringIO()
    count = 0
    with CsvWriter(table.columns, out) as writer:
        for _ in score_units(rubric, read_csv(path), writer, table):
            count += 1
    return count


def main(argv: list[str]) -> int:
    rows, kind = int(argv[0]), argv[1]
    rubric = tiercert.load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    with tempfile.TemporaryDirectory() as folder:
        warm, measured = Path(folder) / "warm.csv", Path(folder) / "rows.csv"
        warm.write_text(sheet(50, kind, 1), encoding="utf-8")
        measured.write_text(sheet(rows, kind, 2), encoding="utf-8")
        run(rubric, warm)
        os.getppid()  # the marker: callgrind dumps its counts here
        count = run(rubric, measured)
        os.getppid()
    print(f"{count} units scored", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
