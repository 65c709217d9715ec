"""Minimal textual edits of a TEI file: change one element's tags, nothing else.

The review writes an editor's decision into the file as text, not by re-serializing the tree:
only the start tag (attributes), the end tag (a new element name) or one element's content
changes, so ``git diff`` shows the decision and nothing else. The element is found from the
parsed tree: lxml gives the line where its start tag ends; the n-th element of that name ending
its start tag on that line is the n-th ``<name`` there (the converter writes start tags on one
line; a start tag spread over lines is looked for up to 30 lines back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..diagnostics import EditionError

_ATTR = re.compile(r'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def _qname(el: etree._Element) -> str:
    return etree.QName(el).localname


@dataclass
class Edits:
    """Replacements of character ranges in one file's text, applied together."""

    text: str
    _line_starts: list[int] = field(default_factory=list)
    _spans: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        for m in re.finditer("\n", self.text):
            starts.append(m.end())
        self._line_starts = starts

    # -- finding an element's tags ------------------------------------------------------
    def start_tag(self, el: etree._Element) -> tuple[int, int]:
        """(start, end) of ``el``'s start tag in the text."""
        name = _qname(el)
        line = el.sourceline or 1
        same = [e for e in el.getroottree().getroot().iter(el.tag) if e.sourceline == line]
        nth = same.index(el) if el in same else 0
        pattern = re.compile(r"<" + re.escape(name) + r"(?=[\s/>])")
        for ln in range(line, max(line - 30, 0), -1):
            a = self._line_starts[ln - 1]
            b = self._line_starts[ln] if ln < len(self._line_starts) else len(self.text)
            hits = list(pattern.finditer(self.text, a, b))
            if hits:
                hit = hits[nth] if ln == line and nth < len(hits) else hits[-1]
                end = self.text.index(">", hit.end()) + 1
                return hit.start(), end
        raise EditionError(f"<{name}> not found at line {line}: the file changed on disk")

    def extent(self, el: etree._Element) -> tuple[int, int, int, int]:
        """(start tag start, start tag end, end tag start, end tag end); an empty element's
        end tag is its start tag."""
        a, b = self.start_tag(el)
        if self.text[b - 2] == "/":
            return a, b, b, b
        name = re.escape(_qname(el))
        tags = re.compile(r"<(/?)" + name + r"(?=[\s/>])[^>]*?(/?)>")
        depth = 1
        for m in tags.finditer(self.text, b):
            if m.group(1):
                depth -= 1
            elif not m.group(2):
                depth += 1
            if depth == 0:
                return a, b, m.start(), m.end()
        raise EditionError(f"</{_qname(el)}> not found after line {el.sourceline}")

    # -- edits -----------------------------------------------------------------------
    def _replace(self, a: int, b: int, new: str) -> None:
        self._spans.append((a, b, new))

    def set_attrs(self, el: etree._Element, changes: dict[str, str | None],
                  rename: str | None = None) -> None:
        """Change, add (at the end) or remove (None) attributes of ``el``; keep the others and
        their order as written. With ``rename`` the element gets that name (end tag too)."""
        a, b, c, d = self.extent(el)
        tag = self.text[a:b]
        closing = "/>" if tag.endswith("/>") else ">"
        name = rename or _qname(el)
        out: list[str] = []
        written: set[str] = set()
        for m in _ATTR.finditer(tag, 1 + len(_qname(el))):
            key = m.group(1)
            written.add(key)
            if key not in changes:
                out.append(m.group(0))  # untouched: exactly as written
            elif changes[key] is not None:
                out.append(f"{key}={quoteattr(changes[key] or '')}")
        out.extend(f"{key}={quoteattr(value)}" for key, value in changes.items()
                   if value is not None and key not in written)
        self._replace(a, b, "<" + " ".join([name, *out]) + closing)
        if rename and c != b:
            self._replace(c, d, f"</{rename}>")

    def set_content(self, el: etree._Element, text: str) -> None:
        """Replace everything inside ``el`` with ``text`` (escaped)."""
        a, b, c, d = self.extent(el)
        if b == c and self.text[b - 2] == "/":  # <corr/>: open it
            self._replace(a, b, self.text[a:b - 2].rstrip() + ">" + escape(text) + f"</{_qname(el)}>")
        else:
            self._replace(b, c, escape(text))

    def unwrap(self, el: etree._Element, keep: etree._Element | None = None) -> None:
        """Remove ``el``'s tags, keeping its content (or only ``keep``'s content, a child)."""
        a, b, c, d = self.extent(el)
        if keep is None:
            self._replace(a, b, "")
            self._replace(c, d, "")
            return
        _, kb, kc, _ = self.extent(keep)
        self._replace(a, d, self.text[kb:kc])

    def insert(self, offset: int, xml: str) -> None:
        self._replace(offset, offset, xml)

    def insert_line_after(self, el: etree._Element, xml: str) -> None:
        """A new line holding ``xml`` after ``el``'s end tag, indented as ``el``'s line."""
        a, _, _, d = self.extent(el)
        line_start = self.text.rfind("\n", 0, a) + 1
        indent = self.text[line_start:a] if not self.text[line_start:a].strip() else ""
        self._replace(d, d, "\n" + indent + xml)

    def result(self) -> tuple[str, set[int]]:
        """The new text and the (1-based) lines of it that the edits wrote."""
        spans = sorted(self._spans, key=lambda s: (s[0], s[1]))
        for (_, b1, _), (a2, _, _) in zip(spans, spans[1:], strict=False):
            if a2 < b1:
                raise EditionError("two changes overlap in one element: apply them one at a time")
        out: list[str] = []
        pos = 0
        changed: set[int] = set()
        line = 1
        for a, b, new in spans:
            kept = self.text[pos:a]
            out.append(kept)
            line += kept.count("\n")
            changed.update(range(line, line + new.count("\n") + 1))
            out.append(new)
            line += new.count("\n")
            pos = b
        out.append(self.text[pos:])
        return "".join(out), changed
