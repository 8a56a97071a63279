"""What both evaluators share, held to examples worked out by hand.

The compiled evaluator reuses the reference's maxima, bands, aggregates, caps, rounding and
tier decision, so the comparison of the two (test_fast_equivalence.py) cannot see a mistake in
any of them: these examples can.  Each expected value is written out, with the sum that gives
it in the comment; every rubric runs on both evaluators.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, cast

import pytest

from tiercert import Assessment, Result, Rubric, rubric_from_mapping
from tiercert._fast import Fallback, FastEvaluator
from tiercert._maxima import bonus_max, children_max, node_max
from tiercert._numbers import RoundingMode, round_to
from tiercert.errors import AssessmentError
from tiercert.model import Node
from tiercert.result import Verdict
from tiercert.rules.bands import band_of

F = Fraction
D = Decimal
Engine = Literal["reference", "fast"]


@pytest.fixture(params=["reference", "fast"])
def engine(request: pytest.FixtureRequest) -> Engine:
    value: Engine = request.param
    return value


def rubric(*criteria: dict[str, Any], **extra: Any) -> Rubric:
    data: dict[str, Any] = {"format": 1, "id": "t", "version": "1", "title": "T"}
    data["criteria"] = list(criteria)
    data.update(extra)
    return rubric_from_mapping(data)


def leaf(nid: str, points: Any, **extra: Any) -> dict[str, Any]:
    """A yes/no criterion worth ``points``."""
    return {"id": nid, "title": nid, "rule": {"kind": "boolean", "points": points}, **extra}


def direct(nid: str, maximum: Any, **extra: Any) -> dict[str, Any]:
    """A criterion whose points are entered, from 0 to ``maximum``."""
    return {"id": nid, "title": nid, "rule": {"kind": "direct"}, "max": maximum, **extra}


def group(nid: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": nid, "title": nid, "children": list(children), **extra}


NA = {"counts_as": "excluded"}


def run(
    r: Rubric, engine: Engine, facts: dict[str, Any] | None = None, /, **answers: Any
) -> Result:
    given = {k.replace("_", "."): v for k, v in answers.items()}
    facts = facts or {}
    if engine == "reference":
        return r.evaluate(given, facts=facts, engine="reference")
    # the compiled evaluator itself, not evaluate(): evaluate() hands anything the compiled
    # code gives up on to the reference, which would hide a mistake in the code it writes
    assert r._fast is not None, "the compiled evaluator should take every example here"
    result = r._fast.result(given, facts, r.spec.scoring.missing == "zero", None, None)
    assert result == r.evaluate(given, facts=facts, engine="fast")
    # and every field the examples do not spell out (statuses, flags, details) as the
    # reference gives it
    assert result.to_json() == r.evaluate(given, facts=facts, engine="reference").to_json()
    return result


def verdict(
    r: Rubric, engine: Engine, facts: dict[str, Any] | None = None, /, **answers: Any
) -> Verdict:
    """The verdict alone (a scorer of its own when compiled), as ``run`` gives it."""
    given = {k.replace("_", "."): v for k, v in answers.items()}
    facts = facts or {}
    result = r.evaluate(given, facts=facts, engine="reference")
    expected = Verdict(result.total, result.certified, result.tier)
    if engine == "reference":
        return expected
    assert r._fast is not None, "the compiled evaluator should take every example here"
    found = r._fast.verdict(given, facts, r.spec.scoring.missing == "zero")
    assert found == expected
    return found


# --- rounding (round_to) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        (F(4, 10), 0, "up", F(1)),  # below one unit of the last place kept
        (F(4, 10), 0, "half_up", F(0)),
        (F(5, 10), 0, "half_up", F(1)),
        (F(5, 10), 0, "half_even", F(0)),
        (F(15, 10), 0, "half_even", F(2)),
        (F(25, 10), 0, "half_even", F(2)),
        (F(-25, 10), 0, "half_up", F(-3)),
        (F(-25, 10), 0, "half_even", F(-2)),
        (F(-25, 10), 0, "down", F(-2)),
        (F(-25, 10), 0, "up", F(-3)),
        (F(-4, 10), 0, "half_up", F(0)),
        (F(601, 100), 0, "up", F(7)),
        (F(1, 3), 12, "half_up", F(333_333_333_333, 10**12)),  # no end: past 12 places
        (F(2, 3), 12, "down", F(666_666_666_666, 10**12)),
        (F(2, 3), 12, "half_up", F(666_666_666_667, 10**12)),
        (F(1, 2**13), 12, "half_even", F(122_070_312, 10**12)),  # ...3125: a half, 2 is even
        (F(1, 2**13), 12, "half_up", F(122_070_313, 10**12)),
        (F(45), -1, "half_even", F(40)),
        (F(55), -1, "half_even", F(60)),
    ],
)
def test_round_to_by_hand(value: Fraction, places: int, mode: str, expected: Fraction) -> None:
    assert round_to(value, places, RoundingMode(mode)) == expected


def test_a_rounded_leaf_or_group_never_passes_its_maximum(engine: Engine) -> None:
    half_up = {"mode": "half_up", "places": 0}
    r = rubric(
        group("g", direct("g.1", D("2.5"), round=half_up), leaf("g.2", D("1.25"))),
        rounding={"groups": half_up},
    )
    result = run(r, engine, g_1=D("2.5"), g_2=True)
    assert result.nodes["g.1"].score == F(5, 2)  # 2.5 rounds to 3, above its maximum: 2.5
    assert result.nodes["g"].score == F(15, 4)  # 2.5 + 1.25 = 3.75 rounds to 4: 3.75
    result = run(r, engine, g_1=D("1.5"), g_2=True)
    assert result.nodes["g.1"].score == 2  # 1.5 rounds to 2
    assert result.nodes["g"].score == 3  # 2 + 1.25 = 3.25 rounds to 3
    result = run(r, engine, g_1=D("0.4"), g_2=False)
    assert result.nodes["g.1"].score == 0  # 0.4 is below one unit: 0
    assert result.nodes["g"].score == 0


# --- bands (band_of) ----------------------------------------------------------------------------

GAPPED = [(F(0), F(10), "a"), (F(20), F(30), "b")]  # nothing between 10 and 20
OPEN = [(None, F(10), "low"), (F(10), F(50), "mid"), (F(50), None, "high")]


@pytest.mark.parametrize(
    ("bands", "min_inclusive", "value", "expected"),
    [
        (GAPPED, True, F(0), 0),
        (GAPPED, True, F(10), None),  # the upper edge of a band that is not the last: the gap
        (GAPPED, True, F(15), None),
        (GAPPED, True, F(20), 1),
        (GAPPED, True, F(30), 1),  # the last band holds its upper edge
        (GAPPED, True, F(-1, 10**13), None),  # out of range, by less than any shown digit
        (GAPPED, True, F(30) + F(1, 10**13), None),
        (GAPPED, False, F(0), 0),  # the first band holds its lower edge
        (GAPPED, False, F(10), 0),
        (GAPPED, False, F(20), None),  # the lower edge of a band that is not the first
        (GAPPED, False, F(30), 1),
        (GAPPED, False, F(-1, 10**13), None),
        (GAPPED, False, F(30) + F(1, 10**13), None),
        (OPEN, True, F(-(10**9)), 0),
        (OPEN, True, F(10), 1),
        (OPEN, True, F(50), 2),
        (OPEN, True, F(10**9), 2),
        (OPEN, False, F(10), 0),
        (OPEN, False, F(50), 1),
        (OPEN, False, F(50) + F(1, 3 * 10**12), 2),
    ],
)
def test_band_of_by_hand(
    bands: list[tuple[Any, Any, Any]], min_inclusive: bool, value: Fraction, expected: int | None
) -> None:
    assert band_of(bands, min_inclusive, value) == expected


def test_a_bands_rule_scores_by_hand(engine: Engine) -> None:
    rule = {
        "kind": "bands",
        "edges": "max_inclusive",
        "bands": [
            {"max": 10, "points": 1},
            {"min": 10, "max": 20, "points": 3},
            {"min": 20, "points": 5},
        ],
    }
    r = rubric({"id": "b", "title": "B", "rule": rule})
    assert [run(r, engine, b=v).total for v in (-5, 10, D("10.5"), 20, 21)] == [1, 1, 3, 3, 5]


def test_closed_bands_score_by_hand(engine: Engine) -> None:
    # min_inclusive: [0, 10) → 1, [10, 20) → 3, [20, 30] → 5; the compiled code ends in 'else'
    closed = [
        {"min": 0, "max": 10, "points": 1},
        {"min": 10, "max": 20, "points": 3},
        {"min": 20, "max": 30, "points": 5},
    ]
    r = rubric({"id": "b", "title": "B", "rule": {"kind": "bands", "bands": closed}})
    values = (0, D("9.99"), 10, 20, 30)
    assert [run(r, engine, b=v).total for v in values] == [1, 1, 3, 5, 5]
    # max_inclusive: [0, 10] → 1 (the first band holds its lower edge), (10, 20] → 3, (20, 30] → 5
    rule = {"kind": "bands", "edges": "max_inclusive", "bands": closed}
    r = rubric({"id": "b", "title": "B", "rule": rule})
    assert [run(r, engine, b=v).total for v in (0, 10, D("10.5"), 20, 30)] == [1, 1, 3, 3, 5]


def test_a_bands_range_narrower_than_an_open_band_is_enforced(engine: Engine) -> None:
    rule = {
        "kind": "bands",
        "range": {"min": 0, "max": 100},
        "bands": [{"max": 50, "points": 1}, {"min": 50, "points": 4}],
    }
    r = rubric({"id": "b", "title": "B", "rule": rule})
    assert [run(r, engine, b=v).total for v in (0, 50, 100)] == [1, 4, 4]
    for outside in (-1, 101):  # inside an open band, outside the range: refused (the compiled
        # evaluator hands a refused answer to the reference, so evaluate() here)
        with pytest.raises(AssessmentError, match="outside the allowed range 0 to 100"):
            r.evaluate({"b": outside}, engine=engine)


# --- maxima (node_max, children_max, bonus_max) -------------------------------------------------


def _nodes(*criteria: dict[str, Any], **extra: Any) -> tuple[Any, list[Node]]:
    spec = rubric(*criteria, **extra).spec
    return spec, spec.criteria


def test_maxima_by_hand() -> None:
    spec, criteria = _nodes(
        leaf("a", 4),
        leaf("e", 3, bonus=True),  # a bonus child before base ones: skipped, not the end
        leaf("b", 7),
        leaf("c", 7),
        direct("d", 2),
        leaf("f", 5, bonus=True),
        top=2,
        bonus_cap=6,
    )
    assert children_max(spec, criteria) == 14  # the best 2 base maxima: 7 + 7
    assert bonus_max(spec, criteria) == 6  # 3 + 5 = 8, capped at 6
    assert [node_max(n) for n in criteria] == [4, 3, 7, 7, 2, 5]
    spec, criteria = _nodes(leaf("a", 4), leaf("e", 3, bonus=True), leaf("b", 1), bonus_cap=5)
    assert children_max(spec, criteria) == 5  # no top: all base maxima, 4 + 1
    assert bonus_max(spec, criteria) == 3  # below its cap
    spec, criteria = _nodes(group("g", leaf("g.1", 4), leaf("g.2", 0), leaf("g.3", 1, bonus=True)))
    assert node_max(criteria[0]) == 4  # 4 + 0; the bonus is not in the maximum
    assert bonus_max(criteria[0], criteria[0].children or []) == 1
    spec, criteria = _nodes(leaf("a", 4), leaf("e", 0, bonus=True))
    assert bonus_max(spec, criteria) == 0  # a bonus worth nothing adds nothing
    spec, criteria = _nodes(leaf("a", 4), aggregate="scaled", max=10)
    assert children_max(spec, criteria) is None  # scaled: only the group's max is a scale
    spec, criteria = _nodes(group("g", leaf("g.1", 4), max=3))
    assert node_max(criteria[0]) == 3  # declared
    # children waiting to count (future) add nothing, also inside a bonus group
    spec, criteria = _nodes(
        leaf("a", 4), group("e", leaf("e.1", 2), leaf("e.2", 3), bonus=True), leaf("w", 5)
    )
    assert children_max(spec, criteria, {"e.2", "w"}) == 4
    assert bonus_max(spec, criteria, {"e.2", "w"}) == 2
    assert bonus_max(spec, criteria) == 5
    # and inside a group inside a group, and a bonus group's own bonus
    inner = group("g.2", leaf("g.2.1", 1), leaf("g.2.2", 2))
    spec, criteria = _nodes(
        group("g", leaf("g.1", 4), inner),
        group("e", leaf("e.1", 2), leaf("e.2", 3, bonus=True), bonus=True),
    )
    assert node_max(criteria[0], {"g.2.2"}) == 5
    assert children_max(spec, criteria, {"g.2.2"}) == 5
    assert node_max(criteria[0]) == 7
    assert bonus_max(spec, criteria, {"e.2"}) == 2
    assert bonus_max(spec, criteria) == 5


def test_a_result_shows_the_maxima_by_hand(engine: Engine) -> None:
    r = rubric(
        group("g", leaf("g.1", 4), leaf("g.2", 6), leaf("g.3", 9), top=2),
        group("h", leaf("h.1", 2), leaf("h.2", 3, bonus=True), leaf("h.3", 4, bonus=True)),
    )
    result = run(r, engine, g_1=True, g_2=True, g_3=True, h_1=True, h_2=True, h_3=True)
    assert result.nodes["g"].max == 15  # 9 + 6
    assert result.nodes["h"].max == 9  # 2, and 3 + 4 above it
    # the top level's maximum is its children's base maxima, 15 + 2: h's bonus lifts h above
    # its own maximum, not the total above the top level's
    assert (result.max, result.bonus_max) == (F(17), F(0))
    assert result.total == 17  # 15 + 9, capped at 17


# --- aggregates, caps and N/A -------------------------------------------------------------------


def test_top_with_a_child_left_out_rescales_over_the_best_maxima_left(engine: Engine) -> None:
    r = rubric(
        group(
            "g",
            direct("g.1", 10, na=NA),
            direct("g.2", 6),
            direct("g.3", 4),
            direct("g.4", 2),
            top=2,
        )
    )
    assert r.spec.criteria[0].max is None
    result = run(r, engine, g_1="na", g_2=3, g_3=4, g_4=2)
    # maximum 10 + 6 = 16; left: 6, 4, 2, the best two reach 6 + 4 = 10; the best two scores
    # 4 + 3 = 7, rescaled: 7 * 16 / 10
    assert result.nodes["g"].max == 16
    assert result.total == F(56, 5)
    result = run(r, engine, g_1=10, g_2=6, g_3=4, g_4=2)
    assert result.total == 16  # nothing left out: the best two, 10 + 6


def test_top_rescales_over_the_best_maxima_whatever_their_order(engine: Engine) -> None:
    # the children listed from the smallest maximum up: "the best" is by maximum (for the
    # reach) and by score (for the points), never by the order the rubric lists them in
    r = rubric(
        group(
            "g",
            direct("g.1", 2),
            direct("g.2", 4),
            direct("g.3", 6),
            direct("g.4", 10, na=NA),
            top=2,
        )
    )
    result = run(r, engine, g_1=2, g_2=1, g_3=3, g_4="na")
    # maximum 10 + 6 = 16; left: 2, 4, 6, the best two reach 6 + 4 = 10; the best two scores
    # 3 + 2 = 5 (g.3 and g.1, not g.3 and g.2 whose maximum is larger), rescaled: 5 * 16 / 10
    assert result.nodes["g"].max == 16
    assert result.total == 8


def test_top_with_tied_children(engine: Engine) -> None:
    r = rubric(group("g", direct("g.1", 5), direct("g.2", 5), direct("g.3", 5), top=2))
    assert run(r, engine, g_1=3, g_2=3, g_3=3).total == 6  # any two of three equal scores
    assert run(r, engine, g_1=5, g_2=3, g_3=5).total == 10
    assert run(r, engine, g_1=0, g_2=5, g_3=5).total == 10


def test_bonus_cap_reached_exactly(engine: Engine) -> None:
    for cap, score, capped in [
        (5, 9, False),  # 3 + 2 = 5, at the cap: nothing taken off
        (4, 8, True),  # 5 above 4: one point taken off
        (6, 9, False),
    ]:
        bonus = leaf("g.2", 3, bonus=True), leaf("g.3", 2, bonus=True)
        r = rubric(group("g", leaf("g.1", 4), *bonus, bonus_cap=cap), leaf("h", 1))
        result = run(r, engine, g_1=True, g_2=True, g_3=True, h=True)
        assert (result.nodes["g"].score, result.nodes["g"].capped) == (F(score), capped), cap


def test_incomplete_cap_reached_exactly(engine: Engine) -> None:
    r = rubric(group("g", direct("g.1", 10), direct("g.2", 10), incomplete_cap=15))
    exact = run(r, engine, g_1=10, g_2=5)
    assert (exact.total, exact.nodes["g"].capped) == (F(15), False)  # at the cap: nothing taken
    above = run(r, engine, g_1=10, g_2=9)
    assert (above.total, above.nodes["g"].capped) == (F(15), True)
    complete = run(r, engine, g_1=10, g_2=10)
    assert (complete.total, complete.nodes["g"].capped) == (F(20), False)
    below = run(r, engine, g_1=4, g_2=5)
    assert (below.total, below.nodes["g"].capped) == (F(9), False)


def test_incomplete_cap_reads_only_the_children_left(engine: Engine) -> None:
    r = rubric(group("g", direct("g.1", 10), direct("g.2", 10, na=NA), incomplete_cap=15))
    result = run(r, engine, g_1=10, g_2="na")  # the only child left is full: no cap
    assert result.total == 20  # 10 rescaled: 10 * 20 / 10


def test_incomplete_cap_of_a_group_with_a_child_left_out(engine: Engine) -> None:
    # a child N/A: the group is finished by the shared helper (_group), its cap scaled too
    r = rubric(group("g", direct("g.1", 10), direct("g.2", 10, na=NA), incomplete_cap=15))
    capped = run(r, engine, g_1=9, g_2="na")  # 9 rescaled: 18, not full: 15
    assert (capped.total, capped.nodes["g"].capped) == (F(15), True)
    below = run(r, engine, g_1=7, g_2="na")  # 14, below the cap
    assert (below.total, below.nodes["g"].capped) == (F(14), False)


def test_bonus_and_penalty_caps_of_a_group_with_a_child_left_out(engine: Engine) -> None:
    # a child N/A: the group is finished by the shared helper (_group), its caps scaled too
    r = rubric(
        group(
            "g",
            direct("g.1", 10),
            direct("g.2", 10, na=NA),
            leaf("g.b", 5, bonus=True),
            leaf("g.p", 5, penalty=True),
            bonus_cap=1.5,
            penalty_cap=2.5,
        )
    )
    # 5 of 10 rescaled over 20: 10; the bonus of 5 capped at 1.5
    bonus = run(r, engine, g_1=5, g_2="na", g_b=True, g_p=False)
    assert (bonus.total, bonus.nodes["g"].capped) == (F(23, 2), True)
    # the penalty of 5 capped at 2.5
    penalty = run(r, engine, g_1=5, g_2="na", g_b=False, g_p=True)
    assert penalty.total == F(15, 2)
    assert penalty.nodes["g"].detail == "positive points 10, penalties 5, capped at 2.5"


def test_all_children_left_worth_nothing(engine: Engine) -> None:
    r = rubric(
        group("g", direct("g.1", 10, na=NA), leaf("g.2", 0), leaf("g.3", 0), max=10),
        leaf("h", 5),
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 0}],
    )
    result = run(r, engine, g_1="na", g_2=True, g_3=True, h=True)
    assert result.nodes["g"].score == 0  # what is left can reach 0: nothing to rescale
    assert result.nodes["g"].status == "computed"
    assert result.total == 5


def test_every_child_left_out_leaves_the_group_out(engine: Engine) -> None:
    r = rubric(
        group("g", direct("g.1", 10, na=NA), leaf("g.2", 3, bonus=True)),
        leaf("h", 5),
    )
    result = run(r, engine, g_1="na", g_2=True, h=True)
    assert result.nodes["g"].status == "excluded"
    assert result.nodes["g"].capped is False  # nothing was taken off: it is not counted
    nested = rubric(group("p", group("p.g", direct("p.g.1", 10, na=NA)), leaf("p.h", 5)))
    g = run(nested, engine, p_g_1="na", p_h=True).nodes["p.g"]
    assert (g.score, g.status, g.parent) == (F(0), "excluded", "p")
    g = run(nested, engine, p_g_1=4, p_h=True).nodes["p.g"]  # the same group, counted
    assert (g.score, g.status) == (F(4), "computed")
    assert result.total == 15  # h alone, rescaled to the whole: 5 * 15 / 5; g's bonus is gone


def test_scaled_and_weighted_by_hand(engine: Engine) -> None:
    scaled = rubric(
        group("g", direct("g.1", 6), direct("g.2", 10), aggregate="scaled", max=10),
    )
    assert run(scaled, engine, g_1=6, g_2=6).total == F(15, 2)  # 12 of 16, times 10
    zero = rubric(group("g", leaf("g.1", 0), leaf("g.2", 0), aggregate="scaled", max=10))
    assert run(zero, engine, g_1=True, g_2=True).total == 0  # their maxima add to 0
    weighted = rubric(
        group(
            "g",
            direct("g.1", 10, weight=3),
            direct("g.2", 4, weight=1),
            leaf("g.3", 0, weight=5),  # worth nothing: no share, left out of the mean
            aggregate="weighted",
            max=100,
        )
    )
    # shares 5/10 and 4/4, weights 3 and 1: (3 * 1/2 + 1 * 1) / 4 * 100 = 62.5
    assert run(weighted, engine, g_1=5, g_2=4, g_3=True).total == F(125, 2)


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (5, F(9, 2)),  # 9 of 10, times 5: a factor of 1/2
        (20, 18),  # times 20: a factor of 2, a whole number
        (3, F(27, 10)),  # times 3: 3/10
    ],
)
def test_scaled_by_factors_whole_and_not(engine: Engine, maximum: int, expected: Fraction) -> None:
    r = rubric(group("g", direct("g.1", 4), direct("g.2", 6), aggregate="scaled", max=maximum))
    assert run(r, engine, g_1=3, g_2=6).total == expected


def test_scaled_over_children_worth_nothing_but_a_bonus(engine: Engine) -> None:
    # g.1's maximum is 0 (its bonus is above it): the children reach nothing, so the share is 0
    # and g scores 0 whatever the bonus gave g.1
    r = rubric(
        group(
            "g",
            group("g.1", leaf("g.1.1", 0), leaf("g.1.2", 2, bonus=True)),
            aggregate="scaled",
            max=10,
        ),
        leaf("h", 5),
    )
    result = run(r, engine, g_1_1=True, g_1_2=True, h=True)
    assert result.nodes["g.1"].score == 2
    assert result.nodes["g"].score == 0
    assert result.total == 5


def test_weighted_keeps_a_child_worth_one_point(engine: Engine) -> None:
    r = rubric(
        group(
            "g",
            direct("g.1", 1, weight=1),  # worth 1 point: in the mean
            direct("g.2", 4, weight=1),
            aggregate="weighted",
            max=10,
        )
    )
    # shares 1/1 and 2/4, weights 1 and 1: (1 + 1/2) / 2 * 10 = 7.5
    assert run(r, engine, g_1=1, g_2=2).total == F(15, 2)


def test_tiered_by_hand(engine: Engine) -> None:
    r = rubric(
        group(
            "g",
            direct("g.1", 4),
            group("g.2", direct("g.2.1", 3), leaf("g.2.2", 2, bonus=True)),
            direct("g.3", 5),
            aggregate="tiered",
        )
    )
    assert run(r, engine, g_1=4, g_2_1=3, g_2_2=False, g_3=5).total == 12
    assert run(r, engine, g_1=4, g_2_1=2, g_2_2=False, g_3=5).total == 6  # stops after g.2
    assert run(r, engine, g_1=3, g_2_1=3, g_2_2=False, g_3=5).total == 3  # stops after g.1
    # g.2 at 2 + 2 bonus = 4, past its maximum of 3: complete, so g.3 counts; 4 + 4 + 5 = 13,
    # capped at the group's maximum, 12
    assert run(r, engine, g_1=4, g_2_1=2, g_2_2=True, g_3=5).total == 12


# --- the verdict: percentage, tiers, next tier, provisional -------------------------------------

TIERS = [
    {"id": "s1", "label": "1", "rank": 1, "min": 40},
    {"id": "s2", "label": "2", "rank": 2, "min": 80, "provisional": True, "note": "modelled"},
    {"id": "s3", "label": "3", "rank": 3, "min": 90, "requires_lower": False},
]


def test_percentage_is_never_rounded_across_a_tier(engine: Engine) -> None:
    r = rubric(
        direct("a", 100),
        tiers=TIERS,
        rounding={"percentage": {"mode": "half_up", "places": 0}},
    )
    assert run(r, engine, a=D("79.6")).percentage == F(796, 10)  # 80% would be past s2's 80
    assert run(r, engine, a=D("75.4")).percentage == 75
    assert run(r, engine, a=D("80")).percentage == 80
    assert run(r, engine, a=D("80.5")).percentage == 81  # rounded up, both above 80
    # at a tier's edge exactly (2 of 3 points, 66.66...%): rounded to 67, which is past the
    # edge as the exact value is
    thirds = rubric(
        direct("a", 3),
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 2}],
        rounding={"percentage": {"mode": "half_up", "places": 0}},
    )
    assert run(thirds, engine, a=2).percentage == 67
    assert run(thirds, engine, a=D("1.5")).percentage == 50
    empty = rubric(leaf("a", 0), rounding={"percentage": {"mode": "up", "places": 0}})
    assert run(empty, engine, a=True).percentage == 0  # of a maximum of 0


def test_tiers_next_tier_and_provisional_by_hand(engine: Engine) -> None:
    r = rubric(direct("a", 100), tiers=TIERS)
    below = run(r, engine, a=39)
    assert below.tier is None
    assert below.next_tier is not None
    assert (below.next_tier.tier.id, below.next_tier.points_needed) == ("s1", F(1))
    first = run(r, engine, a=79)
    assert first.tier is not None
    assert first.tier.id == "s1"
    assert first.next_tier is not None
    assert (first.next_tier.tier.id, first.next_tier.points_needed) == ("s2", F(1))
    assert first.provisional == ("s2",)  # the next tier is provisional: the result says so
    second = run(r, engine, a=80)
    assert second.tier is not None
    assert second.tier.id == "s2"
    assert second.provisional == ("s2",)
    third = run(r, engine, a=95)
    assert third.tier is not None
    assert third.tier.id == "s3"
    assert third.next_tier is None
    assert third.provisional == ()


def test_everything_provisional_is_said(engine: Engine) -> None:
    modelled = {"provisional": True, "note": "modelled"}
    r = rubric(
        direct("a", 100, **modelled),
        leaf("b", 0),
        tiers=TIERS,
        gates=[
            {"id": "k", "title": "K", "require": {"answer": "b", "equals": True}, **modelled},
            {"id": "m", "title": "M", "require": {"answer": "b", "equals": True}, "tiers": ["s3"]},
        ],
    )
    result = run(r, engine, a=85, b=True)
    assert result.tier is not None
    assert (result.tier.id, result.tier.provisional, result.tier.label) == ("s2", True, {"*": "2"})
    assert [(g.id, g.tiers, g.provisional) for g in result.gates] == [
        ("k", None, True),
        ("m", ("s3",), False),
    ]
    # the criterion, the gate, the tier reached: in the rubric's order, each once
    assert result.provisional == ("a", "k", "s2")


def test_a_group_scored_directly_by_hand(engine: Engine) -> None:
    r = rubric(
        group("p", group("p.g", leaf("p.g.1", 4), leaf("p.g.2", 6), direct=True), leaf("p.h", 2))
    )
    result = run(r, engine, p_g=D("7.5"), p_h=True)
    g = result.nodes["p.g"]
    assert (g.score, g.max, g.status, g.parent, g.capped) == (F(15, 2), F(10), "direct", "p", False)
    assert "p.g.1" not in result.nodes  # hidden by the score given to its group
    assert result.total == F(19, 2)  # 7.5 + 2


def test_the_unit_is_named_in_its_result(engine: Engine) -> None:
    r = rubric(leaf("a", 1))
    result = r.evaluate({"a": True}, unit_id="x-01", unit_name="Xã Mẫu", engine=engine)
    assert (result.unit_id, result.unit_name) == ("x-01", "Xã Mẫu")


def test_a_tier_gate_and_requires_lower_by_hand(engine: Engine) -> None:
    r = rubric(
        direct("a", 100),
        leaf("b", 0),
        tiers=TIERS,
        gates=[{"id": "k", "title": "K", "require": {"answer": "b", "equals": True}}],
    )
    failed = run(r, engine, a=95, b=False)
    assert failed.tier is None
    assert failed.next_tier is not None
    assert failed.next_tier.blocking_gates == ("k",)
    assert failed.next_tier.points_needed == 0  # 95 is past 40: only the gate blocks s1
    only_s2 = rubric(
        direct("a", 100),
        leaf("b", 0),
        tiers=TIERS,
        gates=[
            {"id": "k", "title": "K", "require": {"answer": "b", "equals": True}, "tiers": ["s2"]}
        ],
    )
    result = run(only_s2, engine, a=95, b=False)
    assert result.tier is not None
    assert result.tier.id == "s3"  # s2 failed, but s3 does not require the tier below
    result = run(only_s2, engine, a=85, b=False)
    assert result.tier is not None
    assert result.tier.id == "s1"
    assert result.next_tier is not None
    assert result.next_tier.blocking_gates == ("k",)


# --- what results say: penalties, gate failures (tell_penalties, explain_failures) -----------


def test_penalties_said_by_hand(engine: Engine) -> None:
    # h: x (N/A, left out: e2's 7 of 10 is rescaled to the 11 of x and e2, 7.7), e2, two
    # penalties of which one took nothing; the N/A child first, so that the children after it
    # are still read
    r = rubric(
        group(
            "h",
            leaf("x", 1, na=NA),
            direct("e2", 10),
            leaf("p2", 2, penalty=True),
            leaf("q2", 1, penalty=True),
        ),
        leaf("a", 1),
    )
    result = run(r, engine, x="na", e2=7, p2=True, q2=False, a=True)
    said = {n.id: (n.score, n.detail) for n in result.nodes.values()}
    assert said == {
        "h": (F(57, 10), "positive points 7.7, penalties 2"),  # 7.7 - 2
        "x": (F(0), None),
        "e2": (F(7), None),
        "p2": (F(2), "penalty: takes 2 from h"),
        "q2": (F(0), None),  # took nothing: says nothing
        "a": (F(1), None),
    }


def test_a_group_with_penalties_below_a_direct_score_says_nothing(engine: Engine) -> None:
    # h has no result of its own (g is scored directly): nothing is said about its penalties
    r = rubric(
        group("g", group("h", direct("e1", 10), leaf("p", 2, penalty=True)), direct=True, max=10),
        leaf("a", 1),
    )
    result = run(r, engine, g=5, a=True)
    assert {n.id: (n.status, n.score, n.detail) for n in result.nodes.values()} == {
        "g": ("direct", F(5), None),
        "a": ("answered", F(1), None),
    }


def test_a_failed_gate_is_explained_without_the_criteria_left_out(engine: Engine) -> None:
    # x is N/A, left out: its comparison holds; only e2's fails (7 < 8)
    r = rubric(
        group("h", leaf("x", 1, na=NA), direct("e2", 10)),
        gates=[
            {
                "id": "k",
                "title": "k",
                "require": {"all": [{"score": "x", "at_least": 1}, {"score": "e2", "at_least": 8}]},
            }
        ],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 0}],
    )
    (gate,) = run(r, engine, x="na", e2=7).gates
    assert (gate.id, gate.passed) == ("k", False)
    assert [(f.subject, f.target, f.actual, f.operator, f.expected) for f in gate.failures] == [
        ("score", "e2", F(7), "at_least", F(8))
    ]


def test_penalties_with_bonuses_their_own_details_and_the_cap_reached_exactly(
    engine: Engine,
) -> None:
    # positive points 9 + 1 + 2 (two bonuses) = 12; penalties 2 + 1 = 3, the cap exactly (not
    # "capped"); 12 - 3 = 9
    r = rubric(
        group(
            "h",
            direct("e", 10),
            {"id": "c", "title": "c", "max": 2, "penalty": True,
             "rule": {"kind": "count", "per_item": 1}},
            {"id": "b", "title": "b", "penalty": True, "rule": {"kind": "bands", "bands": [
                {"min": 0, "max": 5, "points": 0}, {"min": 5, "max": 10, "points": 1}]}},
            leaf("bo1", 1, bonus=True),
            leaf("bo2", 2, bonus=True),
            penalty_cap=3,
            max=10,
        )
    )  # fmt: skip
    result = run(r, engine, e=9, c=5, b=7, bo1=True, bo2=True)
    assert {n.id: (n.score, n.detail) for n in result.nodes.values()} == {
        "h": (F(9), "positive points 12, penalties 3"),
        "e": (F(9), None),
        "c": (F(2), "penalty: takes 2 from h"),  # 5 counted, capped at its maximum 2
        "b": (F(1), "penalty: takes 1 from h; band 2"),  # one point, and its own detail
        "bo1": (F(1), None),
        "bo2": (F(2), None),
    }


def test_what_a_missing_answer_and_a_direct_score_show(engine: Engine) -> None:
    r = rubric(
        group("g", direct("e1", 10), direct=True, max=10),
        leaf("a", 1),
        scoring={"missing": "zero"},
    )
    result = run(r, engine, g=F(5, 2))
    g, a = result.nodes["g"], result.nodes["a"]
    assert (g.status, g.score, g.answer, g.max) == ("direct", F(5, 2), F(5, 2), F(10))
    assert g.detail is None
    assert (a.status, a.score, a.answer) == ("missing", F(0), None)
    assert a.detail is None


def test_a_gate_on_a_future_criterion_waits_passed_and_not_counted(engine: Engine) -> None:
    # f counts from version 2.0 of a rubric at 1.0: the gate reading it is not applied yet
    r = rubric(
        leaf("a", 1),
        leaf("f", 1, status="future", counts_from="2.0"),
        leaf("n", 1, na={"counts_as": "satisfied"}),
        version="1.0",
        gates=[
            {"id": "k", "title": "k", "require": {"answer": "f", "equals": True},
             "tiers": ["t"], "provisional": True},
        ],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 1}],
    )  # fmt: skip
    result = run(r, engine, a=True, f=False, n="na")
    (gate,) = result.gates
    assert (gate.id, gate.passed, gate.tiers, gate.failures, gate.provisional, gate.counted) == (
        "k", True, ("t",), (), True, False
    )  # fmt: skip
    assert result.tier is not None
    assert result.tier.id == "t"
    f, n = result.nodes["f"], result.nodes["n"]
    assert (f.counted, f.counts_from, f.score) == (False, "2.0", F(0))
    # N/A counted as satisfied: full points, and the answer shown as given
    assert (n.status, n.score, n.answer) == ("not_applicable", F(1), "na")


def test_a_gate_reading_a_penalty_leaves_what_it_said(engine: Engine) -> None:
    # the gate reads p once the tree is scored: p is not scored again (what it took is kept)
    r = rubric(
        group("h", direct("e", 10), leaf("p", 2, penalty=True)),
        gates=[{"id": "k", "title": "k", "require": {"score": "p", "at_most": 0}}],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 0}],
    )
    result = run(r, engine, e=5, p=True)
    assert (result.nodes["p"].score, result.nodes["p"].detail) == (F(2), "penalty: takes 2 from h")
    assert result.nodes["h"].detail == "positive points 5, penalties 2"
    assert [(g.id, g.passed) for g in result.gates] == [("k", False)]


# --- the code generator (tiercert._fast.codegen) ------------------------------------------------
# What the generated code computes, worked out by hand; each rubric runs the compiled scorer
# itself (``run``), so code the generator writes wrong cannot hide behind the reference.


def test_ids_and_integers_become_code_only_when_checked() -> None:
    from tiercert._fast import Unsupported
    from tiercert._fast.codegen import integer, lit

    assert (lit("g.1-a_b"), lit("@x")) == ("'g.1-a_b'", "'@x'")
    for bad in ("a'b", "a b", "", ".a", "x\n", 7):
        with pytest.raises(Unsupported, match="unexpected id"):
            lit(bad)  # type: ignore[arg-type]
    assert (integer(0), integer(-12)) == ("0", "-12")
    for bad_number in (True, 1.0, F(1)):
        with pytest.raises(Unsupported, match="not an integer"):
            integer(bad_number)  # type: ignore[arg-type]


def test_a_bonus_that_may_be_left_out_by_hand(engine: Engine) -> None:
    r = rubric(
        group("g", leaf("g.1", 4), direct("g.2", 3, bonus=True, na=NA), bonus_cap=2),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=D("1.5"), h=True)
    assert (result.nodes["g"].score, result.nodes["g"].capped) == (F(11, 2), False)  # 4 + 1.5
    result = run(r, engine, g_1=True, g_2=3, h=False)
    assert (result.nodes["g"].score, result.nodes["g"].capped) == (F(6), True)  # 4 + 3, capped: 2
    result = run(r, engine, g_1=False, g_2="na", h=True)
    assert (result.nodes["g"].score, result.nodes["g"].capped) == (F(0), False)
    assert result.nodes["g.2"].status == "excluded"
    assert result.total == 1


def test_a_group_of_many_children_adds_them_all(engine: Engine) -> None:
    # the generated sum is written 50 terms to a line: 120 children make three lines
    many = [leaf(f"g.{k}", k) for k in range(1, 121)]
    r = rubric(group("g", *many), leaf("h", 1))
    answers = {f"g_{k}": k % 3 != 0 for k in range(1, 121)}  # every third one False
    # 1 + ... + 120 = 7260; the multiples of 3 add up to 3 * (1 + ... + 40) = 2460
    assert run(r, engine, **answers, h=True).total == 7260 - 2460 + 1
    assert run(r, engine, **dict.fromkeys(answers, True), h=False).total == 7260


def test_a_group_scored_directly_hides_many_criteria(engine: Engine) -> None:
    # the full scorer sets every value the direct score hides (two per criterion here) to
    # None, 200 names to a line
    many = [leaf(f"g.{k}", 1) for k in range(1, 151)]
    r = rubric(group("g", *many, direct=True), leaf("h", 2))
    result = run(r, engine, g=D("99.5"), h=True)
    assert (result.total, result.nodes["g"].status) == (F(203, 2), "direct")
    assert "g.150" not in result.nodes
    answers = {f"g_{k}": k <= 100 for k in range(1, 151)}
    assert run(r, engine, **answers, h=False).total == 100


def test_future_bonus_and_penalty_children_count_nowhere(engine: Engine) -> None:
    future = {"status": "future", "counts_from": "2.0"}
    r = rubric(
        group(
            "g",
            leaf("g.1", 4),
            leaf("g.2", 3, bonus=True, **future),  # scored, but not added: waiting to count
            leaf("g.3", 2, bonus=True),
            leaf("g.4", 1, penalty=True, **future),
        ),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=True, g_3=True, g_4=True, h=True)
    assert result.nodes["g.2"].score == 3
    assert result.nodes["g"].score == 6  # 4 + 2: neither 3 added nor 1 taken
    assert result.total == 5  # 6 + 1, capped at the top level's maximum: 4 + 1
    result = run(r, engine, g_1=False, g_2=True, g_3=False, g_4=True, h=False)
    assert result.total == 0


def test_a_plain_sum_is_written_out_as_code() -> None:
    # groups that add up their children's points are plain additions in the generated code,
    # and since the eleventh round so is a group rescaled for a child left out (N/A); the
    # reference's aggregate is called only for a top-N group or a penalty
    for plain in (
        group("g", leaf("g.1", 4), leaf("g.2", 3, bonus=True)),
        group("g", leaf("g.1", 4), direct("g.2", 3, na=NA)),
    ):
        r = rubric(plain, leaf("h", 1))
        assert r._fast is not None
        assert "_group(" not in r._fast.source
    for other in (
        group("g", leaf("g.1", 4), leaf("g.2", 3), top=1),
        group("g", leaf("g.1", 4), leaf("g.2", 3, penalty=True)),
    ):
        compiled = rubric(other, leaf("h", 1))._fast
        assert compiled is not None
        assert "_group(" in compiled.source


def test_penalties_taken_after_the_cap_by_hand(engine: Engine) -> None:
    r = rubric(
        group(
            "g",
            leaf("g.1", 4),
            leaf("g.2", 2),
            leaf("g.3", 3, bonus=True),
            leaf("g.4", 5, penalty=True),
            direct("g.5", 3, penalty=True, na=NA),
            penalty_cap=6,
        ),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=True, g_3=True, g_4=False, g_5=1, h=True)
    assert result.nodes["g"].score == 8  # 4 + 2 + 3 bonus = 9, less 1
    result = run(r, engine, g_1=True, g_2=False, g_3=False, g_4=True, g_5=3, h=True)
    assert result.nodes["g"].score == 0  # 4 less 5 + 3 = 8, capped at 6: below 0, so 0
    result = run(r, engine, g_1=True, g_2=True, g_3=True, g_4=True, g_5="na", h=False)
    assert result.nodes["g"].score == 4  # 9 less 5
    assert result.total == 4


def test_a_group_scored_directly_hides_every_kind_of_criterion(engine: Engine) -> None:
    # inside g: an answer needing evidence, one that may be N/A, an inner group, a criterion
    # computed from a condition, an answer a gate reads and one another criterion reads; the
    # full scorer must set every value the direct score hides
    inner = [
        leaf("g.1", 2, evidence=["justification"]),
        direct("g.2", 3, na=NA),
        group("g.3", leaf("g.3.1", 1)),
        {
            "id": "g.4",
            "title": "g.4",
            "rule": {"kind": "condition", "points": 1, "when": {"score": "g.3", "at_least": 1}},
        },
        leaf("g.5", 2),
    ]
    r = rubric(
        group("g", *inner, direct=True),
        {"id": "h", "title": "h", "answer_from": "g.5", "rule": {"kind": "boolean", "points": 4}},
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 1}],
        gates=[{"id": "k", "title": "K", "require": {"answer": "g.5", "equals": True}}],
    )
    given = run(r, engine, g=5)
    assert (given.total, given.nodes["g"].status, given.tier) == (F(5), "direct", None)
    assert given.nodes["h"].score == 0  # its source is hidden by the group's score
    assert verdict(r, engine, g=5) == (F(5), False, None)
    assert "g.5" not in given.nodes
    ok = {"value": True, "justification": "done"}
    each = run(r, engine, g_1=ok, g_2="na", g_3_1=True, g_5=True)
    # g: 2 + 1 + 1 + 2 = 6 of 6 (g.2 left out, the rest rescaled to 9: 6 * 9 / 6), h: 4
    assert (each.nodes["g"].score, each.total) == (F(9), F(13))
    assert each.tier is not None


def test_a_bonus_group_adds_its_own_bonus_up_to_the_groups_full_maximum(engine: Engine) -> None:
    # g.2 is a bonus worth 1, with a bonus of its own: it scores up to 3, and g counts all 3
    # (g's full maximum is 4 + 1 + 2); a bonus_cap on g is what would stop it
    bonus = group("g.2", leaf("g.2.1", 1), leaf("g.2.2", 2, bonus=True), bonus=True)
    r = rubric(group("g", leaf("g.1", 4), bonus), leaf("h", 1))
    result = run(r, engine, g_1=True, g_2_1=True, g_2_2=True, h=True)
    assert result.nodes["g.2"].score == 3
    assert (result.nodes["g"].score, result.nodes["g"].max) == (F(7), F(7))  # 4 + 3
    result = run(r, engine, g_1=False, g_2_1=True, g_2_2=True, h=True)
    assert result.nodes["g"].score == 3  # 0 + 3
    capped = rubric(group("g", leaf("g.1", 4), bonus, bonus_cap=1), leaf("h", 1))
    result = run(capped, engine, g_1=True, g_2_1=True, g_2_2=True, h=True)
    assert result.nodes["g"].score == 5  # 4 + 3 of bonus, of which the cap keeps 1
    rounded = rubric(
        group("g", leaf("g.1", 4), bonus, round={"mode": "up", "places": 0}), leaf("h", 1)
    )
    assert run(rounded, engine, g_1=True, g_2_1=True, g_2_2=True, h=True).nodes["g"].score == 7


def test_a_group_through_the_aggregate_reads_children_after_a_bonus(engine: Engine) -> None:
    r = rubric(
        group("g", leaf("g.1", 2, bonus=True), leaf("g.2", 4), direct("g.3", 6, na=NA)),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=True, g_3=3, h=True)
    assert result.nodes["g"].score == 9  # 4 + 3, and 2 of bonus
    result = run(r, engine, g_1=True, g_2=True, g_3="na", h=True)
    assert result.nodes["g"].score == 12  # 4 of 4, rescaled to 10: 10, and 2 of bonus


def test_a_sum_with_two_children_that_may_be_left_out(engine: Engine) -> None:
    r = rubric(
        group("g", direct("g.1", 10, na=NA), direct("g.2", 10, na=NA), leaf("g.3", 5)),
        leaf("h", 1),
    )
    assert run(r, engine, g_1=10, g_2=4, g_3=True, h=True).nodes["g"].score == 19  # 10 + 4 + 5
    # g.1 left out: 4 + 5 = 9 of 15, rescaled to 25: 15
    assert run(r, engine, g_1="na", g_2=4, g_3=True, h=True).nodes["g"].score == 15
    # g.2 left out: 6 + 0 = 6 of 15, rescaled: 10
    assert run(r, engine, g_1=6, g_2="na", g_3=False, h=True).nodes["g"].score == 10


def _levels(*levels: tuple[str, int, list[str] | None]) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for level_id, points, needs in levels:
        out.append({"id": level_id, "points": points, **({"evidence": needs} if needs else {})})
    return {"kind": "levels", "levels": out}


def test_evidence_checked_in_the_generated_code_by_hand(engine: Engine) -> None:
    # a yes/no needing a justification, a number needing a URL, a choice with one level
    # needing both: points without the evidence they need are 0 and said to lack it
    r = rubric(
        leaf("a", 3, evidence=["justification"]),
        direct("b", 4, evidence=["url"]),
        {
            "id": "c",
            "title": "c",
            "rule": _levels(
                ("full", 5, ["justification", "url"]), ("some", 2, None), ("none", 0, ["url"])
            ),
        },
        leaf("d", 1),
        # gates read the answers themselves, evidence or not
        gates=[
            {"id": "ka", "title": "ka", "require": {"answer": "a", "equals": True}},
            {"id": "kc", "title": "kc", "require": {"answer": "c", "equals": "full"}},
        ],
    )
    both = {"justification": "seen", "url": "https://example.org/x"}
    result = run(
        r,
        engine,
        a={"value": True, **both},
        b={"value": 3, **both},
        c={"value": "full", **both},
        d=True,
    )
    assert [result.nodes[k].score for k in "abcd"] == [3, 3, 5, 1]
    assert [g.passed for g in result.gates] == [True, True]
    assert {result.nodes[k].status for k in "abc"} == {"answered"}
    result = run(r, engine, a=True, b={"value": 3, "justification": "x"}, c="full", d=False)
    assert [result.nodes[k].score for k in "abcd"] == [0, 0, 0, 0]
    assert [g.passed for g in result.gates] == [True, True]  # whatever the evidence
    assert {result.nodes[k].status for k in "abc"} == {"evidence_missing"}
    just = {"justification": "seen"}
    result = run(r, engine, a=False, b=0, c={"value": "some", **just}, d=True)
    assert [result.nodes[k].score for k in "abcd"] == [0, 0, 2, 1]  # nothing refused
    assert {result.nodes[k].status for k in "abc"} == {"answered"}
    result = run(r, engine, a={"value": True, **just}, b=4, c={"value": "full", **just}, d=True)
    assert [result.nodes[k].score for k in "abcd"] == [3, 0, 0, 1]
    assert [result.nodes[k].status for k in "bc"] == ["evidence_missing"] * 2
    assert result.total == 4
    assert verdict(r, engine, a=True, b=4, c="full", d=True).total == 1
    # a level worth nothing refuses nothing for want of its URL
    assert run(r, engine, a=False, b=0, c="none", d=True).nodes["c"].status == "answered"


def test_a_sum_capped_at_its_declared_maximum_says_so(engine: Engine) -> None:
    r = rubric(group("g", leaf("g.1", 4), leaf("g.2", 4), max=5), leaf("h", 1))
    one = run(r, engine, g_1=True, g_2=False, h=True).nodes["g"]
    assert (one.score, one.capped) == (F(4), False)
    both = run(r, engine, g_1=True, g_2=True, h=True).nodes["g"]
    assert (both.score, both.capped) == (F(5), True)  # 8, capped at 5
    exact = rubric(group("g", leaf("g.1", 4), leaf("g.2", 1), max=5), leaf("h", 1))
    full = run(exact, engine, g_1=True, g_2=True, h=True).nodes["g"]
    assert (full.score, full.capped) == (F(5), False)  # at its maximum: nothing taken off


def test_groups_scored_directly_inside_each_other(engine: Engine) -> None:
    inner = group("g.2", leaf("g.2.1", 3), leaf("g.2.2", 2), direct=True)
    r = rubric(group("g", leaf("g.1", 4), inner, direct=True), leaf("h", 1))
    outer = run(r, engine, g=D("6.5"), h=True)
    assert (outer.total, outer.nodes["g"].status) == (F(15, 2), "direct")
    assert "g.2" not in outer.nodes  # hidden with everything under g
    middle = run(r, engine, g_1=True, g_2=D("2.5"), h=False)
    assert (middle.nodes["g"].score, middle.nodes["g"].status) == (F(13, 2), "computed")
    assert middle.nodes["g.2"].status == "direct"
    assert "g.2.1" not in middle.nodes
    each = run(r, engine, g_1=False, g_2_1=True, g_2_2=True, h=True)
    assert (each.nodes["g.2"].score, each.total) == (F(5), F(6))
    assert verdict(r, engine, g=3, h=True).total == 4
    assert verdict(r, engine, g_1=True, g_2=1, h=True).total == 6


def test_an_answer_read_twice_and_left_out_by_hand(engine: Engine) -> None:
    def bands(low: int, high: int) -> dict[str, Any]:
        edges = [{"max": 5, "points": low}, {"min": 5, "points": high}]
        return {"kind": "bands", "range": {"min": 0, "max": 10}, "bands": edges}

    r = rubric(
        group(
            "g",
            {"id": "g.1", "title": "g.1", "rule": bands(2, 6), "na": NA},
            {"id": "g.2", "title": "g.2", "answer_from": "g.1", "rule": bands(1, 3), "na": NA},
            leaf("g.3", 2),
        ),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=7, g_3=True, h=True)
    assert [result.nodes[k].score for k in ("g.1", "g.2", "g")] == [6, 3, 11]  # 6 + 3 + 2
    result = run(r, engine, g_1=2, g_3=False, h=True)
    assert [result.nodes[k].score for k in ("g.1", "g.2", "g")] == [2, 1, 3]
    assert verdict(r, engine, g_1=2, g_3=False, h=True).total == 4  # 2 + 1 + 0, and 1
    result = run(r, engine, g_1="na", g_3=True, h=True)
    assert [result.nodes[k].status for k in ("g.1", "g.2")] == ["excluded"] * 2
    assert result.nodes["g"].score == 11  # 2 of 2, rescaled to 6 + 3 + 2


def test_a_top_group_with_a_bonus(engine: Engine) -> None:
    r = rubric(
        group("g", leaf("g.1", 4), leaf("g.2", 3), leaf("g.3", 2, bonus=True), top=1),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=False, g_2=True, g_3=True, h=True)
    # the best one of 4 and 3, and 2 of bonus: a maximum of 6; 3 + 2
    assert (result.nodes["g"].max, result.nodes["g"].score) == (F(6), F(5))


def test_evidence_behind_a_score_of_zero_by_hand(engine: Engine) -> None:
    # a rounded score, or a maximum of 0, can hide points refused for want of evidence: the
    # compiled code hands those answers to the reference, which tells the two apart
    half_up = {"mode": "half_up", "places": 0}
    r = rubric(
        leaf("a", D("2.4"), evidence=["justification"], round=half_up),
        leaf("b", 0, evidence=["url"]),
        leaf("c", 1),
    )
    result = run(r, engine, a={"value": True, "justification": "seen"}, b=True, c=True)
    assert [result.nodes[k].score for k in "abc"] == [2, 0, 1]  # 2.4 rounds to 2
    # b refuses nothing for want of its URL: a maximum of 0 has no points to refuse
    assert [result.nodes[k].status for k in "ab"] == ["answered", "answered"]
    result = run(r, engine, a=True, b={"value": True, "url": "https://example.org"}, c=False)
    assert [result.nodes[k].score for k in "abc"] == [0, 0, 0]
    assert [result.nodes[k].status for k in "ab"] == ["evidence_missing", "answered"]
    assert verdict(r, engine, a=True, b=False, c=True).total == 1
    # 0.4 rounds to 0: whether points were refused for want of the justification, only the
    # reference can say
    small = rubric(leaf("a", D("0.4"), evidence=["justification"], round=half_up), leaf("b", 1))
    assert run(small, engine, a=True, b=True).nodes["a"].status == "evidence_missing"
    result = run(small, engine, a={"value": True, "justification": "seen"}, b=True)
    assert (result.nodes["a"].score, result.nodes["a"].status) == (F(0), "answered")


def test_a_group_of_only_a_bonus(engine: Engine) -> None:
    r = rubric(group("g", leaf("g.1", 2, bonus=True)), leaf("h", 3))
    result = run(r, engine, g_1=True, h=True)
    # g counts on nothing (a maximum of 0) but its bonus: 2; the total stops at its maximum, 3
    assert (result.nodes["g"].score, result.nodes["g"].max, result.total) == (F(2), F(2), F(3))


def test_a_group_that_may_be_left_out_scored_directly(engine: Engine) -> None:
    inner = group("p.g", direct("p.g.1", 10, na=NA), direct=True)
    r = rubric(group("p", inner, leaf("p.h", 5)))
    given = run(r, engine, p_g=4, p_h=True)
    assert (given.nodes["p.g"].status, given.total) == ("direct", F(9))  # 4 + 5
    left_out = run(r, engine, p_g_1="na", p_h=True)
    assert (left_out.nodes["p.g"].status, left_out.total) == ("excluded", F(15))  # 5 of 5: 15
    assert verdict(r, engine, p_g=4, p_h=False).total == 4


def _gate(gid: str, require: dict[str, Any]) -> dict[str, Any]:
    return {"id": gid, "title": gid, "require": require}


def conditions() -> Rubric:
    """Built in each test, not once when the module loads: a mutation tool runs each mutant in
    a process that loaded the tests already, so a rubric compiled then hides its mutants."""
    return rubric(
        leaf("a", 2, na={"counts_as": "satisfied"}),
        {
            "id": "b",
            "title": "b",
            "rule": _levels(("hi", 3, None), ("lo", 1, None), ("no", 0, None)),
        },
        direct("c", 10),
        facts=[
            {"id": "flag", "title": "flag", "type": "boolean", "default": False},
            {
                "id": "kind",
                "title": "kind",
                "type": "choice",
                "options": ["xa", "phuong", "thi_tran"],
            },
            {"id": "note", "title": "note", "type": "text", "default": "-"},
            {"id": "size", "title": "size", "type": "number", "default": 0},
            {"id": "staff", "title": "staff", "type": "integer", "default": 0},
        ],
        gates=[
            _gate("a_yes", {"answer": "a", "equals": True}),
            _gate("a_not_no", {"answer": "a", "not_equals": False}),
            _gate("b_in", {"answer": "b", "in": ["hi", "lo"]}),
            _gate("b_not_hi", {"answer": "b", "not_equals": "hi"}),
            _gate("c_range", {"answer": "c", "at_least": D("2.5"), "below": 8}),
            _gate("c_in", {"answer": "c", "in": [1, D("7.5")]}),
            _gate("c_score", {"score": "c", "above": 5}),
            _gate("c_percent", {"percent": "c", "at_most": 30}),
            _gate("flag_no", {"fact": "flag", "equals": False}),
            _gate("kind_not_xa", {"fact": "kind", "not_equals": "xa"}),
            _gate("kind_in", {"fact": "kind", "in": ["xa", "thi_tran"]}),
            _gate("kind_both", {"fact": "kind", "not_equals": "xa", "in": ["xa", "phuong"]}),
            _gate("note_is", {"fact": "note", "equals": "ok"}),
            _gate("size", {"fact": "size", "above": D("0.5"), "at_most": 100}),
            _gate("staff", {"fact": "staff", "equals": 3}),
            _gate(
                "logic",
                {
                    "any": [
                        {"not": {"fact": "flag", "equals": True}},
                        {"all": [{"answer": "a", "equals": True}, {"score": "b", "at_least": 3}]},
                    ]
                },
            ),
        ],
    )


@pytest.mark.parametrize(
    ("answers", "facts", "passed"),
    [
        (
            {"a": True, "b": "hi", "c": 3},
            {"flag": False, "kind": "phuong", "note": "ok", "size": 1, "staff": 3},
            {"a_yes", "a_not_no", "b_in", "c_range", "c_percent", "flag_no", "kind_not_xa"}
            | {"kind_both", "note_is", "size", "staff", "logic"},
        ),
        (
            {"a": False, "b": "lo", "c": D("7.5")},
            {"flag": True, "kind": "xa", "note": "ok?", "size": D("0.5"), "staff": 4},
            {"b_in", "b_not_hi", "c_range", "c_in", "c_score", "kind_in"},
        ),
        (
            {"a": "na", "b": "no", "c": 8},
            {"kind": "thi_tran", "note": "Ok", "size": 100, "staff": 2},
            {"a_not_no", "b_not_hi", "c_score", "flag_no", "kind_not_xa", "kind_in", "size"}
            | {"logic"},
        ),
    ],
)
def test_conditions_by_hand(
    engine: Engine, answers: dict[str, Any], facts: dict[str, Any], passed: set[str]
) -> None:
    result = run(conditions(), engine, facts, **answers)
    assert {g.id for g in result.gates if g.passed} == passed


def listed() -> Rubric:
    """Points compared with ``in`` lists of numbers (the checks refuse text, true/false and
    an empty list there), and a true/false fact ``in`` both values: a constant true."""
    return rubric(
        direct("c", 10, na=NA),
        facts=[{"id": "flag", "title": "flag", "type": "boolean", "default": False}],
        gates=[
            _gate("score_in", {"score": "c", "in": [5, 7]}),
            _gate("percent_in", {"percent": "c", "in": [20, 50]}),
            _gate("flag_any", {"fact": "flag", "in": [True, False]}),
        ],
    )


@pytest.mark.parametrize(
    ("c", "passed"),
    [
        (5, {"score_in", "percent_in", "flag_any"}),
        (7, {"score_in", "flag_any"}),
        (2, {"percent_in", "flag_any"}),
        (3, {"flag_any"}),
        # c taken out by N/A: its points have nothing to fail
        ("na", {"score_in", "percent_in", "flag_any"}),
    ],
)
def test_conditions_that_list_values_by_hand(engine: Engine, c: Any, passed: set[str]) -> None:
    result = run(listed(), engine, {"flag": False}, c=c)
    assert {g.id for g in result.gates if g.passed} == passed


def answers_missing_or_na() -> Rubric:
    """Conditions on answers that may be missing (None) or N/A ("na"), which the generated
    code tests apart from the numbers and texts."""
    return rubric(
        direct("c", 10, na=NA),
        {"id": "b", "title": "b", "rule": _levels(("hi", 3, None), ("lo", 1, None)), "na": NA},
        leaf("e", 1),
        scoring={"missing": "zero"},
        gates=[
            _gate("c_na", {"answer": "c", "in": ["na", 5]}),
            _gate("c_only_na", {"answer": "c", "in": ["na"]}),  # no number listed
            _gate("c_not_5", {"answer": "c", "not_equals": 5}),
            _gate("c_least", {"answer": "c", "at_least": D("2.5")}),
            _gate("b_not_hi", {"answer": "b", "not_equals": "hi"}),
            _gate("b_in", {"answer": "b", "in": ["lo", "na"]}),
        ],
    )


@pytest.mark.parametrize(
    ("answers", "passed"),
    [
        ({"c": 5, "b": "hi"}, {"c_na", "c_least"}),
        ({"c": 2, "b": "lo"}, {"c_not_5", "b_not_hi", "b_in"}),
        ({"c": "na", "b": "na"}, {"c_na", "c_only_na", "c_not_5", "b_not_hi", "b_in"}),
        ({}, {"c_not_5", "b_not_hi"}),  # neither answered
    ],
)
def test_conditions_on_answers_missing_or_na_by_hand(
    engine: Engine, answers: dict[str, Any], passed: set[str]
) -> None:
    result = run(answers_missing_or_na(), engine, e=True, **answers)
    assert {g.id for g in result.gates if g.passed} == passed


def test_a_level_with_evidence_rules_of_its_own_by_hand(engine: Engine) -> None:
    # "full" counts a justification of 10 characters or more, "some" any justification: the
    # compiled code judges "some" itself and hands "full" to the reference
    levels = _levels(("full", 4, ["justification"]), ("some", 2, ["justification"]))
    levels["levels"][0]["evidence_rules"] = {"justification": {"min_length": 10}}
    r = rubric({"id": "a", "title": "a", "rule": levels}, leaf("b", 1))
    short = {"justification": "seen"}
    assert run(r, engine, a={"value": "full", **short}, b=True).nodes["a"].score == 0
    assert run(r, engine, a={"value": "some", **short}, b=True).nodes["a"].score == 2
    long = {"justification": "seen it all"}
    assert run(r, engine, a={"value": "full", **long}, b=True).nodes["a"].score == 4
    assert verdict(r, engine, a={"value": "full", **short}, b=True).total == 1


def _slow_reads(r: Rubric) -> tuple[FastEvaluator, list[str]]:
    """``r``'s compiled evaluator, and the criteria its scorers hand to the reference one by
    one (``_slow``) from now on, listed as they are handed over."""
    fast = r._fast
    assert fast is not None
    read: list[str] = []
    helpers = fast._helper_table  # what the scorers are compiled with, on their first call
    slow = cast(Callable[..., Any], helpers["_slow"])

    def spy(i: int, *args: Any) -> Any:
        read.append(fast.order[i].id)
        return slow(i, *args)

    helpers["_slow"] = spy
    return fast, read


def reference_reads(r: Rubric, answers: dict[str, Any]) -> list[str]:
    """The criteria whose answers the compiled scorers (full, then verdict) hand to the
    reference one by one (``_slow``): nothing usual should go there, or the code written for
    it is never run.  ``r`` must not have scored anything yet (its scorers not compiled)."""
    fast, read = _slow_reads(r)
    zero = r.spec.scoring.missing == "zero"
    expected = r.evaluate(answers, engine="reference")
    assert fast.result(answers, {}, zero, None, None) == expected
    assert fast.verdict(answers, {}, zero) == (expected.total, expected.certified, expected.tier)
    return read


def verdict_reads(r: Rubric, answers: dict[str, Any]) -> list[str]:
    """The criteria whose answers the compiled verdict alone hands to the reference (the
    full scorer's results show the value read, the reference's, so it hands more over);
    the verdict must be the reference's.  ``r`` must not have scored anything yet."""
    fast, read = _slow_reads(r)
    expected = r.evaluate(answers, engine="reference")
    zero = r.spec.scoring.missing == "zero"
    assert fast.verdict(answers, {}, zero) == (expected.total, expected.certified, expected.tier)
    return read


