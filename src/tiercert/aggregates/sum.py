"""The ``sum`` aggregate: the children's points added up (only the best ``top`` with ``top``),
capped at the group's maximum; bonus children add on top."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_
from tiercert._kinds import AggregateKind, Entry
from tiercert._numbers import ZERO
from tiercert.aggregates._rescale import best, best_first, rescaled

if TYPE_CHECKING:
    from tiercert._compile import GroupPlan
    from tiercert._fast.codegen import Generator
    from tiercert._parts import GroupFields, Node
    from tiercert.errors import Path, Problem


def _combine(group: GroupPlan, base: list[Entry]) -> Any:
    return rescaled(group, base, sum((s for s, _, _ in best(group, base)), ZERO))


def _check(group: GroupFields, children: Sequence[Node], path: Path) -> Iterator[Problem]:
    return iter(())


def _plain(gen: Generator, group: GroupPlan, base: list[Any], depth: int) -> tuple[Fraction, int]:
    return group.max, 1  # x is the raw score: the cap bites only above the group's maximum


KIND = AggregateKind(
    name="sum",
    summary=N_("sum of its criteria"),
    help="sum: add children, cap at max",
    combine=_combine,
    check=_check,
    codes=frozenset(),
    normalised=False,
    weights=False,
    bonus=True,
    penalties=True,
    counts=best_first,
    plain=_plain,
)
