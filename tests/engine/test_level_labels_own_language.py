"""A refused level's list of levels at its edges (twentieth round's mutation run): the
rubric's own label given as plain text beside translations (``"*"``), a level with no
label in the reader's language, and the rule kind's ``compile`` hook alone, without the
rubric's language (``own_language``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import pytest

import tiercert
from tiercert._i18n import Message
from tiercert.batch import evaluate_many
from tiercert.rules import levels

RUBRIC = """\
format: 1
id: lv_own
version: '1'
language: vi
title: Mẫu
criteria:
  - id: a
    title: A
    max: 6
    rule:
      kind: levels
      levels:
        - {id: tot, points: 6, label: {"*": Tốt, en: Good}}
        - {id: kha, points: 4, label: {fr: Bien, vi: Khá}}
tiers: []
"""


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> tiercert.Rubric:
    path = tmp_path_factory.mktemp("own") / "lv.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return tiercert.load_rubric(path)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_the_rubrics_own_label_as_plain_text_comes_first_and_a_reader_without_one_reads_it(
    rubric: tiercert.Rubric, engine: Literal["fast", "reference"]
) -> None:
    """``tot``'s Vietnamese label is its ``"*"`` one (the rubric's own language): read in
    English it comes first, the English beside it.  ``kha`` has no English label: an
    English reader reads the rubric's own (``Khá``), not the first label given (French)
    with the rubric's beside it."""
    [outcome] = evaluate_many(rubric, [{"unit_id": "u", "a": "Tuyệt vời"}], engine=engine)
    [problem] = outcome.problems
    assert problem.code == "answer.invalid"
    assert "tot (Tốt / Good), kha (Khá)" in problem.text("en")
    assert "tot (Tốt), kha (Khá)" in problem.text("vi")


def test_the_compile_hook_alone_lists_the_readers_labels(rubric: tiercert.Rubric) -> None:
    """Without the rubric's language (a caller of the kind's ``compile`` alone, not
    ``own_language``): each level by the reader's label where the rubric gives one, with no
    other beside it (``kha``, with no English label and no ``"*"`` one, by the first it
    gives: the hook alone does not know which is the rubric's own)."""
    rule = rubric.spec.criteria[0].rule
    assert isinstance(rule, levels.LevelsRule)
    options = levels.KIND.compile(rule, Fraction(6), ()).options
    assert isinstance(options, Message)
    assert options.in_lang("en") == "tot (Good), kha (Bien)"
    assert options.in_lang("vi") == "tot (Tốt), kha (Khá)"
