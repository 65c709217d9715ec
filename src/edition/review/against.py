"""What the editors changed compared with a fresh conversion of the same raw file.

Blocks are matched by xml:id (stable between conversions); the header's revisionDesc is
compared too. The changes are what a scholar would feed back into the converter's rules or
the metadata's errata list.
"""

from __future__ import annotations

import difflib

from lxml import etree

from ..sources import Source
from ..tei.xml import NS, local, parse_file
from .annotations import NS_DECL, fragment
from .model import TextReview
from .subject import BLOCK_TAGS, XML_ID


def _norm(el: etree._Element) -> str:
    """The whole element (never truncated: an edit deep in a long paragraph counts)."""
    xml = NS_DECL.sub("", etree.tostring(el, encoding="unicode", with_tail=False))
    return " ".join(xml.split())


def changes_against(review: TextReview, source: Source) -> list[dict[str, object]]:
    from ..convert import convert

    fresh = etree.fromstring(convert(source))
    edited = parse_file(review.tei_path).getroot()
    out: list[dict[str, object]] = []
    old, new = blocks(fresh), blocks(edited)
    def order(ident: str) -> tuple[bool, int]:
        el = new.get(ident, old.get(ident))
        return (ident not in new, (el.sourceline or 0) if el is not None else 0)

    for ident in sorted(set(old) | set(new), key=order):
        a, b = old.get(ident), new.get(ident)
        if a is not None and b is not None and _norm(a) == _norm(b):
            continue
        kind = "added by the editors" if a is None else "removed by the editors" if b is None else "changed"
        out.append({"kind": kind, "where": ident,
                    "fresh": fragment(a) if a is not None else "",
                    "edited": fragment(b) if b is not None else "",
                    "diff": _word_diff(a, b)})
    fresh_changes = [_norm(c) for c in fresh.iterfind(".//tei:revisionDesc/tei:change", NS)]
    for change in edited.iterfind(".//tei:revisionDesc/tei:change", NS):
        if _norm(change) not in fresh_changes:
            out.append({"kind": "revision recorded", "where": "revisionDesc", "fresh": "",
                        "edited": fragment(change), "diff": ""})
    return out


def _word_diff(a: etree._Element | None, b: etree._Element | None) -> str:
    """The changed XML tokens only, as "-old +new" runs (short enough for a terminal)."""
    old = _norm(a).replace("><", "> <").split() if a is not None else []
    new = _norm(b).replace("><", "> <").split() if b is not None else []
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            parts.append("-[" + " ".join(old[i1:i2]) + "]")
        if j2 > j1:
            parts.append("+[" + " ".join(new[j1:j2]) + "]")
    return " ".join(parts)


def blocks(root: etree._Element) -> dict[str, etree._Element]:
    """The identified text blocks of a document (p, head, note, …) by xml:id."""
    out: dict[str, etree._Element] = {}
    text = root.find("tei:text", NS)
    if text is None:
        return out
    for el in text.iter():
        if isinstance(el.tag, str) and el.get(XML_ID) and local(el) in BLOCK_TAGS:
            out[el.get(XML_ID, "")] = el
    return out
