"""An element's source reading: its text as the raw file has it, on one line.

Used to show and compare readings; where an element stands in the raw file comes from the
source positions (``sourcemap``), never from searching for this text.
"""

from __future__ import annotations

from lxml import etree

from ..tei.xml import local

SKIP = {"corr", "reg", "supplied", "expan", "teiHeader"}


def source_reading(el: etree._Element, *, inner_notes: bool = False) -> str:
    """The raw-file reading of ``el``: what ``edition text`` recovers for it, on one line."""
    out: list[str] = []

    def walk(node: etree._Element, top: bool) -> None:
        name = local(node)
        if not top:
            if name in SKIP or (name == "note" and node.get("type") == "editorial"):
                return
            if name == "note" and node.get("place") == "foot" and not inner_notes:
                out.append(node.get("n", ""))  # the call stays; the note is at the page foot
                return
        if name in {"lb", "pb", "fw"}:
            out.append(" ")
        if node.text and name not in SKIP:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, False)
            if child.tail:
                out.append(child.tail)
        if name in {"fw", "p", "head", "item", "note"}:
            out.append(" ")

    walk(el, True)
    return " ".join("".join(out).split())
