"""The back of a printed book: the endnotes section and the chronicle.

Endnotes are blocks in raw order, with the furniture and page breaks of their pages placed
between them (or inside a note that runs over a page). A note printed twice under one number
gets a second id (``-2``). The chronicle is a year head and a gloss list: each entry a date
label (a time under its date joins it; "March 31—" / "April 2" is one label over two lines)
and the item that follows it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..lexicon import CLOCK_HOUR_LINE, CLOCK_OPENING, PAGE_BACKREF
from ..model import Block, Container, Insert, Leaf, Node, Span
from .notes import Endnote, NoteBlock, Piece
from .patterns import DATE_LINE, RANGE_OPEN, YEAR, date_when
from .reading import Blank, Event, Reading

FAR = 10**9  # past every raw line


def back_matter(r: Reading) -> list[Node]:
    """The endnotes section (when the book has one) and the chronicle (when it has one)."""
    back: list[Node] = []
    if r.regions.notes <= len(r.lines):
        back.append(endnotes_section(r))
    if r.chronicle_pieces:
        back.append(chronicle(r))
    return back


def endnotes_section(r: Reading) -> Container:
    notes_at, chron_at = r.regions.notes, r.regions.chronicle
    head_line = r.line(notes_at)
    div = Container("div", {"type": "notes", "xml:id": f"{r.slug}-notes"})
    if notes_at in r.start_set:  # the notes open a page
        div.children.append(r.pb(notes_at))
    div.children.append(r.block("head", [Piece(head_line, head_line.text.strip(), 0)]))
    # furniture and pages in the notes region, placed by raw line between/inside notes
    items: list[tuple[int, int, Endnote | Leaf]] = []
    for note in r.endnotes:
        items.append((note.pieces[0].number if note.pieces else FAR, 1, note))
    for n in sorted(n for n in r.furniture if notes_at < n < chron_at):
        items.append((n, 0, r.fw(n)))
    inside = {p.number for note in r.endnotes for p in note.pieces[1:]}
    for n in sorted(s for s in r.starts if notes_at < s < chron_at):
        if n not in inside:
            items.append((n, -1, r.pb(n)))
    used: Counter[int] = Counter()
    for _line, _order, obj in sorted(items, key=lambda x: (x[0], x[1])):
        if isinstance(obj, Endnote):
            used[obj.n] += 1
            div.children.append(endnote_block(r, obj, used[obj.n]))
        else:
            div.children.append(obj)
    return div


def place_note_blocks(r: Reading) -> None:
    """Each notes block as a div in the events where its head stands, with the page breaks
    and furniture of its lines (taken out of the events)."""
    for block in r.note_blocks:
        first, last = block.head.number, block.last_line
        inside = [ev for ev in r.events if isinstance(ev, Leaf | Blank) and
                  first <= (ev.line or 0) <= last]
        taken = {id(ev) for ev in inside}
        r.events = [ev for ev in r.events if id(ev) not in taken]
        at = next((k for k, ev in enumerate(r.events) if _event_line(ev) > first), len(r.events))
        r.events.insert(at, notes_block_div(r, block, [ev for ev in inside if isinstance(ev, Leaf)]))


def _event_line(ev: Event) -> int:
    return ev.number if isinstance(ev, Piece) else (getattr(ev, "line", None) or 0)


def notes_block_div(r: Reading, block: NoteBlock, leaves: list[Leaf]) -> Container:
    """A notes block printed after a work: a notes div with its head and notes, and the page
    breaks and furniture of its lines (``leaves``) between them, in raw order."""
    div = Container("div", {"type": "notes", "xml:id": f"{r.slug}-notes{block.index}"})
    items: list[tuple[int, int, Node]] = [(leaf.line or 0, 0, leaf) for leaf in leaves]
    items.append((block.head.number, 1, r.block("head", [block.head])))
    # the lines a page turn left between two notes: furniture the layout did not mark
    items += [(p.number, 1, Leaf("fw", {"type": "pageNum" if p.text.isdigit() else "header"},
                                 p.text, p.number)) for p in block.furniture]
    called = {t for p in r.running for t in p.note_targets.values()}
    for note in block.notes:
        b = endnote_block(r, note, 1, block.note_id(r.slug, note.n))
        if b.attrs["xml:id"] not in called:  # the text prints no call of it (or the OCR lost it)
            b.attrs["subtype"] = "callMissing"
            r.doc.report("C102", note.pieces[0].number, f"endnote {note.n}: no call in the text")
        items.append((note.pieces[0].number, 1, b))
    div.children.extend(obj for _line, _order, obj in sorted(items, key=lambda x: (x[0], x[1])))
    return div


def endnote_block(r: Reading, note: Endnote, copy: int, xml_id: str | None = None) -> Block:
    """One endnote: its printed number as ``label``, its back-reference "p. N" as a ``ref``."""
    xml_id = xml_id or f"{r.slug}-n{note.n}" + (f"-{copy}" if copy > 1 else "")
    attrs = {"place": "end", "n": str(note.n), "xml:id": xml_id}
    if note.inferred:
        attrs |= {"resp": "#conv", "cert": "medium"}  # number inferred
    pbs = {i: r.pb(p.number) for i, p in enumerate(note.pieces) if i and p.number in r.start_set}
    b = r.block("note", note.pieces, attrs, pbs)
    if note.label_line or note.label_len:
        b.add(Span(0, note.label_len or len(note.pieces[0].text), "label", resp=None))
    for i, p in enumerate(note.pieces):
        if PAGE_BACKREF.match(p.text):
            off = sum(len(q.text) + 1 for q in note.pieces[:i])
            b.add(Span(off, off + len(p.text), "ref", {"type": "pageRef"}, resp=None))
    return b


# -- the chronicle --------------------------------------------------------------------------
@dataclass
class ChronicleEntry:
    label: list[Piece] = field(default_factory=list)  # the date (and time) lines
    item: list[Piece] = field(default_factory=list)  # what happened


def chronicle_entries(pieces: list[Piece]) -> list[ChronicleEntry]:
    """Group the chronicle's lines (after its year) into dated entries."""
    entries: list[ChronicleEntry] = []
    for p in pieces:
        last = entries[-1] if entries else None
        if last and last.label and not last.item and RANGE_OPEN.match(last.label[-1].text) \
                and DATE_LINE.match(p.text):
            last.label.append(p)  # "March 31—" / "April 2": one label over two lines
        elif RANGE_OPEN.match(p.text):
            entries.append(ChronicleEntry([p]))
        elif DATE_LINE.match(p.text) or CLOCK_OPENING.match(p.text) or CLOCK_HOUR_LINE.match(p.text):
            if last and not last.item and not DATE_LINE.match(p.text):
                last.label.append(p)  # a time under its date
            else:
                entries.append(ChronicleEntry([p]))
        elif last:
            last.item.append(p)
        else:
            entries.append(ChronicleEntry([], [p]))
    return entries


