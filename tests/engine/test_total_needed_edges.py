"""What a gate on the total tells, at its edges (twenty-second round's mutation run): a gate
that passed tells no total, even where a higher total would fail it and a higher one still
pass it again; a number's words cut a value of many places toward the floor by default.

Every figure below is worked by hand, never taken from tiercert's output.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
import yaml

import tiercert
from tiercert import Assessment
from tiercert._numbers import number_words

#: a gate that holds at 50 or less and again from 70: 50 passes it, 60 fails it
TWO_SIDES = """
format: 1
id: hai_phia
version: "1"
title: Hai phía
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
gates:
  - id: hai_phia
    title: Tối đa 50 hoặc từ 70
    tiers: [dat]
    require:
      any:
        - {score: "@criteria", at_most: 50}
        - {score: "@criteria", at_least: 70}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 40}
  - {id: tot, label: Tốt, rank: 2, min: 90}
"""


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize(
    ("points", "passed", "needed"),
    [
        # at the gate's edge: it holds, and tells nothing (a total just above would fail it)
        ("50", True, None),
        # between its two sides: it fails, and 70 is the least total that holds it again
        ("60", False, Fraction(70)),
        ("70", True, None),
    ],
)
def test_a_gate_that_passed_tells_no_total(
    engine: str, points: str, passed: bool, needed: Fraction | None
) -> None:
    rubric = tiercert.rubric_from_mapping(yaml.safe_load(TWO_SIDES))
    result = rubric.evaluate(
        Assessment(answers={"c1": Decimal(points)}),
        engine=engine,  # type: ignore[arg-type]
    )
    (gate,) = result.gates
    assert (gate.passed, gate.total_needed) == (passed, needed)
    assert ("total_needed" in result.to_dict()["gates"][0]) == (needed is not None)


def test_a_numbers_words_are_cut_toward_the_floor_by_default() -> None:
    # a third has no end of decimal places: 12 are shown, cut down, and marked
    assert number_words(Fraction(1, 3)) == "0.333333333333…"
    assert number_words(Fraction(-1, 3)) == "-0.333333333334…"
    assert number_words(Fraction(2, 3), "ceiling") == "0.666666666667…"


#: the top tier needs no tier below: a unit at 90 reaches it though the lower tier's gate on
#: the total failed, and there is no next tier to tell
TOP_ALONE = """
format: 1
id: dinh
version: "1"
title: Đỉnh
criteria:
  - {id: c1, title: Điểm, max: 100, rule: {kind: direct}}
gates:
  - id: cao
    title: Từ 95 cho Đạt
    tiers: [dat]
    require: {score: "@criteria", at_least: 95}
tiers:
  - {id: dat, label: Đạt, rank: 1, min: 40}
  - {id: tot, label: Tốt, rank: 2, min: 80, requires_lower: false}
"""


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_failed_gate_on_the_total_beside_the_top_tier_reached(engine: str) -> None:
    rubric = tiercert.rubric_from_mapping(yaml.safe_load(TOP_ALONE))
    result = rubric.evaluate(
        Assessment(answers={"c1": Decimal("90")}),
        engine=engine,  # type: ignore[arg-type]
    )
    assert result.tier is not None
    assert result.tier.id == "tot"
    assert result.next_tier is None
    (gate,) = result.gates
    assert (gate.passed, gate.total_needed) == (False, Fraction(95))
