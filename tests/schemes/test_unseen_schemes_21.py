"""Schemes tiercert was never shown (twenty-first round): Viet Nam's classification of
provinces (Nghị định 307/2025/NĐ-CP: population and area in half-point steps over a base,
capped; Loại I from 75, Loại II from 60, priority points on top) and BCA Green Mark for
existing non-residential buildings (version 2.1: the energy part capped at 50, the other parts
together at 50, minima of 30 and 20; Platinum from 90, GoldPlus 85, Gold 75, Certified 50;
version 3.0 adds Platinum's prerequisites), written from README.md and docs/ only.

The rubrics and their sheets are in ``tests/fixtures/unseen/``: the provinces in a sheet saved
by Excel with a byte-order mark and ``;`` (`` 3799999 ``, ``2.345.678``, ``16.493,7``, an
empty priority cell, a province not appraised yet, a total row), the same in XLSX (number
cells, numbers stored as text, a formula's result with binary noise) and in code page 1258;
the buildings as JSON lines from a web form (numbers as text and as numbers).  Every expected
value is worked by hand from the scheme's rule, never taken from tiercert's output.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from tiercert.cli import main

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
TINH = UNSEEN / "vn_phan_loai_tinh_2025.yaml"
TINH_2025 = UNSEEN / "phan_loai_tinh_2025.csv"
GM_2 = UNSEEN / "green_mark_enrb_v2.yaml"
GM_3 = UNSEEN / "green_mark_enrb_v3.yaml"
GM_2025 = UNSEEN / "green_mark_2025.jsonl"

#: province -> (total, class, deciding stage), the Ministry's appraisal where there is one:
#: population 10 up to 2,059,999 people, half a point per full 60,000 more, 25 from 3.8
#: million; area 10 below 8,200 km², half a point per full 200 km², 25 from 14,000 km²
TINH_EXPECTED: dict[str, tuple[str, str, str]] = {
    "t-75": ("75", "loai_1", "bo_tham_dinh"),  # 25 + 25 + 20 + 5: exactly Loại I
    "t-7499": ("74.99", "loai_2", "bo_tham_dinh"),  # 25 + 25 + 19.99 + 5
    "t-7450": ("74.5", "loai_2", "bo_tham_dinh"),  # `` 3799999 ``: 24.5; có, không đạt, 0
    "t-60": ("60", "loai_2", "bo_tham_dinh"),  # x, không, ``Mức 2``: 5 + 0 + 5
    "t-5999": ("59.99", "loai_3", "bo_tham_dinh"),  # 2,059,999 and 8,199.9 still give 10
    "t-uutien": ("75", "loai_1", "bo_tham_dinh"),  # đạt, Đạt, ``Mức 3``; 4 priority points
    # not appraised: 15 + 12.5 + 25 + (`` có ``, ``Không``, `` 3 ``: 15) + 2
    "t-tinh": ("69.5", "loai_2", "tinh_lap"),
}

#: building -> (total, tier) under version 2.1: Part 1 capped at 50, Parts 2-5 at 50; no tier
#: under 30 energy points whatever the total
GM_EXPECTED: dict[str, tuple[str, str | None]] = {
    "b-90": ("90", "platinum"),  # 50 + 40, the self-assessment's 100 not deciding
    "b-8999": ("89.99", "goldplus"),
    "b-85": ("85", "goldplus"),  # numbers, not text, in the form
    "b-75": ("75", "gold"),
    "b-7499": ("74.99", "certified"),
    "b-50": ("50", "certified"),  # 30 and 20: both minima exactly
    "b-e29": ("79.5", None),  # 29.5 energy points: below the minimum of 30
    "b-cap": ("100", "platinum"),  # 63 capped at 50, 65 capped at 50
}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _results(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["unit_id"]: row for row in csv.DictReader(handle)}


def _lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _typed(text: str, n: int) -> object:
    """A cell as an office types it: a number a number cell in every other row (text in the
    rest, as a sheet pasted from elsewhere keeps it)."""
    plain = text.strip()
    if n % 2 and plain.isdigit():
        return int(plain)
    if n % 2 and plain.replace(".", "", 1).isdigit() and plain.count(".") == 1:
        return float(plain)
    return text or None


def _xlsx_of(sheet: Path, folder: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    for n, line in enumerate(_lines(sheet)):
        page.append([_typed(cell, n) if n else cell for cell in line])
    path = folder / "tinh.xlsx"
    book.save(path)
    return path


def _cp1258(text: str) -> bytes:
    """``text`` as Windows saves it in code page 1258: the letters the code page has, the
    other tone marks as combining characters (``ỉ``: ``i`` and a combining hook above)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        for i, mark in enumerate(marks):
            rest = marks[:i] + marks[i + 1 :]
            try:
                out += unicodedata.normalize("NFC", base + mark).encode("cp1258")
                out += rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += decomposed.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("path", [TINH, GM_2, GM_3], ids=["tinh", "gm-2.1", "gm-3.0"])
