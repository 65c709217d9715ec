"""Structure of the printed book (works-06) and of the OCR'd article: works, heads, closers, pages.

Exact assertions on the real texts: each guards one rule of ``convert.printed`` / ``convert.pages``
(running heads, capital runs as one head or as a proclamation, parts of a work, closing groups,
plausible page starts, printed page numbers winning over inferred ones).
"""

from __future__ import annotations

from edition.tei.xml import NS

WORK_TITLES = [
    "THE DISCUSSION",
    "THIRTEENTH CONFERENCE OF THE R. C. P. (B.) 1",
    "ON THE DEATH OF LENIN",
    "LENIN",
    "ON THE CONTRADICTIONS IN THE YOUNG COMMUNIST LEAGUE",
    "THE FOUNDATIONS OF LENINISM 15",
    "THIRTEENTH CONGRESS OF THE R.C.P. (B.) 34",
    "THE RESULTS OF THE THIRTEENTH CONGRESS OF THE R.C.P. (B.)",
    "WORKER CORRESPONDENTS",
    "THE COMMUNIST PARTY OF POLAND",
    "A LETTER TO COMRADE DEMYAN BEDNY",
    "Y. M. SVERDLOV",
    "CONCERNING THE INTERNATIONAL SITUATION",
    "THE PARTY’S IMMEDIATE TASKS IN THE COUNTRYSIDE",
    "THE PARTY’S TASKS IN THE COUNTRYSIDE",
    "ENTRY IN THE RED BOOK OF THE DYNAMO FACTORY",
    "TO THE FIRST CAVALRY ARMY",
    "TO KRESTYANSKAYA GAZETA",
    "TROTSKYISM OR LENINISM?",
    "THE OCTOBER REVOLUTION AND THE TACTICS OF THE RUSSIAN COMMUNISTS",
]


def reading(el) -> str:
    """The edition's reading: corrections and regularisations, no notes, one space."""
    texts = el.xpath(".//text()[not(ancestor::tei:sic or ancestor::tei:orig or ancestor::tei:note[@place]"
                     " or ancestor::tei:fw)]", namespaces=NS)
    return " ".join("".join(texts).split())


def source_text(el) -> str:
    texts = el.xpath(".//text()[not(ancestor::tei:corr or ancestor::tei:reg)]", namespaces=NS)
    return " ".join("".join(texts).split())


def work(root, title: str):
    for div in root.findall(".//tei:body/tei:div[@type='work']", NS):
        if reading(div.find("tei:head", NS)) == title:
            return div
    raise AssertionError(title)


def pb_before(el) -> str | None:
    found = el.xpath("preceding::tei:pb[1]/@n", namespaces=NS)
    return found[0] if found else None


# -- works and heads ------------------------------------------------------------------


def test_works_count_and_titles(works):
    _, root, _ = works
    heads = [reading(d.find("tei:head", NS)) for d in root.findall(".//tei:body/tei:div[@type='work']", NS)]
    assert heads == WORK_TITLES
    assert [d.get("n") for d in root.findall(".//tei:body/tei:div[@type='work']", NS)] == \
        [str(i) for i in range(1, 21)]


def test_preface_is_one_div_and_its_running_head_is_furniture(works):
    _, root, _ = works
    prefaces = root.findall(".//tei:front/tei:div[@type='preface']", NS)
    assert len(prefaces) == 1
    preface = prefaces[0]
    assert [reading(h) for h in preface.findall("tei:head", NS)] == ["PREFACE"]
    assert [f.text for f in preface.findall("tei:fw[@type='header']", NS)] == ["PREFACE"]
    assert "behalf of the Bolshevik Party made his great vow" in reading(preface)
    first = root.find(".//tei:body/tei:div[@type='work']", NS)
    assert reading(first.find("tei:p", NS)).startswith("The discussion which has extensively")


