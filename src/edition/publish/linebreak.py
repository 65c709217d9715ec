"""Total-fit line breaking of the print edition's justified paragraphs, before WeasyPrint renders.

WeasyPrint (70) breaks lines first-fit: each line takes as many words as fit, whatever that does
to the lines after it (Kozea/WeasyPrint#2264), so word gaps are uneven (a 9 pt hole beside a
3 pt line). Here each justified paragraph is broken as a whole, by the total-fit algorithm of
D. E. Knuth and M. F. Plass, "Breaking paragraphs into lines", Software: Practice and Experience
11 (1981), 1119–1184: the breaks that minimise the sum over the paragraph's lines of
(line penalty + badness)² + penalty², where a line's badness grows with the cube of the
space it adds to each word gap, and a hyphen costs a penalty (two hyphens in a row cost more,
three are not allowed).

Widths are measured with WeasyPrint's own text layer (Pango, through ``weasyprint.text``) and the
styles WeasyPrint computes from print.css for the same HTML, so a word measures here what it
measures in the layout. Hyphenation points come from pyphen with the block's language and its
``hyphenate-limit-chars``, as WeasyPrint's own hyphenation.

WeasyPrint then reproduces the chosen lines: each line's content is wrapped in a
``span.set-line`` (``white-space: nowrap``, print.css), so the only break opportunities left are
the chosen ones, between two such spans (a zero-width break opportunity, then the word space if
there is one: see BREAK_AFTER); WeasyPrint still justifies the spaces
inside them (justification is the line's, the block's ``text-align``). At a chosen hyphen the
block's ``hyphenate-character`` ends the line as text, as WeasyPrint prints its own hyphens.
Inline elements that a line break cuts are split in two (the id stays on the first part, as
WeasyPrint keeps one for a box split over lines); floats (footnotes, margin numbers), hidden
readings and note calls are never cut and stay with the word they touch.

The render is repeated with local exceptions (publish/breaks.py); LineSetter parses the HTML
once, sets each block once and sets a block again only when the exceptions change its styles.

Only blocks whose lines are all the same width once the first line's indent is taken off are
set here (justified, wrapping, in flow, of inline content, with margins in absolute lengths);
anything else (a float's text, a table cell, a block with a forced break) is left to WeasyPrint.
"""

from __future__ import annotations

import copy
import logging
import re
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

LINE_CLASS = "set-line"  # print.css: white-space: nowrap
LINE_END_CLASS = "line-end"  # print.css: an empty box ending a line hangs in the margin

# ---- the cost of a line (Knuth & Plass's demerits, TeX's defaults where they apply) ---------------
# WeasyPrint only ever widens word spaces to justify (it never narrows them), so a line's one
# measure of looseness is the space it adds to each gap, in points.
STRETCH_PT = 0.7  # added space per gap (pt) at which a line's badness is 100 (TeX: "loose")
# WeasyPrint justifies by widening spaces only; a chosen line is set with its spaces narrowed by
# this much (print.css: .set-line { word-spacing }), so that justification can also make a
# gap narrower than a space, as TeX's interword shrink does (a third of the space there; the
# font's space is 0.21 em).
WORD_SHRINK_EM = 0.06
TOLERANCE = 10_000  # TeX's \tolerance at its most: lines up to this badness are tried first
LINE_PENALTY = 10  # TeX's \linepenalty: fewer lines, all else equal
HYPHEN_PENALTY = 2000  # TeX: 50; measured on the Works volume: 1600 → 8.5 %, the target is 8 %
DASH_PENALTY = 50  # a line ending after a dash inside a word ("nationalities—that")
BOX_END_PENALTY = 2000  # a line ending in a page-break bar (its rule hangs at the margin): as a hyphen
DOUBLE_HYPHEN_DEMERITS = 10_000  # TeX's \doublehyphendemerits
FINAL_HYPHEN_DEMERITS = 5_000  # TeX's \finalhyphendemerits: the penultimate line hyphenated
MAX_HYPHEN_RUN = 2  # three hyphenated line ends in a row are not allowed
SAFETY_PX = 0.5  # a line is set this much under the measure: rounding in WeasyPrint's layout
PT_PER_PX = 0.75

