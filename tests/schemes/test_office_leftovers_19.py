"""What last round's schemes never shown left (nineteenth round), as an office meets it.

- a second header row without ``#`` (the columns numbered ``1 2 3 ...``, the header's names or
  the titles again) is one problem, ``row.header``, saying to delete the row or start it with
  ``#``; good rows are still scored, and a real unit is never taken for such a row;
- an XLSX date cell is quoted as the sheet shows it (its own number format, else
  ``20/05/2024`` in Vietnamese, ``2024-05-20`` in English), never ``'2024-05-20T00:00:00'``;
- the Vietnamese ``file.encoding`` message names Excel's Vietnamese ``Tệp > Lưu Như``;
- a refused level lists the levels with their labels, bounded for a long list;
- a fact no gate, condition or comparison reads is ``fact.unused`` at ``check``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiercert
from tiercert import check_source
from tiercert._columns import Reader
from tiercert._i18n import in_lang
from tiercert._paths import LISTED
from tiercert._sheet_dates import date_shown
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.rules.levels import Params
from tiercert.tabular import Row

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
EDGE = UNSEEN / "edge_v3.yaml"
SCHOOL = UNSEEN / "vn_kiem_dinh_tieu_hoc_2018.yaml"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _sheet(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    return [r for r in rows if r and not r[0].startswith("#")]


def _write(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _batch(rubric: Path, sheet: Path, lang: str = "vi") -> tuple[list[dict[str, str]], str]:
    out = sheet.with_suffix(".out.csv")
    _cli("batch", str(rubric), str(sheet), "--lang", lang, "-o", str(out), "--summary", "none")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, ""


# --- 1. a second header row ------------------------------------------------------------------


def _school_with(second: list[str], tmp_path: Path) -> Path:
    rows = _sheet(UNSEEN / "school_units.csv", ",")
    return _write(tmp_path / "school.csv", [rows[0], second, *rows[1:4]])


def _edge_with(second: list[str], tmp_path: Path, name: str = "edge.csv") -> Path:
    rows = _sheet(UNSEEN / "edge_units.csv", ";")
    return _write(tmp_path / name, [rows[0], second, *rows[1:4]], ";")


def _only_header_problem(rows: list[dict[str, str]]) -> str:
    first, *good = rows
    assert first["row"] == "2"
    assert first["status"] == "rejected"
    assert first["problems"].count("[") == 1, first["problems"]  # one problem, not one a cell
    assert first["problems"].endswith("[row.header]")
    assert [r["status"] for r in good] == ["scored"] * 3, good
    return first["problems"]


def test_a_row_numbering_the_columns_is_one_problem_and_the_units_are_scored(
    tmp_path: Path,
) -> None:
    header = _sheet(UNSEEN / "school_units.csv", ",")[0]
    rows, _ = _batch(SCHOOL, _school_with([str(i) for i in range(1, len(header) + 1)], tmp_path))
    said = _only_header_problem(rows)
    assert said.startswith("unit_id: dòng này đánh số các cột (từ 1 đến 34): đây có vẻ là dòng")
    assert "hãy xóa dòng, hoặc ghi # ở đầu unit_id" in said


def test_a_row_numbering_the_columns_is_not_scored_where_its_numbers_are_answers(
    tmp_path: Path,
) -> None:
    # EDGE's answers are percentages: 3, 4, 5 and 6 are answers, and the row was a unit "1"
    rows, _ = _batch(EDGE, _edge_with(["1", "2", "3", "4", "5", "6"], tmp_path), "en")
    said = _only_header_problem(rows)
    assert said == (
        "unit_id: it numbers the columns (1 to 6): it looks like a second header row, not a "
        "unit; delete the row, or start its unit_id with # to keep it as a note [row.header]"
    )


def test_the_header_again_and_a_row_of_titles_are_one_problem_each(tmp_path: Path) -> None:
    header = _sheet(UNSEEN / "school_units.csv", ",")[0]
    rows, _ = _batch(SCHOOL, _school_with(header, tmp_path), "en")
    assert _only_header_problem(rows).startswith("unit_id: its cells are the header's names")
    titles = ["Mã công trình", "Tên công trình", "Năng lượng (%)", "Nước (%)", "Vật liệu (%)"]
    rows, _ = _batch(EDGE, _edge_with([*titles, "Tái tạo/bù trừ (%)"], tmp_path), "vi")
    assert _only_header_problem(rows).startswith(
        "unit_id: không ô nào trong 4 ô trả lời của dòng là một câu trả lời (cột C ghi "
        "'Năng lượng (%)'): đây có vẻ là dòng tiêu đề thứ hai"
    )


def test_a_row_numbering_the_columns_in_a_workbook_is_one_problem(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    header, *units = _sheet(UNSEEN / "edge_units.csv", ";")
    page.append(header)
    page.append([1, 2, 3, 4, 5, 6])  # numbers, as Excel keeps them
    for unit in units[:3]:
        page.append([unit[0], unit[1], *(float(v) if v else None for v in unit[2:])])
    book.save(tmp_path / "edge.xlsx")
    rows, _ = _batch(EDGE, tmp_path / "edge.xlsx", "en")
    _only_header_problem(rows)


def _valid_unit_rows(
    ids: list[str], names: list[str | None], answers: list[list[int]]
) -> list[Row]:
    header = ("unit_id", "unit_name", "nang_luong", "nuoc", "vat_lieu", "tai_tao_hoac_bu_tru")
    return [
        Row(n + 2, header, [ident, name, *(str(a) for a in answer)], "u.csv")
        for n, (ident, name, answer) in enumerate(zip(ids, names, answers, strict=False))
    ]


_NAMES = st.one_of(
    st.none(),
    st.text(alphabet="Xã Bình An 0123456789-", min_size=1, max_size=12).filter(
        lambda t: t.strip() and not t.strip().isdigit() and not t.strip().startswith("#")
    ),
)


#: a unit numbered like its column whose answers and fact continue the run (``1``, then 3, 4,
#: 5, 6 in columns C to F): what a row numbering the columns also looks like, without its name
_RUN = st.integers(1, 40).flatmap(
    lambda k: st.tuples(st.just(str(k)), _NAMES, st.just([k + 2, k + 3, k + 4, k + 5]))
)
_ANY = st.tuples(
    st.one_of(st.integers(1, 40).map(str), st.from_regex(r"e-[0-9]{1,3}", fullmatch=True)),
    _NAMES,
    st.lists(st.integers(0, 12), min_size=4, max_size=4),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_RUN, _ANY), min_size=1, max_size=6, unique_by=lambda unit: unit[0]))
def test_a_real_unit_answered_with_small_whole_numbers_is_never_a_header_row(
    units: list[tuple[str, str | None, list[int]]],
) -> None:
    """Units of EDGE answered with small whole numbers (consecutive ones too: ``1, 2, 3``),
    whose ids are numbers or codes and whose names are text (any but a bare whole number):
    each is scored, whichever path reads it (the batch's row scorer and the usual one)."""
    rubric = tiercert.load_rubric(EDGE)
    rows = _valid_unit_rows([u[0] for u in units], [u[1] for u in units], [[*u[2]] for u in units])
    reader = Reader(rubric)
    assert [reader.header_row(row, ()) for row in rows] == [None] * len(rows)  # the rule itself
    for engine in ("fast", "reference"):
        outcomes = list(evaluate_many(rubric, rows, engine=engine))
        assert [o.problems for o in outcomes] == [()] * len(rows)
    table = tiercert.batch.ResultTable(rubric)
    for outcome in tiercert.batch._outcomes(rubric, rows, None, True, "fast", table):
        assert outcome.ok, outcome.problems


def test_a_unit_named_by_a_number_is_scored_unless_its_row_numbers_the_columns(
    tmp_path: Path,
) -> None:
    """Rule 2 asks a run through every cell: a unit named ``2`` whose answers do not continue
    the run is a unit (through the batch's loop, which hands a name starting with a digit to
    the usual path)."""
    rows, _ = _batch(EDGE, _edge_with(["1", "2", "3", "4", "6", ""], tmp_path), "en")
    assert rows[0]["status"] == "scored"
    assert rows[0]["unit_id"] == "1"
    assert rows[0]["unit_name"] == "2"


# --- 2. a date cell, quoted as the sheet shows it --------------------------------------------


def _dated_book(tmp_path: Path, fmt: str | None) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    page.append(["unit_id", "unit_name", "nang_luong", "nuoc", "vat_lieu"])
    page.append(["e1", "A", dt.datetime(2024, 5, 20), 20, 20])
    if fmt is not None:
        page["C2"].number_format = fmt
    path = tmp_path / "dates.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("fmt", "lang", "quoted"),
    [
        ("mm-dd-yy", "vi", "'20/05/2024'"),  # Excel's short date (built-in 14): each
        ("mm-dd-yy", "en", "'2024-05-20'"),  # computer shows it its own way
        ("dd/mm/yyyy", "en", "'20/05/2024'"),  # the workbook's own format
        ("d.m.yy", "vi", "'20.5.24'"),
        ("[$-42A]dd/mm/yyyy;@", "en", "'20/05/2024'"),
        ("mmmm d, yyyy", "vi", "'20/05/2024'"),  # a month's name: the language's own way
    ],
)
def test_a_date_cell_is_quoted_as_the_sheet_shows_it(
    tmp_path: Path, fmt: str, lang: str, quoted: str
) -> None:
    rows, _ = _batch(EDGE, _dated_book(tmp_path, fmt), lang)
    said = rows[0]["problems"]
    assert "T00:00:00" not in said
    assert "2024-05-20T" not in said
    assert f"{quoted};" in said or f"{quoted})" in said or f"{quoted} " in said, said
    bare = quoted.strip("'")
    looks = "giống ngày tháng" if lang == "vi" else "looks like a date"
    assert f"{bare} {looks}" in said


