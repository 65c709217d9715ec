"""The ``printed-book`` and ``ocr-article`` profiles: scans of printed pages.

Pages: in a book volume a line that starts with a single space opens a printed page;
in an OCR'd article a run of two or more blank lines does. Blocks are separated by
blank lines; a page break inside a block becomes a ``pb`` at the line where it falls.
"""

from __future__ import annotations

import re

from ..model import Container, Document, Insert
from ..sources import Source
from ..tei.xml import tei
from .lines import RawLine, to_block

PAGE_START = re.compile(r"^ \S")


def page_starts(source: Source, lines: list[RawLine]) -> set[int]:
    """Raw line numbers at which a new printed page begins."""
    starts: set[int] = set()
    if source.profile == "printed-book":
        starts = {ln.number for ln in lines if PAGE_START.match(ln.text)}
    else:
        blank_run = 0
        for ln in lines:
            if ln.blank:
                blank_run += 1
                continue
            if blank_run >= 2:
                starts.add(ln.number)
            blank_run = 0
    return starts


def build(source: Source, lines: list[RawLine]) -> Document:
    starts = page_starts(source, lines)
    div = Container("div", {"type": "text", "xml:id": f"{source.slug}-text"})
    group: list[RawLine] = []
    pages = 0

    def flush() -> None:
        if not group:
            return
        block = to_block("p", group)
        offset = 0
        for i, ln in enumerate(group):
            if ln.number in starts:
                if i == 0:
                    div.children.append(tei("pb"))
                else:
                    block.inserts.append(Insert(offset, tei("pb")))
            offset += len(ln.text.strip()) + 1
        div.children.append(block)
        group.clear()

    for ln in lines:
        if ln.number in starts:
            pages += 1
        if ln.blank:
            flush()
            continue
        group.append(ln)
    flush()
    doc = Document(body=[div])
    doc.stats["pages"] = pages
    return doc

