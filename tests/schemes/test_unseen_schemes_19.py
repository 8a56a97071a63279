"""Schemes tiercert was never shown (nineteenth round): Viet Nam's hospital quality criteria
(Decision 6858/QĐ-BYT: each criterion at Level 1 to 5, a level needing every item of the levels
below, the average over the criteria that apply) and the Blue Flag for beaches (every imperative
criterion required, guideline criteria not, excellent bathing water), written from README.md
and docs/ only.

The rubrics and their sheets are in ``tests/fixtures/unseen/``: a hospital sheet of two stages
(self-assessment, the Department of Health's check) saved by Excel with a byte-order mark and
``;``, levels typed ``Mức 3``, ``3``, ``MỨC 3``, `` 3 ``, ``muc 3``, N/A typed ``na``, ``N/A``
and ``không áp dụng``, a total row at the bottom; beaches of 2025 in the same CSV shape (``x``,
``có``, ``đạt``, ``1``, ``80%``, `` 80 ``, ``72,5``, dates), then in XLSX (percent cells,
numbers as numbers and as text, date cells) and in code page 1258; beaches of 2026 as JSON
lines from a web form (``on``/``off``, ``true``, numbers as text).  Every expected value is
worked by hand from the scheme's rule, never taken from tiercert's output.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from tiercert._i18n import in_lang
from tiercert.cli import main

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
HOSPITAL = UNSEEN / "vn_chat_luong_benh_vien_6858.yaml"
HOSPITAL_UNITS = UNSEEN / "benh_vien_units.csv"
BEACH = UNSEEN / "blue_flag_beach_2014.yaml"
BEACHES_2025 = UNSEEN / "co_xanh_2025.csv"
BEACHES_2026 = UNSEEN / "co_xanh_2026.jsonl"

#: unit -> (average, tier, deciding stage): the sum of the levels of the criteria that apply
#: over their number, rounded to two places; a rating of Khá or above with no criterion at
#: Level 1; C4.1 is 1 plus each level 2..5 whose items, and all below, are met
HOSPITAL_EXPECTED: dict[str, tuple[str, str | None, str]] = {
    "bv-250": ("2.5", "trung_binh", "kiem_tra"),  # 20 / 8: exactly Trung bình
    "bv-244": ("2.44", None, "kiem_tra"),  # 22 / 9 = 2.444…: below 2.5
    "bv-300": ("3", "kha", "kiem_tra"),  # 27 / 9
    "bv-300-m1": ("3", "trung_binh", "kiem_tra"),  # 27 / 9, but A1.1 at Level 1
    "bv-344": ("3.44", "kha", "kiem_tra"),  # 31 / 9 = 3.444…
    "bv-350": ("3.5", "tot", "kiem_tra"),  # 28 / 8, E2.1 N/A
    "bv-389": ("3.89", "tot", "kiem_tra"),  # 35 / 9 = 3.888…
    "bv-400": ("4", "rat_tot", "kiem_tra"),  # 32 / 8
    "bv-bac-thang": ("4.43", "trung_binh", "kiem_tra"),  # 31 / 7; C4.1 at 1: Level 2 unmet
    "bv-go-tay": ("3", "kha", "kiem_tra"),  # 21 / 7, levels and N/A typed by hand
    "bv-tu-danh-gia": ("4", "rat_tot", "tu_danh_gia"),  # not checked yet: 36 / 9
}
#: unit -> (total, certified): one point per criterion met (an imperative N/A rescales its
#: group to 8); the Blue Flag with every imperative criterion, enterococci ≤ 100 and E. coli ≤
#: 250, at least 5 samples at most 30 days apart
BEACHES_2025_EXPECTED: dict[str, tuple[int, bool]] = {
    "bf-bien": (8, True),  # 100, 250, 5 samples, 30 days: on every edge
    "bf-ent": (10, False),  # enterococci 100.5
    "bf-ecoli": (8, False),  # E. coli 250.1
    "bf-ngay": (12, False),  # 31 days between samples
    "bf-mau": (12, False),  # 4 samples
    "bf-bat-buoc": (11, False),  # an imperative criterion not met
}
BEACHES_2026_EXPECTED: dict[str, tuple[int, bool]] = {
    "bf-bien": (8, True),
    "bf-ent": (12, True),  # i07 "Không áp dụng" with its justification: rescaled to 8
    "bf-ecoli": (8, True),  # "on" and "off" from the form's boxes; 100 and 250
    "bf-ngay": (12, True),
    "bf-mau": (11, False),  # the jury found i08 not met
    "bf-bat-buoc": (12, True),
}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _results(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["unit_id"]: row for row in csv.DictReader(handle)}


def _batch(
    rubric: Path, sheet: Path, out: Path, *extra: str
) -> tuple[int, str, dict[str, dict[str, str]]]:
    status, stdout, stderr = _cli("batch", str(rubric), str(sheet), "-o", str(out), *extra)
    return status, stdout + stderr, _results(out)


def _typed(text: str) -> object:
    """A CSV cell as an office types it into Excel: ``80%`` becomes a number formatted as a
    percentage, a date ``20/05/2025`` a date cell, a number a number; the rest (`` 80 `` with
    its spaces, ``72,5``, ``Mức 3``) stays text, as Excel keeps it."""
    if text.endswith("%") and text[:-1].isdigit():
        return ("percent", Fraction(text[:-1]) / 100)
    if text.count("/") == 2 and text.replace("/", "").isdigit():
        day, month, year = (int(part) for part in text.split("/"))
        return datetime.datetime(year, month, day)
    if text.isdigit() and not text.startswith("0"):
        return int(text)
    if text.replace(".", "", 1).isdigit() and text.count(".") == 1:
        return float(text)
    return text or None


def _xlsx_of(sheet: Path, folder: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.reader(handle, delimiter=";"), start=1):
            for column, text in enumerate(row, start=1):
                value = _typed(text) if n > 1 else text
                cell = page.cell(row=n, column=column)
                if isinstance(value, tuple):
                    cell.value = float(value[1])
                    cell.number_format = "0%"
                elif isinstance(value, datetime.datetime):
                    cell.value = value
                    cell.number_format = "dd/mm/yyyy"
                else:
                    cell.value = value
    path = folder / (sheet.stem + ".xlsx")
    book.save(path)
    return path


def _cp1258(text: str) -> bytes:
    """``text`` as Windows saves it in code page 1258 (Excel's "CSV (Comma delimited)" on a
    Vietnamese Windows): the letters the code page has, their tone marks as combining
    characters (``ộ`` is ``ô`` and a combining dot below)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, marks = unicodedata.normalize("NFD", char)[0], unicodedata.normalize("NFD", char)[1:]
        for i, mark in enumerate(marks):
            head = unicodedata.normalize("NFC", base + mark)
            rest = marks[:i] + marks[i + 1 :]
            try:
                out += head.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + marks).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("path", [HOSPITAL, BEACH], ids=["hospital", "beach"])
