"""What the comparisons share (``fact``, ``answer``, ``score``, ``percent``,
``each_child_of``): their operators, how their values are checked, evaluated, written in
generated code and in words."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, get_args

from tiercert._i18n import N_, joined, msg
from tiercert._kinds import ConditionFields, Style
from tiercert._literals import grouped_problem, parse_bool, whole_problem
from tiercert._numbers import ZERO, display_number, to_fraction
from tiercert._paths import did_you_mean, shown
from tiercert.errors import Path, Problem

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Test
    from tiercert._reference import Scoring
    from tiercert.model import ComparedNumber, In, Scalar
    from tiercert.result import Failure

#: The operators of a comparison: every one given must hold.
Operator = Literal["equals", "not_equals", "in", "at_least", "at_most", "above", "below"]
OPERATORS: tuple[Operator, ...] = get_args(Operator)
#: what a comparison compares, by what its value is: the texts messages use for them
Compared = Literal["boolean", "number", "integer", "text", "choice"]


class Comparison(ConditionFields):
    """Operators shared by every comparison; at least one must be given, all must hold."""

    __slots__ = ()
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: In = None
    at_least: ComparedNumber | None = None
    at_most: ComparedNumber | None = None
    above: ComparedNumber | None = None
    below: ComparedNumber | None = None


# --- checks -----------------------------------------------------------------------------------


def has_operator(c: Comparison, path: Path) -> Iterator[Problem]:
    """``condition.operator`` when the comparison has none; ``condition.value`` when its
    ``in`` lists nothing (such a condition never holds, and nobody would be told)."""
    if c.in_ is not None and not c.in_:
        yield Problem(
            "condition.value",
            msg("'in' lists no value, so this condition can never hold; list the values that pass"),
            (*path, "in"),
        )
    if all(
        v is None for v in (c.equals, c.not_equals, c.in_, c.at_least, c.at_most, c.above, c.below)
    ):
        yield Problem(
            "condition.operator",
            msg(
                "this comparison has no operator; add one of: equals, not_equals, in, "
                "at_least, at_most, above, below"
            ),
            path,
        )


_WANTED: dict[str, str] = {
    "boolean": N_("true or false"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "text": N_("text"),
}


#: the operators that order numbers
_ORDERED = ("at_least", "at_most", "above", "below")


def compared_numbers(c: Comparison, path: Path) -> list[tuple[object, Path]]:
    """The values a comparison compares with, each with its place, but text (which never
    matches a number, and is told so by :func:`values_fit`)."""
    compared: list[tuple[object, Path]] = [
        (value, (*path, name))
        for name, value in (("equals", c.equals), ("not_equals", c.not_equals))
        if value is not None
    ]
    compared += [(value, (*path, "in", i)) for i, value in enumerate(c.in_ or [])]
    compared += [(getattr(c, n), (*path, n)) for n in _ORDERED if getattr(c, n) is not None]
    return [(value, where) for value, where in compared if not isinstance(value, str)]


def values_fit(
    c: Comparison,
    path: Path,
    what: str,
    kind: str,
    options: Sequence[str],
    *,
    na: bool = False,
    sized: bool = False,
) -> Iterator[Problem]:
    """Each value compared with a fact or an answer can occur (else the gate silently fails).
    ``sized``: a number of any size (a number fact), whose ``1.500`` is ambiguous."""
    compared: list[tuple[object, Path]] = [
        (value, (*path, name))
        for name, value in (("equals", c.equals), ("not_equals", c.not_equals))
        if value is not None
    ]
    compared += [(value, (*path, "in", i)) for i, value in enumerate(c.in_ or [])]
    for value, where in compared:
        if na and value == "na":
            continue
        if kind == "choice":
            if not options or value in options:
                continue
            allowed = ", ".join([*options, "na"] if na else options)
            hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
            if not isinstance(value, str) and shown(value) in options:
                hint = msg("; these values are text: write '{value}' in quotes", value=shown(value))
            message = msg(
                "{value} is not one of the values of {what}; use one of: {allowed}{hint}",
                value=shown(value),
                what=what,
                allowed=allowed,
                hint=hint,
            )
            yield Problem("condition.value", message, where)
            continue
        fits = (
            isinstance(value, bool) or (isinstance(value, str) and parse_bool(value) is not None)
            if kind == "boolean"
            else isinstance(value, Decimal)
            if kind in ("number", "integer")
            else isinstance(value, str)
        )
        if not fits:
            yield Problem(
                "condition.value",
                msg(
                    "{value} can never match: {what} is {wanted}; compare with {wanted}{value2}",
                    value=shown(value),
                    what=what,
                    wanted=msg(_WANTED[kind]),
                    value2=msg(" (or na)") if na else "",
                ),
                where,
            )
    if kind == "integer" or (kind == "number" and sized):
        # a YAML 12.000 (or 1.500) compared with a fact: 12, or 12 thousand?  Refused as the
        # fact's own answers are (parse_fact): a number fact is a size, of any magnitude
        numbers = [*compared, *((getattr(c, n), (*path, n)) for n in _ORDERED)]
        for value, where in numbers:
            if isinstance(value, str):  # text "12.000" can never match: told above
                continue
            why = whole_problem(value) if kind == "integer" else grouped_problem(value)
            if why is None:
                continue
            message = (
                msg(
                    "{what} is a whole number, and {value} is written with a dot; {why}",
                    what=what,
                    value=str(value),
                    why=why,
                )
                if kind == "integer"
                else msg(
                    "{what} is a number of any size, and {value} is written with a dot; {why}",
                    what=what,
                    value=str(value),
                    why=why,
                )
            )
            yield Problem("condition.value", message, where)
    if kind in ("number", "integer"):
        return
    for name in _ORDERED:
        if getattr(c, name) is not None:
            yield Problem(
                "condition.value",
                msg(
                    "'{name}' compares numbers, but {what} is not a number; use equals, "
                    "not_equals or in",
                    name=name,
                    what=what,
                ),
                (*path, name),
            )


def grouped_thresholds(
    c: Comparison, path: Path, low: Fraction | None, high: Fraction | None, what: str
) -> Iterator[Problem]:
    """``condition.value`` for a value written like ``1.500`` compared with a criterion's
    points or percentage (``what``) when both readings, 1.5 and 1500, fall in ``low``..``high``
    (None: open), as an answer in that range is refused (``rules._answers.thousands_problem``);
    ``72.500`` compared with a percentage reads one way, 72.5."""
    from tiercert.rules._answers import thousands_problem

    for value, where in compared_numbers(c, path):
        why = thousands_problem(value, low, high)
        if why is not None:
            message = msg("compared with {what}, {why}", what=what, why=why)
            yield Problem("condition.value", message, where)


def numeric_only(c: Comparison, path: Path) -> Iterator[Problem]:
    """``condition.type`` for a text or true/false compared with points (``in`` too)."""
    compared: list[tuple[str, object, Path]] = [
        (name, value, (*path, name))
        for name, value in (("equals", c.equals), ("not_equals", c.not_equals))
    ]
    compared += [("in", value, (*path, "in", i)) for i, value in enumerate(c.in_ or [])]
    for name, value, where in compared:
        if isinstance(value, bool | str):
            yield Problem(
                "condition.type",
                msg(
                    "points are numbers; {name} {value} can never match, use a number",
                    name=name,
                    value=shown(value),
                ),
                where,
            )


def unsatisfiable(c: Comparison, top: Fraction) -> bool:
    """Whether no number from 0 to ``top`` passes the comparison's order operators."""
    return (
        (c.at_least is not None and to_fraction(c.at_least) > top)
        or (c.above is not None and to_fraction(c.above) >= top)
        or (c.below is not None and to_fraction(c.below) <= ZERO)
        or (c.at_most is not None and to_fraction(c.at_most) < ZERO)
    )


