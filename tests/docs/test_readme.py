"""The README's two commands stay true: CI runs the test command, the main job works."""

from __future__ import annotations

import io
import shlex
import subprocess

from conftest import ROOT
from tiercert.cli import main


def _command_after(marker: str) -> str:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(marker)
    return next(line for line in lines[start:] if line.startswith("python3 "))


def test_ci_runs_the_readme_test_command() -> None:
    extracted = subprocess.run(
        [
            "awk",
            "/<!-- test-command -->/{found=1; next} found && /^python3 /{print; exit}",
            "README.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted == _command_after("<!-- test-command -->")
    assert "awk '/<!-- test-command -->/" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in ("pip install -e '.[test]'", "ruff check .", "mypy", "pytest"):
        assert step in extracted
    # a core that runs out of tests takes some of another's (docs/testing.md, "The suite")
    assert extracted.endswith("python -m pytest -n auto --dist worksteal")


def test_ci_smoke_tests_the_wheel_then_runs_the_tests() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # pytest's summary stays the last thing CI prints
    assert run.index("bash tools/smoke_wheel.sh") < run.index('bash -euo pipefail -c "$command"')
    smoke = (ROOT / "tools" / "smoke_wheel.sh").read_text(encoding="utf-8")
    for step in (
        "-m build",
        "-m venv",
        "tiercert check --strict bac_giang_friendly_gov",
        "tiercert score bac_giang_friendly_gov",
        "tiercert template bac_giang_friendly_gov",
        "tiercert batch bac_giang_friendly_gov",
    ):
        assert step in smoke


def test_main_command_runs_on_the_shipped_rubric_and_example() -> None:
    command = _command_after("<!-- main-command -->")
    steps = [shlex.split(part) for part in command.split("&&")]
    tiercert_steps = [argv[1:] for argv in steps if argv[0] == "tiercert"]
    assert [argv[0] for argv in tiercert_steps] == ["check", "score"]
    for argv in tiercert_steps:
        out, err = io.StringIO(), io.StringIO()
        status = main(argv, stdout=out, stderr=err)
        assert status == 0, out.getvalue() + err.getvalue()
        assert ": error:" not in out.getvalue()  # "0 errors" in the summary is fine
