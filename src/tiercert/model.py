"""The file formats: pydantic models that say what a rubric (or assessment) file may contain.

These models only describe *shape* (keys, types, value ranges).  Whether the parts fit
together — unique ids, bands without gaps, reachable tiers — is :mod:`tiercert.checks`'
job, so that every such problem can be reported with its own code and fix.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StrictBool,
    Tag,
)

from . import _shapes
from ._numbers import RoundingMode

FORMAT_VERSION = 1

#: Identifiers of nodes, facts, gates, tiers, levels and sources.
Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Letters, digits, '_', '.', '-'; starts with a letter or digit.",
    ),
]

#: A finite, exact number (YAML floats are read as decimals, never as binary floats), with at
#: most 12 decimal places: results show values cut to 12 places (DISPLAY_PLACES), which then
#: compare with every minimum, band edge and threshold exactly as the exact values do.  Text is
#: read by the rule every reader uses (docs/assessments.md, "How values are read").
Number = Annotated[
    Decimal, Field(allow_inf_nan=False, decimal_places=12), BeforeValidator(_shapes.as_number)
]
#: Read a whole number's text by the same rule (after its bounds: ``Annotated[int, Field(ge=1),
#: READ_NUMBER]``, so that pydantic keeps the bounds in the core schema).
READ_NUMBER = BeforeValidator(_shapes.as_number)
#: True or false: ``true``/``false``, or any yes/no spelling answers accept (``yes``, ``no``).
Flag = Annotated[bool, BeforeValidator(_shapes.as_flag), Strict()]


#: Translatable text: a plain string, or a mapping of language code to string
#: (``{vi: "Cải cách hành chính", en: "Administrative reform"}``).
Text = Annotated[
    dict[str, str],
    BeforeValidator(_shapes.as_text, json_schema_input_type=Union[str, dict[str, str]]),  # noqa: UP007
]

EvidenceKind = Literal["justification", "url"]


class Spec(BaseModel, _shapes.Spec):
    """Base of every rubric part: unknown keys are errors, parts are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Provenance(Spec, _shapes.Provenance):
    """Where an element comes from, and whether it is confirmed."""

    provisional: Flag = Field(
        False, description="True when the element is not confirmed by the sources."
    )
    note: Text | None = Field(None, description="Why it is provisional, what it was modelled on.")
    sources: list[Id] = Field(default_factory=list, description="Ids of `sources` entries.")


class Rounding(Spec, _shapes.Rounding):
    """Round a value to ``places`` decimal places with ``mode``."""

    mode: RoundingMode = RoundingMode.HALF_UP
    places: Annotated[int, Field(ge=-6, le=12), READ_NUMBER] = 0


# --- leaf rules -------------------------------------------------------------------------------


class BooleanRule(Spec, _shapes.BooleanRule):
    """Met or not: ``points`` when the answer is true, 0 otherwise."""

    kind: Literal["boolean"]
    points: Number


class Level(Spec, _shapes.Level):
    """One named option of a ``levels`` rule."""

    id: Id
    points: Number
    label: Text | None = None
    evidence: list[EvidenceKind] | None = Field(
        None, description="Evidence this option needs to count (overrides the node's)."
    )


class LevelsRule(Spec, _shapes.LevelsRule):
    """The answer names one option; the option gives the points."""

    kind: Literal["levels"]
    levels: list[Level] = Field(min_length=1)


class ValueRange(Spec, _shapes.ValueRange):
    """The values an answer may take (inclusive); answers outside are refused."""

    min: Number | None = None
    max: Number | None = None


class Band(Spec, _shapes.Band):
    """An interval of values and the points it gives. Omit ``min``/``max`` for an open end."""

    min: Number | None = None
    max: Number | None = None
    points: Number
    label: Text | None = None


class BandsRule(Spec, _shapes.BandsRule):
    """A number mapped to points by contiguous intervals.

    ``edges: min_inclusive`` (default): each band is ``min <= v < max`` and the last band is
    closed (``min <= v <= max``).  ``edges: max_inclusive``: ``min < v <= max``, the first closed.
    """

    kind: Literal["bands"]
    bands: list[Band] = Field(min_length=1)
    edges: Literal["min_inclusive", "max_inclusive"] = "min_inclusive"
    range: ValueRange | None = None
    unit: Text | None = None


class Anchor(Spec, _shapes.Anchor):
    value: Number
    points: Number


class LinearRule(Spec, _shapes.LinearRule):
    """A number mapped proportionally from ``start`` to ``end``, clamped outside them."""

    kind: Literal["linear"]
    start: Anchor
    end: Anchor
    range: ValueRange | None = None
    unit: Text | None = None


