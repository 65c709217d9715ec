"""Where each element of a TEI file stands in its raw file, read from the source positions.

The converter writes the raw lines of every block into ``@source`` (``edition.tei.positions``).
An element inside a block is on the block's N-th line after N ``lb``s, at the column its
source reading (``sic``/``orig`` kept, ``corr``/``reg`` and editorial notes skipped, as
``edition text`` recovers it) has reached: both are unchanged by anything an editor adds or
corrects, so ``(line, column, element)`` names an annotation across re-conversions of
unchanged text. Nothing is searched for: an element outside every positioned block has no
position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..tei.positions import lines_of
from ..tei.xml import TEI_NS, local

SKIP = {"corr", "reg", "supplied", "expan"}  # editorial readings: not in the raw file


@dataclass(frozen=True)
class Position:
    line: int  # 1-based raw line where the element starts
    col: int  # characters of source reading before it on that print line
    last: int  # raw line where it ends
    end: int = 0  # column on that line where it ends

    @property
    def extent(self) -> tuple[int, int, int, int]:
        return (self.line, self.col, self.last, self.end)


class _Context:
    """One positioned block being walked: its lines and how far the walk has come."""

    def __init__(self, lines: list[int]) -> None:
        self.lines = lines
        self.index = 0
        self.col = 0

    @property
    def line(self) -> int:
        return self.lines[min(self.index, len(self.lines) - 1)]


class SourceMap:
    """Every element of ``text`` (a TEI ``text`` or any subtree) → its ``Position``."""

    def __init__(self, text: etree._Element | None) -> None:
        self.positions: dict[etree._Element, Position] = {}
        self._stack: list[_Context] = []
        if text is not None:
            self._walk(text, skipped=False)
            self._place_containers(text)

    def get(self, el: etree._Element) -> Position | None:
        return self.positions.get(el)

    def _advance(self, s: str | None, skipped: bool) -> None:
        if s and self._stack and not skipped:
            self._stack[-1].col += len(s)

    def _walk(self, el: etree._Element, skipped: bool) -> None:
        name = local(el)
        own = lines_of(el)
        if own:
            self._stack.append(_Context(own))
        ctx = self._stack[-1] if self._stack else None
        start = (ctx.line, ctx.col) if ctx is not None else None
        if name == "lb" and ctx is not None and not skipped:
            ctx.index += 1
            ctx.col = 0
            start = (ctx.line, 0)
        skip = skipped or name in SKIP or (name == "note" and el.get("type") == "editorial")
        self._advance(el.text, skip)
        for child in el:
            if isinstance(child.tag, str):
                self._walk(child, skip)
                if local(child) == "note" and child.get("place") == "foot":
                    self._advance(child.get("n"), skip)  # the call mark stands here in the raw line
            self._advance(child.tail, skip)
        if start is not None and ctx is not None:
            self.positions[el] = Position(start[0], start[1], ctx.line, ctx.col)
        if own:
            self._stack.pop()

    def _place_containers(self, text: etree._Element) -> None:
        """A container (sp, cit, div) stands where its first positioned content does."""
        for el in text.iter(f"{{{TEI_NS}}}*"):
            if el in self.positions:
                continue
            inside = [self.positions[d] for d in el.iter(f"{{{TEI_NS}}}*") if d in self.positions]
            if inside:
                last = max(inside, key=lambda p: (p.last, p.end))
                self.positions[el] = Position(inside[0].line, inside[0].col, last.last, last.end)


def stable_ids(elements: list[etree._Element], smap: SourceMap,
               kind: Callable[[etree._Element], str]) -> dict[etree._Element, str]:
    """``kind@line.col`` for each element (``~2``… when two of a kind start at one place)."""
    seen: dict[str, int] = {}
    out: dict[etree._Element, str] = {}
    for el in elements:
        pos = smap.get(el)
        base = f"{kind(el)}@{pos.line}.{pos.col}" if pos else f"{kind(el)}@?"
        seen[base] = seen.get(base, 0) + 1
        out[el] = base if seen[base] == 1 else f"{base}~{seen[base]}"
    return out
