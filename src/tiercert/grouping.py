"""Programme statistics by group of units (``batch --by district``) and progress against the
rubric's targets, per period and per group of units.

A unit is counted from a :class:`UnitLine`: what a programme batch writes of it (made from a
unit's outcome, or read back from an output file), so that statistics computed from results
and from files are one computation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from ._escape import column_widths, json_text, text_of_lines
from ._escape import markdown_text as _md
from ._no_unit import no_unit
from ._numbers import HUNDRED, display_number, exact_number
from ._programme_texts import attribute_titles, tr
from .rubric import Rubric, text_in
from .summary import (
    NONE_TIER,
    Summary,
    SummaryBuilder,
    TargetProgress,
    target_verdict,
)


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One unit of a round as a programme batch writes it: ids, attributes, whether it was
    scored, certified, its tier (id and rank, 0 for none), total and whether a gate of every
    tier failed (knocked out); ``rubric`` is (id, version, fingerprint)."""

    unit_id: str | None
    unit_name: str | None
    attributes: Mapping[str, str]
    scored: bool
    certified: bool
    tier: str | None
    rank: int
    total: Fraction | None
    knocked_out: bool
    rubric: tuple[str, str, str]
    decided_by: str | None = None
    incomplete: bool = False  # documents or evidence files missing
    #: a refused row that is no unit (a total row, a second header row: ``_no_unit``)
    not_unit: bool = False
    #: ``total`` is the number a results file showed cut for reading (``77.333333333333…``,
    #: its exact value not in the file): the floor of the exact total, never equal to it
    total_cut: bool = False


def line_of(unit: Any, rubric: Rubric) -> UnitLine:
    """The line of a :class:`~tiercert.programme.UnitOutcome` scored under ``rubric``."""
    result = unit.result
    ident = (rubric.id, rubric.version, rubric.fingerprint)
    if result is None:
        return UnitLine(
            unit.unit_id, unit.unit_name, dict(unit.attributes), False, False, None, 0, None,
            False, ident, None, False, no_unit(p.code for p in unit.problems),
        )  # fmt: skip
    ranks = {t.id: t.rank for t in rubric.spec.tiers}
    every = {g.id for g in rubric.spec.gates if g.tiers is None}
    tier = result.tier.id if result.tier is not None else None
    return UnitLine(
        unit.unit_id,
        unit.unit_name,
        dict(unit.attributes),
        True,
        result.certified,
        tier,
        ranks.get(tier, 0) if tier is not None else 0,
        result.total,
        bool(every & set(result.failed_gates)),
        ident,
        unit.decided_by,
        bool(unit.missing_documents or unit.missing_evidence),
    )


# --- targets ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """A target of the rubric against the units it is about: those of its period (when the
    rubric has a round attribute) and of its ``by`` values."""

    period: str
    share: Fraction
    tier: str | None
    tier_label: str | None
    by: Mapping[str, tuple[str, ...]]
    units: int
    count: int
    reached: Fraction | None
    met: bool
    short: int
    provisional: bool
    rejected: int = 0  # units of its group left out (bad rows)
    decided: bool = True  # False: the rejected units could change the verdict
    #: attribute id -> its title (:func:`~tiercert.summary.attribute_titles`), for people
    by_titles: Mapping[str, str] = field(default_factory=dict, compare=False)

    def describe(self, lang: str | None) -> str:
        """The target's line, worded as every target line is (a summary's, ``diff
        --impact``'s: :meth:`~tiercert.summary.TargetProgress.describe`), with how many of the
        group's units count."""
        return self.progress().describe(lang or "en")

    def progress(self) -> TargetProgress:
        """As a summary's target."""
        return TargetProgress(
            self.period,
            self.share,
            self.tier,
            self.tier_label,
            self.count,
            self.reached,
            self.met,
            self.short,
            self.provisional,
            by=self.by,
            units=self.units,
            rejected=self.rejected,
            decided=self.decided,
            by_titles=self.by_titles,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "share": exact_number(self.share),
            "tier": self.tier,
            "by": {k: list(v) for k, v in self.by.items()},
            "units": self.units,
            "count": self.count,
            "reached": exact_number(self.reached) if self.reached is not None else None,
            "met": self.met,
            "decided": self.decided,
            "rejected": self.rejected,
            "units_short": self.short,
            "provisional": self.provisional,
        }


