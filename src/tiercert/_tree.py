"""Walking trees: the one depth-first walk every tree of criteria is read with."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def walk(
    roots: Iterable[T],
    children: Callable[[T], Iterable[T] | None],
    *,
    into: Callable[[T], bool] | None = None,
) -> Iterator[T]:
    """Every node of the trees under ``roots``, depth-first in document order (a node before
    its children); where ``into(node)`` is false, the node's children are left out."""
    stack = list(reversed(list(roots)))
    while stack:
        node = stack.pop()
        yield node
        below = children(node)
        if below and (into is None or into(node)):
            stack.extend(reversed(list(below)))


__all__ = ["walk"]
