"""``score`` of a unit scored in stages lists a criterion under its group in the stages side
by side as the criteria are listed (twenty-second round): indented by its depth, not flush
with its group."""

from __future__ import annotations

import io
from pathlib import Path

from tiercert.cli import main

RUBRIC = """
format: 1
id: town_awards
version: "1"
title: Town awards
criteria:
  - id: a
    title: Services
    max: 50
    children: [{id: a1, title: Desk, rule: {kind: boolean, points: 50}}]
  - id: b
    title: Openness
    max: 50
    children: [{id: b1, title: Records, rule: {kind: boolean, points: 50}}]
tiers:
  - {id: bronze, label: Bronze, rank: 1, min: 50}
  - {id: gold, label: Gold, rank: 2, min: 90}
stages:
  - {id: own, label: Own score}
  - {id: review, label: Regional review}
"""

UNIT = """
unit: {id: t10, name: Town Ten}
stages:
  own: {answers: {a1: true, b1: true}}
  review: {answers: {a1: true, b1: false}}
"""


def test_the_stage_table_indents_a_criterion_under_its_group(tmp_path: Path) -> None:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "unit.yaml").write_text(UNIT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["score", str(tmp_path / "rubric.yaml"), str(tmp_path / "unit.yaml")]
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    stages = lines[lines.index("Stages:") + 1 :]
    # as the criteria section: a group two spaces in, its criterion two more
    assert "  a Services" in stages[2], stages
    assert stages[3].startswith("    a1 Desk"), stages
    assert stages[5].startswith("    b1 Records"), stages
    criteria = lines[lines.index("Criteria:") + 1 :]
    assert criteria[1].startswith("    a1 "), criteria
