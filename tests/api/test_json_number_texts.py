"""A JavaScript client reading tiercert's JSON tells a number from a number-like text by the
key alone, never by the look of the string (a portal developer's pass, eighteenth round)."""

from __future__ import annotations

import json
from typing import Any

import tiercert

RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "codes",
    "version": "1",
    "title": "Codes",
    "facts": [
        {"id": "code", "title": "Code", "type": "text"},
        {"id": "n", "title": "N", "type": "number"},
    ],
    "criteria": [
        {
            "id": "c1",
            "title": "C1",
            "rule": {
                "kind": "levels",
                "levels": [{"id": "1", "points": 1}, {"id": "2", "points": 2}],
            },
        },
        {"id": "c2", "title": "C2", "rule": {"kind": "count", "per_item": 1, "max_items": 9}},
    ],
    "gates": [
        {"id": "by_code", "title": "G", "require": {"fact": "code", "in": ["80", "007"]}},
        {"id": "by_n", "title": "G", "require": {"fact": "n", "in": [80, 7]}},
        {"id": "by_level", "title": "G", "require": {"answer": "c1", "equals": "2"}},
        {"id": "by_count", "title": "G", "require": {"answer": "c2", "at_least": 2}},
    ],
    "tiers": [{"id": "ok", "label": "OK", "rank": 1, "min": 0}],
}


def _result() -> tiercert.Result:
    rubric = tiercert.rubric_from_mapping(RUBRIC)
    return rubric.evaluate({"c1": "1", "c2": 1}, facts={"code": "81", "n": 81}, unit_id="007")


def test_a_failure_says_whether_its_strings_are_numbers() -> None:
    """A text fact's ``"81"`` and a number fact's 81 were written alike, ``"actual": "81"``:
    only the gate's reason (quotes) told them apart, which a client does not parse."""
    data = json.loads(_result().to_json())
    failures = {gate["id"]: gate["failures"][0] for gate in data["gates"]}
    assert failures["by_code"] == {
        "subject": "fact",
        "target": "code",
        "actual": "81",
        "operator": "in",
        "expected": ["80", "007"],
        "numbers": False,
    }
    assert failures["by_n"]["actual"] == "81"
    assert failures["by_n"]["expected"] == ["80", "7"]
    assert failures["by_n"]["numbers"] is True
    assert (failures["by_level"]["actual"], failures["by_level"]["numbers"]) == ("1", False)
    assert (failures["by_count"]["actual"], failures["by_count"]["numbers"]) == ("1", True)
    assert data["unit"]["id"] == "007"


def test_the_key_reads_back_and_results_without_it_still_do() -> None:
    result = _result()
    data = json.loads(result.to_json())
    assert tiercert.Result.from_dict(data) == result
    for gate in data["gates"]:  # as a result written before the key was
        for failure in gate["failures"]:
            del failure["numbers"]
    assert tiercert.Result.from_dict(data) == result
    # the key decides: a text fact's strings read as texts, a number fact's as numbers
    data = json.loads(result.to_json())
    read = tiercert.Result.from_dict(data)
    assert [g.failures[0].actual for g in read.gates] == ["81", 81, "1", 1]
