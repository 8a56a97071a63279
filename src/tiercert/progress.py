"""Progress across rounds: the outputs of a programme's batches (one or more rounds each)
compared round by round: share certified against each target, units that moved up or down a
tier, units never certified, units newly knocked out, and units in only some rounds (new in a
later round, absent from a later round) -- with the ids that may be one unit whose id was
written two ways (``07210`` re-saved by a spreadsheet as ``7210``), which are never merged.

Rounds are told apart by the rubric's round attribute (``year``), never by the order of the
files or rows: reordering either changes nothing.  Each output row carries the rubric's id,
version and fingerprint; rows of another rubric are refused, and rounds scored under another
version of the rubric are compared by tier id (and each version's ranks), which the report
says.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ._escape import json_text, text_of_lines
from ._escape import markdown_text as _md
from ._i18n import msg
from ._literals import parse_bool, parse_number
from ._no_unit import no_unit, written_codes
from ._numbers import CUT_MARK, HUNDRED, display_number, exact_number, whole_float
from ._programme_texts import tr
from .errors import DataError, Problem
from .grouping import TargetCheck, UnitLine, check_targets
from .rubric import Rubric, text_in
from .tabular import Row

#: the columns a programme batch's output must have for its rounds to be compared
NEEDED = ("unit_id", "status", "certified", "tier", "tier_rank", "rubric_id", "rubric_fingerprint")


def line_from_record(record: Mapping[str, object], attributes: Sequence[str]) -> UnitLine:
    """A unit's line from a row of a programme batch's output (values or their text).
    Raises :class:`~tiercert.DataError` (``progress.value``, its ``path`` the column) for a
    scored row whose ``tier_rank``, ``certified`` or ``knocked_out`` is not what a batch
    writes there."""
    scored = record.get("status") == "scored"
    rank = _rank(record) if scored else 0
    tier = record.get("tier")
    knocked = _flag(record, "knocked_out") if scored else False
    total, cut = _total(record.get("total")) if scored else (None, False)
    missing = [record.get("missing_documents"), record.get("missing_evidence")]
    return UnitLine(
        _text(record.get("unit_id")),
        _text(record.get("unit_name")),
        {a: t for a in attributes if (t := _text(record.get(a))) is not None},
        scored,
        scored and _flag(record, "certified"),
        _text(tier) if scored else None,
        rank,
        total,
        knocked,
        (
            _text(record.get("rubric_id")) or "",
            _text(record.get("rubric_version")) or "",
            _text(record.get("rubric_fingerprint")) or "",
        ),
        _text(record.get("decided_by")),
        any(bool(m) and m not in ("", "[]") for m in missing),
        not scored and no_unit(written_codes(record.get("problems"))),
        cut,
    )


def _total(value: object) -> tuple[Fraction | None, bool]:
    """A scored record's total and whether it is one cut for reading: CSV and XLSX results
    show a total with no finite decimal form cut to 12 places and marked (``77.333333333333…``),
    which is read as that floor, told as cut (a recognition list shows it so), never lost."""
    total = parse_number(value)
    if total is None and isinstance(value, str) and value.endswith(CUT_MARK):
        floor = parse_number(value[: -len(CUT_MARK)])
        return floor, floor is not None
    return total, False


def _rank(record: Mapping[str, object]) -> int:
    """A scored record's ``tier_rank``: a whole number as a batch writes it, 0 when empty (no
    tier).  Raises a :class:`DataError` (``progress.value``) for any other value: a results file
    edited by hand (``2.5``, ``two``) is not read as another rank."""
    value = record.get("tier_rank")
    if value is None or value == "":
        return 0
    rank = parse_number(value) if not isinstance(value, bool) else None
    if rank is None or rank.denominator != 1:
        raise _unreadable("tier_rank", value, msg("a tier's rank (a whole number)"))
    return int(rank)


def _flag(record: Mapping[str, object], column: str) -> bool:
    """A scored record's ``certified`` or ``knocked_out``: true or false as a batch writes it,
    false when empty (an older output without the column).  Raises a :class:`DataError`
    (``progress.value``) for any other value."""
    value = record.get(column)
    if value is None or value == "":
        return False
    flag = parse_bool(value)
    if flag is None:
        raise _unreadable(column, value, msg("true or false"))
    return flag


def _unreadable(column: str, value: object, what: str) -> DataError:
    told = msg(
        "{value!r} is not {what} as tiercert batch writes it; correct the cell, or score the "
        "round again",
        value=value,
        what=what,
    )
    return DataError([Problem("progress.value", told, (column,), where=column)], "record")


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = whole_float(value)  # an id as its cell holds it (_columns.unit_text)
    return str(value).strip() or None


@dataclass(frozen=True, slots=True)
class Move:
    """A unit whose tier changed from one round to the next."""

    unit_id: str
    unit_name: str | None
    old_round: str
    new_round: str
    old_tier: str | None
    new_tier: str | None

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """The move on one line, each tier by its label in ``labels`` (tier id -> label; a
        tier it lacks, of another version of the rubric, by its id)."""
        labels = labels or {}
        name = f" ({self.unit_name})" if self.unit_name else ""
        old = labels.get(self.old_tier, self.old_tier) if self.old_tier else "-"
        new = labels.get(self.new_tier, self.new_tier) if self.new_tier else "-"
        return f"{self.unit_id}{name}: {old} ({self.old_round}) -> {new} ({self.new_round})"

    def to_dict(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "from": {"round": self.old_round, "tier": self.old_tier},
            "to": {"round": self.new_round, "tier": self.new_tier},
        }


@dataclass(frozen=True, slots=True)
class RoundStats:
    """One round: its units, how many were scored and certified, and the rubric versions
    they were scored under."""

    round: str
    units: int
    scored: int
    certified: int
    versions: tuple[tuple[str, str], ...]  # (version, fingerprint)

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.certified) * HUNDRED / self.scored if self.scored else None

    def to_dict(self) -> dict[str, object]:
        share = self.share
        return {
            "round": self.round,
            "units": self.units,
            "scored": self.scored,
            "certified": self.certified,
            "certified_share": exact_number(share) if share is not None else None,
            "rubric_versions": [{"version": v, "fingerprint": f} for v, f in self.versions],
        }


@dataclass(frozen=True, slots=True)
class Presence:
    """A unit in only some rounds: the rounds it is in, and those after its first it is not
    in.  New in a later round when its first round is not the programme's first."""

    unit_id: str
    unit_name: str | None
    rounds: tuple[str, ...]
    absent: tuple[str, ...]  # rounds after its first that lack it

    def to_dict(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "rounds": list(self.rounds),
            "absent_from": list(self.absent),
        }