def test_usual_answers_are_scored_by_the_generated_code() -> None:
    def made() -> Rubric:
        return rubric(
            leaf("a", 1, evidence=["justification"]),
            {
                "id": "b",
                "title": "b",
                "rule": _levels(("hi", 3, ["url"]), ("lo", 1, None), ("no", 0, None)),
            },
            {"id": "c", "title": "c", "rule": _levels(("hi", 3, None), ("lo", 1, None))},
            direct("d", 5, na=NA),
            leaf("e", 1),
            # rounded: its evidence lacking is the reference's to judge (a score of 0 may hide
            # points refused), its evidence there is not
            leaf("f", D("2.4"), evidence=["justification"], round={"mode": "up", "places": 0}),
        )

    text = {"justification": "seen"}
    usual = {"a": {"value": True, **text}, "b": {"value": "hi", "url": "https://x.org"}}
    usual |= {"c": "lo", "d": D("2.5"), "e": False, "f": {"value": True, **text}}
    assert reference_reads(made(), usual) == []
    plain = {"a": False, "b": "lo", "c": "hi", "d": 0, "e": True, "f": {"value": False, **text}}
    assert reference_reads(made(), plain) == []
    lacking = {"a": True, "b": {"value": "hi", **text}, "c": "hi", "d": 5, "e": True}
    lacking["f"] = {"value": True, **text}
    assert reference_reads(made(), lacking) == []  # evidence lacking is judged there too
    # N/A, and words for yes and no, are the reference's to read; and f's lacking evidence
    unusual = {"a": "yes", "b": "lo", "c": "hi", "d": "na", "e": True, "f": True}
    assert sorted(set(reference_reads(made(), unusual))) == ["a", "d", "f"]
    unusual["f"] = {"value": "yes", **text}
    assert sorted(set(reference_reads(made(), unusual))) == ["a", "d", "f"]


