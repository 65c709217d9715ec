"""The encoding review file by file in a process pool (``--jobs``), results in file order, and
kept in build/cache/review/ so that an unchanged file is not reviewed again.

Each worker reads the register once (per folder) and reviews one TEI file at a time; what comes
back is the file's ``TextReview`` (plain data), exactly what the serial ``review_files`` makes.
A review depends on the TEI file, its raw file, the register and the review's code.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
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


def raw_sources(project_root: Path) -> dict[str, Path]:
    """The raw files by slug (none without a raw/ folder)."""
    from ..sources import discover

    raw_dir = project_root / "raw"
    return {s.slug: s.raw_path for s in discover(raw_dir, pending=[])} if raw_dir.is_dir() else {}


def review_key(path: Path, sources: dict[str, Path]) -> str:
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

    targets = review_targets(files)
    manifest = Manifest(cache_dir) if cache_dir else None
    reviews = dict(iter_reviews(targets, project_root, jobs, raw_sources(project_root), progress,
                                manifest))
    if manifest is not None:
        manifest.save()
    return [reviews[p] for p in targets]


def iter_reviews(targets: list[Path], project_root: Path, jobs: int, sources: dict[str, Path],
                 progress: Callable[[Iterable[Task]], Iterable[Task]] = lambda x: x,
                 manifest: Manifest | None = None) -> Iterator[tuple[Path, object]]:
    """(file, review) for each of ``targets``, the cached ones first, then those reviewed
    now: one at a time, so that a caller that needs no more than one holds no more. With a
    ``manifest`` (build/cache/manifest.json), reviews are kept beside it and recorded in it;
    the caller saves it."""
    cache_dir = manifest.path.parent if manifest else None
    keys = {p: review_key(p, sources) for p in targets} if manifest else {}
    stale = []
    for p in targets:
        hit = _cached(manifest, cache_dir, p, keys[p]) if manifest and cache_dir else None
        if hit is None:
            stale.append(p)
        else:
            yield p, hit
    tasks = [(p, project_root, sources) for p in stale]
    # (not zip(stale, reviews): zip keeps its last tuple, hence the last review, alive while it
    # fetches the next one)
    reviews = map_jobs(review_one, tasks, jobs, progress)
    for p in stale:
        review = next(reviews)
        if manifest is not None and cache_dir is not None:
            write_atomic(_store(cache_dir, keys[p]),
                         pickle.dumps(review, protocol=pickle.HIGHEST_PROTOCOL))
            _forget_replaced(manifest, cache_dir, p, keys[p])
            manifest.record(STAGE, str(p), keys[p])
        yield p, review
        del review  # one text's review in memory: not held while the next is made


def _forget_replaced(manifest: Manifest, cache_dir: Path, path: Path, key: str) -> None:
    # the review of the file's previous contents is no use any more: a changed text would
    # otherwise leave one large pickle behind at each change
    old = manifest.data.get(STAGE, {}).get(str(path), {}).get("key")
    if old and old != key:
        _store(cache_dir, old).unlink(missing_ok=True)


def _store(cache_dir: Path, key: str) -> Path:
    return cache_dir / STAGE / f"{key}.pickle"


def _cached(manifest: Manifest, cache_dir: Path, path: Path, key: str):
    if manifest.entry(STAGE, str(path), key) is None:
        return None
    try:  # our own cache, written above; anything unreadable is reviewed again
        return pickle.loads(_store(cache_dir, key).read_bytes())
    except Exception:
        return None
