"""Turn the document model into TEI elements.

Spans become nested inline elements (a span that crosses another is dropped and
reported), every ``"\\n"`` in a block's text becomes ``"\\n<lb/>"``, and inserts are
placed at their offsets; an insert at the start of a line (pb, fw) comes before the
line's ``lb``, as TEI wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..model import Block, Container, Document, Node, Span
from .positions import add_positions
from .xml import qualify, tei

ID_TAGS = {"p", "head", "quote", "item", "note", "dateline", "byline", "signed", "bibl", "cit",
           "sp", "trailer", "salute", "ab", "list", "closer", "opener", "said"}


@dataclass
class _Tree:
    span: Span
    children: list[_Tree] = field(default_factory=list)


@dataclass(frozen=True)
class Dropped:
    """A span that crossed another, left out of the TEI (reported as finding C110)."""

    block: Block
    span: Span

    @property
    def line(self) -> int:
        """The raw line where the span starts (0 when the block has no raw lines)."""
        k = self.block.text.count("\n", 0, self.span.start)
        return self.block.lines[k] if k < len(self.block.lines) else 0


@dataclass
class Serializer:
    slug: str
    dropped: list[Dropped] = field(default_factory=list)  # spans that crossed others
    _counters: dict[str, int] = field(default_factory=dict)
    _elements: dict[int, etree._Element] = field(default_factory=dict)  # id(Block) → element
    _links: list[tuple[Block, Block]] = field(default_factory=list)  # (block, continued_by)

    # -- ids ---------------------------------------------------------------
    def _assign_id(self, el: etree._Element, tag: str) -> None:
        if tag in ID_TAGS and el.get(qualify("xml:id")) is None:
            n = self._counters.get(tag, 0) + 1
            self._counters[tag] = n
            el.set(qualify("xml:id"), f"{self.slug}-{tag}{n}")

    # -- nodes ---------------------------------------------------------------
    def node(self, node: Node) -> etree._Element:
        if isinstance(node, Block):
            return self.block(node)
        if isinstance(node, Container):
            el = tei(node.tag, node.attrs)
            self._assign_id(el, node.tag)
            for child in node.children:
                el.append(self.node(child))
            return el
        el = tei(node.tag, node.attrs)  # a Leaf: pb, fw, milestone
        if node.tag in {"pb", "fw"} and node.line:
            add_positions(el, [node.line])  # the page's first raw line, the furniture's line
        if node.text:
            el.text = node.text
        return el

    def block(self, block: Block) -> etree._Element:
        el = tei(block.tag, block.attrs)
        self._assign_id(el, block.tag)
        add_positions(el, block.lines)  # the raw lines it came from (review, --keep-reviewed)
        self._elements[id(block)] = el
        if block.continued_by is not None:
            self._links.append((block, block.continued_by))
        self.fill(el, block)
        return el

    def _link_continuations(self) -> None:
        """A paragraph split by page furniture: its parts point to each other (@next/@prev)."""
        xml_id = qualify("xml:id")
        for first, second in self._links:
            a, b = self._elements.get(id(first)), self._elements.get(id(second))
            if a is not None and b is not None:
                a.set("next", "#" + b.get(xml_id, ""))
                b.set("prev", "#" + a.get(xml_id, ""))

    def fill(self, el: etree._Element, block: Block) -> None:
        """Write the block's mixed content into ``el``."""
        forest = self._forest(block)
        inserts = sorted(enumerate(block.inserts), key=lambda p: (p[1].offset, p[0]))
        state = _State(block, el, [i for _, i in inserts], self)
        state.emit(el, 0, len(block.text), forest)

    def _forest(self, block: Block) -> list[_Tree]:
        spans = block.spans
        roots: list[_Tree] = []
        stack: list[_Tree] = []
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            if span.end <= span.start:
                self.dropped.append(Dropped(block, span))
                continue
            while stack and stack[-1].span.end <= span.start:
                stack.pop()
            if stack and span.end > stack[-1].span.end:
                self.dropped.append(Dropped(block, span))  # crosses its would-be parent
                continue
            node = _Tree(span)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        return roots

    # -- document ------------------------------------------------------------
    def text(self, doc: Document) -> etree._Element:
        text = tei("text")
        for part, nodes in (("front", doc.front), ("body", doc.body), ("back", doc.back)):
            if not nodes and part != "body":
                continue
            holder = etree.SubElement(text, tei(part).tag)
            for n in nodes:
                holder.append(self.node(n))
            if part == "body" and all(child.tag in PAGE_MARKS for child in holder):  # needs a block
                etree.SubElement(holder, tei("p").tag)
        self._link_continuations()
        return text


# What a text part may hold besides its text, but never alone (the page's marks and furniture).
PAGE_MARKS = {tei(name).tag for name in ("pb", "fw", "milestone", "lb")}


class _State:
    """Walks one block's text, emitting text, line breaks and inserts in order."""

    def __init__(self, block: Block, root: etree._Element, inserts: list, ser: Serializer) -> None:
        self.block = block
        self.root = root
        self.inserts = inserts
        self.next_insert = 0
        self.ser = ser

    @staticmethod
    def _append_text(parent: etree._Element, s: str) -> None:
        if not s:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + s
        else:
            parent.text = (parent.text or "") + s

    def flat(self, parent: etree._Element, a: int, b: int, inclusive: bool = True) -> None:
        """Text in [a, b) with its line breaks, and the inserts at offsets up to b.

        An insert at exactly ``b`` is taken only when ``inclusive``: inserts at a span's
        end stay outside the span.
        """
        text = self.block.text
        pos = a
        while True:
            nl = text.find("\n", pos, b)
            if nl < 0:
                break
            self._text_and_inserts(parent, pos, nl, nl)
            # inserts at the next line's start (pb, fw) come before its lb
            self._text_and_inserts(parent, nl, nl, nl + 1 if nl + 1 < b or inclusive else nl)
            self._append_text(parent, "\n")
            parent.append(tei("lb", self.block.breaks.get(nl)))
            pos = nl + 1
        self._text_and_inserts(parent, pos, b, b if inclusive else b - 1)

    def _text_and_inserts(self, parent: etree._Element, a: int, b: int, limit: int) -> None:
        """Text in [a, b) interleaved with the pending inserts whose offset is <= limit."""
        text = self.block.text
        pos = a
        while self.next_insert < len(self.inserts) and self.inserts[self.next_insert].offset <= limit:
            off = min(max(self.inserts[self.next_insert].offset, pos), b)
            self._append_text(parent, text[pos:off])
            pos = off
            parent.append(self.ser.node(self.inserts[self.next_insert].node))
            self.next_insert += 1
        self._append_text(parent, text[pos:b])

    def emit(self, parent: etree._Element, a: int, b: int, children: list[_Tree],
             inclusive: bool = True) -> None:
        pos = a
        for child in children:
            s = child.span
            self.flat(parent, pos, s.start)
            el = tei(s.tag, s.attrs)
            if s.resp:
                el.set("resp", s.resp)
            if s.cert:
                el.set("cert", s.cert)
            parent.append(el)
            if s.tag == "choice":
                src_tag, new_tag = ("sic", "corr") if s.kind == "sic" else ("orig", "reg")
                src = etree.SubElement(el, tei(src_tag).tag)
                self.flat(src, s.start, s.end, inclusive=False)
                etree.SubElement(el, tei(new_tag).tag).text = s.reading or ""
            else:
                self.emit(el, s.start, s.end, child.children, inclusive=False)
            pos = s.end
        self.flat(parent, pos, b, inclusive)
