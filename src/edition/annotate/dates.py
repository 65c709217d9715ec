"""Dates: every date expression becomes ``date`` with a normalised @when, @from/@to or bounds.

Candidates are found by patterns (month names, day ranges, "beginning of April", years
after a preposition); ``datetime`` checks each is a real calendar day. A day printed without
its year takes the year from the nearest context that names one, and @cert says how sure:

1. the year printed with the date ("May 27 and 28, 1924", "April 14-22 (April 27-May 5),
   1917"): no @cert when inside the match, 'high' when it closes the date phrase;
2. a year printed earlier in the same sentence: 'medium';
3. a year printed earlier in the same paragraph (the same endnote), unless the work's date
   already decides between that year and the one before (then rule 5 with 'medium'): 'medium';
4. a year far from the work's date that the section last named with a day or month
   ("October 10 (23), 1917" then "October 16" in a 1924 speech on 1917): 'low';
5. the date of the section or work (its dateline, else its source line): its year, 'medium'
   ('low' inside a quotation, which is of its own time); a day later in the year than that
   date is of the year before (writings refer to the past: "December 5" in a work of January
   1924 is of 1923) unless the clause says future ("will", "next"): 'low';
6. else a one-year source's year ('low'); an endnote or a source of several years leaves
   such a day without a date: no rule names its year.

Dates the structure stage made (datelines, chronicle labels) keep their place; those it could
not read get a value here: "15. VII. 24", clock times under a chronicle day ("9.30 p. m." is
that day at 21:30), and a dateline printed without its year takes the work's year ('medium').
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ..lexicon import CLOCK, MONTH_ALTERNATION, MONTH_NUMBER, ROMAN_DATE, ROMAN_MONTHS, SENTENCE_BREAK
from ..model import Block, Container, Document, Node, Span, is_apparatus
from ..sources import Source
from .spans import add_span, blocks_with_ancestors

MONTHS = MONTH_NUMBER  # month name → number (shared: edition.lexicon)
# Abbreviated months as printed ("Oct. 27, 1928", "Sept. 3"); May, June and July are not abbreviated.
ABBREVIATIONS = {"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10,
                 "Nov.": 11, "Dec.": 12}


def _broken(word: str) -> str:
    """A month name as printed: also broken by a line-end hyphen ("Janu-/ary") and in capitals."""
    soft = r"(?:-[ \t]*\n[ \t]*)?"
    return "|".join(soft.join(re.escape(ch) for ch in w) for w in (word, word.upper()))


M = "(?:" + "|".join(_broken(m) for m in MONTHS) + "|" + "|".join(map(re.escape, ABBREVIATIONS)) + ")"


def month_number(printed: str) -> int:
    """The month a printed name stands for ("October", "OCTOBER", "Oct.", "Janu-\nary")."""
    if printed in ABBREVIATIONS:
        return ABBREVIATIONS[printed]
    return MONTHS[re.sub(r"-\s*", "", printed).capitalize()]


D = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
Y_CORE = r"(?:1[6-9]\d\d|20[0-2]\d)"
Y = Y_CORE + r"(?!\d|,\d)"
DASH = r"\s*[-–—]\s*"
SEP = r"[ \t]*\n?[ \t]*"  # a date may run over a print line
TO = rf"(?:{DASH}|{SEP}to{SEP})"
_PREP = ("in|of|since|until|till|by|from|to|between|after|before|during|throughout|around|about|year|"
         "years|spring|summer|autumn|winter|early|late")
PREP = f"(?:{_PREP}|{_PREP.upper()})"  # "IN 1924" in a heading printed in capitals

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-range", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D}){TO}(?P<m2>{M}){SEP}(?P<d2>{D})"
                               rf"(?:,?{SEP}(?P<y>{Y}))?")),
    ("day-range", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D}){DASH}(?P<d2>{D})(?:,?{SEP}(?P<y>{Y}))?")),
    ("dmy-range", re.compile(rf"(?P<d1>{D}){SEP}(?P<m1>{M}){SEP}to{SEP}(?P<d2>{D}){SEP}(?P<m2>{M})"
                             rf"(?:{SEP}(?P<y>{Y}))?")),
    ("mdy", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D})(?:,?{SEP}(?P<y>{Y}))?")),
    ("dmy", re.compile(rf"(?<![\d.])(?P<d1>{D}){SEP}(?P<m1>{M})(?:,?{SEP}(?P<y>{Y}))?")),
    ("part", re.compile(rf"(?P<part>[Bb]eginning|[Ee]nd|[Mm]iddle){SEP}of{SEP}(?P<m1>{M})"
                        rf"(?:,?{SEP}(?P<y>{Y}))?")),
    # months over months or years: "January-November, 1924", "November 1923 to February 1939",
    # "SeptemberNovember 1917" (the OCR dropped the hyphen), "1930 - January 1934"
    ("month-year-range", re.compile(rf"(?P<m1>{M})(?:,?{SEP}(?P<y1>{Y}))?(?:{TO}|)(?P<m2>{M}),?{SEP}"
                                    rf"(?P<y>{Y})")),
    ("year-month-range", re.compile(rf"(?<!\d)(?P<y1>{Y}){TO}(?P<m2>{M}),?{SEP}(?P<y>{Y})")),
    ("my", re.compile(rf"(?P<m1>{M}),?{SEP}(?P<y>{Y})")),
    # "from 1920 onwards": the start of an open period
    ("year-from", re.compile(rf"\b(?:from|since)\s+(?P<date>(?P<y>{Y}))\s+(?:onwards?|on)\b")),
    # bare years only after a word that makes them a date ("in 1905"), or alone in brackets
    # ("Our Revolution (1906)", "(1920-21)"); the date is group "date"
    # "from 1903 to 1905", "between 1905 and 1907": one period
    ("year-range", re.compile(rf"\b(?:from|between|FROM|BETWEEN)\s+(?P<date>(?P<y>{Y_CORE})\s+"
                              rf"(?:to|and|TO|AND)\s+(?P<y2>{Y_CORE}))(?![\d,])")),
    ("year-range", re.compile(rf"(?:\b{PREP}\s+|\()(?P<date>(?P<y>{Y_CORE})[-–—](?P<y2>\d\d(?:\d\d)?))"
                              r"(?![\d,])")),
    ("year", re.compile(rf"\b{PREP}\s+(?P<date>(?P<y>{Y}))")),
    ("year", re.compile(rf"\((?P<date>(?P<y>{Y}))\)")),
]
PARTS = {"beginning": (1, 10), "middle": (11, 20), "end": (21, 31)}
WHOLE_DATE = re.compile(rf"^\s*(?:.*\n)?\s*{M}\s+{D},?\s+{Y}\s*$", re.S)
SKIP_INSIDE = {"title", "desc", "ref", "choice", "date"}  # a date the structure stage made stays

# The rest of a date phrase whose year is printed at its end: other days, the Old Style or
# New Style day in brackets ("October 10 (23), 1917", "April 14-22 (April 27-May 5), 1917").
ALT = rf"(?:{M}{SEP})?{D}(?:{TO}(?:{M}{SEP})?{D})?"
TRAIL = re.compile(rf"(?:{SEP}\({SEP}{ALT}{SEP}\)|\)|{SEP}(?:,|and|to|[-–—]){SEP}{ALT})*,?{SEP}(?P<y>{Y})")
# A year in a bibliographic reference dates the book, not the text: after the place of
# publication (a capitalised word, no month, after a comma or parenthesis: "<Author>, <Title>,
# <Place> 1952"), a publisher's initials ("<INITIALS>, 1926") or an edition ("2nd ed. 1950").
CITED_BEFORE = re.compile(rf"(?:[,(]\s*(?!(?:{MONTH_ALTERNATION})\b)[A-Z][a-z]+|\b[A-Z]{{2,}}"
                          r"|[Ee]dition|[Ee]d\.),?\s*$")
CITED_AFTER = re.compile(r",?\s*pp?\.\s*\d")
SENTENCE_END = SENTENCE_BREAK
FUTURE = re.compile(r"\b(?:will|shall|next|coming|to be held)\b[^.,;:]{0,40}$")
ROMAN = ROMAN_MONTHS  # ROMAN_DATE: "15. VII. 24", "7/XI 24"; CLOCK: "10.30 a. m."
CLOCK_LABEL = re.compile(rf"^\s*{CLOCK.format(n=1)}(?:\s*[-–—]\s*{CLOCK.format(n=2)})?\s*$")
QUOTED = {"quote", "q"}
NARRATIVE = {"p", "quote", "item", "note", "head", "l"}  # blocks whose dated events set rule 4


@dataclass
class Context:
    """What a block's days printed without their year are relative to."""

    year: int | None  # the year such a day falls back to (None: leave it undated)
    ref: date | None = None  # the section's or work's date (a dateline's last day)
    cert: str = "medium"  # for a day dated by ``ref`` (or by ``year`` alone)
    anchor: int | None = None  # year of the last event the section named with its year (rule 4)


