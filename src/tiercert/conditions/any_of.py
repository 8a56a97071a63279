"""``any``: at least one condition in the list holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tiercert._i18n import joined, msg
from tiercert._kinds import CheckContext, ConditionFields, ConditionKind

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Logic
    from tiercert._reference import Scoring
    from tiercert.errors import Path, Problem
    from tiercert.model import AnyList, Condition
    from tiercert.result import Failure


class AnyOf(ConditionFields):
    """At least one of these conditions."""

    __slots__ = ()
    any_: AnyList


def _check(cond: AnyOf, path: Path, context: CheckContext) -> Iterator[Problem]:
    for i, item in enumerate(cond.any_):
        yield from context.condition(item, (*path, "any", i))


def _compile(cond: AnyOf, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Logic

    return Logic(KIND, tuple(inner(c) for c in cond.any_))


def _evaluate(
    run: Scoring, plan: Logic, inner: Callable[[CondPlan], tuple[bool, list[Failure]]]
) -> tuple[bool, list[Failure]]:
    results = [inner(item) for item in plan.items]
    if any(ok for ok, _ in results):
        return True, []
    if len(results) == 1:
        return False, results[0][1]
    from tiercert.result import Failure  # evaluation only: check never loads results

    # not every case's comparisons (a case per combination of facts would list them all): how
    # many cases there were, then the failures of the nearest case (_distance); of cases as
    # near, each, after an "or"
    cases = [fs for _, fs in results]
    near = min(_distance(fs) for fs in cases)
    failures = [Failure("any", str(len(cases)), False, "equals", True)]
    for fs in cases:
        if _distance(fs) == near:
            if len(failures) > 1:
                failures.append(Failure("or", "", False, "equals", True))
            failures += fs
    return False, failures


def _distance(failures: list[Failure]) -> tuple[int, int]:
    """How far a case is from holding: first the facts it compares that do not match (facts say
    what a unit is: a case whose facts differ does not apply to it), then every comparison that
    failed (the lines an ``any`` inside it adds are none)."""
    facts = sum(1 for f in failures if f.subject == "fact")
    return facts, sum(1 for f in failures if f.subject not in ("any", "or"))


def _emit(gen: Any, plan: Logic, inner: Callable[[CondPlan], str]) -> str:
    return "(" + " or ".join(inner(item) for item in plan.items) + ")"


def _words(plan: Logic, inner: Callable[[CondPlan], str]) -> str:
    said = joined("; ", (inner(item) for item in plan.items))
    return msg("any of ({conditions})", conditions=said)


KIND = ConditionKind(
    key="any",
    fields=AnyOf,
    compares=False,
    summary="at least one condition in the list holds",
    help={"any": "Holds when at least one condition in the list holds."},
    check=_check,
    codes=frozenset(),
    compile=_compile,
    evaluate=_evaluate,
    emit=_emit,
    words=_words,
    describe=lambda cond, code, inner: msg(
        "any of ({conditions})", conditions=joined("; ", (inner(c, code) for c in cond.any_))
    ),
    reads=lambda cond, context, inner: set().union(*(inner(c) for c in cond.any_)),
    never=lambda cond, context, inner: all(inner(c) for c in cond.any_),
    targets=lambda plan, rubric, inner: [t for item in plan.items for t in inner(item)],
)
