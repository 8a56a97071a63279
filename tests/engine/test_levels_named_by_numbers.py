"""A ``levels`` rule whose level ids look like numbers (``1``, ``1.5``, ``2``): an answer
names a level by the text it was written with, a number as it was written (a float, a
spreadsheet's numeric cell, which keeps no text, by the number it is), so ``1.5`` means the
level ``1.5`` in YAML, JSON, CSV, XLSX and the API alike, on both evaluators.  A number
written otherwise (``1.50``, ``2.0``) is refused with the level's id to write, never with a
level that only looks alike."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from test_number_rule import by_api, by_csv, by_jsonl, by_xlsx, by_yaml

from tiercert import AssessmentError
from tiercert.rubric import Rubric, parse_rubric

RUBRIC = """\
format: 1
id: lv
version: "1"
title: Levels
criteria:
  - id: a
    title: Level
    rule:
      kind: levels
      levels:
        - {id: "1", points: 1}
        - {id: "1.5", points: 2}
        - {id: "2", points: 3}
  - {id: b, title: B, rule: {kind: boolean, points: 1}}
tiers: []
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def test_a_number_names_the_level_written_so_in_every_reader(
    rubric: Rubric, tmp_path: Path
) -> None:
    level = ("value", "1.5")
    assert by_api(rubric, 1.5) == by_api(rubric, 1.5, "reference") == level  # a float
    assert by_api(rubric, Decimal("1.5")) == by_api(rubric, "1.5") == level
    assert by_yaml(rubric, "1.5") == by_yaml(rubric, '"1.5"') == level
    assert by_csv(rubric, ["1.5"], tmp_path) == [level]
    assert by_xlsx(rubric, [1.5, "1.5"], tmp_path) == [level, level]  # a numeric cell, text
    assert by_jsonl(rubric, ["1.5"], tmp_path, raw=True) == [level]
    assert by_jsonl(rubric, ["1.5"], tmp_path) == [level]
    assert by_api(rubric, 2) == by_xlsx(rubric, [2], tmp_path)[0] == ("value", "2")
    # a float keeps no text: 2.0 (pandas' 2 in a column with blanks) is the level that is 2
    assert by_api(rubric, 2.0) == by_api(rubric, 2.0, "reference") == ("value", "2")


def test_a_fraction_names_the_level_the_same_float_names(rubric: Rubric) -> None:
    # a Fraction keeps no text, as a float: the same number, the same level, on both
    # evaluators (Fraction(3, 2) was refused while the float 1.5 named the level "1.5")
    other = parse_rubric(RUBRIC.replace('id: "2",', 'id: "2.0",'))
    for engine in ("fast", "reference"):
        assert by_api(rubric, Fraction(3, 2), engine) == by_api(rubric, 1.5, engine)
        assert by_api(rubric, Fraction(3, 2), engine) == ("value", "1.5")
        assert by_api(rubric, Fraction(2), engine) == ("value", "2")
        assert by_api(other, Fraction(2), engine) == by_api(other, 2.0, engine) == ("value", "2.0")
        for value, said in ((Fraction(5, 4), "1.25"), (Fraction(1, 3), "1/3")):
            with pytest.raises(AssessmentError) as caught:
                rubric.evaluate({"a": value, "b": True}, engine=engine)
            assert [p.message for p in caught.value.problems] == [
                f"{said} is not one of the levels: 1, 1.5, 2"
            ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (Decimal("1.50"), "1.50 is not one of the levels: 1, 1.5, 2; level ids are text: write "
         "'1.5', as the rubric writes it"),
        ("2.0", "'2.0' is not one of the levels: 1, 1.5, 2; level ids are text: write '2', as "
         "the rubric writes it"),
        # a number no level is: no level that only looks alike is offered
        (1.25, "1.25 is not one of the levels: 1, 1.5, 2"),
        ("1.6", "'1.6' is not one of the levels: 1, 1.5, 2"),
    ],
)  # fmt: skip
def test_a_number_written_otherwise_is_told_the_level_s_id(
    rubric: Rubric, value: object, said: str
) -> None:
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": value, "b": True}, engine=engine)
        assert [p.message for p in caught.value.problems] == [said]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            float("nan"),
            "nan is not one of the levels: 1, 1.5, 2; it is an empty value (NaN or NA, as "
            "pandas marks an empty cell), not an answer: leave it out of the answers where "
            "there is none, or give the answer",
        ),
        (float("inf"), "inf is not one of the levels: 1, 1.5, 2"),
        ([1], "[1] is not one of the levels: 1, 1.5, 2"),
    ],
)
def test_a_value_that_writes_no_level_is_refused_not_read(
    rubric: Rubric, value: object, said: str
) -> None:
    # a float that is no number (a spreadsheet's error cell read as nan) and a value that is
    # neither text nor a number name no level: each is refused with what was given
    for engine in ("fast", "reference"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": value, "b": True}, engine=engine)
        assert [p.message for p in caught.value.problems] == [said]
