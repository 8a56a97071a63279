"""A level's label typed with some of its accents left out, by hand: which letters may stand
for which (``o``, ``ô`` and ``ó`` for ``ố``; ``d`` for ``đ``; never a changed or an added
accent), and the answers they make, in both evaluators."""

from __future__ import annotations

from typing import Literal

import pytest

import tiercert
from tiercert.rules.levels import _accents_left_out, _within


@pytest.mark.parametrize(
    ("typed", "letter", "within"),
    [
        ("o", "ố", True),  # every accent left out
        ("ô", "ố", True),  # one of two left out
        ("ó", "ố", True),
        ("ọ", "ố", False),  # an accent the letter does not have
        ("ồ", "ố", False),  # one accent changed
        ("a", "ố", False),  # another letter
        ("ô", "o", False),  # an accent added
        ("d", "đ", True),  # đ is a letter of its own in Unicode: d stands for it
        ("x", "đ", False),
        ("D", "đ", False),  # answers are compared folded: an upper case D never reaches here
    ],
)
def test_which_letter_stands_for_which(typed: str, letter: str, within: bool) -> None:
    assert _within(typed, letter) is within


@pytest.mark.parametrize(
    ("typed", "label", "left_out"),
    [
        ("tot", "tốt", True),
        ("tôt", "tốt", True),
        ("tót", "tốt", True),
        ("tọt", "tốt", False),
        ("to", "tốt", False),  # shorter: not the label
        ("tott", "tốt", False),  # longer
        ("dat", "đạt", True),
        ("đat", "đạt", True),
        ("dát", "đạt", False),
    ],
)
def test_a_label_with_some_accents_left_out(typed: str, label: str, left_out: bool) -> None:
    assert _accents_left_out(typed, label) is left_out


RUBRIC = """\
format: 1
id: r
version: "1"
title: R
criteria:
  - id: c
    title: C
    rule:
      kind: levels
      levels:
        - {id: pass, points: 2, label: {vi: Đạt}}
        - {id: good, points: 5, label: {vi: Tốt}}
tiers: []
"""


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(
    ("typed", "level"),
    [("Dat", "pass"), ("ĐAT", "pass"), ("dạt", "pass"), ("Tot", "good"), ("TÔT", "good")],
)
def test_an_answer_with_accents_left_out_names_its_level(
    engine: Literal["fast", "reference"], typed: str, level: str
) -> None:
    rubric = tiercert.parse_rubric(RUBRIC)
    assert rubric.evaluate({"c": typed}, engine=engine).nodes["c"].answer == level


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("typed", ["Dát", "Tọt", "Tồt", "Đa"])
def test_an_answer_with_an_accent_changed_is_refused(
    engine: Literal["fast", "reference"], typed: str
) -> None:
    rubric = tiercert.parse_rubric(RUBRIC)
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"c": typed}, engine=engine)
    assert "is not one of the levels: pass (Đạt), good (Tốt)" in caught.value.problems[0].message


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize(
    ("typed", "level"), [("GOOD", "good"), ("Poor", "poor"), ("poor", "poor"), ("Good ", "good")]
)
def test_a_level_id_is_read_whatever_its_case(
    engine: Literal["reference", "fast"], typed: str, level: str
) -> None:
    """An id typed in other capitals names its level (no label here to fall back on): never
    the other level, never refused."""
    rubric = tiercert.parse_rubric(
        'format: 1\nid: t\nversion: "1"\ntitle: T\ncriteria:\n  - id: a\n    title: A\n'
        "    rule: {kind: levels, levels: [{id: good, points: 2}, {id: poor, points: 0}]}\n"
    )
    assert rubric.evaluate({"a": typed}, engine=engine).nodes["a"].answer == level
