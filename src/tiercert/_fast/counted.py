"""What of its children's points a group counted (:attr:`~tiercert.NodeResult.counted_points`),
told by the generated breakdowns of a plain rubric (see ``write_nodes``): from the full
scorer's scaled integers, not the reference's Fractions.

The reference tells it with :func:`~tiercert._reference.tell_counted` over the results'
Fractions, about 50 µs for a capped group of eight children on CPython 3.11, and a result
that went through it cost a dict and a call per group where nothing was cut.  Here a group
is asked only when something may have been cut (the breakdown tests its ``capped`` flag
first, unless its aggregate picks children: ``top``, a ladder), and what it tells is a pure
function of its children's scaled scores, of which of them N/A left out (and that flag),
remembered by them: the same scores are worked out once, by ``tell_counted``'s steps on
scaled integers (the aggregate's own ``counts`` and the reference's ``_fill``; the caps as
the reference's ``aggregate`` applies them), as ``_group`` finishes groups on scaled values.
For the usual result, and for one some of whose answers the reference scored (the breakdown
with notes: N/A leaves a child out there; its score in the full scorer's output is 0, its
result's status says it); not for a result with a group scored directly, nor for a rubric
with penalties or future criteria (the evaluator hands those to ``tell_counted``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from fractions import Fraction
from operator import itemgetter
from typing import Any, cast

from tiercert._compile import GroupPlan
from tiercert._fast.numbers import Numbers, Scaled, norm
from tiercert._reference import _fill
from tiercert.result import NodeResult

# GroupCounts._counting makes a NodeResult from these fields, in this order
if [f.name for f in fields(NodeResult)] != [
    "id", "score", "max", "status", "rule", "answer", "capped", "detail", "parent",
    "provisional", "counted", "counts_from", "counted_points",
]:  # fmt: skip
    raise TypeError(
        "NodeResult's fields changed: GroupCounts._counting makes one"
    )  # pragma: no cover

#: the most outcomes (by scores), and counted NodeResults, the groups of one evaluator
#: remember together (each group its share, at least _KEPT_LEAST)
KEPT = 16_384
_KEPT_LEAST = 16

#: counted points that are the child's whole score (its own Fraction, as the reference's
#: ``min`` keeps it)
ALL_OF_IT = "whole"

#: the status of a child N/A left out (``tell_counted`` skips it)
EXCLUDED_STATUS = "excluded"

#: what a group tells its told children: each one's counted points (scaled, or ALL_OF_IT), None
#: where it says nothing; empty when it tells none of them
Told = tuple[Scaled | str | None, ...]


class GroupCounts:
    """What one group counted of its children's points (see the module).

    Its *told* children are those :func:`~tiercert._reference.tell_counted` may tell: the
    base and bonus children, not a penalty nor a future one waiting to count, in document
    order.  :meth:`tell` is what the generated breakdown calls."""

    __slots__ = (
        "_base", "_bonus", "_bonus_cap", "_group", "_incomplete_cap", "_keep", "_key", "_made",
        "_make", "_max", "_numbers", "_outcomes", "_root", "_scaled", "_told",
    )  # fmt: skip

    def __init__(
        self,
        group: GroupPlan,
        numbers: Numbers,
        scores: list[int],
        capped: int | None,
        groups: int = 1,
        make: Callable[..., NodeResult] = NodeResult,
    ) -> None:
        """``scores``: the positions of the told children's scores in the full scorer's
        output; ``capped``: that of the group's own capped flag (None: the root, which has
        no result of its own); ``groups``: how many groups share :data:`KEPT`; ``make``:
        ``NodeResult``, or what makes one faster from the same fields."""
        self._group = group
        self._numbers = numbers
        self._make = make
        # the caps in scaled units (integers where whole: a Fraction compares and subtracts
        # 20-50x slower), what _kept and _fill compare the scaled scores with
        self._max = numbers.scaled(group.max)
        self._incomplete_cap = (
            None if group.incomplete_cap is None else numbers.scaled(group.incomplete_cap)
        )
        self._bonus_cap = None if group.bonus_cap is None else numbers.scaled(group.bonus_cap)
        # what the aggregate's ``counts`` is given, as the generated scorers give the
        # reference's ``finish_group`` (``_group``): the group with its maximum scaled
        self._scaled = replace(group, max=Fraction(self._max))
        told = [
            (numbers.scaled(child.max), weight, is_bonus)
            for child, weight, is_bonus, is_penalty, waiting in zip(
                group.children,
                group.weights,
                group.bonus,
                group.penalty,
                group.waiting,
                strict=True,
            )
            if not (is_penalty or waiting)
        ]
        assert len(told) == len(scores), "one score position for each told child"
        #: (position among the told, scaled maximum, weight) of the base children, and the
        #: positions of the bonus children
        self._base = [
            (k, most, weight) for k, (most, weight, bonus) in enumerate(told) if not bonus
        ]
        self._bonus = [k for k, (_, _, bonus) in enumerate(told) if bonus]
        # the key an outcome is remembered by: the capped flag (the root has none), then the
        # told children's scores (itemgetter gives a tuple from two positions up)
        positions = ([] if capped is None else [capped]) + scores
        self._key: Callable[[tuple[Any, ...]], Any] = (
            itemgetter(*positions)
            if len(positions) > 1
            else lambda out: tuple(out[p] for p in positions)
        )
        self._root = capped is None
        self._keep = max(KEPT // groups, _KEPT_LEAST)
        #: outcomes by key (see _work); counted NodeResults by (id of the child's, points);
        #: what tell gave, by the ids of the children it was given (with them)
        self._outcomes: dict[Any, Told] = {}
        self._told: dict[
            tuple[int, ...], tuple[tuple[NodeResult, ...], tuple[NodeResult, ...]]
        ] = {}
        self._made: dict[tuple[int, Scaled | str], tuple[NodeResult, NodeResult]] = {}

    def forget(self) -> None:
        """Empty the NodeResults it remembers (for measuring answers met for the first time);
        not the outcomes by scores, as the evaluator's ``_group`` keeps the groups it
        finished by their children's scaled scores (what units answered alike share)."""
        self._made.clear()
        self._told.clear()

    def tell(
        self, out: tuple[Any, ...], *told: NodeResult, noted: bool = False
    ) -> tuple[NodeResult, ...]:
        """The told children's results (``told``, as the breakdown built them), each with
        its counted points where the group tells them: the same for the same children (the
        breakdown gives the same NodeResult for the same answer), kept with them (their ids
        are not reused while they are kept).  ``noted``: told by the breakdown with notes
        (answers the reference scored), where N/A may have left children out: those are
        skipped, by their status, as ``tell_counted`` skips them (and the outcome is
        remembered with them: a child left out scores 0 in ``out``, as one answered 0)."""
        ids = tuple(map(id, told))
        kept = self._told.get(ids)
        if kept is not None:
            return kept[1]
        key = scaled = self._key(out)
        left_out: tuple[int, ...] = ()
        if noted:  # the told children N/A left out (their scores in ``out`` are 0)
            left_out = tuple(k for k, child in enumerate(told) if child.status == EXCLUDED_STATUS)
            if left_out:
                key = (scaled, left_out)
        found = self._outcomes.get(key)
        if found is None:
            found = self._work(
                scaled if self._root else scaled[1:],
                not self._root and bool(scaled[0]),
                left_out,
            )
            if len(self._outcomes) < self._keep:
                self._outcomes[key] = found
        given = (
            tuple(
                child if points is None else self._counting(child, points)
                for child, points in zip(told, found, strict=True)
            )
            if found
            else told
        )
        if len(self._told) < self._keep:
            self._told[ids] = (told, given)
        return given

    def _counting(self, child: NodeResult, points: Scaled | str) -> NodeResult:
        """``child`` with ``points`` (scaled, or ALL_OF_IT) counted; the same object for the same
        child and points (its JSON form is then made once, see ``NodeResult.to_dict``)."""
        made = self._made
        key = (id(child), points)
        found = made.get(key)
        if found is not None and found[0] is child:
            return found[1]
        counted = self._make(  # NodeResult.counting, as fast as the breakdown makes results
            child.id, child.score, child.max, child.status, child.rule, child.answer,
            child.capped, child.detail, child.parent, child.provisional, child.counted,
            child.counts_from,
            child.score if points is ALL_OF_IT else self._numbers.natural(cast(Scaled, points)),
        )  # fmt: skip
        if len(made) < self._keep:
            made[key] = (child, counted)  # (the child kept alive: its id is not reused)
        return counted

    def _work(self, scores: tuple[Scaled, ...], capped: bool, left_out: tuple[int, ...]) -> Told:
        """What :func:`~tiercert._reference.tell_counted` tells, in scaled units: the same
        steps, on the told children's scores and the group's ``capped`` (an inner group's;
        the root says nothing of it), the children ``left_out`` (positions among the told:
        N/A) skipped."""
        group = self._group
        cuts = group.cuts
        assert cuts is not None
        present = [entry for entry in self._base if entry[0] not in left_out]
        base = [(scores[k], most, weight) for k, most, weight in present]
        if not base and group.base_count:  # every base child left out, so is the group:
            return self._none_counted(scores, left_out)  # nothing counted, bonus neither
        if (
            not self._root
            and not capped
            and not group.aggregate.ladder
            and (group.top is None or group.top >= len(base))
        ):
            return ()  # no cap took points off and no child was left out: each counted whole
        told: list[Scaled | str | None] = [None] * len(scores)
        if cuts.base:
            counted: list[Any] = [0] * len(base)
            order = group.aggregate.counts(self._scaled, base)
            for i in order:
                counted[i] = base[i][0]
            if cuts.caps and len(base) >= group.base_count:
                _fill(counted, order, self._kept(counted, base))  # (integers: no Fraction made)
            if any(p != entry[0] for p, entry in zip(counted, base, strict=True)):
                for (k, _, _), p in zip(present, counted, strict=True):
                    told[k] = ALL_OF_IT if p == scores[k] else p if p.__class__ is int else norm(p)
        if cuts.bonus and self._bonus_cap is not None:
            given = [k for k in self._bonus if k not in left_out]
            bonus: list[Any] = [scores[k] for k in given]
            _fill(bonus, list(range(len(bonus))), cast(Fraction, self._bonus_cap))
            if any(p != scores[k] for p, k in zip(bonus, given, strict=True)):
                for k, p in zip(given, bonus, strict=True):
                    told[k] = ALL_OF_IT if p == scores[k] else p if p.__class__ is int else norm(p)
        return tuple(told) if any(p is not None for p in told) else ()

    def _none_counted(self, scores: tuple[Scaled, ...], left_out: tuple[int, ...]) -> Told:
        """What a group left out with its base children tells: 0 counted of each bonus child
        not left out, where one of them scored (``counted_of`` with no base)."""
        given = [k for k in self._bonus if k not in left_out]
        if not any(scores[k] for k in given):
            return ()  # none scored: each counted what it scored
        told: list[Scaled | str | None] = [None] * len(scores)
        for k in given:
            told[k] = ALL_OF_IT if not scores[k] else 0
        return tuple(told)

    def _kept(self, counted: list[Any], base: list[tuple[Any, Any, Fraction]]) -> Any:
        """What the caps left of the base children's points: the reference's ``aggregate``
        in scaled units, of a group whose caps are in its children's points (``cuts.caps``:
        an aggregate that is not ``normalised``, ``sum`` or ``tiered``), whose raw score is
        the points of the children its ``counts`` lists (``counted``; none left out: a group
        with a child left out rescales, and its caps are not in its children's points),
        capped at its maximum, then at ``incomplete_cap`` while a child is short of its own."""
        kept = min(sum(counted), self._max)
        cap = self._incomplete_cap
        if cap is not None and kept > cap and any(s < m for s, m, _ in base):
            return cap
        return kept
