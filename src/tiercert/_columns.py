"""A row of a sheet read into an assessment: its columns mapped to answers, facts and evidence
(by the rubric's ids), its cells read, and every problem placed at its row and column.

The columns and conventions are :mod:`tiercert.batch`'s (``unit_id``, ``<id>.justification``,
``#`` notes); this module reads one row at a time for it.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, cast

from ._compile import GroupPlan, descendants
from ._fast import RowLayout, RowScorer
from ._fast.numbers import Fallback
from ._i18n import Column, Message, msg
from ._literals import MAX_DIGITS, SUMMARY_IDS, fold
from ._numbers import whole_float
from ._paths import cut, did_you_mean, render_path, suggests
from ._renamed import earlier_hint
from ._sheet_dates import SheetDate
from ._tables import UNSAVED_FORMULA
from ._unanswered import missing_criterion
from .assessment import Assessment, assessment_from_mapping
from .errors import AssessmentError, Problem
from .rubric import Rubric
from .tabular import Row, TableError
from .template import EVIDENCE_SUFFIXES, RESERVED_COLUMNS, RUBRIC_VERSION, UNIT_ID, UNIT_NAME

#: a column or unit id starting with this is a note, ignored
COMMENT = "#"
#: what a missing answer does, when the caller overrides the rubric (None: as it says)
Missing = Literal["error", "zero"] | None


# --- columns ----------------------------------------------------------------------------------

_MISSING = frozenset({"answer.missing", "fact.missing"})


class Columns:
    """How one header maps onto a rubric: worked out once per sheet, used for every row."""

    __slots__ = (
        "amounts",
        "answers",
        "counted_of",
        "evidence",
        "facts",
        "heads",
        "ids",
        "index",
        "numbered",
        "problems",
        "rubric_version",
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

    def __init__(self, header: tuple[str, ...], known: Known, numbered: bool) -> None:
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
        self.ids: dict[str, dict[str, tuple[tuple[str, str], str]]] | None = None  # see named
        self.width = len(header)
        self.answers: list[tuple[int, str]] = []
        self.facts: list[tuple[int, str]] = []
        self.evidence: list[tuple[int, str, str]] = []
        self.unknown: list[tuple[int, str]] = []
        self.index: dict[str, int] = {}
        self.unit_id: int | None = None
        self.unit_name: int | None = None
        self.rubric_version: int | None = None
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
                        msg(
                            "the column {name!r} appears twice (columns {index} and {i}); keep one",
                            name=cut(name),
                            index=Column(self.index[name] + 1),
                            i=Column(i + 1),
                        ),
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
            elif name == RUBRIC_VERSION:
                self.rubric_version = i  # read by tiercert migrate; scoring ignores it
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
            near = _unit_id_written_otherwise(header)
            if near is not None:  # Unit_ID, UNIT ID, unit-id: the column is there, misnamed
                self.problems.append(
                    Problem(
                        "table.unit_id",
                        msg(
                            "there is no {unit_id!r} column: column {i} is named {name!r}; "
                            "rename it {unit_id!r} (column names are ids, exact to the letter)",
                            unit_id=UNIT_ID,
                            i=Column(near + 1),
                            name=cut(header[near]),
                        ),
                        line=1,
                        column=near + 1,
                    )
                )
                return
            self.problems.append(
                Problem(
                    "table.unit_id",
                    msg(
                        "there is no {unit_id!r} column; add one with a unique id for each "
                        "unit (and optionally {unit_name!r})",
                        unit_id=UNIT_ID,
                        unit_name=UNIT_NAME,
                    ),
                    line=1,
                )
            )

    def named(self, kind: str) -> dict[str, tuple[tuple[str, str], str]]:
        """The criteria (``kind`` "answers") or facts ("facts") with a column, each by id: its
        path among the answers or facts and that path written for people (``where``)."""
        ids = self.ids
        if ids is None:
            ids = self.ids = {
                key: {ident: ((key, ident), render_path((key, ident), None)) for _, ident in which}
                for key, which in (("answers", self.answers), ("facts", self.facts))
            }
        return ids[kind]

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
class Known:
    nodes: frozenset[str]
    facts: frozenset[str]
    columns: tuple[str, ...]


def known_ids(rubric: Rubric) -> Known:
    nodes = frozenset(nid for nid, _, _ in rubric.iter_nodes())
    facts = frozenset(f.id for f in rubric.parts.facts)
    return Known(nodes, facts, (*RESERVED_COLUMNS, *sorted(nodes), *sorted(facts)))


def is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, float) and value != value  # NaN: pandas' empty cell


def cell_value(value: object) -> object:
    """A cell as the engine reads it: dates as ISO text, everything else as it is.  A formula
    with no saved result has no value: the batch's row scorer falls back (:class:`Fallback`)
    to reading the row here, which reports it (:func:`unsaved_formula`)."""
    if isinstance(value, _dt.date | _dt.time):
        return SheetDate(value)  # its ISO text, quoted in messages as the cell shows it
    if value is UNSAVED_FORMULA:
        raise Fallback
    return value


def unsaved_formula(row: Row, index: int) -> Problem:
    """``cell.formula``: the cell at ``index`` is a formula whose result was never saved."""
    name = row.header[index] if index < len(row.header) else None
    return row_problem(
        "cell.formula",
        msg(
            "formula with no saved result: open the file in Excel or LibreOffice and save it, "
            "or type the value"
        ),
        row,
        name or None,
        index if row.numbered_columns else None,
    )


def _kind_of(value: object) -> str:
    """What ``value`` is, in the reader's language (a cell that is no id or name)."""
    if isinstance(value, bool):
        return msg("true or false")
    if isinstance(value, list | tuple):
        return msg("a list")
    if isinstance(value, Mapping):
        return msg("a mapping")
    if isinstance(value, _dt.date | _dt.time):  # a datetime is a date
        return msg("a date or a time")
    if isinstance(value, _dt.timedelta):
        return msg("a duration")
    if isinstance(value, int | float | Decimal):
        number = _number_kind(value)
        if number is not None:
            return number
    return msg("a value of type {name}", name=type(value).__name__)


