"""Compile a checked rubric model into plain, fast plan objects.

Evaluation never touches pydantic models: every number is converted to an exact
:class:`~fractions.Fraction` once here, defaults are resolved, and lookups are prepared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from ._literals import parse_bool
from ._maxima import bonus_max, children_max, node_max
from ._numbers import ZERO, RoundingMode, to_fraction
from ._parts import (
    AllOf,
    AnswerIs,
    AnyOf,
    BandsRule,
    BooleanRule,
    Comparison,
    ConditionRule,
    CountRule,
    DeductionRule,
    DirectRule,
    EachChildIs,
    FactIs,
    GroupFields,
    LevelsRule,
    LinearRule,
    Node,
    NotOf,
    PercentIs,
    Rounding,
    RubricSpec,
    ScoreIs,
    ValueRange,
)

if TYPE_CHECKING:
    from .model import Condition

RoundSpec = tuple[int, RoundingMode]
Value = bool | Fraction | str


# --- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Test:
    """One comparison: the subject's value against operators that must all hold."""

    subject: str  # fact | answer | score | percent | each_child_of
    target: str
    operators: tuple[tuple[str, Value | tuple[Value, ...]], ...]
    measure: str = "percent"  # for each_child_of


@dataclass(frozen=True, slots=True)
class Logic:
    op: str  # all | any | not
    items: tuple[CondPlan, ...]


CondPlan = Test | Logic


def _value(v: object) -> Value:
    if isinstance(v, bool | str):
        return v
    return to_fraction(v)  # type: ignore[arg-type]


def _fact_value(kind: str, value: object) -> Value:
    """A fact's default: a boolean fact's ``no`` (text in YAML) read as False."""
    if kind == "boolean" and isinstance(value, str):
        flag = parse_bool(value)
        if flag is not None:
            return flag
    return _value(value)


def _flags_read(cond: CondPlan, flags: set[tuple[str, str]]) -> CondPlan:
    """``cond`` with the text compared to true-or-false subjects (``equals: yes``) read by the
    yes/no spellings every reader uses; anything else (``na``, a typo) stays as written."""
    if isinstance(cond, Logic):
        return Logic(cond.op, tuple(_flags_read(item, flags) for item in cond.items))
    if (cond.subject, cond.target) not in flags:
        return cond

    def read(value: Value) -> Value:
        flag = parse_bool(value) if isinstance(value, str) else None
        return value if flag is None else flag

    operators = tuple(
        (op, tuple(read(v) for v in value) if isinstance(value, tuple) else read(value))
        for op, value in cond.operators
    )
    return Test(cond.subject, cond.target, operators, cond.measure)


def compile_condition(condition: Condition) -> CondPlan:
    if isinstance(condition, AllOf):
        return Logic("all", tuple(compile_condition(c) for c in condition.all_))
    if isinstance(condition, AnyOf):
        return Logic("any", tuple(compile_condition(c) for c in condition.any_))
    if isinstance(condition, NotOf):
        return Logic("not", (compile_condition(condition.not_),))
    return Test(*_subject(condition), _operators(condition), getattr(condition, "measure", ""))


def _subject(c: Comparison) -> tuple[str, str]:
    if isinstance(c, FactIs):
        return "fact", c.fact
    if isinstance(c, AnswerIs):
        return "answer", c.answer
    if isinstance(c, ScoreIs):
        return "score", c.score
    if isinstance(c, PercentIs):
        return "percent", c.percent
    assert isinstance(c, EachChildIs)
    return "each_child_of", c.each_child_of


def _operators(c: Comparison) -> tuple[tuple[str, Value | tuple[Value, ...]], ...]:
    ops: list[tuple[str, Value | tuple[Value, ...]]] = []
    for name in ("equals", "not_equals", "at_least", "at_most", "above", "below"):
        raw = getattr(c, name)
        if raw is not None:
            ops.append((name, _value(raw)))
    if c.in_ is not None:
        ops.append(("in", tuple(_value(v) for v in c.in_)))
    return tuple(ops)


# --- the tree ---------------------------------------------------------------------------------


