"""What one submitted form costs a portal when the form posts only the fields filled in, for
runs under callgrind (instructions do not vary with load):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/forms.out \\
        --dump-before='os_getppid*' python benchmarks/count_partial_forms.py 50
    grep -H '^totals:' /tmp/forms.out.*   # .2, .3: the calls in this order, CALLS each

Loads the shipped Bắc Giang rubric and, between calls of ``os.getppid`` (the markers),
scores CALLS forms one record a call with ``score_records`` (``as_text=True``, the browser's
JSON), each form a random subset of a whole form's fields (``missing="zero"``, so that each
is scored), then the same forms with
``rubric.evaluate(...).to_dict()``.  Divide each total by CALLS for one call (nineteenth
round, docs/performance-history.md).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import tiercert

#: a whole form's answers as a browser posts them (texts): examples/bac_giang/xa_mau_a.yaml
ANSWERS = {
    "g1.1.1": "true", "g1.1.2": "kha", "g1.2.1": "4", "g1.2.2": "true", "g1.2.3": "92.5",
    "g2.1": "96.4", "g2.2": "31", "g2.3": "dat", "g2.4": "true", "g2.5": "moi_ngay",
    "g3.1": "true", "g3.2": "true", "g3.3": "tot", "g3.4": "1", "g4.1": "5", "g4.2": "88.9",
    "g4.3": "0", "g5.1": "85", "g5.2": "78.6", "g5.3": "82",
    "head_disciplined_or_prosecuted": "false",
}  # fmt: skip


def forms(calls: int) -> list[dict[str, str]]:
    """``calls`` forms, each the answers of a random subset of the fields (a form that posts
    only what was filled in), in a random order (seeded: every run the same forms)."""
    chosen = random.Random(19)
    fields = list(ANSWERS)
    made = []
    for n in range(calls):
        some = chosen.sample(fields, chosen.randint(1, len(fields)))
        made.append({"unit_id": f"xa-{n}", **{key: ANSWERS[key] for key in some}})
    return made


def main(argv: list[str]) -> int:
    calls = int(argv[0]) if argv else 50
    rubric = tiercert.load_rubric("bac_giang_friendly_gov")
    given = forms(calls)

    def records(form: dict[str, str]) -> object:
        return list(tiercert.score_records(rubric, [form], as_text=True, missing="zero"))

    def evaluate(form: dict[str, str]) -> object:
        answers = dict(form)
        unit_id = answers.pop("unit_id")
        return rubric.evaluate(answers, unit_id=unit_id, missing="zero").to_dict()

    ways = [records, evaluate]
    for way in ways:  # what each compiles on its first use
        way({"unit_id": "warm", **{k: v for k, v in given[0].items() if k != "unit_id"}})
    for way in ways:
        os.getppid()  # the marker: callgrind dumps its counts here
        for form in given:
            way(form)
    os.getppid()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
