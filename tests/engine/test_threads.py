"""A rubric scored from many threads at once, as a web portal's worker threads do (issue: a
stranger's pass, fifteenth round).

Every thread is released by one ``threading.Barrier`` onto a freshly loaded rubric, so that
they all reach the first use of its verdict scorer, its full scorer (cut into parts) and its
breakdown together: what they get must be what one thread gets, each piece of code must be
written and compiled once (before, every thread that arrived while another was compiling
compiled it again: as many copies of a large rubric's compile peak as threads), and no thread
may raise or hang.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest

import tiercert
from tiercert._fast import chunks, codegen, evaluator
from tiercert._fast import rows as row_code
from tiercert.result import ResultData

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from large_rubric import realistic

THREADS = 6


def _answers(rubric: tiercert.Rubric, seed: int) -> dict[str, object]:
    """Answers to every criterion of a ``large_rubric.realistic`` rubric, varied by ``seed``:
    texts, numbers, floats, Decimals-as-text, N/A with a justification."""
    out: dict[str, object] = {}
    for n, (node_id, _, node) in enumerate(rubric.iter_nodes()):
        if node.rule is None:
            continue
        pick = (n * 7 + seed * 13) % 5
        if node.na is not None and pick == 0:
            out[node_id] = {"value": "na", "justification": "not here"}
            continue
        kind = node.rule.kind
        if kind == "boolean":
            out[node_id] = ("yes", True, "không", "có", False)[pick]
        elif kind == "levels":
            out[node_id] = [level.id for level in node.rule.levels][pick % len(node.rule.levels)]
        elif kind in ("bands", "linear"):
            out[node_id] = ("12", 5, " 33.5 ", 50.5, "99.99")[pick]
        else:
            out[node_id] = pick % 4
    return out


def _run_together(work: Callable[[int], None]) -> list[str]:
    """``work(t)`` in THREADS threads released at once; the tracebacks of those that raised."""
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def run(t: int) -> None:
        try:
            barrier.wait()
            work(t)
        except Exception:  # reported below, with the thread's traceback
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return errors


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times code is written and compiled; each compile made slow enough that every
    thread reaches the first use while the first thread is still compiling."""
    counts = {"written": 0, "compiled": 0}
    write, run, builder = (
        codegen.Generator.write,
        evaluator.FastEvaluator._run,
        evaluator.FastEvaluator._compile_builder,
    )

    def counting_write(self: codegen.Generator) -> str:
        counts["written"] += 1
        return write(self)

    def slow_run(self: evaluator.FastEvaluator, *args: Any) -> dict[str, Any]:
        counts["compiled"] += 1
        threading.Event().wait(0.05)  # (a compile of a large rubric takes seconds)
        return run(self, *args)

    def slow_builder(self: evaluator.FastEvaluator, code: str) -> Callable[..., Any]:
        counts["compiled"] += 1
        threading.Event().wait(0.05)
        return builder(self, code)

    monkeypatch.setattr(codegen.Generator, "write", counting_write)
    monkeypatch.setattr(evaluator.FastEvaluator, "_run", slow_run)
    monkeypatch.setattr(evaluator.FastEvaluator, "_compile_builder", slow_builder)
    return counts


@pytest.mark.parametrize("criteria", [60, 1_100])
def test_threads_on_a_fresh_rubric_get_one_thread_s_results_and_compile_once(
    counted: dict[str, int], monkeypatch: pytest.MonkeyPatch, criteria: int
) -> None:
    # 1,100 criteria: scored by the reference for its first 16 calls, then compiled, its
    # full scorer cut into parts (here of 2,000 lines)
    monkeypatch.setattr(chunks, "CHUNK_FROM", 10_000)
    text = realistic(criteria)
    alone = tiercert.parse_rubric(text)
    units = [_answers(alone, seed) for seed in range(24)]
    expected = [alone.evaluate(unit, engine="reference").to_dict() for unit in units]
    for unit, data in zip(units, expected, strict=True):  # one thread, the compiled scorers
        verdict = alone.verdict(unit)
        assert (tiercert.exact_number(verdict.total), verdict.certified) == (
            data["total"],
            data["certified"],
        )
        assert alone.evaluate(unit).to_dict() == data
    once = dict(counted)

    rubric = tiercert.parse_rubric(text)
    got: dict[tuple[int, int], Any] = {}

    def work(t: int) -> None:
        for j, unit in enumerate(units):
            if (j + t) % 3 == 0:
                verdict = rubric.verdict(unit)
                got[t, j] = (tiercert.exact_number(verdict.total), verdict.certified)
            else:
                result = rubric.evaluate(unit)
                got[t, j] = json.loads(result.to_json())

    errors = _run_together(work)
    assert errors == []
    for (_, j), value in got.items():
        data = expected[j]
        if isinstance(value, tuple):
            assert value == (data["total"], data["certified"])
        else:
            assert value == data
    # what one thread wrote and compiled, no more
    assert {k: counted[k] - once[k] for k in counted} == once