def id_key(unit_id: str) -> str:
    """``unit_id`` as it reads once the ways one id gets split are undone: Unicode form (NFC),
    surrounding spaces, letter case, and the leading zeros a spreadsheet strips from an id of
    digits only (``07210`` and ``7210``)."""
    key = unicodedata.normalize("NFC", unicodedata.normalize("NFC", unit_id).strip().casefold())
    if key.isascii() and key.isdigit():
        key = key.lstrip("0") or "0"
    return key


@dataclass(frozen=True)
class Progress:
    """Rounds compared (see the module's documentation)."""

    rubric_id: str
    rounds: tuple[RoundStats, ...]
    targets: tuple[TargetCheck, ...]
    up: tuple[Move, ...]
    down: tuple[Move, ...]
    never_certified: tuple[tuple[str, str | None], ...]
    knocked_out: tuple[Move, ...]
    changed_rubric: tuple[tuple[str, str], ...]  # (round, next round) with other fingerprints
    #: the units new in a later round (first in a round after the first)
    joined: tuple[Presence, ...] = ()
    #: the units absent from a round after their first
    left: tuple[Presence, ...] = ()
    #: ids of units in only some rounds that read alike (:func:`id_key`): maybe one unit
    maybe_same: tuple[tuple[Presence, ...], ...] = ()
    #: a unit absent from a round and one new in it, never in a round together, whose ids are
    #: one character apart and whose names read alike: maybe one unit, its id mistyped
    maybe_mistyped: tuple[tuple[Presence, Presence], ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    lang: str = "en"  # of the texts, unless another is asked when rendering
    #: each tier's label (tier id -> language -> text), for the moves shown to people
    tier_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric_id,
            "rounds": [r.to_dict() for r in self.rounds],
            "targets": [t.to_dict() for t in self.targets],
            "moved_up": [m.to_dict() for m in self.up],
            "moved_down": [m.to_dict() for m in self.down],
            "never_certified": [{"unit_id": u, "unit_name": n} for u, n in self.never_certified],
            "newly_knocked_out": [m.to_dict() for m in self.knocked_out],
            "rubric_changed": [{"from": a, "to": b} for a, b in self.changed_rubric],
            "new_in_a_later_round": [p.to_dict() for p in self.joined],
            "absent_from_a_later_round": [p.to_dict() for p in self.left],
            "maybe_same_unit": [[p.to_dict() for p in ids] for ids in self.maybe_same],
            "maybe_mistyped_id": [[p.to_dict() for p in ids] for ids in self.maybe_mistyped],
            "problems": [p.to_dict() for p in self.problems],
        }


