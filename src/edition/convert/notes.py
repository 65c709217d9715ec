"""Notes of a printed book: footnotes at the page foot, endnote calls and the endnotes section.

- Footnotes: a line opening with a mark (``*``, ``†``, ``‡``, ``§``, ``¶``, or one doubled:
  ``**``, ``††``) at the foot of a page (or glued to the page's last line, as the OCR
  sometimes does) is the text of the footnote whose call is the same mark earlier on that
  page. Footnotes numbered per page work alike: a line opening with a number ("1 See ...")
  is a footnote when the page holds that number glued to a word before it and the page's
  footnotes so far count up to it (1, 2, ... restarting on each page). A footnote left
  unsigned at its page end may go on at the foot of the next page(s): the trailing lines
  set to the footnote measure (wider than the text's) join it, with a ``milestone`` where
  the source page turns. The signature types it: "—Tr." translator, "—J. St." author,
  "—Ed." the source's editors. Marks with no foot text on their page are footnote calls
  whose note the source lacks.
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

from ..lexicon import LINE_ENDS_CLAUSE, MONTH_ALTERNATION, PAGE_BACKREF, ROMAN_NUMERAL_LINE
from ..model import Leaf, Span
from .corrections import CorrectionList
from .lines import RawLine
from .pages import Page, is_caps

SYMBOLS = "*†‡§¶"  # the footnote marks of print, used in this order and then doubled
MARK = r"(?:\*+|†+|‡+|§+|¶+)"  # one mark: a symbol, alone or repeated
FOOT_LINE = re.compile(rf"^({MARK})\s?(?=\S)")
# a footnote numbered per page: its number, then its text opening like a sentence
NUMBERED_FOOT_LINE = re.compile(r"^(\d{1,2}) (?=[A-Z“‘\"(])")
# foot text glued to the page's last line: it opens with a capital and ends signed
GLUED_FOOT = re.compile(rf"^(.*?\S)({MARK}) ([A-Z“].*—(?:J\. St|Tr|Ed)\.)$")
SIGNED = re.compile(r"—\s?(J\. ?St|Tr|Ed)\.\)?$")  # a footnote's signature, at its end
FOOT_TYPES = {"Tr": "translator", "J. St": "author", "J.St": "author", "Ed": "editor"}
MARKS = re.compile(rf"(?<=\w)[®™©]+\*+|{MARK}")  # "peasantry®*": the OCR read the first star as ®
# a number glued to the word (or closing punctuation) it follows: how a numbered call is printed
GLUED_NUMBER = r"(?<=[A-Za-z.,;:!?”’)]){n}(?!\d)"
# a call glued after closing punctuation: the shape an OCR-misread call number may have
MISREAD_SHAPE = re.compile(r"[.,;:!?][”’)]*$|[”’]$")
BACKREF = PAGE_BACKREF
NUMBER_LINE = re.compile(r"^(\d{1,2})$")
CALL = re.compile(r"(?:(?<=[A-Za-z.,;:!?”’)])|(?<=\s)|^)(\d{1,2})(?=[\s,.;:)—]|$)")
NOT_CALL_BEFORE = re.compile(
    r"(?:\b(?:p|pp|Vol|Vols|No|Nos|Part|Point|Art|Chapter|Section|of|and|or|to|from|the|over|"
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
    # note number → id of the note in a notes block its call links to ("": the block lacks it)
    note_targets: dict[int, str] = field(default_factory=dict)

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
    for i, pc in enumerate(pieces):
        if pc.page_start or (current is not None and current.page != pc.page):
            current = None
        m = FOOT_LINE.match(pc.text)
        if m is not None and not _foot_block(pieces, i):
            m = None
        m = m or _numbered_foot(pieces, i, out, feet)
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


def _numbered_foot(pieces: list[Piece], i: int, before: list[Piece],
                   feet: list[Foot]) -> re.Match[str] | None:
    """A footnote numbered per page opens at piece ``i``: its number follows the page's
    numbered footnotes so far (1 on a fresh page), is printed glued to a word earlier on the
    page, and the lines from it to the page's end are one block (the page's foot)."""
    pc = pieces[i]
    m = NUMBERED_FOOT_LINE.match(pc.text)
    if m is None or not _foot_block(pieces, i):  # (checked second: it walks the page)
        return None
    on_page = sum(1 for f in feet if f.page == pc.page and f.mark.isdigit())
    if int(m.group(1)) != on_page + 1:
        return None
    call = re.compile(GLUED_NUMBER.format(n=m.group(1)))
    text_before = [p for p in before if p.page == pc.page]
    return m if any(call.search(p.text) for p in text_before) else None


def _foot_block(pieces: list[Piece], i: int) -> bool:
    """The lines from piece ``i`` to its page's end follow one another (no blank line): a
    footnote ends its page. (Where the pages are not known, text after a blank line below it
    shows it is not the page's foot: its lines stay running text.)"""
    k = i + 1
    while k < len(pieces) and pieces[k].page == pieces[i].page and not pieces[k].page_start:
        if pieces[k].number != pieces[k - 1].number + 1:
            return False
        k += 1
    return True


def mark_pattern(mark: str) -> re.Pattern[str]:
    """A footnote's call in the running text: the same mark (not part of a longer one), or
    for a numbered footnote its number glued to the word before."""
    if mark.isdigit():
        return re.compile(GLUED_NUMBER.format(n=mark))
    c = re.escape(mark[0])
    return re.compile(rf"(?<!{c}){re.escape(mark)}(?!{c})")


def attach_feet(pieces: list[Piece], feet: list[Foot]) -> None:
    """Put every footnote at the last free call of its mark before it on its page; then
    record the marks left over (``find_marks``). A footnote with no call on its page, a page
    whose footnotes are printed in another order than their calls (a footnote's text is given
    back at its page's foot in the order of the calls), or a footnote with running text after
    it on its page (the layout missed a page start, or a footnote left without a call returns
    to the text below another: ``edition text`` gives a footnote back after its page) stays
    running text as printed: nothing is moved off its place."""
    dropped: set[int] = set()
    while True:
        live = [f for f in feet if id(f) not in dropped]
        plan = _plan_calls(pieces, live)
        for page in {f.page for f in live}:
            on_page = [f for f in live if f.page == page]
            spots = [(plan[id(f)][0].number, plan[id(f)][1]) for f in on_page if id(f) in plan]
            if len(spots) < len(on_page) or spots != sorted(spots):
                for f in on_page:
                    plan.pop(id(f), None)
        loose = [f for f in feet if id(f) not in plan]
        stray = {id(f) for f in live if id(f) in plan and not _ends_page(f, pieces, loose)}
        if not stray:
            break
        dropped |= stray
    kept = [f for f in feet if id(f) in plan]
    _dissolve(pieces, [f for f in feet if id(f) not in plan])
    feet[:] = kept
    # right to left within a line: a removed mark leaves the offsets before it as they are
    for foot in sorted(kept, key=lambda f: (plan[id(f)][0].number, -plan[id(f)][1])):
        pc, start = plan[id(foot)]
        k = len(foot.mark)
        pc.text = pc.text[:start] + pc.text[start + k:]
        _shift(pc, start, -k)
        pc.feet.append(FootAt(start, foot))
        foot.attached = True
    for pc in pieces:
        pc.feet.sort(key=lambda placed: placed.offset)
    find_marks(pieces, feet)


def _ends_page(foot: Foot, pieces: list[Piece], loose: list[Foot]) -> bool:
    """Whether no running text (nor a ``loose`` footnote going back into it) follows ``foot``
    on its page."""
    last = foot.pieces[-1]
    text_after = (pc for pc in pieces if pc.number > last.number)
    loose_after = (f.pieces[0] for f in loose if f.pieces[0].number > last.number)
    following = min([*text_after, *loose_after], key=lambda pc: pc.number, default=None)
    return following is None or following.page > last.page


def _plan_calls(pieces: list[Piece], feet: list[Foot]) -> dict[int, tuple[Piece, int]]:
    """id(foot) → (line, offset) of its call: the last free one of its mark before it."""
    plan: dict[int, tuple[Piece, int]] = {}
    used: set[tuple[int, int]] = set()
    for foot in feet:
        mark = mark_pattern(foot.mark)
        candidates = [pc for pc in pieces if pc.page == foot.page and pc.number <= foot.pieces[0].number]
        for pc in reversed(candidates):
            hits = [h.start() for h in mark.finditer(pc.text) if (id(pc), h.start()) not in used]
            if hits:
                used.add((id(pc), hits[-1]))
                plan[id(foot)] = (pc, hits[-1])
                break
    return plan


def _dissolve(pieces: list[Piece], feet: list[Foot]) -> None:
    """Give footnotes back to the running text as printed (a glued one to its line)."""
    if not feet:
        return
    by_line = {pc.number: pc for pc in pieces}
    for foot in feet:
        first, rest = foot.pieces[0], foot.pieces[1:]
        if first.number in by_line:  # glued to the page's last line: join it again
            by_line[first.number].text += first.text
        else:
            pieces.append(first)
        pieces.extend(rest)
    pieces.sort(key=lambda pc: pc.number)


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
    that mark, or the call of a footnote whose text the source (the OCR) lacks. A mark
    opening a line before its text is a footnote's own mark (left as text), never a call."""
    on_page = {(f.page, f.mark): f for f in feet if f.attached}
    for pc in pieces:
        for m in MARKS.finditer(pc.text):
            if m.start() == 0 and FOOT_LINE.match(pc.text):
                continue
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
# ... unless that number is a date's day or year closing its sentence ("on May 17.4", "in 1923.4")
DATE_BEFORE = re.compile(rf"(?:\b(?:{MONTH_ALTERNATION}) \d{{1,2}}|\b1[5-9]\d\d)\.$")
ENUMERATION_AFTER = re.compile(r"^[.)]")  # "1." or "2)" opening a line
# "…chapters: 1. Marx and Marxism. 2. The State": a bare number before ". Capital" or ") "
INLINE_ENUMERATION_AFTER = re.compile(r"^(?:\.\s+[A-Z“‘\"]|\)\s)")
LEADER_BEFORE = re.compile(r"(?:[.·…]\s?){3,}\s*$")  # a contents line's dotted leader
WIDE_GAP = re.compile(r"^\s{3,}|\s{3,}$")  # "2    QUESTIONS OF LENINISM": a folio in a running head
GARBAGE_LETTER_SHARE = 0.5  # a line of at least 4 words, less than half letters: OCR garbage
MIN_CHAIN_UNPRINTED = 2  # calls of notes the source does not print: only a run from 1


@dataclass
class Candidate:
    """A number that may be an endnote call: where it is printed, its value, its weight
    (a number glued to its word weighs more than a bare one)."""

    piece: Piece
    start: int
    end: int
    number: int
    weight: float


def find_calls(pieces: list[Piece], max_skip: int = 4, repeat_lines: int = 12,
               notes_printed: bool = True) -> list[NoteCall]:
    """Mark the endnote calls; returns them in running order.

    Every number that may be a call is a candidate; the calls are the rising chain of
    candidates (each at most ``max_skip`` above the last, or the last number again within
    ``repeat_lines`` lines) with the best score: one point per call, less for a bare
    number than for one glued to its word, minus a penalty for every number the chain
    skips. Statistics and dates rarely form such a chain. A one-number gap is then filled
    by a misread call (see ``_misread``). When the source prints no notes
    (``notes_printed`` false) only a chain of at least ``MIN_CHAIN_UNPRINTED`` calls that
    opens with note 1 is believed: a stray number is no evidence of a note convention.
    """
    cands = _candidates(pieces)
    if not cands:
        return []
    chain = _misread(cands, _best_chain(cands, max_skip, repeat_lines))
    if not notes_printed and not _run_from_one([cands[k].number for k in chain]):
        return []
    found: list[NoteCall] = []
    for k in chain:
        c = cands[k]
        c.piece.calls.append(CallAt(c.start, c.end, c.number))
        found.append(NoteCall(c.piece, c.number))
    return found


def _run_from_one(numbers: list[int]) -> bool:
    """Calls opening with 1 and rising through ``MIN_CHAIN_UNPRINTED`` numbers: a "1" printed
    twice (an OCR speck read as a digit, here and there) is no run of notes."""
    return bool(numbers) and numbers[0] == 1 and len(set(numbers)) >= MIN_CHAIN_UNPRINTED


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
    for k, pc in enumerate(pieces):
        if is_garbage(pc.text) or _isolated_number(pieces, k):
            continue
        for m in CALL.finditer(pc.text):
            n = int(m.group(1))
            before, after = pc.text[:m.start()], pc.text[m.end():]
            if n == 0 or NOT_CALL_BEFORE.search(before) or NOT_CALL_AFTER.match(after) or \
                    DECIMAL_AFTER.match(after) or (DECIMAL_BEFORE.search(before) and
                                                   not DATE_BEFORE.search(before)):
                continue
            if not before and ENUMERATION_AFTER.match(after):
                continue  # "1." or "2)" opening a line: an enumeration
            glued = bool(before) and not before[-1].isspace()
            if (not glued and INLINE_ENUMERATION_AFTER.match(after)) or LEADER_BEFORE.search(before) \
                    or WIDE_GAP.search(before) or WIDE_GAP.match(after):
                continue  # a list's number, a page number after a leader or set apart in a head
            cands.append(Candidate(pc, m.start(), m.end(), n, GLUED_WEIGHT if glued else BARE_WEIGHT))
    return cands


def _isolated_number(pieces: list[Piece], k: int) -> bool:
    """A number alone on its line with a blank line (or furniture) above or below it: a folio
    or a list's number the layout left, not a call (a call the OCR put on a line of its own
    stands between the lines of its sentence)."""
    pc = pieces[k]
    if not pc.text.isdigit():
        return False
    before = k > 0 and pieces[k - 1].number == pc.number - 1
    after = k + 1 < len(pieces) and pieces[k + 1].number == pc.number + 1
    return not (before and after)


def is_garbage(text: str) -> bool:
    """A line the OCR made of specks ("ll1 ;: 3 .. 7 ' 1"): its digits are no calls."""
    chars = [c for c in text if not c.isspace()]
    letters = sum(1 for c in chars if c.isalpha())
    return len(text.split()) >= 4 and letters < GARBAGE_LETTER_SHARE * len(chars)


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
    label_len: int = 0  # ... or opens with it ("1 See this volume"): its length


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


# -- notes printed after a work (or at the end of a text without a notes section) -------------
# an entry of a notes block: its number alone, or its number and its text ("1 See ...")
ENTRY_LINE = re.compile(r"^(\d{1,3})[.)]?(?: +(?=\S)|$)")
BLOCK_HEAD_MAX = 40  # the head of a notes block is a short line ...
BLOCK_HEAD_WORDS = 4  # ... of a few words
TURN_PIECES_MAX = 4  # lines of furniture a page turn may leave between two entries
# the next entry may follow after this many raw lines that are no running text (blank lines,
# a page's furniture: the notes go on over a page turn)
ENTRY_GAP_MAX = 8


@dataclass
class NoteBlock:
    """Notes printed as a block in the running text (after each work, or at the end of a text
    with no notes section): a short head, then entries numbered from 1, each opening with its
    number, its text going on over the next contiguous lines. ``index`` counts the blocks."""

    index: int
    head: Piece
    notes: list[Endnote]
    furniture: list[Piece] = field(default_factory=list)  # page turns' lines between entries

    @property
    def last_line(self) -> int:
        return self.notes[-1].pieces[-1].number

    def note_id(self, slug: str, n: int) -> str:
        return f"{slug}-notes{self.index}-n{n}"


def _is_notes_head(p: Piece) -> bool:
    """A short line of a few words in capitals or title case ("Notes")."""
    words = p.text.split()
    return len(p.text) <= BLOCK_HEAD_MAX and 0 < len(words) <= BLOCK_HEAD_WORDS and \
        all(w[:1].isupper() or len(w) < 4 for w in words) and p.text[:1].isalpha() and \
        not SENTENCE_END.search(p.text)


def _first_called(pieces: list[Piece]) -> bool:
    """The text before a notes block prints the call of its first note ("…recognition.1")."""
    call = re.compile(GLUED_NUMBER.format(n=1))
    return any(call.search(p.text) for p in pieces)


def _entry_number(p: Piece) -> int | None:
    m = ENTRY_LINE.match(p.text)
    return int(m.group(1)) if m else None


def _page_furniture(p: Piece) -> bool:
    """A line a page turn leaves between two entries: a page number, a running head or stamp
    in capitals (where the layout did not mark them)."""
    return p.text.isdigit() or bool(ROMAN_NUMERAL_LINE.match(p.text)) or is_caps(p.text)


def _next_entry(pieces: list[Piece], k: int, n: int) -> int | None:
    """Where entry ``n`` opens from piece ``k``: at once, or after a page turn's furniture
    (at most ``TURN_PIECES_MAX`` such lines within ``ENTRY_GAP_MAX`` raw lines)."""
    for j in range(k, min(k + TURN_PIECES_MAX + 1, len(pieces))):
        if k and pieces[j].number - pieces[k - 1].number > ENTRY_GAP_MAX:
            return None
        if _entry_number(pieces[j]) == n:
            return j
        if not _page_furniture(pieces[j]) or (j == k and pieces[j].number == pieces[j - 1].number + 1):
            return None  # running text, or a line that follows on: no page turn
    return None


def _entries(pieces: list[Piece], i: int) -> tuple[list[Endnote], list[Piece], int]:
    """The entries numbered 1, 2, ... from piece ``i`` (each over contiguous lines), the page
    furniture between them, and where they end; none when piece ``i`` does not open entry 1."""
    notes: list[Endnote] = []
    furniture: list[Piece] = []
    k = i
    while k < len(pieces):
        n = len(notes) + 1
        j = k if _entry_number(pieces[k]) == n else (_next_entry(pieces, k, n) if notes else None)
        if j is None or (j == k and k > i and pieces[k].number - pieces[k - 1].number > ENTRY_GAP_MAX):
            break
        note = Endnote(n, [pieces[j]])
        m = ENTRY_LINE.match(pieces[j].text)
        assert m is not None
        note.label_line = m.end() == len(pieces[j].text)
        note.label_len = 0 if note.label_line else len(m.group(0).rstrip())
        e = j + 1
        while e < len(pieces) and pieces[e].number == pieces[e - 1].number + 1 and \
                not pieces[e].page_start and not is_caps(pieces[e].text) and \
                _entry_number(pieces[e]) != n + 1:
            note.pieces.append(pieces[e])
            e += 1
        if note.label_line and len(note.pieces) == 1:
            break  # a number alone with no text is no entry
        furniture += pieces[k:j]
        notes.append(note)
        k = e
    return notes, furniture, k


def find_note_blocks(pieces: list[Piece]) -> list[NoteBlock]:
    """Take the notes blocks out of the running pieces (see ``NoteBlock``)."""
    blocks: list[NoteBlock] = []
    out: list[Piece] = []
    since = 0  # the text after the last block
    i = 0
    while i < len(pieces):
        notes, furniture, end = _entries(pieces, i + 1) if _is_notes_head(pieces[i]) else ([], [], i)
        if notes and _first_called(out[since:]):
            blocks.append(NoteBlock(len(blocks) + 1, pieces[i], notes, furniture))
            since, i = len(out), end
        else:
            out.append(pieces[i])
            i += 1
    pieces[:] = out
    return blocks


def block_calls(pieces: list[Piece], blocks: list[NoteBlock], slug: str,
                notes_printed: bool) -> list[NoteCall]:
    """Find the calls of each notes block in the text before it (after the block before),
    and link them to its notes; returns the calls after the last block (the text's own
    notes section's, when it has one: ``notes_printed``)."""
    start = 0
    for block in blocks:
        end = next((k for k, p in enumerate(pieces) if p.number > block.head.number), len(pieces))
        numbers = {n.n for n in block.notes}
        for call in find_calls(pieces[start:end]):
            # a call of a number the block lacks calls a note the source does not print ("")
            call.piece.note_targets[call.number] = \
                block.note_id(slug, call.number) if call.number in numbers else ""
        start = end
    return find_calls(pieces[start:], notes_printed=notes_printed)
