"""The verdict of a large rubric written out criterion by criterion, or as loops over tables.

    python benchmarks/bench_tables.py                 # 100, 1,000 and 10,000 criteria
    python benchmarks/bench_tables.py 100 10000

Each size is ``bench_scale.py``'s generated rubric, measured in a fresh process.  In that
process the rubric's compiled evaluator is built twice, from the same plan: with every
criterion written out (``tables`` above the rubric's size: the code of a rubric under
``TABLES_FROM`` criteria) and table-driven (``tables=0``: ``_fast/tables.py``).  For each,
the time to write the scorers' source, its size, ``compile()`` of the verdict's source (CPU
and the process's peak memory above what it held before, each form in a fresh process of
its own), and the verdict per criterion for each answer style (``answers.py``; checked
against the reference first), the two forms timed in turn, best of passes (CPU time).  The
ratios compare the two forms in the same process, and each size with the smallest.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from answers import STYLES, Style, styled_cases
from bench_scale import rubric_yaml
from common import Answers, Facts, machine, per_call, table

import tiercert
from tiercert._fast import FastEvaluator

SIZES = (100, 1_000, 10_000)
FORMS = {"written out": 10**9, "tables": 0}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def compile_cost(leaves: int, folder: Path, form: str) -> dict[str, float]:
    """In this (fresh) process: write the scorers of one form, then compile the verdict."""
    path = folder / f"scale{leaves}.yaml"
    rubric = tiercert.load_rubric(path)
    start = time.process_time()
    fast = FastEvaluator(rubric._plan, rubric._info, tables=FORMS[form])
    written = time.process_time() - start
    source = fast.source.split("\n\n")[0]
    before = _rss_mb()
    start = time.process_time()
    compile(source, "<verdict>", "exec")
    return {
        "write": written,
        "compile": time.process_time() - start,
        "peak": _rss_mb() - before,
        "source": len(source) / 1e6,
        "lines": source.count("\n"),
    }


def _call(fast: FastEvaluator, zero: bool, answers: Answers, facts: Facts) -> object:
    return fast.verdict(answers, facts, zero)


def speeds(leaves: int, folder: Path, styles: Sequence[Style]) -> dict[str, dict[str, float]]:
    """In this (fresh) process: ns per criterion of each form's verdict, per style."""
    rubric = tiercert.load_rubric(folder / f"scale{leaves}.yaml")
    out: dict[str, dict[str, float]] = {}
    built = {form: FastEvaluator(rubric._plan, rubric._info, tables=t) for form, t in FORMS.items()}
    for style in styles:
        cases = styled_cases(rubric, style, 3)
        zero = rubric.spec.scoring.missing == "zero"
        for a, f in cases:
            result = rubric.evaluate(a, facts=f, engine="reference")
            tier = result.tier.id if result.tier is not None else None
            want = (result.total, result.certified, tier)
            for fast in built.values():
                total, certified, reached = fast.verdict(a, f, zero)
                got = (total, certified, reached.id if reached is not None else None)
                assert got == want, style
        one = cases[:1]
        budget = 0.3 if leaves < 10_000 else 1.0
        times: dict[str, float] = {form: float("inf") for form in FORMS}
        for _ in range(3):  # the two forms in turn, best of each
            for form, fast in built.items():
                verdict = partial(_call, fast, zero)
                times[form] = min(times[form], per_call(verdict, one, budget=budget) / leaves)
        out[style] = times
    return out


def _worker(argv: Sequence[str]) -> int:
    what, leaves, folder = argv[0], int(argv[1]), Path(argv[2])
    if what == "compile":
        print(json.dumps(compile_cost(leaves, folder, argv[3])))
    else:
        chosen = [s for s in STYLES if s in argv[3].split(",")]
        print(json.dumps(speeds(leaves, folder, chosen)))
    return 0


def _run(*args: str) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--worker"]:
        return _worker(argv[1:])
    sizes = [int(a) for a in argv] or list(SIZES)
    styles = list(STYLES)
    print(f"Machine: {machine()}\n")
    costs: dict[tuple[int, str], dict[str, float]] = {}
    found: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n in sizes:
            (folder / f"scale{n}.yaml").write_text(rubric_yaml(n), encoding="utf-8")
            for form in FORMS:
                costs[n, form] = _run("compile", str(n), name, form)
            found[n] = _run("speed", str(n), name, ",".join(styles))
    rows = [
        [
            f"{n:,}",
            form,
            f"{c['source']:.2f} MB ({c['lines']:,} lines)",
            f"{c['write']:.2f} s",
            f"{c['compile']:.2f} s",
            f"+{c['peak']:,.0f} MB",
        ]
        for (n, form), c in costs.items()
    ]
    heads = ["criteria", "verdict", "source", "write scorers (CPU)", "compile() (CPU)", "peak"]
    print(table(rows, heads) + "\n")
    smallest = sizes[0]
    rows = []
    for n in sizes:
        for style in styles:
            t = found[n][style]
            base = found[smallest][style]
            rows.append(
                [
                    f"{n:,}",
                    style,
                    *(f"{t[form] * 1e9:,.0f}" for form in FORMS),
                    f"{t['tables'] / t['written out']:.2f}×",
                    *(f"{t[form] / base[form]:.2f}×" for form in FORMS),
                ]
            )
    heads = [
        "criteria",
        "answers",
        "written out ns/criterion",
        "tables ns/criterion",
        "tables ÷ written out",
        f"written out ÷ at {smallest:,}",
        f"tables ÷ at {smallest:,}",
    ]
    print(table(rows, heads))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