def _preference(line: UnitLine) -> tuple[object, ...]:
    """Which of two rows of one unit in one round is kept (a problem either way)."""
    return (
        line.scored, line.rank, line.certified, not line.knocked_out, line.tier or "",
        line.unit_name or "", line.rubric, line.decided_by or "", not line.incomplete,
        sorted(line.attributes.items()),
    )  # fmt: skip


def _round_key(value: str) -> tuple[int, Fraction, str]:
    number = parse_number(value)
    return (0, number, "") if number is not None else (1, Fraction(0), value)


def compare_rounds(
    lines: Iterable[tuple[UnitLine, Row | None]], rubric: Rubric, *, lang: str | None = None
) -> Progress:
    """The progress of the units of ``lines`` (each with the row it was read from, for
    problems; None for lines made from results) over their rounds."""
    spec = rubric.spec
    round_id = next((a.id for a in spec.attributes if a.round), None)
    problems: list[Problem] = []
    by_round: dict[str, dict[str, UnitLine]] = {}
    for line, row in lines:
        where = (row.file, row.number) if row is not None else (None, None)
        if line.rubric[0] != rubric.id:
            problems.append(
                Problem(
                    "progress.rubric",
                    msg(
                        "scored under the rubric {rubric!r}, not {rubric2!r}; compare rounds "
                        "of one rubric",
                        rubric=line.rubric[0],
                        rubric2=rubric.id,
                    ),
                    file=where[0], line=where[1],
                )
            )  # fmt: skip
            continue
        value = line.attributes.get(round_id) if round_id is not None else None
        if value is None and not line.scored and line.unit_id is not None:
            from ._columns import summary_row  # seldom needed: not at start-up

            if summary_row(line.unit_id):  # a total row, which batch refused: no unit
                continue
        if value is None or line.unit_id is None:
            what = (
                msg("its {round_id!r}", round_id=round_id)
                if round_id
                else msg("a round (the rubric declares none)")
            )
            if line.unit_id is None:
                what = msg("a unit id")
            problems.append(
                Problem("progress.round", msg("the row has no {what}; it is left out", what=what),
                        file=where[0], line=where[1])
            )  # fmt: skip
            continue
        if not line.unit_id.isprintable():
            from ._columns import hidden_in_id  # seldom needed: not at start-up

            hidden = hidden_in_id(line.unit_id)
            if hidden is not None:  # it would be a unit of its own in every round it is in
                problems.append(
                    Problem("unit.id", msg("{why}; the row is left out", why=hidden),
                            file=where[0], line=where[1])
                )  # fmt: skip
                continue
        units = by_round.setdefault(value, {})
        if line.unit_id in units:
            # whichever row came first, the same one is kept: the order of rows is no input
            units[line.unit_id] = max(units[line.unit_id], line, key=_preference)
            problems.append(
                Problem(
                    "unit.duplicate",
                    msg(
                        "the unit {unit_id!r} appears twice in round {value}; it is counted "
                        "once",
                        unit_id=line.unit_id,
                        value=value,
                    ),
                    file=where[0], line=where[1],
                )
            )  # fmt: skip
            continue
        units[line.unit_id] = line
    order = sorted(by_round, key=_round_key)
    kept = [line for value in order for line in by_round[value].values()]
    rounds = []
    for value in order:
        units = by_round[value]
        versions = sorted({(u.rubric[1], u.rubric[2]) for u in units.values()})
        rounds.append(
            RoundStats(
                value,
                len(units),
                sum(u.scored for u in units.values()),
                sum(u.certified for u in units.values()),
                tuple(versions),
            )
        )
    changed = []
    for a, b in itertools.pairwise(rounds):
        if {f for _, f in a.versions} != {f for _, f in b.versions}:
            changed.append((a.round, b.round))
    up: list[Move] = []
    down: list[Move] = []
    knocked: list[Move] = []
    last: dict[str, tuple[str, UnitLine]] = {}
    ever: dict[str, tuple[str | None, bool]] = {}
    for value in order:
        for uid in sorted(by_round[value]):
            line = by_round[value][uid]
            if not line.scored:
                continue
            name, certified = ever.get(uid, (line.unit_name, False))
            ever[uid] = (name or line.unit_name, certified or line.certified)
            before = last.get(uid)
            last[uid] = (value, line)
            if before is None:
                continue
            old_round, old = before
            move = Move(uid, line.unit_name, old_round, value, old.tier, line.tier)
            if line.rank > old.rank:
                up.append(move)
            elif line.rank < old.rank:
                down.append(move)
            if line.knocked_out and not old.knocked_out:
                knocked.append(move)
    never = tuple((u, n) for u, (n, c) in sorted(ever.items()) if not c)
    targets = tuple(check_targets(kept, rubric, lang=lang))
    joined, left, maybe_same = _presence(by_round, order)
    maybe_mistyped = _mistyped(joined, left)
    return Progress(
        rubric.id,
        tuple(rounds),
        targets,
        tuple(up),
        tuple(down),
        never,
        tuple(knocked),
        tuple(changed),
        joined,
        left,
        maybe_same,
        maybe_mistyped,
        tuple(problems),
        lang or spec.language,
        {t.id: t.label for t in spec.tiers},
    )


