"""What of a child's points its group counted (``NodeResult.counted_points``): only the best
``top``, a ``tiered`` group past a step not complete, a sum's cap, ``incomplete_cap``, the bonus
cap.  The points a card shows for the children of such a group add up to the group's score;
both evaluators say the same; results keep it through JSON, and read results written before it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from typing import Any, Literal

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from strategies import answers_for, rubric_and_answers, rubrics
from tiercert import Assessment, DataError, NodeResult, Result, Rubric, rubric_from_mapping
from tiercert._compile import GroupPlan
from tiercert._kinds import ROOT_ID
from tiercert.report import render_html, render_markdown, render_text

Engine = Literal["fast", "reference"]
ENGINES: tuple[Engine, ...] = ("fast", "reference")


def _points(nid: str, maximum: int = 10, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "max": maximum, "rule": {"kind": "direct"}, **extra}


RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "counted",
    "version": "1",
    "language": "en",
    "title": "Counted",
    "criteria": [
        {
            "id": "best",
            "title": "Best two",
            "top": 2,
            "children": [_points(f"b{i}") for i in (1, 2, 3)],
        },
        {
            "id": "ladder",
            "title": "Ladder",
            "aggregate": "tiered",
            "children": [_points(f"l{i}") for i in (1, 2, 3)],
        },
        {
            "id": "capped",
            "title": "Up to 15",
            "max": 15,
            "max_exceeded": "intended",
            "children": [_points("p1"), _points("p2")],
        },
        {
            "id": "extra",
            "title": "Bonus capped at 4",
            "bonus_cap": 4,
            "children": [_points("e0"), _points("e1", 3, bonus=True), _points("e2", 3, bonus=True)],
        },
        {
            "id": "complete",
            "title": "At most 5 until complete",
            "incomplete_cap": 5,
            "children": [_points("i1", 4), _points("i2", 4)],
        },
        {"id": "plain", "title": "A plain sum", "children": [_points("s1"), _points("s2")]},
    ],
}
ANSWERS = {
    "b1": 7,
    "b2": 9,
    "b3": 8,
    "l1": 10,
    "l2": 6,
    "l3": 9,
    "p1": 9,
    "p2": 8,
    "e0": 5,
    "e1": 3,
    "e2": 2,
    "i1": 4,
    "i2": 3,
    "s1": 4,
    "s2": 6,
}
#: criterion -> (counted points, share); every other criterion: all its points, said nowhere
EXPECTED: dict[str, tuple[int, str]] = {
    "b1": (0, "none"),  # 7: not among the best two
    "b2": (9, "all"),
    "b3": (8, "all"),
    "l1": (10, "all"),
    "l2": (6, "all"),  # counted, but not complete: what follows does not count
    "l3": (0, "none"),
    "p1": (9, "all"),  # best first up to the cap of 15
    "p2": (6, "part"),
    "e1": (3, "all"),  # the bonus children in document order, up to the bonus cap of 4
    "e2": (1, "part"),
    "i1": (4, "all"),  # not complete: capped at 5, best first
    "i2": (1, "part"),
}


def _result(engine: Engine) -> Result:
    rubric = rubric_from_mapping(RUBRIC)
    return rubric.evaluate(Assessment(answers=ANSWERS), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_each_kind_says_what_counted(engine: Engine) -> None:
    result = _result(engine)
    told = {n.id: (n.counted_points, n.share) for n in result.nodes.values() if n.share is not None}
    assert told == {nid: (Fraction(p), share) for nid, (p, share) in EXPECTED.items()}
    assert result.nodes["s1"].counted_points is None
    assert result.nodes["e0"].counted_points is None  # its base children all counted
    assert result.nodes["plain"].share is None


@pytest.mark.parametrize("engine", ENGINES)
def test_shown_children_add_up_to_their_group(engine: Engine) -> None:
    result = _result(engine)
    for group in ("best", "ladder", "capped", "extra", "complete", "plain"):
        children = [n for n in result.nodes.values() if n.parent == group]
        shown = sum(n.score if n.counted_points is None else n.counted_points for n in children)
        assert shown == result.nodes[group].score, group


def test_round_trip_and_results_written_before() -> None:
    result = _result("fast")
    data = json.loads(result.to_json())
    assert [n["counted_points"] for n in data["nodes"] if n["id"] in ("p2", "b1", "s1")] == [
        "0",
        "6",
        None,
    ]
    assert Result.from_json(result.to_json()) == result
    for node in data["nodes"]:  # a result written before the key was: every point counted
        del node["counted_points"]
    old = Result.from_dict(data)
    assert all(n.counted_points is None for n in old.nodes.values())
    assert old.total == result.total


def test_counting_more_than_it_scored_is_a_contradiction() -> None:
    data = json.loads(_result("fast").to_json())
    at = next(i for i, n in enumerate(data["nodes"]) if n["id"] == "p2")
    data["nodes"][at]["counted_points"] = "9"  # it scored 8
    with pytest.raises(DataError) as caught:
        Result.from_dict(data)
    problem = caught.value.problems[0]
    assert (problem.code, problem.path) == (
        "result.contradiction",
        ("nodes", at, "counted_points"),
    )
    data["nodes"][at]["counted_points"] = 6
    with pytest.raises(DataError, match="number as text"):
        Result.from_dict(data)


def test_node_result_share() -> None:
    node = NodeResult("a", Fraction(8), Fraction(10), "answered")
    assert node.share is None
    assert (
        NodeResult("a", Fraction(8), Fraction(10), "answered", counted_points=Fraction(8)).share
        == "all"
    )
    assert (
        NodeResult("a", Fraction(8), Fraction(10), "answered", counted_points=Fraction(6)).share
        == "part"
    )
    assert (
        NodeResult("a", Fraction(8), Fraction(10), "answered", counted_points=Fraction(0)).share
        == "none"
    )
    # a child that scored nothing and counted nothing: all of its (no) points counted
    assert (
        NodeResult("a", Fraction(0), Fraction(10), "answered", counted_points=Fraction(0)).share
        == "all"
    )


def test_text_card_shows_what_counted() -> None:
    rubric = rubric_from_mapping(RUBRIC)
    result = _result("fast")
    text = render_text(result, rubric, lang="en")
    line = {ln.split()[0]: ln for ln in text.splitlines() if ln.startswith("    ")}
    assert " 0 / 10  b1  [answer 7, scored 7, not counted toward best]" in line["b1"]
    assert " 9 / 10  b2  [answer 9, counted toward best]" in line["b2"]
    assert " 6 / 10  p2  [answer 8, scored 8, 6 of it counted toward capped]" in line["p2"]
    assert "[answer 4, counted" not in line["s1"]  # a plain sum says nothing more
    vi = render_text(result, rubric, lang="vi")
    assert "được 7 điểm, không được tính vào best" in vi
    assert "được 8 điểm, chỉ 6 điểm được tính vào capped" in vi


def test_html_and_markdown_cards_show_what_counted() -> None:
    rubric = rubric_from_mapping(RUBRIC)
    result = _result("fast")
    page = render_html(result, rubric, lang="en", date="2026-12-07")
    assert '<td class="how">7, scored 7, not counted toward best</td>' in page
    part = '<td class="how">8, scored 8, 6 of it counted toward capped</td>'
    assert f'{part}\n<td class="num lost">6 / 10</td>' in page
    markdown = render_markdown(result, rubric, lang="en")
    assert "scored 7, not counted toward best" in markdown
    assert "| 0 | 10 |" in markdown or "0 / 10" in markdown


def _shown(node: NodeResult) -> Fraction:
    return node.score if node.counted_points is None else node.counted_points


def _adds_up(rubric: Rubric, result: Result, group: GroupPlan) -> bool:
    """Whether the points shown for ``group``'s children can be checked against its score:
    it adds them as they are (a sum or tiered group, no child left out as N/A, no penalty, no
    rounding, not scored directly)."""
    if group.aggregate.normalised or group.has_penalties or group.round is not None:
        return False
    if group.id == ROOT_ID:
        plan = rubric._plan
        return plan.total_round is None
    own = result.nodes.get(group.id)
    return own is not None and own.status == "computed"


@given(rubric_and_answers())
def test_shown_points_add_up_on_random_rubrics(pair: tuple[Rubric, Assessment]) -> None:
    """Over random rubrics with best-of, tiered, capped and bonus-capped groups: both evaluators
    say the same, and the points shown for a group's children (what counted of them) add up to
    the group's score wherever it adds its children's points as they are, and to nothing where
    N/A left all of its base children out."""
    rubric, assessment = pair
    try:
        fast = rubric.evaluate(assessment, engine="fast")
    except ValueError:
        return  # problems: test_fast_equivalence compares them
    reference = rubric.evaluate(assessment, engine="reference")
    assert {n.id: n.counted_points for n in fast.nodes.values()} == {
        n.id: n.counted_points for n in reference.nodes.values()
    }
    assert Result.from_json(fast.to_json()) == fast
    _shown_add_up(rubric, fast)
    _counts_nothing_beside_left_out(rubric._plan, fast)


def _shown_add_up(rubric: Rubric, result: Result) -> None:
    """The points shown for a group's children add up to its score wherever it adds its
    children's points as they are (none of them left out)."""
    plan = rubric._plan
    for group in (plan.root, *plan.nodes.values()):
        if not isinstance(group, GroupPlan) or not _adds_up(rubric, result, group):
            continue
        parent = group.id
        children = [
            result.nodes[c.id]
            for c, waiting in zip(group.children, group.waiting, strict=True)
            if not waiting  # a future criterion not counted yet: apart
        ]
        if any(n.status == "excluded" for n in children):
            continue  # a child left out as N/A: the group rescales its children's points
        total = result.total if parent == ROOT_ID else result.nodes[parent].score
        assert sum((_shown(n) for n in children), Fraction(0)) == total, parent
        for n in children:
            assert n.counted_points is None or 0 <= n.counted_points <= n.score


