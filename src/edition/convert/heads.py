"""Heads, closing lines and paragraph ends of a printed book: the rules that read one line
(or a run of lines) by its shape, with the profile's thresholds and the source's conventions.

A run of consecutive lines in capitals is one title (lines joined with lb), unless it ends like
a sentence ("…WITH HONOUR!"): then it is a proclamation, a paragraph in capitals. A head that
repeats the current work's title at a page start, alone, is its running head (furniture). A head
right under a work head with no text between is the work's first part (a congress and its
reports); a part with its own date line is a speech and opens a page.

Paragraphs: the book has no blank lines between paragraphs. A paragraph ends after a line that
ends a sentence and is short (``short_line``: the last line of a printed paragraph rarely fills
the measure) or over-long (``merged_line``: the OCR joined print lines); an enumeration ("1)",
"a)") opens one; a line opening in lower case never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..lexicon import ROMAN_DATE
from ..profiles import Conventions, Profile
from .lines import RawLine, adjacent_run
from .notes import Piece
from .pages import PAGE_MARK, is_caps
from .patterns import (
    ABBREVIATION_END,
    DATE_LINE,
    ENUMERATION,
    ROMAN,
    SECTION_HEAD,
    SECTION_NUMBER,
    SENTENCE_END,
    YEAR,
)
from .reading import HeadPlan

TRAILING_NUMBER = re.compile(r"\s+\d{1,3}$")  # a note call after a title
LETTER_SPACED_MIN = 6  # a line of at least so many tokens, mostly single letters, is letter-spaced
# a running head with its folio set apart on the same line, at either end
FOLIO_IN_HEAD = re.compile(r"^(?:\d{1,4}|[IVXLC]{1,7})\s{3,}\S|\S\s{3,}(?:\d{1,4}|[IVXLC]{1,7})$")
TRAILING_CALL = re.compile(r"(?<=[.!?”’)])(?:\d{1,3}|[*†‡§¶]+)$")  # "…on May 17.2": a call after the stop
# a title-case heading: opens with a capital, letters and light punctuation only, no end stop
TITLE_CASE = re.compile(r"^[A-Z][A-Za-z’'\-,:; ]*[A-Za-z]$")
TITLE_CASE_WORDS = (2, 14)  # a title-case heading has this many words
TITLE_CASE_LINES = 3  # ... on at most so many lines
TITLE_WORD_MIN = 4  # ... and each word of at least so many letters opens in a capital
TITLE_PUNCT = ",:;’'-"
NOT_CAPITAL = re.compile(r"[^A-Z]")


def unspaced(text: str) -> str:
    """A letter-spaced line ("I n t e r v i e w  W i t h") as set without the spacing (words
    where the spacing is wider); another line as it is. Its letters and their order stay."""
    tokens = text.split()
    if len(tokens) < LETTER_SPACED_MIN or sum(len(t) == 1 for t in tokens) < 0.8 * len(tokens):
        return text
    return " ".join(w.replace(" ", "") for w in re.split(r"\s{2,}", text))


def repeated_heads(lines: list[RawLine]) -> set[int]:
    """Running heads of a text whose heads the profile reads line by line (an article): a
    head line printed again, alone between blank lines, with the text running on across it
    (the line before it ends no sentence)."""
    seen: set[str] = set()
    running: set[int] = set()
    for k, ln in enumerate(lines):
        text = ln.text.strip()
        if not (SECTION_HEAD.match(text) or is_caps(text)):
            continue
        if k == 0:
            seen.add(text)
            continue
        prev = lines[k - 1]
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        alone = ln.number - prev.number > 1 and (nxt is None or nxt.number - ln.number > 1)
        if alone and text in seen and not SENTENCE_END.search(TRAILING_CALL.sub("", prev.text.strip())):
            running.add(ln.number)
        seen.add(text)
    return running


def scrape_labels(lines: list[RawLine], title_max: int, min_repeats: int) -> set[int]:
    """The labels a scraped page prints above an article (around its images, advertisements):
    short lines printed ``min_repeats`` times or more (ignoring case) before the article's
    first paragraph. A title is printed once; a line repeated inside the text is the text's."""
    key = {ln.number: " ".join(ln.text.lower().split()) for ln in _top_lines(lines, title_max)}
    counts: dict[str, int] = {}
    for text in key.values():
        counts[text] = counts.get(text, 0) + 1
    return {n for n, text in key.items() if counts[text] >= min_repeats}


