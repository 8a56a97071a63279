"""Semantic checks: do the parts of a (well-shaped) rubric fit together?

Each check yields :class:`~tiercert.errors.Problem` objects with a raw path into the rubric
document; the caller adds the human-readable path and the file position.  Checks never stop
at the first problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from ._literals import parse_bool
from ._maxima import bonus_max, children_max, node_max, rule_best
from ._numbers import ZERO, display_number, to_fraction
from ._parts import (
    AllOf,
    AnswerIs,
    AnyOf,
    BandsRule,
    Comparison,
    ConditionRule,
    CountRule,
    DeductionRule,
    DirectRule,
    EachChildIs,
    Fact,
    FactIs,
    GroupFields,
    LevelsRule,
    LinearRule,
    Node,
    NotOf,
    PercentIs,
    RubricSpec,
    ScoreIs,
)
from ._paths import did_you_mean
from .errors import Path, Problem, Severity

if TYPE_CHECKING:
    from .model import Condition

NA = "na"


def _error(code: str, message: str, path: Path) -> Problem:
    return Problem(code, message, path=path)


def _warning(code: str, message: str, path: Path) -> Problem:
    return Problem(code, message, path=path, severity=Severity.WARNING)


def iter_nodes(
    nodes: Sequence[Node], path: Path = ("criteria",)
) -> Iterator[tuple[Node, Path, Node | None]]:
    """Every node depth-first with its document path and its parent (None at the top)."""
    stack: list[tuple[Node, Path, Node | None]] = [
        (n, (*path, i), None) for i, n in reversed(list(enumerate(nodes)))
    ]
    while stack:
        node, node_path, parent = stack.pop()
        yield node, node_path, parent
        for i, child in reversed(list(enumerate(node.children or []))):
            stack.append((child, (*node_path, "children", i), node))


def check(rubric: RubricSpec) -> list[Problem]:
    """Every semantic problem of ``rubric``."""
    return list(_iter_problems(rubric))


def _iter_problems(rubric: RubricSpec) -> Iterator[Problem]:
    if not rubric.criteria:
        yield _error(
            "rubric.empty",
            "the rubric has no criteria; add at least one under 'criteria:'",
            ("criteria",),
        )
        return
    nodes = list(iter_nodes(rubric.criteria))
    by_id = {node.id: node for node, _, _ in nodes}
    yield from _check_ids(rubric, nodes)
    yield from _check_amounts(rubric, (), _GROUP_AMOUNTS)
    yield from _check_group(rubric, rubric.criteria, (), is_root=True)
    # bonus points reach the total only through groups that are bonus all the way up
    carried: set[str] = set()
    for node, _, parent in nodes:
        if node.bonus and (parent is None or parent.id in carried):
            carried.add(node.id)
    for node, path, _ in nodes:
        yield from _check_node(node, path, bonus_carried=node.id in carried)
    yield from _check_references(rubric, nodes, by_id)
    yield from _check_shared_answers(nodes, by_id)
    yield from _check_tiers(rubric, by_id)


def _check_ids(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]]
) -> Iterator[Problem]:
    groups: list[tuple[str, list[tuple[str, Path]]]] = [
        ("criterion", [(n.id, (*p, "id")) for n, p, _ in nodes]),
        ("fact", [(f.id, ("facts", i, "id")) for i, f in enumerate(rubric.facts)]),
        ("gate", [(g.id, ("gates", i, "id")) for i, g in enumerate(rubric.gates)]),
        ("tier", [(t.id, ("tiers", i, "id")) for i, t in enumerate(rubric.tiers)]),
        ("source", [(s.id, ("sources", i, "id")) for i, s in enumerate(rubric.sources)]),
    ]
    for what, entries in groups:
        counts = Counter(ident for ident, _ in entries)
        first: dict[str, Path] = {}
        for ident, path in entries:
            if counts[ident] > 1 and ident in first:
                yield _error(
                    "id.duplicate",
                    f"the {what} id {ident!r} is used more than once; ids must be unique, "
                    "rename one of them",
                    path,
                )
            first.setdefault(ident, path)
    node_ids = {n.id for n, _, _ in nodes}
    for i, fact in enumerate(rubric.facts):
        if fact.id in node_ids:
            yield _error(
                "id.duplicate",
                f"the fact id {fact.id!r} is also a criterion id; answers and facts share one "
                "namespace in assessments, rename one of them",
                ("facts", i, "id"),
            )


def _check_group(
    group: GroupFields,
    children: Sequence[Node],
    path: Path,
    *,
    is_root: bool = False,
    bonus_carried: bool = False,
) -> Iterator[Problem]:
    declared = to_fraction(group.max) if group.max is not None else None
    reach = children_max(group, children)
    here = "the rubric" if is_root else "this group"
    if group.aggregate in ("scaled", "weighted") and declared is None:
        yield _error(
            "max.missing",
            f"{here} aggregates by '{group.aggregate}', so it needs its own 'max'; add one",
            (*path, "aggregate"),
        )
    if declared is not None and reach is not None:
        if reach < declared:
            yield _error(
                "max.unreachable",
                f"the children can reach only {display_number(reach)} points but the maximum is "
                f"{display_number(declared)}; raise the children's points or lower 'max'",
                (*path, "max"),
            )
        elif reach > declared:
            yield _warning(
                "max.exceeded",
                f"the children add up to {display_number(reach)}, more than the maximum "
                f"{display_number(declared)}; scores will be capped at {display_number(declared)}",
                (*path, "max"),
            )
    bonus_children = [c for c in children if c.bonus]
    if bonus_children and group.aggregate != "sum":
        yield _error(
            "bonus.aggregate",
            "bonus children only make sense when points are added; use 'aggregate: sum' or "
            "remove 'bonus: true'",
            (*path, "aggregate"),
        )
    if bonus_children and not (is_root or bonus_carried) and group.aggregate == "sum":
        yield _warning(
            "bonus.nested",
            "bonus points inside a group count towards the parent's maximum, so they are lost "
            "when the other criteria are full; mark the whole group 'bonus: true' at the top "
            "level instead, or raise the parent's 'max'",
            (*path, "children"),
        )
    if group.bonus_cap is not None and not bonus_children:
        yield _warning(
            "bonus.unused",
            "'bonus_cap' has no effect: no child is marked 'bonus: true'; remove it or mark "
            "the bonus criteria",
            (*path, "bonus_cap"),
        )
    if group.top is not None and group.aggregate == "tiered":
        yield _error(
            "top.tiered",
            "'top' cannot be used with 'aggregate: tiered': picking the best children would "
            "reorder them, and a better answer could then lower the score; remove 'top' or "
            "use 'aggregate: sum'",
            (*path, "top"),
        )
    if group.top is not None and group.top > len(children):
        yield _warning(
            "top.unused",
            f"'top: {group.top}' is more than the number of children ({len(children)}); "
            "it has no effect",
            (*path, "top"),
        )
    for i, child in enumerate(children):
        child_path = (*path, "criteria" if is_root else "children", i)
        if group.aggregate == "weighted" and child.weight is None and not child.bonus:
            yield _error(
                "weight.missing",
                "the parent aggregates by weight, so this criterion needs a 'weight'; add one",
                (*child_path, "id"),
            )
        if group.aggregate != "weighted" and child.weight is not None:
            yield _warning(
                "weight.unused",
                "'weight' is ignored: the parent does not use 'aggregate: weighted'; remove it "
                "or set the parent's 'aggregate: weighted'",
                (*child_path, "weight"),
            )
    if (
        group.aggregate == "weighted"
        and children
        and all(c.weight is not None and c.weight == 0 for c in children)
    ):
        yield _error("weight.zero", "all weights are 0; give at least one criterion a weight", path)
    cap = group.incomplete_cap
    ceiling = declared if declared is not None else reach
    if cap is not None and ceiling is not None and to_fraction(cap) > ceiling:
        yield _warning(
            "cap.unused",
            f"'incomplete_cap' {display_number(cap)} is above the maximum; it has no effect",
            (*path, "incomplete_cap"),
        )


#: the amounts of a group's options (the rubric's too), and of a criterion's
_GROUP_AMOUNTS = ("max", "bonus_cap", "incomplete_cap")
_NODE_AMOUNTS = (*_GROUP_AMOUNTS, "weight")


def _check_amounts(owner: object, path: Path, names: Sequence[str]) -> Iterator[Problem]:
    """None of ``names`` is negative: the same rule for the rubric's options as a group's."""
    for field in names:
        value = getattr(owner, field)
        if value is not None and value < 0:
            yield _error(
                "points.negative", f"{field} is negative ({value}); use 0 or more", (*path, field)
            )


def _check_node(node: Node, path: Path, *, bonus_carried: bool = False) -> Iterator[Problem]:
    yield from _check_amounts(node, path, _NODE_AMOUNTS)
    if node.children is not None and node.rule is not None:
        yield _error(
            "node.rule_and_children",
            "a criterion has either 'rule' (a leaf) or 'children' (a group), not both; remove one",
            (*path, "rule"),
        )
    elif node.children is not None:
        if not node.children:
            yield _error(
                "node.empty_group",
                "this group has no children; add criteria under 'children:' or give it a 'rule'",
                (*path, "children"),
            )
        else:
            yield from _check_group(node, node.children, path, bonus_carried=bonus_carried)
        if node.na is not None:
            yield _error(
                "na.group",
                "'na' applies to leaves; mark the group's criteria as not applicable instead",
                (*path, "na"),
            )
    elif node.rule is None:
        yield _error(
            "node.no_rule",
            "this criterion has neither 'rule' nor 'children'; add a rule "
            "(e.g. 'rule: {kind: boolean, points: 5}') or children",
            (*path, "id"),
        )
    else:
        yield from _check_leaf(node, path)


def _check_leaf(node: Node, path: Path) -> Iterator[Problem]:
    rule = node.rule
    assert rule is not None
    rule_path = (*path, "rule")
    declared = to_fraction(node.max) if node.max is not None else None
    if node.direct:
        yield _error(
            "direct.leaf",
            "'direct: true' is for groups; for a leaf scored by hand use 'rule: {kind: direct}'",
            (*path, "direct"),
        )
    yield from _check_rule_points(rule, rule_path)
    if isinstance(rule, DirectRule | CountRule) and rule_best(rule, None) is None:
        if declared is None:
            yield _error(
                "max.missing",
                (
                    "a 'count' rule needs the criterion's 'max' or the rule's 'max_items'; add one"
                    if isinstance(rule, CountRule)
                    else "a 'direct' rule needs the criterion's 'max'; add 'max'"
                ),
                (*path, "id"),
            )
        return
    if isinstance(rule, DeductionRule) and rule.start is None and declared is None:
        yield _error(
            "max.missing",
            "a 'deduction' rule needs 'start' or the criterion's 'max'; add one",
            (*path, "id"),
        )
        return
    best = rule_best(rule, declared)
    if declared is not None and best is not None:
        if best < declared:
            yield _error(
                "max.unreachable",
                f"the rule gives at most {display_number(best)} points but the maximum is "
                f"{display_number(declared)}; raise the rule's points or lower 'max'",
                (*path, "max"),
            )
        elif best > declared:
            yield _warning(
                "max.exceeded",
                f"the rule can give {display_number(best)} points, more than the maximum "
                f"{display_number(declared)}; scores will be capped",
                (*path, "max"),
            )
    if isinstance(rule, LevelsRule):
        seen: set[str] = set()
        for i, level in enumerate(rule.levels):
            if level.id in seen:
                yield _error(
                    "level.duplicate",
                    f"the level {level.id!r} is listed twice; give each level its own id",
                    (*rule_path, "levels", i, "id"),
                )
            seen.add(level.id)
            if level.id.lower() == NA:
                # an answer 'na' always means "not applicable", so no level can be called that
                yield _error(
                    "level.reserved",
                    f"{level.id!r} is how an assessment says 'not applicable', so it cannot name "
                    "a level; rename the level (to allow N/A, add 'na:' to the criterion)",
                    (*rule_path, "levels", i, "id"),
                )
    elif isinstance(rule, BandsRule):
        yield from _check_bands(rule, rule_path)
    elif isinstance(rule, LinearRule) and rule.start.value == rule.end.value:
        yield _error(
            "linear.degenerate",
            "'start' and 'end' have the same value, so there is nothing to interpolate; "
            "use 'bands' or move one anchor",
            (*rule_path, "end", "value"),
        )


def _check_rule_points(rule: object, path: Path) -> Iterator[Problem]:
    checks: list[tuple[Decimal, Path]] = []
    if isinstance(rule, LevelsRule):
        checks = [(lv.points, (*path, "levels", i, "points")) for i, lv in enumerate(rule.levels)]
    elif isinstance(rule, BandsRule):
        checks = [(b.points, (*path, "bands", i, "points")) for i, b in enumerate(rule.bands)]
    elif isinstance(rule, LinearRule):
        checks = [
            (rule.start.points, (*path, "start", "points")),
            (rule.end.points, (*path, "end", "points")),
        ]
    elif isinstance(rule, CountRule | DeductionRule):
        checks = [(rule.per_item, (*path, "per_item"))]
        if isinstance(rule, DeductionRule):
            checks.append((rule.floor, (*path, "floor")))
            if rule.start is not None:
                checks.append((rule.start, (*path, "start")))
    elif hasattr(rule, "points"):
        checks = [(rule.points, (*path, "points"))]
    for value, where in checks:
        if isinstance(value, Decimal) and value < 0:
            yield _error(
                "points.negative",
                f"points cannot be negative ({value}); use 0 or more (a 'deduction' rule "
                "takes points away)",
                where,
            )


def _check_bands(rule: BandsRule, path: Path) -> Iterator[Problem]:
    bands = rule.bands
    last = len(bands) - 1
    for i, band in enumerate(bands):
        here = (*path, "bands", i)
        if band.min is not None and band.max is not None and band.min >= band.max:
            closed = (rule.edges == "min_inclusive" and i == last) or (
                rule.edges == "max_inclusive" and i == 0
            )
            if band.min > band.max or not closed:
                yield _error(
                    "band.empty",
                    f"this band runs from {band.min} to {band.max}, so no value falls in it; "
                    "'min' must be below 'max'",
                    (*here, "min"),
                )
        if band.min is None and i > 0:
            yield _error(
                "band.open",
                "only the first band may leave out 'min'; add the lower bound",
                (*here, "min"),
            )
        if band.max is None and i < last:
            yield _error(
                "band.open",
                "only the last band may leave out 'max'; add the upper bound",
                (*here, "max"),
            )
        if i == 0:
            continue
        before = bands[i - 1]
        if before.max is None or band.min is None:
            continue
        beyond = rule.range is not None and (
            (rule.range.max is not None and before.max >= rule.range.max)
            or (rule.range.min is not None and band.min <= rule.range.min)
        )
        if band.min > before.max and not beyond:
            # a band starting beyond the range is 'band.outside'; the gap ends at the range
            upper = band.min
            if rule.range is not None and rule.range.max is not None:
                upper = min(upper, rule.range.max)
            yield _error(
                "band.gap",
                f"values from {before.max} to {upper} fall in no band; make this band's "
                f"'min' equal the previous band's 'max' ({before.max})",
                (*here, "min"),
            )
        elif band.min < before.max:
            yield _error(
                "band.overlap",
                f"this band starts at {band.min}, inside the previous band (which ends at "
                f"{before.max}); bands must not overlap: set 'min' to {before.max}",
                (*here, "min"),
            )
    if rule.range is not None:
        low, high = rule.range.min, rule.range.max
        first, final = bands[0], bands[-1]
        if low is not None and first.min is not None and first.min > low:
            yield _error(
                "band.gap",
                f"values from {low} (the range's minimum) to {first.min} fall in no band; "
                f"start the first band at {low}",
                (*path, "bands", 0, "min"),
            )
        if high is not None and final.max is not None and final.max < high:
            yield _error(
                "band.gap",
                f"values from {final.max} to {high} (the range's maximum) fall in no band; "
                f"end the last band at {high}",
                (*path, "bands", last, "max"),
            )
        for i, band in enumerate(bands):
            outside = (low is not None and band.max is not None and band.max <= low) or (
                high is not None and band.min is not None and band.min >= high and i != last
            )
            if outside or (high is not None and band.min is not None and band.min > high):
                yield _error(
                    "band.outside",
                    f"this band lies outside the allowed range {low}..{high}; remove it or "
                    "fix its bounds",
                    (*path, "bands", i),
                )


# --- references -------------------------------------------------------------------------------


def _check_references(
    rubric: RubricSpec, nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node]
) -> Iterator[Problem]:
    facts = {f.id: f for f in rubric.facts}
    tiers = {t.id for t in rubric.tiers}
    sources = {s.id for s in rubric.sources}
    for i, gate in enumerate(rubric.gates):
        yield from _check_condition(gate.require, ("gates", i, "require"), by_id, facts)
        for j, tier_id in enumerate(gate.tiers or []):
            if tier_id not in tiers:
                yield _error(
                    "ref.unknown",
                    f"no tier has the id {tier_id!r}{_choose(tier_id, tiers, 'tier')}",
                    ("gates", i, "tiers", j),
                )
    for node, path, _ in nodes:
        if isinstance(node.rule, ConditionRule):
            yield from _check_condition(node.rule.when, (*path, "rule", "when"), by_id, facts)
    for i, target in enumerate(rubric.targets):
        if target.tier is not None and target.tier not in tiers:
            yield _error(
                "ref.unknown",
                f"no tier has the id {target.tier!r}{_choose(target.tier, tiers, 'tier')}",
                ("targets", i, "tier"),
            )
    cited: list[tuple[list[str], Path]] = [(n.sources, (*p, "sources")) for n, p, _ in nodes]
    cited += [(f.sources, ("facts", i, "sources")) for i, f in enumerate(rubric.facts)]
    cited += [(g.sources, ("gates", i, "sources")) for i, g in enumerate(rubric.gates)]
    cited += [(t.sources, ("tiers", i, "sources")) for i, t in enumerate(rubric.tiers)]
    cited += [(t.sources, ("targets", i, "sources")) for i, t in enumerate(rubric.targets)]
    for ids, path in cited:
        for j, source_id in enumerate(ids):
            if source_id not in sources:
                yield _error(
                    "ref.unknown",
                    f"no entry under 'sources' has the id {source_id!r}"
                    + (did_you_mean(source_id, sources) or "; add it under sources: or fix the id"),
                    (*path, j),
                )
    for i, fact in enumerate(rubric.facts):
        yield from _check_fact(fact, ("facts", i))
    yield from _check_cycles(nodes, by_id, [n.id for n in rubric.criteria])


def _check_shared_answers(
    nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node]
) -> Iterator[Problem]:
    """``answer_from`` names a leaf answered directly, whose answers this leaf can read."""
    for node, path, _ in nodes:
        source_id = node.answer_from
        if source_id is None:
            continue
        where = (*path, "answer_from")
        if node.rule is None:
            yield _error(
                "answer_from.group",
                "'answer_from' is for leaves; a group's score comes from its children, remove it",
                where,
            )
            continue
        source = by_id.get(source_id)
        if source is None:
            yield _error(
                "ref.unknown",
                f"no criterion has the id {source_id!r}{did_you_mean(source_id, by_id)}",
                where,
            )
            continue
        if source.rule is None:
            yield _error(
                "ref.group",
                f"{source_id!r} is a group and has no answer of its own; name a leaf",
                where,
            )
            continue
        if (
            source_id == node.id
            or source.answer_from is not None
            or isinstance(source.rule, ConditionRule)
        ):
            yield _error(
                "answer_from.source",
                f"{source_id!r} is not answered directly (it is this criterion, computed, or "
                "reads another answer itself); name the criterion the assessment answers",
                where,
            )
            continue
        if isinstance(node.rule, ConditionRule) or node.rule.kind != source.rule.kind:
            yield _error(
                "answer_from.kind",
                f"this criterion reads the answer to {source_id!r}, so both need the same rule "
                f"kind (here {node.rule.kind!r} and {source.rule.kind!r}); make them match",
                (*path, "rule", "kind"),
            )
        elif isinstance(node.rule, LevelsRule) and isinstance(source.rule, LevelsRule):
            mine = [lv.id for lv in node.rule.levels]
            theirs = [lv.id for lv in source.rule.levels]
            if sorted(mine) != sorted(theirs):
                yield _error(
                    "answer_from.levels",
                    f"this criterion reads the answer to {source_id!r}, so it needs the same "
                    f"level ids ({', '.join(theirs)}), got: {', '.join(mine)}; make the "
                    "levels match",
                    (*path, "rule", "levels"),
                )


def _check_fact(fact: Fact, path: Path) -> Iterator[Problem]:
    if fact.type == "choice" and not fact.options:
        yield _error(
            "fact.options", "a 'choice' fact needs 'options'; list the allowed values", path
        )
    if fact.type != "choice" and fact.options:
        yield _warning("fact.options", "'options' is only used by 'choice' facts; remove it", path)
    if fact.default is not None and not _fits_fact(fact.type, fact.options, fact.default):
        wanted = {
            "boolean": "true or false",
            "number": "a number",
            "integer": "a whole number",
            "text": "text",
            "choice": "one of the options: " + ", ".join(fact.options or []),
        }[fact.type]
        yield _error(
            "fact.default",
            f"the default {_shown(fact.default)} does not fit this {fact.type} fact; use {wanted}",
            (*path, "default"),
        )


def _shown(value: object) -> str:
    """A value as the author wrote it: 1.5, true, 'text'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return display_number(value)
    return repr(value)


