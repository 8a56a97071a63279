"""Readers and writers of tables: CSV, XLSX, JSON Lines, folders of YAML, atomic output."""

from __future__ import annotations

import builtins
import io
import json
import os
import stat
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert._escape import sheet_text
from tiercert.tabular import (
    AtomicFile,
    CsvWriter,
    Row,
    TableError,
    atomic_path,
    cell_text,
    json_value,
    open_writer,
    original_text,
    read_csv,
    read_jsonl,
    read_rows,
    read_xlsx,
    read_yaml_folder,
    table_format,
    write_table,
    write_text,
)

VI = "Thị trấn Gò Quao — Phường Cầu Gỗ (Đắk Lắk) ủy ban"


def _csv(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- CSV --------------------------------------------------------------------------------------


def test_csv_rows_have_spreadsheet_numbers_and_stripped_text(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", "unit_id , g1\n a , yes \n\nb,\n")
    rows = list(read_csv(path))
    assert [r.number for r in rows] == [2, 4]  # the blank line is row 3, skipped
    assert rows[0].header == ("unit_id", "g1")
    assert list(rows[0].cells) == ["a", "yes"]
    assert rows[1].values == {"unit_id": "b", "g1": ""}
    assert rows[0].file == str(path)


def test_csv_accepts_a_byte_order_mark_and_keeps_vietnamese(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", f"unit_id,unit_name\nxa-a,{VI}\n", encoding="utf-8-sig")
    (row,) = read_csv(path)
    assert row.header == ("unit_id", "unit_name")  # no '\ufeff' glued to the first name
    assert row.values["unit_name"] == VI


def test_csv_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", VI)
    assert decomposed != VI
    path = _csv(tmp_path / "u.csv", f"unit_id,unit_name\nxa-a,{decomposed}\n")
    (row,) = read_csv(path)
    assert row.values["unit_name"] == VI


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_detected_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = _csv(tmp_path / "u.csv", f"unit_id{delimiter}g2.1\nxa-a{delimiter}79,5\n")
    (row,) = read_csv(path)
    assert row.values == {"unit_id": "xa-a", "g2.1": "79,5"}


def test_csv_quoted_cells_may_hold_commas_and_newlines(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", 'unit_id,note\nxa-a,"one, two\nthree"\nxa-b,x\n')
    rows = list(read_csv(path))
    assert rows[0].values["note"] == "one, two\nthree"
    assert [r.number for r in rows] == [2, 3]  # rows, not lines


def test_csv_that_is_not_utf8_is_refused_with_the_row(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", "unit_id,unit_name\nxa-a,ok\nxa-b,Thành\n", encoding="latin-1")
    with pytest.raises(TableError) as caught:
        list(read_csv(path))
    (problem,) = caught.value.problems
    assert problem.code == "file.encoding"
    assert "CSV UTF-8" in problem.message
    assert caught.value.unreadable


def test_csv_in_utf16_is_refused_before_reading(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", "unit_id\nxa-a\n", encoding="utf-16")
    with pytest.raises(TableError, match="UTF-16"):
        read_csv(path)


def test_empty_csv_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", "\n")
    with pytest.raises(TableError) as caught:
        list(read_csv(path))
    assert caught.value.problems[0].code == "table.empty"


def test_missing_csv_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        read_csv(tmp_path / "nope.csv")
    assert caught.value.unreadable
    assert caught.value.problems[0].file == str(tmp_path / "nope.csv")


def test_csv_progress_reaches_the_end(tmp_path: Path) -> None:
    path = _csv(tmp_path / "u.csv", "unit_id\n" + "".join(f"x{i}\n" for i in range(2000)))
    stream = read_csv(path)
    assert stream.fraction == 0.0
    assert sum(1 for _ in stream) == 2000
    assert stream.fraction == 1.0


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_flat_and_assessment_shaped_lines(tmp_path: Path) -> None:
    lines = [
        '{"unit_id": "xa-a", "g2.1": 79.99, "g1.1": true}',
        "",
        '{"unit": {"id": "xa-b"}, "answers": {"g1": 35}}',
    ]
    path = _csv(tmp_path / "u.jsonl", "\n".join(lines) + "\n")
    flat, nested = read_jsonl(path)
    assert flat.number == 1
    assert flat.values == {"unit_id": "xa-a", "g2.1": Decimal("79.99"), "g1.1": True}
    assert not flat.numbered_columns
    assert nested.number == 3
    assert nested.document == {"unit": {"id": "xa-b"}, "answers": {"g1": 35}}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"a": 1, "a": 2}', "is given twice in one object"),
        ('{"a": NaN}', "not a number JSON allows"),
        # half a surrogate pair is no character: no UTF-8 output could write it (a traceback)
        ('{"unit_id": "a\\ud800"}', "the line has \\ud800, half of a UTF-16 surrogate pair"),
        ('{"g1": {"value": 1, "x": ["\\uDC80"]}}', "the line has \\udc80"),
    ],
)
def test_jsonl_bad_lines_become_rows_with_problems(tmp_path: Path, line: str, message: str) -> None:
    path = _csv(tmp_path / "u.jsonl", '{"unit_id": "ok"}\n' + line + "\n")
    good, bad = read_jsonl(path)
    assert not good.problems
    assert bad.number == 2
    (problem,) = bad.problems
    assert message in problem.message
    assert (problem.file, problem.line) == (str(path), 2)


# --- YAML folders -----------------------------------------------------------------------------


def test_yaml_folder_rows_in_name_order_with_problems(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("unit: {id: b}\nanswers: {}\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("answers: {x: 1}\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("unit: {id: [\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("- a list\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    stream = read_yaml_folder(tmp_path)
    assert stream.total == 4
    rows = list(stream)
    assert [Path(r.file or "").name for r in rows] == ["a.yml", "b.yaml", "c.yaml", "d.yaml"]
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert rows[0].document == {"answers": {"x": 1}}
    assert rows[2].problems
    assert rows[2].problems[0].line is not None
    assert rows[3].problems[0].code == "assessment.shape"


# --- dispatch ---------------------------------------------------------------------------------


def test_read_rows_picks_the_reader_by_name(tmp_path: Path) -> None:
    assert table_format(tmp_path) == "yaml-folder"
    assert table_format("x.CSV") == "csv"
    assert table_format("x.ndjson") == "jsonl"
    path = _csv(tmp_path / "u.csv", "unit_id\nxa-a\n")
    assert [r.values for r in read_rows(path)] == [{"unit_id": "xa-a"}]
    with pytest.raises(TableError, match="unknown input format"):
        read_rows(_csv(tmp_path / "u.txt", "x"))
    with pytest.raises(TableError, match="no such file"):
        read_rows(tmp_path / "missing.csv.gz")


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_round_trip_keeps_types_and_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows: list[list[object]] = [
        ["xa-a", VI, True, 79.5, 3, Decimal("2.5"), None, "=1+1"],
        ["xa-b", "#N/A", False, 0, 0, Decimal("80"), "", "bad\x01char"],
    ]
    header = ["unit_id", "unit_name", "flag", "share", "count", "exact", "empty", "text"]
    assert write_table(path, header, rows) == 2
    first, second = read_xlsx(path)
    assert first.number == 2
    assert first.header == tuple(header)
    assert first.values == {
        "unit_id": "xa-a",
        "unit_name": VI,
        "flag": True,
        "share": 79.5,
        "count": 3,
        "exact": 2.5,
        "empty": None,
        "text": "=1+1",  # written as text, never as a formula
    }
    assert second.values["unit_name"] == "#N/A"
    assert second.values["exact"] == 80
    assert second.values["text"] == "bad\\x01char"  # XLSX cannot hold it: shown escaped


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "first"
    book.create_sheet("units").append(["unit_id"])
    book["units"].append(["xa-z"])
    book.save(tmp_path / "b.xlsx")
    (row,) = read_xlsx(tmp_path / "b.xlsx", sheet="units")
    assert row.values == {"unit_id": "xa-z"}
    with pytest.raises(TableError, match="no sheet named 'nope'; the sheets are: first, units"):
        read_xlsx(tmp_path / "b.xlsx", sheet="nope")
    with pytest.raises(TableError) as caught:
        list(read_xlsx(tmp_path / "b.xlsx"))  # the first sheet is empty
    assert caught.value.problems[0].code == "table.empty"


def test_csv_from_a_stream_reads_like_the_file(tmp_path: Path) -> None:
    text = '\ufeffunit_id;g1;note\nxa-a; 3 ;"two\nlines"\n\nxa-b;4;\n'
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    stream = io.BytesIO(text.encode("utf-8"))
    from_stream = [(r.number, r.values) for r in read_csv(stream)]
    assert from_stream == [(r.number, r.values) for r in read_csv(path)]
    assert from_stream[0][1] == {"unit_id": "xa-a", "g1": "3", "note": "two\nlines"}
    assert not stream.closed  # the caller's to close
    with pytest.raises(TableError) as caught:
        list(read_csv(io.BytesIO("unit_id\n".encode("utf-16"))))
    assert caught.value.problems[0].code == "file.encoding"
    with pytest.raises(TableError) as caught:
        list(read_csv(io.BytesIO(b"")))
    assert caught.value.problems[0].format().startswith("<stream>:1:1: error")


def test_a_sheet_name_is_only_for_workbooks(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id\nxa-a\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_rows(sheet, sheet="units")
    assert [p.code for p in caught.value.problems] == ["file.sheet"]
    assert "remove --sheet" in caught.value.problems[0].message
    assert [row.values for row in read_rows(sheet)] == [{"unit_id": "xa-a"}]


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = _csv(tmp_path / "fake.xlsx", "unit_id\nxa-a\n")
    with pytest.raises(TableError, match="not an XLSX workbook") as caught:
        read_xlsx(path)
    assert caught.value.unreadable


def test_xlsx_without_openpyxl_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    for attempt in (
        lambda: read_xlsx(tmp_path / "u.xlsx"),
        lambda: open_writer(tmp_path / "u.xlsx", ["unit_id"]),
    ):
        with pytest.raises(TableError) as caught:
            attempt()
        (problem,) = caught.value.problems
        assert problem.code == "xlsx.unavailable"
        assert "pip install 'tiercert[xlsx]'" in problem.message


# --- writers ----------------------------------------------------------------------------------


def test_csv_files_get_a_bom_and_streams_do_not(tmp_path: Path) -> None:
    write_table(tmp_path / "o.csv", ["a", "b"], [[VI, Decimal("1E+1")]])
    raw = (tmp_path / "o.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == f"a,b\n{VI},10\n"
    stream = io.StringIO()
    write_table(stream, ["a"], [[True], [None], [("x", "y")]])
    assert stream.getvalue() == 'a\ntrue\n""\nx; y\n'  # an empty lone field is quoted


def test_jsonl_writer_keeps_decimals_exact(tmp_path: Path) -> None:
    stream = io.StringIO()
    row = [Decimal("79.99"), True, (), VI]
    write_table(stream, ["total", "ok", "gates", "name"], [row], format="jsonl")
    assert json.loads(stream.getvalue()) == {
        "total": "79.99",
        "ok": True,
        "gates": [],
        "name": VI,
    }
    assert VI in stream.getvalue()  # not \\u escapes


def test_unknown_output_extension(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"name the file \.csv, \.xlsx or \.jsonl"):
        open_writer(tmp_path / "o.txt", ["a"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("x", "x"),
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (Decimal("80.50"), "80.5"),
        (Decimal("1E+2"), "100"),
        (Fraction(1, 4), "0.25"),
        (("a", "b"), "a; b"),
        ([], ""),
        (2.5, "2.5"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_json_value() -> None:
    assert json_value({"a": (Decimal("1.50"), Fraction(1, 2))}) == {"a": ["1.5", "0.5"]}


# --- atomic output ----------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("name", ["o.csv", "o.jsonl", "o.xlsx"])
def test_an_interrupted_write_leaves_the_previous_output(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    write_table(target, ["a"], [["old"]])
    before = target.read_bytes()

    def rows() -> Any:
        yield ["new"]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_table(target, ["a"], rows())
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "o.md"
    write_text(target, "first\n")
    os.chmod(target, 0o640)
    write_text(target, f"{VI}\n")
    assert target.read_text(encoding="utf-8") == f"{VI}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def _half_write(target: Path) -> None:
    with atomic_path(target) as path:
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("boom")


def test_atomic_path_abandoned_on_error(tmp_path: Path) -> None:
    target = tmp_path / "o.txt"
    with pytest.raises(RuntimeError):
        _half_write(target)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_atomic_file_in_a_missing_folder_is_a_table_error(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        AtomicFile(tmp_path / "no" / "such" / "o.csv")
    assert caught.value.problems[0].code == "file.unwritable"


def test_writer_used_without_context_can_abort(tmp_path: Path) -> None:
    target = tmp_path / "o.csv"
    writer = CsvWriter(["a"], target)
    writer.write(["x"])
    writer.abort()
    assert not target.exists()
    assert _leftovers(tmp_path) == []


# --- properties -------------------------------------------------------------------------------

_cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
    max_size=20,
).map(lambda t: unicodedata.normalize("NFC", t).strip())


@given(st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=8))
def test_csv_round_trip_of_any_text(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_table(path, ["unit_id", "a", "b"], rows)
    # cells that would start a formula are written with a ' in front, which the reader keeps
    # (in a sheet people fill, a leading ' is data): original_text takes it off
    back = [[original_text(str(c)) for c in r.cells] for r in read_csv(path)]
    # line breaks inside cells come back as \n (a lone \r is written as \n); a character
    # that does not print as its escape (sheet_text)
    expected = [
        [sheet_text(c).replace("\r\n", "\n").replace("\r", "\n").strip() for c in r] for r in rows
    ]
    assert back == expected


def test_row_values_pads_short_rows() -> None:
    assert Row(2, ("a", "b"), ["x"]).values == {"a": "x", "b": None}
