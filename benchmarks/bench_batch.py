"""Batch scoring speed and memory: CSV in, CSV out, through ``tiercert batch`` itself.

Generates rows for the shipped Bắc Giang rubric (a tiny generated rubric when it is not there)
with a fixed seed, then runs the real command (``tiercert.cli.main``: read CSV, map columns,
evaluate, write CSV, summarise) once per size, each in a fresh process so that the peak
resident memory of one size says nothing about the other.  Memory that does not grow with the
number of rows shows as the same peak for both sizes (the set of unit ids seen, needed to
reject duplicates, is the one thing that grows: about 150 bytes per unit).

    python benchmarks/bench_batch.py            # 20,000 and 100,000 rows
    python benchmarks/bench_batch.py 5000 50000

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tiercert  # noqa: E402
from tiercert.batch import template_columns  # noqa: E402
from tiercert.model import BandsRule, CountRule, DeductionRule, LinearRule  # noqa: E402

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


def worker(rows: int, folder: Path) -> None:
    """One measured run, in its own process: prints rows/s and peak memory as JSON."""
    from tiercert.cli import main

    rubric_path = str(SHIPPED) if SHIPPED.exists() else str(folder / "tiny.yaml")
    source, target = folder / f"in-{rows}.csv", folder / f"out-{rows}.csv"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    status = main(["batch", rubric_path, str(source), "-o", str(target), "--summary", "none"])
    elapsed = time.perf_counter() - start
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
                "rows_per_second": rows / elapsed,
                "peak_kib": peak,
                "before_kib": before,
            }
        )
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        worker(int(argv[1]), Path(argv[2]))
        return
    sizes = tuple(int(a) for a in argv) or SIZES
    rubric = load()
    print(f"rubric: {rubric.id} {rubric.version} ({sum(1 for _ in rubric.iter_nodes())} nodes)")
    print(f"python {sys.version.split()[0]}, one process per size, seed {SEED}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not SHIPPED.exists():
            (folder / "tiny.yaml").write_text(rubric.to_yaml(), encoding="utf-8")
        print(f"{'rows':>9} {'seconds':>8} {'rows/s':>8} {'peak RSS':>10} {'after import':>13}")
        for rows in sizes:
            generate(rubric, rows, folder / f"in-{rows}.csv")
            done = subprocess.run(
                [sys.executable, __file__, "--worker", str(rows), tmp],
                check=True,
                capture_output=True,
                text=True,
            )
            m = json.loads(done.stdout.strip().splitlines()[-1])
            assert m["written"] == rows, m
            print(
                f"{rows:>9,} {m['seconds']:>8.2f} {m['rows_per_second']:>8,.0f} "
                f"{m['peak_kib'] / 1024:>8.1f} MB {m['before_kib'] / 1024:>10.1f} MB"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
