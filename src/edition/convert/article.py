"""The structure of an OCR'd article from the event stream: one text div, numbered sections
(a head in capitals, possibly over several lines), datelines, and paragraphs separated by
blank lines; a page break inside a paragraph (the next line opens in lower case) stays inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Container, Leaf
from .book import dateline
from .notes import Piece
from .pages import is_caps
from .patterns import DATE_LINE, DIV_BOTTOM, SECTION_HEAD, YEAR
from .reading import Blank, Reading


def article_head(pieces: list[Piece], k: int) -> list[Piece]:
    """A numbered section head and the lines in capitals that continue it."""
    j = k + 1
    while j < len(pieces) and pieces[j].number == pieces[j - 1].number + 1 and \
            is_caps(pieces[j].text):
        j += 1
    return pieces[k:j]


DIV_TOP = {"head", "opener", "byline", "dateline", "epigraph", "argument", "docAuthor", "docDate"}


def demote_inner_datelines(div: Container) -> None:
    """A dateline between paragraphs is a paragraph holding a date: TEI allows a dateline only
    at the top of a division (before any paragraph) or among the closing elements at its end."""
    kids = div.children
    for i, node in enumerate(kids):
        if not (isinstance(node, Block) and node.tag == "dateline"):
            continue
        at_top = all(isinstance(k, Leaf) or getattr(k, "tag", "") in DIV_TOP for k in kids[:i])
        at_bottom = all(isinstance(k, Leaf) or getattr(k, "tag", "") in DIV_BOTTOM
                        for k in kids[i + 1:])
        if not (at_top or at_bottom):
            node.tag = "p"


@dataclass
class ArticleAssembler:
    r: Reading
    div: Container
    cur: Container
    pieces: list[Piece]
    para: list[Piece] = field(default_factory=list)
    pbs: dict[int, Leaf] = field(default_factory=dict)
    pending: list[Leaf] = field(default_factory=list)  # page breaks waiting for the next block
    blanks: int = 0
    in_head: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, r: Reading) -> ArticleAssembler:
        div = Container("div", {"type": "text", "xml:id": f"{r.slug}-text"})
        return cls(r, div, div, [e for e in r.events if isinstance(e, Piece)])

    def run(self) -> Container:
        for ev in self.r.events:
            if isinstance(ev, Leaf):
                self.pending.append(ev)
            elif isinstance(ev, Blank):
                self.blanks += 1
            elif ev.number not in self.in_head:
                self.piece(ev)
        self.close()
        self.cur.children.extend(self.pending)
        for section in [self.div, *(c for c in self.div.children if isinstance(c, Container))]:
            demote_inner_datelines(section)
        return self.div

    def close(self) -> None:
        if self.para:
            self.cur.children.append(self.r.block("p", self.para, pbs=self.pbs))
        self.para, self.pbs = [], {}

    def place_pending(self) -> None:
        self.cur.children.extend(self.pending)
        self.pending.clear()

    def piece(self, p: Piece) -> None:
        if SECTION_HEAD.match(p.text):
            self.close()
            self.cur = Container("div", {"type": "section"})
            self.div.children.append(self.cur)
            self.place_pending()
            head = article_head(self.pieces, self.pieces.index(p))
            self.in_head.update(q.number for q in head)
            self.cur.children.append(self.r.block("head", head))
        elif DATE_LINE.match(p.text) and YEAR.search(p.text):
            self.close()
            self.place_pending()
            self.cur.children.append(dateline(self.r, p))
        elif self.para and self.pending and self.blanks and p.text[:1].islower():
            self.pbs[len(self.para)] = self.pending[0]  # a page break inside a paragraph
            self.pending.clear()
            self.para.append(p)
        elif self.para and not self.blanks:
            self.para.append(p)
        else:
            self.close()
            self.place_pending()
            self.para = [p]
        self.blanks = 0
