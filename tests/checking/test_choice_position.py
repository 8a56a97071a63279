"""A word that is not an allowed choice is reported where it is written (``kind: bool``)."""

from __future__ import annotations

from tiercert import check_source

RUBRIC = """\
format: 1
id: x
version: "1"
title: X
criteria:
  - id: a
    title: A
    rule:
      kind: bool
      points: 10
tiers: []
"""


def test_an_unknown_rule_kind_points_at_the_kind() -> None:
    (problem,) = check_source(RUBRIC, file="r.yaml").problems
    assert problem.code == "value.choice"
    assert problem.where == "$.criteria[a].rule.kind"
    assert (problem.line, problem.column) == (9, 13)
    assert "did you mean 'boolean'?" in problem.message
