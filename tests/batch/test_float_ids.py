"""Whole numbers past 2**53 as unit ids (twenty-first round): a number cell holding
``1.2345678901234567E+25`` gave the id ``12345678901234567167741952``, digits no one typed (the
float's binary value written out).  An id is now the digits its cell holds, written out as a
whole number: ``12345678901234567000000000``; below 2**53 nothing changes (``1e20`` was and is
``100000000000000000000``)."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from tiercert._columns import unit_text

RUBRIC = """\
format: 1
id: r
version: "1"
title: R
criteria:
  - {id: a, title: A, max: 10, rule: {kind: direct}}
tiers: []
"""


@pytest.mark.parametrize(
    ("value", "said"),
    [
        # a float holds no text: its shortest one (1.2345678901234567e25 reads back as the
        # float whose shortest text is 1.2345678901234566e25; a cell keeps its own, below)
        (1.5e25, "15000000000000000000000000"),
        (1.2345678901234567e25, "12345678901234566000000000"),
        (-1.5e30, "-1500000000000000000000000000000"),
        (1e20, "100000000000000000000"),
        (1e99, "1" + "0" * 99),
        (float(2**53 + 2), "9007199254740994"),  # exact, and its shortest text says so
        (12.0, "12"),
        (123456789012345.0, "123456789012345"),
    ],
)
def test_a_whole_float_id_is_the_digits_of_its_shortest_text(value: float, said: str) -> None:
    assert unit_text(value) == said


def test_a_workbooks_number_cells_give_the_ids_they_hold(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["unit_id", "a"], [1.0, 1], [2.0, 2], [3.0, 3]):
        book.active.append(row)
    good = tmp_path / "good.xlsx"
    book.save(good)
    sheet = tmp_path / "units.xlsx"
    held = {b"A2": b"1.2345678901234567E+25", b"A3": b"1E+20", b"A4": b"4.5035996273704962E+15"}
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(sheet, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":  # the values as Excel writes them
                for ref, text in held.items():
                    data = re.sub(rb'(<c r="' + ref + rb'"[^>]*><v>)[^<]*', rb"\g<1>" + text, data)
            out.writestr(name, data)
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    result = tmp_path / "o.csv"
    status, told, err = run_cli("batch", str(rubric), str(sheet), "-o", str(result))
    assert status == 0, told + err
    with result.open(encoding="utf-8-sig", newline="") as handle:
        ids = [row["unit_id"] for row in csv.DictReader(handle)]
    assert ids == ["12345678901234567000000000", "100000000000000000000", "4503599627370496"]
