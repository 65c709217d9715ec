"""The teiHeader: bibliographic description, encoding policies and the converter's responsibility."""

from __future__ import annotations

import re

from lxml import etree

from .. import __version__
from ..model import Document, calendar_ids
from ..sources import Source
from .positions import prefix_pattern
from .xml import sub, tei

EDITION_TITLE = "Writings of 1924–1929: A Digital Edition"
PUBLISHER = "The Edition Project"
LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
REGISTER = "register.xml"  # the persons and organisations every @ref/@who points into

CALENDARS = {
    "julian": "Julian calendar (Old Style), used in Russia until 31 January 1918: a date whose "
              "@calendar points here is printed Old Style; its @when, @from and @to give the "
              "Gregorian day.",
    "gregorian": "Gregorian calendar (New Style): the printed New Style equivalent of an Old Style date.",
}

# Editorial policies, stated once and written into every header's editorialDecl.
POLICIES: dict[str, str] = {
    "normalization": "The text is given as printed. Letter-spaced running heads and words are "
                     "regularised with orig/reg; nothing else is normalised.",
    "hyphenation": "Soft line-end hyphens are kept as pc[@force='weak'] before lb[@break='no']; "
                   "hyphens of true compounds stay in the text. A compound whose hyphen the OCR "
                   "dropped is restored with sic/corr only where the hyphenated form is attested "
                   "in the same text.",
    "correction": "Evident errors of the source or of the OCR are corrected with choice/sic/corr; "
                  "every correction carries @resp (the converter or an editor) and @cert. The raw "
                  "files are never edited: errors of fact in them are recorded in editorial notes.",
    "quotation": "Quotation marks are kept in the text as printed. Quoted passages are marked "
                 "with quote (in cit with bibl when the source is named); titles, so-called terms "
                 "and scare quotes are not marked as quotations.",
    "segmentation": "Print lines are kept with lb; pages with pb (@n the printed page number, "
                    "@cert where it is inferred); running heads, page numbers and scanner stamps "
                    "with fw outside paragraphs. Every block, pb and fw gives the raw lines it "
                    "was made from in @source (raw:A,B, declared below).",
    "interpretation": "Annotations made by the converter carry @resp='#conv' and, where the "
                      "converter guesses, @cert. An editor accepts one by changing @resp to the "
                      "editor and removing @cert. Persons and organisations are referred to as "
                      "per:ID and org:ID, resolved into the register (register.xml). Annotators: dates "
                      "(date with @when, @from/@to, @notBefore/@notAfter; a year not printed comes "
                      "from the paragraph, the work's dateline or the source's date, with @cert; "
                      "a Russian date before 14 February 1918 printed with its New Style equivalent, or "
                      "marked Old Style, "
                      "gets the Gregorian day in @when and @calendar for the calendar it is printed "
                      "in; one printed in a single calendar is normalised as printed); "
                      "quotations (quote/cit/bibl, @source the quoted person; titles, so-called "
                      "terms and scare quotes as title/soCalled); speeches (sp/@who for the "
                      "speaker's paragraphs, reactions as vocal/kinesic/incident with the printed "
                      "words in desc, interjections as said/@who, the register's anonymous "
                      "speaker when unnamed); names "
                      "(persName/orgName/@ref for the register's name forms).",
}


def build_header(source: Source, doc: Document) -> etree._Element:
    header = tei("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", {"type": "main"}, source.title)
    if source.short:
        sub(title_stmt, "title", {"type": "short"}, source.short)
    sub(title_stmt, "title", {"type": "sub"}, "A TEI edition")
    for i, name in enumerate(source.authors):
        author = sub(title_stmt, "author")
        ref = source.author_refs[i] if i < len(source.author_refs) else None
        tag = "orgName" if ref and ref.startswith("org:") else "persName"
        sub(author, tag, {"ref": ref} if ref else None, name)
    resp = sub(title_stmt, "respStmt", {"xml:id": "editors"})
    sub(resp, "resp", None, "edited, encoded and reviewed by")
    sub(resp, "orgName", None, "The Edition Project editors")
    conv = sub(title_stmt, "respStmt", {"xml:id": "conv"})
    sub(conv, "resp", None, "automatic conversion and annotation of the raw text")
    sub(conv, "name", {"type": "software"}, f"edition converter {__version__}")

    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", None, PUBLISHER)
    sub(pub, "idno", {"type": "slug"}, source.slug)
    avail = sub(pub, "availability")
    sub(avail, "licence", {"target": LICENCE_URL}, LICENCE)

    if any(label for _role, label, _value in doc.source_block):
        file_desc.append(source_block_notes(doc))
    src = sub(file_desc, "sourceDesc")
    bibl = source_bibl(source)
    sub(bibl, "idno", {"type": "raw"}, f"raw/{source.raw_name}")
    src.append(bibl)
    if doc.source_block:
        src.append(transcription_bibl(source, doc))

    header.append(encoding_desc(source, doc))
    header.append(profile_desc(source, doc))
    rev = sub(header, "revisionDesc")
    sub(rev, "change", {"who": "#conv", "n": __version__},
        f"Converted from raw/{source.raw_name} by the edition converter {__version__}.")
    return header


