"""The ``weighted`` aggregate: the weighted mean of the children's shares of their maxima,
times the group's own maximum."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_, msg
from tiercert._kinds import AggregateKind, Entry
from tiercert._numbers import ZERO, exact_number, number_words, to_fraction
from tiercert.aggregates._rescale import every
from tiercert.errors import Problem, Severity

if TYPE_CHECKING:
    from tiercert._compile import GroupPlan
    from tiercert._parts import GroupFields, Node
    from tiercert.errors import Path


def _combine(group: GroupPlan, base: list[Entry]) -> Any:
    weighted = [(s, m, w) for s, m, w in base if m > 0]
    total_weight = sum((w for _, _, w in weighted), ZERO)
    if not total_weight:
        return ZERO
    return group.max * sum((w * s / m for s, m, w in weighted), ZERO) / total_weight


def _check(group: GroupFields, children: Sequence[Node], path: Path) -> Iterator[Problem]:
    top = not path  # the rubric's own criteria
    for i, child in enumerate(children):
        if child.weight is None and not child.bonus:
            yield Problem(
                "weight.missing",
                msg("the parent aggregates by weight, so this criterion needs a 'weight'; add one"),
                (*path, "criteria" if top else "children", i, "id"),
            )
    if children and all(c.weight is not None and c.weight == 0 for c in children):
        yield Problem(
            "weight.zero", msg("all weights are 0; give at least one criterion a weight"), path
        )
    yield from _two_scales(children, path)


def _two_scales(children: Sequence[Node], path: Path) -> Iterator[Problem]:
    """A warning for each weight below 1 beside another weight 100 times it or more: the
    weights look written on two scales (``0.25`` as a share of 1 among ``25`` as percents,
    which gives that criterion a hundredth of the weight meant).  Only so far apart: weights
    of 0.5 and 2 are a plain choice."""
    weights = [
        (i, child, to_fraction(child.weight))
        for i, child in enumerate(children)
        if child.weight is not None and not child.bonus and child.weight > 0
    ]
    if not weights:
        return
    _, heavy, most = max(weights, key=lambda entry: entry[2])
    for i, child, weight in weights:
        if weight < 1 and most >= 100 * weight:
            yield Problem(
                "weight.scales",
                msg(
                    "the weights look written on two scales: {child} weighs {weight} and "
                    "{other} {other_weight}, {times} times as much; if {weight} is a share "
                    "of 1 beside weights written as percentages, write {fixed}",
                    child=child.id,
                    weight=number_words(weight),
                    other=heavy.id,
                    other_weight=number_words(most),
                    times=number_words(most / weight),
                    fixed=exact_number(weight * 100),
                ),
                (*path, "criteria" if not path else "children", i, "weight"),
                Severity.WARNING,
            )


KIND = AggregateKind(
    name="weighted",
    summary=N_("weighted mean of its criteria's shares, scaled"),
    help="weighted: weighted mean of children's shares times max",
    combine=_combine,
    check=_check,
    codes=frozenset({"weight.missing", "weight.zero", "weight.scales"}),
    normalised=True,
    weights=True,
    bonus=True,
    penalties=False,
    counts=every,
    plain=None,
)