def chronicle(r: Reading) -> Container:
    pieces = r.chronicle_pieces
    div = Container("div", {"type": "chronicle", "xml:id": f"{r.slug}-chronicle"})
    year = pieces[0]
    if year.number in r.start_set:
        div.children.append(r.pb(year.number))
    div.children.append(r.block("head", [year]))
    lst = Container("list", {"type": "gloss"})
    div.children.append(lst)
    placer = _FurniturePlacer(r, sorted(n for n in r.furniture if n >= r.regions.chronicle),
                              {a.number: b.number for a, b in zip(pieces, pieces[1:], strict=False)})
    for entry in chronicle_entries(pieces[1:]):
        if entry.label:
            lab = r.block("label", entry.label, pbs=_pbs(r, entry.label))
            lab.add(label_date(entry.label, year.text))
            placer.place(lab, entry.label)
            lst.children.append(lab)
        if entry.item:
            it = r.block("item", entry.item, pbs=_pbs(r, entry.item))
            placer.place(it, entry.item)
        else:
            it = Block("item", "")
        if entry.label or entry.item:
            lst.children.append(it)
    return div


def label_date(label: list[Piece], year: str) -> Span:
    """The ``date`` over a chronicle label (a range over two lines when it runs on)."""
    if len(label) > 1 and RANGE_OPEN.match(label[0].text):
        first = date_when(label[0].text.rstrip("—–-"), year)
        end = date_when(label[1].text, year)
        when = {"from": first.get("when", ""), "to": end.get("when", "")} \
            if first.get("when") and end.get("when") else {}
        return Span(0, len(label[0].text) + 1 + len(label[1].text), "date", when)
    text = label[0].text
    when = date_when(text + f", {year}" if not YEAR.search(text) else text, year)
    return Span(0, len(text), "date", when)


def _pbs(r: Reading, ps: list[Piece]) -> dict[int, Leaf]:
    return {i: r.pb(p.number) for i, p in enumerate(ps) if p.number in r.start_set}


@dataclass
class _FurniturePlacer:
    """Furniture printed after a line of a chronicle entry (up to the next entry's line)."""

    r: Reading
    fw_lines: list[int]
    next_piece_line: dict[int, int]

    def place(self, block: Block, ps: list[Piece]) -> None:
        offset = 0
        for i, p in enumerate(ps):
            offset += len(p.text) + (1 if i + 1 < len(ps) else 0)
            nxt = ps[i + 1].number if i + 1 < len(ps) else self.next_piece_line.get(p.number, FAR)
            for n in self.fw_lines:
                if p.number < n < nxt:
                    if n in self.r.start_set:
                        block.inserts.append(Insert(offset, self.r.pb(n)))
                    block.inserts.append(Insert(offset, self.r.fw(n)))
