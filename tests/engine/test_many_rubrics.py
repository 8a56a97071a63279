"""A long-running program loading rubric after rubric and keeping none (a portal, for
months): their memory must come back without the program calling ``gc.collect()``
(fifteenth round).  A rubric's compiled scorers hold reference cycles, so only Python's full
collection frees them; ``paused_collector(kept=True)`` moves what a load makes to the oldest
generation uncounted by Python's rule for full collections, and none came: 800 rubrics of 30
criteria grew the process to 1.1 GB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROGRAM = """
import sys
sys.path[:0] = [{src!r}, {benchmarks!r}]
import tiercert
from tiercert._fast import evaluator
from large_rubric import realistic

base = realistic(10)
for k in range(120):
    rubric = tiercert.parse_rubric(base.replace("id: large10", f"id: r{{k}}"))
    unit = {{i: "yes" for i, _, n in rubric.iter_nodes() if n.rule and n.rule.kind == "boolean"}}
    rubric.verdict(unit, missing="zero")
    rubric.evaluate(unit, missing="zero").to_dict()
    del rubric
print(len(evaluator._EVALUATORS))
"""


def test_rubrics_loaded_one_after_another_are_freed_without_an_explicit_collection() -> None:
    program = _PROGRAM.format(src=str(ROOT / "src"), benchmarks=str(ROOT / "benchmarks"))
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=600
    )
    alive = int(done.stdout.split()[-1])
    assert alive < 60, f"{alive} of 120 rubrics' evaluators still alive"
