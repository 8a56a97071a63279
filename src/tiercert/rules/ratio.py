"""The ``ratio`` rule: two counts, a part and its whole (24 of 27 changesets reviewed, 18 of 20
staff trained), and points in proportion to the share, as many schemes score a rate
("điểm = điểm tối đa × tỷ lệ").

The answer is written ``n/d`` (``24/27``) or given as the two numbers (``[24, 27]`` in YAML,
JSON or Python).  Both are counts: whole numbers, 0 or more, the part no larger than the whole;
a whole of 0 has no share (answer ``na`` where the criterion allows it).  The points are
``points × share``, and the full ``points`` from the share ``full_at`` (a percentage) on:
``full_at: 80`` gives ``points × share ÷ 80%`` below 80% ("threshold-capped" rates); never
below ``floor``.  The criterion's rounding then applies, as to every leaf.

The compiled evaluator has no emitter for it: each answer of a ratio criterion is read and
scored by the reference (text must be parsed; a batch remembers each distinct cell), and the
rest of the rubric stays compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import msg
from tiercert._kinds import CheckContext, NumberRange, RuleFields, RuleKind, Style, Value
from tiercert._literals import parse_number, whole_problem
from tiercert._numbers import HUNDRED, ONE, ZERO, display_number, number_words, to_fraction
from tiercert._paths import shown
from tiercert.errors import Path, Problem, Severity
from tiercert.rules._answers import negative_points, why_not

if TYPE_CHECKING:
    from tiercert.model import Number


class RatioRule(RuleFields):
    """Two counts, ``n/d``: ``points`` times the share, full from ``full_at`` percent, never
    below ``floor``."""

    __slots__ = ()
    kind: Literal["ratio"]
    points: Number
    full_at: Number = Decimal(100)
    floor: Number = Decimal(0)


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("floor", "full_at", "points")

    def __init__(self, points: Fraction, full_at: Fraction, floor: Fraction) -> None:
        self.points = points
        self.full_at = full_at  # the share (0 to 1) from which the points are full
        self.floor = floor


def _check(rule: RatioRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points([(rule.points, (*path, "points")), (rule.floor, (*path, "floor"))])
    if not 0 < rule.full_at <= 100:
        yield Problem(
            "ratio.full_at",
            msg(
                "'full_at' is a percentage above 0 and at most 100, got {full_at}; "
                "write 80 for full points from 80%",
                full_at=display_number(rule.full_at),
            ),
            (*path, "full_at"),
        )
    elif rule.full_at <= 1:  # a share written where a percentage is meant
        yield Problem(
            "ratio.full_at",
            msg(
                "'full_at' is a percentage: {written} means {percent}%; for {meant}% write {write}",
                written=display_number(rule.full_at),  # as the file has it, and must
                percent=number_words(rule.full_at),
                meant=number_words(rule.full_at * 100),
                write=display_number(rule.full_at * 100),
            ),
            (*path, "full_at"),
            severity=Severity.WARNING,
        )
    if rule.floor > rule.points:
        yield Problem(
            "ratio.floor",
            msg(
                "the floor {floor} is above the points {points}, so every share would "
                "score the floor; lower 'floor' or raise 'points'",
                floor=number_words(rule.floor),
                points=number_words(rule.points),
            ),
            (*path, "floor"),
        )


# a date a spreadsheet made of 3/4 (4 March): said so, since the fix is in the sheet
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def counts(value: object) -> tuple[tuple[int, int] | None, str | None]:
    """The two counts (part, whole) an answer gives, or what is wrong with it."""
    if isinstance(value, str):
        part, slash, whole = value.partition("/")
        if not slash:
            hint = (
                msg("; a spreadsheet may have turned it into a date: format the column as text")
                if _DATE.match(value.strip())
                else ""
            )
            return None, msg(
                "expected two counts written n/d (e.g. 24/27), got {value}{hint}",
                value=shown(value),
                hint=hint,
            )
        numbers = [part, whole]
    elif isinstance(value, list | tuple) and len(value) == 2:
        numbers = list(value)
    else:
        return None, msg(
            "expected two counts written n/d (e.g. 24/27), got {value}", value=shown(value)
        )
    read = []
    for number in numbers:
        ambiguous = whole_problem(number)  # 12.000: twelve, or twelve thousand?
        found = parse_number(number) if not (isinstance(number, bool) or ambiguous) else None
        if found is None or found.denominator != 1 or found < 0:
            problem = why_not(number, whole=True) if found is None else ""
            return None, (
                msg(
                    "each count is a whole number, 0 or more: {number} is not{problem}",
                    number=shown(number),
                    problem=problem,
                )
            )
        read.append(found.numerator)
    n, d = read
    if d == 0:
        return None, (
            msg(
                "nothing was counted ({n}/0), so there is no share; answer na where "
                "the criterion allows it",
                n=n,
            )
        )
    if n > d:
        return None, (
            msg(
                "{n}/{d} counts more than the whole; write the part first, then the whole", n=n, d=d
            )
        )
    return (n, d), None


def _read(params: Params, value: object) -> tuple[Value | None, str | None]:
    found, message = counts(value)
    if found is None:
        return None, message
    n, d = found
    return Fraction(n, d), None


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    earned = params.points * min(ONE, value / params.full_at)
    return max(params.floor, earned), None


def _describe(rule: RatioRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    text = msg("ratio n/d: {points} × n ÷ d", points=number_words(rule.points))
    if rule.full_at != 100:
        text = msg("{text}, full from {full_at}%", text=text, full_at=number_words(rule.full_at))
    if rule.floor:
        text = msg("{text}, not below {floor}", text=text, floor=number_words(rule.floor))
    return text


def _hint(rule: RatioRule, maximum: str) -> str:
    points = number_words(rule.points)  # points and a share told, in the reader's mark
    if rule.full_at != 100:
        return msg(
            "two counts as n/d, e.g. 24/27 (the share gives up to {points} from {full_at}%)",
            points=points,
            full_at=number_words(rule.full_at),
        )
    return msg("two counts as n/d, e.g. 24/27 (the share gives up to {points})", points=points)


KIND: RuleKind[RatioRule, Params] = RuleKind(
    name="ratio",
    fields=RatioRule,
    answer="number",
    summary=(
        "two counts `n/d` (24 of 27 changesets reviewed): `points` in proportion to the "
        "share, full from `full_at` percent, never below `floor`"
    ),
    help={
        "points": "Points for the whole share (or from 'full_at' on).",
        "full_at": (
            "The share, in percent, from which the points are full (default 100): 80 gives "
            "points x share / 80% below 80%."
        ),
        "floor": "The score never goes below this. Default: 0.",
    },
    example={"kind": "ratio", "points": 10},
    best=lambda rule, declared: max(to_fraction(rule.points), to_fraction(rule.floor)),
    check=_check,
    codes=frozenset({"points.negative", "ratio.full_at", "ratio.floor"}),
    compile=lambda rule, maximum, evidence: Params(
        to_fraction(rule.points), to_fraction(rule.full_at) / HUNDRED, to_fraction(rule.floor)
    ),
    read=_read,
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=_hint,
    emitter=None,  # every answer is read and scored by the reference (see the docstring)
    # a comparison reads the share n/d, not the two counts typed (which have no range)
    compared_range=lambda rule, maximum: NumberRange(ZERO, ONE),
)
