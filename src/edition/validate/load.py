"""Read one file for validation: parse it safely, or turn the reason it cannot be read into findings.

Also where a finding gets its position: lxml knows an element's line but not its column, so
the column is found by looking for the start tag (or the attribute) in the source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, EditionError
from ..tei.xml import TEI_NS, XML_NS, check_depth, encoding_problem, parser
from .codes import RULES

XML_ID = f"{{{XML_NS}}}id"
_WITH_ID = etree.XPath("//*[@xml:id]")  # in document order, as a walk would find them


def finding(code: str, file: Path | str, line: int, column: int, message: str,
            element: str = "") -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(code, rule.severity, str(file), max(line, 1), max(column, 1), message,
                      element=element, rule=rule.name)


@dataclass
class Doc:
    """A parsed TEI file and what the rules need to know about it."""

    path: Path
    root: etree._Element
    text: str
    ids: dict[str, etree._Element] = field(default_factory=dict)
    duplicates: list[Diagnostic] = field(default_factory=list)  # E002 findings
    _lines_of_tag: dict[str, dict[int | None, list[etree._Element]]] = field(
        default_factory=dict, repr=False)  # tag -> line -> elements (position)

    @property
    def slug(self) -> str:
        return self.root.get(XML_ID) or self.path.stem

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def position(self, el: etree._Element, attr: str | None = None) -> tuple[int, int]:
        """(line, column) of the element's start tag, or of ``attr`` in it."""
        line = el.sourceline or 1
        if not isinstance(el.tag, str):
            return line, 1
        name = etree.QName(el).localname
        prefix = el.prefix + ":" if el.prefix else ""
        tag = re.compile(r"<" + re.escape(prefix + name) + r"(?=[\s/>]|$)")  # a name may end the line
        # lxml's line is where the start tag ends; it starts there or a few lines before
        same = self._on_line(el.tag, el.sourceline)
        nth = same.index(el) if el in same else 0
        for ln in range(line, max(line - 30, 0), -1):
            hits = list(tag.finditer(self.lines[ln - 1])) if ln <= len(self.lines) else []
            if hits:
                hit = hits[min(nth, len(hits) - 1)] if ln == line else hits[-1]
                if attr:
                    a = self._attribute(ln, hit.start(), attr)
                    if a:
                        return a
                return ln, hit.start() + 1
        return line, 1

    def _on_line(self, tag: str, line: int | None) -> list[etree._Element]:
        """The elements named ``tag`` whose start tags end on ``line``, in document order: the
        file is walked once per tag, not once per finding (a file with thousands of findings)."""
        by_line = self._lines_of_tag.get(tag)
        if by_line is None:
            by_line = self._lines_of_tag[tag] = {}
            for e in self.root.getroottree().getroot().iter(tag):
                by_line.setdefault(e.sourceline, []).append(e)
        return by_line.get(line, [])

    def text_position(self, el: etree._Element) -> tuple[int, int] | None:
        """(line, column) of the first character data directly inside ``el`` (its text or a
        child's tail), found in the source after the node it follows; None without any."""
        before: etree._Element = el
        chunk = el.text
        if not (chunk or "").strip():
            chunk = None
            for child in el:
                if (child.tail or "").strip():
                    before, chunk = child, child.tail
                    break
        if chunk is None:
            return None
        word = re.search(r"\w+|\S", chunk)
        assert word is not None  # the chunk is not blank
        needle = re.compile(re.escape(word.group()))
        # the text follows the start tag of ``el``, or the end of ``before``'s last descendant
        line = max((d.sourceline or 0) for d in before.iter()) if before is not el else None
        start_line, skip = (line, 0) if line else self.position(el)
        tag_end = None
        for ln in range(start_line, min(start_line + 200, len(self.lines)) + 1):
            s = self.lines[ln - 1]
            from_col = skip - 1 if ln == start_line and skip else 0
            if tag_end is None:  # first pass the end of the tag the text follows
                gt = s.find(">", from_col)
                if gt < 0:
                    continue
                tag_end, from_col = ln, gt + 1
            m = needle.search(s, from_col)
            if m:
                return ln, m.start() + 1
        return None

    def at_text(self, code: str, el: etree._Element, message: str) -> Diagnostic:
        """A finding about the character data directly inside ``el``, at that text."""
        pos = self.text_position(el)
        if pos is None:
            return self.at(code, el, message)
        return finding(code, self.path, pos[0], pos[1], message, element=self.where(el))

    def _attribute(self, line: int, start: int, attr: str) -> tuple[int, int] | None:
        pat = re.compile(r"\s" + re.escape(attr) + r"\s*=")
        for ln in range(line, min(line + 30, len(self.lines)) + 1):
            s = self.lines[ln - 1]
            m = pat.search(s, start if ln == line else 0)
            end = s.find(">", start if ln == line else 0)
            if m and (end < 0 or m.start() < end):
                return ln, m.start() + 2
            if end >= 0:
                return None
        return None

    def where(self, el: etree._Element) -> str:
        """A readable path to the element: /TEI/text/body/div[2]/p[3]."""
        steps: list[str] = []
        node: etree._Element | None = el
        while node is not None:
            name = etree.QName(node).localname
            parent = node.getparent()
            if parent is not None:
                same = [c for c in parent if c.tag == node.tag]
                if len(same) > 1:
                    name += f"[{same.index(node) + 1}]"
            steps.append(name)
            node = parent
        return "/" + "/".join(reversed(steps))

    def at(self, code: str, el: etree._Element, message: str, attr: str | None = None) -> Diagnostic:
        line, col = self.position(el, attr)
        return finding(code, self.path, line, col, message, element=self.where(el))


