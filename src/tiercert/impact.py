"""What a new rubric version changes for units: every unit scored under both, side by side.

Units come as batch rows (a sheet, JSON Lines, a folder of assessments: see
:mod:`tiercert.tabular`) and are scored by :func:`tiercert.batch.evaluate_many` under each
rubric, so a bad row is that row's problem, as in ``tiercert batch``, and a row refused under
one rubric only is itself a change.  Answers for ids that only the other rubric has are set
aside before scoring (a column becomes a note column, an answer is left out) and listed per
unit: the new rubric does not carry them over.  An assessment that names either rubric's id
(``rubric:``) is scored under both.  Only what differs is kept per unit; statistics are
counted as :class:`~tiercert.summary.SummaryBuilder` counts them.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal

from ._columns import COMMENT, Missing
from ._columns import Reader as ColumnReader
from ._decimal_comma import DecimalSeparator
from ._escape import column_widths, json_text, markdown_text, text_of_lines
from ._i18n import N_, Message, msg, translator
from ._no_unit import no_unit
from ._numbers import ZERO, display_number, exact_number
from ._programme_checks import STAGE_SEPARATOR, carries_programme, is_programme
from ._rating import rating_only
from .assessment import Assessment
from .batch import Outcome, evaluate_many
from .diff import RubricDiff, render_json, render_markdown, render_text
from .errors import Problem
from .grouping import UnitLine, line_of, period_targets
from .migrate import MigrationPlan, migrate_answers, migrate_rows, plan_migration, table_rows
from .programme import ProgrammeReader, UnitOutcome
from .result import Result
from .rubric import Rubric, text_in
from .summary import NONE_TIER, Summary, SummaryBuilder
from .tabular import Row, TableError, json_row
from .template import EVIDENCE_SUFFIXES

ImpactKind = Literal[
    "refused",
    "refused_old",
    "refused_new",
    "certified",
    "decertified",
    "tier_up",
    "tier_down",
    "total",
    "same",
]
#: every kind of outcome for a unit, most serious first
IMPACT_KINDS: tuple[ImpactKind, ...] = (
    "decertified",
    "certified",
    "tier_down",
    "tier_up",
    "total",
    "refused_new",
    "refused_old",
    "refused",
    "same",
)
_SAYS = {
    "decertified": N_("no longer certified"),
    "certified": N_("newly certified"),
    "tier_down": N_("tier down"),
    "tier_up": N_("tier up"),
    "total": N_("total only"),
    "refused_new": N_("refused under the new rubric only"),
    "refused_old": N_("refused under the old rubric only"),
    "refused": N_("refused under both"),
    "same": N_("unchanged"),
}


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a unit stands under one rubric: total, certified, tier (rank 0: none)."""

    total: Fraction
    certified: bool
    tier: str | None
    rank: int
    label: str | None
    # under tiers that only rate, "not certified" is never said: how it is told, not where the
    # unit stands (not compared)
    rates_only: bool = field(default=False, compare=False)

    @classmethod
    def of(cls, result: Result, lang: str, rates_only: bool = False) -> Standing:
        tier = result.tier
        if tier is None:
            return cls(result.total, result.certified, None, 0, None, rates_only)
        label = text_in(tier.label, lang)
        return cls(result.total, result.certified, tier.id, tier.rank, label, rates_only)

    def describe(self, lang: str = "en") -> str:
        """``88, Chính quyền thân thiện 3 sao`` or ``64.7, no tier, not certified``."""
        _ = translator(lang).gettext
        label = self.label or _("no tier")
        text = f"{display_number(self.total, lang=lang)}, {label}"
        return text if self.certified or self.rates_only else text + ", " + _("not certified")

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": exact_number(self.total),
            "certified": self.certified,
            "tier": self.tier,
            "rank": self.rank,
        }


