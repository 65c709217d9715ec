"""Conversion: deterministic, nothing lost, a real TEI header, the plain profile's structure."""

from __future__ import annotations

import pytest
from lxml import etree

from edition.convert import convert
from edition.recover import recover_text, tokens
from edition.tei.xml import NS


@pytest.fixture(scope="module")
def converted(sources):
    return {s.slug: (s, convert(s)) for s in sources}


def test_conversion_is_byte_for_byte_deterministic(sources, converted):
    for source in sources:
        assert convert(source) == converted[source.slug][1], source.slug


@pytest.mark.parametrize("slug", ["unity-national-international", "brar-world-revolution",
                                  "comintern-programme-1928", "concerning-questions-of-leninism",
                                  "works-06"])
def test_word_tokens_of_raw_file_equal_recovered_text(converted, slug):
    source, data = converted[slug]
    recovered = recover_text(etree.fromstring(data))
    raw_tokens, tei_tokens = tokens(source.read_text()), tokens(recovered)
    if raw_tokens != tei_tokens:
        first = next(i for i, (a, b) in enumerate(zip(raw_tokens, tei_tokens, strict=False)) if a != b)
        pytest.fail(f"{slug}: token {first} differs: raw {raw_tokens[first - 3:first + 3]} "
                    f"vs TEI {tei_tokens[first - 3:first + 3]}")


def test_committed_tei_is_fresh_unless_edited_by_hand(converted):
    """A TEI file the converter wrote (its stamp matches) must equal a fresh conversion."""
    from conftest import TEI
    from edition.guard import Stamps

    stamps = Stamps(TEI)
    for slug, (_source, data) in converted.items():
        target = TEI / f"{slug}.xml"
        assert target.exists(), f"tei/{slug}.xml missing: run edition convert"
        if not stamps.edited(target):
            assert target.read_bytes() == data, f"tei/{slug}.xml is stale: run edition convert"


def test_header_records_source_policies_and_converter(converted):
    source, data = converted["works-06"]
    root = etree.fromstring(data)
    h = root.find("tei:teiHeader", NS)
    assert h.findtext(".//tei:sourceDesc/tei:bibl/tei:publisher", namespaces=NS) == \
        "Foreign Languages Publishing House"
    assert h.findtext(".//tei:sourceDesc//tei:idno[@type='raw']", namespaces=NS) == \
        "raw/004_93893b877f0de433.txt"
    for policy in ("normalization", "hyphenation", "correction", "quotation"):
        assert h.find(f".//tei:editorialDecl/tei:{policy}/tei:p", NS) is not None, policy
    assert h.xpath(".//tei:titleStmt/tei:respStmt[@xml:id='conv']", namespaces=NS)
    assert h.find(".//tei:appInfo/tei:application[@ident='edition']", NS) is not None
    assert h.find(".//tei:profileDesc/tei:creation/tei:date[@from='1924-01-01']", NS) is not None
    assert h.find(".//tei:revisionDesc/tei:change", NS) is not None


def test_programme_erratum_becomes_editorial_note(converted):
    _, data = converted["comintern-programme-1928"]
    root = etree.fromstring(data)
    notes = root.findall(".//tei:text//tei:note[@type='editorial']", NS)
    assert any("1928" in "".join(n.itertext()) for n in notes)
    # the editorial note is not source text
    assert "17 July" not in recover_text(root)


def test_plain_profile_heads_and_paragraphs(converted):
    _, data = converted["brar-world-revolution"]
    root = etree.fromstring(data)
    assert "".join(root.find(".//tei:front//tei:bibl", NS).itertext()).startswith("Harpal Brar")
    head = root.find(".//tei:body/tei:div/tei:head", NS)
    assert "".join(head.itertext()) == "Was Stalin against world revolution?"
    ids = [p.get("{http://www.w3.org/XML/1998/namespace}id")
           for p in root.find("tei:text", NS).iter("{*}p")]
    assert all(ids) and len(set(ids)) == len(ids)


def test_printed_lines_are_kept_as_lb(converted):
    _, data = converted["works-06"]
    root = etree.fromstring(data)
    assert len(root.findall(".//tei:body//tei:lb", NS)) > 5000
    assert len(root.findall(".//tei:pb", NS)) > 300


def test_converter_notes_a_paragraph_printed_twice_in_succession(sources) -> None:
    """000 prints its first paragraph twice: without the metadata's note the converter adds its own."""
    import dataclasses

    [source] = [s for s in sources if s.slug == "unity-national-international"]
    bare = dataclasses.replace(source, editorial_notes=[])
    root = etree.fromstring(convert(bare))
    notes = root.findall(".//tei:note[@type='editorial'][@subtype='duplication']", NS)
    assert [(n.get("resp"), n.get("cert")) for n in notes] == [("#conv", "high")]
    paragraph = notes[0].getparent()
    assert paragraph.get("{http://www.w3.org/XML/1998/namespace}id") == "unity-national-international-p2"
    # with the editors' note in the metadata, theirs stands alone
    root = etree.fromstring(convert(source))
    notes = root.findall(".//tei:note[@type='editorial'][@subtype='duplication']", NS)
    assert [n.get("resp") for n in notes] == ["#editors"]


def test_plain_profile_marks_a_glued_note_number_as_a_call_of_a_missing_note(converted) -> None:
    """001 pastes “…in the affirmative.2 History has…”: the 2 is a note call, not text."""
    root = etree.fromstring(converted["brar-world-revolution"][1])
    [call] = root.findall(".//tei:ref[@type='noteCall']", NS)
    assert call.text == "2" and call.get("subtype") == "missing" and call.get("resp") == "#conv"
    tei_bytes = converted["brar-world-revolution"][1]
    assert b'in the affirmative.<ref type="noteCall" subtype="missing"' in tei_bytes
    years = [r.text for r in root.iter(f"{{{NS['tei']}}}ref")]
    assert years == ["2"]  # years and page numbers in the excerpt stay text
