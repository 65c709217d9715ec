"""Notes of a printed book: footnotes at the page foot, endnote calls and the endnotes section.

- Footnotes: a line opening with ``*`` (or ``**``) at the foot of a page (or glued to the
  page's last line, as the OCR sometimes does) is the text of the footnote whose call is
  the same mark earlier on that page. A footnote left unsigned at its page end may go on
  at the foot of the next page(s): the trailing lines set to the footnote measure (wider
  than the text's) join it, with a ``milestone`` where the source page turns. The
  signature types it: "—Tr." translator, "—J. St." author, "—Ed." the source's editors.
  Marks with no foot text on their page are footnote calls whose note the source lacks.
- Endnote calls: digits glued to a word ("Conference1") or standing alone ("the 46 3 and")
  are calls when they continue the running sequence of note numbers (at most a few
  numbers ahead: calls the OCR lost are skipped); page, volume and issue numbers are not.
  A call may repeat the last number a few lines on; where the sequence lacks exactly one
  number, a number glued after closing punctuation in the gap is that call misread by
  the OCR (kept as printed, the expected number in ``@n``, ``@cert='low'``).
- Endnotes: each entry is a number line, its text and a back-reference "p. N"; entries
  whose number line the OCR lost get the next number (marked as inferred). Cases the
  layout cannot decide come from the corrections list (``note_start``/``note_continues``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from ..lexicon import LINE_ENDS_CLAUSE, MONTH_ALTERNATION, PAGE_BACKREF
from ..model import Leaf, Span
from .corrections import CorrectionList
from .lines import RawLine
from .pages import Page

FOOT_LINE = re.compile(r"^(\*+)\s?(?=\S)")
# foot text glued to the page's last line: it opens with a capital and ends signed
GLUED_FOOT = re.compile(r"^(.*?\S)(\*+) ([A-Z“].*—(?:J\. St|Tr|Ed)\.)$")
SIGNED = re.compile(r"—\s?(J\. ?St|Tr|Ed)\.\)?$")  # a footnote's signature, at its end
FOOT_TYPES = {"Tr": "translator", "J. St": "author", "J.St": "author", "Ed": "editor"}
MARKS = re.compile(r"(?<=\w)[®™©]+\*+|\*+")  # "peasantry®*": the OCR read the first star as ®
# a call glued after closing punctuation: the shape an OCR-misread call number may have
MISREAD_SHAPE = re.compile(r"[.,;:!?][”’)]*$|[”’]$")
BACKREF = PAGE_BACKREF
NUMBER_LINE = re.compile(r"^(\d{1,2})$")
CALL = re.compile(r"(?:(?<=[A-Za-z.,;:!?”’)])|(?<=\s)|^)(\d{1,2})(?=[\s,.;:)—]|$)")
NOT_CALL_BEFORE = re.compile(
    r"(?:\b(?:p|pp|Vol|Vols|No|Nos|Part|Point|Art|Chapter|Section|of|and|to|from|the|over|"
    rf"{MONTH_ALTERNATION})"
    r"\.?,?|[-–—(])\s*$")
NOT_CALL_AFTER = re.compile(r"^(?:\s*(?:per cent|per|years?|months?|days?|delegates|times|votes|"
                            r"members|million|thousand|-|–|%))")
SENTENCE_END = LINE_ENDS_CLAUSE


@dataclass
class CallAt:
    """An endnote call in a line: ``text[start:end]`` calls note ``number``."""

    start: int
    end: int
    number: int


@dataclass
class FootAt:
    """A footnote placed at ``offset`` of a line (where its mark was)."""

    offset: int
    foot: Foot


@dataclass
class MarkAt:
    """A footnote mark left in a line: a second call of ``foot``, or (None) a call of a
    footnote whose text the source lacks."""

    start: int
    end: int
    foot: Foot | None


@dataclass
class FootBreak:
    """Where a continued footnote turns to page ``page``: before its piece ``index``."""

    index: int
    page: int


@dataclass
class Piece:
    """One printed line of running text, with the notes found on it."""

    line: RawLine
    text: str  # stripped; footnote marks at calls removed
    page: int  # index of the page it is printed on
    page_start: bool = False
    calls: list[CallAt] = field(default_factory=list)
    feet: list[FootAt] = field(default_factory=list)
    stars: list[MarkAt] = field(default_factory=list)  # footnote marks left after attaching
    misread: dict[int, str] = field(default_factory=dict)  # note number → digits printed

    @property
    def number(self) -> int:
        return self.line.number


@dataclass
class Foot:
    mark: str
    pieces: list[Piece]
    page: int
    attached: bool = False
    breaks: list[FootBreak] = field(default_factory=list)  # where it goes on to a later page
    called_again: bool = False  # a second mark on the page refers to it

    @property
    def kind(self) -> str | None:
        """Who signs the note: translator, author or editor (the signature is printed)."""
        m = SIGNED.search(self.pieces[-1].text)
        return FOOT_TYPES[m.group(1)] if m else None


def find_feet(pieces: list[Piece]) -> list[Foot]:
    """Split the footnote texts off the running text (they leave ``pieces``)."""
    feet: list[Foot] = []
    out: list[Piece] = []
    current: Foot | None = None
    for pc in pieces:
        if pc.page_start or (current is not None and current.page != pc.page):
            current = None
        m = FOOT_LINE.match(pc.text)
        g = GLUED_FOOT.match(pc.text) if m is None else None
        if m:
            current = Foot(m.group(1), [pc], pc.page)
            feet.append(current)
            continue
        if g:
            body = Piece(pc.line, g.group(1), pc.page, pc.page_start)
            out.append(body)
            foot_piece = Piece(pc.line, pc.text[len(g.group(1)):].lstrip(), pc.page)
            current = Foot(g.group(2), [foot_piece], pc.page)
            feet.append(current)
            continue
        if current is not None:
            current.pieces.append(pc)  # a footnote runs on to the page end
            continue
        out.append(pc)
    join_continuations(out, feet)
    pieces[:] = out
    return feet


def attach_feet(pieces: list[Piece], feet: list[Foot]) -> None:
    """Put every footnote standing at its page's foot at the last free call of its mark before
    it on its page; then record the marks left over (``find_marks``).

    A footnote is given back (``edition text``) after its call's page, so it must end its page:
    where the running text goes on after it on the same page (the layout rules missed a page
    start, or a footnote left without a call returns to the text below another), it is not
    attached, and the calls are made again without it."""
    texts = [pc.text for pc in pieces]
    stray: set[int] = set()  # feet with running text after them on their page
    while True:
        _attach(pieces, [f for i, f in enumerate(feet) if i not in stray])
        more = {i for i, f in enumerate(feet) if f.attached and not _ends_page(f, pieces, feet)}
        if not more:
            break
        stray |= more
        for pc, text in zip(pieces, texts, strict=True):
            pc.text, pc.feet = text, []
        for f in feet:
            f.attached = False
    restore_unattached(pieces, feet)
    find_marks(pieces, feet)


def _attach(pieces: list[Piece], feet: list[Foot]) -> None:
    for foot in feet:
        first_line = foot.pieces[0].number
        k = len(foot.mark)
        mark = re.compile(rf"(?<!\*)\*{{{k}}}(?!\*)")
        candidates = [pc for pc in pieces if pc.page == foot.page and pc.number <= first_line]
        for pc in reversed(candidates):
            hits = list(mark.finditer(pc.text))
            if hits:
                h = hits[-1]
                pc.text = pc.text[:h.start()] + pc.text[h.end():]
                _shift(pc, h.start(), -k)
                pc.feet.append(FootAt(h.start(), foot))
                foot.attached = True
                break


def _ends_page(foot: Foot, pieces: list[Piece], feet: list[Foot]) -> bool:
    """Whether no running text (nor a footnote going back into it) follows ``foot`` on its page."""
    last = foot.pieces[-1]
    text_after = (pc for pc in pieces if pc.number > last.number)
    stray_after = (f.pieces[0] for f in feet if not f.attached and f.pieces[0].number > last.number)
    following = min([*text_after, *stray_after], key=lambda pc: pc.number, default=None)
    return following is None or following.page > last.page


def restore_unattached(pieces: list[Piece], feet: list[Foot]) -> None:
    """A footnote with no call on its page (the call is cut off before the text begins, or the
    OCR lost it) has nowhere to go as a note: its lines return to the running text where they
    are printed, mark and all, so that nothing is lost (the C104 finding names them)."""
    by_line = {pc.number: pc for pc in pieces}
    back: list[Piece] = []
    for foot in feet:
        if foot.attached:
            continue
        first, *rest = foot.pieces
        glued_to = by_line.get(first.number)
        if glued_to is not None:  # split off the end of a text line (GLUED_FOOT): join it again
            glued_to.text += first.text
        else:
            back.append(first)
        back += rest
    if back:
        pieces[:] = sorted(pieces + back, key=lambda pc: pc.number)


def join_continuations(pieces: list[Piece], feet: list[Foot], min_lines: int = 3,
                       share: float = 0.75) -> None:
    """Move a footnote's continuation from the next page's foot into the footnote.

    Only the last footnote of a page, unsigned at its end, may go on. On the next page the
    continuation is the trailing run of lines opening as the note's text goes on (lower
    case after an unfinished sentence) whose full lines are mostly set to the footnote
    measure: at least ``min_lines`` of them, ``share`` of the run's full lines.
    """
    width = _measure(pieces)
    by_page: dict[int, list[int]] = {}
    for i, pc in enumerate(pieces):
        by_page.setdefault(pc.page, []).append(i)
    last_foot = {f.page: f for f in feet}  # feet are in raw order
    moved: set[int] = set()
    for page, foot in sorted(last_foot.items()):
        while not SIGNED.search(foot.pieces[-1].text) and page + 1 in by_page:
            idx = [i for i in by_page[page + 1] if i not in moved]
            k = _continuation_start([pieces[i] for i in idx], foot.pieces[-1].text, width,
                                    min_lines, share)
            if k is None:
                break
            page += 1
            foot.breaks.append(FootBreak(len(foot.pieces), page))
            foot.pieces.extend(pieces[i] for i in idx[k:])
            moved.update(idx[k:])
            if page in last_foot:
                break  # the page's own footnotes follow the continuation
    pieces[:] = [pc for i, pc in enumerate(pieces) if i not in moved]


ORDINARY_LINE = (30, 90)  # lengths of lines that are neither short ends nor merged by the OCR
DEFAULT_WIDTH = 55  # the measure when the text has no ordinary lines
FULL_LINE = (0.8, 1.4)  # a full line of a footnote is this share of the measure, or up to this
WIDE_BY = 4  # a footnote line set wider than the text's measure by at least this much ...
NARROW_BY = 2  # ... and a text line by at most this much


def _measure(pieces: list[Piece]) -> int:
    """The text's line width: the median length of the ordinary (not merged) lines."""
    low, high = ORDINARY_LINE
    lengths = [len(pc.text) for pc in pieces if low <= len(pc.text) <= high]
    return int(median(lengths)) if lengths else DEFAULT_WIDTH


