"""Loading, checking and compiling rubrics: the :class:`Rubric` users evaluate with."""

from __future__ import annotations

import _thread  # (not threading, a cold start's cost: the same locks)
import copy
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from json.encoder import encode_basestring as _json_text
from typing import TYPE_CHECKING, Any, Literal

import yaml

from ._compile import Plan, compile_rubric
from ._decimal_comma import DecimalSeparator, as_typed, check_separator, comma_answers
from ._escape import lone_surrogate
from ._i18n import msg
from ._literals import nfc, unambiguous
from ._numbers import exact_number
from ._paths import render_path
from ._reference import RubricInfo, read_answers, score
from ._yaml import DEFAULT_LIMITS, Document, Limits, paused_collector
from .assessment import Assessment
from .checking import (
    CheckReport,
    Warnings,
    check_document,
    check_file,
    check_source,
    provisional_elements,
)
from .checks import iter_nodes
from .conditions import CONDITION_KEYS
from .errors import AssessmentError, Problem, RubricError, Severity
from .result import Result, Verdict

if TYPE_CHECKING:
    from ._fast import FastEvaluator
    from .model import RubricSpec


def fingerprint(spec: RubricSpec) -> str:
    """``sha256:...`` of the rubric's canonical JSON: same meaning, same fingerprint.

    Numbers are written in one canonical form (``80``, never ``80.0`` or ``8E+1``) and as JSON
    numbers, so a number never hashes like the text ``"80"``.  ``spec`` is the models or the
    plain parts a light check builds: both dump to the same data.
    """
    canonical = _canonical_json(_dumped(spec, exclude_defaults=True))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _is_model(spec: object) -> bool:
    """True for pydantic models, False for the plain parts of a light check (no pydantic
    model machinery is imported to tell)."""
    return hasattr(spec, "model_dump")


def _dumped(spec: RubricSpec, *, exclude_defaults: bool) -> dict[str, Any]:
    """``spec.model_dump(by_alias=True, ...)``, for the models and for plain parts alike."""
    if _is_model(spec):
        return spec.model_dump(by_alias=True, exclude_defaults=exclude_defaults)
    # pydantic-core's serializer imports these the first time it runs (the models import
    # them first, when they are built): imported here, in Python, so that a signal arriving
    # while they load (Ctrl+C, SIGTERM: tiercert.cli raises) is raised here, not inside the
    # serializer's Rust code, where it panics (an internal error instead of a clean stop)
    import ipaddress  # noqa: F401
    import pathlib  # noqa: F401
    import urllib.parse  # noqa: F401
    import uuid  # noqa: F401

    from . import _light_schema

    return _light_schema.dump(spec, exclude_defaults=exclude_defaults)


