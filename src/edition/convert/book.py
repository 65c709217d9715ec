"""The structure of a printed book from the event stream: front matter, works, their
sections and parts, paragraphs, closing lines (signature, date, source) and page furniture.

``BookAssembler`` walks the events in raw order once. Page breaks and furniture wait in
``pending`` until the next block: a new work or section takes the page break that opens it,
a paragraph running over a page takes it inside (``pb`` at the line), and a paragraph split
by furniture is linked to its continuation (``@next``/``@prev``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Container, Leaf, Node, Span
from .heads import HeadGroup, HeadRules
from .notes import Piece
from .patterns import DIV_BOTTOM, date_when
from .reading import Blank, Reading


def dateline(r: Reading, p: Piece) -> Block:
    """A dateline block whose whole text is one ``date``."""
    b = r.block("dateline", [p])
    b.add(Span(0, len(b.text), "date", date_when(p.text, r.default_year)))
    return b


# TEI lets a division open with heads and opening lines, and close with closing lines; page
# marks and notes may stand anywhere. What else a division holds goes between the two.
PAGE_MARKS = {"pb", "fw", "milestone", "lb", "note"}
OPENING = {"head", "byline", "dateline", "salute", "signed"} | PAGE_MARKS
CLOSING = {"byline", "dateline", "salute", "signed", "closer"} | PAGE_MARKS


def settle_closings(div: Container) -> None:
    """A closing line with running text both before and after it in its division (a signature
    or date the text goes on after, as when a source line follows that the conventions do not
    name, or several dated pieces are read as one) can neither open nor close the division: it
    stays running text, a paragraph (a date keeps its date)."""
    for node in div.children:
        if isinstance(node, Container) and node.tag == "div":
            settle_closings(node)
    tags = [n.tag for n in div.children]
    top_end = next((i for i, tag in enumerate(tags) if tag not in OPENING), len(tags))
    bottom_start = next((i + 1 for i in range(len(tags) - 1, -1, -1) if tags[i] not in CLOSING), 0)
    settled: list[Node] = []
    for i, node in enumerate(div.children):
        if node.tag in CLOSING - PAGE_MARKS and top_end < i < bottom_start:
            settled += _as_paragraphs(node)
        else:
            settled.append(node)
    div.children = settled


def settle_loose(holder: list[Node]) -> list[Node]:
    """Front or body: closing lines outside any work (a text that starts with a work's last
    lines) close nothing: they are paragraphs; each division's own are settled."""
    out: list[Node] = []
    for node in holder:
        if isinstance(node, Container) and node.tag == "div":
            settle_closings(node)
        out += _as_paragraphs(node) if node.tag in CLOSING - PAGE_MARKS else [node]
    return out


def _as_paragraphs(node: Node) -> list[Node]:
    if isinstance(node, Block):
        node.tag = "p"
        return [node]
    if isinstance(node, Container):  # a closer: its signature and date
        return [p for child in node.children for p in _as_paragraphs(child)]
    return [node]