def hidden_in_id(unit_id: str, *, file_name: bool = False) -> str | None:
    """Why ``unit_id`` is refused when it holds a character that does not print
    (:data:`~tiercert._escape.NOT_PRINTING`: a byte-order mark left at a line's start by
    joined CSV files, a zero-width space pasted with the id, a tab, an escape, a line
    separator, a private-use or unassigned code point): it would be a unit of its own that
    looks like another, on screen and in a spreadsheet.  The message names each character (its
    escape and its Unicode name, where it has one) and says to retype the id (``file_name``:
    the id is a folder's file's name: rename the file).  None when every character prints.
    Surrounding spaces are the reader's to strip or keep, as they are everywhere else."""
    from ._escape import not_printing, visible

    hidden = not_printing(unit_id)
    if not hidden:
        return None
    chars = ", ".join(_character(c) for c in hidden[:_NAMED])
    if len(hidden) > _NAMED:
        chars = msg("{chars} and {more} more", chars=chars, more=len(hidden) - _NAMED)
    what = (
        msg("a character that does not print, {char}", char=chars)
        if len(hidden) == 1
        else msg("characters that do not print: {chars}", chars=chars)
    )
    plain = "".join(c for c in unit_id if c not in hidden).strip()
    shown = visible(repr(unit_id))
    if file_name:
        todo = msg("rename the file, or write the id in it: unit: {{id: ...}}")
        return msg(
            "the file's name gives the unit id {shown}, which holds {what}: it would be a unit "
            "of its own that looks like another; {todo}",
            shown=shown,
            what=what,
            todo=todo,
        )
    todo = (
        msg("retype the id without it: {plain!r}", plain=plain)
        if plain and len(hidden) == 1
        else msg("retype the id without them: {plain!r}", plain=plain)
        if plain
        else msg("retype the id")
    )
    return msg(
        "{unit_id} {shown} holds {what}: it would be a unit of its own that looks like "
        "another; {todo}",
        unit_id=UNIT_ID,
        shown=shown,
        what=what,
        todo=todo,
    )


def summary_row(unit_id: str) -> bool:
    """Whether ``unit_id`` is what a sheet's total or average row holds in its first column
    ("Tổng cộng", "Bình quân", "Total": :data:`~tiercert._literals.SUMMARY_IDS`): scored, the
    row would be counted as a unit, its averages certified like any other's."""
    return unicodedata.normalize("NFC", unit_id) in SUMMARY_IDS


def summary_message(unit_id: str) -> str:
    """What :func:`summary_row`'s ``row.summary`` problem says."""
    return msg(
        "{shown!r} names a row of totals or averages, not a unit: scored, it would be counted "
        "as one; delete the row, or start its {unit_id} with # to keep it as a note",
        unit_id=UNIT_ID,
        shown=unit_id,
    )


