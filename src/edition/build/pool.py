"""Per-file work in a process pool: ``--jobs N`` workers, results in the order of the inputs.

Workers are started fresh ('forkserver'), never forked from the main process: a Saxon isolate
(GraalVM) inherited by a fork from a process that has used it can crash in the child (see
publish/pdf.py). Each worker loads what it needs once (the stylesheet, the schema) and keeps it
for every file it is given. The results are the same as a serial run's, which is also what
``jobs=1`` does, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from ..procs import die_with_parent

A = TypeVar("A")
R = TypeVar("R")


class Workers:
    """A pool started on first use and kept for several maps (a stage with two passes over the
    files starts its workers, and imports its modules in them, once); ``with`` ends it."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[A], R], items: Sequence[A],
            progress: Callable[[Iterable[A]], Iterable[A]] = lambda x: x) -> Iterator[R]:
        """``fn`` over ``items`` (``fn`` a module-level function, its arguments and results
        picklable); yields the results in input order as they come."""
        if self.jobs <= 1 or len(items) <= 1:
            for item in progress(items):
                yield fn(item)
            return
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            # a killed command takes its workers with it (edition.procs)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                             initializer=die_with_parent,
                                             initargs=(os.getpid(),))
        futures = [self._pool.submit(fn, item) for item in items]
        done = iter(futures)
        for _ in progress(items):
            yield next(done).result()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # as a with-block of the executor would
            self._pool = None


def map_jobs(fn: Callable[[A], R], items: Sequence[A], jobs: int,
             progress: Callable[[Iterable[A]], Iterable[A]] = lambda x: x) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` processes (at most one per item), in a pool of its
    own; yields the results in input order as they come."""
    with Workers(min(jobs, len(items))) as workers:
        yield from workers.map(fn, items, progress)
