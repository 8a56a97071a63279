"""Every way to score a rubric, side by side: speed, ratio to hand-written code, same answers.

    python benchmarks/bench_engines.py            # all rubrics
    python benchmarks/bench_engines.py --quick    # fewer assessments, shorter timing

For the synthetic 40-leaf, 5-group rubric of issue 6 and for every rubric under ``rubrics/``,
assessments are generated with a fixed seed; every implementation scores all of them and is
checked against the reference evaluator (total, certified, tier; for full results the whole
``Result``).  zen-engine and JsonLogic run on the synthetic rubric when installed
(``pip install -e '.[bench]'``).  A script that prints, not a test: timings on shared machines
are noise for assertions.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from common import (
    BAC_GIANG,
    ROOT,
    Answers,
    Case,
    Decision,
    Facts,
    bac_giang_cases,
    bac_giang_hand,
    generic_cases,
    per_call,
    synthetic_cases,
    synthetic_data,
    synthetic_hand,
    table,
)

import tiercert
from tiercert._fast import FastEvaluator

Scorer = Callable[[Answers, Facts], object]


def _decision(result: Any) -> Decision:
    tier = result.tier.id if result.tier is not None else None
    return result.total, result.certified, tier


class Row:
    def __init__(self, name: str, seconds: float, identical: bool | None) -> None:
        self.name = name
        self.seconds = seconds
        self.identical = identical


def _run(
    name: str,
    scorer: Scorer,
    decide: Callable[[object], Decision],
    cases: Sequence[Case],
    expected: Sequence[Decision],
    budget: float,
) -> Row:
    got = [decide(scorer(a, f)) for a, f in cases]
    identical = all(g == e for g, e in zip(got, expected, strict=True))
    return Row(name, per_call(scorer, cases, budget=budget), identical)


def bench_rubric(
    rubric: tiercert.Rubric,
    cases: Sequence[Case],
    hand: Scorer | None,
    budget: float,
    *,
    others: bool = False,
) -> list[Row]:
    fast = rubric._fast
    assert fast is not None
    reference = [rubric.evaluate(a, facts=f, engine="reference") for a, f in cases]
    expected = [_decision(r) for r in reference]
    rows: list[Row] = []
    if hand is not None:
        rows.append(_run("hand-written Python", hand, lambda d: d, cases, expected, budget))  # type: ignore[arg-type,return-value]

    def verdict(a: Answers, f: Facts) -> object:
        return rubric.verdict(a, facts=f)

    def decision_of(v: object) -> Decision:
        return _decision(v)

    rows.append(_run("tiercert rubric.verdict()", verdict, decision_of, cases, expected, budget))
    zero = rubric._plan.missing_is_zero
    compiled = fast.verdict_function

    def raw_verdict(a: Answers, f: Facts) -> object:
        return compiled(a, f, zero, {})

    rows.append(
        _run(
            "tiercert compiled verdict function", raw_verdict, decision_of, cases, expected, budget
        )
    )

    def evaluate(a: Answers, f: Facts) -> object:
        return rubric.evaluate(a, facts=f)

    full = [evaluate(a, f) for a, f in cases]
    same = all(x == y for x, y in zip(full, reference, strict=True))
    rows.append(
        Row("tiercert evaluate() (full Result)", per_call(evaluate, cases, budget=budget), same)
    )

    def with_nodes(a: Answers, f: Facts) -> object:
        result = rubric.evaluate(a, facts=f)
        return len(result.nodes)

    rows.append(
        Row(
            "tiercert evaluate() + per-node breakdown",
            per_call(with_nodes, cases, budget=budget),
            same,
        )
    )
    if others:
        fractions = FastEvaluator(rubric._plan, rubric._info, places=0)

        def fraction_verdict(a: Answers, f: Facts) -> object:
            return fractions.verdict(a, f, zero)

        rows.append(
            _run(
                "same generated code, exact Fractions instead of scaled ints",
                fraction_verdict,
                decision_of,
                cases,
                expected,
                budget,
            )
        )

    def reference_evaluate(a: Answers, f: Facts) -> object:
        return rubric.evaluate(a, facts=f, engine="reference")

    few = cases[: max(50, len(cases) // 10)]
    rows.append(
        Row("tiercert reference evaluator", per_call(reference_evaluate, few, budget=budget), True)
    )
    if others:
        rows += _other_engines(cases, expected, budget)
    return rows


# --- other engines on the synthetic rubric ----------------------------------------------------


def _zen_group(g: int) -> str:
    p = f"a.g{g}_"
    level = "({v} == 'full' ? 40 : {v} == 'good' ? 30 : {v} == 'fair' ? 15 : 0)"
    parts = [
        f"({p}b1 ? 30 : 0)",
        f"({p}b2 ? 20 : 0)",
        f"({p}b3 ? 20 : 0)",
        level.format(v=f"{p}l1"),
        level.format(v=f"{p}l2"),
        f"({p}n1 < 50 ? 0 : {p}n1 < 80 ? 20 : 40)",
        f"({p}n2 < 25 ? 0 : {p}n2 < 50 ? 10 : {p}n2 < 75 ? 20 : 30)",
        f"max([40 - 10 * {p}d1, 0])",
    ]
    return f"min([{' + '.join(parts)}, 200])"


def _zen_content() -> dict[str, Any]:
    total = "g1 + g2 + g3 + g4 + g5"
    tier = (
        "ko ? null : "
        + " : ".join(
            f"({total}) >= {m * 10} ? 'star{s}'"
            for s, m in ((5, 90), (4, 80), (3, 70), (2, 60), (1, 50))
        )
        + " : null"
    )
    groups = [{"id": f"x{g}", "key": f"g{g}", "value": _zen_group(g)} for g in range(1, 6)]
    groups.append({"id": "ko", "key": "ko", "value": "f.ko1 or f.ko2 or f.ko3"})
    verdict = [
        {"id": "t", "key": "total", "value": total},
        {"id": "tier", "key": "tier", "value": tier},
    ]
    position = {"x": 0, "y": 0}
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "in", "position": position},
            {
                "id": "e1",
                "type": "expressionNode",
                "name": "groups",
                "position": position,
                "content": {"expressions": groups},
            },
            {
                "id": "e2",
                "type": "expressionNode",
                "name": "verdict",
                "position": position,
                "content": {"expressions": verdict},
            },
            {"id": "out", "type": "outputNode", "name": "out", "position": position},
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "e1", "type": "edge"},
            {"id": "b", "sourceId": "e1", "targetId": "e2", "type": "edge"},
            {"id": "c", "sourceId": "e2", "targetId": "out", "type": "edge"},
        ],
    }


def _logic_group(g: int) -> dict[str, Any]:
    def var(name: str) -> dict[str, str]:
        return {"var": f"a.g{g}_{name}"}

    def level(name: str) -> dict[str, Any]:
        v = var(name)
        return {
            "if": [
                {"==": [v, "full"]},
                40,
                {"==": [v, "good"]},
                30,
                {"==": [v, "fair"]},
                15,
                0,
            ]
        }

    parts = [
        {"if": [var("b1"), 30, 0]},
        {"if": [var("b2"), 20, 0]},
        {"if": [var("b3"), 20, 0]},
        level("l1"),
        level("l2"),
        {"if": [{"<": [var("n1"), 50]}, 0, {"<": [var("n1"), 80]}, 20, 40]},
        {
            "if": [
                {"<": [var("n2"), 25]},
                0,
                {"<": [var("n2"), 50]},
                10,
                {"<": [var("n2"), 75]},
                20,
                30,
            ]
        },
        {"max": [0, {"-": [40, {"*": [10, var("d1")]}]}]},
    ]
    return {"min": [200, {"+": parts}]}


def _other_engines(cases: Sequence[Case], expected: Sequence[Decision], budget: float) -> list[Row]:
    rows: list[Row] = []

    def decide(out: object) -> Decision:
        total, tier = cast(tuple[object, "str | None"], out)
        return Decimal(str(total)) / 10, tier is not None, tier

    try:
        import zen
    except ImportError:
        print("zen-engine is not installed (pip install -e '.[bench]'): skipped")
    else:
        text = json.dumps(_zen_content())
        engine = zen.ZenEngine({"loader": lambda key: text})
        decision = engine.create_decision(text)

        def zen_loader(a: Answers, f: Facts) -> object:
            out = engine.evaluate("synthetic", {"a": a, "f": f})["result"]
            return out["total"], out.get("tier")

        def zen_decision(a: Answers, f: Facts) -> object:
            out = decision.evaluate({"a": a, "f": f})["result"]
            return out["total"], out.get("tier")

        rows.append(
            _run(
                "zen-engine, engine.evaluate with a loader",
                zen_loader,
                decide,
                cases,
                expected,
                budget,
            )
        )
        rows.append(
            _run("zen-engine, decision.evaluate", zen_decision, decide, cases, expected, budget)
        )
    try:
        from json_logic import jsonLogic
    except ImportError:
        print("panzi-json-logic is not installed (pip install -e '.[bench]'): skipped")
    else:
        total_logic = {"+": [_logic_group(g) for g in range(1, 6)]}
        knocked = {"or": [{"var": "f.ko1"}, {"var": "f.ko2"}, {"var": "f.ko3"}]}
        steps: list[Any] = []
        for stars, minimum in ((5, 90), (4, 80), (3, 70), (2, 60), (1, 50)):
            steps += [{">=": [{"var": "t"}, minimum * 10]}, f"star{stars}"]
        tier_logic = {"if": [knocked, None, {"if": [*steps, None]}]}

        def json_logic(a: Answers, f: Facts) -> object:
            total = jsonLogic(total_logic, {"a": a})
            return total, jsonLogic(tier_logic, {"t": total, "f": f})

        few = cases[: max(50, len(cases) // 10)]
        rows.append(
            _run(
                "JsonLogic (panzi-json-logic)",
                json_logic,
                decide,
                few,
                expected[: len(few)],
                budget,
            )
        )
    return rows


# --- number representations -------------------------------------------------------------------


def number_types(budget: float) -> list[list[str]]:
    """Adding 40 leaf scores and comparing with a threshold, in each exact representation."""
    ints = [15 * (i % 3) for i in range(40)]
    values: dict[str, list[Any]] = {
        "int (scaled by 10)": ints,
        "Decimal": [Decimal(v) / 10 for v in ints],
        "Fraction": [Fraction(v, 10) for v in ints],
    }
    thresholds: dict[str, Any] = {
        "int (scaled by 10)": 800,
        "Decimal": Decimal(80),
        "Fraction": Fraction(80),
    }
    rows = []
    for name, numbers in values.items():
        threshold = thresholds[name]

        def add(
            _a: Answers, _f: Facts, numbers: list[Any] = numbers, threshold: Any = threshold
        ) -> object:
            total = 0
            for n in numbers:
                total += n
            return total >= threshold

        seconds = per_call(add, [({}, {})] * 1000, budget=budget)
        rows.append([name, f"{seconds * 1e6:.2f} µs"])
    return rows


# --- the report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import os

    return (
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()} ({platform.system()})"
    )


def render(title: str, rows: list[Row]) -> str:
    base = next((r.seconds for r in rows if r.name.startswith("hand-written")), None)
    out = []
    for row in rows:
        ratio = f"{row.seconds / base:.2f}" if base else "—"
        same = {True: "yes", False: "NO", None: "—"}[row.identical]
        out.append([row.name, f"{1 / row.seconds:,.0f}", ratio, same])
    header = ["implementation", "assessments/s", "time vs hand-written", "identical"]
    return f"### {title}\n\n" + table(out, header) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer assessments, less timing")
    args = parser.parse_args(argv)
    count = 300 if args.quick else 2000
    budget = 0.2 if args.quick else 0.6
    print(f"Machine: {machine()}\n")
    started = time.perf_counter()
    synthetic = tiercert.rubric_from_mapping(synthetic_data())
    print(
        render(
            "Synthetic 40-leaf, 5-group rubric (issue 6)",
            bench_rubric(synthetic, synthetic_cases(count), synthetic_hand, budget, others=True),
        )
    )
    if BAC_GIANG.exists():
        bac_giang = tiercert.load_rubric(BAC_GIANG)
        print(
            render(
                "Shipped: bac_giang_friendly_gov",
                bench_rubric(bac_giang, bac_giang_cases(count), bac_giang_hand, budget),
            )
        )
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        if path == BAC_GIANG:
            continue
        rubric = tiercert.load_rubric(path)
        cases = generic_cases(rubric, max(100, count // 4))
        leaves = sum(1 for _ in rubric.iter_nodes())
        print(
            render(
                f"Shipped: {path.stem} ({leaves} criteria)",
                bench_rubric(rubric, cases, None, budget),
            )
        )
    print("### Exact number types: add 40 scores, compare with a threshold\n")
    print(table(number_types(budget), ["representation", "time per assessment"]) + "\n")
    print(f"(ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
