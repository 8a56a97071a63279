"""A total or average row at a sheet's foot ("Tổng cộng", "Bình quân") is refused as no unit
(``row.summary``) and that is its only problem: its sums, out of every criterion's range, were
refused cell by cell beside it (five ``answer.range`` on the Bắc Giang rubric), hiding the one
thing to do — delete the row or start it with #."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiercert
from conftest import RUBRICS
from tiercert.batch import evaluate_many
from tiercert.tabular import read_csv

RUBRIC = tiercert.load_rubric(RUBRICS / "bac_giang_friendly_gov.yaml")
HEADER = "unit_id,unit_name,g1,g2,g3,g4,g5,head_disciplined_or_prosecuted\n"


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize(
    "foot",
    [
        "Tổng cộng,,55,60,42,37,49,\n",  # sums: every answer out of range, a fact missing
        "Bình quân,,18.3,20,14,12.3,16.3,không\n",  # averages: in range
        "Total,,x,,,,,\n",
    ],
)
def test_a_total_row_has_one_problem_and_the_units_above_are_scored(
    foot: str, engine: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        HEADER + "xa-1,Xã 1,18,20,16,15,17,không\nxa-2,Xã 2,19,21,15,12,16,không\n" + foot,
        encoding="utf-8",
    )
    outcomes = list(evaluate_many(RUBRIC, read_csv(sheet), engine=engine))  # type: ignore[arg-type]
    assert [o.result is not None for o in outcomes] == [True, True, False]
    foot_row = outcomes[-1]
    assert [(p.code, p.where) for p in foot_row.problems] == [("row.summary", "unit_id")]