SPACE = " "
# Between two chosen lines, before the word space: a break opportunity of no width. WeasyPrint
# (70) measures the room a line needs beside a float (a margin number) from the line's start to
# its first break opportunity, across inline boxes and the space after them: without it, a
# nowrap line and the space (or, after a hyphen, the whole next line) measure wider than the
# page, and the line is pushed below the float, leaving a gap in the page (a false widow).
BREAK_AFTER = "\u200b"
HIDDEN = object()  # display: none


# ---- the paragraph as a sequence of tokens --------------------------------------------------------

@dataclass
class Token:
    """A piece of a block's inline content: text in its style, or an element kept whole (a float,
    a hidden reading, an empty marker). ``path`` is the chain of inline elements (below the
    block) that hold it."""
    path: tuple[Any, ...]
    text: str = ""
    atom: Any = None  # an element copied whole
    width: float = 0.0  # an atom's width in the line (px)
    style: Any = None


@dataclass
class Word:
    """A run of tokens between two word spaces (a note call, a float stay with their word)."""
    pieces: list[tuple[int, int, int]] = field(default_factory=list)  # (token, start, end)
    width: float = 0.0  # px
    text: str = ""
    space_at: tuple[int, int] | None = None  # the word space after it: (token, offset)
    ends_line: bool = True  # whether a line may end at that space (see _mark_line_ends)
    ends_in_box: bool = False  # whether it ends in an empty inline box (a page-break bar)
    space: float = 0.0  # its width (px)
    hyphens: list[tuple[int, float, float, str, bool]] = field(default_factory=list)
    # the breaks inside it: (offset in ``text``, width of the part before (with the hyphen it
    # takes), width of the part after, the text added at the break, whether the line then ends
    # in a hyphen)


class Unsupported(Exception):
    """The block holds something this module does not set: WeasyPrint sets it."""


def _inline_tokens(block: Any, style_for: Any) -> list[Token]:
    tokens: list[Token] = []

    def add_text(text: str | None, path: tuple[Any, ...], style: Any) -> None:
        if text:
            tokens.append(Token(path, text=text, style=style))

    def walk(element: Any, path: tuple[Any, ...]) -> None:
        style = style_for(element)
        add_text(element.text, path, style)
        for child in element:
            if not isinstance(child.tag, str):  # a comment
                add_text(child.tail, path, style)
                continue
            kind = _inline_kind(child, style_for)
            if kind == "inline":
                walk(child, (*path, child))
            else:
                tokens.append(Token(path, atom=child, width=kind if isinstance(kind, float) else 0.0))
            add_text(child.tail, path, style)

    walk(block, ())
    return tokens


def _inline_kind(element: Any, style_for: Any) -> str | float:
    """"inline" for an inline element to walk into; a width (px) for one kept whole; raises
    Unsupported for what would change the lines' measure (a block, a forced break)."""
    style = style_for(element)
    if style is None:
        raise Unsupported(element.tag)
    display = style["display"]
    if "none" in display:
        return 0.0
    if style["float"] == "footnote":
        call = style_for(element, "footnote-call")
        mark = element.get("data-n") or "*"
        return _text_width(mark, call) if call is not None else 0.0
    if style["float"] != "none" or style["position"] in ("absolute", "fixed"):
        return 0.0  # out of the line: a margin number
    if element.tag == "br" or display != ("inline", "flow"):
        raise Unsupported(element.tag)
    generated = _generated(element, style_for)
    if generated:
        # Kept whole and measured with its ::before and ::after text (a call's "[no note]"): cut
        # in two, each part would print them.
        if len(element):
            raise Unsupported(f"{element.tag} with generated content around elements")
        return _text_width(element.text or "", style) + sum(_text_width(t, s) for t, s in generated)
    if len(element) == 0 and not (element.text or "").strip():
        # an empty inline box: its horizontal margins, borders and padding (a page-break bar)
        return sum(_px(style[f"{edge}_{side}"]) for side in ("left", "right")
                   for edge in ("margin", "padding")) + sum(
            style[f"border_{side}_width"] for side in ("left", "right"))
    return "inline"