def test_each_rubric_checks_clean(path: Path) -> None:
    status, out, err = _cli("check", str(path))
    assert status == 0, out + err
    assert "0 lỗi, 0 cảnh báo" in out


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_hospitals_reach_the_hand_worked_ratings(reader: str, tmp_path: Path) -> None:
    sheet = HOSPITAL_UNITS if reader == "csv" else _xlsx_of(HOSPITAL_UNITS, tmp_path)
    status, said, rows = _batch(HOSPITAL, sheet, tmp_path / "out.csv")
    assert status == 1  # the total row
    seen = {
        unit: (row["total"], row["tier"] or None, row["decided_by"])
        for unit, row in rows.items()
        if row["status"] == "scored"
    }
    assert seen == HOSPITAL_EXPECTED
    assert "row.summary" in rows["Tổng cộng"]["problems"]
    # the total row is no unit: counted apart, not among the rejected units
    assert (
        "Đơn vị: 11 được chấm, không đơn vị nào bị từ chối; 1 dòng không phải đơn vị (dòng tổng "
        "cộng hoặc dòng tiêu đề thứ hai), không được tính"
    ) in said
    # 7 of 11 at Khá or above, against 50%: the total row is no unit that could still count
    assert "Chỉ tiêu 2024: 50% đạt Khá trở lên: đã đạt 63,6…% (7/11; đạt chỉ tiêu" in said


