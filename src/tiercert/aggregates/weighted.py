"""The ``weighted`` aggregate: the weighted mean of the children's shares of their maxima,
times the group's own maximum."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_, msg
from tiercert._kinds import AggregateKind, Entry
from tiercert._numbers import ZERO
from tiercert.aggregates._rescale import every
from tiercert.errors import Problem

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


KIND = AggregateKind(
    name="weighted",
    summary=N_("weighted mean of its criteria's shares, scaled"),
    help="weighted: weighted mean of children's shares times max",
    combine=_combine,
    check=_check,
    codes=frozenset({"weight.missing", "weight.zero"}),
    normalised=True,
    weights=True,
    bonus=True,
    penalties=False,
    counts=every,
    plain=None,
)
