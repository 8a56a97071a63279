"""``score: "@criteria"`` and ``percent: "@criteria"``: a gate compares the rubric's total.

The total compared is the one tiers compare: the root's points after the rubric's
``rounding.total`` and capped at its maximum with bonus (``Result.total``); its percentage is
that total exactly as a percentage of the rubric's maximum without bonus (the base of
``Result.percentage``), *not* the shown percentage after ``rounding.percentage``, so that a
gate at 90 % and a tier at 90 % of the points decide alike.

Only a gate may compare it: a gate is decided once the total is known.  A condition rule's
``when`` is decided while the criteria are scored, and its points are part of the total, so
the checks refuse it there (``ref.cycle``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from tiercert._i18n import msg
from tiercert._kinds import ROOT_ID
from tiercert._numbers import HUNDRED, ZERO, number_words
from tiercert.conditions._compare import (
    Comparison,
    FactValue,
    grouped_thresholds,
    numeric_only,
    operator_words,
    unsatisfiable,
)
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, GatePlan, Plan, Test
    from tiercert._kinds import CheckContext, TotalSpan
    from tiercert._reference import Scoring
    from tiercert.errors import Path


def is_total(target: object) -> bool:
    """Whether a comparison names the rubric's total (``"@criteria"``), not a criterion."""
    return target == ROOT_ID


def percent_top(span: TotalSpan) -> Fraction | None:
    """The highest percentage the total can reach: above 100 with bonus points, the more
    while future criteria wait (None when not known, or the rubric's maximum is 0)."""
    if span.base is None or span.top is None:
        return None
    base = span.least if span.least is not None else span.base
    if not base:
        return None
    return (base + span.top - span.base) * HUNDRED / base  # the bonus above the least base


def check(cond: Comparison, key: str, path: Path, context: CheckContext) -> Iterator[Problem]:
    """The problems of a comparison of the total (``key``: ``score`` or ``percent``)."""
    span = context.total
    if span is None:
        yield Problem(
            "ref.cycle",
            msg(
                "a condition rule is decided while the criteria are scored, and its points "
                "are part of the total, so its condition cannot compare the total; compare "
                "a criterion's score or percentage here, or compare the total in a gate"
            ),
            (*path, key),
        )
        return
    yield from numeric_only(cond, path)
    if key == "percent":
        if span.base == 0:
            yield Problem(
                "ref.zero_max",
                msg(
                    "the rubric's maximum is 0, so the total has no percentage; compare "
                    "'score: \"@criteria\"' instead"
                ),
                (*path, key),
            )
            return
        top = percent_top(span)
        yield from grouped_thresholds(cond, path, ZERO, top, msg("the total's percentage"))
        if top is not None and unsatisfiable(cond, top):
            yield Problem(
                "condition.unsatisfiable",
                msg(
                    "no unit can satisfy this comparison: the total's percentage runs from 0 "
                    "to {maximum}; change its numbers",
                    maximum=number_words(top),
                ),
                path,
            )
        return
    yield from grouped_thresholds(cond, path, ZERO, span.top, msg("the total"))
    if span.top is not None and unsatisfiable(cond, span.top):
        yield Problem(
            "condition.unsatisfiable",
            msg(
                "no unit can satisfy this comparison: the total runs from 0 to {maximum}; "
                "change its numbers",
                maximum=number_words(span.top),
            ),
            path,
        )


def never(cond: Comparison, key: str, context: CheckContext) -> bool:
    """Whether a comparison of the total can never hold (then no gate on it can pass)."""
    span = context.total
    if span is None or span.top is None or span.top <= 0:
        return False
    top = percent_top(span) if key == "percent" else span.top
    return top is not None and unsatisfiable(cond, top)


def targets(test: Test, plan: Plan, inner: Callable[[CondPlan], list[str]]) -> list[str]:
    """The criteria a comparison of a score or a percentage reads: none for the total."""
    return [] if is_total(test.target) else [test.target]


def measure(run: Scoring, percent: bool) -> tuple[object, bool]:
    """The total as the reference compares it: (value, known)."""
    total = run.total
    assert total is not None, "only a gate compares the total, once it is known"
    if not percent:
        return total, True
    maximum = run.plan.root.max
    return (total * HUNDRED / maximum if maximum else ZERO), True


def emit(gen: Any, test: Test, percent: bool) -> str:
    """The comparison in generated code: ``T`` is the total (in units of ``1/scale``), set
    before the gates are decided."""
    total = gen.total()
    if not percent:
        return str(gen.numbers(total, test, Fraction(gen.num.scale)))
    maximum = gen.plan.root.max
    if not maximum:
        return str(gen.static(ZERO, test))
    return str(gen.numbers(total, test, maximum * gen.num.scale / HUNDRED))


