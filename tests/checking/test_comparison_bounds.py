"""What ``check`` tells of a comparison's numbers besides a value beyond what its target
reaches (check's leftovers, twenty-fifth round):

- a ``ratio``'s answer, the share ``n/d`` from 0 to 1, compared with 80 is impossible, as any
  answer beyond its rule's range is (``condition.unsatisfiable``, ``tier.unreachable``);
- operators that contradict one another (``at_least: 80, at_most: 40``, ``above: 5, below:
  5``, ``equals: 3, above: 7``, an ``in`` whose values all fail ``at_least``) are an error
  where the comparison is written, whatever it compares; the gate's tiers are unreachable;
- a comparison every value of its target passes decides nothing: a warning
  (``condition.always``), which fails ``check --strict`` alone;
- an ``each_child_of`` threshold a future child cannot reach is no error while the child
  waits to count (the gate does not compare it yet): a warning saying from when
  (``lifecycle.unsatisfiable``).

All passed ``check --strict`` silently before, but a future child's, which was an error."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from tiercert import Assessment, check_source, parse_rubric
from tiercert.conditions._compare import OPERATORS
from tiercert.rubric import Rubric

RUBRIC = """\
format: 1
id: so_sanh
version: "1.0"
language: vi
title: So sánh
facts:
  - {{id: f, title: F, type: number}}
criteria:
  - {{id: r, title: Tỷ lệ, max: 10, rule: {{kind: ratio, points: 10}}}}
  - id: lin
    title: Lin
    max: 10
    rule: {{kind: linear, start: {{value: 0, points: 0}}, end: {{value: 100, points: 10}},
            range: {{min: 0, max: 100}}}}
  - id: g1
    title: G1
    children:
      - {{id: a, title: A, max: 5, rule: {{kind: direct}}}}
      - {{id: b, title: B, max: 5, rule: {{kind: direct}}}}
  - id: an
    title: Có thể không áp dụng
    max: 10
    na: {{counts_as: excluded}}
    rule: {{kind: linear, start: {{value: 0, points: 0}}, end: {{value: 100, points: 10}},
            range: {{min: 0, max: 100}}}}
  - id: tt
    title: Chấm thẳng
    direct: true
    children:
      - {{id: c, title: C, max: 5, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {condition}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 5}}
  - {{id: t2, label: T2, rank: 2, min: 10}}
