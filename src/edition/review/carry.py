"""Carry reviewed decisions over into a fresh conversion.

An annotation the editors accepted (``@resp`` changed from ``#conv``, ``@cert`` removed) is
found again in the fresh conversion by its block's xml:id, its element name, its ``@n`` and its
source reading, and accepted there too; the editors' revisionDesc entries are kept. Any other
hand edit cannot be carried over safely: after carrying, the whole edited document (header and
text, every element and attribute) must equal the result, or ``carry_reviewed`` reports where
they differ and the caller refuses to overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..tei.xml import NS, TEI_NS, local, to_bytes
from .align import source_reading
from .model import CONVERTER
from .subject import BLOCK_TAGS, XML_ID, nearest_id


@dataclass
class Carried:
    data: bytes  # the fresh conversion with the reviewed decisions in it
    accepted: int  # annotations carried over
    lost: list[str]  # where hand edits could not be carried over (block xml:ids, "teiHeader", …)


def _key(el: etree._Element) -> tuple[str, str, str, str]:
    return (nearest_id(el.getparent()) if el.getparent() is not None else "", local(el),
            el.get("n", ""), source_reading(el, inner_notes=True))


def _is_machine(el: etree._Element) -> bool:
    """Made by the converter: ``@resp="#conv"``, or a bare ``@cert`` (an inferred page number)."""
    return el.get("resp") == CONVERTER or (el.get("resp") is None and el.get("cert") is not None)


def _annotated(root: etree._Element) -> list[etree._Element]:
    text = root.find("tei:text", NS)
    return [] if text is None else [el for el in text.iter(f"{{{TEI_NS}}}*")
                                    if el.get("resp") or el.get("cert")]


def carry_reviewed(edited: etree._Element, fresh_bytes: bytes) -> Carried:
    fresh = etree.fromstring(fresh_bytes)
    pool: dict[tuple[str, str, str, str], list[etree._Element]] = {}
    for el in _annotated(fresh):
        if _is_machine(el):
            pool.setdefault(_key(el), []).append(el)
    accepted = 0
    for el in _annotated(edited):
        if _is_machine(el) or (local(el) == "note" and el.get("type") == "editorial"):
            continue
        matches = pool.get(_key(el))
        if matches:
            target = matches.pop(0)  # each fresh annotation takes one verdict
            for name in ("resp", "cert"):
                if el.get(name) is None:
                    target.attrib.pop(name, None)
                else:
                    target.set(name, el.get(name, ""))
            accepted += 1
    _carry_changes(edited, fresh)
    return Carried(to_bytes(fresh), accepted, differences(edited, fresh))


def _carry_changes(edited: etree._Element, fresh: etree._Element) -> None:
    """The editors' own entries in revisionDesc (review sessions, notes on changes)."""
    fresh_rev = fresh.find(".//tei:revisionDesc", NS)
    if fresh_rev is None:
        return
    for change in edited.iterfind(".//tei:revisionDesc/tei:change", NS):
        if change.get("who") != CONVERTER:
            copy = etree.fromstring(etree.tostring(change, with_tail=False))
            copy.tail = fresh_rev[-1].tail if len(fresh_rev) else None
            if len(fresh_rev):
                fresh_rev[-1].tail = fresh_rev.text
            fresh_rev.append(copy)


def _canonical(el: etree._Element) -> str:
    """Content and attributes, whitespace folded: what an edit would change."""
    return " ".join(etree.tostring(el, method="c14n", with_comments=True).decode("utf-8").split())


def differences(a: etree._Element, b: etree._Element) -> list[str]:
    """Where documents ``a`` and ``b`` differ: the xml:ids of the innermost identified blocks
    that differ, else "teiHeader" or "text" (a pb, fw or attribute outside any block)."""
    if _canonical(a) == _canonical(b):
        return []
    old, new = blocks(a), blocks(b)
    found = sorted(i for i in set(old) | set(new)
                   if i not in old or i not in new or _canonical(old[i]) != _canonical(new[i]))
    if found:
        return found
    out = []
    for part in ("tei:teiHeader", "tei:text"):
        x, y = a.find(part, NS), b.find(part, NS)
        if x is None or y is None or _canonical(x) != _canonical(y):
            out.append(part.split(":", 1)[1])
    return out or ["document"]


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
