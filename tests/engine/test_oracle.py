"""Both evaluators against an independent scorer (tests/oracle.py): the comparison between
them cannot catch a mistake in what they share, this one can."""

from __future__ import annotations

from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import oracle
from strategies import answers_for, rubrics
from tiercert import Assessment, AssessmentError, Rubric

Engine = Literal["reference", "fast"]
ENGINES: tuple[Engine, ...] = ("reference", "fast")


def _check(rubric: Rubric, assessment: Assessment, engine: Engine) -> None:
    try:
        result = rubric.evaluate(assessment, engine=engine)
    except AssessmentError:
        return  # problems are compared between the engines in test_fast_equivalence.py
    oracle.check(rubric, result)


@pytest.mark.parametrize("engine", ENGINES)
@given(data=st.data())
def test_results_are_what_the_oracle_works_out(engine: Engine, data: st.DataObject) -> None:
    rubric = data.draw(rubrics(), label="rubric")
    for _ in range(3):
        _check(rubric, data.draw(answers_for(rubric), label="answers"), engine)
