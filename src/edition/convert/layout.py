"""Page layout learned from the volume itself: folios, running heads, stamps and page turns.

Nothing here names a source's furniture. A volume's page numbers are found as the longest
sequence of number-like lines (arabic, roman in the front matter, misread glyphs such as ``l``
for ``1``, alone or beside a running head as in "VIII    CONTENTS") that rises by small steps
at the rhythm of a page; the page length is measured on that sequence. Lines that recur
(compared without spacing and look-alike glyphs) and stand next to those folios are running heads
and stamps; so is a short line printed right against the text (no blank line sets it off) when
its text ends (or opens) many pages where those folios turn them and no paragraph runs across it.
A page turn is a group of furniture lines; whether a folio or a stamp sits at the foot
of the page before or at the top of the page after is learned from the volume (the page numbers
must rise by one a page) and from what each recurring line is glued to. A page turn without any
furniture (a work opening on a new page under a folio printed at the top) is found where the
numbers say a page is missing: at the blank-line run before a head, else at the longest run.

The thresholds are profile data (``[thresholds]`` of the printed profiles).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .lines import RawLine

GLYPHS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5"})
LOOKALIKE = str.maketrans({"0": "O", "1": "I", "L": "I", "|": "I", "5": "S", "F": "E"})
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN_TOKEN = re.compile(r"^[IVXLCDM]+$")
NUMBER_TOKEN = re.compile(r"^[0-9lIOS|]{1,4}$")
# a folio beside a running head, either side, two or more spaces apart (or one before capitals)
FOLIO_FIRST = re.compile(r"^(\S{1,8})\s+(\S.*)$")
FOLIO_LAST = re.compile(r"^(.*\S)\s+(\S{1,8})$")


def roman_value(token: str) -> int | None:
    """The value of a well-formed roman numeral, else None."""
    if not ROMAN_TOKEN.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " ", strict=False):
        v = ROMAN_VALUES[a]
        total += -v if b != " " and ROMAN_VALUES[b] > v else v
    return total if to_roman(total) == token else None


def to_roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


@dataclass(frozen=True)
class Folio:
    line: int
    value: int
    roman: bool
    with_head: bool  # printed on one line with a running head

    @property
    def label(self) -> str:
        return to_roman(self.value) if self.roman else str(self.value)


def folio_token(token: str) -> tuple[int, bool] | None:
    """(value, roman) of a page number as the OCR read it."""
    if NUMBER_TOKEN.match(token) and any(c.isdigit() for c in token):
        digits = token.translate(GLYPHS)
        return (int(digits), False) if digits.isdigit() and int(digits) > 0 else None
    value = roman_value(token)
    return (value, True) if value is not None else None


def is_headlike(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def folio_of(line: RawLine, head_max: int) -> Folio | None:
    """The page number a short line prints: alone, or beside a running head."""
    text = line.text.strip()
    if not text or len(text) > head_max:
        return None
    alone = folio_token(text)
    if alone is not None:
        return Folio(line.number, alone[0], alone[1], False)
    for pattern, token_group, head_group in ((FOLIO_FIRST, 1, 2), (FOLIO_LAST, 2, 1)):
        m = pattern.match(text)
        if m is None:
            continue
        parsed = folio_token(m.group(token_group))
        head = m.group(head_group)
        wide = "  " in text  # two spaces part a folio from its head; one only before capitals
        if parsed is not None and is_headlike(head) and (wide or head.isupper()) \
                and not head.rstrip().endswith((".", ",")) and not m.group(token_group).endswith("."):
            return Folio(line.number, parsed[0], parsed[1], True)
    return None


def furniture_key(text: str) -> str:
    """A line as compared with its recurrences: capitals, look-alikes merged, no spacing."""
    return re.sub(r"[^A-Z0-9]", "", text.upper().translate(LOOKALIKE))


@dataclass
class Layout:
    furniture: dict[int, str] = field(default_factory=dict)  # raw line → fw type
    starts: list[int] = field(default_factory=list)  # raw lines opening a page
    labels: dict[int, str] = field(default_factory=dict)  # page start → its number as printed
    printed: set[int] = field(default_factory=set)  # page starts whose number is printed
    page_length: float = 0.0

    @property
    def found(self) -> bool:
        return bool(self.starts)


@dataclass(frozen=True)
class LayoutLimits:
    head_max: int  # a furniture line is shorter than this
    max_gap: int  # a folio sequence skips at most this many pages between two folios
    min_page: int  # a page has at least this many raw lines
    min_folios: int  # fewer folios than this in sequence: no learned layout
    tolerance_pct: int  # a page's length may differ this much from the typical one
    min_repeats: int  # a line recurring this often (at page turns) is furniture
    glued_min_repeats: int  # a line glued to the text is furniture if it ends (or opens) at least
    glued_min_pct: int  # ... this many pages and this share of the pages learned

    @classmethod
    def of(cls, limit: dict[str, int]) -> LayoutLimits:
        """The limits a profile's thresholds set (printed-book.toml names them)."""
        return cls(head_max=limit["running_head_max"], max_gap=limit["folio_max_gap"],
                   min_page=limit["page_min_lines"], min_folios=limit["folio_min_count"],
                   tolerance_pct=limit["page_rhythm_tolerance_pct"],
                   min_repeats=limit["furniture_min_repeats"],
                   glued_min_repeats=limit["furniture_glued_min_repeats"],
                   glued_min_pct=limit["furniture_glued_min_pct"])


