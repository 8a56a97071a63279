"""Schemes tiercert was never shown (seventeenth round): BREEAM New Construction 2011 and
Viet Nam's new-rural commune criteria 2021-2025, written from README.md and docs/ only.

The rubrics and their sheets are in ``tests/fixtures/unseen/``. Every expected value below is
worked by hand from the scheme's own rule (BREEAM: credits achieved / credits available x the
section's weighting, plus 1% per innovation credit; new-rural: one point per criterion met,
the levels decided by which sets are complete), never taken from tiercert's output. Each sheet
is scored from CSV and from the same rows typed into an XLSX workbook, by both evaluators.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest

import tiercert
from conftest import ROOT
from tiercert.batch import evaluate_many
from tiercert.cli import main
from tiercert.explain import render_tree_text
from tiercert.tabular import read_csv, read_xlsx

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
BREEAM = UNSEEN / "breeam_nc_2011.yaml"
NTM = UNSEEN / "vn_ntm_xa_2021_2025.yaml"

F = Fraction
#: BREEAM 2011 section weightings (Table 3), over each section's credits in the rubric
WEIGHTS: dict[str, tuple[Fraction | int, int]] = {
    "man": (12, 22),
    "hea": (15, 14),
    "ene": (19, 30),
    "tra": (8, 9),
    "wat": (6, 6),
}
WEIGHTS |= {"mat": (F(25, 2), 12), "wst": (F(15, 2), 7), "le": (10, 10), "pol": (10, 12)}


def _breeam(inn: int, **credits: int | Fraction) -> Fraction:
    """A BREEAM score by hand: each section's share of its credits times its weighting."""
    total = F(inn)
    for section, achieved in credits.items():
        weight, available = WEIGHTS[section]
        total += F(weight) * F(achieved, available)
    return total


FULL = {"man": 22, "hea": 14}  # every credit of Management and Health, the minimum standards met

#: unit -> (total, tier); None: no rating
BREEAM_EXPECTED: dict[str | None, tuple[Fraction, str | None]] = {
    "b-70": (_breeam(10, **FULL, ene=30, tra=9, wat=6), "excellent"),  # 60 + 10
    "b-69": (_breeam(9, **FULL, ene=30, tra=9, wat=6), "very_good"),
    "b-85": (_breeam(5, **FULL, ene=30, tra=9, wat=6, mat=12, wst=7), "outstanding"),  # 80 + 5
    "b-84": (_breeam(4, **FULL, ene=30, tra=9, wat=6, mat=12, wst=7), "excellent"),
    # 85 points, Ene 01 at 9 credits: Excellent needs 6, Outstanding 10
    "b-85-ene9": (
        _breeam(10, **FULL, ene=10, tra=9, wat=6, mat=12, wst=7, le=1, pol=8),
        "excellent",
    ),
    "b-30": (_breeam(3, man=11, hea=14, wat=6), "pass"),  # 6 + 15 + 6 + 3
    "b-29": (_breeam(2, man=11, hea=14, wat=6), None),
    # every credit, Hea 04 criterion 1 not met: a minimum standard of every rating
    "b-hea04": (F(110), None),
    "b-mixed": (
        _breeam(2, man=13, hea=10, ene=18, tra=6, wat=4, mat=8, wst=5, le=6, pol=8),
        "very_good",
    ),
    "b-45": (_breeam(4, **FULL, tra=9, wat=6), "good"),  # 12 + 15 + 8 + 6 + 4
    "b-44": (_breeam(3, **FULL, tra=9, wat=6), "pass"),
    "b-55": (_breeam(3, **FULL, ene=30, wat=6), "very_good"),  # 12 + 15 + 19 + 6 + 3
    "b-54": (_breeam(2, **FULL, ene=30, wat=6), "good"),
    # Very Good points without Ene 02's first sub-metering credit
    "b-55-no-ene02": (_breeam(2, **FULL, tra=9, wat=6, mat=12), "good"),  # 55.5
    # Man 02 not applicable: its 2 credits leave Management's 22 available (19 of 20 in the
    # second); its minimum standards do not apply
    "b-70-man02-na": (_breeam(10, man=F(22), hea=14, ene=30, tra=9, wat=6), "excellent"),
    "b-man-na-short": (
        _breeam(10, man=F(19, 20) * 22, hea=14, ene=30, tra=9, wat=6),
        "very_good",
    ),
    # Excellent points with Ene 01 at 5 credits
    "b-ene5": (_breeam(10, **FULL, ene=20, tra=9, wat=6, mat=12, wst=7), "very_good"),
}

