"""An independent scorer: what a result must say, worked out from docs/concepts.md and
docs/authoring.md with plain Fraction arithmetic, and none of the engine's helpers.

The evaluators share their maxima (``tiercert._maxima``), aggregates, caps, rounding and
tier decision, so comparing one with the other cannot catch a mistake in what they share,
and a property test whose expected value comes from ``node_max`` or ``round_to`` cannot catch
a mistake in them.  This module is the other opinion, written again from the documentation.

It takes each leaf's points from the result (a leaf's rule is held to hand-written examples
in tests/engine) and works out everything above the leaves: every maximum, every group's
score (``sum``, ``scaled``, ``weighted``, ``tiered``, ``top``, bonus and ``bonus_cap``, N/A
left out and the rest rescaled, ``incomplete_cap``, ``round``), the total, the percentage,
the tier, the next tier and the provisional tiers.  Which gates passed, and the total a
failed gate on the total needs, are taken from the result too (conditions have their own
tests), but which gates are not applied yet, and which criteria do not count yet
(docs/versions.md, "Criteria with a life cycle"), it works out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from tiercert import Result, Rubric

F = Fraction


def round_plainly(value: Fraction, places: int, mode: str) -> Fraction:
    """``value`` rounded to ``places`` decimal places as the rounding table of concepts.md
    says, with math.floor and math.ceil on the magnitude."""
    unit = F(10) ** -places
    steps = abs(value) / unit  # how many units of the last place kept
    if mode == "down":
        whole = math.floor(steps)
    elif mode == "up":
        whole = math.ceil(steps)
    elif mode == "half_up":
        whole = math.floor(steps + F(1, 2))
    elif mode == "half_even":
        whole = math.floor(steps)
        if steps - whole > F(1, 2) or (steps - whole == F(1, 2) and whole % 2 == 1):
            whole += 1
    else:
        raise AssertionError(mode)
    return (whole if value >= 0 else -whole) * unit


def _rounded(value: Fraction, spec: Any) -> Fraction:
    if spec is None:
        return value
    return round_plainly(value, spec.places, str(getattr(spec.mode, "value", spec.mode)))


def _f(number: Any) -> Fraction:
    return F(str(number))


def rule_best(rule: Any) -> Fraction | None:
    """The most a rule gives (concepts.md, "Rules"); None when only the node's max says."""
    kind = rule.kind
    if kind in ("boolean", "condition"):
        return _f(rule.points)
    if kind == "ratio":
        return max(_f(rule.points), _f(rule.floor or 0))
    if kind == "levels":
        return max(_f(level.points) for level in rule.levels)
    if kind == "bands":
        return max(_f(band.points) for band in rule.bands)
    if kind == "linear":
        return max(_f(rule.start.points), _f(rule.end.points))
    if kind == "count":
        return _f(rule.per_item) * rule.max_items if rule.max_items is not None else None
    if kind == "deduction":
        return _f(rule.start) if rule.start is not None else None
    if kind == "direct":
        return None
    raise AssertionError(f"the oracle does not know the rule kind {kind!r}")


def node_maximum(
    node: Any, children: list[Any] | None = None, waiting: Collection[str] = ()
) -> Fraction:
    """A criterion's maximum (concepts.md, "The criteria tree"): its ``max``, else a leaf's
    rule's best, a group's base children's maxima added (the best ``top`` of them), but for
    those in ``waiting`` (future criteria not counted yet).  ``children`` for the rubric's top
    level, whose children are its ``criteria``."""
    children = node.children if children is None else children
    if node.max is not None:
        return _f(node.max)
    if children is None:
        return rule_best(node.rule) or F(0)
    best = sorted(
        (node_maximum(c, None, waiting) for c in children if _base(c) and c.id not in waiting),
        reverse=True,
    )
    return sum(best[: node.top] if node.top is not None else best, F(0))


def _version(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-z]+", text.lower()))


def counts(counts_from: str, version: str, as_of: date | None) -> bool:
    """Whether a future criterion counts (versions.md): a date reached by the day scored for,
    a version reached by the rubric's (the strategies write versions of numbers only)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", counts_from):
        return as_of is not None and as_of >= date.fromisoformat(counts_from)
    return _version(version) >= _version(counts_from)


def waiting_of(rubric: Rubric) -> set[str]:
    """The future criteria of ``rubric`` that do not count yet (on the day it scores for)."""
    found = set()
    stack = list(rubric.spec.criteria)
    while stack:
        node = stack.pop()
        stack.extend(node.children or [])
        if node.status == "future" and not counts(
            str(node.counts_from), rubric.spec.version, rubric.as_of
        ):
            found.add(node.id)
    return found


def _penalty(node: Any) -> bool:
    """A penalty child (authoring.md, "Penalties after the cap")."""
    return bool(getattr(node, "penalty", False))


def _base(node: Any) -> bool:
    """A child whose points count towards its parent's maximum: neither bonus nor penalty."""
    return not node.bonus and not _penalty(node)


