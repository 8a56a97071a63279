"""The aggregates: how a group combines its children's scores, one module each.

Each module holds everything about its aggregate, down to one
:class:`~tiercert._kinds.AggregateKind` named ``KIND``; :data:`AGGREGATES` registers them
(docs/architecture.md, "Adding a kind").
"""

from __future__ import annotations

from tiercert._kinds import AggregateKind, registry

#: every aggregate by its name, in the order messages and editors list them
AGGREGATES: dict[str, AggregateKind] = registry(
    __name__, ("sum", "scaled", "weighted", "tiered"), AggregateKind, "name"
)

__all__ = ["AGGREGATES"]
