"""Editorial notes taken from the source metadata: errata of the raw text and other remarks.

The raw file is never edited. Each ``[[errata]]`` or ``[[editorial_notes]]`` entry with a
``line`` and ``found`` becomes a ``note type="editorial"`` right after ``found`` in the
block holding that raw line; entries without a place open the body.
"""

from __future__ import annotations

from ..model import Block, Document, Insert
from ..sources import Source
from .lines import RawLine, to_block


def add_editorial_notes(source: Source, doc: Document) -> None:
    entries = [("erratum", e) for e in source.errata]
    entries += [(e.get("type", "editorial"), e) for e in source.editorial_notes]
    blocks = doc.blocks()
    for subtype, entry in entries:
        note = to_block("note", [RawLine(0, entry["text"])],
                        {"type": "editorial", "subtype": subtype, "resp": "#editors"})
        note.lines = []
        target = _find(blocks, entry.get("line"), entry.get("found"))
        if target is None:
            first = next((b for b in blocks if b.tag in {"p", "head"}), None)
            if first is not None:
                first.inserts.append(Insert(len(first.text), note))
            continue
        block, offset = target
        block.inserts.append(Insert(offset, note))


def _find(blocks: list[Block], line: int | None, found: str | None) -> tuple[Block, int] | None:
    if line is None:
        return None
    for block in blocks:
        if line in block.lines:
            idx = block.lines.index(line)
            start = sum(len(t) + 1 for t in block.text.split("\n")[:idx])
            if found:
                pos = block.text.find(found, start)
                if pos >= 0:
                    return block, pos + len(found)
            return block, len(block.text)
    return None