def _presence(
    by_round: Mapping[str, Mapping[str, UnitLine]], order: Sequence[str]
) -> tuple[tuple[Presence, ...], tuple[Presence, ...], tuple[tuple[Presence, ...], ...]]:
    """The units in only some rounds (new in a later one, absent from a later one), and the
    groups of their ids that may be one unit: a unit whose id was written another way in one
    round would otherwise lose its move between rounds unsaid."""
    rounds_of: dict[str, list[str]] = {}
    names: dict[str, str | None] = {}
    for value in order:
        for uid, line in by_round[value].items():
            rounds_of.setdefault(uid, []).append(value)
            names[uid] = line.unit_name or names.get(uid)
    partial: dict[str, Presence] = {}
    for uid in sorted(rounds_of):
        present = rounds_of[uid]
        if len(present) == len(order):
            continue
        after = order[order.index(present[0]) :]
        partial[uid] = Presence(
            uid, names[uid], tuple(present), tuple(r for r in after if r not in present)
        )
    joined = tuple(p for p in partial.values() if p.rounds[0] != order[0])
    left = tuple(p for p in partial.values() if p.absent)
    alike: dict[str, list[str]] = {}
    for uid in rounds_of:
        alike.setdefault(id_key(uid), []).append(uid)
    maybe_same = []
    for ids in alike.values():
        # ids in every round each are two units seen throughout: no move is lost
        if len(ids) > 1 and any(uid in partial for uid in ids):
            maybe_same.append(
                tuple(
                    partial.get(uid) or Presence(uid, names[uid], tuple(rounds_of[uid]), ())
                    for uid in sorted(ids)
                )
            )
    return joined, left, tuple(sorted(maybe_same, key=lambda g: g[0].unit_id))


def _at_cell(problem: Problem, row: Row) -> Problem:
    """``problem`` of a record's column placed at its cell of ``row``."""
    column = problem.path[0] if problem.path else None
    at = row.header.index(column) + 1 if column in row.header else None
    return problem.located(row.file, row.number, at)


def not_a_programme_output(path: str, lacking: Sequence[str]) -> Problem:
    """The problem of a file read as a programme batch's output that lacks its columns."""
    return Problem(
        "progress.columns",
        msg(
            "not the output of a programme batch: no column {lacking}; "
            "give the files tiercert batch wrote for a rubric that "
            "declares attributes (docs/programme.md)",
            lacking=", ".join(lacking),
        ),
        file=path,
        line=1,
    )


