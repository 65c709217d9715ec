"""Plain typos of a pasted text, flagged as ``choice/sic+corr`` with a suggested reading.

The raw file keeps the typo (``sic``); the suggested reading is in ``corr`` with
``@resp='#conv'`` and ``@cert`` from how sure the rule is: a word printed twice ("the the") is
certain ('high'); a lost letter ("in he work" for "in the work") is a suggestion for the
editors ('low'). The review (``edition.review``) uses the same patterns to report typos that
are still uncorrected in a TEI file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Span
from ..sources import Source

# "in he work": "he" right after a preposition and before a lower-case word is "the"
# with its "t" lost; no English sentence puts the pronoun there ("for he", "later on he" are not).
_LOST_T = re.compile(r"\b(?:in|of|at|into|from)\s+(he)\s+(?=[a-z])")
# "the the": an article or preposition printed twice.
_DOUBLED = re.compile(r"\b(the|a|an|of|to|in|on|and|for|by|with)(\s+)\1\b")


@dataclass(frozen=True)
class Typo:
    start: int
    end: int
    correction: str
    cert: str  # how sure the reading is (the choice's @cert)
    why: str


def find_typos(text: str) -> list[Typo]:
    """Typos in ``text`` with offsets of the erroneous reading and its correction."""
    found = [Typo(m.start(1), m.end(1), "the", "low", "“he” after a preposition: “the” with its t lost")
             for m in _LOST_T.finditer(text)]
    found += [Typo(m.start(), m.end(), m.group(1), "high", f"“{m.group(1)}” printed twice")
              for m in _DOUBLED.finditer(text)]
    return sorted(found, key=lambda t: t.start)


def annotate(source: Source, doc: Document) -> None:
    for block in doc.blocks():
        if block.tag == "note" and block.attrs.get("type") == "editorial":
            continue
        for typo in find_typos(block.text):
            block.add(Span(typo.start, typo.end, "choice", {}, reading=typo.correction, kind="sic",
                           cert=typo.cert))
