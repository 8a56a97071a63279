"""Batch scoring speed and memory: CSV in, CSV out, through ``tiercert batch``, beside its floor.

    python benchmarks/bench_batch.py                 # 20,000 and 100,000 rows
    python benchmarks/bench_batch.py 5000 50000
    python benchmarks/bench_batch.py --subset 20000  # a larger side-by-side sample
    python benchmarks/bench_batch.py --quick         # 5,000 rows, a 1,000-row sample

**The sheet.**  Rows for the shipped Bắc Giang rubric, drawn with a fixed seed as people fill
them in (``answers.py``, the ``mix`` style, written as cells): percentages as decimal text
with a dot (``17.5``, ``49.99``, ``49.99999999999999999999``, floats as pandas writes them,
``28.999999999999996``), most of them on, just below or just above a band edge or a range
bound; counts as whole numbers; yes/no as words (``có``, ``không``, ``TRUE``); level ids,
sometimes upper-cased or spaced; ``na`` where a criterion allows it (with its justification
column filled, mostly); the knock-out fact true in one row of twenty; and one row in a
hundred bad (a decimal comma ``72,5``, a percentage above 100, an unknown level ``tốtt``, a
missing answer, text in a number, a unit id used twice), reported and left out, as the
command does.

**The runs.**  Each size in fresh processes, so that one size's peak resident memory says
nothing about another's:

- ``tiercert batch``: the real command (``tiercert.cli.main``: load the rubric, read CSV,
  map columns, score, write CSV); the clock runs from the command's start (loading the
  rubric included) to its end; Python's imports are done before and shown apart;
- **the floor**: the ``csv`` module reading the same sheet and writing, for each row, a row
  of the same output columns (the command's own header and values of its output, so the
  same widths and quoting) without scoring: what reading and writing CSV costs in Python
  whatever the scoring does.

"÷ floor" divides the command's wall time by the floor's; "CPU ÷" divides their processor
times, which a machine shared with other work inflates less than wall times.

Memory that does not grow with the number of rows shows as nearly the same peak for both
sizes; the unit ids seen (kept with their row numbers, to reject duplicates) are the one
thing that must grow, and what they take is measured and shown.  Peaks are ``VmHWM``
(``ru_maxrss`` would include the memory of the process that started the measured one).

Then, in one more fresh process, the first rows of the same sheet go through three ways of
scoring them, and the outputs are compared byte for byte: the row scorer (what the command
runs), a full :class:`~tiercert.Result` per row, and the reference evaluator.

A script that prints, not a test: timings on shared machines are noise for assertions.
"""

from __future__ import annotations

import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Literal

_STARTED = time.perf_counter()  # before tiercert is imported: the imports are timed apart
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from answers import Drawer, Style  # noqa: E402
from common import machine  # noqa: E402

import tiercert  # noqa: E402
from tiercert._compile import LeafPlan  # noqa: E402
from tiercert.template import template_columns  # noqa: E402

SHIPPED = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
SEED = 20231
SIZES = (20_000, 100_000)
BAD_SHARE = 0.01
#: how a row goes bad (each is one problem the command reports, and the row is left out)
BAD_KINDS = ("decimal comma", "above range", "unknown level", "missing", "text", "duplicate")
#: output rows whose values the floor writes again (read before its clock starts)
_POOL = 1000


def _cell(value: object) -> tuple[str, str]:
    """(cell text, justification text) of an answer as a sheet holds it."""
    if isinstance(value, dict):
        text, _ = _cell(value["value"])
        return text, str(value.get("justification") or "")
    if isinstance(value, bool):
        return ("true" if value else "false"), ""
    if isinstance(value, float):
        return repr(value), ""  # as pandas writes a float
    return str(value), ""


def generate(rubric: tiercert.Rubric, rows: int, path: Path, style: Style = "mix") -> int:
    """``rows`` units (fixed seed) written as CSV text; returns how many rows are bad."""
    rng = random.Random(SEED)
    draw = Drawer(rng, style)
    columns = template_columns(rubric)
    position = {column.id: i for i, column in enumerate(columns)}
    leaves = {n.id: n for n in rubric._plan.nodes.values() if isinstance(n, LeafPlan)}
    numeric = [
        c.id for c in columns if c.id in leaves and leaves[c.id].kind.name in ("bands", "linear")
    ]
    levels = [c.id for c in columns if c.id in leaves and leaves[c.id].kind.name == "levels"]
    answered = [c.id for c in columns if c.kind == "answer"]
    bad = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([c.id for c in columns])
        for i in range(rows):
            cells = [""] * len(columns)
            cells[0], cells[1] = f"xa-{i:07d}", f"Xã Thử Nghiệm {i}"
            for column in columns:
                leaf = leaves.get(column.id)
                if column.kind == "answer" and leaf is not None:
                    text, justification = _cell(draw.answer(leaf))
                    cells[position[column.id]] = text
                    evidence = position.get(f"{column.id}.justification")
                    if evidence is not None:
                        cells[evidence] = justification
                elif column.kind == "fact":
                    cells[position[column.id]] = "true" if rng.random() < 0.05 else "false"
            if i and rng.random() < BAD_SHARE:
                bad += 1
                kind = rng.choice(BAD_KINDS)
                if kind == "decimal comma":
                    cells[position[rng.choice(numeric)]] = "72,5"
                elif kind == "above range":
                    cells[position[rng.choice(numeric)]] = "100.01"
                elif kind == "unknown level":
                    cells[position[rng.choice(levels)]] = "tốtt"
                elif kind == "missing":
                    cells[position[rng.choice(answered)]] = ""
                elif kind == "text":
                    cells[position[rng.choice(numeric)]] = "khoảng 80"
                else:
                    cells[0] = f"xa-{rng.randrange(i):07d}"
            writer.writerow(cells)
    return bad


