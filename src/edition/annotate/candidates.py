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


def find_candidates(texts: dict[str, str], entries: Iterable[Entry] | None = None) -> list[Candidate]:
    """Candidates in ``texts`` (slug → text), most often printed first."""
    known = known_surnames(entries)
    return merge_findings((slug, scan_text(text, known)) for slug, text in texts.items())


def known_surnames(entries: Iterable[Entry] | None = None) -> set[str]:
    """The register's surnames (default: the current project's register)."""
    chosen = load_register() if entries is None else entries
    return {word for e in chosen for form in e.forms for word in form.split()}


Finding = tuple[str, str]  # (surname, form as printed)


def scan_text(text: str, known: set[str]) -> list[Finding]:
    """One text's findings in the order ``merge_findings`` counts them: a text's findings
    depend on the text and the register alone, so they can be kept per text and merged."""
    found: list[Finding] = []

    def note(name: str | None, form: str) -> None:
        if name and name not in known and zipf(name) < COMMON_WORD_ZIPF:
            found.append((name, " ".join(form.split())))

    for m in COMRADE.finditer(text):
        note(m.group("name"), m.group("name"))
        note(m.group("name2"), m.group("name2") or "")
    for m in INITIALS.finditer(text):
        note(m.group("name"), m.group(0))
    for m in INTERJECTOR.finditer(text):
        note(m.group("name"), m.group("name"))
    for m in QUOTED_AUTHOR.finditer(text):
        name = m.group("name") or m.group("name2")
        note(name, name)
    return found


def merge_findings(per_text: Iterable[tuple[str, Iterable[Finding]]]) -> list[Candidate]:
    """The candidates of all texts (slug, findings), most often printed first."""
    merged: dict[str, Candidate] = {}
    for slug, findings in per_text:
        for name, form in findings:
            cand = merged.setdefault(name, Candidate(name))
            cand.count += 1
            if form not in cand.forms:
                cand.forms.append(form)
            if slug not in cand.where:
                cand.where.append(slug)
    return sorted(merged.values(), key=lambda c: (-c.count, c.surname))


def describe(candidates: list[Candidate], limit: int = 15) -> str:
    """One line for a summary: "Kaganovich (3: L. M. Kaganovich), …"."""
    def one(c: Candidate) -> str:
        forms = f": {', '.join(c.forms[:2])}" if c.forms != [c.surname] else ""
        return f"{c.surname} ({c.count}{forms})"

    parts = [one(c) for c in candidates[:limit]]
    more = f", and {len(candidates) - limit} more" if len(candidates) > limit else ""
    return ", ".join(parts) + more
