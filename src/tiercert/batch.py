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
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, TextIO, cast

from ._escape import xml_text
from ._fast import Fallback, RowLayout, RowScorer
from ._literals import YES_NO
from ._maxima import node_max
from ._numbers import ZERO, number_key
from ._parts import LevelsRule, Node
from ._paths import did_you_mean
from .assessment import Assessment, assessment_from_mapping
from .errors import AssessmentError, Problem, sorted_problems
from .result import Result
from .rubric import Rubric, text_in
from .tabular import (
    QUOTED_STARTS,
    CsvWriter,
    Row,
    TableError,
    TableWriter,
    atomic_open,
    cell_text,
    column_toward,
    csv_text,
    json_row,
    openpyxl_module,
    save_workbook,
    xlsx_text_cell,
)
from .template import NumberRange, answer_range, template_entries

UNIT_ID = "unit_id"
UNIT_NAME = "unit_name"
#: Column names with a meaning of their own in tabular inputs.
RESERVED_COLUMNS = (UNIT_ID, UNIT_NAME)
#: ``<id><suffix>`` columns carry an answer's evidence.
EVIDENCE_SUFFIXES = {".justification": "justification", ".url": "url"}
COMMENT = "#"

Missing = Literal["error", "zero"] | None
Engine = Literal["fast", "reference"]


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
        "amounts",
        "answers",
        "counted_of",
        "evidence",
        "facts",
        "heads",
        "index",
        "numbered",
        "problems",
        "scorer",
        "states",
        "texts_of",
        "tried",
        "unit_id",
        "unit_name",
        "unknown",
        "values_of",
        "width",
    )

    def __init__(self, header: tuple[str, ...], known: _Known, numbered: bool) -> None:
        self.numbered = numbered
        # the row scorer of this layout, once tried (see _RowPath), and what it has worked out
        self.tried = False
        self.scorer: RowScorer | None = None
        self.heads: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.states: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.amounts: dict[Any, tuple[Any, ...]] = {}
        self.values_of: dict[Any, Fraction | str] = {}
        self.counted_of: dict[Any, object] = {}
        self.texts_of: dict[Any, str] = {}
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

    def layout(self) -> RowLayout:
        """Where this header keeps answers, facts and evidence, for a row scorer."""
        evidence: dict[str, tuple[int | None, int | None]] = {}
        for i, ident, kind in self.evidence:
            just, url = evidence.get(ident, (None, None))
            evidence[ident] = (i, url) if kind == "justification" else (just, i)
        return RowLayout(
            {ident: i for i, ident in self.answers},
            {ident: i for i, ident in self.facts},
            evidence,
            tuple(i for i, _ in self.unknown),
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


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def _unit_text(value: object) -> str | None:
    """A unit id or name as text; None when empty, or not text nor a number (a list in a
    JSON line, true in a sheet: :func:`_unit_problem` says so)."""
    if _is_empty(value) or not isinstance(value, str | int | float | Decimal):
        return None
    if isinstance(value, bool):
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
            at = cols.unit_id
            raw = cells[at] if at is not None and at < n else None
            message = (
                f"{UNIT_ID} is empty; give each unit a unique id"
                if _is_empty(raw)
                else f"{UNIT_ID} must be text or a number, not {_kind_of(raw)}; write the id"
            )
            where = at if cols.numbered else None
            problems.append(_row_problem("unit.id", message, row, UNIT_ID, where))
        at = cols.unit_name
        if unit_name is None and at is not None and at < n and not _is_empty(cells[at]):
            message = f"{UNIT_NAME} must be text, not {_kind_of(cells[at])}; write the name"
            where = at if cols.numbered else None
            problems.append(_row_problem("unit.name", message, row, UNIT_NAME, where))
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
    engine: Engine = "fast",
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
    ``engine="reference"`` scores with the slow reference evaluator (same outcomes).
    """
    try:
        yield from _outcomes(rubric, assessments, missing, unique_ids, engine)
    finally:
        close = getattr(assessments, "close", None)
        if callable(close):
            close()


def _outcomes(
    rubric: Rubric,
    assessments: Iterable[Row | Assessment | Mapping[str, object]],
    missing: Missing,
    unique_ids: bool,
    engine: Engine,
    table: ResultTable | None = None,
    used_ids: Mapping[str, int] | None = None,
) -> Iterator[Outcome]:
    reader = _Reader(rubric)
    seen: dict[str, int | str] = dict(used_ids) if used_ids else {}
    # with a table to fill, rows go the fast way when they can (see _RowPath)
    fast = _RowPath(rubric, reader, table, missing) if table is not None else None
    if fast is not None and (fast.evaluator is None or engine != "fast"):
        fast = None
    ids = seen if unique_ids else None
    sheet_rows = False  # whether a row of a sheet came: its header was checked then
    for position, item in enumerate(assessments, 1):
        if item.__class__ is not Row and isinstance(item, Assessment):
            row = Row(position)
            prepared = _Prepared(item.unit_id, item.unit_name, item, [])
        else:
            row = item if isinstance(item, Row) else json_row(item, position)
            sheet_rows = True
            if fast is not None:
                scored = fast.score(row, ids)
                if scored is not None:
                    yield scored
                    continue
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
                result = rubric.evaluate(prepared.assessment, missing=missing, engine=engine)
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
    header = getattr(assessments, "header", None)
    if not sheet_rows and isinstance(header, tuple):
        # a sheet with a header and no rows: a header that no row could use is still wrong
        columns = reader.columns(header, True)
        if columns.problems:
            top = Row(1, file=getattr(assessments, "file", None))
            raise TableError([_at(p, top, line=1) for p in columns.problems])


# --- the fast way through a sheet -------------------------------------------------------------


class _Scored(Outcome):
    """A row scored by a row scorer: its output values are at hand, and its :class:`Result`
    is built (the usual way, by :meth:`Rubric.evaluate`) only if someone asks for it."""

    __slots__ = ("_cached", "_data")
    _cached: Result
    # output values, what the summary counts, the table the values are for, the path, the row
    _data: tuple[list[object], tuple[Any, ...], ResultTable, _RowPath, Row]
    problems: tuple[Problem, ...] = ()  # a scored row has none

    @property
    def result(self) -> Result | None:
        try:
            return self._cached
        except AttributeError:
            pass
        result = self._data[3].result(self._data[4])
        object.__setattr__(self, "_cached", result)
        return result

    @property
    def ok(self) -> bool:
        return True

    @property
    def _tally(self) -> tuple[Any, ...]:
        """What :class:`~tiercert.summary.SummaryBuilder` counts of this row (the arguments
        of its ``_count``: numbers as :func:`~tiercert._numbers.number_key` gives them)."""
        return self._data[1]


def _slot_setters(cls: type, names: Sequence[str]) -> list[Callable[[object, object], None]]:
    """The ``__set__`` of each named slot of ``cls`` (its own or inherited)."""
    return [next(c.__dict__[n] for c in cls.__mro__ if n in c.__dict__).__set__ for n in names]


_set_number, _set_unit_id, _set_unit_name, _set_file, _set_data = _slot_setters(
    _Scored, ["number", "unit_id", "unit_name", "file", "_data"]
)


def _scored(
    number: int,
    unit_id: str,
    unit_name: str | None,
    file: str | None,
    data: tuple[list[object], tuple[Any, ...], ResultTable, _RowPath, Row],
) -> _Scored:
    """A :class:`_Scored` without a frozen dataclass's ``__init__`` (three times as fast)."""
    outcome = object.__new__(_Scored)
    _set_number(outcome, number)
    _set_unit_id(outcome, unit_id)
    _set_unit_name(outcome, unit_name)
    _set_file(outcome, file)
    _set_data(outcome, data)
    return outcome


class _RowPath:
    """The fast way through a sheet: a row goes to the row scorer of its header's layout
    (:meth:`~tiercert._fast.FastEvaluator.row_scorer`), and from there straight to its output
    values, with no :class:`Result` built.  A row the row scorer cannot vouch for (a problem
    of any kind, a duplicate or missing unit id, a comment or blank row, a cell it cannot
    take, such as a list in a JSON line) returns None and takes the usual path, which reports
    exactly what it always reports.  What a key or a score turns into is remembered per
    layout, boundedly."""

    def __init__(
        self, rubric: Rubric, reader: _Reader, table: ResultTable, missing: Missing
    ) -> None:
        self.rubric = rubric
        self.reader = reader
        self.table = table
        self.missing = missing
        self.evaluator = rubric._fast
        self.text = table.text
        self.exact = table.exact
        self.zero = rubric._plan.missing_is_zero if missing is None else missing == "zero"
        self._header: tuple[str, ...] | None = None
        self._numbered = True
        self._columns: _Columns | None = None
        self._built = 0  # row scorers built (one per sheet layout)

    def result(self, row: Row) -> Result:
        """The full result of a row this path scored: what the usual path gives for it."""
        prepared = self.reader.prepare(row)
        assert prepared is not None
        assert prepared.assessment is not None
        return self.rubric.evaluate(prepared.assessment, missing=self.missing)

    def _scorer(self, cols: _Columns) -> RowScorer | None:
        cols.tried = True
        assert self.evaluator is not None
        if self._built >= _LAYOUTS:  # JSON lines with ever new keys: the usual path
            return None
        self._built += 1
        scorer = self.evaluator.row_scorer(
            cols.layout(), self.zero, is_empty=_is_empty, cell_value=_cell
        )
        if scorer is not None and scorer.top_ids != self.table.groups:
            scorer = None  # pragma: no cover - both list the rubric's top-level criteria
        cols.scorer = scorer
        return scorer

    def score(self, row: Row, seen: dict[str, int | str] | None) -> Outcome | None:
        """The outcome of ``row`` when the row scorer can give it, else None."""
        if row.problems or row.document is not None:
            return None
        header = row.header
        if header is self._header and row.numbered_columns is self._numbered:
            cols = self._columns
            assert cols is not None
        else:
            cols = self.reader.columns(header, row.numbered_columns)
            self._header, self._numbered, self._columns = header, row.numbered_columns, cols
        scorer = cols.scorer
        if scorer is None:
            if cols.tried or cols.problems:
                return None
            scorer = self._scorer(cols)
            if scorer is None:
                return None
        cells = row.cells
        width = cols.width
        if len(cells) != width and (
            len(cells) < width or not all(_is_empty(c) for c in cells[width:])
        ):
            return None
        at = cols.unit_id
        if at is None:
            return None
        cell = cells[at]
        unit_id = cell.strip() if isinstance(cell, str) else _unit_text(cell)
        # an empty id, a comment row, a blank row, a duplicate: the usual path says what to do
        if not unit_id or unit_id[0] == COMMENT or (seen is not None and unit_id in seen):
            return None
        name = None
        if cols.unit_name is not None:
            cell = cells[cols.unit_name]
            name = (cell.strip() or None) if isinstance(cell, str) else _unit_text(cell)
        try:
            key, tops = scorer.score(cells)
        except Fallback:
            return None
        if seen is not None:
            seen[unit_id] = row.number
        head = cols.heads.get(key)
        if head is None:
            head = self._head(cols, scorer, key)
        front, provisional, tally = head
        number = row.number
        values_of, texts_of, counted_of = cols.values_of, cols.texts_of, cols.counted_of
        try:
            scores = [values_of[score] for score in tops]
            counts = [counted_of[score] for score in tops]
        except KeyError:  # a score not seen yet (or no longer remembered)
            scores = [self._score(cols, scorer, score) for score in tops]
            counts = [number_key(value) for value in scores]
        if self.text:
            try:
                texts = [texts_of[score] for score in tops]
            except KeyError:
                texts = [cell_text(value, exact=self.exact) for value in scores]
            shown_id, shown_name = unit_id, name or ""
            if not self.exact and (shown_id[0] in QUOTED_STARTS or shown_name[:1] in QUOTED_STARTS):
                shown_id, shown_name = csv_text(shown_id), csv_text(shown_name)
            values = [str(number), shown_id, shown_name, SCORED, *front, *texts, provisional, ""]
        else:
            values = [number, unit_id, name, SCORED, *front, *scores, provisional, ()]
        data = (values, (*tally, counts), self.table, self, row)
        return _scored(number, unit_id, name, row.file, data)

    def _head(self, cols: _Columns, scorer: RowScorer, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """What ``key`` decides: the output values from the total to the failed gates, the
        provisional column, and what the summary counts (total, tier, certified,
        provisional).  Pieced together from what its total and its state decide."""
        total = key[0]
        state = cols.states.get(key[1:])
        if state is None:
            state = self._state(cols, scorer, key)
        amounts = cols.amounts.get(total)
        if amounts is None:
            amounts = self._amounts(cols, scorer, total)
        certified, tier, label, following, points_at, failed, provisional, tally = state
        shown_total, percentage, exact_total, needed = amounts
        points: object = "" if self.text else None
        if points_at is not None:
            points = needed.get(points_at)
            if points is None:
                gap = scorer.needed(total, points_at)
                points = needed[points_at] = (
                    cell_text(gap, "ceiling", exact=self.exact) if self.text else gap
                )
        front = (shown_total, percentage, certified, tier, label, following, points, failed)
        head = (front, provisional, (number_key(exact_total), *tally))
        if len(cols.heads) < _TOTALS:
            cols.heads[key] = head
        return head

    def _state(self, cols: _Columns, scorer: RowScorer, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """The output values ``key`` decides (certified, tier, tier label, next tier, where
        its points are in :meth:`_amounts`, failed gates, provisional), and what the summary
        counts of them (tier, certified, provisional)."""
        certified, tier, following, failed, provisional = scorer.state(key)
        table = self.table
        shown: list[object] = [
            certified,
            tier.id if tier is not None else None,
            table.labels.get(tier.id) if tier is not None else None,
            following[1].id if following is not None else None,
        ]
        shown += [following[0] if following is not None else None, failed, provisional]
        if table.text:
            # a tier label is rubric text: quoted for a CSV file, as it is in exact records
            text_of = cell_text if table.exact else csv_text
            shown[:4] = [text_of(v) for v in shown[:4]]
            shown[5:] = [cell_text(v) for v in shown[5:]]
        tally = (tier.id if tier is not None else None, certified, provisional)
        state = (*shown, tally)
        if len(cols.states) < _REMEMBER:
            cols.states[key[1:]] = state
        return state

    def _amounts(self, cols: _Columns, scorer: RowScorer, total: Any) -> tuple[Any, ...]:
        """The output values of a total: (total, percentage, the exact total for the summary,
        and the points it lacks for a tier, by tier index, as they are asked for)."""
        exact, percentage = scorer.amounts(total)
        amounts: tuple[object, object, Fraction, dict[int, object]]
        if self.exact:
            amounts = (cell_text(exact, exact=True), cell_text(percentage, exact=True), exact, {})
        elif self.text:
            amounts = (scorer.text(total), cell_text(percentage), exact, {})
        else:
            amounts = (exact, percentage, exact, {})
        if len(cols.amounts) < _TOTALS:
            cols.amounts[total] = amounts
        return amounts

    def _score(self, cols: _Columns, scorer: RowScorer, score: Any) -> Fraction | str:
        """A top-level criterion's output value (remembered, and its text)."""
        value = scorer.value(score)
        if len(cols.values_of) < _REMEMBER:
            cols.values_of[score] = value
            cols.counted_of[score] = number_key(value)
            cols.texts_of[score] = (
                cell_text(value, exact=True) if self.exact else scorer.text(score)
            )
        return value


#: sheet layouts given a row scorer in one batch at most (each keeps memos of its own)
_LAYOUTS = 16
#: outputs remembered per sheet layout at most (distinct states and scores are few)
_REMEMBER = 4096
#: totals remembered per sheet layout (a few thousand in 100,000 units: about 500 bytes each)
_TOTALS = 16384


# --- output rows ------------------------------------------------------------------------------

SCORED, REJECTED = "scored", "rejected"


class ResultTable:
    """The columns of a batch's output and the row for each outcome.

    Columns: ``row``, ``unit_id``, ``unit_name``, ``status`` (scored|rejected), ``total``,
    ``percentage``, ``certified``, ``tier``, ``tier_label``, ``next_tier``,
    ``points_to_next_tier``, ``failed_gates``, ``<group>.score`` for each top-level criterion,
    ``provisional`` (the result depends on provisional rubric elements) and ``problems``.
    """

    def __init__(
        self, rubric: Rubric, *, lang: str | None = None, text: bool = False, exact: bool = False
    ) -> None:
        self.lang = lang or rubric.spec.language
        #: rows as the text a CSV file holds (:func:`~tiercert.tabular.csv_text` of each value)
        self.text = text
        #: with ``text``: numbers as lossless text (``"1/3"``), not as people read them
        self.exact = text and exact
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
        self._toward = column_toward(self.columns)

    def row(self, outcome: Outcome) -> list[object]:
        """The output values for one outcome (numbers as exact Fractions; lists for gates and
        problems), or their text when the table was made with ``text=True``."""
        if isinstance(outcome, _Scored) and outcome._data[2] is self:
            return outcome._data[0]
        values = self._row(outcome)
        if not self.text:
            return values
        if self.exact:
            return [
                cell_text(v, toward, exact=True)
                for v, toward in zip(values, self._toward, strict=True)
            ]
        return [csv_text(v, toward) for v, toward in zip(values, self._toward, strict=True)]

    def _row(self, outcome: Outcome) -> list[object]:
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
    engine: Engine = "fast",
) -> Iterator[Outcome]:
    """Score ``rows`` and write one output row each to ``writer``; yields the outcomes.

    Rows of a sheet go through the rubric's row scorer when they can (no :class:`Result` is
    built for them unless an outcome's ``result`` is read); ``engine="reference"`` scores
    every row with the reference evaluator instead (the same output, slowly)."""
    # a CSV file takes text: the rows are made as text, and written without converting them
    text = isinstance(writer, CsvWriter) and type(writer).write is CsvWriter.write
    table = ResultTable(rubric, lang=lang, text=text)
    write = cast(CsvWriter, writer).write_text if text else writer.write
    for outcome in _scoring(rubric, rows, missing, True, engine, table):
        write(table.row(outcome))  # type: ignore[arg-type]
        if on_outcome is not None:
            on_outcome(outcome)
        yield outcome


def score_records(
    rubric: Rubric,
    records: Iterable[Row | Mapping[str, object]],
    *,
    lang: str | None = None,
    missing: Missing = None,
    unique_ids: bool = True,
    as_text: bool = False,
    engine: Engine = "fast",
    used_ids: Mapping[str, int] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Iterator[dict[str, object]]:
    """Output records (column -> value) for input records: the function to map over the
    partitions of a distributed data frame (see docs/batch.md).  With ``as_text`` every
    value is text: numbers exact (``"79.99"``, ``"1/3"``, as in JSON results, where the CSV
    output shows them for reading), ``true``/``false``, ``""``.

    Records may also be :class:`~tiercert.tabular.Row` objects, numbered as in the whole
    data set.  ``used_ids`` are unit ids used before these records (id -> the row that used
    it first): a record with one of them is rejected as a duplicate, as in one batch of the
    whole.  ``on_outcome`` is called with each outcome (``SummaryBuilder.add`` counts it)."""
    table = ResultTable(rubric, lang=lang, text=as_text, exact=as_text)
    yield from table_records(
        rubric, records, table, missing, unique_ids, engine, used_ids, on_outcome
    )


def table_records(
    rubric: Rubric,
    records: Iterable[Row | Mapping[str, object]],
    table: ResultTable,
    missing: Missing,
    unique_ids: bool,
    engine: Engine,
    used_ids: Mapping[str, int] | None,
    on_outcome: Callable[[Outcome], None] | None,
) -> Iterator[dict[str, object]]:
    """:func:`score_records` with the output values ``table`` makes (e.g. the text a CSV file
    holds, for writers elsewhere that must match ``tiercert batch`` byte for byte)."""
    for outcome in _scoring(rubric, records, missing, unique_ids, engine, table, used_ids):
        if on_outcome is not None:
            on_outcome(outcome)
        yield dict(zip(table.columns, table.row(outcome), strict=True))


def _scoring(
    rubric: Rubric,
    items: Iterable[Row | Assessment | Mapping[str, object]],
    missing: Missing,
    unique_ids: bool,
    engine: Engine,
    table: ResultTable,
    used_ids: Mapping[str, int] | None = None,
) -> Iterator[Outcome]:
    """:func:`evaluate_many` for a batch that fills ``table``: rows may take the fast way."""
    try:
        yield from _outcomes(rubric, items, missing, unique_ids, engine, table, used_ids)
    finally:
        close = getattr(items, "close", None)
        if callable(close):
            close()


# --- progress ---------------------------------------------------------------------------------


class ProgressBar:
    """A one-line progress bar, redrawn in place; silent unless ``stream`` is a terminal.

    Messages for the same terminal go through :meth:`above`, which clears the bar's line
    first and draws the bar again after: a message is never glued onto the bar."""

    def __init__(self, stream: TextIO, fraction: Callable[[], float | None], *, every: int = 500):
        isatty = getattr(stream, "isatty", None)
        self.active = bool(isatty and isatty())
        self.stream = stream
        self.fraction = fraction
        self.every = every
        self.done = 0
        self.rejected = 0
        self._shown = 0  # the width of the bar on the screen, 0 when none is

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.rejected += not outcome.ok
        if self.active and self.done % self.every == 0:
            self._draw()

    def above(self, text: str) -> None:
        """Write ``text`` (whole lines) to the stream, above the bar when one is shown."""
        if not self._shown:
            self.stream.write(text)
            return
        self.stream.write("\r" + " " * self._shown + "\r" + text)
        self._draw()

    def _draw(self) -> None:
        share = self.fraction()
        bar = ""
        if share is not None:
            filled = int(share * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {share * 100:3.0f}% "
        line = f"{bar}{self.done:,} rows, {self.rejected:,} rejected"
        self.stream.write("\r" + line)
        self.stream.flush()
        self._shown = len(line)

    def finish(self) -> None:
        if self.active and self.done >= self.every:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
        self._shown = 0


# --- blank sheets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    """One column of a blank sheet: its id (the header), title and what it accepts."""

    id: str
    title: str
    allowed: str
    kind: str  # unit | answer | group | evidence | fact
    choices: tuple[str, ...] = ()
    #: the numbers the column takes, when it takes numbers
    numbers: NumberRange | None = None
    #: whether ``na`` (not applicable) is accepted besides the numbers
    na: bool = False


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
            numbers = (
                NumberRange(whole=fact.type == "integer")
                if fact.type in ("number", "integer")
                else None
            )
            columns.append(
                TemplateColumn(ident, entry["title"], entry["allowed"], "fact", choices, numbers)
            )
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
                        numbers=NumberRange(ZERO, node_max(specs[ident]) or ZERO),
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
        na = node.na is not None
        columns.append(
            TemplateColumn(
                ident,
                entry["title"] + max_text,
                entry["allowed"],
                "answer",
                choices,
                answer_range(node),
                na,
            )
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

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    bold = Font(bold=True)
    header = [xlsx_text_cell(sheet, column.id) for column in columns]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    # yes and no in the words of the rubric's language and of the sheet's
    languages = tuple(dict.fromkeys((rubric.spec.language, lang or rubric.spec.language)))
    for i, column in enumerate(columns, 1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.id) + 4))
        validation = _validation(column, f"{letter}2", languages)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("instructions")

    def texts(*values: str) -> list[Any]:  # rubric text: never a formula, never refused
        return [xlsx_text_cell(notes, value) for value in values]

    title = rubric.title(lang)
    notes.append(texts(f"{title} ({rubric.id} {rubric.version})"))
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
        notes.append(texts(column.id, column.title, column.allowed))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 60
    notes.column_dimensions["C"].width = 60
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic_open(target) as handle:
        save_workbook(book, handle)


#: rows of an XLSX template that its data validations cover
_TEMPLATE_ROWS = 10_000


def _validation(column: TemplateColumn, first: str, languages: Sequence[str]) -> Any:
    """The data validation of a template column: a drop-down list or a range of numbers that
    refuses anything else with a message saying what is allowed, and shows what the column
    takes when a cell is selected (Excel's "input message").  ``first`` is the column's
    first cell, which a formula's relative references start from.  None: free text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.choices:
        choices = column.choices
        if choices[:2] == ("true", "false"):  # and yes and no in the sheet's languages
            words = [w for language in languages for pair in YES_NO.get(language, ()) for w in pair]
            choices = tuple(dict.fromkeys((*choices[:2], *words, *choices[2:])))
        literal = xml_text(",".join(choices))  # XML cannot hold every character
        if len(literal) > 250 or '"' in literal or any("," in c for c in choices):
            return None  # Excel cannot list these: the prompt still says what is allowed
        validation = DataValidation(type="list", formula1=f'"{literal}"', allow_blank=True)
        wanted = "choose one of: " + ", ".join(choices)
    elif column.numbers is not None:
        numbers = column.numbers
        tests = [f"ISNUMBER({first})"]
        if numbers.low is not None:
            tests.append(f"{first}>={_excel_number(numbers.low)}")
        if numbers.high is not None:
            tests.append(f"{first}<={_excel_number(numbers.high)}")
        if numbers.whole:
            tests.append(f"{first}=INT({first})")
        formula = tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"
        if column.na:
            formula = f'OR({formula},{first}="na",{first}="n/a")'
        validation = DataValidation(type="custom", formula1=formula, allow_blank=True)
        wanted = column.allowed
    else:
        return None
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = _clip(xml_text(f"{column.id}: not accepted"), 32)
    empty = "" if "leave empty" in wanted else "; or leave the cell empty (no answer)"
    validation.error = _clip(xml_text(f"{column.id}: {wanted}{empty}"), 255)
    validation.showInputMessage = True
    validation.promptTitle = _clip(xml_text(column.id), 32)
    validation.prompt = _clip(xml_text(column.allowed), 255)
    return validation


def _excel_number(value: Fraction) -> str:
    """A bound in a formula: exact when it has a finite decimal form (rubric numbers do)."""
    if value.denominator == 1:
        return str(value.numerator)
    return repr(value.numerator / value.denominator)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
