"""``fact``: compare a fact the assessment gives (``{fact: head_disciplined, equals: false}``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_, msg
from tiercert._kinds import CheckContext, ConditionKind
from tiercert._paths import did_you_mean
from tiercert.conditions._compare import (
    Comparison,
    comparing,
    comparisons,
    has_operator,
    operators,
    values_fit,
    words,
)
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Test
    from tiercert._reference import Scoring
    from tiercert.errors import Path
    from tiercert.model import Condition, Id


class FactIs(Comparison):
    """Compare a fact from the assessment."""

    __slots__ = ()
    fact: Id


def _check(cond: FactIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    fact = context.facts.get(cond.fact)
    if fact is None:
        yield Problem(
            "ref.unknown",
            msg(
                "no fact has the id {fact!r}{hint}",
                fact=cond.fact,
                hint=did_you_mean(cond.fact, context.facts)
                or msg("; declare it under facts: or fix it"),
            ),
            (*path, "fact"),
        )
        return
    yield from values_fit(
        cond,
        path,
        msg("the fact {fact!r}", fact=fact.id),
        fact.type,
        fact.options or [],
        sized=True,
    )


def _compile(cond: FactIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.fact, operators(cond))


def _measure(run: Scoring, target: str) -> tuple[object, bool]:
    return run.inputs.facts.get(target), True


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    j = gen.fact_index[test.target]
    return str(gen.typed(f"f{j}", gen.facts[j].type, test))


KIND = ConditionKind(
    key="fact",
    fields=FactIs,
    compares=True,
    summary="a fact the assessment gives, compared",
    help={"fact": "Id of a fact declared under 'facts'."},
    check=_check,
    codes=frozenset(
        {"condition.operator", "ref.unknown", "condition.value", "condition.unsatisfiable"}
    ),
    compile=_compile,
    evaluate=comparing(_measure),
    emit=_emit,
    words=words(N_("fact")),
    describe=lambda cond, code, inner: msg(
        "fact {fact} {comparisons}", fact=code(cond.fact), comparisons=comparisons(cond, code)
    ),
)
