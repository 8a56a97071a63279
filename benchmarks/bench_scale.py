"""How load, check, compile and evaluation grow with the size of a rubric.

    python benchmarks/bench_scale.py                 # 100, 1,000 and 10,000 leaves
    python benchmarks/bench_scale.py 100 1000

Each size is a generated rubric (groups of ten criteria: booleans, levels, bands, deductions;
a knock-out fact and three tiers) written as YAML.  Timed: loading, validating and checking it
and compiling the plan (``tiercert.load_rubric``), writing its Python scorers (first use of
the fast evaluator), compiling the verdict scorer (first ``verdict()``) and the full one
(first ``evaluate()``), and scoring one assessment (verdict, full result, the
reference evaluator), next to a straight-line hand-written scorer of the same rubric.  Per-leaf
times that stay flat mean evaluation grows linearly; a ratio to the hand-written scorer that
stays flat while both per-leaf times grow means the growth is the machine's (caches), not
the engine's.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from common import Answers, Decision, Facts, per_call, table

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


def hand_written(leaves: int) -> Callable[[Answers, Facts], Decision]:
    """The scorer a programmer would write for ``rubric_yaml(leaves)``, one line per criterion.

    Straight-line Python in tenths of a point with the same input checks as the hand-written
    scorers of ``common.py`` (written by a program here: nobody types 10,000 lines).  At each
    size it is the yardstick: growth it shares with tiercert is the machine's, not the engine's.
    """
    lines = ["def hand(a, f):", "    total = 0"]
    for g in range(leaves // 10):
        lines.append("    t = 0")
        for i in range(10):
            key = f"g{g}.{i}"
            kind = i % 4
            if kind == 0:
                lines += [
                    f"    v = a[{key!r}]",
                    "    if v is True:",
                    "        t += 20",
                    "    elif v is not False:",
                    "        raise ValueError(v)",
                ]
            elif kind == 1:
                lines.append(f"    t += LEVELS[a[{key!r}]]")
            elif kind == 2:
                lines += [
                    f"    v = a[{key!r}]",
                    "    if type(v) is not int or v < 0 or v > 100:",
                    "        raise ValueError(v)",
                    "    if v >= 50:",
                    "        t += 20",
                ]
            else:
                lines += [
                    f"    v = a[{key!r}]",
                    "    if type(v) is not int or v < 0:",
                    "        raise ValueError(v)",
                    "    if v < 2:",
                    "        t += 20 - 10 * v",
                ]
        lines.append("    total += t if t < 180 else 180")
    top = 180 * (leaves // 10)
    lows = [top // 2, top * 3 // 4, top * 9 // 10]
    lines += [
        "    tier = None",
        "    if f['ko'] is False:",
        *(f"        if total >= {m}:\n            tier = 't{n}'" for n, m in enumerate(lows, 1)),
        "    return Decimal(total).scaleb(-1), tier is not None, tier",
    ]
    namespace: dict[str, Any] = {"LEVELS": {"a": 20, "b": 15, "c": 0}, "Decimal": Decimal}
    exec("\n".join(lines), namespace)
    return cast(Callable[[Answers, Facts], Decision], namespace["hand"])


def measure(leaves: int, folder: Path) -> list[str]:
    path = folder / f"scale{leaves}.yaml"
    path.write_text(rubric_yaml(leaves), encoding="utf-8")
    start = time.perf_counter()
    rubric = tiercert.load_rubric(path)
    loaded = time.perf_counter() - start
    cases = [answers_for(leaves, seed) for seed in range(5)]
    answers, facts = cases[0]
    start = time.perf_counter()
    fast = rubric._fast  # writes the scorers' source
    written = time.perf_counter() - start
    assert fast is not None
    start = time.perf_counter()
    rubric.verdict(answers, facts=facts)  # compiles the verdict scorer on first use
    first_verdict = time.perf_counter() - start
    start = time.perf_counter()
    rubric.evaluate(answers, facts=facts)  # and the full one
    first_full = time.perf_counter() - start
    hand = hand_written(leaves)
    for answers, facts in cases:
        result = rubric.evaluate(answers, facts=facts)
        assert result == rubric.evaluate(answers, facts=facts, engine="reference")
        tier = result.tier.id if result.tier is not None else None
        assert hand(answers, facts) == (result.total, result.certified, tier)
    # timed on one assessment: five 10,000-answer inputs would measure the CPU cache as well
    one = cases[:1]
    baseline = per_call(hand, one, budget=0.3)
    verdict = per_call(lambda a, f: rubric.verdict(a, facts=f), one, budget=0.3)
    full = per_call(lambda a, f: rubric.evaluate(a, facts=f), one, budget=0.3)
    reference = per_call(
        lambda a, f: rubric.evaluate(a, facts=f, engine="reference"), cases[:1], budget=0.3
    )
    return [
        f"{leaves:,}",
        f"{loaded:.2f} s",
        f"{written:.2f} s + {first_verdict:.2f} s + {first_full:.2f} s",
        f"{baseline * 1e6:,.0f} µs ({baseline / leaves * 1e9:,.0f} ns)",
        f"{verdict * 1e6:,.0f} µs ({verdict / leaves * 1e9:,.0f} ns, {verdict / baseline:.2f}×)",
        f"{full * 1e6:,.0f} µs ({full / leaves * 1e9:,.0f} ns, {full / baseline:.2f}×)",
        f"{reference * 1e3:,.1f} ms ({reference / leaves * 1e6:,.1f} µs)",
    ]


def main(argv: Sequence[str]) -> int:
    sizes = [int(a) for a in argv] or list(SIZES)
    header = [
        "leaves",
        "load + check + compile",
        "scorers: write + compile verdict + compile full",
        "hand-written (per leaf)",
        "verdict (per leaf, vs hand)",
        "full result (per leaf, vs hand)",
        "reference (per leaf)",
    ]
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(n, Path(folder)) for n in sizes]
    print(table(rows, header))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
