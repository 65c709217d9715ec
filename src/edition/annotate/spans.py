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
    if len(block.spans) >= INDEXED_FROM:
        return _index(block).crosses(start, end)
    return any(_crosses_one(s, start, end) for s in block.spans)


def _crosses_one(s: Span, start: int, end: int) -> bool:
    if s.end <= start or s.start >= end:
        return False
    inside = s.start <= start and end <= s.end
    around = start <= s.start and s.end <= end
    return not (around or (inside and s.tag not in ATOMIC))


def covered_by(block: Block, start: int, end: int, tags: set[str]) -> bool:
    """True if [start, end) lies inside an existing span with one of ``tags``."""
    return any(s.tag in tags and s.start <= start and end <= s.end for s in block.spans)


def add_span(block: Block, span: Span) -> bool:
    """Add ``span`` unless it would cross another; it goes around equal-range atomic spans.

    Linear in the block's spans while they are few; from INDEXED_FROM spans on, an index kept
    beside the block answers each question in O(log n) (10,000 quotations in one block would
    otherwise cost 10,000² comparisons)."""
    if span.end <= span.start or crosses(block, span.start, span.end):
        return False
    if len(block.spans) >= INDEXED_FROM:
        return _index(block).add(block, span)
    if any(s.tag == span.tag and s.start == span.start and s.end == span.end for s in block.spans):
        return False  # already there (another annotator got it first)
    for i, s in enumerate(block.spans):
        if s.start == span.start and s.end == span.end and s.tag in ATOMIC:
            block.spans.insert(i, span)  # the serializer nests the earlier of equal spans outside
            return True
    block.spans.append(span)
    return True


INDEXED_FROM = 48  # spans in a block: below this a plain scan is faster than keeping an index


class _Extreme:
    """Range minimum (``lowest``) or maximum over positions 0…size-1 with point updates, in
    O(log size); sparse (a dict), so a long block costs memory only for the positions used."""

    def __init__(self, size: int, lowest: bool) -> None:
        self.n = 1 << max(1, (size + 1).bit_length())
        self.sign = -1 if lowest else 1  # a minimum is the maximum of the negated values
        self.tree: dict[int, int] = {}

    def update(self, pos: int, value: int) -> None:
        value *= self.sign
        tree = self.tree
        i = pos + self.n
        while i:
            old = tree.get(i)
            if old is not None and old >= value:
                return  # this node and so every node above already hold as much
            tree[i] = value
            i >>= 1

    def query(self, lo: int, hi: int) -> int | None:
        """The extreme over positions [lo, hi); None when no span is there."""
        best: int | None = None
        lo, hi = max(lo, 0) + self.n, min(hi, self.n) + self.n
        tree = self.tree
        while lo < hi:
            if lo & 1:
                v = tree.get(lo)
                if v is not None and (best is None or v > best):
                    best = v
                lo += 1
            if hi & 1:
                hi -= 1
                v = tree.get(hi)
                if v is not None and (best is None or v > best):
                    best = v
            lo >>= 1
            hi >>= 1
        return None if best is None else best * self.sign


class _SpanIndex:
    """What ``crosses`` and ``add_span`` ask about a block's spans, answered in O(log n).

    [a, b) crosses an existing span s when s starts before a and ends inside (a, b), when s starts
    inside (a, b) and ends after b, or when s is atomic and holds [a, b) strictly. Hence: the
    least start of the spans ending at each position, the greatest end of the spans starting at
    each position, and the same for atomic spans only."""

    def __init__(self, block: Block) -> None:
        size = max([len(block.text), *(s.end for s in block.spans)]) + 1
        self.size = size
        self.min_start_by_end = _Extreme(size, lowest=True)
        self.max_end_by_start = _Extreme(size, lowest=False)
        self.max_atomic_end_by_start = _Extreme(size, lowest=False)
        self.keys: set[tuple[str, int, int]] = set()
        self.atomic_ranges: set[tuple[int, int]] = set()
        self.spans = block.spans
        self.count = 0
        self.catch_up()

    def fresh_for(self, block: Block) -> bool:
        """Still describing ``block.spans`` (other code may only have appended to it)."""
        return self.spans is block.spans and len(block.spans) >= self.count and all(
            s.end < self.size for s in block.spans[self.count:])

    def catch_up(self) -> None:
        for s in self.spans[self.count:]:
            self._note(s)
        self.count = len(self.spans)

    def _note(self, s: Span) -> None:
        self.min_start_by_end.update(s.end, s.start)
        self.max_end_by_start.update(s.start, s.end)
        if s.tag in ATOMIC:
            self.max_atomic_end_by_start.update(s.start, s.end)
            self.atomic_ranges.add((s.start, s.end))
        self.keys.add((s.tag, s.start, s.end))

    def crosses(self, a: int, b: int) -> bool:
        least_start = self.min_start_by_end.query(a + 1, b)
        if least_start is not None and least_start < a:  # starts before a, ends inside
            return True
        greatest_end = self.max_end_by_start.query(a + 1, b)
        if greatest_end is not None and greatest_end > b:  # starts inside, ends after b
            return True
        if not self.atomic_ranges:
            return False
        before = self.max_atomic_end_by_start.query(0, a)  # an atomic span strictly around
        at = self.max_atomic_end_by_start.query(a, a + 1)
        return (before is not None and before >= b) or (at is not None and at > b)

    def add(self, block: Block, span: Span) -> bool:
        if (span.tag, span.start, span.end) in self.keys:
            return False  # already there (another annotator got it first)
        if (span.start, span.end) in self.atomic_ranges:  # rare: find where it goes
            at = next(i for i, s in enumerate(block.spans)
                      if s.start == span.start and s.end == span.end and s.tag in ATOMIC)
            block.spans.insert(at, span)
        else:
            block.spans.append(span)
        self._note(span)
        self.count += 1
        return True


def _index(block: Block) -> _SpanIndex:
    index = block.__dict__.get("_span_index")
    if index is None or not index.fresh_for(block):
        index = _SpanIndex(block)
        block.__dict__["_span_index"] = index
    else:
        index.catch_up()
    return index


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