"""


def _problems(condition: str) -> list[tuple[str, str, str, int | None, int | None]]:
    report = check_source(RUBRIC.format(condition=condition))
    return [
        (p.code, p.message, p.text("vi"), p.line, p.column)
        for p in report.problems
        if p.code != "fact.unused"  # (the fact is there for the comparisons that read it)
    ]


def _built(source: str) -> Rubric:
    """The rubric of ``source`` compiled whatever check says of it (a gate it calls impossible
    is evaluated, to show that the evaluators agree)."""
    report = check_source(source)
    assert report.spec is not None
    told = [p for p in report.problems if p.code not in _JUDGED]
    return Rubric(report.spec, report=replace(report, problems=told))


#: what check says of a comparison's numbers: the rubric is sound otherwise
_JUDGED = {"condition.unsatisfiable", "tier.unreachable"}


# --- a ratio's share --------------------------------------------------------------------------


def test_a_ratio_s_answer_compared_with_a_percentage_is_impossible() -> None:
    """The share is 0 to 1 (24/27 reads as 0.888…): 80 is never reached."""
    (unsatisfiable, unreachable) = _problems("{answer: r, at_least: 80}")
    assert unsatisfiable[:2] == (
        "condition.unsatisfiable",
        "no unit can satisfy this comparison: the answer to 'r' is a number from 0 to 1; "
        "compare it with numbers in that range",
    )
    assert unsatisfiable[2].startswith("không đơn vị nào thỏa được phép so sánh này")
    assert (unsatisfiable[3], unsatisfiable[4]) == (32, 45)
    assert unreachable[0] == "tier.unreachable"


@pytest.mark.parametrize(
    "condition",
    ["{answer: r, at_least: 0.8}", "{answer: r, at_most: 1, above: 0.5}", "{answer: r, equals: 1}"],
)
def test_a_ratio_s_answer_compared_with_a_share_is_no_problem(condition: str) -> None:
    assert _problems(condition) == []


def test_a_ratio_s_gate_that_check_calls_impossible_fails_a_full_share() -> None:
    """What check says is what the evaluators do: 27/27 is 1, not 100."""
    rubric = _built(RUBRIC.format(condition="{answer: r, at_least: 80}"))
    answers = {"r": "27/27", "lin": 100, "a": 5, "b": 5, "an": 100, "c": 5}
    for engine in ("reference", "fast"):
        result = rubric.evaluate(Assessment(answers=answers, facts={"f": 1}), engine=engine)
        assert [g.passed for g in result.gates] == [False]


# --- operators that contradict one another ----------------------------------------------------

_BOUNDS = (
    "contradict: no value passes both, so this comparison can never hold; put the lower "
    "number in at_least or above and the higher in at_most or below, or write 'any:' with one "
    "comparison each if either range should pass"
)


@pytest.mark.parametrize(
    ("condition", "english", "vietnamese"),
    [
        (
            "{score: g1, at_least: 8, at_most: 4}",
            f"'at_least: 8' and 'at_most: 4' {_BOUNDS}",
            "'at_least: 8' và 'at_most: 4' mâu thuẫn nhau",
        ),
        (
            "{answer: lin, above: 5, below: 5}",
            f"'above: 5' and 'below: 5' {_BOUNDS}",
            "'above: 5' và 'below: 5' mâu thuẫn nhau",
        ),
        (
            "{answer: lin, equals: 3, above: 7}",
            "'equals: 3' and 'above: 7' contradict: no value passes both, so this comparison "
            "can never hold; keep only the one you mean",
            "'equals: 3' và 'above: 7' mâu thuẫn nhau",
        ),
        (
            "{answer: lin, in: [1, 2], at_least: 5}",
            "no value that 'in' lists passes 'at_least: 5', so this comparison can never hold; "
            "list values that pass, or change 'at_least: 5'",
            "không giá trị nào 'in' liệt kê qua được 'at_least: 5'",
        ),
        (
            "{fact: f, at_least: 3, at_most: 3, not_equals: 3}",
            "'at_least: 3' and 'at_most: 3' leave one value, which 'not_equals: 3' takes "
            "away, so this comparison can never hold; widen the range or remove "
            "'not_equals: 3'",
            "'at_least: 3' và 'at_most: 3' chỉ để lại một giá trị",
        ),
        (
            "{percent: g1, at_least: 80.5, below: 80.5}",
            f"'at_least: 80.5' and 'below: 80.5' {_BOUNDS}",
            "'at_least: 80.5' và 'below: 80.5' mâu thuẫn nhau",
        ),
        (
            "{each_child_of: g1, measure: score, above: 4, at_most: 2}",
            f"'above: 4' and 'at_most: 2' {_BOUNDS}",
            "'above: 4' và 'at_most: 2' mâu thuẫn nhau",
        ),
    ],
)
def test_operators_that_contradict_are_told_where_the_comparison_is(
    condition: str, english: str, vietnamese: str
) -> None:
    (contradiction, unreachable) = _problems(condition)
    assert contradiction[0] == "condition.unsatisfiable"
    assert contradiction[1] == english
    assert vietnamese in contradiction[2]
    assert (contradiction[3], contradiction[4]) == (32, 45)  # where the gate's 'require' is
    assert unreachable[0] == "tier.unreachable"
    assert "t2" in unreachable[1]


def test_a_contradiction_inside_any_is_told_at_its_branch_and_blocks_no_tier() -> None:
    """The other branch may still hold: no tier is unreachable."""
    (found,) = _problems("{any: [{score: a, at_least: 3, below: 2}, {score: b, at_least: 3}]}")
    assert found[0] == "condition.unsatisfiable"
    assert (found[3], found[4]) == (32, 52)


@pytest.mark.parametrize(
    "condition",
    [
        "{answer: lin, at_least: 40, at_most: 80}",
        "{answer: lin, at_least: 5, at_most: 5}",  # one value passes
        "{answer: lin, equals: 5, at_least: 5}",
        "{answer: lin, in: [1, 7], at_least: 5}",
        "{answer: an, in: [na, 7], above: 50}",  # N/A: an answer that is no number
        "{fact: f, at_least: {fact: f}, at_most: 3}",  # a fact's value: known for a unit only
    ],
)
def test_operators_some_value_passes_together_are_no_problem(condition: str) -> None:
    assert [p[0] for p in _problems(condition)] == []


def test_both_evaluators_fail_every_unit_on_contradicting_operators() -> None:
    rubric = _built(RUBRIC.format(condition="{score: g1, at_least: 8, at_most: 4}"))
    for a in range(6):
        answers = {"r": "1/2", "lin": 50, "a": a, "b": 5, "an": 1, "c": 1}
        for engine in ("reference", "fast"):
            result = rubric.evaluate(Assessment(answers=answers, facts={"f": 1}), engine=engine)
            assert [g.passed for g in result.gates] == [False]


# --- comparisons that always hold -------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "english", "column"),
    [
        ("{answer: lin, at_least: 0}", "the answer to 'lin' is a number from 0 to 100", 45),
        ("{score: g1, at_most: 10}", "'g1' scores from 0 to 10", 45),
        ("{percent: g1, above: -1, at_most: 100}", "the percentage of 'g1' runs from 0 to 100", 45),
        ("{answer: r, at_most: 1, not_equals: 2}", "the answer to 'r' is a number from 0 to 1", 45),
        ("{any: [{score: a, at_least: 0}, {score: b, at_least: 3}]}", "'a' scores from 0 to 5", 52),
    ],
)
def test_a_comparison_every_value_passes_is_a_warning(
    condition: str, english: str, column: int
) -> None:
    ((code, message, text, line, col),) = _problems(condition)
    assert code == "condition.always"
    assert message == (
        f"this comparison always holds: {english}, and every such value passes it, so it decides "
        "nothing; remove it, or compare with a number inside that range"
    )
    assert text.startswith("phép so sánh này luôn đúng")
    assert (line, col) == (32, column)


@pytest.mark.parametrize(
    "condition",
    [
        "{answer: an, at_least: 0}",  # N/A passes no comparison of numbers
        "{score: c, at_least: 0}",  # 'tt' scored directly: c is not known, and fails it
        "{answer: c, at_most: 5}",
        "{answer: lin, at_least: 0, at_most: {fact: f}}",
        "{answer: lin, not_equals: 50}",
        "{answer: lin, above: 0}",
        "{score: g1, at_most: 9.5}",
        "{answer: r, in: [0, 1]}",
    ],
)
def test_a_comparison_some_value_fails_is_no_warning(condition: str) -> None:
    assert [p[0] for p in _problems(condition)] == []


def test_the_warning_leaves_check_valid_and_fails_it_under_strict(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(RUBRIC.format(condition="{score: g1, at_most: 10}"), encoding="utf-8")
    status, out, _ = run_cli("check", str(rubric), "--lang", "en")
    assert status == 0
    assert "[condition.always]" in out  # and fact.unused
    assert out.splitlines()[-1].endswith("valid (0 errors, 2 warnings); 0 provisional elements")
    status, _, _ = run_cli("check", str(rubric), "--strict")
    assert status == 1


# --- a future child's threshold ---------------------------------------------------------------

FUTURE = """\
format: 1
id: tuong_lai
version: "1.0"
title: Tương lai
criteria:
  - id: g
    title: G
    children:
      - {{id: a, title: A, max: 40, rule: {{kind: direct}}}}
      - {{id: b, title: B, max: 5, status: future, counts_from: "{when}", rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {{each_child_of: g, measure: score, at_least: 10}}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 10}}
  - {{id: t2, label: T2, rank: 2, min: 20}}
