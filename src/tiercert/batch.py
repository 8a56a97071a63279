"""Scoring many units: rows in, one outcome per unit out, streamed in constant memory.

A row is a spreadsheet/CSV row, a JSON line or an assessment file (see :mod:`tiercert.tabular`).
Columns of a tabular row:

- ``unit_id`` (required, unique) and ``unit_name``;
- one column per criterion id (the answer) and per fact id (its value); a group's id scores
  that group directly when the rubric allows it;
- ``<criterion id>.justification`` and ``<criterion id>.url``: the evidence for that answer;
- columns whose name starts with ``#`` are notes, ignored; so are rows whose ``unit_id``
  starts with ``#`` (the template's second row) and rows with no values at all.

An empty cell is no answer.  A row with an unknown column, a wrong value, a missing answer or a
unit id used before is rejected with every problem, each naming its row and column; the other
rows are scored as usual.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal, TextIO

from ._paths import did_you_mean
from .assessment import Assessment, assessment_from_mapping
from .errors import AssessmentError, Problem, sorted_problems
from .model import LevelsRule, Node
from .result import Result
from .rubric import Rubric, text_in
from .tabular import (
    CsvWriter,
    Row,
    TableError,
    TableWriter,
    atomic_path,
    cell_text,
    json_row,
    openpyxl_module,
)
from .template import template_entries

UNIT_ID = "unit_id"
UNIT_NAME = "unit_name"
#: Column names with a meaning of their own in tabular inputs.
RESERVED_COLUMNS = (UNIT_ID, UNIT_NAME)
#: ``<id><suffix>`` columns carry an answer's evidence.
EVIDENCE_SUFFIXES = {".justification": "justification", ".url": "url"}
COMMENT = "#"

Missing = Literal["error", "zero"] | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input row: its result, or the problems that kept it from scoring.

    ``number`` is the row as people see it (spreadsheet row, JSON line, file position);
    ``file`` the input it came from.
    """

    number: int
    unit_id: str | None
    unit_name: str | None
    result: Result | None
    problems: tuple[Problem, ...] = ()
    file: str | None = None

    @property
    def ok(self) -> bool:
        """True when the row was scored."""
        return self.result is not None


# --- columns ----------------------------------------------------------------------------------

_MISSING = frozenset({"answer.missing", "fact.missing"})


class _Columns:
    """How one header maps onto a rubric: worked out once per sheet, used for every row."""

    __slots__ = (
        "answers",
        "evidence",
        "facts",
        "index",
        "numbered",
        "problems",
        "unit_id",
        "unit_name",
        "unknown",
        "width",
    )

    def __init__(self, header: tuple[str, ...], known: _Known, numbered: bool) -> None:
        self.numbered = numbered
        self.width = len(header)
        self.answers: list[tuple[int, str]] = []
        self.facts: list[tuple[int, str]] = []
        self.evidence: list[tuple[int, str, str]] = []
        self.unknown: list[tuple[int, str]] = []
        self.index: dict[str, int] = {}
        self.unit_id: int | None = None
        self.unit_name: int | None = None
        self.problems: list[Problem] = []
        for i, name in enumerate(header):
            if name.startswith(COMMENT):
                continue
            if not name:  # spreadsheets leave unnamed columns; only a value in one is wrong
                self.unknown.append((i, name))
                continue
            if name in self.index:
                self.problems.append(
                    Problem(
                        "table.column",
                        f"the column {name!r} appears twice (columns {self.index[name] + 1} "
                        f"and {i + 1}); keep one",
                        (name,),
                        where=name,
                        line=1,
                        column=i + 1,
                    )
                )
                continue
            self.index[name] = i
            if name == UNIT_ID:
                self.unit_id = i
            elif name == UNIT_NAME:
                self.unit_name = i
            elif name in known.nodes:
                self.answers.append((i, name))
            elif name in known.facts:
                self.facts.append((i, name))
            else:
                base, _, suffix = name.rpartition(".")
                kind = EVIDENCE_SUFFIXES.get("." + suffix)
                if kind is not None and base in known.nodes:
                    self.evidence.append((i, base, kind))
                else:
                    self.unknown.append((i, name))
        if numbered and self.unit_id is None:
            self.problems.append(
                Problem(
                    "table.unit_id",
                    f"there is no {UNIT_ID!r} column; add one with a unique id for each unit "
                    f"(and optionally {UNIT_NAME!r})",
                    line=1,
                )
            )


