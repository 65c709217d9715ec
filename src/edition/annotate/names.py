"""Persons and organisations: persName/orgName[@ref] for the name forms in the register.

A form matches as whole words (``Lenin`` in "Lenin’s", not in "Leninism"); the longest
form wins ("V. I. Lenin" over "Lenin"). Bare surnames are certain enough in these texts
(one Lenin, one Trotsky); forms the register marks as ambiguous are not used.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Span
from ..sources import Source
from .register import load_register
from .spans import add_span

# Forms too common as ordinary words, or naming more than one entity, get medium certainty.
UNSURE = {"Levi", "Bauer", "Antonov", "Voice", "Pravda", "Cadets", "Bolshevik Party"}
SKIP_INSIDE = {"title", "desc"}  # names inside a title are part of the title
# A person's name before one of these words names a thing after him, not him: the "Lenin
# Enrolment" (the 1924 recruitment campaign), the "Sverdlov University". Left untagged.
EPONYM_NEXT = re.compile(r"\s+(?:Enrolment|University|Institute|Mausoleum|Library|Museum|Corners?|"
                         r"Prize|Square|Street|Factory|Club|School|Courses)\b")


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    lookup: dict[str, tuple[str, str]] = {}
    for entry in load_register():
        if entry.ref == "per:voice":
            continue  # "Voice" is only an interjection label (speech annotator)
        for form in entry.forms:
            lookup.setdefault(form, (entry.kind, entry.ref))
    alts = sorted(lookup, key=len, reverse=True)
    # a form may be printed over a line break: spaces match any whitespace
    body = "|".join(r"\s+".join(map(re.escape, f.split(" "))) for f in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), lookup


def annotate(source: Source, doc: Document) -> None:
    pattern, lookup = _pattern()
    for block in doc.blocks():
        if block.tag in {"fw"}:
            continue
        for m in pattern.finditer(block.text):
            form = " ".join(m.group(0).split())
            kind, ref = lookup[form]
            if kind == "persName" and EPONYM_NEXT.match(block.text, m.end()):
                continue
            if any(s.tag in SKIP_INSIDE and s.start <= m.start() and m.end() <= s.end for s in block.spans):
                continue
            add_span(block, Span(m.start(), m.end(), kind, {"ref": ref},
                                 cert="medium" if form in UNSURE else None))