@dataclass
class Clues:
    """The years printed around one date: after it, in its sentence, in its paragraph."""

    trailing: int | None = None
    sentence: int | None = None
    later: int | None = None  # a year printed after the date in its sentence ("… of 1905")
    paragraph: int | None = None
    future: bool = False
    quoted: bool = False  # inside a quotation: the work's date does not date its days


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


def _recent(y: int, ctx: Context) -> bool:
    """True if the context date already decides for ``y`` (its own year or the one before)."""
    return ctx.ref is not None and ctx.ref.year - 1 <= y <= ctx.ref.year


def _resolve_year(month: int, day: int, clues: Clues, ctx: Context) -> tuple[int, str] | None:
    """The year of an undated day and its certainty (rules 1-6 of the module docstring)."""
    if clues.trailing:
        return clues.trailing, "high"
    if clues.sentence:
        return clues.sentence, "medium"
    if clues.later:  # "between January 9 and the October strike of 1905": the sentence's year
        return clues.later, "medium"
    if clues.paragraph and not _recent(clues.paragraph, ctx):
        return clues.paragraph, "medium"
    if ctx.anchor and ctx.ref and not _recent(ctx.anchor, ctx):
        return ctx.anchor, "low"
    if ctx.ref:
        if (month, day) > (ctx.ref.month, ctx.ref.day) and not clues.future:
            y, cert = ctx.ref.year - 1, "low"  # the latest such day before the work's date
        else:
            y, cert = ctx.ref.year, "low" if clues.future or clues.quoted else ctx.cert
        return y, "medium" if y == clues.paragraph else cert  # the paragraph agrees
    if ctx.year is None:
        return None
    return ctx.year, "low" if clues.quoted else ctx.cert


