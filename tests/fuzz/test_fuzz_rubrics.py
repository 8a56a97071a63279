"""Fuzz ``check`` on the shipped rubrics, mutated as data and as text.

Data: numbers changed (to huge, tiny, NaN, text), keys dropped or unknown ones added, kinds
swapped, lists reordered, items duplicated, ids made to collide, types changed, subtrees
grafted elsewhere.  The rubric is checked from Python (``rubric_from_mapping``) and from its
YAML text (``check_source``, both paths); a rubric that passes must score answers drawn for
it with both engines alike (see ``test_fuzz_answers``).
"""

from __future__ import annotations

from typing import Any

from fuzzing import Target, assert_error, assert_problems, problem_keys, run
from hypothesis import strategies as st
from mutations import SHIPPED, mutated_bytes, mutated_data, shipped_data, yaml_text
from oracles import check_engines_agree, check_rubric_text

import tiercert


@st.composite
def _mutated_shipped(draw: st.DrawFn) -> Any:
    path = draw(st.sampled_from(SHIPPED))
    return draw(mutated_data(shipped_data(path)))


def check_rubric_data(drawn: tuple[Any, st.DataObject]) -> None:
    data, more = drawn
    try:
        rubric = tiercert.rubric_from_mapping(data)
    except tiercert.RubricError as exc:
        assert_error(exc)
        rubric = None
    source = yaml_text(data)
    if source is not None:
        report = tiercert.check_source(source, file="rubric.yaml")
        assert_problems(report.problems)
        light = tiercert.check_source(source, file="rubric.yaml", light=True)
        assert problem_keys(light.problems) == problem_keys(report.problems)
    if rubric is not None:
        check_engines_agree(rubric, more)


RUBRIC_DATA = Target(
    "rubric_data", st.tuples(_mutated_shipped(), st.data()), check_rubric_data, examples=100
)


#: the shipped rubrics' text mutated (the YAML target draws from every seed; this one only
#: from the rubrics, so that more of its mutants get past the YAML reader into the checks)
RUBRIC_TEXT = Target(
    "rubric_text",
    mutated_bytes(base=[p.read_bytes() for p in SHIPPED]),
    check_rubric_text,
    examples=80,
)


def test_rubric_data() -> None:
    run(RUBRIC_DATA)


def test_rubric_text() -> None:
    run(RUBRIC_TEXT)
