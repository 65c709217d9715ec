"""Line and page breaks: the print HTML's word spaces, and the local exceptions found on laid-out
pages (publish/breaks.py), checked on real WeasyPrint renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from weasyprint import CSS, HTML

from edition.publish import breaks
from edition.publish.pdf import (
    CSS as PRINT_CSS,
)
from edition.publish.pdf import (
    XSLT_DIR,
    Transform,
    _read_exceptions,
    _write_exceptions,
    local_fetcher,
    spaces_into_inline_starts,
)

ROOT = Path(__file__).resolve().parents[1]
WORKS = ROOT / "tei" / "works-06.xml"
REGISTER = ROOT / "tei" / "register.xml"


def render(body: str, css: str = "", rules: set[str] = frozenset()):
    html = f'<html lang="en"><head><style>{css}</style></head><body>{body}</body></html>'
    return HTML(string=html, base_url=str(XSLT_DIR) + "/", url_fetcher=local_fetcher()).render(
        stylesheets=[CSS(string="\n".join(sorted(rules)))])


def line_boxes(document, block_id: str) -> list:
    """The lines of one block (not those of its floats)."""
    from weasyprint.formatting_structure import boxes

    return [line for page in document.pages for b in page._page_box.descendants()
            if isinstance(b, boxes.BlockBox) and b.element is not None and b.element.get("id") == block_id
            for line in b.children if isinstance(line, boxes.LineBox)]


# ---- word spaces before inline elements ------------------------------------------------------------

def test_a_space_before_an_inline_element_moves_inside_it():
    html = ('be <span class="ed-soCalled">“x”</span> of <cite class="ed-title">T</cite>'
            ' y <span class="footnote fn-foot">n</span> z <span class="pb inferred">[p. 3]</span>'
            ' w <a class="note-call">1</a> v <span class="ed-sic">s</span> u <span class="pb-bar"></span>')
    assert spaces_into_inline_starts(html) == (
        'be<span class="ed-soCalled"> “x”</span> of<cite class="ed-title"> T</cite>'
        ' y <span class="footnote fn-foot">n</span> z <span class="pb inferred">[p. 3]</span>'
        ' w <a class="note-call">1</a> v <span class="ed-sic">s</span> u <span class="pb-bar"></span>')


@pytest.fixture(scope="module")
def works_html() -> str:
    return Transform(WORKS, REGISTER, "2024-01-01").html("main")


def test_a_run_fitting_only_without_its_space_does_not_break_at_its_first_word(works_html):
    """The paragraph that printed "Because Lenin pro‐" alone on a line (a 115 pt word gap): its
    text run before “exhausted” fits the line only without its trailing space. Every line but
    its last holds most of a full line's 75 characters (justified, every line is as wide)."""
    from lxml import html as lhtml

    root = lhtml.fromstring(works_html)
    [para] = root.xpath("//*[@id='works-06-p273']")
    body = f'<div style="width: 4.4in">{lhtml.tostring(para, encoding="unicode")}</div>'
    lines = line_boxes(render(body, f'@import url("{PRINT_CSS.as_uri()}");'), "works-06-p273")
    assert len(lines) > 5
    for line in lines[:-1]:
        text = "".join(t.text for t in line.descendants() if hasattr(t, "text"))
        assert len(text) > 55, text


# ---- faults found on the laid-out pages and their exceptions -------------------------------------

NARROW = """@page { size: 2.4in 3in; margin: 0.3in }
html { font: 10pt/1.3 "EB Garamond", serif; text-align: justify; hyphens: auto; }
p { margin: 0; text-indent: 1em; }"""
WORDS = ["incomprehensibility", "institutionalisation", "counterrevolutionaries", "internationalisation",
         "characteristically", "misrepresentation", "disproportionately", "administration",
         "revolutionary", "proletariat", "organisation", "bourgeoisie", "parliamentarism",
         "opportunism", "imperialism"]
LONG_WORDS = " ".join(WORDS[(i * 7) % len(WORDS)] for i in range(150))  # 7 narrow pages


def test_hyphen_runs_and_broken_rectos_are_found_and_fixed_by_their_exceptions():
    body = f'<p id="dense">{LONG_WORDS}</p>'
    document = render(body, NARROW)
    found = breaks.faults(document)
    kinds = {f.kind for f in found}
    assert kinds == {"hyphen run", "recto ends in a broken word"}
    assert {f.block for f in found} == {"dense"}
    rules = breaks.exception_rules(found)
    assert rules == {"#dense, #dense * { hyphens: manual !important }"}
    assert all(breaks.is_exception_rule(r) for r in rules)
    fixed = breaks.faults(render(body, NARROW, rules))
    assert not [f for f in fixed if f.kind in ("hyphen run", "recto ends in a broken word")]


def pages_of(document) -> dict[str, int]:
    return {a: n for n, page in enumerate(document.pages, 1) for a in page.anchors}


def test_a_footnote_moved_off_its_calls_page_is_found_and_kept_there_by_its_exception():
    """WeasyPrint's trap: a paragraph at a page foot whose second line does not fit (orphans 2)
    has the page's footnote moved on to the next page, away from its call, to make room. Some
    page filling in this range springs it; the exception (a page break before that paragraph)
    keeps every note with its call."""
    css = NARROW + " .fn { float: footnote; footnote-policy: line } html { widows: 2; orphans: 2 }"
    sprung = 0
    for filler_lines in range(1, 16):
        filler = "".join(f'<p id="f{i}">Line {i}.</p>' for i in range(filler_lines))
        body = ('<p id="first">Words<span id="fncall-n1"></span><span class="fn" id="fn-n1">The note, '
                "long enough to take two lines.</span> after.</p>" + filler + '<p id="last">'
                + "Lines of a paragraph that may not be split after its first line. " * 4 + "</p>")
        document = render(body, css)
        found = breaks.faults(document)
        if pages_of(document)["fn-n1"] == pages_of(document)["fncall-n1"]:
            assert found == []
            continue
        sprung += 1
        assert [(f.kind, f.block) for f in found] == [("footnote displaced", "last")]
        fixed = render(body, css, breaks.exception_rules(found))
        assert pages_of(fixed)["fn-n1"] == pages_of(fixed)["fncall-n1"]
        assert breaks.faults(fixed) == []
    assert sprung


def test_exception_hints_keep_only_rules_of_their_own_form_for_the_same_text(tmp_path):
    path = tmp_path / ".book.breaks.json"
    good = "#works-06-p1, #works-06-p1 * { hyphens: manual !important }"
    junk = [good, "body { display: none }", "#x { color: red }", 3]
    path.write_text(json.dumps({"key": "k1", "rules": junk}))
    assert _read_exceptions(path, "k1") == {good}
    assert _read_exceptions(path, "k2") == set()  # another text, or the same edited
    _write_exceptions(path, "k1", {good})
    assert _read_exceptions(path, "k1") == {good}
    for text in ("not json", json.dumps([good]), json.dumps({"key": "k1", "rules": "x"})):
        path.write_text(text)
        assert _read_exceptions(path, "k1") == set()