def _imports() -> float:
    """Import what the batch command uses (outside the clock); returns the seconds since this
    script started, nearly all of it importing."""
    import tiercert.batch
    import tiercert.cli
    import tiercert.summary
    import tiercert.tabular  # noqa: F401

    return time.perf_counter() - _STARTED


def _peak_kib() -> int:
    """This process's peak resident memory, KiB.  ``VmHWM`` where Linux has it: ``ru_maxrss``
    keeps the peak of the process that started this one (it survives ``exec``)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def worker(rows: int, folder: Path) -> None:
    """``tiercert batch`` once, in its own process: prints its time and peak memory as JSON."""
    imports = _imports()
    from tiercert.cli import main

    source, target = folder / f"in-{rows}.csv", folder / f"out-{rows}.csv"
    before = _peak_kib()
    start, cpu = time.perf_counter(), time.process_time()
    status = main(["batch", str(SHIPPED), str(source), "-o", str(target), "--summary", "none"])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _peak_kib()
    with target.open(encoding="utf-8-sig") as handle:
        written = sum(1 for _ in csv.reader(handle)) - 1
    report = {"rows": rows, "written": written, "status": status, "seconds": elapsed}
    report |= {"cpu": cpu, "imports": imports, "peak_kib": peak, "before_kib": before}
    print(json.dumps(report))


def floor(rows: int, folder: Path) -> None:
    """The floor, in its own process: the csv module reads the sheet and writes the command's
    output columns for each row (values of the command's own output), no scoring."""
    source, target = folder / f"in-{rows}.csv", folder / f"floor-{rows}.csv"
    with (folder / f"out-{rows}.csv").open(encoding="utf-8-sig", newline="") as handle:
        made = csv.reader(handle)
        header = next(made)
        pool = [row[3:] for _, row in zip(range(_POOL), made, strict=False)]
    before = _peak_kib()
    start, cpu = time.perf_counter(), time.process_time()
    with (
        source.open(encoding="utf-8-sig", newline="") as inp,
        target.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        reader = csv.reader(inp)
        writer = csv.writer(out, lineterminator="\n")
        next(reader)
        writer.writerow(header)
        for n, row in enumerate(reader, 2):
            writer.writerow([str(n), row[0], row[1], "scored", *pool[n % len(pool)][1:]])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": elapsed,
                "cpu": cpu,
                "peak_kib": _peak_kib(),
                "before": before,
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
    rubric = tiercert.load_rubric(SHIPPED)
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


def unit_ids_bytes(rows: int) -> int:
    """What the command keeps of ``rows`` units to reject duplicates, a dict of unit id (as
    the sheet has them) to row number, takes in memory."""
    tracemalloc.start()
    seen = {f"xa-{i:07d}": i + 2 for i in range(rows)}
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del seen
    return size


def main(argv: list[str]) -> int:
    modes = {"--worker": worker, "--floor": floor, "--baseline": baseline}
    if argv[:1] and argv[0] in modes:
        modes[argv[0]](int(argv[1]), Path(argv[2]))
        return 0
    subset = 5_000
    if argv[:1] == ["--quick"]:
        argv, subset = ["5000"], 1_000
    if argv[:1] == ["--subset"]:
        subset, argv = int(argv[1]), argv[2:]
    sizes = tuple(int(a) for a in argv) or SIZES
    rubric = tiercert.load_rubric(SHIPPED)
    print(f"Machine: {machine()}")
    print(f"rubric: {rubric.id} {rubric.version} ({sum(1 for _ in rubric.iter_nodes())} nodes)")
    print(f"one process per size and way, seed {SEED}, {BAD_SHARE:.0%} bad rows\n")
    header = (
        f"{'rows':>9} {'bad':>5} {'batch s':>8} {'rows/s':>8} {'CPU rows/s':>10} "
        f"{'floor s':>8} {'rows/s':>9} {'÷ floor':>8} {'CPU ÷':>6} {'peak RSS':>9} "
        f"{'after imports':>13} "
        f"{'unit ids':>8} {'floor RSS':>9} {'imports':>7}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            bad = generate(rubric, rows, folder / f"in-{rows}.csv")
            m = _run("--worker", rows, tmp)
            f = _run("--floor", rows, tmp)
            assert m["written"] == rows, m
            print(
                f"{rows:>9,} {bad:>5,} {m['seconds']:>8.2f} {rows / m['seconds']:>8,.0f} "
                f"{rows / m['cpu']:>10,.0f} {f['seconds']:>8.2f} {rows / f['seconds']:>9,.0f} "
                f"{m['seconds'] / f['seconds']:>7.2f}× {m['cpu'] / f['cpu']:>5.2f}× "
                f"{m['peak_kib'] / 1024:>6.1f} MB "
                f"{m['before_kib'] / 1024:>10.1f} MB {unit_ids_bytes(rows) / 2**20:>5.1f} MB "
                f"{f['peak_kib'] / 1024:>6.1f} MB {m['imports']:>6.2f}s"
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
    return 0 if b["identical"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
