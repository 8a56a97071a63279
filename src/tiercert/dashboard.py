"""The programme dashboard: one self-contained page over a batch, and a folder of scorecards.

The page (``templates/dashboard.html.j2``) shows the units per tier with the programme's
targets drawn as lines, a histogram of totals with the tiers' cut-offs, the points lost per
group, a table per attribute value when the units carry attributes (district...), and the
list of units, each linked to its scorecard when :class:`CardFolder` wrote them.
Statistics come from :class:`~tiercert.summary.Summary` (exact); the unit list keeps the
first :data:`UNITS_SHOWN` units and counts the rest, so a large batch stays a readable page.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ._behind import held_back
from ._i18n import in_lang, msg
from ._numbers import ZERO, to_fraction
from ._programme_texts import DossierTitles, target_scope
from ._rating import rating_only
from ._unanswered import for_people
from .batch import Outcome
from .result import Result
from .rubric import Rubric, text_in
from .scorecard import star_counts
from .summary import NONE_TIER, Summary

if TYPE_CHECKING:
    from .programme import UnitOutcome

#: units listed on the page at most (the results file has them all)
UNITS_SHOWN = 5000
#: bars of the histogram of totals, about
HISTOGRAM_BARS = 20


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One unit in the dashboard's list."""

    row: int
    unit_id: str | None
    unit_name: str | None
    total: Fraction | None  # None: rejected
    tier: str | None  # the label of the tier reached
    stars: int | None
    certified: bool
    failed_gates: tuple[str, ...]  # by their titles and the tier each holds back, in its language
    provisional: bool
    problems: tuple[str, ...]  # why a rejected row was not scored
    card: str | None  # its scorecard's file name, next to the page
    #: a programme's unit (tiercert.programme): its attributes' values in the rubric's
    #: order, the appraisals flagged, what its dossier lacks
    attributes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


class UnitList:
    """The units of a batch for the dashboard: the first ``limit`` kept, the rest counted."""

    def __init__(self, rubric: Rubric, *, lang: str | None = None, limit: int = UNITS_SHOWN):
        self.lang = lang or rubric.spec.language
        self.limit = limit
        self._rubric = rubric
        self._dossier = DossierTitles(rubric, self.lang)
        self.lines: list[UnitLine] = []
        self.more = 0
        self._labels = {t.id: text_in(t.label, self.lang) for t in rubric.spec.tiers}
        #: a failed gate named by its title in the language, as the cards name it
        self._gates = {g.id: text_in(g.title, self.lang) for g in rubric.spec.gates}
        self._stars = star_counts(rubric) or {}
        self._attributes = [a.id for a in rubric.spec.attributes]
        #: the attributes' titles, the columns the unit list shows after the unit
        self.attribute_titles = tuple(text_in(a.title, self.lang) for a in rubric.spec.attributes)

    def add(self, outcome: Outcome, card: str | None = None) -> None:
        if len(self.lines) >= self.limit:
            self.more += 1
            return
        result = outcome.result
        # a programme's unit brings its attributes, flags and dossier (see programme.py)
        given = getattr(outcome, "attributes", None) or {}
        extra = (
            tuple(given.get(a, "") for a in self._attributes),
            tuple(f.describe(self.lang, self._rubric) for f in getattr(outcome, "flags", ())),
            self._dossier.lacks(
                getattr(outcome, "missing_documents", ()),
                getattr(outcome, "missing_evidence", ()),
            ),
        )
        if result is None:
            # in the dashboard's language, one line an unanswered group; a problem of the
            # whole row ("$") names no column
            problems = tuple(
                f"{p.where}: {p.text(self.lang)}" if p.where not in ("", "$") else p.text(self.lang)
                for p in for_people(outcome.problems, self._rubric._plan)
            )
            self.lines.append(
                UnitLine(
                    outcome.number,
                    outcome.unit_id,
                    outcome.unit_name,
                    None,
                    None,
                    None,
                    False,
                    (),
                    False,
                    problems,
                    None,
                    *extra,
                )
            )
            return
        self.lines.append(replace(self._line(outcome.number, result, card), attributes=extra[0],
                                  flags=extra[1], missing=extra[2]))  # fmt: skip

    def _failed(self, result: Result) -> tuple[str, ...]:
        """The failed gates by their titles, each with the tier it holds back (a gate of
        every tier first, then by the tier's rank): a gate of a tier far above the unit's
        reach reads so, not as what keeps it from the next."""
        ranks = {t.id: t.rank for t in self._rubric.spec.tiers}
        said: list[tuple[int, str]] = []
        for gate in result.gates:
            if gate.passed:
                continue
            title = self._gates.get(gate.id) or gate.id
            tier = held_back(gate, self._rubric)
            if tier is None:
                said.append((0, title))
            else:
                label = self._labels.get(tier, tier)
                text = in_lang(msg("{gate} (for {tier})", gate=title, tier=label), self.lang)
                said.append((ranks.get(tier, 0), text))
        return tuple(text for _rank, text in sorted(said, key=lambda pair: pair[0]))

    def _line(self, row: int, result: Result, card: str | None) -> UnitLine:
        tier = result.tier
        return UnitLine(
            row,
            result.unit_id,
            result.unit_name,
            result.total,
            self._labels.get(tier.id) if tier is not None else None,
            self._stars.get(tier.id) if tier is not None else None,
            result.certified,
            self._failed(result),
            bool(result.provisional),
            (),
            card,
        )


