"""Editorial typography of the print edition on the real short texts (offprints): title pages
that fit, no page holding a single line, a visible placeholder for a call whose note the source
lacks, the source's line ends never hard breaks in a note. Asserted on the rendered PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lhtml

from edition.publish.pdf import Transform, build_print_edition
from edition.tei.xml import TEI_NS, parse_file

ROOT = Path(__file__).resolve().parents[1]
TEI = ROOT / "tei"
REGISTER = TEI / "register.xml"
T = f"{{{TEI_NS}}}"
OFFPRINTS = ["brar-world-revolution", "comintern-programme-1928", "unity-national-international"]
MISSING_NOTES = "concerning-questions-of-leninism"  # 77 calls whose notes the source lacks


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> dict[str, list[str]]:
    """Each text's PDF as pdftotext -layout pages."""
    out = tmp_path_factory.mktemp("offprints")
    slugs = [*OFFPRINTS, MISSING_NOTES]
    results = build_print_edition([TEI / f"{slug}.xml" for slug in slugs], out)
    pages = {}
    for slug, result in zip(slugs, results, strict=True):
        text = subprocess.run(["pdftotext", "-layout", str(result.pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages[slug] = text.split("\f")[:result.pages]
    return pages


def text_lines(page: str) -> list[str]:
    """The lines of a page without its furniture: a folio alone, or a running head beside one."""
    lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
    return [ln for ln in lines if not re.fullmatch(r"\d+|\d+\s{3,}.+|.+\s{3,}\d+", ln)]


@pytest.mark.parametrize("slug", OFFPRINTS)
def test_an_offprints_title_page_is_one_page(laid_out, slug):
    pages = laid_out[slug]
    title = parse_file(TEI / f"{slug}.xml").getroot().find(f".//{T}titleStmt/{T}title").text
    first_words = " ".join(title.split()[:3])
    assert first_words in " ".join(pages[0].split())
    assert " ".join(pages[1].split()).startswith("Edition:"), pages[1][:200]  # the imprint next


@pytest.mark.parametrize("slug", OFFPRINTS)
def test_no_page_of_an_offprint_holds_a_single_line(laid_out, slug):
    counts = [len(text_lines(page)) for page in laid_out[slug]]
    assert sum(counts) > 40
    alone = [i + 1 for i, n in enumerate(counts) if n == 1]
    assert not alone, (alone, counts)


def test_a_call_without_its_note_prints_a_placeholder(laid_out):
    root = parse_file(TEI / f"{MISSING_NOTES}.xml").getroot()
    missing = [r for r in root.iter(f"{T}ref")
               if r.get("type") == "noteCall" and r.get("subtype") == "missing" and not r.get("target")]
    assert len(missing) > 50
    text = " ".join(" ".join(laid_out[MISSING_NOTES]).split())
    assert text.count("[no note]") == len(missing)


def test_a_notes_source_line_ends_are_no_hard_breaks():
    """WeasyPrint 70 breaks a footnote's line at a newline: none is left in a note's text."""
    transform = Transform(TEI / "works-06.xml", REGISTER, "2024-01-01")
    html = lhtml.fromstring(transform.html())
    notes = html.xpath("//*[contains(concat(' ', @class, ' '), ' footnote ')]")
    assert len(notes) > 20
    tei_notes = [n for n in parse_file(TEI / "works-06.xml").getroot().iter(f"{T}note")
                 if n.get("place") == "foot" and "\n" in "".join(n.itertext())]
    assert tei_notes  # the source's line ends are in the TEI notes ...
    assert not [n.get("id") for n in notes if "\n" in n.text_content()]  # ... not in print


def test_a_short_title_in_the_metadata_is_the_versos_running_head(tmp_path):
    """raw/<name>.toml `short` → the TEI's title[@type='short'] → the running head on versos
    (print.css string(volume)); without it, the main title."""
    from edition.convert import convert
    from edition.sources import load_source

    name = "001_22ee081f70b32331"
    raw = tmp_path / f"{name}.txt"
    raw.write_bytes((ROOT / "raw" / f"{name}.txt").read_bytes())
    meta = (ROOT / "raw" / f"{name}.toml").read_text(encoding="utf-8")
    raw.with_suffix(".toml").write_text(f'short = "Stalin and World Revolution"\n{meta}', encoding="utf-8")
    tei_path = tmp_path / "brar.xml"
    tei_path.write_bytes(convert(load_source(raw, ROOT)))
    titles = {t.get("type"): t.text for t in parse_file(tei_path).getroot().iter(f"{T}title")
              if t.getparent().tag == f"{T}titleStmt"}
    assert titles["short"] == "Stalin and World Revolution" and titles["main"] != titles["short"]
    volume_head = lhtml.fromstring(Transform(tei_path, REGISTER, "2024-01-01").html()).find(".//body")
    assert volume_head.get("data-volume") == "Stalin and World Revolution"
    plain = lhtml.fromstring(Transform(TEI / "brar-world-revolution.xml", REGISTER,
                                       "2024-01-01").html()).find(".//body")
    assert plain.get("data-volume") == titles["main"]