@dataclass(slots=True)
class LeafPlan:
    id: str
    max: Fraction
    kind: str
    provisional: bool
    round: RoundSpec | None
    na: str | None = None  # None: N/A not allowed; "satisfied" | "excluded"
    na_evidence: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    points: Fraction = ZERO  # boolean, condition
    levels: dict[str, tuple[Fraction, tuple[str, ...]]] = field(default_factory=dict)
    bands: tuple[tuple[Fraction | None, Fraction | None, Fraction], ...] = ()
    min_inclusive: bool = True
    low: Fraction | None = None  # accepted input range
    high: Fraction | None = None
    start: tuple[Fraction, Fraction] = (ZERO, ZERO)  # linear anchors (value, points)
    end: tuple[Fraction, Fraction] = (ZERO, ZERO)
    per_item: Fraction = ZERO  # count, deduction
    base: Fraction = ZERO  # deduction start
    floor: Fraction = ZERO
    max_items: int | None = None
    when: CondPlan | None = None
    answer_from: str | None = None  # id of the leaf whose answer this one reads
    is_group: bool = False


@dataclass(slots=True)
class GroupPlan:
    id: str
    max: Fraction  # base maximum (what base children are capped at)
    bonus_max: Fraction
    children: tuple[NodePlan, ...]
    aggregate: str
    top: int | None
    bonus_cap: Fraction | None
    incomplete_cap: Fraction | None
    round: RoundSpec | None
    direct: bool
    provisional: bool
    weights: tuple[Fraction, ...] = ()
    bonus: tuple[bool, ...] = ()
    is_group: bool = True

    @property
    def full_max(self) -> Fraction:
        return self.max + self.bonus_max


NodePlan = LeafPlan | GroupPlan


@dataclass(slots=True)
class GatePlan:
    id: str
    when: CondPlan
    tiers: frozenset[str] | None
    provisional: bool


@dataclass(slots=True)
class TierPlan:
    id: str
    rank: int
    min: Fraction
    certified: bool
    requires_lower: bool
    provisional: bool


@dataclass(slots=True)
class FactPlan:
    id: str
    type: str
    options: tuple[str, ...]
    default: Value | None


@dataclass(slots=True)
class Plan:
    """Everything evaluation needs, with no pydantic in sight."""

    root: GroupPlan
    nodes: dict[str, NodePlan]  # every node by id, in document order
    parents: dict[str, str]  # child id -> parent id
    facts: dict[str, FactPlan]
    gates: tuple[GatePlan, ...]
    tiers: tuple[TierPlan, ...]
    missing_is_zero: bool
    total_round: RoundSpec | None
    percentage_round: RoundSpec | None
    # answered leaf id -> the leaves that read its answer too (``answer_from``)
    readers: dict[str, tuple[LeafPlan, ...]] = field(default_factory=dict)


def _round(spec: Rounding | None) -> RoundSpec | None:
    return (spec.places, spec.mode) if spec is not None else None


ROOT_ID = "@criteria"


