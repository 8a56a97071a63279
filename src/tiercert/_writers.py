"""Every output file written: atomically (a temporary file next to the target, which replaces
it only when all was written; never a device, FIFO or symlink), and tables written as CSV,
JSON Lines or XLSX, with values turned into cell text by the display rule."""

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TextIO, cast

from ._escape import (
    FORMULA_STARTS,
    json_text,
    sheet_text,
    spreadsheet_text,
    starts_formula,
    visible_lines,
)
from ._i18n import N_, msg
from ._numbers import (
    CUT_MARK,
    DISPLAY_PLACES,
    Toward,
    display_number,
    exact_number,
    never_across,
    to_fraction,
)
from ._tables import EXTENSIONS, TableError, openpyxl_module
from ._tables import problem as _problem
from .errors import os_error_text

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
    errno.ENOSPC: N_("free some space on the disk, or write elsewhere"),
    errno.EDQUOT: N_("the disk quota is used up: free some space, or write elsewhere"),
    errno.EROFS: N_("the disk is read-only: write elsewhere"),
    errno.EACCES: N_("check the permissions of the file and its folder"),
    errno.EPERM: N_("check the permissions of the file and its folder"),
    errno.ENOENT: N_("the folder does not exist: create it first"),
}


#: the bytes a file's name may have (NAME_MAX on Linux and macOS; 255 UTF-16 units on
#: Windows) and what a temporary name adds after its prefix: ``<pid>-<n>.part``
_NAME_BYTES = 255
_TEMPORARY_TAIL = len("4194304-4294967295.part")


def _temporary_prefix(name: str) -> str:
    """``.<name>.tiercert-<host>-``, ``name`` cut (by whole characters) so that the whole
    temporary name is a name the file system takes: a target's name of 80 Vietnamese
    letters (240 bytes) is one, and was refused for its temporary file's."""
    tail = f".tiercert-{_HOST}-"
    budget = _NAME_BYTES - _TEMPORARY_TAIL - len(os.fsencode(tail)) - 1
    part = name[:100]
    while len(os.fsencode(part)) > budget:
        part = part[:-1]
    return f".{part}{tail}"


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


