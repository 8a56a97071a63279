"""Cold start: ``tiercert check`` against importing its dependencies, in fresh processes.

    python benchmarks/bench_startup.py          # 30 rounds
    python benchmarks/bench_startup.py 60       # more rounds, steadier medians

Each round starts every command once, in turn (so a busy moment of a shared machine hits all
of them alike), and the table gives each command's median wall time and its ratio to
``python -c "import pydantic, yaml"``, the baseline of issue 6.  Bytecode caches are allowed
(``PYTHONDONTWRITEBYTECODE`` is removed), as on an installed system; the first round only
warms them and is not counted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BAC_GIANG, ROOT, table

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


def commands(invalid: Path) -> list[tuple[str, list[str]]]:
    python = sys.executable
    check = [python, "-m", "tiercert", "check"]
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
            "python -m tiercert score (Bắc Giang, one unit)",
            [
                python,
                "-m",
                "tiercert",
                "score",
                str(BAC_GIANG.relative_to(ROOT)),
                "examples/bac_giang/xa_mau_a.yaml",
            ],
        ),
    ]


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 30
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    with tempfile.TemporaryDirectory() as folder:
        invalid = Path(folder) / "broken.yaml"
        invalid.write_text(INVALID, encoding="utf-8")
        runs = commands(invalid)
        times: dict[str, list[float]] = {name: [] for name, _ in runs}
        for n in range(rounds + 1):
            for name, cmd in runs:
                start = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
                if n:  # round 0 writes the bytecode caches
                    times[name].append(time.perf_counter() - start)
    base = statistics.median(times[runs[0][0]])
    rows = [
        [name, f"{statistics.median(t) * 1e3:.0f} ms", f"{statistics.median(t) / base:.2f}"]
        for name, t in times.items()
    ]
    print(f"Median of {rounds} rounds, Python {sys.version.split()[0]}\n")
    print(table(rows, ["command", "wall time", "ratio"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
