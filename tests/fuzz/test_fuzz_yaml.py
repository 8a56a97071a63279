"""Fuzz the YAML loader: rubric and assessment text, mutated byte by byte.

Whatever the bytes, ``check_source`` reports documented problems (both of its paths, the
light one and the models, the same ones), ``parse_rubric`` gives a rubric exactly when
``check`` finds no error, a rubric's YAML loads back to the same rubric, and
``parse_assessment`` gives an assessment or an ``AssessmentError``.
"""

from __future__ import annotations

from fuzzing import Target, run
from hypothesis import strategies as st
from mutations import mutated_bytes
from oracles import check_assessment_text, check_rubric_text


def _both(source: bytes | str) -> None:
    check_rubric_text(source)
    check_assessment_text(source)


YAML_BYTES = Target("yaml_bytes", mutated_bytes(), _both, examples=250)
#: text as a program passes it (str): the same mutants decoded, and any text at all
YAML_STR = Target(
    "yaml_str",
    mutated_bytes().map(lambda data: data.decode("utf-8", "replace")) | st.text(max_size=200),
    _both,
    examples=100,
)


def test_yaml_bytes() -> None:
    run(YAML_BYTES)


def test_yaml_str() -> None:
    run(YAML_STR)