def bonus_maximum(
    group: Any, children: list[Any] | None = None, waiting: Collection[str] = ()
) -> Fraction:
    """What a group's bonus children add at most (concepts.md, "Bonus points")."""
    children = group.children if children is None else children
    # a bonus group adds up to its maximum and its own bonus children's bonus (its score can)
    bonus = sum(
        (
            node_maximum(c, None, waiting)
            + (bonus_maximum(c, None, waiting) if c.children is not None else F(0))
            for c in children or []
            if c.bonus and c.id not in waiting
        ),
        F(0),
    )
    return min(bonus, _f(group.bonus_cap)) if group.bonus_cap is not None else bonus


@dataclass
class Expected:
    """What the result must say."""

    maxima: dict[str, Fraction] = field(default_factory=dict)  # every node's base maximum
    full: dict[str, Fraction] = field(default_factory=dict)  # a group's, bonus included
    scores: dict[str, Fraction] = field(default_factory=dict)  # groups not scored directly
    excluded: set[str] = field(default_factory=set)  # groups left out (all children N/A)
    total: Fraction = Fraction(0)
    max: Fraction = Fraction(0)
    bonus_max: Fraction = Fraction(0)
    percentage: Fraction = Fraction(0)
    tier: str | None = None
    next_tier: str | None = None
    points_needed: Fraction | None = None
    provisional_tiers: set[str] = field(default_factory=set)
    not_counted: set[str] = field(default_factory=set)  # criteria not counted, and below them
    counts_from: dict[str, str] = field(default_factory=dict)  # as results show it
    waiting_gates: set[str] = field(default_factory=set)  # gates not applied yet


