"""Compile a checked rubric model into plain, fast plan objects.

Evaluation never touches pydantic models: every number is converted to an exact
:class:`~fractions.Fraction` once here, defaults are resolved, and lookups are prepared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ._evidence import DEFAULT_RULES, EvidenceRules, rules_of
from ._kinds import ROOT_ID, AggregateKind, ConditionKind, FactType, RuleKind, Value
from ._lifecycle import lifecycle
from ._literals import parse_bool
from ._maxima import bonus_max, children_max, node_max
from ._numbers import ZERO, RoundingMode, to_fraction
from ._parts import (
    GroupFields,
    Node,
    Rounding,
    RubricSpec,
)
from ._records import Record, field
from ._renamed import taken_over
from ._tree import walk
from .aggregates import AGGREGATES
from .conditions import kind_of
from .conditions._compare import Operator
from .conditions._total import total_edges
from .rules import RULES

if TYPE_CHECKING:
    from .model import Condition

RoundSpec = tuple[int, RoundingMode]
#: what N/A counts as, when a criterion allows it
NaMode = Literal["satisfied", "excluded"]


# --- conditions -------------------------------------------------------------------------------


class Test(Record, frozen=True):
    """One comparison: the value its kind reads for ``target``, against operators that must all
    hold."""

    kind: ConditionKind[Any]
    target: str
    operators: tuple[tuple[Operator, Value | tuple[Value, ...]], ...]
    measure: Literal["score", "percent"] = "percent"  # for each_child_of

    @property
    def subject(self) -> str:
        """What is compared, as results say it: ``fact``, ``score``..."""
        return self.kind.key


class Logic(Record, frozen=True):
    """Conditions combined (``all``, ``any``, ``not``)."""

    kind: ConditionKind[Any]
    items: tuple[CondPlan, ...]

    @property
    def op(self) -> str:
        return self.kind.key


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
        return Logic(cond.kind, tuple(_flags_read(item, flags) for item in cond.items))
    if (cond.subject, cond.target) not in flags:
        return cond

    def read(value: Value) -> Value:
        flag = parse_bool(value) if isinstance(value, str) else None
        return value if flag is None else flag

    operators = tuple(
        (op, tuple(read(v) for v in value) if isinstance(value, tuple) else read(value))
        for op, value in cond.operators
    )
    return Test(cond.kind, cond.target, operators, cond.measure)


def compile_condition(condition: Condition) -> CondPlan:
    """The plan of a condition, as its kind compiles it."""
    kind = kind_of(condition)
    assert kind is not None, condition
    return kind.compile(condition, compile_condition)


# --- the tree ---------------------------------------------------------------------------------


@dataclass(slots=True)
class LeafPlan:
    """A criterion scored by its rule: what every kind shares, and the kind's own ``params``."""

    id: str
    max: Fraction
    kind: RuleKind[Any, Any]  # its rule kind's registration: reads and scores its answers
    params: Any  # the rule's parameters, as its kind compiled them
    provisional: bool
    round: RoundSpec | None
    na: NaMode | None = None  # None: N/A not allowed
    na_evidence: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    when: CondPlan | None = None  # the condition a computed rule reads
    answer_from: str | None = None  # id of the leaf whose answer this one reads
    evidence_rules: EvidenceRules = DEFAULT_RULES  # what makes its evidence count
    is_group: bool = False
    # its rule's range admits a thousands reading of text like 1.500 (1500): the compiled
    # evaluator hands such text to the reference (``rules._answers.thousands_problem``)
    grouped: bool = False

    @property
    def answered(self) -> bool:
        """Whether an assessment answers this leaf itself (not computed, not shared)."""
        return not self.kind.computed and self.answer_from is None