def test_hospital_answers_compiled_and_reference_agree() -> None:
    rubric = tiercert.load_rubric(HOSPITAL)
    with HOSPITAL_UNITS.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            answers = {
                key.split(":", 1)[1]: value
                for key, value in row.items()
                if key.startswith("kiem_tra:") and value
            }
            if not answers:
                continue
            fast = rubric.evaluate(answers)
            assert fast == rubric.evaluate(answers, engine="reference"), row["unit_id"]
            expected_total, expected_tier, _ = HOSPITAL_EXPECTED[row["unit_id"]]
            assert fast.total == Fraction(expected_total), row["unit_id"]
            assert (fast.tier.id if fast.tier else None) == expected_tier


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_beaches_2025_reach_the_hand_worked_verdicts(reader: str, tmp_path: Path) -> None:
    sheet = BEACHES_2025 if reader == "csv" else _xlsx_of(BEACHES_2025, tmp_path)
    status, said, rows = _batch(BEACH, sheet, tmp_path / "out.csv")
    assert status == 1
    seen = {
        unit: (int(row["total"]), row["certified"] == "true")
        for unit, row in rows.items()
        if row["status"] == "scored"
    }
    assert seen == BEACHES_2025_EXPECTED
    assert rows["bf-bien"]["tier"] == "co_xanh"
    assert "fact.invalid" in rows["bf-thap-phan"]["problems"]  # 72,5: refused, never 725
    assert "hãy ghi 72.5" in rows["bf-thap-phan"]["problems"]
    assert "row.summary" in rows["Tổng cộng"]["problems"]
    # 1 of 6 scored, 1 unit rejected (the total row is none): 4 of 7 needed, 3 more
    assert "Chỉ tiêu 2025: 50% đạt chuẩn: đã đạt 16,6…% (1/6; chưa đạt, cần thêm 3 đơn vị" in said


def test_a_beach_sheet_in_code_page_1258_is_refused_whole(tmp_path: Path) -> None:
    sheet = tmp_path / "co_xanh_1258.csv"
    sheet.write_bytes(_cp1258(BEACHES_2025.read_text(encoding="utf-8-sig")))
    status, _, err = _cli("batch", str(BEACH), str(sheet), "-o", str(tmp_path / "o.csv"))
    assert status == 2
    assert "[file.encoding]" in err
    assert not (tmp_path / "o.csv").exists() or "scored" not in (tmp_path / "o.csv").read_text()


def test_beaches_2026_from_a_form_and_progress_across_seasons(tmp_path: Path) -> None:
    """The 2026 form sends numbers as JSON numbers and as text ("90", "250"), yes and no as
    true/false, "on"/"off" (its check boxes), "có", "đạt", 1; N/A as "Không áp dụng" with a
    justification."""
    status, said, rows_2026 = _batch(BEACH, BEACHES_2026, tmp_path / "2026.csv")
    assert status == 0, said
    assert {
        unit: (int(row["total"]), row["certified"] == "true") for unit, row in rows_2026.items()
    } == BEACHES_2026_EXPECTED
    assert "Chỉ tiêu 2026: 60% đạt chuẩn: đã đạt 83,3…% (5/6; đạt chỉ tiêu" in said
    assert "Chỉ tiêu 2026 [Tỉnh: Đà Nẵng]: 100% đạt chuẩn: đã đạt 66,6…% (2/3; chưa đạt" in said
    _batch(BEACH, BEACHES_2025, tmp_path / "2025.csv")
    _, out, _ = _cli(
        "progress", str(tmp_path / "2025.csv"), str(tmp_path / "2026.csv"), "--rubric", str(BEACH)
    )
    assert "Kỳ 2025: 1/6 đạt chuẩn" in out
    assert "Kỳ 2026: 5/6 đạt chuẩn" in out
    moved = out.split("Lên hạng:")[1].split("Xuống hạng:")[0]
    assert {line.split()[0] for line in moved.strip().splitlines()} == {
        "bf-ent",
        "bf-ecoli",
        "bf-ngay",
        "bf-bat-buoc",
    }
    assert "bf-mau (Non Nước)" in out.split("Chưa từng đạt chuẩn:")[1]


