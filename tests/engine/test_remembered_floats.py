"""A float answer to a rule that only compares its answer (``Emitter.compares``) is scored by
the rule's float copy; where that copy makes the answer exact (``gen.exact``: a ``linear``
share between its anchors), the float's points are remembered and a float met again is one
lookup (``Generator._compared_as_floats``).  A float copy that only compares (bands) keeps no
memo: its comparisons cost less.  Here floats on, just below and just above every edge
(``0.1 + 0.2``-style, one ulp either side, ``-0.0``, NaN, infinities), mixed with ints, text
and Decimals of the same values in one assessment and across assessments sharing the memos,
get the reference's results and problems."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_decimal_exponents import agree_twice

from tiercert import Rubric
from tiercert._fast.evaluator import forget_answers
from tiercert.rubric import rubric_from_mapping

#: linear anchors whose floats are not the anchors (0.3, 0.7), thirds, a negative start
ANCHORS = (("0.3", "0.7", 1), ("0", "50", 5), ("-1", "2", 1), ("0.5", "100", 3))
EDGES = sorted({Fraction(Decimal(x)) for a, b, _ in ANCHORS for x in (a, b)} | {Fraction(72)})


def rubric(direct: bool) -> Rubric:
    criteria: list[dict[str, Any]] = [
        {
            "id": f"l{i}",
            "title": "L",
            "max": points,
            "rule": {
                "kind": "linear",
                "start": {"value": Decimal(start), "points": 0},
                "end": {"value": Decimal(end), "points": points},
            },
        }
        for i, (start, end, points) in enumerate(ANCHORS)
    ]
    criteria.append(
        {
            "id": "b",
            "title": "B",
            "rule": {
                "kind": "bands",
                "bands": [{"max": 0.3, "points": 0}, {"min": 0.3, "max": 72, "points": 1}],
            },
        }
    )
    if direct:  # the fine scale
        criteria.append({"id": "s", "title": "S", "max": 10, "rule": {"kind": "direct"}})
    return rubric_from_mapping(
        {"format": 1, "id": "f", "version": "1", "title": "F", "criteria": criteria, "tiers": []}
    )


#: one rubric of each scale for the whole module: its memos carry from example to example
RUBRICS = {direct: rubric(direct) for direct in (False, True)}
KEYS = [f"l{i}" for i in range(len(ANCHORS))] + ["b", "s"]


def near(edge: Fraction, how: str) -> float:
    e = float(edge)
    return {
        "on": e,
        "below": math.nextafter(e, -math.inf),
        "above": math.nextafter(e, math.inf),
        "accumulated": (e - 0.3) + 0.1 + 0.2,
        "share": e / 100 * 100,
        "tenth": e - 0.1,
    }[how]


FLOATS = st.one_of(
    st.builds(
        near,
        st.sampled_from(EDGES),
        st.sampled_from(("on", "below", "above", "accumulated", "share", "tenth")),
    ),
    st.floats(-2, 120, allow_nan=False),
    st.sampled_from((0.1 + 0.2, -0.0, 0.0, math.nan, math.inf, -math.inf, 1e-12, 2.0**53)),
)


def typed(value: float, form: str) -> object:
    """``value`` as itself, or as the text, Decimal or int of its repr (same number)."""
    if not math.isfinite(value) or form == "float":
        return value
    if form == "int" and value.is_integer():
        return int(value)
    return repr(value) if form == "text" else Decimal(repr(value))


ANSWER = st.builds(
    typed, FLOATS, st.sampled_from(("float", "float", "float", "text", "Decimal", "int"))
)


@pytest.mark.parametrize("direct", [False, True])
@settings(deadline=None)
@given(answers=st.lists(st.fixed_dictionaries(dict.fromkeys(KEYS, ANSWER)), max_size=6))
@example(
    answers=[dict.fromkeys(KEYS, 0.1 + 0.2), dict.fromkeys(KEYS, 0.3), dict.fromkeys(KEYS, -0.0)]
)
def test_floats_around_every_edge_are_scored_as_the_reference_scores_them(
    direct: bool, answers: list[dict[str, object]]
) -> None:
    agree_twice(RUBRICS[direct], answers)


def test_a_float_scored_through_its_exact_number_is_remembered_and_looked_up() -> None:
    """Between a linear rule's anchors a float's points are remembered, and a float met
    again takes the memo's points (planted ones are what is given: fails without the
    lookup); a float copy that only compares (bands) remembers nothing."""
    r = rubric(False)
    assert r._fast is not None
    forget_answers()
    _, floats = r._fast.numbers.points_memos("l1")  # 0 to 50: 5 points
    _, banded = r._fast.numbers.points_memos("b")
    answers: dict[str, object] = {"l0": 0, "l1": 12.5, "l2": 0, "l3": 1, "b": 12.5}
    first = r.verdict(answers).total
    assert floats[12.5] == 125 * r._fast.numbers.scale // 100  # 12.5 % of the way: 1.25 points
    assert banded == {}
    floats[12.5] += 2 * r._fast.numbers.scale  # two points more, planted
    assert r.verdict(answers).total == first + 2
    forget_answers()
    assert r.verdict(answers).total == first