def _attrs(kind: str, g: dict[str, str | None], clues: Clues,
           ctx: Context) -> tuple[dict[str, str], str | None] | None:
    explicit = int(g["y"] or 0) if g.get("y") else None
    m1 = month_number(g["m1"] or "") if g.get("m1") else 0
    if kind in {"year", "year-range", "year-from"}:
        y = int(g["y"] or 0)
        if kind == "year":
            return {"when": f"{y:04d}"}, None
        if kind == "year-from":
            return {"from": f"{y:04d}"}, None
        y2s = g["y2"] or ""
        y2 = int(str(y)[: 4 - len(y2s)] + y2s)
        return ({"from": f"{y:04d}", "to": f"{y2:04d}"}, None) if y2 > y else None
    if kind == "my":
        return ({"when": f"{explicit:04d}-{m1:02d}"}, None) if explicit else None
    if kind in {"month-year-range", "year-month-range"} and explicit:
        m2 = month_number(g["m2"] or "")
        y1 = int(g["y1"] or 0) if g.get("y1") else explicit - (m1 > m2)  # "December-March, 1925"
        first = f"{y1:04d}-{m1:02d}" if m1 else f"{y1:04d}"
        last = f"{explicit:04d}-{m2:02d}"
        return ({"from": first, "to": last}, None) if first < last else None
    lo, hi = PARTS[(g["part"] or "").lower()] if kind == "part" else (int(g["d1"] or 0), 0)
    resolved = (explicit, None) if explicit else _resolve_year(m1, lo, clues, ctx)
    if resolved is None:
        return None
    y, cert = resolved
    if kind == "part":
        hi = min(hi, calendar.monthrange(y, m1)[1])
        return {"notBefore": _iso(y, m1, lo) or "", "notAfter": _iso(y, m1, hi) or ""}, cert
    if kind in {"mdy", "dmy"}:
        iso = _iso(y, m1, lo)
        return ({"when": iso}, cert) if iso else None
    m2 = month_number(g["m2"] or "") if g.get("m2") else m1
    a, b = _iso(y, m1, lo), _iso(y, m2, int(g["d2"] or 0))
    if a and b and b <= a and not explicit and m2 < m1:
        b = _iso(y + 1, m2, int(g["d2"] or 0))  # "December 28-January 3": over the new year
    if not a or not b or b <= a:
        return None
    return {"from": a, "to": b}, cert


