"""Problems found in rubrics and assessments, and the exceptions that carry them."""

from __future__ import annotations

import errno
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from ._escape import json_encodable, visible
from ._i18n import N_, Column, Message, in_lang, msg, translator

if TYPE_CHECKING:
    from gettext import NullTranslations

#: A path into a YAML/JSON document: mapping keys and list indices, outermost first.
Path = tuple[str | int, ...]


class Severity(str, Enum):
    """How bad a problem is. Errors make a document unusable; warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document: where, what, and what to do about it.

    ``path`` is the raw location (keys and indices); ``where`` is the same location
    written for people, naming list items by their ``id`` (``$.criteria[g2].max``).
    ``line`` and ``column`` are 1-based positions in the source file, when known.
    """

    code: str
    message: str
    path: Path = ()
    severity: Severity = Severity.ERROR
    where: str = "$"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    value: object = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, file: str | None, line: int | None, column: int | None) -> Problem:
        """The same problem with a file position filled in."""
        return replace(self, file=file, line=line, column=column)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: :attr:`message` is a :class:`~tiercert._i18n.Message`
        (English, and the catalog message it was written from), written in any language."""
        return in_lang(self.message, lang)

    def format(self, lang: str = "en") -> str:
        """``FILE:LINE:COL: error|warning: PATH: MESSAGE [code]``, on one line, the severity
        and the message in ``lang`` (``lỗi``, ``cảnh báo`` in Vietnamese): control characters
        in what it quotes are shown as escapes (``\\n``, ``\\x1b``).  The path and the code
        stay as they are in every language.  A sheet's row and column are worded as the
        language's readers look for them (``units.csv, dòng 5, cột C`` in Vietnamese; the
        catalog says), as are a JSON Lines file's line and character (``units.jsonl, dòng 5,
        ký tự 18``), and their problem of a whole row, line or file says no path (``$``)."""
        said = translator(lang)
        place = self.file or "<input>"
        sheet = self.file is not None and (
            self.file.lower().endswith(SHEET_SUFFIXES) or self.file == STANDARD_INPUT
        )
        lines = self.file is not None and self.file.lower().endswith(JSON_LINES_SUFFIXES)
        if self.line is not None and sheet:
            place = _sheet_place(said, place, self.line, self.column)
        elif self.line is not None and lines:
            place = _line_place(said, place, self.line, self.column)
            sheet = True  # a line's problem of the whole line says no path either
        elif self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        severity = (
            said.pgettext("severity", "error")
            if self.is_error
            else said.pgettext("severity", "warning")
        )
        path = "" if sheet and self.where == "$" else f"{self.where}: "
        return visible(f"{place}: {severity}: {path}{self.text(lang)} [{self.code}]")

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping with a stable set of keys."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "path": self.where,
            "message": self.message,
            "code": self.code,
        }


#: the files whose rows and columns a person finds in a spreadsheet program
SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: the name of standard input, which a sheet is read from as CSV
STANDARD_INPUT = "<stdin>"
#: JSON Lines files: one unit a line, a problem placed at its line (and character)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")


def _line_place(said: NullTranslations, file: str, line: int, column: int | None) -> str:
    """Where in a JSON Lines file: ``units.jsonl:5:18`` in English (the form editors jump
    to), ``units.jsonl, dòng 5, ký tự 18`` in Vietnamese: the catalog's message in the
    context ``place in a JSON Lines file``; a problem of the whole line or of one of its
    fields (the problem's path names the field) names no character."""
    if column is None:
        # TRANSLATORS: a line of a JSON Lines file (one unit a line); ":1" is only where an
        # editor jumps to, no character is meant
        text = said.pgettext("place in a JSON Lines file", "{file}:{line}:1")
        return text.format(file=file, line=line)
    # TRANSLATORS: {column} is the character of the line where the JSON goes wrong
    text = said.pgettext("place in a JSON Lines file", "{file}:{line}:{column}")
    return text.format(file=file, line=line, column=column)


def _sheet_place(said: NullTranslations, file: str, row: int, column: int | None) -> str:
    """Where in a sheet: ``units.csv:5:3`` in English (the form editors jump to), ``units.csv,
    dòng 5, cột C`` in Vietnamese: the catalog's message in the context ``place in a sheet``;
    a problem of the whole row names no column."""
    if column is None:
        # TRANSLATORS: a sheet's row; ":1" is only where an editor jumps to, no column is meant
        return said.pgettext("place in a sheet", "{file}:{row}:1").format(file=file, row=row)
    # TRANSLATORS: {column:letter} writes the column's letters (C), {column} its number (3)
    text = said.pgettext("place in a sheet", "{file}:{row}:{column}")
    return text.format(file=file, row=row, column=Column(column))


def problem_of(
    code: str,
    template: str,
    path: Path = (),
    *,
    value: object = None,
    severity: Severity = Severity.ERROR,
    **params: object,
) -> Problem:
    """A problem whose message is the catalog message ``template`` (English, with named
    placeholders) filled with ``params``: :attr:`Problem.message` is the English, and
    :meth:`Problem.format` writes it in any language."""
    return Problem(code, Message(template, params), path, severity, value=value)


def sort_key(problem: Problem) -> tuple[str, int, int, int, str, str]:
    """Default order for reports: by file position, errors before warnings, then text.

    Callers can pass their own key; the order never depends on the order problems were found.
    """
    return (
        problem.file or "",
        problem.line or 0,
        problem.column or 0,
        0 if problem.is_error else 1,
        problem.where,
        problem.code + problem.message,
    )


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=sort_key)