#: unit -> (criteria met of both sets, tier); the standard set is 19, the advanced 19
NTM_EXPECTED: dict[str | None, tuple[Fraction | int, str | None]] = {
    "xa-a": (38, "kieu_mau"),  # income 112.5%, 2 smart villages, 1 field
    "xa-b": (38, "kieu_mau"),  # income exactly 110%
    "xa-c": (38, "nang_cao"),  # income 109.99%: not "at least 10% higher"
    "xa-d": (38, "nang_cao"),  # no outstanding field
    "xa-e": (37, "dat_chuan"),  # 18 advanced criteria
    "xa-f": (19, "tu_15"),  # 15 + 4: 19 points, not the 19 criteria
    "xa-g": (19, None),  # 14 + 5: under 15 criteria
    "xa-h": (37, "tu_15"),  # 18 criteria, all 19 advanced ones
    "xa-i": (19, "dat_chuan"),
    "xa-j": (15, "tu_15"),
    "xa-k": (14, None),
}
CERTIFIED_NTM = {"dat_chuan", "nang_cao", "kieu_mau"}


def _decided(result: tiercert.Result) -> tuple[Fraction, str | None]:
    return result.total, result.tier.id if result.tier else None


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _xlsx_of(sheet: Path, folder: Path) -> Path:
    """The sheet's rows typed into a workbook as a person would: numbers as numbers, yes and
    no as TRUE/FALSE cells, Vietnamese có/không as text."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    page = book.active
    with sheet.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.reader(handle)):
            cells: list[object] = []
            for text in row:
                if n and text in ("yes", "no"):
                    cells.append(text == "yes")
                elif n and text.replace(".", "", 1).isdigit():
                    cells.append(F(text).numerator if "." not in text else float(text))
                else:
                    cells.append(text or None)
            page.append(cells)
    path = folder / (sheet.stem + ".xlsx")
    book.save(path)
    return path


@pytest.mark.parametrize("path", [BREEAM, NTM], ids=["breeam", "ntm"])
def test_each_rubric_checks_clean(path: Path) -> None:
    status, out, _ = _cli("check", "--strict", str(path), "--lang", "en")
    assert status == 0, out
    assert "valid (0 errors, 0 warnings)" in out


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_breeam_units_reach_the_hand_worked_tiers(reader: str, tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(BREEAM)
    sheet = UNSEEN / "breeam_units.csv"
    rows = read_csv(sheet) if reader == "csv" else read_xlsx(_xlsx_of(sheet, tmp_path))
    seen = {}
    for outcome in evaluate_many(rubric, rows):
        assert outcome.result is not None, outcome.problems
        seen[outcome.unit_id] = _decided(outcome.result)
    assert seen == BREEAM_EXPECTED


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_new_rural_communes_reach_the_hand_worked_levels(reader: str, tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(NTM)
    sheet = UNSEEN / "ntm_units.csv"
    rows = read_csv(sheet) if reader == "csv" else read_xlsx(_xlsx_of(sheet, tmp_path))
    seen = {}
    for outcome in evaluate_many(rubric, rows):
        result = outcome.result
        assert result is not None, outcome.problems
        assert result.certified == (_decided(result)[1] in CERTIFIED_NTM)
        seen[outcome.unit_id] = _decided(result)
    assert seen == NTM_EXPECTED


@pytest.mark.parametrize(
    ("path", "sheet"),
    [(BREEAM, "breeam_units.csv"), (NTM, "ntm_units.csv")],
    ids=["breeam", "ntm"],
)
def test_compiled_and_reference_agree_on_every_unit(path: Path, sheet: str) -> None:
    rubric = tiercert.load_rubric(path)
    fact_ids = {fact.id for fact in rubric.spec.facts}
    with (UNSEEN / sheet).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cells = {k: v for k, v in row.items() if k not in ("unit_id", "unit_name") and v}
            answers = {k: v for k, v in cells.items() if k not in fact_ids}
            facts = {k: v for k, v in cells.items() if k in fact_ids}
            fast = rubric.evaluate(answers, facts=facts)
            slow = rubric.evaluate(answers, facts=facts, engine="reference")
            assert fast == slow, row["unit_id"]
            verdict = rubric.verdict(answers, facts=facts)
            assert verdict == (slow.total, slow.certified, slow.tier)


def test_a_unit_short_of_outstanding_by_a_minimum_standard_is_told_which() -> None:
    status, out, _ = _cli(
        "score", str(BREEAM), str(UNSEEN / "breeam" / "b-85-ene9.yaml"), "--lang", "en"
    )
    assert status == 0
    assert "Tier: Excellent (rank 4, certified)" in out
    assert "Next tier: Outstanding at 85: needs passing ene01_outstanding" in out
    assert "score ene01 is 9, required at least 10" in out


def test_explain_says_a_tier_gate_holds_back_the_tiers_that_need_it() -> None:
    """A gate of one tier keeps a unit from every tier above that needs the tier below: the
    minimum standards of "Very Good" hold back Excellent and Outstanding too. explain said
    "only very_good", which a programme officer reads as "not the tiers above"."""
    status, out, _ = _cli("explain", str(BREEAM), "--lang", "en")
    assert status == 0
    assert (
        "  ene02_very_good  Ene 02: first sub-metering credit (Very Good and above)  "
        "[very_good; also excellent, outstanding, which need the tier below]"
    ) in out
    assert "Ene 01: ten credits (Outstanding)  [only outstanding]" in out
    status, out, _ = _cli("explain", str(NTM))
    assert "[dat_chuan; cả nang_cao, kieu_mau, vì các hạng này cần đạt hạng dưới]" in out
    assert "[chỉ kieu_mau]" in out
    status, out, _ = _cli("explain", str(BREEAM), "--format", "markdown", "--lang", "en")
    assert "`very_good`; also `excellent`, `outstanding`, which need the tier below" in out


def test_explain_names_only_the_gates_tiers_where_the_tier_above_stands_alone() -> None:
    rubric = tiercert.parse_rubric(
        """