def _continuation_start(page: list[Piece], before: str, width: int, min_lines: int,
                        share: float) -> int | None:
    """Index in ``page`` where a footnote ending in ``before`` goes on, or None."""
    unfinished = SENTENCE_END.search(before) is None
    best: tuple[int, int] | None = None  # (wide lines less narrow ones, start)
    for k in range(1, len(page)):  # the page keeps at least one line of text
        if page[k].text[:1].islower() != unfinished:
            continue
        full = [len(pc.text) for pc in page[k:]
                if FULL_LINE[0] * width <= len(pc.text) <= FULL_LINE[1] * width]
        wide = sum(1 for n in full if n >= width + WIDE_BY)
        narrow = sum(1 for n in full if n <= width + NARROW_BY)  # the text's measure
        if wide >= min_lines and wide >= share * (wide + narrow) and \
                (best is None or wide - narrow > best[0]):
            best = (wide - narrow, k)
    return best[1] if best else None


def foot_breaks(foot: Foot, pages: list[Page]) -> dict[int, Leaf]:
    """Piece index → ``milestone`` where the source page turns inside the footnote (with the
    number of the page it turns to: pages are numbered before blocks are made)."""
    out: dict[int, Leaf] = {}
    for brk in foot.breaks:
        attrs = {"unit": "page"}
        if pages[brk.page].number is not None:
            attrs["n"] = str(pages[brk.page].number)
        out[brk.index] = Leaf("milestone", attrs, line=foot.pieces[brk.index].number)
    return out