def test_each_rubric_checks_clean(path: Path) -> None:
    status, out, err = _cli("check", "--strict", str(path))
    assert status == 0, out + err
    assert "(0 errors, 0 warnings)" in out or "(0 lỗi, 0 cảnh báo)" in out


@pytest.mark.parametrize(
    ("population", "points"),
    [
        (0, 10),
        (2_000_000, 10),
        (2_059_999, 10),
        (2_060_000, Fraction(21, 2)),  # one full 60,000 more
        (2_119_999, Fraction(21, 2)),
        (2_120_000, 11),
        (3_799_999, Fraction(49, 2)),
        (3_800_000, 25),  # 30 steps: the cap
        (9_000_000, 25),
    ],
)
def test_population_counts_each_full_step(population: int, points: Fraction) -> None:
    rubric = tiercert.load_rubric(TINH)
    answers = {"dan_so": population, "dien_tich": 8000, "kinh_te": 0, "dac_thu": 0, "uu_tien": 0}
    result = rubric.evaluate(answers)
    assert result.nodes["dan_so"].score == points


@pytest.mark.parametrize(
    ("area", "points"),
    [("8000", 10), ("8199.99", 10), ("8200", Fraction(21, 2)), ("13999.9", Fraction(49, 2)),
     ("14000", 25)],
)  # fmt: skip
def test_area_counts_each_full_step(area: str, points: Fraction) -> None:
    rubric = tiercert.load_rubric(TINH)
    answers = {"dan_so": 0, "dien_tich": area, "kinh_te": 0, "dac_thu": 0, "uu_tien": 0}
    assert rubric.evaluate(answers).nodes["dien_tich"].score == points


@pytest.mark.parametrize(
    ("kinh_te", "dac_thu", "bonus", "tier"),
    [
        ("24.99", "0", "0", "loai_3"),  # 35 + 24.99 = 59.99
        ("25", "0", "0", "loai_2"),  # 60
        ("30", "9.99", "0", "loai_2"),  # 74.99
        ("30", "10", "0", "loai_1"),  # 75
        ("30", "5", "5", "loai_1"),  # 70 and 5 priority points: 75
        ("30", "5", "4.99", "loai_2"),  # 74.99 with priority points
    ],
)
def test_classes_on_and_around_their_edges(
    kinh_te: str, dac_thu: str, bonus: str, tier: str
) -> None:
    rubric = tiercert.load_rubric(TINH)
    answers = {  # 25 for the population, 10 for the area: 35
        "dan_so": 3_800_000, "dien_tich": 0, "kinh_te": kinh_te, "dac_thu": dac_thu,
        "uu_tien": bonus,
    }  # fmt: skip
    result = rubric.evaluate(answers)
    assert result.total == 35 + Fraction(kinh_te) + Fraction(dac_thu) + Fraction(bonus)
    assert result.tier is not None
    assert result.tier.id == tier


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_provinces_reach_the_hand_worked_classes(reader: str, tmp_path: Path) -> None:
    sheet = TINH_2025 if reader == "csv" else _xlsx_of(TINH_2025, tmp_path)
    out = tmp_path / "out.csv"
    status, stdout, stderr = _cli("batch", str(TINH), str(sheet), "-o", str(out))
    rows = _results(out)
    assert status == 1
    seen = {
        unit: (row["total"], row["tier"], row["decided_by"])
        for unit, row in rows.items()
        if row["status"] == "scored"
    }
    assert seen == TINH_EXPECTED
    said = stdout + stderr
    # thousands dots are refused with the number to write, never read as 2.345678
    assert "nhận được '2.345.678'; số không có dấu phân cách hàng nghìn: hãy ghi 2345678" in said
    assert "hãy ghi 16493.7 [answer.invalid]" in said
    assert rows["Tổng cộng"]["problems"].endswith("[row.summary]")


