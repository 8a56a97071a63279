"""Tables in and out: CSV, XLSX, JSON Lines and folders of YAML files, streamed row by row.

Readers yield :class:`Row` records one at a time (a million rows never sit in memory) and know
nothing about rubrics: :mod:`tiercert.batch` turns rows into assessments.  Writers take a
header and rows of plain values and write them atomically: the output goes to a temporary
file next to the target, which replaces the target only when everything was written, so an
interrupted run never leaves a half-written file where a good one was.

XLSX needs the optional ``openpyxl`` package (``pip install tiercert[xlsx]``).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import functools
import io
import itertools
import json
import os
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TextIO, cast

from ._escape import (
    lone_surrogate,
    original_text,
    spreadsheet_text,
)
from ._i18n import N_, msg
from ._json_errors import json_trouble
from ._literals import read_numeral
from ._sheet_dates import Dated
from ._tables import (
    _STDIN,
    EXTENSIONS,
    UNSAVED_FORMULA,
    YAML_EXTENSIONS,
    TableError,
    openpyxl_module,
    table_format,
)
from ._tables import problem as _problem
from ._yaml import DEFAULT_LIMITS, Document, Limits, load_document, other_unicode, read_source
from .errors import Problem, os_error_text


@dataclass(frozen=True, slots=True)
class Row:
    """One record read from an input.

    Tabular inputs (CSV, XLSX, flat JSON objects) give ``header`` and ``cells``; the header
    tuple is shared by every row of a sheet.  Assessment documents (a YAML file of a folder,
    a JSON line with ``answers``) give ``document`` instead, with ``source`` holding file
    positions when known.  ``number`` is what people see: the spreadsheet row (the header is
    row 1), the JSON line, or the file's position in the folder.  ``problems`` are reading
    problems that make the row unusable (a line that is not JSON, a YAML file that does not
    parse).  ``numbered_columns`` is False when columns have names but no positions (JSON).
    """

    number: int
    header: tuple[str, ...] = ()
    cells: Sequence[object] = ()
    file: str | None = None
    document: Mapping[str, Any] | None = None
    source: Document | None = field(default=None, compare=False, repr=False)
    problems: tuple[Problem, ...] = ()
    numbered_columns: bool = True

    @property
    def values(self) -> dict[str, object]:
        """Column -> cell (missing trailing cells read as ``None``)."""
        cells = list(self.cells) + [None] * (len(self.header) - len(self.cells))
        return dict(zip(self.header, cells, strict=False))


_ROW_DEFAULTS = {f.name: f.default for f in fields(Row)}
(_set_number, _set_header, _set_cells, _set_file, _set_document, _set_source, _set_problems) = (
    Row.__dict__[name].__set__
    for name in ("number", "header", "cells", "file", "document", "source", "problems")
)
_set_numbered = Row.__dict__["numbered_columns"].__set__


def _text_row(number: int, header: tuple[str, ...], cells: list[str], file: str) -> Row:
    """``Row(number, header, cells, file)`` without a frozen dataclass's ``__init__``, which
    costs twice as much (a sheet may have millions of rows)."""
    row = object.__new__(Row)
    _set_number(row, number)
    _set_header(row, header)
    _set_cells(row, cells)
    _set_file(row, file)
    _set_document(row, _ROW_DEFAULTS["document"])
    _set_source(row, _ROW_DEFAULTS["source"])
    _set_problems(row, _ROW_DEFAULTS["problems"])
    _set_numbered(row, _ROW_DEFAULTS["numbered_columns"])
    return row


class RowStream(Iterator[Row]):
    """Rows read lazily from one input, and how far reading has got (for progress bars)."""

    def __init__(
        self,
        rows: Iterator[Row],
        position: Callable[[], int] | None = None,
        total: int | None = None,
        closer: Callable[[], object] | None = None,
        *,
        file: str | None = None,
    ) -> None:
        self._rows = rows
        self._position = position
        self.total = total
        self._closer = closer
        #: the input's name, for problems about it as a whole
        self.file = file
        #: the header of a sheet, once read (a sheet may have no rows below it)
        self.header: tuple[str, ...] | None = None
        #: a CSV input's records as they come, for a batch that reads them itself
        self.records: CsvRecords | None = None

    def __iter__(self) -> RowStream:
        return self

    def __next__(self) -> Row:
        return next(self._rows)

    @property
    def fraction(self) -> float | None:
        """Share of the input read so far (0 to 1), or None when unknown."""
        if self._position is None or not self.total:
            return None
        try:
            return min(1.0, self._position() / self.total)
        except (OSError, ValueError):  # the file was closed: reading is over
            return 1.0

    def close(self) -> None:
        """Stop reading and release the file (also when reading never started)."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        if self._closer is not None:
            self._closer()


def _text(value: str) -> str:
    value = value.strip()
    # Vietnamese typed on some systems arrives decomposed (NFD); ids and labels are NFC
    return value if value.isascii() else unicodedata.normalize("NFC", value)


#: a CSV cell's text as the readers give it: stripped, and in NFC
clean_text = _text

#: a line break in a header's cell (wrapped by hand: Alt+Enter) with the spaces around it
_HEADER_BREAK = re.compile(r"\s*[\r\n]+\s*")
#: the characters that join the parts of an id: a break next to one is inside an id
_ID_JOINS = frozenset(":_.-")


def _header_name(value: str) -> str:
    """A header's cell as a column's name: :func:`_text`, and a line break the cell was
    wrapped with (``self:`` on one line, ``g1`` on the next) taken out, the spaces around it
    too, next to a ``:``, ``_``, ``.`` or ``-`` (``self:g1``, ``unit_id``: inside an id),
    else written as a space: column names are ids, which hold no line break, and a note's
    title reads the same on one line."""
    value = _text(value)
    if "\n" not in value and "\r" not in value:
        return value
    return _HEADER_BREAK.sub(_joined, value)


def _joined(found: re.Match[str]) -> str:
    text, start, end = found.string, found.start(), found.end()
    inside = text[start - 1 : start] in _ID_JOINS or text[end : end + 1] in _ID_JOINS
    return "" if inside and start > 0 else " "


# --- readers ----------------------------------------------------------------------------------


def read_rows(
    path: str | os.PathLike[str], *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> RowStream:
    """Read any supported input by its name: ``.csv``, ``.xlsx``, ``.jsonl`` or a folder.

    Raises :class:`TableError` when the input cannot be read at all.
    """
    if str(path) == "-":  # standard input: CSV text
        if sheet is not None:
            raise TableError(
                _problem(
                    "file.sheet",
                    msg("standard input is read as CSV: remove --sheet (sheet= in Python)"),
                    _STDIN,
                )
            )
        return read_csv(sys.stdin.buffer)
    kind = table_format(path)
    if sheet is not None and kind != "xlsx":
        raise TableError(
            _problem(
                "file.sheet",
                msg(
                    "a sheet name ({sheet!r}) is for an .xlsx workbook; this input has one "
                    "table: remove --sheet (sheet= in Python)",
                    sheet=sheet,
                ),
                str(path),
            )
        )
    if kind == "csv":
        return read_csv(path)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet)
    if kind == "jsonl":
        return read_jsonl(path, limits=limits)
    if kind == "yaml-folder":
        return read_yaml_folder(path, limits=limits)
    name = str(path)
    if not Path(path).exists():
        raise TableError(_problem("file.unreadable", msg("no such file or folder"), name))
    raise TableError(
        _problem(
            "file.format",
            msg(
                "unknown input format; give a .csv, .xlsx or .jsonl file, or a folder "
                "of .yaml assessments"
            ),
            name,
        )
    )


def _open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    try:
        return open(path, "rb")  # closed by the generator that reads it
    except OSError as exc:
        raise TableError(
            _problem(
                "file.unreadable",
                msg(
                    "cannot read the file: {value}; check the path and its permissions",
                    value=os_error_text(exc),
                ),
                str(path),
            )
        ) from None