@dataclass(frozen=True, slots=True)
class TierShare:
    """One tier's part of the units, as a segment of the stacked bar (highest tier first)."""

    id: str
    label: str
    rank: int
    certified: bool
    count: int
    share: Fraction  # percent of the units scored
    start: Fraction  # percent where its segment starts
    colour: str


@dataclass(frozen=True, slots=True)
class TargetLine:
    """A programme target drawn on the stacked bar: at ``share`` percent from the left, the
    units at ``tier`` or above (certified, without a tier) must reach it."""

    period: str
    share: Fraction
    tier: str | None
    reached: Fraction | None
    met: bool
    units_short: int
    provisional: bool
    scope: str = ""  # the units it is about, ``region: Bắc`` (empty: all; drawn on the bar)
    rejected: int = 0  # units of its group left out (bad rows)
    decided: bool = True  # False: those could change the verdict
    count: int = 0
    units: int | None = None  # of a target with a scope: the units it is about


@dataclass(frozen=True, slots=True)
class Bin:
    """Units whose total is in ``[low, high)`` (the last bin closed)."""

    low: Fraction
    high: Fraction
    count: int


@dataclass(frozen=True, slots=True)
class Cutoff:
    at: Fraction
    label: str


@dataclass(frozen=True, slots=True)
class Histogram:
    low: Fraction
    high: Fraction
    bins: tuple[Bin, ...]
    cutoffs: tuple[Cutoff, ...]
    tallest: int


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """The statistics of the units sharing one attribute value (a district...)."""

    value: str
    summary: Summary


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Units grouped by one attribute: a table on the dashboard."""

    attribute: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard page shows."""

    lang: str
    title: str
    rubric_id: str
    rubric_version: str
    fingerprint: str
    issuer: str
    round: str | None
    date: str
    summary: Summary
    tiers: tuple[TierShare, ...]
    targets: tuple[TargetLine, ...]
    histogram: Histogram | None
    breakdowns: tuple[Breakdown, ...]
    units: tuple[UnitLine, ...]
    more_units: int
    card_prefix: str | None  # units link to their scorecards there (None: no links)
    attribute_titles: tuple[str, ...] = ()  # the unit list's attribute columns
    rates_only: bool = False  # no tier certifies: no "certified" figures (_rating.py)


#: the target labels over the stacked bar (400 units wide, 4 a percent): their font size, a
#: width per character no digit, letter or sign of it exceeds, and the room between two
#: labels; a label that would touch another goes to the row above
_LABEL_SIZE = 11
_CHAR_WIDTH = 0.68 * _LABEL_SIZE
_LABEL_GAP = 6
#: the height of a row of target labels
LABEL_ROW = 16  # the template's: a text box of 11 units is about 14 high


@dataclass(frozen=True, slots=True)
class TargetLabel:
    """Where a target's label is drawn: ``x`` and its ``anchor`` (SVG), its ``row`` counted
    up from the bar (0: the row next to it), and its text."""

    x: Fraction
    anchor: str
    row: int
    text: str


