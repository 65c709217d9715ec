"""A contents page as printed: a run of lines that end in a page number after a dotted leader
(or a wide gap), under a short head ("CONTENTS"), becomes ``div type="contents"`` with a
``list`` of ``item``s, each with the page number it gives as ``ref type="pageRef"``.

The convention is learned from the lines, not named: no word of the head is looked for. A title
too long for one line runs on without a page number and joins the next item. Only a run of at
least ``MIN_ITEMS`` such lines is a contents page, and only at the front of the text (before any
other running text) or at its end (after it): there the page can leave the running text whole.
Its numbers are page numbers, never note calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Container, Leaf, Span
from .notes import Piece
from .patterns import SENTENCE_END
from .reading import Blank, Event, Reading

# "Preface . . . . VII", "THE PARTY ... 1", "Notes      231": a title, a leader, a page number
CONTENTS_LINE = re.compile(r"^(?P<title>.*?\S)\s*(?:(?:[.·…]\s?){3,}|\s{3,})\s*"
                           r"(?P<page>\d{1,4}|[IVXLCivxlc]{1,7})$")
MIN_ITEMS = 3  # fewer lines with leaders and numbers are no contents page
MAX_RUN_ON = 2  # a title runs over at most this many lines without a page number
HEAD_MAX = 40  # a contents page's head is a short line


@dataclass(frozen=True)
class ContentsPage:
    """The contents page over running pieces ``start`` .. ``end`` - 1 (a head first when
    ``headed``), at the front of the text or at its end."""

    start: int
    end: int
    headed: bool
    at_front: bool


def find_contents(pieces: list[Piece]) -> ContentsPage | None:
    """The contents page at the front or the end of the running pieces, if there is one."""
    return _run_at_front(pieces) or _run_at_end(pieces)


def _is_head(p: Piece) -> bool:
    return len(p.text) <= HEAD_MAX and not CONTENTS_LINE.match(p.text) and \
        not SENTENCE_END.search(p.text) and not p.text[:1].isdigit()


def _items_end(pieces: list[Piece], i: int) -> tuple[int, int]:
    """From ``i``: where the run of contents lines ends, and how many items it has."""
    end, items, run_on = i, 0, 0
    for k in range(i, len(pieces)):
        if CONTENTS_LINE.match(pieces[k].text):
            items, run_on, end = items + 1, 0, k + 1
        elif run_on < MAX_RUN_ON:
            run_on += 1
        else:
            break
    return end, items


def _run_at_front(pieces: list[Piece]) -> ContentsPage | None:
    if not pieces:
        return None
    headed = _is_head(pieces[0])
    end, items = _items_end(pieces, 1 if headed else 0)
    return ContentsPage(0, end, headed, True) if items >= MIN_ITEMS else None


def _run_at_end(pieces: list[Piece]) -> ContentsPage | None:
    """A contents page closing the running text: a head, then contents lines to the end."""
    for i in range(len(pieces) - 1, -1, -1):
        if CONTENTS_LINE.match(pieces[i].text) or i >= len(pieces) - MAX_RUN_ON:
            continue
        if _is_head(pieces[i]):
            end, items = _items_end(pieces, i + 1)
            if end == len(pieces) and items >= MIN_ITEMS:
                return ContentsPage(i, end, True, False)
        return None
    return None


def take_contents(r: Reading) -> None:
    """Take the contents page's lines out of the running text (into ``r.contents``)."""
    page = find_contents(r.running)
    if page is None:
        return
    r.contents = r.running[page.start:page.end]
    r.contents_headed, r.contents_at_front = page.headed, page.at_front
    del r.running[page.start:page.end]


def contents_div(r: Reading) -> Container | None:
    """The contents page as a div, with the page breaks and furniture of its pages (taken out
    of the events: at the front all up to its last line, at the end all after the text)."""
    if not r.contents:
        return None
    first, last = r.contents[0].number, r.contents[-1].number
    lo = 0 if r.contents_at_front else max((p.number for p in r.running if p.number < first), default=0)

    def ours(ev: Event) -> bool:
        line = ev.line if isinstance(ev, Leaf | Blank) else None
        return line is not None and lo < line and (line <= last or not r.contents_at_front)

    taken = [ev for ev in r.events if isinstance(ev, Leaf) and ours(ev)]
    r.events = [ev for ev in r.events if not ours(ev)]
    div = Container("div", {"type": "contents", "xml:id": f"{r.slug}-contents"})
    pieces = list(r.contents)
    if r.contents_headed:
        head = pieces.pop(0)
        while taken and _line(taken[0]) <= head.number:
            div.children.append(taken.pop(0))
        div.children.append(r.block("head", [head]))
    lst = Container("list", {"type": "contents"})
    div.children.append(lst)
    item: list[Piece] = []
    for p in pieces:
        while taken and _line(taken[0]) <= p.number and not item:
            lst.children.append(taken.pop(0))
        item.append(p)
        if CONTENTS_LINE.match(p.text):
            lst.children.append(_item(r, item))
            item = []
    if item:  # a title left without its page number
        lst.children.append(r.block("item", item))
    lst.children.extend(taken)
    return div


def _line(ev: Event) -> int:
    return getattr(ev, "line", None) or 0


def _item(r: Reading, pieces: list[Piece]) -> Block:
    """One item: its title lines, the page number it gives as a ``pageRef``."""
    b = r.block("item", pieces)
    m = CONTENTS_LINE.match(pieces[-1].text)
    page = m.group("page") if m else ""
    end = len(b.text)
    b.add(Span(end - len(page), end, "ref", {"type": "pageRef"}, resp=None))
    return b
