"""Hand-written hypothesis strategies: random valid rubrics, and answers that fit them.

Pydantic v2 has no hypothesis plugin, and a random *valid* rubric needs its parts to fit
together (maxima, bands, references, tiers), so the rubrics are built here by hand. Every
rubric drawn passes ``check`` without errors (warnings such as ``max.exceeded`` are allowed:
capping must be exercised too).

Public API (reused by the property tests and by the fast-evaluator comparison)::

    rubric_data(monotone=False, max_depth=3, max_children=4)   # plain mapping of a rubric
    rubrics(monotone=False, max_depth=3, max_children=4)       # a checked, compiled Rubric
    answers_for(rubric, complete=None)                         # an Assessment for that rubric
    rubric_and_answers(monotone=False, ...)                    # (Rubric, Assessment)
    improved(rubric, assessment)                               # an Assessment at least as good
    reordered(rubric)                                          # same rubric, siblings shuffled
    reordered_answers(assessment)                              # same answers, other order
    edge_cases()                # (Rubric, [Assessment]) with values that have no finite
                                # decimal form, and minimums and thresholds right next to them

Coverage: trees of any depth (``max_depth`` levels of groups), every rule kind (boolean,
levels, bands with both edge semantics and open ends, linear in both directions with or
without a range, count, deduction, direct, condition, ratio with its answers written n/d,
n / d or as a list of two numbers), every aggregate (sum, scaled,
weighted, tiered, ``top``), bonus children and ``bonus_cap``, penalty children and
``penalty_cap`` (not with ``monotone``), ``incomplete_cap``, directly
scored groups, future criteria (``status: future`` from a version or a date, the rubric
scoring for a drawn day), N/A (satisfied and excluded, with evidence), evidence (also per
level) and the rubric's and the levels' ``evidence_rules`` (not with ``monotone``),
rounding at leaves, groups, total and percentage, typed facts with defaults, gates with every
comparison and logic kind (optionally limited to some tiers), and tiers with ``certified``,
``requires_lower`` and ``provisional``; the children of a ``top`` group are often N/A.

``monotone=True`` keeps only conditions that a better answer cannot turn from true to false
(``at_least``/``above`` on scores and percentages, ``all``/``any``, facts, ``equals: true`` on
a boolean answer): with it, :func:`improved` answers never lower the total or the tier.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from oracle import bonus_maximum, node_maximum, waiting_of
from tiercert import Assessment, Rubric, rubric_from_mapping
from tiercert._literals import dot_grouped
from tiercert.model import RULE_MODELS, Node
from tiercert.rules import RULES
from tiercert.rules.bands import BandsRule
from tiercert.rules.boolean import BooleanRule
from tiercert.rules.count import CountRule
from tiercert.rules.deduction import DeductionRule
from tiercert.rules.direct import DirectRule
from tiercert.rules.levels import LevelsRule
from tiercert.rules.linear import LinearRule
from tiercert.rules.ratio import RatioRule

__all__ = [
    "answers_for",
    "edge_cases",
    "improved",
    "reordered",
    "reordered_answers",
    "rubric_and_answers",
    "rubric_data",
    "rubrics",
]

F = Fraction
EVIDENCE = ("justification", "url")
LEVEL_IDS = ("none", "low", "fair", "good", "full", "x-1")
MODES = ("half_up", "half_even", "down", "up")
TITLES = ("Cải cách hành chính", "Xã hội", "Quality", "Đánh giá", "A", "Ω test")
#: when a future criterion counts (the rubrics drawn are version "1"): versions reached and
#: not, dates; and the days rubrics score for (None: no day given)
COUNTS_FROM = ("0.9", "1", "1.5", "2", "2026-06-01", "2027-01-01")
DAYS = (None, None, date(2026, 6, 1), date(2026, 12, 31), date(2027, 1, 1))


def _dec(value: Fraction) -> Decimal:
    """A Fraction with a finite decimal form as an exact Decimal."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    assert Fraction(exact) == value, value
    if dot_grouped(exact):  # -7.375 may mean -7375 where a range admits it: write -7.3750
        exact = Decimal(f"{exact}0")
    return exact


def _grid(draw: st.DrawFn, low: Fraction, high: Fraction, steps: int = 8) -> Fraction:
    """A value in [low, high] on a grid of ``steps`` intervals (edges are likely)."""
    if high <= low:
        return low
    k = draw(st.integers(0, steps))
    return low + (high - low) * k / steps


def _rubric_number(value: Fraction) -> Fraction:
    """``value`` cut down to the 12 places a rubric's numbers may have (check refuses more): a
    point on a grid over a maximum made of quarters and halves nested a few levels deep can
    need more, such as the tier minimum 1.2490478515625."""
    return F(math.floor(value / _ULP)) * _ULP


def _points(draw: st.DrawFn, top: int = 20) -> Fraction:
    """Points: mostly whole numbers, sometimes halves and quarters."""
    whole = draw(st.integers(0, top))
    part = draw(st.sampled_from((F(0), F(0), F(0), F(1, 2), F(1, 4), F(3, 4))))
    return F(whole) + part if whole < top else F(whole)


def _title(draw: st.DrawFn, ident: str) -> Any:
    text = draw(st.sampled_from(TITLES))
    if draw(st.booleans()):
        return f"{text} {ident}"
    return {"vi": f"{text} {ident}", "en": f"Criterion {ident}"}


def _subset(draw: st.DrawFn, items: tuple[str, ...]) -> list[str]:
    return [item for item in items if draw(st.booleans())]


def _rounding(draw: st.DrawFn) -> dict[str, Any]:
    return {"mode": draw(st.sampled_from(MODES)), "places": draw(st.integers(0, 2))}


# --- rubrics ----------------------------------------------------------------------------------


@dataclass
class _Leaf:
    id: str
    kind: str
    max: Fraction
    data: dict[str, Any]


@dataclass
class _Group:
    id: str
    max: Fraction


