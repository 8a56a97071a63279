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

import csv
import itertools
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from unicodedata import normalize as _nfc

from ._columns import (
    COMMENT,
    Columns,
    Missing,
    Prepared,
    Reader,
    cell_value,
    hidden_in_id,
    is_empty,
    located,
    repeated_id,
    summary_row,
    unit_text,
)
from ._decimal_comma import DecimalSeparator, check_separator
from ._escape import not_printing
from ._fast import Fallback, RowScorer, Unsupported
from ._fast.rows import RowLoop
from ._i18n import msg
from ._literals import SUMMARY_IDS
from ._numbers import number_key
from ._parallel import WorkerFailed, Workers, can_fork, fork_refusal
from ._paths import did_you_mean
from ._tables import problem
from .assessment import Assessment
from .errors import AssessmentError, Problem, data_error, sorted_problems
from .result import Result
from .rubric import Rubric, text_in
from .tabular import (
    QUOTED_STARTS,
    CsvRecords,
    CsvWriter,
    Row,
    TableError,
    TableWriter,
    cell_text,
    clean_text,
    column_toward,
    csv_text,
    json_row,
)
from .template import EVIDENCE_SUFFIXES, RESERVED_COLUMNS, RUBRIC_VERSION, UNIT_ID, UNIT_NAME

if TYPE_CHECKING:
    from .summary import SummaryBuilder

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


# --- evaluation -------------------------------------------------------------------------------


