"""Each transform of the printed reader on a small fixture (tests/fixtures/printed/book.txt,
38 lines: a preface, one work with a footnote and two endnote calls, furniture, a closing
source group and a notes section). The pipeline is run up to the transform under test, which
is then checked on its own output."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.convert import printed
from edition.convert.lines import RawLine, split_lines
from edition.convert.notes import Piece
from edition.convert.printed import PIPELINE, Transform, read
from edition.convert.reading import Blank, Reading
from edition.model import Block, Container, Leaf
from edition.sources import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "printed"
INITIAL = {"source", "profile", "lines", "listed"}


def _upto(name: str, fixture: str = "book") -> Reading:
    """Run the pipeline on the fixture until (and with) the transform ``name``."""
    source = load_source(FIXTURES / f"{fixture}.txt")
    k = next(i for i, t in enumerate(PIPELINE) if t.name == name)
    return read(source, source.conversion_profile(), split_lines(source.read_text()), PIPELINE[:k + 1])


def _text(r: Reading, number: int) -> str:
    return r.line(number).text.strip()


def test_every_transform_needs_only_what_earlier_ones_make():
    made = set(INITIAL)
    for step in PIPELINE:
        assert set(step.needs) <= made, f"{step.name} runs before what it needs: {set(step.needs) - made}"
        made |= set(step.makes)
    assert all(f in Reading.__dataclass_fields__ for t in PIPELINE for f in t.needs + t.makes)


def test_every_transform_has_a_test_here():
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [t.name for t in PIPELINE if f'"{t.name}"' not in source]
    assert untested == []


def test_find_regions():
    r = _upto("find_regions")
    assert _text(r, r.regions.notes) == "NOTES"
    assert r.regions.chronicle == len(r.lines) + 1  # no chronicle: past the end


def test_find_regions_without_notes_heading():
    source = load_source(FIXTURES / "book.txt")
    profile = source.conversion_profile().with_overrides({"conventions": {"notes_headings": []}},
                                                         FIXTURES / "book.toml")
    r = read(source, profile, split_lines(source.read_text()), PIPELINE[:1])
    assert r.regions.notes == r.regions.chronicle == len(r.lines) + 1


def test_learn_page_layout():
    r = _upto("learn_page_layout")
    assert not r.layout.found  # the fixture's OCR marks its page starts: those are read instead
    unmarked = [RawLine(ln.number, ln.text.lstrip()) for ln in r.lines]
    again = read(r.source, r.profile, unmarked, PIPELINE[:2])
    assert not again.layout.found  # without marks, one folio is no sequence: nothing learned


def test_find_furniture():
    r = _upto("find_furniture")
    kinds = {_text(r, n): t for n, t in r.furniture.items()}
    assert kinds == {"4": "pageNum", "J. V. S T A L I N": "header", "FROM MARX": "sig"}


def test_find_heads():
    r = _upto("find_heads")
    kinds = {_text(r, n): k for n, k in r.heads.kinds.items()}
    assert kinds == {"PREFACE": "preface", "THE FIRST WORK": "work"}
    assert {_text(r, n) for n in r.heads.works} == {"THE FIRST WORK"}
    assert r.heads.works <= r.heads.page_heads


def test_find_page_starts():
    r = _upto("find_page_starts")
    starts = [_text(r, n) for n in r.starts]
    assert starts[0] == "PREFACE" and "THE FIRST WORK" in starts and "NOTES" in starts
    assert "4" in starts  # the furniture group opens its page


def test_blank_run_starts():
    lines = [RawLine(1, "a"), RawLine(2, ""), RawLine(3, ""), RawLine(4, "b"), RawLine(5, ""),
             RawLine(6, "c")]
    assert printed.blank_run_starts(lines) == [4]


def test_make_pages():
    r = _upto("make_pages")
    assert [p.start for p in r.pages] == r.starts
    assert [p.printed for p in r.pages if p.printed is not None] == [4]


def test_cut_pieces():
    r = _upto("cut_pieces")
    assert all(p.number < r.regions.notes for p in r.running)
    assert [p.text for p in r.note_pieces][:2] == [
        "1", "The meeting was held in the hall of the working-class club."]
    assert r.chronicle_pieces == []
    assert not any(p.number in r.furniture for p in r.running)


def test_take_contents():
    r = _upto("take_contents")
    assert r.contents == []  # the fixture prints no contents page: the running text stays whole
    held = Path(__file__).parent / "fixtures" / "notes-heldout" / "contents.txt"
    source = load_source(held)
    k = next(i for i, t in enumerate(PIPELINE) if t.name == "take_contents")
    r = read(source, source.conversion_profile(), split_lines(source.read_text()), PIPELINE[:k + 1])
    assert r.contents_headed and r.contents_at_front and _text(r, r.contents[0].number) == "CONTENTS"
    assert len(r.contents) == 8 and r.running[0].text == "THE PARTY AND THE OPPOSITION"


def _held_out_upto(name: str, case: str) -> Reading:
    source = load_source(Path(__file__).parent / "fixtures" / "notes-heldout" / f"{case}.txt")
    k = next(i for i, t in enumerate(PIPELINE) if t.name == name)
    return read(source, source.conversion_profile(), split_lines(source.read_text()), PIPELINE[:k + 1])


def test_take_note_blocks():
    assert _upto("take_note_blocks").note_blocks == []  # the fixture's notes are a section
    r = _held_out_upto("take_note_blocks", "notes-per-work")
    assert [(b.index, b.head.text, [n.n for n in b.notes]) for b in r.note_blocks] == [
        (1, "NOTES", [1, 2]), (2, "NOTES", [1, 2])]
    assert not any(p.text == "NOTES" for p in r.running)
    assert r.note_blocks[0].notes[1].pieces[-1].text == "2 See the resolution of the Thirteenth Conference."


def test_place_note_blocks():
    r = _held_out_upto("place_note_blocks", "notes-per-work")
    divs = [ev for ev in r.events if isinstance(ev, Container)]
    assert [d.attrs["xml:id"] for d in divs] == ["heldout-notes-per-work-notes1",
                                                 "heldout-notes-per-work-notes2"]
    notes = [c for c in divs[1].children if isinstance(c, Block) and c.tag == "note"]
    assert [n.attrs["xml:id"] for n in notes] == ["heldout-notes-per-work-notes2-n1",
                                                  "heldout-notes-per-work-notes2-n2"]


def test_find_footnotes():
    r = _upto("find_footnotes")
    assert len(r.feet) == 1 and r.feet[0].attached and r.feet[0].kind == "translator"
    assert not any(p.text.startswith("*") for p in r.running)  # the foot text left the running text


def test_find_note_calls():
    r = _upto("find_note_calls")
    assert [c.number for c in r.calls] == [1, 2]
    assert [_text(r, c.piece.number).endswith("1") for c in r.calls][0]


def test_read_endnotes():
    r = _upto("read_endnotes")
    assert [(n.n, n.backref, n.inferred) for n in r.endnotes] == [(1, 1, False), (2, 1, False)]


def test_number_the_pages():
    r = _upto("number_the_pages")
    assert {a.kind for a in r.anchors} == {"printed", "endnote"}
    numbered = [p.number for p in r.pages if p.number is not None]
    assert 4 in numbered and all(b > a for a, b in zip(numbered, numbered[1:], strict=False))


def test_list_events():
    r = _upto("list_events")
    kinds = {type(e).__name__ if not isinstance(e, Leaf) else e.tag for e in r.events}
    assert kinds == {"pb", "fw", "Blank", "Piece"}
    pbs = [e for e in r.events if isinstance(e, Leaf) and e.tag == "pb"]
    assert [e.line for e in pbs] == [s for s in r.starts if s < r.regions.notes]
    assert all(isinstance(e, Leaf | Blank | Piece) for e in r.events)


def test_build_structure():
    r = _upto("build_structure")
    front, body = r.doc.front, r.doc.body
    assert [(c.tag, c.attrs.get("type")) for c in front if isinstance(c, Container)] == [("div", "preface")]
    work = body[0]
    assert isinstance(work, Container) and work.attrs["xml:id"] == "fixture-book-w01"
    tags = [c.tag for c in work.children]
    assert tags[:4] == ["pb", "head", "head", "dateline"] and "p" in tags
    assert any(isinstance(c, Block) and c.continued_by is not None for c in work.children)


def test_build_structure_of_an_article():
    r = _upto("build_structure", "article")
    div = r.doc.body[0]
    assert isinstance(div, Container)
    sections = [c for c in div.children if isinstance(c, Container)]
    assert [s.attrs["type"] for s in sections] == ["section", "section"]


def test_build_back():
    r = _upto("build_back")
    notes = r.doc.back[0]
    assert isinstance(notes, Container) and notes.attrs["type"] == "notes"
    blocks = [c for c in notes.children if isinstance(c, Block) and c.tag == "note"]
    assert [b.attrs["xml:id"] for b in blocks] == ["fixture-book-n1", "fixture-book-n2"]
    assert all(any(s.attrs.get("type") == "pageRef" for s in b.spans) for b in blocks)


def test_report_calls():
    r = _upto("report_calls")
    assert r.stats["endnote calls"] == 2 and r.stats["endnote calls linked"] == 2
    assert r.stats["footnotes attached"] == 1


def test_report_pages():
    r = _upto("report_pages")
    assert r.stats["pages"] == len(r.pages) and r.stats["pages with printed number"] == 1
    assert r.stats["share of calls on the page named"] == 1.0


def test_report_footnotes():
    r = _upto("report_footnotes")
    assert r.stats["footnotes signed: translator"] == 1


def test_a_transform_is_a_plain_function_over_the_reading():
    r = _upto("find_regions")
    marker = Transform(lambda rd: rd.stats.update(seen=1), ("regions",), ("stats",))
    marker.run(r)
    assert r.stats["seen"] == 1


@pytest.mark.parametrize("name", [t.name for t in PIPELINE])
def test_transforms_are_short(name):
    import inspect

    lines = inspect.getsource(getattr(printed, name)).splitlines()
    assert len(lines) <= 60


def test_no_function_over_60_lines_in_convert():
    import ast

    folder = Path(printed.__file__).parent
    long = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                long.append(f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []
