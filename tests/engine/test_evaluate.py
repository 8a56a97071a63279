"""Evaluation semantics: rule kinds, aggregates, N/A, evidence, rounding, facts, gates, tiers.

Every test runs on both evaluators (the reference tree walk and the compiled fast one): they
must agree on every rule, and the reference defines what is right.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from tiercert import (
    Assessment,
    AssessmentError,
    GateResult,
    NodeResult,
    Result,
    Rubric,
    load_assessment,
    load_rubric,
    parse_assessment,
    rubric_from_mapping,
)
from tiercert.model import RubricSpec
from tiercert.rubric import fingerprint

Engine = Literal["fast", "reference"]
D = Decimal


@pytest.fixture(params=["reference", "fast"])
def engine(request: pytest.FixtureRequest) -> Engine:
    value: Engine = request.param
    return value


def make(*criteria: dict[str, Any], **extra: Any) -> Rubric:
    data: dict[str, Any] = {"format": 1, "id": "t", "version": "1", "title": "T"}
    data["criteria"] = list(criteria)
    data.update(extra)
    return rubric_from_mapping(data)


def leaf(nid: str, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid.upper(), "rule": rule, **extra}


def group(nid: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid.upper(), "children": list(children), **extra}


def boolean(points: Any = 10) -> dict[str, Any]:
    return {"kind": "boolean", "points": points}


def levels(**points: Any) -> dict[str, Any]:
    return {"kind": "levels", "levels": [{"id": k, "points": v} for k, v in points.items()]}


def problems_of(rubric: Rubric, answers: Mapping[str, Any], engine: Engine, **kw: Any) -> list[str]:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(answers, engine=engine, **kw)
    return [f"{p.where}: {p.message} [{p.code}]" for p in caught.value.problems]


def scores(result: Result) -> dict[str, Fraction]:
    return {nid: node.score for nid, node in result.nodes.items()}


# --- rule kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (True, 10),
        (False, 0),
        ("yes", 10),
        ("no", 0),
        ("có", 10),
        ("Đạt", 10),
        ("không", 0),
        (1, 10),
    ],
)
def test_boolean(answer: object, points: int, engine: Engine) -> None:
    result = make(leaf("a", boolean())).evaluate({"a": answer}, engine=engine)
    assert result.nodes["a"].score == points
    assert result.nodes["a"].status == "answered"
    assert result.nodes["a"].answer is (points == 10)


def test_boolean_refuses_other_words(engine: Engine) -> None:
    assert problems_of(make(leaf("a", boolean())), {"a": "maybe"}, engine) == [
        "$.answers.a: expected true or false (yes/no), got 'maybe' [answer.invalid]"
    ]


def test_levels(engine: Engine) -> None:
    rubric = make(leaf("a", levels(good=10, fair=5, poor=0)))
    assert rubric.evaluate({"a": "fair"}, engine=engine).total == 5
    assert rubric.evaluate({"a": "GOOD"}, engine=engine).total == 10  # case does not matter
    assert problems_of(rubric, {"a": "god"}, engine) == [
        "$.answers.a: 'god' is not one of the levels: good, fair, poor; did you mean 'good'? "
        "[answer.invalid]"
    ]


BANDS = [{"max": 50, "points": 0}, {"min": 50, "max": 80, "points": 5}, {"min": 80, "points": 10}]


@pytest.mark.parametrize(
    ("edges", "value", "points"),
    [
        ("min_inclusive", -1000, 0),  # open first band
        ("min_inclusive", D("49.99"), 0),
        ("min_inclusive", 50, 5),  # a bound belongs to the band that starts there
        ("min_inclusive", 80, 10),
        ("min_inclusive", 10**6, 10),  # open last band
        ("max_inclusive", 50, 0),  # a bound belongs to the band that ends there
        ("max_inclusive", D("50.01"), 5),
        ("max_inclusive", 80, 5),
        ("max_inclusive", D("80.0001"), 10),
    ],
)
def test_bands_edges_and_open_ends(edges: str, value: object, points: int, engine: Engine) -> None:
    rubric = make(leaf("a", {"kind": "bands", "edges": edges, "bands": BANDS}))
    result = rubric.evaluate({"a": value}, engine=engine)
    assert result.total == points


@pytest.mark.parametrize(
    ("edges", "value", "points"),
    [
        ("min_inclusive", 0, 0),
        ("min_inclusive", 100, 10),  # the last band is closed
        ("max_inclusive", 0, 0),  # the first band is closed
        ("max_inclusive", 100, 10),
    ],
)
def test_bands_closed_at_the_outer_bounds(
    edges: str, value: int, points: int, engine: Engine
) -> None:
    bands = [{"min": 0, "max": 50, "points": 0}, {"min": 50, "max": 100, "points": 10}]
    rubric = make(leaf("a", {"kind": "bands", "edges": edges, "bands": bands}))
    assert rubric.evaluate({"a": value}, engine=engine).total == points


def test_bands_refuse_values_outside_their_range(engine: Engine) -> None:
    bands = [{"min": 0, "max": 100, "points": 10}]
    rubric = make(leaf("a", {"kind": "bands", "bands": bands}))
    assert problems_of(
        rubric,
        {
            "a": D("100.5"),
        },
        engine,
    ) == ["$.answers.a: 100.5 is outside the allowed range 0 to 100 [answer.invalid]"]
    assert problems_of(rubric, {"a": "lots"}, engine) == [
        "$.answers.a: expected a number, got 'lots' (use a dot for decimals: 79.5) [answer.invalid]"
    ]


LINEAR = {"kind": "linear", "start": {"value": 20, "points": 0}, "end": {"value": 80, "points": 12}}


@pytest.mark.parametrize(
    ("value", "points"),
    [(20, 0), (50, 6), (D("35"), 3), (80, 12), (-5, 0), (200, 12)],  # clamped both sides
)
def test_linear_is_proportional_and_clamped(value: object, points: int, engine: Engine) -> None:
    result = make(leaf("a", LINEAR)).evaluate({"a": value}, engine=engine)
    assert result.total == points
    assert not result.nodes["a"].capped


def test_linear_can_run_downwards(engine: Engine) -> None:
    # fewer days to resolve a complaint is better: 30 days or more 0 points, 0 days 10 points
    rule = {
        "kind": "linear",
        "start": {"value": 30, "points": 0},
        "end": {"value": 0, "points": 10},
    }
    rubric = make(leaf("a", rule))
    assert [rubric.evaluate({"a": v}, engine=engine).total for v in (45, 30, 15, 0)] == [
        0,
        0,
        5,
        10,
    ]


def test_linear_range_refuses_values_outside(engine: Engine) -> None:
    rule = {**LINEAR, "range": {"min": 0, "max": 100}}
    assert problems_of(make(leaf("a", rule)), {"a": -1}, engine) == [
        "$.answers.a: -1 is outside the allowed range 0 to 100 [answer.invalid]"
    ]


def test_count_is_capped_at_the_max(engine: Engine) -> None:
    rubric = make(leaf("a", {"kind": "count", "per_item": D("2.5")}, max=10))
    assert rubric.evaluate({"a": 3}, engine=engine).total == D("7.5")
    capped = rubric.evaluate({"a": 7}, engine=engine)
    assert capped.total == 10
    assert capped.nodes["a"].capped
    assert problems_of(rubric, {"a": D("2.5")}, engine) == [
        "$.answers.a: expected a whole number of items (0 or more), got 2.5 [answer.invalid]"
    ]
    assert problems_of(rubric, {"a": -1}, engine) == [
        "$.answers.a: expected a whole number of items (0 or more), got -1 [answer.invalid]"
    ]


def test_count_max_items_refuses_more(engine: Engine) -> None:
    rubric = make(leaf("a", {"kind": "count", "per_item": 2, "max_items": 3}))
    assert rubric.evaluate({"a": 3}, engine=engine).total == 6
    assert problems_of(rubric, {"a": 4}, engine) == [
        "$.answers.a: at most 3 items are allowed, got 4 [answer.invalid]"
    ]


def test_deduction_from_a_start_above_the_max(engine: Engine) -> None:
    # deducted from the start, then capped at the criterion's max: one occurrence costs nothing
    rubric = make(leaf("a", {"kind": "deduction", "per_item": 5, "start": 25}, max=20))
    assert rubric.evaluate({"a": 1}, engine=engine).total == 20
    assert rubric.evaluate({"a": 2}, engine=engine).total == 15


def test_deduction_max_items_refuses_more(engine: Engine) -> None:
    rubric = make(leaf("a", {"kind": "deduction", "per_item": 2, "max_items": 3}, max=10))
    assert rubric.evaluate({"a": 3}, engine=engine).total == 4
    assert problems_of(rubric, {"a": 4}, engine) == [
        "$.answers.a: at most 3 items are allowed, got 4 [answer.invalid]"
    ]


def test_deduction_starts_from_the_max_and_is_floored(engine: Engine) -> None:
    rubric = make(
        leaf("a", {"kind": "deduction", "per_item": 5}, max=20),
        leaf("b", {"kind": "deduction", "per_item": 3, "start": 10, "floor": 2}),
    )
    result = rubric.evaluate({"a": 1, "b": 1}, engine=engine)
    assert scores(result) == {"a": 15, "b": 7}
    result = rubric.evaluate({"a": 9, "b": 9}, engine=engine)
    assert scores(result) == {"a": 0, "b": 2}
    assert rubric.evaluate({"a": 0, "b": 0}, engine=engine).total == 30


def test_direct_points_within_zero_and_max(engine: Engine) -> None:
    rubric = make(leaf("a", {"kind": "direct"}, max=8))
    assert rubric.evaluate({"a": D("7.5")}, engine=engine).total == D("7.5")
    assert problems_of(rubric, {"a": 9}, engine) == [
        "$.answers.a: 9 is outside the allowed range 0 to 8 [answer.invalid]"
    ]


def test_condition_gives_points_when_it_holds_and_takes_no_answer(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(5)), leaf("b", boolean(5))),
        leaf(
            "complete",
            {"kind": "condition", "points": 3, "when": {"percent": "g", "at_least": 100}},
        ),
    )
    full = rubric.evaluate({"a": True, "b": True}, engine=engine)
    assert full.nodes["complete"].score == 3
    assert full.nodes["complete"].status == "computed"
    assert rubric.evaluate({"a": True, "b": False}, engine=engine).nodes["complete"].score == 0
    assert problems_of(rubric, {"a": True, "b": True, "complete": True}, engine) == [
        "$.answers.complete: 'complete' is computed by the rubric; remove this answer "
        "[answer.computed]"
    ]


# --- aggregates -------------------------------------------------------------------------------


def test_sum_is_capped_at_the_group_max(engine: Engine) -> None:
    rubric = make(group("g", leaf("a", boolean(6)), leaf("b", boolean(6)), max=10))
    result = rubric.evaluate({"a": True, "b": True}, engine=engine)
    assert result.nodes["g"].score == 10
    assert result.nodes["g"].capped
    assert rubric.evaluate({"a": True, "b": False}, engine=engine).nodes["g"].score == 6


def test_scaled_is_the_share_of_the_children_times_max(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(3)), leaf("b", boolean(1)), aggregate="scaled", max=20)
    )
    assert rubric.evaluate({"a": True, "b": False}, engine=engine).total == 15


def test_weighted_is_the_weighted_mean_of_shares_times_max(engine: Engine) -> None:
    rubric = make(
        group(
            "g",
            leaf("a", boolean(2), weight=3),  # 100% x 3
            leaf("b", {"kind": "direct"}, max=10, weight=1),  # 50% x 1
            aggregate="weighted",
            max=40,
        )
    )
    assert rubric.evaluate({"a": True, "b": 5}, engine=engine).total == D("35")


def test_tiered_counts_a_child_only_when_the_one_before_is_complete(engine: Engine) -> None:
    rubric = make(
        group(
            "g",
            leaf("a", levels(full=10, half=5)),
            leaf("b", levels(full=10, half=5)),
            leaf("c", boolean(10)),
            aggregate="tiered",
        )
    )
    assert rubric.evaluate({"a": "full", "b": "half", "c": True}, engine=engine).total == 15
    assert rubric.evaluate({"a": "half", "b": "full", "c": True}, engine=engine).total == 5
    assert rubric.evaluate({"a": "full", "b": "full", "c": True}, engine=engine).total == 30


def test_top_counts_only_the_best_children(engine: Engine) -> None:
    children = [leaf(n, {"kind": "direct"}, max=10) for n in "abcd"]
    rubric = make(group("g", *children, top=2))
    result = rubric.evaluate({"a": 3, "b": 9, "c": 7, "d": 8}, engine=engine)
    assert result.total == 17
    assert result.max == 20


def test_bonus_goes_above_the_max_up_to_its_cap(engine: Engine) -> None:
    rubric = make(
        leaf("a", boolean(100)),
        leaf("extra1", boolean(4), bonus=True),
        leaf("extra2", boolean(4), bonus=True),
        bonus_cap=5,
    )
    result = rubric.evaluate({"a": True, "extra1": True, "extra2": True}, engine=engine)
    assert (result.total, result.max, result.bonus_max) == (
        Fraction(105),
        Fraction(100),
        Fraction(5),
    )
    assert result.percentage == 105
    assert rubric.evaluate({"a": False, "extra1": True, "extra2": False}, engine=engine).total == 4


def test_bonus_goes_with_a_group_whose_every_base_criterion_is_na(engine: Engine) -> None:
    na = {"counts_as": "excluded"}
    inner = group("g", leaf("a", boolean(10), na=na), leaf("x", boolean(3), bonus=True))
    rubric = make(inner, leaf("b", boolean(10)), leaf("y", boolean(2), bonus=True))
    result = rubric.evaluate({"a": "na", "x": True, "b": True, "y": True}, engine=engine)
    assert result.nodes["g"].status == "excluded"
    assert result.total == 22  # b rescaled to fill g's place (20), plus y; g's bonus x is gone
    # the same at the top level: nothing applies, so the total is 0, bonus included
    top = make(leaf("a", boolean(10), na=na), leaf("x", boolean(3), bonus=True))
    assert top.evaluate({"a": "na", "x": True}, engine=engine).total == 0


def test_incomplete_cap_applies_unless_every_child_is_full(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(50)), leaf("b", {"kind": "direct"}, max=50), incomplete_cap=99)
    )
    assert rubric.evaluate({"a": True, "b": D("49.5")}, engine=engine).total == D("99")
    assert rubric.evaluate({"a": True, "b": 50}, engine=engine).total == 100
    assert rubric.evaluate({"a": True, "b": 40}, engine=engine).total == 90


# --- not applicable ---------------------------------------------------------------------------


def test_na_counted_as_satisfied_gives_full_points(engine: Engine) -> None:
    rubric = make(leaf("a", boolean(10), na={"counts_as": "satisfied"}), leaf("b", boolean(10)))
    result = rubric.evaluate({"a": "na", "b": False}, engine=engine)
    assert result.nodes["a"].score == 10
    assert result.nodes["a"].status == "not_applicable"
    assert result.total == 10


def test_na_excluded_rescales_the_parent(engine: Engine) -> None:
    rubric = make(
        group(
            "g",
            leaf("a", boolean(10), na={"counts_as": "excluded"}),
            leaf("b", {"kind": "direct"}, max=10),
        )
    )
    result = rubric.evaluate({"a": "N/A", "b": 5}, engine=engine)
    assert result.nodes["a"].status == "excluded"
    assert result.nodes["g"].score == 10  # 5 of the 10 left, scaled to the group's 20
    assert result.nodes["g"].max == 20


def test_a_whole_group_not_applicable_is_excluded_and_its_parent_rescaled(engine: Engine) -> None:
    rubric = make(
        group("g1", leaf("a", boolean(10), na={}), leaf("b", boolean(10), na={})),
        group("g2", leaf("c", {"kind": "direct"}, max=30)),
    )
    result = rubric.evaluate({"a": "na", "b": "na", "c": 15}, engine=engine)
    assert result.nodes["g1"].status == "excluded"
    assert result.total == 25  # 15 of the 30 left, scaled to the rubric's 50
    assert result.percentage == 50


def test_na_where_the_rubric_does_not_allow_it(engine: Engine) -> None:
    assert problems_of(make(leaf("a", boolean())), {"a": "na"}, engine) == [
        "$.answers.a: 'a' cannot be marked not applicable; give a real answer [answer.na]"
    ]


def test_na_without_its_evidence_scores_zero(engine: Engine) -> None:
    rubric = make(
        leaf("a", boolean(10), na={"counts_as": "satisfied", "evidence": ["justification"]})
    )
    result = rubric.evaluate({"a": "na"}, engine=engine)
    assert (result.total, result.nodes["a"].status) == (Fraction(0), "evidence_missing")
    assert result.nodes["a"].detail == "N/A needs justification"
    given = {"a": {"value": "na", "justification": "no market in this commune"}}
    assert rubric.evaluate(given, engine=engine).total == 10


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_rules(engine: Engine) -> None:
    rubric = make(
        leaf("j", boolean(1), evidence=["justification"]),
        leaf("u", boolean(1), evidence=["url"]),
        leaf("both", boolean(1), evidence=["justification", "url"]),
    )
    bare = rubric.evaluate({"j": True, "u": True, "both": True}, engine=engine)
    assert [n.status for n in bare.nodes.values()] == ["evidence_missing"] * 3
    assert [n.detail for n in bare.nodes.values()] == [
        "needs justification",
        "needs url",
        "needs justification and url",
    ]
    given = {
        "j": {"value": True, "justification": "minutes of the meeting"},
        "u": {"value": True, "url": "https://example.org/a"},
        "both": {"value": True, "justification": "published at https://example.org/b"},
    }
    assert rubric.evaluate(given, engine=engine).total == 3  # a URL inside the text counts
    blank = {"j": {"value": True, "justification": "   "}, "u": True, "both": False}
    assert rubric.evaluate(blank, engine=engine).total == 0


def test_evidence_per_level_overrides_the_criterion(engine: Engine) -> None:
    rule = {
        "kind": "levels",
        "levels": [
            {"id": "met", "points": 2, "evidence": ["url"]},
            {"id": "partly", "points": 1},
        ],
    }
    rubric = make(leaf("a", rule, evidence=["justification"]))
    assert (
        rubric.evaluate({"a": {"value": "met", "url": "https://x.org"}}, engine=engine).total == 2
    )
    assert rubric.evaluate({"a": "partly"}, engine=engine).nodes["a"].status == "evidence_missing"
    assert (
        rubric.evaluate({"a": {"value": "partly", "justification": "x"}}, engine=engine).total == 1
    )


def test_no_evidence_is_needed_for_zero_points(engine: Engine) -> None:
    rubric = make(leaf("a", boolean(1), evidence=["justification"]))
    assert rubric.evaluate({"a": False}, engine=engine).nodes["a"].status == "answered"


def test_an_answer_mapping_needs_a_value_and_known_keys(engine: Engine) -> None:
    rubric = make(leaf("a", boolean()), leaf("b", boolean()))
    assert problems_of(
        rubric, {"a": {"justification": "x"}, "b": {"value": True, "proof": "x"}}, engine
    ) == [
        "$.answers.a: the answer has no 'value'; add it [answer.invalid]",
        "$.answers.b: unknown key 'proof' in the answer; use value, justification, url or note "
        "[answer.invalid]",
    ]


# --- rounding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "total", "mode", "percentage"),
    [
        (100, "79.4", "half_up", "79"),
        (100, "79.6", "half_up", "79.6"),  # 80% would read as the tier at 80 points: exact
        (100, "80.4", "half_up", "80"),
        (100, "80.6", "down", "80"),  # stays at the tier's minimum: allowed
        (100, "79.9", "up", "79.9"),
        (100, "85.5", "half_even", "86"),  # crosses no minimum
        (50, "39.8", "half_up", "79.6"),  # 40 of 50 points is the tier: 80%
        (50, "39.7", "half_up", "79"),  # 79.4% rounds to 79: crosses nothing
    ],
)
def test_declared_percentage_rounding_never_crosses_a_tier(
    engine: Engine, maximum: int, total: str, mode: str, percentage: str
) -> None:
    rubric = make(
        leaf("a", {"kind": "direct"}, max=maximum),
        rounding={"percentage": {"mode": mode, "places": 0}},
        tiers=[{"id": "dat", "label": "Đạt", "rank": 1, "min": maximum * 4 // 5}],
    )
    result = rubric.evaluate({"a": total}, engine=engine)
    assert result.percentage == Fraction(percentage)
    assert result.certified is (Fraction(total) >= maximum * 4 // 5)
    assert (result.percentage >= 80) is result.certified


def test_rounding_at_leaves_groups_total_and_percentage(engine: Engine) -> None:
    linear = {
        "kind": "linear",
        "start": {"value": 0, "points": 0},
        "end": {"value": 3, "points": 10},
    }
    children = [leaf(n, linear) for n in ("a", "b", "c")]
    answers = {"a": 1, "b": 1, "c": 1}  # 10/3 each
    exact = make(group("g", *children), max=30)
    result = exact.evaluate(answers, engine=engine)
    assert result.total == 10  # 1/3 + 1/3 + 1/3 is exactly 1, no rounding on the way
    assert result.nodes["a"].score == Fraction(10, 3)  # exact; shown cut to 12 places

    down = {"mode": "down", "places": 1}
    leaves = make(group("g", *children), max=30, rounding={"leaves": down})
    assert leaves.evaluate(answers, engine=engine).total == D("9.9")
    groups = make(group("g", *children), max=30, rounding={"groups": {"places": 0}})
    assert groups.evaluate(answers, engine=engine).total == 10
    total = make(*children, max=30, rounding={"total": {"mode": "up", "places": 0}})
    assert total.evaluate({"a": 1, "b": 1, "c": 0}, engine=engine).total == 7
    pct = make(*children, max=30, rounding={"percentage": {"places": 1}})
    assert pct.evaluate({"a": 1, "b": 0, "c": 0}, engine=engine).percentage == D("11.1")
    own = make(leaf("a", linear, round={"mode": "half_up", "places": 0}), leaf("b", linear))
    assert scores(own.evaluate({"a": 2, "b": 2}, engine=engine)) == {
        "a": D("7"),
        "b": Fraction(20, 3),
    }


def test_rounding_never_lifts_a_score_above_its_max(engine: Engine) -> None:
    rubric = make(leaf("a", boolean(D("2.5"))), rounding={"leaves": {"places": 0}})
    result = rubric.evaluate({"a": True}, engine=engine)
    assert result.nodes["a"].score == D("2.5")
    assert result.total <= result.max


# --- exactness --------------------------------------------------------------------------------


def test_exactly_80_certifies_and_79_99_does_not(engine: Engine) -> None:
    rubric = make(
        leaf("a", {"kind": "direct"}, max=50),
        leaf("b", {"kind": "direct"}, max=50),
        tiers=[{"id": "ok", "label": "OK", "rank": 1, "min": 80}],
    )
    # 0.1 + 0.2 style sums: binary floats would get these wrong
    at = rubric.evaluate({"a": D("40.01"), "b": D("39.99")}, engine=engine)
    assert (at.total, at.certified) == (Fraction(80), True)
    below = rubric.evaluate({"a": Fraction("40.00"), "b": Fraction("39.99")}, engine=engine)
    assert (below.total, below.certified) == (Fraction("79.99"), False)
    assert below.next_tier is not None
    assert below.next_tier.points_needed == Fraction("0.01")
    # a Python float is read by its shortest repr (what was typed), not its binary value
    assert rubric.evaluate({"a": 40.01, "b": 39.99}, engine=engine).certified


def test_thirds_add_up_to_exactly_one(engine: Engine) -> None:
    third = {"kind": "linear", "start": {"value": 0, "points": 0}, "end": {"value": 3, "points": 1}}
    rubric = make(
        *(leaf(n, third) for n in "abc"),
        tiers=[{"id": "one", "label": "1", "rank": 1, "min": 1}],
    )
    result = rubric.evaluate({"a": 1, "b": 1, "c": 1}, engine=engine)
    assert result.total == 1
    assert result.certified


# --- missing answers --------------------------------------------------------------------------


def test_missing_answers_are_errors_unless_scored_as_zero(engine: Engine) -> None:
    rubric = make(leaf("a", boolean()), leaf("b", boolean()), leaf("c", boolean()))
    assert problems_of(rubric, {"a": True, "c": None}, engine) == [
        "$.answers: no answer for 'b'; answer it, or score missing answers as zero "
        "('scoring: {missing: zero}' in the rubric, or --missing zero; missing='zero' in Python) "
        "[answer.missing]",
        "$.answers.c: no answer for 'c'; answer it, or score missing answers as zero "
        "('scoring: {missing: zero}' in the rubric, or --missing zero; missing='zero' in Python) "
        "[answer.missing]",
    ]
    result = rubric.evaluate({"a": True}, missing="zero", engine=engine)
    assert result.total == 10
    assert result.nodes["b"].status == "missing"


def test_the_rubric_can_score_missing_answers_as_zero_and_the_caller_can_override(
    engine: Engine,
) -> None:
    rubric = make(leaf("a", boolean()), leaf("b", boolean()), scoring={"missing": "zero"})
    assert rubric.evaluate({"a": True}, engine=engine).total == 10
    assert len(problems_of(rubric, {"a": True}, engine, missing="error")) == 1


# --- directly scored groups -------------------------------------------------------------------


def test_a_group_may_be_scored_directly(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(10)), leaf("b", boolean(10)), direct=True),
        leaf("c", boolean(5)),
    )
    result = rubric.evaluate({"g": D("17.5"), "c": True}, engine=engine)
    assert result.total == D("22.5")
    assert result.nodes["g"].status == "direct"
    assert "a" not in result.nodes  # below a direct score nothing is scored
    answered = rubric.evaluate({"a": True, "b": False, "c": True}, engine=engine)
    assert answered.nodes["g"].status == "computed"


def test_a_direct_score_conflicts_with_answered_children(engine: Engine) -> None:
    rubric = make(group("g", leaf("a", boolean(10)), leaf("b", boolean(10)), direct=True))
    assert problems_of(rubric, {"g": 10, "a": True}, engine) == [
        "$.answers.a: 'g' is scored directly, so its criterion 'a' must not be answered too; "
        "keep one of them [answer.conflict]"
    ]


def test_a_direct_score_must_be_allowed_and_in_range(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(10)), direct=True), group("h", leaf("b", boolean(10)))
    )
    assert problems_of(rubric, {"g": 11, "h": 5}, engine, missing="zero") == [
        "$.answers.g: the score of 'g' must be a number from 0 to 10, got 11 [answer.range]",
        "$.answers.h: 'h' is a group: answer its criteria (the rubric does not allow scoring it "
        "directly) [answer.group]",
    ]


# --- facts ------------------------------------------------------------------------------------

FACTS = [
    {"id": "flag", "title": "F", "type": "boolean", "default": False},
    {"id": "n", "title": "N", "type": "number", "default": 0},
    {"id": "k", "title": "K", "type": "integer", "default": 1},
    {"id": "who", "title": "W", "type": "text", "default": "x"},
    {"id": "size", "title": "S", "type": "choice", "options": ["small", "large"]},
]


def _facts_rubric() -> Rubric:
    gate = {
        "all": [
            {"fact": "flag", "equals": False},
            {"fact": "n", "at_most": D("2.5")},
            {"fact": "k", "equals": 1},
            {"fact": "who", "not_equals": "nobody"},
            {"fact": "size", "in": ["small"]},
        ]
    }
    return make(
        leaf("a", boolean()),
        facts=FACTS,
        gates=[{"id": "k1", "title": "K1", "require": gate}],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 0}],
    )


def test_facts_of_every_type_and_their_defaults(engine: Engine) -> None:
    rubric = _facts_rubric()
    result = rubric.evaluate({"a": True}, facts={"size": "small"}, engine=engine)
    assert result.certified  # every default satisfies the gate
    given = {"flag": "no", "n": D("2.5"), "k": 1, "who": "y", "size": "small", "n2": None}
    given.pop("n2")
    assert rubric.evaluate({"a": True}, facts=given, engine=engine).certified
    failed = rubric.evaluate({"a": True}, facts={"size": "large", "k": 2}, engine=engine)
    assert failed.failed_gates == ("k1",)
    assert failed.gates[0].reason == (
        'fact k is 2, required equals 1; fact size is "large", required in ["small"]'
    )


def test_wrong_unknown_and_missing_facts(engine: Engine) -> None:
    rubric = _facts_rubric()
    facts = {"flag": "perhaps", "n": "many", "k": D("1.5"), "who": 5, "size": "huge", "a": 1}
    assert problems_of(rubric, {"a": True}, engine, facts=facts) == [
        "$.facts.a: the rubric has no fact 'a'; it is a criterion, put it under 'answers:' "
        "[fact.unknown]",
        "$.facts.flag: the fact 'flag' must be true or false, got 'perhaps' [fact.invalid]",
        "$.facts.k: the fact 'k' must be a whole number, got 1.5 [fact.invalid]",
        "$.facts.n: the fact 'n' must be a number, got 'many' [fact.invalid]",
        "$.facts.size: the fact 'size' must be one of: small, large, got 'huge' [fact.invalid]",
        "$.facts.who: the fact 'who' must be text, got 5 [fact.invalid]",
    ]
    assert problems_of(rubric, {"a": True}, engine, facts={"size": None}) == [
        "$.facts.size: no value for the fact 'size'; give it under 'facts:' in an assessment "
        "file, or in its column in a sheet [fact.missing]"
    ]


def test_unknown_answers_are_named_with_a_hint(engine: Engine) -> None:
    rubric = make(leaf("g1.1", boolean()), facts=[FACTS[0]])
    assert problems_of(rubric, {"g1.1": True, "g1.2": True, "flag": True, "zz": 1}, engine) == [
        "$.answers.flag: the rubric has no criterion 'flag'; it is a fact, put it under "
        "'facts:' [answer.unknown]",
        "$.answers.zz: the rubric has no criterion 'zz'; remove it or fix the id [answer.unknown]",
        "$.answers['g1.2']: the rubric has no criterion 'g1.2'; did you mean 'g1.1'? "
        "[answer.unknown]",
    ]


# --- gates and conditions ---------------------------------------------------------------------


def _gated(require: dict[str, Any], **gate: Any) -> Rubric:
    return make(
        group("g", leaf("a", boolean(6)), leaf("b", levels(good=4, poor=0), na={})),
        leaf("c", {"kind": "direct"}, max=10),
        facts=[{"id": "f", "title": "F", "type": "number", "default": 5}],
        gates=[{"id": "k", "title": "K", "require": require, **gate}],
        tiers=[
            {"id": "t1", "label": "One", "rank": 1, "min": 5},
            {"id": "t2", "label": "Two", "rank": 2, "min": 10},
        ],
    )


ANSWERS = {"a": True, "b": "poor", "c": D("7.5")}  # g: 6 of 10 (60%), c: 7.5 of 10, total 13.5


@pytest.mark.parametrize(
    ("require", "passed"),
    [
        ({"score": "g", "equals": 6}, True),
        ({"score": "g", "not_equals": 6}, False),
        ({"score": "g", "in": [1, 6]}, True),
        ({"score": "g", "at_least": 6}, True),
        ({"score": "g", "at_least": D("6.01")}, False),
        ({"score": "g", "above": 6}, False),
        ({"score": "g", "at_most": 6}, True),
        ({"score": "g", "below": 6}, False),
        ({"score": "g", "above": 5, "below": 7}, True),  # every operator must hold
        ({"percent": "g", "at_least": 60}, True),
        ({"percent": "c", "equals": 75}, True),
        ({"answer": "a", "equals": True}, True),
        ({"answer": "b", "in": ["good"]}, False),
        ({"answer": "b", "not_equals": "good"}, True),
        ({"answer": "c", "above": 7}, True),
        ({"fact": "f", "equals": 5}, True),
        ({"fact": "f", "below": 5}, False),
        ({"each_child_of": "g", "measure": "score", "at_least": 0}, True),
        ({"each_child_of": "g", "at_least": 50}, False),  # b is at 0%
        ({"each_child_of": "@criteria", "at_least": 60}, True),
        ({"all": [{"score": "c", "at_least": 5}, {"score": "g", "at_least": 7}]}, False),
        ({"any": [{"score": "c", "at_least": 5}, {"score": "g", "at_least": 7}]}, True),
        ({"not": {"score": "g", "at_least": 7}}, True),
        ({"not": {"any": [{"fact": "f", "equals": 5}, {"score": "g", "at_least": 7}]}}, False),
    ],
)
def test_gate_conditions(require: dict[str, Any], passed: bool, engine: Engine) -> None:
    result = _gated(require).evaluate(ANSWERS, engine=engine)
    assert result.gates[0].passed is passed
    assert result.certified is passed  # a gate without 'tiers' is a knock-out
    assert (result.tier is not None) is passed


def test_a_failed_gate_explains_itself(engine: Engine) -> None:
    result = _gated({"all": [{"score": "g", "at_least": 8}, {"answer": "b", "equals": "good"}]})
    gate = result.evaluate(ANSWERS, engine=engine).gates[0]
    assert gate.reason == (
        'score g is 6, required at least 8; answer b is "poor", required equals "good"'
    )
    assert gate.to_dict()["failures"] == [
        {
            "subject": "score",
            "target": "g",
            "actual": "6",
            "operator": "at_least",
            "expected": "8",
            "numbers": True,
        },
        {
            "subject": "answer",
            "target": "b",
            "actual": "poor",
            "operator": "equals",
            "expected": "good",
            "numbers": False,
        },
    ]


def test_a_not_applicable_criterion_passes_score_comparisons(engine: Engine) -> None:
    rubric = _gated({"percent": "b", "at_least": 100})
    assert rubric.evaluate({**ANSWERS, "b": "na"}, engine=engine).gates[0].passed
    assert not rubric.evaluate(ANSWERS, engine=engine).gates[0].passed


def test_a_gate_on_a_criterion_below_a_direct_score_fails_as_not_scored(engine: Engine) -> None:
    rubric = make(
        group("g", leaf("a", boolean(10)), direct=True),
        gates=[{"id": "k", "title": "K", "require": {"answer": "a", "equals": True}}],
    )
    gate = rubric.evaluate({"g": 10}, engine=engine).gates[0]
    assert not gate.passed
    assert gate.reason == "answer a is not scored: its group was scored directly"


def test_a_gate_limited_to_some_tiers_blocks_only_those(engine: Engine) -> None:
    rubric = _gated({"score": "c", "at_least": 8}, tiers=["t2"])
    result = rubric.evaluate(ANSWERS, engine=engine)
    assert result.tier is not None
    assert result.tier.id == "t1"
    assert result.failed_gates == ("k",)
    assert result.next_tier is not None
    assert (result.next_tier.tier.id, result.next_tier.points_needed) == ("t2", Fraction(0))
    assert result.next_tier.blocking_gates == ("k",)


# --- tiers ------------------------------------------------------------------------------------


def _tiered(**second: Any) -> Rubric:
    return make(
        leaf("a", {"kind": "direct"}, max=100),
        facts=[{"id": "ok", "title": "OK", "type": "boolean"}],
        gates=[
            {"id": "k", "title": "K", "require": {"fact": "ok", "equals": True}, "tiers": ["t1"]}
        ],
        tiers=[
            {"id": "t0", "label": "Rated", "rank": 1, "min": 0, "certified": False},
            {"id": "t1", "label": {"vi": "1 sao", "en": "1 star"}, "rank": 2, "min": 80},
            {"id": "t2", "label": "2 stars", "rank": 3, "min": 90, **second},
        ],
    )


def test_tiers_minimums_are_inclusive_and_the_highest_reached_counts(engine: Engine) -> None:
    rubric = _tiered()
    for value, tier, certified in [(0, "t0", False), (80, "t1", True), (95, "t2", True)]:
        result = rubric.evaluate({"a": value}, facts={"ok": True}, engine=engine)
        assert result.tier is not None
        assert (result.tier.id, result.certified) == (tier, certified)


def test_a_tier_that_requires_the_one_below(engine: Engine) -> None:
    blocked = _tiered().evaluate({"a": 95}, facts={"ok": False}, engine=engine)
    assert blocked.tier is not None
    assert (blocked.tier.id, blocked.certified) == ("t0", False)  # t2 needs t1, t1 is gated
    assert blocked.next_tier is not None
    assert blocked.next_tier.tier.id == "t1"
    assert blocked.next_tier.blocking_gates == ("k",)
    free = _tiered(requires_lower=False).evaluate({"a": 95}, facts={"ok": False}, engine=engine)
    assert free.tier is not None
    assert free.tier.id == "t2"


def test_next_tier_says_how_many_points_are_missing(engine: Engine) -> None:
    result = _tiered().evaluate({"a": D("84.5")}, facts={"ok": True}, engine=engine)
    assert result.next_tier is not None
    assert result.next_tier.to_dict() == {
        "id": "t2",
        "rank": 3,
        "label": {"*": "2 stars"},
        "certified": True,
        "provisional": False,
        "min": "90",
        "points_needed": "5.5",
        "blocking_gates": [],
    }
    top = _tiered().evaluate({"a": 100}, facts={"ok": True}, engine=engine)
    assert top.next_tier is None


def test_no_tier_below_the_first(engine: Engine) -> None:
    rubric = make(
        leaf("a", {"kind": "direct"}, max=100),
        tiers=[{"id": "t1", "label": "1", "rank": 1, "min": 80}],
    )
    result = rubric.evaluate({"a": 50}, engine=engine)
    assert (result.tier, result.certified) == (None, False)


# --- assessments and results ------------------------------------------------------------------


def test_answers_for_another_rubric_are_refused(engine: Engine) -> None:
    rubric = make(leaf("a", boolean()))
    assessment = Assessment(answers={"a": True}, rubric_id="other")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment, engine=engine)
    assert [p.code for p in caught.value.problems] == ["assessment.rubric"]
    assert caught.value.problems[0].message == (
        "these answers are for the rubric 'other', not 't'; use the matching rubric"
    )


def test_assessment_problems_carry_file_positions(engine: Engine) -> None:
    rubric = make(leaf("a", boolean()), leaf("b", levels(good=1)))
    text = "rubric: t\nunit: {id: u1}\nanswers:\n  a: maybe\n  b: bad\n  c: 1\n"
    assessment = parse_assessment(text, file="a.yaml")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment, engine=engine)
    assert [p.format() for p in caught.value.problems] == [
        "a.yaml:4:6: error: $.answers.a: expected true or false (yes/no), got 'maybe' "
        "[answer.invalid]",
        "a.yaml:5:6: error: $.answers.b: 'bad' is not one of the levels: good [answer.invalid]",
        "a.yaml:6:3: error: $.answers.c: the rubric has no criterion 'c'; remove it or fix the "
        "id [answer.unknown]",
    ]


def test_result_to_dict_has_a_stable_key_order_and_strings_for_numbers(engine: Engine) -> None:
    rubric = _tiered()
    result = rubric.evaluate({"a": D("84.50")}, facts={"ok": True}, unit_id="x1", engine=engine)
    data = result.to_dict()
    assert list(data) == [
        "format",
        "rubric",
        "unit",
        "total",
        "max",
        "bonus_max",
        "percentage",
        "certified",
        "tier",
        "next_tier",
        "failed_gates",
        "gates",
        "provisional",
        "as_of",
        "nodes",
    ]
    assert (data["total"], data["max"], data["percentage"]) == ("84.5", "100", "84.5")
    assert data["rubric"] == {"id": "t", "version": "1", "fingerprint": rubric.fingerprint}
    assert data["unit"] == {"id": "x1", "name": None}
    assert list(data["nodes"][0]) == [
        "id",
        "score",
        "max",
        "status",
        "rule",
        "answer",
        "capped",
        "detail",
        "parent",
        "provisional",
        "counted",
        "counts_from",
        "counted_points",
    ]
    text = result.to_json()
    assert (
        text
        == rubric.evaluate(
            {"a": D("84.50")}, facts={"ok": True}, unit_id="x1", engine=engine
        ).to_json()
    )
    assert json.loads(text) == data
    assert "84.5" in text
    assert ": 84.5" not in text  # never a JSON (binary) number


def test_nodes_are_listed_in_document_order(engine: Engine) -> None:
    rubric = make(group("z", leaf("z.2", boolean()), leaf("z.1", boolean())), leaf("a", boolean()))
    result = rubric.evaluate({"z.1": True, "z.2": True, "a": True}, engine=engine)
    assert list(result.nodes) == ["z", "z.2", "z.1", "a"]
    assert [n.parent for n in result.nodes.values()] == ["@criteria", "z", "z", "@criteria"]


def test_the_fingerprint_follows_meaning_not_spelling() -> None:
    one = make(leaf("a", boolean(D("80"))))
    assert make(leaf("a", boolean(D("80.0")))).fingerprint == one.fingerprint
    assert make(leaf("a", boolean(D("8E+1")))).fingerprint == one.fingerprint
    assert make(leaf("a", boolean(D("81")))).fingerprint != one.fingerprint
    assert one.fingerprint.startswith("sha256:")


def test_a_number_and_the_same_digits_as_text_are_different_rubrics() -> None:
    def spec(value: object) -> RubricSpec:
        return RubricSpec.model_validate(
            {
                "format": 1,
                "id": "t",
                "version": "1",
                "title": "T",
                "criteria": [leaf("a", boolean())],
                "facts": [{"id": "f", "title": "F", "type": "text", "default": value}],
            }
        )

    assert fingerprint(spec(D("5"))) != fingerprint(spec("5"))
    assert fingerprint(spec(D("5"))) == fingerprint(spec(D("5.00")))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES)
def test_the_canonical_json_is_what_json_dumps_writes(value: Any) -> None:
    # the fingerprint's text, written fast, is byte for byte json.dumps with sorted keys
    # (fingerprints are in goldens: they must never change)
    from tiercert.rubric import _canonical_json

    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert _canonical_json(value) == expected
    assert _canonical_json([D("80.0"), {"b": D("0.50"), "a": 1}]) == '[80,{"a":1,"b":0.5}]'


def test_a_node_s_json_form_is_made_once_and_never_shared() -> None:
    """The compiled evaluator hands out the same NodeResult for the same outcome, and its
    JSON form is remembered: what a caller does to one dict never reaches another."""
    rubric = load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    assessment = load_assessment(ROOT / "examples" / "bac_giang" / "xa_mau_a.yaml")
    first = rubric.evaluate(assessment).to_dict()
    expected = json.dumps(first)
    for node in first["nodes"]:
        node["score"] = "999"
    cast("dict[str, object]", first["nodes"][0]).clear()
    again = rubric.evaluate(assessment).to_dict()
    assert json.dumps(again) == expected
    assert again["nodes"][0] is not first["nodes"][0]
    one = next(iter(rubric.evaluate(assessment).nodes.values()))
    assert one.to_dict() == one.to_dict()
    assert one.to_dict() is not one.to_dict()


def test_a_remembered_json_form_belongs_to_its_own_node() -> None:
    """The JSON forms are remembered by the node's id, kept with the node itself: an entry
    left for another object under the same id (as after the memo was emptied and the id
    reused) is never handed out."""
    from tiercert import result as module

    first = NodeResult("a", Fraction(1), Fraction(2), "answered")
    other = NodeResult("b", Fraction(0), Fraction(2), "missing")
    module._NODE_DICTS[id(other)] = (first, first.to_dict())
    assert other.to_dict()["id"] == "b"
    gate = GateResult("g", True, None)
    failed = GateResult("h", False, None)
    module._REASONS[id(failed)] = (gate, gate.reason)
    assert failed.to_dict()["reason"] == "failed"
