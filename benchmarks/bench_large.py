"""What a large rubric costs to check, to load and score once, and to compile: time and memory.

    python benchmarks/bench_large.py                  # realistic 100 ... 20,000; dense 160,000
    python benchmarks/bench_large.py --quick          # realistic 100 and 1,000
    python benchmarks/bench_large.py realistic:10000 dense:50000

Rubrics from ``large_rubric.py``: ``realistic`` as people write them (mixed kinds, levels,
bands, linear shares, counts, deductions, N/A, bilingual titles; about 480 bytes a criterion),
``dense`` the most criteria the 10 MB limit lets in (about 60 bytes each).  Each measurement
runs in a fresh process (imports done before the clock starts), and reports wall and CPU
time and the process's peak resident memory (``VmHWM``) at its end:

- ``check``: what ``tiercert check`` runs (``check_file(..., light=True)``);
- ``score one``: what ``tiercert score`` runs for one unit: ``load_rubric`` and one
  ``evaluate`` (the reference, as the command does);
- ``first verdict``: ``load_rubric`` and the first ``verdict()`` through the public API (a
  rubric over 1,000 criteria is scored by the reference until compiling pays off);
- ``compiled``: the same, then the scorers written and compiled (``rubric._fast``) and one
  compiled verdict: what compiling adds, in time and memory.

Answers are whole numbers and level ids for every criterion (``answers.py``, integer style).
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from answers import styled_cases
from common import machine, table
from large_rubric import dense, realistic

import tiercert
from tiercert.checking import check_file

DEFAULT = ("realistic:100", "realistic:1000", "realistic:10000", "realistic:20000", "dense:160000")
MODES = ("check", "score one", "first verdict", "compiled")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def measure(path: Path, mode: str) -> dict[str, Any]:
    """One mode on one file, in this fresh process."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {}
    if mode == "check":
        report = check_file(path, light=True)
        assert report.ok(), report.problems[:3]
    else:
        rubric = tiercert.load_rubric(path)
        out["loaded"] = time.perf_counter() - start
        wall, busy = time.perf_counter(), time.process_time()
        (answers, facts), *_ = styled_cases(rubric, "integer", 1)
        drawn, drawn_cpu = time.perf_counter() - wall, time.process_time() - busy
        start, cpu = start + drawn, cpu + drawn_cpu  # drawing answers is not tiercert's
        if mode == "score one":
            rubric.evaluate(answers, facts=facts, engine="reference")
        else:
            first = rubric.verdict(answers, facts=facts)
            if mode == "compiled":
                out["first"] = time.perf_counter() - start
                rubric._warm_up = 0  # compile now, as the 17th call would
                assert rubric.verdict(answers, facts=facts) == first
                assert "_fast" in vars(rubric)
    out["wall"] = time.perf_counter() - start
    out["cpu"] = time.process_time() - cpu
    out["peak_mb"] = _peak_mb()
    return out


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--worker"]:
        print(json.dumps(measure(Path(argv[1]), argv[2])))
        return 0
    chosen = list(argv) or list(DEFAULT)
    if chosen == ["--quick"]:
        chosen = ["realistic:100", "realistic:1000"]
    print(f"Machine: {machine()}\n")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for item in chosen:
            style, _, size = item.partition(":")
            n = int(size)
            path = Path(folder) / f"{style}{n}.yaml"
            path.write_text((realistic if style == "realistic" else dense)(n), encoding="utf-8")
            mb = path.stat().st_size / 1e6
            for mode in MODES:
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(path), mode],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                m = json.loads(done.stdout.strip().splitlines()[-1])
                extra = ""
                if "loaded" in m:
                    extra = f"load {m['loaded']:.2f} s"
                if "first" in m:
                    extra += f", first verdict {m['first']:.2f} s"
                rows.append(
                    [
                        f"{style} {n:,}",
                        f"{mb:.1f} MB",
                        mode,
                        f"{m['wall']:.2f} s",
                        f"{m['cpu']:.2f} s",
                        f"{m['peak_mb']:,.0f} MB",
                        extra,
                    ]
                )
                print(" | ".join(rows[-1]), file=sys.stderr)
    print(table(rows, ["rubric", "file", "what", "wall", "CPU", "peak RSS", "of which"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
