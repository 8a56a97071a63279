"""XLSX cells mean what the spreadsheet shows: a percent cell is the percentage, dates and times
are not numbers, true/false cells are booleans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tiercert import Rubric
from tiercert.batch import evaluate_many
from tiercert.rubric import parse_rubric
from tiercert.tabular import read_rows

openpyxl = pytest.importorskip("openpyxl")

RUBRIC = """\
format: 1
id: x
version: "1"
title: X
criteria:
  - id: share
    title: Share (%)
    rule: {kind: bands, range: {min: 0, max: 100}, bands: [{points: 1}]}
  - {id: ok, title: OK, rule: {kind: boolean, points: 1}}
"""


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return parse_rubric(RUBRIC)


def _book(tmp_path: Path, cells: list[tuple[Any, str | None, Any]]) -> Path:
    """A sheet with one row per (share value, share number format, ok value)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "share", "ok"])
    for i, (value, fmt, ok) in enumerate(cells, 2):
        sheet.append([f"u{i}", value, ok])
        if fmt is not None:
            sheet.cell(row=i, column=2).number_format = fmt
    path = tmp_path / "units.xlsx"
    book.save(path)
    return path


def _outcomes(rubric: Rubric, path: Path) -> list[Any]:
    out: list[Any] = []
    for outcome in evaluate_many(rubric, read_rows(path)):
        if outcome.result is not None:
            nodes = outcome.result.nodes
            out.append((nodes["share"].answer, nodes["ok"].answer))
        else:
            out.append([(p.line, p.column, p.code, p.message) for p in outcome.problems])
    return out


def test_a_percent_cell_is_the_percentage_it_shows(rubric: Rubric, tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            (0.31, "0%", True),  # shows 31%: stored 0.31
            (0.3125, "0.00%", True),  # shows 31.25%
            (1, "0%", True),  # shows 100%
            (31, '0"%"', True),  # a literal % sign: shows 31%, stored 31
            (31, "General", True),
        ],
    )
    assert _outcomes(rubric, path) == [
        (31, True),
        (Decimal("31.25"), True),
        (100, True),
        (31, True),
        (31, True),
    ]


def test_dates_and_times_are_not_numbers(rubric: Rubric, tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        [
            (dt.date(2024, 5, 1), "yyyy-mm-dd", True),
            (dt.time(1, 20), "h:mm", True),
            (dt.datetime(2024, 5, 1, 8, 30), "yyyy-mm-dd hh:mm", True),
        ],
    )
    [date, time, moment] = _outcomes(rubric, path)
    assert [(line, column, code) for line, column, code, _ in date] == [(2, 2, "answer.invalid")]
    assert "looks like a date, not a number" in date[0][3]
    assert "looks like a time" in time[0][3]
    assert "looks like a date, not a number" in moment[0][3]


def test_true_and_false_cells(rubric: Rubric, tmp_path: Path) -> None:
    path = _book(tmp_path, [(50, None, True), (50, None, False), (True, None, "no")])
    first, second, third = _outcomes(rubric, path)
    assert (first, second) == ((50, True), (50, False))
    assert [(line, column, code) for line, column, code, _ in third] == [(4, 2, "answer.invalid")]
    assert "expected a number, got true" in third[0][3]


@pytest.mark.parametrize("start", ["Đ", "=", "\x07"])
def test_a_text_longer_than_a_cell_is_cut_visibly(tmp_path: Path, start: str) -> None:
    """openpyxl cuts a text of more than 32,767 characters (what a cell holds) without a word:
    a results file must show that the text was cut, never pass a part for the whole."""
    from tiercert._writers import XLSX_CELL_CHARS, open_writer

    long = start + "Đ" * 40_000
    fits = "Đ" * XLSX_CELL_CHARS
    path = tmp_path / "out.xlsx"
    with open_writer(path, ["unit_id", "unit_name"], format="xlsx") as writer:
        writer.write(["u1", long])
        writer.write(["u2", fits])
    sheet = openpyxl.load_workbook(path).active
    cut, whole = sheet.cell(2, 2).value, sheet.cell(3, 2).value
    assert len(cut) == XLSX_CELL_CHARS
    assert cut.endswith("…")
    assert cut.rstrip("…").endswith("Đ" * 30_000)
    assert whole == fits


def test_an_id_typed_as_a_zero_padded_number_is_the_code_it_shows(
    rubric: Rubric, tmp_path: Path
) -> None:
    """A commune code 07210 typed in Excel is the number 7210 formatted ``00000``: the sheet
    shows 07210, and so must the unit's id be (the same unit as ``07210`` in a CSV sheet,
    in every round).  An answer with the same format is still its number."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit_id", "unit_name", "share", "ok"])
    sheet.append([7210, 42, 7, True])
    sheet.append([7213.0, "Xã Hai", 8, True])
    sheet.append([7216, "Xã Ba", 9, True])  # the default format: shown 7216
    for cell in ("A2", "A3", "B2", "C2"):
        sheet[cell].number_format = "00000"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    outcomes = list(evaluate_many(rubric, read_rows(path)))
    assert [(o.unit_id, o.unit_name) for o in outcomes] == [
        ("07210", "00042"),
        ("07213", "Xã Hai"),
        ("7216", "Xã Ba"),
    ]
    assert outcomes[0].result is not None
    assert outcomes[0].result.nodes["share"].answer == 7
