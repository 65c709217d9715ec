"""The hand-curated register (tei/register.xml) as the annotators need it: ids and name forms.

The register is the current project's (``edition.project.current()``); a project without one
has no names to find."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from .. import project
from ..diagnostics import EditionError
from ..fsutil import write_atomic
from ..tei.xml import TEI_NS, parse_file

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class Entry:
    ref: str  # per:lenin / org:comintern
    kind: str  # persName / orgName
    forms: tuple[str, ...]  # name forms as printed, full form first
    # forms the register marks @cert (too common as words, or naming more than one entity)
    unsure: frozenset[str] = frozenset()
    # an unnamed speaker (persName type="anonymous": "Voice"), never a name in running text
    anonymous: bool = False
    # generic forms (type="generic": "Bolsheviks", "Communist Party"): a common noun phrase that
    # names this entity only after the definite article
    generic: frozenset[str] = frozenset()


def load_register(path: Path | None = None) -> tuple[Entry, ...]:
    """The register at ``path`` (default: the current project's)."""
    return _load(path if path is not None else project.current().register)


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Entry, ...]:
    if not path.is_file():
        return ()
    root = parse_file(path).getroot()
    entries: list[Entry] = []
    for tag, name_tag in (("person", "persName"), ("org", "orgName")):
        for el in root.iter(f"{{{TEI_NS}}}{tag}"):
            ident = el.get(XML_ID, "")
            prefix, _, name = ident.partition("-")
            names = el.findall(f"{{{TEI_NS}}}{name_tag}")
            forms = tuple(_form(n) for n in names)
            unsure = frozenset(_form(n) for n in names if n.get("cert"))
            anonymous = bool(names) and names[0].get("type") == "anonymous"
            generic = frozenset(_form(n) for n in names if n.get("type") == "generic")
            entries.append(Entry(f"{prefix}:{name}", name_tag, forms, unsure, anonymous, generic))
    return tuple(entries)


def _form(name: etree._Element) -> str:
    return " ".join("".join(name.itertext()).split())


def is_anonymous(ref: str) -> bool:
    """The register's entry for ``ref`` stands for an unnamed speaker ("Voice")."""
    return any(e.ref == ref and e.anonymous for e in load_register())


def ref_for_surname(word: str) -> str | None:
    """The per: reference of the person whose name form is ``word`` ("Lenin" → per:lenin)."""
    for entry in load_register():
        if entry.kind == "persName" and word in entry.forms:
            return entry.ref
    return None


def known_refs() -> set[str]:
    return {e.ref for e in load_register()}


# -- adding an entry (``edition register add``) ----------------------------------------------

ENTRY_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
WIKIDATA = re.compile(r"Q[1-9]\d*")


def add_entry(path: Path, ident: str, name: str, forms: list[str], *, org: bool = False,
              wikidata: str | None = None, note: str | None = None) -> str:
    """Add a person (or organisation) to the register file at ``path``; return its reference.

    The entry goes at the end of ``listPerson``/``listOrg`` as text, so the hand-curated file
    keeps its layout; the file is parsed first and written atomically. Bad input is an
    EditionError (one line, exit 2), never a half-written register.
    """
    kind, prefix, list_tag = ("org", "org", "listOrg") if org else ("person", "per", "listPerson")
    name_tag = "orgName" if org else "persName"
    if not ENTRY_ID.fullmatch(ident):
        raise EditionError(f"invalid register id {ident!r}: lower-case letters, digits and hyphens")
    if wikidata is not None and not WIKIDATA.fullmatch(wikidata):
        raise EditionError(f"invalid Wikidata id {wikidata!r}: Q followed by digits")
    if not name.strip():
        raise EditionError("the entry needs a name")
    text = path.read_text(encoding="utf-8")
    parse_file(path)  # a broken register is reported, not appended to
    if f'xml:id="{prefix}-{ident}"' in text:
        raise EditionError(f"{prefix}:{ident} is already in the register", file=path)
    close = text.rfind(f"</{list_tag}>")
    if close == -1:
        raise EditionError(f"the register has no {list_tag}", file=path)
    indent = re.search(r"([ \t]*)$", text[:close]).group(1)  # type: ignore[union-attr]
    inner = indent + "  "
    lines = [f'{inner}<{kind} xml:id="{prefix}-{ident}">',
             f'{inner}  <{name_tag} type="full">{escape(name.strip())}</{name_tag}>']
    lines += [f'{inner}  <{name_tag} type="variant">{escape(f.strip())}</{name_tag}>'
              for f in dict.fromkeys(forms) if f.strip() and f.strip() != name.strip()]
    if wikidata:
        lines.append(f'{inner}  <idno type="wikidata">{wikidata}</idno>')
    if note:
        lines.append(f"{inner}  <note>{escape(note.strip())}</note>")
    lines.append(f"{inner}</{kind}>")
    entry = "\n".join(lines) + "\n"
    start = close - len(indent)
    write_atomic(path, (text[:start] + entry + text[start:]).encode("utf-8"))
    _load.cache_clear()
    return f"{prefix}:{ident}"
