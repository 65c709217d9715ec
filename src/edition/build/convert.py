"""raw → TEI for the sources whose inputs changed, on ``jobs`` cores.

A conversion depends on the raw file, its metadata, the raw folder's corrections list, the
register the name annotator reads, and the converter's code. Its bytes are kept in
build/cache/convert/<slug>.xml, so that an unchanged source costs a hash, also when its TEI file
has been edited by hand (the build then keeps the edited file, as before, without converting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..fsutil import write_atomic
from ..sources import Source
from .graph import Manifest, code_version, hash_bytes, hash_file
from .pool import map_jobs

STAGE = "convert"
Stats = dict[str, int | float | str]


def source_key(source: Source) -> str:
    from ..annotate.register import REGISTER_PATH
    from ..convert.corrections import corrections_file

    raw = source.raw_path
    return hash_bytes(code_version(STAGE), source.slug, hash_file(raw),
                      hash_file(raw.with_suffix(".toml")),
                      hash_file(corrections_file(raw.parent)), hash_file(REGISTER_PATH))


def convert_one(source: Source) -> tuple[bytes, Stats]:
    """One conversion (in a worker process)."""
    from ..convert import convert_with_stats

    return convert_with_stats(source)


@dataclass
class Conversions:
    """The TEI bytes of every source, converted again only where an input changed."""

    sources: list[Source]
    cache_dir: Path
    jobs: int = 1
    progress: Callable[[Iterable[Source]], Iterable[Source]] = lambda x: x
    redone: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Source, bytes, Stats]]:
        manifest = Manifest(self.cache_dir)
        stale: list[Source] = []
        keys = {s.slug: source_key(s) for s in self.sources}
        cached: dict[str, tuple[bytes, Stats]] = {}
        for s in self.sources:
            hit = self._cached(manifest, s.slug, keys[s.slug])
            if hit is None:
                stale.append(s)
            else:
                cached[s.slug] = hit
        fresh = map_jobs(convert_one, stale, self.jobs, self.progress)
        for s in self.sources:
            if s.slug in cached:
                data, stats = cached.pop(s.slug)
            else:
                data, stats = next(fresh)
                self._store(manifest, s.slug, keys[s.slug], data, stats)
                self.redone.append(s.slug)
            yield s, data, stats
        manifest.save()

    def _path(self, slug: str) -> Path:
        return self.cache_dir / STAGE / f"{slug}.xml"

    def _cached(self, manifest: Manifest, slug: str, key: str) -> tuple[bytes, Stats] | None:
        entry = manifest.entry(STAGE, slug, key)
        if entry is None:
            return None
        try:
            data = self._path(slug).read_bytes()
        except OSError:
            return None
        if hash_bytes(data) != entry.get("out"):
            return None
        return data, entry.get("stats", {})

    def _store(self, manifest: Manifest, slug: str, key: str, data: bytes, stats: Stats) -> None:
        write_atomic(self._path(slug), data)
        manifest.record(STAGE, slug, key, out=hash_bytes(data), stats=stats)
