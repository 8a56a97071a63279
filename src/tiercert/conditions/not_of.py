"""``not``: the condition does not hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tiercert._i18n import msg
from tiercert._kinds import CheckContext, ConditionFields, ConditionKind

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Logic
    from tiercert._reference import Scoring
    from tiercert.errors import Path, Problem
    from tiercert.model import Condition, NotItem
    from tiercert.result import Failure


class NotOf(ConditionFields):
    """The opposite of a condition."""

    __slots__ = ()
    not_: NotItem


def _check(cond: NotOf, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from context.condition(cond.not_, (*path, "not"))


def _compile(cond: NotOf, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Logic

    return Logic(KIND, (inner(cond.not_),))


def _evaluate(
    run: Scoring, plan: Logic, inner: Callable[[CondPlan], tuple[bool, list[Failure]]]
) -> tuple[bool, list[Failure]]:
    from tiercert.result import Failure  # evaluation only: check never loads results

    held, _ = inner(plan.items[0])
    if held:
        item = plan.items[0]
        return False, [Failure("not", item.kind.words(item, _words_of), True, "equals", False)]
    return True, []


def _words_of(plan: CondPlan) -> str:
    return plan.kind.words(plan, _words_of)


def _emit(gen: Any, plan: Logic, inner: Callable[[CondPlan], str]) -> str:
    return f"(not {inner(plan.items[0])})"


KIND = ConditionKind(
    key="not",
    fields=NotOf,
    compares=False,
    summary="the condition does not hold",
    help={"not": "Holds when this condition does not hold."},
    check=_check,
    codes=frozenset(),
    compile=_compile,
    evaluate=_evaluate,
    emit=_emit,
    words=lambda plan, inner: msg("not ({condition})", condition=inner(plan.items[0])),
    describe=lambda cond, code, inner: msg("not ({condition})", condition=inner(cond.not_, code)),
    reads=lambda cond, context, inner: inner(cond.not_),
    targets=lambda plan, rubric, inner: inner(plan.items[0]),
)
