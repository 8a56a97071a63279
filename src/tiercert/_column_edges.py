"""What each number column of a batch's output was compared with when its unit was decided.

A total is compared with every tier's minimum and with the numbers a gate compares the total
with; a criterion's score with the numbers gates and conditions compare its score (or its
percentage, or each child's) with; the points still needed with 0.  Its nought and its
maximum are edges too: a score that is not full never reads as full.  An XLSX output writes a
number with no finite decimal form as the float nearest it only when no number Excel may
show for that float lies across, or on, one of them
(:func:`tiercert._writers.float_cell`); the text people read otherwise.

``None`` for a column: what it is compared with is not known before a unit is read (a gate
compares it with a fact's value, which differs by unit), so no float is written for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ._kinds import ROOT_ID
from ._numbers import HUNDRED, ZERO
from .conditions._compare import FactValue

if TYPE_CHECKING:
    from ._compile import CondPlan, NodePlan, Plan

#: a column's edges, sorted; None when they are not known before a unit is read
Edges = tuple[Fraction, ...] | None

#: the columns a total is in: a batch's, and a programme batch's stages' (``<stage>.total``)
TOTAL_COLUMNS = ("total",)


def output_edges(
    plan: Plan, columns: Sequence[str], *, totals: Iterable[str] = TOTAL_COLUMNS
) -> dict[str, Edges]:
    """The edges of each number column of ``columns`` (a batch's output header): ``total``
    and the columns named in ``totals``, ``percentage``, ``points_to_next_tier``, and
    ``<id>.score`` and ``<id>.counted`` for a criterion ``<id>``.  Other columns are left
    out (a writer keeps their numbers as text when it cannot hold them exactly)."""
    found = _compared(plan)
    maximum = plan.root.max
    total = found.get(ROOT_ID, set())
    points: set[Fraction] | None = None
    percents: set[Fraction] | None = None
    if total is not None:
        points = {ZERO, maximum, *(tier.min for tier in plan.tiers)}
        percents = set()
        for value, percent in total:
            if not percent:
                points.add(value)
            elif maximum:
                points.add(value * maximum / HUNDRED)
        if maximum:
            percents = {point * HUNDRED / maximum for point in points}
            percents.update(value for value, percent in total if percent)
    edges: dict[str, Edges] = {}
    for name in columns:
        if name == "percentage":
            edges[name] = _sorted(percents)
        elif name == "points_to_next_tier":
            edges[name] = (ZERO,)
        elif name in TOTAL_COLUMNS or name in totals:
            edges[name] = _sorted(points)
        else:
            node_id, dot, part = name.rpartition(".")
            node = plan.nodes.get(node_id) if dot and part in ("score", "counted") else None
            if node is not None:
                edges[name] = _node_edges(node, found.get(node_id, set()))
    return edges


def _sorted(values: set[Fraction] | None) -> Edges:
    return None if values is None else tuple(sorted(values))


def _node_edges(node: NodePlan, compared: set[tuple[Fraction, bool]] | None) -> Edges:
    if compared is None:
        return None
    points = {ZERO, node.max}
    for value, percent in compared:
        points.add(value * node.max / HUNDRED if percent else value)
    return tuple(sorted(points))


def _compared(plan: Plan) -> dict[str, set[tuple[Fraction, bool]] | None]:
    """For each criterion (and :data:`ROOT_ID`, the total) whose score a condition compares:
    the numbers it is compared with, each with whether it is a percentage of the maximum;
    None when one of them is a fact's value."""
    found: dict[str, set[tuple[Fraction, bool]] | None] = {}
    for target, value, percent in _comparisons(plan):
        if isinstance(value, FactValue):
            found[target] = None
            continue
        known = found.setdefault(target, set())
        if known is not None:
            known.add((value, percent))
    return found


def _comparisons(plan: Plan) -> Iterator[tuple[str, Fraction | FactValue, bool]]:
    """Every comparison of a score in the plan's gates and criteria's conditions: (the
    criterion, or :data:`ROOT_ID`; the number or fact's value; whether it is a percentage)."""
    from ._compile import LeafPlan

    conditions = [gate.when for gate in (*plan.gates, *plan.waiting_gates)]
    conditions += [
        node.when for node in plan.nodes.values() if isinstance(node, LeafPlan) and node.when
    ]
    for cond in conditions:
        yield from _tests(cond, plan)


def _tests(cond: CondPlan, plan: Plan) -> Iterator[tuple[str, Fraction | FactValue, bool]]:
    from ._compile import GroupPlan, Logic

    if isinstance(cond, Logic):
        for item in cond.items:
            yield from _tests(item, plan)
        return
    key = cond.kind.key
    if key == "each_child_of":
        group = plan.root if cond.target == ROOT_ID else plan.nodes.get(cond.target)
        targets = [c.id for c in group.base_children] if isinstance(group, GroupPlan) else []
        percent = cond.measure == "percent"
    elif key in ("score", "percent"):
        targets, percent = [cond.target], key == "percent"
    else:
        return
    for _, expected in cond.operators:
        for value in expected if isinstance(expected, tuple) else (expected,):
            if isinstance(value, Fraction | FactValue):
                for target in targets:
                    yield target, value, percent