@dataclass(frozen=True)
class UnitImpact:
    """One unit under both rubrics: its standing under each (None: refused, with the
    problems), and the answers set aside because only the other rubric has their ids."""

    number: int
    file: str | None
    unit_id: str | None
    unit_name: str | None
    old: Standing | None
    new: Standing | None
    old_problems: tuple[Problem, ...] = ()
    new_problems: tuple[Problem, ...] = ()
    #: answered ids the new rubric does not have: not carried over
    not_carried_over: tuple[str, ...] = ()
    #: answered ids the old rubric does not have: ignored under it
    new_only: tuple[str, ...] = ()

    @property
    def kind(self) -> ImpactKind:
        """The most serious change (see :data:`IMPACT_KINDS`)."""
        old, new = self.old, self.new
        if old is None:
            return "refused" if new is None else "refused_old"
        if new is None:
            return "refused_new"
        if old.certified != new.certified:
            return "certified" if new.certified else "decertified"
        if old.rank != new.rank:
            return "tier_up" if new.rank > old.rank else "tier_down"
        return "total" if old.total != new.total else "same"

    @property
    def ranks(self) -> int | None:
        """Tiers gained (negative: lost), when scored under both."""
        return self.new.rank - self.old.rank if self.old and self.new else None

    @property
    def total_change(self) -> Fraction | None:
        return self.new.total - self.old.total if self.old and self.new else None

    def why_refused(self, lang: str = "en") -> str:
        """The first problem that refused the unit (the new rubric's when only it refused),
        ``message [code]``, and how many more there are, in ``lang``."""
        problems = self.new_problems if self.kind == "refused_new" else self.old_problems
        if not problems:
            return ""
        said = translator(lang)
        more = (
            said.gettext(" (and {count} more)").format(count=len(problems) - 1)
            if len(problems) > 1
            else ""
        )
        return f"{problems[0].text(lang)} [{problems[0].code}]{more}"

    def describe(self, lang: str = "en") -> str:
        """``no longer certified, tier down by 1, total -3.5``, in ``lang``."""
        _ = translator(lang).gettext
        kind = self.kind
        if kind in ("refused", "refused_new", "refused_old"):
            why = self.why_refused(lang)
            return f"{_(_SAYS[kind])}: {why}" if why else _(_SAYS[kind])
        parts = []
        if kind in ("certified", "decertified"):
            parts.append(_(_SAYS[kind]))
        ranks = self.ranks or 0
        if ranks:
            parts.append(
                (_("tier up by {count}") if ranks > 0 else _("tier down by {count}")).format(
                    count=abs(ranks)
                )
            )
        delta = self.total_change or ZERO
        if delta:
            shown = ("+" if delta > 0 else "") + display_number(delta, lang=lang)
            parts.append(_("total {change}").format(change=shown))
        return ", ".join(parts) or _(_SAYS["same"])

    def to_dict(self) -> dict[str, Any]:
        delta = self.total_change
        return {
            "row": self.number,
            "file": self.file,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "kind": self.kind,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "ranks": self.ranks,
            "total_change": exact_number(delta) if delta is not None else None,
            "old_problems": [p.to_dict() for p in self.old_problems],
            "new_problems": [p.to_dict() for p in self.new_problems],
            "not_carried_over": list(self.not_carried_over),
            "new_only": list(self.new_only),
        }


@dataclass(frozen=True)
class TierRow:
    """Units at one tier (``none``: no tier) under each rubric."""

    id: str
    label: str
    rank: int
    old: int | None  # None: the rubric has no such tier
    new: int | None

    def shown(self, lang: str) -> str:
        """Its label for people: the units with no tier in ``lang`` (the JSON keeps
        ``no tier``), as the batch summary writes them."""
        return translator(lang).gettext("no tier") if self.id == NONE_TIER else self.label


