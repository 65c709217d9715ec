"""The structure of an OCR'd article from the event stream: one text div, numbered sections
(a head in capitals, possibly over several lines), datelines, and paragraphs separated by
blank lines; a page break inside a paragraph (the next line opens in lower case) stays inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Container, Leaf
from .book import dateline
from .lines import adjacent_run
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


def title_lines(pieces: list[Piece], title_max: int, max_lines: int) -> list[list[Piece]]:
    """The article's own title and subtitles, printed before its first paragraph: the leading
    short lines, each group standing alone between blank lines (a title in capitals may run
    over several lines), up to a section head, a date line or the first line of running text
    (longer, run on by the next line in mixed case, or opening in lower case: then the line it
    runs on from is the paragraph's too). A text opening with a section head or a paragraph has
    none: its title is not in the text."""
    groups: list[list[Piece]] = []
    k = 0
    while k < len(pieces) and sum(map(len, groups)) < max_lines:
        group = adjacent_run(pieces, k)
        if not all(_title_shape(p.text, title_max) for p in group) or \
                (len(group) > 1 and not all(is_caps(p.text) for p in group)) or \
                group[0].text[:1].islower():
            break
        groups.append(group)
        k += len(group)
    if k == len(pieces):
        return []  # a text follows its title
    return groups[:-1] if pieces[k].text[:1].islower() else groups  # a paragraph runs on from it


def _title_shape(text: str, title_max: int) -> bool:
    return len(text) <= title_max and not SECTION_HEAD.match(text) and \
        not (DATE_LINE.match(text) and YEAR.search(text))


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
    link_from: Block | None = None  # a paragraph going on after page furniture

    titles: list[list[Piece]] = field(default_factory=list)

    @classmethod
    def of(cls, r: Reading) -> ArticleAssembler:
        div = Container("div", {"type": "text", "xml:id": f"{r.slug}-text"})
        pieces = [e for e in r.events if isinstance(e, Piece)]
        titles = title_lines(pieces, r.limit["title_max"], r.limit["subtitle_max_lines"] + 1)
        return cls(r, div, div, pieces, titles=titles)

    def run(self) -> Container:
        for ev in self.r.events:
            if isinstance(ev, Leaf):
                self.pending.append(ev)
            elif isinstance(ev, Blank):
                self.blanks += 1
            elif isinstance(ev, Container):  # a notes block printed after the text
                self.close()
                self.place_pending()
                self.cur.children.append(ev)
            elif ev.number not in self.in_head:
                self.piece(ev)
        self.close()
        self.cur.children.extend(self.pending)
        for section in [self.div, *(c for c in self.div.children if isinstance(c, Container))]:
            demote_inner_datelines(section)
        return self.div

    def close(self) -> None:
        if self.para:
            block = self.r.block("p", self.para, pbs=self.pbs)
            self.cur.children.append(block)
            if self.link_from is not None:
                self.link_from.continued_by = block
            self.link_from = None
        self.para, self.pbs = [], {}

    def place_pending(self) -> None:
        self.cur.children.extend(self.pending)
        self.pending.clear()

    def title(self) -> None:
        """The title (``head``) and subtitles (``head[@type='sub']``) opening the text."""
        self.place_pending()
        for k, group in enumerate(self.titles):
            self.cur.children.append(self.r.block("head", group, {"type": "sub"} if k else None))
            self.in_head.update(q.number for q in group)

    def piece(self, p: Piece) -> None:
        if self.titles and p is self.titles[0][0]:
            self.title()
        elif SECTION_HEAD.match(p.text):
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
            if len(self.pending) == 1 and self.pending[0].tag != "fw":
                self.pbs[len(self.para)] = self.pending[0]  # a page break inside a paragraph
                self.pending.clear()
                self.para.append(p)
            else:
                # the page's furniture stands between the paragraph's parts: two linked blocks
                self.close()
                self.link_from = self.cur.children[-1] if isinstance(self.cur.children[-1], Block) \
                    else None
                self.place_pending()
                self.para = [p]
        elif self.para and not self.blanks:
            self.para.append(p)
        else:
            self.close()
            self.place_pending()
            self.para = [p]
        self.blanks = 0