def test_trotskyism_or_leninism_is_a_work_with_subtitle_date_and_sections(works):
    _, root, _ = works
    div = work(root, "TROTSKYISM OR LENINISM?")
    assert reading(div.find("tei:head[@type='sub']", NS)) == \
        "Speech Delivered at the Plenum of the Communist Group in the A.U.C.C.T.U."
    assert div.find("tei:dateline/tei:date", NS).get("when") == "1924-11-19"
    assert [reading(s.find("tei:head", NS)) for s in div.findall("tei:div[@type='section']", NS)] == [
        "I THE FACTS ABOUT THE OCTOBER UPRISING", "II THE PARTY AND THE PREPARATION FOR OCTOBER",
        "III TROTSKYISM OR LENINISM?"]
    greeting = work(root, "TO KRESTYANSKAYA GAZETA")
    assert greeting.find("tei:div", NS) is None
    assert reading(greeting.find("tei:p", NS)).startswith("GREETINGS TO KRESTYANSKAYA GAZETA")
    assert greeting.find("tei:closer/tei:signed", NS) is not None


def test_defects_is_the_first_section_of_the_immediate_tasks(works):
    _, root, _ = works
    div = work(root, "THE PARTY’S IMMEDIATE TASKS IN THE COUNTRYSIDE")
    sections = div.findall("tei:div[@type='section']", NS)
    assert reading(sections[0].find("tei:head", NS)) == "DEFECTS IN THE REPORTS FROM THE LOCALITIES"
    assert sections[0].find("tei:head/tei:lb", NS) is not None
    assert len(sections) == 12 and len(div.findall(".//tei:p", NS)) >= 30


def test_parts_of_a_congress_hold_their_chapters(works):
    _, root, _ = works
    div = work(root, "THIRTEENTH CONGRESS OF THE R.C.P. (B.) 34")
    parts = div.findall("tei:div[@type='section']", NS)
    assert [reading(p.find("tei:head", NS)) for p in parts] == [
        "ORGANISATIONAL REPORT OF THE CENTRAL COMMITTEE", "REPLY TO THE DISCUSSION"]
    chapters = [reading(c.find("tei:head", NS)) for c in parts[0].findall("tei:div", NS)]
    assert chapters[2] == "3. THE COMPOSITION OF THE PARTY. THE LENIN ENROLMENT"
    assert len(chapters) == 8
    assert reading(div.find("tei:bibl[@type='source']", NS)) == \
        "Pravda, Nos. 118 and 119; May 27 and 28, 1924"


def test_multi_line_heads_are_one_head(works):
    _, root, _ = works
    div = work(root, "CONCERNING THE INTERNATIONAL SITUATION")
    heads = [reading(s.find("tei:head", NS)) for s in div.findall("tei:div", NS)]
    assert heads[2] == ("3. STRENGTHENING OF THE REVOLUTIONARY ELEMENTS IN THE EUROPEAN LABOUR "
                        "MOVEMENT. GROWTH OF THE INTERNATIONAL POPULARITY OF THE SOVIET UNION")
    assert len(heads) == 3
    for head in root.findall(".//tei:body//tei:head", NS):
        if head.get("type") != "sub":
            nxt = head.getnext()
            while nxt is not None and nxt.tag != f"{{{NS['tei']}}}p":
                nxt = nxt.getnext()
            if nxt is not None:  # no head line left behind as a paragraph
                first = reading(nxt).split("\n")[0]
                assert not (first.isupper() and len(first.split()) <= 6), first


def test_vows_are_paragraphs_in_capitals(works):
    _, root, _ = works
    div = work(root, "ON THE DEATH OF LENIN")
    assert div.find("tei:div", NS) is None
    vows = [p for p in div.iter(f"{{{NS['tei']}}}p")
            if reading(p).startswith("DEPARTING FROM US, COMRADE LENIN ENJOINED")]
    assert len(vows) == 6
    assert all(reading(v).endswith(("WITH HONOUR!", "INTERNATIONAL!")) for v in vows)
    assert "WE VOW TO YOU" in reading(vows[1]) and "TO GUARD THE UNITY OF OUR PARTY" in reading(vows[1])


