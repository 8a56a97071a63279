"""A bonus child that is a group with bonus children of its own: what it adds to its parent,
worked by hand on both engines (a property test found the total cut below what the group
showed)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import pytest

from tiercert import rubric_from_mapping

Engine = Literal["reference", "fast"]
F = Fraction


def _boolean(ident: str, points: int, **more: Any) -> dict[str, Any]:
    return {"id": ident, "title": ident, "rule": {"kind": "boolean", "points": points}, **more}


RUBRIC = {
    "format": 1,
    "id": "nested_bonus",
    "version": "1",
    "title": "Nested bonus",
    "tiers": [],
    "criteria": [
        _boolean("base", 10),
        {  # up to 4 + 2 above the rubric's 10
            "id": "innovation",
            "title": "Innovation",
            "bonus": True,
            "children": [_boolean("i1", 4), _boolean("i2", 2, bonus=True)],
        },
    ],
}


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_bonus_group_adds_its_own_bonus_too(engine: Engine) -> None:
    rubric = rubric_from_mapping(RUBRIC)
    result = rubric.evaluate({"base": True, "i1": True, "i2": True}, engine=engine)
    innovation = result.nodes["innovation"]
    assert (innovation.score, innovation.max) == (F(6), F(6))
    assert (result.total, result.max, result.bonus_max) == (F(16), F(10), F(6))
    # the total is what the groups show, added up
    assert result.total == result.nodes["base"].score + innovation.score


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_a_bonus_cap_above_still_caps_a_bonus_group(engine: Engine) -> None:
    rubric = rubric_from_mapping({**RUBRIC, "bonus_cap": 5})
    result = rubric.evaluate({"base": True, "i1": True, "i2": True}, engine=engine)
    assert (result.total, result.bonus_max) == (F(15), F(5))
    result = rubric.evaluate({"base": True, "i1": False, "i2": True}, engine=engine)
    assert (result.total, result.nodes["innovation"].score) == (F(12), F(2))
    assert Fraction(result.percentage) == 120