@dataclass
class _Ctx:
    monotone: bool
    max_depth: int
    max_children: int
    leaves: list[_Leaf] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    na_often: bool = False  # drawing the children of a `top` group: N/A more likely
    #: bonus children and criteria N/A leaves out far more likely, so that a group's base
    #: criteria are often all left out beside a bonus (``rubric_data``'s ``na_bonus``)
    na_bonus: bool = False
    facts: list[dict[str, Any]] = field(default_factory=list)
    #: the rubric's maximum without and with bonus points, once its criteria are drawn: a
    #: gate may compare the total (``score: "@criteria"``), a condition rule never
    total: tuple[Fraction, Fraction] | None = None


def _leaf(draw: st.DrawFn, ctx: _Ctx, nid: str) -> tuple[dict[str, Any], Fraction]:
    """A leaf and its maximum (declared, or what its rule can give)."""
    kinds = ["boolean", "levels", "bands", "linear", "count", "deduction", "direct", "ratio"]
    if any(leaf.kind != "condition" for leaf in ctx.leaves):
        kinds.append("condition")  # never first: conditions need a scored leaf to read
    kind = draw(st.sampled_from(kinds))
    node: dict[str, Any] = {"id": nid, "title": _title(draw, nid)}
    rule: dict[str, Any] = {"kind": kind}
    best: Fraction | None  # what the rule can reach; None: the node's max decides
    if kind in ("boolean", "condition"):
        points = _points(draw)
        rule["points"] = _dec(points)
        best = points
        if kind == "condition":
            rule["when"] = None  # filled in once every leaf exists (see _fill_conditions)
    elif kind == "levels":
        ids = draw(st.lists(st.sampled_from(LEVEL_IDS), min_size=1, max_size=4, unique=True))
        levels = []
        for level_id in ids:
            level: dict[str, Any] = {"id": level_id, "points": _dec(_points(draw))}
            if draw(st.integers(0, 4)) == 0:
                level["evidence"] = _subset(draw, EVIDENCE)
                if not ctx.monotone and level["evidence"] and draw(st.booleans()):
                    # judged by its own rules (a stricter level may then lose its points)
                    level["evidence_rules"] = draw(st.sampled_from(EVIDENCE_RULES))
            if draw(st.booleans()):
                level["label"] = {"vi": f"Mức {level_id}", "en": f"Level {level_id}"}
            levels.append(level)
        rule["levels"] = levels
        best = max(F(lv["points"]) for lv in levels)
    elif kind == "bands":
        n = draw(st.integers(1, 4))
        start = F(draw(st.integers(-10, 50)))
        bounds = [start]
        for _ in range(n):
            bounds.append(bounds[-1] + draw(st.sampled_from((F(1, 2), F(1), F(5), F(10), F(25)))))
        bands: list[dict[str, Any]] = []
        for i in range(n):
            bands.append(
                {"min": _dec(bounds[i]), "max": _dec(bounds[i + 1]), "points": _dec(_points(draw))}
            )
        if draw(st.booleans()):
            rule["edges"] = draw(st.sampled_from(("min_inclusive", "max_inclusive")))
        if draw(st.booleans()):
            rule["range"] = {"min": _dec(bounds[0]), "max": _dec(bounds[-1])}
        else:  # open ends: only allowed without a range that they would contradict
            if draw(st.booleans()):
                del bands[0]["min"]
            if draw(st.booleans()):
                del bands[-1]["max"]
        rule["bands"] = bands
        best = max(F(b["points"]) for b in bands)
    elif kind == "linear":
        a = F(draw(st.integers(-20, 100)))
        b = a + draw(st.sampled_from((F(1), F(5), F(10), F(40))))
        if draw(st.booleans()):
            a, b = b, a  # the value may decrease from start to end
        pa, pb = _points(draw), _points(draw)
        rule["start"] = {"value": _dec(a), "points": _dec(pa)}
        rule["end"] = {"value": _dec(b), "points": _dec(pb)}
        if draw(st.booleans()):
            low, high = min(a, b), max(a, b)
            rule["range"] = {"min": _dec(low - draw(st.integers(0, 5))), "max": _dec(high)}
        best = max(pa, pb)
    elif kind == "count":
        rule["per_item"] = _dec(_points(draw, 5))
        best = None
        if draw(st.booleans()):
            rule["max_items"] = draw(st.integers(0, 8))
            best = F(rule["per_item"]) * rule["max_items"]
    elif kind == "deduction":
        rule["per_item"] = _dec(_points(draw, 5))
        best = None
        if draw(st.booleans()):
            best = _points(draw)
            rule["start"] = _dec(best)
        if draw(st.booleans()):
            rule["max_items"] = draw(st.integers(0, 8))
        if draw(st.integers(0, 3)) == 0:
            rule["floor"] = _dec(_grid(draw, F(0), best if best is not None else F(2), 4))
    elif kind == "ratio":
        points = _points(draw)
        rule["points"] = _dec(points)
        best = points
        if draw(st.booleans()):
            rule["full_at"] = _dec(draw(st.sampled_from((F(50), F(80), F(90), F(100)))))
        if draw(st.integers(0, 3)) == 0:
            floor = _grid(draw, F(0), points, 4)
            rule["floor"] = _dec(floor)
    else:
        best = None  # direct
    node["rule"] = rule
    # the declared max is at most what the rule reaches (more would be 'max.unreachable')
    if best is None or draw(st.integers(0, 3)) == 0:
        top = best if best is not None else F(draw(st.integers(1, 20)))
        declared = _grid(draw, F(0), top, 4) if best is not None else top
        node["max"] = _dec(declared)
        maximum = declared
    else:
        maximum = best
    if kind != "condition":
        if ctx.na_bonus:
            node["na"] = {"counts_as": "excluded"}
        elif draw(st.integers(0, 1 if ctx.na_often else 3)) == 0:
            node["na"] = {"counts_as": draw(st.sampled_from(("satisfied", "excluded")))}
            if draw(st.booleans()):
                node["na"]["evidence"] = _subset(draw, EVIDENCE)
        if draw(st.integers(0, 3)) == 0:
            node["evidence"] = _subset(draw, EVIDENCE)
    if draw(st.integers(0, 5)) == 0:
        node["round"] = _rounding(draw)
    if draw(st.integers(0, 6)) == 0:
        node["provisional"] = True
        node["note"] = "modelled on a similar scheme"
    ctx.leaves.append(_Leaf(nid, kind, maximum, node))
    return node, maximum


