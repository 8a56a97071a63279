"""Sheets to fuzz the batch readers with: rows of answers for a rubric, written as CSV, XLSX or
JSON Lines, then broken the ways real files are (odd widths, quotes, BOMs, CR/LF mixes, huge
cells, percent and date cells, formulas, broken zips, deep JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st
from mutations import hostile_text
from oracles import mutate_answers

import tiercert
from strategies import answers_for

Cells = list[list[object]]

#: how a cell holding a yes/no, a number or a level is written in a sheet
_FLAGS = ("yes", "no", "có", "không", "Đạt", "x", "", "1", "0", "TRUE", "n/a")


def _cell(draw: st.DrawFn, value: object) -> object:
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, bool):
        return draw(st.sampled_from((value, "yes" if value else "no", *_FLAGS)))
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if value is None or isinstance(value, str | int | float | Decimal):
        return value
    return str(value)


@st.composite
def table(draw: st.DrawFn, rubric: tiercert.Rubric) -> tuple[list[str], Cells]:
    """A header and rows of cells for ``rubric``: drawn answers, mutated, with odd shapes."""
    ids = [node_id for node_id, _, _ in rubric.iter_nodes()]
    facts = [fact.id for fact in rubric.spec.facts]
    rows: list[dict[str, object]] = []
    for number in range(draw(st.integers(0, 5))):
        base = draw(answers_for(rubric))
        data = draw(st.data())
        # most rows right (a sheet of only bad rows tests little), some with a mistake or two
        odds = draw(st.sampled_from((10**6, 10**6, 10 * len(ids) + 1, len(ids) + 1, 2)))
        answers = mutate_answers(data, base.answers, ids, odds=odds)
        row: dict[str, object] = {
            "unit_id": draw(
                st.sampled_from((f"u{number}",) * 6 + ("u0", "", None, " u1 ", "=1+1"))
            ),
            "unit_name": draw(st.one_of(st.just("Xã Mẫu"), hostile_text())),
        }
        for key, value in answers.items():
            row[key] = _cell(draw, value)
            if isinstance(value, Mapping) and "justification" in value:
                row[f"{key}.justification"] = _cell(draw, value["justification"])
        for key, value in {
            **base.facts,
            **mutate_answers(data, base.facts, facts, odds=odds),
        }.items():
            row[key] = _cell(draw, value)
        rows.append(row)
    header: list[str] = list(dict.fromkeys(key for row in rows for key in row))
    if not header or draw(st.integers(0, 4)) == 0:
        header = ["unit_id", "unit_name", *ids, *facts]
    shape = draw(st.sampled_from(("as is",) * 6 + ("drop unit_id", "twice", "unknown", "blank")))
    if shape == "drop unit_id" and "unit_id" in header:
        header.remove("unit_id")
    elif shape == "twice":
        header.append(draw(st.sampled_from(header)))
    elif shape == "unknown":
        header.insert(
            draw(st.integers(0, len(header))), draw(st.sampled_from(("g99", "", "Ghi chú")))
        )
    elif shape == "blank":
        header[draw(st.integers(0, len(header) - 1))] = ""
    cells: Cells = []
    for row in rows:
        line = [row.get(name) for name in header]
        width = draw(st.sampled_from(("same",) * 8 + ("short", "long")))
        if width == "short":
            line = line[: draw(st.integers(0, len(line)))]
        elif width == "long":
            line += draw(st.lists(st.sampled_from(("x", "", None, "1")), min_size=1, max_size=3))
        cells.append(line)
    if draw(st.integers(0, 5)) == 0:
        cells.insert(draw(st.integers(0, len(cells))), [])
    if draw(st.integers(0, 5)) == 0:
        cells.insert(draw(st.integers(0, len(cells))), ["# ghi chú", "x"])
    return header, cells


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@st.composite
def csv_bytes(draw: st.DrawFn, header: list[str], cells: Cells) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=draw(st.sampled_from((",", ",", ";", "\t"))),
        lineterminator=draw(st.sampled_from(("\r\n", "\n", "\r"))),
        quoting=draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL))),
    )
    writer.writerow(header)
    for row in cells:
        writer.writerow([_text(c) for c in row])
    data = buffer.getvalue().encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2, 3)))):
        at = draw(st.integers(0, len(data)))
        piece = draw(
            st.sampled_from(
                (
                    b'"',
                    b'""',
                    b",",
                    b";",
                    b"\r",
                    b"\n",
                    b"\r\n",
                    b"\x00",
                    b"\xff",
                    b"\xc3",
                    b"x" * 140_000,
                    b"=1+1",
                    b"\xef\xbb\xbf",
                    "١٨".encode(),
                    b"1e999999999",
                )
            )
        )
        data = data[:at] + piece + data[at + draw(st.integers(0, 2)) :]
    return data


@st.composite
def xlsx_bytes(draw: st.DrawFn, header: list[str], cells: Cells) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in cells:
        values: list[object] = []
        for value in row:
            kind = draw(st.sampled_from(("as is",) * 12 + ("text", "percent", "date", "formula")))
            if kind == "text":
                value = _text(value)
            elif (
                kind == "percent"
                and isinstance(value, int | Decimal)
                and value is not True
                and (not isinstance(value, Decimal) or value.is_finite())
            ):  # a percent cell holds a finite number (a NaN stays a NaN cell below)
                value = float(value) / 100
            elif kind == "date":
                value = dt.datetime(2024, 1, 1, 12, 30)
            elif kind == "formula":
                value = "=1+1"
            elif isinstance(value, Decimal):
                value = float(value) if value.is_finite() else str(value)
            if isinstance(value, str):  # what an XLSX cell can hold (XML 1.0)
                value = "".join(c for c in value if c >= " " or c in "\t\n\r")
            values.append(value)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float) and draw(st.integers(0, 2)) == 0:
                cell.number_format = draw(st.sampled_from(("0%", "0.00%", "#,##0.00", "@")))
    if draw(st.integers(0, 6)) == 0:
        book.create_sheet("Khác")
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    damage = draw(st.sampled_from(("none",) * 12 + ("cut", "flip", "empty")))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    elif damage == "empty":
        data = b""
    return data


@st.composite
def jsonl_bytes(draw: st.DrawFn, header: list[str], cells: Cells) -> bytes:
    lines: list[str] = []
    for row in cells:
        record = dict(zip(header, row, strict=False))
        if draw(st.booleans()):
            unit = {"id": record.pop("unit_id", None), "name": record.pop("unit_name", None)}
            record = {"unit": unit, "answers": record}
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans()), default=str))
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):
        junk = draw(
            st.sampled_from(
                (
                    "{",
                    "[]",
                    "1",
                    "",
                    "null",
                    "[" * 3000 + "]" * 3000,
                    '{"unit_id": "d", "a": ' + "[" * 1000 + "]" * 1000 + "}",
                    '{"unit_id": "a", "unit_id": "b"}',
                    '{"unit_id": "n", "g1": NaN}',
                    '{"unit_id": "h", "g1": 1e999999999}',
                    '{"unit_id": "i", "g1": ' + "9" * 5000 + "}",
                    '{"unit_id": ["l", "i"]}',
                    '{"unit": {"id": 5}, "answers": []}',
                    '{"unit_id": "x", "g1": "' + "x" * 140_000 + '"}',
                )
            )
        )
        lines.insert(draw(st.integers(0, len(lines))), junk)
    ending = draw(st.sampled_from(("\n", "\r\n")))
    data = ending.join(lines).encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 6)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "jsonl": jsonl_bytes}


@st.composite
def sheet(draw: st.DrawFn, rubric: tiercert.Rubric) -> tuple[str, bytes]:
    """(format, file content) of a sheet of answers for ``rubric``."""
    header, cells = draw(table(rubric))
    kind = draw(st.sampled_from(sorted(WRITERS)))
    data: Any = draw(WRITERS[kind](header, cells))
    return kind, data


__all__ = ["sheet", "table"]
