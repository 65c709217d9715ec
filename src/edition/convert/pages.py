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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Leaf
from ..profiles import Conventions
from .lines import RawLine

BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
LETTER_SPACED_NAME = re.compile(r"^(?:[A-Z]\. ?)+(?:[A-Z] ){2,}[A-Z]$")  # "J. V. S T A L I N"
PAGE_MARK = re.compile(r"^ \S")


@lru_cache(maxsize=1 << 16)  # the structure stage asks about the same lines many times
def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def classify_furniture(lines: list[RawLine], conv: Conventions, head_max: int,
                       stop: int | None = None) -> dict[int, str]:
    """Raw line number → fw type for the furniture lines (up to line ``stop`` for page numbers;
    a running head is shorter than ``head_max``). The stamps are the source's ``conv``."""
    fw: dict[int, str] = {}
    by_no = {ln.number: ln for ln in lines}

    def isolated(n: int) -> bool:
        before, after = by_no.get(n - 1), by_no.get(n + 1)
        return (before is None or before.blank) and (after is None or after.blank)

    for ln in lines:
        t = ln.text.strip()
        if not t:
            continue
        if t in conv.stamp_lines or t in conv.stamp_tails and any(
                by_no.get(ln.number - k) is not None
                and by_no[ln.number - k].text.strip() in conv.stamp_tail_after for k in (1, 2)):
            fw[ln.number] = "sig"
        elif not any(c.isalnum() for c in t):
            fw[ln.number] = "sig"  # stray glyphs of the scan
    # page number + running head: two isolated lines two apart, one a bare number
    for ln in lines:
        m = BARE_NUMBER.match(ln.text)
        if not m or not isolated(ln.number) or (stop is not None and ln.number >= stop and
                                                 not _head_near(by_no, ln.number, isolated,
                                                                conv.back_running_heads)):
            continue
        for other in (ln.number - 2, ln.number + 2):
            o = by_no.get(other)
            if o is None or not isolated(other):
                continue
            ot = o.text.strip()
            if LETTER_SPACED_NAME.match(ot) or (is_caps(ot) and len(ot) < head_max):
                fw[ln.number] = "pageNum"
                fw[other] = "header"
                break
    return fw


def _head_near(by_no: dict[int, RawLine], n: int, isolated: Callable[[int], bool],
               heads: tuple[str, ...]) -> bool:
    """In notes and chronicle bare numbers are note numbers unless a running head of the back
    matter (``heads``) is beside them."""
    for other in (n - 2, n + 2):
        o = by_no.get(other)
        if o is not None and isolated(other) and o.text.strip() in heads:
            return True
    return False


@dataclass
class Page:
    start: int  # raw line at which the page starts
    printed: int | None = None  # number printed on the page (a pageNum fw)
    number: int | None = None  # given by number_pages
    cert: str | None = None
    label: str | None = None  # the number as printed (roman too), from a learned layout

    def pb(self) -> Leaf:
        """The page's ``pb`` node (after numbering: with its number and certainty)."""
        n = self.label if self.label is not None else \
            str(self.number) if self.number is not None else None
        attrs = {"n": n} if n is not None else {}
        if n is not None and self.cert:
            attrs["cert"] = self.cert
        return Leaf("pb", attrs, line=self.start)


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


def _blank_pages_before(pages: list[Page], before: Anchor, after: Anchor) -> list[int]:
    """Where the pages missing between two anchors most likely were: unprinted pages follow
    short pages (a work's last page, a title page), so after the shortest ones."""
    gap = (after.number - before.number) - (after.page - before.page)
    if gap <= 0:
        return []
    inside = range(before.page, after.page)
    length = {k: pages[k + 1].start - pages[k].start for k in inside}
    return sorted(k + 1 for k in sorted(inside, key=lambda k: (length[k], k))[:gap])


PRINTED_WEIGHT = 1000  # a number printed on the page outweighs any number of note anchors
LOWER = {"high": "medium", "medium": "low", "low": "low"}


