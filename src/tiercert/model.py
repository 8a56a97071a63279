"""The file formats: pydantic models that say what a rubric (or assessment) file may contain.

These models only describe *shape* (keys, types, value ranges).  Whether the parts fit
together — unique ids, bands without gaps, reachable tiers — is :mod:`tiercert.checks`'
job, so that every such problem can be reported with its own code and fix.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, Union

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
from ._kinds import ConditionFields, FactType, RuleFields
from ._lifecycle import Status as CriterionStatus
from ._numbers import RoundingMode
from .aggregates import AGGREGATES
from .conditions import CONDITIONS, condition_kind
from .rules import RULES

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
#: A number a condition compares with (``at_least``, ``above``...): read as :data:`Number` is,
#: but ``1.500`` is judged by what it is compared with (an answer's range, a fact's type, a
#: score's maximum), as those answers are, not refused outright.
ComparedNumber = Annotated[
    Decimal,
    Field(allow_inf_nan=False, decimal_places=12),
    BeforeValidator(_shapes.as_compared_number),
]

#: Read a whole number's text by the same rule (after its bounds: ``Annotated[int, Field(ge=1),
#: READ_WHOLE]``, so that pydantic keeps the bounds in the core schema); ``12.000`` is refused
#: (twelve, or twelve thousand?) as whole-number answers refuse it.
READ_WHOLE = BeforeValidator(_shapes.as_whole)
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
    places: Annotated[int, Field(ge=-6, le=12), READ_WHOLE] = 0


# Each kind's fields are a plain annotated class in its module (tiercert/rules/, conditions/);
# its model subclasses it, and so do the parts it is made of (a levels rule's Level).  pydantic
# reads a base class's annotations in the base's own module, where the names (Number, Text,
# Level...) are not the models; so each model is given this module as the namespace that
# resolves them (the class attribute pydantic keeps for that, which create_model sets too).


def _derive(plain: type) -> type[Any]:
    """The model of the plain fields class ``plain``, named and documented like it."""
    name = plain.__name__
    namespace = {
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": plain.__doc__,
        "__pydantic_parent_namespace__": globals(),
    }
    model = type(name, (Spec, plain), namespace, __pydantic_reset_parent_namespace__=False)
    globals()[name] = model
    return model


class FactOperand(Spec, _shapes.FactOperand):
    """A value a comparison takes from a fact, times a constant: ``{fact: avg_income, times:
    1.1}`` is 110% of the fact ``avg_income``."""

    fact: Id = Field(description="Id of a number fact declared under 'facts'.")
    times: (
        Annotated[
            Decimal,
            Field(gt=0, allow_inf_nan=False, decimal_places=12),
            BeforeValidator(_shapes.as_number),
        ]
        | None
    ) = Field(
        None,
        description="What the fact's value is multiplied by (1 when left out), above 0.",
    )


#: What an order operator (``at_least``, ``above``...) compares with: a number, or a fact's
#: value times a constant (:class:`FactOperand`), told apart by being a mapping.
if TYPE_CHECKING:
    Operand = Union[ComparedNumber, FactOperand]  # noqa: UP007
else:
    Operand = Annotated[
        Union[  # noqa: UP007 - a runtime Union of the two
            Annotated[ComparedNumber, Tag("number")], Annotated[FactOperand, Tag("fact")]
        ],
        Discriminator(_shapes.operand_kind),
    ]


# --- conditions (gates) -----------------------------------------------------------------------

# StrictBool: in a lax union a YAML 0 or 1 would become false/true, so `equals: 1` on a
# number fact could never match; only true/false (and yes/no) are booleans.
Scalar = Annotated[
    Union[StrictBool, Decimal, str],  # noqa: UP007 - pydantic needs the runtime Union here
    BeforeValidator(_shapes.as_scalar),
]
#: the values of ``in:`` (a Python keyword: the field is ``in_``)
In = Annotated[list[Scalar] | None, Field(alias="in")]
#: the conditions of ``all:``, of ``any:``, and the one of ``not:``
AllList = Annotated[list["Condition"], Field(alias="all", min_length=1)]
AnyList = Annotated[list["Condition"], Field(alias="any", min_length=1)]
NotItem = Annotated["Condition", Field(alias="not")]

#: the model of each condition kind, by its key (see _derive)
CONDITION_MODELS: dict[str, type[Any]] = {
    key: _derive(kind.fields) for key, kind in CONDITIONS.items()
}

if TYPE_CHECKING:
    Condition = ConditionFields
else:
    #: a condition: one of the registered kinds, told apart by the first key it has
    Condition = Annotated[
        Union[  # noqa: UP007 - a runtime Union of the models
            tuple(Annotated[model, Tag(key)] for key, model in CONDITION_MODELS.items())
        ],
        Discriminator(
            condition_kind,
            custom_error_type="condition.kind",
            custom_error_message="a condition needs one of the keys: " + ", ".join(CONDITIONS),
        ),
    ]


# --- leaf rules -------------------------------------------------------------------------------

#: A count of items: a whole number, 0 or more (text read by the number rule).
Count = Annotated[int, Field(ge=0), READ_WHOLE]
_T = TypeVar("_T")
#: A list of at least one item.
NonEmpty = Annotated[list[_T], Field(min_length=1)]

RULE_MODELS: dict[str, type[Any]] = {}
for _plain in dict.fromkeys(part for kind in RULES.values() for part in kind.parts):
    _derive(_plain)
for _kind in RULES.values():
    RULE_MODELS[_kind.name] = _derive(_kind.fields)

if TYPE_CHECKING:
    Rule = RuleFields
else:
    #: a leaf's rule: one of the registered kinds, told apart by its ``kind``
    Rule = Annotated[
        Union[tuple(RULE_MODELS.values())],  # noqa: UP007 - a runtime Union of the models
        Field(discriminator="kind"),
    ]

# --- the tree ---------------------------------------------------------------------------------


#: how answers of the previous version become a criterion's (``carry:``)
CarryRule = Literal["answer", "reassess", "all", "any", "sum"]
Carry = Union[CarryRule, dict[str, Scalar]]  # noqa: UP007 - pydantic needs the runtime Union


class NotApplicable(Spec, _shapes.NotApplicable):
    """The criterion may be answered ``na``.

    ``counts_as: satisfied`` gives full points; ``excluded`` removes the criterion from its
    parent's maximum and rescales the parent.
    """

    counts_as: Literal["satisfied", "excluded"] = "excluded"
    evidence: list[EvidenceKind] = Field(default_factory=list)


class JustificationRules(Spec, _shapes.JustificationRules):
    """What makes a justification count."""

    min_length: Annotated[int, Field(ge=1, le=10_000), READ_WHOLE] | None = Field(
        None, description="Characters it needs, spaces included (default: any text not blank)."
    )
    ignore_prefixes: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        description="A justification starting with one of these counts as none ('// ').",
    )


class UrlRules(Spec, _shapes.UrlRules):
    """What makes a URL count."""

    where: Annotated[list[Literal["url", "justification"]], Field(min_length=1)] | None = Field(
        None,
        description=(
            "Where a URL counts: the answer's 'url', written in its 'justification' (default: "
            "both)."
        ),
    )
    form: Literal["any", "host_with_dot"] = Field(
        "any",
        description=(
            "any: http(s):// and one more character; host_with_dot: http(s)://host.x (a host "
            "with a dot, then one more character)."
        ),
    )


class EvidenceRulesSpec(Spec, _shapes.EvidenceRulesSpec):
    """What makes evidence count: the rubric's defaults, or one criterion's own."""

    justification: JustificationRules | None = Field(
        None, description="What makes a justification count (min_length, ignore_prefixes)."
    )
    url: UrlRules | None = Field(None, description="What makes a URL count (where, form).")


if TYPE_CHECKING:
    Aggregate = str
else:
    #: how a group combines its children: one of the registered aggregates
    Aggregate = Literal[tuple(AGGREGATES)]


class GroupFields(Spec, _shapes.GroupFields):
    """How a group (or the whole rubric) combines its children."""

    max: Number | None = Field(
        None, description="Maximum points. Groups default to the sum of their children's."
    )
    aggregate: Aggregate = Field(
        "sum", description="; ".join(kind.help for kind in AGGREGATES.values())
    )
    top: Annotated[int, Field(ge=1), READ_WHOLE] | None = Field(
        None, description="Count only the best N children."
    )
    bonus_cap: Number | None = Field(None, description="Cap on the sum of bonus children.")
    incomplete_cap: Number | None = Field(
        None, description="Cap the score at this value unless every child is at its maximum."
    )
    max_exceeded: Literal["intended"] | None = Field(
        None,
        description=(
            "'intended': the children can give more than 'max' on purpose (\"best of\", a cap "
            "per category), so check does not warn (max.exceeded)."
        ),
    )
    penalty_cap: Number | None = Field(
        None, description="Cap on the points the penalty children take together."
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
    penalty: Flag = Field(
        False,
        description=(
            "Points taken from the parent after its cap (the parent never goes below 0): this "
            "criterion's score is what it takes."
        ),
    )
    direct: Flag = Field(False, description="An assessment may give this group's score directly.")
    na: NotApplicable | None = None
    evidence: list[EvidenceKind] = Field(
        default_factory=list, description="Evidence an answer needs to count."
    )
    evidence_rules: EvidenceRulesSpec | None = Field(
        None,
        description="Leaves only: what makes this criterion's evidence count (else the rubric's).",
    )
    answer_from: Id | None = Field(
        None,
        description=(
            "Leaves only: score this criterion from the answer given to another criterion, "
            "with this criterion's own rule, evidence and N/A settings (one answer counted in "
            "several places, e.g. SHOULD at one level and MUST at the next)."
        ),
    )
    # when it counts (docs/versions.md, "Criteria with a life cycle")
    status: CriterionStatus = Field(
        "current",
        description="`future`: announced, not counted yet. It is shown, answered and scored, "
        "but its points count toward neither its parent nor the tier, and gates that read it "
        "are not applied, until the rubric's version or the scoring date reaches `counts_from`.",
    )
    counts_from: Annotated[str, Field(min_length=1, max_length=120)] | None = Field(
        None,
        description="With `status: future`: the rubric version (`2.0`) or the ISO date "
        "(`2027-01-01`) from which the criterion counts.",
    )
    # what became of the previous version's criteria (docs/versions.md, "Carrying answers")
    renamed_from: Id | None = Field(
        None,
        description="The id this criterion had in the previous version: its answers carry "
        "over to this id (`tiercert migrate`), and `diff` shows it as renamed.",
    )
    replaces: Annotated[list[Id], Field(min_length=2)] | None = Field(
        None,
        description="The previous version's criteria merged into this one: their answers "
        "become this one's as `carry` says (re-assessed unless it says otherwise).",
    )
    split_from: Id | None = Field(
        None,
        description="The previous version's criterion this one was split out of: its answer "
        "carries over unless `carry: reassess`.",
    )
    carry: Carry | None = Field(
        None,
        description="How the previous version's answer becomes this criterion's: `answer` (as "
        "it was; the default for a kept, renamed or split criterion), `reassess` (never "
        "carried; the default for `replaces`), `all` / `any` (`replaces`: yes when all / any "
        "of the old yes-or-no answers are yes), `sum` (`replaces`: the old numbers added), or "
        "a mapping of old answer to new answer (`{good: yes, poor: no}`): an answer it does "
        "not list is re-assessed.",
    )


# --- the rest of a rubric ---------------------------------------------------------------------


class Fact(Provenance, _shapes.Fact):
    """An input that is not scored but can be used by gates (``head_disciplined: true``)."""

    id: Id
    title: Text
    type: FactType
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
    rank: Annotated[int, Field(ge=1), READ_WHOLE]
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
    by: dict[Id, list[str]] | None = Field(
        None,
        description=(
            "Only the units with these attribute values (attribute id -> allowed values), "
            "e.g. {district: [Huyện A]}; without it, every unit."
        ),
    )


AttributeType = Literal["text", "number", "choice"]


class Attribute(Provenance, _shapes.Attribute):
    """A property of a unit that is not scored (district, unit type, round): read from a
    sheet's column of that id or an assessment file's ``unit:`` key, kept in every output,
    usable for grouping (``batch --by``) and in targets (``by``)."""

    id: Id
    title: Text
    type: AttributeType = Field("text", description="text, number, or choice (one of values).")
    values: list[str] | None = Field(None, description="The allowed values of a choice.")
    required: Flag = Field(False, description="Every unit must give it.")
    fixed: Flag = Field(
        False,
        description="The value belongs to the unit (a district): one unit id, one value.",
    )
    round: Flag = Field(
        False,
        description=(
            "The round (year) of a row: targets' periods are compared with it, and a unit "
            "appears once per round."
        ),
    )


class Tolerance(Spec, _shapes.Tolerance):
    """How far a stage may lower a group's score before the change is flagged."""

    points: Number | None = Field(None, description="Points cut from a group's score.")
    percent: Number | None = Field(
        None, description="Percent of the group's maximum cut from its score."
    )


