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

#: the messages a missing answer's own is wrapped in (``stage {stage}: {message}`` for a
#: programme's stage), outermost first: each its template and its other values
Around = tuple[tuple[str, tuple[tuple[str, object], ...]], ...]


def _missing(problem: Problem) -> tuple[Around, str] | None:
    """The messages around an ``answer.missing`` problem's own and the criterion it is
    about; None for any other problem."""
    if problem.code != "answer.missing":
        return None
    around: list[tuple[str, tuple[tuple[str, object], ...]]] = []
    message: object = problem.message
    while isinstance(message, Message):
        values = dict(message.params)
        criterion = values.get("criterion")
        if isinstance(criterion, str):
            return tuple(around), criterion
        inner = values.pop("message", None)
        around.append((message.template, tuple(values.items())))
        message = inner
    return None


def missing_criterion(problem: Problem) -> str | None:
    """The criterion an ``answer.missing`` problem is about (inside any messages around it),
    or None for any other problem."""
    found = _missing(problem)
    return None if found is None else found[1]


def for_people(problems: Sequence[Problem], plan: Plan) -> list[Problem]:
    """``problems`` with the ``answer.missing`` of each group none of whose criteria is
    answered (the outermost such group, with two criteria or more; in each stage of a
    programme's unit) told in one problem, in the place of the first of them; every other
    problem as it is, in the same order."""
    found = [(p, _missing(p)) for p in problems]
    missing: dict[tuple[Around, str], Problem] = {m: p for p, m in found if m is not None}
    if len(missing) < 2:
        return list(problems)
    told: dict[tuple[Around, str], tuple[str, Problem]] = {}  # -> its group, the group's line
    answered = _answered(plan.root)
    for around in {m[0] for m in missing}:
        todo: list[GroupPlan] = [plan.root]
        while todo:
            group = todo.pop()
            for child in group.children:
                if not isinstance(child, GroupPlan):
                    continue
                leaves = [(around, leaf) for leaf in answered[child.id]]
                if len(leaves) >= 2 and all(leaf in missing for leaf in leaves):
                    line = _grouped(missing[leaves[0]], around, child.id, [c for _, c in leaves])
                    told.update((leaf, (child.id, line)) for leaf in leaves)
                else:
                    todo.append(child)
    out: list[Problem] = []
    seen: set[tuple[Around, str]] = set()
    for problem, key in found:
        if key is None or key not in told:
            out.append(problem)
            continue
        named, line = told[key]
        if (key[0], named) not in seen:  # in the place of the group's first
            seen.add((key[0], named))
            out.append(line)
    return out


def _answered(root: GroupPlan) -> dict[str, tuple[str, ...]]:
    """The ids of the leaves an assessment answers below each group under ``root`` (by the
    group's id), in document order: :func:`answerable` of each, worked out once per plan and
    kept on its root (the same for every rejected row of a sheet; freed with the plan: a
    table of them by plan kept each dropped rubric's groups alive)."""
    kept = root.answered_below
    if kept is not None:
        return kept
    found: dict[str, tuple[str, ...]] = {}
    todo: list[GroupPlan] = [root]
    while todo:
        group = todo.pop()
        for child in group.children:
            if isinstance(child, GroupPlan):
                found[child.id] = tuple(leaf.id for leaf in answerable(child))
                todo.append(child)
    root.answered_below = found
    return found


def _grouped(first: Problem, around: Around, group: str, leaves: list[str]) -> Problem:
    names = ", ".join(leaves[:SHOWN]) + (", …" if len(leaves) > SHOWN else "")
    message = msg(
        "{count} criteria of group {group!r} unanswered: {names}; answer them, or score "
        "missing answers as zero ('scoring: {{missing: zero}}' in the rubric, or --missing "
        "zero; missing='zero' in Python)",
        count=len(leaves),
        group=group,
        names=names,
    )
    for template, values in reversed(around):  # wrapped as the criteria's own were
        message = Message(template, {**dict(values), "message": message})
    return replace(first, message=message)