def _generated(element: Any, style_for: Any) -> list[tuple[str, Any]]:
    """The text of the element's ::before and ::after, each with its style; raises Unsupported
    for generated content other than strings (a counter: its text is not known here)."""
    parts = []
    for pseudo in ("before", "after"):
        style = style_for(element, pseudo)
        if style is None or style["content"] in ("normal", "none"):
            continue
        if any(item[0] != "string" for item in style["content"]):
            raise Unsupported(f"::{pseudo} content")
        parts.append(("".join(item[1] for item in style["content"]), style))
    return parts


def _px(value: Any) -> float:
    if getattr(value, "unit", "px") != "px":
        raise Unsupported(f"length in {value.unit}")
    return float(getattr(value, "value", value))


# ---- measuring ------------------------------------------------------------------------------------

_widths: dict[tuple[Any, str], float] = {}
_layouts: dict[Any, Any] = {}  # style key → (Pango layout, the style it was made with)


def _text_width(text: str, style: Any) -> float:
    """The advance width of ``text`` set on one line in ``style`` (px), as WeasyPrint's layout
    measures it (weasyprint.text.line_break: one Pango layout per style)."""
    style_key = _style_key(style)
    width = _widths.get((style_key, text))
    if width is None:
        from weasyprint.text.line_break import Layout, line_size

        if style_key not in _layouts:
            _layouts[style_key] = (Layout(style), style)
        layout, kept = _layouts[style_key]
        layout.set_text(text)
        width = _widths[style_key, text] = line_size(layout.get_first_line()[0], kept)[0]
    return width


_keys: dict[int, Any] = {}  # id(style) → its key, for one document (its styles stay alive)


def _style_key(style: Any) -> Any:
    """Styles that set text alike share their measurements (one Pango layout)."""
    key = _keys.get(id(style))
    if key is None:
        key = _keys[id(style)] = _text_setting(style)
    return key


def _text_setting(style: Any) -> tuple[str, ...]:
    return tuple(str(style[k]) for k in (
        "font_family", "font_size", "font_style", "font_weight", "font_stretch",
        "font_variant_caps", "font_variant_numeric", "font_variant_ligatures",
        "font_feature_settings", "font_kerning", "letter_spacing", "word_spacing", "lang"))


# ---- words and hyphenation points ---------------------------------------------------------------

def _collapse(tokens: list[Token]) -> None:
    """White space collapsed as ``white-space: normal`` does (a run of spaces, tabs and newlines
    to one space; none at the block's start), before words are cut."""
    previous_space = True
    for token in tokens:
        if token.atom is not None:
            continue
        out = []
        for ch in token.text:
            if ch in " \n\t\r":
                if not previous_space:
                    out.append(SPACE)
                previous_space = True
            else:
                out.append(ch)
                previous_space = False
        token.text = "".join(out)


def _words(tokens: list[Token]) -> list[Word]:
    """The block's words, cut at its word spaces, with their widths."""
    words: list[Word] = []
    current = Word()
    for t, token in enumerate(tokens):
        if token.atom is not None:
            current.pieces.append((t, 0, 0))
            current.width += token.width
            continue
        start = 0
        while True:
            cut = token.text.find(SPACE, start)
            end = len(token.text) if cut < 0 else cut
            if end > start:
                piece = token.text[start:end]
                current.pieces.append((t, start, end))
                current.width += _text_width(piece, token.style)
                current.text += piece
            if cut < 0:
                break
            current.space_at = (t, cut)
            current.space = _text_width(SPACE, token.style)
            words.append(current)
            current = Word()
            start = cut + 1
    if current.pieces:
        words.append(current)
    return words


def _mark_line_ends(words: list[Word], tokens: list[Token]) -> None:
    """Mark the word spaces a line may not end at: WeasyPrint breaks between two chosen lines
    where the line breaking rules of Unicode (UAX 14, Pango's) allow a break after a space
    before the next line's first character, not before ". . ." or a closing bracket, "!", "?",
    ";" or "/", even after a space (a line ending there would be printed joined to the next,
    running off the page). And the words that end in an empty inline box: a line ending there
    stops short of the right edge by the box's width (a page-break bar at the margin)."""
    for word, after in zip(words, words[1:], strict=False):
        style = next((tokens[t].style for t, start, end in after.pieces if end > start), None)
        if style is not None:
            word.ends_line = _breaks_before(after.text[0], style["lang"])
    for word in words:
        last = next((tokens[t] for t, start, end in reversed(word.pieces)
                     if end > start or tokens[t].width), None)
        word.ends_in_box = (last is not None and last.atom is not None
                            and not "".join(last.atom.itertext()).strip())  # not a note's call


