"""What ``all`` shares with the conditions that read others: every failure of the items."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiercert._compile import CondPlan, Logic
    from tiercert._reference import Scoring
    from tiercert.result import Failure


def all_failures(
    run: Scoring, plan: Logic, inner: Callable[[CondPlan], tuple[bool, list[Failure]]]
) -> tuple[bool, list[Failure]]:
    """(every item holds, the failures of those that do not)."""
    results = [inner(item) for item in plan.items]
    failures = [f for ok, fs in results if not ok for f in fs]
    return not failures and all(ok for ok, _ in results), failures
