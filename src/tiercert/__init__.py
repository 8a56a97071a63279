"""tiercert: tiered certification schemes as data.

Load a YAML rubric, check it, and score units exactly, with every point explained::

    import tiercert

    rubric = tiercert.load_rubric("rubrics/bac_giang_friendly_gov.yaml")  # or its id
    result = rubric.evaluate({"g1.1": True, ...}, facts={...})
    result.total, result.tier, result.failed_gates, result.next_tier
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ._numbers import display_number, exact_number, read_exact_number
    from .assessment import Assessment, assessment_from_mapping, load_assessment, parse_assessment
    from .batch import Outcome, ResultTable, evaluate_many, score_records
    from .catalog import ShippedRubric, shipped_rubrics
    from .errors import (
        AssessmentError,
        DataError,
        Problem,
        ProblemsError,
        RubricError,
        Severity,
        TiercertError,
    )
    from .result import Failure, GateResult, NextTier, NodeResult, Result, TierRef, Verdict
    from .rubric import (
        CheckReport,
        Rubric,
        check_file,
        check_source,
        load_rubric,
        parse_rubric,
        rubric_from_mapping,
    )
    from .summary import Summary, SummaryBuilder, summarise
    from .tabular import TableError, read_rows, write_table

__version__ = "0.1.0"

# Everything loads on first use (PEP 562): `python -m tiercert check` runs without the
# evaluator, batch scoring or pydantic's models, and `import tiercert` costs almost nothing.
_LAZY = {
    **dict.fromkeys(
        ("Assessment", "assessment_from_mapping", "load_assessment", "parse_assessment"),
        "assessment",
    ),
    **dict.fromkeys(
        (
            "AssessmentError",
            "DataError",
            "Problem",
            "ProblemsError",
            "RubricError",
            "Severity",
            "TiercertError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        ("Failure", "GateResult", "NextTier", "NodeResult", "Result", "TierRef", "Verdict"),
        "result",
    ),
    **dict.fromkeys(("CheckReport", "check_file", "check_source"), "checking"),
    **dict.fromkeys(("display_number", "exact_number", "read_exact_number"), "_numbers"),
    **dict.fromkeys(("Rubric", "load_rubric", "parse_rubric", "rubric_from_mapping"), "rubric"),
    **dict.fromkeys(("Outcome", "ResultTable", "evaluate_many", "score_records"), "batch"),
    **dict.fromkeys(("ShippedRubric", "shipped_rubrics"), "catalog"),
    **dict.fromkeys(("Summary", "SummaryBuilder", "summarise"), "summary"),
    **dict.fromkeys(("TableError", "read_rows", "write_table"), "tabular"),
}

# Names that were at the top and now live only in their module: they still work, with a
# DeprecationWarning that says where to import them from.
_MOVED = {
    **dict.fromkeys(("Change", "RubricDiff", "compare_files", "diff_rubrics"), "diff"),
    **dict.fromkeys(("Impact", "UnitImpact", "score_impact"), "impact"),
    **dict.fromkeys(
        ("Row", "open_writer", "read_csv", "read_jsonl", "read_xlsx", "read_yaml_folder"),
        "tabular",
    ),
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        moved = _MOVED.get(name)
        if moved is None:
            raise AttributeError(f"module 'tiercert' has no attribute {name!r}")
        import warnings

        warnings.warn(
            f"tiercert.{name} is deprecated; import it from tiercert.{moved}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f".{moved}", __name__), name)
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def evaluate(
    rubric: Rubric,
    assessment: Assessment | Mapping[str, object],
    *,
    facts: Mapping[str, object] | None = None,
    unit_id: str | None = None,
    unit_name: str | None = None,
    missing: Literal["error", "zero"] | None = None,
    decimal_separator: Literal[".", ","] = ".",
) -> Result:
    """Score ``assessment`` against ``rubric``: the same as ``rubric.evaluate(...)``
    (``decimal_separator=","``: the answers' texts write decimals with a comma).

    Raises :class:`AssessmentError` listing every problem with the answers.
    """
    return rubric.evaluate(
        assessment,
        facts=facts,
        unit_id=unit_id,
        unit_name=unit_name,
        missing=missing,
        decimal_separator=decimal_separator,
    )


__all__ = [
    "Assessment",
    "AssessmentError",
    "CheckReport",
    "DataError",
    "Failure",
    "GateResult",
    "NextTier",
    "NodeResult",
    "Outcome",
    "Problem",
    "ProblemsError",
    "Result",
    "ResultTable",
    "Rubric",
    "RubricError",
    "Severity",
    "ShippedRubric",
    "Summary",
    "SummaryBuilder",
    "TableError",
    "TierRef",
    "TiercertError",
    "Verdict",
    "__version__",
    "assessment_from_mapping",
    "check_file",
    "check_source",
    "display_number",
    "evaluate",
    "evaluate_many",
    "exact_number",
    "load_assessment",
    "load_rubric",
    "parse_assessment",
    "parse_rubric",
    "read_exact_number",
    "read_rows",
    "rubric_from_mapping",
    "score_records",
    "shipped_rubrics",
    "summarise",
    "write_table",
]