class CountRule(Spec, _shapes.CountRule):
    """``per_item`` points for each item counted, up to the node's maximum."""

    kind: Literal["count"]
    per_item: Number
    max_items: Annotated[int, Field(ge=0), READ_NUMBER] | None = Field(
        None, description="Refuse answers above this count."
    )


class DeductionRule(Spec, _shapes.DeductionRule):
    """Start from ``start`` (default: the node's maximum), subtract ``per_item`` per occurrence,
    never below ``floor``."""

    kind: Literal["deduction"]
    per_item: Number
    start: Number | None = None
    floor: Number = Decimal(0)
    max_items: Annotated[int, Field(ge=0), READ_NUMBER] | None = None


class DirectRule(Spec, _shapes.DirectRule):
    """The assessor enters the points, anywhere in ``[0, max]``."""

    kind: Literal["direct"]


class ConditionRule(Spec, _shapes.ConditionRule):
    """No answer: ``points`` when the condition holds (e.g. another group is complete)."""

    kind: Literal["condition"]
    when: Condition
    points: Number


Rule = Annotated[
    BooleanRule
    | LevelsRule
    | BandsRule
    | LinearRule
    | CountRule
    | DeductionRule
    | DirectRule
    | ConditionRule,
    Field(discriminator="kind"),
]

# --- conditions (gates) -----------------------------------------------------------------------

# StrictBool: in a lax union a YAML 0 or 1 would become false/true, so `equals: 1` on a
# number fact could never match; only true/false (and yes/no) are booleans.
Scalar = Annotated[
    Union[StrictBool, Decimal, str],  # noqa: UP007 - pydantic needs the runtime Union here
    BeforeValidator(_shapes.as_scalar),
]


class Comparison(Spec, _shapes.Comparison):
    """Operators shared by every comparison; at least one must be given, all must hold."""

    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    at_least: Number | None = None
    at_most: Number | None = None
    above: Number | None = None
    below: Number | None = None


class FactIs(Comparison, _shapes.FactIs):
    """Compare a fact from the assessment."""

    fact: Id


class AnswerIs(Comparison, _shapes.AnswerIs):
    """Compare the raw answer given to a criterion (``na`` for not applicable)."""

    answer: Id


class ScoreIs(Comparison, _shapes.ScoreIs):
    """Compare a node's points."""

    score: Id


class PercentIs(Comparison, _shapes.PercentIs):
    """Compare a node's points as a percentage of its maximum."""

    percent: Id


class EachChildIs(Comparison, _shapes.EachChildIs):
    """Every child of a node (``@criteria`` for the top level) passes the comparison."""

    each_child_of: Id | Literal["@criteria"]
    measure: Literal["score", "percent"] = "percent"


class AllOf(Spec, _shapes.AllOf):
    all_: list[Condition] = Field(alias="all", min_length=1)


class AnyOf(Spec, _shapes.AnyOf):
    any_: list[Condition] = Field(alias="any", min_length=1)


class NotOf(Spec, _shapes.NotOf):
    not_: Condition = Field(alias="not")


CONDITION_KEYS = _shapes.CONDITION_KEYS


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[FactIs, Tag("fact")]
    | Annotated[AnswerIs, Tag("answer")]
    | Annotated[ScoreIs, Tag("score")]
    | Annotated[PercentIs, Tag("percent")]
    | Annotated[EachChildIs, Tag("each_child_of")],
    Discriminator(
        _shapes.condition_kind,
        custom_error_type="condition.kind",
        custom_error_message=(
            "a condition needs one of the keys: all, any, not, fact, answer, score, "
            "percent, each_child_of"
        ),
    ),
]

# --- the tree ---------------------------------------------------------------------------------


class NotApplicable(Spec, _shapes.NotApplicable):
    """The criterion may be answered ``na``.

    ``counts_as: satisfied`` gives full points; ``excluded`` removes the criterion from its
    parent's maximum and rescales the parent.
    """

    counts_as: Literal["satisfied", "excluded"] = "excluded"
    evidence: list[EvidenceKind] = Field(default_factory=list)


Aggregate = Literal["sum", "scaled", "weighted", "tiered"]


class GroupFields(Spec, _shapes.GroupFields):
    """How a group (or the whole rubric) combines its children."""

    max: Number | None = Field(
        None, description="Maximum points. Groups default to the sum of their children's."
    )
    aggregate: Aggregate = Field(
        "sum",
        description=(
            "sum: add children, cap at max; scaled: children's share of their total maximum "
            "times max; weighted: weighted mean of children's shares times max; tiered: add "
            "children in order, each counting only when the one before is complete."
        ),
    )
    top: Annotated[int, Field(ge=1), READ_NUMBER] | None = Field(
        None, description="Count only the best N children."
    )
    bonus_cap: Number | None = Field(None, description="Cap on the sum of bonus children.")
    incomplete_cap: Number | None = Field(
        None, description="Cap the score at this value unless every child is at its maximum."
    )
    round: Rounding | None = None