def _group_fields(
    draw: st.DrawFn, ctx: _Ctx, gid: str, depth: int, target: dict[str, Any]
) -> tuple[Fraction, Fraction]:
    """Draw children and aggregation into ``target``; return (base max, bonus max)."""
    aggregate = draw(st.sampled_from(("sum", "sum", "sum", "scaled", "weighted", "tiered")))
    n = draw(st.integers(1, ctx.max_children))
    # `top` (checks refuse it with tiered) with children left out (N/A) is a path of its own
    wants_top = aggregate == "sum" and draw(st.integers(0, 4)) == 0
    outer, ctx.na_often = ctx.na_often, wants_top
    children: list[dict[str, Any]] = []
    maxima: list[Fraction] = []
    bonus: list[bool] = []
    penalties: list[Fraction] = []
    for i in range(n):
        cid = f"{gid}.{i + 1}" if gid != "@" else f"c{i + 1}"
        is_group = depth < ctx.max_depth and draw(st.integers(0, 2)) == 0
        child, child_max = _group(draw, ctx, cid, depth + 1) if is_group else _leaf(draw, ctx, cid)
        # bonus children add on top of a sum, a scaled share or a weighted mean alike
        is_bonus = (
            aggregate != "tiered" and i > 0 and draw(st.integers(0, 1 if ctx.na_bonus else 4)) == 0
        )
        if is_bonus:
            child["bonus"] = True
            if ctx.na_bonus and draw(st.integers(0, 3)) > 0:
                child.pop("na", None)  # a bonus that scores beside base criteria left out
        # a penalty: its points are taken from the group after the caps
        elif (
            aggregate == "sum"
            and i > 0
            and child_max > 0
            and not ctx.monotone  # a better answer to a penalty lowers the total
            and draw(st.integers(0, 5)) == 0
        ):
            child["penalty"] = True
            penalties.append(child_max)
            continue_penalty = True
        else:
            continue_penalty = False
        if i > 0 and draw(st.integers(0, 5)) == 0:  # never the first: a group needs one counted
            child["status"] = "future"
            child["counts_from"] = draw(st.sampled_from(COUNTS_FROM))
        if aggregate == "weighted" and not is_bonus:  # a bonus child has no weight
            child["weight"] = _dec(F(draw(st.integers(0 if i else 1, 5))))
        children.append(child)
        if continue_penalty:  # neither the group's maximum nor its bonus
            continue
        maxima.append(child_max)
        bonus.append(is_bonus)
    ctx.na_often = outer
    target["children" if gid != "@" else "criteria"] = children
    if aggregate != "sum":
        target["aggregate"] = aggregate
    base = [m for m, b in zip(maxima, bonus, strict=True) if not b]
    if wants_top:
        target["top"] = draw(st.integers(1, len(base)))
        base = sorted(base, reverse=True)[: target["top"]]
    reach = sum(base, F(0))
    if aggregate in ("scaled", "weighted"):
        maximum = F(draw(st.integers(1, 50)))
        target["max"] = _dec(maximum)
    elif reach > 0 and draw(st.integers(0, 2)) == 0:
        maximum = _grid(draw, F(0), reach, 4)  # below reach: 'max.exceeded', scores capped
        maximum = maximum if maximum > 0 else reach
        target["max"] = _dec(maximum)
    else:
        maximum = reach
    extra = sum((m for m, b in zip(maxima, bonus, strict=True) if b), F(0))
    if any(bonus) and draw(st.booleans()):
        cap = _grid(draw, F(0), extra, 4)
        target["bonus_cap"] = _dec(cap)
        extra = cap
    if draw(st.integers(0, 4)) == 0:
        target["incomplete_cap"] = _dec(_grid(draw, F(0), maximum, 4))
    if len(penalties) > 0 and draw(st.booleans()):
        target["penalty_cap"] = _dec(_grid(draw, F(1, 4), sum(penalties, F(0)), 4))
    return maximum, extra


def _group(draw: st.DrawFn, ctx: _Ctx, gid: str, depth: int) -> tuple[dict[str, Any], Fraction]:
    node: dict[str, Any] = {"id": gid, "title": _title(draw, gid)}
    group = _Group(gid, F(0))
    ctx.groups.append(group)
    maximum, _ = _group_fields(draw, ctx, gid, depth, node)
    group.max = maximum
    if draw(st.integers(0, 3)) == 0:
        node["direct"] = True
    if draw(st.integers(0, 5)) == 0:
        node["round"] = _rounding(draw)
    return node, maximum


def _fact(draw: st.DrawFn, fid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(("boolean", "number", "integer", "text", "choice")))
    fact: dict[str, Any] = {"id": fid, "title": f"Fact {fid}", "type": kind}
    if kind == "choice":
        fact["options"] = ["a", "b", "c"]
    if draw(st.booleans()):
        fact["default"] = _fact_value(draw, fact)
    return fact


def _fact_value(draw: st.DrawFn, fact: Mapping[str, Any]) -> Any:
    kind = fact["type"]
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "integer":
        return Decimal(draw(st.integers(0, 10)))
    if kind == "number":
        return _dec(_grid(draw, F(0), F(10)))
    if kind == "choice":
        return draw(st.sampled_from(fact["options"]))
    return draw(st.sampled_from(("yes", "no", "x")))


