"""Footnotes and note calls: continued footnotes, signatures, marks without foot text,
repeated and OCR-misread calls, on small fixtures and on the real texts (003, 004)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import build_document, convert
from edition.recover import recover_text, tokens
from edition.sources import load_source
from edition.tei.xml import NS

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
T = f"{{{NS['tei']}}}"
# a note call left in the reading text: digits glued to a word in lower case or after
# closing punctuation/quotes ("question.”9", "leader39"), or a footnote mark
GLUED_CALL = re.compile(r"(?:[a-z]|[.,;:!?][”’)]|[”’])\d{1,2}(?!\d)")
SKIPPED = {f"{T}{t}" for t in ("note", "fw", "ref", "sic", "orig", "label", "teiHeader")}


def _convert(tmp_path: Path, name: str):
    for ext in ("txt", "toml"):
        shutil.copy(FIXTURES / f"{name}.{ext}", tmp_path / f"{name}.{ext}")
    source = load_source(tmp_path / f"{name}.txt")
    return source, etree.fromstring(convert(source)), build_document(source)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return _convert(tmp_path_factory.mktemp("raw"), "book")


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    return _convert(tmp_path_factory.mktemp("raw"), "article")


def reading_text(root) -> list[str]:
    """The body's text nodes outside notes, furniture, calls and source readings."""
    out = []
    body = root.find(f"{T}text")
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for s, owner in ((el.text, el), (el.tail, el.getparent())):
            if s and owner is not None and not any(
                    a.tag in SKIPPED for a in [owner, *owner.iterancestors()]):
                out.append(s)
    return out


def stray_calls(root) -> list[str]:
    return [s.strip()[:60] for s in reading_text(root) if "*" in s or GLUED_CALL.search(s)]


def note_text(note) -> str:
    return " ".join("".join(note.itertext()).split())


# -- fixtures ---------------------------------------------------------------------------


def test_fixture_tokens_survive(book, article):
    for source, root, _doc in (book, article):
        assert tokens(source.read_text()) == tokens(recover_text(root))


def test_fixture_continued_footnote_joined(book):
    _, root, doc = book
    foot = root.find(".//tei:note[@n='**']", NS)
    text = note_text(foot)
    assert text.startswith("Among these legends") and "both those enemies, i.e., the two generals" in text
    assert text.endswith("that it could be done at all.")
    assert [m.get("unit") for m in foot.iter(f"{T}milestone")] == ["page"]
    body = " ".join(reading_text(root))
    assert "the two generals" not in body and "of the peace, which all know" in body
    assert doc.stats["footnotes continued on a later page"] == 1
    assert doc.stats["footnote lines on later pages"] == 3


def test_fixture_recovery_puts_continuation_on_its_page(book):
    _, root, _ = book
    text = recover_text(root)
    assert text.index("which all know by now,") < text.index("enemies, i.e.,") < \
        text.index("and the lesson was learnt")


def test_fixture_signed_footnotes_typed(book):
    _, root, doc = book
    kinds = {n.get("n") + note_text(n)[:3]: n.get("type")
             for n in root.iterfind(".//tei:note[@place='foot']", NS)}
    assert kinds == {"*My ": "author", "**Amo": None, "*See": "editor"}
    assert all(n.get("resp") is None and n.get("cert") is None for n in root.iter(f"{T}note"))
    assert doc.stats["footnotes signed: author"] == doc.stats["footnotes signed: editor"] == 1
    assert doc.stats["footnotes unsigned"] == 1


def test_fixture_second_mark_refers_to_the_footnote(book):
    _, root, doc = book
    ref = root.find(".//tei:ref[@type='crossref']", NS)
    note = root.xpath("//tei:note[@xml:id=$i]", i=ref.get("target")[1:], namespaces=NS)
    assert ref.text == "**" and note and note_text(note[0]).startswith("Among these legends")
    assert doc.stats["footnote calls repeated on the page"] == 1
    assert stray_calls(root) == []


def test_fixture_marks_without_foot_text_and_misread_call(article):
    _, root, doc = article
    missing = root.findall(".//tei:ref[@subtype='missing']", NS)
    stars = [r for r in missing if r.get("n", "").startswith("*")]
    assert [r.text for r in stars] == ["**", "*"] and all(r.get("n") == r.text for r in stars)
    calls = [r for r in missing if r not in stars]
    assert [(r.text, r.get("n")) for r in calls] == [("1", None), ("2", None), ("8", "3"), ("4", None)]
    misread = calls[2]
    assert misread.get("cert") == "low" and misread.get("resp") == "#conv"
    s = doc.stats
    assert s["footnote calls without foot text"] == 2
    assert s["endnote calls misread by the OCR"] == 1
    assert s["endnote calls misread (expected(printed@line))"] == "3(8@7)"
    assert s["calls without note text (numbers)"] == "1 2 3 4"
    assert stray_calls(root) == []
    # numbers that are no calls stay text: a year, a quantity, a page
    body = " ".join(reading_text(root))
    assert "In 1905, 3 delegates" in body and "p. 386" in body


