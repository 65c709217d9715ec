"""Total-fit line breaking (publish/linebreak.py): the breaks it chooses, and WeasyPrint printing
them as chosen, on small documents set with print.css."""

from __future__ import annotations

from typing import Any

import pytest

from edition.publish import linebreak
from edition.publish.pdf import CSS as PRINT_CSS
from edition.publish.pdf import XSLT_DIR, local_fetcher

TEXT = ("The dictatorship of the proletariat is a power which rests on an alliance between the "
        "proletariat and the labouring masses of the peasantry for the complete overthrow of "
        "capital and for the final establishment and consolidation of socialism, based on the "
        "fact that the leaders of this alliance are the proletarians.")


def page(body: str) -> str:
    return (f'<html lang="en"><head><link rel="stylesheet" href="{PRINT_CSS.as_uri()}"></head>'
            f"<body>{body}</body></html>")


def setter(body: str) -> linebreak.LineSetter:
    return linebreak.LineSetter(page(body), str(XSLT_DIR) + "/", local_fetcher())


def block_lines(document: Any, block_id: str) -> list[Any]:
    from weasyprint.formatting_structure import boxes

    return [line for page in document.pages for b in page._page_box.descendants()
            if isinstance(b, boxes.BlockBox) and b.element is not None and b.element.get("id") == block_id
            for line in b.children if isinstance(line, boxes.LineBox)]


def flow_boxes(box: Any):
    """A line's boxes in the flow (not its floats)."""
    if box.is_floated() or box.is_footnote():
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from flow_boxes(child)


def flow_text(box: Any) -> str:
    """A line's text in the flow (not its floats)."""
    if box.is_floated() or box.is_footnote():
        return ""
    return getattr(box, "text", "") + "".join(flow_text(c) for c in getattr(box, "children", ()))


FLOATS = {"footnote", "pb"}


def chosen_lines(html: Any, block_id: str) -> list[str]:
    """The text of each line linebreak.py chose for the block, without its floats."""
    [block] = [e for e in html.etree_element.iter() if e.get("id") == block_id]
    return [flow_source(line) for line in block if line.get("class") == linebreak.LINE_CLASS]


