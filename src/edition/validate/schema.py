"""Grammar validation against the edition's XSD (schema/edition.xsd) with xmlschema.

The tree is validated as parsed by lxml, so every error knows its element's line.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from functools import lru_cache

import elementpath
import xmlschema
from lxml import etree

from ..diagnostics import Diagnostic
from ..tei.xml import TEI_NS
from . import SCHEMA_DIR
from .load import Doc

DATE_ATTRS = {"when", "from", "to", "notBefore", "notAfter"}


# Building the XMLSchema object from the XSD takes ~0.5 s, unpickling it ~0.05 s: the CLI
# keeps it under build/ (git-ignored), keyed by everything it was built from.
SCHEMA_CACHE = SCHEMA_DIR.parent / "build" / "cache" / "edition-xsd.pickle"


def _schema_key() -> str:
    h = hashlib.sha256()
    for name in ("edition.xsd", "edition_xml.xsd"):
        h.update((SCHEMA_DIR / name).read_bytes())
    h.update(f"{SCHEMA_DIR}|{xmlschema.__version__}|{elementpath.__version__}|{sys.version}"
             .encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def schema() -> xmlschema.XMLSchema:
    key = _schema_key()
    try:
        cached_key, cached = pickle.loads(SCHEMA_CACHE.read_bytes())
        if cached_key == key and isinstance(cached, xmlschema.XMLSchema):
            return cached
    except Exception:  # missing, stale or unreadable cache: build the schema from the XSD
        pass
    built = xmlschema.XMLSchema(str(SCHEMA_DIR / "edition.xsd"))
    try:
        from ..fsutil import write_atomic

        write_atomic(SCHEMA_CACHE, pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only checkout still validates, only slower
        pass
    return built


def _name(tag: str) -> str:
    tag = tag.replace(f"{{{TEI_NS}}}", "")
    return tag.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")


def validate_schema(doc: Doc) -> list[Diagnostic]:
    return validate_schemas([doc])[0]


def validate_schemas(docs: list[Doc]) -> list[list[Diagnostic]]:
    """Each document's schema findings; big inputs are checked on two cores (split.py)."""
    from .split import plan, validate_pieces, workers_for

    workers = workers_for(docs)
    pieces, found = plan(schema(), docs, _finding, workers)
    out: list[list[Diagnostic]] = [found.get(i, []) for i in range(len(docs))]
    index = {id(d): i for i, d in enumerate(docs)}
    for piece, findings in zip(pieces, validate_pieces(schema(), pieces, _finding, workers),
                               strict=True):
        out[index[id(piece.doc)]].extend(findings)
    return out


def _finding(doc: Doc, el: etree._Element, error: xmlschema.XMLSchemaValidationError) -> Diagnostic:
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