class _Oracle:
    def __init__(self, rubric: Rubric, result: Result) -> None:
        self.spec = rubric.spec
        self.result = result
        self.out = Expected()
        self.waiting = waiting_of(rubric)

    def maximum(self, node: Any) -> Fraction:
        found = self.out.maxima[node.id] = node_maximum(node, None, self.waiting)
        return found

    def group_max(self, group: Any, children: list[Any]) -> tuple[Fraction, Fraction]:
        for child in children:
            self.maximum(child)
            if child.children is not None:  # every group's, also below a direct score
                self.group_max(child, child.children)
        base = node_maximum(group, children, self.waiting)
        bonus = bonus_maximum(group, children, self.waiting)
        if group is not self.spec:
            self.out.full[group.id] = base + bonus
        return base, bonus

    # scores

    def score(self, node: Any, group_round: Any, leaf_round: Any) -> Fraction | None:
        """A node's points, or None when it is left out (N/A)."""
        found = self.result.nodes[node.id]
        if node.children is None or found.status == "direct":
            return None if found.status == "excluded" else F(found.score)
        own = node.round if node.round is not None else group_round
        score = self.group(node, node.children, own, group_round, leaf_round)
        if score is None:
            self.out.excluded.add(node.id)
        else:
            self.out.scores[node.id] = score
        return score

    def group(
        self, group: Any, children: list[Any], own: Any, group_round: Any, leaf_round: Any
    ) -> Fraction | None:
        maximum, bonus_max = self.group_max(group, children)
        kept: list[tuple[Any, Fraction]] = []  # (child, score) of the base children counted
        bonus = penalty = F(0)
        for child in children:
            points = self.score(child, group_round, leaf_round)
            if points is None or child.id in self.waiting:  # a future one: not counted yet
                continue
            if child.bonus:
                bonus += points
            elif _penalty(child):
                penalty += points
            else:
                kept.append((child, points))
        base_count = sum(1 for c in children if _base(c) and c.id not in self.waiting)
        if base_count and not kept:
            return None  # every base child left out: so is the group, its bonus with it
        raw = self.combine(group, kept, maximum, left_out=len(kept) < base_count)
        raw = min(raw, maximum)
        complete = all(points >= self.out.maxima[c.id] for c, points in kept)
        if group.incomplete_cap is not None and not complete:
            raw = min(raw, _f(group.incomplete_cap))
        if group.bonus_cap is not None:
            bonus = min(bonus, _f(group.bonus_cap))
        # penalties are taken after the caps, never below 0 (authoring.md)
        if getattr(group, "penalty_cap", None) is not None:
            penalty = min(penalty, _f(group.penalty_cap))
        positive = max(raw + bonus - penalty, F(0))
        return min(_rounded(positive, own), maximum + bonus_max)

    def combine(
        self, group: Any, kept: list[tuple[Any, Fraction]], maximum: Fraction, *, left_out: bool
    ) -> Fraction:
        aggregate = group.aggregate
        maxima = [self.out.maxima[c.id] for c, _ in kept]
        points = [p for _, p in kept]
        if aggregate == "scaled":  # the share of what they could reach, times max
            reach = sum(maxima, F(0))
            return maximum * sum(points, F(0)) / reach if reach else F(0)
        if aggregate == "weighted":  # the weighted mean of the shares, times max
            shares = [
                (_f(c.weight or 0), p / m) for (c, p), m in zip(kept, maxima, strict=True) if m > 0
            ]
            weight = sum((w for w, _ in shares), F(0))
            return maximum * sum((w * s for w, s in shares), F(0)) / weight if weight else F(0)
        if aggregate == "tiered":  # in order, stopping after the first incomplete child
            raw = F(0)
            for p, m in zip(points, maxima, strict=True):
                raw += p
                if p < m:  # (a child group's bonus may take it past its maximum)
                    break
        elif aggregate == "sum":  # the best `top` children, added
            counted = sorted(points, reverse=True)
            raw = sum(counted[: group.top] if group.top is not None else counted, F(0))
        else:
            raise AssertionError(f"the oracle does not know the aggregate {aggregate!r}")
        if left_out:  # N/A children left out: the rest fill the group's maximum
            best = sorted(maxima, reverse=True)
            reach = sum(best[: group.top] if group.top is not None else best, F(0))
            raw = raw * maximum / reach if reach else F(0)
        return raw

    # the verdict

    def lifecycle(self, nodes: list[Any], above: tuple[bool, str] | None) -> None:
        """Which criteria are future or below one: whether they count, and from when."""
        for node in nodes:
            here = above
            if node.status == "future":
                counted = node.id not in self.waiting and (above is None or above[0])
                here = (counted, node.counts_from)
            if here is not None:
                self.out.counts_from[node.id] = here[1]
                if not here[0]:
                    self.out.not_counted.add(node.id)
            self.lifecycle(node.children or [], here)

    def reads(self, condition: Any) -> set[str]:
        """The criteria a gate's condition reads (authoring.md, "Gates")."""
        found: set[str] = set()
        for key in ("all", "any"):
            for item in getattr(condition, key + "_", None) or []:
                found |= self.reads(item)
        inner = getattr(condition, "not_", None)
        if inner is not None:
            found |= self.reads(inner)
        for key in ("answer", "score", "percent"):
            target = getattr(condition, key, None)
            if isinstance(target, str):
                found.add(target)
        group = getattr(condition, "each_child_of", None)
        if group is not None:
            children = self.spec.criteria if group == "@criteria" else None
            for node, _, _ in _walk(self.spec.criteria):
                if node.id == group:
                    children = node.children
            # the criteria of the group's maximum that count: bonus and penalty children, and
            # future ones waiting to count, are not compared
            compared = [c for c in children or [] if not (c.bonus or c.penalty)]
            found |= {c.id for c in compared if c.id not in self.waiting}
        return found

    def total_edges(self, maximum: Fraction) -> list[Fraction]:
        """The percentages of the maximum the gates compare the total with (numbers only)."""
        found: list[Fraction] = []

        def walk(condition: Any) -> None:
            for key in ("all_", "any_"):
                for item in getattr(condition, key, None) or []:
                    walk(item)
            inner = getattr(condition, "not_", None)
            if inner is not None:
                walk(inner)
            for key in ("score", "percent"):
                if getattr(condition, key, None) != "@criteria":
                    continue
                values = [getattr(condition, op) for op in _ORDERS]
                values += list(getattr(condition, "in_", None) or [])
                for value in values:
                    if value is None or isinstance(value, bool | str) or hasattr(value, "fact"):
                        continue
                    found.append(_f(value) if key == "percent" else _f(value) * 100 / maximum)

        for gate in self.spec.gates:
            walk(gate.require)
        return found

    def run(self) -> Expected:
        spec, out, result = self.spec, self.out, self.result
        self.lifecycle(spec.criteria, None)
        out.waiting_gates = {g.id for g in spec.gates if self.reads(g.require) & out.not_counted}
        rounding = spec.rounding
        out.max, out.bonus_max = self.group_max(spec, spec.criteria)
        raw = self.group(spec, spec.criteria, spec.round, rounding.groups, rounding.leaves)
        total = _rounded(raw or F(0), rounding.total)
        out.total = min(total, out.max + out.bonus_max)
        tiers = sorted(spec.tiers, key=lambda t: t.rank)
        exact = out.total * 100 / out.max if out.max else F(0)
        shown = _rounded(exact, rounding.percentage)
        edges = [_f(t.min) * 100 / out.max for t in tiers] if out.max else []
        crosses = any((exact >= edge) != (shown >= edge) for edge in edges)
        # nor across, or onto, a number a gate compares the total with (authoring.md, Gates)
        near = self.total_edges(out.max) if out.max else []
        crosses = crosses or any(
            (exact >= edge) != (shown >= edge) or (exact <= edge) != (shown <= edge)
            for edge in near
        )
        out.percentage = exact if crosses else shown
        failed = {g.id for g in result.gates if not g.passed} - out.waiting_gates
        gates: dict[str, list[str] | None] = {g.id: g.tiers for g in spec.gates}

        def blocked(tier: Any) -> bool:
            return any(tier.id in (gates[g] or [tier.id]) for g in failed)

        reached, lower_reached = None, True
        for tier in tiers:
            ok = out.total >= _f(tier.min) and not blocked(tier)
            ok = ok and (lower_reached or not tier.requires_lower)
            if ok:
                reached = tier
            lower_reached = ok
        out.tier = reached.id if reached is not None else None
        above = [t for t in tiers if reached is None or t.rank > reached.rank]
        following = above[0] if above else None
        if following is not None:
            out.next_tier = following.id
            # up to its minimum, or to the higher total a failed gate of that tier needs of
            # this unit (results.md, "Next tier and gates"; the gate's total is the result's)
            needed = max(
                [
                    _f(following.min),
                    *(
                        g.total_needed
                        for g in result.gates
                        if g.id in failed
                        and g.total_needed is not None
                        and following.id in (gates[g.id] or [following.id])
                    ),
                ]
            )
            out.points_needed = max(F(0), needed - out.total)
        out.provisional_tiers = {
            t.id for t in (reached, following) if t is not None and t.provisional
        }
        return out


