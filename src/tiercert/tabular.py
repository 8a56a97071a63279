"""Tables in and out: CSV, XLSX, JSON Lines and folders of YAML files, streamed row by row.

Readers yield :class:`Row` records one at a time (a million rows never sit in memory) and know
nothing about rubrics: :mod:`tiercert.batch` turns rows into assessments.  Writers take a
header and rows of plain values and write them atomically: the output goes to a temporary
file next to the target, which replaces the target only when everything was written, so an
interrupted run never leaves a half-written file where a good one was.

XLSX needs the optional ``openpyxl`` package (``pip install tiercert[xlsx]``).
"""

from __future__ import annotations

import csv
import errno
import io
import itertools
import json
import os
import re
import socket
import stat
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType, TracebackType
from typing import IO, Any, TextIO, cast

from ._escape import (
    FORMULA_STARTS,
    json_text,
    original_text,
    spreadsheet_text,
    starts_formula,
    xml_text,
)
from ._literals import read_numeral
from ._numbers import CUT_MARK, Toward, display_number, exact_number, to_fraction
from ._yaml import DEFAULT_LIMITS, Document, Limits, load_document, other_unicode, read_source
from .errors import Problem, ProblemsError

_STDIN = "<stdin>"

#: The file formats tables can be read from and written to, by file extension.
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}
YAML_EXTENSIONS = (".yaml", ".yml")
XLSX_HINT = "install the XLSX extra: pip install 'tiercert[xlsx]' (it adds openpyxl)"
_UNREADABLE = frozenset(
    {"file.unreadable", "file.encoding", "xlsx.unavailable", "file.format", "file.unwritable"}
)


