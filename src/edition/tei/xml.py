"""Shared XML helpers: the TEI namespace, a safe parser, element construction and indentation."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..diagnostics import EditionError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
NS = {"tei": TEI_NS}

# Elements whose content is text (mixed content): never re-indented, since added
# whitespace there would change the reading text.
MIXED = {
    "p", "head", "item", "note", "quote", "q", "said", "hi", "bibl", "dateline", "byline",
    "signed", "ab", "cell", "label", "title", "fw", "choice", "sic", "corr", "orig", "reg",
    "date", "persName", "orgName", "placeName", "name", "ref", "resp", "desc", "incident",
    "kinesic", "vocal", "term", "soCalled", "mentioned", "foreign", "trailer", "salute",
    "docTitle", "titlePart", "docAuthor", "docDate", "change", "language", "idno",
    "publisher", "pubPlace", "biblScope", "edition", "licence", "availability", "rs", "num",
    "addName", "forename", "surname", "roleName", "birth", "death",
    "occupation", "event", "abbr", "expan", "pc", "w", "seg", "stage", "sp", "speaker",
}


def tei(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A TEI element; attribute names may be ``xml:id`` / ``xml:lang``."""
    el = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap=NSMAP)
    for key, value in (attrs or {}).items():
        el.set(qualify(key), value)
    if text is not None:
        el.text = text
    return el


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    el = tei(tag, attrs, text)
    parent.append(el)
    return el


def qualify(name: str) -> str:
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return name


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def indent(el: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Indent element-only content; leave mixed content exactly as it is."""
    children = list(el)
    if not children or local(el) in MIXED:
        return
    if (el.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    pad = "\n" + step * (level + 1)
    el.text = pad
    for child in children:
        child.tail = pad
        indent(child, level + 1, step)
    children[-1].tail = "\n" + step * level


def parser(collect_ids: bool = True) -> etree.XMLParser:
    """The one parser for TEI input: no entity resolution, no network, line numbers kept.

    ``collect_ids=False`` (the validator) reads a file with a duplicate xml:id instead of
    stopping at it, so that the duplicate is one finding among the file's others."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True, remove_blank_text=False, collect_ids=collect_ids)


def parse_file(path: Path) -> etree._ElementTree:
    """Parse a TEI/XML file; malformed XML becomes a one-line EditionError with its position."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EditionError(f"cannot read: {exc.strerror}", file=path) from None
    if not data.strip():
        raise EditionError("file is empty", file=path, line=1, column=1, exit_code=1)
    try:
        return etree.ElementTree(etree.fromstring(data, parser(), base_url=str(path)))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        msg = exc.msg.split(" (", 1)[0] if exc.msg else "malformed XML"
        raise EditionError(f"malformed XML: {msg}", file=path, line=line, column=col,
                           exit_code=1) from None


# The prolog of a TEI file: xml-model processing instructions point editors' tools (oXygen,
# jing, TEI Publisher) at the grammar and the rules as Schematron (relative to tei/).
XML_MODELS = (
    b'<?xml-model href="../schema/edition.rng" type="application/xml" '
    b'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    b'<?xml-model href="../schema/edition.sch" type="application/xml" '
    b'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')


def to_bytes(root: etree._Element) -> bytes:
    prolog = XML_MODELS if root.tag == f"{{{TEI_NS}}}TEI" else b""
    return (b"<?xml version='1.0' encoding='UTF-8'?>\n" + prolog
            + etree.tostring(root, encoding="UTF-8") + b"\n")
