"""A failed gate says why in plain numbers, and its result serialises like every other value."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import tiercert
from tiercert.cli import main
from tiercert.result import Failure, GateResult

RUBRIC = """\
format: 1
id: gates
version: "1"
title: Gates
facts:
  - {id: kind, title: Kind, type: choice, options: [a, b, c]}
criteria:
  - {id: a, title: A, max: 3, rule: {kind: direct}}
gates:
  - {id: third, title: Half of A, require: {percent: a, at_least: 50}}
  - {id: kind_ab, title: Kind a or b, require: {fact: kind, in: [a, b]}}
"""


def test_a_failed_percentage_gate_reports_exact_values() -> None:
    result = tiercert.parse_rubric(RUBRIC).evaluate({"a": 1}, facts={"kind": "c"})
    third, kind = result.gates
    (failure,) = third.failures
    assert failure.actual == Fraction(100, 3)  # exact; shown cut to 12 places
    assert failure.expected == 50
    assert third.reason == "percentage of a is 33.333333333333…, required at least 50"
    assert kind.reason == 'fact kind is "c", required in ["a", "b"]'
    data = json.loads(result.to_json())
    assert data["gates"][0]["failures"][0]["actual"] == "100/3"
    assert data["gates"][0]["failures"][0]["expected"] == "50"
    assert data["gates"][1]["failures"][0]["expected"] == ["a", "b"]


def test_score_json_works_when_a_gate_fails(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("answers: {a: 1}\nfacts: {kind: a}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = main(["score", str(rubric), str(answers), "--format", "json"], stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    assert json.loads(out.getvalue())["failed_gates"] == ["third"]


EACH = """\
format: 1
id: each
version: "1"
title: Each
criteria:
  - {id: g1, title: G1, max: 40, rule: {kind: direct}}
  - {id: g2, title: G2, max: 30, rule: {kind: direct}}
gates:
  - {id: half, title: Half, require: {each_child_of: "@criteria", measure: percent, at_least: 50}}
  - {id: some, title: Some, require: {percent: g1, at_least: 10}, provisional: true, note: A model}
  - {id: more, title: More, require: {percent: g2, at_least: 10}}
tiers:
  - {id: ok, label: OK, rank: 1, min: 10}
"""


def test_gates_on_every_child_are_explained_by_the_compiled_evaluator_as_by_the_reference() -> None:
    # (mutation testing, thirteenth round: FastEvaluator.__init__'s mutants 211, 230, 257
    # survived) a gate on every child of a group reads the rubric's plan to find them, a
    # rubric may have more gates than criteria, a gate passed may be provisional: the
    # compiled evaluator, made here, inside the test, gives the reference's results
    rubric = tiercert.parse_rubric(EACH)
    fast = rubric._fast
    assert fast is not None
    for answers in ({"g1": 30, "g2": 10}, {"g1": 30, "g2": 20}):
        want = rubric.evaluate(answers, engine="reference")
        assert fast.result(answers, {}, False, None, None) == want
    assert [(g.passed, g.provisional) for g in want.gates] == [
        (True, False),
        (True, True),
        (True, False),
    ]
    failed = rubric.evaluate({"g1": 30, "g2": 10}, engine="reference").gates[0]
    assert not failed.passed
    assert failed.failures


# a minimum that depends on facts, as docs/authoring.md writes it: one case per combination
CASES = """\
format: 1
id: camp
version: "1"
title: Campsite
facts:
  - {id: fd, title: Food services, type: boolean}
  - {id: gr, title: Green areas, type: boolean}
criteria:
  - {id: opt, title: Optional, max: 40, rule: {kind: direct}}
  - {id: other, title: Other, max: 40, rule: {kind: direct}}
gates:
  - id: enough
    title: Enough optional points
    require:
      any:
        - all: [{fact: fd, equals: false}, {fact: gr, equals: false}, {score: opt, at_least: 20}]
        - all: [{fact: fd, equals: true}, {fact: gr, equals: false}, {score: opt, at_least: 23}]
        - all: [{fact: fd, equals: false}, {fact: gr, equals: true}, {score: opt, at_least: 23}]
        - all: [{fact: fd, equals: true}, {fact: gr, equals: true}, {score: opt, at_least: 26}]
  - id: either
    title: Either
    require:
      any:
        - {score: opt, at_least: 30}
        - all: [{percent: other, at_least: 50}, {fact: fd, equals: false}]
        - {percent: other, at_least: 90}
tiers:
  - {id: ok, label: OK, rank: 1, min: 10}
