"""Persons the register does not know yet: candidates for new entries in tei/register.xml.

The names annotator tags only the register's name forms; a person it does not know stays plain
text. This finder lists the names the texts print in the places a person's name stands:

- after "Comrade"/"Comrades" ("Comrade Pruchniak", "Comrades Kaganovich and Molotov");
- after initials ("L. M. Kaganovich", "B. Pilnyak");
- as the speaker of an interjection ("(Walecki, from his seat: “…”)");
- as the author of a quotation ("writes Sosnovsky", "Bromley says:"): without an entry the
  quotation cannot have its @source.

A word the English lexicon knows well is no surname ("Comrade Chairman"), and a surname the
register already has (any of its name forms) is no candidate. ``edition review`` lists them, and
``edition register add`` adds one to the register (annotate/register.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..wordlist import zipf
from .register import Entry, load_register

SURNAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
COMRADE = re.compile(rf"\bComrades?\s+(?:(?:[A-Z]\.\s?){{1,3}})?(?P<name>{SURNAME})"
                     rf"(?:(?:,\s+|\s+and\s+)(?:(?:[A-Z]\.\s?){{1,3}})?(?P<name2>{SURNAME}))?")
INITIALS = re.compile(rf"(?<![\w.])(?P<initials>(?:[A-Z]\.\s){{1,3}})(?P<name>{SURNAME})\b")
# the author of a quotation: "writes Sosnovsky", "says Bromley,", "Sosnovsky writes:"
QUOTED_AUTHOR = re.compile(rf"\b(?:says|writes|wrote|said|declares|declared|remarks)\s+(?P<name>{SURNAME})\b"
                           rf"|\b(?P<name2>{SURNAME})\s+(?:says|writes|wrote|declares|declared)\s*:")
INTERJECTOR = re.compile(rf"\((?P<name>{SURNAME})(?:,\s*[a-z][^:“”()]{{0,40}})?:\s*[“\"]")
COMMON_WORD_ZIPF = 3.5  # "Comrade Chairman", "C. Party": a common word is no surname


@dataclass
class Candidate:
    surname: str
    count: int = 0
    forms: list[str] = field(default_factory=list)  # as printed ("L. M. Kaganovich")
    where: list[str] = field(default_factory=list)  # "<slug>" of the texts printing it


def _known_surnames(entries: Iterable[Entry]) -> set[str]:
    return {word for e in entries for form in e.forms for word in form.split()}


def find_candidates(texts: dict[str, str], entries: Iterable[Entry] | None = None) -> list[Candidate]:
    """Candidates in ``texts`` (slug → text), most often printed first."""
    known = _known_surnames(load_register() if entries is None else entries)
    found: dict[str, Candidate] = {}

    def note(name: str | None, form: str, slug: str) -> None:
        if not name or name in known or zipf(name) >= COMMON_WORD_ZIPF:
            return
        cand = found.setdefault(name, Candidate(name))
        cand.count += 1
        form = " ".join(form.split())
        if form not in cand.forms:
            cand.forms.append(form)
        if slug not in cand.where:
            cand.where.append(slug)

    for slug, text in texts.items():
        for m in COMRADE.finditer(text):
            note(m.group("name"), m.group("name"), slug)
            note(m.group("name2"), m.group("name2") or "", slug)
        for m in INITIALS.finditer(text):
            note(m.group("name"), m.group(0), slug)
        for m in INTERJECTOR.finditer(text):
            note(m.group("name"), m.group("name"), slug)
        for m in QUOTED_AUTHOR.finditer(text):
            name = m.group("name") or m.group("name2")
            note(name, name, slug)
    return sorted(found.values(), key=lambda c: (-c.count, c.surname))


def describe(candidates: list[Candidate], limit: int = 15) -> str:
    """One line for a summary: "Kaganovich (3: L. M. Kaganovich), …"."""
    def one(c: Candidate) -> str:
        forms = f": {', '.join(c.forms[:2])}" if c.forms != [c.surname] else ""
        return f"{c.surname} ({c.count}{forms})"

    parts = [one(c) for c in candidates[:limit]]
    more = f", and {len(candidates) - limit} more" if len(candidates) > limit else ""
    return ", ".join(parts) + more
