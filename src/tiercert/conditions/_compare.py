"""What the comparisons share (``fact``, ``answer``, ``score``, ``percent``,
``each_child_of``): their operators, how their values are checked, evaluated, written in
generated code and in words."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, get_args

from tiercert._i18n import N_, joined, msg
from tiercert._kinds import ConditionFields, Style
from tiercert._literals import grouped_problem, parse_bool, whole_problem
from tiercert._numbers import ZERO, number_words, to_fraction
from tiercert._paths import did_you_mean, shown
from tiercert._records import Record
from tiercert._shapes import FactOperand
from tiercert.errors import Path, Problem

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - pydantic brings typing_extensions
    from typing_extensions import assert_never

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Test
    from tiercert._reference import Scoring
    from tiercert.model import In, Operand, Scalar
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
    at_least: Operand | None = None
    at_most: Operand | None = None
    above: Operand | None = None
    below: Operand | None = None


class FactValue(Record, frozen=True):
    """In a plan, the value an order operator compares with when it is a fact's (``{fact: avg,
    times: 1.1}``): read from the unit's facts when the condition is evaluated."""

    fact: str
    times: Fraction

    def of(self, facts: Mapping[str, object]) -> Fraction | None:
        """The value for a unit whose facts are ``facts``: None when the fact is no number
        (then the comparison fails, as one with a text does)."""
        value = facts.get(self.fact)
        if isinstance(value, bool) or not isinstance(value, Fraction | int):
            return None
        return value * self.times


def fact_operands(c: Comparison) -> list[tuple[str, FactOperand]]:
    """The order operators of ``c`` that compare with a fact, with their operand."""
    return [(n, getattr(c, n)) for n in ORDERED if isinstance(getattr(c, n), FactOperand)]


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
    yield from _contradicting(c, path)


def _contradicting(c: Comparison, path: Path) -> Iterator[Problem]:
    """``condition.unsatisfiable`` for operators no value passes together (``at_least: 80,
    at_most: 40``), where the comparison is written: both evaluators would fail every unit."""
    from tiercert.conditions._bounds import contradiction

    names = contradiction(c)
    if names is None:
        return
    written = [_written(c, name) for name in names]
    if names[0] == "in":
        message = msg(
            "no value that 'in' lists passes {others}, so this comparison can never hold; list "
            "values that pass, or change {others}",
            others=_and(written[1:]),
        )
    elif names[0] == "equals":
        message = msg(
            "{first} and {second} contradict: no value passes both, so this comparison can "
            "never hold; keep only the one you mean",
            first=written[0],
            second=written[1],
        )
    elif len(names) == 3:
        message = msg(
            "{first} and {second} leave one value, which {third} takes away, so this "
            "comparison can never hold; widen the range or remove {third}",
            first=written[0],
            second=written[1],
            third=written[2],
        )
    else:
        message = msg(
            "{first} and {second} contradict: no value passes both, so this comparison can "
            "never hold; put the lower number in at_least or above and the higher in at_most "
            "or below, or write 'any:' with one comparison each if either range should pass",
            first=written[0],
            second=written[1],
        )
    yield Problem("condition.unsatisfiable", message, path)


def _written(c: Comparison, name: str) -> str:
    """An operator with its value as the rubric writes it: ``'at_least: 80'``."""
    value = c.in_ if name == "in" else getattr(c, name)
    if isinstance(value, list):
        return "'{}: [{}]'".format(name, ", ".join(shown(v) for v in value))
    return f"'{name}: {shown(value)}'"


def _and(parts: Sequence[str]) -> str:
    said = parts[0]
    for part in parts[1:]:
        said = msg("{first} and {then}", first=said, then=part)
    return said


