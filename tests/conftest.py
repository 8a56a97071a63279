"""Shared test set-up: hypothesis profiles, paths to the project's files, the command line
run in-process."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ROOT / "rubrics"
EXAMPLES = ROOT / "examples"
#: the batch tests' rubric, sheets and folder of assessments
BATCH_INPUTS = ROOT / "tests" / "golden" / "batch" / "inputs"


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``tiercert ARGV`` in-process: the exit status, standard output, standard error."""
    from tiercert.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def batch_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the batch inputs as the working directory."""
    folder = tmp_path / "work"
    shutil.copytree(BATCH_INPUTS, folder)
    monkeypatch.chdir(folder)
    return folder


# "ci" (the default) is thorough; "dev" is quick for local runs: HYPOTHESIS_PROFILE=dev pytest
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
