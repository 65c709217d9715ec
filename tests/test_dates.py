"""The date annotator's year rules: fixtures for each rule, then the real Works volume."""

from __future__ import annotations

import re
from datetime import date

import pytest

from edition.annotate import dates
from edition.model import Block, Container, Document, Span


def _dated(text: str, ctx: dates.Context, tag: str = "p") -> dict[str, tuple[dict[str, str], str | None]]:
    b = Block(tag, text)
    dates.annotate_block(b, ctx)
    return {b.text[s.start:s.end]: (s.attrs, s.cert) for s in b.spans if s.tag == "date"}


JANUARY = dates.Context(1924, date(1924, 1, 17))  # a work dated January 17, 1924
NOVEMBER = dates.Context(1924, date(1924, 11, 19))


def test_year_printed_at_the_end_of_the_date_phrase_is_high():
    got = _dated("took place from April 14-22 (April 27-May 5), 1917, with 57 delegates; "
                 "Pravda, Nos. 118 and 119; May 27 and 28, 1924; on October 10 (23), 1917.", NOVEMBER)
    assert got["April 14-22"] == ({"from": "1917-04-14", "to": "1917-04-22"}, "high")
    assert got["April 27-May 5"] == ({"from": "1917-04-27", "to": "1917-05-05"}, "high")
    assert got["May 27"] == ({"when": "1924-05-27"}, "high")
    assert got["October 10"] == ({"when": "1917-10-10"}, "high")


def test_a_from_to_range_is_one_date():
    got = _dated("held in Moscow from January 26 to February 2, 1924. From December 28\nto January 3",
                 JANUARY)
    assert got["January 26 to February 2, 1924"] == ({"from": "1924-01-26", "to": "1924-02-02"}, None)
    assert got["December 28\nto January 3"] == ({"from": "1923-12-28", "to": "1924-01-03"}, "low")


def test_past_date_rule_and_future_clause():
    got = _dated("the December 5 resolution. The conference that will open on December 20 is near. "
                 "It met on January 9.", JANUARY)
    assert got["December 5"] == ({"when": "1923-12-05"}, "low")
    assert got["December 20"] == ({"when": "1924-12-20"}, "low")
    assert got["January 9"] == ({"when": "1924-01-09"}, "medium")


def test_sentence_year_beats_the_work_date_a_recent_year_elsewhere_in_the_paragraph_does_not():
    ctx = dates.Context(1924, date(1924, 5, 24))
    got = _dated("Lastly, on December 1, 1923, 17 per cent were workers.\ne) Degree of organisation.\n"
                 "Taking the number as on May 1, plus the rest. In 1923, on May 7 we met.", ctx)
    assert got["May 1"] == ({"when": "1924-05-01"}, "medium")
    assert got["May 7"] == ({"when": "1923-05-07"}, "medium")


def test_an_old_year_in_the_paragraph_dates_the_days_after_it():
    got = _dated("opposed to an uprising in October 1917. The usual story is that on\nOctober 10, it met.",
                 NOVEMBER)
    assert got["October 10"] == ({"when": "1917-10-10"}, "medium")


def test_endnote_without_a_year_leaves_the_day_undated():
    got = _dated("at the sitting on October 26 spoke on the tasks; the plenum of October 25-27, 1924 "
                 "met; at the sitting on October 26 he spoke", dates.Context(None), tag="note")
    assert list(got) == ["October 25-27, 1924", "October 26"]
    assert got["October 26"] == ({"when": "1924-10-26"}, "medium")


def test_a_quotation_is_not_dated_by_the_work():
    assert _dated("between January 9 and the October strike", JANUARY, tag="quote")["January 9"][1] == "low"


