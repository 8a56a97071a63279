"""Answers given as an assessment file's whole contents, where ``evaluate`` and ``verdict``
take a mapping of criterion id to answer: one problem that says what was given and what to
pass, not a "no answer" for every criterion (a stranger's first call, found in review)."""

from __future__ import annotations

from typing import Any

import pytest

import tiercert
from tiercert import AssessmentError

RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "mini",
    "version": "1",
    "title": "Mini",
    "facts": [{"id": "f", "title": "F", "type": "boolean", "default": False}],
    "criteria": [
        {"id": "c1", "title": "C1", "rule": {"kind": "boolean", "points": 10}},
        {"id": "c2", "title": "C2", "rule": {"kind": "boolean", "points": 10}},
    ],
    "tiers": [{"id": "ok", "label": "OK", "rank": 1, "min": 10}],
}
FILE: dict[str, Any] = {
    "unit": {"id": "u1"},
    "facts": {"f": True},
    "answers": {"c1": "yes", "c2": "no"},
}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_evaluate_says_the_mapping_is_a_files_contents(engine: Any) -> None:
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(FILE, engine=engine)
    (problem,) = caught.value.problems
    assert problem.code == "answer.unknown"
    assert problem.path == ("answers",)
    assert "assessment_from_mapping" in problem.message
    assert "không có tiêu chí 'answers'" in problem.text("vi")
    # what the message says to do works
    assert rubric.evaluate(tiercert.assessment_from_mapping(FILE)).total == 10
    assert rubric.evaluate(FILE["answers"]).total == 10


def test_verdict_says_the_same() -> None:
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    with pytest.raises(AssessmentError) as caught:
        rubric.verdict({"answers": {"c1": "yes", "c2": "no"}})
    (problem,) = caught.value.problems
    assert "assessment_from_mapping" in problem.message


def test_a_criterion_called_answers_is_answered_as_usual() -> None:
    answers = {"id": "answers", "title": "A", "rule": {"kind": "boolean", "points": 1}}
    data = {**RUBRIC, "criteria": [*RUBRIC["criteria"], answers]}
    rubric = tiercert.rubric_from_mapping(data)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"answers": {"x": 1}, "c1": "yes", "c2": "no"})
    assert "assessment_from_mapping" not in caught.value.problems[0].message
    # other wrong answers keep their own problems
    with pytest.raises(AssessmentError) as caught:
        tiercert.rubric_from_mapping(RUBRIC).evaluate({"c1": "maybe", "c2": "no"})
    assert caught.value.problems[0].code == "answer.invalid"


def test_a_stray_answers_key_beside_answers_keeps_their_own_problems() -> None:
    # (found by the answers fuzz after the merge: the same answers as a mapping and inside an
    # Assessment were told different things) a key "answers" beside criterion ids is an
    # unknown criterion like any other; answers that are a file's contents get the hint
    # however they come
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    stray = {"c1": "maybe", "answers": {}}
    problems = []
    for given in (stray, tiercert.Assessment(answers=stray)):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(given)
        problems.append([(p.code, p.path) for p in caught.value.problems])
        assert all("assessment_from_mapping" not in p.message for p in caught.value.problems)
    assert problems[0] == problems[1]
    assert ("answer.unknown", ("answers", "answers")) in problems[0]
    for given in (FILE, tiercert.Assessment(answers=FILE)):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(given)
        (problem,) = caught.value.problems
        assert "assessment_from_mapping" in problem.message
