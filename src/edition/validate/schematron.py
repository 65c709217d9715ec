"""The edition's rules as ISO Schematron: kept in the ODD's constraintSpecs, usable elsewhere.

``schematron_from_odd`` collects the Schematron of every ``constraintSpec[@scheme='schematron']``
(one ``sch:pattern`` per rule, named by its ident; the XSLT functions and keys the rules share
go to the top) into schema/edition.sch (queryBinding xslt3), which oXygen, TEI Publisher or any
ISO Schematron processor can run; the TEI files point at it with an ``xml-model`` processing
instruction. ``compile_schematron`` turns the subset the edition uses (ns, pattern, rule, let,
assert, report, value-of, name, foreign xsl:function and xsl:key) into XSLT 3.0 producing SVRL,
so saxonche runs it without a Schematron skeleton from elsewhere; ``run_schematron`` does that.
``edition validate`` itself runs the same rules as Python (rules.py): the tests check that both
report the same codes on the negative fixtures.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from ..tei.xml import TEI_NS

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
S = f"{{{SCH_NS}}}"
X = f"{{{XSL_NS}}}"
NAMESPACES = {"tei": TEI_NS, "xs": "http://www.w3.org/2001/XMLSchema", "ed": "urn:edition:schematron"}


def schematron_from_odd(odd_root: etree._Element) -> etree._Element:
    """edition.sch: every Schematron constraintSpec of the ODD, one pattern per rule."""
    schema = etree.Element(f"{S}schema", nsmap={"sch": SCH_NS, "xsl": XSL_NS, **NAMESPACES},
                           queryBinding="xslt3")
    etree.SubElement(schema, f"{S}title").text = "The edition's rules (from edition.odd)"
    for prefix, uri in NAMESPACES.items():
        etree.SubElement(schema, f"{S}ns", prefix=prefix, uri=uri)
    patterns = []
    for spec in odd_root.iter(f"{{{TEI_NS}}}constraintSpec"):
        if spec.get("scheme") != "schematron":
            continue
        constraint = spec.find(f"{{{TEI_NS}}}constraint")
        pattern = etree.Element(f"{S}pattern", id=spec.get("ident"))
        for child in constraint if constraint is not None else ():
            if not isinstance(child.tag, str):
                continue
            if child.tag.startswith(X):
                schema.append(_clean(child))
            else:
                pattern.append(_clean(child))
        patterns.append(pattern)
    schema.extend(patterns)
    etree.indent(schema, space="  ")
    return schema


def _clean(el: etree._Element) -> etree._Element:
    """A copy without the ODD's namespace declarations it does not use."""
    out = copy.deepcopy(el)
    out.tail = None
    etree.cleanup_namespaces(out, top_nsmap={"sch": SCH_NS, "xsl": XSL_NS, **NAMESPACES})
    return out


def compile_schematron(schema: etree._Element) -> etree._Element:
    """XSLT 3.0 for the Schematron subset above; its output is SVRL."""
    nsmap = {"xsl": XSL_NS, "svrl": SVRL_NS, **NAMESPACES}
    for ns in schema.iter(f"{S}ns"):
        nsmap[ns.get("prefix")] = ns.get("uri")
    xsl = etree.Element(f"{X}stylesheet", nsmap=nsmap, version="3.0")
    xsl.set("exclude-result-prefixes", " ".join(p for p in nsmap if p not in {"xsl", "svrl"}))
    etree.SubElement(xsl, f"{X}output", method="xml", indent="yes")
    for child in schema:
        if isinstance(child.tag, str) and child.tag.startswith(X):
            xsl.append(copy.deepcopy(child))
        elif child.tag == f"{S}let":
            etree.SubElement(xsl, f"{X}variable", name=child.get("name"), select=child.get("value"))
    patterns = schema.findall(f"{S}pattern")
    root = etree.SubElement(xsl, f"{X}template", match="/")
    out = etree.SubElement(root, f"{{{SVRL_NS}}}schematron-output")
    for i, pattern in enumerate(patterns):
        mode = f"pattern{i}"
        etree.SubElement(out, f"{{{SVRL_NS}}}active-pattern", id=pattern.get("id", mode))
        etree.SubElement(out, f"{X}apply-templates", select="/", mode=mode)
        etree.SubElement(xsl, f"{X}mode", name=mode, **{"on-no-match": "shallow-skip"})
        rules = pattern.findall(f"{S}rule")
        for j, rule in enumerate(rules):  # the first rule whose context matches wins
            template = etree.SubElement(xsl, f"{X}template", match=rule.get("context"), mode=mode,
                                        priority=str(len(rules) - j))
            etree.SubElement(template, f"{{{SVRL_NS}}}fired-rule", context=_literal(rule.get("context")))
            for step in rule:
                if not isinstance(step.tag, str):
                    continue
                if step.tag == f"{S}let":
                    etree.SubElement(template, f"{X}variable", name=step.get("name"),
                                     select=step.get("value"))
                elif step.tag in (f"{S}assert", f"{S}report"):
                    _test(template, step)
            etree.SubElement(template, f"{X}apply-templates", select="node()", mode=mode)
    return xsl


def _literal(text: str) -> str:
    """``text`` as a literal attribute of a result element (not an attribute value template)."""
    return text.replace("{", "{{").replace("}", "}}")


def _test(template: etree._Element, test: etree._Element) -> None:
    is_assert = test.tag == f"{S}assert"
    cond = f"not({test.get('test')})" if is_assert else test.get("test")
    when = etree.SubElement(template, f"{X}if", test=cond)
    kind = "failed-assert" if is_assert else "successful-report"
    result = etree.SubElement(when, f"{{{SVRL_NS}}}{kind}")
    for attr in ("id", "role"):
        if test.get(attr):
            result.set(attr, test.get(attr))
    result.set("test", _literal(test.get("test")))
    etree.SubElement(etree.SubElement(result, f"{X}attribute", name="location"), f"{X}value-of",
                     select="path()")
    text = etree.SubElement(result, f"{{{SVRL_NS}}}text")
    text.text = test.text
    for part in test:
        if part.tag == f"{S}value-of":
            node = etree.SubElement(text, f"{X}value-of", select=part.get("select"))
        elif part.tag == f"{S}name":
            node = etree.SubElement(text, f"{X}value-of", select=f"name({part.get('path', '.')})")
        else:
            continue
        node.tail = part.tail


def run_schematron(sch: Path, files: list[Path]) -> list[tuple[Path, str, str]]:
    """(file, code, message) of every failed assert and successful report, with saxonche.

    Only files lxml parsed without a DOCTYPE belong here (Saxon parses them itself, with
    entity resolution on; edition validate refuses a DOCTYPE first, E003)."""
    from saxonche import PySaxonProcessor

    xslt = etree.tostring(compile_schematron(etree.parse(str(sch)).getroot()), encoding="unicode")
    out: list[tuple[Path, str, str]] = []
    with PySaxonProcessor(license=False) as proc:
        compiler = proc.new_xslt30_processor()
        executable = compiler.compile_stylesheet(stylesheet_text=xslt)
        for path in files:
            doc = proc.parse_xml(xml_file_name=str(path.resolve()))
            svrl = etree.fromstring(executable.transform_to_string(xdm_node=doc).encode())
            for hit in svrl.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
                message = " ".join("".join(hit.itertext()).split())
                out.append((path, hit.get("id", ""), message))
    return out
