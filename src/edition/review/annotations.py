"""The decisions recorded in a TEI file: every element with @resp (or a machine @cert)."""

from __future__ import annotations

import re

from lxml import etree

from ..tei.xml import TEI_NS, local
from .align import source_reading
from .model import CONVERTER, Annotation
from .sourcemap import stable_ids
from .subject import Subject, nearest_id

MAX_FRAGMENT = 1500  # a whole speech (sp) is an annotation too: show its start
# attributes the review shows and the desk edits
EDITABLE = ("when", "from", "to", "notBefore", "notAfter", "who", "source", "ref", "type", "n")
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


def annotated(s: Subject) -> list[etree._Element]:
    """The elements of the text that record a decision (@resp, or a machine's bare @cert)."""
    if s.text is None:
        return []
    return [el for el in s.text.iter(f"{{{TEI_NS}}}*") if el.get("resp") or el.get("cert")]


def collect(s: Subject) -> list[Annotation]:
    elements = annotated(s)
    idents = stable_ids(elements, s.smap, kind_of)
    out: list[Annotation] = []
    for el in elements:
        resp, cert = el.get("resp"), el.get("cert")
        reading = source_reading(el, inner_notes=True)
        out.append(Annotation(
            kind=kind_of(el),
            resp=resp or CONVERTER,  # a bare @cert is a converter's guess
            cert=cert or "sure",
            xml_id=nearest_id(el),
            tei_line=el.sourceline or 0,
            raw_line=s.raw_line(el),
            raw_text=s.raw_excerpt(el),
            reading=reading[:400],
            fragment=fragment(el),
            ident=idents[el],
            attrs={k: v for k, v in el.attrib.items() if k in EDITABLE},
        ))
    return out