_breakable: dict[tuple[str, str | None], bool] = {}


def _breaks_before(char: str, lang: str | None) -> bool:
    """Whether a line may break after a space followed by ``char`` (as WeasyPrint asks Pango)."""
    key = (char, lang)
    if key not in _breakable:
        from weasyprint.text.line_break import can_break_text

        _breakable[key] = can_break_text(SPACE + char, lang)
    return _breakable[key]


HARD_HYPHENS = "-\u2010"  # a compound's hyphen: the line may end after it, as in WeasyPrint
DASHES = "\u2013\u2014"  # a dash between words without spaces (UAX 14: a break after it)


def _add_breaks(word: Word, tokens: list[Token], lang: str | None,
                limits: tuple[int, int, int]) -> None:
    """The places the word may be broken: after a hard hyphen or a dash between two letters,
    and (when ``lang`` is given: hyphenation is on) at its hyphenation points."""
    text = word.text
    inner = [(k + 1, text[k] in HARD_HYPHENS) for k in range(1, len(text) - 1)
             if text[k] in HARD_HYPHENS + DASHES and text[k - 1].isalpha() and text[k + 1].isalpha()]
    points = [(k, "", flagged) for k, flagged in inner]
    if lang is not None:
        points += [(k, "", True) for k in _hyphen_points(text, lang, limits)]
    for offset, _, flagged in sorted(points):
        _add_break(word, tokens, offset, flagged, automatic=offset not in dict(inner))


def _add_break(word: Word, tokens: list[Token], offset: int, flagged: bool, automatic: bool) -> None:
    """One break inside the word, with the widths of its two parts."""
    head = tail = 0.0
    hyphen_style = None
    seen = 0  # characters of the word's text before the piece
    for t, start, end in word.pieces:
        token = tokens[t]
        if token.atom is not None:
            if seen < offset:
                head += token.width
            else:
                tail += token.width
            continue
        split = min(max(offset - seen, 0), end - start)
        if split:
            head += _text_width(token.text[start:start + split], token.style)
            hyphen_style = token.style
        if split < end - start:
            tail += _text_width(token.text[start + split:end], token.style)
        seen += end - start
    if hyphen_style is None:
        return
    added = ""
    if automatic:
        if hyphen_style["hyphens"] != "auto":
            return
        added = hyphen_style["hyphenate_character"]
        head += _text_width(added, hyphen_style)
    word.hyphens.append((offset, head, tail, added, flagged))


_hyphenators: dict[tuple[str, int, int], Any] = {}


def _hyphen_points(word: str, lang: str, limits: tuple[int, int, int]) -> list[int]:
    """Offsets where pyphen (WeasyPrint's hyphenation) may break the word's letters, within
    ``hyphenate-limit-chars`` (total, before, after); none in a word with other characters
    than letters around punctuation."""
    key = (word, lang, limits)
    points = _points.get(key)
    if points is None:
        points = _points[key] = _pyphen_points(word, lang, limits)
    return points


_points: dict[tuple[str, str, tuple[int, int, int]], list[int]] = {}


_LETTERS = re.compile(r"[^\W\d_]+")


def _pyphen_points(word: str, lang: str, limits: tuple[int, int, int]) -> list[int]:
    """Pyphen's points in each run of letters of the word (a compound's parts, a name before
    its possessive), within ``hyphenate-limit-chars`` (total, before, after)."""
    import pyphen

    total, before, after = limits
    key = (lang, before, after)
    dictionary = _hyphenators.get(key)
    if dictionary is None:
        language = pyphen.language_fallback(lang) if lang else None
        if not language:
            return []
        dictionary = _hyphenators[key] = pyphen.Pyphen(lang=language, left=before, right=after)
    return [run.start() + p for run in _LETTERS.finditer(word) if len(run.group()) >= total
            for p in dictionary.positions(run.group())]


# ---- the line breaker ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Break:
    word: int  # the line ends in this word …
    hyphen: int = -1  # … at this hyphenation point (an index into the word's points), or after it


