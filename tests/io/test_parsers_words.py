"""A parser's own English (Python's JSON, CSV and zip readers', openpyxl's) is never spliced
into a message: each says what went wrong, and where, in the reader's language (a portal
developer's and an attacker's pass, nineteenth round).  They said ``không phải JSON:
Expecting property name enclosed in double quotes`` in a Vietnamese run."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiercert
from tiercert.tabular import TableError, read_rows


def _refused_json(text: str | bytes) -> tiercert.Problem:
    with pytest.raises(tiercert.DataError) as caught:
        tiercert.Result.from_json(text)
    [problem] = caught.value.problems
    assert problem.code == "result.json"
    return problem


@pytest.mark.parametrize(
    ("text", "place", "english", "said"),
    [
        ('{\n  "format": 3,\n}', "dòng 3, ký tự 1", "Expecting property name", "khóa"),
        ('{"format": 3 "unit": 1}', "dòng 1, ký tự 14", "delimiter", "','"),
        ('{"format": "3}', "dòng 1, ký tự 12", "Unterminated string", "ngoặc kép"),
        ("", "dòng 1, ký tự 1", "Expecting value", "giá trị"),
    ],
)
def test_text_that_is_no_json_says_where_and_what_in_vietnamese(
    text: str, place: str, english: str, said: str
) -> None:
    problem = _refused_json(text)
    vi = problem.text("vi")
    assert vi.startswith(f"không phải JSON ở {place}: ")
    assert said in vi
    assert english not in vi
    assert english not in problem.message
    assert problem.format("vi").startswith(f"<input>:{problem.line}:{problem.column}: lỗi: ")


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (b'{"a": "\xff"}', "invalid start byte"),
        ('{"format": ' + "7" * 100_000 + "}", "sys.set_int_max_str_digits"),
    ],
)
def test_json_that_cannot_be_read_says_why_in_the_reader_s_language(
    text: str | bytes, english: str
) -> None:
    """Bytes that are no UTF-8 said the codec's English; a number of 100,000 digits raised
    Python's own ``ValueError`` (no ``DataError``: a caller catching that missed it)."""
    problem = _refused_json(text)
    assert english not in problem.text("vi")
    assert english not in problem.message
    assert problem.text("vi") != problem.message


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "english", "said"),
    [
        ('unit_id,g1\nxa-a,"1\n', "unexpected end of data", "ngoặc kép"),
        ('unit_id,g1\nxa-a,"1"2\n', "expected after", "hai dấu"),
        ('unit_id,"g1"x\nxa-a,1\n', "expected after", "hai dấu"),  # in the header
    ],
)
def test_csv_the_reader_refuses_says_why_in_the_reader_s_language(
    tmp_path: Path, text: str, english: str, said: str
) -> None:
    sheet = _csv(tmp_path / "units.csv", text)
    try:
        problems = [p for row in read_rows(sheet) for p in row.problems]
    except TableError as exc:
        problems = exc.problems
    [problem] = problems
    assert english not in problem.text("vi")
    assert english not in problem.message
    assert said in problem.text("vi")


@pytest.mark.parametrize(
    ("content", "english", "said"),
    [
        (b"unit_id\nxa-a\n", "File is not a zip file", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a zip file", "ZIP"),  # .xls
    ],
)
def test_a_file_that_is_no_workbook_says_why_in_the_reader_s_language(
    tmp_path: Path, content: bytes, english: str, said: str
) -> None:
    book = tmp_path / "units.xlsx"
    book.write_bytes(content)
    with pytest.raises(TableError) as caught:
        list(read_rows(book))
    [problem] = caught.value.problems
    assert problem.code == "file.format"
    assert english.lower() not in problem.text("vi").lower()
    assert english.lower() not in problem.message.lower()
    assert said in problem.text("vi")
