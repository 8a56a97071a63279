"""``each_child_of`` with a threshold no child can reach (``at_least: 150`` percent, or a score
above a child's maximum) is ``condition.unsatisfiable``, and the tiers its gate guards are
``tier.unreachable``, as ``score`` and ``percent`` tell of one criterion: it used to pass
``check --strict`` and hold every unit below the tier."""

from __future__ import annotations

import pytest

from tiercert import check_source

RUBRIC = """\
format: 1
id: moi
version: "1"
language: vi
title: Mỗi tiêu chí
criteria:
  - id: g
    title: G
    children:
      - {{id: a, title: A, max: 40, rule: {{kind: direct}}}}
      - {{id: b, title: B, max: 12.5, rule: {{kind: direct}}}}
      - {{id: z, title: Z, max: 0, rule: {{kind: direct}}}}
gates:
  - {{id: k, title: K, tiers: [t2], require: {condition}}}
tiers:
  - {{id: t1, label: T1, rank: 1, min: 10}}
  - {{id: t2, label: T2, rank: 2, min: 20}}
"""


def _found(condition: str) -> list[tuple[str, str, str]]:
    report = check_source(RUBRIC.format(condition=condition))
    return [(p.code, p.message, p.text("vi")) for p in report.problems]


@pytest.mark.parametrize("target", ['"@criteria"', "g"])
def test_a_percentage_above_100_for_every_child_is_refused(target: str) -> None:
    condition = f"{{each_child_of: {target}, measure: percent, at_least: 150}}"
    (unsatisfiable, unreachable) = _found(condition)
    assert unsatisfiable[:2] == (
        "condition.unsatisfiable",
        "no unit can satisfy this comparison: a percentage runs from 0 to 100; change its numbers",
    )
    assert unreachable[0] == "tier.unreachable"
    assert "t2" in unreachable[1]


def test_a_score_above_a_child_s_maximum_names_the_child() -> None:
    (unsatisfiable, unreachable) = _found("{each_child_of: g, measure: score, at_least: 13}")
    assert unsatisfiable == (
        "condition.unsatisfiable",
        "no unit can satisfy this comparison: 'b' scores from 0 to 12.5; change its numbers",
        "không đơn vị nào thỏa được phép so sánh này: điểm của 'b' chỉ từ 0 đến 12,5; hãy sửa "
        "các số",
    )
    assert unreachable[0] == "tier.unreachable"


@pytest.mark.parametrize(
    "condition",
    [
        "{each_child_of: g, measure: score, at_least: 12.5}",
        "{each_child_of: g, measure: percent, at_least: 100}",
        "{each_child_of: g, measure: score, above: 12}",
        "{each_child_of: g, measure: score, at_most: 0}",
        '{each_child_of: "@criteria", measure: score, at_least: 52.5}',
    ],
)
def test_a_threshold_every_child_can_reach_is_no_problem(condition: str) -> None:
    assert _found(condition) == []
