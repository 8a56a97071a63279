"""``score``: compare a criterion's points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from tiercert._i18n import N_, msg
from tiercert._kinds import CheckContext, ConditionKind
from tiercert._maxima import score_top
from tiercert._numbers import ZERO, number_words
from tiercert.conditions import _total
from tiercert.conditions._bounds import always_in
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
from tiercert.conditions._node import always_holds, criterion, may_be_hidden, scored
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Test
    from tiercert.errors import Path
    from tiercert.model import Condition, Id


class ScoreIs(Comparison):
    """Compare a node's points (``@criteria``: the rubric's total, in a gate)."""

    __slots__ = ()
    score: Id | Literal["@criteria"]


def _check(cond: ScoreIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    if _total.is_total(cond.score):
        yield from _total.check(cond, "score", path, context)
        return
    node, problems = criterion(cond.score, "score", path, context)
    yield from problems
    if node is None:
        return
    yield from numeric_only(cond, path)
    maximum = score_top(node)  # a group's bonus children may take it above its maximum
    what = msg("the score of {score!r}", score=cond.score)
    yield from grouped_thresholds(cond, path, ZERO, maximum, what)
    if maximum is not None and unsatisfiable(cond, maximum):
        yield Problem("condition.unsatisfiable", out_of_reach(cond.score, maximum), path)
    elif (
        maximum is not None
        and always_in(cond, ZERO, maximum)
        and not may_be_hidden(cond.score, context)
    ):
        said = msg(
            "{score!r} scores from 0 to {maximum}", score=cond.score, maximum=number_words(maximum)
        )
        yield from always_holds(path, said, context)


def out_of_reach(target: str, top: Fraction) -> str:
    """What ``condition.unsatisfiable`` says of a comparison of ``target``'s score, which
    runs from 0 to ``top`` (its maximum, and a group's bonus above it)."""
    return msg(
        "no unit can satisfy this comparison: {score!r} scores from 0 to "
        "{maximum}; change its numbers",
        score=target,
        maximum=number_words(top),
    )


def _never(cond: ScoreIs, context: CheckContext, inner: Callable[[Condition], bool]) -> bool:
    if _total.is_total(cond.score):
        return _total.never(cond, "score", context)
    node = context.nodes.get(cond.score)
    maximum = score_top(node) if node is not None else None
    return maximum is not None and maximum > 0 and unsatisfiable(cond, maximum)


def _compile(cond: ScoreIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.score, operators(cond))


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    if _total.is_total(test.target):
        return _total.emit(gen, test, percent=False)
    node = gen.plan.nodes[test.target]
    expr = gen.numbers(gen.v("s", node), test, Fraction(gen.num.scale))
    return str(gen.guarded(node, gen.excludable(node, expr)))


def _measure(run: Any, target: str) -> tuple[object, bool]:
    if _total.is_total(target):
        return _total.measure(run, percent=False)
    return scored(run, target, False)


def _words(test: Test, inner: Callable[[CondPlan], str]) -> str:
    if _total.is_total(test.target):
        return _total.words(test, percent=False)
    return words(N_("score"))(test, inner)


def _describe(cond: ScoreIs, code: Any, inner: Any) -> str:
    if _total.is_total(cond.score):
        return msg("the total {comparisons}", comparisons=comparisons(cond, code))
    return msg(
        "score of {criterion} {comparisons}",
        criterion=code(cond.score),
        comparisons=comparisons(cond, code),
    )


KIND = ConditionKind(
    key="score",
    fields=ScoreIs,
    compares=True,
    summary="a criterion's points, compared; `\"@criteria\"` in a gate: the total's",
    help={
        "score": (
            "Id of a criterion; its points are compared ('@criteria': the rubric's total, in a "
            "gate)."
        )
    },
    check=_check,
    codes=frozenset(
        {
            "condition.operator",
            "ref.unknown",
            "condition.type",
            "condition.unsatisfiable",
            "condition.always",
            "ref.cycle",
            "ref.zero_max",
        }
    ),
    compile=_compile,
    evaluate=comparing(_measure, excluded_passes=True),
    emit=_emit,
    words=_words,
    describe=_describe,
    # the total reads every criterion, but no condition that reads it is decided before it
    reads=lambda cond, context, inner: {cond.score} if cond.score in context.nodes else set(),
    never=_never,
    targets=_total.targets,
)
