"""The process pool: results in input order, the same as a serial run, the work shared between
this process and the workers, a failing item's error raised here."""

from __future__ import annotations

import os
import time

import pytest

from edition.build.pool import Workers, map_jobs


def square_and_pid(x: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough that the workers get their share
    return x * x, os.getpid()


def fails_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


def test_results_come_in_input_order_shared_between_this_process_and_a_worker():
    items = list(range(40))
    shown: list[int] = []

    def progress(it):
        for x in it:
            shown.append(x)
            yield x

    results = list(map_jobs(square_and_pid, items, 2, progress))
    assert [r for r, _ in results] == [x * x for x in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2  # this process and one worker
    assert shown == items


def test_one_job_or_serial_runs_here():
    with Workers(2) as workers:
        assert {pid for _, pid in workers.map(square_and_pid, [1, 2, 3], serial=True)} == {os.getpid()}
    assert {pid for _, pid in map_jobs(square_and_pid, [1, 2, 3], 1)} == {os.getpid()}


def test_an_items_error_is_raised_here():
    with pytest.raises(ValueError, match="seven"):
        list(map_jobs(fails_on_seven, list(range(20)), 2))
