"""A formula cell of an XLSX sheet with no saved result (a workbook written by a script, never
opened in a spreadsheet program) is its row's problem, ``cell.formula``: read as empty, it was
a missing answer, and ``--missing zero`` scored it 0 without a word."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tiercert._i18n import in_lang
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.rubric import Rubric, parse_rubric
from tiercert.tabular import Row, read_rows

RUBRIC = """\
format: 1
id: f
version: "1"
title: F
facts:
  - {id: k, title: K, type: integer, default: 0}
criteria:
  - {id: a, title: A, max: 100, rule: {kind: count, per_item: 1}}
  - {id: b, title: B, evidence: [justification], rule: {kind: boolean, points: 1}}
tiers: []
"""
MESSAGE = (
    "formula with no saved result: open the file in Excel or LibreOffice and save it, or "
    "type the value"
)


@pytest.fixture
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "unit_name", "a", "b", "b.justification", "k"])
    for row in rows:
        sheet.append(row)
    book.save(path)  # openpyxl saves a formula without its result, as a script would
    return path


def _saved(path: Path, results: dict[str, str]) -> None:
    """Give formula cells the results a spreadsheet program saves (``<v>``), by cell: what
    follows ``<c r="C2"``."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, saved in results.items():
        xml, found = re.subn(rf'(<c r="{ref}"[^>]*)>(<f>[^<]*</f>)<v ?/>', rf"\1{saved}", xml)
        assert found == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def _problems(rubric: Rubric, path: Path) -> dict[str | None, list[str]]:
    return {
        outcome.unit_id: [p.format() for p in outcome.problems]
        for outcome in evaluate_many(rubric, read_rows(path), missing="zero")
    }


def test_a_formula_without_its_result_is_the_problem_of_its_row(
    rubric: Rubric, tmp_path: Path
) -> None:
    path = _workbook(
        tmp_path / "units.xlsx",
        [
            ["u1", "Xã A", "=1+1", "yes", "ok", 3],
            ["u2", "Xã B", 3, "yes", "ok", 3],
            ["u3", "Xã C", 3, "=TRUE()", "=A4", "=2*2"],
            ["=CONCAT(1,2)", "=B1", 3, "yes", "ok", 3],
        ],
    )
    name = str(path)
    assert _problems(rubric, path) == {
        "u1": [f"{name}:2:3: error: a: {MESSAGE} [cell.formula]"],
        "u2": [],
        "u3": [
            f"{name}:4:4: error: b: {MESSAGE} [cell.formula]",
            f"{name}:4:5: error: b.justification: {MESSAGE} [cell.formula]",
            f"{name}:4:6: error: k: {MESSAGE} [cell.formula]",
        ],
        None: [
            f"{name}:5:1: error: unit_id: {MESSAGE} [cell.formula]",
            f"{name}:5:2: error: unit_name: {MESSAGE} [cell.formula]",
        ],
    }