@dataclass(frozen=True, slots=True)
class _Known:
    nodes: frozenset[str]
    facts: frozenset[str]
    columns: tuple[str, ...]


def _known(rubric: Rubric) -> _Known:
    nodes = frozenset(nid for nid, _, _ in rubric.iter_nodes())
    facts = frozenset(f.id for f in rubric.spec.facts)
    return _Known(nodes, facts, (*RESERVED_COLUMNS, *sorted(nodes), *sorted(facts)))


def _is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, float) and value != value  # NaN: pandas' empty cell


def _cell(value: object) -> object:
    """A cell as the engine reads it: dates as ISO text, everything else as it is."""
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return value


def _unit_text(value: object) -> str | None:
    if _is_empty(value):
        return None
    # an id typed as 12 in a spreadsheet arrives as 12.0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    return str(value).strip() or None


@dataclass(slots=True)
class _Prepared:
    unit_id: str | None
    unit_name: str | None
    assessment: Assessment | None
    problems: list[Problem]
    columns: _Columns | None = None


class _Reader:
    """Turns rows into assessments for one rubric; keeps nothing per row."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.known = _known(rubric)
        self._plans: dict[tuple[tuple[str, ...], bool], _Columns] = {}

    def columns(self, header: tuple[str, ...], numbered: bool) -> _Columns:
        key = (header, numbered)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 256:  # JSON lines may vary their keys: stay bounded
                self._plans.clear()
            plan = self._plans[key] = _Columns(header, self.known, numbered)
        return plan

    def prepare(self, row: Row) -> _Prepared | None:
        """An assessment from ``row``, or its problems; None for rows to skip."""
        if row.problems:
            # an unreadable file of a folder is still known by its name
            stem = Path(row.file).stem if row.source is not None and row.file else None
            return _Prepared(stem, None, None, [_at(p, row) for p in row.problems])
        if row.document is not None:
            return self._document(row)
        cols = self.columns(row.header, row.numbered_columns)
        if cols.problems:
            raise TableError([_at(p, row, line=1) for p in cols.problems])
        return self._cells(row, cols)

    def _cells(self, row: Row, cols: _Columns) -> _Prepared | None:
        cells = row.cells
        n = len(cells)
        unit_id = (
            _unit_text(cells[cols.unit_id])
            if cols.unit_id is not None and cols.unit_id < n
            else None
        )
        if unit_id is not None and unit_id.startswith(COMMENT):
            return None
        if unit_id is None and all(_is_empty(c) for c in cells):
            return None
        unit_name = (
            _unit_text(cells[cols.unit_name])
            if cols.unit_name is not None and cols.unit_name < n
            else None
        )
        problems: list[Problem] = []
        # the hot loop of a batch: inline checks, no calls for the usual text cells
        answers: dict[str, object] = {}
        for i, ident in cols.answers:
            value = cells[i] if i < n else None
            if type(value) is str:
                if value:
                    answers[ident] = value
            elif not _is_empty(value):
                answers[ident] = _cell(value)
        facts: dict[str, object] = {}
        for i, ident in cols.facts:
            value = cells[i] if i < n else None
            if type(value) is str:
                if value:
                    facts[ident] = value
            elif not _is_empty(value):
                facts[ident] = _cell(value)
        if cols.evidence:
            self._evidence(cells, cols, answers)
        for i, name in cols.unknown:
            if i < n and not _is_empty(cells[i]):
                problems.append(self._unknown(row, cols, i, name))
        if n > cols.width and any(not _is_empty(c) for c in cells[cols.width :]):
            first = next(i for i in range(cols.width, n) if not _is_empty(cells[i]))
            problems.append(
                _row_problem(
                    "row.column",
                    f"a value in column {first + 1}, after the last named column; name the "
                    "column or clear the cell",
                    row,
                    None,
                    first if cols.numbered else None,
                )
            )
        if unit_id is None:
            problems.append(
                _row_problem(
                    "unit.id",
                    f"{UNIT_ID} is empty; give each unit a unique id",
                    row,
                    UNIT_ID,
                    cols.unit_id if cols.numbered else None,
                )
            )
        assessment = Assessment(answers=answers, facts=facts, unit_id=unit_id, unit_name=unit_name)
        return _Prepared(unit_id, unit_name, assessment, problems, cols)

    @staticmethod
    def _evidence(cells: Sequence[object], cols: _Columns, answers: dict[str, object]) -> None:
        n = len(cells)
        given: dict[str, dict[str, object]] = {}
        for i, ident, kind in cols.evidence:
            value = cells[i] if i < n else None
            if not _is_empty(value):
                given.setdefault(ident, {})[kind] = str(_cell(value))
        for ident, evidence in given.items():
            value = answers.get(ident)
            if value is not None and not isinstance(value, Mapping):
                answers[ident] = {"value": value, **evidence}
            # evidence without an answer: the missing answer is what gets reported

    def _unknown(self, row: Row, cols: _Columns, i: int, name: str) -> Problem:
        if not name:
            message = (
                f"a value in column {i + 1}, which has no name in the header; name the column "
                f"(a criterion or fact id) or clear the cell"
            )
        else:
            base, dot, suffix = name.rpartition(".")
            if dot and "." + suffix in EVIDENCE_SUFFIXES:
                message = f"unknown column {name!r}: the rubric has no criterion {base!r}"
                hint = did_you_mean(base, self.known.nodes)
            else:
                message = f"unknown column {name!r}"
                hint = did_you_mean(name, self.known.columns)
            message += hint or (
                "; use criterion and fact ids, unit_id, unit_name, or start the column name "
                "with # for notes"
            )
        return _row_problem(
            "column.unknown", message, row, name or None, i if cols.numbered else None
        )

    def _document(self, row: Row) -> _Prepared:
        data = row.document
        assert data is not None
        try:
            assessment = assessment_from_mapping(data, document=row.source)
        except AssessmentError as exc:
            unit = data.get("unit")
            unit_id = _unit_text(unit.get("id")) if isinstance(unit, dict) else None
            return _Prepared(unit_id, None, None, [_at(p, row) for p in exc.problems])
        problems: list[Problem] = []
        unit_id = assessment.unit_id
        if unit_id is None and row.source is not None and row.file is not None:
            unit_id = Path(row.file).stem  # a folder of xa-a.yaml, xa-b.yaml...
        elif unit_id is None:
            problems.append(
                _row_problem("unit.id", "the unit has no id; add unit: {id: ...}", row, None, None)
            )
        return _Prepared(unit_id, assessment.unit_name, assessment, problems)

    def pinpoint(
        self, problems: Sequence[Problem], prepared: _Prepared, missing: Missing
    ) -> Sequence[Problem]:
        """The problems again, with each missing answer or fact naming its (empty) column.

        Empty cells are left out of the answers, which keeps the common case fast; only for a
        rejected row are they given as None ("asked, not answered") so that the engine says
        which ones are missing.
        """
        cols, assessment = prepared.columns, prepared.assessment
        vague = any(p.code in _MISSING and len(p.path) < 2 for p in problems)
        if cols is None or assessment is None or not vague:
            return problems
        answers = dict(assessment.answers)
        for _, ident in cols.answers:
            answers.setdefault(ident, None)
        facts = dict(assessment.facts)
        for _, ident in cols.facts:
            facts.setdefault(ident, None)
        marked = Assessment(answers=answers, facts=facts, unit_id=assessment.unit_id)
        try:
            self.rubric.evaluate(marked, missing=missing)
        except AssessmentError as exc:
            return exc.problems
        return problems  # pragma: no cover - the same answers cannot start passing

    def relocate(self, problems: Iterable[Problem], row: Row, prepared: _Prepared) -> list[Problem]:
        """Engine problems (paths into answers/facts) as row problems (row and column)."""
        cols = prepared.columns
        if cols is None:  # documents: the assessment located them already
            return [_at(p, row) for p in problems]
        out = []
        for p in problems:
            name = (
                str(p.path[1]) if len(p.path) >= 2 and p.path[0] in ("answers", "facts") else None
            )
            index = cols.index.get(name) if name is not None else None
            out.append(
                Problem(
                    p.code,
                    p.message,
                    (name,) if name else (),
                    p.severity,
                    name or "$",
                    row.file,
                    row.number,
                    index + 1 if index is not None and cols.numbered else None,
                    p.value,
                )
            )
        return out


def _row_problem(
    code: str, message: str, row: Row, column: str | None, index: int | None
) -> Problem:
    return Problem(
        code,
        message,
        (column,) if column else (),
        where=column or "$",
        file=row.file,
        line=row.number,
        column=index + 1 if index is not None else None,
    )


def _at(problem: Problem, row: Row, line: int | None = None) -> Problem:
    """``problem`` with the row's file and number when it has no position of its own."""
    if problem.line is not None and problem.file is not None:
        return problem
    return Problem(
        problem.code,
        problem.message,
        problem.path,
        problem.severity,
        problem.where,
        problem.file or row.file,
        problem.line or line or row.number,
        problem.column,
        problem.value,
    )


