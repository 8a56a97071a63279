"""The ``bands`` rule: a number mapped to points by contiguous intervals."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from tiercert._i18n import joined, msg
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
from .levels import shown_label

if TYPE_CHECKING:
    from tiercert._compile import LeafPlan
    from tiercert._fast.codegen import Generator
    from tiercert.model import NonEmpty, Number, Text


class ValueRange(Spec):
    """The values an answer may take (inclusive); answers outside are refused."""

    __slots__ = ()
    min: Number | None = None
    max: Number | None = None


class Band(Spec):
    """An interval of values and the points it gives. Omit ``min``/``max`` for an open end."""

    __slots__ = ()
    min: Number | None = None
    max: Number | None = None
    points: Number
    label: Text | None = None


class BandsRule(RuleFields):
    """A number mapped to points by contiguous intervals.

    ``edges: min_inclusive`` (default): each band is ``min <= v < max`` and the last band is
    closed (``min <= v <= max``).  ``edges: max_inclusive``: ``min < v <= max``, the first closed.
    """

    __slots__ = ()
    kind: Literal["bands"]
    bands: NonEmpty[Band]
    edges: Literal["min_inclusive", "max_inclusive"] = "min_inclusive"
    range: ValueRange | None = None
    unit: Text | None = None


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("bands", "high", "low", "min_inclusive")

    def __init__(
        self,
        bands: tuple[tuple[Fraction | None, Fraction | None, Fraction], ...],
        min_inclusive: bool,
        low: Fraction | None,
        high: Fraction | None,
    ) -> None:
        # (low, high, points) per band, None for an open end
        self.bands = bands
        self.min_inclusive = min_inclusive
        # the answers accepted: the range's, else the outer bands' edges
        self.low = low
        self.high = high


def band_of(bands: Sequence[tuple[Any, Any, Any]], min_inclusive: bool, value: Any) -> int | None:
    """The index of the band holding ``value`` (edges as the rubric says), or None.

    Each band starts ``(low, high, ...)``; None is an open end.  With ``min_inclusive`` a band
    holds its lower edge and the last one its upper edge too; otherwise a band holds its upper
    edge and the first one its lower edge too.
    """
    last = len(bands) - 1
    for i, (low, high, *_) in enumerate(bands):
        if min_inclusive:
            inside = (low is None or value >= low) and (
                high is None or value < high or (i == last and value == high)
            )
        else:
            inside = (low is None or value > low or (i == 0 and value == low)) and (
                high is None or value <= high
            )
        if inside:
            return i
    return None


def answer_range(
    declared: ValueRange | None, low: Fraction | None, high: Fraction | None
) -> tuple[Fraction | None, Fraction | None]:
    """The answers a rule accepts: the declared range, each end defaulting to ``low``/``high``."""
    if declared is not None:
        if declared.min is not None:
            low = to_fraction(declared.min)
        if declared.max is not None:
            high = to_fraction(declared.max)
    return low, high


def _accepted(rule: BandsRule) -> tuple[Fraction | None, Fraction | None]:
    first, last = rule.bands[0].min, rule.bands[-1].max
    return answer_range(
        rule.range,
        to_fraction(first) if first is not None else None,
        to_fraction(last) if last is not None else None,
    )


# --- checks -----------------------------------------------------------------------------------


def _check(rule: BandsRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points(
        [(b.points, (*path, "bands", i, "points")) for i, b in enumerate(rule.bands)]
    )
    bands = rule.bands
    last = len(bands) - 1
    for i, band in enumerate(bands):
        here = (*path, "bands", i)
        if band.min is not None and band.max is not None and band.min >= band.max:
            closed = (rule.edges == "min_inclusive" and i == last) or (
                rule.edges == "max_inclusive" and i == 0
            )
            if band.min > band.max or not closed:
                yield Problem(
                    "band.empty",
                    msg(
                        "this band runs from {min} to {max}, so no value falls in it; 'min' "
                        "must be below 'max'",
                        min=number_words(band.min),
                        max=number_words(band.max),
                    ),
                    (*here, "min"),
                )
        if band.min is None and i > 0:
            yield Problem(
                "band.open",
                msg("only the first band may leave out 'min'; add the lower bound"),
                (*here, "min"),
            )
        if band.max is None and i < last:
            yield Problem(
                "band.open",
                msg("only the last band may leave out 'max'; add the upper bound"),
                (*here, "max"),
            )
        if i == 0:
            continue
        before = bands[i - 1]
        if before.max is None or band.min is None:
            continue
        beyond = rule.range is not None and (
            (rule.range.max is not None and before.max >= rule.range.max)
            or (rule.range.min is not None and band.min <= rule.range.min)
        )
        if band.min > before.max and not beyond:
            # a band starting beyond the range is 'band.outside'; the gap ends at the range
            upper = band.min
            if rule.range is not None and rule.range.max is not None:
                upper = min(upper, rule.range.max)
            yield Problem(
                "band.gap",
                msg(
                    "values from {max} to {upper} fall in no band; make this band's 'min' "
                    "equal the previous band's 'max' ({max})",
                    max=number_words(before.max),
                    upper=number_words(upper),
                ),
                (*here, "min"),
            )
        elif band.min < before.max:
            yield Problem(
                "band.overlap",
                msg(
                    "this band starts at {min}, inside the previous band (which ends at "
                    "{max}); bands must not overlap: set 'min' to {write}",
                    min=number_words(band.min),
                    max=number_words(before.max),
                    write=before.max,  # what to write in the file: with its dot
                ),
                (*here, "min"),
            )
    if rule.range is not None:
        low, high = rule.range.min, rule.range.max
        first, final = bands[0], bands[-1]
        if low is not None and first.min is not None and first.min > low:
            yield Problem(
                "band.gap",
                msg(
                    "values from {low} (the range's minimum) to {min} fall in no band; "
                    "start the first band at {low}",
                    low=number_words(low),
                    min=number_words(first.min),
                ),
                (*path, "bands", 0, "min"),
            )
        if high is not None and final.max is not None and final.max < high:
            yield Problem(
                "band.gap",
                msg(
                    "values from {max} to {high} (the range's maximum) fall in no band; "
                    "end the last band at {high}",
                    max=number_words(final.max),
                    high=number_words(high),
                ),
                (*path, "bands", last, "max"),
            )
        for i, band in enumerate(bands):
            outside = (low is not None and band.max is not None and band.max <= low) or (
                high is not None and band.min is not None and band.min >= high and i != last
            )
            if outside or (high is not None and band.min is not None and band.min > high):
                yield Problem(
                    "band.outside",
                    msg(
                        "this band lies outside 'range'{range}; remove it or fix its bounds",
                        range=range_text(low, high, ""),
                    ),
                    (*path, "bands", i),
                )


# --- evaluation -------------------------------------------------------------------------------


def _compile(rule: BandsRule, maximum: Fraction, evidence: tuple[str, ...]) -> Params:
    bands = tuple(
        (
            to_fraction(b.min) if b.min is not None else None,
            to_fraction(b.max) if b.max is not None else None,
            to_fraction(b.points),
        )
        for b in rule.bands
    )
    low, high = answer_range(rule.range, bands[0][0], bands[-1][1])
    return Params(bands, rule.edges == "min_inclusive", low, high)


#: a result's detail for a number in no band (unreachable for checked rubrics)
NO_BAND = msg("no band")


@functools.cache
def band_detail(number: int) -> str:
    """A result's detail for a number in the band ``number`` (from 1): ``band 2``, in any
    language; made once per band (the fast evaluator gives it per answer)."""
    return msg("band {number}", number=number)


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    found = band_of(params.bands, params.min_inclusive, value)
    if found is None:
        return ZERO, NO_BAND  # unreachable for checked rubrics: the range is enforced
    return params.bands[found][2], band_detail(found + 1)


def _emit(gen: Generator, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
    """An if/elif chain over the bands, skipping tests the range (or the bands before)
    already guarantee."""
    params: Params = leaf.params
    last = len(params.bands) - 1
    known_low = params.low  # the range check (or failed earlier bands) guarantee this much
    for b, (low, high, points) in enumerate(params.bands):
        parts = []
        if params.min_inclusive:
            if low is not None and (known_low is None or low > known_low):
                parts.append(f"{value} >= {gen.natural(low)}")
                known_low = None
            elif high is not None:
                known_low = high  # not in this band, and not below it: at least high
            if high is not None and b != last:
                parts.append(f"{value} < {gen.natural(high)}")
            elif high is not None and (params.high is None or high < params.high):
                parts.append(f"{value} <= {gen.natural(high)}")  # the last band is closed
        else:
            if low is not None:
                lower = f"{value} > {gen.natural(low)}"
                if b == 0:
                    lower = f"{value} >= {gen.natural(low)}"
                parts.append(lower)
            if high is not None:
                parts.append(f"{value} <= {gen.natural(high)}")
        if not parts and b:  # the range check leaves only this band
            gen.add(depth, "else:")
            gen.add(depth + 1, f"{s} = {gen.final(leaf, points)}")
            return
        test = " and ".join(parts) or "True"
        gen.add(depth, f"{'if' if b == 0 else 'elif'} {test}:")
        gen.add(depth + 1, f"{s} = {gen.final(leaf, points)}")
    gen.add(depth, "else:")
    gen.add(depth + 1, f"{s} = {gen.final(leaf, ZERO)}")


def _constants(params: Params) -> list[Fraction]:
    values = [v for band in params.bands for v in band if v is not None]
    return values + [v for v in (params.low, params.high) if v is not None]


def _facts(params: Params, maximum: Fraction) -> Callable[[Scaled], tuple[bool, str | None]]:
    """(capped, detail) of a number answer, with the bands' edges as plain ints where whole."""
    bands = tuple(
        (
            _whole(low) if low is not None else None,
            _whole(high) if high is not None else None,
            points > maximum,
        )
        for low, high, points in params.bands
    )
    min_inclusive = params.min_inclusive

    def facts(value: Scaled) -> tuple[bool, str | None]:
        found = band_of(bands, min_inclusive, value)
        if found is None:
            return maximum < ZERO, NO_BAND
        return bands[found][2], band_detail(found + 1)

    return facts