class _Prefixed(io.RawIOBase):
    """``prefix``, then the rest of ``stream``: a stream read again from its start without
    seeking.  Closing it leaves ``stream`` open (it is the caller's)."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)


def _sniff_delimiter(first_line: str) -> str:
    """Comma, unless the header uses semicolons or tabs (spreadsheets in decimal-comma
    locales, such as Vietnamese, save CSV with ';')."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv(
    source: str | os.PathLike[str] | IO[bytes], *, delimiter: str | None = None
) -> RowStream:
    """Rows of a UTF-8 CSV file (a byte-order mark is accepted; so are ``;`` and tab as
    delimiters, detected from the header line).  Cells are text, stripped of surrounding
    spaces; an empty cell is ``""``.  Rows with no cells at all are skipped.

    ``source`` may also be an open binary stream, read once from where it is (standard
    input: ``sys.stdin.buffer``); the caller closes it.

    Raises :class:`TableError` (maybe mid-way through) when the file is not UTF-8 text or
    not CSV.
    """
    stream = not isinstance(source, str | os.PathLike)
    if not stream:
        name = str(source)
    else:  # standard input, a named file object, or a nameless stream
        given = getattr(source, "name", None)
        name = given if isinstance(given, str) else "<stream>"
        if source is sys.stdin.buffer:
            name = _STDIN
    if stream:
        # a stream may not seek back: its first bytes are read, then read again from here
        raw = cast(IO[bytes], source)
        start = raw.read(4)
        handle: Any = io.BufferedReader(_Prefixed(start, raw))
    else:
        handle = _open_binary(cast("str | os.PathLike[str]", source))
        start = handle.read(4)
    other = other_unicode(start)
    if other is not None:
        if not stream:
            handle.close()
        raise TableError(
            _problem(
                "file.encoding",
                msg(
                    "the file is {other} text; save it again as CSV UTF-8 (in Excel: File > "
                    "Save As, type 'CSV UTF-8 (Comma delimited)')",
                    other=other,
                ),
                name,
            )
        )
    if stream:
        size = None
    else:
        handle.seek(0)
        size = os.fstat(handle.fileno()).st_size

    records = CsvRecords(handle, name, stream, delimiter)

    def rows() -> Iterator[Row]:
        try:
            with records.reading():
                records.start()
                records.claimed = True
                stream_rows.header = records.header
                reader = records.reader
                while True:
                    try:
                        for cells in reader:
                            records.number += 1
                            row = records.row(records.number, cells)
                            if row is not None:
                                yield row
                        break
                    except csv.Error as exc:  # this record only: the next ones are read on
                        yield records.bad(exc)
        finally:
            handle.close()  # for a stream, only the reading of it: the caller closes it

    if stream:
        stream_rows = RowStream(rows(), file=name)
    else:
        stream_rows = RowStream(rows(), handle.tell, size, handle.close, file=name)
    stream_rows.records = records
    return stream_rows


def _first_undecodable_line(handle: IO[bytes]) -> int | None:
    """The line of a file's first bytes that are not UTF-8, read again from its start, a
    megabyte at most at a time (a decoder decodes ahead of the rows read: the error came with
    the first rows of a small file, wherever its bad byte was); None when it cannot tell."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    try:
        handle.seek(0)
        while chunk := handle.readline(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return line
            line += chunk.endswith(b"\n")
    except (OSError, ValueError):  # closed, or not seekable after all
        return None
    return None


#: the first line of a CSV input, read alone to find its delimiter: a header of the most
#: columns a sheet has, each of 256 characters
FIRST_LINE_CHARS = 16_384 * 256


class CsvRecords:
    """The records of one CSV input as the csv module reads them (lists of text, not yet
    stripped), and how :func:`read_csv` turns each into a :class:`Row`.  A batch that can take
    records as they come (see :mod:`tiercert.batch`) reads :attr:`reader` itself, keeping
    :attr:`number` (the row number of the last record read) and sending every record it
    cannot take through :meth:`row`, so that both give the same rows and problems."""

    def __init__(self, handle: Any, name: str, stream: bool, delimiter: str | None) -> None:
        self.handle = handle
        self.name = name
        self._stream = stream
        self._delimiter = delimiter
        #: the row number of the last record read (the header is row 1)
        self.number = 1
        self.header: tuple[str, ...] = ()
        self.reader: Iterator[list[str]] = iter(())
        self.lines: Iterable[str] = ()
        self.started = False
        #: whether someone reads the records (the rows of :func:`read_csv`, or a batch)
        self.claimed = False

    def start(self) -> None:
        """Read the header (once).  Raises :class:`TableError` for an empty file, too many
        columns, or a header that is not CSV (inside :meth:`reading`)."""
        if self.started:
            return
        self.started = True
        text = io.TextIOWrapper(self.handle, encoding="utf-8-sig", newline="")
        first = text.readline(FIRST_LINE_CHARS)
        if len(first) >= FIRST_LINE_CHARS and first[-1] not in "\r\n":
            # an endless stream with no line (/dev/zero, a pipe) was read whole before
            raise TableError(
                _problem(
                    "file.format",
                    msg(
                        "the first line is longer than {limit:,} characters (16,384 columns "
                        "of 256); this is no sheet of units: give a CSV file whose first "
                        "line names the columns",
                        limit=FIRST_LINE_CHARS,
                    ),
                    self.name,
                    1,
                )
            )
        if not first.strip():
            raise TableError(
                _problem(
                    "table.empty",
                    msg(
                        "the file is empty; the first row must name the columns (unit_id, "
                        "unit_name, then criterion and fact ids)"
                    ),
                    self.name,
                    1,
                )
            )
        delimiter_found = self._delimiter or _sniff_delimiter(first)
        lines: Iterable[str]
        if self._stream:
            lines = itertools.chain([first], text)
        else:
            text.seek(0)  # from the start again: the reader reads the file itself (faster)
            lines = text
        reader = csv.reader(lines, delimiter=delimiter_found, strict=True)
        #: the lines the reader reads (a batch on many processes reads them itself)
        self.lines = lines
        header = tuple(_header_name(h) for h in next(reader))
        if len(header) > MAX_COLUMNS:
            raise TableError(_too_many_columns(self.name, len(header)))
        self.header = header
        self.reader = reader

    def row(self, number: int, cells: list[str]) -> Row | None:
        """The row of record ``cells`` at row ``number``: its cells stripped (and in NFC), a
        row with a problem when it is too wide, None when it has no cells (skipped)."""
        if len(cells) > MAX_COLUMNS:
            return Row(number, file=self.name, problems=(_too_wide(self.name, number),))
        if not cells:
            return None
        # most cells are ASCII (ids, numbers, yes/no): strip them at once
        return _text_row(
            number,
            self.header,
            [c.strip() if c.isascii() else _text(c) for c in cells],
            self.name,
        )

    def bad(self, exc: csv.Error) -> Row:
        """The row of a record the csv module refused (counted as read)."""
        self.number += 1
        return Row(
            self.number, file=self.name, problems=(_bad_record(exc, self.name, self.number),)
        )

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Reading problems of the whole input as :class:`TableError`: text that is not
        UTF-8 (at the row after the last one read), a header that is not CSV."""
        try:
            yield
        except UnicodeDecodeError as exc:
            number = self.number + 1
            if not self._stream:  # a file is read again for the line: the decoder reads ahead
                number = _first_undecodable_line(self.handle) or number
            raise TableError(
                _problem(
                    "file.encoding",
                    msg(
                        "the file is not UTF-8 text (byte 0x{object:02x} near row {number}); "
                        "save it again as CSV UTF-8 (in Excel: File > Save As, type 'CSV UTF-8 "
                        "(Comma delimited)')",
                        object=exc.object[exc.start],
                        number=number,
                    ),
                    self.name,
                    number,
                )
            ) from None
        except csv.Error as exc:  # in the header (a record's own is a row's problem)
            raise TableError(
                _problem(
                    "file.format",
                    msg("not valid CSV: {what}", what=csv_trouble(exc)),
                    self.name,
                    self.number + 1,
                )
            ) from None