def _left_out_with_bonus(plan: Any, result: Result) -> list[tuple[str, list[NodeResult]]]:
    """Each group (the root too) whose base children were all left out as not applicable,
    with its bonus children not left out (their results); not one scored directly or below
    one (its children unscored)."""
    found = []
    for group in (plan.root, *plan.nodes.values()):
        if not isinstance(group, GroupPlan) or not group.base_count:
            continue
        own = result.nodes.get(group.id)
        if group.id != ROOT_ID and (own is None or own.status == "direct"):
            continue
        roles = zip(group.children, group.bonus, group.penalty, group.waiting, strict=True)
        base: list[NodeResult] = []
        bonus: list[NodeResult] = []
        for child, is_bonus, penalty, waiting in roles:
            if not (penalty or waiting):
                (bonus if is_bonus else base).append(result.nodes[child.id])
        if all(n.status == "excluded" for n in base):
            found.append((group.id, [n for n in bonus if n.status != "excluded"]))
    return found


def _counts_nothing_beside_left_out(plan: Any, result: Result) -> int:
    """Every group whose base children N/A all left out counted nothing: it is left out (the
    total is 0), and the points shown for its bonus children (what counted of them) add up
    to 0.  How many such groups had a bonus that scored."""
    scored = 0
    for gid, bonus in _left_out_with_bonus(plan, result):
        if gid == ROOT_ID:
            assert result.total == 0
        else:
            assert result.nodes[gid].status == "excluded", gid
        assert sum((_shown(n) for n in bonus), Fraction(0)) == 0, gid
        for n in bonus:
            assert n.counted_points is None or 0 <= n.counted_points <= n.score
        scored += any(n.score for n in bonus)
    return scored


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_bonus_beside_base_criteria_all_left_out_counts_nothing_on_random_rubrics(
    data: st.DataObject,
) -> None:
    """Over random rubrics with bonus children beside criteria N/A often leaves out, and
    answers N/A often: both evaluators say the same, and every group whose base children
    were all left out counted nothing of its bonus children (their shown points add up to
    what it counted: 0); elsewhere the shown points add up as before."""
    rubric = data.draw(rubrics(na_bonus=True, max_depth=2, max_children=3))
    assessment = data.draw(answers_for(rubric, na_odds=data.draw(st.sampled_from((0, 0, 1)))))
    try:
        fast = rubric.evaluate(assessment, engine="fast")
    except ValueError:
        return  # problems: test_fast_equivalence compares them
    reference = rubric.evaluate(assessment, engine="reference")
    assert {n.id: n.counted_points for n in fast.nodes.values()} == {
        n.id: n.counted_points for n in reference.nodes.values()
    }
    scored = _counts_nothing_beside_left_out(rubric._plan, reference)
    event(f"groups left out beside a bonus that scored: {min(scored, 2)}")
    _shown_add_up(rubric, reference)


