"""What an evaluation returns: plain, immutable records that serialise deterministically.

Every number is an exact :class:`~fractions.Fraction`.  ``to_dict`` writes each one as lossless
text (:func:`~tiercert._numbers.exact_number`) and ``from_dict`` reads it back, so a result
survives a JSON round trip unchanged; texts for people (gate reasons) follow the display rule
(:func:`~tiercert._numbers.display_number`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Literal, NamedTuple, TypedDict, TypeVar, cast, get_args

from ._escape import json_encodable
from ._i18n import in_lang, msg, translator
from ._kinds import ROOT_ID
from ._numbers import _EXACT as _EXACT_FORM
from ._numbers import Toward, display_number, exact_number, read_exact_number
from ._records import Record
from .errors import DataError, Problem, data_error

#: version of the JSON form of results: 2 writes numbers without a finite decimal form as
#: exact fractions (``"1/3"``) where 1 rounded them to 12 places; 3 adds future criteria
#: (a node's ``counted`` and ``counts_from``, a gate's ``counted``, the result's ``as_of``)
RESULT_FORMAT = 3
#: the formats :meth:`Result.from_dict` reads: a format 2 result has no future criteria
READ_FORMATS = (2, 3)


def _jsonable(value: object) -> object:
    """``value`` as JSON holds it: numbers as exact text, a list of values (``in``) as a list,
    at any depth (``from_dict`` reads lists as tuples, whatever they hold)."""
    if isinstance(value, Fraction):
        return exact_number(value)
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    return value


#: the most digits a number of a result may have on either side of its ``/`` (a decimal's
#: digits counted together): Python's default bound on the digits an integer is written or read
#: with (``sys.int_info.default_max_str_digits``), so every result tiercert can write reads
#: back.  Not the answer readers' 100 significant digits: exact sums of such answers (thirds,
#: sevenths, weights) can need more, and a result must read back as it was written.
RESULT_DIGITS = 4300
_DIGIT_RUNS = re.compile(r"[0-9]+")


def _exact(text: object) -> Fraction:
    """A number of a result (:func:`read_exact_number`), its digits bounded
    (:data:`RESULT_DIGITS`) before any integer is built: a clear :class:`DataError`
    (``result.number``), never Python's advice to raise its limit."""
    if isinstance(text, str):
        sides = text.split("/")
        if any(sum(map(len, _DIGIT_RUNS.findall(side))) > RESULT_DIGITS for side in sides):
            raise _wrong(
                "result.number",
                msg(
                    "the number has more than {max_digits} digits; no result tiercert writes "
                    "has one (score the unit again)",
                    max_digits=RESULT_DIGITS,
                ),
            )
    try:
        return read_exact_number(text)  # type: ignore[arg-type]
    except ValueError:
        raise _wrong(
            "result.number",
            msg(
                "expected a number written as results write them (79.99 or 2/3), got {value!r}",
                value=text,
            ),
        ) from None


def _wrong(code: str, message: str, *path: str | int) -> DataError:
    """The :class:`DataError` of a result's JSON form that is not one (``path``: where, from
    the mapping being read; each reader around it adds its own key)."""
    return data_error(code, message, *path, what="result")


def _within(keys: tuple[str | int, ...], read: Callable[..., _T], *args: Any) -> _T:
    """``read(*args)``, a problem it finds placed at ``keys`` of the mapping being read."""
    try:
        return read(*args)
    except DataError as exc:
        raise exc._under(*keys) from None


def _looks_exact(value: object) -> bool:
    return isinstance(value, str) and _EXACT_FORM.fullmatch(value) is not None


def _value_from(data: object, *, numeric: bool | None) -> object:
    """A compared value or an answer from its JSON form.  Numbers are text there, like other
    texts: ``numeric`` True reads a number, False keeps the text, None reads text that is
    written as :func:`exact_number` writes numbers as a number."""
    if isinstance(data, list):
        return tuple(_value_from(item, numeric=numeric) for item in data)
    reads = numeric or (numeric is None and _looks_exact(data))
    if isinstance(data, str) and data != "na" and reads:
        return _exact(data)
    if data is None or isinstance(data, bool | str):
        return data
    raise _wrong("result.value", msg("not a value of a result: {value!r}", value=data))


_T = TypeVar("_T")


def _field(data: Mapping[str, Any], key: str, kind: type[_T] | tuple[type, ...]) -> _T:
    """``data[key]``, checked to be of ``kind`` (:class:`DataError` otherwise)."""
    if not isinstance(data, Mapping):
        raise _wrong("result.type", msg("expected a JSON object, got {value!r}", value=data))
    if key not in data:
        raise _wrong("result.key", msg("a result needs the key {key!r}", key=key), key)
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _wrong(
            "result.type",
            msg("{key!r} has the wrong type: {value!r}", key=key, value=value),
            key,
        )
    return value  # type: ignore[return-value]