def _plain(value: Any) -> Any:
    """A model dump as plain data: enums as their values, tuples as lists, Decimals kept."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _json_numbers(value: Any) -> Any:
    """Plain data with each Decimal as the JSON number that reads back as the same decimal."""
    if isinstance(value, dict):
        return {key: _json_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_numbers(item) for item in value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else value
    return value


def _canonical_json(value: Any) -> str:
    """``value`` as JSON with sorted keys, no spaces, text as written (not ASCII-escaped) and
    Decimals as exact numbers: what ``json.dumps(value, ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` writes, Decimals aside (enums as their values, tuples as lists,
    as ``_plain`` has them).  A 10,000-criterion rubric has some 150,000 texts: each is
    written by the encoder's own text function, not through a json.dumps call."""
    parts: list[str] = []
    _write_json(value, parts.append)
    return "".join(parts)


_JSON_WORDS = {True: "true", False: "false", None: "null"}


def _write_json(value: Any, write: Callable[[str], object]) -> None:
    kind = value.__class__
    if kind is str:
        write(_json_text(value))
    elif kind is dict:
        write("{")
        for n, (key, item) in enumerate(sorted((str(k), v) for k, v in value.items())):
            write(_json_text(key) + ":" if n == 0 else "," + _json_text(key) + ":")
            _write_json(item, write)
        write("}")
    elif kind is list or kind is tuple:
        write("[")
        for n, item in enumerate(value):
            if n:
                write(",")
            _write_json(item, write)
        write("]")
    elif kind is Decimal:
        write(exact_number(value))
    elif kind is int:
        write(int.__repr__(value))
    elif value is True or value is False or value is None:
        write(_JSON_WORDS[value])
    elif isinstance(value, Enum):  # as _plain writes it: its value
        _write_json(value.value, write)
    else:  # anything rarer (a float, a subclass): as json.dumps writes it
        write(json.dumps(value, ensure_ascii=False))


class _YamlDumper(yaml.SafeDumper):
    """Writes Decimals as plain YAML numbers (read back as the same exact Decimals)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = unambiguous(exact_number(value))  # 7.375 read back would be refused where 7375 fits
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


#: characters a YAML reader takes as a line break besides ``\n``: a plain, single-quoted or
#: block scalar writes them raw, and reading folds them (``"a\x85b"`` came back ``"a b"``)
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # double-quoted scalars write those breaks as escapes (\N, \L, \P), which read back as is
    style = '"' if _OTHER_BREAKS.intersection(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_YamlDumper.add_representer(Decimal, _represent_decimal)
_YamlDumper.add_representer(str, _represent_text)

#: keys written first in each mapping of a dumped rubric, so it reads like a hand-written one
_FIRST_KEYS = ("format", "id", "version", "title", "label", "kind", *CONDITION_KEYS)


def _for_yaml(value: Any) -> Any:
    """Plain data for YAML: untranslated text as a plain string, familiar keys first."""
    if isinstance(value, dict):
        if set(value) == {"*"}:
            return value["*"]
        first = [k for k in _FIRST_KEYS if k in value]
        rest = [k for k in value if k not in _FIRST_KEYS]
        return {key: _for_yaml(value[key]) for key in (*first, *rest)}
    if isinstance(value, list):
        return [_for_yaml(item) for item in value]
    return value


#: the facts of an assessment given none (generated scorers only read them)
_NO_FACTS: dict[str, object] = {}

#: a rubric with more criteria than this is scored by the reference evaluator for its first
#: ``_REFERENCE_CALLS`` evaluations, and only then are its scorers written and compiled
_WARM_UP_ABOVE = 1_000
#: writing and compiling the scorers costs about as much as this many evaluations by the
#: reference (at 10,000 criteria, measured in docs/performance.md, "Large rubrics"): waiting
#: that long before compiling keeps any number of calls within twice the cost of the best
#: choice made knowing that number in advance, and the first verdict comes without the wait
_REFERENCE_CALLS = 16
#: a rubric with more criteria and groups than this is never compiled: writing and compiling
#: its scorers takes about 80 KB of memory a node at the peak (1.8 GB for 22,000 nodes, a
#: 9.6 MB rubric written as people write them; a 10 MB rubric of one-line criteria has
#: 160,000), so past it the reference scores every call (docs/performance.md, "Large rubrics")
_COMPILE_AT_MOST = 25_000
#: held while a rubric's evaluator is made (see ``Rubric._fast``); making one writes no code
_MAKING = _thread.allocate_lock()


def _after_fork_in_child() -> None:
    """A fresh lock in a process forked while a thread held it: the child has no such thread."""
    global _MAKING
    _MAKING = _thread.allocate_lock()


if hasattr(os, "register_at_fork"):  # (not on Windows, which does not fork)
    os.register_at_fork(after_in_child=_after_fork_in_child)


class Rubric:
    """A checked, compiled rubric, ready to evaluate assessments.

    Build one with :func:`load_rubric`, :func:`parse_rubric` or :func:`rubric_from_mapping`.
    """

    def __init__(self, spec: RubricSpec, *, report: CheckReport | None = None) -> None:
        if report is None:
            report = check_document(Document(spec.model_dump(mode="python", by_alias=True)))
        if report.errors:
            raise RubricError(report.problems)
        #: the rubric's parts as checked: the models, or plain objects with the models'
        #: attributes when loaded the light way (``load_rubric``); read-only either way
        self.parts: RubricSpec = spec
        self.file = report.file
        #: the warnings, located in the file when first read (see ``warnings``)
        self._warnings = report.later or Warnings(report.warnings)
        self._plan: Plan = compile_rubric(spec)
        self._missing_is_zero = self._plan.missing_is_zero
        self._days: dict[date | None, Rubric] = {}
        #: evaluations the reference still makes before the scorers are compiled (large rubrics)
        self._warm_up = _REFERENCE_CALLS if len(self._plan.nodes) > _WARM_UP_ABOVE else 0

    @functools.cached_property
    def spec(self) -> RubricSpec:
        """The rubric as pydantic models (:class:`tiercert.model.RubricSpec`).  A rubric loaded
        from a file is read into plain parts (``parts``), which is what scoring uses; the models
        are built from them the first time they are asked for (importing pydantic's model
        machinery, most of a fresh process's start-up time: see docs/performance.md)."""
        if _is_model(self.parts):
            return self.parts
        from .model import RubricSpec

        return RubricSpec.model_validate(_dumped(self.parts, exclude_defaults=False))

    @functools.cached_property
    def fingerprint(self) -> str:
        """``sha256:...`` of the canonical rubric (computed on first use: large rubrics load
        faster, and checking or listing a rubric never needs it)."""
        with paused_collector():  # a large rubric's dump: many objects, none garbage yet
            return fingerprint(self.parts)

    @functools.cached_property
    def _info(self) -> RubricInfo:
        return RubricInfo(self.id, self.version, self.fingerprint, self._info_labels())

    def _info_labels(self) -> dict[str, Any]:
        return {t.id: t.label for t in self.parts.tiers}

    def __repr__(self) -> str:
        return f"<Rubric {self.parts.id} {self.parts.version}>"

    def __getstate__(self) -> dict[str, Any]:
        """What pickle keeps (to send a rubric to another process): everything but the
        compiled scorers, whose generated functions pickle cannot write; the copy compiles
        its own on first use."""
        state = dict(self.__dict__)
        state.pop("_fast", None)
        return state

    @property
    def warnings(self) -> list[Problem]:
        """The rubric's warnings, located in its file: found when it was loaded, and located
        (one more reading of the text) when first read, not before."""
        return self._warnings.located()

    @property
    def id(self) -> str:
        return self.parts.id

    @property
    def version(self) -> str:
        return self.parts.version

    @property
    def provisional(self) -> list[str]:
        return provisional_elements(self.parts)

    def title(self, lang: str | None = None) -> str:
        return text_in(self.parts.title, lang or self.parts.language)

    @property
    def as_of(self) -> date | None:
        """The day this rubric scores for (see :meth:`at`); None: no day given."""
        return self._plan.as_of

    def at(self, as_of: date | None) -> Rubric:
        """This rubric scoring for the day ``as_of``: its future criteria that count from a
        date on or before it count (see docs/versions.md, "Criteria with a life cycle"), and
        its results say the day.  None: no day, so criteria counting from a date do not count.
        Results never depend on the clock: the day is only ever the one given here."""
        if as_of is not None and not isinstance(as_of, date):
            raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}")
        if isinstance(as_of, datetime):  # the day of a moment, not the moment
            as_of = as_of.date()
        if as_of == self.as_of:
            return self
        known = self._days.get(as_of)
        if known is None:
            known = copy.copy(self)
            known.__dict__.pop("_fast", None)  # the compiled scorers of the other plan
            known._plan = compile_rubric(self.parts, as_of)
            known._days = {}
            if len(self._days) < 64:
                self._days[as_of] = known
        return known

    def evaluate(
        self,
        assessment: Assessment | Mapping[str, object],
        *,
        facts: Mapping[str, object] | None = None,
        unit_id: str | None = None,
        unit_name: str | None = None,
        missing: Literal["error", "zero"] | None = None,
        engine: Literal["fast", "reference"] = "fast",
        as_of: date | None = None,
        decimal_separator: DecimalSeparator = ".",
    ) -> Result:
        """Score one unit.

        ``assessment`` is an :class:`Assessment` or a mapping of criterion id to answer (then
        ``facts``, ``unit_id`` and ``unit_name`` may be given alongside).  ``missing``
        overrides the rubric's rule for unanswered criteria.  Raises :class:`AssessmentError`
        listing every problem with the answers.  ``engine="reference"`` uses the slow,
        tree-walking reference evaluator instead of the compiled one (same result).
        ``as_of``: the day to score for, as :meth:`at` says (future criteria).
        ``decimal_separator``: ``","`` declares that the answers' texts write decimals with a
        comma (``"17,5"`` is 17.5, and ``"17.5"`` is refused); numbers that are no text are
        read as ever (docs/assessments.md, "A decimal comma, declared").
        """
        if decimal_separator != ".":
            return self._evaluate_comma(
                assessment, facts, unit_id, unit_name, missing, engine, as_of, decimal_separator
            )
        if as_of is not None and as_of != self.as_of:
            return self.at(as_of).evaluate(
                assessment,
                facts=facts,
                unit_id=unit_id,
                unit_name=unit_name,
                missing=missing,
                engine=engine,
            )
        if (
            engine == "fast"
            and type(assessment) is dict
            and (facts is None or type(facts) is dict)
            and (unit_id is None or (unit_id.__class__ is str and unit_id.isascii()))
            and (unit_name is None or (unit_name.__class__ is str and unit_name.isascii()))
        ):  # the common case first: plain answers and names, no Assessment to build
            fast = self._fast if self._warm_up <= 0 else self._compiled()
            if fast is not None:
                try:
                    return fast.result(
                        assessment,
                        _NO_FACTS if facts is None else facts,
                        self._missing_is_zero if missing is None else missing == "zero",
                        unit_id,
                        unit_name,
                    )
                except fast.fallback:  # an unusual or wrong input: the reference decides
                    pass
            engine = "reference"  # as ``_evaluate`` would decide (without warming up twice)
        return self._evaluate(assessment, facts, unit_id, unit_name, missing, engine, None)

    def _evaluate_comma(
        self,
        assessment: Assessment | Mapping[str, object],
        facts: Mapping[str, object] | None,
        unit_id: str | None,
        unit_name: str | None,
        missing: Literal["error", "zero"] | None,
        engine: Literal["fast", "reference"],
        as_of: date | None,
        separator: object,
    ) -> Result:
        """:meth:`evaluate` of answers that declare a decimal comma: read into the texts the
        rule reads (:func:`~tiercert._decimal_comma.comma_answers`), then scored as ever; the
        answers refused under the setting are problems beside the others'."""
        check_separator(separator)
        if isinstance(assessment, Assessment):
            answers, given = assessment.answers, assessment.facts if facts is None else facts
        elif isinstance(assessment, Mapping):
            answers, given = assessment, facts or {}
        else:  # not answers at all: refused as ever
            answers, given = {}, {}
        typed: dict[tuple[str | int, ...], str] = {}
        read, refused = (
            comma_answers(answers, typed=typed) if isinstance(answers, Mapping) else (answers, [])
        )
        read_facts, facts_refused = (
            comma_answers(given, "facts", typed) if isinstance(given, Mapping) else (given, [])
        )
        refused += facts_refused
        located = assessment.locate(refused) if isinstance(assessment, Assessment) else refused
        if isinstance(assessment, Assessment):
            handed: Assessment | Mapping[str, object] = replace(
                assessment, answers=read, facts=read_facts
            )
        elif isinstance(assessment, Mapping):
            handed = read
        else:
            handed = assessment
        try:
            result = self.evaluate(
                handed,
                facts=None if isinstance(handed, Assessment) else read_facts,
                unit_id=unit_id,
                unit_name=unit_name,
                missing=missing,
                engine=engine,
                as_of=as_of,
            )
        except AssessmentError as exc:
            if not refused and not typed:
                raise
            # a refused answer is read as typed: what the rule says of it, the setting says
            paths = {p.path for p in refused}
            kept = [as_typed(p, typed) for p in exc.problems if p.path[:2] not in paths]
            raise AssessmentError(kept + located) from None
        if refused:
            raise AssessmentError(located)
        return result

    def _evaluate(
        self,
        assessment: Assessment | Mapping[str, object],
        facts: Mapping[str, object] | None,
        unit_id: str | None,
        unit_name: str | None,
        missing: Literal["error", "zero"] | None,
        engine: Literal["fast", "reference"],
        info: RubricInfo | None,
    ) -> Result:
        """``evaluate``, with what the reference's result repeats about the rubric (None: the
        rubric's own ``_info``; a verdict, which keeps nothing of it, skips the fingerprint)."""
        if engine not in ("fast", "reference"):
            raise ValueError(f"engine must be 'fast' or 'reference', not {engine!r}")
        # read as files are read: a name typed in a web form may arrive decomposed (NFD)
        if isinstance(unit_id, str) and not unit_id.isascii():
            unit_id = nfc(unit_id)
        if isinstance(unit_name, str) and not unit_name.isascii():
            unit_name = nfc(unit_name)
        fast = self._compiled() if engine == "fast" else None
        if fast is not None and type(assessment) is dict and type(facts or {}) is dict:
            try:  # the common case first: plain answers, no Assessment to build
                return fast.result(
                    assessment,
                    facts or {},
                    self._plan.missing_is_zero if missing is None else missing == "zero",
                    unit_id,
                    unit_name,
                )
            except fast.fallback:  # an unusual or wrong input: the reference decides
                fast = None
        if not isinstance(assessment, Assessment | Mapping):
            raise TypeError(
                "answers must be a mapping of criterion id to answer, or an Assessment; got "
                f"{type(assessment).__name__}"
            )
        if not isinstance(assessment, Assessment):
            assessment = Assessment(
                answers=assessment, facts=facts or {}, unit_id=unit_id, unit_name=unit_name
            )
        elif facts is not None:
            assessment = replace(assessment, facts=facts)
        zero = self._plan.missing_is_zero if missing is None else missing == "zero"
        if (
            fast is not None
            and assessment.rubric_id in (None, self.id)
            and not assessment.stages
            and isinstance(assessment.answers, Mapping)
            and isinstance(assessment.facts, Mapping)
        ):
            try:
                return fast.result(
                    assessment.answers,
                    assessment.facts,
                    zero,
                    unit_id or assessment.unit_id,
                    unit_name or assessment.unit_name,
                )
            except fast.fallback:  # an unusual or wrong input: the reference decides
                pass
        if assessment.stages:
            staged = Problem(
                "assessment.stages",
                msg(
                    "these answers are given per appraisal stage; score them stage by "
                    "stage (tiercert score does; in Python, "
                    "tiercert.programme.score_assessment)"
                ),
                ("stages",),
            )
            raise AssessmentError(assessment.locate([staged]))
        if assessment.rubric_id is not None and assessment.rubric_id != self.id:
            # answers meant for another rubric: its ids would only add noise to this problem
            wrong = Problem(
                "assessment.rubric",
                msg(
                    "these answers are for the rubric {rubric_id!r}, not {id!r}; use the "
                    "matching rubric",
                    rubric_id=assessment.rubric_id,
                    id=self.id,
                ),
                ("rubric",),
            )
            raise AssessmentError(assessment.locate([wrong]))
        inputs, problems = read_answers(
            self._plan,
            assessment.answers,
            assessment.facts,
            missing_is_zero=zero,
            in_file=assessment.source is not None,
        )
        if problems:
            raise AssessmentError(assessment.locate(problems))
        return score(
            self._plan,
            self._info if info is None else info,
            inputs,
            unit_id=unit_id or assessment.unit_id,
            unit_name=unit_name or assessment.unit_name,
        )

    def verdict(
        self,
        answers: Assessment | Mapping[str, object],
        *,
        facts: Mapping[str, object] | None = None,
        missing: Literal["error", "zero"] | None = None,
        as_of: date | None = None,
    ) -> Verdict:
        """Only the decision: ``(total, certified, tier)``, the fastest way to score many units.

        The same values as ``evaluate()`` gives, without the per-criterion breakdown; raises
        :class:`AssessmentError` for the same inputs, with the same problems.
        """
        if as_of is not None and as_of != self.as_of:
            return self.at(as_of).verdict(answers, facts=facts, missing=missing)
        fast = self._compiled()
        if fast is not None and type(answers) is dict and (facts is None or type(facts) is dict):
            try:  # the common case first: plain answers and facts
                return fast.verdict_function(
                    answers,
                    _NO_FACTS if facts is None else facts,
                    self._missing_is_zero if missing is None else missing == "zero",
                    {},
                )
            except fast.fallback:
                pass
        given: Mapping[str, object] | None = facts
        plain: Mapping[str, object] | None = None
        if isinstance(answers, Assessment):
            given = answers.facts if facts is None else facts
            if answers.rubric_id in (None, self.id):
                plain = answers.answers
        else:
            plain = answers
        given = {} if given is None else given
        if fast is not None and isinstance(plain, Mapping) and isinstance(given, Mapping):
            zero = self._plan.missing_is_zero if missing is None else missing == "zero"
            try:
                return fast.verdict(plain, given, zero)
            except fast.fallback:  # the reference decides, and explains what is wrong
                pass
        # the reference's result, without the fingerprint a verdict does not keep (a large
        # rubric's fingerprint costs about as much as scoring it once)
        info = self.__dict__.get("_info") or RubricInfo(
            self.id, self.version, "", self._info_labels()
        )
        result = self._evaluate(answers, facts, None, None, missing, "reference", info)
        return Verdict(result.total, result.certified, result.tier)

    def _compiled(self) -> FastEvaluator | None:
        """The compiled scorers for ``evaluate`` and ``verdict``; None while a large rubric is
        still scored by the reference (its first calls, see ``_REFERENCE_CALLS``).

        Threads may count one call down together: without a GIL (free-threaded Python) two of
        them can both find 1 left and take the count to -1, which stayed true, so the rubric
        was never compiled; a count at or below 0 compiles (a count lost costs a call more)."""
        if self._warm_up > 0:
            self._warm_up -= 1
            return None
        return self._fast

    @functools.cached_property
    def _fast(self) -> FastEvaluator | None:
        """The compiled scorers (built on first use), or None when only the reference can.

        One per rubric, also when threads ask for it at once: Python 3.12 and later lock no
        ``cached_property``, and two evaluators would each write and compile the rubric's
        code (the evaluator itself compiles once, see ``FastEvaluator._first_use``)."""
        from ._fast import build

        info = self._info if len(self._plan.nodes) <= _COMPILE_AT_MOST else None
        with _MAKING:
            if "_fast" in self.__dict__:  # made by another thread meanwhile
                made: FastEvaluator | None = self.__dict__["_fast"]
                return made
            if info is None:
                made = None
            else:
                with paused_collector(kept=True):
                    made = build(self._plan, info)
            self.__dict__["_fast"] = made
            return made

    def to_data(self) -> dict[str, Any]:
        """The rubric as plain data, ready for YAML or JSON, that loads back to an equal rubric.

        Numbers stay numbers, so that a gate's ``equals: 0`` is not read back as the text
        ``"0"``: whole numbers as ``int``, others as ``float`` when the float's shortest text is
        the same decimal (how tiercert reads a float), else as the exact ``Decimal`` (which
        ``json.dumps`` refuses, rather than writing a different number)."""
        data: dict[str, Any] = _json_numbers(_plain(_dumped(self.parts, exclude_defaults=True)))
        return data

    def to_yaml(self) -> str:
        """The rubric as YAML that loads back to an equal rubric (same fingerprint)."""
        data = _for_yaml(_plain(_dumped(self.parts, exclude_defaults=True)))
        return yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=100)

    def iter_nodes(self) -> Iterator[tuple[str, int, Any]]:
        """(id, depth, node spec) for every criterion, depth-first in document order."""
        for node, path, _ in iter_nodes(self.parts.criteria):
            yield node.id, path.count("children"), node


def text_in(text: Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, else in the rubric's own language ('*'), else the first given."""
    if not text:
        return ""
    return text.get(lang) or text.get("*") or next(iter(text.values()))


def _from_report(report: CheckReport) -> Rubric:
    if report.spec is None or report.errors:
        raise RubricError(report.problems, language=report.declared_language)
    return Rubric(report.spec, report=report)


def load_rubric(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Rubric:
    """Load, check and compile a rubric file.  Raises :class:`RubricError` with all problems."""
    with paused_collector(kept=True):  # light: no pydantic models (see Rubric.spec)
        return _from_report(check_file(path, limits=limits, light=True, later=True))


def parse_rubric(
    source: str | bytes, *, file: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Rubric:
    """Load, check and compile rubric text.  Raises :class:`RubricError`."""
    with paused_collector(kept=True):
        return _from_report(check_source(source, file=file, limits=limits, light=True, later=True))


def rubric_from_mapping(data: Mapping[str, Any]) -> Rubric:
    """Check and compile a rubric given as plain data.  Raises :class:`RubricError`.

    Text (keys and values) is read in Unicode NFC, as files are: the rubric is the one its
    :meth:`Rubric.to_yaml` loads back as."""
    # anything but a mapping is reported like a YAML file that is not one ('type.invalid')
    halves = _lone_surrogates(data, DEFAULT_LIMITS.max_depth, ())
    if halves:
        # where, with any half in an id written as its escape (it is printed)
        raise RubricError(
            replace(p, where=render_path(p.path, data).encode("utf-8", "backslashreplace").decode())
            for p in halves
        )
    with paused_collector(kept=True):
        document = Document(_in_nfc(data, DEFAULT_LIMITS.max_depth))
        return _from_report(check_document(document, light=True))


def _lone_surrogates(value: Any, depth: int, path: tuple[str | int, ...]) -> list[Problem]:
    """A problem for each text (key or value) in ``value`` holding half of a UTF-16 surrogate
    pair: a Python text can (an escape ``\\ud800`` read from JSON), no rubric file can, and
    nothing written from it (the fingerprint, YAML, JSON, pages) could be encoded."""
    if isinstance(value, str):
        half = lone_surrogate(value)
        if half is None:
            return []
        said = msg(
            "the text has {half}, half of a UTF-16 surrogate pair, which is not a character; "
            "fix the text (the program that made it cut a character in two)",
            half=half,
        )
        return [Problem("text.surrogate", said, path)]
    if depth <= 0:
        return []
    found: list[Problem] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            inner = (*path, key) if isinstance(key, str | int) else path
            found += _lone_surrogates(key, 0, inner)
            found += _lone_surrogates(item, depth - 1, inner)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += _lone_surrogates(item, depth - 1, (*path, index))
    return found


#: an int longer than this (about 1,200 digits) is read as a Decimal by rubric_from_mapping
_INT_BITS = 4_000


def _in_nfc(value: Any, depth: int, copies: dict[int, Any] | None = None) -> Any:
    """``value`` with every text in it (mapping keys too) in NFC; mappings become dicts.
    Data shared or in a loop stays so (``copies``: the copy of each container, by id); deeper
    than ``depth`` it is left as it is: the checks refuse it as too deep."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, int) and value.bit_length() > _INT_BITS:
        # far beyond the digits a number may have (the checks refuse it): as a Decimal, which
        # messages can show (int's own text stops at 4,300 digits, and showing it would raise)
        return Decimal(value)
    if depth <= 0 or not isinstance(value, Mapping | list | tuple):
        return value
    copies = {} if copies is None else copies
    if id(value) in copies:
        return copies[id(value)]
    if isinstance(value, Mapping):
        mapping: dict[Any, Any] = copies.setdefault(id(value), {})
        for key, item in value.items():
            mapping[_in_nfc(key, 0)] = _in_nfc(item, depth - 1, copies)
        return mapping
    items: list[Any] = copies.setdefault(id(value), [])
    items.extend(_in_nfc(item, depth - 1, copies) for item in value)
    return items


__all__ = [
    "CheckReport",
    "Rubric",
    "Severity",
    "check_file",
    "check_source",
    "fingerprint",
    "load_rubric",
    "parse_rubric",
    "provisional_elements",
    "rubric_from_mapping",
    "text_in",
]
