"""The hand-curated register (tei/register.xml) as the annotators need it: ids and name forms.

The register is the current project's (``edition.project.current()``); a project without one
has no names to find."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import project
from ..tei.xml import TEI_NS, parse_file

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True)
class Entry:
    ref: str  # per:lenin / org:comintern
    kind: str  # persName / orgName
    forms: tuple[str, ...]  # name forms as printed, full form first


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
            forms = tuple(" ".join("".join(n.itertext()).split())
                          for n in el.findall(f"{{{TEI_NS}}}{name_tag}"))
            entries.append(Entry(f"{prefix}:{name}", name_tag, forms))
    return tuple(entries)


def ref_for_surname(word: str) -> str | None:
    """The per: reference of the person whose name form is ``word`` ("Lenin" → per:lenin)."""
    for entry in load_register():
        if entry.kind == "persName" and word in entry.forms:
            return entry.ref
    return None


def known_refs() -> set[str]:
    return {e.ref for e in load_register()}