def test_a_date_given_from_python_is_quoted_as_a_date() -> None:
    rubric = tiercert.load_rubric(EDGE)
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"nang_luong": dt.date(2024, 5, 20), "nuoc": 20, "vat_lieu": 20})
    (problem,) = caught.value.problems
    assert "'2024-05-20'" in problem.message
    assert "'20/05/2024'" in in_lang(problem.message, "vi")


_TIME_EN = "looks like a time or a base-60 number, which is not read; write one decimal number"
_TIME_VI = "giống giờ phút hoặc số hệ 60, không đọc được; hãy ghi một số thập phân"
_DATE_EN = "looks like a date, not a number; give the number itself"
_DATE_VI = "giống ngày tháng, không phải số; hãy ghi chính con số"


@pytest.mark.parametrize(
    ("moment", "en", "vi"),
    [
        (dt.time(9, 5), f"'09:05'; 09:05 {_TIME_EN}", f"'09:05'; 09:05 {_TIME_VI}"),
        (dt.time(13, 5, 9), f"'13:05:09'; 13:05:09 {_TIME_EN}", f"'13:05:09'; 13:05:09 {_TIME_VI}"),
        (
            dt.date(2024, 5, 20),
            f"'2024-05-20'; 2024-05-20 {_DATE_EN}",
            f"'20/05/2024'; 20/05/2024 {_DATE_VI}",
        ),
    ],
)
def test_a_date_or_time_given_from_python_is_said_to_be_one(
    moment: dt.date | dt.time, en: str, vi: str
) -> None:
    """A time is no number either: said so as a time (not "looks like a date"), a date as a
    date, each quoted as a sheet shows it, the whole message in both languages."""
    rubric = tiercert.load_rubric(EDGE)
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"nang_luong": moment, "nuoc": 20, "vat_lieu": 20})
    (problem,) = caught.value.problems
    assert problem.message == f"expected a number, got {en}"
    assert in_lang(problem.message, "vi") == f"cần một số, nhưng nhận được {vi}"


