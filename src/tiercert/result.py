"""What an evaluation returns: plain, immutable records that serialise deterministically."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

RESULT_FORMAT = 1


def _num(value: Decimal) -> str:
    """Decimal as plain text without exponent: ``Decimal('1E+2')`` -> ``"100"``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return _num(value)
    return value


@dataclass(frozen=True, slots=True)
class NodeResult:
    """How one criterion was scored.

    ``status`` is one of: ``answered`` (scored from its answer), ``computed`` (a condition
    rule or a group's children), ``direct`` (a group scored directly), ``not_applicable``
    (N/A counted as satisfied), ``excluded`` (N/A removed from its parent's maximum),
    ``missing`` (no answer, scored 0), ``evidence_missing`` (the answer lacked required
    justification or URL, scored 0).
    """

    id: str
    score: Decimal
    max: Decimal
    status: str
    rule: str | None = None  # rule kind for leaves, aggregate for groups
    answer: object = None
    capped: bool = False
    detail: str | None = None
    parent: str | None = None
    provisional: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "score": _num(self.score),
            "max": _num(self.max),
            "status": self.status,
            "rule": self.rule,
            "answer": _jsonable(self.answer),
            "capped": self.capped,
            "detail": self.detail,
            "parent": self.parent,
            "provisional": self.provisional,
        }


def _shown(value: object) -> str:
    """A compared value for people: numbers plain (80, 33.5), texts quoted, lists bracketed."""
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass(frozen=True, slots=True)
class Failure:
    """One comparison that decided a gate's failure: ``subject target`` was ``actual``."""

    subject: str
    target: str
    actual: object
    operator: str
    expected: object

    def describe(self) -> str:
        what = {"percent": "percentage of", "each_child_of": "a child of"}.get(
            self.subject, self.subject
        )
        if self.subject == "not":
            return f"{self.target} holds, but the rubric requires that it does not"
        if self.operator == "be" and self.expected == "scored":
            # the criterion lies in a group whose score was given directly
            return f"{what} {self.target} is not scored: its group was scored directly"
        return (
            f"{what} {self.target} is {_shown(self.actual)}"
            f", required {self.operator.replace('_', ' ')} {_shown(self.expected)}"
        )

    def to_dict(self) -> dict[str, object]:
        expected = _jsonable(self.expected)
        return {
            "subject": self.subject,
            "target": self.target,
            "actual": _jsonable(self.actual),
            "operator": self.operator,
            "expected": [_jsonable(e) for e in expected]
            if isinstance(expected, tuple)
            else expected,
        }


@dataclass(frozen=True, slots=True)
class GateResult:
    id: str
    passed: bool
    tiers: tuple[str, ...] | None  # None: applies to every tier
    failures: tuple[Failure, ...] = ()
    provisional: bool = False

    @property
    def reason(self) -> str:
        if self.passed:
            return "passed"
        return "; ".join(f.describe() for f in self.failures) or "failed"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "passed": self.passed,
            "tiers": list(self.tiers) if self.tiers is not None else None,
            "reason": self.reason,
            "failures": [f.to_dict() for f in self.failures],
            "provisional": self.provisional,
        }


@dataclass(frozen=True, slots=True)
class TierRef:
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


@dataclass(frozen=True, slots=True)
class NextTier:
    """The tier just above the one reached, and what stands in the way."""

    tier: TierRef
    min: Decimal
    points_needed: Decimal
    blocking_gates: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            **self.tier.to_dict(),
            "min": _num(self.min),
            "points_needed": _num(self.points_needed),
            "blocking_gates": list(self.blocking_gates),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of scoring one unit against one rubric."""

    rubric_id: str
    rubric_version: str
    fingerprint: str
    unit_id: str | None
    unit_name: str | None
    total: Decimal
    max: Decimal
    bonus_max: Decimal
    percentage: Decimal
    certified: bool
    tier: TierRef | None
    next_tier: NextTier | None
    gates: tuple[GateResult, ...]
    nodes: Mapping[str, NodeResult]
    provisional: tuple[str, ...] = ()

    @property
    def failed_gates(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.gates if not g.passed)

    @property
    def depends_on_provisional(self) -> bool:
        return bool(self.provisional)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: decimals as strings, stable key order."""
        return {
            "format": RESULT_FORMAT,
            "rubric": {
                "id": self.rubric_id,
                "version": self.rubric_version,
                "fingerprint": self.fingerprint,
            },
            "unit": {"id": self.unit_id, "name": self.unit_name},
            "total": _num(self.total),
            "max": _num(self.max),
            "bonus_max": _num(self.bonus_max),
            "percentage": _num(self.percentage),
            "certified": self.certified,
            "tier": self.tier.to_dict() if self.tier else None,
            "next_tier": self.next_tier.to_dict() if self.next_tier else None,
            "failed_gates": list(self.failed_gates),
            "gates": [g.to_dict() for g in self.gates],
            "provisional": list(self.provisional),
            "nodes": [n.to_dict() for n in self.nodes.values()],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Deterministic JSON (same result, same bytes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


class Verdict(NamedTuple):
    """The decision alone, without the breakdown: what :meth:`Rubric.verdict` returns.

    Equal to ``(result.total, result.certified, result.tier)`` of the full :class:`Result`.
    """

    total: Decimal
    certified: bool
    tier: TierRef | None
