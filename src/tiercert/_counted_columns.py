"""What a batch's output shows of the points a group counted of its criteria: a
``<id>.counted`` column beside ``<id>.score`` for each score column whose group may count
only part of it (only the best ``top``, a ``tiered`` group, a cap, ``incomplete_cap``, the
bonus cap, a bonus beside base criteria that N/A may all leave out: the plan's
:attr:`~tiercert._compile.GroupPlan.cuts`), so that the counted columns
of a group's criteria add up to what it counted, as the scorecards' lines do
(:attr:`~tiercert.NodeResult.counted_points`).

From a full result the column is read off each node.  The row scorers build no result: for
them the root's children's points counted are worked out from their scores alone
(:func:`counted_children`) by the rule ``_reference.tell_counted`` tells results by
(``_reference.counted_of``),
and only for a rubric whose total may count part of its criteria."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

from ._compile import GroupPlan, Plan
from ._reference import counted_of
from .result import NodeResult

#: what a score column holds for a criterion left out as not applicable
NA = "na"


def counted_ids(plan: Plan, shown: Collection[str]) -> frozenset[str]:
    """The criteria of ``shown`` that get a counted column: those whose group may count only
    part of their points.  A penalty (its own detail says what it takes) and a future
    criterion not counting yet are apart from what a group counts: they get none."""
    found: set[str] = set()
    for group in (plan.root, *plan.nodes.values()):
        if not isinstance(group, GroupPlan) or group.cuts is None:
            continue
        cuts = group.cuts
        roles = zip(group.children, group.bonus, group.penalty, group.waiting, strict=True)
        for child, bonus, penalty, waiting in roles:
            if penalty or waiting or child.id not in shown:
                continue
            # a bonus counts in part under its cap, or not at all beside a base left out
            if (cuts.left_out or cuts.bonus) if bonus else cuts.base:
                found.add(child.id)
    return frozenset(found)


def counted_value(node: NodeResult | None) -> Fraction | str | None:
    """A counted column's value from a full result: the points the criterion's group counted
    of its score (all of it when the result says nothing), ``na`` when it was left out as not
    applicable, None (an empty cell) when it was not scored (below a group given directly)."""
    if node is None:
        return None
    if node.status == "excluded":
        return NA
    points = node.counted_points
    return node.score if points is None else points


def counted_children(group: GroupPlan, scores: Sequence[Fraction | str]) -> list[Fraction | str]:
    """Each child's points counted by ``group``, from the children's scores alone (in its
    children's order; ``na`` for one left out as not applicable): what
    ``_reference.tell_counted`` tells of them, and a child's own score where it tells nothing
    (every point counted, or a child apart: a penalty, a future one not counting yet)."""
    return ChildrenCounted(group)(scores)


class ChildrenCounted:
    """:func:`counted_children` of one group, what its plan says of its children read once
    (a batch asks it of every row's top-level scores)."""

    def __init__(self, group: GroupPlan) -> None:
        self.group = group
        #: each child: (its maximum, its weight, a bonus, apart: a penalty or a future one)
        self.roles = tuple(
            (child.max, weight, bonus, penalty or waiting)
            for child, weight, bonus, penalty, waiting in zip(
                group.children,
                group.weights,
                group.bonus,
                group.penalty,
                group.waiting,
                strict=True,
            )
        )

    def __call__(self, scores: Sequence[Fraction | str]) -> list[Fraction | str]:
        out = list(scores)
        if self.group.cuts is None:
            return out
        base: list[tuple[Fraction, Fraction, Fraction]] = []
        base_at: list[int] = []
        bonus: list[Fraction] = []
        bonus_at: list[int] = []
        for i, (maximum, weight, is_bonus, apart) in enumerate(self.roles):
            score = scores[i]
            if apart or isinstance(score, str):
                continue
            if is_bonus:
                bonus.append(score)
                bonus_at.append(i)
            else:
                base_at.append(i)
                base.append((score, maximum, weight))
        told = counted_of(self.group, base, bonus)
        for at_of, counted in zip((base_at, bonus_at), told, strict=True):
            if counted is not None:
                for at, points in zip(at_of, counted, strict=True):
                    out[at] = points
        return out