def best_breaks(words: list[Word], measure: float, first_measure: float,
                shrink: float = 0.0) -> list[Break] | None:
    """The line ends of least total demerits (Knuth & Plass), the last one the paragraph's end;
    None when a word does not fit the measure. As TeX does, lines looser than TOLERANCE are
    tried only when no set of lines does without one."""
    return (_best_breaks(words, measure, first_measure, shrink, TOLERANCE)
            or _best_breaks(words, measure, first_measure, shrink, float("inf")))


@dataclass
class _Candidates:
    """The places a line may end, in order: after word k (at its space) or inside it at a
    hyphenation point; for each, the natural width from the paragraph's start to the line's end
    (a hyphen included) and to the next line's start, and the word gaps before each."""
    breaks: list[Break] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # increasing
    gaps_to_end: list[int] = field(default_factory=list)
    gaps_to_start: list[int] = field(default_factory=list)

    def line(self, i: int, j: int) -> tuple[float, int]:
        """The natural width and word gaps of a line from candidate i (-1: the start) to j."""
        if i < 0:
            return self.ends[j], self.gaps_to_end[j]
        return self.ends[j] - self.starts[i], self.gaps_to_end[j] - self.gaps_to_start[i]


def _candidates(words: list[Word]) -> _Candidates:
    found = _Candidates()
    width = 0.0
    for k, word in enumerate(words):
        for h, (_, head, tail, _, _) in enumerate(word.hyphens):
            found.breaks.append(Break(k, h))
            found.ends.append(width + head)
            found.starts.append(width + word.width - tail)
            found.gaps_to_end.append(k)
            found.gaps_to_start.append(k)
        width += word.width + word.space
        if not word.ends_line and k + 1 < len(words):
            continue
        found.breaks.append(Break(k))
        found.ends.append(width - word.space)
        found.starts.append(width)
        found.gaps_to_end.append(k)
        found.gaps_to_start.append(k + 1)
    return found


def line_slack(words: list[Word], breaks: list[Break], measure: float,
               first_measure: float) -> list[tuple[float, int]]:
    """Per line of a paragraph broken at ``breaks``: the space justification adds (px) and its
    word gaps (the last line's slack is not spread)."""
    found = _candidates(words)
    index = {b: n for n, b in enumerate(found.breaks)}
    lines = []
    previous = -1
    for line_end in breaks:
        j = index[line_end]
        natural, gaps = found.line(previous, j)
        lines.append(((first_measure if previous < 0 else measure) - natural, gaps))
        previous = j
    return lines


def _best_breaks(words: list[Word], measure: float, first_measure: float, shrink: float,
                 tolerance: float) -> list[Break] | None:
    if any(w.width > measure for w in words):
        return None
    found = _candidates(words)
    count = len(found.breaks)
    # Node 0 is the paragraph's start, node k + 1 a line ending at candidate k; per hyphen run
    # (the hyphenated line ends just before), the least demerits of lines up to the node and the
    # node and run of the line before.
    starts = [0.0, *found.starts]
    gaps_to_start = [0, *found.gaps_to_start]
    runs = range(MAX_HYPHEN_RUN + 1)
    least = [[_INF] * (count + 1) for _ in runs]
    before: list[list[tuple[int, int] | None]] = [[None] * (count + 1) for _ in runs]
    least[0][0] = 0.0
    for j, line_end in enumerate(found.breaks):
        node, end, gaps_to_end = j + 1, found.ends[j], found.gaps_to_end[j]
        last = node == count
        inside = line_end.hyphen >= 0  # a break inside a word
        hyphen = inside and words[line_end.word].hyphens[line_end.hyphen][4]
        penalty = ((HYPHEN_PENALTY if hyphen else DASH_PENALTY) ** 2 if inside
                   else BOX_END_PENALTY ** 2 if words[line_end.word].ends_in_box and not last else 0)
        # lines that may fit start here on (a line shrinks by less than a tenth)
        i = bisect_left(found.starts, end - measure * 1.1) - 1
        while i + 1 < node:
            i += 1
            natural, gaps = end - starts[i], gaps_to_end - gaps_to_start[i]
            line_measure = first_measure if i == 0 else measure
            if natural - gaps * shrink > line_measure:
                continue
            badness = 0.0 if last and natural <= line_measure else _badness(
                line_measure - natural, gaps, shrink)
            if badness > tolerance:
                if gaps == 0:
                    break
                # A later start makes a line with more space in fewer gaps, looser still, down
                # to the lines of one word (no gap: a badness of their own); on from those.
                i = bisect_left(gaps_to_start, gaps_to_end, i + 1) - 1
                continue
            demerits = (LINE_PENALTY + badness) ** 2 + penalty
            for run in runs:
                total = least[run][i]
                new_run = run + 1 if hyphen else 0
                if total == _INF or new_run > MAX_HYPHEN_RUN:
                    continue
                total += demerits
                if run and hyphen:
                    total += DOUBLE_HYPHEN_DEMERITS
                if run and last:
                    total += FINAL_HYPHEN_DEMERITS
                if total < least[new_run][node]:
                    least[new_run][node] = total
                    before[new_run][node] = (i, run)
    total, run = min((least[r][count], r) for r in runs)
    if total == _INF:
        return None
    chosen = []
    key: tuple[int, int] | None = (count, run)
    while key is not None and key[0] > 0:
        chosen.append(found.breaks[key[0] - 1])
        key = before[key[1]][key[0]]
    return chosen[::-1]


