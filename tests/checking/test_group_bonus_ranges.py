"""A group with bonus children scores above its maximum (up to the maximum and the bonus), so
its percentage goes above 100: ``check`` judged ``percent: g, above: 100``, ``score: g,
at_least: 11`` (of a group of 10 with a bonus of 2) and ``each_child_of`` at 110% impossible
(``condition.unsatisfiable``, ``tier.unreachable``) although a unit answering everything in
full passes them (a stranger's review, twenty-third round).  It now judges them by what the
group reaches; a percentage reaches the most while a future criterion waits (a maximum that
follows from the criteria shrinks by its points)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tiercert import Assessment, check_source, parse_rubric

RUBRIC = """\
format: 1
id: thuong
version: "1"
language: vi
title: Điểm thưởng trong nhóm
criteria:
  - id: g
    title: G
    children:
      - {{id: a, title: A, max: 10, rule: {{kind: direct}}}}
      - {{id: b, title: B, max: 2, bonus: true, rule: {{kind: direct}}}}
  - id: h
    title: H
    children:
      - {{id: c, title: C, max: 10, rule: {{kind: direct}}}}
      - {{id: f, title: F, max: 10, status: future, counts_from: "2.0", rule: {{kind: direct}}}}
      - {{id: e, title: E, max: 4, bonus: true, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {condition}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 5}}
  - {{id: t2, label: T2, rank: 2, min: 10}}
"""


def _codes(condition: str) -> list[str]:
    report = check_source(RUBRIC.format(condition=condition))
    return [p.code for p in report.problems if p.code != "bonus.nested"]


@pytest.mark.parametrize(
    ("condition", "answers"),
    [
        ("{percent: g, above: 100}", {"a": 10, "b": 2}),
        ("{percent: g, at_least: 120}", {"a": 10, "b": 2}),
        ("{score: g, at_least: 12}", {"a": 10, "b": 2}),
        ("{score: g, above: 11.5}", {"a": 10, "b": 2}),
        ('{each_child_of: "@criteria", measure: percent, at_least: 110}', None),
        ('{each_child_of: "@criteria", measure: score, at_least: 11}', None),
        # h: 10 of 10 while f waits, and a bonus of 4: 140%
        ("{percent: h, at_least: 140}", {"c": 10, "e": 4}),
    ],
)
def test_a_group_with_a_bonus_reaches_above_its_maximum(
    condition: str, answers: dict[str, int] | None
) -> None:
    assert _codes(condition) == []
    rubric = parse_rubric(RUBRIC.format(condition=condition))
    full = {"a": 10, "b": 2, "c": 10, "f": 0, "e": 4} | (answers or {})
    for engine in ("reference", "fast"):
        result = rubric.evaluate(Assessment(answers=full), engine=engine)
        assert [g.passed for g in result.gates] == [True], engine


@pytest.mark.parametrize(
    ("condition", "english", "vietnamese"),
    [
        (
            "{percent: g, above: 120}",
            "the percentage of 'g' runs from 0 to 120 with its bonus criteria; change its numbers",
            "tỷ lệ phần trăm của 'g' chỉ từ 0 đến 120 kể cả các tiêu chí điểm thưởng; hãy sửa "
            "các số",
        ),
        (
            "{percent: h, above: 140}",
            "the percentage of 'h' runs from 0 to 140 with its bonus criteria; change its numbers",
            "tỷ lệ phần trăm của 'h' chỉ từ 0 đến 140 kể cả các tiêu chí điểm thưởng; hãy sửa "
            "các số",
        ),
        (
            "{score: g, at_least: 12.5}",
            "'g' scores from 0 to 12; change its numbers",
            "điểm của 'g' chỉ từ 0 đến 12; hãy sửa các số",
        ),
        (
            '{each_child_of: "@criteria", measure: percent, at_least: 121}',
            "the percentage of 'g' runs from 0 to 120 with its bonus criteria; change its numbers",
            "tỷ lệ phần trăm của 'g' chỉ từ 0 đến 120 kể cả các tiêu chí điểm thưởng; hãy sửa "
            "các số",
        ),
    ],
)
def test_beyond_the_bonus_is_still_impossible(
    condition: str, english: str, vietnamese: str
) -> None:
    report = check_source(RUBRIC.format(condition=condition))
    (unsatisfiable, unreachable) = [p for p in report.problems if p.code != "bonus.nested"]
    assert unsatisfiable.code == "condition.unsatisfiable"
    assert unsatisfiable.message == f"no unit can satisfy this comparison: {english}"
    assert unsatisfiable.text("vi") == (
        f"không đơn vị nào thỏa được phép so sánh này: {vietnamese}"
    )
    assert unreachable.code == "tier.unreachable"


def test_a_group_without_bonus_still_runs_to_100() -> None:
    source = RUBRIC.format(condition="{percent: c, above: 100}")
    (unsatisfiable, _) = check_source(source).problems[-2:]
    assert unsatisfiable.message == (
        "no unit can satisfy this comparison: a percentage runs from 0 to 100; change its numbers"
    )


TOTAL = """\
format: 1
id: tong
version: "1"
title: Total with a criterion waiting and a bonus
criteria:
  - {{id: a, title: A, max: 10, rule: {{kind: direct}}}}
  - {{id: f, title: F, max: 10, status: future, counts_from: "2.0", rule: {{kind: direct}}}}
  - {{id: b, title: B, max: 2, bonus: true, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {{percent: "@criteria", {operator}}}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 5}}
  - {{id: t2, label: T2, rank: 2, min: 10}}
"""


def test_the_total_s_percentage_reaches_the_most_while_a_criterion_waits() -> None:
    """The rubric's maximum is 10 while f waits (20 once it counts), so its total reaches 12
    of 10, 120% (it was judged to run to 22 of 20, 110%, and ``at_least: 115`` impossible)."""
    rubric = parse_rubric(TOTAL.format(operator="at_least: 115"))
    result = rubric.evaluate(Assessment(answers={"a": 10, "f": 0, "b": 2}))
    assert (result.percentage, [g.passed for g in result.gates]) == (Fraction(120), [True])
    (unsatisfiable, _) = check_source(TOTAL.format(operator="above: 120")).problems
    assert unsatisfiable.message == (
        "no unit can satisfy this comparison: the total's percentage runs from 0 to 120; "
        "change its numbers"
    )


ZERO = """\
format: 1
id: khong
version: "1"
language: vi
title: A criterion and a group worth 0
criteria:
  - {{id: a, title: A, max: 10, rule: {{kind: direct}}}}
  - {{id: z, title: Z, max: 0, rule: {{kind: direct}}}}
  - id: g
    title: G
    max: 0
    children:
      - {{id: c, title: C, max: 0, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {condition}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 5}}
  - {{id: t2, label: T2, rank: 2, min: 10}}
"""


@pytest.mark.parametrize("target", ["z", "g"])
@pytest.mark.parametrize("operator", ["above: 100", "at_least: 150"])
def test_a_node_worth_0_has_no_percentage_to_judge(target: str, operator: str) -> None:
    """A criterion or group worth 0 has no percentage (``ref.zero_max``): nothing is known of
    how high it runs, so the gate is not also judged never to pass (a top of 100 taken for it
    added ``tier.unreachable``, a second error on the same mistake)."""
    report = check_source(ZERO.format(condition=f"{{percent: {target}, {operator}}}"))
    assert [p.code for p in report.problems] == ["ref.zero_max"]