def test_section_anchor_dates_later_paragraphs_of_the_section(sources):
    sec = Container("div", {"type": "section"}, [
        Block("p", "at the meeting on October 16 (29), 1917 we decided."),
        Block("p", "the resolution of October 10 and the one of December 5."),
    ])
    work = Container("div", {"type": "work"}, [Block("dateline", "November 19, 1924"), sec])
    other = Container("div", {"type": "section"}, [Block("p", "the resolution of October 10.")])
    work.children.append(other)
    doc = Document(body=[work])
    dates.annotate(next(s for s in sources if s.slug == "works-06"), doc)
    second, third = sec.children[1], other.children[0]
    got = {second.text[s.start:s.end]: (s.attrs["when"], s.cert) for s in second.spans}
    assert got == {"October 10": ("1917-10-10", "low"), "December 5": ("1917-12-05", "low")}
    assert [(s.attrs["when"], s.cert) for s in third.spans] == [("1924-10-10", "medium")]


def test_chronicle_clock_times_and_roman_dateline():
    lst = Container("list", {"type": "gloss"}, [
        Block("label", "January 21\n6.50 p. m."), Block("item", "Death of Lenin."),
        Block("label", "1.30 p. m.—\n2.45 p. m."), Block("item", "x"),
    ])
    lst.children[0].spans.append(Span(0, 10, "date", {"when": "1924-01-21"}))
    lst.children[2].spans.append(Span(0, 11, "date", {}))
    chron = Container("div", {"type": "chronicle"}, [Block("head", "1924"), lst])
    dl = Block("dateline", "15. VII. 24")
    dl.spans.append(Span(0, 11, "date", {}))
    doc = Document(body=[Container("div", {"type": "work"}, [dl])], back=[chron])
    dates._fix_structure_dates(doc, 1924)
    span = lst.children[2].spans[0]
    assert (span.attrs, span.end) == ({"from": "1924-01-21T13:30:00", "to": "1924-01-21T14:45:00"}, 22)
    assert (dl.spans[0].attrs, dl.spans[0].cert) == ({"when": "1924-07-15"}, "high")


# -- the real Works volume -------------------------------------------------------------

@pytest.fixture(scope="module")
def works06(sources):
    from edition.convert import build_document

    return build_document(next(s for s in sources if s.slug == "works-06"))


def _dates(doc: Document):
    from edition.annotate.spans import blocks_with_ancestors

    for b, anc in blocks_with_ancestors(doc):
        kinds = {a.attrs.get("type") for a in anc if a.tag == "div"}
        for s in b.spans:
            if s.tag == "date":
                yield b, s, kinds


def test_real_every_date_has_a_value(works06):
    empty = [b.text[s.start:s.end] for b, s, _ in _dates(works06)
             if not any(k in s.attrs for k in ("when", "from", "to", "notBefore", "notAfter"))]
    assert not empty


def test_real_high_only_where_the_year_is_printed(works06):
    for b, s, _ in _dates(works06):
        if s.cert == "high":
            printed = b.text[s.start:s.end]
            trail = dates.TRAIL.match(b.text, s.end)
            assert re.search(dates.Y, printed) or dates.ROMAN_DATE.match(printed) or trail, printed


def test_real_december_5_resolution_is_of_1923(works06):
    whens = [s.attrs["when"] for b, s, _ in _dates(works06) if b.text[s.start:s.end] == "December 5"]
    assert len(whens) >= 18 and set(whens) == {"1923-12-05"}


def test_real_chronicle_all_1924_and_1917_in_the_notes(works06):
    chron = [v for _, s, k in _dates(works06) if "chronicle" in k
             for v in (s.attrs.get("when"), s.attrs.get("from"), s.attrs.get("notBefore")) if v]
    assert len(chron) > 90 and {v[:4] for v in chron} <= {"1924", "1921"}  # "in 1921" in an entry
    notes = {b.text[s.start:s.end]: s.attrs for b, s, k in _dates(works06) if "notes" in k}
    # Old Style, printed with its New Style days: @from/@to are Gregorian (annotate/calendars.py)
    assert notes["April 14-22"] == {"from": "1917-04-27", "to": "1917-05-05", "calendar": "#works-06-julian"}
    # a guessed year in an endnote is one the note prints
    guessed = [(b.text, s.attrs) for b, s, k in _dates(works06) if "notes" in k and s.cert]
    assert guessed and all(v[:4] in text for text, a in guessed for k, v in a.items() if k != "calendar")


