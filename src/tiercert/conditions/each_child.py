"""``each_child_of``: every child of a group (``@criteria``: the top level) passes the
comparison, on its score or its percentage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from tiercert._i18n import N_, msg
from tiercert._kinds import ROOT_ID, CheckContext, ConditionKind
from tiercert._maxima import node_max, percent_top, score_top
from tiercert._numbers import HUNDRED, ZERO
from tiercert._paths import choose
from tiercert.conditions import percent, score
from tiercert.conditions._compare import (
    Comparison,
    comparisons,
    grouped_thresholds,
    has_operator,
    numeric_only,
    unsatisfiable,
)
from tiercert.conditions._compare import operators as operators_of
from tiercert.errors import Problem, Severity

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Plan, Test
    from tiercert._reference import Scoring
    from tiercert.errors import Path
    from tiercert.model import Condition, Id
    from tiercert.result import Failure

_MEASURES: dict[str, ConditionKind[Any]] = {"score": score.KIND, "percent": percent.KIND}


class EachChildIs(Comparison):
    """Every child of a node (``@criteria`` for the top level) passes the comparison."""

    __slots__ = ()
    each_child_of: Id | Literal["@criteria"]
    measure: Literal["score", "percent"] = "percent"


def _check(cond: EachChildIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    target = cond.each_child_of
    if target != ROOT_ID and target not in context.nodes:
        yield Problem(
            "ref.unknown",
            msg(
                "no criterion has the id {target!r}{hint}",
                target=target,
                hint=choose(target, context.nodes, "criterion"),
            ),
            (*path, "each_child_of"),
        )
    elif target != ROOT_ID and not context.nodes[target].children:
        yield Problem(
            "ref.leaf",
            msg("{target!r} has no children; name a group", target=target),
            (*path, "each_child_of"),
        )
    else:
        yield from _grouped(cond, path, context)
        yield from _unsatisfiable(cond, path, context)
    yield from numeric_only(cond, path)


def _hopeless(
    cond: EachChildIs, context: CheckContext, *, waiting: bool = False
) -> tuple[str, Fraction] | None:
    """The first child no unit's score can make pass, with the most its measure reaches (a
    group's bonus children may take it above its maximum, or above 100%): every child must
    pass, so one such child fails the comparison for every unit (as ``score`` and ``percent``
    tell of one criterion).  A child that may wait to count (``context.may_wait``) is not
    compared while it waits: it is looked for among those alone with ``waiting``."""
    top_of = percent_top if cond.measure == "percent" else score_top
    for child in sorted(_reads(cond, context, lambda _: set()), key=_order(context)):
        if (child in context.may_wait) is not waiting:
            continue
        node = context.nodes.get(child)
        if node is None or not node_max(node):
            continue  # no bound known, or no percentage (a child worth 0)
        top = top_of(node)
        if top is not None and unsatisfiable(cond, top):
            return child, top
    return None


def _order(context: CheckContext) -> Callable[[str], int]:
    order = {node: i for i, node in enumerate(context.nodes)}
    return lambda child: order.get(child, len(order))


def _unsatisfiable(cond: EachChildIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    measure = percent if cond.measure == "percent" else score
    found = _hopeless(cond, context)
    if found is not None:
        child, top = found
        yield Problem("condition.unsatisfiable", measure.out_of_reach(child, top), path)
        return
    found = _hopeless(cond, context, waiting=True)
    if found is not None:  # the gate holds while the child waits, and fails every unit after
        child, top = found
        said = msg(
            "once {child!r} counts (from {when}), {said}",
            child=child,
            when=context.may_wait[child],
            said=measure.out_of_reach(child, top),
        )
        yield Problem("lifecycle.unsatisfiable", said, path, severity=Severity.WARNING)


def _never(cond: EachChildIs, context: CheckContext, inner: Callable[[Condition], bool]) -> bool:
    return cond.each_child_of in (ROOT_ID, *context.nodes) and _hopeless(cond, context) is not None


def _grouped(cond: EachChildIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    """A value written like ``1.500`` refused where both readings are in the children's range
    (0 to 100 for percentages; 0 to the largest child's maximum for scores), as ``score`` and
    ``percent`` refuse it."""
    if cond.measure == "percent":
        what = msg("each child's percentage")
        yield from grouped_thresholds(cond, path, ZERO, HUNDRED, what)
        return
    ids = _reads(cond, context, lambda _: set())
    maxima = [node_max(context.nodes[i]) for i in ids if i in context.nodes]
    high = max(m for m in maxima if m is not None) if maxima and None not in maxima else None
    yield from grouped_thresholds(cond, path, ZERO, high, msg("each child's score"))


def _reads(
    cond: EachChildIs, context: CheckContext, inner: Callable[[Condition], set[str]]
) -> set[str]:
    """The children compared: those of the group's base, not its bonus or penalty
    criteria, nor those that wait to count where the check asks so (``context.waiting``; see
    :func:`_children`)."""
    if cond.each_child_of == ROOT_ID:
        children = [context.nodes[i] for i in context.top if i in context.nodes]
    else:
        group = context.nodes.get(cond.each_child_of)
        children = list(group.children or []) if group is not None else []
    waiting = context.waiting
    return {c.id for c in children if not (c.bonus or c.penalty or c.id in waiting)}


def _compile(cond: EachChildIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.each_child_of, operators_of(cond), cond.measure)


def _children(test: Test, plan: Plan) -> list[Test]:
    """A test of the chosen measure for each child of the group's base that counts: a bonus
    criterion (points above the maximum, which a unit may do without), a penalty (its score
    is the points it takes) and a future criterion waiting to count (scored, not counted in
    the group's points) are no criteria every one of which a unit must reach."""
    from tiercert._compile import GroupPlan, Test

    group = plan.root if test.target == ROOT_ID else plan.nodes[test.target]
    assert isinstance(group, GroupPlan)
    kind = _MEASURES[test.measure]
    return [Test(kind, child.id, test.operators) for child in group.base_children]


def _evaluate(
    run: Scoring, test: Test, inner: Callable[[CondPlan], tuple[bool, list[Failure]]]
) -> tuple[bool, list[Failure]]:
    failures = [f for sub in _children(test, run.plan) for f in inner(sub)[1]]
    return not failures, failures


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    from tiercert._compile import GroupPlan

    group = gen.plan.root if test.target == ROOT_ID else gen.plan.nodes[test.target]
    if not isinstance(group, GroupPlan):
        gen.unsupported("each_child_of a leaf")
    parts = [inner(sub) for sub in _children(test, gen.plan)]
    return "(" + (" and ".join(parts) or "True") + ")"


def _describe(cond: EachChildIs, code: Any, inner: Any) -> str:
    what = (
        msg("every top-level criterion")
        if cond.each_child_of == ROOT_ID
        else msg("every criterion of {group}", group=code(cond.each_child_of))
    )
    if cond.measure == "percent":
        return msg(
            "{criterion} {comparisons} of its maximum",
            criterion=what,
            comparisons=comparisons(cond, code, "%"),
        )
    return msg(
        "{criteria} scores {comparisons}", criteria=what, comparisons=comparisons(cond, code)
    )


def _words(test: Test, inner: Callable[[CondPlan], str]) -> str:
    from tiercert.conditions._compare import words

    return words(N_("every child of"))(test, inner)


KIND = ConditionKind(
    key="each_child_of",
    fields=EachChildIs,
    compares=True,
    summary="every child of a group passes the comparison, on its score or percentage",
    help={
        "each_child_of": (
            "Id of a group ('@criteria' for the top level); every child must pass the comparison."
        ),
        "measure": "Compare each child's 'percent' (default) or 'score'.",
    },
    check=_check,
    codes=frozenset(
        {
            "condition.operator",
            "ref.unknown",
            "ref.leaf",
            "condition.type",
            "condition.unsatisfiable",
            "lifecycle.unsatisfiable",
        }
    ),
    compile=_compile,
    evaluate=_evaluate,
    emit=_emit,
    words=_words,
    describe=_describe,
    reads=_reads,
    never=_never,
    targets=lambda test, plan, inner: [sub.target for sub in _children(test, plan)],
)