def evaluate_many(
    rubric: Rubric,
    assessments: Iterable[Row | Assessment | Mapping[str, object]],
    *,
    missing: Missing = None,
    unique_ids: bool = True,
    engine: Engine = "fast",
    decimal_separator: DecimalSeparator = ".",
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
    ``decimal_separator=","``: the answers' texts write decimals with a comma (``17,5``), as
    :meth:`Rubric.evaluate <tiercert.Rubric.evaluate>` reads them.
    """
    check_separator(decimal_separator)
    try:
        yield from _outcomes(
            rubric, assessments, missing, unique_ids, engine, separator=decimal_separator
        )
    finally:
        close = getattr(assessments, "close", None)
        if callable(close):
            close()


def _no_unit(reader: Reader, row: Row, outcome: Outcome, seen: dict[str, int | str]) -> Outcome:
    """``outcome``, or the problems to keep of a row that is no unit (:meth:`Reader.no_unit`:
    a total or average row, a second header row), its id left free when it is a header row."""
    kept = reader.no_unit(row, outcome.problems)
    if kept is None or kept == outcome.problems:
        return outcome
    unit_id = outcome.unit_id
    if kept[0].code == "row.header" and unit_id is not None and seen.get(unit_id) == row.number:
        del seen[unit_id]  # no unit's: a unit of that id below is not a duplicate
    return Outcome(row.number, outcome.unit_id, outcome.unit_name, None, kept, outcome.file)


def _outcomes(
    rubric: Rubric,
    assessments: Iterable[Row | Assessment | Mapping[str, object]],
    missing: Missing,
    unique_ids: bool,
    engine: Engine,
    table: ResultTable | None = None,
    used_ids: Mapping[str, int] | None = None,
    bulk: _Bulk | None = None,
    reader: Reader | None = None,
    *,
    separator: DecimalSeparator = ".",
) -> Iterator[Outcome]:
    """:func:`evaluate_many`'s outcomes; ``reader``: the rubric's reader to use (a caller that
    scores one item at a time keeps one, and with it what it learnt of each header).
    ``separator``: ``","`` declares a decimal comma; such rows are read by
    :meth:`Rubric.evaluate` (which rewrites their comma texts once), never by the row scorer
    or the bulk, whose readers know only the rule: the default's hot path is untouched."""
    if separator != ".":
        table = bulk = None
    if reader is None:
        reader = Reader(rubric)
    seen: dict[str, int | str] = dict(used_ids) if used_ids else {}
    # with a table to fill, rows go the fast way when they can (see _RowPath)
    fast = _RowPath(rubric, reader, table, missing) if table is not None else None
    if fast is not None and (fast.evaluator is None or engine != "fast"):
        fast = None
    ids = seen if unique_ids else None
    sheet_rows = False  # whether a row of a sheet came: its header was checked then
    items: Iterable[Row | Assessment | Mapping[str, object]] = assessments
    if fast is not None and bulk is not None and ids is not None:
        # a CSV file's records straight to the output, the rest (the rows the loop cannot
        # vouch for) through the loop below, in the sheet's order
        rest = fast.bulk(assessments, ids, bulk)
        if rest is not None:
            # (sheet_rows stays False: a header with no rows is checked below, as without
            # the bulk; a header the bulk took has no problem, and its check costs nothing)
            items = rest
    for position, item in enumerate(items, 1):
        scoring = engine
        if item.__class__ is not Row and isinstance(item, Assessment):
            row = Row(position)
            prepared = Prepared(item.unit_id, item.unit_name, item, [])
        else:
            row = item if isinstance(item, Row) else json_row(item, position)
            sheet_rows = True
            if fast is not None:
                scored = fast.score(row, ids)
                if scored is not None:
                    name = scored.unit_name
                    if scored.problems or (name is not None and name.isdigit()):
                        scored = _no_unit(reader, row, scored, seen)
                    yield scored
                    continue
                if fast.refused:  # a cell the reference refused: it reads the row at once
                    scoring = "reference"
            maybe = reader.prepare(row)
            if maybe is None:
                continue
            prepared = maybe
        problems = prepared.problems
        unit_id = prepared.unit_id
        if unique_ids:
            repeated = repeated_id(seen, row, prepared)
            if repeated is not None:
                problems.append(repeated)
        result = None
        if prepared.assessment is not None and not (
            problems and fast is not None and fast.vouches(row)
        ):
            # (a row rejected already, a duplicate unit id's, whose answers the row scorer
            # takes: reading them finds no problem, and its result is not wanted)
            try:
                result = rubric.evaluate(
                    prepared.assessment,
                    missing=missing,
                    engine=scoring,
                    decimal_separator=separator,
                )
            except AssessmentError as exc:
                found = reader.pinpoint(exc.problems, prepared)
                problems.extend(reader.relocate(found, row, prepared))
        if fast is not None and fast.learning is not None:
            fast.learn(row, problems)
        outcome = (
            Outcome(
                row.number,
                unit_id,
                prepared.unit_name,
                None,
                tuple(sorted_problems(problems)),
                row.file,
            )
            if problems
            else Outcome(row.number, unit_id, prepared.unit_name, result, (), row.file)
        )
        name = prepared.unit_name
        if problems or (name is not None and name.isdigit()):
            outcome = _no_unit(reader, row, outcome, seen)
        yield outcome
    header = getattr(assessments, "header", None)
    if not sheet_rows and isinstance(header, tuple):
        # a sheet with a header and no rows: a header that no row could use is still wrong
        columns = reader.columns(header, True)
        if columns.problems:
            top = Row(1, file=getattr(assessments, "file", None))
            raise TableError([located(p, top, line=1) for p in columns.problems])


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


#: put before a cleaned id holding a character that does not print, so that the bulk row loop
#: hands its row to the usual path (an id with one is refused there, see hidden_in_id)
_MARK = "\ufeff"


def _odd_name(name: str) -> bool:
    """Whether the bulk row loop hands a row over for its name, cleaned (stripped, NFC) and
    not printable: when it holds any character that does not print but a line break (``Xã
    \\x1b[31m``, a CR, a tab, ``Xã\\u200b``: the usual path writes each as its escape, as
    a spreadsheet's cell shows it: :func:`~tiercert._escape.sheet_text`); a name with a line
    break in it is the loop's, which writes it as it is.  Asked only of a name that does not
    print, which is rare: the loop tests that at C speed first."""
    return not_printing(name) not in ([], ["\n"])


def _clean_id_marked(text: str) -> str:
    """:func:`clean_text` for the bulk row loop's id cells that are not ASCII or do not print,
    marked at the start when it holds a character that does not print (``xa-\\u200b1``,
    ``xa-\\x1b1``), by the reader's own test (see :func:`hidden_in_id`), which refuses it on
    the usual path; a cell that prints (almost all) holds none."""
    cleaned = clean_text(text)
    if cleaned.isprintable() or not not_printing(cleaned):
        return cleaned
    return _MARK + cleaned


def _unit_of(
    cells: Sequence[object], cols: Columns, seen: dict[str, int | str] | None
) -> tuple[str, str | None] | None:
    """The unit id and name of a row the row loop may take, or None when the usual path must
    say what to do: an empty id, a comment row, an id used before (``seen``), a name cell
    that is no text."""
    at = cols.unit_id
    if at is None:
        return None
    cell = cells[at]
    unit_id = cell.strip() if isinstance(cell, str) else unit_text(cell)
    if not unit_id or unit_id[0] == COMMENT or (seen is not None and unit_id in seen):
        return None
    if not unit_id.isprintable() and hidden_in_id(unit_id) is not None:
        return None  # the usual path says so
    if summary_row(unit_id):
        return None  # a total row: the usual path refuses it
    name = None
    if cols.unit_name is not None:
        cell = cells[cols.unit_name]
        name = (cell.strip() or None) if isinstance(cell, str) else unit_text(cell)
        if name is None and not is_empty(cell):  # a date, true, a list: not a name
            return None  # the usual path reports unit.name
    return unit_id, name


class _RowPath:
    """The fast way through a sheet: a row goes to the row scorer of its header's layout
    (:meth:`~tiercert._fast.FastEvaluator.row_scorer`), and from there straight to its output
    values, with no :class:`Result` built.  A row the row scorer cannot vouch for (a problem
    of any kind, a duplicate or missing unit id, a comment or blank row, a cell it cannot
    take, such as a list in a JSON line) returns None and takes the usual path, which reports
    exactly what it always reports.  What a key or a score turns into is remembered per
    layout, boundedly."""

    def __init__(
        self, rubric: Rubric, reader: Reader, table: ResultTable, missing: Missing
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
        self._columns: Columns | None = None
        self._built = 0  # row scorers built (one per sheet layout)
        #: a record's keys -> the rubric's layout and where each key's cell goes in it (see
        #: _padded), or None for keys that keep their own layout
        self._pads: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[int, ...]] | None] = {}
        #: the rubric's layouts of records (see _pad_of): made on the first record
        self._layouts: tuple[dict[str, int], tuple[str, ...], dict[str, int], tuple[str, ...]]
        #: whether the row loop refused a cell of the last row :meth:`score` was given (text
        #: the reference refused: the compiled evaluator need not try that row again)
        self.refused = False
        #: the last row the row loop handed over because it refused one of its cells
        self._handed: Row | None = None
        #: that row's refused cells, when the loop read all its cells and refused only
        #: cells: each one's id and key (RowScorer.problem_keys)
        self._cells: tuple[tuple[str, tuple[object, ...]], ...] | None = None
        #: the row scorer of the row loop (see bulk), and that loop
        self._loop_scorer: RowScorer | None = None
        self._loop: RowLoop | None = None
        #: a refused cell's key -> the problems the usual path gave its cell (of the row
        #: they were learnt from; the row's own file and number put in when given again)
        self._worded: dict[tuple[object, ...], tuple[Problem, ...]] = {}
        #: the handed-over row the usual path is scoring, and its refused cells, to learn
        #: their problems from its outcome (see learn)
        self.learning: tuple[Row, tuple[tuple[str, tuple[object, ...]], ...]] | None = None
        #: top-level scores -> the score columns' values and texts with the counted columns
        self._counted_of: dict[tuple[Fraction | str, ...], tuple[list[Any], list[str]]] = {}

    def result(self, row: Row) -> Result:
        """The full result of a row this path scored: what the usual path gives for it."""
        prepared = self.reader.prepare(row)
        assert prepared is not None
        assert prepared.assessment is not None
        return self.rubric.evaluate(prepared.assessment, missing=self.missing)

    def _scorer(self, cols: Columns) -> RowScorer | None:
        cols.tried = True
        assert self.evaluator is not None
        if self._built >= _LAYOUTS:  # JSON lines with ever new keys: the usual path
            return None
        self._built += 1
        scorer = self.evaluator.row_scorer(
            cols.layout(), self.zero, is_empty=is_empty, cell_value=cell_value
        )
        if scorer is not None and scorer.top_ids != self.table.groups:
            scorer = None  # other score columns than the top-level ones: from full results
        cols.scorer = scorer
        return scorer

    def _padded(self, row: Row) -> tuple[tuple[str, ...], Sequence[object]]:
        """The header and cells ``row`` is scored by: a record's (columns named, not
        numbered: a mapping, a JSON line) in the rubric's own layout, each column it lacks an
        empty cell, so that records posting only some of the fields (a form sends those filled
        in) share one row scorer instead of one each; else its own.

        An absent column and an empty cell are the same answers to the reference (no answer:
        :meth:`~tiercert._columns.Reader.prepare` leaves both out), so the row scorer scores
        the padded row as the reference scores the record.  They differ only in where a
        problem is placed (a missing answer names its column when the column is there): a
        record the row scorer cannot vouch for takes the usual path as it came, and its
        problems are what they always were."""
        header = row.header
        if row.numbered_columns or len(row.cells) != len(header):
            return header, row.cells
        try:
            found = self._pads[header]
        except KeyError:
            if len(self._pads) > 256:  # JSON lines may vary their keys: stay bounded
                self._pads.clear()
            found = self._pads[header] = self._pad_of(header)
        if found is None:
            return header, row.cells
        layout, places = found
        cells: list[object] = [None] * len(layout)
        for place, cell in zip(places, row.cells, strict=True):
            cells[place] = cell
        return layout, cells

    def _pad_of(self, header: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        """The rubric's layout for a record with the columns ``header`` and where each goes in
        it: the unit's id and name, every criterion and fact (one layout), and with their
        evidence columns for a record that has one (another); None for a record with any
        other column (a note, ``rubric_version``, a key the rubric does not know), which keeps
        its own layout, or with a column twice."""
        try:
            plain, plain_names, full, full_names = self._layouts
        except AttributeError:
            known = self.reader.known
            plain_names = known.columns
            full_names = plain_names + tuple(
                f"{ident}{suffix}" for ident in sorted(known.nodes) for suffix in EVIDENCE_SUFFIXES
            )
            plain = {name: i for i, name in enumerate(plain_names)}
            full = {name: i for i, name in enumerate(full_names)}
            self._layouts = plain, plain_names, full, full_names
        if len(set(header)) != len(header):
            return None
        if all(name in plain for name in header):
            return plain_names, tuple(plain[name] for name in header)
        if all(name in full for name in header):
            return full_names, tuple(full[name] for name in header)
        return None

    def score(self, row: Row, seen: dict[str, int | str] | None) -> Outcome | None:
        """The outcome of ``row`` when the row scorer can give it, else None (then
        :attr:`refused` says whether the row loop refused one of its cells)."""
        self.refused = False
        if row.problems or row.document is not None:
            return None
        if row is self._handed:  # the row loop refused one of its cells
            self.refused = True
            refused = self._cells
            if refused is not None:
                worded = self._word(row, refused, seen)
                if worded is None and self._read_refused(row, refused):
                    worded = self._word(row, refused, seen)
                if worded is not None:
                    return worded
                self.learning = (row, refused)
            return None
        header, cells = self._padded(row)
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
        width = cols.width
        if len(cells) != width and (
            len(cells) < width or not all(is_empty(c) for c in cells[width:])
        ):
            return None
        unit = _unit_of(cells, cols, seen)
        if unit is None:
            return None
        unit_id, name = unit
        try:
            key, tops = scorer.score(cells)
        except Fallback:  # a problem, or a cell only the compiled evaluator takes (a mapping)
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
        if self.table.root is not None:  # each score and, beside it, what counted of it
            scores, texts = self._counted(tuple(scores))
        elif self.text:
            try:
                texts = [texts_of[score] for score in tops]
            except KeyError:
                texts = [cell_text(value, exact=self.exact) for value in scores]
        if self.text:
            shown_id, shown_name = unit_id, name or ""
            if not self.exact and (
                shown_id[0] in QUOTED_STARTS
                or shown_name[:1] in QUOTED_STARTS
                or not shown_name.isprintable()  # (an escape, a bidi override: as CSV shows it)
            ):
                shown_id, shown_name = csv_text(shown_id), csv_text(shown_name)
            values = [str(number), shown_id, shown_name, SCORED, *front, *texts, provisional, ""]
        else:
            values = [number, unit_id, name, SCORED, *front, *scores, provisional, ()]
        data = (values, (*tally, counts), self.table, self, row)
        return _scored(number, unit_id, name, row.file, data)

    def _counted(self, scores: tuple[Fraction | str, ...]) -> tuple[list[Any], list[str]]:
        """The score columns' values of a row whose top-level scores are ``scores``, with the
        counted columns (:meth:`ResultTable.with_counted`), and their texts (remembered)."""
        try:
            return self._counted_of[scores]
        except KeyError:
            pass
        values: list[Any] = self.table.with_counted(scores)
        texts = [cell_text(value, exact=self.exact) for value in values] if self.text else []
        if len(self._counted_of) < _REMEMBER:
            self._counted_of[scores] = values, texts
        return values, texts

    def vouches(self, row: Row) -> bool:
        """Whether the row scorer of ``row``'s layout, built already, scores its cells
        (whatever its unit id): its answers then have no problem, and reading them
        (:meth:`Rubric.evaluate`) would raise none.  For a row rejected for another reason
        (its unit id used before), whose result is not wanted: the usual path would build
        it (the full scorer's code written and compiled for the first one) only to find no
        problem of its answers."""
        if row.problems or row.document is not None or row is self._handed:
            return False
        cols = self._columns
        header, cells = self._padded(row)
        if cols is None or header is not self._header or row.numbered_columns is not self._numbered:
            return False
        scorer = cols.scorer
        if scorer is None or len(cells) != cols.width:
            return False
        if scorer is self._loop_scorer and self._loop is not None:
            # the loop holds the same body (the row function is compiled only when asked
            # for): its cells read with no id seen; any row it hands over is not vouched for
            # (an id or a name it leaves to the usual path, too: then read as before)
            parts: list[list[Any]] = [[] for _ in scorer.top_ids]
            taken = cast(list[str], cells)
            return self._loop(iter((taken,)), 0, [], [], parts, {})[1] is None
        try:
            scorer.score(cells)
        except Fallback:
            return False
        return True

    def _looped(
        self,
        row: Row,
        loop: RowLoop,
        pieces: tuple[list[str], list[Any], list[list[Any]]],
        seen: dict[str, int | str],
    ) -> bool:
        """Whether the loop scored ``row`` (read ahead: cleaned already, which the loop's
        cleaning leaves as it is) into ``pieces`` (the output lines, keys and parts), as it
        scores a record at that row number; else it is noted as handed over (see
        :meth:`_hand`) and takes the usual way."""
        if (
            row.problems
            or row.document is not None
            or row.header is not self._header
            or row.numbered_columns is not self._numbered
        ):
            return False
        cells = cast(list[str], row.cells)
        out, keys, parts = pieces
        _, record, refused = loop(iter((cells,)), row.number - 1, out, keys, parts, seen)
        if record is None:
            return True
        self._hand(row, cells, refused)
        return False

    def _hand(self, row: Row, record: list[str], refused: object) -> None:
        """Note ``row`` (of ``record``) as handed over by the row loop (``refused``: what
        the loop said of its cells; see :meth:`RowGenerator.write_loop`)."""
        self._handed = row if refused else None
        scorer = self._loop_scorer
        self._cells = (
            scorer.problem_keys(refused, record)
            if isinstance(refused, tuple) and scorer is not None
            else None
        )

    def _word(
        self,
        row: Row,
        cells: tuple[tuple[str, tuple[object, ...]], ...],
        seen: dict[str, int | str] | None,
    ) -> Outcome | None:
        """The outcome of a row whose cells the row loop read, refusing ``cells``, when the
        problems of each of them are known (:meth:`learn`): the row's problems are theirs,
        as the usual path finds them, without the reference reading the row; else None."""
        worded = self._worded
        found: list[Problem] = []
        for _, key in cells:
            problems = worded.get(key)
            if problems is None:
                return None
            found.extend(problems)
        cols = self._columns
        assert cols is not None
        # a duplicate (a worker's loop knows the ids of its chunk only): the usual path
        unit = _unit_of(row.cells, cols, seen)
        if unit is None:
            return None
        unit_id, name = unit
        if seen is not None:  # as the usual path keeps it
            seen[unit_id] = (
                Path(row.file).name if row.source is not None and row.file else row.number
            )
        file, number = row.file, row.number
        return Outcome(
            number,
            unit_id,
            name,
            None,
            tuple(sorted_problems(p.located(file, number, p.column) for p in found)),
            file,
        )

    def _read_refused(self, row: Row, cells: tuple[tuple[str, tuple[object, ...]], ...]) -> bool:
        """The problems of ``row``'s refused ``cells`` not known yet, read by the reference's
        reader of answers for those cells alone (``read_answers(..., only=...)``): the loop
        read every other cell of the row without a problem, so the row's problems are
        theirs, worded as the usual path words them (placed in their columns by the same
        :meth:`Reader.pinpoint` and :meth:`Reader.relocate`); remembered as :meth:`learn`
        remembers them.  False when they cannot be: the usual path reads the row."""
        from ._reference import read_answers  # (refused cells are rare: not at import)

        worded = self._worded
        new = [(where, key) for where, key in cells if key not in worded]
        ids = frozenset(where for where, _ in new)
        if not new or len(ids) < len(new) or len(worded) + len(new) > _WORDED:
            # all known (the row is no one's to word: a duplicate), two cells under one name
            # (whose is a problem?), or no room left
            return False
        prepared = self.reader.prepare(row)
        if prepared is None or prepared.assessment is None or prepared.problems:
            return False
        assessment = prepared.assessment
        if not isinstance(assessment.answers, Mapping) or not isinstance(assessment.facts, Mapping):
            return False
        _, problems = read_answers(
            self.rubric._plan,
            assessment.answers,
            assessment.facts,
            missing_is_zero=self.zero,
            only=ids,
            in_file=True,
        )
        found = self.reader.relocate(self.reader.pinpoint(problems, prepared), row, prepared)
        mine: dict[str, list[Problem]] = {where: [] for where in ids}
        for p in found:
            own = mine.get(p.where)
            if own is None:
                return False
            own.append(p)
        if not all(mine.values()):
            return False
        for where, key in new:
            worded[key] = tuple(mine[where])
        return True

    def learn(self, row: Row, problems: Sequence[Problem]) -> None:
        """The usual path's ``problems`` of the handed-over row :attr:`learning` names,
        remembered for each refused cell when each problem names one of them (its ``where``
        is the cell's id) and each of them has one: the problems of such a cell depend on
        its text alone (and its evidence's, part of its key), so another row refusing the
        same cells has these problems and no others (:meth:`_word`)."""
        learning, self.learning = self.learning, None
        if learning is None or learning[0] is not row or not problems:
            return
        cells = learning[1]
        mine: dict[str, list[Problem]] = {}
        for where, _ in cells:
            if where in mine:  # two cells under one name: whose is a problem?
                return
            mine[where] = []
        for p in problems:
            own = mine.get(p.where)
            if own is None or p.line != row.number or p.file != row.file:
                return
            own.append(p)
        if not all(mine.values()) or len(self._worded) + len(cells) > _WORDED:
            return
        for where, key in cells:
            self._worded[key] = tuple(mine[where])

    def bulk(self, rows: object, seen: dict[str, int | str], bulk: _Bulk) -> Iterator[Row] | None:
        """A CSV file's records scored in chunks by the row loop of its layout (see
        :meth:`~tiercert._fast.RowScorer.loop`), their output written and counted in bulk:
        the iterator yields the rows the loop cannot vouch for (a problem, a duplicate, a
        blank or comment row...), as :func:`~tiercert.tabular.read_csv` gives them, each when
        every row before it is written.  None when the input is not such a file, its header
        has a problem or a ``rubric_version`` column (each row's version is checked), or the
        rubric has no row loop: the rows then come one by one as usual."""
        records = getattr(rows, "records", None)
        if not isinstance(records, CsvRecords) or not self.text or self.exact:
            return None
        # the records may have been claimed by rows read ahead (to see whether they carry a
        # programme): taken over from there only when those rows come back, not given yet
        ahead = getattr(rows, "ahead", None)
        if records.claimed and not callable(ahead):
            return None
        with records.reading():
            records.start()
        header = records.header
        if RUBRIC_VERSION in header:
            return None
        cols = self.reader.columns(header, True)
        self._header, self._numbered, self._columns = header, True, cols
        if cols.problems or cols.unit_id is None or self.evaluator is None:
            return None
        try:
            scorer = RowScorer(
                self.evaluator, cols.layout(), self.zero, is_empty, cell_value, clean_text
            )
        except (Unsupported, RecursionError, SyntaxError, MemoryError):
            return None
        if scorer.top_ids != self.table.groups:
            return None
        # also the row scorer of this layout for the rows that take the usual way in (read
        # ahead, handed over): their cells are cleaned already, which cleaning leaves as they
        # are, so the two would be the same scorer built twice (its code written and compiled)
        cols.scorer, cols.tried = scorer, True
        self._built += 1
        heads: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        texts: dict[Any, str] = {}
        fields = bulk.writer.fields
        after: dict[str, str] = {}  # the provisional column's text -> it and the problems'

        # what a state (a key but its total) writes around its total's texts, ready to
        # be joined with them (see plumb), by the state
        plumbed: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        # a number's text (a total, a percentage, points lacking, a score) is a cell the
        # csv module writes as it stands: digits, a point, a minus sign, the cut mark
        # (tests/batch/test_head_plumbing.py); it is joined to its row without a look

        def plumb(key: tuple[Any, ...]) -> tuple[Any, ...]:
            """The state of ``key`` as :func:`head` joins it to a total's texts: its cells
            as the csv module writes them within a row, in three pieces (the status, the
            cells between the percentage and the points lacking, the cells after them), the
            provisional and problems cells, the next tier's index, ``Numbers.amount`` and
            that tier's minimum when a whole total's texts are its (RowScorer.whole_amount),
            and what the summary counts of the state.  Each cell is quoted on its own (a row
            of two cells or more: see CsvWriter.fields), so pieces joined by commas are the
            row the cells make."""
            state = cols.states.get(key[1:])
            if state is None:
                state = self._state(cols, scorer, key)
            certified, tier, label, following, points_at, failed, provisional, tally = state
            last = after.get(provisional)
            if last is None:
                last = after[provisional] = fields([_no_cr(provisional), ""])
            whole = scorer.whole_amount(points_at)
            amount, least = (None, None) if whole is None else whole
            shown = _no_cr(certified), _no_cr(tier), _no_cr(label), _no_cr(following)
            pieces = (
                fields([SCORED]) + ",",
                "," + fields(shown) + ",",
                "," + fields([_no_cr(failed)]),
                last,
                points_at,
                amount,
                least,
                *tally,
            )
            if len(plumbed) < _REMEMBER:
                plumbed[key[1:]] = pieces
            return pieces

        def head(key: tuple[Any, ...]) -> tuple[Any, ...]:
            """What ``key`` writes from the status to the failed gates and in the provisional
            and problems cells, and what the summary counts of it: the state's pieces
            (:func:`plumb`) joined to the total's texts from integers (the same texts as
            :meth:`_head` makes: ``RowScorer.head_texts``, its shortcut taken here without a
            call when a whole total's texts are ``Numbers.amount``'s)."""
            pieces = plumbed.get(key[1:])
            if pieces is None:
                pieces = plumb(key)
            lead, middle, tail, last, points_at, amount, least, tier, certified, provisional = (
                pieces
            )
            total = key[0]
            if amount is not None and type(total) is int:
                shown_total, numerator, denominator, points = amount(total, least)
                percentage, exact_total = shown_total, (numerator, denominator)
            else:
                texts = scorer.head_texts(total, points_at)
                if texts is None:
                    return general(key)
                shown_total, percentage, exact_total, points = texts
            shown = (
                f"{lead}{shown_total},{percentage}{middle}{points}{tail}",
                last,
                (exact_total, tier, certified, provisional),
            )
            if len(heads) < _KEYS_KEPT:
                heads[key] = shown
            return shown

        def general(key: tuple[Any, ...]) -> tuple[Any, ...]:
            """:func:`head` where the total's texts are the Fractions' (a percentage rounded
            as the rubric declares, no maximum): the general way, the csv module writing each
            cell."""
            front, provisional, tally = self._head(cols, scorer, key)
            # written in bulk: a lone CR becomes a line break, as CsvWriter.write_text does;
            # the cells from the status to the failed gates, and the provisional and problems
            # columns, as the csv module writes them in a row (see CsvWriter.fields)
            before = fields([SCORED, *(_no_cr(v) for v in front)])
            last = after.get(provisional)
            if last is None:
                last = after[provisional] = fields([_no_cr(provisional), ""])
            shown = (before, last, tally)  # and what the summary counts
            if len(heads) < _KEYS_KEPT:
                heads[key] = shown
            return shown

        # a score met anew: its text (RowScorer.text's), kept in texts
        text = scorer.evaluator.numbers.kept_texts(texts, _TEXTS_KEPT)
        # the score columns' text where the table has counted columns, by the tuple of scores
        counted_texts: dict[tuple[Any, ...], str] = {}

        point_texts: dict[Fraction, str] = {}  # a counted part's text (few: 0, a cap's rest)
        values_of = cols.values_of
        shown_at = self.table.counted_at

        def counted(tops: tuple[Any, ...]) -> str:
            """The score and counted cells of ``tops``, as the row's text holds them: each
            score's text as the loop writes it (its memo's), a counted part's its own."""
            values = [
                value if (value := values_of.get(t)) is not None else self._score(cols, scorer, t)
                for t in tops
            ]
            points = self.table.counted_points(values)
            cells = []
            for top, value, point, shown in zip(tops, values, points, shown_at, strict=True):
                own = texts.get(top) or text(top)
                cells.append(own)
                if shown:
                    if point is value or point == value:  # (as a str, "na", it is the score)
                        cells.append(own)
                        continue
                    part = point_texts.get(point)  # type: ignore[arg-type]
                    if part is None:
                        part = cell_text(point)
                        if len(point_texts) < _TEXTS_KEPT:
                            point_texts[point] = part  # type: ignore[index]
                    cells.append(part)
            line = ",".join(cells)
            if len(counted_texts) < _TEXTS_KEPT:
                counted_texts[tops] = line
            return line

        try:
            loop = scorer.loop(
                cols.width,
                cols.unit_id,
                cols.unit_name,
                _HEADS=heads,
                _head=head,
                _TEXTS=texts,
                _text=text,
                _nfc=_nfc,
                _odd_name=_odd_name,
                _clean_id=_clean_id_marked,
                # (an id holding a character that does not print, marked by _clean_id_marked:
                # the usual path refuses it, see hidden_in_id)
                _SPECIAL=frozenset(QUOTED_STARTS | {COMMENT, _MARK}),
                _SUMMARY=SUMMARY_IDS,  # a total row's id: the usual path refuses it
                # (and a name starting with a digit: a name that is a whole number may be a
                # row numbering the columns, which the usual path tells: Reader.header_row)
                _QUOTED=frozenset(QUOTED_STARTS | set("0123456789")),
                _field=lambda text: fields([text]),
                _BLANK="",
                counted=self.table.root is not None,
                _COUNTED=counted_texts,
                _counted=counted,
            )
        except (Unsupported, RecursionError, SyntaxError, MemoryError):
            return None
        self._loop_scorer, self._loop = scorer, loop
        given: list[Row] = []
        if records.claimed:
            taken = cast(Callable[[], "list[Row] | None"], ahead)()
            if taken is None:
                return None
            given = taken
        records.claimed = True
        return self._bulk_rows(records, given, cols, scorer, loop, seen, bulk)

    def _bulk_rows(
        self,
        records: CsvRecords,
        given: list[Row],
        cols: Columns,
        scorer: RowScorer,
        loop: RowLoop,
        seen: dict[str, int | str],
        bulk: _Bulk,
    ) -> Iterator[Row]:
        out: list[str] = []  # the output rows, as lines of CSV text
        keys: list[tuple[Any, ...]] = []  # what the summary counts of each row's key
        parts: list[list[Any]] = [[] for _ in scorer.top_ids]
        tally, writer = bulk.tally, bulk.writer

        def flush() -> None:
            """Write the rows scored so far; count them once there are a chunk's worth."""
            if not out:
                return
            writer.write_lines(out)
            if bulk.on_rows is not None:
                bulk.on_rows(len(out))
            out.clear()
            # rows with problems cut the loop's chunks short (at 1 %, some 100 rows each):
            # counting a few chunks at once counts each distinct total and score fewer times
            if len(keys) >= _COUNTED:
                count()

        def count() -> None:
            """Count the rows written and not yet counted into the summary (the sums are the
            same in any order, whatever the rows counted before and after)."""
            if not keys:
                return
            if not tally.counting:  # no summary shown: the rows alone, not what they scored
                tally.count_rows(len(keys))
                keys.clear()
                for part in parts:
                    part.clear()
                return
            units = Counter(keys).items()  # what the summary counts of each row's key
            groups = []
            counted_of = cols.counted_of
            for part in parts:
                given: dict[Any, int] = {}
                for score, n in Counter(part).items():
                    counted = counted_of.get(score)
                    if counted is None:
                        counted = number_key(self._score(cols, scorer, score))
                    given[counted] = given.get(counted, 0) + n
                groups.append(given)
                part.clear()
            tally._count_many(units, groups)
            keys.clear()

        def run(it: Iterator[list[str]], number: int) -> Iterator[Row]:
            """The records of ``it`` (read already: no reading error), scored here as below."""
            while True:
                number, record, refused = loop(it, number, out, keys, parts, seen)
                records.number = number
                flush()
                if record is None:
                    return
                row = records.row(number, record)
                if row is not None:
                    self._hand(row, record, refused)
                    yield row

        reader = records.reader
        number = records.number
        try:
            # read ahead (before any record below is read): by the loop as the records are
            # (the row function of the usual way need not be compiled), else the usual way
            for first in given:
                if not self._looped(first, loop, (out, keys, parts), seen):
                    flush()
                    yield first
            flush()
            if records.handle.closed:  # the reading ahead met the sheet's end (and closed it)
                return
            with records.reading():
                if bulk.jobs > 1 and can_fork():
                    yield from self._parallel(
                        records, loop, seen, bulk, run, (out, keys, parts), flush
                    )
                    return
                # never silently: the user asked for more processes; told once the sheet
                # is more than one chunk (of one chunk, one process scores it in any case)
                untold = bulk.jobs > 1
                start = number
                while True:
                    before = number
                    try:
                        number, record, refused = loop(
                            itertools.islice(reader, _CHUNK), number, out, keys, parts, seen
                        )
                    except csv.Error as exc:  # this record only, as read_csv says
                        records.number = before + len(out)
                        flush()
                        yield records.bad(exc)
                        number = records.number
                        continue
                    except UnicodeDecodeError:
                        records.number = before + len(out)
                        # the rows of this chunk are not written: not counted either
                        for scored in (keys, *parts):
                            del scored[len(scored) - len(out) :]
                        raise
                    records.number = number
                    flush()
                    if untold and number - start > bulk.chunk:
                        untold = False
                        bulk.alone(
                            msg(
                                "{jobs} processes were asked for, but the rows are scored in "
                                "this one: {why}",
                                jobs=bulk.jobs,
                                why=fork_refusal() or "",
                            )
                        )
                    if record is not None:
                        row = records.row(number, record)
                        if row is not None:
                            # a cell refused: the row scorer need not read the row again
                            self._hand(row, record, refused)
                            yield row
                    elif number - before < _CHUNK:
                        break  # the records ended
        finally:
            count()  # every row written is counted, also when the reading stops early
            records.handle.close()

    def _parallel(
        self,
        records: CsvRecords,
        loop: RowLoop,
        seen: dict[str, int | str],
        bulk: _Bulk,
        run: Callable[[Iterator[list[str]], int], Iterator[Row]],
        pieces: tuple[list[str], list[Any], list[list[Any]]],
        flush: Callable[[], None],
    ) -> Iterator[Row]:
        """:meth:`_bulk_rows` on ``bulk.jobs`` processes: this one reads the records in
        chunks and gives each to a worker (forked from here: the compiled loop is theirs at
        once), which runs the same loop on it with the ids of that chunk alone and gives back
        its output lines and counts, cut where the loop handed a record over.  Here the pieces
        are taken back in the sheet's order: the ids of each piece are checked against every
        id used before (an earlier chunk's, or a row the usual path took); a row whose id
        was takes the usual path here, in its place, as it would in one process (the loop
        hands such a row over), and so does a record the worker's loop handed over.  So the
        output, the problems and the counts are those of one process, whatever the chunks.  A
        sheet that fits in one chunk is scored here: no worker is started for it."""
        size = bulk.chunk
        out, keys, parts = pieces
        tops = len(parts)
        # the lines read twice: by the records' reader here, and as they are for a worker,
        # which reads them into the same records (pickling lines costs a seventh of records)
        dialect = cast(Any, records.reader).dialect
        mine, theirs = itertools.tee(records.lines)
        reader = records.reader = csv.reader(mine, dialect)
        lines_read = 0

        def read(got: list[list[str]]) -> tuple[list[str] | None, csv.Error | None]:
            """Up to ``size`` records into ``got``: their lines (None when the csv module's
            error cut them: the records go then), and that error."""
            nonlocal lines_read
            put = got.append
            error = None
            try:
                for record in itertools.islice(reader, size):
                    put(record)
            except csv.Error as exc:
                error = exc
            lines = list(itertools.islice(theirs, reader.line_num - lines_read))
            lines_read = reader.line_num
            return (lines if error is None else None), error

        def work(task: tuple[int, list[str] | None, list[list[str]] | None]) -> tuple[Any, ...]:
            """In a worker: a chunk's pieces, each (the number of its last record, its
            output lines, keys and parts, whether a record was handed over, refused)."""
            number, text, given = task
            chunk = given if given is not None else list(csv.reader(text or (), dialect))
            ids: dict[str, int | str] = {}
            pieces = []
            it = iter(chunk)
            while True:
                lines: list[str] = []
                counted: list[Any] = []
                scores: list[list[Any]] = [[] for _ in range(tops)]
                number, record, refused = loop(it, number, lines, counted, scores, ids)
                pieces.append((number, lines, counted, scores, record is not None, refused))
                if record is None:
                    return list(ids), list(ids.values()), pieces

        def merge(start: int, chunk: list[list[str]], bad: csv.Error | None) -> Iterator[Row]:
            """A chunk's pieces taken back, in order (see above)."""
            try:
                ids, numbers, pieces = workers.take()
            except WorkerFailed as exc:
                said = msg(
                    "a process scoring rows {first} to {last} stopped ({why}); score the "
                    "sheet again, with fewer processes if memory is short (--jobs; jobs= in "
                    "Python)",
                    first=start + 1,
                    last=start + len(chunk),
                    why=exc.args[0],
                )
                raise TableError(problem("batch.worker", said, records.name, start + 1)) from None
            at = 0  # where the next piece's ids are in ids
            for number, lines, counted, scores, handed, refused in pieces:
                given = ids[at : at + len(lines)]
                first = number - len(lines) - handed  # the number before the piece's first row
                used = () if seen.keys().isdisjoint(given) else [u in seen for u in given]
                done = 0  # rows of the piece taken
                for upto in [i for i, u in enumerate(used) if u] + [len(lines)]:
                    seen.update(zip(given[done:upto], numbers[at + done : at + upto], strict=True))
                    out.extend(lines[done:upto])
                    keys.extend(counted[done:upto])
                    for part, more in zip(parts, scores, strict=True):
                        part.extend(more[done:upto])
                    records.number = first + upto
                    flush()
                    if upto < len(lines):
                        # an id used before this chunk or by a row the usual path took: in
                        # one process the loop would have handed this row over, so here too
                        row = records.row(first + upto + 1, chunk[first + upto - start])
                        assert row is not None
                        self._handed = self._cells = None
                        records.number = first + upto + 1
                        yield row
                    done = upto + 1
                at += len(lines)
                records.number = number
                if handed:
                    record = chunk[number - start - 1]
                    row = records.row(number, record)
                    if row is not None:
                        self._hand(row, record, refused)
                        yield row
            if bad is not None:
                records.number = start + len(chunk)
                yield records.bad(bad)

        first: list[list[str]] = []
        start = records.number
        try:
            text, bad = read(first)
        except UnicodeDecodeError:  # the records before it as one process takes them
            yield from run(iter(first), start)
            raise
        if bad is None and len(first) < size:  # the whole sheet: scored here
            yield from run(iter(first), start)
            return
        pending: deque[tuple[int, list[list[str]], csv.Error | None]] = deque()
        with Workers(work, bulk.jobs) as workers:
            got = first
            while True:
                pending.append((start, got, bad))
                workers.give((start, text, got if text is None else None))
                ended = bad is None and len(got) < size
                while pending and (workers.full or ended):
                    yield from merge(*pending.popleft())
                if ended:
                    return
                start += len(got) + (bad is not None)
                got = []
                try:
                    text, bad = read(got)
                except UnicodeDecodeError:  # the rows before it first, as they come
                    while pending:
                        yield from merge(*pending.popleft())
                    yield from run(iter(got), start)
                    raise

    def _head(self, cols: Columns, scorer: RowScorer, key: tuple[Any, ...]) -> tuple[Any, ...]:
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
                if self.text and not self.exact:  # from integers: the same text, no Fraction
                    points = scorer.needed_text(total, points_at)
                else:
                    gap = scorer.needed(total, points_at)
                    points = cell_text(gap, "ceiling", exact=self.exact) if self.text else gap
                needed[points_at] = points
        front = (shown_total, percentage, certified, tier, label, following, points, failed)
        head = (front, provisional, (exact_total, *tally))
        if len(cols.heads) < _TOTALS:
            cols.heads[key] = head
        return head

    def _state(self, cols: Columns, scorer: RowScorer, key: tuple[Any, ...]) -> tuple[Any, ...]:
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

    def _amounts(self, cols: Columns, scorer: RowScorer, total: Any) -> tuple[Any, ...]:
        """The output values of a total: (total, percentage, the total as the summary counts it
        (:func:`~tiercert._numbers.number_key`),
        and the points it lacks for a tier, by tier index, as they are asked for)."""
        amounts: tuple[object, object, tuple[int, int], dict[int, object]]
        texts = scorer.total_texts(total) if self.text and not self.exact else None
        if texts is not None:  # from integers: the same texts, without a Fraction
            amounts = (*texts, {})
        else:
            exact, percentage = scorer.amounts(total)
            counted = number_key(exact)
            if self.exact:
                shown = (cell_text(exact, exact=True), cell_text(percentage, exact=True))
                amounts = (*shown, counted, {})
            elif self.text:
                amounts = (scorer.text(total), cell_text(percentage), counted, {})
            else:
                amounts = (exact, percentage, counted, {})
        if len(cols.amounts) < _TOTALS:
            cols.amounts[total] = amounts
        return amounts

    def _score(self, cols: Columns, scorer: RowScorer, score: Any) -> Fraction | str:
        """A top-level criterion's output value (remembered, and its text)."""
        value = scorer.value(score)
        if len(cols.values_of) < _REMEMBER:
            cols.values_of[score] = value
            cols.counted_of[score] = number_key(value)
            cols.texts_of[score] = (
                cell_text(value, exact=True) if self.exact else scorer.text(score)
            )
        return value


def _no_cr(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: records the row loop scores between two writes of its output
_CHUNK = 2048
#: rows written and not yet counted into the summary, at most (counted together)
_COUNTED = 2048


@dataclass(frozen=True)
class _Bulk:
    """Where the row loop of a CSV file puts what it scores: the output rows go to
    ``writer``, the counts to ``tally``, and ``on_rows`` is told how many rows it scored."""

    writer: CsvWriter
    tally: SummaryBuilder
    on_rows: Callable[[int], None] | None
    #: processes scoring chunks of records (1: this one alone; see :meth:`_RowPath._parallel`)
    jobs: int = 1
    #: records per chunk given to a worker
    chunk: int = 2048
    #: told why the rows are scored in this process when ``jobs`` > 1 cannot be honoured
    #: (workers cannot be forked safely here: :func:`~tiercert._parallel.fork_refusal`)
    on_alone: Callable[[str], None] | None = None

    def alone(self, why: str) -> None:
        """Tell ``on_alone`` (else warn, a RuntimeWarning) that ``jobs`` is not honoured."""
        if self.on_alone is not None:
            self.on_alone(why)
        else:
            import warnings

            warnings.warn(why, RuntimeWarning, stacklevel=2)


#: sheet layouts given a row scorer in one batch at most (each keeps memos of its own)
_LAYOUTS = 16
#: outputs remembered per sheet layout at most (distinct states and scores are few)
_REMEMBER = 1024
#: totals remembered per sheet layout (about 500 bytes each; with decimal answers nearly
#: every row's total is new: a bound reached within the first few thousand rows keeps the
#: memory flat from there, and the totals met first, the common ones, stay)
_TOTALS = 2048
#: keys (a total and a state) whose output texts the row loop keeps at most (some 500 bytes
#: each): with decimal answers most keys are new; kept as the totals are (4,096 would spare
#: 498 of a 20,000-row decimal sheet's 4,589 new keys, 0.4 % of its loop, for 1.4 MB more
#: growth from 10,000 to 50,000 rows: docs/performance-history.md, nineteenth round)
_KEYS_KEPT = _TOTALS
#: scores whose texts the row loop keeps at most (some 100 bytes each): 1,024 made 841 of
#: that sheet's 3,643 new scores' texts anew (a score met again after the memo was full)
_TEXTS_KEPT = 4096
#: refused cells whose problems the row loop's path remembers at most (see _RowPath.learn):
#: bad cells repeat (a decimal comma, a misspelt level); some 4 MB with their problems
_WORDED = 4096


# --- output rows ------------------------------------------------------------------------------

SCORED, REJECTED = "scored", "rejected"


def score_columns(
    rubric: Rubric, *, ids: Sequence[str] | None = None, depth: int | None = None
) -> tuple[str, ...]:
    """The criteria whose scores a batch's output shows (a ``<id>.score`` column each): the
    top-level criteria by default, the criteria ``ids`` in the order given, or every criterion
    down to ``depth`` levels (1: the top level, 2: their children too), in document order.
    Raises :class:`~tiercert.DataError` (a ``ValueError``) for an unknown id
    (``columns.unknown``, its ``path`` the id's position in ``ids``), a depth below 1
    (``columns.depth``), or both ids and depth (``columns.choice``)."""
    if ids is not None and depth is not None:
        told = msg("choose the score columns by ids or by depth, not both")
        raise data_error("columns.choice", told, what="score columns")
    if depth is not None:
        if depth < 1:
            told = msg("the depth of score columns is 1 or more, not {depth}", depth=depth)
            raise data_error("columns.depth", told, what="score columns")
        return tuple(nid for nid, level, _ in rubric.iter_nodes() if level < depth)
    if ids is None:
        return tuple(node.id for node in rubric.parts.criteria)
    known = [nid for nid, _, _ in rubric.iter_nodes()]
    for n, nid in enumerate(ids):
        if nid not in known:
            told = msg(
                "no criterion has the id {id!r}{hint}", id=nid, hint=did_you_mean(nid, known)
            )
            raise data_error("columns.unknown", told, n, what="score columns")
    return tuple(dict.fromkeys(ids))


class ResultTable:
    """The columns of a batch's output and the row for each outcome.

    Columns: ``row``, ``unit_id``, ``unit_name``, ``status`` (scored|rejected), ``total``,
    ``percentage``, ``certified``, ``tier``, ``tier_label``, ``next_tier``,
    ``points_to_next_tier``, ``failed_gates``, ``<id>.score`` for each top-level criterion
    (or each of ``scores``, see :func:`score_columns`), ``provisional`` (the result depends on
    provisional rubric elements) and ``problems``.
    """

    def __init__(
        self,
        rubric: Rubric,
        *,
        lang: str | None = None,
        text: bool = False,
        exact: bool = False,
        scores: Sequence[str] | None = None,
    ) -> None:
        self.lang = lang or rubric.parts.language
        #: rows as the text a CSV file holds (:func:`~tiercert.tabular.csv_text` of each value)
        self.text = text
        #: with ``text``: numbers as lossless text (``"1/3"``), not as people read them
        self.exact = text and exact
        #: the criteria with a score column (checked: a ValueError names an unknown one)
        self.groups = score_columns(rubric, ids=scores)
        #: those whose group may count only part of their points: a ``<id>.counted`` column
        #: beside their ``<id>.score`` (see :mod:`tiercert._counted_columns`)
        self.counted: frozenset[str] = frozenset()
        plan = rubric._plan
        if any(getattr(g, "cuts", None) is not None for g in (plan.root, *plan.nodes.values())):
            # imported only for such a rubric: a batch of any other costs what it did
            from . import _counted_columns

            self.counted = _counted_columns.counted_ids(plan, self.groups)
            # (functions, not the module: a table may be pickled, to a Dask worker say)
            self._counted_value = _counted_columns.counted_value
            self._counted_children = _counted_columns.ChildrenCounted(plan.root)
        #: whether each score column has a counted column beside it (for the row loop)
        self.counted_at = tuple(g in self.counted for g in self.groups) if self.counted else ()
        #: the root's group, when the top-level score columns may count only part (the row
        #: scorers' outputs work their counted columns out from the top-level scores)
        self.root = rubric._plan.root if self.counted and rubric._plan.root.cuts else None
        self.labels = {t.id: text_in(t.label, self.lang) for t in rubric.parts.tiers}
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
            *(
                name
                for g in self.groups
                for name in (
                    (f"{g}.score", f"{g}.counted") if g in self.counted else (f"{g}.score",)
                )
            ),
            "provisional",
            "problems",
        ]
        self._blank = [None] * (len(self.columns) - 5)
        self._toward = column_toward(self.columns)

    def counted_points(self, scores: Sequence[Fraction | str]) -> list[Fraction | str]:
        """What the total counted of each top-level criterion's score (``scores``, a row
        scorer's, in the rubric's order; ``na`` for one left out), where it has a counted
        column (:attr:`root`); its score for every other."""
        assert self.root is not None
        return self._counted_children(scores)

    def with_counted(self, scores: Sequence[Fraction | str]) -> list[Fraction | str]:
        """The score columns' values from the top-level criteria's ``scores`` (a row scorer's,
        in the rubric's order): each score, and after it the points the total counted of it
        where the table has a counted column (:attr:`root`)."""
        counted = self.counted_points(scores)
        shown: list[Fraction | str] = []
        for gid, score, points in zip(self.groups, scores, counted, strict=True):
            shown.append(score)
            if gid in self.counted:
                shown.append(points)
        return shown

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
            problems = tuple(f"{p.where}: {p.text(self.lang)} [{p.code}]" for p in outcome.problems)
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
        counted = self.counted
        for gid in self.groups:
            node = nodes.get(gid)
            groups.append(
                None if node is None else "na" if node.status == "excluded" else node.score
            )
            if gid in counted:
                groups.append(self._counted_value(node))
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
    scores: Sequence[str] | None = None,
    tally: SummaryBuilder | None = None,
    on_rows: Callable[[int], None] | None = None,
    jobs: int = 1,
    on_alone: Callable[[str], None] | None = None,
    decimal_separator: DecimalSeparator = ".",
    _chunk: int | None = None,
) -> Iterator[Outcome]:
    """Score ``rows`` and write one output row each to ``writer``; yields the outcomes.

    Rows of a sheet go through the rubric's row scorer when they can (no :class:`Result` is
    built for them unless an outcome's ``result`` is read); ``engine="reference"`` scores
    every row with the reference evaluator instead (the same output, slowly).  ``scores``:
    the criteria with a score column (:func:`score_columns`; default the top-level ones).

    With ``tally``, every row is counted into it (do not count the outcomes again), and the
    records of a CSV file written to a CSV file may be scored in chunks, written and counted
    without an outcome each: only the other rows (rejected ones, rows scored the usual way)
    are yielded, and ``on_rows`` is told how many rows each chunk scored.  Those chunks may
    be scored by ``jobs`` processes (forked from this one, where that is safe), with the same
    output, problems and counts as one; a sheet of one chunk or less is scored here.  Where
    forking is not safe (no ``fork`` on the platform, or other threads running in this
    process, as a dask client leaves one) the rows are scored here, and ``on_alone`` is told
    why (a catalog message; without it, a RuntimeWarning says it)."""
    if jobs < 1:
        raise ValueError(msg("the number of jobs is 1 or more, not {jobs}", jobs=jobs))
    # a CSV file takes text: the rows are made as text, and written without converting them
    text = isinstance(writer, CsvWriter) and type(writer).write is CsvWriter.write
    table = ResultTable(rubric, lang=lang, text=text, scores=scores)
    write = cast(CsvWriter, writer).write_text if text else writer.write
    bulk = (
        _Bulk(cast(CsvWriter, writer), tally, on_rows, jobs, _chunk or _CHUNK, on_alone)
        if text and tally is not None
        else None
    )
    check_separator(decimal_separator)
    if decimal_separator != ".":
        bulk = None  # (read by Rubric.evaluate, row by row: see _outcomes)
    for outcome in _scoring(
        rubric, rows, missing, True, engine, table, bulk=bulk, separator=decimal_separator
    ):
        write(table.row(outcome))  # type: ignore[arg-type]
        if tally is not None:
            tally.add(outcome)
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
    scores: Sequence[str] | None = None,
    decimal_separator: DecimalSeparator = ".",
) -> Iterator[dict[str, object]]:
    """Output records (column -> value) for input records: the function to map over the
    partitions of a distributed data frame (see docs/batch.md).  With ``as_text`` every
    value is text: numbers exact (``"79.99"``, ``"1/3"``, as in JSON results, where the CSV
    output shows them for reading), ``true``/``false``, ``""``.

    Records may also be :class:`~tiercert.tabular.Row` objects, numbered as in the whole
    data set.  ``used_ids`` are unit ids used before these records (id -> the row that used
    it first): a record with one of them is rejected as a duplicate, as in one batch of the
    whole.  ``on_outcome`` is called with each outcome (``SummaryBuilder.add`` counts it).
    ``scores``: the criteria with a score column (:func:`score_columns`).
    ``decimal_separator=","``: the answers' texts write decimals with a comma (``17,5``)."""
    check_separator(decimal_separator)
    table = ResultTable(rubric, lang=lang, text=as_text, exact=as_text, scores=scores)
    yield from table_records(
        rubric,
        records,
        table,
        missing,
        unique_ids,
        engine,
        used_ids,
        on_outcome,
        separator=decimal_separator,
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
    *,
    separator: DecimalSeparator = ".",
) -> Iterator[dict[str, object]]:
    """:func:`score_records` with the output values ``table`` makes (e.g. the text a CSV file
    holds, for writers elsewhere that must match ``tiercert batch`` byte for byte)."""
    for outcome in _scoring(
        rubric, records, missing, unique_ids, engine, table, used_ids, separator=separator
    ):
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
    *,
    bulk: _Bulk | None = None,
    separator: DecimalSeparator = ".",
) -> Iterator[Outcome]:
    """:func:`evaluate_many` for a batch that fills ``table``: rows may take the fast way."""
    try:
        yield from _outcomes(
            rubric, items, missing, unique_ids, engine, table, used_ids, bulk, separator=separator
        )
    finally:
        close = getattr(items, "close", None)
        if callable(close):
            close()


__all__ = [
    "EVIDENCE_SUFFIXES",
    "RESERVED_COLUMNS",
    "UNIT_ID",
    "UNIT_NAME",
    "Outcome",
    "ResultTable",
    "evaluate_many",
    "score_columns",
    "score_records",
    "score_rows",
]

#: names that moved to another module, kept here for a while with a DeprecationWarning
_MOVED = {
    "ProgressBar": "tiercert._progress",
    "TemplateColumn": "tiercert.template",
    "template_columns": "tiercert.template",
    "template_notes": "tiercert.template",
    "write_template": "tiercert.template",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    warnings.warn(
        f"tiercert.batch.{name} moved to {module}.{name}; import it from there",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), name)
