"""Schemes tiercert was never shown (twenty-fourth round): a provincial "food-safe market"
rating, staged (self-score, district appraisal, province appraisal), as a programme office
types its workbook: the district merged over the markets it holds for."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiercert
from tiercert.programme import ProgrammeReader, ProgrammeTable
from tiercert.tabular import read_xlsx

MARKETS = """
format: 1
id: cho_an_toan
version: "2025"
language: vi
title: Chợ an toàn thực phẩm
criteria:
  - {id: g1, title: Cơ sở hạ tầng, max: 60, rule: {kind: direct}}
  - {id: g2, title: Kiểm nghiệm, max: 40, rule: {kind: direct}}
tiers:
  - {id: s1, label: 1 sao, rank: 1, min: 50}
attributes:
  - {id: huyen, title: Huyện, type: choice, values: [Huyện Đông, Huyện Tây], required: true}
  - {id: nam, title: Năm, type: number, round: true, required: true}
stages:
  - {id: tu_cham, label: Tự chấm}
  - {id: tinh_td, label: Tỉnh thẩm định}
"""


def test_a_market_under_a_merged_district_keeps_its_id_name_and_round(tmp_path: Path) -> None:
    """An office merged each district's cell over its markets, as its printed list shows it:
    the covered cells are refused (``cell.merged``), but the programme's results lost the
    markets themselves (no id, no name, no round: a row of empty cells beside its problem),
    where a plain batch keeps them.  They are kept now, and the round and district that can
    be read with them; the markets are still refused, never scored."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    page.append(["unit_id", "unit_name", "huyen", "nam", "tinh_td:g1", "tinh_td:g2"])
    page.append(["cho-01", "Chợ Đông", "Huyện Đông", 2025, 50, 30])
    page.append(["cho-02", "Chợ Cầu", None, 2025, 40, 30])
    page.append(["cho-03", "Chợ Tây", "Huyện Tây", 2025, 45, 35])
    page.merge_cells("C2:C3")
    path = tmp_path / "dot_2025.xlsx"
    book.save(path)
    rubric = tiercert.parse_rubric(MARKETS)
    units = list(ProgrammeReader(rubric).read(read_xlsx(path)))
    assert [(u.unit_id, u.unit_name, dict(u.attributes)) for u in units] == [
        ("cho-01", "Chợ Đông", {"huyen": "Huyện Đông", "nam": "2025"}),
        ("cho-02", "Chợ Cầu", {"nam": "2025"}),
        ("cho-03", "Chợ Tây", {"huyen": "Huyện Tây", "nam": "2025"}),
    ]
    refused = units[1]
    assert refused.result is None
    assert [p.code for p in refused.problems] == ["cell.merged"]
    table = ProgrammeTable(rubric)
    row = dict(zip(table.columns, table.row(refused), strict=True))
    assert (row["unit_id"], row["unit_name"], row["nam"], row["status"]) == (
        "cho-02",
        "Chợ Cầu",
        "2025",
        "rejected",
    )
