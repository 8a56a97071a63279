"""``progress`` reads back what a programme batch wrote: a scored row's ``tier_rank``,
``certified`` and ``knocked_out`` that are not what a batch writes (a results file edited by
hand) are refused at their cell, never read as another value.  Before the twentieth round a
``tier_rank`` of ``2.5`` was read as 2, and one of ``hai`` as 0 (no tier)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tiercert import DataError
from tiercert.cli import main
from tiercert.progress import line_from_record

RUBRIC = """\
format: 1
id: p
version: '1'
title: P
language: vi
criteria: [{id: c1, title: C1, rule: {kind: boolean, points: 1}}]
tiers: [{id: dat, label: Đạt, rank: 1, min: 1}]
attributes: [{id: nam, title: Năm, type: number, round: true, required: true}]
"""
SCORED = {"unit_id": "x1", "nam": "2025", "status": "scored", "certified": "true",
          "tier": "dat", "tier_rank": "1", "knocked_out": "false", "total": "1"}  # fmt: skip


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("tier_rank", "2.5", "a tier's rank (a whole number)"),
        ("tier_rank", "hai", "a tier's rank (a whole number)"),
        ("tier_rank", True, "a tier's rank (a whole number)"),
        ("certified", "maybe", "true or false"),
        ("knocked_out", "2", "true or false"),
    ],
)
def test_a_value_no_batch_writes_is_refused(column: str, value: object, what: str) -> None:
    with pytest.raises(DataError) as caught:
        line_from_record({**SCORED, column: value}, ["nam"])
    (problem,) = caught.value.problems
    assert (problem.code, problem.path, problem.where) == ("progress.value", (column,), column)
    assert problem.text("en") == (
        f"{value!r} is not {what} as tiercert batch writes it; correct the cell, or score the "
        "round again"
    )
    assert "tiercert batch" in problem.text("vi")
    assert "is not" not in problem.text("vi")  # translated, not the English


def test_what_a_batch_writes_is_read() -> None:
    line = line_from_record({**SCORED, "tier_rank": 2, "certified": True}, ["nam"])
    assert (line.rank, line.certified, line.knocked_out) == (2, True, False)
    line = line_from_record({**SCORED, "tier_rank": "", "tier": "", "certified": "false"}, ["nam"])
    assert (line.rank, line.certified) == (0, False)
    older = {k: v for k, v in SCORED.items() if k != "knocked_out"}  # before the column
    assert line_from_record(older, ["nam"]).knocked_out is False
    # a rejected row's columns are empty, and not read
    rejected = line_from_record({**SCORED, "status": "rejected", "tier_rank": "x"}, ["nam"])
    assert (rejected.scored, rejected.rank, rejected.certified) == (False, 0, False)


def test_progress_names_the_cell_and_compares_nothing(tmp_path: Path) -> None:
    rubric = tmp_path / "p.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,nam,c1\nx1,2025,đạt\nx2,2025,không\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    _cli("batch", str(rubric), str(sheet), "-o", str(out), "--summary", "none")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("tier_rank")
    rows[1][at] = "2.5"
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    status, said, err = _cli("progress", str(out), "--rubric", str(rubric), "--lang", "en")
    assert status == 2
    assert said == ""
    assert err == (
        f"{out}:2:{at + 1}: error: tier_rank: '2.5' is not a tier's rank (a whole number) as "
        "tiercert batch writes it; correct the cell, or score the round again [progress.value]\n"
    )