#: a cell of a row numbering the columns: ``3``, ``(3)`` (typed, or a number cell)
_COLUMN_NUMBER = re.compile(r"([0-9]{1,4})|\(([0-9]{1,4})\)")
#: a refused cell that is a number as people type it (``19,5``, ``1.234,5``, ``80 %``): a
#: unit's answers typed with decimal commas are refused every one, and are no header's titles
_NUMBER_LIKE = re.compile(r"[+-]?[0-9.,\s]*[0-9][0-9.,\s]*%?")
#: the problems of a refused cell (not a missing one) that make it "no answer" for
#: :meth:`Reader.header_row`
_REFUSED = frozenset(
    {
        "answer.invalid",
        "answer.range",
        "answer.na",
        "answer.unknown",
        "fact.invalid",
        "fact.options",
    }
)


def column_number(value: object) -> int | None:
    """``value`` as a column's number in a row numbering the columns (``3``, ``3.0``, ``"3"``,
    ``"(3)"``), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        found = _COLUMN_NUMBER.fullmatch(value.strip())
        if found is not None:
            return int(found.group(1) or found.group(2))
    return None


def header_row_message(why: str) -> str:
    """What ``row.header`` says of a row ``why`` takes for a second header row."""
    return msg(
        "{why}: it looks like a second header row, not a unit; delete the row, or start its "
        "{unit_id} with # to keep it as a note",
        why=why,
        unit_id=UNIT_ID,
    )


#: how many of an id's characters that do not print its message names
_NAMED = 3


def _character(char: str) -> str:
    """A character that does not print, as a message names it: its escape and its Unicode
    name (``\\u200b (ZERO WIDTH SPACE)``); the escape alone when it has no name (a control,
    a private-use or unassigned code point)."""
    from ._escape import visible

    name = unicodedata.name(char, "")
    return f"{visible(char)} ({name})" if name else visible(char)


def unit_text(value: object) -> str | None:
    """A unit id or name as text; None when empty, or not text nor a number (a list in a
    JSON line, true in a sheet: :func:`_unit_problem` says so)."""
    if is_empty(value) or not isinstance(value, str | int | float | Decimal):
        return None
    if isinstance(value, bool):
        return None
    if not isinstance(value, str) and _number_kind(value) is not None:
        return None  # not finite, or too long to write out: _kind_of says so
    # an id typed as 12 in a spreadsheet arrives as 12.0; 1.2345678901234567e25 is the digits
    # its cell holds, not the float's binary noise
    if isinstance(value, float) and value.is_integer():
        value = whole_float(value)
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(value).strip() or None


#: the whole numbers an id may be: as many digits as a number read anywhere
#: (:data:`~tiercert._literals.MAX_DIGITS`); past them, writing one out as an id would cost
#: without bound (``Decimal("1e10000000")``) or fail (Python writes at most 4,300 digits)
_ID_NUMBER_BOUND: int = 10**MAX_DIGITS


def _number_kind(value: int | float | Decimal) -> str | None:
    """Why the number ``value`` is no id or name, in the reader's language (not finite, or
    of more digits than any number read), or None when it is one."""
    if isinstance(value, int):
        fits = -_ID_NUMBER_BOUND < value < _ID_NUMBER_BOUND
    elif isinstance(value, float):
        if value != value or value in (_INFINITY, -_INFINITY):
            return msg("a number that is not finite ({value})", value=repr(value))
        fits = -_ID_NUMBER_BOUND < value < _ID_NUMBER_BOUND
    else:
        if not value.is_finite():
            return msg("a number that is not finite ({value})", value=str(value))
        fits = value.adjusted() < MAX_DIGITS
    if fits:
        return None
    return msg("a number of more than {digits} digits", digits=MAX_DIGITS)


_INFINITY = float("inf")


@dataclass(slots=True)
class Prepared:
    unit_id: str | None
    unit_name: str | None
    assessment: Assessment | None
    problems: list[Problem]
    columns: Columns | None = None
    #: the answers and facts whose cell is a formula with no saved result (``cell.formula``):
    #: not said missing as well
    unsaved: tuple[str, ...] = ()


def repeated_id(seen: dict[str, int | str], row: Row, prepared: Prepared) -> Problem | None:
    """The problem of ``prepared``'s unit id when it was used before in the same input
    (``seen``: each id met, with the file it came in or its row's number), as ``batch`` says
    it; None otherwise, and the id is remembered.  Each unit appears once."""
    unit_id = prepared.unit_id
    if unit_id is None:
        return None
    first = seen.get(unit_id)
    if first is None:
        seen[unit_id] = Path(row.file).name if row.source is not None and row.file else row.number
        return None
    columns = prepared.columns
    if isinstance(first, str):
        where = msg("in {first}", first=first)
    elif columns is not None and columns.numbered:
        where = msg("on row {first}", first=first)
    elif row.file is not None:
        where = msg("on line {first}", first=first)
    else:
        where = msg("by item {first}", first=first)
    return row_problem(
        "unit.duplicate",
        msg(
            "the unit id {unit_id!r} was already used {where}; each unit must appear once",
            unit_id=unit_id,
            where=where,
        ),
        row,
        UNIT_ID if columns is not None else None,
        columns.unit_id if columns is not None and columns.numbered else None,
    )


def _header_below(problems: Sequence[Problem], row: Row) -> Sequence[Problem]:
    """A sheet whose column names are in its second row, under a title (``BẢNG TỔNG HỢP...``,
    merged across the columns), as people make them: say that the first row must be the
    header, rather than only that there is no ``unit_id`` column."""
    if not row.numbered_columns or not any(p.code == "table.unit_id" for p in problems):
        return problems
    cells = [c.strip() if isinstance(c, str) else None for c in row.cells]
    if UNIT_ID not in cells:
        title = _title_only(row.header)
        if title is None:
            return problems
        # two title rows or more (the committee's name, then the table's): the column names
        # are further down, and "add a unit_id column" would send the office looking for one
        above = Problem(
            "table.unit_id",
            msg(
                "the first row is not the header: it holds only a title ({title!r}); delete "
                "the rows above the column names, so that they are the first row",
                title=title,
            ),
            line=1,
        )
        return [above if p.code == "table.unit_id" else p for p in problems]
    column = cells.index(UNIT_ID) + 1
    below = Problem(
        "table.unit_id",
        msg(
            "the first row is not the header: row {line} names the columns ({unit_id!r} in "
            "column {column}); delete the rows above it (a title), so that the column names "
            "are the first row",
            line=row.number,
            unit_id=UNIT_ID,
            column=Column(column),
        ),
        line=1,
    )
    return [below if p.code == "table.unit_id" else p for p in problems]


def _title_only(header: Sequence[object]) -> str | None:
    """The one text of a first row that holds nothing else, with a space in it (a title
    merged across the columns, never a column's id), else None."""
    filled = [c.strip() for c in header if isinstance(c, str) and c.strip()]
    if len(filled) != 1 or len(filled) != sum(not is_empty(c) for c in header):
        return None
    title = filled[0]
    return title if " " in title and not title.startswith(COMMENT) else None


class Reader:
    """Turns rows into assessments for one rubric; keeps nothing per row."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.known = known_ids(rubric)
        self._plans: dict[tuple[tuple[str, ...], bool], Columns] = {}
        # an unknown column's message, by its index and name: the same on every row, and its
        # "did you mean" costs about a millisecond (16,384 such columns on each row of a
        # sheet took minutes)
        self._unknown_messages: dict[tuple[int, str], str] = {}
        #: criteria's and facts' titles (folded, in every language) -> their id, where only one
        #: has it: made when a column is unknown (:meth:`_title_hint`)
        self._titles: dict[str, str] | None = None

    def columns(self, header: tuple[str, ...], numbered: bool) -> Columns:
        key = (header, numbered)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 256:  # JSON lines may vary their keys: stay bounded
                self._plans.clear()
            plan = self._plans[key] = Columns(header, self.known, numbered)
        return plan

    def prepare(self, row: Row) -> Prepared | None:
        """An assessment from ``row``, or its problems; None for rows to skip."""
        if row.problems and row.cells:  # a sheet's row with a cell misread (merged): its unit
            cols = self.columns(row.header, row.numbered_columns)
            prepared = None if cols.problems else self._cells(row, cols)
            if prepared is not None:
                found = [located(p, row) for p in row.problems]
                return Prepared(
                    prepared.unit_id, prepared.unit_name, None, found + prepared.problems
                )
        if row.problems:
            # an unreadable file of a folder is still known by its name
            stem = Path(row.file).stem if row.source is not None and row.file else None
            return Prepared(stem, None, None, [located(p, row) for p in row.problems])
        if row.document is not None:
            return self._document(row)
        cols = self.columns(row.header, row.numbered_columns)
        if cols.problems:
            problems = _header_below(cols.problems, row)
            raise TableError([located(p, row, line=1) for p in problems])
        return self._cells(row, cols)

    def _cells(self, row: Row, cols: Columns) -> Prepared | None:
        cells = row.cells
        n = len(cells)
        unit_id = (
            unit_text(cells[cols.unit_id])
            if cols.unit_id is not None and cols.unit_id < n
            else None
        )
        if unit_id is not None and unit_id.startswith(COMMENT):
            return None
        if unit_id is None and all(is_empty(c) for c in cells):
            return None
        unit_name = (
            unit_text(cells[cols.unit_name])
            if cols.unit_name is not None and cols.unit_name < n
            else None
        )
        problems: list[Problem] = []
        # the hot loop of a batch: inline checks, no calls for the usual text cells
        answers: dict[str, object] = {}
        unsaved: list[str] = []
        for i, ident in cols.answers:
            value = cells[i] if i < n else None
            if type(value) is str:
                if value:
                    answers[ident] = value
            elif value is UNSAVED_FORMULA:
                problems.append(unsaved_formula(row, i))
                unsaved.append(ident)
            elif not is_empty(value):
                answers[ident] = cell_value(value)
        facts: dict[str, object] = {}
        for i, ident in cols.facts:
            value = cells[i] if i < n else None
            if type(value) is str:
                if value:
                    facts[ident] = value
            elif value is UNSAVED_FORMULA:
                problems.append(unsaved_formula(row, i))
                unsaved.append(ident)
            elif not is_empty(value):
                facts[ident] = cell_value(value)
        if cols.evidence:
            for i in self._evidence(cells, cols, answers):
                problems.append(unsaved_formula(row, i))
        for i, name in cols.unknown:
            if i < n and not is_empty(cells[i]):
                problems.append(self._unknown(row, cols, i, name))
        if n > cols.width and any(not is_empty(c) for c in cells[cols.width :]):
            first = next(i for i in range(cols.width, n) if not is_empty(cells[i]))
            problems.append(
                row_problem(
                    "row.column",
                    msg(
                        "a value in column {first}, after the last named column; name the "
                        "column or clear the cell",
                        first=Column(first + 1),
                    ),
                    row,
                    None,
                    first if cols.numbered else None,
                )
            )
        if unit_id is not None and not unit_id.isprintable():  # (a tab, an escape are ASCII)
            hidden = hidden_in_id(unit_id)
            if hidden is not None:  # '\ufeffu1' is not 'u1': nor can it be told from it
                where = cols.unit_id if cols.numbered else None
                problems.append(row_problem("unit.id", hidden, row, UNIT_ID, where))
        if unit_id is not None and summary_row(unit_id):
            where = cols.unit_id if cols.numbered else None
            problems.append(
                row_problem("row.summary", summary_message(unit_id), row, UNIT_ID, where)
            )
        if unit_id is None:
            at = cols.unit_id
            raw = cells[at] if at is not None and at < n else None
            if raw is UNSAVED_FORMULA and at is not None:
                problems.append(unsaved_formula(row, at))
            else:
                message = (
                    msg("{unit_id} is empty; give each unit a unique id", unit_id=UNIT_ID)
                    if is_empty(raw)
                    else msg(
                        "{unit_id} must be text or a number, not {raw}; write the id",
                        unit_id=UNIT_ID,
                        raw=_kind_of(raw),
                    )
                )
                where = at if cols.numbered else None
                problems.append(row_problem("unit.id", message, row, UNIT_ID, where))
        at = cols.unit_name
        if at is not None and at < n and cells[at] is UNSAVED_FORMULA:
            problems.append(unsaved_formula(row, at))
        elif unit_name is None and at is not None and at < n and not is_empty(cells[at]):
            message = msg(
                "{unit_name} must be text, not {cells}; write the name",
                unit_name=UNIT_NAME,
                cells=_kind_of(cells[at]),
            )
            where = at if cols.numbered else None
            problems.append(row_problem("unit.name", message, row, UNIT_NAME, where))
        at = cols.rubric_version
        version = unit_text(cells[at]) if at is not None and at < n else None
        if at is not None and at < n and cells[at] is UNSAVED_FORMULA:
            problems.append(unsaved_formula(row, at))
        assessment = Assessment(
            answers=answers,
            facts=facts,
            unit_id=unit_id,
            unit_name=unit_name,
            rubric_version=version,
        )
        return Prepared(unit_id, unit_name, assessment, problems, cols, tuple(unsaved))

    @staticmethod
    def _evidence(cells: Sequence[object], cols: Columns, answers: dict[str, object]) -> list[int]:
        """Attach the evidence columns' texts to their answers; the columns of formulas with
        no saved result, left out (each is the row's problem)."""
        n = len(cells)
        given: dict[str, dict[str, object]] = {}
        unsaved = []
        for i, ident, kind in cols.evidence:
            value = cells[i] if i < n else None
            if value is UNSAVED_FORMULA:
                unsaved.append(i)
            elif not is_empty(value):
                given.setdefault(ident, {})[kind] = str(cell_value(value))
        for ident, evidence in given.items():
            value = answers.get(ident)
            if value is not None and not isinstance(value, Mapping):
                answers[ident] = {"value": value, **evidence}
            # evidence without an answer: the missing answer is what gets reported
        return unsaved

    def _unknown(self, row: Row, cols: Columns, i: int, name: str) -> Problem:
        message = self._unknown_messages.get((i, name))
        if message is None:
            if len(self._unknown_messages) > 65_536:  # JSON lines may vary their keys
                self._unknown_messages.clear()
            message = self._unknown_messages[i, name] = self._unknown_message(i, name)
        return row_problem(
            "column.unknown", message, row, name or None, i if cols.numbered else None
        )

    def _unknown_message(self, i: int, name: str) -> str:
        """What :meth:`_unknown` says of a value in column ``i`` named ``name``."""
        if not name:
            message = msg(
                "a value in column {i}, which has no name in the header; name the "
                "column (a criterion or fact id) or clear the cell",
                i=Column(i + 1),
            )
        else:
            base, dot, suffix = name.rpartition(".")
            if dot and "." + suffix in EVIDENCE_SUFFIXES:
                message = msg(
                    "unknown column {name!r}: the rubric has no criterion {base!r}",
                    name=cut(name),
                    base=cut(base),
                )
                hint = self._earlier_hint(base) or did_you_mean(base, self.known.nodes)
            else:
                message = msg("unknown column {name!r}", name=cut(name))
                hint = (
                    self._earlier_hint(name)
                    or did_you_mean(name, self.known.columns)
                    or self._title_hint(name)
                )
            message = msg(
                "{message}{hint}",
                message=message,
                hint=hint
                or msg(
                    "; use criterion and fact ids, unit_id, unit_name, or start the column "
                    "name with # for notes"
                ),
            )
        return message

    def _earlier_hint(self, name: str) -> str:
        """A column named by the id an earlier version of the rubric gave a criterion (last
        year's sheet, ``g2.2`` renamed ``g2.3``): say which criteria took it over and how to
        carry the answers, rather than suggest the closest id (``g3.2``, another criterion)."""
        now = self.rubric._plan.earlier.get(name)
        return earlier_hint(now, in_file=True) if now else ""

    def _title_hint(self, name: str) -> str:
        """A column named by a criterion's or fact's title, as a sheet's header is often
        renamed for people (``Tỷ lệ cây xanh (%)``): say whose title it is and what to write."""
        found = self._titles_of().get(fold(name))
        if found is None:
            return ""
        return msg("; it is the title of {ident!r}: name the column {ident}", ident=found)

    def _titles_of(self) -> dict[str, str]:
        """Criteria's and facts' titles (folded, in every language) -> their id, where only
        one has it."""
        if self._titles is None:
            titles: dict[str, str | None] = {}
            named = [(n, node.title) for n, _, node in self.rubric.iter_nodes()]
            named += [(f.id, f.title) for f in self.rubric.parts.facts]
            for ident, title in named:
                for text in (title or {}).values():
                    key = fold(text)
                    titles[key] = ident if titles.get(key, ident) == ident else None
            self._titles = {key: ident for key, ident in titles.items() if ident is not None}
        return self._titles

    def header_row(self, row: Row, problems: Sequence[Problem]) -> Problem | None:
        """The one problem of a sheet's row that is a second header row, not a unit, or None.

        Offices put under the header a row of column numbers (``1 2 3 ...``) or the header's
        names again; without a ``#`` it was read as a unit, each of its cells refused on its
        own.  Only the cells of named columns count (``#`` note columns and the empty cells
        are left out), and the row's ``unit_id`` cell must be filled.  It is such a row when:

        1. every filled cell is its column's name or the title of its column's criterion or
           fact (in any language; case, spaces and Unicode form aside), two cells or more;
        2. the filled cells are whole numbers (``3``, ``"3"``, ``"(3)"``) each one more than
           the cell of the column before, with every answer and fact column filled, three
           cells or more; and the row has a ``unit_name`` cell in the run (a name is never a
           bare number continuing its id), or a problem already: a unit whose answers are
           valid numbers is scored (a sheet without ``unit_name`` whose units are numbered
           like their columns cannot be told from such a row, and is scored);
        3. every answer and fact column is filled and every one of them is refused, with
           no two alike and none a number as people type it (``19,5``: a unit typed with
           decimal commas is refused cell by cell, never taken for a header) and none offered
           a close answer ("did you mean 'Tốt'?": a unit's misspelt level word, never a
           title), two columns or more (a titles row under the ids).

        Rule 1 and 3 hold only for a row with problems, rule 2 asks for them or a name that
        is a whole number: the callers ask only of such rows (:func:`~tiercert.batch`).

        The row's cells' own problems are not kept beside its one problem (:meth:`no_unit`):
        a header row of thirty columns would print thirty lines ("'Điểm' is not a number")
        that bury the one thing to do, delete the row.  A row they would help, a unit's, is
        not taken for a header: rule 3 leaves alone a row where a cell is offered a close
        answer, and a number as people type it.
        """
        if row.document is not None or not row.cells or not row.numbered_columns:
            return None
        cols = self.columns(row.header, True)
        at = cols.unit_id
        cells = row.cells
        if cols.problems or at is None or at >= len(cells) or is_empty(cells[at]):
            return None
        header = row.header
        filled = [
            i
            for i in range(min(len(cells), cols.width))
            if not header[i].startswith(COMMENT) and not is_empty(cells[i])
        ]
        read = [i for i, _ in cols.answers] + [i for i, _ in cols.facts]
        why = None
        if len(filled) >= 2 and all(self._names_column(header[i], cells[i]) for i in filled):
            why = msg("its cells are the header's names again")
        numbers = [column_number(cells[i]) for i in filled]
        if why is None and len(filled) >= 3 and None not in numbers:
            first = cast(int, numbers[0]) - filled[0]
            if (
                all(cast(int, v) - i == first for v, i in zip(numbers, filled, strict=True))
                and set(read) <= set(filled)
                and (problems or (cols.unit_name is not None and cols.unit_name in filled))
            ):
                why = msg(
                    "it numbers the columns ({first} to {last})",
                    first=str(numbers[0]),
                    last=str(numbers[-1]),
                )
        if why is None and len(read) >= 2 and set(read) <= set(filled):
            # a cell a problem offers an answer for ("did you mean 'Tốt'?") is a unit's
            # misspelt answer, not a title: such a row is a unit, each cell told what to fix
            refused = {p.where for p in problems if p.code in _REFUSED}
            misspelt = any(p.code in _REFUSED and suggests(p.message) for p in problems)
            texts = {fold(str(cells[i])) for i in read}
            names = [header[i] for i in read]
            numeric = any(_NUMBER_LIKE.fullmatch(str(cells[i]).strip()) for i in read)
            if (
                not numeric
                and not misspelt
                and len(texts) == len(read)
                and all(name in refused for name in names)
            ):
                example = min(read)
                why = msg(
                    "none of its {count} answer cells is an answer (column {column} holds "
                    "{text!r})",
                    count=len(read),
                    column=Column(example + 1),
                    text=str(cells[example]).strip(),
                )
        if why is None:
            return None
        return row_problem("row.header", header_row_message(why), row, UNIT_ID, at)

    def no_unit(self, row: Row, problems: Sequence[Problem]) -> tuple[Problem, ...] | None:
        """The problems to keep of a sheet's ``row`` that is no unit, or None for a unit's
        row: a total or average row's (``row.summary``: its sums refused cell by cell beside
        it would only hide what to do), a second header row's one problem (a row of column
        numbers, the header's names again: :meth:`header_row`).  The one rule of every
        command that reads a sheet of units (``batch``, ``diff --impact``, ``migrate``,
        ``programme``), given the problems it found in the row."""
        summary = tuple(p for p in problems if p.code == "row.summary")
        if summary:
            return summary
        if not row.cells or row.document is not None:
            return None
        problem = self.header_row(row, problems)
        return None if problem is None else (problem,)

    def _names_column(self, name: str, cell: object) -> bool:
        """Whether ``cell`` is the column's name ``name`` or its criterion's or fact's title."""
        if not isinstance(cell, str):
            return False
        text = fold(cell)
        return text == fold(name) or self._titles_of().get(text, "") == name

    def _document(self, row: Row) -> Prepared:
        data = row.document
        assert data is not None
        try:
            assessment = assessment_from_mapping(data, document=row.source)
        except AssessmentError as exc:
            unit = data.get("unit")
            unit_id = unit_text(unit.get("id")) if isinstance(unit, dict) else None
            return Prepared(unit_id, None, None, [located(p, row) for p in exc.problems])
        problems: list[Problem] = []
        unit_id = assessment.unit_id
        if unit_id is not None and not unit_id.isprintable():
            hidden = hidden_in_id(unit_id)
            if hidden is not None:  # as in a sheet's cell, at the id's line of the file
                problem = Problem("unit.id", hidden, ("unit", "id"))
                problems += [located(p, row) for p in assessment.locate([problem])]
        elif unit_id is None and row.source is not None and row.file is not None:
            unit_id = Path(row.file).stem  # a folder of xa-a.yaml, xa-b.yaml...
            hidden = hidden_in_id(unit_id, file_name=True)
            if hidden is not None:
                problems.append(located(Problem("unit.id", hidden), row))
        elif unit_id is None:
            problems.append(
                row_problem(
                    "unit.id", msg("the unit has no id; add unit: {{id: ...}}"), row, None, None
                )
            )
        return Prepared(unit_id, assessment.unit_name, assessment, problems)

    def pinpoint(self, problems: Sequence[Problem], prepared: Prepared) -> Sequence[Problem]:
        """The problems again, with each missing answer or fact naming its (empty) column.

        Empty cells are left out of the answers, which keeps the common case fast; the
        reference then says "no answer for 'g1'" of the answers as a whole (path
        ``("answers",)``).  Given the row's answers with its empty cells as None ("asked, not
        answered") it says the same of ``("answers", "g1")`` for each criterion and fact that
        has a column, and nothing else changes (``read_answers``: None is no answer): so the
        row's problems are placed from its layout, without the reference reading the row a
        second time.
        """
        cols = prepared.columns
        if cols is None or prepared.assessment is None:
            return problems
        out: list[Problem] = []
        for p in problems:
            if p.code in _MISSING and len(p.path) < 2:
                kind = "answers" if p.code == "answer.missing" else "facts"
                ident = _missing_id(p)
                # a missing problem not worded as the reference words it keeps its place (it
                # is still told, only less precisely)
                named = cols.named(kind).get(ident) if ident and p.path == (kind,) else None
                if named is not None:
                    p = Problem(
                        p.code,
                        p.message,
                        named[0],
                        p.severity,
                        named[1],
                        p.file,
                        p.line,
                        p.column,
                        p.value,
                    )
            out.append(p)
        return out

    def _below_unsaved(self, unsaved: Sequence[str]) -> set[str]:
        """The criteria below a group scored directly whose score cell is a formula with no
        saved result: that group was given (its cell is the problem), so they are not missing."""
        below: set[str] = set()
        for ident in unsaved:
            node = self.rubric._plan.nodes.get(ident)
            if isinstance(node, GroupPlan):
                below.update(n.id for n in descendants(node))
        return below

    def relocate(self, problems: Iterable[Problem], row: Row, prepared: Prepared) -> list[Problem]:
        """Engine problems (paths into answers/facts) as row problems (row and column)."""
        cols = prepared.columns
        if cols is None:  # documents: the assessment located them already
            return [located(p, row) for p in problems]
        out = []
        below = self._below_unsaved(prepared.unsaved)
        for p in problems:
            name = (
                str(p.path[1]) if len(p.path) >= 2 and p.path[0] in ("answers", "facts") else None
            )
            if p.code in _MISSING and name in prepared.unsaved:
                continue  # its formula is the problem (cell.formula), said already
            if below and missing_criterion(p) in below:
                continue  # its group's score is that formula: the group's answer, not its own
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


def _missing_id(problem: Problem) -> str | None:
    """The criterion of an ``answer.missing`` problem, the fact of a ``fact.missing`` one (as
    the reference words them), or None."""
    if problem.code == "answer.missing":
        return missing_criterion(problem)
    message = problem.message
    if isinstance(message, Message):
        fact = dict(message.params).get("fact")
        if isinstance(fact, str):
            return fact
    return None


def row_problem(
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


def located(problem: Problem, row: Row, line: int | None = None) -> Problem:
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


def _unit_id_written_otherwise(header: Sequence[str]) -> int | None:
    """The index of the first column named ``unit_id`` in other capitals or with a space or a
    hyphen for the ``_`` (``Unit_ID``, ``UNIT ID``, ``unit-id``), or None."""
    for i, name in enumerate(header):
        if re.sub(r"[\s\-]+", "_", name.strip()).casefold() == UNIT_ID:
            return i
    return None
