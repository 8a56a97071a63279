"""Exact arithmetic: every score is a :class:`~fractions.Fraction` until it is shown.

Fractions (not Decimals) because proportional rules, weighted groups and N/A rescaling divide:
``1/3 + 1/3 + 1/3`` must be exactly ``1``, so a unit at the threshold is never refused by a
rounding artefact.  Rounding happens only where a rubric declares it (:func:`round_to`).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from fractions import Fraction

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)

#: places shown for a value that has no finite decimal form (e.g. 1/3) and no declared rounding
DISPLAY_PLACES = 12


class RoundingMode(str, Enum):
    """How a value is rounded to a number of decimal places."""

    HALF_UP = "half_up"  # half away from zero: 0.5 -> 1, 12.5 -> 13
    HALF_EVEN = "half_even"  # banker's rounding: 0.5 -> 0, 1.5 -> 2
    DOWN = "down"  # towards zero: 6.67 -> 6
    UP = "up"  # away from zero: 6.01 -> 7


#: Decimal -> Fraction, remembered: a rubric repeats the same few numbers (0, 1, 2.5, 100)
#: thousands of times, and checking and compiling convert each several times
_FRACTIONS: dict[Decimal, Fraction] = {}


def to_fraction(value: Decimal | int | Fraction | str) -> Fraction:
    """An exact Fraction; strings must be decimal numerals (``"79.99"``)."""
    if isinstance(value, Fraction):
        return value
    if type(value) is Decimal and value.is_finite():
        found = _FRACTIONS.get(value)  # 2.0 == 2: equal Decimals give equal Fractions
        if found is None:
            found = Fraction(value)
            if len(_FRACTIONS) < 10_000:
                _FRACTIONS[value] = found
        return found
    return Fraction(value)


def round_to(value: Fraction, places: int, mode: RoundingMode) -> Fraction:
    """``value`` rounded to ``places`` decimal places (``places`` may be negative)."""
    scale = Fraction(10) ** places
    scaled = value * scale
    negative = scaled < 0
    magnitude = -scaled if negative else scaled
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if rest:
        twice = 2 * rest
        den = magnitude.denominator
        if (
            mode is RoundingMode.UP
            or (mode is RoundingMode.HALF_UP and twice >= den)
            or (mode is RoundingMode.HALF_EVEN and (twice > den or (twice == den and whole % 2)))
        ):
            whole += 1
    return Fraction(-whole if negative else whole) / scale


def is_terminating(value: Fraction) -> bool:
    """True when ``value`` has a finite decimal expansion (its denominator is 2^a * 5^b)."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def to_decimal(value: Fraction) -> Decimal:
    """The exact Decimal when there is one, else rounded half-even to DISPLAY_PLACES."""
    if not is_terminating(value):
        value = round_to(value, DISPLAY_PLACES, RoundingMode.HALF_EVEN)
    # exact: numerator / (2^a 5^b) has a finite expansion of at most max(a, b) places
    den = value.denominator
    places = 0
    while den % 10 == 0 or den % 2 == 0 or den % 5 == 0:
        if den % 10 == 0:
            den //= 10
        elif den % 2 == 0:
            den //= 2
        else:
            den //= 5
        places += 1
    scaled = value * 10**places
    return Decimal(scaled.numerator).scaleb(-places)


def format_number(value: Fraction) -> str:
    """Plain decimal text without exponent or trailing zeros: ``80``, ``79.99``, ``7.375``."""
    text = format(to_decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
