"""What the plan says a group may cut (``GroupPlan.cuts``), held to hand-worked results: a
best-of group whose best maxima pass its cap, and groups on a scale of their own (weighted,
scaled), whose children's points are never told as counted (their cap is on the group's
scale, not in the children's points).  Both evaluators."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import pytest

from tiercert import Assessment, rubric_from_mapping
from tiercert._compile import Cuts

Engine = Literal["fast", "reference"]
ENGINES: tuple[Engine, ...] = ("fast", "reference")


def _points(nid: str, maximum: int, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "max": maximum, "rule": {"kind": "direct"}, **extra}


def _rubric(*criteria: dict[str, Any]) -> Any:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "cuts",
            "version": "1",
            "language": "en",
            "title": "Cuts",
            "criteria": list(criteria),
        }
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_best_of_group_whose_best_maxima_pass_its_cap(engine: Engine) -> None:
    """The best two maxima (10 + 10) pass the cap of 12, the worst two (2 + 10) do not: the
    cap is known to cut from the best, so the second best counts in part."""
    rubric = _rubric(
        {
            "id": "best",
            "title": "Best two, up to 12",
            "top": 2,
            "max": 12,
            "max_exceeded": "intended",
            "children": [_points("a", 10), _points("b", 10), _points("c", 2)],
        }
    )
    result = rubric.evaluate(Assessment(answers={"a": 9, "b": 8, "c": 1}), engine=engine)
    assert result.nodes["best"].score == 12
    told = {nid: result.nodes[nid].counted_points for nid in ("a", "b", "c")}
    assert told == {"a": Fraction(9), "b": Fraction(3), "c": Fraction(0)}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("aggregate", ["weighted", "scaled"])
def test_a_group_on_its_own_scale_tells_no_counted_points(engine: Engine, aggregate: str) -> None:
    """Children worth 20 in all, a group of 10 on its own scale: every child's points count
    (scaled to the group), none is told as counted in part."""
    weight: dict[str, Any] = {"weight": 1} if aggregate == "weighted" else {}
    rubric = _rubric(
        {
            "id": "own",
            "title": "On its own scale",
            "aggregate": aggregate,
            "max": 10,
            "children": [_points("a", 10, **weight), _points("b", 10, **weight)],
        }
    )
    result = rubric.evaluate(Assessment(answers={"a": 8, "b": 6}), engine=engine)
    assert result.nodes["own"].score == 7
    assert [result.nodes[nid].counted_points for nid in ("a", "b")] == [None, None]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_capped_group_counts_a_child_groups_bonus_in_what_it_may_reach(engine: Engine) -> None:
    """A child group of 10 with a bonus of 3 reaches 13: with a criterion of 2 that passes the
    cap of 12 (without the bonus it would not), so the cap is known to cut."""
    rubric = _rubric(
        {
            "id": "capped",
            "title": "Up to 12",
            "max": 12,
            "max_exceeded": "intended",
            "children": [
                {
                    "id": "inner",
                    "title": "With a bonus",
                    "children": [_points("a", 10), _points("e", 3, bonus=True)],
                },
                _points("x", 2),
            ],
        }
    )
    result = rubric.evaluate(Assessment(answers={"a": 10, "e": 3, "x": 2}), engine=engine)
    assert result.nodes["capped"].score == 12
    told = {nid: result.nodes[nid].counted_points for nid in ("inner", "x")}
    assert told == {"inner": Fraction(12), "x": Fraction(0)}


def test_groups_at_their_edges_are_planned_to_cut_only_what_they_may() -> None:
    """What the plan says each group may cut, at the edges: children reaching the maximum
    exactly, a best-of keeping every child, a bonus reaching its cap exactly cut nothing; a
    best-of one picks, but its best child alone cannot pass the maximum, so no cap cuts."""
    rubric = _rubric(
        {
            "id": "full",
            "title": "Reaches its maximum exactly",
            "max": 20,
            "children": [_points("f1", 10), _points("f2", 10)],
        },
        {
            "id": "all",
            "title": "Best two of two",
            "top": 2,
            "children": [_points("a1", 10), _points("a2", 10)],
        },
        {
            "id": "best",
            "title": "Best one",
            "top": 1,
            "children": [_points("b1", 10), _points("b2", 10)],
        },
        {
            "id": "extra",
            "title": "A bonus up to its cap",
            "bonus_cap": 4,
            "children": [
                _points("e0", 10),
                _points("e1", 2, bonus=True),
                _points("e2", 2, bonus=True),
            ],
        },
    )
    cuts = {gid: rubric._plan.nodes[gid].cuts for gid in ("full", "all", "best", "extra")}
    assert cuts == {
        "full": None,
        "all": None,
        "best": Cuts(base=True, caps=False, bonus=False),
        "extra": None,
    }


def test_groups_that_cut_nothing_keep_the_compiled_evaluators_plain_results() -> None:
    """A rubric whose groups reach their maxima exactly (a best-of keeping every child among
    them) tells no counted points: the compiled evaluator gives its generated breakdown alone,
    nothing told after it."""
    rubric = _rubric(
        {
            "id": "full",
            "title": "Reaches its maximum exactly",
            "max": 20,
            "children": [_points("f1", 10), _points("f2", 10)],
        },
        {
            "id": "all",
            "title": "Best two of two",
            "top": 2,
            "children": [_points("a1", 10), _points("a2", 10)],
        },
    )
    assert rubric._plan.root.cuts is None
    fast = rubric._fast
    assert fast is not None
    assert fast._plain
    result = rubric.evaluate(Assessment(answers={"f1": 10, "f2": 10, "a1": 10, "a2": 10}))
    assert result.total == 40
    assert all(node.counted_points is None for node in result.nodes.values())
