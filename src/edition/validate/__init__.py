"""Validation of TEI files: the project schema (xmlschema) and the rule checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..diagnostics import Diagnostic, EditionError

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"


def tei_files(paths: Iterable[Path]) -> list[Path]:
    """The TEI files named, folders expanded to their ``*.xml``; a missing path is an input error."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.xml")))
        elif p.exists():
            out.append(p)
        else:
            raise EditionError("no such file or folder", file=p)
    return out


def validate_files(files: list[Path],
                   progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda x: x
                   ) -> list[Diagnostic]:
    from .schema import validate_schema

    diagnostics: list[Diagnostic] = []
    for path in progress(files):
        diagnostics.extend(validate_schema(path))
    return diagnostics
