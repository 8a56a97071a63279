"""A sheet answered against many other versions of its rubric gets one warning of bounded
length: the warning named every version met (a sheet of 20,000 rows, each naming a version
of its own 200 characters long, gave a 4 MB line of warning), and kept every row's number."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from tiercert._paths import LISTED, SHOWN_TEXT

NEW = "tests/versions/migrate/new.yaml"


def test_a_warning_names_a_few_versions_and_says_how_many_more(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    rows = [f"u{i},v{i % 300}{'x' * 500},yes" for i in range(1200)]
    sheet.write_text("unit_id,rubric_version,a\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _status, _out, err = run_cli("batch", NEW, str(sheet), "--summary", "none", "--lang", "en")
    (warning,) = [line for line in err.splitlines() if "[assessment.version]" in line]
    assert "1200 units were answered against another version" in warning
    assert f"… (and {300 - LISTED} more)" in warning
    assert f"v0{'x' * (SHOWN_TEXT - 2)}…: 2, 302, 602, 902" in warning
    assert f"v{LISTED}x" not in warning
    assert len(warning) < 2 * LISTED * (SHOWN_TEXT + 40) + 500


def test_a_version_of_many_rows_names_five(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    rows = [f"u{i},2020.1,yes" for i in range(50)]
    sheet.write_text("unit_id,rubric_version,a\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _status, _out, err = run_cli("batch", NEW, str(sheet), "--summary", "none", "--lang", "en")
    assert "50 units were answered against another version" in err
    assert "(2020.1: 2, 3, 4, 5, 6…)" in err
