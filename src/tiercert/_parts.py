"""The classes of rubric parts, to test parts against: ``isinstance(rule, BandsRule)``.

At run time these are the pydantic-free classes of :mod:`tiercert._shapes`, which both the
models and the plain objects of a light check subclass; for the type checker they are the
models themselves, with their fields.  The rules' classes are their kinds' own (annotated, so
the same for both): :mod:`tiercert.rules`.  Code that reads rubric parts imports them from here
(see :mod:`tiercert._shapes` for why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conditions._compare import Comparison
from .conditions.all_of import AllOf
from .conditions.answer import AnswerIs
from .conditions.any_of import AnyOf
from .conditions.each_child import EachChildIs
from .conditions.fact import FactIs
from .conditions.not_of import NotOf
from .conditions.percent import PercentIs
from .conditions.score import ScoreIs
from .rules.bands import Band, BandsRule, ValueRange
from .rules.boolean import BooleanRule
from .rules.condition import ConditionRule
from .rules.count import CountRule
from .rules.deduction import DeductionRule
from .rules.direct import DirectRule
from .rules.levels import Level, LevelsRule
from .rules.linear import Anchor, LinearRule

if TYPE_CHECKING:
    from .model import (
        EvidenceRulesSpec,
        Fact,
        Gate,
        GroupFields,
        Node,
        NotApplicable,
        Provenance,
        Rounding,
        RubricRounding,
        RubricSpec,
        Scoring,
        Source,
        Spec,
        Target,
        Tier,
    )
else:
    from ._shapes import (
        EvidenceRulesSpec,
        Fact,
        Gate,
        GroupFields,
        Node,
        NotApplicable,
        Provenance,
        Rounding,
        RubricRounding,
        RubricSpec,
        Scoring,
        Source,
        Spec,
        Target,
        Tier,
    )

__all__ = [
    "AllOf",
    "Anchor",
    "AnswerIs",
    "AnyOf",
    "Band",
    "BandsRule",
    "BooleanRule",
    "Comparison",
    "ConditionRule",
    "CountRule",
    "DeductionRule",
    "DirectRule",
    "EachChildIs",
    "EvidenceRulesSpec",
    "Fact",
    "FactIs",
    "Gate",
    "GroupFields",
    "Level",
    "LevelsRule",
    "LinearRule",
    "Node",
    "NotApplicable",
    "NotOf",
    "PercentIs",
    "Provenance",
    "Rounding",
    "RubricRounding",
    "RubricSpec",
    "ScoreIs",
    "Scoring",
    "Source",
    "Spec",
    "Target",
    "Tier",
    "ValueRange",
]
