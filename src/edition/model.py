"""The converter's document model, between the raw text and the TEI.

Stages build it (layout → structure), annotators add ``Span``s to its blocks, and
``edition.tei.serialize`` turns it into TEI. Offsets index ``Block.text``, in which
``"\\n"`` separates the printed lines of a block (each becomes ``<lb/>``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

CONVERTER = "#conv"  # xml:id of the converter's respStmt in every TEI header


def calendar_ids(slug: str) -> tuple[str, str]:
    """The xml:ids of the header's Julian and Gregorian calendar (unique across the edition)."""
    return f"{slug}-julian", f"{slug}-gregorian"


@dataclass
class Span:
    """An inline annotation over ``text[start:end]`` that becomes one TEI element."""

    start: int
    end: int
    tag: str  # TEI local name: date, persName, quote, choice, ref, pc, hi, ...
    attrs: dict[str, str] = field(default_factory=dict)
    resp: str | None = CONVERTER
    cert: str | None = None  # "high" | "medium" | "low"; None where the converter is sure
    # For tag "choice": the edited reading; text[start:end] is the source reading.
    reading: str | None = None
    kind: str = "sic"  # for choice: "sic" (error → sic/corr) or "orig" (normalisation → orig/reg)


@dataclass
class Insert:
    """A node placed at an offset of a block's text: pb, fw, a footnote at its call, a note."""

    offset: int
    node: Node


@dataclass
class Block:
    """A block of text: p, head, dateline, byline, signed, quote, item, note, bibl, ..."""

    tag: str
    text: str
    lines: list[int] = field(default_factory=list)  # raw line number of each print line
    attrs: dict[str, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    inserts: list[Insert] = field(default_factory=list)
    breaks: dict[int, dict[str, str]] = field(default_factory=dict)  # lb attributes at a "\n"
    # The block that continues this one after page furniture (serialized as @next/@prev).
    continued_by: Block | None = None

    def add(self, span: Span) -> None:
        self.spans.append(span)


@dataclass
class Container:
    """A structural element holding nodes: div, list, cit, sp, listBibl, ..."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)


@dataclass
class Leaf:
    """An element without content of its own in the model: ``pb``, ``fw`` (with the furniture
    as printed in ``text``) and ``milestone``. ``line``: the raw line it stands for (a page's
    first line, the furniture's line), so later stages can point back to the source."""

    tag: str  # "pb" | "fw" | "milestone"
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    line: int | None = None


Node = Block | Container | Leaf


@dataclass(frozen=True)
class Finding:
    """Something a stage decided, could not decide or dropped, at a raw line (0: the text as
    a whole). ``code`` names it in ``edition.convert.findings.CODES`` (severity, meaning)."""

    code: str
    line: int
    message: str


@dataclass
class Document:
    front: list[Node] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    back: list[Node] = field(default_factory=list)
    # Self-check figures the converter reports (pages found, notes linked, ...).
    stats: dict[str, int | float | str] = field(default_factory=dict)
    # Persons taking part in speeches, as @who references (e.g. "per:lenin").
    participants: list[str] = field(default_factory=list)
    # The converter's findings, one channel for every stage (``report``).
    findings: list[Finding] = field(default_factory=list)
    # A pasted web page's source block (convert/web.py): (role, label as printed, value) per
    # labelled line, for the teiHeader.
    source_block: list[tuple[str, str, str]] = field(default_factory=list)

    def report(self, code: str, line: int, message: str) -> None:
        self.findings.append(Finding(code, line, message))

    def uses_calendars(self) -> bool:
        """A date printed in both calendars (annotate/calendars.py) names one in @calendar."""
        return any(s.tag == "date" and "calendar" in s.attrs for b in self.blocks() for s in b.spans)

    def blocks(self) -> list[Block]:
        """Every block in document order, including those inside containers and inserts."""
        return [n for n, _place in walk(self) if isinstance(n, Block)]


@dataclass
class Place:
    """Where a node sits: its parent's child list, its index, and its enclosing containers."""

    siblings: list[Node]
    index: int
    ancestors: tuple[Container, ...]


def walk_nodes(nodes: list[Node], ancestors: tuple[Container, ...] = ()) -> Iterator[tuple[Node, Place]]:
    """Every node under ``nodes`` (depth first, document order) with its place: containers
    before their children, a block before the nodes inserted into it (pb, fw, notes)."""
    for i, n in enumerate(list(nodes)):
        yield n, Place(nodes, i, ancestors)
        if isinstance(n, Container):
            yield from walk_nodes(n.children, (*ancestors, n))
        elif isinstance(n, Block):
            yield from walk_nodes([ins.node for ins in n.inserts], ancestors)


def walk(doc: Document) -> Iterator[tuple[Node, Place]]:
    """The one generic walk over a document: front, body and back in order."""
    for part in (doc.front, doc.body, doc.back):
        yield from walk_nodes(part)
