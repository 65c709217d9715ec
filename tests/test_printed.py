"""The printed-book and ocr-article profiles: pages, furniture, structure, notes, corrections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import convert
from edition.recover import recover_text, tokens
from edition.sources import load_source
from edition.tei.xml import NS

FIXTURES = Path(__file__).parent / "fixtures" / "printed"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _convert(path: Path):
    source = load_source(path)
    return source, etree.fromstring(convert(source))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    d = tmp_path_factory.mktemp("raw")
    for name in ("book.txt", "book.toml"):
        shutil.copy(FIXTURES / name, d / name)
    return _convert(d / "book.txt")


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    d = tmp_path_factory.mktemp("raw")
    for name in ("article.txt", "article.toml"):
        shutil.copy(FIXTURES / name, d / name)
    return _convert(d / "article.txt")


def text_of(el) -> str:
    return "".join(el.itertext())


# -- small fixtures: one phenomenon each ---------------------------------------------


def test_fixture_tokens_survive(book, article):
    for source, root in (book, article):
        assert tokens(source.read_text()) == tokens(recover_text(root))


def test_fixture_pages_numbered_from_anchors(book):
    _, root = book
    pbs = root.findall(".//tei:pb", NS)
    assert len(pbs) == 6  # the NOTES open a page of their own
    assert [pb.get("n") for pb in pbs[1:]] == ["1", "2", "3", "4", "5"]
    assert pbs[4].get("cert") is None  # printed on the page
    assert pbs[2].get("cert") is not None  # inferred
    assert pbs[5].getnext().tag == f"{{{NS['tei']}}}head" and pbs[5].getnext().text == "NOTES"


def test_fixture_furniture_outside_paragraphs_and_split_paragraph_linked(book):
    _, root = book
    fws = root.findall(".//tei:fw", NS)
    assert {(f.get("type"), f.text) for f in fws} >= {("pageNum", "4"), ("header", "J. V. S T A L I N"),
                                                       ("sig", "FROM MARX")}
    for fw in fws:
        assert fw.getparent().tag not in {f"{{{NS['tei']}}}{t}" for t in ("p", "head", "note")}
    first = root.xpath(".//tei:p[@next]", namespaces=NS)
    assert first, "paragraph interrupted by furniture is split and linked"
    second = root.xpath(f".//tei:p[@xml:id='{first[0].get('next')[1:]}']", namespaces=NS)[0]
    assert second.get("prev") == "#" + first[0].get(XML_ID)
    assert text_of(second).startswith("and goes on")


def test_fixture_structure(book):
    _, root = book
    assert root.find(".//tei:front/tei:div[@type='preface']/tei:head", NS) is not None
    work = root.find(".//tei:body/tei:div[@type='work']", NS)
    assert text_of(work.find("tei:head", NS)).strip() == "THE FIRST WORK"
    assert work.find("tei:head[@type='sub']", NS) is not None
    assert work.find("tei:dateline/tei:date", NS).get("when") == "1924-01-09"
    assert root.find(".//tei:back/tei:div[@type='notes']", NS) is not None


def test_fixture_notes_linked_and_footnote_at_call(book):
    _, root = book
    calls = root.findall(".//tei:body//tei:ref[@type='noteCall']", NS)
    assert [c.get("target") for c in calls] == ["#fixture-book-n1", "#fixture-book-n2"]
    for c in calls:
        assert root.xpath(f"//*[@xml:id='{c.get('target')[1:]}']", namespaces=NS)
    foot = root.find(".//tei:note[@place='foot']", NS)
    assert foot.get("n") == "*" and foot.get("type") == "translator"
    assert (foot.getprevious().tail or foot.getparent().text or "").rstrip().endswith("Rosta")


def test_fixture_hyphenation_and_compounds(book):
    _, root = book
    pc = root.find(".//tei:pc[@force='weak']", NS)
    assert pc is not None and pc.text == "-"
    assert root.xpath(".//tei:lb[@break='no']", namespaces=NS)
    corr = root.xpath(".//tei:choice[tei:sic='workingclass']/tei:corr", namespaces=NS)
    assert corr and corr[0].text == "working-class"


def test_fixture_article_ocr_and_letter_spacing(article):
    _, root = article
    corr = {c.findtext("tei:sic", namespaces=NS): c.findtext("tei:corr", namespaces=NS)
            for c in root.findall(".//tei:choice", NS) if c.find("tei:sic", NS) is not None}
    assert corr.get("|") == "I"
    assert corr.get("guestion") == "question"
    assert corr.get("Il") == "II"
    assert corr.get("Is") == "is"
    reg = [c.findtext("tei:reg", namespaces=NS) for c in root.findall(".//tei:choice", NS)
           if c.find("tei:orig", NS) is not None]
    assert any(r and r.startswith("and “Results of the") for r in reg)
    for c in root.findall(".//tei:choice", NS):
        assert c.get("resp") == "#conv" and c.get("cert") in {"high", "medium", "low"}
    calls = root.findall(".//tei:ref[@type='noteCall']", NS)
    assert calls and all(c.get("subtype") == "missing" for c in calls)
    assert len(root.findall(".//tei:div[@type='section']", NS)) == 2
    pbs = root.findall(".//tei:pb", NS)
    assert len(pbs) == 1 and pbs[0].get("n") is None
    assert pbs[0].getparent().tag.endswith("}p")  # the page break falls inside a paragraph


# -- the real files ---------------------------------------------------------------------


def test_works_pages(works):
    _, root, doc = works
    pbs = root.findall(".//tei:pb", NS)
    assert len(pbs) == doc.stats["pages"] >= 440
    assert sum(1 for pb in pbs if pb.get("n")) >= 440
    numbers = [int(pb.get("n")) for pb in pbs if pb.get("n")]
    assert numbers == sorted(numbers)


def test_works_endnote_3_called_on_page_29(works):
    _, root, _ = works
    call = root.xpath(".//tei:body//tei:ref[@type='noteCall'][@target='#works-06-n3']",
                      namespaces=NS)[0]
    assert call.xpath("preceding::tei:pb[1]/@n", namespaces=NS) == ["29"]


def test_works_self_check(works):
    _, _, doc = works
    s = doc.stats
    assert s["share of calls on the page named"] >= 0.9
    assert s["endnote calls linked"] >= 75
    assert s["footnotes attached"] == s["footnotes"] >= 20


def test_works_no_furniture_text_in_paragraphs(works):
    _, root, _ = works
    for fw in root.findall(".//tei:fw", NS):
        assert fw.getparent().tag not in {f"{{{NS['tei']}}}{t}" for t in ("p", "head", "note")}
    stamps = ("FROM MARX", "NOT FOR", "J. V. S T A L I N")
    for p in root.findall(".//tei:p", NS):
        t = " ".join(p.xpath(".//text()[not(ancestor::tei:fw)]", namespaces=NS))
        assert not any(s in t for s in stamps), t[:80]


def test_works_every_footnote_attached(works):
    source, root, _ = works
    feet = root.findall(".//tei:note[@place='foot']", NS)
    raw_feet = [ln for ln in source.read_text().splitlines() if ln.startswith("*")]
    assert len(feet) >= len(raw_feet)
    assert all(f.getparent().tag != f"{{{NS['tei']}}}div" for f in feet)
    assert sum(1 for f in feet if f.get("type") == "translator") >= 3


def test_works_workingclass_reads_working_class(works):
    _, root, _ = works
    corr = root.xpath(".//tei:choice[tei:sic='workingclass']/tei:corr/text()", namespaces=NS)
    assert corr and set(corr) == {"working-class"}


def test_works_structure(works):
    _, root, _ = works
    assert root.find(".//tei:front/tei:div[@type='preface']", NS) is not None
    assert len(root.findall(".//tei:body/tei:div[@type='work']", NS)) >= 20
    assert root.find(".//tei:back/tei:div[@type='chronicle']/tei:list/tei:label/tei:date", NS) \
        is not None
    notes = root.findall(".//tei:back/tei:div[@type='notes']/tei:note[@place='end']", NS)
    assert len(notes) >= 75
    assert not any((p.text or "").strip().isdigit() for p in root.findall(".//tei:body//tei:p", NS))


def test_leninism_pages_and_calls(leninism):
    _, root, doc = leninism
    assert len(root.findall(".//tei:pb", NS)) == doc.stats["pages"] >= 40
    calls = root.findall(".//tei:ref[@type='noteCall']", NS)
    assert len(calls) >= 10 and all(c.get("subtype") == "missing" for c in calls)
    sics = root.xpath(".//tei:choice/tei:sic/text()", namespaces=NS)
    assert "|" in sics and "guestion" in sics