class TableError(ProblemsError):
    """A table cannot be read or written at all (as opposed to one bad row in it)."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        super().__init__([problems] if isinstance(problems, Problem) else problems, "table")

    @property
    def unreadable(self) -> bool:
        """True when the file itself is the trouble (missing, not UTF-8, not a workbook...)."""
        return any(p.code in _UNREADABLE for p in self.problems)


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


def table_format(path: str | os.PathLike[str]) -> str | None:
    """``csv``, ``xlsx`` or ``jsonl`` from the file name, ``yaml-folder`` for a folder."""
    p = Path(path)
    if p.is_dir():
        return "yaml-folder"
    return EXTENSIONS.get(p.suffix.lower())


def _problem(code: str, message: str, file: str | None, line: int | None = None) -> Problem:
    return Problem(code, message, file=file, line=line)


def _text(value: str) -> str:
    value = value.strip()
    # Vietnamese typed on some systems arrives decomposed (NFD); ids and labels are NFC
    return value if value.isascii() else unicodedata.normalize("NFC", value)


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
                _problem("file.sheet", "standard input is read as CSV: remove --sheet", _STDIN)
            )
        return read_csv(sys.stdin.buffer)
    kind = table_format(path)
    if sheet is not None and kind != "xlsx":
        raise TableError(
            _problem(
                "file.sheet",
                f"a sheet name ({sheet!r}) is for an .xlsx workbook; this input has one table: "
                "remove --sheet",
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
        raise TableError(_problem("file.unreadable", "no such file or folder", name))
    raise TableError(
        _problem(
            "file.format",
            "unknown input format; give a .csv, .xlsx or .jsonl file, or a folder of .yaml "
            "assessments",
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
                f"cannot read the file: {exc.strerror or exc}; check the path and its permissions",
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
                f"the file is {other} text; save it as 'CSV UTF-8 (comma delimited)'",
                name,
            )
        )
    if stream:
        size = None
    else:
        handle.seek(0)
        size = os.fstat(handle.fileno()).st_size

    def rows() -> Iterator[Row]:
        number = 1
        try:
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            first = text.readline()
            if not first.strip():
                raise TableError(
                    _problem(
                        "table.empty",
                        "the file is empty; the first row must name the columns "
                        "(unit_id, unit_name, then criterion and fact ids)",
                        name,
                        1,
                    )
                )
            delimiter_found = delimiter or _sniff_delimiter(first)
            lines: Iterable[str]
            if stream:
                lines = itertools.chain([first], text)
            else:
                text.seek(0)  # from the start again: the reader reads the file itself (faster)
                lines = text
            reader = csv.reader(lines, delimiter=delimiter_found, strict=True)
            header = tuple(_text(h) for h in next(reader))
            if len(header) > MAX_COLUMNS:
                raise TableError(_too_many_columns(name, len(header)))
            stream_rows.header = header
            while True:
                try:
                    for cells in reader:
                        number += 1
                        if len(cells) > MAX_COLUMNS:
                            yield Row(number, file=name, problems=(_too_wide(name, number),))
                        elif cells:
                            # most cells are ASCII (ids, numbers, yes/no): strip them at once
                            yield _text_row(
                                number,
                                header,
                                [c.strip() if c.isascii() else _text(c) for c in cells],
                                name,
                            )
                    break
                except csv.Error as exc:  # this record only: the next ones are read on
                    number += 1
                    yield Row(number, file=name, problems=(_bad_record(exc, name, number),))
        except UnicodeDecodeError as exc:
            raise TableError(
                _problem(
                    "file.encoding",
                    f"the file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} near row "
                    f"{number + 1}); save it as 'CSV UTF-8 (comma delimited)'",
                    name,
                    number + 1,
                )
            ) from None
        except csv.Error as exc:  # in the header
            raise TableError(
                _problem("file.format", f"not valid CSV: {exc}", name, number + 1)
            ) from None
        finally:
            handle.close()  # for a stream, only the reading of it: the caller closes it

    if stream:
        stream_rows = RowStream(rows(), file=name)
    else:
        stream_rows = RowStream(rows(), handle.tell, size, handle.close, file=name)
    return stream_rows


def _bad_record(exc: csv.Error, name: str, number: int) -> Problem:
    text = str(exc)
    if "field larger than field limit" in text:
        return _problem(
            "row.cell",
            f"a cell holds more than {csv.field_size_limit():,} characters, the most a cell "
            "may hold; shorten it (is a quote missing, joining many cells into one?)",
            name,
            number,
        )
    return _problem("row.cell", f"not valid CSV: {text}; fix this row", name, number)


def openpyxl_module() -> ModuleType:
    """The ``openpyxl`` module, or a :class:`TableError` saying how to install it."""
    try:
        import openpyxl
    except ImportError:  # the optional extra is not installed
        raise TableError(
            _problem("xlsx.unavailable", f"XLSX files need openpyxl; {XLSX_HINT}", None)
        ) from None
    module: ModuleType = openpyxl
    return module


def read_xlsx(path: str | os.PathLike[str], *, sheet: str | None = None) -> RowStream:
    """Rows of one sheet of an XLSX workbook (the first sheet unless ``sheet`` names one).

    Cells keep their spreadsheet types (text, whole numbers, numbers, true/false); formulas
    give the value the spreadsheet last calculated.  A cell formatted as a percentage gives
    the percentage it shows (``31%``, stored as 0.31, gives 31); a date or a time gives a
    :mod:`datetime` value.  Empty rows are skipped.
    """
    openpyxl = openpyxl_module()
    name = str(path)
    _check_unpacked_size(path, name)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise TableError(
            _problem("file.unreadable", f"cannot read the file: {exc.strerror or exc}", name)
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise TableError(
            _problem("file.format", f"not an XLSX workbook ({exc}); save it as .xlsx", name)
        ) from None
    except Exception as exc:  # openpyxl's own InvalidFileException and friends
        raise TableError(
            _problem("file.format", f"not an XLSX workbook ({exc}); save it as .xlsx", name)
        ) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        workbook.close()
        names = ", ".join(workbook.sheetnames)
        raise TableError(
            _problem("file.format", f"no sheet named {sheet!r}; the sheets are: {names}", name)
        )
    worksheet = workbook[sheet] if sheet is not None else next(iter(workbook.worksheets), None)
    if worksheet is None or not hasattr(worksheet, "_get_source"):
        workbook.close()
        raise TableError(
            _problem(
                "file.format",
                "the workbook has no sheet of cells (no sheet, or only charts); put the units "
                "in the first sheet",
                name,
            )
        )
    total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
    state = {"row": 0}
    percent = _percent_styles(workbook)

    def rows() -> Iterator[Row]:
        try:
            values = _sheet_rows(workbook, worksheet, percent)
            number, first = next(values, (1, []))
            if first is None:
                raise TableError(_too_many_columns(name, MAX_COLUMNS + 1))
            if all(v is None for v in first):
                raise TableError(
                    _problem(
                        "table.empty",
                        "the sheet is empty; the first row must name the columns",
                        name,
                        number,
                    )
                )
            header = [str(v).strip() if v is not None else "" for v in first]
            while header and not header[-1]:
                header.pop()
            # (a header row past MAX_COLUMNS is None above: refused as too wide)
            shared = tuple(_text(h) for h in header)
            stream.header = shared
            for number, cells in values:
                state["row"] = number
                if cells is None:  # wider than any spreadsheet: not built
                    yield Row(number, file=name, problems=(_too_wide(name, number),))
                elif any(c is not None and c != "" for c in cells):
                    yield Row(number, shared, cells, name)
        finally:
            workbook.close()

    stream = RowStream(rows(), lambda: state["row"], total, workbook.close, file=name)
    return stream


def _sheet_rows(
    workbook: Any, worksheet: Any, percent: set[int]
) -> Iterator[tuple[int, list[object] | None]]:
    """(row number, cell values) of each row of ``worksheet`` that has cells, read with
    openpyxl's own sheet parser: it gives each cell's column and style, so that a row is as
    long as its last cell (not as the sheet's declared width, which a file may set to 16,384
    columns for a million rows) and percent cells are known.  None for a row that reaches
    past :data:`MAX_COLUMNS`."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, found in parser.parse():
            if not found:
                continue
            width = max(cell["column"] for cell in found)
            if width > MAX_COLUMNS:
                yield number, None
                continue
            values: list[object] = [None] * width
            for cell in found:
                value = cell["value"]
                if isinstance(value, str):
                    value = _text(value)
                elif cell["style_id"] in percent and type(value) in (int, float):
                    value = _percentage(value)
                values[cell["column"] - 1] = value
            yield number, values


