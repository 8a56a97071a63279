"""A bonus beside base criteria all left out as not applicable counts nothing: the group (the
total) counted none of its children's points, so its bonus children's counted points are 0,
their own scores what they scored.  Worked by hand on both engines: a group without and with
a bonus cap, a bonus group below one (deeper nodes are told by their own group), a group
only some of whose base criteria are N/A (nothing told, as before), the total, a penalty
beside them (apart: its own detail says what it takes), and what the plan says may be cut.
A scorecard says the bonus was not counted."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import pytest

from tiercert import Assessment, rubric_from_mapping
from tiercert._compile import Cuts
from tiercert._fast.evaluator import _FlatNodes
from tiercert.report import render_markdown, render_text

Engine = Literal["fast", "reference"]
ENGINES: tuple[Engine, ...] = ("fast", "reference")
NA: dict[str, Any] = {"na": {"counts_as": "excluded"}}


def _points(nid: str, maximum: int = 10, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "max": maximum, "rule": {"kind": "direct"}, **extra}


def _rubric(*criteria: dict[str, Any], **more: Any) -> Any:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "bonus-beside-na",
            "version": "1",
            "language": "en",
            "title": "Bonus beside N/A",
            "criteria": list(criteria),
            **more,
        }
    )


GROUPS = _rubric(
    _points("k"),
    {
        "id": "capless",
        "title": "No bonus cap",
        "children": [
            _points("a1", 5, **NA),
            _points("a2", 5, **NA),
            _points("x1", 3, bonus=True),
            _points("x2", 2, bonus=True),
        ],
    },
    {
        "id": "capped",
        "title": "Bonus capped at 4",
        "bonus_cap": 4,
        "children": [
            _points("c1", 5, **NA),
            _points("y1", 3, bonus=True),
            _points("y2", 3, bonus=True),
        ],
    },
    {
        "id": "nested",
        "title": "A bonus group",
        "children": [
            _points("n1", 5, **NA),
            {
                "id": "inner",
                "title": "Its own bonus capped at 1",
                "bonus": True,
                "bonus_cap": 1,
                "children": [_points("i1", 10), _points("i2", 2, bonus=True)],
            },
        ],
    },
    {
        "id": "some",
        "title": "Only some N/A",
        "children": [_points("s1", 5, **NA), _points("s2", 5), _points("z1", 2, bonus=True)],
    },
)
ANSWERS = {
    "k": 4,
    "a1": "na",
    "a2": "na",
    "x1": 3,
    "x2": 0,
    "c1": "na",
    "y1": 3,
    "y2": 2,
    "n1": "na",
    "i1": 10,
    "i2": 2,
    "s1": "na",
    "s2": 3,
    "z1": 2,
}


def test_the_plan_says_which_groups_may_leave_their_bonus_uncounted() -> None:
    """A group whose base criteria N/A may all leave out, beside a bonus, may cut its bonus
    (with or without a bonus cap); a group with a base criterion always counted may not."""
    nodes = GROUPS._plan.nodes
    cuts = {gid: nodes[gid].cuts for gid in ("capless", "capped", "nested", "inner", "some")}
    assert cuts == {
        "capless": Cuts(base=False, caps=False, bonus=False, left_out=True),
        "capped": Cuts(base=False, caps=False, bonus=True, left_out=True),
        "nested": Cuts(base=False, caps=False, bonus=False, left_out=True),
        "inner": Cuts(base=False, caps=False, bonus=True, left_out=False),
        "some": None,
    }
    root = GROUPS._plan.root.cuts  # (its maximum caps what the groups' bonus lifts)
    assert root is not None
    assert not root.left_out  # ``k`` always counts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_group_left_out_counted_none_of_its_bonus(engine: Engine) -> None:
    result = GROUPS.evaluate(Assessment(answers=ANSWERS), engine=engine)
    nodes = result.nodes
    for gid in ("capless", "capped", "nested"):
        assert (nodes[gid].status, nodes[gid].score) == ("excluded", 0), gid
    told = {nid: (nodes[nid].score, nodes[nid].counted_points) for nid in nodes}
    assert told == {
        "k": (4, None),
        "capless": (0, None),
        "a1": (0, None),  # left out: said by its status
        "a2": (0, None),
        "x1": (3, Fraction(0)),
        "x2": (0, Fraction(0)),  # scored nothing, counted nothing
        "capped": (0, None),
        "c1": (0, None),
        "y1": (3, Fraction(0)),
        "y2": (2, Fraction(0)),
        "nested": (0, None),
        "n1": (0, None),
        "inner": (11, Fraction(0)),  # told by ``nested``, which counted nothing
        "i1": (10, None),  # told by ``inner``, which counted 10 of it
        "i2": (2, Fraction(1)),  # and 1 of this, under its own bonus cap
        "some": (8, None),  # s2's 3 of 5 rescaled to 6, and its bonus
        "s1": (0, None),
        "s2": (3, None),
        "z1": (2, None),  # counted in full beside a base criterion that counted
    }
    assert all(isinstance(n.counted_points, Fraction | None) for n in nodes.values())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_group_with_a_base_criterion_answered_counts_its_bonus(engine: Engine) -> None:
    """The same groups with their base criteria answered: every bonus counts as before (in
    part under a bonus cap)."""
    answers = {**ANSWERS, "a1": 5, "c1": 1, "n1": 0}
    nodes = GROUPS.evaluate(Assessment(answers=answers), engine=engine).nodes
    told = {nid: nodes[nid].counted_points for nid in ("x1", "x2", "y1", "y2", "inner", "i2")}
    assert told == {
        "x1": None,
        "x2": None,
        "y1": Fraction(3),
        "y2": Fraction(1),
        "inner": None,
        "i2": Fraction(1),
    }


def test_a_group_that_may_be_left_out_answered_in_full_leaves_the_groups_after_it_told() -> None:
    """No N/A at all: the usual result's flat breakdown, where a group that may cut only when
    left out (``capless``) asks nothing, and the groups after it still tell what their bonus
    caps kept (``capped``, ``inner``), as the reference tells it."""
    answers = {**ANSWERS, "a1": 5, "a2": 0, "c1": 1, "n1": 0, "s1": 1}
    fast = GROUPS.evaluate(Assessment(answers=answers), engine="fast")
    assert isinstance(fast.nodes, _FlatNodes)  # (no notes: nothing left out)
    told = {nid: fast.nodes[nid].counted_points for nid in ("x1", "y1", "y2", "i2", "z1")}
    assert told == {"x1": None, "y1": Fraction(3), "y2": Fraction(1), "i2": Fraction(1), "z1": None}
    assert fast == GROUPS.evaluate(Assessment(answers=answers), engine="reference")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("bonus_cap", [None, 4])
def test_a_total_of_base_criteria_all_left_out_counts_no_bonus(
    engine: Engine, bonus_cap: int | None
) -> None:
    """The total is 0 when every base criterion is N/A: its bonus criteria counted nothing,
    a penalty beside them is apart (its own detail says what it takes)."""
    cap: dict[str, Any] = {} if bonus_cap is None else {"bonus_cap": bonus_cap}
    rubric = _rubric(
        _points("a", 5, **NA),
        _points("b", 5, **NA),
        _points("e1", 3, bonus=True),
        _points("e2", 3, bonus=True),
        _points("p", 2, penalty=True),
        **cap,
    )
    assert rubric._plan.root.cuts == Cuts(
        base=False, caps=False, bonus=bonus_cap is not None, left_out=True
    )
    answers = {"a": "na", "b": "na", "e1": 3, "e2": 2, "p": 1}
    result = rubric.evaluate(Assessment(answers=answers), engine=engine)
    assert result.total == 0
    told = {n.id: (n.score, n.counted_points) for n in result.nodes.values()}
    assert told == {
        "a": (0, None),
        "b": (0, None),
        "e1": (3, Fraction(0)),
        "e2": (2, Fraction(0)),
        "p": (1, None),
    }
    answered = rubric.evaluate(Assessment(answers={**answers, "b": 1}), engine=engine)
    bonus = [answered.nodes[nid].counted_points for nid in ("e1", "e2")]
    assert bonus == ([None, None] if bonus_cap is None else [Fraction(3), Fraction(1)])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bonus_that_scored_nothing_is_told_nothing(engine: Engine) -> None:
    """Nothing scored, nothing lost: a bonus of 0 beside base criteria all left out counted
    all of its (no) points, and its result says nothing of it."""
    rubric = _rubric(_points("a", 5, **NA), _points("e", 3, bonus=True))
    result = rubric.evaluate(Assessment(answers={"a": "na", "e": 0}), engine=engine)
    assert result.nodes["e"].counted_points is None


def test_groups_that_cannot_leave_a_bonus_uncounted_are_planned_to_cut_nothing() -> None:
    """A bonus worth nothing, a base criterion N/A counts as satisfied, one computed (never
    N/A), a group below that always counts: nothing to cut.  A group below whose base may
    all be left out may be, with it its parent."""
    rubric = _rubric(
        _points("k"),
        {
            "id": "worthless",
            "title": "A bonus of 0",
            "children": [_points("w1", 5, **NA), _points("w2", 0, bonus=True)],
        },
        {
            "id": "satisfied",
            "title": "N/A satisfied",
            "children": [
                _points("t1", 5, na={"counts_as": "satisfied"}),
                _points("t2", 2, bonus=True),
            ],
        },
        {
            "id": "computed",
            "title": "A computed base criterion",
            "children": [
                {
                    "id": "m1",
                    "title": "m1",
                    "rule": {"kind": "condition", "points": 3, "when": {"score": "k", "above": 5}},
                    **NA,
                },
                _points("m2", 2, bonus=True),
            ],
        },
        {
            "id": "outer",
            "title": "A group below may be left out",
            "children": [
                {"id": "below", "title": "below", "children": [_points("o1", 5, **NA)]},
                _points("o2", 2, bonus=True),
            ],
        },
        {
            "id": "counts",
            "title": "A group below always counts",
            "children": [
                {"id": "under", "title": "under", "children": [_points("u1", 5)]},
                _points("u2", 2, bonus=True),
            ],
        },
    )
    nodes = rubric._plan.nodes
    cuts = {g: nodes[g].cuts for g in ("worthless", "satisfied", "computed", "outer", "counts")}
    assert cuts == {
        "worthless": None,
        "satisfied": None,
        "computed": None,
        "outer": Cuts(base=False, caps=False, bonus=False, left_out=True),
        "counts": None,
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_a_scorecard_shows_the_bonus_not_counted(engine: Engine) -> None:
    """A top-level bonus beside base criteria all N/A: earned, none counted, and why (not
    the bonus cap: there is none); a bonus in a group left out: not counted toward it."""
    rubric = _rubric(
        _points("a", 5, **NA), _points("e1", 3, bonus=True), _points("e2", 3, bonus=True)
    )
    result = rubric.evaluate(Assessment(answers={"a": "na", "e1": 3, "e2": 2}), engine=engine)
    text = render_text(result, rubric, lang="en")
    line = {ln.split()[0]: ln for ln in text.splitlines() if ln.startswith("  ")}
    said = "bonus: 3 earned, none counted: every base criterion is not applicable"
    assert said in line["e1"]
    assert "bonus cap" not in text
    markdown = render_markdown(result, rubric, lang="en")
    assert f"| e1 | e1 ({said}) | 0 | 3 |" in markdown
    vi = render_text(result, rubric, lang="vi")
    assert "đạt 3 điểm, không được tính điểm nào" in vi
    grouped = GROUPS.evaluate(Assessment(answers=ANSWERS), engine=engine)
    card = render_text(grouped, GROUPS, lang="en")
    line = {ln.split()[0]: ln for ln in card.splitlines() if ln.startswith("    ")}
    assert "scored 3, not counted toward capless" in line["x1"]
    assert "scored 11, not counted toward nested" in line["inner"]


@pytest.mark.parametrize("engine", ENGINES)
def test_groups_below_a_group_scored_directly_tell_nothing(engine: Engine) -> None:
    """A group that may cut (``top``; a bonus beside base criteria N/A may leave out) below a
    group scored directly has no result, nor its children: nothing to tell, and no error."""
    rubric = _rubric(
        _points("k"),
        {
            "id": "g",
            "title": "Scored directly",
            "direct": True,
            "children": [
                {
                    "id": "h",
                    "title": "h",
                    "top": 1,
                    "children": [_points("h1", 5), _points("h2", 5)],
                },
                {
                    "id": "m",
                    "title": "m",
                    "children": [_points("m1", 5, **NA), _points("m2", 3, bonus=True)],
                },
            ],
        },
    )
    nodes = rubric._plan.nodes
    assert nodes["h"].cuts == Cuts(base=True, caps=False, bonus=False, left_out=False)
    assert nodes["m"].cuts == Cuts(base=False, caps=False, bonus=False, left_out=True)
    result = rubric.evaluate(Assessment(answers={"k": 4, "g": 7}), engine=engine)
    told = {nid: (n.status, n.score, n.counted_points) for nid, n in result.nodes.items()}
    assert told == {"k": ("answered", 4, None), "g": ("direct", 7, None)}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("apart", ["penalty", "future"])
def test_a_group_below_left_out_beside_a_child_apart_leaves_its_parents_bonus_uncounted(
    engine: Engine, apart: str
) -> None:
    """A group below whose base criteria N/A may all leave out, beside a child apart that N/A
    never leaves out (a penalty, a future criterion not counting yet): the group is left out
    with its base all the same, so its parent may leave out its bonus too, and counts none
    of it when it does."""
    child: dict[str, Any] = (
        {"penalty": True} if apart == "penalty" else {"status": "future", "counts_from": "2.0"}
    )
    rubric = _rubric(
        _points("k"),
        {
            "id": "outer",
            "title": "A group below may be left out",
            "children": [
                {
                    "id": "below",
                    "title": "below",
                    "children": [_points("o1", 5, **NA), _points("o9", 2, **child)],
                },
                _points("o2", 2, bonus=True),
            ],
        },
        version="1.0",
    )
    assert rubric._plan.nodes["outer"].cuts == Cuts(
        base=False, caps=False, bonus=False, left_out=True
    )
    answers = {"k": 4, "o1": "na", "o9": 1, "o2": 2}
    nodes = rubric.evaluate(Assessment(answers=answers), engine=engine).nodes
    assert (nodes["below"].status, nodes["outer"].status) == ("excluded", "excluded")
    assert (nodes["o2"].score, nodes["o2"].counted_points) == (2, Fraction(0))