@dataclass(frozen=True)
class Impact:
    """Every unit scored under both rubrics: counts, statistics under each, and the units
    with something to report (a change, a refusal, answers set aside)."""

    old: Summary
    new: Summary
    units: int
    counts: Mapping[ImpactKind, int]
    listed: tuple[UnitImpact, ...]
    #: (tier under the old rubric, under the new; None: no tier) -> units scored under both
    transitions: Mapping[tuple[str | None, str | None], int] = field(default_factory=dict)
    #: rows refused as no unit (a total or average row, a second header row): not among the
    #: units, counted apart as batch counts them (:mod:`tiercert._no_unit`), each listed
    not_unit_rows: tuple[UnitImpact, ...] = ()

    @property
    def not_units(self) -> int:
        """How many rows were refused as no unit."""
        return len(self.not_unit_rows)

    @property
    def changed(self) -> tuple[UnitImpact, ...]:
        """Units whose standing differs, or which only one rubric refused."""
        return tuple(u for u in self.listed if u.kind not in ("same", "refused"))

    @property
    def refused(self) -> tuple[UnitImpact, ...]:
        """Units refused under both rubrics (bad rows)."""
        return tuple(u for u in self.listed if u.kind == "refused")

    @property
    def set_aside(self) -> tuple[UnitImpact, ...]:
        """Units with answers one rubric has no place for."""
        return tuple(u for u in self.listed if u.not_carried_over or u.new_only)

    def tiers(self) -> list[TierRow]:
        """Units per tier before and after, highest rank first, "no tier" last."""
        rows: dict[str, TierRow] = {}
        for tier in self.old.tiers:
            rows[tier.id] = TierRow(tier.id, tier.label, tier.rank, tier.count, None)
        for tier in self.new.tiers:  # the new rubric's label and rank
            before = rows.get(tier.id)
            rows[tier.id] = TierRow(
                tier.id, tier.label, tier.rank, before.old if before else None, tier.count
            )
        return sorted(rows.values(), key=lambda r: (r.id == NONE_TIER, -r.rank, r.id))

    def problem(self, source: str | None = None) -> Problem | None:
        """``impact.unscored`` when there were units and none could be scored under either
        rubric: the units are most likely for another rubric."""
        if not self.units or self.old.scored or self.new.scored:
            return None
        problems = next((u.old_problems or u.new_problems for u in self.refused), ())
        # the problem that says why: answers for another rubric, columns it does not know
        telling = [p for p in problems if p.code in _FOREIGN] or problems
        example = msg(" The first unit: {said}", said=_Said(telling[0])) if telling else ""
        where = msg(" in {source}", source=source) if source else ""
        return Problem(
            "impact.unscored",
            msg(
                "none of the {units} units{where} could be scored under either rubric; "
                "give units assessed with {rubric_id} or {rubric_id2}.{example}",
                units=self.units,
                where=where,
                rubric_id=self.old.rubric_id,
                rubric_id2=self.new.rubric_id,
                example=example,
            ),
            file=source,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with stable keys (see docs/versions.md)."""
        return {
            "units": self.units,
            "not_units": self.not_units,
            "counts": {kind: self.counts.get(kind, 0) for kind in IMPACT_KINDS},
            "certified": {"old": self.old.certified, "new": self.new.certified},
            "scored": {"old": self.old.scored, "new": self.new.scored},
            "tiers": [
                {"id": t.id, "label": t.label, "rank": t.rank, "old": t.old, "new": t.new}
                for t in self.tiers()
            ],
            "transitions": [
                {"old": old, "new": new, "units": n}
                for (old, new), n in sorted(self.transitions.items(), key=_transition_key)
            ],
            "targets": {
                "old": [t.to_dict() for t in self.old.targets],
                "new": [t.to_dict() for t in self.new.targets],
            },
            "units_listed": [u.to_dict() for u in self.listed],
        }


#: problems that say a unit's answers are for another rubric
_FOREIGN = ("assessment.rubric", "column.unknown", "answer.unknown", "fact.unknown")


def _transition_key(item: tuple[tuple[str | None, str | None], int]) -> tuple[str, str]:
    (old, new), _ = item
    return old or "", new or ""


# --- scoring both ways ------------------------------------------------------------------------

Item = Row | Assessment | Mapping[str, object]


def _ids(rubric: Rubric) -> frozenset[str]:
    """What a row may name for ``rubric``: criterion and fact ids."""
    return frozenset(
        [ident for ident, _, _ in rubric.iter_nodes()] + [f.id for f in rubric.spec.facts]
    )


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


#: a header as read, as one rubric reads it, and the columns set aside (index, id)
_Header = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, str], ...]]


class _Reader:
    """Items as one rubric reads them: what is answered for ids that only the other rubric
    has is set aside (a sheet's column becomes a note column, kept in place so that problems
    still name the right column), and ``rubric:`` naming either rubric names this one."""

    def __init__(self, rubric: Rubric, other: Rubric) -> None:
        self.rubric_id = rubric.id
        self.both = {rubric.id, other.id}
        self.aside = _ids(other) - _ids(rubric)
        #: a programme's stages (either rubric's): ``STAGE:ID`` is the answer to ``ID``
        self.stages = {s.id for r in (rubric, other) for s in r.spec.stages}
        self._headers: dict[int, _Header] = {}

    def _answer_of(self, name: str) -> str:
        """What column ``name`` answers: ``ID`` for a stage's ``STAGE:ID``, else itself."""
        stage, sep, rest = name.partition(STAGE_SEPARATOR)
        return rest if sep and stage in self.stages else name

    def read(self, item: Item) -> tuple[Item, tuple[str, ...]]:
        """The item for this rubric, and the ids whose answers were set aside."""
        if isinstance(item, Assessment):
            return self._assessment(item)
        assert isinstance(item, Row)
        if item.document is not None:
            return self._document(item)
        if not self.aside or not item.header:
            return item, ()
        header, columns = self._header(item.header)
        if not columns:
            return item, ()
        cells = item.cells
        gone = [ident for i, ident in columns if i < len(cells) and _filled(cells[i])]
        return replace(item, header=header), tuple(dict.fromkeys(gone))

    def _header(
        self, header: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]]:
        cached = self._headers.get(id(header))
        if cached is not None and cached[0] is header:
            return cached[1], cached[2]
        names, columns = [], []
        for i, name in enumerate(header):
            answer = self._answer_of(name)
            base, dot, suffix = answer.rpartition(".")
            ident = base if dot and "." + suffix in EVIDENCE_SUFFIXES else answer
            if not name.startswith(COMMENT) and (answer in self.aside or ident in self.aside):
                names.append(COMMENT + name)  # a note column: ignored, and still in its place
                columns.append((i, answer if answer in self.aside else ident))
            else:
                names.append(name)
        if len(self._headers) > 256:  # JSON lines may vary their keys: stay bounded
            self._headers.clear()
        entry = (header, tuple(names), tuple(columns))
        self._headers[id(header)] = entry
        return entry[1], entry[2]

    def _kept(self, values: object, gone: list[str]) -> object:
        if not isinstance(values, Mapping) or not self.aside.intersection(values):
            return values
        gone += [k for k in values if k in self.aside]
        return {k: v for k, v in values.items() if k not in self.aside}

    def _document(self, row: Row) -> tuple[Row, tuple[str, ...]]:
        data = row.document
        assert data is not None
        gone: list[str] = []
        changed = dict(data)
        for key in ("answers", "facts"):
            if key in data:
                changed[key] = self._kept(data[key], gone)
        if data.get("rubric") in self.both:
            changed["rubric"] = self.rubric_id
        if not gone and changed.get("rubric") == data.get("rubric"):
            return row, ()
        return replace(row, document=changed), tuple(gone)

    def _assessment(self, item: Assessment) -> tuple[Assessment, tuple[str, ...]]:
        gone: list[str] = []
        answers = self._kept(item.answers, gone)
        facts = self._kept(item.facts, gone)
        rubric_id = self.rubric_id if item.rubric_id in self.both else item.rubric_id
        changed = replace(item, answers=answers, facts=facts, rubric_id=rubric_id)  # type: ignore[arg-type]
        return changed, tuple(gone)


