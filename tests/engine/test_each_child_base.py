"""``each_child_of`` compares the criteria of a group's maximum, not its bonus or penalty
criteria: a school with no initiative (a bonus at 0) and no disciplinary case (a penalty
taking 0) was held below "every criterion at 50%", a bonus being points a unit may do
without, a penalty's score the points it takes."""

from __future__ import annotations

import pytest

from tiercert import Assessment, parse_rubric
from tiercert.scorecard import threshold_marks

RUBRIC = """\
format: 1
id: truong
version: "1"
language: vi
title: Trường học hạnh phúc
max: 100
bonus_cap: 5
criteria:
  - {id: tc1, title: TC1, max: 50, rule: {kind: direct}}
  - id: tc2
    title: TC2
    max: 50
    children:
      - {id: tc2.1, title: TC2.1, max: 50, rule: {kind: direct}}
      - {id: tc2.2, title: Vi phạm, penalty: true, max: 10, rule: {kind: count, per_item: 2}}
  - {id: thuong, title: Sáng kiến, bonus: true, max: 6, rule: {kind: count, per_item: 1.5}}
gates:
  - id: moi
    title: Mỗi tiêu chí đạt từ 50%
    tiers: [s2]
    require: {each_child_of: "@criteria", measure: percent, at_least: 50}
  - id: nhom
    title: Mỗi tiêu chí của TC2 từ 50%
    tiers: [s2]
    require: {each_child_of: tc2, measure: score, at_least: 25}
tiers:
  - {id: s1, label: 1 sao, rank: 1, min: 50}
  - {id: s2, label: 2 sao, rank: 2, min: 80}
"""


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_no_bonus_and_no_penalty_pass_every_criterion_at_half(engine: str) -> None:
    rubric = parse_rubric(RUBRIC)
    answers = {"tc1": 45, "tc2.1": 45, "tc2.2": 0, "thuong": 0}
    result = rubric.evaluate(Assessment(answers=answers), engine=engine)  # type: ignore[arg-type]
    assert [(g.id, g.passed) for g in result.gates] == [("moi", True), ("nhom", True)]
    assert result.tier is not None
    assert result.tier.id == "s2"


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_base_criterion_below_half_still_fails(engine: str) -> None:
    rubric = parse_rubric(RUBRIC)
    answers = {"tc1": 20, "tc2.1": 24, "tc2.2": 1, "thuong": 4}
    result = rubric.evaluate(Assessment(answers=answers), engine=engine)  # type: ignore[arg-type]
    reasons = {g.id: g.reason_in("en") for g in result.gates}
    assert reasons["moi"] == (
        "percentage of tc1 is 40, required at least 50; percentage of tc2 is 44, required at "
        "least 50"
    )
    assert reasons["nhom"] == "score tc2.1 is 24, required at least 25"


def test_the_scorecard_marks_the_threshold_on_the_base_criteria_only() -> None:
    marks = threshold_marks(parse_rubric(RUBRIC), "vi")
    assert sorted(marks) == ["tc1", "tc2"]
