"""Scaled numbers: what every generated scorer of one scale computes with, and the shortcuts
by which it reads numbers (that agree with the one rule every reader follows).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from tiercert._literals import MAX_DIGITS, parse_number
from tiercert._numbers import (
    DISPLAY_PLACES,
    RoundingMode,
    display_number,
    round_to,
)


class Fallback(Exception):
    """The fast path cannot vouch for this input: the reference evaluator decides."""


class Unsupported(Exception):
    """The plan uses something the generator does not know: use the reference evaluator."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


#: an answer or fact that was not given
MISSING: Any = _Missing()
#: the score of a criterion answered N/A and removed from its parent's maximum
EXCLUDED: Any = type("_Excluded", (), {"__slots__": (), "__repr__": lambda self: "<excluded>"})()

Scaled = int | Fraction


def norm(value: Fraction | int) -> Scaled:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


# --- number helpers shared by every generated scorer of one scale -------------------------------


class Numbers:
    """Conversions between scaled values (units of ``1/S``) and the reference's numbers."""

    def __init__(self, places: int) -> None:
        self.places = places
        self.scale: int = 10**places
        #: the natural values already made, by scaled integer (read directly by generated code)
        self.naturals: dict[int, Fraction] = {}

    def scaled(self, value: Fraction) -> Scaled:
        return norm(value * self.scale)

    def natural(self, value: Scaled) -> Fraction:
        """The value a result holds: the exact Fraction of a scaled value (remembered for
        integers, which repeat)."""
        if type(value) is not int:
            return cast(Fraction, value) / self.scale
        found = self.naturals.get(value)
        if found is None:
            found = Fraction(value, self.scale)
            if len(self.naturals) < 4096:
                self.naturals[value] = found
        return found

    def text(self, value: Scaled) -> str:
        """:func:`~tiercert._numbers.display_number` of the natural value (``"79.5"``,
        ``"80"``), made from the digits of a scaled integer when it has few places."""
        places = self.places
        if type(value) is not int or not places or places > DISPLAY_PLACES:
            return display_number(self.natural(value))
        digits = str(-value if value < 0 else value).rjust(places + 1, "0")
        whole, part = digits[:-places], digits[-places:].rstrip("0")
        text = f"{whole}.{part}" if part else whole
        return "-" + text if value < 0 else text

    def round(self, value: Scaled, places: int, mode: RoundingMode) -> Scaled:
        """Exactly :func:`tiercert._numbers.round_to` on the natural value, kept scaled."""
        if type(value) is int:
            shift = self.places - places
            if shift <= 0:
                return value
            unit: int = 10**shift
            number = value
            negative = number < 0
            magnitude = -number if negative else number
            whole, rest = divmod(magnitude, unit)
            if rest:
                twice = 2 * rest
                if (
                    mode is RoundingMode.UP
                    or (mode is RoundingMode.HALF_UP and twice >= unit)
                    or (
                        mode is RoundingMode.HALF_EVEN
                        and (twice > unit or (twice == unit and whole % 2))
                    )
                ):
                    whole += 1
            rounded = whole * unit
            return -rounded if negative else rounded
        return self.scaled(round_to(self.natural(value), places, mode))


#: conversions of whole numbers (answers such as a count of 3)
WHOLE = Numbers(0)

_FLOAT_EXACT = 2.0**53


def read_number(raw: object) -> Scaled | None:
    """:func:`~tiercert._literals.parse_number`, normalised, with exact shortcuts for whole
    numbers written as text (``"85"``, from a CSV file), Decimals (from YAML) or floats, and
    for plain decimals written as text (``"79.5"``).  Each shortcut takes only what the rule
    accepts: digits 0-9, no leading zero, and few enough of them to be within its limits."""
    kind = raw.__class__
    if kind is str:
        text = cast(str, raw).strip()
        if text.isascii() and len(text) <= MAX_DIGITS:
            if text.isdigit():
                if text[0] != "0" or len(text) == 1:
                    return int(text)
            else:
                whole, dot, part = text.partition(".")
                if dot and whole.isdigit() and part.isdigit() and (whole[0] != "0" or whole == "0"):
                    return norm(Fraction(int(whole + part), 10 ** len(part)))
    elif kind is Decimal:
        number = cast(Decimal, raw)
        # a whole number of at most MAX_DIGITS digits: within the limits whatever it is
        if (
            number.is_finite()
            and -1 < number.adjusted() < MAX_DIGITS
            and number == number.to_integral_value()
        ):
            return int(number)
    elif kind is float:
        real = cast(float, raw)
        if real.is_integer() and -_FLOAT_EXACT < real < _FLOAT_EXACT:
            return int(real)
    value = parse_number(raw)
    return None if value is None else norm(value)