def problems_to_json(problems: Sequence[Problem]) -> str:
    import json  # only JSON output needs it (start-up time: docs/performance.md)

    return json_encodable(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))


class TiercertError(Exception):
    """Base class of every error tiercert raises on purpose."""


class ProblemsError(TiercertError):
    """A document has problems; ``problems`` lists all of them, sorted."""

    def __init__(self, problems: Iterable[Problem], what: str = "document") -> None:
        self.problems = sorted_problems(problems)
        errors = [p for p in self.problems if p.is_error]
        first = errors[0].format() if errors else "no errors"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"invalid {what}: {first}{more}")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class RubricError(ProblemsError):
    """The rubric cannot be used: it failed to load, validate or check."""

    def __init__(self, problems: Iterable[Problem], *, language: str | None = None) -> None:
        super().__init__(problems, "rubric")
        #: the language the rubric declares, when it could be read: its problems' language
        self.language = language


class AssessmentError(ProblemsError):
    """The answers do not fit the rubric: unknown ids, wrong types, missing answers..."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems, "assessment")


class DataError(ProblemsError, ValueError):
    """Data handed to a call is not what it reads: a result's JSON form
    (``Result.from_dict``, ``Result.from_json``), a builder's counts or an output record
    (``SummaryBuilder.merge``, ``add_record``), the score columns asked of a table
    (``ResultTable``, ``score_columns``).  Its problem has a stable ``code``
    (``result.number``, ``counts.rubric``...) and a ``path``: the keys and indices of the value
    in the data given (``("nodes", 3, "score")``, which ``where`` writes ``$.nodes[g4].score``).
    Also a ``ValueError``, what these calls raised before: code catching that still does."""

    def __init__(self, problems: Iterable[Problem], what: str = "data") -> None:
        super().__init__(problems, what)
        self.what = what

    def _under(self, *keys: str | int) -> DataError:
        """The same problems, found in the value at ``keys`` of a larger whole."""
        return DataError([replace(p, path=(*keys, *p.path)) for p in self.problems], self.what)

    def _placed(self, data: object) -> DataError:
        """The same problems, their ``where`` written from ``data`` (what the path is in:
        list items named by their ``id``)."""
        from ._paths import render_path

        return DataError(
            [replace(p, where=render_path(p.path, data)) for p in self.problems], self.what
        )


def data_error(code: str, message: str, *path: str | int, what: str = "data") -> DataError:
    """A :class:`DataError` of one problem (``message``: a catalog message, ``msg(...)``)."""
    from ._paths import render_path

    return DataError([Problem(code, message, path, where=render_path(path, None))], what)


#: what the common operating-system errors mean, in the reader's language
_OS_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.ENAMETOOLONG: N_("the name is longer than the file system allows; name it shorter"),
    errno.ELOOP: N_("the path goes round in a loop of symbolic links"),
}


def os_error_text(exc: OSError) -> str:
    """Why ``exc`` happened, as a catalog message (``no such file or folder``); an error
    without one keeps the system's own words, quoted."""
    known = _OS_ERRORS.get(exc.errno or 0)
    if known is not None:
        return msg(known)
    return msg("the system says {detail!r}", detail=exc.strerror or str(exc))