def foot_attrs(foot: Foot, slug: str) -> dict[str, str]:
    """The footnote's attributes: its mark, who signs it (when signed), and an id when a
    second mark on its page refers to it."""
    attrs = {"place": "foot", "n": foot.mark}
    if foot.kind:
        attrs["type"] = foot.kind
    if foot.called_again:
        attrs["xml:id"] = foot_id(slug, foot)
    return attrs


def find_marks(pieces: list[Piece], feet: list[Foot]) -> None:
    """The footnote marks left after attaching: a second call of the page's footnote with
    that mark, or the call of a footnote whose text the source (the OCR) lacks."""
    on_page = {(f.page, f.mark): f for f in feet if f.attached}
    for pc in pieces:
        for m in MARKS.finditer(pc.text):
            foot = on_page.get((pc.page, m.group(0)))
            pc.stars.append(MarkAt(m.start(), m.end(), foot))
            if foot is not None:
                foot.called_again = True


def _shift(pc: Piece, at: int, delta: int) -> None:
    def moved(offset: int) -> int:
        return offset + delta if offset > at else offset

    for c in pc.calls:
        c.start, c.end = moved(c.start), moved(c.end)
    for f in pc.feet:
        f.offset = moved(f.offset)


@dataclass(frozen=True)
class NoteCall:
    """An endnote call found in the running text: the line it is on and the note's number."""

    piece: Piece
    number: int