class _Carrier(_Reader):
    """Items as the new rubric reads them when it declares what became of the old criteria
    (``renamed_from``, ``replaces``, ``split_from``, ``carry``): each unit's answers carried
    as ``tiercert migrate`` carries them; what is not carried is set aside.  An answer for an
    id only the new rubric has (a unit assessed with the new version) is kept as given."""

    def __init__(self, rubric: Rubric, other: Rubric, plan: MigrationPlan) -> None:
        super().__init__(rubric, other)
        self.plan = plan
        self.rows = ColumnReader(other)
        self.own = _ids(rubric) - _ids(other)

    def read(self, item: Item) -> tuple[Item, tuple[str, ...]]:
        unit: dict[str, object] = {}
        answers: object
        facts: object
        if isinstance(item, Assessment):
            answers, facts = item.answers, item.facts
        elif isinstance(item, Row) and item.document is not None:
            answers = item.document.get("answers")
            facts = item.document.get("facts") or {}
        elif isinstance(item, Row) and not item.problems and self._staged(item):
            return self._programme_row(item)
        elif isinstance(item, Row) and not item.problems:
            try:
                prepared = self.rows.prepare(item)
            except TableError:
                return super().read(item)  # a header the old rubric cannot read either
            if prepared is None or prepared.problems or prepared.assessment is None:
                return super().read(item)
            answers, facts = prepared.assessment.answers, prepared.assessment.facts
            unit = {"id": prepared.unit_id, "name": prepared.unit_name}
        else:
            return super().read(item)
        if not isinstance(answers, Mapping) or not isinstance(facts, Mapping):
            return super().read(item)
        migrated = migrate_answers(self.plan, answers, facts)
        carried = dict(migrated.answers)
        carried.update({k: v for k, v in answers.items() if k in self.own})
        given = {k for k, v in answers.items() if v is not None}
        used = {o for olds, _ in migrated.carried for o in olds}
        gone = [*migrated.retired]
        for anew in migrated.anew:
            if anew.id not in carried:
                gone += [o for o in anew.old if o in given and o not in used and o != anew.id]
        gone = list(dict.fromkeys(gone))
        if isinstance(item, Assessment):
            rubric_id = self.rubric_id if item.rubric_id in self.both else item.rubric_id
            return replace(item, answers=carried, facts=migrated.facts, rubric_id=rubric_id), tuple(
                gone
            )
        data: dict[str, Any] = dict(item.document or {})
        if not data:  # a row of a sheet, read as an assessment
            data["unit"] = {k: v for k, v in unit.items() if v is not None}
        if data.get("rubric") in self.both:
            data["rubric"] = self.rubric_id
        data.pop("rubric_version", None)
        data["answers"], data["facts"] = carried, migrated.facts
        return replace(item, document=data, header=(), cells=()), tuple(gone)

    def _staged(self, row: Row) -> bool:
        """A programme's sheet row answered by stage (``STAGE:ID`` columns)."""
        return row.document is None and any(
            name.partition(STAGE_SEPARATOR)[0] in self.stages for name in row.header
        )

    def _programme_row(self, row: Row) -> tuple[Item, tuple[str, ...]]:
        """A programme's row carried stage by stage as ``tiercert migrate`` writes it (its
        attribute, dossier, evidence and note columns kept); a row migrate cannot read is
        read as it is, what only the old rubric has set aside."""
        migration = migrate_rows(self.plan, [row])
        units = [u for u in migration.units if u.migrated is not None and not u.problems]
        if len(units) != 1:
            return super().read(row)
        header, rows = table_rows(migration)
        (cells,) = rows
        migrated = units[0].migrated
        assert migrated is not None
        given = {
            self._answer_of(name)
            for name, cell in zip(row.header, row.cells, strict=False)
            if _filled(cell)
        }
        used = {o for olds, _ in migrated.carried for o in olds}
        gone = [*migrated.retired]
        for anew in migrated.anew:
            gone += [o for o in anew.old if o in given and o not in used and o != anew.id]
        carried = replace(row, header=tuple(header), cells=cells)
        return carried, tuple(dict.fromkeys(gone))


