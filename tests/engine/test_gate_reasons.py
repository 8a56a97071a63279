"""A failed gate says why in plain numbers, and its result serialises like every other value."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import tiercert
from tiercert.cli import main

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
