"""raw text → document model → TEI: the conversion pipeline.

``STAGES`` run in this order over a ``Conversion`` (each a small function below):

1. ``read_layout``      the raw file as numbered lines (``lines``), read by the profile's reader:
                        ``plain`` (pasted texts), ``web`` (pasted web pages: their
                        navigation, source block and editor's notes, ``web``) or ``printed``
                        (scans: its own pipeline of transforms, ``printed.PIPELINE``)
2. ``apply_corrections`` hyphenation, letter-spacing, OCR confusions and the project's
                        corrections list (``corrections``), for profiles that ask for them
3. ``add_editorial``    editorial notes from the metadata (errata) and duplications (``editorial``)
4. ``annotate``         annotators that add spans (``edition.annotate``: speech, quotations,
                        dates, calendars, names, typos)
5. ``settle_front``     front matter that TEI's ``front`` cannot hold opens the body instead
6. ``settle_divisions`` text placed after a subdivision goes into a division of its own

then ``edition.tei`` writes the header and serializes the model (the only place that makes
XML). Every stage reports its findings on the document (``findings``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..annotate import run_annotators
from ..diagnostics import Diagnostic, EditionError
from ..model import Container, Document, Leaf, Node, walk
from ..profiles import Profile
from ..recover import recover_text, tokens
from ..sources import Source
from ..tei.header import build_header
from ..tei.serialize import Serializer
from ..tei.xml import indent, tei, to_bytes
from . import plain, printed, web
from .corrections import CorrectionList, correct_document
from .editorial import MIN_DUPLICATE, add_duplication_notes, add_editorial_notes
from .findings import diagnostics
from .lines import RawLine, split_lines
from .patterns import DIV_BOTTOM

__all__ = ["MIN_DUPLICATE", "READERS", "STAGES", "Converted", "build_document", "convert",
           "convert_with_report", "convert_with_stats"]

Reader = Callable[[Source, Profile, list[RawLine]], Document]

# The readers a profile may name (``reader`` in src/edition/profiles/<name>.toml).
READERS: dict[str, Reader] = {
    "plain": plain.build,
    "printed": printed.build,
    "web": web.build,
}


@dataclass
class Conversion:
    """What the stages share: the source, its profile, its raw lines and the document."""

    source: Source
    profile: Profile
    lines: list[RawLine]
    doc: Document


def read_layout(c: Conversion) -> None:
    c.doc = READERS[c.profile.reader](c.source, c.profile, c.lines)


def apply_corrections(c: Conversion) -> None:
    if c.profile.corrections:
        listed = CorrectionList.load(c.source.project.corrections, c.source.slug)
        text = "\n".join(ln.text for ln in c.lines)
        c.doc.stats.update(correct_document(c.doc, text, listed.corrections))


def add_editorial(c: Conversion) -> None:
    add_editorial_notes(c.source, c.doc)
    add_duplication_notes(c.source, c.doc)


def annotate(c: Conversion) -> None:
    run_annotators(c.source, c.doc)


# What TEI's front holds before its first div (the edition's schema): a block quotation, a
# source line or a closer there is running text, not front matter.
FRONT_LOOSE = {"p", "lb", "pb", "note", "head", "fw", "byline", "dateline", "milestone"}


def settle_front(c: Conversion) -> None:
    """A text that starts inside a work (a slice of a volume), or has no work at all, leaves its
    opening text where front matter would stand. If that is no front matter TEI allows (after
    the annotators: a paragraph may now be a block quotation) or the body is empty, the whole
    front opens the body, keeping the raw order."""
    doc = c.doc
    loose = [n.tag for n in doc.front if not (isinstance(n, Container) and n.tag == "div")]
    if doc.body and all(tag in FRONT_LOOSE for tag in loose):
        return
    doc.front, doc.body = [], doc.front + doc.body


def settle_divisions(c: Conversion) -> None:
    """TEI lets a division hold paragraphs before its subdivisions, not after them: text a
    reader placed after a subdivision (an article's notes printed in place, then more text)
    goes into a division of its own, in raw order; closing elements stay where they are."""
    c.doc.body = _settled(c.doc.body)
    for node, _place in walk(c.doc):
        if isinstance(node, Container) and node.tag == "div":
            node.children = _settled(node.children)


def _settled(nodes: list[Node]) -> list[Node]:
    first = next((i for i, n in enumerate(nodes) if isinstance(n, Container) and n.tag == "div"), None)
    if first is None:
        return nodes
    out, run = nodes[:first], list[Node]()
    for node in nodes[first:]:
        if isinstance(node, Container) and node.tag == "div":
            out += _wrapped(run) + [node]
            run = []
        else:
            run.append(node)
    closing = all(isinstance(n, Leaf) or getattr(n, "tag", "") in DIV_BOTTOM for n in run)
    return out + (run if closing else _wrapped(run))


def _wrapped(run: list[Node]) -> list[Node]:
    if all(isinstance(n, Leaf) for n in run):
        return run  # page breaks and furniture may stand between divisions
    return [Container("div", {}, run)]


STAGES: list[Callable[[Conversion], None]] = [read_layout, apply_corrections, add_editorial, annotate,
                                              settle_front, settle_divisions]


def build_document(source: Source) -> Document:
    """Run the stages: the model before TEI."""
    profile = source.conversion_profile()
    c = Conversion(source, profile, split_lines(source.read_text()), Document())
    for stage in STAGES:
        stage(c)
    return c.doc


def convert(source: Source) -> bytes:
    """Convert one source to the bytes of its TEI file (deterministic)."""
    return convert_with_stats(source)[0]


def convert_with_stats(source: Source) -> tuple[bytes, dict[str, int | float | str]]:
    """The TEI bytes and the converter's self-check figures (``Document.stats``)."""
    result = convert_with_report(source)
    return result.data, result.stats


@dataclass(frozen=True)
class Converted:
    data: bytes  # the TEI file
    stats: dict[str, int | float | str]  # the self-check figures
    diagnostics: list[Diagnostic]  # the findings of every stage (codes: findings.CODES)


def convert_with_report(source: Source) -> Converted:
    """Convert, and report what every stage found (including spans the serializer dropped)."""
    doc = build_document(source)
    root = tei("TEI", {"xml:id": source.slug, "xml:lang": source.language})
    root.append(build_header(source, doc))
    ser = Serializer(source.slug)
    root.append(ser.text(doc))
    for d in ser.dropped:
        text = d.block.text[d.span.start:d.span.end].replace("\n", " ")
        doc.report("C110", d.line, f"<{d.span.tag}> over {text!r} crosses another annotation")
    indent(root)
    check_nothing_lost(source, root)
    return Converted(to_bytes(root), doc.stats, diagnostics(doc.findings, str(source.raw_path)))


def check_nothing_lost(source: Source, root: etree._Element) -> None:
    """Refuse a conversion that lost or changed source text: the raw file must be recoverable
    from the TEI word for word (``edition text``), whatever layout the converter inferred."""
    raw = source.read_text()
    raw_tokens, tei_tokens = tokens(raw), tokens(recover_text(root))
    if raw_tokens == tei_tokens:
        return
    first = next((i for i, (a, b) in enumerate(zip(raw_tokens, tei_tokens, strict=False)) if a != b),
                 min(len(raw_tokens), len(tei_tokens)))
    line = _line_of_token(raw, first)
    raise EditionError(f"the conversion would lose or change the source text from here "
                       f"(word {first + 1}: {raw_tokens[first] if first < len(raw_tokens) else 'end'!r}); "
                       "nothing written: please report this text", file=source.raw_path, line=line,
                       exit_code=1)


def _line_of_token(raw: str, index: int) -> int:
    """The raw line of the ``index``-th word token."""
    seen = 0
    for number, text in enumerate(raw.split("\n"), 1):
        seen += len(tokens(text))
        if seen > index:
            return number
    return raw.count("\n") + 1


def convert_tree(source: Source) -> etree._Element:
    return etree.fromstring(convert(source))
