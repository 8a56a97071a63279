"""The ``scaled`` aggregate: the share of their maxima the children reached, times the group's
own maximum."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from tiercert._i18n import N_
from tiercert._kinds import AggregateKind, Entry
from tiercert._numbers import ZERO
from tiercert.aggregates._rescale import every

if TYPE_CHECKING:
    from tiercert._compile import GroupPlan, NodePlan
    from tiercert._fast.codegen import Generator
    from tiercert._parts import GroupFields, Node
    from tiercert.errors import Path, Problem


def _combine(group: GroupPlan, base: list[Entry]) -> Any:
    reach = sum((m for _, m, _ in base), ZERO)
    return group.max * sum((s for s, _, _ in base), ZERO) / reach if reach else ZERO


def _check(group: GroupFields, children: Sequence[Node], path: Path) -> Iterator[Problem]:
    return iter(())


def _plain(
    gen: Generator, group: GroupPlan, base: list[NodePlan], depth: int
) -> tuple[Fraction, int]:
    """``x`` (the children's points) becomes ``max * x / (their maxima)``, exactly: the code
    written multiplies, and the divisor left (1 for none) is returned with the bound; the
    cap bites only when the children's points can exceed their maxima (bonus inside them)."""
    reach = sum((c.max for c in base), ZERO)
    scaled = gen.num.scaled(reach)
    if not scaled:
        gen.add(depth, "x = 0")
        return reach, 1
    factor = Fraction(gen.num.scaled(group.max)) / Fraction(scaled)
    gen.add(depth, f"x = x * {gen.integer(factor.numerator)}")
    return reach, factor.denominator  # the group's code divides, exactly


KIND = AggregateKind(
    name="scaled",
    summary=N_("its criteria's share of their maximum, scaled"),
    help="scaled: children's share of their total maximum times max",
    combine=_combine,
    check=_check,
    codes=frozenset(),
    normalised=True,
    weights=False,
    bonus=True,
    penalties=False,
    counts=every,
    plain=_plain,
)
