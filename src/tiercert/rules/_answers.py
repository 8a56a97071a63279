"""What the rule kinds that take a number share: reading it, its allowed range, counts, and the
same in generated code and in words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from tiercert._i18n import joined, msg
from tiercert._kinds import Style, Value
from tiercert._literals import (
    dot_grouped,
    grouped_problem,
    number_problem,
    parse_bool,
    parse_number,
    whole_problem,
)
from tiercert._numbers import display_number, number_words
from tiercert._paths import shown
from tiercert.errors import Path, Problem

if TYPE_CHECKING:
    from tiercert._fast.codegen import Generator


def why_not(value: object, otherwise: str = "", *, whole: bool = False) -> str:
    """What to write instead of ``value``, which is not a number (``whole``: not a whole
    number written unambiguously, see :func:`~tiercert._literals.whole_problem`):
    ``; write 17.5``."""
    why = number_problem(value, whole=whole, answer=True)
    return msg("; {why}", why=why) if why else otherwise


#: digits (a decimal dot or comma, a percent sign) then a word, which may hold digits after
#: its first letter (``km2``, ``m3/ngày``), an exponent (``e``, ``e5``) aside
_UNIT = re.compile(r"\s*[+-]?[0-9]+(?:[.,][0-9]+)*\s*%?\s*(?![eE][+-]?[0-9]*\s*$)[^\W\d_][^\n]*")


#: numbers joined by an arithmetic sign (``0.1+0.2``, ``12*3``): a sum typed, not worked out
#: (``2/3`` is a ratio, read as such; ``1:20`` a time, said so before this is asked)
_CALCULATION = re.compile(r"\s*[+-]?[0-9.]+(?:\s*[-+*×÷]\s*[+-]?[0-9.]+)+\s*")


def typed_with_unit(value: object) -> bool:
    """True when ``value`` is text typed as a number with its unit after it (``5 điểm``,
    ``18 triệu``, ``2 thôn``)."""
    return isinstance(value, str) and _UNIT.fullmatch(value) is not None


def _not_a_number_hint(value: object, *, whole: bool = False) -> str:
    """What to add when ``value`` is no number at all: a yes/no answer (``Đạt``, ``TRUE``)
    needs no word on decimals; nor does a whole number (a count: ``79.5`` is refused)."""
    if parse_bool(value) is not None:
        return msg(" (a number is needed, not yes/no)")
    if not isinstance(value, str):  # an object of another kind: nothing typed to correct
        return ""
    if _UNIT.fullmatch(value):  # 5 điểm, 18 triệu, 5đ: a number with its unit after it
        return msg(
            " (write the number alone, without its unit, in the unit the criterion asks for)"
        )
    if _CALCULATION.fullmatch(value):
        return msg(" (a calculation is not worked out here: type the number it gives)")
    if whole:
        return msg(" (write a whole number in digits: 12)")
    return msg(" (use a dot for decimals: 79.5)")


def read_number(value: object, *, whole: bool = False) -> tuple[Fraction | None, str | None]:
    """The number an answer gives, or a message saying what to write instead (``whole``: the
    answer is a whole number, so a decimal suggested instead is whole)."""
    number = parse_number(value)
    if number is None:
        return None, msg(
            "expected a number, got {value}{value2}",
            value=shown(value),
            value2=why_not(value, _not_a_number_hint(value, whole=whole), whole=whole),
        )
    return number, None


def read_in_range(
    value: object, low: Fraction | None, high: Fraction | None
) -> tuple[Value | None, str | None]:
    """A number answer within ``low``..``high`` (None: open), or what is wrong with it.

    Text written like ``1.500`` (a Decimal too, as written) is refused when its thousands
    reading (1500) is within the range as well: visitors a year typed ``1.500`` for fifteen
    hundred would else be 1.5.  Where the range rules that reading out (``72.500`` in a
    percentage), the dot is a decimal point."""
    number, message = read_number(value)
    if number is None:
        return None, message
    ambiguous = thousands_problem(value, low, high)
    if ambiguous is not None:
        return None, ambiguous
    if _outside(number, low, high):
        return None, _outside_message(value, low, high)
    return number, None


def _outside(number: Fraction, low: Fraction | None, high: Fraction | None) -> bool:
    return (low is not None and number < low) or (high is not None and number > high)


def _outside_message(value: object, low: Fraction | None, high: Fraction | None) -> str:
    """``value`` is outside ``low``..``high``, said with the range's ends (an open end is not
    said: "at least 0", never "0 to ∞")."""
    if low is not None and high is not None:
        return msg(
            "{value} is outside the allowed range {lowest} to {highest}",
            value=shown(value),
            lowest=shown(low),
            highest=shown(high),
        )
    if low is not None:
        return msg(
            "{value} is outside the allowed range: at least {lowest}",
            value=shown(value),
            lowest=shown(low),
        )
    assert high is not None  # no number is outside a range open at both ends
    return msg(
        "{value} is outside the allowed range: at most {highest}",
        value=shown(value),
        highest=shown(high),
    )


def thousands_problem(value: object, low: Fraction | None, high: Fraction | None) -> str | None:
    """What to write instead of ``value``, a number written like ``1.500`` or ``12.000``,
    when its thousands reading (1500, 12000) is a number in ``low``..``high`` (None: open)
    too; None for any other value.  Only text (or a Decimal as written) matching the pattern
    is looked at further (:func:`~tiercert._literals.dot_grouped`)."""
    if not dot_grouped(value):
        return None
    thousands = parse_number(str(value).replace(".", ""))
    if thousands is None or _outside(thousands, low, high):
        return None
    why = grouped_problem(value)
    if low is not None and high is not None:
        return msg(
            "{value} is ambiguous in the allowed range {lowest} to {highest}; {why}",
            value=shown(value),
            lowest=shown(low),
            highest=shown(high),
            why=why,
        )
    if low is not None:
        return msg(
            "{value} is ambiguous in the allowed range: at least {lowest}; {why}",
            value=shown(value),
            lowest=shown(low),
            why=why,
        )
    if high is not None:
        return msg(
            "{value} is ambiguous in the allowed range: at most {highest}; {why}",
            value=shown(value),
            highest=shown(high),
            why=why,
        )
    return msg("{value} is ambiguous (any number is allowed); {why}", value=shown(value), why=why)


def read_count(value: object, max_items: int | None) -> tuple[Value | None, str | None]:
    """A whole number of items, 0 or more (and at most ``max_items``), or what is wrong;
    ``12.000`` is refused as ambiguous (twelve, or twelve thousand?) whatever it reads as."""
    ambiguous = whole_problem(value)
    number = None if ambiguous else parse_number(value)
    if number is None or number.denominator != 1 or number < 0:
        # one description of what a count takes, whatever is wrong ('abc', -1, 1.5, 12.000),
        # then what to write instead when the answer is no number at all
        if ambiguous:
            why = msg("; {why}", why=ambiguous)
        elif number is None:
            why = why_not(value, _not_a_number_hint(value, whole=True), whole=True)
        else:
            why = ""
        return None, msg(
            "expected a whole number of items (0 or more), got {value}{why}",
            value=shown(value),
            why=why,
        )
    if max_items is not None and number > max_items:
        return None, msg(
            "at most {max_items} items are allowed, got {value}",
            max_items=max_items,
            value=shown(value),
        )
    return number, None


def negative_points(points: list[tuple[Decimal, Path]]) -> Iterator[Problem]:
    """``points.negative`` for each amount of a rule below zero."""
    for value, where in points:
        if value < 0:
            yield Problem(
                "points.negative",
                msg(
                    "points cannot be negative ({value}); use 0 or more (a 'deduction' "
                    "rule takes points away)",
                    value=value,
                ),
                where,
            )


# --- in generated code ------------------------------------------------------------------------


#: a float within these magnitudes (or 0) is within the limits on digits and places (a repr
#: has at most 17 significant digits, its first one within 99 places of the point)
_TINY, _HUGE = Fraction(1e-99), Fraction(1e99)


def refused_range(gen: Generator, low: Fraction | None, high: Fraction | None, var: str) -> str:
    """An expression true when ``var`` (a number or None) is no answer in ``low``..``high``.

    In the float copy of a rule that only compares its answer (``gen.floating``), ``var`` is a
    float and the test is the range's positive form, so that NaN fails it, with the limits on
    digits folded in where the range lets a float past them (below 1e-99 or from 1e99 on in
    magnitude): each such float then goes to the reference, which reads it exactly."""
    if gen.floating:
        accepted = []
        if low is not None:
            accepted.append(f"{var} >= {gen.natural(low)}")
        if low is None or low <= -_HUGE:
            accepted.append(f"{var} > -1e99")
        if high is not None:
            accepted.append(f"{var} <= {gen.natural(high)}")
        if high is None or high >= _HUGE:
            accepted.append(f"{var} < 1e99")
        # floats of tiny magnitude: only 0 itself is surely within the limits
        tiny = []
        if high is None or high > _TINY:
            tiny.append(f"{var} > 1e-99")
        if low is None or low < -_TINY:
            tiny.append(f"{var} < -1e-99")
        if tiny and (low is None or low < _TINY) and (high is None or high > -_TINY):
            accepted.append("(" + " or ".join([*tiny, f"{var} == 0.0"]) + ")")
        return "not (" + " and ".join(accepted) + ")"
    checks = [f"{var} is None"]
    if low is not None:
        checks.append(f"{var} < {gen.natural(low)}")
    if high is not None:
        checks.append(f"{var} > {gen.natural(high)}")
    return " or ".join(checks)


def refused_count(gen: Generator, max_items: int | None, var: str) -> str:
    """An expression true when ``var`` is no whole number of items (up to ``max_items``)."""
    checks = [f"{var} is None", f"_T({var}) is not int", f"{var} < 0"]
    if max_items is not None:
        checks.append(f"{var} > {gen.integer(max_items)}")
    return " or ".join(checks)


# --- in words ---------------------------------------------------------------------------------


#: signs written right after a number (``50%``, ``90°``, ``5′``); any other unit is written
#: after a space (``50 kWh/m²``, ``20 °C``, ``30 days``), as SI and ISO 80000 write quantities
_ATTACHED = ("%", "‰", "‱", "°", "′", "″")


def with_unit(number: str, unit: str) -> str:
    """``number`` followed by ``unit`` as a quantity is written: ``50 kWh/m²``, ``72%``,
    ``20 °C``; a unit written with its own leading space (``" days"``) is kept as written."""
    # joined, not added: a number's words (number_words) stay the reader's decimal mark
    if not unit:
        return number
    if unit[0].isspace() or (unit.startswith(_ATTACHED) and not unit[1:2].isalpha()):
        return joined("", (number, unit))
    return joined(" ", (number, unit))


def range_text(low: Decimal | Fraction | None, high: Decimal | Fraction | None, unit: str) -> str:
    """`` (answers from 0% to 100%)`` for explain (an open end is not said: `` (answers of at
    least 0)``); the unit after each number as :func:`with_unit` writes it."""
    lowest = with_unit(number_words(low), unit) if low is not None else None
    highest = with_unit(number_words(high), unit) if high is not None else None
    if lowest is not None and highest is not None:
        return msg(" (answers from {lowest} to {highest})", lowest=lowest, highest=highest)
    if lowest is not None:
        return msg(" (answers of at least {lowest})", lowest=lowest)
    if highest is not None:
        return msg(" (answers of at most {highest})", highest=highest)
    return msg(" (any number)")


def numbers_hint(low: Fraction | None, high: Fraction | None) -> str:
    """``a number from 0 to 100`` for templates (the point a template asks answers in, in
    every language: not :func:`number_words`)."""
    if low is not None and high is not None:
        return msg(
            "a number from {low} to {high}", low=display_number(low), high=display_number(high)
        )
    if low is not None:
        return msg("a number of at least {low}", low=display_number(low))
    if high is not None:
        return msg("a number of at most {high}", high=display_number(high))
    return msg("any number")


def plain(text: str) -> str:
    """The :data:`~tiercert._kinds.Style` of plain text."""
    return text


__all__ = [
    "Style",
    "negative_points",
    "numbers_hint",
    "plain",
    "range_text",
    "read_count",
    "read_in_range",
    "read_number",
    "refused_count",
    "refused_range",
    "thousands_problem",
    "why_not",
    "with_unit",
]