GLUED_WEIGHT, BARE_WEIGHT = 1.0, 0.8  # a number glued to its word is likelier a call
DECIMAL_AFTER = re.compile(r"^[.,]\d")  # "3.5", "1,000": the number goes on
DECIMAL_BEFORE = re.compile(r"\d[.,]$")
ENUMERATION_AFTER = re.compile(r"^[.)]")  # "1." or "2)" opening a line


@dataclass
class Candidate:
    """A number that may be an endnote call: where it is printed, its value, its weight
    (a number glued to its word weighs more than a bare one)."""

    piece: Piece
    start: int
    end: int
    number: int
    weight: float


def find_calls(pieces: list[Piece], max_skip: int = 4, repeat_lines: int = 12) -> list[NoteCall]:
    """Mark the endnote calls; returns them in running order.

    Every number that may be a call is a candidate; the calls are the rising chain of
    candidates (each at most ``max_skip`` above the last, or the last number again within
    ``repeat_lines`` lines) with the best score: one point per call, less for a bare
    number than for one glued to its word, minus a penalty for every number the chain
    skips. Statistics and dates rarely form such a chain. A one-number gap is then filled
    by a misread call (see ``_misread``).
    """
    cands = _candidates(pieces)
    if not cands:
        return []
    chain = _misread(cands, _best_chain(cands, max_skip, repeat_lines))
    found: list[NoteCall] = []
    for k in chain:
        c = cands[k]
        c.piece.calls.append(CallAt(c.start, c.end, c.number))
        found.append(NoteCall(c.piece, c.number))
    return found


def _best_chain(cands: list[Candidate], max_skip: int, repeat_lines: int) -> list[int]:
    """Indices of the best-scoring rising chain of candidates (see ``find_calls``)."""
    best: dict[int, tuple[float, int]] = {}  # note number → (score, candidate index) so far
    back: list[int] = []
    score: list[float] = []
    for j, c in enumerate(cands):
        n, w = c.number, c.weight
        s, prev = (w - 0.6 * (n - 1), -1) if n <= max_skip else (-1e9, -1)
        for d in range(0, max_skip + 1):
            if n - d not in best:
                continue
            s0, i = best[n - d]
            if d == 0 and c.piece.number - cands[i].piece.number > repeat_lines:
                continue  # a repeated call stands near the first
            cand = s0 + (w - 0.4 if d == 0 else w - 0.6 * (d - 1))
            if cand > s:
                s, prev = cand, i
        score.append(s)
        back.append(prev)
        if s > best.get(n, (-1e9, -1))[0]:
            best[n] = (s, j)
    j = max(range(len(cands)), key=lambda k: score[k])
    chain: list[int] = []
    while j >= 0 and score[j] > -1e8:
        chain.append(j)
        j = back[j]
    chain.reverse()
    return chain