class Node(GroupFields, Provenance, _shapes.Node):
    """A criterion: a group (``children``) or a leaf (``rule``)."""

    id: Id
    title: Text
    description: Text | None = None
    rule: Rule | None = None
    children: list[Node] | None = None
    weight: Number | None = Field(None, description="Weight when the parent aggregates by weight.")
    bonus: Flag = Field(False, description="Points above the parent's maximum (own cap).")
    direct: Flag = Field(False, description="An assessment may give this group's score directly.")
    na: NotApplicable | None = None
    evidence: list[EvidenceKind] = Field(
        default_factory=list, description="Evidence an answer needs to count."
    )
    answer_from: Id | None = Field(
        None,
        description=(
            "Leaves only: score this criterion from the answer given to another criterion, "
            "with this criterion's own rule, evidence and N/A settings (one answer counted in "
            "several places, e.g. SHOULD at one level and MUST at the next)."
        ),
    )


# --- the rest of a rubric ---------------------------------------------------------------------


class Fact(Provenance, _shapes.Fact):
    """An input that is not scored but can be used by gates (``head_disciplined: true``)."""

    id: Id
    title: Text
    type: Literal["boolean", "number", "integer", "text", "choice"]
    options: list[str] | None = None
    default: Scalar | None = None


class Gate(Provenance, _shapes.Gate):
    """A requirement beyond points. When ``require`` is false the gate fails.

    Without ``tiers`` it applies to every tier (a knock-out); with ``tiers`` only to those.
    """

    id: Id
    title: Text
    require: Condition
    tiers: list[Id] | None = None
    fix: Text | None = Field(None, description="What a unit must do to pass this gate.")


class Tier(Provenance, _shapes.Tier):
    """A level a unit can reach: ``min`` total or more (inclusive) and its gates passed."""

    id: Id
    label: Text
    rank: Annotated[int, Field(ge=1), READ_NUMBER]
    min: Number
    certified: Flag = Field(
        True, description="False for a rating that does not count as certification."
    )
    requires_lower: Flag = Field(True, description="Also requires the tier ranked just below.")


class Source(Spec, _shapes.Source):
    """A document the rubric is based on."""

    id: Id
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    note: Text | None = None


class Target(Provenance, _shapes.Target):
    """A programme target: a share of units certified (or at ``tier`` or above) by a period."""

    period: str
    share: Number = Field(ge=0, le=100, description="Percent of units.")
    tier: Id | None = None


class RubricRounding(Spec, _shapes.RubricRounding):
    """Default rounding: of each leaf, each group, the total, and the displayed percentage."""

    leaves: Rounding | None = None
    groups: Rounding | None = None
    total: Rounding | None = None
    percentage: Rounding | None = None


class Scoring(Spec, _shapes.Scoring):
    missing: Literal["error", "zero"] = Field(
        "error", description="What a missing answer does: an error, or zero points."
    )


class RubricSpec(GroupFields, _shapes.RubricSpec):
    """A whole rubric file."""

    format: Literal[1] = Field(description="Version of the rubric file format.")
    id: Id
    version: str
    title: Text
    language: str = Field("en", description="Language of plain (untranslated) text.")
    issuer: Text | None = None
    authority: Text | None = None
    description: Text | None = None
    units: Text | None = Field(None, description="What is certified (communes, products...).")
    sources: list[Source] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)
    rounding: RubricRounding = Field(default_factory=RubricRounding)
    facts: list[Fact] = Field(default_factory=list)
    criteria: list[Node] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    tiers: list[Tier] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)


for _model in (ConditionRule, AllOf, AnyOf, NotOf, Node, Gate, RubricSpec):
    _model.model_rebuild()


# --- assessment files -------------------------------------------------------------------------


class UnitSpec(BaseModel):
    """Who is assessed. Extra keys (district, year...) are kept and passed through."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    id: str | None = None
    name: str | None = None


class AssessmentSpec(BaseModel):
    """The shape of an assessment file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] | None = None
    rubric: str | None = Field(None, description="Id of the rubric these answers are for.")
    unit: UnitSpec = Field(default_factory=UnitSpec)
    answers: dict[str, Any] = Field(default_factory=dict)
    facts: dict[str, Any] = Field(default_factory=dict)
