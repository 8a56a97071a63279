"""The classes of rubric parts, without pydantic: what the checks and the compiler test against.

Every model in :mod:`tiercert.model` subclasses its namesake here (``model.Node`` is a
``_shapes.Node``), and so do the plain objects that ``tiercert check`` validates into through
:mod:`tiercert._light_schema`.  Code that only reads a rubric (checks, maxima, the compiler)
imports the classes from :mod:`tiercert._parts`: these at run time, the models for the type
checker.  So ``isinstance(part, Node)`` holds for both kinds of object, and ``tiercert check``
never has to import pydantic's model machinery (most of its start-up time, see
docs/performance.md).  The classes carry no fields or behaviour: the fields are defined once,
in ``model.py``.  (The parts of rules are the kinds' own: :mod:`tiercert.rules`.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

from ._i18n import N_, msg
from ._literals import (
    MAX_DIGITS,
    grouped_problem,
    number_problem,
    parse_bool,
    parse_number,
    read_numeral,
    whole_problem,
)


class Spec:
    __slots__ = ()


class Provenance(Spec):
    __slots__ = ()


class Rounding(Spec):
    __slots__ = ()


class NotApplicable(Spec):
    __slots__ = ()


class GroupFields(Spec):
    __slots__ = ()


class JustificationRules(Spec):
    __slots__ = ()


class UrlRules(Spec):
    __slots__ = ()


class EvidenceRulesSpec(Spec):
    __slots__ = ()


class Node(GroupFields, Provenance):
    __slots__ = ()


class Fact(Provenance):
    __slots__ = ()


class FactOperand(Spec):
    __slots__ = ()


def operand_kind(value: Any) -> str:
    """Which a comparison's value is: ``fact`` for a mapping (``{fact: avg, times: 1.1}``, a
    fact's value, times a constant), ``number`` for anything else (read as a number)."""
    return "fact" if isinstance(value, Mapping | FactOperand) else "number"


class Gate(Provenance):
    __slots__ = ()


class Tier(Provenance):
    __slots__ = ()


class Source(Spec):
    __slots__ = ()


class Target(Provenance):
    __slots__ = ()


class Attribute(Provenance):
    __slots__ = ()


class Tolerance(Spec):
    __slots__ = ()


class Stage(Provenance):
    __slots__ = ()


class Document(Provenance):
    __slots__ = ()


class Dossier(Provenance):
    __slots__ = ()


class UnitSpec(Spec):
    __slots__ = ()


class StageSpec(Spec):
    __slots__ = ()


class DossierSpec(Spec):
    __slots__ = ()


class AssessmentSpec(Spec):
    __slots__ = ()


class RubricRounding(Spec):
    __slots__ = ()


class Scoring(Spec):
    __slots__ = ()


class RubricSpec(GroupFields):
    __slots__ = ()


# --- validation helpers the models use (plain functions, shared with the light schema) --------


def as_text(value: Any) -> Any:
    """A plain string is text in the rubric's own language; ``"*"`` marks it as such."""
    return {"*": value} if isinstance(value, str) else value


