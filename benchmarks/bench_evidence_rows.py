"""A batch of a rubric with evidence rules: the row scorer against each row read into an
assessment first (what such a batch did before the row scorer judged evidence rules).

    python benchmarks/bench_evidence_rows.py          # 2,000 rows
    python benchmarks/bench_evidence_rows.py 10000

The sheet: rows for the shipped OpenSSF Best Practices rubric (the badge's evidence rules:
justifications of 5 characters or more, ``// `` ignored, URLs with a dotted host written in
the justification), drawn as ``bench_batch.py`` draws them, without bad rows.  Each way runs
``tiercert batch`` twice, in this process, and the best time is shown; the two outputs are
compared byte for byte.  A script that prints, not a test.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench_batch

import tiercert
from tiercert._fast import rows
from tiercert._fast.numbers import Unsupported
from tiercert.cli import main as tiercert_main

RUBRIC = "openssf_best_practices"


def _batch(sheet: Path, out: Path) -> float:
    start = time.perf_counter()
    status = tiercert_main(
        ["batch", RUBRIC, str(sheet), "-o", str(out)], stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert status == 0, status
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 2000
    bench_batch.BAD_SHARE = 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sheet = work / "units.csv"
        bench_batch.generate(tiercert.load_rubric(RUBRIC), count, sheet)
        fast = min(_batch(sheet, work / "fast.csv") for _ in range(2))

        def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
            raise Unsupported("as before: evidence rules in a row scorer")

        original = rows.RowGenerator.__init__
        rows.RowGenerator.__init__ = refuse  # type: ignore[method-assign]
        try:
            slow = min(_batch(sheet, work / "slow.csv") for _ in range(2))
        finally:
            rows.RowGenerator.__init__ = original  # type: ignore[method-assign]
        same = (work / "fast.csv").read_bytes() == (work / "slow.csv").read_bytes()
    print(
        f"{count:,} rows of {RUBRIC}: row scorer {fast:.2f} s, each row read into an "
        f"assessment {slow:.2f} s ({slow / fast:.1f}x); outputs byte-identical: {same}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
