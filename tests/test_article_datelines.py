"""An OCR'd article's dateline stands where TEI allows one: at the top of a division or among its
closing elements; one printed between paragraphs becomes a paragraph holding the date."""

from __future__ import annotations

from edition.convert.article import demote_inner_datelines
from edition.model import Block, Container


def _div(*tags: str) -> Container:
    return Container("div", children=[Block(t, f"{t} text") for t in tags])


def test_a_dateline_between_paragraphs_becomes_a_paragraph():
    div = _div("p", "dateline", "p")
    demote_inner_datelines(div)
    assert [c.tag for c in div.children] == ["p", "p", "p"]


def test_datelines_at_the_top_and_at_the_end_stay():
    div = _div("head", "dateline", "p", "p", "signed", "dateline")
    demote_inner_datelines(div)
    assert [c.tag for c in div.children] == ["head", "dateline", "p", "p", "signed", "dateline"]


def test_text_after_a_subdivision_goes_into_a_division_of_its_own():
    from edition.convert import _settled
    from edition.model import Leaf

    notes = Container("div", {"type": "notes"}, [Block("note", "1 See this volume.")])
    nodes = [Block("p", "text"), notes, Leaf("pb", {"n": "10"}), Block("p", "more text"),
             Block("signed", "J. Stalin")]
    settled = _settled(nodes)
    assert [getattr(n, "tag", None) for n in settled] == ["p", "div", "div"]
    assert isinstance(settled[2], Container) and [c.tag for c in settled[2].children] == \
        ["pb", "p", "signed"]
    # closing elements alone after the last subdivision stay where they are
    assert [n.tag for n in _settled([notes, Block("signed", "J. Stalin")])] == ["div", "signed"]
