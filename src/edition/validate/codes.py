"""The validator's findings: one stable code per rule, its severity and its ODD rule name.

Codes never change meaning; a retired code is not reused. E… are errors (exit 1),
W… warnings (exit 1 only with --strict). The rule names are the ``constraintSpec/@ident``s
of schema/edition.odd, where each rule is described in prose (a test checks they match).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # "error" | "warning"
    name: str  # constraintSpec/@ident in schema/edition.odd
    summary: str


RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("E001", "error", "well-formed", "the file is not well-formed XML"),
    Rule("E002", "error", "well-formed", "an xml:id occurs twice in one file"),
    Rule("E003", "error", "no-external-entities", "the file declares a DOCTYPE or entities"),
    Rule("E004", "error", "tei-document", "the root element is not TEI"),
    Rule("E005", "error", "unicode-text", "the file declares an encoding other than UTF-8"),
    Rule("E009", "error", "well-formed", "the validator could not check the file"),
    Rule("E100", "error", "schema-valid", "an element is not allowed here or is incomplete"),
    Rule("E101", "error", "schema-valid", "an attribute value is not allowed"),
    Rule("E102", "error", "schema-valid", "an attribute is not allowed or is missing"),
    Rule("E010", "error", "id-unique", "an xml:id is used in more than one place in the edition"),
    Rule("W011", "warning", "id-prefixed", "an xml:id in the text does not start with the file's slug"),
    Rule("E020", "error", "ref-resolves", "a pointer does not resolve"),
    Rule("E021", "error", "ref-resolves", "a pointer uses an undeclared prefix"),
    Rule("E022", "error", "register-ref-resolves", "a per:/org: pointer is not in the register"),
    Rule("W023", "warning", "register-ref-resolves", "the register does not exist, so a pointer "
                                                     "into it cannot be checked"),
    Rule("E030", "error", "page-numbers-rise", "a printed page number does not rise"),
    Rule("W031", "warning", "page-numbers-rise", "printed page numbers skip a page"),
    Rule("E040", "error", "note-call-has-note", "a note call does not point to an endnote"),
    Rule("E041", "error", "note-call-has-note", "a note call has neither a target nor "
                                                "@subtype='missing'"),
    Rule("E042", "error", "note-has-call", "an endnote has no call"),
    Rule("E050", "error", "no-furniture-in-block", "page furniture inside p, head or note"),
    Rule("E060", "error", "date-valid", "a date attribute is not a valid ISO date"),
    Rule("E061", "error", "date-valid", "a date range ends before it starts"),
    Rule("E062", "error", "date-in-range", "a date lies outside the works' plausible range"),
    Rule("E070", "error", "machine-annotation-resp", "an annotation has no @resp"),
    Rule("E071", "error", "machine-annotation-resp", "an accepted annotation (@resp='#editors') "
                                                      "still carries @cert"),
    Rule("E080", "error", "slug-safe", "the slug is not a plain, unreserved name or not the "
                                       "file's name"),
]}


# Findings every run reports: a file that cannot be read is never silently skipped.
ALWAYS = {"well-formed", "no-external-entities", "tei-document", "schema-valid"}
# ``--rules``: named sets of the rules above (by constraintSpec/@ident); another project can
# take the pointer and id rules alone (``pointers``) with its own schema.
RULE_SETS: dict[str, frozenset[str]] = {
    "edition": frozenset(r.name for r in RULES.values()),
    "pointers": frozenset({"id-unique", "ref-resolves", "register-ref-resolves"}),
    "none": frozenset(),
}


def rule_names(spec: str) -> frozenset[str]:
    """The rules a ``--rules`` value selects: set names and rule names, comma-separated.

    Raises ValueError naming what is unknown."""
    known = {r.name for r in RULES.values()}
    chosen: set[str] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if part in RULE_SETS:
            chosen |= RULE_SETS[part]
        elif part in known:
            chosen.add(part)
        elif part in RULES:
            chosen.add(RULES[part].name)
        else:
            raise ValueError(f"unknown rule or rule set {part!r}: use {', '.join(RULE_SETS)} or "
                             f"rule names ({', '.join(sorted(known - ALWAYS))})")
    return frozenset(chosen | ALWAYS)
