"""What reading and writing tables share: their formats, their error, and openpyxl."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from ._i18n import msg
from .errors import STANDARD_INPUT, Problem, ProblemsError

_STDIN = STANDARD_INPUT  # (the readers name standard input so)

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


class _UnsavedFormula:
    """The value of an XLSX formula cell whose result was never saved: a workbook written by
    a script (openpyxl writes formulas, not their results) and never opened in a spreadsheet
    program.  Read as no value it would be a missing answer (0 with ``--missing zero``), so it
    is a cell of its own kind, which the readers of rows report."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<formula with no saved result>"


#: the one value of :class:`_UnsavedFormula`, in a row's cells
UNSAVED_FORMULA: Any = _UnsavedFormula()


def table_format(path: str | os.PathLike[str]) -> str | None:
    """``csv``, ``xlsx`` or ``jsonl`` from the file name, ``yaml-folder`` for a folder."""
    p = Path(path)
    if p.is_dir():
        return "yaml-folder"
    return EXTENSIONS.get(p.suffix.lower())


def problem(code: str, message: str, file: str | None, line: int | None = None) -> Problem:
    return Problem(code, message, file=file, line=line)


def openpyxl_module() -> ModuleType:
    """The ``openpyxl`` module, or a :class:`TableError` saying how to install it."""
    try:
        import openpyxl
    except ImportError:  # the optional extra is not installed
        raise TableError(
            problem(
                "xlsx.unavailable",
                msg("XLSX files need openpyxl; {xlsx_hint}", xlsx_hint=XLSX_HINT),
                None,
            )
        ) from None
    module: ModuleType = openpyxl
    return module