_WANTED: dict[str, str] = {
    "boolean": N_("true or false"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "text": N_("text"),
}


#: the operators that order numbers
ORDERED = ("at_least", "at_most", "above", "below")


def operand_facts_fit(c: Comparison, path: Path, facts: Mapping[str, Any]) -> Iterator[Problem]:
    """Each fact an order operator takes its value from (``at_least: {fact: avg}``) is declared
    and is a number: ``ref.unknown``, ``condition.value``."""
    for name, operand in fact_operands(c):
        fact_id = operand.fact  # type: ignore[attr-defined]
        fact = facts.get(fact_id)
        if fact is None:
            yield Problem(
                "ref.unknown",
                msg(
                    "no fact has the id {fact!r}{hint}",
                    fact=fact_id,
                    hint=did_you_mean(fact_id, facts) or msg("; declare it under facts: or fix it"),
                ),
                (*path, name, "fact"),
            )
        elif fact.type not in ("number", "integer"):
            yield Problem(
                "condition.value",
                msg(
                    "'{name}' takes its value from the fact {fact!r}, which is {wanted}, not a "
                    "number; name a number or integer fact",
                    name=name,
                    fact=fact_id,
                    wanted=msg(_WANTED.get(fact.type, N_("a choice of options"))),
                ),
                (*path, name, "fact"),
            )


def compared_numbers(c: Comparison, path: Path) -> list[tuple[object, Path]]:
    """The values a comparison compares with, each with its place, but text (which never
    matches a number, and is told so by :func:`values_fit`)."""
    compared: list[tuple[object, Path]] = [
        (value, (*path, name))
        for name, value in (("equals", c.equals), ("not_equals", c.not_equals))
        if value is not None
    ]
    compared += [(value, (*path, "in", i)) for i, value in enumerate(c.in_ or [])]
    compared += [(getattr(c, n), (*path, n)) for n in ORDERED if _constant(getattr(c, n))]
    return [(value, where) for value, where in compared if not isinstance(value, str)]


def _constant(value: object) -> bool:
    """Whether an operator's value is given in the rubric (not None, nor a fact's)."""
    return value is not None and not isinstance(value, FactOperand)


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
        numbers = [*compared, *((getattr(c, n), (*path, n)) for n in ORDERED)]
        numbers = [(v, where) for v, where in numbers if not isinstance(v, FactOperand)]
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
    for name in ORDERED:
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
    """Whether no number from 0 to ``top`` passes the comparison, its operators being
    possible together (else that is told where it is written: :func:`has_operator`)."""
    from tiercert.conditions._bounds import contradiction, never_in

    # a fact's value is known only for a unit: it never makes a comparison unsatisfiable
    return contradiction(c) is None and never_in(c, ZERO, top)


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


def _value(v: object) -> bool | Fraction | str | FactValue:
    if isinstance(v, bool | str):
        return v
    if isinstance(v, FactOperand):
        fact, times = v.fact, v.times  # type: ignore[attr-defined]
        return FactValue(fact, to_fraction(times) if times is not None else Fraction(1))
    return to_fraction(v)  # type: ignore[arg-type]


def resolved(
    ops: tuple[tuple[Operator, Any], ...], facts: Mapping[str, object]
) -> tuple[tuple[Operator, Any], ...]:
    """``ops`` with each fact's value (:class:`FactValue`) read from ``facts``."""
    if not any(isinstance(v, FactValue) for _, v in ops):
        return ops
    return tuple((op, v.of(facts) if isinstance(v, FactValue) else v) for op, v in ops)


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
        facts = run.inputs.facts
        failures = []
        for op, expected in test.operators:
            if isinstance(expected, FactValue):  # a fact's value, times its constant
                value = expected.of(facts)
                if not holds(actual, op, value):
                    failures.append(
                        Failure(test.subject, test.target, actual, op, value, _of(expected))
                    )
            elif not holds(actual, op, expected):
                failures.append(Failure(test.subject, test.target, actual, op, expected))
        return not failures, failures

    return evaluate


def words(what: str) -> Callable[[Test, Callable[[CondPlan], str]], str]:
    """How a comparison is said when a ``not`` around it held: ``fact region in [south]``,
    a message each language writes (``what`` is a catalog word: ``score``, ``fact``...)."""

    def said(test: Test, inner: Callable[[CondPlan], str]) -> str:
        return joined(" ", (msg(what), test.target, operator_words(test)))

    return said


#: the operators as a ``not``'s words say them (the words a gate's reason uses)
_OPERATOR_WORDS: dict[str, str] = {
    "equals": N_("equals"),
    "not_equals": N_("not equals"),
    "in": N_("in"),
    "at_least": N_("at least"),
    "at_most": N_("at most"),
    "above": N_("above"),
    "below": N_("below"),
}


def operator_words(test: Test) -> str:
    """A comparison's operators with their values, in words: ``at least 5 and below 9``."""
    said = ""
    for op, value in test.operators:
        part = joined(" ", (msg(_OPERATOR_WORDS[op]), _worded(value)))
        said = part if not said else msg("{first} and {then}", first=said, then=part)
    return said


def _of(value: FactValue) -> tuple[str, Fraction]:
    """Where a failure's required value came from: (fact id, times)."""
    return value.fact, value.times


def _worded(value: object) -> str:
    if isinstance(value, FactValue):
        return operand_words(value.fact, value.times, str)
    if isinstance(value, tuple):
        return joined("", ("[", joined(", ", (_worded(v) for v in value)), "]"))
    if isinstance(value, bool):
        return msg("true") if value else msg("false")
    if isinstance(value, Fraction):
        return number_words(value)
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
    if isinstance(value, FactOperand):
        return operand_words(
            value.fact,  # type: ignore[attr-defined]
            to_fraction(value.times) if value.times is not None else None,  # type: ignore[attr-defined]
            code,
        )
    if isinstance(value, bool):  # yes or no in the reader's words ("có", "không"), as types are
        return msg("true") if value else msg("false")
    if isinstance(value, Decimal | Fraction | int):
        return number_words(value)
    return code(str(value))


def operand_words(fact: str, times: Fraction | None, code: Style) -> str:
    """A fact's value as a comparison's operand, in words: ``1.1 × fact avg_income``."""
    said = msg("fact {fact}", fact=code(fact))
    if times is None or times == 1:
        return said
    return msg("{times} × {fact}", times=number_words(times), fact=said)


def comparisons(cond: Comparison, code: Style, suffix: str = "") -> str:
    """The operators in words for explain: ``≥ 50% and ≤ 80%``."""
    parts = []
    for name, symbol in _SYMBOLS.items():
        value = getattr(cond, name)
        if value is not None:
            # joined, not an f-string: a value's words stay a message the reader's language writes
            # a fact's value is in the fact's own terms: no unit of the compared value after it
            unit = "" if isinstance(value, FactOperand) else suffix
            parts.append(joined("", (f"{symbol} ", _scalar(value, code), unit)))
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
    "FactValue",
    "Operator",
    "compared_numbers",
    "comparing",
    "comparisons",
    "fact_operands",
    "grouped_thresholds",
    "has_operator",
    "holds",
    "numeric_only",
    "operand_words",
    "operators",
    "resolved",
    "same",
    "unsatisfiable",
    "values_fit",
    "words",
]
