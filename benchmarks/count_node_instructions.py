"""The work of the full result read whole, for runs under callgrind: instructions do not vary
with load.

    cd benchmarks && PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-before='os_getppid*' \\
        --callgrind-out-file=/tmp/nodes.out python count_node_instructions.py bac_giang_friendly_gov
    grep -H '^totals:' /tmp/nodes.out.*   # .2 integer, .3 Decimal: 500 results each

    # the styles given (answers.py's: integer, "decimal text", float, Decimal, mix), and for
    # each three phases: the hand-written scorer (hand_written.py; an empty phase for a rubric
    # without one), evaluate() alone, evaluate() then every NodeResult read; then, after every
    # style's, a phase of each style reading every NodeResult with every memo of answers
    # emptied before each pass (common.forget: answers met for the first time, as
    # bench_engines.py's NODES_FRESH; the emptying counted too)
    ... python count_node_instructions.py synthetic40 split integer float
    grep -H '^totals:' /tmp/nodes.out.*   # .2 .3 .4 integer, .5 .6 .7 float, .8 .9 fresh: 500 each

Draws 100 assessments of the rubric with integer answers and 100 with ``Decimal`` answers
(``answers.py``; or of the styles given after ``split``), reads each result whole once
(``evaluate()``, then every ``NodeResult``: compiling the breakdown, filling its memos), then,
between markers, reads 500 results of each style, each pass on new ``Decimal`` objects of the
same texts (``common.renewed``): a reader gives new Decimals, whose hashes are not computed
yet.  Reading a NodeResult is what ``bench_engines.py`` times: its id, score and status.  The
ratio issue 12 sets a target for (reading every NodeResult ≤ 5× hand-written) is the third
phase of a style over its first.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from answers import STYLES, styled_cases
from common import Answers, Case, Facts, forget
from count_instructions import named_rubric, renewed_copies
from hand_written import hand_scorer

import tiercert

PASSES = 5


def _read(rubric: tiercert.Rubric) -> Callable[..., object]:
    evaluate = rubric.evaluate

    def read(answers: Answers, facts: Facts) -> object:
        result = evaluate(answers, facts=facts)
        return [(node.id, node.score, node.status) for node in result.nodes.values()]

    return read


def main(argv: list[str]) -> None:
    rubric = named_rubric(argv[1])
    split = len(argv) > 2 and argv[2] == "split"
    styles = argv[3:] if split else ["integer", "Decimal"]
    read = _read(rubric)
    runs: list[tuple[Callable[..., object] | None, list[list[Case]], bool]] = []
    fresh: list[tuple[Callable[..., object] | None, list[list[Case]], bool]] = []
    for style in styles:
        if style not in STYLES:
            raise SystemExit(f"style: one of {', '.join(STYLES)}")
        cases = styled_cases(rubric, style, 100)
        hand = hand_scorer(rubric.id, style)
        for answers, facts in cases:
            read(answers, facts)
            if hand is not None:
                hand(answers, facts)
        copies = renewed_copies(cases, PASSES)
        if split:
            runs.append((hand, copies, False))
            runs.append((lambda a, f: rubric.evaluate(a, facts=f), copies, False))
        runs.append((read, copies, False))
        if split:
            fresh.append((read, renewed_copies(cases, PASSES), True))
    for scorer, copies, forgets in runs + fresh:
        os.getppid()  # a marker: callgrind dumps its counts here
        if scorer is None:
            continue
        for cases in copies:
            if forgets:
                forget()
            for answers, facts in cases:
                scorer(answers, facts)
    os.getppid()


if __name__ == "__main__":
    main(sys.argv)
