"""Shared by the benchmarks: paths, the synthetic rubric, a timer, tables, the machine.

The answers people give are in ``answers.py``; the hand-written scorers in
``hand_written.py``.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
SEED = 20240601

Answers = dict[str, object]
Facts = dict[str, object]
Case = tuple[Answers, Facts]
#: what every implementation is compared on: total (the hand-written baselines add Decimals,
#: tiercert gives exact Fractions: equal numbers compare equal), certified, tier id
Decision = tuple[Decimal | Fraction, bool, str | None]

# --- the synthetic rubric of issue 6: 40 leaves in 5 groups -------------------------------------
#
# Per group: three booleans (3, 2, 2 points), two 4-level choices (4 / 3 / 1.5 / 0), a 3-band and
# a 4-band value on 0..100, and one count deduction (4 points, minus 1 per item, at most 10);
# 26 points capped at the group's 20.  Three knock-out flags (facts) and five star tiers.

LEVELS = [
    {"id": "full", "points": Decimal(4)},
    {"id": "good", "points": Decimal(3)},
    {"id": "fair", "points": Decimal("1.5")},
    {"id": "none", "points": Decimal(0)},
]


def _synthetic_group(g: int) -> dict[str, Any]:
    def leaf(name: str, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {"id": f"g{g}_{name}", "title": f"G{g} {name}", "rule": rule, **extra}

    bands3 = [
        {"min": 0, "max": 50, "points": 0},
        {"min": 50, "max": 80, "points": 2},
        {"min": 80, "max": 100, "points": 4},
    ]
    bands4 = [
        {"min": 0, "max": 25, "points": 0},
        {"min": 25, "max": 50, "points": 1},
        {"min": 50, "max": 75, "points": 2},
        {"min": 75, "max": 100, "points": 3},
    ]
    return {
        "id": f"g{g}",
        "title": f"Group {g}",
        "max": 20,
        "children": [
            leaf("b1", {"kind": "boolean", "points": 3}),
            leaf("b2", {"kind": "boolean", "points": 2}),
            leaf("b3", {"kind": "boolean", "points": 2}),
            leaf("l1", {"kind": "levels", "levels": LEVELS}),
            leaf("l2", {"kind": "levels", "levels": LEVELS}),
            leaf("n1", {"kind": "bands", "bands": bands3}),
            leaf("n2", {"kind": "bands", "bands": bands4}),
            leaf("d1", {"kind": "deduction", "per_item": 1, "max_items": 10}, max=4),
        ],
    }


def synthetic_data() -> dict[str, Any]:
    """The rubric as plain data (what ``tiercert.rubric_from_mapping`` takes)."""
    return {
        "format": 1,
        "id": "synthetic40",
        "version": "1",
        "title": "Synthetic 40-leaf rubric (issue 6)",
        "max": 100,
        "facts": [
            {"id": f"ko{k}", "title": f"Knock-out {k}", "type": "boolean"} for k in (1, 2, 3)
        ],
        "criteria": [_synthetic_group(g) for g in range(1, 6)],
        "gates": [
            {
                "id": f"no_ko{k}",
                "title": f"No knock-out {k}",
                "require": {"fact": f"ko{k}", "equals": False},
            }
            for k in (1, 2, 3)
        ],
        "tiers": [
            {"id": f"star{s}", "label": f"{s} stars", "rank": s, "min": 40 + 10 * s}
            for s in range(1, 6)
        ],
    }


# --- timing ---------------------------------------------------------------------------------------


def forget() -> None:
    """Empty every memo of answers met before (texts, Decimals and floats read, their points,
    NodeResults, what the reference made of unusual answers, JSON forms of nodes), so that
    the next pass meets its answers as a real batch meets new units: for the first time.
    Not the memos of what totals and gates decide (tier, percentage, gate reasons)."""
    from tiercert import result
    from tiercert._fast import numbers
    from tiercert._fast.evaluator import forget_answers

    memos = (numbers.IMAGES, numbers.EXACTS, numbers.FLOATS, result._NODE_DICTS)
    for memo in (*memos, numbers.DECIMAL_EXACTS):
        memo.clear()
    forget_answers()  # what compiled evaluators remember of answers: points, NodeResults


def renewed(value: Any) -> Any:
    """``value`` with every ``Decimal`` in it (in dicts, lists and tuples) a new object of the
    same text, the containers that hold one new too; ``value`` itself when it holds none.

    A reader (YAML, JSON with ``parse_float=Decimal``) gives a new ``Decimal`` each time,
    whose hash is computed on its first use (a modular power for a Decimal with places:
    several times its ``str``) and then cached in the object: scoring the same objects pass
    after pass would time every lookup by a Decimal at the price of a cached hash."""
    kind = type(value)
    if kind is Decimal:
        return Decimal(str(value))  # Decimal(value) would give the same object back
    if kind is dict:
        items = {k: renewed(v) for k, v in value.items()}
        return items if any(items[k] is not v for k, v in value.items()) else value
    if kind is list or kind is tuple:
        parts = [renewed(v) for v in value]
        changed = any(p is not v for p, v in zip(parts, value, strict=True))
        return (parts if kind is list else tuple(parts)) if changed else value
    return value


def per_call(
    function: Callable[[Answers, Facts], object],
    cases: Sequence[Case],
    *,
    budget: float = 0.6,
    fresh: bool = False,
) -> float:
    """Best seconds per call over repeated passes through ``cases`` (GC off while timing);
    ``fresh``: every pass starts with the memos of answers empty (:func:`forget`).  Every
    pass scores new ``Decimal`` objects of the same texts (:func:`renewed`, made before the
    pass is timed), as a reader gives them.

    Seconds of this process's CPU time: on a shared machine a pass's wall time also counts
    the turns of other processes (at a load of 8 on 2 cores, nearly every pass is
    interrupted, and best-of-passes stops being a floor)."""
    best = float("inf")
    spent = 0.0
    rounds = 0
    decimals = any(renewed(case) is not case for case in cases)
    while spent < budget or rounds < 3:
        if decimals:
            cases = [renewed(case) for case in cases]
        if fresh:
            forget()
        gc_was = gc.isenabled()
        gc.disable()
        start = time.process_time()
        for answers, facts in cases:
            function(answers, facts)
        elapsed = time.process_time() - start
        if gc_was:
            gc.enable()
        best = min(best, elapsed / len(cases))
        spent += elapsed
        rounds += 1
        if rounds >= 50:
            break
    return best


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A Markdown table (what docs/performance.md shows)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
        for r in rows
    ]
    return "\n".join([line, rule, *body])


def ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}×" if base else "—"


# --- the machine ----------------------------------------------------------------------------------


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """Cores, CPU model, Python, and the load when the run starts (the machine is shared)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()} "
        f"({platform.system()}), load average {load} at the start, "
        f"{datetime.date.today().isoformat()}"
    )
