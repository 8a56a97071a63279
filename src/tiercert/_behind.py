"""What lies behind a failed gate, for the "to reach" advice: the criteria whose points a
failed score or percentage comparison reads that are short of their maximum, and the tier
each failed gate holds back (scorecards, reports, the dashboard)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from ._records import Record

if TYPE_CHECKING:
    from .result import GateResult, Result
    from .rubric import Rubric

#: how many short criteria the advice names under one gate (the rest are counted)
SHOWN = 5


class Short(Record, frozen=True):
    """A criterion short of its maximum under a failed gate's comparison."""

    id: str
    title: str
    score: Fraction
    max: Fraction


def short_criteria(
    gate: GateResult, result: Result, rubric: Rubric, titles: Mapping[str, str]
) -> tuple[Short, ...]:
    """The criteria a failed ``gate``'s score or percentage comparisons read that are short of
    their maximum: a leaf compared, or the leaves below a group compared (each once, in the
    rubric's order), left out when not applicable or not counted yet; an answer compared
    names its criterion.  Empty for a gate that passed or compares only facts."""
    if gate.passed:
        return ()
    children: dict[str, list[str]] = {}
    for node_id, _depth, node in rubric.iter_nodes():
        children[node_id] = [c.id for c in node.children] if node.children is not None else []
    wanted: list[str] = []

    def leaves(node_id: str) -> None:
        below = children.get(node_id)
        if below is None:
            return
        if not below:
            wanted.append(node_id)
        for child in below:
            leaves(child)

    for failure in gate.failures:
        if failure.subject in ("score", "percent", "answer"):
            leaves(failure.target)
    found: list[Short] = []
    for node_id in dict.fromkeys(wanted):
        node = result.nodes.get(node_id)
        if node is None or not node.counted or node.status == "excluded":
            continue
        if node.score < node.max:
            found.append(Short(node_id, titles.get(node_id, ""), node.score, node.max))
    return tuple(found)


def held_back(gate: GateResult, rubric: Rubric) -> str | None:
    """The id of the lowest tier a failed gate holds back (the tiers above that need the tier
    below are held back with it); None for a gate of every tier."""
    if gate.tiers is None:
        return None
    ranks = {tier.id: tier.rank for tier in rubric.parts.tiers}
    known = [t for t in gate.tiers if t in ranks]
    return min(known, key=ranks.__getitem__) if known else None


__all__ = ["SHOWN", "Short", "held_back", "short_criteria"]