@dataclass
class BookAssembler:
    r: Reading
    rules: HeadRules
    pieces: list[Piece]
    closers: dict[int, str]  # raw line → closing role ("signed", "dateline", "bibl", "salute")
    head_at: dict[int, HeadGroup]  # raw line → the head group opening there
    front: list[Node] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    holder: list[Node] = field(default_factory=list)  # front or body
    work: Container | None = None
    section: Container | None = None
    part: Container | None = None  # a dated part of a work (one speech of a congress)
    para: list[Piece] = field(default_factory=list)
    para_pbs: dict[int, Leaf] = field(default_factory=dict)
    pending: list[Leaf] = field(default_factory=list)  # pb / fw waiting for the next block
    saw_blank: bool = False
    saw_fw: bool = False
    skip_until: int = -1
    n_work: int = 0
    link_from: Block | None = None  # a paragraph going on after furniture

    @classmethod
    def of(cls, r: Reading, rules: HeadRules) -> BookAssembler:
        pieces = [e for e in r.events if isinstance(e, Piece)]
        head_at: dict[int, HeadGroup] = {}
        for i, p in enumerate(pieces):
            if p.number in r.heads.kinds:
                g = rules.head_group(pieces, i)
                if g is not None:
                    head_at[p.number] = g
        book = cls(r, rules, pieces, rules.closing_groups(pieces, r.heads.works), head_at)
        book.holder = book.front
        return book

    def run(self) -> tuple[list[Node], list[Node]]:
        index = {p.number: k for k, p in enumerate(self.pieces)}
        for ev in self.r.events:
            if isinstance(ev, Leaf):
                self.pending.append(ev)
                self.saw_fw = self.saw_fw or ev.tag == "fw"
            elif isinstance(ev, Blank):
                self.saw_blank = True
            elif isinstance(ev, Container):  # a notes block printed after a work: it closes it
                self.close_para()
                self.flush_pending()
                self.target().append(ev)
                self.link_from = None
            elif index[ev.number] >= self.skip_until:
                self.piece(ev)
        self.close_para()
        self.flush_pending()
        return settle_loose(self.front), settle_loose(self.body)

    def piece(self, p: Piece) -> None:
        if p.number in self.head_at:
            self.head(self.head_at[p.number])
        elif p.number in self.closers:
            self.closing(p, self.closers[p.number])
        else:
            self.text(p)
            return
        self.saw_blank = self.saw_fw = False

    # -- where nodes go -----------------------------------------------------------
    def target(self) -> list[Node]:
        if self.section is not None:
            return self.section.children
        if self.work is not None:
            return self.work.children
        return self.holder

    def flush_pending(self) -> None:
        self.target().extend(self.pending)
        self.pending.clear()

    def close_para(self) -> Block | None:
        if not self.para:
            return None
        b = self.r.block("p", self.para, pbs=self.para_pbs)
        self.target().append(b)
        if self.link_from is not None:
            self.link_from.continued_by = b
            self.link_from = None
        self.para, self.para_pbs = [], {}
        return b

    # -- heads ----------------------------------------------------------------------
    def head(self, g: HeadGroup) -> None:
        self.close_para()
        self.link_from = None
        pieces = self.pieces
        heads = [self.r.block("head", pieces[g.start:g.title_end])]
        if g.sub_end > g.title_end:
            heads.append(self.r.block("head", pieces[g.title_end:g.sub_end], {"type": "sub"}))
        if g.date is not None:
            heads.append(dateline(self.r, pieces[g.date]))
        # furniture of the previous page stays there; the new page opens the new div
        cut = next((k for k, x in enumerate(self.pending) if isinstance(x, Leaf) and x.tag == "pb"),
                   len(self.pending))
        self.target().extend(self.pending[:cut])
        del self.pending[:cut]
        kind = self.r.heads.kinds[pieces[g.start].number]
        if kind in {"work", "preface"}:
            self.skip_until = self.open_work(kind, heads, g.end)
        else:
            self.open_section(heads, dated=g.date is not None)
            self.skip_until = g.end

    def open_work(self, kind: str, heads: list[Block], end: int) -> int:
        """A work (or the preface) with its heads and source group; returns where it ends."""
        if kind == "work":
            self.holder = self.body
            self.n_work += 1
            # works get stable ids by their order in the volume: they name the web pages
            ident = {"n": str(self.n_work), "xml:id": f"{self.r.slug}-w{self.n_work:02d}"}
        else:
            self.holder = self.front
            ident = {"xml:id": f"{self.r.slug}-preface"}
        work = Container("div", {"type": kind} | ident)
        self.work, self.section, self.part = work, None, None
        self.holder.append(work)
        work.children.extend(self.pending)
        self.pending.clear()
        work.children.extend(heads)
        # a source group printed under the head ("Bulletin. Moscow, 1924")
        src_end = self.rules.head_source(self.pieces, end)
        if src_end > end:
            work.children.append(self.r.block("bibl", self.pieces[end:src_end], {"type": "source"}))
        return src_end

    def open_section(self, heads: list[Block], dated: bool) -> None:
        section = Container("div", {"type": "section"})
        if self.part is not None and not dated:
            self.part.children.append(section)  # a numbered chapter of the speech
        else:
            (self.work.children if self.work is not None else self.holder).append(section)
            self.part = section if dated else None
        self.section = section
        section.children.extend(self.pending)
        self.pending.clear()
        section.children.extend(heads)

    # -- closing lines ------------------------------------------------------------------
    def closing(self, p: Piece, role: str) -> None:
        self.close_para()
        self.flush_pending()
        if role == "bibl":
            self.source_line(p)
        elif role == "dateline":
            self.target().append(dateline(self.r, p))
        elif role == "signed":
            self.target().append(Container("closer", {}, [self.r.block("signed", [p])]))
        else:
            self.target().append(self.r.block("salute", [p]))

    def source_line(self, p: Piece) -> None:
        """A source line: it continues the source above it, or after a closer becomes a note."""
        target = self.target()
        last = target[-1] if target else None
        if isinstance(last, Container) and last.tag == "note" and last.children:
            last = last.children[-1]  # a source line wrapped after the closer
        if isinstance(last, Block) and last.tag == "bibl" and not self.saw_blank:
            extra = self.r.block("bibl", [p])
            last.text += "\n" + extra.text
            last.lines += extra.lines
            shift = len(last.text) - len(extra.text)
            last.spans += [Span(s.start + shift, s.end + shift, s.tag, s.attrs) for s in extra.spans]
        elif isinstance(last, Container | Block) and last.tag in DIV_BOTTOM:
            # TEI allows no bibl after a closer: the source line becomes a note
            target.append(Container("note", {"type": "source"},
                                    [self.r.block("bibl", [p], {"type": "source"})]))
        else:
            target.append(self.r.block("bibl", [p], {"type": "source"}))

    # -- running text -------------------------------------------------------------------
    def text(self, p: Piece) -> None:
        """A line of running text: it continues the paragraph or opens the next one."""
        if not self.para:
            self.flush_pending()
            self.para = [p]
        elif self.saw_fw or self.saw_blank:
            continues = not self.rules.paragraph_end(self.para[-1], p)
            first = self.close_para()
            self.flush_pending()
            self.para = [p]
            if continues and self.saw_fw and first is not None:
                self.link_from = first  # the paragraph goes on after the furniture
        elif not self.rules.paragraph_end(self.para[-1], p):
            if self.pending:  # a page turns inside the paragraph
                self.para_pbs[len(self.para)] = self.pending[0]
                self.target().extend(self.pending[1:])
                self.pending.clear()
            self.para.append(p)
        else:
            self.close_para()
            self.flush_pending()
            self.para = [p]
        self.saw_blank = self.saw_fw = False