def test_dates_and_times_as_each_language_writes_them() -> None:
    moment = dt.datetime(2024, 5, 7, 13, 5, 9)
    assert date_shown(moment, "vi") == "07/05/2024 13:05:09"
    assert date_shown(moment.replace(second=0), "en") == "2024-05-07 13:05"
    assert date_shown(dt.time(9, 5), "vi") == "09:05"
    assert date_shown(moment, "en", "yyyy-mm-dd hh:mm") == "2024-05-07 13:05"
    assert date_shown(moment, "en", "h:mm:ss") == "13:05:09"
    assert date_shown(moment, "en", r"dd\.mm\.yyyy") == "07.05.2024"
    assert date_shown(moment, "vi", "dd/mm/yyyy AM/PM") == "07/05/2024 13:05:09"


# --- 3. Excel's menus in Vietnamese ----------------------------------------------------------


def test_the_vietnamese_encoding_message_names_excels_vietnamese_menus(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_bytes("unit_id,nang_luong\ne-1,20\nCafé,20\n".encode("cp1252"))
    status, _, err = _cli("batch", str(EDGE), str(sheet), "--lang", "vi", "--summary", "none")
    assert status == 2
    assert "hãy lưu lại tệp dạng CSV mã UTF-8" in err
    assert "(trong Excel: Tệp > Lưu Như, chọn kiểu tệp 'CSV UTF-8 (Comma delimited)')" in err
    status, _, err = _cli("batch", str(EDGE), str(sheet), "--lang", "en", "--summary", "none")
    assert "(in Excel: File > Save As, type 'CSV UTF-8 (Comma delimited)')" in err


# --- 4. a refused level, with the levels' labels ---------------------------------------------


def test_a_refused_level_lists_the_levels_with_their_labels(tmp_path: Path) -> None:
    rows = _sheet(UNSEEN / "school_units.csv", ",")
    unit = list(rows[1])
    unit[2] = "Mức 5"
    rows_out, _ = _batch(SCHOOL, _write(tmp_path / "s.csv", [rows[0], unit]), "vi")
    assert (
        "'Mức 5' không phải một trong các mức: khong_dat (Không đạt), muc_1 (Mức 1), "
        "muc_2 (Mức 2), muc_3 (Mức 3)"
    ) in rows_out[0]["problems"]
    rows_out, _ = _batch(SCHOOL, tmp_path / "s.csv", "en")
    assert "khong_dat (Không đạt / Not met), muc_1 (Mức 1 / Level 1)" in rows_out[0]["problems"]


def test_a_long_list_of_levels_is_cut_saying_how_many_more() -> None:
    long = "rất dài " * 8
    levels = ", ".join(
        f"{{id: l{i}, points: {i}, label: {{vi: 'Mức {i} {long}'}}}}" for i in range(30)
    )
    rubric = tiercert.parse_rubric(
        "format: 1\nid: r\nversion: '1'\nlanguage: vi\ntitle: R\ncriteria:\n"
        f"  - {{id: a, title: A, rule: {{kind: levels, levels: [{levels}]}}}}\ntiers: []\n"
    )
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"a": "Mức 99"})
    (problem,) = caught.value.problems
    said = in_lang(problem.message, "vi")
    assert "l0 (Mức 0 rất dài" in said
    assert "…)" in said  # a label longer than 40 characters, cut
    assert said.endswith("mục khác)"), said  # the rest counted
    assert len(said) < 600