def _fits_fact(kind: str, options: list[str] | None, value: object) -> bool:
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and parse_bool(value) is not None)
    if kind in ("number", "integer"):
        if isinstance(value, bool) or not hasattr(value, "as_integer_ratio"):
            return False
        return kind == "number" or to_fraction(value).denominator == 1  # type: ignore[arg-type]
    if kind == "choice":
        return isinstance(value, str) and value in (options or [])
    return isinstance(value, str)


def _check_condition(
    condition: Condition, path: Path, by_id: dict[str, Node], facts: dict[str, Fact]
) -> Iterator[Problem]:
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        items = condition.all_ if isinstance(condition, AllOf) else condition.any_
        for i, item in enumerate(items):
            yield from _check_condition(item, (*path, key, i), by_id, facts)
        return
    if isinstance(condition, NotOf):
        yield from _check_condition(condition.not_, (*path, "not"), by_id, facts)
        return
    if not _has_operator(condition):
        yield _error(
            "condition.operator",
            "this comparison has no operator; add one of: equals, not_equals, in, at_least, "
            "at_most, above, below",
            path,
        )
    if isinstance(condition, FactIs):
        if condition.fact not in facts:
            yield _error(
                "ref.unknown",
                f"no fact has the id {condition.fact!r}"
                + (did_you_mean(condition.fact, facts) or "; declare it under facts: or fix it"),
                (*path, "fact"),
            )
        else:
            fact = facts[condition.fact]
            yield from _values_fit(
                condition, path, f"the fact {fact.id!r}", fact.type, fact.options or []
            )
        return
    if isinstance(condition, EachChildIs):
        target = condition.each_child_of
        if target != "@criteria" and target not in by_id:
            yield _error(
                "ref.unknown",
                f"no criterion has the id {target!r}{_choose(target, by_id, 'criterion')}",
                (*path, "each_child_of"),
            )
        elif target != "@criteria" and not by_id[target].children:
            yield _error(
                "ref.leaf",
                f"{target!r} has no children; name a group",
                (*path, "each_child_of"),
            )
        yield from _numeric_only(condition, path)
        return
    assert isinstance(condition, AnswerIs | ScoreIs | PercentIs)
    key = (
        "answer"
        if isinstance(condition, AnswerIs)
        else ("score" if isinstance(condition, ScoreIs) else "percent")
    )
    target = getattr(condition, key)
    node = by_id.get(target)
    if node is None:
        yield _error(
            "ref.unknown",
            f"no criterion has the id {target!r}{_choose(target, by_id, 'criterion')}",
            (*path, key),
        )
        return
    if isinstance(condition, AnswerIs) and node.rule is None:
        yield _error(
            "ref.group",
            f"{target!r} is a group and has no answer of its own; compare its 'score' instead",
            (*path, key),
        )
    elif isinstance(condition, AnswerIs) and node.rule is not None:
        kind = {"boolean": "boolean", "levels": "choice", "condition": ""}.get(
            node.rule.kind, "number"
        )
        levels = [lv.id for lv in node.rule.levels] if isinstance(node.rule, LevelsRule) else []
        if kind:
            yield from _values_fit(
                condition, path, f"the answer to {target!r}", kind, levels, na=node.na is not None
            )
    if isinstance(condition, ScoreIs | PercentIs):
        yield from _numeric_only(condition, path)
        maximum = node_max(node)
        if isinstance(condition, PercentIs) and maximum == 0:
            yield _error(
                "ref.zero_max",
                f"{target!r} has a maximum of 0, so it has no percentage; compare its "
                "'answer' instead",
                (*path, key),
            )
        elif maximum is not None and _unsatisfiable(condition, maximum):
            reach = (
                "a percentage runs from 0 to 100"
                if isinstance(condition, PercentIs)
                else f"{target!r} scores from 0 to {display_number(maximum)}"
            )
            yield _error(
                "condition.unsatisfiable",
                f"no unit can satisfy this comparison: {reach}; change its numbers",
                path,
            )