def test_real_evaluation_dates():
    from edition.annotate.evaluate import evaluate

    s = evaluate()["dates"]
    assert s.tp >= 20 and s.precision >= 0.95 and s.recall >= 0.9, s


# -- issue 15: the forms of the next texts ----------------------------------------------------

def test_abbreviated_capitals_and_hyphen_broken_months():
    got = _dated("signed Oct. 27, 1928; on Sept. 3 he left. IN 1924 THE PARTY; on Janu-\nary 17, 1925.",
                 NOVEMBER)
    assert got["Oct. 27, 1928"] == ({"when": "1928-10-27"}, None)
    assert got["Sept. 3"][0] == {"when": "1928-09-03"}  # the year printed before in its sentence
    assert got["1924"] == ({"when": "1924"}, None)
    assert got["Janu-\nary 17, 1925"] == ({"when": "1925-01-17"}, None)


def test_ranges_over_months_and_years_are_one_date():
    got = _dated("in January-November, 1924; from November 1923 to February 1939; 1930 - January 1934; "
                 "in SeptemberNovember 1917; December-March, 1925.", NOVEMBER)
    assert got["January-November, 1924"] == ({"from": "1924-01", "to": "1924-11"}, None)
    assert got["November 1923 to February 1939"] == ({"from": "1923-11", "to": "1939-02"}, None)
    assert got["1930 - January 1934"] == ({"from": "1930", "to": "1934-01"}, None)
    assert got["SeptemberNovember 1917"] == ({"from": "1917-09", "to": "1917-11"}, None)
    assert got["December-March, 1925"] == ({"from": "1924-12", "to": "1925-03"}, None)


def test_years_in_brackets_and_open_periods_but_not_in_titles():
    got = _dated("the pamphlet Our Revolution (1906); they existed from 1920 onwards (1920-21); "
                 "his book The Year 1905, written in 1922; No. 1924 of the paper.", NOVEMBER)
    assert got["1906"] == ({"when": "1906"}, None)
    assert got["1920"] == ({"from": "1920"}, None)
    assert got["1920-21"] == ({"from": "1920", "to": "1921"}, None)
    assert got["1922"] == ({"when": "1922"}, None)
    assert "1905" not in got and "1924" not in got


def test_a_day_takes_the_year_its_sentence_names_after_it():
    got = _dated("“It was precisely during the interval between January 9 and the October strike of 1905 "
                 "that the views crystallized.”", NOVEMBER)
    assert got["January 9"] == ({"when": "1905-01-09"}, "medium")
    other = _dated("On May 9 we met. The strike of 1905 was another matter.", NOVEMBER)
    assert other["May 9"][0] == {"when": "1924-05-09"}  # a year in the next sentence does not bind it


def test_periods_between_two_years_are_one_date():
    got = _dated("from 1903 to 1905 the Party attacked; between 1907 and 1912 it retreated; "
                 "it grew to 1917 and after 1918.", NOVEMBER)
    assert got["1903 to 1905"] == ({"from": "1903", "to": "1905"}, None)
    assert got["1907 and 1912"] == ({"from": "1907", "to": "1912"}, None)
    assert got["1917"] == ({"when": "1917"}, None) and got["1918"] == ({"when": "1918"}, None)


def test_a_cited_books_year_dates_no_day_whatever_its_place():
    """The year after a reference's place of publication (any place: no list of cities) dates
    the book, not the days around it."""
    ctx = dates.Context(1924, date(1924, 5, 24))
    for place in ("Moscow", "Tbilisi", "Buenos"):
        got = _dated(f"(See Works, Vol. IV, {place} 1952.) On May 7 the plenum met.", ctx)
        assert got["May 7"] == ({"when": "1924-05-07"}, "medium"), place
    # a year that is no citation's still dates the days after it
    got = _dated("In 1923, on May 7 we met.", ctx)
    assert got["May 7"] == ({"when": "1923-05-07"}, "medium")
