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
from dataclasses import dataclass

from lxml import etree

from ..annotate import run_annotators
from ..diagnostics import Diagnostic
from ..model import Document
from ..profiles import Profile
from ..sources import Source
from ..tei.header import build_header
from ..tei.serialize import Serializer
from ..tei.xml import indent, tei, to_bytes
from . import plain, printed
from .corrections import CorrectionList, correct_document
from .editorial import MIN_DUPLICATE, add_duplication_notes, add_editorial_notes
from .findings import diagnostics
from .lines import RawLine, split_lines

__all__ = ["MIN_DUPLICATE", "READERS", "Converted", "build_document", "convert", "convert_with_report",
           "convert_with_stats"]

Reader = Callable[[Source, Profile, list[RawLine]], Document]

# The readers a profile may name (``reader`` in src/edition/profiles/<name>.toml).
READERS: dict[str, Reader] = {
    "plain": plain.build,
    "printed": printed.build,
}


def build_document(source: Source) -> Document:
    """Run layout, structure, corrections, editorial notes and annotators: the model before TEI."""
    profile = source.conversion_profile()
    lines = split_lines(source.read_text())
    doc = READERS[profile.reader](source, profile, lines)
    if profile.corrections:
        listed = CorrectionList.load(source.project.corrections, source.slug)
        text = "\n".join(ln.text for ln in lines)
        doc.stats.update(correct_document(doc, text, listed.corrections))
    add_editorial_notes(source, doc)
    add_duplication_notes(source, doc)
    run_annotators(source, doc)
    return doc


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
    return Converted(to_bytes(root), doc.stats, diagnostics(doc.findings, str(source.raw_path)))


def convert_tree(source: Source) -> etree._Element:
    return etree.fromstring(convert(source))