# -- the folio sequence -----------------------------------------------------------------------
def folio_chain(folios: list[Folio], max_gap: int) -> list[Folio]:
    """The longest sequence of folios rising by 1..max_gap (roman front matter may be followed
    by arabic numbers starting again), preferring steps of one."""
    n = len(folios)
    best = [1.0] * n
    prev = [-1] * n
    for j, b in enumerate(folios):
        for i in range(max(0, j - 60), j):
            a = folios[i]
            if a.roman == b.roman:
                step = b.value - a.value
                if not 1 <= step <= max_gap:
                    continue
            elif a.roman and not b.roman:
                step = 1 if b.value <= max_gap else max_gap
            else:
                continue
            score = best[i] + 1.0 - 0.1 * (step - 1)
            if score > best[j]:
                best[j], prev[j] = score, i
    if not folios:
        return []
    k = max(range(n), key=lambda x: (best[x], -x))
    chain: list[Folio] = []
    while k >= 0:
        chain.append(folios[k])
        k = prev[k]
    return chain[::-1]


def steps_of(chain: list[Folio]) -> list[tuple[int, int]]:
    """(lines, pages) between consecutive folios of one numbering."""
    return [(b.line - a.line, b.value - a.value) for a, b in zip(chain, chain[1:], strict=False)
            if a.roman == b.roman]