def _candidates(pieces: list[Piece]) -> list[Candidate]:
    cands: list[Candidate] = []
    for pc in pieces:
        for m in CALL.finditer(pc.text):
            n = int(m.group(1))
            before, after = pc.text[:m.start()], pc.text[m.end():]
            if n == 0 or NOT_CALL_BEFORE.search(before) or NOT_CALL_AFTER.match(after) or \
                    DECIMAL_AFTER.match(after) or DECIMAL_BEFORE.search(before):
                continue
            if not before and ENUMERATION_AFTER.match(after):
                continue  # "1." or "2)" opening a line: an enumeration
            glued = bool(before) and not before[-1].isspace()
            cands.append(Candidate(pc, m.start(), m.end(), n, GLUED_WEIGHT if glued else BARE_WEIGHT))
    return cands


def _misread(cands: list[Candidate], chain: list[int]) -> list[int]:
    """Fill each gap of exactly one number in the chain with the one candidate between
    its ends that has a call's shape (glued after closing punctuation) and as many digits
    as the number expected: an OCR misreading ("question.”9" for call 6)."""
    out: list[int] = []
    for i, k in enumerate(chain):
        out.append(k)
        if i + 1 == len(chain) or cands[chain[i + 1]].number - cands[k].number != 2:
            continue
        expected = cands[k].number + 1
        between = [j for j in range(k + 1, chain[i + 1])
                   if MISREAD_SHAPE.search(cands[j].piece.text[:cands[j].start])
                   and len(str(cands[j].number)) == len(str(expected))]
        if len(between) == 1:
            c = cands[between[0]]
            c.piece.misread[expected] = c.piece.text[c.start:c.end]
            c.number = expected
            out.append(between[0])
    return out


@dataclass
class Endnote:
    n: int
    pieces: list[Piece] = field(default_factory=list)
    inferred: bool = False
    backref: int | None = None
    backref_line: int | None = None
    stray_backrefs: list[int] = field(default_factory=list)
    label_line: bool = False  # the first piece is the printed number


def parse_endnotes(pieces: list[Piece], listed: CorrectionList,
                   entry_start: re.Pattern[str]) -> list[Endnote]:
    """The endnotes section's entries in order (pieces exclude blanks and furniture);
    ``entry_start``: how an entry whose number the OCR lost may open (the profile's)."""
    reader = _EndnoteReader(listed, entry_start)
    for pc in pieces:
        reader.read(pc)
    return reader.finish()


