"""Corrections of the printed text, all rules in one place, each made as a ``choice``.

The rules only decide from evidence in the same text (its own vocabulary); what no rule
can decide is listed by hand in ``raw/corrections.toml`` (scholars extend it):

- soft line-end hyphen ("ob-" / "stacles"): ``pc force="weak"`` + ``lb break="no"``; a
  hyphen whose compound is printed elsewhere inside a line ("inner-Party"), or that stands
  before a capital ("non-" / "Party"), is kept as a hard hyphen (still ``lb break="no"``).
- dropped compound hyphen ("workingclass", "antiLeninist"): ``sic/corr`` where the
  hyphenated form (or a compound opening so) is attested in the same text.
- letter-spaced runs ("a n d “ R e s u l t s"): ``orig/reg``. The letters are re-segmented
  by dynamic programming into the fewest words of the text's own vocabulary (the words it
  prints unspaced, with their inflections), the most frequent on a tie. ``@cert`` high: every
  word known and no rival as short; medium: a near rival; low: a stretch no word covers —
  such runs are counted as "letter-spacing undecided" with their raw lines (``-v convert``).
- OCR confusions: "|" for "I", "Il." for "II.", "XX1V" for "XXIV", "g" for "q" ("guestion"),
  "Is" for "is" inside a sentence, "S0" for "so", "i.¢." for "i.e.", "®*" for "**": ``sic/corr``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError
from ..lexicon import ROMAN_NUMERAL
from ..model import Block, Document, Span
from ..wordlist import in_lexicon, zipf

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-$")
LINE_START_WORD = re.compile(r"([A-Za-z]+)")  # used with .match(text, pos)
OCR_BAR = re.compile(r"(?<![^\s(“])\|(?=[\s.,])")  # "|" standing for "I"
ROMAN_IL = re.compile(r"^(I)l(?=\.)|^(I)l(l)(?=\.)|^(V)l(?=\.)")
OCR_ZERO = re.compile(r"\b(?=[A-Za-z0]*[A-Za-z])[A-Za-z]*0[A-Za-z0]*\b")  # "S0": 0 read for o
OCR_STAR = re.compile(r"(?<=\w)([®™©]+)(\*+)")  # "peasantry®*": the mark's first stars misread
CASE_JOIN = re.compile(r"(?<![\w-])([a-z]{2,})([A-Z][a-z]{2,})(?![\w-])")  # "antiLeninist"
ROMAN_ONE = re.compile(r"\b(?=[IVXLC]*1)(?=[IVXLC1]*[IVXLC][IVXLC1]*[IVXLC])[IVXLC1]{3,}\b")  # "XX1V"
ROMAN = ROMAN_NUMERAL
CENT = re.compile(r"[A-Za-z.]*¢[A-Za-z.]*")  # "i.¢.": the cent sign read for c or e
STARS = re.compile(r"(?<![*®™©])\*{2,}")  # emphasis marks ("My italics") printed as "**"
TOKEN = re.compile(r"\S+")
LETTER = re.compile(r"[A-Za-z]")
SPACED_INITIALS = re.compile(r"\b[A-Z]\.(?: [A-Z]\.)+")  # "C. C." printed spaced
INITIAL_IN_PARENS = re.compile(r"\b([A-Z]\.) \(([A-Z]\.)\)")  # "C.P. (B.)"
JOINED_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}")  # "C.C.", "R.C.P."
LONG_WORD = re.compile(r"(?<![\w-])([A-Za-z]{6,})(?![\w-])")  # a compound may hide in it
NUMERAL_WITH_L = re.compile(r"^(Il|Ill|Vl|Vll)\.")  # "Il." for "II." opening a line
LINE_CLOSES_SENTENCE = re.compile(r"[.?!:”)]\s*$")
WORD_WITH_G = re.compile(r"\b[a-z]*g[a-z]*\b")  # "guestion": g read for q

# -- letter-spaced runs ("a n d “ R e s u l t s o f t h e") ---------------------------------
SPACED_TOKEN = 2  # a spaced token has one or two characters (kerned pairs: "Wo", "rg", "Tr")
INNER_WORD = re.compile(r"[A-Za-z]{3,6}")  # a piece the OCR left joined inside a run ("CATE")
MIN_SINGLES = 4  # single letters that make a run letter-spaced
TRAILING_LETTERS = re.compile(r"[A-Za-z]+$")
PIECE = re.compile(r"[A-Za-z]+(?:[-’'][A-Za-z]+)*|\d+|[^\sA-Za-z\d]")
APOSTROPHES = "’'"
CLITICS = {"s", "t", "ll", "re", "ve", "d", "m"}
OPENERS = set("“‘([")
CLOSERS = set("”’)],.;:!?")
MAX_WORD = 24
MARGIN = 10.0  # a segmentation as short as the best is a rival unless ten times rarer
UNKNOWN_COST = 3.0  # an unknown stretch costs three words, and more per letter
UNKNOWN_LETTER = 0.6
SUFFIXES = ("s", "es", "d", "ed", "ing", "ly", "er", "ers", "est", "ness", "ment", "ments",
            "ion", "ions", "al", "ally", "ity", "ism", "ist", "ists", "ive", "ies", "ied", "ier",
            "ily", "able", "ise", "ised", "ising", "isation", "ize", "ized", "izing", "ization")
# the suffixes by their last letter, in SUFFIXES order: a word is tried only with those it can end with
SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(x for x in SUFFIXES if x[-1] == last) for last in {x[-1] for x in SUFFIXES}}
SHORT_WORD_MIN = 20  # two-letter forms printed less often are OCR fragments ("ai", "ew", "ed.");
# three-letter ones printed once are too ("ing")
DERIVED_COST = 2.0  # a form known only from its stem ("lifting") counts as two words
LEXICON_COMMON = 7.0  # Zipf value of the commonest words: a word only the lexicon knows costs more the rarer


@dataclass(frozen=True)
class SpacedRun:
    start: int  # offsets in the block text
    end: int
    line: int  # raw line number
    prev: int | None = None  # start of the word before it (may be part of the run's first word)
    next: int | None = None  # end of the word after it


@dataclass(frozen=True)
class Split:
    words: list[str]
    unknown: list[str]  # stretches no vocabulary word covers
    ambiguous: bool  # another segmentation has as few words


@dataclass(frozen=True)
class Segmentation:
    reading: str
    cert: str  # high: every word known, one best segmentation; medium: ties; low: unknown stretch
    unknown: list[str]


def find_spaced_runs(text: str, lines: list[int]) -> list[SpacedRun]:
    """Letter-spaced runs in a block's text, one line at a time (runs never cross lines)."""
    runs: list[SpacedRun] = []
    offset = 0
    for idx, line in enumerate(text.split("\n")):
        raw = lines[idx] if idx < len(lines) else (lines[-1] if lines else 0)
        runs += [SpacedRun(offset + r.start, offset + r.end, raw,
                           None if r.prev is None else offset + r.prev,
                           None if r.next is None else offset + r.next)
                 for r in _line_runs(line)]
        offset += len(line) + 1
    return runs