#: columns a sheet may have (Excel's own limit, XFD), in every input format
MAX_COLUMNS = 16_384
#: an XLSX file may unpack to this many bytes whatever its size...
XLSX_UNPACKED_FLOOR = 20_000_000
#: ... and to this many times its size beyond that, up to XLSX_UNPACKED_MAX: real workbooks
#: compress 5 to 30 times; a "zip bomb" of 72 KB unpacked to 855 MB
XLSX_UNPACKED_RATIO = 100
XLSX_UNPACKED_MAX = 2_000_000_000


def _check_unpacked_size(path: str | os.PathLike[str], name: str) -> None:
    """Refuse a workbook that would unpack beyond the limits, before anything is unpacked.

    The sizes are the ones the archive declares; Python's zip reader never unpacks a part
    beyond its declared size (the part then fails its checksum), so they bound the work."""
    try:
        size = os.path.getsize(path)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip file, or unreadable: openpyxl says so
    allowed = min(XLSX_UNPACKED_MAX, max(XLSX_UNPACKED_FLOOR, XLSX_UNPACKED_RATIO * size))
    if unpacked > allowed:
        raise TableError(
            _problem(
                "file.too_large",
                f"the workbook unpacks to {unpacked:,} bytes from {size:,}, more than the "
                f"{allowed:,} allowed for a workbook of this size; if it is a real sheet, "
                "save it as CSV (CSV UTF-8) and score that",
                name,
            )
        )


def _too_many_columns(name: str, count: int) -> Problem:
    return _problem(
        "table.columns",
        f"the header has {count:,} columns, more than the {MAX_COLUMNS:,} a sheet may have; "
        "remove the columns tiercert does not need (criterion and fact ids, unit_id, "
        "unit_name and evidence columns are enough)",
        name,
        1,
    )


