"""The fuzzing engine: targets that run within a budget in CI and for hours by hand.

A :class:`Target` is a hypothesis strategy and a ``check`` that feeds what it draws to
tiercert's public API and asserts that the outcome is a clean result or tiercert's own
documented errors, nothing else.  :func:`run` runs it:

- in the normal test run (CI): ``examples`` examples, a few seconds;
- with ``TIERCERT_FUZZ_SECONDS=S``: rounds of examples until ``S`` seconds have passed, with a
  fresh random seed each round, collecting every distinct failure (not only the first);
  ``tools/fuzz.py`` sets it and prints executions per second per target.

Every example runs under a hang guard (``TIERCERT_FUZZ_HANG`` seconds, 20 by default): an
input that keeps tiercert busy that long fails as :class:`Hung`, shrunk like any failure.  The
guard catches hangs, not slowness: it is far above what any input within the limits takes, so
that a busy machine cannot make it fail (tests assert no timings).
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st

import tiercert

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = sorted((ROOT / "rubrics").glob("*.yaml"))

#: seconds one example may keep tiercert busy before it counts as a hang
HANG_SECONDS = float(os.environ.get("TIERCERT_FUZZ_HANG", "20"))
#: with TIERCERT_FUZZ_SECONDS, each round runs this many examples under one seed
ROUND = 200
#: a long run stops a target after this many distinct failures (the rest are likely the same)
MAX_FAILURES = 5


class Hung(Exception):
    """An example kept tiercert busy for longer than the hang guard allows."""


@contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hung` where the code is when ``seconds`` have passed (main thread only:
    elsewhere the guard is off)."""

    def expired(signum: int, frame: object) -> None:
        raise Hung(f"no answer after {seconds:g} s")

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- what counts as "tiercert's own documented errors" ----------------------------------------


@cache
def documented_codes() -> frozenset[str]:
    """Every problem code the documentation explains (written in backticks in docs/)."""
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    return frozenset(re.findall(r"`([a-z_]+\.[a-z_]+)`", text))


#: characters that must never reach a terminal raw: C0 controls but the line break, DEL, C1
#: controls, bidi embeddings, overrides and isolates, and the line and paragraph separators
_RAW_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def raw_control(text: str) -> str | None:
    """The first raw control character in ``text`` (shown with repr), or None."""
    found = _RAW_CONTROLS.search(text)
    return None if found is None else repr(found.group())


#: a message longer than this quotes something in full that it should have cut
MAX_MESSAGE = 20_000


def assert_problem(problem: tiercert.Problem) -> None:
    """A problem as documented: a known code, a message, a path, a one-line safe format."""
    assert isinstance(problem, tiercert.Problem), problem
    assert problem.code in documented_codes(), f"undocumented problem code {problem.code!r}"
    assert problem.message.strip(), problem
    assert len(problem.message) <= MAX_MESSAGE, (
        f"a message of {len(problem.message):,} characters: {problem.message[:200]}"
    )
    assert problem.where, problem  # a path ($.answers['g1']) or, in a sheet, a column name
    line = problem.format()
    assert "\n" not in line, line
    assert raw_control(line) is None, f"raw control {raw_control(line)} in {line!r}"
    assert problem.code in line
    json.dumps(problem.to_dict(), ensure_ascii=False)  # serialisable


def assert_problems(problems: Iterable[tiercert.Problem]) -> None:
    for problem in problems:
        assert_problem(problem)


def assert_error(exc: tiercert.TiercertError) -> None:
    """An exception tiercert raised on purpose: its problems as documented, at least one."""
    assert isinstance(exc, tiercert.ProblemsError), f"{type(exc).__name__}: {exc}"
    assert exc.problems, "an error without problems"
    assert_problems(exc.problems)
    assert raw_control(str(exc)) is None, f"raw control in the message: {str(exc)!r}"


def problem_keys(problems: Iterable[tiercert.Problem]) -> list[tuple[str, str, str]]:
    """What two ways of reading the same input must agree on: code, path, message."""
    return [(p.code, p.where, p.format()) for p in problems]


# --- bugs found and not fixed yet -------------------------------------------------------------


@dataclass(frozen=True)
class KnownBug:
    """A bug the fuzzer found that is not fixed yet: ``test`` (in ``test_fuzz_findings.py``)
    reproduces it as an ``xfail(strict=True)`` test, and failures whose text matches ``symptom``
    are set aside (hypothesis ``reject``) so that the net stays green meanwhile and keeps looking
    for other bugs.  When the fix lands the xfail test passes, fails as strict, and whoever
    fixed it removes the marker and the entry here."""

    test: str
    kind: type[BaseException]
    symptom: str

    def matches(self, exc: BaseException) -> bool:
        return isinstance(exc, self.kind) and re.search(self.symptom, str(exc)) is not None


KNOWN_BUGS: tuple[KnownBug, ...] = ()


#: how much of the slowest example a long run's stats keep
SLOWEST_SHOWN = 2000


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a repr that fails (an int over 4,300 digits) must not fail it
        return f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= SLOWEST_SHOWN else text[:SLOWEST_SHOWN] + f"… ({len(text):,})"


