"""What counted of a child's points, told by the compiled evaluator's generated breakdowns
(``_fast/counted.py``: from the full scorer's scaled integers, not the reference's
``tell_counted``) of a usual result and of one with answers the reference scored (N/A, a
spaced yes, a 1 for yes: the breakdown with notes), held to the reference on random rubrics
of capped, best-of, tiered and bonus-capped groups, and what the breakdowns keep: the flat
form of a plain rubric's usual result, the same NodeResult for the same answers, nothing
remembered after ``forget``."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tiercert import Assessment, Result, Rubric, rubric_from_mapping
from tiercert._fast import counted, evaluator
from tiercert._fast.evaluator import _FlatNodes, _Nodes, forget_answers

#: the kinds of group drawn: what each may cut
GROUP_KINDS = ("capped", "top", "tiered", "bonus", "incomplete", "plain")


def _rubric(criteria: list[dict[str, Any]]) -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "counted_breakdown",
            "version": "1",
            "language": "en",
            "title": "Counted in the breakdown",
            "criteria": criteria,
        }
    )


@st.composite
def _node(draw: st.DrawFn, ids: itertools.count[int], depth: int) -> tuple[dict[str, Any], int]:
    """A criterion (a leaf, or a group at depths 0 and 1) and its maximum."""
    nid = f"n{next(ids)}"
    if depth >= 2 or (depth > 0 and draw(st.integers(0, 2)) > 0):
        most = draw(st.integers(1, 10))
        # N/A allowed: an answer of N/A leaves it out (its parent rescales, or is left out)
        na = {"na": {"counts_as": "excluded"}} if draw(st.integers(0, 2)) == 0 else {}
        if draw(st.booleans()):
            return {"id": nid, "title": nid, "max": most, "rule": {"kind": "direct"}, **na}, most
        rule = {"kind": "boolean", "points": most}
        return {"id": nid, "title": nid, "rule": rule, **na}, most
    kind = draw(st.sampled_from(GROUP_KINDS))
    children: list[dict[str, Any]] = []
    maxima: list[int] = []
    for _ in range(draw(st.integers(2, 5))):
        child, most = draw(_node(ids, depth + 1))
        children.append(child)
        maxima.append(most)
    group: dict[str, Any] = {"id": nid, "title": nid, "children": children}
    reach = sum(maxima)
    if kind == "top":
        group["top"] = draw(st.integers(1, len(children) - 1))
        reach = sum(sorted(maxima, reverse=True)[: group["top"]])
    elif kind == "tiered":
        group["aggregate"] = "tiered"
    elif kind == "bonus":  # the last one or two children bonus, capped below their maxima
        extra = draw(st.integers(1, min(2, len(children) - 1)))
        for child in children[-extra:]:
            child["bonus"] = True
        bonus = sum(maxima[-extra:])
        del maxima[-extra:]
        reach = sum(maxima)
        group["bonus_cap"] = draw(st.integers(0, bonus - 1)) if bonus > 1 else 0
        if draw(st.booleans()):
            group["bonus_cap"] = str(Decimal(group["bonus_cap"]) + Decimal("0.5"))
        # a parent's maximum is checked against its children's maxima, a bonus left out
        # (max.unreachable): the bonus only lets a parent's cap bite a little less
        return group, reach
    elif kind == "incomplete":
        group["incomplete_cap"] = draw(st.integers(0, max(reach - 1, 0)))
    if kind in ("capped", "top") and reach > 1 and draw(st.integers(0, 2)) > 0:
        group["max"] = draw(st.integers(1, reach - 1))
        group["max_exceeded"] = "intended"
        reach = group["max"]
    return group, reach


def _leaves(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in criteria:
        out.extend(_leaves(node["children"]) if "children" in node else [node])
    return out


#: answers to a yes/no criterion the compiled scorers hand to the reference (its note then
#: sends the result to the breakdown with notes), beside True and False
REFERENCE_YES_NO = (" yes ", " no ", 1, 0)
#: N/A as people type it (the reference reads it: a note)
NA = ("na", " n/a ")


@st.composite
def counted_rubrics(draw: st.DrawFn) -> tuple[Rubric, dict[str, object], bool]:
    """A rubric of one to three groups of the kinds above (nested two deep), no penalty or
    future criterion (a plain rubric: its usual results take the flat breakdown), some
    criteria allowing N/A, and answers to every criterion: points on a grid of quarters, yes
    or no; some of them answers the reference scores (N/A, a spaced yes or no, 1 or 0 for yes
    or no), whose results take the breakdown with notes; and whether there is one."""
    ids = itertools.count()
    criteria = [draw(_node(ids, 0))[0] for _ in range(draw(st.integers(1, 3)))]
    answers: dict[str, object] = {}
    noted = draw(st.integers(0, 2)) > 0  # most results with answers the reference scores
    sent = False
    for leaf in _leaves(criteria):
        if noted and "na" in leaf and draw(st.integers(0, 2)) == 0:
            answers[leaf["id"]] = draw(st.sampled_from(NA))
            sent = True
        elif leaf["rule"]["kind"] == "boolean":
            if noted and draw(st.booleans()):
                answers[leaf["id"]] = draw(st.sampled_from(REFERENCE_YES_NO))
                sent = True
            else:
                answers[leaf["id"]] = draw(st.booleans())
        else:
            quarters = draw(st.integers(0, 4 * leaf["max"]))
            answers[leaf["id"]] = quarters // 4 if quarters % 4 == 0 else Decimal(quarters) / 4
    return _rubric(criteria), answers, sent


def _no_tell_counted(*args: object) -> None:
    raise AssertionError("the reference's tell_counted called for a plain rubric's result")


@given(counted_rubrics())
def test_the_breakdown_tells_what_counted_as_the_reference_does(
    drawn: tuple[Rubric, dict[str, object], bool],
) -> None:
    rubric, answers, sent = drawn
    with pytest.MonkeyPatch.context() as patch:  # every result told by the breakdowns
        patch.setattr(evaluator, "tell_counted", _no_tell_counted)
        fast = rubric.evaluate(Assessment(answers=answers), engine="fast")
        noted = isinstance(fast.nodes, _Nodes)  # answers the reference scored: with notes
        assert noted == sent
        assert noted or isinstance(fast.nodes, _FlatNodes)  # else the usual result's
        list(fast.nodes.values())  # built (and told) now
    reference = rubric.evaluate(Assessment(answers=answers), engine="reference")
    assert fast == reference
    assert [n.counted_points for n in fast.nodes.values()] == [
        n.counted_points for n in reference.nodes.values()
    ]
    part = any(n.share for n in fast.nodes.values())
    event(f"{'with notes' if noted else 'usual'}: {'something counted in part' if part else 'all'}")
    if any(n.status == "excluded" for n in fast.nodes.values()):
        event("with notes: a child left out (N/A)")
    assert fast.to_dict() == reference.to_dict()
    assert Result.from_dict(fast.to_dict()) == fast
    again = rubric.evaluate(Assessment(answers=answers), engine="fast")  # remembered now
    assert list(again.nodes.values()) == list(fast.nodes.values())


RUBRIC = [
    {
        "id": "g",
        "title": "Up to 5",
        "max": 5,
        "max_exceeded": "intended",
        "children": [
            {"id": "a", "title": "a", "rule": {"kind": "boolean", "points": 3}},
            {"id": "b", "title": "b", "rule": {"kind": "boolean", "points": 4}},
        ],
    },
    {
        "id": "t",
        "title": "Best one",
        "top": 1,
        "children": [
            {"id": "c", "title": "c", "rule": {"kind": "boolean", "points": 2}},
            {"id": "d", "title": "d", "rule": {"kind": "boolean", "points": 1}},
        ],
    },
]


def test_a_plain_rubric_that_counts_some_points_keeps_the_flat_breakdown() -> None:
    """A capped and a best-of group (what counted told), nothing told after: the usual result
    is the generated breakdown's tuple, and the same answers give the same counted
    NodeResults (whose JSON form is then made once)."""
    rubric = _rubric(RUBRIC)
    answers = {"a": True, "b": True, "c": True, "d": True}
    first = rubric.evaluate(answers, engine="fast")
    assert isinstance(first.nodes, _FlatNodes)
    told = {n.id: n.counted_points for n in first.nodes.values() if n.share is not None}
    assert told == {"a": 1, "b": 4, "c": 2, "d": 0}  # best first, up to the cap of 5
    second = rubric.evaluate(answers, engine="fast")
    assert all(x is y for x, y in zip(first.nodes.values(), second.nodes.values(), strict=True))
    assert first == rubric.evaluate(answers, engine="reference")


def test_counted_results_are_made_again_after_forget() -> None:
    rubric = _rubric(RUBRIC)
    answers = {"a": True, "b": True, "c": True, "d": True}
    first = rubric.evaluate(answers, engine="fast")
    a = first.nodes["a"]
    forget_answers()
    fast = rubric._fast
    assert fast is not None
    assert all(not (c._made or c._told) for c in fast._counted)
    assert any(c._outcomes for c in fast._counted)  # by scores: kept, as _group's are
    again = rubric.evaluate(answers, engine="fast")
    assert again.nodes["a"] == a
    assert again.nodes["a"] is not a  # made again
    assert (a.counted_points, again.nodes["d"].counted_points) == (Fraction(1), Fraction(0))
    assert again == rubric.evaluate(answers, engine="reference")


def test_what_a_group_remembers_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each group remembers its share of ``KEPT`` outcomes and counted NodeResults (here 2),
    and tells the others all the same."""
    monkeypatch.setattr(counted, "KEPT", 4)  # two groups: two each
    monkeypatch.setattr(counted, "_KEPT_LEAST", 1)
    capped_at_2 = {**RUBRIC[0], "max": 2}  # capped as soon as a or b is met
    rubric = _rubric([capped_at_2, RUBRIC[1]])
    flags = (True, False)
    seen = [
        {"a": a, "b": b, "c": c, "d": d} for a in flags for b in flags for c in flags for d in flags
    ]
    for answers in seen * 2:
        fast = rubric.evaluate(answers, engine="fast")
        assert isinstance(fast.nodes, _FlatNodes)
        assert fast == rubric.evaluate(answers, engine="reference")
    assert rubric._fast is not None
    for group in rubric._fast._counted:
        assert len(group._outcomes) == 2
        assert len(group._made) == 2
        assert len(group._told) == 2