def _number(data: Mapping[str, Any], key: str) -> Fraction:
    return _within((key,), _exact, _field(data, key, str))


def _optional(data: Mapping[str, Any], key: str, read: Callable[[Any], _T]) -> _T | None:
    value = data.get(key) if isinstance(data, Mapping) else None
    return None if value is None else _within((key,), read, value)


def _placed(data: object, read: Callable[[], _T]) -> _T:
    """``read()`` of ``data``, a problem it finds with its ``where`` written from ``data``."""
    try:
        return read()
    except DataError as exc:
        raise exc._placed(data) from None


class RubricData(TypedDict):
    """The rubric of a result's JSON form (:meth:`Result.to_dict`)."""

    id: str
    version: str
    fingerprint: str


class UnitData(TypedDict):
    """The unit of a result's JSON form."""

    id: str | None
    name: str | None


class TierData(TypedDict):
    """A tier in a result's JSON form (:meth:`TierRef.to_dict`)."""

    id: str
    rank: int
    label: dict[str, str]
    certified: bool
    provisional: bool


class NextTierData(TierData):
    """The next tier in a result's JSON form (:meth:`NextTier.to_dict`)."""

    min: str
    points_needed: str
    blocking_gates: list[str]


class OperandData(TypedDict):
    """Where a failure's required value came from (:attr:`Failure.of`): a fact, times."""

    fact: str
    times: str


class _FailureOf(TypedDict, total=False):
    of: OperandData


class FailureData(_FailureOf):
    """A failure in a result's JSON form (:meth:`Failure.to_dict`): values are exact number
    text, ``true``/``false``, text, ``null``, or a list of them (``in``); ``numbers`` says
    which of the first two a string is (a fact's text ``"80"`` and the number 80 are both
    ``"80"``); ``of`` only for a value a fact gave (``at_least: {fact: ..., times: ...}``)."""

    subject: str
    target: str
    actual: object
    operator: str
    expected: object
    numbers: bool


class _GateNeeded(TypedDict, total=False):
    total_needed: str


class GateData(_GateNeeded):
    """A gate in a result's JSON form (:meth:`GateResult.to_dict`); ``total_needed`` only
    for a failed gate a higher total would pass."""

    id: str
    passed: bool
    tiers: list[str] | None
    reason: str
    failures: list[FailureData]
    provisional: bool
    counted: bool


class NodeData(TypedDict):
    """A criterion in a result's JSON form (:meth:`NodeResult.to_dict`)."""

    id: str
    score: str
    max: str
    status: str
    rule: str | None
    answer: object
    capped: bool
    detail: str | None
    parent: str | None
    provisional: bool
    counted: bool
    counts_from: str | None
    counted_points: str | None


class ResultData(TypedDict):
    """What :meth:`Result.to_dict` gives: every key typed (docs/results.md describes each),
    numbers as exact text (``"79.5"``, ``"1/3"``)."""

    format: int
    rubric: RubricData
    unit: UnitData
    total: str
    max: str
    bonus_max: str
    percentage: str
    certified: bool
    tier: TierData | None
    next_tier: NextTierData | None
    failed_gates: list[str]
    gates: list[GateData]
    provisional: list[str]
    as_of: str | None
    nodes: list[NodeData]


#: NodeResult JSON forms by the node's identity, each kept with its node (so that its id
#: cannot be another object's while it is here): see NodeResult.to_dict
_NODE_DICTS: dict[int, tuple[NodeResult, dict[str, object]]] = {}
_NODE_DICTS_BOUND = 16_384
#: GateResult reasons (English, as to_dict writes them) by the gate's identity, likewise
_REASONS: dict[int, tuple[GateResult, str]] = {}

#: How a criterion got its score (see :class:`NodeResult`).
Status = Literal[
    "answered", "computed", "direct", "not_applicable", "excluded", "missing", "evidence_missing"
]
STATUSES: tuple[Status, ...] = get_args(Status)

#: How much of a criterion's points its parent counted (see :attr:`NodeResult.share`).
Share = Literal["all", "part", "none"]


