"""XLSX rows out of order (twenty-first round): a sheet's XML whose row elements go back up
(row 2 written after row 3) or repeat a number was read silently in the file's order.  Excel
writes rows in order, each once, and repairs a file that does not; such a row is now that
row's problem (``row.order``), placed at its number, and the other rows are read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli

RUBRIC = """\
format: 1
id: r
version: "1"
title: R
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers: []
"""


def _workbook(tmp_path: Path, order: list[bytes]) -> Path:
    """A workbook of a header and units u2, u3, u4 whose sheet XML holds the row elements in
    ``order`` (each a row number as written: ``b"3"``)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["unit_id", "a"], ["u2", 2], ["u3", 3], ["u4", 4]):
        book.active.append(row)
    good = tmp_path / "good.xlsx"
    book.save(good)
    target = tmp_path / "units.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                rows = {
                    m.group(1): m.group(0) for m in re.finditer(rb'<row r="(\d+)".*?</row>', data)
                }
                start = data.index(b"<row ")
                end = data.rindex(b"</row>") + len(b"</row>")
                data = data[:start] + b"".join(rows[n] for n in order) + data[end:]
            out.writestr(name, data)
    return target


def _read(path: Path) -> list[tuple[int, object, tuple[str, ...]]]:
    from tiercert.tabular import read_rows

    return [(r.number, r.cells, tuple(p.code for p in r.problems)) for r in read_rows(path)]


def test_a_row_written_after_a_row_below_it_is_its_problem(tmp_path: Path) -> None:
    rows = _read(_workbook(tmp_path, [b"1", b"3", b"2", b"4"]))
    assert rows == [
        (3, ["u3", 3], ()),
        (2, (), ("row.order",)),
        (4, ["u4", 4], ()),
    ]


def test_a_row_number_written_twice_is_the_second_rows_problem(tmp_path: Path) -> None:
    rows = _read(_workbook(tmp_path, [b"1", b"2", b"3", b"3", b"4"]))
    assert [(n, codes) for n, _, codes in rows] == [(2, ()), (3, ()), (3, ("row.order",)), (4, ())]


def test_rows_in_order_are_read_as_before(tmp_path: Path) -> None:
    rows = _read(_workbook(tmp_path, [b"1", b"2", b"3", b"4"]))
    assert [(n, codes) for n, _, codes in rows] == [(2, ()), (3, ()), (4, ())]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "units.xlsx:2:1: error: row 2 is written after row 3 in the sheet's file (rows go "
               "down in order, each once); the workbook is damaged"),
        ("vi", "units.xlsx, dòng 2: lỗi: dòng 2 được ghi sau dòng 3 trong tệp của trang tính"),
    ],
)  # fmt: skip
def test_batch_says_so_at_the_row(tmp_path: Path, lang: str, said: str) -> None:
    sheet = _workbook(tmp_path, [b"1", b"3", b"2", b"4"])
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    status, out, err = run_cli(
        "batch", str(rubric), str(sheet), "-o", str(tmp_path / "o.csv"), "--summary", "none",
        "--lang", lang,
    )  # fmt: skip
    assert status == 1
    assert said in out + err, out + err
    assert "[row.order]" in out + err
