"""``score``: compare a criterion's points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from tiercert._i18n import msg
from tiercert._kinds import CheckContext, ConditionKind
from tiercert._maxima import node_max
from tiercert._numbers import ZERO, display_number
from tiercert.conditions._compare import (
    Comparison,
    comparing,
    comparisons,
    grouped_thresholds,
    has_operator,
    numeric_only,
    operators,
    unsatisfiable,
    words,
)
from tiercert.conditions._node import criterion, scored
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Plan, Test
    from tiercert.errors import Path
    from tiercert.model import Condition, Id


class ScoreIs(Comparison):
    """Compare a node's points."""

    __slots__ = ()
    score: Id


def _check(cond: ScoreIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    node, problems = criterion(cond.score, "score", path, context)
    yield from problems
    if node is None:
        return
    yield from numeric_only(cond, path)
    maximum = node_max(node)
    what = msg("the score of {score!r}", score=cond.score)
    yield from grouped_thresholds(cond, path, ZERO, maximum, what)
    if maximum is not None and unsatisfiable(cond, maximum):
        yield Problem(
            "condition.unsatisfiable",
            msg(
                "no unit can satisfy this comparison: {score!r} scores from 0 to "
                "{maximum}; change its numbers",
                score=cond.score,
                maximum=display_number(maximum),
            ),
            path,
        )


def _never(cond: ScoreIs, context: CheckContext, inner: Callable[[Condition], bool]) -> bool:
    node = context.nodes.get(cond.score)
    maximum = node_max(node) if node is not None else None
    return maximum is not None and maximum > 0 and unsatisfiable(cond, maximum)


def _compile(cond: ScoreIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.score, operators(cond))


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    node = gen.plan.nodes[test.target]
    expr = gen.numbers(gen.v("s", node), test, Fraction(gen.num.scale))
    return str(gen.guarded(node, gen.excludable(node, expr)))


def _targets(test: Test, plan: Plan, inner: Callable[[CondPlan], list[str]]) -> list[str]:
    return [test.target]


KIND = ConditionKind(
    key="score",
    fields=ScoreIs,
    compares=True,
    summary="a criterion's points, compared",
    help={"score": "Id of a criterion; its points are compared."},
    check=_check,
    codes=frozenset(
        {"condition.operator", "ref.unknown", "condition.type", "condition.unsatisfiable"}
    ),
    compile=_compile,
    evaluate=comparing(lambda run, target: scored(run, target, False), excluded_passes=True),
    emit=_emit,
    words=words("score"),
    describe=lambda cond, code, inner: msg(
        "score of {criterion} {comparisons}",
        criterion=code(cond.score),
        comparisons=comparisons(cond, code),
    ),
    reads=lambda cond, context, inner: {cond.score} if cond.score in context.nodes else set(),
    never=_never,
    targets=_targets,
)