"""


@pytest.mark.parametrize("when", ["2.0", "2027-01-01"])
def test_a_future_child_that_cannot_reach_the_threshold_is_a_warning_of_when(when: str) -> None:
    """While 'b' waits the gate compares 'a' alone, and a unit at 10 passes it: no tier is
    unreachable, but the gate will fail every unit once 'b' counts."""
    report = check_source(FUTURE.format(when=when))
    ((code, severity, message, text),) = [
        (p.code, p.severity.value, p.message, p.text("vi")) for p in report.problems
    ]
    assert (code, severity) == ("lifecycle.unsatisfiable", "warning")
    assert message == (
        f"once 'b' counts (from {when}), no unit can satisfy this comparison: 'b' scores from 0 "
        "to 5; change its numbers"
    )
    assert text.startswith(f"khi 'b' bắt đầu được tính (từ {when}), không đơn vị nào")
    rubric = parse_rubric(FUTURE.format(when=when))
    for engine in ("reference", "fast"):
        result = rubric.evaluate(Assessment(answers={"a": 10, "b": 0}), engine=engine)
        assert [g.passed for g in result.gates] == [True]


def test_a_future_child_this_version_counts_is_still_an_error() -> None:
    report = check_source(FUTURE.format(when="1.0"))
    codes = [p.code for p in report.problems]
    assert codes == ["lifecycle.reached", "condition.unsatisfiable", "tier.unreachable"]


# --- the verdict is the reference's -----------------------------------------------------------

PROPERTY = """\
format: 1
id: p
version: "1"
title: P
criteria:
  - id: x
    title: X
    max: 10
    rule: {{kind: linear, start: {{value: {low}, points: 0}}, end: {{value: {high}, points: 10}},
            range: {{min: {low}, max: {high}}}}}