_WANTED = {
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "text": "text",
}


def _values_fit(
    c: Comparison, path: Path, what: str, kind: str, options: list[str], *, na: bool = False
) -> Iterator[Problem]:
    """Each value compared with a fact or an answer can occur (else the gate silently fails)."""
    compared: list[tuple[object, Path]] = [
        (value, (*path, name))
        for name, value in (("equals", c.equals), ("not_equals", c.not_equals))
        if value is not None
    ]
    compared += [(value, (*path, "in", i)) for i, value in enumerate(c.in_ or [])]
    for value, where in compared:
        if na and value == "na":
            continue
        if kind == "choice":
            if not options or value in options:
                continue
            allowed = ", ".join([*options, "na"] if na else options)
            hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
            if not isinstance(value, str) and _shown(value) in options:
                hint = f"; these values are text: write '{_shown(value)}' in quotes"
            message = f"{_shown(value)} is not one of the values of {what}; use one of: {allowed}"
            yield _error("condition.value", message + hint, where)
            continue
        fits = (
            isinstance(value, bool) or (isinstance(value, str) and parse_bool(value) is not None)
            if kind == "boolean"
            else isinstance(value, Decimal)
            if kind in ("number", "integer")
            else isinstance(value, str)
        )
        if not fits:
            yield _error(
                "condition.value",
                f"{_shown(value)} can never match: {what} is {_WANTED[kind]}; compare with "
                f"{_WANTED[kind]}" + (" (or na)" if na else ""),
                where,
            )
    if kind in ("number", "integer"):
        return
    for name in ("at_least", "at_most", "above", "below"):
        if getattr(c, name) is not None:
            yield _error(
                "condition.value",
                f"'{name}' compares numbers, but {what} is not a number; use equals, "
                "not_equals or in",
                (*path, name),
            )