# -- the real texts ---------------------------------------------------------------------


def test_works_no_stray_marks_or_call_digits(works):
    _, root, _ = works
    assert stray_calls(root) == []


def test_leninism_no_stray_marks_or_call_digits(leninism):
    _, root, _ = leninism
    assert stray_calls(root) == []


def test_works_continued_footnote_inside_its_note(works):
    _, root, doc = works
    foot = next(n for n in root.iter(f"{T}note") if note_text(n).startswith("Among these legends"))
    text = note_text(foot)
    assert "both those enemies, i.e., Kolchak and Denikin, were routed" in text
    assert "transferred to the South. The Central Committee rejects Trotsky’s plan." in text
    assert text.endswith("Let anybody try to refute these facts.")
    assert len(foot.findall(".//tei:milestone[@unit='page']", NS)) == 2
    # the milestones carry the numbers of the pages they open, the next two after the call
    pages = [int(m.get("n")) for m in foot.iter(f"{T}milestone")]
    call_page = int(foot.xpath("preceding::tei:pb[1]/@n", namespaces=NS)[0])
    assert pages == [call_page + 1, call_page + 2]
    body = " ".join(reading_text(root))
    assert "Kolchak and Denikin, were routed" not in body.replace("\n", " ")
    assert "Let anybody try to refute these facts" not in body
    assert doc.stats["footnotes continued on a later page"] == 1
    assert doc.stats["footnote lines on later pages"] == 31


def test_works_recovery_keeps_continuation_on_its_page(works):
    _, root, _ = works
    text = recover_text(root)
    a = text.index("editorial offices of Pravda are wrecked;")
    assert a < text.index("enemies, i.e., Kolchak") < text.index("the counter-revolution launches") \
        < text.index("The Central Committee rejects Trotsky") < text.index("the preceding period. Dual")


def test_works_footnotes_typed_by_signature(works):
    source, root, doc = works
    feet = root.findall(".//tei:note[@place='foot']", NS)
    by_type = {k: sum(1 for f in feet if f.get("type") == k) for k in ("translator", "author", "editor")}
    raw = source.read_text()
    assert by_type["author"] == len(re.findall(r"—J\. St\.$", raw, re.M)) == 13
    assert by_type["translator"] == 4 and by_type["editor"] == 3
    for k, n in by_type.items():
        assert doc.stats[f"footnotes signed: {k}"] == n
    assert doc.stats["footnotes attached"] == doc.stats["footnotes"] == len(feet) == 22


def test_works_second_call_of_note_27(works):
    _, root, doc = works
    calls = root.findall(".//tei:body//tei:ref[@target='#works-06-n27']", NS)
    assert [c.text for c in calls] == ["27", "27"]
    assert doc.stats["endnote calls"] == 81


def test_leninism_marks_are_missing_footnote_calls(leninism):
    source, root, doc = leninism
    raw_marks = len(re.findall(r"\*+", source.read_text()))
    stars = root.findall(".//tei:ref[@type='noteCall'][@subtype='missing']", NS)
    stars = [r for r in stars if "*" in "".join(r.itertext())]
    # a misread mark ("®*") has no @n: the correction inside the call gives its reading
    assert all(r.get("n") == r.text for r in stars if r.find("tei:choice", NS) is None)
    assert len(stars) == raw_marks == sum(1 for f in doc.findings if f.code == "C105") == 43
    assert root.find(".//tei:note[@place='foot']", NS) is None


def test_leninism_calls_run_in_order_with_misread_ones(leninism):
    _, root, doc = leninism
    calls = [r for r in root.findall(".//tei:body//tei:ref[@type='noteCall']", NS)
             if "*" not in "".join(r.itertext())]
    numbers = [int(r.get("n") or r.text) for r in calls]
    assert numbers == list(range(1, 36))
    misread = {r.get("n"): r.text for r in calls if r.get("cert") == "low"}
    assert misread == {"6": "9", "30": "70"}
    assert [f.line for f in doc.findings if f.code == "C108"] == [87, 2038]
    assert len([f for f in doc.findings if f.code == "C101"]) == 35  # the article prints no notes
    # page and volume numbers never become calls
    assert all(r.text.isdigit() and len(r.text) <= 2 for r in calls)
