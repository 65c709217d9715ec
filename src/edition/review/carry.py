"""Carry reviewed decisions over into a fresh conversion.

An annotation the editors accepted (``@resp`` changed from ``#conv``, ``@cert`` removed) is
found again in the fresh conversion by its block's xml:id, its element name and its source
reading, and accepted there too; the editors' revisionDesc entries are kept. Any other hand
edit cannot be carried over safely: ``carry_reviewed`` then reports the blocks concerned and
the caller must refuse to overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..tei.xml import NS, TEI_NS, local, to_bytes
from .align import source_reading
from .model import CONVERTER
from .subject import nearest_id


@dataclass
class Carried:
    data: bytes  # the fresh conversion with the reviewed decisions in it
    accepted: int  # annotations carried over
    lost: list[str]  # xml:ids of blocks whose hand edits could not be carried over


def _key(el: etree._Element) -> tuple[str, str, str]:
    return (nearest_id(el.getparent()) if el.getparent() is not None else "", local(el),
            source_reading(el, inner_notes=True))


def _annotated(root: etree._Element) -> list[etree._Element]:
    text = root.find("tei:text", NS)
    return [] if text is None else [el for el in text.iter(f"{{{TEI_NS}}}*") if el.get("resp")]


def carry_reviewed(edited: etree._Element, fresh_bytes: bytes) -> Carried:
    fresh = etree.fromstring(fresh_bytes)
    pool: dict[tuple[str, str, str], list[etree._Element]] = {}
    for el in _annotated(fresh):
        pool.setdefault(_key(el), []).append(el)
    accepted = 0
    for el in _annotated(edited):
        if el.get("resp") == CONVERTER or (local(el) == "note" and el.get("type") == "editorial"):
            continue
        matches = [m for m in pool.get(_key(el), []) if m.get("resp") == CONVERTER]
        if matches:
            target = matches[0]
            target.set("resp", el.get("resp", ""))
            if el.get("cert") is None:
                target.attrib.pop("cert", None)
            else:
                target.set("cert", el.get("cert", ""))
            accepted += 1
    # the editors' own entries in revisionDesc (review sessions, notes on changes)
    fresh_rev = fresh.find(".//tei:revisionDesc", NS)
    if fresh_rev is not None:
        for change in edited.iterfind(".//tei:revisionDesc/tei:change", NS):
            if change.get("who") != CONVERTER:
                copy = etree.fromstring(etree.tostring(change, with_tail=False))
                copy.tail = fresh_rev[-1].tail if len(fresh_rev) else None
                if len(fresh_rev):
                    fresh_rev[-1].tail = fresh_rev.text
                fresh_rev.append(copy)
    lost = _differing_blocks(edited, fresh)
    return Carried(to_bytes(fresh), accepted, lost)


def _differing_blocks(a: etree._Element, b: etree._Element) -> list[str]:
    """xml:ids of identified text elements whose content differs between ``a`` and ``b``."""
    from .against import _leaf_blocks, _norm

    old, new = _leaf_blocks(a), _leaf_blocks(b)
    return sorted(i for i in set(old) | set(new)
                  if i not in old or i not in new or _norm(old[i]) != _norm(new[i]))