@dataclass(slots=True)
class GroupPlan:
    id: str
    max: Fraction  # base maximum (what base children are capped at)
    bonus_max: Fraction
    children: tuple[NodePlan, ...]
    aggregate: AggregateKind
    top: int | None
    bonus_cap: Fraction | None
    incomplete_cap: Fraction | None
    round: RoundSpec | None
    direct: bool
    provisional: bool
    weights: tuple[Fraction, ...] = ()
    bonus: tuple[bool, ...] = ()
    penalty: tuple[bool, ...] = ()  # children whose points are taken after the cap
    penalty_cap: Fraction | None = None
    # children that are future criteria not counting yet: scored, then left out entirely
    waiting: tuple[bool, ...] = ()
    is_group: bool = True
    #: the base maximum and the bonus: the most the group scores (what its score is capped
    #: at), worked out once per plan, not at each of the reads of every scoring (a programme's
    #: stage rows read it about 40 times a unit)
    full_max: Fraction = dataclasses.field(init=False, repr=False, compare=False)
    #: of a plan's root: the answerable leaves below each of its groups, by group id, worked
    #: out when missing answers are first told group by group (``_unanswered``), and freed
    #: with the plan
    answered_below: dict[str, tuple[str, ...]] | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )

    #: the children that are neither bonus nor penalty, nor waiting to count: those its
    #: maximum, aggregate and N/A are about
    base_children: tuple[NodePlan, ...] = dataclasses.field(init=False, repr=False, compare=False)
    #: what may keep it from counting all of its children's points (:func:`_cuts`); None:
    #: nothing, and its results say nothing of it (``_reference.tell_counted``)
    cuts: Cuts | None = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.full_max = _full_max(self)
        roles = zip(self.children, self.bonus, self.penalty, self.waiting, strict=True)
        self.base_children = tuple(child for child, *role in roles if not any(role))
        self.cuts = _cuts(self)

    @property
    def base_count(self) -> int:
        """How many children are neither bonus nor penalty, nor waiting to count."""
        return len(self.base_children)

    @property
    def has_penalties(self) -> bool:
        return any(self.penalty)


def _full_max(group: GroupPlan) -> Fraction:
    """:attr:`GroupPlan.full_max`, worked out."""
    return group.max + group.bonus_max


class Cuts(NamedTuple):
    """What may keep a group from counting all of its children's points, known from the plan
    alone, so that a result tells what counted only where something may not have."""

    #: some base children's points may not all count: the aggregate picks (``top`` below the
    #: number of base children, a ladder) or a cap may take points off (``caps``)
    base: bool
    #: the maximum or ``incomplete_cap`` may take points off the base children's, in their
    #: own points (not a scaled or weighted group's: its cap is on its own scale)
    caps: bool
    #: the bonus cap may keep part of the bonus children's points
    bonus: bool
    #: every base child may be left out as not applicable, and the group (the total) with
    #: them, while a bonus child may score: its bonus children then count nothing
    left_out: bool = False


def _cuts(group: GroupPlan) -> Cuts | None:
    """:attr:`GroupPlan.cuts`, worked out: None when the group always counts all of its
    children's points."""
    base_children = group.base_children
    base = sorted((_most(c) for c in base_children), reverse=True)
    chooses = group.aggregate.ladder or (group.top is not None and group.top < len(base))
    reach = sum(base[: group.top] if group.top is not None else base, ZERO)
    caps = not group.aggregate.normalised and (
        group.incomplete_cap is not None or reach > group.max
    )
    roles = zip(group.children, group.bonus, group.waiting, strict=True)
    extra = sum((_most(c) for c, bonus, waiting in roles if bonus and not waiting), ZERO)
    bonus = group.bonus_cap is not None and extra > group.bonus_cap
    left_out = extra > 0 and bool(base_children) and all(map(may_be_left_out, base_children))
    if not (chooses or caps or bonus or left_out):
        return None
    return Cuts(chooses or caps, caps, bonus, left_out)


def may_be_left_out(node: NodePlan) -> bool:
    """Whether N/A may leave ``node`` out (its result ``excluded``): a leaf allowing N/A as
    ``excluded`` whose rule reads an answer (a computed one is never N/A), a group whose
    base children may all be left out (what the compiled evaluator's ``may_exclude`` says)."""
    if isinstance(node, LeafPlan):
        return node.na == "excluded" and not node.kind.computed
    base = node.base_children
    return bool(base) and all(map(may_be_left_out, base))


