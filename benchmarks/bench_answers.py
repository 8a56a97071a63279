"""What answers cost: the marginal time of one answer, per kind of answer, in the verdict.

    python benchmarks/bench_answers.py           # 10 and 210 criteria per kind
    python benchmarks/bench_answers.py --quick

For each kind of answer (a whole number, decimal text, a float, a Decimal, ``True``/``False``,
a yes/no word, a level id, a level id as typed, N/A counted as satisfied, N/A excluded, an
evidence mapping) a rubric of N identical criteria is answered entirely in that kind, at two
sizes; the difference in time divided by the difference in criteria is what one more answer
of that kind costs, without the fixed cost of a call.  Beside the compiled verdict function:
the full result (``evaluate()``) and a straight-line hand-written scorer of the same rubric
reading the same answers (``hand_written.py``'s code for that form of input).  Numbers are
drawn as ``answers.py`` draws them, on and around the band edges.  Every scorer is checked
against the reference first.  The last column times the compiled verdict again with the
memos of answers read before emptied before every pass (``common.forget``): each pass meets
its answers for the first time, as a batch meets new units (the other columns take the best of
repeated passes over the same answers, which such memos remember).  Prints a Markdown table
for ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from answers import Drawer, Style
from common import SEED, Case, Decision, machine, per_call, table
from hand_written import NA_WORDS, build

import tiercert
from tiercert._compile import LeafPlan

_BANDS = {
    "kind": "bands",
    "range": {"min": 0, "max": 100},
    "bands": [
        {"min": 0, "max": 25, "points": 0},
        {"min": 25, "max": 50, "points": 1},
        {"min": 50, "max": 75, "points": 2},
        {"min": 75, "max": 100, "points": 3},
    ],
}
_LEVELS = {
    "kind": "levels",
    "levels": [
        {"id": "tot", "points": 3},
        {"id": "kha", "points": 2},
        {"id": "trung_binh", "points": 1},
        {"id": "yeu", "points": 0},
    ],
}
_BAND_POINTS = "0 if v < 25 else 1 if v < 50 else 2 if v < 75 else 3"
_JUSTIFICATION = "Biên bản kiểm tra số 12/BB-UBND"


@dataclass(frozen=True)
class Kind:
    """One kind of answer: the criterion it answers, how to draw it, the hand-written code."""

    name: str
    example: str
    leaf: dict[str, Any]  # the criterion's fields besides id and title
    draw: Callable[[Drawer, LeafPlan, int], object]  # (drawer, criterion, position) -> answer
    style: Style  # the style whose inline code the hand-written scorer uses
    hand: str  # the hand-written lines for one answer in ``v`` (template directives allowed)


def _number(d: Drawer, leaf: LeafPlan, _: int) -> object:
    return d.number(leaf)


def _flag(d: Drawer, _leaf: LeafPlan, _i: int) -> object:
    return d.rng.random() < 0.7


def _word(d: Drawer, _leaf: LeafPlan, _i: int) -> object:
    return d.rng.choice(("có", "không", "yes", "no", " Đạt ", "TRUE", "x", "0"))


def _level(d: Drawer, leaf: LeafPlan, _: int) -> object:
    return d.rng.choice(list(leaf.params.levels))


def _typed_level(d: Drawer, leaf: LeafPlan, _: int) -> object:
    chosen = d.rng.choice(list(leaf.params.levels))
    return d.rng.choice((f" {chosen} ", chosen.upper(), chosen.title()))


def _na(d: Drawer, _leaf: LeafPlan, _i: int) -> object:
    return d.rng.choice(("na", "N/A", " n/a "))


def _na_but_first(d: Drawer, leaf: LeafPlan, i: int) -> object:
    # the first criterion answered: a parent whose every child is N/A is N/A itself
    return d.rng.randint(0, 100) if i == 0 else _na(d, leaf, i)


def _evidence(d: Drawer, leaf: LeafPlan, _: int) -> object:
    return {"value": d.rng.randint(0, 100), "justification": _JUSTIFICATION}


def _spaced(d: Drawer, leaf: LeafPlan, _: int) -> object:
    return f" {Drawer(d.rng, 'decimal text').number(leaf)} "  # a cell typed with spaces


def _na_mapping(d: Drawer, leaf: LeafPlan, i: int) -> object:
    # N/A with the justification N/A needs, to a criterion needing no evidence of its values
    return {"value": _na(d, leaf, i), "justification": _JUSTIFICATION}


_NUMBER_HAND = f"@number 0 100\ns += {_BAND_POINTS}"


def _or_na(statement: str) -> str:
    """The hand-written lines for a number or N/A, ``statement`` run for N/A."""
    number = "\n".join("    " + line for line in _NUMBER_HAND.splitlines())
    return f"if type(v) is str and v.strip().lower() in NA_WORDS:\n    {statement}\nelse:\n{number}"


KINDS = (
    Kind("integer", "72", {"rule": _BANDS}, _number, "integer", _NUMBER_HAND),
    Kind("decimal text", '"72.5"', {"rule": _BANDS}, _number, "decimal text", _NUMBER_HAND),
    Kind("float", "72.5", {"rule": _BANDS}, _number, "float", _NUMBER_HAND),
    Kind("Decimal", 'Decimal("72.5")', {"rule": _BANDS}, _number, "Decimal", _NUMBER_HAND),
    Kind("decimal text, spaced", '" 72.5 "', {"rule": _BANDS}, _spaced, "mix", _NUMBER_HAND),
    Kind("True / False", "True", {"rule": {"kind": "boolean", "points": 3}}, _flag, "integer", ""),
    Kind("yes/no text", '"có"', {"rule": {"kind": "boolean", "points": 3}}, _word, "mix", ""),
    Kind("level id", '"tot"', {"rule": _LEVELS}, _level, "integer", "@level L\ns += v"),
    Kind(
        "level id as typed", '" Tot "', {"rule": _LEVELS}, _typed_level, "mix", "@level L\ns += v"
    ),
    Kind(
        "N/A, counts as satisfied",
        '"na"',
        {"rule": _BANDS, "na": {"counts_as": "satisfied"}},
        _na,
        "mix",
        _or_na("s += 3"),
    ),
    Kind(
        "N/A, excluded (parent rescaled)",
        '"na"',
        {"rule": _BANDS, "na": {"counts_as": "excluded"}},
        _na_but_first,
        "mix",
        _or_na("reach -= 3"),
    ),
    Kind(
        "N/A in a mapping, N/A needing a justification",
        '{"value": "na", "justification": "…"}',
        {"rule": _BANDS, "na": {"counts_as": "satisfied", "evidence": ["justification"]}},
        _na_mapping,
        "mix",
        "v = v['value']\n" + _or_na("s += 3"),
    ),
    Kind(
        "evidence mapping",
        '{"value": 72, "justification": "…"}',
        {"rule": _BANDS, "evidence": ["justification"]},
        _evidence,
        "mix",
        "just = None\nif type(v) is dict:\n    v, just = unpack(v)\n@number 0 100\n"
        f"if just is not None and just.strip():\n    s += {_BAND_POINTS}",
    ),
)


def rubric_for(kind: Kind, size: int) -> tiercert.Rubric:
    """``size`` identical criteria of ``kind`` straight under the root; one tier at half."""
    criteria = [{"id": f"c{i}", "title": f"C{i}", **kind.leaf} for i in range(size)]
    return tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": f"cost{size}",
            "version": "1",
            "title": f"{size} criteria answered as {kind.name}",
            "criteria": criteria,
            "tiers": [{"id": "half", "label": "Half", "rank": 1, "min": 3 * size // 2}],
        }
    )


def hand_for(kind: Kind, size: int) -> Callable[[Any, Any], Decision]:
    """The straight-line hand-written scorer of ``rubric_for(kind, size)``."""
    lines = ["def hand(a, f):", "    if len(a) != SIZE:", "        raise ValueError(a)"]
    lines += ["    s = 0", "    reach = SIZE * 3"]
    body = kind.hand or "@flag s += 3"
    for i in range(size):
        lines.append(f'    v = a["c{i}"]')
        lines += ["    " + line for line in body.splitlines()]
    lines += [
        "    total = s if reach == SIZE * 3 else Fraction(s * SIZE * 3, reach)",
        "    certified = total * 2 >= SIZE * 3",
        "    return total, certified, 'half' if certified else None",
    ]
    source = "\n".join(lines).replace("SIZE", str(size)) + "\n"
    tables = {"L": {"tot": 3, "kha": 2, "trung_binh": 1, "yeu": 0}, "NA_WORDS": NA_WORDS}
    return build(source, kind.style, tables, f"{kind.name} x{size}")


def cases_for(kind: Kind, rubric: tiercert.Rubric, count: int) -> list[Case]:
    rng = random.Random(f"{SEED}:{kind.name}")
    draw = Drawer(rng, kind.style)
    leaves = [n for n in rubric._plan.nodes.values() if isinstance(n, LeafPlan)]
    return [
        ({leaf.id: kind.draw(draw, leaf, i) for i, leaf in enumerate(leaves)}, {})
        for _ in range(count)
    ]


@dataclass
class Costs:
    compiled: float
    full: float
    hand: float
    fresh: float  # the compiled verdict, every answer met for the first time (memos emptied)


def measure(kind: Kind, size: int, count: int, budget: float) -> Costs:
    """Seconds per assessment of ``size`` criteria answered as ``kind``, checked first."""
    rubric = rubric_for(kind, size)
    cases = cases_for(kind, rubric, count)
    hand = hand_for(kind, size)
    fast = rubric._fast
    assert fast is not None
    for a, f in cases:
        expected = rubric.evaluate(a, facts=f, engine="reference")
        tier = expected.tier.id if expected.tier is not None else None
        decision = (expected.total, expected.certified, tier)
        verdict = fast.verdict_function(a, f, False, {})
        got = (verdict.total, verdict.certified, verdict.tier.id if verdict.tier else None)
        if got != decision or hand(a, f) != decision or rubric.evaluate(a, facts=f) != expected:
            raise AssertionError(f"{kind.name}: not identical to the reference for {a}")
    compiled = fast.verdict_function
    return Costs(
        per_call(lambda a, f: compiled(a, f, False, {}), cases, budget=budget),
        per_call(lambda a, f: rubric.evaluate(a, facts=f), cases, budget=budget),
        per_call(hand, cases, budget=budget),
        per_call(lambda a, f: compiled(a, f, False, {}), cases, budget=budget, fresh=True),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer assessments, less timing")
    args = parser.parse_args(argv)
    small, large = 10, 210
    count, budget = (5, 0.1) if args.quick else (20, 0.4)
    print(f"Machine: {machine()}\n")
    rows: list[list[str]] = []
    integer: float | None = None
    for kind in KINDS:
        a, b = measure(kind, small, count, budget), measure(kind, large, count, budget)
        per = [
            (getattr(b, k) - getattr(a, k)) / (large - small) for k in ("compiled", "full", "fresh")
        ]
        hand = (b.hand - a.hand) / (large - small)
        if integer is None:
            integer = per[0]
        rows.append(
            [
                kind.name,
                kind.example,
                f"{per[0] * 1e9:,.0f}",
                f"{per[0] / integer:.1f}×",
                f"{per[1] * 1e9:,.0f}",
                f"{hand * 1e9:,.0f}",
                f"{per[0] / hand:.1f}×" if hand > 0 else "—",
                f"{per[2] * 1e9:,.0f}",
            ]
        )
    header = [
        "answer kind",
        "example",
        "compiled verdict, ns per answer",
        "÷ integer",
        "evaluate(), ns per answer",
        "hand-written, ns per answer",
        "compiled ÷ hand",
        "compiled, each answer met for the first time, ns",
    ]
    print(f"Marginal cost of one answer ({large} minus {small} criteria, all answered alike)\n")
    print(table(rows, header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