def words(test: Test, percent: bool) -> str:
    """The comparison in words, as a ``not`` around it says what held: ``the total at least
    90`` (a comparison's words are the rubric's own terms, as ``score g1 at least 5``)."""
    ops = operator_words(test)
    if percent:
        return msg("percentage of the total {operators}", operators=ops)
    return msg("the total {operators}", operators=ops)


def total_edges(gates: Iterable[GatePlan], maximum: Fraction) -> tuple[Fraction, ...]:
    """The percentages of ``maximum`` at which ``gates`` compare the total with a number (a
    fact's value differs by unit: not among them), in order, once each."""
    from tiercert._compile import Logic

    found: list[Fraction] = []

    def walk(cond: CondPlan) -> None:
        if isinstance(cond, Logic):
            for item in cond.items:
                walk(item)
            return
        if cond.kind.key not in ("score", "percent") or not is_total(cond.target):
            return
        for _, expected in cond.operators:
            for value in expected if isinstance(expected, tuple) else (expected,):
                if isinstance(value, Fraction):
                    found.append(value if cond.kind.key == "percent" else value * HUNDRED / maximum)

    if maximum:
        for gate in gates:
            walk(gate.when)
    return tuple(sorted(set(found)))


def total_operands(
    cond: CondPlan, maximum: Fraction
) -> Iterator[tuple[Fraction | FactValue, Fraction]]:
    """Each number or fact's value ``cond`` compares the total with, and what one of it is
    in points (1; ``maximum / 100`` for a percentage): ``edges_for`` reads the facts'."""
    from tiercert._compile import Logic

    if isinstance(cond, Logic):
        for item in cond.items:
            yield from total_operands(item, maximum)
        return
    if cond.kind.key not in ("score", "percent") or not is_total(cond.target):
        return
    per = maximum / HUNDRED if cond.kind.key == "percent" else Fraction(1)
    for _, expected in cond.operators:
        for value in expected if isinstance(expected, tuple) else (expected,):
            if isinstance(value, FactValue | Fraction):
                yield value, per


def edges_for(cond: CondPlan, facts: Mapping[str, object], maximum: Fraction) -> set[Fraction]:
    """The totals (in points) at which ``cond`` may turn for a unit with ``facts``: each
    number it compares the total with, a fact's value read, a percentage as points of
    ``maximum``."""
    found: set[Fraction] = set()
    for value, per in total_operands(cond, maximum):
        number = value.of(facts) if isinstance(value, FactValue) else value
        if isinstance(number, Fraction):
            found.add(number * per)
    return found


def total_tries(
    edges: Iterable[Fraction], total: Fraction, top: Fraction
) -> list[tuple[Fraction, Fraction | None]]:
    """What :func:`least_total` tries, in order: (a total, what it answers when the gate
    holds there).  Between two of the ``edges`` a gate's verdict does not change: each edge
    above ``total`` and up to ``top`` (answering itself) and a total just beyond each
    (answering the edge, or None just beyond ``total``): any total before the next edge (or
    ``top``) decides alike, so one more where it is still before it (in a scale's units an
    int, which compares fast), else halfway (a Fraction).  Any numbers that add exactly."""
    steps = [total, *sorted(e for e in set(edges) if total < e <= top)]
    tries: list[tuple[Fraction, Fraction | None]] = []
    for i, at in enumerate(steps):
        if i:
            tries.append((at, at))
        if at < top:
            following = steps[i + 1] if i + 1 < len(steps) else top
            beyond = at + 1 if at + 1 < following else Fraction(at + following, 2)
            tries.append((beyond, at if i else None))
    return tries


def least_total(
    holds: Callable[[Fraction], bool], edges: Iterable[Fraction], total: Fraction, top: Fraction
) -> Fraction | None:
    """The least total above ``total`` and up to ``top`` at which a gate that fails at
    ``total`` holds (``holds``: the gate at a total, all else about the unit as it is); where
    it holds only beyond a number (``above``), that number.  None when no total up to ``top``
    makes it hold, or it holds just beyond ``total`` (the gate is named: no points to tell).

    Between two of its ``edges`` a gate's verdict does not change: each edge and a total
    just beyond it (before the next, or ``top``) are all there is to try (:func:`total_tries`;
    the row scorer tries them with the gate's generated code)."""
    for at, answer in total_tries(edges, total, top):
        if holds(at):
            return answer
    return None


def compares_total(cond: CondPlan) -> bool:
    """Whether a condition's plan compares the total anywhere in it."""
    from tiercert._compile import Logic

    if isinstance(cond, Logic):
        return any(compares_total(item) for item in cond.items)
    return cond.kind.key in ("score", "percent") and is_total(cond.target)


__all__ = [
    "check",
    "compares_total",
    "edges_for",
    "emit",
    "is_total",
    "least_total",
    "measure",
    "never",
    "percent_top",
    "total_edges",
    "total_operands",
    "total_tries",
    "words",
]
