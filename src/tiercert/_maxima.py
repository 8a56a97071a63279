"""Maximum points of rules and nodes, shared by the checks and the compiler."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ._numbers import HUNDRED, to_fraction
from .aggregates import AGGREGATES
from .rules import RULES

if TYPE_CHECKING:
    from ._parts import GroupFields, Node
    from .model import Rule


def rule_best(rule: Rule) -> Fraction | None:
    """The most points ``rule`` can give, or None when only the node's max can tell (asked
    only when the node declares no max)."""
    return RULES[rule.kind].best(rule, None)


def node_max(node: Node, waiting: Collection[str] = ()) -> Fraction | None:
    """The node's maximum: declared, or derived from its rule or children (without the
    children in ``waiting``: future criteria that do not count yet)."""
    if node.max is not None:
        return to_fraction(node.max)
    if node.rule is not None:
        return rule_best(node.rule)
    return children_max(node, node.children or [], waiting)


def children_max(
    group: GroupFields, children: Sequence[Node], waiting: Collection[str] = ()
) -> Fraction | None:
    """What the base (not bonus, not penalty) children of a ``sum``/``tiered`` group can reach
    together; children in ``waiting`` (future criteria that do not count yet) add nothing."""
    if AGGREGATES[group.aggregate].normalised:
        return None  # normalised: the group's own max is the only scale
    maxima = []
    for child in children:
        if child.bonus or child.penalty or child.id in waiting:
            continue
        value = node_max(child, waiting)
        if value is None:
            return None
        maxima.append(value)
    if group.top is not None:
        maxima = sorted(maxima, reverse=True)[: group.top]
    return sum(maxima, Fraction(0))


def bonus_max(
    group: GroupFields, children: Sequence[Node], waiting: Collection[str] = ()
) -> Fraction:
    """What the bonus children of a group can add, after ``bonus_cap`` (children in
    ``waiting`` add nothing).  A bonus child that is a group adds up to its maximum and the
    bonus of its own bonus children, as its score can."""
    total = sum(
        (
            (node_max(c, waiting) or Fraction(0))
            + (bonus_max(c, c.children, waiting) if c.children is not None else Fraction(0))
            for c in children
            if c.bonus and not c.penalty and c.id not in waiting
        ),
        Fraction(0),
    )
    if group.bonus_cap is not None:
        total = min(total, to_fraction(group.bonus_cap))
    return total


def score_top(node: Node) -> Fraction | None:
    """The most points ``node`` scores (None when not known): its maximum, and a group's bonus
    children's points above it (the most a group is capped at)."""
    maximum = node_max(node)
    if maximum is None or node.children is None:
        return maximum
    return maximum + bonus_max(node, node.children)


def percent_top(node: Node) -> Fraction | None:
    """The highest percentage of its maximum ``node`` reaches (None when not known, or its
    maximum may be 0): 100, above it with bonus children, whose points count while future
    criteria wait (and a maximum that follows from the children shrinks by theirs)."""
    maximum = node_max(node)
    if maximum is None or not maximum:
        return None
    if node.children is None:
        return HUNDRED
    extra = bonus_max(node, node.children)
    if not extra:
        return HUNDRED
    least = waiting_max(node, node.children)
    if not least:
        return None
    return HUNDRED * (least + extra) / least


def waiting_max(group: GroupFields, children: Sequence[Node]) -> Fraction | None:
    """A group's maximum while every future criterion among ``children`` (or below them)
    waits to count: the least it is on any day, the base of its highest percentage (a
    maximum that follows from the criteria shrinks by theirs; a declared one stays)."""
    if group.max is not None:
        return to_fraction(group.max)
    return children_max(group, children, _future(children))


def _future(children: Sequence[Node]) -> set[str]:
    """The ids of the future criteria among ``children`` and below them."""
    found: set[str] = set()
    for child in children:
        if child.status == "future":
            found.add(child.id)
        found |= _future(child.children or ())
    return found
