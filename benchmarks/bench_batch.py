"""Batch scoring speed and memory: CSV in, CSV out, through ``tiercert batch``, beside its floor.

    python benchmarks/bench_batch.py                 # each sheet at 100,000 rows, then memory
    python benchmarks/bench_batch.py 20000           # each sheet at 20,000 rows
    python benchmarks/bench_batch.py --memory 10000 100000 1000000
    python benchmarks/bench_batch.py --subset 20000  # a larger side-by-side sample
    python benchmarks/bench_batch.py --subset 0 50000   # no side-by-side sample
    python benchmarks/bench_batch.py --quick         # 5,000 rows, a 1,000-row sample
    python benchmarks/bench_batch.py --no-memory --subset 2000 100000   # speed only
    python benchmarks/bench_batch.py --jobs 2 --no-memory 100000  # also on 2 processes

**The sheets.**  Five, each of rows for the shipped Bắc Giang rubric drawn with a fixed seed
(``answers.py``, written as cells): ``integer`` (whole numbers, ``true``/``false``, level
ids), ``decimal text`` (every number as text with a dot: ``72.5``, ``49.99``, long ones),
``float text`` (every number as the ``repr`` of a float, as pandas writes them:
``28.999999999999996``), ``band edges`` (every number on a band edge, range bound or anchor, or
just below or above it, by 0.5 down to 10⁻²⁰, as decimal text) and ``mix``, as people fill
them in: percentages as decimal text
with a dot (``17.5``, ``49.99``, ``49.99999999999999999999``, floats as pandas writes them,
``28.999999999999996``), most of them on, just below or just above a band edge or a range
bound; counts as whole numbers; yes/no as words (``có``, ``không``, ``TRUE``); level ids,
sometimes upper-cased or spaced; ``na`` where a criterion allows it (with its justification
column filled, mostly); the knock-out fact true in one row of twenty; and one row in a
hundred bad (a decimal comma ``72,5``, a percentage above 100, an unknown level ``tốtt``, a
missing answer, text in a number, a unit id used twice), reported and left out, as the
command does.

Every sheet has the same share of bad rows (below).

**The runs.**  Each sheet and size in fresh processes, so that one size's peak resident memory says
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

``--memory`` runs the command on the ``mix`` sheet at each size given (10,000, 100,000 and
1,000,000 rows by default), each in a fresh process.  Memory that does not grow with the
number of rows shows as nearly the same peak beyond the unit ids (kept with their row
numbers, to reject duplicates), the one thing that must grow: what they take is measured
and shown, and the peak without them.  Peaks are ``VmHWM``
(``ru_maxrss`` would include the memory of the process that started the measured one).

Then, in one more fresh process, the first rows of the mix sheet go through four ways of
scoring them (each once before it is timed), and the outputs are compared byte for byte:
the row loop (what the command runs), the row scorer one row at a time (what ``score_rows``
runs when its caller counts the outcomes), a full :class:`~tiercert.Result` per row, and
the reference evaluator.

Every process runs as an installed package does, with bytecode caches allowed
(``PYTHONDONTWRITEBYTECODE`` is removed from their environment, as ``bench_startup.py`` does);
the first worker of a run is run twice and only the second counted, so no figure includes
compiling the modules the command imports on demand.

A script that prints, not a test: timings on shared machines are noise for assertions.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

_STARTED = time.perf_counter()  # before tiercert is imported: the imports are timed apart
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from answers import Drawer, numeric_edges  # noqa: E402
from common import machine  # noqa: E402

import tiercert  # noqa: E402
from tiercert._compile import LeafPlan  # noqa: E402
from tiercert.template import template_columns  # noqa: E402

SHIPPED = ROOT / "rubrics" / "bac_giang_friendly_gov.yaml"
SEED = 20231
SIZES = (100_000,)
#: sizes of the memory runs (the mix sheet)
MEMORY_SIZES = (10_000, 100_000, 1_000_000)
BAD_SHARE = 0.01
#: how a row goes bad (each is one problem the command reports, and the row is left out)
BAD_KINDS = ("decimal comma", "above range", "unknown level", "missing", "text", "duplicate")
#: with ``--jobs N``: each sheet also through ``tiercert batch --jobs N`` (wall and CPU of
#: every process, its workers' too), beside the same floor
JOBS = 1
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


#: the sheets: name -> the answers' style (``answers.py``), ``band edges`` drawn apart
SHEETS: dict[str, str] = {
    "integer": "integer",
    "decimal text": "decimal text",
    "float text": "float",
    "band edges": "band edges",
    "mix": "mix",
}
#: how far from an edge a band-edge sheet's numbers land
_EDGE_STEPS = (*(Fraction(1, 10**k) for k in (0, 1, 2, 6, 20)), Fraction(1, 2))


class _EdgeDrawer(Drawer):
    """Numbers always on an edge or just off it (decimal text), everything else plain."""

    def number(self, leaf: LeafPlan) -> object:
        edges, low, high = numeric_edges(leaf)
        rng = self.rng
        step = rng.choice((Fraction(0), *_EDGE_STEPS))
        value = min(max(rng.choice(edges) + rng.choice((-step, step)), low), high)
        with localcontext() as context:
            context.prec = 60
            return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def generate(rubric: tiercert.Rubric, rows: int, path: Path, sheet: str = "mix") -> int:
    """``rows`` units (fixed seed) written as CSV text; returns how many rows are bad."""
    rng = random.Random(SEED)
    style = SHEETS[sheet]
    draw = _EdgeDrawer(rng, "integer") if style == "band edges" else Drawer(rng, style)  # type: ignore[arg-type]
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


def _children_cpu() -> float:
    """Processor seconds of this process's children that ended (a batch's workers)."""
    times = os.times()
    return times.children_user + times.children_system


def worker(stem: str, rows: int, folder: Path, jobs: int = 1) -> None:
    """``tiercert batch`` once, in its own process: prints its time and peak memory as JSON.
    With ``jobs`` above 1 the CPU time includes the workers' (they end with the command)."""
    imports = _imports()
    from tiercert.cli import main

    source = folder / f"in-{stem}.csv"
    target = folder / (f"out-{stem}.csv" if jobs == 1 else f"out-{stem}-j{jobs}.csv")
    before = _peak_kib()
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    told = ["batch", str(SHIPPED), str(source), "-o", str(target), "--summary", "none"]
    status = main([*told, "--jobs", str(jobs)] if jobs > 1 else told)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu + _children_cpu() - children
    peak = _peak_kib()
    with target.open(encoding="utf-8-sig") as handle:
        written = sum(1 for _ in csv.reader(handle)) - 1
    report = {"rows": rows, "written": written, "status": status, "seconds": elapsed}
    report |= {"cpu": cpu, "imports": imports, "peak_kib": peak, "before_kib": before}
    report["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(report))


def floor(stem: str, rows: int, folder: Path) -> None:
    """The floor, in its own process: the csv module reads the sheet and writes the command's
    output columns for each row (values of the command's own output), no scoring."""
    source, target = folder / f"in-{stem}.csv", folder / f"floor-{stem}.csv"
    with (folder / f"out-{stem}.csv").open(encoding="utf-8-sig", newline="") as handle:
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
        if way == "row loop":  # as the command does: counted by score_rows, in bulk
            for _ in score_rows(rubric, read_csv(source), writer, tally=tally):
                pass
        elif way in ("row scorer", "reference"):
            engine: Literal["fast", "reference"] = "fast" if way == "row scorer" else "reference"
            for outcome in score_rows(rubric, read_csv(source), writer, engine=engine):
                tally.add(outcome)
        else:  # one Result per row: the outcomes of evaluate_many, rows and tally from them
            for outcome in evaluate_many(rubric, read_csv(source)):
                writer.write(table.row(outcome))
                tally.add(outcome)
    tally.summary()
    return time.perf_counter() - start


def baseline(stem: str, rows: int, folder: Path) -> None:
    """The side-by-side run on the first rows: rows/s of each way, outputs identical or not."""
    _imports()
    rubric = tiercert.load_rubric(SHIPPED)
    assert rubric._fast is not None  # the compiled evaluator, built on first use: not timed
    source = folder / f"in-{stem}.csv"
    found: dict[str, float] = {}
    outputs: dict[str, bytes] = {}
    for way in ("row loop", "row scorer", "one Result per row", "reference"):
        target = folder / f"out-{rows}-{way.replace(' ', '-')}.csv"
        _library_batch(rubric, source, target, way)  # first use: caches, imports
        found[way] = rows / _library_batch(rubric, source, target, way)
        outputs[way] = target.read_bytes()
    same = len(set(outputs.values())) == 1
    print(json.dumps({"rows": rows, "rows_per_second": found, "identical": same}))


#: the children run as an installed package runs: bytecode caches allowed (a wheel installed
#: by pip has them; with ``PYTHONDONTWRITEBYTECODE``, set on some machines, every child would
#: compile the modules the command imports on demand inside its clock), as bench_startup.py's
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: whether a worker ran once already in this process: the first only writes the caches
_WARM: list[bool] = []


def _run(mode: str, stem: str, rows: int, folder: str, *more: str) -> dict[str, Any]:
    """One fresh process of ``mode``; the first ``--worker`` of a run is run twice, the first
    not counted (it writes the bytecode caches of the modules the command imports)."""
    command = [sys.executable, __file__, mode, stem, str(rows), folder, *more]
    if mode == "--worker" and not _WARM:
        subprocess.run(command, check=True, capture_output=True, env=_ENV)
        _WARM.append(True)
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=_ENV)
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


