"""The ``web`` reader: a text pasted from a web page, one paragraph per line, with the page's
furniture around the work.

What is not part of the work stays in the text, marked (nothing is lost, ``edition text`` gives it
back): navigation lines ("Home | Index | Next") become ``fw[@type='navigation']``; the source
block, a run of labelled lines ("Source: …", "Publisher: …", "Transcription/Markup: …", a
licence), becomes one ``note[@type='source']`` and fills the teiHeader (``Document.source_block``).
Editor's notes called as "[1]" and listed at the end (under a notes heading, or as a trailing run
of "[1] …" entries) become endnotes with their calls linked; short lines inside the text that read
as headings ("I", "1. The Economic Foundations", "THE DEFENCE OF THE U.S.S.R.") open sections, and
a run of them before the text is its contents list. Above the text: the title, subtitles, the
author's name (byline) and a date alone (dateline); closing it: a name (signed) or a date, the
name perhaps followed by source lines ("Written in …"). A source block may also come without
labels: a run of bibliographic lines near the top ("Moscow, 1954," / "Vol. 9, pp. 11-14.") with
marks of the profile's (``source_block_unlabelled``). On a page whose calls are bare numbers, a
title line's trailing number ("… Peasant Women 1") is a call too.

Every label and link word is profile data (``web-transcription.toml``); the code knows only the
shapes: a label before a colon, links alone or between bars, a number in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Container, Document, Leaf, Node, Place, Span, walk
from ..profiles import Conventions, Profile
from ..sources import Source
from .lines import RawLine, running_text, to_block
from .plain import GLUED_CALL

# "[12]" in the text: the call of an editor's note
BRACKET_CALL = re.compile(r"\[(\d{1,3})\]")
# "… the police. [1]": a call ending a line, after the sentence's end
END_CALL = re.compile(r"(?<=[.!?”’\"])\s*\[\d{1,3}\]$")
# an entry of the notes: "[1] text", "[1]Text" (pasted without its space), "1. text", "1) text"
NOTE_ENTRY = re.compile(r"^(?:(\[(\d{1,3})\])\s*|((\d{1,3})[.)])\s+)\S")
# what separates links on one line: bars and bullets, or breadcrumbs' ">" "»" "/" between spaces
BAR = re.compile(r"\s*[|•·]\s*|\s+[>»/]\s+")
ARROWS = "«»<>←→‹›^↑"
MONTH = ("January|February|March|April|May|June|July|August|September|October|November|December")
# a date alone: "May 18, 1925", "18 May, 1925", "May 1925", "1925"
DATE_ALONE = re.compile(rf"^(?:(?:{MONTH})\s+\d{{1,2}},?\s+|\d{{1,2}}\s+(?:{MONTH}),?\s+|(?:{MONTH})\s+)?"
                        r"(?:1[5-9]|20)\d\d\.?$")
BARE_NUMBER = re.compile(r"^(?:[IVXLC]{1,7}|\d{1,2})\.?$")  # "II.", "3": a section number alone
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "… of the U.S.S.R."
NUMBERED_SECTION = re.compile(r"^(?:[IVXLC]{1,7}|\d{1,2})\.?$|^(?:[IVXLC]{1,7}|\d{1,2})[.)]\s+\S")
DATE_LIKE = re.compile(r"\b(?:1[5-9]|20)\d\d\b\s*\.?$")
# A name alone on a line: "A. B. Author", "Jane Roe", "Workers Federation" (capitalised
# words and initials, no small words: a title has "of", "and", "the").
NAME_LINE = re.compile(r"^(?:[A-Z]\.\s*){0,3}[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}$")
# "by A. B. Author" / "A. B. Author 1922": a name with the "by" or the year a page adds to it
BY = re.compile(r"^[Bb]y\s+")
NAME_AND_YEAR = re.compile(r"^(?P<name>\S+(?:\s+\S+)+?)\s+(?:1[5-9]|20)\d\d$")
# "Moscow, 1954,": a place and a year alone, a line of an unlabelled source block
PLACE_YEAR = re.compile(r"^[A-Z][\w .'-]{1,40},\s*(?:1[5-9]|20)\d\d[,.]?$")
# a bare number ending a title line ("… Peasant Women 1"): a note call where calls are bare
TITLE_CALL = re.compile(r"\s(\d{1,2})$")
# words a title line does not end with: the title goes on on the next line
CONTINUES = {"of", "and", "the", "a", "an", "to", "in", "on", "for", "with", "by", "at", "from"}
# "Chapter 19", "Part II": a word and a number alone, a heading's label
LABEL_AND_NUMBER = re.compile(r"^[^\W\d_]+\s+(?:\d{1,3}|[IVXLCivxlc]{1,7})\.?$")
LINK_EXTRA_WORDS = 2  # "Back to" Contents, "Author Reference" Archive: a link's other words
ROLES = ("source", "publisher", "written", "published", "responsibility", "licence", "other", "page")


def entry_number(text: str) -> str | None:
    """The number a note entry opens with ("[3] …", "3. …"), if it is one."""
    m = NOTE_ENTRY.match(text.strip())
    return (m.group(2) or m.group(4)) if m else None


@dataclass(frozen=True)
class Labelled:
    """A line of the source block: its role (``ROLES``), its label as printed and its value."""

    role: str
    label: str
    value: str
    line: int


def label_pattern(conv: Conventions) -> re.Pattern[str]:
    """"Label: value" with any label of the profile, spaces before or after the colon."""
    labels = sorted({lab for role in ROLES for lab in getattr(conv, f"source_block_{role}")},
                    key=len, reverse=True)
    if not labels:
        return re.compile(r"(?!)")
    # the label and its value: a colon (spaces either side or none), or a tab or wide space (a
    # pasted table's cells)
    one = "(?:" + "|".join(map(re.escape, labels)) + ")"
    # labels joined ("Transcription/HTML Markup", "Written and Delivered") are one label
    return re.compile(rf"^\s*(?P<label>{one}(?:\s*[/\\&]\s*{one}|\s+and\s+{one})*)"
                      r"(?:\s*:\s*|\t\s*|\s{2,})(?P<value>\S.*?)?\s*$", re.IGNORECASE)


def labelled(ln: RawLine, conv: Conventions, pattern: re.Pattern[str]) -> Labelled | None:
    m = pattern.match(ln.text)
    if not m:
        return None
    label = m.group("label")
    # the role of the longest known label the printed one starts with
    role = max(((len(x), r) for r in ROLES for x in getattr(conv, f"source_block_{r}")
                if label.lower().startswith(x.lower())), default=(0, "other"))[1]
    return Labelled(role, label, m.group("value") or "", ln.number)


def is_navigation(text: str, conv: Conventions, max_words: int) -> bool:
    """Links: two or more short parts between bars, or one short line of link words."""
    parts = [p.strip(ARROWS + " :") for p in BAR.split(text.strip())]
    parts = [p for p in parts if p]
    if not parts or any(len(p.split()) > max_words or p[-1:] in ".,;?!" for p in parts):
        return False
    if len(parts) >= 2:
        return True
    words = {w.lower() for w in conv.navigation_words}
    part = parts[0].lower()
    if LABEL_AND_NUMBER.match(part):
        return False  # "Chapter 19": a heading's label, not a link
    if part in words:
        return True
    # "Back to Contents", "Author Reference Archive": a link's words at its start or end
    tokens = part.split()
    # ... with at most LINK_EXTRA_WORDS others ("A Title of the Chapter" is no link)
    return any((" ".join(tokens[:k]) in words or " ".join(tokens[-k:]) in words)
               and len(tokens) - k <= LINK_EXTRA_WORDS for k in range(1, min(3, len(tokens)) + 1))


def bare_name(text: str, dated: bool = False) -> str:
    """The line without a leading "by" and, when ``dated`` (a line above the title, where a page
    puts its author and the year: "A. B. Author 1922"), without a year after a name of two
    words or more ("Moscow 1954" keeps its year; below the title "Comintern Sixth Congress 1928"
    is a subtitle, not an author)."""
    t = BY.sub("", text.strip())
    m = NAME_AND_YEAR.match(t) if dated else None
    return m.group("name") if m else t


def link_like(text: str, max_words: int) -> bool:
    """A short line that could be a link's words ("Collected Works Volume 31"): few words, opening
    with a capital, not ending as a sentence or a clause does, not a note's entry."""
    t = text.strip()
    return 0 < len(t.split()) <= max_words and t[:1].isupper() and t[-1:] not in ".,;:?!)\"”’" \
        and not NOTE_ENTRY.match(t)


