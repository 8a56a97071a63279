"""Run the fuzz targets (tests/fuzz) for a time budget and report what they did.

    python tools/fuzz.py --minutes 30            # every target, the time shared between them
    python tools/fuzz.py --minutes 10 -k sheets  # the targets whose test names match

Each target runs in rounds of fresh random examples until its share of the time is spent,
collecting every distinct failure (not only the first), within a memory limit (a shared
machine must not meet an input that takes 20 GB).  At the end: executions and
executions per second per target, the slowest example, the examples set aside as known bugs,
and the failures, each saved with its shrunk example under .fuzz/ (see docs/testing.md).
Exit status: pytest's (0 when nothing was found).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "tests" / "fuzz"
#: the tests of the net itself and its findings: not targets
NOT_TARGETS = "test_fuzz_findings.py"


def _targets(select: str | None) -> list[str]:
    """The node ids of the fuzz targets' tests."""
    command = [sys.executable, "-m", "pytest", str(FUZZ), "--collect-only"]  # -q: addopts
    command += ["-p", "no:cacheprovider", "--ignore", str(FUZZ / NOT_TARGETS)]
    if select:
        command += ["-k", select]
    listed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return [line for line in listed.stdout.splitlines() if "::" in line]


def _report(stats: Path, findings: Path) -> None:
    rows = [json.loads(line) for line in stats.read_text().splitlines()] if stats.exists() else []
    print(f"\n{'target':<18}{'runs':>9}{'seconds':>9}{'runs/s':>8}{'slowest s':>11}  found")
    for row in rows:
        known = ", ".join(f"{n}x {t}" for t, n in row["known_bugs"].items())
        found = f"{row['failures']} new" + (f"; known: {known}" if known else "")
        print(
            f"{row['target']:<18}{row['executions']:>9}{row['seconds']:>9}"
            f"{row['per_second']:>8}{row['slowest_example_s']:>11}  {found}"
        )
    total = sum(r["executions"] for r in rows)
    print(f"{'all':<18}{total:>9}{sum(r['seconds'] for r in rows):>9.0f}")
    print(f"(the slowest examples are in {stats.relative_to(ROOT)}, 'slowest_example')")
    saved = sorted(findings.glob("*.txt")) if findings.exists() else []
    for path in saved:
        print(f"finding: {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="in total (default 30)")
    parser.add_argument("-k", dest="select", help="only the targets whose names match")
    parser.add_argument(
        "--memory-gb",
        type=float,
        default=4,
        help="address space the run may use (default 4): an input that makes tiercert take "
        "more fails with MemoryError, a finding, instead of the machine killing a process",
    )
    args = parser.parse_args(argv)
    targets = _targets(args.select)
    if not targets:
        print("no fuzz target matches", file=sys.stderr)
        return 2
    seconds = args.minutes * 60 / len(targets)
    run = time.strftime("%Y%m%d-%H%M%S")
    folder = ROOT / ".fuzz" / run
    folder.mkdir(parents=True, exist_ok=True)
    stats, findings = folder / "stats.jsonl", folder / "findings"
    print(f"{len(targets)} targets, {seconds:.0f} s each; results in {folder.relative_to(ROOT)}")
    env = {
        **os.environ,
        "TIERCERT_FUZZ_SECONDS": f"{seconds:.0f}",
        "TIERCERT_FUZZ_STATS": str(stats),
        "TIERCERT_FUZZ_FINDINGS": str(findings),
    }
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *targets]
    limit = int(args.memory_gb * 2**30)

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    status = subprocess.run(command, cwd=ROOT, env=env, preexec_fn=bounded, check=False).returncode
    _report(stats, findings)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
