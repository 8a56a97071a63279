"""Assessments: the answers and facts given for one unit, loaded from YAML or built in Python."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from ._i18n import msg
from ._literals import nfc
from ._paths import render_path
from ._yaml import DEFAULT_LIMITS, Document, Limits, load_document, read_source
from .errors import AssessmentError, Problem, Severity, os_error_text

if TYPE_CHECKING:
    from .rubric import Rubric


@dataclass(frozen=True)
class Assessment:
    """Answers (criterion id -> answer) and facts (fact id -> value) for one unit.

    An answer is a plain value (``true``, ``"good"``, ``72.5``, ``"na"``) or a mapping with
    ``value`` and optional ``justification`` and ``url``.  Answering a group's id with a
    number scores that group directly (when the rubric allows it).
    """

    answers: Mapping[str, object] = field(default_factory=dict)
    facts: Mapping[str, object] = field(default_factory=dict)
    unit_id: str | None = None
    unit_name: str | None = None
    rubric_id: str | None = None
    #: the version (or fingerprint) of the rubric the answers were given against
    rubric_version: str | None = None
    source: Document | None = field(default=None, compare=False, repr=False)
    #: the stage ids a file gives answers for (``stages:``): such a unit is scored stage by
    #: stage (:func:`tiercert.programme.score_assessment`), never as one set of answers
    stages: tuple[str, ...] = ()
    #: whether the file gives a ``dossier:`` (its documents and evidence files): such a unit
    #: is scored as a programme's unit, its dossier judged by the rubric's
    gives_dossier: bool = False

    def __post_init__(self) -> None:
        # ids and names typed in a web form may arrive decomposed: read them as files are
        for name in ("unit_id", "unit_name"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isascii():
                object.__setattr__(self, name, nfc(value))

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """Problems with file positions and readable paths from this assessment's source."""
        data = self.source.data if self.source is not None else None
        if self.source is not None:
            self.source.prepare(p.path for p in problems)  # one more reading, at most
        out = []
        for p in problems:
            located = self.source.locate(p) if self.source is not None else p
            out.append(_with_where(located, render_path(p.path, data)))
        return out


def _with_where(problem: Problem, where: str) -> Problem:
    return replace(problem, where=where)


def assessment_from_mapping(data: Any, *, document: Document | None = None) -> Assessment:
    """An Assessment from plain data shaped like an assessment file."""
    spec = _light_spec(data)
    if spec is None:  # misshapen: the models say what is wrong, with all their help
        from ._validate import problems_from_validation
        from .model import AssessmentSpec

        try:
            spec = AssessmentSpec.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation(exc, data, AssessmentSpec)
            probe = Assessment(source=document or Document(data))
            raise AssessmentError(probe.locate(problems)) from None
    return Assessment(
        answers=spec.answers,
        facts=spec.facts,
        unit_id=spec.unit.id,
        unit_name=spec.unit.name,
        rubric_id=spec.rubric,
        rubric_version=spec.rubric_version,
        source=document or Document(data),
        stages=tuple(spec.stages),
        gives_dossier=spec.dossier is not None,
    )


def _light_spec(data: Any) -> Any:
    """The file's parts validated by pydantic-core alone, as ``tiercert check`` validates a
    rubric (no pydantic models imported: a fresh ``tiercert score`` starts faster), or None
    when they are misshapen or the light schema does not fit the pydantic-core installed."""
    from . import _light_schema

    if not _light_schema.USABLE:
        return None
    try:
        return _light_schema.validate_assessment(data)
    except ValidationError:
        return None


def parse_assessment(
    text: str | bytes, *, file: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Assessment:
    """Load an assessment from YAML (or JSON) text.  Raises AssessmentError."""
    document = load_document(text, file=file, limits=limits)
    errors = [p for p in document.problems if p.is_error]
    if errors or document.data is None:
        if not errors:
            errors = [
                Problem("assessment.empty", msg("the file is empty; add 'answers:'"), file=file)
            ]
        raise AssessmentError(errors)
    if not isinstance(document.data, dict):
        raise AssessmentError(
            [
                document.locate(
                    Problem(
                        "type.invalid",
                        msg("an assessment is a mapping with 'unit', 'answers' and 'facts'"),
                    )
                )
            ]
        )
    if "criteria" in document.data and "answers" not in document.data:
        # read as an assessment, a rubric would get an error for each of its keys
        raise AssessmentError(
            [
                Problem(
                    "file.rubric",
                    msg(
                        "this file is a rubric, not an assessment (it has criteria and no "
                        "answers); give the answers of one unit, in a file made with: "
                        "tiercert template {file}",
                        file=file or "RUBRIC",
                    ),
                    file=file,
                )
            ]
        )
    return assessment_from_mapping(document.data, document=document)


def load_assessment(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Assessment:
    """Read an assessment file.  Raises AssessmentError (also when it cannot be read)."""
    try:
        raw = read_source(path, limits)
    except OSError as exc:
        raise AssessmentError(
            [
                Problem(
                    "file.unreadable",
                    msg(
                        "cannot read the file: {value}; check the path and its permissions",
                        value=os_error_text(exc),
                    ),
                    file=str(path),
                )
            ]
        ) from None
    if isinstance(raw, Document):  # larger than the limit
        raise AssessmentError(raw.problems)
    return parse_assessment(raw, file=str(path), limits=limits)


# --- the rubric version the answers were given against ----------------------------------------


def answered_version(rubric: Rubric, version: str | None) -> bool:
    """Whether ``version`` (an assessment's ``rubric_version``) names ``rubric``: its version
    or its fingerprint; an assessment that names none is taken as answered against it."""
    return version is None or version in (rubric.version, rubric.fingerprint)


def version_problem(
    rubric: Rubric,
    version: str | None,
    *,
    strict: bool = False,
    name: str | None = None,
    assessment: str | None = None,
) -> Problem | None:
    """A problem when answers given against rubric ``version`` are scored with ``rubric``:
    a warning, an error with ``strict``; None when the versions match (or none is named).
    ``name`` and ``assessment`` are how the migrate command the message suggests names the
    rubric and the assessment."""
    if answered_version(rubric, version):
        return None
    return Problem(
        "assessment.version",
        msg(
            "answered against version {version} of {rubric}, not {version2}: "
            "scores may be wrong where the criteria changed; carry the answers to "
            "this version with tiercert migrate OLD {value} {value2} -o NEW_FILE "
            "(OLD: the rubric of version {version})",
            version=version,
            rubric=rubric.id,
            version2=rubric.version,
            value=name or rubric.id,
            value2=assessment or "ASSESSMENT",
        ),
        ("rubric_version",),
        severity=Severity.ERROR if strict else Severity.WARNING,
    )
