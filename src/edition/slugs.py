"""Slugs: the name of a text in file and page names (tei/<slug>.xml, <slug>.html, <slug>.pdf).

A slug comes from the editors (raw metadata, TEI ``idno[@type='slug']``), so it is checked before
any path is made from it: a strict pattern (no folder, no dot, no space), not a name the edition
uses itself, unique across the edition.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .diagnostics import EditionError
from .tei.xml import require_tei

# A slug is also the document's xml:id and the stem of every id in it: an NCName, so it begins
# with a letter ("10-front" would make the TEI unparseable).
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_LENGTH = 80
# Names of the edition's own files and folders (tei/, build/html/, build/print/).
RESERVED = frozenset({
    "register", "index", "about", "chronology", "search", "assets", "tei", "pdf", "pagefind",
    "conversion-stamps", "review", "print", "html", "raw", "build", "cache",
})
# xml:id values become page names (works-06-w02.html) and anchors: an NCName without folders
SAFE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def slug_problem(slug: object) -> str | None:
    """Why ``slug`` cannot name a text, or None when it can."""
    if not isinstance(slug, str):
        return f"slug must be a string, not {type(slug).__name__}"
    if not SLUG.fullmatch(slug):
        return (f"slug {slug!r} is not allowed: use lower-case letters, digits and single hyphens "
                "beginning with a letter (e.g. works-06), no folders, dots or spaces")
    if len(slug) > MAX_LENGTH:
        return f"slug {slug!r} is longer than {MAX_LENGTH} characters"
    if slug in RESERVED:
        return f"slug {slug!r} is reserved for the edition's own files: choose another"
    return None


def duplicate_slugs(named: list[tuple[str, Path]]) -> list[tuple[str, Path, Path]]:
    """(slug, first file, second file) for every slug that two files claim."""
    seen: dict[str, Path] = {}
    out: list[tuple[str, Path, Path]] = []
    for slug, path in named:
        if slug in seen:
            out.append((slug, seen[slug], path))
        else:
            seen[slug] = path
    return out


def document_slug(root: etree._Element) -> str:
    """The slug the stylesheets use (xslt/common/functions.xsl ed:slug): idno, else @xml:id."""
    idno = root.find(f"{{{TEI_NS}}}teiHeader//{{{TEI_NS}}}idno[@type='slug']")
    if idno is not None:
        return "".join(idno.itertext())
    return root.get(XML_ID) or "text"


def check_publishable(tree: etree._ElementTree, path: Path) -> None:
    """Refuse a text that is not TEI, or whose slug or ids would make a page name outside the
    output folder."""
    require_tei(tree, path)
    root = tree.getroot()
    problem = slug_problem(document_slug(root))
    if problem:
        raise EditionError(problem, file=path, exit_code=1)
    for el in root.iter():
        value = el.get(XML_ID) if isinstance(el.tag, str) else None
        if value is not None and not SAFE_ID.fullmatch(value):
            raise EditionError(f"xml:id {value!r} is not a plain name (letters, digits, _ . -)",
                               file=path, line=el.sourceline, exit_code=1)


def inside(folder: Path, target: Path) -> Path:
    """``target`` resolved, if it lies inside ``folder``; an EditionError otherwise."""
    resolved = target.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise EditionError(f"refusing to write outside {folder}", file=target)
    return resolved
