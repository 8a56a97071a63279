"""What one criterion adds to a unit's total, or takes from it: the unit scored again by the
reference engine with that criterion changed and every other one as it was scored.

A criterion's own points are not what it adds to the total: weights, ``top`` (best N), caps,
bonus caps, penalty caps and the floor at 0 stand between them.  Scoring again is exact and
generic: whatever the rubric's aggregates, the engine that made the decision says the number.
Every other criterion keeps the score its result gives (a condition rule too: what a
criterion adds is what it adds by itself).  The work is bounded (:data:`RESCORED`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from ._compile import GroupPlan, Plan
from ._numbers import ZERO
from ._reference import Inputs, Scoring, round_as
from .result import Result
from .rubric import Rubric

#: the most criteria a card scores again, those with the most own points first
RESCORED = 64
#: criteria scored again per card times the rubric's criteria, at most: a rubric of thousands
#: of criteria scores fewer again (never fewer than :data:`FEWEST`), so a folder of cards stays
#: quick.  Each figure shown stays exact; only the criteria looked at are fewer.
BUDGET = 20_000
FEWEST = 8


def rescored(rubric: Rubric) -> int:
    """How many criteria a card of ``rubric`` scores again (see :data:`BUDGET`)."""
    return max(FEWEST, min(RESCORED, BUDGET // max(1, len(rubric._plan.nodes))))


def _kept(plan: Plan, result: Result) -> tuple[dict[str, Fraction], set[str], dict[str, Fraction]]:
    """The scores that stay as they were (leaves, and groups given a score directly), the
    leaves N/A took out, and the groups scored directly."""
    scores: dict[str, Fraction] = {}
    excluded: set[str] = set()
    direct: dict[str, Fraction] = {}
    for node in result.nodes.values():
        planned = plan.nodes.get(node.id)
        if planned is None:
            continue
        if node.status == "direct":
            direct[node.id] = node.score
        elif isinstance(planned, GroupPlan):
            continue  # a group is added up again from its children
        elif node.status == "excluded":
            excluded.add(node.id)
            scores[node.id] = ZERO
        else:
            scores[node.id] = node.score
    return scores, excluded, direct


def _total(
    plan: Plan,
    scores: Mapping[str, Fraction],
    excluded: set[str],
    direct: Mapping[str, Fraction],
    changed: Mapping[str, Fraction],
) -> Fraction:
    known = {**scores, **changed}
    inputs = Inputs(leaves={}, direct=dict(direct), facts={})
    run = Scoring(plan, inputs, scores=known, excluded=set(excluded) - set(changed))
    raw = run.node(plan.root, None)
    return min(round_as(raw, plan.total_round), plan.root.full_max)


def gains_to_total(rubric: Rubric, result: Result, ids: Iterable[str]) -> dict[str, Fraction]:
    """What each criterion of ``ids`` (leaves, groups scored directly, penalty groups) would
    add to the total at its best (its maximum; a penalty taking nothing), every other criterion
    as scored: id -> points (0 when none).  A group's score changed stands for what lies below
    it (the engine reads a known score before it adds up children)."""
    plan = rubric._plan
    penalties = _penalties(plan)
    scores, excluded, direct = _kept(plan, result)
    now = _total(plan, scores, excluded, direct, {})
    found: dict[str, Fraction] = {}
    for node_id in ids:
        best = ZERO if node_id in penalties else plan.nodes[node_id].max
        found[node_id] = _total(plan, scores, excluded, direct, {node_id: best}) - now
    return found


def top_level_counted(rubric: Rubric, result: Result) -> dict[str, Fraction]:
    """What each top-level bonus and penalty criterion changed in the total: a bonus what
    counted of it after the bonus cap, a penalty what it took (negative).  Taken one after the
    other in the rubric's order, so that together they are exactly what all of them changed.
    """
    plan = rubric._plan
    root = plan.root
    roles = [
        child.id
        for child, bonus, penalty, waiting in zip(
            root.children, root.bonus, root.penalty, root.waiting, strict=True
        )
        if (bonus or penalty)
        and not waiting  # a future criterion does not count yet: it changes nothing
        and (got := result.nodes.get(child.id)) is not None
        and got.status != "excluded"
    ]
    if not roles:
        return {}
    scores, excluded, direct = _kept(plan, result)
    off = dict.fromkeys(roles, ZERO)
    before = _total(plan, scores, excluded, direct, off)
    found: dict[str, Fraction] = {}
    for node_id in roles:
        off.pop(node_id)
        after = _total(plan, scores, excluded, direct, off)
        found[node_id] = after - before
        before = after
    return found


def _penalties(plan: Plan) -> set[str]:
    found: set[str] = set()
    for node in (plan.root, *plan.nodes.values()):
        if isinstance(node, GroupPlan):
            found.update(
                child.id
                for child, penalty in zip(node.children, node.penalty, strict=True)
                if penalty
            )
    return found
