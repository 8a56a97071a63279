"""Scoring a Dask DataFrame partition by partition: ``tiercert batch`` on a cluster.

Needs the ``dask`` extra: ``pip install 'tiercert[dask]'`` (dask, distributed and pandas).

:func:`score_dataframe` scores every row of a frame shaped like a batch input sheet (the
columns of ``tiercert template --format csv``), each partition where it lives, with the
rubric's compiled row scorer, and counts each partition's statistics there; the counts are
merged exactly (:meth:`~tiercert.SummaryBuilder.merge`).  Results and statistics are those of
one ``tiercert batch`` of the same rows, byte for byte, including the row numbers and the
rejection of a unit id used twice, across partitions.

It makes two passes over the frame: the first counts each partition's rows (the row numbers
of the next one start after them) and collects the unit ids, so that a duplicate is found
across partitions as a single batch finds it; the second scores.  ``frame.persist()`` first
keeps a frame read from files from being read twice.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, cast

from ._columns import unit_text
from ._shipped import RubricSource, locate_rubric
from ._yaml import read_source
from .batch import UNIT_ID, ResultTable, table_records
from .rubric import Rubric, load_rubric, parse_rubric
from .summary import Summary, SummaryBuilder
from .tabular import (
    CsvWriter,
    FolderEntry,
    Row,
    TableWriter,
    _text,
    open_writer,
    original_text,
)

if TYPE_CHECKING:
    import pandas as pd
    from dask.dataframe import DataFrame
    from dask.delayed import Delayed

DASK_HINT = (
    "install the dask extra: pip install 'tiercert[dask]' (it adds dask, distributed and pandas)"
)


def dask_modules() -> tuple[ModuleType, ModuleType, ModuleType]:
    """``dask``, ``dask.dataframe`` and ``pandas``, or an ImportError saying how to install
    them."""
    try:
        import dask
        import dask.dataframe
        import pandas
    except ImportError as exc:  # the optional extra is not installed
        raise ImportError(f"scoring a Dask DataFrame needs {exc.name}; {DASK_HINT}") from None
    return dask, dask.dataframe, pandas


@dataclass(frozen=True, slots=True)
class _Source:
    """A rubric as it travels to the workers: its text (each worker parses and compiles it
    once), not the compiled rubric; a shipped id or a path is read here, on the client."""

    raw: bytes
    label: str | None

    @classmethod
    def of(cls, rubric: Rubric | str | os.PathLike[str]) -> _Source:
        if isinstance(rubric, Rubric):  # its YAML loads back to an equal rubric
            return cls(rubric.to_yaml().encode("utf-8"), rubric.file)
        located = locate_rubric(rubric)
        if isinstance(located, RubricSource):
            try:
                raw = read_source(located.path)
            except OSError:
                pass
            else:
                if isinstance(raw, bytes):  # else larger than the limit: load_rubric says so
                    return cls(raw, located.label)
        load_rubric(os.fspath(rubric))  # raises RubricError with the problem, as everywhere
        raise AssertionError(f"{rubric!r} cannot be read but loads")  # pragma: no cover

    def load(self) -> Rubric:
        return _parsed(self.raw, self.label)


@functools.lru_cache(maxsize=8)
def _parsed(raw: bytes, label: str | None) -> Rubric:
    """The rubric of ``raw``, parsed and compiled once per process (per worker)."""
    return parse_rubric(raw, file=label)


def _fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


# --- what runs on the workers ----------------------------------------------------------------


def _rows(part: pd.DataFrame, start: int) -> Iterator[Row]:
    """The partition's rows as a batch reads the rows of a CSV file: cells stripped and in
    Unicode NFC, numbered from ``start``."""
    header = tuple(_text(str(c)) for c in part.columns)
    columns = [_cells(part.iloc[:, j].tolist()) for j in range(len(header))]
    for number, cells in enumerate(zip(*columns, strict=True), start):
        yield Row(number, header, list(cells))


def _cells(values: list[object]) -> list[object]:
    """A column's cells: text as the CSV reader leaves it, a missing value as an empty cell,
    a NumPy number as the Python number it holds."""
    try:  # most columns hold only text, and most text is ASCII (ids, numbers, yes/no)
        texts = cast(list[str], values)
        return [v.strip() if v.isascii() else _text(v) for v in texts]
    except AttributeError:
        pass
    _, _, pandas = dask_modules()
    cells: list[object] = []
    for value in values:
        if isinstance(value, str):
            cells.append(value.strip() if value.isascii() else _text(value))
        elif value is None or _is_na(pandas.isna, value):
            cells.append("")
        else:
            cells.append(value.item() if hasattr(value, "item") else value)
    return cells


def _is_na(isna: Any, value: object) -> bool:
    try:
        return bool(isna(value))
    except (TypeError, ValueError):  # a list or another container: not one missing value
        return False


def _partition_ids(part: pd.DataFrame, with_ids: bool) -> tuple[int, list[tuple[int, str]]]:
    """The partition's length, and (position, unit id) for each row a batch would remember
    the id of (not a comment row, not a row without an id)."""
    if not with_ids or UNIT_ID not in part.columns:
        return len(part), []
    ids = []
    for position, row in enumerate(_rows(part[[UNIT_ID]], 0)):
        unit_id = unit_text(row.cells[0])
        if unit_id is not None and not unit_id.startswith("#"):
            ids.append((position, unit_id))
    return len(part), ids


def _score_partition(
    part: pd.DataFrame,
    raw: bytes,
    label: str | None,
    start: int,
    used_ids: dict[str, int],
    lang: str | None,
    missing: Literal["error", "zero"] | None,
    unique_ids: bool,
    scores: tuple[str, ...] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One partition's result rows (as text, the columns of ``tiercert batch``) and its
    statistics counts."""
    _, _, pandas = dask_modules()
    rubric = _parsed(raw, label)
    builder = SummaryBuilder(rubric, lang=lang)
    # the text a CSV file of tiercert batch holds (numbers for reading, quoted text)
    table = ResultTable(rubric, lang=lang, text=True, scores=scores)
    columns = table.columns
    records = table_records(
        rubric, _rows(part, start), table, missing, unique_ids, "fast", used_ids, builder.add
    )
    rows = [list(record.values()) for record in records]
    frame = pandas.DataFrame(rows, columns=columns, dtype=str)
    return frame, builder.counts()