@dataclass(frozen=True, slots=True)
class NodeResult:
    """How one criterion was scored.

    ``status`` is one of: ``answered`` (scored from its answer), ``computed`` (a condition
    rule or a group's children), ``direct`` (a group scored directly), ``not_applicable``
    (N/A counted as satisfied), ``excluded`` (N/A removed from its parent's maximum),
    ``missing`` (no answer, scored 0), ``evidence_missing`` (the answer lacked required
    justification or URL, scored 0).  ``counted`` is False for a future criterion that does not
    count yet (and for what lies below it): it is scored, but its points reach neither its
    parent nor the tier; ``counts_from`` is the version or date a future criterion (or the one
    it lies under) counts from, None for every other criterion.

    ``counted_points`` is set on the base children of a group that counted only some of
    their points (only the best ``top``, a ``tiered`` group past a step not complete, a cap
    that took points off a sum), and likewise on its bonus children when the bonus cap kept
    some: the points of the child's score that its parent counted, best first (a ``tiered``
    group's and bonus children in document order), so that those children's counted points
    add up to what the group counted of them; None for every other criterion (all its
    points count).  :attr:`share` says it in a word.
    """

    id: str
    score: Fraction
    max: Fraction
    status: Status
    rule: str | None = None  # rule kind for leaves, aggregate for groups
    answer: object = None
    capped: bool = False
    detail: str | None = None
    parent: str | None = None
    provisional: bool = False
    counted: bool = True
    counts_from: str | None = None
    counted_points: Fraction | None = None

    @property
    def share(self) -> Share | None:
        """``all``, ``part`` or ``none`` of its points counted toward its parent, for a child
        of a group that counted only some (:attr:`counted_points`); None for any other."""
        points = self.counted_points
        if points is None:
            return None
        if points >= self.score:
            return "all"
        return "part" if points else "none"

    def counting(self, points: Fraction) -> NodeResult:
        """This result with ``counted_points``; every other field as it is (made directly:
        ``dataclasses.replace`` costs as much as the rest of telling what counted)."""
        return NodeResult(
            self.id,
            self.score,
            self.max,
            self.status,
            self.rule,
            self.answer,
            self.capped,
            self.detail,
            self.parent,
            self.provisional,
            self.counted,
            self.counts_from,
            points,
        )

    def to_dict(self) -> dict[str, object]:
        # the compiled evaluator gives the same NodeResult object for the same outcome: its
        # JSON form is made once (and copied: the caller may change what it gets)
        found = _NODE_DICTS.get(id(self))
        if found is not None and found[0] is self:
            return found[1].copy()
        made: dict[str, object] = {
            "id": self.id,
            "score": exact_number(self.score),
            "max": exact_number(self.max),
            "status": self.status,
            "rule": self.rule,
            "answer": _jsonable(self.answer),
            "capped": self.capped,
            "detail": self.detail,
            "parent": self.parent,
            "provisional": self.provisional,
            "counted": self.counted,
            "counts_from": self.counts_from,
            "counted_points": None
            if self.counted_points is None
            else exact_number(self.counted_points),
        }
        if len(_NODE_DICTS) >= _NODE_DICTS_BOUND:
            _NODE_DICTS.clear()  # bounded: the nodes met since are remembered again
        _NODE_DICTS[id(self)] = (self, made)
        return made.copy()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NodeResult:
        """The node :meth:`to_dict` wrote as ``data``; :class:`~tiercert.DataError` (a
        ``ValueError``) when it is not one.

        An answer is a number for every rule but ``levels`` (whose answers are level ids),
        unless it is ``"na"`` or text that is not a number."""
        return _placed(data, lambda: cls._read(data))

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> NodeResult:
        rule = _optional(data, "rule", _text)
        answer = data.get("answer") if isinstance(data, Mapping) else None
        numeric = False if _chosen(rule) else None
        return cls(
            _field(data, "id", str),
            _number(data, "score"),
            _number(data, "max"),
            _within(("status",), _status, _field(data, "status", str)),
            rule,
            _within(("answer",), lambda: _value_from(answer, numeric=numeric)),
            _field(data, "capped", bool),
            _optional(data, "detail", _text),
            _optional(data, "parent", _text),
            _field(data, "provisional", bool),
            _field(data, "counted", bool) if "counted" in data else True,
            _optional(data, "counts_from", _text),
            _optional(data, "counted_points", _exact_text),
        )


def _exact_text(value: object) -> Fraction:
    """A number written as exact text (an optional key's, read by :func:`_optional`)."""
    if not isinstance(value, str):
        raise _wrong("result.type", msg("expected a number as text, got {value!r}", value=value))
    return _exact(value)


def _node_dicts(nodes: Iterable[NodeResult]) -> list[dict[str, object]]:
    """``[n.to_dict() for n in nodes]``, with the lookup of a node's JSON form made before
    (see :meth:`NodeResult.to_dict`) inline: a call per node costs as much as the copy."""
    made = _NODE_DICTS
    out: list[dict[str, object]] = []
    add = out.append
    for node in nodes:
        found = made.get(id(node))
        add(found[1].copy() if found is not None and found[0] is node else node.to_dict())
    return out


def _status(text: str) -> Status:
    for status in STATUSES:
        if text == status:
            return status
    raise _wrong("result.value", msg("not a status of a result: {value!r}", value=text))


def _chosen(rule: str | None) -> bool:
    """Whether answers to a rule of this kind are choices (texts: level ids), never numbers."""
    from .rules import RULES  # the kinds: only when reading a result back

    kind = RULES.get(rule) if rule is not None else None
    return kind is not None and kind.answer == "choice"


