"""The raw sources and their editable metadata (``raw/<name>.toml`` beside ``raw/<name>.txt``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import profiles
from .diagnostics import EditionError
from .project import Project

KINDS = {"book-volume", "article", "excerpt"}
REQUIRED = ("slug", "title", "authors", "date", "kind", "language", "profile")


@dataclass
class Source:
    raw_path: Path
    slug: str
    title: str
    authors: list[str]
    author_refs: list[str]
    date: str
    kind: str
    language: str
    profile: str
    speech: bool = False
    speakers: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    bibl: dict[str, Any] = field(default_factory=dict)
    errata: list[dict[str, Any]] = field(default_factory=list)
    editorial_notes: list[dict[str, Any]] = field(default_factory=list)
    # The project folder the source belongs to (register, corrections list, titles, profiles).
    root: Path = Path(".")
    # The metadata's [conventions] and [thresholds]: this source's overrides of its profile.
    overrides: dict[str, Any] = field(default_factory=dict)
    # Keys `edition add` guessed from the text and the editor has not yet confirmed.
    guessed: list[str] = field(default_factory=list)

    @property
    def project(self) -> Project:
        return Project(self.root)

    @property
    def meta_path(self) -> Path:
        return self.raw_path.with_suffix(".toml")

    def conversion_profile(self) -> profiles.Profile:
        """The source's profile from the registry, with the metadata's overrides applied."""
        return profiles.load(self.profile, self.project).with_overrides(self.overrides, self.meta_path)

    @property
    def raw_name(self) -> str:
        return self.raw_path.name

    def read_text(self) -> str:
        return read_raw_text(self.raw_path)


def read_raw_text(path: Path) -> str:
    """Read a raw file as UTF-8, refusing empty, binary and wrongly encoded input with its position."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EditionError(f"cannot read raw file: {exc.strerror}", file=path) from None
    if not data.strip():
        raise EditionError("raw file is empty", file=path, line=1, column=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        raise EditionError("binary data (NUL byte) in raw file; expected UTF-8 text",
                           file=path, line=line, column=col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise EditionError(f"not UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
                           file=path, line=line, column=col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    for lineno, line_text in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line_text, 1):
            if ord(ch) < 32 and ch not in "\t\r":
                raise EditionError(f"control character U+{ord(ch):04X} in raw file",
                                   file=path, line=lineno, column=col)
    return text


def load_source(raw_path: Path, root: Path | None = None) -> Source:
    """Load the metadata that belongs to ``raw_path`` and check it.

    ``root``: the project folder (default: the folder above the raw file's)."""
    project = Project(root if root is not None else raw_path.parent.parent)
    meta_path = raw_path.with_suffix(".toml")
    if not meta_path.exists():
        raise EditionError(f"no metadata file {meta_path.name} beside the raw file", file=raw_path)
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"invalid TOML: {exc}", file=meta_path) from None
    except UnicodeDecodeError:
        raise EditionError("metadata is not UTF-8", file=meta_path) from None
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise EditionError(f"metadata lacks {', '.join(missing)}", file=meta_path)
    if meta["kind"] not in KINDS:
        raise EditionError(f"kind {meta['kind']!r} is not one of {sorted(KINDS)}", file=meta_path)
    known = profiles.names(project)
    if meta["profile"] not in known:
        raise EditionError(f"profile {meta['profile']!r} is not one of {known}", file=meta_path)
    source = Source(
        raw_path=raw_path,
        slug=meta["slug"],
        title=meta["title"],
        authors=list(meta["authors"]),
        author_refs=list(meta.get("author_refs", [])),
        date=str(meta["date"]),
        kind=meta["kind"],
        language=meta["language"],
        profile=meta["profile"],
        speech=bool(meta.get("speech", False)),
        speakers=list(meta.get("speakers", [])),
        date_from=meta.get("date_from"),
        date_to=meta.get("date_to"),
        bibl=dict(meta.get("source", {})),
        errata=list(meta.get("errata", [])),
        editorial_notes=list(meta.get("editorial_notes", [])),
        root=project.root,
        overrides={k: meta[k] for k in ("conventions", "thresholds") if k in meta},
        guessed=[str(k) for k in meta.get("guessed", [])],
    )
    source.conversion_profile()  # a wrong convention or threshold is refused here, with the file
    return source


def discover(raw_dir: Path, root: Path | None = None) -> list[Source]:
    """All sources in ``raw_dir``, in file-name order (``root``: their project folder)."""
    if not raw_dir.is_dir():
        raise EditionError("raw folder not found", file=raw_dir)
    return [load_source(p, root) for p in sorted(raw_dir.glob("*.txt"))]
