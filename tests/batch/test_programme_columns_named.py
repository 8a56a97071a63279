"""A programme sheet's problems name the columns as the sheet has them (twenty-first round):
a stage's cells are read as a row of their own (the shared columns, then the stage's), and a
second header row's ``row.header`` said "column 3 holds 'Kỷ luật'" (cột C) of a cell in
column 16 (P).  Every column a message names is now the sheet's."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
ROUND = ROOT / "examples" / "bac_giang_programme" / "round_2024.csv"


def _sheet(tmp_path: Path) -> Path:
    with ROUND.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    titles = ["Mã", "Tên", "Huyện", "Loại", "Năm"]
    titles += [f"Tự chấm nhóm {i}" for i in range(1, 6)]
    titles += [f"Huyện chấm nhóm {i}" for i in range(1, 6)]
    titles += ["Kỷ luật"] + [f"Hồ sơ {i}" for i in range(1, 11)] + [""]
    assert len(titles) == len(header)
    assert header[15] == "head_disciplined_or_prosecuted"  # column 16, P
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, titles, *rows[1:3]])
    return path


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "round.csv:2:1: error: unit_id: none of its 6 answer cells is an answer "
               "(column 16 holds 'Kỷ luật')"),
        ("vi", "round.csv, dòng 2, cột A: lỗi: unit_id: không ô nào trong 6 ô trả lời của dòng "
               "là một câu trả lời (cột P ghi 'Kỷ luật')"),
    ],
)  # fmt: skip
def test_a_header_row_of_a_programme_sheet_names_the_sheets_column(
    tmp_path: Path, lang: str, said: str
) -> None:
    sheet = _sheet(tmp_path)
    status, out, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "o.csv"),
        "--summary", "none", "--lang", lang,
    )  # fmt: skip
    assert status == 1
    assert said in out + err, out + err
