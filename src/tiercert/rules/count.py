"""The ``count`` rule: ``per_item`` points for each item counted, up to the criterion's max."""

from __future__ import annotations

from collections.abc import Iterator
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


class CountRule(RuleFields):
    """``per_item`` points for each item counted, up to the node's maximum."""

    __slots__ = ()
    kind: Literal["count"]
    per_item: Number
    max_items: Count | None = None


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("max_items", "per_item")

    def __init__(self, per_item: Fraction, max_items: int | None) -> None:
        self.per_item = per_item
        self.max_items = max_items


def _best(rule: CountRule, declared: Fraction | None) -> Fraction | None:
    if rule.max_items is not None:
        return to_fraction(rule.per_item) * rule.max_items
    return declared


def _check(rule: CountRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points([(rule.per_item, (*path, "per_item"))])


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, Fraction)
    return params.per_item * value, None


def _emit(gen: Generator, leaf: LeafPlan, value: str, s: str, depth: int) -> None:
    params: Params = leaf.params
    gen.add(depth, f"{s} = {value} * {gen.scaled(params.per_item)}")
    gen.cap(leaf, s, depth)


def _describe(rule: CountRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    per_item = number_words(rule.per_item)
    if rule.max_items is not None:
        if maximum is not None and to_fraction(rule.per_item) * rule.max_items > maximum:
            return msg(
                "count: {per_item} per item, at most {max_items} items, capped at {maximum}",
                per_item=per_item,
                max_items=rule.max_items,
                maximum=number_words(maximum),
            )
        return msg(
            "count: {per_item} per item, at most {max_items} items",
            per_item=per_item,
            max_items=rule.max_items,
        )
    if maximum is not None:
        return msg(
            "count: {per_item} per item, capped at {maximum}",
            per_item=per_item,
            maximum=number_words(maximum),
        )
    return msg("count: {per_item} per item", per_item=per_item)


def _hint(rule: CountRule, maximum: str) -> str:
    each = number_words(rule.per_item)  # points, in the reader's decimal mark
    if rule.max_items is not None:
        return msg(
            "a whole number of items counted (each gives {each}), at most {max_items}",
            each=each,
            max_items=rule.max_items,
        )
    return msg("a whole number of items counted (each gives {each})", each=each)


def _answer_range(rule: CountRule, maximum: Fraction | None) -> NumberRange:
    most = Fraction(rule.max_items) if rule.max_items is not None else None
    return NumberRange(ZERO, most, whole=True)


KIND: RuleKind[CountRule, Params] = RuleKind(
    name="count",
    fields=CountRule,
    answer="number",
    summary="`per_item` points for each item counted, up to the criterion's `max`",
    help={
        "per_item": "Points for each item counted.",
        "max_items": "Refuse answers above this count.",
    },
    example={"kind": "count", "per_item": 1},
    best=_best,
    max_missing=N_("a 'count' rule needs the criterion's 'max' or the rule's 'max_items'; add one"),
    check=_check,
    codes=frozenset({"points.negative"}),
    compile=lambda rule, maximum, evidence: Params(to_fraction(rule.per_item), rule.max_items),
    read=lambda params, value: read_count(value, params.max_items),
    score=_score,
    values=lambda params: None,
    describe=_describe,
    hint=_hint,
    answer_range=_answer_range,
    emitter=Emitter(
        constants=lambda params: [params.per_item],
        refused=lambda gen, params, var: refused_count(gen, params.max_items, var),
        whole=True,
        emit=_emit,
    ),
)
