"""The decisions recorded in a TEI file: every element with @resp (or a machine @cert)."""

from __future__ import annotations

import re

from lxml import etree

from ..tei.xml import TEI_NS, local
from .align import source_reading
from .model import CONVERTER, Annotation
from .subject import Subject, nearest_id

MAX_FRAGMENT = 1500  # a whole speech (sp) is an annotation too: show its start
NS_DECL = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def kind_of(el: etree._Element) -> str:
    name = local(el)
    if name == "choice":
        inner = [local(c) for c in el if isinstance(c.tag, str)]
        return f"choice[{'orig' if 'orig' in inner else 'sic'}]"
    typ = el.get("type")
    return f"{name}[{typ}]" if typ else name


def fragment(el: etree._Element) -> str:
    xml = etree.tostring(el, encoding="unicode", with_tail=False)
    xml = NS_DECL.sub("", xml)
    return xml if len(xml) <= MAX_FRAGMENT else xml[:MAX_FRAGMENT] + " …"


def collect(s: Subject) -> list[Annotation]:
    if s.text is None:
        return []
    out: list[Annotation] = []
    for el in s.text.iter(f"{{{TEI_NS}}}*"):
        resp, cert = el.get("resp"), el.get("cert")
        if not resp and not cert:
            continue
        tok = s.raw_token(el)
        reading = source_reading(el, inner_notes=True)
        raw_text = ""
        if tok is not None and s.raw is not None:
            raw_text = s.raw.excerpt(tok, len(reading.split()))
        out.append(Annotation(
            kind=kind_of(el),
            resp=resp or CONVERTER,  # a bare @cert is a converter's guess
            cert=cert or "sure",
            xml_id=nearest_id(el),
            tei_line=el.sourceline or 0,
            raw_line=s.raw.line_of(tok) if tok is not None and s.raw is not None else None,
            raw_text=raw_text,
            reading=reading[:400],
            fragment=fragment(el),
        ))
    return out
