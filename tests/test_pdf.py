"""The print edition: read the PDFs back and prove that nothing is lost or misplaced.

Each PDF is built once per session: the Works volume, a hand-written fixture with the whole
encoding (tests/fixtures/print/volume.xml) and a generated stress text dense with footnotes
(the WeasyPrint trap: a footnote body dropped when its call sits on the last line of a page).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from edition.publish import linebreak
from edition.publish.pdf import LINE_BREAKING, build_print_edition, render_review_pngs
from edition.resources import package_path
from edition.tei.xml import TEI_NS, local, parse_file

ROOT = Path(__file__).resolve().parents[1]
XSLT_DIR = package_path("xslt")
FIXTURES = ROOT / "tests" / "fixtures" / "print"
WORKS = ROOT / "tei" / "works-06.xml"
T = f"{{{TEI_NS}}}"
FN_MARKS = "*†‡§‖¶"  # the footnote marks of print.css (fn-symbols)


# ---- reading the TEI -------------------------------------------------------------------------

SKIP = {"sic", "orig", "abbr", "fw", "teiHeader"}
# Elements that separate words; inline ones (persName, choice, hi...) do not.
BREAKS = {"lb", "pb", "p", "ab", "head", "item", "label", "note", "l", "dateline", "byline", "signed",
          "closer", "opener", "salute", "trailer", "speaker", "list", "div", "sp", "row", "cell",
          "body", "front", "back", "text", "table", "lg", "bibl"}


def reading_text(el: etree._Element) -> str:
    """The text a reader of the edition sees: corrected readings, no page furniture, soft line-end
    hyphens joined. Page breaks and note calls are layout, not reading text."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local(node)
        if name in SKIP or (name == "pc" and node.get("force") == "weak"):
            return
        if name == "lb" and node.get("break") == "no":
            out[:] = ["".join(out).rstrip()]
        elif name in BREAKS:
            out.append(" ")
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)
        if name in BREAKS and not (name == "lb" and node.get("break") == "no"):
            out.append(" ")

    walk(el)
    return "".join(out)


def norm_tokens(text: str) -> list[str]:
    """Word tokens compared case-blind, split at punctuation: a line may break after a dash or
    before a parenthesis, so "R.C.P.(B.)" and "all—not" count as their letter runs."""
    # pdftotext joins a word broken after a printed hyphen ("non-\nParty" → "nonParty"), so
    # compounds are compared without their hyphens on both sides.
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)
    # Letters and digits apart: a note call is set close after its word ("Mausoleum36").
    return [t.casefold() for t in re.findall(r"[^\W\d_]+|\d+", text)]


# ---- reading the PDF -------------------------------------------------------------------------

class Pdf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                             capture_output=True, text=True).stdout
        self.raw_pages = raw.split("\f")[: len(self.reader.pages)]
        self.pages = [dehyphenate(p) for p in self.raw_pages]
        self.dests = {name: self.reader.get_destination_page_number(d) + 1
                      for name, d in self.reader.named_destinations.items()}

    def page_tokens(self, folio: int) -> Counter:
        return Counter(norm_tokens(self.pages[folio - 1])) if 0 < folio <= len(self.pages) else Counter()

    def tokens(self, furniture: set[str]) -> Counter:
        """Tokens of the whole text as one flow: running heads and folios (``furniture``) are taken
        out so that a word broken across two pages is joined again."""
        def bare(line: str) -> str:  # without a folio or a note call beside it
            return re.sub(r"^\d+\s+|\s+\d+$", "", " ".join(line.split()))

        heads = {bare(f).casefold() for f in furniture}

        def is_head(line: str) -> bool:
            # A running head is the title in title case, perhaps shortened with an ellipsis.
            full = bare(line).casefold()
            b = full.removesuffix("…")
            # only a head cut with an ellipsis may be a part of the title (a heading's last line,
            # "Committee of the R.C.P. (B.) 66", is text)
            return b in heads or (full.endswith("…") and len(b) > 3 and any(h.startswith(b) for h in heads))

        flow = []
        for page in self.raw_pages:
            page = re.sub(r" ?\[p\. [^\]\s]+\]", "", page)  # the source's pages, in the margin
            lines = [ln for ln in page.split("\n") if ln.strip()]
            # The header: a title (perhaps wrapped) and a folio. A page that opens a work has no
            # folio on top: its first line is the work's heading, which is reading text.
            opening = bool(lines) and lines[-1].strip().isdigit()  # folio at the foot
            for k, line in enumerate([] if opening else lines[:4]):
                if line.strip().isdigit() or (re.search(r"\s\d+$", line.strip()) and is_head(line)):
                    if all(is_head(h) for h in lines[:k]):
                        # a head that ends in a number ("…Chronicle, 1924") may have its folio below
                        lines = lines[k + 2:] if k == 0 and len(lines) > 1 and (
                            is_head(lines[1]) or lines[1].strip().isdigit()) else lines[k + 1:]
                    break
                if not is_head(line):
                    break
            while lines and (not lines[-1].strip() or lines[-1].strip().isdigit()):
                lines.pop()
            flow.append("\n".join(lines))
        tokens = Counter(norm_tokens(dehyphenate("\n".join(flow))))
        # A word broken at the foot of a page, before the page's footnotes: join its first part
        # with the first word of the next page.
        for page, nxt in zip(flow, flow[1:], strict=False):
            lines = [ln for ln in re.sub(r" ?\[p\. [^\]\s]+\]", "", page).split("\n") if ln.strip()]
            for i, line in enumerate(lines):
                at_foot = i + 1 == len(lines) or lines[i + 1][:1] in FN_MARKS + "["
                if line.endswith(("\u2010", "-")) and at_foot:
                    first = nxt.split()[0] if nxt.split() else ""
                    tokens.update(norm_tokens(line.split()[-1][:-1] + first))
                # pdftotext may have eaten that hyphen itself, gluing the part to the first
                # footnote's marker: "(May§§ See Lenin's Works...".
                glued = re.search(rf"(\S+?)[{FN_MARKS}]+ [A-Z]", line)
                if glued:
                    first = nxt.split()[0] if nxt.split() else ""
                    tokens.update(norm_tokens(glued.group(1) + first))
        return tokens


