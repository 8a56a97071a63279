"""Words a Vietnamese reader met in English or read the wrong way (a rubric author's pass): a
condition's yes/no value, a dossier column's note, an unrecognised column, a byte that is not
UTF-8 text."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from tiercert import parse_rubric
from tiercert._i18n import in_lang
from tiercert._yaml import decode
from tiercert.explain import render_tree_text
from tiercert.template import sheet_columns

RUBRIC = """
format: 1
id: vi_words
version: "1"
language: vi
title: Từ ngữ
facts:
  - {id: vi_pham_attp, title: Vi phạm an toàn thực phẩm, type: boolean}
criteria:
  - {id: a, title: A, rule: {kind: boolean, points: 1}}
gates:
  - {id: g1, title: Không vi phạm, require: {fact: vi_pham_attp, equals: false}}
  - {id: g2, title: Đã biết, require: {fact: vi_pham_attp, in: [true, false]}}
  - {id: g3, title: Đạt, require: {answer: a, not_equals: false}}
tiers:
  - {id: t, label: T, rank: 1, min: 1}
dossier:
  documents:
    - {id: to_trinh, title: Tờ trình}
"""


def test_a_conditions_yes_or_no_is_said_in_the_readers_words() -> None:
    """``explain --lang vi`` said "thông tin vi_pham_attp = false"; yes and no read as the
    fact's type is said ("có hoặc không"), the ids as written, and English keeps true/false."""
    rubric = parse_rubric(RUBRIC)
    vi = render_tree_text(rubric, "vi")
    assert "thông tin vi_pham_attp = không" in vi
    assert "thông tin vi_pham_attp một trong có, không" in vi
    assert "câu trả lời cho a ≠ không" in vi
    assert "true" not in vi
    assert "false" not in vi
    en = render_tree_text(rubric, "en")
    assert "fact vi_pham_attp = false" in en
    assert "fact vi_pham_attp one of true, false" in en
    assert "answer to a ≠ false" in en


def test_a_dossier_columns_note_says_yes_or_no_in_vietnamese() -> None:
    """The sheet's note of a dossier column: "đã nộp: có hoặc không", as the dropdown offers
    (and the reader takes) có and không; English keeps true or false."""
    rubric = parse_rubric(RUBRIC)
    (column,) = [c for c in sheet_columns(rubric) if c.id == "dossier:to_trinh"]
    assert in_lang(column.allowed, "vi") == "đã nộp: có hoặc không (để trống: chưa nộp)"
    assert in_lang(column.allowed, "en") == "filed: true or false (empty: not filed)"


def test_an_unknown_column_is_said_not_recognised(tmp_path: Path) -> None:
    """An unknown column was said "không có cột 'g9'", read as "there is no column g9" of a
    column that is there: it is not recognised, and the hint still says what is expected."""
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("unit_id,a,vi_pham_attp,g9\nu1,có,không,1\n", encoding="utf-8")
    _, _, err = run_cli("batch", str(rubric), str(sheet), "--summary", "none", "--lang", "vi")
    assert "s.csv, dòng 2, cột D: lỗi: g9: không nhận ra cột 'g9'; hãy dùng mã tiêu chí" in err
    assert "không có cột" not in err
    _, _, err = run_cli("batch", str(rubric), str(sheet), "--summary", "none", "--lang", "en")
    assert "s.csv:2:4: error: g9: unknown column 'g9'; use criterion and fact ids" in err


def test_a_byte_that_is_not_utf8_is_told_by_its_position_in_the_file() -> None:
    """A byte said "byte 71" read as the byte's value: it is the byte at position 71 of the
    file."""
    text, problem = decode(b"format: 1\n\xff\n", "r.yaml")
    assert text is None
    assert problem is not None
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message.startswith(
        "the byte at position 10 of the file (counting from 0) is not UTF-8 text; save the "
        "file as UTF-8"
    )
    assert problem.text("vi").startswith(
        "byte ở vị trí 10 của tệp (đếm từ 0) không phải văn bản UTF-8; hãy lưu tệp dạng UTF-8"
    )