def _not_xlsx(exc: Exception) -> str:
    """Why openpyxl did not open a workbook, in the reader's language (its own and
    zipfile's texts are English)."""
    if isinstance(exc, zipfile.BadZipFile):
        return msg("the file is no ZIP package, which every XLSX workbook is")
    if isinstance(exc, KeyError):
        return msg("a part every workbook has is missing from its package")
    if type(exc).__name__ == "InvalidFileException":  # openpyxl's: not its kind of file
        return msg("the file is of another kind (an .xls, .ods or .csv file renamed?)")
    return msg("openpyxl could not read its parts")


def _bad_record(exc: csv.Error, name: str, number: int) -> Problem:
    text = str(exc)
    if "field larger than field limit" in text:
        return _problem(
            "row.cell",
            msg(
                "a cell holds more than {limit:,} characters, the most a cell may hold; "
                "shorten it (is a quote missing, joining many cells into one?)",
                limit=csv.field_size_limit(),
            ),
            name,
            number,
        )
    said = csv_trouble(exc)
    return _problem("row.cell", msg("not valid CSV: {text}; fix this row", text=said), name, number)


def csv_trouble(exc: csv.Error) -> str:
    """What Python's CSV reader refused, in the reader's language (its own text is English):
    one of the few things a strict reader refuses, else a word that says no more than that."""
    text = str(exc)
    if text == "unexpected end of data":
        return msg("a quoted cell is not closed: a double quote is missing before the file ends")
    if text.startswith("new-line character seen in unquoted field"):
        return msg(
            "a line break (a lone carriage return) inside a cell that is not in double quotes"
        )
    if text.endswith("expected after '\"'"):
        return msg(
            "a double quote that closes a cell is followed by more text; write a double quote "
            'inside a cell as two ("")'
        )
    if text.startswith("field larger than field limit"):
        return msg(
            "a cell holds more than {limit:,} characters, the most a cell may hold",
            limit=csv.field_size_limit(),
        )
    return msg("the CSV reader stopped at this row")


def read_xlsx(path: str | os.PathLike[str], *, sheet: str | None = None) -> RowStream:
    """Rows of one sheet of an XLSX workbook (the first sheet unless ``sheet`` names one).

    Cells keep their spreadsheet types (text, whole numbers, numbers, true/false); formulas
    give the value the spreadsheet last calculated, and a formula with no saved result (a
    workbook written by a script, never opened in a spreadsheet program) gives
    :data:`~tiercert._tables.UNSAVED_FORMULA`, which the readers of rows report as the cell's
    problem (``cell.formula``).  A cell formatted as a percentage gives
    the percentage it shows (``31%``, stored as 0.31, gives 31); a date or a time gives a
    :mod:`datetime` value.  Empty rows are skipped.
    """
    openpyxl = openpyxl_module()
    name = str(path)
    _check_parts(path, name)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise TableError(
            _problem(
                "file.unreadable",
                msg("cannot read the file: {value}", value=os_error_text(exc)),
                name,
            )
        ) from None
    except Exception as exc:  # zipfile's, openpyxl's own InvalidFileException and friends
        raise TableError(
            _problem(
                "file.format",
                msg("not an XLSX workbook ({why}); save it as .xlsx", why=_not_xlsx(exc)),
                name,
            )
        ) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        workbook.close()
        names = ", ".join(workbook.sheetnames)
        raise TableError(
            _problem(
                "file.format",
                msg("no sheet named {sheet!r}; the sheets are: {names}", sheet=sheet, names=names),
                name,
            )
        )
    worksheet = workbook[sheet] if sheet is not None else next(iter(workbook.worksheets), None)
    if worksheet is None or not hasattr(worksheet, "_get_source"):
        workbook.close()
        raise TableError(
            _problem(
                "file.format",
                msg(
                    "the workbook has no sheet of cells (no sheet, or only charts); put "
                    "the units in the first sheet"
                ),
                name,
            )
        )
    total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
    state = {"row": 0}
    percent = _percent_styles(workbook)
    padded = _padded_styles(workbook)
    padded_or_dated: dict[int, int | str] = {**padded, **_dated_styles(workbook)}
    # the id and name columns, known once the header is read: there a zero-padded number
    # cell is the text it shows
    named: set[int] = set()

    def rows() -> Iterator[Row]:
        values = _sheet_rows(workbook, worksheet, percent, padded_or_dated, named, name)
        try:
            # the whole sheet is unpacked here first: a damaged archive shows now
            merged = _MergedCells(_merged_ranges(worksheet))
            number, first = next(values, (1, []))
            if first is None:
                raise TableError(_too_many_columns(name, MAX_COLUMNS + 1))
            if isinstance(first, Problem):
                raise TableError(first)
            if all(v is None for v in first):
                raise TableError(
                    _problem(
                        "table.empty",
                        msg("the sheet is empty; the first row must name the columns"),
                        name,
                        number,
                    )
                )
            header = [str(v).strip() if v is not None else "" for v in first]
            while header and not header[-1]:
                header.pop()
            # (a header row past MAX_COLUMNS is None above: refused as too wide)
            shared = tuple(_header_name(h) for h in header)
            state["row"] = number
            stream.header = shared
            named.update(i for i, h in enumerate(shared) if h in _NAMING_COLUMNS)
            for number, cells in values:
                state["row"] = number
                if cells is None:  # wider than any spreadsheet: not built
                    yield Row(number, file=name, problems=(_too_wide(name, number),))
                elif isinstance(cells, Problem):  # a cell that cannot be read
                    yield Row(number, file=name, problems=(cells,))
                elif any(c is not None and c != "" for c in cells):
                    covered = merged.problems(number, shared, name) if merged else ()
                    yield Row(number, shared, cells, name, problems=covered)
        except (SyntaxError, ValueError, *_ARCHIVE_DAMAGE) as exc:
            # the sheet's XML breaks off or goes wrong after the rows read (a file cut short,
            # a character XML does not allow), or its compressed bytes do (a checksum that
            # fails, data that does not unpack): the rows after it cannot be found
            part = getattr(worksheet, "_worksheet_path", None) or "?"
            what = _damage(exc, part)
            if state["row"]:
                said = msg(
                    "the sheet is damaged after row {number}: {what}; open the workbook "
                    "in Excel or LibreOffice and save it again",
                    number=state["row"],
                    what=what,
                )
            else:  # before the header was read
                said = msg(
                    "the sheet is damaged: {what}; open the workbook in Excel or LibreOffice "
                    "and save it again",
                    what=what,
                )
            raise TableError(_problem("file.format", said, name, state["row"] + 1)) from None
        finally:
            values.close()  # the sheet's file, closed now, not when collected
            workbook.close()

    stream = RowStream(rows(), lambda: state["row"], total, workbook.close, file=name)
    return stream


#: what the XML parser's errors mean to a person (expat's codes), in the reader's language
_XML_DAMAGE = {
    # the XML ends before it is complete: a file cut short by a failed copy or download
    "breaks off": N_("its text breaks off (the file was cut short: copied or saved halfway?)"),
    "character": N_("it holds a character a workbook may not hold (a control character)"),
    "other": N_("its text is not in the form a workbook's sheet is written in"),
    "archive": N_(
        "its compressed bytes fail their checksum or do not unpack (the file was changed or "
        "cut short in a copy or a download?)"
    ),
}
#: what Python's zip reader raises for a part whose bytes are damaged, read after the checks
#: that read only each part's start: a checksum that fails (``BadZipFile``), compressed data
#: that does not unpack (``zlib.error``) or ends too soon (``EOFError``)
_ARCHIVE_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)
_XML_BREAKS_OFF = frozenset({3, 5, 6, 20})  # no element found; unclosed token, char, CDATA
_XML_BAD_CHARACTER = frozenset({4, 14})  # invalid token; reference to an invalid character