def _slug(sheet: str, rows: int) -> str:
    return f"{sheet.replace(' ', '-')}-{rows}"


def _speed(rubric: tiercert.Rubric, sizes: Sequence[int], folder: Path) -> None:
    print(
        f"{'sheet':<16} {'rows':>9} {'bad':>5} {'batch s':>8} {'rows/s':>8} {'CPU rows/s':>10} "
        f"{'floor s':>8} {'rows/s':>9} {'÷ floor':>8} {'CPU ÷':>6} {'peak RSS':>9}"
    )
    for sheet in SHEETS:
        for rows in sizes:
            stem = _slug(sheet, rows)
            bad = generate(rubric, rows, folder / f"in-{stem}.csv", sheet)
            m = _run("--worker", stem, rows, str(folder))
            f = _run("--floor", stem, rows, str(folder))
            assert m["written"] == rows, m
            runs = [("", m)]
            if JOBS > 1:  # the same sheet on JOBS processes: the same bytes, or it says so
                runs.append((f" j{JOBS}", _run("--worker", stem, rows, str(folder), str(JOBS))))
                ours = folder / f"out-{stem}-j{JOBS}.csv"
                if ours.read_bytes() != (folder / f"out-{stem}.csv").read_bytes():
                    runs[-1] = (f" j{JOBS} OUTPUT DIFFERS", runs[-1][1])
                ours.unlink()
            for tag, m in runs:
                print(
                    f"{sheet + tag:<16} {rows:>9,} {bad:>5,} {m['seconds']:>8.2f} "
                    f"{rows / m['seconds']:>8,.0f} {rows / m['cpu']:>10,.0f} "
                    f"{f['seconds']:>8.2f} {rows / f['seconds']:>9,.0f} "
                    f"{m['seconds'] / f['seconds']:>7.2f}× {m['cpu'] / f['cpu']:>5.2f}× "
                    f"{m['peak_kib'] / 1024:>6.1f} MB",
                    flush=True,
                )
            for name in ("in", "out", "floor"):
                (folder / f"{name}-{stem}.csv").unlink()