# --- evaluation -------------------------------------------------------------------------------


def evaluate_many(
    rubric: Rubric,
    assessments: Iterable[Row | Assessment | Mapping[str, object]],
    *,
    missing: Missing = None,
    unique_ids: bool = True,
) -> Iterator[Outcome]:
    """Score every item of ``assessments``, one :class:`Outcome` per unit, lazily.

    Items are :class:`~tiercert.tabular.Row` records (from the readers), :class:`Assessment`
    objects, or mappings shaped like a row (``{"unit_id": ..., "g1.1": true}``) or like an
    assessment file (``{"unit": {...}, "answers": {...}}``).  Bad items become outcomes with
    problems (row number and column) and never stop the others.  With ``unique_ids`` a unit
    id seen before is rejected; the ids seen are the only thing kept from row to row.

    Raises :class:`~tiercert.tabular.TableError` when a sheet's header makes every row
    unusable (no ``unit_id`` column, a column named twice) or the input cannot be read.
    The input is closed (when it can be) once the outcomes end, are abandoned or fail.
    """
    try:
        yield from _outcomes(rubric, assessments, missing, unique_ids)
    finally:
        close = getattr(assessments, "close", None)
        if callable(close):
            close()


def _outcomes(
    rubric: Rubric,
    assessments: Iterable[Row | Assessment | Mapping[str, object]],
    missing: Missing,
    unique_ids: bool,
) -> Iterator[Outcome]:
    reader = _Reader(rubric)
    seen: dict[str, int | str] = {}
    for position, item in enumerate(assessments, 1):
        if isinstance(item, Assessment):
            row = Row(position)
            prepared = _Prepared(item.unit_id, item.unit_name, item, [])
        else:
            row = item if isinstance(item, Row) else json_row(item, position)
            maybe = reader.prepare(row)
            if maybe is None:
                continue
            prepared = maybe
        problems = prepared.problems
        unit_id = prepared.unit_id
        if unique_ids and unit_id is not None:
            first = seen.get(unit_id)
            if first is None:
                seen[unit_id] = (
                    Path(row.file).name if row.source is not None and row.file else row.number
                )
            else:
                if isinstance(first, str):
                    where = f"in {first}"
                elif prepared.columns is not None and prepared.columns.numbered:
                    where = f"on row {first}"
                elif row.file is not None:
                    where = f"on line {first}"
                else:
                    where = f"by item {first}"
                problems.append(
                    _row_problem(
                        "unit.duplicate",
                        f"the unit id {unit_id!r} was already used {where}; each unit must "
                        "appear once",
                        row,
                        UNIT_ID if prepared.columns is not None else None,
                        prepared.columns.unit_id
                        if prepared.columns is not None and prepared.columns.numbered
                        else None,
                    )
                )
        result = None
        if prepared.assessment is not None:
            try:
                result = rubric.evaluate(prepared.assessment, missing=missing)
            except AssessmentError as exc:
                found = reader.pinpoint(exc.problems, prepared, missing)
                problems.extend(reader.relocate(found, row, prepared))
        if problems:
            yield Outcome(
                row.number,
                unit_id,
                prepared.unit_name,
                None,
                tuple(sorted_problems(problems)),
                row.file,
            )
        else:
            yield Outcome(row.number, unit_id, prepared.unit_name, result, (), row.file)


