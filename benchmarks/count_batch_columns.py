"""What ``tiercert batch`` costs on a sheet, for runs under callgrind (instructions do not vary
with load), to compare two trees: the counted columns (twenty-first round) must cost nothing
on a rubric without groups that count part of their criteria (Bắc Giang), and what they cost
where the total does (the Best Practices badge, a tiered total) is written down.

    python benchmarks/count_batch_columns.py generate DIR 5000    # the sheets, once
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/bc/TREE.SHEET.out \\
        --dump-before='os_getppid*' python benchmarks/count_batch_columns.py TREE DIR/SHEET.csv
    grep -H '^totals:' /tmp/bc/TREE.SHEET.out.2   # the command's, between the markers

``generate`` writes bench_batch.py's five sheets of the Bắc Giang rubric (``integer``,
``decimal text``, ``float text``, ``band edges``, ``mix``: its ``generate``, fixed seed, 1 %
bad rows) and ``badge.csv``, rows of the Best Practices badge drawn in the integer style
(``answers.py``: ``met``, ``unmet``, ``unknown``, ``na`` where allowed, each justification
filled), no bad row.  A run loads ``TREE/src``'s tiercert, then, between two calls of
``os.getppid`` (the markers), runs ``tiercert batch RUBRIC SHEET -o OUT.csv`` (the rubric by
the sheet's name: ``badge*`` the badge, else Bắc Giang), CSV to CSV: the row loop.  Options
after the sheet are the command's (``--decimal-comma``: a sheet typed with decimal commas).
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
from pathlib import Path


def _generate(folder: Path, rows: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from answers import Drawer
    from bench_batch import SEED, SHEETS, _cell, generate

    import tiercert
    from tiercert._compile import LeafPlan
    from tiercert.template import template_columns

    root = Path(__file__).resolve().parent.parent
    folder.mkdir(parents=True, exist_ok=True)
    bac_giang = tiercert.load_rubric(root / "rubrics" / "bac_giang_friendly_gov.yaml")
    for sheet in SHEETS:
        generate(bac_giang, rows, folder / f"{sheet.replace(' ', '_')}.csv", sheet)
    badge = tiercert.load_rubric(root / "rubrics" / "openssf_best_practices.yaml")
    rng = random.Random(SEED)
    draw = Drawer(rng, "integer")
    leaves = {n.id: n for n in badge._plan.nodes.values() if isinstance(n, LeafPlan)}
    answered = [c.id for c in template_columns(badge) if c.kind == "answer"]
    header = ["unit_id", *(name for a in answered for name in (a, f"{a}.justification"))]
    with (folder / "badge.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            cells = [f"p-{i:07d}"]
            for ident in answered:
                text, _ = _cell(draw.answer(leaves[ident]))
                cells += [text, "see https://example.org/evidence"]
            writer.writerow(cells)


def _run(tree: Path, sheet: Path, options: list[str]) -> None:
    sys.path.insert(0, str(tree / "src"))
    import tiercert
    from tiercert.cli import main

    assert Path(tiercert.__file__).is_relative_to(tree), tiercert.__file__

    rubric = (
        "openssf_best_practices" if sheet.name.startswith("badge") else "bac_giang_friendly_gov"
    )
    source = tree / "rubrics" / f"{rubric}.yaml"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, "out.csv")
        os.getppid()
        code = main(["batch", str(source), str(sheet), "-o", str(target), *options])
        os.getppid()
    assert code in (0, 1), code


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        _generate(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        _run(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3:])