def test_a_sheet_in_code_page_1258_is_refused_with_what_to_do(tmp_path: Path) -> None:
    sheet = tmp_path / "tinh_1258.csv"
    sheet.write_bytes(_cp1258(TINH_2025.read_text(encoding="utf-8-sig")))
    status, _out, err = _cli("batch", str(TINH), str(sheet), "-o", str(tmp_path / "out.csv"))
    assert status == 2
    assert "dòng 1: lỗi: tệp không phải văn bản UTF-8 (byte 0xfa gần dòng 1)" in err
    assert "'CSV UTF-8 (Comma delimited)') [file.encoding]" in err
    assert not (tmp_path / "out.csv").exists()


def test_a_stages_empty_cell_is_told_at_its_column(tmp_path: Path) -> None:
    """An empty priority cell of each stage: "no answer for 'uu_tien'" at that stage's column
    (L, then T), named as the sheet names it, as a plain sheet's empty cell is told; it was
    told of the row alone ("dòng 4: lỗi: bước ...")."""
    out = tmp_path / "out.csv"
    status, stdout, stderr = _cli("batch", str(TINH), str(TINH_2025), "-o", str(out))
    assert status == 1
    said = stdout + stderr
    assert (
        "dòng 4, cột L: lỗi: tinh_lap:uu_tien: bước Tỉnh lập hồ sơ: chưa có câu trả lời cho "
        "'uu_tien'" in said
    )
    assert "dòng 4, cột T: lỗi: bo_tham_dinh:uu_tien: bước Bộ Nội vụ thẩm định:" in said
    assert "dòng 4: lỗi" not in said
    # with missing answers scored 0, the same province is scored (10 + 10 + 30 + 10 = 60)
    status, stdout, stderr = _cli(
        "batch", str(TINH), str(TINH_2025), "-o", str(out), "--missing", "zero"
    )
    assert _results(out)["t-trong"]["total"] == "60"


