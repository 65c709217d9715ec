"""OCR errors the converter's rules left: non-words found with a real lexicon (edition/wordlist.py).

The converter (convert/corrections.py) corrects what the text's own vocabulary decides (line-end
hyphens, letter-spacing, "|" for "I", "XX1V", compounds it prints with their hyphen). This
annotator looks at every word that is still neither an English word nor a word the text prints
elsewhere, and either corrects it as ``choice/sic+corr`` (``@cert`` from how unambiguous the
reading is) or lists it for review with its raw line (``edition -v convert``):

- a compound whose hyphen the OCR dropped before a capital ("SocialDemocracy", "LieberDan",
  "MarchApril") or between two words ("selfcriticism"): the parts are words, the whole is not;
  high where the text prints the hyphenated compound, else medium (low without a hyphen printed
  after the first part anywhere in the text);
- a word split by a stray space ("com position", "meas ures"): the joined form is printed
  elsewhere and one part is printed nowhere else (medium);
- the digits 1 and 0 read for letters inside a word ("1s" for "is"): medium when one reading
  is far more common than any other, else low; a capital I read for l inside a word ("wiIl"), or
  for i in "Is", "In", "If", "It" inside a sentence: medium;
- a stray capital glued to a word ("—Dbloody"): low;
- "™" for a closing quotation mark after a word inside an open quotation: medium; "¢)" for a
  list label "c)": low;
- an abbreviation with a comma for a full stop ("U.S,S.R.") printed correctly elsewhere: high;
- any other non-word: the most frequent word one OCR confusion away ("guestion", "rn" for "m",
  "li" for "h", "c" for "e", …) at low certainty, else listed for review.
Capitalised words are names or headings more often than errors: only the first rules touch them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block, Document, Span
from ..sources import Source
from ..wordlist import COMMON_ZIPF, WORD_ZIPF, Lexicon, zipf
from .spans import ATOMIC

CAPS_JOIN = re.compile(r"(?<![\w’'-])([A-Za-z][a-z]+(?:[A-Z][a-z]+)+)(?![\w’'])")
NAME_PREFIXES = {"Mac", "Mc", "De", "Di", "Da", "La", "Le", "Van", "Von", "Du", "Del"}
LOWER_WORD = re.compile(r"(?<![\w’'-])([a-z]{8,})(?![\w’'-])")
SPLIT_PAIR = re.compile(r"(?<![\w’'-])(?=([a-z]{2,}) ([a-z]{2,})(?![\w’'-]))")  # overlapping pairs
DIGIT_WORD = re.compile(r"(?<![\w’'-])(?=[a-z01]*[a-z])(?=[a-z01]*[01])([a-z01]{2,})(?![\w’'-])")
ROMAN_DIGIT = re.compile(r"(?<![\w’'-])(?=[IVX1]*1)(?=[IVX1]*[IVX])([IVX1]{2,})(?=[.,)]?\s)")
ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
STRAY_CAPITAL = re.compile(r"(?<![\w’'-])[A-Z]([a-z]{3,})(?![\w’'-])")
# "wiIl", "Iike": a capital I read for l inside a lower-case word
I_FOR_L = re.compile(r"(?<![\w’'-])(?=\w*[a-z])(?=[a-z]*I)([a-z]*I[a-z]+|[a-z]+I[a-z]*)(?![\w’'-])")
# "the question Is whether": a capital I for i in a short word inside a sentence
CAPITAL_I = re.compile(r"(?<=[a-z,;] )(Is|In|If|It|Its)(?= [a-z])")
TM_QUOTE = re.compile(r"(?<=[\w.,!?])™")
CENT_LABEL = re.compile(r"(?m)^\s*(¢)\)")
ABBR_COMMA = re.compile(r"(?<![\w.,])(?:[A-Z][.,]){2,}[A-Z]\.?")
PLAIN_WORD = re.compile(r"(?<![\w’'-])([a-z]{4,})(?![\w’'-])")
# letters the OCR mistakes for one another (printed → meant)
CONFUSIONS = [("g", "q"), ("c", "e"), ("e", "c"), ("rn", "m"), ("m", "rn"), ("li", "h"), ("h", "li"),
              ("cl", "d"), ("ii", "u"), ("u", "ii"), ("l", "i"), ("i", "l"), ("t", "f"), ("f", "t"),
              ("n", "u"), ("u", "n"), ("vv", "w"), ("b", "h"), ("h", "b"), ("a", "o"), ("o", "a")]
NAME_ZIPF = 2.0  # a capitalised part of a joined compound: a name ("Lieber", "Dan")
CANDIDATE_ZIPF = 3.0  # a reading the lexicon knows well
CLEAR_LEAD = 2.0  # one reading this much more common than the next is unambiguous
NON_WORD_ZIPF = 1.0  # below this even the web's fragments are rare
REVIEW_KEY = "ocr: non-words for review (raw line: word)"


ASCII_WORD = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")


class OcrAnnotator:
    def __init__(self, lexicon: Lexicon, text: str) -> None:
        self.lex = lexicon
        self.text = text  # the whole raw text, for forms printed elsewhere
        self.review: list[str] = []
        self.made = 0
        self._index: tuple[set[str], set[str]] | None = None  # (words, compounds' first parts)
        self._folds = False

    # -- helpers ---------------------------------------------------------------
    @staticmethod
    def _free(block: Block, a: int, b: int) -> bool:
        """No converter-made element overlaps [a, b), and no line-end hyphen joins the word."""
        if any(s.start < b and a < s.end and s.tag in ATOMIC | {"choice", "pc"} for s in block.spans):
            return False
        text = block.text
        if text[b:b + 2] == "-\n" or (a >= 2 and text[a - 2:a] == "-\n"):
            return False
        return not (a >= 1 and text[a - 1] == "\n" and text[:a - 1].rstrip().endswith("-"))

    def _correct(self, block: Block, a: int, b: int, reading: str, cert: str) -> None:
        if self._free(block, a, b) and block.text[a:b] != reading:
            block.add(Span(a, b, "choice", reading=reading, kind="sic", cert=cert))
            self.made += 1

    def _printed_elsewhere(self, form: str) -> bool:
        """The text prints ``form`` as a word (case aside), alone or before a hyphen."""
        if self._index_answers(form):
            return form.lower() in self._words_index()[0]
        return re.search(rf"(?<![\w-]){re.escape(form)}(?![\w])", self.text, re.I) is not None

    def _prints_compound_of(self, first: str) -> bool:
        """The text prints ``first`` as the first part of a hyphenated compound ("self-…")."""
        if self._index_answers(first):
            return first.lower() in self._words_index()[1]
        return re.search(rf"(?<![\w-]){re.escape(first)}-[a-z]", self.text, re.I) is not None

    def _index_answers(self, form: str) -> bool:
        """True when the word index answers for ``form`` as the regular expression would: an
        ASCII word or hyphenated word, and no character in the text that matches an ASCII
        letter only ignoring case (ı ſ K İ). (A search over the whole text per word was the
        converter's largest cost.)"""
        self._words_index()
        return not self._folds and form.isascii() and ASCII_WORD.fullmatch(form) is not None

    def _words_index(self) -> tuple[set[str], set[str]]:
        """The text's words and hyphenated words (and their parts before each hyphen), and the
        first parts of its compounds, lower-cased; made once."""
        if self._index is None:
            words: set[str] = set()  # each run of word characters and hyphens, and its parts
            firsts: set[str] = set()  # before a hyphen followed by a letter
            for run in re.findall(r"[\w-]+", self.text):
                low = run.lower()
                words.add(low)
                i = low.find("-")
                while i >= 0:
                    words.add(low[:i])
                    after = low[i + 1:i + 2]
                    if after.isascii() and after.isalpha():
                        firsts.add(low[:i])
                    i = low.find("-", i + 1)
            self._index = (words, firsts)
            self._folds = any(c in self.text for c in "\u0131\u017f\u212a\u0130")
        return self._index

    def _non_word(self, word: str) -> bool:
        """Neither a word of the lexicon (in either spelling), nor printed elsewhere, nor derived
        from a word by an ending or a prefix ("uninterruptedness", "counterpose", "exposers")."""
        low = word.lower()
        if self.lex.printed[low] > 1 or max(zipf(low), zipf(_american(low))) >= NON_WORD_ZIPF:
            return False
        return not _derived(low)

    # -- rules -----------------------------------------------------------------
    def caps_joins(self, block: Block) -> None:
        for m in CAPS_JOIN.finditer(block.text):
            word = m.group(1)
            parts = re.findall(r"[A-Z]?[a-z]+", word)
            if parts[0] in NAME_PREFIXES or zipf(word) >= NON_WORD_ZIPF:
                continue  # MacDonald, or a word the lexicon knows
            # a capitalised part may be a name the web knows a little of ("LieberDan")
            if not all(len(p) >= 2 and (self.lex.is_word(p) or (p[0].isupper() and zipf(p) >= NAME_ZIPF))
                       for p in parts):
                continue
            reading = "-".join(parts)
            self._correct(block, m.start(1), m.end(1), reading,
                          "high" if self._printed_elsewhere(reading) else "medium")

    def lower_joins(self, block: Block) -> None:
        for m in LOWER_WORD.finditer(block.text):
            word = m.group(1)
            if not self._non_word(word):
                continue
            splits = [(min(zipf(word[:i]), zipf(word[i:])), i) for i in range(3, len(word) - 2)]
            best = max(splits, default=(0.0, 0))
            if best[0] < CANDIDATE_ZIPF:
                continue
            first, second = word[:best[1]], word[best[1]:]
            hyphenated = f"{first}-{second}"
            if self._printed_elsewhere(hyphenated):
                reading, cert = hyphenated, "high"
            elif self._prints_compound_of(first):
                reading, cert = hyphenated, "medium"  # the text prints compounds of "self-"
            else:
                reading, cert = hyphenated, "low"
            self._correct(block, m.start(1), m.end(1), reading, cert)

    def split_words(self, block: Block) -> None:
        for m in SPLIT_PAIR.finditer(block.text):
            first, second = m.groups()
            joined = first + second
            if not (self.lex.printed[joined] >= 1 and self.lex.is_word(joined)):
                continue
            lonely = [p for p in (first, second) if self.lex.printed[p] <= 1 and zipf(p) < COMMON_ZIPF]
            if lonely:
                self._correct(block, m.start(1), m.end(2), joined, "medium")

    def digits(self, block: Block) -> None:
        for m in ROMAN_DIGIT.finditer(block.text):  # "I11." for "III."
            reading = m.group(1).replace("1", "I")
            if ROMAN.fullmatch(reading):
                self._correct(block, m.start(1), m.end(1), reading, "medium")
        for m in DIGIT_WORD.finditer(block.text):
            token = m.group(1)
            if ORDINAL.match(token) or token.isdigit():
                continue
            readings = {token.replace("0", "o").replace("1", c) for c in "il"}
            ranked = sorted(((self.lex.frequency(r), r) for r in readings
                             if zipf(r) >= CANDIDATE_ZIPF or self.lex.printed[r.lower()] >= 3), reverse=True)
            if not ranked:
                continue
            clear = len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= CLEAR_LEAD
            self._correct(block, m.start(1), m.end(1), ranked[0][1], "medium" if clear else "low")

    def capital_i(self, block: Block) -> None:
        for m in I_FOR_L.finditer(block.text):
            token = m.group(1)
            reading = token.replace("I", "l")
            # a capital inside a lower-case word is no spelling: the lexicon's trace of such a
            # form ("wiil") is OCR debris on the web, far rarer than the reading
            if self.lex.printed[token.lower()] <= 1 and zipf(reading) >= max(CANDIDATE_ZIPF,
                                                                               zipf(token) + CLEAR_LEAD):
                self._correct(block, m.start(1), m.end(1), reading, "medium")
        for m in CAPITAL_I.finditer(block.text):
            self._correct(block, m.start(1), m.end(1), m.group(1).lower(), "medium")

    def stray_capitals(self, block: Block) -> None:
        for m in STRAY_CAPITAL.finditer(block.text):
            word, rest = m.group(0), m.group(1)
            if self._non_word(word) and zipf(rest) >= CANDIDATE_ZIPF:
                self._correct(block, m.start(), m.end(), rest, "low")

    def symbols(self, block: Block) -> None:
        text = block.text
        for m in TM_QUOTE.finditer(text):
            if text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
                self._correct(block, m.start(), m.end(), "”", "medium")
        for m in CENT_LABEL.finditer(text):
            self._correct(block, m.start(1), m.end(1), "c", "low")
        for m in ABBR_COMMA.finditer(text):
            form = m.group(0)
            dotted = form.replace(",", ".")
            if "," in form and dotted in self.text:
                self._correct(block, m.start(), m.end(), dotted, "high")

    def confusions(self, block: Block, lines: list[int]) -> None:
        """Any other lower-case non-word: the best reading one OCR confusion away, or review."""
        for m in PLAIN_WORD.finditer(block.text):
            word = m.group(1)
            if not self._non_word(word) or not self._free(block, m.start(1), m.end(1)):
                continue
            ranked = sorted(((self.lex.frequency(c), c) for c in set(_confused(word))
                             if zipf(c) >= CANDIDATE_ZIPF or self.lex.printed[c] >= 3), reverse=True)
            if ranked:
                self._correct(block, m.start(1), m.end(1), ranked[0][1], "low")
            else:
                line = block.text.count("\n", 0, m.start(1))
                raw = lines[line] if line < len(lines) else (lines[-1] if lines else 0)
                self.review.append(f"{raw}: {word}")

    def apply(self, block: Block) -> None:
        for rule in (self.symbols, self.caps_joins, self.digits, self.capital_i, self.split_words,
                     self.lower_joins, self.stray_capitals):
            rule(block)
        self.confusions(block, block.lines)


SUFFIXES = ("s", "es", "ness", "ist", "ists", "ism", "ly", "er", "ers", "r", "rs", "ed", "d", "ing",
            "ation", "ations", "ity", "cy", "al")
PREFIXES = ("counter", "inter", "super", "over", "under", "out", "un", "re", "non", "pre", "anti", "semi")


def _derived(word: str) -> bool:
    """A form made from a known word by a common ending or prefix: a word, not an OCR error."""
    stems = [word[:-len(x)] for x in SUFFIXES if word.endswith(x) and len(word) - len(x) >= 4]
    stems += [word[len(x):] for x in PREFIXES if word.startswith(x) and len(word) - len(x) >= 4]
    return any(max(zipf(w), zipf(_american(w))) >= WORD_ZIPF for stem in stems for w in (stem, stem + "e"))


def _american(word: str) -> str:
    """The lexicon's spelling of a British form it may lack ("bureaucratised", "mediaevalism")."""
    return re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", word).replace("aev", "ev")


def _confused(word: str) -> Iterator[str]:
    """Readings one OCR confusion away, or one letter lost or added by the scan."""
    for wrong, right in CONFUSIONS:
        for m in re.finditer(re.escape(wrong), word):
            yield word[:m.start()] + right + word[m.end():]
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]  # "commaodity": a letter too many
    for i in range(1, len(word)):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            yield word[:i] + letter + word[i:]  # "threaened": a letter lost


# blocks whose words are source text (not page furniture, which stays as printed)
CHECKED = {"p", "head", "note", "item", "label", "quote", "signed", "dateline", "byline", "salute"}


def annotate(source: Source, doc: Document) -> None:
    text = source.read_text()
    ocr = OcrAnnotator(Lexicon(text), text)
    for block in doc.blocks():
        if block.tag in CHECKED and not (block.tag == "note" and block.attrs.get("type") == "editorial"):
            ocr.apply(block)
    doc.stats["ocr: non-words corrected with the lexicon"] = ocr.made
    if ocr.review:
        doc.stats[REVIEW_KEY] = "; ".join(ocr.review)