def one_edit_apart(first: str, second: str) -> bool:
    """Whether ``second`` is ``first`` with one character added, removed or replaced (an edit
    distance of 1): ``xa-tan-yen`` and ``xa-tan-yenn``."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    short, long = sorted((first, second), key=len)
    # the first place they differ (the long one's last character when none of the short's)
    at = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    return short[at:] == long[at + 1 :]


#: the longest id (as :func:`id_key` reads it) compared for a typo: an id's deletions are as
#: many as its characters, each as long, so that one id of 100,000 characters (a CSV cell
#: may hold 131,072) made 10 GB of them; ids people type are far shorter
MISTYPED_ID_CHARS = 64


def _deletions(key: str) -> set[str]:
    """``key`` and every text made by deleting one of its characters: two texts one edit
    apart always share one of them (a replaced character deleted from both, an added one
    deleted from the longer), so candidates are found without comparing every pair."""
    return {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}


def _mistyped(
    joined: Sequence[Presence], left: Sequence[Presence]
) -> tuple[tuple[Presence, Presence], ...]:
    """The pairs (absent from a round, new in that round) that may be one unit whose id was
    mistyped in a round: never in one round together, their ids one character apart once read
    as :func:`id_key` reads them (ids alike already are :func:`_presence`'s; of at most
    :data:`MISTYPED_ID_CHARS` characters), and their names alike, or one unnamed (``07212
    Commune C`` and ``07213 Commune D`` are two units)."""
    # indexed by deletions: a province renumbered after a merger has thousands of units new
    # and thousands gone, and comparing every pair took minutes
    gone_by_deletion: dict[str, list[Presence]] = {}
    for gone in left:
        gone_key = id_key(gone.unit_id)
        if len(gone_key) > MISTYPED_ID_CHARS:
            continue
        for deletion in _deletions(gone_key):
            gone_by_deletion.setdefault(deletion, []).append(gone)
    pairs = []
    for new in joined:
        first = new.rounds[0]
        new_key = id_key(new.unit_id)
        if len(new_key) > MISTYPED_ID_CHARS + 1:  # (one added to the longest compared)
            continue
        candidates = {
            id(gone): gone
            for deletion in _deletions(new_key)
            for gone in gone_by_deletion.get(deletion, ())
        }
        for gone in candidates.values():
            if first not in gone.absent or set(gone.rounds) & set(new.rounds):
                continue
            if not one_edit_apart(id_key(gone.unit_id), new_key):
                continue
            names = (gone.unit_name, new.unit_name)
            if all(names) and len({id_key(n or "") for n in names}) > 1:
                continue
            pairs.append((gone, new))
    return tuple(sorted(pairs, key=lambda pair: (pair[0].unit_id, pair[1].unit_id)))


def read_round_files(
    paths: Iterable[str | Path], rubric: Rubric
) -> Iterable[tuple[UnitLine, Row | None]]:
    """The units of programme batch outputs (CSV, XLSX or JSON Lines), lazily.  Raises
    :class:`~tiercert.tabular.TableError` for a file that cannot be read or is not such an
    output."""
    from ._tables import table_format
    from .tabular import TableError, original_text, read_rows

    attributes = [a.id for a in rubric.spec.attributes]
    for path in paths:
        rows = read_rows(str(path))
        # tiercert's own CSV: a text cell that starts with ' got it from the writer's formula
        # guard (which quotes a leading ' too), so the original is the cell without it
        guarded = str(path) == "-" or table_format(path) == "csv"
        try:
            for row in rows:
                if row.problems:
                    raise TableError(list(row.problems))
                record = row.document if row.document is not None else row.values
                if guarded:
                    record = {
                        k: original_text(v) if isinstance(v, str) else v for k, v in record.items()
                    }
                lacking = [c for c in NEEDED if c not in record]
                if lacking:
                    raise TableError([not_a_programme_output(str(path), lacking)])
                try:
                    line = line_from_record(record, attributes)
                except DataError as exc:  # a cell edited by hand: at its row and column
                    raise TableError([_at_cell(p, row) for p in exc.problems]) from None
                yield line, row
        finally:
            rows.close()


# --- rendering --------------------------------------------------------------------------------


def render_progress(progress: Progress, format: str, lang: str | None) -> str:
    """``progress`` as ``text``, ``markdown`` or ``json``, in ``lang`` (default: the
    rubric's language)."""
    lang = lang or progress.lang
    if format == "json":
        return json_text(json.dumps(progress.to_dict(), ensure_ascii=False, indent=2)) + "\n"
    md = format == "markdown"
    out: list[str] = []
    title = tr("Progress across rounds", lang) + f": {progress.rubric_id}"
    out += [f"## {_md(title)}" if md else title, ""]
    for r in progress.rounds:
        share = display_number(r.share, "floor", 1, lang=lang) + "%" if r.share is not None else "-"
        versions = ", ".join(f"{v} ({f[:19]}…)" for v, f in r.versions)
        line = (
            f"{tr('Round {round}', lang, round=r.round)}: {r.certified}/{r.scored} "
            f"{tr('certified', lang)} ({share}); {tr('units', lang)}: {r.units}; "
            f"{tr('Rubric', lang)}: {versions}"
        )
        out.append(f"- {_md(line)}" if md else f"  {line}")
    for a, b in progress.changed_rubric:
        text = tr(
            "The rubric changed between rounds {old} and {new} (fingerprints differ): tiers "
            "are compared by their ids, ranked as each version ranks them.",
            lang,
            old=a,
            new=b,
        )
        out += ["", _md(text) if md else text]
    labels = {tier: text_in(label, lang) for tier, label in progress.tier_labels.items()}
    sections: list[tuple[str, list[str]]] = [
        (tr("Targets", lang), [t.describe(lang) for t in progress.targets]),
        (tr("Moved up a tier", lang), [m.describe(labels) for m in progress.up]),
        (tr("Moved down a tier", lang), [m.describe(labels) for m in progress.down]),
        (
            tr("Never certified", lang),
            [f"{u} ({n})" if n else u for u, n in progress.never_certified],
        ),
        (
            tr("Newly knocked out", lang),
            [
                f"{m.unit_id} ({m.unit_name}): {m.new_round}" if m.unit_name else m.unit_id
                for m in progress.knocked_out
            ],
        ),
    ]
    sections += [
        (
            tr("New in a later round", lang),
            [
                _named(p) + ": " + tr("first in round {round}", lang, round=p.rounds[0])
                for p in progress.joined
            ],
        ),
        (
            tr("Absent from a later round", lang),
            [
                _named(p)
                + ": "
                + tr(
                    "absent from round {absent}; in round {rounds}",
                    lang,
                    absent=", ".join(p.absent),
                    rounds=", ".join(p.rounds),
                )
                for p in progress.left
            ],
        ),
    ]
    for heading, items in sections:
        out += ["", f"### {_md(heading)}" if md else heading + ":"]
        if md:
            out.append("")
        if not items:
            items = [tr("none", lang)]
        out += [f"- {_md(i)}" if md else f"  {i}" for i in items]
    if progress.maybe_same or progress.maybe_mistyped:
        heading = tr("Maybe the same unit", lang)
        out += ["", f"### {_md(heading)}" if md else heading + ":"]
        if md:
            out.append("")
        for ids in progress.maybe_same:
            text = tr(
                "{ids} may be one unit: the ids differ only by leading zeros, letter case, "
                "spaces or Unicode form, so its move between rounds is not shown. If they are "
                "one unit, correct the id in the sheet of the round where it is wrong and score "
                "that round again; tiercert never merges them.",
                lang,
                ids=tr(" and ", lang).join(
                    tr("{unit_id!r} (round {rounds})", lang, unit_id=p.unit_id,
                       rounds=", ".join(p.rounds))
                    for p in ids
                ),
            )  # fmt: skip
            out.append(f"- {_md(text)}" if md else f"  {text}")
    for gone, new in progress.maybe_mistyped:
        text = tr(
            "{gone!r} (round {gone_rounds}) and {new!r} (round {new_rounds}) may be one unit: "
            "the ids differ by one character and the names read alike, so its move between "
            "rounds is not shown. If the id was mistyped, correct it in the sheet of the round "
            "where it is wrong and score that round again; tiercert never merges them.",
            lang,
            gone=gone.unit_id,
            gone_rounds=", ".join(gone.rounds),
            new=new.unit_id,
            new_rounds=", ".join(new.rounds),
        )
        out.append(f"- {_md(text)}" if md else f"  {text}")
    return text_of_lines(out)


def _named(presence: Presence) -> str:
    name = presence.unit_name
    return f"{presence.unit_id} ({name})" if name else presence.unit_id