def test_the_batch_command_rejects_the_row_even_with_missing_zero(tmp_path: Path) -> None:
    # the command's own row scorer reads cells by position: it hands such a row back
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    rows = [["u1", "", "=1+1", "yes", "ok", 3], ["u2", "", 3, "yes", "ok", 3]]
    rows += [[f"v{i}", "", i, "yes", "ok", "=1"] for i in range(3)]
    rows += [[f"w{i}", "", i, "yes", "=A1", 3] for i in range(3)]  # evidence: no text either
    _workbook(tmp_path / "units.xlsx", rows)
    out, err = io.StringIO(), io.StringIO()
    args = ["batch", str(tmp_path / "rubric.yaml"), str(tmp_path / "units.xlsx")]
    assert main([*args, "--missing", "zero"], stdout=out, stderr=err) == 1
    table = {row["unit_id"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert table["u1"]["status"] == "rejected"
    assert table["u1"]["problems"] == f"a: {MESSAGE} [cell.formula]"
    assert table["u2"]["status"] == "scored"
    assert table["u2"]["total"] == "4"
    for i in range(3):
        assert table[f"v{i}"]["problems"] == f"k: {MESSAGE} [cell.formula]"
        assert table[f"w{i}"]["problems"] == f"b.justification: {MESSAGE} [cell.formula]"


def test_a_formula_with_its_saved_result_is_that_result(rubric: Rubric, tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "units.xlsx",
        [["u1", "", "=1+1", "yes", '=IF(1>2,"x","")', 3], ["u2", "", "=2+2", "yes", "ok", 3]],
    )
    # a number saved as such; a text formula whose result is the empty text (t="str")
    _saved(path, {"C2": "><f>1+1</f><v>2</v>", "E2": ' t="str"><f>IF(1&gt;2,"x","")</f><v></v>'})
    _saved(path, {"C3": "><f>2+2</f><v>4</v>"})
    outcomes = list(evaluate_many(rubric, read_rows(path), missing="zero"))
    assert [o.problems for o in outcomes] == [(), ()]
    assert [o.result.nodes["a"].answer for o in outcomes if o.result] == [2, 4]
    # the empty text is no justification: the evidence is missing, not refused
    assert [o.result.nodes["b"].score for o in outcomes if o.result] == [0, 1]


def test_the_message_is_in_vietnamese_too(rubric: Rubric, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "units.xlsx", [["u1", "", "=1+1", "yes", "ok", 3]])
    (outcome,) = evaluate_many(rubric, read_rows(path))
    (problem,) = outcome.problems
    assert in_lang(problem.message, "vi") == (
        "công thức chưa có kết quả được lưu: mở tệp bằng Excel hoặc LibreOffice rồi lưu lại, "
        "hoặc nhập giá trị"
    )


def test_a_programme_sheet_reports_it_too() -> None:
    # a programme's rows are split into attributes and stages before they are read: a formula
    # with no saved result there (an attribute, a stage's answer) is the row's problem too
    from test_programme import HEADER, RUBRIC, read, sheet

    from tiercert._tables import UNSAVED_FORMULA

    rows = sheet(HEADER, ["t1", "Town 1", UNSAVED_FORMULA, 2023, 45, 50, 45, UNSAVED_FORMULA])
    [unit] = read(parse_rubric(RUBRIC), rows)
    assert not unit.ok
    found = {(p.code, p.where, p.column) for p in unit.problems}
    assert ("cell.formula", "region", 3) in found
    assert ("cell.formula", "review:b", 8) in found  # its stage's, named by its column


def test_a_stage_s_formula_is_not_said_missing_as_well() -> None:
    # a formula with no saved result as a stage's answer: that is the problem, once, at its
    # column; not also "no answer" for it (a plain batch says the formula alone too)
    from test_programme import read, sheet

    from tiercert._tables import UNSAVED_FORMULA

    rubric = parse_rubric(
        "format: 1\nid: p\nversion: '1'\ntitle: P\ntiers: []\n"
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n"
        "  - {id: b, title: B, rule: {kind: boolean, points: 1}}\n"
        "stages:\n  - {id: own, label: Own}\n  - {id: review, label: Review}\n"
    )
    header = ["unit_id", "unit_name", "own:a", "own:b", "review:a", "review:b"]
    [unit] = read(rubric, sheet(header, ["t1", "T", "yes", "yes", "yes", UNSAVED_FORMULA]))
    found = [(p.code, p.where, p.column) for p in unit.problems]
    assert found == [("cell.formula", "review:b", 6)]
    assert unit.problems[0].message.startswith("stage Review: formula with no saved result")


def test_a_note_column_s_formula_is_no_problem_of_a_programme_s_row() -> None:
    # notes (#...) are not read: a formula with no saved result there (a total for people,
    # "=SUM(...)", in a sheet written by a script) rejected every row of a programme's sheet,
    # while a plain batch ignored it
    from test_programme import read, sheet

    from tiercert._tables import UNSAVED_FORMULA

    rubric = parse_rubric(
        "format: 1\nid: p\nversion: '1'\ntitle: P\ntiers: []\n"
        "criteria:\n  - {id: a, title: A, rule: {kind: boolean, points: 1}}\n"
        "stages:\n  - {id: own, label: Own}\n  - {id: review, label: Review}\n"
    )
    header = ["unit_id", "unit_name", "own:a", "review:a", "#sum", "review:#sum", "#own:total"]
    cells = ["t1", "T", "yes", "no", UNSAVED_FORMULA, UNSAVED_FORMULA, "ghi chú: 1"]
    [unit] = read(rubric, sheet(header, cells))
    assert unit.problems == ()  # "#own:total" was "no stage is called '#own'" [column.unknown]
    assert unit.result is not None
    assert unit.result.total == 0


def test_a_note_column_carried_by_migrate_keeps_no_formula_object() -> None:
    # notes (#...) are carried as they are: a formula with no saved result is an empty note,
    # as it was before it was told apart (a JSON lines output could not write the object)
    from tiercert._tables import UNSAVED_FORMULA
    from tiercert.migrate import migrate_rows, plan_migration

    rubric = parse_rubric(RUBRIC)
    head = ("unit_id", "a", "b", "#note")
    row = Row(2, head, ["u1", 3, "yes", UNSAVED_FORMULA], "units.xlsx")
    migration = migrate_rows(plan_migration(rubric, rubric), [row])
    assert [unit.notes for unit in migration.units] == [(("#note", None),)]


GROUP_RUBRIC = """\
format: 1
id: fg
version: "1"
title: FG
criteria:
  - id: g
    title: G
    direct: true
    children:
      - {id: g.a, title: A, max: 5, rule: {kind: boolean, points: 5}}
      - id: g.h
        title: H
        children:
          - {id: g.h.b, title: B, max: 5, rule: {kind: boolean, points: 5}}
  - {id: c, title: C, max: 10, rule: {kind: boolean, points: 10}}
tiers: []
"""


@pytest.mark.parametrize("with_children", [False, True])
def test_a_group_scored_by_a_formula_does_not_make_its_criteria_missing(
    tmp_path: Path, with_children: bool
) -> None:
    """The formula in a group's score cell is the row's problem; its criteria were scored by
    that cell, not left unanswered (they were each said missing beside it)."""
    book = openpyxl.Workbook()
    sheet = book.active
    header = ["unit_id", "g", "c"] + (["g.a", "g.h.b"] if with_children else [])
    sheet.append(header)
    sheet.append(["u1", "=1+2", "yes"] + (["", ""] if with_children else []))
    sheet.append(["u2", 7, "yes"] + (["", ""] if with_children else []))
    sheet.append(["u3", "", "yes"] + (["", ""] if with_children else []))
    path = tmp_path / "units.xlsx"
    book.save(path)
    found = {
        outcome.unit_id: [p.code for p in outcome.problems]
        for outcome in evaluate_many(parse_rubric(GROUP_RUBRIC), read_rows(path))
    }
    assert found["u1"] == ["cell.formula"]
    assert found["u2"] == []
    # an empty group cell is no formula: its criteria are still missing
    assert found["u3"] == ["answer.missing", "answer.missing"]
