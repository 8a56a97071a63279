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
    assert ": lỗi: district: không có cột 'district'" in first
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