format: 1
id: alone
version: "1"
title: Alone
criteria:
  - {id: c, title: C, max: 100, rule: {kind: direct}}
gates:
  - {id: g, title: G, tiers: [silver], require: {score: c, at_least: 70}}
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: silver, label: Silver, rank: 2, min: 70}
  - {id: gold, label: Gold, rank: 3, min: 90, requires_lower: false}
  - {id: platinum, label: Platinum, rank: 4, min: 95}
"""
    )
    text = render_tree_text(rubric, "en")
    assert "  g  G  [only silver]" in text


def test_authority_is_documented_as_what_tiercert_shows_it_as() -> None:
    """``authority`` is shown as "recognised by" (explain) and "Decided by" (recognition
    lists), and the shipped rubrics give the body that recognises; the schema and the
    authoring guide called it the legal basis, "the decision that set the scheme up", so a
    programme officer wrote Decision 318/QĐ-TTg there and explain printed "recognised by:
    Decisions 318/QD-TTg and 319/QD-TTg"."""
    schema = json.loads((ROOT / "schema" / "rubric.schema.json").read_text(encoding="utf-8"))
    said = schema["properties"]["authority"]["description"]
    assert said.startswith("Who recognises (certifies) the units, by decision")
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    (row,) = [line for line in guide.splitlines() if line.startswith("| `authority` |")]
    assert "who recognises (certifies) the units" in row
    assert "legal basis" not in row
    status, out, _ = _cli("explain", "bac_giang_friendly_gov", "--lang", "en")
    assert status == 0
    assert "recognised by: Chairman of the Bắc Giang provincial People's Committee" in out


UNIT_RUBRIC = """\
format: 1
id: u
version: "1"
title: U
criteria:
  - {{id: a, title: A, rule: {{kind: boolean, points: {points}}}}}
  - {{id: d, title: D, max: 20, rule: {{kind: direct}}}}
gates:
  - {{id: g, title: G, require: {{score: d, at_least: {score}}}}}
tiers:
  - {{id: t, label: T, rank: 1, min: {min}}}
"""


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("points", "5 điểm", "write 5"),
        ("min", "8 điểm", "write 8"),
        ("score", "1 credit", "write 1"),
        ("points", "5đ", "write 5"),
        ("points", "'1,5 điểm'", "; use a dot for decimals: write 1.5"),
        ("points", "12.000 điểm", "; it could mean 12 or 12 thousand: write 12 for 12"),
    ],
)
def test_a_rubric_number_typed_with_its_unit_is_told_to_drop_it(
    field: str, typed: str, said: str, tmp_path: Path
) -> None:
    """A programme officer copies "Man 01: one credit", "8 điểm" from the scheme: answers are
    told to write the number alone; a rubric's number got "change the value" and nothing
    on what to write."""
    values = {"points": "5", "score": "1", "min": "8", field: typed}
    rubric = tmp_path / "u.yaml"
    rubric.write_text(UNIT_RUBRIC.format(**values), encoding="utf-8")
    for lang, intro in (
        ("en", "a rubric's numbers are written without their unit"),
        ("vi", "số trong bộ tiêu chí viết không kèm đơn vị"),
    ):
        status, out, _ = _cli("check", str(rubric), "--lang", lang)
        (line,) = [x for x in out.splitlines() if "[value.number]" in x]
        assert status == 1
        assert intro in line
        if lang == "en":
            assert said in line, line