def check_targets(
    lines: Iterable[UnitLine],
    rubric: Rubric,
    *,
    lang: str | None = None,
    only: Mapping[str, str] | None = None,
) -> list[TargetCheck]:
    """Each target of ``rubric`` against the scored ``lines`` it is about; ``only`` keeps the
    units with those attribute values (one group of ``--by``) and the targets that can be
    about them."""
    spec = rubric.spec
    round_id = next((a.id for a in spec.attributes if a.round), None)
    ranks = {t.id: t.rank for t in spec.tiers}
    labels = {t.id: text_in(t.label, lang or spec.language) for t in spec.tiers}
    titles = attribute_titles(rubric)
    lines = list(lines)
    if only:
        lines = [u for u in lines if all(u.attributes.get(k) == v for k, v in only.items())]
    checks = []
    for target in spec.targets:
        by = {k: tuple(v) for k, v in (target.by or {}).items()}
        if only and any(k in by and v not in by[k] for k, v in only.items()):
            continue

        about: dict[str, tuple[str, ...]] = {}
        if round_id is not None:
            about[round_id] = (target.period,)
        about.update(by)
        units = [u for u in lines if u.scored and _of(u, about, known=True)]
        rejected = sum(not u.scored and _of(u, about, known=False) for u in lines if _unit(u))
        if target.tier is None:
            count = sum(u.certified for u in units)
        else:
            least = ranks[target.tier]
            count = sum(u.rank >= least for u in units)
        wanted = Fraction(target.share)
        n = len(units)
        met, decided, short = target_verdict(wanted, count, n, rejected)
        checks.append(
            TargetCheck(
                target.period,
                wanted,
                target.tier,
                labels.get(target.tier) if target.tier else None,
                by,
                n,
                count,
                Fraction(count) * HUNDRED / n if n else None,
                met,
                short,
                target.provisional,
                rejected,
                decided,
                titles,
            )
        )
    return checks


def _unit(line: UnitLine) -> bool:
    """Whether a rejected ``line`` may be a unit: a sheet's row of totals or averages
    (``row.summary``, "Tổng cộng") or a second header row is none, and would count as a unit
    that could still be certified, or fail, in every target (its round unread)."""
    return not line.not_unit


def _of(line: UnitLine, about: Mapping[str, tuple[str, ...]], *, known: bool) -> bool:
    """Whether ``line`` has one of the values ``about`` gives for each attribute (a round's
    compared as periods); with ``known`` False an attribute that could not be read (a
    rejected unit's) may be any value, so the unit may be of the target."""
    for key, values in about.items():
        value = line.attributes.get(key)
        if value is None:
            if known:
                return False
        elif not any(value == v or same_period(value, v) for v in values):
            return False
    return True


def batch_targets(
    lines: Iterable[UnitLine],
    rubric: Rubric,
    *,
    lang: str | None = None,
    only: Mapping[str, str] | None = None,
) -> tuple[TargetCheck, ...]:
    """The targets one batch judges (:func:`check_targets`): those it has units of, scored
    or rejected, in their period and of their ``by`` values.  A target of a period with no
    units here is not this batch's to judge: the summary, each group of ``--by`` and their
    whole all leave it out (``tiercert progress`` compares rounds, and keeps it)."""
    checks = check_targets(lines, rubric, lang=lang, only=only)
    return tuple(t for t in checks if t.units or t.rejected)


