"""Validation of TEI files: the project schema (xmlschema) and the rule checks.

``validate_files`` is the one entry point (the CLI and the benchmark call it): it parses each
file once with lxml, validates the tree against schema/edition.xsd, then runs the rules of
rules.py over all files together (ids and references cross files).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from lxml import etree

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
    """All findings for ``files``, sorted by file and position."""
    from .load import finding, load
    from .rules import check
    from .schema import validate_schemas

    diagnostics: list[Diagnostic] = []
    docs = []
    for path in progress(files):
        doc, problems = load(path)
        diagnostics.extend(problems)
        if doc is not None:
            docs.append(doc)
    # all files at once, so the schema check can share them out over the cores;
    # a validator bug in one file becomes that file's E009 finding (split.py)
    for findings in validate_schemas(docs):
        diagnostics.extend(findings)
    try:
        diagnostics.extend(check(docs))
    except Exception as exc:
        diagnostics.append(finding("E009", files[0] if files else ".", 1, 1,
                                   f"the rule checks failed ({exc!r}): report this as a "
                                   "validator bug"))
    order = {str(p): i for i, p in enumerate(files)}
    return sorted(diagnostics, key=lambda d: (order.get(d.file, len(order)), d.file, d.line,
                                              d.column, d.code))


def validate_bytes(path: Path, data: bytes, changed_lines: set[int] | None = None
                   ) -> list[Diagnostic]:
    """The findings for ``data`` as the new content of ``path`` (its siblings as they are on
    disk): a change is checked before it is written. With ``changed_lines`` (lines of the new
    text that an edit touched) the schema checks only the parents of the elements there, each
    as a root of its own (every element is declared globally, see split.py); the rules run on
    the whole file."""
    from .load import load_bytes
    from .rules import check
    from .schema import validate_schemas, validate_subtrees

    doc, problems = load_bytes(path, data)
    if doc is None:
        return problems
    if changed_lines is None:
        found = validate_schemas([doc])[0]
    else:
        parents = {el.getparent() for el in doc.root.iter(etree.Element)
                   if el.sourceline in changed_lines and el.getparent() is not None}
        found = validate_subtrees(doc, [p for p in parents if p is not None])
    return problems + found + check([doc])
