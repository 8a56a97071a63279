"""Months of a portal's uptime in a minute: load many different rubrics one after the other,
score a unit with each (its verdict, its full result and JSON form, the reference's result),
keep none, and print the process's memory every ``--every`` rubrics (never calling
``gc.collect()``: a portal does not).  What tiercert remembers across rubrics must be bounded,
and dropped rubrics freed: the figure levels off instead of growing with the number of
rubrics (docs/performance-history.md, fifteenth round).

    python benchmarks/many_rubrics.py                 # 2,000 rubrics of 30 criteria
    python benchmarks/many_rubrics.py 500 --every 100
    python benchmarks/many_rubrics.py --records      # and a record by score_records each
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from large_rubric import realistic

import tiercert

_ANSWER = {"boolean": "yes", "levels": "kha", "bands": "55.5", "linear": 33, "count": 2}


def _rubric_text(base: str, k: int, rng: random.Random) -> str:
    """The ``k``-th rubric: its own id and title, points drawn (so its code differs)."""
    text = base.replace("id: large30", f"id: r{k}").replace("A trial rubric", f"Trial {k}")
    return text.replace("points: 2}", f"points: {rng.choice([2, 3])}}}")


def _unit(rubric: tiercert.Rubric) -> dict[str, object]:
    return {
        node_id: _ANSWER.get(node.rule.kind, 1)
        for node_id, _, node in rubric.iter_nodes()
        if node.rule is not None
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rubrics", nargs="?", type=int, default=2_000)
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument(
        "--records",
        action="store_true",
        help="also score the unit as a record (score_records: its row scorer, kept by the rubric)",
    )
    args = parser.parse_args()
    base, rng = realistic(30), random.Random(3)
    for k in range(args.rubrics):
        rubric = tiercert.parse_rubric(_rubric_text(base, k, rng))
        unit = _unit(rubric)
        rubric.verdict(unit)
        rubric.evaluate(unit).to_dict()
        rubric.evaluate(unit, engine="reference")
        if args.records:
            list(tiercert.score_records(rubric, [{"unit_id": f"u{k}", **unit}], as_text=True))
        del rubric
        if (k + 1) % args.every == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            full = gc.get_stats()[2]["collections"]
            print(f"{k + 1:6} rubrics  peak memory {peak} MB  full collections {full}", flush=True)


if __name__ == "__main__":
    main()
