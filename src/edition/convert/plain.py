"""The ``plain`` profile: pasted texts with one paragraph per line and no pages.

Leading short lines are title material: a bibliographic line becomes ``bibl``, the first
other line the ``head``, later ones subtitles; a short line opening with a Roman
numeral starts a section ``div``. A number glued to the end of a sentence ("…in the
affirmative.2 History has…") is the call of a note the pasted text left out: it is marked as a
call whose note is missing, never left as a stray digit in the reading text.
"""

from __future__ import annotations

import re

from ..model import Block, Container, Document, Span
from ..profiles import Profile
from ..sources import Source
from .lines import RawLine, to_block

BIBL_LINE = re.compile(r"\(\d{4}\),?\s*[\divx–-]+\.?\s*$")  # "Author, Title (1993), 146-7."
SECTION_HEAD = re.compile(r"^(?:[IVXL]+)\.\s+\S")
# a note number glued to a sentence's last word and its full stop, before the next sentence
GLUED_CALL = re.compile(r"[a-z][.!?;:][”’)]?(\d{1,2})(?=\s+[A-Z“]|$)")


def build(source: Source, profile: Profile, lines: list[RawLine]) -> Document:
    title_max = profile.thresholds["title_max"]  # longer lines are running text
    text_lines = [ln for ln in lines if not ln.blank]
    div = Container("div", {"type": "text", "xml:id": f"{source.slug}-text"})
    front: list = []
    current = div
    in_title = True
    for ln in text_lines:
        stripped = ln.text.strip()
        if in_title and len(stripped) <= title_max:
            if BIBL_LINE.search(stripped) and not div.children:
                # a source line before the title: front matter, keeping the raw order
                holder = Container("div", {"type": "source"}, [to_block("bibl", [ln])])
                front.append(holder)
            elif SECTION_HEAD.match(stripped):
                section = Container("div", {"type": "section"})
                section.children.append(to_block("head", [ln]))
                div.children.append(section)
                current = section
            elif not any(isinstance(c, Block) and c.tag == "head" for c in current.children):
                current.children.append(to_block("head", [ln]))
            else:
                current.children.append(to_block("head", [ln], {"type": "sub"}))
            continue
        in_title = False
        current.children.append(to_block("p", [ln]))
    doc = Document(front=front, body=[div])
    _mark_note_calls(doc)
    return doc


def _mark_note_calls(doc: Document) -> None:
    calls = []
    for block in doc.blocks():
        if block.tag != "p":
            continue
        for m in GLUED_CALL.finditer(block.text):
            block.add(Span(m.start(1), m.end(1), "ref", {"type": "noteCall", "subtype": "missing"},
                           cert="medium"))
            calls.append(m.group(1))
            line = block.lines[block.text.count("\n", 0, m.start(1))] if block.lines else 0
            doc.report("C101", line, f"note number {m.group(1)} glued to a sentence: the text has no note")
    if calls:
        doc.stats["endnote calls without note text"] = len(calls)
        doc.stats["calls without note text (numbers)"] = " ".join(calls)
