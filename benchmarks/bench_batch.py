"""Batch scoring speed and memory: CSV in, CSV out, through ``tiercert batch`` itself.

Generates rows for the shipped Bắc Giang rubric (a tiny generated rubric when it is not there)
with a fixed seed, then runs the real command (``tiercert.cli.main``: load the rubric, read
CSV, map columns, score, write CSV, summarise) once per size, each in a fresh process so that
the peak resident memory of one size says nothing about the other.  The clock runs from the
command's start (loading the rubric included) to its end; Python's imports are done before it
starts and shown apart (this machine runs Python without bytecode caches, so every import
compiles its module).  Memory that does not grow with the number of rows shows as nearly the
same peak for both sizes (the set of unit ids seen, needed to reject duplicates, is the one
thing that grows: about 150 bytes per unit).

Then, side by side in one more fresh process, the first rows of the same sheet (5,000 by
default) go through three ways of scoring them, and the outputs are compared byte for byte:

- ``row scorer``: the batch as the command runs it (each row through the rubric's compiled
  row scorer, built for the sheet's columns on its first row, which is timed too);
- ``one Result per row``: the same batch building a full :class:`~tiercert.Result` per row
  and the output and statistics from it (how ``tiercert batch`` worked before row scorers);
- ``reference``: the batch with ``engine="reference"``, the tree-walking evaluator.

Each is the command's loop (read, score, write CSV, count for the summary) with the rubric
already loaded.

    python benchmarks/bench_batch.py                 # 20,000 and 100,000 rows
    python benchmarks/bench_batch.py 5000 50000
    python benchmarks/bench_batch.py --subset 20000  # a larger side-by-side sample

A script that prints, not a test: timings on shared machines are noise for assertions.
"""

from __future__ import annotations

import csv
import functools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

_STARTED = time.perf_counter()  # before tiercert is imported: the imports are timed apart
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tiercert  # noqa: E402
from tiercert.rules.bands import BandsRule  # noqa: E402
from tiercert.rules.count import CountRule  # noqa: E402
from tiercert.rules.deduction import DeductionRule  # noqa: E402
from tiercert.rules.linear import LinearRule  # noqa: E402
from tiercert.template import template_columns  # noqa: E402

SHIPPED = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
SEED = 20231
SIZES = (20_000, 100_000)


def tiny() -> dict[str, Any]:
    """A small generated rubric (5 groups of 4 criteria), for when the shipped one is absent."""
    levels = [{"id": "a", "points": 5}, {"id": "b", "points": 2}, {"id": "c", "points": 0}]
    bands = [
        {"min": 0, "max": 50, "points": 0},
        {"min": 50, "max": 80, "points": 3},
        {"min": 80, "max": 100, "points": 5},
    ]
    groups = [
        {
            "id": f"g{g}",
            "title": f"Group {g}",
            "max": 20,
            "children": [
                {"id": f"g{g}.1", "title": "A", "rule": {"kind": "boolean", "points": 5}},
                {"id": f"g{g}.2", "title": "B", "rule": {"kind": "levels", "levels": levels}},
                {
                    "id": f"g{g}.3",
                    "title": "C",
                    "rule": {"kind": "bands", "range": {"min": 0, "max": 100}, "bands": bands},
                },
                {
                    "id": f"g{g}.4",
                    "title": "D",
                    "max": 5,
                    "rule": {"kind": "deduction", "per_item": 1},
                },
            ],
        }
        for g in range(1, 6)
    ]
    return {
        "format": 1,
        "id": "tiny",
        "version": "1",
        "title": "Tiny generated rubric (the shipped one was not found)",
        "max": 100,
        "facts": [{"id": "knocked_out", "title": "Knocked out", "type": "boolean"}],
        "criteria": groups,
        "gates": [
            {
                "id": "ok",
                "title": "Not knocked out",
                "require": {"fact": "knocked_out", "equals": False},
            }
        ],
        "tiers": [
            {"id": "t1", "label": "One", "rank": 1, "min": 60},
            {"id": "t2", "label": "Two", "rank": 2, "min": 80},
        ],
    }


def load() -> tiercert.Rubric:
    if SHIPPED.exists():
        return tiercert.load_rubric(SHIPPED)
    return tiercert.rubric_from_mapping(tiny())


def generate(rubric: tiercert.Rubric, rows: int, path: Path) -> None:
    """``rows`` units with random, valid answers (fixed seed): text cells, as a sheet has."""
    rng = random.Random(SEED)
    nodes = {nid: node for nid, _, node in rubric.iter_nodes()}
    columns = template_columns(rubric)
    makers: list[Callable[[], str]] = []
    for column in columns:
        node = nodes.get(column.id)
        rule = node.rule if node is not None else None
        if column.kind == "group":
            makers.append(lambda: "")  # answer the criteria, not the group's own score
        elif column.kind == "evidence":
            makers.append(lambda: "biên bản số 12/BB-UBND")
        elif column.kind == "fact":
            makers.append(lambda: rng.choice(["false"] * 19 + ["true"]))
        elif column.choices:
            makers.append(functools.partial(rng.choice, column.choices))
        elif isinstance(rule, BandsRule | LinearRule):
            low = float(rule.range.min) if rule.range and rule.range.min is not None else 0.0
            high = float(rule.range.max) if rule.range and rule.range.max is not None else 100.0
            makers.append(functools.partial(_number, rng, low, high))
        elif isinstance(rule, CountRule | DeductionRule):
            top = rule.max_items if rule.max_items is not None else 5
            makers.append(functools.partial(_count, rng, top))
        else:
            makers.append(lambda: "")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([c.id for c in columns])
        for i in range(rows):
            values = [make() for make in makers]
            values[0] = f"xa-{i:07d}"
            values[1] = f"Xã Thử Nghiệm {i}"
            writer.writerow(values)