def _refused_levels(levels: str) -> str:
    rubric = tiercert.parse_rubric(
        "format: 1\nid: r\nversion: '1'\nlanguage: en\ntitle: R\ncriteria:\n"
        f"  - {{id: a, title: A, rule: {{kind: levels, levels: [{levels}]}}}}\ntiers: []\n"
    )
    with pytest.raises(tiercert.AssessmentError) as caught:
        rubric.evaluate({"a": "?"})
    (problem,) = caught.value.problems
    return in_lang(problem.message, "en")


def test_the_list_of_levels_is_cut_at_300_characters_exactly() -> None:
    # each item counts its length and 2 (", "); an item that ends the list at exactly 300
    # characters is shown, a label of exactly 40 characters is shown whole
    x40, y40 = "x" * 40, "y" * 40
    levels = [f"{{id: lvl_{i}, points: {i}, label: '{x40}'}}" for i in range(1, 6)]
    levels += [f"{{id: level_6, points: 6, label: '{y40}'}}", "{id: zz, points: 7}"]
    said = _refused_levels(", ".join([*levels, "{id: z8, points: 8}"]))
    shown_ = ", ".join([*(f"lvl_{i} ({x40})" for i in range(1, 6)), f"level_6 ({y40})"])
    assert said == f"'?' is not one of the levels: {shown_}, … (and 2 more)"


def test_the_list_of_levels_stops_at_listed_levels_however_short() -> None:
    # 21 short ids make about 100 characters: the count, not the width, cuts the list
    said = _refused_levels(", ".join(f"{{id: a{i}, points: {i}}}" for i in range(LISTED + 1)))
    shown_ = ", ".join(f"a{i}" for i in range(LISTED))
    assert said == f"'?' is not one of the levels: {shown_}, … (and 1 more)"


