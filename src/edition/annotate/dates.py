"""Dates: every date expression becomes ``date`` with a normalised @when, @from/@to or bounds.

Candidates are found by patterns (month names, day ranges, "beginning of April", years
after a preposition); ``datetime`` checks each is a real calendar day. A date printed
without its year takes the year from its context, never from a guess:

1. a year printed shortly before it in the same paragraph ("December 9, 1923 … December 5");
2. else the dateline of the enclosing work (the last block that is only a full date), with
   the rule that an undated day refers to the latest such day not after the dateline
   (a "December 5" resolution named in a May 1924 speech is of 1923);
3. else the source's own date (the chronicle of a one-year volume is all that year).

Inferred years carry @cert: 'high' for a one-year source (its chronicle), else 'medium'.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..model import Block, Container, Document, Span
from ..sources import Source
from .spans import add_span, blocks_with_ancestors

MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}
M = "(?:" + "|".join(MONTHS) + ")"
D = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
Y_CORE = r"(?:1[6-9]\d\d|20[0-2]\d)"
Y = Y_CORE + r"(?!\d|,\d)"
DASH = r"\s*[-–—]\s*"
SEP = r"[ \t]*\n?[ \t]*"  # a date may run over a print line
PREP = r"(?:in|of|since|until|till|by|from|after|before|during|year|spring|summer|autumn|winter|early|late)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-range", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D}){DASH}(?P<m2>{M}){SEP}(?P<d2>{D})"
                               rf"(?:,?{SEP}(?P<y>{Y}))?")),
    ("day-range", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D}){DASH}(?P<d2>{D})(?:,?{SEP}(?P<y>{Y}))?")),
    ("dmy-range", re.compile(rf"(?P<d1>{D}){SEP}(?P<m1>{M}){SEP}to{SEP}(?P<d2>{D}){SEP}(?P<m2>{M})"
                             rf"(?:{SEP}(?P<y>{Y}))?")),
    ("mdy", re.compile(rf"(?P<m1>{M}){SEP}(?P<d1>{D})(?:,?{SEP}(?P<y>{Y}))?")),
    ("dmy", re.compile(rf"(?<![\d.])(?P<d1>{D}){SEP}(?P<m1>{M})(?:,?{SEP}(?P<y>{Y}))?")),
    ("part", re.compile(rf"(?P<part>[Bb]eginning|[Ee]nd|[Mm]iddle){SEP}of{SEP}(?P<m1>{M})"
                        rf"(?:,?{SEP}(?P<y>{Y}))?")),
    ("my", re.compile(rf"(?P<m1>{M}),?{SEP}(?P<y>{Y})")),
    # bare years only after a word that makes them a date ("in 1905"); the date is group "date"
    ("year-range", re.compile(rf"\b{PREP}\s+(?P<date>(?P<y>{Y_CORE})[-–—](?P<y2>\d\d(?:\d\d)?))(?![\d,])")),
    ("year", re.compile(rf"\b{PREP}\s+(?P<date>(?P<y>{Y}))")),
]
PARTS = {"beginning": (1, 10), "middle": (11, 20), "end": (21, 31)}
WHOLE_DATE = re.compile(rf"^\s*(?:.*\n)?\s*{M}\s+{D},?\s+{Y}\s*$", re.S)
SKIP_INSIDE = {"title", "desc", "ref", "choice", "date"}  # a date the structure stage made stays


@dataclass
class Context:
    """The date a block's undated days are relative to."""

    year: int
    ref: date | None  # a dateline's full date, when there is one
    cert: str = "medium"  # a dateline's year may not be the one a day in the text means


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    try:
        return date(y, m, d).isoformat() if d else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


def _resolve_year(month: int, day: int, block_year: int | None, ctx: Context) -> tuple[int, str]:
    if block_year:
        return block_year, "medium"
    if ctx.ref and (month, day) > (ctx.ref.month, ctx.ref.day):
        return ctx.year - 1, "medium"  # the latest such day not after the dateline
    return ctx.year, ctx.cert


