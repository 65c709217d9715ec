"""Editorial marks that depend on the page a thing lands on, settled on the laid-out pages.

CSS cannot say either of them to WeasyPrint 70, whose counters are fixed when the boxes are
built (before pagination, so ``counter-reset: footnote`` in ``@page`` has no effect) and whose
floats cannot change side with the page:

- footnote marks restart on every page (``*``, ``†``, ``‡`` …): each page's notes are marked in
  the order they stand in its footnote area, and each call takes its note's mark;
- the source's page number (``[p. N]``, a float in the right margin, print.css ``.pb``) stands
  in the OUTER margin: on a verso it is moved into the left margin, set flush against the text
  at the distance it keeps from the text on a recto.

- a footnote call links to its note and the note's mark back to its call (WeasyPrint makes no
  link of a ``::footnote-call``), with an area the height of the mark's line.

All three change boxes after layout and before the PDF is written; no line moves (a call whose
mark is narrower or wider than the layout's guess shifts the rest of its line by the difference,
a fraction of a point). They read WeasyPrint's box tree, which is not public API: the version is
pinned in pyproject.toml, and tests/test_pdf.py checks marks, sides and links on the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# The marks of print.css (@counter-style fn-symbols): the first pass's per-work marks are the
# same symbols, so the call's width barely changes.
FOOTNOTE_MARKS = ("*", "†", "‡", "§", "‖", "¶")
CALL_SUFFIX = "::footnote-call"
MARKER_SUFFIX = "::footnote-marker"


def page_mark(index: int) -> str:
    """The mark of a page's ``index``-th footnote (0-based): ``*``…``¶``, then ``**``…"""
    return FOOTNOTE_MARKS[index % len(FOOTNOTE_MARKS)] * (index // len(FOOTNOTE_MARKS) + 1)


def settle_page_marks(document: Any) -> None:
    """Footnote marks per page and source page numbers in the outer margin, on every page of a
    rendered WeasyPrint document."""
    page_boxes = [page._page_box for page in document.pages]
    # Each note marked on the page where it prints, then every call like its note: a note that
    # did not fit is printed on the next page, its call stays behind.
    marks: dict[str, str] = {}
    for page_box in page_boxes:
        marks.update(restart_footnote_marks(page_box))
    for page, page_box in zip(document.pages, page_boxes, strict=True):
        mark_calls(page_box, marks)
        link_notes(page, page_box)
        place_margin_numbers(page_box)


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _class_of(box: Any) -> list[str]:
    element = box.element
    return (element.get("class") or "").split() if element is not None else []


# ---- footnote marks -----------------------------------------------------------------------------

def restart_footnote_marks(page_box: Any) -> dict[str, str]:
    """Mark this page's footnotes ``*``, ``†``… in the order of its footnote area; return the
    marks by note (_note_key)."""
    marks: dict[str, str] = {}
    for index, (line, marker) in enumerate(_calls(page_box, MARKER_SUFFIX)):
        marks[_note_key(marker)] = page_mark(index)
        delta = _set_mark(marker, marks[_note_key(marker)])
        if delta:  # the note's first line follows its mark
            _shift_after(line, marker, delta)
    return marks


def _note_key(box: Any) -> str:
    """The note a call or marker belongs to: its element's id (print-text.xsl gives every
    footnote one), else the element object's identity."""
    return box.element.get("id") or f"#{id(box.element)}"


def mark_calls(page_box: Any, marks: dict[str, str]) -> None:
    """Give each footnote call on the page its note's mark."""
    for line, call in _calls(page_box):
        mark = marks.get(_note_key(call))
        if mark is not None:
            delta = _set_mark(call, mark)
            if delta:
                _shift_after(line, call, delta)


def _calls(page_box: Any, suffix: str = CALL_SUFFIX) -> Iterator[tuple[Any, Any]]:
    """(line box, call box) of every footnote call on the page (or marker, by ``suffix``)."""
    from weasyprint.formatting_structure import boxes

    def lines(box: Any) -> Iterator[Any]:  # the outermost line boxes, in order
        if isinstance(box, boxes.LineBox):
            yield box
            return
        for child in getattr(box, "children", None) or ():
            yield from lines(child)

    for line in lines(page_box):
        for inner in _walk(line):
            if isinstance(inner, boxes.InlineBox) and (inner.element_tag or "").endswith(suffix):
                yield line, inner


def link_notes(page: Any, page_box: Any) -> None:
    """A footnote call links to its note and the note's mark back to the call (print-text.xsl:
    the note is ``fn-ID``, an anchor before the call ``fncall-ID``). The link's area is the mark
    across its line's height: the call itself is raised with no height of its own."""
    for suffix, target_prefix in ((CALL_SUFFIX, "fn-"), (MARKER_SUFFIX, "fncall-")):
        for line, box in _calls(page_box, suffix):
            note_id = box.element.get("id") or ""
            if not note_id.startswith("fn-"):
                continue
            target = target_prefix + note_id[len("fn-"):]
            left = box.position_x - 1  # a little wider than a one-symbol mark (px)
            rectangle = (left, line.position_y, left + max(box.width + 2, 8.0),
                         line.position_y + line.height)
            page.links.append(("internal", target, rectangle, box))
            # a Link in the tagged PDF's structure tree (the tag follows the box's element name:
            # "span::footnote-call" would be a Span holding the annotation)
            box.element_tag = "a" + box.element_tag[box.element_tag.index("::"):]


def _set_mark(box: Any, mark: str) -> float:
    """Put ``mark`` in place of the mark in ``box`` (a call or a marker: an inline box holding one
    text box, the marker's followed by its space); return how much wider the box became."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import split_first_line

    texts = [child for child in box.children if isinstance(child, boxes.TextBox)]
    if len(texts) != 1:
        return 0.0
    text_box = texts[0]
    old = text_box.text
    head = len(old) - len(old.lstrip("".join(FOOTNOTE_MARKS)))
    new = mark + old[head:]
    if new == old:
        return 0.0
    # the layout comes back deactivated, as layout leaves every text box's (drawing reactivates it)
    layout, _, _, width, _, _ = split_first_line(new, text_box.style, None, None, 0)
    delta = width - text_box.width
    text_box.text = new
    text_box.pango_layout = layout
    text_box.width = width
    box.width += delta
    return delta


def _shift_after(container: Any, call: Any, delta: float) -> None:
    """Move what follows ``call`` in its line by ``delta`` (the line ends that much earlier or
    later: a fraction of a point for one symbol against another)."""
    right = call.position_x
    for child in getattr(container, "children", None) or ():
        if child is call:
            continue
        if any(inner is call for inner in _walk(child)):
            child.width += delta
            _shift_after(child, call, delta)
        elif child.position_x > right:
            child.translate(dx=delta)


# ---- source page numbers in the outer margin ----------------------------------------------------

# print.css .pb: a 0.7 in box with margin-right -0.82 in starts 0.12 in right of its block (in CSS
# px, 96 an inch); the distance from the text block on both sides of the spread.
MARGIN_GAP = 0.12 * 96


def place_margin_numbers(page_box: Any) -> None:
    """Set each ``[p. N]`` floated into the right margin at MARGIN_GAP from the text block: right
    of it on a recto, left of it (its text ending there) on a verso. Measured from the page's
    text block, not the float's own block: a number in an indented quotation stands in the
    margin too."""
    root = page_box.children[0] if page_box.children else None
    if root is None:
        return
    text_left = root.content_box_x()
    text_right = text_left + root.width
    verso = page_box.page_type.side == "left"
    for box in _walk(page_box):
        if "pb" in _class_of(box) and box.style["float"] == "right":
            x = text_left - MARGIN_GAP - _ink_width(box) if verso else text_right + MARGIN_GAP
            box.translate(dx=x - box.position_x)


def _ink_width(box: Any) -> float:
    """The width of the text in a margin number's box (its lines are left-aligned)."""
    from weasyprint.formatting_structure import boxes

    widths = [line.width for line in _walk(box) if isinstance(line, boxes.LineBox)]
    return max(widths, default=box.width)
