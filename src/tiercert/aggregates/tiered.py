"""The ``tiered`` aggregate: the children's points added in order, each counting only when
the one before is complete (a ladder of levels)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_, msg
from tiercert._kinds import AggregateKind, Entry
from tiercert._numbers import ZERO
from tiercert.aggregates._rescale import best, rescaled
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._compile import GroupPlan
    from tiercert._parts import GroupFields, Node
    from tiercert.errors import Path


def _combine(group: GroupPlan, base: list[Entry]) -> Any:
    raw = ZERO
    for score, child_max, _ in best(group, base):  # (checks refuse 'top' here: all of them)
        raw += score
        if score < child_max:
            break
    return rescaled(group, base, raw)


def _counts(group: GroupPlan, base: list[Entry]) -> list[int]:
    """The children :func:`_combine` adds: in order, up to the first one not complete."""
    counted = []
    for i, (score, child_max, _) in enumerate(base):
        counted.append(i)
        if score < child_max:
            break
    return counted


def _check(group: GroupFields, children: Sequence[Node], path: Path) -> Iterator[Problem]:
    if group.top is not None:
        yield Problem(
            "top.tiered",
            msg(
                "'top' cannot be used with 'aggregate: tiered': picking the best "
                "children would reorder them, and a better answer could then lower the "
                "score; remove 'top' or use 'aggregate: sum'"
            ),
            (*path, "top"),
        )


KIND = AggregateKind(
    name="tiered",
    summary=N_("sum of its criteria in order, each counting once the one before is full"),
    help="tiered: add children in order, each counting only when the one before is complete.",
    combine=_combine,
    check=_check,
    codes=frozenset({"top.tiered"}),
    normalised=False,
    weights=False,
    bonus=False,
    penalties=False,
    counts=_counts,
    ladder=True,
    plain=None,
)
