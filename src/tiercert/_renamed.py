"""The ids an earlier version of a rubric gave its criteria, and what one is told who still
uses such an id: which criteria took it over and how to carry the answers, never "did you
mean" a criterion whose id is spelt alike (``g1.3``, another criterion).

The plan keeps the history (:attr:`~tiercert._compile.Plan.earlier`), so that every reader of
answers says the same: an assessment file's key, a batch sheet's column, an API's answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ._i18n import msg

if TYPE_CHECKING:
    from .model import Node


def taken_over(nodes: Iterable[Node]) -> dict[str, tuple[str, ...]]:
    """Each earlier id (``renamed_from``, ``split_from``, ``replaces``) -> the criteria of this
    version that took it over, in document order."""
    earlier: dict[str, list[str]] = {}
    for node in nodes:
        for was in (node.renamed_from, node.split_from, *(node.replaces or ())):
            if was is not None and was != node.id:
                earlier.setdefault(was, []).append(node.id)
    return {was: tuple(now) for was, now in earlier.items()}


def earlier_hint(now: Sequence[str], *, in_file: bool) -> str:
    """What to say of an id that was, in an earlier version, the id of the criteria ``now``:
    to a file or sheet, how to carry its answers (``tiercert migrate``); to a Python caller,
    which ids to answer instead (no command-line advice)."""
    ids = ", ".join(now)
    if in_file:
        return msg(
            "; in an earlier version of the rubric this was the id of what is now {ids}: "
            "carry the answers to this version with tiercert migrate OLD NEW FILE -o "
            "NEW_FILE (OLD: the earlier version's rubric, FILE: this sheet or file)",
            ids=ids,
        )
    return msg(
        "; in an earlier version of the rubric this was the id of what is now {ids}: "
        "answer {ids} instead (answers given under the earlier version are carried by "
        "tiercert.migrate.migrate_answers)",
        ids=ids,
    )


__all__ = ["earlier_hint", "taken_over"]
