"""Shared helpers for annotators: safe span insertion and walking the document tree."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Block, Container, Document, Span
from ..model import Place as Place  # the one generic walk is the model's (re-exported)
from ..model import walk as walk

# Elements the converter made that an annotation may contain but never split or enter.
ATOMIC = {"choice", "pc", "ref", "hi", "desc", "note"}


def crosses(block: Block, start: int, end: int) -> bool:
    """True if [start, end) would overlap an existing span without nesting in or around it."""
    for s in block.spans:
        if s.end <= start or s.start >= end:
            continue
        inside = s.start <= start and end <= s.end
        around = start <= s.start and s.end <= end
        if around:
            continue
        if inside and s.tag not in ATOMIC:
            continue
        return True
    return False


def covered_by(block: Block, start: int, end: int, tags: set[str]) -> bool:
    """True if [start, end) lies inside an existing span with one of ``tags``."""
    return any(s.tag in tags and s.start <= start and end <= s.end for s in block.spans)


def add_span(block: Block, span: Span) -> bool:
    """Add ``span`` unless it would cross another; it goes around equal-range atomic spans."""
    if span.end <= span.start or crosses(block, span.start, span.end):
        return False
    if any(s.tag == span.tag and s.start == span.start and s.end == span.end for s in block.spans):
        return False  # already there (another annotator got it first)
    for i, s in enumerate(block.spans):
        if s.start == span.start and s.end == span.end and s.tag in ATOMIC:
            block.spans.insert(i, span)  # the serializer nests the earlier of equal spans outside
            return True
    block.spans.append(span)
    return True


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blocks_with_ancestors(doc: Document) -> Iterator[tuple[Block, tuple[Container, ...]]]:
    for n, place in walk(doc):
        if isinstance(n, Block):
            yield n, place.ancestors