def _comparison(draw: st.DrawFn, ctx: _Ctx, *, for_rule: bool) -> dict[str, Any]:
    """One comparison on a fact, an answer, a score, a percentage or each child of a group;
    now and then an order operator's value taken from a number fact, times a constant."""
    comparison = _compared(draw, ctx, for_rule=for_rule)
    numbers = [f["id"] for f in ctx.facts if f["type"] in ("number", "integer")]
    if numbers and draw(st.integers(0, 3)) == 0:
        for op in ("at_least", "at_most", "above", "below"):
            if isinstance(comparison.get(op), Decimal):
                operand: dict[str, Any] = {"fact": draw(st.sampled_from(numbers))}
                times = draw(st.sampled_from((None, F(1), F(1, 2), F(11, 10), F(3), F(7, 3))))
                if times is not None:
                    operand["times"] = (
                        _dec(times) if times.denominator != 3 else Decimal("2.333333333333")
                    )
                comparison[op] = operand
    return comparison


def _answers_taken(leaf: _Leaf) -> tuple[Fraction | None, Fraction | None]:
    """The numbers an answer to ``leaf`` may be, as a comparison reads them (None: open): a
    ratio's share from 0 to 1."""
    kind = RULES[leaf.kind]
    if kind.compared_range is None:
        return None, None
    rule = RULE_MODELS[leaf.kind].model_validate(leaf.data["rule"])
    span = kind.compared_range(rule, leaf.max)
    return (span.low, span.high) if span is not None else (None, None)


def _compared(draw: st.DrawFn, ctx: _Ctx, *, for_rule: bool) -> dict[str, Any]:
    """One comparison with a constant (see :func:`_comparison`)."""
    subjects = ["score", "percent", "answer"]
    if ctx.facts:
        subjects.append("fact")
    if not for_rule:
        subjects.append("each_child_of")
    subject = draw(st.sampled_from(subjects))
    # condition rules read leaves only (never groups or other conditions): no cycles possible
    scored = [leaf for leaf in ctx.leaves if leaf.kind != "condition"]
    if subject in ("score", "percent", "answer") and not scored:
        subject = "fact" if ctx.facts else "each_child_of"
    if subject == "fact":
        fact = draw(st.sampled_from(ctx.facts))
        value = _fact_value(draw, fact)
        if fact["type"] in ("number", "integer"):
            op = draw(
                st.sampled_from(("equals", "not_equals", "at_least", "at_most", "above", "below"))
            )
            return {"fact": fact["id"], op: value}
        op = draw(st.sampled_from(("equals", "not_equals", "in")))
        return {"fact": fact["id"], op: [value] if op == "in" else value}
    if subject == "answer":
        candidates = scored
        if ctx.monotone:
            candidates = [leaf for leaf in scored if leaf.kind == "boolean"]
            if not candidates:
                return _true_condition(ctx, for_rule=for_rule)
        leaf = draw(st.sampled_from(candidates))
        if leaf.kind == "boolean":
            return {"answer": leaf.id, "equals": True if ctx.monotone else draw(st.booleans())}
        if leaf.kind == "levels":
            ids = [lv["id"] for lv in leaf.data["rule"]["levels"]]
            if "na" in leaf.data:
                ids.append("na")
            if draw(st.booleans()):
                return {"answer": leaf.id, "equals": draw(st.sampled_from(ids))}
            return {"answer": leaf.id, "in": draw(st.lists(st.sampled_from(ids), min_size=1))}
        op = draw(st.sampled_from(("at_least", "at_most", "above", "below", "not_equals")))
        value = F(draw(st.integers(0, 20)))
        # kept satisfiable (check refuses a comparison no answer the rule takes can pass)
        low, high = _answers_taken(leaf)
        value = min(value, high) if high is not None else value
        value = max(value, low) if low is not None else value
        if op == "above" and value == high:
            op = "at_least"
        if op == "below" and value == low:
            op = "at_most"
        return {"answer": leaf.id, op: _dec(value)}
    if subject == "each_child_of":
        groups = [g.id for g in ctx.groups] + ["@criteria"]
        target = draw(st.sampled_from(groups))
        measure = draw(st.sampled_from(("score", "percent")))
        op = "at_least" if ctx.monotone else draw(st.sampled_from(("at_least", "above", "at_most")))
        # kept satisfiable (check refuses a score no child can reach): within the smallest
        # maximum of any criterion, so within every child's whatever the group
        maxima = [leaf.max for leaf in ctx.leaves] + [group.max for group in ctx.groups]
        lowest = min((m for m in maxima if m > 0), default=F(5))
        high = F(100) if measure == "percent" else min(F(5), _rubric_number(lowest))
        value = _grid(draw, F(0), high, 10)
        if op == "above" and value >= (F(100) if measure == "percent" else lowest):
            value = F(0)
        return {"each_child_of": target, "measure": measure, op: _dec(value)}
    # score / percent of a node, or of the total in a gate: thresholds kept satisfiable
    # (checks refuse impossible ones); a percentage of the total goes above 100 with bonus
    nodes: list[tuple[str, Fraction, Fraction]] = [(leaf.id, leaf.max, F(100)) for leaf in scored]
    if not for_rule:
        nodes += [(g.id, g.max, F(100)) for g in ctx.groups]
        if ctx.total is not None:
            base, full = ctx.total
            nodes += [("@criteria", full, full * 100 / base if base else F(0))] * 2
    if subject == "percent":
        nodes = [(nid, m, p) for nid, m, p in nodes if m > 0 and p > 0]
        if not nodes:
            return _true_condition(ctx, for_rule=for_rule)
    nid, maximum, percent_top = draw(st.sampled_from(nodes))
    top = percent_top if subject == "percent" else maximum
    ops = (
        ("at_least", "above")
        if ctx.monotone
        else ("at_least", "above", "at_most", "below", "equals", "not_equals")
    )
    op = draw(st.sampled_from(ops))
    value = _rubric_number(_grid(draw, F(0), top, 8))  # a total's percentage: maybe 1550/3
    if op == "above" and top == 0:
        op = "at_least"
    if op == "above" and value >= top:
        value = _rubric_number(top / 2)
    if op == "below" and value <= 0:
        value = _rubric_number(top / 2) if top > 0 else F(1)
    if op == "not_equals" and top == 0:
        op = "equals"  # (0 is the one score: not_equals 0 can never hold, and check says so)
    return {subject: nid, op: _dec(value)}


