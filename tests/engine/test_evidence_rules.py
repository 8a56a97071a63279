"""Evidence rules (issue 14): what makes a justification or a URL count, against a plain
reading of docs/authoring.md ("What makes evidence count")."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert import rubric_from_mapping
from tiercert._evidence import EvidenceRules, evidence_bits

BADGE = EvidenceRules(
    min_length=5,
    ignore_prefixes=("// ",),
    url_places=frozenset({"justification"}),
    url_form="host_with_dot",
)


def _host_with_dot(text: str) -> bool:
    """http(s)://, then characters other than '/', '.' and space, a dot, one more character:
    by hand, character by character."""
    for scheme in ("http://", "https://"):
        start = text.find(scheme)
        while start >= 0:
            rest = text[start + len(scheme) :]
            host = 0
            while host < len(rest) and rest[host] not in "/. ":
                host += 1
            if (
                host > 0
                and rest[host : host + 1] == "."
                and rest[host + 1 : host + 2] not in ("", " ")
            ):
                return True
            start = text.find(scheme, start + 1)
    return False


def _badge_bits(justification: str, url: str) -> int:
    if justification.startswith("// "):
        justification = ""
    has_text = len(justification) >= 5
    has_url = _host_with_dot(justification)  # the 'url' key does not count
    return int(has_text) + 2 * int(has_url)


PIECES = ["// ", "http://", "https://", "a", "b.c", ".", "/", " ", "x", "localhost", "é", "\t"]


@given(st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(["", "https://a.b"]))
def test_the_badges_rules_match_a_plain_reading(parts: list[str], url: str) -> None:
    text = "".join(parts)
    assert evidence_bits(text, url, BADGE) == _badge_bits(text, url), text


def test_without_rules_any_text_counts() -> None:
    assert evidence_bits("ok", None) == 1
    assert evidence_bits("   ", None) == 0
    assert evidence_bits("see http://localhost/x", None) == 3
    assert evidence_bits(None, "x") == 2


RUBRIC: dict[str, Any] = {
    "format": 1,
    "id": "ev",
    "version": "1",
    "title": "Evidence rules",
    "evidence_rules": {"justification": {"min_length": 5, "ignore_prefixes": ["// "]}},
    "criteria": [
        {
            "id": "a",
            "title": "A",
            "evidence": ["justification"],
            "rule": {"kind": "boolean", "points": 1},
        },
        {
            "id": "b",
            "title": "B",
            "evidence": ["justification"],
            "evidence_rules": {"justification": {"min_length": 20}},
            "rule": {"kind": "boolean", "points": 1},
        },
        {
            "id": "c",
            "title": "C",
            "na": {"counts_as": "satisfied", "evidence": ["justification"]},
            "rule": {
                "kind": "levels",
                "levels": [
                    {"id": "met", "points": 2, "evidence": ["url"]},
                    {"id": "unmet", "points": 0},
                ],
            },
        },
    ],
    "tiers": [],
}


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize(
    ("answers", "scores"),
    [
        ({"a": {"value": True, "justification": "four"}}, {"a": 0}),
        ({"a": {"value": True, "justification": "five!"}}, {"a": 1}),
        ({"a": {"value": True, "justification": "// commented out"}}, {"a": 0}),
        # a leaf's own rules replace the rubric's: 20 characters, '// ' counts again
        ({"b": {"value": True, "justification": "// nineteen chars.."}}, {"b": 0}),
        ({"b": {"value": True, "justification": "// twenty characters"}}, {"b": 1}),
        # N/A's evidence follows the same rules
        ({"c": {"value": "na", "justification": "n/a"}}, {"c": 0}),
        ({"c": {"value": "na", "justification": "no web"}}, {"c": 2}),
        ({"c": {"value": "met", "url": "x"}}, {"c": 2}),
    ],
)
def test_rules_at_the_rubric_and_at_a_leaf(
    engine: Literal["reference", "fast"], answers: dict[str, Any], scores: dict[str, int]
) -> None:
    rubric = rubric_from_mapping(RUBRIC)
    result = rubric.evaluate(answers, engine=engine, missing="zero")
    assert {k: result.nodes[k].score for k in scores} == scores
    assert result == rubric.evaluate(answers, engine="reference", missing="zero")
