"""Recover the source text from a TEI file: the proof that nothing was lost.

Rules: the source reading of a ``choice`` (``sic``/``orig``) is taken, editorial additions
(``corr``, ``reg``, ``supplied``, notes of ``@type='editorial'``, ``desc``) are skipped,
page furniture (``fw``) is kept, ``lb``/``pb`` start new lines, and a footnote
(``note[@place='foot']``) gives its ``@n`` at the call and its text at the foot of its
page, that is before the next ``pb``; a footnote continued on later pages gives each
part (up to a ``milestone[@unit='page']`` in it) before the next ``pb`` in turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .tei.xml import TEI_NS, local

PAGE_TURN = "\x00"  # where a continued footnote's text goes on at the next page's foot
SKIP = {"corr", "reg", "supplied", "teiHeader", "expan"}
# Where an element marked by ``recover_text(mark=...)`` starts, the recovered text holds its
# number between two private-use characters, so that ``source_lines`` can map it to the raw file.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK_RE = re.compile("\ue000(\\d+)\ue001")


# quote and bibl are blocks on their own but phrases inside a paragraph (issue 4 annotations):
# inside a block they must not break the line, or "all”?" would become two tokens.
INLINE_TOO = {"quote", "bibl"}
BLOCKS = {"p", "head", "item", "note", "dateline", "byline", "signed", "trailer", "label", "l", "ab",
          "quote", "said"}


def _in_block(el: etree._Element) -> bool:
    return any(local(a) in BLOCKS for a in el.iterancestors() if isinstance(a.tag, str))


def recover_text(root: etree._Element,
                 mark: Callable[[etree._Element], bool] | None = None) -> str:
    """The source text of ``root``; with ``mark``, a ``MARK`` where each element it accepts begins
    (at its call for a footnote, at the new page's first line for a ``pb``), in document order."""
    text_el = root.find(f"{{{TEI_NS}}}text")
    if text_el is None:
        return ""
    out: list[str] = []
    marks = 0

    def next_mark() -> str:
        nonlocal marks
        marks += 1
        return f"{MARK_OPEN}{marks - 1}{MARK_CLOSE}"

    feet: list[etree._Element] = []
    later: list[list[str]] = []  # the next pages' parts of continued footnotes
    page_foot = _page_foot_furniture(text_el)

    def flush_feet() -> None:
        # a footnote going on from the page before is printed first at the foot, then the
        # page's own footnotes (as the converter reads them: notes.join_continuations)
        for part in later.pop(0) if later else []:
            out.extend(["\n", part, "\n"])
        while feet:
            note = feet.pop(0)
            out.append("\n")
            if note.get("n"):
                out.append(note.get("n", "") + " ")
            first, *rest = _note_parts(note)
            out.append(first)
            out.append("\n")
            for i, part in enumerate(rest):
                if len(later) <= i:
                    later.append([])
                later[i].append(part)

    def _note_parts(note: etree._Element) -> list[str]:
        """The footnote's text, split where the source page turns inside it."""
        start = len(out)
        walk_children(note)
        text = "".join(out[start:])
        del out[start:]
        return text.split(PAGE_TURN)

    def walk_children(el: etree._Element) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            return
        name = local(el)
        if name in SKIP or (name == "note" and el.get("type") == "editorial"):
            return
        if name == "pb" or name == "fw" and page_foot.get(id(el)) is el:
            flush_feet()  # footnotes are printed above the page's foot furniture (folio, stamp)
        # asked only now: elements inside the footnotes just printed come first, in the raw order
        marked = mark is not None and mark(el)
        if marked and name != "pb":
            out.append(next_mark())
        if name == "note" and el.get("place") == "foot":
            out.append(el.get("n", ""))
            feet.append(el)
            return
        if name == "milestone" and el.get("unit") == "page":
            out.append(PAGE_TURN)
            return
        if name == "pb":
            out.append("\n" + next_mark() if marked else "\n")
            return
        if name in {"lb", "fw"}:
            out.append("\n")
        walk_children(el)
        if name in {"p", "head", "fw", "item", "bibl", "dateline", "byline", "signed", "note",
                    "quote", "trailer", "label"} and (name not in INLINE_TOO or not _in_block(el)):
            out.append("\n")

    walk(text_el)
    flush_feet()
    return "".join(out)


def _page_foot_furniture(text_el: etree._Element) -> dict[int, etree._Element]:
    """The first ``fw`` of each run of furniture that ends a page (nothing but furniture between
    it and the next ``pb``), by id: a page's footnotes stand above it."""
    first: dict[int, etree._Element] = {}
    run: list[etree._Element] = []
    for el in text_el.iter():
        if not isinstance(el.tag, str):
            continue
        name = local(el)
        if name == "pb":
            if run:
                first[id(run[0])] = run[0]
            run = []
        elif name == "fw":
            run.append(el)
        elif (el.text or "").strip() or name not in {"lb", "milestone", "anchor", "div", "body",
                                                     "front", "back"}:
            run = []
        if (el.tail or "").strip():
            run = []
    if run:  # the last page's foot: furniture that ends the text
        first[id(run[0])] = run[0]
    return first


def source_lines(root: etree._Element, raw: str,
                 mark: Callable[[etree._Element], bool]) -> list[tuple[etree._Element, int]]:
    """The raw line (1-based) where each element accepted by ``mark`` begins, in document order.

    Exact, not a search: the recovered text equals the raw text but for whitespace (the
    fidelity guarantee), so the n-th non-space character of one is the n-th of the other.
    Raises ValueError where the TEI has lost or changed source text.
    """
    elements: list[etree._Element] = []

    def remember(el: etree._Element) -> bool:
        if mark(el):
            elements.append(el)
            return True
        return False

    recovered = recover_text(root, remember)
    at: dict[int, int] = {}  # mark number → non-space characters before it
    chars: list[str] = []
    last = 0
    for m in MARK_RE.finditer(recovered):
        chars.extend(c for c in recovered[last:m.start()] if not c.isspace())
        at[int(m.group(1))] = len(chars)
        last = m.end()
    chars.extend(c for c in recovered[last:] if not c.isspace())
    line_of: list[int] = []
    raw_chars: list[str] = []
    for number, text in enumerate(raw.split("\n"), 1):
        for c in text:
            if not c.isspace():
                raw_chars.append(c)
                line_of.append(number)
    if chars != raw_chars:
        first = next((i for i, (a, b) in enumerate(zip(chars, raw_chars, strict=False)) if a != b),
                     min(len(chars), len(raw_chars)))
        where = line_of[min(first, len(line_of) - 1)] if line_of else 0
        raise ValueError(f"the TEI's text differs from the raw text from raw line {where}")
    end = line_of[-1] if line_of else 1
    return [(el, line_of[at[i]] if at[i] < len(line_of) else end) for i, el in enumerate(elements)]


def tokens(text: str) -> list[str]:
    """Word tokens: what the fidelity check compares (whitespace is layout, not text).

    A footnote mark (``*``, ``**``) is a token of its own: the OCR sometimes glues the foot
    text to the page's last word ("bourgeois* My italics"), which TEI keeps at the call.
    """
    return re.sub(r"\*+", lambda m: f" {m.group(0)} ", text).split()
