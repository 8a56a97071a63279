"""tiercert: tiered certification schemes as data.

Load a YAML rubric, check it, and score units exactly, with every point explained::

    import tiercert

    rubric = tiercert.load_rubric("rubrics/bac_giang_friendly_gov.yaml")
    result = rubric.evaluate({"g1.1": True, ...}, facts={...})
    result.total, result.tier, result.failed_gates, result.next_tier
"""

from __future__ import annotations

from collections.abc import Mapping

from .assessment import Assessment, assessment_from_mapping, load_assessment, parse_assessment
from .errors import (
    AssessmentError,
    Problem,
    ProblemsError,
    RubricError,
    Severity,
    TiercertError,
)
from .result import Failure, GateResult, NextTier, NodeResult, Result, TierRef
from .rubric import (
    CheckReport,
    Rubric,
    check_file,
    check_source,
    load_rubric,
    parse_rubric,
    rubric_from_mapping,
)

__version__ = "0.1.0"


def evaluate(rubric: Rubric, assessment: Assessment | Mapping[str, object]) -> Result:
    """Score ``assessment`` against ``rubric`` (same as ``rubric.evaluate(assessment)``)."""
    return rubric.evaluate(assessment)


__all__ = [
    "Assessment",
    "AssessmentError",
    "CheckReport",
    "Failure",
    "GateResult",
    "NextTier",
    "NodeResult",
    "Problem",
    "ProblemsError",
    "Result",
    "Rubric",
    "RubricError",
    "Severity",
    "TierRef",
    "TiercertError",
    "__version__",
    "assessment_from_mapping",
    "check_file",
    "check_source",
    "evaluate",
    "load_assessment",
    "load_rubric",
    "parse_assessment",
    "parse_rubric",
    "rubric_from_mapping",
]
