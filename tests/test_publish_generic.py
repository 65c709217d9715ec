"""Publishing foreign TEI: distinct output names, and a generic fallback for unknown elements.

The files are tests/fixtures/foreign/ (tei_all-valid, not this edition's): no slug, no
xml:id, elements the edition never uses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.diagnostics import EditionError
from edition.publish.html import transform_site
from edition.publish.pdf import Transform, build_pdfs

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
XHTML = "{http://www.w3.org/1999/xhtml}"


def unnamed_copies(folder: Path) -> list[Path]:
    """The foreign texts without any slug or xml:id, with an element no stylesheet knows."""
    folder.mkdir(parents=True)
    out = []
    for src in sorted(FOREIGN.glob("*.xml")):
        text = src.read_text(encoding="utf-8").replace(' xml:id="letter"', "")
        text = text.replace('<lg type="poem">', '<castList><castItem>A gardener</castItem></castList>\n'
                                                '      <lg type="poem">')
        (folder / src.name).write_text(text, encoding="utf-8")
        out.append(folder / src.name)
    return out


def test_texts_without_slug_get_a_page_each(tmp_path: Path) -> None:
    texts = unnamed_copies(tmp_path / "tei")
    warnings: list[str] = []
    transform_site(texts, tmp_path / "html", on_warning=warnings.append)
    for text in texts:
        page = tmp_path / "html" / f"{text.stem}.html"
        assert page.is_file(), sorted(p.name for p in (tmp_path / "html").iterdir())
        title = etree.parse(str(text)).findtext(".//{http://www.tei-c.org/ns/1.0}title")
        assert title in page.read_text(encoding="utf-8")
    assert not (tmp_path / "html" / "text.html").exists()


def test_the_generic_fallback_renders_blocks_and_warns(tmp_path: Path) -> None:
    texts = unnamed_copies(tmp_path / "tei")
    warnings: list[str] = []
    transform_site(texts, tmp_path / "html", on_warning=warnings.append)
    page = etree.parse(str(tmp_path / "html" / "poem.html"), etree.HTMLParser())
    [cast] = page.xpath("//*[@data-tei='castList']")
    assert cast.tag == "div" and "A gardener" in "".join(cast.itertext())
    assert any("no template for <castList>" in w and "block" in w for w in warnings), warnings
    assert sum("<castList>" in w for w in warnings) == 1  # once per element name and file


def test_print_fallback_keeps_a_margin_note_apart(tmp_path: Path) -> None:
    [poem] = [p for p in unnamed_copies(tmp_path / "tei") if p.stem == "poem"]
    transform = Transform(poem, None, "2026-01-01")
    html = etree.fromstring(transform.html().encode(), etree.HTMLParser())
    [note] = html.xpath("//*[@data-tei='note']")
    assert "".join(note.itertext()) == "[A margin note on the second stanza.]"
    [cast] = html.xpath("//*[@data-tei='castList']")
    assert cast.tag == "div"
    assert any("no template for <note>" in w for w in transform.warnings), transform.warnings


@pytest.mark.parametrize("publish", ["html", "pdf"])
def test_two_files_with_one_name_are_refused_before_writing(publish: str, tmp_path: Path) -> None:
    a = unnamed_copies(tmp_path / "a")
    b = tmp_path / "b"
    b.mkdir()
    shutil.copy(a[0], b / a[0].name)
    out = tmp_path / "out"
    with pytest.raises(EditionError, match="would be published as"):
        if publish == "html":
            transform_site([a[0], b / a[0].name], out)
        else:
            build_pdfs([a[0], b / a[0].name], out)
    assert not out.exists()
