"""A gate comparing an answer beyond what its rule takes (``answer: lin, at_least: 150`` where
the answers run from 0 to 100, ``at_most: -5`` of a count) can never pass: ``check`` says so
where it is written (``condition.unsatisfiable``, and ``tier.unreachable`` for the tiers it
guards), in the reader's language, as it does of a score above a criterion's maximum.  It
passed ``check --strict`` before (a stranger's review, twenty-third round).  An answer with no
bound (a ``linear`` rule without ``range``) is never judged; N/A makes no comparison pass."""

from __future__ import annotations

import pytest

from tiercert import Assessment, check_source, parse_rubric

RUBRIC = """\
format: 1
id: tra_loi
version: "1"
language: vi
title: Câu trả lời
criteria:
  - id: lin
    title: Tỷ lệ
    max: 10
    na: {{counts_as: excluded}}
    rule:
      kind: linear
      start: {{value: 0, points: 0}}
      end: {{value: 100, points: 10}}
      range: {{min: 0, max: 100}}
  - {{id: cnt, title: Số lượng, max: 10, rule: {{kind: count, per_item: 1, max_items: 10}}}}
  - {{id: mo, title: Mở, max: 10, rule: {{kind: count, per_item: 1}}}}
  - id: bd
    title: Dải
    max: 10
    rule: {{kind: bands, bands: [{{min: 2.5, max: 50, points: 5}}, {{min: 50, points: 10}}]}}
  - {{id: dr, title: Trực tiếp, max: 7.5, rule: {{kind: direct}}}}
  - id: tu_do
    title: Tự do
    max: 10
    rule: {{kind: linear, start: {{value: 0, points: 0}}, end: {{value: 100, points: 10}}}}
  - {{id: doc, title: Đọc, max: 7.5, answer_from: dr, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {condition}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 10}}
  - {{id: t2, label: T2, rank: 2, min: 20}}
"""


def _found(condition: str) -> list[tuple[str, str, str, int | None, int | None]]:
    report = check_source(RUBRIC.format(condition=condition))
    return [(p.code, p.message, p.text("vi"), p.line, p.column) for p in report.problems]


@pytest.mark.parametrize(
    ("condition", "english", "vietnamese"),
    [
        (
            "{answer: lin, at_least: 150}",
            "the answer to 'lin' is a number from 0 to 100",
            "câu trả lời cho 'lin' là một số từ 0 đến 100",
        ),
        (
            "{answer: cnt, at_most: -5}",
            "the answer to 'cnt' is a number from 0 to 10",
            "câu trả lời cho 'cnt' là một số từ 0 đến 10",
        ),
        (
            "{answer: mo, below: 0}",
            "the answer to 'mo' is a number of at least 0",
            "câu trả lời cho 'mo' là một số từ 0 trở lên",
        ),
        (
            "{answer: bd, below: 2.5}",
            "the answer to 'bd' is a number of at least 2.5",
            "câu trả lời cho 'bd' là một số từ 2,5 trở lên",
        ),
        (
            "{answer: dr, above: 7.5}",
            "the answer to 'dr' is a number from 0 to 7.5",
            "câu trả lời cho 'dr' là một số từ 0 đến 7,5",
        ),
        (
            "{answer: lin, equals: 150}",
            "the answer to 'lin' is a number from 0 to 100",
            "câu trả lời cho 'lin' là một số từ 0 đến 100",
        ),
        (
            "{answer: lin, in: [-1, 101]}",
            "the answer to 'lin' is a number from 0 to 100",
            "câu trả lời cho 'lin' là một số từ 0 đến 100",
        ),
        (  # a criterion reading another's answer: that one's answers
            "{answer: doc, at_least: 8}",
            "the answer to 'doc' is a number from 0 to 7.5",
            "câu trả lời cho 'doc' là một số từ 0 đến 7,5",
        ),
    ],
)
def test_an_answer_compared_beyond_its_rule_s_range_is_told_where(
    condition: str, english: str, vietnamese: str
) -> None:
    (unsatisfiable, unreachable) = _found(condition)
    code, message, text, line, column = unsatisfiable
    assert code == "condition.unsatisfiable"
    assert message == (
        f"no unit can satisfy this comparison: {english}; compare it with numbers in that range"
    )
    assert text == (
        f"không đơn vị nào thỏa được phép so sánh này: {vietnamese}; hãy so sánh nó với các số "
        "trong khoảng đó"
    )
    assert (line, column) == (29, 45)  # where the gate's 'require' is written
    assert unreachable[0] == "tier.unreachable"
    assert "t2" in unreachable[1]


@pytest.mark.parametrize(
    "condition",
    [
        "{answer: lin, at_least: 100}",
        "{answer: lin, above: 99.5}",
        "{answer: lin, at_most: 0}",
        "{answer: lin, equals: na}",
        "{answer: lin, in: [na, 150]}",  # N/A passes it
        "{answer: lin, in: [150, 100]}",
        "{answer: lin, not_equals: 150}",  # always holds for an answer: not judged here
        "{answer: cnt, at_least: 10}",
        "{answer: mo, at_least: 1000}",  # no most: any count
        "{answer: bd, at_least: 1000}",  # its last band has no end
        "{answer: tu_do, at_least: 150}",  # no range: any number
        "{answer: tu_do, below: -5}",
        "{answer: dr, at_least: {fact: f}}",
    ],
)
def test_an_answer_compared_within_its_range_or_with_no_bound_is_no_problem(
    condition: str,
) -> None:
    source = RUBRIC.format(condition=condition)
    if "fact: f" in condition:
        source = source.replace(
            "criteria:\n", "facts:\n  - {id: f, title: F, type: number}\ncriteria:\n", 1
        )
    assert [p.code for p in check_source(source).problems] == []


def test_n_a_never_makes_an_impossible_comparison_pass() -> None:
    """What check says is what the evaluators do: an answer N/A fails ``at_least: 150`` too
    (an order operator compares numbers), so no answer at all passes the gate."""
    source = RUBRIC.format(condition="{answer: lin, at_least: 100}")
    rubric = parse_rubric(source)
    answers = {"lin": "na", "cnt": 1, "mo": 1, "bd": 3, "dr": 1, "tu_do": 1}
    for engine in ("reference", "fast"):
        result = rubric.evaluate(Assessment(answers=answers), engine=engine)
        assert [g.passed for g in result.gates] == [False]
