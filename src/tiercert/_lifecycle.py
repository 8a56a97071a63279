"""Criteria with a life cycle: when a ``status: future`` criterion starts to count.

A future criterion names in ``counts_from`` either an ISO date (``2027-01-01``) or a rubric
version (``2.0``).  It counts once the rubric's own version reaches that version, or once the
date scoring is done *for* (given explicitly: results never depend on the clock) reaches that
date; without such a date a date-based criterion does not count.  Versions are compared part
by part, numbers as numbers (``1.10`` follows ``1.9``), texts as texts; a version that only
adds parts follows the one it extends (``2.0.1`` follows ``2.0``); two versions whose first
different parts are a number and a text cannot be compared (the checks refuse such a
``counts_from``).  See docs/versions.md, "Criteria with a life cycle".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal, Protocol

from ._i18n import day_text, translator
from ._records import Record

# ASCII digits only: "²" or "٢" are text in a version, never a number (int() would refuse
# or reinterpret them), and a date is written with ASCII digits.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTS = re.compile(r"[0-9]+|[^0-9.\-_+ ]+")

_ASCII_DIGITS = frozenset("0123456789")

#: what a criterion's ``status`` may say
Status = Literal["current", "future"]

VersionKey = tuple[int | str, ...]


class _Criterion(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def counts_from(self) -> str | None: ...
    @property
    def children(self) -> Iterable[_Criterion] | None: ...


def looks_like_date(text: str) -> bool:
    """Whether ``text`` is written as an ISO date (``2027-01-01``), valid or not."""
    return _DATE.fullmatch(text) is not None


# a date as people also write it: 01/01/2027, 1.1.2027, 1-1-2027, 2027/1/1, 2027-1-1
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")
_YEAR_FIRST = re.compile(r"([0-9]{4})([/\-])([0-9]{1,2})\2([0-9]{1,2})")


def iso_forms(text: str) -> tuple[str, ...]:
    """The ISO dates ``text`` may mean when it is a date written another way (``01/02/2027``:
    ``2027-02-01``, or ``2027-01-02`` when the month comes first); empty when it is not such a
    date.  A year-first text with dots (``2027.1.1``) is a version, as calendar versions are
    written."""
    readings: list[tuple[int, int, int]] = []
    if looks_like_date(text):  # ISO already (read_date tells whether the day exists)
        return ()
    if match := _DAY_FIRST.fullmatch(text):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        readings += [(year, second, first), (year, first, second)]
    elif match := _YEAR_FIRST.fullmatch(text):
        readings.append((int(match[1]), int(match[3]), int(match[4])))
    forms: list[str] = []
    for year, month, day in readings:
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            continue
        if iso not in forms:
            forms.append(iso)
    return tuple(forms)


def read_date(text: str) -> date | None:
    """The ISO date ``text`` writes (``2027-01-01``), or None when it is not a valid one."""
    if not looks_like_date(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def version_key(text: str) -> VersionKey:
    """A version's parts, numbers as numbers: ``"25-2021.2"`` is ``(25, 2021, 2)``."""
    return tuple(int(p) if p[0] in _ASCII_DIGITS else p.casefold() for p in _PARTS.findall(text))


def compare_versions(a: str, b: str) -> int | None:
    """-1, 0 or 1 as version ``a`` comes before, is, or follows ``b``; None when they cannot be
    compared (their first different parts are a number and a text)."""
    left, right = version_key(a), version_key(b)
    for x, y in zip(left, right, strict=False):
        if x == y:
            continue
        if type(x) is not type(y):
            return None
        return -1 if x < y else 1  # type: ignore[operator]
    return (len(left) > len(right)) - (len(left) < len(right))


def reached(counts_from: str, version: str, as_of: date | None) -> bool:
    """Whether a criterion that counts from ``counts_from`` counts in ``version`` of its rubric,
    scored for the day ``as_of`` (None: no day given, so a date is not reached)."""
    day = read_date(counts_from)
    if day is not None:
        return as_of is not None and as_of >= day
    order = compare_versions(version, counts_from)
    return order is not None and order >= 0


class Lifecycle(Record, frozen=True):
    """The future criteria of a rubric scored for one day: ``own`` the ``counts_from`` of each
    future criterion; ``waiting`` those that do not count yet themselves; ``future`` every
    criterion that is future or lies under one, with (counts, the ``counts_from`` results show:
    its own, else that of the nearest future criterion above it)."""

    own: Mapping[str, str]
    waiting: frozenset[str]
    future: Mapping[str, tuple[bool, str]]


def lifecycle(criteria: Iterable[_Criterion], version: str, as_of: date | None) -> Lifecycle:
    """The :class:`Lifecycle` of ``criteria`` (a rubric's top-level criteria) in ``version``,
    scored for the day ``as_of``."""
    own: dict[str, str] = {}
    waiting: set[str] = set()
    future: dict[str, tuple[bool, str]] = {}

    def visit(node: _Criterion, above: tuple[bool, str] | None) -> None:
        here = above
        if node.status == "future" and node.counts_from is not None:
            own[node.id] = node.counts_from
            counts = reached(node.counts_from, version, as_of)
            if not counts:
                waiting.add(node.id)
            here = (counts and (above is None or above[0]), node.counts_from)
        if here is not None:
            future[node.id] = here
        for child in node.children or ():
            visit(child, here)

    for top in criteria:
        visit(top, None)
    return Lifecycle(own, frozenset(waiting), future)


def counts_from_text(counts_from: str, lang: str) -> str:
    """When a future criterion counts, in ``lang``: ``counts from version 2.0``."""
    _ = translator(lang).gettext
    if looks_like_date(counts_from):  # a day that does not exist is refused by check
        day = read_date(counts_from)
        shown = day_text(day, lang) if day is not None else counts_from
        return _("counts from {date}").format(date=shown)
    return _("counts from version {version}").format(version=counts_from)


def not_counted_yet(counts_from: str, lang: str) -> str:
    """What a result says of a future criterion that does not count yet, in ``lang``."""
    _ = translator(lang).gettext
    return _("not counted yet: {when}").format(when=counts_from_text(counts_from, lang))


def future_mark(counts_from: str, lang: str) -> str:
    """How views of a rubric mark a future criterion (``explain``, templates), in ``lang``."""
    _ = translator(lang).gettext
    return _("future: {when}").format(when=counts_from_text(counts_from, lang))


__all__ = [
    "Lifecycle",
    "Status",
    "compare_versions",
    "counts_from_text",
    "future_mark",
    "lifecycle",
    "looks_like_date",
    "not_counted_yet",
    "reached",
    "read_date",
    "version_key",
]
