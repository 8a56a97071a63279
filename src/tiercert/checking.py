"""Reading, validating and checking rubric sources: everything ``tiercert check`` runs.

The pipeline is: YAML text (:mod:`tiercert._yaml`) -> validated parts (pydantic models, or
with ``light`` the plain objects of :mod:`tiercert._light_schema`) -> semantic checks
(:mod:`tiercert.checks`) -> problems located in the file.  Compiling and evaluating a checked
rubric is :mod:`tiercert.rubric`'s job; this module does not import it, so that ``check``
starts fast (see docs/performance.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from ._i18n import N_, msg
from ._paths import render_path
from ._shipped import locate_rubric
from ._yaml import DEFAULT_LIMITS, Document, Limits, load_document, paused_collector, read_source
from .checks import check, iter_nodes
from .errors import Problem, os_error_text, sorted_problems

if TYPE_CHECKING:
    from .model import RubricSpec


@dataclass(frozen=True)
class CheckReport:
    """Everything ``tiercert check`` found in one rubric source."""

    file: str | None
    problems: list[Problem]
    spec: RubricSpec | None = field(default=None, repr=False)
    document: Document | None = field(default=None, repr=False)
    #: why the file was not checked (an assessment among rubrics, or the other way round)
    skipped: str | None = None
    #: the language of the rubric the file was checked against, when an assessment is checked
    #: (a rubric's own is its ``spec.language``): the language ``check`` reports in
    rubric_language: str | None = None
    #: warnings not located in the file yet (``check_document(later=True)``, what loading a
    #: rubric does): not in ``problems``; located when first read, in ``warnings``
    later: Warnings | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        if self.later is not None:
            return self.later.located()
        return [p for p in self.problems if not p.is_error]

    def ok(self, *, strict: bool = False) -> bool:
        """True when there are no errors (and, with ``strict``, no warnings)."""
        return not (self.problems if strict else self.errors)

    @property
    def declared_language(self) -> str | None:
        """The language the document declares (``language: vi``), read even when the rubric
        is invalid: the language to report its problems in (docs/languages.md); None when it
        names none or cannot be read."""
        if self.spec is not None:
            return self.spec.language
        if self.rubric_language is not None:  # an assessment, checked against its rubric
            return self.rubric_language
        data = self.document.data if self.document is not None else None
        if data is None and self.document is not None:  # not YAML: the line it has, if any
            return self.document.language
        named = data.get("language") if isinstance(data, dict) else None
        return named if isinstance(named, str) else None

    @property
    def provisional(self) -> list[str]:
        """Ids of the rubric's elements marked provisional."""
        return provisional_elements(self.spec) if self.spec is not None else []


def provisional_elements(spec: RubricSpec) -> list[str]:
    """Ids of every node, fact, gate, tier, target and programme part (attribute, stage,
    dossier, document) marked ``provisional: true``."""
    found = [node.id for node, _, _ in iter_nodes(spec.criteria) if node.provisional]
    found += [f.id for f in spec.facts if f.provisional]
    found += [g.id for g in spec.gates if g.provisional]
    found += [t.id for t in spec.tiers if t.provisional]
    found += [f"target:{t.period}" for t in spec.targets if t.provisional]
    found += [f"attribute:{a.id}" for a in spec.attributes if a.provisional]
    found += [f"stage:{s.id}" for s in spec.stages if s.provisional]
    if spec.dossier is not None:
        found += ["dossier"] if spec.dossier.provisional else []
        found += [f"document:{d.id}" for d in spec.dossier.documents if d.provisional]
    return found


def is_assessment(data: object) -> bool:
    """True for the data of an assessment file: ``answers:``, ``stages:`` or ``unit:`` at the
    top, and no ``criteria:`` (pre-commit hands assessments kept next to rubrics to the rubric
    check)."""
    if not isinstance(data, dict) or "criteria" in data:
        return False
    return "answers" in data or "stages" in data or "unit" in data


def is_rubric(data: object) -> bool:
    """True for the data of a rubric file: ``criteria:`` at the top."""
    return isinstance(data, dict) and "criteria" in data


class Warnings:
    """A checked rubric's warnings, located in its text when first read: locating a warning
    the checks found reads the whole text again (``Document.prepare``), a cost a rubric that
    is loaded to score (``load_rubric``) need not pay unless its warnings are asked for.
    Holds the text, not the data read from it, until then."""

    __slots__ = ("_document", "_found", "_located")

    def __init__(self, found: list[Problem], document: Document | None = None) -> None:
        #: the problems as found (``where`` filled in), and the text to locate them in
        self._found = found
        self._document = document
        self._located: list[Problem] | None = None if document is not None else found

    def located(self) -> list[Problem]:
        """The warnings located and sorted, as ``check_document`` reports them."""
        located = self._located
        if located is None:
            document, found = self._document, self._found
            if document is None:  # located meanwhile (another thread): set before this
                return self._located or []
            located = _located(document, found)
            self._located = located  # first, then the text is let go
            self._document, self._found = None, []
        return located


def _located(document: Document, problems: list[Problem]) -> list[Problem]:
    document.prepare(p.path for p in problems if p.line is None)  # one more reading, at most
    return sorted_problems([document.locate(p) if p.line is None else p for p in problems])


