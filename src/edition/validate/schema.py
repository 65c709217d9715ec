"""Grammar validation against the edition's XSD (schema/edition.xsd) with xmlschema."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import xmlschema

from ..diagnostics import Diagnostic, EditionError
from ..tei.xml import parse_file
from . import SCHEMA_DIR


@lru_cache(maxsize=1)
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_DIR / "edition.xsd"))


def validate_schema(path: Path) -> list[Diagnostic]:
    try:
        tree = parse_file(path)
    except EditionError as exc:
        return [Diagnostic("E001", "error", str(path), exc.line or 1, exc.column or 1,
                           str(exc.args[0]))]
    out: list[Diagnostic] = []
    for error in schema().iter_errors(tree):
        elem = error.elem
        line = getattr(elem, "sourceline", None) or 1
        out.append(Diagnostic("E100", "error", str(path), line, 1,
                              error.reason or str(error.message),
                              element=str(getattr(elem, "tag", ""))))
    return out