def test_a_label_over_40_characters_is_cut_to_40_and_a_label_like_its_id_is_left_out() -> None:
    said = _refused_levels(
        f"{{id: a1, points: 1, label: '{'w' * 41}'}}, {{id: b2, points: 2, label: b2}}, "
        "{id: c3, points: 3, label: ' '}"
    )
    assert said == f"'?' is not one of the levels: a1 ({'w' * 39}…), b2, c3"


# --- 5. a fact no rule reads -----------------------------------------------------------------

_RUBRIC = """\
format: 1
id: f
version: "1"
title: F
facts:
  - {id: used_by_gate, title: A, type: boolean}
  - {id: operand, title: B, type: number}
  - {id: nested, title: C, type: number}
  - {id: by_dossier, title: D, type: boolean}
  - {id: nobody, title: E, type: number}
criteria:
  - {id: a, title: A, rule: {kind: count, per_item: 1}, max: 10}
gates:
  - id: g
    title: G
    require:
      all:
        - {fact: used_by_gate, equals: true}
        - {answer: a, at_least: {fact: operand, times: 1.1}}
        - {not: {any: [{fact: nested, above: 3}]}}
    tiers: [t]
tiers:
  - {id: t, rank: 1, label: T, min: 0}
dossier:
  fact: by_dossier
  documents: [{id: d, title: D}]
"""


def test_a_fact_no_rule_reads_is_told_at_its_place() -> None:
    report = check_source(_RUBRIC, file="f.yaml")
    unused = [p for p in report.problems if p.code == "fact.unused"]
    assert [(p.where, p.line, p.column, p.is_error) for p in unused] == [
        ("$.facts[by_dossier].id", 9, 10, False),  # the dossier sets it: no rule reads it
        ("$.facts[nobody].id", 10, 10, False),
    ]
    assert unused[1].message == (
        "the fact 'nobody' is read by no gate, condition or comparison, so what a unit gives "
        "for it changes no result; read it where it counts (a gate's require: {fact: nobody, "
        "...}), or remove it"
    )
    assert in_lang(unused[1].message, "vi").startswith(
        "thông tin 'nobody' không được điều kiện bắt buộc, điều kiện hay phép so sánh nào đọc"
    )


def test_the_shipped_rubrics_and_the_schemes_never_shown_read_every_fact_they_declare() -> None:
    rubrics = sorted((Path(__file__).resolve().parents[2] / "rubrics").glob("*.yaml"))
    for path in [*rubrics, *sorted(UNSEEN.glob("*.yaml"))]:
        report = tiercert.check_file(path)
        assert not [p for p in report.problems if p.code == "fact.unused"], path


def test_levels_params_list_the_ids_when_no_list_is_given() -> None:
    # the default of a Params made without the levels' list (_compile always gives one)
    made = Params({"a": (Fraction(1), ()), "b": (Fraction(2), ())})
    assert made.options == "a, b"
    assert Params({"a": (Fraction(1), ())}, options="a (A)").options == "a (A)"


@pytest.mark.parametrize(
    "scores",
    [
        ["19,5", "21,4", "15,5", "12,5", "16,5"],  # Vietnamese decimal commas, all different
        ["80 %", "21,4", "1.234,5", "+12,5", "16, 5"],
    ],
)
def test_a_unit_typed_with_decimal_commas_is_refused_cell_by_cell_not_taken_for_a_header(
    scores: list[str], tmp_path: Path
) -> None:
    """Rule 3 of ``Reader.header_row`` (every answer refused, no two alike) took a real unit
    whose every score was typed with a decimal comma for a second header row, and told the
    office to delete it (found by the lead's run as a new user, nineteenth round)."""
    from tiercert.tabular import read_csv

    rubric = tiercert.load_rubric(
        Path(__file__).parents[2] / "rubrics" / "bac_giang_friendly_gov.yaml"
    )
    sheet = tmp_path / "units.csv"
    cells = ",".join(f'"{s}"' for s in scores)
    sheet.write_text(f"unit_id,unit_name,g1,g2,g3,g4,g5\nxa-9,Xã 9,{cells}\n", encoding="utf-8")
    for engine in ("fast", "reference"):
        [outcome] = evaluate_many(rubric, read_csv(sheet), engine=engine)
        codes = [p.code for p in outcome.problems]
        assert "row.header" not in codes
        assert len(codes) >= 5
