"""Persons and organisations: persName/orgName[@ref] for the name forms in the register.

A form matches as whole words (``Lenin`` in "Lenin’s", not in "Leninism"); the longest
form wins ("V. I. Lenin" over "Lenin"). Bare surnames are certain enough in these texts
(one Lenin, one Trotsky); forms the register marks as ambiguous are not used. Initials
printed before a surname belong to the name ("K. Kautsky"). Generic forms ("the
Bolsheviks", "the Communist Party") name the party only in a narrow context and get
medium certainty.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import DETERMINERS
from ..model import Block, Document, Span
from ..sources import Source
from .register import Entry, load_register
from .spans import add_span

SKIP_INSIDE = {"desc"}  # a reaction's description is not a mention
# A person's name before one of these words names a thing after him, not him: the "Lenin
# Enrolment" (the 1924 recruitment campaign), the "Sverdlov University", a book title such
# as the "Lenin Miscellany". Left untagged.
EPONYM_NEXT = re.compile(r"\s+(?:Enrolment|University|Institute|Mausoleum|Library|Museum|Corners?|"
                         r"Prize|Square|Street|Factory|Club|School|Courses|"
                         r"Miscellany|Collection|Collected|Works|Anthology|Reader|Symposium)\b")
# Initials before a surname, each followed by a space ("K. Kautsky", "Y. M. Sverdlov"); the
# space keeps "the C.C. Trotsky" and "U.S.S.R. Lenin" out.
INITIALS = re.compile(r"(?<![\w.(])(?:(?:[A-Z]|Ch|Kh|Sh|Ts|Ya|Ye|Yu|Zh)\.\s+){1,3}\Z")
# A generic form (the register's type="generic") names its entity only after the definite
# article ("the Bolsheviks", not "old Bolsheviks", "the Polish Communist Party" or "a Communist
# Party") ...
THE_BEFORE = re.compile(r"(?<![\w-])[Tt]he\s+\Z")
# ... and neither another country's party ("Communist Party of Poland") nor the Manifesto.
# (a longer register form such as "Communist Party of the Soviet Union" is matched first)
GENERIC_NOT_AFTER = re.compile(r"\s+of\s+[A-Z]")
GENERIC_NOT_BEFORE = re.compile(r"Manifesto\s+of\s+the\s+\Z")
# A passage that names another entity by a qualified generic form ("the German Communist
# Party", "the Communist Party of Germany") may mean that one by a bare "the Communist Party";
# a qualified form the register gives to the same entity ("Russian Communist Party") does not.
QUALIFIED = (r"(?<![\w-])(?:(?P<adj>[A-Z][a-z]+)\s+{form}\b"
             r"|{form}\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w*)*)")
# After a form: no letter (a glued note number, "Comintern12", is no letter); a hyphen only as
# a dash before a lower-case word ("the Communist Party of the Soviet Union-a section").
END = r"(?![^\W\d]|-(?![a-z]))"


def _variants(form: str) -> list[str]:
    """A form and its printed variants: "Bolshevik Party" is also printed "Bolshevik party"."""
    out = [form]
    if form.endswith(" Party") and " " in form:
        out.append(form[: -len("Party")] + "party")
    return out


def _pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str, str]]]:
    """The alternation of all forms (longest first) and form -> (element, ref, register form)."""
    return _compiled(load_register())  # the current project's register


@lru_cache(maxsize=4)
def _compiled(register: tuple[Entry, ...]) -> tuple[re.Pattern[str], dict[str, tuple[str, str, str]]]:
    lookup: dict[str, tuple[str, str, str]] = {}
    for entry in register:
        if entry.anonymous:
            continue  # "Voice" is only an interjection label (speech annotator)
        for form in entry.forms:
            for variant in _variants(form):
                lookup.setdefault(variant, (entry.kind, entry.ref, form))
    alts = sorted(lookup, key=len, reverse=True)
    # a form may be printed over a line break: spaces match any whitespace
    body = "|".join(r"\s+".join(map(re.escape, f.split(" "))) for f in alts) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{body}){END}"), lookup


def _unsure() -> frozenset[str]:
    """The forms the register marks with @cert: medium certainty wherever they are found."""
    return _unsure_in(load_register())


@lru_cache(maxsize=4)
def _unsure_in(register: tuple[Entry, ...]) -> frozenset[str]:
    return frozenset().union(*(e.unsure for e in register))


def _generic() -> frozenset[str]:
    """The forms the register types "generic": the entity's name only after "the"."""
    return _generic_in(load_register())


@lru_cache(maxsize=4)
def _generic_in(register: tuple[Entry, ...]) -> frozenset[str]:
    return frozenset().union(*(e.generic for e in register))


def _names_another(text: str, form: str, ref: str) -> bool:
    """The passage qualifies ``form`` so as to name an entity other than ``ref``."""
    pattern, lookup = _pattern()
    spaced = r"\s+".join(map(re.escape, form.split(" ")))
    for m in re.finditer(QUALIFIED.format(form=spaced), text):
        if m.group("adj") in DETERMINERS:
            continue  # "We Bolsheviks": a pronoun, not a qualifier
        known = pattern.match(text, m.start())
        same = known is not None and len(known.group(0)) > len(form) and \
            lookup[" ".join(known.group(0).split())][1] == ref
        if not same:
            return True
    return False


def _generic_ok(text: str, start: int, end: int, form: str, ref: str) -> bool:
    """A generic form ("the Bolsheviks") counts as the entity's name in this context."""
    before = text[max(0, start - 40):start]
    if _names_another(text, form, ref):
        return False
    return (THE_BEFORE.search(before) is not None and GENERIC_NOT_BEFORE.search(before) is None
            and GENERIC_NOT_AFTER.match(text, end) is None)


def _with_initials(text: str, start: int) -> int:
    """Where the name starts when initials are printed before the matched surname."""
    m = INITIALS.search(text[max(0, start - 20):start])
    return start - (len(m.group(0)) if m else 0)


def _inside(block: Block, start: int, end: int, tags: set[str]) -> bool:
    return any(s.tag in tags and s.start <= start and end <= s.end for s in block.spans)


def annotate_block(block: Block) -> None:
    pattern, lookup = _pattern()
    for m in pattern.finditer(block.text):
        kind, ref, form = lookup[" ".join(m.group(0).split())]
        start, end = m.start(), m.end()
        if kind == "persName":
            if EPONYM_NEXT.match(block.text, end):
                continue
            start = _with_initials(block.text, start)
        if form in _generic() and (not _generic_ok(block.text, start, end, form, ref)
                                or _inside(block, start, end, {"title"})):
            continue  # a generic word in a title is part of the title ("Manifesto of the …")
        if _inside(block, start, end, SKIP_INSIDE):
            continue
        add_span(block, Span(start, end, kind, {"ref": ref},
                             cert="medium" if form in _unsure() else None))


def annotate(source: Source, doc: Document) -> None:
    for block in doc.blocks():
        if block.tag not in {"fw"}:
            annotate_block(block)