def test_a_number_with_an_exponent_or_a_word_alone_is_no_unit(tmp_path: Path) -> None:
    rubric = tmp_path / "u.yaml"
    for typed in ("five", "1e"):
        rubric.write_text(UNIT_RUBRIC.format(points=typed, score=1, min=8), encoding="utf-8")
        status, out, _ = _cli("check", str(rubric), "--lang", "en")
        assert status == 1
        assert "without their unit" not in out, out


@pytest.mark.parametrize("command", ["recognition", "progress"])
def test_a_plain_batch_output_is_told_it_is_no_programme_output(
    command: str, tmp_path: Path
) -> None:
    """The new-rural rubric declares no programme (no attributes): its batch output cannot
    make a recognition list. The command asked for ``--rubric``, and given it, then said the
    file was not a programme batch's output: it says so at once."""
    results = tmp_path / "results.csv"
    status, _, _ = _cli(
        "batch", str(NTM), str(UNSEEN / "ntm_units.csv"), "-o", str(results), "--summary", "none"
    )
    assert status == 0
    status, out, err = _cli(command, str(results), "--lang", "en")
    assert out == ""
    assert status == 2
    assert "--rubric" not in err
    assert err.startswith(f"{results}:1:1: error: not the output of a programme batch: ")
    assert err.rstrip().endswith("[progress.columns]")


def test_a_programme_output_without_its_rubric_id_still_asks_for_the_rubric(
    tmp_path: Path,
) -> None:
    results = tmp_path / "results.csv"
    sheet = ROOT / "examples" / "bac_giang_programme" / "round_2024.csv"
    status, _, _ = _cli(
        "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(results), "--summary", "none"
    )
    with results.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert "rubric_id" in rows[0]
    kept = [name for name in rows[0] if name != "rubric_id"]
    with results.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=kept, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    status, _, err = _cli("progress", str(results), "--lang", "en")
    assert status == 2
    assert "names no rubric (no rubric_id column); give it with --rubric" in err


@pytest.mark.parametrize(
    ("fact", "typed"),
    [
        ("so_thon_thong_minh", "2 thôn"),
        ("thu_nhap_so_voi_nang_cao", "112 triệu"),
        ("thu_nhap_so_voi_nang_cao", "1,5 triệu"),
    ],
)
def test_a_number_fact_typed_with_its_unit_is_told_to_drop_it(fact: str, typed: str) -> None:
    """An answer typed ``5 điểm`` is told to write the number alone; a fact typed ``2 thôn``
    (smart villages) got "must be a whole number" and nothing on what to write."""
    rubric = tiercert.load_rubric(NTM)
    answers = {f"tc{i:02d}": "đạt" for i in range(1, 20)}
    answers |= {f"nc{i:02d}": "chưa đạt" for i in range(1, 20)}
    said = []
    for engine in ("fast", "reference"):
        with pytest.raises(tiercert.AssessmentError) as caught:
            rubric.evaluate(answers, facts={fact: typed}, engine=engine)
        (problem,) = caught.value.problems
        said.append(problem.message)
        assert problem.code == "fact.invalid"
    assert said[0] == said[1]
    assert said[0].endswith(f"got '{typed}' (write the number alone, without its unit)")


def test_a_tier_at_full_marks_reads_total_equals() -> None:
    """Advanced and model communes both need all 38 criteria: explain wrote the first
    ``total ≥ 38`` and the second ``38 ≤ total ≤ 38``."""
    _status, out, _ = _cli("explain", str(NTM), "--lang", "en")
    assert "  rank 2  dat_chuan  New-rural standard met  [19 ≤ total < 38; " in out
    assert "  rank 3  nang_cao  Advanced new-rural commune  [total = 38; " in out
    assert "  rank 4  kieu_mau  Model new-rural commune  [total = 38; " in out
    _status, out, _ = _cli("explain", "openssf_best_practices", "--format", "markdown")
    assert "| 4 | `gold` | Gold | total = 300 |" in out
    _status, out, _ = _cli("explain", str(BREEAM), "--lang", "en")
    assert "  rank 5  outstanding  Outstanding  [85 ≤ total ≤ 110; " in out
