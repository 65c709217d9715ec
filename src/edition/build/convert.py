"""raw → TEI for the sources whose inputs changed, on ``jobs`` cores.

A conversion depends on the raw file, its metadata, its project's files (corrections list,
register the name annotator reads, titles list, profiles) and the converter's code. The cache
keeps the TEI bytes, the self-check figures and the converter's diagnostics (`edition -v`): the
bytes in build/cache/convert/<slug>.xml, so that an unchanged source costs a hash, also when its TEI file
has been edited by hand (the build then keeps the edited file, as before, without converting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..fsutil import write_atomic
from ..sources import Source
from .graph import Manifest, code_version, hash_bytes, hash_file
from .pool import map_jobs

STAGE = "convert"
Stats = dict[str, int | float | str]


def source_key(source: Source) -> str:
    project = source.project
    raw = source.raw_path
    profiles = (sorted(p for p in project.profiles_dir.rglob("*") if p.is_file())
                if project.profiles_dir.is_dir() else [])
    return hash_bytes(code_version(STAGE), source.slug, hash_file(raw), hash_file(source.meta_path),
                      hash_file(project.corrections), hash_file(project.register),
                      hash_file(project.titles),
                      *(f"{p.relative_to(project.profiles_dir)}={hash_file(p)}" for p in profiles))


def convert_one(source: Source) -> tuple[bytes, Stats, list[Diagnostic]]:
    """One conversion (in a worker process): TEI bytes, figures, diagnostics."""
    from ..convert import convert_with_report

    converted = convert_with_report(source)
    return converted.data, converted.stats, converted.diagnostics


@dataclass
class Conversions:
    """The TEI bytes of every source, converted again only where an input changed."""

    sources: list[Source]
    cache_dir: Path
    jobs: int = 1
    progress: Callable[[Iterable[Source]], Iterable[Source]] = lambda x: x
    redone: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Source, bytes, Stats, list[Diagnostic]]]:
        manifest = Manifest(self.cache_dir)
        stale: list[Source] = []
        keys = {s.slug: source_key(s) for s in self.sources}
        cached: dict[str, tuple[bytes, Stats, list[Diagnostic]]] = {}
        for s in self.sources:
            hit = self._cached(manifest, s.slug, keys[s.slug])
            if hit is None:
                stale.append(s)
            else:
                cached[s.slug] = hit
        fresh = map_jobs(convert_one, stale, self.jobs, self.progress)
        for s in self.sources:
            if s.slug in cached:
                data, stats, diagnostics = cached.pop(s.slug)
            else:
                data, stats, diagnostics = next(fresh)
                self._store(manifest, s.slug, keys[s.slug], data, stats, diagnostics)
                self.redone.append(s.slug)
            yield s, data, stats, diagnostics
        manifest.save()

    def _path(self, slug: str) -> Path:
        return self.cache_dir / STAGE / f"{slug}.xml"

    def _cached(self, manifest: Manifest, slug: str,
                key: str) -> tuple[bytes, Stats, list[Diagnostic]] | None:
        entry = manifest.entry(STAGE, slug, key)
        if entry is None:
            return None
        try:
            data = self._path(slug).read_bytes()
        except OSError:
            return None
        if hash_bytes(data) != entry.get("out") or "diagnostics" not in entry:
            return None
        return data, entry.get("stats", {}), [Diagnostic(**d) for d in entry["diagnostics"]]

    def _store(self, manifest: Manifest, slug: str, key: str, data: bytes, stats: Stats,
               diagnostics: list[Diagnostic]) -> None:
        write_atomic(self._path(slug), data)
        manifest.record(STAGE, slug, key, out=hash_bytes(data), stats=stats,
                        diagnostics=[d.as_dict() for d in diagnostics])


CHECK = "metadata-check"


def unmatched_metadata(sources: list[Source], cache_dir: Path, store: bool = True) -> list[str]:
    """Each source's errata, editorial notes and corrections that do not match their raw line.
    They follow from the conversion's own inputs (raw file, metadata, corrections list), so a
    source's messages are kept under its conversion key and found again only when it changed:
    an unchanged edition is not read again to say the same. ``store``: keep them (not for
    --diff, which writes nothing)."""
    from ..convert.corrections import load_corrections
    from ..metadata import unmatched_entries

    manifest = Manifest(cache_dir)
    loaded: dict[Path, dict] = {}
    messages: list[str] = []
    for source in sources:
        key = source_key(source)
        entry = manifest.entry(CHECK, source.slug, key)
        if entry is None:
            path = source.project.corrections
            if path not in loaded:
                loaded[path] = load_corrections(path) if path.exists() else {}
            corrections = loaded[path]
            listed = any(e.get("source") == source.slug for e in corrections.get("correction", []))
            found = (list(unmatched_entries(source, source.read_text(), corrections))
                     if source.errata or source.editorial_notes or listed else [])  # else no need to read it
            manifest.record(CHECK, source.slug, key, messages=found)
            entry = manifest.data[CHECK][source.slug]
        messages.extend(entry["messages"])
    if store:
        manifest.save()
    return messages
