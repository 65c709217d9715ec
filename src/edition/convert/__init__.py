"""raw text → document model → TEI: the conversion pipeline.

Stages, each in its own module:
  ``lines``      the raw file as numbered lines
  ``plain`` / ``printed``   layout and structure for a profile (see ``PROFILES``)
  ``editorial``  editorial notes from the source metadata (errata, duplications)
  ``edition.annotate``      annotators that add spans (dates, quotations, speakers, ...)
  ``edition.tei``           header and serialization
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..annotate import run_annotators
from ..diagnostics import EditionError
from ..model import Document
from ..recover import recover_text, tokens
from ..sources import Source
from ..tei.header import build_header
from ..tei.serialize import Serializer
from ..tei.xml import indent, tei, to_bytes
from . import plain, printed
from .editorial import add_duplication_notes, add_editorial_notes
from .lines import RawLine, split_lines

Builder = Callable[[Source, list[RawLine]], Document]

# One entry per conversion profile named in the source metadata.
PROFILES: dict[str, Builder] = {
    "plain": plain.build,
    "ocr-article": printed.build,
    "printed-book": printed.build,
}


def build_document(source: Source) -> Document:
    """Run layout, structure, editorial notes and annotators: the model before TEI."""
    lines = split_lines(source.read_text())
    doc = PROFILES[source.profile](source, lines)
    add_editorial_notes(source, doc)
    add_duplication_notes(source, doc)
    run_annotators(source, doc)
    return doc


def convert(source: Source) -> bytes:
    """Convert one source to the bytes of its TEI file (deterministic)."""
    return convert_with_stats(source)[0]


def convert_with_stats(source: Source) -> tuple[bytes, dict[str, int | float | str]]:
    """The TEI bytes and the converter's self-check figures (``Document.stats``)."""
    doc = build_document(source)
    root = tei("TEI", {"xml:id": source.slug, "xml:lang": source.language})
    root.append(build_header(source, doc))
    ser = Serializer(source.slug)
    root.append(ser.text(doc))
    indent(root)
    check_nothing_lost(source, root)
    return to_bytes(root), doc.stats


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
