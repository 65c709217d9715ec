"""The register's Wikidata identifiers and life dates (tei/register.xml).

Every identifier in the register must be listed in VERIFIED with the source that pairs it
with that entity: an identifier guessed from memory (Q34286, once given for Engels, is
Alexander Graham Bell; Q34943 is Ptolemy) then fails here instead of reaching the site.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# xml:id -> QID, each with the stored source that pairs the QID with the entity
# (SpocWiki/_Standards and SpocWiki/Europe-Russia are notes generated from Wikidata items).
VERIFIED = {
    "per-stalin": "Q855",        # SpocWiki/_Standards bio/People/Leaders/Modern_Leaders/Stalin,Joseph.md
    "per-lenin": "Q1394",        # SpocWiki/_Standards bio/People/Leaders/Modern_Leaders/Lenin,Vladimir.md
    "per-trotsky": "Q33391",     # SpocWiki/_Standards ...Modern_Leaders/Stalin,Joseph.md (significant person)
    "per-marx": "Q9061",         # SpocWiki/_Standards .../Political_Writer/Marx,Karl.md
    "per-engels": "Q34787",      # Marx,Karl.md (partner), Lenin,Vladimir.md (influenced by)
    "per-mussolini": "Q23559",   # SpocWiki/_Standards .../Modern_Leaders/Mussolini,Benito.md
    "per-kautsky": "Q76586",     # Lenin,Vladimir.md (influenced by)
    "per-plekhanov": "Q182905",  # Lenin,Vladimir.md (influenced by)
    "per-krupskaya": "Q215637",  # Lenin,Vladimir.md (spouse)
    "per-bukharin": "Q186709",   # Stalin,Joseph.md (significant person)
    "per-molotov": "Q132899",    # .../Molotov–Ribbentrop_Pact.md (signatory); 1936-Great_Purge+1938.md
    "per-scheidemann": "Q70581",  # .../CE_1900/1919-Weimar_Republic-1933.md (head of government)
    "org-rcpb": "Q79854",        # Lenin,Vladimir.md, Stalin,Joseph.md (member of political party)
    "org-mensheviks": "Q191515",  # SpocWiki/Europe-Russia History_of_Russia/Mensheviks.md
    "org-socialist-revolutionaries": "Q217009",  # .../CE_1900/1917-Russian_Revolution.md (participant)
    "org-red-army": "Q251395",   # Stalin,Joseph.md (military branch); 1917-Russian_Civil_War+1922.md
    "org-pravda": "Q183644",     # SpocWiki/_Standards Society/.../Newspaper/Pravda(News).md
}
WRONG = {"Q34286", "Q34943", "Q57188"}  # once guessed; none of them is a person of the register


@pytest.fixture(scope="module")
def entries() -> list[etree._Element]:
    tree = etree.parse(str(ROOT / "tei" / "register.xml"))
    return tree.xpath("//t:person | //t:org", namespaces=NS)


def _qids(entries: list[etree._Element]) -> dict[str, str]:
    return {e.get(XML_ID): e.findtext("t:idno[@type='wikidata']", namespaces=NS)
            for e in entries if e.find("t:idno[@type='wikidata']", NS) is not None}


def test_every_wikidata_id_is_a_verified_one(entries):
    qids = _qids(entries)
    assert qids == VERIFIED
    assert not WRONG & set(qids.values())


def test_wikidata_ids_are_well_formed_unique_and_single(entries):
    qids = _qids(entries)
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids.values())
    assert len(set(qids.values())) == len(qids)
    assert all(len(e.findall("t:idno", NS)) <= 1 for e in entries)
    assert all(i.get("type") == "wikidata" for e in entries for i in e.findall("t:idno", NS))


def _when(value: str) -> date:
    """A year (YYYY) or a day (YYYY-MM-DD), taken at its earliest."""
    assert re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", value), value
    return date.fromisoformat(value if len(value) > 4 else f"{value}-01-01")


def test_life_dates_are_iso_and_in_order(entries):
    persons = [e for e in entries if e.tag == f"{{{NS['t']}}}person"]
    dated = 0
    for p in persons:
        born, died = (p.find(f"t:{k}", NS) for k in ("birth", "death"))
        if born is not None and died is not None:
            b, d = _when(born.get("when")), _when(died.get("when"))
            assert b < d and d.year - b.year < 110, p.get(XML_ID)
            dated += 1
    assert dated >= 45


def test_harpal_brar_has_his_life_dates(entries):
    brar = next(e for e in entries if e.get(XML_ID) == "per-brar")
    assert brar.find("t:birth", NS).get("when") == "1939-10-05"
    assert brar.find("t:death", NS).get("when") == "2025-01-25"
