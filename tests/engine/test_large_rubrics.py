"""A large rubric is scored by the reference first, and compiled once that pays off.

Writing and compiling the scorers of a rubric of thousands of criteria takes seconds, many
times one evaluation by the reference: the first verdicts of such a rubric come from the
reference, and its scorers are compiled after ``_REFERENCE_CALLS`` evaluations
(docs/performance.md, "Large rubrics").  The results are the same either way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import tiercert
from tiercert import rubric as rubric_module

KINDS = (
    "{kind: boolean, points: 2}",
    "{kind: levels, levels: [{id: a, points: 2}, {id: b, points: 1.5}, {id: c, points: 0}]}",
    "{kind: bands, range: {min: 0, max: 100}, bands: "
    "[{min: 0, max: 50, points: 0}, {min: 50, max: 100, points: 2}]}",
)


def _rubric(groups: int) -> tiercert.Rubric:
    lines = ["format: 1", "id: big", 'version: "1"', "title: Big", "criteria:"]
    for g in range(groups):
        lines += [f"  - id: g{g}", f"    title: G{g}", "    children:"]
        lines += [f"      - {{id: g{g}.{i}, title: C{i}, rule: {KINDS[i % 3]}}}" for i in range(10)]
    lines += ["tiers: [{id: t1, label: One, rank: 1, min: 10}]"]
    return tiercert.parse_rubric("\n".join(lines) + "\n")


def _answers(groups: int) -> dict[str, object]:
    values: list[object] = [True, "b", Decimal("49.5")]  # one per kind, in KINDS' order
    return {f"g{g}.{i}": values[i % 3] for g in range(groups) for i in range(10)}


def test_a_large_rubric_is_compiled_after_its_first_calls() -> None:
    groups = rubric_module._WARM_UP_ABOVE // 10 + 1  # just over the threshold
    rubric = _rubric(groups)
    answers = _answers(groups)
    expected = rubric.evaluate(answers, engine="reference")
    for _ in range(rubric_module._REFERENCE_CALLS // 2):
        assert rubric.verdict(answers) == (expected.total, expected.certified, expected.tier)
        assert rubric.evaluate(answers) == expected
    assert "_fast" not in vars(rubric)  # nothing compiled yet: the reference scored them
    assert rubric.verdict(answers) == (expected.total, expected.certified, expected.tier)
    assert "_fast" in vars(rubric)  # now compiled, and it agrees
    assert rubric.evaluate(answers) == expected
    assert rubric._fast is not None


def test_a_verdict_by_the_reference_skips_the_fingerprint() -> None:
    # a verdict keeps nothing of the rubric's fingerprint, which costs about a reference
    # evaluation of a large rubric: not computed for it, and the same decision
    groups = rubric_module._WARM_UP_ABOVE // 10 + 1
    rubric = _rubric(groups)
    answers = _answers(groups)
    verdict = rubric.verdict(answers)
    assert "fingerprint" not in vars(rubric)
    expected = rubric.evaluate(answers, engine="reference")
    assert verdict == (expected.total, expected.certified, expected.tier)
    assert "fingerprint" in vars(rubric)


def test_a_small_rubric_is_compiled_at_once() -> None:
    rubric = _rubric(2)
    rubric.verdict(_answers(2))
    assert "_fast" in vars(rubric)


def test_a_rubric_past_the_compile_limit_is_scored_by_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # compiling costs memory by the node: past the limit, never (the limit made small here)
    monkeypatch.setattr(rubric_module, "_COMPILE_AT_MOST", 15)
    rubric = _rubric(2)  # 22 nodes
    answers = _answers(2)
    expected = rubric.evaluate(answers, engine="reference")
    for _ in range(rubric_module._REFERENCE_CALLS + 2):
        assert rubric.evaluate(answers) == expected
        assert rubric.verdict(answers) == (expected.total, expected.certified, expected.tier)
    assert rubric._fast is None
    # a batch too: each row through the reference
    from tiercert.batch import score_records

    [record] = score_records(rubric, [{"unit_id": "u1", **answers}])
    assert record["total"] == expected.total
