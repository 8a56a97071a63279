"""Fuzz assessment reading and evaluation: the compiled engine against the reference.

Rubrics are drawn (``tests/strategies.py``: every rule kind, aggregate, gate) or shipped;
answers are drawn to fit them and then written in every realistic form, dropped, or replaced
by junk (see ``mutations.answer_form``).  Through every entry (a mapping, an ``Assessment``,
``assessment_from_mapping``, ``parse_assessment`` of its YAML) the compiled (``engine="fast"``)
and reference engines give the same result, byte for byte in JSON, or the same problems
(codes, paths, lines); ``verdict()`` agrees with ``evaluate()``; every result survives the JSON
round trip, and ``Result.from_dict`` of a mutated result gives a result or a ValueError.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fuzzing import Target, run
from hypothesis import assume
from hypothesis import strategies as st
from mutations import SHIPPED, mutated_data
from oracles import check_engines_agree, check_result, drawn_rubrics

import tiercert
from strategies import answers_for


@cache
def _shipped(index: int) -> tiercert.Rubric:
    return tiercert.load_rubric(SHIPPED[index])


def _check(drawn: tuple[tiercert.Rubric, st.DataObject]) -> None:
    rubric, data = drawn
    check_engines_agree(rubric, data)


DRAWN_RUBRICS = Target("answers_drawn", st.tuples(drawn_rubrics(), st.data()), _check, examples=120)
SHIPPED_RUBRICS = Target(
    "answers_shipped",
    st.tuples(st.integers(0, len(SHIPPED) - 1).map(_shipped), st.data()),
    _check,
    examples=100,
)


def test_answers_drawn() -> None:
    run(DRAWN_RUBRICS)


def test_answers_shipped() -> None:
    run(SHIPPED_RUBRICS)


@st.composite
def _result_dict(draw: st.DrawFn) -> Any:
    rubric = draw(drawn_rubrics(max_depth=2, max_children=3))
    answers = draw(answers_for(rubric, complete=True))
    try:
        result = rubric.evaluate(answers)
    except tiercert.AssessmentError:
        assume(False)
        raise
    return draw(mutated_data(result.to_dict(), changes=3))


def check_result_dict(data: Any) -> None:
    """``Result.from_dict`` of a mutated result: ValueError (its documented error) or a result
    that writes itself back the same."""
    try:
        result = tiercert.Result.from_dict(data)
    except ValueError:
        return
    check_result(result)


RESULT_DICTS = Target("result_dicts", _result_dict(), check_result_dict, examples=80)


def test_result_dicts() -> None:
    run(RESULT_DICTS)
