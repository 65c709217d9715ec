"""An editor's decisions written into the TEI: accept, reject, correct, change the kind.

Each decision is a minimal textual change of the file (``textedit``): the annotation's start
tag (and end tag when its kind changes), nothing else, plus once per editor a ``respStmt`` in
the titleStmt and once per editor and day a ``change`` in revisionDesc. The annotation then
says who decided (``@resp="#ed-<name>"``) and carries no ``@cert``. The new text is validated
(schema and rules, the siblings as they are) before it is written; a change that would make the
file invalid is refused with the validator's message. The previous bytes are kept for undo.

Annotations are named by their stable ids (``kind@line.col``, see ``sourcemap``), so a decision
made in the desk or on the command line reaches exactly the element the editor saw.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from ..diagnostics import EditionError
from ..fsutil import write_atomic
from ..tei.positions import other_sources, with_sources
from ..tei.xml import NS, TEI_NS, local, parser
from .annotations import kind_of
from .model import CONVERTER
from .sourcemap import SourceMap, stable_ids
from .textedit import Edits

# element kinds an editor may turn into one another (the desk's kind menu)
KINDS = ("quote", "said", "soCalled", "q", "title", "mentioned")
RESP_DESC = "reviewed the encoding"
IGNORED = {"resp", "cert", "source", "{http://www.w3.org/XML/1998/namespace}id"}  # who, how sure, where


class Refused(EditionError):
    """A decision that cannot be written (unknown annotation, invalid result)."""


@dataclass(frozen=True)
class Reviewer:
    name: str

    @property
    def ident(self) -> str:
        """``ed-`` and the name in lower-case ASCII: "A. Editor" → ``ed-a-editor``."""
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
        return f"ed-{slug or 'editor'}"

    @property
    def pointer(self) -> str:
        return "#" + self.ident


@dataclass
class Decision:
    """What to do to one annotation. ``op``: accept | reject | set | kind | correct."""

    ident: str
    op: str = "accept"
    attrs: dict[str, str | None] = field(default_factory=dict)  # for set / kind
    tag: str | None = None  # for kind
    reading: str | None = None  # for correct (a choice's corr/reg)


@dataclass
class Written:
    path: Path
    before: bytes
    after: bytes
    decided: int


class Document:
    """A TEI file as text and tree, its annotations by stable id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()
        try:
            self.root = etree.fromstring(self.data, parser(), base_url=str(path))
        except etree.XMLSyntaxError as exc:
            raise EditionError(f"not well-formed XML: {exc.msg}", file=path,
                               line=exc.position[0] if exc.position else None) from None
        text = self.root.find("tei:text", NS)
        self.annotations = [] if text is None else [
            el for el in text.iter(f"{{{TEI_NS}}}*") if el.get("resp") or el.get("cert")]
        self.by_id = {v: k for k, v in stable_ids(self.annotations, SourceMap(text), kind_of).items()}

    def element(self, ident: str) -> etree._Element:
        el = self.by_id.get(ident)
        if el is None:
            raise Refused(f"no annotation {ident} in this file (re-read it: it changed)",
                          file=self.path)
        return el


def decide(path: Path, decisions: list[Decision], reviewer: Reviewer, *,
           today: date | None = None, validate: bool = True, doc: Document | None = None) -> Written:
    """Write ``decisions`` into the TEI file at ``path``; return the bytes before and after.
    ``doc``: the file already parsed (the desk's), used when its bytes are still those on disk."""
    if doc is None or doc.path != path or doc.data != path.read_bytes():
        doc = Document(path)
    edits = Edits(doc.data.decode("utf-8"))
    for d in decisions:
        _apply(edits, doc.element(d.ident), d, reviewer)
    notes = [("rejected", d.ident, f"rejected {d.ident}") for d in decisions if d.op == "reject"]
    notes += [("corrected", _new_ident(d), show(doc.element(d.ident))) for d in decisions
              if d.op in {"set", "kind", "correct"}]
    _sign(edits, doc.root, reviewer, today or date.today(), notes)
    text, changed = edits.result()
    after = text.encode("utf-8")
    if validate:
        check_before_writing(path, after, changed)
    write_atomic(path, after)
    return Written(path, doc.data, after, len(decisions))


def check_before_writing(path: Path, data: bytes, changed: set[int] | None = None) -> None:
    from ..validate import validate_bytes

    errors = [d for d in validate_bytes(path, data, changed) if d.severity == "error"]
    if errors:
        first = errors[0]
        raise Refused(f"the change would make the file invalid: {first.code} {first.message}",
                      file=path, line=first.line)


