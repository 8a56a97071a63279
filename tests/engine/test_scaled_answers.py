"""Answers that enter arithmetic (a direct score, a linear share) with more decimal places
than the rubric's own numbers: the compiled scorers keep them as whole numbers of a finer
unit where they fit it, as Fractions where they do not, and read floats through a memo of
their own; every result must be the reference's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tiercert import Assessment, AssessmentError, Rubric, rubric_from_mapping
from tiercert._fast.numbers import FLOATS

_ANSWERS: tuple[object, ...] = (
    *("7", "7.5", "7.25", "7.1234", "7.12345", "7.123456789", "39.9999", "40", "0.0001"),
    *(7.25, 0.1, 0.30000000000000004, 39.99999999999999, 1e-5, 12.0, 40.000000000000001),
    *(Decimal("7.25"), Decimal("0.00001"), Decimal("0.1000000000000000055511151231257827")),
    *("40.00001", 40.5, "-0.5", "abc", float("nan")),
)


def _rubric() -> Rubric:
    return rubric_from_mapping(
        {
            "format": 1,
            "id": "direct",
            "version": "1",
            "title": "Direct scores",
            "criteria": [
                {"id": "a", "title": "A", "max": 40, "rule": {"kind": "direct"}},
                {"id": "b", "title": "B", "max": 60, "rule": {"kind": "direct"}},
            ],
            "tiers": [
                {"id": "t1", "label": "T1", "rank": 1, "min": Decimal("47.25")},
                {"id": "t2", "label": "T2", "rank": 2, "min": Decimal("47.2501")},
            ],
        }
    )


def _outcome(rubric: Rubric, answers: dict[str, Any], engine: str) -> object:
    try:
        result = rubric.evaluate(Assessment(answers=answers, unit_id="u"), engine=engine)  # type: ignore[arg-type]
    except AssessmentError as exc:
        return [p.format() for p in exc.problems]
    return result.to_json()


@pytest.mark.parametrize("answer", _ANSWERS, ids=repr)
def test_direct_scores_with_more_places_than_the_rubric(answer: object) -> None:
    rubric = _rubric()
    for other in (40, "40.0001", 40.25):
        answers = {"a": answer, "b": other}
        for _ in range(2):  # the second time from the memos
            expected = _outcome(rubric, answers, "reference")
            assert _outcome(rubric, answers, "fast") == expected
            if isinstance(expected, str):
                verdict = rubric.verdict(Assessment(answers=answers, unit_id="u"))
                reference = rubric.evaluate(answers, engine="reference")
                assert verdict == (reference.total, reference.certified, reference.tier)


def test_a_float_is_remembered_apart_from_an_equal_decimal() -> None:
    """0.1 reads as 0.1 (its repr), the Decimal equal to its binary value as that value."""
    rubric = _rubric()
    binary = Decimal.from_float(0.1)
    assert binary == 0.1
    FLOATS.clear()
    first = rubric.verdict({"a": binary, "b": 0})
    second = rubric.verdict({"a": 0.1, "b": 0})
    assert first.total != second.total
    assert second.total == rubric.evaluate({"a": 0.1, "b": 0}, engine="reference").total