# --- on the client ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoredFrame:
    """What :func:`score_dataframe` gives: lazy results and statistics of one scoring pass.

    ``results`` is a Dask DataFrame of text columns, one row per input unit in input order
    (rejected units included), the columns of ``tiercert batch``; ``counts`` holds one
    delayed :meth:`~tiercert.SummaryBuilder.counts` per partition.  The two come from the same
    tasks: compute them together (:meth:`compute`, :meth:`write`) to score each row once.
    """

    results: DataFrame
    counts: Sequence[Delayed]
    rubric: Rubric
    lang: str | None = None
    scores: tuple[str, ...] | None = None  # the criteria with a score column

    @property
    def columns(self) -> list[str]:
        return ResultTable(self.rubric, lang=self.lang, scores=self.scores).columns

    def merge(self, counts: Sequence[dict[str, Any]]) -> Summary:
        """The statistics of the whole: every partition's counts merged."""
        builder = SummaryBuilder(self.rubric, lang=self.lang)
        for part in counts:
            builder.merge(part)
        return builder.summary()

    def summary(self) -> Summary:
        """Scores every partition and returns only the statistics."""
        dask, _, _ = dask_modules()
        return self.merge(dask.compute(*self.counts))

    def compute(self) -> tuple[pd.DataFrame, Summary]:
        """Every result row in one pandas DataFrame, and the statistics (for data that fits
        in the client's memory; :meth:`write` streams instead)."""
        dask, _, pandas = dask_modules()
        frames = self.results.to_delayed()
        computed = dask.compute(*frames, *self.counts)
        parts, counts = computed[: len(frames)], computed[len(frames) :]
        whole = pandas.concat(parts, ignore_index=True) if parts else None
        if whole is None:
            whole = pandas.DataFrame({c: pandas.Series(dtype=str) for c in self.columns})
        return whole, self.merge(counts)

    def write(self, target: str | os.PathLike[str], *, window: int = 8) -> Summary:
        """Write every result row to one file, as ``tiercert batch -o`` does (``.csv``,
        ``.xlsx`` or ``.jsonl``, atomically), ``window`` partitions computed at a time, and
        return the statistics."""
        dask, _, _ = dask_modules()
        frames = self.results.to_delayed()
        gathered: list[dict[str, Any]] = []
        with open_writer(target, self.columns) as writer:
            write = _row_writer(writer)
            for first in range(0, len(frames), window):
                chunk = frames[first : first + window]
                computed = dask.compute(*chunk, *self.counts[first : first + window])
                for part in computed[: len(chunk)]:
                    for values in zip(*(part[c].tolist() for c in part.columns), strict=True):
                        write(values)
                gathered.extend(computed[len(chunk) :])
        return self.merge(gathered)

    def write_parts(
        self, folder: str | os.PathLike[str], *, format: Literal["csv", "jsonl", "xlsx"] = "csv"
    ) -> Summary:
        """Each partition's results written by the worker that scored it, to
        ``FOLDER/part-00000.csv`` and so on (``format``: ``csv``, ``jsonl`` or ``xlsx``; on a
        cluster, a folder every worker can write to), and the statistics of the whole.  The
        parts in name order, each without its header, are the rows of :meth:`write`."""
        dask, _, _ = dask_modules()
        os.makedirs(folder, exist_ok=True)
        columns = self.columns
        written = [
            dask.delayed(_write_part)(part, FolderEntry(folder, f"part-{i:05d}.{format}"), columns)
            for i, part in enumerate(self.results.to_delayed())
        ]
        computed = dask.compute(*written, *self.counts)
        return self.merge(computed[len(written) :])


