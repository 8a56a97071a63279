"""Fuzz assessment reading and evaluation: the compiled engine against the reference.

Rubrics are drawn (``tests/strategies.py``: every rule kind, aggregate, gate) or shipped;
answers are drawn to fit them and then written in every realistic form, dropped, or replaced
by junk (see ``mutations.answer_form``).  Through every entry (a mapping, an ``Assessment``,
``assessment_from_mapping``, ``parse_assessment`` of its YAML) the compiled (``engine="fast"``)
and reference engines give the same result, byte for byte in JSON, or the same problems
(codes, paths, lines); ``verdict()`` agrees with ``evaluate()``; every result survives the JSON
round trip.
"""

from __future__ import annotations

from functools import cache

from fuzzing import Target, run
from hypothesis import strategies as st
from mutations import SHIPPED
from oracles import check_engines_agree, drawn_rubrics

import tiercert


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
