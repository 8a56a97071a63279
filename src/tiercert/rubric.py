"""Loading, checking and compiling rubrics: the :class:`Rubric` users evaluate with."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from ._compile import Plan, compile_rubric
from ._i18n import msg
from ._literals import nfc
from ._numbers import exact_number
from ._reference import RubricInfo, read_answers, score
from ._yaml import DEFAULT_LIMITS, Document, Limits, paused_collector
from .assessment import Assessment
from .checking import (
    CheckReport,
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
    numbers, so a number never hashes like the text ``"80"``.
    """
    canonical = _canonical_json(_plain(spec.model_dump(by_alias=True, exclude_defaults=True)))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
    if isinstance(value, dict):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{_canonical_json(k)}:{_canonical_json(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_canonical_json(item) for item in value) + "]"
    if isinstance(value, Decimal):
        return exact_number(value)
    return json.dumps(value, ensure_ascii=False)


class _YamlDumper(yaml.SafeDumper):
    """Writes Decimals as plain YAML numbers (read back as the same exact Decimals)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = exact_number(value)
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


class Rubric:
    """A checked, compiled rubric, ready to evaluate assessments.

    Build one with :func:`load_rubric`, :func:`parse_rubric` or :func:`rubric_from_mapping`.
    """

    def __init__(self, spec: RubricSpec, *, report: CheckReport | None = None) -> None:
        if report is None:
            report = check_document(Document(spec.model_dump(mode="python", by_alias=True)))
        if report.errors:
            raise RubricError(report.problems)
        self.spec = spec
        self.file = report.file
        self.warnings = report.warnings
        self._plan: Plan = compile_rubric(spec)
        self._missing_is_zero = self._plan.missing_is_zero

    @functools.cached_property
    def fingerprint(self) -> str:
        """``sha256:...`` of the canonical rubric (computed on first use: large rubrics load
        faster, and checking or listing a rubric never needs it)."""
        return fingerprint(self.spec)

    @functools.cached_property
    def _info(self) -> RubricInfo:
        spec = self.spec
        return RubricInfo(
            spec.id, spec.version, self.fingerprint, {t.id: t.label for t in spec.tiers}
        )

    def __repr__(self) -> str:
        return f"<Rubric {self.spec.id} {self.spec.version}>"

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def provisional(self) -> list[str]:
        return provisional_elements(self.spec)

    def title(self, lang: str | None = None) -> str:
        return text_in(self.spec.title, lang or self.spec.language)

    def evaluate(
        self,
        assessment: Assessment | Mapping[str, object],
        *,
        facts: Mapping[str, object] | None = None,
        unit_id: str | None = None,
        unit_name: str | None = None,
        missing: Literal["error", "zero"] | None = None,
        engine: Literal["fast", "reference"] = "fast",
    ) -> Result:
        """Score one unit.

        ``assessment`` is an :class:`Assessment` or a mapping of criterion id to answer (then
        ``facts``, ``unit_id`` and ``unit_name`` may be given alongside).  ``missing``
        overrides the rubric's rule for unanswered criteria.  Raises :class:`AssessmentError`
        listing every problem with the answers.  ``engine="reference"`` uses the slow,
        tree-walking reference evaluator instead of the compiled one (same result).
        """
        if engine not in ("fast", "reference"):
            raise ValueError(f"engine must be 'fast' or 'reference', not {engine!r}")
        # read as files are read: a name typed in a web form may arrive decomposed (NFD)
        if isinstance(unit_id, str) and not unit_id.isascii():
            unit_id = nfc(unit_id)
        if isinstance(unit_name, str) and not unit_name.isascii():
            unit_name = nfc(unit_name)
        fast = self._fast if engine == "fast" else None
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
            self._plan, assessment.answers, assessment.facts, missing_is_zero=zero
        )
        if problems:
            raise AssessmentError(assessment.locate(problems))
        return score(
            self._plan,
            self._info,
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
    ) -> Verdict:
        """Only the decision: ``(total, certified, tier)``, the fastest way to score many units.

        The same values as ``evaluate()`` gives, without the per-criterion breakdown; raises
        :class:`AssessmentError` for the same inputs, with the same problems.
        """
        fast = self._fast
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
        result = self.evaluate(answers, facts=facts, missing=missing, engine="reference")
        return Verdict(result.total, result.certified, result.tier)

    @functools.cached_property
    def _fast(self) -> FastEvaluator | None:
        """The compiled scorers (built on first use), or None when only the reference can."""
        from ._fast import build

        with paused_collector():
            return build(self._plan, self._info)

    def to_data(self) -> dict[str, Any]:
        """The rubric as plain data, ready for YAML or JSON, that loads back to an equal rubric.

        Numbers stay numbers, so that a gate's ``equals: 0`` is not read back as the text
        ``"0"``: whole numbers as ``int``, others as ``float`` when the float's shortest text is
        the same decimal (how tiercert reads a float), else as the exact ``Decimal`` (which
        ``json.dumps`` refuses, rather than writing a different number)."""
        data: dict[str, Any] = _json_numbers(
            _plain(self.spec.model_dump(by_alias=True, exclude_defaults=True))
        )
        return data

    def to_yaml(self) -> str:
        """The rubric as YAML that loads back to an equal rubric (same fingerprint)."""
        data = _for_yaml(_plain(self.spec.model_dump(by_alias=True, exclude_defaults=True)))
        return yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=100)

    def iter_nodes(self) -> Iterator[tuple[str, int, Any]]:
        """(id, depth, node spec) for every criterion, depth-first in document order."""
        for node, path, _ in iter_nodes(self.spec.criteria):
            yield node.id, path.count("children"), node


def text_in(text: Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, else in the rubric's own language ('*'), else the first given."""
    if not text:
        return ""
    return text.get(lang) or text.get("*") or next(iter(text.values()))


def _from_report(report: CheckReport) -> Rubric:
    if report.spec is None or report.errors:
        raise RubricError(report.problems)
    return Rubric(report.spec, report=report)


def load_rubric(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Rubric:
    """Load, check and compile a rubric file.  Raises :class:`RubricError` with all problems."""
    with paused_collector():
        return _from_report(check_file(path, limits=limits))


def parse_rubric(
    source: str | bytes, *, file: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Rubric:
    """Load, check and compile rubric text.  Raises :class:`RubricError`."""
    with paused_collector():
        return _from_report(check_source(source, file=file, limits=limits))


def rubric_from_mapping(data: Mapping[str, Any]) -> Rubric:
    """Check and compile a rubric given as plain data.  Raises :class:`RubricError`.

    Text (keys and values) is read in Unicode NFC, as files are: the rubric is the one its
    :meth:`Rubric.to_yaml` loads back as."""
    # anything but a mapping is reported like a YAML file that is not one ('type.invalid')
    with paused_collector():
        return _from_report(check_document(Document(_in_nfc(data, DEFAULT_LIMITS.max_depth))))


def _in_nfc(value: Any, depth: int, copies: dict[int, Any] | None = None) -> Any:
    """``value`` with every text in it (mapping keys too) in NFC; mappings become dicts.
    Data shared or in a loop stays so (``copies``: the copy of each container, by id); deeper
    than ``depth`` it is left as it is: the checks refuse it as too deep."""
    if isinstance(value, str):
        return nfc(value)
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
