"""The ``printed-book`` and ``ocr-article`` profiles: scans of printed pages.

Stages: pages and furniture (``pages``), footnotes and endnote calls (``notes``),
structure (here), page numbers from anchors (``pages``), corrections (``corrections``).
What differs between sources comes from the profile named in their metadata (``LAYOUTS``).

Paragraphs: the book has no blank lines between paragraphs. A paragraph ends after a line
that ends a sentence and is short (under ``SHORT`` characters: the last line of a printed
paragraph rarely fills the ~55-character measure) or is over-long (``MERGED``: the OCR joined
print lines, and a joined line ending a sentence ends its paragraph); an enumeration
("1)", "a)") opens one; a line opening in lower case never does.

Heads: a run of consecutive lines in capitals is one title (lines joined with lb), unless it
ends like a sentence ("…WITH HONOUR!"): then it is a proclamation, a paragraph in capitals.
A head that repeats the current work's title at a page start, alone, is its running head
(furniture). A head right under a work head with no text between is the work's first part
(a congress and its reports); a part with its own date line is a speech and opens a page.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..annotate.dates import ROMAN_DATE  # a dateline "15. VII. 24": the date annotator reads it
from ..model import Block, Container, Document, Insert, Span
from ..sources import Source
from ..tei.positions import pointer
from ..tei.xml import tei
from . import notes as nt
from .corrections import CorrectionList, correct_document
from .lines import RawLine
from .notes import Endnote, Foot, Piece, attach_feet, find_calls, find_feet, parse_endnotes
from .pages import (
    PAGE_MARK,
    Anchor,
    Page,
    PageCandidates,
    choose_starts,
    classify_furniture,
    is_caps,
    number_pages,
)


@dataclass(frozen=True)
class Layout:
    page_mark: str  # "leading-space": a line opening with one space; "blank-run": 2+ blank lines
    paragraphs: str  # "inferred" (from line lengths) | "blank-lines"
    apparatus: bool  # furniture, works, NOTES and chronicle sections


LAYOUTS = {
    "printed-book": Layout("leading-space", "inferred", True),
    "ocr-article": Layout("blank-run", "blank-lines", False),
}

SHORT, MERGED = 48, 68
PB = tei("pb").tag
DIV_BOTTOM = {"closer", "dateline", "salute", "signed", "trailer"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
MONTH_NO = {m: i for i, m in enumerate(MONTHS.split("|"), 1)}
DATE_LINE = re.compile(rf"^({MONTHS})(?: (\d{{1,2}})(?:-(\d{{1,2}}))?((?:(?:, | and )\d{{1,2}})*))?"
                       rf"(?:,? (\d{{4}}))?$")
RANGE_OPEN = re.compile(rf"^(?:{MONTHS}) \d{{1,2}}[—–-]$")  # a chronicle label running on: "March 31—"
SIGNATURE = re.compile(r"^(?:Signed: )?J\. ?(?:V\. ?)?S ?t ?a ?l ?i ?n\.?$")
SALUTE = re.compile(r"^Yours,$")
SOURCE_START = re.compile(r"^(?:First published|Pravda|Newspaper|Izvestia|Bulletin|Published|Moscow|GIZ|"
                          r"Bolshevik|J\. Stalin, |Zarya|Krestyanskaya|Rabochy|Leningradskaya|Dneprovsky)")
YEAR = re.compile(r"\b1[89]\d\d\b")
ROMAN = re.compile(r"^[IVXL]+$")
SECTION_NUMBER = re.compile(r"^(?:\d+\.|[IVXL]+\.?|[|]\.|Il\.|[a-z]\))\s")
ENUMERATION = re.compile(r"^(?:\d{1,2}\)|[a-z]\)|\d{1,2}\.\s|[IVX]+\.\s)")
SENTENCE_END = re.compile(r"[.?!:]['’”)]*$|[.?!][’”]\)?$")
SUBTITLE_WORDS = re.compile(r"\b(?:Speech|Report|Interview|Preface|Lectures|Letter|Article)\b")
# a numbered section head of the OCR'd article, with the OCR's numerals ("|.", "Il.", "I11.")
SECTION_HEAD = re.compile(r"^[IVXL|][IVXLl|1]*\. [A-Z“\"][A-Z ,’'“”\"-]+$")
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.\)?|\([A-Z]\.\))$")  # "A.U.C.C.T.U.", "(B.)"


def date_when(text: str, default_year: str | None) -> dict[str, str]:
    m = DATE_LINE.match(text.strip())
    if not m:
        return {}
    month = MONTH_NO[m.group(1)]
    year = m.group(5) or default_year
    if not year:
        return {}
    day, day2, more = m.group(2), m.group(3), m.group(4)
    if day and day2:
        return {"from": f"{year}-{month:02d}-{int(day):02d}", "to": f"{year}-{month:02d}-{int(day2):02d}"}
    if day and more:
        last = re.findall(r"\d+", more)[-1]
        return {"from": f"{year}-{month:02d}-{int(day):02d}", "to": f"{year}-{month:02d}-{int(last):02d}"}
    if day:
        return {"when": f"{year}-{month:02d}-{int(day):02d}"}
    return {"when": f"{year}-{month:02d}"}


class Builder:
    def __init__(self, source: Source, lines: list[RawLine]) -> None:
        self.source = source
        self.slug = source.slug
        self.lines = lines
        self.layout = LAYOUTS[source.profile]
        self.listed = CorrectionList.load(source.raw_path.parent, source.slug)
        self.default_year = (source.date_from or source.date or "")[:4] or None
        self.call_spans: list[tuple[Span, int, Piece]] = []
        self.endnotes: dict[int, Endnote] = {}
        self.stats: dict[str, int | float | str] = {}
        self.doubtful_starts: set[int] = set()

    # -- regions, pages, furniture -------------------------------------------
    def regions(self) -> tuple[int, int]:
        """First line of the NOTES section and of the chronicle (len+1 when absent)."""
        end = len(self.lines) + 1
        if not self.layout.apparatus:
            return end, end
        notes = next((ln.number for ln in self.lines if ln.text.strip() == "NOTES"), end)
        chron = end
        texts = [ln.text.strip() for ln in self.lines]
        for ln in self.lines[notes:]:
            if re.fullmatch(r"1[89]\d\d", ln.text.strip()):
                following = next((t for t in texts[ln.number:] if t), "")
                if DATE_LINE.match(following):
                    chron = ln.number
                    break
        return notes, chron

    def page_starts(self, fw: dict[int, str], heads: set[int], regions: list[int]) -> list[int]:
        if self.layout.page_mark == "leading-space":
            marked = {ln.number for ln in self.lines if PAGE_MARK.match(ln.text) and ln.number not in fw}
            forced = set(heads) | {r for r in regions if r <= len(self.lines)}  # works, NOTES, ...
            printed: dict[int, int] = {}
            # a furniture group (page number + running head) opens its page
            groups = sorted(n for n, t in fw.items() if t in {"pageNum", "header"})
            for n in groups:
                if n - 2 not in groups:
                    forced.add(n)
                    number = next((int(self.lines[m - 1].text) for m in (n, n + 2)
                                   if fw.get(m) == "pageNum"), None)
                    if number is not None:
                        printed[n] = number
                    nxt = next((ln.number for ln in self.lines[n + 2:] if not ln.blank
                                and ln.number not in fw), None)
                    marked.discard(nxt) if nxt is not None else None
            cand = PageCandidates(marked, forced, printed, [1] + regions)
            starts_, self.doubtful_starts = choose_starts(self.lines, cand, set(fw))
            return starts_
        starts: list[int] = []
        blank_run = 0
        for ln in self.lines:
            if ln.blank:
                blank_run += 1
                continue
            if blank_run >= 2:
                starts.append(ln.number)
            blank_run = 0
        return starts

    # -- the whole build --------------------------------------------------------
    def build(self) -> Document:
        notes_at, chron_at = self.regions()
        fw = classify_furniture(self.lines, stop=notes_at) if self.layout.apparatus else {}
        work_heads: set[int] = set()
        self.page_heads: set[int] = set()
        if self.layout.apparatus:
            body_lines = [ln for ln in self.lines if not ln.blank and ln.number not in fw
                          and ln.number < notes_at]
            work_heads = self.find_work_heads(body_lines)
            if self.running_heads:  # running heads found among the heads are furniture
                fw |= {n: "header" for n in self.running_heads}
                work_heads = self.find_work_heads([ln for ln in body_lines if ln.number not in fw])
        content = [ln for ln in self.lines if not ln.blank and ln.number not in fw]
        starts = self.page_starts(fw, self.page_heads, [notes_at, chron_at])
        self.pages = [Page(n, tei("pb", {"source": pointer([n])})) for n in starts]
        self.page_of_line = lambda n: bisect.bisect_right(starts, n) - 1
        start_set = set(starts)
        # in the notes an indented line also opens an entry whose number the OCR lost
        pieces = [Piece(ln, ln.text.strip(), self.page_of_line(ln.number), ln.number in start_set
                        or (notes_at < ln.number < chron_at and bool(PAGE_MARK.match(ln.text))))
                  for ln in content]
        running = [p for p in pieces if p.number < notes_at]
        note_pieces = [p for p in pieces if notes_at < p.number < chron_at]
        chron_pieces = [p for p in pieces if p.number >= chron_at]
        self.feet = find_feet(running)
        attach_feet(running, self.feet)
        calls = find_calls(running)
        notes = parse_endnotes(note_pieces, self.listed)
        self.note_list = notes
        for note in notes:
            self.endnotes.setdefault(note.n, note)
        doc = Document()
        self.fw = fw
        self.starts = set(starts)
        events = self.events(running, notes_at)
        if self.layout.apparatus:
            front, body = self.structure_book(events, work_heads)
            doc.front, doc.body = front, body
            doc.back = self.back(notes, chron_pieces, notes_at, chron_at)
        else:
            doc.body = [self.structure_article(events)]
        self.link_calls(calls)
        self.number(notes)
        self.stats.update(nt.finish_notes(self.feet, running, self.pages))
        self.correct(doc)
        doc.stats.update(self.stats)
        return doc

    # -- events: pb, fw, blank and pieces in raw order ----------------------------
    def events(self, pieces: list[Piece], stop: int) -> list[tuple]:
        by_line = {p.number: p for p in pieces}
        out: list[tuple] = []
        for ln in self.lines:
            if ln.number >= stop:
                break
            if ln.number in self.starts:
                out.append(("pb", self.pages[self.page_of_line(ln.number)]))
            if ln.blank:
                out.append(("blank",))
            elif ln.number in self.fw:
                out.append(("fw", self.fw_element(ln)))
            elif ln.number in by_line:
                out.append(("piece", by_line[ln.number]))
        return out

    def fw_element(self, ln: RawLine):
        kind = self.fw[ln.number]
        el = tei("fw", {"type": kind, "source": pointer([ln.number])})
        el.text = ln.text.strip()
        if kind == "pageNum":
            page = self.pages[self.page_of_line(ln.number)]
            page.printed = int(ln.text.strip())
        return el

    # -- blocks -------------------------------------------------------------------
    def block(self, tag: str, pieces: list[Piece], attrs: dict[str, str] | None = None,
              pbs: dict[int, object] | None = None) -> Block:
        text_parts: list[str] = []
        block = Block(tag, "", [p.number for p in pieces], dict(attrs or {}))
        offset = 0
        for i, p in enumerate(pieces):
            if pbs and i in pbs:
                block.inserts.append(Insert(offset, pbs[i]))
            for a, b, n in p.calls:
                span = Span(offset + a, offset + b, "ref", nt.call_attrs(p, n))
                block.add(span)
                self.call_spans.append((span, n, p))
            block.spans += nt.mark_spans(p, offset, self.slug)
            for o, foot in p.feet:
                block.inserts.append(Insert(offset + o, self.foot_block(foot)))
            text_parts.append(p.text)
            offset += len(p.text) + 1
        block.text = "\n".join(text_parts)
        return block

    def foot_block(self, foot: Foot) -> Block:
        first = foot.pieces[0]
        rest = first.text[len(foot.mark):].lstrip()
        fake = Piece(first.line, rest, first.page)
        return self.block("note", [fake] + foot.pieces[1:], nt.foot_attrs(foot, self.slug),
                          nt.foot_breaks(foot))

    def paragraph_end(self, prev: Piece, nxt: Piece) -> bool:
        if nxt.text[:1].islower():
            return False
        if ENUMERATION.match(nxt.text):
            return True
        if not SENTENCE_END.search(prev.text):
            return False
        if self.in_capitals(prev.text) != self.in_capitals(nxt.text):
            return True  # a proclamation in capitals is a paragraph of its own
        return len(prev.text) < SHORT or len(prev.text) > MERGED

    @staticmethod
    def in_capitals(text: str) -> bool:
        return is_caps(text) and len(text.split()) >= 3

    # -- heads of works and sections ------------------------------------------------
    def is_head_line(self, p: Piece) -> bool:
        t = p.text
        return (is_caps(t) and len(t) <= 75) or bool(ROMAN.match(t) or SECTION_HEAD.match(t))

    @staticmethod
    def caps_run(pieces: list[Piece], i: int) -> int:
        """End of the run of consecutive capital lines from i (a numeral line may open it)."""
        j = i + 1 if ROMAN.match(pieces[i].text) else i
        while j < len(pieces) and (j == i or pieces[j].number - pieces[j - 1].number == 1) and \
                is_caps(pieces[j].text) and not ROMAN.match(pieces[j].text):
            j += 1
        return j

    def title_end(self, pieces: list[Piece], i: int) -> int | None:
        """End of the title opening at i: a run of capital lines is one title (joined with lb)
        unless it is a proclamation (it ends with "!" or another sentence mark, or has lines
        too long for a title): the vows of a speech are paragraphs in capitals."""
        if not self.is_head_line(pieces[i]):
            return None
        j = self.caps_run(pieces, i)
        run = [p.text for p in pieces[i:j] if not ROMAN.match(p.text)]
        if not run:
            return None  # a lone numeral is not a title
        if run[-1].endswith(("!", ".", ",", ";", ":")) or any(len(t) > 75 for t in run):
            return None
        return j

    def head_group(self, pieces: list[Piece], i: int) -> tuple[int, int, int, int | None] | None:
        """(end of title, end of subtitles, end of group, date piece index) for a head at i."""
        title_end = self.title_end(pieces, i)
        if title_end is None:
            return None
        prev = pieces[i - 1] if i else None
        if prev is not None and pieces[i].number - prev.number == 1:
            if is_caps(prev.text) and not ROMAN.match(prev.text):
                return None  # inside a run of capitals
            after = pieces[title_end] if title_end < len(pieces) else None
            blank_after = after is None or after.number - pieces[title_end - 1].number > 1
            if not pieces[i].page_start and not SENTENCE_END.search(prev.text) and \
                    not DATE_LINE.match(prev.text) and not (blank_after and prev.text.endswith(")")):
                return None
        j = title_end
        while j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1 and \
                len(pieces[j].text) < 65 and not DATE_LINE.match(pieces[j].text) and \
                (not pieces[j].text.endswith(".") or ABBREVIATION_END.search(pieces[j].text)) and \
                j - title_end < 4 and self.layout.apparatus and not self.is_head_line(pieces[j]) and \
                (j + 1 >= len(pieces) or pieces[j + 1].number - pieces[j].number > 1 or
                 DATE_LINE.match(pieces[j + 1].text) or len(pieces[j + 1].text) < 65):
            j += 1
        sub_end = j
        date = None
        if j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1 and \
                DATE_LINE.match(pieces[j].text):
            date = j
            j += 1
        if self.layout.apparatus and sub_end > title_end and date is None and \
                j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1:
            return None  # "subtitles" running on into text: not a head
        return title_end, sub_end, j, date

    @staticmethod
    def title_key(pieces: list[Piece]) -> str:
        """A title compared with running heads: capitals without note numbers or spacing."""
        text = " ".join(re.sub(r"\s+\d{1,3}$", "", p.text) for p in pieces)
        return re.sub(r"[^A-Z]", "", text.upper())

    def find_work_heads(self, lines: list[RawLine]) -> set[int]:
        """Work heads (also stored: kinds of all heads, running heads, heads opening a page)."""
        pieces = [Piece(ln, ln.text.strip(), 0, bool(PAGE_MARK.match(ln.text))) for ln in lines]
        heads: set[int] = set()
        self.work_kinds: dict[int, str] = {}
        self.running_heads: set[int] = set()
        self.page_heads: set[int] = set()
        current = ""  # the title of the current work (or preface)
        group_end = -1  # where the last head group (with its source lines) ended
        for i in range(len(pieces)):
            g = self.head_group(pieces, i)
            if g is None:
                continue
            title_end, sub_end, end, date = g
            title = pieces[i].text
            key = self.title_key(pieces[i:title_end])
            alone = end == i + 1 and (end >= len(pieces) or pieces[end].number - pieces[i].number > 1)
            if alone and pieces[i].page_start and current and current.endswith(key):
                self.running_heads.add(pieces[i].number)  # the page's running head
                continue
            dated = date is not None and YEAR.search(pieces[date].text) is not None
            prev = pieces[i - 1].text if i else ""
            closing = bool(DATE_LINE.match(prev) and YEAR.search(prev)) or bool(
                SIGNATURE.match(prev) or SOURCE_START.match(prev) or ROMAN_DATE.match(prev)
                or (YEAR.search(prev) and len(prev) < 60))
            numbered = bool(SECTION_NUMBER.match(title) or ROMAN.match(title))
            follows_head = group_end == i  # the first part of a work whose head has no text
            group_end = self.head_source(pieces, end)
            if title.strip() in {"PREFACE"} and i == 0:
                self.work_kinds[pieces[i].number] = "preface"
                current = key
                continue
            if not numbered and not follows_head and (dated or closing or not heads):
                heads.add(pieces[i].number)
                self.work_kinds[pieces[i].number] = "work"
                current = key
            else:
                self.work_kinds[pieces[i].number] = "section"
                if date is not None:
                    self.page_heads.add(pieces[i].number)  # a dated part (a speech) opens a page
        self.page_heads |= heads
        return heads

    # -- closing lines of a work ------------------------------------------------------
    @staticmethod
    def closing_role(t: str) -> str | None:
        if SIGNATURE.match(t):
            return "signed"
        if SALUTE.match(t):
            return "salute"
        if (DATE_LINE.match(t) and YEAR.search(t)) or ROMAN_DATE.match(t):
            return "dateline"
        if len(t) <= 60 and (SOURCE_START.match(t) or (YEAR.search(t) and not SENTENCE_END.search(t)
                                                       and not t[:1].islower())):
            return "bibl"
        return None

    @staticmethod
    def source_continues(t: str) -> bool:
        """A short line that a source line wraps onto ("105, 107, 108, 111;", "in Pravda, No. 152,")."""
        return len(t) <= 45 and t.endswith((",", ";", ":")) and not SENTENCE_END.search(t)

    def closing_groups(self, pieces: list[Piece], work_heads: set[int]) -> dict[int, str]:
        """Line → role for the closing lines that stand before a work head (or NOTES)."""
        roles: dict[int, str] = {}
        head_idx = [k for k, p in enumerate(pieces) if p.number in work_heads] + [len(pieces)]
        for h in head_idx:
            k = h - 1
            group: list[int] = []
            while k >= 0 and len(group) < 6 and (self.closing_role(pieces[k].text) is not None
                                                 or self.source_continues(pieces[k].text)):
                group.append(k)
                k -= 1
            while group and self.closing_role(pieces[group[-1]].text) is None:
                group.pop()  # the group opens with a signature, date or source, never a wrap
            in_source = False
            for k in sorted(group):
                role = self.closing_role(pieces[k].text)
                if role is None and not in_source:
                    break  # a wrapped line belongs to a source line above it
                role = role or "bibl"
                if role == "bibl":
                    in_source = True
                roles[pieces[k].number] = "bibl" if in_source and role == "dateline" else role
        return roles

    # -- the book -------------------------------------------------------------------
    def structure_book(self, events: list[tuple], work_heads: set[int]):
        pieces = [e[1] for e in events if e[0] == "piece"]
        closers = self.closing_groups(pieces, work_heads)
        head_at: dict[int, tuple] = {}
        for i in range(len(pieces)):
            if pieces[i].number in getattr(self, "work_kinds", {}):
                g = self.head_group(pieces, i)
                if g is not None:
                    head_at[pieces[i].number] = (i, g)
        front: list = []
        body: list = []
        holder = front
        work: Container | None = None
        section: Container | None = None
        part: Container | None = None  # a dated part of a work (one speech of a congress)
        para: list[Piece] = []
        para_pbs: dict[int, object] = {}
        pending: list = []  # pb / fw waiting for the next block
        saw_blank = saw_fw = False
        skip_until = -1
        n_work = 0
        closer: Container | None = None

        def target() -> list:
            if section is not None:
                return section.children
            if work is not None:
                return work.children
            return holder

        def flush_pending() -> None:
            target().extend(pending)
            pending.clear()

        link_from: Block | None = None

        def close_para() -> Block | None:
            nonlocal para, para_pbs, link_from
            if not para:
                return None
            b = self.block("p", para, pbs=para_pbs)
            target().append(b)
            if link_from is not None:
                link_from.continued_by = b
                link_from = None
            para, para_pbs = [], {}
            return b

        piece_index = {p.number: k for k, p in enumerate(pieces)}
        for ev in events:
            kind = ev[0]
            if kind == "pb":
                pending.append(ev[1].pb)
                continue
            if kind == "fw":
                pending.append(ev[1])
                saw_fw = True
                continue
            if kind == "blank":
                saw_blank = True
                continue
            p: Piece = ev[1]
            k = piece_index[p.number]
            if k < skip_until:
                continue
            if p.number in head_at:
                close_para()
                link_from = None
                closer = None
                i, (title_end, sub_end, end, date) = head_at[p.number]
                wkind = self.work_kinds[p.number]
                heads = [self.block("head", pieces[i:title_end])]
                if sub_end > title_end:
                    heads.append(self.block("head", pieces[title_end:sub_end], {"type": "sub"}))
                if date is not None:
                    heads.append(self.dateline(pieces[date]))
                # furniture of the previous page stays there; the new page opens the new div
                cut = next((k for k, x in enumerate(pending) if getattr(x, "tag", "") == PB),
                           len(pending))
                target().extend(pending[:cut])
                del pending[:cut]
                if wkind in {"work", "preface"}:
                    if wkind == "work":
                        holder = body
                        n_work += 1
                    else:
                        holder = front
                    # works get stable ids by their order in the volume: they name the web pages
                    ident = {"n": str(n_work), "xml:id": f"{self.slug}-w{n_work:02d}"} \
                        if wkind == "work" else {"xml:id": f"{self.slug}-preface"}
                    work = Container("div", {"type": wkind} | ident)
                    section = part = None
                    holder.append(work)
                    flush_pending() if wkind == "preface" else None
                    if wkind == "work":
                        work.children.extend(pending)
                        pending.clear()
                    work.children.extend(heads)
                    # a source group printed under the head ("Bulletin. Moscow, 1924")
                    src_end = self.head_source(pieces, end)
                    if src_end > end:
                        work.children.append(self.block("bibl", pieces[end:src_end], {"type": "source"}))
                        end = src_end
                else:
                    section = Container("div", {"type": "section"})
                    if part is not None and date is None:
                        part.children.append(section)  # a numbered chapter of the speech
                    else:
                        (work.children if work is not None else holder).append(section)
                        part = section if date is not None else None
                    section.children.extend(pending)
                    pending.clear()
                    section.children.extend(heads)
                skip_until = end
                saw_blank = saw_fw = False
                continue
            role = closers.get(p.number)
            if role is not None:
                close_para()
                flush_pending()
                if role == "bibl":
                    last = target()[-1] if target() else None
                    if isinstance(last, Container) and last.tag == "note" and last.children:
                        last = last.children[-1]  # a source line wrapped after the closer
                    if isinstance(last, Block) and last.tag == "bibl" and not saw_blank:
                        extra = self.block("bibl", [p])
                        last.text += "\n" + extra.text
                        last.lines += extra.lines
                        last.spans += [Span(s.start + len(last.text) - len(extra.text), s.end +
                                            len(last.text) - len(extra.text), s.tag, s.attrs)
                                       for s in extra.spans]
                    elif isinstance(last, Container | Block) and last.tag in DIV_BOTTOM:
                        # TEI allows no bibl after a closer: the source line becomes a note
                        target().append(Container("note", {"type": "source"},
                                                  [self.block("bibl", [p], {"type": "source"})]))
                    else:
                        target().append(self.block("bibl", [p], {"type": "source"}))
                elif role == "dateline":
                    target().append(self.dateline(p))
                elif role == "signed":
                    closer = Container("closer", {}, [self.block("signed", [p])])
                    target().append(closer)
                else:
                    target().append(self.block("salute", [p]))
                saw_blank = saw_fw = False
                continue
            if para:
                continues = not self.paragraph_end(para[-1], p)
                if saw_fw or saw_blank:
                    first = close_para()
                    flush_pending()
                    para = [p]
                    if continues and saw_fw and first is not None:
                        link_from = first  # the paragraph goes on after the furniture
                elif pending:
                    if continues:
                        para_pbs[len(para)] = pending[0]
                        target().extend(pending[1:])
                        pending.clear()
                        para.append(p)
                    else:
                        close_para()
                        flush_pending()
                        para = [p]
                elif continues:
                    para.append(p)
                else:
                    close_para()
                    para = [p]
            else:
                flush_pending()
                para = [p]
            saw_blank = saw_fw = False
        close_para()
        flush_pending()
        return front, body

    def head_source(self, pieces: list[Piece], end: int) -> int:
        """End of a short source group (≤ 5 lines, last with a year) right after a work head."""
        if end >= len(pieces) or end == 0 or pieces[end].number - pieces[end - 1].number < 2:
            return end
        j = end
        while j < len(pieces) and j - end < 5 and len(pieces[j].text) < 45 and \
                (j == end or pieces[j].number - pieces[j - 1].number == 1):
            if YEAR.search(pieces[j].text) and (j + 1 >= len(pieces) or
                                                pieces[j + 1].number - pieces[j].number > 1):
                return j + 1
            j += 1
        return end

    def dateline(self, p: Piece) -> Block:
        b = self.block("dateline", [p])
        when = date_when(p.text, self.default_year)
        b.add(Span(0, len(b.text), "date", when))
        return b

    @staticmethod
    def article_head(pieces: list[Piece], k: int) -> list[Piece]:
        """A numbered section head and the lines in capitals that continue it."""
        j = k + 1
        while j < len(pieces) and pieces[j].number == pieces[j - 1].number + 1 and \
                is_caps(pieces[j].text):
            j += 1
        return pieces[k:j]

    # -- the article --------------------------------------------------------------------
    def structure_article(self, events: list[tuple]) -> Container:
        div = Container("div", {"type": "text", "xml:id": f"{self.slug}-text"})
        cur = div
        para: list[Piece] = []
        pbs: dict[int, object] = {}
        pending: list = []
        blanks = 0
        pieces = [e[1] for e in events if e[0] == "piece"]
        in_head: set[int] = set()

        def close() -> None:
            nonlocal para, pbs
            if para:
                cur.children.append(self.block("p", para, pbs=pbs))
            para, pbs = [], {}

        for ev in events:
            if ev[0] == "pb":
                pending.append(ev[1].pb)
                continue
            if ev[0] == "blank":
                blanks += 1
                continue
            if ev[0] != "piece":
                continue
            p: Piece = ev[1]
            if p.number in in_head:
                continue
            if SECTION_HEAD.match(p.text):
                close()
                cur = Container("div", {"type": "section"})
                div.children.append(cur)
                cur.children.extend(pending)
                pending.clear()
                head = self.article_head(pieces, pieces.index(p))
                in_head.update(q.number for q in head)
                cur.children.append(self.block("head", head))
                blanks = 0
                continue
            if DATE_LINE.match(p.text) and YEAR.search(p.text):
                close()
                cur.children.extend(pending)
                pending.clear()
                cur.children.append(self.dateline(p))
                blanks = 0
                continue
            if para and pending and blanks and p.text[:1].islower():
                pbs[len(para)] = pending[0]  # a page break inside a paragraph
                pending.clear()
                para.append(p)
            elif para and not blanks:
                para.append(p)
            else:
                close()
                cur.children.extend(pending)
                pending.clear()
                para = [p]
            blanks = 0
        close()
        cur.children.extend(pending)
        return div

    # -- back: notes and chronicle --------------------------------------------------------
    def back(self, notes: list[Endnote], chron: list[Piece], notes_at: int, chron_at: int) -> list:
        back: list = []
        head_line = next(ln for ln in self.lines if ln.number == notes_at)
        notes_div = Container("div", {"type": "notes", "xml:id": f"{self.slug}-notes"})
        if notes_at in self.starts:  # the notes open a page
            notes_div.children.append(self.pages[self.page_of_line(notes_at)].pb)
        notes_div.children.append(self.block("head", [Piece(head_line, "NOTES", 0)]))
        back.append(notes_div)
        used: Counter[int] = Counter()
        fw_lines = sorted(n for n in self.fw if notes_at < n < chron_at)
        note_start_lines = [(note.pieces[0].number if note.pieces else 10**9, note) for note in notes]
        # furniture and pages in the notes region, placed by raw line between/inside notes
        items: list[tuple[int, int, object]] = []
        for line, note in note_start_lines:
            items.append((line, 1, note))
        for n in fw_lines:
            items.append((n, 0, self.fw_element(next(ln for ln in self.lines if ln.number == n))))
        for n in sorted(s for s in self.starts if notes_at < s < chron_at):
            if not any(n in [p.number for p in note.pieces[1:]] for note in notes):
                items.append((n, -1, self.pages[self.page_of_line(n)].pb))
        for _line, _order, obj in sorted(items, key=lambda x: (x[0], x[1])):
            if isinstance(obj, Endnote):
                used[obj.n] += 1
                xml_id = f"{self.slug}-n{obj.n}" + (f"-{used[obj.n]}" if used[obj.n] > 1 else "")
                attrs = {"place": "end", "n": str(obj.n), "xml:id": xml_id}
                if obj.inferred:
                    attrs |= {"resp": "#conv", "cert": "medium"}  # number inferred
                pbs = {i: self.pages[self.page_of_line(p.number)].pb
                       for i, p in enumerate(obj.pieces) if i and p.number in self.starts}
                b = self.block("note", obj.pieces, attrs, pbs)
                if obj.label_line:
                    b.add(Span(0, len(obj.pieces[0].text), "label", resp=None))
                for i, p in enumerate(obj.pieces):
                    if re.fullmatch(r"p\. ?\d{1,3}", p.text):
                        off = sum(len(q.text) + 1 for q in obj.pieces[:i])
                        b.add(Span(off, off + len(p.text), "ref", {"type": "pageRef"}, resp=None))
                obj.block = b  # type: ignore[attr-defined]
                notes_div.children.append(b)
            else:
                notes_div.children.append(obj)
        if chron:
            back.append(self.chronicle(chron, chron_at))
        return back

    def chronicle(self, pieces: list[Piece], start: int) -> Container:
        div = Container("div", {"type": "chronicle", "xml:id": f"{self.slug}-chronicle"})
        year = pieces[0]
        if year.number in self.starts:
            div.children.append(self.pages[self.page_of_line(year.number)].pb)
        div.children.append(self.block("head", [year]))
        lst = Container("list", {"type": "gloss"})
        div.children.append(lst)
        fw_by_line = {n: t for n, t in self.fw.items() if n >= start}
        rest = pieces[1:]
        entries: list[tuple[list[Piece], list[Piece]]] = []
        for p in rest:
            last = entries[-1] if entries else None
            if last and last[0] and not last[1] and RANGE_OPEN.match(last[0][-1].text) \
                    and DATE_LINE.match(p.text):
                last[0].append(p)  # "March 31—" / "April 2": one label over two lines
                continue
            if RANGE_OPEN.match(p.text):
                entries.append(([p], []))
                continue
            is_date = DATE_LINE.match(p.text) or re.match(r"^\d{1,2}\.\d{2} [ap]\. ?m\.", p.text) \
                or re.match(r"^\d{1,2} [ap]\. ?m\.$", p.text)
            if is_date and (not entries or entries[-1][1] or not DATE_LINE.match(p.text)
                            or True):
                if entries and not entries[-1][1] and not DATE_LINE.match(p.text):
                    entries[-1][0].append(p)  # a time under its date
                    continue
                entries.append(([p], []))
            elif entries:
                entries[-1][1].append(p)
            else:
                entries.append(([], [p]))
        lines_order = sorted(fw_by_line)
        self._next_piece_line = {a.number: b.number for a, b in zip(pieces, pieces[1:], strict=False)}
        year_text = year.text
        for label, item in entries:
            lab = None
            if label:
                lab = self.block("label", label, pbs=self._pbs(label))
                if len(label) > 1 and RANGE_OPEN.match(label[0].text):
                    first = date_when(label[0].text.rstrip("—–-"), year_text)
                    end = date_when(label[1].text, year_text)
                    when = {"from": first.get("when", ""), "to": end.get("when", "")} \
                        if first.get("when") and end.get("when") else {}
                    lab.add(Span(0, len(label[0].text) + 1 + len(label[1].text), "date", when))
                else:
                    when = date_when(label[0].text + f", {year_text}" if not YEAR.search(label[0].text)
                                     else label[0].text, year_text)
                    lab.add(Span(0, len(label[0].text), "date", when))
                self._fw_into(lab, label, lines_order)
                lst.children.append(lab)
            it = self.block("item", item, pbs=self._pbs(item)) if item else Block("item", "")
            if item:
                self._fw_into(it, item, lines_order)
            if lab is None and not item:
                continue
            lst.children.append(it)
        return div

    def _pbs(self, ps: list[Piece]) -> dict[int, object]:
        return {i: self.pages[self.page_of_line(p.number)].pb
                for i, p in enumerate(ps) if p.number in self.starts}

    def _fw_into(self, block: Block, ps: list[Piece], fw_lines: list[int]) -> None:
        """Furniture printed after a line of a chronicle entry (up to the next entry's line)."""
        offset = 0
        for i, p in enumerate(ps):
            offset += len(p.text) + (1 if i + 1 < len(ps) else 0)
            nxt = ps[i + 1].number if i + 1 < len(ps) else self._next_piece_line.get(p.number, 10**9)
            for n in fw_lines:
                if p.number < n < nxt:
                    if n in self.starts:
                        block.inserts.append(Insert(offset, self.pages[self.page_of_line(n)].pb))
                    block.inserts.append(Insert(offset, self.fw_element(self.lines[n - 1])))

    # -- links, numbers, corrections ------------------------------------------------------
    def link_calls(self, calls) -> None:
        linked = missing = 0
        self.missing_calls: list[int] = []
        for span, n, _p in self.call_spans:
            span.resp = None
            if n in self.endnotes and self.layout.apparatus:
                span.attrs["target"] = f"#{self.slug}-n{n}"
                linked += 1
            else:
                span.attrs["subtype"] = "missing"
                missing += 1
                self.missing_calls.append(n)
        self.stats["endnote calls"] = len(self.call_spans)
        self.stats["endnote calls linked"] = linked
        self.stats["endnote calls without note text"] = missing
        if self.missing_calls:
            self.stats["calls without note text (numbers)"] = " ".join(map(str, self.missing_calls))
        if self.layout.apparatus:
            called = {n for _s, n, _p in self.call_spans}
            uncalled = sorted(set(self.endnotes) - called)
            self.stats["endnotes"] = len(self.note_list)
            self.stats["endnotes with inferred number"] = sum(1 for n in self.note_list if n.inferred)
            if uncalled:
                self.stats["endnotes without call (numbers)"] = " ".join(map(str, uncalled))
        self.stats["footnotes"] = len(self.feet)
        self.stats["footnotes attached"] = sum(1 for f in self.feet if f.attached)
        unattached = [f.pieces[0].number for f in self.feet if not f.attached]
        if unattached:
            self.stats["footnotes without call (lines)"] = " ".join(map(str, unattached))

    def number(self, notes: list[Endnote]) -> None:
        anchors: list[Anchor] = []
        for idx, page in enumerate(self.pages):
            if page.printed is not None:
                anchors.append(Anchor(idx, page.printed, "printed", page.start))
        first_call: dict[int, Piece] = {}
        for _span, n, p in self.call_spans:
            first_call.setdefault(n, p)
        for note in notes:
            if note.backref is not None and note.n in first_call:
                anchors.append(Anchor(first_call[note.n].page, note.backref, "endnote",
                                      first_call[note.n].number))
        doubtful = {i for i, page in enumerate(self.pages) if page.start in self.doubtful_starts}
        numbering = number_pages(self.pages, anchors, doubtful) if self.layout.apparatus else None
        self.stats["pages"] = len(self.pages)
        self.stats["pages numbered"] = sum(1 for p in self.pages if p.number is not None)
        self.stats["pages with printed number"] = sum(1 for p in self.pages if p.printed is not None)
        if numbering is None:
            return
        self.stats["page anchors"] = len(numbering.anchors)
        if numbering.rejected:
            self.stats["page anchors disagreeing (kind:N@line)"] = " ".join(
                f"{a.kind}:{a.number}@{a.line}" for a in numbering.rejected)
        checked = ok = 0
        wrong: list[str] = []
        for note in notes:
            if note.backref is None:
                continue
            checked += 1
            p = first_call.get(note.n)
            if p is not None and self.pages[p.page].number == note.backref:
                ok += 1
            else:
                got = self.pages[p.page].number if p is not None else None
                wrong.append(f"{note.n}(p.{note.backref}≠{got}@{p.number if p else '-'})")
        self.stats["endnotes with p. N"] = checked
        self.stats["endnote calls on the page named"] = ok
        self.stats["share of calls on the page named"] = round(ok / checked, 3) if checked else 1.0
        if wrong:
            self.stats["calls off their page"] = " ".join(wrong)

    def correct(self, doc: Document) -> None:
        text = "\n".join(ln.text for ln in self.lines)
        self.stats.update(correct_document(doc, text, self.listed.corrections))


def build(source: Source, lines: list[RawLine]) -> Document:
    return Builder(source, lines).build()
