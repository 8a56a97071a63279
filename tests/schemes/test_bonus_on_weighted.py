"""Bonus children on top of a ``weighted`` or ``scaled`` group (eighteenth round): BREEAM's
innovation credits add 1% each on top of the weighted section score, and a rubric may now say
so with the rubric itself weighted, the innovation credits one of its bonus children."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

import tiercert
from tiercert import RubricError, rubric_from_mapping

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
BREEAM = UNSEEN / "breeam_nc_2011.yaml"


def _weighted_at_the_root() -> dict[str, Any]:
    """The unseen BREEAM rubric rewritten: its weighted sections the rubric's own criteria,
    the innovation credits a bonus child of the (weighted) rubric, capped at 10."""
    data: dict[str, Any] = yaml.safe_load(BREEAM.read_text(encoding="utf-8"))
    sections, innovation = data["criteria"]
    assert sections["aggregate"] == "weighted"
    assert innovation["bonus"] is True
    data["aggregate"] = "weighted"
    data["bonus_cap"] = 10
    data["criteria"] = [*sections["children"], {**innovation, "max": 14}]
    return data


def _rows() -> list[dict[str, str]]:
    with (UNSEEN / "breeam_units.csv").open(encoding="utf-8", newline="") as handle:
        return [
            {k: v for k, v in row.items() if k not in ("unit_id", "unit_name") and v}
            for row in csv.DictReader(handle)
        ]


def test_breeam_written_with_the_rubric_weighted_checks_clean() -> None:
    rubric = rubric_from_mapping(_weighted_at_the_root())
    assert not rubric.warnings


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_breeam_weighted_at_the_root_scores_as_the_sketch_does(engine: str) -> None:
    """Every unit of the hand-worked sheet: the same total, tier and gates either way, the
    innovation credits on top of the weighted sections (capped at 10 by ``bonus_cap``)."""
    sketch = tiercert.load_rubric(BREEAM)
    rewritten = rubric_from_mapping(_weighted_at_the_root())
    for answers in _rows():
        want = sketch.evaluate(answers, engine="reference")
        got = rewritten.evaluate(answers, engine=engine)  # type: ignore[arg-type]
        assert (got.total, got.tier, got.failed_gates) == (
            want.total,
            want.tier,
            want.failed_gates,
        )
        assert (got.max, got.bonus_max) == (Fraction(100), Fraction(10))
    over = rewritten.evaluate({**_rows()[0], "inn": "14"}, engine=engine)  # type: ignore[arg-type]
    assert over.nodes["inn"].score == 14
    assert over.total == 70


@pytest.mark.parametrize("aggregate", ["weighted", "scaled"])
@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_bonus_child_adds_after_the_share_is_scaled(aggregate: str, engine: str) -> None:
    """A nested group: the bonus goes to the group's score above its maximum; no weight is
    asked of it."""
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "bonus_on_share",
            "version": "1",
            "title": "Bonus on a share",
            "criteria": [
                {
                    "id": "g",
                    "title": "G",
                    "max": 10,
                    "aggregate": aggregate,
                    "bonus_cap": 3,
                    "children": [
                        {
                            "id": "a",
                            "title": "A",
                            "weight": 1,
                            "max": 4,
                            "rule": {"kind": "direct"},
                        },
                        {
                            "id": "b",
                            "title": "B",
                            "weight": 3,
                            "max": 4,
                            "rule": {"kind": "direct"},
                        },
                        {
                            "id": "x",
                            "title": "X",
                            "bonus": True,
                            "max": 5,
                            "rule": {"kind": "direct"},
                        },
                    ],
                }
            ],
            "tiers": [],
        }
    )
    # a group's bonus counts towards the rubric's maximum: warned of, as under a sum
    assert [p.code for p in rubric.warnings] == ["bonus.nested"] + (
        ["weight.unused", "weight.unused"] if aggregate == "scaled" else []
    )
    result = rubric.evaluate({"a": 4, "b": 2, "x": 5}, engine=engine)  # type: ignore[arg-type]
    # weighted: (1 x 1 + 3 x 1/2) / 4 x 10 = 6.25; scaled: 6/8 x 10 = 7.5; then + 3 (capped)
    base = Fraction(25, 4) if aggregate == "weighted" else Fraction(15, 2)
    assert result.nodes["g"].score == base + 3
    assert result.nodes["g"].max == 13  # the group's maximum shown with its bonus
    assert result.total == min(base + 3, 10)  # the rubric's maximum, 10: what bonus.nested says


def test_a_tiered_group_still_refuses_bonus_children() -> None:
    with pytest.raises(RubricError) as caught:
        rubric_from_mapping(
            {
                "format": 1,
                "id": "bonus_tiered",
                "version": "1",
                "title": "Tiered",
                "criteria": [
                    {
                        "id": "g",
                        "title": "G",
                        "aggregate": "tiered",
                        "children": [
                            {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 1}},
                            {
                                "id": "b",
                                "title": "B",
                                "bonus": True,
                                "rule": {"kind": "boolean", "points": 1},
                            },
                        ],
                    }
                ],
                "tiers": [],
            }
        )
    assert [p.code for p in caught.value.problems] == ["bonus.aggregate"]
    assert "counts its criteria in order" in caught.value.problems[0].message
