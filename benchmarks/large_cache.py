"""Cache misses of a large rubric's compiled verdict and of the hand-written scorer, for
callgrind's cache simulator (deterministic, whatever the load).

    PYTHONHASHSEED=0 valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 \\
        --I1=32768,8,64 --LL=1048576,8,64 --instr-atstart=no --dump-before='os_getppid*' \\
        --callgrind-out-file=/tmp/cg/%p python benchmarks/large_cache.py 10000 integer 4
    # the dumps, in order: .1 the setup since instrumentation was switched on (not counted),
    # .2 PASSES compiled verdicts, .3 PASSES hand-written scores; each / PASSES / N criteria

``N STYLE PASSES``: ``bench_scale.py``'s rubric of N criteria, its ``FastEvaluator`` built as
``Rubric`` builds it (loops over tables from ``TABLES_FROM`` criteria), one assessment of
STYLE (``answers.py``), and ``bench_scale.hand_written``'s scorer of it; both scored ten
times (the verdict checked against the hand-written scorer), then instrumentation is switched
on (``callgrind_control -i on``) and the compiled verdict function is called PASSES times on
that one assessment, then the hand-written scorer PASSES times, each run between two calls
of ``os.getppid`` (the markers).  As ``bench_scale.py`` times them: one assessment, again and
again, so that the misses counted are those of a verdict whose data was last touched by the
verdict before it (at 10,000 criteria more than the simulated 1 MB L2 holds).

Each tree's own copy of this script puts its own ``src`` first (``common.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from answers import Style, styled_cases
from bench_scale import hand_written, rubric_yaml

import tiercert
from tiercert._fast import FastEvaluator


def main(argv: Sequence[str]) -> int:
    leaves, style, passes = int(argv[0]), argv[1], int(argv[2])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"scale{leaves}.yaml"
        path.write_text(rubric_yaml(leaves), encoding="utf-8")
        rubric = tiercert.load_rubric(path)
    fast = FastEvaluator(rubric._plan, rubric._info)
    zero = rubric._plan.missing_is_zero
    chosen: Style = style  # type: ignore[assignment]
    ((answers, facts),) = styled_cases(rubric, chosen, 1)
    hand = hand_written(leaves, chosen)
    verdict = fast.verdict_function
    got = fast.verdict(answers, facts, zero)
    total, certified, _tier = hand(answers, facts)
    assert (Fraction(got.total), got.certified) == (Fraction(total), certified), (got, total)
    for _ in range(10):  # both quickened (CPython 3.11 does it at the eighth call)
        verdict(answers, facts, zero, {})
        hand(answers, facts)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True)
    os.getppid()
    for _ in range(passes):
        verdict(answers, facts, zero, {})
    os.getppid()
    for _ in range(passes):
        hand(answers, facts)
    os.getppid()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