#: how the value a comparison found is cut when it cannot be shown exactly: toward the
#: failure, so that the number shown fails the comparison shown (below "at least 50" stays
#: below 50, above "at most 5" stays above 5)
_TOWARD: dict[str, Toward] = {"at_most": "ceiling", "below": "ceiling"}


def _shown(value: object, toward: Toward = "floor", lang: str = "en") -> str:
    """A compared value for people: numbers by the display rule, yes/no in words, texts
    quoted, lists bracketed."""
    if isinstance(value, Fraction):
        return display_number(value, toward, lang=lang)
    if isinstance(value, bool):  # as the criteria list says it (``có``), never ``true``
        _ = translator(lang).gettext
        return _("yes") if value else _("no")
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_shown(item, toward, lang) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)


def _subject(subject: str, lang: str) -> str:
    """What a gate compared, as its reason names it (``percentage of g1``)."""
    return _subjects(lang).get(subject, subject)


@functools.cache
def _subjects(lang: str) -> dict[str, str]:
    # once per language: catalogs never change (and a reason is written for every result)
    _ = translator(lang).gettext
    return {
        "fact": _("fact"),
        "answer": _("answer"),
        "score": _("score"),
        "percent": _("percentage of"),
        "each_child_of": _("a child of"),
    }


def _operator(operator: str, lang: str) -> str:
    """A comparison as a gate's reason writes it (``at least``)."""
    found = _operators(lang).get(operator)
    return operator.replace("_", " ") if found is None else found


@functools.cache
def _operators(lang: str) -> dict[str, str]:
    _ = translator(lang).gettext
    return {
        "equals": _("equals"),
        "not_equals": _("not equals"),
        "in": _("in"),
        "at_least": _("at least"),
        "at_most": _("at most"),
        "above": _("above"),
        "below": _("below"),
    }


class Failure(Record, frozen=True):
    """One comparison that decided a gate's failure: ``subject target`` was ``actual``."""

    subject: str
    target: str
    actual: object
    operator: str
    expected: object
    #: where ``expected`` came from when a fact gave it: (fact id, the constant it is times)
    of: tuple[str, Fraction] | None = None

    def describe(self, lang: str = "en") -> str:
        """What failed, for people, in ``lang``: ``score g1 is 12, required at least 15``."""
        _ = translator(lang).gettext
        if self.subject == "not":
            # the condition's words, a message each language writes (read back from JSON:
            # the English kept there)
            return _("{condition} holds, but the rubric requires that it does not").format(
                condition=in_lang(self.target, lang)
            )
        if self.subject == "any":
            # the line before the nearest case's failures (conditions/any_of.py)
            return _("none of the {count} cases held; the nearest:").format(count=self.target)
        if self.subject == "or":  # between the failures of an ``any``'s cases as near
            return _("or")
        what = _subject(self.subject, lang)
        if self.operator == "be" and self.expected == "scored":
            # the criterion lies in a group whose score was given directly
            return _("{subject} {target} is not scored: its group was scored directly").format(
                subject=what, target=self.target
            )
        toward = _TOWARD.get(self.operator, "floor")
        values = {
            "actual": _shown(self.actual, toward, lang),
            "operator": _operator(self.operator, lang),
            "expected": _shown(self.expected, lang=lang),
        }
        if self.target == ROOT_ID and self.subject in ("score", "percent"):
            # a gate on the total (``score: "@criteria"``): named in words, not by its id
            total = _("the total") if self.subject == "score" else _("the total's percentage")
            said = _("{subject} is {actual}, required {operator} {expected}").format(
                subject=total, **values
            )
        else:
            said = _("{subject} {target} is {actual}, required {operator} {expected}").format(
                subject=what, target=self.target, **values
            )
        if self.of is None:
            return said
        return _("{said} ({operand})").format(said=said, operand=operand_text(self.of, lang))

    def to_dict(self) -> dict[str, object]:
        made: dict[str, object] = {
            "subject": self.subject,
            "target": self.target,
            "actual": _jsonable(self.actual),
            "operator": self.operator,
            "expected": _jsonable(self.expected),
            # JSON writes a number and a text alike as a string: whether these are numbers
            "numbers": _numbers_in(self.actual) or _numbers_in(self.expected),
        }
        if self.of is not None:  # only then: every other failure's JSON stays as it was
            made["of"] = {"fact": self.of[0], "times": exact_number(self.of[1])}
        return made

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, levels: bool = False, reason: str = ""
    ) -> Failure:
        """The failure :meth:`to_dict` wrote as ``data``: its strings are numbers when its
        ``numbers`` is true, texts when false.  A failure written without ``numbers`` (before
        0.1.0's eighteenth round) is read as follows: ``levels``: its target is a ``levels``
        criterion (an answer compared is a level id, never a number); ``reason``: its gate's
        reason, which tells a fact's text written like a number (``"80"``, quoted there) from
        the number itself."""
        return _placed(data, lambda: cls._read(data, levels, reason))

    @classmethod
    def _read(cls, data: Mapping[str, Any], levels: bool, reason: str) -> Failure:
        subject = _field(data, "subject", str)
        operator = _field(data, "operator", str)
        numeric: bool | None = None
        if isinstance(data, Mapping) and "numbers" in data:
            numeric = _field(data, "numbers", bool)
        elif operator == "be" or subject == "not" or (levels and subject == "answer"):
            numeric = False
        elif subject in ("score", "percent"):
            numeric = True

        def value(key: str, numeric: bool | None) -> object:
            return _within((key,), lambda: _value_from(data.get(key), numeric=numeric))

        of = _optional(data, "of", _operand)

        def read(numeric: bool | None) -> Failure:
            return cls(
                subject,
                _field(data, "target", str),
                value("actual", numeric),
                operator,
                value("expected", numeric),
                of,
            )

        failure = read(numeric)
        if numeric is None and failure.describe() not in reason:
            text = read(False)
            if text.describe() in reason:
                return text
        return failure


