"""Shared by the benchmarks: the synthetic rubric, hand-written scorers, inputs, a timer."""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tiercert  # noqa: E402
from tiercert._compile import LeafPlan  # noqa: E402

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


def synthetic_cases(count: int, seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        answers: Answers = {}
        for g in range(1, 6):
            answers[f"g{g}_b1"] = rng.random() < 0.8
            answers[f"g{g}_b2"] = rng.random() < 0.7
            answers[f"g{g}_b3"] = rng.random() < 0.6
            answers[f"g{g}_l1"] = rng.choice(("full", "good", "fair", "none"))
            answers[f"g{g}_l2"] = rng.choice(("full", "good", "good", "fair"))
            answers[f"g{g}_n1"] = rng.randint(30, 100)
            answers[f"g{g}_n2"] = rng.randint(0, 100)
            answers[f"g{g}_d1"] = rng.choice((0, 0, 1, 2, 5))
        # knock-outs are rare, as in real programmes
        facts: Facts = {f"ko{k}": rng.random() < 0.03 for k in (1, 2, 3)}
        cases.append((answers, facts))
    return cases


_LEVEL_TENTHS: Mapping[object, int] = {"full": 40, "good": 30, "fair": 15, "none": 0}


def synthetic_hand(answers: Mapping[str, object], facts: Mapping[str, object]) -> Decision:
    """Straight-line Python for the synthetic rubric, in tenths of a point, checking inputs."""
    if len(answers) != 40 or len(facts) != 3:
        raise ValueError("unknown or missing answers")
    a = answers
    levels = _LEVEL_TENTHS
    total = 0
    # group 1
    v = a["g1_b1"]
    if v is True:
        s = 30
    elif v is False:
        s = 0
    else:
        raise ValueError("g1_b1")
    v = a["g1_b2"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g1_b2")
    v = a["g1_b3"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g1_b3")
    s += levels[a["g1_l1"]] + levels[a["g1_l2"]]
    v = a["g1_n1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g1_n1")
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g1_n2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g1_n2")
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g1_d1"]
    if type(v) is not int or not 0 <= v <= 10:
        raise ValueError("g1_d1")
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
    # group 2
    v = a["g2_b1"]
    if v is True:
        s = 30
    elif v is False:
        s = 0
    else:
        raise ValueError("g2_b1")
    v = a["g2_b2"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g2_b2")
    v = a["g2_b3"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g2_b3")
    s += levels[a["g2_l1"]] + levels[a["g2_l2"]]
    v = a["g2_n1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g2_n1")
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g2_n2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g2_n2")
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g2_d1"]
    if type(v) is not int or not 0 <= v <= 10:
        raise ValueError("g2_d1")
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
    # group 3
    v = a["g3_b1"]
    if v is True:
        s = 30
    elif v is False:
        s = 0
    else:
        raise ValueError("g3_b1")
    v = a["g3_b2"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g3_b2")
    v = a["g3_b3"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g3_b3")
    s += levels[a["g3_l1"]] + levels[a["g3_l2"]]
    v = a["g3_n1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g3_n1")
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g3_n2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g3_n2")
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g3_d1"]
    if type(v) is not int or not 0 <= v <= 10:
        raise ValueError("g3_d1")
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
    # group 4
    v = a["g4_b1"]
    if v is True:
        s = 30
    elif v is False:
        s = 0
    else:
        raise ValueError("g4_b1")
    v = a["g4_b2"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g4_b2")
    v = a["g4_b3"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g4_b3")
    s += levels[a["g4_l1"]] + levels[a["g4_l2"]]
    v = a["g4_n1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g4_n1")
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g4_n2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g4_n2")
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g4_d1"]
    if type(v) is not int or not 0 <= v <= 10:
        raise ValueError("g4_d1")
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
    # group 5
    v = a["g5_b1"]
    if v is True:
        s = 30
    elif v is False:
        s = 0
    else:
        raise ValueError("g5_b1")
    v = a["g5_b2"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g5_b2")
    v = a["g5_b3"]
    if v is True:
        s += 20
    elif v is not False:
        raise ValueError("g5_b3")
    s += levels[a["g5_l1"]] + levels[a["g5_l2"]]
    v = a["g5_n1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g5_n1")
    s += 0 if v < 50 else 20 if v < 80 else 40
    v = a["g5_n2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g5_n2")
    s += 0 if v < 25 else 10 if v < 50 else 20 if v < 75 else 30
    v = a["g5_d1"]
    if type(v) is not int or not 0 <= v <= 10:
        raise ValueError("g5_d1")
    if v < 4:
        s += 40 - 10 * v
    total += s if s < 200 else 200
    ko1, ko2, ko3 = facts["ko1"], facts["ko2"], facts["ko3"]
    if type(ko1) is not bool or type(ko2) is not bool or type(ko3) is not bool:
        raise ValueError("knock-out flags must be true or false")
    tier = None
    if not (ko1 or ko2 or ko3):
        if total >= 900:
            tier = "star5"
        elif total >= 800:
            tier = "star4"
        elif total >= 700:
            tier = "star3"
        elif total >= 600:
            tier = "star2"
        elif total >= 500:
            tier = "star1"
    return Decimal(total) / 10, tier is not None, tier


# --- the shipped Bắc Giang rubric, by hand ------------------------------------------------------

_LEVELS_TKTY: Mapping[object, int] = {"tot": 60, "kha": 40, "trung_binh": 20, "yeu": 0}
_LEVELS_DAT: Mapping[object, int] = {"dat": 50, "dat_mot_phan": 25, "chua_dat": 0}
_LEVELS_NGAY: Mapping[object, int] = {"moi_ngay": 40, "mot_so_ngay": 20, "khong": 0}


def bac_giang_hand(answers: Mapping[str, object], facts: Mapping[str, object]) -> Decision:
    """The Bắc Giang rubric by hand, straight-line, in tenths of a point, checking inputs.

    For plain answers (no N/A, no direct group scores, no evidence mappings): the inputs the
    benchmark gives every implementation."""
    a = answers
    if len(a) != 20 or len(facts) > 1:
        raise ValueError("unknown or missing answers")
    lv: Mapping[object, int]
    # g1: a flag (4), a choice, 1.5 per item (at most 4), a flag (2), a 3-band value
    g1 = 0
    v = a["g1.1.1"]
    if v is True:
        g1 += 40
    elif v is not False:
        raise ValueError("g1.1.1")
    lv = _LEVELS_TKTY
    g1 += lv[a["g1.1.2"]]
    v = a["g1.2.1"]
    if type(v) is not int or v < 0 or v > 4:
        raise ValueError("g1.2.1")
    g1 += 15 * v
    v = a["g1.2.2"]
    if v is True:
        g1 += 20
    elif v is not False:
        raise ValueError("g1.2.2")
    v = a["g1.2.3"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g1.2.3")
    g1 += 0 if v < 50 else 10 if v < 100 else 20
    # g2: 5 bands, linear 0..50 -> 0..5 points, two choices and a flag
    v = a["g2.1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g2.1")
    g2 = 0 if v < 80 else 30 if v < 90 else 50 if v < 95 else 70 if v < 100 else 80
    v = a["g2.2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g2.2")
    g2 += v if v < 50 else 50
    lv = _LEVELS_DAT
    g2 += lv[a["g2.3"]]
    v = a["g2.4"]
    if v is True:
        g2 += 30
    elif v is not False:
        raise ValueError("g2.4")
    lv = _LEVELS_NGAY
    g2 += lv[a["g2.5"]]
    # g3: two flags, a choice, a deduction from 6 by 2
    g3 = 0
    v = a["g3.1"]
    if v is True:
        g3 += 40
    elif v is not False:
        raise ValueError("g3.1")
    v = a["g3.2"]
    if v is True:
        g3 += 40
    elif v is not False:
        raise ValueError("g3.2")
    lv = _LEVELS_TKTY
    g3 += lv[a["g3.3"]]
    v = a["g3.4"]
    if type(v) is not int or v < 0:
        raise ValueError("g3.4")
    if v < 3:
        g3 += 60 - 20 * v
    # g4: 1.5 per item up to 6, 4 bands, a deduction from 4 by 2
    v = a["g4.1"]
    if type(v) is not int or v < 0:
        raise ValueError("g4.1")
    g4 = 15 * v if v < 4 else 60
    v = a["g4.2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g4.2")
    g4 += 0 if v < 70 else 20 if v < 85 else 40 if v < 100 else 50
    v = a["g4.3"]
    if type(v) is not int or v < 0:
        raise ValueError("g4.3")
    if v < 2:
        g4 += 40 - 20 * v
    # g5: three 5-band values
    v = a["g5.1"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g5.1")
    g5 = 0 if v < 50 else 20 if v < 70 else 30 if v < 80 else 40 if v < 90 else 50
    v = a["g5.2"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g5.2")
    g5 += 0 if v < 50 else 40 if v < 70 else 60 if v < 80 else 80 if v < 90 else 100
    v = a["g5.3"]
    if type(v) is not int or not 0 <= v <= 100:
        raise ValueError("g5.3")
    g5 += 0 if v < 50 else 20 if v < 70 else 30 if v < 80 else 40 if v < 90 else 50
    total = (g1 if g1 < 200 else 200) + (g2 if g2 < 250 else 250) + (g3 if g3 < 200 else 200)
    total += (g4 if g4 < 150 else 150) + (g5 if g5 < 200 else 200)
    knocked = facts.get("head_disciplined_or_prosecuted", False)
    if knocked is not True and knocked is not False:
        raise ValueError("head_disciplined_or_prosecuted")
    tier = None
    if not knocked:
        if total >= 960:
            tier = "sao-5"
        elif total >= 920:
            tier = "sao-4"
        elif total >= 880:
            tier = "sao-3"
        elif total >= 840:
            tier = "sao-2"
        elif total >= 800:
            tier = "sao-1"
    return Decimal(total) / 10, tier is not None, tier


def bac_giang_cases(count: int, seed: int = SEED) -> list[Case]:
    """Plain answers of a typical programme: most units near the thresholds."""
    rng = random.Random(seed)

    def pct(low: int) -> int:
        return min(100, rng.randint(low, 105))

    cases = []
    for _ in range(count):
        a: Answers = {
            "g1.1.1": rng.random() < 0.9,
            "g1.1.2": rng.choice(("tot", "tot", "kha", "trung_binh", "yeu")),
            "g1.2.1": rng.randint(0, 4),
            "g1.2.2": rng.random() < 0.85,
            "g1.2.3": pct(40),
            "g2.1": pct(75),
            "g2.2": pct(20),
            "g2.3": rng.choice(("dat", "dat", "dat_mot_phan", "chua_dat")),
            "g2.4": rng.random() < 0.9,
            "g2.5": rng.choice(("moi_ngay", "moi_ngay", "mot_so_ngay", "khong")),
            "g3.1": rng.random() < 0.9,
            "g3.2": rng.random() < 0.9,
            "g3.3": rng.choice(("tot", "kha", "kha", "trung_binh")),
            "g3.4": rng.choice((0, 0, 0, 1, 2)),
            "g4.1": rng.randint(0, 5),
            "g4.2": pct(60),
            "g4.3": rng.choice((0, 0, 1)),
            "g5.1": pct(45),
            "g5.2": pct(45),
            "g5.3": pct(45),
        }
        facts: Facts = {"head_disciplined_or_prosecuted": rng.random() < 0.02}
        cases.append((a, facts))
    return cases


# --- any rubric: plain answers drawn from its plan ----------------------------------------------


def generic_cases(rubric: tiercert.Rubric, count: int, seed: int = SEED) -> list[Case]:
    """Plain, valid answers for every answerable criterion and every fact without a default."""
    rng = random.Random(seed)
    plan = rubric._plan
    leaves = [node for node in plan.nodes.values() if isinstance(node, LeafPlan) and node.answered]
    cases = []
    for _ in range(count):
        answers: Answers = {}
        for leaf in leaves:
            answers[leaf.id] = _plain_answer(rng, leaf)
        facts: Facts = {}
        for fact in plan.facts.values():
            if fact.default is not None:
                continue
            if fact.type == "boolean":
                facts[fact.id] = rng.random() < 0.1
            elif fact.type in ("number", "integer"):
                facts[fact.id] = rng.randint(0, 10)
            elif fact.type == "choice":
                facts[fact.id] = rng.choice(fact.options)
            else:
                facts[fact.id] = "text"
        cases.append((answers, facts))
    return cases


def _plain_answer(rng: random.Random, leaf: LeafPlan) -> object:
    kind, params = leaf.kind.name, leaf.params
    if kind == "boolean":
        return rng.random() < 0.8
    if kind == "levels":
        return rng.choice(list(params.levels))
    if kind in ("count", "deduction"):
        top = params.max_items if params.max_items is not None else 5
        return rng.randint(0, top)
    edges: list[Fraction] = [Fraction(0), leaf.max]
    if kind == "linear":
        edges = sorted((params.start[0], params.end[0]))
    elif kind == "bands":
        edges = [e for band in params.bands for e in band[:2] if e is not None] or edges
    low = getattr(params, "low", None)
    high = getattr(params, "high", None)
    low = low if low is not None else min(edges)
    high = high if high is not None else max(edges)
    value = low + (high - low) * rng.randint(0, 20) / 20
    return int(value) if value.denominator == 1 else Decimal(value.numerator) / value.denominator


# --- timing ---------------------------------------------------------------------------------------


def per_call(
    function: Callable[[Answers, Facts], object], cases: Sequence[Case], *, budget: float = 0.6
) -> float:
    """Best seconds per call over repeated passes through ``cases`` (GC off while timing)."""
    best = float("inf")
    spent = 0.0
    rounds = 0
    while spent < budget or rounds < 3:
        gc_was = gc.isenabled()
        gc.disable()
        start = time.perf_counter()
        for answers, facts in cases:
            function(answers, facts)
        elapsed = time.perf_counter() - start
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
