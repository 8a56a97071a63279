"""Programme statistics over many results: tiers reached, totals, weak groups, targets.

:class:`SummaryBuilder` takes results one at a time and keeps only counters (a tally of
distinct totals for the median), so a summary of a million units needs no list of results.
"""

from __future__ import annotations

import json
import math
import operator
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypedDict, TypeVar

from ._escape import column_widths, text_of_lines
from ._escape import markdown_text as _md
from ._i18n import day_text, msg, translator
from ._literals import number_problem, parse_number
from ._no_unit import no_unit, written_codes
from ._numbers import (
    CUT_MARK,
    HUNDRED,
    ZERO,
    decimal_places,
    display_number,
    exact_number,
    number_key,
    read_exact_number,
)
from ._programme_texts import target_scope
from ._rating import rating_only
from .batch import SCORED
from .errors import DataError, data_error
from .result import RESULT_DIGITS, Result
from .rubric import Rubric, text_in

NONE_TIER = "none"
_V = TypeVar("_V")
#: units counted before their counts are added up (a bound on what is kept meanwhile)
_PENDING = 4096
#: a whole number below 2 ** _SAFE_BITS has at most RESULT_DIGITS digits (log2(10) > 3.3219)
_SAFE_BITS = RESULT_DIGITS * 33219 // 10000
_DIGITS_BOUND = 10**RESULT_DIGITS
#: the most units a count may hold: more than a builder can count one at a time
MAX_COUNT = sys.maxsize


class _HasResult(Protocol):
    """What a batch yields per row (:class:`tiercert.batch.Outcome`): a result or None."""

    @property
    def result(self) -> Result | None: ...


class SummaryRubricData(TypedDict):
    """The rubric of a summary's JSON form."""

    id: str
    version: str


class TotalsData(TypedDict):
    """The totals of a summary's JSON form: exact number text, ``null`` when no unit was
    scored."""

    max: str
    mean: str | None
    median: str | None
    min: str | None
    max_reached: str | None


class SummaryData(TypedDict):
    """What :meth:`Summary.to_dict` gives: every key typed, numbers as exact text; each
    tier, group and target as its own ``to_dict()`` writes it (docs/batch.md)."""

    rubric: SummaryRubricData
    as_of: str | None
    units: int
    scored: int
    rejected: int
    not_units: int
    certified: int
    certified_share: str | None
    total: TotalsData
    tiers: list[dict[str, object]]
    groups: list[dict[str, object]]
    targets: list[dict[str, object]]
    provisional: int


@dataclass(frozen=True, slots=True)
class TierCount:
    """Units that reached one tier (``id`` ``"none"``: no tier)."""

    id: str
    label: str
    rank: int
    certified: bool
    count: int
    share: Fraction | None  # percent of the units scored

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "rank": self.rank,
            "certified": self.certified,
            "count": self.count,
            "share": _opt(self.share),
        }


@dataclass(frozen=True, slots=True)
class GroupLoss:
    """Points a top-level criterion lost on average, over the units where it was scored, in
    its own points: a group its maximum less its score, a penalty (``penalty`` True) its
    score (the points it takes before the penalty cap and the floor at 0), its maximum what it
    can take.  These are not points of the total: weights, ``top``, caps and the bonus stand
    between a group's points and the total (a card's "to reach" says what a criterion adds to
    the total).  Bonus criteria are not listed: a bonus not earned is not lost.  ``counted``
    is False for a future criterion that does not count yet (docs/versions.md).
    """

    id: str
    title: str
    max: Fraction
    mean_lost: Fraction | None
    share_lost: Fraction | None  # percent of the maximum
    units: int
    penalty: bool = False
    counted: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "max": exact_number(self.max),
            "mean_lost": _opt(self.mean_lost),
            "share_lost": _opt(self.share_lost),
            "units": self.units,
            "penalty": self.penalty,
            "counted": self.counted,
        }


def target_verdict(
    share: Fraction, count: int, scored: int, rejected: int = 0
) -> tuple[bool, bool, int]:
    """Whether ``count`` of ``scored`` units meet a target of ``share`` percent, as a
    programme office must read it when ``rejected`` more units of the target's group were
    left out (bad rows): (met, decided, units short).  Met only if it holds even when no
    rejected unit is certified; not met only if it fails even when all of them are; else
    undecided (not met, until their rows are corrected).  Units short: how many more
    certified units the target needs over all of its units, rejected ones included."""
    base = scored + rejected
    met = scored > 0 and Fraction(count) * HUNDRED >= share * base
    failed = Fraction(count + rejected) * HUNDRED < share * base
    needed = -((-share * base) // HUNDRED)  # ceiling: whole units
    return met, met or failed or scored == 0, max(0, int(needed) - count)


def target_note(
    met: bool, decided: bool, short: int, rejected: int, lang: str, provisional: bool
) -> str:
    """The verdict of a target in ``lang``: ``met``, ``not met, 2 more units needed``,
    ``undecided: ...``; with the units left out and whether the target is provisional."""
    tr = translator(lang)
    if met:
        verdict = tr.gettext("met")
    elif not decided:
        verdict = tr.gettext("undecided until the rejected rows are corrected")
    else:
        verdict = tr.ngettext(
            "not met, {count} more unit needed", "not met, {count} more units needed", short
        ).format(count=short)
    if rejected:
        verdict += "; " + tr.ngettext(
            "{count} rejected, not counted", "{count} rejected, not counted", rejected
        ).format(count=rejected)
    if provisional:
        verdict += tr.gettext(", provisional target")
    return verdict


@dataclass(frozen=True, slots=True)
class TargetProgress:
    """A programme target from the rubric and how far the units scored are from it."""

    period: str
    target: Fraction  # percent of units
    tier: str | None  # None: certified at any tier
    tier_label: str | None
    count: int  # units meeting it
    reached: Fraction | None  # percent of the units scored
    met: bool
    units_short: int  # more units needed to meet it
    provisional: bool
    #: attribute -> values: the units it is about (empty: all of them)
    by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    units: int | None = None  # scored units it is about (None: not known)
    rejected: int = 0  # units of its group left out (bad rows): they can change the verdict
    decided: bool = True  # False: met on the units scored, not with the rejected ones failing
    #: attribute id -> its title (:func:`attribute_titles`), to name ``by`` as people read it
    by_titles: Mapping[str, str] = field(default_factory=dict, compare=False)

    def describe(self, lang: str = "en") -> str:
        """``2023 target 30% certified: 41% reached (met)``, in ``lang``."""
        _ = translator(lang).gettext
        # as many places as the target has: a share just below it never reads as reaching it
        places = max(1, decimal_places(self.target) or 0)
        target = _pct(self.target, places, lang)
        period = self.period + target_scope(self.by, self.by_titles, lang)
        if self.tier_label:
            what = _("{period} target {target} at {tier} or above").format(
                period=period, target=target, tier=self.tier_label
            )
        else:
            what = _("{period} target {target} certified").format(period=period, target=target)
        if self.reached is None:  # nothing scored in the period: neither met nor short of it
            none = _("no units in this period")
            notes = [_(", provisional target").lstrip(", ")] if self.provisional else []
            if self.rejected:
                notes.insert(
                    0,
                    translator(lang)
                    .ngettext("{count} rejected, not counted", "{count} rejected, not counted",
                              self.rejected)
                    .format(count=self.rejected),
                )  # fmt: skip
            return f"{what}: {none}" + (f" ({'; '.join(notes)})" if notes else "")
        reached = _("{share} reached").format(share=_pct(self.reached, places, lang))
        verdict = target_note(
            self.met, self.decided, self.units_short, self.rejected, lang, self.provisional
        )
        if self.units is not None:  # of how many units, as every target line says it
            verdict = f"{self.count}/{self.units}; {verdict}"
        return f"{what}: {reached} ({verdict})"

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "target": exact_number(self.target),
            "tier": self.tier,
            "by": {k: list(v) for k, v in self.by.items()},
            "units": self.units,
            "count": self.count,
            "reached": _opt(self.reached),
            "met": self.met,
            "decided": self.decided,
            "rejected": self.rejected,
            "units_short": self.units_short,
            "provisional": self.provisional,
        }