# --- output rows ------------------------------------------------------------------------------

SCORED, REJECTED = "scored", "rejected"


class ResultTable:
    """The columns of a batch's output and the row for each outcome.

    Columns: ``row``, ``unit_id``, ``unit_name``, ``status`` (scored|rejected), ``total``,
    ``percentage``, ``certified``, ``tier``, ``tier_label``, ``next_tier``,
    ``points_to_next_tier``, ``failed_gates``, ``<group>.score`` for each top-level criterion,
    ``provisional`` (the result depends on provisional rubric elements) and ``problems``.
    """

    def __init__(self, rubric: Rubric, *, lang: str | None = None) -> None:
        self.lang = lang or rubric.spec.language
        self.groups = tuple(node.id for node in rubric.spec.criteria)
        self.labels = {t.id: text_in(t.label, self.lang) for t in rubric.spec.tiers}
        self.columns = [
            "row",
            UNIT_ID,
            UNIT_NAME,
            "status",
            "total",
            "percentage",
            "certified",
            "tier",
            "tier_label",
            "next_tier",
            "points_to_next_tier",
            "failed_gates",
            *(f"{g}.score" for g in self.groups),
            "provisional",
            "problems",
        ]
        self._blank = [None] * (len(self.columns) - 5)

    def row(self, outcome: Outcome) -> list[object]:
        """The output values for one outcome (decimals exact; lists for gates and problems)."""
        result = outcome.result
        if result is None:
            problems = tuple(f"{p.where}: {p.message} [{p.code}]" for p in outcome.problems)
            return [
                outcome.number,
                outcome.unit_id,
                outcome.unit_name,
                REJECTED,
                *self._blank,
                problems,
            ]
        tier = result.tier
        nxt = result.next_tier
        nodes = result.nodes
        groups: list[object] = []
        for gid in self.groups:
            node = nodes.get(gid)
            groups.append(
                None if node is None else "na" if node.status == "excluded" else node.score
            )
        return [
            outcome.number,
            outcome.unit_id,
            outcome.unit_name,
            SCORED,
            result.total,
            result.percentage,
            result.certified,
            tier.id if tier is not None else None,
            self.labels.get(tier.id) if tier is not None else None,
            nxt.tier.id if nxt is not None else None,
            nxt.points_needed if nxt is not None else None,
            result.failed_gates,
            *groups,
            bool(result.provisional),
            (),
        ]


