"""Batch evaluation: rows to outcomes, bad rows reported with row and column, good rows kept."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tiercert
from conftest import TESTS
from tiercert import Assessment, AssessmentError, Rubric
from tiercert._escape import visible
from tiercert._progress import ProgressBar
from tiercert.batch import Outcome, ResultTable, evaluate_many, score_records
from tiercert.tabular import Row, TableError, read_csv, read_yaml_folder, write_table
from tiercert.template import template_columns, write_template

INPUTS = TESTS / "golden" / "batch" / "inputs"
HEADER = ["unit_id", "unit_name", "g1.1", "g1.1.justification", "g1.2", "g2.1", "g2.2", "g2.3"]
HEADER += ["bi_ky_luat"]
GOOD = [
    ["xa-1", "Xã Một", "có", "QĐ 1", "tot", "85", "0", "4", "không"],  # 40 + 60 = 100
    ["xa-2", "Xã Hai", "true", "QĐ 2", "kha", "79.99", "1", "4", "false"],  # 30 + 45 = 75
    ["xa-3", "Xã Ba", "no", "", "yeu", "50", "4", "0", "false"],  # 0 + 20 + 0 + 0 = 20
]
TOTALS = {"xa-1": Decimal(100), "xa-2": Decimal(75), "xa-3": Decimal(20)}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return tiercert.load_rubric(INPUTS / "rubric.yaml")


def _sheet(tmp_path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    path = tmp_path / "units.csv"
    write_table(path, header, list(rows))
    return path


def _problems(outcomes: Iterable[Outcome]) -> list[tuple[int, int | None, str, str]]:
    return [
        (p.line or 0, p.column, p.where, p.code) for o in outcomes if not o.ok for p in o.problems
    ]


def _scored(outcomes: Iterable[Outcome]) -> dict[str, Fraction]:
    return {o.unit_id or "": o.result.total for o in outcomes if o.result is not None}


# --- the shipped example sheet ----------------------------------------------------------------


def test_example_sheet_scores_the_good_rows_and_reports_the_bad(rubric: Rubric) -> None:
    outcomes = list(evaluate_many(rubric, read_csv(INPUTS / "units.csv")))
    assert _scored(outcomes) == {
        "xa-a": Decimal(75),
        "xa-b": Decimal(95),
        "xa-c": Decimal(55),
        "tt-g": Decimal(100),
    }
    assert _problems(outcomes) == [
        (6, 6, "g1.2", "answer.invalid"),
        (7, 7, "g2.1", "answer.missing"),
        (8, 1, "unit_id", "unit.duplicate"),
        (9, 11, "g2.9", "column.unknown"),
        (12, 10, "bi_ky_luat", "fact.missing"),
    ]
    # the comment row (2) and the blank row (10) are not units
    assert [o.number for o in outcomes] == [3, 4, 5, 6, 7, 8, 9, 11, 12]
    assert all(p.file == str(INPUTS / "units.csv") for o in outcomes for p in o.problems)


# --- each way a row can be broken -------------------------------------------------------------

BROKEN: dict[str, tuple[list[str], list[object], tuple[int, str, str]]] = {
    # name: (extra header columns, the bad row, (column number, column, code))
    "unknown column": (
        ["g2.4"],
        ["xa-x", "Xã Lỗi", "có", "QĐ", "tot", "85", "0", "4", "không", "3"],
        (10, "g2.4", "column.unknown"),
    ),
    "wrong value": (
        [],
        ["xa-x", "Xã Lỗi", "có", "QĐ", "tot", "85", "-1", "4", "không"],
        (7, "g2.2", "answer.invalid"),
    ),
    "value out of range": (
        [],
        ["xa-x", "Xã Lỗi", "có", "QĐ", "tot", "120", "0", "4", "không"],
        (6, "g2.1", "answer.invalid"),
    ),
    "missing answer": (
        [],
        ["xa-x", "Xã Lỗi", "có", "QĐ", "", "85", "0", "4", "không"],
        (5, "g1.2", "answer.missing"),
    ),
    "duplicate unit id": (
        [],
        ["xa-1", "Xã Một lần nữa", "có", "QĐ", "tot", "85", "0", "4", "không"],
        (1, "unit_id", "unit.duplicate"),
    ),
    "empty unit id": (
        [],
        ["", "Xã Không Mã", "có", "QĐ", "tot", "85", "0", "4", "không"],
        (1, "unit_id", "unit.id"),
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("position", [0, 1, 3])
def test_a_broken_row_is_reported_and_the_others_scored(
    tmp_path: Path, rubric: Rubric, name: str, position: int
) -> None:
    extra, bad, (column, where, code) = BROKEN[name]
    rows: list[Sequence[object]] = [row + [""] * len(extra) for row in GOOD]
    rows.insert(position, list(bad))
    outcomes = list(evaluate_many(rubric, read_csv(_sheet(tmp_path, HEADER + extra, rows))))
    assert _scored(outcomes) == TOTALS  # every good row, with its own total
    row_number = position + 2  # the header is row 1
    if name == "duplicate unit id" and position == 0:
        # the first xa-1 is the bad row now: the real one, further down, is the duplicate
        row_number, where = GOOD.index(GOOD[0]) + 3, "unit_id"
        assert _scored(outcomes).keys() == TOTALS.keys()
    assert _problems(outcomes) == [(row_number, column, where, code)]


def test_several_problems_of_one_row_are_all_reported(tmp_path: Path, rubric: Rubric) -> None:
    row = ["xa-x", "Xã Lỗi", "maybe", "", "", "abc", "0", "4", ""]
    outcomes = list(evaluate_many(rubric, read_csv(_sheet(tmp_path, HEADER, [row]))))
    assert [(p.where, p.code) for p in outcomes[0].problems] == [
        ("g1.1", "answer.invalid"),
        ("g1.2", "answer.missing"),
        ("g2.1", "answer.invalid"),
        ("bi_ky_luat", "fact.missing"),
    ]


def test_a_header_without_unit_id_stops_the_sheet(tmp_path: Path, rubric: Rubric) -> None:
    path = _sheet(tmp_path, HEADER[1:], [r[1:] for r in GOOD])
    with pytest.raises(TableError) as caught:
        list(evaluate_many(rubric, read_csv(path)))
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("table.unit_id", 1)


@pytest.mark.parametrize("name", ["Unit_ID", "UNIT ID", "unit-id"])
def test_a_unit_id_column_written_otherwise_is_named_with_what_to_write(
    tmp_path: Path, rubric: Rubric, name: str
) -> None:
    path = _sheet(tmp_path, ["unit_name", name, *HEADER[2:]], [[r[1], r[0], *r[2:]] for r in GOOD])
    with pytest.raises(TableError) as caught:
        list(evaluate_many(rubric, read_csv(path)))
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("table.unit_id", 1, 2)
    assert problem.message == (
        f"there is no 'unit_id' column: column 2 is named {name!r}; rename it 'unit_id' "
        "(column names are ids, exact to the letter)"
    )
    assert not caught.value.unreadable


def test_a_unit_id_with_a_mark_no_one_sees_is_refused_with_what_to_write(tmp_path: Path) -> None:
    """Two CSV files joined leave a byte-order mark at a line's start: ``\\ufeffxa-1`` was a
    unit of its own beside ``xa-1`` (no duplicate said), printed alike.  The row is refused,
    saying which character and what to write, in both languages (fourteenth round)."""
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    path = tmp_path / "units.csv"
    rows = [GOOD[0], ["\ufeffxa-1", *GOOD[0][1:]], ["xa-\u200b2", *GOOD[1][1:]]]
    path.write_text(
        "\ufeff" + "\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8"
    )
    for engine in ("fast", "reference"):  # the row path and the usual path say the same
        outcomes = list(evaluate_many(rubric, read_csv(path), engine=engine))
        assert [o.ok for o in outcomes] == [True, False, False]
        said = [p.message for o in outcomes[1:] for p in o.problems if p.code == "unit.id"]
        assert said == [
            "unit_id '\\ufeffxa-1' holds a character that does not print, \\ufeff (ZERO WIDTH "
            "NO-BREAK SPACE): it would be a unit of its own that looks like another; retype the "
            "id without it: 'xa-1'",
            "unit_id 'xa-\\u200b2' holds a character that does not print, \\u200b (ZERO WIDTH "
            "SPACE): it would be a unit of its own that looks like another; retype the id "
            "without it: 'xa-2'",
        ]
        assert [(p.line, p.column) for o in outcomes[1:] for p in o.problems] == [(3, 1), (4, 1)]
    # and a CSV written straight from the sheet (the bulk row loop) hands that row over
    from conftest import run_cli

    out = tmp_path / "out.csv"
    status, _, err = run_cli("batch", str(INPUTS / "rubric.yaml"), str(path), "-o", str(out))
    assert status == 1
    assert (
        "units.csv, dòng 3, cột A: lỗi: unit_id: unit_id '\\ufeffxa-1' có một ký tự không hiển thị"
        in err
    )
    assert (
        "units.csv, dòng 4, cột A: lỗi: unit_id: unit_id 'xa-\\u200b2' có một ký tự không hiển thị"
        in err
    )


@pytest.mark.parametrize("mark", ["\u2060", "\u00ad", "\u200b", "\U000e0041"])
def test_the_bulk_row_loop_refuses_every_id_the_reader_refuses(tmp_path: Path, mark: str) -> None:
    """Every format character (Unicode's Cf: a word joiner, a soft hyphen, a tag) makes an id
    the reader refuses; the bulk row loop (a CSV written straight from the sheet) knew only
    the zero-width and direction marks, and scored ``xa-\u20602`` as a unit of its own."""
    from conftest import run_cli

    path = tmp_path / "units.csv"
    rows = [GOOD[0], [f"xa-{mark}2", *GOOD[1][1:]]]
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    assert [o.ok for o in evaluate_many(rubric, read_csv(path))] == [True, False]
    out = tmp_path / "out.csv"
    status, _, err = run_cli("batch", str(INPUTS / "rubric.yaml"), str(path), "-o", str(out))
    assert status == 1
    assert f"units.csv, dòng 3, cột A: lỗi: unit_id: unit_id {visible(repr(f'xa-{mark}2'))}" in err


def test_a_title_above_the_header_is_named_as_the_problem(tmp_path: Path, rubric: Rubric) -> None:
    """A sheet as people make it: a title in the first row (merged across the columns), the
    column names in the second.  The problem says so, in both languages, rather than only
    that there is no unit_id column (fourteenth round)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["BẢNG TỔNG HỢP KẾT QUẢ NĂM 2024"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in GOOD:
        sheet.append(row)
    book.save(tmp_path / "units.xlsx")
    csv_path = _sheet(tmp_path, ["Kết quả 2024", *[""] * (len(HEADER) - 1)], [HEADER, *GOOD])
    for rows in (tiercert.tabular.read_rows(tmp_path / "units.xlsx"), read_csv(csv_path)):
        with pytest.raises(TableError) as caught:
            list(evaluate_many(rubric, rows))
        (problem,) = caught.value.problems
        assert (problem.code, problem.line) == ("table.unit_id", 1)
        assert problem.message == (
            "the first row is not the header: row 2 names the columns ('unit_id' in column 1); "
            "delete the rows above it (a title), so that the column names are the first row"
        )
        assert problem.text("vi").startswith("dòng đầu tiên không phải là dòng tên cột: dòng 2")


def test_a_column_named_twice_stops_the_sheet(tmp_path: Path, rubric: Rubric) -> None:
    path = _sheet(tmp_path, [*HEADER, "g2.1"], [[*r, "1"] for r in GOOD])
    with pytest.raises(TableError, match=r"'g2\.1' appears twice"):
        list(evaluate_many(rubric, read_csv(path)))


def test_notes_columns_comment_rows_and_blank_rows_are_ignored(
    tmp_path: Path, rubric: Rubric
) -> None:
    rows: list[list[object]] = [["# ghi chú", *[""] * 8, "x"], [*GOOD[0], "ok"]]
    rows.append([""] * 10)
    path = _sheet(tmp_path, [*HEADER, "#note"], rows)
    (outcome,) = evaluate_many(rubric, read_csv(path))
    assert (outcome.number, outcome.unit_id, outcome.ok) == (3, "xa-1", True)


def test_a_value_after_the_last_named_column(tmp_path: Path, rubric: Rubric) -> None:
    path = tmp_path / "u.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join([*GOOD[0], "", "stray"]) + "\n", "utf-8")
    (outcome,) = evaluate_many(rubric, read_csv(path))
    assert [(p.code, p.column) for p in outcome.problems] == [("row.column", 11)]


def test_evidence_columns(tmp_path: Path, rubric: Rubric) -> None:
    with_it = ["xa-1", "", "có", "QĐ 1", "tot", "85", "0", "4", "không"]
    without = ["xa-2", "", "có", "", "tot", "85", "0", "4", "không"]
    outcomes = list(evaluate_many(rubric, read_csv(_sheet(tmp_path, HEADER, [with_it, without]))))
    first, second = (o.result for o in outcomes)
    assert first is not None
    assert second is not None
    assert first.nodes["g1.1"].score == 20
    assert second.nodes["g1.1"].status == "evidence_missing"
    assert second.total == 80


def test_a_group_scored_directly_from_its_column(tmp_path: Path, rubric: Rubric) -> None:
    header = ["unit_id", "g1", "g2.1", "g2.2", "g2.3", "bi_ky_luat"]
    (outcome,) = evaluate_many(
        rubric, read_csv(_sheet(tmp_path, header, [["u", "33.5", "85", "0", "4", "no"]]))
    )
    assert outcome.result is not None
    assert outcome.result.nodes["g1"].status == "direct"
    assert outcome.result.total == Decimal("93.5")


def test_spreadsheet_types_are_accepted(rubric: Rubric) -> None:
    header = ("unit_id", "unit_name", "g1", "g2.1", "g2.2", "g2.3", "bi_ky_luat")
    rows = [
        Row(2, header, [12.0, "Xã Số", 40, 79.99, 1, 4, False]),
        Row(3, header, [13, None, 40.0, float("nan"), 0, 4, True]),
    ]
    first, second = evaluate_many(rubric, rows)
    assert first.unit_id == "12"  # a spreadsheet turned the id 12 into a number
    assert first.result is not None
    assert first.result.total == Decimal(85)
    assert [p.code for p in second.problems] == ["answer.missing"]  # NaN: pandas' empty cell


def test_mappings_and_assessments_can_be_mixed(rubric: Rubric) -> None:
    answers = {"g1": 40, "g2.1": 85, "g2.2": 0, "g2.3": 4}
    items: list[Any] = [
        {"unit_id": "a", "bi_ky_luat": False, **answers},
        {"unit": {"id": "b"}, "answers": answers, "facts": {"bi_ky_luat": False}},
        Assessment(answers=answers, facts={"bi_ky_luat": False}, unit_id="c"),
        {"unit_id": "a", "bi_ky_luat": False, **answers},
    ]
    outcomes = list(evaluate_many(rubric, items))
    assert [(o.number, o.unit_id, o.ok) for o in outcomes] == [
        (1, "a", True),
        (2, "b", True),
        (3, "c", True),
        (4, "a", False),
    ]
    assert "already used by item 1" in outcomes[3].problems[0].message
    assert [o.ok for o in evaluate_many(rubric, items, unique_ids=False)] == [True] * 4


def test_a_folder_of_assessments(rubric: Rubric) -> None:
    outcomes = list(evaluate_many(rubric, read_yaml_folder(INPUTS / "folder")))
    assert [(o.unit_id, o.ok) for o in outcomes] == [
        ("xa-a", True),
        ("xa-binh-minh", True),  # no id in the file: its name
        ("xa-d", False),
        ("xa-hong", False),  # not valid YAML: still named
    ]
    problems = [(Path(p.file or "").name, p.line, p.code) for p in outcomes[2].problems]
    assert problems == [
        ("xa-dong-son.yml", 4, "answer.invalid"),
        ("xa-dong-son.yml", 8, "answer.unknown"),
    ]


def test_missing_zero_scores_empty_cells_as_zero(tmp_path: Path, rubric: Rubric) -> None:
    row = ["xa-x", "", "có", "QĐ", "", "85", "0", "4", "không"]
    path = _sheet(tmp_path, HEADER, [row])
    (outcome,) = evaluate_many(rubric, read_csv(path), missing="zero")
    assert outcome.result is not None
    assert outcome.result.nodes["g1.2"].status == "missing"


# --- batch equals one by one ------------------------------------------------------------------

_ANSWERS: dict[str, st.SearchStrategy[object]] = {
    "g1.1": st.sampled_from([True, False, "có", "không", "yes", "maybe"]),
    "g1.2": st.sampled_from(["tot", "kha", "yeu", "na", "Kha", "kha2"]),
    "g2.1": st.one_of(
        st.decimals(min_value=0, max_value=100, places=2),
        st.sampled_from([Decimal(150), "abc", "79,5"]),
    ),
    "g2.2": st.integers(min_value=-1, max_value=5),
    "g2.3": st.integers(min_value=0, max_value=6),
}
_UNIT = st.fixed_dictionaries(
    {},
    optional={
        **_ANSWERS,
        "g1": st.sampled_from([Decimal(40), Decimal("12.5"), Decimal(41)]),
        "g1.1.justification": st.sampled_from(["QĐ 12", "Thành lập tổ"]),
        "bi_ky_luat": st.sampled_from([True, False, "có", "không", "x"]),
    },
)


def _one_by_one(rubric: Rubric, answers: dict[str, object], unit_id: str) -> Any:
    facts = {k: v for k, v in answers.items() if k == "bi_ky_luat"}
    given = {k: v for k, v in answers.items() if k in _ANSWERS or k == "g1"}
    if "g1.1.justification" in answers and "g1.1" in given:
        given["g1.1"] = {"value": given["g1.1"], "justification": answers["g1.1.justification"]}
    try:
        return rubric.evaluate(Assessment(answers=given, facts=facts, unit_id=unit_id))
    except AssessmentError as exc:
        return sorted(p.code for p in exc.problems)


def _outcome(outcome: Outcome) -> Any:
    return (
        outcome.result if outcome.result is not None else sorted(p.code for p in outcome.problems)
    )


@settings(max_examples=60)
@given(st.lists(_UNIT, max_size=6))
def test_batch_equals_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, units: list[dict[str, object]]
) -> None:
    rubric = tiercert.load_rubric(INPUTS / "rubric.yaml")
    ids = [f"u{i}" for i in range(len(units))]
    expected = [_one_by_one(rubric, answers, uid) for answers, uid in zip(units, ids, strict=True)]
    # as mappings (what a program or a JSON line gives)
    mappings = [{"unit_id": uid, **answers} for answers, uid in zip(units, ids, strict=True)]
    assert [_outcome(o) for o in evaluate_many(rubric, mappings)] == expected
    # through a CSV file: every value written as text and read back
    columns = ["unit_id", *sorted({k for u in units for k in u})]
    path = tmp_path_factory.mktemp("prop") / "u.csv"
    write_table(path, columns, [[m.get(c) for c in columns] for m in mappings])
    texts = [{k: tiercert.tabular.cell_text(v) for k, v in answers.items()} for answers in units]
    as_text = [
        _one_by_one(rubric, {k: v for k, v in t.items() if v}, uid)
        for t, uid in zip(texts, ids, strict=True)
    ]
    assert [_outcome(o) for o in evaluate_many(rubric, read_csv(path))] == as_text


# --- output rows ------------------------------------------------------------------------------


def test_result_table_rows(rubric: Rubric) -> None:
    table = ResultTable(rubric, lang="en")
    assert table.columns[:4] == ["row", "unit_id", "unit_name", "status"]
    assert table.columns[-4:] == ["g1.score", "g2.score", "provisional", "problems"]
    answers = {"g1": 40, "g2.1": 70, "g2.2": 0, "g2.3": 4}
    good, bad = evaluate_many(
        rubric,
        [
            {"unit_id": "a", "unit_name": "Xã A", "bi_ky_luat": True, **answers},
            {"unit_id": "b", "g9": 1, "bi_ky_luat": False, **answers},
        ],
    )
    assert dict(zip(table.columns, table.row(good), strict=True)) == {
        "row": 1,
        "unit_id": "a",
        "unit_name": "Xã A",
        "status": "scored",
        "total": Decimal(90),
        "percentage": Decimal(90),
        "certified": False,
        "tier": None,
        "tier_label": None,
        "next_tier": "s1",
        "points_to_next_tier": Decimal(0),
        "failed_gates": ("khong_ky_luat",),
        "g1.score": Decimal(40),
        "g2.score": Decimal(50),
        "provisional": True,
        "problems": (),
    }
    assert dict(zip(table.columns, table.row(bad), strict=True)) == {
        "row": 2,
        "unit_id": "b",
        "unit_name": None,
        "status": "rejected",
        **dict.fromkeys(table.columns[4:-1]),
        "problems": (
            "g9: unknown column 'g9'; use criterion and fact ids, unit_id, unit_name, or "
            "start the column name with # for notes [column.unknown]",
        ),
    }


def test_score_records_for_data_frame_partitions(rubric: Rubric) -> None:
    records = [
        {"unit_id": "a", "g1": "40", "g2.1": "85", "g2.2": "0", "g2.3": "4", "bi_ky_luat": "no"},
        {"unit_id": "b", "g1": "", "g2.1": "", "g2.2": "0", "g2.3": "4", "bi_ky_luat": "no"},
    ]
    first, second = score_records(rubric, records)
    assert (first["unit_id"], first["total"], first["tier"]) == ("a", Decimal(100), "s3")
    assert second["status"] == "rejected"
    assert second["total"] is None


# --- progress ---------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(rubric: Rubric) -> None:
    outcome = Outcome(1, "a", None, None)
    quiet = io.StringIO()
    bar = ProgressBar(quiet, lambda: 0.5, every=2)
    for _ in range(4):
        bar.update(outcome)
    bar.finish()
    assert quiet.getvalue() == ""
    shown = _Terminal()
    bar = ProgressBar(shown, lambda: 0.5, every=2)
    for _ in range(4):
        bar.update(outcome)
    bar.finish()
    assert shown.getvalue().startswith("\r[###############...............]  50% 2 rows, 2 rejected")
    assert shown.getvalue().endswith("4 rows, 4 rejected\n")


# --- blank sheets -----------------------------------------------------------------------------


def test_template_columns(rubric: Rubric) -> None:
    columns = template_columns(rubric, "en")
    assert [c.id for c in columns] == [
        "unit_id",
        "unit_name",
        "g1",
        "g1.1",
        "g1.1.justification",
        "g1.2",
        "g2.1",
        "g2.2",
        "g2.3",
        "bi_ky_luat",
    ]
    by_id = {c.id: c for c in columns}
    assert by_id["g1.2"].choices == ("tot", "kha", "yeu", "na")
    assert by_id["g1.1"].choices == ("true", "false")
    assert by_id["g1"].kind == "group"
    assert by_id["g2.1"].title == "Share of citizens satisfied (%) (max 30)"


def test_csv_template_reads_back_as_no_units(tmp_path: Path, rubric: Rubric) -> None:
    path = tmp_path / "t.csv"
    write_template(rubric, path, format="csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("unit_id,unit_name,g1,g1.1,g1.1.justification,g1.2")
    assert lines[1].startswith('"# mã đơn vị')  # the rubric's language
    assert list(evaluate_many(rubric, read_csv(path))) == []


def test_template_format_must_be_a_sheet(rubric: Rubric) -> None:
    with pytest.raises(ValueError, match="csv or xlsx"):
        write_template(rubric, io.StringIO(), format="yaml")
    with pytest.raises(TableError, match="needs a file name"):
        write_template(rubric, io.StringIO(), format="xlsx")


def test_score_records_as_text(rubric: Rubric) -> None:
    record = {"unit_id": "a", "g1": "40", "g2.1": "79.99", "g2.2": "1", "g2.3": "4"}
    (row,) = score_records(rubric, [{**record, "bi_ky_luat": "có"}], as_text=True)
    assert (row["row"], row["total"], row["certified"], row["tier"]) == ("1", "85", "false", "")
    assert row["failed_gates"] == "khong_ky_luat"


def test_unnamed_columns_are_harmless_until_they_hold_a_value(
    tmp_path: Path, rubric: Rubric
) -> None:
    path = tmp_path / "u.csv"
    lines = [",".join([*HEADER, "", "", "#", "#"]), ",".join([*GOOD[0], "", "", "a", "b"])]
    lines.append(",".join([*GOOD[1], "", "oops", "", ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = evaluate_many(rubric, read_csv(path))
    assert first.ok
    assert [(p.code, p.column) for p in second.problems] == [("column.unknown", 11)]
    assert "which has no name in the header" in second.problems[0].message


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("ProgressBar", "tiercert._progress"),
        ("TemplateColumn", "tiercert.template"),
        ("template_columns", "tiercert.template"),
        ("template_notes", "tiercert.template"),
        ("write_template", "tiercert.template"),
    ],
)
def test_names_that_moved_out_of_batch_still_work_with_a_warning(name: str, module: str) -> None:
    import importlib

    from tiercert import batch

    with pytest.warns(DeprecationWarning, match=f"tiercert.batch.{name} moved to {module}"):
        moved = getattr(batch, name)
    assert moved is getattr(importlib.import_module(module), name)
    with pytest.raises(AttributeError):
        batch.no_such_name  # noqa: B018


def test_an_unknown_column_is_looked_up_once_not_on_every_row(
    tmp_path: Path, rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    # its "did you mean" costs about a millisecond: 16,384 unknown columns on every row of a
    # sheet took minutes; the message is the same on every row
    import tiercert._columns as columns

    calls: list[str] = []
    real = columns.did_you_mean  # type: ignore[attr-defined]

    def counted(name: str, choices: Any) -> str:
        calls.append(name)
        return real(name, choices)

    monkeypatch.setattr(columns, "did_you_mean", counted)
    rows = [[*r, "1", "2"] for r in GOOD]
    path = _sheet(tmp_path, [*HEADER, "g2.9", "zzz.url"], rows)
    outcomes = list(evaluate_many(rubric, read_csv(path)))
    assert sorted(calls) == ["g2.9", "zzz"]
    said = [[p.message for p in o.problems if p.code == "column.unknown"] for o in outcomes]
    assert len(said) == len(GOOD)
    assert all(s == said[0] for s in said)
    assert said[0] == [
        "unknown column 'g2.9'; did you mean 'g2.3'?",
        "unknown column 'zzz.url': the rubric has no criterion 'zzz'; use criterion and fact "
        "ids, unit_id, unit_name, or start the column name with # for notes",
    ]


def test_a_column_s_long_name_is_cut_where_a_message_quotes_it(
    tmp_path: Path, rubric: Rubric
) -> None:
    """A header cell may hold 100,000 characters: the fuzzer found ``column.unknown`` quoting
    a 20,000-character name whole (twenty-fifth round).  Each message naming a column, a
    stage, a document or a group by what a header says quotes its first 60 characters."""
    from tiercert.programme import ProgrammeReader

    long = "x" * 20_000
    header = [*HEADER, long, f"{long}.url"]
    rows = [[*GOOD[0], "1", "https://example.org"]]
    outcomes = list(evaluate_many(rubric, read_csv(_sheet(tmp_path, header, rows))))
    problems = [p for o in outcomes for p in o.problems]
    assert [p.code for p in problems] == ["column.unknown", "column.unknown"]
    assert [len(p.message) < 400 for p in problems] == [True, True]
    assert all("'" + "x" * 60 + "…'" in p.message for p in problems)
    with pytest.raises(TableError) as twice:
        list(evaluate_many(rubric, read_csv(_sheet(tmp_path, [*HEADER, long, long], []))))
    assert [len(p.message) < 400 for p in twice.value.problems] == [True]
    table = tmp_path / "programme.csv"
    write_table(table, ["unit_id", f"{long}:g1.1"], [["xa-1", "có"]])
    (row,) = read_csv(table)  # read whole: the file closed
    unit = ProgrammeReader(rubric).unit(row)
    assert unit is not None
    stage = [p for p in unit.problems if p.code == "column.unknown"]
    assert [len(p.message) < 400 for p in stage] == [True]
    assert all(len(p.message) < 400 for p in unit.problems)


def test_a_column_named_by_a_title_says_whose_title_it_is(tmp_path: Path, rubric: Rubric) -> None:
    """A rubric author's pass (sixteenth round): a sheet whose header was renamed for people,
    a criterion's or a fact's title (in any of its languages, any case) in place of its id,
    said only "unknown column"; it now names the id to write."""
    header = [
        *HEADER[:5],
        "Tỷ lệ người dân hài lòng (%)",
        *HEADER[6:8],
        "the head was disciplined this year",
    ]
    outcomes = list(evaluate_many(rubric, read_csv(_sheet(tmp_path, header, GOOD[:1]))))
    said = [p for p in outcomes[0].problems if p.code == "column.unknown"]
    assert [p.message for p in said] == [
        "unknown column 'Tỷ lệ người dân hài lòng (%)'; it is the title of 'g2.1': name the "
        "column g2.1",
        "unknown column 'the head was disciplined this year'; it is the title of 'bi_ky_luat': "
        "name the column bi_ky_luat",
    ]
    assert said[0].text("vi").endswith("; đây là tên của 'g2.1': hãy đặt tên cột là g2.1")