@pytest.mark.parametrize(
    ("places", "third", "two_thirds"),
    [
        (0, F(3), F(7)),  # 10/3 = 3.333...: 3; 20/3 = 6.666...: 7
        (2, F(333, 100), F(667, 100)),
        (4, F(33_333, 10_000), F(66_667, 10_000)),  # the places of the compiled code's units
        (6, F(3_333_333, 10**6), F(6_666_667, 10**6)),  # more places than its units
    ],
)
def test_rounding_a_share_by_hand(
    engine: Engine, places: int, third: Fraction, two_thirds: Fraction
) -> None:
    half_up = {"mode": "half_up", "places": places}
    r = rubric(
        group("g", direct("g.1", 3), aggregate="scaled", max=10, round=half_up),
        leaf("h", 1),
        rounding={"total": half_up},
    )
    result = run(r, engine, g_1=1, h=False)
    assert (result.nodes["g"].score, result.total) == (third, third)
    whole = run(r, engine, g_1=3, h=True)  # 10 + 1: whole numbers stay as they are
    assert whole.total == 11
    assert verdict(r, engine, g_1=2, h=True).total == two_thirds + 1


def test_a_criterion_with_evidence_rules_of_its_own(engine: Engine) -> None:
    # the generated code judges evidence by the rubric's rules: a rubric with a criterion
    # judged by its own is the reference's (evaluate() runs whichever evaluator takes it)
    strict = {"justification": {"min_length": 10}}
    r = rubric(
        leaf("a", 2, evidence=["justification"], evidence_rules=strict),
        leaf("b", 1, evidence=["justification"]),
    )
    seen = {"value": True, "justification": "seen"}
    result = r.evaluate({"a": seen, "b": seen}, engine=engine)
    assert [result.nodes[k].score for k in "ab"] == [0, 1]  # 4 characters: not enough for a
    long = {"value": True, "justification": "seen it all"}
    assert r.evaluate({"a": long, "b": seen}, engine=engine).total == 3