def _years(block: Block) -> list[tuple[int, int]]:
    """(offset, year) of each year printed in the block that can date its days."""
    # not those inside a correction, whose source reading may be an OCR error ("April 2021"
    # for "April 20-21"), nor a cited book's year
    fixed = [(s.start, s.end) for s in block.spans if s.tag == "choice"]
    text = block.text
    return [(m.start(), int(m.group(0))) for m in re.finditer(Y, text)
            if not any(a <= m.start() < b for a, b in fixed)
            and not CITED_BEFORE.search(text, max(0, m.start() - 25), m.start())
            and not CITED_AFTER.match(text, m.end())]


def _clues(block: Block, a: int, b: int, years: list[tuple[int, int]], carried: int | None) -> Clues:
    text = block.text
    trail = TRAIL.match(text, b)
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, a)]
    sentence_start = starts[-1] if starts else 0
    before = [(pos, y) for pos, y in years if pos < a]
    end = SENTENCE_END.search(text, b)
    sentence_end = end.start() if end else len(text)
    return Clues(trailing=int(trail.group("y")) if trail else None,
                 sentence=next((y for pos, y in reversed(before) if pos >= sentence_start), None),
                 later=next((y for pos, y in years if b <= pos < sentence_end), None),
                 paragraph=before[-1][1] if before else carried,
                 future=bool(FUTURE.search(text, sentence_start, a)),
                 quoted=block.tag == "quote" or any(s.tag in QUOTED and s.start <= a and b <= s.end
                                                    for s in block.spans))


def annotate_block(block: Block, ctx: Context, carried: int | None = None) -> int:
    """Add the block's dates; ``carried``: the last year of the paragraph's part before a page."""
    text = block.text
    taken: list[tuple[int, int]] = []
    found = 0
    years = _years(block)
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span("date") if "date" in pattern.groupindex else m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            if any(s.tag in SKIP_INSIDE and s.start <= a and b <= s.end for s in block.spans):
                continue
            made = _attrs(kind, m.groupdict(), _clues(block, a, b, years, carried), ctx)
            if not made:
                continue
            attrs, cert = made
            if add_span(block, Span(a, b, "date", attrs, cert=cert)):
                taken.append((a, b))
                found += 1
    return found


# -- the dates of works and sections ---------------------------------------------------------

def _last_day(attrs: dict[str, str]) -> date | None:
    """The latest day a date's attributes name (a month: its last day)."""
    v = attrs.get("to") or attrs.get("when") or attrs.get("notAfter") or ""
    try:
        if len(v) >= 10:
            return date.fromisoformat(v[:10])
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:])
            return date(y, m, calendar.monthrange(y, m)[1])
    except ValueError:
        return None
    return None


