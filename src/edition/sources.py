"""The raw sources and their editable metadata (``raw/<name>.toml`` beside ``raw/<name>.txt``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import profiles
from .diagnostics import EditionError
from .limits import ENV_MAX_FILE_MB, ENV_MAX_LINE, limits
from .metadata import check, source_schema
from .project import Project
from .slugs import duplicate_slugs


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
    # A short title for running heads (the TEI's title[@type='short']).
    short: str | None = None

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


# Characters XML 1.0 cannot hold (C0 controls but tab and line ends; U+FFFE, U+FFFF): the TEI
# could not be written. Found with one regex search, not a loop over every character.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_raw_text(path: Path) -> str:
    """Read a raw file as UTF-8, refusing empty, binary, wrongly encoded and oversized input
    (file size and line length limits: limits.py) with its position."""
    try:
        size = path.stat().st_size
        if size > limits().max_file_bytes:
            raise EditionError(f"raw file is {size:,} bytes, over the limit of "
                               f"{limits().max_file_bytes:,} (raise {ENV_MAX_FILE_MB} to allow it)",
                               file=path)
        data = path.read_bytes()
    except OSError as exc:
        raise EditionError(f"cannot read raw file: {exc.strerror}", file=path) from None
    if not data.strip():
        raise EditionError("raw file is empty", file=path, line=1, column=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise EditionError("binary data (NUL byte) in raw file; expected UTF-8 text",
                           file=path, line=line, column=col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise EditionError(f"not UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
                           file=path, line=line, column=col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = NOT_XML.search(text)
    if bad:
        line, col = _position(text, bad.start())
        what = "control character" if ord(bad.group()) < 32 else "non-character"
        raise EditionError(f"{what} U+{ord(bad.group()):04X} in raw file (XML cannot hold it)",
                           file=path, line=line, column=col)
    _check_line_length(text, path)
    return text


def _position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` (a column counts bytes in bytes, characters in text)."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]


def _check_line_length(text: str, path: Path) -> None:
    """A line longer than the limit fails fast (layout rules look along a line)."""
    limit = limits().max_line_chars
    for lineno, line in enumerate(text.split("\n"), 1):
        if len(line) > limit:
            raise EditionError(f"line of {len(line):,} characters, over the limit of {limit:,} "
                               f"(raise {ENV_MAX_LINE} to allow it)", file=path, line=lineno,
                               column=limit + 1)


def load_source(raw_path: Path, root: Path | None = None) -> Source:
    """Load the metadata that belongs to ``raw_path`` and check it.

    ``root``: the project folder (default: the folder above the raw file's)."""
    project = Project(root if root is not None else raw_path.parent.parent)
    meta_path = raw_path.with_suffix(".toml")
    if not meta_path.exists():
        raise EditionError(f"no metadata file {meta_path.name} beside the raw file", file=raw_path)
    text = _read_toml_text(meta_path)
    try:
        meta = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"invalid TOML: {exc}", file=meta_path,
                           line=getattr(exc, "lineno", None)) from None
    _require_complete(meta, raw_path, meta_path, text)
    # the typed model (metadata.py): types, unknown keys, a safe slug; file:line for each
    check(meta, source_schema(tuple(profiles.names(project))), meta_path, text)
    source = Source(
        raw_path=raw_path,
        slug=meta["slug"],
        title=meta["title"],
        authors=list(meta["authors"]),
        author_refs=list(meta.get("author_refs", [])),
        date=str(meta["date"]),  # a TOML date or a string, both checked by the model
        kind=meta["kind"],
        language=meta["language"],
        profile=meta["profile"],
        speech=bool(meta.get("speech", False)),
        speakers=list(meta.get("speakers", [])),
        date_from=str(meta["date_from"]) if "date_from" in meta else None,
        date_to=str(meta["date_to"]) if "date_to" in meta else None,
        bibl=dict(meta.get("source", {})),
        errata=list(meta.get("errata", [])),
        editorial_notes=list(meta.get("editorial_notes", [])),
        root=project.root,
        overrides={k: meta[k] for k in ("conventions", "thresholds") if k in meta},
        guessed=[str(k) for k in meta.get("guessed", [])],
        short=meta.get("short"),
    )
    source.conversion_profile()  # a wrong convention or threshold is refused here, with the file
    return source


class PendingText(EditionError):
    """A text `edition add` took in whose metadata the editor has still to complete: keys it
    could not read from the text stand empty and listed as guessed. Converting it is an error
    (exit 2); the whole-edition commands leave it out with a warning, so one unfinished text
    does not stop the edition."""

    def __init__(self, message: str, *, raw_path: Path, slug: str, file: Path, line: int | None) -> None:
        super().__init__(message, file=file, line=line)
        self.raw_path = raw_path
        self.slug = slug


def _require_complete(meta: dict[str, Any], raw_path: Path, meta_path: Path, text: str) -> None:
    guessed = meta.get("guessed", [])
    if not isinstance(guessed, list):
        return  # the model reports a wrong type
    missing = [k for k in guessed if isinstance(k, str) and meta.get(k) == ""]
    if missing:
        line = next((i for i, ln in enumerate(text.split("\n"), start=1)
                     if re.match(rf"\s*{re.escape(missing[0])}\s*=", ln)), None)
        slug = meta.get("slug") if isinstance(meta.get("slug"), str) else raw_path.stem
        raise PendingText(f"not converted: {', '.join(missing)} unknown (`edition add` could not "
                          "read it from the text); fill it in", raw_path=raw_path, slug=str(slug),
                          file=meta_path, line=line)


def _read_toml_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditionError("metadata is not UTF-8", file=path) from None
    except OSError as exc:
        raise EditionError(f"cannot read metadata: {exc.strerror}", file=path) from None


def discover(raw_dir: Path, root: Path | None = None,
             pending: list[PendingText] | None = None) -> list[Source]:
    """All sources in ``raw_dir``, in file-name order (``root``: their project folder); two
    sources with one slug are an error. With a ``pending`` list, texts whose metadata is still
    to be completed go there instead of stopping the discovery."""
    if not raw_dir.is_dir():
        raise EditionError("raw folder not found", file=raw_dir)
    sources = []
    for path in sorted(raw_dir.glob("*.txt")):
        try:
            sources.append(load_source(path, root))
        except PendingText as waiting:
            if pending is None:
                raise
            pending.append(waiting)
    require_unique_slugs(sources)
    return sources


def require_unique_slugs(sources: list[Source]) -> None:
    named = [(s.slug, s.raw_path.with_suffix(".toml")) for s in sources]
    for slug, first, second in duplicate_slugs(named):
        raise EditionError(f"slug {slug!r} is also the slug of {first.name}: each text needs its "
                           "own (its TEI file is tei/<slug>.xml)", file=second)
