"""The ``levels`` rule: the answer names one option, and the option gives the points."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tiercert._kinds import CheckContext, RuleFields, RuleKind, Style, Value
from tiercert._literals import nfc
from tiercert._numbers import display_number, to_fraction
from tiercert._paths import did_you_mean, shown
from tiercert._shapes import Spec, text_in
from tiercert.errors import Path, Problem

from ._answers import negative_points

if TYPE_CHECKING:
    from tiercert.model import EvidenceKind, Id, NonEmpty, Number, Text

#: how an assessment says "not applicable": no level may be called that
NA = "na"


class Level(Spec):
    """One named option of a ``levels`` rule."""

    __slots__ = ()
    id: Id
    points: Number
    label: Text | None = None
    evidence: list[EvidenceKind] | None = None


class LevelsRule(RuleFields):
    """The answer names one option; the option gives the points."""

    __slots__ = ()
    kind: Literal["levels"]
    levels: NonEmpty[Level]


class Params:
    """The rule's parameters, as evaluation reads them."""

    __slots__ = ("levels",)

    def __init__(self, levels: dict[str, tuple[Fraction, tuple[str, ...]]]) -> None:
        # level id -> (points, the evidence an answer naming it needs)
        self.levels = levels


def _check(rule: LevelsRule, path: Path, context: CheckContext) -> Iterator[Problem]:
    yield from negative_points(
        [(lv.points, (*path, "levels", i, "points")) for i, lv in enumerate(rule.levels)]
    )
    seen: set[str] = set()
    for i, level in enumerate(rule.levels):
        if level.id in seen:
            yield Problem(
                "level.duplicate",
                f"the level {level.id!r} is listed twice; give each level its own id",
                (*path, "levels", i, "id"),
            )
        seen.add(level.id)
        if level.id.lower() == NA:
            # an answer 'na' always means "not applicable", so no level can be called that
            yield Problem(
                "level.reserved",
                f"{level.id!r} is how an assessment says 'not applicable', so it cannot name "
                "a level; rename the level (to allow N/A, add 'na:' to the criterion)",
                (*path, "levels", i, "id"),
            )


def _shared(rule: LevelsRule, source: LevelsRule, source_id: str, path: Path) -> Iterator[Problem]:
    mine = [lv.id for lv in rule.levels]
    theirs = [lv.id for lv in source.levels]
    if sorted(mine) != sorted(theirs):
        yield Problem(
            "answer_from.levels",
            f"this criterion reads the answer to {source_id!r}, so it needs the same level ids "
            f"({', '.join(theirs)}), got: {', '.join(mine)}; make the levels match",
            (*path, "rule", "levels"),
        )


def _compile(rule: LevelsRule, maximum: Fraction, evidence: tuple[str, ...]) -> Params:
    return Params(
        {
            lv.id: (
                to_fraction(lv.points),
                tuple(lv.evidence) if lv.evidence is not None else evidence,
            )
            for lv in rule.levels
        }
    )


def _read(params: Params, value: object) -> tuple[Value | None, str | None]:
    levels = params.levels
    text = nfc(str(value).strip()) if isinstance(value, str | int | Decimal) else None
    if text is not None and not isinstance(value, bool):
        if text in levels:
            return text, None
        folded = [lv for lv in levels if lv.lower() == text.lower()]
        if len(folded) == 1:
            return folded[0], None
    options = ", ".join(levels)
    hint = did_you_mean(str(value), levels)
    return None, f"{shown(value)} is not one of the levels: {options}{hint}"


def _score(params: Params, value: Value) -> tuple[Fraction, str | None]:
    assert isinstance(value, str)
    return params.levels[value][0], None


def _needs(params: Params, value: Value, evidence: tuple[str, ...]) -> tuple[str, ...]:
    found = params.levels.get(value) if isinstance(value, str) else None
    return evidence if found is None else found[1]


def _describe(rule: LevelsRule, maximum: Fraction | None, lang: str, code: Style) -> str:
    options = []
    for level in rule.levels:
        label = text_in(level.label, lang)
        named = code(level.id) + (f" ({label})" if label and label != level.id else "")
        needs = f" [needs {' and '.join(level.evidence)}]" if level.evidence else ""
        options.append(f"{named} → {display_number(level.points)}{needs}")
    return "one of: " + "; ".join(options)


def _hint(rule: LevelsRule, maximum: str) -> str:
    return "one of: " + ", ".join(f"{lv.id} ({display_number(lv.points)})" for lv in rule.levels)


def _evidence(rule: LevelsRule) -> tuple[str, ...]:
    return tuple(kind for level in rule.levels for kind in level.evidence or ())


KIND: RuleKind[LevelsRule, Params] = RuleKind(
    name="levels",
    fields=LevelsRule,
    parts=(Level,),
    answer="choice",
    summary="named options: the answer names one level, and the level gives its points",
    help={
        "levels": "The options an assessor chooses from, each with its points.",
        "Level.id": "The option's id; the assessor answers with it, e.g. good.",
        "Level.points": "Points for this option.",
        "Level.label": "The option's name shown to people.",
        "Level.evidence": "Evidence this option needs to count (overrides the node's).",
    },
    example={
        "kind": "levels",
        "levels": [{"id": "good", "points": 10}, {"id": "poor", "points": 0}],
    },
    best=lambda rule, declared: max(to_fraction(level.points) for level in rule.levels),
    check=_check,
    codes=frozenset({"points.negative", "level.duplicate", "level.reserved", "answer_from.levels"}),
    compile=_compile,
    read=_read,
    score=_score,
    values=lambda params: tuple(params.levels),
    needs=_needs,
    shared=_shared,
    describe=_describe,
    hint=_hint,
    choices=lambda rule: tuple(level.id for level in rule.levels),
    evidence=_evidence,
    emitter=None,
)