class Stage(Provenance, _shapes.Stage):
    """An appraisal stage (self-assessment, district appraisal...), listed in order."""

    id: Id
    label: Text
    decides: Flag = Field(
        False, description="Its result is the unit's (default: the latest stage present)."
    )
    tolerance: Tolerance | None = Field(
        None, description="Flag a group this stage cuts by more than this from the stage before."
    )


class Document(Provenance, _shapes.Document):
    """A document of the dossier a unit files."""

    id: Id
    title: Text


class Dossier(Provenance, _shapes.Dossier):
    """What a unit files besides its answers: documents, and one evidence file per group."""

    documents: list[Document] = Field(
        default_factory=list, description="The documents of the dossier, each with an id."
    )
    evidence: Flag = Field(False, description="One evidence file per top-level group.")
    fact: Id | None = Field(
        None,
        description=(
            "A boolean fact the dossier sets: true when nothing is missing (a gate on it makes "
            "a complete dossier a requirement)."
        ),
    )


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
    evidence_rules: EvidenceRulesSpec | None = Field(
        None, description="What makes a justification or a URL count, for every criterion."
    )
    rounding: RubricRounding = Field(default_factory=RubricRounding)
    facts: list[Fact] = Field(default_factory=list)
    criteria: list[Node] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    tiers: list[Tier] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    attributes: list[Attribute] = Field(
        default_factory=list, description="Unit attributes (district, round...): see programme."
    )
    stages: list[Stage] = Field(default_factory=list, description="Appraisal stages, in order.")
    dossier: Dossier | None = Field(
        None, description="What a unit files besides its answers (documents, evidence files)."
    )