def _whole(value: Fraction) -> Scaled:
    return value.numerator if value.denominator == 1 else value


# --- in words ---------------------------------------------------------------------------------


def _describe(rule: BandsRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    unit = text_in(rule.unit, lang) if rule.unit else ""
    last = len(rule.bands) - 1
    parts = []
    for i, band in enumerate(rule.bands):
        low = with_unit(number_words(band.min), unit) if band.min is not None else None
        high = with_unit(number_words(band.max), unit) if band.max is not None else None
        if rule.edges == "min_inclusive":
            low_op, high_op = "≤", ("≤" if i == last else "<")
        else:
            low_op, high_op = ("≤" if i == 0 else "<"), "≤"
        # joined, not f-strings: the numbers' words keep the reader's decimal mark
        if low is not None and high is not None and band.min == band.max:
            span = joined(" ", ("v =", low))
        elif low is not None and high is not None:
            span = joined(" ", (low, low_op, "v", high_op, high))
        elif low is not None:
            span = joined(" ", ("v", "≥" if low_op == "≤" else ">", low))
        elif high is not None:
            span = joined(" ", ("v", high_op, high))
        else:
            span = msg("any v")
        label = shown_label(text_in(band.label, lang)) if band.label else ""
        points = number_words(band.points)
        parts.append(
            msg("{span} → {points} ({label})", span=span, points=points, label=label)
            if label
            else msg("{span} → {points}", span=span, points=points)
        )
    text = msg("bands: {bands}", bands=joined("; ", parts))
    first, final = rule.bands[0], rule.bands[-1]
    if rule.range is not None and (first.min is None or final.max is None):
        text = msg("{text}{range}", text=text, range=range_text(*_accepted(rule), unit))
    return text


def _answer_range(rule: BandsRule, maximum: Fraction | None) -> NumberRange:
    return NumberRange(*_accepted(rule))


def _hint(rule: BandsRule, maximum: str) -> str:
    return numbers_hint(*_accepted(rule))


KIND: RuleKind[BandsRule, Params] = RuleKind(
    name="bands",
    fields=BandsRule,
    parts=(ValueRange, Band),
    answer="number",
    summary="a number mapped to points by contiguous intervals (bands)",
    help={
        "bands": "The intervals, in increasing order, each with its points.",
        "edges": (
            "Which edge belongs to a band. min_inclusive (default): min <= value < max, the "
            "last band also takes its max. max_inclusive: min < value <= max, the first also "
            "its min."
        ),
        "unit": "The unit of the answer, e.g. % or days (shown to assessors).",
        "range": "The values an answer may take; answers outside are refused.",
        "Band.min": "Lowest value of this band. Leave out on the first band for no limit.",
        "Band.max": "Highest value of this band. Leave out on the last band for no limit.",
        "Band.points": "Points for a value in this band.",
        "Band.label": "A name for this band, shown to people.",
        "ValueRange.min": "Lowest accepted answer (inclusive).",
        "ValueRange.max": "Highest accepted answer (inclusive).",
    },
    example={
        "kind": "bands",
        "bands": [{"min": 0, "max": 50, "points": 0}, {"min": 50, "max": 100, "points": 10}],
    },
    best=lambda rule, declared: max(to_fraction(band.points) for band in rule.bands),
    check=_check,
    codes=frozenset(
        {"points.negative", "band.empty", "band.open", "band.gap", "band.overlap", "band.outside"}
    ),
    compile=_compile,
    read=lambda params, value: read_in_range(value, params.low, params.high),
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=_hint,
    answer_range=_answer_range,
    emitter=Emitter(
        constants=_constants,
        refused=lambda gen, params, var: refused_range(gen, params.low, params.high, var),
        emit=_emit,
        facts=_facts,
        compares=True,
    ),
)
