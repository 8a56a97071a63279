"""Every way to score a rubric, side by side, with the answers people actually give.

    python benchmarks/bench_engines.py            # every rubric, every answer style
    python benchmarks/bench_engines.py --quick    # fewer assessments, shorter timing
    python benchmarks/bench_engines.py --rubric bac_giang_friendly_gov --style float

For the synthetic 40-leaf, 5-group rubric of issue 6 and every rubric under ``rubrics/``,
assessments are drawn with a fixed seed in five **answer styles** (``answers.py``): whole
numbers, decimal text (``"72.5"``, as a CSV gives), floats (as pandas or JSON give, including
``29 / 100 * 100`` and the floats one ulp either side of an edge), ``Decimal``s, and a
realistic mix (numeric text with spaces, yes/no words, level ids, N/A, evidence mappings).
Numbers land on, just below and just above band edges and range bounds more often than not.

The compiled verdict and the full breakdown are also timed with every memo of answers
emptied before each pass (``common.forget``): answers met for the first time, as a batch
meets new units, beside the same answers met again.

Every implementation scores every assessment and is checked against the reference evaluator
(total, certified, tier; the whole ``Result`` for full results; the same dict for
``to_dict()``).  The hand-written scorers (``hand_written.py``, for the synthetic and the
Bắc Giang rubrics) are fed the same answers and read them as a careful program for that
input would.  zen-engine (static loader and loader callback) and JsonLogic run on the
synthetic rubric when installed (``pip install -e '.[bench]'``).  A script that prints, not a
test: timings on a shared machine are noise for assertions; it exits 1 when an
implementation disagrees with the reference.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from answers import STYLES, Style, styled_cases
from common import (
    BAC_GIANG,
    ROOT,
    Answers,
    Case,
    Decision,
    Facts,
    machine,
    per_call,
    ratio,
    synthetic_data,
    table,
)
from hand_written import hand_scorer

import tiercert
from tiercert._fast import Fallback, FastEvaluator

Scorer = Callable[[Answers, Facts], object]

HAND = "hand-written Python"
VERDICT = "tiercert rubric.verdict()"
COMPILED = "tiercert compiled verdict function"
COMPILED_FRESH = "compiled verdict function, every answer met for the first time"
FULL = "tiercert evaluate() (full Result)"
NODES = "tiercert evaluate() + read every NodeResult"
NODES_FRESH = "evaluate() + read every NodeResult, answers met for the first time"
TO_DICT = "tiercert evaluate().to_dict()"
DUMPS = "json.dumps(that dict) alone"
FRACTIONS = "same generated code, exact Fractions instead of scaled ints"
REFERENCE = "tiercert reference evaluator"
ZEN_CALLBACK = "zen-engine, engine.evaluate, loader callback"
ZEN_STATIC = "zen-engine, engine.evaluate, static loader"
ZEN_DECISION = "zen-engine, decision.evaluate"
JSON_LOGIC = "JsonLogic (panzi-json-logic)"
#: styles zen-engine is given: its Python binding refuses Decimals, and numbers as text would
#: need another decision (its expressions compare text as text)
ZEN_STYLES: tuple[Style, ...] = ("integer", "float")


@dataclass
class Cell:
    """One implementation on one style: seconds per assessment, agreement, a remark."""

    seconds: float
    identical: bool | None  # None: not compared
    note: str = ""
    excused: bool = False  # a known difference (another engine's reading of floats)


class Board:
    """The cells of one rubric: implementation -> style -> cell, in the order measured."""

    def __init__(self, title: str, rubric: tiercert.Rubric) -> None:
        self.title = title
        self.rubric = rubric
        self.cells: dict[str, dict[Style, Cell]] = {}
        self.notes: list[str] = []

    def put(self, name: str, style: Style, cell: Cell) -> None:
        self.cells.setdefault(name, {})[style] = cell

    def get(self, name: str, style: Style) -> Cell | None:
        return self.cells.get(name, {}).get(style)

    def seconds(self, name: str, style: Style) -> float | None:
        cell = self.get(name, style)
        return cell.seconds if cell is not None else None

    def disagreements(self) -> list[str]:
        return [
            f"{name} / {style}"
            for name, row in self.cells.items()
            for style, cell in row.items()
            if cell.identical is False and not cell.excused
        ]


def decision_of(result: Any) -> Decision:
    tier = result.tier.id if result.tier is not None else None
    return result.total, result.certified, tier


def _same(got: Sequence[Decision], expected: Sequence[Decision]) -> bool:
    return all(g == e for g, e in zip(got, expected, strict=True))


def _measure(
    scorer: Scorer,
    decide: Callable[[Any], Decision],
    cases: Sequence[Case],
    expected: Sequence[Decision],
    budget: float,
) -> Cell:
    got = [decide(scorer(a, f)) for a, f in cases]
    return Cell(per_call(scorer, cases, budget=budget), _same(got, expected))


def bench_style(
    board: Board, style: Style, cases: Sequence[Case], budget: float, *, others: bool
) -> None:
    """Every implementation on one style's assessments, each checked against the reference."""
    rubric = board.rubric
    fast = rubric._fast
    assert fast is not None
    zero = rubric._plan.missing_is_zero
    reference = [rubric.evaluate(a, facts=f, engine="reference") for a, f in cases]
    expected = [decision_of(r) for r in reference]
    hand = hand_scorer(rubric.id, style)
    if hand is not None:
        board.put(HAND, style, _measure(hand, lambda d: d, cases, expected, budget))

    def verdict(a: Answers, f: Facts) -> object:
        return rubric.verdict(a, facts=f)

    board.put(VERDICT, style, _measure(verdict, decision_of, cases, expected, budget))

    compiled = fast.verdict_function
    fell_back = 0
    for a, f in cases:
        try:
            compiled(a, f, zero, {})
        except Fallback:
            fell_back += 1
    compiled = fast.verdict_function  # compiled on first use: now the real function

    def raw_verdict(a: Answers, f: Facts) -> object:
        try:
            return compiled(a, f, zero, {})
        except Fallback:  # the reference decides (counted above)
            return rubric.evaluate(a, facts=f, engine="reference")

    cell = _measure(raw_verdict, decision_of, cases, expected, budget)
    if fell_back:
        cell.note = f"{fell_back} of {len(cases)} fell back to the reference"
        board.notes.append(f"{COMPILED}, {style}: {cell.note}")
    board.put(COMPILED, style, cell)
    # each pass with every memo of answers emptied first (common.forget): the answers are met
    # as a batch meets new units, for the first time (repeats within a pass still repeat)
    board.put(
        COMPILED_FRESH, style, Cell(per_call(raw_verdict, cases, budget=budget, fresh=True), None)
    )

    def evaluate(a: Answers, f: Facts) -> object:
        return rubric.evaluate(a, facts=f)

    results = [rubric.evaluate(a, facts=f) for a, f in cases]
    same_results = all(x == y for x, y in zip(results, reference, strict=True))
    board.put(FULL, style, Cell(per_call(evaluate, cases, budget=budget), same_results))

    def read_nodes(a: Answers, f: Facts) -> object:
        result = rubric.evaluate(a, facts=f)
        return [(node.id, node.score, node.status) for node in result.nodes.values()]

    board.put(NODES, style, Cell(per_call(read_nodes, cases, budget=budget), same_results))
    board.put(
        NODES_FRESH, style, Cell(per_call(read_nodes, cases, budget=budget, fresh=True), None)
    )

    def to_dict(a: Answers, f: Facts) -> object:
        return rubric.evaluate(a, facts=f).to_dict()

    dicts = [r.to_dict() for r in results]
    same_dicts = dicts == [r.to_dict() for r in reference]
    board.put(TO_DICT, style, Cell(per_call(to_dict, cases, budget=budget), same_dicts))
    # the same dicts given to json.dumps (the C encoder: no indent), alone
    dict_cases: list[Case] = [(cast("dict[str, object]", d), {}) for d in dicts]
    board.put(
        DUMPS,
        style,
        Cell(per_call(lambda d, _: json.dumps(d), dict_cases, budget=budget), None),
    )
    if others:
        fractions = FastEvaluator(rubric._plan, rubric._info, places=0)

        def fraction_verdict(a: Answers, f: Facts) -> object:
            try:
                return fractions.verdict(a, f, zero)
            except Fallback:
                return rubric.evaluate(a, facts=f, engine="reference")

        board.put(
            FRACTIONS, style, _measure(fraction_verdict, decision_of, cases, expected, budget)
        )

    def reference_evaluate(a: Answers, f: Facts) -> object:
        return rubric.evaluate(a, facts=f, engine="reference")

    few = cases[: max(50, len(cases) // 10)]
    board.put(REFERENCE, style, Cell(per_call(reference_evaluate, few, budget=budget), True))
    if others:
        _other_engines(board, style, cases, expected, budget)


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


def zen_content() -> dict[str, Any]:
    """The synthetic rubric as a zen-engine decision (JDM), encoded by hand: no input checks."""
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


def _decide_other(out: object) -> Decision:
    total, tier = cast(tuple[object, "str | None"], out)
    return Decimal(str(total)) / 10, tier is not None, tier


def _other_engines(
    board: Board, style: Style, cases: Sequence[Case], expected: Sequence[Decision], budget: float
) -> None:
    try:
        import zen
    except ImportError:
        if style == "integer":
            board.notes.append("zen-engine is not installed (pip install -e '.[bench]'): skipped")
    else:
        if style in ZEN_STYLES:
            _zen(board, style, zen, cases, expected, budget)
    if style != "integer":
        return
    try:
        from json_logic import jsonLogic
    except ImportError:
        board.notes.append("panzi-json-logic is not installed (pip install -e '.[bench]'): skipped")
        return
    _json_logic(board, style, jsonLogic, cases, expected, budget)


def _zen(
    board: Board,
    style: Style,
    zen: Any,
    cases: Sequence[Case],
    expected: Sequence[Decision],
    budget: float,
) -> None:
    """zen-engine three ways: the static loader (the decision given as data), a Python loader
    callback (called for every evaluation), and a decision made once by create_decision."""
    content = zen_content()
    text = json.dumps(content)
    by_callback = zen.ZenEngine({"loader": lambda key: text})
    try:  # loader configurations came with zen-engine 2.0
        static = zen.ZenEngine({"loader": {"type": "static", "content": {"synthetic": content}}})
    except (TypeError, ValueError) as exc:
        static = None
        board.notes.append(f"zen-engine's static loader is not available ({exc}): skipped")
    decision = by_callback.create_decision(text)

    def zen_callback(a: Answers, f: Facts) -> object:
        out = by_callback.evaluate("synthetic", {"a": a, "f": f})["result"]
        return out["total"], out.get("tier")

    def zen_static(a: Answers, f: Facts) -> object:
        out = static.evaluate("synthetic", {"a": a, "f": f})["result"]
        return out["total"], out.get("tier")

    def zen_decision(a: Answers, f: Facts) -> object:
        out = decision.evaluate({"a": a, "f": f})["result"]
        return out["total"], out.get("tier")

    for name, scorer in (
        (ZEN_STATIC, zen_static),
        (ZEN_CALLBACK, zen_callback),
        (ZEN_DECISION, zen_decision),
    ):
        if name == ZEN_STATIC and static is None:
            continue
        cell = _measure(scorer, _decide_other, cases, expected, budget)
        if cell.identical is False:
            cell.excused = True
            note = f"{name}, {style}: not identical (it reads 49.99999999999999 as 50)"
            board.notes.append(note)
        board.put(name, style, cell)


def _json_logic(
    board: Board,
    style: Style,
    json_logic_of: Callable[..., Any],
    cases: Sequence[Case],
    expected: Sequence[Decision],
    budget: float,
) -> None:
    total_logic = {"+": [_logic_group(g) for g in range(1, 6)]}
    knocked = {"or": [{"var": "f.ko1"}, {"var": "f.ko2"}, {"var": "f.ko3"}]}
    steps: list[Any] = []
    for stars, minimum in ((5, 90), (4, 80), (3, 70), (2, 60), (1, 50)):
        steps += [{">=": [{"var": "t"}, minimum * 10]}, f"star{stars}"]
    tier_logic = {"if": [knocked, None, {"if": [*steps, None]}]}

    def json_logic(a: Answers, f: Facts) -> object:
        total = json_logic_of(total_logic, {"a": a})
        return total, json_logic_of(tier_logic, {"t": total, "f": f})

    few = cases[: max(50, len(cases) // 10)]
    board.put(
        JSON_LOGIC, style, _measure(json_logic, _decide_other, few, expected[: len(few)], budget)
    )


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


def render(board: Board, styles: Sequence[Style]) -> str:
    """µs per assessment for every implementation and style (× hand-written of that style)."""
    rows: list[list[str]] = []
    for name, cells in board.cells.items():
        row = [name]
        for style in styles:
            cell = cells.get(style)
            if cell is None:
                row.append("")
                continue
            text = f"{cell.seconds * 1e6:,.2f}"
            base = board.seconds(HAND, style)
            if base is not None and name != HAND and name != DUMPS:
                text += f" ({ratio(cell.seconds, base)})"
            if cell.identical is False:
                text += " NOT IDENTICAL"
            row.append(text)
        rows.append(row)
    for name, label in (
        (COMPILED, "compiled verdict, this style ÷ integer answers"),
        (COMPILED_FRESH, "the same, answers met for the first time"),
    ):
        compiled = {s: board.seconds(name, s) for s in styles}
        integer = compiled.get("integer")
        rows.append(
            [label, *(ratio(c, integer) if c is not None else "" for c in compiled.values())]
        )
    costs = [_to_dict_cost(board, style) for style in styles]
    rows.append(
        [
            "to_dict() alone ÷ json.dumps of its dict",
            *(f"{c:.2f}×" if c is not None else "" for c in costs),
        ]
    )
    header = ["implementation: µs per assessment (× hand-written)", *styles]
    out = f"### {board.title}\n\n" + table(rows, header) + "\n"
    for note in board.notes:
        out += f"\n- {note}"
    return out + ("\n" if board.notes else "")


def targets(boards: Sequence[Board], styles: Sequence[Style]) -> str:
    """The measures issue 12 sets targets for, from this run."""
    rows: list[list[str]] = []

    def row(label: str, target: str, values: Sequence[float | None]) -> None:
        shown = [f"{v:.2f}×" if v is not None else "" for v in values]
        rows.append([label, *shown, target])

    for board in boards:
        if board.get(HAND, "integer") is None:
            continue
        name = board.rubric.id
        row(
            f"{name}: compiled verdict ÷ hand-written",
            "≤ 1.5× (decimals)",
            [_div(board.seconds(COMPILED, s), board.seconds(HAND, s)) for s in styles],
        )
        row(
            f"{name}: rubric.verdict() ÷ hand-written",
            "≤ 1.5× (decimals)",
            [_div(board.seconds(VERDICT, s), board.seconds(HAND, s)) for s in styles],
        )
        row(
            f"{name}: read every NodeResult ÷ hand-written",
            "≤ 5×",
            [_div(board.seconds(NODES, s), board.seconds(HAND, s)) for s in styles],
        )
        row(
            f"{name}: read every NodeResult, answers met for the first time, ÷ hand-written",
            "",
            [_div(board.seconds(NODES_FRESH, s), board.seconds(HAND, s)) for s in styles],
        )
    for board in boards:
        integer = board.seconds(COMPILED, "integer")
        row(
            f"{board.rubric.id}: compiled verdict ÷ integer style",
            "≤ 1.2×",
            [_div(board.seconds(COMPILED, s), integer) for s in styles],
        )
        integer = board.seconds(COMPILED_FRESH, "integer")
        row(
            f"{board.rubric.id}: compiled verdict, answers met for the first time, ÷ integer",
            "",
            [_div(board.seconds(COMPILED_FRESH, s), integer) for s in styles],
        )
    for board in boards:
        row(
            f"{board.rubric.id}: to_dict() alone ÷ json.dumps",
            "≤ 1×",
            [_to_dict_cost(board, s) for s in styles],
        )
    for board in boards:
        static, callback = (board.seconds(n, "integer") for n in (ZEN_STATIC, ZEN_CALLBACK))
        compiled = board.seconds(COMPILED, "integer")
        if static is not None and callback is not None:
            row(
                f"{board.rubric.id}: zen static loader ÷ compiled verdict (integer answers)",
                "≥ 7× (issue 6)",
                [_div(static, compiled)] + [None] * (len(styles) - 1),
            )
            row(
                f"{board.rubric.id}: zen loader callback ÷ compiled verdict (integer answers)",
                "(the old figure)",
                [_div(callback, compiled)] + [None] * (len(styles) - 1),
            )
    return table(rows, ["measure", *styles, "target"])


def _to_dict_cost(board: Board, style: Style) -> float | None:
    """What ``to_dict()`` adds to ``evaluate()``, over ``json.dumps`` of the same dict."""
    full, with_dict = board.seconds(FULL, style), board.seconds(TO_DICT, style)
    dumps = board.seconds(DUMPS, style)
    if full is None or with_dict is None or not dumps:
        return None
    return (with_dict - full) / dumps


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer assessments, less timing")
    parser.add_argument("--rubric", action="append", help="only this rubric id (repeatable)")
    parser.add_argument(
        "--style", action="append", choices=STYLES, help="only this answer style (repeatable)"
    )
    args = parser.parse_args(argv)
    count = 300 if args.quick else 2000
    budget = 0.1 if args.quick else 0.5
    styles: list[Style] = args.style or list(STYLES)
    if "integer" not in styles:
        styles.insert(0, "integer")  # every ratio "÷ integer style" needs it
    print(f"Machine: {machine()}\n")
    started = time.perf_counter()
    rubrics: list[tuple[str, tiercert.Rubric, int, bool]] = [
        (
            "Synthetic 40-leaf, 5-group rubric (issue 6)",
            tiercert.rubric_from_mapping(synthetic_data()),
            count,
            True,
        )
    ]
    bac_giang = tiercert.load_rubric(BAC_GIANG)
    rubrics.append(("Shipped: bac_giang_friendly_gov", bac_giang, count, False))
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        if path != BAC_GIANG:
            rubric = tiercert.load_rubric(path)
            leaves = sum(1 for _ in rubric.iter_nodes())
            title = f"Shipped: {path.stem} ({leaves} criteria)"
            rubrics.append((title, rubric, max(100, count // 4), False))
    boards: list[Board] = []
    for title, rubric, n, others in rubrics:
        if args.rubric and rubric.id not in args.rubric:
            continue
        board = Board(title, rubric)
        for style in styles:
            bench_style(board, style, styled_cases(rubric, style, n), budget, others=others)
        print(render(board, styles))
        boards.append(board)
    print("### The targets of issue 12, from this run\n")
    print(targets(boards, styles) + "\n")
    print("### Exact number types: add 40 scores, compare with a threshold\n")
    print(table(number_types(budget), ["representation", "time per assessment"]) + "\n")
    print(f"(ran in {time.perf_counter() - started:.0f} s)")
    wrong = [f"{b.rubric.id}: {d}" for b in boards for d in b.disagreements()]
    if wrong:
        print("NOT IDENTICAL to the reference:", "; ".join(wrong))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
