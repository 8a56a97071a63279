"""Where compiling a large rubric's scorer spends its memory: parsing or code generation.

    python benchmarks/compile_memory.py                 # 10,000 criteria, every step
    python benchmarks/compile_memory.py 1000 source     # one step, for another size

Writes ``large_rubric.realistic(n)``, loads it, generates the verdict scorer's source as the
compiled evaluator does (``Generator(plan, numbers, full=False, readings={}).write()``), then,
each step in
a fresh process (the allocator keeps what a step freed, so a second step in the same process
would measure less), reports the step's peak resident memory above what the process held
before it (``VmHWM``, reset through ``/proc/self/clear_refs``; Linux only), what it still holds
after, and its CPU time:

- ``source``: ``compile(source)``, what the evaluator runs (the full scorer is compiled the
  same way, later, on first use);
- ``ast``: the same in two steps, ``ast.parse(source)`` then ``compile(tree)``;
- ``full``: ``compile()`` of the full scorer's source;
- ``trim``: ``compile(source)``, then glibc's ``malloc_trim(0)``: what the process keeps is
  memory the allocator holds, not the code object;
- ``evaluate``: through the public API, the rubric loaded and its verdict compiled first
  (``_warm_up = 0``, as its 17th call would), then the **first full result**
  (``rubric.evaluate``): writing and compiling the full scorer and the breakdown.

The full scorer's source is compiled as the evaluator compiles it: one top-level ``def`` at a
time (a large one is written in parts, ``_fast/chunks.py``; before the fourteenth round it was
one function).  The script puts its own tree's ``src`` first on ``sys.path``, so that an A/B
run of two trees runs each tree's code.
"""

from __future__ import annotations

import ast
import ctypes
import gc
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from answers import styled_cases
from large_rubric import realistic

import tiercert
from tiercert._fast.codegen import Generator, scale_places
from tiercert._fast.evaluator import _FINER_PLACES
from tiercert._fast.numbers import Numbers

STEPS = ("source", "ast", "full", "trim", "evaluate")
#: where the evaluator compiles the next piece of a scorer's text (FastEvaluator._run)
_TOP_DEF = re.compile(r"^(?=def )", re.MULTILINE)


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    raise OSError(f"no {key} in /proc/self/status")  # pragma: no cover


def _step(name: str, work: Callable[[], object]) -> object:
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    before, cpu = _status("VmRSS:"), time.process_time()
    made = work()
    cpu = time.process_time() - cpu
    peak, kept = _status("VmHWM:") - before, _status("VmRSS:") - before
    print(f"| {name} | +{peak:,.0f} MB | {kept:+,.0f} MB | {cpu:.2f} s |", flush=True)
    return made


def run(criteria: int, step: str) -> None:
    """One step in this process."""
    path = Path(tempfile.mkdtemp()) / f"large{criteria}.yaml"
    path.write_text(realistic(criteria), encoding="utf-8")
    rubric = tiercert.load_rubric(path)
    if step == "evaluate":
        (answers, facts), *_ = styled_cases(rubric, "decimal text", 1)
        rubric._warm_up = 0  # compiled now, as the 17th call would be
        rubric.verdict(answers, facts=facts)  # the verdict scorer written and compiled
        gc.disable()
        result = _step(
            "first full result, `evaluate()` (decimal text)",
            lambda: rubric.evaluate(answers, facts=facts),
        )
        assert result == rubric.evaluate(answers, facts=facts, engine="reference")
        return
    plan = rubric._plan
    numbers = Numbers(scale_places(plan) + _FINER_PLACES)
    source = Generator(plan, numbers, full=step == "full", readings={}).write()
    gc.disable()
    if step == "full":
        pieces = [piece for piece in _TOP_DEF.split(source) if piece]
        _step(
            f"`compile()` of the full scorer, {len(pieces)} function(s) one at a time",
            lambda: [compile(piece, "<scorer>", "exec") for piece in pieces],
        )
    elif step == "ast":
        tree = _step("`ast.parse(source)`", lambda: ast.parse(source))
        _step("then `compile(tree)`", lambda: compile(tree, "<scorer>", "exec"))  # type: ignore[call-overload]
    else:
        name = "full scorer" if step == "full" else "verdict scorer"
        code = _step(f"`compile(source)`, {name}", lambda: compile(source, "<scorer>", "exec"))
        if step == "trim":
            libc = ctypes.CDLL("libc.so.6")
            _step("then `malloc_trim(0)`", lambda: libc.malloc_trim(0))
            assert code is not None  # the code object is still held


def main(argv: list[str]) -> int:
    criteria = int(argv[0]) if argv else 10_000
    if len(argv) > 1:
        run(criteria, argv[1])
        return 0
    path = Path(tempfile.mkdtemp()) / f"large{criteria}.yaml"
    path.write_text(realistic(criteria), encoding="utf-8")
    plan = tiercert.load_rubric(path)._plan
    numbers = Numbers(scale_places(plan) + _FINER_PLACES)
    verdict = Generator(plan, numbers, full=False, readings={}).write()
    full = Generator(plan, numbers, full=True, readings={}).write()
    print(
        f"{criteria:,} criteria: verdict scorer {len(verdict) / 1e6:.1f} MB of source "
        f"({verdict.count(chr(10)):,} lines), full scorer {len(full) / 1e6:.1f} MB; "
        f"load average {os.getloadavg()[0]:.2f} at the start\n"
    )
    print("| step | peak above before | held after | CPU |\n|---|---|---|---|", flush=True)
    for step in STEPS:
        subprocess.run([sys.executable, __file__, str(criteria), step], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
