"""Scaled numbers: what every generated scorer of one scale computes with, and the shortcuts
by which it reads numbers (that agree with the one rule every reader follows).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from math import gcd
from typing import Any, cast

from tiercert._literals import MAX_DIGITS, MAX_PLACES, decimal_fits, parse_number
from tiercert._numbers import (
    CUT_MARK,
    DISPLAY_PLACES,
    RoundingMode,
    Toward,
    _numeral,
    display_number,
)


class Fallback(Exception):
    """The fast path cannot vouch for this input: the reference evaluator decides."""


class Unsupported(Exception):
    """The plan uses something the generator does not know: use the reference evaluator."""


class _Marker:
    """A value that stands for itself (``<missing>``), pickled by its name in this module: the
    same object in every process (``batch --jobs`` sends row scores between processes)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"<{self._name.lower()}>"

    def __reduce__(self) -> str:
        return self._name


#: an answer or fact that was not given
MISSING: Any = _Marker("MISSING")
#: the score of a criterion answered N/A and removed from its parent's maximum
EXCLUDED: Any = _Marker("EXCLUDED")

Scaled = int | Fraction
#: a memo of points: answer (or a Decimal's text) -> scaled points
Memo = dict[object, Scaled]


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
        #: a value with more places than are shown has digits past the last place shown:
        #: not whole in these units (0: the scale has no more places than are shown)
        self._past: int = 10 ** (places - DISPLAY_PLACES) if places > DISPLAY_PLACES else 0
        #: the places of values met (scaled, below the scale) that are shown exactly -> their
        #: text (``".5"``) and their natural value reduced (numerator, denominator):
        #: a sheet's totals, gaps and scores share few of them (bounded)
        self._parts: dict[int, tuple[str, int, int]] = {}
        #: a tier's minimum -> its whole part and places (see _gap): a rubric has few
        self._splits: dict[int, tuple[int, int]] = {}
        #: the places of totals met (scaled, below the scale, 0 too) -> what :meth:`amount`
        #: makes of them (see :meth:`_tail`): a sheet's new totals share few (bounded)
        self._tails: dict[int, tuple[str, int, int, str | None]] = {}
        #: the natural values already made, by scaled integer (read directly by generated code)
        self.naturals: dict[int, Fraction] = {}
        #: the points of answers met before (text, floats, Decimals by their text), by
        #: criterion
        self._points: dict[str, tuple[Memo, Memo, Memo]] = {}

    def _memos(self, leaf_id: str) -> tuple[Memo, Memo, Memo]:
        found = self._points.get(leaf_id)
        if found is None:
            found = self._points[leaf_id] = ({}, {}, {})
        return found

    def points_memos(self, leaf_id: str) -> tuple[Memo, Memo]:
        """The memos of points of a criterion (answer -> scaled points; text, then floats),
        filled by generated code once it has scored an answer itself (up to
        :func:`points_bound` entries each, short texts only: see :func:`small`): a pure
        function of the answer, for the scorers of one evaluator.  Decimals have their own
        (:meth:`decimal_memo`)."""
        texts, floats, _ = self._memos(leaf_id)
        return texts, floats

    def decimal_memo(self, leaf_id: str) -> Memo:
        """The memo of points of a criterion's Decimal answers, by the Decimal's text
        (``str(raw)`` says its places: ``Decimal("12.000")`` equals ``Decimal("12")`` but may
        be refused; and a new Decimal's text costs less than its hash: see
        ``Generator.decimal_key``)."""
        return self._memos(leaf_id)[2]

    def forget(self) -> None:
        """Empty the memos of points (answers are then met as for the first time)."""
        for memos in self._points.values():
            for memo in memos:
                memo.clear()

    def scaled(self, value: Fraction) -> Scaled:
        return norm(value * self.scale)

    def natural(self, value: Scaled) -> Fraction:
        """The value a result holds: the exact Fraction of a scaled value (remembered for
        integers, which repeat)."""
        if type(value) is not int:
            # the Fraction made from its two integers (dividing goes through the numbers ABCs)
            exact = cast(Fraction, value)
            return Fraction(exact.numerator, exact.denominator * self.scale)
        found = self.naturals.get(value)
        if found is None:
            found = Fraction(value, self.scale)
            if len(self.naturals) < 4096:
                self.naturals[value] = found
        return found

    def text(self, value: Scaled, toward: Toward = "floor") -> str:
        """:func:`~tiercert._numbers.display_number` of the natural value (``"79.5"``,
        ``"80"``; where it has more than ``DISPLAY_PLACES`` places, cut toward ``toward``
        and marked), made from a scaled integer by integer division: the whole part's
        digits and the places' text, remembered (:meth:`_part`); no Fraction, no search
        through digits."""
        if type(value) is not int:
            return display_number(self.natural(value), toward)
        if value < 0:
            if self._past and value % self._past:
                return self._cut(value, toward)
            return "-" + self.text(-value)  # shown exactly: the magnitude's text
        whole, part = divmod(value, self.scale)
        shown = _WHOLES[whole] if whole < _WHOLES_COUNT else str(whole)
        if not part:
            return shown
        found = self._parts.get(part)
        if found is None:
            past = self._past
            if past:
                units, rest = divmod(part, past)
                if rest:  # more places than are shown: cut (see _cut), no Fraction
                    if toward == "ceiling":
                        units += 1
                        if units == _UNIT:  # cut up to the next whole number
                            return self._cut(value, toward)
                    return f"{shown}.{str(units).rjust(DISPLAY_PLACES, '0')}{CUT_MARK}"
            found = self._part(part)
        return shown + found[0]

    def amount(self, value: int, least: int | None = None) -> tuple[str, int, int, str]:
        """:meth:`text` of a scaled integer (cut down where it has more places than are
        shown), its natural value reduced, and the text of what it lacks for ``least``
        (:meth:`text` of ``least - value`` cut up, ``"0"`` when nothing; ``""`` without
        ``least``), as (text, numerator, denominator, lacking): from one division of the
        value and what its places make (:meth:`_tail`, remembered: the places' text cut
        down, their ratio reduced, and the places of the gap up to the next whole number
        cut up), no gcd of the whole value; for a whole ``least`` (a tier's minimum at the
        scale), what it lacks is the whole numbers' difference and the remembered gap's
        places, without a second division."""
        if value < 0:  # (a penalty below zero: rare)
            common = gcd(value, self.scale)
            lacking = "" if least is None else self._lacking(least, value)
            return self.text(value), value // common, self.scale // common, lacking
        whole, part = divmod(value, self.scale)
        found = self._tails.get(part)
        if found is None:
            found = self._tail(part)
        tail, numerator, denominator, gap = found
        shown = _WHOLES[whole] if whole < _WHOLES_COUNT else str(whole)
        if least is None:
            lacking = ""
        elif least <= value:
            lacking = "0"
        else:
            split = self._splits.get(least)
            if split is None:
                split = self._split(least)
            if split[1] or gap is None:  # a minimum with places, or the gap cut up to a whole
                lacking = self._gap(least, whole, part)
            else:  # least - value = (its whole - whole - 1) + (1 - places)
                rest = split[0] - whole - 1 if part else split[0] - whole
                lacking = (_WHOLES[rest] if rest < _WHOLES_COUNT else str(rest)) + gap
        return shown + tail, whole * denominator + numerator, denominator, lacking

    def _tail(self, part: int) -> tuple[str, int, int, str | None]:
        """What the places ``part / scale`` (0 <= ``part`` < scale) make of a total in
        :meth:`amount`: their text cut down (``".5"``, ``".333333333333…"``, ``""`` for
        none), their ratio reduced (numerator, denominator), and the text of the places
        ``1 - part / scale`` cut up (``""`` for none; None when cut up they make a whole
        number: :meth:`_gap` then), remembered."""
        if not part:
            found: tuple[str, int, int, str | None] = ("", 0, 1, "")
        else:
            scale, past = self.scale, self._past
            complement = scale - part
            if past and part % past:  # more places than are shown: cut (see text, _gap)
                common = gcd(part, scale)
                units = complement // past + 1
                found = (
                    f".{str(part // past).rjust(DISPLAY_PLACES, '0')}{CUT_MARK}",
                    part // common,
                    scale // common,
                    None
                    if units == _UNIT
                    else f".{str(units).rjust(DISPLAY_PLACES, '0')}{CUT_MARK}",
                )
            else:  # the complement has as many places as the part: shown exactly too
                # (the places' texts and ratio as text and _gap remember them)
                parts = self._parts
                exact = parts.get(part) or self._part(part)
                gap = parts.get(complement) or self._part(complement)
                found = (*exact, gap[0])
        if len(self._tails) < _PARTS_BOUND:
            self._tails[part] = found
        return found

    def kept_texts(self, kept: dict[Any, str], bound: int) -> Callable[[Any], str]:
        """``text(score)``: a score's cell text as ``RowScorer.text`` gives it (``"na"`` for
        ``EXCLUDED``, else :meth:`text`), kept in ``kept`` while it holds fewer than
        ``bound``: in one call for a whole score at or above zero whose places were met
        before (the text of places cut down that :meth:`_tail` or :meth:`_part` remembers),
        for a row loop's scores met anew."""
        scale, tails, parts = self.scale, self._tails, self._parts
        text_of = self.text

        def text(score: Any) -> str:
            if type(score) is int and score >= 0:
                whole, part = divmod(score, scale)
                # places met before in a total (cut or not) or a text shown exactly
                found = tails.get(part) or parts.get(part)
                if found is not None:
                    shown = (_WHOLES[whole] if whole < _WHOLES_COUNT else str(whole)) + found[0]
                else:  # (a cut's text is not remembered: its places seldom come again)
                    shown = text_of(score)
            else:
                shown = "na" if score is EXCLUDED else text_of(score)
            if len(kept) < bound:
                kept[score] = shown
            return shown

        return text

    def _split(self, least: int) -> tuple[int, int]:
        """A tier's minimum as its whole part and places (by the scale), remembered."""
        split = divmod(least, self.scale)
        if len(self._splits) < _SPLITS_BOUND:
            self._splits[least] = split
        return split

    def _lacking(self, least: int, value: int) -> str:
        """The text of what ``value`` lacks for ``least``: cut up, ``"0"`` when nothing."""
        return self.text(least - value, "ceiling") if least > value else "0"

    def _gap(self, least: int, whole: int, part: int) -> str:
        """:meth:`_lacking` of a value of ``whole`` and ``part`` (its division by the scale)
        below ``least``, from the two parts of each (the minimum's remembered): the gap's
        whole part and places by a subtraction, not a division."""
        split = self._splits.get(least)
        if split is None:
            split = self._split(least)
        whole = split[0] - whole
        part = split[1] - part
        if part < 0:
            part += self.scale
            whole -= 1
        shown = _WHOLES[whole] if whole < _WHOLES_COUNT else str(whole)
        if not part:
            return shown
        found = self._parts.get(part)
        if found is None:
            past = self._past
            if past:
                units, rest = divmod(part, past)
                if rest:  # more places than are shown: cut up (see _cut)
                    units += 1
                    if units == _UNIT:  # up to the next whole number
                        return self._cut(whole * self.scale + part, "ceiling")
                    return f"{shown}.{str(units).rjust(DISPLAY_PLACES, '0')}{CUT_MARK}"
            found = self._part(part)
        return shown + found[0]

    def _part(self, part: int) -> tuple[str, int, int]:
        """The text of the places ``part / scale`` (0 < ``part`` < scale, at most
        ``DISPLAY_PLACES`` places: ``".5"``) and their ratio reduced, remembered."""
        tail = "." + str(part).rjust(self.places, "0").rstrip("0")
        common = gcd(part, self.scale)
        found = (tail, part // common, self.scale // common)
        if len(self._parts) < _PARTS_BOUND:
            self._parts[part] = found
        return found

    def _cut(self, value: int, toward: Toward) -> str:
        """The text of a scaled integer with more places than are shown: cut to
        ``DISPLAY_PLACES`` toward ``toward`` and marked, as ``display_number`` cuts (the
        same integer: ``value * 10**DISPLAY_PLACES // scale``, plus one for ``ceiling``,
        never exact)."""
        units = value // self._past
        if toward == "ceiling":
            units += 1
        text = _numeral(units, DISPLAY_PLACES)
        if not units and value < 0:
            text = "-" + text  # a negative value cut up to zero keeps its sign
        return text + CUT_MARK

    def round(self, value: Scaled, places: int, mode: RoundingMode) -> Scaled:
        """Exactly :func:`tiercert._numbers.round_to` on the natural value, kept scaled: on
        the value's two integers, without a Fraction's arithmetic (a ``Fraction`` score, an
        answer of more places than the scale, is rounded as often as a whole one)."""
        shift = self.places - places
        power: int = 10 ** abs(shift)
        if type(value) is int:
            if shift <= 0:
                return value
            number, unit = value, power
        else:  # the natural value times 10**places is number / unit (not reduced)
            exact = cast(Fraction, value)
            number, unit = exact.numerator, exact.denominator
            if shift >= 0:
                unit *= power
            else:
                number *= power
        rounded = _rounded(number, unit, mode)  # in units of 10**-places
        if shift >= 0:
            return rounded * power
        return norm(Fraction(rounded, power))

    def round_ratio(self, number: int, unit: int, places: int, mode: RoundingMode) -> int:
        """:meth:`round` of the scaled value ``number / unit`` (``unit`` > 0) to ``places`` of
        at most the scale's places, from the two integers: a group's share that is not whole
        (``scaled``, or rescaled after N/A) is rounded without making its ``Fraction``.  The
        result is whole in scaled units; the same integers as :meth:`round` of
        ``Fraction(number, unit)`` (rounding ``number / unit`` does not depend on the ratio
        being reduced: the quotient and whether twice the rest passes the unit do not)."""
        power: int = 10 ** (self.places - places)
        return _rounded(number, unit * power, mode) * power


#: the texts of the first whole numbers (``str`` of a small int costs as much as a division)
_WHOLES_COUNT = 256
_WHOLES = tuple(str(whole) for whole in range(_WHOLES_COUNT))
#: one whole in units of the last place shown
_UNIT = 10**DISPLAY_PLACES
#: tiers' minimums remembered by each :class:`Numbers` at most (see ``Numbers._gap``)
_SPLITS_BOUND = 64
#: places remembered by each :class:`Numbers` at most (see ``Numbers._parts``)
_PARTS_BOUND = 2048


def _rounded(number: int, unit: int, mode: RoundingMode) -> int:
    """The integer ``number / unit`` (``unit`` > 0) rounds to as ``mode`` says (half away
    from zero for ``HALF_UP``, on the magnitude: :func:`tiercert._numbers.round_to`)."""
    negative = number < 0
    magnitude = -number if negative else number
    whole, rest = divmod(magnitude, unit)
    if rest:
        twice = 2 * rest
        if (
            mode is RoundingMode.UP
            or (mode is RoundingMode.HALF_UP and twice >= unit)
            or (mode is RoundingMode.HALF_EVEN and (twice > unit or (twice == unit and whole % 2)))
        ):
            whole += 1
    return -whole if negative else whole


#: answers each memo of points of one criterion keeps at most (texts, floats, Decimals)
POINTS_BOUND = 4096
#: answers all the memos of points of one evaluator keep at most (about 100 bytes each)
POINTS_BUDGET = 131_072


def points_bound(criteria: int) -> int:
    """The entries each memo of points keeps at most (three per criterion) for a rubric of
    ``criteria`` answered criteria: :data:`POINTS_BOUND`, less when the rubric is so large
    that its memos together would pass :data:`POINTS_BUDGET` (a rubric of thousands of
    criteria met with ever new answers stays within a few MB).  The generated code compares
    a memo's length with it before adding to it: a bound fixed when the code is written
    costs one comparison, where a count over every memo cost a call per answer."""
    return max(1, min(POINTS_BOUND, POINTS_BUDGET // max(1, 3 * criteria)))


#: the generated code's mark of an answer whose points came from a memo (nothing to read)
HIT: Any = type("_Hit", (), {"__slots__": (), "__repr__": lambda self: "<points known>"})()


#: conversions of whole numbers (answers such as a count of 3)
WHOLE = Numbers(0)

_FLOAT_EXACT = 2.0**53


def read_number(raw: object) -> Scaled | None:
    """:func:`~tiercert._literals.parse_number`, normalised, with exact shortcuts for whole
    numbers written as text (``"85"``, from a CSV file), Decimals (from YAML) or floats, and
    for plain decimals written as text (``"79.5"``).  Each shortcut takes only what the rule
    accepts: digits 0-9, no leading zero, and few enough of them to be within its limits."""
    kind = raw.__class__
    # isinstance narrows for the type checker where typing.cast would cost a call; kind is
    # the exact class: no subclass takes a shortcut
    if kind is str and isinstance(raw, str):
        text = raw.strip()
        if text.isascii() and len(text) <= MAX_DIGITS:
            if text.isdigit():
                if text[0] != "0" or len(text) == 1:
                    return int(text)
            else:
                whole, dot, part = text.partition(".")
                if dot and whole.isdigit() and part.isdigit() and (whole[0] != "0" or whole == "0"):
                    # without its trailing zeros, a tail of places is never a whole number
                    # (its last digit is not 0): the Fraction as it is, or the int
                    part = part.rstrip("0")
                    if not part:
                        return int(whole)
                    return Fraction(int(whole + part), 10 ** len(part))
    elif kind is Decimal and isinstance(raw, Decimal):
        # a whole number of at most MAX_DIGITS digits: within the limits whatever it is
        if raw.is_finite() and -1 < raw.adjusted() < MAX_DIGITS and raw == raw.to_integral_value():
            return int(raw)
    elif kind is float and isinstance(raw, float):
        if raw.is_integer() and -_FLOAT_EXACT < raw < _FLOAT_EXACT:
            return int(raw)
        # the decimal its repr writes (what parse_number reads), built from the repr's digits
        # without a pattern or a Decimal: a repr without an exponent (1e-4 <= |raw| < 1e16)
        # has at most 17 significant digits, well within the limits
        text = repr(raw)
        if "e" not in text and "n" not in text:  # nan and inf go the usual way
            whole, _, part = text.partition(".")
            # part has digits (repr writes 1e16 and beyond with an exponent); without its
            # trailing zeros, a tail of places is never a whole number (as for text above)
            part = part.rstrip("0")
            if not part:
                return int(whole)
            return Fraction(int(whole + part), 10 ** len(part))
    value = parse_number(raw)
    return None if value is None else norm(value)


# --- numbers compared as floats, exactly -------------------------------------------------------
#
# A rule that only compares its answer with constants (a band's edges, a range's bounds, a linear
# rule's anchors) may compare the nearest float instead of the exact number: rounding to the
# nearest float is monotonic (v <= e implies fl(v) <= fl(e)), so when fl(v) differs from fl(e),
# fl(v) < fl(e) implies v < e, and fl(v) > fl(e) implies v > e; and a float x below fl(e) is
# below e itself (e lies within half a unit of fl(e)), so x compares with e as v does whatever
# e's own type.  Only an answer whose float equals the float of one of the constants compared
# needs the exact number: the generated code passes those floats (``critical``) and gets the
# exact number back for such an answer.  A float answer means the decimal of its repr, whose
# nearest float is the float itself.


class _Images(dict[object, "float | object"]):
    """The memo of images (:data:`IMAGES`): ``IMAGES[raw]`` of a text or Decimal not in it
    reads it (:func:`image`) in one call, for generated code, and gives ``UNKEPT`` for one
    too long to be kept (then read through :func:`read_compared`, and its points are not
    remembered either)."""

    __slots__ = ()

    def __missing__(self, raw: str | Decimal) -> float | object:
        # small(raw), without a call for text
        if len(raw) > _KEPT_LENGTH if raw.__class__ is str else not small(raw):
            return UNKEPT
        x = image_of(raw)
        if len(self) < IMAGES_BOUND:
            self[raw] = x
        return x


class _Passing(dict[object, "float | object"]):
    """:data:`IMAGES` for row scorers (:data:`PASSING`): reads a text or Decimal as
    ``IMAGES[raw]`` does, without keeping it: a row scorer's memos keep what each cell scores
    (boundedly), and a cell they do not keep is not kept here either, so the memory a batch
    takes stops growing with its first few thousand rows."""

    __slots__ = ()

    def __missing__(self, raw: str | Decimal) -> float | object:
        if len(raw) > _KEPT_LENGTH if raw.__class__ is str else not small(raw):
            return UNKEPT
        return image_of(raw)


#: text or Decimal -> the nearest float of the number it reads as, or _REFUSED; bounded
IMAGES: dict[object, float | object] = _Images()
#: ``IMAGES`` for row scorers, which keeps nothing (see :class:`_Passing`)
PASSING: dict[object, float | object] = _Passing()
IMAGES_BOUND = 16_384
#: what ``IMAGES[raw]`` gives for a text or Decimal too long to be kept (not a float)
UNKEPT: object = type("_Unkept", (), {"__slots__": (), "__repr__": lambda self: "<too long>"})()
#: the longest text (or Decimal coefficient) kept: a number within the limits is far shorter,
#: and a memo of 16,384 entries must stay small whatever answers it is given
_KEPT_LENGTH = 256
#: the longest Decimal text a memo of points keeps (generated code compares with it)
KEPT_LENGTH = _KEPT_LENGTH


def small(raw: str | Decimal) -> bool:
    """Whether a memo may keep the text or Decimal ``raw`` (a number within the limits is
    far shorter than what is refused: a memo must stay small whatever it is given)."""
    if isinstance(raw, str):
        return len(raw) <= _KEPT_LENGTH
    # its text holds every digit of its coefficient: a short text is a short coefficient
    return len(str(raw)) <= _KEPT_LENGTH or len(raw.as_tuple().digits) <= _KEPT_LENGTH


_REFUSED = object()
_UNSEEN: Any = object()  # not in a memo yet
#: text or Decimal -> the exact number it reads as (None: refused), for answers on an edge
EXACTS: dict[object, Scaled | None] = {}
#: floats within these magnitudes are within the limits on digits and places (a repr has at
#: most 17 significant digits, and its first one is within 99 places of the point)
_TINY, _HUGE = 1e-99, 1e99


def image(raw: str | Decimal) -> float | object:
    """The nearest float of the number text or a Decimal reads as, or ``_REFUSED``;
    remembered (in :data:`IMAGES`, while there is room) when ``raw`` is short."""
    x = image_of(raw)
    if len(IMAGES) < IMAGES_BOUND and small(raw):
        IMAGES[raw] = x
    return x


def _decimal_within(number: Decimal, text: str) -> bool:
    """``parse_number``'s rule for a finite Decimal whose ``str`` is ``text``: within the
    limits, without building a Fraction; its text has every digit of its coefficient, so a
    short text is few enough digits (else the full count, :func:`decimal_fits`)."""
    return (
        len(text) <= MAX_DIGITS and -MAX_PLACES <= number.adjusted() <= MAX_PLACES
    ) or decimal_fits(number)


def image_of(raw: str | Decimal) -> float | object:
    """:func:`image`, not remembered."""
    x: float | object = _REFUSED
    if isinstance(raw, str):  # (the callers take str and Decimal themselves, no subclass)
        text = raw.strip()
        whole, dot, part = text.partition(".")
        if (
            text.isascii()
            and len(text) <= MAX_DIGITS
            and whole.isdigit()
            and (part.isdigit() or not dot)
            and (whole[0] != "0" or whole == "0")
        ):
            x = float(text)  # correctly rounded: the nearest float of that decimal
        else:
            value = parse_number(raw)
            if value is not None:
                x = float(value)
    elif isinstance(raw, Decimal):
        if raw.is_finite():
            text = str(raw)
            if _decimal_within(raw, text):
                x = float(text)  # correctly rounded: the nearest float of that decimal
    else:
        value = parse_number(raw)
        if value is not None:
            x = float(value)  # int / int: correctly rounded
    return x


def edge_floats(edges: list[Fraction]) -> dict[float, Scaled | None]:
    """The floats of the constants a rule compares its answer with (``critical``), each
    with the exact number a float answer equal to it means, when that is the constant itself
    (the repr of the constant's float writes the constant: any constant of at most 15
    significant digits), else None (the answer is then read exactly)."""
    out: dict[float, Scaled | None] = {}
    for edge in edges:
        x = float(edge)
        same = Fraction(repr(x)) == edge and out.get(x, edge) == edge
        out[x] = norm(edge) if same else None
    return out


def edge_sides(edges: list[Fraction]) -> dict[float, Fraction]:
    """The constants a rule compares its answer with, by their floats, where no other
    constant has the same float (see :func:`read_compared`)."""
    by_float: dict[float, Fraction | None] = {}
    for edge in edges:
        x = float(edge)
        by_float[x] = edge if by_float.get(x, edge) == edge else None
    return {x: edge for x, edge in by_float.items() if edge is not None}


def read_compared(
    raw: object,
    critical: Mapping[float, Scaled | None],
    sides: Mapping[float, Fraction] | None = None,
) -> Scaled | float | None:
    """:func:`read_number` for a rule that only compares its answer (see above): a float
    where comparing it is exact, else the exact number (or None, refused).

    With ``sides`` (:func:`edge_sides` of the same constants), an answer whose float is a
    constant's but whose exact number has more places than a whole one
    (``49.99999999999999999999`` beside an edge of 50) is a float too: the float next to
    the edge's float on the answer's side, when no constant has that float (else the exact
    number).  It compares with the edge as the answer does (below the edge's float, so
    below the edge: it lies within half a unit of its float); and with every other
    constant as the answer's float does, which decides exactly since that float is not
    theirs (no constant's float lies between the two neighbours).  One comparison with the
    edge instead of a Fraction's comparison with every constant."""
    kind = raw.__class__
    if kind is float:
        real = cast(float, raw)
        if _TINY < real < _HUGE or -_HUGE < real < -_TINY:
            found = critical.get(real, real)
            if found is not None:
                return found
            if sides is not None:
                return beside(read_remembered(raw), real, critical, sides)
    elif kind is str or kind is Decimal:
        try:
            x = IMAGES.get(raw)
        except TypeError:  # a signalling NaN cannot be hashed
            return read_number(raw)
        if x is None:
            x = image(cast("str | Decimal", raw))
        if x is not _REFUSED and x not in critical:
            return cast(float, x)
        # on an edge (or refused): the exact number (answers on an edge repeat)
        exact = read_remembered(raw)
        if sides is not None and x is not _REFUSED:
            return beside(exact, cast(float, x), critical, sides)
        return exact
    return read_number(raw)


def beside(
    exact: Scaled | None,
    x: float,
    critical: Mapping[float, Scaled | None],
    sides: Mapping[float, Fraction],
) -> Scaled | float | None:
    """The number to compare for an answer read as ``exact`` whose float ``x`` is that of a
    constant (see :func:`read_compared`): ``exact`` itself when it is whole (an int
    compares fast), on the edge, or the edge shares its float or its neighbour's with
    another constant; else the float next to ``x`` on the answer's side."""
    if exact.__class__ is not Fraction:
        return exact
    edge = sides.get(x)
    if edge is None:
        return exact
    # the sign of exact - edge, with the two pairs of integers (no Fraction arithmetic)
    side = exact.numerator * edge.denominator - edge.numerator * exact.denominator
    if not side:
        return exact
    near = math.nextafter(x, math.inf if side > 0 else -math.inf)
    if near in critical or not math.isfinite(near):
        return exact
    return near


#: float -> the exact number it reads as (None: refused), apart from EXACTS: a float equal to
#: a Decimal may read otherwise (0.1 means the decimal of its repr, not its binary value)
FLOATS: dict[float, Scaled | None] = {}


def read_remembered(raw: object) -> Scaled | None:
    """:func:`read_number`, remembered for text, Decimals (equal Decimals read alike) and
    floats."""
    kind = raw.__class__
    if kind is float:
        try:
            return FLOATS[raw]  # type: ignore[index]
        except KeyError:
            exact = read_number(raw)
            if len(FLOATS) < IMAGES_BOUND:
                FLOATS[raw] = exact  # type: ignore[index]
            return exact
    if kind is str or kind is Decimal:
        try:
            found: Scaled | None = EXACTS.get(raw, _UNSEEN)
        except TypeError:  # a signalling NaN cannot be hashed
            return read_number(raw)
        if found is not _UNSEEN:
            return found
        exact = read_number(raw)
        if len(EXACTS) < IMAGES_BOUND and small(raw):  # type: ignore[arg-type]
            EXACTS[raw] = exact
        return exact
    return read_number(raw)


#: a Decimal's text -> the exact number it reads as (None: refused), for Decimals read exactly
#: again (on an edge, or handed to a finer scorer before their points were kept): apart from
#: EXACTS, which is keyed by the answer (a Decimal there pays its hash); bounded as it is
DECIMAL_EXACTS: dict[str, Scaled | None] = {}


def read_decimal(raw: Decimal, text: str | None = None) -> Scaled | None:
    """:func:`read_number` of a Decimal (of the class itself), without its hash: a Decimal
    read from a file is a new object each time, and its hash, computed on first use, costs
    several times its text (a modular power for one with places), so no memo keyed by the
    Decimal is looked up (``parse_number`` keeps one).  The same rule: finite, and within
    the limits (:func:`~tiercert._literals.decimal_fits`; a short text, ``text`` or its
    ``str``, has few enough digits).  Remembered by the text (:data:`DECIMAL_EXACTS`: two
    Decimals of one text are one sign, coefficient and exponent); the exact number from its
    two integers, not through ``Fraction(raw)`` (which tests the numbers ABCs)."""
    if text is None:
        text = str(raw)
    found: Scaled | None = DECIMAL_EXACTS.get(text, _UNSEEN)
    if found is not _UNSEEN:
        return found
    exact: Scaled | None = None
    if raw.is_finite():
        adjusted = raw.adjusted()
        if -1 < adjusted < MAX_DIGITS and raw == raw.to_integral_value():
            exact = int(raw)  # a whole number of at most MAX_DIGITS digits: within the limits
        elif _decimal_within(raw, text):
            top, bottom = raw.as_integer_ratio()  # in lowest terms
            exact = top if bottom == 1 else Fraction(top, bottom)
    if len(text) <= _KEPT_LENGTH and len(DECIMAL_EXACTS) < IMAGES_BOUND:
        DECIMAL_EXACTS[text] = exact
    return exact


def compare_decimal(
    raw: Decimal,
    text: str,
    critical: Mapping[float, Scaled | None],
    sides: Mapping[float, Fraction] | None = None,
) -> Scaled | float | None:
    """:func:`read_compared` of a Decimal (of the class itself) whose text (``str``) is
    ``text``, without its hash (see :func:`read_decimal`): the nearest float of its number
    where comparing that is exact, else the exact number (None: refused).  The generated
    code remembers the points by ``text`` (see ``Generator.decimal_key``), so nothing here
    is remembered: :data:`IMAGES` and :data:`EXACTS`, keyed by the Decimal, would hash it."""
    x: float | object = _REFUSED
    if raw.is_finite() and _decimal_within(raw, text):
        x = float(text)  # correctly rounded: the nearest float of that decimal
        if x not in critical:
            return x
    exact = read_decimal(raw, text)
    if sides is not None and x is not _REFUSED:
        return beside(exact, cast(float, x), critical, sides)
    return exact


def float_image(value: Fraction) -> float | None:
    """The nearest float of a constant, or None when it has none (too large)."""
    try:
        return float(value)
    except OverflowError:
        return None
