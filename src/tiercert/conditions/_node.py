"""What the comparisons of a criterion share: finding it, and its score as conditions read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiercert._i18n import msg
from tiercert._numbers import HUNDRED, ZERO
from tiercert._paths import choose
from tiercert.errors import Problem

if TYPE_CHECKING:
    from tiercert._kinds import CheckContext
    from tiercert._parts import Node
    from tiercert._reference import Scoring
    from tiercert.errors import Path


def criterion(
    target: str, key: str, path: Path, context: CheckContext
) -> tuple[Node | None, list[Problem]]:
    """The criterion a comparison names by ``key``, or ``ref.unknown``."""
    node = context.nodes.get(target)
    if node is None:
        return None, [
            Problem(
                "ref.unknown",
                msg(
                    "no criterion has the id {target!r}{hint}",
                    target=target,
                    hint=choose(target, context.nodes, "criterion"),
                ),
                (*path, key),
            )
        ]
    return node, []


def scored(run: Scoring, target: str, percent: bool) -> tuple[object, bool]:
    """A criterion's score (or its percentage of its base maximum: bonus points may take a
    group above 100) as the reference reads it: (value, known); a criterion hidden by a group
    scored directly is not known, one taken out by N/A reads as None."""
    if target in run.unscored:
        return None, False
    node = run.plan.nodes[target]
    score = run.node(node, run.plan.parents.get(target))
    if target in run.excluded:
        return None, True
    if not percent:
        return score, True
    return (score * HUNDRED / node.max if node.max else ZERO), True
