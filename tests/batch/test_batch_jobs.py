"""``tiercert batch --jobs N``: the row loop's chunks on worker processes give the same bytes,
problems, summary and exit code as one process; a worker's failure and Ctrl+C end cleanly."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import random
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_batch_rows import _bac_giang_rows, _raw_csv, _spelt, sheets

import tiercert
import tiercert._parallel
import tiercert.batch
from conftest import ROOT
from tiercert import Rubric
from tiercert._fast.numbers import EXCLUDED, MISSING
from tiercert.batch import ResultTable, score_rows
from tiercert.cli import main
from tiercert.summary import SummaryBuilder, SummaryData
from tiercert.tabular import CsvWriter, read_csv

BAC_GIANG = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"


class _Counted(tiercert._parallel.Workers):
    """Workers that count how many times a batch started them."""

    started = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).started += 1
        super().__init__(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[_Counted]:
    _Counted.started = 0
    monkeypatch.setattr(tiercert.batch, "Workers", _Counted)
    return _Counted


def _scored(
    rubric: Rubric, path: Path, jobs: int, chunk: int
) -> tuple[str, SummaryData, list[str], int]:
    """What ``score_rows`` makes of a CSV file on ``jobs`` processes: the output, the summary,
    the problems in order and the rows counted in bulk."""
    out = io.StringIO()
    tally = SummaryBuilder(rubric)
    counted: list[int] = []
    problems: list[str] = []
    with CsvWriter(ResultTable(rubric).columns, out) as writer:
        for outcome in score_rows(
            rubric,
            read_csv(path),
            writer,
            tally=tally,
            on_rows=counted.append,
            jobs=jobs,
            _chunk=chunk,
        ):
            problems += [p.format() for p in outcome.problems]
    return out.getvalue(), tally.summary().to_dict(), problems, sum(counted)


@settings(max_examples=40, deadline=None)
@given(
    sheets(),
    st.integers(2, 3),
    st.integers(1, 4),
    st.integers(0, 8),
    st.randoms(use_true_random=False),
)
def test_jobs_write_what_one_process_writes(
    tmp_path_factory: pytest.TempPathFactory,
    sheet: tuple[Rubric, list[str], list[list[str]]],
    jobs: int,
    chunk: int,
    again: int,
    rng: random.Random,
) -> None:
    """Drawn sheets (good and bad rows, N/A, evidence, empty, comment and blank rows), with
    rows drawn again after them (unit ids used twice, across the borders of tiny chunks):
    every byte, problem (in order, with its row) and count as on one process."""
    rubric, header, rows = sheet
    rows = rows + [list(rng.choice(rows)) for _ in range(again)]
    rows = [[_spelt(cell, rng) for cell in row] for row in rows]
    path = tmp_path_factory.mktemp("jobs") / "units.csv"
    _raw_csv(path, header, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiercert.batch, "Workers", _Counted)
        _Counted.started = 0
        alone = _scored(rubric, path, 1, chunk)
        assert _Counted.started == 0
        shared = _scored(rubric, path, jobs, chunk)
    assert shared == alone
    _STARTED.append(_Counted.started)


#: whether workers started, per example of the test above (see the test after it)
_STARTED: list[int] = []


def test_the_drawn_sheets_went_to_workers() -> None:
    """The property above is about something: most of its sheets were scored by workers."""
    if not _STARTED:
        pytest.skip("run with the test above")
    assert sum(_STARTED) >= len(_STARTED) // 3, _STARTED


def test_a_large_sheet_goes_to_workers_and_writes_the_same(
    tmp_path: Path, counted: type[_Counted]
) -> None:
    """The shipped rubric, 600 rows (odd cells, decimals, ids used twice far apart), chunks of
    7: the workers start once, and the output, problems, summary and counts are one
    process's.  Fails on the code before ``--jobs`` (no such argument)."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 600, 5)
    for at in (7, 8, 300, 599):  # an id of an earlier chunk, and of the chunk itself
        rows[at][0] = rows[at - 7][0]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    alone = _scored(rubric, path, 1, 7)
    assert counted.started == 0
    shared = _scored(rubric, path, 2, 7)
    assert counted.started == 1
    assert shared == alone
    assert _scored(rubric, path, 3, 64) == alone  # a second batch in this process forks too
    assert counted.started == 2
    assert alone[3] > 500  # most rows were scored by the row loop, in bulk
    assert sum("unit.duplicate" in p for p in alone[2]) == 4


EXCLUDING = """\
format: 1
id: ex
version: "1"
title: EX
criteria:
  - {id: a, title: A, max: 10, rule: {kind: boolean, points: 10}, na: {counts_as: excluded}}
  - {id: b, title: B, max: 10, rule: {kind: boolean, points: 10}}
tiers: [{id: ok, label: OK, rank: 1, min: 5}]
"""


