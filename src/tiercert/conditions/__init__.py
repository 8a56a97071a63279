"""The condition kinds: gates' requirements and condition rules' ``when``, one module each.

Each module holds everything about its kind, down to one
:class:`~tiercert._kinds.ConditionKind` named ``KIND``; :data:`CONDITIONS` registers them
(docs/architecture.md, "Adding a kind").  A condition is a mapping whose kind is the first of
the registered keys it has (``{fact: ..., equals: ...}`` is a ``fact`` comparison).
"""

from __future__ import annotations

from typing import Any

from tiercert._kinds import ConditionKind, registry

#: every condition kind by its key, in the order the keys are looked for in a mapping
CONDITIONS: dict[str, ConditionKind[Any]] = registry(
    __name__,
    ("all_of", "any_of", "not_of", "fact", "answer", "score", "percent", "each_child"),
    ConditionKind,
    "key",
)

#: the key that says which kind a condition mapping is, in the order they are looked for
CONDITION_KEYS = tuple(CONDITIONS)


def condition_kind(value: Any) -> str | None:
    """The tag of a condition: its kind's key in a mapping, its class for a built one."""
    if isinstance(value, dict):
        for key in CONDITION_KEYS:
            if key in value:
                return key
        return None
    kind = kind_of(value)
    return kind.key if kind is not None else None


def kind_of(condition: object) -> ConditionKind[Any] | None:
    """The registered kind a built condition is of (None for anything else)."""
    for kind in CONDITIONS.values():
        if isinstance(condition, kind.fields):
            return kind
    return None


__all__ = ["CONDITIONS", "CONDITION_KEYS", "condition_kind", "kind_of"]