def dehyphenate(text: str) -> str:
    """Join words WeasyPrint broke at a line end: its own hyphen (U+2010) goes, a printed one stays.
    The source's page numbers in the margin ("[p. 8]") are layout and would split a broken word."""
    text = re.sub(r" ?\[p\. [^\]\s]+\]", "", text)
    text = re.sub(r"\n\s*\n", "\n", text)
    text = re.sub(r"\u2010\n", "", text)
    return re.sub(r"(?<=\w)-\n(?=\w)", "-", text)


# ---- fixtures --------------------------------------------------------------------------------

def stress_tei(tmp: Path) -> Path:
    """Many short paragraphs, each with a footnote call near its end: calls fall on every line
    position of the page, the last one included."""
    src = (FIXTURES / "volume.xml").read_text(encoding="utf-8")
    paras = []
    for i in range(1, 161):
        words = " ".join(f"word{i}x{j}" for j in range(8 + (i * 7) % 40))
        paras.append(f'<p xml:id="stress-p{i}">{words} call{i}<note place="foot" n="*" '
                     f'xml:id="stress-fn{i}">Footnote body {i} {"gloss " * (i % 9)}end{i}.</note> '
                     f'tail{i}.</p>')
    body = ('<body><div type="work" n="1" xml:id="stress-work1"><head>Stress</head>'
            + "\n".join(paras) + "</div></body>")
    src = re.sub(r"<text>.*</text>", "<text>" + body + "</text>", src, flags=re.S)
    src = src.replace('xml:id="volume"', 'xml:id="stress"').replace(">volume<", ">stress<")
    path = tmp / "stress.xml"
    path.write_text(src, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, tuple[Path, Pdf]]:
    tmp = tmp_path_factory.mktemp("print")
    sources = [FIXTURES / "volume.xml", stress_tei(tmp), WORKS]
    results = build_print_edition(sources, tmp / "out")
    by_slug = {r.pdf.stem: (src, Pdf(r.pdf)) for src, r in zip(sources, results, strict=True)}
    for r in results:
        if r.pdf.stem in ("works-06", "volume"):
            render_review_pngs(r, ROOT / "build" / "print" / "review")
    return by_slug


SLUGS = ["volume", "stress", "works-06"]
BOOKS = ["volume", "works-06"]  # with works, endnotes and persons (the stress text has only footnotes)


def tei_root(src: Path) -> etree._Element:
    return parse_file(src).getroot()


def footnotes(root: etree._Element) -> list[etree._Element]:
    return [n for n in root.iter(f"{T}note")
            if n.getparent() is not None and not any(local(a) == "teiHeader" for a in n.iterancestors())
            and n.get("place") != "end" and n.get("type") != "source"]