def number_pages(pages: list[Page], anchors: list[Anchor], doubtful: set[int] | None = None) -> Numbering:
    """Give every page a number from the consistent anchors; mark inferred ones with @cert.

    ``doubtful``: indices of pages whose start was chosen only to fit the printed numbers;
    they, and pages that a rejected anchor names otherwise, get a lower certainty."""
    anchors = sorted(anchors, key=lambda a: (a.page, a.kind != "printed", a.line))
    _accept_consistent(anchors)
    good = [a for a in anchors if a.accepted]
    by_page: dict[int, Anchor] = {}
    for a in good:
        by_page.setdefault(a.page, a)
    for idx, page in enumerate(pages):
        if idx in by_page:
            a = by_page[idx]
            page.number = a.number
            page.cert = None if a.kind == "printed" else "high"
        else:
            _infer_number(pages, idx, good)
    disputed = {a.page for a in anchors if not a.accepted and a.number != pages[a.page].number}
    for idx, page in enumerate(pages):
        if page.cert and (idx in disputed or idx in (doubtful or set())):
            page.cert = LOWER[page.cert]
    return Numbering(anchors)


def _accept_consistent(anchors: list[Anchor]) -> None:
    """Mark the largest chain in which pages i < j have numbers N_j - N_i >= j - i (a page
    can be missing from the scan, never duplicated) accepted; printed numbers weigh most."""
    weight = [PRINTED_WEIGHT if a.kind == "printed" else 1 for a in anchors]
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


def _infer_number(pages: list[Page], idx: int, good: list[Anchor]) -> None:
    """Number page ``idx`` from the accepted anchors around it."""
    page = pages[idx]
    before = next((a for a in reversed(good) if a.page < idx), None)
    after = next((a for a in good if a.page > idx), None)
    if before is not None and after is not None:
        exact = after.number - before.number == after.page - before.page
        skipped = _blank_pages_before(pages, before, after)
        page.number = before.number + (idx - before.page) + sum(1 for k in skipped if k <= idx)
        page.cert = "high" if exact else "low"
    elif before is not None:
        page.number = before.number + (idx - before.page)
        page.cert = "medium"
    elif after is not None:
        n = after.number - (after.page - idx)
        if n >= 1:  # front matter before page 1 has no arabic number
            page.number, page.cert = n, "medium"


# -- where pages start --------------------------------------------------------------------
# A line opening with a space marks a page start, but the OCR also indents lines whose
# note number it lost: a page start must make a plausible page. Pages are weighed in print
# lines; a choice of starts costs the squared relative deviation of each page from the
# region's typical page (the last page before a forced start may be short), less a bonus for
# each marked start kept. Between two printed page numbers the count of pages is known.
START_BONUS = 0.1  # a marked start kept is worth a tenth of a page's squared deviation
COUNT_TOLERANCE = 1.0  # extra cost accepted to match the count of pages printed numbers imply
MEASURE_FROM = 40  # lines longer than this are full lines: their median length is the measure
DEFAULT_MEASURE = 60  # the measure of a region without full lines
DEFAULT_PAGE = 30.0  # print lines of a page where a region gives no page to measure


@dataclass(frozen=True)
class PageCandidates:
    marked: set[int]  # lines marked as page starts (leading space)
    forced: set[int]  # lines that certainly open a page (work heads, furniture, regions)
    printed: dict[int, int]  # forced start → the page number printed on that page
    regions: list[int]  # first lines of the regions (body, notes, chronicle): own page sizes


