"""The XLSX template's data validations validate: drop-downs and number ranges that block wrong
entries with a message saying what is allowed, and show a prompt (read back with openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tiercert
from conftest import TESTS
from tiercert import Rubric
from tiercert.template import write_template

openpyxl = pytest.importorskip("openpyxl")
INPUTS = TESTS / "golden" / "batch" / "inputs"


@pytest.fixture(scope="module")
def validations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    rubric: Rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    path = tmp_path_factory.mktemp("template") / "units.xlsx"
    write_template(rubric, path, format="xlsx", lang="en")
    sheet = openpyxl.load_workbook(path)["units"]
    header = [cell.value for cell in sheet[1]]
    found: dict[str, Any] = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            column = header[cells.min_col - 1]
            assert (cells.min_row, cells.max_row) == (2, 10000)
            found[column] = validation
    return found


def test_every_answer_and_fact_column_is_validated(validations: dict[str, Any]) -> None:
    assert sorted(validations) == ["bi_ky_luat", "g1", "g1.1", "g1.2", "g2.1", "g2.2", "g2.3"]


def test_wrong_entries_are_blocked_with_a_message_and_a_prompt(
    validations: dict[str, Any],
) -> None:
    for column, validation in validations.items():
        assert validation.showErrorMessage, column
        assert validation.errorStyle in (None, "stop"), column  # None is Excel's default: stop
        assert validation.showInputMessage, column
        assert validation.allow_blank, column  # an empty cell is no answer
        for text, limit in (
            (validation.error, 255),
            (validation.errorTitle, 32),
            (validation.prompt, 255),
            (validation.promptTitle, 32),
        ):
            assert 0 < len(text) <= limit, column  # Excel's own limits


def test_drop_downs_list_what_is_accepted(validations: dict[str, Any]) -> None:
    assert validations["g1.2"].type == "list"
    # the levels by their labels in the sheet's language (read back as the levels they name)
    assert validations["g1.2"].formula1 == '"Good,Fair,Weak,na"'
    assert "Good, Fair, Weak, na" in validations["g1.2"].error
    flags = validations["g1.1"].formula1.strip('"').split(",")
    assert flags[:2] == ["true", "false"]
    assert {"có", "không"} <= set(flags)  # the rubric is in Vietnamese: its yes and no too
    assert validations["bi_ky_luat"].type == "list"


def test_numbers_have_their_range(validations: dict[str, Any]) -> None:
    share = validations["g2.1"]  # bands over a range 0..100
    assert share.type == "custom"
    assert share.formula1 == "AND(ISNUMBER(G2),G2>=0,G2<=100)"
    assert "a number from 0 to 100" in share.error
    group = validations["g1"]  # a group scored directly: 0..40
    assert group.formula1 == "AND(ISNUMBER(C2),C2>=0,C2<=40)"
    count = validations["g2.3"]  # a count: a whole number, 0 or more
    assert count.formula1 == "AND(ISNUMBER(I2),I2>=0,I2=INT(I2))"
    assert "whole number" in count.error


def test_numbers_that_may_be_na_and_number_facts(tmp_path: Path) -> None:
    rubric = tiercert.parse_rubric(
        """\
format: 1
id: t
version: "1"
title: T
facts:
  - {id: n, title: N, type: number}
  - {id: k, title: K, type: integer}
criteria:
  - id: a
    title: A
    na: {counts_as: excluded}
    rule: {kind: linear, range: {min: 0}, start: {value: 0, points: 0}, end: {value: 10, points: 5}}
  - {id: b, title: B, rule: {kind: count, per_item: 1, max_items: 5}}
"""
    )
    path = tmp_path / "t.xlsx"
    write_template(rubric, path, format="xlsx")
    sheet = openpyxl.load_workbook(path)["units"]
    formulas = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert formulas == {
        "C2": 'OR(AND(ISNUMBER(C2),C2>=0),C2="na",C2="n/a",C2="không áp dụng")',
        "D2": "AND(ISNUMBER(D2),D2>=0,D2<=5,D2=INT(D2))",
        "E2": "ISNUMBER(E2)",
        "F2": "AND(ISNUMBER(F2),F2=INT(F2))",
    }


def test_a_yes_no_fact_is_hinted_with_words_the_reader_takes() -> None:
    # the Vietnamese hint said "đúng hoặc sai (true/false)", and neither "đúng" nor "sai" is
    # read as yes or no: an assessor who wrote what the template said was refused
    from tiercert._i18n import in_lang
    from tiercert._literals import parse_bool
    from tiercert.rubric import parse_rubric
    from tiercert.template import fact_values

    rubric = parse_rubric(
        "format: 1\nid: t\nversion: '1'\ntitle: T\nlanguage: vi\n"
        "facts: [{id: k, title: K, type: boolean}]\n"
        "criteria: [{id: a, title: A, rule: {kind: boolean, points: 1}}]\n"
    )
    hint = fact_values(rubric.spec.facts[0])
    for lang, words in (("vi", ("có", "không")), ("en", ("true", "false"))):
        said = in_lang(hint, lang)
        assert said == f"{words[0]} " + {"vi": "hoặc", "en": "or"}[lang] + f" {words[1]}"
        assert [parse_bool(word) for word in words] == [True, False]
