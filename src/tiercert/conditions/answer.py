"""``answer``: compare the raw answer given to a criterion (``na`` for not applicable)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_, msg
from tiercert._kinds import AnswerType, CheckContext, ConditionKind
from tiercert._literals import whole_problem
from tiercert._maxima import node_max
from tiercert._numbers import number_words
from tiercert.conditions._bounds import always_in, contradiction, never_in
from tiercert.conditions._compare import (
    Comparison,
    compared_numbers,
    comparing,
    comparisons,
    has_operator,
    operators,
    values_fit,
    words,
)
from tiercert.conditions._node import always_holds, criterion, may_be_hidden
from tiercert.errors import Problem
from tiercert.rules import RULES
from tiercert.rules._answers import thousands_problem

if TYPE_CHECKING:
    from fractions import Fraction

    from tiercert._compile import CondPlan, Plan, Test
    from tiercert._kinds import NumberRange
    from tiercert._parts import Node
    from tiercert._reference import Scoring
    from tiercert.errors import Path
    from tiercert.model import Condition, Id


class AnswerIs(Comparison):
    """Compare the raw answer given to a criterion (``na`` for not applicable)."""

    __slots__ = ()
    answer: Id


#: what a comparison with an answer compares, by the kind of answer (computed ones have none)
COMPARED: dict[AnswerType, str] = {
    "flag": "boolean",
    "choice": "choice",
    "number": "number",
    "computed": "",
}


def _check(cond: AnswerIs, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from has_operator(cond, path)
    target = cond.answer
    node, problems = criterion(target, "answer", path, context)
    yield from problems
    if node is None:
        return
    if node.rule is None:
        yield Problem(
            "ref.group",
            msg(
                "{target!r} is a group and has no answer of its own; compare its 'score' instead",
                target=target,
            ),
            (*path, "answer"),
        )
        return
    kind = RULES[node.rule.kind]
    if not kind.computed:
        yield from values_fit(
            cond,
            path,
            msg("the answer to {target!r}", target=target),
            COMPARED[kind.answer],
            kind.sheet_choices(node.rule),
            na=node.na is not None,
        )
        if kind.answer == "number":
            yield from _grouped(cond, path, target, kind.answer_range, node)
            yield from _beyond(cond, path, target, context)


def _grouped(
    cond: AnswerIs,
    path: Path,
    target: str,
    numbers: Callable[[Any, Fraction | None], NumberRange | None] | None,
    node: Node,
) -> Iterator[Problem]:
    """``condition.value`` for a value written like ``1.500`` compared with a number answer
    that its rule would refuse so written (:func:`read_in_range`): 1.5 or 1500, when both are
    answers the rule takes (a whole answer refuses it whatever it reads as)."""
    span = numbers(node.rule, node_max(node)) if numbers is not None else None
    if span is None:
        return
    for value, where in compared_numbers(cond, path):
        if span.whole:
            why = whole_problem(value)
            message = why and msg(
                "{what} is a whole number, and {value} is written with a dot; {why}",
                what=msg("the answer to {target!r}", target=target),
                value=str(value),
                why=why,
            )
        else:
            why = thousands_problem(value, span.low, span.high)
            message = why and msg(
                "compared with the answer to {target!r}, {why}", target=target, why=why
            )
        if message:
            yield Problem("condition.value", message, where)


def _accepted(target: str, context: CheckContext) -> tuple[Fraction | None, Fraction | None]:
    """The numbers an answer to ``target`` may be, as its rule reads them (an answer taken
    from another criterion's: that one's), (None, None) when not known or not bounded."""
    node = context.nodes.get(target)
    source = context.nodes.get(node.answer_from) if node and node.answer_from else node
    if source is None or source.rule is None:
        return None, None
    kind = RULES[source.rule.kind]
    if kind.answer != "number" or kind.compared_range is None:
        return None, None
    maximum = node_max(source)
    if maximum is None:  # (a direct rule's answers run to a maximum not known)
        return None, None
    span = kind.compared_range(source.rule, maximum)
    return (span.low, span.high) if span is not None else (None, None)


def _beyond(cond: AnswerIs, path: Path, target: str, context: CheckContext) -> Iterator[Problem]:
    """``condition.unsatisfiable`` for a comparison no answer its rule accepts can pass;
    ``condition.always`` for one every answer passes (an answer N/A passes no comparison of
    numbers, nor one hidden by a group scored directly: then it is not told)."""
    low, high = _accepted(target, context)
    if low is None and high is None:
        return
    if contradiction(cond) is not None:
        return  # told where it is written (has_operator), whatever the answer
    if not never_in(cond, low, high):
        if always_in(cond, low, high) and not _may_fail(target, context):
            said = msg(
                "the answer to {target!r} is {numbers}", target=target, numbers=_numbers(low, high)
            )
            yield from always_holds(path, said, context)
        return
    if low is not None and high is not None:
        said = msg(
            "no unit can satisfy this comparison: the answer to {target!r} is a number from "
            "{low} to {high}; compare it with numbers in that range",
            target=target,
            low=number_words(low),
            high=number_words(high),
        )
    elif low is not None:
        said = msg(
            "no unit can satisfy this comparison: the answer to {target!r} is a number of at "
            "least {low}; compare it with numbers in that range",
            target=target,
            low=number_words(low),
        )
    else:
        assert high is not None
        said = msg(
            "no unit can satisfy this comparison: the answer to {target!r} is a number of at "
            "most {high}; compare it with numbers in that range",
            target=target,
            high=number_words(high),
        )
    yield Problem("condition.unsatisfiable", said, path)


def _numbers(low: Fraction | None, high: Fraction | None) -> str:
    """The numbers from ``low`` to ``high`` (None: open, not both), in words."""
    if low is not None and high is not None:
        return msg("a number from {low} to {high}", low=number_words(low), high=number_words(high))
    if low is not None:
        return msg("a number of at least {low}", low=number_words(low))
    assert high is not None
    return msg("a number of at most {high}", high=number_words(high))


def _may_fail(target: str, context: CheckContext) -> bool:
    """Whether the answer to ``target`` may be one no comparison of numbers passes: N/A (its
    own or that of the criterion it reads), or not known (below a group scored directly)."""
    node = context.nodes[target]
    source = context.nodes.get(node.answer_from) if node.answer_from else node
    return (
        node.na is not None
        or (source is not None and source.na is not None)
        or may_be_hidden(target, context)
        or (node.answer_from is not None and may_be_hidden(node.answer_from, context))
    )


def _never(cond: AnswerIs, context: CheckContext, inner: Callable[[Condition], bool]) -> bool:
    low, high = _accepted(cond.answer, context)
    return (low is not None or high is not None) and never_in(cond, low, high)


def _compile(cond: AnswerIs, inner: Callable[[Condition], CondPlan]) -> CondPlan:
    from tiercert._compile import Test

    return Test(KIND, cond.answer, operators(cond))


def _measure(run: Scoring, target: str) -> tuple[object, bool]:
    node = run.plan.nodes[target]
    source = getattr(node, "answer_from", None)  # a leaf reading another's answer
    answer = run.inputs.leaves.get(source or target)
    if target in run.unscored:
        return None, False
    return (answer.value if answer is not None else None), True


def _emit(gen: Any, test: Test, inner: Callable[[CondPlan], str]) -> str:
    node = gen.plan.nodes[test.target]
    if node.kind.computed:  # no answer: a value that is None
        return str(gen.static(None, test))
    source = gen.plan.nodes[node.answer_from] if node.answer_from else node
    var = f"a{gen.index[source.id]}"
    return str(gen.guarded(node, gen.typed(var, _TYPED[source.kind.answer], test)))


#: how generated code tests an answer's value, by the kind of answer
_TYPED: dict[AnswerType, str] = {
    "flag": "answer_bool",
    "choice": "answer_text",
    "number": "answer_number",
    "computed": "",
}


def _answers(test: Test, plan: Plan) -> list[str]:
    return [test.target]


KIND = ConditionKind(
    key="answer",
    fields=AnswerIs,
    compares=True,
    summary="the answer given to a criterion, compared",
    help={"answer": "Id of a leaf criterion; its raw answer is compared ('na' for N/A)."},
    check=_check,
    codes=frozenset(
        {
            "condition.operator",
            "ref.unknown",
            "ref.group",
            "condition.value",
            "condition.unsatisfiable",
            "condition.always",
        }
    ),
    compile=_compile,
    evaluate=comparing(_measure),
    emit=_emit,
    words=words(N_("answer")),
    describe=lambda cond, code, inner: msg(
        "answer to {criterion} {comparisons}",
        criterion=code(cond.answer),
        comparisons=comparisons(cond, code),
    ),
    answers=_answers,
    never=_never,
)