def line_weights(lines: list[RawLine], skip: set[int], regions: list[int]) -> list[float]:
    """Print lines each raw line stands for (merged OCR lines count for several)."""
    weights = [0.0] * (len(lines) + 2)
    bounds = sorted(set(regions)) + [len(lines) + 1]
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        texts = [ln.text.strip() for ln in lines[lo - 1:hi - 1]]
        long = sorted(len(t) for t in texts if len(t) > MEASURE_FROM)
        measure = long[len(long) // 2] if long else DEFAULT_MEASURE
        for ln in lines[lo - 1:hi - 1]:
            t = ln.text.strip()
            if t and ln.number not in skip and not BARE_NUMBER.match(t):
                weights[ln.number] = float(max(1, round(len(t) / measure)))
    return weights


def choose_starts(lines: list[RawLine], cand: PageCandidates,
                  skip: set[int]) -> tuple[list[int], set[int]]:
    """The page starts (every forced start and the plausible marked ones), and the starts
    chosen to match a count of pages that the page sizes alone would not give (doubtful)."""
    positions = sorted(cand.marked | cand.forced)
    if not positions:
        return [], set()
    weights = line_weights(lines, skip, cand.regions)
    prefix = [0.0]  # prefix[k]: weight of lines 1 .. k
    for w in weights[1:]:
        prefix.append(prefix[-1] + w)

    def weight(a: int, b: int) -> float:  # lines a .. b-1
        return prefix[b - 1] - prefix[a - 1]

    bounds = sorted(set(cand.regions))
    typical: dict[int, float] = {}
    for lo, hi in zip(bounds, bounds[1:] + [len(lines) + 1], strict=False):
        inside = [p for p in positions if lo <= p < hi] + [hi]
        sizes = sorted(weight(a, b) for a, b in zip(inside, inside[1:], strict=False))
        typical[lo] = max(sizes[len(sizes) // 2], 1.0) if sizes else DEFAULT_PAGE

    def size_of(a: int) -> float:
        lo = max((b for b in bounds if b <= a), default=bounds[0] if bounds else 1)
        return typical.get(lo, DEFAULT_PAGE)

    def cost(a: int, b: int, tail: bool) -> float:
        t = size_of(a)
        dev = (weight(a, b) - t) / t
        return (max(dev, 0.0) if tail else dev) ** 2

    # spans between pages with printed numbers: there the count of pages is known
    printed = sorted(cand.printed)
    cuts = [positions[0]] + [p for p in printed if p > positions[0]] + [len(lines) + 1]
    chosen: list[int] = []
    doubtful: set[int] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        span = [p for p in positions if a <= p < b]
        target = cand.printed[b] - cand.printed[a] if a in cand.printed and b in cand.printed \
            else None
        starts, fitted = best_starts(span, b, cand.forced, target, cost)
        chosen += starts
        if fitted:
            doubtful |= set(starts)
    return sorted(set(chosen)), doubtful


def best_starts(span: list[int], stop: int, forced: set[int], target: int | None,
                 cost) -> tuple[list[int], bool]:
    """The cheapest choice of starts in a span (span[0] is kept, forced starts are kept);
    with ``target``, the cheapest giving that many pages unless it costs much more."""
    n = len(span)
    # best[k][c]: least cost with a page starting at span[k], c pages so far
    best: list[dict[int, float]] = [{} for _ in range(n)]
    back: list[dict[int, int]] = [{} for _ in range(n)]
    best[0][1] = 0.0
    finals: list[tuple[float, int, int]] = []  # (cost, pages, last start index)
    floor = 0  # no page may jump over a forced start
    for k in range(1, n + 1):
        b = span[k] if k < n else stop
        tail = k == n or span[k] in forced
        for i in range(k - 1, floor - 1, -1):
            step = cost(span[i], b, tail) - (0.0 if k == n or span[k] in forced else START_BONUS)
            for c, v in best[i].items():
                if k == n:
                    finals.append((v + step, c, i))
                elif v + step < best[k].get(c + 1, float("inf")):
                    best[k][c + 1], back[k][c + 1] = v + step, i
        if k < n and span[k] in forced:
            floor = k
    if not finals:
        return span[:1], False
    free = pick = min(finals)
    if target is not None:
        fitting = [f for f in finals if f[1] == target]
        if fitting and min(fitting)[0] <= pick[0] + COUNT_TOLERANCE:
            pick = min(fitting)
    _total, c, i = pick
    out = [span[i]]
    while i > 0:
        i, c = back[i][c], c - 1
        out.append(span[i])
    return sorted(out), pick[1] != free[1]