def _damage(exc: Exception, part: str) -> str:
    """What is wrong with a sheet's XML, in the reader's language: the kind of damage and
    where in the workbook's part (``at character 6 of line 1 of the part
    xl/worksheets/sheet1.xml``: a sheet's rows and columns are not the XML's); an
    error that is not the XML parser's keeps its own words, marked as a technical detail."""
    if isinstance(exc, _ARCHIVE_DAMAGE):
        return msg(
            "{what} (the part {part} in the workbook)", what=msg(_XML_DAMAGE["archive"]), part=part
        )
    code = getattr(exc, "code", None)
    position = getattr(exc, "position", None)
    if not (isinstance(code, int) and isinstance(position, tuple) and len(position) == 2):
        return msg("it cannot be read (technical detail: {detail})", detail=str(exc))
    if code in _XML_BREAKS_OFF:
        what = _XML_DAMAGE["breaks off"]
    elif code in _XML_BAD_CHARACTER:
        what = _XML_DAMAGE["character"]
    else:
        what = _XML_DAMAGE["other"]
    line, column = position
    return msg(
        "{what} (at character {column} of line {line} of the part {part} in the workbook)",
        what=msg(what),
        line=line,
        column=column + 1,  # expat counts columns from 0
        part=part,
    )


def _sheet_rows(
    workbook: Any,
    worksheet: Any,
    percent: set[int],
    padded: Mapping[int, int | str],
    named: set[int],
    name: str,
) -> Generator[tuple[int, list[object] | Problem | None]]:
    """(row number, cell values) of each row of ``worksheet`` that has cells, read with
    openpyxl's own cell parser: it gives each cell's column and style, so that a row is as
    long as its last cell (not as the sheet's declared width, which a file may set to 16,384
    columns for a million rows) and percent cells are known.  None for a row that reaches
    past :data:`MAX_COLUMNS`; the row's :class:`Problem` for a cell that cannot be read
    (see :func:`_sheet_cells`).

    In the columns ``named`` (0-based: the unit's id and name), a whole number formatted
    with ``padded``'s zeros (``00000``: 7210 shown ``07210``) gives the text shown, as a
    spreadsheet program shows it: the commune code ``07210``, never ``7210``.  A date cell
    whose style ``padded`` gives a date format (text) carries that format (:class:`Dated`)."""
    with worksheet._get_source() as source:
        parser = _parser_class()(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, found in _sheet_cells(parser, source, name):
            if found is None or isinstance(found, Problem):
                yield number, found
                continue
            if not found:
                continue
            width = max(cell["column"] for cell in found)
            values: list[object] = [None] * width
            for cell in found:
                value = cell["value"]
                if type(value) is float:
                    value = as_excel_shows(value)
                if isinstance(value, str):
                    value = _text(value)
                elif cell["style_id"] in percent and type(value) in (int, float):
                    value = _percentage(value)
                elif cell["style_id"] in padded:
                    shown = padded[cell["style_id"]]
                    if type(shown) is str and type(value) is _dt.datetime:
                        value = Dated.of(value, shown)  # quoted as its format shows it
                    elif type(shown) is int and cell["column"] - 1 in named:
                        value = _padded_text(value, shown)
                values[cell["column"] - 1] = value
            yield number, values


#: a merged range of a sheet's XML (``<mergeCell ref="F2:F4"/>``, with or without a prefix)
_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
#: the column of a unit's name: a merged name is a name left out, shown as such, never scored
_UNIT_NAME = "unit_name"
#: how many merged ranges are read: Excel's sheets hold a few; past this, the rest are ignored
MAX_MERGED = 10_000


def _merged_ranges(worksheet: Any) -> list[tuple[int, int, int, int]]:
    """The merged ranges of ``worksheet`` as (first row, last row, first column, last column),
    1-based.  A sheet's XML lists them after its rows, so they are looked for first, in the
    bytes alone (no parsing: a sheet without any costs one pass of unpacking)."""
    found: set[tuple[int, int, int, int]] = set()
    with worksheet._get_source() as source:
        tail = b""
        while chunk := source.read(1 << 20):
            data = tail + chunk
            if b"mergeCell" in data:
                for match in _MERGE.finditer(data):
                    left, top, right, bottom = match.groups()
                    found.add((int(top), int(bottom), _column(left), _column(right)))
                    if len(found) >= MAX_MERGED:
                        return sorted(found)
            tail = data[-200:]  # a range cut between two chunks is found in the next
    return sorted(found)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _MergedCells:
    """Which cells of a row a merged range covers beyond its first (top-left) cell, which alone
    holds the value: a spreadsheet shows it across the range, and a reader finds the other
    cells empty, an answer missing or a fact's default taken silently.  Rows come in
    increasing order; the ranges are kept sorted by their first row."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        self._waiting = ranges
        self._next = 0
        self._open: list[tuple[int, int, int, int]] = []

    def __bool__(self) -> bool:
        return bool(self._waiting)

    def problems(self, number: int, header: Sequence[str], name: str) -> tuple[Problem, ...]:
        """The ``cell.merged`` problems of row ``number``: one per named column whose cell is
        covered, but for notes (starting with ``#``) and ``unit_name``."""
        waiting = self._waiting
        while self._next < len(waiting) and waiting[self._next][0] <= number:
            self._open.append(waiting[self._next])
            self._next += 1
        self._open = [r for r in self._open if r[1] >= number]
        found: list[Problem] = []
        for top, bottom, left, right in self._open:
            for column in range(left, min(right, len(header)) + 1):
                if (column, number) == (left, top):
                    continue
                title = header[column - 1]
                if not title or title.startswith("#") or title == _UNIT_NAME:
                    continue  # a note, or a name: nothing scored or grouped by
                found.append(
                    Problem(
                        "cell.merged",
                        msg(
                            "cell {cell} is part of the merged cells {cells}, whose value is in "
                            "{first} alone: this row's {column} would be read as empty; unmerge "
                            "the cells and write the value in each row",
                            cell=_cell_name(column, number),
                            cells=_cell_name(left, top) + ":" + _cell_name(right, bottom),
                            first=_cell_name(left, top),
                            column=title,
                        ),
                        (title,),
                        where=title,
                        file=name,
                        line=number,
                        column=column,
                    )
                )
        return tuple(found)


def _cell_name(column: int, row: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


#: columns a sheet may have (Excel's own limit, XFD), in every input format
MAX_COLUMNS = 16_384
#: an XLSX file may unpack to this many bytes whatever its size...
XLSX_UNPACKED_FLOOR = 20_000_000
#: ... and to this many times its size beyond that, up to XLSX_UNPACKED_MAX: real workbooks
#: compress 5 to 30 times; a "zip bomb" of 72 KB unpacked to 855 MB
XLSX_UNPACKED_RATIO = 100
XLSX_UNPACKED_MAX = 2_000_000_000


@functools.cache
def _parser_class() -> type[Any]:
    """openpyxl's sheet parser, telling a formula cell with no saved result (``<f>`` and no
    ``<v>`` text, unless the result is the empty text: ``t="str"``) from an empty cell.
    Only cells that come back empty are looked at again: a sheet of values costs nothing more."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if (
                cell["value"] is None
                and element.get("t") != "str"
                and element.find(FORMULA_TAG) is not None
            ):
                cell["value"] = UNSAVED_FORMULA
            return cell

    return Parser


#: elements one cell may hold (its value, formula, and rich text's runs: Excel's 32,767
#: characters each a run of its own), so that one cell of millions of runs is not built
MAX_CELL_PARTS = 100_000


def _sheet_cells(
    parser: Any, source: IO[bytes], name: str
) -> Iterator[tuple[int, list[dict[str, Any]] | Problem | None]]:
    """(row number, cells as ``parser.parse_cell`` reads them) of each row of the sheet XML
    ``source``; None for a row reaching past :data:`MAX_COLUMNS`; the row's :class:`Problem`
    for a cell that cannot be read (a value its type does not allow, a shared text that is
    not there, a cell reference past column XFD) or that holds more than
    :data:`MAX_CELL_PARTS` elements: that row's problem, not the batch's.

    Each element is dropped as soon as it is read, so that memory holds one cell at a time
    whatever a row's length: openpyxl's own parser builds a whole row first, and a 23 kB
    workbook whose row held 4.9 million empty cells took 1.6 GB before its width was seen.
    """
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG
    from openpyxl.xml.functions import iterparse

    parse_cell = parser.parse_cell
    number = 0
    highest = 0  # the greatest row number read so far: rows go down the sheet, in order
    behind: Problem | None = None  # the row being read goes back up (or repeats a number)
    row: Any = None  # the row element being read
    rows_parent: Any = None  # sheetData
    cells: list[dict[str, Any]] = []
    trouble: Problem | None = None
    wide = False
    in_cell: list[Any] = []  # the open elements of the cell being read, the cell first
    parts = 0  # elements of the cell being read
    for event, element in iterparse(source, events=("start", "end")):
        if in_cell:
            if event == "start":
                in_cell.append(element)
                parts += 1
                continue
            in_cell.pop()
            if in_cell:  # inside the cell: kept for parse_cell, unless there are too many
                if parts > MAX_CELL_PARTS:
                    in_cell[-1].remove(element)
                continue
            if trouble is not None or wide:
                pass
            elif parts > MAX_CELL_PARTS:
                trouble = _cell_too_large(element, name, number)
            else:
                try:
                    cell = parse_cell(element)
                except Exception:  # openpyxl's reading of a value its type does not allow
                    trouble = _unreadable_cell(element, name, number)
                else:
                    if cell["column"] > MAX_COLUMNS:
                        wide, cells = True, []
                    else:
                        value = cell["value"]
                        if type(value) is float and not -_FLOAT_EXACT < value < _FLOAT_EXACT:
                            cell["value"] = _as_written(element, value)
                        cells.append(cell)
            if len(row) and row[0] is element:  # read: dropped (every cell before it is)
                del row[0]
        elif event == "start":
            tag = element.tag
            if tag == CELL_TAG and row is not None:
                in_cell.append(element)
                parts = 0
            elif tag == ROW_TAG and row is None:
                row, cells, wide = element, [], False
                number, trouble = _row_number(element.get("r"), number, name)
                behind = _row_behind(name, number, highest) if number <= highest else None
                highest = max(highest, number)
                parser.row_counter, parser.col_counter = number, 0
            elif tag == _DATA_TAG:
                rows_parent = element
        elif element is row:
            row = None
            if behind is not None and (cells or trouble or wide):  # (an empty one: harmless)
                trouble = behind
            yield number, trouble or (None if wide else cells)
            if rows_parent is not None and len(rows_parent) and rows_parent[0] is element:
                del rows_parent[0]


def _row_number(text: str | None, previous: int, name: str) -> tuple[int, Problem | None]:
    """A row's number from its ``r`` (as openpyxl reads it: ``2`` or ``2.0``; the row after
    the previous one without it), and the row's problem when ``r`` is no row number."""
    if text is None:
        return previous + 1, None
    try:
        return int(text), None
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        number = 0.5
    if number.is_integer():
        return int(number), None
    return previous + 1, _problem(
        "row.cell",
        msg(
            "the row's number {value!r} cannot be read; the workbook is damaged or was written "
            "by a faulty program: open it in Excel or LibreOffice and save it again",
            value=_shown(text),
        ),
        name,
        previous + 1,
    )


#: past this, a float holds binary digits the cell's text does not (see _as_written)
_FLOAT_EXACT = 2.0**53


def _as_written(element: Any, value: float) -> float | Decimal:
    """A number cell past 2**53 as its text holds it: ``1.2345678901234567E+25`` is the
    :class:`~decimal.Decimal` of those digits, not the float 12345678901234567167741952, whose
    digits no one wrote (a unit id would show them).  The float when the text is no number."""
    from openpyxl.worksheet._reader import VALUE_TAG

    text = (element.findtext(VALUE_TAG) or "").strip()
    try:
        written = Decimal(text)
    except ArithmeticError:
        return value
    return written if written.is_finite() and float(written) == value else value


def _row_behind(name: str, number: int, highest: int) -> Problem:
    """The problem of a row whose number does not go down the sheet: row 2 written after row
    3, or row 3 twice.  Excel writes rows in order and repairs a file that does not; read in
    the file's order, the row would be scored where no spreadsheet shows it (or twice)."""
    return _problem(
        "row.order",
        msg(
            "row {number} is written after row {highest} in the sheet's file (rows go down in "
            "order, each once); the workbook is damaged or was written by a faulty program: "
            "open it in Excel or LibreOffice and save it again",
            number=number,
            highest=highest,
        ),
        name,
        number,
    )


def _cell_too_large(element: Any, name: str, number: int) -> Problem:
    message = msg(
        "the cell {cell} holds more than {limit:,} parts (runs of text); the workbook is "
        "damaged or was written by a faulty program: open it in Excel or LibreOffice and "
        "save it again",
        cell=_shown(element.get("r") or ""),
        limit=MAX_CELL_PARTS,
    )
    return _problem("row.cell", message, name, number)


def _unreadable_cell(element: Any, name: str, number: int) -> Problem:
    message = msg(
        "the cell {cell} cannot be read (type {type!r}, value {value!r}); the workbook is "
        "damaged or was written by a faulty program: open it in Excel or LibreOffice and "
        "save it again",
        cell=_shown(element.get("r") or ""),
        type=_shown(element.get("t", "n")),
        value=_shown(element.findtext(_VALUE_TAG) or ""),
    )
    return _problem("row.cell", message, name, number)


_VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"
_DATA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheetData"


def _shown(text: str) -> str:
    """At most 40 characters of a file's text, for a message."""
    return text if len(text) <= 40 else text[:40] + "…"


def _check_parts(path: str | os.PathLike[str], name: str) -> None:
    """Refuse a workbook that would unpack beyond the limits, or whose XML would grow beyond
    what it unpacks to or cost more than Excel's largest, before openpyxl reads anything.

    The sizes are the ones the archive declares; Python's zip reader never unpacks a part
    beyond its declared size (the part then fails its checksum), so they bound the work.
    A part's XML may declare entities, which the parser expands (a 5 kB workbook gave 10,000
    rows): no part may have a document type declaration, as the package format (ECMA-376
    part 2) requires.  openpyxl builds an object for every element of the styles: their
    number is bounded by what Excel writes (a 30 kB workbook of 3.5 million empty cell
    formats took 2.2 GB and minutes)."""
    reading: str | None = None  # the part being read
    try:
        size = os.path.getsize(path)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            allowed = min(XLSX_UNPACKED_MAX, max(XLSX_UNPACKED_FLOOR, XLSX_UNPACKED_RATIO * size))
            if unpacked > allowed:
                raise TableError(
                    _problem(
                        "file.too_large",
                        msg(
                            "the workbook unpacks to {unpacked:,} bytes from {size:,}, more "
                            "than the {allowed:,} allowed for a workbook of this size; if it "
                            "is a real sheet, save it as CSV (CSV UTF-8) and score that",
                            unpacked=unpacked,
                            size=size,
                            allowed=allowed,
                        ),
                        name,
                    )
                )
            for info in infos:
                if info.is_dir():
                    continue
                reading = info.filename
                head = _part_head(archive, info)
                if _declares_a_doctype(head):
                    raise TableError(
                        _problem(
                            "file.format",
                            msg(
                                "the workbook's part {part!r} declares a document type, which "
                                "Excel never writes (its entities could make the file far "
                                "larger than it is); save the sheet again in Excel or "
                                "LibreOffice, or as CSV (CSV UTF-8)",
                                part=_shown(info.filename),
                            ),
                            name,
                        )
                    )
                _check_openpyxl_reads(archive, info, head, name)
            reading = "xl/styles.xml"
            styles = _style_elements(archive)
    except _ARCHIVE_DAMAGE as exc:
        if reading is None:  # not a zip file: openpyxl says so
            return
        # a part read to its end fails its checksum or does not unpack: said here, since
        # openpyxl would call the file no ZIP package (and leave it open)
        raise TableError(_damaged_workbook(exc, reading, name)) from None
    except (
        OSError,
        ValueError,
        NotImplementedError,  # a compression Python does not read
        RuntimeError,  # an encrypted part
    ):
        return  # a part unreadable: openpyxl says so
    if styles > XLSX_STYLE_ELEMENTS:
        raise TableError(
            _problem(
                "file.too_large",
                msg(
                    "the workbook's styles (xl/styles.xml) hold more than {allowed:,} "
                    "elements, more than the largest Excel writes (64,000 cell formats); if "
                    "it is a real sheet, save it as CSV (CSV UTF-8) and score that",
                    allowed=XLSX_STYLE_ELEMENTS,
                ),
                name,
            )
        )


#: the bytes of a part read for its prolog: the root element starts within them
_PROLOG_BYTES = 65_536


def _damaged_workbook(exc: Exception, part: str, name: str) -> Problem:
    """The problem of a workbook whose ``part`` cannot be unpacked (``exc``)."""
    return _problem(
        "file.format",
        msg(
            "the workbook is damaged: {what}; open it in Excel or LibreOffice and save it again",
            what=_damage(exc, _shown(part)),
        ),
        name,
    )


def _part_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first :data:`_PROLOG_BYTES` of the part ``info``, in UTF-8 (see
    :func:`_utf8_head`)."""
    with archive.open(info) as part:
        return _utf8_head(part.read(_PROLOG_BYTES))


def _declares_a_doctype(head: bytes) -> bool:
    """Whether a part whose first bytes are ``head`` starts with a document type declaration
    (or an XML prolog of more than :data:`_PROLOG_BYTES`, which would hide one).  Parts that
    are no XML (a picture, printer settings) have none."""
    root = re.search(rb"<[^?!]", head)
    if root is not None:
        return b"<!DOCTYPE" in head[: root.start()]
    # no element in the first bytes: a prolog too long to see through, or no XML (a picture)
    return len(head) == _PROLOG_BYTES and head.lstrip()[:1] in (b"", b"<")


def _utf8_head(head: bytes) -> bytes:
    """The first bytes of a part, in UTF-8 when they are UTF-16 (which XML may be, with or
    without a byte-order mark), so that a declaration is found in either."""
    codec = _utf16(head)
    if codec is None:
        return head
    return head.decode(codec, errors="replace").encode()


def _style_elements(archive: zipfile.ZipFile) -> int:
    """The elements of the part openpyxl reads the styles from (its own fixed name), up to
    one past :data:`XLSX_STYLE_ELEMENTS` (see :func:`_part_elements`)."""
    try:
        info = archive.getinfo("xl/styles.xml")
    except KeyError:
        return 0
    return _part_elements(archive, info, XLSX_STYLE_ELEMENTS)


def _part_elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """The elements of the part ``info``, counted by their start tags as it unpacks, a
    megabyte at a time, until more than ``limit`` are seen.  A part in UTF-16 (which XML may
    be) is counted in its characters: its bytes hold a ``<`` for every ``</`` (the ``/`` is a
    byte further) and in characters that are none (``ļ`` is ``3c 01``)."""
    count = 0
    with archive.open(info) as part:
        first = part.read(4)
        codec = _utf16(first)
        if codec is None:
            held = b""  # a '<' at the end of a chunk, which may start '</' with the next
            chunk = first
            while count <= limit and chunk:
                data = held + chunk
                held = data[-1:] if data.endswith(b"<") else b""
                count += data.count(b"<") - data.count(b"</") - len(held)
                chunk = part.read(1 << 20)
            return count + len(held)
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        text_held = ""
        chunk = first
        while count <= limit and chunk:
            text = text_held + decoder.decode(chunk)
            text_held = text[-1:] if text.endswith("<") else ""
            count += text.count("<") - text.count("</") - len(text_held)
            chunk = part.read(1 << 20)
        return count + len(text_held)


def _utf16(head: bytes) -> str | None:
    """The codec of a part whose first bytes are ``head`` when it is UTF-16 (with or without
    a byte-order mark, as :func:`_utf8_head` tells it), else None."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if head[:1] == b"\x00":
        return "utf-16-be"
    if b"\x00" in head[1:4]:
        return "utf-16-le"
    return None


#: elements the styles may hold: Excel's 64,000 cell formats with their alignment and
#: protection, as cell formats and as named styles' formats, and room to spare
XLSX_STYLE_ELEMENTS = 400_000
#: elements any other XML part may hold, as openpyxl reads it whole when it opens the
#: workbook: the shared texts (``<si><t>``: two a text, about 7 µs each), a sheet that does
#: not declare its size (no ``<dimension>`` before its cells: read whole to measure it,
#: keeping every element, about 90 bytes and 2.5 µs each: 4.9 million empty cells took
#: 450 MB), the workbook, its relationships.  A sheet of 3,000 rows of 30 cells holds about
#: 190,000; a sheet that declares its size first (as Excel, LibreOffice and openpyxl write
#: it) is read a cell at a time and is bounded by the unpacked size alone
XLSX_PART_ELEMENTS = 2_000_000


def _check_openpyxl_reads(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, head: bytes, name: str
) -> None:
    """Refuse an XML part openpyxl would read whole when it opens the workbook (whatever its
    name: the package's relationships name the parts) that holds more than
    :data:`XLSX_PART_ELEMENTS` elements, counted as it unpacks, a megabyte at a time.  A
    sheet that declares its size before its cells costs nothing more: openpyxl stops there.
    The styles have their own, smaller limit; a part that is no XML (a picture) is skipped."""
    if info.filename == "xl/styles.xml" or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        return
    root, sized = _part_kind(head)
    if sized:
        return
    if _part_elements(archive, info, XLSX_PART_ELEMENTS) <= XLSX_PART_ELEMENTS:
        return
    if root == "sst":
        said = N_(
            "the workbook's shared texts ({part}) hold more than {allowed:,} elements, more "
            "than a sheet of a million texts; if it is a real sheet, save it as CSV (CSV "
            "UTF-8) and score that"
        )
    elif root == "worksheet":
        said = N_(
            "the sheet {part} does not declare its size and holds more than {allowed:,} "
            "elements, which would all be held in memory to measure it; open the workbook in "
            "Excel or LibreOffice and save it again (which declares the size), or save the "
            "sheet as CSV (CSV UTF-8) and score that"
        )
    else:
        said = N_(
            "the workbook's part {part} holds more than {allowed:,} elements, more than a "
            "workbook's part other than a sheet does; save the sheet again in Excel or "
            "LibreOffice, or as CSV (CSV UTF-8)"
        )
    raise TableError(
        _problem(
            "file.too_large",
            msg(said, part=_shown(info.filename), allowed=XLSX_PART_ELEMENTS),
            name,
        )
    )


def _part_kind(head: bytes) -> tuple[str, bool]:
    """The local name of the root element of a part whose first bytes are ``head`` (``sst``,
    ``worksheet``; ``""`` when they cannot be parsed), and whether a sheet's size
    (``<dimension>``, in the sheet's namespace, as openpyxl looks for it) starts before its
    cells (``<sheetData>``) and ends within ``head``: read by an XML parser, so that no
    comment, CDATA, other namespace or size holding the cells passes for one."""
    from xml.etree.ElementTree import ParseError, XMLPullParser

    from openpyxl.xml.constants import SHEET_MAIN_NS

    size, cells = f"{{{SHEET_MAIN_NS}}}dimension", f"{{{SHEET_MAIN_NS}}}sheetData"
    parser: XMLPullParser[Any] = XMLPullParser(events=("start", "end"))
    root = ""
    try:
        for at in range(0, len(head), 4096):  # a sheet's size comes in its first bytes
            parser.feed(head[at : at + 4096])
            for event, element in cast("list[tuple[str, Any]]", parser.read_events()):
                tag = element.tag
                if not root:
                    root = tag.rpartition("}")[2]
                    if root != "worksheet":  # counted whatever it holds
                        return root, False
                # ended, as openpyxl reads it: a size holding millions of elements is none
                if tag == size and event == "end":
                    return root, True
                if tag == cells:
                    return root, False
    except ParseError:  # cut short or not XML: counted
        pass
    return root, False


def _too_many_columns(name: str, count: int) -> Problem:
    return _problem(
        "table.columns",
        msg(
            "the header has {count:,} columns, more than the {max_columns:,} a "
            "sheet may have; remove the columns tiercert does not need (criterion "
            "and fact ids, unit_id, unit_name and evidence columns are enough)",
            count=count,
            max_columns=MAX_COLUMNS,
        ),
        name,
        1,
    )


def _too_wide(name: str, number: int) -> Problem:
    return _problem(
        "row.columns",
        msg(
            "the row reaches past column {max_columns:,}, the most a sheet may "
            "have; remove the cells beyond the table",
            max_columns=MAX_COLUMNS,
        ),
        name,
        number,
    )


def _percent_styles(workbook: Any) -> set[int]:
    """The cell styles whose number format shows a percentage (``0%``, ``0.00%``)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    found = set()
    for index, style in enumerate(workbook._cell_styles):
        fmt_id = style.numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            fmt = BUILTIN_FORMATS.get(fmt_id, "General")
        else:
            fmt = workbook._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
        if _shows_percent(fmt):
            found.add(index)
    return found


#: the columns naming a unit, whose cells are text even when typed as numbers
_NAMING_COLUMNS = ("unit_id", "unit_name")


def _padded_styles(workbook: Any) -> dict[int, int]:
    """The cell styles whose number format pads a whole number with zeros (``00000``, as
    Excel's "Zip Code" format and codes typed as numbers use), each with its width."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE

    found = {}
    for index, style in enumerate(workbook._cell_styles):
        fmt_id = style.numFmtId
        if fmt_id >= BUILTIN_FORMATS_MAX_SIZE:  # no built-in format pads with zeros
            fmt = workbook._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            if len(fmt) > 1 and fmt == "0" * len(fmt):
                found[index] = len(fmt)
    return found


def _dated_styles(workbook: Any) -> dict[int, str]:
    """The cell styles whose number format is a date of the workbook's own (``dd/mm/yyyy``),
    each with its format: a date cell is quoted as its format shows it (:class:`Dated`); a
    built-in date format is shown by each computer in its own way, and left out."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE

    found = {}
    for index in workbook._date_formats:
        fmt_id = workbook._cell_styles[index].numFmtId
        if fmt_id >= BUILTIN_FORMATS_MAX_SIZE:
            found[index] = workbook._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
    return found


#: the significant digits a spreadsheet program keeps of a number, and shows: what a person
#: typed has at most as many, so rounding to them changes no typed value
EXCEL_DIGITS = 15


def as_excel_shows(value: float) -> float:
    """A numeric cell's value as the spreadsheet program shows it and compares it, to 15
    significant digits: a formula's result with binary noise (``=4100.1+4099.9`` saved as
    ``8199.9999999999982``, shown 8200) is the 8200 the office reads, never a number just
    under a band's edge.  Whole numbers are left as they are: their digits are not noise of a
    sum, and an id of 16 digits written by a program (4503599627370496) is that id, not the
    4503599627370500 a 15-digit display would make of it."""
    if value != value or abs(value) >= 2**53 or value.is_integer():
        return value
    shown = float(f"{value:.{EXCEL_DIGITS}g}")
    return shown if shown != value else value


def _padded_text(value: object, width: int) -> object:
    """A whole number ``value`` as a ``width``-zeros format shows it (7210 -> ``07210``);
    anything else (a negative or fractional number, text, a date) as it is."""
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is int and value >= 0:
        return str(value).zfill(width)
    return value


def _shows_percent(fmt: str) -> bool:
    """Whether a number format multiplies by 100 and shows %: a bare ``%``, not a quoted
    ``"%"``, an escaped ``\\%`` or one inside ``[...]``."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
    return "%" in plain


def _percentage(value: float) -> int | Decimal:
    """The percentage a percent cell shows, exactly: 0.31 -> 31, 0.3125 -> 31.25."""
    number = Decimal(repr(value)).scaleb(2) if isinstance(value, float) else Decimal(value * 100)
    return int(number) if number == number.to_integral_value() else number


class NotJsonNumber(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a line: Python's reader takes them, JSON does
    not."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not a number JSON allows")
        self.name = name


def _no_constant(name: str) -> object:
    raise NotJsonNumber(name)


def _json_trouble(exc: ValueError, line: str) -> tuple[str, int | None]:
    """What is wrong with ``line``, which the JSON parser refused, in the reader's language,
    and its column when it is known: the parser's own text is English whatever the user reads.
    """
    if isinstance(exc, DuplicateKey):
        where = duplicate_key_at(line)
        key, first, second = where or (exc.key, None, None)
        return msg(
            "the key {key!r} is given twice in one object{columns}; keep one of the two, with "
            "the value meant",
            key=key,
            columns=msg(" (columns {first} and {second})", first=first, second=second)
            if where
            else "",
        ), second
    if isinstance(exc, NotJsonNumber):
        return msg(
            "{name} is not a number JSON allows; write the number, or leave the answer out",
            name=exc.name,
        ), None
    if not isinstance(exc, json.JSONDecodeError):
        return msg("not valid JSON; fix this line"), None
    said = json_trouble(exc)
    return msg("not valid JSON at column {column}: {what}; fix this line", column=exc.colno,
               what=said), exc.colno  # fmt: skip


class DuplicateKey(ValueError):
    """A key given twice in one JSON object (``key``): a line's problem says where."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice")
        self.key = key


def _unique_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


#: a JSON string, a brace, or a colon: the tokens that tell an object's keys apart
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}:]')


def duplicate_key_at(line: str) -> tuple[str, int, int] | None:
    """The first key given twice in one object of ``line`` (valid JSON but for that), with
    the columns (1-based) of its first and second occurrence; None when there is none."""
    objects: list[dict[str, int]] = []
    tokens = list(_JSON_TOKEN.finditer(line))
    for i, token in enumerate(tokens):
        text = token.group()
        if text == "{":
            objects.append({})
        elif text == "}":
            if objects:
                objects.pop()
        elif text[0] == '"' and objects and i + 1 < len(tokens) and tokens[i + 1].group() == ":":
            key = json.loads(text)
            seen = objects[-1]
            if key in seen:
                return key, seen[key], token.start() + 1
            seen[key] = token.start() + 1
    return None


def _json_number(text: str) -> object:
    """A JSON number read by the rule every reader uses; beyond its limits (``1e400``, 5,000
    digits: ``int()`` refuses those and ``Decimal`` some exponents, losing the whole line) it
    stays the text it is, which a reader of numbers refuses as it would a CSV cell."""
    number = read_numeral(text)
    return text if number is None else number


def parse_json_line(text: str) -> object:
    """One JSON value with exact decimals (never binary floats); duplicate keys refused."""
    return json.loads(
        text,
        parse_float=_json_number,
        parse_int=_json_number,
        parse_constant=_no_constant,
        object_pairs_hook=_unique_object,
    )


#: a JSON escape of half a UTF-16 surrogate pair (``\\ud800``): a line without one holds none
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(value: object) -> str | None:
    """The first lone surrogate (``"\\ud800"``, escaped) in the texts of parsed JSON, or
    None: JSON lets a line escape half of a UTF-16 pair, which is no character, and no UTF-8
    output can write it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = lone_surrogate(item)
            if found is not None:
                return found
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _lines(text: TextIO, limit: int) -> Iterator[str | None]:
    """The lines of ``text``, each read up to ``limit`` characters: None for a longer one
    (whose rest is skipped), so that one endless line cannot fill the memory."""
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):
            line = text.readline(limit + 1)
        yield None


def read_jsonl(source: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> RowStream:
    """Rows of a JSON Lines file: one JSON object per line, blank lines skipped.

    A flat object (``{"unit_id": "xa-a", "g1.1": true}``) becomes a tabular row; an object
    with an ``answers`` mapping is an assessment document (the shape of an assessment file).
    A line that is not a JSON object becomes a row carrying the problem.
    """
    name = str(source)
    handle = _open_binary(source)
    size = os.fstat(handle.fileno()).st_size
    other = other_unicode(handle.read(4))
    if other is not None:
        handle.close()
        raise TableError(
            _problem(
                "file.encoding",
                msg("the file is {other} text; save it as UTF-8", other=other),
                name,
            )
        )
    handle.seek(0)

    def rows() -> Iterator[Row]:
        number = 0
        try:
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline=None)
            for line in _lines(text, limits.max_bytes):
                number += 1
                column: int | None = None  # where in the line, when it is known
                if line is None:
                    message = msg(
                        "the line is longer than {max_bytes:,} characters; one unit is far "
                        "smaller: split or fix it",
                        max_bytes=limits.max_bytes,
                    )
                elif not line.strip():
                    continue
                else:
                    try:
                        # without its line end: an unclosed text is that, not a line break in it
                        data = parse_json_line(line.rstrip("\r\n"))
                        lone = _lone_surrogate(data) if _SURROGATE_ESCAPE.search(line) else None
                        if lone is None:
                            yield json_row(data, number, name)
                            continue
                        message = msg(
                            "the line has {lone}, half of a UTF-16 surrogate pair, which is "
                            "not a character; fix this line (the program that wrote it cut a "
                            "character in two)",
                            lone=lone,
                        )
                    except ValueError as exc:
                        message, column = _json_trouble(exc, line)
                    except RecursionError:
                        message = msg("the JSON is nested too deeply to read; fix this line")
                problem = Problem("row.json", message, file=name, line=number, column=column)
                yield Row(number, file=name, problems=(problem,))
        except UnicodeDecodeError as exc:
            raise TableError(
                _problem(
                    "file.encoding",
                    msg(
                        "the file is not UTF-8 text (byte 0x{object:02x} near line {number})",
                        object=exc.object[exc.start],
                        number=number + 1,
                    ),
                    name,
                    number + 1,
                )
            ) from None
        finally:
            handle.close()

    return RowStream(rows(), handle.tell, size, handle.close)


def json_row(data: object, number: int, file: str | None = None) -> Row:
    """A Row from one parsed JSON (or Python) object, flat or assessment-shaped."""
    if not isinstance(data, dict):
        return Row(
            number,
            file=file,
            problems=(
                _problem(
                    "row.json",
                    msg("each line must be a JSON object ({{...}}) describing one unit"),
                    file,
                    number,
                ),
            ),
        )
    if isinstance(data.get("answers"), dict) or (
        # an assessment file whose answers are all under its stages (a programme's form)
        "unit_id" not in data
        and (isinstance(data.get("stages"), dict) or isinstance(data.get("unit"), dict))
    ):
        return Row(number, file=file, document=data)
    if len(data) > MAX_COLUMNS:
        problem = _problem(
            "row.columns",
            msg(
                "the object has {data:,} keys, more than the {max_columns:,} columns a "
                "sheet may have; keep the criterion and fact ids, unit_id and unit_name",
                data=len(data),
                max_columns=MAX_COLUMNS,
            ),
            file,
            number,
        )
        return Row(number, file=file, problems=(problem,))
    return Row(
        number,
        tuple(data),
        [_text(v) if isinstance(v, str) else v for v in data.values()],
        file,
        numbered_columns=False,
    )


def read_yaml_folder(
    folder: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> RowStream:
    """One row per ``*.yaml``/``*.yml`` assessment file of a folder, in name order."""
    base = Path(folder)
    try:
        files = sorted(
            p for p in base.iterdir() if p.suffix.lower() in YAML_EXTENSIONS and not p.is_dir()
        )
    except OSError as exc:
        raise TableError(
            _problem(
                "file.unreadable",
                msg("cannot list the folder: {value}", value=os_error_text(exc)),
                str(base),
            )
        ) from None
    state = {"done": 0}

    inside = base.resolve()

    def rows() -> Iterator[Row]:
        for number, path in enumerate(files, 1):
            state["done"] = number
            try:
                outside = path.is_symlink() and inside not in path.resolve().parents
            except (OSError, RuntimeError):  # a link that loops: never a file to read
                outside = False
            if not outside and not path.is_file():
                # a named pipe would block the batch, a device never end: named, not opened
                problem = _problem(
                    "file.unreadable",
                    msg(
                        "not a regular file (a named pipe, a device, or a link to nothing): "
                        "tiercert does not read it; put the assessment file itself here"
                    ),
                    str(path),
                )
                yield Row(number, file=str(path), problems=(problem,))
                continue
            if outside:
                problem = _problem(
                    "file.link",
                    msg(
                        "a link to {path}, outside the folder: tiercert does not follow it; "
                        "copy the file into the folder instead",
                        path=path.resolve(),
                    ),
                    str(path),
                )
                yield Row(number, file=str(path), problems=(problem,))
                continue
            yield read_yaml_file(path, number, limits=limits)

    return RowStream(rows(), lambda: state["done"], len(files))


def read_yaml_file(
    path: str | os.PathLike[str], number: int = 1, *, limits: Limits = DEFAULT_LIMITS
) -> Row:
    """One assessment file as a row (numbered ``number``): its data, or why it cannot be used."""
    name = str(path)
    try:
        raw = read_source(path, limits)
    except OSError as exc:
        problem = _problem(
            "file.unreadable", msg("cannot read: {strerror}", strerror=os_error_text(exc)), name
        )
        return Row(number, file=name, problems=(problem,))
    document = raw if isinstance(raw, Document) else load_document(raw, file=name, limits=limits)
    errors = tuple(p for p in document.problems if p.is_error)
    if not errors and not isinstance(document.data, dict):
        errors = (
            _problem(
                "assessment.shape",
                msg("an assessment is a mapping with 'unit', 'answers' and 'facts'"),
                name,
                1,
            ),
        )
    data = document.data if not errors else None
    return Row(number, file=name, document=data, source=document, problems=errors)


# the writers live in their own module; tables are read and written through this one
from ._writers import (  # noqa: E402
    CEILING_COLUMNS,
    QUOTED_STARTS,
    AtomicFile,
    CsvWriter,
    FolderEntry,
    JsonlWriter,
    TableWriter,
    XlsxWriter,
    atomic_open,
    atomic_path,
    cell_text,
    column_toward,
    csv_text,
    json_value,
    open_writer,
    save_workbook,
    write_table,
    write_text,
    xlsx_text_cell,
)

__all__ = [
    "CEILING_COLUMNS",
    "EXTENSIONS",
    "QUOTED_STARTS",
    "AtomicFile",
    "CsvWriter",
    "FolderEntry",
    "JsonlWriter",
    "Row",
    "RowStream",
    "TableError",
    "TableWriter",
    "XlsxWriter",
    "atomic_open",
    "atomic_path",
    "cell_text",
    "column_toward",
    "csv_text",
    "json_row",
    "json_value",
    "open_writer",
    "openpyxl_module",
    "original_text",
    "parse_json_line",
    "read_csv",
    "read_jsonl",
    "read_rows",
    "read_xlsx",
    "read_yaml_folder",
    "save_workbook",
    "spreadsheet_text",
    "table_format",
    "write_table",
    "write_text",
    "xlsx_text_cell",
]
