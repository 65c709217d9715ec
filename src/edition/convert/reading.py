"""The printed reader's working state: what each transform has found so far.

Every transform of ``printed.PIPELINE`` reads some fields of a ``Reading`` and fills others
(declared beside it). Positions are raw line numbers (``RawLine.number``); pages are indices
into ``Reading.pages``. The stream the structure stages consume is a list of ``Event``s in raw
order: a ``Leaf`` (a page's ``pb`` or a line of furniture, ``fw``), a ``Blank`` line, or a
``Piece`` of running text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Block, Container, Document, Insert, Leaf, Span
from ..profiles import Profile
from ..sources import Source
from . import notes as nt
from .corrections import CorrectionList
from .layout import Layout
from .lines import RawLine
from .notes import Endnote, Foot, NoteCall, Piece
from .pages import Anchor, Page


@dataclass(frozen=True)
class Regions:
    """First raw line of the endnotes section and of the chronicle (past the end when absent)."""

    notes: int
    chronicle: int


@dataclass
class HeadPlan:
    """The heads of a book found before the pages: work heads, every head's kind, the running
    heads found among them (furniture) and the heads that open a page."""

    works: set[int] = field(default_factory=set)
    kinds: dict[int, str] = field(default_factory=dict)  # line → "work" | "preface" | "section"
    running: set[int] = field(default_factory=set)
    page_heads: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Blank:
    """A blank raw line in the event stream."""

    line: int


Event = Leaf | Blank | Piece | Container  # a Container: a notes block printed after a work


@dataclass(frozen=True)
class CallSpan:
    """An endnote call placed in a block (for the self-check figures)."""

    span: Span
    number: int
    piece: Piece


@dataclass
class Reading:
    source: Source
    profile: Profile
    lines: list[RawLine]
    listed: CorrectionList
    regions: Regions = Regions(0, 0)
    layout: Layout = field(default_factory=Layout)  # furniture and page turns learned from the text
    furniture: dict[int, str] = field(default_factory=dict)  # raw line → fw type
    heads: HeadPlan = field(default_factory=HeadPlan)
    starts: list[int] = field(default_factory=list)  # raw lines opening a page
    doubtful_starts: set[int] = field(default_factory=set)
    pages: list[Page] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)  # the evidence of the page numbers
    running: list[Piece] = field(default_factory=list)  # the text before the endnotes
    note_pieces: list[Piece] = field(default_factory=list)
    chronicle_pieces: list[Piece] = field(default_factory=list)
    note_blocks: list[nt.NoteBlock] = field(default_factory=list)  # notes after a work
    contents: list[Piece] = field(default_factory=list)  # a contents page's lines (contents.py)
    contents_headed: bool = False  # ... under a head
    contents_at_front: bool = True  # ... before the running text (else after it)
    feet: list[Foot] = field(default_factory=list)
    calls: list[NoteCall] = field(default_factory=list)
    endnotes: list[Endnote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    doc: Document = field(default_factory=Document)
    call_spans: list[CallSpan] = field(default_factory=list)
    stats: dict[str, int | float | str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def limit(self) -> dict[str, int]:
        return self.profile.thresholds

    @cached_property
    def signature(self) -> re.Pattern[str]:
        return self.profile.conventions.signature(self.source.authors)

    @property
    def default_year(self) -> str | None:
        return (self.source.date_from or self.source.date or "")[:4] or None

    @cached_property
    def start_set(self) -> set[int]:
        return set(self.starts)

    @cached_property
    def endnote_numbers(self) -> set[int]:
        return {note.n for note in self.endnotes}

    def line(self, number: int) -> RawLine:
        return self.lines[number - 1]

    def page_of_line(self, number: int) -> int:
        return bisect.bisect_right(self.starts, number) - 1

    def pb(self, line: int) -> Leaf:
        """The ``pb`` of the page that ``line`` is on (numbered: pages are numbered first)."""
        return self.pages[self.page_of_line(line)].pb()

    def fw(self, line: int) -> Leaf:
        return Leaf("fw", {"type": self.furniture[line]}, self.line(line).text.strip(), line)

    # -- blocks from pieces ------------------------------------------------------------
    def block(self, tag: str, pieces: list[Piece], attrs: dict[str, str] | None = None,
              pbs: dict[int, Leaf] | None = None) -> Block:
        """A block of printed lines with their note calls, marks, footnotes and page breaks
        (``pbs``: piece index → the leaf placed before that piece)."""
        text_parts: list[str] = []
        block = Block(tag, "", [p.number for p in pieces], dict(attrs or {}))
        offset = 0
        for i, p in enumerate(pieces):
            if pbs and i in pbs:
                block.inserts.append(Insert(offset, pbs[i]))
            for call in p.calls:
                span = Span(offset + call.start, offset + call.end, "ref", self.call_attrs(p, call.number),
                            resp=None)
                block.add(span)
                self.call_spans.append(CallSpan(span, call.number, p))
            block.spans += nt.mark_spans(p, offset, self.slug)
            for placed in p.feet:
                block.inserts.append(Insert(offset + placed.offset, self.foot_block(placed.foot)))
            text_parts.append(p.text)
            offset += len(p.text) + 1
        block.text = "\n".join(text_parts)
        return block

    def call_attrs(self, piece: Piece, n: int) -> dict[str, str]:
        """An endnote call points to its note, or says the source lacks the note."""
        attrs = nt.call_attrs(piece, n)
        if n in piece.note_targets:  # a call of a notes block's note
            attrs |= {"target": f"#{piece.note_targets[n]}"} if piece.note_targets[n] else \
                {"subtype": "missing"}
        elif n in self.endnote_numbers and self.profile.apparatus:
            attrs["target"] = f"#{self.slug}-n{n}"
        else:
            attrs["subtype"] = "missing"
        return attrs

    def foot_block(self, foot: Foot) -> Block:
        first = foot.pieces[0]
        rest = first.text[len(foot.mark):].lstrip()
        fake = Piece(first.line, rest, first.page)
        return self.block("note", [fake] + foot.pieces[1:], nt.foot_attrs(foot, self.slug),
                          nt.foot_breaks(foot, self.pages))