def load(path: Path) -> tuple[Doc | None, list[Diagnostic]]:
    """Parse ``path``; a file that cannot be checked further comes back as findings only."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [finding("E001", path, 1, 1, f"cannot read the file ({exc.strerror}): "
                                                  "check the path and its permissions")]
    return load_bytes(path, data)


def load_bytes(path: Path, data: bytes) -> tuple[Doc | None, list[Diagnostic]]:
    """As ``load``, for the bytes a file at ``path`` would hold (checked before they are written)."""
    text = data.decode("utf-8", errors="replace")
    if not data.strip():
        return None, [finding("E001", path, 1, 1, "the file is empty: write a TEI document "
                                                  "or remove the file")]
    try:
        root = etree.fromstring(data, parser(collect_ids=False), base_url=str(path))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        msg = (exc.msg or "malformed XML").split(" (", 1)[0].rstrip(", ")
        return None, [finding("E001", path, line, col, f"not well-formed XML ({msg}): "
                                                       "fix the markup at this position")]
    doc = Doc(path, root, text)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        return None, [finding("E003", path, 1, 1,
                              "the file has a DOCTYPE declaration (entities are never resolved): "
                              "remove it and write the characters themselves")]
    encoding = encoding_problem(docinfo)
    if encoding:
        return None, [finding("E005", path, 1, 1, encoding)]
    if root.tag != f"{{{TEI_NS}}}TEI":
        qn = etree.QName(root)
        ns = f" in namespace {qn.namespace}" if qn.namespace else " in no namespace"
        return None, [doc.at("E004", root, f"the root element is <{qn.localname}>{ns}, not a TEI "
                                           f"document: only TEI files ({TEI_NS}) belong here")]
    try:  # nesting past the limit: readers that recurse (review, print) would overflow
        check_depth(root, path)
    except EditionError as exc:
        return None, [finding("E001", path, exc.line or 1, 1, str(exc.args[0]))]
    twice: list[Diagnostic] = []
    for el in _WITH_ID(root):
        i = el.get(XML_ID)
        if i in doc.ids:  # the first keeps the id; the file's other findings still come
            first, _ = doc.position(doc.ids[i])
            twice.append(doc.at("E002", el, f"xml:id '{i}' is used twice in this file (first on "
                                            f"line {first}): give one of the elements another id",
                                "xml:id"))
        else:
            doc.ids[i] = el
    doc.duplicates = twice
    return doc, twice
