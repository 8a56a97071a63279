"""The ``deduction`` rule: start full, subtract ``per_item`` per occurrence, down to ``floor``."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._i18n import N_, msg
from tiercert._kinds import CheckContext, Emitter, NumberRange, RuleFields, RuleKind, Style, Value
from tiercert._numbers import ZERO, number_words, to_fraction
from tiercert.errors import Path, Problem

from ._answers import negative_points, read_count, refused_count

if TYPE_CHECKING:
    from tiercert._compile import LeafPlan
    from tiercert._fast.codegen import Generator
    from tiercert.model import Count, Number


class DeductionRule(RuleFields):
    """Start from ``start`` (default: the node's maximum), subtract ``per_item`` per occurrence,
    never below ``floor``."""

    __slots__ = ()
    kind: Literal["deduction"]
    per_item: Number
    start: Number | None = None
    floor: Number = Decimal(0)
    max_items: Count | None = None


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("base", "floor", "max_items", "per_item")

    def __init__(
        self, per_item: Fraction, base: Fraction, floor: Fraction, max_items: int | None
    ) -> None:
        self.per_item = per_item
        self.base = base  # the points before any deduction
        self.floor = floor
        self.max_items = max_items


def _check(rule: DeductionRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    # per_item and floor say what is wrong in the rule's own words: "points cannot be
    # negative (a 'deduction' rule takes points away)" read oddly in a deduction rule
    if rule.per_item < 0:
        yield Problem(
            "points.negative",
            msg(
                "per_item is the points taken away for each occurrence, written without a "
                "minus sign ({value}); write per_item: {positive}",
                value=rule.per_item,
                positive=-rule.per_item,
            ),
            (*path, "per_item"),
        )
    if rule.floor < 0:
        yield Problem(
            "points.negative",
            msg(
                "the floor cannot be negative ({value}): it is the lowest score the criterion "
                "gets, and points are never negative; write floor: 0 (the default) or more",
                value=rule.floor,
            ),
            (*path, "floor"),
        )
    if rule.start is not None:
        yield from negative_points([(rule.start, (*path, "start"))])


def _compile(rule: DeductionRule, maximum: Fraction, evidence: tuple[str, ...]) -> Params:
    return Params(
        to_fraction(rule.per_item),
        to_fraction(rule.start) if rule.start is not None else maximum,
        to_fraction(rule.floor),
        rule.max_items,
    )


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    return max(params.floor, params.base - params.per_item * value), None


def _emit(gen: Generator, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
    params: Params = leaf.params
    gen.add(depth, f"{s} = {gen.scaled(params.base)} - {value} * {gen.scaled(params.per_item)}")
    gen.add(depth, f"if {s} < {gen.scaled(params.floor)}:")
    gen.add(depth + 1, f"{s} = {gen.scaled(params.floor)}")
    gen.cap(leaf, s, depth)


def _describe(rule: DeductionRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    start = rule.start if rule.start is not None else maximum
    text = msg(
        "deduction: {start} minus {per_item} per occurrence, not below {floor}",
        start=number_words(start) if start is not None else "?",
        per_item=number_words(rule.per_item),
        floor=number_words(rule.floor),
    )
    if rule.max_items is not None:
        return msg("{text} (at most {max_items} occurrences)", text=text, max_items=rule.max_items)
    return text


def _hint(rule: DeductionRule, maximum: str) -> str:
    each = number_words(rule.per_item)  # points, in the reader's decimal mark
    if rule.max_items is not None:
        return msg(
            "a whole number of occurrences (each deducts {each}), at most {max_items}",
            each=each,
            max_items=rule.max_items,
        )
    return msg("a whole number of occurrences (each deducts {each})", each=each)


def _answer_range(rule: DeductionRule, maximum: Fraction | None) -> NumberRange:
    most = Fraction(rule.max_items) if rule.max_items is not None else None
    return NumberRange(ZERO, most, whole=True)


KIND: RuleKind[DeductionRule, Params] = RuleKind(
    name="deduction",
    fields=DeductionRule,
    answer="number",
    summary=(
        "start from `start` (default: the criterion's `max`), subtract `per_item` per "
        "occurrence, never below `floor`"
    ),
    help={
        "per_item": "Points taken away for each occurrence.",
        "start": "Points before deductions. Default: the criterion's max.",
        "floor": "The score never goes below this. Default: 0.",
        "max_items": "Refuse answers above this count.",
    },
    example={"kind": "deduction", "per_item": 1},
    best=lambda rule, declared: to_fraction(rule.start) if rule.start is not None else declared,
    max_missing=N_("a 'deduction' rule needs 'start' or the criterion's 'max'; add one"),
    check=_check,
    codes=frozenset({"points.negative"}),
    compile=_compile,
    read=lambda params, value: read_count(value, params.max_items),
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=_hint,
    answer_range=_answer_range,
    emitter=Emitter(
        constants=lambda params: [params.per_item, params.base, params.floor],
        refused=lambda gen, params, var: refused_count(gen, params.max_items, var),
        whole=True,
        emit=_emit,
    ),
)
