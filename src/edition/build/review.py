"""The encoding review file by file in a process pool (``--jobs``), results in file order.

Each worker reads the register once (per folder) and reviews one TEI file at a time; what comes
back is the file's ``TextReview`` (plain data), exactly what the serial ``review_files`` makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .pool import map_jobs

Task = tuple[Path, Path, dict[str, Path]]  # TEI file, project root, raw files by slug


@lru_cache(maxsize=8)
def _register(path: Path):
    from ..review.anomalies import Register

    return Register(path)


def review_one(task: Task):
    from ..review import REGISTER, review_file

    path, project_root, sources = task
    return review_file(path, project_root, sources, _register(path.parent / REGISTER))


def review_in_pool(files: list[Path], project_root: Path, jobs: int,
                   progress: Callable[[Iterable[Task]], Iterable[Task]] = lambda x: x) -> list:
    """``review_files`` on ``jobs`` cores."""
    from ..review import review_targets
    from ..sources import discover

    raw_dir = project_root / "raw"
    sources = {s.slug: s.raw_path for s in discover(raw_dir)} if raw_dir.is_dir() else {}
    tasks = [(path, project_root, sources) for path in review_targets(files)]
    return list(map_jobs(review_one, tasks, jobs, progress))