def test_to_dict_of_one_result_from_many_threads(counted: dict[str, int]) -> None:
    """The breakdown of a result is built when first read: threads reading one result's
    ``to_dict()`` at once all get the same, and it is compiled once."""
    rubric = tiercert.parse_rubric(realistic(40))
    unit = _answers(rubric, 1)
    expected = rubric.evaluate(unit, engine="reference").to_dict()
    rubric.verdict(unit)
    result = rubric.evaluate(unit)  # its nodes not built yet
    before = counted["compiled"]
    got: list[ResultData] = []
    errors = _run_together(lambda t: got.append(result.to_dict()))
    assert errors == []
    assert got == [expected] * THREADS
    assert counted["compiled"] - before == 1  # the breakdown, by one thread


def test_the_breakdown_asked_by_many_threads_at_once_is_compiled_once(
    counted: dict[str, int],
) -> None:
    """Threads asking a fresh evaluator for its breakdown at once (each result's own, not one
    result's: on Python 3.11 a ``cached_property`` lock lets one thread in at a time) wait
    for the one compiling it and use what it compiled, not compile it again."""
    rubric = tiercert.parse_rubric(realistic(40))
    rubric.verdict(_answers(rubric, 1))
    fast = rubric._fast
    assert fast is not None
    before = counted["compiled"]
    got: list[object] = []
    errors = _run_together(lambda t: got.append(fast._usual_builder()))
    assert errors == []
    assert len(got) == THREADS
    assert all(builder is got[0] for builder in got)
    assert counted["compiled"] - before == 1


def test_one_evaluator_per_rubric_without_cached_property_s_lock() -> None:
    """Python 3.12 and later lock no ``cached_property``: threads asking a fresh rubric for
    its evaluator at once each ran the function, and each evaluator wrote and compiled the
    rubric's code again.  The function itself makes one (called here as those versions do)."""
    rubric = tiercert.parse_rubric(realistic(20))
    make = tiercert.Rubric.__dict__["_fast"].func
    made: list[object] = []
    errors = _run_together(lambda t: made.append(make(rubric)))
    assert errors == []
    assert len(made) == THREADS
    assert all(m is made[0] for m in made)
    assert made[0] is not None
    assert rubric._fast is made[0]


def _sheet_cells(rubric: tiercert.Rubric, seed: int) -> dict[str, object]:
    """A sheet row for a ``large_rubric.realistic`` rubric: its cells as a portal's form or a
    JSON line gives them, decimal text, float, ``Decimal``, words, N/A, blank."""
    row: dict[str, object] = {"unit_id": f"xa-{seed}"}
    for n, (node_id, _, node) in enumerate(rubric.iter_nodes()):
        if node.rule is None:
            continue
        pick = (n * 7 + seed * 13) % 6
        kind = node.rule.kind
        if kind == "boolean":
            row[node_id] = ("yes", True, "không", "có", "on", "")[pick]
        elif kind == "levels":
            row[node_id] = [level.id for level in node.rule.levels][pick % len(node.rule.levels)]
        elif kind in ("bands", "linear"):
            cells: tuple[object, ...] = ("12.5", 49.99, Decimal("33.50"), "99.99", 50, "0.1")
            row[node_id] = cells[pick]
        else:
            row[node_id] = (pick % 4, str(pick % 3), Decimal(pick % 2))[pick % 3]
    return row


