"""``all``: every condition in the list holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tiercert._i18n import joined, msg
from tiercert._kinds import CheckContext, ConditionFields, ConditionKind
from tiercert.conditions._logic import all_failures

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Logic
    from tiercert.errors import Path, Problem
    from tiercert.model import AllList, Condition


class AllOf(ConditionFields):
    """All of these conditions."""

    __slots__ = ()
    all_: AllList


def _check(cond: AllOf, path: Path, context: CheckContext) -> Iterator[Problem]:
    for i, item in enumerate(cond.all_):
        yield from context.condition(item, (*path, "all", i))


def _compile(cond: AllOf, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Logic

    return Logic(KIND, tuple(inner(c) for c in cond.all_))


def _emit(gen: Any, plan: Logic, inner: Callable[[CondPlan], str]) -> str:
    return "(" + " and ".join(inner(item) for item in plan.items) + ")"


def _words(plan: Logic, inner: Callable[[CondPlan], str]) -> str:
    said = joined("; ", (inner(item) for item in plan.items))
    return msg("all of ({conditions})", conditions=said)


KIND = ConditionKind(
    key="all",
    fields=AllOf,
    compares=False,
    summary="every condition in the list holds",
    help={"all": "Holds when every condition in the list holds."},
    check=_check,
    codes=frozenset(),
    compile=_compile,
    evaluate=all_failures,
    emit=_emit,
    words=_words,
    describe=lambda cond, code, inner: msg(
        "all of ({conditions})", conditions=joined("; ", (inner(c, code) for c in cond.all_))
    ),
    reads=lambda cond, context, inner: set().union(*(inner(c) for c in cond.all_)),
    never=lambda cond, context, inner: any(inner(c) for c in cond.all_),
    targets=lambda plan, rubric, inner: [t for item in plan.items for t in inner(item)],
)
