"""An answer or fact for an id the rubric does not have is always a problem, whatever its value,
and a decimal comma in YAML flow style is named as such (``{g1: 17,5}`` is g1: 17 and a key 5)."""

from __future__ import annotations

import pytest

from tiercert import AssessmentError, Rubric, parse_assessment
from tiercert.rubric import parse_rubric

RUBRIC = """\
format: 1
id: dc
version: "1"
title: DC
facts:
  - {id: f, title: F, type: number, default: 0}
criteria:
  - {id: g1, title: G1, rule: {kind: bands, bands: [{max: 20, points: 0}, {min: 20, points: 5}]}}
  - {id: g2, title: G2, rule: {kind: bands, bands: [{points: 1}]}}
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_decimal_comma_in_flow_style_is_refused_saying_what_to_write(
    rubric: Rubric, engine: str
) -> None:
    # YAML reads '{g1: 17,5, g2: 22}' as g1: 17, a key '5' with no value, and g2: 22
    assessment = parse_assessment("answers: {g1: 17,5, g2: 22}\n", file="a.yaml")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    assert (problem.code, problem.file, problem.line, problem.column) == (
        "answer.unknown",
        "a.yaml",
        1,
        18,
    )
    assert "the rubric has no criterion '5'" in problem.message
    assert "write 17.5" in problem.message


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("value", [None, "", 3, "yes"])
def test_an_answer_to_an_unknown_id_is_a_problem_whatever_its_value(
    rubric: Rubric, engine: str, value: object
) -> None:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"g1": 1, "g2": 2, "g9": value}, engine=engine)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["answer.unknown"]


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_fact_for_an_unknown_id_is_a_problem_even_when_empty(rubric: Rubric, engine: str) -> None:
    assessment = parse_assessment("answers: {g1: 1, g2: 2}\nfacts: {f: 1,5}\n", file="a.yaml")
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(assessment, engine=engine)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    assert problem.code == "fact.unknown"
    assert "write 1.5" in problem.message


def test_a_decimal_comma_in_text_is_refused_saying_what_to_write(rubric: Rubric) -> None:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate(parse_assessment('answers: {g1: "17,5", g2: 22}\n'))
    [problem] = caught.value.problems
    assert problem.message == (
        "expected a number, got '17,5'; use a dot for decimals: write 17.5, or declare that "
        "the answers write decimals with a comma (--decimal-comma; decimal_separator=',' in "
        "Python)"
    )