def _most(node: NodePlan) -> Fraction:
    """The most points ``node`` scores (a group's bonus included)."""
    return node.full_max if isinstance(node, GroupPlan) else node.max


NodePlan = LeafPlan | GroupPlan


def _children(node: NodePlan) -> tuple[NodePlan, ...]:
    return node.children if isinstance(node, GroupPlan) else ()


def descendants(group: GroupPlan) -> Iterator[NodePlan]:
    """Every node below ``group``, in document order."""
    return walk(group.children, _children)


def answerable(group: GroupPlan, direct: Collection[str] = ()) -> list[LeafPlan]:
    """The leaves below ``group`` an assessment answers, in document order: not computed, not
    reading another's answer, not under a group in ``direct`` (scored directly)."""
    return [
        node
        for node in walk(group.children, _children, into=lambda n: n.id not in direct)
        if isinstance(node, LeafPlan) and node.answered
    ]


class GatePlan(Record):
    id: str
    when: CondPlan
    tiers: frozenset[str] | None
    provisional: bool
    listed: tuple[str, ...] | None = None  # ``tiers`` as the rubric lists them (results show this)


class TierPlan(Record):
    id: str
    rank: int
    min: Fraction
    certified: bool
    requires_lower: bool
    provisional: bool


class FactPlan(Record):
    id: str
    type: FactType
    options: tuple[str, ...]
    default: Value | None


class Plan(Record):
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
    evidence_rules: EvidenceRules = DEFAULT_RULES  # the rubric's own
    #: the day scoring is done for (``as_of``), when one was given
    as_of: date | None = None
    #: every criterion that is future or lies under a future one: (counts, its counts_from)
    future: dict[str, tuple[bool, str]] = field(default_factory=dict)
    #: gates not applied: they read a criterion that does not count yet (in rubric order)
    waiting_gates: tuple[GatePlan, ...] = ()
    #: the percentages of the maximum a gate compares the total with (``score: "@criteria"``,
    #: ``percent: "@criteria"``, constants): the shown percentage is never rounded across one
    total_edges: tuple[Fraction, ...] = ()
    #: each id an earlier version gave a criterion -> the criteria that took it over
    #: (``renamed_from``, ``split_from``, ``replaces``): what every reader says of that id
    earlier: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _round(spec: Rounding | None) -> RoundSpec | None:
    return (spec.places, spec.mode) if spec is not None else None