SAME_ANSWERS = {"a": True, "b": True, "c": True, "d": True}


def _never(*args: Any) -> Any:
    raise AssertionError("worked out again")


def test_the_same_children_are_told_from_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same answers give the breakdown the same children's results: each group then gives
    what it told them before, neither working the outcome out nor counting again."""
    rubric = _rubric(RUBRIC)
    first = rubric.evaluate(SAME_ANSWERS, engine="fast")
    assert first.nodes["a"].counted_points == 1  # (the breakdown is made when read)
    monkeypatch.setattr(counted.GroupCounts, "_work", _never)
    monkeypatch.setattr(counted.GroupCounts, "_counting", _never)
    again = rubric.evaluate(SAME_ANSWERS, engine="fast")
    assert isinstance(again.nodes, _FlatNodes)
    assert all(x is y for x, y in zip(first.nodes.values(), again.nodes.values(), strict=True))


def test_an_outcome_is_remembered_by_scores_after_forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """After ``forget`` the children's results are new, but their scores are met again: the
    outcome remembered by them is told, not worked out again."""
    rubric = _rubric(RUBRIC)
    first = rubric.evaluate(SAME_ANSWERS, engine="fast")
    assert first.nodes["a"].counted_points == 1  # (the breakdown is made when read)
    forget_answers()
    monkeypatch.setattr(counted.GroupCounts, "_work", _never)
    again = rubric.evaluate(SAME_ANSWERS, engine="fast")
    assert again.nodes["a"] is not first.nodes["a"]  # made again
    assert list(again.nodes.values()) == list(first.nodes.values())
    assert again == rubric.evaluate(SAME_ANSWERS, engine="reference")


def test_a_child_counted_alike_beside_other_siblings_is_one_result() -> None:
    """A best one of four, ``c`` the best each time, ``f`` answered otherwise: ``c`` counted
    whole, and ``d`` and ``e`` counted nothing (the same points told two children), are the
    same NodeResults each time (their JSON forms made once)."""
    best_of_four = {
        "id": "t",
        "title": "Best one",
        "top": 1,
        "children": [
            {"id": "c", "title": "c", "rule": {"kind": "boolean", "points": 3}},
            {"id": "d", "title": "d", "rule": {"kind": "boolean", "points": 2}},
            {"id": "e", "title": "e", "rule": {"kind": "boolean", "points": 1}},
            {"id": "f", "title": "f", "rule": {"kind": "boolean", "points": 1}},
        ],
    }
    rubric = _rubric([best_of_four])
    results = [
        rubric.evaluate({"c": True, "d": True, "e": True, "f": f}, engine="fast")
        for f in (True, False)
    ]
    assert all(isinstance(r.nodes, _FlatNodes) for r in results)
    assert [[r.nodes[k].counted_points for k in "cde"] for r in results] == [[3, 0, 0]] * 2
    for k in "cde":
        assert results[0].nodes[k] is results[1].nodes[k], k


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_complete_group_capped_below_its_reach_counts_up_to_its_maximum(
    engine: Literal["fast", "reference"],
) -> None:
    """``incomplete_cap`` binds only while a child is short of its maximum: a group of two
    full children (4 + 4) capped at 6 counts 4 and 2, not up to its ``incomplete_cap`` of 5."""
    group = {
        "id": "g",
        "title": "Up to 6, up to 5 until complete",
        "max": 6,
        "max_exceeded": "intended",
        "incomplete_cap": 5,
        "children": [
            {"id": "a", "title": "a", "rule": {"kind": "boolean", "points": 4}},
            {"id": "b", "title": "b", "rule": {"kind": "boolean", "points": 4}},
        ],
    }
    result = _rubric([group]).evaluate({"a": True, "b": True}, engine=engine)
    assert result.nodes["g"].score == 6
    assert (result.nodes["a"].counted_points, result.nodes["b"].counted_points) == (
        Fraction(4),
        Fraction(2),
    )


def test_each_group_remembers_a_whole_share(monkeypatch: pytest.MonkeyPatch) -> None:
    """``KEPT`` shared by two groups when it is odd: each keeps its whole share (5 // 2 = 2),
    never a part more."""
    monkeypatch.setattr(counted, "KEPT", 5)
    monkeypatch.setattr(counted, "_KEPT_LEAST", 1)
    capped_at_2 = {**RUBRIC[0], "max": 2}  # capped as soon as a or b is met
    rubric = _rubric([capped_at_2, RUBRIC[1]])
    flags = (True, False)
    for a in flags:
        for b in flags:
            for c in flags:
                for d in flags:
                    answers = {"a": a, "b": b, "c": c, "d": d}
                    fast = rubric.evaluate(answers, engine="fast")
                    assert fast == rubric.evaluate(answers, engine="reference")
    assert rubric._fast is not None
    assert [len(group._outcomes) for group in rubric._fast._counted] == [2, 2]
    assert [len(group._told) for group in rubric._fast._counted] == [2, 2]


@pytest.mark.parametrize(
    ("root", "told"),
    [
        ({"max": 5, "max_exceeded": "intended"}, {"a": 1, "b": 4}),  # best first up to 5
        ({"top": 1}, {"a": 0, "b": 4}),
        ({"bonus_cap": 1}, {"c": 1}),
    ],
)
def test_the_rubric_itself_tells_what_it_counted(
    root: dict[str, Any], told: dict[str, int]
) -> None:
    """The root group (the rubric's own ``max``, ``top``, ``bonus_cap``) counts its criteria as
    any group does, told by the generated breakdown (the root has no capped flag of its own)."""
    criteria: list[dict[str, Any]] = [
        {"id": "a", "title": "a", "rule": {"kind": "boolean", "points": 3}},
        {"id": "b", "title": "b", "rule": {"kind": "boolean", "points": 4}},
    ]
    if "bonus_cap" in root:
        criteria.append(
            {"id": "c", "title": "c", "bonus": True, "rule": {"kind": "boolean", "points": 2}}
        )
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "counted_root",
            "version": "1",
            "language": "en",
            "title": "Counted by the rubric",
            **root,
            "criteria": criteria,
        }
    )
    answers = {c["id"]: True for c in criteria}
    fast = rubric.evaluate(answers, engine="fast")
    assert isinstance(fast.nodes, _FlatNodes)
    shown = {n.id: n.counted_points for n in fast.nodes.values() if n.share is not None}
    assert shown == told
    assert fast == rubric.evaluate(answers, engine="reference")


def _thirds(wid: str, **extra: Any) -> dict[str, Any]:
    """A weighted group of 4 points over three criteria of one point: 8/3 for two of them."""
    leaves = [
        {
            "id": f"{wid}{i}",
            "title": f"{wid}{i}",
            "weight": 1,
            "rule": {"kind": "boolean", "points": 1},
        }
        for i in (1, 2, 3)
    ]
    return {"id": wid, "title": wid, "aggregate": "weighted", "max": 4, "children": leaves, **extra}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_points_counted_in_thirds(engine: Literal["fast", "reference"]) -> None:
    """A child counted in part where the room left is no whole number of the scale's units
    (4 - 8/3): the compiled evaluator tells it from a Fraction of units, as the reference.
    (The rubric itself, capped at 5, counts its two groups too: not asked here.)"""
    capped = {
        "id": "g",
        "title": "Up to 4",
        "max": 4,
        "max_exceeded": "intended",
        "children": [
            _thirds("w"),
            {"id": "b", "title": "b", "rule": {"kind": "boolean", "points": 2}},
        ],
    }
    bonus = {
        "id": "h",
        "title": "Bonus up to 4",
        "bonus_cap": 4,
        "children": [
            {"id": "base", "title": "base", "rule": {"kind": "boolean", "points": 1}},
            _thirds("v", bonus=True),
            {"id": "c", "title": "c", "bonus": True, "rule": {"kind": "boolean", "points": 2}},
        ],
    }
    rubric = _rubric([capped, bonus])
    answers = {"w1": True, "w2": True, "w3": False, "b": True}
    answers |= {"base": True, "v1": True, "v2": True, "v3": False, "c": True}
    result = rubric.evaluate(answers, engine=engine)
    assert engine == "reference" or isinstance(result.nodes, _FlatNodes)
    told = {n.id: n.counted_points for n in result.nodes.values() if n.parent in ("g", "h")}
    assert told == {
        "base": None,
        "w": Fraction(8, 3),
        "b": Fraction(4, 3),
        "v": Fraction(8, 3),
        "c": Fraction(4, 3),
    }


def test_a_rubric_of_one_criterion_capped_by_its_own_maximum() -> None:
    """The root's outcome remembered by one score alone (no capped flag): a rubric capped at
    2 of its one criterion of 3 counts 2 of it."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "counted_one",
            "version": "1",
            "language": "en",
            "title": "One criterion, capped",
            "max": 2,
            "max_exceeded": "intended",
            "criteria": [{"id": "a", "title": "a", "rule": {"kind": "boolean", "points": 3}}],
        }
    )
    for answer, counted_points in ((True, 2), (False, None)):
        fast = rubric.evaluate({"a": answer}, engine="fast")
        assert isinstance(fast.nodes, _FlatNodes)
        assert fast.nodes["a"].counted_points == counted_points
        assert fast == rubric.evaluate({"a": answer}, engine="reference")