def _declares(plan: MigrationPlan) -> bool:
    """Whether the new rubric says anything about the old criteria beyond keeping ids."""
    return any(
        s.how in ("renamed", "merged", "split") or s.carry not in ("answer", "reassess")
        for s in plan.sources
    )


_Key = tuple[str | None, int]


class _Split:
    """One pass over the items feeding two evaluations, each item read for its rubric; what
    each reader set aside is kept by row until the two outcomes meet."""

    def __init__(self, items: Iterable[Item], readers: tuple[_Reader, _Reader]) -> None:
        self._items = enumerate(items, 1)
        self._readers = readers
        self._queues: tuple[deque[Item], deque[Item]] = (deque(), deque())
        self.aside: dict[_Key, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def side(self, index: int) -> Iterator[Item]:
        queue = self._queues[index]
        while True:
            if not queue and not self._next():
                return
            yield queue.popleft()

    def _next(self) -> bool:
        found = next(self._items, None)
        if found is None:
            return False
        position, item = found
        if not isinstance(item, Row | Assessment):
            item = json_row(item, position)  # as evaluate_many would, numbered alike
        key = (item.file, item.number) if isinstance(item, Row) else (None, position)
        read = [reader.read(item) for reader in self._readers]
        for queue, (adapted, _) in zip(self._queues, read, strict=True):
            queue.append(adapted)
        if read[0][1] or read[1][1]:
            # under the new rubric, what it set aside was not carried over
            self.aside[key] = (read[1][1], read[0][1])
        return True


#: a unit scored under one rubric: a batch's outcome, or a programme's unit (its stages,
#: attributes and dossier read as ``tiercert batch`` reads them)
Scored = Outcome | UnitOutcome


def _key(outcome: Scored) -> _Key:
    return outcome.file, outcome.number


def _outcomes(
    rubric: Rubric, items: Iterator[Item], missing: Missing, separator: DecimalSeparator = "."
) -> Iterator[Scored]:
    """The units of ``items`` scored under ``rubric`` as ``tiercert batch`` scores them: a
    programme's rows (its attribute, stage, dossier and evidence columns; its files'
    ``stages``, ``dossier`` and attributes) as a programme's units, else one by one."""
    if not is_programme(rubric):
        yield from evaluate_many(rubric, items, missing=missing, decimal_separator=separator)
        return
    first = next(items, None)
    if first is None:
        return
    rest = itertools.chain([first], items)
    if isinstance(first, Row) and carries_programme(rubric, first):
        rows: Iterator[Row] = (row for row in rest if isinstance(row, Row))  # rows only (_Split)
        reader = ProgrammeReader(rubric, missing=missing, decimal_separator=separator)
        yield from reader.read(rows)
    else:
        yield from evaluate_many(rubric, rest, missing=missing, decimal_separator=separator)


def _paired(
    old: Iterator[Scored], new: Iterator[Scored]
) -> Iterator[tuple[Scored | None, Scored | None]]:
    """The outcomes of the same row together (both evaluations skip the same rows, so they
    come in step; anything else still pairs, by row)."""
    waiting: tuple[dict[_Key, Scored], dict[_Key, Scored]] = ({}, {})
    for a, b in itertools.zip_longest(old, new):
        for side, outcome in ((0, a), (1, b)):
            if outcome is not None:
                waiting[side][_key(outcome)] = outcome
        for key in [k for k in waiting[0] if k in waiting[1]]:
            yield waiting[0].pop(key), waiting[1].pop(key)
    for outcome in waiting[0].values():  # pragma: no cover - rows out of step
        yield outcome, None
    for outcome in waiting[1].values():  # pragma: no cover
        yield None, outcome


def score_impact(
    old: Rubric,
    new: Rubric,
    units: Iterable[Item],
    *,
    missing: Missing = None,
    lang: str | None = None,
    decimal_separator: DecimalSeparator = ".",
) -> Impact:
    """Score every unit under ``old`` and ``new`` and compare (see the module's docstring).
    ``decimal_separator=","``: the answers' texts write decimals with a comma (``17,5``).

    ``units`` are what :func:`~tiercert.batch.evaluate_many` takes (rows from
    :func:`~tiercert.tabular.read_rows`, assessments, mappings); they are read once, and
    closed at the end when they can be.  Raises :class:`~tiercert.tabular.TableError` when
    the input cannot be read or its header makes every row unusable."""
    plan = plan_migration(old, new)
    carrier = _Carrier(new, old, plan) if _declares(plan) and not plan.errors else None
    split = _Split(units, (_Reader(old, new), carrier or _Reader(new, old)))
    tallies = SummaryBuilder(old, lang=lang), SummaryBuilder(new, lang=lang)
    langs = tallies[0].lang, tallies[1].lang
    rates_only = rating_only(old.parts.tiers), rating_only(new.parts.tiers)
    counts = dict.fromkeys(IMPACT_KINDS, 0)
    listed: list[UnitImpact] = []
    transitions: dict[tuple[str | None, str | None], int] = {}
    # a programme's units, for its targets' period rule (grouping.period_targets)
    lines: tuple[list[UnitLine], list[UnitLine]] = ([], [])
    total = 0
    not_units: list[UnitImpact] = []
    try:
        outcomes = _paired(
            _outcomes(old, split.side(0), missing, decimal_separator),
            _outcomes(new, split.side(1), missing, decimal_separator),
        )
        for a, b in outcomes:
            for side, (tally, outcome) in enumerate(zip(tallies, (a, b), strict=True)):
                if outcome is not None:
                    tally.add(outcome)
                if isinstance(outcome, UnitOutcome):
                    lines[side].append(line_of(outcome, (old, new)[side]))
            unit = _unit(a, b, langs, split.aside, rates_only)
            kind = unit.kind
            if kind == "refused" and no_unit(
                p.code for p in (*unit.old_problems, *unit.new_problems)
            ):
                not_units.append(unit)  # a total row: no unit whose input can be corrected
                continue
            total += 1
            counts[kind] += 1
            if unit.old is not None and unit.new is not None:
                move = (unit.old.tier, unit.new.tier)
                transitions[move] = transitions.get(move, 0) + 1
            if kind != "same" or unit.not_carried_over or unit.new_only:
                listed.append(unit)
    finally:
        close = getattr(units, "close", None)
        if callable(close):
            close()
    summaries = [tally.summary() for tally in tallies]
    for side, rubric in enumerate((old, new)):
        if lines[side]:  # counted as tiercert batch counts a programme's targets
            summaries[side] = period_targets(summaries[side], lines[side], rubric, lang)
    return Impact(
        summaries[0], summaries[1], total, counts, tuple(listed), transitions, tuple(not_units)
    )


def _unit(
    a: Scored | None,
    b: Scored | None,
    langs: tuple[str, str],
    aside: dict[_Key, tuple[tuple[str, ...], tuple[str, ...]]],
    rates_only: tuple[bool, bool] = (False, False),
) -> UnitImpact:
    some = a if a is not None else b
    assert some is not None
    lost, ignored = aside.pop(_key(some), ((), ()))
    old = (
        Standing.of(a.result, langs[0], rates_only[0])
        if a is not None and a.result is not None
        else None
    )
    new = (
        Standing.of(b.result, langs[1], rates_only[1])
        if b is not None and b.result is not None
        else None
    )
    return UnitImpact(
        some.number,
        some.file,
        some.unit_id,
        some.unit_name,
        old,
        new,
        a.problems if a is not None else (),
        b.problems if b is not None else (),
        lost,
        ignored,
    )


class _Said(Message):
    """A problem as :meth:`Problem.format` writes it, in the reader's language (its
    severity, its message) when the message that quotes it is written."""

    problem: Problem

    def __new__(cls, problem: Problem) -> _Said:
        self = str.__new__(cls, problem.format())
        self.template, self.params, self.problem = "", (), problem
        return self

    def __getnewargs__(self) -> tuple[Problem]:  # type: ignore[override]
        return (self.problem,)

    def in_lang(self, lang: str) -> str:
        return self.problem.format(lang)


# --- renderings -------------------------------------------------------------------------------


def _unit_name(unit: UnitImpact, lang: str = "en") -> str:
    name = unit.unit_id or translator(lang).gettext("row {number}").format(number=unit.number)
    return f"{name} ({unit.unit_name})" if unit.unit_name else name


def _row_of(unit: UnitImpact, lang: str = "en") -> str:
    """Where the unit was read: ``row 7``, or the file of a folder's assessment."""
    if unit.file is not None and not unit.file.lower().endswith((".csv", ".xlsx", ".jsonl")):
        return unit.file
    return translator(lang).gettext("row {number}").format(number=unit.number)


def _certified(summary: Summary, lang: str) -> str:
    return (
        translator(lang)
        .gettext("{certified} of {scored}")
        .format(certified=summary.certified, scored=summary.scored)
    )


def impact_text(impact: Impact, source: str | None = None, lang: str = "en") -> str:
    """The impact for a terminal, in ``lang``: counts, the units that change, tiers and
    targets."""
    said = translator(lang)
    _ = said.gettext
    where = f" ({source})" if source else ""
    changed = impact.changed
    lines = [
        said.ngettext(
            "Impact on {count} unit{where}: {changed} changed, {same} unchanged, {refused} "
            "refused under both",
            "Impact on {count} units{where}: {changed} changed, {same} unchanged, {refused} "
            "refused under both",
            impact.units,
        ).format(
            count=impact.units,
            where=where,
            changed=len(changed),
            same=impact.counts["same"],
            refused=impact.counts["refused"],
        )
        + _not_units(impact, lang)
    ]
    lines += [
        f"  {_(_SAYS[kind])}: {impact.counts[kind]}"
        for kind in IMPACT_KINDS
        if impact.counts[kind] and kind not in ("same", "refused")
    ]
    refused_word = _("refused")
    if changed:
        lines += ["", _("Units whose result changes:")]
        for unit in changed:
            lines.append(f"  {_unit_name(unit, lang)}")
            before = unit.old.describe(lang) if unit.old else refused_word
            after = unit.new.describe(lang) if unit.new else refused_word
            lines.append(f"      {before} → {after}: {unit.describe(lang)}")
    refused = impact.refused
    if refused:
        lines += ["", _("Units refused under both rubrics (bad input, as in tiercert batch):")]
        for unit in refused:
            lines.append(
                f"  {_unit_name(unit, lang)}, {_row_of(unit, lang)}: {unit.why_refused(lang)}"
            )
    if impact.not_unit_rows:
        lines += ["", _("Rows that are no unit (a total or a second header row), not counted:")]
        lines += [
            f"  {_unit_name(unit, lang)}, {_row_of(unit, lang)}: {unit.why_refused(lang)}"
            for unit in impact.not_unit_rows
        ]
    lines += _set_aside_lines(impact, lang)
    lines += ["", _("Units per tier:")]
    tiers = impact.tiers()
    before_word, after_word = _("before"), _("after")
    (width,) = column_widths([t.shown(lang)] for t in tiers)
    lines.append(f"  {'':{width}}  {before_word:>6}  {after_word:>6}")
    for tier in tiers:
        lines.append(f"  {tier.shown(lang):{width}}  {_n(tier.old):>6}  {_n(tier.new):>6}")
    lines.append(
        _("Certified: {before} → {after}").format(
            before=_certified(impact.old, lang), after=_certified(impact.new, lang)
        )
    )
    if impact.old.targets or impact.new.targets:
        lines.append(_("Targets:"))
        lines += [
            "  " + _("before: {target}").format(target=t.describe(lang)) for t in impact.old.targets
        ]
        lines += [
            "  " + _("after:  {target}").format(target=t.describe(lang)) for t in impact.new.targets
        ]
    return text_of_lines(lines)


def _not_units(impact: Impact, lang: str) -> str:
    """``; 1 row that is no unit ..., not counted`` after the units counted, as a batch's
    summary says it; nothing when there is none."""
    if not impact.not_units:
        return ""
    return (
        translator(lang)
        .ngettext(
            "; {count} row that is no unit (a total or a second header row), not counted",
            "; {count} rows that are no unit (total or second header rows), not counted",
            impact.not_units,
        )
        .format(count=impact.not_units)
    )


def _n(count: int | None) -> str:
    return "-" if count is None else str(count)


def _set_aside_lines(impact: Impact, lang: str) -> list[str]:
    _ = translator(lang).gettext
    lines = []
    lost = [u for u in impact.set_aside if u.not_carried_over]
    if lost:
        lines += [
            "",
            _("Answers not carried over (the new rubric has no such criterion or fact):"),
        ]
        lines += [f"  {_unit_name(u, lang)}: {', '.join(u.not_carried_over)}" for u in lost]
    extra = [u for u in impact.set_aside if u.new_only]
    if extra:
        lines += ["", _("Answers only the new rubric reads (ignored under the old one):")]
        lines += [f"  {_unit_name(u, lang)}: {', '.join(u.new_only)}" for u in extra]
    return lines


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), row("---" for _ in header)] + [
        row(markdown_text(cell) for cell in cells) for cells in rows
    ]