def _choose(word: str, choices: Collection[str], what: str) -> str:
    """A did-you-mean hint, else the ids to choose from (when there are few), else a fix."""
    hint = did_you_mean(word, choices)
    if hint:
        return hint
    if choices and len(choices) <= 8:
        return f"; use one of: {', '.join(sorted(choices))}"
    return f"; use the id of a {what} in this rubric"


def _has_operator(c: Comparison) -> bool:
    return any(
        v is not None
        for v in (c.equals, c.not_equals, c.in_, c.at_least, c.at_most, c.above, c.below)
    )


def _numeric_only(c: Comparison, path: Path) -> Iterator[Problem]:
    for name, value in (("equals", c.equals), ("not_equals", c.not_equals)):
        if isinstance(value, bool | str):
            yield _error(
                "condition.type",
                f"points are numbers; {name} {_shown(value)} can never match, use a number",
                (*path, name),
            )


def _unsatisfiable(c: ScoreIs | PercentIs, maximum: Fraction) -> bool:
    top = Fraction(100) if isinstance(c, PercentIs) else maximum
    return (
        (c.at_least is not None and to_fraction(c.at_least) > top)
        or (c.above is not None and to_fraction(c.above) >= top)
        or (c.below is not None and to_fraction(c.below) <= ZERO)
        or (c.at_most is not None and to_fraction(c.at_most) < ZERO)
    )


