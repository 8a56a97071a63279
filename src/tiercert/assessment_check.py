"""Assessment files checked against their rubric: ``tiercert check --assessments``, which the
``tiercert-score`` pre-commit hook runs in repositories that keep assessments next to rubrics.

An assessment is checked by scoring it: every problem with its answers and facts is reported,
as ``tiercert score`` reports them.  A rubric file among the files (``criteria:`` at its top)
is skipped, so one ``files:`` pattern can cover a folder that holds both.  The rubric is the
one given, else the one the file's ``rubric: ID`` names: ``ID.yaml`` beside the file or in a
folder above it, else the shipped rubric of that id.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Literal

from ._i18n import LANGUAGES, N_, Given, msg
from ._paths import render_path
from ._shipped import shipped_ids
from ._yaml import DEFAULT_LIMITS, Document, Limits, load_document, read_source
from .assessment import parse_assessment, version_problem
from .checking import CheckReport, is_rubric
from .errors import Problem, ProblemsError, Severity, os_error_text, sorted_problems
from .result import Result
from .rubric import Rubric, load_rubric

RUBRIC_SKIPPED = N_("a rubric, not an assessment")


class RubricCache:
    """Rubrics loaded once for many assessment files, by the name each was asked for."""

    def __init__(self) -> None:
        self._loaded: dict[str, Rubric | list[Problem]] = {}

    def get(self, name: str) -> Rubric | list[Problem]:
        """The rubric ``name`` stands for (a file, or a shipped rubric's id), or its problems."""
        found = self._loaded.get(name)
        if found is None:
            try:
                found = load_rubric(name)
            except ProblemsError as exc:
                found = exc.problems
            self._loaded[name] = found
        return found


def check_assessment_file(
    path: str | os.PathLike[str],
    rubric: Rubric | str | None = None,
    *,
    missing: Literal["error", "zero"] | None = None,
    rubrics: RubricCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> CheckReport:
    """Check one assessment file by scoring it against ``rubric`` (a :class:`Rubric`, a rubric
    file or a shipped rubric's id), or, without one, against the shipped rubric its
    ``rubric:`` key names.  Never raises for bad input: the report lists every problem, and
    says in ``skipped`` why a rubric file was not checked."""
    name = os.fspath(path)
    try:
        raw = read_source(name, limits)
    except OSError as exc:
        problem = Problem(
            "file.unreadable",
            msg(
                "cannot read the file: {value}; check the path and its permissions",
                value=os_error_text(exc),
            ),
            file=name,
        )
        return CheckReport(name, [problem])
    if isinstance(raw, Document):  # larger than the limit: not read further
        return CheckReport(name, raw.problems, document=raw)
    document = load_document(raw, file=name, limits=limits)
    if is_rubric(document.data):
        return CheckReport(name, [], document=document, skipped=RUBRIC_SKIPPED)
    try:
        assessment = parse_assessment(raw, file=name, limits=limits)
    except ProblemsError as exc:
        return CheckReport(name, exc.problems, document=document)
    cache = rubrics or RubricCache()
    if rubric is None:
        if assessment.rubric_id is None:
            problem = Problem(
                "assessment.rubric",
                msg(
                    "which rubric are these answers for? add 'rubric: ID' to the file, or "
                    "give the rubric: tiercert check --assessments --rubric RUBRIC FILE "
                    "(rubric= in Python)"
                ),
                ("rubric",),
            )
            return CheckReport(name, [_at_key(document, problem)], document=document)
        found = _named_rubric(Path(name), assessment.rubric_id)
        if found is None:
            problem = Problem(
                "assessment.rubric",
                msg(
                    "no rubric {rubric_id!r}: no file {rubric_id}.yaml beside this file or "
                    "in a folder above it, and no shipped rubric has that id; give the "
                    "rubric: tiercert check --assessments --rubric RUBRIC FILE (rubric= in "
                    "Python)",
                    rubric_id=assessment.rubric_id,
                ),
                ("rubric",),
            )
            return CheckReport(name, [_at_key(document, problem)], document=document)
        rubric = found
    loaded = cache.get(rubric) if isinstance(rubric, str) else rubric
    if not isinstance(loaded, Rubric):  # the rubric's own problems, in its own file
        return CheckReport(name, loaded, document=document)
    # answers given against another version of the rubric: a warning (an error with --strict)
    named = rubric if isinstance(rubric, str) else None
    stale = version_problem(loaded, assessment.rubric_version, name=named, assessment=name)
    said = assessment.locate([stale]) if stale is not None else []
    try:
        if assessment.stages:  # scored stage by stage, as tiercert score scores it
            from .programme import score_assessment

            unit = score_assessment(loaded, assessment, missing=missing)
            assert unit.result is not None  # else AssessmentError
            result = unit.result
        else:
            result = loaded.evaluate(assessment, missing=missing)
    except ProblemsError as exc:
        said += exc.problems
    else:
        said += assessment.locate(_evidence_missing(result))
        from ._shares import share_warnings

        said += assessment.locate(share_warnings(loaded.iter_nodes(), assessment.answers, result))
    language = loaded.spec.language
    return CheckReport(name, sorted_problems(said), document=document, rubric_language=language)


def _evidence_missing(result: Result) -> list[Problem]:
    """A warning for each criterion scored 0 because its answer lacks the evidence it needs
    (a level or N/A that needs a justification or a URL): what ``score`` says of it, at its
    answer.  A warning, not an error: the answers are scored."""
    from .report import how  # only a result with such a criterion needs it

    return [
        Problem(
            "evidence.missing",
            Given({lang: how(node, lang) for lang in LANGUAGES}),
            ("answers", node.id),
            Severity.WARNING,
        )
        for node in result.nodes.values()
        if node.status == "evidence_missing"
    ]


def _named_rubric(assessment: Path, ident: str) -> str | None:
    """The rubric an assessment's ``rubric: ID`` names: a file ``ID.yaml`` (or ``.yml``) in
    the assessment's folder or a folder above it (up to the current one), else the shipped
    rubric of that id; None when there is neither."""
    here = Path.cwd().resolve()
    folder = assessment.resolve().parent
    while True:
        for suffix in (".yaml", ".yml"):
            if (folder / (ident + suffix)).is_file():
                return str(folder / (ident + suffix))
        if folder == here or folder.parent == folder:
            break
        folder = folder.parent
    return ident if ident in shipped_ids() else None


def _at_key(document: Document, problem: Problem) -> Problem:
    return replace(document.locate(problem), where=render_path(problem.path, document.data))


__all__ = ["RUBRIC_SKIPPED", "RubricCache", "check_assessment_file"]
