"""A ``Decimal`` subclass given as an answer (or a fact) is read as the number it holds, by
both engines alike: one that defines ``__eq__`` without ``__hash__`` (unhashable) raised a
TypeError from the readers' memo of Decimals (the tenth round's leftovers)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from test_fast_equivalence import _outcome, _same

from strategies import rubric_and_answers
from tiercert import Assessment, AssessmentError, Result, Rubric, parse_rubric


class Unhashable(Decimal):
    """A subclass defining ``__eq__`` and so, without ``__hash__``, unhashable."""

    def __eq__(self, other: object) -> bool:
        return Decimal.__eq__(self, other)


class Odd(Decimal):
    """A subclass whose ``__eq__`` and ``__hash__`` say nothing of its number."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


def _sub(value: Any, kind: type[Decimal]) -> Any:
    if isinstance(value, dict):
        return {key: _sub(item, kind) for key, item in value.items()}
    if type(value) is Decimal:
        return kind(value)
    return value


@pytest.mark.parametrize("kind", [Unhashable, Odd])
@given(pair=rubric_and_answers())
def test_decimal_subclasses_read_as_their_numbers_in_both_engines(
    kind: type[Decimal], pair: tuple[Rubric, Assessment]
) -> None:
    rubric, assessment = pair
    sub = Assessment(
        answers=_sub(dict(assessment.answers), kind),
        facts=_sub(dict(assessment.facts), kind),
        unit_id="u1",
    )
    plain = Assessment(answers=assessment.answers, facts=assessment.facts, unit_id="u1")
    _same(rubric, sub)  # compiled == reference, never a traceback
    got, expected = _outcome(rubric, sub, "fast"), _outcome(rubric, plain, "fast")
    if isinstance(expected, Result):
        assert isinstance(got, Result)
        assert got.total == expected.total
        assert {n: r.score for n, r in got.nodes.items()} == {
            n: r.score for n, r in expected.nodes.items()
        }
    else:
        assert isinstance(got, list)
        assert len(got) == len(expected)


RUBRIC = """
format: 1
id: t
version: "1"
title: T
criteria:
  - {id: n, title: N, max: 10, rule: {kind: count, per_item: 1}}
  - id: p
    title: P
    max: 10
    rule: {kind: linear, start: {value: 0, points: 0}, end: {value: 100, points: 10}}
  - {id: b, title: B, rule: {kind: boolean, points: 5}}
  - {id: l, title: L, rule: {kind: levels, levels: [{id: "1", points: 1}, {id: "2", points: 2}]}}
"""


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_each_kind_reads_an_unhashable_decimal_by_hand(engine: str) -> None:
    rubric = parse_rubric(RUBRIC)
    answers = {"n": Unhashable(3), "p": Unhashable("50.5"), "b": Unhashable(1), "l": Unhashable(2)}
    result = rubric.evaluate(answers, engine=engine)  # type: ignore[arg-type]
    scores = {k: r.score for k, r in result.nodes.items()}
    assert scores == {"n": 3, "p": Fraction("5.05"), "b": 5, "l": 2}


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize("number", ["0", "1", "5", "0.5"])
def test_a_subclass_says_yes_or_no_as_its_number_does(engine: str, number: str) -> None:
    """An ``__eq__`` that says every number is equal made 5 read as yes (``5 in (0, 1)``)."""
    rubric = parse_rubric(RUBRIC)

    def outcome(value: Decimal) -> object:
        answers = {"n": 1, "p": 1, "l": "1", "b": value}
        try:
            return rubric.evaluate(answers, engine=engine).nodes["b"].score  # type: ignore[arg-type]
        except AssessmentError as exc:
            return [p.code for p in exc.problems]

    assert outcome(Odd(number)) == outcome(Unhashable(number)) == outcome(Decimal(number))
