"""A project folder (``--root``): where its raw files, TEI and curated lists are.

Every file the converter reads besides the raw text comes from the project, never from the
installed package's checkout: the register (``tei/register.xml``), the corrections list
(``raw/corrections.toml``), the list of titles cited without quotation marks
(``raw/titles.list``, one title a line) and the project's own profiles (``profiles/*.toml``, optional).

The annotators ask ``current()`` for the project of the conversion running (set by
``using``); outside a conversion it is the working directory's project.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def register(self) -> Path:
        return self.tei_dir / "register.xml"

    @property
    def corrections(self) -> Path:
        return self.raw_dir / "corrections.toml"

    @property
    def titles(self) -> Path:
        return self.raw_dir / "titles.list"

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"


_CURRENT: ContextVar[Project | None] = ContextVar("edition_project", default=None)


def current() -> Project:
    """The project of the conversion running; the working directory's outside one."""
    return _CURRENT.get() or Project(Path("."))


@contextmanager
def using(project: Project) -> Iterator[Project]:
    token = _CURRENT.set(project)
    try:
        yield project
    finally:
        _CURRENT.reset(token)