@pytest.mark.parametrize("typed", ["không áp dụng", "Không áp dụng", "KHÔNG ÁP DỤNG", "na"])
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_khong_ap_dung_is_not_applicable_as_vietnamese_texts_say(typed: str, engine: str) -> None:
    """``explain`` and the scorecards say, in Vietnamese, that a criterion may be answered
    “không áp dụng”; the answer written so was refused ("'không áp dụng' is not one of the
    levels", "expected true or false"): it is N/A now, for levels and yes/no, in NFC or NFD."""
    hospital = tiercert.load_rubric(HOSPITAL)
    levels = dict.fromkeys(("A1.1", "A2.1", "B1.1", "C1.1", "D1.1", "D2.1", "E2.1"), "3")
    items = {"C4.1.m2": "x", "C4.1.m3": "x", "C4.1.m4": "không", "C4.1.m5": "không"}
    for text in (typed, unicodedata.normalize("NFD", typed)):
        result = hospital.evaluate({**levels, **items, "E1.1": text}, engine=engine)  # type: ignore[arg-type]
        assert result.nodes["E1.1"].status == "excluded"
        assert result.total == 3  # 24 / 8
    beach = tiercert.load_rubric(BEACH)
    answers = {f"i0{n}": "x" for n in range(1, 9)} | {f"g0{n}": "không" for n in range(1, 5)}
    answers["i07"] = {"value": typed, "justification": "Không có khu vực bơi sâu"}  # type: ignore[assignment]
    facts = {"enterococci": 10, "e_coli": 10, "so_mau": 5, "cach_ngay": 30}
    result = beach.evaluate(answers, facts=facts, engine=engine)  # type: ignore[arg-type]
    assert result.nodes["i07"].status == "excluded"
    assert result.certified


def test_a_level_labelled_as_not_applicable_is_refused_at_check(tmp_path: Path) -> None:
    """An answer written with a level's label ``N/A`` or ``Không áp dụng`` is read as "not
    applicable", so the level could never be chosen by it: ``check`` says so (it said the
    rubric was valid, and every answer ``N/A`` was then refused)."""
    for label in ("N/A", "Không áp dụng"):
        rubric = tmp_path / "r.yaml"
        rubric.write_text(
            "format: 1\nid: r\nversion: '1'\ntitle: R\nlanguage: vi\ncriteria:\n"
            "  - id: c1\n    title: C1\n    rule: {kind: levels, levels: [{id: tot, label: Tốt,"
            f" points: 2}}, {{id: khong, label: {label}, points: 0}}]}}\ntiers: []\n",
            encoding="utf-8",
        )
        status, out, err = _cli("check", str(rubric), "--lang", "en")
        assert status == 1, out + err
        assert "r.yaml:9:88: error: $.criteria[c1].rule.levels[khong].label:" in out + err
        assert f"the label '{label}' is how an assessment says 'not applicable'" in out + err
        assert "[level.reserved]" in out + err


