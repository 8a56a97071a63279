"""What one submitted form costs a portal, call by call, for runs under callgrind (instructions
do not vary with load):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/portal.out \\
        --dump-before='os_getppid*' python benchmarks/count_portal_calls.py 20
    grep -H '^totals:' /tmp/portal.out.*   # .2, .3, .4: the calls in this order, CALLS each

Loads the shipped Bắc Giang rubric and scores a form of decimal text answers a few times
(compiling what each call compiles on its first use), then, between calls of ``os.getppid``
(the markers), scores CALLS forms (each one's answers another) with each call a portal
makes for one form: ``score_records`` of one record (``as_text=True``, the browser's JSON),
``rubric.evaluate(...).to_dict()`` and ``evaluate_many`` of one record.  Divide each total by
CALLS for one call; the first divided by the second is what ``score_records`` costs in
``evaluate``\\ s (docs/performance-history.md, eighteenth round).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import tiercert


def form(n: int) -> dict[str, str]:
    """The ``n``-th form as a browser posts it: every answer text, one of them new each time."""
    return {
        "unit_id": f"xa-{n}",
        "g1": "18",
        "g2": "22",
        "g3": "18",
        "g4": "13",
        "g5": f"{10 + n % 80 / 10:g}",
    }


def main(argv: list[str]) -> int:
    calls = int(argv[0]) if argv else 20
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")

    def records(n: int) -> object:
        return list(tiercert.score_records(rubric, [form(n)], as_text=True))

    def evaluate(n: int) -> object:
        answers = form(n)
        unit_id = answers.pop("unit_id")
        return rubric.evaluate(answers, unit_id=unit_id).to_dict()

    def many(n: int) -> object:
        return list(tiercert.evaluate_many(rubric, [form(n)]))

    ways = [records, evaluate, many]
    for way in ways:  # what each compiles on its first use, and the memos of common answers
        for n in range(3):
            way(1_000 + n)
    for way in ways:
        os.getppid()  # the marker: callgrind dumps its counts here
        for n in range(calls):
            way(n)
    os.getppid()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