def score_rows(
    rubric: Rubric,
    rows: Iterable[Row | Assessment | Mapping[str, object]],
    writer: TableWriter,
    *,
    lang: str | None = None,
    missing: Missing = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Score ``rows`` and write one output row each to ``writer``; yields the outcomes."""
    table = ResultTable(rubric, lang=lang)
    for outcome in evaluate_many(rubric, rows, missing=missing):
        writer.write(table.row(outcome))
        if on_outcome is not None:
            on_outcome(outcome)
        yield outcome


def score_records(
    rubric: Rubric,
    records: Iterable[Mapping[str, object]],
    *,
    lang: str | None = None,
    missing: Missing = None,
    unique_ids: bool = True,
    as_text: bool = False,
) -> Iterator[dict[str, object]]:
    """Output records (column -> value) for input records: the function to map over the
    partitions of a distributed data frame (see docs/batch.md).  With ``as_text`` every
    value is the text the CSV output holds (exact decimals, ``true``/``false``, ``""``)."""
    table = ResultTable(rubric, lang=lang)
    for outcome in evaluate_many(rubric, records, missing=missing, unique_ids=unique_ids):
        values = table.row(outcome)
        if as_text:
            values = [cell_text(v) for v in values]
        yield dict(zip(table.columns, values, strict=True))


# --- progress ---------------------------------------------------------------------------------


class ProgressBar:
    """A one-line progress bar, redrawn in place; silent unless ``stream`` is a terminal."""

    def __init__(self, stream: TextIO, fraction: Callable[[], float | None], *, every: int = 500):
        isatty = getattr(stream, "isatty", None)
        self.active = bool(isatty and isatty())
        self.stream = stream
        self.fraction = fraction
        self.every = every
        self.done = 0
        self.rejected = 0

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.rejected += not outcome.ok
        if self.active and self.done % self.every == 0:
            self._draw()

    def _draw(self) -> None:
        share = self.fraction()
        bar = ""
        if share is not None:
            filled = int(share * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {share * 100:3.0f}% "
        self.stream.write(f"\r{bar}{self.done:,} rows, {self.rejected:,} rejected")
        self.stream.flush()

    def finish(self) -> None:
        if self.active and self.done >= self.every:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()


# --- blank sheets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    """One column of a blank sheet: its id (the header), title and what it accepts."""

    id: str
    title: str
    allowed: str
    kind: str  # unit | answer | group | evidence | fact
    choices: tuple[str, ...] = ()


def _evidence_kinds(node: Node) -> list[str]:
    kinds: list[str] = list(node.evidence)
    if node.na is not None:
        kinds += node.na.evidence
    if isinstance(node.rule, LevelsRule):
        for level in node.rule.levels:
            kinds += level.evidence or []
    return [k for k in ("justification", "url") if k in kinds]


def template_columns(rubric: Rubric, lang: str | None = None) -> list[TemplateColumn]:
    """The columns of a blank sheet: unit id and name, each answer (and the evidence columns
    of answers that need evidence), each group that may be scored directly, each fact."""
    specs = {nid: node for nid, _, node in rubric.iter_nodes()}
    columns = [
        TemplateColumn(UNIT_ID, "unit id", "a short id, unique in the sheet", "unit"),
        TemplateColumn(UNIT_NAME, "unit name", "the unit's name", "unit"),
    ]
    for entry in template_entries(rubric, lang):
        ident, kind = entry["id"], entry["kind"]
        if kind == "fact":
            fact = next(f for f in rubric.spec.facts if f.id == ident)
            choices: tuple[str, ...] = (
                ("true", "false") if fact.type == "boolean" else tuple(fact.options or ())
            )
            columns.append(TemplateColumn(ident, entry["title"], entry["allowed"], "fact", choices))
            continue
        if entry["computed"]:
            continue
        max_text = f" (max {entry['max']})"
        if kind == "group":
            if entry["direct"]:
                columns.append(
                    TemplateColumn(
                        ident,
                        entry["title"] + max_text,
                        f"points from 0 to {entry['max']} for the whole group, or leave empty "
                        "and answer its criteria",
                        "group",
                    )
                )
            continue
        node = specs[ident]
        choices = ()
        if isinstance(node.rule, LevelsRule):
            choices = tuple(level.id for level in node.rule.levels)
        elif getattr(node.rule, "kind", None) == "boolean":
            choices = ("true", "false")
        if choices and node.na is not None:
            choices += ("na",)
        columns.append(
            TemplateColumn(ident, entry["title"] + max_text, entry["allowed"], "answer", choices)
        )
        for evidence in _evidence_kinds(node):
            columns.append(
                TemplateColumn(
                    f"{ident}.{evidence}",
                    f"{evidence} for {ident}",
                    "text" if evidence == "justification" else "a link (https://...)",
                    "evidence",
                )
            )
    return columns


def template_notes(columns: Sequence[TemplateColumn]) -> list[str]:
    """The notes row of a CSV template: starts with '#', so batch skips it."""
    notes = [f"{c.title}: {c.allowed}" for c in columns]
    notes[0] = "# " + notes[0] + " (rows whose unit_id starts with # are ignored)"
    return notes


def write_template(
    rubric: Rubric,
    target: str | os.PathLike[str] | TextIO,
    *,
    format: str = "csv",
    lang: str | None = None,
) -> None:
    """Write a blank sheet to fill in: CSV (header, then a notes row) or XLSX (a sheet to
    fill with a header row, drop-down lists where the answers are a few words, and an
    instructions sheet)."""
    columns = template_columns(rubric, lang)
    header = [c.id for c in columns]
    if format not in ("csv", "xlsx"):
        raise ValueError(f"a template sheet is csv or xlsx, not {format!r}")
    if format == "csv":
        with CsvWriter(header, target) as writer:
            writer.write(template_notes(columns))
        return
    if not isinstance(target, str | os.PathLike):
        raise TableError(
            [Problem("file.format", "an XLSX template needs a file name (-o units.xlsx)")]
        )
    _write_xlsx_template(rubric, columns, target, lang)


def _write_xlsx_template(
    rubric: Rubric,
    columns: Sequence[TemplateColumn],
    target: str | os.PathLike[str],
    lang: str | None,
) -> None:
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    bold = Font(bold=True)
    for i, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=i, value=column.id)
        cell.font = bold
        cell.data_type = "s"
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(column.id) + 4))
        literal = ",".join(column.choices)
        if column.choices and len(literal) < 250 and '"' not in literal:
            validation = DataValidation(type="list", formula1=f'"{literal}"', allow_blank=True)
            validation.error = f"{column.id}: {column.allowed}"
            validation.prompt = column.allowed
            sheet.add_data_validation(validation)
            letter = get_column_letter(i)
            validation.add(f"{letter}2:{letter}10000")
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("instructions")
    title = rubric.title(lang)
    notes.append([f"{title} ({rubric.id} {rubric.version})"])
    notes.append(
        [
            "Fill one row per unit in the 'units' sheet. An empty cell is no answer. Columns "
            "starting with # are notes and ignored. Then run: tiercert batch RUBRIC this.xlsx"
        ]
    )
    notes.append([])
    notes.append(["column", "title", "allowed values"])
    for cell in notes[4]:
        cell.font = bold
    for column in columns:
        notes.append([column.id, column.title, column.allowed])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 60
    notes.column_dimensions["C"].width = 60
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_path(target) as path:
        book.save(path)


__all__ = [
    "EVIDENCE_SUFFIXES",
    "RESERVED_COLUMNS",
    "UNIT_ID",
    "UNIT_NAME",
    "Outcome",
    "ProgressBar",
    "ResultTable",
    "TemplateColumn",
    "evaluate_many",
    "score_records",
    "score_rows",
    "template_columns",
    "template_notes",
    "write_template",
]