@pytest.mark.parametrize(
    ("a", "b", "tier"), [(False, False, None), (True, False, "bronze"), (True, True, "silver")]
)
def test_a_best_of_group_is_told_whichever_tier_is_reached(
    a: bool, b: bool, tier: str | None
) -> None:
    """A best-of group is asked what it counted whatever else the full scorer returned (no
    flag of its own is tested): with no tier reached, the first (index 0 in the scorer's
    output) or the second, its best child counts whole and the other nothing."""
    tiers = [
        {"id": "bronze", "label": "Bronze", "rank": 1, "min": 3},
        {"id": "silver", "label": "Silver", "rank": 2, "min": 6},
    ]
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "counted_breakdown",
            "version": "1",
            "language": "en",
            "title": "Counted in the breakdown",
            "criteria": RUBRIC,
            "tiers": tiers,
        }
    )
    answers = {"a": a, "b": b, "c": True, "d": True}  # totals 2, 5 and 7 of 7
    fast = rubric.evaluate(answers, engine="fast")
    assert isinstance(fast.nodes, _FlatNodes)
    assert (fast.tier.id if fast.tier else None) == tier
    assert (fast.nodes["c"].counted_points, fast.nodes["d"].counted_points) == (
        Fraction(2),
        Fraction(0),
    )


