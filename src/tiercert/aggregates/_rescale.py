"""What the aggregates that add points share: the best ``top`` children, and the rescaling of
a group whose children were left out (N/A) to its full maximum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tiercert._kinds import Entry
from tiercert._numbers import ZERO

if TYPE_CHECKING:
    from tiercert._compile import GroupPlan


def best(group: GroupPlan, base: list[Entry]) -> list[Entry]:
    """The children that count: the best ``top`` of them (all without ``top``), by score."""
    if group.top is None:
        return base
    return sorted(base, key=lambda e: e[0], reverse=True)[: group.top]


def best_first(group: GroupPlan, base: list[Entry]) -> list[int]:
    """The base children :func:`best` counts, as indices in ``base``, best first (equal scores
    in document order, as :func:`best` picks them)."""
    order = sorted(range(len(base)), key=lambda i: base[i][0], reverse=True)
    return order if group.top is None else order[: group.top]


def every(group: GroupPlan, base: list[Entry]) -> list[int]:
    """Every base child, in document order: an aggregate that counts them all."""
    return list(range(len(base)))


def rescaled(group: GroupPlan, base: list[Entry], raw: Any) -> Any:
    """``raw`` rescaled to the group's maximum when some base children were left out (N/A):
    over what the children left (the best ``top`` maxima of them) can reach."""
    if len(base) >= group.base_count:
        return raw
    top = group.top or len(base)
    reach = sum((m for _, m, _ in sorted(base, key=lambda e: e[1], reverse=True)[:top]), ZERO)
    return raw * group.max / reach if reach else ZERO
