"""One TEI file under review, with its raw file and where each of its elements stands there
(read from the source positions the converter writes, never searched for)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..sources import read_raw_text
from ..tei.xml import NS, TEI_NS, XML_NS, local
from .sourcemap import SourceMap

XML_ID = f"{{{XML_NS}}}id"
# Elements holding running text: the units that are aligned with the raw file.
BLOCK_TAGS = {"p", "head", "item", "note", "dateline", "byline", "signed", "bibl", "trailer",
              "salute", "ab", "fw", "quote", "l", "label"}


@dataclass
class Subject:
    tei_path: Path
    root: etree._Element
    raw_path: Path | None

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

    @cached_property
    def smap(self) -> SourceMap:
        return SourceMap(self.text)

    @cached_property
    def raw_lines(self) -> list[str]:
        """The raw file's lines (index 0 is line 1); empty without a raw file."""
        if self.raw_path is None or not self.raw_path.exists():
            return []
        return read_raw_text(self.raw_path).replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def raw_line(self, el: etree._Element) -> int | None:
        """Raw line where ``el`` starts, from the source positions (None: not positioned)."""
        pos = self.smap.get(el)
        return pos.line if pos is not None else None

    def raw_excerpt(self, el: etree._Element, context: int = 0, max_lines: int = 6) -> str:
        """The raw lines ``el`` spans (at most ``max_lines``), with ``context`` lines around."""
        pos = self.smap.get(el)
        if pos is None or not self.raw_lines:
            return ""
        last = min(pos.last, pos.line + max_lines - 1)
        return "\n".join(self.raw_lines[max(0, pos.line - 1 - context):last + context])

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
