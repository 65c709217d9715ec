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