_INF = float("inf")


def _badness(slack: float, gaps: int, shrink: float) -> float:
    """TeX's badness: 100 × (space added per gap / STRETCH_PT)³, or taken from a gap / its
    shrink. A line without a gap that does not fill the measure is as bad as a line whose one
    gap takes all the slack: not capped at 10,000 as in TeX, where "The" alone on a line is
    no worse than a line of wide gaps."""
    if gaps == 0:
        if abs(slack) * PT_PER_PX < 0.5:
            return 0.0
        gaps = 1
    per_gap = slack / gaps
    ratio = per_gap * PT_PER_PX / STRETCH_PT if per_gap >= 0 else -per_gap / shrink
    return 100.0 * ratio ** 3


# ---- the chosen lines in the HTML ----------------------------------------------------------------

Cut = tuple[int, int, int, str]  # (token, offset, characters dropped, text ending the line)


def _cuts(words: list[Word], breaks: list[Break], tokens: list[Token]) -> list[Cut]:
    """Where the token stream is cut into lines: at a word space (dropped: the space stands
    between the lines' spans) or at a hyphenation point (the hyphen ends the line)."""
    cuts = []
    for line_end in breaks[:-1]:
        word = words[line_end.word]
        if line_end.hyphen < 0:
            assert word.space_at is not None
            cuts.append((*word.space_at, 1, ""))
            continue
        offset, _, _, added, _ = word.hyphens[line_end.hyphen]
        seen = 0
        for t, start, end in word.pieces:
            if tokens[t].atom is None and seen + (end - start) >= offset > seen:
                cuts.append((t, start + offset - seen, 0, added))
                break
            seen += end - start if tokens[t].atom is None else 0
    return cuts


def _lines(tokens: list[Token], cuts: list[Cut]) -> list[tuple[list[tuple[Token, str]], bool]]:
    """The tokens of each line (a text token cut into its parts), and whether a word space
    follows the line."""
    lines: list[tuple[list[tuple[Token, str]], bool]] = [([], False)]
    pending = sorted(cuts)
    for t, token in enumerate(tokens):
        start = 0
        while pending and pending[0][0] == t:
            _, offset, dropped, ending = pending.pop(0)
            if offset > start or ending:
                lines[-1][0].append((token, token.text[start:offset] + ending))
            lines[-1] = (lines[-1][0], dropped > 0)
            lines.append(([], False))
            start = offset + dropped
        if token.atom is not None or start < len(token.text):
            lines[-1][0].append((token, token.text[start:]))
    return lines


