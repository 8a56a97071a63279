"""What the numbers written in a comparison let pass, as ``check`` judges it before any unit:
operators that contradict one another (nothing passes them together), and a comparison every
number of a range passes or none does.

Only the numbers the rubric writes are judged: a fact's value (``at_least: {fact: avg}``) is
known for a unit alone, and a text or true/false compared with a number is told by the checks
of values (:func:`~tiercert.conditions._compare.values_fit`, ``numeric_only``).  The passing
numbers of a comparison are an interval (its order operators: an intersection of half-lines,
empty exactly when two of them are disjoint), less a ``not_equals`` point, or a finite set
(``equals``, ``in``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from tiercert._numbers import to_fraction

if TYPE_CHECKING:
    from tiercert.conditions._compare import Comparison

#: the order operators giving a lower bound, and an upper one
_LOWER = ("at_least", "above")
_UPPER = ("at_most", "below")


def number(value: object) -> Fraction | None:
    """A number written in the rubric (not text, true/false, nor a fact's value), exact."""
    if isinstance(value, Decimal | int | Fraction) and not isinstance(value, bool):
        return to_fraction(value)
    return None


def _bounds(c: Comparison) -> list[tuple[str, Fraction]]:
    """The order operators of ``c`` whose value the rubric writes, with that value."""
    found = []
    for name in (*_LOWER, *_UPPER):
        value = number(getattr(c, name))
        if value is not None:
            found.append((name, value))
    return found


def _passes_bound(name: str, bound: Fraction, x: Fraction) -> bool:
    if name == "at_least":
        return x >= bound
    if name == "above":
        return x > bound
    if name == "at_most":
        return x <= bound
    return x < bound  # below


def contradiction(c: Comparison) -> tuple[str, ...] | None:
    """The operators of ``c`` that no number passes together (``("at_least", "at_most")`` for
    ``at_least: 80, at_most: 40``), None when some number passes them all, or when the
    comparison names a value that is no number (told by the checks of values)."""
    if isinstance(c.equals, str | bool) or any(isinstance(v, str | bool) for v in c.in_ or []):
        return None
    bounds = _bounds(c)
    for low_name, low in bounds:
        for high_name, high in bounds:
            if low_name not in _LOWER or high_name not in _UPPER:
                continue
            if low > high or (low == high and (low_name == "above" or high_name == "below")):
                return (low_name, high_name)
    avoided = number(c.not_equals)
    equals = number(c.equals)
    listed = [number(v) for v in c.in_ or []]
    if equals is not None:
        for name, bound in bounds:
            if not _passes_bound(name, bound, equals):
                return ("equals", name)
        if avoided is not None and avoided == equals:
            return ("equals", "not_equals")
        if c.in_ and equals not in listed:
            return ("equals", "in")
        return None
    if c.in_:
        others = [name for name, _ in bounds] + (["not_equals"] if avoided is not None else [])
        if all(
            v is None
            or (avoided is not None and v == avoided)
            or not all(_passes_bound(name, bound, v) for name, bound in bounds)
            for v in listed
        ):
            return ("in", *others) if others else None
        return None
    # the interval is one point, which not_equals takes away
    if avoided is not None:
        lows = {name for name, bound in bounds if name == "at_least" and bound == avoided}
        highs = {name for name, bound in bounds if name == "at_most" and bound == avoided}
        if lows and highs:
            return ("at_least", "at_most", "not_equals")
    return None


def never_in(c: Comparison, low: Fraction | None, high: Fraction | None) -> bool:
    """Whether no number from ``low`` to ``high`` (None: open) passes ``c``.  A comparison
    naming a value that is no number (``equals: na``: an answer N/A matches it) is not
    judged, nor is a fact's value (known for a unit only)."""
    if isinstance(c.equals, str | bool) or any(isinstance(v, str | bool) for v in c.in_ or []):
        return False
    bounds = _bounds(c)
    if low is not None:
        bounds.append(("at_least", low))
    if high is not None:
        bounds.append(("at_most", high))
    avoided = number(c.not_equals)
    if c.equals is not None or c.in_ is not None:
        candidates = [number(c.equals)] if c.equals is not None else []
        if c.in_ is not None:
            listed = [number(v) for v in c.in_]
            candidates = [v for v in candidates if v in listed] if c.equals is not None else listed
        return not any(
            v is not None
            and v != avoided
            and all(_passes_bound(name, bound, v) for name, bound in bounds)
            for v in candidates
        )
    for low_name, least in bounds:
        for high_name, most in bounds:
            if low_name in _LOWER and high_name in _UPPER:
                if least > most or (
                    least == most and (low_name == "above" or high_name == "below")
                ):
                    return True
                if least == most and avoided == least:
                    return True  # the one number left is the one not_equals takes away
    return False


def always_in(c: Comparison, low: Fraction | None, high: Fraction | None) -> bool:
    """Whether every number from ``low`` to ``high`` (None: open) passes ``c``: its order
    operators reach beyond the range, no ``equals`` or ``in`` (a range of more than one
    number), no ``not_equals`` inside it, and no fact's value compared with (known for a
    unit only).  A range open at the end an operator bounds says nothing."""
    if low is not None and high is not None and low == high:
        return False  # (a range of one number: a comparison decides nothing is told as such)
    if c.equals is not None or c.in_ is not None:
        return False
    for name in (*_LOWER, *_UPPER):
        value = getattr(c, name)
        if value is not None and number(value) is None:
            return False  # a fact's value
    bounds = _bounds(c)
    if not bounds and c.not_equals is None:
        return False  # no operator: told by has_operator
    for name, bound in bounds:
        edge = low if name in _LOWER else high
        if edge is None or not _passes_bound(name, bound, edge):
            return False
    if c.not_equals is not None:
        avoided = number(c.not_equals)
        if avoided is None:  # text or true/false compared with a number: told as such
            return False
        inside = (low is None or avoided >= low) and (high is None or avoided <= high)
        if inside:
            return False
    return True


__all__ = ["always_in", "contradiction", "never_in", "number"]
