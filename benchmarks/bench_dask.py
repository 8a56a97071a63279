"""Scaling out: rows per second of ``tiercert batch`` and of ``tiercert.dask`` on 1 and 2 workers.

Generates a programme of units for the shipped Bắc Giang rubric (tests/programme.py: a
realistic mix with some 1.5 % bad rows, fixed seed) as one CSV file, then scores it three ways
in the same run, each writing one results CSV file:

- ``tiercert batch``: the command, in one process (``tiercert.cli.main``);
- ``dask, 1 worker`` and ``dask, 2 workers``: ``dd.read_csv`` (every cell as text) and
  ``tiercert.dask.score_dataframe(...).write(...)`` on a ``distributed.LocalCluster`` of
  worker processes with one thread each; then the same with ``.summary()``, the statistics
  only, which leaves out sending every result row to this process and writing it.

The clock runs from reading the rubric to the last byte written, statistics included; starting
a cluster is timed apart. CPU seconds add up this process's and, for Dask, the workers' (the
scheduler's few are left out): rows per CPU second is the rate per core, which other work on a
shared machine changes less than the clock. Every output is compared with the command's, byte
for byte, and the statistics as JSON.

    python benchmarks/bench_dask.py                    # 100,000 units
    python benchmarks/bench_dask.py --units 300000 --blocksize 1000000

A script that prints, not a test: timings on shared machines are noise for assertions.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import dask.dataframe as dd  # noqa: E402
import distributed  # noqa: E402

from programme import RUBRIC, write_programme  # noqa: E402
from tiercert.cli import main as tiercert_main  # noqa: E402
from tiercert.dask import score_dataframe  # noqa: E402
from tiercert.summary import render_summary  # noqa: E402


def batch(sheet: Path, out: Path) -> tuple[float, float, str]:
    """(seconds, CPU seconds, statistics as JSON) of the command in this process."""
    stdout, stderr = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    argv = ["batch", RUBRIC, str(sheet), "-o", str(out), "--summary", "json"]
    tiercert_main(argv, stdout=stdout, stderr=stderr)
    return time.perf_counter() - start, time.process_time() - cpu, stdout.getvalue()


def on_dask(
    client: distributed.Client, sheet: Path, out: Path | None, blocksize: int
) -> tuple[float, float, str, int]:
    """(seconds, CPU seconds of the workers and this client, statistics, partitions): the
    results written to ``out`` by this client, or with None only the statistics (the results
    stay on the workers: what the scoring alone costs)."""
    before = sum(client.run(time.process_time).values())
    start, cpu = time.perf_counter(), time.process_time()
    frame = dd.read_csv(
        sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig", blocksize=blocksize
    )
    scored = score_dataframe(frame, RUBRIC)
    summary = scored.write(out) if out is not None else scored.summary()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    cpu += sum(client.run(time.process_time).values()) - before
    return seconds, cpu, render_summary(summary, "json"), frame.npartitions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--blocksize", type=int, default=1_000_000, help="bytes per partition")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    sheet = folder / "programme.csv"
    write_programme(sheet, args.units)
    print(
        f"rubric: {RUBRIC}; {args.units:,} units, {sheet.stat().st_size / 1e6:.1f} MB of CSV; "
        f"python {platform.python_version()}, dask {metadata.version('dask')}, "
        f"{os.cpu_count()} cores"
    )
    seconds, cpu, single = batch(sheet, folder / "batch.csv")
    expected = (folder / "batch.csv").read_bytes()
    rows = [("tiercert batch (1 process)", seconds, cpu, "", True)]
    for workers in (1, 2):
        begun = time.perf_counter()
        with (
            distributed.LocalCluster(
                n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            started = time.perf_counter() - begun
            out = folder / f"dask-{workers}.csv"
            seconds, cpu, summary, parts = on_dask(client, sheet, out, args.blocksize)
            same = out.read_bytes() == expected and summary == single
            label = f"dask, {workers} worker{'s' * (workers > 1)}"
            note = f"{parts} partitions; cluster start {started:.1f}s"
            rows.append((label, seconds, cpu, note, same))
            seconds, cpu, summary, parts = on_dask(client, sheet, None, args.blocksize)
            note = "statistics only: the results stay on the workers"
            rows.append((f"  {label}", seconds, cpu, note, summary == single))
    print(f"load average at the start: {load:.1f} on {os.cpu_count()} cores (other work here)")
    print(f"{'':28} {'seconds':>7} {'rows/s':>8} {'CPU s':>6} {'rows/CPU s':>10}  same  notes")
    for label, seconds, cpu, note, same in rows:
        rate, per_cpu = args.units / seconds, args.units / cpu
        print(
            f"{label:28} {seconds:7.2f} {rate:8,.0f} {cpu:6.2f} {per_cpu:10,.0f}  "
            f"{'yes' if same else 'NO':4}  {note}"
        )


if __name__ == "__main__":
    main()