def test_a_top_criterion_taken_out_by_na_crosses_processes(
    tmp_path: Path, counted: type[_Counted]
) -> None:
    """A top-level criterion answered N/A has the score EXCLUDED, which the workers send
    back: it could not be pickled (a class made by ``type()``), the worker's result was lost
    and the batch ended with an IndexError. Now the same object on both sides."""
    rubric = tiercert.rubric_from_mapping(yaml.safe_load(EXCLUDING))
    rows = [[f"u{i}", ["na", "yes", "no"][i % 3], "yes"] for i in range(40)]
    path = tmp_path / "units.csv"
    _raw_csv(path, ["unit_id", "a", "b"], rows)
    alone = _scored(rubric, path, 1, 4)
    shared = _scored(rubric, path, 2, 4)
    assert counted.started == 1
    assert shared == alone
    assert alone[3] > 30  # scored by the row loop, in bulk
    assert pickle.loads(pickle.dumps(EXCLUDED)) is EXCLUDED
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING


def test_a_sheet_of_one_chunk_starts_no_worker(tmp_path: Path, counted: type[_Counted]) -> None:
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 209, 3)  # a province's communes
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    assert _scored(rubric, path, 4, 2048) == _scored(rubric, path, 1, 2048)
    assert counted.started == 0


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 300-row sheet for the shipped rubric, in chunks of 16 (so workers start)."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 300, 11)
    rows[150][0] = rows[3][0]
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    monkeypatch.setattr(tiercert.batch, "_CHUNK", 16)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_the_command_with_jobs(sheet: Path, suffix: str) -> None:
    """Output file, summary, problems on standard error and exit code, as with --jobs 1."""
    found = []
    for jobs in ("1", "2", "auto"):
        target = sheet.with_name(f"out-{jobs}{suffix}")
        status, out, err = _run(
            "batch", str(BAC_GIANG), str(sheet), "-o", str(target), "--jobs", jobs
        )
        found.append((status, out, err, target.read_bytes() if suffix != ".xlsx" else b""))
    assert found[0][0] == 1  # rows with problems
    assert found[1] == found[0]
    assert found[2] == found[0]


@pytest.mark.parametrize("given", ["0", "-1", "two", "1.5", "", " ", "²", "2x"])
def test_jobs_must_be_a_whole_number_or_auto(sheet: Path, given: str) -> None:
    target = sheet.with_name("out.csv")
    status, _, err = _run(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(target), "--jobs", given, "--lang", "en"
    )
    assert status == 2
    assert "--jobs takes a whole number of processes, 1 or more, or auto" in err
    assert not target.exists()
    status, _, err = _run("batch", str(BAC_GIANG), str(sheet), "--jobs", given, "--lang", "vi")
    assert status == 2
    assert "--jobs nhận một số nguyên các tiến trình" in err


def test_auto_is_the_processors_this_process_may_use() -> None:
    from tiercert.cli import _jobs

    assert _jobs("auto") == _jobs(" AUTO ") == tiercert._parallel.available_cpus() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert tiercert._parallel.available_cpus() == len(os.sched_getaffinity(0))
    assert _jobs(None) == 1
    assert _jobs("3") == 3


def _dies(work: Any, tasks: Any, results: Any) -> None:
    tasks.get()
    os._exit(3)  # as a worker killed (out of memory) would end


def _raises(work: Any, tasks: Any, results: Any) -> None:
    tasks.get()
    results.put((False, "RuntimeError: broken"))


@pytest.mark.parametrize(("serve", "why"), [(_dies, "exit code 3"), (_raises, "RuntimeError")])
def test_a_worker_that_fails_ends_the_batch_cleanly(
    sheet: Path, monkeypatch: pytest.MonkeyPatch, serve: Any, why: str
) -> None:
    """A message naming the rows (vi and en), no traceback, no output file, no worker left."""
    monkeypatch.setattr(tiercert._parallel, "_serve", serve)
    target = sheet.with_name("out.csv")
    for lang, said in (("en", "a process scoring rows"), ("vi", "một tiến trình đang chấm")):
        status, _, err = _run(
            "batch", str(BAC_GIANG), str(sheet), "-o", str(target), "--jobs", "2", "--lang", lang
        )
        assert status == 1
        assert said in err
        assert why in err
        assert "[batch.worker]" in err
        assert "Traceback" not in err
        assert not target.exists()
        assert list(sheet.parent.glob("*.tmp*")) == []
        assert multiprocessing.active_children() == []