def _numbers_in(value: object) -> bool:
    """Whether ``value`` (a compared value, or a list of them) holds a number."""
    if isinstance(value, tuple):
        return any(_numbers_in(item) for item in value)
    return isinstance(value, Fraction)


def operand_text(of: tuple[str, Fraction], lang: str) -> str:
    """A value a fact gave, in words: ``1.1 × fact avg_income``."""
    _ = translator(lang).gettext
    fact = _("fact {fact}").format(fact=of[0])
    if of[1] == 1:
        return fact
    return _("{times} × {fact}").format(times=display_number(of[1], lang=lang), fact=fact)


def _operand(data: object) -> tuple[str, Fraction]:
    """A failure's ``of`` read back (:class:`DataError` when it is not one)."""
    return _field(cast(Mapping[str, Any], data), "fact", str), _number(
        cast(Mapping[str, Any], data), "times"
    )


class GateResult(Record, frozen=True):
    """One gate of a result: whether it ``passed``, for which ``tiers`` (None: every tier),
    and the ``failures`` (each a :class:`Failure`) that made it fail, said in words by
    ``reason``."""

    id: str
    passed: bool
    tiers: tuple[str, ...] | None  # None: applies to every tier
    failures: tuple[Failure, ...] = ()
    provisional: bool = False
    #: False: not applied yet, for it reads a future criterion that does not count yet
    counted: bool = True
    #: a failed gate that compares the total: the least total at which it would hold, all
    #: else about the unit as it is (None: no higher total makes it hold alone)
    total_needed: Fraction | None = None

    @property
    def reason(self) -> str:
        """Why the gate failed, in English (the JSON's ``reason``): :meth:`reason_in`."""
        return self.reason_in("en")

    def reason_in(self, lang: str) -> str:
        """Why the gate failed (``passed`` when it did not), in ``lang``."""
        _ = translator(lang).gettext
        if self.passed:
            return _("passed")
        said = ""
        before = None
        for failure in self.failures:
            if before is not None:  # after an ``any``'s line (or "or"), a case's failures follow
                said += " " if before.subject in ("any", "or") else "; "
            said += failure.describe(lang)
            before = failure
        return said or _("failed")

    def to_dict(self) -> dict[str, object]:
        # the compiled evaluator hands out the same GateResult for gates that fail alike:
        # its reason is written once (by identity, the gate kept alongside; bounded)
        found = _REASONS.get(id(self))
        if found is not None and found[0] is self:
            reason = found[1]
        else:
            reason = self.reason
            if len(_REASONS) >= _NODE_DICTS_BOUND:
                _REASONS.clear()
            _REASONS[id(self)] = (self, reason)
        return {
            "id": self.id,
            "passed": self.passed,
            "tiers": list(self.tiers) if self.tiers is not None else None,
            "reason": reason,
            "failures": [f.to_dict() for f in self.failures],
            "provisional": self.provisional,
            "counted": self.counted,
            **(
                {"total_needed": exact_number(self.total_needed)}
                if self.total_needed is not None
                else {}
            ),
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, levels: frozenset[str] = frozenset()
    ) -> GateResult:
        """The gate :meth:`to_dict` wrote as ``data``; ``levels``: ids of ``levels``
        criteria (what their failures compare is a level id)."""
        return _placed(data, lambda: cls._read(data, levels))

    @classmethod
    def _read(cls, data: Mapping[str, Any], levels: frozenset[str]) -> GateResult:
        reason = _field(data, "reason", str)

        def failure(f: Mapping[str, Any]) -> Failure:
            # the target read (checked) before it is looked up: a DataError, never more
            return Failure._read(f, _field(f, "target", str) in levels, reason)

        return cls(
            _field(data, "id", str),
            _field(data, "passed", bool),
            _optional(data, "tiers", _texts),
            tuple(
                _within(("failures", n), failure, f)
                for n, f in enumerate(_field(data, "failures", list))
            ),
            _field(data, "provisional", bool),
            _field(data, "counted", bool) if "counted" in data else True,
            _number(data, "total_needed") if "total_needed" in data else None,
        )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _wrong("result.type", msg("expected a text, got {value!r}", value=value))
    return value


