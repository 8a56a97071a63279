"""Whether a rubric's tiers certify or only rate, and so what a unit below them is called.

A PAR index puts departments in groups I and II (every tier ``certified: false``): a unit
below the groups is not rated, and saying it is "not certified" (``chưa đạt chuẩn``) reads as
a failure the scheme never states.  The outputs (scorecards, ``score``, the batch summary, the
dashboard, ``explain``, ``diff --impact``) ask these two questions instead of assuming that
every ladder certifies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class _Tier(Protocol):
    @property
    def rank(self) -> int: ...

    @property
    def certified(self) -> bool: ...


def rating_only(tiers: Iterable[_Tier]) -> bool:
    """True when no tier certifies (or there are no tiers): the ladder rates units only, so
    "certified" is no word to use about them."""
    return not any(tier.certified for tier in tiers)


def below_is_unrated(tiers: Iterable[_Tier]) -> bool:
    """True when a unit below every tier misses a rating rather than a certification: the
    lowest tier does not certify (OCOP's 1 star, a PAR index's lowest group), or there are no
    tiers."""
    lowest = min(tiers, key=lambda tier: tier.rank, default=None)
    return lowest is None or not lowest.certified
