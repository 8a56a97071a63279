"""Assessments per second for the shipped Bắc Giang rubric, next to a hand-written scorer.

    python benchmarks/bench_evaluate.py

Prints the hand-written scorer's speed, ``rubric.verdict`` (total, certified, tier),
``rubric.evaluate`` (the full result, breakdown built on access) and the reference evaluator,
each with its ratio to the hand-written code, after checking that all agree on every generated
assessment.  A script, not a timed test.  ``bench_engines.py`` compares more implementations.
"""

from __future__ import annotations

import sys

from bench_engines import bench_rubric, machine, render
from common import BAC_GIANG, bac_giang_cases, bac_giang_hand

import tiercert


def main() -> int:
    if not BAC_GIANG.exists():
        print(f"{BAC_GIANG} is not there; nothing to measure")
        return 1
    rubric = tiercert.load_rubric(BAC_GIANG)
    print(f"Machine: {machine()}\n")
    rows = bench_rubric(rubric, bac_giang_cases(2000), bac_giang_hand, 0.6)
    print(render("Shipped: bac_giang_friendly_gov", rows))
    return 0 if all(row.identical is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