def _too_wide(name: str, number: int) -> Problem:
    return _problem(
        "row.columns",
        f"the row reaches past column {MAX_COLUMNS:,}, the most a sheet may have; remove the "
        "cells beyond the table",
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


def _shows_percent(fmt: str) -> bool:
    """Whether a number format multiplies by 100 and shows %: a bare ``%``, not a quoted
    ``"%"``, an escaped ``\\%`` or one inside ``[...]``."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
    return "%" in plain


def _percentage(value: float) -> int | Decimal:
    """The percentage a percent cell shows, exactly: 0.31 -> 31, 0.3125 -> 31.25."""
    number = Decimal(repr(value)).scaleb(2) if isinstance(value, float) else Decimal(value * 100)
    return int(number) if number == number.to_integral_value() else number


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _unique_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice")
        out[key] = value
    return out


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
            _problem("file.encoding", f"the file is {other} text; save it as UTF-8", name)
        )
    handle.seek(0)

    def rows() -> Iterator[Row]:
        number = 0
        try:
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline=None)
            for line in _lines(text, limits.max_bytes):
                number += 1
                if line is None:
                    message = (
                        f"the line is longer than {limits.max_bytes:,} characters; one unit "
                        "is far smaller: split or fix it"
                    )
                elif not line.strip():
                    continue
                else:
                    try:
                        yield json_row(parse_json_line(line), number, name)
                        continue
                    except ValueError as exc:
                        message = f"not valid JSON: {str(exc).split(': line ')[0]}; fix this line"
                    except RecursionError:
                        message = "the JSON is nested too deeply to read; fix this line"
                problem = _problem("row.json", message, name, number)
                yield Row(number, file=name, problems=(problem,))
        except UnicodeDecodeError as exc:
            raise TableError(
                _problem(
                    "file.encoding",
                    f"the file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} near line "
                    f"{number + 1})",
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
                    "each line must be a JSON object ({...}) describing one unit",
                    file,
                    number,
                ),
            ),
        )
    if isinstance(data.get("answers"), dict):
        return Row(number, file=file, document=data)
    if len(data) > MAX_COLUMNS:
        problem = _problem(
            "row.columns",
            f"the object has {len(data):,} keys, more than the {MAX_COLUMNS:,} columns a sheet "
            "may have; keep the criterion and fact ids, unit_id and unit_name",
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
            p for p in base.iterdir() if p.suffix.lower() in YAML_EXTENSIONS and p.is_file()
        )
    except OSError as exc:
        raise TableError(
            _problem("file.unreadable", f"cannot list the folder: {exc.strerror or exc}", str(base))
        ) from None
    state = {"done": 0}

    inside = base.resolve()

    def rows() -> Iterator[Row]:
        for number, path in enumerate(files, 1):
            state["done"] = number
            name = str(path)
            if path.is_symlink() and inside not in path.resolve().parents:
                problem = _problem(
                    "file.link",
                    f"a link to {path.resolve()}, outside the folder: tiercert does not follow "
                    "it; copy the file into the folder instead",
                    name,
                )
                yield Row(number, file=name, problems=(problem,))
                continue
            try:
                raw = read_source(path, limits)
            except OSError as exc:
                problem = _problem("file.unreadable", f"cannot read: {exc.strerror}", name)
                yield Row(number, file=name, problems=(problem,))
                continue
            document = (
                raw if isinstance(raw, Document) else load_document(raw, file=name, limits=limits)
            )
            errors = tuple(p for p in document.problems if p.is_error)
            if not errors and not isinstance(document.data, dict):
                errors = (
                    _problem(
                        "assessment.shape",
                        "an assessment is a mapping with 'unit', 'answers' and 'facts'",
                        name,
                        1,
                    ),
                )
            data = document.data if not errors else None
            yield Row(number, file=name, document=data, source=document, problems=errors)

    return RowStream(rows(), lambda: state["done"], len(files))


# --- writing ----------------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: temporary files are ``.<name>.tiercert-<host>-<pid>-<n>.part``: the host and process that
#: write them are in their name, so that a later write can tell one left by a killed process
_HOST = "".join(c if c.isalnum() or c in ".-" else "_" for c in socket.gethostname()) or "host"
_TEMPORARY_COUNT = itertools.count(1)
#: a hint for the errors a user can do something about
_WRITE_HINTS = {
    errno.ENOSPC: "free some space on the disk, or write elsewhere",
    errno.EDQUOT: "the disk quota is used up: free some space, or write elsewhere",
    errno.EROFS: "the disk is read-only: write elsewhere",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.ENOENT: "the folder does not exist: create it first",
}


def _alive(pid: int) -> bool:
    """True unless no process ``pid`` exists (one of another user's counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal: alive
        return True
    return True


#: the names of open file descriptors: /dev/stdout -> /proc/self/fd/1, /dev/fd/1
_DESCRIPTOR = re.compile(r"/(?:dev|proc/(?:self|thread-self|[0-9]+))/fd/[0-9]+|/dev/std(?:out|err)")


def _through_a_descriptor(path: Path) -> bool:
    """True when ``path`` names a file through an open file descriptor (``/dev/stdout``,
    ``/proc/self/fd/1``, a link to one): that file is another program's open file."""
    current = os.path.abspath(path)
    for _ in range(40):  # the links the system follows at most
        if _DESCRIPTOR.fullmatch(current):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _remove_leftovers(folder: Path, prefix: str) -> None:
    """Remove the temporary files of earlier writes to the same target on this host whose
    process is gone (killed, or the machine stopped): they can never be finished."""
    if os.name != "posix":  # os.kill(pid, 0) would stop the process on Windows
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid, _, count = name[len(prefix) : -len(".part")].partition("-")
        if not (pid.isdigit() and count.isdigit()) or _alive(int(pid)):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:  # gone already, or not ours to remove
            pass


class AtomicFile:
    """Where an output goes, written so that nothing is lost.

    - A regular file, or a name that does not exist yet: the output is written to a temporary
      file in the same folder, ``.<name>.tiercert-<host>-<pid>-<n>.part``, which takes the
      target's place on :meth:`commit` (same permissions); :meth:`abort`, an error or a
      signal the command line handles (Ctrl+C, SIGTERM) removes it, and the target keeps its
      previous content.  A temporary file left by a killed process (SIGKILL, a power cut) is
      removed by the next write to the same target on the same host.
    - A symbolic link to a regular file: the same for the file it points to; the link stays.
    - A device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe): written in place,
      never replaced by a regular file.
    - A folder, a socket or a link that points to nothing: refused.

    :attr:`path` is where to write (the temporary file, or the target itself); :meth:`open`
    opens it.  Raises :class:`TableError` (``file.unwritable``) when the target cannot be
    written; so do :meth:`open` and :meth:`commit`, and :meth:`failed` turns an error met
    while writing into one.
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.in_place = False
        self.existed = False
        self._done = False
        try:
            info = os.stat(self.target)  # of what a link points to
        except FileNotFoundError:
            if os.path.islink(self.target):
                raise self._refused(
                    f"it is a symbolic link to {os.readlink(self.target)}, which does not "
                    "exist; remove the link or name another file"
                ) from None
            final = self.target
        except OSError as exc:
            raise self._refused(exc) from None
        else:
            if stat.S_ISDIR(info.st_mode):
                raise self._refused("it is a folder; name a file in it")
            if stat.S_ISSOCK(info.st_mode):
                raise self._refused("it is a socket; name a file")
            # a device or a FIFO, or a file another program has open (/dev/stdout: a shell's
            # '>> log'): written where it is, never replaced
            if not stat.S_ISREG(info.st_mode) or _through_a_descriptor(self.target):
                self.in_place = True
                self.path = self.final = self.target
                return
            self.existed = True
            final = Path(os.path.realpath(self.target))  # through links, which stay
        self.final = final
        folder = final.parent
        prefix = f".{final.name[:100]}.tiercert-{_HOST}-"
        _remove_leftovers(folder, prefix)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        for _ in range(3):  # a name of a process long gone that had our pid: retry
            path = folder / f"{prefix}{os.getpid()}-{next(_TEMPORARY_COUNT)}.part"
            try:
                os.close(os.open(path, flags, 0o600))
            except FileExistsError:
                continue
            except OSError as exc:
                raise self._refused(exc) from None
            self.path = path
            return
        raise self._refused("cannot make a temporary file next to it")  # pragma: no cover

    def open(self, mode: str = "wb", **kwargs: Any) -> IO[Any]:
        """:attr:`path` opened for writing (``mode`` and keywords as for :func:`open`); a
        target written in place is appended to, as a shell's ``>>`` would, never truncated."""
        if self.in_place:
            mode = mode.replace("w", "a")
        try:
            return open(self.path, mode, **kwargs)
        except OSError as exc:
            raise self.failed(exc) from None

    def commit(self) -> None:
        """The written file takes the target's place (nothing to do when written in place)."""
        if self._done:
            return
        self._done = True
        if self.in_place:
            return
        try:
            previous: os.stat_result | None
            try:
                previous = os.stat(self.final)
            except FileNotFoundError:
                previous = None
            if previous is None:
                os.chmod(self.path, 0o666 & ~_umask())
            else:
                os.chmod(self.path, stat.S_IMODE(previous.st_mode))
                if hasattr(os, "chown") and os.geteuid() == 0:  # keep the owner (root writes)
                    os.chown(self.path, previous.st_uid, previous.st_gid)
            with open(self.path, "rb") as done:  # on disk before it takes the target's place
                os.fsync(done.fileno())
            os.replace(self.path, self.final)
        except OSError as exc:
            raise self.failed(exc) from None

    def abort(self) -> None:
        """Give up: the temporary file goes, the target keeps its previous content."""
        self._done = True
        if not self.in_place:
            self.path.unlink(missing_ok=True)

    def failed(self, exc: OSError) -> TableError:
        """The error for ``exc``, met while writing; the output is given up."""
        self.abort()
        if self.in_place:
            kept = ""
        elif self.existed:
            kept = "; the file was left as it was"
        else:
            kept = "; nothing was written"
        return self._refused(exc, kept)

    def _refused(self, why: OSError | str, kept: str = "") -> TableError:
        if isinstance(why, OSError):
            hint = _WRITE_HINTS.get(why.errno or 0)
            why = (why.strerror or str(why)) + (f"; {hint}" if hint else "")
        return TableError(
            _problem("file.unwritable", f"cannot write: {why}{kept}", str(self.target))
        )


def _stream_failed(exc: OSError, name: str = "standard output") -> TableError:
    """The error for ``exc``, met while writing to a stream the caller opened."""
    hint = _WRITE_HINTS.get(exc.errno or 0)
    why = (exc.strerror or str(exc)) + (f"; {hint}" if hint else "")
    return TableError(_problem("file.unwritable", f"cannot write to {name}: {why}", None))


@contextmanager
def _written(file: AtomicFile) -> Iterator[AtomicFile]:
    """``file``, committed when the block ends normally and given up when it raises; an
    :class:`OSError` raised in the block (a full disk...) becomes a :class:`TableError`."""
    try:
        yield file
    except OSError as exc:
        raise file.failed(exc) from None
    except BaseException:
        file.abort()
        raise
    file.commit()


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """The path to write ``target``'s new content to (see :class:`AtomicFile`): it takes the
    target's place when the block ends normally; when the block raises, ``target`` is left
    as it was.  An :class:`OSError` raised in the block becomes a :class:`TableError`.
    :func:`atomic_open` is better: a target written in place is then appended to."""
    with _written(AtomicFile(target)) as file:
        yield file.path


@contextmanager
def atomic_open(
    target: str | os.PathLike[str], mode: str = "wb", **kwargs: Any
) -> Iterator[IO[Any]]:
    """``target`` opened for writing (``mode`` and keywords as for :func:`open`), the
    :class:`AtomicFile` way: the new content takes the target's place when the block ends
    normally; when the block raises, ``target`` is left as it was.  An :class:`OSError`
    (a full disk...) becomes a :class:`TableError`."""
    with _written(AtomicFile(target)) as file, file.open(mode, **kwargs) as handle:
        yield handle


def write_text(target: str | os.PathLike[str], text: str, *, bom: bool = False) -> None:
    """Write ``text`` to a file atomically (UTF-8, ``\\n`` line ends); see :class:`AtomicFile`.

    Raises :class:`TableError` when it cannot be written (the target is then as it was)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic_open(target, "w", encoding=encoding, newline="\n") as handle:
        handle.write(text)


#: output columns whose numbers are what is still needed: a number that cannot be shown
#: exactly is cut up there (points needed never read as 0), and down everywhere else
CEILING_COLUMNS = frozenset({"points_to_next_tier"})


def column_toward(header: Sequence[str]) -> list[Toward]:
    """Which way each column's numbers are cut when they cannot be shown exactly."""
    return ["ceiling" if name in CEILING_COLUMNS else "floor" for name in header]


def cell_text(value: object, toward: Toward = "floor", *, exact: bool = False) -> str:
    """A value as CSV text: numbers as people read them
    (:func:`~tiercert._numbers.display_number`: exact, or cut toward ``toward`` and marked
    with ``…``; with ``exact``, as lossless text: ``"1/3"``), ``true``/``false``, lists joined
    with ``; ``."""
    if toward == "floor" and not exact:
        convert = _TEXT.get(type(value))
        if convert is not None:
            return convert(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction | Decimal):
        return exact_number(value) if exact else _number_text(to_fraction(value), toward)
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v, toward, exact=exact) for v in value)
    return str(value)