def impact_markdown(impact: Impact, source: str | None = None, lang: str = "en") -> str:
    """The impact as Markdown, in ``lang``: a table of counts, of the units that change, of
    tiers."""
    said = translator(lang)
    _ = said.gettext
    where = f" ({markdown_text(source)})" if source else ""
    heading = said.ngettext(
        "Impact on {count} unit{where}", "Impact on {count} units{where}", impact.units
    )
    out = ["## " + heading.format(count=impact.units, where=where) + _not_units(impact, lang), ""]
    out += _md_table(
        (_("Outcome"), _("Units")),
        [(_(_SAYS[kind]), str(impact.counts[kind])) for kind in IMPACT_KINDS],
    )
    refused_word = _("refused")
    if impact.changed:
        out += ["", "### " + _("Units whose result changes"), ""]
        out += _md_table(
            (_("Unit"), _("Name"), _("Before"), _("After"), _("Change")),
            [
                (
                    u.unit_id or _("row {number}").format(number=u.number),
                    u.unit_name or "",
                    u.old.describe(lang) if u.old else refused_word,
                    u.new.describe(lang) if u.new else refused_word,
                    u.describe(lang),
                )
                for u in impact.changed
            ],
        )
    refused = (
        (_("Units refused under both rubrics"), impact.refused),
        (_("Rows that are no unit, not counted"), impact.not_unit_rows),
    )
    for heading, rows in refused:
        if not rows:
            continue
        out += ["", "### " + heading, ""]
        out += _md_table(
            (_("Unit"), _("Name"), _("Where"), _("Problem")),
            [
                (u.unit_id or "", u.unit_name or "", _row_of(u, lang), u.why_refused(lang))
                for u in rows
            ],
        )
    set_aside = impact.set_aside
    if set_aside:
        out += ["", "### " + _("Answers set aside"), ""]
        out += _md_table(
            (
                _("Unit"),
                _("Not carried over (not in the new rubric)"),
                _("Ignored under the old rubric"),
            ),
            [
                (
                    u.unit_id or _("row {number}").format(number=u.number),
                    ", ".join(u.not_carried_over),
                    ", ".join(u.new_only),
                )
                for u in set_aside
            ],
        )
    out += ["", "### " + _("Units per tier"), ""]
    out += _md_table(
        (_("Tier"), _("Before"), _("After")),
        [(t.shown(lang), _n(t.old), _n(t.new)) for t in impact.tiers()],
    )
    out += [
        "",
        _("Certified: {before} before, {after} after.").format(
            before=_certified(impact.old, lang), after=_certified(impact.new, lang)
        ),
    ]
    if impact.old.targets or impact.new.targets:
        out += ["", "### " + _("Targets"), ""]
        out += [
            "- " + _("before: {target}").format(target=markdown_text(t.describe(lang)))
            for t in impact.old.targets
        ]
        out += [
            "- " + _("after: {target}").format(target=markdown_text(t.describe(lang)))
            for t in impact.new.targets
        ]
    return text_of_lines(out)


Format = Literal["text", "markdown", "json"]


def render_comparison(
    diff: RubricDiff,
    impact: Impact | None = None,
    format: Format = "text",
    *,
    lang: str | None = None,
    source: str | None = None,
) -> str:
    """The diff, and the impact when given, as ``text``, ``markdown`` or ``json`` (the
    diff's keys, and ``impact``); ``source`` names where the units came from."""
    if format == "json":
        if impact is None:
            return render_json(diff)
        data = {**diff.to_dict(), "impact": {"source": source, **impact.to_dict()}}
        return json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    words = lang or diff.new.language
    if format == "markdown":
        text = render_markdown(diff, lang)
        return text if impact is None else text + "\n" + impact_markdown(impact, source, words)
    if format != "text":
        raise ValueError(f"format must be text, markdown or json, not {format!r}")
    text = render_text(diff, lang)
    return text if impact is None else text + "\n" + impact_text(impact, source, words)


__all__ = [
    "IMPACT_KINDS",
    "Impact",
    "Standing",
    "TierRow",
    "UnitImpact",
    "impact_markdown",
    "impact_text",
    "render_comparison",
    "score_impact",
]
