"""Validation of TEI files: a grammar (the edition's XSD, or the project's own) and the rules.

``validate_files`` is the one entry point (the CLI and the benchmark call it): it parses each
file once with lxml, validates the tree against the grammar (grammar.py; the edition's
schema/edition.xsd by default), then runs the rules of rules.py over all files together (ids
and references cross files). config.py reads a project's choice of schema and rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, EditionError
from ..resources import SCHEMA_DIR  # noqa: F401  (package data; kept importable from here)

if TYPE_CHECKING:
    from .grammar import Grammar


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
                   progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda x: x,
                   grammar: Grammar | None = None, rules: frozenset[str] | None = None
                   ) -> list[Diagnostic]:
    """All findings for ``files``, sorted by file and position: well-formedness, the grammar
    (default: the edition's XSD) and the rules named (default: all of the edition's)."""
    from .grammar import edition_grammar
    from .load import finding, load
    from .rules import check

    grammar = grammar or edition_grammar()
    diagnostics: list[Diagnostic] = []
    docs = []
    for path in progress(files):
        doc, problems = load(path)
        diagnostics.extend(problems)
        if doc is not None:
            docs.append(doc)
    # all files at once: jing runs once, and the XSD check can share big trees out over the
    # cores; a validator bug in one file becomes that file's E009 finding (split.py)
    for findings in grammar.check(docs):
        diagnostics.extend(findings)
    try:
        diagnostics.extend(check(docs, rules))
    except Exception as exc:
        diagnostics.append(finding("E009", files[0] if files else ".", 1, 1,
                                   f"the rule checks failed ({exc!r}): report this as a "
                                   "validator bug"))
    if rules is not None:
        diagnostics = [d for d in diagnostics if d.rule in rules]
    order = {str(p): i for i, p in enumerate(files)}
    return sorted(diagnostics, key=lambda d: (order.get(d.file, len(order)), d.file, d.line,
                                              d.column, d.code))


def validate_bytes(path: Path, data: bytes, changed_lines: set[int] | None = None
                   ) -> list[Diagnostic]:
    """The findings for ``data`` as the new content of ``path`` (its siblings as they are on
    disk): a change is checked before it is written. The grammar is checked on the whole file
    (libxml2's XSD check takes milliseconds; ``changed_lines`` is kept for callers), the rules too."""
    from .load import load_bytes
    from .rules import check
    from .schema import validate_schemas

    doc, problems = load_bytes(path, data)
    if doc is None:
        return problems
    found = validate_schemas([doc])[0]
    return problems + found + check([doc])