def _noisy_xlsx(folder: Path) -> Path:
    """Numeric cells as Excel saves a formula's result, 17 significant digits with binary
    noise, shown by Excel as 2060000, 8200 and 20."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    page.append(["unit_id", "dan_so", "dien_tich", "kinh_te", "dac_thu", "uu_tien"])
    page.append(["t-nhieu", 1111, 2222, 3333, 10, 0])
    path = folder / "noise.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as packed:
        parts = {info.filename: packed.read(info.filename) for info in packed.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = (
        parts[sheet]
        .replace(b"<v>1111</v>", b"<v>2059999.9999999998</v>")
        .replace(b"<v>2222</v>", b"<v>8199.9999999999982</v>")
        .replace(b"<v>3333</v>", b"<v>19.999999999999996</v>")
    )
    with zipfile.ZipFile(path, "w") as packed:
        for name, data in parts.items():
            packed.writestr(name, data)
    return path


def test_a_formulas_noise_is_read_as_the_sheet_shows_it(tmp_path: Path) -> None:
    """2,060,000 people, 8,200 km² and 20 points, as the office reads them in Excel: 10.5 +
    10.5 + 20 + 10 = 51; read to the last binary digit they gave 10 + 10 + 19.999999999999996
    + 10, the population and the area a band lower than the sheet shows."""
    out = tmp_path / "out.jsonl"
    status, stdout, stderr = _cli(
        "batch", str(TINH), str(_noisy_xlsx(tmp_path)), "-o", str(out), "--depth", "1"
    )
    assert status == 0, stdout + stderr
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert row["dan_so.score"] == "10.5"
    assert row["dien_tich.score"] == "10.5"
    assert row["kinh_te.score"] == "20"
    assert row["total"] == "51"


def test_typed_numbers_keep_every_digit() -> None:
    """Rounding to 15 significant digits changes no number a person typed (at most 15)."""
    from tiercert.tabular import as_excel_shows

    for typed in ("8199.9", "0.1", "123456789012345", "72.5", "1e-7", "-3.25", "0.3"):
        assert as_excel_shows(float(typed)) == float(typed)
    assert as_excel_shows(0.1 + 0.2) == 0.3
    assert as_excel_shows(2.0**60) == 2.0**60  # whole numbers past 2**53: left as they are
    # a whole number of 16 digits below 2**53 (an id a program wrote) keeps every digit
    assert as_excel_shows(4503599627370496.0) == 4503599627370496.0


def test_buildings_reach_the_hand_worked_ratings(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    status, stdout, stderr = _cli("batch", str(GM_2), str(GM_2025), "-o", str(out))
    assert status == 0, stdout + stderr
    rows = _results(out)
    assert {u: (r["total"], r["tier"] or None) for u, r in rows.items()} == GM_EXPECTED
    assert rows["b-90"]["self.total"] == "100"
    assert rows["b-e29"]["failed_gates"] == "energy_30"
    assert "2025 target 60% certified: 87.5% reached (7/8; met, provisional target)" in stdout


def test_version_3_carries_the_renamed_item_and_asks_for_its_facts(tmp_path: Path) -> None:
    status, out, err = _cli("diff", str(GM_2), str(GM_3))
    assert status == 1, out + err
    assert "renamed from 1-4" in out
    migrated = tmp_path / "migrated.jsonl"
    status, out, err = _cli("migrate", str(GM_2), str(GM_3), str(GM_2025), "-o", str(migrated))
    assert status == 1, out + err
    assert "cooling_load: a new fact" in out
    lines = [json.loads(line) for line in migrated.read_text(encoding="utf-8").splitlines()]
    first = lines[0]
    assert first["bca:1-9"] == "1"
    assert "bca:1-4" not in first
    # the office fills the new facts: a large plant at 0.7 kW/RT holds Platinum back
    facts = {"b-90": (800, "0.7"), "b-cap": (400, "0.9"), "b-85": (600, "0.6")}
    for line in lines:
        load, efficiency = facts.get(line["unit_id"], (100, "1"))
        line["cooling_load"], line["plant_efficiency"] = load, efficiency
    filled = tmp_path / "filled.jsonl"
    filled.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    results = tmp_path / "v3.csv"
    status, out, err = _cli("batch", str(GM_3), str(filled), "-o", str(results))
    assert status == 0, out + err
    rows = _results(results)
    assert rows["b-90"]["tier"] == "goldplus"  # 90, but the plant fails Platinum's gate
    assert rows["b-cap"]["tier"] == "platinum"  # 400 RT: the plant's efficiency not asked
    assert rows["b-85"]["tier"] == "goldplus"


PROVINCE = """\
unit: {id: t-bien, name: Tỉnh Biên, nam: 2025, vung: Miền Bắc}
stages:
  tinh_lap:
    answers: {dan_so: 1500000, dien_tich: 12000, kinh_te: 20, bien_gioi: có, cua_khau: đạt,
              do_thi: Mức 2, uu_tien: 3}
  bo_tham_dinh:
    answers: {dan_so: 1500000, dien_tich: 12000, kinh_te: 18, bien_gioi: có,
              cua_khau: không đạt, do_thi: "1", uu_tien: 3}
"""


@pytest.mark.parametrize(
    ("fmt", "stages", "flag"),
    [
        ("markdown", "## Các bước thẩm định", "- Bộ Nội vụ thẩm định (so với Tỉnh lập hồ sơ)"),
        ("text", "Các bước thẩm định:", "  Bộ Nội vụ thẩm định (so với Tỉnh lập hồ sơ)"),
    ],
    ids=["markdown", "text"],
)
def test_a_text_or_markdown_card_shows_the_stages(
    fmt: str, stages: str, flag: str, tmp_path: Path
) -> None:
    """The Ministry's appraisal takes the province from 68 (Loại II) to 58 (Loại III): 10 +
    20 + 18 + (5 + 0 + 2) + 3.  The HTML card and ``score`` showed the two stages side by
    side; the Markdown and text cards showed the deciding one alone, and nothing of the cut."""
    unit = tmp_path / "t-bien.yaml"
    unit.write_text(PROVINCE, encoding="utf-8")
    status, out, err = _cli("report", str(TINH), str(unit), "--format", fmt)
    assert status == 0, out + err
    assert "Loại III" in out
    assert stages in out
    assert "68" in out.split(stages)[1]
    assert "58 (-10)" in out.split(stages)[1]
    assert f"{flag}: hạng Loại II -> Loại III" in out.replace("-\\>", "->")


def test_a_web_forms_provinces_and_a_number_typed_with_its_unit(tmp_path: Path) -> None:
    """A web form's lines: ``on``/``off``, JSON numbers and numbers as text, a level as the
    number 3 and as ``Mức 3``, the group left ``""`` and answered by its criteria, one line
    shaped as an assessment file.  ``8200 km2`` was told "use a dot for decimals: 79.5": a
    unit with a digit in it (``km2``, ``m3``) was not seen as a unit."""
    out = tmp_path / "out.csv"
    status, stdout, stderr = _cli(
        "batch", str(TINH), str(UNSEEN / "phan_loai_tinh_form.jsonl"), "-o", str(out)
    )
    assert status == 1, stdout + stderr
    rows = _results(out)
    assert {u: (r["total"], r["tier"]) for u, r in rows.items() if r["status"] == "scored"} == {
        "t-f1": ("55.99", "loai_3"),  # 10.5 + 10.5 + 19.99 + (5 + 0 + 10) + 0
        "t-f2": ("70", "loai_2"),  # 10.5 + 10.5 + 30 + (5 + 0 + 10) + 4
        "t-f3": ("75", "loai_1"),  # 10.5 + 10.5 + 30 + 20 + 4
    }
    problems = rows["t-f4"]["problems"]
    assert "nhận được '8200 km2' (chỉ ghi con số, không kèm đơn vị" in problems
    assert "79.5" not in problems
    assert "hãy ghi 2060000 [answer.invalid]" in problems  # 2,060,000


@pytest.mark.parametrize(
    ("lang", "total"),
    [
        ("vi", "Tổng điểm: 58 / 100 (+ tối đa 10 điểm thưởng) (58%)"),
        ("en", "Total: 58 / 100 (+ up to 10 bonus) (58%)"),
    ],
)
def test_the_total_says_the_bonus_cap_is_a_cap(lang: str, total: str, tmp_path: Path) -> None:
    """3 priority points of at most 10: the total read ``58 / 100 (+10 điểm thưởng)``, as
    if ten bonus points had been earned; it is the most the bonus may add."""
    unit = tmp_path / "t-bien.yaml"
    unit.write_text(PROVINCE, encoding="utf-8")
    status, out, err = _cli("score", str(TINH), str(unit), "--lang", lang)
    assert status == 0, out + err
    assert total in out.splitlines()
    page = tmp_path / "card.html"
    status, out, err = _cli("report", str(TINH), str(unit), "-o", str(page), "--lang", lang)
    assert status == 0, out + err
    cap = total.split(" (")[1].removesuffix(")")  # + tối đa 10 điểm thưởng
    assert f"({cap})" in page.read_text(encoding="utf-8")
