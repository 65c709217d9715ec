"""Corrections of the printed text, all rules in one place, each made as a ``choice``.

The rules only decide from evidence in the same text (its own vocabulary); what no rule
can decide is listed by hand in ``raw/corrections.toml`` (scholars extend it):

- soft line-end hyphen ("ob-" / "stacles"): ``pc force="weak"`` + ``lb break="no"``; a
  hyphen whose compound is printed elsewhere inside a line ("inner-Party") is kept as
  a hard hyphen (still ``lb break="no"``: the word goes on).
- dropped compound hyphen ("workingclass"): ``sic/corr`` only where the hyphenated form
  is attested in the same text.
- letter-spaced runs ("a n d “ R e s u l t s"): ``orig/reg``, the regularised words
  segmented with the text's own vocabulary.
- OCR confusions: "|" for "I", "Il." for "II.", "g" for "q" ("guestion"), "Is" for "is"
  inside a sentence: ``sic/corr``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError
from ..model import Block, Span

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)-$")
LINE_START_WORD = re.compile(r"([a-z]+)")  # used with .match(text, pos)
# a run of letter-spaced characters: at least four one-character tokens in a row
SPACED_RUN = re.compile(r"(?<!\S)(?:[^\s]{1,2} ){3,}[^\s]{1,2}(?!\S)")
OCR_BAR = re.compile(r"(?<![^\s(“])\|(?=[\s.,])")  # "|" standing for "I"
ROMAN_IL = re.compile(r"^(I)l(?=\.)|^(I)l(l)(?=\.)|^(V)l(?=\.)")


def corrections_file(raw_dir: Path) -> Path:
    return raw_dir / "corrections.toml"


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
    def load(cls, raw_dir: Path, slug: str) -> CorrectionList:
        path = corrections_file(raw_dir)
        out = cls()
        if not path.exists():
            return out
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise EditionError(f"invalid TOML: {exc}", file=path) from None
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
    """Word forms of one text, from its lines (not across line ends)."""

    words: Counter[str]
    compounds: Counter[str]  # lower-cased hyphenated forms printed inside a line

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        words: Counter[str] = Counter()
        compounds: Counter[str] = Counter()
        for line in text.split("\n"):
            toks = WORD.findall(line)
            if line.rstrip().endswith("-") and toks:
                toks = toks[:-1]  # a line-end fragment is not a word
            for tok in toks:
                if "-" in tok:
                    compounds[tok.lower()] += 1
                    for part in tok.split("-"):
                        words[part.lower()] += 1
                else:
                    words[tok.lower()] += 1
        return cls(words, compounds)


@dataclass
class Corrector:
    vocab: Vocabulary
    listed: list[ListedCorrection]
    counts: Counter[str] = field(default_factory=Counter)
    undecided: list[str] = field(default_factory=list)

    def apply(self, block: Block) -> None:
        self._listed(block)
        self._hyphens(block)
        self._spaced_runs(block)
        self._compounds(block)
        self._ocr(block)

    # -- helpers -------------------------------------------------------------
    @staticmethod
    def _free(block: Block, a: int, b: int) -> bool:
        """No existing span overlaps [a, b) (spans never cross)."""
        return all(s.end <= a or s.start >= b for s in block.spans)

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
            m = LINE_END_HYPHEN.search(text, 0, nl)
            nxt = LINE_START_WORD.match(text, nl + 1)
            if not m or m.end() != nl or not nxt:
                continue
            first, second = m.group(1), nxt.group(1)
            compound = f"{first}-{second}".lower()
            joined = (first + second).lower()
            if self.vocab.compounds[compound] > self.vocab.words[joined]:
                block.breaks[nl] = {"break": "no"}  # a true compound split at its hyphen
                self.counts["hard hyphen kept"] += 1
                continue
            if not self._free(block, nl - 1, nl):
                continue
            block.add(Span(nl - 1, nl, "pc", {"force": "weak"}, resp=None))
            block.breaks[nl] = {"break": "no"}
            self.counts["soft hyphen"] += 1

    def _compounds(self, block: Block) -> None:
        for m in re.finditer(r"(?<![\w-])([A-Za-z]{6,})(?![\w-])", block.text):
            word = m.group(1)
            low = word.lower()
            best = None
            for i in range(3, len(word) - 2):
                form = f"{low[:i]}-{low[i:]}"
                if self.vocab.compounds[form] > self.vocab.words[low]:
                    best = i if best is None or self.vocab.compounds[form] > \
                        self.vocab.compounds[f"{low[:best]}-{low[best:]}"] else best
            if best is None:
                continue
            reading = f"{word[:best]}-{word[best:]}"
            cert = "high" if self.vocab.compounds[reading.lower()] >= 2 else "medium"
            self._choice(block, m.start(), m.end(), reading, "sic", cert, "dropped compound hyphen")

    def _spaced_runs(self, block: Block) -> None:
        for m in SPACED_RUN.finditer(block.text):
            run = m.group(0)
            singles = sum(1 for t in run.split(" ") if len(t) == 1 and t.isalpha())
            if singles < 4:
                continue
            reading = self.segment(run)
            if reading is None:
                self.undecided.append(run)
                continue
            if reading == run:
                continue
            self._choice(block, m.start(), m.end(), reading, "orig", "medium", "letter-spacing")

    def segment(self, run: str) -> str | None:
        """Re-space a letter-spaced run with the text's vocabulary (None: not decidable)."""
        pieces = re.findall(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]", run.replace(" ", ""))
        out: list[str] = []
        for piece in pieces:
            if piece[0].isalpha():
                words = self._split_letters(piece)
                if words is None:
                    return None
                out.extend(words)
            else:
                out.append(piece)
        text = ""
        for i, p in enumerate(out):
            prev = out[i - 1] if i else ""
            if i and (p[0].isalnum() or p in "“(") and (prev[0].isalnum() or prev in ",.;:)”!?") \
                    and not (prev[0].isdigit() and p[0].isdigit()):
                text += " "
            text += p
        # chains of three or more initials are abbreviations: "R. C. P. (B. )" → "R.C.P.(B.)"
        text = re.sub(r"\b(?:[A-Z]\. ){2,}[A-Z]\.", lambda m: m.group(0).replace(" ", ""), text)
        text = re.sub(r"\b([A-Z]\.) \(([A-Z]\.)\)", r"\1(\2)", text)
        return text

    def _split_letters(self, letters: str) -> list[str] | None:
        low = letters.lower()
        n = len(low)
        total = sum(self.vocab.words.values()) or 1
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
        for j in range(1, n + 1):
            for i in range(max(0, j - 20), j):
                w = low[i:j]
                c = self.vocab.words.get(w, 0)
                if c == 0 and not (len(w) == 1 and letters[i].isupper()):
                    continue
                score = best[i][0] + math.log((c or 0.5) / total)
                if score > best[j][0]:
                    best[j] = (score, i)
        if best[n][0] == -math.inf:
            return None
        words, j = [], n
        while j > 0:
            i = best[j][1]
            words.append(letters[i:j])
            j = i
        return words[::-1]

    def _ocr(self, block: Block) -> None:
        text = block.text
        for m in OCR_BAR.finditer(text):
            self._choice(block, m.start(), m.end(), "I", "sic", "high", "OCR | for I")
        offset = 0
        lines = text.split("\n")
        for i, line in enumerate(lines):
            m = re.match(r"^(Il|Ill|Vl|Vll)\.", line)
            if m:
                self._choice(block, offset, offset + len(m.group(1)), m.group(1).replace("l", "I"),
                             "sic", "high", "OCR l for I in a numeral")
            if i and line.startswith("Is ") and not re.search(r"[.?!:”)]\s*$", lines[i - 1]):
                self._choice(block, offset, offset + 2, "is", "sic", "medium", "OCR Is for is")
            offset += len(line) + 1
        for m in re.finditer(r"\b[a-z]*g[a-z]*\b", text):
            word = m.group(0)
            if self.vocab.words[word] > 2:
                continue
            for k in [k for k, ch in enumerate(word) if ch == "g"]:
                cand = word[:k] + "q" + word[k + 1:]
                if self.vocab.words[cand] >= 3 and "qu" in cand:
                    self._choice(block, m.start(), m.end(), cand, "sic", "high", "OCR g for q")
                    break