def page_length(chain: list[Folio]) -> float:
    per_page = sorted(d / s for d, s in steps_of(chain) if s > 0)
    return per_page[len(per_page) // 2] if per_page else 0.0


def rhythmic(chain: list[Folio], limits: LayoutLimits) -> bool:
    """The folios keep a page's rhythm: most steps are about one page length per page."""
    length = page_length(chain)
    if len(chain) < limits.min_folios or length < limits.min_page:
        return False
    tol = limits.tolerance_pct / 100
    steps = steps_of(chain)
    regular = sum(1 for d, s in steps if abs(d / s - length) <= tol * length)
    return regular * 2 >= len(steps)


# -- page turns -------------------------------------------------------------------------------
def furniture_groups(lines: list[RawLine], chain: list[Folio],
                     limits: LayoutLimits) -> tuple[list[list[int]], dict[int, bool]]:
    """The furniture lines around each folio, grouped by page turn: the folio, and the short
    recurring lines within two printed lines of it (a blank line apart at most); and the lines
    glued to the text that recur at a page's end or start (line → True if at its start)."""
    texts = {ln.number: ln.text.strip() for ln in lines}
    keys = {n: furniture_key(t) for n, t in texts.items() if t and len(t) <= limits.head_max}
    counts = Counter(k for k in keys.values() if k)
    first_seen: dict[str, int] = {}
    for n in sorted(keys):
        first_seen.setdefault(keys[n], n)
    folio_lines = {f.line for f in chain}

    # a stamp (not in capitals like a head) is printed on most pages, not a few
    stamp_repeats = max(limits.min_repeats, len(chain) // 4)

    def continues_text(n: int) -> bool:
        following = next((texts[m] for m in range(n + 1, n + 4) if texts.get(m)), "")
        return following[:1].islower()

    def recurring(n: int) -> bool:
        key = keys.get(n, "")
        if not key or not any(c.isalpha() for c in key):
            return False
        needed = limits.min_repeats if is_headlike(texts[n]) else stamp_repeats
        # the first time a head is printed it may be the work's title, unless text runs on under
        # it or it is glued to a folio
        return counts[key] >= needed and (first_seen[key] != n or continues_text(n)
                                          or bool({n - 1, n + 1} & folio_lines))

    def apart(n: int, direction: int) -> bool:
        """Nothing but furniture or a blank line beyond ``n`` (a head is not the end of a text)."""
        beyond = n + direction
        return not texts.get(beyond) or beyond in folio_lines or recurring(beyond)

    members: set[int] = set(folio_lines)
    for f in chain:
        for direction in (-1, 1):
            n, taken, blanks = f.line + direction, 0, 0
            while taken < 2 and n in texts:
                if not texts[n]:
                    blanks += 1
                    if blanks > 1:
                        break
                elif n in folio_lines or (recurring(n) or not any(c.isalnum() for c in texts[n])) \
                        and apart(n, direction):
                    members.add(n)
                    taken, blanks = taken + 1, 0
                else:
                    break
                n += direction
    glued = glued_furniture(texts, keys, members, limits,
                            lambda n: first_seen[keys[n]] != n or continues_text(n))
    return _grouped(members | set(glued), texts), glued


def _grouped(members: set[int], texts: dict[int, str]) -> list[list[int]]:
    """Furniture lines by page turn: those with nothing but blank lines between them."""
    groups: list[list[int]] = []
    for n in sorted(members):
        if groups and all(not texts[m] for m in range(groups[-1][-1] + 1, n)):
            groups[-1].append(n)
        else:
            groups.append([n])
    return groups


def glued_furniture(texts: dict[int, str], keys: dict[int, str], members: set[int],
                    limits: LayoutLimits, not_a_title: Callable[[int], bool]) -> dict[int, bool]:
    """Short lines printed directly against the text (no blank line sets them off) that are
    furniture all the same: their text ends (or opens) many pages, at the page turns found from
    the folios, and no paragraph ever runs across them. Line → True if it opens its page."""
    def printed_text(n: int) -> bool:  # a line of the text, not furniture
        return bool(texts.get(n)) and n not in members

    def turn_beyond(n: int, direction: int) -> bool:  # only blank lines between n and a turn
        n += direction
        while n in texts and not texts[n]:
            n += direction
        return n in members

    shapes: dict[str, dict[bool, list[int]]] = {}  # key → at page start? → its lines so shaped
    spoilt: set[str] = set()  # keys some paragraph runs across: running text
    for n, key in keys.items():
        text = texts[n]
        if n in members or not any(c.isalpha() for c in key):
            continue
        if printed_text(n - 1) and printed_text(n + 1) or text[:1].islower() \
                or text.endswith(("-", ",", ";")):
            spoilt.add(key)
        elif printed_text(n - 1) != printed_text(n + 1):
            at_start = printed_text(n + 1)
            if at_start and not not_a_title(n):  # a work's title over its text, printed once more
                continue  # as its running head: the first time it is the title
            shapes.setdefault(key, {True: [], False: []})[at_start].append(n)
    pages = len(_grouped(members, texts)) + 1
    needed = max(limits.glued_min_repeats, limits.glued_min_pct * pages / 100)
    glued: dict[int, bool] = {}
    for key, by_place in shapes.items():
        if key in spoilt:
            continue
        for at_start, found in by_place.items():
            at_turns = sum(1 for n in found if turn_beyond(n, -1 if at_start else 1))
            if at_turns >= needed and at_turns * 2 > len(found):
                glued.update(dict.fromkeys(found, at_start))
    return glued


def assign_folios(groups: list[list[int]], chain: list[Folio], texts: dict[int, str],
                  length: float) -> dict[int, bool]:
    """Folio line → True if it is printed at the top of the page after its turn (else at the
    foot of the page before). Two folios at one turn are foot and top; a single one is where
    the volume prints them: where most of the pairs put the later one, or, with no pairs, where
    the volume's ends say (a whole page before the first folio: at the foot)."""
    by_line = {f.line: f for f in chain}
    top: dict[int, bool] = {}
    for members in groups:
        inside = [n for n in members if n in by_line]
        if len(inside) >= 2:
            top[inside[0]], top[inside[-1]] = False, True
    votes: Counter[bool] = Counter()
    if top:  # a pair's later folio is where the volume prints them (its first is an opening page's)
        votes[True] += 1
    elif groups:
        printed = [n for n, t in texts.items() if t]
        before = sum(1 for n in printed if n < groups[0][0])
        after = sum(1 for n in printed if n > groups[-1][-1])
        votes[False] += before >= length / 2  # a whole page before the first folio: it was at its foot
        votes[True] += after >= length / 2  # a whole page after the last: it was at its top
    at_top = votes[True] >= votes[False]
    for f in chain:
        top.setdefault(f.line, at_top)
    return top


def learn_layout(lines: list[RawLine], limits: LayoutLimits) -> Layout:
    """The volume's furniture and page turns, or an empty layout when it shows no folios."""
    candidates = [f for ln in lines if (f := folio_of(ln, limits.head_max)) is not None]
    chain = folio_chain(candidates, limits.max_gap)
    if not rhythmic(chain, limits):
        return Layout()
    layout = Layout(page_length=page_length(chain))
    texts = {ln.number: ln.text.strip() for ln in lines}
    groups, glued = furniture_groups(lines, chain, limits)
    top = assign_folios(groups, chain, texts, layout.page_length)
    by_line = {f.line: f for f in chain}
    for members in groups:
        for n in members:
            layout.furniture[n] = ("pageNum" if n in by_line and not by_line[n].with_head
                                   else "sig" if n in glued
                                   else "header" if is_headlike(texts[n]) and n not in by_line
                                   else "header" if n in by_line else "sig")
    turns: list[tuple[int, int | None]] = []  # (page start, folio line numbering that page)
    for members in groups:
        start = _top_start(members, top, by_line, glued, layout.furniture)
        foot = [n for n in members if n in by_line and not top[n]]
        tops = [n for n in members if n in by_line and top[n]]
        if foot and turns and turns[-1][1] is None:
            turns[-1] = (turns[-1][0], foot[-1])
        if start is None:
            start = next((n for n in range(members[-1] + 1, len(lines) + 1) if texts[n]), None)
        if start is not None:
            turns.append((start, tops[0] if tops else None))
    first_text = next((ln.number for ln in lines if ln.text.strip()), None)
    if first_text is not None and (not turns or turns[0][0] > first_text):
        first_foot = next((n for n in groups[0] if n in by_line and not top[n]), None) if groups else None
        turns.insert(0, (first_text, first_foot))
        if len(turns) > 1 and turns[1][1] == first_foot:
            turns[1] = (turns[1][0], None)
    turns = _split_missing(turns, by_line, texts, lines)
    distinct: dict[int, int | None] = {}
    for start, folio in sorted(turns, key=lambda t: t[0]):
        distinct.setdefault(start, folio)
    turns = list(distinct.items())
    layout.starts = [s for s, _ in turns]
    _number(layout, turns, by_line)
    return layout


def _top_start(members: list[int], top: dict[int, bool], by_line: dict[int, Folio],
               glued: dict[int, bool], furniture: dict[int, str]) -> int | None:
    """The first line of the page after a turn that belongs to that page (its top furniture).
    A line glued to the text belongs to the page of that text."""
    foot_end = max((i for i, n in enumerate(members) if n in by_line and not top[n]
                    or glued.get(n) is False), default=-1)
    top_at = min((i for i, n in enumerate(members) if n in by_line and top[n]
                  or glued.get(n) is True), default=len(members))
    for i in range(foot_end + 1, top_at):
        n = members[i]
        glued_to_foot = i > 0 and members[i - 1] == n - 1 and i - 1 <= foot_end + 0 and foot_end >= 0
        if furniture[n] == "header" and not glued_to_foot:
            return n
    return members[top_at] if top_at < len(members) else None


def _split_missing(turns: list[tuple[int, int | None]], by_line: dict[int, Folio],
                   texts: dict[int, str], lines: list[RawLine]) -> list[tuple[int, int | None]]:
    """Where two consecutive pages' folios say a page is missing between them, the page turn
    had no furniture: it is at the longest blank-line run before a head, else the longest run."""
    out: list[tuple[int, int | None]] = []
    for k, (start, folio) in enumerate(turns):
        out.append((start, folio))
        nxt = turns[k + 1] if k + 1 < len(turns) else None
        if folio is None or nxt is None or nxt[1] is None:
            continue
        a, b = by_line[folio], by_line[nxt[1]]
        if a.roman != b.roman or b.value - a.value != 2:
            continue
        cut = _blank_run_cut(start, nxt[0], texts)
        if cut is not None:
            # the folio printed inside this stretch numbers the part it lies in
            owner = folio if folio < cut else None
            out[-1] = (start, owner)
            out.append((cut, folio if owner is None else None))
    return out


def _blank_run_cut(lo: int, hi: int, texts: dict[int, str]) -> int | None:
    """The line after the best blank-line run strictly inside lo..hi: the longest run before a
    head in capitals if any, else the longest run (the first of equals)."""
    runs: list[tuple[int, int]] = []  # (length, first line after the run)
    n = lo + 1
    while n < hi:
        if not texts.get(n, "x"):
            m = n
            while m < hi and not texts.get(m, "x"):
                m += 1
            if m < hi:
                runs.append((m - n, m))
            n = m
        n += 1
    if not runs:
        return None
    heads = [(length, after) for length, after in runs if is_headlike(texts[after])]
    longest = max(length for length, _ in heads or runs)
    return min(after for length, after in heads or runs if length == longest)


def _number(layout: Layout, turns: list[tuple[int, int | None]], by_line: dict[int, Folio]) -> None:
    """Each page's number: the folio printed on it, else counted from the nearest one."""
    known = {k: by_line[f] for k, (_, f) in enumerate(turns) if f is not None}
    for k, (start, folio) in enumerate(turns):
        if folio is not None:
            layout.labels[start] = by_line[folio].label
            layout.printed.add(start)
            continue
        before = max((i for i in known if i < k), default=None)
        after = min((i for i in known if i > k), default=None)
        if before is not None and (after is None or k - before <= after - k or
                                   known[after].roman != known[before].roman):
            f = known[before]
            layout.labels[start] = to_roman(f.value + k - before) if f.roman else str(f.value + k - before)
        elif after is not None and known[after].value - (after - k) >= 1:
            f = known[after]
            value = f.value - (after - k)
            layout.labels[start] = to_roman(value) if f.roman else str(value)
