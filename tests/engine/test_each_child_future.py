"""``each_child_of`` compares the children that count: a future criterion waiting to count
(scored, not counted toward its group) is not compared, as a bonus or a penalty is not, and
is compared once it counts.  A gate on the children of a group that announces a criterion is
applied as usual (it was not applied at all, so a unit below the threshold on a criterion
that counts passed it), and a condition rule reading them no longer fails for a criterion not
counted yet.  The reference is the judge; the compiled evaluator agrees (property below)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercert import Assessment, check_source, parse_rubric
from tiercert.scorecard import threshold_marks

RUBRIC = """\
format: 1
id: tuong_lai
version: "1"
language: vi
title: Tiêu chí sắp tính
criteria:
  - id: g
    title: G
    children:
      - {id: a, title: A, max: 10, rule: {kind: direct}}
      - {id: f, title: F, max: 10, status: future, counts_from: "2027-01-01", rule: {kind: direct}}
      - {id: b, title: B, max: 2, bonus: true, rule: {kind: direct}}
  - {id: m, title: M, max: 10, status: future, counts_from: "2.0", rule: {kind: direct}}
  - id: c
    title: C
    max: 5
    rule: {kind: condition, when: {each_child_of: g, measure: percent, at_least: 50}, points: 5}
gates:
  - id: moi
    title: Mỗi tiêu chí của G từ 50%
    tiers: [t2]
    require: {each_child_of: g, measure: percent, at_least: 50}
  - id: goc
    title: Mỗi tiêu chí từ 40%
    tiers: [t2]
    require: {each_child_of: "@criteria", measure: percent, at_least: 40}
tiers:
  - {id: t1, label: T1, rank: 1, min: 5}
  - {id: t2, label: T2, rank: 2, min: 10}
"""

ENGINES = ("reference", "fast")
LATER = date(2027, 1, 1)  # f counts from this day on; m never in version 1


def _result(answers: dict[str, int], engine: str, as_of: date | None = None):  # type: ignore[no-untyped-def]
    rubric = parse_rubric(RUBRIC)
    return rubric.evaluate(Assessment(answers=answers), engine=engine, as_of=as_of)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_criterion_waiting_to_count_is_not_compared(engine: str) -> None:
    result = _result({"a": 10, "f": 0, "b": 0, "m": 0}, engine)
    assert [(g.id, g.passed, g.counted) for g in result.gates] == [
        ("moi", True, True),
        ("goc", True, True),
    ]
    assert result.nodes["c"].score == 5  # the condition rule held: f is not compared yet
    assert result.tier is not None
    assert result.tier.id == "t2"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gate_on_a_group_announcing_a_criterion_still_holds_a_unit_back(engine: str) -> None:
    result = _result({"a": 2, "f": 10, "b": 2, "m": 10}, engine)
    reasons = {g.id: (g.passed, g.counted, g.reason_in("en")) for g in result.gates}
    assert reasons["moi"] == (False, True, "percentage of a is 20, required at least 50")
    # g at 40% (2 and a bonus of 2, of 10) passes; m, waiting, is not compared
    assert reasons["goc"] == (False, True, "percentage of c is 0, required at least 40")


@pytest.mark.parametrize("engine", ENGINES)
def test_once_it_counts_it_is_compared(engine: str) -> None:
    result = _result({"a": 10, "f": 0, "b": 0, "m": 0}, engine, LATER)
    reasons = {g.id: (g.passed, g.reason_in("en")) for g in result.gates}
    assert reasons["moi"] == (False, "percentage of f is 0, required at least 50")
    assert result.nodes["c"].score == 0


def test_check_tells_no_gate_waits_for_it() -> None:
    """No ``lifecycle.gate`` (the gate is applied) nor ``lifecycle.reads`` (the rule does not
    read it while it waits) for a child compared once it counts; a gate on the children of a
    future group itself still waits for it."""
    assert [p.code for p in check_source(RUBRIC).problems] == ["bonus.nested"]
    future_g = '  - id: g\n    title: G\n    status: future\n    counts_from: "2.0"\n'
    waiting_group = RUBRIC.replace("  - id: g\n    title: G\n", future_g).replace(
        'counts_from: "2027-01-01"', 'counts_from: "2.0"'
    )
    codes = [p.code for p in check_source(waiting_group).problems]
    assert "lifecycle.gate" in codes


def test_the_scorecard_marks_no_threshold_on_a_criterion_waiting() -> None:
    marks = threshold_marks(parse_rubric(RUBRIC), "vi")
    assert sorted(marks) == ["c", "g"]  # not m (waiting)
    assert marks["g"][0][0] == Fraction(40)


@settings(max_examples=80, deadline=None)
@given(
    a=st.integers(0, 10),
    f=st.integers(0, 10),
    b=st.integers(0, 2),
    m=st.integers(0, 10),
    as_of=st.sampled_from((None, date(2026, 12, 31), LATER)),
)
def test_compiled_equals_reference_and_compares_what_counts(
    a: int, f: int, b: int, m: int, as_of: date | None
) -> None:
    answers = {"a": a, "f": f, "b": b, "m": m}
    reference, fast = (_result(answers, engine, as_of) for engine in ENGINES)
    assert reference.to_dict() == fast.to_dict()
    counts = as_of == LATER
    # worked from the rule, not from tiercert: every child of g that counts at 50% or more
    moi = a * 10 >= 50 and (not counts or f * 10 >= 50)
    assert [g.passed for g in reference.gates][:1] == [moi]
    assert all(g.counted for g in reference.gates)
    assert reference.nodes["c"].score == (5 if moi else 0)
