"""Notes of a printed book: footnotes at the page foot, endnote calls and the NOTES section.

- Footnotes: a line opening with ``*`` (or ``**``) at the foot of a page (or glued to the
  page's last line, as the OCR sometimes does) is the text of the footnote whose call is
  the same mark earlier on that page.
- Endnote calls: digits glued to a word ("Conference1") or standing alone ("the 46 3 and")
  are calls when they continue the running sequence of note numbers (at most a few
  numbers ahead: calls the OCR lost are skipped); page, volume and issue numbers are not.
- Endnotes: each entry is a number line, its text and a back-reference "p. N"; entries
  whose number line the OCR lost get the next number (marked as inferred). Cases the
  layout cannot decide come from the corrections list (``note_start``/``note_continues``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .corrections import CorrectionList
from .lines import RawLine

FOOT_LINE = re.compile(r"^(\*+)\s?(?=\S)")
GLUED_FOOT = re.compile(r"^(.*?\S)(\*+) ((?:My|All|See)\b.*—(?:J\. St|Tr|Ed)\.)$")
BACKREF = re.compile(r"^p\. ?(\d{1,3})$")
NUMBER_LINE = re.compile(r"^(\d{1,2})$")
CALL = re.compile(r"(?:(?<=[A-Za-z.,;:!?”’)])|(?<=\s)|^)(\d{1,2})(?=[\s,.;:)—]|$)")
NOT_CALL_BEFORE = re.compile(
    r"(?:\b(?:p|pp|Vol|Vols|No|Nos|Part|Point|Art|Chapter|Section|of|and|to|from|the|over|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\.?,?|[-–—(])\s*$")
NOT_CALL_AFTER = re.compile(r"^(?:\s*(?:per cent|per|years?|months?|days?|delegates|times|votes|"
                            r"members|million|thousand|-|–|%))")
SENTENCE_END = re.compile(r"[.?!:;”’)]$")


@dataclass
class Piece:
    """One printed line of running text, with the notes found on it."""

    line: RawLine
    text: str  # stripped; footnote marks at calls removed
    page: int  # index of the page it is printed on
    page_start: bool = False
    calls: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, note number)
    feet: list[tuple[int, Foot]] = field(default_factory=list)  # (offset, footnote)
    extra_marks: list[tuple[int, int]] = field(default_factory=list)  # repeated footnote marks

    @property
    def number(self) -> int:
        return self.line.number


@dataclass
class Foot:
    mark: str
    pieces: list[Piece]
    page: int
    attached: bool = False


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
    pieces[:] = out
    return feet


def attach_feet(pieces: list[Piece], feet: list[Foot]) -> None:
    """Put every footnote at the last free call of its mark before it on its page."""
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
                pc.feet.append((h.start(), foot))
                foot.attached = True
                break


def _shift(pc: Piece, at: int, delta: int) -> None:
    pc.calls = [(a + delta if a > at else a, b + delta if b > at else b, n) for a, b, n in pc.calls]
    pc.feet = [(o + delta if o > at else o, f) for o, f in pc.feet]


def find_calls(pieces: list[Piece], max_skip: int = 4) -> list[tuple[Piece, int]]:
    """Mark the endnote calls; returns (piece, note number) per call, in running order.

    Every number that may be a call is a candidate; the calls are the rising chain of
    candidates (each at most ``max_skip`` above the last) with the best score: one point
    per call, less for a bare number than for one glued to its word, minus a penalty
    for every number the chain skips. Statistics and dates rarely form such a chain.
    """
    cands: list[tuple[Piece, int, int, int, float]] = []  # piece, start, end, n, weight
    for pc in pieces:
        for m in CALL.finditer(pc.text):
            n = int(m.group(1))
            before, after = pc.text[:m.start()], pc.text[m.end():]
            if n == 0 or NOT_CALL_BEFORE.search(before) or NOT_CALL_AFTER.match(after) or \
                    re.match(r"^[.,]\d", after) or re.search(r"\d[.,]$", before):
                continue
            if not before and re.match(r"^[.)]", after):
                continue  # "1." or "2)" opening a line: an enumeration
            glued = bool(before) and not before[-1].isspace()
            cands.append((pc, m.start(), m.end(), n, 1.0 if glued else 0.8))
    best: dict[int, tuple[float, int]] = {}  # note number → (score, candidate index) so far
    back: list[int] = []
    score: list[float] = []
    for j, (_pc, _a, _b, n, w) in enumerate(cands):
        s, prev = (w - 0.6 * (n - 1), -1) if n <= max_skip else (-1e9, -1)
        for d in range(1, max_skip + 1):
            if n - d in best:
                cand = best[n - d][0] + w - 0.6 * (d - 1)
                if cand > s:
                    s, prev = cand, best[n - d][1]
        score.append(s)
        back.append(prev)
        if s > best.get(n, (-1e9, -1))[0]:
            best[n] = (s, j)
    if not cands:
        return []
    j = max(range(len(cands)), key=lambda k: score[k])
    chain: list[int] = []
    while j >= 0 and score[j] > -1e8:
        chain.append(j)
        j = back[j]
    found: list[tuple[Piece, int]] = []
    for k in reversed(chain):
        pc, a, b, n, _w = cands[k]
        pc.calls.append((a, b, n))
        found.append((pc, n))
    return found


@dataclass
class Endnote:
    n: int
    pieces: list[Piece] = field(default_factory=list)
    inferred: bool = False
    backref: int | None = None
    backref_line: int | None = None
    stray_backrefs: list[int] = field(default_factory=list)
    label_line: bool = False  # the first piece is the printed number


def parse_endnotes(pieces: list[Piece], listed: CorrectionList) -> list[Endnote]:
    """The NOTES section's entries in order (pieces exclude blanks and furniture)."""
    notes: list[Endnote] = []
    cur: Endnote | None = None
    pending: Piece | None = None

    def start(n: int, inferred: bool) -> Endnote:
        nonlocal cur, pending
        note = Endnote(n, inferred=inferred)
        if pending is not None:
            note.pieces.append(pending)  # a misplaced number line stays where it is printed
            note.label_line = int(pending.text) == n
            pending = None
        notes.append(note)
        cur = note
        return note

    def next_n() -> int:
        return notes[-1].n + 1 if notes else 1

    for pc in pieces:
        t = pc.text
        num, back = NUMBER_LINE.match(t), BACKREF.match(t)
        if pc.number in listed.note_starts:
            start(listed.note_starts[pc.number], inferred=False).pieces.append(pc)
            continue
        if num and pending is None:
            cur = None
            pending = pc
            continue
        if back:
            target = cur if cur is not None else (notes[-1] if notes else None)
            if target is None:
                start(next_n(), inferred=True)
                target = cur
            assert target is not None
            target.pieces.append(pc)
            if cur is None or target.backref is not None:
                target.stray_backrefs.append(pc.number)
            else:
                target.backref, target.backref_line = int(back.group(1)), pc.number
            cur = None
            continue
        if pending is not None:
            start(int(pending.text), inferred=False).pieces.append(pc)
            continue
        if cur is not None:
            prev = cur.pieces[-1].text
            new_entry = (pc.page_start and t[:1].isupper() and SENTENCE_END.search(prev)
                         and pc.number not in listed.note_continues and _is_entry_start(t))
            if new_entry:
                start(next_n(), inferred=True).pieces.append(pc)
            else:
                cur.pieces.append(pc)
            continue
        if notes and (t[:1].islower() or pc.number in listed.note_continues):
            cur = notes[-1]  # the note goes on after a back-reference printed mid-note
            cur.pieces.append(pc)
            continue
        start(next_n(), inferred=True).pieces.append(pc)
    if pending is not None:
        start(int(pending.text), inferred=False)
    return notes


def _is_entry_start(text: str) -> bool:
    """Openings of note entries in this kind of apparatus."""
    return bool(re.match(r"^(?:See\b|This refers\b|The\b|Concerning\b|On\b|J\. V\. Stalin|[A-Z][a-z]+ ?\()",
                         text))