def _day(value: object) -> date:
    """A date written as ISO text (``2027-01-01``)."""
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise _wrong(
            "result.value", msg("expected a date (2027-01-01), got {value!r}", value=value)
        ) from None


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _wrong("result.type", msg("expected a list, got {value!r}", value=value))
    return tuple(_within((n,), _text, item) for n, item in enumerate(value))


class TierRef(Record, frozen=True):
    """A tier of the rubric as a result names it: ``label`` by language code (``"*"`` for a
    label written as one text), ``rank``, and whether it counts as ``certified``."""

    id: str
    rank: int
    label: Mapping[str, str]
    certified: bool = True
    provisional: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "rank": self.rank,
            "label": dict(sorted(self.label.items())),
            "certified": self.certified,
            "provisional": self.provisional,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TierRef:
        return _placed(data, lambda: cls._read(data))

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> TierRef:
        label = _field(data, "label", dict)
        return cls(
            _field(data, "id", str),
            _field(data, "rank", int),
            {
                _within(("label",), _text, k): _within(("label", k), _text, v)
                for k, v in label.items()
            },
            _field(data, "certified", bool),
            _field(data, "provisional", bool),
        )


class NextTier(Record, frozen=True):
    """The tier just above the one reached, and what stands in the way."""

    tier: TierRef
    min: Fraction
    points_needed: Fraction
    blocking_gates: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            **self.tier.to_dict(),
            "min": exact_number(self.min),
            "points_needed": exact_number(self.points_needed),
            "blocking_gates": list(self.blocking_gates),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NextTier:
        return _placed(data, lambda: cls._read(data))

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> NextTier:
        return cls(
            TierRef._read(data),
            _number(data, "min"),
            _number(data, "points_needed"),
            _within(("blocking_gates",), _texts, _field(data, "blocking_gates", list)),
        )


