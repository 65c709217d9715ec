"""The encoding review: anomalies on a fixture and on the real texts, review status of
annotations, verdicts kept across re-conversion, recording, diff, CLI output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.review import review_files
from edition.tei.xml import NS, parse_file

ROOT = Path(__file__).resolve().parents[1]

FIXTURE = Path(__file__).parent / "fixtures" / "review"
CODES = {"R101", "R102", "R103", "R104", "R105", "R106", "R107", "R108", "R109"}


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture(scope="module")
def real_reviews():
    files = sorted((ROOT / "tei").glob("*.xml"))
    return {r.slug: r for r in review_files(files, ROOT)}


def _review_fixture(root: Path):
    [review] = review_files(sorted((root / "tei").glob("*.xml")), root)
    return review


def test_fixture_has_every_anomaly_kind(fixture_project: Path) -> None:
    review = _review_fixture(fixture_project)
    codes = {d.code for d in review.anomalies}
    assert codes == CODES
    by_code = {d.code: d for d in review.anomalies}
    assert "raw line 4" in by_code["R101"].message and "raw line 3" in by_code["R101"].message
    assert "“|”" in by_code["R103"].message
    assert "“he” → “the”" in by_code["R109"].message
    assert "per:zinoviev" in by_code["R108"].message
    assert "1931" in by_code["R107"].message
    for d in review.anomalies:
        assert d.file.endswith("review-fixture.xml") and d.line > 1 and d.message


def test_register_file_is_not_reviewed_as_a_text(fixture_project: Path) -> None:
    reviews = review_files(sorted((fixture_project / "tei").glob("*.xml")), fixture_project)
    assert [r.slug for r in reviews] == ["review-fixture"]


def test_pending_annotations_lowest_certainty_first_with_raw_line(fixture_project: Path) -> None:
    review = _review_fixture(fixture_project)
    certs = [a.cert for a in review.pending]
    assert certs == ["low", "low", "medium", "high", "sure"]
    zinoviev = next(a for a in review.pending if a.reading == "Zinoviev")
    assert zinoviev.raw_line == 8 and "Zinoviev spoke" in zinoviev.raw_text
    assert "<persName" in zinoviev.fragment and "xmlns" not in zinoviev.fragment
    # the second copy of the repeated paragraph is found on its own raw line
    stalin = next(a for a in review.pending if a.kind == "persName" and a.reading == "Stalin")
    assert stalin.raw_line == 4
    counts = review.counts()
    assert counts["persName"] == {"by:converter": 2, "by:editor": 1, "cert:high": 1, "cert:low": 1,
                                  "cert:sure": 1, "total": 3}


def test_accepted_annotation_counts_as_reviewed(fixture_project: Path) -> None:
    path = fixture_project / "tei" / "review-fixture.xml"
    before = _review_fixture(fixture_project)
    text = path.read_text(encoding="utf-8")
    accepted = text.replace('ref="per:zinoviev" resp="#conv" cert="low"',
                            'ref="per:zinoviev" resp="#editors"')
    assert accepted != text
    path.write_text(accepted, encoding="utf-8")
    after = _review_fixture(fixture_project)
    assert after.reviewed_count == before.reviewed_count + 1
    assert len(after.pending) == len(before.pending) - 1
    assert all(a.reading != "Zinoviev" for a in after.pending)


def test_real_texts_duplicate_paragraph_of_000(real_reviews) -> None:
    review = real_reviews["unity-national-international"]
    [dup] = [d for d in review.anomalies if d.code == "R101"]
    assert "raw line 4" in dup.message and "raw line 3" in dup.message
    assert "unity-national-international-p" in dup.message


def test_real_texts_1929_heading_of_002(real_reviews) -> None:
    review = real_reviews["comintern-programme-1928"]
    heading = [d for d in review.anomalies if d.code == "R107" and "heading" in d.message]
    assert heading and "1929" in heading[0].message and "1928" in heading[0].message
    assert "raw line 1" in heading[0].message


def test_real_texts_other_anomaly_kinds(real_reviews) -> None:
    found = {d.code for r in real_reviews.values() for d in r.anomalies}
    # 003's OCR turns "I" into "|"; brackets and quotation marks are unbalanced in several texts
    assert {"R101", "R102", "R103", "R107"} <= found
    review = real_reviews["concerning-questions-of-leninism"]
    ocr = [d for d in review.anomalies if d.code == "R103"]
    assert ocr
    # "| think" is reported until the converter corrects it, and not once it does
    corrected = any(c.findtext("tei:sic", namespaces=NS) == "|"
                    for c in parse_file(review.tei_path).iterfind(".//tei:choice", NS))
    reported = any("| think it is correct" in d.message for d in ocr)
    assert corrected != reported


def test_typo_in_002_corrected_by_converter_or_reported(real_reviews) -> None:
    from edition.convert import convert
    from edition.sources import load_source

    fresh = etree.fromstring(convert(load_source(next((ROOT / "raw").glob("002_*.txt")))))
    [choice] = [c for c in fresh.iterfind(".//tei:choice", NS)
                if c.findtext("tei:sic", namespaces=NS) == "he"]
    assert choice.findtext("tei:corr", namespaces=NS) == "the" and choice.get("resp") == "#conv"
    # the TEI on disk either has that correction or the review reports the typo
    review = real_reviews["comintern-programme-1928"]
    tree = parse_file(review.tei_path)
    corrected = any(c.findtext("tei:sic", namespaces=NS) == "he" for c in tree.iterfind(".//tei:choice", NS))
    reported = any(d.code == "R109" and "in he work" in d.message for d in review.anomalies)
    assert corrected != reported


def _accept_first(path: Path) -> str:
    """Accept the first converter annotation in ``path`` (a reviewer's hand edit); its xml reading."""
    tree = parse_file(path)
    el = next(e for e in tree.getroot().find("tei:text", NS).iter() if e.get("resp") == "#conv")
    el.set("resp", "#editors")
    el.attrib.pop("cert", None)
    # as an editor's XML tool saves it: the whole document, its prolog (xml-model) included
    path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True) + b"\n")
    return etree.QName(el).localname + ":" + "".join(el.itertext())


