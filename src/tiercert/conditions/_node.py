"""What the comparisons of a criterion share: finding it, and its score as conditions read it."""

from __future__ import annotations

from collections.abc import Iterator
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


def may_be_hidden(target: str, context: CheckContext) -> bool:
    """Whether ``target`` lies below a group a unit may score directly (``direct: true``):
    then its score and answer are not known, and every comparison of them fails."""
    for node in context.nodes.values():
        if node.direct and node.children and _below(target, node):
            return True
    return False


def _below(target: str, group: Node) -> bool:
    return any(c.id == target or _below(target, c) for c in group.children or [])


def always_holds(path: Path, said: str, context: CheckContext) -> Iterator[Problem]:
    """The warning ``condition.always`` for a comparison every value ``said`` passes, in a
    gate (``context.total`` is known): a condition rule's ``when`` that always holds gives
    its points to every unit, a floor some schemes mean."""
    from tiercert.errors import Severity

    if context.total is None:
        return
    yield Problem(
        "condition.always",
        msg(
            "this comparison always holds: {said}, and every such value passes it, so it "
            "decides nothing; remove it, or compare with a number inside that range",
            said=said,
        ),
        path,
        severity=Severity.WARNING,
    )


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