def known_bug(exc: BaseException) -> KnownBug | None:
    return next((bug for bug in KNOWN_BUGS if bug.matches(exc)), None)


# --- targets ----------------------------------------------------------------------------------


@dataclass
class Stats:
    """What one target did: examples run, seconds, the slowest example, distinct failures."""

    name: str
    executions: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    #: the slowest example, as repr() cut to SLOWEST_SHOWN characters (what to look at)
    slowest_example: str = ""
    failures: list[str] = field(default_factory=list)
    #: examples set aside as a known bug, by the test that reproduces it
    known: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        rate = self.executions / self.seconds if self.seconds else 0.0
        return {
            "target": self.name,
            "executions": self.executions,
            "seconds": round(self.seconds, 1),
            "per_second": round(rate, 1),
            "slowest_example_s": round(self.slowest, 3),
            "slowest_example": self.slowest_example,
            "failures": len(self.failures),
            "known_bugs": self.known,
        }


@dataclass
class Target:
    """A strategy and the check every drawn value must pass.

    ``examples`` is the CI budget: the examples one run of the normal test suite spends on
    this target (tune it so that all the targets together stay within about a minute).
    """

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    examples: int = 50
    stats: Stats = field(init=False)

    def __post_init__(self) -> None:
        self.stats = Stats(self.name)

    def _counted(self, value: Any) -> None:
        started = time.perf_counter()
        try:
            with hang_guard():
                self.check(value)
        except Exception as exc:
            bug = known_bug(exc)
            if bug is None:
                raise
            self.stats.known[bug.test] = self.stats.known.get(bug.test, 0) + 1
            reject()
        finally:
            spent = time.perf_counter() - started
            self.stats.executions += 1
            if spent > self.stats.slowest:
                self.stats.slowest = spent
                self.stats.slowest_example = _shown(value)

    def _test(self, examples: int, *, long_run: bool) -> Callable[[], None]:
        """The target as a fresh hypothesis test of ``examples`` examples."""
        # the inner function's name keys hypothesis's database: failures found in CI are
        # replayed first on the next run (long runs keep no database: see run())
        counted = self._counted

        def fuzz(value: Any) -> None:
            counted(value)

        fuzz.__qualname__ = fuzz.__name__ = f"fuzz_{self.name}"
        fuzz.__module__ = __name__
        options: dict[str, Any] = {
            "max_examples": examples,
            "deadline": None,  # the hang guard stands in: no timing asserts
            "suppress_health_check": list(HealthCheck),
            "print_blob": True,
        }
        if long_run:
            options.update(database=None, derandomize=False, report_multiple_bugs=False)
            options["phases"] = [Phase.generate, Phase.target, Phase.shrink, Phase.explain]
        test: Callable[[], None] = settings(**options)(given(self.strategy)(fuzz))
        return test


def _fuzz_seconds() -> float:
    return float(os.environ.get("TIERCERT_FUZZ_SECONDS", "0") or 0)


def _finding_text(target: Target, exc: BaseException) -> str:
    """The failure as saved: the traceback with hypothesis's notes (the shrunk example)."""
    return "".join(traceback.format_exception(exc))


def _signature(exc: BaseException) -> str:
    """Failures that are the same bug: same exception type and same innermost tiercert line."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "tiercert" in f.filename and "tests" not in f.filename]
    where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "tests"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__} at {where}: {first[:120]}"


def _save(target: Target, stats: Stats, exc: BaseException) -> None:
    folder = Path(os.environ.get("TIERCERT_FUZZ_FINDINGS", ROOT / ".fuzz" / "findings"))
    folder.mkdir(parents=True, exist_ok=True)
    number = len(stats.failures)
    (folder / f"{target.name}-{number}.txt").write_text(_finding_text(target, exc), "utf-8")


def _record_stats(stats: Stats) -> None:
    path = os.environ.get("TIERCERT_FUZZ_STATS")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps(stats.as_dict()) + "\n")


def run(target: Target) -> None:
    """Run ``target``: its CI budget, or ``TIERCERT_FUZZ_SECONDS`` seconds of rounds."""
    seconds = _fuzz_seconds()
    stats = target.stats = Stats(target.name)
    started = time.perf_counter()
    if not seconds:
        try:
            target._test(target.examples, long_run=False)()
        finally:
            stats.seconds = time.perf_counter() - started
            _record_stats(stats)
        return
    first: BaseException | None = None
    seen: set[str] = set()
    try:
        while time.perf_counter() - started < seconds and len(seen) < MAX_FAILURES:
            try:
                target._test(ROUND, long_run=True)()
            except Exception as exc:  # a finding: keep it, and go on looking for others
                signature = _signature(exc)
                if signature not in seen:
                    seen.add(signature)
                    stats.failures.append(signature)
                    _save(target, stats, exc)
                    first = first or exc
    finally:
        stats.seconds = time.perf_counter() - started
        _record_stats(stats)
    if first is not None:
        raise AssertionError(
            f"{target.name}: {len(seen)} distinct failure(s): " + "; ".join(sorted(seen))
        ) from first