def _is_dateline(block: Block) -> bool:
    return block.tag == "dateline" or (block.tag in {"head", "p", "byline", "signed"}
                                       and bool(WHOLE_DATE.match(block.text)))


def _printed_day(block: Block, printed: bool = True) -> date | None:
    """The latest day a dateline or source line names; ``printed``: only with its year printed."""
    probe = Block(block.tag, block.text, spans=[s for s in block.spans if s.tag == "choice"])
    annotate_block(probe, Context(None))  # only dates whose year is printed
    days = [_last_day(s.attrs) for s in probe.spans if s.tag == "date"]
    days += [_last_day(s.attrs) for s in block.spans if s.tag == "date"
             and (not printed or re.search(Y, block.text[s.start:s.end]))]
    found = [d for d in days if d]
    return max(found) if found else None


def _descendant_blocks(c: Container) -> Iterator[Block]:
    for n in c.children:
        if isinstance(n, Block):
            yield n
        elif isinstance(n, Container):
            yield from _descendant_blocks(n)


def _is_source_line(block: Block) -> bool:
    return block.tag == "bibl" and block.attrs.get("type") == "source"


def _div_date(div: Container) -> date | None:
    """A div's date: its own dateline; for a work, else a dateline further in, else its source line."""
    own = [d for n in div.children if isinstance(n, Block) and _is_dateline(n)
           and (d := _printed_day(n, printed=False))]
    if own:
        return own[0]
    if div.attrs.get("type") not in {"work", "text"}:
        return None
    inner = [d for b in _descendant_blocks(div) if _is_dateline(b) and (d := _printed_day(b))]
    if inner:
        return max(inner)
    sources = [d for b in _descendant_blocks(div) if _is_source_line(b) and (d := _printed_day(b))]
    return min(sources) if sources else None


def _head_year(div: Container) -> int | None:
    """The year a div's heading consists of (a chronicle's "1924")."""
    head = next((n for n in div.children if isinstance(n, Block) and n.tag == "head"), None)
    return int(head.text.strip()) if head and re.fullmatch(Y_CORE, head.text.strip()) else None


def _divs(nodes: list[Node]) -> Iterator[Container]:
    for n in nodes:
        if isinstance(n, Container):
            if n.tag == "div":
                yield n
            yield from _divs(n.children)


# -- dates the structure stage made -------------------------------------------------------

def _clock(h: str, mnt: str | None, ap: str) -> str:
    return f"{int(h) % 12 + (12 if ap == 'p' else 0):02d}:{int(mnt or 0):02d}:00"


def _time_attrs(text: str, day: str) -> dict[str, str] | None:
    """A clock time ("9.30 p. m.", "1.30 p. m.—2.45 p. m.") on ``day`` as ISO date-times."""
    m = CLOCK_LABEL.match(text)
    if not m:
        return None
    first = f"{day}T{_clock(m['h1'], m['n1'], m['p1'])}"
    if not m["h2"]:
        return {"when": first}
    return {"from": first, "to": f"{day}T{_clock(m['h2'], m['n2'], m['p2'])}"}


def _fill_labels(lst: Container) -> None:
    """A chronicle label that is only a clock time is on the day of the entry above it."""
    day: str | None = None
    for n in lst.children:
        if not isinstance(n, Block) or n.tag != "label":
            continue
        for s in (s for s in n.spans if s.tag == "date"):
            value = s.attrs.get("when") or s.attrs.get("from")
            if value:
                day = value[:10] if len(value) >= 10 else day
                continue
            times = _time_attrs(n.text, day) if day else None
            if times:
                s.attrs.update(times)
                s.end = len(n.text.rstrip())  # both times of a span ("1.30 p. m.—\n2.45 p. m.")
                s.cert = "medium"


