"""The batch commands end to end: golden outputs for each command and format, round trips,
Vietnamese text on every path, and outputs that survive an interrupted run.

Regenerate the golden files after an intended change with ``python tools/regen.py`` and review
the diff.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import TESTS
from conftest import golden as check_golden
from tiercert.batch import ResultTable
from tiercert.cli import main

GOLDEN = TESTS / "golden" / "batch"
NAMES = ["Xã An Hà", "Xã Bình Minh", "Phường Cầu Gỗ", "Thị trấn Gò Quao"]


@pytest.fixture
def work(batch_work: Path) -> Path:
    """A copy of the inputs as the working directory: every path in the outputs is relative."""
    return batch_work


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def workbook_text(path: Path) -> str:
    """Every sheet's cells, one row per line: a readable stand-in for a binary file."""
    book = openpyxl.load_workbook(path, read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else repr(v) for v in row))
    book.close()
    return "\n".join(lines) + "\n"


# --- golden outputs ---------------------------------------------------------------------------


def test_batch_csv_to_standard_output(work: Path) -> None:
    status, out, err = run("batch", "rubric.yaml", "units.csv")
    assert status == 1  # rows were rejected
    golden("batch_csv.out.csv", out)
    golden("batch_csv.err.txt", err)


def test_batch_from_standard_input(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same sheet piped in: the same results; problems name <stdin> instead of the file
    stdin = io.TextIOWrapper(io.BytesIO((work / "units.csv").read_bytes()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, err = run("batch", "rubric.yaml", "-")
    assert status == 1
    assert out == (GOLDEN / "batch_csv.out.csv").read_text(encoding="utf-8")
    assert err == (GOLDEN / "batch_csv.err.txt").read_text(encoding="utf-8").replace(
        "units.csv", "<stdin>"
    )
    status, _, err = run("batch", "rubric.yaml", "-", "--sheet", "units")
    assert status == 2
    assert "[file.sheet]" in err


def test_batch_summary_json(work: Path) -> None:
    status, _, err = run("batch", "rubric.yaml", "units.csv", "--summary", "json")
    assert status == 1
    # the stream of a JSON summary holds the JSON alone (row problems are in the results)
    assert json.loads(err)["scored"] == 4
    golden("batch_summary.json", err)


def test_batch_to_jsonl_with_markdown_summary(work: Path) -> None:
    status, out, err = run(
        "batch", "rubric.yaml", "units.csv", "-o", "results.jsonl", "--summary", "markdown"
    )
    assert status == 1
    golden("batch_summary.md", out)  # with -o, the summary goes to standard output
    golden("batch_csv.out.jsonl", (work / "results.jsonl").read_text(encoding="utf-8"))
    assert "units.csv, dòng 6, cột F: lỗi: g1.2:" in err  # the rubric's language


def test_batch_to_xlsx(work: Path) -> None:
    status, _, _ = run(
        "batch", "rubric.yaml", "units.csv", "-o", "results.xlsx", "--summary", "none"
    )
    assert status == 1
    golden("batch_csv.out.xlsx.txt", workbook_text(work / "results.xlsx"))


def test_batch_from_json_lines(work: Path) -> None:
    status, out, err = run("batch", "rubric.yaml", "units.jsonl", "--summary", "none")
    assert status == 1
    golden("batch_jsonl.out.csv", out)
    golden("batch_jsonl.err.txt", err)


def test_json_lines_problems_are_placed_as_people_read_them(work: Path) -> None:
    """A JSON Lines file's problems say its line (and the character where the JSON goes
    wrong) as a sheet's say its row and column, in the reader's language, and no ``$:``."""
    lines = (work / "units.jsonl").read_text(encoding="utf-8").splitlines()
    (work / "u.ndjson").write_text(
        lines[0]
        + "\n"
        + '{"unit_id": "x", oops}\n'
        + "[1]\n"
        + lines[0].replace('"unit_id": "', '"g9": 1, "unit_id": "z', 1)
        + "\n",
        encoding="utf-8",
    )
    status, _, err = run("batch", "rubric.yaml", "u.ndjson", "--summary", "none")
    assert status == 1
    said = err.splitlines()
    assert said[0].startswith("u.ndjson, dòng 2, ký tự 18: lỗi: JSON không hợp lệ ở ký tự thứ 18")
    assert said[1].startswith("u.ndjson, dòng 3: lỗi: mỗi dòng phải là một đối tượng JSON")
    assert said[2].startswith("u.ndjson, dòng 4: lỗi: g9: không nhận ra cột 'g9'")
    assert "$" not in err
    status, _, err = run("batch", "rubric.yaml", "u.ndjson", "--summary", "none", "--lang", "en")
    said = err.splitlines()
    assert said[0].startswith("u.ndjson:2:18: error: not valid JSON at column 18")
    assert said[1].startswith("u.ndjson:3:1: error: each line must be a JSON object")
    assert said[2].startswith("u.ndjson:4:1: error: g9: unknown column 'g9'")
    assert "$" not in err


@pytest.mark.parametrize("output", ["out.csv", "out.jsonl", "out.xlsx"])
def test_half_a_surrogate_pair_in_a_json_line_is_that_rows_problem(work: Path, output: str) -> None:
    # JSON may escape half of a UTF-16 pair ("\\ud800"): no character, which no UTF-8 output
    # can write; the batch stopped with an internal error (UnicodeEncodeError) writing it
    first = (work / "units.jsonl").read_text(encoding="utf-8").splitlines()[0]
    lone = first.replace('"unit_id": "', '"unit_id": "\\ud800', 1)
    assert lone != first
    (work / "lone.jsonl").write_text(lone + "\n" + first + "\n", encoding="utf-8")
    status, _out, err = run("batch", "rubric.yaml", "lone.jsonl", "-o", output)
    assert "internal error" not in err
    assert status == 1
    path = work / output
    written = workbook_text(path) if output.endswith("xlsx") else path.read_text(encoding="utf-8")
    assert "\\ud800" in written
    assert "[row.json]" in written
    assert "lone.jsonl, dòng 1: lỗi: " in err


def test_batch_from_a_folder(work: Path) -> None:
    status, out, err = run("batch", "rubric.yaml", "folder", "--summary", "none")
    assert status == 1
    golden("batch_folder.out.csv", out)
    golden("batch_folder.err.txt", err)


def test_template_csv(work: Path) -> None:
    status, out, err = run("template", "rubric.yaml", "--format", "csv")
    assert (status, err) == (0, "")
    golden("template.csv", out)
    assert run("template", "rubric.yaml", "-o", "t.csv") == (0, "", "đã ghi t.csv\n")
    # the file has a byte-order mark for spreadsheet programs; the content is the same
    assert (work / "t.csv").read_bytes() == b"\xef\xbb\xbf" + out.encode("utf-8")


def test_template_xlsx(work: Path) -> None:
    assert run("template", "rubric.yaml", "-o", "units.xlsx") == (0, "", "đã ghi units.xlsx\n")
    golden("template.xlsx.txt", workbook_text(work / "units.xlsx"))
    book = openpyxl.load_workbook(work / "units.xlsx")
    # a Vietnamese reader's sheets and prompts are in Vietnamese, not ids (fourteenth round)
    assert book.sheetnames == ["đơn vị", "hướng dẫn"]
    sheet = book["đơn vị"]
    found = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    prompts = {str(v.sqref): v.promptTitle for v in sheet.data_validations.dataValidation}
    assert prompts["J2:J10000"] == "Người đứng đầu bị kỷ luật trong…"  # clipped at 32
    assert all(not title.startswith(("g1", "g2")) for title in prompts.values()), prompts
    assert "'đơn vị'" in book["hướng dẫn"]["A2"].value
    # the id and name columns are text: a commune code typed 07210 stays 07210 (as General,
    # Excel stored the number 7210); answer columns keep numbers (sixteenth round)
    formats = {k: d.number_format for k, d in sheet.column_dimensions.items()}
    assert (formats["A"], formats["B"], formats["C"]) == ("@", "@", "General")
    flags = '"true,false,có,đạt,đúng,không,không đạt,chưa đạt,sai"'  # the rubric is Vietnamese
    assert found == {  # drop-down lists where the answer is one of a few words, number ranges
        "C2:C10000": "AND(ISNUMBER(C2),C2>=0,C2<=40)",
        "D2:D10000": flags,
        "F2:F10000": '"Tốt,Khá,Yếu,na"',  # the levels by their labels
        "G2:G10000": "AND(ISNUMBER(G2),G2>=0,G2<=100)",
        "H2:H10000": "AND(ISNUMBER(H2),H2>=0,H2=INT(H2))",
        "I2:I10000": "AND(ISNUMBER(I2),I2>=0,I2=INT(I2))",
        "J2:J10000": flags,
    }


def test_template_yaml_and_json_to_files(work: Path) -> None:
    assert run("template", "rubric.yaml", "-o", "a.yaml") == (0, "", "đã ghi a.yaml\n")
    assert (work / "a.yaml").read_text(encoding="utf-8") == run("template", "rubric.yaml")[1]
    assert run("template", "rubric.yaml", "-o", "a.json")[0] == 0
    entries = json.loads((work / "a.json").read_text(encoding="utf-8"))
    assert entries[0]["id"] == "g1"


def test_score_markdown_and_report_files(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1734652800")  # the page says 2024-12-20
    status, out, _ = run("score", "rubric.yaml", "folder/xa-an-ha.yaml", "--format", "markdown")
    assert status == 0
    golden("score.md", out)
    assert run("report", "rubric.yaml", "folder/xa-an-ha.yaml", "-o", "unit.md") == (
        0,
        "",
        "đã ghi unit.md\n",
    )
    assert (work / "unit.md").read_text(encoding="utf-8") == out
    assert (
        run("report", "rubric.yaml", "folder/xa-an-ha.yaml", "-o", "unit.html", "--round", "2024")[
            0
        ]
        == 0
    )
    golden("report.html", (work / "unit.html").read_text(encoding="utf-8"))
    assert run("report", "rubric.yaml", "folder/xa-an-ha.yaml")[1] == out  # stdout: Markdown
    status, text, _ = run("report", "rubric.yaml", "folder/xa-an-ha.yaml", "--format", "text")
    assert text.startswith("Xã An Hà (xa-a): Bộ tiêu chí thử nghiệm")


@pytest.mark.parametrize(
    ("args", "status", "name"),
    [
        (["batch", "rubric.yaml", "missing.csv"], 2, "error_missing_input.txt"),
        (["batch", "rubric.yaml", "rubric.yaml"], 2, "error_input_format.txt"),
        (["batch", "rubric.yaml", "units.csv", "-o", "r.txt"], 2, "error_output_format.txt"),
        (["batch", "missing.yaml", "units.csv"], 2, "error_missing_rubric.txt"),
        (["template", "rubric.yaml", "--format", "xlsx"], 2, "error_xlsx_stdout.txt"),
        (["batch", "rubric.yaml", "no_unit_id.csv"], 1, "error_no_unit_id.txt"),
    ],
)
def test_errors(work: Path, args: list[str], status: int, name: str) -> None:
    (work / "no_unit_id.csv").write_text("unit_name,g1\nXã A,40\n", encoding="utf-8")
    got, out, err = run(*args)
    assert got == status
    golden(name, out + err)


# --- round trips and text ---------------------------------------------------------------------


def test_xlsx_round_trip_template_filled_then_batch(work: Path) -> None:
    assert run("template", "rubric.yaml", "-o", "units.xlsx")[0] == 0
    book = openpyxl.load_workbook(work / "units.xlsx")
    sheet = book["đơn vị"]  # the reader reads the first sheet, by any name
    header = [cell.value for cell in sheet[1]]
    units = [
        {"unit_id": "xa-a", "unit_name": NAMES[0], "g1.1": "có", "g1.1.justification": "QĐ 12",
         "g1.2": "kha", "g2.1": 79.99, "g2.2": 1, "g2.3": 4, "bi_ky_luat": False},
        {"unit_id": "xa-b", "unit_name": NAMES[1], "g1": 35, "g2.1": 85, "g2.2": 0, "g2.3": 4,
         "bi_ky_luat": "không"},
        {"unit_id": 7, "unit_name": NAMES[2], "g1.1": True, "g1.2": "na", "g2.1": 80, "g2.2": 0,
         "g2.3": 2, "bi_ky_luat": False},
        {"unit_id": "xa-d", "unit_name": NAMES[3], "g1": 50, "g2.1": 85, "g2.2": 0, "g2.3": 4,
         "bi_ky_luat": False},
    ]  # fmt: skip
    for unit in units:
        sheet.append([unit.get(name) for name in header])
    book.save(work / "filled.xlsx")

    status, out, err = run("batch", "rubric.yaml", "filled.xlsx", "-o", "results.xlsx")
    assert status == 1
    assert err == (
        "filled.xlsx, dòng 5, cột C: lỗi: g1: điểm của 'g1' phải là một số từ 0 đến 40, nhưng "
        "nhận được 50 [answer.range]\n"
    )
    assert out.startswith(
        "Bộ tiêu chí thử nghiệm (thu-nghiem 1)\nĐơn vị: 3 được chấm, 1 bị từ chối"
    )
    results = openpyxl.load_workbook(work / "results.xlsx", read_only=True)
    # the sheet is named in the rubric's language, as the template's are
    rows = list(results["kết quả"].iter_rows(values_only=True))
    columns = rows[0]
    got = [dict(zip(columns, row, strict=True)) for row in rows[1:]]
    assert [(r["unit_id"], r["unit_name"], r["total"], r["tier"]) for r in got] == [
        ("xa-a", NAMES[0], 75, "s1"),
        ("xa-b", NAMES[1], 95, "s3"),
        ("7", NAMES[2], 55, None),
        ("xa-d", NAMES[3], None, None),
    ]
    assert got[0]["certified"] is True
    assert got[3]["status"] == "rejected"
    results.close()


def test_vietnamese_survives_every_path(work: Path) -> None:
    assert (work / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    run("batch", "rubric.yaml", "units.csv", "-o", "r.csv", "--summary", "none")
    run("batch", "rubric.yaml", "units.csv", "-o", "r.jsonl", "--summary", "none")
    run("batch", "rubric.yaml", "units.csv", "-o", "r.xlsx", "--summary", "none")
    _, markdown, _ = run(
        "batch", "rubric.yaml", "units.csv", "-o", "r2.csv", "--summary", "markdown"
    )
    csv_text = (work / "r.csv").read_text(encoding="utf-8-sig")
    jsonl = [
        json.loads(line) for line in (work / "r.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    xlsx = workbook_text(work / "r.xlsx")
    for name in NAMES:
        assert name in csv_text
        assert name in xlsx
        assert name in [r["unit_name"] for r in jsonl]
    assert "Bộ tiêu chí thử nghiệm" in markdown
    assert "| 3 sao | 1 | 25% |" in markdown
    _, report, _ = run("report", "rubric.yaml", "folder/xa-an-ha.yaml")
    assert "Người đứng đầu không bị kỷ luật" in report


# --- interrupted runs -------------------------------------------------------------------------


@pytest.fixture
def previous(work: Path) -> Iterator[Path]:
    """A good earlier output that must survive."""
    assert run("batch", "rubric.yaml", "folder", "-o", "results.csv")[0] == 1
    yield work / "results.csv"
    assert sorted(p.name for p in work.iterdir() if p.name.endswith(".part")) == []


def test_an_interrupted_batch_leaves_the_previous_output(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = previous.read_bytes()
    real = ResultTable.row
    calls = {"n": 0}

    def interrupted(self: ResultTable, outcome: Any) -> list[object]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(self, outcome)

    monkeypatch.setattr(ResultTable, "row", interrupted)
    status, _, err = run("batch", "rubric.yaml", "units.csv", "-o", "results.csv")
    assert status == 130
    assert err.endswith("tiercert: đã dừng giữa chừng; results.csv được giữ nguyên như cũ\n")
    assert previous.read_bytes() == before


def test_an_input_failing_midway_leaves_the_previous_output(previous: Path, work: Path) -> None:
    before = previous.read_bytes()
    good = (work / "units.csv").read_bytes()
    (work / "broken.csv").write_bytes(good + b"xa-z,Th\xe0nh,,c\xf3\n" * 3000)
    status, _, err = run("batch", "rubric.yaml", "broken.csv", "-o", "results.csv")
    assert status == 2
    assert "[file.encoding]" in err
    # in the run's language, as the problem above it and the interrupted run's line
    assert err.endswith("tiercert: results.csv được giữ nguyên như cũ\n")
    assert previous.read_bytes() == before


# --- exit status and progress -----------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_clean_batch_exits_zero_and_shows_progress_on_a_terminal(work: Path) -> None:
    rows = ["unit_id,unit_name,g1,g2.1,g2.2,g2.3,bi_ky_luat"]
    rows += [f"u{i},Đơn vị {i},40,85,0,4,không" for i in range(1200)]
    (work / "many.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, err = io.StringIO(), _Terminal()
    status = main(["batch", "rubric.yaml", "many.csv", "-o", "r.csv"], stdout=out, stderr=err)
    assert status == 0
    assert "\r[" in err.getvalue()
    # the rubric's language, Vietnamese: its words, and its thousands separator
    assert "1.200 dòng, 0 bị từ chối\n" in err.getvalue()
    assert "Đơn vị: 1200 được chấm, không đơn vị nào bị từ chối" in out.getvalue()
    english = _Terminal()
    args = ["batch", "rubric.yaml", "many.csv", "-o", "r.csv", "--lang", "en"]
    assert main(args, stdout=io.StringIO(), stderr=english) == 0
    assert "1,200 rows, 0 rejected\n" in english.getvalue()
    quiet = io.StringIO()
    assert main(["batch", "rubric.yaml", "many.csv", "-o", "r.csv"], stdout=out, stderr=quiet) == 0
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kind", ["file", "stdin", "xlsx"])
def test_a_sheet_of_its_header_alone_is_scored_as_no_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, jobs: str
) -> None:
    # seventeenth round: a CSV file of its header alone ended in an internal error (the
    # reading ahead met its end and closed it; the row loop then read the closed file)
    rubric = str(TESTS.parent / "rubrics" / "bac_giang_friendly_gov.yaml")
    header = ["unit_id", "unit_name", "g1", "g2", "g3", "g4", "g5"]
    out = tmp_path / "out.csv"
    if kind == "xlsx":
        sheet = tmp_path / "units.xlsx"
        book = openpyxl.Workbook()
        book.active.append(header)
        book.save(sheet)
        source = str(sheet)
    else:
        (tmp_path / "units.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        source = str(tmp_path / "units.csv")
    if kind == "stdin":
        monkeypatch.setattr(
            "sys.stdin", io.TextIOWrapper(io.BytesIO(b",".join(h.encode() for h in header) + b"\n"))
        )
        source = "-"
    err = io.StringIO()
    status = main(
        ["batch", rubric, source, "-o", str(out), "--jobs", jobs, "--lang", "en"],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert (status, err.getvalue()) == (0, "")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("row,unit_id,unit_name,status,total,")
