"""Shared XML helpers: the TEI namespace, a safe parser, element construction and indentation."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import EditionError
from ..limits import ENV_MAX_DEPTH, ENV_MAX_FILE_MB, limits

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
NS = {"tei": TEI_NS}
SAXON_ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"

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
    """Parse a TEI file safely: the one entry point for every XML document the edition reads.

    Malformed XML, a root other than TEI, a DOCTYPE (entities and DTDs are never loaded, so a
    document that needs them cannot be read faithfully), a file over the size limit or nested
    deeper than the limit becomes a one-line EditionError with its position."""
    try:
        size = path.stat().st_size
        limit = limits().max_file_bytes
        if size > limit:
            raise EditionError(f"file is {size:,} bytes, over the limit of {limit:,} "
                               f"(raise {ENV_MAX_FILE_MB} to allow it)", file=path, exit_code=2)
        data = path.read_bytes()
    except OSError as exc:
        raise EditionError(f"cannot read: {exc.strerror}", file=path) from None
    return parse_bytes(data, path)


def parse_bytes(data: bytes, path: Path | str) -> etree._ElementTree:
    """Parse XML bytes (read from ``path``) with the safe parser and the edition's checks."""
    if not data.strip():
        raise EditionError("file is empty", file=path, line=1, column=1, exit_code=1)
    try:
        root = etree.fromstring(data, parser(), base_url=str(path))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        msg = exc.msg.split(" (", 1)[0] if exc.msg else "malformed XML"
        raise EditionError(f"malformed XML: {msg}", file=path, line=line, column=col,
                           exit_code=1) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise EditionError("the file has a DOCTYPE declaration: entities and DTDs are never "
                           "loaded; remove it and write the characters themselves",
                           file=path, line=1, column=1, exit_code=1)
    encoding = encoding_problem(tree.docinfo)
    if encoding:
        raise EditionError(encoding, file=path, line=1, column=1, exit_code=1)
    require_tei(tree, path)  # every document the edition reads is TEI (texts and register)
    check_depth(root, path)
    return tree


def require_tei(tree: etree._ElementTree, path: Path | str) -> None:
    """Refuse a document whose root is not TEI in the TEI namespace (nothing would be found)."""
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        qn = etree.QName(root)
        ns = f"namespace {qn.namespace}" if qn.namespace else "no namespace"
        raise EditionError(f"the root element is <{qn.localname}> in {ns}, not TEI ({TEI_NS})",
                           file=path, line=root.sourceline, exit_code=1)


def encoding_problem(docinfo: etree.DocInfo) -> str | None:
    """The edition's XML is UTF-8: another declared encoding (a UTF-8 file declared ISO-8859-1
    reads garbled) is refused rather than guessed at."""
    declared = (docinfo.encoding or "UTF-8").upper().replace("_", "-")
    if declared in {"UTF-8", "UTF8", "US-ASCII", "ASCII"}:
        return None
    return (f"the file declares encoding {docinfo.encoding}: the edition's XML is UTF-8; save it "
            'as UTF-8 and declare encoding="UTF-8"')


@lru_cache(maxsize=4)
def _deeper_than(limit: int) -> etree.XPath:
    """True if the element has a descendant ``limit`` levels below it (depth limit + 1)."""
    return etree.XPath("boolean(" + "/".join(["*"] * limit) + ")")


def check_depth(root: etree._Element, path: Path | str) -> None:
    """Refuse elements nested deeper than the limit (recursive readers would overflow)."""
    limit = limits().max_depth
    if limit >= 1 and not _deeper_than(limit)(root):  # libxml2 answers in a tenth of the walk's time
        return
    depth = 0  # too deep: the walk finds the first element past the limit, for its line
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > limit:
            raise EditionError(f"elements nested {limit + 1} deep, over the limit of {limit} "
                               f"(raise {ENV_MAX_DEPTH} to allow it)", file=path,
                               line=el.sourceline, exit_code=1)


def saxon_document(processor: Any, tree: etree._ElementTree) -> Any:
    """The tree lxml parsed, handed to Saxon as an XdmNode: Saxon never reads the file itself.

    The text Saxon parses is lxml's serialization of the root element: no DOCTYPE, hence no
    entity or DTD for Saxon's own parser (which resolves external entities) to fetch."""
    text = etree.tostring(tree.getroot(), encoding="unicode")
    builder = processor.new_document_builder()
    if tree.docinfo.URL:  # base-uri() names a text without slug after its file; nothing is read
        builder.set_base_uri(Path(tree.docinfo.URL).resolve().as_uri())
    try:
        return builder.parse_xml(xml_text=text)
    except Exception as exc:  # saxonche's PySaxonApiError: one line, never a traceback
        raise EditionError(f"cannot hand the document to Saxon: {exc}",
                           file=tree.docinfo.URL, exit_code=1) from None


def saxon_processor() -> Any:
    """A Saxon processor that may read stylesheet modules (file:) and nothing over a network.

    Documents reach the stylesheets only as parameters built by :func:`saxon_document`; this
    restriction makes any other ``doc()``/``unparsed-text()`` over http(s), ftp, jar… fail."""
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    processor.set_configuration_property(SAXON_ALLOWED_PROTOCOLS, "file")
    return processor


def tree_bytes(tree: etree._ElementTree) -> bytes:
    """A whole parsed document, with the comments and processing instructions (xml-model)
    around its root that ``to_bytes(root)`` would drop."""
    root = tree.getroot()
    before = [etree.tostring(n, encoding="UTF-8") for n in reversed(list(root.itersiblings(preceding=True)))]
    after = [etree.tostring(n, encoding="UTF-8") for n in root.itersiblings()]
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)  # declaration + root
    declaration, _, element = body.partition(b"\n")
    return b"\n".join([declaration, *before, element, *after]) + b"\n"


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