def test_a_criterion_computed_from_a_condition_by_hand(engine: Engine) -> None:
    when = {"all": [{"score": "g", "at_least": 5}, {"answer": "h", "equals": True}]}
    r = rubric(
        group("g", direct("g.1", 6), leaf("g.2", 2)),
        leaf("h", 1),
        {"id": "k", "title": "k", "rule": {"kind": "condition", "points": 3, "when": when}},
    )
    met = run(r, engine, g_1=4, g_2=True, h=True)
    assert (met.nodes["k"].score, met.nodes["k"].answer, met.total) == (F(3), True, F(10))
    unmet = run(r, engine, g_1=4, g_2=False, h=True)  # g: 4, below 5
    assert (unmet.nodes["k"].score, unmet.nodes["k"].answer, unmet.total) == (F(0), False, F(5))
    assert verdict(r, engine, g_1=6, g_2=True, h=False).total == 8


def test_a_gate_of_a_tier_above_one_that_does_not_require_the_tier_below(engine: Engine) -> None:
    tiers = [
        {"id": "s1", "label": "1", "rank": 1, "min": 40},
        {"id": "s2", "label": "2", "rank": 2, "min": 60, "requires_lower": False},
        {"id": "s3", "label": "3", "rank": 3, "min": 80},  # requires s2, not s1
    ]
    gate = {"answer": "b", "equals": True}
    r = rubric(
        direct("a", 100),
        leaf("b", 0),
        tiers=tiers,
        gates=[{"id": "k", "title": "K", "require": gate, "tiers": ["s1", "s3"]}],
    )
    # k failed: s1 and s3 are closed, s2 is reached without s1; s3 must check k itself
    result = run(r, engine, a=90, b=False)
    assert result.tier is not None
    assert result.tier.id == "s2"
    assert verdict(r, engine, a=90, b=False).tier == result.tier
    passed = run(r, engine, a=90, b=True)
    assert passed.tier is not None
    assert passed.tier.id == "s3"