class FolderEntry(os.PathLike[str]):
    """The file ``name`` of ``folder``, one of several files tiercert names itself in a folder
    it fills: every writer given one writes it the :class:`AtomicFile` way for such files
    (never through or over a link, a device or a FIFO).  ``name`` is one name, never a path
    out of the folder (``..``, a separator, a NUL: a caller's bug, :class:`ValueError`)."""

    __slots__ = ("_path",)

    def __init__(self, folder: str | os.PathLike[str], name: str) -> None:
        seps = {"/", os.sep, os.altsep or "/"}
        if name in {"", ".", ".."} or "\0" in name or any(sep in name for sep in seps):
            raise ValueError(f"not the name of a file in a folder: {name!r}")
        self._path = os.path.join(os.fspath(folder), name)

    def __fspath__(self) -> str:
        return self._path

    def __str__(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"FolderEntry({self._path!r})"


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

    A :class:`FolderEntry` (one of several files tiercert names itself in a folder it fills:
    scorecards, migrated assessments, parts) was never named by the user, so what is already
    there is not theirs to point elsewhere: a symbolic link, a device, a FIFO, a socket or a
    folder is refused, never written through, in place or over; a regular file is replaced
    whole, by name.

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
        if isinstance(target, FolderEntry):
            self._start(self._entry_of_folder())
            return
        try:
            info = os.stat(self.target)  # of what a link points to
        except FileNotFoundError:
            if os.path.islink(self.target):
                raise self._refused(
                    msg(
                        "it is a symbolic link to {link}, which does not exist; remove the "
                        "link or name another file",
                        link=os.readlink(self.target),
                    )
                ) from None
            final = self.target
        except OSError as exc:
            raise self._refused(exc) from None
        else:
            if stat.S_ISDIR(info.st_mode):
                raise self._refused(msg("it is a folder; name a file in it"))
            if stat.S_ISSOCK(info.st_mode):
                raise self._refused(msg("it is a socket; name a file"))
            # a device or a FIFO, or a file another program has open (/dev/stdout: a shell's
            # '>> log'): written where it is, never replaced
            if not stat.S_ISREG(info.st_mode) or _through_a_descriptor(self.target):
                self.in_place = True
                self.path = self.final = self.target
                return
            self.existed = True
            final = Path(os.path.realpath(self.target))  # through links, which stay
        self._start(final)

    def _entry_of_folder(self) -> Path:
        """The target as a file of a folder tiercert fills: refused unless it is a regular
        file or nothing (never followed: it is replaced by name, a link planted after this
        check included)."""
        try:
            info = os.lstat(self.target)
        except FileNotFoundError:
            return self.target
        except OSError as exc:
            raise self._refused(exc) from None
        mode = info.st_mode
        if stat.S_ISREG(mode):
            self.existed = True
            return self.target
        if stat.S_ISLNK(mode):
            why = msg(
                "it is a symbolic link, and tiercert never writes through a link among the "
                "files it writes into a folder; remove the link, or name another folder"
            )
        elif stat.S_ISDIR(mode):
            why = msg("it is a folder; remove it, or name another folder")
        else:
            why = msg(
                "it is a device, a named pipe or a socket, and tiercert writes only regular "
                "files into a folder; remove it, or name another folder"
            )
        raise self._refused(why)

    def _start(self, final: Path) -> None:
        """Make the temporary file that takes ``final``'s place on :meth:`commit`."""
        self.final = final
        folder = final.parent
        prefix = _temporary_prefix(final.name)
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
        raise self._refused(msg("cannot make a temporary file next to it"))  # pragma: no cover

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
                # the file replaced, never what a link put there since points to: its
                # permissions and owner are not taken (the link itself is replaced)
                previous = os.lstat(self.final)
            except FileNotFoundError:
                previous = None
            if previous is not None and not stat.S_ISREG(previous.st_mode):
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
            kept = msg("; the file was left as it was")
        else:
            kept = msg("; nothing was written")
        return self._refused(exc, kept)

    def _refused(self, why: OSError | str, kept: str = "") -> TableError:
        if isinstance(why, OSError):
            hint = _WRITE_HINTS.get(why.errno or 0)
            if why.errno == errno.ENOENT and os.path.isdir(os.path.dirname(self.target) or "."):
                # the folder is there but takes no new files (/proc, a special file system)
                hint = N_("the folder takes no new files: write elsewhere")
            why = _reason(os_error_text(why), hint)
        return TableError(
            _problem(
                "file.unwritable",
                msg("cannot write: {why}{kept}", why=why, kept=kept),
                str(self.target),
            )
        )


def _stream_failed(exc: OSError, name: str = "standard output") -> TableError:
    """The error for ``exc``, met while writing to a stream the caller opened."""
    hint = _WRITE_HINTS.get(exc.errno or 0)
    why = _reason(os_error_text(exc), hint)
    return TableError(
        _problem("file.unwritable", msg("cannot write to {name}: {why}", name=name, why=why), None)
    )


def _reason(said: str, hint: str | None) -> str:
    """What the system said, and what to do about it when there is a hint."""
    return msg("{said}; {hint}", said=said, hint=msg(hint)) if hint else said


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


class Number(str):
    """A number's cell: the text the reader reads (``90,5`` in Vietnamese, ``7000``), keeping
    the number itself (``exact``), which a workbook writes as a number cell (when Excel can
    hold it exactly; else the text), so that a spreadsheet sorts and adds it rather than
    holding text.  CSV and JSON write the text."""

    exact: int | Fraction

    def __new__(cls, text: str, exact: int | Fraction) -> Number:
        cell = super().__new__(cls, text)
        cell.exact = exact
        return cell

    def __getnewargs__(self) -> tuple[str, int | Fraction]:  # type: ignore[override]
        return (str(self), self.exact)  # pickled between processes with its number


def number_text(text: str) -> str:
    """An exact number's text (``"7000"``, ``"12.5"``: :func:`~tiercert._numbers.exact_number`)
    as a :class:`Number`, so that a workbook writes it as a number cell; any other text as
    it is."""
    try:
        return Number(text, Fraction(text))
    except (ValueError, ZeroDivisionError):
        return text


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
    """A value as the text of a CSV cell: :func:`cell_text`, every character that does not
    print shown as its escape, line breaks aside (:func:`~tiercert._escape.sheet_text`, as an
    XLSX cell shows it), and text that a spreadsheet program would run as a formula quoted
    (:func:`~tiercert._escape.spreadsheet_text`)."""
    text = value if value.__class__ is str else cell_text(value, toward)
    assert isinstance(text, str)
    if not text.isprintable():  # a control character, a bidi override: shown as its escape
        text = sheet_text(text)
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

    def compared_with(self, edges: Mapping[str, Sequence[Fraction] | None]) -> None:
        """Be told, for columns of the header, the numbers their values were compared with
        when each unit was decided (sorted; None: not known before a unit is read): an XLSX
        workbook writes a number it cannot hold exactly as a number cell only when that cell
        lies on the same side of each of them (:func:`float_cell`).  Text outputs write
        every number as they did, and ignore it."""

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


def _on_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


class _Terminal:
    """A terminal as a text stream: what is written to it is shown as every other text
    tiercert prints for people (:func:`~tiercert._escape.visible_lines`), so that a unit name
    holding ``\\x1b]0;...`` or a bidi override cannot recolour, retitle or reorder the
    terminal; a file or a pipe gets the text as it is."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible_lines(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _TextTableWriter(TableWriter):
    def __init__(
        self, header: Sequence[str], target: str | os.PathLike[str] | TextIO, *, bom: bool
    ) -> None:
        super().__init__(header)
        self._file: AtomicFile | None = None
        if not isinstance(target, str | os.PathLike):
            on_terminal = _on_terminal(target)
            self.stream: TextIO = cast(TextIO, _Terminal(target)) if on_terminal else target
            self._start()
            return
        self._file = AtomicFile(target)
        try:  # a signal or an error before the caller's `with` holds the writer: give up
            self.stream = cast(
                TextIO,
                self._file.open("w", encoding="utf-8-sig" if bom else "utf-8", newline=""),
            )
            self._start()
        except BaseException:
            if hasattr(self, "stream"):
                _close_quietly(self.stream)
            self._file.abort()
            raise

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


def _no_lone_cr(cells: Sequence[str]) -> Sequence[str]:
    """The cells with every ``\r`` a ``\n``: the csv module quotes a cell holding the line
    terminator ``\n`` but not a lone CR, which every CSV reader takes as a row's end."""
    if "\r" not in "".join(cells):
        return cells
    return [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]


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
        # the same dialect, writing to a buffer: pieces of rows (``fields``)
        self._buffer = io.StringIO()
        self._fields = csv.writer(self._buffer, lineterminator="\n")
        self._header_written = False
        self._toward = column_toward(self.header)

    def _write_header(self) -> None:
        # not before the first row: a batch that fails at once prints nothing on stdout
        self._header_written = True
        self._writer.writerow(_no_lone_cr([csv_text(name) for name in self.header]))

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
        cells = _no_lone_cr(cells)
        try:
            if not self._header_written:
                self._write_header()
            self._writer.writerow(cells)
        except OSError as exc:
            raise self._failed(exc) from None
        self.rows += 1

    def fields(self, cells: Sequence[str]) -> str:
        """``cells`` as this writer writes them within a row of two cells or more: each
        quoted where the csv module quotes it, separated by commas, no line end; cells that
        hold no ``\r`` (:meth:`write_text` turns it into ``\n``: the caller does).  The csv
        module itself writes them (a buffer of its own), so that a row put together from
        such pieces (:meth:`write_lines`) is byte for byte the row :meth:`write_text` writes."""
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        # a lone empty cell is written as "" (a row of one): one more cell, taken off again
        self._fields.writerow((*cells, ""))
        return buffer.getvalue()[:-2]

    def write_lines(self, lines: Sequence[str]) -> None:
        """Rows put together from :meth:`fields` (each ending with ``\n``), written in one
        piece: what :meth:`write_text` writes of the same cells row by row, without the csv
        module looking at every cell of every row, and one write (one encoding) for all."""
        try:
            if not self._header_written:
                self._write_header()
            self.stream.write("".join(lines))
        except OSError as exc:
            raise self._failed(exc) from None
        self.rows += len(lines)


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


#: the significant digits Excel keeps of a number: it shows and reads no more
EXCEL_DIGITS = 15


def float_cell(value: Fraction, edges: Sequence[Fraction]) -> tuple[float, int] | None:
    """The float nearest ``value`` and the decimal places a workbook shows it with, when
    nothing Excel may show for that float contradicts a decision made from ``value``: every
    number within one unit of its last place shown (Excel rounds to those places, after
    keeping 15 significant digits) lies on the same side as ``value`` of each number of
    ``edges`` (sorted: :func:`~tiercert._numbers.never_across`), and on none it is not.
    None when some may not (``80 - 10**-20`` is the float 80.0: never a cell that reads 80),
    or the float has more whole digits than Excel keeps.

    The places are the 12 tiercert shows (:data:`~tiercert._numbers.DISPLAY_PLACES`), fewer
    when the whole digits leave fewer of Excel's 15: ``61.467948717949`` for 61.4679487...
    """
    try:
        number = float(value)  # the nearest float (ints divided, correctly rounded)
    except OverflowError:
        return None
    if not -(10**EXCEL_DIGITS) < number < 10**EXCEL_DIGITS:
        return None
    places = min(DISPLAY_PLACES, EXCEL_DIGITS - len(str(int(abs(number)))))
    held = Fraction(number)
    unit = Fraction(1, 10**places)
    for shown in (held - unit, held + unit):  # and everything between (the float itself)
        if not never_across(value, shown, (), edges):
            return None
    return number, places


#: the most characters a spreadsheet cell holds (Excel's limit, which openpyxl enforces by
#: cutting the text without a word)
XLSX_CELL_CHARS = 32767

#: first characters openpyxl reads as a formula (``=``) or an error value (``#N/A``)
_XLSX_CARE = FORMULA_STARTS | {"#"}


def xlsx_text_cell(sheet: Any, text: str) -> Any:
    """An openpyxl cell of ``sheet`` holding ``text`` as text: never a formula or an error
    value (``=1+1`` and ``#N/A`` stay as typed), marked as typed text when it starts like a
    formula (so that editing it in a spreadsheet program keeps it text), with the characters
    that do not print shown as escapes (``\\x07``, ``\\u202e``: :func:`sheet_text`; an XLSX
    file cannot even hold the C0 controls), line breaks kept, and a text longer than
    a cell holds (:data:`XLSX_CELL_CHARS`) cut with a visible ``…`` at its end."""
    from openpyxl.cell import WriteOnlyCell

    shown = sheet_text(text)
    if len(shown) > XLSX_CELL_CHARS:  # openpyxl would cut it silently: cut it visibly
        shown = shown[: XLSX_CELL_CHARS - len(CUT_MARK)] + CUT_MARK
    cell = WriteOnlyCell(sheet, value=shown)
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True
    return cell


#: what an XLSX sheet's name may not hold, and its length (Excel's rules)
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_CHARS = 31
#: the characters of a printed page's header section (Excel refuses longer ones)
_PAGE_HEADING_CHARS = 255


def sheet_title(text: str) -> str:
    """``text`` as a sheet's name Excel accepts: without ``[]:*?/\\``, at most 31
    characters (cut with ``…``); ``results`` when nothing is left."""
    name = " ".join(_SHEET_TITLE_BAD.sub(" ", sheet_text(text)).split())
    if len(name) > _SHEET_TITLE_CHARS:
        name = name[: _SHEET_TITLE_CHARS - 1].rstrip() + CUT_MARK
    return name.strip("'") or "results"


def page_heading(lines: Sequence[str]) -> str:
    """``lines`` as the text of a printed page's header: ``&`` (Excel's code sign) doubled,
    cut with ``…`` to the 255 characters Excel takes."""
    text = sheet_text("\n".join(lines))[:_PAGE_HEADING_CHARS]
    coded = text.replace("&", "&&")
    if len(coded) > _PAGE_HEADING_CHARS or len(text) < len("\n".join(lines)):
        while len(coded) > _PAGE_HEADING_CHARS - len(CUT_MARK):  # (never half a "&&")
            text = text[:-1]
            coded = text.replace("&", "&&")
        coded += CUT_MARK
    return coded


class XlsxWriter(TableWriter):
    """An XLSX workbook written in streaming mode: numbers shown exactly as number cells (their
    decimal places fixed); a number with no finite decimal form (or more digits than Excel
    keeps) as the float nearest it where no float shown of it crosses a number its column was
    compared with (:meth:`compared_with`, :func:`float_cell`), else as the text people read
    (cut toward the decision); text never read as a formula; a
    bold header row, repeated at the top of every printed page.  ``sheets`` adds further
    small sheets (title -> rows); ``heading``, lines printed at the top of every page (what
    the table is, for whom), and ``footing`` at the bottom, with the page's number: the
    sheet's first row stays the header."""

    format = "xlsx"

    def __init__(
        self,
        header: Sequence[str],
        target: str | os.PathLike[str],
        *,
        title: str = "results",
        sheets: Mapping[str, Sequence[Sequence[object]]] | None = None,
        heading: Sequence[str] = (),
        footing: Sequence[str] = (),
    ) -> None:
        super().__init__(header)
        openpyxl = openpyxl_module()
        from openpyxl.styles import Font

        self._file = AtomicFile(target)  # a target that cannot be written is refused now
        try:  # a signal or an error before the caller's `with` holds the writer: give up
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet(sheet_title(title))
            self._sheet.freeze_panes = "A2"
            self._sheet.print_title_rows = "1:1"  # a long table printed: its header on each page
            if heading:
                self._sheet.oddHeader.center.text = page_heading(heading)
            if footing:
                self._sheet.oddFooter.center.text = page_heading(footing)
                self._sheet.oddFooter.right.text = "&P/&N"  # this page / pages
            bold = Font(bold=True)
            cells = []
            for name in self.header:
                cell = self._cell(name)
                cell.font = bold
                cells.append(cell)
            self._sheet.append(cells)
        except BaseException:
            self._file.abort()
            raise
        self._extra = dict(sheets or {})
        self._toward = column_toward(self.header)
        #: each column's edges (:meth:`compared_with`); None: not known, no float written
        self._edges: list[tuple[Fraction, ...] | None] = [None] * len(self.header)

    def compared_with(self, edges: Mapping[str, Sequence[Fraction] | None]) -> None:
        for i, name in enumerate(self.header):
            if name in edges:
                known = edges[name]
                self._edges[i] = tuple(sorted(known)) if known is not None else None

    def _cell(self, value: str) -> Any:
        return xlsx_text_cell(self._sheet, value)

    def _value(
        self,
        value: object,
        toward: Toward = "floor",
        edges: tuple[Fraction, ...] | None = None,
    ) -> object:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Number):  # a number attribute's text: a number cell if exact
            return self._number(to_fraction(value.exact), toward, str(value), edges)
        if isinstance(value, Fraction | Decimal):
            return self._number(to_fraction(value), toward, None, edges)
        text = cell_text(value, toward)
        if text[:1] in _XLSX_CARE or len(text) > XLSX_CELL_CHARS or not text.isprintable():
            return self._cell(text)
        return text

    def _number(
        self,
        value: Fraction,
        toward: Toward,
        shown: str | None = None,
        edges: tuple[Fraction, ...] | None = None,
    ) -> object:
        """A number cell that Excel shows as tiercert does: exact values with their own
        decimal places fixed (Excel's General format would round 79.999999999999 to 80 in a
        narrow column; a fixed format shows ##### instead); others as the float nearest them,
        their places fixed too, when their column's ``edges`` are known and no float shown
        crosses one (:func:`float_cell`); else as the text people read (``shown`` when
        given: a :class:`Number`'s own, else the number cut for reading)."""
        if value.denominator == 1 and abs(value.numerator) < 10**EXCEL_DIGITS:
            return value.numerator  # (more digits than Excel shows: below)
        from openpyxl.cell import WriteOnlyCell

        text = display_number(value, toward)
        digits = text.lstrip("-").replace(".", "").lstrip("0")
        if not text.endswith(CUT_MARK) and len(digits) <= EXCEL_DIGITS:
            places = len(text) - text.index(".") - 1
            cell = WriteOnlyCell(self._sheet, value=Decimal(text))
            cell.number_format = "0." + "0" * places
            return cell
        # more than a binary double holds: the float, where it contradicts no decision
        held = float_cell(value, edges) if edges is not None else None
        if held is None:
            return self._cell(shown if shown is not None else text)
        number, places = held
        cell = WriteOnlyCell(self._sheet, value=number)
        cell.number_format = "0." + "0" * places if places else "0"
        return cell

    def write(self, row: Sequence[object]) -> None:
        toward = self._toward
        edges = self._edges
        try:  # openpyxl keeps the rows in a temporary file of its own until the end
            self._sheet.append([self._value(v, toward[i], edges[i]) for i, v in enumerate(row)])
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
    sheet: str = "results",
) -> TableWriter:
    """A writer for ``target`` (a path, or a text stream for CSV/JSONL), by its extension
    unless ``format`` is given; ``sheet`` names an XLSX output's sheet (in the reader's
    language: the catalog's ``results`` in the context ``sheet name``).  Use it as a context
    manager: the file is committed when the block ends normally and left untouched when it
    raises."""
    if format is None:
        if not isinstance(target, str | os.PathLike):
            format = "csv"
        else:
            format = EXTENSIONS.get(Path(target).suffix.lower())
            if format is None:
                raise TableError(
                    _problem(
                        "file.format",
                        msg("unknown output format; name the file .csv, .xlsx or .jsonl"),
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
                _problem(
                    "file.format", msg("XLSX output needs a file name (-o results.xlsx)"), None
                )
            )
        return XlsxWriter(header, target, title=sheet)
    raise TableError(
        _problem("file.format", msg("unknown table format {format!r}", format=format), None)
    )


def write_table(
    target: str | os.PathLike[str] | TextIO,
    header: Sequence[str],
    rows: Iterator[Sequence[object]] | Sequence[Sequence[object]],
    *,
    format: str | None = None,
    sheet: str = "results",
) -> int:
    """Write a whole table atomically (``sheet``: an XLSX output's sheet name); returns the
    number of rows written."""
    with open_writer(target, header, format=format, sheet=sheet) as writer:
        for row in rows:
            writer.write(row)
    return writer.rows