@pytest.mark.parametrize("as_text", [False, True])
def test_row_scorers_from_many_threads_give_the_reference_s_rows(
    as_text: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A portal scoring sheets from 8 worker threads with one rubric loaded once: each
    thread's ``score_records`` (the row scorers: compiled per sheet layout, their memos and
    the finer evaluator shared through the rubric) gives the rows the reference gives in one
    thread, for every row (a guard: row scorers were never run from threads)."""
    built: list[object] = []
    make = row_code.RowScorer.__init__

    def counting(self: row_code.RowScorer, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        make(self, *args, **kwargs)

    monkeypatch.setattr(row_code.RowScorer, "__init__", counting)
    rubric = tiercert.parse_rubric(realistic(40))
    rows = [_sheet_cells(rubric, seed) for seed in range(480)]
    expected = list(
        tiercert.score_records(
            tiercert.parse_rubric(realistic(40)), rows, engine="reference", as_text=as_text
        )
    )
    parts = [rows[start : start + 20] for start in range(0, len(rows), 20)]
    with ThreadPoolExecutor(8) as pool:
        got = [
            record
            for part in pool.map(
                lambda part: list(tiercert.score_records(rubric, part, as_text=as_text)), parts
            )
            for record in part
        ]
    assert [{**r, "row": None} for r in got] == [{**r, "row": None} for r in expected]
    assert {r["status"] for r in got} == {"scored", "rejected"}
    # the row scorer of the records' layout, made once and shared by every thread (each
    # call made its own before; the reference's made one too): it scored them
    fast = rubric._fast
    assert fast is not None
    assert len(built) == 1
    assert list(fast._row_scorers.values()) == built


def _score_in_child(rubric: tiercert.Rubric, unit: dict[str, object], out: Any) -> None:
    out.put(rubric.evaluate(unit).to_json())


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="no fork on this platform")
def test_a_process_forked_while_a_thread_compiles_compiles_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A portal forking a worker (``multiprocessing`` with fork) while one of its threads
    compiles a rubric: the child has a copy of the held lock and no thread to release it, so
    it would wait for ever; it gets fresh locks and compiles by itself."""
    rubric = tiercert.parse_rubric(realistic(20))
    unit = _answers(rubric, 2)
    expected = rubric.evaluate(unit, engine="reference").to_json()
    inside, leave = threading.Event(), threading.Event()
    run = evaluator.FastEvaluator._run

    def held_run(self: evaluator.FastEvaluator, *args: Any) -> dict[str, Any]:
        if threading.current_thread() is not threading.main_thread():
            inside.set()
            leave.wait(60)
        return run(self, *args)

    monkeypatch.setattr(evaluator.FastEvaluator, "_run", held_run)
    compiling = threading.Thread(target=rubric.evaluate, args=(unit,))
    context = multiprocessing.get_context("fork")
    queue: Any = context.Queue()
    child = context.Process(target=_score_in_child, args=(rubric, unit, queue))
    compiling.start()
    try:
        assert inside.wait(60)
        with warnings.catch_warnings():  # (3.12: forking with threads is discouraged)
            warnings.simplefilter("ignore", DeprecationWarning)
            child.start()
        got = queue.get(timeout=60)
        child.join(60)
    finally:
        leave.set()
        compiling.join(60)
        if child.is_alive():  # (a child waiting for ever fails the test, not the run)
            child.kill()
    assert got == expected
    assert rubric.evaluate(unit).to_json() == expected


def test_the_locks_a_forked_child_gets_are_fresh_and_free() -> None:
    """What a forked child runs first (``os.register_at_fork``): every lock it holds a copy
    of, held by a thread it does not have, is replaced by a free one (the evaluators' and
    the one guarding the evaluators of finer places, see ``_fine_verdict``)."""
    rubric = tiercert.parse_rubric(realistic(20))
    fast = rubric._fast
    assert fast is not None
    with evaluator._MAKING_FINE, fast._first_use:  # (held, as by a thread compiling)
        evaluator._after_fork_in_child()
        for lock in (evaluator._MAKING_FINE, fast._first_use):
            assert lock.acquire(blocking=False)
            lock.release()


def test_a_large_rubric_counted_down_by_threads_together_is_compiled() -> None:
    """A large rubric is scored by the reference for its first calls, counted down by each
    call (``Rubric._compiled``).  Threads may test and count down together (every thread
    past the test before any counts down: free-threaded Python interleaves them so; with
    the GIL no thread is switched out between the two): with 1 call left, 8 threads took the
    count to -7, which stayed true, and every call after was the reference's, never
    compiled.  Here each thread's first test of the count waits for all 8 to make it."""
    rubric = tiercert.parse_rubric(realistic(1_100))
    unit = _answers(rubric, 3)
    expected = rubric.evaluate(unit, engine="reference")
    together = threading.Barrier(8)
    local = threading.local()

    class Crowded(int):
        """The count left, whose first test by each thread waits for the 8 threads."""

        def _tested(self) -> int:
            if not getattr(local, "tested", False):
                local.tested = True
                together.wait(60)
            return int(self)

        def __bool__(self) -> bool:
            return self._tested() != 0

        def __gt__(self, other: object) -> bool:
            return self._tested() > cast(int, other)

        def __le__(self, other: object) -> bool:
            return self._tested() <= cast(int, other)

    rubric._warm_up = Crowded(1)
    got: list[tiercert.Verdict] = []
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: rubric.verdict(unit), range(8)))
    assert got == [(expected.total, expected.certified, expected.tier)] * 8
    assert "_fast" not in vars(rubric)  # all 8 by the reference (the count they found)
    assert rubric.verdict(unit) == got[0]
    assert "_fast" in vars(rubric)  # the next call compiled it
    assert rubric.evaluate(unit) == expected