@lru_cache(maxsize=1 << 16)  # each line is asked twice (vocabulary, runs); runs are frozen
def _line_runs(line: str) -> list[SpacedRun]:
    toks = [(m.start(), m.end()) for m in TOKEN.finditer(line)]
    short = [e - s <= SPACED_TOKEN for s, e in toks]
    member = [short[k] or (0 < k < len(toks) - 1 and short[k - 1] and short[k + 1]
                           and INNER_WORD.fullmatch(line[toks[k][0]:toks[k][1]]) is not None)
              for k in range(len(toks))]
    out: list[SpacedRun] = []
    k = 0
    while k < len(toks):
        if not member[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(toks) and member[j + 1]:
            j += 1
        last = j
        if line[toks[last][0]:toks[last][1]] == "-" and last == len(toks) - 1 and last > k:
            last -= 1  # a line-end hyphen belongs to the hyphenation rule
        singles = sum(1 for s, e in toks[k:last + 1] if e - s == 1 and line[s].isalpha())
        if singles >= MIN_SINGLES:
            tail = TRAILING_LETTERS.search(line, toks[k - 1][0], toks[k - 1][1]) if k else None
            prev = tail.start() if tail else None  # "“org a n i s a t i o n": the letters "org"
            nxt = toks[last + 1][1] if last + 1 < len(toks) and line[toks[last + 1][0]].isalpha() \
                else None
            out.append(SpacedRun(toks[k][0], toks[last][1], 0, prev, nxt))
        k = j + 1
    return out


def join_items(items: list[str], abbreviations: set[str]) -> str:
    """Words and punctuation with the spaces of print: "of ‘order’” but", "(B.)", "1923"."""
    text = ""
    for i, item in enumerate(items):
        prev = items[i - 1] if i else ""
        if i and (item[0].isalnum() or item in OPENERS) and (prev[0].isalnum() or prev in CLOSERS):
            text += " "
        text += item

    def initials(m: re.Match[str]) -> str:
        # "R. C. P." → "R.C.P."; two initials only where the text prints them so ("C.C.", not "J.V.")
        joined = m.group(0).replace(" ", "")
        return joined if len(joined) >= 6 or joined in abbreviations else m.group(0)

    text = SPACED_INITIALS.sub(initials, text)
    return INITIAL_IN_PARENS.sub(r"\1(\2)", text)


def load_corrections(path: Path) -> dict[str, Any]:
    """``raw/corrections.toml`` parsed and checked against its model (metadata.py)."""
    from ..metadata import CORRECTIONS_SCHEMA, check

    try:
        text = path.read_text(encoding="utf-8")
        data: dict[str, Any] = tomllib.loads(text)
    except UnicodeDecodeError:
        raise EditionError("not UTF-8", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"invalid TOML: {exc}", file=path,
                           line=getattr(exc, "lineno", None)) from None
    check(data, CORRECTIONS_SCHEMA, path, text)
    return data


@dataclass
class ListedCorrection:
    line: int
    found: str
    reading: str
    kind: str = "sic"
    cert: str = "high"
    why: str = ""


@dataclass
class CorrectionList:
    """The committed list of cases no rule decides, for one source."""

    corrections: list[ListedCorrection] = field(default_factory=list)
    note_starts: dict[int, int] = field(default_factory=dict)  # raw line → endnote number
    note_continues: set[int] = field(default_factory=set)  # page-start lines inside a note

    @classmethod
    def load(cls, path: Path, slug: str) -> CorrectionList:
        """The entries for ``slug`` in the project's list ``path`` (none when it is absent)."""
        out = cls()
        if not path.exists():
            return out
        data = load_corrections(path)
        for e in data.get("correction", []):
            if e.get("source") == slug:
                out.corrections.append(ListedCorrection(int(e["line"]), e["found"], e["reading"],
                                                        e.get("kind", "sic"), e.get("cert", "high"),
                                                        e.get("why", "")))
        for e in data.get("note_start", []):
            if e.get("source") == slug:
                out.note_starts[int(e["line"])] = int(e["n"])
        for e in data.get("note_continues", []):
            if e.get("source") == slug:
                out.note_continues.add(int(e["line"]))
        return out


@dataclass
class Vocabulary:
    """Word forms of one text, from its lines (not across line ends, not letter-spaced runs)."""

    words: Counter[str]
    compounds: Counter[str]  # lower-cased hyphenated forms printed inside a line
    marks: Counter[str] = field(default_factory=Counter)  # emphasis marks "**" as printed
    stems: set[str] = field(default_factory=set)  # stems of the printed words ("confer")
    total: int = 1  # word tokens printed
    abbreviations: set[str] = field(default_factory=set)  # initials printed joined: "C.C."
    text: str = ""  # the whole text, for forms that are no words ("i.e.")
    _known: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # memo of known()
    # the first parts of the compounds ("anti" of "anti-leninist"), made once (compound_firsts)
    _firsts: set[str] | None = field(default=None, repr=False, compare=False)

    def compound_firsts(self) -> set[str]:
        if self._firsts is None:
            self._firsts = {c.split("-")[0] for c in self.compounds}
        return self._firsts

    def __post_init__(self) -> None:
        self.stems = {stem for w in self.words if len(w) >= 4
                      for stem in [w, *_stems(w, variants=False)]}
        self.total = sum(self.words.values()) or 1

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        words: Counter[str] = Counter()
        compounds: Counter[str] = Counter()
        marks: Counter[str] = Counter(STARS.findall(text))
        abbreviations = set(JOINED_INITIALS.findall(text))
        for line in text.split("\n"):
            for run in reversed(_line_runs(line)):  # its letters are no words of the text
                line = line[:run.start] + " " + line[run.end:]
            toks = WORD.findall(line)
            if line.rstrip().endswith("-") and toks:
                toks = toks[:-1]  # a line-end fragment is not a word
            for tok in toks:
                if "-" in tok:
                    compounds[tok.lower()] += 1
                    for part in tok.split("-"):
                        if len(part) > 2:  # not "co" of "co-operation"
                            words[part.lower()] += 1
                else:
                    words[tok.lower()] += 1
        return cls(words, compounds, marks, abbreviations=abbreviations, text=text)

    def known(self, word: str) -> int:
        """How often ``word`` is printed as a word (0: not a word of this text).

        Single letters are words only as "a" and "I"; rare one- and two-letter forms are OCR
        fragments of broken words, not words. A form not printed elsewhere is known once where
        it shares a stem with a printed word ("lift" → "lifting", "conferred" → "confers").
        """
        if word not in self._known:  # the segmenter asks for the same pieces many times
            low = word.lower()
            self._known[word] = self.printed(word) or int(any(stem in self.stems
                                                              for stem in [low, *_stems(low)])) \
                or int(in_lexicon(word))  # a word the text does not print: "C O U N T R I E S"
        return self._known[word]

    def printed(self, word: str) -> int:
        """How often ``word`` itself is printed (with the short-word rules of ``known``)."""
        if len(word) == 1:
            return self.words[word.lower()] if word in {"a", "A", "I"} else 0
        count = self.words[word.lower()]
        least = SHORT_WORD_MIN if len(word) == 2 else 2 if len(word) == 3 else 1
        return count if count >= least else 0


def _column_rule(text: str, pos: int) -> bool:
    """A "|" that rules a table's columns, not an "I": its line has another bar, or a number
    stands beside it ("1924 | 1925")."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end != -1 else len(text)]
    beside = text[max(0, pos - 3):pos + 4]
    return line.count("|") >= 2 or re.search(r"\d\s*\|\s*\d", beside) is not None


@lru_cache(maxsize=1 << 16)  # the same words in every text of a worker; callers only read
def _stems(word: str, variants: bool = True) -> list[str]:
    """Stems of an inflected or derived form: "lifting" → "lift"; with ``variants`` also the
    spellings a stem takes before an ending: "entangled" → "entangle", "studies" → "study"."""
    out: list[str] = []
    for suffix in SUFFIXES_BY_LAST.get(word[-1:], ()):
        stem = word[:-len(suffix)]
        if not word.endswith(suffix) or len(stem) < 4:
            continue
        out.append(stem)
        if len(stem) > 4 and stem[-1] == stem[-2]:
            out.append(stem[:-1])  # "stopped" → "stop"
        if variants:
            out.append(stem + "e")
            if suffix[0] == "i":
                out.append(stem + "y")
    return out


@dataclass
class Corrector:
    vocab: Vocabulary
    listed: list[ListedCorrection]
    counts: Counter[str] = field(default_factory=Counter)
    undecided: list[tuple[int, str]] = field(default_factory=list)  # (raw line, run as printed)

    def apply(self, block: Block) -> None:
        self._listed(block)
        self._hyphens(block)
        self._spaced_runs(block)
        self._compounds(block)
        self._case_joins(block)
        self._ocr(block)

    # -- helpers -------------------------------------------------------------
    @staticmethod
    def _free(block: Block, a: int, b: int) -> bool:
        """No existing span overlaps [a, b) (spans never cross), but a note call may hold a
        correction of its own misread mark ("®*")."""
        return all(s.end <= a or s.start >= b or (s.tag == "ref" and s.start <= a and b <= s.end)
                   for s in block.spans)

    def _choice(self, block: Block, a: int, b: int, reading: str, kind: str, cert: str,
                counter: str) -> None:
        if self._free(block, a, b):
            block.add(Span(a, b, "choice", reading=reading, kind=kind, cert=cert))
            self.counts[counter] += 1

    def _listed(self, block: Block) -> None:
        for c in self.listed:
            if c.line not in block.lines:
                continue
            idx = block.lines.index(c.line)
            start = sum(len(t) + 1 for t in block.text.split("\n")[:idx])
            pos = block.text.find(c.found, start)
            if pos >= 0:
                self._choice(block, pos, pos + len(c.found), c.reading, c.kind, c.cert, "listed")

    def _hyphens(self, block: Block) -> None:
        text = block.text
        for nl in [i for i, ch in enumerate(text) if ch == "\n"]:
            # from the line's start, not the block's: the same match, without quadratic cost
            m = LINE_END_HYPHEN.search(text, text.rfind("\n", 0, nl) + 1, nl)
            nxt = LINE_START_WORD.match(text, nl + 1)
            if not m or m.end() != nl or not nxt:
                continue
            first, second = m.group(1), nxt.group(1)
            compound = f"{first}-{second}".lower()
            joined = (first + second).lower()
            # a word never breaks before a capital ("non-/Party") unless all of it is in capitals
            capital = second[0].isupper() and not (first.isupper() and second.isupper())
            if capital or self.vocab.compounds[compound] > self.vocab.words[joined]:
                block.breaks[nl] = {"break": "no"}  # a true compound split at its hyphen
                self.counts["hard hyphen kept"] += 1
                continue
            if not self._free(block, nl - 1, nl):
                continue
            block.add(Span(nl - 1, nl, "pc", {"force": "weak"}, resp=None))
            block.breaks[nl] = {"break": "no"}
            self.counts["soft hyphen"] += 1

    def _compounds(self, block: Block) -> None:
        # Counter.get, not [...]: a missing form costs no __missing__ call (most forms are)
        compounds, words = self.vocab.compounds, self.vocab.words
        for m in LONG_WORD.finditer(block.text):
            word = m.group(1)
            low = word.lower()
            best = None
            printed = words.get(low, 0)
            for i in range(3, len(word) - 2):
                count = compounds.get(f"{low[:i]}-{low[i:]}", 0)
                if count > printed:
                    best = i if best is None or count > \
                        compounds.get(f"{low[:best]}-{low[best:]}", 0) else best
            if best is None:
                continue
            reading = f"{word[:best]}-{word[best:]}"
            cert = "high" if self.vocab.compounds[reading.lower()] >= 2 else "medium"
            self._choice(block, m.start(), m.end(), reading, "sic", cert, "dropped compound hyphen")

    def _spaced_runs(self, block: Block) -> None:
        text = block.text
        for run in find_spaced_runs(text, block.lines):
            self.counts["letter-spaced runs"] += 1
            if not self._free(block, run.start, run.end):
                continue  # decided by the committed list already
            a, b, seg = self._widen(block, run)
            if seg.reading == text[a:b]:
                continue
            if seg.unknown:
                self.undecided.append((run.line, text[a:b]))
                self.counts["letter-spacing undecided"] += 1
            self._choice(block, a, b, seg.reading, "orig", seg.cert, "letter-spacing")

    def _widen(self, block: Block, run: SpacedRun) -> tuple[int, int, Segmentation]:
        """Segment the run with its neighbour words; keep a neighbour only where it is split.

        The OCR often breaks a word at the run's edge ("capitali s m", "s p o n t a neously"):
        the neighbour joins the run where the segmentation does not leave it a word of its own.
        """
        text = block.text
        a = run.prev if run.prev is not None and self._free(block, run.prev, run.end) else run.start
        b = run.next if run.next is not None and self._free(block, a, run.next) else run.end
        start, end = a, b
        seg = self.segment(text[a:b])
        reading = seg.reading
        before, after = text[a:run.start].rstrip(), text[run.end:b].lstrip()
        if before and reading.startswith(before + " "):
            reading, a = reading[len(before) + 1:], run.start
        if after and reading.endswith(" " + after):
            reading, b = reading[:-len(after) - 1], run.end
        return a, b, seg if (a, b) == (start, end) else self.segment(text[a:b])

    def segment(self, run: str) -> Segmentation:
        """Re-space a letter-spaced run with the text's vocabulary."""
        items: list[str] = []
        unknown: list[str] = []
        ambiguous = False
        pieces = PIECE.findall(run.replace(" ", ""))
        for n, piece in enumerate(pieces):
            if not piece[0].isalpha():
                items.append(piece)
                continue
            parts = re.split(f"([{APOSTROPHES}])", piece)  # letters, apostrophe, letters, ...
            initial = pieces[n + 1] == "." if n + 1 < len(pieces) else False
            for k in range(0, len(parts), 2):
                split = self.split_letters(parts[k], clitic=k > 0,
                                           initial=initial and k == len(parts) - 1)
                unknown += split.unknown
                ambiguous |= split.ambiguous
                words = split.words
                if k and words[0].lower() in CLITICS and not self.vocab.known(words[0]):
                    items[-1] += parts[k - 1] + words.pop(0)  # "Lenin’s": the clitic stays on
                elif k:
                    items.append(parts[k - 1])  # a closing quotation mark: "workers’ and"
                items += words
        cert = "low" if unknown else "medium" if ambiguous else "high"
        return Segmentation(join_items(items, self.vocab.abbreviations), cert, unknown)

    def split_letters(self, letters: str, clitic: bool = False, initial: bool = False) -> Split:
        """Fewest words covering ``letters`` (then the most frequent); unknown stretches cost more.

        A lower-case letter followed by a capital always ends a word ("toMoscow").
        ``clitic``: the letters follow an apostrophe and may open with "s", "t", ... ("’sbody");
        ``initial``: a full stop follows, the last capital may be an initial ("theR.C.P.").
        """
        if len(letters) == 1 and letters.isupper():
            return Split([letters], [], False)  # an initial: "J . V."
        n = len(letters)
        breaks = [k for k in range(1, n) if letters[k - 1].islower() and letters[k].isupper()]
        inf = (math.inf, math.inf)
        # the best and the second-best (primary: words, secondary: rarity) cost to each offset
        best: list[tuple[float, float]] = [(0.0, 0.0)] + [inf] * n
        second: list[tuple[float, float]] = [inf] * (n + 1)
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            cands: list[tuple[tuple[float, float], int]] = []
            for i in range(max(0, j - MAX_WORD), j):
                if best[i] == inf or any(i < k < j for k in breaks):
                    continue
                w = self._word_cost(letters, i, j, clitic, initial)
                if w is None:
                    continue
                cands += [((c[0] + w[0], c[1] + w[1]), i) for c in (best[i], second[i]) if c != inf]
            cands.sort()
            if cands:
                best[j], back[j] = cands[0]
                second[j] = cands[1][0] if len(cands) > 1 else inf
        words: list[str] = []
        j = n
        while j > 0:
            words.append(letters[back[j]:j])
            j = back[j]
        words.reverse()
        unknown = [w for k, w in enumerate(words)
                   if not self._count(w, clitic and k == 0, initial and k == len(words) - 1)]
        ambiguous = second[n][0] == best[n][0] and second[n][1] - best[n][1] < math.log(MARGIN)
        # a hyphen between words that the text never prints as a compound: where the
        # compound starts is a guess ("an out and-out supporter" for "out-and-out")
        return Split(words, unknown, ambiguous or "-" in words)

    def _word_cost(self, letters: str, i: int, j: int, clitic: bool, initial: bool
                   ) -> tuple[float, float] | None:
        """(words, rarity) of ``letters[i:j]`` as one word; an unknown stretch costs more.

        A hyphen is a word of its own (no cost) or inside a compound the text prints.
        """
        word = letters[i:j]
        if "-" in word:
            if word == "-":
                return 0.0, 0.0
            count = self.vocab.compounds[word.lower()]
            return (1.0, -math.log(count / self.vocab.total)) if count else None
        count = self._count(word, clitic and i == 0, initial and j == len(letters))
        if not count:
            return UNKNOWN_COST + UNKNOWN_LETTER * len(word), 0.0
        return (1.0 if self.vocab.printed(word) or len(word) == 1 else self._unprinted_cost(word),
                -math.log(count / self.vocab.total))

    def _unprinted_cost(self, word: str) -> float:
        """A form the text does not print: two words if known from its stem; if only the lexicon
        knows it, the rarer the costlier ("ofthe", a web misspelling, loses to "of the")."""
        low = word.lower()
        if any(stem in self.vocab.stems for stem in [low, *_stems(low)]):
            return DERIVED_COST
        return max(1.0, 1.0 + (LEXICON_COMMON - zipf(word)) / 2)

    def _count(self, word: str, clitic: bool, initial: bool) -> int:
        """The word's count, a clitic after an apostrophe or an initial before a stop counted once."""
        if "-" in word:
            return 1 if word == "-" else self.vocab.compounds[word.lower()]
        return self.vocab.known(word) or int(clitic and word.lower() in CLITICS) or \
            int(initial and len(word) == 1 and word.isupper())

    def _ocr(self, block: Block) -> None:
        text = block.text
        for m in OCR_BAR.finditer(text):
            if not _column_rule(text, m.start()):
                self._choice(block, m.start(), m.end(), "I", "sic", "high", "OCR | for I")
        offset = 0
        lines = text.split("\n")
        for i, line in enumerate(lines):
            numeral = NUMERAL_WITH_L.match(line)
            if numeral:
                self._choice(block, offset, offset + len(numeral.group(1)),
                             numeral.group(1).replace("l", "I"),
                             "sic", "high", "OCR l for I in a numeral")
            if i and line.startswith("Is ") and not LINE_CLOSES_SENTENCE.search(lines[i - 1]):
                self._choice(block, offset, offset + 2, "is", "sic", "medium", "OCR Is for is")
            offset += len(line) + 1
        self._ocr_zero(block)
        self._ocr_stars(block)
        self._ocr_roman(block)
        self._ocr_cent(block)
        for m in WORD_WITH_G.finditer(text):
            word = m.group(0)
            if self.vocab.words[word] > 2:
                continue
            for k in [k for k, ch in enumerate(word) if ch == "g"]:
                cand = word[:k] + "q" + word[k + 1:]
                if self.vocab.words[cand] >= 3 and "qu" in cand:
                    self._choice(block, m.start(), m.end(), cand, "sic", "high", "OCR g for q")
                    break

    def _case_joins(self, block: Block) -> None:
        """"antiLeninist": a compound whose hyphen the OCR dropped before the capital.

        The first part must open a compound printed elsewhere ("anti-Leninist"), the second be a
        word of the text; high where this very compound is printed with its hyphen.
        """
        firsts = self.vocab.compound_firsts()
        for m in CASE_JOIN.finditer(block.text):
            first, second = m.groups()
            if first.lower() not in firsts or not self.vocab.known(second):
                continue
            reading = f"{first}-{second}"
            cert = "high" if self.vocab.compounds[reading.lower()] else "medium"
            self._choice(block, m.start(), m.end(), reading, "sic", cert, "dropped compound hyphen")

    def _ocr_roman(self, block: Block) -> None:
        """"Vol. XX1V": the digit 1 read for I in a Roman numeral."""
        for m in ROMAN_ONE.finditer(block.text):
            reading = m.group(0).replace("1", "I")
            if ROMAN.fullmatch(reading):
                self._choice(block, m.start(), m.end(), reading, "sic", "high", "OCR 1 for I in a numeral")

    def _ocr_cent(self, block: Block) -> None:
        """"i.¢.": the cent sign inside a word for e where the text prints that form, else for c."""
        for m in CENT.finditer(block.text):
            token = m.group(0)
            if not LETTER.search(token):
                continue  # a price, or a lone label "¢)" whose letter only its list tells
            as_e = token.replace("¢", "e")
            printed_e = re.search(rf"(?<![A-Za-z]){re.escape(as_e)}", self.vocab.text) is not None
            reading, cert = (as_e, "high") if printed_e else (token.replace("¢", "c"), "medium")
            self._choice(block, m.start(), m.start() + len(token), reading, "sic", cert, "OCR ¢ for c or e")

    def _ocr_zero(self, block: Block) -> None:
        """"S0 as to": the digit 0 read for the letter o, where the word is in the vocabulary."""
        text = block.text
        for m in OCR_ZERO.finditer(text):
            cand = m.group(0).replace("0", "o")
            if not self.vocab.known(cand):
                continue
            before = text[:m.start()].rstrip()
            if before and (before[-1].islower() or before[-1] == ","):
                cand = cand.lower()  # inside a sentence: "... bide its time / so as to"
            self._choice(block, m.start(), m.end(), cand, "sic", "high", "OCR 0 for o")

    def _ocr_stars(self, block: Block) -> None:
        """"peasantry®*": an emphasis mark whose first stars the OCR read as ® or ™."""
        if not self.vocab.marks:
            return
        common = self.vocab.marks.most_common(1)[0][0]
        for m in OCR_STAR.finditer(block.text):
            mark = "*" * (len(m.group(1)) + len(m.group(2)))
            reading, cert = (mark, "medium") if self.vocab.marks[mark] else (common, "low")
            self._choice(block, m.start(), m.end(), reading, "sic", cert, "OCR ® for *")


# blocks whose text the corrections apply to (not page furniture, which is kept as printed)
CORRECTED = {"p", "head", "note", "item", "label", "bibl", "quote", "signed", "dateline",
             "byline", "salute"}


def correct_document(doc: Document, text: str, listed: list[ListedCorrection]) -> dict[str, int | str]:
    """Apply every rule to every block of ``doc``; the figures for the converter's self-check."""
    corrector = Corrector(Vocabulary.of(text), listed)
    for block in doc.blocks():
        if block.tag in CORRECTED:
            corrector.apply(block)
    stats: dict[str, int | str] = {f"corrections: {kind}": n
                                   for kind, n in sorted(corrector.counts.items())}
    for line, run in corrector.undecided:
        doc.report("C109", line, f"letter-spaced run {run!r}: no word of the text covers it")
    stats["letter-spacing undecided"] = len(corrector.undecided)
    if corrector.undecided:
        stats["letter-spacing undecided at raw lines"] = " ".join(
            str(line) for line, _ in corrector.undecided)
    return stats
