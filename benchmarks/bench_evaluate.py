"""Assessments per second for the shipped Bắc Giang rubric, next to a hand-written scorer.

    python benchmarks/bench_evaluate.py            # every answer style
    python benchmarks/bench_evaluate.py --quick

The Bắc Giang part of ``bench_engines.py``: the hand-written scorer, ``rubric.verdict``, the
compiled verdict function, ``rubric.evaluate`` (and reading its breakdown, and ``to_dict``)
and the reference evaluator, in every answer style, each with its ratio to the hand-written
code fed the same answers, after checking that all agree on every generated assessment.  A
script, not a timed test; exits 1 when an implementation disagrees with the reference.
"""

from __future__ import annotations

import argparse
import sys

from answers import STYLES, styled_cases
from bench_engines import Board, bench_style, render
from common import BAC_GIANG, machine

import tiercert


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer assessments, less timing")
    args = parser.parse_args(argv)
    count, budget = (300, 0.1) if args.quick else (2000, 0.5)
    rubric = tiercert.load_rubric(BAC_GIANG)
    print(f"Machine: {machine()}\n")
    board = Board("Shipped: bac_giang_friendly_gov", rubric)
    for style in STYLES:
        bench_style(board, style, styled_cases(rubric, style, count), budget, others=False)
    print(render(board, STYLES))
    return 1 if board.disagreements() else 0


if __name__ == "__main__":
    sys.exit(main())