def compile_rubric(rubric: RubricSpec) -> Plan:
    """Build the plan.  The rubric must have passed :func:`tiercert.checks.check`."""
    leaf_round = _round(rubric.rounding.leaves)
    group_round = _round(rubric.rounding.groups)
    nodes: dict[str, NodePlan] = {}
    parents: dict[str, str] = {}

    def build_group(
        gid: str,
        spec: GroupFields,
        children: list[Node],
        rnd: RoundSpec | None,
        direct: bool,
        provisional: bool,
    ) -> GroupPlan:
        built = tuple(build(child, gid) for child in children)
        declared = to_fraction(spec.max) if spec.max is not None else None
        base = declared if declared is not None else (children_max(spec, children) or ZERO)
        return GroupPlan(
            id=gid,
            max=base,
            bonus_max=bonus_max(spec, children),
            children=built,
            aggregate=spec.aggregate,
            top=spec.top,
            bonus_cap=to_fraction(spec.bonus_cap) if spec.bonus_cap is not None else None,
            incomplete_cap=(
                to_fraction(spec.incomplete_cap) if spec.incomplete_cap is not None else None
            ),
            round=rnd,
            direct=direct,
            provisional=provisional,
            weights=tuple(to_fraction(c.weight or 0) for c in children),
            bonus=tuple(c.bonus for c in children),
        )

    def build(node: Node, parent: str) -> NodePlan:
        parents[node.id] = parent
        plan: NodePlan
        if node.children is not None:
            plan = build_group(
                node.id,
                node,
                node.children,
                _round(node.round) or group_round,
                node.direct,
                node.provisional,
            )
        else:
            plan = _leaf(node, _round(node.round) or leaf_round)
        nodes[node.id] = plan
        return plan

    # the rubric's own 'round' rounds the sum of the criteria, like any group's
    root = build_group(ROOT_ID, rubric, rubric.criteria, _round(rubric.round), False, False)
    # document order: build() registers children before parents, so re-walk for order
    ordered: dict[str, NodePlan] = {}
    stack: list[NodePlan] = list(reversed(root.children))
    while stack:
        current = stack.pop()
        ordered[current.id] = current
        if isinstance(current, GroupPlan):
            stack.extend(reversed(current.children))
    readers: dict[str, list[LeafPlan]] = {}
    for node in ordered.values():
        if isinstance(node, LeafPlan) and node.answer_from is not None:
            readers.setdefault(node.answer_from, []).append(node)
    # what is true or false: 'equals: yes' on these means True (YAML reads 'yes' as text)
    flags = {("fact", f.id) for f in rubric.facts if f.type == "boolean"}
    for node in ordered.values():
        if isinstance(node, LeafPlan):
            source = ordered.get(node.answer_from or node.id, node)
            if isinstance(source, LeafPlan) and source.kind == "boolean":
                flags.add(("answer", node.id))
    for node in ordered.values():
        if isinstance(node, LeafPlan) and node.when is not None:
            node.when = _flags_read(node.when, flags)
    return Plan(
        root=root,
        nodes=ordered,
        parents=parents,
        facts={
            f.id: FactPlan(
                f.id,
                f.type,
                tuple(f.options or ()),
                _fact_value(f.type, f.default) if f.default is not None else None,
            )
            for f in rubric.facts
        },
        gates=tuple(
            GatePlan(
                g.id,
                _flags_read(compile_condition(g.require), flags),
                frozenset(g.tiers) if g.tiers is not None else None,
                g.provisional,
            )
            for g in rubric.gates
        ),
        tiers=tuple(
            TierPlan(t.id, t.rank, to_fraction(t.min), t.certified, t.requires_lower, t.provisional)
            for t in sorted(rubric.tiers, key=lambda t: t.rank)
        ),
        missing_is_zero=rubric.scoring.missing == "zero",
        total_round=_round(rubric.rounding.total),
        percentage_round=_round(rubric.rounding.percentage),
        readers={key: tuple(value) for key, value in readers.items()},
    )


def _leaf(node: Node, rnd: RoundSpec | None) -> LeafPlan:
    rule = node.rule
    assert rule is not None
    maximum = node_max(node) or ZERO
    plan = LeafPlan(
        id=node.id,
        max=maximum,
        kind=rule.kind,
        provisional=node.provisional,
        round=rnd,
        na=node.na.counts_as if node.na is not None else None,
        na_evidence=tuple(node.na.evidence) if node.na is not None else (),
        evidence=tuple(node.evidence),
        answer_from=node.answer_from,
    )
    if isinstance(rule, BooleanRule | ConditionRule):
        plan.points = to_fraction(rule.points)
        if isinstance(rule, ConditionRule):
            plan.when = compile_condition(rule.when)
    elif isinstance(rule, LevelsRule):
        plan.levels = {
            lv.id: (
                to_fraction(lv.points),
                tuple(lv.evidence) if lv.evidence is not None else plan.evidence,
            )
            for lv in rule.levels
        }
    elif isinstance(rule, BandsRule):
        plan.bands = tuple(
            (
                to_fraction(b.min) if b.min is not None else None,
                to_fraction(b.max) if b.max is not None else None,
                to_fraction(b.points),
            )
            for b in rule.bands
        )
        plan.min_inclusive = rule.edges == "min_inclusive"
        first, last = plan.bands[0][0], plan.bands[-1][1]
        plan.low, plan.high = _range(rule.range, first, last)
    elif isinstance(rule, LinearRule):
        plan.start = (to_fraction(rule.start.value), to_fraction(rule.start.points))
        plan.end = (to_fraction(rule.end.value), to_fraction(rule.end.points))
        plan.low, plan.high = _range(rule.range, None, None)
    elif isinstance(rule, CountRule | DeductionRule):
        plan.per_item = to_fraction(rule.per_item)
        plan.max_items = rule.max_items
        if isinstance(rule, DeductionRule):
            plan.base = to_fraction(rule.start) if rule.start is not None else maximum
            plan.floor = to_fraction(rule.floor)
    else:
        assert isinstance(rule, DirectRule)
        plan.low, plan.high = ZERO, maximum
    return plan


def _range(
    declared: ValueRange | None, low: Fraction | None, high: Fraction | None
) -> tuple[Fraction | None, Fraction | None]:
    if declared is not None:
        if declared.min is not None:
            low = to_fraction(declared.min)
        if declared.max is not None:
            high = to_fraction(declared.max)
    return low, high