def _top_lines(lines: list[RawLine], title_max: int) -> list[RawLine]:
    """The lines before the first paragraph: groups of lines (no blank line between) each short,
    and in capitals or all alike when there are several (a paragraph's lines are neither)."""
    top: list[RawLine] = []
    k = 0
    while k < len(lines):
        group = adjacent_run(lines, k)
        texts = [ln.text.strip() for ln in group]
        alike = len({t.lower() for t in texts}) == 1 or all(is_caps(t) for t in texts)
        if any(len(t) > title_max for t in texts) or not alike:
            break
        top += group
        k += len(group)
    return top


@dataclass(frozen=True)
class HeadGroup:
    """A head group over pieces ``start`` .. ``end`` - 1: the title up to ``title_end``, the
    subtitles up to ``sub_end``, and the index of its date line (or None)."""

    start: int
    title_end: int
    sub_end: int
    end: int
    date: int | None


@dataclass(frozen=True)
class HeadRules:
    profile: Profile
    authors: tuple[str, ...]

    @property
    def limit(self) -> dict[str, int]:
        return self.profile.thresholds

    @property
    def conv(self) -> Conventions:
        return self.profile.conventions

    @property
    def apparatus(self) -> bool:
        return self.profile.apparatus

    @cached_property
    def signature(self) -> re.Pattern[str]:
        return self.conv.signature(list(self.authors))

    def paragraph_end(self, prev: Piece, nxt: Piece) -> bool:
        if nxt.text[:1].islower():
            return False
        if ENUMERATION.match(nxt.text):
            return True
        if not SENTENCE_END.search(prev.text):
            return False
        if self.in_capitals(prev.text) != self.in_capitals(nxt.text):
            return True  # a proclamation in capitals is a paragraph of its own
        return len(prev.text) < self.limit["short_line"] or len(prev.text) > self.limit["merged_line"]

    def in_capitals(self, text: str) -> bool:
        return is_caps(text) and len(text.split()) >= self.limit["proclamation_min_words"]

    def is_head_line(self, p: Piece) -> bool:
        t = p.text
        return (is_caps(t) and len(unspaced(t)) <= self.limit["title_max"]) or bool(ROMAN.match(t) or
                                                                           SECTION_HEAD.match(t))

    @staticmethod
    def caps_run(pieces: list[Piece], i: int) -> int:
        """End of the run of consecutive capital lines from i (a numeral line may open it)."""
        j = i + 1 if ROMAN.match(pieces[i].text) else i
        # under a numeral the title may stand after one blank line ("II" / "" / "THE QUESTION")
        while j < len(pieces) and (j == i or pieces[j].number - pieces[j - 1].number == 1 or (
                j == i + 1 and j > i and ROMAN.match(pieces[i].text) and
                pieces[j].number - pieces[i].number == 2)) and \
                is_caps(pieces[j].text) and not ROMAN.match(pieces[j].text):
            j += 1
        return j

    def isolated_title(self, pieces: list[Piece], i: int) -> int | None:
        """End of a heading in title case ("The Party and the Working Class") opening at i:
        up to ``TITLE_CASE_LINES`` short lines whose longer words open in capitals, alone
        between blank lines, after a sentence's end or a head and before running text (a
        speech's sections, a work's subtitle)."""
        p = pieces[i]
        prev = pieces[i - 1] if i else None
        if p.page_start or (prev is not None and (p.number - prev.number < 2 or not (
                SENTENCE_END.search(prev.text) or self.is_head_line(prev) or DATE_LINE.match(prev.text)))):
            return None
        j = i + 1
        while j < len(pieces) and j - i < TITLE_CASE_LINES and pieces[j].number == pieces[j - 1].number + 1:
            j += 1
        nxt = pieces[j] if j < len(pieces) else None
        text = " ".join(unspaced(q.text) for q in pieces[i:j])
        words = text.split()
        if nxt is None or nxt.number - pieces[j - 1].number < 2 or not nxt.text[:1].isupper() or \
                not TITLE_CASE_WORDS[0] <= len(words) <= TITLE_CASE_WORDS[1] or \
                any(len(unspaced(q.text)) > self.limit["subtitle_max"] for q in pieces[i:j]) or \
                not TITLE_CASE.match(text) or \
                any(not w[:1].isupper() for w in words if len(w.strip(TITLE_PUNCT)) >= TITLE_WORD_MIN):
            return None
        return j

    def title_end(self, pieces: list[Piece], i: int) -> int | None:
        """End of the title opening at i: a run of capital lines is one title (joined with lb)
        unless it is a proclamation (it ends with "!" or another sentence mark, or has lines
        too long for a title): the vows of a speech are paragraphs in capitals. A title-case
        line alone between blank lines is a title too (``isolated_title``)."""
        if not self.is_head_line(pieces[i]):
            return self.isolated_title(pieces, i)
        j = self.caps_run(pieces, i)
        run = [p.text for p in pieces[i:j] if not ROMAN.match(p.text)]
        if not run:
            return None  # a lone numeral is not a title
        if run[-1].endswith(("!", ".", ",", ";", ":")) or \
                any(len(unspaced(t)) > self.limit["title_max"] for t in run):
            return None
        return j

    def head_group(self, pieces: list[Piece], i: int) -> HeadGroup | None:
        """The head group opening at piece ``i``: title, subtitles, a date line."""
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
        sub_max = self.limit["subtitle_max"]
        while j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1 and \
                len(pieces[j].text) < sub_max and not DATE_LINE.match(pieces[j].text) and \
                (not pieces[j].text.endswith(".") or ABBREVIATION_END.search(pieces[j].text)) and \
                j - title_end < self.limit["subtitle_max_lines"] and self.apparatus and \
                not self.is_head_line(pieces[j]) and \
                (j + 1 >= len(pieces) or pieces[j + 1].number - pieces[j].number > 1 or
                 DATE_LINE.match(pieces[j + 1].text) or len(pieces[j + 1].text) < sub_max):
            j += 1
        sub_end = j
        date = None
        if j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1 and \
                DATE_LINE.match(pieces[j].text):
            date = j
            j += 1
        if self.apparatus and sub_end > title_end and date is None and \
                j < len(pieces) and pieces[j].number - pieces[j - 1].number == 1:
            return None  # "subtitles" running on into text: not a head
        return HeadGroup(i, title_end, sub_end, j, date)

    @staticmethod
    def title_key(pieces: list[Piece]) -> str:
        """A title compared with running heads: capitals without note numbers or spacing."""
        text = " ".join(TRAILING_NUMBER.sub("", p.text) for p in pieces)
        return NOT_CAPITAL.sub("", text.upper())

    def find_heads(self, lines: list[RawLine]) -> HeadPlan:
        """Work heads, the kinds of all heads, running heads, heads opening a page."""
        pieces = [Piece(ln, ln.text.strip(), 0, bool(PAGE_MARK.match(ln.text))) for ln in lines]
        plan = HeadPlan()
        current = ""  # the title of the current work (or preface)
        seen: set[str] = set()  # the titles of the heads so far
        group_end = -1  # where the last head group (with its source lines) ended
        for i in range(len(pieces)):
            if FOLIO_IN_HEAD.search(pieces[i].text) and is_caps(pieces[i].text):
                plan.running.add(pieces[i].number)  # "5    THIRTEENTH CONFERENCE": head and folio
                continue
            g = self.head_group(pieces, i)
            if g is None:
                continue
            key = self.title_key(pieces[i:g.title_end])
            alone = g.end == i + 1 and (g.end >= len(pieces) or pieces[g.end].number - pieces[i].number > 1)
            set_apart = pieces[i].page_start or (i > 0 and pieces[i].number - pieces[i - 1].number > 1)
            # the text runs on across a head seen before: a running head (its page found or not)
            flows = i > 0 and key in seen and \
                not SENTENCE_END.search(TRAILING_CALL.sub("", pieces[i - 1].text))
            if alone and set_apart and ((current and current.endswith(key)) or flows):
                plan.running.add(pieces[i].number)
                continue
            seen.add(key)
            follows_head = group_end == i  # the first part of a work whose head has no text
            group_end = self.head_source(pieces, g.end)
            kind = self.head_kind(pieces, g, follows_head, bool(plan.works))
            plan.kinds[pieces[i].number] = kind
            if kind in {"work", "preface"}:
                current = key
            if kind == "work":
                plan.works.add(pieces[i].number)
            elif kind == "section" and g.date is not None:
                plan.page_heads.add(pieces[i].number)  # a dated part (a speech) opens a page
        plan.page_heads |= plan.works
        return plan

    def head_kind(self, pieces: list[Piece], g: HeadGroup, follows_head: bool, any_work: bool) -> str:
        """"preface" (a front head opening the book), "work" or "section"."""
        i, title = g.start, pieces[g.start].text
        if title.strip() in self.conv.front_heads and i == 0:
            return "preface"
        dated = g.date is not None and YEAR.search(pieces[g.date].text) is not None
        prev = pieces[i - 1].text if i else ""
        closing = bool(DATE_LINE.match(prev) and YEAR.search(prev)) or bool(
            self.signature.match(prev) or self.conv.source_start.match(prev)
            or ROMAN_DATE.match(prev)
            or (YEAR.search(prev) and len(prev) < self.limit["closing_year_line_below"]))
        numbered = bool(SECTION_NUMBER.match(title) or ROMAN.match(title))
        if not numbered and not follows_head and (dated or closing or not any_work):
            return "work"
        return "section"

    def closing_role(self, t: str) -> str | None:
        if self.signature.match(t):
            return "signed"
        if self.conv.salute.match(t):
            return "salute"
        if (DATE_LINE.match(t) and YEAR.search(t)) or ROMAN_DATE.match(t):
            return "dateline"
        if len(t) <= self.limit["closing_line_max"] and (
                self.conv.source_start.match(t)
                or (YEAR.search(t) and not SENTENCE_END.search(t) and not t[:1].islower())):
            return "bibl"
        return None

    def source_continues(self, t: str) -> bool:
        """A short line that a source line wraps onto ("105, 107, 108, 111;", "in the daily, No. 152,")."""
        return len(t) <= self.limit["source_wrap_max"] and t.endswith((",", ";", ":")) and \
            not SENTENCE_END.search(t)

    def closing_groups(self, pieces: list[Piece], work_heads: set[int]) -> dict[int, str]:
        """Line → role for the closing lines that stand before a work head (or the notes)."""
        roles: dict[int, str] = {}
        head_idx = [k for k, p in enumerate(pieces) if p.number in work_heads] + [len(pieces)]
        for h in head_idx:
            k = h - 1
            group: list[int] = []
            while k >= 0 and len(group) < self.limit["closing_group_max_lines"] and (
                    self.closing_role(pieces[k].text) is not None
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
    def head_source(self, pieces: list[Piece], end: int) -> int:
        """End of a short source group (≤ 5 lines, last with a year) right after a work head."""
        if end >= len(pieces) or end == 0 or pieces[end].number - pieces[end - 1].number < 2:
            return end
        j = end
        while j < len(pieces) and j - end < self.limit["head_source_max_lines"] and \
                len(pieces[j].text) < self.limit["head_source_max_length"] and \
                (j == end or pieces[j].number - pieces[j - 1].number == 1):
            if YEAR.search(pieces[j].text) and (j + 1 >= len(pieces) or
                                                pieces[j + 1].number - pieces[j].number > 1):
                return j + 1
            j += 1
        return end