def compile_rubric(rubric: RubricSpec, as_of: date | None = None) -> Plan:
    """Build the plan for scoring on the day ``as_of`` (None: no day given, so future criteria
    counting from a date do not count).  The rubric must have passed
    :func:`tiercert.checks.check`."""
    cycle = lifecycle(rubric.criteria, rubric.version, as_of)
    waiting = cycle.waiting
    leaf_round = _round(rubric.rounding.leaves)
    rubric_rules = rules_of(rubric.evidence_rules)
    group_round = _round(rubric.rounding.groups)
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
        base = declared if declared is not None else (children_max(spec, children, waiting) or ZERO)
        return GroupPlan(
            id=gid,
            max=base,
            bonus_max=bonus_max(spec, children, waiting),
            children=built,
            aggregate=AGGREGATES[spec.aggregate],
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
            penalty=tuple(c.penalty for c in children),
            penalty_cap=to_fraction(spec.penalty_cap) if spec.penalty_cap is not None else None,
            waiting=tuple(c.id in waiting for c in children),
        )

    specs: list[Node] = []

    def build(node: Node, parent: str) -> NodePlan:
        parents[node.id] = parent
        specs.append(node)
        if node.children is not None:
            return build_group(
                node.id,
                node,
                node.children,
                _round(node.round) or group_round,
                node.direct,
                node.provisional,
            )
        return _leaf(node, _round(node.round) or leaf_round, rubric_rules, rubric.language)

    # the rubric's own 'round' rounds the sum of the criteria, like any group's
    root = build_group(ROOT_ID, rubric, rubric.criteria, _round(rubric.round), False, False)
    # every node by id, in document order (a group before its children)
    ordered = {node.id: node for node in descendants(root)}
    readers: dict[str, list[LeafPlan]] = {}
    for node in ordered.values():
        if isinstance(node, LeafPlan) and node.answer_from is not None:
            readers.setdefault(node.answer_from, []).append(node)
    # what is true or false: 'equals: yes' on these means True (YAML reads 'yes' as text)
    flags = {("fact", f.id) for f in rubric.facts if f.type == "boolean"}
    for node in ordered.values():
        # a criterion reading another's answer has its rule kind (the checks refuse any
        # other: answer_from.kind), so its own kind says whether the answer is yes/no
        if isinstance(node, LeafPlan) and node.kind.answer == "flag":
            flags.add(("answer", node.id))
    for node in ordered.values():
        if isinstance(node, LeafPlan) and node.when is not None:
            node.when = _flags_read(node.when, flags)
    plan = Plan(
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
                tuple(dict.fromkeys(g.tiers)) if g.tiers is not None else None,
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
        evidence_rules=rubric_rules,
        as_of=as_of,
        future=dict(cycle.future),
        earlier=taken_over(specs),
    )
    plan.total_edges = total_edges(plan.gates, root.max)
    uncounted = {node_id for node_id, (counts, _) in cycle.future.items() if not counts}
    if uncounted:
        applied = tuple(g for g in plan.gates if not uncounted & reads(g.when, plan))
        plan.waiting_gates = tuple(g for g in plan.gates if g not in applied)
        plan.gates = applied
    return plan


def reads(cond: CondPlan, plan: Plan) -> set[str]:
    """The criteria a condition reads: their answers or their scores."""
    if isinstance(cond, Logic):
        return set().union(*(reads(item, plan) for item in cond.items))
    found = {cond.target} if cond.target in plan.nodes else set()
    targets = cond.kind.targets
    if targets is not None:  # what it reads besides what it names (each child of a group)
        found.update(targets(cond, plan, lambda inner: sorted(reads(inner, plan))))
    return found


def _leaf(node: Node, rnd: RoundSpec | None, rules: EvidenceRules, language: str) -> LeafPlan:
    rule = node.rule
    assert rule is not None
    kind = RULES[rule.kind]
    maximum = node_max(node) or ZERO
    evidence = tuple(node.evidence)
    condition = kind.condition(rule) if kind.condition is not None else None
    params = kind.compile(rule, maximum, evidence)
    if kind.own_language is not None:  # (``language``: the rubric's, of its own words)
        params = kind.own_language(rule, params, language)
    return LeafPlan(
        id=node.id,
        max=maximum,
        kind=kind,
        params=params,
        provisional=node.provisional,
        round=rnd,
        na=node.na.counts_as if node.na is not None else None,
        na_evidence=tuple(node.na.evidence) if node.na is not None else (),
        evidence=evidence,
        when=compile_condition(condition) if condition is not None else None,
        answer_from=node.answer_from,
        evidence_rules=rules_of(node.evidence_rules, rules),
        grouped=_thousands_admitted(kind, rule, maximum),
    )


#: the least size of a number written like 1.000: a dot, then groups of three digits
_THOUSAND = Fraction(1000)


def _thousands_admitted(kind: RuleKind[Any, Any], rule: Any, maximum: Fraction) -> bool:
    """Whether a decimal answer of ``rule`` may be 1000 or more in size (or -1000 or less),
    so that text written like ``1.500`` could mean a number its rule takes (1500)."""
    span = kind.answer_range(rule, maximum) if kind.answer_range is not None else None
    if span is None or span.whole:
        return False  # no range known (the reference alone reads), or whole: refused anyway
    return (span.high is None or span.high >= _THOUSAND) or (
        span.low is None or span.low <= -_THOUSAND
    )
