"""The ``direct`` rule: the assessor enters the points, anywhere from 0 to the maximum."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import N_, msg
from tiercert._kinds import CheckContext, Emitter, NumberRange, RuleFields, RuleKind, Style, Value
from tiercert._numbers import ZERO, number_words
from tiercert.errors import Path, Problem

from ._answers import read_in_range, refused_range

if TYPE_CHECKING:
    from tiercert._compile import LeafPlan
    from tiercert._fast.codegen import Generator


class DirectRule(RuleFields):
    """The assessor enters the points, anywhere in ``[0, max]``."""

    __slots__ = ()
    kind: Literal["direct"]


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("high",)

    def __init__(self, high: Fraction) -> None:
        self.high = high  # the criterion's maximum: the most an assessor may give


def _check(rule: DirectRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    return iter(())


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    return value, None


def _emit(gen: Generator, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
    scale = gen.integer(gen.num.scale)
    gen.add(depth, f"if _T({value}) is int:")
    gen.add(depth + 1, f"{s} = {value} * {scale}")
    # a decimal of no more places than the scale's: a whole number of its units (no Fraction
    # arithmetic in every sum above it)
    gen.add(depth, f"elif {scale} % {value}.denominator == 0:")
    gen.add(depth + 1, f"{s} = {value}.numerator * ({scale} // {value}.denominator)")
    gen.add(depth, "else:")
    gen.add(depth + 1, f"{s} = {value} * {scale}")
    gen.cap(leaf, s, depth)


def _describe(rule: DirectRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    return msg(
        "points given by the assessor, 0 to {maximum}",
        maximum=number_words(maximum) if maximum is not None else "?",
    )


KIND: RuleKind[DirectRule, Params] = RuleKind(
    name="direct",
    fields=DirectRule,
    answer="number",
    summary="the assessor enters the points, from 0 to the criterion's `max`",
    help={"kind": "Which scoring rule this is."},
    example={"kind": "direct"},
    best=lambda rule, declared: declared,
    max_missing=N_("a 'direct' rule needs the criterion's 'max'; add 'max'"),
    check=_check,
    codes=frozenset(),
    compile=lambda rule, maximum, evidence: Params(maximum),
    read=lambda params, value: read_in_range(value, ZERO, params.high),
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=lambda rule, maximum: msg("points from 0 to {maximum}", maximum=maximum),
    answer_range=lambda rule, maximum: NumberRange(ZERO, maximum or ZERO),
    emitter=Emitter(
        constants=lambda params: [ZERO, params.high],
        refused=lambda gen, params, var: refused_range(gen, ZERO, params.high, var),
        emit=_emit,
        fine=True,
    ),
)