def _step(nid: str, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "max": 2, "rule": {"kind": "direct"}, **extra}


#: a ladder whose first step may be N/A (left out: the next step is then the first)
LADDER = [
    {
        "id": "ladder",
        "title": "Steps in order",
        "aggregate": "tiered",
        "children": [_step("a", na={"counts_as": "excluded"}), _step("b"), _step("c")],
    }
]


@pytest.mark.parametrize("first", ["zero", "na"])
def test_a_child_left_out_is_told_apart_from_one_that_scored_nothing(first: str) -> None:
    """A first step answered 0 stops the ladder (the others' points do not count); one
    answered N/A is left out (the second step is then the first, and all count). The full
    scorer's output is the same for both (the left-out step's score is 0 there): the group
    tells them apart by the step's status, whichever it met first (one memo of outcomes for
    both breakdowns)."""
    rubric = _rubric(LADDER)
    answers: dict[str, dict[str, object]] = {
        "zero": {"a": 0, "b": 2, "c": 1},
        "na": {"a": "na", "b": 2, "c": 1},
    }
    told = {"zero": {"a": 0, "b": 0, "c": 0}, "na": {"a": None, "b": None, "c": None}}
    for name in (first, "na" if first == "zero" else "zero"):
        fast = rubric.evaluate(answers[name], engine="fast")
        assert isinstance(fast.nodes, _Nodes if name == "na" else _FlatNodes)
        assert {n: fast.nodes[n].counted_points for n in "abc"} == told[name]
        assert fast == rubric.evaluate(answers[name], engine="reference")


