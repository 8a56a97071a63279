"""Chunks of work on worker processes, their results taken back in the order given.

What ``tiercert batch --jobs N`` runs its row loop on (see :mod:`tiercert.batch`).  Workers
are forked from the process that compiled the rubric, so each has the compiled code at once
(nothing is pickled but the chunks and their results); where forking is not safe (no
``fork`` on the platform, or other threads running, whose locks a child would inherit taken)
:func:`can_fork` says so and the caller works in its own process.  Tasks go to the workers in
turn, at most ``depth`` each in flight (memory stays flat: the caller waits for the oldest
before giving more), and their results come back in the order the tasks were given.  A
worker ignores Ctrl+C (the caller stops them all); one that dies or whose work raises makes
:meth:`Workers.take` raise :class:`WorkerFailed`.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from ._i18n import msg

#: how long :meth:`Workers.take` waits for a result before it looks whether its worker lives
_POLL = 0.2


class WorkerFailed(Exception):
    """A worker process stopped before giving a result (killed, out of memory), or its work
    raised: ``args[0]`` says which, in a few words (the exit code or the exception)."""


def available_cpus() -> int:
    """The processors this process may run on (its affinity, where the platform says)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        found = count()
    else:
        try:
            found = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            found = os.cpu_count()
    return max(1, found or 1)


def can_fork() -> bool:
    """Whether workers can be forked safely here: the platform forks, and no other thread
    runs (a child would inherit the locks it holds): :func:`fork_refusal` says why not."""
    return fork_refusal() is None


def fork_refusal() -> str | None:
    """Why workers cannot be forked safely here (a catalog message; :func:`can_fork` is
    False), None when they can."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return msg("this platform cannot fork processes")
    others = sorted(t.name for t in threading.enumerate() if t is not threading.current_thread())
    if others:
        return msg(
            "other threads run in this process ({threads}: a dask client leaves one behind), "
            "and a process forked beside them could inherit their locks taken",
            threads=", ".join(others),
        )
    return None


def _serve(work: Callable[[Any], Any], tasks: Any, results: Any) -> None:
    """A worker: each task to ``work``, its result (or what it raised) back, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the caller stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the caller's handler: just end
    while True:
        task = tasks.get()
        if task is None:
            return
        try:
            # pickled here, not by the queue's thread: a result that cannot be pickled is this
            # task's failure, where the queue's thread would drop it and leave the caller waiting
            answer = pickle.dumps(work(task), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:
            results.put((False, f"{type(exc).__name__}: {exc}"))
            return
        results.put((True, answer))


class Workers:
    """``count`` forked processes running ``work`` on the tasks given to :meth:`give`; see
    the module's docstring.  Use as a context manager: leaving it stops them (at once when
    it is left by an exception)."""

    def __init__(self, work: Callable[[Any], Any], count: int, depth: int = 2) -> None:
        context = multiprocessing.get_context("fork")
        self._processes: list[Any] = []
        self._tasks: list[Any] = []
        self._results: list[Any] = []
        self._given: deque[int] = deque()  # the worker of each task in flight, oldest first
        self._next = 0
        #: tasks in flight at most
        self.limit = count * depth
        try:
            for _ in range(count):
                tasks, results = context.Queue(), context.Queue()
                process = context.Process(target=_serve, args=(work, tasks, results))
                process.daemon = True
                process.start()
                self._processes.append(process)
                self._tasks.append(tasks)
                self._results.append(results)
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: object, exc: object, trace: object) -> None:
        if kind is None:
            self.close()
        else:
            self.stop()

    @property
    def full(self) -> bool:
        """Whether as many tasks as may be are in flight (:meth:`take` one first)."""
        return len(self._given) >= self.limit

    def give(self, task: object) -> None:
        """Give ``task`` to the next worker."""
        at = self._next
        self._next = (at + 1) % len(self._processes)
        self._tasks[at].put(task)
        self._given.append(at)

    def take(self) -> Any:
        """The result of the oldest task in flight (waiting for it).  Raises
        :class:`WorkerFailed` when its worker died or the task raised."""
        at = self._given.popleft()
        results, process = self._results[at], self._processes[at]
        while True:
            try:
                done, answer = results.get(timeout=_POLL)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # it may have put its result just before it ended
                    done, answer = results.get(timeout=_POLL)
                except queue.Empty:
                    raise WorkerFailed(f"exit code {process.exitcode}") from None
            if not done:
                raise WorkerFailed(answer)
            return pickle.loads(answer)

    def close(self) -> None:
        """Let the workers end (no task may be in flight), then stop any left."""
        for tasks in self._tasks:
            tasks.put(None)
            tasks.close()
        for tasks in self._tasks:  # their threads end: the next batch may fork again
            tasks.join_thread()
        for process in self._processes:
            process.join(timeout=5)
        self.stop()

    def stop(self) -> None:
        """Stop every worker now (their tasks in flight are lost)."""
        for process in self._processes:
            if process.is_alive():
                process.kill()
        for process in self._processes:
            process.join()
        for channel in (*self._tasks, *self._results):
            channel.cancel_join_thread()  # a task nobody reads must not hold the exit up
            channel.close()
