"""The code the compiled evaluator writes for a group (``Generator._group`` and what it calls),
held to values worked out by hand on the compiled evaluator itself (``run`` in
test_shared_helpers: ``evaluate()`` would hand a mistake to the reference). Each rubric is
built inside its test: a mutation run forks each mutant after the test modules are imported,
and a rubric compiled at import never sees it (docs/testing.md, "Mutation testing")."""

from __future__ import annotations

from fractions import Fraction

import pytest
from test_shared_helpers import Engine, group, leaf, rubric, run

F = Fraction
ENGINES = pytest.mark.parametrize("engine", ["reference", "fast"])


@ENGINES
def test_a_group_with_bonus_and_penalty_children_adds_the_bonus_then_takes_the_penalty(
    engine: Engine,
) -> None:
    # a penalty sends the group through the reference's own finish (_general_group, with the
    # bonus points): the bonus must be passed along, not dropped (twelfth round: _group 60)
    r = rubric(
        group(
            "g",
            leaf("g.1", 4),
            leaf("g.2", 2, bonus=True),
            leaf("g.3", 1, penalty=True),
        ),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=True, g_3=True, h=True)
    assert result.nodes["g"].score == 5  # 4 + 2 - 1
    result = run(r, engine, g_1=False, g_2=True, g_3=False, h=False)
    assert result.nodes["g"].score == 2
    result = run(r, engine, g_1=True, g_2=False, g_3=True, h=True)
    assert result.nodes["g"].score == 3


@ENGINES
def test_a_top_group_with_a_bonus_child_adds_its_bonus(engine: Engine) -> None:
    # a top-N group goes through the reference's own aggregate (_general_group), which must
    # be given the bonus points (twelfth round: _group 141 and 151 dropped them)
    r = rubric(
        group(
            "g",
            leaf("g.1", 3),
            leaf("g.2", 2),
            leaf("g.3", 1),
            leaf("g.4", 2, bonus=True),
            top=2,
        ),
        leaf("h", 1),
    )
    result = run(r, engine, g_1=True, g_2=False, g_3=True, g_4=True, h=True)
    assert result.nodes["g"].score == 6  # the best two, 3 + 1, and the bonus 2
    result = run(r, engine, g_1=False, g_2=False, g_3=False, g_4=True, h=False)
    assert result.nodes["g"].score == 2
