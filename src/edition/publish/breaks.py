"""Line and page breaks checked on WeasyPrint's laid-out pages, and the local exceptions that fix them.

CSS sets the rules for the whole book (hyphenation, widows and orphans 2, notes at the page
foot); a few places break them where WeasyPrint's line breaker works line by line:

- a footnote printed on the page after its call: to keep a paragraph's two first or last lines
  together at a page foot, WeasyPrint moves the page's last footnote on to the next page, even
  one whose call stays on this page;
- a recto whose last line ends in a broken word (the reader turns the leaf mid-word);
- three or more hyphenated line ends in a row.

``faults`` finds them on the rendered document; ``exception_rules`` turns each into one CSS rule
on the block (by its id) where it happens, for the next render: the paragraph that pushed the
footnote away starts on the next page (a page a line short) when it starts on the call's page,
or else may leave one line alone (orphans and widows 1 for it alone); a paragraph with a broken
word at a recto's foot or a run of hyphens sets without automatic hyphenation. Exceptions only
ever name ids of the print HTML; the book is rendered again with them (pdf.py, a bounded number
of times).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .linebreak import BREAK_AFTER

BROKEN_WORD_ENDS = ("\u2010", "-", "\u00ad")
MAX_HYPHEN_RUN = 2

# The CSS rule of each kind of exception, for the block's id. Important: WeasyPrint gives
# stylesheets passed to render() the user origin, whose normal declarations lose to print.css's.
# Hyphenation is turned off for the block's descendants too (a chronicle's cells set their own).
NO_HYPHENS = "#{id}, #{id} * {{ hyphens: manual !important }}"
EXCEPTIONS = {
    "footnote displaced": "#{id} {{ break-before: page !important }}",
    "footnote displaced, block continued": "#{id} {{ orphans: 1 !important; widows: 1 !important }}",
    "recto ends in a broken word": NO_HYPHENS,
    "hyphen run": NO_HYPHENS,
}


@dataclass(frozen=True)
class Fault:
    kind: str  # a key of EXCEPTIONS
    page: int  # 1-based, of the rendered document
    block: str  # the id of the block (paragraph, quotation) the exception goes on
    detail: str = ""


@dataclass
class _Line:
    block: str | None
    text: str

    @property
    def ends_broken(self) -> bool:
        # a line chosen by publish/linebreak.py ends in its zero-width break opportunity
        text = self.text.rstrip().rstrip(BREAK_AFTER)
        return len(text) > 1 and text.endswith(BROKEN_WORD_ENDS) and text[-2].isalpha()


def faults(document: Any) -> list[Fault]:
    """The breaks of a rendered WeasyPrint document that an exception can fix."""
    pages = [list(_page_lines(page)) for page in document.pages]
    found = list(_displaced_footnotes(document, pages))
    found += _broken_rectos(pages)
    found += _hyphen_runs(pages)
    return found


def exception_rules(found: Iterable[Fault]) -> set[str]:
    """One CSS rule per fault, on its block's id (ids that need no escaping in CSS; the edition's
    block ids are of that kind)."""
    return {EXCEPTIONS[fault.kind].format(id=fault.block) for fault in found
            if _PLAIN_ID.fullmatch(fault.block)}


_PLAIN_ID = re.compile(r"[A-Za-z_][\w-]*")
_RULE = re.compile("|".join(re.escape(t.format(id="\0")).replace(re.escape("\0"), _PLAIN_ID.pattern)
                            for t in set(EXCEPTIONS.values())))


def is_exception_rule(rule: str) -> bool:
    """Whether ``rule`` is one exception_rules makes (a hints file is read back, not trusted)."""
    return _RULE.fullmatch(rule) is not None


def _displaced_footnotes(document: Any, pages: list[list[_Line]]) -> Iterator[Fault]:
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("fncall-"):
                calls[anchor[len("fncall-"):]] = number
            elif anchor.startswith("fn-"):
                bodies[anchor[len("fn-"):]] = number
    # A note set in the text as a block at its call (a footnote the source continues over pages)
    # is where its call is; its anchor may fall on the page where the block ends.
    in_flow = {line.block for lines in pages for line in lines}
    for note, page in calls.items():
        if bodies.get(note, page) != page and f"fn-{note}" not in in_flow:
            block = _last_block(pages[page - 1])
            if not block:
                continue
            continued = page > 1 and any(line.block == block for line in pages[page - 2])
            yield Fault("footnote displaced, block continued" if continued else "footnote displaced",
                        page, block, note)


def _broken_rectos(pages: list[list[_Line]]) -> Iterator[Fault]:
    for number, lines in enumerate(pages, start=1):
        if number % 2 == 1 and lines and lines[-1].ends_broken and lines[-1].block:
            yield Fault("recto ends in a broken word", number, lines[-1].block, lines[-1].text[-30:])


def _hyphen_runs(pages: list[list[_Line]]) -> Iterator[Fault]:
    run = 0
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            run = run + 1 if line.ends_broken else 0
            if run == MAX_HYPHEN_RUN + 1 and line.block:
                yield Fault("hyphen run", number, line.block, line.text[-30:])


def _last_block(lines: list[_Line]) -> str | None:
    return next((line.block for line in reversed(lines) if line.block), None)


def _page_lines(page: Any) -> Iterator[_Line]:
    """The page's lines of text in the flow, top to bottom, each with the id of its block (not the
    running heads, the footnote area or margin notes)."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any, block: str | None) -> Iterator[_Line]:
        if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)) or box.is_floated():
            return
        if isinstance(box, boxes.BlockBox) and box.element is not None and box.element.get("id"):
            block = box.element.get("id")
        if isinstance(box, boxes.LineBox):
            yield _Line(block, "".join(_line_text(box)))
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, block)

    yield from walk(page._page_box, None)


def _line_text(box: Any) -> Iterator[str]:
    """The text a line prints in the flow (not its floats: margin numbers, notes)."""
    if box.is_floated() or box.is_footnote():
        return
    text = getattr(box, "text", None)
    if text is not None:
        yield text
    for child in getattr(box, "children", ()):
        yield from _line_text(child)
