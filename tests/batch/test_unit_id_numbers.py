"""A unit id or name given as a number is written out as text: a number that is not finite or
that has more digits than any number read (``MAX_DIGITS``) is no id (twentieth round).  Before,
an int of 5,000 digits raised Python's ``ValueError`` (it writes at most 4,300) out of
``score_records``, ``Decimal("1e10000000")`` ran for minutes writing out ten million digits,
``inf`` and ``Decimal("NaN")`` were ids, and a sheet's number cell ``1e308`` became an id of
309 digits, most of them the float's noise."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import tiercert
from tiercert import Rubric
from tiercert.batch import evaluate_many
from tiercert.tabular import read_xlsx

RUBRIC = """\
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers:
  - {id: s1, label: one, rank: 1, min: 5}
"""

TOO_LONG = "a number of more than 100 digits"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.parse_rubric(RUBRIC)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        pytest.param(10**5000, TOO_LONG, id="int-5001-digits"),
        pytest.param(-(10**100), TOO_LONG, id="int-101-digits"),
        pytest.param(Decimal("1e10000000"), TOO_LONG, id="decimal-1e10000000"),
        (1e308, TOO_LONG),
        (float("inf"), "a number that is not finite (inf)"),
        (Decimal("NaN"), "a number that is not finite (NaN)"),
    ],
)
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_number_no_id_can_be_is_the_rows_problem(
    rubric: Rubric, value: object, said: str, engine: str
) -> None:
    records = [{"unit_id": value, "unit_name": value, "a": 5}]
    [record] = tiercert.score_records(rubric, records, as_text=True, engine=engine)  # type: ignore[arg-type]
    assert record["status"] == "rejected"
    assert record["unit_id"] == ""
    assert record["problems"] == (
        f"unit_id: unit_id must be text or a number, not {said}; write the id [unit.id]; "
        f"unit_name: unit_name must be text, not {said}; write the name [unit.name]"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**99, "1" + "0" * 99),
        (Decimal("1.5e99"), "15" + "0" * 98),
        (12.0, "12"),
        (Decimal("1E+2"), "100"),
        (Decimal("-0"), "0"),
    ],
)
def test_a_number_of_at_most_100_digits_is_an_id_as_before(
    rubric: Rubric, value: object, shown: str
) -> None:
    [record] = tiercert.score_records(rubric, [{"unit_id": value, "a": 5}], as_text=True)
    assert (record["status"], record["unit_id"]) == ("scored", shown)


def test_a_sheets_number_cell_of_1e308_is_no_id(rubric: Rubric, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["unit_id", "a"], [1e308, 5], [1e20, 5]):
        book.active.append(row)
    book.save(tmp_path / "ids.xlsx")
    outcomes = list(evaluate_many(rubric, read_xlsx(tmp_path / "ids.xlsx")))
    assert [o.unit_id for o in outcomes] == [None, "100000000000000000000"]
    [problem] = outcomes[0].problems
    assert problem.code == "unit.id"
    assert TOO_LONG in problem.message
    assert "một số có hơn 100 chữ số" in problem.text("vi")