def points_needed(
    tier: str, minimum: Fraction, total: Fraction, gates: Iterable[GateResult]
) -> Fraction:
    """The points a unit with ``total`` lacks for the tier ``tier`` (its minimum
    ``minimum``): up to the minimum, or to the higher total a failed gate of that tier needs
    of this unit (:attr:`GateResult.total_needed`); 0 when it has enough.  The one rule of
    "points to the next tier" (results.md, "Next tier and gates")."""
    needed = minimum
    for gate in gates:
        least = gate.total_needed
        if least is not None and least > needed and (gate.tiers is None or tier in gate.tiers):
            needed = least
    return needed - total if needed > total else ZERO_POINTS


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of scoring one unit against one rubric."""

    rubric_id: str
    rubric_version: str
    fingerprint: str
    unit_id: str | None
    unit_name: str | None
    total: Fraction
    max: Fraction
    bonus_max: Fraction
    percentage: Fraction
    certified: bool
    tier: TierRef | None
    next_tier: NextTier | None
    gates: tuple[GateResult, ...]
    nodes: Mapping[str, NodeResult]
    provisional: tuple[str, ...] = ()
    #: the day the result was scored for (``as_of``), when one was given: future criteria that
    #: count from a date count only when it is given and has reached that date
    as_of: date | None = None

    @property
    def failed_gates(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.gates if not g.passed)

    @property
    def not_counted(self) -> tuple[str, ...]:
        """The future criteria that do not count yet (not those below them), in document
        order: their points are listed apart."""
        nodes = self.nodes
        return tuple(
            n.id
            for n in nodes.values()
            if not n.counted
            and (n.parent is None or n.parent not in nodes or nodes[n.parent].counted)
        )

    @property
    def depends_on_provisional(self) -> bool:
        return bool(self.provisional)

    def to_dict(self) -> ResultData:
        """A JSON-ready mapping: numbers as exact text (``"79.5"``, ``"1/3"``), stable key
        order, every key typed (:class:`ResultData`).  :meth:`from_dict` gives the result
        back."""
        # the parts' own to_dict() are plain dicts (their JSON forms are remembered as such);
        # ResultData says what they hold
        return {
            "format": RESULT_FORMAT,
            "rubric": {
                "id": self.rubric_id,
                "version": self.rubric_version,
                "fingerprint": self.fingerprint,
            },
            "unit": {"id": self.unit_id, "name": self.unit_name},
            "total": exact_number(self.total),
            "max": exact_number(self.max),
            "bonus_max": exact_number(self.bonus_max),
            "percentage": exact_number(self.percentage),
            "certified": self.certified,
            "tier": cast("TierData", self.tier.to_dict()) if self.tier else None,
            "next_tier": cast("NextTierData", self.next_tier.to_dict()) if self.next_tier else None,
            "failed_gates": list(self.failed_gates),
            "gates": cast("list[GateData]", [g.to_dict() for g in self.gates]),
            "provisional": list(self.provisional),
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "nodes": cast("list[NodeData]", _node_dicts(self.nodes.values())),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Deterministic JSON (same result, same bytes), encodable as UTF-8: a lone surrogate
        in a text (an id read from a ``\\ud800`` escape) is written as that escape."""
        return json_encodable(json.dumps(self.to_dict(), ensure_ascii=False, indent=indent))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """The result :meth:`to_dict` wrote as ``data``: ``Result.from_dict(r.to_dict())``
        equals ``r``, and writes the same JSON.  Raises :class:`~tiercert.DataError` (a
        ``ValueError``) for anything else, including results of another ``format``: its
        problem's ``code`` says what (``result.key``, ``result.type``, ``result.number``,
        ``result.value``, ``result.format``, ``result.contradiction``) and its ``path`` where
        (``("nodes", 3, "score")``).

        JSON writes numbers and texts alike as strings: which one a value is follows from
        its key (a score is a number, a level a text) and, for a compared fact, from the
        gate's ``reason``, where texts are quoted.
        """
        return _placed(data, lambda: cls._read(data))

    @classmethod
    def _read(cls, data: Mapping[str, Any]) -> Result:
        version = _field(data, "format", int)
        if version not in READ_FORMATS:
            raise _wrong(
                "result.format",
                msg(
                    "a result of format {version}; this tiercert reads formats {formats} "
                    "(score the unit again)",
                    version=version,
                    formats=", ".join(map(str, READ_FORMATS)),
                ),
                "format",
            )
        rubric, unit = _field(data, "rubric", dict), _field(data, "unit", dict)
        nodes = [
            _within(("nodes", n), NodeResult._read, node)
            for n, node in enumerate(_field(data, "nodes", list))
        ]
        levels = frozenset(n.id for n in nodes if _chosen(n.rule))
        gates = tuple(
            _within(("gates", n), GateResult._read, gate, levels)
            for n, gate in enumerate(_field(data, "gates", list))
        )
        result = cls(
            _within(("rubric",), _field, rubric, "id", str),
            _within(("rubric",), _field, rubric, "version", str),
            _within(("rubric",), _field, rubric, "fingerprint", str),
            _within(("unit",), _optional, unit, "id", _text),
            _within(("unit",), _optional, unit, "name", _text),
            _number(data, "total"),
            _number(data, "max"),
            _number(data, "bonus_max"),
            _number(data, "percentage"),
            _field(data, "certified", bool),
            _optional(data, "tier", TierRef.from_dict),
            _optional(data, "next_tier", NextTier.from_dict),
            gates,
            {node.id: node for node in nodes},
            _texts(_field(data, "provisional", list)),
            _optional(data, "as_of", _day),
        )
        if list(result.failed_gates) != data.get("failed_gates"):
            raise _wrong(
                "result.contradiction",
                msg("'failed_gates' does not list the gates that failed"),
                "failed_gates",
            )
        contradiction = _contradiction(result, len(nodes))
        if contradiction is not None:
            problem, key = contradiction
            raise _wrong("result.contradiction", problem, *key)
        return result

    @classmethod
    def from_json(cls, text: str | bytes) -> Result:
        """The result :meth:`to_json` wrote; :class:`~tiercert.DataError` (a ``ValueError``)
        when ``text`` is not one: ``result.json`` when it is no JSON (its ``line`` and
        ``column`` say where), or beyond the limits every reader of a document has (longer
        than 10,000,000 bytes in UTF-8, nested deeper than 200 levels), else as
        :meth:`from_dict` says."""
        from ._yaml import DEFAULT_LIMITS  # (the readers' limits: not needed at start-up)

        limit = DEFAULT_LIMITS.max_bytes
        # a character is 1 to 4 bytes: only a long text is measured in bytes
        if len(text) > limit // 4 and _bytes_in(text) > limit:
            told = msg(
                "not a result: the text is longer than {max_bytes:,} bytes, the most tiercert "
                "reads of a document",
                max_bytes=limit,
            )
            raise _json_error(told, None, None)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            from ._json_errors import json_trouble

            told = msg(
                "not JSON at line {line}, column {column}: {what}",
                line=exc.lineno,
                column=exc.colno,
                what=json_trouble(exc),
            )
            raise _json_error(told, exc.lineno, exc.colno) from None
        except UnicodeDecodeError as exc:
            told = msg(
                "not JSON: the text is not {encoding} (its byte {position} is none of its "
                "characters)",
                encoding=exc.encoding.upper(),
                position=exc.start + 1,
            )
            raise _json_error(told, None, None) from None
        except ValueError:  # an integer of more digits than int() reads (1,000,000 of them)
            told = msg(
                "not a result: a JSON number has more digits than Python reads an integer "
                "with; no result tiercert writes has one"
            )
            raise _json_error(told, None, None) from None
        except RecursionError:  # nested past the interpreter's limit, far past the readers'
            data = None
            deep = True
        else:  # (reading it would recurse as deep)
            deep = _deeper_than(data, DEFAULT_LIMITS.max_depth)
        if deep:
            told = msg(
                "not a result: the JSON is nested deeper than {max_depth} levels, the most "
                "tiercert reads of a document",
                max_depth=DEFAULT_LIMITS.max_depth,
            )
            raise _json_error(told, None, None)
        return cls.from_dict(data)