def test_stages_side_by_side_show_what_counted() -> None:
    from tiercert.programme import UnitOutcome
    from tiercert.stages import stage_lines

    rubric = rubric_from_mapping(RUBRIC)
    own = _result("fast")
    review = rubric.evaluate(Assessment(answers={**ANSWERS, "b1": 10}))  # now among the best
    unit = UnitOutcome(1, "u1", None, {}, {"own": own, "review": review}, "review", review)
    lines = {line.id: line for line in stage_lines(unit, rubric, "en")}
    assert lines["b1"].scores == (Fraction(0), Fraction(10))
    assert lines["b2"].scores == (Fraction(9), Fraction(9))
    assert lines["b3"].scores == (Fraction(8), Fraction(0))
    assert lines["b1"].note == "what counted toward best"
    assert lines["s1"].note is None
    assert stage_lines(unit, rubric, "vi")[2].note == "phần được tính vào best"


def test_counting_keeps_every_other_field() -> None:
    node = NodeResult(
        *("a", Fraction(8), Fraction(10), "answered", "direct", Fraction(8), True, "d", "g"),
        *(True, False, "2.0"),
    )
    assert node.counting(Fraction(3)) == replace(node, counted_points=Fraction(3))


@pytest.mark.parametrize("engine", ENGINES)
def test_children_apart_are_told_nothing(engine: Engine) -> None:
    """A penalty child (its own detail says what it takes), a child left out as N/A and a
    future one not counting yet are apart from what a group counted: their results say
    nothing of it, and the children that count are told as if they were not there."""
    future = {"status": "future", "counts_from": "2.0"}
    rubric = rubric_from_mapping(
        {
            **RUBRIC,
            "version": "1.0",
            "criteria": [
                {
                    "id": "best",
                    "title": "Best one",
                    "top": 1,
                    "children": [
                        _points("b1"),
                        _points("b2"),
                        _points("gone", na={"counts_as": "excluded"}),
                        _points("later", 10, **future),
                        _points("fine", 3, penalty=True),
                    ],
                }
            ],
        }
    )
    answers = {"b1": 7, "b2": 9, "gone": "N/A", "later": 10, "fine": 2}
    result = rubric.evaluate(Assessment(answers=answers), engine=engine)
    told = {n.id: n.counted_points for n in result.nodes.values()}
    assert told == {
        "best": None,
        "b1": Fraction(0),
        "b2": Fraction(9),
        "gone": None,
        "later": None,
        "fine": None,
    }
    assert result.nodes["best"].score == 7


