"""The encoding review file by file in a process pool (``--jobs``), results in file order, and
kept in build/cache/review/ so that an unchanged file is not reviewed again.

Each worker reads the register once (per folder) and reviews one TEI file at a time; what comes
back is the file's ``TextReview`` (plain data), exactly what the serial ``review_files`` makes.
A review depends on the TEI file, its raw file, the register and the review's code.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from ..fsutil import write_atomic
from .graph import Manifest, code_version, hash_bytes, hash_file
from .pool import map_jobs

STAGE = "review"
Task = tuple[Path, Path, dict[str, Path]]  # TEI file, project root, raw files by slug


@lru_cache(maxsize=8)
def _register(path: Path):
    from ..review.anomalies import Register

    return Register(path)


def review_one(task: Task):
    from ..review import REGISTER, review_file

    path, project_root, sources = task
    return review_file(path, project_root, sources, _register(path.parent / REGISTER))


def _key(path: Path, sources: dict[str, Path]) -> str:
    from ..review import REGISTER

    raw = sources.get(path.stem)
    # a file found by its xml:id or its header's idno: any raw file may be its source
    raws = [raw] if raw else sorted(sources.values())
    return hash_bytes(code_version(STAGE), str(path), hash_file(path),
                      hash_file(path.parent / REGISTER), *(hash_file(r) for r in raws))


def review_in_pool(files: list[Path], project_root: Path, jobs: int,
                   progress: Callable[[Iterable[Task]], Iterable[Task]] = lambda x: x,
                   cache_dir: Path | None = None) -> list:
    """``review_files`` on ``jobs`` cores; with ``cache_dir``, unchanged files are not reviewed
    again."""
    from ..review import review_targets
    from ..sources import discover

    raw_dir = project_root / "raw"
    sources = {s.slug: s.raw_path for s in discover(raw_dir, pending=[])} if raw_dir.is_dir() else {}
    targets = review_targets(files)
    manifest = Manifest(cache_dir) if cache_dir else None
    keys = {p: _key(p, sources) for p in targets} if manifest else {}
    reviews: dict[Path, object] = {}
    for p in targets if manifest else ():
        hit = _cached(manifest, cache_dir, p, keys[p])  # type: ignore[arg-type]
        if hit is not None:
            reviews[p] = hit
    stale = [p for p in targets if p not in reviews]
    tasks = [(p, project_root, sources) for p in stale]
    for p, review in zip(stale, map_jobs(review_one, tasks, jobs, progress), strict=True):
        reviews[p] = review
        if manifest is not None and cache_dir is not None:
            data = pickle.dumps(review, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(_store(cache_dir, keys[p]), data)
            manifest.record(STAGE, str(p), keys[p])
    if manifest is not None:
        manifest.save()
    return [reviews[p] for p in targets]


def _store(cache_dir: Path, key: str) -> Path:
    return cache_dir / STAGE / f"{key}.pickle"


def _cached(manifest: Manifest, cache_dir: Path, path: Path, key: str):
    if manifest.entry(STAGE, str(path), key) is None:
        return None
    try:  # our own cache, written above; anything unreadable is reviewed again
        return pickle.loads(_store(cache_dir, key).read_bytes())
    except Exception:
        return None
