"""The ``boolean`` rule: met or not, ``points`` when the answer is true (yes), 0 otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import msg
from tiercert._kinds import CheckContext, RuleFields, RuleKind, Style, Value
from tiercert._literals import empty_value_problem, parse_bool, parse_number, word_problem
from tiercert._numbers import ZERO, number_words, to_fraction
from tiercert._paths import shown
from tiercert.errors import Path, Problem

from ._answers import negative_points

if TYPE_CHECKING:
    from tiercert.model import Number


class BooleanRule(RuleFields):
    """Met or not: ``points`` when the answer is true, 0 otherwise."""

    __slots__ = ()
    kind: Literal["boolean"]
    points: Number


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("points",)

    def __init__(self, points: Fraction) -> None:
        self.points = points


def _check(rule: BooleanRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points([(rule.points, (*path, "points"))])


def _read(params: Params, value: object) -> tuple[Value | None, str | None]:
    flag = parse_bool(value)
    if flag is None:
        why = word_problem(value, _yes_or_no) or empty_value_problem(value) or _numeral(value)
        if why is not None:  # ＹＥＳ, yes with a zero-width space, #N/A, NaN: what to do
            return None, msg(
                "expected true or false (yes/no), got {value}; {why}", value=shown(value), why=why
            )
        return None, msg("expected true or false (yes/no), got {value}", value=shown(value))
    return flag, None


def _numeral(value: object) -> str | None:
    """What to write for a text that writes 0 or 1 otherwise (``1.0``, ``-0``): a number
    means yes or no by its value, a text by its spelling (docs/assessments.md, "Yes and no")."""
    if not isinstance(value, str):
        return None
    number = parse_number(value)
    if number is None or number not in (0, 1):
        return None
    return msg("a yes or no written as a number is 1 or 0: write {fixed}", fixed=str(number))


def _yes_or_no(text: str) -> str | None:
    return text if parse_bool(text) is not None else None


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    return (params.points if value is True else ZERO), None


def _describe(rule: BooleanRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    return msg("yes → {points}, no → 0", points=number_words(rule.points))


def _hint(rule: BooleanRule, maximum: str) -> str:
    return msg("true or false (true gives {points})", points=number_words(rule.points))


KIND: RuleKind[BooleanRule, Params] = RuleKind(
    name="boolean",
    fields=BooleanRule,
    answer="flag",
    summary="met or not: `points` when the answer is yes, 0 when it is no",
    help={"points": "Points when the answer is true (yes)."},
    example={"kind": "boolean", "points": 5},
    best=lambda rule, declared: to_fraction(rule.points),
    check=_check,
    codes=frozenset({"points.negative"}),
    compile=lambda rule, maximum, evidence: Params(to_fraction(rule.points)),
    read=_read,
    score=_score,
    values=lambda params: (True, False),
    describe=_describe,
    hint=_hint,
    emitter=None,
)