def _rebuild(block: Any, tokens: list[Token], cuts: list[Cut]) -> None:
    """The block's content again (``tokens`` are the source block's), each line in a
    span.set-line, a break opportunity between two lines (BREAK_AFTER, then the word space if
    there is one); the inline elements a cut passes through are split (their first part keeps the
    id); elements kept whole are copies of the source's."""
    tail = block.tail
    attrib = dict(block.attrib)
    block.clear()
    block.attrib.update(attrib)
    block.tail = tail
    started: set[int] = set()  # inline elements whose first part is made
    lines = _lines(tokens, cuts)
    for number, (parts, space_after) in enumerate(lines, start=1):
        line = ET.SubElement(block, "span", {"class": LINE_CLASS})
        if number < len(lines):
            line.tail = BREAK_AFTER + (SPACE if space_after else "")
        open_: list[tuple[Any, Any]] = []  # (original, its part in this line)
        last_box = None  # the empty inline box the line ends in, if any
        for token, text in parts:
            common = 0
            while (common < len(open_) and common < len(token.path)
                   and open_[common][0] is token.path[common]):
                common += 1
            del open_[common:]
            for original in token.path[common:]:
                parent = open_[-1][1] if open_ else line
                attributes = dict(original.attrib)
                if id(original) in started:
                    attributes.pop("id", None)
                started.add(id(original))
                open_.append((original, ET.SubElement(parent, original.tag, attributes)))
            parent = open_[-1][1] if open_ else line
            if token.atom is not None:
                atom = copy.deepcopy(token.atom)
                atom.tail = None
                parent.append(atom)
                if token.width:  # not a float
                    last_box = atom if not "".join(atom.itertext()).strip() else None
            else:
                _append_text(parent, text)
                last_box = None if text else last_box
        if last_box is not None and number < len(lines):
            # an empty box ends the line (a page-break bar): print.css hangs it in the margin
            last_box.set("class", f"{last_box.get('class', '')} {LINE_END_CLASS}".strip())