def text_in(text: Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, else in the rubric's own language ('*'), else the first given."""
    if not text:
        return ""
    return text.get(lang) or text.get("*") or next(iter(text.values()))


def as_number(value: Any) -> Any:
    """A number of the rubric (points, a maximum, a band's edge, a tier's minimum, a cap):
    :func:`as_compared_number`, and text or a YAML number written like ``1.000`` or ``1.500``
    refused saying what to write for each reading (one, or one thousand with a dot between
    thousands, as Vietnamese writes it; ``_literals.grouped_problem``), where pydantic would
    silently read 1 or 1.5."""
    grouped = grouped_problem(value)
    if grouped is not None:
        text = repr(value.strip()) if isinstance(value, str) else str(value)
        raise _not_a_number(text, grouped)
    return as_compared_number(value)


def as_compared_number(value: Any) -> Any:
    """A number a condition compares with (``at_least``...), and the reading of every number of
    the rubric: text is read by the rule every reader uses (``"80"`` is 80; ``"022"``,
    ``"1_000"`` or ``"١٨"`` are refused saying what to write, where pydantic alone would read
    22, 1000 and 18), and numbers beyond the limits are refused.  ``1.500`` is judged by what
    it is compared with (an answer's range, a fact's type, a score's maximum:
    ``conditions/_compare.py``), as the answers themselves are."""
    if isinstance(value, str):
        number = read_numeral(value.strip())
        if number is not None:
            return number
        why = (
            _percent_problem(value.strip()) or _unit_problem(value.strip()) or number_problem(value)
        )
        if why is None and not _decimal_reads(value):
            return value  # not a number at all: the field's own type error says so
        raise _not_a_number(repr(value[:60]), why)
    return as_scalar(value)


def _not_a_number(text: str, why: str | None) -> PydanticCustomError:
    """The ``value.number`` error of a rubric's number written as ``text``, saying ``why``."""
    template = N_("expected a number, got {text}{why}")
    return PydanticCustomError(
        "value.number",
        template,
        {"text": text, "why": msg("; {why}", why=why) if why else "", "message": template},
    )


def _percent_problem(text: str) -> str | None:
    """What to write for a rubric's number typed with a percent sign (``80%``, ``72,5 %``): a
    rubric's numbers are plain (a rule's ``unit: "%"`` says what they count); else None."""
    if not text.endswith("%") or len(text) < 2:
        return None
    body = text[:-1].rstrip()
    if read_numeral(body) is not None:
        return msg("a rubric's numbers are written without a percent sign: write {body}", body=body)
    why = number_problem(body)
    if why is None:
        return None
    return msg("a rubric's numbers are written without a percent sign; {why}", why=why)


#: a number then a word, its unit (``5 điểm``, ``10 points``, ``5đ``); an exponent's ``e`` aside
_WITH_UNIT = re.compile(r"([+-]?[0-9][0-9.,]*)\s*(?![eE]\s*$)[^\W\d_][^\d]*")


def _unit_problem(text: str) -> str | None:
    """What to write for a rubric's number typed with its unit after it (``5 điểm``,
    ``1 credit``), as answers are told: the number alone; else None."""
    match = _WITH_UNIT.fullmatch(text)
    if match is None:
        return None
    body = match.group(1)
    why = grouped_problem(body)  # 12.000 điểm: twelve, or twelve thousand?
    if why is None and read_numeral(body) is not None:
        return msg("a rubric's numbers are written without their unit: write {body}", body=body)
    why = why or number_problem(body)
    if why is None:
        return None
    return msg("a rubric's numbers are written without their unit; {why}", why=why)


def as_whole(value: Any) -> Any:
    """A whole number of the rubric (a tier's rank, a group's ``top``, a count's
    ``max_items``): :func:`as_number`, and text or a YAML number written like ``12.000``
    refused as whole-number answers refuse it (twelve, or twelve thousand with a dot between
    thousands; ``_literals.whole_problem``), where pydantic would read 12."""
    why = whole_problem(value)
    if why is not None:
        template = N_("expected a whole number, got {text}; {why}")
        text = value.strip() if isinstance(value, str) else str(value)
        raise PydanticCustomError(
            "value.number", template, {"text": text[:60], "why": why, "message": template}
        )
    return as_number(value)


def whole_as_text(value: Any) -> Any:
    """A whole number where text is wanted (a unit's id or name), as its text; one too long to
    write out (Python refuses over 4,300 digits) is refused as a problem, not a ValueError."""
    if not isinstance(value, int) or isinstance(value, bool):
        return value
    try:
        return str(value)
    except ValueError:
        template = N_(
            "the number has thousands of digits; an id or a name is text: write it in quotes"
        )
        raise PydanticCustomError("value.number", template, {"message": template}) from None


def _decimal_reads(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def as_flag(value: Any) -> Any:
    """True or false from any spelling of yes or no answers accept; anything else as it is
    (the strict boolean then refuses it)."""
    flag = parse_bool(value)
    return value if flag is None else flag


def as_scalar(value: Any) -> Any:
    """A value compared in a condition: numbers beyond the limits are refused, text stays text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, int):
        if -_WHOLE < value < _WHOLE:
            return value
        number: Decimal | float = Decimal(value)
    else:
        number = value
    finite = number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)
    # not finite: the field's own check says so (a finite number is wanted there)
    if finite and parse_number(number) is None:
        template = N_("expected a number within the limits; {why}")
        raise PydanticCustomError(
            "value.number", template, {"why": number_problem(number), "message": template}
        )
    return value


# whole numbers below this are within the limits whatever their digits
_WHOLE = 10**MAX_DIGITS