def _editor_annotations(path: Path) -> list[str]:
    root = parse_file(path).getroot()
    return [etree.QName(e).localname + ":" + "".join(e.itertext())
            for e in root.find("tei:text", NS).iter()
            if e.get("resp") == "#editors" and e.get("type") != "editorial"]


def test_reconversion_refuses_to_lose_a_reviewed_annotation(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    path = project / "tei" / "comintern-programme-1928.xml"
    accepted = _accept_first(path)
    edited = path.read_bytes()
    result = runner.invoke(main, ["-q", "--root", str(project), "convert"])
    assert result.exit_code == 1 and "edited by hand" in result.output
    assert path.read_bytes() == edited and accepted in _editor_annotations(path)


def test_reconversion_carries_a_reviewed_annotation_over(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    path = project / "tei" / "comintern-programme-1928.xml"
    accepted = _accept_first(path)
    result = runner.invoke(main, ["-q", "--root", str(project), "convert", "--keep-reviewed"])
    assert result.exit_code == 0, result.output
    assert accepted in _editor_annotations(path)
    # still protected: a plain re-conversion refuses the file
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 1
    [review] = review_files([path], project)
    assert review.reviewed_count >= 2  # the accepted annotation and the editors' erratum note


def test_keep_reviewed_refuses_hand_corrections_it_cannot_carry(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    path = project / "tei" / "comintern-programme-1928.xml"
    text = path.read_text(encoding="utf-8")
    corrected = text.replace("makes’ still", "makes still", 1)
    assert corrected != text
    path.write_text(corrected, encoding="utf-8")
    result = runner.invoke(main, ["-q", "--root", str(project), "convert", "--keep-reviewed"])
    assert result.exit_code == 1 and "cannot be carried over" in result.output
    assert path.read_text(encoding="utf-8") == corrected


def test_record_touches_only_the_files_given_or_edited(project: Path) -> None:
    from edition.guard import Stamps

    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    texts = [p for p in sorted((project / "tei").glob("*.xml")) if p.name != "register.xml"]
    before = {p: p.read_bytes() for p in texts}
    # nothing reviewed yet and no file named: no file is touched
    result = runner.invoke(main, ["-q", "--root", str(project), "review", "--record", "A. Reviewer"])
    assert result.exit_code == 0, result.output
    assert all(p.read_bytes() == before[p] for p in texts)
    # a file named is recorded, with one new line, and counts as hand-edited
    named = texts[0]
    result = runner.invoke(main, ["-q", "--root", str(project), "review", str(named),
                                  "--record", "A. Reviewer"])
    assert result.exit_code == 0, result.output
    last = parse_file(named).getroot().findall(".//tei:revisionDesc/tei:change", NS)[-1]
    assert last.get("who") == "#editors" and len(last.get("when", "")) == 10
    assert "A. Reviewer" in last.text
    old, new = before[named].decode().splitlines(), named.read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 1 and [ln for ln in new if ln not in old] == [new[new.index(ln)]
                                                                               for ln in new if ln not in old]
    assert Stamps(project / "tei").edited(named)
    assert all(p.read_bytes() == before[p] for p in texts[1:])
    # the same figures again: nothing written twice
    again = named.read_bytes()
    runner.invoke(main, ["-q", "--root", str(project), "review", str(named), "--record", "A. Reviewer"])
    assert named.read_bytes() == again
    # without paths, an edited file is recorded and the untouched ones are not
    second = texts[1]
    _accept_first(second)
    assert runner.invoke(main, ["-q", "--root", str(project), "review", "--record", "B. R"]).exit_code == 0
    assert "B. R" in parse_file(second).getroot().findall(".//tei:revisionDesc/tei:change", NS)[-1].text
    assert all(p.read_bytes() == before[p] for p in texts[2:])


def test_against_conversion_shows_the_editors_change(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    _accept_first(project / "tei" / "comintern-programme-1928.xml")
    result = runner.invoke(main, ["-q", "--root", str(project), "review", "--against-conversion",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    texts = {t["slug"]: t for t in json.loads(result.output)["texts"]}
    changes = texts["comintern-programme-1928"]["changes"]
    assert len(changes) == 1 and changes[0]["kind"] == "changed"
    assert '+[resp="#editors"' in changes[0]["diff"] or '#editors' in changes[0]["diff"]
    assert texts["unity-national-international"]["changes"] == []


def test_cli_json_report_and_fail_on(fixture_project: Path) -> None:
    runner = CliRunner()
    root = ["--root", str(fixture_project)]
    result = runner.invoke(main, ["-q", *root, "review", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    [text] = data["texts"]
    assert {a["code"] for a in text["anomalies"]} == CODES
    assert data["summary"][0]["pending"] == 5
    out = fixture_project / "build" / "review"
    assert json.loads((out / "review.json").read_text(encoding="utf-8")) == data
    assert (out / "index.html").exists() and (out / "review-fixture.html").exists()
    failing = runner.invoke(main, ["-q", *root, "review", "--fail-on", "anomalies"])
    assert failing.exit_code == 1
    assert "review-fixture" in failing.output and "R101" in failing.output


def test_cli_exit_codes_for_clean_text_and_bad_input(project: Path) -> None:
    runner = CliRunner()
    root = ["-q", "--root", str(project)]
    assert runner.invoke(main, [*root, "convert"]).exit_code == 0
    clean = project / "tei" / "unity-national-international.xml"
    shutil.copy(FIXTURE / "tei" / "register.xml", project / "tei" / "register.xml")
    [review] = review_files([clean], project)
    # 000's duplicate is already addressed by an editorial note: an open anomaly would be another kind
    assert [d.code for d in review.anomalies if d.severity == "info"] == ["R101"]
    expected = 1 if review.open_anomalies else 0
    assert runner.invoke(main, [*root, "review", str(clean), "--fail-on", "anomalies"]).exit_code == expected
    assert runner.invoke(main, [*root, "review", str(clean)]).exit_code == 0
    assert runner.invoke(main, [*root, "review", str(clean), "--fail-on", "pending"]).exit_code == 1
    missing = runner.invoke(main, [*root, "review", str(project / "nope.xml")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad = project / "tei" / "broken.xml"
    bad.write_text("<TEI><text>", encoding="utf-8")
    broken = runner.invoke(main, [*root, "review", str(bad)])
    assert broken.exit_code == 1 and "broken.xml:1" in broken.output and "Traceback" not in broken.output


def test_html_report_escapes_source_text(fixture_project: Path) -> None:
    raw = fixture_project / "raw" / "900_fixture.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("Zinoviev spoke", "Zinoviev <script>x</script>"),
                   encoding="utf-8")
    tei = fixture_project / "tei" / "review-fixture.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace(
        "</persName> spoke", "</persName> &lt;script&gt;x&lt;/script&gt;"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(fixture_project), "review"]).exit_code == 0
    page = (fixture_project / "build" / "review" / "review-fixture.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;x" in page
    assert "&lt;persName" in page and "<persName" not in page


def test_whole_edition_is_reviewed() -> None:
    # its speed is measured in bench/run.py, not here
    reviews = review_files(sorted((ROOT / "tei").glob("*.xml")), ROOT)
    assert len(reviews) == 5 and all(r.annotations for r in reviews)


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_keep_reviewed_refuses_an_edit_deep_in_a_long_paragraph(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    path = project / "tei" / "brar-world-revolution.xml"
    root = parse_file(path).getroot()
    longest = max(root.iterfind(".//tei:p", NS), key=lambda p: len(etree.tostring(p)))
    assert len(etree.tostring(longest)) > 2000
    text = path.read_text(encoding="utf-8")
    end = text.index("</p>", text.index(f'xml:id="{longest.get(XML_ID)}"'))
    at = text.rindex(" the ", 0, end)  # far past the first 1,500 characters of the paragraph
    path.write_text(text[:at] + " thex " + text[at + 5:], encoding="utf-8")
    last = "the"
    edited = path.read_bytes()
    result = runner.invoke(main, ["-q", "--root", str(project), "convert", "--keep-reviewed"])
    assert result.exit_code == 1 and "cannot be carried over" in result.output
    assert path.read_bytes() == edited
    report = runner.invoke(main, ["-q", "--root", str(project), "review", "--against-conversion",
                                  "--format", "json"])
    changes = {t["slug"]: t for t in json.loads(report.output)["texts"]}["brar-world-revolution"]
    assert [c["diff"] for c in changes["changes"]] == [f"-[{last}] +[{last}x]"]


def test_keep_reviewed_refuses_a_header_edit(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "--root", str(project), "convert"]).exit_code == 0
    path = project / "tei" / "comintern-programme-1928.xml"
    _edit(path, "A TEI edition", "A TEI edition, revised")
    result = runner.invoke(main, ["-q", "--root", str(project), "convert", "--keep-reviewed"])
    assert result.exit_code == 1 and "teiHeader" in result.output


def test_carry_accepts_an_inferred_page_number() -> None:
    from edition.review.carry import carry_reviewed

    tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>'
           '<p xml:id="x-p1" source="raw:0,3">one <pb n="7" source="raw:1,2"/>\n<lb/>two '
           '<pb n="8" source="raw:2,3" {}/>\n<lb/>three</p></body></text></TEI>')
    fresh = tei.format('cert="low"').encode()
    accepted = etree.fromstring(tei.format('resp="#editors"').encode())
    carried = carry_reviewed(accepted, fresh)
    assert carried.accepted == 1 and carried.lost == [] and carried.conflicts == []
    assert b'<pb n="8" source="raw:2,3" resp="#editors"/>' in carried.data
    # a hand edit that names no editor cannot be told from a converter change: it is listed
    corrected = etree.fromstring(tei.format('n="9"').replace('n="8" source="raw:2,3" n="9"',
                                                             'n="9" source="raw:2,3"').encode())
    carried = carry_reviewed(corrected, fresh)
    assert carried.lost == [] and carried.replaced == ["raw line 1"]