def _apply(edits: Edits, el: etree._Element, d: Decision, reviewer: Reviewer) -> None:
    signed: dict[str, str | None] = {"resp": reviewer.pointer, "cert": None}
    if d.op == "accept":
        edits.set_attrs(el, signed)
    elif d.op == "set":
        edits.set_attrs(el, {**_attrs(el, d.attrs), **signed})
    elif d.op == "kind":
        if not d.tag or d.tag not in KINDS or local(el) not in KINDS:
            raise Refused(f"{local(el)} cannot become {d.tag!r}: kinds are {', '.join(KINDS)}")
        edits.set_attrs(el, {**_attrs(el, d.attrs), **signed}, rename=d.tag)
    elif d.op == "correct":
        if local(el) != "choice" or d.reading is None:
            raise Refused("only a correction (choice) has a reading to correct")
        edited = el.find("tei:corr", NS)
        if edited is None:
            edited = el.find("tei:reg", NS)
        if edited is None:
            raise Refused("this choice has no corr or reg to correct")
        edits.set_content(edited, d.reading)
        edits.set_attrs(el, signed)
    elif d.op == "reject":
        if local(el) in {"pb", "sp"}:
            raise Refused(f"a {local(el)} is the text's structure: correct its attributes instead")
        keep = next((c for c in el if isinstance(c.tag, str) and local(c) in {"sic", "orig"}), None)
        edits.unwrap(el, keep if local(el) == "choice" else None)
    else:
        raise Refused(f"unknown decision {d.op!r}")


def _attrs(el: etree._Element, attrs: dict[str, str | None]) -> dict[str, str | None]:
    """The attributes to write; ``source`` keeps the element's raw-line positions."""
    out = dict(attrs)
    if "source" in out:
        out["source"] = with_sources(el.get("source"), out["source"] or "") or None
    for key, value in out.items():
        if value is not None and not value.strip():
            out[key] = None  # an emptied field removes the attribute
    return out


def _new_ident(d: Decision) -> str:
    """The annotation's stable id after the decision (a new kind is a new name)."""
    return f"{d.tag}{d.ident[d.ident.index('@'):]}" if d.op == "kind" and d.tag else d.ident


def decision_of(el: etree._Element) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What an annotation decides: its name, reading (a correction's) and attributes, not who
    or where."""
    attrs = {k: v for k, v in el.attrib.items() if k not in IGNORED}
    if other_sources(el.get("source")):
        attrs["source"] = other_sources(el.get("source"))
    reading = "".join("".join(c.itertext()) for c in readings(el)) if local(el) == "choice" else ""
    return local(el), reading, tuple(sorted(attrs.items()))


def show(el: etree._Element) -> str:
    """A decision in one line: ``<date when="1923-10-08">``, ``<choice>Janu``."""
    name, reading, attrs = decision_of(el)
    tag = "<" + " ".join([name, *(f'{k}="{v}"' for k, v in attrs)]) + ">"
    return f"{tag}{reading}" if reading else tag


def readings(choice: etree._Element) -> list[etree._Element]:
    return [c for c in choice if isinstance(c.tag, str) and local(c) in {"corr", "reg"}]


def _sign(edits: Edits, root: etree._Element, reviewer: Reviewer, today: date,
          notes: list[tuple[str, str, str]]) -> None:
    """Once per editor a respStmt, once per editor and day a change: new lines only. The change
    names what a re-conversion needs to know, by stable id: the annotations the editor rejected
    (``ref[@type='rejected']``) and, for a correction, what the converter had decided
    (``ref[@type='corrected']``), so that only a converter that now decides otherwise makes a
    conflict."""
    stmts = root.findall("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt", NS)
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    if stmts and not any(s.get(xml_id) == reviewer.ident for s in stmts):
        edits.insert_line_after(stmts[-1], f'<respStmt xml:id="{reviewer.ident}"><resp>{RESP_DESC}'
                                           f'</resp><name>{_escape(reviewer.name)}</name></respStmt>')
    changes = root.findall("tei:teiHeader/tei:revisionDesc/tei:change", NS)
    day = today.isoformat()
    refs = "".join(f' <ref type="{kind}" n="{_escape(i)}">{_escape(text)}</ref>'
                   for kind, i, text in notes)
    mine = next((c for c in changes if c.get("who") == reviewer.pointer and c.get("when") == day),
                None)
    if mine is not None and refs:
        _, _, end, _ = edits.extent(mine)
        edits.insert(end, refs)
    elif mine is None and changes:
        edits.insert_line_after(changes[-1], f'<change when="{day}" who="{reviewer.pointer}">'
                                             f'Encoding reviewed by {_escape(reviewer.name)} '
                                             f'(decisions with @resp {reviewer.pointer}).{refs}</change>')
    if not stmts or not changes:
        raise Refused("the header has no titleStmt/respStmt or revisionDesc/change to sign")


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def is_machine(el: etree._Element) -> bool:
    return el.get("resp") == CONVERTER or (el.get("resp") is None and el.get("cert") is not None)
