"""Carry the editors' work over into a fresh conversion, by source position.

Everything an editor decided says so: an element whose ``@resp`` is not the converter's
(``#ed-…``, ``#editors``): accepts, corrected attributes, a changed kind (quote → said), a
corrected reading, an element the editor added. Each is found in the fresh conversion at its
source position (raw line and column of its start and end, ``sourcemap``), wherever the
converter's other changes moved paragraphs and ids, and written there:

* the fresh conversion has an element there (same name, or a kind the editor may change):
  it takes the editor's name, attributes and, for a correction, reading; where the converter
  now decides otherwise than the editor accepted, or than it had decided before the editor's
  correction (``ref[@type='corrected']`` in the editor's change; unknown for a hand correction,
  which is then listed too), the place is a **conflict**: listed, the editor's version kept,
  never silently replaced;
* it has none: the editor's element is wrapped around the same text when that text lies in one
  text node, else listed as a conflict (not placed);
* an annotation the editor rejected (named in the editor's ``change`` by
  ``ref[@type='rejected']/@n``, its stable id) is left out of the fresh conversion again.

The editors' ``respStmt`` and ``change`` entries are kept. Hand edits that say nothing of who
made them cannot be told from the converter's changes: where they changed the source text
(what ``edition text`` recovers) or the header, the file is refused (the last resort, ``lost``);
where they changed only markup, the fresh conversion's markup is written and the blocks are
listed (``replaced``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..recover import recover_text
from ..tei.positions import lines_of, other_sources
from ..tei.xml import NS, TEI_NS, XML_NS, local, to_bytes
from .annotations import kind_of
from .decide import KINDS, decision_of, is_machine, readings, show
from .sourcemap import SKIP, Position, SourceMap, stable_ids

XML_ID = f"{{{XML_NS}}}id"


@dataclass
class Carried:
    data: bytes  # the fresh conversion with the editors' work in it
    accepted: int = 0  # editor decisions written where the converter decides the same
    corrected: int = 0  # editor decisions that differ from the fresh conversion's (kept)
    added: int = 0  # elements the editors made, wrapped around the same text
    rejected: int = 0  # machine annotations the editors rejected, left out again
    conflicts: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # why the file must be refused
    replaced: list[str] = field(default_factory=list)  # blocks whose unattributed markup differs


def _by_editor(el: etree._Element) -> bool:
    resp = el.get("resp")
    return resp is not None and resp != "#conv" and not is_machine(el)


def carry_reviewed(edited: etree._Element, fresh_bytes: bytes) -> Carried:
    fresh = etree.fromstring(fresh_bytes)
    out = Carried(b"")
    out.lost = _text_changes(edited, fresh) + _header_changes(edited, fresh)
    e_text, f_text = edited.find("tei:text", NS), fresh.find("tei:text", NS)
    if e_text is not None and f_text is not None:
        emap, fmap = SourceMap(e_text), SourceMap(f_text)
        at: dict[tuple[int, int, int, int], list[etree._Element]] = {}
        for el in f_text.iter(f"{{{TEI_NS}}}*"):
            pos = fmap.get(el)
            if pos is not None:
                at.setdefault(pos.extent, []).append(el)
        originals = _originals(edited)
        annotated = [e for e in e_text.iter(f"{{{TEI_NS}}}*") if e.get("resp") or e.get("cert")]
        idents = stable_ids(annotated, emap, kind_of)
        for el in [e for e in annotated if _by_editor(e)]:
            _carry_one(el, emap.get(el), at, f_text, fmap, out, originals.get(idents[el]))
        out.rejected = _reject_again(edited, f_text, fmap)
        out.replaced = _markup_changes(e_text, f_text)
    _carry_header(edited, fresh)
    out.data = to_bytes(fresh)
    return out


def _originals(edited: etree._Element) -> dict[str, str]:
    """What the converter had decided where an editor corrected (the editors' changes name it,
    ``ref[@type='corrected']``, by the corrected annotation's stable id; the first one counts)."""
    out: dict[str, str] = {}
    for ref in edited.xpath(".//tei:revisionDesc/tei:change[not(@who='#conv')]"
                            "//tei:ref[@type='corrected']", namespaces=NS):
        out.setdefault(ref.get("n", ""), "".join(ref.itertext()))
    return out


def _carry_one(el: etree._Element, pos: Position | None, at: dict, f_text: etree._Element,
               fmap: SourceMap, out: Carried, original: str | None) -> None:
    where = f"raw line {pos.line}" if pos else f"TEI line {el.sourceline}"
    if pos is None:
        out.conflicts.append(f"{where}: <{local(el)}> by {el.get('resp')} has no source position")
        return
    here = at.get(pos.extent, [])
    target = next((t for t in here if local(t) == local(el)), None)
    if target is None and local(el) in KINDS:
        target = next((t for t in here if local(t) in KINDS), None)
    if target is None:
        if _wrap(el, pos, f_text, fmap):
            out.added += 1
        else:
            out.conflicts.append(f"{where}: {show(el)} by {el.get('resp')} not placed: the fresh "
                                 "conversion has no element over the same text")
        return
    if decision_of(target) == decision_of(el):
        if not (local(el) == "note" and el.get("type") == "editorial"):
            out.accepted += 1  # (the converter writes the editors' notes from the metadata)
    else:
        out.corrected += 1
        # a conflict: the converter decides otherwise than before the editor's correction (or
        # than the editor accepted); unknown for hand corrections: listed too
        if is_machine(target) and original != show(target):
            out.conflicts.append(f"{where}: the converter writes {show(target)}, the editor's "
                                 f"{show(el)} ({el.get('resp')}) is kept")
    _become(target, el)


def _become(target: etree._Element, el: etree._Element) -> None:
    """``target`` takes ``el``'s name, attributes (its own positions and id kept) and reading."""
    positions = [t for t in (target.get("source") or "").split() if t.startswith("raw:")]
    target.tag = el.tag
    for key in [k for k in target.attrib if k not in el.attrib and k not in {"source", XML_ID}]:
        del target.attrib[key]
    for key, value in el.attrib.items():  # existing attributes keep their place
        if key not in {"source", XML_ID}:
            target.set(key, value)
    sources = " ".join([*other_sources(el.get("source")).split(), *positions])
    if sources:
        target.set("source", sources)
    else:
        target.attrib.pop("source", None)
    if local(el) == "choice":
        for mine, theirs in zip(readings(target), readings(el), strict=False):
            mine.text, mine.tail = theirs.text, mine.tail
            for child in list(mine):
                mine.remove(child)
            for child in theirs:
                mine.append(etree.fromstring(etree.tostring(child, with_tail=True)))


def _wrap(el: etree._Element, pos: Position, f_text: etree._Element, fmap: SourceMap) -> bool:
    """Wrap a copy of ``el`` around the fresh text at ``pos`` when it lies in one text node."""
    width = pos.end - pos.col
    if pos.line != pos.last or width <= 0:
        return False
    for holder in f_text.iter(f"{{{TEI_NS}}}*"):
        if pos.line not in (lines_of(holder) or []):
            continue
        for node, is_tail, line, col in _text_nodes(holder):
            value = (node.tail if is_tail else node.text) or ""
            if line != pos.line or not col <= pos.col or pos.col + width > col + len(value):
                continue
            offset = pos.col - col
            new = etree.Element(el.tag, {k: v for k, v in el.attrib.items() if k != XML_ID})
            new.text = value[offset:offset + width]
            new.tail = value[offset + width:]
            if is_tail:
                node.tail = value[:offset]
                node.addnext(new)
            else:
                node.text = value[:offset]
                node.insert(0, new)
            return True
    return False


def _text_nodes(holder: etree._Element):
    """(element, is_tail, raw line, column) of each source-text node of a positioned block,
    counted as ``sourcemap`` counts them."""
    lines = lines_of(holder) or [0]
    state = {"index": 0, "col": 0}

    def line() -> int:
        return lines[min(state["index"], len(lines) - 1)]

    def walk(el: etree._Element, skipped: bool):
        name = local(el)
        if el is not holder and lines_of(el):  # a footnote: its own lines
            if name == "note" and el.get("place") == "foot" and not skipped:
                state["col"] += len(el.get("n") or "")
            return
        if name == "lb" and not skipped:
            state["index"] += 1
            state["col"] = 0
        skip = skipped or name in SKIP or (name == "note" and el.get("type") == "editorial")
        if el.text and not skip:
            yield el, False, line(), state["col"]
            state["col"] += len(el.text)
        for child in el:
            if isinstance(child.tag, str):
                yield from walk(child, skip)
            if child.tail and not skip:
                yield child, True, line(), state["col"]
                state["col"] += len(child.tail)

    yield from walk(holder, False)


def _text_changes(edited: etree._Element, fresh: etree._Element) -> list[str]:
    """Where an editor changed the source text by hand (what ``edition text`` recovers): such an
    edit cannot be carried. The first and last differing recovered lines name the place."""
    a, b = recover_text(edited).split("\n"), recover_text(fresh).split("\n")
    if a == b:
        return []
    head = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    changed = " ".join(a[head:len(a) - tail])[:60]
    return [f"the source text at recovered line {head + 1} ({changed!r})"]


def _header_changes(edited: etree._Element, fresh: etree._Element) -> list[str]:
    """A hand edit of the header other than the editors' respStmt and change entries."""
    def plain(root: etree._Element) -> str:
        header = root.find("tei:teiHeader", NS)
        if header is None:
            return ""
        copy = etree.fromstring(etree.tostring(header))
        for el in copy.xpath(".//tei:revisionDesc | .//tei:titleStmt/tei:respStmt", namespaces=NS):
            el.getparent().remove(el)
        return " ".join(etree.tostring(copy, method="c14n").decode().split())

    return [] if plain(edited) == plain(fresh) else ["teiHeader"]


def _markup_changes(e_text: etree._Element, f_text: etree._Element) -> list[str]:
    """Blocks (by first raw line) whose markup still differs after carrying."""
    def blocks(text: etree._Element) -> dict[int, str]:
        out: dict[int, str] = {}
        for el in text.iter(f"{{{TEI_NS}}}*"):
            lines = lines_of(el)
            if lines and local(el) not in {"pb", "fw"}:
                copy = etree.fromstring(etree.tostring(el, with_tail=False))
                copy.attrib.pop(XML_ID, None)
                for d in copy.iter():
                    for name in ("next", "prev", XML_ID):
                        d.attrib.pop(name, None)
                out.setdefault(lines[0], " ".join(etree.tostring(copy, method="c14n").decode().split()))
        return out

    old, new = blocks(e_text), blocks(f_text)
    return [f"raw line {n}" for n in sorted(set(old) | set(new)) if old.get(n) != new.get(n)]


def _reject_again(edited: etree._Element, f_text: etree._Element, fmap: SourceMap) -> int:
    """Leave out of the fresh conversion what the editors rejected (their changes name the
    annotations by stable id): the element's tags go, its text stays (a correction's source
    reading)."""
    wanted = set(edited.xpath(".//tei:revisionDesc/tei:change[not(@who='#conv')]"
                              "//tei:ref[@type='rejected']/@n", namespaces=NS))
    if not wanted:
        return 0
    machine = [el for el in f_text.iter(f"{{{TEI_NS}}}*") if is_machine(el)]
    done = 0
    for el, ident in stable_ids(machine, fmap, kind_of).items():
        if ident in wanted:
            keep = next((c for c in el if isinstance(c.tag, str) and local(c) in {"sic", "orig"}),
                        None) if local(el) == "choice" else el
            _unwrap(el, keep)
            done += 1
    return done


def _unwrap(el: etree._Element, keep: etree._Element | None) -> None:
    """Replace ``el`` by the content of ``keep`` (``el`` itself or one of its children)."""
    parent = el.getparent()
    if parent is None or keep is None:
        return
    index = parent.index(el)
    text = keep.text or ""
    children = list(keep)
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else (el.getprevious() if el.getprevious() is not None else None)
    tail = el.tail or ""
    parent.remove(el)
    if last is not None and last.getparent() is parent:
        last.tail = (last.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _carry_header(edited: etree._Element, fresh: etree._Element) -> None:
    """The editors' respStmt (who they are) and change entries (what they did, when)."""
    stmt_path = "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt"
    have = {s.get(XML_ID) for s in fresh.iterfind(stmt_path, NS)}
    fresh_stmts = fresh.findall(stmt_path, NS)
    for stmt in edited.iterfind(stmt_path, NS):
        if stmt.get(XML_ID) not in have and fresh_stmts:
            _append_after(fresh_stmts[-1], stmt)
            fresh_stmts.append(stmt)
    fresh_rev = fresh.find(".//tei:revisionDesc", NS)
    if fresh_rev is None:
        return
    for change in edited.iterfind(".//tei:revisionDesc/tei:change", NS):
        if change.get("who") != "#conv" and len(fresh_rev):
            _append_after(fresh_rev[-1], change)


def _append_after(last: etree._Element, el: etree._Element) -> None:
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    copy.tail = last.tail
    last.tail = last.getparent().text if last.getparent() is not None else "\n"
    last.addnext(copy)