@pytest.mark.parametrize("engine", ENGINES)
def test_a_scaled_group_counts_every_child_whole(engine: Engine) -> None:
    """A scaled group's maximum is on its own scale, not its children's: its score (6.5 of 10)
    is no cap on its children's 130 points; it counts every child (``top`` does not pick for
    it), so its results say nothing of what counted."""
    rubric = rubric_from_mapping(
        {
            **RUBRIC,
            "criteria": [
                {
                    "id": "best",
                    "title": "Best one, out of 10",
                    "aggregate": "scaled",
                    "max": 10,
                    "top": 1,
                    "children": [_points("b1", 100), _points("b2", 100)],
                }
            ],
        }
    )
    result = rubric.evaluate(Assessment(answers={"b1": 80, "b2": 50}), engine=engine)
    assert result.nodes["best"].score == Fraction(13, 2)
    told = {n.id: n.counted_points for n in result.nodes.values()}
    assert told == {"best": None, "b1": None, "b2": None}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_child_left_out_with_no_points_leaves_nothing_to_tell(engine: Engine) -> None:
    """A best-of-one sum whose child left out scored 0: it lost nothing by being left out, so
    every point of every child counted and the results say nothing of what counted (its 0,
    counted as a new 0 and not the child's own, is still the same points)."""
    rubric = rubric_from_mapping(
        {
            **RUBRIC,
            "criteria": [
                {
                    "id": "best",
                    "title": "Best one",
                    "top": 1,
                    "children": [_points("b1"), _points("b2")],
                }
            ],
        }
    )
    result = rubric.evaluate(Assessment(answers={"b1": 7, "b2": 0}), engine=engine)
    assert result.nodes["best"].score == 7
    told = {n.id: n.counted_points for n in result.nodes.values()}
    assert told == {"best": None, "b1": None, "b2": None}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_bonus_beside_base_criteria_all_left_out_counts_nothing(
    engine: Literal["fast", "reference"],
) -> None:
    """Every base criterion N/A: the total is 0, so the bonus criteria's counted points are 0
    (their own scores stay what they scored)."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "bonus-beside-na",
            "version": "1",
            "language": "en",
            "title": "Bonus beside N/A",
            "bonus_cap": 4,
            "criteria": [
                _points("a", 5, na={"counts_as": "excluded"}),
                _points("e1", 3, bonus=True),
                _points("e2", 3, bonus=True),
            ],
        }
    )
    result = rubric.evaluate({"a": "na", "e1": 3, "e2": 2}, engine=engine)
    assert result.total == 0
    assert (result.nodes["e1"].score, result.nodes["e2"].score) == (Fraction(3), Fraction(2))
    counted = (result.nodes["e1"].counted_points, result.nodes["e2"].counted_points)
    assert counted == (Fraction(0), Fraction(0))