@dataclass
class _EndnoteReader:
    """Reads the endnotes section line by line: number lines, text, back-references."""

    listed: CorrectionList
    entry_start: re.Pattern[str]
    notes: list[Endnote] = field(default_factory=list)
    cur: Endnote | None = None  # the entry taking text
    pending: Piece | None = None  # a number line waiting for its entry's text

    def start(self, n: int, inferred: bool) -> Endnote:
        note = Endnote(n, inferred=inferred)
        if self.pending is not None:
            note.pieces.append(self.pending)  # a misplaced number line stays where it is printed
            note.label_line = int(self.pending.text) == n
            self.pending = None
        self.notes.append(note)
        self.cur = note
        return note

    def next_n(self) -> int:
        return self.notes[-1].n + 1 if self.notes else 1

    def read(self, pc: Piece) -> None:
        t = pc.text
        back = BACKREF.match(t)
        if pc.number in self.listed.note_starts:
            self.start(self.listed.note_starts[pc.number], inferred=False).pieces.append(pc)
        elif NUMBER_LINE.match(t) and self.pending is None:
            self.cur, self.pending = None, pc
        elif back:
            self.back_reference(pc, int(back.group(1)))
        elif self.pending is not None:
            self.start(int(self.pending.text), inferred=False).pieces.append(pc)
        elif self.cur is not None:
            self.text_line(self.cur, pc)
        elif self.notes and (t[:1].islower() or pc.number in self.listed.note_continues):
            self.cur = self.notes[-1]  # the note goes on after a back-reference printed mid-note
            self.cur.pieces.append(pc)
        else:
            self.start(self.next_n(), inferred=True).pieces.append(pc)

    def back_reference(self, pc: Piece, page: int) -> None:
        """"p. N" closes the current entry; a second one, or one after no entry, is stray."""
        target = self.cur if self.cur is not None else (self.notes[-1] if self.notes else None)
        if target is None:
            target = self.start(self.next_n(), inferred=True)
        target.pieces.append(pc)
        if self.cur is None or target.backref is not None:
            target.stray_backrefs.append(pc.number)
        else:
            target.backref, target.backref_line = page, pc.number
        self.cur = None

    def text_line(self, cur: Endnote, pc: Piece) -> None:
        """A line of an entry's text, unless it opens an entry whose number line was lost."""
        t, prev = pc.text, cur.pieces[-1].text
        if (pc.page_start and t[:1].isupper() and SENTENCE_END.search(prev)
                and pc.number not in self.listed.note_continues and self.entry_start.match(t)):
            self.start(self.next_n(), inferred=True).pieces.append(pc)
        else:
            cur.pieces.append(pc)

    def finish(self) -> list[Endnote]:
        if self.pending is not None:
            self.start(int(self.pending.text), inferred=False)
        return self.notes


def call_attrs(pc: Piece, n: int) -> dict[str, str]:
    """A call's attributes; a misread call keeps its printed digits, @n the number expected."""
    attrs = {"type": "noteCall"}
    if n in pc.misread:
        attrs |= {"n": str(n), "resp": "#conv", "cert": "low"}
    return attrs


def foot_id(slug: str, foot: Foot) -> str:
    return f"{slug}-fn{foot.pieces[0].number}"


def mark_spans(pc: Piece, offset: int, slug: str) -> list[Span]:
    """The marks left in a line: a second call of its page's footnote links to it (a
    cross-reference: noteCall is for endnotes), the rest are calls of missing notes."""
    spans = []
    for star in pc.stars:
        a, b, foot = star.start, star.end, star.foot
        mark = pc.text[a:b]
        attrs = {"type": "crossref", "target": f"#{foot_id(slug, foot)}"} if foot else \
            {"type": "noteCall", "subtype": "missing"}
        if not foot and mark.strip("*") == "":
            attrs["n"] = mark  # a misread mark gets its reading from the correction inside it
        spans.append(Span(offset + a, offset + b, "ref", attrs, resp=None))
    return spans


def footnote_figures(feet: list[Foot], pieces: list[Piece]) -> dict[str, int | str]:
    """The footnotes' self-check figures."""
    stars = [(pc, star.foot) for pc in pieces for star in pc.stars]
    stats: dict[str, int | str] = {
        "footnotes continued on a later page": sum(1 for f in feet if f.breaks),
        "footnote lines on later pages": sum(len(f.pieces) - f.breaks[0].index for f in feet if f.breaks),
    }
    for kind in ("translator", "author", "editor"):
        stats[f"footnotes signed: {kind}"] = sum(1 for f in feet if f.kind == kind)
    stats["footnotes unsigned"] = sum(1 for f in feet if f.kind is None)
    stats["footnote calls repeated on the page"] = sum(1 for _p, f in stars if f is not None)
    missing = [pc.number for pc, f in stars if f is None]
    stats["footnote calls without foot text"] = len(missing)
    if missing:
        stats["footnote calls without foot text (lines)"] = " ".join(map(str, missing))
    misread = [f"{n}({d}@{pc.number})" for pc in pieces for n, d in sorted(pc.misread.items())]
    stats["endnote calls misread by the OCR"] = len(misread)
    if misread:
        stats["endnote calls misread (expected(printed@line))"] = " ".join(misread)
    return stats