def is_slogan(text: str) -> bool:
    """A call in capitals over the page ("WORKERS OF ALL COUNTRIES, UNITE!"), not its title."""
    t = text.strip()
    letters = [c for c in t if c.isalpha()]
    return t.endswith("!") and bool(letters) and all(c.isupper() for c in letters)


def same_words(text: str, *others: str) -> bool:
    """``text`` says one of ``others``, case, punctuation and spacing aside."""
    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.casefold())
    return any(words(text) == words(o) for o in others if words(o))


def is_paragraph(text: str, profile: Profile) -> bool:
    """Running text: a long line, or a line of prose (``running_text``; before its note call)."""
    t = END_CALL.sub("", text.strip())
    limits = profile.thresholds
    return len(t) > limits["title_max"] or running_text(t, limits["paragraph_min_words"])


def is_heading(text: str, profile: Profile) -> bool:
    """A heading inside the text: a section number alone ("II."), or a short line not ending as a
    sentence ends (a full stop after an abbreviation such as "U.S.S.R." or in an upper-case line
    does not end a sentence; a note call after it aside)."""
    t = END_CALL.sub("", text.strip())
    if BARE_NUMBER.match(t):
        return True
    if len(t) > profile.thresholds["heading_max"] or len(t.split()) > profile.thresholds["heading_max_words"]:
        return False
    if not (t[:1].isupper() or t[:1].isdigit() or t[:1] in "“\"‘'"):
        return False
    letters = [c for c in t if c.isalpha()]
    upper = bool(letters) and all(c.isupper() for c in letters)
    if t[-1:] in ",;:!" or (t[-1:] == "." and not upper and not ABBREVIATION_END.search(t)):
        return False
    return not DATE_LIKE.search(t)


