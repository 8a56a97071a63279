"""Exact arithmetic: every score is a :class:`~fractions.Fraction`, and how numbers are written.

Fractions (not Decimals) because proportional rules, weighted groups and N/A rescaling divide:
``1/3 + 1/3 + 1/3`` must be exactly ``1``, so a unit at the threshold is never refused by a
rounding artefact.  Rounding happens only where a rubric declares it (:func:`round_to`).

Numbers leave tiercert in two ways, each written by one function here:

- for people, :func:`display_number`: exact when the value has at most ``DISPLAY_PLACES``
  decimal places, otherwise cut to that many places *toward the decision* and marked with a
  trailing ``…`` (``79.999999999999…`` for a total just below 80, never ``80``);
- for programs, :func:`exact_number`: lossless text, a decimal numeral when the value has one
  and the reduced fraction ``p/q`` when it has none; :func:`read_exact_number` reads it back.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Literal

from ._i18n import Numeral, localized, msg

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)

#: decimal places shown at most: a value with more (or with no end, like 1/3) is cut there.
#: Rubric numbers have at most this many places, so a cut value never crosses a threshold.
DISPLAY_PLACES = 12

#: which way a value that cannot be shown exactly is cut: ``floor`` (never above the exact
#: value: scores, totals, percentages, shares) or ``ceiling`` (never below it: points needed)
Toward = Literal["floor", "ceiling"]

#: the mark after a value that is not shown exactly
CUT_MARK = "\u2026"


class RoundingMode(str, Enum):
    """How a value is rounded to a number of decimal places."""

    HALF_UP = "half_up"  # half away from zero: 0.5 -> 1, 12.5 -> 13
    HALF_EVEN = "half_even"  # banker's rounding: 0.5 -> 0, 1.5 -> 2
    DOWN = "down"  # towards zero: 6.67 -> 6
    UP = "up"  # away from zero: 6.01 -> 7


#: Decimal -> Fraction, remembered: a rubric repeats the same few numbers (0, 1, 2.5, 100)
#: thousands of times, and checking and compiling convert each several times
_FRACTIONS: dict[Decimal, Fraction] = {}


#: past this, a float's whole value holds binary digits no one wrote (2.0**53 + 2 is exact,
#: but 1.2345678901234567e25 is 12345678901234567167741952)
_FLOAT_WHOLE_EXACT = 2**53


def whole_float(value: float) -> int:
    """A whole ``value`` (``value.is_integer()``) as the whole number its text says: the
    shortest decimal text that reads back as it (what an XLSX cell or a JSON number held,
    ``1.2345678901234567e25``) written out, ``12345678901234567000000000``, never the binary
    value's noise.  Below 2**53 both are the same number."""
    if -_FLOAT_WHOLE_EXACT < value < _FLOAT_WHOLE_EXACT:
        return int(value)
    return int(Decimal(repr(value)))


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


def number_key(value: Fraction | Decimal | int | str | None) -> Any:
    """A number as a cheap dictionary key, (numerator, denominator): hashing a Fraction costs
    about a microsecond, ten times a pair of ints, and counters key several per unit.  Text
    (``"na"``) and None are their own keys."""
    if value is None or isinstance(value, str):
        return value
    value = to_fraction(value)
    return value.numerator, value.denominator


def never_across(
    exact: Fraction,
    shown: Fraction,
    at_least: Sequence[Fraction] = (),
    edges: Sequence[Fraction] = (),
) -> bool:
    """True when ``shown``, a number shown or written for ``exact`` (rounded, or a float),
    contradicts no decision made from ``exact``: it lies on the same side as ``exact`` of each
    number of ``at_least`` (compared with ``>=``: a tier's minimum) and of ``edges`` (compared
    any way: at least, above, below, equals; so never onto one either unless ``exact`` is
    it).  Both sorted; each found by bisection (a batch asks for every cell)."""
    if shown == exact:
        return True
    low, high = (shown, exact) if shown < exact else (exact, shown)
    at = bisect_right(at_least, low)  # one with low < minimum <= high: crossed
    if at < len(at_least) and at_least[at] <= high:
        return False
    at = bisect_left(edges, low)  # one with low <= edge <= high: crossed, or met
    return not (at < len(edges) and edges[at] <= high)


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


#: denominator -> (decimal places, factor to 10**places), or None without a finite decimal
#: form: results hold few distinct denominators (10, 4, 3...), written millions of times
_DENOMINATORS: dict[int, tuple[int, int] | None] = {}