def test_a_stage_that_leaves_a_criterion_out_is_flagged_with_na(tmp_path: Path) -> None:
    """The Department of Health's check marks E2.1 not applicable where the hospital gave
    itself Level 4: the flag said ``E2.1 4 -> 0``, a cut to nothing, while the score columns
    and the scorecard say N/A; it says ``na`` now, and the dashboard "Không áp dụng"."""
    _, _, rows = _batch(HOSPITAL, HOSPITAL_UNITS, tmp_path / "out.csv", "--cards", str(tmp_path))
    flags = rows["bv-400"]["flags"].split("; ")
    assert "kiem_tra (from tu_danh_gia): E2.1 4 -> na" in flags
    every = [flag for row in rows.values() for flag in row["flags"].split("; ")]
    assert not any(flag.endswith(" -> 0") for flag in every)
    assert "kiem_tra (from tu_danh_gia): E2.1 4 -> 2" in rows["bv-244"]["flags"]  # a real cut
    dashboard = (tmp_path / "index.html").read_text(encoding="utf-8")
    told = "E2.1 Bệnh viện thiết lập hệ thống tổ chức chăm sóc nhi khoa 4 -&gt; Không áp dụng"
    assert told in dashboard


def test_explain_says_how_a_scaled_rubric_makes_its_total() -> None:
    """The hospital's total is the average: the criteria's share of their maximum, scaled to
    5, rounded to two places; ``explain`` said "maximum 5 points" over nine criteria of 5
    points each, and nothing of how they make 5."""
    status, out, err = _cli("explain", str(HOSPITAL))
    assert status == 0, err
    criteria = out.split("Tiêu chí (điểm tối đa):\n")[1]
    assert criteria.startswith(
        "  tổng điểm: tỷ lệ điểm các tiêu chí đạt được so với điểm tối đa, quy đổi theo thang "
        "điểm; làm tròn đến 2 chữ số thập phân (half_up)\n"
    )
    status, out, err = _cli("explain", str(HOSPITAL), "--lang", "en")
    assert "  the total: its criteria's share of their maximum, scaled; rounded to 2 decimal" in out
    status, out, err = _cli("explain", str(HOSPITAL), "--lang", "en", "--format", "markdown")
    assert "## Criteria\n\nthe total: its criteria's share of their maximum, scaled;" in out
    # a rubric whose total is the plain sum of its criteria says nothing more
    for form in ("text", "markdown"):
        status, out, err = _cli("explain", str(BEACH), "--lang", "en", "--format", form)
        assert status == 0, err
        assert "the total:" not in out


def test_a_total_row_is_no_unit_in_a_programme_target(tmp_path: Path) -> None:
    """Four communes of 2025, one certified, against a target of 50%: one more is needed.  A
    total row at the bottom, refused as no unit (``row.summary``), was still counted among the
    rejected units that could be certified once corrected: "2 more units needed"."""
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "format: 1\nid: r\nversion: '1'\ntitle: R\nlanguage: vi\n"
        "criteria: [{id: c1, title: C1, rule: {kind: boolean, points: 1}}]\n"
        "tiers: [{id: dat, label: Đạt, rank: 1, min: 1}]\n"
        "attributes: [{id: nam, title: Năm, type: number, round: true, required: true}]\n"
        "targets: [{period: '2025', share: 50}]\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "unit_id,nam,c1\nx1,2025,đạt\nx2,2025,không\nx3,2025,không\nx4,2025,không\nTổng cộng,,1\n",
        encoding="utf-8",
    )
    status, said, rows = _batch(rubric, sheet, tmp_path / "out.csv", "--lang", "en")
    assert status == 1
    assert rows["Tổng cộng"]["status"] == "rejected"
    assert "2025 target 50% certified: 25% reached (1/4; not met, 1 more unit needed)" in said
    # a unit rejected for a bad answer may still be certified once corrected: it counts
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Tổng cộng,,1", "x5,2025,maybe"))
    status, said, rows = _batch(rubric, sheet, tmp_path / "out.csv", "--lang", "en")
    assert "(1/4; not met, 2 more units needed; 1 rejected, not counted)" in said