def flow_source(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if not FLOATS & set((child.get("class") or "").split()):
            parts.append(flow_source(child))
        parts.append(child.tail or "")
    return "".join(parts)


def words(*widths: float) -> list[linebreak.Word]:
    return [linebreak.Word(width=w, text="x", space_at=(0, 0), space=4.0) for w in widths]


def demerits(lines: list[tuple[float, int]], last_fits: bool) -> tuple[float, float]:
    """A paragraph's demerits (no hyphens) and its loosest line's badness."""
    badness = [linebreak._badness(slack, gaps, 0.0) for slack, gaps in lines]
    if last_fits:
        badness[-1] = 0.0
    return sum((linebreak.LINE_PENALTY + b) ** 2 for b in badness), max(badness)


@pytest.mark.parametrize("seed", range(8))
def test_the_chosen_breaks_have_the_least_demerits_of_all(seed):
    """Against every way of breaking a short paragraph (no hyphens): the fewest demerits among
    the sets of lines none of them looser than TeX's tolerance, or among all when none is."""
    import itertools
    import random

    rng = random.Random(seed)
    paragraph = words(*(rng.uniform(8, 45) for _ in range(12)))
    measure = 100.0
    chosen = linebreak.best_breaks(paragraph, measure, measure)
    assert chosen is not None
    found = {}
    for cut in itertools.product((False, True), repeat=len(paragraph) - 1):
        ends = [linebreak.Break(k) for k, c in enumerate(cut) if c] + [linebreak.Break(len(paragraph) - 1)]
        lines = linebreak.line_slack(paragraph, ends, measure, measure)
        if all(slack >= 0 for slack, _ in lines):
            found[tuple(ends)] = demerits(lines, last_fits=True)
    tolerable = {k: d for k, (d, worst) in found.items() if worst <= linebreak.TOLERANCE}
    best = min((tolerable or {k: d for k, (d, _) in found.items()}).values())
    assert found[tuple(chosen)][0] == pytest.approx(best)


def test_a_word_wider_than_the_measure_is_left_to_weasyprint():
    assert linebreak.best_breaks(words(40, 130, 10), measure=120, first_measure=120) is None


@pytest.mark.parametrize("at", range(3, 60, 4))
def test_weasyprint_prints_the_chosen_lines_evenly_spaced_beside_a_margin_number(at):
    """A margin number (a float in the outer margin) anywhere in the paragraph: WeasyPrint keeps
    the chosen lines and sets every line one line-height below the one before (a chosen line
    taken for one too wide to stand beside the float was pushed below it: a gap, a false widow)."""
    text = TEXT.split(" ") * 2
    text[at] += '<span class="pb-bar"></span><span class="pb" id="page-x" data-n="9">[p. 9]</span>'
    body = f'<p class="p" id="para">{" ".join(text)}</p>'
    html = setter(body).document()
    document = html.render()
    lines = block_lines(document, "para")
    assert [" ".join(flow_text(line).replace(linebreak.BREAK_AFTER, "").split()) for line in lines] == [
        " ".join(t.split()) for t in chosen_lines(html, "para")]
    pitches = {round(b.position_y - a.position_y, 2) for a, b in zip(lines, lines[1:], strict=False)}
    assert len(pitches) == 1, pitches
    # every line but the last ends at the right edge in a glyph, not in the page-break bar
    [block] = [b for b in document.pages[0]._page_box.descendants() if b.element is not None
               and b.element.get("id") == "para" and type(b).__name__ == "BlockBox"]
    for line in lines[:-1]:
        ink = max(t.position_x + t.width for t in flow_boxes(line)
                  if type(t).__name__ == "TextBox" and t.text.strip(linebreak.BREAK_AFTER + " "))
        assert ink == pytest.approx(block.content_box_x() + block.width, abs=0.05)


def test_a_footnote_in_a_chosen_line_is_set_as_a_paragraph_of_its_own():
    """The note does not inherit its line's nowrap: it wraps within the page's measure."""
    note = ('<span class="fn-call-anchor" id="fncall-n1"></span><span class="footnote fn-foot" '
            f'id="fn-n1" data-n="*">{TEXT}</span>')
    body = f'<p class="p" id="para">{TEXT.replace("alliance", "alliance" + note, 1)} {TEXT}</p>'
    from weasyprint.formatting_structure import boxes

    document = setter(body).document().render()
    [note_box] = [b for page in document.pages for area in page._page_box.children
                  if isinstance(area, boxes.FootnoteAreaBox) for b in area.descendants()
                  if isinstance(b, boxes.BlockBox) and b.element is not None
                  and b.element.get("id") == "fn-n1"]
    note_lines = [b for b in note_box.descendants() if isinstance(b, boxes.LineBox)]
    assert len(note_lines) > 1
    assert all(line.width <= note_box.width + 0.01 for line in note_lines)


def test_only_blocks_whose_style_changes_are_set_again(monkeypatch):
    lines = setter(f'<p class="p" id="a">{TEXT}</p><p class="p" id="b">{TEXT}</p>')
    first = lines.document()
    set_again: list[str] = []
    real = linebreak._set_block

    def spy(block: Any, *args: Any) -> bool:
        set_again.append(block.get("id"))
        return real(block, *args)

    monkeypatch.setattr(linebreak, "_set_block", spy)
    assert lines.document().etree_element is first.etree_element
    assert set_again == []
    no_hyphens = lines.document("#b, #b * { hyphens: manual !important }")
    assert set_again == ["b"]
    assert not any(t.endswith("\u2010") for t in chosen_lines(no_hyphens, "b"))


def test_no_chosen_line_starts_where_unicode_allows_no_break():
    """Before ". . ." (or ")", "!", ";") a space is no break opportunity (UAX 14): a line chosen
    to end there would be printed joined to the next one and run off the page."""
    text = " ".join(f"the conditions indicated{' above' * (k % 4)} . . . and (if {k} we have)"
                    for k in range(12))
    html = setter(f'<p class="p" id="para">{text}</p>').document()
    chosen = chosen_lines(html, "para")
    assert not [line for line in chosen[1:] if line.lstrip(linebreak.BREAK_AFTER + " ")[:1] in ".)"]
    printed = [" ".join(flow_text(line).replace(linebreak.BREAK_AFTER, "").split())
               for line in block_lines(html.render(), "para")]
    assert printed == [" ".join(line.split()) for line in chosen]


def test_a_line_of_one_short_word_is_chosen_only_when_nothing_else_fits():
    """One word alone on a line that it does not fill ("The", then the paragraph) is as bad as
    a line can be: a loose line of four words is better."""
    chosen = linebreak.best_breaks(words(20, 25, 15, 15, 15, 35), measure=100, first_measure=100)
    assert chosen is not None and [b.word for b in chosen] == [3, 5]


def test_generated_text_is_measured_with_its_element():
    """A call whose note is missing prints "[no note]" after it (print.css ::after): the line
    holding it is no wider than the page."""
    call = '<a class="note-call missing" href="#x">80</a>'
    text = " ".join(f"word{k}{call if k % 9 == 8 else ''}" for k in range(120))
    html = setter(f'<p class="p" id="para">{text}</p>').document()
    lines = block_lines(html.render(), "para")
    [block] = [b for b in html.render().pages[0]._page_box.descendants() if b.element is not None
               and b.element.get("id") == "para" and type(b).__name__ == "BlockBox"]
    assert len(lines) == len(chosen_lines(html, "para"))
    assert all(line.width <= block.width + 0.01 for line in lines)
