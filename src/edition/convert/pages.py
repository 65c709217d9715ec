"""Printed pages: where they start, their furniture, and their numbers.

Furniture (``fw``) is recognised line by line: scanner stamps and glyph-only lines are
``sig``; an isolated bare number next to an isolated running head (a letter-spaced
author name, a work title, a repeated section title) is ``pageNum`` + ``header``.

Page numbers are inferred from page order, anchored on the printed page numbers and on
the endnotes' back-references ("p. N": the note's call lies on page N). The anchors are
filtered to the largest mutually consistent set (numbers rising at least as fast as the
pages); the rest are reported, never silently used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .lines import RawLine

STAMP_LINES = {"FROM MARX", "TO MAO", "FROM MARX TO MAO", "NOT FOR", "COMMERCIAL", "DISTRIBUTION",
               "NOT FOR COMMERCIAL DISTRIBUTION", "NOT FOR COMMERCIAL"}
STAMP_TAILS = {"TO", "MAO"}  # parts of a stamp split over lines, only right after "FROM MARX"
BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
LETTER_SPACED_NAME = re.compile(r"^(?:[A-Z]\. ?)+(?:[A-Z] ){2,}[A-Z]$")  # "J. V. S T A L I N"
PAGE_MARK = re.compile(r"^ \S")


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def classify_furniture(lines: list[RawLine], stop: int | None = None) -> dict[int, str]:
    """Raw line number → fw type for the furniture lines (up to line ``stop`` for page numbers)."""
    fw: dict[int, str] = {}
    by_no = {ln.number: ln for ln in lines}

    def isolated(n: int) -> bool:
        before, after = by_no.get(n - 1), by_no.get(n + 1)
        return (before is None or before.blank) and (after is None or after.blank)

    for ln in lines:
        t = ln.text.strip()
        if not t:
            continue
        if t in STAMP_LINES or t in STAMP_TAILS and any(by_no.get(ln.number - k) is not None
                                      and by_no[ln.number - k].text.strip() in {"FROM MARX", "TO"}
                                      for k in (1, 2)):
            fw[ln.number] = "sig"
        elif not any(c.isalnum() for c in t):
            fw[ln.number] = "sig"  # stray glyphs of the scan
    # page number + running head: two isolated lines two apart, one a bare number
    for ln in lines:
        m = BARE_NUMBER.match(ln.text)
        if not m or not isolated(ln.number) or (stop is not None and ln.number >= stop and
                                                 not _head_near(by_no, ln.number, isolated)):
            continue
        for other in (ln.number - 2, ln.number + 2):
            o = by_no.get(other)
            if o is None or not isolated(other):
                continue
            ot = o.text.strip()
            if LETTER_SPACED_NAME.match(ot) or (is_caps(ot) and len(ot) < 70):
                fw[ln.number] = "pageNum"
                fw[other] = "header"
                break
    return fw


def _head_near(by_no: dict[int, RawLine], n: int, isolated) -> bool:
    """In notes and chronicle bare numbers are note numbers unless a running head is beside them."""
    for other in (n - 2, n + 2):
        o = by_no.get(other)
        if o is not None and isolated(other) and o.text.strip() == "BIOGRAPHICAL CHRONICLE":
            return True
    return False


@dataclass
class Page:
    start: int  # raw line at which the page starts
    pb: etree._Element
    printed: int | None = None  # number printed on the page (a pageNum fw)
    number: int | None = None
    cert: str | None = None


@dataclass
class Anchor:
    page: int  # index into the page list
    number: int
    kind: str  # "printed" | "endnote"
    line: int  # raw line of the evidence
    accepted: bool = True


@dataclass
class Numbering:
    anchors: list[Anchor] = field(default_factory=list)

    @property
    def rejected(self) -> list[Anchor]:
        return [a for a in self.anchors if not a.accepted]


def number_pages(pages: list[Page], anchors: list[Anchor]) -> Numbering:
    """Give every page a number from the consistent anchors; mark inferred ones with @cert."""
    anchors = sorted(anchors, key=lambda a: (a.page, a.kind != "printed", a.line))
    # Largest chain in which pages i < j have numbers N_j - N_i >= j - i (a page can be
    # missing from the scan, never duplicated); printed numbers weigh more than note anchors.
    weight = [3 if a.kind == "printed" else 1 for a in anchors]
    best = list(weight)
    prev = [-1] * len(anchors)
    for j, b in enumerate(anchors):
        for i in range(j):
            a = anchors[i]
            ok = (a.page == b.page and a.number == b.number) or \
                 (b.page > a.page and b.number - a.number >= b.page - a.page)
            if ok and best[i] + weight[j] > best[j]:
                best[j], prev[j] = best[i] + weight[j], i
    chain: list[int] = []
    if anchors:
        k = max(range(len(anchors)), key=lambda x: best[x])
        while k >= 0:
            chain.append(k)
            k = prev[k]
    keep = set(chain)
    for i, a in enumerate(anchors):
        a.accepted = i in keep
    good = [a for a in anchors if a.accepted]
    by_page: dict[int, Anchor] = {}
    for a in good:
        by_page.setdefault(a.page, a)
    for idx, page in enumerate(pages):
        if idx in by_page:
            a = by_page[idx]
            page.number = a.number
            page.cert = None if a.kind == "printed" else "high"
            continue
        before = next((a for a in reversed(good) if a.page < idx), None)
        after = next((a for a in good if a.page > idx), None)
        if before is None and after is None:
            continue
        if before is not None and after is not None:
            exact = after.number - before.number == after.page - before.page
            page.number = before.number + (idx - before.page)
            page.cert = "high" if exact else "low"
        elif before is not None:
            page.number = before.number + (idx - before.page)
            page.cert = "medium"
        else:
            assert after is not None
            n = after.number - (after.page - idx)
            if n < 1:
                continue  # front matter before page 1: no arabic number
            page.number, page.cert = n, "medium"
    for page in pages:
        if page.number is not None:
            page.pb.set("n", str(page.number))
            if page.cert:
                page.pb.set("cert", page.cert)
    return Numbering(anchors)
