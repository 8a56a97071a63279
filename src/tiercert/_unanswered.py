"""Missing answers as a person reads them: one line for a group none of whose criteria is
answered ("12 criteria of group 'g1' unanswered: g1.1, g1.2, ..."), where the problems, as
data (the API, JSON), stay one per criterion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ._compile import GroupPlan, Plan, answerable
from ._i18n import Message, msg
from .errors import Problem

#: the criteria a grouped line names before "…" (the count says how many there are)
SHOWN = 5


def _criterion(problem: Problem) -> str | None:
    """The criterion an ``answer.missing`` problem is about; None for any other problem."""
    message = problem.message
    if problem.code != "answer.missing" or not isinstance(message, Message):
        return None
    criterion = dict(message.params).get("criterion")
    return criterion if isinstance(criterion, str) else None


def for_people(problems: Sequence[Problem], plan: Plan) -> list[Problem]:
    """``problems`` with the ``answer.missing`` of each group none of whose criteria is
    answered (the outermost such group, with two criteria or more) told in one problem, in
    the place of the first of them; every other problem as it is, in the same order."""
    missing = {c: p for p in problems if (c := _criterion(p)) is not None}
    if len(missing) < 2:
        return list(problems)
    told: dict[str, tuple[str, Problem]] = {}  # criterion id -> its group, the group's line
    todo: list[GroupPlan] = [plan.root]
    while todo:
        group = todo.pop()
        for child in group.children:
            if not isinstance(child, GroupPlan):
                continue
            leaves = [leaf.id for leaf in answerable(child)]
            if len(leaves) >= 2 and all(leaf in missing for leaf in leaves):
                line = _grouped(missing[leaves[0]], child.id, leaves)
                told.update((leaf, (child.id, line)) for leaf in leaves)
            else:
                todo.append(child)
    out: list[Problem] = []
    seen: set[str] = set()
    for problem in problems:
        criterion = _criterion(problem)
        if criterion is None or criterion not in told:
            out.append(problem)
            continue
        named, line = told[criterion]
        if named not in seen:  # in the place of the group's first
            seen.add(named)
            out.append(line)
    return out


def _grouped(first: Problem, group: str, leaves: list[str]) -> Problem:
    names = ", ".join(leaves[:SHOWN]) + (", …" if len(leaves) > SHOWN else "")
    message = msg(
        "{count} criteria of group {group!r} unanswered: {names}; answer them, or score "
        "missing answers as zero ('scoring: {{missing: zero}}' in the rubric, or --missing "
        "zero)",
        count=len(leaves),
        group=group,
        names=names,
    )
    return replace(first, message=message)