#: the operators a comparison compares a number with
_ORDERS = ("equals", "not_equals", "at_least", "at_most", "above", "below")


def _walk(nodes: list[Any]) -> list[tuple[Any, None, None]]:
    found = []
    for node in nodes:
        found.append((node, None, None))
        found += _walk(node.children or [])
    return found


def expected(rubric: Rubric, result: Result) -> Expected:
    """What ``result`` (of ``rubric``) must say above its leaves, worked out independently."""
    return _Oracle(rubric, result).run()


def check(rubric: Rubric, result: Result) -> None:
    """Assert that ``result`` says what the oracle works out."""
    want = expected(rubric, result)
    for nid, maximum in want.maxima.items():
        node = result.nodes.get(nid)
        if node is not None:  # a group's result shows its maximum with its bonus
            assert node.max == want.full.get(nid, maximum), (nid, node.max, maximum)
    for nid, score in want.scores.items():
        assert result.nodes[nid].score == score, (nid, result.nodes[nid].score, score)
        assert result.nodes[nid].status == "computed", nid
    for nid in want.excluded:
        assert result.nodes[nid].status == "excluded", nid
    assert (result.total, result.max, result.bonus_max) == (
        want.total,
        want.max,
        want.bonus_max,
    )
    assert result.percentage == want.percentage, (result.percentage, want.percentage)
    assert (result.tier.id if result.tier else None) == want.tier
    if want.next_tier is None:
        assert result.next_tier is None
    else:
        assert result.next_tier is not None
        assert result.next_tier.tier.id == want.next_tier
        assert result.next_tier.points_needed == want.points_needed
    tier_ids = {t.id for t in rubric.spec.tiers}
    assert {p for p in result.provisional if p in tier_ids} == want.provisional_tiers
    for nid, node in result.nodes.items():
        assert node.counted == (nid not in want.not_counted), nid
        assert node.counts_from == want.counts_from.get(nid), nid
    assert result.as_of == rubric.as_of
    for gate in result.gates:
        assert gate.counted == (gate.id not in want.waiting_gates), gate.id
        if not gate.counted:
            assert gate.passed, gate.id
            assert not gate.failures, gate.id
