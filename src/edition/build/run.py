"""What ``edition build`` adds around the stages: the shard's share, the merge of shards, and
skipping the print stage when nothing it reads changed.

A shard's output *is* its build folder: the cache (manifest, conversions, validation findings,
web pages per text) and the PDFs. The merge step copies the shards' build folders into this
one and runs the whole build, which finds every text's outputs fresh and makes only what needs
the whole edition: the site-wide pages, the assembled site and its search index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..diagnostics import EditionError
from ..fsutil import write_atomic
from .graph import MANIFEST_NAME, Manifest, code_version, hash_bytes, hash_file
from .shard import Shard

PRINT_CACHE = ".print-cache.json"  # publish/pdf.py's own cache, per text


def owned_tei(files: list[Path], shard: Shard | None) -> list[Path]:
    """The TEI files of the shard's share (all without a shard); the register is a text too."""
    return [p for p in files if shard is None or shard.owns(p.stem)]


def pdf_key(files: list[Path], line_breaking: str) -> str:
    return hash_bytes(code_version("pdf"), line_breaking,
                      *(f"{p.name}={hash_file(p)}" for p in sorted(files)))


def pdf_fresh(cache_dir: Path, files: list[Path], out: Path, line_breaking: str) -> bool:
    """True when no input of the print edition changed since the PDFs in ``out`` were made."""
    entry = Manifest(cache_dir).entry("pdf", "edition", pdf_key(files, line_breaking))
    return entry is not None and all((out / name).is_file() for name in entry.get("pdfs", []))


def record_pdf(cache_dir: Path, files: list[Path], out: Path, line_breaking: str) -> None:
    manifest = Manifest(cache_dir)
    pdfs = sorted(f"{p.stem}.pdf" for p in files if (out / f"{p.stem}.pdf").is_file())
    manifest.record("pdf", "edition", pdf_key(files, line_breaking), pdfs=pdfs)
    manifest.save()


def merge_shards(shard_builds: list[Path], build_dir: Path) -> int:
    """Copy the shards' build folders (cache and print) into ``build_dir``; return how many."""
    cache = build_dir / "cache"
    manifest = Manifest(cache)
    for shard in shard_builds:
        if not (shard / "cache" / MANIFEST_NAME).is_file():
            raise EditionError("not a shard's build folder (no cache/manifest.json)", file=shard)
        theirs = Manifest(shard / "cache")
        for folder in sorted(p for p in (shard / "cache").iterdir() if p.is_dir()):
            shutil.copytree(folder, cache / folder.name, dirs_exist_ok=True)
        for stage, items in theirs.data.items():
            if stage == "pdf":  # the whole edition's entry: the merged build makes its own
                continue
            manifest.data.setdefault(stage, {}).update(items)
        _merge_print(shard / "print", build_dir / "print")
    manifest.save()
    return len(shard_builds)


def _merge_print(theirs: Path, ours: Path) -> None:
    """The shard's PDFs and the entries of publish/pdf.py's cache that describe them."""
    if not theirs.is_dir():
        return
    from ..outputs import MARKER, copy_atomic, mark

    mark(ours)  # build/print: the tool's folder
    for f in theirs.iterdir():
        if f.is_file() and f.name not in (PRINT_CACHE, MARKER):
            copy_atomic(f, ours / f.name)  # whole or absent, as every PDF the tool writes
    try:
        entries = json.loads((theirs / PRINT_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    try:
        merged = json.loads((ours / PRINT_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        merged = {}
    merged.update(entries)
    write_atomic(ours / PRINT_CACHE, json.dumps(merged, indent=1).encode("utf-8"))
