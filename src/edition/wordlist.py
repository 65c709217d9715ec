"""The OCR lexicon: English word frequencies (wordfreq) together with the text's own vocabulary.

``wordfreq`` ships its frequency tables inside the wheel and reads them offline. Its list is
built from web text, so OCR-like fragments ("meas", "tain") have a small frequency too: a form
counts as an English word only from ``WORD_ZIPF`` on (a Zipf value: 3 is once per million
words). A form the text itself prints several times is a word of the text whatever the lexicon
says (names, Russian terms: "uyezd", "Gubernia").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

WORD_ZIPF = 2.5  # from here on a form is an English word
COMMON_ZIPF = 4.5  # a word this frequent is never taken for a fragment of another
TEXT_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common ``word`` is in English (Zipf scale, 0 unknown), case-insensitive."""
    return zipf_frequency(word.lower(), "en")


SHORT_WORD_ZIPF = {1: 99.0, 2: 5.5, 3: 4.0}  # short forms: only the commonest ("of", "all") are words


def in_lexicon(word: str) -> bool:
    """A common English word, for re-spacing a letter-spaced run the text's vocabulary cannot
    cover (a short text, a heading in capitals): "OFALLCOUNTRIES" → "OF ALL COUNTRIES"."""
    return zipf(word) >= SHORT_WORD_ZIPF.get(len(word), 3.0) or word in {"a", "A", "I"}


class Lexicon:
    """The lexicon and one text's vocabulary (how often it prints each form, lower-cased)."""

    def __init__(self, text: str) -> None:
        self.printed: Counter[str] = Counter(w.lower() for w in TEXT_WORD.findall(text))

    def is_word(self, word: str) -> bool:
        return zipf(word) >= WORD_ZIPF or self.printed[word.lower()] >= 2

    def frequency(self, word: str) -> float:
        """A ranking of candidate readings: the lexicon's Zipf value, the text's own use added."""
        return zipf(word) + min(self.printed[word.lower()], 20) / 10
