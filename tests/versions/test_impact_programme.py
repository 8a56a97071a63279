"""``diff --impact`` reads a programme's sheet as ``tiercert batch`` reads it (its attribute,
stage, dossier and evidence columns), and the problem it quotes when no unit could be scored
is written in the reader's language, severity and all."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, ROOT, run_cli
from tiercert import load_rubric
from tiercert.impact import score_impact
from tiercert.tabular import read_rows

ROUND = EXAMPLES / "bac_giang_programme" / "round_2023.csv"


def test_impact_reads_a_programme_sheet() -> None:
    rubric = load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    impact = score_impact(rubric, rubric, read_rows(ROUND))
    assert impact.units == 9
    assert impact.problem(str(ROUND)) is None
    assert impact.old.scored == impact.new.scored == 9  # as tiercert batch scores them
    assert not impact.refused


def test_impact_of_a_programme_sheet_on_the_command_line() -> None:
    status, out, err = run_cli(
        "diff", "bac_giang_friendly_gov", "bac_giang_friendly_gov", "--impact", str(ROUND)
    )
    assert status == 0, err
    assert "Ảnh hưởng tới 9 đơn vị" in out
    assert "unknown column" not in out + err


def test_the_unit_quoted_is_in_the_readers_language() -> None:
    status, _, err = run_cli("diff", "vn_access_to_law", "vn_access_to_law", "--impact", str(ROUND))
    assert status != 0
    assert "Đơn vị đầu tiên:" in err
    first = err.split("Đơn vị đầu tiên:", 1)[1]
    assert ": lỗi: district: không nhận ra cột 'district'" in first
    assert "error:" not in first
    assert "unknown column" not in first
    status, _out, err = run_cli(
        "diff", "vn_access_to_law", "vn_access_to_law", "--impact", str(ROUND), "--lang", "en"
    )
    assert ": error: district: unknown column 'district'" in err


def test_impact_counts_a_programme_s_targets_as_batch_does(tmp_path: Path) -> None:
    """``diff --impact`` counted a target of 2025 over 2023's units ("not met, 6 more units
    needed"), where ``batch`` (and ``batch --by``) leave out a target of a period the sheet
    has no units of, and count each over its period's units (``grouping.period_targets``)."""
    rubric = load_rubric(ROOT / "rubrics" / "bac_giang_friendly_gov.yaml")
    for year in ("2023", "2024", "2025"):
        sheet = EXAMPLES / "bac_giang_programme" / f"round_{year}.csv"
        impact = score_impact(rubric, rubric, read_rows(sheet))
        assert {t.period for t in impact.old.targets} <= {year}  # 2024 has no target
        assert impact.old.targets == impact.new.targets
        status, out, err = run_cli(
            "batch", "bac_giang_friendly_gov", str(sheet), "-o", str(tmp_path / "r.csv"),
            "--summary", "json",
        )  # fmt: skip
        assert status == 0, err
        assert json.loads(out)["targets"] == [t.to_dict() for t in impact.new.targets]


_STAGED = """format: 1
id: towns
version: "{version}"
title: Towns
criteria:
  - id: a
    title: Services
    children:
      - {{id: a1, title: Desk, rule: {{kind: boolean, points: 40}}}}
      - {{id: {wifi}, title: Wi-Fi, {renamed}rule: {{kind: boolean, points: 10}}}}
  - id: b
    title: Openness
    children:
      - {{id: b1, title: Records, rule: {{kind: boolean, points: 50}}}}
{extra}tiers:
  - {{id: pass, label: Pass, rank: 1, min: 50}}
attributes:
  - {{id: year, title: Year, type: number, round: true}}
stages:
  - {{id: own, label: Own score}}
  - {{id: review, label: Review}}
"""
_EXTRA = "      - {id: b2, title: Minutes, rule: {kind: boolean, points: 5}}\n"
_SHEET = (
    "unit_id,year,own:a1,own:a2,own:b1,review:a1,review:a2,review:b1\n"
    "t1,2024,yes,yes,yes,yes,no,yes\n"
    "t2,2024,no,yes,yes,no,yes,no\n"
)


def test_a_programme_s_answers_are_carried_stage_by_stage(tmp_path: Path) -> None:
    """A new version renaming a2 (``renamed_from: a2``): the sheet's ``own:a2`` and
    ``review:a2`` were not carried, and every unit was refused under the new version for
    the renamed criterion left unanswered (fourteenth round).  They are carried stage by
    stage, as ``tiercert migrate`` carries them, and nothing changes."""
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(_STAGED.format(version="1", wifi="a2", renamed="", extra=""), "utf-8")
    renamed = "renamed_from: a2, "
    new.write_text(_STAGED.format(version="2", wifi="wifi", renamed=renamed, extra=""), "utf-8")
    sheet = tmp_path / "round.csv"
    sheet.write_text(_SHEET, encoding="utf-8")
    impact = score_impact(load_rubric(old), load_rubric(new), read_rows(sheet))
    assert impact.units == 2
    assert [(u.unit_id, u.kind) for u in impact.listed] == []  # every unit the same
    assert impact.old.scored == impact.new.scored == 2


def test_a_stage_s_answer_to_a_criterion_the_new_version_drops_is_set_aside(
    tmp_path: Path,
) -> None:
    """Without declarations, a criterion the new version drops (b2): its stage columns
    (``own:b2``, ``review:b2``) were unknown columns refusing every unit under the new
    version; they are set aside and listed as not carried over, as a plain sheet's are."""
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(_STAGED.format(version="1", wifi="a2", renamed="", extra=_EXTRA), "utf-8")
    new.write_text(_STAGED.format(version="2", wifi="a2", renamed="", extra=""), "utf-8")
    sheet = tmp_path / "round.csv"
    sheet.write_text(
        "unit_id,year,own:a1,own:a2,own:b1,own:b2,review:a1,review:a2,review:b1,review:b2\n"
        "t1,2024,yes,yes,yes,yes,yes,no,yes,yes\n"
        "t2,2024,no,yes,yes,no,no,yes,no,no\n",
        encoding="utf-8",
    )
    impact = score_impact(load_rubric(old), load_rubric(new), read_rows(sheet))
    assert impact.old.scored == impact.new.scored == 2
    assert [(u.unit_id, u.kind, u.not_carried_over) for u in impact.listed] == [
        ("t1", "total", ("b2",)),
        ("t2", "same", ("b2",)),
    ]