@dataclass(frozen=True)
class Summary:
    """Statistics of a batch.  Shares are percents of the units *scored*; rejected units
    (bad input) are counted apart and left out of every other figure; so are the rows that
    are no unit (``not_units``: a total or average row, a second header row), which are not
    rejected units either: no target waits on them."""

    rubric_id: str
    rubric_version: str
    title: str
    max_total: Fraction
    scored: int
    rejected: int
    tiers: tuple[TierCount, ...]
    certified: int
    certified_share: Fraction | None
    mean: Fraction | None
    median: Fraction | None
    min: Fraction | None
    max: Fraction | None
    groups: tuple[GroupLoss, ...]  # most points lost first
    targets: tuple[TargetProgress, ...]
    provisional: int  # units whose result depends on provisional rubric elements
    #: the distinct totals reached, lowest first, with how many units reached each (for a
    #: histogram; not in :meth:`to_dict`)
    totals: tuple[tuple[Fraction, int], ...] = ()
    #: the language its titles and labels are in, and its renderings' default (not data)
    lang: str = field(default="en", compare=False)
    #: the day the units were scored for (``--as-of``), when one was given
    as_of: date | None = None
    #: rows refused as no unit (a total or average row, a second header row): not in
    #: :attr:`units`, nor among the rejected units a target waits on
    not_units: int = 0

    @property
    def units(self) -> int:
        return self.scored + self.rejected

    def weakest(self) -> tuple[GroupLoss, ...]:
        """The groups where units lose most of their own points, most first: those of
        :attr:`groups` that lost any, without penalties (what a penalty takes is no group's
        weakness) and future criteria that do not count yet."""
        return tuple(g for g in self.groups if g.mean_lost and not g.penalty and g.counted)

    def to_dict(self) -> SummaryData:
        """JSON-ready: numbers as exact text (``"79.5"``; ``"239/3"`` for a mean with no
        finite decimal form), as in results."""
        return {
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "units": self.units,
            "scored": self.scored,
            "rejected": self.rejected,
            "not_units": self.not_units,
            "certified": self.certified,
            "certified_share": _opt(self.certified_share),
            "total": {
                "max": exact_number(self.max_total),
                "mean": _opt(self.mean),
                "median": _opt(self.median),
                "min": _opt(self.min),
                "max_reached": _opt(self.max),
            },
            "tiers": [t.to_dict() for t in self.tiers],
            "groups": [g.to_dict() for g in self.groups],
            "targets": [t.to_dict() for t in self.targets],
            "provisional": self.provisional,
        }


def _opt(value: Fraction | None) -> str | None:
    return exact_number(value) if value is not None else None


def _share(part: int | Fraction, whole: int) -> Fraction | None:
    return Fraction(part) * HUNDRED / whole if whole else None


def _shown(value: Fraction | None, places: int, lang: str) -> str:
    """A statistic for reading, with at most ``places`` decimal places: cut down and marked
    with ``…`` when it has more (see :func:`~tiercert._numbers.display_number`); the JSON
    keeps the exact value."""
    if value is None:
        return "-"
    return display_number(value, "floor", places, lang=lang)


def _pct(value: Fraction | None, places: int, lang: str) -> str:
    return _shown(value, places, lang) + "%" if value is not None else "-"