def target_labels(
    targets: Sequence[TargetLine], shown: Callable[[Fraction], str]
) -> tuple[TargetLabel, ...]:
    """The labels of the targets drawn on the bar, laid out so that none overlaps another: in
    order from the left, each in the lowest row where it clears the labels already there by
    :data:`_LABEL_GAP` (its width estimated from its characters, generously)."""
    placed: list[TargetLabel] = []
    ends: list[float] = []  # the right edge of the last label of each row
    for target in sorted((t for t in targets if not t.scope), key=lambda t: t.share):
        x = target.share * 4
        text = f"{target.period}: {shown(target.share)}%"
        width = len(text) * _CHAR_WIDTH
        anchor = "end" if target.share > 80 else "start" if target.share < 20 else "middle"
        left = float(x) - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        row = next((i for i, end in enumerate(ends) if left >= end + _LABEL_GAP), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + width
        placed.append(TargetLabel(x, anchor, row, text))
    return tuple(placed)


#: segment colours: certified tiers from light to dark green by rank, other tiers amber,
#: no tier grey; never the only carrier of meaning (the legend and the table name them)
_GREENS = ("#b7e4c0", "#7cc68d", "#45a35d", "#1a7f37", "#0f5323", "#08361a")
_AMBERS = ("#f3dca0", "#e3b55a", "#b7791f")
_NONE = "#c9cfd6"


def build_dashboard(
    summary: Summary,
    rubric: Rubric,
    units: UnitList | None = None,
    *,
    lang: str | None = None,
    round: str | None = None,
    date: str,
    breakdowns: Mapping[str, Mapping[str, Summary]] | None = None,
    card_prefix: str | None = None,
) -> Dashboard:
    """The dashboard of a batch: ``summary`` its statistics, ``units`` its unit list;
    ``breakdowns`` attribute -> value -> the statistics of the units with that value;
    ``card_prefix`` where the units' scorecards are, relative to the page (``""``: beside
    it; None: no links)."""
    lang = lang or rubric.spec.language
    spec = rubric.spec
    return Dashboard(
        lang=lang,
        title=rubric.title(lang),
        rubric_id=spec.id,
        rubric_version=spec.version,
        fingerprint=rubric.fingerprint,
        issuer=text_in(spec.issuer, lang),
        round=round,
        date=date,
        summary=summary,
        rates_only=rating_only(spec.tiers),
        tiers=_tier_shares(summary),
        targets=tuple(
            TargetLine(
                t.period, t.target, t.tier_label, t.reached, t.met, t.units_short, t.provisional,
                target_scope(t.by, t.by_titles, lang).strip(), t.rejected, t.decided, t.count,
                t.units,
            )
            for t in summary.targets
        ),
        histogram=histogram(summary, rubric, lang),
        breakdowns=tuple(
            Breakdown(name, tuple(BreakdownRow(v, s) for v, s in values.items()))
            for name, values in (breakdowns or {}).items()
        ),
        units=tuple(units.lines) if units is not None else (),
        more_units=units.more if units is not None else 0,
        card_prefix=card_prefix,
        attribute_titles=units.attribute_titles if units is not None and any(
            u.attributes for u in units.lines) else (),
    )  # fmt: skip


def _tier_shares(summary: Summary) -> tuple[TierShare, ...]:
    """The tiers as segments of one bar of 100 %, highest tier first, so that a target "at
    tier T or above" is a line its segments reach (certified tiers rank above the others)."""
    if not summary.scored:
        return ()
    ordered = sorted(summary.tiers, key=lambda t: -t.rank)
    certified = [t for t in ordered if t.certified]
    rated = [t for t in ordered if not t.certified and t.id != NONE_TIER]
    shares = []
    start = ZERO
    for tier in ordered:
        if tier.id == NONE_TIER:
            colour = _NONE
        elif tier.certified:
            position = len(certified) - 1 - certified.index(tier)  # 0: the lowest
            colour = _GREENS[min(position, len(_GREENS) - 1)]
        else:
            position = len(rated) - 1 - rated.index(tier)
            colour = _AMBERS[min(position, len(_AMBERS) - 1)]
        share = tier.share or ZERO
        shares.append(
            TierShare(
                tier.id, tier.label, tier.rank, tier.certified, tier.count, share, start, colour
            )
        )
        start += share
    return tuple(shares)


def _nice_width(span: Fraction) -> Fraction:
    """A bin width of 1, 2, 2.5 or 5 times a power of ten, giving about HISTOGRAM_BARS bins."""
    rough = span / HISTOGRAM_BARS
    if rough <= 0:
        return Fraction(1)
    power = Fraction(10) ** math.floor(math.log10(rough))
    for step in (1, 2, Fraction(5, 2), 5, 10):
        if power * step >= rough:
            return power * step
    return power * 10  # pragma: no cover - 10 always fits


def histogram(summary: Summary, rubric: Rubric, lang: str) -> Histogram | None:
    """The totals in bins of a round width, from just below the lowest total (or the lowest
    tier's minimum) to the maximum, and the tiers' minimums in that range as cut-offs."""
    if not summary.totals:
        return None
    minimums = sorted(
        (to_fraction(t.min), text_in(t.label, lang)) for t in rubric.spec.tiers if t.min > 0
    )
    lowest = summary.totals[0][0]
    top = max(summary.max_total, summary.totals[-1][0])
    start = min([lowest, *(m for m, _ in minimums[:1])])
    width = _nice_width(top - start)
    low = math.floor(start / width) * width
    count = max(1, math.ceil((top - low) / width))
    high = low + count * width
    counts = [0] * count
    for total, n in summary.totals:
        index = min(int((total - low) // width), count - 1)
        counts[index] += n
    bins = tuple(Bin(low + i * width, low + (i + 1) * width, c) for i, c in enumerate(counts))
    cutoffs = tuple(Cutoff(at, label) for at, label in minimums if low < at <= high)
    return Histogram(Fraction(low), Fraction(high), bins, cutoffs, max(counts))


def render_dashboard(
    summary: Summary,
    rubric: Rubric,
    units: UnitList | None = None,
    *,
    lang: str | None = None,
    round: str | None = None,
    date: str | None = None,
    breakdowns: Mapping[str, Mapping[str, Summary]] | None = None,
    card_prefix: str | None = None,
) -> str:
    """The dashboard page of a batch (see :func:`build_dashboard`): self-contained HTML,
    every text escaped, no scripts; charts as inline SVG with text alternatives and their
    numbers in tables."""
    from ._pages import render, today

    lang = lang or rubric.spec.language
    board = build_dashboard(
        summary,
        rubric,
        units,
        lang=lang,
        round=round,
        date=date or today(),
        breakdowns=breakdowns,
        card_prefix=card_prefix,
    )
    return render("dashboard.html.j2", lang, board=board)


# --- a folder of scorecards ---------------------------------------------------------------


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: names Windows keeps for devices, whatever the extension
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)]
)


