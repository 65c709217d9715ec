"""Source positions: the converter keeps the raw line of every print line in the TEI, and the
review places every card by them (no search), with ids that survive a re-conversion."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import etree

from edition.convert import convert
from edition.review import review_files
from edition.review.sourcemap import SourceMap
from edition.sources import load_source
from edition.tei.positions import lines_of, other_sources, pointer, with_sources
from edition.tei.xml import NS, TEI_NS

ROOT = Path(__file__).resolve().parents[1]
WORKS_RAW = next((ROOT / "raw").glob("004_*.txt"))


def test_pointer_is_rfc5147_runs() -> None:
    assert pointer([6026, 6027, 6028, 6034]) == "raw:6025,6028 raw:6033,6034"
    el = etree.Element("p", source="per:lenin raw:6025,6028 raw:6033,6034")
    assert lines_of(el) == [6026, 6027, 6028, 6034]
    assert other_sources(el.get("source")) == "per:lenin"
    assert with_sources(el.get("source"), "per:marx") == "per:marx raw:6025,6028 raw:6033,6034"


def test_every_block_of_the_volume_has_its_lines() -> None:
    root = etree.parse(str(ROOT / "tei" / "works-06.xml")).getroot()
    raw = WORKS_RAW.read_text(encoding="utf-8").split("\n")
    blocks = root.xpath("//tei:text//tei:p | //tei:text//tei:head", namespaces=NS)
    assert len(blocks) > 1000
    for el in blocks:
        lines = lines_of(el)
        assert lines, el.get("{http://www.w3.org/XML/1998/namespace}id")
        # one raw line per print line: the block has one lb fewer than lines (its own lb only)
        own_lbs = [lb for lb in el.iter(f"{{{TEI_NS}}}lb")
                   if next(a for a in lb.iterancestors() if lines_of(a)) is el]
        assert len(own_lbs) + 1 == len(lines)
        first_word = "".join(el.itertext()).split()[0] if "".join(el.itertext()).split() else ""
        assert first_word[:3] in raw[lines[0] - 1], (lines[0], first_word)


def test_every_review_card_of_works_06_shows_its_raw_line() -> None:
    [review] = review_files([ROOT / "tei" / "works-06.xml"], ROOT)
    raw = WORKS_RAW.read_text(encoding="utf-8").split("\n")
    assert len(review.annotations) > 3000
    checked = 0
    for a in review.annotations:
        assert a.raw_line is not None, a.ident
        words = a.reading.split()
        if a.kind == "note[editorial]":  # the edition's words: placed where the note is attached
            continue
        if not words:  # pb: its line opens the page (running head or page number)
            assert a.kind == "pb"
            continue
        line = raw[a.raw_line - 1]
        assert words[0] in line, (a.ident, words[0], line)
        assert a.raw_text.split("\n")[0] == line
        checked += 1
    assert checked > 3000


def test_stable_ids_survive_reconversion_of_unchanged_text(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    (tmp_path / "tei").mkdir()  # the project's register: the names it knows are annotated
    shutil.copy(ROOT / "tei" / "register.xml", tmp_path / "tei" / "register.xml")
    raw = tmp_path / "raw" / WORKS_RAW.name
    before = _ids(convert(load_source(raw)))
    lines = raw.read_text(encoding="utf-8").split("\n")
    changed = next(i for i, ln in enumerate(lines) if "Trotsky" in ln and i > 3000)
    lines[changed] = lines[changed].replace("Trotsky", "Trotskii", 1)
    raw.write_text("\n".join(lines), encoding="utf-8")
    after = _ids(convert(load_source(raw)))
    line = changed + 1
    assert {i for i in before if _line(i) != line} <= after
    assert {i for i in before if _line(i) == line} != {i for i in after if _line(i) == line}


def _ids(data: bytes) -> set[str]:
    from edition.review.annotations import kind_of
    from edition.review.sourcemap import stable_ids

    root = etree.fromstring(data)
    text = root.find("tei:text", NS)
    smap = SourceMap(text)
    els = [el for el in text.iter(f"{{{TEI_NS}}}*") if el.get("resp") or el.get("cert")]
    return set(stable_ids(els, smap, kind_of).values())


def _line(ident: str) -> int:
    return int(re.search(r"@(\d+)", ident).group(1))
