"""Grammar validation: lxml's XML Schema validator (libxml2) decides, xmlschema explains.

libxml2 checks the whole edition against the XSD in milliseconds; xmlschema (pure Python) is
slower but its errors know the offending child and attribute, which the messages need. So
every tree is checked by lxml first and only a tree lxml rejects is validated again with
xmlschema, for the findings. Both read the tree as lxml parsed it, so every error knows its
element's line. Other grammars (``--schema``) come in through grammar.py.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..diagnostics import Diagnostic
from ..resources import SCHEMA_DIR
from ..tei.xml import TEI_NS
from .load import Doc, finding

if TYPE_CHECKING:  # xmlschema is imported only when a tree is rejected (start-up time)
    import xmlschema

DATE_ATTRS = {"when", "from", "to", "notBefore", "notAfter"}
EDITION_XSD = SCHEMA_DIR / "edition.xsd"

# Building the XMLSchema object from the XSD takes ~0.5 s, unpickling it ~0.05 s: it is kept
# in the user's cache folder (the package folder may be read-only), keyed by everything it
# was built from.
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "edition"
SCHEMA_CACHE = CACHE_DIR / "edition-xsd.pickle"


def _schema_key(xsd: Path = EDITION_XSD) -> str:
    import elementpath
    import xmlschema

    h = hashlib.sha256()
    for name in sorted(p.name for p in xsd.parent.glob("*.xsd")):  # the XSD and its imports
        h.update(name.encode() + (xsd.parent / name).read_bytes())
    h.update(f"{xsd.resolve()}|{xmlschema.__version__}|{elementpath.__version__}|{sys.version}"
             .encode())
    return h.hexdigest()


def _cache_file(xsd: Path) -> Path:
    if xsd == EDITION_XSD:
        return SCHEMA_CACHE
    return CACHE_DIR / f"xsd-{hashlib.sha256(str(xsd.resolve()).encode()).hexdigest()[:16]}.pickle"


@lru_cache(maxsize=4)
def schema(xsd: Path = EDITION_XSD) -> xmlschema.XMLSchema:
    """The xmlschema validator of ``xsd`` (for the messages)."""
    import xmlschema

    key = _schema_key(xsd)
    cache = _cache_file(xsd)
    try:
        cached_key, cached = pickle.loads(cache.read_bytes())
        if cached_key == key and isinstance(cached, xmlschema.XMLSchema):
            return cached
    except Exception:  # missing, stale or unreadable cache: build the schema from the XSD
        pass
    built = xmlschema.XMLSchema(str(xsd))
    try:
        from ..fsutil import write_atomic

        write_atomic(cache, pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only home still validates, only slower
        pass
    return built


@lru_cache(maxsize=4)
def fast_schema(xsd: Path = EDITION_XSD) -> etree.XMLSchema:
    """libxml2's validator of ``xsd``: the verdict, in milliseconds."""
    return etree.XMLSchema(etree.parse(str(xsd)))


def _name(tag: str) -> str:
    tag = tag.replace(f"{{{TEI_NS}}}", "")
    return tag.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")


def validate_schema(doc: Doc, xsd: Path = EDITION_XSD) -> list[Diagnostic]:
    return validate_schemas([doc], xsd)[0]


def validate_schemas(docs: list[Doc], xsd: Path = EDITION_XSD) -> list[list[Diagnostic]]:
    """Each document's schema findings: lxml decides, xmlschema explains the rejected trees
    (big ones on two cores, split.py)."""
    gate = fast_schema(xsd)
    out: list[list[Diagnostic]] = [[] for _ in docs]
    rejected: list[int] = []
    logs: dict[int, list[etree._LogEntry]] = {}
    for i, doc in enumerate(docs):
        if not gate.validate(doc.root):
            errors = [e for e in gate.error_log if not _reported_duplicate(doc, e)]
            if errors:
                rejected.append(i)
                logs[i] = errors
    if not rejected:
        return out
    from .split import plan, validate_pieces, workers_for  # xmlschema: only for rejected trees

    suspects = [docs[i] for i in rejected]
    full = schema(xsd)
    workers = workers_for(suspects)
    pieces, found = plan(full, suspects, _finding, workers)
    for j, i in enumerate(rejected):
        out[i].extend(found.get(j, []))
    index = {id(d): i for i, d in enumerate(docs)}
    for piece, findings in zip(pieces, validate_pieces(full, pieces, _finding, workers),
                               strict=True):
        out[index[id(piece.doc)]].extend(findings)
    for i in rejected:  # xmlschema saw nothing wrong: lxml's own words, never silence
        if not out[i]:
            out[i] = [_libxml2_finding(docs[i], e) for e in logs[i]]
    return out