def _row_writer(writer: TableWriter) -> Callable[[Sequence[Any]], None]:
    """How to write result rows that are a CSV file's text already (a cell a spreadsheet
    would run as a formula has a ' in front): to a CSV file as they are, to another format
    with their original text."""
    if isinstance(writer, CsvWriter) and type(writer).write is CsvWriter.write:
        return writer.write_text
    return lambda values: writer.write(
        [original_text(v) if isinstance(v, str) else v for v in values]
    )


def _write_part(part: pd.DataFrame, target: FolderEntry, columns: list[str]) -> str:
    """One partition's results written to ``target`` by the worker that holds them."""
    with open_writer(target, columns) as writer:
        write = _row_writer(writer)
        for values in zip(*(part[c].tolist() for c in part.columns), strict=True):
            write(values)
    return str(target)


def score_dataframe(
    frame: DataFrame,
    rubric: Rubric | str | os.PathLike[str],
    *,
    lang: str | None = None,
    missing: Literal["error", "zero"] | None = None,
    unique_ids: bool = True,
    first_row: int = 2,
    scores: Sequence[str] | None = None,
) -> ScoredFrame:
    """Score every row of ``frame`` (a batch input sheet as a Dask DataFrame), partition by
    partition, on whatever Dask scheduler is active (a ``distributed.Client`` for a cluster).

    ``rubric`` is a :class:`Rubric`, a rubric file or a shipped rubric's id: its text is sent
    to the workers, which parse and compile it once each.  Read every column as text
    (``dd.read_csv(..., dtype=str, keep_default_na=False)``) to get what ``tiercert batch``
    gives for the CSV file; other dtypes are read as spreadsheet cells are.  Rows are numbered
    from ``first_row`` (2: the header is row 1 of a CSV file), one per frame row.  With
    ``unique_ids`` (the default) a unit id used by an earlier row, in any partition, rejects
    the row, as in one batch.  ``scores``: the criteria with a score column
    (:func:`tiercert.batch.score_columns`; default the top-level ones).

    Runs the first pass (row counts and unit ids) now; the scoring is lazy.  Raises
    :class:`RubricError` for an unusable rubric and ImportError without the dask extra.
    """
    dask, _, _ = dask_modules()
    source = _Source.of(rubric)
    loaded = source.load()
    # checked here (a ValueError names an unknown id), before any worker sees them
    chosen = ResultTable(loaded, scores=scores).groups if scores is not None else None
    parts = frame.to_delayed()
    scanned = dask.compute(*(dask.delayed(_partition_ids)(p, unique_ids) for p in parts))
    starts, used = _plan(scanned, first_row)
    raw = dask.delayed(source.raw, name=f"tiercert-rubric-{_fingerprint(source.raw)}")
    scored = [
        dask.delayed(_score_partition, nout=2)(
            part, raw, source.label, start, used_ids, lang, missing, unique_ids, chosen
        )
        for part, start, used_ids in zip(parts, starts, used, strict=True)
    ]
    _, dataframe, pandas = dask_modules()
    meta = pandas.DataFrame(
        {c: pandas.Series(dtype=str) for c in ResultTable(loaded, scores=chosen).columns}
    )
    results = dataframe.from_delayed([s[0] for s in scored], meta=meta, verify_meta=False)
    return ScoredFrame(results, [s[1] for s in scored], loaded, lang, chosen)


def _plan(
    scanned: Sequence[tuple[int, list[tuple[int, str]]]], first_row: int
) -> tuple[list[int], list[dict[str, int]]]:
    """Each partition's first row number, and the unit ids it shares with earlier partitions
    (id -> the row that used it first): what a single batch would remember on reaching it."""
    starts: list[int] = []
    first: dict[str, tuple[int, int]] = {}  # id -> (partition, row) of its first use
    again: dict[str, set[int]] = {}  # id -> the later partitions that use it again
    number = first_row
    for index, (length, ids) in enumerate(scanned):
        starts.append(number)
        for position, unit_id in ids:
            seen = first.get(unit_id)
            if seen is None:
                first[unit_id] = (index, number + position)
            elif seen[0] != index:
                again.setdefault(unit_id, set()).add(index)
        number += length
    used: list[dict[str, int]] = [{} for _ in scanned]
    for unit_id, partitions in again.items():
        for index in partitions:
            used[index][unit_id] = first[unit_id][1]
    return starts, used


__all__ = ["DASK_HINT", "ScoredFrame", "dask_modules", "score_dataframe"]