def csv_text(value: object, toward: Toward = "floor") -> str:
    """A value as the text of a CSV cell: :func:`cell_text`, and text that a spreadsheet
    program would run as a formula quoted (:func:`~tiercert._escape.spreadsheet_text`)."""
    text = value if value.__class__ is str else cell_text(value, toward)
    assert isinstance(text, str)
    return spreadsheet_text(text) if text[:1] in QUOTED_STARTS else text


#: the first characters of the text :func:`~tiercert._escape.spreadsheet_text` changes
QUOTED_STARTS = FORMULA_STARTS | {"'"}

_TEXTS: dict[tuple[Fraction, Toward], str] = {}


def _number_text(value: Fraction, toward: Toward = "floor") -> str:
    # scores repeat a lot (a few hundred distinct values): remember their text, boundedly
    key = (value, toward)
    text = _TEXTS.get(key)
    if text is None:
        if len(_TEXTS) > 4096:
            _TEXTS.clear()
        text = _TEXTS[key] = display_number(value, toward)
    return text


def _sequence_text(value: object) -> str:
    assert isinstance(value, list | tuple)
    return "; ".join(cell_text(v) for v in value)


_TEXT: dict[type, Callable[[Any], str]] = {
    str: lambda v: v,
    type(None): lambda v: "",
    bool: lambda v: "true" if v else "false",
    int: str,
    Fraction: _number_text,
    tuple: _sequence_text,
    list: _sequence_text,
}


