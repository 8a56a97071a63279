"""Answers given as an assessment file's whole contents, where ``evaluate`` and ``verdict``
take a mapping of criterion id to answer: one problem that says what was given and what to
pass, not a "no answer" for every criterion (a stranger's first call, found in review)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import tiercert
from conftest import run_cli
from tiercert import AssessmentError
from tiercert._writers import open_writer
from tiercert.batch import ResultTable, score_rows

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
    assert problem.path == ("answers", "answers")
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


def _said_through_every_entry(rubric: tiercert.Rubric, tmp_path: Path) -> list[list[object]]:
    """The problems each entry gives for answers that are a whole file's contents."""
    said: list[list[object]] = []

    def problems(call: Any) -> None:
        with pytest.raises(AssessmentError) as caught:
            call()
        said.append([(p.code, p.path, p.message) for p in caught.value.problems])

    problems(lambda: rubric.evaluate(FILE))
    problems(lambda: rubric.evaluate(FILE, engine="reference"))
    problems(lambda: rubric.evaluate(tiercert.Assessment(answers=FILE)))
    problems(lambda: rubric.verdict(FILE))
    problems(lambda: rubric.verdict(tiercert.Assessment(answers=FILE)))
    # score_rows, with an assessment document whose answers are a whole file's contents
    for row in ({"unit": {"id": "u1"}, "answers": FILE}, tiercert.Assessment(answers=FILE)):
        columns = ResultTable(rubric).columns
        with open_writer(io.StringIO(), columns) as writer:
            outcomes = list(score_rows(rubric, [row], writer))
        (outcome,) = outcomes
        said.append([(p.code, p.path, p.message) for p in outcome.problems])
    return said


def test_every_entry_says_the_same(tmp_path: Path) -> None:
    # (the hint wrapped evaluate and verdict only; its place is where unknown answer keys
    # are read, so a batch row and score_rows say it too)
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    said = _said_through_every_entry(rubric, tmp_path)
    message = (
        "the rubric has no criterion 'answers': these are an assessment file's contents, not a "
        "mapping of criterion id to answer; pass tiercert.assessment_from_mapping(data), or "
        "the answers mapping alone"
    )
    expected = [("answer.unknown", ("answers", "answers"), message)]
    assert all(problems == expected for problems in said), said


def test_batch_says_it_for_a_json_line(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(yaml.safe_dump(RUBRIC), encoding="utf-8")
    units = tmp_path / "units.jsonl"
    units.write_text(json.dumps({"unit": {"id": "u1"}, "answers": FILE}) + "\n", "utf-8")
    status, _, err = run_cli("batch", str(rubric), str(units), "--summary", "none")
    assert status == 1
    (line,) = [line for line in err.splitlines() if "[answer.unknown]" in line]
    assert "tiercert.assessment_from_mapping(data)" in line
    assert "answer.missing" not in err


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_staged_files_contents_are_said_to_be_a_file_too(engine: Any) -> None:
    # (mutation testing, thirteenth round: no test gave a staged file's contents, so "stages"
    # could be read as any other key) a file whose answers are given stage by stage holds its
    # answers under "stages": the same one problem, named by that key; "answers" is named
    # first when the mapping has both
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    staged = {"unit": {"id": "u1"}, "stages": {"self": {"answers": {"c1": "yes"}}}}
    for given, key in ((staged, "stages"), ({**staged, "answers": {"c1": "yes"}}, "answers")):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate(given, engine=engine)
        (problem,) = caught.value.problems
        assert (problem.code, problem.path) == ("answer.unknown", ("answers", key))
        assert f"the rubric has no criterion {key!r}: these are an assessment" in problem.message
    # a "stages" that holds no mapping is an unknown criterion like any other
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"stages": "self"}, engine=engine)
    assert all("assessment_from_mapping" not in p.message for p in caught.value.problems)
