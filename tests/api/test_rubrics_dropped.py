"""A program that runs for months (a portal) loads rubrics and drops them: nothing of a
dropped rubric stays behind (a portal's pass, seventeenth round)."""

from __future__ import annotations

import gc

import tiercert
from tiercert._compile import GroupPlan
from tiercert._unanswered import for_people


def _rubric(n: int) -> tiercert.Rubric:
    return tiercert.rubric_from_mapping(
        {
            "format": 1,
            "id": f"r{n}",
            "version": "1",
            "title": "R",
            "criteria": [
                {
                    "id": f"g{g}",
                    "title": "G",
                    "children": [
                        {"id": f"g{g}.{c}", "title": "C", "rule": {"kind": "boolean", "points": 1}}
                        for c in range(3)
                    ],
                }
                for g in range(4)
            ],
            "tiers": [],
        }
    )


def _groups_alive() -> int:
    gc.collect()
    return sum(isinstance(o, GroupPlan) for o in gc.get_objects())


def test_a_dropped_rubric_s_groups_are_freed_after_its_missing_answers_were_told() -> None:
    """Telling a rejected unit's missing answers group by group (``for_people``, as
    ``tiercert score``, ``batch`` and the dashboard do) worked each group's criteria out once
    per plan and kept them, with the plan's root group, for the next 63 plans: each dropped
    rubric's whole tree of groups stayed alive until 64 others had been told."""
    before = _groups_alive()
    for n in range(5):
        rubric = _rubric(n)
        try:
            rubric.evaluate({})
        except tiercert.AssessmentError as exc:
            told = for_people(exc.problems, rubric._plan)
        assert len(told) == 4  # one line per group of three criteria
        del rubric
    assert _groups_alive() == before
