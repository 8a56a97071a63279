"""The ``condition`` rule: no answer, ``points`` when a condition holds (e.g. a group is full)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import msg
from tiercert._kinds import CheckContext, RuleFields, RuleKind, Style, Value
from tiercert._numbers import ZERO, number_words, to_fraction
from tiercert.errors import Path, Problem

from ._answers import negative_points

if TYPE_CHECKING:
    from tiercert.model import Condition, Number


class ConditionRule(RuleFields):
    """No answer: ``points`` when the condition holds (e.g. another group is complete)."""

    __slots__ = ()
    kind: Literal["condition"]
    when: Condition
    points: Number


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("points",)

    def __init__(self, points: Fraction) -> None:
        self.points = points


def _check(rule: ConditionRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points([(rule.points, (*path, "points"))])
    yield from context.condition(rule.when, (*path, "when"))


def _score(params: Params, met: Value) -> tuple[Fraction, str | None]:
    return (params.points if met is True else ZERO), None


def _describe(rule: ConditionRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    from tiercert.explain import describe_condition  # the outputs' layer: only when explaining

    return msg(
        "{points} when {condition}, else 0",
        points=number_words(rule.points),
        condition=describe_condition(rule.when, code),
    )


KIND: RuleKind[ConditionRule, Params] = RuleKind(
    name="condition",
    fields=ConditionRule,
    answer="computed",
    summary="no answer: `points` when the condition `when` holds, 0 otherwise",
    help={
        "when": "The condition (same form as a gate's 'require').",
        "points": "Points when the condition holds; 0 otherwise.",
    },
    example={"kind": "condition", "when": {"percent": "g1", "at_least": 100}, "points": 5},
    best=lambda rule, declared: to_fraction(rule.points),
    check=_check,
    codes=frozenset({"points.negative"}),
    compile=lambda rule, maximum, evidence: Params(to_fraction(rule.points)),
    read=None,
    score=_score,
    values=lambda params: (True, False),
    condition=lambda rule: rule.when,
    describe=_describe,
    hint=lambda rule, maximum: msg("computed by the rubric, do not answer"),
    emitter=None,
)