def test_a_result_with_notes_gives_the_same_counted_results_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A result with an answer the reference scored (N/A) is told by the breakdown with notes,
    not by the reference's ``tell_counted``, and the same answers give the same counted
    NodeResult objects (whose JSON form is then made once)."""
    monkeypatch.setattr(evaluator, "tell_counted", _no_tell_counted)
    rubric = _rubric(LADDER)
    answers = {"a": "na", "b": 0, "c": 2}  # the ladder stops at b: c's 2 do not count
    first = rubric.evaluate(answers, engine="fast")
    assert isinstance(first.nodes, _Nodes)
    assert {n: first.nodes[n].counted_points for n in "abc"} == {"a": None, "b": 0, "c": 0}
    second = rubric.evaluate(answers, engine="fast")
    assert all(x is y for x, y in zip(first.nodes.values(), second.nodes.values(), strict=True))
    monkeypatch.undo()
    assert first == rubric.evaluate(answers, engine="reference")
    assert first.to_dict() == rubric.evaluate(answers, engine="reference").to_dict()


def test_a_bonus_left_out_is_not_told() -> None:
    """Two bonus criteria, the first N/A, the second past the bonus cap: only the second is
    told (in part), the one left out says nothing, as the reference says it."""
    rubric = _rubric(
        [
            {
                "id": "g",
                "title": "With a bonus of up to 1",
                "bonus_cap": 1,
                "children": [
                    _step("a"),
                    _step("x", bonus=True, na={"counts_as": "excluded"}),
                    _step("y", bonus=True),
                ],
            }
        ]
    )
    answers = {"a": 2, "x": "na", "y": 2}
    fast = rubric.evaluate(answers, engine="fast")
    assert isinstance(fast.nodes, _Nodes)
    assert {n: fast.nodes[n].counted_points for n in "axy"} == {"a": None, "x": None, "y": 1}
    assert fast == rubric.evaluate(answers, engine="reference")
