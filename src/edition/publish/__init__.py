"""Publishing: the web edition (html.py, XSLT 3.0 → static site) and the print edition (pdf.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import EditionError

if TYPE_CHECKING:
    from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"


def page_name(path: Path) -> str:
    """A text's output name, as ed:slug (xslt/common/functions.xsl) gives it: the header's
    idno[@type='slug'], else TEI/@xml:id, else the file's name."""
    from ..tei.xml import parse_file

    return page_name_of(parse_file(path).getroot(), path)


def page_name_of(root: etree._Element, path: Path) -> str:
    """``page_name`` of a text already parsed (its root element): one parse serves the
    publishability check and the name."""
    slug = root.find(f"{TEI}teiHeader//{TEI}idno[@type='slug']")
    if slug is not None and (slug.text or "").strip():
        return slug.text.strip()
    return root.get("{http://www.w3.org/XML/1998/namespace}id") or path.stem


def require_distinct_names(files: Iterable[Path], name_of: Callable[[Path], str],
                           suffix: str) -> None:
    """Refuse (exit 2) before anything is written when two files would get one output name:
    never a silent overwrite."""
    seen: dict[str, Path] = {}
    for path in files:
        name = name_of(path)
        if name in seen:
            raise EditionError(f"would be published as {name}{suffix}, like {seen[name]}: give "
                               "one of them another slug (idno[@type='slug'] or TEI/@xml:id) "
                               "or file name", file=path)
        seen[name] = path
