"""``percent``: compare a criterion's points as a percentage of its maximum."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from tiercert._i18n import N_, msg
from tiercert._kinds import CheckContext, ConditionKind
from tiercert._maxima import node_max, percent_top
from tiercert._numbers import HUNDRED, ZERO, number_words
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


class PercentIs(Comparison):
    """Compare a node's points as a percentage of its maximum (``@criteria``: the rubric's
    total, in a gate)."""

    __slots__ = ()
    percent: Id | Literal["@criteria"]


def _check(cond: PercentIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    if _total.is_total(cond.percent):
        yield from _total.check(cond, "percent", path, context)
        return
    node, problems = criterion(cond.percent, "percent", path, context)
    yield from problems
    if node is None:
        return
    yield from numeric_only(cond, path)
    maximum = node_max(node)
    top = percent_top(node)  # above 100 with bonus children
    what = msg("the percentage of {percent!r}", percent=cond.percent)
    yield from grouped_thresholds(cond, path, ZERO, top if top is not None else HUNDRED, what)
    if maximum == 0:
        yield Problem(
            "ref.zero_max",
            msg(
                "{percent!r} has a maximum of 0, so it has no percentage; compare its "
                "'answer' instead",
                percent=cond.percent,
            ),
            (*path, "percent"),
        )
    elif top is not None and unsatisfiable(cond, top):
        yield Problem("condition.unsatisfiable", out_of_reach(cond.percent, top), path)
    elif (
        top is not None and always_in(cond, ZERO, top) and not may_be_hidden(cond.percent, context)
    ):
        said = msg(
            "the percentage of {percent!r} runs from 0 to {maximum}",
            percent=cond.percent,
            maximum=number_words(top),
        )
        yield from always_holds(path, said, context)


def out_of_reach(target: str, top: Fraction) -> str:
    """What ``condition.unsatisfiable`` says of a comparison of ``target``'s percentage,
    which runs from 0 to ``top`` (100, or above it with bonus children)."""
    if top == HUNDRED:
        return msg(
            "no unit can satisfy this comparison: a percentage runs from 0 to 100; "
            "change its numbers"
        )
    return msg(
        "no unit can satisfy this comparison: the percentage of {percent!r} runs from "
        "0 to {maximum} with its bonus criteria; change its numbers",
        percent=target,
        maximum=number_words(top),
    )


def _never(cond: PercentIs, context: CheckContext, inner: Callable[[Condition], bool]) -> bool:
    if _total.is_total(cond.percent):
        return _total.never(cond, "percent", context)
    node = context.nodes.get(cond.percent)
    top = percent_top(node) if node is not None else None
    return top is not None and unsatisfiable(cond, top)


def _compile(cond: PercentIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.percent, operators(cond))


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    if _total.is_total(test.target):
        return _total.emit(gen, test, percent=True)
    node = gen.plan.nodes[test.target]
    if node.max == 0:
        expr = gen.static(ZERO, test)
    else:
        expr = gen.numbers(gen.v("s", node), test, node.max * gen.num.scale / HUNDRED)
    return str(gen.guarded(node, gen.excludable(node, expr)))


def _measure(run: Any, target: str) -> tuple[object, bool]:
    if _total.is_total(target):
        return _total.measure(run, percent=True)
    return scored(run, target, True)


def _words(test: Test, inner: Callable[[CondPlan], str]) -> str:
    if _total.is_total(test.target):
        return _total.words(test, percent=True)
    return words(N_("percentage of"))(test, inner)


def _describe(cond: PercentIs, code: Any, inner: Any) -> str:
    if _total.is_total(cond.percent):
        return msg(
            "the total {comparisons} of the rubric's maximum",
            comparisons=comparisons(cond, code, "%"),
        )
    return msg(
        "{criterion} {comparisons} of its maximum",
        criterion=code(cond.percent),
        comparisons=comparisons(cond, code, "%"),
    )


KIND = ConditionKind(
    key="percent",
    fields=PercentIs,
    compares=True,
    summary=(
        'a criterion\'s points as a percentage of its maximum, compared; `"@criteria"` in a '
        "gate: the total's, of the rubric's maximum"
    ),
    help={
        "percent": (
            "Id of a criterion; its points as % of its maximum are compared ('@criteria': the "
            "rubric's total as % of the rubric's maximum, in a gate)."
        )
    },
    check=_check,
    codes=frozenset(
        {
            "condition.operator",
            "ref.unknown",
            "condition.type",
            "ref.zero_max",
            "condition.unsatisfiable",
            "condition.always",
            "ref.cycle",
        }
    ),
    compile=_compile,
    evaluate=comparing(_measure, excluded_passes=True),
    emit=_emit,
    words=_words,
    describe=_describe,
    reads=lambda cond, context, inner: {cond.percent} if cond.percent in context.nodes else set(),
    never=_never,
    targets=_total.targets,
)
