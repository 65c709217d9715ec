"""Span insertion: the index used for crowded blocks decides exactly as the plain scan does, and
is used (no comparison with every span per insertion)."""

from __future__ import annotations

import random

from edition.annotate import spans
from edition.annotate.spans import ATOMIC, add_span
from edition.model import Block, Span

TAGS = ["quote", "date", "persName", "choice", "hi", "ref", "soCalled", "note"]


def _plain_add(block: Block, span: Span) -> bool:
    """The reference: add_span's rules by a scan over every span (as before the index)."""
    if span.end <= span.start or any(spans._crosses_one(s, span.start, span.end) for s in block.spans):
        return False
    if any(s.tag == span.tag and s.start == span.start and s.end == span.end for s in block.spans):
        return False
    for i, s in enumerate(block.spans):
        if s.start == span.start and s.end == span.end and s.tag in ATOMIC:
            block.spans.insert(i, span)
            return True
    block.spans.append(span)
    return True


def test_the_index_decides_as_the_plain_scan_does():
    rng = random.Random(20)
    for _ in range(40):
        length = rng.randint(20, 400)
        indexed, plain = Block("p", "x" * length), Block("p", "x" * length)
        for _ in range(rng.randint(50, 300)):
            a = rng.randint(0, length)
            b = a + rng.choice([0, 1, 2, 3, 5, 8, 20, 60])
            span = Span(a, min(b, length), rng.choice(TAGS))
            if rng.random() < 0.05:  # other code appends spans directly; the index catches up
                indexed.spans.append(span)
                plain.spans.append(span)
                continue
            assert add_span(indexed, span) == _plain_add(plain, span)
        assert [(s.start, s.end, s.tag) for s in indexed.spans] == \
               [(s.start, s.end, s.tag) for s in plain.spans]


def test_a_crowded_block_is_not_scanned_span_by_span(monkeypatch):
    """From INDEXED_FROM spans on, no insertion compares the new span with every other one
    (the quadratic cost); the benchmark times 1k/10k/50k quotations (bench/run.py --only spans)."""
    scans = []
    original = spans._crosses_one
    monkeypatch.setattr(spans, "_crosses_one", lambda *a: scans.append(1) or original(*a))
    n = 5_000
    text = "".join(f"He said “word {i}” here. " for i in range(n))
    block = Block("p", text)
    pos = 0
    for _ in range(n):
        a = text.index("“", pos)
        pos = text.index("”", a) + 1
        assert add_span(block, Span(a, pos, "quote"))
    assert len(block.spans) == n
    # the plain scan runs only while the block is small: at most INDEXED_FROM² comparisons
    assert len(scans) <= spans.INDEXED_FROM ** 2