def _memory(rubric: tiercert.Rubric, sizes: Sequence[int], folder: Path) -> None:
    print(
        f"\nmemory, the mix sheet: {'rows':>9} {'batch s':>8} {'rows/s':>8} {'peak RSS':>9} "
        f"{'after imports':>13} {'unit ids':>8} {'peak - ids':>10} {'ru_maxrss':>9} "
        f"{'floor RSS':>9}"
    )
    for rows in sizes:
        stem = _slug("mix", rows)
        generate(rubric, rows, folder / f"in-{stem}.csv", "mix")
        m = _run("--worker", stem, rows, str(folder))
        f = _run("--floor", stem, rows, str(folder))
        ids = unit_ids_bytes(rows) / 2**20
        peak = m["peak_kib"] / 1024
        print(
            f"{'':<22} {rows:>9,} {m['seconds']:>8.2f} {rows / m['seconds']:>8,.0f} "
            f"{peak:>6.1f} MB {m['before_kib'] / 1024:>10.1f} MB {ids:>5.1f} MB "
            f"{peak - ids:>7.1f} MB {m['maxrss_kib'] / 1024:>6.1f} MB "
            f"{f['peak_kib'] / 1024:>6.1f} MB",
            flush=True,
        )
        for name in ("in", "out", "floor"):
            (folder / f"{name}-{stem}.csv").unlink()


