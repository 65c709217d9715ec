"""Short OCR'd texts (a clipping, a scraped article page): no page rhythm, scrape furniture,
stray OCR digits. Each rule with a small synthetic text of the shape it reads."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from edition.convert import convert
from edition.convert.printed import long_enough_for_pages
from edition.sources import load_source
from edition.tei.xml import NS

META = """slug = "clipping"
title = "A Clipping"
authors = ["A. Writer"]
date = "1933"
kind = "article"
language = "en"
profile = "ocr-article"
"""


def convert_text(tmp_path: Path, text: str) -> etree._Element:
    (tmp_path / "clip.txt").write_text(text, encoding="utf-8")
    (tmp_path / "clip.toml").write_text(META, encoding="utf-8")
    return etree.fromstring(convert(load_source(tmp_path / "clip.txt")))


PARAGRAPH = ("The meeting of the workers of the district heard the report on the strike and "
             "adopted a resolution of support for the comrades in the docks of the city.")


def test_blank_runs_in_a_short_text_turn_no_page(tmp_path):
    text = "\n".join(["A SHORT REPORT", "", PARAGRAPH, "", "", PARAGRAPH, "", PARAGRAPH,
                      "", "", PARAGRAPH]) + "\n"
    root = convert_text(tmp_path, text)
    assert root.findall(".//tei:pb", NS) == []


def test_a_text_is_long_enough_for_pages_only_with_several_pages_of_lines():
    assert not long_enough_for_pages(1, 22, min_page=12, min_pages=3)
    assert long_enough_for_pages(1, 40, min_page=12, min_pages=3)


def test_a_digit_repeated_by_the_ocr_in_a_text_without_notes_is_no_call(tmp_path):
    text = "\n".join(["A SHORT REPORT", "", "The strike went on in a preliminary struggle 1 last",
                      "year, and the leaders were kept under strict 1 supervision by the police",
                      "of the district."]) + "\n"
    root = convert_text(tmp_path, text)
    assert root.findall(".//tei:ref[@type='noteCall']", NS) == []


def test_a_run_of_calls_from_one_is_believed_without_notes(tmp_path):
    text = "\n".join(["A SHORT REPORT", "", "The strike went on all year.1 The leaders were",
                      "kept under strict supervision.2 The police of the district did not",
                      "stop them."]) + "\n"
    root = convert_text(tmp_path, text)
    assert [r.text for r in root.findall(".//tei:ref[@type='noteCall']", NS)] == ["1", "2"]


def test_a_paragraph_running_across_blank_lines_in_a_short_text_turns_a_page(tmp_path):
    text = "\n".join(["A SHORT REPORT", "", "The meeting of the workers heard the report and",
                      "", "", "", "adopted a resolution of support.", "", PARAGRAPH]) + "\n"
    root = convert_text(tmp_path, text)
    pbs = root.findall(".//tei:pb", NS)
    assert len(pbs) == 1 and pbs[0].getparent().tag == f"{{{NS['tei']}}}p"


def guessed_title(text: str) -> object:
    from edition.intake import guess_metadata

    intake = guess_metadata(text)
    return next((g.value for g in intake.guesses if g.key == "title"), None)


def wrapped_paragraph(words: int = 60) -> list[str]:
    text = " ".join(["the workers of the district adopted a resolution"] * (words // 8))
    out, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 62:
            out.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [out[0].capitalize(), *out[1:], line + "."]


def test_a_short_line_the_scraped_page_repeats_is_no_title():
    text = "\n".join(["Photo caption", "Photo caption", "", "Ad Space", "", "AD SPACE", "",
                      "THE STRIKE IN THE DOCKS", "", *wrapped_paragraph()])
    assert guessed_title(text) == "THE STRIKE IN THE DOCKS"


def test_a_wrapped_prose_line_opening_the_text_is_no_title():
    text = "\n".join(["Comrades: the workers of the district adopted a resolution of", *wrapped_paragraph(),
                      "", *wrapped_paragraph()])
    assert guessed_title(text) is None
    titled = "\n".join(["The Strike in the Docks", "", *wrapped_paragraph()])
    assert guessed_title(titled) == "The Strike in the Docks"


def printed_pages(pages: int, folios: bool) -> list[str]:
    body = wrapped_paragraph(words=2000)
    out = ["THE STRIKE IN THE DOCKS", ""]
    for page in range(pages):
        if page and folios:
            out += ["", f"{140 + page}    THE STRIKE IN THE DOCKS", ""]
        out += body[page * 24:(page + 1) * 24]
    return out


def test_a_few_printed_pages_with_folios_and_running_heads_are_a_printed_book():
    from edition.intake import guess_profile, read_web_page

    for folios, profile in ((True, "printed-book"), (False, "ocr-article")):
        lines = printed_pages(6, folios)
        assert guess_profile(lines, read_web_page(lines)).value == profile


def schema_valid(root: etree._Element) -> bool:
    from edition.validate.schema import fast_schema

    return bool(fast_schema().validate(root))


def test_an_article_s_title_and_subtitle_before_its_text_are_heads(tmp_path):
    text = "\n".join(["THE STRIKE IN THE DOCKS", "", "Solidarity of the Seamen", "",
                      *wrapped_paragraph(), "", *wrapped_paragraph()]) + "\n"
    root = convert_text(tmp_path, text)
    heads = root.findall(".//tei:div[@type='text']/tei:head", NS)
    assert [(h.text, h.get("type")) for h in heads] == [("THE STRIKE IN THE DOCKS", None),
                                                      ("Solidarity of the Seamen", "sub")]
    assert schema_valid(root)


def test_a_title_in_capitals_over_two_lines_is_one_head(tmp_path):
    text = "\n".join(["DRAFT THESES ON THE STRIKE", "FOR THE CONGRESS OF THE UNIONS", "",
                      *wrapped_paragraph()]) + "\n"
    root = convert_text(tmp_path, text)
    heads = root.findall(".//tei:div[@type='text']/tei:head", NS)
    assert len(heads) == 1 and "".join(heads[0].itertext()).split("\n")[1] == \
        "FOR THE CONGRESS OF THE UNIONS"


def test_a_text_opening_with_its_paragraph_has_no_head(tmp_path):
    root = convert_text(tmp_path, "\n".join([*wrapped_paragraph(), "", *wrapped_paragraph()]) + "\n")
    assert root.findall(".//tei:head", NS) == []


def test_labels_a_scraped_page_repeats_above_the_article_are_furniture(tmp_path):
    text = "\n".join(["Photo caption", "Photo caption", "", "THE STRIKE IN THE DOCKS", "",
                      *wrapped_paragraph()]) + "\n"
    root = convert_text(tmp_path, text)
    assert [fw.text for fw in root.findall(".//tei:fw", NS)] == ["Photo caption"] * 2
    assert root.find(".//tei:head", NS).text == "THE STRIKE IN THE DOCKS"
    assert schema_valid(root)


def test_a_title_printed_again_as_a_running_head_is_still_the_title():
    text = "\n".join(["THE STRIKE IN THE DOCKS", "", *wrapped_paragraph(), "", "THE STRIKE IN THE DOCKS",
                      "", *wrapped_paragraph()])
    assert guessed_title(text) == "THE STRIKE IN THE DOCKS"
