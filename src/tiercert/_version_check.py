"""The rows of a batch answered against another version of its rubric (``tiercert batch``).

Apart from :mod:`tiercert.migrate` (which re-exports :class:`VersionCheck`), so that a batch
imports what it needs to count them and not the migration, ``diff`` and the light schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ._columns import row_problem, unit_text
from ._i18n import msg
from ._paths import LISTED, SHOWN_TEXT, listed
from .assessment import answered_version, version_problem
from .errors import Problem, Severity
from .rubric import Rubric
from .tabular import Row
from .template import RUBRIC_VERSION


class VersionCheck(Iterator[Row]):
    """The rows of an input as they come, each one answered against another version of
    ``rubric`` (``rubric_version:`` in a file, the ``rubric_version`` column of a sheet)
    counted in :attr:`stale`, and with ``strict`` replaced by a row with that problem (so that
    ``batch`` rejects it).  ``fraction`` and ``close`` are the input's."""

    def __init__(
        self,
        rows: Iterator[Row],
        rubric: Rubric,
        *,
        strict: bool = False,
        name: str | None = None,
        source: str | None = None,
    ) -> None:
        self._rows = rows
        self._rubric = rubric
        self._strict = strict
        self._name = name
        self._source = source
        #: version -> the first rows answered against it (a sheet's row numbers, or file
        #: names), for the first :data:`LISTED` versions met: what the warning names
        self.stale: dict[str, list[str]] = {}
        #: how many rows were answered against another version, and against how many of them
        self.count = 0
        self._versions: set[int] = set()  # (their hashes: a sheet may hold any number)

    def __iter__(self) -> VersionCheck:
        return self

    def __next__(self) -> Row:
        row = next(self._rows)
        version = _row_version(row)
        if answered_version(self._rubric, version):
            return row
        assert version is not None
        label = Path(row.file).name if row.document is not None and row.file else str(row.number)
        self.count += 1
        self._versions.add(hash(version))
        rows = self.stale.get(version)
        if rows is None and len(self.stale) < LISTED:
            self.stale[version] = rows = []
        if rows is not None and len(rows) <= _ROWS:
            rows.append(label)
        if not self._strict:
            return row
        problem = version_problem(
            self._rubric, version, strict=True, name=self._name, assessment=self._source
        )
        assert problem is not None
        where = row.header.index(RUBRIC_VERSION) if RUBRIC_VERSION in row.header else None
        at = row_problem(problem.code, problem.message, row, RUBRIC_VERSION, where)
        return Row(row.number, file=row.file, problems=(at,))

    @property
    def records(self) -> object:
        """The input's CSV records, for a batch that reads them itself (see
        :class:`~tiercert.tabular.CsvRecords`); it must leave a sheet with a
        ``rubric_version`` column to this check, row by row."""
        return getattr(self._rows, "records", None)

    @property
    def header(self) -> object:
        """The input's header, once read: a batch checks a header no row came to check."""
        return getattr(self._rows, "header", None)

    @property
    def file(self) -> object:
        return getattr(self._rows, "file", None)

    @property
    def fraction(self) -> float | None:
        fraction = getattr(self._rows, "fraction", None)
        return fraction if isinstance(fraction, float) else None

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if callable(close):
            close()

    def warning(self) -> Problem | None:
        """One warning for the whole input, or None when every row is of this version (or,
        with ``strict``, when each such row was rejected with its own problem)."""
        if not self.stale or self._strict:
            return None
        source = self._source or "INPUT"
        count = self.count
        versions = listed(
            [
                f"{_cut(version)}: {', '.join(rows[:_ROWS])}" + ("…" if len(rows) > _ROWS else "")
                for version, rows in self.stale.items()
            ],
            "; ",
            len(self._versions),
        )
        rubric = self._rubric
        values = {
            "count": count,
            "rubric": rubric.id,
            "version": rubric.version,
            "versions": versions,
            "name": self._name or rubric.id,
            "source": source,
        }
        message = (
            msg(
                "{count} units were answered against another version of {rubric} than "
                "{version} ({versions}): scores may be wrong where the criteria changed; "
                "carry the answers to this version with tiercert migrate OLD {name} "
                "{source} -o NEW_FILE",
                **values,
            )
            if count != 1
            else msg(
                "{count} unit was answered against another version of {rubric} than "
                "{version} ({versions}): scores may be wrong where the criteria changed; "
                "carry the answers to this version with tiercert migrate OLD {name} "
                "{source} -o NEW_FILE",
                **values,
            )
        )
        return Problem(
            "assessment.version",
            message,
            severity=Severity.WARNING,
            file=source,
        )


#: the rows the warning names for each version
_ROWS = 5


def _cut(version: str) -> str:
    """A version as the warning names it: a long one cut (a cell may hold a page of text)."""
    return version if len(version) <= SHOWN_TEXT else version[:SHOWN_TEXT] + "…"


def _row_version(row: Row) -> str | None:
    if row.document is not None:
        version = row.document.get("rubric_version")
        return version if isinstance(version, str) else None
    if RUBRIC_VERSION in row.header:
        at = row.header.index(RUBRIC_VERSION)
        return unit_text(row.cells[at]) if at < len(row.cells) else None
    return None