def _check_cycles(
    nodes: list[tuple[Node, Path, Node | None]], by_id: dict[str, Node], top: list[str]
) -> Iterator[Problem]:
    """A 'condition' rule may not depend (through scores) on its own result."""
    depends: dict[str, set[str]] = {}
    for node, _, _ in nodes:
        deps: set[str] = {c.id for c in node.children or []}
        if isinstance(node.rule, ConditionRule):
            deps |= _referenced_nodes(node.rule.when, by_id, top)
        depends[node.id] = deps
    paths = {node.id: path for node, path, _ in nodes}
    rules = {node.id: node.rule is not None for node, _, _ in nodes}
    state: dict[str, int] = {}
    for start in depends:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(depends[start])))]
        state[start] = 1
        while stack:
            current, children = stack[-1]
            nxt = next(children, None)
            if nxt is None:
                state[current] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                loop = (
                    "its own score"
                    if nxt == current
                    else f"{nxt!r}, which (directly or through other criteria) depends back "
                    f"on {current!r}"
                )
                yield _error(
                    "ref.cycle",
                    f"{current!r} depends on {loop}; a condition cannot use its own score, "
                    "so refer to other criteria",
                    (*paths[current], "rule") if rules.get(current) else (*paths[current], "id"),
                )
            elif not state.get(nxt) and nxt in depends:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(depends[nxt]))))