def main(argv: list[str]) -> int:
    modes = {"--worker": worker, "--floor": floor, "--baseline": baseline}
    if argv[:1] in (["--help"], ["-h"]):
        print(__doc__)
        return 0
    if argv[:1] == ["--worker"] and len(argv) > 4:
        worker(argv[1], int(argv[2]), Path(argv[3]), int(argv[4]))
        return 0
    if argv[:1] and argv[0] in modes:
        modes[argv[0]](argv[1], int(argv[2]), Path(argv[3]))
        return 0
    global JOBS
    if argv[:1] == ["--jobs"]:
        JOBS, argv = int(argv[1]), argv[2:]
    subset = 5_000
    memory: tuple[int, ...] = MEMORY_SIZES
    no_memory = argv[:1] == ["--no-memory"]
    if no_memory:
        argv = argv[1:]
    if argv[:1] == ["--quick"]:
        argv, subset, memory = ["5000"], 1_000, ()
    if argv[:1] == ["--subset"]:
        subset, argv = int(argv[1]), argv[2:]
    only_memory = argv[:1] == ["--memory"]
    if only_memory:
        memory, argv = tuple(int(a) for a in argv[1:]) or MEMORY_SIZES, []
    sizes = tuple(int(a) for a in argv) or SIZES
    if no_memory:
        memory = ()
    rubric = tiercert.load_rubric(SHIPPED)
    print(f"Machine: {machine()}")
    print(f"rubric: {rubric.id} {rubric.version} ({sum(1 for _ in rubric.iter_nodes())} nodes)")
    print(f"one process per sheet, size and way, seed {SEED}, {BAD_SHARE:.0%} bad rows\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not only_memory:
            _speed(rubric, sizes, folder)
        if memory:
            _memory(rubric, memory, folder)
        if only_memory or subset == 0:  # (--subset 0: no side-by-side sample)
            return 0
        stem = _slug("mix", subset)
        generate(rubric, subset, folder / f"in-{stem}.csv")
        b = _run("--baseline", stem, subset, tmp)
        speeds = b["rows_per_second"]
        fastest = speeds["row loop"]
        print(
            f"\nside by side, the mix sheet's first {subset:,} rows (one process; outputs "
            "identical: ",
            end="",
        )
        print("yes)" if b["identical"] else "NO)")
        for way, speed in speeds.items():
            print(f"  {way:<20} {speed:>8,.0f} rows/s  row loop {fastest / speed:5.1f}x")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if b["identical"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
