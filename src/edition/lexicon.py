"""Shared lexical resources of the edition's language (English): month names, Roman numerals,
sentence ends, clock times, back-references. Both the converter and the annotators read them
from here; this module imports nothing from the edition (a test checks the import layers).

Three kinds of "sentence end" are distinct, each with its own name:
``LINE_ENDS_SENTENCE`` (a print line that closes a sentence: paragraph ends),
``LINE_ENDS_CLAUSE`` (a line that leaves no sentence open: a footnote continued or not),
``SENTENCE_BREAK`` (a boundary between sentences inside running text).
"""

from __future__ import annotations

import re

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                           "August", "September", "October", "November", "December")
MONTH_NUMBER: dict[str, int] = {m: i for i, m in enumerate(MONTHS, 1)}
MONTH_ALTERNATION = "|".join(MONTHS)  # for patterns: (?:January|...|December)

# Roman numerals: a month in a dateline ("15. VII. 24") and a numeral alone on a line (a part).
ROMAN_MONTHS: dict[str, int] = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7,
                                "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
ROMAN_NUMERAL_LINE = re.compile(r"^[IVXL]+$")
# A dateline with a Roman month: "15. VII. 24", "7/XI 24"
ROMAN_DATE = re.compile(r"^\s*(?P<d>\d{1,2})(?:\.\s*|/)(?P<m>[IVX]+)\.?\s*(?P<y>\d\d)\s*$")

LINE_ENDS_SENTENCE = re.compile(r"[.?!:]['’”)]*$|[.?!][’”]\)?$")
LINE_ENDS_CLAUSE = re.compile(r"[.?!:;”’)]$")
# not after an initial or an abbreviation (No., Vol., p., pp.), before a capital
SENTENCE_BREAK = re.compile(r"(?<![A-Z])(?<!No)(?<!Vol)(?<! pp)(?<! p)[.!?][”\"’)]?\s+(?=[“\"(]?[A-Z])")

# Clock times: "10.30 a. m.", "6 p.m." (a template: {n} numbers the groups of a range).
CLOCK = r"(?P<h{n}>\d{{1,2}})(?:\.(?P<n{n}>\d\d))?\s*(?P<p{n}>[ap])\.\s?m\."
CLOCK_OPENING = re.compile(r"^\d{1,2}\.\d{2} [ap]\. ?m\.")  # a line opening with "10.30 a. m."
CLOCK_HOUR_LINE = re.compile(r"^\d{1,2} [ap]\. ?m\.$")  # a line that is "6 p.m." alone

# A back-reference alone on a line: "p. 29" (an endnote's page of its call).
PAGE_BACKREF = re.compile(r"^p\. ?(\d{1,3})$")
# A Roman numeral up to XXXIX, as a whole reading ("XXIV"): an OCR confusion's correction.
ROMAN_NUMERAL = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

# English determiners and pronouns that may stand capitalised before a noun phrase ("We
# Bolsheviks", "These Communist Parties"): they qualify nothing, unlike "German" or "Polish".
DETERMINERS = frozenset({"The", "A", "An", "We", "You", "They", "Us", "These", "Those", "This",
                         "That", "Our", "Your", "Their", "His", "Her", "Its", "All", "Both",
                         "Some", "Many", "Most", "Other", "Such", "Every", "Each", "No"})
