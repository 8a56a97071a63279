"""The ``linear`` rule: a number mapped proportionally between two anchors, clamped outside."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import msg
from tiercert._kinds import (
    CheckContext,
    Emitter,
    NumberRange,
    RuleFields,
    RuleKind,
    Scaled,
    Style,
    Value,
)
from tiercert._numbers import ZERO, number_words, to_fraction
from tiercert._shapes import Spec, text_in
from tiercert.errors import Path, Problem

from ._answers import (
    negative_points,
    numbers_hint,
    range_text,
    read_in_range,
    refused_range,
    with_unit,
)
from .bands import ValueRange, answer_range

if TYPE_CHECKING:
    from tiercert._compile import LeafPlan
    from tiercert._fast.codegen import Generator
    from tiercert.model import Number, Text


class Anchor(Spec):
    """A value and the points it gives."""

    __slots__ = ()
    value: Number
    points: Number


class LinearRule(RuleFields):
    """A number mapped proportionally from ``start`` to ``end``, clamped outside them."""

    __slots__ = ()
    kind: Literal["linear"]
    start: Anchor
    end: Anchor
    range: ValueRange | None = None
    unit: Text | None = None


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("end", "high", "low", "start")

    def __init__(
        self,
        start: tuple[Fraction, Fraction],
        end: tuple[Fraction, Fraction],
        low: Fraction | None,
        high: Fraction | None,
    ) -> None:
        # the anchors as (value, points)
        self.start = start
        self.end = end
        # the answers accepted (None: open)
        self.low = low
        self.high = high


def _check(rule: LinearRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points(
        [
            (rule.start.points, (*path, "start", "points")),
            (rule.end.points, (*path, "end", "points")),
        ]
    )
    if rule.start.value == rule.end.value:
        yield Problem(
            "linear.degenerate",
            msg(
                "'start' and 'end' have the same value, so there is nothing to "
                "interpolate; use 'bands' or move one anchor"
            ),
            (*path, "end", "value"),
        )


def _compile(rule: LinearRule, maximum: Fraction, evidence: tuple[str, ...]) -> Params:
    return Params(
        (to_fraction(rule.start.value), to_fraction(rule.start.points)),
        (to_fraction(rule.end.value), to_fraction(rule.end.points)),
        *answer_range(rule.range, None, None),
    )


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    (a, pa), (b, pb) = params.start, params.end
    share = (value - a) / (b - a)
    share = min(max(share, ZERO), Fraction(1))
    return pa + share * (pb - pa), None


def _facts(params: Params, maximum: Fraction) -> Callable[[Scaled], tuple[bool, str | None]]:
    """(capped, detail) of a number answer, as ``_score`` says them (no detail): the share is
    clamped, so the points lie between the anchors' points, and when neither is above the
    maximum no answer is capped, told without ``_score``'s Fraction arithmetic for each
    answer met (the NodeResult of an answer met for the first time is built from this)."""
    (_, start), (_, end) = params.start, params.end
    if max(start, end) <= maximum:
        return _not_capped

    def facts(value: Scaled) -> tuple[bool, str | None]:
        points, detail = _score(params, Fraction(value))
        return points > maximum, detail

    return facts


def _not_capped(value: Scaled) -> tuple[bool, str | None]:
    return False, None


def _emit(gen: Generator, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
    """Clamped at the anchors, proportional between: an exact division only in between."""
    params: Params = leaf.params
    (a, pa), (b, pb) = params.start, params.end
    if a == b:
        gen.unsupported("degenerate linear rule")
    (low, low_points), (high, high_points) = sorted([(a, pa), (b, pb)])
    slope = (gen.num.scaled(pb) - gen.num.scaled(pa)) / (b - a)
    gen.add(depth, f"if {value} <= {gen.natural(low)}:")
    gen.add(depth + 1, f"{s} = {gen.final(leaf, low_points)}")
    gen.add(depth, f"elif {value} >= {gen.natural(high)}:")
    gen.add(depth + 1, f"{s} = {gen.final(leaf, high_points)}")
    gen.add(depth, "else:")
    inner = depth + 1
    gen.exact(inner, value)  # between the anchors the answer enters arithmetic
    # (value - a) * slope on the integers of value = p / q and of a: one division of
    # integers, a Fraction only when it is not whole (a Fraction's arithmetic, each operation
    # through the numbers ABCs, cost several times more); an int's own (reading an int's
    # numerator costs more than the arithmetic)
    aq, ap = gen.integer(a.denominator), gen.integer(a.numerator)
    unit = a.denominator * slope.denominator
    gen.add(inner, f"if _T({value}) is int:")
    whole = f"({value} * {aq} - {ap}) * {gen.integer(slope.numerator)}"
    if unit == 1:
        gen.add(inner + 1, f"{s} = {whole}")
    else:
        u = gen.integer(unit)
        gen.add(inner + 1, f"lt = {whole}")
        gen.add(inner + 1, f"{s} = lt // {u} if lt % {u} == 0 else {gen.share('lt', u, unit)}")
    gen.add(inner, "else:")
    top = f"({value}.numerator * {aq} - {ap} * {value}.denominator)"
    gen.add(inner + 1, f"lt = {top} * {gen.integer(slope.numerator)}")
    gen.add(inner + 1, f"lu = {value}.denominator * {gen.integer(unit)}")
    gen.add(inner + 1, f"{s} = lt // lu if lt % lu == 0 else {gen.share('lt', 'lu', unit)}")
    gen.add(inner, f"{s} += {gen.scaled(pa)}")
    gen.cap(leaf, s, inner)


def _describe(rule: LinearRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    unit = text_in(rule.unit, lang) if rule.unit else ""
    number = number_words
    text = msg(
        "proportional: {start} → {start_points} to {end} → {end_points}, clamped outside",
        start=with_unit(number(rule.start.value), unit),
        start_points=number(rule.start.points),
        end=with_unit(number(rule.end.value), unit),
        end_points=number(rule.end.points),
    )
    if rule.range is not None:
        return msg(
            "{text}{range}", text=text, range=range_text(rule.range.min, rule.range.max, unit)
        )
    return text


def _accepted(rule: LinearRule) -> tuple[Fraction | None, Fraction | None]:
    return answer_range(rule.range, None, None)


KIND: RuleKind[LinearRule, Params] = RuleKind(
    name="linear",
    fields=LinearRule,
    parts=(ValueRange, Anchor),
    answer="number",
    summary="a number mapped proportionally between two anchors, clamped outside them",
    help={
        "start": "The value that gives the start points (below it: clamped).",
        "end": "The value that gives the end points (beyond it: clamped).",
        "unit": "The unit of the answer, e.g. % or days (shown to assessors).",
        "range": "The values an answer may take; answers outside are refused.",
        "Anchor.value": "An answer value.",
        "Anchor.points": "The points that value gives.",
    },
    example={
        "kind": "linear",
        "start": {"value": 0, "points": 0},
        "end": {"value": 100, "points": 10},
    },
    best=lambda rule, declared: max(to_fraction(rule.start.points), to_fraction(rule.end.points)),
    check=_check,
    codes=frozenset({"points.negative", "linear.degenerate"}),
    compile=_compile,
    read=lambda params, value: read_in_range(value, params.low, params.high),
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=lambda rule, maximum: numbers_hint(*_accepted(rule)),
    answer_range=lambda rule, maximum: NumberRange(*_accepted(rule)),
    emitter=Emitter(
        constants=lambda params: (
            [*params.start, *params.end] + [v for v in (params.low, params.high) if v is not None]
        ),
        refused=lambda gen, params, var: refused_range(gen, params.low, params.high, var),
        emit=_emit,
        facts=_facts,
        compares=True,
    ),
)