class SummaryBuilder:
    """Adds results one at a time; :meth:`summary` gives the statistics so far."""

    def __init__(self, rubric: Rubric, *, lang: str | None = None, counting: bool = True) -> None:
        self.rubric = rubric
        #: False: only the rows scored and rejected are counted (a batch that shows no
        #: summary, whose status needs the rejected rows alone); no :meth:`summary` then
        self.counting = counting
        self.lang = lang or rubric.parts.language
        plan = rubric._plan  # base maxima: bonus points above them are not "lost"
        self._groups = [(node.id, plan.nodes[node.id].max) for node in rubric.parts.criteria]
        # a penalty loses what it took (its score); a bonus not earned is not lost
        self._penalties = {node.id for node in rubric.parts.criteria if node.penalty}
        self._bonuses = {node.id for node in rubric.parts.criteria if node.bonus}
        # future criteria that do not count yet (on the day the rubric was compiled for)
        root = plan.root
        self._waiting = {c.id for c, w in zip(root.children, root.waiting, strict=True) if w}
        self.scored = 0
        self.rejected = 0
        #: rows refused as no unit (:func:`~tiercert._no_unit.no_unit`), counted apart
        self.not_units = 0
        self.certified = 0
        self.provisional = 0
        # Numbers are counted as integers: a value as (numerator, denominator), a sum as
        # denominator -> sum of numerators (its value: the sum of those fractions).  Hashing,
        # adding and comparing Fractions costs microseconds each, several times per row.
        self._tiers: Counter[str] = Counter()
        # distinct totals are few: an exact median
        self._totals: dict[tuple[int, int], int] = {}
        self._sum: dict[int, int] = {}
        self._lost: dict[str, dict[int, int]] = {gid: {} for gid, _ in self._groups}
        self._seen = dict.fromkeys(self._lost, 0)
        # counted, not yet added up: units per (total, tier), and per group score
        self._units: dict[tuple[int, int, str | None], int] = {}
        self._scores: list[dict[tuple[int, int] | str | None, int]] = [{} for _ in self._groups]
        self._pending = 0

    def add(self, item: Result | _HasResult) -> None:
        """Count one result, or one batch outcome (rejected when it has no result)."""
        if not self.counting:
            scored = (
                getattr(item, "_tally", None) is not None
                or (item if isinstance(item, Result) else item.result) is not None
            )
            self.scored += scored
            if not scored:
                self._refused(item)
            return
        if not isinstance(item, Result):
            # a row the batch scored without building a Result carries what is counted here
            counted = getattr(item, "_tally", None)
            if counted is not None:
                self._count(*counted)
                return
        result = item if isinstance(item, Result) else item.result
        if result is None:
            self._refused(item)
            return
        nodes = result.nodes
        groups = []
        for gid, _ in self._groups:
            node = nodes.get(gid)
            groups.append(
                None if node is None else "na" if node.status == "excluded" else node.score
            )
        self.add_values(
            result.total,
            result.tier.id if result.tier is not None else None,
            result.certified,
            bool(result.provisional),
            groups,
        )

    def _refused(self, item: object) -> None:
        """Count a refused row: a rejected unit, or no unit at all (a total row)."""
        if no_unit(p.code for p in getattr(item, "problems", ())):
            self.not_units += 1
        else:
            self.rejected += 1

    def add_values(
        self,
        total: Fraction | Decimal | int | str,
        tier: str | None,
        certified: bool,
        provisional: bool,
        groups: Sequence[Fraction | Decimal | int | str | None],
    ) -> None:
        """Count one scored unit from the values of its batch output row: total, tier id
        (None: no tier), certified, whether it depends on provisional elements, and the score
        of each top-level criterion ("na" when N/A took it out, None when not scored).
        Raises :class:`~tiercert.DataError` (a ``ValueError``), counting nothing, when
        ``groups`` is not one value per top-level criterion (``record.groups``) or a value is
        not a number as :meth:`add_record` reads one (``record.value``: a float, a NaN or an
        infinity, a Decimal beyond the limits such as ``Decimal("1E+999999")``, an ``int`` or
        ``Fraction`` of more digits than a result's number has, such as ``10 ** 5000``:
        :data:`~tiercert.result.RESULT_DIGITS`); the problem's ``path`` is ``("total",)`` or
        ``("groups", index)``."""
        if len(groups) != len(self._scores):  # checked first: a refused unit is not half counted
            raise data_error(
                "record.groups",
                msg(
                    "{given} group values for {wanted} top-level criteria; give one per "
                    "top-level criterion, in the rubric's order",
                    given=len(groups),
                    wanted=len(self._scores),
                ),
                "groups",
                what="record",
            )
        # a result's own values (Fractions, None) are taken as they are, their size checked
        if type(total) is not Fraction or not _fits(total):
            total = _given_value(_record_number, total, "total", "total")
        scores = list(groups)
        for index, score in enumerate(scores):
            if score is not None and (type(score) is not Fraction or not _fits(score)):
                gid = self._groups[index][0]
                scores[index] = _given_value(_record_score, score, gid, "groups", index)
        self._count(number_key(total), tier, certified, provisional, map(number_key, scores))

    def _count(
        self,
        total: tuple[int, int],
        tier: str | None,
        certified: bool,
        provisional: bool,
        groups: Iterable[tuple[int, int] | str | None],
    ) -> None:
        """:meth:`add_values` with the numbers as :func:`~tiercert._numbers.number_key` gives
        them (the batch's row path remembers those, per total and per score)."""
        self.scored += 1
        self.certified += certified
        self.provisional += provisional
        key = (*total, tier)
        units = self._units
        units[key] = units.get(key, 0) + 1
        for counts, part in zip(self._scores, groups, strict=True):
            counts[part] = counts.get(part, 0) + 1
        self._pending += 1
        if self._pending >= _PENDING:  # the counts stay small whatever the number of units
            self._add_up()

    def _count_many(
        self,
        units: Iterable[tuple[tuple[tuple[int, int], str | None, bool, bool], int]],
        groups: Sequence[Mapping[tuple[int, int] | str | None, int]],
    ) -> None:
        """:meth:`_count` for many units at once (the batch's row loop counts a chunk of rows
        so): ``units`` gives (total, tier, certified, provisional) with how many units have
        them, ``groups`` how many units have each score, per top-level criterion.  The sums
        are the same in any order, so the summary is that of counting one unit at a time."""
        if not self.counting:
            self.count_rows(sum(n for _, n in units))
            return
        pending = 0
        tally = self._units
        for (total, tier, certified, provisional), n in units:
            pending += n
            self.certified += certified * n
            self.provisional += provisional * n
            key = (*total, tier)
            tally[key] = tally.get(key, 0) + n
        self.scored += pending
        for counts, given in zip(self._scores, groups, strict=True):
            for part, n in given.items():
                counts[part] = counts.get(part, 0) + n
        self._pending += pending
        if self._pending >= _PENDING:
            self._add_up()

    def count_rows(self, scored: int) -> None:
        """Count ``scored`` rows scored, when only rows are counted (:attr:`counting`)."""
        assert not self.counting, "rows are counted with what they scored"
        self.scored += scored

    def add_record(self, record: Mapping[str, object]) -> None:
        """Count one output record of a batch: what :func:`tiercert.score_records` yields,
        with values or with their text (``as_text=True``, or a row of a result file read back).

        Raises :class:`~tiercert.DataError` (a ``ValueError``), counting nothing, for a record
        that is not a scored one of this rubric: its problem's ``path`` is the column
        (``("total",)``), its ``line`` the record's ``row``, and its ``code``
        ``record.column`` (a column missing), ``record.value`` (a value that is not one of
        the column's, such as a number cut for reading: ``"79.999999999999…"``)."""
        if not isinstance(record, Mapping):  # the program's mistake, not the data's
            raise TypeError(f"a record is a mapping of column to value, not {record!r:.80}")
        if record.get("status") != SCORED:
            if no_unit(written_codes(record.get("problems"))):
                self.not_units += 1
            else:
                self.rejected += 1
            return
        row = record.get("row")
        line = row if isinstance(row, int) and not isinstance(row, bool) else None
        # (a row number of thousands of digits is none: int() would refuse it)
        if isinstance(row, str) and row.isdecimal() and row.isascii() and len(row) <= 20:
            line = int(row)
        try:
            if "total" not in record or "certified" not in record:
                missing = "total" if "total" not in record else "certified"
                told = msg("a scored record needs the column {key!r}", key=missing)
                raise data_error("record.column", told, missing, what="record")
            values = (
                _record_value(_record_number, record, "total"),
                _record_value(_record_tier, record, "tier"),
                _record_value(_record_flag, record, "certified"),
                _record_value(_record_flag, record, "provisional"),
                [_record_value(_record_score, record, f"{gid}.score") for gid, _ in self._groups],
            )
        except DataError as exc:
            problems = [replace(p, line=line) for p in exc._placed(record).problems]
            raise DataError(problems, exc.what) from None
        self.add_values(*values)

    def counts(self) -> dict[str, object]:
        """Everything counted so far, as plain JSON-ready data (numbers exact, as text).

        Workers that score parts of a data set each send their counts; :meth:`merge` adds
        them into one builder, whose :meth:`summary` is then that of the whole data set.
        """
        self._add_up()
        return {
            "rubric": self.rubric.fingerprint,
            "scored": self.scored,
            "rejected": self.rejected,
            "not_units": self.not_units,
            "certified": self.certified,
            "provisional": self.provisional,
            "tiers": dict(self._tiers),
            "totals": {exact_number(Fraction(*total)): n for total, n in self._totals.items()},
            "groups": {
                gid: {"seen": self._seen[gid], "lost": exact_number(_sum_of(self._lost[gid]))}
                for gid, _ in self._groups
            },
        }

    def merge(self, other: SummaryBuilder | Mapping[str, Any]) -> None:
        """Add another builder's counts (or its :meth:`counts`) to this one's.

        Raises :class:`~tiercert.DataError` (a ``ValueError``), counting nothing, for the
        counts of another rubric (its fingerprint differs: ``counts.rubric``) or for data that
        are not counts: a key missing (``counts.key``), a value of the wrong type
        (``counts.type``: a count is a whole number, a number exact text), counts that do not
        add up (``counts.sum``), a count of more units than a builder can count or a number
        (given, or a figure of the counts added up: a mean, a share, the median) of more
        digits than a summary writes (``counts.size``: :data:`~tiercert.result.RESULT_DIGITS`);
        the problem's ``path`` names the key."""
        # read as it comes from JSON: any shape, every step checked below
        counts = other.counts() if isinstance(other, SummaryBuilder) else other
        if not isinstance(counts, Mapping):
            raise _not_counts(
                "counts.type", msg("expected a JSON object, got {value!r}", value=counts)
            )
        if counts.get("rubric") != self.rubric.fingerprint:
            raise _not_counts(
                "counts.rubric",
                msg(
                    "these counts are of another rubric (or another version of it): "
                    "{given!r}, not {fingerprint!r}",
                    given=counts.get("rubric"),
                    fingerprint=self.rubric.fingerprint,
                ),
                "rubric",
            )
        try:
            scored, rejected = _count_at(counts, "scored"), _count_at(counts, "rejected")
            not_units = _count_at(counts, "not_units")
            certified = _count_at(counts, "certified")
            provisional = _count_at(counts, "provisional")
            tiers = {
                _text_at(tier, "tiers"): _count_at(given, tier, "tiers")
                for given in [_mapping_at(counts, "tiers")]
                for tier in given
            }
            totals = [
                (_exact_at(text, "totals"), _count_at(given, text, "totals"))
                for given in [_mapping_at(counts, "totals")]
                for text in given
            ]
            every = _mapping_at(counts, "groups")
            groups = {}
            for gid, _ in self._groups:
                group = _mapping_at(every, gid, "groups")
                lost = _exact_at(_at(group, "lost", "groups", gid), "groups", gid, "lost")
                groups[gid] = (_count_at(group, "seen", "groups", gid), lost)
            self._adding_up(
                scored, certified, provisional, tiers, totals, groups, rejected, not_units
            )
            self._add_up()
            self._figures_fit(scored, totals, groups)
        except DataError as exc:
            raise exc._placed(counts) from None
        self.scored += scored
        self.rejected += rejected
        self.not_units += not_units
        self.certified += certified
        self.provisional += provisional
        self._tiers.update(tiers)
        for total, n in totals:
            key = (total.numerator, total.denominator)
            self._totals[key] = self._totals.get(key, 0) + n
            _add(self._sum, total.numerator * n, total.denominator)
        for gid, (seen, lost) in groups.items():
            self._seen[gid] += seen
            _add(self._lost[gid], lost.numerator, lost.denominator)

    def _adding_up(
        self,
        scored: int,
        certified: int,
        provisional: int,
        tiers: Mapping[str, int],
        totals: Sequence[tuple[Fraction, int]],
        groups: Mapping[str, tuple[int, Fraction]],
        rejected: int,
        not_units: int,
    ) -> None:
        """Raises a :class:`DataError` (``counts.sum``) when these counts do not add up: a
        summary of them would be wrong, or fail (a median of units that are not there)."""
        known = {tier.id for tier in self.rubric.parts.tiers} | {NONE_TIER}
        wrong: tuple[str | int, ...] | None = None
        counted: list[tuple[tuple[str | int, ...], int | Fraction]] = [
            (("rejected",), rejected),
            (("not_units",), not_units),
            (("certified",), certified),
            (("provisional",), provisional),
            *((("tiers", tier), n) for tier, n in tiers.items()),
            *((("totals", exact_number(total)), n) for total, n in totals),
            *((("groups", gid, "seen"), seen) for gid, (seen, _) in groups.items()),
            *((("groups", gid, "lost"), lost) for gid, (_, lost) in groups.items()),
        ]
        negative = next((key for key, n in counted if n < 0), None)
        unknown = next((tier for tier in tiers if tier not in known), None)
        if negative is not None:
            wrong = negative
        elif unknown is not None:
            wrong = ("tiers", unknown)
        elif sum(tiers.values()) != scored:
            wrong = ("tiers",)
        elif sum(n for _, n in totals) != scored:
            wrong = ("totals",)
        else:
            more: list[tuple[tuple[str | int, ...], int]] = [
                (("certified",), certified),
                (("provisional",), provisional),
            ]
            more += [(("groups", gid, "seen"), seen) for gid, (seen, _) in groups.items()]
            wrong = next((key for key, n in more if n > scored), None)
        if wrong is not None:
            raise _not_counts(
                "counts.sum",
                msg(
                    "not the counts of a SummaryBuilder: they do not add up (negative, more "
                    "than the units scored, or tiers the rubric does not have)"
                ),
                *wrong,
            )

    def _add_up(self) -> None:
        """Fold the counts into the exact sums (any order gives the same sums)."""
        self._pending = 0
        totals, tiers, sums = self._totals, self._tiers, self._sum
        for (numerator, denominator, tier), n in self._units.items():
            tiers[tier if tier is not None else NONE_TIER] += n
            key = (numerator, denominator)
            totals[key] = totals.get(key, 0) + n
            _add(sums, numerator * n, denominator)
        self._units.clear()
        seen = self._seen
        for (gid, base), counts in zip(self._groups, self._scores, strict=True):
            lost = self._lost[gid]
            top, below = base.numerator, base.denominator
            for part, n in counts.items():
                if not isinstance(part, tuple):  # not scored, or N/A
                    continue
                numerator, denominator = part
                seen[gid] += n
                if gid in self._penalties:  # what it took
                    if numerator > 0:
                        _add(lost, numerator * n, denominator)
                    continue
                gap = top * denominator - numerator * below  # base - score, over below*den
                if gap > 0:
                    _add(lost, gap * n, below * denominator)
            counts.clear()

    def summary(self) -> Summary:
        assert self.counting, "a builder counting rows only has no summary"
        self._add_up()
        ordered = _in_order(self._totals)
        rubric, lang = self.rubric, self.lang
        n = self.scored
        untiered = self._tiers[NONE_TIER]
        tiers = [TierCount(NONE_TIER, "no tier", 0, False, untiered, _share(untiered, n))]
        ranks = {}
        for tier in sorted(rubric.parts.tiers, key=lambda t: t.rank):
            count = self._tiers[tier.id]
            ranks[tier.id] = tier.rank
            tiers.append(
                TierCount(
                    tier.id,
                    text_in(tier.label, lang),
                    tier.rank,
                    tier.certified,
                    count,
                    _share(count, n),
                )
            )
        titles = {node.id: text_in(node.title, lang) for node in rubric.parts.criteria}
        groups = []
        for gid, base in self._groups:
            if gid in self._bonuses:
                continue
            seen = self._seen[gid]
            mean = _sum_of(self._lost[gid]) / seen if seen else None
            groups.append(
                GroupLoss(
                    gid,
                    titles[gid],
                    base,
                    mean,
                    mean * HUNDRED / base if mean is not None and base else None,
                    seen,
                    gid in self._penalties,
                    gid not in self._waiting,
                )
            )
        groups.sort(key=lambda g: -(g.mean_lost or 0))
        targets = []
        for target in rubric.parts.targets:
            if target.by:  # about the units of some attribute values: counted from the units
                continue  # (grouping.period_targets), which a summary of results has not
            if target.tier is None:
                count = self.certified
                label = None
            else:
                rank = ranks[target.tier]
                count = sum(t.count for t in tiers if t.rank >= rank and t.id != NONE_TIER)
                label = next(t.label for t in tiers if t.id == target.tier)
            wanted = Fraction(target.share)
            met, decided, short = target_verdict(wanted, count, n, self.rejected)
            targets.append(
                TargetProgress(
                    target.period,
                    wanted,
                    target.tier,
                    label,
                    count,
                    _share(count, n),
                    met,
                    short,
                    target.provisional,
                    units=n,
                    rejected=self.rejected,
                    decided=decided,
                )
            )
        return Summary(
            rubric.id,
            rubric.version,
            rubric.title(lang),
            rubric._plan.root.max,
            n,
            self.rejected,
            tuple(tiers),
            self.certified,
            _share(self.certified, n),
            _sum_of(self._sum) / n if n else None,
            _median_of(ordered, n),
            Fraction(*ordered[0][0]) if ordered else None,
            Fraction(*ordered[-1][0]) if ordered else None,
            tuple(groups),
            tuple(targets),
            self.provisional,
            tuple((Fraction(*total), count) for total, count in ordered),
            lang,
            rubric.as_of,
            self.not_units,
        )

    def _figures_fit(
        self,
        scored: int,
        totals: Sequence[tuple[Fraction, int]],
        groups: Mapping[str, tuple[int, Fraction]],
    ) -> None:
        """Raises a :class:`DataError` (``counts.size``) when these counts, added to this
        builder's, make a figure of more digits than :func:`exact_number` writes (a summary
        of them could be neither shown nor written): a group's points lost, their mean and
        share, the mean and the median of the totals."""
        wrong: tuple[str | int, ...] | None = None
        for gid, base in self._groups:
            seen, lost = groups[gid]
            summed = _sum_of(self._lost[gid]) + lost
            figures = [summed]
            if self._seen[gid] + seen:
                mean = summed / (self._seen[gid] + seen)
                figures += [mean, mean * HUNDRED / base] if base else [mean]
            if not all(map(_fits, figures)):
                wrong = ("groups", gid, "lost")
                break
        n = self.scored + scored
        if wrong is None and n:
            whole = _sum_of(self._sum) + sum((total * k for total, k in totals), ZERO)
            if not _fits(whole / n):
                wrong = ("totals",)
            elif any(_wide(*key) for key in self._totals) or any(
                _wide(total.numerator, total.denominator) for total, _ in totals
            ):  # the median of two totals may need twice their digits
                merged = dict(self._totals)
                for total, k in totals:
                    key = (total.numerator, total.denominator)
                    merged[key] = merged.get(key, 0) + k
                median = _median_of(_in_order(merged), n)
                if median is not None and not _fits(median):
                    wrong = ("totals",)
        if wrong is not None:
            raise _not_counts("counts.size", _too_wide(), *wrong)


