"""The model without lxml: pb, fw and milestone are Leaf nodes with their raw line; the
serializer is the one place that makes XML; one generic walk."""

from __future__ import annotations

from lxml import etree

from edition.model import Block, Container, Document, Insert, Leaf, walk
from edition.tei.serialize import Serializer
from edition.tei.xml import NS


def _doc() -> Document:
    note = Block("note", "a note", [3], {"place": "foot"})
    p = Block("p", "one\ntwo", [1, 3])
    p.inserts += [Insert(4, Leaf("pb", {"n": "5", "cert": "high"}, line=3)), Insert(7, note)]
    div = Container("div", {"type": "text"}, [Leaf("fw", {"type": "header"}, "A HEAD", 1), p])
    return Document(body=[div])


def test_leaves_carry_their_raw_line_and_serialize_as_tei():
    text = Serializer("t").text(_doc())
    fw = text.find(".//tei:fw", NS)
    assert fw.get("type") == "header" and fw.text == "A HEAD"
    pb = text.find(".//tei:p/tei:pb", NS)
    assert pb.get("n") == "5" and pb.get("cert") == "high"
    # the page break at the start of the second line comes before that line's lb
    p = text.find(".//tei:p", NS)
    assert [etree.QName(c).localname for c in p] == ["pb", "lb", "note"]


def test_one_generic_walk_in_document_order_with_inserts_after_their_block():
    order = [(n.tag, place.ancestors[-1].tag if place.ancestors else None) for n, place in walk(_doc())]
    assert order == [("div", None), ("fw", "div"), ("p", "div"), ("pb", "div"), ("note", "div")]
    assert [b.tag for b in _doc().blocks()] == ["p", "note"]


def test_the_model_does_not_import_lxml():
    import ast
    from pathlib import Path

    import edition.model as model

    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m.startswith("lxml") for m in imported)