def card_file_name(unit_id: str | None, row: int, taken: set[str]) -> str:
    """A safe file name for a unit's scorecard, ``<id>.html``: letters (accents dropped),
    digits, ``.``, ``_`` and ``-`` only, never hidden, never a device name, at most 80
    characters, and not one of ``taken`` (then ``-row<N>`` is added, and a count if another
    unit's id made that name: ``a-row4`` and ``a?`` on row 4 after ``a``).  Adds it to
    ``taken``."""
    text = unicodedata.normalize("NFKD", unit_id or "").encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("_", text).strip("._")[:80] or f"row-{row}"
    if stem.split(".")[0].upper() in _DEVICES or stem.lower() == "index":
        stem = f"unit-{stem}"
    name = f"{stem}.html"
    if name.lower() in taken:
        name = f"{stem}-row{row}.html"
        count = 1
        while name.lower() in taken:  # ends: each name tried is a new one
            count += 1
            name = f"{stem}-row{row}-{count}.html"
    taken.add(name.lower())
    return name


class CardFolder:
    """Writes one scorecard per scored unit into ``folder`` (made when missing), and the
    dashboard as ``index.html`` linking them (:meth:`finish`).  Each file is written whole or
    not at all, never through or over a link, a device or a FIFO already in the folder (see
    :class:`~tiercert.tabular.FolderEntry`)."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        rubric: Rubric,
        *,
        lang: str | None = None,
        round: str | None = None,
        date: str | None = None,
    ) -> None:
        from ._pages import today

        self.folder = Path(folder)
        self.rubric = rubric
        self.lang = lang or rubric.spec.language
        self.round = round
        self.date = date or today()
        self.written = 0
        self._taken: set[str] = set()

    def open(self) -> None:
        """Make the folder (TableError when it cannot be made, or is a file)."""
        from .errors import Problem, os_error_text
        from .tabular import TableError

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TableError(
                Problem(
                    "file.unwritable",
                    msg(
                        "cannot make the folder for the scorecards: {value}; name a folder "
                        "that can be made",
                        value=os_error_text(exc),
                    ),
                    file=str(self.folder),
                )
            ) from None

    def add(self, outcome: Outcome) -> str | None:
        """Write the scorecard of ``outcome`` (when it was scored); its file name."""
        from .report import render_html
        from .tabular import FolderEntry, write_text

        result = outcome.result
        if result is None:
            return None
        name = card_file_name(result.unit_id, outcome.number, self._taken)
        stages: tuple[tuple[str, Result], ...] = ()
        lacks: tuple[str, ...] = ()
        if getattr(outcome, "stages", None):  # a programme's unit: its stages, its dossier
            from .programme import dossier_lacks, stage_pairs

            unit = cast("UnitOutcome", outcome)
            stages = stage_pairs(unit, self.rubric, self.lang)
            lacks = dossier_lacks(unit, self.rubric, self.lang)
        page = render_html(
            result,
            self.rubric,
            lang=self.lang,
            round=self.round,
            date=self.date,
            stages=stages,
            lacks=lacks,
        )
        write_text(FolderEntry(self.folder, name), page)
        self.written += 1
        return name

    def finish(self, dashboard: str) -> Path:
        """Write the dashboard as the folder's ``index.html``; its path."""
        from .tabular import FolderEntry, write_text

        write_text(FolderEntry(self.folder, "index.html"), dashboard)
        return self.folder / "index.html"


__all__ = [
    "CardFolder",
    "Dashboard",
    "UnitList",
    "build_dashboard",
    "card_file_name",
    "histogram",
    "render_dashboard",
]