_LATE: list[type[BaseModel]] = [
    *RULE_MODELS.values(),
    *CONDITION_MODELS.values(),
    Node,
    Gate,
    RubricSpec,
]
for _model in _LATE:
    _model.model_rebuild()  # the names they use that are defined after them (Condition, Node)


# --- assessment files -------------------------------------------------------------------------


#: a number becomes its text, which Python refuses past 4,300 digits (refused as a problem)
_UnitText = Annotated[str | None, BeforeValidator(_shapes.whole_as_text)]


class UnitSpec(BaseModel, _shapes.UnitSpec):
    """Who is assessed. Extra keys (district, year...) are kept and passed through."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    id: _UnitText = None
    name: _UnitText = None


class StageSpec(BaseModel, _shapes.StageSpec):
    """One appraisal stage's answers in an assessment file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answers: dict[str, Any] = Field(default_factory=dict)
    facts: dict[str, Any] = Field(default_factory=dict)


class DossierSpec(BaseModel, _shapes.DossierSpec):
    """What a unit filed: document ids, and the groups with an evidence file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class AssessmentSpec(BaseModel, _shapes.AssessmentSpec):
    """The shape of an assessment file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] | None = None
    rubric: str | None = Field(None, description="Id of the rubric these answers are for.")
    rubric_version: str | None = Field(
        None,
        description="The version (or fingerprint) of the rubric these answers were given "
        "against; scoring them against another version warns (docs/versions.md).",
    )
    unit: UnitSpec = Field(default_factory=UnitSpec)
    answers: dict[str, Any] = Field(default_factory=dict)
    facts: dict[str, Any] = Field(default_factory=dict)
    stages: dict[str, StageSpec] = Field(
        default_factory=dict, description="Answers per appraisal stage (stage id -> answers)."
    )
    dossier: DossierSpec | None = None
