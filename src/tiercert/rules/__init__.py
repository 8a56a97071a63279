"""The rule kinds: how a leaf turns its answer into points, one module each.

Each module (``boolean.py``, ``bands.py``...) holds everything about its kind, down to one
:class:`~tiercert._kinds.RuleKind` named ``KIND``; :data:`RULES` registers them.  Adding a
kind is one module and one entry below (docs/architecture.md, "Adding a kind").
"""

from __future__ import annotations

from typing import Any

from tiercert._kinds import RuleKind, registry

from . import bands, boolean, condition, count, deduction, direct, levels, linear

#: every rule kind by its ``kind`` tag, in the order messages and editors list them
RULES: dict[str, RuleKind[Any, Any]] = registry(
    (
        boolean.KIND,
        levels.KIND,
        bands.KIND,
        linear.KIND,
        count.KIND,
        deduction.KIND,
        direct.KIND,
        condition.KIND,
    ),
    lambda kind: kind.name,
    "rule",
)

__all__ = ["RULES"]