# ---- the checks ------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_every_footnote_text_is_on_its_calls_page_or_the_next(built, slug):
    src, pdf = built[slug]
    notes = footnotes(tei_root(src))
    call_ids = sorted(k for k in pdf.dests if k.startswith("fncall-"))
    assert len(call_ids) == len(notes)
    for note in notes:
        nid = note.get("{http://www.w3.org/XML/1998/namespace}id")
        if nid is None:
            continue
        call_page = pdf.dests[f"fncall-{nid}"]
        body_page = pdf.dests.get(f"fn-{nid}")
        assert body_page in (call_page, call_page + 1), f"{nid}: call p. {call_page}, body {body_page}"
        want = Counter(norm_tokens(reading_text(note)))
        have = pdf.page_tokens(body_page) + pdf.page_tokens(body_page + 1)
        missing = want - have
        assert not missing, f"{nid}: footnote text missing on p. {body_page}: {sorted(missing)[:8]}"


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_of_the_reading_text_is_lost(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    text_el = root.find(f"{T}text")
    want = Counter(norm_tokens(reading_text(text_el)))
    furniture = {"", root.find(f".//{T}titleStmt/{T}title").text.strip(), "Index of Persons"}
    furniture |= {" ".join(reading_text(h).split()) for h in text_el.iter(f"{T}head")}
    furniture |= {str(rh) for rh in print_html(src).xpath("//@data-rh")}  # the running heads as set
    missing = want - pdf.tokens(furniture)
    assert not missing, f"{sum(missing.values())} token(s) missing, e.g. {missing.most_common(10)}"


def test_the_stress_text_kept_every_footnote_body(built):
    _, pdf = built["stress"]
    text = " ".join(pdf.pages)
    for i in range(1, 161):
        assert f"Footnote body {i} " in text and f"end{i}." in text, f"footnote {i} lost"


@pytest.mark.parametrize("slug", BOOKS)
def test_endnotes_are_numbered_in_the_notes_section_with_the_pages_that_cite_them(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    endnotes = [n for n in root.iter(f"{T}note") if n.get("place") == "end"]
    assert endnotes
    notes_div = next(d for d in root.iter(f"{T}div") if d.get("type") == "notes")
    start = pdf.dests[notes_div.get("{http://www.w3.org/XML/1998/namespace}id")]
    notes_text = "\n".join(pdf.pages[start - 1:])
    calls = {}
    for ref in root.iter(f"{T}ref"):
        if ref.get("type") == "noteCall" and ref.get("target"):
            calls.setdefault(ref.get("target")[1:], []).append(ref)
    for note in endnotes:
        n = note.get("n")
        assert re.search(rf"(?m)^{re.escape(n)}\b", notes_text), f"endnote {n} not numbered in Notes"
        nid = note.get("{http://www.w3.org/XML/1998/namespace}id")
        if calls.get(nid):
            first_words = " ".join(reading_text(note).split()[:3])
            assert first_words.split()[0] in notes_text


def test_endnote_back_references_print_the_citing_pages(built):
    _, pdf = built["volume"]
    notes_start = pdf.dests["volume-notes"]
    text = " ".join(" ".join(pdf.pages[notes_start - 1:notes_start + 1]).split())
    cited = [int(n) for n in re.findall(r"cited p\.\s*(\d+)", text)]
    assert len(cited) == 2
    preface_page = pdf.dests["volume-preface"]
    work1_page = pdf.dests["volume-work1"]
    assert cited[0] == preface_page
    assert cited[1] in (work1_page, work1_page + 1)


def chapter_page(pdf: Pdf, div: etree._Element) -> int:
    """The page of a division: its own id, or the id of its heading or first paragraph."""
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    for el in div.iter():
        if el.get(xml_id) in pdf.dests:
            return pdf.dests[el.get(xml_id)]
    raise AssertionError(f"no destination in {div.sourceline}")


def toc_targets(root: etree._Element, slug: str, pdf: Pdf) -> list[int]:
    """The pages where the entries of the contents start, in order: front divisions, works,
    back divisions, the index."""
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    text = root.find(f"{T}text")
    divs = [d for d in text.iter(f"{T}div") if d.get("type") == "work"
            or (d.getparent() is not None and local(d.getparent()) in ("front", "back"))]
    pages = []
    for d in divs:
        pages.append(pdf.dests[d.get(xml_id)])
        # a work's chapters follow it, when it has several headed ones
        chapters = [c for c in d if local(c) == "div" and c.find(f"{T}head") is not None
                    and "".join(c.find(f"{T}head").itertext()).strip()] if d.get("type") == "work" else []
        if len(chapters) >= 2:
            pages += [chapter_page(pdf, c) for c in chapters]
    if f"{slug}-index" in pdf.dests:
        pages.append(pdf.dests[f"{slug}-index"])
    return pages


@pytest.mark.parametrize("slug", BOOKS)
def test_contents_page_numbers_match_where_the_works_start(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    works = [d for d in root.iter(f"{T}div") if d.get("type") == "work"]
    assert len(works) >= 2
    toc_start = next(i for i, p in enumerate(pdf.pages, 1) if "Contents" in p)
    toc_end = min(toc_targets(root, slug, pdf)) - 1
    printed = []
    for folio in range(toc_start, toc_end + 1):
        layout = subprocess.run(["pdftotext", "-layout", "-f", str(folio), "-l", str(folio),
                                 str(pdf.path), "-"], capture_output=True, text=True).stdout
        # The folio after the leader dots (none when the title fills the line).
        printed += [int(m) for m in re.findall(r"(?m)\S\s+(\d+)\s*$", layout)]
    want = toc_targets(root, slug, pdf)
    assert printed == want, "contents page numbers = pages where the entries start"
    assert all(pdf.dests[w.get("{http://www.w3.org/XML/1998/namespace}id")] % 2 == 1 for w in works), \
        "works start on a recto"


@pytest.mark.parametrize("slug", SLUGS)
def test_running_heads_on_body_pages(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    volume = root.find(f".//{T}titleStmt/{T}title").text.strip()
    first_text_page = min(toc_targets(root, slug, pdf))
    starts = {v for k, v in pdf.dests.items() if re.search(r"work\d+$|notes$|chronicle$|-index$", k)}
    checked = 0
    for folio in range(first_text_page, len(pdf.pages) + 1):
        head_line = pdf.pages[folio - 1].strip().split("\n")[0:3]
        if folio in starts or not pdf.pages[folio - 1].strip():
            continue
        if folio % 2 == 0:
            # pdftotext may order a short page's head after its text: look in the whole page.
            assert volume in pdf.pages[folio - 1], f"p. {folio}: no volume title in {head_line}"
            assert any(line.strip().startswith(str(folio)) for line in head_line)
        checked += 1
    assert checked >= 1 or len(pdf.pages) < 6


@pytest.mark.parametrize("slug", BOOKS)
def test_index_page_numbers_point_to_pages_naming_the_person(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    mentions: dict[str, set[str]] = {}
    for pn in root.find(f"{T}text").iter(f"{T}persName"):
        for ref in (pn.get("ref") or "").split():
            if ref.startswith("per:"):
                mentions.setdefault(ref[4:], set()).add(" ".join(reading_text(pn).split()))
    assert mentions
    index_start = pdf.dests[f"{slug}-index"]
    index_text = "\n".join(pdf.pages[index_start - 1:])
    anchors: dict[str, set[int]] = {}
    for name, folio in pdf.dests.items():
        if name.startswith("pm."):
            for key in name[3:].rsplit(".", 1)[0].split("+"):
                anchors.setdefault(key, set()).add(folio)
    assert set(anchors) == set(mentions), "every person mentioned has anchors in the PDF"
    # "Name, 3–5, 9", or a subentry by work "The Foundations of Leninism: 53–60"
    entries = re.findall(r"(?m)^(.+?)(?:, |: )(\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*)$",
                         index_text.replace(",\n", ", "))
    volume = root.find(f".//{T}titleStmt/{T}title").text.strip()
    entries = [(name, pages) for name, pages in entries if f"{name}: {pages}" != volume]  # the head
    assert len(entries) >= len(mentions) * 0.9, f"index has {len(entries)} entries for {len(mentions)}"
    for _name, pages in entries:
        for part in pages.split(", "):
            lo, _, hi = part.partition("–")
            for folio in range(int(lo), int(hi or lo) + 1):
                page_text = " ".join(pdf.pages[folio - 1].split())
                assert any(f in page_text for m in mentions.values() for f in m), folio
    for key, folios in anchors.items():
        forms = mentions[key]
        for folio in folios:
            page_text = " ".join(pdf.pages[folio - 1].split())
            # a name broken over two pages ("N. K." | "Krupskaya") is indexed where it begins
            next_page = " ".join(pdf.pages[folio].split()) if folio < len(pdf.pages) else ""
            assert any(form in page_text or form.split()[-1] in page_text
                       or broken_over(form, page_text, next_page) for form in forms), (key, folio)


def broken_over(form: str, page_text: str, next_page: str) -> bool:
    """The name's first words end the page and the rest begins the next."""
    words = form.split()
    return any(page_text.endswith(" ".join(words[:k])) and next_page.find(" ".join(words[k:])) >= 0
               for k in range(1, len(words)))


@pytest.mark.parametrize("slug", SLUGS)
def test_fonts_are_embedded_book_fonts(built, slug):
    _, pdf = built[slug]
    fonts = {}
    for page in pdf.reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object()
            fonts[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("EB-Garamond" in name or "EBGaramond" in name for name in fonts), fonts


@pytest.mark.parametrize("slug", SLUGS)
def test_outline_and_metadata(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    title = root.find(f".//{T}titleStmt/{T}title").text.strip()
    meta = pdf.reader.metadata
    assert meta.title == title
    assert meta.author == "J. V. Stalin"
    assert pdf.reader.outline, "bookmarks present"


def test_fixture_prints_corrections_reactions_and_source_pages(built):
    _, pdf = built["volume"]
    text = " ".join(" ".join(pdf.raw_pages).split())
    assert "by the party and the workers" in text      # corr and reg printed
    assert "partv" not in text and "W O R K E R S" not in text
    assert "obstacles" in " ".join(pdf.pages)  # soft hyphen joined across the page break
    for n in ("v", "7", "8", "9"):
        assert f"[p. {n}]" in text                      # the source's pagination in the margin
    assert "(Laughter.)" in text and "That is not true!" in text


def test_register_names_the_index_entries(built):
    src, pdf = built["volume"]
    start = pdf.dests["volume-index"]
    index_text = "\n".join(pdf.pages[start - 1:])
    # No register beside the fixture: the names come from the first mention.
    assert "Lenin," in index_text and "Trotsky," in index_text


def test_review_pngs_rendered(built):
    review = ROOT / "build" / "print" / "review"
    for name in ("volume-page", "volume-contents", "volume-index", "works-06-page"):
        png = review / f"{name}.png"
        assert png.exists() and png.read_bytes()[:4] == b"\x89PNG", png


def test_unchanged_texts_are_not_rendered_again(tmp_path):
    from edition.publish.pdf import build_pdfs

    tei = tmp_path / "volume.xml"
    tei.write_bytes((FIXTURES / "volume.xml").read_bytes())
    out = tmp_path / "print"
    [pdf] = build_pdfs([tei], out)
    first = pdf.stat().st_mtime_ns
    assert build_pdfs([tei], out) == [pdf] and pdf.stat().st_mtime_ns == first
    tei.write_text(tei.read_text(encoding="utf-8").replace("Endnote one", "Endnote One"), encoding="utf-8")
    build_pdfs([tei], out)
    assert pdf.stat().st_mtime_ns != first
    assert "Endnote One" in PdfReader(pdf).pages[-4].extract_text() or any(
        "Endnote One" in p.extract_text() for p in PdfReader(pdf).pages)


def layout_pages(pdf_path: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")


def structure_tags(reader: PdfReader) -> Counter:
    """The structure types of the tagged PDF's structure tree, counted."""
    found: Counter = Counter()

    def walk(element) -> None:
        element = element.get_object()
        if "/S" in element:
            found[str(element["/S"])] += 1
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_is_tagged_and_archival(built, slug):
    """veraPDF, the reference validator, is neither on PyPI nor in Debian: the archival check
    reads what PDF/A-3a and PDF/UA-1 require from the file itself: the structure tree (headings,
    paragraphs, lists, links), marked content, the document language and title display, XMP
    metadata naming both standards, the sRGB output intent, and the TEI source attached."""
    src, pdf = built[slug]
    catalog = pdf.reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]) == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    tags = structure_tags(pdf.reader)
    for tag in ("/Document", "/Sect", "/H1", "/P"):
        assert tags[tag] > 0, (tag, tags)
    if slug != "stress":  # the stress text has no contents, endnotes or index
        assert tags["/L"] and tags["/LI"] and tags["/Link"], tags
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp, xmp[:400]
    assert 'pdfuaid:part="1"' in xmp
    title = tei_root(src).find(f".//{T}titleStmt/{T}title").text.strip()
    assert title in xmp
    [intent] = catalog["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent.get_object()
    assert pdf.reader.attachments == {src.name: [src.read_bytes()]}


@pytest.mark.parametrize("slug", SLUGS)
def test_each_font_is_embedded_once(built, slug):
    _, pdf = built[slug]
    objects: dict[str, set[int]] = {}
    for page in pdf.reader.pages:
        for ref in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            objects.setdefault(name, set()).add(ref.idnum)
    assert objects and all(len(ids) == 1 for ids in objects.values()), objects


@pytest.mark.parametrize("slug", BOOKS)
def test_every_link_can_be_clicked(built, slug):
    """Note calls and back-references have a box of their own: no zero-height link rectangle."""
    _, pdf = built[slug]
    boxes: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for i, page in enumerate(pdf.reader.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link":
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                boxes.setdefault((i + 1, str(a.get("/Dest"))), []).append((abs(x1 - x0), abs(y1 - y0)))
    assert len(boxes) > (100 if slug == "works-06" else 5)
    # A link broken over two lines has two boxes (one may be a sliver at the line end): at least
    # one of them must be a box a finger or a pointer can hit.
    flat = [key for key, sizes in boxes.items() if not any(w >= 2 and h >= 4 for w, h in sizes)]
    assert not flat, flat[:5]


def parent_tree(reader: PdfReader) -> dict[int, object]:
    """The tagged PDF's parent tree: StructParent key → structure element."""
    found: dict[int, object] = {}

    def walk(node) -> None:
        node = node.get_object()
        nums = node.get("/Nums", [])
        found.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"])
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_footnote_calls_and_marks_link_to_each_other(built, slug):
    """The call links to its note and the note's mark back to the call, each with an area a
    pointer can hit (pagemarks.py: the mark across its line's height)."""
    src, pdf = built[slug]
    parents = parent_tree(pdf.reader)
    links: dict[str, list[tuple[int, float, float]]] = {}
    for number, page in enumerate(pdf.reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            dest = str(annot.get("/Dest"))
            links.setdefault(dest, []).append((number, abs(x1 - x0), abs(y1 - y0)))
            if dest.startswith(("fn-", "fncall-")):  # a Link of the structure tree (PDF/UA)
                assert parents[annot["/StructParent"]].get_object()["/S"] == "/Link", dest
    notes = [n for notes in page_notes(src, pdf).values() for n in notes]
    assert len(notes) >= (20 if slug == "works-06" else 2)
    for note in notes:
        nid = note.get(XML_ID)
        call_page, note_page = pdf.dests[f"fncall-{nid}"], pdf.dests[f"fn-{nid}"]
        for dest, page in ((f"fn-{nid}", call_page), (f"fncall-{nid}", note_page)):
            hits = [(w, h) for p, w, h in links.get(dest, []) if p == page and w >= 4 and h >= 6]
            assert hits, (dest, links.get(dest))


def test_note_calls_follow_their_word(built):
    """No space before a note call: a call can never begin a line."""
    src, _ = built["works-06"]
    html = print_html(src)
    calls = html.xpath("//a[contains(@class,'note-call')] | //span[contains(@class,'fn-call-anchor')]")
    assert len(calls) > 50
    spaced = []
    for call in calls:
        before = call.getprevious()
        text = (before.tail if before is not None else call.getparent().text) or ""
        if text[-1:].isspace():
            spaced.append(text[-20:])
    assert not spaced, spaced[:5]


def test_wrong_page_number_hints_are_laid_out_again(tmp_path, monkeypatch):
    """Numbers from a previous build are only guesses: wrong ones make the pieces concerned be laid
    out again, and the PDF equals the one rendered whole, page for page."""
    import json

    from edition.publish import pdf as print_

    monkeypatch.setenv("EDITION_BUILD_DATE", "2024-01-01")
    monkeypatch.setattr(print_, "ARCHIVAL", False)  # the untagged draft is laid out in pieces
    monkeypatch.setattr(print_, "PIECE_MIN_CHARS", 0)  # the fixture is short: cut it anyway
    tei = tmp_path / "volume.xml"
    tei.write_bytes((FIXTURES / "volume.xml").read_bytes())
    out = tmp_path / "pieces"
    build_print_edition([tei], out)
    hints_path = out / ".volume.pieces.json"
    right = json.loads(hints_path.read_text(encoding="utf-8"))
    assert len(right) >= 2 and any(numbers for _, numbers in right)
    hints_path.write_text(json.dumps([[start + 2, [n + 2 for n in numbers]] for start, numbers in right]),
                          encoding="utf-8")
    [pieces] = build_print_edition([tei], out)
    assert json.loads(hints_path.read_text(encoding="utf-8")) == right
    monkeypatch.setattr(print_, "_render_in_pieces", lambda *args: None)
    [whole] = build_print_edition([tei], tmp_path / "whole")
    assert pieces.pages == whole.pages and pieces.landmarks == whole.landmarks
    assert layout_pages(pieces.pdf) == layout_pages(whole.pdf)
    assert destinations(pieces.pdf) == destinations(whole.pdf)


def destinations(pdf_path: Path) -> dict[str, int]:
    """Named destination → page; Saxon's generated ids ("d11e279") differ from one transform to
    the next only in the document's number."""
    reader = PdfReader(pdf_path)
    return {re.sub(r"\bd\d+e", "d_e", name): reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


# ---- the audit of the print edition: marks, notes, headings, contents ------------------------

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def print_html(src: Path) -> etree._Element:
    """The print HTML of a text (main part), parsed: what WeasyPrint lays out."""
    from lxml import html as lhtml

    from edition.publish.pdf import Transform

    register = src.parent / "register.xml"
    return lhtml.fromstring(Transform(src, register if register.exists() else None, "2024-01-01").html())


def page_notes(src: Path, pdf: Pdf) -> dict[int, list[etree._Element]]:
    """The page-foot footnotes by the page their body prints on (an inset note, which the
    source continues over pages and the edition sets at its call, is not one)."""
    by_page: dict[int, list[etree._Element]] = {}
    for note in footnotes(tei_root(src)):
        if note.get("place") == "foot" and any(local(m) == "milestone" for m in note.iter()):
            continue
        by_page.setdefault(pdf.dests[f"fn-{note.get(XML_ID)}"], []).append(note)
    return by_page


@pytest.mark.parametrize("slug", SLUGS)
def test_footnote_marks_restart_on_every_page(built, slug):
    """WeasyPrint fixes counters before pagination: pagemarks.py marks each page's notes *, †, ‡
    in their order on the page, and each call like its note. The marks of a page are the first
    ones of the sequence, each once, and a call prints its note's mark after its word."""
    from edition.publish.pagemarks import page_mark

    src, pdf = built[slug]
    pages = page_notes(src, pdf)
    assert sum(map(len, pages.values())) >= (20 if slug == "works-06" else 2)
    several = 0
    laid = layout_pages(pdf.path)  # a marker beside its note's first line
    for folio, notes in pages.items():
        page = laid[folio - 1]
        found = []
        for note in notes:
            words = r"\s+".join(map(re.escape, reading_text(note).split()[:3]))
            mark = re.search(rf"(?m)^\s*([{FN_MARKS}]+)\s+{words}", page)
            assert mark, (folio, words)
            found.append(mark.group(1))
        assert sorted(found) == sorted(page_mark(i) for i in range(len(notes))), (folio, found)
        several += len(notes) > 1
    # pages holding several notes: the stress text has many; how many the other texts have
    # depends on where their pages break
    assert several >= (3 if slug == "stress" else 0)
    # Calls as their notes: no mark that the page's notes do not use, in the text of any page.
    for folio, page in enumerate(laid, start=1):
        body = [ln for ln in page.split("\n") if not re.match(rf"\s*[{FN_MARKS}]+\s", ln)]
        used = {page_mark(i) for i in range(len(pages.get(folio, ())) + len(pages.get(folio + 1, ())))}
        calls = re.findall(rf"\w[.,;:”’)]?([{FN_MARKS}]+)", "\n".join(body))
        stray = [c for c in calls if c not in used and not (slug == "works-06" and c == "**")]
        assert not stray, (folio, stray)


def bbox_words(pdf_path: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, its words as (xMin, xMax, text), from poppler's pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(float(a), float(b), w) for a, b, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)])
    return pages


def test_source_page_numbers_stand_in_the_outer_margin(built):
    """[p. N] left of the text on a verso, right of it on a recto, in a quotation too; only the
    chronicle's table keeps it in the line (and the imprint names it in a sentence). The margins
    of print.css: 0.9 in outside on a 6 in page (in points)."""
    _, pdf = built["works-06"]
    width, outer = 432.0, 64.8
    chronicle = range(pdf.dests["works-06-chronicle"], pdf.dests["works-06-index-slot"])
    sides: Counter = Counter()
    for number, words in enumerate(bbox_words(pdf.path), start=1):
        recto = number % 2 == 1
        for (x0, _, word), (_, x1, _) in zip(words, words[1:], strict=False):
            if word != "[p." or number in chronicle or number <= 3:
                continue
            in_margin = x0 >= width - outer if recto else x1 <= outer
            assert in_margin, (number, "recto" if recto else "verso", x0, x1)
            sides["recto" if recto else "verso"] += 1
    assert sides["recto"] > 100 and sides["verso"] > 100, sides


@pytest.mark.parametrize("slug", BOOKS)
def test_endnotes_are_numbered_once(built, slug):
    src, pdf = built[slug]
    root = tei_root(src)
    notes_div = next(d for d in root.iter(f"{T}div") if d.get("type") == "notes")
    flat = " ".join(" ".join(pdf.pages[pdf.dests[notes_div.get(XML_ID)] - 1:]).split())
    endnotes = [n for n in root.iter(f"{T}note") if n.get("place") == "end"]
    assert endnotes
    for note in endnotes:
        n = note.get("n")
        assert not re.search(rf"(?:^|\s){re.escape(n)} {re.escape(n)} ", flat), f"endnote {n} numbered twice"


def test_source_lines_after_a_closer_print_as_source_blocks(built):
    src, pdf = built["works-06"]
    root = tei_root(src)
    sources = [n for n in root.iter(f"{T}note") if n.get("type") == "source"]
    assert sources
    flat = " ".join(" ".join(pdf.pages).split())
    for note in sources:
        nid = note.get(XML_ID)
        assert f"fncall-{nid}" not in pdf.dests and f"fn-{nid}" not in pdf.dests, nid
        words = " ".join(reading_text(note).split()[:3])
        at = flat.find(words)
        assert at > 0, words
        assert not re.search(rf"[{FN_MARKS}]\s*$", flat[:at]), f"{words}: printed with a note mark"
    html = print_html(src)
    assert len(html.xpath("//div[contains(@class,'note-source')]")) == len(sources)


def test_a_paragraph_split_by_a_page_break_prints_as_one(built):
    """p[@next] + pb + fw + p[@prev] is one block: the second part's id is an anchor inside it."""
    src, pdf = built["works-06"]
    root = tei_root(src)
    html = print_html(src)
    pairs = []
    for p in root.iter(f"{T}p"):
        nxt = p.getnext()
        while nxt is not None and local(nxt) in ("pb", "fw"):
            nxt = nxt.getnext()
        if p.get("next") and nxt is not None and nxt.get(XML_ID) == p.get("next")[1:]:
            numbered = any(local(e) == "pb" and e.get("n") for e in p.itersiblings()
                           if e is not nxt and nxt in list(e.itersiblings()))
            pairs.append((p.get(XML_ID), nxt.get(XML_ID), numbered))
    assert len(pairs) >= 5
    for first, second, numbered in pairs:
        [block] = html.xpath(f"//*[@id='{first}']")
        assert block.xpath(f".//span[@class='p-join'][@id='{second}']"), second
        if numbered:  # an unnumbered page (the preface's) has no marker to show
            assert block.xpath(".//span[contains(@class,'pb')]"), f"{first}: no page marker inside"
        assert second in pdf.dests  # links to the second part still resolve
    # PDF p. 11 of the audit: "…resolution on inner-Party / democracy" is one run of text.
    assert re.search(r"inner-Party\s+democracy", " ".join(pdf.pages))


def test_running_heads_are_short_title_cased_lines(built):
    src, pdf = built["works-06"]
    html = print_html(src)
    heads = set(html.xpath("//section/@data-rh"))
    assert heads and all(len(h) <= 56 for h in heads), sorted(heads, key=len)[-3:]
    assert not [h for h in heads if "…" in h]  # shortened by rule, never cut
    assert not [h for h in heads if sum(c.isalpha() for c in h) > 3 and h == h.upper()]
    assert "Results of the Thirteenth Congress of the R.C.P. (B.)" in heads
    layout = subprocess.run(["pdftotext", "-layout", str(pdf.path), "-"], capture_output=True,
                            text=True, check=True).stdout.split("\f")
    starts = {v for k, v in pdf.dests.items() if re.search(r"w\d+$|notes$|chronicle$|-index$", k)}
    checked = 0
    for folio in range(min(starts), len(pdf.pages) + 1, 1):
        lines = [ln.strip() for ln in layout[folio - 1].split("\n") if ln.strip()]
        if folio % 2 == 0 or folio in starts or len(lines) < 3:
            continue
        head = re.sub(rf"\s+{folio}$", "", lines[0])
        assert head in heads, f"p. {folio}: running head {lines[0]!r} is not one whole line"
        checked += 1
    assert checked > 50


def test_bookmarks_carry_no_note_calls(built):
    _, pdf = built["works-06"]
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(pdf.reader.outline)
    assert "Thirteenth Conference of the R. C. P. (B.)" in titles
    assert not [t for t in titles if re.search(r"[A-Za-z.)]\s*\d+$", t)], titles


def test_contents_entries_are_title_cased_with_aligned_folios(built):
    src, pdf = built["works-06"]
    toc_pages = [i for i, p in enumerate(pdf.pages, 1)
                 if i < 8 and ("Contents" in p or "Index of Persons" in p)]
    entries = []
    aligned = 0
    for folio in toc_pages:
        right_edges = []  # per page: versos and rectos have different margins
        bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(folio), "-l", str(folio), str(pdf.path), "-"],
                              capture_output=True, text=True, check=True).stdout
        doc = etree.fromstring(bbox.encode(), etree.HTMLParser())
        for word in doc.iter("word"):
            if word.text and word.text.isdigit() and float(word.get("xmin")) > 250:
                right_edges.append(float(word.get("xmax")))
        text = subprocess.run(["pdftotext", "-layout", "-f", str(folio), "-l", str(folio),
                               str(pdf.path), "-"], capture_output=True, text=True, check=True).stdout
        entries += [re.sub(r"[ .]*\d+$", "", ln.strip()) for ln in text.split("\n")
                    if re.search(r"\d+\s*$", ln)]
        assert not right_edges or max(right_edges) - min(right_edges) < 1.0, (folio, right_edges)
        aligned += len(right_edges)
    assert aligned >= 20
    assert "Index of Persons" in entries and "The Foundations of Leninism" in entries
    assert not [e for e in entries if sum(c.isalpha() for c in e) > 3 and e == e.upper()], entries


def test_title_case_and_short_titles():
    from saxonche import PySaxonProcessor

    functions = (XSLT_DIR / "common" / "functions.xsl").as_uri()
    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    exe = xslt.compile_stylesheet(stylesheet_text=f"""
      <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
          xmlns:ed="urn:edition:common">
        <xsl:import href="{functions}"/>
        <xsl:output method="text"/>
        <xsl:template name="xsl:initial-template">
          <xsl:value-of select="('THE RESULTS OF THE THIRTEENTH CONGRESS OF THE R.C.P.(B.)',
            'IV. THE DICTATORSHIP OF THE PROLETARIAT', 'ON INNER-PARTY DEMOCRACY',
            'Concerning the International Situation', 'Y. M. SVERDLOV') ! ed:title-case(.)
            , ed:short-title('The Results of the Thirteenth Congress of the R.C.P.(B.)', 45)"
            separator="|"/>
        </xsl:template>
      </xsl:stylesheet>""")
    out = exe.call_template_returning_string().split("|")
    assert out == ["The Results of the Thirteenth Congress of the R.C.P.(B.)",
                   "IV. The Dictatorship of the Proletariat", "On Inner-Party Democracy",
                   "Concerning the International Situation", "Y. M. Sverdlov",
                   "The Results of the Thirteenth Congress of the…"]


@pytest.mark.parametrize("slug", BOOKS)
def test_every_link_resolves_and_the_contents_reach_the_index(built, slug):
    _, pdf = built[slug]
    links = [(i + 1, a.get_object().get("/Dest")) for i, page in enumerate(pdf.reader.pages)
             for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
    named = [(page, d) for page, d in links if isinstance(d, str)]
    assert named and not [d for _, d in named if d not in pdf.dests]
    contents = pdf.dests[f"{slug}-contents"]
    index = pdf.dests[f"{slug}-index"]
    assert any(contents <= page < contents + 4 and pdf.dests[d] == index for page, d in named)


def test_running_heads_are_shortened_by_rule():
    """Never cut with an ellipsis: the whole title, else without a leading article, else without a
    closing parenthesis, else its first member; a title nothing shortens enough stays whole."""
    from saxonche import PySaxonProcessor

    stylesheet = (XSLT_DIR / "print" / "tei-to-print.xsl").as_uri()
    proc = PySaxonProcessor(license=False)
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=f"""
      <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
          xmlns:pr="urn:edition:print">
        <xsl:import href="{stylesheet}"/>
        <xsl:output method="text"/>
        <xsl:template name="xsl:initial-template">
          <xsl:value-of select="('The Discussion',
            'The Results of the Thirteenth Congress of the R.C.P. (B.)',
            'The October Revolution and the Tactics of the Russian Communists',
            'On the Contradictions in the Young Communist League: A Speech to the Conference',
            'Resolution Adopted by the Thirteenth Conference of the Russian Communist Party')
            ! pr:short-title(.)" separator="|"/>
        </xsl:template>
      </xsl:stylesheet>""")
    assert exe.call_template_returning_string().split("|") == [
        "The Discussion",
        "Results of the Thirteenth Congress of the R.C.P. (B.)",
        "The October Revolution",
        "On the Contradictions in the Young Communist League",
        "Resolution Adopted by the Thirteenth Conference of the Russian Communist Party"]


@pytest.mark.parametrize("slug", ["unity-national-international", "brar-world-revolution"])
def test_straight_quotes_print_as_typographic_ones(slug):
    """The TEI keeps the source's straight marks; the print HTML (what WeasyPrint sets) has none
    in the reading text, opening and closing marks on the right sides."""
    src = ROOT / "tei" / f"{slug}.xml"
    text = "".join(tei_root(src).find(f"{T}text").itertext())
    assert '"' in text or "'" in text  # the source's marks are still in the TEI
    html = print_html(src)
    body = "".join(html.find(".//body").itertext())
    assert '"' not in body and "'" not in body
    expected = {"unity-national-international": "the “national” and international",
                "brar-world-revolution": "theory of ‘permanent revolution’, according"}[slug]
    assert expected in " ".join(body.split())


def typeset_figures(pdf: Path) -> dict[str, object]:
    """bench/typeset.py's figures of a PDF (widows, hyphens, word gaps, …)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import typeset

    return typeset.measure(pdf).figures()


def test_the_works_volume_keeps_issue_18s_breaking_rules(built):
    """The Works volume (the default, first-fit line breaking): no widow or orphan, hyphens on at
    most 8 % of line ends and never three in a row, no recto ending in a broken word, every
    footnote on its call's page."""
    _, pdf = built["works-06"]
    figures = typeset_figures(pdf.path)
    assert figures["widows"] == 0 and figures["orphans"] == 0
    assert figures["hyphenated line ends %"] <= 8
    assert figures["longest hyphen run"] <= 2
    assert figures["rectos ending in a hyphen"] == 0
    assert figures["footnotes not on their call's page"] == 0


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory) -> dict[str, Path]:
    """One text of 56 pages set with each way of breaking lines."""
    out = tmp_path_factory.mktemp("line-breaking")
    tei = ROOT / "tei" / "concerning-questions-of-leninism.xml"
    return {way: build_print_edition([tei], out / way, line_breaking=way)[0].pdf
            for way in LINE_BREAKING}


def test_total_fit_sets_even_word_gaps_by_the_same_rules(both_ways):
    """--line-breaking total-fit (publish/linebreak.py) against WeasyPrint's first fit on the
    same text: the word gaps even (p99 within 4.5 pt, a fifth of the loose lines or fewer), and
    the breaking rules kept."""
    first, total = (typeset_figures(both_ways[way]) for way in LINE_BREAKING)
    assert total["word gap p99 pt"] <= 4.5 < first["word gap p99 pt"]
    assert total["lines with a gap > 5 pt"] * 5 <= first["lines with a gap > 5 pt"]
    for figures in (first, total):
        assert figures["widows"] == 0 and figures["orphans"] == 0
        assert figures["hyphenated line ends %"] <= 8
        assert figures["longest hyphen run"] <= 2
        assert figures["rectos ending in a hyphen"] == 0


def test_chosen_lines_copy_as_plain_text(both_ways):
    """The spans that hold the chosen lines leave the text as it was: ordinary spaces, no
    no-break spaces, no zero-width spaces, the same words."""
    texts = {way: subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                 check=True).stdout for way, pdf in both_ways.items()}
    total = texts["total-fit"]
    assert "\u00a0" not in total and "\u2060" not in total
    assert linebreak.BREAK_AFTER not in total  # the break opportunity between two lines

    def words(text: str) -> Counter[str]:  # whole words: line-end hyphens joined, no folios
        return Counter(w for w in re.sub(r"[\u2010-]\n", "", text).split() if w.isalpha())

    first_words, total_words = words(texts["first-fit"]), words(total)
    differ = (first_words - total_words) + (total_words - first_words)
    assert sum(differ.values()) <= 0.01 * sum(first_words.values()), differ.most_common(10)
