"""How load, check, compile, the first verdict and evaluation grow with the size of a rubric.

    python benchmarks/bench_scale.py                 # 100, 1,000 and 10,000 criteria
    python benchmarks/bench_scale.py 100 1000
    python benchmarks/bench_scale.py --quick         # 100 and 1,000, integer and decimal text

Each size is a generated rubric (groups of ten criteria: booleans, levels, bands, deductions;
a knock-out fact and three tiers) written as YAML, measured in a fresh process (so that no
size finds another's caches warm).  Timed, on one clock from the call of
``tiercert.load_rubric`` (imports done before): loading, validating, checking and compiling
the plan; the first ``verdict()`` (decimal answers) through the public API (a rubric over
1,000 criteria is scored by the reference until compiling pays off); then, made to compile
at once, writing the Python scorers and compiling the verdict scorer, and what a compiled
first verdict would have waited (load + write + compile).  Then, per answer style
(``answers.py``: whole numbers, decimal text, floats, Decimals, a realistic mix, numbers on
and around the band edges), one assessment scored by a straight-line hand-written scorer of
the same rubric
(``hand_written.py``'s inline code for that style), ``verdict()``, ``evaluate()`` and, for
whole numbers, the reference evaluator; all checked against the reference first.  Per-criterion
times that stay flat mean evaluation grows linearly; a ratio to the hand-written scorer that
stays flat while both per-criterion times grow means the growth is the machine's (caches),
not the engine's.  Above 1,000 criteria one more line tells the two apart: the same
criteria as separate rubrics of 100 (the same generated code, in functions of 100
criteria), their compiled verdicts called in turn on the same answers.  The first verdict's
timeline is given in CPU time of the process too (``time.process_time``): on a shared
machine the wall time also counts waiting for a core.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from answers import STYLES, Style, styled_cases
from common import machine, per_call, table
from hand_written import HandScorer, build

import tiercert

SIZES = (100, 1_000, 10_000)
KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}, {id: c, points: 0}]}",
    "{kind: bands, range: {min: 0, max: 100}, bands: "
    "[{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 2}]}",
    "{kind: deduction, per_item: 1, start: 2}",
)
#: the answers of the first verdict
FIRST_STYLE: Style = "decimal text"


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


def hand_written(leaves: int, style: Style) -> HandScorer:
    """The scorer a programmer would write for ``rubric_yaml(leaves)`` and answers in
    ``style``, one block per criterion, in tenths of a point (``hand_written.py``'s inline
    code for that style; written by a program here: nobody types 10,000 blocks)."""
    lines = [
        "def hand(a, f):",
        f"    if len(a) != {leaves}:",
        "        raise ValueError('unknown or missing answers')",
        "    total = 0",
    ]
    for g in range(leaves // 10):
        lines.append("    t = 0")
        for i in range(10):
            lines.append(f"    v = a[{f'g{g}.{i}'!r}]")
            kind = i % 4
            if kind == 0:
                lines.append("    @flag t += 20")
            elif kind == 1:
                lines += ["    @level LEVELS", "    t += v"]
            elif kind == 2:
                lines += ["    @number 0 100", "    if v >= 50:", "        t += 20"]
            else:
                lines += ["    @count", "    if v < 2:", "        t += 20 - 10 * v"]
        lines.append("    total += t if t < 180 else 180")
    top = 180 * (leaves // 10)
    lows = [top // 2, top * 3 // 4, top * 9 // 10]
    lines += [
        "    tier = None",
        "    if f.get('ko', False) is False:",
        *(f"        if total >= {m}:\n            tier = 't{n}'" for n, m in enumerate(lows, 1)),
        "    return Decimal(total).scaleb(-1), tier is not None, tier",
    ]
    source = "\n".join(lines) + "\n"
    return build(source, style, {"LEVELS": {"a": 20, "b": 15, "c": 0}}, f"scale{leaves}")


def measure(leaves: int, folder: Path, styles: Sequence[Style]) -> dict[str, Any]:
    """One size, in this (fresh) process: the first verdict's timeline and per-style times."""
    path = folder / f"scale{leaves}.yaml"
    path.write_text(rubric_yaml(leaves), encoding="utf-8")
    start, cpu_start = time.perf_counter(), time.process_time()
    rubric = tiercert.load_rubric(path)
    loaded, cpu_loaded = time.perf_counter(), time.process_time()
    (answers, facts), *_ = styled_cases(rubric, FIRST_STYLE, 1)
    drawn, cpu_drawn = time.perf_counter(), time.process_time()  # not the engine's: taken out
    first = rubric.verdict(answers, facts=facts)  # the public API: compiled, or the reference
    first_verdict, cpu_first = time.perf_counter(), time.process_time()
    rubric._warm_up = 0  # a large rubric compiles now, as its 17th call would
    fast = rubric._fast  # writes the scorers' source
    written = time.perf_counter()
    assert fast is not None
    assert rubric.verdict(answers, facts=facts) == first  # compiles the verdict scorer
    compiled = time.perf_counter()
    rubric.evaluate(answers, facts=facts)  # and the full one
    first_full = time.perf_counter() - compiled
    out: dict[str, Any] = {
        "leaves": leaves,
        "load": loaded - start,
        "first_verdict": first_verdict - start - (drawn - loaded),
        "first_verdict_cpu": cpu_first - cpu_start - (cpu_drawn - cpu_loaded),
        "write": written - first_verdict,
        "compile_verdict": compiled - written,
        # a compiled first verdict: load, write and compile, without the reference's verdict
        "compiled_verdict": (loaded - start) + (compiled - first_verdict),
        "compile_full": first_full,
        "styles": {},
    }
    for style in styles:
        cases = styled_cases(rubric, style, 3)
        hand = hand_written(leaves, style)
        for a, f in cases:
            result = rubric.evaluate(a, facts=f)
            assert result == rubric.evaluate(a, facts=f, engine="reference"), style
            tier = result.tier.id if result.tier is not None else None
            assert hand(a, f) == (result.total, result.certified, tier), style
        # timed on one assessment: several 10,000-answer inputs would measure the CPU cache too
        one = cases[:1]
        budget = 0.3 if leaves < 10_000 else 1.5  # at least a few dozen calls: best of them
        times = {
            "hand": per_call(hand, one, budget=budget),
            "verdict": per_call(lambda a, f: rubric.verdict(a, facts=f), one, budget=budget),
            "full": per_call(lambda a, f: rubric.evaluate(a, facts=f), one, budget=budget),
        }
        if style == "integer":
            times["reference"] = per_call(
                lambda a, f: rubric.evaluate(a, facts=f, engine="reference"), one, budget=0.3
            )
        out["styles"][style] = times
    if leaves > 1_000 and "integer" in styles:
        out["split"] = split_scorers(leaves, folder)
    return out