def test_a_unit_with_no_stage_filled_is_told_so_once(tmp_path: Path) -> None:
    """A hospital listed before any assessment (its province and year only) on a sheet that
    answers by stage got one "no answer for 'A1.1'" per criterion, naming columns the sheet
    does not have (it has ``tu_danh_gia:A1.1``, ``kiem_tra:A1.1``), at no column.  It is one
    problem now, naming the stages' columns."""
    header = HOSPITAL_UNITS.read_text(encoding="utf-8-sig").splitlines()[0]
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        header + "\nbv-moi;BV mới;Phú Thọ;2024" + ";" * (header.count(";") - 3) + "\n",
        encoding="utf-8-sig",
    )
    status, _, rows = _batch(HOSPITAL, sheet, tmp_path / "out.csv", "--lang", "en")
    assert status == 1
    problems = rows["bv-moi"]["problems"]
    assert problems == (  # ("$": a problem of the whole row, as the column says it)
        "$: no stage of this unit is filled in: give its answers in the columns of a stage "
        "(tu_danh_gia:…, kiem_tra:…) [row.empty]"
    )
    assert rows["bv-moi"]["status"] == "rejected"


def test_a_form_with_answers_only_under_its_stages_is_an_assessment(tmp_path: Path) -> None:
    """A web form posts the hospital's two stages as an assessment file in JSON, its answers
    under ``stages`` only: ``score`` read it, ``batch`` took the line for a flat row ("unknown
    column 'rubric'", every answer missing, no unit id).  Both read it alike now: 29 / 8 =
    3.63, A1.1 at Level 1 holds Khá back: Trung bình."""
    levels = dict.fromkeys(
        ["A1.1", "A2.1", "B1.1", "C1.1", "D1.1", "D2.1", "E1.1", "E2.1"], "Mức 4"
    )
    items = {"C4.1.m2": "on", "C4.1.m3": "on", "C4.1.m4": "on", "C4.1.m5": "off"}
    checked = {**levels, **items, "E2.1": "Không áp dụng", "A1.1": "Mức 1"}
    document = {
        "rubric": "vn_chat_luong_benh_vien_6858_unseen",
        "unit": {"id": "bv-json", "name": "BV JSON", "tinh": "Phú Thọ", "nam": 2025},
        "stages": {
            "tu_danh_gia": {"answers": {**levels, **items}},
            "kiem_tra": {"answers": checked},
        },
    }
    form = tmp_path / "form.json"
    form.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    lines = tmp_path / "forms.jsonl"
    lines.write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")
    status, out, err = _cli("score", str(HOSPITAL), str(form))
    assert status == 0, err
    assert "Tổng điểm: 3,63 / 5" in out
    status, said, rows = _batch(HOSPITAL, lines, tmp_path / "out.csv")
    assert status == 0, said
    row = rows["bv-json"]
    assert (row["total"], row["tier"], row["decided_by"]) == ("3.63", "trung_binh", "kiem_tra")
    assert "kiem_tra (from tu_danh_gia): E2.1 4 -> na" in row["flags"]


def test_each_level_labelled_as_not_applicable_is_one_problem_in_either_language() -> None:
    """A level with two such labels is one problem (its first); each level with one is its
    own, whole message in English and in Vietnamese, at the level's label."""
    report = tiercert.check_source(
        "format: 1\nid: r\nversion: '1'\ntitle: R\nlanguage: vi\ncriteria:\n"
        "  - id: c1\n    title: C1\n    rule: {kind: levels, levels: [{id: tot, label:"
        " {vi: ' Không áp dụng ', en: N/A}, points: 2}, {id: khong, label: n/a, points: 0}]}\n"
        "tiers: []\n"
    )
    said = [
        (p.code, p.where, in_lang(p.message, "en"), in_lang(p.message, "vi")) for p in report.errors
    ]
    assert said == [
        (
            "level.reserved",
            f"$.criteria[c1].rule.levels[{level}].label",
            f"the label {label!r} is how an assessment says 'not applicable', so no answer can"
            " name this level by it; give the level another label (to allow N/A, add 'na:' to"
            " the criterion)",
            f"nhãn {label!r} là cách tệp chấm điểm ghi “không áp dụng”, nên không câu trả lời"
            " nào chọn được mức này bằng nhãn đó; hãy đặt nhãn khác cho mức (muốn cho phép"
            " “không áp dụng” thì thêm 'na:' vào tiêu chí)",
        )
        for level, label in (("tot", "Không áp dụng"), ("khong", "n/a"))
    ]
