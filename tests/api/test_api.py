"""The public Python API: what ``import tiercert`` offers, and how its errors carry problems."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

import tiercert
from conftest import TESTS
from tiercert import (
    Assessment,
    AssessmentError,
    CheckReport,
    Problem,
    ProblemsError,
    Result,
    Rubric,
    RubricError,
    Severity,
    TiercertError,
)

EXAMPLES = TESTS / "examples"
COMMUNE = EXAMPLES / "valid" / "commune.yaml"
ANSWERS = {"g1.1": {"value": True, "url": "https://x.org"}, "g1.2": "kha", "g2.1": 80}
MORE = {"g2.2": 0, "g2.3": 4}


def test_all_is_sorted_and_every_name_exists() -> None:
    names = tiercert.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(tiercert, name), name
    core = {
        "load_rubric",
        "parse_rubric",
        "rubric_from_mapping",
        "evaluate",
        "check_file",
        "check_source",
        "load_assessment",
        "parse_assessment",
        "assessment_from_mapping",
        "Rubric",
        "Result",
        "Assessment",
        "RubricError",
        "AssessmentError",
        "Problem",
    }
    assert core <= set(names)


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("diff_rubrics", "diff"),
        ("RubricDiff", "diff"),
        ("score_impact", "impact"),
        ("read_csv", "tabular"),
        ("open_writer", "tabular"),
    ],
)
def test_a_name_moved_from_the_top_still_works_with_a_warning(name: str, module: str) -> None:
    import importlib

    assert name not in tiercert.__all__
    with pytest.warns(DeprecationWarning, match=f"import it from tiercert.{module}"):
        value = getattr(tiercert, name)
    assert value is getattr(importlib.import_module(f"tiercert.{module}"), name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        tiercert.nothing_here  # noqa: B018


def test_version_matches_the_package() -> None:
    # no tomllib: the project supports Python 3.10
    text = (EXAMPLES.parent.parent / "pyproject.toml").read_text()
    found = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert found is not None
    assert tiercert.__version__ == found.group(1)


def test_three_ways_to_build_a_rubric_give_the_same_rubric() -> None:
    loaded = tiercert.load_rubric(COMMUNE)
    assert tiercert.load_rubric(str(COMMUNE)).fingerprint == loaded.fingerprint
    parsed = tiercert.parse_rubric(COMMUNE.read_text(encoding="utf-8"), file="c.yaml")
    from_bytes = tiercert.parse_rubric(COMMUNE.read_bytes())
    mapped = tiercert.rubric_from_mapping(loaded.spec.model_dump(by_alias=True))
    assert {parsed.fingerprint, from_bytes.fingerprint, mapped.fingerprint} == {loaded.fingerprint}
    assert loaded.file == str(COMMUNE)
    assert parsed.file == "c.yaml"


def test_a_rubric_describes_itself() -> None:
    rubric = tiercert.load_rubric(COMMUNE)
    assert isinstance(rubric, Rubric)
    assert (rubric.id, rubric.version) == ("commune", "2024.1")
    assert repr(rubric) == "<Rubric commune 2024.1>"
    assert rubric.title() == "Chính quyền thân thiện"  # the rubric's own language
    assert rubric.title("en") == "Friendly government"
    assert rubric.title("fr") == "Chính quyền thân thiện"
    assert rubric.warnings == []
    assert rubric.provisional == []
    assert [(nid, depth) for nid, depth, _ in rubric.iter_nodes()][:3] == [
        ("g1", 0),
        ("g1.1", 1),
        ("g1.2", 1),
    ]
    assert rubric.fingerprint.startswith("sha256:")
    again = tiercert.parse_rubric(rubric.to_yaml())
    assert again.fingerprint == rubric.fingerprint


def test_rubric_errors_carry_every_problem() -> None:
    with pytest.raises(RubricError) as caught:
        tiercert.load_rubric(EXAMPLES / "invalid" / "tiers.yaml")
    error = caught.value
    assert isinstance(error, ProblemsError)
    assert isinstance(error, TiercertError)
    assert len(error.problems) == len(error.errors) == 6
    assert all(isinstance(p, Problem) for p in error.problems)
    first = error.problems[0]
    assert str(error) == f"invalid rubric: {first.format()} (and 5 more)"
    assert (first.line, first.column, first.where) == (10, 50, "$.gates[impossible].require")
    with pytest.raises(RubricError) as missing:
        tiercert.load_rubric(EXAMPLES / "no-such-file.yaml")
    assert [p.code for p in missing.value.problems] == ["file.unreadable"]
    with pytest.raises(RubricError):
        tiercert.parse_rubric("format: 1\n")
    with pytest.raises(RubricError):
        tiercert.rubric_from_mapping({"format": 1, "id": "x"})


def test_check_reports_never_raise() -> None:
    report = tiercert.check_file(EXAMPLES / "valid" / "warnings.yaml")
    assert isinstance(report, CheckReport)
    assert report.ok()
    assert not report.ok(strict=True)
    assert report.errors == []
    assert len(report.warnings) == 4
    assert all(p.severity is Severity.WARNING for p in report.warnings)
    bad = tiercert.check_source(b"a: \xff", file="x.yaml")
    assert not bad.ok()
    assert bad.problems[0].to_dict() == {
        "file": "x.yaml",
        "line": 1,
        "column": 4,
        "severity": "error",
        "path": "$",
        "message": "the byte at position 3 of the file (counting from 0) is not UTF-8 text; "
        "save the file as UTF-8 (in a spreadsheet program: 'CSV UTF-8' or 'YAML' as plain text)",
        "code": "yaml.encoding",
    }


def test_evaluate_a_mapping_or_an_assessment() -> None:
    rubric = tiercert.load_rubric(COMMUNE)
    by_mapping = rubric.evaluate(
        {**ANSWERS, **MORE}, facts={"head_disciplined": False}, unit_id="x", unit_name="Xã X"
    )
    assert isinstance(by_mapping, Result)
    assert (by_mapping.total, by_mapping.unit_id, by_mapping.unit_name) == (
        Fraction(90),
        "x",
        "Xã X",
    )
    assessment = Assessment(answers={**ANSWERS, **MORE}, unit_id="x", unit_name="Xã X")
    by_assessment = tiercert.evaluate(rubric, assessment)
    assert by_assessment.to_dict() == by_mapping.to_dict()
    assert tiercert.evaluate(rubric, {**ANSWERS, **MORE}).total == 90
    # facts given alongside an Assessment replace its facts
    knocked = rubric.evaluate(assessment, facts={"head_disciplined": True})
    assert knocked.failed_gates == ("no_discipline",)
    assert rubric.evaluate(assessment, engine="reference").to_dict() == by_assessment.to_dict()
    with pytest.raises(ValueError, match="engine must be 'fast' or 'reference'"):
        rubric.evaluate(assessment, engine="quick")  # type: ignore[arg-type]


def test_results_are_small_typed_and_serialisable() -> None:
    rubric = tiercert.load_rubric(COMMUNE)
    result = rubric.evaluate({**ANSWERS, **MORE})
    assert isinstance(result.total, Fraction)
    assert result.tier is not None
    assert (result.tier.id, result.tier.rank, result.certified) == ("s3", 3, True)
    assert result.tier.label == {"vi": "3 sao", "en": "3 stars"}
    assert result.next_tier is not None
    assert (result.next_tier.tier.id, result.next_tier.points_needed) == ("s4", Fraction(2))
    assert result.failed_gates == ()
    assert not result.depends_on_provisional
    node = result.nodes["g1.2"]
    assert (node.score, node.max, node.status, node.answer) == (
        Fraction(10),
        Fraction(20),
        "answered",
        "kha",
    )
    assert result.to_json() == result.to_json()
    assert tiercert.Result.from_json(result.to_json()) == result


def test_assessment_errors_carry_every_problem_with_positions() -> None:
    rubric = tiercert.load_rubric(COMMUNE)
    with pytest.raises(AssessmentError) as caught:
        rubric.evaluate({**ANSWERS, "g2.1": 101, "g9": 1})
    codes = [p.code for p in caught.value.problems]
    assert sorted(codes) == sorted(
        ["answer.invalid", "answer.unknown", "answer.missing", "answer.missing"]
    )
    assert str(caught.value).startswith("invalid assessment: <input>: error: $.answers: no answer")
    path = EXAMPLES / "invalid" / "assessments" / "commune" / "bad_answers.yaml"
    assessment = tiercert.load_assessment(path)
    with pytest.raises(AssessmentError) as located:
        rubric.evaluate(assessment)
    assert all(p.file == str(path) and p.line for p in located.value.problems)


def test_assessments_from_text_or_data() -> None:
    text = "rubric: commune\nunit: {id: u, name: U, district: D}\nanswers: {g1: 30}\n"
    parsed = tiercert.parse_assessment(text)
    assert (parsed.rubric_id, parsed.unit_id, parsed.unit_name) == ("commune", "u", "U")
    assert dict(parsed.answers) == {"g1": 30}
    data = tiercert.assessment_from_mapping({"answers": {"g1": 30}, "facts": {"x": 1}})
    assert dict(data.facts) == {"x": 1}
    with pytest.raises(AssessmentError) as caught:
        tiercert.assessment_from_mapping({"answer": {}})
    assert [p.message for p in caught.value.problems] == [
        "unknown key 'answer'; did you mean 'answers'?"
    ]
    with pytest.raises(AssessmentError) as missing:
        tiercert.load_assessment(EXAMPLES / "nope.yaml")
    assert missing.value.problems[0].code == "file.unreadable"


def test_problem_records() -> None:
    problem = Problem("band.gap", "values from 1 to 2 fall in no band; fix it", where="$.x")
    assert (
        problem.format()
        == "<input>: error: $.x: values from 1 to 2 fall in no band; fix it [band.gap]"
    )
    located = problem.located("r.yaml", 3, 7)
    assert located.format().startswith("r.yaml:3:7: error: $.x:")
    assert problem.is_error
    assert not Problem("x.y", "m", severity=Severity.WARNING).is_error


@pytest.mark.parametrize("data", [[1, 2], "format: 1"])
def test_a_rubric_that_is_not_a_mapping_is_a_rubric_error(data: object) -> None:
    with pytest.raises(RubricError) as caught:
        tiercert.rubric_from_mapping(data)  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["type.invalid"]


@pytest.mark.parametrize("answers", [[("g1", 30)], "g1: 30", None])
def test_answers_that_are_not_a_mapping_are_a_type_error(answers: object) -> None:
    rubric = tiercert.load_rubric(COMMUNE)
    with pytest.raises(TypeError, match="answers must be a mapping of criterion id to answer"):
        rubric.evaluate(answers)  # type: ignore[arg-type]


def test_a_result_reads_back_from_its_json_and_refuses_anything_else() -> None:
    result = tiercert.load_rubric(COMMUNE).evaluate({**ANSWERS, **MORE})
    data = result.to_dict()
    assert tiercert.Result.from_dict(data) == result
    broken: list[tuple[dict[str, object], str]] = [
        ({**data, "format": 1}, "a result of format 1"),
        ({k: v for k, v in data.items() if k != "total"}, "needs the key 'total'"),
        ({**data, "total": 90.0}, "'total' has the wrong type"),
        ({**data, "total": "9e1"}, r"\$\.total: expected a number written as results"),
        ({**data, "failed_gates": ["no_discipline"]}, "'failed_gates' does not list"),
        ({**data, "provisional": "abc"}, "'provisional' has the wrong type"),
        ({**data, "unit": {"id": 5, "name": None}}, r"\$\.unit\.id: expected a text"),
    ]
    for data_, message in broken:
        with pytest.raises(ValueError, match=message):
            tiercert.Result.from_dict(data_)
    with pytest.raises(ValueError, match="not JSON"):
        tiercert.Result.from_json("{")
    with pytest.raises(ValueError, match="nested deeper than 200 levels"):  # RecursionError once
        tiercert.Result.from_json("[" * 100_000 + "]" * 100_000)


CONTRADICTIONS = """
format: 1
id: c
version: "1"
title: C
criteria:
  - {id: c1, title: Satisfaction, max: 50, rule: {kind: direct}}
  - {id: c3, title: Posted, rule: {kind: boolean, points: 50}}
