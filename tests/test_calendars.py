"""Dates printed in both calendars (Old Style with New Style, or the reverse) get Gregorian
values and @calendar; single-calendar dates and bracketed numbers that are not the other
calendar's day stay as they are."""

from __future__ import annotations

from datetime import date

from edition.annotate import dates
from edition.annotate.calendars import julian_offset, mark_calendar_pairs
from edition.model import Block, Document
from edition.tei.xml import NS

NOVEMBER = dates.Context(1924, date(1924, 11, 19))
J, G = "#t-julian", "#t-gregorian"


def _paired(text: str) -> dict[str, dict[str, str]]:
    block = Block("p", text)
    dates.annotate_block(block, NOVEMBER)
    mark_calendar_pairs(Document(body=[block]), "t")
    return {block.text[s.start:s.end]: s.attrs for s in block.spans if s.tag == "date"}


def test_offsets_of_the_julian_calendar():
    assert julian_offset(date(1917, 10, 23)) == 13
    assert julian_offset(date(1900, 2, 27)) == 12 and julian_offset(date(1900, 3, 14)) == 13
    assert julian_offset(date(1856, 4, 16)) == 12
    assert julian_offset(date(1918, 2, 14)) == 0  # Russia's first Gregorian day


def test_old_style_first_gets_the_gregorian_day():
    got = _paired("the meeting of the Central Committee on October 10 (23), 1917. Present:")
    assert got["October 10"] == {"when": "1917-10-23", "calendar": J}


def test_both_members_printed_as_ranges():
    got = _paired("took place on April 14-22 (April 27-May 5), 1917, with 133 delegates")
    assert got["April 14-22"] == {"from": "1917-04-27", "to": "1917-05-05", "calendar": J}
    assert got["April 27-May 5"] == {"from": "1917-04-27", "to": "1917-05-05", "calendar": G}


def test_new_style_first_and_a_bracket_in_the_next_month():
    got = _paired("Committee of the R.S.D.L.P.(B.), June 24 (11), 1917, Concerning")
    assert got["June 24"] == {"when": "1917-06-24", "calendar": G}
    got = _paired("the rising began on October 25 (7), 1917, in Petrograd")  # Nov 7 printed as (7)
    assert got["October 25"] == {"when": "1917-11-07", "calendar": J}


def test_no_pair_without_the_exact_difference_or_after_1918():
    assert _paired("on October 10 (12), 1917, and") == {"October 10": {"when": "1917-10-10"}}
    assert _paired("on March 5 (18), 1923, and") == {"March 5": {"when": "1923-03-05"}}


def test_real_volume_pairs_and_header_calendars(works):
    _, root, doc = works
    paired = root.xpath("//tei:text//tei:date[@calendar]", namespaces=NS)
    assert len(paired) >= 6
    ids = {c.get("{http://www.w3.org/XML/1998/namespace}id")
           for c in root.iterfind(".//tei:profileDesc/tei:calendarDesc/tei:calendar", NS)}
    assert ids == {"works-06-julian", "works-06-gregorian"}
    assert all(d.get("calendar")[1:] in ids for d in paired)
    minutes = [d for d in paired if "".join(d.itertext()) == "October 10"]
    assert [(d.get("when"), d.get("calendar")) for d in minutes] == [("1917-10-23", "#works-06-julian")]
    # a date printed in one calendar only is left as printed
    single = [d for d in root.iter(f"{{{NS['tei']}}}date") if "".join(d.itertext()) == "October 25"]
    assert single and all(d.get("when") == "1917-10-25" and d.get("calendar") is None for d in single)


def test_a_date_the_text_marks_old_style_gets_its_gregorian_day():
    from edition.annotate import calendars

    b = Block("p", "the strike began on January 9, 1905 (Old Style), and on Oct. 25, 1917, O.S.")
    dates.annotate_block(b, dates.Context(1924))
    doc = Document(body=[b])
    calendars.mark_calendar_pairs(doc, "x")
    got = {b.text[s.start:s.end]: s.attrs for s in b.spans if s.tag == "date"}
    assert got["January 9, 1905"] == {"when": "1905-01-22", "calendar": "#x-julian"}
    assert got["Oct. 25, 1917"] == {"when": "1917-11-07", "calendar": "#x-julian"}