def check_document(document: Document, *, light: bool = False, later: bool = False) -> CheckReport:
    """Validate and check already-loaded rubric data; never raises for bad input.

    With ``light``, a well-shaped rubric is validated by pydantic-core alone and
    ``report.spec`` is a plain object with the models' attributes (see ``check_file``).
    With ``later``, a rubric without errors has its warnings located when first read
    (``report.later``, ``report.warnings``): ``problems`` is then empty.
    """
    problems = list(document.problems)
    spec = None
    if document.data is None and not problems:
        problems.append(
            Problem(
                "rubric.empty",
                msg(
                    "the file is empty; a rubric needs at least format, id, version, title "
                    "and criteria"
                ),
            )
        )
    elif document.data is not None:
        if not isinstance(document.data, dict):
            problems.append(
                Problem(
                    "type.invalid",
                    msg(
                        "a rubric is a mapping ('key: value' lines) with format, id, version, "
                        "title and criteria"
                    ),
                )
            )
        else:
            spec = _validate_spec(document.data, light, problems)
            if spec is not None:
                problems.extend(check(spec))
    found = [
        replace(p, where=render_path(p.path, document.data)) if p.path else p for p in problems
    ]
    if later and spec is not None and not any(p.is_error for p in found):
        unlocated = Warnings(found, document.text_only())
        return CheckReport(document.file, [], spec, later=unlocated)
    return CheckReport(document.file, _located(document, found), spec, document)


def _validate_spec(data: dict[str, Any], light: bool, problems: list[Problem]) -> Any:
    """The validated rubric, or None with the reasons appended to ``problems``."""
    if light:
        from . import _light_schema

        if _light_schema.USABLE:  # written for this pydantic-core (PYDANTIC_CORE_VERSION there)
            try:
                return _light_schema.validate(data)
            except ValidationError:
                pass  # reported below, through the models and all the help they give
    # the models load on first use: a well-shaped rubric checked 'light' never needs them
    from ._partial import partial_check
    from ._validate import problems_from_validation
    from .model import RubricSpec

    try:
        return RubricSpec.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, data, RubricSpec))
        # the well-shaped parts are checked too: every problem in one run
        problems.extend(partial_check(data))
        return None


def check_source(
    source: str | bytes,
    *,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    light: bool = False,
    later: bool = False,
) -> CheckReport:
    """Check rubric text (YAML or JSON); ``later`` as for :func:`check_document`."""
    document = load_document(source, file=file, limits=limits)
    return check_document(document, light=light, later=later)


def check_file(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    light: bool = False,
    skip_assessments: bool = False,
    later: bool = False,
) -> CheckReport:
    """Check a rubric file, or a shipped rubric given by its id (an existing path wins; see
    :mod:`tiercert._shipped`).  An unreadable file is reported as a problem, not raised.

    ``light=True`` reports the same problems but starts faster (what ``tiercert check``
    does): a well-shaped rubric is validated without building pydantic's models, and
    ``report.spec`` is then a plain object with the same attributes, not a ``RubricSpec``.
    With ``skip_assessments``, a file that :func:`is_assessment` is not checked: the report
    says why in ``skipped``.  ``later`` as for :func:`check_document`.
    """
    with paused_collector():  # many objects made, none of them garbage (see _yaml)
        return _check_file(path, limits, light, skip_assessments, later)


def _check_file(
    path: str | os.PathLike[str],
    limits: Limits,
    light: bool,
    skip_assessments: bool,
    later: bool = False,
) -> CheckReport:
    source = locate_rubric(path)
    if isinstance(source, Problem):
        return CheckReport(source.file, [source])
    try:
        raw = read_source(source.path, limits)
    except OSError as exc:
        problem = Problem(
            "file.unreadable",
            msg(
                "cannot read the file: {value}; check the path and its permissions",
                value=os_error_text(exc),
            ),
            file=source.label,
        )
        return CheckReport(source.label, [problem])
    if isinstance(raw, Document):  # larger than the limit: not read further
        problems = [replace(p, file=source.label) for p in raw.problems]
        return CheckReport(source.label, problems, document=raw)
    document = load_document(raw, file=source.label, limits=limits)
    if skip_assessments and is_assessment(document.data):
        return CheckReport(source.label, [], document=document, skipped=ASSESSMENT_SKIPPED)
    if _only_an_assessment(document.data):
        # checked as a rubric, it would get a dozen errors on keys it should not have
        problem = Problem(
            "file.assessment",
            msg(
                "this file is an assessment, not a rubric (it has no criteria); to check its "
                "answers against its rubric, write: tiercert check --assessments {file} (in "
                "Python: tiercert.assessment_check.check_assessment_file)",
                file=source.label,
            ),
            file=source.label,
        )
        problems = sorted_problems([*document.problems, problem])
        return CheckReport(source.label, problems, document=document)
    return check_document(document, light=light, later=later)


ASSESSMENT_SKIPPED = N_("an assessment, not a rubric")

#: the keys at the top of an assessment file (model.AssessmentSpec), and those of them only an
#: assessment has (a rubric has facts, stages and a dossier too)
_ASSESSMENT_KEYS = frozenset(
    {"format", "rubric", "rubric_version", "unit", "answers", "facts", "stages", "dossier"}
)
_ASSESSMENT_ONLY = frozenset({"rubric", "rubric_version", "unit", "answers"})


def _only_an_assessment(data: object) -> bool:
    """True for data that can be nothing but an assessment: keys of an assessment alone, one
    of them a key no rubric has (a rubric whose ``criteria:`` is misspelt is still a rubric:
    it has its id, version and title)."""
    if not is_assessment(data):
        return False
    assert isinstance(data, dict)
    keys = set(data)
    return keys <= _ASSESSMENT_KEYS and bool(keys & _ASSESSMENT_ONLY)


__all__ = [
    "CheckReport",
    "check_document",
    "check_file",
    "check_source",
    "is_assessment",
    "is_rubric",
    "provisional_elements",
]