def _append_text(parent: Any, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# ---- the document ------------------------------------------------------------------------------

class LineSetter:
    """The print HTML parsed once, with the lines of its justified blocks chosen (see the module's
    doc). ``document(user_css)`` is the WeasyPrint HTML to render with the rules a render adds
    (publish/breaks.py's exceptions): the blocks are set once, and set again only where those
    rules change what their lines are made of (a block left without hyphens is broken again
    without them); the rest keep their lines from the previous pass."""

    def __init__(self, html: str, base_url: str, url_fetcher: Any = None) -> None:
        from weasyprint import HTML

        # The source tree is read (styles, words), never changed; the output tree is a copy whose
        # blocks hold the chosen lines, handed to WeasyPrint without being serialised and parsed
        # again.
        self.source = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        self.output = copy.deepcopy(self.source.etree_element)
        self.twin = {id(a): b for a, b in zip(self.source.etree_element.iter(), self.output.iter(),
                                              strict=True)}
        self.measure = _page_width(self.source, base_url, url_fetcher)
        self.blocks: dict[int, Any] = {}  # id → source block, of the justified blocks
        self.signatures: dict[int, tuple[Any, ...]] = {}  # id(source block) → what its lines came from

    def document(self, user_css: str = "") -> Any:
        from weasyprint import CSS
        from weasyprint.css import get_all_computed_styles
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        user = [CSS(string=user_css, font_config=font_config)] if user_css.strip() else []
        style_for = get_all_computed_styles(self.source, user_stylesheets=user, font_config=font_config)
        _keys.clear()  # styles of the previous pass are gone: their ids may be reused
        counts = {"set": 0, "kept": 0, "left": 0}
        blocks = dict(_justified_blocks(self.source.etree_element, style_for))
        for block in [b for b in self.blocks.values() if b not in blocks]:  # justified no more
            _restore(self.twin[id(block)], block)
            del self.signatures[id(block)]
        self.blocks = {id(block): block for block in blocks}
        for block, inset in blocks.items():
            signature = _signature(block, style_for, inset)
            if self.signatures.get(id(block)) == signature:
                counts["kept"] += 1
                continue
            self.signatures[id(block)] = signature
            target = self.twin[id(block)]
            try:
                done = _set_block(block, target, style_for, self.measure - inset)
            except Unsupported:
                done = False
            if not done:
                _restore(target, block)
            counts["set" if done else "left"] += 1
        log.debug("line breaking: %(set)d blocks set, %(kept)d kept, %(left)d left to WeasyPrint", counts)
        return _html_over(self.source, self.output)


def _html_over(like: Any, root: Any) -> Any:
    """A WeasyPrint HTML document of the tree ``root``, with the base URL and fetcher of ``like``.
    WeasyPrint's HTML holds no more than these and the tree's selector wrapper (made here anew,
    as the tree has changed since ``like``'s was made); its version is pinned (pyproject.toml)."""
    import cssselect2

    html = copy.copy(like)
    html.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    html.etree_element = root
    return html


def _signature(block: Any, style_for: Any, inset: float) -> tuple[Any, ...]:
    """What a block's lines are made of besides its text: its measure and the setting of its
    elements (fonts, hyphenation, display); equal signatures, equal lines."""
    return (inset, *(_element_setting(style_for(element)) for element in block.iter()
                     if isinstance(element.tag, str)))


def _element_setting(style: Any) -> tuple[Any, ...]:
    if style is None:
        return ()
    return (_style_key(style), style["hyphens"], style["hyphenate_character"],
            str(style["hyphenate_limit_chars"]), style["display"], style["float"], style["position"],
            str(style["text_indent"]), style["white_space"], style["text_align_all"])


def _restore(target: Any, source: Any) -> None:
    """The output block as the source has it (a block set in an earlier pass, now left to
    WeasyPrint)."""
    tail = target.tail
    target.clear()
    target.attrib.update(source.attrib)
    target.text = source.text
    target.extend(copy.deepcopy(child) for child in source)
    target.tail = tail


def _set_block(block: Any, target: Any, style_for: Any, measure: float) -> bool:
    """The lines of the source ``block`` chosen and written into ``target`` (its copy in the
    output tree); False when the block is not one to set here."""
    style = style_for(block)
    tokens = _inline_tokens(block, style_for)
    _collapse(tokens)
    words = _words(tokens)
    _mark_line_ends(words, tokens)
    if len(words) < 2:
        return False
    lang = (style["lang"] or "") if style["hyphens"] == "auto" else None
    limits = _limits(style["hyphenate_limit_chars"])
    for word in words:
        _add_breaks(word, tokens, lang, limits)
    indent = _px(style["text_indent"])
    breaks = best_breaks(words, measure - SAFETY_PX, measure - SAFETY_PX - indent,
                         shrink=WORD_SHRINK_EM * style["font_size"])
    if breaks is None:
        return False
    _rebuild(target, tokens, _cuts(words, breaks, tokens))
    return True


def _limits(value: Any) -> tuple[int, int, int]:
    """``hyphenate-limit-chars`` (total, before, after), ``auto`` as WeasyPrint reads it."""
    total, before, after = (v if isinstance(v, int) else d for v, d in zip(value, (5, 2, 2), strict=True))
    return total, before, after


def _justified_blocks(root: Any, style_for: Any) -> Iterator[tuple[Any, float]]:
    """Blocks of justified, wrapping text in the normal flow, with the horizontal space their
    ancestors' margins, borders and padding take from the page's width (px)."""

    def walk(element: Any, inset: float) -> Iterator[tuple[Any, float]]:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            style = style_for(child)
            if style is None or not _is_flow_block(style):
                continue
            try:
                child_inset = inset + _horizontal(style)
            except Unsupported:
                continue
            if (style["text_align_all"] == "justify" and style["white_space"] == "normal"
                    and all(_is_inline_level(style_for(c)) for c in child if isinstance(c.tag, str))):
                yield child, child_inset
            else:
                yield from walk(child, child_inset)

    yield from walk(root, 0.0)


def _is_inline_level(style: Any) -> bool:
    return style is None or style["display"][0] == "inline" or "none" in style["display"] or (
        style["float"] != "none")


def _is_flow_block(style: Any) -> bool:
    return (style["display"] in (("block", "flow"), ("block", "flow-root"))
            and style["float"] == "none" and style["position"] in ("static", "relative")
            and style["column_count"] == "auto" and style["column_width"] == "auto")


def _horizontal(style: Any) -> float:
    return sum(_px(style[f"{edge}_{side}"]) for side in ("left", "right")
               for edge in ("margin", "padding")) + sum(
        style[f"border_{side}_width"] for side in ("left", "right"))


def _page_width(document: Any, base_url: str, url_fetcher: Any) -> float:
    """The width of the page area (px), from a render of the document's head alone."""
    from weasyprint import HTML

    head = document.etree_element.find("head")
    probe = HTML(string="<!DOCTYPE html><html>" + (ET.tostring(head, encoding="unicode", method="html")
                                                     if head is not None else "") + "<body></body></html>",
                 base_url=base_url, url_fetcher=url_fetcher).render()
    return float(probe.pages[0]._page_box.width)
