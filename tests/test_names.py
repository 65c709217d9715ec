"""The names annotator: initials, generic party names, eponyms, titles; then the real texts (tei/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.annotate import names
from edition.model import Block, Span

ROOT = Path(__file__).resolve().parents[1]
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def _names(text: str, *spans: Span) -> list[tuple[str, str, str | None]]:
    b = Block("p", text)
    b.spans.extend(spans)
    names.annotate_block(b)
    return [(b.text[s.start:s.end], s.attrs["ref"], s.cert) for s in b.spans
            if s.tag in {"persName", "orgName"}]


# -- fixtures ----------------------------------------------------------------------

def test_initials_before_a_surname_belong_to_the_name():
    got = _names("the leader of the Second International, K. Kautsky, and Y. M.\nSverdlov")
    assert ("K. Kautsky", "per:kautsky", None) in got
    assert [t for t, r, _ in got if r == "per:sverdlov"] == ["Y. M.\nSverdlov"]


def test_abbreviations_are_not_initials():
    got = _names("In his letters to the C.C. Trotsky wrote; the U.S.S.R. Lenin said")
    assert [t for t, r, _ in got if r.startswith("per:")] == ["Trotsky", "Lenin"]


def test_party_abbreviations_and_spellings():
    got = _names("no differences in the CPSU(B); the Bolshevik party; the R.C.P. Let us; "
                 "the C.P.S.U.(B.)24 (a glued note number); the Communist Party of the Soviet "
                 "Union-a section of the Comintern")
    assert [t for t, r, _ in got if r == "org:rcpb"] == [
        "CPSU(B)", "Bolshevik party", "R.C.P.", "C.P.S.U.(B.)", "Communist Party of the Soviet Union"]


def test_the_bolsheviks_is_the_party_with_medium_certainty():
    got = _names("hostile to the Bolsheviks; old Bolsheviks; We Bolsheviks; “Bolsheviks”")
    assert got == [("Bolsheviks", "org:rcpb", "medium")]


def test_a_bare_communist_party_only_after_the_article_and_not_another_countrys():
    assert _names("led by the Communist Party, which") == [("Communist Party", "org:rcpb", "medium")]
    assert _names("could be called a Communist Party.") == []
    assert _names("Undoubtedly, the Polish Communist Party is in an") == []
    assert _names("the Communist Party of Poland") == []
    assert _names("Marx and Engels, Manifesto of the Communist Party, Vol. I") == [
        ("Marx", "per:marx", None), ("Engels", "per:engels", None)]
    # a passage about another country's party: the bare form may mean it
    got = _names("the Communist Party of Germany; Brandler was expelled from the Communist Party")
    assert got == [("Brandler", "per:brandler", None)]


def test_a_name_before_a_title_noun_is_a_book_not_a_mention():
    assert _names("published in the Lenin Miscellany, Volume III; the Lenin Enrolment") == []
    assert _names("Lenin Collection and Lenin’s works") == [("Lenin", "per:lenin", None)]


def test_names_inside_a_title_are_tagged_but_generic_forms_are_not():
    text = "“The Results of the Thirteenth Congress of the R.C.P. (B.),” and “Tasks of the Communist Party”"
    t1 = Span(0, text.index("” and") + 1, "title")
    t2 = Span(text.index("“Tasks"), len(text), "title")
    assert _names(text, t1, t2) == [("R.C.P. (B.)", "org:rcpb", None)]


def test_compounds_and_plurals_are_not_mentions():
    assert _names("Leninism, Trotskyite, anti-Lenin, the Kautskys, Marx-Engels") == []
    assert _names("Antonov-Ovseyenko") == [("Antonov-Ovseyenko", "per:antonov-ovseyenko", None)]


# -- the real texts -----------------------------------------------------------------

@pytest.fixture(scope="module")
def tei() -> dict[str, etree._ElementTree]:
    return {p.stem: etree.parse(str(p)) for p in sorted((ROOT / "tei").glob("*.xml"))
            if p.stem != "register"}


def _texts(tree: etree._ElementTree, ref: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split())
            for e in tree.xpath("//t:text//*[@ref=$r]", namespaces=NS, r=ref)]


def test_real_party_forms_are_tagged(tei):
    assert "CPSU(B)" in _texts(tei["brar-world-revolution"], "org:rcpb")
    assert _texts(tei["brar-world-revolution"], "org:rcpb").count("Bolshevik party") == 3
    assert "Communist Party of the Soviet Union" in _texts(tei["comintern-programme-1928"], "org:rcpb")
    assert _texts(tei["works-06"], "org:rcpb").count("Bolsheviks") >= 50


def test_real_medium_certainty_for_the_generic_forms(tei):
    generic = tei["works-06"].xpath("//t:text//t:orgName[.='Bolsheviks' or .='Communist Party']",
                                    namespaces=NS)
    assert generic and all(e.get("cert") == "medium" for e in generic)


def test_real_lenin_miscellany_is_not_lenin(tei):
    doc = tei["concerning-questions-of-leninism"]
    tagged = doc.xpath("//t:text//t:persName[following-sibling::node()[1][starts-with(normalize-space(.),"
                       "'Miscellany')]]", namespaces=NS)
    assert not tagged
    assert "Lenin Miscellany" in "".join(doc.getroot().itertext())


def test_real_initials_and_new_register_persons(tei):
    works = tei["works-06"]
    assert "K. Kautsky" in _texts(works, "per:kautsky")
    assert _texts(works, "per:ivanovich") == ["S. Ivanovich"] * 4
    assert len(_texts(works, "per:krylenko")) == 3
    assert len(_texts(tei["concerning-questions-of-leninism"], "per:tanner")) == 3


def test_real_brandler_note_is_not_the_rcpb(tei):
    note = tei["works-06"].xpath("//t:note[contains(., 'Brandler was expelled')]", namespaces=NS)
    assert note and not note[0].xpath(".//t:orgName[.='Communist Party']", namespaces=NS)
