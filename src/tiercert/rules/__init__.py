"""The rule kinds: how a leaf turns its answer into points, one module each.

Each module (``boolean.py``, ``bands.py``...) holds everything about its kind, down to one
:class:`~tiercert._kinds.RuleKind` named ``KIND``; :data:`RULES` registers them.  Adding a
kind is one module and its name below (docs/architecture.md, "Adding a kind").
"""

from __future__ import annotations

from typing import Any

from tiercert._kinds import RuleKind, registry

#: every rule kind by its ``kind`` tag, in the order messages and editors list them
RULES: dict[str, RuleKind[Any, Any]] = registry(
    __name__,
    (
        "boolean",
        "levels",
        "bands",
        "linear",
        "count",
        "deduction",
        "direct",
        "condition",
        "ratio",
    ),
    RuleKind,
    "name",
)

__all__ = ["RULES"]