# --- the plan ---------------------------------------------------------------------------------


def operators(c: Comparison) -> tuple[tuple[Operator, Any], ...]:
    """The comparison's operators with their values, exact, in the order they are tested."""
    ops: list[tuple[Operator, Any]] = []
    for name in ("equals", "not_equals", "at_least", "at_most", "above", "below"):
        raw = getattr(c, name)
        if raw is not None:
            ops.append((name, _value(raw)))
    if c.in_ is not None:
        ops.append(("in", tuple(_value(v) for v in c.in_)))
    return tuple(ops)


def _value(v: object) -> bool | Fraction | str:
    if isinstance(v, bool | str):
        return v
    return to_fraction(v)  # type: ignore[arg-type]


def same(a: object, b: object) -> bool:
    """Whether two compared values are equal: true is not 1, and a number is not its text."""
    # bool is an int in Python: True == Fraction(1) must not count as a match
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return isinstance(a, str) and isinstance(b, str) and a == b


def holds(actual: object, op: Operator, expected: object) -> bool:
    """Whether ``actual`` passes the operator ``op`` with the value ``expected``."""
    if op == "equals":
        return same(actual, expected)
    if op == "not_equals":
        return not same(actual, expected)
    if op == "in":
        assert isinstance(expected, tuple)
        return any(same(actual, e) for e in expected)
    if not isinstance(actual, Fraction) or not isinstance(expected, Fraction):
        return False
    if op == "at_least":
        return actual >= expected
    if op == "at_most":
        return actual <= expected
    if op == "above":
        return actual > expected
    if op == "below":
        return actual < expected
    assert_never(op)