def _bytes_in(text: str | bytes) -> int:
    return len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))


def _deeper_than(data: object, levels: int) -> bool:
    """Whether JSON ``data`` nests lists and objects deeper than ``levels`` (the outermost
    is level 1); walked without recursion."""
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            items: Iterable[object] = value.values()
        elif isinstance(value, list):
            items = value
        else:
            continue
        if level > levels:
            return True
        stack.extend((item, level + 1) for item in items)
    return False


def _json_error(message: str, line: int | None, column: int | None) -> DataError:
    problem = Problem("result.json", message, line=line, column=column)
    return DataError([problem], "result")


def _contradiction(result: Result, listed: int) -> tuple[str, tuple[str | int, ...]] | None:
    """What in ``result`` contradicts the rest of it, as far as it can be told without its
    rubric (``listed``: how many nodes the data listed); None when nothing does.

    Checked: criteria listed, once each, each parent listed; no criterion counted toward its
    parent more points than it has (or fewer than none); certified exactly when the tier
    reached certifies; no failed gate of the tier reached; the total within the maximum and
    the bonus; the next tier above the one reached, its points needed what the total lacks
    (:func:`points_needed`), its blocking gates the failed gates of that tier.  Not checked
    (the rubric is needed): that the scores add up to the total, the tier's minimum, the
    percentage's rounding.  A result is never scored again without its rubric: score the
    unit again to be sure of it."""
    nodes = result.nodes
    if not nodes:
        return msg("a result lists its criteria ('nodes'); this one lists none"), ("nodes",)
    if len(nodes) != listed:
        return msg("a criterion is listed twice in 'nodes'"), ("nodes",)
    orphan = next(
        (n for n in nodes.values() if n.parent not in (None, ROOT_ID) and n.parent not in nodes),
        None,
    )
    if orphan is not None:
        said = msg(
            "criterion {id!r} has the parent {parent!r}, which is not listed",
            id=orphan.id,
            parent=orphan.parent,
        )
        return said, ("nodes", list(nodes).index(orphan.id), "parent")
    beyond = next(
        (
            n
            for n in nodes.values()
            if n.counted_points is not None and not ZERO_POINTS <= n.counted_points <= n.score
        ),
        None,
    )
    if beyond is not None:
        said = msg("criterion {id!r} counted points it does not have", id=beyond.id)
        return said, ("nodes", list(nodes).index(beyond.id), "counted_points")
    tier = result.tier
    if result.certified != (tier is not None and tier.certified):
        return msg("'certified' contradicts the tier reached ('tier')"), ("certified",)
    failed = [g for g in result.gates if not g.passed]
    if tier is not None and any(g.tiers is None or tier.id in g.tiers for g in failed):
        return msg("a failed gate of the tier reached: that tier cannot be reached"), ("tier",)
    if not ZERO_POINTS <= result.total <= result.max + result.bonus_max:
        return msg("'total' is outside 0 to the maximum and the bonus"), ("total",)
    nxt = result.next_tier
    if nxt is not None:
        if tier is not None and nxt.tier.rank <= tier.rank:
            return msg("'next_tier' is not above the tier reached"), ("next_tier",)
        if nxt.points_needed != points_needed(nxt.tier.id, nxt.min, result.total, failed):
            return msg("'points_needed' of 'next_tier' is not what the total lacks"), (
                "next_tier",
                "points_needed",
            )
        blocking = tuple(g.id for g in failed if g.tiers is None or nxt.tier.id in g.tiers)
        if nxt.blocking_gates != blocking:
            return msg("'blocking_gates' of 'next_tier' are not the failed gates of that tier"), (
                "next_tier",
                "blocking_gates",
            )
    return None


ZERO_POINTS = Fraction(0)


class Verdict(NamedTuple):
    """The decision alone, without the breakdown: what :meth:`Rubric.verdict` returns.

    Equal to ``(result.total, result.certified, result.tier)`` of the full :class:`Result`.
    """

    total: Fraction
    certified: bool
    tier: TierRef | None
