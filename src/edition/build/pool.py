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


def map_jobs(fn: Callable[[A], R], items: Sequence[A], jobs: int,
             progress: Callable[[Iterable[A]], Iterable[A]] = lambda x: x) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` processes (``fn`` a module-level function, its
    arguments and results picklable); yields the results in input order as they come."""
    if jobs <= 1 or len(items) <= 1:
        for item in progress(items):
            yield fn(item)
        return
    context = multiprocessing.get_context("forkserver")
    # a killed command takes its workers with it (edition.procs)
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(fn, item) for item in items]
        done = iter(futures)
        for _ in progress(items):
            yield next(done).result()