def bibliographic(text: str, profile: Profile) -> bool:
    """A line of an unlabelled source block: short, showing a mark of the profile's ("Vol.",
    "pp.", "Publishing House", "©") or a place and year alone ("Moscow, 1954,")."""
    t = text.strip()
    if is_paragraph(t, profile) or len(t.split()) > profile.thresholds["licence_max_words"]:
        return False
    return bool(PLACE_YEAR.match(t)) or any(m in t for m in profile.conventions.source_block_unlabelled)


def unlabelled_block(lines: list[RawLine], profile: Profile, labels: re.Pattern[str]) -> set[int]:
    """The lines of the runs of bibliographic (or labelled) lines before the first paragraph with
    enough unlabelled ones to be a source block (``source_block_min_lines``): labelled lines are
    the source block already."""
    found: set[int] = set()
    run: list[int] = []
    unlabelled = 0
    for ln in [*lines, None]:
        if ln is not None and (bibliographic(ln.text, profile) or labels.match(ln.text)):
            run.append(ln.number)
            unlabelled += not labels.match(ln.text)
            continue
        if unlabelled >= profile.thresholds["source_block_min_lines"]:
            found.update(run)
        run, unlabelled = [], 0
        if ln is None or is_paragraph(ln.text, profile):
            break
    return found


