"""What a programme office met running a Vietnamese programme (seventeenth round): the dates a
person reads, the sheets' names, the places a sheet's problem names, units whose id was mistyped
in one round; each held to the words a person reads in English and in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, run_cli
from tiercert._i18n import day_text
from tiercert._lifecycle import counts_from_text

ROUND_2024 = EXAMPLES / "bac_giang_programme" / "round_2024.csv"
#: 7 December 2026, 00:00 UTC: the day pages say they were made (SOURCE_DATE_EPOCH)
DAY = "1796601600"

BADGE = """\
format: 1
id: badge
version: "1.0"
title: A project badge
criteria:
  - {id: tests, title: Automated tests, rule: {kind: boolean, points: 4}}
  - id: sbom
    title: SBOM published
    status: future
    counts_from: 2027-01-01
    rule: {kind: boolean, points: 10}
tiers:
  - {id: passing, label: Passing, rank: 1, min: 8}
"""


def test_a_date_is_written_as_the_language_writes_it() -> None:
    assert day_text("2026-12-07", "vi") == "07/12/2026"
    assert day_text("2026-12-07", "en") == "7 December 2026"
    assert day_text("2027-01-01", "vi") == "01/01/2027"
    assert day_text("2027-01-01", "en") == "1 January 2027"
    assert day_text("the 7th", "en") == "the 7th"  # a caller's own text: shown as it is
    assert counts_from_text("2027-01-01", "vi") == "được tính từ ngày 01/01/2027"
    assert counts_from_text("2027-01-01", "en") == "counts from 1 January 2027"


@pytest.mark.parametrize(
    ("lang", "shown"), [("vi", "Ngày chấm</dt><dd>07/12/2026"), ("en", "on 7 December 2026")]
)
def test_the_cards_and_the_dashboard_say_the_day_as_people_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, shown: str
) -> None:
    # the cards and the dashboard said 2026-12-07 in Vietnamese too
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY)
    cards = tmp_path / "cards"
    status, out, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(ROUND_2024), "--summary", "none",
        "-o", str(tmp_path / "out.csv"), "--cards", str(cards), "--lang", lang,
    )  # fmt: skip
    assert status == 0, out + err
    pages = [cards / "index.html", cards / "xa-an-hoa.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert shown in text, page
        assert "2026-12-07" not in text, page


def test_the_day_scored_for_is_said_as_people_read_it_and_kept_iso_in_data(
    tmp_path: Path,
) -> None:
    rubric = tmp_path / "badge.yaml"
    rubric.write_text(BADGE, encoding="utf-8")
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,tests,sbom\np1,yes,yes\n", encoding="utf-8")
    result = tmp_path / "p1.yaml"
    result.write_text("rubric: badge\nunit: {id: p1}\nanswers: {tests: no, sbom: yes}\n")
    _, out, err = run_cli("score", str(rubric), str(result), "--lang", "vi")
    assert "được tính từ ngày 01/01/2027" in out, out + err
    _, out, err = run_cli(
        "score", str(rubric), str(result), "--lang", "vi", "--as-of", "2027-01-01"
    )
    assert "Chấm điểm tính đến ngày 01/01/2027." in out, out + err
    _, out, err = run_cli(
        "batch", str(rubric), str(sheet), "--lang", "vi", "--as-of", "2027-01-01",
        "-o", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert "Chấm điểm tính đến ngày 01/01/2027." in out, out + err
    _, out, err = run_cli(
        "score", str(rubric), str(result), "--format", "json", "--as-of", "2027-01-01"
    )
    assert '"as_of": "2027-01-01"' in out  # data keeps the ISO form


@pytest.mark.parametrize(("lang", "name"), [("vi", "kết quả"), ("en", "results")])
def test_a_batch_workbook_names_its_sheet_in_the_outputs_language(
    tmp_path: Path, lang: str, name: str
) -> None:
    # the sheet was "results" in a Vietnamese output too
    target = tmp_path / "out.xlsx"
    status, out, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(ROUND_2024), "--summary", "none",
        "-o", str(target), "--lang", lang,
    )  # fmt: skip
    assert status == 0, out + err
    assert openpyxl.load_workbook(target, read_only=True).sheetnames == [name]


@pytest.mark.parametrize(("lang", "name"), [("vi", "đơn vị"), ("en", "units")])
def test_a_migrated_workbook_names_its_sheet_as_the_template_does(
    tmp_path: Path, lang: str, name: str
) -> None:
    # migrate named it "results" in every language; it is a sheet of units, as the template's
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(BADGE, encoding="utf-8")
    new.write_text(BADGE.replace('"1.0"', '"1.1"'), encoding="utf-8")
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,rubric_version,tests,sbom\np1,1.0,yes,yes\n", encoding="utf-8")
    target = tmp_path / "migrated.xlsx"
    status, out, err = run_cli(
        "migrate", str(old), str(new), str(sheet), "-o", str(target), "--lang", lang
    )
    assert status == 0, out + err
    assert openpyxl.load_workbook(target, read_only=True).sheetnames == [name]
    status, out, err = run_cli("batch", str(new), str(target), "-o", str(tmp_path / "r.csv"))
    assert status == 0, out + err  # and batch reads it back


def test_a_sheets_place_is_said_by_row_and_column_letter_in_vietnamese(tmp_path: Path) -> None:
    # it was "t.csv:3:3: lỗi: ..." and "t.csv:2:1: lỗi: $: ..." (a compiler's place, and "$"
    # for the whole row), and "ở cột 4" for the column a spreadsheet shows as D
    sheet = tmp_path / "t.csv"
    sheet.write_text("unit_id,unit_name,g1,,g2\nxa-1,A,abc,4,\n", encoding="utf-8")
    _, _, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "r.csv"),
        "--summary", "none", "--lang", "vi",
    )  # fmt: skip
    lines = err.splitlines()
    assert f"{sheet}, dòng 2, cột C: lỗi: g1: điểm của 'g1' phải là một số" in err, err
    assert (
        f"{sheet}, dòng 2, cột D: lỗi: có giá trị ở cột D, cột này không có tên ở dòng tiêu đề;"
    ) in err
    whole_row = [line for line in lines if "nhóm 'g2' chưa có câu trả lời" in line]
    assert whole_row, err
    assert whole_row[0].startswith(f"{sheet}, dòng 2: lỗi: 5 tiêu chí"), whole_row
    assert ": $:" not in err
    assert f"{sheet}:" not in err
    # English keeps the place editors jump to, and names the column by its number
    _, _, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "r.csv"),
        "--summary", "none", "--lang", "en",
    )  # fmt: skip
    assert f"{sheet}:2:3: error: g1: " in err
    assert f"{sheet}:2:4: error: a value in column 4, which has no name" in err
    assert f"{sheet}:2:1: error: 5 criteria of group 'g2' unanswered" in err  # the row: no "$"


def test_a_column_past_z_is_named_as_a_spreadsheet_names_it() -> None:
    from tiercert._i18n import Column

    assert [f"{Column(n):letter}" for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert f"{Column(28)}" == "28"


def test_a_json_lines_position_is_a_character_not_a_column_in_vietnamese(tmp_path: Path) -> None:
    # "JSON không hợp lệ ở cột 17" read as a sheet's column Q; it is the 17th character
    sheet = tmp_path / "units.jsonl"
    sheet.write_text('{"unit_id": "a",}\n', encoding="utf-8")
    _, _, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "r.csv"),
        "--summary", "none", "--lang", "vi",
    )  # fmt: skip
    assert "JSON không hợp lệ ở ký tự thứ 17 của dòng: " in err, err


def test_the_dashboard_names_a_failed_gate_by_its_title_and_the_round_as_the_cards_do(
    tmp_path: Path,
) -> None:
    # it said "không đạt: head_not_disciplined" (the gate's id), and "Đợt đánh giá" where the
    # progress report and the recognition list say "kỳ"
    cards = tmp_path / "cards"
    status, out, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(ROUND_2024), "--summary", "none",
        "-o", str(tmp_path / "out.csv"), "--cards", str(cards), "--round", "2024",
        "--lang", "vi",
    )  # fmt: skip
    assert status == 0, out + err
    board = (cards / "index.html").read_text(encoding="utf-8")
    assert "không đạt: Người đứng đầu cấp ủy, chính quyền không bị kỷ luật" in board
    assert "không đạt: head_not_disciplined" not in board
    card = (cards / "xa-an-hoa.html").read_text(encoding="utf-8")
    assert "Kỳ đánh giá</dt><dd>2024" in card
    assert "đợt" not in (board + card).lower()


def _three_stages(path: Path) -> None:
    """The 2025 round with the province's appraisal too: it cuts g2 of xa-an-hoa by 4 more."""
    import csv

    source = EXAMPLES / "bac_giang_programme" / "round_2025.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    at = head.index("district:g5") + 1
    out = [[*head[:at], *(f"province:g{k}" for k in range(1, 6)), *head[at:]]]
    for row in rows[1:]:
        marks = [row[head.index(f"district:g{k}")] for k in range(1, 6)]
        if row[0] == "xa-an-hoa":
            marks[1] = str(int(marks[1]) - 4)
        out.append([*row[:at], *marks, *row[at:]])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(out)


def test_three_stages_say_what_the_change_is_from_and_the_stage_column_is_a_step(
    tmp_path: Path,
) -> None:
    # with three stages the card's "Chênh lệch" (96, 95, 91: -5) did not say from which; and
    # the recognition list headed the deciding stage "Vòng thẩm định" (a round), where the
    # cards and messages say "bước"
    sheet = tmp_path / "round_2025.csv"
    _three_stages(sheet)
    cards = tmp_path / "cards"
    status, out, err = run_cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "--summary", "none",
        "-o", str(tmp_path / "out.csv"), "--cards", str(cards), "--lang", "vi",
    )  # fmt: skip
    assert status == 0, out + err
    card = (cards / "xa-an-hoa.html").read_text(encoding="utf-8")
    assert '<th scope="col" class="num">Chênh lệch so với Xã tự chấm</th>' in card
    status, out, err = run_cli("recognition", str(tmp_path / "out.csv"), "--lang", "vi")
    assert status == 0, err
    assert "| Tổng điểm | Bước thẩm định |" in out
    assert "| Chính quyền thân thiện 3 sao | 91 | Tỉnh thẩm định (Hội đồng tỉnh) |" in out