def _true_condition(ctx: _Ctx, *, for_rule: bool) -> dict[str, Any]:
    """A condition that always holds: a score of at least 0.

    A condition rule may not read a group (it could contain the rule itself), so it reads the
    first scored leaf, which always exists (the first leaf drawn is never a condition).
    """
    if for_rule:
        first = next(leaf for leaf in ctx.leaves if leaf.kind != "condition")
        return {"score": first.id, "at_least": Decimal(0)}
    return {"each_child_of": "@criteria", "measure": "score", "at_least": Decimal(0)}


def _condition(draw: st.DrawFn, ctx: _Ctx, depth: int = 0, *, for_rule: bool = False) -> Any:
    logic = ("all", "any") if ctx.monotone else ("all", "any", "not")
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        op = draw(st.sampled_from(logic))
        if op == "not":
            return {"not": _condition(draw, ctx, depth + 1, for_rule=for_rule)}
        n = draw(st.integers(1, 3))
        return {op: [_condition(draw, ctx, depth + 1, for_rule=for_rule) for _ in range(n)]}
    return _comparison(draw, ctx, for_rule=for_rule)


@st.composite
def rubric_data(
    draw: st.DrawFn,
    *,
    monotone: bool = False,
    max_depth: int = 3,
    max_children: int = 4,
    na_bonus: bool = False,
) -> dict[str, Any]:
    """A plain mapping of a valid rubric (Decimals for numbers), ready for rubric_from_mapping.
    ``na_bonus``: bonus children, and criteria that N/A leaves out, far more often."""
    ctx = _Ctx(monotone, max_depth, max_children, na_bonus=na_bonus)
    data: dict[str, Any] = {
        "format": 1,
        "id": "random",
        "version": "1",
        "title": {"vi": "Bộ tiêu chí ngẫu nhiên", "en": "Random rubric"},
        "language": "vi",
    }
    ctx.facts = [_fact(draw, f"f{i + 1}") for i in range(draw(st.integers(0, 3)))]
    if ctx.facts:
        data["facts"] = ctx.facts
    base, extra = _group_fields(draw, ctx, "@", 0, data)
    for leaf in ctx.leaves:
        if leaf.kind == "condition":
            leaf.data["rule"]["when"] = _condition(draw, ctx, for_rule=True)
    ctx.total = (base, base + extra)  # the gates, drawn below, may compare the total
    if draw(st.booleans()):
        data["scoring"] = {"missing": draw(st.sampled_from(("error", "zero")))}
    if not monotone and draw(st.integers(0, 3)) == 0:  # what makes evidence count
        data["evidence_rules"] = draw(st.sampled_from(EVIDENCE_RULES))
    rounding = {
        where: _rounding(draw)
        for where in ("leaves", "groups", "total", "percentage")
        if draw(st.integers(0, 4)) == 0
    }
    if rounding:
        data["rounding"] = rounding
    # tiers: strictly increasing minimums within what a unit can score
    top = base + extra
    n_tiers = draw(st.integers(0, 4))
    mins = sorted({_rubric_number(_grid(draw, F(0), top, 20)) for _ in range(n_tiers)})
    tiers = []
    rank = 0
    for i, minimum in enumerate(mins):
        rank += 1 if i == 0 else draw(st.integers(1, 2))
        tier: dict[str, Any] = {
            "id": f"t{i + 1}",
            "label": {"vi": f"{i + 1} sao", "en": f"{i + 1} star"},
            "rank": rank,
            "min": _dec(minimum),
        }
        if draw(st.integers(0, 4)) == 0:
            tier["certified"] = False
        if draw(st.integers(0, 3)) == 0:
            tier["requires_lower"] = False
        if draw(st.integers(0, 3)) == 0:  # results list a provisional tier reached or next
            tier["provisional"] = True
            tier["note"] = "modelled on a similar scheme"
        tiers.append(tier)
    if tiers:
        data["tiers"] = tiers
    gates = []
    for i in range(draw(st.integers(0, 3))):
        gate: dict[str, Any] = {
            "id": f"k{i + 1}",
            "title": f"Gate {i + 1}",
            "require": _condition(draw, ctx),
        }
        if len(tiers) > 0 and draw(st.booleans()):
            ids = [t["id"] for t in tiers]
            gate["tiers"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        if draw(st.integers(0, 4)) == 0:
            gate["provisional"] = True
        gates.append(gate)
    if gates:
        data["gates"] = gates
    return data


def rubrics(
    *, monotone: bool = False, max_depth: int = 3, max_children: int = 4, na_bonus: bool = False
) -> st.SearchStrategy[Rubric]:
    """Checked, compiled :class:`~tiercert.Rubric` objects built from :func:`rubric_data`,
    scoring for a day drawn from ``DAYS`` (:meth:`~tiercert.Rubric.at`)."""
    data = rubric_data(
        monotone=monotone, max_depth=max_depth, max_children=max_children, na_bonus=na_bonus
    )
    return st.tuples(data, st.sampled_from(DAYS)).map(
        lambda pair: rubric_from_mapping(pair[0]).at(pair[1])
    )


# --- answers ----------------------------------------------------------------------------------


def _band_points(rule: BandsRule, value: Fraction) -> Fraction | None:
    """The points of the band ``value`` falls in (an independent reading of the edges)."""
    last = len(rule.bands) - 1
    for i, band in enumerate(rule.bands):
        low = F(band.min) if band.min is not None else None
        high = F(band.max) if band.max is not None else None
        if rule.edges == "min_inclusive":
            inside = (low is None or value >= low) and (
                high is None or value < high or (i == last and value == high)
            )
        else:
            inside = (low is None or value > low or (i == 0 and value == low)) and (
                high is None or value <= high
            )
        if inside:
            return F(band.points)
    return None


def _numeric_span(rule: BandsRule | LinearRule) -> tuple[Fraction, Fraction]:
    """The values an answer may take (open ends made finite for drawing)."""
    if isinstance(rule, BandsRule):
        bounds = [F(b) for band in rule.bands for b in (band.min, band.max) if b is not None]
    else:
        bounds = [F(rule.start.value), F(rule.end.value)]
    bounds = bounds or [F(0)]  # a single band open at both ends
    low, high = min(bounds) - 10, max(bounds) + 10
    if isinstance(rule, BandsRule):
        if rule.bands[0].min is not None:
            low = F(rule.bands[0].min)
        if rule.bands[-1].max is not None:
            high = F(rule.bands[-1].max)
    if rule.range is not None:
        if rule.range.min is not None:
            low = F(rule.range.min)
        if rule.range.max is not None:
            high = F(rule.range.max)
    return low, high


def _candidates(rule: BandsRule | LinearRule) -> list[Fraction]:
    """Interesting values: every edge and anchor in range, and points between them."""
    low, high = _numeric_span(rule)
    if isinstance(rule, BandsRule):
        marks = [F(b) for band in rule.bands for b in (band.min, band.max) if b is not None]
    else:
        marks = [F(rule.start.value), F(rule.end.value)]
    values = sorted({low, high, *(m for m in marks if low <= m <= high)})
    if len(values) == 1:
        values.append(values[0] + 1)
    between = [(a + b) / 2 for a, b in itertools.pairwise(values)]
    return sorted({*values, *between})


def _linear_points(rule: LinearRule, value: Fraction) -> Fraction:
    a, pa = F(rule.start.value), F(rule.start.points)
    b, pb = F(rule.end.value), F(rule.end.points)
    share = min(max((value - a) / (b - a), F(0)), F(1))
    return pa + share * (pb - pa)


#: rubric-level evidence rules a rubric may state (docs/authoring.md, "What makes evidence count")
EVIDENCE_RULES: tuple[dict[str, Any], ...] = (
    {"justification": {"min_length": 5, "ignore_prefixes": ["// "]}},
    {"url": {"where": ["justification"], "form": "host_with_dot"}},
    {
        "justification": {"min_length": 3, "ignore_prefixes": ["// ", "#"]},
        "url": {"where": ["url"], "form": "host_with_dot"},
    },
)
#: justifications that some evidence rules refuse (short, commented out, a URL without a dot)
ODD_JUSTIFICATIONS = ("ok", "// see https://example.org/x", "see http://localhost/x", "    ")


def _with_evidence(draw: st.DrawFn, value: Any, needs: list[str], full: bool) -> Any:
    """A plain value, or a mapping with justification and/or URL (as needed, or at random)."""
    give = set(EVIDENCE) if full else {kind for kind in EVIDENCE if draw(st.integers(0, 3)) > 0}
    if not full and not needs and draw(st.booleans()):
        return value
    answer: dict[str, Any] = {"value": value}
    if "justification" in give:
        texts = ("Biên bản họp số 12", "see https://example.org/doc")
        answer["justification"] = draw(
            st.sampled_from(texts if full else texts + ODD_JUSTIFICATIONS)
        )
    if "url" in give:
        answer["url"] = draw(st.sampled_from(("https://example.org/evidence", "http://intranet/x")))
    return answer if len(answer) > 1 else value


def _leaf_value(draw: st.DrawFn, node: Node) -> Any:
    rule = node.rule
    maximum = node_maximum(node)
    if isinstance(rule, BooleanRule):
        return draw(st.booleans())
    if isinstance(rule, LevelsRule):
        return draw(st.sampled_from([level.id for level in rule.levels]))
    if isinstance(rule, BandsRule | LinearRule):
        low, high = _numeric_span(rule)
        if draw(st.booleans()):
            return _dec(draw(st.sampled_from(_candidates(rule))))
        return _dec(_grid(draw, low, high, 16))
    if isinstance(rule, CountRule | DeductionRule):
        most = rule.max_items if rule.max_items is not None else 12
        return Decimal(draw(st.integers(0, most)))
    if isinstance(rule, RatioRule):
        whole = draw(st.integers(1, 40))
        part = draw(st.integers(0, whole))
        written = draw(st.sampled_from(("text", "spaced", "list")))
        if written == "list":
            return [part, whole]
        return f"{part} / {whole}" if written == "spaced" else f"{part}/{whole}"
    assert isinstance(rule, DirectRule)
    return _dec(_grid(draw, F(0), maximum, 8))


def _ratio_counts(value: Any) -> tuple[int, int]:
    """The (part, whole) of a ratio answer as _leaf_value writes it."""
    if isinstance(value, list):
        return int(value[0]), int(value[1])
    part, whole = str(value).split("/")
    return int(part), int(whole)


def _needs(node: Node, value: Any) -> list[str]:
    if isinstance(node.rule, LevelsRule):
        for level in node.rule.levels:
            if level.id == value and level.evidence is not None:
                return list(level.evidence)
    return list(node.evidence)


@st.composite
def answers_for(
    draw: st.DrawFn, rubric: Rubric, *, complete: bool | None = None, na_odds: int = 4
) -> Assessment:
    """An assessment whose answers and facts all fit ``rubric``.

    Every leaf is answered unless ``complete`` is False, or it is None and the rubric scores
    missing answers as zero (then some answers are left out).  Directly scored groups are
    sometimes given a score instead of answers; N/A is used where allowed (one time in
    ``na_odds + 1``); evidence is given in full, in part or not at all.
    """
    spec = rubric.spec
    leave_out = (spec.scoring.missing == "zero") if complete is None else not complete
    waiting = waiting_of(rubric)
    answers: dict[str, Any] = {}
    stack: list[Node] = list(reversed(spec.criteria))
    while stack:
        node = stack.pop()
        if node.children is not None:
            if node.direct and draw(st.integers(0, 3)) == 0:
                top = node_maximum(node, None, waiting) + bonus_maximum(node, None, waiting)
                answers[node.id] = _dec(_grid(draw, F(0), top, 8))
            else:
                stack.extend(reversed(node.children))
            continue
        if node.rule is None or node.rule.kind == "condition" or node.answer_from is not None:
            continue
        if leave_out and draw(st.integers(0, 5)) == 0:
            continue
        if node.na is not None and draw(st.integers(0, na_odds)) == 0:
            answers[node.id] = _with_evidence(
                draw, "na", list(node.na.evidence), draw(st.integers(0, 2)) > 0
            )
            continue
        value = _leaf_value(draw, node)
        needs = _needs(node, value)
        answers[node.id] = _with_evidence(draw, value, needs, draw(st.integers(0, 2)) > 0)
    facts: dict[str, Any] = {}
    for fact in spec.facts:
        if fact.default is not None and draw(st.booleans()):
            continue
        facts[fact.id] = _fact_value(draw, fact.model_dump())
    return Assessment(answers=answers, facts=facts, unit_id="u1", unit_name="Xã Mẫu")


@st.composite
def rubric_and_answers(
    draw: st.DrawFn, *, monotone: bool = False, max_depth: int = 3, max_children: int = 4
) -> tuple[Rubric, Assessment]:
    """A random rubric and an assessment that fits it."""
    rubric = draw(rubrics(monotone=monotone, max_depth=max_depth, max_children=max_children))
    return rubric, draw(answers_for(rubric))


# --- better answers and reordering -------------------------------------------------------------


def _value_of(answer: Any) -> Any:
    return answer["value"] if isinstance(answer, Mapping) else answer


def _better_value(draw: st.DrawFn, node: Node, value: Any) -> Any:
    """A value whose rule gives at least the points ``value`` gives."""
    rule = node.rule
    if isinstance(rule, BooleanRule):
        return True if draw(st.booleans()) else value
    if isinstance(rule, LevelsRule):
        worth = {level.id: F(level.points) for level in rule.levels}
        return draw(st.sampled_from([i for i, p in worth.items() if p >= worth[value]]))
    if isinstance(rule, BandsRule | LinearRule):
        current = F(value)

        def points(v: Fraction) -> Fraction | None:
            if isinstance(rule, BandsRule):
                return _band_points(rule, v)
            return _linear_points(rule, v)

        now = points(current)
        better = [v for v in _candidates(rule) if now is None or (points(v) or F(0)) >= now]
        return _dec(draw(st.sampled_from(better))) if better else value
    if isinstance(rule, CountRule):
        most = rule.max_items if rule.max_items is not None else int(value) + 5
        return Decimal(draw(st.integers(int(value), max(int(value), most))))
    if isinstance(rule, DeductionRule):
        return Decimal(draw(st.integers(0, int(value))))
    if isinstance(rule, RatioRule):  # a larger share: more of the same whole done
        part, whole = _ratio_counts(value)
        return f"{draw(st.integers(part, whole))}/{whole}"
    assert isinstance(rule, DirectRule)
    return _dec(_grid(draw, F(value), node_maximum(node), 4))


@st.composite
def improved(draw: st.DrawFn, rubric: Rubric, assessment: Assessment) -> Assessment:
    """The same assessment with every answer at least as good, and full evidence.

    "Better" is read from the rules alone (more points for the answer), never from the
    evaluator: a boolean becomes true, a level one with at least its points, a number one
    whose band or line gives at least as much, more items counted, fewer deducted, a higher
    direct score.  N/A answers, missing answers and facts are kept as they are.
    """
    nodes = {nid: node for nid, _, node in rubric.iter_nodes()}
    waiting = waiting_of(rubric)
    answers: dict[str, Any] = {}
    for key, answer in assessment.answers.items():
        node = nodes[key]
        value = _value_of(answer)
        if node.children is not None:  # a direct group score
            top = node_maximum(node, None, waiting) + bonus_maximum(node, None, waiting)
            answers[key] = _dec(_grid(draw, F(value), top, 4))
        elif value == "na":
            answers[key] = answer
        else:
            answers[key] = {
                "value": _better_value(draw, node, value),
                "justification": "Biên bản kiểm tra",
                "url": "https://example.org/evidence",
            }
    return Assessment(
        answers=answers,
        facts=dict(assessment.facts),
        unit_id=assessment.unit_id,
        unit_name=assessment.unit_name,
    )


def _shuffle_tree(rng: random.Random, nodes: list[Any]) -> list[Any]:
    out = []
    for node in nodes:
        node = dict(node)
        if node.get("children"):
            children = _shuffle_tree(rng, node["children"])
            if node.get("aggregate", "sum") != "tiered":  # order is the meaning of 'tiered'
                rng.shuffle(children)
            node["children"] = children
        out.append(node)
    return out


@st.composite
def reordered(draw: st.DrawFn, rubric: Rubric) -> Rubric:
    """The same rubric with siblings, facts and gates in another order (tiered groups kept)."""
    rng = draw(st.randoms(use_true_random=False))
    data: dict[str, Any] = rubric.spec.model_dump(by_alias=True, exclude_defaults=True)
    criteria = _shuffle_tree(rng, data["criteria"])
    if data.get("aggregate", "sum") != "tiered":
        rng.shuffle(criteria)
    data["criteria"] = criteria
    for key in ("facts", "gates"):
        if key in data:
            items = list(data[key])
            rng.shuffle(items)
            data[key] = items
    return rubric_from_mapping(data).at(rubric.as_of)  # the same day


@st.composite
def reordered_answers(draw: st.DrawFn, assessment: Assessment) -> Assessment:
    """The same assessment with answers and facts listed in another order."""
    rng = draw(st.randoms(use_true_random=False))
    answers = list(assessment.answers.items())
    facts = list(assessment.facts.items())
    rng.shuffle(answers)
    rng.shuffle(facts)
    return Assessment(
        answers=dict(answers),
        facts=dict(facts),
        unit_id=assessment.unit_id,
        unit_name=assessment.unit_name,
    )


# --- values at the edges ----------------------------------------------------------------------

#: denominators that make shares without a finite decimal form (thirds, sevenths...)
_ODD = (3, 6, 7, 9, 11, 12)
_ULP = F(1, 10**12)  # one unit of the 12th decimal place: rubric numbers have at most 12


def _edge_leaf(draw: st.DrawFn, nid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(("direct", "direct", "linear", "boolean")))
    node: dict[str, Any] = {"id": nid, "title": f"Tiêu chí {nid}"}
    if kind == "direct":
        node["max"] = _dec(F(draw(st.sampled_from((1, 3, 7, 10, 20)))))
        node["rule"] = {"kind": "direct"}
    elif kind == "linear":
        span = draw(st.sampled_from((3, 6, 7, 9)))
        points = draw(st.sampled_from((F(1), F(2), F(5, 2), F(5), F(10))))
        node["rule"] = {
            "kind": "linear",
            "start": {"value": Decimal(0), "points": Decimal(0)},
            "end": {"value": Decimal(span), "points": _dec(points)},
            "range": {"min": Decimal(0), "max": Decimal(span)},
        }
    else:
        node["rule"] = {"kind": "boolean", "points": _dec(draw(st.sampled_from(_POINTS)))}
    if draw(st.integers(0, 2)) == 0:
        node["na"] = {"counts_as": draw(st.sampled_from(("excluded", "excluded", "satisfied")))}
    return node


_POINTS = (F(1), F(5, 2), F(3), F(7))


def _edge_answer(draw: st.DrawFn, node: Mapping[str, Any]) -> Any:
    if "na" in node and draw(st.integers(0, 3)) == 0:
        return "na"
    rule = node["rule"]
    if rule["kind"] == "boolean":
        return draw(st.booleans())
    top = F(node["max"]) if rule["kind"] == "direct" else F(rule["end"]["value"])
    odd = draw(st.sampled_from(_ODD))
    share = F(draw(st.integers(0, odd)), odd)  # k/odd of the way: mostly no finite decimal form
    value = top * share
    return f"{value.numerator}/{value.denominator}" if value.denominator > 1 else str(value)


def _near(draw: st.DrawFn, value: Fraction) -> Fraction:
    """A number of at most 12 places at ``value`` or right next to it (one 12th-place unit)."""
    cut = _rubric_number(value)
    return draw(st.sampled_from((cut, cut + _ULP, cut - _ULP, cut + 2 * _ULP)))


@st.composite
def edge_cases(draw: st.DrawFn, *, units: int = 3) -> tuple[Rubric, list[Assessment]]:
    """A rubric whose groups divide (``scaled`` and ``weighted`` aggregates, N/A rescaling,
    linear rules over 3, 7 or 9 units, answers such as ``20/3``), and a few assessments for
    it.  The tier minimums, gate thresholds and target shares are then placed exactly at, or
    one 12th-place unit off, the values the first assessment and the batch actually reach:
    where a value shown cut to 12 places would contradict the decision if it were rounded."""
    groups = []
    for g in range(draw(st.integers(1, 3))):
        gid = f"g{g + 1}"
        aggregate = draw(st.sampled_from(("sum", "sum", "scaled", "weighted")))
        children = [_edge_leaf(draw, f"{gid}.{i + 1}") for i in range(draw(st.integers(1, 3)))]
        group: dict[str, Any] = {"id": gid, "title": f"Nhóm {gid}", "children": children}
        if aggregate != "sum":
            group["aggregate"] = aggregate
            group["max"] = _dec(F(draw(st.sampled_from((3, 7, 10, 20, 25)))))
        if aggregate == "weighted":
            for i, child in enumerate(children):
                child["weight"] = Decimal(draw(st.integers(0 if i else 1, 5)))
        groups.append(group)
    data: dict[str, Any] = {
        "format": 1,
        "id": "bien",
        "version": "1",
        "title": {"vi": "Bộ tiêu chí sát ngưỡng", "en": "Edge rubric"},
        "language": "vi",
        "criteria": groups,
    }
    if draw(st.booleans()):
        data["aggregate"] = "scaled"
        data["max"] = Decimal(100)
    if draw(st.integers(0, 2)) == 0:
        data["rounding"] = {"percentage": _rounding(draw)}
    leaves = [leaf for group in groups for leaf in group["children"]]
    assessments = [
        Assessment(
            answers={leaf["id"]: _edge_answer(draw, leaf) for leaf in leaves},
            unit_id=f"u{n + 1}",
            unit_name=f"Xã {n + 1}",
        )
        for n in range(draw(st.integers(1, units)))
    ]
    # where the first unit lies, exactly: the thresholds go right there
    first = rubric_from_mapping(data).evaluate(assessments[0], engine="reference")
    top = first.max
    mins = {min(max(_near(draw, first.total), F(0)), top) for _ in range(draw(st.integers(1, 3)))}
    if draw(st.booleans()):
        mins.add(_rubric_number(_grid(draw, F(0), top, 8)))
    data["tiers"] = [
        {"id": f"t{i + 1}", "label": f"{i + 1} sao", "rank": i + 1, "min": _dec(minimum)}
        for i, minimum in enumerate(sorted(mins))
    ]
    gates = []
    scored = [n for n in first.nodes.values() if n.status != "excluded" and n.max > 0]
    for k in range(draw(st.integers(0, 3)) if scored else 0):
        node = draw(st.sampled_from(scored))
        subject = draw(st.sampled_from(("score", "percent")))
        value = node.score if subject == "score" else node.score * 100 / node.max
        top_value = node.max if subject == "score" else F(100)
        op = draw(st.sampled_from(("at_least", "above", "at_most", "below")))
        threshold = min(max(_near(draw, value), F(0)), top_value)
        if (op == "above" and threshold >= top_value) or (op == "below" and threshold <= 0):
            op = "at_least" if op == "above" else "at_most"
        gates.append(
            {
                "id": f"k{k + 1}",
                "title": f"Cổng {k + 1}",
                "require": {subject: node.id, op: _dec(threshold)},
            }
        )
    if gates:
        data["gates"] = gates
    # a target right at the share of units certified (a share such as 2/3 of them)
    rubric = rubric_from_mapping(data)
    certified = sum(rubric.evaluate(a).certified for a in assessments)
    share = F(100 * certified, len(assessments))
    data["targets"] = [
        {"period": str(2024 + i), "share": _dec(min(max(_near(draw, share), F(0)), F(100)))}
        for i in range(draw(st.integers(1, 2)))
    ]
    return rubric_from_mapping(data), assessments