def test_ctrl_c_stops_the_workers_and_leaves_no_output(
    sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tiercert._parallel.Workers.take
    calls = []

    def take(self: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return taken(self)

    monkeypatch.setattr(tiercert._parallel.Workers, "take", take)
    target = sheet.with_name("out.csv")
    status, _, err = _run(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(target), "--jobs", "2", "--lang", "en"
    )
    assert status == 130
    assert "interrupted" in err
    assert "was left as it was" in err
    assert "Traceback" not in err
    assert not target.exists()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("at", "chunk"), [(5, 16), (200, 16), (200, 2048)])
def test_text_that_is_not_utf8_is_reported_as_one_process_reports_it(
    sheet: Path, monkeypatch: pytest.MonkeyPatch, at: int, chunk: int
) -> None:
    """The same problems before it, the same row in the message: in the header's block, in
    the first chunk (read whole before any worker starts) or after workers started."""
    monkeypatch.setattr(tiercert.batch, "_CHUNK", chunk)
    lines = sheet.read_bytes().split(b"\n")
    lines[at] = lines[at].replace(b",", b",\xff", 1)
    sheet.write_bytes(b"\n".join(lines))
    found = [
        _run("batch", str(BAC_GIANG), str(sheet), "--jobs", jobs, "--lang", "en")[::2]
        for jobs in ("1", "2")
    ]
    assert found[0][0] == 2
    assert "not UTF-8" in found[0][1]
    assert found[1] == found[0]


def test_a_result_that_cannot_be_pickled_is_the_tasks_failure() -> None:
    """A worker's result went through the queue's own thread, which dropped one it could not
    pickle: the caller waited for it for ever. Now the task fails, by name."""
    got: list[BaseException] = []

    def taken() -> None:
        try:
            with tiercert._parallel.Workers(lambda task: threading.Lock(), 1) as workers:
                workers.give(1)
                workers.take()
        except tiercert._parallel.WorkerFailed as exc:
            got.append(exc)

    waiting = threading.Thread(target=taken, daemon=True)
    waiting.start()
    waiting.join(timeout=30)
    assert not waiting.is_alive(), "the caller still waits for the lost result"
    assert len(got) == 1
    assert "pickle" in str(got[0])


def test_jobs_beside_another_thread_say_they_run_in_one_process(
    sheet: Path, tmp_path: Path, counted: type[_Counted]
) -> None:
    """(leftovers, fourteenth round) a thread running in the process (a dask client leaves
    ``Dask-Offload_0`` behind) makes forking unsafe: the rows were scored in one process and
    nothing said so. Now the command says it, in the reader's language; the output is one
    process's, as before."""
    want = _run(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(tmp_path / "one.csv"), "--lang", "en"
    )
    parked = threading.Event()
    other = threading.Thread(target=parked.wait, name="Dask-Offload_0")
    other.start()
    try:
        got = {
            lang: _run(
                "batch",
                str(BAC_GIANG),
                str(sheet),
                "-o",
                str(tmp_path / f"{lang}.csv"),
                "--jobs",
                "2",
                "--lang",
                lang,
            )
            for lang in ("en", "vi")
        }
        with pytest.warns(RuntimeWarning, match="2 processes were asked for"):
            _scored(tiercert.load_rubric(BAC_GIANG), sheet, 2, 16)
    finally:
        parked.set()
        other.join()
    assert counted.started == 0
    assert got["en"][0] == want[0]
    assert (tmp_path / "en.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert (
        "tiercert batch: 2 processes were asked for, but the rows are scored in this one: other "
        "threads run in this process (Dask-Offload_0: a dask client leaves one behind), and a "
        "process forked beside them could inherit their locks taken\n"
    ) in got["en"][2]
    assert "đã yêu cầu 2 tiến trình, nhưng các dòng được chấm trong tiến trình này" in got["vi"][2]
    # alone again, the command forks and says nothing of it
    status, _, err = _run(
        "batch", str(BAC_GIANG), str(sheet), "-o", str(tmp_path / "two.csv"), "--jobs", "2"
    )
    assert status == want[0]
    assert counted.started == 1
    assert "processes were asked for" not in err


def test_a_sheet_of_one_chunk_beside_another_thread_says_nothing_of_processes(
    tmp_path: Path, counted: type[_Counted]
) -> None:
    """(seventeenth round) a sheet of one chunk is scored in the command's process whatever
    ``--jobs`` says; beside another thread the command still said the processes asked for
    were not used: a line that changed nothing, and that made the output of the same command
    depend on what else ran in the process (a docs example failed beside a dask test)."""
    rubric = tiercert.load_rubric(BAC_GIANG)
    header, rows = _bac_giang_rows(rubric, 209, 3)  # a province's communes
    path = tmp_path / "units.csv"
    _raw_csv(path, header, rows)
    alone = _run("batch", str(BAC_GIANG), str(path), "-o", str(tmp_path / "one.csv"))
    parked = threading.Event()
    other = threading.Thread(target=parked.wait, name="Dask-Offload_0")
    other.start()
    try:
        beside = _run(
            "batch", str(BAC_GIANG), str(path), "-o", str(tmp_path / "two.csv"), "--jobs", "2"
        )
    finally:
        parked.set()
        other.join()
    assert beside == alone
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert counted.started == 0