def _reported_duplicate(doc: Doc, entry: etree._LogEntry) -> bool:
    """libxml2's complaint about a duplicate xml:id, which the file's E002 already reports."""
    m = re.search(r"'([^']*)' is not a valid value of the atomic type 'xs:ID'", entry.message)
    return m is not None and any(f"'{m.group(1)}'" in d.message for d in doc.duplicates)


def _libxml2_finding(doc: Doc, entry: etree._LogEntry) -> Diagnostic:
    message = re.sub(r"^Element '\{[^}]*\}", "Element '", entry.message).rstrip(".")
    return finding("E100", doc.path, entry.line, entry.column + 1,
                   f"{message}: fix it or check the schema")


def _finding(doc: Doc, el: etree._Element, error: xmlschema.XMLSchemaValidationError) -> Diagnostic:
    import xmlschema

    name = _name(el.tag)
    reason = error.reason or ""
    if isinstance(error, xmlschema.XMLSchemaChildrenValidationError):
        child = getattr(error, "invalid_child", None)
        if child is not None and isinstance(child.tag, str):
            return doc.at("E100", child, f"<{_name(child.tag)}> is not allowed here in <{name}>: "
                                         "move or remove it (or, if the edition needs it, add it "
                                         "to schema/edition.odd)")
        expected = ", ".join(f"<{_name(str(getattr(e, 'name', e)))}>"
                             for e in list(error.expected or [])[:6])
        if expected:
            return doc.at("E100", el, f"<{name}> is incomplete: {expected} expected; add the "
                                      "missing element")
        return doc.at("E100", el, f"<{name}>: {reason.rstrip('.')}; fix its content")
    if "character data" in reason or "mixed content" in reason.lower():
        return doc.at_text("E100", el, f"text directly inside <{name}> is not allowed "
                                       f"({reason.rstrip('.')}): put it in a <p> (or remove it)")
    m = re.match(r"attribute ([^=\s]+)='(.*?)': (.*)", reason, re.S)
    if m:
        attr, value, why = _name(m.group(1)), m.group(2), m.group(3).rstrip(".")
        if attr in DATE_ATTRS:
            return doc.at("E060", el, f"<{name}> {attr}='{value}' is not a valid date: write "
                                      "YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date)", attr)
        if "must be one of" in why:
            allowed = why.split("must be one of", 1)[1].strip(" []").replace("'", "")
            return doc.at("E101", el, f"<{name}> {attr}='{value}' is not allowed: use one of "
                                      f"{allowed} (or add the value to schema/edition.odd)", attr)
        return doc.at("E101", el, f"<{name}> {attr}='{value}' is not allowed ({why}): "
                                  "correct the value", attr)
    m = re.match(r"'([^']+)' attribute not allowed", reason)
    if m:
        attr = _name(m.group(1))
        return doc.at("E102", el, f"<{name}> may not have the attribute {attr}: remove it (or "
                                  "use an attribute the schema allows)", attr)
    m = re.match(r"missing required attribute '?([^']+)'?", reason)
    if m:
        return doc.at("E102", el, f"<{name}> lacks the required attribute {_name(m.group(1))}: "
                                  "add it")
    return doc.at("E100", el, f"<{name}> is not valid here ({reason.rstrip('.')}): fix it or "
                              "check schema/edition.odd")