def json_value(value: object) -> object:
    """A value for JSON output: numbers as exact text, as in tiercert's JSON results
    (:func:`~tiercert._numbers.exact_number`: ``"79.5"``, ``"1/3"``)."""
    if isinstance(value, Fraction | Decimal):
        return exact_number(to_fraction(value))
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


class TableWriter:
    """Writes a header, then rows; :meth:`commit` finishes the file, :meth:`abort` drops it."""

    format = ""

    def __init__(self, header: Sequence[str]) -> None:
        self.header = list(header)
        self.rows = 0

    def write(self, row: Sequence[object]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Finish writing; the output takes its final place."""

    def abort(self) -> None:
        """Give up; a file output keeps its previous content."""

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


class _TextTableWriter(TableWriter):
    def __init__(
        self, header: Sequence[str], target: str | os.PathLike[str] | TextIO, *, bom: bool
    ) -> None:
        super().__init__(header)
        self._file: AtomicFile | None = None
        if isinstance(target, str | os.PathLike):
            self._file = AtomicFile(target)
            self.stream: TextIO = cast(
                TextIO,
                self._file.open("w", encoding="utf-8-sig" if bom else "utf-8", newline=""),
            )
        else:
            self.stream = target
        self._start()

    def _start(self) -> None:
        raise NotImplementedError

    def _failed(self, exc: OSError) -> BaseException:
        """What to raise for ``exc``, met while writing (a full disk...): a problem, and the
        output given up.  A closed pipe on a stream stays what it is: the reader has gone."""
        if self._file is None:
            return exc if isinstance(exc, BrokenPipeError) else _stream_failed(exc)
        _close_quietly(self.stream)
        return self._file.failed(exc)

    def commit(self) -> None:
        try:
            if self._file is not None:
                self.stream.close()
            else:
                self.stream.flush()
        except OSError as exc:
            raise self._failed(exc) from None
        if self._file is not None:
            self._file.commit()

    def abort(self) -> None:
        if self._file is not None:
            _close_quietly(self.stream)
            self._file.abort()


def _close_quietly(stream: IO[Any]) -> None:
    # what it still held cannot be written either (a full disk): given up
    with suppress(OSError):
        stream.close()


class CsvWriter(_TextTableWriter):
    """CSV with a header row; files get a UTF-8 byte-order mark so spreadsheet programs read
    Vietnamese correctly (standard output does not).  Rows end with ``\n``, and so do line
    breaks inside cells (a ``\r`` is written as ``\n``).  A cell that a spreadsheet program
    would run as a formula (``=...``, ``+...``, ``-...``, ``@...``; not a number like ``-5``)
    gets a ``'`` in front: see :func:`~tiercert._escape.spreadsheet_text`."""

    format = "csv"

    def __init__(self, header: Sequence[str], target: str | os.PathLike[str] | TextIO) -> None:
        super().__init__(header, target, bom=isinstance(target, str | os.PathLike))

    def _start(self) -> None:
        self._writer = csv.writer(self.stream, lineterminator="\n")
        self._header_written = False
        self._toward = column_toward(self.header)

    def _write_header(self) -> None:
        # not before the first row: a batch that fails at once prints nothing on stdout
        self._header_written = True
        self._writer.writerow([spreadsheet_text(name) for name in self.header])

    def commit(self) -> None:
        if not self._header_written:
            try:
                self._write_header()
            except OSError as exc:
                raise self._failed(exc) from None
        super().commit()

    def write(self, row: Sequence[object]) -> None:
        toward = self._toward
        self.write_text([csv_text(v, toward[i]) for i, v in enumerate(row)])

    def write_text(self, cells: Sequence[str]) -> None:
        """Write a row whose values are CSV text already (:func:`csv_text` of each value, as
        :class:`~tiercert.batch.ResultTable` makes them with ``text=True``)."""
        if "\r" in "".join(cells):  # the csv module would not quote a lone CR: write \n
            cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        try:
            if not self._header_written:
                self._write_header()
            self._writer.writerow(cells)
        except OSError as exc:
            raise self._failed(exc) from None
        self.rows += 1


class JsonlWriter(_TextTableWriter):
    """One JSON object per line, keys in header order, numbers as exact text ("79.5", "1/3")."""

    format = "jsonl"

    def __init__(self, header: Sequence[str], target: str | os.PathLike[str] | TextIO) -> None:
        super().__init__(header, target, bom=False)

    def _start(self) -> None:
        pass

    def write(self, row: Sequence[object]) -> None:
        record = {k: json_value(v) for k, v in zip(self.header, row, strict=True)}
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        try:
            self.stream.write(json_text(line) + "\n")
        except OSError as exc:
            raise self._failed(exc) from None
        self.rows += 1


class _Guarded(io.RawIOBase):
    """A binary file that ignores what comes after a failed write or its closing: a workbook
    whose saving failed (a full disk, Ctrl+C) is closed again when it is collected, which
    would fail again and print "Exception ignored" long after the problem was reported."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._failed = False

    def _off(self) -> bool:
        return self._failed or self._handle.closed

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._handle.seekable()

    def tell(self) -> int:
        return 0 if self._off() else self._handle.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if "a" in getattr(self._handle, "mode", ""):  # appended to: every write goes last,
            raise io.UnsupportedOperation("seek")  # so the workbook is written as a stream
        return offset if self._off() else self._handle.seek(offset, whence)

    def write(self, data: Any) -> int:
        if self._off():
            return len(data)
        try:
            return self._handle.write(data)
        except BaseException:
            self._failed = True
            raise

    def flush(self) -> None:
        if not self._off():
            self._handle.flush()


def save_workbook(book: Any, handle: IO[bytes]) -> None:
    """Save an openpyxl workbook into ``handle`` (an :class:`AtomicFile`'s)."""
    book.save(_Guarded(handle))


#: first characters openpyxl reads as a formula (``=``) or an error value (``#N/A``)
_XLSX_CARE = FORMULA_STARTS | {"#"}


def xlsx_text_cell(sheet: Any, text: str) -> Any:
    """An openpyxl cell of ``sheet`` holding ``text`` as text: never a formula or an error
    value (``=1+1`` and ``#N/A`` stay as typed), marked as typed text when it starts like a
    formula (so that editing it in a spreadsheet program keeps it text), with the control
    characters an XLSX file cannot hold shown as escapes (``\\x07``)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=xml_text(text))
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True
    return cell


class XlsxWriter(TableWriter):
    """An XLSX workbook written in streaming mode: numbers shown exactly as number cells (their
    decimal places fixed), numbers cut for reading as text, text never read as a formula, a
    bold header row.  ``sheets`` adds further small sheets (title -> rows)."""

    format = "xlsx"

    def __init__(
        self,
        header: Sequence[str],
        target: str | os.PathLike[str],
        *,
        title: str = "results",
        sheets: Mapping[str, Sequence[Sequence[object]]] | None = None,
    ) -> None:
        super().__init__(header)
        openpyxl = openpyxl_module()
        from openpyxl.styles import Font

        self._file = AtomicFile(target)  # a target that cannot be written is refused now
        self._book = openpyxl.Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title)
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for name in self.header:
            cell = self._cell(name)
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)
        self._extra = dict(sheets or {})
        self._toward = column_toward(self.header)

    def _cell(self, value: str) -> Any:
        return xlsx_text_cell(self._sheet, value)

    def _value(self, value: object, toward: Toward = "floor") -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Fraction | Decimal):
            return self._number(to_fraction(value), toward)
        text = cell_text(value, toward)
        if text[:1] in _XLSX_CARE or xml_text(text) is not text:
            return self._cell(text)
        return text

    def _number(self, value: Fraction, toward: Toward) -> object:
        """A number cell that Excel shows as tiercert does: exact values with their own
        decimal places fixed (Excel's General format would round 79.999999999999 to 80 in a
        narrow column; a fixed format shows ##### instead), others as the text people read."""
        if value.denominator == 1:
            return value.numerator
        text = display_number(value, toward)
        digits = text.lstrip("-").replace(".", "").lstrip("0")
        if text.endswith(CUT_MARK) or len(digits) > 15:  # more than a binary double holds
            return self._cell(text)
        places = len(text) - text.index(".") - 1
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self._sheet, value=Decimal(text))
        cell.number_format = "0." + "0" * places
        return cell

    def write(self, row: Sequence[object]) -> None:
        toward = self._toward
        try:  # openpyxl keeps the rows in a temporary file of its own until the end
            self._sheet.append([self._value(v, toward[i]) for i, v in enumerate(row)])
        except OSError as exc:
            self.abort()
            raise self._file.failed(exc) from None
        self.rows += 1

    def commit(self) -> None:
        try:
            for title, rows in self._extra.items():
                sheet = self._book.create_sheet(title)
                for row in rows:
                    sheet.append([self._value(v) for v in row])
            with self._file.open("wb") as handle:
                save_workbook(self._book, handle)
        except OSError as exc:
            self.abort()
            raise self._file.failed(exc) from None
        except BaseException:
            self.abort()
            raise
        self._file.commit()

    def abort(self) -> None:
        # finish and delete the sheet's own temporary file; nothing reaches the target
        try:
            self._sheet.close()
            writer = getattr(self._sheet, "_writer", None)
            if writer is not None:
                writer.cleanup()
        except Exception:  # giving up anyway; the target is untouched
            pass
        self._file.abort()


def open_writer(
    target: str | os.PathLike[str] | TextIO,
    header: Sequence[str],
    *,
    format: str | None = None,
) -> TableWriter:
    """A writer for ``target`` (a path, or a text stream for CSV/JSONL), by its extension
    unless ``format`` is given.  Use it as a context manager: the file is committed when the
    block ends normally and left untouched when it raises."""
    if format is None:
        if not isinstance(target, str | os.PathLike):
            format = "csv"
        else:
            format = EXTENSIONS.get(Path(target).suffix.lower())
            if format is None:
                raise TableError(
                    _problem(
                        "file.format",
                        "unknown output format; name the file .csv, .xlsx or .jsonl",
                        str(target),
                    )
                )
    if format == "csv":
        return CsvWriter(header, target)
    if format == "jsonl":
        return JsonlWriter(header, target)
    if format == "xlsx":
        if not isinstance(target, str | os.PathLike):
            raise TableError(
                _problem("file.format", "XLSX output needs a file name (-o results.xlsx)", None)
            )
        return XlsxWriter(header, target)
    raise TableError(_problem("file.format", f"unknown table format {format!r}", None))


def write_table(
    target: str | os.PathLike[str] | TextIO,
    header: Sequence[str],
    rows: Iterator[Sequence[object]] | Sequence[Sequence[object]],
    *,
    format: str | None = None,
) -> int:
    """Write a whole table atomically; returns the number of rows written."""
    with open_writer(target, header, format=format) as writer:
        for row in rows:
            writer.write(row)
    return writer.rows


__all__ = [
    "EXTENSIONS",
    "AtomicFile",
    "CsvWriter",
    "JsonlWriter",
    "Row",
    "RowStream",
    "TableError",
    "TableWriter",
    "XlsxWriter",
    "atomic_open",
    "atomic_path",
    "cell_text",
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
