"""tiercert.dask on a real local Dask cluster (two worker processes) against `tiercert batch`.

A generated programme of 100,000 units (tests/programme.py: decimals written several ways,
Vietnamese yes/no, N/A, group self-scores, bad rows, unit ids used twice far apart) is scored
once by the command in this process and once by the cluster, over some 40 partitions; the
result files must be the same bytes and the statistics the same JSON.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import distributed
import openpyxl
import pandas as pd
import pytest

import tiercert
from conftest import RUBRICS, run_cli
from programme import RUBRIC, write_programme
from tiercert.cli import main
from tiercert.dask import DASK_HINT, score_dataframe
from tiercert.summary import render_summary

# the dask extra is part of the test extra: without it these tests fail, they do not skip

UNITS = 100_000


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        # the dashboard on a port of its own (None meant :8787, which two test runs on one
        # machine fought over: "Port 8787 is already in use")
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
    _offload_thread_ended()


def _offload_thread_ended() -> None:
    """End the thread a client leaves behind: ``distributed`` offloads work to a thread pool
    of its module (``Dask-Offload_0``) whose thread lives as long as the process, and with
    another thread running a batch's ``--jobs`` cannot fork safely (``_parallel.can_fork``)
    and scores on one process; the tests of ``--jobs`` run after these ones failed so
    (``test_the_drawn_sheets_went_to_workers``).  A fresh pool takes its place: it starts a
    thread only when used again."""
    utils = distributed.utils
    pool = getattr(utils, "_offload_executor", None)
    if isinstance(pool, ThreadPoolExecutor):
        utils._offload_executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="Dask-Offload"
        )
        pool.shutdown(wait=True)


def _batch(rubric: str, sheet: Path, out: Path) -> str:
    """``tiercert batch`` in this process; returns the statistics as JSON."""
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["batch", rubric, str(sheet), "-o", str(out), "--summary", "json"]
    main(argv, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


def _read(sheet: Path, **options: object) -> Any:
    """The sheet as a Dask DataFrame, every cell as text (as the docs say to read it)."""
    return dd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig", **options)


def test_a_programme_scored_on_a_cluster_equals_one_batch(client: object, tmp_path: Path) -> None:
    sheet = tmp_path / "programme.csv"
    write_programme(sheet, UNITS)
    single = _batch(RUBRIC, sheet, tmp_path / "single.csv")
    assert '"units": 100' in single  # 100,000 units and the few comment rows skipped

    frame = _read(sheet, blocksize=300_000)
    assert frame.npartitions >= 30
    scored = score_dataframe(frame, RUBRIC)
    summary = scored.write(tmp_path / "cluster.csv")

    single_bytes = (tmp_path / "single.csv").read_bytes()
    assert (tmp_path / "cluster.csv").read_bytes() == single_bytes
    assert render_summary(summary, "json") == single
    # the programme has what it should: rejections of every kind, duplicates across partitions
    assert 10 < summary.rejected < UNITS // 10
    # (the results say their problems in the rubric's language, Vietnamese here)
    assert single_bytes.count("đã được dùng ở dòng".encode()) > 100
    assert summary.certified > 1000


def _sheet(tmp_path: Path, rows: list[str]) -> Path:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit_id,unit_name,g1,g2,g3,g4,g5\n" + "".join(rows), encoding="utf-8")
    return sheet


def test_unit_ids_used_again_in_later_partitions_are_rejected_as_in_one_batch(
    client: object, tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path,
        [
            "a,Xã A,18,23,18,14,17\n",
            "b,Xã B,18,23,18,14,17\n",
            " a ,again,15,20,16,12,14\n",  # the same id once stripped, in another partition
            "#,a comment row,,,,,\n",
            ",no id,15,20,16,12,14\n",
            "b,Xã B again,18,23,18,14,17\n",
            "c,Xã C,18,26,18,14,17\n",
            "a,and again,18,23,18,14,17\n",
        ],
    )
    single = _batch(RUBRIC, sheet, tmp_path / "single.csv")
    frame = dd.from_pandas(
        pd.read_csv(sheet, dtype=str, keep_default_na=False), npartitions=4, sort=False
    )
    assert frame.npartitions == 4
    results, summary = score_dataframe(frame, RUBRIC).compute()
    assert render_summary(summary, "json") == single
    expected = pd.read_csv(tmp_path / "single.csv", dtype=str, keep_default_na=False)
    assert results.astype(object).values.tolist() == expected.astype(object).values.tolist()
    assert list(results["row"]) == ["2", "3", "4", "6", "7", "8", "9"]  # the comment row: 5
    # written by the workers, one file per partition: the same rows
    parts = tmp_path / "parts"
    assert render_summary(score_dataframe(frame, RUBRIC).write_parts(parts), "json") == single
    files = sorted(parts.iterdir())
    assert [f.name for f in files] == [f"part-0000{i}.csv" for i in range(4)]
    lines = [line for f in files for line in f.read_text("utf-8-sig").splitlines()[1:]]
    assert lines == (tmp_path / "single.csv").read_text("utf-8-sig").splitlines()[1:]
    rejected = dict(zip(results["row"], results["problems"], strict=True))
    assert "'a' đã được dùng ở dòng 2" in rejected["4"]
    assert "'b' đã được dùng ở dòng 3" in rejected["7"]
    assert "'a' đã được dùng ở dòng 2" in rejected["9"]


def test_numbers_typed_as_numbers_are_read_as_spreadsheet_cells(
    client: object, tmp_path: Path
) -> None:
    sheet = _sheet(tmp_path, ["x,Xã X,18,22.5,18,14,17\n", "y,Xã Y,15,,16,12,14\n"])
    single = _batch(RUBRIC, sheet, tmp_path / "single.csv")
    typed = pd.DataFrame(
        {
            "unit_id": ["x", "y"],
            "unit_name": ["Xã X", "Xã Y"],
            "g1": [18, 15],
            "g2": [22.5, float("nan")],  # a float column; the empty cell is NaN
            "g3": [18, 16],
            "g4": [14, 12],
            "g5": [17, 14],
        }
    )
    scored = score_dataframe(dd.from_pandas(typed, npartitions=2), RUBRIC)
    assert render_summary(scored.summary(), "json") == single


def test_a_rubric_file_or_object_works_like_an_id(client: object, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, ["x,Xã X,18,22.5,18,14,17\n"])
    frame = _read(sheet)
    by_id = score_dataframe(frame, RUBRIC).compute()[0]
    rubric = tiercert.load_rubric(RUBRIC)
    for given in (rubric, RUBRICS / f"{RUBRIC}.yaml"):
        assert score_dataframe(frame, given).compute()[0].equals(by_id)
    with pytest.raises(tiercert.RubricError, match="no shipped rubric has the id 'nothing'"):
        score_dataframe(frame, "nothing")


def test_without_the_extra_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # as if it were not installed
    with pytest.raises(ImportError) as caught:
        tiercert.dask.score_dataframe(object(), RUBRIC)  # type: ignore[arg-type]
    assert str(caught.value) == f"scoring a Dask DataFrame needs dask; {DASK_HINT}"
    assert "pip install 'tiercert[dask]'" in DASK_HINT


def test_a_dask_frame_is_quoted_as_a_batch_is(batch_work: Path) -> None:
    import dask

    sheet = batch_work / "q.csv"
    sheet.write_text(
        "unit_id,unit_name,g1,g2.1,g2.2,g2.3,bi_ky_luat\n"
        "=1+1,@Xã A,40,85,0,4,không\n-7,'x,40,85,0,4,không\n",
        encoding="utf-8",
    )
    frame = dd.from_pandas(pd.read_csv(sheet, dtype=str, keep_default_na=False), npartitions=1)
    with dask.config.set(scheduler="synchronous"):
        scored = score_dataframe(frame, "rubric.yaml")
        for name in ("d.csv", "d.jsonl", "d.xlsx"):
            scored.write(batch_work / name)
    for name in ("b.csv", "b.jsonl", "b.xlsx"):
        assert run_cli("batch", "rubric.yaml", "q.csv", "-o", name)[0] == 0
    assert (batch_work / "d.csv").read_bytes() == (batch_work / "b.csv").read_bytes()
    assert "'=1+1,'@Xã A" in (batch_work / "d.csv").read_text(encoding="utf-8-sig")
    lines = [
        [json.loads(line) for line in (batch_work / f"{who}.jsonl").read_text().splitlines()]
        for who in "db"
    ]
    assert [(r["unit_id"], r["unit_name"]) for r in lines[0]] == [("=1+1", "@Xã A"), ("-7", "'x")]
    assert [(r["unit_id"], r["unit_name"]) for r in lines[1]] == [("=1+1", "@Xã A"), ("-7", "'x")]
    book = openpyxl.load_workbook(batch_work / "d.xlsx")
    assert [c.value for c in book["results"]["B"][1:]] == ["=1+1", "-7"]


def test_batch_jobs_beside_a_client_says_it_scores_in_one_process(
    client: object, tmp_path: Path
) -> None:
    """(leftovers, fourteenth round) a client leaves a thread behind (``Dask-Offload_0``),
    beside which no worker can be forked safely: ``batch --jobs 2`` scored in one process and
    said nothing. Now it says why."""
    small = _sheet(tmp_path, [f"u{i},Xã {i},18,23,18,14,17\n" for i in range(20)])
    score_dataframe(_read(small), RUBRIC).compute()  # the client at work
    # more than one chunk (2,048 rows): the one a second process would have scored
    sheet = tmp_path / "large.csv"
    sheet.write_text(
        small.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        + "".join(f"u{i},Xã {i},18,23,18,14,17\n" for i in range(2100)),
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", RUBRIC, str(sheet), "-o", str(tmp_path / "o.csv"), "--jobs", "2"]
    assert main([*argv, "--lang", "en"], stdout=out, stderr=err) == 0, err.getvalue()
    told = err.getvalue()
    assert "2 processes were asked for, but the rows are scored in this one" in told
    assert "Dask-Offload" in told