def _finite(denominator: int) -> tuple[int, int] | None:
    """(places, 10**places // denominator) of a reduced fraction's denominator; None when the
    fraction has no finite decimal form (the denominator is not 2^a * 5^b)."""
    if denominator in _DENOMINATORS:
        return _DENOMINATORS[denominator]
    twos = (denominator & -denominator).bit_length() - 1
    rest = denominator >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    places = max(twos, fives)
    found = (places, 10**places // denominator) if rest == 1 else None
    if len(_DENOMINATORS) < 4096:
        _DENOMINATORS[denominator] = found
    return found


def _decimal_places(denominator: int) -> int | None:
    """Decimal places of a reduced fraction with this denominator; None when it has no end."""
    found = _finite(denominator)
    return found[0] if found is not None else None


def decimal_places(value: Fraction | Decimal | int) -> int | None:
    """How many decimal places ``value`` has (``2`` for 79.99, ``0`` for 80); None when its
    decimal form has no end (1/3)."""
    return _decimal_places(to_fraction(value).denominator)


def is_terminating(value: Fraction) -> bool:
    """True when ``value`` has a finite decimal expansion (its denominator is 2^a * 5^b)."""
    return _decimal_places(value.denominator) is not None


def _numeral(scaled: int, places: int) -> str:
    """The numeral of ``scaled / 10**places`` with exactly ``places`` decimal places."""
    if not places:
        return str(scaled)
    if scaled < 0:
        digits = str(-scaled).rjust(places + 1, "0")
        return f"-{digits[:-places]}.{digits[-places:]}"
    digits = str(scaled).rjust(places + 1, "0")
    return f"{digits[:-places]}.{digits[-places:]}"


#: what the two formatters take: exact numbers (a rubric's Decimals, counts, Fractions)
Exact = Fraction | Decimal | int


def exact_number(value: Exact) -> str:
    """``value`` as lossless text: ``"80"``, ``"79.99"``, ``"0.0001220703125"``, or the
    reduced fraction ``"1/3"`` when it has no finite decimal form.  Read it back with
    :func:`read_exact_number` (or Python's ``Fraction(text)``)."""
    if type(value) is not Fraction:
        value = to_fraction(value)
    return _exact_ratio(value.numerator, value.denominator)


def _exact_ratio(numerator: int, denominator: int) -> str:
    """:func:`exact_number` of the reduced fraction ``numerator / denominator``."""
    if denominator == 1:
        return str(numerator)
    found = _finite(denominator)
    if found is None:
        return f"{numerator}/{denominator}"
    # the fewest places: the last digit is not 0 (the numerator shares no factor with 10)
    places, factor = found
    return _numeral(numerator * factor, places)


_EXACT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?|-?[0-9]+/[0-9]*[1-9][0-9]*")


def read_exact_number(text: str) -> Fraction:
    """The number :func:`exact_number` wrote: a decimal numeral (``"79.99"``) or a fraction
    (``"2/3"``).  Raises :class:`~tiercert.DataError` (a ``ValueError``) for anything else:
    ``number.exact`` for text not written so (exponents, spaces, ``"1/0"``, a number that is
    no text), ``number.digits`` for more digits than Python reads an integer with
    (``sys.get_int_max_str_digits()``: 4,300 unless the program changed it)."""
    if not isinstance(text, str) or not _EXACT.fullmatch(text):
        raise _not_exact(
            "number.exact",
            msg(
                "expected a number written as results write them (79.99 or 2/3), got {value!r}",
                value=text,
            ),
        )
    try:
        return Fraction(text)
    except ValueError:  # more digits than int() reads: the only ValueError left
        limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
        raise _not_exact(
            "number.digits",
            msg(
                "the number has more digits than Python reads an integer with "
                "({max_digits:,}); write it with fewer digits",
                max_digits=limit,
            ),
        ) from None


def _not_exact(code: str, message: str) -> ValueError:
    """The :class:`~tiercert.DataError` of :func:`read_exact_number` (the errors module is
    imported only when a number is refused)."""
    from .errors import data_error

    return data_error(code, message, what="number")


def display_number(
    value: Exact, toward: Toward = "floor", places: int = DISPLAY_PLACES, *, lang: str = "en"
) -> str:
    """``value`` for people: exact when it has at most ``places`` decimal places (``"80"``,
    ``"79.99"``), otherwise cut to ``places`` toward ``toward`` and marked with ``…``:
    ``display_number(80 - Fraction(1, 3 * 10**12))`` is ``"79.999999999999…"``, never ``"80"``.

    ``floor`` never shows more than the value, ``ceiling`` never less; so a cut value compares
    with any number of at most ``places`` places as the exact value does (79.999999999999…
    is below 80; the points a unit still needs are never shown as 0).

    ``lang``: the reader's language, whose decimal mark is written (``85,1`` in Vietnamese;
    :func:`~tiercert._i18n.decimal_mark`); only the mark changes, never the digits.
    """
    text = _display(value, toward, places)
    if lang == "en":  # the messages' own language: no catalog to consult
        return text
    return localized(text, lang)


def number_words(value: Exact, toward: Toward = "floor") -> str:
    """:func:`display_number` of ``value`` for a message written later in any language (a
    rule, a condition, a tier's edges in ``explain``): a :class:`~tiercert._i18n.Numeral`,
    ``7.5`` in English and ``7,5`` in Vietnamese."""
    return Numeral(_display(value, toward, DISPLAY_PLACES))


def _display(value: Exact, toward: Toward, places: int) -> str:
    if type(value) is not Fraction:
        value = to_fraction(value)
    return ratio_text(value.numerator, value.denominator, toward, places)


def ratio_text(
    numerator: int, denominator: int, toward: Toward = "floor", places: int = DISPLAY_PLACES
) -> str:
    """:func:`display_number` (in English) of the reduced fraction ``numerator /
    denominator`` (``denominator`` > 0, no factor in common), made from the two integers: a
    caller that has them (a row's total, kept scaled) need not build a Fraction."""
    found = _finite(denominator)
    if found is not None and found[0] <= places:
        return _exact_ratio(numerator, denominator)
    scaled = (numerator * 10**places) // denominator  # floor, also below zero; never exact
    if toward == "ceiling":
        scaled += 1
    elif toward != "floor":
        assert_never(toward)
    text = _numeral(scaled, places)
    if scaled == 0 and numerator < 0:
        text = "-" + text  # a negative value cut up to zero keeps its sign
    return text + CUT_MARK