def _referenced_nodes(condition: Condition, by_id: dict[str, Node], top: list[str]) -> set[str]:
    if isinstance(condition, AllOf | AnyOf):
        items = condition.all_ if isinstance(condition, AllOf) else condition.any_
        return set().union(*(_referenced_nodes(c, by_id, top) for c in items))
    if isinstance(condition, NotOf):
        return _referenced_nodes(condition.not_, by_id, top)
    if isinstance(condition, ScoreIs | PercentIs):
        target = condition.score if isinstance(condition, ScoreIs) else condition.percent
        return {target} if target in by_id else set()
    if isinstance(condition, EachChildIs):
        if condition.each_child_of == "@criteria":
            return set(top)
        if condition.each_child_of in by_id:
            return {c.id for c in by_id[condition.each_child_of].children or []}
    return set()


# --- tiers ------------------------------------------------------------------------------------


def _check_tiers(rubric: RubricSpec, by_id: dict[str, Node]) -> Iterator[Problem]:
    base = node_max_of_rubric(rubric)
    top = base + bonus_max(rubric, rubric.criteria) if base is not None else None
    previous = None
    for i, tier in enumerate(rubric.tiers):
        path: Path = ("tiers", i)
        minimum = to_fraction(tier.min)
        if minimum < 0 or (top is not None and minimum > top):
            yield _error(
                "tier.range",
                f"the minimum {display_number(minimum)} is outside 0..{display_number(top or ZERO)}"
                ", the points a unit can score; lower 'min' (or raise the criteria's points)",
                (*path, "min"),
            )
        if previous is not None:
            if tier.rank <= previous.rank:
                yield _error(
                    "tier.rank",
                    f"ranks must increase down the list (1 = lowest): {tier.rank} follows "
                    f"{previous.rank}; give this tier a rank above {previous.rank}",
                    (*path, "rank"),
                )
            if minimum < to_fraction(previous.min):
                yield _error(
                    "tier.order",
                    f"the minimum {tier.min} is below the previous tier's {previous.min}; list "
                    "tiers from lowest to highest with increasing minimums",
                    (*path, "min"),
                )
            elif minimum == to_fraction(previous.min) and not any(
                g.tiers and tier.id in g.tiers for g in rubric.gates
            ):
                yield _error(
                    "tier.order",
                    f"the minimum {tier.min} equals the previous tier's and no gate tells them "
                    "apart; raise 'min' or add a gate for this tier",
                    (*path, "min"),
                )
        elif tier.rank != 1:
            yield _warning(
                "tier.rank", "the lowest tier usually has rank 1; give it rank 1", (*path, "rank")
            )
        previous = tier
    for i, gate in enumerate(rubric.gates):
        if _never(gate.require, by_id):
            names = gate.tiers or [t.id for t in rubric.tiers]
            blocked = f", so no unit can reach: {', '.join(names)}" if names else ""
            yield _error(
                "tier.unreachable",
                f"this gate can never pass{blocked}; fix the condition",
                ("gates", i, "require"),
            )


def node_max_of_rubric(rubric: RubricSpec) -> Fraction | None:
    if rubric.max is not None:
        return to_fraction(rubric.max)
    return children_max(rubric, rubric.criteria)


def _never(condition: Condition, by_id: dict[str, Node]) -> bool:
    if isinstance(condition, AllOf):
        return any(_never(c, by_id) for c in condition.all_)
    if isinstance(condition, AnyOf):
        return all(_never(c, by_id) for c in condition.any_)
    if isinstance(condition, ScoreIs | PercentIs):
        target = condition.score if isinstance(condition, ScoreIs) else condition.percent
        node = by_id.get(target)
        maximum = node_max(node) if node is not None else None
        return maximum is not None and maximum > 0 and _unsatisfiable(condition, maximum)
    return False
