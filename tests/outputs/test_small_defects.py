"""Small defects of what results and scorecards say (issue 14), each pinned by a test."""

from __future__ import annotations

from typing import Any

import pytest

from tiercert import Rubric, rubric_from_mapping
from tiercert.report import render_html, render_text


def _rubric(criteria: list[dict[str, Any]], **extra: Any) -> Rubric:
    data: dict[str, Any] = {"format": 1, "id": "t", "version": "1", "title": "T"}
    data["criteria"] = criteria
    data.update(extra)
    return rubric_from_mapping(data)


TIERED = {
    "facts": [{"id": "ok", "title": "OK", "type": "boolean"}],
    "gates": [
        {
            "id": "g",
            "title": "G",
            "require": {"fact": "ok", "equals": True},
            "tiers": ["low", "high"],
        }
    ],
    "tiers": [
        {"id": "low", "label": "Low", "rank": 1, "min": 5},
        {"id": "high", "label": "High", "rank": 2, "min": 10},
    ],
}


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_gate_tiers_keep_the_rubric_order(engine: Any) -> None:
    leaf = {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 10}}
    rubric = _rubric([leaf], **TIERED)
    result = rubric.evaluate({"a": True}, facts={"ok": False}, engine=engine)
    assert result.gates[0].tiers == ("low", "high")  # as written, not sorted (high, low)
    assert result.to_dict()["gates"][0]["tiers"] == ["low", "high"]
    assert "(for low, high)" in render_text(result, rubric)


def test_one_more_point_is_singular() -> None:
    rubric = _rubric(
        [
            {"id": "a", "title": "A", "rule": {"kind": "boolean", "points": 9}},
            {"id": "b", "title": "B", "rule": {"kind": "boolean", "points": 1}},
        ],
        tiers=[{"id": "t", "label": "T", "rank": 1, "min": 10}],
    )
    result = rubric.evaluate({"a": True, "b": False})
    text = render_text(result, rubric)
    assert "needs 1 more point\n" in text
    assert "1 more points" not in text
    assert "1 more points" not in render_html(result, rubric)
    two = rubric.evaluate({"a": False, "b": True})
    assert "needs 9 more points" in render_text(two, rubric)


def test_long_numbers_keep_the_titles_in_one_column() -> None:
    rubric = _rubric(
        [
            {"id": "a", "title": "Alpha", "rule": {"kind": "direct"}, "max": 123456.789},
            {"id": "b", "title": "Beta", "rule": {"kind": "boolean", "points": 1}},
        ],
        tiers=[],
    )
    text = render_text(rubric.evaluate({"a": 12345.678, "b": True}), rubric)
    rows = [line for line in text.splitlines() if "Alpha" in line or "Beta" in line]
    assert len(rows) == 2
    assert rows[0].index("Alpha") == rows[1].index("Beta"), rows


KNOCK_OUT: dict[str, Any] = {
    "facts": [{"id": "ok", "title": "OK", "type": "boolean"}],
    "gates": [{"id": "ko", "title": "KO", "require": {"fact": "ok", "equals": True}}],
    "tiers": [
        {"id": "s1", "label": "1 sao", "rank": 1, "min": 80},
        {"id": "s2", "label": "2 sao", "rank": 2, "min": 85},
        {"id": "s4", "label": "4 sao", "rank": 3, "min": 90},
    ],
}


def test_a_knocked_out_unit_is_told_what_it_reaches_once_the_gate_passes() -> None:
    rubric = _rubric(
        [{"id": "a", "title": "A", "max": 100, "rule": {"kind": "direct"}}], **KNOCK_OUT
    )
    result = rubric.evaluate({"a": 92.5}, facts={"ok": False})
    assert result.next_tier is not None
    assert result.next_tier.tier.id == "s1"  # the JSON keeps the tier just above
    line = next(x for x in render_text(result, rubric).splitlines() if x.startswith("Next"))
    assert line == (
        "Next tier: 1 sao at 80: needs passing ko; once ko passes, the total reaches 4 sao (at 90)"
    )
    # no such note when the total reaches no higher than the next tier
    low = rubric.evaluate({"a": 81}, facts={"ok": False})
    assert "once" not in render_text(low, rubric)
