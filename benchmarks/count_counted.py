"""What a verdict and a full result cost on the shipped rubrics, for runs under callgrind
(instructions do not vary with load), to compare two trees:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/counted.out \\
        --dump-before='os_getppid*' python benchmarks/count_counted.py TREE verdict
    grep -H '^totals:' /tmp/counted.out.2   # the calls

Loads every rubric of ``TREE/rubrics`` from ``TREE/src`` with the answers of
``benchmarks/bench_engines.py`` (the integer style, 100 assessments a rubric), makes each
rubric's compiled code on three assessments, then, between calls of ``os.getppid`` (the
markers), gives every assessment's ``rubric.verdict(...)`` (``verdict``) or reads every
``NodeResult`` of ``rubric.evaluate(...)`` (``full``), as bench_engines' "tiercert
rubric.verdict()" and "evaluate() + read every NodeResult" do (twentieth round,
docs/performance-history.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TREE = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(TREE / "src"))

import tiercert  # noqa: E402  (TREE's: imported before benchmarks/common.py adds this one's)

assert Path(tiercert.__file__).is_relative_to(TREE), tiercert.__file__

WHAT = sys.argv[2]  # verdict | full
ASSESSMENTS = 100


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from answers import styled_cases  # bench_engines' answers

    work = []
    for path in sorted((TREE / "rubrics").glob("*.yaml")):
        rubric = tiercert.load_rubric(path)
        cases = styled_cases(rubric, "integer", ASSESSMENTS)
        for answers, facts in cases[:3]:  # the compiled code is made on first use
            rubric.verdict(answers, facts=facts)
            list(rubric.evaluate(answers, facts=facts).nodes.values())
        work.append((rubric, cases))
    os.getppid()
    for rubric, cases in work:
        for answers, facts in cases:
            if WHAT == "verdict":
                rubric.verdict(answers, facts=facts)
            else:
                list(rubric.evaluate(answers, facts=facts).nodes.values())
    os.getppid()


if __name__ == "__main__":
    main()