Measure = Callable[["Scoring", str], tuple[object, bool]]


def comparing(
    measure: Measure, *, excluded_passes: bool = False
) -> Callable[[Scoring, Test, Callable[[CondPlan], Any]], tuple[bool, list[Failure]]]:
    """The reference's evaluation of a comparison whose value ``measure(run, target)`` gives as
    (value, known): not known (hidden by a group scored directly) fails; with
    ``excluded_passes`` a value of None (a criterion taken out by N/A) has nothing to fail."""

    def evaluate(
        run: Scoring, test: Test, inner: Callable[[CondPlan], Any]
    ) -> tuple[bool, list[Failure]]:
        from tiercert.result import Failure  # evaluation only: check never loads results

        actual, known = measure(run, test.target)
        if not known:
            return False, [Failure(test.subject, test.target, "not scored", "be", "scored")]
        if actual is None and excluded_passes:
            return True, []  # not applicable: nothing to fail
        failures = [
            Failure(test.subject, test.target, actual, op, expected)
            for op, expected in test.operators
            if not holds(actual, op, expected)
        ]
        return not failures, failures

    return evaluate


def words(what: str) -> Callable[[Test, Callable[[CondPlan], str]], str]:
    """How a comparison is said when a ``not`` around it held: ``fact region in [south]``."""

    def said(test: Test, inner: Callable[[CondPlan], str]) -> str:
        ops = " and ".join(f"{op.replace('_', ' ')} {_worded(v)}" for op, v in test.operators)
        return f"{what} {test.target} {ops}"

    return said


def _worded(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_worded(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return display_number(value)
    return str(value)


# --- in words ---------------------------------------------------------------------------------

_SYMBOLS: dict[str, str] = {
    "equals": "=",
    "not_equals": "≠",
    "at_least": "≥",
    "at_most": "≤",
    "above": ">",
    "below": "<",
}


def _scalar(value: object, code: Style) -> str:
    if isinstance(value, bool):  # yes or no in the reader's words ("có", "không"), as types are
        return msg("true") if value else msg("false")
    if isinstance(value, Decimal | Fraction | int):
        return display_number(value)
    return code(str(value))


def comparisons(cond: Comparison, code: Style, suffix: str = "") -> str:
    """The operators in words for explain: ``≥ 50% and ≤ 80%``."""
    parts = []
    for name, symbol in _SYMBOLS.items():
        value = getattr(cond, name)
        if value is not None:
            # joined, not an f-string: a value's words stay a message the reader's language writes
            parts.append(joined("", (f"{symbol} ", _scalar(value, code), suffix)))
    if cond.in_ is not None:
        values = joined(", ", (_scalar(v, code) for v in cond.in_))
        parts.append(msg("one of {values}", values=values))
    said = parts[0] if parts else ""
    for part in parts[1:]:
        said = msg("{first} and {then}", first=said, then=part)
    return said


__all__ = [
    "OPERATORS",
    "Compared",
    "Comparison",
    "Operator",
    "compared_numbers",
    "comparing",
    "comparisons",
    "grouped_thresholds",
    "has_operator",
    "holds",
    "numeric_only",
    "operators",
    "same",
    "unsatisfiable",
    "values_fit",
    "words",
]