def test_stray_question_mark_is_not_part_of_the_title(works):
    _, root, _ = works
    div = work(root, "THE OCTOBER REVOLUTION AND THE TACTICS OF THE RUSSIAN COMMUNISTS")
    head = div.find("tei:head", NS)
    assert source_text(head).endswith("COMMUNISTS?")  # the raw text stays recoverable
    assert head.find(".//tei:choice/tei:sic", NS).text == "COMMUNISTS?"


def test_source_lines_and_signatures(works):
    _, root, _ = works
    foundations = work(root, "THE FOUNDATIONS OF LENINISM 15")
    sources = foundations.findall(".//tei:bibl[@type='source']", NS)
    assert [reading(b) for b in sources] == [
        "Pravda, Nos. 96, 97, 103, 105, 107, 108, 111; April 26 and 30, May 9, 11, 14, 15 and 18, 1924"]
    assert len(root.findall(".//tei:body//tei:closer/tei:signed", NS)) == 6
    dynamo = work(root, "ENTRY IN THE RED BOOK OF THE DYNAMO FACTORY")
    assert reading(dynamo.find("tei:closer/tei:signed", NS)) == "J. Stalin"
    assert reading(dynamo.find("tei:dateline", NS)) == "7/XI 24"
    assert reading(dynamo.find(".//tei:bibl[@type='source']", NS)) == \
        "First published in Pravda, No. 152, June 4, 1930"
    tasks = work(root, "THE PARTY’S TASKS IN THE COUNTRYSIDE")
    assert reading(tasks.findall(".//tei:bibl[@type='source']", NS)[-1]) == \
        "First published in the book: J. Stalin, The Peasant Question, Moscow and Leningrad, 1925"


# -- pages -----------------------------------------------------------------------------------


def test_pages_count_and_printed_numbers_win(works):
    _, root, doc = works
    pbs = root.findall(".//tei:pb", NS)
    assert len(pbs) == doc.stats["pages"] == 450
    printed = root.findall(".//tei:fw[@type='pageNum']", NS)
    assert len(printed) == 17
    for fw in printed:  # the number printed on a page is that page's number, never inferred
        pb = fw.xpath("preceding::tei:pb[1]", namespaces=NS)[0]
        assert pb.get("n") == fw.text and pb.get("cert") is None
    by_number = {fw.text for fw in printed}
    assert {"6", "87", "323", "332", "443"} <= by_number
    numbers = [int(pb.get("n")) for pb in pbs if pb.get("n")]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_page_numbers_at_work_heads_and_regions(works):
    _, root, _ = works
    assert pb_before(work(root, "THE DISCUSSION").find("tei:head", NS)) == "1"
    conference = work(root, "THIRTEENTH CONFERENCE OF THE R. C. P. (B.) 1")
    assert pb_before(conference.find("tei:head", NS)) == "3"
    assert pb_before(conference.find("tei:div/tei:head", NS)) == "5"  # after an unprinted page
    assert pb_before(work(root, "TROTSKYISM OR LENINISM?").find("tei:head", NS)) == "338"
    notes = root.find(".//tei:back/tei:div[@type='notes']", NS)
    assert [pb.get("n") for pb in notes.iter(f"{{{NS['tei']}}}pb")] == [str(n) for n in range(421, 439)]
    chronicle = root.find(".//tei:back/tei:div[@type='chronicle']", NS)
    assert chronicle.find("tei:pb", NS).get("n") == "439"


def test_page_anchors_agree(works):
    _, _, doc = works
    s = doc.stats
    assert s["page anchors disagreeing (kind:N@line)"] == "endnote:326@8978"
    assert s["share of calls on the page named"] >= 0.98
    assert s["pages numbered"] == 448  # the two preface pages have no arabic number


# -- the OCR'd article ---------------------------------------------------------------------