@dataclass
class Page:
    """The lines of a page sorted into the regions the reader builds."""

    top: list[RawLine]  # navigation, title lines and the source block before the text
    body: list[RawLine]
    notes_head: RawLine | None
    notes: list[RawLine]
    bottom: list[RawLine]  # navigation and source lines after the text and its notes


class WebReader:
    def __init__(self, source: Source, profile: Profile) -> None:
        self.source, self.profile, self.conv = source, profile, profile.conventions
        self.labels = label_pattern(self.conv)
        self.max_nav = profile.thresholds["navigation_max_words"]
        self.doc = Document()
        self.notes: dict[str, Block] = {}  # the endnotes by number
        self.listed: list[Block] = []  # every endnote, in order
        self.block_lines: set[int] = set()  # the lines of an unlabelled source block
        self.links: set[int] = set()  # lines read as links by where they stand (``links_above``)

    def bibliographic(self, text: str) -> bool:
        return bibliographic(text, self.profile)

    def unlabelled_block(self, lines: list[RawLine]) -> set[int]:
        return unlabelled_block(lines, self.profile, self.labels)

    def source_line(self, ln: RawLine) -> bool:
        return bool(self.labels.match(ln.text)) or ln.number in self.block_lines

    def furniture(self, ln: RawLine) -> bool:
        return self.source_line(ln) or is_navigation(ln.text, self.conv, self.max_nav) \
            or self.licence_line(ln.text)

    def licence_line(self, text: str) -> bool:
        """A short line stating the page's copyright or licence without a label ("© 2010 …")."""
        t = text.strip().lower()
        if len(t.split()) > self.profile.thresholds["licence_max_words"]:
            return False
        marks = [m.lower() for m in self.conv.licence_marks]
        # opening with a mark, or stating it in a sentence ("This work is in the public domain."):
        # a title such as "Copyright and Labour" is neither
        dated = bool(re.search(r"\b(?:1[5-9]|20)\d\d\b", t))  # a copyright line gives its year
        return "©" in t or (dated and any(t.startswith(m) for m in marks)) or \
            (t.endswith(".") and any(m in t for m in marks))

    def contents_heading(self, ln: RawLine) -> bool:
        return any(same_words(ln.text, h) for h in self.conv.contents_headings)

    def notes_heading(self, ln: RawLine) -> bool:
        t = ln.text.strip().rstrip(":").strip().lower()
        return t in {h.lower() for h in self.conv.notes_headings}

    def split(self, lines: list[RawLine]) -> Page:
        end = len(lines)
        while end and self.furniture(lines[end - 1]):
            end -= 1
        bottom = lines[end:]
        first_para = next((i for i, ln in enumerate(lines[:end])
                           if is_paragraph(ln.text, self.profile) and not self.source_line(ln)), end)
        start = self.top_end(lines, first_para)
        top, rest = lines[:start], lines[start:end]
        notes_at = next((i for i in range(len(rest) - 1, -1, -1) if self.notes_heading(rest[i])
                         and i + 1 < len(rest) and NOTE_ENTRY.match(rest[i + 1].text.strip())), None)
        if notes_at is not None:
            listed = rest[notes_at + 1:]
            notes = self.links_above(listed, bottom)
            return Page(top, rest[:notes_at], rest[notes_at], notes, listed[len(notes):] + bottom)
        # no heading: a trailing run of entries "[1] …" (or "1. …" numbered 1, 2, 3 …) whose
        # numbers the text calls as "[N]"
        run = self.trailing_entries(rest)
        called = {m.group(1) for ln in rest[:run] for m in BRACKET_CALL.finditer(ln.text)} or \
            {m.group(1) for ln in rest[:run] for m in GLUED_CALL.finditer(ln.text)} | \
            {m.group(1) for ln in top if not self.furniture(ln) and (m := TITLE_CALL.search(ln.text.strip()))}
        numbers = [n for ln in rest[run:] if (n := entry_number(ln.text))]
        # a chapter's notes may go on from the book's earlier ones ("[40]"): the first is then
        # the first the text calls
        first = min(called, key=int) if called else "1"
        if run and numbers and numbers[0] in ("1", first) and set(numbers) & called:
            notes = self.links_above(rest[run:], bottom)
            return Page(top, rest[:run], None, notes, rest[run + len(notes):] + bottom)
        return Page(top, rest, None, [], bottom)

    def links_above(self, notes: list[RawLine], bottom: list[RawLine]) -> list[RawLine]:
        """The notes without the link-like lines ending them right above the page's navigation:
        a note's continuation is prose, a short capitalised line there is one more link
        ("Collected Works Volume 31" over "Collected Works Table of Contents"; as short as a
        heading, since a link may name a whole book: "First 5 Years of the Comintern Index")."""
        end = len(notes)
        while bottom and end > 1 and not NOTE_ENTRY.match(notes[end - 1].text.strip()) \
                and link_like(notes[end - 1].text, self.profile.thresholds["heading_max_words"]):
            end -= 1
            self.links.add(notes[end].number)
        return notes[:end]

    @staticmethod
    def trailing_entries(rest: list[RawLine]) -> int:
        """Where the trailing run of note entries begins: bracketed numbers, or plain numbers
        counting up one by one (a numbered list in the text counts so too: the calls decide)."""
        run = len(rest)
        while run and (m := NOTE_ENTRY.match(rest[run - 1].text.strip())) and m.group(2):
            run -= 1
        if run < len(rest):
            return run
        expected = None
        while run and (n := entry_number(rest[run - 1].text)) and (expected is None or int(n) == expected):
            expected, run = int(n) - 1, run - 1
        return run

    def top_end(self, lines: list[RawLine], first_para: int) -> int:
        """Where the page's top (furniture, title lines) ends: after the source block when the
        title stands above it (headings below it open the text), else at the first paragraph or
        at a section number below the title."""
        labels = [i for i in range(first_para) if self.source_line(lines[i])]
        titled = [i for i in range(first_para) if not self.furniture(lines[i])]
        if labels and titled and titled[0] < labels[0]:
            return labels[-1] + 1
        return next((i for i in titled[1:] if NUMBERED_SECTION.match(lines[i].text.strip())), first_para)

    def build(self, lines: list[RawLine]) -> Document:
        kept = [ln for ln in lines if not ln.blank]
        self.block_lines = self.unlabelled_block(kept)
        page = self.split(kept)
        text = Container("div", {"type": "text", "xml:id": f"{self.source.slug}-text"})
        self.place_top(text, page.top)
        self.place_body(text, page.body)
        notes = self.place_notes(page)
        tail = notes if notes is not None else text
        self.place_furniture(tail.children, page.bottom)
        self.doc.body = [text]
        if notes is not None:
            self.doc.back = [notes]
        self.link_calls()
        self.doc.stats.update({
            "web: navigation lines": sum(1 for n, _ in self._leaves() if n.tag == "fw"),
            "web: source block lines": len(self.doc.source_block),
        })
        return self.doc

    def _leaves(self) -> list[tuple[Node, Place]]:
        return [(n, p) for n, p in walk(self.doc) if isinstance(n, Leaf)]

    def place_furniture(self, into: list[Node], lines: list[RawLine]) -> None:
        """Navigation lines as fw; runs of labelled (and other) lines as one source note."""
        run: list[RawLine] = []

        def flush() -> None:
            if run:
                into.append(to_block("note", run, {"type": "source"}))
                run.clear()

        for ln in lines:
            found = labelled(ln, self.conv, self.labels)
            if found is None and (is_navigation(ln.text, self.conv, self.max_nav) or ln.number in self.links):
                flush()
                into.append(Leaf("fw", {"type": "navigation"}, ln.text.strip(), ln.number))
                continue
            # a label without value, or about the page itself, tells the header nothing
            if found is not None and found.value and found.role != "page":
                self.doc.source_block.append((found.role, found.label, found.value))
            elif found is None and self.licence_line(ln.text):
                self.doc.source_block.append(("licence", "", ln.text.strip()))
            run.append(ln)
        flush()

    def place_top(self, text: Container, lines: list[RawLine]) -> None:
        """Navigation and source lines as furniture; of the others, the author's name alone is
        the byline, the metadata's title (else the first other line) the head, the rest subtitles."""
        block = self.within_block(lines)
        titles = [ln for ln in lines if not self.furniture(ln) and ln.number not in block]
        bylines = {ln.number for ln in titles if self.is_name(ln.text)}
        title = next((ln for ln in titles if same_words(ln.text, self.source.title)), None) or \
            next((ln for ln in titles if ln.number not in bylines and not is_slogan(ln.text)
                  and not self.is_dated_name(ln.text)), None)
        bylines |= {ln.number for ln in titles if title is not None and ln.number < title.number
                    and self.is_dated_name(ln.text)}
        # a title over two lines: the first ends with a small word, or the second with a note call
        after = titles[titles.index(title) + 1] if title is not None and title is not titles[-1] else None
        if after is not None and title is not None and not (title.text.split()[-1].lower() in CONTINUES or (
                TITLE_CALL.search(after.text.strip()) and after.number == title.number + 1
                and not LABEL_AND_NUMBER.match(after.text.strip()))):
            after = None
        pending: list[RawLine] = []
        for ln in lines:
            if self.furniture(ln) or ln.number in block:
                pending.append(ln)
                continue
            if ln is after:
                continue
            self.place_furniture(text.children, pending)
            pending = []
            if ln is title:
                text.children.append(to_block("head", [ln] if after is None else [ln, after]))
            elif DATE_ALONE.match(ln.text.strip()):
                text.children.append(to_block("dateline", [ln]))
            elif ln.number in bylines:
                text.children.append(to_block("byline", [ln]))
            else:
                text.children.append(to_block("head", [ln], {"type": "sub"}))
        self.place_furniture(text.children, pending)

    def closing(self, lines: list[RawLine]) -> int:
        """Where the text's closing begins: the author's name (a signature) followed only by
        lines of a source block ("Written in …", "Published in …"); else the end."""
        for k in range(len(lines) - 1, 0, -1):
            if not (self.bibliographic(lines[k].text) or self.labels.match(lines[k].text)):
                return k if self.is_name(lines[k].text) and k < len(lines) - 1 else len(lines)
        return len(lines)

    def within_block(self, lines: list[RawLine]) -> set[int]:
        """Lines between two labelled lines: part of the source block whatever their label."""
        return {ln.number for before, ln, after in zip(lines, lines[1:], lines[2:], strict=False)
                if self.source_line(before) and self.source_line(after)}

    def is_name(self, text: str) -> bool:
        """One of the text's authors, or a name alone ("A. B. Author", "By Jane Roe")."""
        t = bare_name(text)
        return same_words(t, *self.source.authors) or bool(NAME_LINE.match(t))

    def is_dated_name(self, text: str) -> bool:
        """A name and a year ("A. B. Author 1922"), as a page prints them above its title."""
        name = bare_name(text, dated=True)
        return name != bare_name(text) and self.is_name(name)

    def place_body(self, text: Container, all_lines: list[RawLine]) -> None:
        closing = self.closing(all_lines)
        lines, closers = all_lines[:closing], all_lines[closing + 1:]
        # a heading opens a section: short lines after the last paragraph (a signature) do not
        last_para = max((i for i, ln in enumerate(lines) if not is_heading(ln.text, self.profile)),
                        default=-1)
        heading = [i < last_para and is_heading(ln.text, self.profile) for i, ln in enumerate(lines)]
        current: Container = text
        opened = len(text.children)  # the body's first child (the title and byline come before)
        i = 0
        while i < len(lines):
            ln = lines[i]
            if self.signs_off(lines, i):
                current = self.close_part(text, current, opened, lines[i:i + 2], more=i + 2 < len(lines))
                i += 2
                continue
            run = self.contents_run(lines[i:next((j for j in range(i, len(lines)) if not heading[j]),
                                                  len(lines))])
            titled = run > 0 and self.contents_heading(lines[i])
            # a run of heading-like lines: the page's contents
            if run - titled >= self.profile.thresholds["contents_min_items"]:
                items: list[Node] = [to_block("head" if titled and k == 0 else "item", [x])
                                     for k, x in enumerate(lines[i:i + run])]
                current.children.append(Container("list", {"type": "contents"}, items))
                i += run
                continue
            if heading[i]:
                heads_only = current is not text and all(isinstance(c, Block) and c.tag == "head"
                                                         for c in current.children)
                if not heads_only:
                    current = Container("div", {"type": "section"})
                    text.children.append(current)
                current.children.append(to_block("head", [ln]))
            elif i > last_para and i == len(lines) - 1 and self.is_name(ln.text):
                current.children.append(to_block("signed", [ln]))  # the author's name closing the text
            elif 0 < i == len(lines) - 1 and DATE_ALONE.match(ln.text.strip()):
                current.children.append(to_block("dateline", [ln]))  # the date closing the text
            else:
                current.children.append(to_block("p", [ln]))
            i += 1
        if closing < len(all_lines):  # the signature, then the source lines after it
            current.children.append(to_block("signed", [all_lines[closing]]))
            self.place_furniture(current.children, closers)

    def signs_off(self, lines: list[RawLine], i: int) -> bool:
        """A name alone and a date alone under it: the signature and date closing the text or a
        part of it (a preface signed "A. Author" / "June 5, 1920"), never a heading and its text."""
        return i + 1 < len(lines) and self.is_name(lines[i].text) and \
            bool(DATE_ALONE.match(lines[i + 1].text.strip()))

    @staticmethod
    def close_part(text: Container, current: Container, opened: int, closer: list[RawLine],
                   more: bool) -> Container:
        """``closer`` (name, date) as signed and dateline ending ``current``; when the text goes
        on after it, the part it closes is a section of its own (nothing may follow a closer in
        a div) and a new section takes what follows. The container to go on in."""
        if more and current is text:
            part = Container("div", {"type": "section"}, text.children[opened:])
            text.children[opened:] = [part]
            current = part
        current.children += [to_block("signed", [closer[0]]), to_block("dateline", [closer[1]])]
        if not more:
            return current
        following = Container("div", {"type": "section"})
        text.children.append(following)
        return following

    @staticmethod
    def contents_run(heads: list[RawLine]) -> int:
        """How many of these heading-like lines are a contents list: up to the first that repeats
        an earlier one (the contents' first entry printed again as the first heading)."""
        for k, ln in enumerate(heads):
            if any(same_words(ln.text, x.text) for x in heads[:k]):
                return k
        return len(heads)

    def place_notes(self, page: Page) -> Container | None:
        if not page.notes:
            return None
        div = Container("div", {"type": "notes", "xml:id": f"{self.source.slug}-notes"})
        if page.notes_head is not None:
            div.children.append(to_block("head", [page.notes_head]))
        entries: list[list[RawLine]] = []
        for ln in page.notes:
            if NOTE_ENTRY.match(ln.text.strip()) or not entries:
                entries.append([ln])
            else:
                entries[-1].append(ln)
        for entry in entries:
            div.children.append(self.note(entry))
        return div

    def note(self, entry: list[RawLine]) -> Block:
        m = NOTE_ENTRY.match(entry[0].text.strip())
        n = entry_number(entry[0].text) or str(len(self.notes) + 1)
        repeated = sum(1 for b in self.listed if b.attrs["n"] == n)  # a number listed twice
        attrs = {"place": "end", "n": n,
                 "xml:id": self.note_id(n) + (f"-{repeated + 1}" if repeated else "")}
        kind = self.signed(entry[-1].text)
        if kind:
            attrs["type"] = kind
        block = to_block("note", entry, attrs)
        label = (m.group(1) or m.group(3)) if m else ""
        # a label is a line of its own in the recovered text: "[3]As" glued keeps its number in @n
        # only, or the recovered text would split the word the page prints
        if label and entry[0].text.strip()[len(label):][:1].isspace():
            block.add(Span(0, len(label), "label", resp=None))
        self.notes.setdefault(n, block)  # a call links to the first note of its number
        self.listed.append(block)
        return block

    def note_id(self, n: str) -> str:
        return f"{self.source.slug}-n{n}"

    def signed(self, last: str) -> str | None:
        """"… —Ed." (or "(Ed.)") is a note of the source's editors, "… —Tr." a translator's."""
        for kind, signs in (("editor", self.conv.editor_note_signs),
                            ("translator", self.conv.translator_note_signs)):
            for sign in map(re.escape, signs):
                # "—Ed.", "-- Ed.", "(Ed.)", "(MIA Editor)": a sign after a dash or in brackets,
                # a name or two before it; or right after the note's last full stop ("….Ed.")
                if re.search(rf"(?:[—–-]\s*|\()(?:[\w.'’]+\s+){{0,2}}{sign}\)?\s*$", last.strip()) \
                        or re.search(rf"\w\.\s?{sign}$", last.strip()):
                    return kind
        return None

    def link_calls(self) -> None:
        """Every "[N]" outside the notes and the source block: a call, linked when note N exists."""
        linked = missing = 0
        bare = bool(self.listed) and not any(BRACKET_CALL.search(b.text) for b in self.doc.blocks()
                                             if b.tag != "note")
        for block in self.doc.blocks():
            if block.tag == "note" or block.tag == "byline":
                continue
            # bare numbers after a sentence are calls only on a page whose notes are called so
            glued = list(GLUED_CALL.finditer(block.text)) if bare and block.tag == "p" else []
            if bare and block.tag == "head" and (end := TITLE_CALL.search(block.text)) and \
                    not LABEL_AND_NUMBER.match(block.text.strip()):  # "Chapter 19" is no call
                glued.append(end)  # "… Peasant Women 1": the title's call
            for m in [*BRACKET_CALL.finditer(block.text), *glued]:
                n = m.group(1)
                if n in self.notes:
                    attrs = {"type": "noteCall", "target": f"#{self.note_id(n)}"}
                    linked += 1
                else:
                    attrs = {"type": "noteCall", "subtype": "missing"}
                    missing += 1
                    line = block.lines[block.text.count("\n", 0, m.start())] if block.lines else 0
                    self.doc.report("C101", line, f"note call [{n}] without a note in the page")
                if m.re is not BRACKET_CALL:  # a bare number after a sentence: read as a call, not sure
                    block.add(Span(m.start(1), m.end(1), "ref", attrs, cert="medium"))
                else:
                    block.add(Span(m.start(), m.end(), "ref", attrs, resp=None))
        called = {s.attrs["target"] for b in self.doc.blocks() for s in b.spans if "target" in s.attrs}
        uncalled = 0
        for note in self.listed:
            n = note.attrs["n"]
            if f"#{note.attrs['xml:id']}" not in called:
                uncalled += 1
                note.attrs["subtype"] = "callMissing"  # listed, but the page has no call of it
                self.doc.report("C102", note.lines[0], f"note {n} is listed but not called in the page")
        self.doc.stats["web: note calls linked"] = linked
        self.doc.stats["web: note calls without note"] = missing
        self.doc.stats["web: notes"] = len(self.listed)
        self.doc.stats["web: notes without call"] = uncalled


def build(source: Source, profile: Profile, lines: list[RawLine]) -> Document:
    return WebReader(source, profile).build(lines)
