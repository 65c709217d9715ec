"""raw text → document model → TEI: the conversion pipeline.

``STAGES`` run in this order over a ``Conversion`` (each a small function below):

1. ``read_layout``      the raw file as numbered lines (``lines``), read by the profile's reader:
                        ``plain`` (pasted texts) or ``printed`` (scans: its own pipeline of
                        transforms, ``printed.PIPELINE``)
2. ``apply_corrections`` hyphenation, letter-spacing, OCR confusions and the project's
                        corrections list (``corrections``), for profiles that ask for them
3. ``add_editorial``    editorial notes from the metadata (errata) and duplications (``editorial``)
4. ``annotate``         annotators that add spans (``edition.annotate``: speech, quotations,
                        dates, calendars, names, typos)

then ``edition.tei`` writes the header and serializes the model (the only place that makes
XML). Every stage reports its findings on the document (``findings``).
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

__all__ = ["MIN_DUPLICATE", "READERS", "STAGES", "Converted", "build_document", "convert",
           "convert_with_report", "convert_with_stats"]

Reader = Callable[[Source, Profile, list[RawLine]], Document]

# The readers a profile may name (``reader`` in src/edition/profiles/<name>.toml).
READERS: dict[str, Reader] = {
    "plain": plain.build,
    "printed": printed.build,
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


STAGES: list[Callable[[Conversion], None]] = [read_layout, apply_corrections, add_editorial, annotate]


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
    return Converted(to_bytes(root), doc.stats, diagnostics(doc.findings, str(source.raw_path)))


def convert_tree(source: Source) -> etree._Element:
    return etree.fromstring(convert(source))