def _attrs(kind: str, g: dict[str, str | None], block_year: int | None,
           ctx: Context) -> tuple[dict[str, str], str | None] | None:
    explicit = int(g["y"]) if g.get("y") else None
    m1 = MONTHS[g["m1"]] if g.get("m1") else None
    cert: str | None = None
    if kind in {"year", "year-range"}:
        y = int(g["y"])
        if kind == "year":
            return {"when": f"{y:04d}"}, None
        y2s = g["y2"]
        y2 = int(str(y)[: 4 - len(y2s)] + y2s)
        return ({"from": f"{y:04d}", "to": f"{y2:04d}"}, None) if y2 > y else None
    if kind == "my":
        return ({"when": f"{explicit:04d}-{m1:02d}"}, None) if explicit else None
    if kind == "part":
        y = explicit or _resolve_year(m1, 1, block_year, ctx)[0]
        cert = None if explicit else "high"
        lo, hi = PARTS[g["part"].lower()]
        hi = min(hi, calendar.monthrange(y, m1)[1])
        return {"notBefore": _iso(y, m1, lo) or "", "notAfter": _iso(y, m1, hi) or ""}, cert
    d1 = int(g["d1"])
    if explicit:
        y = explicit
    else:
        y, cert = _resolve_year(m1, d1, block_year, ctx)
    if kind in {"mdy", "dmy"}:
        iso = _iso(y, m1, d1)
        return ({"when": iso}, cert) if iso else None
    m2 = MONTHS[g["m2"]] if g.get("m2") else m1
    a, b = _iso(y, m1, d1), _iso(y, m2, int(g["d2"]))
    if not a or not b or b <= a:
        return None
    return {"from": a, "to": b}, cert


def annotate_block(block: Block, ctx: Context) -> int:
    text = block.text
    taken: list[tuple[int, int]] = []
    found = 0
    # context years: not those inside a correction, whose source reading may be an OCR error
    # ("April 2021" for "April 20-21")
    fixed = [(s.start, s.end) for s in block.spans if s.tag == "choice"]
    years = [(m.start(), int(m.group(0))) for m in re.finditer(Y, text)
             if not any(a <= m.start() < b for a, b in fixed)]
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span("date") if "date" in pattern.groupindex else m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            if any(s.tag in SKIP_INSIDE and s.start <= a and b <= s.end for s in block.spans):
                continue
            near = [y for pos, y in years if a - 300 <= pos < a]
            made = _attrs(kind, m.groupdict(), near[-1] if near else None, ctx)
            if not made:
                continue
            attrs, cert = made
            if add_span(block, Span(a, b, "date", attrs, cert=cert)):
                taken.append((a, b))
                found += 1
    return found


def _source_context(source: Source) -> Context:
    last = source.date_to or source.date
    try:
        ref = date.fromisoformat(last) if len(last) == 10 else None
    except ValueError:
        ref = None
    one_year = source.date_from is not None and source.date_from[:4] == last[:4]
    return Context(int(last[:4]), ref, "high" if one_year else "medium")


def _dateline(block: Block) -> date | None:
    """The full date a block consists of (its last line), if it is a dateline."""
    if block.tag not in {"dateline", "head", "p", "byline", "signed"} or not WHOLE_DATE.match(block.text):
        return None
    last = block.text.strip().split("\n")[-1]
    m = re.match(rf"\s*({M})\s+({D}),?\s+({Y})", last)
    if not m:
        return None
    try:
        return date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None


def annotate(source: Source, doc: Document) -> None:
    default = _source_context(source)
    contexts: dict[int, Context] = {}  # id(work div) → its dateline context
    total = 0
    for block, ancestors in blocks_with_ancestors(doc):
        if block.tag == "fw":
            continue
        work = _work(ancestors)
        key = id(work) if work is not None else 0
        dl = _dateline(block)
        if dl:
            contexts[key] = Context(dl.year, dl)
        total += annotate_block(block, contexts.get(key, default))
    doc.stats["dates"] = total


def _work(ancestors: tuple[Container, ...]) -> Container | None:
    for c in reversed(ancestors):
        if c.tag == "div" and c.attrs.get("type") in {"work", "text", "chronicle"}:
            return c
    return None
