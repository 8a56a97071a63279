"""The programme's commands end to end on the shipped example (examples/bac_giang_programme):
batch with stages, attributes and dossier, --by, progress across rounds, recognition lists."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, run_cli

RUBRIC = "bac_giang_friendly_gov"
ROUNDS = EXAMPLES / "bac_giang_programme"


@pytest.fixture
def scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three rounds scored, as round_YEAR.csv, .jsonl and .xlsx in the working folder."""
    monkeypatch.chdir(tmp_path)
    for year, suffix in (("2023", "csv"), ("2024", "jsonl"), ("2025", "xlsx")):
        status, _, err = run_cli(
            "batch", RUBRIC, str(ROUNDS / f"round_{year}.csv"), "-o", f"round_{year}.{suffix}",
            "--summary", "none",
        )  # fmt: skip
        assert status == 0, err
    return tmp_path


def test_batch_writes_attributes_stages_and_the_rubric(scored: Path) -> None:
    with open(scored / "round_2023.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 9
    row = next(r for r in rows if r["unit_id"] == "xa-dong-lam")
    assert (row["district"], row["unit_type"], row["year"]) == ("Huyện Mẫu Hai", "xã", "2023")
    assert (row["self.total"], row["district.total"], row["total"]) == ("87", "70", "70")
    assert row["decided_by"] == "district"
    assert "district (from self): certified true -> false" in row["flags"]
    assert row["rubric_id"] == RUBRIC
    assert row["rubric_fingerprint"].startswith("sha256:")
    gap = next(r for r in rows if r["unit_id"] == "phuong-minh-khai")
    assert gap["missing_evidence"] == "g3"


def test_batch_by_district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(
        "batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "--by", "district", "-o", "r.csv",
        "--summary", "json", "--lang", "en",
    )  # fmt: skip
    assert status == 0
    data = json.loads(out)
    assert [g["value"] for g in data["groups"]] == [
        "Huyện Mẫu Hai",
        "Huyện Mẫu Một",
        "Thành phố Mẫu",
    ]
    assert sum(g["certified"] for g in data["groups"]) == data["all"]["certified"] == 8
    status, _, err = run_cli(
        "batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "--by", "huyen", "--lang", "en"
    )
    assert status == 2
    assert "declares no such unit attribute" in err


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_batch_by_writes_its_numbers_as_the_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The decimal comma in Vietnamese (``33,3…%``, ``78,33…``), as every other number."""
    monkeypatch.chdir(tmp_path)
    args = ("batch", RUBRIC, str(ROUNDS / "round_2023.csv"), "--by", "district", "-o", "r.csv")
    status, out, _ = run_cli(*args, "--summary", fmt, "--lang", "vi")
    assert status == 0
    assert "33,3…%" in out
    assert "78,33…" in out
    # the weakest groups by their titles, in the reader's language (the JSON keeps the ids)
    assert "Công tác cải cách hành chính (g2: -6,7…) · " in out
    assert "g2 -" not in out
    assert "33.3" not in out
    assert "78.33" not in out
    status, out, _ = run_cli(*args, "--summary", fmt, "--lang", "en")
    assert "33.3…%" in out
    assert "78.33…" in out
    assert "Administrative reform (g2: -6.7…) · " in out
    assert "g2 -" not in out
    status, out, _ = run_cli(*args, "--summary", "json", "--lang", "en")
    weakest = json.loads(out)["groups"][0]["groups"]
    assert weakest[0]["id"] == "g2"
    assert weakest[0]["title"] == "Administrative reform"


def test_a_plain_sheet_is_scored_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet with no programme column keeps the batch's columns (the fast path)."""
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(
        "batch", RUBRIC, str(EXAMPLES / "bac_giang_round_2024.csv"), "--summary", "none"
    )
    assert status == 0
    assert out.lstrip("\ufeff").startswith("row,unit_id,unit_name,status,")


def test_a_district_column_is_read_and_a_bad_row_is_its_own_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("units.csv").write_text(
        "unit_id,district,unit_type,year,#huyen,g1,g2,g3,g4,g5,head_disciplined_or_prosecuted\n"
        "a,Huyện X,xã,2023,note,18,22,18,13,18,không\n"
        "b,Huyện X,xa,2023,note,18,22,18,13,18,không\n"
        "a,Huyện Y,xã,2024,note,18,22,18,13,18,không\n",
        encoding="utf-8",
    )
    status, out, err = run_cli("batch", RUBRIC, "units.csv", "--summary", "none", "--lang", "en")
    assert status == 1
    rows = list(csv.DictReader(out.lstrip("\ufeff").splitlines()))
    assert [(r["district"], r["status"]) for r in rows] == [
        ("Huyện X", "scored"),
        ("Huyện X", "rejected"),
        ("Huyện Y", "rejected"),
    ]
    assert "units.csv:3:3: error: unit_type: 'xa' is not a 'unit_type'" in err
    assert "did you mean 'xã'?" in err  # accents ignored in suggestions
    assert "units.csv:4" in err
    assert "has district 'Huyện X' on row 2" in err
    assert "#huyen" not in rows[0]


def test_progress_is_the_same_whatever_the_order_of_the_files(scored: Path) -> None:
    files = ["round_2023.csv", "round_2024.jsonl", "round_2025.xlsx"]
    status, first, _ = run_cli("progress", *files, "--lang", "en")
    assert status == 0
    status, again, _ = run_cli("progress", *reversed(files), "--lang", "en")
    assert again == first
    assert "2025 target 100% certified: 88.8…% reached (8/9; not met, 1 more unit needed)" in first
    assert "xa-ha-thanh (Xã Hà Thanh (hư cấu))" in first.split("Never certified:")[1]
    status, vi, _ = run_cli("progress", *files, "--format", "json")
    assert json.loads(vi)["never_certified"] == [
        {"unit_id": "xa-ha-thanh", "unit_name": "Xã Hà Thanh (hư cấu)"}
    ]


def test_progress_shows_the_tiers_by_their_labels_in_the_language_asked(
    scored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress named the tiers a unit moved between by their ids (``sao-3 (2023) -> sao-4
    (2024)``), in Vietnamese too, where every other command shows their labels; JSON keeps
    the ids."""
    files = ["round_2023.csv", "round_2024.jsonl", "round_2025.xlsx"]
    moved = "phuong-kim-ngoc (Phường Kim Ngọc (hư cấu)): "
    monkeypatch.setenv("TIERCERT_LANG", "vi")
    _, vi, _ = run_cli("progress", *files)
    assert (
        f"{moved}Chính quyền thân thiện 3 sao (2023) -> Chính quyền thân thiện 4 sao (2024)" in vi
    )
    _, en, _ = run_cli("progress", *files, "--lang", "en", "--format", "markdown")
    assert f"{moved}Friendly government, 3 stars (2023) -\\> Friendly government, 4 stars" in en
    _, data, _ = run_cli("progress", *files, "--format", "json")
    assert json.loads(data)["moved_up"][0]["to"]["tier"] == "sao-4"


def test_progress_refuses_files_that_are_not_programme_outputs(
    scored: Path, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLES / "bac_giang_round_2024.csv", "plain.csv")
    status, _, err = run_cli("progress", "plain.csv", "--rubric", RUBRIC, "--lang", "en")
    assert status == 2
    assert "not the output of a programme batch" in err
    status, _, err = run_cli("progress", "plain.csv")
    assert status == 2  # said at once: asking for --rubric would only lead to the line above
    assert "not the output of a programme batch" in err
    assert "--rubric" not in err


def test_recognition_lists(scored: Path) -> None:
    status, out, _ = run_cli("recognition", "round_2023.csv", "round_2024.jsonl", "--round", "2024")
    assert status == 0
    assert out.startswith("# Danh sách đề nghị công nhận")
    assert "7 đơn vị được đề nghị công nhận." in out
    assert "## Hồ sơ chưa đầy đủ" in out  # phuong-lien-bao lacks a document
    status, _, _ = run_cli("recognition", "round_2024.jsonl", "--lang", "en", "-o", "list.html")
    page = Path("list.html").read_text(encoding="utf-8")
    assert status == 0
    assert "Recognition list" in page
    assert "Chairman of the Bắc Giang provincial People&#39;s Committee" in page
    status, _, _ = run_cli("recognition", "round_2025.xlsx", "-o", "list.xlsx")
    assert status == 0
    sheet = openpyxl.load_workbook("list.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "STT"
    assert [r[2] for r in rows[1:4]] == ["phuong-kim-ngoc", "xa-gia-lac", "xa-an-hoa"]


def test_score_shows_the_stages_of_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("xa.yaml").write_text(
        "unit: {id: xa-thu, name: Xã Thử, district: Huyện X, unit_type: xã, year: 2024}\n"
        "facts: {head_disciplined_or_prosecuted: false}\n"
        "stages:\n"
        "  self: {answers: {g1: 18, g2: 24, g3: 18, g4: 13, g5: 18}}\n"
        "  district: {answers: {g1: 18, g2: 20, g3: 18, g4: 13, g5: 18}}\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli("score", RUBRIC, "xa.yaml", "--lang", "en")
    assert status == 0
    assert "Total: 87 / 100" in out  # the district's appraisal decides
    assert "20 (-4)" in out
    # told by the rubric's labels for people (the CSV's flags cell keeps the ids)
    assert (
        "District appraisal (from Self-assessment by the unit): g2 Administrative reform 24 -> 20"
        in out
    )
    status, out, _ = run_cli("score", RUBRIC, "xa.yaml", "--format", "json")
    assert status == 0
    assert json.loads(out)["total"] == "87"
    status, _, _ = run_cli("report", RUBRIC, "xa.yaml", "-o", "card.html", "--lang", "en")
    assert status == 0
    card = Path("card.html").read_text(encoding="utf-8")
    assert "Self-assessment by the unit" in card
    assert "District appraisal" in card


def test_a_unit_s_scorecard_says_what_its_dossier_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commune certified 5 stars with two documents missing got a card saying only "Đạt
    chuẩn", while the recognition list held it back: the printed card (``report``, and
    ``batch --cards``) now says, with the verdict, what the dossier lacks, by title, in the
    reader's language; a complete dossier says nothing."""
    monkeypatch.chdir(tmp_path)
    Path("xa.yaml").write_text(
        "unit: {id: xa-thu, name: Xã Thử, district: Huyện X, unit_type: xã, year: 2024}\n"
        "facts: {head_disciplined_or_prosecuted: false}\n"
        "stages:\n"
        "  self: {answers: {g1: 20, g2: 25, g3: 20, g4: 15, g5: 20}}\n"
        "  district: {answers: {g1: 20, g2: 25, g3: 20, g4: 15, g5: 20}}\n"
        "dossier:\n"
        "  documents: [to_trinh, bao_cao, bang_tu_cham]\n"
        "  evidence: [g1, g2, g3, g4]\n",
        encoding="utf-8",
    )
    status, _, err = run_cli("report", RUBRIC, "xa.yaml", "-o", "card.html")
    assert status == 0, err
    card = Path("card.html").read_text(encoding="utf-8")
    assert (
        '<p class="notice lacks"><strong>Hồ sơ chưa đầy đủ</strong>: Đăng ký xây dựng mô hình · '
        "Phê duyệt đăng ký của Ban chỉ đạo huyện · tệp minh chứng của Mức độ hài lòng" in card
    )
    status, out, _ = run_cli("score", RUBRIC, "xa.yaml", "--lang", "en")
    assert status == 0
    assert out.endswith(
        "Dossier incomplete:\n"
        "  Registration to build the model\n"
        "  The district steering committee's approval of the year's registration\n"
        "  evidence file for Satisfaction of officials, citizens, organisations and businesses\n"
    )
    status, _, err = run_cli("report", RUBRIC, "xa.yaml", "-o", "en.html", "--lang", "en")
    assert status == 0, err
    assert "<strong>Dossier incomplete</strong>: " in Path("en.html").read_text(encoding="utf-8")
    status, _, err = run_cli(
        "batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "-o", "r.csv", "--cards", "cards",
        "--summary", "none",
    )  # fmt: skip
    assert status == 0, err
    lacking = {p.name for p in Path("cards").glob("*.html") if "notice lacks" in p.read_text()}
    with open("r.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gaps = {f"{r['unit_id']}.html" for r in rows if r["missing_documents"] or r["missing_evidence"]}
    assert gaps
    assert lacking == gaps


def test_the_dashboard_shows_attributes_groups_flags_and_dossier_gaps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, _ = run_cli(
        "batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "--by", "district", "-o", "r.csv",
        "--summary-output", "board.html", "--lang", "en",
    )  # fmt: skip
    assert status == 0
    page = Path("board.html").read_text(encoding="utf-8")
    assert "By District" in page
    assert '<th scope="col">District</th>' in page  # the unit list's attribute column
    assert "<td>Huyện Mẫu Hai</td>" in page
    # by the rubric's titles and labels (the CSV's cells keep the ids)
    assert "dossier lacks: The district steering committee&#39;s approval" in page
    assert (
        "flagged: District appraisal (from Self-assessment by the unit): tier Friendly "
        "government, 4 stars -&gt; Friendly government, 1 star" in page
    )
    status, _, _ = run_cli(
        "batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "-o", "r.csv", "--cards", "cards",
        "--summary", "none", "--lang", "en",
    )  # fmt: skip
    assert status == 0
    card = next(Path("cards").glob("xa-binh-son*.html")).read_text(encoding="utf-8")
    assert "District appraisal" in card  # each card shows the unit's stages side by side


def test_the_summary_names_the_incomplete_dossiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli("batch", RUBRIC, str(ROUNDS / "round_2024.csv"), "-o", "r.csv")
    assert status == 0
    # a document by its title, as the dashboard and the scorecards name it
    assert out.endswith(
        "\nHồ sơ chưa đầy đủ: 1 (phuong-lien-bao: Phê duyệt đăng ký của Ban chỉ đạo huyện)\n"
    )
    # no target is set for 2024: none is judged on this round's units
    assert "\nChỉ tiêu:\n" not in out  # (the rubric's language: Vietnamese)
    status, out, _ = run_cli("batch", RUBRIC, str(ROUNDS / "round_2023.csv"), "-o", "r.csv")
    assert "Chỉ tiêu 2023: 30% đạt chuẩn: đã đạt 33,3…% (3/9; đạt chỉ tiêu)" in out
    assert "Chỉ tiêu 2025" not in out


def test_a_missing_evidence_file_is_named_by_its_group_s_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary (text, markdown) and the dashboard name a group's missing evidence file by
    the group's title, in the output's language, as they name a document; the CSV keeps ids."""
    monkeypatch.chdir(tmp_path)
    lines = (ROUNDS / "round_2024.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[22] = "không"  # xa-an-hoa: no evidence file for g2
    Path("r.csv").write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    status, out, _ = run_cli("batch", RUBRIC, "r.csv", "-o", "out.csv")
    assert status == 0
    assert out.endswith(
        "\nHồ sơ chưa đầy đủ: 1 (xa-an-hoa: tệp minh chứng của Công tác cải cách hành chính)\n"
    )
    status, out, _ = run_cli(
        "batch", RUBRIC, "r.csv", "-o", "out.csv", "--summary", "markdown", "--lang", "en"
    )
    assert status == 0
    assert out.endswith("(xa-an-hoa: evidence file for Administrative reform)\n")
    status, _, _ = run_cli(
        "batch", RUBRIC, "r.csv", "-o", "out.csv", "--summary-output", "board.html", "--lang", "en"
    )
    assert status == 0
    page = Path("board.html").read_text(encoding="utf-8")
    assert "dossier lacks: evidence file for Administrative reform" in page
    rows = Path("out.csv").read_text(encoding="utf-8")
    assert "g2" in rows.splitlines()[1]


def test_a_stage_s_problems_name_it_by_its_label_in_the_reader_s_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem of a stage's answers names the stage by its label, in the output's language
    (a file and a sheet alike); the path and the sheet's column keep the stage's id."""
    monkeypatch.chdir(tmp_path)
    Path("xa.yaml").write_text(
        "unit: {id: xa-thu, name: Xã Thử, district: Huyện X, unit_type: xã, year: 2024}\n"
        "facts: {head_disciplined_or_prosecuted: false}\n"
        "stages:\n"
        "  self: {answers: {g1: 18, g2: 24, g3: 18, g4: 13, g5: 180}}\n"
        "  district: {answers: {g1: 18, g2: 20, g3: 18, g4: 13, g5: 18}}\n",
        encoding="utf-8",
    )
    status, _, err = run_cli("score", RUBRIC, "xa.yaml")
    assert status == 1
    assert err.startswith(
        "xa.yaml:4:56: lỗi: $.stages.self.answers.g5: bước Xã tự chấm: điểm của 'g5' phải là"
    )
    status, _, err = run_cli("score", RUBRIC, "xa.yaml", "--lang", "en")
    assert err.startswith(
        "xa.yaml:4:56: error: $.stages.self.answers.g5: stage Self-assessment by the unit: the "
        "score of 'g5' must be"
    )
    lines = (ROUNDS / "round_2024.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[11] = "250"  # the district's appraisal of g2
    Path("r.csv").write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    status, _, err = run_cli("batch", RUBRIC, "r.csv", "-o", "out.csv", "--summary", "none")
    # named by the sheet's column, the stage's and the criterion's (not 'g2' alone)
    assert "r.csv, dòng 2, cột L: lỗi: district:g2: bước Huyện thẩm định: điểm của 'g2'" in err


def test_the_recognition_list_writes_totals_with_the_reader_s_decimal_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A total of 88.5 is ``88,5`` in a Vietnamese list, as every other Vietnamese output
    writes it, and ``88.5`` in English; the results file keeps ``88.5``."""
    monkeypatch.chdir(tmp_path)
    lines = (ROUNDS / "round_2024.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[11] = "21.5"  # the district's appraisal of g2: a total of 88.5
    Path("r.csv").write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    status, _, _ = run_cli("batch", RUBRIC, "r.csv", "-o", "out.csv", "--summary", "none")
    assert status == 0
    assert ",88.5," in Path("out.csv").read_text(encoding="utf-8")
    status, out, _ = run_cli("recognition", "out.csv")
    assert status == 0
    assert "| 88,5 |" in out
    status, out, _ = run_cli("recognition", "out.csv", "--lang", "en")
    assert "| 88.5 |" in out


def test_the_recognition_workbook_holds_its_numbers_as_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a Vietnamese list.xlsx the No. and the Total were text cells (``'1'``, ``'88,5'``):
    Excel could neither sort nor add them.  They are number cells, the total with its decimal
    places fixed; the Markdown list still writes ``88,5`` (fourteenth round)."""
    monkeypatch.chdir(tmp_path)
    lines = (ROUNDS / "round_2024.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[11] = "21.5"  # the district's appraisal of g2: a total of 88.5
    Path("r.csv").write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    status, _, _ = run_cli("batch", RUBRIC, "r.csv", "-o", "out.csv", "--summary", "none")
    assert status == 0
    status, _, err = run_cli("recognition", "out.csv", "-o", "list.xlsx")
    assert status == 0, err
    sheet = openpyxl.load_workbook("list.xlsx").worksheets[0]
    head = [c.value for c in sheet[1]]
    (row,) = [r for r in sheet.iter_rows(min_row=2) if r[head.index("Tổng điểm")].value == 88.5]
    total = row[head.index("Tổng điểm")]
    assert (total.data_type, total.number_format) == ("n", "0.0")
    assert isinstance(row[0].value, int)
    assert row[0].data_type == "n"
    status, out, _ = run_cli("recognition", "out.csv")
    assert "| 88,5 |" in out


def test_the_recognition_workbook_prints_as_the_annex_it_is(scored: Path) -> None:
    """A province prints list.xlsx as its decision's annex: its sheet was named ``results``
    in English, and a printed page said neither what the list is, for which authority and
    round, nor (past the first page of 209 communes) what its columns are.  The sheet is
    named in the list's language, each page is headed by the list's title and authority,
    footed by its round and rubric and numbered, and repeats the header row; the table
    still starts in A1."""
    status, _, err = run_cli("recognition", "round_2025.xlsx", "--round", "2025", "-o", "l.xlsx")
    assert status == 0, err
    sheet = openpyxl.load_workbook("l.xlsx").worksheets[0]
    assert sheet.title == "Danh sách đề nghị công nhận"
    assert sheet["A1"].value == "STT"
    assert sheet.print_title_rows == "$1:$1"
    heading = sheet.oddHeader.center.text
    assert heading.startswith("Danh sách đề nghị công nhận: Xã, phường, thị trấn")
    assert "Cơ quan quyết định: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang" in heading
    assert sheet.oddFooter.center.text == (
        "Kỳ 2025; Bộ tiêu chí bac_giang_friendly_gov, phiên bản 2023-provisional.1"
    )
    assert sheet.oddFooter.right.text == "&P/&N"
    status, _, err = run_cli("recognition", "round_2025.xlsx", "--lang", "en", "-o", "e.xlsx")
    assert status == 0, err
    assert openpyxl.load_workbook("e.xlsx").worksheets[0].title == "Recognition list"


def test_a_sheet_name_and_a_page_heading_are_what_excel_takes() -> None:
    """A sheet's name holds no ``[]:*?/\\`` and at most 31 characters; a page's header
    at most 255 characters, its ``&`` (Excel's code sign) doubled, never cut in half."""
    from tiercert._writers import page_heading, sheet_title

    assert sheet_title("Danh sách: 2024/2025 [nháp]") == "Danh sách 2024 2025 nháp"
    assert sheet_title("x" * 40) == "x" * 30 + "…"
    assert sheet_title("[]") == "results"
    assert page_heading(["Xã A & B", "Kỳ 2024"]) == "Xã A && B\nKỳ 2024"
    cut = page_heading(["&" * 200])
    assert cut == "&&" * 127 + "…"
    assert len(cut) == 255


@pytest.mark.parametrize("command", ["progress", "recognition"])
def test_results_of_a_rubric_file_find_it_beside_them_or_ask_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Results scored with a rubric file (not shipped) name it only by id: the command finds
    ``ID.yaml`` beside them, and without one says what it looked for and to give --rubric
    (it said "no such file" about the id, as if the user had typed it, and never --rubric)."""
    monkeypatch.chdir(tmp_path)
    text = (EXAMPLES.parent / "rubrics" / f"{RUBRIC}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {RUBRIC}\n", "id: xa_xanh\n", 1)
    assert "id: xa_xanh\n" in text
    (tmp_path / "scheme.yaml").write_text(text, encoding="utf-8")
    sheet = str(ROUNDS / "round_2025.csv")
    status, _, err = run_cli("batch", "scheme.yaml", sheet, "-o", "r.csv", "--summary", "none")
    assert status == 0, err
    extra = ["--round", "2025"] if command == "recognition" else []
    status, _, err = run_cli(command, "r.csv", *extra, "--lang", "en")
    assert status == 2
    assert err == (
        f"tiercert {command}: r.csv was scored with the rubric 'xa_xanh', which is neither "
        "shipped with tiercert nor a file xa_xanh.yaml beside it; give its file with "
        "--rubric FILE\n"
    )
    status, _, err = run_cli(command, "r.csv", *extra, "--lang", "vi")
    assert status == 2
    assert "--rubric FILE" in err
    assert "was scored" not in err
    (tmp_path / "xa_xanh.yaml").write_text(text, encoding="utf-8")
    status, out, err = run_cli(command, "r.csv", *extra)
    assert status == 0, err
    assert "xa_xanh" in out or "Xã" in out


@pytest.mark.parametrize(
    ("fmt", "lang", "label"),
    [
        ("text", "en", "Friendly government, 2 stars"),
        ("markdown", "en", "Friendly government, 2 stars"),
        ("text", "vi", "Chính quyền thân thiện 2 sao"),
        ("markdown", "vi", "Chính quyền thân thiện 2 sao"),
    ],
)
def test_batch_by_heads_tier_columns_by_their_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, lang: str, label: str
) -> None:
    """As the rest of the summary names a tier (twenty-second round): not ``sao-2``."""
    monkeypatch.chdir(tmp_path)
    args = ("batch", RUBRIC, str(ROUNDS / "round_2023.csv"), "--by", "district", "-o", "r.csv")
    status, out, _ = run_cli(*args, "--summary", fmt, "--lang", lang)
    assert status == 0
    assert any(label in line for line in out.splitlines()[:4]), out  # the table's head
    assert "sao-" not in out
