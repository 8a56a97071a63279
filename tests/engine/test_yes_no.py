"""One list of yes/no spellings (``tiercert._literals.YES_NO``), read the same way by every reader
and shown in the docs from the list itself."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from tiercert import AssessmentError, Rubric, parse_assessment
from tiercert._literals import BOOLEAN_WORDS, YES_NO, yes_no_table
from tiercert.batch import evaluate_many
from tiercert.rubric import parse_rubric
from tiercert.tabular import read_rows

RUBRIC = """\
format: 1
id: yn
version: "1"
title: YN
facts:
  - {id: f, title: F, type: boolean}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
  - {id: c, title: C, rule: {kind: condition, points: 2, when: {fact: f, equals: true}}}
"""

SPELLINGS = [
    (variant, flag)
    for word, flag in BOOLEAN_WORDS.items()
    for variant in sorted({word, word.upper(), word.capitalize()})
]


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def _expected(flag: bool) -> tuple[object, object]:
    return flag, Decimal(3 if flag else 0)


def _read(rubric: Rubric, path: Path) -> list[tuple[object, object]]:
    out: list[tuple[object, object]] = []
    for outcome in evaluate_many(rubric, read_rows(path)):
        assert outcome.result is not None, [p.format() for p in outcome.problems]
        out.append((outcome.result.nodes["a"].answer, outcome.result.total))
    return out


def test_every_spelling_means_the_same_in_every_reader(rubric: Rubric, tmp_path: Path) -> None:
    expected = [_expected(flag) for _, flag in SPELLINGS]
    for engine in ("fast", "reference"):
        got: list[tuple[object, object]] = [
            (r.nodes["a"].answer, r.total)
            for r in (
                rubric.evaluate({"a": word}, facts={"f": word}, engine=engine)
                for word, _ in SPELLINGS
            )
        ]
        assert got == expected
    for word, flag in SPELLINGS:
        for scalar in (word, json.dumps(word)):  # plain and quoted YAML
            assessment = parse_assessment(f"answers: {{a: {scalar}}}\nfacts: {{f: {scalar}}}\n")
            result = rubric.evaluate(assessment)
            assert (result.nodes["a"].answer, result.total) == _expected(flag), scalar
    sheet = tmp_path / "units.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "a", "f"])
        writer.writerows([f"u{i}", word, word] for i, (word, _) in enumerate(SPELLINGS))
    assert _read(rubric, sheet) == expected
    lines = tmp_path / "units.jsonl"
    lines.write_text(
        "".join(
            json.dumps({"unit_id": f"u{i}", "a": word, "f": word}) + "\n"
            for i, (word, _) in enumerate(SPELLINGS)
        ),
        encoding="utf-8",
    )
    assert _read(rubric, lines) == expected
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["unit_id", "a", "f"])
    for i, (word, _) in enumerate(SPELLINGS):
        book.active.append([f"u{i}", word, word])
    book.save(tmp_path / "units.xlsx")
    assert _read(rubric, tmp_path / "units.xlsx") == expected


def test_on_and_off_are_yes_and_no(rubric: Rubric) -> None:
    # the docs listed on/off, but the reader refused them as text
    assert rubric.evaluate({"a": "on"}, facts={"f": "off"}).total == 1


def test_other_words_are_refused(rubric: Rubric) -> None:
    # (empty text is no answer, as a sheet's empty cell: test_same_text_every_reader.py)
    for word in ("maybe", "có lẽ", "t", "f", "2"):
        with pytest.raises(AssessmentError) as caught:
            rubric.evaluate({"a": word}, facts={"f": True})
        assert [p.code for p in caught.value.problems] == ["answer.invalid"]


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("value", [Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity")])
def test_numbers_that_are_not_finite_are_no_yes_or_no(
    rubric: Rubric, value: Decimal, engine: str
) -> None:
    # a signalling NaN raised InvalidOperation when compared with 0 and 1 (a traceback)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": value}, facts={"f": True}, engine=engine)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["answer.invalid"]
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": True}, facts={"f": value}, engine=engine)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["fact.invalid"]


def test_rubric_flags_take_the_same_spellings() -> None:
    text = RUBRIC.replace("points: 1}}", "points: 1}, provisional: on}")
    assert parse_rubric(text).evaluate({"a": True}, facts={"f": False}).provisional == ("a",)


def test_the_docs_show_the_list_itself() -> None:
    page = (ROOT / "docs" / "assessments.md").read_text(encoding="utf-8")
    assert yes_no_table() in page, (
        "docs/assessments.md must show the yes/no spellings of tiercert._literals.YES_NO; "
        "paste this table under 'Yes and no':\n" + yes_no_table()
    )
    for yes, no in YES_NO.values():
        assert set(yes).isdisjoint(no)