def test_a_condition_on_a_criterion_hidden_by_a_direct_score(engine: Engine) -> None:
    # a hidden criterion is unscored: a condition reading it is false, however it compares
    when = {"score": "g.1", "at_least": 0}
    r = rubric(
        {"id": "c", "title": "c", "rule": {"kind": "condition", "points": 5, "when": when}},
        group("g", leaf("g.1", 10), direct=True),
    )
    hidden = run(r, engine, g=7)
    assert (hidden.nodes["c"].answer, hidden.total) == (False, F(7))
    assert verdict(r, engine, g=7).total == 7
    assert verdict(r, engine, g_1=False).total == 5  # scored: 0 is at least 0


def test_a_linear_rule_whose_answer_a_gate_reads_by_hand(engine: Engine) -> None:
    # a condition reads the answer: the rule is written once, exactly (no float copy), and
    # the answer between the anchors enters the arithmetic as it is
    rule = {
        "kind": "linear",
        "start": {"value": 20, "points": 0},
        "end": {"value": 80, "points": 12},
    }
    r = rubric(
        {"id": "a", "title": "a", "rule": rule},
        gates=[_gate("big", {"answer": "a", "at_least": 50})],
    )
    result = run(r, engine, a=D("35.5"))
    assert result.total == F(31, 10)  # (35.5 - 20) * 12 / 60 = 15.5 / 5
    assert [g.passed for g in result.gates] == [False]
    result = run(r, engine, a=65)
    assert result.total == 9  # (65 - 20) / 5
    assert [g.passed for g in result.gates] == [True]
    assert verdict(r, engine, a=D("35.5")).total == F(31, 10)