def _in_order(totals: Mapping[tuple[int, int], int]) -> list[tuple[tuple[int, int], int]]:
    """The distinct totals counted, lowest first, with their counts: ordered by integers
    over the least common denominator (thousands of Fraction comparisons cost more)."""
    common = math.lcm(*(d for _, d in totals)) if totals else 1
    return sorted(totals.items(), key=lambda item: item[0][0] * (common // item[0][1]))


def _median_of(ordered: list[tuple[tuple[int, int], int]], n: int) -> Fraction | None:
    """The median of ``n`` units whose totals are ``ordered`` (:func:`_in_order`)."""
    if not n:
        return None
    wanted = sorted({(n - 1) // 2, n // 2})
    picked: list[Fraction] = []
    seen = 0
    for key, count in ordered:
        if seen + count > wanted[0]:  # (a Fraction made for the middle totals only)
            total = Fraction(*key)
            for index in wanted:
                if seen <= index < seen + count:
                    picked.append(total)
            if seen + count > wanted[-1]:
                break
        seen += count
    if len(picked) == 1:
        picked.append(picked[0])
    return (picked[0] + picked[1]) / 2


def _add(sums: dict[int, int], numerator: int, denominator: int) -> None:
    """Add numerator/denominator to a sum kept as denominator -> sum of numerators."""
    sums[denominator] = sums.get(denominator, 0) + numerator


def _sum_of(sums: dict[int, int]) -> Fraction:
    """The exact value of a sum kept by :func:`_add` (few denominators: few divisions)."""
    return sum((Fraction(n, d) for d, n in sums.items()), ZERO)


def _not_counts(code: str, message: str, *path: str | int) -> DataError:
    return data_error(code, message, *path, what="counts")


def _at(data: Mapping[str, Any], key: str, *within: str | int) -> Any:
    """``data[key]`` of a builder's counts (``within``: the keys of ``data`` in them)."""
    if key not in data:
        told = msg("a builder's counts need the key {key!r}", key=key)
        raise _not_counts("counts.key", told, *within, key)
    return data[key]


def _mapping_at(data: Mapping[str, Any], key: str, *within: str | int) -> Mapping[str, Any]:
    value = _at(data, key, *within)
    if not isinstance(value, Mapping):
        told = msg("expected a JSON object, got {value!r}", value=value)
        raise _not_counts("counts.type", told, *within, key)
    return value


def _count_at(data: Mapping[str, Any], key: str, *within: str | int) -> int:
    """A count: a whole number (``3``; not ``3.7`` nor ``"3"``, nor true or false)."""
    value = _at(data, key, *within)
    if not isinstance(value, bool):
        try:
            count = operator.index(value)
        except TypeError:
            pass
        else:
            if count <= MAX_COUNT:
                return count
            told = msg(
                "a count of more than {max_count:,} units; no builder counts that many",
                max_count=MAX_COUNT,
            )
            raise _not_counts("counts.size", told, *within, key)
    told = msg("expected a whole number, got {value!r}", value=value)
    raise _not_counts("counts.type", told, *within, key)


def _text_at(value: object, *path: str | int) -> str:
    if not isinstance(value, str):
        told = msg("expected a text, got {value!r}", value=value)
        raise _not_counts("counts.type", told, *path)
    return value


def _exact_at(text: object, *path: str | int) -> Fraction:
    """A number of the counts, written as :func:`exact_number` writes it."""
    written = _text_at(text, *path)
    try:
        return read_exact_number(written)
    except DataError as exc:
        if exc.problems[0].code == "number.digits":  # (not the text: thousands of digits)
            raise _not_counts("counts.size", _too_wide(), *path) from None
        told = msg(
            "expected a number written as results write them (79.99 or 2/3), got {value!r}",
            value=text,
        )
        raise _not_counts("counts.type", told, *path) from None


def _record_value(read: Callable[[object], _V], record: Mapping[str, object], key: str) -> _V:
    """``read`` of a record's value at ``key``: a :class:`DataError` (``record.value``) at that
    key when it is not one (``read`` raises a TypeError saying what it takes)."""
    try:
        return read(record.get(key))
    except (TypeError, ArithmeticError) as exc:
        said = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        told = msg("{key!r}: {problem}", key=key, problem=said)
        raise data_error("record.value", told, key, what="record") from None


def _given_value(read: Callable[[object], _V], value: object, key: str, *path: str | int) -> _V:
    """``read`` of a value given to :meth:`SummaryBuilder.add_values` (``key``: its name, the
    total or a criterion's id): a :class:`DataError` (``record.value``) at ``path`` when it is
    not one (``read`` raises a TypeError saying why)."""
    try:
        return read(value)
    except TypeError as exc:
        told = msg("{key!r}: {problem}", key=key, problem=exc.args[0])
        raise data_error("record.value", told, *path, what="record") from None


def _fits(number: int | Fraction) -> bool:
    """Whether ``number`` has at most :data:`~tiercert.result.RESULT_DIGITS` digits on either
    side of its ``/``, as every number of a result has (and as :func:`read_exact_number` reads
    them): a summary writes its figures with :func:`exact_number`, which cannot write more."""
    for part in (number.numerator, number.denominator):
        if part.bit_length() > _SAFE_BITS and not -_DIGITS_BOUND < part < _DIGITS_BOUND:
            return False
    return True


def _wide(numerator: int, denominator: int) -> bool:
    """Whether a number has more than about half of :data:`~tiercert.result.RESULT_DIGITS`
    digits on a side: the mean of two such numbers may not fit (:func:`_fits`)."""
    half = _SAFE_BITS // 2 - 2  # (a sum's numerator a.n * b.d + b.n * a.d, over 2 * a.d * b.d)
    return numerator.bit_length() > half or denominator.bit_length() > half


def _too_wide() -> str:
    """What ``counts.size`` says of counts whose numbers, or figures, have too many digits."""
    return msg(
        "these counts make a number of more than {max_digits} digits, more than a summary "
        "can write; no builder's counts of results make one",
        max_digits=RESULT_DIGITS,
    )


def _too_many_digits() -> str:
    return msg(
        "the number has more than {max_digits} digits; no result tiercert writes has one "
        "(score the unit again)",
        max_digits=RESULT_DIGITS,
    )


def _record_number(value: object) -> Fraction:
    if isinstance(value, int | Fraction) and not isinstance(value, bool):
        if not _fits(value):  # (10 ** 5000: no result holds it, and no summary could write it)
            raise TypeError(_too_many_digits())
        return value if isinstance(value, Fraction) else Fraction(value)
    if isinstance(value, Decimal):
        # as the answer readers take one: finite, within the limits (a NaN, an infinity or
        # 1E+999999 said so in the catalogs' words, never a million-digit integer built)
        number = parse_number(value)
        if number is None:
            problem = number_problem(value)
            assert problem is not None  # (it says why of every Decimal parse_number refuses)
            raise TypeError(problem)
        return number
    if isinstance(value, str) and value.endswith(CUT_MARK):
        raise TypeError(
            msg(
                "{value!r} is a number cut for reading, not the exact value; count records "
                "with their values (as_text=False) or read the JSON Lines output",
                value=value,
            )
        )
    if isinstance(value, str):
        try:
            return read_exact_number(value.strip())
        except DataError as exc:
            if exc.problems[0].code == "number.digits":  # (not the text: thousands of digits)
                raise TypeError(_too_many_digits()) from None
    raise TypeError(msg("a number, not {value!r}", value=value))


def _record_tier(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise TypeError(msg("a tier's id or nothing, not {value!r}", value=value))


def _record_flag(value: object) -> bool:
    if value in (True, "true"):
        return True
    if value in (False, "false", None, ""):
        return False
    raise TypeError(msg("true or false, not {value!r}", value=value))


def _record_score(value: object) -> Fraction | str | None:
    if value is None or value == "":
        return None
    if value == "na":
        return "na"
    return _record_number(value)


def summarise(results: Iterable[Result | _HasResult], rubric: Rubric) -> Summary:
    """Statistics of ``results`` (results, or batch outcomes, consumed once)."""
    builder = SummaryBuilder(rubric)
    for item in results:
        builder.add(item)
    return builder.summary()


# --- renderings -------------------------------------------------------------------------------


def summary_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _rates_only(summary: Summary) -> bool:
    """No tier of the summary's rubric certifies: no "Certified: 0 of 8" line (_rating.py)."""
    return rating_only(t for t in summary.tiers if t.id != NONE_TIER)


def _tier_label(tier: TierCount, lang: str) -> str:
    """A tier's label as shown; the units with no tier (its label in the JSON stays
    ``no tier``) in ``lang``."""
    return translator(lang).gettext("no tier") if tier.id == NONE_TIER else tier.label


def _group_title(group: GroupLoss, lang: str) -> str:
    """A group's title in a summary; a penalty's says that its points are its own (before the
    penalty cap and the floor), a future criterion's that it does not count yet."""
    _ = translator(lang).gettext
    notes = []
    if group.penalty:
        notes.append(_("penalty: its own points, before the penalty cap and the floor at 0"))
    if not group.counted:
        notes.append(_("not counted yet"))
    return f"{group.title} ({'; '.join(notes)})" if notes else group.title


def _counts_line(summary: Summary, lang: str) -> str:
    _ = translator(lang).gettext
    if summary.rejected:
        rejected = _(", {count} rejected for bad input (not counted below)").format(
            count=summary.rejected
        )
    else:
        rejected = _(", none rejected")
    line = _("Units: {count} scored{rejected}").format(count=summary.scored, rejected=rejected)
    if summary.not_units:
        line += (
            translator(lang)
            .ngettext(
                "; {count} row that is no unit (a total or a second header row), not counted",
                "; {count} rows that are no unit (total or second header rows), not counted",
                summary.not_units,
            )
            .format(count=summary.not_units)
        )
    return line


def _writers(
    lang: str,
) -> tuple[
    Callable[[Fraction | None], str], Callable[[Fraction | None], str], Callable[[Fraction], str]
]:
    """How a summary writes a statistic (2 places), a share (1 place, with %) and a number,
    in ``lang``."""
    return (
        lambda value: _shown(value, 2, lang),
        lambda value: _pct(value, 1, lang),
        lambda value: display_number(value, lang=lang),
    )


def summary_text(summary: Summary, lang: str | None = None) -> str:
    """A plain-text summary for a terminal, in ``lang`` (default: the summary's)."""
    lang = lang or summary.lang
    _ = translator(lang).gettext
    ngettext = translator(lang).ngettext
    shown, pct, number = _writers(lang)

    lines = [f"{summary.title} ({summary.rubric_id} {summary.rubric_version})"]
    if summary.as_of is not None:
        lines.append(_("Scored as of {date}.").format(date=day_text(summary.as_of, lang)))
    lines.append(_counts_line(summary, lang))
    if summary.scored:
        if not _rates_only(summary):
            lines.append(
                _("Certified: {count} of {scored} ({share})").format(
                    count=summary.certified,
                    scored=summary.scored,
                    share=pct(summary.certified_share),
                )
            )
        lines.append(_("Tiers:"))
        labels = [_tier_label(t, lang) for t in summary.tiers]
        (width,) = column_widths([label] for label in labels)
        for tier, label in reversed(list(zip(summary.tiers, labels, strict=True))):
            lines.append(f"  {label.ljust(width)}  {tier.count:>6}  {pct(tier.share):>6}")
        lines.append(
            _("Total (of {max}): mean {mean}, median {median}, min {min}, max {max_total}").format(
                max=number(summary.max_total),
                mean=shown(summary.mean),
                median=shown(summary.median),
                min=shown(summary.min),
                max_total=shown(summary.max),
            )
        )
        if summary.groups:
            lines.append(
                _(
                    "Points lost per unit, by group, of each group's own maximum (not points of "
                    "the total; most first):"
                )
            )
            (width,) = column_widths([g.id] for g in summary.groups)
            of = _("of")
            for group in summary.groups:
                lines.append(
                    f"  {group.id.ljust(width)}  {shown(group.mean_lost):>6} {of} "
                    f"{number(group.max):<4} {'(' + pct(group.share_lost) + ')':<8}  "
                    f"{_group_title(group, lang)}"
                )
    if summary.targets:
        lines.append(_("Targets:"))
        lines.extend(f"  {t.describe(lang)}" for t in summary.targets)
    if summary.provisional:
        lines.append(
            ngettext(
                "Provisional: {count} result(s) depend on rubric elements not confirmed by the "
                "sources",
                "Provisional: {count} result(s) depend on rubric elements not confirmed by the "
                "sources",
                summary.provisional,
            ).format(count=summary.provisional)
        )
    return text_of_lines(lines)


def summary_markdown(summary: Summary, lang: str | None = None) -> str:
    """A Markdown report: counts, a tier table, totals, weak groups and targets; in ``lang``
    (default: the summary's)."""
    lang = lang or summary.lang
    _ = translator(lang).gettext
    ngettext = translator(lang).ngettext
    shown, pct, number = _writers(lang)

    out = [f"# {_md(summary.title)}", ""]
    out.append(
        _("Rubric `{rubric}` version {version}.").format(
            rubric=summary.rubric_id, version=_md(summary.rubric_version)
        )
    )
    if summary.as_of is not None:
        out.append(_("Scored as of {date}.").format(date=day_text(summary.as_of, lang)))
    out.append("")
    out.append(_counts_line(summary, lang) + ".")
    if summary.scored:
        if not _rates_only(summary):
            out.append(
                _("Certified: **{count} of {scored} ({share})**.").format(
                    count=summary.certified,
                    scored=summary.scored,
                    share=pct(summary.certified_share),
                )
            )
        out += [
            "",
            "## " + _("Tiers"),
            "",
            "| {} | {} | {} |".format(_("Tier"), _("Units"), _("Share")),
            "|---|---:|---:|",
        ]
        for tier in reversed(summary.tiers):
            out.append(f"| {_md(_tier_label(tier, lang))} | {tier.count} | {pct(tier.share)} |")
        out += [
            "",
            "## " + _("Totals"),
            "",
            _(
                "Out of {max}: mean {mean}, median {median}, lowest {min}, highest {max_total}."
            ).format(
                max=number(summary.max_total),
                mean=shown(summary.mean),
                median=shown(summary.median),
                min=shown(summary.min),
                max_total=shown(summary.max),
            ),
        ]
        if summary.groups:
            out += [
                "",
                "## " + _("Where units lose points"),
                "",
                _(
                    "Each group's own points, of its own maximum: not points of the total "
                    "(weights, `top`, caps and the bonus stand between them)."
                ),
                "",
                "| {} | {} | {} | {} | {} |".format(
                    _("Group"),
                    _("Title"),
                    _("Mean own points lost"),
                    _("Own maximum"),
                    _("Share of own maximum lost"),
                ),
                "|---|---|---:|---:|---:|",
            ]
            for g in summary.groups:
                out.append(
                    f"| {_md(g.id)} | {_md(_group_title(g, lang))} | {shown(g.mean_lost)} | "
                    f"{number(g.max)} | {pct(g.share_lost)} |"
                )
    if summary.targets:
        out += ["", "## " + _("Targets"), ""]
        out += [f"- {_md(t.describe(lang))}" for t in summary.targets]
    if summary.provisional:
        note = ngettext(
            "{count} result(s) depend on rubric elements not confirmed by the sources "
            "(provisional).",
            "{count} result(s) depend on rubric elements not confirmed by the sources "
            "(provisional).",
            summary.provisional,
        ).format(count=summary.provisional)
        out += ["", f"_{note}_"]
    return text_of_lines(out)


def render_summary(summary: Summary, format: str = "text", lang: str | None = None) -> str:
    """``text``, ``json`` or ``markdown``; people's formats in ``lang`` (default: the
    summary's); the JSON is the same in every language."""
    if format == "json":
        return summary_json(summary)
    if format == "markdown":
        return summary_markdown(summary, lang)
    return summary_text(summary, lang)


__all__ = [
    "GroupLoss",
    "Summary",
    "SummaryBuilder",
    "TargetProgress",
    "TierCount",
    "render_summary",
    "summarise",
    "summary_json",
    "summary_markdown",
    "summary_text",
]