def split_scorers(leaves: int, folder: Path, size: int = 100) -> dict[str, float]:
    """Per-criterion time of the compiled verdicts of ``leaves // size`` rubrics of ``size``
    criteria (the same criteria, in functions of ``size``) called in turn, and of one of
    them alone: how much of the growth with size is the code's size (the caches), and how
    much a longer function's."""
    scorers = []
    for n in range(leaves // size):
        text = rubric_yaml(size).replace(f"id: scale{size}", f"id: part{n}")
        path = folder / f"part{size}_{n}.yaml"
        path.write_text(text, encoding="utf-8")
        rubric = tiercert.load_rubric(path)
        (answers, facts), *_ = styled_cases(rubric, "integer", 1)
        rubric.verdict(answers, facts=facts)  # compiled now (small rubrics compile at once)
        scorers.append((rubric, answers, facts))

    def in_turn() -> None:
        for rubric, answers, facts in scorers:
            rubric.verdict(answers, facts=facts)

    rubric, answers, facts = scorers[0]
    alone = per_call(lambda a, f: rubric.verdict(a, facts=f), [(answers, facts)], budget=0.3)
    all_of_them = per_call(lambda a, f: in_turn(), [(answers, facts)], budget=1.5)
    return {"alone": alone / size, "in_turn": all_of_them / leaves, "size": size}


def _ns(seconds: float, leaves: int) -> str:
    return f"{seconds / leaves * 1e9:,.0f}"


def report(found: Sequence[dict[str, Any]], styles: Sequence[Style]) -> str:
    rows = [
        [
            f"{m['leaves']:,}",
            f"{m['load']:.2f} s",
            f"**{m['first_verdict']:.2f} s** ({m['first_verdict_cpu']:.2f} s CPU)",
            f"{m['write']:.2f} s",
            f"{m['compile_verdict']:.2f} s",
            f"{m['compiled_verdict']:.2f} s",
            f"{m['compile_full']:.2f} s",
        ]
        for m in found
    ]
    first = table(
        rows,
        [
            "criteria",
            "load + check + plan",
            "first verdict after",
            "write scorers",
            "compile verdict + score",
            "first compiled verdict after",
            "then compile full",
        ],
    )
    rows = []
    smallest = found[0]
    for m in found:
        leaves = m["leaves"]
        for style in styles:
            t = m["styles"][style]
            base = smallest["styles"][style]["verdict"] / smallest["leaves"]
            rows.append(
                [
                    f"{leaves:,}",
                    style,
                    _ns(t["hand"], leaves),
                    f"{_ns(t['verdict'], leaves)} ({t['verdict'] / t['hand']:.2f}×)",
                    f"{t['verdict'] / leaves / base:.2f}×",
                    f"{_ns(t['full'], leaves)} ({t['full'] / t['hand']:.2f}×)",
                    _ns(t["reference"], leaves) if "reference" in t else "",
                ]
            )
    per = table(
        rows,
        [
            "criteria",
            "answers",
            "hand-written ns/criterion",
            "verdict() ns/criterion (× hand)",
            f"verdict per criterion ÷ at {smallest['leaves']:,}",
            "evaluate() ns/criterion (× hand)",
            "reference ns/criterion",
        ],
    )
    split = [
        [
            f"{m['leaves']:,}",
            f"{m['split']['alone'] * 1e9:,.0f}",
            f"{m['split']['in_turn'] * 1e9:,.0f}",
            f"{m['styles']['integer']['verdict'] / m['leaves'] * 1e9:,.0f}",
        ]
        for m in found
        if "split" in m
    ]
    if split:
        size = next(m["split"]["size"] for m in found if "split" in m)
        per += "\n\n" + table(
            split,
            [
                "criteria",
                f"one scorer of {size}: ns/criterion",
                f"the criteria as scorers of {size}, in turn: ns/criterion",
                "one scorer of them all: ns/criterion",
            ],
        )
    return first + "\n\n" + per


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--worker"]:
        chosen = [s for s in STYLES if s in argv[3].split(",")]
        print(json.dumps(measure(int(argv[1]), Path(argv[2]), chosen)))
        return 0
    styles: list[Style] = list(STYLES)
    if argv[:1] == ["--quick"]:
        argv, styles = ["100", "1000"], ["integer", "decimal text"]
    sizes = [int(a) for a in argv] or list(SIZES)
    print(f"Machine: {machine()}\n")
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--worker", str(n), folder, ",".join(styles)],
                check=True,
                capture_output=True,
                text=True,
            )
            found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"First verdict ({FIRST_STYLE} answers), one clock from load_rubric, fresh process:\n")
    print(report(found, styles))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
