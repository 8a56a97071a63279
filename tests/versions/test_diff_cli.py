"""``tiercert diff`` on the shipped rubrics, against golden outputs in tests/golden/diff/.

Every command runs in the repository's root, so the paths in the outputs are short and
stable.  The outputs hold the rubrics' fingerprints: after a change to a shipped rubric (or
to the diff), regenerate them and read the diff before committing::

    python tools/regen.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from conftest import golden as golden_file

GOLDEN = ROOT / "tests" / "golden" / "diff"
BANDS = "examples/bac_giang_star_bands_example.yaml"


@pytest.fixture(autouse=True)
def _in_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def golden(name: str, actual: str) -> None:
    golden_file(GOLDEN / name, actual)


CASES = [
    ("access_to_law.txt", ["vn_access_to_law_2021", "vn_access_to_law"]),
    ("access_to_law.md", ["vn_access_to_law_2021", "vn_access_to_law", "--format", "markdown"]),
    ("access_to_law.json", ["vn_access_to_law_2021", "vn_access_to_law", "--format", "json"]),
    ("access_to_law.en.txt", ["vn_access_to_law_2021", "vn_access_to_law", "--lang", "en"]),
    ("bac_giang_bands.txt", ["bac_giang_friendly_gov", BANDS, "--impact", "examples/bac_giang"]),
    (
        "bac_giang_bands.md",
        ["bac_giang_friendly_gov", BANDS, "--impact", "examples/bac_giang", "--format", "markdown"],
    ),
    (
        "bac_giang_bands.json",
        ["bac_giang_friendly_gov", BANDS, "--impact", "examples/bac_giang", "--format", "json"],
    ),
    (
        "bac_giang_bands.sheet.txt",
        ["bac_giang_friendly_gov", BANDS, "--impact", "examples/bac_giang_units.csv"],
    ),
]


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[c[0] for c in CASES])
def test_the_outputs_on_the_shipped_rubrics(name: str, argv: list[str]) -> None:
    status, out, err = run_cli("diff", *argv)
    assert (status, err) == (1, "")
    golden(name, out)
    if name.endswith(".json"):
        json.loads(out)


def test_the_same_rubric_by_id_and_by_path_exits_0() -> None:
    status, out, err = run_cli(
        "diff", "bac_giang_friendly_gov", "rubrics/bac_giang_friendly_gov.yaml"
    )
    assert (status, err) == (0, "")
    golden("same.txt", out)
    status, out, _ = run_cli("diff", "vn_ocop_products", "vn_ocop_products", "--format", "json")
    assert status == 0
    assert json.loads(out)["same"] is True


ERRORS = [
    ("error_unrelated.txt", ["bac_giang_friendly_gov", "dong_nai_friendly_gov"]),
    ("error_unreadable.txt", ["missing.yaml", "bac_giang"]),
    ("error_invalid.txt", ["tests/examples/invalid/bands.yaml", "vn_ocop_products"]),
    (
        "error_units_for_another_rubric.txt",
        ["vn_access_to_law_2021", "vn_access_to_law", "--impact", "examples/bac_giang"],
    ),
    (
        "error_sheet_for_another_rubric.txt",
        ["vn_access_to_law_2021", "vn_access_to_law", "--impact", "examples/bac_giang_units.csv"],
    ),
    ("error_no_units.txt", ["bac_giang_friendly_gov", BANDS, "--impact", "no_such_folder"]),
]


@pytest.mark.parametrize(("name", "argv"), ERRORS, ids=[c[0] for c in ERRORS])
def test_a_users_mistakes_are_problems_with_exit_2(name: str, argv: list[str]) -> None:
    status, out, err = run_cli("diff", *argv)
    assert (status, out) == (2, "")
    assert "Traceback" not in err
    golden(name, err)
    status, out, err = run_cli("diff", *argv, "--format", "json")
    assert (status, err) == (2, "")
    problems = json.loads(out)["problems"]
    assert problems
    assert all(p["severity"] == "error" for p in problems)


def test_unrelated_rubrics_can_be_compared_with_force() -> None:
    status, out, _ = run_cli(
        "diff", "bac_giang_friendly_gov", "dong_nai_friendly_gov", "--force", "--lang", "en"
    )
    assert status == 1
    assert "Note: the rubrics have different ids" in out
    assert "  - g1  " in out


def test_the_output_goes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "annex.md"
    argv = ["diff", "bac_giang_friendly_gov", BANDS, "--impact", "examples/bac_giang"]
    status, out, err = run_cli(*argv, "-o", str(target))
    assert (status, out, err) == (1, "", f"đã ghi {target}\n")  # the rubrics are Vietnamese
    assert target.read_text(encoding="utf-8") == run_cli(*argv, "--format", "markdown")[1]
    assert run_cli(*argv, "-o", str(target), "--lang", "en")[2] == f"wrote {target}\n"
    status, _, err = run_cli(*argv, "-o", str(tmp_path / "annex.pdf"))
    assert status == 2
    assert "cannot write" in err


def test_impact_options_need_impact() -> None:
    status, out, err = run_cli("diff", "vn_ocop_products", "vn_ocop_products", "--missing", "zero")
    assert (status, out) == (2, "")
    assert err == "tiercert diff: --sheet, --missing and --decimal-comma go with --impact\n"


def test_missing_answers_as_zero_under_both_rubrics(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,g1,g2,g3,g4,g5\nxa,18,23,18,14,\nxb,18,23,18,14,19\n")
    argv = ["diff", "bac_giang_friendly_gov", BANDS, "--impact", str(sheet), "--format", "json"]
    _, out, _ = run_cli(*argv)
    impact = json.loads(out)["impact"]
    assert (impact["counts"]["refused"], impact["counts"]["tier_down"]) == (1, 1)
    _, out, _ = run_cli(*argv, "--missing", "zero")
    impact = json.loads(out)["impact"]
    assert (impact["counts"]["same"], impact["counts"]["tier_down"]) == (1, 1)
    assert impact["scored"] == {"old": 2, "new": 2}


def test_diff_speaks_the_new_rubrics_language() -> None:
    """The report in the new rubric's language (issue 13); ``--lang en`` for English."""
    status, out, _ = run_cli("diff", "bac_giang_friendly_gov", BANDS)
    assert status == 1
    assert out.startswith("So sánh bộ tiêu chí: bac_giang_friendly_gov 2023-provisional.1 → ")
    assert "10 thay đổi: 10 trường thay đổi" in out
    assert "Các hạng" in out
    english = run_cli("diff", "bac_giang_friendly_gov", BANDS, "--lang", "en")[1]
    assert "10 changes: 10 fields changed" in english