def test_article_sections_with_ocr_numerals(leninism):
    leninism = leninism[1]
    heads = [h for h in leninism.findall(".//tei:div[@type='section']/tei:head", NS)]
    assert [source_text(h).split(".")[0] for h in heads] == ["|", "Il", "I11", "IV", "V", "VI", "VII"]
    assert source_text(heads[2]) == "I11. THE QUESTION OF “PERMANENT” REVOLUTION"
    assert source_text(heads[3]) == "IV. THE PROLETARIAN REVOLUTION AND THE DICTATORSHIP OF THE PROLETARIAT"
    assert source_text(heads[5]).endswith("SOCIALISM IN ONE COUNTRY")
    assert source_text(heads[6]).endswith("SOCIALIST CONSTRUCTION")
    assert all(h.find("tei:lb", NS) is not None for h in heads[3:])
    for p in leninism.findall(".//tei:p", NS):
        assert source_text(p) not in {"OF THE PROLETARIAT", "COUNTRY", "CONSTRUCTION",
                                      "THE DICTATORSHIP OF THE PROLETARIAT"}


# -- the page rules on small cases ---------------------------------------------------------


def _pages(n: int, length: int = 30):
    from edition.convert.pages import Page
    from edition.tei.xml import tei

    return [Page(1 + i * length, tei("pb")) for i in range(n)]


def test_a_printed_number_outweighs_many_note_anchors():
    from edition.convert.pages import Anchor, number_pages

    pages = _pages(6)
    anchors = [Anchor(1, 11, "endnote", 40), Anchor(2, 12, "endnote", 70), Anchor(3, 13, "endnote", 100),
               Anchor(4, 13, "printed", 121)]
    numbering = number_pages(pages, anchors)
    assert [p.number for p in pages] == [9, 10, 11, 12, 13, 14]
    assert pages[4].cert is None  # printed
    assert {a.kind for a in numbering.rejected} == {"endnote"}
    assert all(pages[a.page].cert in {"medium", "low"} for a in numbering.rejected)


def test_an_unprinted_page_is_placed_after_the_shortest_page():
    from edition.convert.pages import Anchor, Page, number_pages
    from edition.tei.xml import tei

    starts = [1, 31, 38, 68, 98]  # the page at 31 has 7 lines: a title page, then a blank one
    pages = [Page(s, tei("pb")) for s in starts]
    number_pages(pages, [Anchor(0, 1, "printed", 1), Anchor(4, 6, "printed", 98)])
    assert [p.number for p in pages] == [1, 2, 4, 5, 6]


def test_short_pages_from_indented_lines_are_not_pages():
    from edition.convert.lines import RawLine
    from edition.convert.pages import PageCandidates, choose_starts

    text = [("x" * 50) for _ in range(120)]
    for n in (31, 61, 64, 91):  # 64 would open a 3-line page: an indented line, not a page
        text[n - 1] = " " + text[n - 1]
    lines = [RawLine(i, t) for i, t in enumerate(text, 1)]
    cand = PageCandidates({31, 61, 64, 91}, {1}, {}, [1])
    starts, doubtful = choose_starts(lines, cand, set())
    assert starts == [1, 31, 61, 91] and not doubtful
    # two printed numbers 4 pages apart keep a start the sizes alone would drop
    cand = PageCandidates({31, 61, 64}, {1, 91}, {1: 10, 91: 14}, [1])
    starts, doubtful = choose_starts(lines, cand, set())
    assert starts == [1, 31, 61, 64, 91] and doubtful


def test_chronicle_label_running_over_two_lines_is_one_range(works):
    """“March 31—” / “April 2”: one label with a from/to date, not a dash left in the entry before."""
    _, root, _ = works
    chron = root.find(".//tei:div[@type='chronicle']", NS)
    ranges = [(d.get("from"), d.get("to")) for d in chron.iterfind("tei:list/tei:label/tei:date", NS)
              if d.get("from")]
    assert ("1924-03-31", "1924-04-02") in ranges and ("1924-06-17", "1924-07-08") in ranges
    items = ["".join(i.itertext()).rstrip() for i in chron.iterfind("tei:list/tei:item", NS)]
    assert not [t for t in items if t.endswith("—")]