def test_the_generator_refuses_a_plan_the_checks_would_refuse() -> None:
    # answer_from only names a criterion answered directly (the checks say so); a plan that
    # breaks this anyway is the reference's: the generator gives up rather than guess
    from tiercert._fast import Unsupported
    from tiercert._fast.codegen import Generator

    def plan_with(change: Callable[[dict[str, Any]], None]) -> Any:
        r = rubric(
            leaf("a", 1),
            leaf("b", 2, answer_from="a"),
            leaf("c", 3),
            {
                "id": "m",
                "title": "m",
                "rule": {"kind": "condition", "points": 1, "when": {"score": "c", "above": 0}},
            },
            group("g", leaf("g.1", 1)),
        )
        assert r._fast is not None
        change(r._plan.nodes)
        return r

    def generate(r: Rubric) -> None:
        assert r._fast is not None
        Generator(r._plan, r._fast.numbers, full=False, readings={})

    generate(plan_with(lambda nodes: None))  # as checked: taken
    chain = plan_with(lambda nodes: setattr(nodes["a"], "answer_from", "c"))
    computed = plan_with(lambda nodes: setattr(nodes["b"], "answer_from", "m"))
    of_a_group = plan_with(lambda nodes: setattr(nodes["b"], "answer_from", "g"))
    for r in (chain, computed, of_a_group):
        with pytest.raises(Unsupported, match="answer_from chain"):
            generate(r)


def test_a_level_whose_own_evidence_rules_are_the_criterions_is_scored_by_the_generated_code() -> (
    None
):
    # a level that states evidence rules equal to the ones the criterion is judged by anyway
    # needs nothing of the reference: only rules that differ send its answers there
    def made() -> Rubric:
        levels = _levels(("full", 4, ["justification"]), ("some", 2, ["justification"]))
        levels["levels"][0]["evidence_rules"] = {}  # the defaults, as the rubric's
        return rubric({"id": "a", "title": "a", "rule": levels}, leaf("b", 1))

    short = {"justification": "seen"}
    assert reference_reads(made(), {"a": {"value": "full", **short}, "b": True}) == []
    assert reference_reads(made(), {"a": {"value": "some"}, "b": True}) == []
    r = made()
    assert run(r, "fast", a={"value": "full", **short}, b=True).total == 5
    assert run(r, "fast", a={"value": "full"}, b=False).total == 0  # lacking: 0


def test_a_number_with_evidence_is_scored_by_the_generated_code() -> None:
    # a number needing a URL is unpacked and judged inline like a yes/no needing one: neither
    # the answer with its evidence nor one lacking it goes to the reference
    def made() -> Rubric:
        return rubric(direct("d", 5, evidence=["url"]), leaf("e", 1, evidence=["url"]))

    url = {"url": "https://x.org"}
    given = {"d": {"value": D("2.5"), **url}, "e": {"value": True, **url}}
    assert reference_reads(made(), given) == []
    assert reference_reads(made(), {"d": {"value": 3}, "e": {"value": False}}) == []
    r = made()
    assert run(r, "fast", d={"value": D("2.5"), **url}, e={"value": True}).total == F(5, 2)
    assert run(r, "fast", d={"value": 3}, e={"value": True, **url}).total == 1  # d lacks it


def test_scale_places_by_hand() -> None:
    # the places that make every constant of a plan whole: tier minimums, maxima, caps, the
    # rules' constants, wherever they are in the tree
    from tiercert._fast.codegen import scale_places

    def places(*criteria: dict[str, Any], **extra: Any) -> int:
        return scale_places(rubric(*criteria, **extra)._plan)

    assert places(leaf("a", 2), leaf("b", 3)) == 0
    assert places(leaf("a", 2), leaf("b", D("0.125"))) == 3  # a leaf after others
    # 0.25 + 0.75: the total maximum is whole, its leaves are not
    assert places(leaf("a", D("0.25")), leaf("b", D("0.75"))) == 2
    assert places(leaf("a", D("0.125")), direct("d", 5)) == 3  # a rule's constants added
    assert places(group("g", leaf("g.1", 2), leaf("g.2", D("1.5"))), leaf("h", 1)) == 1
    tiers = [{"id": "t", "label": "T", "rank": 1, "min": D("1.25")}]
    assert places(leaf("a", 2), group("g", leaf("g.1", 3)), tiers=tiers) == 2
    capped = group("g", leaf("g.1", 3), leaf("g.2", 2, bonus=True), bonus_cap=D("0.5"))
    assert places(capped, leaf("h", 1), tiers=tiers) == 2  # a cap does not replace the rest