def source_bibl(source: Source) -> etree._Element:
    b = source.bibl
    bibl = tei("bibl", {"type": "source"})
    for i, name in enumerate([b["author"]] if "author" in b else source.authors):
        ref = source.author_refs[i] if i < len(source.author_refs) else None
        sub(bibl, "author", {"ref": ref} if ref else None, name)
    sub(bibl, "title", {"level": "m"}, b.get("title", source.title))
    if "collection" in b:
        sub(bibl, "title", {"level": "s"}, b["collection"])
    if "volume" in b:
        sub(bibl, "biblScope", {"unit": "volume"}, f"Vol. {b['volume']}")
    if "pages" in b:
        sub(bibl, "biblScope", {"unit": "page"}, b["pages"])
    if "place" in b:
        sub(bibl, "pubPlace", None, b["place"])
    if "publisher" in b:
        sub(bibl, "publisher", None, b["publisher"])
    if "year" in b:
        sub(bibl, "date", {"when": str(b["year"])}, str(b["year"]))
    if "note" in b:
        sub(bibl, "note", {"type": "identification", **({"cert": b["cert"]} if "cert" in b else {})},
            b["note"])
    return bibl


def source_block_notes(doc: Document) -> etree._Element:
    """A pasted web page's source block, line by line (@n the label as printed)."""
    notes = tei("notesStmt")
    for _role, label, value in doc.source_block:
        if label:  # an unlabelled line (a copyright line) is the bibl's licence only
            sub(notes, "note", {"n": label}, value)
    return notes


def responsible_name(value: str) -> str:
    """The name a source block's responsibility line gives: "Transcribed: by A. Reader." names
    A. Reader (the text keeps the line as printed)."""
    return re.sub(r"^by\s+", "", value.strip(), flags=re.IGNORECASE).rstrip(" .;,") or value


def transcription_bibl(source: Source, doc: Document) -> etree._Element:
    """The web transcription the raw text was pasted from, as its source block describes it:
    who transcribed and marked it up (respStmt), its licence, the printed source it names."""
    bibl = tei("bibl", {"type": "transcription"})
    sub(bibl, "title", None, source.title)
    for role, label, value in doc.source_block:
        if role == "responsibility":
            resp = sub(bibl, "respStmt")
            sub(resp, "resp", None, label)
            sub(resp, "name", None, responsible_name(value))
        elif role == "publisher":
            sub(bibl, "publisher", None, value)
        elif role == "licence":
            sub(sub(bibl, "availability"), "licence", None, f"{label}: {value}" if label else value)
        else:  # the printed source, first publication, other lines: as printed
            sub(bibl, "note", {"n": label}, value)
    return bibl


def encoding_desc(source: Source, doc: Document) -> etree._Element:
    enc = tei("encodingDesc")
    proj = sub(enc, "projectDesc")
    sub(proj, "p", None, f"{EDITION_TITLE}: a scholarly TEI edition made from OCR'd and pasted "
                         "English translations, converted by machine and reviewed by editors.")
    decl = sub(enc, "editorialDecl")
    for tag, text in POLICIES.items():
        sub(sub(decl, tag), "p", None, text)
    prefixes = sub(enc, "listPrefixDef")
    for ident, what in (("per", "person"), ("org", "organisation")):
        pd = sub(prefixes, "prefixDef", {"ident": ident, "matchPattern": "([a-z0-9-]+)",
                                         "replacementPattern": f"{REGISTER}#{ident}-$1"})
        sub(pd, "p", None, f"per:ID / org:ID point to the {what} with xml:id {ident}-ID in "
                           f"the register.")
    # source positions of blocks (@source="raw:A,B"): see edition.tei.positions
    raw = sub(prefixes, "prefixDef", prefix_pattern(source.raw_name))
    sub(raw, "p", None, "raw:A,B points to the lines of the raw file between line boundaries A and B "
                        "(RFC 5147, counted from 0): raw:6025,6030 is lines 6026 to 6030.")
    app_info = sub(enc, "appInfo")
    app = sub(app_info, "application", {"ident": "edition", "version": __version__})
    sub(app, "label", None, "edition converter")
    sub(app, "desc", None, f"Converted with the {source.profile!r} profile.")
    return enc


def profile_desc(source: Source, doc: Document) -> etree._Element:
    prof = tei("profileDesc")
    creation = sub(prof, "creation")
    if source.date_from and source.date_to:
        sub(creation, "date", {"from": source.date_from, "to": source.date_to}, source.date)
    else:
        sub(creation, "date", {"when": source.date}, source.date)
    lang = sub(prof, "langUsage")
    sub(lang, "language", {"ident": source.language}, "English")
    participants = doc.participants or (source.speakers if source.speech else [])
    if participants:
        partic = sub(prof, "particDesc")
        lp = sub(partic, "listPerson", {"type": "participants"})
        for ref in participants:
            sub(lp, "person", {"sameAs": ref})
    if doc.uses_calendars():  # dates printed in both calendars (annotate/calendars.py)
        cal = sub(prof, "calendarDesc")
        for ident, text in zip(calendar_ids(source.slug), CALENDARS.values(), strict=True):
            sub(sub(cal, "calendar", {"xml:id": ident}), "p", None, text)
    return prof