def period_targets(
    summary: Summary, lines: Sequence[UnitLine], rubric: Rubric, lang: str | None
) -> Summary:
    """``summary`` with its targets counted as a programme counts them: each over the units of
    its period (when the rubric has a round attribute) and of its ``by`` values, with the
    units of them that were rejected; only the targets the batch has units of (scored or
    rejected)."""
    checks = batch_targets(lines, rubric, lang=lang)
    return replace(summary, targets=tuple(t.progress() for t in checks))


def same_period(value: str | None, period: str) -> bool:
    """A round's value and a target's period name the same period (``2023`` and
    ``"2023"``; numbers compared as numbers)."""
    if value is None:
        return False
    if value.strip() == period.strip():
        return True
    from ._literals import parse_number

    a, b = parse_number(value), parse_number(period)
    return a is not None and a == b


# --- groups -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStats:
    """The statistics of the units with one value of the grouping attribute (``""``: the
    units without one)."""

    value: str
    summary: Summary
    targets: tuple[TargetCheck, ...]
    incomplete: int = 0  # units scored whose dossier lacks a document or an evidence file


@dataclass(frozen=True)
class Grouped:
    """Statistics per group of units, and of all of them."""

    attribute: str
    title: str
    groups: tuple[GroupStats, ...]
    whole: GroupStats
    lang: str = "en"  # of the texts, unless another is asked when rendering

    def to_dict(self) -> dict[str, Any]:
        def one(g: GroupStats) -> dict[str, Any]:
            return {
                "value": g.value,
                **g.summary.to_dict(),
                "dossier_incomplete": g.incomplete,
                "targets": [t.to_dict() for t in g.targets],
            }

        return {
            "by": self.attribute,
            "groups": [one(g) for g in self.groups],
            "all": one(self.whole),
        }


class GroupBuilder:
    """Counts units (programme outcomes) per value of one attribute, with a
    :class:`~tiercert.summary.SummaryBuilder` per group; the whole is the groups' counts
    merged, so the groups always add up to it."""

    def __init__(self, rubric: Rubric, attribute: str, *, lang: str | None = None) -> None:
        self.rubric = rubric
        self.attribute = attribute
        self.lang = lang
        self.builders: dict[str, SummaryBuilder] = {}
        self.lines: list[UnitLine] = []

    def add(self, unit: Any) -> None:
        """Count one :class:`~tiercert.programme.UnitOutcome`."""
        line = line_of(unit, self.rubric)
        value = line.attributes.get(self.attribute, "")
        builder = self.builders.get(value)
        if builder is None:
            builder = self.builders[value] = SummaryBuilder(self.rubric, lang=self.lang)
        builder.add(unit)
        self.lines.append(line)

    def grouped(self) -> Grouped:
        whole = SummaryBuilder(self.rubric, lang=self.lang)
        groups = []
        declared = choice_order(self.rubric, self.attribute)
        for value in sorted(self.builders, key=lambda v: (v != "", declared.get(v, -1), v)):
            builder = self.builders[value]
            whole.merge(builder)
            if not (builder.scored or builder.rejected):  # total rows alone: no group of units
                continue
            only = {self.attribute: value} if value else None
            targets = batch_targets(self.lines, self.rubric, lang=self.lang, only=only)
            incomplete = sum(
                u.incomplete and u.scored
                for u in self.lines
                if u.attributes.get(self.attribute, "") == value
            )
            targets_of = targets if only else ()
            groups.append(GroupStats(value, builder.summary(), targets_of, incomplete))
        everything = GroupStats(
            "",
            whole.summary(),
            batch_targets(self.lines, self.rubric, lang=self.lang),
            sum(u.incomplete and u.scored for u in self.lines),
        )
        spec = self.rubric.spec
        attribute = next((a for a in spec.attributes if a.id == self.attribute), None)
        title = text_in(attribute.title, self.lang or spec.language) if attribute else ""
        lang = self.lang or spec.language
        return Grouped(self.attribute, title, tuple(groups), everything, lang)


