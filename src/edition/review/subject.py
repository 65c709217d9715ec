"""One TEI file under review, with its raw file and where each of its blocks stands there."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..sources import read_raw_text
from ..tei.xml import NS, TEI_NS, XML_NS, local
from .align import PROBE_TOKENS, RawIndex, source_reading

XML_ID = f"{{{XML_NS}}}id"
# Elements holding running text: the units that are aligned with the raw file.
BLOCK_TAGS = {"p", "head", "item", "note", "dateline", "byline", "signed", "bibl", "trailer",
              "salute", "ab", "fw", "quote", "l", "label"}


@dataclass
class Subject:
    tei_path: Path
    root: etree._Element
    raw_path: Path | None
    positions: dict[etree._Element, int] = field(default_factory=dict)  # block → raw token

    @cached_property
    def raw(self) -> RawIndex | None:
        if self.raw_path is None or not self.raw_path.exists():
            return None
        return RawIndex(read_raw_text(self.raw_path))

    @cached_property
    def text(self) -> etree._Element | None:
        return self.root.find(f"{{{TEI_NS}}}text")

    @property
    def slug(self) -> str:
        return self.root.get(XML_ID) or self.tei_path.stem

    @property
    def title(self) -> str:
        t = self.root.find(".//tei:titleStmt/tei:title", NS)
        return " ".join("".join(t.itertext()).split()) if t is not None else self.slug

    @cached_property
    def blocks(self) -> list[etree._Element]:
        """Outermost text blocks in document order (a footnote inside a p is its own block)."""
        if self.text is None:
            return []
        out = []
        for el in self.text.iter(f"{{{TEI_NS}}}*"):
            name = local(el)
            if name not in BLOCK_TAGS or _is_editorial(el):
                continue
            parent = el.getparent()
            nested = False
            while parent is not None:
                if local(parent) in BLOCK_TAGS and not (name == "note" and el.get("place") == "foot"):
                    nested = True
                    break
                parent = parent.getparent()
            if not nested:
                out.append(el)
        return out

    def align(self) -> None:
        """Place every block in the raw file, moving forward through it."""
        if self.raw is None:
            return
        cursor = 0
        for el in self.blocks:
            reading = source_reading(el, inner_notes=False)
            tok = self.raw.find(reading, cursor, probe=PROBE_TOKENS)
            if tok is None:
                continue
            self.positions[el] = tok
            if not (local(el) == "note" or local(el) == "fw"):
                cursor = tok + 1  # footnotes and furniture stand elsewhere in the raw file

    def block_of(self, el: etree._Element) -> etree._Element | None:
        node: etree._Element | None = el
        while node is not None:
            if node in self.positions:
                return node
            node = node.getparent()
        return None

    def raw_line(self, el: etree._Element) -> int | None:
        """Raw line where ``el``'s text starts (its block's line if its own text is not found)."""
        if self.raw is None:
            return None
        tok = self.raw_token(el)
        return self.raw.line_of(tok) if tok is not None else None

    def raw_token(self, el: etree._Element) -> int | None:
        if self.raw is None:
            return None
        if el in self.positions:
            return self.positions[el]
        block = self.block_of(el)
        start = self.positions.get(block, 0) if block is not None else 0
        reading = source_reading(el, inner_notes=True)
        tok = self.raw.find(reading, start, probe=30) if reading and not _is_editorial(el) else None
        return tok if tok is not None else (self.positions.get(block) if block is not None else None)

    def where(self, el: etree._Element) -> str:
        """A human location: the raw line (or the TEI line) and the xml:id."""
        line = self.raw_line(el)
        ident = nearest_id(el)
        raw = f"raw line {line}" if line is not None else f"TEI line {el.sourceline}"
        return f"{raw} ({ident})" if ident else raw


def nearest_id(el: etree._Element) -> str:
    node: etree._Element | None = el
    while node is not None:
        if node.get(XML_ID):
            return node.get(XML_ID, "")
        node = node.getparent()
    return ""


def _is_editorial(el: etree._Element) -> bool:
    return local(el) == "note" and el.get("type") == "editorial"


def raw_path_for(root: etree._Element, tei_path: Path, project_root: Path,
                 sources_by_slug: dict[str, Path]) -> Path | None:
    """The raw file of a TEI file: by slug (= file stem or TEI/@xml:id), else the header's
    ``idno[@type='raw']``."""
    slug = root.get(XML_ID) or tei_path.stem
    for key in (tei_path.stem, slug):
        if key in sources_by_slug:
            return sources_by_slug[key]
    idno = root.find(".//tei:sourceDesc//tei:idno[@type='raw']", NS)
    if idno is not None and idno.text:
        for base in (project_root, tei_path.parent.parent):
            candidate = base / idno.text.strip()
            if candidate.exists():
                return candidate
    return None
