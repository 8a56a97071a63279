"""A large rubric's compiled verdict in instructions, and its first verdict, for A/B runs.

    # instructions a criterion of one verdict (callgrind, switched on around the verdicts)
    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null \\
        python benchmarks/large_instructions.py verdicts 10000 2 integer
    # ... and the same with 0 passes: (instructions of 2 passes - of 0) / 2 / 10,000
    python benchmarks/large_instructions.py first 10000    # load + check + first verdict, CPU

``verdicts N PASSES STYLE``: ``bench_scale.py``'s rubric of N criteria, its ``FastEvaluator``
built as ``Rubric`` builds it (loops over tables from ``TABLES_FROM`` criteria), one
assessment of STYLE (``answers.py``) scored once, then the verdict function called PASSES
times with callgrind's instrumentation on (``callgrind_control -i on``; off after): what the
setup costs is not counted, and only the difference with 0 passes is the verdicts'.

``first N``: in this fresh process, ``load_rubric`` of that rubric and one ``verdict()`` of
decimal text (the reference's, below its warm-up), CPU seconds, and within it the seconds of
``Document.prepare`` (locating the rubric's warnings).

To compare two trees, run each tree's own copy of this script: ``common.py`` puts its own
tree's ``src`` first on ``sys.path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from answers import Style, styled_cases
from bench_scale import rubric_yaml

import tiercert
from tiercert import _yaml
from tiercert._fast import FastEvaluator
from tiercert.errors import Path as NodePath


def _rubric(leaves: int, folder: Path) -> tiercert.Rubric:
    path = folder / f"scale{leaves}.yaml"
    path.write_text(rubric_yaml(leaves), encoding="utf-8")
    return tiercert.load_rubric(path)


def _callgrind(switch: str) -> None:
    subprocess.run(["callgrind_control", "-i", switch, str(os.getpid())], capture_output=True)


def verdicts(leaves: int, passes: int, style: Style, folder: Path) -> None:
    rubric = _rubric(leaves, folder)
    fast = FastEvaluator(rubric._plan, rubric._info)
    zero = rubric._plan.missing_is_zero
    ((answers, facts),) = styled_cases(rubric, style, 1)
    fast.verdict(answers, facts, zero)
    verdict = fast.verdict_function
    _callgrind("on")
    for _ in range(passes):
        verdict(answers, facts, zero, {})
    _callgrind("off")


def first(leaves: int, folder: Path) -> None:
    path = folder / f"scale{leaves}.yaml"
    path.write_text(rubric_yaml(leaves), encoding="utf-8")
    spent = [0.0]
    prepare = _yaml.Document.prepare

    def timed(document: _yaml.Document, paths: Iterable[NodePath]) -> None:
        start = time.process_time()
        prepare(document, paths)
        spent[0] += time.process_time() - start

    _yaml.Document.prepare = timed  # type: ignore[method-assign,assignment]
    start = time.process_time()
    rubric = tiercert.load_rubric(path)
    loaded = time.process_time()
    ((answers, facts),) = styled_cases(rubric, "decimal text", 1)
    drawn = time.process_time()
    rubric.verdict(answers, facts=facts)
    done = time.process_time()
    total = loaded - start + done - drawn
    print(f"load + check + first verdict {total:.3f} s CPU, locating warnings {spent[0]:.3f} s")


def main(argv: Sequence[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        if argv[0] == "verdicts":
            style: Style = argv[3]  # type: ignore[assignment]
            verdicts(int(argv[1]), int(argv[2]), style, Path(folder))
        else:
            first(int(argv[1]), Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