def _number(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def _count(rng: random.Random, top: int) -> str:
    return str(rng.randint(0, top))


def _imports() -> float:
    """Import what the batch command uses (outside the clock); returns the seconds since this
    script started, nearly all of it importing."""
    import tiercert.batch
    import tiercert.cli
    import tiercert.summary
    import tiercert.tabular  # noqa: F401

    return time.perf_counter() - _STARTED


def worker(rows: int, folder: Path) -> None:
    """One measured run, in its own process: prints rows/s and peak memory as JSON."""
    imports = _imports()
    from tiercert.cli import main

    rubric_path = str(SHIPPED) if SHIPPED.exists() else str(folder / "tiny.yaml")
    source, target = folder / f"in-{rows}.csv", folder / f"out-{rows}.csv"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    status = main(["batch", rubric_path, str(source), "-o", str(target), "--summary", "none"])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    with target.open(encoding="utf-8-sig") as handle:
        written = sum(1 for _ in handle) - 1
    print(
        json.dumps(
            {
                "rows": rows,
                "written": written,
                "status": status,
                "seconds": elapsed,
                "cpu": cpu,
                "imports": imports,
                "rows_per_second": rows / elapsed,
                "peak_kib": peak,
                "before_kib": before,
            }
        )
    )


def _library_batch(rubric: Any, source: Path, target: Path, way: str) -> float:
    """The batch loop of the command, done one of the baseline ways; returns the seconds."""
    from tiercert.batch import ResultTable, evaluate_many, score_rows
    from tiercert.summary import SummaryBuilder
    from tiercert.tabular import open_writer, read_csv

    start = time.perf_counter()
    table = ResultTable(rubric)
    tally = SummaryBuilder(rubric)
    with open_writer(target, table.columns) as writer:
        if way in ("row scorer", "reference"):
            engine: Literal["fast", "reference"] = "fast" if way == "row scorer" else "reference"
            for outcome in score_rows(rubric, read_csv(source), writer, engine=engine):
                tally.add(outcome)
        else:  # one Result per row: the outcomes of evaluate_many, rows and tally from them
            for outcome in evaluate_many(rubric, read_csv(source)):
                writer.write(table.row(outcome))
                tally.add(outcome)
    tally.summary()
    return time.perf_counter() - start


def baseline(rows: int, folder: Path) -> None:
    """The side-by-side run on the first rows: rows/s of each way, outputs identical or not."""
    _imports()
    rubric_path = SHIPPED if SHIPPED.exists() else folder / "tiny.yaml"
    rubric = tiercert.load_rubric(rubric_path)
    assert rubric._fast is not None  # the compiled evaluator, built on first use: not timed
    source = folder / f"in-{rows}.csv"
    found: dict[str, float] = {}
    outputs: dict[str, bytes] = {}
    for way in ("row scorer", "one Result per row", "reference"):
        target = folder / f"out-{rows}-{way.replace(' ', '-')}.csv"
        found[way] = rows / _library_batch(rubric, source, target, way)
        outputs[way] = target.read_bytes()
    same = len(set(outputs.values())) == 1
    print(json.dumps({"rows": rows, "rows_per_second": found, "identical": same}))


def _run(mode: str, rows: int, folder: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, mode, str(rows), folder],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        worker(int(argv[1]), Path(argv[2]))
        return
    if argv[:1] == ["--baseline"]:
        baseline(int(argv[1]), Path(argv[2]))
        return
    subset = 5_000
    if argv[:1] == ["--subset"]:
        subset, argv = int(argv[1]), argv[2:]
    sizes = tuple(int(a) for a in argv) or SIZES
    rubric = load()
    print(f"rubric: {rubric.id} {rubric.version} ({sum(1 for _ in rubric.iter_nodes())} nodes)")
    print(f"python {sys.version.split()[0]}, one process per size, seed {SEED}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not SHIPPED.exists():
            (folder / "tiny.yaml").write_text(rubric.to_yaml(), encoding="utf-8")
        print(
            f"{'rows':>9} {'seconds':>8} {'rows/s':>8} {'CPU rows/s':>10} {'peak RSS':>10} "
            f"{'after import':>13} {'imports':>8}"
        )
        for rows in sizes:
            generate(rubric, rows, folder / f"in-{rows}.csv")
            m = _run("--worker", rows, tmp)
            assert m["written"] == rows, m
            print(
                f"{rows:>9,} {m['seconds']:>8.2f} {m['rows_per_second']:>8,.0f} "
                f"{rows / m['cpu']:>10,.0f} {m['peak_kib'] / 1024:>7.1f} MB "
                f"{m['before_kib'] / 1024:>10.1f} MB {m['imports']:>7.2f}s"
            )
        generate(rubric, subset, folder / f"in-{subset}.csv")
        b = _run("--baseline", subset, tmp)
        speeds = b["rows_per_second"]
        fastest = speeds["row scorer"]
        print(
            f"\nside by side, the first {subset:,} rows (one process; outputs identical: ", end=""
        )
        print("yes)" if b["identical"] else "NO)")
        for way, speed in speeds.items():
            print(f"  {way:<20} {speed:>8,.0f} rows/s  row scorer {fastest / speed:5.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
