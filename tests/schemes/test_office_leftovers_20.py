"""What a provincial programme office met (twentieth round).

- a refused level lists the rubric's own labels, the reader's translation beside them;
- ``batch``, ``diff --impact`` and ``migrate``, plain sheets and a programme's, share one rule
  for a row that is no unit (a second header row, a total row): its one problem;
- rule 3 of ``Reader.header_row`` (every answer refused, no two alike) never takes a unit whose
  answers are misspelt level words (each offered a close answer) for a row of titles;
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import tiercert
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.tabular import read_csv

LEVELS = """\
- {id: tot, points: 6, label: {vi: Tốt, en: Good}}
- {id: kha, points: 4, label: {vi: Khá, en: Fair}}
- {id: trung_binh, points: 2, label: {vi: Trung bình, en: Average}}
- {id: yeu, points: 0, label: {vi: Yếu, en: Weak}}"""


def _criterion(cid: str, vi: str, en: str) -> str:
    levels = "\n".join("        " + line for line in LEVELS.splitlines())
    return (
        f"  - id: {cid}\n    title: {{vi: {vi}, en: {en}}}\n    max: 6\n"
        f"    rule:\n      kind: levels\n      levels:\n{levels}\n"
    )


RUBRIC = (
    "format: 1\nid: lv_demo\nversion: '1'\nlanguage: vi\ntitle: {vi: Mẫu, en: Demo}\n"
    "criteria:\n"
    + _criterion("a", "Tiếp dân", "Reception")
    + _criterion("b", "Công khai", "Openness")
    + _criterion("c", "Hài lòng", "Satisfaction")
    + "tiers:\n  - {id: dat, label: {vi: Đạt, en: Passed}, min: 10, rank: 1, certified: true}\n"
)


@pytest.fixture
def levels_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "lv.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- a unit of misspelt level words is no row of titles ---------------------------------------


def test_a_unit_of_misspelt_level_words_is_told_each_cell_not_taken_for_titles(
    levels_rubric: Path, tmp_path: Path
) -> None:
    """Every answer refused and no two alike: rule 3 took the unit ``xa-b`` for a row of
    titles and told the office to delete it; each cell offered a close level ("did you
    mean 'Tốt'?"), so it is a unit, each cell told what to fix; a row of titles is still one
    ``row.header`` problem."""
    sheet = _write(
        tmp_path / "u.csv",
        [
            ["unit_id", "unit_name", "a", "b", "c"],
            ["xa-a", "Xã A", "Tốt", "Khá", "Yếu"],
            ["xa-b", "Xã B", "Tốtt", "Kháa", "Trung bìnhh"],
            ["Mã", "Tên", "Tiếp dân", "Công khai", "Hài lòng"],
        ],
    )
    rubric = tiercert.load_rubric(levels_rubric)
    for engine in ("fast", "reference"):
        first, unit, titles = evaluate_many(rubric, read_csv(sheet), engine=engine)
        assert first.ok
        assert [(p.code, p.where) for p in unit.problems] == [
            ("answer.invalid", "a"),
            ("answer.invalid", "b"),
            ("answer.invalid", "c"),
        ]
        assert "did you mean 'Tốt'?" in unit.problems[0].message
        assert [p.code for p in titles.problems] == ["row.header"]
    status, out, _ = _cli("batch", str(levels_rubric), str(sheet), "--summary", "none")
    assert status == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "row.header" not in rows[1]["problems"]
    assert "row.header" in rows[2]["problems"]


# --- a refused level lists the rubric's labels ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        ("vi", "tot (Tốt), kha (Khá), trung_binh (Trung bình), yeu (Yếu)"),
        ("en", "tot (Tốt / Good), kha (Khá / Fair), trung_binh (Trung bình / Average)"),
    ],
)
def test_a_refused_level_lists_the_rubrics_labels_with_the_readers_beside_them(
    lang: str, listed: str, levels_rubric: Path, tmp_path: Path
) -> None:
    """The sheet of a Vietnamese rubric is typed with its Vietnamese labels: read with
    ``--lang en``, a refused level listed only the English ones (``tot (Good)``), words no
    one typed; the rubric's own come first, the reader's translation beside them."""
    sheet = _write(
        tmp_path / "u.csv",
        [["unit_id", "unit_name", "a", "b", "c"], ["xa-a", "Xã A", "Tuyệt vời", "Khá", "Yếu"]],
    )
    status, out, _ = _cli(
        "batch", str(levels_rubric), str(sheet), "--lang", lang, "--summary", "none"
    )
    assert status == 1
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert listed in row["problems"]


def test_a_rubric_in_english_lists_its_english_labels_first(tmp_path: Path) -> None:
    """The rubric's own language decides, not which label is written first; a label given
    as plain text is the rubric's own; a reader whose language has no label reads the
    rubric's."""
    text = RUBRIC.replace("language: vi", "language: en").replace(
        "{id: yeu, points: 0, label: {vi: Yếu, en: Weak}}", "{id: yeu, points: 0, label: Weak}"
    )
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    sheet = _write(
        tmp_path / "u.csv",
        [["unit_id", "unit_name", "a", "b", "c"], ["xa-a", "Xã A", "Great", "Fair", "Weak"]],
    )
    [outcome] = evaluate_many(rubric, read_csv(sheet))
    [problem] = outcome.problems
    assert "tot (Good / Tốt), kha (Fair / Khá), trung_binh (Average / Trung bình), yeu (Weak)" in (
        problem.text("vi")
    )
    assert "tot (Good), kha (Fair), trung_binh (Average), yeu (Weak)" in problem.text("en")


# --- one rule for a row that is no unit, in every command that reads a sheet of units -----------

ROOT = Path(__file__).resolve().parents[2]
BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _new_version(tmp_path: Path) -> Path:
    text = BAC_GIANG.read_text(encoding="utf-8").replace(
        'version: "2023-provisional.1"', "version: '2024.1'"
    )
    assert "version: '2024.1'" in text
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _numbered_and_total(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` with a row numbering the columns under the header and a total row after."""
    header = rows[0]
    numbers = [f"({i + 1})" for i in range(len(header))]
    total = ["Tổng cộng"] + [""] * (len(header) - 1)
    return [header, numbers, *rows[1:4], total]


def _migrated(old: Path | str, new: Path, sheet: Path) -> dict[str, list[str]]:
    status, out, _ = _cli("migrate", str(old), str(new), str(sheet), "--format", "json")
    assert status in (0, 1, 2), out
    import json

    return {str(u["unit_id"]): [p["code"] for p in u["problems"]] for u in json.loads(out)["units"]}


def test_migrate_says_a_row_numbering_the_columns_and_a_total_row_are_no_units(
    tmp_path: Path,
) -> None:
    """``migrate`` carried a row numbering the columns as a unit ``(1)`` whose every answer
    was to be given anew; ``batch`` says it is a second header row."""
    rows = _numbered_and_total(_read(ROOT / "examples" / "bac_giang_units.csv"))
    sheet = _write(tmp_path / "units.csv", rows)
    units = _migrated(BAC_GIANG, _new_version(tmp_path), sheet)
    assert units["(1)"] == ["row.header"]
    assert units["Tổng cộng"] == ["row.summary"]
    assert [units[r[0]] for r in rows[2:5]] == [[], [], []]


def test_migrate_says_a_row_of_titles_is_no_unit_and_a_misspelt_unit_is_one(
    levels_rubric: Path, tmp_path: Path
) -> None:
    """Rule 3 needs the row's answers read: ``migrate`` reads them as ``batch`` does."""
    sheet = _write(
        tmp_path / "u.csv",
        [
            ["unit_id", "unit_name", "a", "b", "c"],
            ["xa-b", "Xã B", "Tốtt", "Kháa", "Trung bìnhh"],
            ["Mã", "Tên", "Tiếp dân", "Công khai", "Hài lòng"],
        ],
    )
    new = tmp_path / "lv2.yaml"
    new.write_text(RUBRIC.replace("version: '1'", "version: '2'"), encoding="utf-8")
    units = _migrated(levels_rubric, new, sheet)
    assert units == {"xa-b": [], "Mã": ["row.header"]}


def test_a_programme_sheet_says_a_header_row_and_a_total_row_once(tmp_path: Path) -> None:
    """A programme's sheet (stages, attributes, dossier) gave a row numbering the columns
    ``row.header`` among twelve problems of its attributes and dossier, and a total row one
    ``row.summary`` per stage in ``migrate``: one problem each, as a plain sheet's."""
    rows = _numbered_and_total(_read(ROOT / "examples" / "bac_giang_programme" / "round_2024.csv"))
    sheet = _write(tmp_path / "round.csv", rows)
    out = tmp_path / "out.csv"
    status, _, _ = _cli(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(out), "--summary", "none", "--lang", "en"
    )
    assert status == 1
    with out.open(encoding="utf-8-sig", newline="") as handle:
        results = {r["unit_id"]: r for r in csv.DictReader(handle)}
    assert results["(1)"]["problems"].count("[") == 1
    assert results["(1)"]["problems"].endswith("[row.header]")
    assert results["Tổng cộng"]["problems"].count("[") == 1
    assert results["Tổng cộng"]["problems"].endswith("[row.summary]")
    units = _migrated(BAC_GIANG, _new_version(tmp_path), sheet)
    assert units["(1)"] == ["row.header"]
    assert units["Tổng cộng"] == ["row.summary"]
    status, text, _ = _cli(
        "diff", str(BAC_GIANG), str(_new_version(tmp_path)), "--impact", str(sheet), "--lang", "en"
    )
    assert "[row.header] (and" not in text
    assert "[row.header]" in text
    assert "[row.summary]" in text


# --- control characters and bidi overrides in a unit's id or name, in every output ---------------

ESCAPED_NAME = "Xã \x1b[31mĐỏ\x1b[0m \u202eB\tC"
SHOWN_NAME = "Xã \\x1b[31mĐỏ\\x1b[0m \\u202eB\\tC"


def _hostile_sheet(tmp_path: Path, suffix: str) -> Path:
    rows = _read(ROOT / "examples" / "bac_giang_units.csv")[:4]
    rows[1][1] = ESCAPED_NAME
    rows[2][0] = "xa-\x1b1"  # an id that does not print: refused, as before
    if suffix == ".xlsx":  # (a workbook cannot hold the C0 controls: bidi and C1 only)
        rows[1][1] = ESCAPED_NAME.replace("\x1b", "\x9b").replace("\t", "\u200b")
        rows[2][0] = "xa-\u200b1"
    rows[3][1] = "Phường \x85K"  # a C1 control (NEL), ASCII-free
    if suffix == ".csv":
        return _write(tmp_path / "units.csv", rows)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    path = tmp_path / "units.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("given", [".csv", ".xlsx"])
def test_a_spreadsheet_cell_shows_what_does_not_print_as_its_escape(
    given: str, tmp_path: Path
) -> None:
    """A unit name holding an escape sequence or a bidi override was written raw into a CSV
    file (a spreadsheet shows nothing there or reorders the cell; printed on a terminal, the
    file recolours it) and, but for the C0 controls XML cannot hold, into XLSX: both show
    every character that does not print as its escape, as the terminal does, whether the
    row loop (a CSV sheet) or the usual path (a workbook) scored it; JSON Lines keep the text
    exactly.  A refused id is shown the same way in its row."""
    import json

    import openpyxl

    sheet = _hostile_sheet(tmp_path, given)
    csv_out, xlsx_out, jsonl_out = (tmp_path / f"r{s}" for s in (".csv", ".xlsx", ".jsonl"))
    for out in (csv_out, xlsx_out, jsonl_out):
        status, _, _ = _cli("batch", "bac_giang_friendly_gov", str(sheet), "-o", str(out))
        assert status == 1
    with csv_out.open(encoding="utf-8-sig", newline="") as handle:
        written = [r[:3] for r in csv.reader(handle)][1:]
    expected = [
        ["2", "xa-mau-h", SHOWN_NAME],
        ["3", "xa-\\x1b1", "Xã Mẫu I"],
        ["4", "phuong-mau-k", "Phường \\x85K"],
    ]
    if given == ".xlsx":
        expected[0][2] = SHOWN_NAME.replace("\\x1b", "\\x9b").replace("\\t", "\\u200b")
        expected[1][1] = "xa-\\u200b1"
    assert written == expected
    book = openpyxl.load_workbook(xlsx_out, read_only=True)
    results = book.active
    cells = [[str(c) for c in r[:3]] for r in results.iter_rows(min_row=2, values_only=True)]
    book.close()
    assert cells == expected
    lines = [json.loads(line) for line in jsonl_out.read_text(encoding="utf-8").splitlines()]
    ids = ["xa-mau-h", "xa-\x1b1", "phuong-mau-k"]
    names = [ESCAPED_NAME, "Xã Mẫu I", "Phường \x85K"]
    if given == ".xlsx":
        ids[1] = "xa-\u200b1"
        names[0] = ESCAPED_NAME.replace("\x1b", "\x9b").replace("\t", "\u200b")
    assert [(r["unit_id"], r["unit_name"]) for r in lines] == list(zip(ids, names, strict=True))
    assert "\u202e" not in jsonl_out.read_text(encoding="utf-8")  # (as JSON escapes)


def test_a_line_break_in_a_name_is_kept_in_a_cell(tmp_path: Path) -> None:
    from tiercert.tabular import csv_text

    assert csv_text("Xã A\nHuyện B") == "Xã A\nHuyện B"
    assert csv_text("=\x1b") == "'=\\x1b"
    assert csv_text("\u202e=1") == "\\u202e=1"


def test_migrate_refuses_a_spreadsheet_whose_cell_would_be_read_back_otherwise(
    tmp_path: Path,
) -> None:
    """An answers sheet is read back as data: a cell shown as its escape would be other
    text, so a CSV or XLSX ``migrate -o`` is refused (``file.character``); JSON Lines keep
    it."""
    rows = _read(ROOT / "examples" / "bac_giang_units.csv")[:2]
    rows[1][1] = "Xã \u202eA"
    sheet = _write(tmp_path / "units.csv", rows)
    new = _new_version(tmp_path)
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"m{suffix}"
        status, _, err = _cli("migrate", str(BAC_GIANG), str(new), str(sheet), "-o", str(out))
        assert status == 2
        assert "[file.character]" in err
        assert not out.exists()
    status, _, err = _cli(
        "migrate", str(BAC_GIANG), str(new), str(sheet), "-o", str(tmp_path / "m.jsonl")
    )
    assert "[file.character]" not in err


# --- a header wrapped by hand ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_header_cell_wrapped_by_hand_names_its_column(suffix: str, tmp_path: Path) -> None:
    """An office wraps long column names with Alt+Enter (``self:`` on one line, ``g1`` on the
    next): every stage column was unknown (``'\\ng1'``) and every row refused.  A line break
    next to the ``:`` is taken out, elsewhere read as a space."""
    from tiercert.tabular import read_rows

    rows = _read(ROOT / "examples" / "bac_giang_programme" / "round_2024.csv")[:3]
    header = [
        name.replace(":", ":\n", 1) if ":" in name else name.replace("_", "_\r\n", 1)
        for name in rows[0]
    ]
    header[-1] = "#ghi\n chú"
    if suffix == ".csv":
        sheet = _write(tmp_path / "round.csv", [header, *rows[1:]])
    else:
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        for row in [header, *rows[1:]]:
            ws.append(row)
        sheet = tmp_path / "round.xlsx"
        book.save(sheet)
    read = read_rows(sheet)
    first = next(iter(read))
    assert first.header[:2] == ("unit_id", "unit_name")
    assert first.header[5] == "self:g1"
    assert first.header[-1] == "#ghi chú"
    status, _, err = _cli(
        "batch", str(BAC_GIANG), str(sheet), "--summary", "none", "-o", str(tmp_path / "o.csv")
    )
    assert status == 0, err


def test_progress_leaves_a_total_row_batch_refused_unsaid(tmp_path: Path) -> None:
    """A round's results keep the total row ``batch`` refused (``row.summary``): ``progress``
    then said of it, as an error, that the row had no ``year``; it is no unit of any round."""
    rows = _read(ROOT / "examples" / "bac_giang_programme" / "round_2024.csv")
    total = ["Tổng cộng"] + [""] * (len(rows[0]) - 1)
    sheet = _write(tmp_path / "round.csv", [*rows, total])
    results = tmp_path / "r2024.csv"
    status, _, _ = _cli(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(results), "--summary", "none"
    )
    assert status == 1
    status, out, err = _cli("progress", str(results), "--lang", "en")
    assert "progress.round" not in out + err
    assert "Round 2024:" in out


def test_the_same_date_in_two_number_formats_is_quoted_as_each_cell_shows_it(
    tmp_path: Path,
) -> None:
    """A guard: the row loop's memo of refused cells' problems is keyed by a CSV cell's text
    (only a CSV sheet goes through it); a workbook's date cells, one value in two number
    formats, each go the usual way and each message quotes what its cell shows."""
    import datetime as dt

    import openpyxl

    rows = _read(ROOT / "examples" / "bac_giang_units.csv")[:4]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(rows[0])
    formats = ["dd/mm/yyyy", "yyyy-mm-dd", "dd/mm/yyyy"]
    for i, row in enumerate(rows[1:]):
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
        cell = sheet.cell(row=i + 2, column=rows[0].index("g2") + 1)
        cell.value, cell.number_format = dt.datetime(2024, 3, 5), formats[i]
    path = tmp_path / "dates.xlsx"
    book.save(path)
    outcomes = list(evaluate_many(tiercert.load_rubric(BAC_GIANG), tiercert.read_rows(path)))
    shown = [o.problems[0].text("vi") for o in outcomes]
    assert "'05/03/2024'" in shown[0]
    assert "'2024-03-05'" in shown[1]
    assert "'05/03/2024'" in shown[2]


def test_two_title_rows_above_the_header_are_named_as_a_title(tmp_path: Path) -> None:
    """A report's sheet with two merged title rows above its column names was told only that
    it had no ``unit_id`` column (it has, in row 3); a first row of one cell of words says
    it is a title to delete.  A one-column sheet named otherwise is told as before."""
    import openpyxl

    rows = _read(ROOT / "examples" / "bac_giang_units.csv")[:3]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"])
    sheet.append(["BẢNG TỔNG HỢP KẾT QUẢ NĂM 2024"])
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:E2")
    path = tmp_path / "report.xlsx"
    book.save(path)
    status, _, err = _cli("batch", str(BAC_GIANG), str(path), "--lang", "en")
    assert status == 1
    assert (
        "report.xlsx:1:1: error: the first row is not the header: it holds only a title "
        "('ỦY BAN NHÂN DÂN TỈNH BẮC GIANG')"
    ) in err
    one = _write(tmp_path / "ids.csv", [["ma_xa"], ["xa-1"]])
    status, _, err = _cli("batch", str(BAC_GIANG), str(one), "--lang", "en")
    assert "only a title" not in err
    assert "[table.unit_id]" in err