def _fill_dateline(block: Block, year: int | None) -> None:
    """Give a dateline's date the value the structure stage could not read, or its year."""
    for s in (s for s in block.spans if s.tag == "date"):
        text = block.text[s.start:s.end]
        roman = ROMAN_DATE.match(text)
        if roman and not s.attrs and year and roman["m"] in ROMAN:
            y = year - year % 100 + int(roman["y"])  # "24" in the century of the work
            iso = _iso(y, ROMAN[roman["m"]], int(roman["d"]))
            if iso:
                s.attrs["when"], s.cert = iso, "high"
        elif s.attrs and year and not re.search(Y, text) and s.cert is None:
            for k, v in list(s.attrs.items()):
                s.attrs[k] = f"{year:04d}{v[4:]}"  # the year of the work, not printed here
            s.cert = "medium"


def _fix_structure_dates(doc: Document, default: int | None) -> None:
    year = default
    for part in (doc.front, doc.body, doc.back):
        for div in _divs(part):
            for n in div.children:
                if isinstance(n, Container) and n.tag == "list":
                    _fill_labels(n)
            if div.attrs.get("type") in {"work", "text"}:
                printed = [d for b in _descendant_blocks(div) if _is_dateline(b) and (d := _printed_day(b))]
                year = printed[0].year if printed else year
            for n in div.children:
                if isinstance(n, Block) and n.tag == "dateline":
                    _fill_dateline(n, year)


# -- the walk ---------------------------------------------------------------------------------

@dataclass
class Walk:
    """Dates of the divs seen so far, and the current section's last dated event (rule 4)."""

    fallback: Context
    dates: dict[int, date | None] = field(default_factory=dict)
    years: dict[int, int | None] = field(default_factory=dict)
    div: int = 0
    anchor: int | None = None

    def context(self, ancestors: tuple[Container, ...]) -> Context:
        divs = [a for a in ancestors if a.tag == "div"]
        if any(d.attrs.get("type") == "notes" for d in divs):
            return Context(None)  # an endnote names its own years (rules 1-3 only)
        for d in reversed(divs):
            if id(d) not in self.dates:
                self.dates[id(d)], self.years[id(d)] = _div_date(d), _head_year(d)
            ref = self.dates[id(d)]
            if ref:
                return Context(ref.year, ref, "medium", self.anchor)
            if self.years[id(d)]:
                return Context(self.years[id(d)], None, "medium")
        return self.fallback

    def enter(self, ancestors: tuple[Container, ...]) -> None:
        """Rule 4 holds within one section: a new div forgets the last dated event."""
        div = next((a for a in reversed(ancestors) if a.tag == "div"), None)
        if id(div) != self.div:
            self.div, self.anchor = id(div), None

    def note_events(self, block: Block) -> None:
        if block.tag not in NARRATIVE:
            return
        for s in sorted(block.spans, key=lambda s: s.start):
            value = s.attrs.get("when") or s.attrs.get("from") or s.attrs.get("notBefore") or ""
            if s.tag == "date" and s.cert in {None, "high"} and len(value) >= 7:  # a month or a day
                self.anchor = int(value[:4])


def _source_context(source: Source) -> Context:
    """The source's own year, for a source of one year only."""
    last = source.date_to or source.date
    first = source.date_from or source.date
    return Context(int(last[:4]) if first[:4] == last[:4] else None, None, "low")


def annotate(source: Source, doc: Document) -> None:
    fallback = _source_context(source)
    _fix_structure_dates(doc, int((source.date_from or source.date)[:4]))
    walk = Walk(fallback)
    total = 0
    previous: Block | None = None
    for block, ancestors in blocks_with_ancestors(doc):
        if is_apparatus(block):
            continue
        walk.enter(ancestors)
        ctx = walk.context(ancestors)
        carried = None
        if previous is not None and previous.continued_by is block:
            carried = next((y for _, y in reversed(_years(previous))), None)
        total += annotate_block(block, ctx, carried)
        walk.note_events(block)
        previous = block
    doc.stats["dates"] = total
