"""What each way of reading a ``Decimal`` costs, in instructions (deterministic under load).

    PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-before='os_getppid*' \\
        --callgrind-out-file=/tmp/cg-ops/o python benchmarks/count_decimal_ops.py
    python benchmarks/count_decimal_ops.py --table /tmp/cg-ops/o   # per operation

Each candidate operation (a key for a memo of points, a test, a comparison with a ``Decimal``
edge) runs once on each of 8,000 new ``Decimal`` objects of the benchmarks' texts (``72.5``,
``80.0``, ``70.00``, ``4``, …; made before the loop, as a reader makes them: no hash cached),
in a loop of its own between two calls of ``os.getppid`` (callgrind's marker).  ``--table``
prints each loop's instructions per ``Decimal`` above the empty loop's.  The candidates are
the ones the twelfth round of issue 12 counted before building anything (see
docs/performance-history.md, "Decimal answers, twelfth round").
"""

from __future__ import annotations

import glob
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal

TEXTS = ("72.5", "80.0", "70.00", "4", "95.6", "84.4", "6", "4.0", "0.0", "99.9", "0.5", "100")
COUNT = 8000

#: (what it is, the loop body on ``d``), in the order the loops run
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("an empty loop (subtracted)", "pass"),
    ("`str(d)`", "x = _Str(d)"),
    ("`str(d)` kept in a variable (walrus)", "x = (t := _Str(d))"),
    ("`d.__str__()`", "x = d.__str__()"),
    ("`f'{d}'`", "x = f'{d}'"),
    ("`d.to_eng_string()`", "x = d.to_eng_string()"),
    ("`memo.get(str(d))`, a hit (the compiled code's key)", "x = MEMO_GET(_Str(d))"),
    ("`memo[str(d)]`, a hit", "x = MEMO[_Str(d)]"),
    ("`defaultdict[str(d)]`, a hit", "x = DEFAULTS[_Str(d)]"),
    ("`hash(d)` of a new `Decimal`", "x = hash(d)"),
    ("`hash(d)` twice (the second cached in the object)", "x = hash(d) + hash(d)"),
    ("`memo.get(d)`, a hit (a memo keyed by the `Decimal`)", "x = BY_DECIMAL_GET(d)"),
    ("`d.is_finite()`", "x = d.is_finite()"),
    ("`d.adjusted()`", "x = d.adjusted()"),
    ("`d.is_zero()`", "x = d.is_zero()"),
    ("`d.is_signed()`", "x = d.is_signed()"),
    ("`not d`", "x = not d"),
    ("`d.__sizeof__()`", "x = d.__sizeof__()"),
    ("`d.__copy__()`", "x = d.__copy__()"),
    ("`-d`", "x = -d"),
    ("`d < E` (E a `Decimal`)", "x = d < E50"),
    ("`d < E or d > F` (two `Decimal` edges)", "x = d < E50 or d > E100"),
    ("`d.same_quantum(Q)`", "x = d.same_quantum(Q3)"),
    ("`d.number_class()`", "x = d.number_class()"),
    ("`float(d)`", "x = float(d)"),
    ("`d.__reduce__()`", "x = d.__reduce__()"),
    ("`d.as_tuple()`", "x = d.as_tuple()"),
)


def fresh() -> list[Decimal]:
    """``COUNT`` new Decimals of ``TEXTS``, in turn: no hash computed yet."""
    return [Decimal(TEXTS[i % len(TEXTS)]) for i in range(COUNT)]


def loop(body: str) -> Callable[[list[Decimal]], None]:
    """A function running ``body`` once for each ``d`` of its argument (a constant text of
    this module, never input)."""
    memo = dict.fromkeys(TEXTS, 1)
    by_decimal = {Decimal(text): 1 for text in TEXTS}
    names: dict[str, object] = {
        "_Str": str,
        "MEMO": memo,
        "MEMO_GET": memo.get,
        "DEFAULTS": defaultdict(lambda: 0, memo),
        "BY_DECIMAL_GET": by_decimal.get,
        "E50": Decimal(50),
        "E100": Decimal(100),
        "Q3": Decimal("0.001"),
    }
    exec(f"def run(L):\n    for d in L:\n        {body}\n", names)
    run: Callable[[list[Decimal]], None] = names["run"]  # type: ignore[assignment]
    return run


def count() -> None:
    """Each operation's loop between two markers (``os.getppid``)."""
    for _name, body in OPERATIONS:
        run, decimals = loop(body), fresh()
        os.getppid()
        run(decimals)
        os.getppid()


def table(out: str) -> str:
    """The Markdown table of instructions per Decimal from callgrind's dumps ``out.N``."""
    totals: dict[int, int] = {}
    for path in glob.glob(f"{out}.*"):
        with open(path, encoding="utf-8") as dump:
            found = re.search(r"^totals: (\d+)", dump.read(), re.M)
        if found is not None:
            totals[int(path.rsplit(".", 1)[1])] = int(found.group(1))
    # dump 1: before the first marker; then each loop (2, 4, …) and what lies between
    per = [totals[2 + 2 * i] / COUNT for i in range(len(OPERATIONS))]
    rows = ["| operation | instructions |", "| --- | --- |"]
    pairs = zip(OPERATIONS[1:], per[1:], strict=True)
    rows += [f"| {name} | {x - per[0]:,.0f} |" for (name, _), x in pairs]
    return "\n".join(rows)


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--table"] and len(argv) == 2:
        print(table(argv[1]))
        return 0
    if argv:
        raise SystemExit("usage: count_decimal_ops.py [--table CALLGRIND_OUT]")
    count()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
