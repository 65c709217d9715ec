"""Content hashes and the manifest: an output is fresh when the key of its inputs is unchanged.

A key is the SHA-256 of the contents of the inputs and of the version of the code that makes
the output (the stage's source files, stylesheets or schema, hashed, not their dates: a
checkout or a copy does not invalidate the cache, an edit does).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..fsutil import write_atomic

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1


def hash_bytes(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: ("ab", "c") != ("a", "bc")
        h.update(data)
    return h.hexdigest()


def hash_file(path: Path) -> str:
    """The file's content hash; a missing file has its own key (so that creating it counts)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def hash_tree(paths: Iterable[Path], base: Path) -> str:
    """One hash for many files: names (relative to ``base``) and contents."""
    parts: list[str] = []
    for p in sorted(paths):
        parts += [p.relative_to(base).as_posix(), hash_file(p)]
    return hash_bytes(*parts)


def _package_files(exclude: tuple[str, ...]) -> list[Path]:
    root = Path(str(files("edition")))
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and not any(p.relative_to(root).as_posix().startswith(x) for x in exclude)]


@cache
def code_version(stage: str) -> str:
    """The version of everything that makes ``stage``'s outputs, as a hash of its files.

    Conservative: a stage depends on the whole package except the parts it cannot reach
    (the converter does not import the publishers, the validator, the review or this graph;
    the graph's own modules count for the stages whose outputs they shape: per-file
    validation, the web pages' summaries, the review's cache)."""
    from .. import __version__

    root = Path(str(files("edition")))
    if stage == "convert":
        paths = _package_files(("publish/", "validate/", "review/", "build/", "cli.py"))
    elif stage == "validate":
        from ..validate import SCHEMA_DIR

        paths = [*_package_files(("publish/", "review/", "convert/", "annotate/")),
                 *(p for p in SCHEMA_DIR.glob("*.xsd"))]
    elif stage == "review":
        paths = _package_files(("publish/", "validate/"))
    elif stage in ("web", "pdf"):
        from ..publish.html import STYLESHEET

        xslt = STYLESHEET.parent.parent
        paths = [*_package_files(("convert/", "annotate/", "validate/", "review/")),
                 *(p for p in xslt.rglob("*") if p.is_file())]
    else:
        raise ValueError(f"no such stage: {stage}")
    ordered = sorted(paths)
    names = [p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name for p in ordered]
    return hash_bytes(stage, __version__, *names, *map(hash_file, ordered), _tool_versions(stage))


def _tool_versions(stage: str) -> str:
    """Versions of the libraries whose output ends up in the stage's files."""
    from importlib.metadata import PackageNotFoundError, version

    names = {"convert": ("lxml",), "review": ("lxml", "jinja2", "wordfreq"),
             "validate": ("lxml", "xmlschema", "elementpath"),
             "web": ("lxml", "saxonche", "pagefind"),
             "pdf": ("lxml", "saxonche", "weasyprint", "pypdf")}[stage]
    out = []
    for name in names:
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=none")
    return ";".join(out)


class Manifest:
    """``build/cache/manifest.json``: per stage and item, the key its output was made from
    and what the stage needs to reuse it (a small summary, the output's hash)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / MANIFEST_NAME
        self.data: dict[str, dict[str, dict[str, Any]]] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if loaded.get("format") == MANIFEST_FORMAT:
                self.data = loaded.get("stages", {})
        except (OSError, ValueError, AttributeError):
            pass  # no manifest or an unreadable one: everything is redone

    def entry(self, stage: str, item: str, key: str) -> dict[str, Any] | None:
        """The recorded entry when it was made from ``key``, else None (the output is stale)."""
        found = self.data.get(stage, {}).get(item)
        return found if found is not None and found.get("key") == key else None

    def record(self, stage: str, item: str, key: str, **extra: Any) -> None:
        self.data.setdefault(stage, {})[item] = {"key": key, **extra}

    def keep_only(self, stage: str, items: Iterable[str]) -> None:
        """Forget entries of items no longer in the edition (a removed text)."""
        wanted = set(items)
        entries = self.data.get(stage, {})
        for item in [i for i in entries if i not in wanted]:
            del entries[item]

    def save(self) -> None:
        # compact: with an indent the json module falls back to its pure-Python encoder, which
        # cost 0.08 s a save on a 20-volume edition (the manifest is the tool's, not for reading)
        text = json.dumps({"format": MANIFEST_FORMAT, "stages": self.data}, separators=(",", ":"),
                          sort_keys=True)
        write_atomic(self.path, (text + "\n").encode("utf-8"))


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