gates:
  - {{id: k, title: K, require: {{answer: x, {ops}}}}}
tiers: []
"""

_VALUES = st.integers(-3, 13).map(lambda n: Fraction(n, 2))


@st.composite
def _comparison(draw: st.DrawFn) -> dict[str, object]:
    names = draw(
        st.lists(
            st.sampled_from(OPERATORS),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    return {
        n: draw(st.lists(_VALUES, min_size=1, max_size=3)) if n == "in" else draw(_VALUES)
        for n in names
    }


def _written(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_written(v) for v in value) + "]"
    assert isinstance(value, Fraction)
    return str(float(value))


@settings(max_examples=60, deadline=None)
@given(ops=_comparison(), low=st.integers(0, 2), width=st.integers(1, 4))
def test_check_s_verdict_is_the_reference_s_over_the_range(
    ops: dict[str, object], low: int, width: int
) -> None:
    """Random comparisons of an answer from ``low`` to ``high``: ``check`` says impossible
    exactly when the reference fails the gate at every number of the range (its ends, every
    value written and the points between), always exactly when it passes it at every one."""
    high = low + width
    source = PROPERTY.format(
        low=low, high=high, ops=", ".join(f"{n}: {_written(v)}" for n, v in ops.items())
    )
    codes = {p.code for p in check_source(source).problems}
    rubric = _built(source)
    written = [v for value in ops.values() for v in (value if isinstance(value, list) else [value])]
    inside = [v for v in written if isinstance(v, Fraction) and low <= v <= high]
    points = sorted({Fraction(low), Fraction(high), *inside})
    points += [(p + q) / 2 for p, q in pairwise(points)]
    passed = []
    for point in points:
        answer = str(point.numerator) if point.denominator == 1 else str(float(point))
        result = rubric.evaluate(Assessment(answers={"x": answer}), engine="reference")
        passed.append(result.gates[0].passed)
    assert ("condition.unsatisfiable" in codes) == (not any(passed)), (source, passed)
    assert ("condition.always" in codes) == all(passed), (source, passed)
    assert codes <= {"condition.unsatisfiable", "condition.always", "tier.unreachable"}
