"""Shared answers (``answer_from``) and exact ratio answers (``"2/3"``)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiercert import AssessmentError, RubricError, rubric_from_mapping
from tiercert._literals import parse_number
from tiercert._yaml import Document
from tiercert.checking import check_document
from tiercert.rubric import Rubric
from tiercert.template import render_yaml_template


def _levels(*levels: tuple[str, int, list[str] | None]) -> dict[str, Any]:
    out = []
    for level_id, points, evidence in levels:
        level: dict[str, Any] = {"id": level_id, "points": points}
        if evidence is not None:
            level["evidence"] = evidence
        out.append(level)
    return {"kind": "levels", "levels": out}


# the same question counted at two levels: SHOULD (unmet with a reason counts) at the first,
# MUST (met with a URL, or N/A with a reason) at the second
SHOULD = _levels(("met", 1, None), ("unmet", 1, ["justification"]), ("unknown", 0, None))
MUST = _levels(("met", 1, ["url"]), ("unmet", 0, None), ("unknown", 0, None))


def _rubric(**extra: Any) -> dict[str, Any]:
    second: dict[str, Any] = {
        "id": "hi.q",
        "title": "Q at the higher level",
        "answer_from": "q",
        "na": {"counts_as": "satisfied", "evidence": ["justification"]},
        "rule": MUST,
    }
    second.update(extra)
    return {
        "format": 1,
        "id": "shared",
        "version": "1",
        "title": "Shared answers",
        "scoring": {"missing": "zero"},
        "criteria": [
            {"id": "lo", "title": "Low", "children": [{"id": "q", "title": "Q", "rule": SHOULD}]},
            {"id": "hi", "title": "High", "children": [second]},
        ],
        "gates": [
            {"id": "q_met", "title": "Q met", "require": {"answer": "hi.q", "equals": "met"}}
        ],
        "tiers": [{"id": "ok", "label": "OK", "rank": 1, "min": 0}],
    }


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return rubric_from_mapping(_rubric())


def _scores(rubric: Rubric, answer: object) -> tuple[str, str, str | None, str, str | None]:
    result = rubric.evaluate({"q": answer})
    lo, hi = result.nodes["q"], result.nodes["hi.q"]
    return str(lo.score), lo.status, lo.detail, str(hi.score), hi.detail


def test_one_answer_is_scored_by_each_reader_with_its_own_rule(rubric: Rubric) -> None:
    # unmet with a reason: enough for SHOULD, not for MUST
    assert _scores(rubric, {"value": "unmet", "justification": "no tracker"})[::3] == ("1", "0")
    # met without a URL: enough for SHOULD; MUST needs the URL
    lo, _, _, hi, detail = _scores(rubric, "met")
    assert (lo, hi, detail) == ("1", "0", "needs url")
    assert _scores(rubric, {"value": "met", "url": "https://example.org/x"})[::3] == ("1", "1")


def test_na_is_accepted_when_a_reader_allows_it(rubric: Rubric) -> None:
    lo, status, detail, hi, _ = _scores(rubric, {"value": "N/A", "justification": "no network"})
    assert (lo, status, detail, hi) == ("0", "answered", "not applicable is not accepted here", "1")


def test_na_is_refused_when_no_reader_allows_it() -> None:
    data = _rubric()
    del data["criteria"][1]["children"][0]["na"]
    rubric = rubric_from_mapping(data)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"q": "na"})
    assert [p.code for p in caught.value.problems] == ["answer.na"]


def test_a_reader_cannot_be_answered(rubric: Rubric) -> None:
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"q": "met", "hi.q": "met"})
    (problem,) = caught.value.problems
    assert problem.code == "answer.shared"
    assert "answer 'q' instead" in problem.message


def test_missing_source_leaves_every_reader_missing(rubric: Rubric) -> None:
    result = rubric.evaluate({})
    assert result.nodes["q"].status == result.nodes["hi.q"].status == "missing"


def test_conditions_on_a_reader_see_the_shared_answer(rubric: Rubric) -> None:
    assert rubric.evaluate({"q": "met"}).gates[0].passed
    assert not rubric.evaluate({"q": "unmet"}).gates[0].passed


def test_an_answer_must_suit_every_reader() -> None:
    bands = {"kind": "bands", "bands": [{"min": 0, "max": 10, "points": 1}]}
    narrow = {"kind": "bands", "bands": [{"min": 0, "max": 5, "points": 1}]}
    data = {
        "format": 1,
        "id": "x",
        "version": "1",
        "title": "X",
        "criteria": [
            {"id": "a", "title": "A", "rule": bands},
            {"id": "b", "title": "B", "answer_from": "a", "rule": narrow},
        ],
    }
    rubric = rubric_from_mapping(data)
    assert rubric.evaluate({"a": 5}).total == Decimal(2)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({"a": 7})
    assert "(as read by 'b')" in caught.value.problems[0].message


def test_template_asks_only_for_the_source(rubric: Rubric) -> None:
    text = render_yaml_template(rubric)
    assert '"q": null' in text
    assert '"hi.q": null' not in text
    # q itself refuses N/A, but the shared answer may be N/A for hi.q
    assert "or na (counted only where N/A is allowed)" in text


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"answer_from": "nope"}, "ref.unknown"),
        ({"answer_from": "lo"}, "ref.group"),
        ({"answer_from": "hi.q"}, "answer_from.source"),
        ({"rule": {"kind": "boolean", "points": 1}}, "answer_from.kind"),
        ({"rule": _levels(("met", 1, None), ("unmet", 0, None))}, "answer_from.levels"),
    ],
)
def test_checks_refuse_a_broken_answer_from(change: dict[str, Any], code: str) -> None:
    data = _rubric(**change)
    report = check_document(Document(data))
    assert code in [p.code for p in report.errors]
    with pytest.raises(RubricError):
        rubric_from_mapping(data)


def test_levels_that_differ_from_the_source_s_are_listed_both() -> None:
    """The message names the criterion read and lists both sets of level ids, each in its
    own order, separated by commas."""
    data = _rubric(rule=_levels(("unmet", 0, None), ("met", 1, None)))
    [problem] = check_document(Document(data)).errors
    assert (problem.code, problem.where) == (
        "answer_from.levels",
        "$.criteria[hi].children[hi.q].rule.levels",
    )
    assert problem.message == (
        "this criterion reads the answer to 'q', so it needs the same level ids "
        "(met, unmet, unknown), got: unmet, met; make the levels match"
    )


def test_answer_from_on_a_group_is_an_error() -> None:
    data = _rubric()
    data["criteria"][0]["answer_from"] = "q"
    report = check_document(Document(data))
    assert "answer_from.group" in [p.code for p in report.errors]


def test_a_reader_of_a_reader_is_an_error() -> None:
    data = _rubric()
    data["criteria"][1]["children"].append(
        {"id": "third", "title": "T", "answer_from": "hi.q", "rule": MUST}
    )
    report = check_document(Document(data))
    assert [p.code for p in report.errors] == ["answer_from.source"]


# --- exact ratios --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2/3", Fraction(2, 3)), (" 7 / 10 ", Fraction(7, 10)), ("-1/4", Fraction(-1, 4))],
)
def test_ratio_answers_are_exact(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1/0", "1/", "/2", "1.5/2", "1/2/3", "a/b"])
def test_malformed_ratios_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_any_ratio_reads_back_exactly(numerator: int, denominator: int) -> None:
    assert parse_number(f"{numerator}/{denominator}") == Fraction(numerator, denominator)


def test_a_ratio_scored_by_a_rounded_down_linear_rule() -> None:
    rubric = rubric_from_mapping(
        {
            "format": 1,
            "id": "ratio",
            "version": "1",
            "title": "Ratio",
            "criteria": [
                {
                    "id": "reviewed",
                    "title": "Share reviewed",
                    "round": {"mode": "down", "places": 0},
                    "rule": {
                        "kind": "linear",
                        "start": {"value": 0, "points": 0},
                        "end": {"value": 1, "points": 10},
                        "range": {"min": 0, "max": 1},
                    },
                }
            ],
        }
    )
    assert rubric.evaluate({"reviewed": "2/3"}).total == Decimal(6)
    with pytest.raises(AssessmentError):
        rubric.evaluate({"reviewed": "4/3"})
