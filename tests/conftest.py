"""Shared test set-up: hypothesis profiles and paths to the project's files."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ROOT / "rubrics"
EXAMPLES = ROOT / "examples"

# "ci" (the default) is thorough; "dev" is quick for local runs: HYPOTHESIS_PROFILE=dev pytest
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