def choice_order(rubric: Rubric, attribute: str) -> dict[str, int]:
    """A choice attribute's values by their place in the rubric (empty for other attributes):
    the order a programme office declared its districts in, which the groups and lists follow;
    text order would put ``Huyện Đông`` after ``Huyện Tây`` (Đ after every Latin letter)."""
    found = next((a for a in rubric.spec.attributes if a.id == attribute), None)
    if found is None or found.type != "choice":
        return {}
    return {value: i for i, value in enumerate(found.values or ())}


def render_grouped(grouped: Grouped, format: str, lang: str | None) -> str:
    """The grouped statistics as ``text``, ``markdown`` or ``json``, in ``lang`` (default:
    the rubric's language)."""
    lang = lang or grouped.lang
    if format == "json":
        return json_text(json.dumps(grouped.to_dict(), ensure_ascii=False, indent=2)) + "\n"
    tiers = [t for t in grouped.whole.summary.tiers if t.id != NONE_TIER]
    head = [
        grouped.title or grouped.attribute,
        tr("units", lang),
        tr("rejected", lang),
        tr("certified", lang),
        tr("share certified", lang),
        tr("mean total", lang),
        *(" ".join(t.label.split()) or t.id for t in tiers),  # by label, as the summary says
        tr("no tier", lang),
        tr("weakest groups (own points lost)", lang),
        tr("dossier incomplete", lang),
    ]
    rows = [_cells(g, g.value or tr("(none)", lang), lang) for g in grouped.groups]
    rows.append(_cells(grouped.whole, tr("all units", lang), lang))
    title = tr("Programme by {attribute}", lang, attribute=grouped.title or grouped.attribute)
    # the targets each group and the whole judge (batch_targets)
    targets = [
        f"{g.value or tr('(none)', lang)}: {t.describe(lang)}"
        for g in grouped.groups
        for t in g.targets
    ]
    targets += [f"{tr('all units', lang)}: {t.describe(lang)}" for t in grouped.whole.targets]
    if format == "markdown":
        lines = [f"## {_md(title)}", "", _md_row(head), _md_row(["---"] * len(head))]
        lines += [_md_row(r) for r in rows]
        if targets:
            lines += ["", f"### {tr('Targets', lang)}", ""]
            lines += [f"- {_md(t)}" for t in targets]
        return text_of_lines(lines)
    widths = column_widths([head, *rows])
    lines = [title, ""]
    for r in [head, *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if targets:
        lines += ["", tr("Targets", lang) + ":"]
        lines += [f"  {t}" for t in targets]
    return text_of_lines(lines)


def _cells(group: GroupStats, name: str, lang: str) -> list[str]:
    """One row of the table, its numbers by the display rule of ``lang`` (``33,3…%``)."""
    s = group.summary
    counts = {t.id: t.count for t in s.tiers}
    # each by its title, in the summary's language (the rubric's translation where it has
    # one; its lines joined: one cell), then its id and loss in brackets, " · " between two:
    # a title may hold commas and semicolons (the shipped ones do), and two groups may share
    # a title (the JSON keeps the ids)
    weakest = " · ".join(
        f"{' '.join(g.title.split())} ({g.id}: -{lost})"
        for g in s.weakest()[:2]
        if g.mean_lost  # (all of them: weakest() gives the groups that lost points)
        for lost in [display_number(g.mean_lost, "ceiling", 1, lang=lang)]
    )
    share = (
        display_number(s.certified_share, "floor", 1, lang=lang) + "%" if s.certified_share else "-"
    )
    if s.certified_share == 0:
        share = "0%"
    return [
        name,
        str(s.units),
        str(s.rejected),
        str(s.certified),
        share,
        display_number(s.mean, "floor", 2, lang=lang) if s.mean is not None else "-",
        *(str(counts[t.id]) for t in s.tiers if t.id != NONE_TIER),
        str(counts[NONE_TIER]),
        weakest or "-",
        str(group.incomplete),
    ]


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"
