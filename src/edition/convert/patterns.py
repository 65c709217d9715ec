"""Named patterns of the printed reader (lines of a printed book or article), and the dates
of datelines. Shared lexical resources (months, numerals, sentence ends) are edition.lexicon's."""

from __future__ import annotations

import re

from ..lexicon import LINE_ENDS_SENTENCE, MONTH_ALTERNATION, MONTH_NUMBER, ROMAN_NUMERAL_LINE

DIV_BOTTOM = {"closer", "dateline", "salute", "signed", "trailer"}  # tags that close a div
MONTHS = MONTH_ALTERNATION
# a dateline or chronicle date: "March 31", "May 5-8, 1924", "June 2, 3 and 5"
DATE_LINE = re.compile(rf"^({MONTHS})(?: (\d{{1,2}})(?:-(\d{{1,2}}))?((?:(?:, | and )\d{{1,2}})*))?"
                       rf"(?:,? (\d{{4}}))?$")
RANGE_OPEN = re.compile(rf"^(?:{MONTHS}) \d{{1,2}}[—–-]$")  # a chronicle label running on: "March 31—"
YEAR = re.compile(r"\b1[89]\d\d\b")
ROMAN = ROMAN_NUMERAL_LINE  # a numeral alone on a line: a part
# a line opening a numbered section: "2.", "IV.", "|." (the OCR's I), "a)"
SECTION_NUMBER = re.compile(r"^(?:\d+\.|[IVXL]+\.?|[|]\.|Il\.|[a-z]\))\s")
# a line opening an enumeration ("1)", "a)", "2. ", "IV. "): it opens a paragraph
ENUMERATION = re.compile(r"^(?:\d{1,2}\)|[a-z]\)|\d{1,2}\.\s|[IVX]+\.\s)")
SENTENCE_END = LINE_ENDS_SENTENCE
# a numbered section head of the OCR'd article, with the OCR's numerals ("|.", "Il.", "I11.")
SECTION_HEAD = re.compile(r"^[IVXL|][IVXLl|1]*\. [A-Z“\"][A-Z ,’'“”\"-]+$")
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.\)?|\([A-Z]\.\))$")  # "A.U.C.C.T.U.", "(B.)"
NUMBER = re.compile(r"\d+")
YEAR_LINE = re.compile(r"1[89]\d\d")  # a year alone on a line (fullmatch): a chronicle opens


def date_when(text: str, default_year: str | None) -> dict[str, str]:
    """@when (or @from/@to) of a date line; the year from the line or ``default_year``."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return {}
    month = MONTH_NUMBER[m.group(1)]
    year = m.group(5) or default_year
    if not year:
        return {}
    day, day2, more = m.group(2), m.group(3), m.group(4)
    if day and day2:
        return {"from": f"{year}-{month:02d}-{int(day):02d}", "to": f"{year}-{month:02d}-{int(day2):02d}"}
    if day and more:
        last = NUMBER.findall(more)[-1]
        return {"from": f"{year}-{month:02d}-{int(day):02d}", "to": f"{year}-{month:02d}-{int(last):02d}"}
    if day:
        return {"when": f"{year}-{month:02d}-{int(day):02d}"}
    return {"when": f"{year}-{month:02d}"}

