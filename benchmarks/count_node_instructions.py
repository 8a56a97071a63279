"""The work of the full result read whole, for runs under callgrind: instructions do not vary
with load.

    cd benchmarks && PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-before='os_getppid*' \\
        --callgrind-out-file=/tmp/nodes.out python count_node_instructions.py bac_giang_friendly_gov
    grep -H '^totals:' /tmp/nodes.out.*   # .2 integer, .3 Decimal: 500 results each

Draws 100 assessments of the rubric with integer answers and 100 with ``Decimal`` answers
(``answers.py``), reads each result whole once (``evaluate()``, then every ``NodeResult``:
compiling the breakdown, filling its memos), then, between markers, reads 500 results of each
style, each pass on new ``Decimal`` objects of the same texts (``common.renewed``): a reader
gives new Decimals, whose hashes are not computed yet.
"""

from __future__ import annotations

import os
import sys

from answers import styled_cases
from count_instructions import named_rubric, renewed_copies

PASSES = 5


def main(argv: list[str]) -> None:
    rubric = named_rubric(argv[1])
    runs = []
    for style in ("integer", "Decimal"):
        cases = styled_cases(rubric, style, 100)
        for answers, facts in cases:
            tuple(rubric.evaluate(answers, facts=facts).nodes.values())
        runs.append(renewed_copies(cases, PASSES))
    for copies in runs:
        os.getppid()  # a marker: callgrind dumps its counts here
        for cases in copies:
            for answers, facts in cases:
                tuple(rubric.evaluate(answers, facts=facts).nodes.values())
    os.getppid()


if __name__ == "__main__":
    main(sys.argv)
