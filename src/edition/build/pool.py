"""Per-file work on ``--jobs N`` processes, results in the order of the inputs.

The main process is one of the N: it takes items itself while N - 1 workers take the others,
so two cores need one worker started, and its start-up (imports, the stylesheet, the schema)
overlaps with the main process's first items. Workers are started fresh ('forkserver'), never
forked from the main process: a Saxon isolate (GraalVM) inherited by a fork from a process
that has used it can crash in the child (see publish/pdf.py). Each worker loads what it needs
once and keeps it for every item it is given. The results are the same as a serial run's,
which is what ``jobs=1`` does, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from ..procs import die_with_parent

A = TypeVar("A")
R = TypeVar("R")
IN_FLIGHT_PER_WORKER = 2  # queued ahead, so a worker never waits for the main process


class Workers:
    """A pool started on first use and kept for several maps (a stage with two passes over the
    files starts its workers, and imports its modules in them, once); ``with`` ends it."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[A], R], items: Sequence[A],
            progress: Callable[[Iterable[A]], Iterable[A]] = lambda x: x,
            serial: bool = False) -> Iterator[R]:
        """``fn`` over ``items`` (``fn`` a module-level function, its arguments and results
        picklable); yields the results in input order as they come. ``serial``: in this
        process (too little work to pay for starting a worker)."""
        shown = iter(progress(items))
        results = (map(fn, items) if self.jobs <= 1 or len(items) <= 1 or serial
                   else self._shared(fn, items))
        for result in results:
            next(shown, None)
            yield result
            del result  # not held while the next item is worked on (one large result at a time)

    def _shared(self, fn: Callable[[A], R], items: Sequence[A]) -> Iterator[R]:
        """The items shared between the workers (fed a few at a time, from the front) and this
        process (taking the next one not yet given out whenever the next result is not ready)."""
        pool = self._started()
        pending = deque(enumerate(items))
        running: dict[int, Future[R]] = {}
        done: dict[int, R] = {}
        limit = IN_FLIGHT_PER_WORKER * (self.jobs - 1)
        for want in range(len(items)):
            while want not in done:
                while pending and len(running) < limit:
                    i, item = pending.popleft()
                    running[i] = pool.submit(fn, item)
                if want in running and (running[want].done() or not pending):
                    done[want] = running.pop(want).result()
                elif pending:
                    i, item = pending.popleft()
                    done[i] = fn(item)
            yield done.pop(want)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # a killed command takes its workers with it (edition.procs)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs - 1, mp_context=context,
                                             initializer=die_with_parent,
                                             initargs=(os.getpid(),))
        return self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # as a with-block of the executor would
            self._pool = None


def map_jobs(fn: Callable[[A], R], items: Sequence[A], jobs: int,
             progress: Callable[[Iterable[A]], Iterable[A]] = lambda x: x) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` processes (this one included, at most one per item),
    in a pool of its own; yields the results in input order as they come."""
    with Workers(min(jobs, len(items))) as workers:
        yield from workers.map(fn, items, progress)
