"""The layout test bed (tests/layoutbed.py) and the exact source positions it scores with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import layoutbed
from edition.diagnostics import EditionError
from edition.recover import source_lines
from edition.tei.xml import local, parse_file

ROOT = Path(__file__).resolve().parents[1]


def test_the_bed_has_at_least_ten_conventions_on_both_seeds():
    assert len(layoutbed.VARIANTS) >= 10
    assert len(layoutbed.HELD_OUT) >= 5 and layoutbed.VARIANTS == layoutbed.DEV + layoutbed.HELD_OUT
    assert len({v.name for v in layoutbed.VARIANTS}) == len(layoutbed.VARIANTS)
    assert {v.source for v in layoutbed.VARIANTS} == {"article", "volume"}
    assert len({(v.heads, v.folio, v.notes) for v in layoutbed.VARIANTS}) >= 8


@pytest.mark.parametrize("variant", layoutbed.VARIANTS, ids=lambda v: v.name)
def test_ground_truth_matches_the_typeset_text(variant):
    raw, truth = layoutbed.typeset(variant)
    lines = raw.split("\n")
    assert truth.page_starts and truth.headings
    for line, number in truth.page_starts.items():
        assert lines[line - 1].strip(), "a page starts on a printed line"
        if variant.folio in {"top", "in-head"} and line in truth.furniture \
                and "ocr-furniture" not in variant.noise:
            assert str(number) in lines[line - 1] or lines[line - 1].isupper()
    for line, kind in truth.furniture.items():
        text = lines[line - 1].strip()
        assert text and (kind != "pageNum" or text.isdigit() or text.isupper()
                         or "ocr-furniture" in variant.noise)
    for line in truth.hyphens:
        assert re.search(r"[a-z]-?$", lines[line - 1])
    labels = [truth.page_starts[k] for k in sorted(truth.page_starts)]
    assert labels[:variant.roman_front] == [layoutbed.roman(k + 1) for k in range(variant.roman_front)]
    numbers = [int(n) for n in labels[variant.roman_front:]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    if variant.notes == "none":
        assert not truth.calls
    assert layoutbed.typeset(variant) == (raw, truth), "deterministic"


def test_a_perfect_reading_scores_one():
    variant = layoutbed.VARIANTS[0]
    _, truth = layoutbed.typeset(variant)
    found = layoutbed.Found(page_starts={k: str(v) for k, v in truth.page_starts.items()},
                            furniture=set(truth.furniture), headings=set(truth.headings),
                            calls=set(truth.calls), hyphens=set(truth.hyphens))
    assert all(s == (1.0, 1.0) for s in layoutbed.score(found, truth).values())


def test_source_lines_finds_every_head_of_the_volume_on_its_raw_line():
    raw = next((ROOT / "raw").glob("004_*.txt")).read_text(encoding="utf-8")
    root = parse_file(ROOT / "tei" / "works-06.xml").getroot()
    lines = raw.split("\n")
    located = source_lines(root, raw, lambda el: local(el) in {"head", "fw"})
    assert len(located) > 100
    for el, line in located:
        first_word = "".join(el.itertext()).split()[0]
        assert first_word in lines[line - 1], (local(el), first_word, line)


def test_source_lines_puts_a_footnotes_line_break_before_the_stamp_under_it():
    # the footnote is printed (and its elements met) at the page foot, above the stamp
    root = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                            '<p>one two.<note place="foot" n="*">a note indi<pc force="weak">-</pc>'
                            '<lb break="no"/>cate more.</note></p><fw type="sig">STAMP</fw>'
                            '<pb n="2"/><p>next</p></body></text></TEI>')
    raw = "one two.*\n* a note indi-\ncate more.\nSTAMP\nnext\n"
    located = source_lines(root, raw, lambda el: local(el) in {"lb", "fw", "pb"})
    assert [(local(el), line) for el, line in located] == [("lb", 3), ("fw", 4), ("pb", 5)]
    # ... and above the next page's start when no furniture ends the page
    del root[0][0][1]
    located = source_lines(root, raw.replace("STAMP\n", ""), lambda el: local(el) in {"lb", "pb"})
    assert [(local(el), line) for el, line in located] == [("lb", 3), ("pb", 4)]


def test_source_lines_refuses_a_tei_that_lost_text():
    root = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                            '<p>one two</p><p>four</p></body></text></TEI>')
    with pytest.raises(ValueError, match="raw line 2"):
        source_lines(root, "one two\nthree\nfour\n", lambda el: local(el) == "p")


def test_a_conversion_that_would_lose_text_is_refused_with_its_raw_line(make_source, tmp_path):
    from edition.convert import check_nothing_lost

    raw = tmp_path / "x.txt"
    raw.write_text("The first line.\nA second line.\nThe third.\n", encoding="utf-8")
    root = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                            '<p>The first line.</p><p>The third.</p></body></text></TEI>')
    with pytest.raises(EditionError) as caught:
        check_nothing_lost(make_source(raw_path=raw), root)
    assert caught.value.line == 2 and caught.value.exit_code == 1
    assert "nothing written" in str(caught.value)


@pytest.mark.parametrize("variant", layoutbed.VARIANTS, ids=lambda v: v.name)
def test_every_variant_converts_with_its_pages_found(variant, tmp_path):
    """Dev and held-out alike: the conversion is not refused, and the page breaks and furniture
    are mostly right (the bench prints the exact figures; this guards against a collapse)."""
    scores = layoutbed.evaluate(tmp_path, [variant])[variant.name]
    for metric in ("page breaks", "furniture"):
        precision, recall = scores[metric]
        assert precision >= 0.9, (metric, scores[metric])
        if variant.folio != "none" or variant.heads != "none":
            assert recall >= 0.5, (metric, scores[metric])
