"""Schemes tiercert was never shown (eighteenth round): EDGE (IFC's green buildings: EDGE
Certified, Advanced, Zero Carbon) and Viet Nam's primary-school quality accreditation, Levels 1
to 4 (Circular 17/2018/TT-BGDĐT), written from README.md and docs/ only.

The rubrics and their sheets are in ``tests/fixtures/unseen/``; the sheets are typed as an
office types them (a byte-order mark and ``;`` from Excel, ``40%``, `` 20 ``, ``Mức 1``,
``mức 1``, ``MỨC 3``, ``x``, ``đạt``, ``có``, a second header row of titles, a total or average
row at the bottom).  Every expected value is worked by hand from the scheme's rule (EDGE: at
least 20% less energy, water and embodied energy; Advanced 40% less energy; Zero Carbon the
rest from renewables or offsets.  Schools: a level when every criterion reaches it; Level 4 with
all five Level 4 requirements), never taken from tiercert's output.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.tabular import read_csv, read_xlsx

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
EDGE = UNSEEN / "edge_v3.yaml"
SCHOOL = UNSEEN / "vn_kiem_dinh_tieu_hoc_2018.yaml"

#: unit -> (total, tier): one point per EDGE threshold reached (energy 20 and 40, water 20,
#: materials 20), the tier by the gates alone
EDGE_EXPECTED: dict[str | None, tuple[int, str | None]] = {
    "e-20": (3, "edge"),  # every saving exactly 20%
    "e-1999": (2, None),  # energy 19.99%
    "e-40": (4, "advanced"),  # energy exactly 40%
    "e-39999": (3, "edge"),  # energy 39.999%
    "e-zc": (4, "zero_carbon"),  # 45 / 25 / 30, the rest 100% offset
    "e-zc-999": (4, "advanced"),  # offsets 99.9%
    "e-pct": (4, "advanced"),  # "40%", " 20 ", "20%"
    "e-water-1999": (3, None),  # 50 / 19.99% / 80: water short, whatever the rest
    "e-neg": (2, None),  # energy -5%: worse than the baseline
    "e-zc-no-adv": (3, "edge"),  # offsets 100% but energy 39.5%: Zero Carbon needs Advanced
}
#: unit -> (total, tier): each criterion 0 to 3 by its level (27 criteria), plus one point per
#: Level 4 requirement met (5)
SCHOOL_EXPECTED: dict[str | None, tuple[int, str | None]] = {
    "s-m1": (27, "muc_1"),
    "s-m1-khong": (26, None),  # one criterion not met: not even Level 1
    "s-m2": (27 * 2 + 5, "muc_2"),  # every Level 4 requirement, but only Level 2 criteria
    "s-m3-mot-m2": (26 * 3 + 2 + 5, "muc_2"),  # one criterion at Level 2 holds 3 and 4 back
    "s-m3": (27 * 3 + 4, "muc_3"),  # four of the five Level 4 requirements
    "s-m4": (27 * 3 + 5, "muc_4"),
    "s-m4-khong-m3": (26 * 3 + 2 + 5, "muc_2"),
}
#: the rows at the bottom of the sheets that are no unit
SUMMARY_ROWS = {EDGE: "Bình quân", SCHOOL: "Tổng cộng"}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _cell(text: str) -> object:
    """A CSV cell as an office types it into Excel: a percentage becomes a number formatted
    as one (``40%`` holds 0.4), a number a number, the rest (``Mức 1``, ``x``, `` 20 `` with
    its spaces: a number stored as text) text."""
    if text.endswith("%") and text[:-1].replace(".", "", 1).isdigit():
        return ("percent", Fraction(text[:-1]) / 100)
    if text.lstrip("-").replace(".", "", 1).isdigit():
        return float(text) if "." in text else int(text)
    return text or None


def _xlsx_of(sheet: Path, folder: Path, delimiter: str) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            for column, text in enumerate(row, start=1):
                value = _cell(text) if n > 1 else text
                cell = page.cell(row=n, column=column)
                if isinstance(value, tuple):
                    cell.value = float(value[1])
                    cell.number_format = "0.00%"
                else:
                    cell.value = value
    path = folder / (sheet.stem + ".xlsx")
    book.save(path)
    return path


def _rows(rubric_path: Path, reader: str, folder: Path) -> object:
    sheet, delimiter = (
        (UNSEEN / "edge_units.csv", ";")
        if rubric_path == EDGE
        else (UNSEEN / "school_units.csv", ",")
    )
    return read_csv(sheet) if reader == "csv" else read_xlsx(_xlsx_of(sheet, folder, delimiter))


@pytest.mark.parametrize("path", [EDGE, SCHOOL], ids=["edge", "school"])
def test_each_rubric_checks_clean(path: Path) -> None:
    status, out, err = _cli("check", str(path))
    assert status == 0, out + err
    assert "0 lỗi, 0 cảnh báo" in out


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("path", "expected"),
    [(EDGE, EDGE_EXPECTED), (SCHOOL, SCHOOL_EXPECTED)],
    ids=["edge", "school"],
)
def test_units_reach_the_hand_worked_tiers(
    path: Path, expected: dict[str | None, tuple[int, str | None]], reader: str, tmp_path: Path
) -> None:
    rubric = tiercert.load_rubric(path)
    seen: dict[str | None, tuple[Fraction, str | None]] = {}
    refused: dict[str | None, list[str]] = {}
    for outcome in evaluate_many(rubric, _rows(path, reader, tmp_path)):  # type: ignore[arg-type]
        if outcome.result is None:
            refused[outcome.unit_id] = [p.code for p in outcome.problems]
            continue
        result = outcome.result
        seen[outcome.unit_id] = (result.total, result.tier.id if result.tier else None)
    assert seen == {unit: (Fraction(total), tier) for unit, (total, tier) in expected.items()}
    # the total or average row at the bottom is refused as no unit, never counted as one
    assert "row.summary" in refused[SUMMARY_ROWS[path]]


@pytest.mark.parametrize(
    ("path", "sheet"),
    [(EDGE, "edge_units.csv"), (SCHOOL, "school_units.csv")],
    ids=["edge", "school"],
)
def test_compiled_and_reference_agree_on_every_unit(path: Path, sheet: str) -> None:
    rubric = tiercert.load_rubric(path)
    fact_ids = {fact.id for fact in rubric.spec.facts}
    delimiter = ";" if path == EDGE else ","
    with (UNSEEN / sheet).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            if row["unit_id"].startswith("#") or row["unit_id"] == SUMMARY_ROWS[path]:
                continue
            cells = {k: v for k, v in row.items() if k not in ("unit_id", "unit_name") and v}
            answers = {k: v for k, v in cells.items() if k not in fact_ids}
            facts = {k: v for k, v in cells.items() if k in fact_ids}
            fast = rubric.evaluate(answers, facts=facts)
            slow = rubric.evaluate(answers, facts=facts, engine="reference")
            assert fast == slow, row["unit_id"]


@pytest.mark.parametrize("path", [EDGE, SCHOOL], ids=["edge", "school"])
def test_the_batch_command_refuses_the_summary_row_and_counts_the_units(
    path: Path, tmp_path: Path
) -> None:
    sheet = UNSEEN / ("edge_units.csv" if path == EDGE else "school_units.csv")
    out_file = tmp_path / "out.csv"
    status, out, err = _cli("batch", str(path), str(sheet), "-o", str(out_file))
    assert status == 1  # a rejected row
    units = len(EDGE_EXPECTED if path == EDGE else SCHOOL_EXPECTED)
    # the total row is no unit: counted apart, not among the rejected units (twentieth round)
    assert (
        f"Đơn vị: {units} được chấm, không đơn vị nào bị từ chối; 1 dòng không phải đơn vị"
    ) in out + err
    assert f"'{SUMMARY_ROWS[path]}' là dòng tổng cộng hoặc bình quân" in err
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["unit_id"]: row for row in csv.DictReader(handle)}
    assert rows[SUMMARY_ROWS[path]]["status"] == "rejected"


def test_total_rows_are_refused_in_the_row_loop_too(tmp_path: Path) -> None:
    """Past the first rows a sheet is scored by the generated row loop: a total row there,
    ASCII (``Total``) or not (``TỔNG CỘNG:``), goes to the usual path, which refuses it; a unit
    whose id merely contains such a word (``Tân Cộng``, ``total-1``) is scored."""
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "format: 1\nid: r\nversion: '1'\ntitle: R\n"
        "criteria: [{id: c, title: C, rule: {kind: bands, range: {min: 0, max: 100},"
        " bands: [{max: 50, points: 0}, {min: 50, points: 1}]}}]\n"
        "tiers: [{id: dat, label: Đạt, rank: 1, min: 1}]\n",
        encoding="utf-8",
    )
    lines = ["unit_id,c"] + [f"u{n},{50 + n % 7}" for n in range(40)]
    lines += ["Tân Cộng,60", "total-1,60", "Total,55", "TỔNG CỘNG:,54", "Average,52", "u-last,10"]
    sheet = tmp_path / "units.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_file = tmp_path / "out.csv"
    status, out, err = _cli("batch", str(rubric), str(sheet), "-o", str(out_file), "--lang", "en")
    assert status == 1
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["unit_id"]: row for row in csv.DictReader(handle)}
    assert {u for u, row in rows.items() if row["status"] == "rejected"} == {
        "Total",
        "TỔNG CỘNG:",
        "Average",
    }
    assert rows["Tân Cộng"]["tier"] == rows["total-1"]["tier"] == "dat"
    assert "row.summary" in rows["Total"]["problems"]
    assert "Units: 43 scored, none rejected; 3 rows that are no unit" in out + err


@pytest.mark.parametrize(("typed", "meant"), [("đúng", True), ("Sai", False), ("ĐÚNG", True)])
def test_dung_and_sai_are_yes_and_no_as_the_vietnamese_message_says(
    typed: str, meant: bool, tmp_path: Path
) -> None:
    """A yes/no refused in Vietnamese reads "cần đúng hoặc sai (có/không)" ("expected true or
    false"): the two words it names are read, as answers and as facts, by both evaluators and
    from a sheet; they were refused with that very message."""
    rubric = tiercert.load_rubric(SCHOOL)
    levels = {f"tc{s}_{c}": "muc_3" for s, n in [(1, 10), (2, 4), (3, 6), (4, 2), (5, 5)]
              for c in range(1, n + 1)}  # fmt: skip
    answers = {**levels, **{f"m4_{i}": "đúng" for i in range(1, 5)}, "m4_5": typed}
    fast = rubric.evaluate(answers)
    assert fast == rubric.evaluate(answers, engine="reference")
    assert fast.nodes["m4_5"].score == (1 if meant else 0)
    assert (fast.tier.id if fast.tier else None) == ("muc_4" if meant else "muc_3")
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "unit_id," + ",".join(answers) + "\nth-1," + ",".join(answers.values()) + "\n",
        encoding="utf-8",
    )
    (outcome,) = evaluate_many(rubric, read_csv(sheet))
    assert outcome.result is not None, outcome.problems
    assert (outcome.result.total, outcome.result.tier) == (fast.total, fast.tier)
    # a boolean fact, in a gate
    with_fact = tmp_path / "r.yaml"
    with_fact.write_text(
        "format: 1\nid: r\nversion: '1'\ntitle: R\nlanguage: vi\n"
        "facts: [{id: co_khoa, title: Có khóa hoàn thành, type: boolean}]\n"
        "criteria: [{id: c, title: C, rule: {kind: boolean, points: 1}}]\n"
        "gates: [{id: g, title: G, require: {fact: co_khoa, equals: true}}]\n"
        "tiers: [{id: dat, label: Đạt, rank: 1, min: 1}]\n",
        encoding="utf-8",
    )
    small = tiercert.load_rubric(with_fact)
    for engine in ("fast", "reference"):
        result = small.evaluate({"c": "đúng"}, facts={"co_khoa": typed}, engine=engine)
        assert result.certified is meant


def test_merged_cells_are_refused_never_read_as_empty(tmp_path: Path) -> None:
    """An office merges a value over the rows it holds for (100% offsets over three buildings):
    Excel shows it in each row, but only the first cell holds it, and the others were read as
    empty: a fact's default (0%) taken silently, Zero Carbon refused.  Each covered cell of a
    column tiercert reads is now the row's problem, ``cell.merged``; a merged name or note is
    not (nothing is scored by it)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    page.append(["unit_id", "unit_name", "nang_luong", "nuoc", "vat_lieu", "tai_tao_hoac_bu_tru"])
    page.append(["ct-01", "Khu A", 45, 25, 30, 100])
    page.append(["ct-02", None, 45, 25, 30, None])
    page.append(["ct-03", None, 45, 25, 30, None])
    page.append(["ct-04", "Khu B", 45, 25, 30, 100, "#"])
    page.merge_cells("F2:F4")  # the offsets, over three buildings
    page.merge_cells("B2:B3")  # a name: not read for scoring
    page.merge_cells("B5:C5")  # a name over an answer: the answer is covered
    path = tmp_path / "units.xlsx"
    book.save(path)
    outcomes = {o.unit_id: o for o in evaluate_many(tiercert.load_rubric(EDGE), read_xlsx(path))}
    assert outcomes["ct-01"].result is not None
    assert outcomes["ct-01"].result.tier is not None
    assert outcomes["ct-01"].result.tier.id == "zero_carbon"
    for unit, cell in [("ct-02", "F3"), ("ct-03", "F4"), ("ct-04", "C5")]:
        outcome = outcomes[unit]
        assert outcome.result is None, unit
        merged = [p for p in outcome.problems if p.code == "cell.merged"]
        assert len(merged) == 1, outcome.problems
        assert f"cell {cell} is part of the merged cells" in merged[0].message
        assert merged[0].column == (6 if cell[0] == "F" else 3)
    status, _, err = _cli("batch", str(EDGE), str(path), "-o", str(tmp_path / "o.csv"))
    assert status == 1
    assert "ô F3 nằm trong vùng ô đã gộp F2:F4, giá trị chỉ nằm ở ô F2" in err
