"""A changed condition in a rubric diff reads in words, as ``explain`` says it (twenty-second
round): a gate's ``require`` and a condition rule's ``when`` of another kind (a criterion's
score turned into the total's, a comparison into an ``any``) are no dump of fields."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tiercert import rubric_from_mapping
from tiercert.diff import diff_rubrics, render_json, render_markdown, render_text

OLD: dict[str, Any] = {
    "format": 1,
    "id": "d",
    "version": "1",
    "title": "D",
    "criteria": [
        {"id": "c1", "title": "Points", "max": 100, "rule": {"kind": "direct"}},
        {
            "id": "c2",
            "title": "Bonus",
            "max": 5,
            "rule": {"kind": "condition", "when": {"score": "c1", "at_least": 90}, "points": 5},
        },
    ],
    "gates": [
        {"id": "g", "title": "Gate", "tiers": ["hi"], "require": {"score": "c1", "at_least": 90}}
    ],
    "tiers": [
        {"id": "lo", "label": "Low", "rank": 1, "min": 50},
        {"id": "hi", "label": "High", "rank": 2, "min": 80},
    ],
}


def _new(**edits: Any) -> dict[str, Any]:
    data = copy.deepcopy(OLD)
    data["version"] = "2"
    if "require" in edits:
        data["gates"][0]["require"] = edits["require"]
    if "when" in edits:
        data["criteria"][1]["rule"]["when"] = edits["when"]
    if "gate" in edits:
        data["gates"].append(edits["gate"])
    return data


def _diff(new: dict[str, Any]) -> Any:
    return diff_rubrics(rubric_from_mapping(OLD), rubric_from_mapping(new))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "require: score of c1 ≥ 90 → the total ≥ 90"),
        ("vi", "require: điểm của c1 ≥ 90 → tổng điểm ≥ 90"),
    ],
)
def test_a_criterions_score_turned_into_the_totals_reads_in_words(lang: str, said: str) -> None:
    diff = _diff(_new(require={"score": "@criteria", "at_least": 90}))
    (change,) = [c for c in diff.changes if c.section == "gate"]
    assert change.field == "require"  # a condition of another kind: compared whole
    text = render_text(diff, lang)
    assert said in text, text
    assert "@criteria" not in text


@pytest.mark.parametrize(
    ("lang", "was", "now"),
    [
        (
            "en",
            "was: score of c1 ≥ 90",
            "now: any of (score of c1 ≥ 90; the total > 95% of the rubric's maximum)",
        ),
        (
            "vi",
            "trước: điểm của c1 ≥ 90",
            "nay: một trong (điểm của c1 ≥ 90; tổng điểm đạt > 95% điểm tối đa của bộ tiêu chí)",
        ),
    ],
)
def test_a_comparison_turned_into_any_reads_in_words(lang: str, was: str, now: str) -> None:
    require = {"any": [{"score": "c1", "at_least": 90}, {"percent": "@criteria", "above": 95}]}
    text = render_text(_diff(_new(require=require)), lang)
    assert was in text, text
    assert now in text, text
    assert "at_least" not in text
    assert "{" not in text


def test_a_condition_rules_when_reads_in_words_in_markdown() -> None:
    diff = _diff(_new(when={"percent": "c1", "at_least": 90}))
    md = render_markdown(diff, "en")
    assert "| rule.when | score of c1 ≥ 90 | c1 ≥ 90% of its maximum |" in md, md


def test_an_added_gate_says_its_condition_in_words() -> None:
    gate = {"id": "g2", "title": "Total", "require": {"score": "@criteria", "at_least": 60}}
    text = render_text(_diff(_new(gate=gate)), "en")
    assert "require: the total ≥ 60" in text, text


def test_a_changed_number_stays_one_field_and_json_stays_data() -> None:
    diff = _diff(_new(require={"score": "c1", "at_least": 95}))
    (change,) = [c for c in diff.changes if c.section == "gate"]
    assert (change.field, change.old, change.new) == ("require.at_least", 90, 95)
    assert "require.at_least: 90 → 95" in render_text(diff, "en")
    whole = _diff(_new(require={"score": "@criteria", "at_least": 90}))
    assert '"score": "@criteria"' in render_json(whole)
