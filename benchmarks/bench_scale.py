"""How load, check, compile and evaluation grow with the size of a rubric.

    python benchmarks/bench_scale.py                 # 100, 1,000 and 10,000 leaves
    python benchmarks/bench_scale.py 100 1000

Each size is a generated rubric (groups of ten criteria: booleans, levels, bands, deductions;
a knock-out fact and three tiers) written as YAML.  Timed: loading, validating and checking it
and compiling the plan (``tiercert.load_rubric``), generating and compiling its Python scorers
(first use of the fast evaluator), and scoring one assessment (verdict, full result, the
reference evaluator).  Per-leaf times that stay flat mean evaluation grows linearly.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import Answers, Facts, per_call, table

import tiercert

SIZES = (100, 1_000, 10_000)
KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}, {id: c, points: 0}]}",
    "{kind: bands, range: {min: 0, max: 100}, bands: "
    "[{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 2}]}",
    "{kind: deduction, per_item: 1, start: 2}",
)


def rubric_yaml(leaves: int) -> str:
    lines = [
        "format: 1",
        f"id: scale{leaves}",
        'version: "1"',
        f"title: Generated rubric with {leaves} criteria",
        "facts: [{id: ko, title: Knock-out, type: boolean, default: false}]",
        "criteria:",
    ]
    for g in range(leaves // 10):
        lines += [f"  - id: g{g}", f"    title: Group {g}", "    max: 18", "    children:"]
        for i in range(10):
            lines.append(f"      - {{id: g{g}.{i}, title: Criterion {i}, rule: {KINDS[i % 4]}}}")
    top = 18 * (leaves // 10)
    lines += [
        "gates: [{id: no_ko, title: No knock-out, require: {fact: ko, equals: false}}]",
        "tiers:",
        f"  - {{id: t1, label: One, rank: 1, min: {top // 2}}}",
        f"  - {{id: t2, label: Two, rank: 2, min: {top * 3 // 4}}}",
        f"  - {{id: t3, label: Three, rank: 3, min: {top * 9 // 10}}}",
    ]
    return "\n".join(lines) + "\n"


def answers_for(leaves: int, seed: int) -> tuple[Answers, Facts]:
    rng = random.Random(seed)
    answers: Answers = {}
    for g in range(leaves // 10):
        for i in range(10):
            kind = i % 4
            key = f"g{g}.{i}"
            if kind == 0:
                answers[key] = rng.random() < 0.8
            elif kind == 1:
                answers[key] = rng.choice("aabc")
            elif kind == 2:
                answers[key] = rng.randint(30, 100)
            else:
                answers[key] = rng.choice((0, 0, 1, 3))
    return answers, {"ko": False}


def measure(leaves: int, folder: Path) -> list[str]:
    path = folder / f"scale{leaves}.yaml"
    path.write_text(rubric_yaml(leaves), encoding="utf-8")
    start = time.perf_counter()
    rubric = tiercert.load_rubric(path)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    fast = rubric._fast
    generated = time.perf_counter() - start
    assert fast is not None
    cases = [answers_for(leaves, seed) for seed in range(5)]
    for answers, facts in cases:
        result = rubric.evaluate(answers, facts=facts)
        assert result == rubric.evaluate(answers, facts=facts, engine="reference")
    # timed on one assessment: five 10,000-answer inputs would measure the CPU cache as well
    one = cases[:1]
    verdict = per_call(lambda a, f: rubric.verdict(a, facts=f), one, budget=0.3)
    full = per_call(lambda a, f: rubric.evaluate(a, facts=f), one, budget=0.3)
    reference = per_call(
        lambda a, f: rubric.evaluate(a, facts=f, engine="reference"), cases[:1], budget=0.3
    )
    return [
        f"{leaves:,}",
        f"{loaded:.2f} s",
        f"{generated:.2f} s",
        f"{verdict * 1e6:,.0f} µs ({verdict / leaves * 1e9:,.0f} ns)",
        f"{full * 1e6:,.0f} µs ({full / leaves * 1e9:,.0f} ns)",
        f"{reference * 1e3:,.1f} ms ({reference / leaves * 1e6:,.1f} µs)",
    ]


def main(argv: Sequence[str]) -> int:
    sizes = [int(a) for a in argv] or list(SIZES)
    header = [
        "leaves",
        "load + check + compile",
        "generate + compile scorers",
        "verdict (per leaf)",
        "full result (per leaf)",
        "reference (per leaf)",
    ]
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(n, Path(folder)) for n in sizes]
    print(table(rows, header))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
