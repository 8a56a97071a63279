"""Cold start: ``tiercert check`` and ``tiercert score`` against importing their dependencies.

    python benchmarks/bench_startup.py          # 30 rounds
    python benchmarks/bench_startup.py 60       # more rounds, steadier medians
    python benchmarks/bench_startup.py 5        # a quick look
    python benchmarks/bench_startup.py 20 --before /tmp/old/src   # beside another version

Each round starts every command once, in turn, in fresh processes (so a busy moment of a
shared machine hits all of them alike), and the table gives each command's median wall time
and its ratio to ``python -c "import pydantic, yaml"``, the baseline of issue 6, with the
targets of issues 6 and 12 (``check`` ≤ 1.5×; ``score`` of one unit, the Bắc Giang example
``xa_mau_a.yaml`` with its decimal answers, ≤ 2×).  Beside it, the median CPU time of the
process (user + system, from ``os.wait4``) and its ratio: on a machine shared with other
work the wall time includes waiting for a core, the CPU time much less so.  Bytecode caches
are allowed (``PYTHONDONTWRITEBYTECODE`` is removed), as on an installed system; the first
round only warms them and is not counted.  With ``--before SRC`` (the ``src`` folder of
another checkout, e.g. ``git archive`` of the commit to compare with), ``check`` and
``score`` of that version run in the same rounds, marked "(before)".
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BAC_GIANG, ROOT, machine, table

INVALID = """\
format: 1
id: broken
version: "1"
title: A rubric with a misspelt key
criteria:
  - id: a
    titel: A
    rule: {kind: boolean, points: 1}
"""


#: command -> the target of its ratio to the baseline (issue 6: check; issue 12: score)
TARGETS = {"check rubrics": "≤ 1.5×", "score": "≤ 2×"}


def commands(invalid: Path) -> list[tuple[str, list[str]]]:
    python = sys.executable
    check = [python, "-m", "tiercert", "check"]
    score = [python, "-m", "tiercert", "score", str(BAC_GIANG.relative_to(ROOT))]
    return [
        ('python -c "import pydantic, yaml"', [python, "-c", "import pydantic, yaml"]),
        (
            'python -c "from pydantic import BaseModel; import yaml"',
            [python, "-c", "from pydantic import BaseModel; import yaml"],
        ),
        ('python -c "import tiercert"', [python, "-c", "import tiercert"]),
        (
            "python -m tiercert check rubrics/bac_giang_friendly_gov.yaml",
            [*check, str(BAC_GIANG.relative_to(ROOT))],
        ),
        ("python -m tiercert check broken.yaml (a misspelt key)", [*check, str(invalid)]),
        (
            "python -m tiercert score rubrics/bac_giang_friendly_gov.yaml xa_mau_a.yaml",
            [*score, "examples/bac_giang/xa_mau_a.yaml"],
        ),
        (
            "python -m tiercert score ... xa_mau_a.yaml --format json",
            [*score, "examples/bac_giang/xa_mau_a.yaml", "--format", "json"],
        ),
    ]


def _target(name: str) -> str:
    words = name.split()
    if words[3:5] == ["check", "rubrics/bac_giang_friendly_gov.yaml"]:
        return TARGETS["check rubrics"]
    if words[3:4] == ["score"] and "--format" not in words:
        return TARGETS["score"]
    return ""


def main(argv: list[str]) -> int:
    before = None
    if "--before" in argv:
        at = argv.index("--before")
        before = Path(argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2 :]
    rounds = int(argv[0]) if argv else 30
    started = machine()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    envs = {"": env}
    if before is not None:
        envs[" (before)"] = {**env, "PYTHONPATH": str(before)}
    with tempfile.TemporaryDirectory() as folder:
        invalid = Path(folder) / "broken.yaml"
        invalid.write_text(INVALID, encoding="utf-8")
        runs = [(name, cmd, "") for name, cmd in commands(invalid)]
        if before is not None:  # the version before: the two commands with targets
            runs += [(name, cmd, " (before)") for name, cmd, _ in runs if _target(name)]
        times: dict[str, list[float]] = {name + mark: [] for name, _, mark in runs}
        cpu: dict[str, list[float]] = {name + mark: [] for name, _, mark in runs}
        for n in range(rounds + 1):
            for name, cmd, mark in runs:
                name += mark
                start = time.perf_counter()
                child = subprocess.Popen(cmd, cwd=ROOT, env=envs[mark], stdout=subprocess.DEVNULL)
                _, _, usage = os.wait4(child.pid, 0)
                child.returncode = 0  # reaped above
                if n:  # round 0 writes the bytecode caches
                    times[name].append(time.perf_counter() - start)
                    cpu[name].append(usage.ru_utime + usage.ru_stime)
    base = statistics.median(times[runs[0][0]])
    base_cpu = statistics.median(cpu[runs[0][0]])
    rows = [
        [
            name,
            f"{statistics.median(t) * 1e3:.0f} ms",
            f"{statistics.median(t) / base:.2f}",
            f"{statistics.median(cpu[name]) * 1e3:.0f} ms",
            f"{statistics.median(cpu[name]) / base_cpu:.2f}",
            _target(name) if not name.endswith(" (before)") else "",
        ]
        for name, t in times.items()
    ]
    print(f"Median of {rounds} rounds. Machine: {started}\n")
    print(table(rows, ["command", "wall time", "ratio", "CPU time", "CPU ratio", "target"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
