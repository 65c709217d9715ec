"""Old Style and New Style: Russian dates before 14 February 1918 printed in both calendars.

The Soviet editors print a pre-revolutionary Russian date in the Julian calendar (Old Style)
with the Gregorian one in brackets, or the other way round: "October 10 (23), 1917",
"April 14-22 (April 27-May 5), 1917", "June 24 (11), 1917". TEI's ``@when`` is always
Gregorian, so the Old Style member of such a pair gets the Gregorian value and ``@calendar``
pointing to the header's Julian calendar (``#<slug>-julian``, the calendar of its printed
words); the New Style member points to the Gregorian one (``#<slug>-gregorian``). A pair is
recognised only when its two days lie exactly the calendars' difference of that year apart,
so a bracketed number that is not the other calendar's day is never taken for one. A date
printed in one calendar only stays as printed (the editorialDecl says so): the text does not
tell which calendar it uses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import Block, Document, Span, calendar_ids
from ..sources import Source
from .dates import MONTHS
from .spans import blocks_with_ancestors

_M = "|".join(MONTHS)
# the other calendar's day(s) in brackets right after a date: "(23)", "(April 27-May 5)", "(11-13)"
BRACKETED = re.compile(rf"[ \t]*\n?[ \t]*\((?:(?P<m1>{_M})\s+)?(?P<d1>\d{{1,2}})"
                       rf"(?:(?:\s*[-–]\s*|\s+to\s+)(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}}))?\)")
DAY_ATTRS = ("when", "from", "to", "notBefore", "notAfter")


def julian_offset(day: date) -> int:
    """Days the Gregorian calendar runs ahead of the Julian on ``day`` (Gregorian)."""
    if day >= date(1918, 2, 14) or day < date(1582, 10, 15):
        return 0  # Russia adopted the Gregorian calendar on 14 February 1918
    century = day.year // 100 - (1 if (day.month, day.day) < (3, 1) else 0)
    return century - century // 4 - 2


def annotate(source: Source, doc: Document) -> None:
    """The annotator (after dates): the pairs of the document's dates."""
    mark_calendar_pairs(doc, source.slug)


def mark_calendar_pairs(doc: Document, slug: str) -> int:
    """Annotate every printed Old Style/New Style pair of the document; return how many."""
    julian, gregorian = (f"#{i}" for i in calendar_ids(slug))
    pairs = 0
    for block, _ancestors in blocks_with_ancestors(doc):
        for span in [s for s in block.spans if s.tag == "date"]:
            pairs += _pair(block, span, julian, gregorian)
    if pairs:
        doc.stats["dates in both calendars (Old Style made Gregorian)"] = pairs
    return pairs


def _pair(block: Block, span: Span, julian: str, gregorian: str) -> int:
    first = _days(span)
    m = BRACKETED.match(block.text, span.end)
    if not first or not m or "calendar" in span.attrs:
        return 0
    start = first[0]
    other = _bracketed_day(m, start)
    if other is None:
        return 0
    later = other - start  # positive: the bracket gives the Gregorian day, the date is Old Style
    offset = julian_offset(max(start, other))
    if offset == 0 or abs(later.days) != offset:
        return 0
    inner = next((s for s in block.spans if s.tag == "date" and s.start >= m.start() and s.end <= m.end()),
                 None)
    old, new = (span, inner) if later.days > 0 else (inner, span)
    if old is not None:
        old.attrs.update({k: (date.fromisoformat(v) + timedelta(days=offset)).isoformat()
                          for k, v in old.attrs.items() if k in DAY_ATTRS and len(v) == 10})
        old.attrs["calendar"] = julian
    if new is not None:
        new.attrs["calendar"] = gregorian
    return 1


def _days(span: Span) -> list[date]:
    out = []
    for k in DAY_ATTRS:
        v = span.attrs.get(k, "")
        if len(v) == 10:
            out.append(date.fromisoformat(v))
    return out


def _bracketed_day(m: re.Match[str], start: date) -> date | None:
    """The first day in brackets, in the month it names or the date's month (or the next one:
    "October 25 (November 7)" may be printed "October 25 (7)")."""
    month = MONTHS[m["m1"]] if m["m1"] else start.month
    day = int(m["d1"])
    for y, mo in ((start.year, month), (start.year + (month == 12), month % 12 + 1)):
        try:
            candidate = date(y, mo, day)
        except ValueError:
            continue
        if abs((candidate - start).days) <= 13 or m["m1"]:
            return candidate
    return None
