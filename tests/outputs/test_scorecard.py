"""What a scorecard shows, as data (tiercert.scorecard): the verdict, stars, group bars with
gate marks, the ladder, what passing a gate would unlock, level answers by label, stages."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given

import tiercert
from conftest import EXAMPLES, TESTS, golden
from strategies import rubric_and_answers
from tiercert import Assessment, Result, Rubric
from tiercert.report import render_html
from tiercert.scorecard import Card, build_card, star_counts, threshold_marks, tier_with

BAC_GIANG = EXAMPLES / "bac_giang"


def _card(rubric: Rubric, result: Result, **options: Any) -> Card:
    return build_card(result, rubric, date="2024-12-20", **options)


@pytest.fixture(scope="module")
def bac_giang() -> Rubric:
    return tiercert.load_rubric("bac_giang_friendly_gov")


def _example(rubric: Rubric, name: str) -> Result:
    return rubric.evaluate(tiercert.load_assessment(BAC_GIANG / f"{name}.yaml"))


def _rubric(tiers: list[dict[str, Any]], **more: Any) -> Rubric:
    return tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "children": [
                        {"id": "a1", "title": "A1", "rule": {"kind": "boolean", "points": 10}},
                    ],
                },
                {
                    "id": "b",
                    "title": "B",
                    "children": [
                        {
                            "id": "b1",
                            "title": "B1",
                            "rule": {
                                "kind": "levels",
                                "levels": [
                                    {
                                        "id": "good",
                                        "points": 10,
                                        "label": {"vi": "Tốt", "en": "Good"},
                                    },
                                    {"id": "poor", "points": 2},
                                ],
                            },
                        },
                    ],
                },
            ],
            "tiers": tiers,
            **more,
        }
    )


def test_a_star_scheme_by_its_tier_labels() -> None:
    stars = [
        {"id": "s1", "label": {"vi": "1 sao", "en": "1 star"}, "rank": 1, "min": 5},
        {"id": "s2", "label": {"vi": "Chính quyền thân thiện 2 sao"}, "rank": 2, "min": 10},
        {"id": "s3", "label": "★★★", "rank": 3, "min": 15},
    ]
    assert star_counts(_rubric(stars)) == {"s1": 1, "s2": 2, "s3": 3}
    # one tier without a number of stars: drawn as a ladder of labels
    mixed = [*stars[:2], {"id": "top", "label": "Gold", "rank": 3, "min": 15}]
    assert star_counts(_rubric(mixed)) is None
    # a number that is not a number of stars ("Level 2", "20 stars") is not read as one
    assert star_counts(_rubric([{"id": "l", "label": "Level 2", "rank": 1, "min": 5}])) is None
    assert star_counts(_rubric([{"id": "l", "label": "20 stars", "rank": 1, "min": 5}])) is None
    assert star_counts(_rubric([{"id": "l", "label": "2 starsky", "rank": 1, "min": 5}])) is None


def test_shipped_star_schemes(bac_giang: Rubric) -> None:
    assert star_counts(bac_giang) == {f"sao-{n}": n for n in range(1, 6)}
    assert star_counts(tiercert.load_rubric("vn_ocop_products")) is not None
    assert star_counts(tiercert.load_rubric("leed_v4_bd_c")) is None
    assert star_counts(tiercert.load_rubric("vn_access_to_law")) is None


@pytest.mark.parametrize(
    ("name", "verdict", "tier", "filled"),
    [
        ("xa_mau_a", "certified", "Chính quyền thân thiện 2 sao", 2),
        ("phuong_mau_b_not_certified", "not_certified", None, 0),
        ("xa_mau_d_top_star", "certified", "Chính quyền thân thiện 5 sao", 5),
        ("xa_mau_e_knocked_out", "knocked_out", None, 0),
    ],
)
def test_the_bac_giang_verdicts(
    bac_giang: Rubric, name: str, verdict: str, tier: str | None, filled: int
) -> None:
    card = _card(bac_giang, _example(bac_giang, name))
    assert (card.verdict, card.tier) == (verdict, tier)
    assert card.stars is not None
    assert (card.stars.filled, card.stars.of) == (filled, 5)
    assert [rung.rank for rung in card.ladder] == [5, 4, 3, 2, 1]
    assert sum(rung.current for rung in card.ladder) == (tier is not None)


def test_a_knocked_out_unit_and_what_the_gate_unlocks(bac_giang: Rubric) -> None:
    card = _card(bac_giang, _example(bac_giang, "xa_mau_e_knocked_out"))
    (gate,) = card.knocked_out_by
    assert gate.id == "head_not_disciplined"
    assert gate.scope is None  # every tier
    assert gate.unlocks == "Chính quyền thân thiện 4 sao"  # 92.5 points
    assert card.blocking == (gate,)
    assert card.gates[0] is gate  # failed gates first
    (failure,) = gate.failures
    assert (failure.kind, failure.subject, failure.actual, failure.expected) == (
        "compare",
        "fact",
        "có",  # yes/no in the card's language, as the criteria list says them
        "không",
    )
    assert failure.target_title.startswith("Người đứng đầu cấp ủy")
    assert all(rung.blocked_by == ("head_not_disciplined",) for rung in card.ladder)


def test_a_rating_that_does_not_certify() -> None:
    ocop = tiercert.load_rubric("vn_ocop_products")
    lowest = min(ocop.spec.tiers, key=lambda t: t.rank)
    assert not lowest.certified
    result = ocop.evaluate({}, missing="zero")
    card = _card(ocop, result)
    assert result.tier is not None
    assert result.tier.id == lowest.id
    assert card.verdict == "rated"
    assert card.stars is not None
    assert card.stars.filled == 1


def test_gate_marks_on_the_groups_of_the_access_to_law_rubric() -> None:
    rubric = tiercert.load_rubric("vn_access_to_law")
    marks = threshold_marks(rubric, "vi")
    assert set(marks) == {node.id for node in rubric.spec.criteria}
    assert {at for found in marks.values() for at, _, _ in found} == {F(50)}
    answers = {"tc1": 5, "tc2": 20, "tc3": 10, "tc4": 10, "tc5": 10}
    facts = {"head_disciplined": False, "head_prosecuted": False}
    card = _card(rubric, rubric.evaluate(answers, facts=facts, missing="zero"))
    below = [bar.id for bar in card.groups if bar.below_mark]
    assert below == ["tc1"]  # 5 of 20: under the 50% line; the others are at it or above
    (gate,) = card.failed_gates
    (failure,) = gate.failures
    assert (failure.subject, failure.target, failure.actual, failure.expected) == (
        "percent",
        "tc1",
        "25",
        "50",
    )


def test_marks_come_only_from_conditions_that_must_hold() -> None:
    tiers = [{"id": "t1", "label": "T1", "rank": 1, "min": 5}]
    gates = [
        {
            "id": "both",
            "title": "Both",
            "require": {
                "all": [
                    {"percent": "a", "at_least": 40},
                    {"score": "b", "at_least": 5},
                ]
            },
        },
        {
            "id": "either",
            "title": "Either",
            "require": {
                "any": [
                    {"percent": "a", "at_least": 90},
                    {"percent": "b", "at_least": 90},
                ]
            },
        },
        {"id": "never", "title": "Not", "require": {"not": {"percent": "a", "below": 10}}},
    ]
    rubric = _rubric(tiers, gates=gates)
    assert threshold_marks(rubric, "en") == {
        "a": [(F(40), "both", "Both")],
        "b": [(F(50), "both", "Both")],
    }


def test_levels_answers_are_shown_by_label_in_the_language() -> None:
    rubric = _rubric([{"id": "t1", "label": "T1", "rank": 1, "min": 5}], language="vi")
    result = rubric.evaluate({"a1": True, "b1": "good"})
    lines = {line.id: line for line in _card(rubric, result).criteria}
    assert (lines["b1"].answer, lines["b1"].answer_kind) == ("Tốt", "level")
    assert _card(rubric, result, lang="en").criteria[-1].answer == "Good"
    assert lines["a1"].answer_kind == "yes"
    poor = rubric.evaluate({"a1": False, "b1": "poor"})
    line = _card(rubric, poor).criteria[-1]
    assert (line.answer, line.answer_kind) == ("poor", "level")  # no label: the id


def test_the_weakest_group_and_the_gains(bac_giang: Rubric) -> None:
    card = _card(bac_giang, _example(bac_giang, "xa_mau_a"))
    assert [bar.id for bar in card.groups if bar.weakest] == ["g5"]  # 14 of 20
    assert card.next_tier is not None
    assert card.next_tier.points_needed == F("2.9")
    assert [gain.id for gain in card.gains] == ["g5.2", "g1.1.2", "g3.4", "g2.2", "g1.2.3"]
    top = _card(bac_giang, _example(bac_giang, "xa_mau_d_top_star"))
    assert top.next_tier is None
    assert top.gains == ()


def test_stages_side_by_side(bac_giang: Rubric) -> None:
    self_scored = bac_giang.evaluate(
        Assessment(answers={"g1": 19, "g2": 24, "g3": 19, "g4": 14, "g5": 19}, unit_id="x")
    )
    appraised = bac_giang.evaluate(
        Assessment(answers={"g1": 17, "g2": 22, "g3": 19, "g4": 14, "g5": 16}, unit_id="x")
    )
    card = _card(bac_giang, appraised, stages=[("Tự chấm", self_scored), ("Huyện", appraised)])
    first, last = card.stages
    assert (first.total, last.total) == (F(95), F(88))
    assert (first.tier, last.tier) == (
        "Chính quyền thân thiện 4 sao",
        "Chính quyền thân thiện 3 sao",
    )
    assert first.groups["g5"] == 19
    assert last.groups["g5"] == 16


@given(rubric_and_answers())
def test_tier_with_no_gate_ignored_is_the_evaluators_tier(pair: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = pair
    result = rubric.evaluate(assessment)
    reached = tier_with(rubric, result.total, set(result.failed_gates))
    assert (reached.id if reached is not None else None) == (
        result.tier.id if result.tier is not None else None
    )
    card = _card(rubric, result)
    for gate in card.failed_gates:
        # what passing a gate alone unlocks is what the evaluator gives without that gate
        without = tier_with(rubric, result.total, set(result.failed_gates) - {gate.id})
        current = result.tier.rank if result.tier is not None else 0
        assert (gate.unlocks is not None) == (without is not None and without.rank > current)


# --- penalties and what the total reaches once the gates pass -------------------------------------

SCORECARDS = TESTS / "golden" / "scorecards"
PENALTIES = EXAMPLES / "penalties"


@pytest.fixture(scope="module")
def penalised() -> tuple[Rubric, Result]:
    rubric = tiercert.load_rubric(PENALTIES / "rubric.yaml")
    return rubric, rubric.evaluate(tiercert.load_assessment(PENALTIES / "knocked_out.yaml"))


def test_penalty_lines_say_what_they_took_from_what(penalised: tuple[Rubric, Result]) -> None:
    card = _card(*penalised)
    lines = {line.id: line for line in card.criteria}
    took = {
        i: (lines[i].penalty_of, lines[i].score, lines[i].detail) for i in ("leak", "noise", "fine")
    }
    # what it took is the line's score; its own detail loses the English "penalty: takes ..."
    assert took == {
        "leak": ("Energy", F(4), None),
        "noise": ("Energy", F(0), None),
        "fine": ("", F(2), None),
    }
    assert {line.penalty_of for i, line in lines.items() if i not in took} == {None}


def test_a_knocked_out_card_says_what_the_total_reaches_once_the_gate_passes(
    penalised: tuple[Rubric, Result],
) -> None:
    card = _card(*penalised)
    assert card.verdict == "knocked_out"
    assert card.next_tier is not None
    assert card.next_tier.label == "1 sao"
    assert card.after_gates is not None
    assert (card.after_gates.tier, card.after_gates.min) == ("3 sao", F(80))
    assert [g.id for g in card.after_gates.gates] == ["no_violation"]
    # none when the points reach no tier above the next one
    rubric = penalised[0]
    answers = {"e1": 8, "e2": 5, "leak": True, "noise": False, "water": 50, "fine": True}
    low = rubric.evaluate(answers, facts={"ok": False})  # 54: 1 sao, the next tier itself
    assert low.total == 54
    assert _card(rubric, low).after_gates is None


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_html_card_of_penalties_and_a_knock_out(
    penalised: tuple[Rubric, Result], lang: str
) -> None:
    html = render_html(penalised[1], penalised[0], lang=lang, date="2024-12-20")
    golden(SCORECARDS / f"penalties_knocked_out.{lang}.html", html)
    reach = html.split('class="panel reach"')[1].split("</section>")[0]
    once = {
        "en": "Once “No violation found” passes, the total reaches 3 sao (at 80).",
        "vi": "Khi “No violation found” được đáp ứng, tổng điểm đạt 3 sao (từ 80).",
    }
    assert once[lang] in reach
    # the unlock hint says the same of the one gate: not said twice
    assert "3 sao" not in reach.replace(once[lang], "")
    took = {
        "en": "penalty: takes 4 from Energy",
        "vi": "điểm trừ: trừ 4 điểm của Energy",
    }
    assert took[lang] in html
    assert "penalty: takes 4 from energy" not in html  # the result's English detail
