"""Editorial notes: errata and remarks from the source metadata, and duplications found here.

The raw file is never edited. Each ``[[errata]]`` or ``[[editorial_notes]]`` entry with a
``line`` and ``found`` becomes a ``note type="editorial"`` right after ``found`` in the
block holding that raw line; entries without a place open the body. A paragraph printed twice
in immediate succession is a duplication the converter is sure of: it gets a note of its own
(``resp="#conv"``) unless the metadata already records one there. Repeats further apart may be
the author's (a refrain, a repeated lead-in): the review reports them (R101) for the editors.
"""

from __future__ import annotations

from ..model import Block, Container, Document, Insert, Node, walk_nodes
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


MIN_DUPLICATE = 60  # characters: shorter blocks ("Ibid.", headings) repeat legitimately


def add_duplication_notes(source: Source, doc: Document) -> None:
    """A note after the second copy of a paragraph that repeats the one just before it."""
    recorded = {e.get("line") for e in source.editorial_notes if e.get("type") == "duplication"}
    for siblings in _sibling_runs(doc):
        for first, second in zip(siblings, siblings[1:], strict=False):
            if not (isinstance(first, Block) and isinstance(second, Block)) or second.tag != "p":
                continue
            text = " ".join(second.text.split())
            if (len(text) < MIN_DUPLICATE or text != " ".join(first.text.split())
                    or set(second.lines) & recorded):
                continue
            where = f"raw line {first.lines[0]}" if first.lines else "the paragraph before"
            note = to_block("note", [RawLine(0, f"The source prints this paragraph twice in "
                                                f"succession (first at {where}); the edition "
                                                "keeps both copies.")],
                            {"type": "editorial", "subtype": "duplication", "resp": "#conv",
                             "cert": "high"})
            note.lines = []
            second.inserts.append(Insert(len(second.text), note))
            doc.report("C111", second.lines[0] if second.lines else 0,
                       f"paragraph printed twice in succession (first at {where})")
            key = "duplicated paragraphs noted"
            doc.stats[key] = int(doc.stats.get(key, 0)) + 1


def _sibling_runs(doc: Document) -> list[list[Node]]:
    """Every list of sibling nodes (front, body, back and each container's children)."""
    runs: list[list[Node]] = []
    for part in (doc.front, doc.body, doc.back):
        runs.append(part)
        runs += [n.children for n, _place in walk_nodes(part) if isinstance(n, Container)]
    return runs


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