gates:
  - {id: posted, title: Posted, tiers: [gold], require: {answer: c3, equals: true}}
tiers:
  - {id: pass, label: Pass, rank: 1, min: 80}
  - {id: gold, label: Gold, rank: 2, min: 95}
"""


def test_a_result_that_contradicts_itself_is_refused() -> None:
    """Worked by hand: c1 25 + c3 50 = 75, below Pass (80): not certified, no tier, next
    tier Pass needing 5.  Each edit below contradicts the rest of the result."""
    rubric = tiercert.parse_rubric(CONTRADICTIONS)
    result = rubric.evaluate({"c1": 25, "c3": True})
    assert result.total == 75
    assert not result.certified
    assert result.tier is None
    assert result.next_tier is not None
    assert result.next_tier.points_needed == 5
    data = result.to_dict()
    assert tiercert.Result.from_dict(data) == result
    next_tier = data["next_tier"]
    assert next_tier is not None
    gold = {
        "id": "gold",
        "rank": 2,
        "label": {"en": "Gold"},
        "certified": True,
        "provisional": False,
    }
    pass_ = {
        "id": "pass",
        "rank": 1,
        "label": {"en": "Pass"},
        "certified": True,
        "provisional": False,
    }
    node = data["nodes"][0]
    failed_posted = [{**g, "passed": False} for g in data["gates"]]
    broken: list[tuple[dict[str, object], str]] = [
        ({**data, "certified": True, "total": "79", "nodes": []}, "lists none"),
        ({**data, "certified": True}, "'certified' contradicts the tier reached"),
        ({**data, "nodes": [node, node, *data["nodes"][1:]]}, "listed twice"),
        ({**data, "nodes": [{**node, "parent": "g9"}, *data["nodes"][1:]]}, "parent 'g9'"),
        ({**data, "total": "101"}, "'total' is outside"),
        ({**data, "total": "-1"}, "'total' is outside"),
        ({**data, "next_tier": {**next_tier, "points_needed": "4"}}, "points_needed"),
        (
            {
                **data,
                "next_tier": {**next_tier, **pass_, "rank": 0},
                "tier": pass_,
                "certified": True,
                "total": "90",
            },
            "not above the tier reached",
        ),
        (
            {
                **data,
                "tier": {**gold, "provisional": False},
                "certified": True,
                "total": "96",
                "next_tier": None,
                "gates": failed_posted,
                "failed_gates": ["posted"],
            },
            "a failed gate of the tier reached",
        ),
        (
            {**data, "next_tier": {**next_tier, "blocking_gates": ["posted"]}},
            "'blocking_gates'",
        ),
        ({**data, "total": "1" * 5000 + "/3"}, r"\$\.total: the number has more than 4300 digits"),
        ({**data, "nodes": [{**node, "answer": "2" * 4301}, *data["nodes"][1:]]}, "4300 digits"),
    ]
    for data_, message in broken:
        with pytest.raises(ValueError, match=message):
            tiercert.Result.from_dict(data_)
    # the most digits a result holds reads back
    big = {**data, "nodes": [{**node, "answer": "2" * 4300}, *data["nodes"][1:]]}
    assert tiercert.Result.from_dict(big).nodes["c1"].answer == int("2" * 4300)


def test_values_that_read_like_numbers_come_back_by_what_the_key_holds() -> None:
    rubric = tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": "t",
            "version": "1",
            "title": "T",
            "facts": [{"id": "code", "title": "Code", "type": "text"}],
            "criteria": [
                {
                    "id": "a",
                    "title": "A",
                    "rule": {
                        "kind": "levels",
                        "levels": [{"id": "10", "points": 1}, {"id": "x", "points": 2}],
                    },
                },
                {"id": "b", "title": "B", "max": 3, "rule": {"kind": "direct"}},
            ],
            "gates": [
                {"id": "k1", "title": "K1", "require": {"answer": "a", "equals": "x"}},
                {"id": "k2", "title": "K2", "require": {"fact": "code", "equals": "x"}},
                {"id": "k3", "title": "K3", "require": {"percent": "b", "at_least": 50}},
            ],
        }
    )
    result = rubric.evaluate({"a": "10", "b": "1"}, facts={"code": "80"})
    again = tiercert.Result.from_json(result.to_json())
    assert again == result
    assert again.to_json() == result.to_json()  # the JSON survives, byte for byte
    assert again.nodes["a"].answer == "10"  # a level id, as its rule says
    assert again.nodes["b"].answer == Fraction(1)
    k1, k2, k3 = (gate.failures[0] for gate in again.gates)
    assert (k1.actual, k3.actual) == ("10", Fraction(100, 3))
    assert k2.actual == "80"  # a text, quoted in the gate's reason
    assert again.gates[1].reason == 'fact code is "80", required equals "x"'


def test_to_data_keeps_numbers_numbers_through_json() -> None:
    # a gate comparing a number fact with 0 must not come back comparing it with the text "0"
    rubric = tiercert.parse_rubric(
        'format: 1\nid: n\nversion: "1"\ntitle: N\n'
        "facts:\n  - {id: fines, title: Fines, type: number}\n"
        "criteria:\n  - {id: a, title: A, rule: {kind: bands, bands: [{min: 0, max: 0.125, "
        "points: 1}, {min: 0.125, max: 12345678.123456789012, points: 2}]}}\n"
        "gates:\n  - {id: clean, title: Clean, require: {fact: fines, equals: 0}}\n"
        "tiers:\n  - {id: ok, label: OK, rank: 1, min: 1}\n"
    )
    data = rubric.to_data()
    assert data["gates"][0]["require"]["equals"] == 0
    assert data["criteria"][0]["rule"]["bands"][0]["max"] == 0.125
    # more digits than a float holds: the exact Decimal, which json refuses rather than alter
    assert data["criteria"][0]["rule"]["bands"][1]["max"] == Decimal("12345678.123456789012")
    data["criteria"][0]["rule"]["bands"][1]["max"] = 20
    edited = tiercert.rubric_from_mapping(data)
    again = tiercert.rubric_from_mapping(json.loads(json.dumps(edited.to_data())))
    assert again.fingerprint == edited.fingerprint
    assert again.evaluate({"a": 0}, facts={"fines": 0}).certified