"""


def test_a_failed_any_says_how_many_cases_and_the_nearest_only() -> None:
    # (leftovers, fourteenth round) a failed ``any`` listed every case's comparisons, 7 for
    # these 4 cases: an assessor could not find the one that applies to the unit. The case
    # whose facts match is the nearest; the compiled evaluator says what the reference says.
    rubric = tiercert.parse_rubric(CASES)
    answers, facts = {"opt": 21, "other": 10}, {"fd": True, "gr": False}
    want = rubric.evaluate(answers, facts=facts, engine="reference")
    assert rubric.evaluate(answers, facts=facts) == want
    enough, either = want.gates
    assert enough.reason == (
        "none of the 4 cases held; the nearest: score opt is 21, required at least 23"
    )
    assert enough.reason_in("vi") == (
        "không trường hợp nào trong 4 trường hợp được đáp ứng; trường hợp gần nhất: "
        "điểm của opt là 21, yêu cầu tối thiểu 23"
    )
    # cases as near (one comparison each, no fact) are each told, after an "or"; the case
    # whose fact differs is further
    assert either.reason == (
        "none of the 3 cases held; the nearest: score opt is 21, required at least 30; "
        "or percentage of other is 25, required at least 90"
    )
    assert either.reason_in("vi").count("; hoặc ") == 1
    # the lines are failures like any other: they survive the JSON
    assert tiercert.Result.from_json(want.to_json()).gates == want.gates
    subjects = [f.subject for f in either.failures]
    assert subjects == ["any", "score", "or", "percent"]


def test_a_case_whose_facts_differ_is_never_the_nearest_while_one_matches() -> None:
    rubric = tiercert.parse_rubric(CASES)
    # gr: the third case; its score fails by 13 points, the first case's fact by one
    answers, facts = {"opt": 10, "other": 10}, {"fd": False, "gr": True}
    want = rubric.evaluate(answers, facts=facts, engine="reference")
    assert rubric.evaluate(answers, facts=facts) == want
    assert want.gates[0].reason.endswith("the nearest: score opt is 10, required at least 23")
    # an ``any`` of one case is that case
    one = CASES.replace("        - {percent: other, at_least: 90}\n", "").replace(
        "        - {score: opt, at_least: 30}\n", ""
    )
    gate = tiercert.parse_rubric(one).evaluate(answers, facts=facts, engine="reference").gates[1]
    assert not gate.passed
    assert gate.reason == "percentage of other is 25, required at least 50"


def test_the_scorecard_tells_a_failed_any_line_by_line() -> None:
    from tiercert.scorecard import build_card

    rubric = tiercert.parse_rubric(CASES)
    result = rubric.evaluate({"opt": 21, "other": 10}, facts={"fd": True, "gr": False})
    card = build_card(result, rubric, lang="en", date="2026-01-01")
    either = next(g for g in card.gates if g.id == "either")
    assert [f.kind for f in either.failures] == ["any", "compare", "or", "compare"]


NESTED = CASES.replace(
    "tiers:\n",
    """  - id: nested
    title: Nested
    require:
      any:
        - any: [{score: opt, at_least: 30}, {score: other, at_least: 30}]
        - all: [{score: opt, at_least: 35}, {score: other, at_least: 35}]
        - all:
            - {score: opt, at_least: 39}
            - {score: other, at_least: 39}
            - {percent: other, at_least: 99}
tiers:
""",
)


def test_the_lines_of_an_any_inside_a_case_are_no_comparisons() -> None:
    # (mutation testing, fourteenth round: _distance's and _evaluate's survivors) an ``any``
    # inside a case adds its lines, which do not make the case further; the reference decides
    # the gates as the compiled evaluator does; the lines are exactly these values
    rubric = tiercert.parse_rubric(NESTED)
    answers, facts = {"opt": 21, "other": 10}, {"fd": True, "gr": False}
    want = rubric.evaluate(answers, facts=facts, engine="reference")
    assert rubric.evaluate(answers, facts=facts) == want
    nested = want.gates[2]
    assert nested.reason == (
        "none of the 3 cases held; the nearest: none of the 2 cases held; the nearest: score opt "
        "is 21, required at least 30; or score other is 10, required at least 30; or score opt "
        "is 21, required at least 35; score other is 10, required at least 35"
    )
    assert nested.failures[0] == Failure("any", "3", False, "equals", True)
    assert nested.failures[3] == nested.failures[5] == Failure("or", "", False, "equals", True)
    assert [g.passed for g in want.gates] == [False, False, False]
    passed = rubric.evaluate({"opt": 23, "other": 10}, facts=facts, engine="reference").gates
    assert [g.passed for g in passed] == [True, False, False]
    assert passed[0].reason_in("en") == "passed"
    assert passed[0].reason_in("vi") == "đạt"
    assert GateResult("g", False, None).reason == "failed"
