"""Rows that are no unit (a total row, a second header row) are counted apart from the rejected
units, by one rule (``tiercert._no_unit``) in the summary, its counts and their merge, the
programme's targets and ``progress``.

Before the twentieth round a plain target (no round attribute) counted a sheet's
``Tổng cộng`` row among the rejected units that could still be certified: one certified of
four against 50% read "2 more units needed" where 1 is right.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import tiercert
from tiercert import DataError
from tiercert.batch import evaluate_many, score_records
from tiercert.cli import main
from tiercert.grouping import check_targets
from tiercert.progress import line_from_record
from tiercert.summary import SummaryBuilder, render_summary
from tiercert.tabular import read_csv

RUBRIC = """\
format: 1
id: r
version: '1'
title: R
language: vi
criteria:
  - {id: c1, title: C1, rule: {kind: boolean, points: 1}}
  - {id: c2, title: C2, rule: {kind: boolean, points: 1}}
  - {id: c3, title: C3, rule: {kind: boolean, points: 1}}
tiers: [{id: dat, label: Đạt, rank: 1, min: 3}]
targets: [{period: '2025', share: 50}]
"""
#: four units, one certified; a total row at the bottom
UNITS = (
    "unit_id,c1,c2,c3\nx1,có,có,có\nx2,không,có,có\nx3,không,có,có\nx4,không,có,có\n"
    "Tổng cộng,1,4,4\n"
)
#: the same with a second header row numbering the columns
NUMBERED = UNITS.replace("unit_id,c1,c2,c3\n", "unit_id,c1,c2,c3\n1,2,3,4\n")


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def _sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_total_row_is_no_rejected_unit_of_a_plain_target(
    rubric_file: Path, tmp_path: Path
) -> None:
    sheet = _sheet(tmp_path, UNITS)
    out = str(tmp_path / "out.csv")
    status, said, _ = _cli("batch", str(rubric_file), str(sheet), "-o", out, "--lang", "en")
    assert status == 1  # the row is still refused: the sheet has a problem to correct
    assert (
        "Units: 4 scored, none rejected; 1 row that is no unit (a total or a second header "
        "row), not counted\n"
    ) in said
    assert "2025 target 50% certified: 25% reached (1/4; not met, 1 more unit needed)\n" in said
    status, said, _ = _cli("batch", str(rubric_file), str(sheet), "-o", out)
    assert (
        "Đơn vị: 4 được chấm, không đơn vị nào bị từ chối; 1 dòng không phải đơn vị (dòng tổng "
        "cộng hoặc dòng tiêu đề thứ hai), không được tính\n"
    ) in said
    assert "(1/4; chưa đạt, cần thêm 1 đơn vị)" in said
    status, said, _ = _cli("batch", str(rubric_file), str(sheet), "-o", out, "--summary", "json")
    data = json.loads(said)
    assert (data["units"], data["scored"], data["rejected"], data["not_units"]) == (4, 4, 0, 1)
    assert (data["targets"][0]["rejected"], data["targets"][0]["units_short"]) == (0, 1)


def test_a_unit_rejected_for_a_bad_answer_still_waits_on_the_target(
    rubric_file: Path, tmp_path: Path
) -> None:
    sheet = _sheet(tmp_path, UNITS.replace("Tổng cộng,1,4,4", "x5,có,có,maybe"))
    out = str(tmp_path / "out.csv")
    status, said, _ = _cli("batch", str(rubric_file), str(sheet), "-o", out, "--lang", "en")
    assert status == 1
    assert "Units: 4 scored, 1 rejected for bad input (not counted below)\n" in said
    assert "(1/4; not met, 2 more units needed; 1 rejected, not counted)" in said
    assert "no unit" not in said


def test_a_second_header_row_is_counted_apart_too(rubric_file: Path, tmp_path: Path) -> None:
    rubric = tiercert.load_rubric(rubric_file)
    builder = SummaryBuilder(rubric, lang="en")
    for outcome in evaluate_many(rubric, read_csv(_sheet(tmp_path, NUMBERED))):
        builder.add(outcome)
    summary = builder.summary()
    assert (summary.scored, summary.rejected, summary.not_units, summary.units) == (4, 0, 2, 4)
    (target,) = summary.targets
    assert (target.rejected, target.units_short, target.decided) == (0, 1, True)
    assert "; 2 rows that are no unit (total or second header rows), not counted\n" in (
        render_summary(summary, "text")
    )
    assert "; 2 rows that are no unit" in render_summary(summary, "markdown")
    # a builder counting rows only (no summary shown) counts them apart as well
    rows_only = SummaryBuilder(rubric, counting=False)
    for outcome in evaluate_many(rubric, read_csv(_sheet(tmp_path, NUMBERED))):
        rows_only.add(outcome)
    assert (rows_only.scored, rows_only.rejected, rows_only.not_units) == (4, 0, 2)


@pytest.mark.parametrize("as_text", [False, True])
def test_records_and_their_text_read_back_say_which_rows_are_no_unit(
    rubric_file: Path, tmp_path: Path, as_text: bool
) -> None:
    rubric = tiercert.load_rubric(rubric_file)
    sheet = _sheet(tmp_path, NUMBERED.replace("x4,không,có,có", "x4,không,có,maybe"))
    builder = SummaryBuilder(rubric)
    for record in score_records(rubric, read_csv(sheet), as_text=as_text):
        builder.add_record(record)
    assert (builder.scored, builder.rejected, builder.not_units) == (3, 1, 2)


def test_a_row_of_an_output_file_read_back_is_counted_by_its_code(
    rubric_file: Path, tmp_path: Path
) -> None:
    sheet = _sheet(tmp_path, NUMBERED)
    out = tmp_path / "out.csv"
    _cli("batch", str(rubric_file), str(sheet), "-o", str(out), "--summary", "none")
    rubric = tiercert.load_rubric(rubric_file)
    builder = SummaryBuilder(rubric)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            builder.add_record(record)
    assert (builder.scored, builder.rejected, builder.not_units) == (4, 0, 2)
    # a code quoted inside a problem's text is not the problem's code
    builder.add_record({"status": "rejected", "problems": "c1: '[row.summary]' is no answer"})
    builder.add_record({"status": "rejected", "problems": "x [answer.invalid]; y [row.header]"})
    builder.add_record({"status": "rejected", "problems": ["x [answer.invalid]", "y [row.header]"]})
    builder.add_record({"status": "rejected", "problems": 7})
    assert (builder.rejected, builder.not_units) == (2, 4)


def test_counts_carry_the_rows_that_are_no_unit_through_merge(
    rubric_file: Path, tmp_path: Path
) -> None:
    rubric = tiercert.load_rubric(rubric_file)
    part = SummaryBuilder(rubric)
    for outcome in evaluate_many(rubric, read_csv(_sheet(tmp_path, NUMBERED))):
        part.add(outcome)
    counts = json.loads(json.dumps(part.counts()))
    assert (counts["rejected"], counts["not_units"]) == (0, 2)
    whole = SummaryBuilder(rubric)
    whole.merge(counts)
    whole.merge(part)
    summary = whole.summary()
    assert (summary.scored, summary.rejected, summary.not_units) == (8, 0, 4)
    assert summary.targets[0].units_short == 2  # 2 of 8 certified, against 50%: 2 more
    for value, code in ((None, "counts.key"), (-1, "counts.sum"), ("2", "counts.type")):
        edited = json.loads(json.dumps(counts))
        if value is None:
            del edited["not_units"]
        else:
            edited["not_units"] = value
        with pytest.raises(DataError) as caught:
            whole.merge(edited)
        assert [(p.code, p.path) for p in caught.value.problems] == [(code, ("not_units",))]
    assert whole.summary() == summary  # nothing counted of the counts refused


def test_the_dashboard_shows_them(rubric_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "d.html"
    sheet = _sheet(tmp_path, NUMBERED)
    out = str(tmp_path / "out.csv")
    _cli("batch", str(rubric_file), str(sheet), "-o", out, "--summary", "html",
         "--summary-output", str(page))  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert (
        '<div class="value num status-rejected">2</div><div class="label">dòng không phải đơn '
        "vị: dòng tổng cộng hoặc dòng tiêu đề thứ hai (không tính)</div>"
    ) in html
    assert "dòng bị từ chối do dữ liệu sai" not in html  # no unit was rejected


def test_programme_lines_and_progress_follow_the_same_rule(rubric_file: Path) -> None:
    """A programme's target leaves out a second header row as it does a total row (the rule
    was the unit id alone: ``Tổng cộng``), whether the line is made from an outcome or read
    back from an output file."""
    path = rubric_file.parent / "p.yaml"
    attribute = "attributes: [{id: nam, title: Năm, type: number, round: true}]\n"
    path.write_text(RUBRIC.replace("targets:", attribute + "targets:"), encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    base = {"status": "scored", "certified": "true", "tier": "dat", "tier_rank": "1",
            "nam": "2025"}  # fmt: skip
    records = [
        {**base, "unit_id": "x1"},
        *({**base, "unit_id": f"x{i}", "certified": "false", "tier": "", "tier_rank": "0"}
          for i in (2, 3, 4)),
        {"unit_id": "1", "status": "rejected", "problems": "unit_id: numbers [row.header]"},
        {"unit_id": "Tổng", "status": "rejected", "problems": "unit_id: totals [row.summary]"},
    ]  # fmt: skip
    lines = [line_from_record(r, ["nam"]) for r in records]
    assert [line.not_unit for line in lines] == [False] * 4 + [True, True]
    (target,) = check_targets(lines, rubric)
    assert (target.units, target.rejected, target.short) == (4, 0, 1)
    lines[-1] = line_from_record({**records[-1], "problems": "c1: bad [answer.invalid]"}, ["nam"])
    (target,) = check_targets(lines, rubric)
    assert (target.rejected, target.short) == (1, 2)


def test_a_group_of_total_rows_alone_is_no_group(tmp_path: Path) -> None:
    """``--by``: a total row has no value of the attribute; it made a group "(none)" of one
    rejected unit, then (counted apart) of none at all.  It is in the whole only."""
    path = tmp_path / "p.yaml"
    attribute = "attributes: [{id: nam, title: Năm, type: number, round: true}]\n"
    path.write_text(RUBRIC.replace("targets:", attribute + "targets:"), encoding="utf-8")
    sheet = _sheet(tmp_path, UNITS.replace("c3\n", "c3,nam\n").replace("có\n", "có,2025\n"))
    out = str(tmp_path / "out.csv")
    status, said, _ = _cli("batch", str(path), str(sheet), "-o", out, "--lang", "en", "--by",
                           "nam", "--summary", "json")  # fmt: skip
    assert status == 1
    grouped = json.loads(said)
    assert [g["value"] for g in grouped["groups"]] == ["2025"]
    whole = grouped["all"]
    assert (whole["units"], whole["rejected"], whole["not_units"]) == (4, 0, 1)


def test_an_outcome_with_no_result_and_no_problems_is_a_rejected_unit(rubric_file: Path) -> None:
    """A builder adds anything with a ``result`` (``_HasResult``): one whose result is None
    and that says no problems is a rejected unit, counting or not."""
    rubric = tiercert.load_rubric(rubric_file)
    for counting in (True, False):
        builder = SummaryBuilder(rubric, counting=counting)
        builder.add(SimpleNamespace(result=None))
        builder.add(SimpleNamespace(result=None))
        assert (builder.scored, builder.rejected, builder.not_units) == (0, 2, 0)
