"""The page layout learned from a volume (convert/layout.py) on small made-up volumes."""

from __future__ import annotations

from lxml import etree

from edition.convert.layout import LayoutLimits, folio_of, learn_layout, roman_value
from edition.convert.lines import RawLine
from edition.convert.printed import at_page_rhythm, blank_run_starts
from edition.recover import recover_text

LIMITS = LayoutLimits(head_max=70, max_gap=3, min_page=12, min_folios=4, tolerance_pct=35,
                      min_repeats=2, glued_min_repeats=3, glued_min_pct=30)


def volume(pages: int, folio: str, head: str = "", stamp: str = "", labels: list[str] | None = None,
           body: int = 16) -> tuple[list[RawLine], dict[int, str], set[int]]:
    """A volume of ``pages`` pages of running text; (lines, page start → number, furniture)."""
    out: list[str] = []
    starts: dict[int, str] = {}
    furniture: set[int] = set()
    for p in range(1, pages + 1):
        label = labels[p - 1] if labels else str(p)
        if out:
            out.append("")
        first = len(out) + 1
        if folio == "top" or (head and p > 1):
            if folio == "top":
                furniture.add(len(out) + 1)
                out += [label, ""]
            if head and p > 1:
                furniture.add(len(out) + 1)
                out += [head, ""]
        starts[first] = label
        out += [f"and the text of page {p} runs on in line {k} of it, as a page does" for k in range(body)]
        if folio == "foot":
            out.append("")
            furniture.add(len(out) + 1)
            out.append(label)
        if stamp:
            furniture.add(len(out) + 1)
            out.append(stamp)
    return [RawLine(i + 1, t) for i, t in enumerate(out)], starts, furniture


def test_folios_at_the_foot_with_a_stamp_under_them_and_heads_at_the_top():
    lines, starts, furniture = volume(8, "foot", head="A VOLUME OF WORKS", stamp="Scanned copy")
    layout = learn_layout(lines, LIMITS)
    assert layout.labels == starts
    assert set(layout.furniture) == furniture
    assert abs(layout.page_length - 20) <= 2


def test_folios_at_the_top_roman_then_arabic_with_misread_digits():
    labels = ["I", "II", "III", "1", "2", "3", "4", "5", "6", "7"]
    printed = [lab.replace("1", "l") if k == 5 else lab for k, lab in enumerate(labels)]
    lines, starts, furniture = volume(len(labels), "top", head="CONTENTS", labels=printed)
    layout = learn_layout(lines, LIMITS)
    assert [layout.labels[s] for s in sorted(layout.labels)] == labels
    assert set(layout.starts) == set(starts)
    assert set(layout.furniture) == furniture


def test_a_stamp_printed_right_under_the_text_is_furniture_of_the_page_it_ends():
    lines, starts, furniture = volume(8, "top", stamp="Digitised by the Library")
    stamps = {n for n in furniture if lines[n - 1].text.startswith("Digitised")}
    assert all(lines[n - 2].text.startswith("and the text") for n in stamps)  # no blank line above
    layout = learn_layout(lines, LIMITS)
    assert set(layout.furniture) == furniture
    assert all(layout.furniture[n] == "sig" for n in stamps)
    assert layout.labels == starts


def test_a_recurring_line_the_text_runs_across_or_that_ends_few_pages_stays_text():
    lines, starts, furniture = volume(10, "top")
    texts = [ln.text for ln in lines]
    for page_start in sorted(starts)[:6]:  # a refrain inside the text, lines on both sides
        texts[page_start + 5] = "Long live the revolution!"
    for page_start in sorted(starts)[1:3]:  # glued under the text of two pages only: too few
        texts[page_start - 3] = "Long live the revolution!"
    for page_start in sorted(starts)[3:5]:
        texts[page_start - 3] = "Printed in the Union"
    lines = [RawLine(i + 1, t) for i, t in enumerate(texts)]
    layout = learn_layout(lines, LIMITS)
    assert set(layout.furniture) == furniture
    assert layout.labels == starts


def test_numbers_without_a_page_rhythm_are_no_folios():
    items = [f"{k}" if k % 2 else "an item of the list" for k in range(1, 12)]
    text = ["Some text before a list.", ""] + items
    lines = [RawLine(i + 1, t) for i, t in enumerate(text)]
    assert not learn_layout(lines, LIMITS).found


def test_folio_forms():
    assert folio_of(RawLine(1, "VIII    CONTENTS"), 70).label == "VIII"
    assert folio_of(RawLine(1, "J. V. STALIN    l2"), 70).value == 12
    assert folio_of(RawLine(1, "1. REPORT ON THE TASKS"), 70) is None  # a numbered head
    assert folio_of(RawLine(1, "2) Has the policy"), 70) is None
    assert roman_value("IIII") is None and roman_value("XIV") == 14


def test_footnotes_are_recovered_above_the_page_foot_furniture():
    tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>A call<note place="foot" n="*">'
           'The note.</note> ends the page.</p><fw type="pageNum">7</fw><fw type="sig">Stamp</fw>'
           '<pb n="8"/><p>Next page.</p></body></text></TEI>')
    text = recover_text(etree.fromstring(tei)).split()
    assert text.index("note.") < text.index("7") < text.index("Stamp") < text.index("Next")


def test_blank_line_runs_turn_pages_only_at_the_text_s_rhythm():
    text: list[str] = []
    turns: list[int] = []
    for page in range(10):
        if page:
            text += ["", "", ""]
            turns.append(len(text) + 1)
        for k in range(30):
            if page % 3 == 1 and k == 9 + page:  # a run of blank lines inside the page
                text += ["", ""]
            text.append(f"line {k} of page {page}, running text")
    lines = [RawLine(i + 1, t) for i, t in enumerate(text)]
    runs = blank_run_starts(lines)
    assert set(turns) < set(runs)
    assert at_page_rhythm(runs, 1, len(lines) + 1, 12, 35) == turns