def breakdown_builds(r: Rubric, answers: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    """The nodes the compiled evaluator's generated breakdown (``write_nodes``) builds anew
    when the same result is asked for a second time: each node is one lookup in its memo,
    so nothing should be (a mistake there builds every node again, with the same results).
    The results are held to the reference's besides."""
    fast = r._fast
    assert fast is not None
    built: list[str] = []
    make = fast._make_node

    def spy(i: int, out: tuple[Any, ...]) -> Any:
        built.append(fast.order[i].id)
        return make(i, out)

    fast._make_node = spy  # type: ignore[method-assign]  # before the builders are compiled
    zero = r.spec.scoring.missing == "zero"
    expected = r.evaluate(answers, facts=facts, engine="reference").to_json()
    for _ in range(2):
        built.clear()
        assert fast.result(answers, facts, zero, None, None).to_json() == expected
    return built


def test_the_breakdown_of_a_result_met_again_is_looked_up() -> None:
    def made() -> Rubric:
        when = {"fact": "big", "equals": True}
        return rubric(
            group(
                "g",
                leaf("g.1", 4),
                leaf("g.2", 3, bonus=True),
                bonus_cap=1,
            ),
            group("h", direct("h.1", 5), direct("h.2", 5, na=NA)),
            {"id": "c", "title": "c", "rule": {"kind": "condition", "points": 2, "when": when}},
            {"id": "l", "title": "l", "rule": _levels(("hi", 3, ["url"]), ("lo", 1, None))},
            leaf("e", 1, evidence=["justification"]),
            facts=[{"id": "big", "title": "big", "type": "boolean", "default": False}],
        )

    url, text = {"url": "https://x.org"}, {"justification": "seen"}
    usual: dict[str, Any] = {"g.1": True, "g.2": True, "h.1": D("2.5"), "h.2": 0.5}
    usual |= {"l": {"value": "hi", **url}, "e": {"value": True, **text}}
    assert breakdown_builds(made(), usual, {"big": True}) == []
    lacking = usual | {"g.2": False, "h.2": 3, "l": {"value": "hi"}, "e": True}
    assert breakdown_builds(made(), lacking, {"big": False}) == []
    # answers the reference scored (N/A): their results come from it, the rest looked up
    excluded = usual | {"h.1": 1, "h.2": "na"}
    assert breakdown_builds(made(), excluded, {}) == []


def test_a_group_scored_a_fraction_met_again_is_looked_up() -> None:
    """A group whose score is no whole number of the scale (a third of a point) is looked up
    by its two integers, as the generated breakdown asks (killed mutant of ``_score_key``:
    remembered by the Fraction itself, never found, every node built again)."""
    third = {
        "id": "g.l",
        "title": "g.l",
        "rule": {
            "kind": "linear",
            "start": {"value": 0, "points": 0},
            "end": {"value": 3, "points": 1},
        },
    }
    made = rubric(group("g", third, leaf("g.1", 2)), leaf("h", 1))
    answers = {"g.l": 1, "g.1": True, "h": False}
    fast = made._fast
    assert fast is not None
    assert fast._full(answers, {}, False, {})[0].__class__ is Fraction  # 7/3 points
    assert breakdown_builds(made, answers, {}) == []


def test_a_number_s_facts_come_from_its_kind_where_it_has_them() -> None:
    """What a number answer's result says (capped, the band) comes from the kind's own
    function where it has one (bands: its edges as plain integers; linear: never capped when
    no anchor is above the maximum), not from scoring the answer again as a Fraction (killed
    mutant of ``_number_facts``: the same facts, slowly); a kind without one (count) is
    scored."""
    bands = {"kind": "bands", "bands": [{"max": 50, "points": 0}, {"min": 50, "points": 2}]}
    linear = {
        "kind": "linear",
        "start": {"value": 0, "points": 0},
        "end": {"value": 4, "points": 2},
    }
    count = {"kind": "count", "per_item": 1, "max_items": 3}
    made = rubric(
        {"id": "b", "title": "b", "rule": bands},
        {"id": "l", "title": "l", "rule": linear},
        {"id": "c", "title": "c", "rule": count},
    )
    fast = made._fast
    assert fast is not None
    answers = {"b": 60, "l": 3, "c": 2}
    assert fast.result(answers, {}, False, None, None) == made.evaluate(answers, engine="reference")
    judged = {facts[0]: facts[6] for facts in fast._node_facts_once()}
    # (a name that a mutation tool may rename around, not in)
    assert "_number_facts" not in judged["b"].__qualname__
    assert "_number_facts" not in judged["l"].__qualname__
    assert "_number_facts" in judged["c"].__qualname__
    assert judged["b"](60) == (False, made.evaluate(answers).nodes["b"].detail)
    assert judged["l"](3) == (False, None)


def fact_reads(r: Rubric, answers: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    """The facts the compiled scorers (full, then verdict) hand to the reference's reading
    (``_fact``): the usual values of each type are read inline.  ``r`` must not have scored
    anything yet."""
    fast = r._fast
    assert fast is not None
    read: list[str] = []
    helpers = fast._helper_table
    fact = cast(Callable[..., Any], helpers["_fact"])

    def spy(j: int, raw: Any) -> Any:
        read.append(fast.facts[j].id)
        return fact(j, raw)

    helpers["_fact"] = spy
    zero = r.spec.scoring.missing == "zero"
    expected = r.evaluate(answers, facts=facts, engine="reference")
    assert fast.result(answers, facts, zero, None, None) == expected
    assert fast.verdict(answers, facts, zero) == (expected.total, expected.certified, expected.tier)
    return read


def test_usual_facts_are_read_by_the_generated_code() -> None:
    def made() -> Rubric:
        when = {
            "all": [
                {"fact": "flag", "equals": True},
                {"fact": "kind", "not_equals": "xa"},
                {"fact": "note", "equals": "ok"},
                {"fact": "size", "above": 2},
                {"fact": "staff", "at_least": 3},
            ]
        }
        return rubric(
            {"id": "c", "title": "c", "rule": {"kind": "condition", "points": 2, "when": when}},
            leaf("e", 1),
            facts=[
                {"id": "flag", "title": "flag", "type": "boolean", "default": False},
                {"id": "kind", "title": "kind", "type": "choice", "options": ["xa", "phuong"]},
                {"id": "note", "title": "note", "type": "text", "default": "-"},
                {"id": "size", "title": "size", "type": "number", "default": 0},
                {"id": "staff", "title": "staff", "type": "integer", "default": 0},
            ],
        )

    usual = {"flag": True, "kind": "phuong", "note": "ok", "size": 3, "staff": 3}
    assert fact_reads(made(), {"e": True}, usual) == []
    r = made()
    assert run(r, "fast", usual, e=True).total == 3
    # a number not whole, text not ASCII, a fact not given (its default): read there
    other = {"flag": False, "kind": "xa", "note": "đủ", "size": D("2.5")}
    read = fact_reads(made(), {"e": True}, other)  # by the full scorer, then the verdict's
    assert read == ["note", "size", "staff"] * 2
    assert run(r, "fast", other, e=True).total == 1
    assert run(r, "fast", usual | {"size": D("2.5")}, e=False).total == 2
    assert run(r, "fast", {"kind": "phuong"}, e=False).total == 0  # the defaults
    assert r._fast is not None
    with pytest.raises(Fallback):  # a fact the rubric does not have: the reference's to refuse
        r._fast.result({"e": True}, usual | {"other": 1}, False, None, None)
    plain = rubric(leaf("e", 1))  # and any fact given to a rubric that has none
    assert plain._fast is not None
    assert run(plain, "fast", e=True).total == 1
    with pytest.raises(Fallback):
        plain._fast.result({"e": True}, {"other": 1}, False, None, None)
    with pytest.raises(Fallback):
        plain._fast.verdict({"e": True}, {"other": 1}, False)


def test_conditions_on_scores_written_later_are_computed_after_them_by_hand(
    engine: Engine,
) -> None:
    # the generated code computes each score after what it reads, whatever the document's
    # order: c reads g, which holds g.c, which reads h; k reads h's answer
    def condition(nid: str, points: int, when: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": nid,
            "title": nid,
            "rule": {"kind": "condition", "points": points, "when": when},
        }

    r = rubric(
        condition("e", 1, {"each_child_of": "g", "measure": "score", "at_least": 1}),
        condition("c", 2, {"score": "g", "at_least": 3}),
        group("g", leaf("g.1", 2), condition("g.c", 1, {"score": "h", "above": 0})),
        leaf("h", 1),
        leaf("k", 2, answer_from="h"),
    )
    result = run(r, engine, g_1=True, h=True)
    assert [result.nodes[n].score for n in ("e", "c", "g", "g.c", "h", "k")] == [1, 2, 3, 1, 1, 2]
    assert result.total == 9  # 1 + 2 + (2 + 1) + 1 + 2
    assert run(r, engine, g_1=True, h=False).total == 2  # g = 2 (g.c = 0): e, c not met
    assert run(r, engine, g_1=False, h=True).total == 4  # g = 1: e, c not met; 1 + 1 + 2
    assert verdict(r, engine, g_1=True, h=True).total == 9
    assert verdict(r, engine, g_1=True, h=False).total == 2


def test_the_generator_refuses_a_cycle_of_conditions() -> None:
    # a condition reading a score that depends on its own (the checks refuse it): a plan made
    # by hand, for the generator's own guard
    from tiercert._compile import Test
    from tiercert._fast import Unsupported
    from tiercert._fast.codegen import Generator
    from tiercert.conditions.score import KIND as SCORE

    def condition(nid: str, when: dict[str, Any]) -> dict[str, Any]:
        return {"id": nid, "title": nid, "rule": {"kind": "condition", "points": 1, "when": when}}

    r = rubric(
        condition("c", {"score": "g", "at_least": 1}),
        group("g", leaf("g.1", 2), condition("g.c", {"score": "g.1", "above": 0})),
    )
    assert r._fast is not None
    Generator(r._plan, r._fast.numbers, full=False, readings={})._topological()  # as checked: taken
    cast(Any, r._plan.nodes["g.c"]).when = Test(SCORE, "c", (("above", F(0)),))  # c, g, g.c
    with pytest.raises(Unsupported, match="cycle"):
        Generator(r._plan, r._fast.numbers, full=False, readings={})._topological()


def test_points_of_text_and_floats_are_remembered_by_the_generated_code() -> None:
    # a number given as text or a Decimal, or as a float, is read once: its points are kept
    # in the criterion's memos (texts and Decimals apart from floats), for the next time
    r = rubric(direct("d", 5), leaf("e", 1))
    fast = r._fast
    assert fast is not None
    texts, floats = fast.numbers.points_memos("d")
    assert run(r, "fast", d="2.5", e=True).total == F(7, 2)
    assert run(r, "fast", d=1.5, e=True).total == F(5, 2)
    scale = fast.numbers.scale
    assert texts == {"2.5": F(5, 2) * scale}
    assert floats == {1.5: F(3, 2) * scale}
    assert run(r, "fast", d="2.5", e=False).total == F(5, 2)  # from the memo


def test_the_generators_interface_for_kinds() -> None:
    # what a kind may call while its code is written: a name for a value, and giving up
    from tiercert._compile import Test
    from tiercert._fast import Unsupported
    from tiercert._fast.codegen import Generator
    from tiercert.conditions.percent import KIND as PERCENT

    r = rubric(leaf("a", 1))
    assert r._fast is not None
    gen = Generator(r._plan, r._fast.numbers, full=False, readings={})
    name = gen.const(F(1, 3))
    assert gen.src.namespace[name] == F(1, 3)
    assert gen.const(F(1, 3)) == name  # equal values share a name
    with pytest.raises(Unsupported, match="a reason"):
        gen.unsupported("a reason")
    # a test on a value known when the code is written, as a constant (a percentage of a
    # criterion worth nothing is 0; the checks refuse one in a rubric, ref.zero_max)
    test = Test(PERCENT, "a", (("at_least", F(0)), ("below", F(1))))
    assert (gen.static(F(0), test), gen.static(F(1), test)) == ("True", "False")


def general_calls(r: Rubric, answers: dict[str, Any]) -> int:
    """How often the compiled entry scorers (full, then verdict: every criterion answered,
    no group scored directly) hand ``answers`` to the general scorers: the usual input
    should never go there, or the code written for it is never run."""
    fast = r._fast
    assert fast is not None
    zero = r.spec.scoring.missing == "zero"
    expected = r.evaluate(answers, engine="reference")
    fast.result(answers, {}, zero, None, None)  # compiled on the first call
    fast.verdict(answers, {}, zero)
    calls = [0]
    for scorer in (fast._full, fast.verdict_function):
        general = scorer.__globals__["_general"]

        def spy(*args: Any, general: Callable[..., Any] = general) -> Any:
            calls[0] += 1
            return general(*args)

        scorer.__globals__["_general"] = spy
    assert fast.result(answers, {}, zero, None, None) == expected
    assert fast.verdict(answers, {}, zero) == (expected.total, expected.certified, expected.tier)
    return calls[0]


def test_the_usual_input_is_scored_by_the_entry_scorers() -> None:
    def made() -> Rubric:
        g = group("g", leaf("g.1", 2), direct("g.2", 3), direct=True)
        return rubric(g, leaf("h", 1), scoring={"missing": "zero"})

    assert general_calls(made(), {"g.1": True, "g.2": 2, "h": True}) == 0
    assert general_calls(made(), {"g.1": False, "g.2": D("1.5"), "h": False}) == 0
    # a group's score given, an answer missing: the general scorers decide
    assert general_calls(made(), {"g": 4, "h": True}) == 2
    assert general_calls(made(), {"g.1": True, "h": False}) == 2


def test_a_verdicts_total_met_again_is_looked_up() -> None:
    # the verdict's exact total from a whole scaled one: made once, then from the memo
    r = rubric(leaf("a", 2), direct("d", 5))
    fast = r._fast
    assert fast is not None
    helpers = fast._helper_table
    natural = cast(Callable[..., Any], helpers["_nat"])
    made: list[object] = []

    def spy(value: Any) -> Any:
        made.append(value)
        return natural(value)

    helpers["_nat"] = spy  # before the scorers are compiled
    for _ in range(2):
        made.clear()
        assert fast.verdict({"a": True, "d": D("2.5")}, {}, False).total == F(9, 2)
    assert made == []
    assert verdict(r, "fast", a=False, d=D("0.125")).total == F(1, 8)


def test_an_answer_compared_as_a_float_met_again_is_scored_from_its_memo() -> None:
    """A bands answer met again (text, a float, a Decimal) takes its remembered points
    (``_HIT``) and compares nothing: never handed to the general scorers (the code written
    for it would then never run, only slower, with the same results)."""
    bands = [{"min": 0, "max": 50, "points": 1}, {"min": 50, "max": 100, "points": 3}]
    r = rubric({"id": "b", "title": "B", "rule": {"kind": "bands", "bands": bands}})
    for answer in ("72.5", 72.5, D("72.5"), "49.99", 12.25):
        assert general_calls(r, {"b": answer}) == 0, answer


def test_a_level_of_one_point_needing_evidence_by_hand(engine: Engine) -> None:
    """A level worth exactly 1 point that needs a justification: without it, 0 points (the
    compiled code hands such levels to the reference, whatever their points above 0)."""
    r = rubric(
        {
            "id": "a",
            "title": "a",
            "rule": _levels(("one", 1, ["justification"]), ("none", 0, None)),
        },
        leaf("b", 1),
    )
    assert run(r, engine, a="one", b=True).nodes["a"].score == 0
    assert run(r, engine, a={"value": "one", "justification": "seen"}, b=True).nodes["a"].score == 1
    assert run(r, engine, a="none", b=True).nodes["a"].score == 0
    assert verdict(r, engine, a="one", b=True).total == 1


def test_a_type_error_in_the_compiled_code_hands_the_assessment_to_the_reference() -> None:
    # the scorers' safety net (Generator.write): an answer of a type the generated code does
    # not expect raises TypeError somewhere inside it; the general scorer turns that into
    # Fallback (no answer tried reaches it today: here a helper is made to raise it)
    r = rubric(leaf("a", 2, na=NA), leaf("b", 1))
    fast = r._fast
    assert fast is not None
    reached: list[object] = []

    def broken(*args: Any) -> Any:
        reached.append(args[1])
        raise TypeError("an unexpected type")

    fast._helper_table["_slow"] = broken  # N/A is scored by the reference (_slow)
    answers = {"a": "na", "b": True}
    with pytest.raises(Fallback):
        fast.result(answers, {}, False, None, None)
    # the verdict reads N/A itself (Generator._typed_hit): a word it refuses goes to _slow
    with pytest.raises(Fallback):
        fast.verdict({"a": "maybe", "b": True}, {}, False)
    assert set(reached) == {"na", "maybe"}
    assert r.evaluate(answers) == r.evaluate(answers, engine="reference")


def handed_over(r: Rubric, answers: dict[str, Any]) -> tuple[list[str], Any]:
    """The criteria the compiled full scorer hands to the reference one by one (``_slow``),
    and its result (or ``Fallback``): like :func:`reference_reads`, for answers refused too.
    ``r`` must not have scored anything yet."""
    fast = r._fast
    assert fast is not None
    read: list[str] = []
    slow = cast(Callable[..., Any], fast._helper_table["_slow"])

    def spy(i: int, *args: Any) -> Any:
        read.append(fast.order[i].id)
        return slow(i, *args)

    fast._helper_table["_slow"] = spy
    try:
        return read, fast.result(answers, {}, False, None, None)
    except Fallback:
        return read, Fallback


NARROW_READERS = {
    # a's rule, b's narrower one (b reads a's answer), a's and b's max
    "bands": (
        {
            "kind": "bands",
            "range": {"min": 0, "max": 100},
            "bands": [{"max": 50, "points": 0}, {"min": 50, "points": 1}],
        },
        {
            "kind": "bands",
            "range": {"min": 0, "max": 50},
            "bands": [{"max": 25, "points": 0}, {"min": 25, "points": 2}],
        },
        None,
        None,
    ),
    "direct": ({"kind": "direct"}, {"kind": "direct"}, 100, 50),
}


@pytest.mark.parametrize("kind", sorted(NARROW_READERS))
def test_an_answer_out_of_a_hidden_readers_range_is_refused_by_the_generated_code(
    kind: str,
) -> None:
    # b reads a's answer with a narrower range, inside a group scored directly: b's own code
    # never runs, so a's code holds b's range too (a rule that compares its answer is then
    # not compared as floats, whose code knows only a's range) and hands 70 to the reference,
    # which refuses it; 30 suits both, and the generated code scores it itself
    rule_a, rule_b, max_a, max_b = NARROW_READERS[kind]

    def made() -> Rubric:
        a: dict[str, Any] = {"id": "a", "title": "a", "rule": rule_a}
        b: dict[str, Any] = {"id": "b", "title": "b", "answer_from": "a", "rule": rule_b}
        if max_a is not None:
            a["max"], b["max"] = max_a, max_b
        return rubric(a, group("g", b, direct=True, max=max_b or 2))

    for answer in (70, "70"):
        with pytest.raises(AssessmentError):
            made().evaluate({"a": answer, "g": 1}, engine="reference")
        read, outcome = handed_over(made(), {"a": answer, "g": 1})
        assert (set(read), outcome) == ({"a"}, Fallback)
    for answer in (30, "30"):
        expected = made().evaluate({"a": answer, "g": 1}, engine="reference")
        assert handed_over(made(), {"a": answer, "g": 1}) == ([], expected)


def test_a_float_a_condition_reads_met_again_is_scored_by_the_generated_code() -> None:
    # d's answer is read by a gate: no memo of points; a float read before is taken from the
    # memo of readings (_FLO) the second time, and scored the same
    def made() -> Rubric:
        return rubric(
            direct("d", 10),
            leaf("h", 1),
            tiers=[{"id": "t", "label": "T", "rank": 1, "min": 1}],
            gates=[{"id": "k", "title": "K", "require": {"answer": "d", "at_least": 2}}],
        )

    r = made()
    fast = r._fast
    assert fast is not None
    for answer in (2.5, 2.5, 1.25, 1.25):
        answers = {"d": answer, "h": True}
        expected = made().evaluate(answers, engine="reference")
        assert fast.result(answers, {}, False, None, None) == expected
        assert fast.verdict(answers, {}, False) == (
            expected.total,
            expected.certified,
            expected.tier,
        )


@pytest.mark.parametrize("answer", ["72.500", Decimal("72.500")])
def test_a_grouped_text_out_of_range_in_thousands_is_scored_by_the_generated_code(
    answer: object,
) -> None:
    # 72500 is beyond the maximum: 72.500 can only be 72.5, and the generated code of a
    # direct score (a rule that does not only compare its answer) reads it itself
    def made() -> Rubric:
        return rubric(direct("p", 100), leaf("h", 1))

    expected = made().evaluate({"p": answer, "h": True}, engine="reference")
    assert expected.nodes["p"].score == Fraction(145, 2)
    assert handed_over(made(), {"p": answer, "h": True}) == ([], expected)


def test_a_linear_rule_from_points_above_zero_by_hand(engine: Engine) -> None:
    # 2 points at 0, 10 at 100: 50 gives 2 + 0.5 × 8 = 6, 25 gives 4
    rule = {
        "kind": "linear",
        "start": {"value": 0, "points": 2},
        "end": {"value": 100, "points": 10},
    }
    r = rubric({"id": "a", "title": "a", "rule": rule}, leaf("h", 1))
    assert run(r, engine, a=50, h=True).nodes["a"].score == 6
    assert run(r, engine, a=25, h=True).nodes["a"].score == 4
    assert run(r, engine, a=0, h=True).nodes["a"].score == 2


def test_tiers_are_decided_on_the_whole_scaled_total() -> None:
    # every tier minimum is whole in the scale: the generated code compares the int Tf (the
    # total's floor), never the exact total as a Fraction (several times slower)
    r = rubric(
        direct("a", 10),
        leaf("h", 1),
        tiers=[
            {"id": "t", "label": "T", "rank": 1, "min": 2.5},
            {"id": "u", "label": "U", "rank": 2, "min": 7},
        ],
    )
    assert r._fast is not None
    decided = [line.strip() for line in r._fast.source.splitlines() if " o0 = " in f" {line}"]
    assert decided
    assert all(line.startswith("o0 = Tf >= ") for line in decided), decided
    for answer, tier in ((D("1.5"), "t"), (D("1.49"), None), (D("6"), "u"), (D("5.999"), "t")):
        result = run(r, "fast", a=answer, h=True)
        assert (result.tier.id if result.tier else None) == tier, answer


def test_a_reader_scores_the_level_its_sources_rule_reads_by_a_label(engine: Engine) -> None:
    """``b`` reads ``a``'s answer; their labels name the two levels the other way round.
    The shared answer ``Good`` is read by the source's rule (``a``'s ``x``), checked against
    every reader, and ``b`` scores that level: 10 + 10 = 20, not 10 + 0 (``b``'s own rule
    reading ``Good`` as its ``y``; killed mutant 73 of FastEvaluator._helpers)."""
    levels = [{"id": "x", "points": 10}, {"id": "y", "points": 0}]
    a = leaf(
        "a",
        10,
        rule={
            "kind": "levels",
            "levels": [{**levels[0], "label": "Good"}, {**levels[1], "label": "Fine"}],
        },
    )
    b = leaf(
        "b",
        10,
        answer_from="a",
        rule={
            "kind": "levels",
            "levels": [{**levels[0], "label": "Fine"}, {**levels[1], "label": "Good"}],
        },
    )
    r = rubric(group("g", a, direct=True, max=10), b)
    found = run(r, engine, a="Good")
    assert found.total == 20
    assert (found.nodes["a"].score, found.nodes["b"].score) == (F(10), F(10))


def test_an_unusual_answer_counts_as_given_when_missing_answers_count_zero(
    engine: Engine,
) -> None:
    """Missing answers count zero; ``c``'s answer (a level judged by its own evidence
    rules: the reference's hand-over, ``_slow``) is given, so it is not counted as missing:
    the compiled evaluator's check of the answers' count holds and it scores the unit
    itself (killed mutant 135 of FastEvaluator._helpers, which counted it: a hand-over).
    g 5 (scored directly, hiding a) + b 0 (reads a's answer: missing) + c hi 10 = 15."""
    hi = {"id": "hi", "points": 10, "evidence_rules": {"justification": {"min_length": 10}}}
    c = leaf(
        "c",
        10,
        evidence=["justification"],
        rule={"kind": "levels", "levels": [hi, {"id": "lo", "points": 5}]},
    )
    a, b = direct("a", 10), direct("b", 10, answer_from="a")
    r = rubric(group("g", a, direct=True, max=10), b, c, scoring={"missing": "zero"})
    found = run(r, engine, g=5, c={"value": "hi", "justification": "long enough text"})
    assert found.total == 15


def test_an_unusual_answer_met_again_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the reference made of an unusual answer (a level judged by its own evidence
    rules) is kept by criterion and answer: the same answer met again is not read again
    (killed mutant 161 of FastEvaluator._helpers, which never looked in the memo: the same
    results, each read again)."""
    from tiercert._fast import evaluator as evaluator_module
    from tiercert._reference import read_leaf as real

    hi = {"id": "hi", "points": 10, "evidence_rules": {"justification": {"min_length": 10}}}
    c = leaf(
        "c",
        10,
        evidence=["justification"],
        rule={"kind": "levels", "levels": [hi, {"id": "lo", "points": 5}]},
    )
    r = rubric(c)
    assert r._fast is not None
    read: list[object] = []

    def spy(leaf: Any, raw: object, *args: Any) -> Any:
        read.append(raw)
        return real(leaf, raw, *args)

    monkeypatch.setattr(evaluator_module, "read_leaf", spy)
    answer = {"value": "hi", "justification": "long enough text"}
    for _ in range(3):
        assert r._fast.result({"c": dict(answer)}, {}, False, None, None).total == 10
    assert read == [answer]


def test_what_the_reference_made_of_unusual_answers_is_kept_boundedly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The memo of unusual answers keeps at most ``_FINISHED`` of them (killed mutant 174 of
    FastEvaluator._helpers, which kept every answer past the bound)."""
    from tiercert._fast import evaluator as evaluator_module

    monkeypatch.setattr(evaluator_module, "_FINISHED", 3)
    hi = {"id": "hi", "points": 10, "evidence_rules": {"justification": {"min_length": 10}}}
    c = leaf(
        "c",
        10,
        evidence=["justification"],
        rule={"kind": "levels", "levels": [hi, {"id": "lo", "points": 5}]},
    )
    r = rubric(c)
    assert r._fast is not None
    for n in range(8):
        answer = {"value": "hi", "justification": f"long enough text {n}"}
        assert r._fast.result({"c": answer}, {}, False, None, None).total == 10
    assert len(r._fast._scored) == 3


def test_the_evidence_of_a_mapping_is_remembered_by_its_one_text() -> None:
    """A mapping of a value and a justification: the evidence its justification carries is
    remembered by that text alone, in the evaluator's memo the generated code looks in
    (``_EVJ``; killed mutants 184 and 187 of FastEvaluator._helpers, which gave the evidence
    reader memos of its own: the same scores, the texts judged again at every answer)."""
    r = rubric(leaf("a", 10, evidence=["justification"]), leaf("b", 5))
    assert r._fast is not None
    for _ in range(2):
        given = {"a": {"value": True, "justification": "seen on site"}, "b": True}
        assert r._fast.result(given, {}, False, None, None).total == 15
    assert r._fast._evidence_alone[0] == {"seen on site": 1}


def test_a_group_finished_by_the_shared_helper_is_finished_once_for_the_same_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A top-N group with a child left out is finished by the shared helper (``_group``),
    which remembers what it made of the same children's scores: units answered alike finish
    it once (killed mutants 249, 250, 271 of FastEvaluator._helpers, which never read that
    memo or filled it with None: the same totals, the group finished again each time). A
    plain group with a child left out is rescaled in the generated code since the eleventh
    round, so the group here keeps its best two."""
    from tiercert._fast import evaluator as evaluator_module
    from tiercert._reference import finish_group as real

    finished: list[object] = []

    def spy(plan: Any, *args: Any) -> Any:
        finished.append(plan.id)
        return real(plan, *args)

    monkeypatch.setattr(evaluator_module, "finish_group", spy)
    r = rubric(group("g", direct("g.1", 10), direct("g.2", 10, na=NA), direct("g.3", 10), top=2))
    assert r._fast is not None
    given = {"g.1": 9, "g.2": "na", "g.3": 7}
    expected = r.evaluate(Assessment(answers=given), engine="reference").total
    for _ in range(3):
        assert r._fast.result(given, {}, False, None, None).total == expected
    assert finished == ["g"]


def test_a_text_met_as_a_url_then_as_a_justification_is_judged_as_each() -> None:
    """The memos of a mapping's one text are kept apart by its key: ``https://a.b`` given as
    a URL carries a URL only, as a justification a justification too (killed mutant 297 of
    FastEvaluator._helpers, which gave the generated code the URLs' memo for ``_EVJ``)."""
    r = rubric(leaf("a", 10, evidence=["justification"]), leaf("b", 5))
    assert r._fast is not None
    scores = [
        r._fast.result({"a": {"value": True, key: "https://a.b"}, "b": True}, {}, False, None, None)
        .nodes["a"]
        .score
        for key in ("url", "justification", "url")
    ]
    assert scores == [F(0), F(10), F(0)]


def test_a_scaled_group_s_half_and_a_rounded_group_finished_by_the_shared_helper() -> None:
    """A scaled group's share of an odd number of units of the scale (one unit of 2,
    scaled to 1) is half a unit, made by the shared ``_frac``; a group with a child left
    out and rounding of its own is finished by the shared helper (``_group``), which rounds
    with ``rounded`` (killed mutants 237 of
    FastEvaluator._helpers, ``_frac`` giving the numerator of a half, and 244, 245,
    ``numbers.round`` called without the value or the spec)."""
    r = rubric(group("g", direct("g.1", 2), aggregate="scaled", max=1), leaf("b", 1))
    assert r._fast is not None
    unit = F(1, r._fast.numbers.scale)  # one unit of the verdict's scale: an odd count
    for score, total in ((1, F(1, 2)), (2, F(1)), (F(1, 3), F(1, 6)), (unit, unit / 2)):
        result = r._fast.result({"g.1": score, "b": False}, {}, False, None, None)
        assert result.total == total == r.evaluate({"g.1": score, "b": False}).total
    rounded = rubric(
        group(
            "g",
            direct("g.1", 10),
            direct("g.2", 10, na=NA),
            round={"mode": "half_up", "places": 0},
        )
    )
    assert rounded._fast is not None
    given = {"g.1": F(33, 10), "g.2": "na"}
    result = rounded._fast.result(given, {}, False, None, None)
    assert result.total == 7 == rounded.evaluate(given, engine="reference").total  # 6.6
